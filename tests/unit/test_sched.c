/* SPDX-License-Identifier: MIT */
/*
 * test_sched.c - the vCPU scheduler (models/apic/sched.c): run queues, time
 * slices, preemption on wakeup, pinned and free placement, and KVM's
 * descriptor updates at each switch, with exact states and times
 * (docs/rules.md, "LAPIC and vCPU (models/apic)", SCHED-*).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "models/apic/apic.h"
#include "models/cost.h"
#include "models/iommu/pid.h"
#include "models/mem/mem.h"
#include "sim/sim.h"

#define MEM_BASE 0x100000u
#define PID_OF(i) (MEM_BASE + 0x40u * ((i) + 1u))
#define PINV APIC_PI_NV_DEFAULT
#define WAKEV APIC_PI_WAKEUP_NV_DEFAULT
#define NV 3
/* PID_OF(4) is the idle VM's vCPU (env_idle) */

struct seen {
    sim_time_t t;
    uint32_t vcpu;
    uint8_t vec;
    uint64_t seq;
};

struct env {
    struct sim *sim;
    struct mem mem;
    struct cost_model cm;
    struct apic_fabric *f;
    struct apic_sink sink;
    struct pcpu *p1, *p2;
    struct apic_vm *vm;
    struct vcpu *v[NV];
    struct seen s[8];
    int n;
};

static void guest_handler(void *ctx, uint32_t vcpu_id, uint8_t vector,
                          const struct irq_tag *tags, size_t n)
{
    struct env *e = ctx;

    assert_true(e->n < 8);
    e->s[e->n++] = (struct seen){ sim_now(e->sim), vcpu_id, vector,
                                  n ? tags[0].seq : 0 };
}

static struct env *env_new(void)
{
    struct env *e = calloc(1, sizeof(*e));
    struct apic_vm_config vmc = { .deliver = guest_handler, .auto_eoi = true };

    assert_non_null(e);
    assert_int_equal(sim_create(&e->sim, NULL), 0);
    mem_init(&e->mem);
    assert_int_equal(mem_add_region(&e->mem, MEM_BASE, 0x1000), 0);
    cost_model_default(&e->cm);
    /* default config: 750 us slices, wakeup preemption */
    assert_int_equal(apic_fabric_create(&e->f, e->sim, &e->mem, &e->cm, NULL), 0);
    e->sink = apic_fabric_sink(e->f);
    assert_int_equal(pcpu_create(e->f, 1, &e->p1), 0);
    assert_int_equal(pcpu_create(e->f, 2, &e->p2), 0);
    vmc.ctx = e;
    assert_int_equal(apic_vm_create(e->f, &vmc, &e->vm), 0);
    for (uint32_t i = 0; i < NV; i++)
        assert_int_equal(vcpu_create(e->vm, i, PID_OF(i), &e->v[i]), 0);
    return e;
}

static void env_free(struct env *e)
{
    apic_fabric_destroy(e->f);
    sim_destroy(e->sim);
    mem_fini(&e->mem);
    free(e);
}

static sim_time_t C(const struct env *e, enum cost_id id)
{
    return cost_ps(&e->cm, id);
}

static void run_to(struct env *e, sim_time_t t)
{
    assert_int_equal(sim_run(e->sim, t), SIM_RUN_DONE);
    assert_int_equal(sim_now(e->sim), t);
}

static struct pid pid_get(const struct env *e, uint64_t addr)
{
    struct pid pd;

    assert_int_equal(pid_load(&e->mem, addr, &pd), 0);
    return pd;
}

static void expect_pid(const struct env *e, unsigned i, uint8_t nv,
                       uint32_t ndst, bool sn, bool on)
{
    struct pid pd = pid_get(e, PID_OF(i));

    assert_int_equal(pid_nv(&pd), nv);
    assert_int_equal(pid_ndst(&pd), ndst);
    assert_int_equal(pid_sn(&pd), sn);
    assert_int_equal(pid_on(&pd), on);
}

/* Post @vec to vCPU @i as the IOMMU does (VT-d 5.2.3); the notification
 * {NV, NDST} when ON was clear and SN clear.  Return: notified. */
static bool post(struct env *e, unsigned i, uint8_t vec, uint64_t seq)
{
    uint64_t a = PID_OF(i);
    struct pid pd = pid_get(e, a);
    struct apic_post p = { .pda = a, .vector = vec, .tag = { .seq = seq } };
    bool notify;

    pid_pir_set(&pd, vec);
    e->sink.post(e->sink.ctx, &p);
    notify = !pid_on(&pd) && !pid_sn(&pd);
    if (notify)
        pid_set_on(&pd, true);
    assert_int_equal(pid_store(&e->mem, a, &pd), 0);
    if (notify) {
        struct apic_msg m = { .dest = pid_ndst(&pd), .vector = pid_nv(&pd),
                              .dlm = APIC_DLM_FIXED };

        e->sink.deliver(e->sink.ctx, &m);
    }
    return notify;
}

