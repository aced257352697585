/* SPDX-License-Identifier: MIT */
/*
 * vmm_hostirq.c - the host IRQ domain: host IRTEs in the IOMMU's table (allocation,
 * posted or remapped encoding, the real pair), host vectors on pCPUs, the
 * index-selective IEC invalidation after every IRTE change (through the
 * invalidation queue, vmm_qi.c), and the host
 * handler that injects a remapped interrupt into its vCPU (vmm.h, "Host
 * interrupts").
 */
#include "models/vmm/vmm_internal.h"

#include <errno.h>
#include <stdlib.h>

#include "models/iommu/irte.h"
#include "models/iommu/msi.h"
#include "models/iommu/pid.h"
#include "models/trace-events.h"

bool vmm_ir_on(const struct vmm *vmm)
{
    return vmm->irt_ready && ir_enabled(vmm->p.ir);
}

static unsigned pcpu_index(const struct vmm *vmm, const struct pcpu *p)
{
    for (unsigned i = 0; i < vmm->p.npcpu; i++)
        if (vmm->p.pcpu[i] == p)
            return i;
    return 0;
}

/* ---- IEC invalidation ------------------------------------------------------ */

struct flush_op {
    struct vmm *vmm;
    seq_done_fn fn;
    void *arg;
};

static void flush_done(void *ctx, int status)
{
    struct flush_op *f = ctx;
    seq_done_fn fn = f->fn;
    void *arg = f->arg;

    seq_pool_free(&f->vmm->pool, f);
    if (fn)
        fn(arg, status);
}

struct late_flush {
    struct vmm *vmm;
    int index;
};

/* A delayed invalidation, at last (nobody waits for it). */
static void late_flush_run(void *arg)
{
    struct late_flush *l = arg;
    struct vmm *vmm = l->vmm;

    vmm->st.iec_flushes++;
    SIM_TRACE(vmm->p.sim, TP_VMM_IEC_FLUSH, (uint64_t)l->index, 0);
    (void)vmm_qi_submit_iec(vmm, false, (uint16_t)l->index, NULL, NULL);
    seq_pool_free(&vmm->pool, l);
}

/* The host goes on at once and invalidates vmm->iec_delay later. */
static void iec_flush_late(struct vmm *vmm, int index, seq_done_fn fn, void *arg)
{
    struct late_flush *l = seq_pool_alloc(&vmm->pool, sizeof(*l));

    if (l) {
        *l = (struct late_flush){ vmm, index };
        if (seq_pool_defer(&vmm->pool, vmm->iec_delay, late_flush_run, l))
            seq_pool_free(&vmm->pool, l);
    }
    if (fn)
        seq_call_later(&vmm->pool, 0, fn, arg, l ? 0 : -ENOMEM);
}

/* Index-selective IEC invalidation of @index (Linux qi_flush_iec after
 * modify_irte / free_irte; domain.md 4.5), then @fn. */
static void iec_flush(struct vmm *vmm, int index, seq_done_fn fn, void *arg)
{
    struct flush_op *f;

    if (index >= 0 && vmm->iec_delay && !vmm->cfg.skip_iec_flush &&
        vmm_ir_on(vmm)) {
        iec_flush_late(vmm, index, fn, arg);
        return;
    }
    if (index < 0 || vmm->cfg.skip_iec_flush || !vmm_ir_on(vmm)) {
        SIM_TRACE(vmm->p.sim, TP_VMM_IEC_FLUSH, (uint64_t)(index < 0 ? 0 : index), 1);
        if (fn)
            seq_call_later(&vmm->pool, 0, fn, arg, 0);
        return;
    }
    f = seq_pool_alloc(&vmm->pool, sizeof(*f));
    if (!f) {
        if (fn)
            fn(arg, -ENOMEM);
        return;
    }
    *f = (struct flush_op){ vmm, fn, arg };
    vmm->st.iec_flushes++;
    SIM_TRACE(vmm->p.sim, TP_VMM_IEC_FLUSH, (uint64_t)index, 0);
    if (vmm_qi_submit_iec(vmm, false, (uint16_t)index, flush_done, f)) {
        seq_pool_free(&vmm->pool, f);
        if (fn)
            fn(arg, -ENOMEM);
    }
}

