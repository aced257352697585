/* SPDX-License-Identifier: MIT */
/*
 * sched.c - the host scheduler of vCPU threads on pCPUs: one FIFO run queue
 * per pCPU, time slices, preemption on wakeup, pinned or free placement.
 *
 * Only vCPUs given to vcpu_sched_add() are scheduled; the others run where
 * the caller puts them (vcpu_run_on()).  A pCPU runs the head of its queue
 * when it has no vCPU; a running vCPU is preempted when its slice ends and
 * another waits on its pCPU, and goes to the tail.  A vCPU woken from HLT
 * whose pCPU is busy runs on an idle pCPU if it is not pinned, else it
 * preempts the running one (wakeup preemption, which goes to the head) or
 * waits at the tail.  A pCPU left idle with an empty queue takes the first
 * unpinned vCPU waiting elsewhere (idle balancing).  No other migration.
 *
 * KVM's descriptor updates follow the state changes in vcpu.c: SN = 1 when
 * preempted (vmx_vcpu_pi_put), NV = wakeup vector and NDST = the pCPU when
 * blocked (pi_enable_wakeup_handler), NV, NDST, SN = 0 and the PIR synced
 * at the VM entry when scheduled in (vmx_vcpu_pi_load, vmx_sync_pir_to_irr);
 * domain.md 4.3 (SCHED-RQ-01, SCHED-WAKE-01).
 *
 * Not modelled: the cost of the host's context switch (a switch is a
 * preemption exit and a VM entry), vruntime fairness beyond round robin,
 * load balancing of running vCPUs.
 */
#include <assert.h>
#include <errno.h>
#include <stdlib.h>

#include "apic_internal.h"
#include "models/trace-events.h"

static void slice_end(struct sim *sim, void *arg);

static int rq_insert(struct pcpu *p, struct vcpu *v, bool head)
{
    if (p->rq_n == p->rq_cap) {
        size_t nc = p->rq_cap ? p->rq_cap * 2 : 4;
        struct vcpu **n = realloc(p->rq, nc * sizeof(*n));

        if (!n)
            return -ENOMEM;
        p->rq = n;
        p->rq_cap = nc;
    }
    if (head) {
        for (size_t i = p->rq_n; i > 0; i--)
            p->rq[i] = p->rq[i - 1];
        p->rq[0] = v;
    } else {
        p->rq[p->rq_n] = v;
    }
    p->rq_n++;
    v->rq_on = p;
    v->t_queued = sim_now(p->f->sim);
    return 0;
}

static void rq_remove(struct pcpu *p, size_t i)
{
    struct vcpu *v = p->rq[i];

    for (size_t k = i + 1; k < p->rq_n; k++)
        p->rq[k - 1] = p->rq[k];
    p->rq_n--;
    v->rq_on = NULL;
    v->st.sched_wait_ps += sim_now(p->f->sim) - v->t_queued;
}

/* A slice for the vCPU running on @p, when another waits there. */
static void arm(struct pcpu *p)
{
    const struct apic_fabric *f = p->f;

    if (!p->cur || !p->cur->sched || !p->rq_n || p->ev_slice ||
        !f->cfg.sched_slice_ps)
        return;
    (void)sim_schedule_in(f->sim, f->cfg.sched_slice_ps, SIM_PRIO_DEFAULT,
                          slice_end, p, &p->ev_slice);
}

/* Run @v (DESCHEDULED, not queued) on @p (no vCPU); @traced: not the
 * first placement on an idle home pCPU (which is traced as the entry). */
static void run_traced(struct vcpu *v, struct pcpu *p, bool traced)
{
    int rc;

    v->st.sched_in++;
    if (traced)
        SIM_TRACE(p->f->sim, TP_SCHED_IN, p->apic_id, v->vm->id, v->id);
    rc = vcpu_run_on(v, p);
    assert(rc == 0);
    (void)rc;
    arm(p);
}

