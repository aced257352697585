/* SPDX-License-Identifier: MIT */
/*
 * lapic.c - a physical CPU's local APIC: IRR/ISR, TPR/PPR, dispatch, EOI,
 * and the host handlers (registered ones, and KVM's two PI vectors).
 *
 * The CPU takes an interrupt when it is not inside a host handler or
 * posted-interrupt processing, and is either in host mode or running a vCPU
 * in guest mode (a world switch in progress runs with interrupts off).
 * Interrupt gates clear IF, so handlers do not nest; a handler that leaves
 * its EOI for later lets only higher priority classes in meanwhile.
 */
#include <assert.h>
#include <errno.h>
#include <stdlib.h>

#include "apic_internal.h"
#include "models/trace-events.h"

/* Host handler kinds (trace field). */
enum host_kind {
    HOST_REGISTERED = 0,
    HOST_NONE = 1,
    HOST_PI_NOTIFY = 2,
    HOST_PI_WAKEUP = 3,
};

/* Host mode (no vCPU, or a vCPU thread halt polling with interrupts on),
 * or guest mode. */
static bool can_take(const struct pcpu *p)
{
    return !p->in_handler &&
           (!p->cur || p->cur->in_guest || p->cur->polling);
}

uint8_t lapic_ppr(const struct pcpu *p)
{
    return apic__ppr(p->lapic.tpr, p->lapic.isr);
}

static void host_handler_done(struct sim *sim, void *arg);
static void dispatch(struct sim *sim, void *arg);

void apic__lapic_reeval(struct pcpu *p)
{
    if (p->ev_dispatch || !can_take(p))
        return;
    if (apic__deliverable(p->lapic.irr, lapic_ppr(p)) < 0)
        return;
    /* the interrupt window: dispatch APIC_DELIVER after the LAPIC finds a
     * deliverable vector (APIC-DISP-01) */
    apic__sched(p->f, COST_APIC_DELIVER, SIM_PRIO_HW, dispatch, p,
                &p->ev_dispatch);
}

void apic__lapic_accept(struct pcpu *p, uint8_t vector,
                        const struct irq_tag *tag)
{
    struct lapic *l = &p->lapic;
    bool coalesced;

    /* SDM 3 s.11.5.3: vectors 0-15 are illegal, "Receive Illegal Vector" */
    if (vector < APIC_VEC_MIN_LEGAL) {
        l->esr |= LAPIC_ESR_RX_ILLEGAL_VEC;
        p->st.illegal_vector++;
        SIM_TRACE(p->f->sim, TP_LAPIC_ILLEGAL, p->apic_id, vector);
        return;
    }
    /* SDM 3 s.11.8.4: one request per vector in the IRR; further ones
     * collapse into it (one may be in the ISR at the same time) */
    coalesced = vec_test(l->irr, vector);
    vec_set(l->irr, vector);
    p->st.accepted++;
    if (coalesced)
        p->st.coalesced++;
    (void)apic__tags_push(&l->tags[vector], tag);
    SIM_TRACE(p->f->sim, TP_LAPIC_ACCEPT, p->apic_id, vector, coalesced,
              tag ? tag->seq : 0);
    apic__lapic_reeval(p);
}

/* Clear the highest ISR bit; the vector or -1. */
static int isr_pop(struct pcpu *p)
{
    int v = vec_highest(p->lapic.isr);

    if (v < 0)
        return -1;
    vec_clear(p->lapic.isr, (unsigned)v);
    p->st.eoi++;
    SIM_TRACE(p->f->sim, TP_LAPIC_EOI, p->apic_id, v);
    return v;
}

int lapic_eoi(struct pcpu *p)
{
    int v = isr_pop(p);

    if (v < 0)
        return -ENOENT;
    apic__lapic_reeval(p);
    return v;
}

