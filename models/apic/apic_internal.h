/* SPDX-License-Identifier: MIT */
/*
 * apic_internal.h - state shared by fabric.c, lapic.c and vcpu.c; not for
 * other models (they use apic.h).  Cross-file helpers are apic__name.
 *
 * Ordering: every step is an event.  Hardware steps (LAPIC dispatch,
 * posted-interrupt processing) run at SIM_PRIO_HW, VMM steps (kick, exit,
 * entry, wakeup) at SIM_PRIO_DEFAULT, handlers (host and guest) at
 * SIM_PRIO_SW, so at one instant hardware state settles before software
 * looks at it.
 */
#ifndef IMSLAB_MODELS_APIC_INTERNAL_H
#define IMSLAB_MODELS_APIC_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "apic.h"

#define APIC_NVEC 256u
#define APIC_VEC_WORDS (APIC_NVEC / 64u)

/* A growable list of ground-truth tags for one pending vector. */
struct tag_list {
    struct irq_tag *v;
    uint32_t n;
    uint32_t cap;
};

struct lapic {
    uint64_t irr[APIC_VEC_WORDS];
    uint64_t isr[APIC_VEC_WORDS];
    uint8_t tpr;
    uint32_t esr;
    uint32_t ldr;
    struct tag_list tags[APIC_NVEC];   /* evidence of each IRR vector */
};

struct pcpu_handler {
    pcpu_handler_fn fn;
    void *ctx;
    unsigned flags;
};

struct pcpu {
    struct apic_fabric *f;
    uint32_t apic_id;
    struct lapic lapic;
    struct pcpu_handler h[APIC_NVEC];
    struct vcpu *cur;           /* RUNNING here, or NULL */
    bool in_handler;            /* host handler or PI processing running */
    uint8_t handling;           /* its vector */
    struct tag_list htags;      /* evidence of the vector being handled */
    struct vcpu *exit_vcpu;     /* vCPU whose EXTINT exit awaits the handler */
    bool deferred;              /* a PCPU_HANDLER_DEFER handler still runs */
    bool deferred_eoi;          /* ... and the model EOIs at its end */
    bool in_fn;                 /* inside a registered handler's call */
    sim_event_t ev_dispatch;
    sim_event_t ev_handler;
    struct vcpu **rq;           /* scheduler: vCPUs waiting to run here */
    size_t rq_n, rq_cap;
    sim_event_t ev_slice;       /* the running vCPU's time slice */
    sim_time_t t_handler;       /* host handler dispatched at */
    struct vcpu *pi_vcpu;       /* posted processing in its guest mode */
    sim_time_t t_pi;            /* since */
    struct pcpu_stats st;
};

struct apic_vm {
    struct apic_fabric *f;
    unsigned id;
    struct apic_vm_config cfg;
};

/* What a vCPU's pending world-switch event will do. */
enum vcpu_step {
    STEP_NONE = 0,
    STEP_KICK,      /* kick IPI in flight -> exit KICK */
    STEP_EXIT,      /* exit round trip -> VM entry */
    STEP_SYNC,      /* PIR synced at entry -> injection check */
    STEP_INJECT,    /* entry with an event to inject -> guest mode */
    STEP_WAKE,      /* wakeup in flight -> RUNNING, VM entry */
    STEP_POLL,      /* halt polling -> block, unless an event came */
};

struct vcpu {
    struct apic_fabric *f;
    struct apic_vm *vm;
    uint32_t id;
    uint64_t pid_addr;
    enum vcpu_state state;
    bool in_guest;
    bool wait_host;             /* EXTINT exit: entry after the host handler */
    struct pcpu *pcpu;          /* running on, or last ran / blocked on */
    uint64_t virr[APIC_VEC_WORDS];
    uint64_t visr[APIC_VEC_WORDS];
    uint8_t vtpr;
    struct tag_list virr_tags[APIC_NVEC];
    struct tag_list pir_tags[APIC_NVEC];  /* evidence posted, not yet synced */
    enum vcpu_step step;
    sim_event_t ev_switch;
    sim_event_t ev_deliver;
    bool polling;               /* HLT exit, halt polling (STEP_POLL) */
    sim_time_t t_poll;          /* polling since */
    sim_time_t t_wake;          /* woken at (0: not waking) */
    sim_event_t ev_idle;        /* the idle loop's next HLT */
    sim_event_t ev_ipi;         /* KVM's notification IPI in flight */
    uint32_t ipi_dest;          /* its destination APIC ID */
    bool sched;                 /* scheduled by sched.c (vcpu_sched_add) */
    bool pinned;                /* may run on its home pCPU only */
    struct pcpu *rq_on;         /* queued there, or NULL */
    sim_time_t t_queued;
    sim_time_t t_eval;          /* handler dispatch evaluated at */
    sim_time_t t_exit;          /* last exit at */
    enum vcpu_exit_reason exit_why;
    struct vcpu_stats st;
};

struct apic_fabric {
    struct sim *sim;
    struct mem *mem;
    const struct cost_model *cm;
    struct apic_fabric_config cfg;
    struct pcpu **pcpus;
    size_t npcpus;
    struct apic_vm **vms;
    size_t nvms;
    struct vcpu **vcpus;
    size_t nvcpus;
    struct apic_fabric_stats st;
};

/* ---- 256-bit vector sets ------------------------------------------------ */

static inline bool vec_test(const uint64_t *w, unsigned vec)
{
    return (w[(vec & 0xffu) / 64u] >> (vec % 64u)) & 1u;
}

