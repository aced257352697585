/* SPDX-License-Identifier: MIT */
/*
 * vcpu.c - vCPUs with APICv: virtual IRR/ISR/TPR, posted-interrupt
 * processing (SDM 3 s.29.6), virtual-interrupt delivery (s.29.2), KVM's PI
 * management (Linux arch/x86/kvm/vmx/posted_intr.c) and the exit/entry
 * steps of the non-posted injection path.
 *
 * A vCPU has at most one world-switch step pending (ev_switch, what it does
 * in step) and at most one guest handler entry pending (ev_deliver).  In
 * guest mode the only possible world-switch step is a kick in flight; every
 * exit cancels the pending handler entry, which is evaluated again at the
 * next VM entry.  The PID is read and written through models/iommu/pid.h;
 * each access is one event, so it is atomic with respect to the IOMMU.
 */
#include <assert.h>
#include <errno.h>
#include <stdlib.h>

#include "apic_internal.h"
#include "models/iommu/pid.h"
#include "models/trace-events.h"

/* The PIR is bits 255:0 of the descriptor: words 0-3 (pid.h). */
#define PID_PIR_WORDS 4

static void step_cb(struct sim *sim, void *arg);

/* ---- the descriptor ---------------------------------------------------- */

static void pid_read(const struct vcpu *v, struct pid *pd)
{
    int rc = pid_load(v->f->mem, v->pid_addr, pd);

    /* checked at vcpu_create(); memory never shrinks */
    assert(rc == 0);
    if (rc)
        *pd = (struct pid){ { 0 } };
}

static void pid_write(struct vcpu *v, const struct pid *pd)
{
    int rc = pid_store(v->f->mem, v->pid_addr, pd);

    assert(rc == 0);
    (void)rc;
}

static bool pir_empty(const struct pid *pd)
{
    for (int i = 0; i < PID_PIR_WORDS; i++)
        if (pd->w[i])
            return false;
    return true;
}

static void trace_pi(const struct vcpu *v, const struct pid *pd)
{
    SIM_TRACE(v->f->sim, TP_VCPU_PI, v->vm->id, v->id, v->state, pid_nv(pd),
              pid_ndst(pd), pid_sn(pd), pid_on(pd));
}

/*
 * OR the PIR into the vIRR and clear the PIR (SDM 3 s.29.6 step 5; KVM
 * vmx_sync_pir_to_irr).  The evidence posted for each moved bit moves with
 * it.  Return: the number of vectors moved.
 */
static unsigned pir_to_virr(struct vcpu *v, struct pid *pd)
{
    unsigned n = 0;

    /* the PIR bits set, lowest vector first, a word at a time */
    for (unsigned w = 0; w < PID_PIR_WORDS; w++) {
        for (uint64_t bits = pd->w[w]; bits; bits &= bits - 1) {
            unsigned vec = w * 64 + (unsigned)__builtin_ctzll(bits);
            struct tag_list *src = &v->pir_tags[vec];

            if (vec_test(v->virr, vec))
                v->st.coalesced++;
            vec_set(v->virr, vec);
            if (apic__tags_move(&v->virr_tags[vec], src)) {
                v->st.evidence_lost += src->n;
                src->n = 0;
            }
            n++;
        }
    }
    for (int i = 0; i < PID_PIR_WORDS; i++)
        pd->w[i] = 0;
    return n;
}

/* vmx_vcpu_pi_load(): NV, NDST, SN = 0; ON if the PIR is not empty, since
 * interrupts posted while SN was set raised no notification (PI-NV-01). */
static void pi_load(struct vcpu *v, const struct pcpu *p)
{
    struct pid pd;

    pid_read(v, &pd);
    pid_set_ndst(&pd, apic__ndst(v->f, p->apic_id));
    pid_set_nv(&pd, v->f->cfg.pi_nv);
    pid_set_sn(&pd, false);
    if (!pir_empty(&pd))
        pid_set_on(&pd, true);
    pid_write(v, &pd);
    trace_pi(v, &pd);
}