/* SCHED-RQ-01: two busy vCPUs pinned to one pCPU share it in slices; the
 * one preempted has SN = 1, so an interrupt posted to it raises no
 * notification and is delivered from the PIR when it is scheduled in. */
static void test_share_one_pcpu(void **state)
{
    struct env *e = env_new();
    const sim_time_t S = SIM_US(750);
    sim_time_t p, vi, g;
    const struct vcpu_stats *s0 = vcpu_stats(e->v[0]), *s1 = vcpu_stats(e->v[1]);

    (void)state;
    p = C(e, COST_PI_PROCESS);
    vi = C(e, COST_VMENTRY_INJECT);
    g = C(e, COST_GUEST_HANDLER);
    assert_int_equal(vcpu_sched_add(e->v[0], e->p1, true), 0);
    assert_int_equal(vcpu_sched_add(e->v[1], e->p1, true), 0);
    assert_int_equal(vcpu_sched_add(e->v[1], e->p1, true), -EINVAL);
    assert_true(vcpu_in_guest(e->v[0]));
    assert_int_equal(vcpu_state_of(e->v[1]), VCPU_DESCHEDULED);
    assert_int_equal(pcpu_runqueue_len(e->p1), 1);
    expect_pid(e, 0, PINV, 1, false, false);
    expect_pid(e, 1, PINV, 0, true, false);     /* as created */

    run_to(e, S - 1);
    assert_true(vcpu_in_guest(e->v[0]));
    run_to(e, S);
    assert_int_equal(vcpu_state_of(e->v[0]), VCPU_DESCHEDULED);
    assert_int_equal(s0->exits[VCPU_EXIT_PREEMPT], 1);
    assert_true(vcpu_in_guest(e->v[1]));
    assert_ptr_equal(pcpu_current(e->p1), e->v[1]);
    assert_int_equal(pcpu_runqueue_len(e->p1), 1);
    expect_pid(e, 0, PINV, 1, true, false);     /* vmx_vcpu_pi_put */
    expect_pid(e, 1, PINV, 1, false, false);    /* vmx_vcpu_pi_load */

    run_to(e, S + SIM_US(1));
    assert_false(post(e, 0, 0x45, 9));          /* SN = 1: no notification */
    run_to(e, 2 * S - 1);
    assert_int_equal(e->n, 0);
    run_to(e, 2 * S + p + vi + g);
    assert_int_equal(e->n, 1);
    assert_int_equal(e->s[0].t, 2 * S + p + vi + g);
    assert_int_equal(e->s[0].t, UINT64_C(1500216667));
    assert_int_equal(e->s[0].vcpu, 0);
    assert_int_equal(e->s[0].vec, 0x45);
    assert_int_equal(e->s[0].seq, 9);
    assert_int_equal(s0->pir_syncs, 1);
    assert_int_equal(vcpu_state_of(e->v[1]), VCPU_DESCHEDULED);
    assert_int_equal(s0->sched_in, 2);
    assert_int_equal(s0->sched_preempted, 1);
    assert_int_equal(s1->sched_in, 1);
    assert_int_equal(s1->sched_preempted, 1);
    assert_int_equal(s1->sched_wait_ps, S);
    assert_int_equal(s0->sched_wait_ps, S);
    env_free(e);
}

/* SCHED-WAKE-01: a vCPU blocked in HLT gives its pCPU to the next one; its
 * interrupt wakes it (wakeup vector, an EXTINT exit of the running vCPU) and
 * it preempts the running vCPU, which waits at the head of the queue and
 * gets the pCPU back at the end of the woken one's slice. */