/* ---- fault injection ---------------------------------------------------------- */

/* One raw bit change per field (VT-d 9.10 remapped, 9.11 posted IRTE). */
static void corrupt(struct irte *e, enum vmm_irte_field f, bool eime)
{
    bool posted = e->lo & IRTE_LO_IM;

    switch (f) {
    case VMM_IRTE_PRESENT:
        e->lo &= ~IRTE_LO_P;
        break;
    case VMM_IRTE_VECTOR:
        e->lo ^= UINT64_C(1) << IRTE_LO_VECTOR_SHIFT;
        break;
    case VMM_IRTE_DESTINATION:
        /* xAPIC mode: the APIC ID is DST[15:8] (VT-d 9.10) */
        e->lo ^= posted ? UINT64_C(1) << IRTE_LO_PDAL_SHIFT
                        : UINT64_C(1) << (IRTE_LO_DST_SHIFT + (eime ? 0 : 8));
        break;
    case VMM_IRTE_SID:
        e->hi ^= UINT64_C(1) << (IRTE_HI_SID_SHIFT + 8);
        break;
    case VMM_IRTE_SVT:
        e->hi &= ~IRTE_HI_SVT_MASK;
        break;
    default:
        e->lo ^= IRTE_LO_IM;
        break;
    }
}

int vmm_corrupt_irte(struct vdev *vd, enum vmm_irte_field field)
{
    struct vmm *vmm;
    int n = 0;

    if (!vd || (unsigned)field >= VMM_IRTE_FIELD__COUNT)
        return -EINVAL;
    vmm = vd->vmm;
    for (uint32_t i = 0; i < vmm->nhirq; i++) {
        struct hirq *h = vmm->hirq[i];
        struct irte e;

        if (!h || h->vd != vd || h->irte < 0 ||
            ir_table_read(&vmm->irt, (unsigned)h->irte, &e))
            continue;
        corrupt(&e, field, vmm->eime);
        if (ir_table_write(&vmm->irt, (unsigned)h->irte, &e))
            continue;
        iec_flush(vmm, h->irte, NULL, NULL);
        n++;
    }
    return n;
}

/* ---- host vectors ------------------------------------------------------------ */

static void host_irq(void *ctx, struct pcpu *p, uint8_t vector,
                     const struct irq_tag *tags, size_t n);

int vmm_hvec_alloc(struct vmm *vmm, unsigned cpu, struct hirq *h, uint8_t *out)
{
    struct hirq **row = &vmm->hvec[(size_t)cpu * 256];

    for (unsigned v = VMM_HOST_VEC_FIRST; v <= VMM_HOST_VEC_LAST; v++) {
        if (row[v])
            continue;
        if (pcpu_set_handler(vmm->p.pcpu[cpu], (uint8_t)v, host_irq, h,
                             PCPU_HANDLER_EOI | PCPU_HANDLER_DEFER))
            continue;
        row[v] = h;
        *out = (uint8_t)v;
        return 0;
    }
    return -ENOSPC;
}

static void hvec_free(struct vmm *vmm, unsigned cpu, uint8_t v)
{
    vmm->hvec[(size_t)cpu * 256 + v] = NULL;
    (void)pcpu_set_handler(vmm->p.pcpu[cpu], v, NULL, NULL, 0);
}

/* @h leaves its host vector: keep it registered until the next move, so an
 * interrupt already on its way still finds its handler. */
void vmm_hvec_retire(struct vmm *vmm, struct hirq *h)
{
    if (h->has_prev)
        hvec_free(vmm, h->prev_cpu, h->prev_vec);
    h->has_prev = h->has_hvec;
    h->prev_cpu = h->hcpu;
    h->prev_vec = h->hvec;
    h->has_hvec = false;
}