/* vmx_vcpu_pi_put() for a preempted vCPU: SN = 1 (PI-SN-01). */
static void pi_put_preempted(struct vcpu *v, bool restore_nv)
{
    struct pid pd;

    pid_read(v, &pd);
    pid_set_sn(&pd, true);
    if (restore_nv)
        pid_set_nv(&pd, v->f->cfg.pi_nv);
    pid_write(v, &pd);
    trace_pi(v, &pd);
}

/* pi_enable_wakeup_handler(): NV = wakeup vector, NDST = the pCPU it
 * blocks on, SN = 0 (PI-WAKE-01). */
static void pi_block(struct vcpu *v, const struct pcpu *p)
{
    struct pid pd;

    pid_read(v, &pd);
    pid_set_nv(&pd, v->f->cfg.pi_wakeup_nv);
    pid_set_ndst(&pd, apic__ndst(v->f, p->apic_id));
    pid_set_sn(&pd, false);
    pid_write(v, &pd);
    trace_pi(v, &pd);
}

/* ---- virtual interrupt delivery ---------------------------------------- */

uint8_t vcpu_vppr(const struct vcpu *v)
{
    return apic__ppr(v->vtpr, v->visr);
}

static int vdeliverable(const struct vcpu *v)
{
    return apic__deliverable(v->virr, vcpu_vppr(v));
}

static void vdeliver(struct sim *sim, void *arg);
static void idle_check(struct vcpu *v);
static void sched_step(struct vcpu *v, enum vcpu_step step, enum cost_id cost);
static void cancel_step(struct vcpu *v);
static void vexit(struct vcpu *v, enum vcpu_exit_reason why);

/* Evaluate pending virtual interrupts (SDM 3 s.29.2.1, PI-PROC-02). */
static void vcpu_eval(struct vcpu *v)
{
    if (v->state != VCPU_RUNNING || !v->in_guest || v->ev_deliver)
        return;
    if (vdeliverable(v) < 0)
        return;
    v->t_eval = sim_now(v->f->sim);
    apic__sched(v->f, COST_GUEST_HANDLER, SIM_PRIO_SW, vdeliver, v,
                &v->ev_deliver);
}

static int veoi(struct vcpu *v)
{
    int vec = vec_highest(v->visr);

    if (vec < 0)
        return -ENOENT;
    vec_clear(v->visr, (unsigned)vec);
    SIM_TRACE(v->f->sim, TP_VCPU_EOI, v->vm->id, v->id, vec);
    return vec;
}

/* Virtual-interrupt delivery (SDM 3 s.29.2.2): vIRR -> vISR, guest handler
 * entered; the harness observes it here. */
static void vdeliver(struct sim *sim, void *arg)
{
    struct vcpu *v = arg;
    const struct apic_vm_config *cfg = &v->vm->cfg;
    struct tag_list tags;
    int vec;

    (void)sim;
    v->ev_deliver = 0;
    assert(v->state == VCPU_RUNNING && v->in_guest);
    v->st.handler_ps += sim_now(v->f->sim) - v->t_eval;
    vec = vdeliverable(v);
    if (vec < 0)
        return;     /* an EOI or TPR change since the evaluation */
    vec_clear(v->virr, (unsigned)vec);
    vec_set(v->visr, (unsigned)vec);
    tags = v->virr_tags[vec];
    v->virr_tags[vec] = (struct tag_list){ 0 };
    v->st.delivered++;
    v->st.tags_delivered += tags.n;
    SIM_TRACE(v->f->sim, TP_VCPU_DELIVER, v->vm->id, v->id, vec, tags.n);
    if (cfg->deliver)
        cfg->deliver(cfg->ctx, v->id, (uint8_t)vec, tags.v, tags.n);
    if (cfg->auto_eoi && cfg->no_apicv) {
        /* no EOI virtualization: the write exits, KVM emulates it, and the
         * entry after injects what is pending (VCPU-APICV-01) */
        (void)veoi(v);
        apic__tags_free(&tags);
        vexit(v, VCPU_EXIT_EOI);
        cancel_step(v);     /* a kick in flight: this exit serves it */
        sched_step(v, STEP_EXIT, COST_VMEXIT_KERNEL);
        return;
    }
    if (cfg->auto_eoi)
        (void)veoi(v);
    if (v->virr_tags[vec].v == NULL) {
        tags.n = 0;
        v->virr_tags[vec] = tags;   /* reuse the buffer */
    } else {
        apic__tags_free(&tags);
    }
    vcpu_eval(v);
    idle_check(v);
}