static void test_wakeup_preempts(void **state)
{
    struct env *e = env_new();
    const sim_time_t S = SIM_US(750), t0 = SIM_US(10);
    sim_time_t d, h, w, p, vi, g, tw;
    const struct vcpu_stats *s0 = vcpu_stats(e->v[0]), *s1 = vcpu_stats(e->v[1]);

    (void)state;
    d = C(e, COST_APIC_DELIVER);
    h = C(e, COST_HOST_HANDLER);
    w = C(e, COST_VCPU_WAKEUP);
    p = C(e, COST_PI_PROCESS);
    vi = C(e, COST_VMENTRY_INJECT);
    g = C(e, COST_GUEST_HANDLER);
    assert_int_equal(vcpu_sched_add(e->v[0], e->p1, true), 0);
    assert_int_equal(vcpu_sched_add(e->v[1], e->p1, true), 0);
    assert_int_equal(vcpu_halt(e->v[0]), 0);
    assert_int_equal(vcpu_state_of(e->v[0]), VCPU_HALTED);
    assert_true(vcpu_in_guest(e->v[1]));        /* ran at once */
    assert_int_equal(pcpu_runqueue_len(e->p1), 0);
    expect_pid(e, 0, WAKEV, 1, false, false);   /* pi_enable_wakeup_handler */

    run_to(e, t0);
    assert_true(post(e, 0, 0x51, 5));           /* wakeup vector to pCPU 1 */
    tw = t0 + d + h + w;
    run_to(e, tw - 1);
    assert_int_equal(s1->exits[VCPU_EXIT_EXTINT], 1);
    assert_int_equal(vcpu_state_of(e->v[0]), VCPU_HALTED);
    run_to(e, tw);
    assert_int_equal(s0->sched_wake_preempt, 1);
    assert_int_equal(vcpu_state_of(e->v[1]), VCPU_DESCHEDULED);
    assert_int_equal(s1->exits[VCPU_EXIT_PREEMPT], 1);
    expect_pid(e, 1, PINV, 1, true, false);
    assert_ptr_equal(pcpu_current(e->p1), e->v[0]);
    expect_pid(e, 0, PINV, 1, false, false);    /* synced at the entry */
    run_to(e, tw + p + vi + g);
    assert_int_equal(e->n, 1);
    assert_int_equal(e->s[0].t, tw + p + vi + g);
    assert_int_equal(e->s[0].vcpu, 0);
    assert_int_equal(e->s[0].seq, 5);
    assert_int_equal(s0->wakeups, 1);

    run_to(e, tw + S);
    assert_ptr_equal(pcpu_current(e->p1), e->v[1]);
    assert_int_equal(s1->sched_wait_ps, S);
    env_free(e);
}

/* SCHED-RQ-01 (free placement): unpinned vCPUs go to an idle pCPU; a pCPU
 * left idle takes the first unpinned vCPU waiting elsewhere, and the
 * descriptor follows it (NDST). */
static void test_free_placement(void **state)
{
    struct env *e = env_new();
    const struct vcpu_stats *s2 = vcpu_stats(e->v[2]);

    (void)state;
    assert_int_equal(vcpu_sched_add(e->v[0], e->p1, false), 0);
    assert_int_equal(vcpu_sched_add(e->v[1], e->p1, false), 0);
    assert_ptr_equal(vcpu_pcpu(e->v[1]), e->p2);
    expect_pid(e, 1, PINV, 2, false, false);
    assert_int_equal(vcpu_sched_add(e->v[2], e->p1, false), 0);
    assert_int_equal(pcpu_runqueue_len(e->p1), 1);
    run_to(e, SIM_US(5));
    assert_int_equal(vcpu_halt(e->v[1]), 0);
    assert_int_equal(pcpu_runqueue_len(e->p1), 0);
    assert_ptr_equal(pcpu_current(e->p2), e->v[2]);
    assert_int_equal(s2->sched_migrations, 1);
    assert_int_equal(s2->sched_wait_ps, SIM_US(5));
    expect_pid(e, 2, PINV, 2, false, false);
    /* parked by the caller: not run again by the scheduler */
    assert_int_equal(vcpu_deschedule(e->v[2]), 0);
    assert_null(pcpu_current(e->p2));
    run_to(e, SIM_MS(5));
    assert_null(pcpu_current(e->p2));
    assert_ptr_equal(pcpu_current(e->p1), e->v[0]);
    assert_int_equal(vcpu_run_on(e->v[2], e->p2), 0);
    env_free(e);
}

/* An idle VM's vCPU alone on pCPU 1 (apic_vm_config.idle). */
static struct env *env_idle(sim_time_t halt_poll_ps)
{
    struct env *e = env_new();
    struct apic_vm_config vmc = { .deliver = guest_handler, .ctx = e,
                                  .auto_eoi = true, .idle = true,
                                  .halt_poll_ps = halt_poll_ps };
    struct apic_vm *vm;

    assert_int_equal(apic_vm_create(e->f, &vmc, &vm), 0);
    e->vm = vm;
    assert_int_equal(vcpu_create(vm, 0, PID_OF(4), &e->v[0]), 0);
    assert_int_equal(vcpu_sched_add(e->v[0], e->p1, true), 0);
    return e;
}