/*
 * KVM's non-posted path, step by step (domain.md 5.2; Linux
 * drivers/vfio/pci/vfio_pci_intrs.c, virt/kvm/eventfd.c, arch/x86/kvm/
 * lapic.c).  The host interrupt's entry and vfio_msihandler() are the
 * LAPIC's HOST_HANDLER; the handler then goes on in hard-IRQ context (the
 * pCPU takes nothing else, a vCPU whose exit brought it there waits):
 *   eventfd_signal(trigger) --EVENTFD_SIGNAL--> irqfd_wakeup() on the
 *   eventfd's wait queue, kvm_arch_set_irq_inatomic() on the route it
 *   reads then (kvm_set_msi_irq, kvm_irq_delivery_to_apic_fast)
 *   --IRQFD_INJECT--> kvm_apic_set_irq() into the target vCPU: with APICv
 *   vmx_deliver_posted_interrupt (vcpu_deliver_posted()), without it the
 *   IRR and a kick (vcpu_inject()); then the handler returns (EOI).
 * Every interrupt collapsed into the host vector is one eventfd count: one
 * signal, one wakeup, one injection that carries all their tags.
 */
struct irqfd_op {
    struct vmm *vmm;
    struct pcpu *p;
    uint32_t id;              /* the hirq's id: gone if freed meanwhile */
    size_t n;
    struct irq_tag tags[];
};

/* kvm_apic_set_irq() on the route's vCPU and vector, then the handler's end */
static void irqfd_set_irq(void *arg)
{
    struct irqfd_op *o = arg;
    struct vmm *vmm = o->vmm;
    struct hirq *h = vmm->hirq[o->id];
    struct pcpu *p = o->p;

    if (h && h->vm && !h->vm->host) {
        struct vcpu *v = h->vm->vcpu[h->tcpu];

        for (size_t i = 0; i < (o->n ? o->n : 1); i++) {
            const struct irq_tag *t = o->n ? &o->tags[i] : NULL;

            vmm->st.injections++;
            SIM_TRACE(vmm->p.sim, TP_VMM_INJECT, h->vm->index, h->tcpu, h->tvec,
                      t ? t->seq : 0);
            if (vmm->cfg.apicv)
                (void)vcpu_deliver_posted(v, h->tvec, t);
            else
                (void)vcpu_inject(v, h->tvec, t);
        }
    }
    /* else the irqfd went away meanwhile (KVM_IRQFD deassign): no route */
    seq_pool_free(&vmm->pool, o);
    (void)pcpu_handler_complete(p);
}

/* irqfd_wakeup(): the eventfd's wait queue called KVM's irqfd */
static void irqfd_wakeup(void *arg)
{
    struct irqfd_op *o = arg;
    struct vmm *vmm = o->vmm;

    vmm->st.irqfd_wakeups++;
    SIM_TRACE(vmm->p.sim, TP_VMM_IRQFD, o->id, o->n);
    if (seq_pool_defer(&vmm->pool, vmm_cost(vmm, COST_IRQFD_INJECT),
                       irqfd_set_irq, o))
        irqfd_set_irq(o);
}

/* Direct injection (the hypervisor's own path, not modelled step by step:
 * Hyper-V), one injection per interrupt collapsed in. */
static void inject_now(struct hirq *h, const struct irq_tag *tags, size_t n)
{
    struct vmm *vmm = h->vmm;
    struct vm *vm = h->vm;

    for (size_t i = 0; i < (n ? n : 1); i++) {
        const struct irq_tag *t = n ? &tags[i] : NULL;

        vmm->st.injections++;
        SIM_TRACE(vmm->p.sim, TP_VMM_INJECT, vm->index, h->tcpu, h->tvec,
                  t ? t->seq : 0);
        (void)vcpu_inject(vm->vcpu[h->tcpu], h->tvec, t);
    }
}

/*
 * A remapped host interrupt arrived: on bare it is the host's own handler
 * (the VM's deliver); for a KVM guest it is vfio_msihandler(), which
 * signals the eventfd (above); for another hypervisor, its injection.
 */