/* ---- the guest's idle loop (apic_vm_config.idle) ------------------------ */

static bool idle_now(const struct vcpu *v)
{
    return (v->vm->cfg.idle || v->vm->cfg.on_idle) &&
           v->state == VCPU_RUNNING && v->in_guest &&
           !v->ev_deliver && v->step == STEP_NONE && vdeliverable(v) < 0;
}

static void idle_hlt(struct sim *sim, void *arg)
{
    struct vcpu *v = arg;

    (void)sim;
    v->ev_idle = 0;
    if (!idle_now(v))
        return;
    if (v->vm->cfg.on_idle) {
        /* the guest's code runs first; it may submit work, then wait */
        if (v->vm->cfg.on_idle(v->vm->cfg.ctx, v->id) && idle_now(v))
            (void)vcpu_halt(v);
        return;
    }
    (void)vcpu_halt(v);     /* VCPU-IDLE-01 */
}

void vcpu_idle_check(struct vcpu *v)
{
    idle_check(v);
}

/* Nothing to handle in guest mode: the idle loop executes HLT, as its own
 * event after everything else at this instant. */
static void idle_check(struct vcpu *v)
{
    if (v->ev_idle || !idle_now(v))
        return;
    (void)sim_schedule_in(v->f->sim, 0, SIM_PRIO_LAST, idle_hlt, v,
                          &v->ev_idle);
}

/* ---- exits and entries ------------------------------------------------- */

static void sched_step(struct vcpu *v, enum vcpu_step step, enum cost_id cost)
{
    assert(v->step == STEP_NONE);
    v->step = step;
    apic__sched(v->f, cost, SIM_PRIO_DEFAULT, step_cb, v, &v->ev_switch);
}

static void cancel_step(struct vcpu *v)
{
    apic__cancel(v->f, &v->ev_switch);
    v->step = STEP_NONE;
}

static void vexit(struct vcpu *v, enum vcpu_exit_reason why)
{
    assert(v->in_guest);
    v->in_guest = false;
    apic__cancel(v->f, &v->ev_deliver);
    v->t_exit = sim_now(v->f->sim);
    v->exit_why = why;
    v->st.exits[why]++;
    v->st.exits_total++;
    SIM_TRACE(v->f->sim, TP_VCPU_EXIT, v->vm->id, v->id, why);
}

static void entered(struct vcpu *v, bool inject)
{
    v->in_guest = true;
    if (v->st.entries)
        v->st.exit_ps[v->exit_why] += sim_now(v->f->sim) - v->t_exit;
    v->st.entries++;
    if (inject)
        v->st.entries_inject++;
    if (v->t_wake) {
        /* the wakeup reached guest mode (VCPU-WAKE-01) */
        sim_time_t lat = sim_now(v->f->sim) - v->t_wake;

        v->st.wake_lat_n++;
        v->st.wake_lat_sum_ps += lat;
        if (lat > v->st.wake_lat_max_ps)
            v->st.wake_lat_max_ps = lat;
        v->t_wake = 0;
    }
    SIM_TRACE(v->f->sim, TP_VCPU_ENTRY, v->vm->id, v->id, v->pcpu->apic_id,
              inject);
    vcpu_eval(v);
    apic__lapic_reeval(v->pcpu);
    idle_check(v);
}