/* VCPU-IDLE-01, VCPU-WAKE-01: an idle guest executes HLT when it has
 * nothing to handle and blocks; its interrupt wakes it (wakeup vector in
 * host mode, VCPU_WAKEUP); the wakeup latency to guest mode is recorded;
 * after the handler it halts again. */
static void test_idle_wakeup(void **state)
{
    struct env *e = env_idle(0);
    const sim_time_t t0 = SIM_US(10);
    sim_time_t d, h, w, p, vi, g;
    const struct vcpu_stats *st = vcpu_stats(e->v[0]);

    (void)state;
    d = C(e, COST_APIC_DELIVER);
    h = C(e, COST_HOST_HANDLER);
    w = C(e, COST_VCPU_WAKEUP);
    p = C(e, COST_PI_PROCESS);
    vi = C(e, COST_VMENTRY_INJECT);
    g = C(e, COST_GUEST_HANDLER);
    run_to(e, 0);
    assert_int_equal(vcpu_state_of(e->v[0]), VCPU_HALTED);
    assert_int_equal(st->exits[VCPU_EXIT_HLT], 1);
    expect_pid(e, 4, WAKEV, 1, false, false);
    assert_null(pcpu_current(e->p1));

    run_to(e, t0);
    assert_true(post(e, 4, 0x61, 3));
    run_to(e, t0 + d + h + w + p + vi - 1);
    assert_int_equal(st->wake_lat_n, 0);
    run_to(e, t0 + d + h + w + p + vi);
    assert_int_equal(st->wake_lat_n, 1);
    assert_int_equal(st->wake_lat_sum_ps, w + p + vi);
    assert_int_equal(st->wake_lat_max_ps, w + p + vi);
    assert_int_equal(st->wake_lat_max_ps, UINT64_C(4116667));
    run_to(e, t0 + d + h + w + p + vi + g);
    assert_int_equal(e->n, 1);
    assert_int_equal(e->s[0].seq, 3);
    /* back in the idle loop: HLT again, blocked */
    assert_int_equal(vcpu_state_of(e->v[0]), VCPU_HALTED);
    assert_int_equal(st->exits[VCPU_EXIT_HLT], 2);
    assert_int_equal(st->wakeups, 1);
    assert_int_equal(st->halt_polls, 0);
    env_free(e);
}

/* VCPU-POLL-01: with halt polling the vCPU thread keeps its pCPU after the
 * HLT exit; a posting in that window notifies the pCPU (host mode: the
 * notification handler does nothing but the poll sees ON) and the vCPU
 * re-enters without a wakeup; a window with no event ends in a block. */
static void test_halt_poll(void **state)
{
    const sim_time_t poll = SIM_US(200), t0 = SIM_US(10);
    struct env *e = env_idle(poll);
    sim_time_t d, h, p, vi, g, tin;
    const struct vcpu_stats *st = vcpu_stats(e->v[0]);

    (void)state;
    d = C(e, COST_APIC_DELIVER);
    h = C(e, COST_HOST_HANDLER);
    p = C(e, COST_PI_PROCESS);
    vi = C(e, COST_VMENTRY_INJECT);
    g = C(e, COST_GUEST_HANDLER);
    run_to(e, 0);
    assert_int_equal(vcpu_state_of(e->v[0]), VCPU_RUNNING);
    assert_false(vcpu_in_guest(e->v[0]));
    assert_int_equal(st->halt_polls, 1);
    expect_pid(e, 4, PINV, 1, false, false);    /* still as running */

    run_to(e, t0);
    assert_true(post(e, 4, 0x62, 4));           /* PINV to pCPU 1 */
    tin = t0 + d + h + p + vi;
    run_to(e, tin + g);
    assert_int_equal(e->n, 1);
    assert_int_equal(e->s[0].t, tin + g);
    assert_int_equal(e->s[0].seq, 4);
    assert_int_equal(st->halt_poll_hits, 1);
    assert_int_equal(st->wakeups, 0);
    assert_int_equal(st->halt_poll_ps, t0 + d + h);
    assert_int_equal(pcpu_stats(e->p1)->pi_notif_host, 1);
    /* polling again since the handler returned; no event: blocks */
    assert_int_equal(st->halt_polls, 2);
    run_to(e, tin + g + poll - 1);
    assert_int_equal(vcpu_state_of(e->v[0]), VCPU_RUNNING);
    run_to(e, tin + g + poll);
    assert_int_equal(vcpu_state_of(e->v[0]), VCPU_HALTED);
    expect_pid(e, 4, WAKEV, 1, false, false);
    assert_int_equal(st->halt_poll_hits, 1);
    assert_int_equal(st->halt_poll_ps, t0 + d + h + poll);
    env_free(e);
}