static void host_irq(void *ctx, struct pcpu *p, uint8_t vector,
                     const struct irq_tag *tags, size_t n)
{
    struct hirq *h = ctx;
    struct vmm *vmm = h->vmm;
    struct vm *vm = h->vm;
    struct irqfd_op *o;

    if (vm->host) {
        if (vm->deliver)
            vm->deliver(vm->ctx, pcpu_index(vmm, p), vector, tags, n);
        (void)pcpu_handler_complete(p);
        return;
    }
    vmm->st.host_irqs++;
    if (vmm->cfg.personality != VMM_KVM) {
        inject_now(h, tags, n);
        (void)pcpu_handler_complete(p);
        return;
    }
    /* vfio_msihandler() -> eventfd_signal() */
    vmm->st.eventfd_signals++;
    SIM_TRACE(vmm->p.sim, TP_VMM_EVENTFD, h->id, vm->index, n);
    o = seq_pool_alloc(&vmm->pool, sizeof(*o) + n * sizeof(o->tags[0]));
    if (!o) {
        inject_now(h, tags, n);
        (void)pcpu_handler_complete(p);
        return;
    }
    *o = (struct irqfd_op){ .vmm = vmm, .p = p, .id = h->id, .n = n };
    for (size_t i = 0; i < n; i++)
        o->tags[i] = tags[i];
    if (seq_pool_defer(&vmm->pool, vmm_cost(vmm, COST_EVENTFD_SIGNAL),
                       irqfd_wakeup, o))
        irqfd_wakeup(o);
}

/* ---- host IRQ domain --------------------------------------------------------- */

struct hirq *vmm_hirq_of_cookie(const struct vmm *vmm, uint64_t cookie)
{
    if (cookie == 0 || cookie > vmm->nhirq)
        return NULL;
    return vmm->hirq[cookie - 1];
}

uint64_t vmm_hirq_cookie(const struct hirq *h)
{
    return (uint64_t)h->id + 1;
}

static uint16_t vd_rid(const struct vdev *vd)
{
    return siov_rid(vd->dev);
}

int vmm_hirq_new(struct vmm *vmm, struct vdev *vd, struct vm *vm, unsigned tcpu,
                    uint8_t tvec, struct hirq **out)
{
    struct hirq *h;
    int idx = -1;

    if (vmm_ir_on(vmm)) {
        if (vmm->irte_used >= vmm->irte_limit ||
            (idx = ir_table_alloc(&vmm->irt, 1)) < 0) {
            vmm->st.irte_alloc_fail++;
            SIM_TRACE(vmm->p.sim, TP_VMM_NOSPC, vmm_vm_trace_id(vm), vmm->irte_used,
                      vmm->irte_limit);
            return -ENOSPC;
        }
    }
    if (vmm->nhirq == vmm->caphirq) {
        uint32_t nc = vmm->caphirq ? vmm->caphirq * 2 : 64;
        struct hirq **nh = realloc(vmm->hirq, nc * sizeof(*nh));

        if (!nh)
            goto nomem;
        vmm->hirq = nh;
        vmm->caphirq = nc;
    }
    h = calloc(1, sizeof(*h));
    if (!h)
        goto nomem;
    *h = (struct hirq){ .vmm = vmm, .id = vmm->nhirq, .vd = vd, .irte = idx,
                        .vm = vm, .tcpu = tcpu, .tvec = tvec };
    vmm->hirq[vmm->nhirq++] = h;
    if (idx >= 0) {
        vmm->irte_used++;
        vmm->st.irte_alloc++;
    }
    *out = h;
    return 0;
nomem:
    if (idx >= 0)
        (void)ir_table_free(&vmm->irt, (unsigned)idx, 1);
    return -ENOMEM;
}

static bool commits_routes(const struct vmm *vmm, const struct hirq *h);

static bool posted_ok(const struct vmm *vmm, const struct hirq *h)
{
    /* vmx_can_use_vtd_pi(): posting needs APICv as well */
    return !h->vm->host && vmm->cfg.posted && vmm->cfg.apicv &&
           vmm->p.pi_capable && vmm_ir_on(vmm);
}

/*
 * KVM's irqbypass (virt/lib/irqbypass.c, domain.md 5.2 step 5): VFIO's
 * producer (the host IRQ) and the irqfd's consumer connect when both exist
 * (kvm_arch_irq_bypass_add_producer), at the interrupt's first
 * programming; every later routing change is kvm_arch_update_irqfd_routing.
 * Both end in vmx_pi_update_irte(): posted when vmx_can_use_vtd_pi() holds
 * (posted_ok) and the route names one vCPU with a postable delivery mode
 * (kvm_intr_is_single_vcpu, kvm_irq_is_postable), else remapped: a guest
 * route to a set of vCPUs (->tset, lowest priority in logical mode) is not
 * posted, its IRTE goes (back) to the host vector on the pCPU of the vCPU
 * KVM delivers to, and its interrupts take the irqfd path (VMM-BYPASS-02).
 * A change of mode between two decisions for the same interrupt is a
 * switch (VMM-BYPASS-01); its IRTE write and IEC invalidation follow the
 * route commit, as every update's do (route_commit()).
 */