static void entry_after_sync(struct vcpu *v)
{
    if (vdeliverable(v) >= 0)
        sched_step(v, STEP_INJECT, COST_VMENTRY_INJECT);
    else
        entered(v, false);
}

/* VM entry: sync the PIR if ON is set (KVM vmx_sync_pir_to_irr, PI-SYNC-01),
 * then enter, injecting if a vIRR vector is deliverable. */
static void entry_begin(struct vcpu *v)
{
    struct pid pd;
    unsigned n;

    assert(v->state == VCPU_RUNNING && !v->in_guest && v->pcpu->cur == v);
    pid_read(v, &pd);
    if (!pid_on(&pd)) {
        entry_after_sync(v);
        return;
    }
    pid_set_on(&pd, false);
    n = pir_to_virr(v, &pd);
    pid_write(v, &pd);
    v->st.pir_syncs++;
    SIM_TRACE(v->f->sim, TP_PI_SYNC, v->vm->id, v->id, n);
    sched_step(v, STEP_SYNC, COST_PI_PROCESS);
}

static void wake(struct vcpu *v)
{
    assert(v->state == VCPU_HALTED);
    if (v->step == STEP_WAKE)
        return;
    assert(v->step == STEP_NONE);
    v->st.wakeups++;
    v->t_wake = sim_now(v->f->sim);
    if (!v->t_wake)
        v->t_wake = 1;      /* 0 means "not waking" */
    SIM_TRACE(v->f->sim, TP_VCPU_WAKE, v->vm->id, v->id);
    sched_step(v, STEP_WAKE, COST_VCPU_WAKEUP);
}

static void wake_arrive(struct vcpu *v)
{
    struct pcpu *p = v->pcpu;

    assert(v->state == VCPU_HALTED);
    if (p->cur) {
        /* its pCPU runs another vCPU: runnable, not running; the
         * scheduler, if it has the vCPU, decides where and when it runs */
        v->state = VCPU_DESCHEDULED;
        v->st.wake_preempted++;
        pi_put_preempted(v, true);
        (void)apic__sched_woken(v);
        return;
    }
    v->state = VCPU_RUNNING;
    p->cur = v;
    pi_load(v, p);
    entry_begin(v);
}

/* ---- HLT: halt polling, then block ------------------------------------ */

/* kvm_vcpu_block(): NV = wakeup vector, the pCPU to the next vCPU. */
static void block(struct vcpu *v)
{
    struct pcpu *p = v->pcpu;

    v->state = VCPU_HALTED;
    p->cur = NULL;
    pi_block(v, p);
    apic__lapic_reeval(p);
    apic__sched_pick(p);
}

/* The poll ends: @hit, an event is pending (re-enter); else block. */
static void poll_end(struct vcpu *v, bool hit)
{
    v->polling = false;
    v->st.halt_poll_ps += sim_now(v->f->sim) - v->t_poll;
    if (hit) {
        v->st.halt_poll_hits++;
        cancel_step(v);
        entry_begin(v);
        return;
    }
    block(v);
}

static bool has_events(const struct vcpu *v)
{
    struct pid pd;

    pid_read(v, &pd);
    return vdeliverable(v) >= 0 || pid_on(&pd);
}

void apic__vcpu_poll_check(struct vcpu *v)
{
    if (v->polling && has_events(v))
        poll_end(v, true);     /* VCPU-POLL-01 */
}