void apic__lapic_pi_eoi(struct pcpu *p)
{
    int v = isr_pop(p);

    /* nothing of a higher class can be in service: PPR would have held
     * the notification back, and the CPU took nothing since */
    assert(v == p->f->cfg.pi_nv);
    (void)v;
}

static void dispatch(struct sim *sim, void *arg)
{
    struct pcpu *p = arg;
    struct lapic *l = &p->lapic;
    uint8_t ppr = lapic_ppr(p);
    int v;
    bool guest;

    (void)sim;
    p->ev_dispatch = 0;
    if (!can_take(p))
        return;     /* re-evaluated when the CPU can take interrupts */
    v = apic__deliverable(l->irr, ppr);
    if (v < 0)
        return;
    vec_clear(l->irr, (unsigned)v);
    vec_set(l->isr, (unsigned)v);
    p->st.dispatched++;
    guest = p->cur != NULL && p->cur->in_guest;
    SIM_TRACE(p->f->sim, TP_LAPIC_DISPATCH, p->apic_id, v, ppr, guest);

    /* the vector's evidence goes to whoever handles it (a move into an
     * empty list is a swap: it cannot fail) */
    assert(p->htags.n == 0);
    (void)apic__tags_move(&p->htags, &l->tags[v]);
    p->in_handler = true;
    p->handling = (uint8_t)v;

    if (guest && v == p->f->cfg.pi_nv) {
        /* posted-interrupt processing, no VM exit (SDM 3 s.29.6).  The
         * notification's tag is not evidence: see struct apic_post */
        p->htags.n = 0;
        apic__pi_notify(p, p->cur);
        return;
    }
    if (guest) {
        /* external-interrupt exiting: the host handles it (PI-EXIT-01) */
        p->exit_vcpu = p->cur;
        p->st.extint_exits++;
        apic__vcpu_extint_exit(p->cur);
    }
    p->t_handler = sim_now(p->f->sim);
    apic__sched(p->f, COST_HOST_HANDLER, SIM_PRIO_SW, host_handler_done, p,
                &p->ev_handler);
}

void apic__pcpu_handler_end(struct pcpu *p)
{
    p->in_handler = false;
    apic__lapic_reeval(p);
}

static void handler_tail(struct pcpu *p);

static void host_handler_done(struct sim *sim, void *arg)
{
    struct pcpu *p = arg;
    const struct apic_fabric_config *cfg = &p->f->cfg;
    uint8_t v = p->handling;
    struct tag_list tags = p->htags;
    enum host_kind kind;

    (void)sim;
    p->ev_handler = 0;
    p->htags = (struct tag_list){ 0 };
    p->st.host_irqs++;
    if (v == cfg->pi_wakeup_nv) {
        kind = HOST_PI_WAKEUP;
        p->st.wakeup_irqs++;
        apic__pi_wakeup_handler(p);
        isr_pop(p);
    } else if (v == cfg->pi_nv) {
        /* KVM's posted-interrupt IPI handler in host mode does nothing:
         * ON stays set and the vCPU syncs its PIR at VM entry (PI-HOST-01) */
        kind = HOST_PI_NOTIFY;
        p->st.pi_notif_host++;
        isr_pop(p);
        if (p->cur && p->cur->polling)
            apic__vcpu_poll_check(p->cur);
    } else if (p->h[v].fn) {
        const struct pcpu_handler h = p->h[v];

        kind = HOST_REGISTERED;
        p->st.host_handler_ps += sim_now(p->f->sim) - p->t_handler;
        SIM_TRACE(p->f->sim, TP_PCPU_HOST_IRQ, p->apic_id, v, tags.n, kind);
        if (h.flags & PCPU_HANDLER_DEFER) {
            /* the handler goes on in steps of its own and ends with
             * pcpu_handler_complete(); the CPU stays in it until then */
            p->deferred = true;
            p->deferred_eoi = (h.flags & PCPU_HANDLER_EOI) != 0;
        }
        p->in_fn = true;
        h.fn(h.ctx, p, v, tags.v, tags.n);
        p->in_fn = false;
        if ((h.flags & PCPU_HANDLER_EOI) && !p->deferred)
            isr_pop(p);
    } else {
        /* Linux: "No irq handler for vector": acked and ignored */
        kind = HOST_NONE;
        p->st.unhandled++;
        isr_pop(p);
    }
    if (kind != HOST_REGISTERED)
        SIM_TRACE(p->f->sim, TP_PCPU_HOST_IRQ, p->apic_id, v, tags.n, kind);
    if (p->htags.v == NULL) {
        tags.n = 0;
        p->htags = tags;    /* reuse the buffer */
    } else {
        apic__tags_free(&tags);
    }
    if (p->deferred)
        return;
    handler_tail(p);
}