static bool bypass_decide(struct vmm *vmm, struct hirq *h)
{
    bool posted = posted_ok(vmm, h) && h->tset == 0;

    if (!commits_routes(vmm, h))
        return posted;
    if (!h->connected) {
        h->connected = true;
        vmm->st.bypass_connects++;
    } else {
        vmm->st.bypass_updates++;
        if (posted != h->posted)
            vmm->st.bypass_switches++;
    }
    if (posted)
        vmm->st.bypass_posted++;
    else
        vmm->st.bypass_remapped++;
    SIM_TRACE(vmm->p.sim, TP_VMM_BYPASS, h->id, posted, vmm->st.bypass_updates);
    return posted;
}

static void compose_remappable(int index, struct msi_msg *m)
{
    /* Linux fill_msi_msg(): SHV = 1, subhandle 0 (domain.md 4.1) */
    struct msi_remap r = { .handle = (uint16_t)index, .shv = true, .subhandle = 0 };

    msi_remap_encode(&r, m);
}

static uint32_t apic_dst(const struct vmm *vmm, unsigned cpu)
{
    uint32_t id = pcpu_apic_id(vmm->p.pcpu[cpu]);

    return vmm->eime ? id : IRTE_DST_XAPIC(id);
}

/* ---- KVM's route commit -------------------------------------------------------- */

/*
 * A guest's interrupt routing changed under KVM: the VMM commits the GSI
 * routing table (QEMU kvm_irqchip_commit_routes -> KVM_SET_GSI_ROUTING,
 * whose SRCU synchronisation is the cost Longpeng measured, domain.md 5.2)
 * and KVM's irqfd routing update then writes the IRTE (irqbypass ->
 * vmx_pi_update_irte).  So the commit comes before the IRTE write, once per
 * vector programmed: QEMU's unbatched path (COST-RC-01).
 */
struct commit_op {
    struct vmm *vmm;
    uint32_t id;              /* the hirq's id: gone if freed meanwhile */
    bool write;               /* an IRTE to write (remapping on) */
    struct irte e;
    seq_done_fn fn;
    void *arg;
};

static bool commits_routes(const struct vmm *vmm, const struct hirq *h)
{
    return vmm->cfg.personality == VMM_KVM && !h->vm->host;
}

static void commit_done(void *ctx)
{
    struct commit_op *c = ctx;
    struct vmm *vmm = c->vmm;
    struct hirq *h = vmm->hirq[c->id];
    seq_done_fn fn = c->fn;
    void *arg = c->arg;
    bool write = h && c->write;
    int rc = 0;

    if (write)
        rc = ir_table_write(&vmm->irt, (unsigned)h->irte, &c->e);
    seq_pool_free(&vmm->pool, c);
    if (write && rc == 0) {
        iec_flush(vmm, h->irte, fn, arg);
        return;
    }
    if (fn)
        fn(arg, rc);
}

/* Commit the routes, then (if @e) write @e into @h's IRTE and flush, then
 * @fn. */
static int route_commit(struct hirq *h, const struct irte *e, seq_done_fn fn,
                        void *arg)
{
    struct vmm *vmm = h->vmm;
    struct commit_op *c = seq_pool_alloc(&vmm->pool, sizeof(*c));
    int rc;

    if (!c)
        return -ENOMEM;
    *c = (struct commit_op){ .vmm = vmm, .id = h->id, .write = e != NULL,
                             .fn = fn, .arg = arg };
    if (e)
        c->e = *e;
    vmm->st.route_commits++;
    rc = seq_pool_defer(&vmm->pool, vmm_cost(vmm, COST_ROUTE_COMMIT), commit_done, c);
    if (rc)
        seq_pool_free(&vmm->pool, c);
    return rc;
}

/*
 * Write @h's IRTE for its current target (posted to the vCPU's PID, or
 * remapped to a host vector on the pCPU the vCPU runs on), compose the real
 * pair, invalidate the IEC, then @fn.  The pair is valid on return.  Under
 * KVM a guest's IRTE is written after the route commit (route_commit()).
 */