static void step_cb(struct sim *sim, void *arg)
{
    struct vcpu *v = arg;
    enum vcpu_step step = v->step;

    (void)sim;
    v->ev_switch = 0;
    v->step = STEP_NONE;
    switch (step) {
    case STEP_KICK:
        /* the kick IPI arrives in guest mode: exit (VCPU-INJ-01) */
        vexit(v, VCPU_EXIT_KICK);
        sched_step(v, STEP_EXIT, COST_VMEXIT_KERNEL);
        break;
    case STEP_EXIT:
        entry_begin(v);
        break;
    case STEP_SYNC:
        entry_after_sync(v);
        break;
    case STEP_INJECT:
        entered(v, true);
        break;
    case STEP_WAKE:
        wake_arrive(v);
        break;
    case STEP_POLL:
        poll_end(v, false);
        break;
    case STEP_NONE:
        assert(0);
        break;
    }
}

/* ---- called by lapic.c ------------------------------------------------- */

static void pi_done(struct sim *sim, void *arg)
{
    struct pcpu *p = arg;

    (void)sim;
    p->ev_handler = 0;
    if (p->pi_vcpu && p->pi_vcpu == p->cur && p->cur->in_guest)
        p->cur->st.pi_ps += sim_now(p->f->sim) - p->t_pi;
    p->pi_vcpu = NULL;
    apic__pcpu_handler_end(p);
    if (p->cur)
        vcpu_eval(p->cur);
}

/* SDM 3 s.29.6 steps 3-6: ON cleared, notification EOI'd, PIR into vIRR. */
static void pi_process(struct sim *sim, void *arg)
{
    struct pcpu *p = arg;
    struct vcpu *v = p->cur;
    struct pid pd;
    unsigned n;

    (void)sim;
    p->ev_handler = 0;
    apic__lapic_pi_eoi(p);
    if (v && v->in_guest) {
        pid_read(v, &pd);
        pid_set_on(&pd, false);
        n = pir_to_virr(v, &pd);
        pid_write(v, &pd);
        SIM_TRACE(v->f->sim, TP_PI_PROCESS, v->vm->id, v->id, p->apic_id, n);
        p->pi_vcpu = v;
        p->t_pi = sim_now(p->f->sim);
    }
    /* else the vCPU left guest mode meanwhile: ON stays set, synced at its
     * next VM entry */
    apic__sched(p->f, COST_PI_PROCESS, SIM_PRIO_HW, pi_done, p,
                &p->ev_handler);
}

/*
 * The notification's travel to NDST (COST_PI_NOTIFY) was charged by the
 * IOMMU that sent it and its acceptance by the LAPIC dispatch
 * (COST_APIC_DELIVER): processing starts at once, as its own event.
 */
void apic__pi_notify(struct pcpu *p, struct vcpu *v)
{
    p->st.pi_notif_guest++;
    v->st.pi_notif_guest++;
    apic__sched_now(p->f, SIM_PRIO_HW, pi_process, p, &p->ev_handler);
}

void apic__vcpu_extint_exit(struct vcpu *v)
{
    if (v->step == STEP_KICK)
        cancel_step(v);     /* this exit serves the kick's purpose */
    vexit(v, VCPU_EXIT_EXTINT);
    v->wait_host = true;
}

void apic__vcpu_resume(struct vcpu *v)
{
    v->wait_host = false;
    sched_step(v, STEP_EXIT, COST_VMEXIT_KERNEL);
}

/* pi_wakeup_handler(): kick each vCPU blocked on @p whose ON is set
 * (PI-WAKE-02). */
void apic__pi_wakeup_handler(struct pcpu *p)
{
    struct apic_fabric *f = p->f;

    for (size_t i = 0; i < f->nvcpus; i++) {
        struct vcpu *v = f->vcpus[i];
        struct pid pd;

        if (v->state != VCPU_HALTED || v->pcpu != p)
            continue;
        pid_read(v, &pd);
        if (!pid_on(&pd))
            continue;
        SIM_TRACE(f->sim, TP_PI_WAKEUP, p->apic_id, v->vm->id, v->id);
        wake(v);
    }
}