static void run(struct vcpu *v, struct pcpu *p)
{
    run_traced(v, p, true);
}

/* The pCPU has no vCPU: run the next one, from its queue or (idle balancing)
 * the first unpinned vCPU queued elsewhere. */
void apic__sched_pick(struct pcpu *p)
{
    struct apic_fabric *f = p->f;
    struct vcpu *v;

    if (p->cur)
        return;
    apic__cancel(f, &p->ev_slice);
    if (p->rq_n) {
        v = p->rq[0];
        rq_remove(p, 0);
        run(v, p);
        return;
    }
    for (size_t i = 0; i < f->npcpus; i++) {
        struct pcpu *q = f->pcpus[i];

        for (size_t k = 0; k < q->rq_n; k++) {
            v = q->rq[k];
            if (v->pinned)
                continue;
            rq_remove(q, k);
            v->st.sched_migrations++;
            run(v, p);
            return;
        }
    }
}

static void preempt(struct vcpu *cur, bool head)
{
    struct pcpu *p = cur->pcpu;
    int rc;

    apic__cancel(p->f, &p->ev_slice);
    cur->st.sched_preempted++;
    SIM_TRACE(p->f->sim, TP_SCHED_OUT, p->apic_id, cur->vm->id, cur->id, head);
    apic__vcpu_put(cur);
    rc = rq_insert(p, cur, head);
    assert(rc == 0);    /* a failed insert would strand the vCPU */
    (void)rc;
}

static void slice_end(struct sim *sim, void *arg)
{
    struct pcpu *p = arg;
    struct vcpu *cur = p->cur;

    (void)sim;
    p->ev_slice = 0;
    if (!cur || !cur->sched || !p->rq_n)
        return;
    preempt(cur, false);
    apic__sched_pick(p);
}

/* @v (managed) was woken while its pCPU runs another vCPU; it is
 * DESCHEDULED.  Return: true when the scheduler took it. */
bool apic__sched_woken(struct vcpu *v)
{
    struct apic_fabric *f = v->f;
    struct pcpu *p = v->pcpu;

    if (!v->sched)
        return false;
    if (!v->pinned) {
        for (size_t i = 0; i < f->npcpus; i++) {
            struct pcpu *q = f->pcpus[i];

            if (!q->cur && !q->rq_n) {
                v->st.sched_migrations++;
                run(v, q);
                return true;
            }
        }
    }
    if (f->cfg.sched_wakeup_preempt && p->cur->sched) {
        v->st.sched_wake_preempt++;
        preempt(p->cur, true);
        run(v, p);
        return true;
    }
    (void)rq_insert(p, v, false);
    arm(p);
    return true;
}

/* A managed vCPU left a queue for good (explicit run or free). */
void apic__sched_dequeue(struct vcpu *v)
{
    struct pcpu *p = v->rq_on;

    if (!p)
        return;
    for (size_t i = 0; i < p->rq_n; i++) {
        if (p->rq[i] == v) {
            rq_remove(p, i);
            return;
        }
    }
}

int vcpu_sched_add(struct vcpu *v, struct pcpu *home, bool pinned)
{
    int rc;

    if (!v || !home || v->f != home->f || v->sched ||
        v->state != VCPU_DESCHEDULED)
        return -EINVAL;
    v->sched = true;
    v->pinned = pinned;
    v->pcpu = home;
    if (!home->cur && !home->rq_n) {
        run_traced(v, home, false);
        return 0;
    }
    if (!pinned) {
        for (size_t i = 0; i < home->f->npcpus; i++) {
            struct pcpu *q = home->f->pcpus[i];

            if (!q->cur && !q->rq_n) {
                run(v, q);
                return 0;
            }
        }
    }
    rc = rq_insert(home, v, false);
    if (rc) {
        v->sched = false;
        return rc;
    }
    arm(home);
    return 0;
}

size_t pcpu_runqueue_len(const struct pcpu *p)
{
    return p->rq_n;
}
