/* SPDX-License-Identifier: MIT */
/* fabric.c - the APIC bus: routing, postings' evidence, object ownership. */
#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "apic_internal.h"
#include "models/trace-events.h"

/* ---- events and helpers ------------------------------------------------ */

void apic__sched(struct apic_fabric *f, enum cost_id cost, unsigned prio,
                 sim_cb_t cb, void *arg, sim_event_t *ev)
{
    int rc;

    assert(*ev == 0);   /* one pending event per slot */
    rc = sim_schedule_in(f->sim, cost_ps(f->cm, cost), prio, cb, arg, ev);
    assert(rc == 0);
    (void)rc;
}

void apic__sched_now(struct apic_fabric *f, unsigned prio, sim_cb_t cb,
                     void *arg, sim_event_t *ev)
{
    int rc;

    assert(*ev == 0);
    rc = sim_schedule_in(f->sim, 0, prio, cb, arg, ev);
    assert(rc == 0);
    (void)rc;
}

void apic__cancel(struct apic_fabric *f, sim_event_t *ev)
{
    if (*ev)
        (void)sim_cancel(f->sim, *ev);
    *ev = 0;
}

uint32_t apic__ndst(const struct apic_fabric *f, uint32_t apic_id)
{
    if (f->cfg.xapic)
        return (apic_id << PID_NDST_XAPIC_SHIFT) & PID_NDST_XAPIC_MASK;
    return apic_id;
}

int apic__tags_push(struct tag_list *l, const struct irq_tag *t)
{
    if (!t || t->seq == 0)
        return 0;
    if (l->n == l->cap) {
        uint32_t cap = l->cap ? l->cap * 2 : 4;
        struct irq_tag *v = realloc(l->v, cap * sizeof(*v));

        if (!v)
            return -ENOMEM;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = *t;
    return 0;
}

int apic__tags_move(struct tag_list *dst, struct tag_list *src)
{
    if (src->n == 0)
        return 0;
    if (dst->n == 0) {
        struct tag_list t = *dst;

        *dst = *src;
        *src = t;       /* keep dst's old buffer for reuse */
        return 0;
    }
    for (uint32_t i = 0; i < src->n; i++) {
        int rc = apic__tags_push(dst, &src->v[i]);

        if (rc) {
            dst->n -= i;    /* all or nothing */
            return rc;
        }
    }
    src->n = 0;
    return 0;
}

void apic__tags_free(struct tag_list *l)
{
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}

/* Append @x to the array of pointers @arr of length @n (typed, no casts). */
#define PTR_PUSH(arr, n, x, rc)                                              \
    do {                                                                     \
        __typeof__(arr) a_ = realloc((arr), ((n) + 1) * sizeof(*a_));        \
                                                                             \
        (rc) = 0;                                                            \
        if (!a_) {                                                           \
            (rc) = -ENOMEM;                                                  \
            break;                                                           \
        }                                                                    \
        a_[(n)++] = (x);                                                     \
        (arr) = a_;                                                          \
    } while (0)

/* ---- fabric ------------------------------------------------------------ */

void apic_fabric_config_default(struct apic_fabric_config *cfg)
{
    cfg->pi_nv = APIC_PI_NV_DEFAULT;
    cfg->pi_wakeup_nv = APIC_PI_WAKEUP_NV_DEFAULT;
    cfg->xapic = false;
    /* Linux kernel/sched/fair.c sysctl_sched_base_slice (EEVDF, 6.6+) */
    cfg->sched_slice_ps = SIM_US(750);
    cfg->sched_wakeup_preempt = true;
}

int apic_fabric_create(struct apic_fabric **out, struct sim *sim,
                       struct mem *mem, const struct cost_model *cm,
                       const struct apic_fabric_config *cfg)
{
    struct apic_fabric *f;
    struct apic_fabric_config def;

    if (!out || !sim || !mem || !cm)
        return -EINVAL;
    if (!cfg) {
        apic_fabric_config_default(&def);
        cfg = &def;
    }
    if (cfg->pi_nv < APIC_VEC_MIN_LEGAL ||
        cfg->pi_wakeup_nv < APIC_VEC_MIN_LEGAL ||
        cfg->pi_nv == cfg->pi_wakeup_nv)
        return -EINVAL;
    f = calloc(1, sizeof(*f));
    if (!f)
        return -ENOMEM;
    f->sim = sim;
    f->mem = mem;
    f->cm = cm;
    f->cfg = *cfg;
    *out = f;
    return 0;
}

void apic_fabric_destroy(struct apic_fabric *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->nvcpus; i++)
        apic__vcpu_free(f->vcpus[i]);
    for (size_t i = 0; i < f->npcpus; i++)
        apic__pcpu_free(f->pcpus[i]);
    for (size_t i = 0; i < f->nvms; i++)
        free(f->vms[i]);
    free(f->vcpus);
    free(f->pcpus);
    free(f->vms);
    free(f);
}

const struct apic_fabric_stats *apic_fabric_stats(const struct apic_fabric *f)
{
    return &f->st;
}

/* Does @p accept destination @dest in the message's destination mode?
 * Physical: SDM 3 s.11.6.2.1; logical flat (xAPIC) and cluster (x2APIC):
 * s.11.6.2.2 and s.11.12.10. */