void apic__vcpu_free(struct vcpu *v)
{
    apic__cancel(v->f, &v->ev_switch);
    apic__cancel(v->f, &v->ev_deliver);
    apic__cancel(v->f, &v->ev_idle);
    apic__cancel(v->f, &v->ev_ipi);
    for (unsigned i = 0; i < APIC_NVEC; i++) {
        apic__tags_free(&v->virr_tags[i]);
        apic__tags_free(&v->pir_tags[i]);
    }
    free(v);
}

/* ---- API --------------------------------------------------------------- */

int vcpu_create(struct apic_vm *vm, uint32_t vcpu_id, uint64_t pid_addr,
                struct vcpu **out)
{
    struct apic_fabric *f;
    struct vcpu *v;
    struct pid pd = { { 0 } };
    int rc;

    if (!vm || !out)
        return -EINVAL;
    f = vm->f;
    if (pid_addr % PID_ALIGN)
        return -EINVAL;
    if (vcpu_by_pid(f, pid_addr))
        return -EEXIST;
    for (size_t i = 0; i < f->nvcpus; i++)
        if (f->vcpus[i]->vm == vm && f->vcpus[i]->id == vcpu_id)
            return -EEXIST;
    /* __vmx_vcpu_reset(): NV = POSTED_INTR_VECTOR, SN = 1 (VCPU-INIT-01) */
    pid_set_nv(&pd, f->cfg.pi_nv);
    pid_set_sn(&pd, true);
    rc = pid_store(f->mem, pid_addr, &pd);
    if (rc)
        return rc;
    v = calloc(1, sizeof(*v));
    if (!v)
        return -ENOMEM;
    v->f = f;
    v->vm = vm;
    v->id = vcpu_id;
    v->pid_addr = pid_addr;
    v->state = VCPU_DESCHEDULED;
    rc = apic__fabric_add_vcpu(f, v);
    if (rc) {
        free(v);
        return rc;
    }
    trace_pi(v, &pd);
    *out = v;
    return 0;
}

int vcpu_run_on(struct vcpu *v, struct pcpu *p)
{
    if (v->f != p->f || v->state == VCPU_HALTED)
        return -EINVAL;
    if (v->state == VCPU_RUNNING)
        return v->pcpu == p ? 0 : -EBUSY;
    if (p->cur)
        return -EBUSY;
    apic__sched_dequeue(v);
    v->state = VCPU_RUNNING;
    v->pcpu = p;
    p->cur = v;
    v->in_guest = false;
    pi_load(v, p);
    entry_begin(v);
    return 0;
}

int vcpu_halt(struct vcpu *v)
{
    struct pcpu *p = v->pcpu;

    if (v->state != VCPU_RUNNING)
        return -EINVAL;
    if (!v->in_guest)
        return -EBUSY;
    vexit(v, VCPU_EXIT_HLT);
    cancel_step(v);     /* a kick in flight: this exit serves it */
    apic__cancel(v->f, &v->ev_idle);
    /* kvm_vcpu_has_events(): an interrupt pending means no block
     * (PI-HLT-01) */
    if (has_events(v)) {
        v->st.hlt_nonblock++;
        sched_step(v, STEP_EXIT, COST_VMEXIT_KERNEL);
        return 0;
    }
    if (v->vm->cfg.halt_poll_ps) {
        /* kvm_vcpu_halt(): poll before blocking; the descriptor stays as
         * it is while running, so a posting notifies this pCPU */
        v->polling = true;
        v->t_poll = sim_now(v->f->sim);
        v->st.halt_polls++;
        v->step = STEP_POLL;
        (void)sim_schedule_in(v->f->sim, v->vm->cfg.halt_poll_ps,
                              SIM_PRIO_DEFAULT, step_cb, v, &v->ev_switch);
        apic__lapic_reeval(p);
        return 0;
    }
    block(v);
    return 0;
}

int vcpu_deschedule(struct vcpu *v)
{
    struct pcpu *p = v->pcpu;

    if (v->state == VCPU_DESCHEDULED) {
        apic__sched_dequeue(v);     /* parked until vcpu_run_on() */
        return 0;
    }
    if (v->state == VCPU_HALTED)
        return -EINVAL;
    apic__vcpu_put(v);
    apic__sched_pick(p);
    return 0;
}