/* The host handler has ended: the CPU takes interrupts again and the vCPU
 * whose EXTINT exit waited for it goes on to its VM entry. */
static void handler_tail(struct pcpu *p)
{
    struct vcpu *xv;

    p->in_handler = false;
    xv = p->exit_vcpu;
    p->exit_vcpu = NULL;
    if (xv && xv == p->cur && xv->wait_host)
        apic__vcpu_resume(xv);
    apic__lapic_reeval(p);
}

int pcpu_handler_complete(struct pcpu *p)
{
    if (!p->deferred)
        return -EINVAL;
    p->deferred = false;
    if (p->in_fn)
        return 0;       /* ended before it returned: as a plain handler */
    if (p->deferred_eoi)
        isr_pop(p);
    handler_tail(p);
    return 0;
}

/* ---- registry and accessors ---------------------------------------------- */

int pcpu_set_handler(struct pcpu *p, uint8_t vector, pcpu_handler_fn fn,
                     void *ctx, unsigned flags)
{
    if (vector < APIC_VEC_MIN_LEGAL ||
        (flags & ~(PCPU_HANDLER_EOI | PCPU_HANDLER_DEFER)))
        return -EINVAL;
    if (vector == p->f->cfg.pi_nv || vector == p->f->cfg.pi_wakeup_nv)
        return -EBUSY;
    p->h[vector].fn = fn;
    p->h[vector].ctx = fn ? ctx : NULL;
    p->h[vector].flags = fn ? flags : 0;
    return 0;
}

uint32_t pcpu_apic_id(const struct pcpu *p)
{
    return p->apic_id;
}

struct vcpu *pcpu_current(const struct pcpu *p)
{
    return p->cur;
}

const struct pcpu_stats *pcpu_stats(const struct pcpu *p)
{
    return &p->st;
}

bool lapic_irr_test(const struct pcpu *p, uint8_t vector)
{
    return vec_test(p->lapic.irr, vector);
}

bool lapic_isr_test(const struct pcpu *p, uint8_t vector)
{
    return vec_test(p->lapic.isr, vector);
}

uint8_t lapic_tpr(const struct pcpu *p)
{
    return p->lapic.tpr;
}

uint32_t lapic_esr(const struct pcpu *p)
{
    return p->lapic.esr;
}

int lapic_set_tpr(struct pcpu *p, uint8_t tpr)
{
    p->lapic.tpr = tpr;
    apic__lapic_reeval(p);
    return 0;
}

int lapic_set_ldr(struct pcpu *p, uint32_t ldr)
{
    if (p->f->cfg.xapic && ldr > 0xffu)
        return -EINVAL;
    p->lapic.ldr = ldr;
    return 0;
}

void apic__pcpu_free(struct pcpu *p)
{
    apic__cancel(p->f, &p->ev_dispatch);
    apic__cancel(p->f, &p->ev_handler);
    apic__cancel(p->f, &p->ev_slice);
    free(p->rq);
    for (unsigned i = 0; i < APIC_NVEC; i++)
        apic__tags_free(&p->lapic.tags[i]);
    apic__tags_free(&p->htags);
    free(p);
}