int vmm_hirq_program(struct hirq *h, seq_done_fn fn, void *arg)
{
    struct vmm *vmm = h->vmm;
    struct vm *vm = h->vm;
    struct irte e;
    int rc;

    if (bypass_decide(vmm, h)) {
        struct irte_posted f = {
            .present = true, .vector = h->tvec,
            .pda = vcpu_pid_addr(vm->vcpu[h->tcpu]),
            .sid = vd_rid(h->vd), .sq = IRTE_SQ_ALL_16, .svt = IRTE_SVT_SID_SQ,
        };

        if (h->has_hvec)
            vmm_hvec_retire(vmm, h);
        h->posted = true;
        rc = irte_encode_posted(&f, &e);
        if (rc)
            return rc;
        SIM_TRACE(vmm->p.sim, TP_VMM_IRTE, (uint64_t)h->irte, 1, f.vector, 0, f.pda,
                  f.sid);
    } else {
        unsigned want = vm->host ? h->tcpu : vm->pcpu_of[h->tcpu];

        h->posted = false;
        if (vm->host) {
            h->hcpu = h->tcpu;
            h->hvec = h->tvec;
            h->has_hvec = true;
        } else if (!h->has_hvec || h->hcpu != want) {
            uint8_t v;

            if (h->has_hvec)
                vmm_hvec_retire(vmm, h);
            rc = vmm_hvec_alloc(vmm, want, h, &v);
            if (rc)
                return rc;
            h->hcpu = want;
            h->hvec = v;
            h->has_hvec = true;
        }
        if (!vmm_ir_on(vmm)) {
            /* no remapping: a compatibility-format pair to the host vector */
            struct msi_compat c = { .dest = pcpu_apic_id(vmm->p.pcpu[h->hcpu]),
                                    .vector = h->hvec, .dlm = APIC_DLM_FIXED };

            rc = msi_compat_encode(&c, &h->pair);
            if (rc)
                return rc;
            vmm_pair_note_msg(vmm, &h->pair);
            if (commits_routes(vmm, h))
                return route_commit(h, NULL, fn, arg);
            if (fn)
                seq_call_later(&vmm->pool, 0, fn, arg, 0);
            return 0;
        }
        {
            struct irte_remapped f = {
                .present = true, .dlm = APIC_DLM_FIXED, .vector = h->hvec,
                .dst = apic_dst(vmm, h->hcpu), .sid = vd_rid(h->vd),
                .sq = IRTE_SQ_ALL_16, .svt = IRTE_SVT_SID_SQ,
            };

            rc = irte_encode_remapped(&f, &e);
            if (rc)
                return rc;
            SIM_TRACE(vmm->p.sim, TP_VMM_IRTE, (uint64_t)h->irte, 0, f.vector,
                      pcpu_apic_id(vmm->p.pcpu[h->hcpu]), 0, f.sid);
        }
    }
    if (commits_routes(vmm, h)) {
        compose_remappable(h->irte, &h->pair);
        vmm_pair_note_msg(vmm, &h->pair);
        return route_commit(h, &e, fn, arg);
    }
    rc = ir_table_write(&vmm->irt, (unsigned)h->irte, &e);
    if (rc)
        return rc;
    compose_remappable(h->irte, &h->pair);
    vmm_pair_note_msg(vmm, &h->pair);
    iec_flush(vmm, h->irte, fn, arg);
    return 0;
}

void vmm_hirq_free(struct hirq *h, seq_done_fn fn, void *arg)
{
    struct vmm *vmm = h->vmm;
    int idx = h->irte;

    if (h->has_hvec)
        hvec_free(vmm, h->hcpu, h->hvec);
    if (h->has_prev)
        hvec_free(vmm, h->prev_cpu, h->prev_vec);
    if (idx >= 0) {
        (void)ir_table_free(&vmm->irt, (unsigned)idx, 1);
        vmm->irte_used--;
        SIM_TRACE(vmm->p.sim, TP_VMM_IRTE_FREE, (uint64_t)idx);
    }
    vmm->hirq[h->id] = NULL;
    free(h);
    iec_flush(vmm, idx, fn, arg);
}