void apic__vcpu_put(struct vcpu *v)
{
    struct pcpu *p = v->pcpu;

    assert(v->state == VCPU_RUNNING);
    if (v->polling) {
        v->polling = false;
        v->st.halt_poll_ps += sim_now(v->f->sim) - v->t_poll;
    }
    apic__cancel(v->f, &v->ev_idle);
    if (v->in_guest) {
        vexit(v, VCPU_EXIT_PREEMPT);
    } else if (v->st.entries) {
        /* preempted in an exit: its time so far is that exit's, the rest
         * waiting to run */
        v->st.exit_ps[v->exit_why] += sim_now(v->f->sim) - v->t_exit;
        v->t_exit = sim_now(v->f->sim);
        v->exit_why = VCPU_EXIT_PREEMPT;
    }
    cancel_step(v);
    apic__cancel(v->f, &v->ev_deliver);
    v->wait_host = false;
    if (p->exit_vcpu == v)
        p->exit_vcpu = NULL;
    v->state = VCPU_DESCHEDULED;
    p->cur = NULL;
    pi_put_preempted(v, false);
    apic__lapic_reeval(p);
}

int vcpu_inject(struct vcpu *v, uint8_t vector, const struct irq_tag *tag)
{
    bool coalesced;
    int rc;

    if (vector < APIC_VEC_MIN_LEGAL)
        return -EINVAL;
    coalesced = vec_test(v->virr, vector);
    vec_set(v->virr, vector);
    v->st.injected++;
    if (coalesced)
        v->st.coalesced++;
    rc = apic__tags_push(&v->virr_tags[vector], tag);
    if (rc)
        v->st.evidence_lost++;
    SIM_TRACE(v->f->sim, TP_VCPU_INJECT, v->vm->id, v->id, vector, v->state,
              tag ? tag->seq : 0);
    switch (v->state) {
    case VCPU_RUNNING:
        if (v->polling) {
            poll_end(v, true);      /* VCPU-POLL-01 */
            break;
        }
        if (v->in_guest && v->step == STEP_NONE) {
            /* kvm_vcpu_kick(): IPI to the pCPU, VM exit (VCPU-INJ-01) */
            v->st.kicks++;
            SIM_TRACE(v->f->sim, TP_VCPU_KICK, v->vm->id, v->id);
            sched_step(v, STEP_KICK, COST_VCPU_KICK);
        }
        /* in an exit or entry, or a kick in flight: the entry injects */
        break;
    case VCPU_HALTED:
        wake(v);                    /* VCPU-INJ-02 */
        break;
    case VCPU_DESCHEDULED:
        break;                      /* VCPU-INJ-03: at the next run */
    }
    return rc;
}

/* KVM's notification IPI reaches the APIC bus (COST_PI_NOTIFY after it was
 * sent): in guest mode the CPU processes the posting without an exit. */
static void pi_ipi_arrive(struct sim *sim, void *arg)
{
    struct vcpu *v = arg;
    struct apic_sink s = apic_fabric_sink(v->f);
    struct apic_msg m = { .dest = v->ipi_dest, .vector = v->f->cfg.pi_nv,
                          .dlm = APIC_DLM_FIXED };

    (void)sim;
    v->ev_ipi = 0;
    s.deliver(s.ctx, &m);
}