/* VCPU-APICV-01: without APICv each guest EOI write is a VM exit (reason
 * EOI); the next pending vector is injected at the entry after it, not
 * delivered in guest mode. */
static void test_no_apicv_eoi_exit(void **state)
{
    struct env *e = env_new();
    struct apic_vm_config vmc = { .deliver = guest_handler, .ctx = e,
                                  .auto_eoi = true, .no_apicv = true };
    struct apic_vm *vm;
    struct vcpu *v;
    sim_time_t kick, k, vi, g, t1;

    (void)state;
    kick = C(e, COST_VCPU_KICK);
    k = C(e, COST_VMEXIT_KERNEL);
    vi = C(e, COST_VMENTRY_INJECT);
    g = C(e, COST_GUEST_HANDLER);
    assert_int_equal(apic_vm_create(e->f, &vmc, &vm), 0);
    assert_int_equal(vcpu_create(vm, 0, PID_OF(4), &v), 0);
    assert_int_equal(vcpu_sched_add(v, e->p1, true), 0);
    assert_true(vcpu_in_guest(v));
    /* two injections (the remapped path's host handler) at once */
    assert_int_equal(vcpu_inject(v, 0x45, NULL), 0);
    assert_int_equal(vcpu_inject(v, 0x55, NULL), 0);
    t1 = kick + k + vi + g;
    run_to(e, t1);
    assert_int_equal(e->n, 1);
    assert_int_equal(e->s[0].vec, 0x55);
    assert_false(vcpu_in_guest(v));             /* the EOI exit */
    assert_int_equal(vcpu_stats(v)->exits[VCPU_EXIT_EOI], 1);
    assert_true(vcpu_virr_test(v, 0x45));
    run_to(e, t1 + k + vi + g);
    assert_int_equal(e->n, 2);
    assert_int_equal(e->s[1].vec, 0x45);
    assert_int_equal(e->s[1].t, t1 + k + vi + g);
    assert_int_equal(e->s[1].t, UINT64_C(3566666));
    assert_int_equal(vcpu_stats(v)->exits[VCPU_EXIT_EOI], 2);
    assert_int_equal(vcpu_stats(v)->entries_inject, 2);
    run_to(e, t1 + 2 * (k + vi + g) + k);
    assert_true(vcpu_in_guest(v));
    assert_int_equal(vcpu_stats(v)->exits_total, 3);    /* kick, 2 EOI */
    assert_string_equal(vcpu_exit_reason_name(VCPU_EXIT_EOI), "eoi");
    env_free(e);
}

/* cost_ps: ns costs as they are, cycles at cpu_hz to the nearest ps, the
 * nested factor on VM exits and hypercalls only (0 counts as 1). */
static void test_cost_ps(void **state)
{
    struct cost_model cm;

    (void)state;
    cost_model_default(&cm);
    assert_int_equal(cost_ps(&cm, COST_IEC_HIT), 5000);          /* 15 cyc */
    assert_int_equal(cost_ps(&cm, COST_PI_NOTIFY), 200000);      /* 200 ns */
    assert_int_equal(cost_ps(&cm, COST_VMEXIT_KERNEL), 833333);  /* 2500 cyc */
    cm.nested_factor = 5;
    assert_int_equal(cost_ps(&cm, COST_VMEXIT_KERNEL), 4166667);
    assert_int_equal(cost_ps(&cm, COST_HYPERCALL), 4166667);
    assert_int_equal(cost_ps(&cm, COST_VMENTRY_INJECT), 100000); /* not nested */
    assert_int_equal(cost_ps(&cm, COST_HV_VMBUS_MSG), 100000000);
    cm.nested_factor = 0;
    assert_int_equal(cost_ps(&cm, COST_VMEXIT_USER), 2000000);   /* 6000 cyc */
    cm.cpu_hz = 0;
    assert_int_equal(cost_ps(&cm, COST_GUEST_HANDLER), 0);
    assert_int_equal(cost_ps(&cm, COST_VCPU_KICK), 1500000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cost_ps),
        cmocka_unit_test(test_share_one_pcpu),
        cmocka_unit_test(test_wakeup_preempts),
        cmocka_unit_test(test_free_placement),
        cmocka_unit_test(test_idle_wakeup),
        cmocka_unit_test(test_halt_poll),
        cmocka_unit_test(test_no_apicv_eoi_exit),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