static inline void vec_set(uint64_t *w, unsigned vec)
{
    w[(vec & 0xffu) / 64u] |= UINT64_C(1) << (vec % 64u);
}

static inline void vec_clear(uint64_t *w, unsigned vec)
{
    w[(vec & 0xffu) / 64u] &= ~(UINT64_C(1) << (vec % 64u));
}

/* The highest vector set, or -1. */
static inline int vec_highest(const uint64_t *w)
{
    for (int i = (int)APIC_VEC_WORDS - 1; i >= 0; i--)
        if (w[i])
            return i * 64 + 63 - __builtin_clzll(w[i]);
    return -1;
}

/*
 * PPR from a TPR and an ISR (SDM 3 s.11.8.3.1; the virtual PPR is the same
 * function of VTPR and SVI, s.29.1.3).
 */
static inline uint8_t apic__ppr(uint8_t tpr, const uint64_t *isr)
{
    int isrv = vec_highest(isr);
    unsigned isrv_class = isrv < 0 ? 0 : APIC_PRIO_CLASS(isrv);

    if (APIC_PRIO_CLASS(tpr) >= isrv_class)
        return tpr;
    return (uint8_t)(isrv_class << APIC_PRIO_CLASS_SHIFT);
}

/*
 * The highest requested vector if its class is above the PPR's class
 * (SDM 3 s.11.8.4 for the LAPIC; s.29.2.1 "RVI[7:4] > VPPR[7:4]"), or -1.
 */
static inline int apic__deliverable(const uint64_t *irr, uint8_t ppr)
{
    int v = vec_highest(irr);

    if (v < 0 || APIC_PRIO_CLASS(v) <= APIC_PRIO_CLASS(ppr))
        return -1;
    return v;
}

/* ---- fabric.c ------------------------------------------------------------ */

/* Schedule @cb(@arg) @cost from now; the handle goes to *@ev. */
void apic__sched(struct apic_fabric *f, enum cost_id cost, unsigned prio,
                 sim_cb_t cb, void *arg, sim_event_t *ev);
/* Same, with no delay (a step that must be its own event). */
void apic__sched_now(struct apic_fabric *f, unsigned prio, sim_cb_t cb,
                     void *arg, sim_event_t *ev);
/* Cancel *@ev if pending and zero it. */
void apic__cancel(struct apic_fabric *f, sim_event_t *ev);

/* NDST as KVM writes it for @apic_id (x2APIC: the ID; xAPIC: ID << 8). */
uint32_t apic__ndst(const struct apic_fabric *f, uint32_t apic_id);

int apic__tags_push(struct tag_list *l, const struct irq_tag *t);
/* Append @src to @dst and empty @src; on -ENOMEM @src is kept. */
int apic__tags_move(struct tag_list *dst, struct tag_list *src);
void apic__tags_free(struct tag_list *l);

/* Register a set-up vCPU with the fabric (vcpu_create()). */
int apic__fabric_add_vcpu(struct apic_fabric *f, struct vcpu *v);

/* ---- lapic.c ------------------------------------------------------------- */

/* Accept a fixed interrupt (SDM 3 s.11.8.4). */
void apic__lapic_accept(struct pcpu *p, uint8_t vector,
                        const struct irq_tag *tag);
/* Schedule a dispatch if a vector is deliverable and the CPU can take it. */
void apic__lapic_reeval(struct pcpu *p);
/* The notification's own EOI, written by the processor during
 * posted-interrupt processing (SDM 3 s.29.6, step 4). */
void apic__lapic_pi_eoi(struct pcpu *p);
/* Posted-interrupt processing has finished: the CPU takes interrupts. */
void apic__pcpu_handler_end(struct pcpu *p);
void apic__pcpu_free(struct pcpu *p);

/* ---- vcpu.c -------------------------------------------------------------- */

/* The notification vector arrived in guest mode: PI processing steps. */
void apic__pi_notify(struct pcpu *p, struct vcpu *v);
/* A host interrupt arrived in guest mode: VM exit, reason EXTINT. */
void apic__vcpu_extint_exit(struct vcpu *v);
/* The host handler of an EXTINT exit is done: re-entry after the exit. */
void apic__vcpu_resume(struct vcpu *v);
/* An event may have arrived for a vCPU halt polling on @p (a notification
 * in host mode): kvm_vcpu_has_events() ends the poll. */
void apic__vcpu_poll_check(struct vcpu *v);
/* pi_wakeup_handler() on @p: wake the vCPUs blocked there with ON set. */
void apic__pi_wakeup_handler(struct pcpu *p);
void apic__vcpu_free(struct vcpu *v);
/* Take RUNNING @v off its pCPU: exit PREEMPT if in guest mode, SN = 1
 * (vmx_vcpu_pi_put); DESCHEDULED, the pCPU empty. */
void apic__vcpu_put(struct vcpu *v);

/* ---- sched.c ------------------------------------------------------------- */

/* @p has no vCPU: run the next waiting one (its queue, or idle balancing). */
void apic__sched_pick(struct pcpu *p);
/* Managed @v woke (DESCHEDULED) while its pCPU is busy.  Return: true when
 * the scheduler placed or queued it. */
bool apic__sched_woken(struct vcpu *v);
/* @v leaves the run queue it waits in, if any. */
void apic__sched_dequeue(struct vcpu *v);

#endif /* IMSLAB_MODELS_APIC_INTERNAL_H */