int vcpu_deliver_posted(struct vcpu *v, uint8_t vector,
                        const struct irq_tag *tag)
{
    struct pid pd;
    bool on;
    int rc;

    if (vector < APIC_VEC_MIN_LEGAL)
        return -EINVAL;
    v->st.injected++;
    rc = apic__tags_push(&v->pir_tags[vector], tag);
    if (rc)
        v->st.evidence_lost++;
    pid_read(v, &pd);
    if (pid_pir_test(&pd, vector)) {
        /* pi_test_and_set_pir(): already pending, nothing more to do */
        v->st.coalesced++;
        SIM_TRACE(v->f->sim, TP_VCPU_PI_SET, v->vm->id, v->id, vector,
                  v->state, pid_on(&pd), tag ? tag->seq : 0);
        return rc;
    }
    pid_pir_set(&pd, vector);
    on = pid_on(&pd);
    pid_set_on(&pd, true);
    pid_write(v, &pd);
    SIM_TRACE(v->f->sim, TP_VCPU_PI_SET, v->vm->id, v->id, vector, v->state,
              on, tag ? tag->seq : 0);
    if (on)
        return rc;      /* pi_test_and_set_on(): a notification is pending */
    /* kvm_vcpu_trigger_posted_interrupt() (VCPU-PIIPI-01) */
    switch (v->state) {
    case VCPU_RUNNING:
        if (v->polling) {
            poll_end(v, true);      /* kvm_vcpu_wake_up() of the poll */
        } else if (v->in_guest && !v->ev_ipi) {
            v->st.pi_ipis++;
            v->ipi_dest = v->pcpu->apic_id;
            SIM_TRACE(v->f->sim, TP_VCPU_PI_IPI, v->vm->id, v->id,
                      v->ipi_dest);
            apic__sched(v->f, COST_PI_NOTIFY, SIM_PRIO_HW, pi_ipi_arrive, v,
                        &v->ev_ipi);
        }
        /* outside guest mode: the VM entry syncs the PIR */
        break;
    case VCPU_HALTED:
        wake(v);                    /* kvm_vcpu_wake_up() */
        break;
    case VCPU_DESCHEDULED:
        break;                      /* synced when it runs (pi_load sets ON) */
    }
    return rc;
}

int vcpu_eoi(struct vcpu *v)
{
    int vec = veoi(v);

    if (vec >= 0) {
        vcpu_eval(v);
        idle_check(v);
    }
    return vec;
}

int vcpu_set_tpr(struct vcpu *v, uint8_t tpr)
{
    v->vtpr = tpr;
    vcpu_eval(v);
    return 0;
}

enum vcpu_state vcpu_state_of(const struct vcpu *v)
{
    return v->state;
}

bool vcpu_in_guest(const struct vcpu *v)
{
    return v->state == VCPU_RUNNING && v->in_guest;
}

struct pcpu *vcpu_pcpu(const struct vcpu *v)
{
    return v->pcpu;
}

uint32_t vcpu_id_of(const struct vcpu *v)
{
    return v->id;
}

uint64_t vcpu_pid_addr(const struct vcpu *v)
{
    return v->pid_addr;
}

bool vcpu_virr_test(const struct vcpu *v, uint8_t vector)
{
    return vec_test(v->virr, vector);
}

bool vcpu_visr_test(const struct vcpu *v, uint8_t vector)
{
    return vec_test(v->visr, vector);
}

const struct vcpu_stats *vcpu_stats(const struct vcpu *v)
{
    return &v->st;
}

sim_time_t vcpu_irq_cost_ps(const struct vcpu_stats *st)
{
    return st->handler_ps + st->pi_ps + st->exit_ps[VCPU_EXIT_EXTINT] +
           st->exit_ps[VCPU_EXIT_KICK] + st->exit_ps[VCPU_EXIT_EOI];
}

const char *vcpu_exit_reason_name(enum vcpu_exit_reason r)
{
    static const char *const names[VCPU_EXIT__COUNT] = {
        [VCPU_EXIT_EXTINT] = "extint",
        [VCPU_EXIT_KICK] = "kick",
        [VCPU_EXIT_HLT] = "hlt",
        [VCPU_EXIT_PREEMPT] = "preempt",
        [VCPU_EXIT_EOI] = "eoi",
    };

    if ((unsigned)r >= VCPU_EXIT__COUNT)
        return "?";
    return names[r];
}