static bool dest_match(const struct apic_fabric *f, const struct pcpu *p,
                       const struct apic_msg *m)
{
    uint32_t bcast = f->cfg.xapic ? APIC_BCAST_XAPIC : APIC_BCAST_X2APIC;
    uint32_t ldr = p->lapic.ldr;

    if (m->dest == bcast)
        return true;
    if (!m->dest_logical)
        return m->dest == p->apic_id;
    if (f->cfg.xapic)
        return (m->dest & ldr & 0xffu) != 0;
    return (m->dest >> X2APIC_LDR_CLUSTER_SHIFT) ==
               (ldr >> X2APIC_LDR_CLUSTER_SHIFT) &&
           (m->dest & ldr & 0xffffu) != 0;
}

static void fabric_deliver(void *ctx, const struct apic_msg *m)
{
    struct apic_fabric *f = ctx;
    unsigned hits = 0;

    f->st.msgs++;
    SIM_TRACE(f->sim, TP_APIC_MSG, m->dest, m->vector, m->dlm,
              m->dest_logical, m->tag.seq);
    if (m->dlm != APIC_DLM_FIXED && m->dlm != APIC_DLM_LOWPRI) {
        f->st.dropped_dlm++;
        SIM_TRACE(f->sim, TP_APIC_DROP, m->dest, m->vector, APIC_DROP_DLM,
                  m->tag.seq);
        return;
    }
    for (size_t i = 0; i < f->npcpus; i++) {
        if (!dest_match(f, f->pcpus[i], m))
            continue;
        apic__lapic_accept(f->pcpus[i], m->vector, &m->tag);
        hits++;
        /* lowest priority: one target; arbitration simplified to the
         * first match in creation order */
        if (m->dlm == APIC_DLM_LOWPRI)
            break;
    }
    if (hits == 0) {
        f->st.dropped_no_dest++;
        SIM_TRACE(f->sim, TP_APIC_DROP, m->dest, m->vector, APIC_DROP_NO_DEST,
                  m->tag.seq);
        return;
    }
    f->st.delivered++;
}

/* ---- postings ---------------------------------------------------------- */

/*
 * An apic_post from the IOMMU: the vCPU owning the PID keeps the tag with
 * PIR bit @p->vector until it moves the bit into its vIRR (posted-interrupt
 * processing or the sync at VM entry) and reports it at the guest handler
 * entry that consumes the vector [PI-EVID-01].  It sets no PIR bit (the
 * IOMMU did) and decides nothing.  A PID no vCPU owns is an orphan: the
 * interrupt can never be reported.
 */
static void fabric_post(void *ctx, const struct apic_post *p)
{
    struct apic_fabric *f = ctx;
    struct vcpu *v = vcpu_by_pid(f, p->pda);

    SIM_TRACE(f->sim, TP_PI_EVIDENCE, p->pda, p->vector, p->tag.seq, v != NULL);
    if (!v) {
        f->st.evidence_orphan++;
        return;
    }
    if (p->tag.seq == 0)
        return;
    if (apic__tags_push(&v->pir_tags[p->vector], &p->tag)) {
        v->st.evidence_lost++;
        return;
    }
    f->st.evidence_posted++;
}

struct apic_sink apic_fabric_sink(struct apic_fabric *f)
{
    struct apic_sink s = { .deliver = fabric_deliver, .post = fabric_post,
                           .ctx = f };

    return s;
}

/* ---- registration ------------------------------------------------------ */

int pcpu_create(struct apic_fabric *f, uint32_t apic_id, struct pcpu **out)
{
    struct pcpu *p;
    uint32_t bcast;
    int rc;

    if (!f || !out)
        return -EINVAL;
    bcast = f->cfg.xapic ? APIC_BCAST_XAPIC : APIC_BCAST_X2APIC;
    if (apic_id == bcast || (f->cfg.xapic && apic_id > 0xffu))
        return -EINVAL;
    if (pcpu_find(f, apic_id))
        return -EEXIST;
    p = calloc(1, sizeof(*p));
    if (!p)
        return -ENOMEM;
    p->f = f;
    p->apic_id = apic_id;
    p->lapic.ldr = f->cfg.xapic ? 0 : X2APIC_LDR(apic_id);
    PTR_PUSH(f->pcpus, f->npcpus, p, rc);
    if (rc) {
        free(p);
        return rc;
    }
    *out = p;
    return 0;
}

struct pcpu *pcpu_find(const struct apic_fabric *f, uint32_t apic_id)
{
    for (size_t i = 0; i < f->npcpus; i++)
        if (f->pcpus[i]->apic_id == apic_id)
            return f->pcpus[i];
    return NULL;
}

int apic_vm_create(struct apic_fabric *f, const struct apic_vm_config *cfg,
                   struct apic_vm **out)
{
    struct apic_vm *vm;
    int rc;

    if (!f || !cfg || !out)
        return -EINVAL;
    vm = calloc(1, sizeof(*vm));
    if (!vm)
        return -ENOMEM;
    vm->f = f;
    vm->id = (unsigned)f->nvms;
    vm->cfg = *cfg;
    PTR_PUSH(f->vms, f->nvms, vm, rc);
    if (rc) {
        free(vm);
        return rc;
    }
    *out = vm;
    return 0;
}

unsigned apic_vm_id(const struct apic_vm *vm)
{
    return vm->id;
}

int apic__fabric_add_vcpu(struct apic_fabric *f, struct vcpu *v)
{
    int rc;

    PTR_PUSH(f->vcpus, f->nvcpus, v, rc);
    return rc;
}

struct vcpu *vcpu_by_pid(const struct apic_fabric *f, uint64_t pid_addr)
{
    for (size_t i = 0; i < f->nvcpus; i++)
        if (f->vcpus[i]->pid_addr == pid_addr)
            return f->vcpus[i];
    return NULL;
}
