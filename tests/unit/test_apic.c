/* SPDX-License-Identifier: MIT */
/*
 * test_apic.c - the APIC bus, LAPIC, vCPU and posted-interrupt model
 * (models/apic): exact states and times for each rule in docs/rules.md,
 * "LAPIC and vCPU (models/apic)".
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "models/apic/apic.h"
#include "models/cost.h"
#include "models/iommu/pid.h"
#include "models/mem/mem.h"
#include "models/trace-events.h"
#include "sim/sim.h"
#include "sim/trace.h"

#define MEM_BASE 0x100000u
#define PID0 (MEM_BASE + 0x40u)
#define PID1 (MEM_BASE + 0x80u)
#define PINV APIC_PI_NV_DEFAULT
#define WAKEV APIC_PI_WAKEUP_NV_DEFAULT

/* ---- observations ------------------------------------------------------ */

#define OBS_MAX 16
#define OBS_TAGS 8

struct seen {
    sim_time_t t;
    uint32_t who;       /* vCPU ID, or APIC ID for host handlers */
    uint8_t vec;
    size_t n;
    uint64_t seq[OBS_TAGS];
};

struct obs {
    struct seen s[OBS_MAX];
    int n;
};

struct env {
    struct sim *sim;
    struct mem mem;
    struct cost_model cm;
    struct apic_fabric *f;
    struct apic_sink sink;
    struct pcpu *p1;
    struct pcpu *p2;
    struct apic_vm *vm;
    struct vcpu *v;
    struct obs guest;
    struct obs host;
    /* host handler behaviour: inject this vector into v (0: none) */
    uint8_t host_inject_vec;
};

static void note(struct env *e, struct obs *o, uint32_t who, uint8_t vec,
                 const struct irq_tag *tags, size_t n)
{
    struct seen *s;

    assert_true(o->n < OBS_MAX);
    s = &o->s[o->n++];
    s->t = sim_now(e->sim);
    s->who = who;
    s->vec = vec;
    s->n = n;
    for (size_t i = 0; i < n && i < OBS_TAGS; i++)
        s->seq[i] = tags[i].seq;
}

static void guest_handler(void *ctx, uint32_t vcpu_id, uint8_t vector,
                          const struct irq_tag *tags, size_t n)
{
    struct env *e = ctx;

    note(e, &e->guest, vcpu_id, vector, tags, n);
}

static void host_handler(void *ctx, struct pcpu *p, uint8_t vector,
                         const struct irq_tag *tags, size_t n)
{
    struct env *e = ctx;

    note(e, &e->host, pcpu_apic_id(p), vector, tags, n);
    if (e->host_inject_vec)
        assert_int_equal(vcpu_inject(e->v, e->host_inject_vec,
                                     n ? &tags[0] : NULL), 0);
}

static sim_time_t C(const struct env *e, enum cost_id id)
{
    return cost_ps(&e->cm, id);
}

static struct env *env_new(bool xapic)
{
    struct env *e = calloc(1, sizeof(*e));
    struct apic_fabric_config cfg;
    struct apic_vm_config vmc = { .deliver = guest_handler };

    assert_non_null(e);
    assert_int_equal(sim_create(&e->sim, NULL), 0);
    mem_init(&e->mem);
    assert_int_equal(mem_add_region(&e->mem, MEM_BASE, 0x1000), 0);
    cost_model_default(&e->cm);
    apic_fabric_config_default(&cfg);
    cfg.xapic = xapic;
    assert_int_equal(apic_fabric_create(&e->f, e->sim, &e->mem, &e->cm, &cfg),
                     0);
    e->sink = apic_fabric_sink(e->f);
    assert_int_equal(pcpu_create(e->f, 1, &e->p1), 0);
    assert_int_equal(pcpu_create(e->f, 2, &e->p2), 0);
    vmc.ctx = e;
    assert_int_equal(apic_vm_create(e->f, &vmc, &e->vm), 0);
    assert_int_equal(vcpu_create(e->vm, 0, PID0, &e->v), 0);
    return e;
}

static void env_free(struct env *e)
{
    apic_fabric_destroy(e->f);
    sim_destroy(e->sim);
    mem_fini(&e->mem);
    free(e);
}

static void run_to(struct env *e, sim_time_t t)
{
    assert_int_equal(sim_run(e->sim, t), SIM_RUN_DONE);
    assert_int_equal(sim_now(e->sim), t);
}

static void run_all(struct env *e)
{
    assert_int_equal(sim_run(e->sim, SIM_FOREVER), SIM_RUN_DONE);
}

static void send(struct env *e, uint32_t dest, uint8_t vec, uint64_t seq)
{
    struct apic_msg m = {
        .dest = dest, .vector = vec, .dlm = APIC_DLM_FIXED,
        .tag = { .seq = seq, .dev = 1, .adi = 2, .entry = 3 },
    };

    e->sink.deliver(e->sink.ctx, &m);
}

static struct pid pid_get(const struct env *e, uint64_t addr)
{
    struct pid pd;

    assert_int_equal(pid_load(&e->mem, addr, &pd), 0);
    return pd;
}

static void pid_put(struct env *e, uint64_t addr, const struct pid *pd)
{
    assert_int_equal(pid_store(&e->mem, addr, pd), 0);
}

static bool pir_empty(const struct pid *pd)
{
    for (unsigned v = 0; v < 256; v++)
        if (pid_pir_test(pd, v))
            return false;
    return true;
}

/*
 * Post @vec as the IOMMU does (VT-d 5.2.3): set the PIR bit, hand in the
 * evidence, and if ON was clear and SN is clear, set ON and send the
 * notification {NV, NDST}.  Return: whether a notification was sent.
 */
static bool iommu_post(struct env *e, uint64_t addr, uint8_t vec,
                       uint64_t seq, bool xapic)
{
    struct pid pd = pid_get(e, addr);
    struct apic_post post = { .pda = addr, .vector = vec, .tag = { .seq = seq } };
    uint64_t orphans = apic_fabric_stats(e->f)->evidence_orphan;
    bool notify;

    pid_pir_set(&pd, vec);
    e->sink.post(e->sink.ctx, &post);
    assert_int_equal(apic_fabric_stats(e->f)->evidence_orphan, orphans);
    notify = !pid_on(&pd) && !pid_sn(&pd);
    if (notify)
        pid_set_on(&pd, true);
    pid_put(e, addr, &pd);
    if (notify)
        send(e, xapic ? (pid_ndst(&pd) >> 8) & 0xffu : pid_ndst(&pd),
             pid_nv(&pd), seq);
    return notify;
}

/* Run the vCPU on p1 and let it reach guest mode. */
static void enter_guest(struct env *e)
{
    assert_int_equal(vcpu_run_on(e->v, e->p1), 0);
    assert_true(vcpu_in_guest(e->v));
}

/* ---- LAPIC ------------------------------------------------------------- */

/* APIC-PRIO-01, APIC-EOI-01, APIC-DISP-01: two classes arrive together; the
 * higher dispatches APIC_DELIVER later, the lower waits for its EOI. */
static void test_lapic_priority_eoi(void **state)
{
    struct env *e = env_new(false);
    sim_time_t d, h, t1;

    (void)state;
    d = C(e, COST_APIC_DELIVER);
    h = C(e, COST_HOST_HANDLER);
    assert_int_equal(d, 150000);
    assert_int_equal(h, 266667);    /* 800 cycles at 3 GHz */
    assert_int_equal(pcpu_set_handler(e->p1, 0x31, host_handler, e, 0), 0);
    assert_int_equal(pcpu_set_handler(e->p1, 0x81, host_handler, e, 0), 0);
    assert_int_equal(pcpu_set_handler(e->p1, 0x82, host_handler, e, 0), 0);

    send(e, 1, 0x31, 1);
    send(e, 1, 0x81, 2);
    assert_true(lapic_irr_test(e->p1, 0x31));
    assert_true(lapic_irr_test(e->p1, 0x81));
    run_to(e, d - 1);
    assert_false(lapic_isr_test(e->p1, 0x81));
    run_to(e, d);
    assert_true(lapic_isr_test(e->p1, 0x81));
    assert_false(lapic_irr_test(e->p1, 0x81));
    assert_int_equal(lapic_ppr(e->p1), 0x80);
    run_all(e);
    assert_int_equal(e->host.n, 1);
    assert_int_equal(e->host.s[0].vec, 0x81);
    assert_int_equal(e->host.s[0].t, 416667);   /* d + h */
    assert_int_equal(e->host.s[0].n, 1);
    assert_int_equal(e->host.s[0].seq[0], 2);
    /* class 3 waits: PPR 0x80 */
    assert_true(lapic_irr_test(e->p1, 0x31));
    assert_false(lapic_isr_test(e->p1, 0x31));

    /* a same-class vector waits too (class 8 is not above PPR class 8) */
    send(e, 1, 0x82, 3);
    run_all(e);
    assert_int_equal(e->host.n, 1);

    t1 = sim_now(e->sim);
    assert_int_equal(lapic_eoi(e->p1), 0x81);
    assert_int_equal(lapic_ppr(e->p1), 0x00);
    run_all(e);
    /* 0x82 (class 8) before 0x31 (class 3) */
    assert_int_equal(e->host.n, 2);
    assert_int_equal(e->host.s[1].vec, 0x82);
    assert_int_equal(e->host.s[1].t, t1 + d + h);
    assert_int_equal(lapic_eoi(e->p1), 0x82);
    run_all(e);
    assert_int_equal(e->host.n, 3);
    assert_int_equal(e->host.s[2].vec, 0x31);
    assert_int_equal(e->host.s[2].t, t1 + 2 * (d + h));
    assert_int_equal(lapic_eoi(e->p1), 0x31);
    assert_int_equal(lapic_eoi(e->p1), -ENOENT);
    assert_int_equal(pcpu_stats(e->p1)->dispatched, 3);
    assert_int_equal(pcpu_stats(e->p1)->eoi, 3);
    env_free(e);
}

/* APIC-EOI-01, APIC-PRIO-01: a higher class nests over a lower one whose
 * handler returned without EOI; EOI clears the highest ISR bit first. */
static void test_lapic_nesting(void **state)
{
    struct env *e = env_new(false);
    sim_time_t d, h, t1;

    (void)state;
    d = C(e, COST_APIC_DELIVER);
    h = C(e, COST_HOST_HANDLER);
    assert_int_equal(pcpu_set_handler(e->p1, 0x31, host_handler, e, 0), 0);
    assert_int_equal(pcpu_set_handler(e->p1, 0x81, host_handler, e, 0), 0);
    send(e, 1, 0x31, 1);
    run_all(e);
    t1 = sim_now(e->sim);
    assert_int_equal(t1, d + h);
    send(e, 1, 0x81, 2);
    run_all(e);
    assert_int_equal(e->host.n, 2);
    assert_int_equal(e->host.s[1].t, t1 + d + h);
    assert_true(lapic_isr_test(e->p1, 0x31));
    assert_true(lapic_isr_test(e->p1, 0x81));
    assert_int_equal(lapic_eoi(e->p1), 0x81);
    assert_int_equal(lapic_eoi(e->p1), 0x31);
    env_free(e);
}

/* APIC-PRIO-02: TPR holds back classes at or below it. */
static void test_lapic_tpr(void **state)
{
    struct env *e = env_new(false);
    sim_time_t d, h, t1;

    (void)state;
    d = C(e, COST_APIC_DELIVER);
    h = C(e, COST_HOST_HANDLER);
    assert_int_equal(pcpu_set_handler(e->p1, 0x45, host_handler, e,
                                      PCPU_HANDLER_EOI), 0);
    assert_int_equal(pcpu_set_handler(e->p1, 0x55, host_handler, e,
                                      PCPU_HANDLER_EOI), 0);
    assert_int_equal(lapic_set_tpr(e->p1, 0x50), 0);
    assert_int_equal(lapic_ppr(e->p1), 0x50);
    send(e, 1, 0x45, 1);
    send(e, 1, 0x55, 2);
    run_to(e, SIM_US(10));
    assert_int_equal(e->host.n, 0);
    assert_true(lapic_irr_test(e->p1, 0x55));
    t1 = sim_now(e->sim);
    assert_int_equal(lapic_set_tpr(e->p1, 0x40), 0);
    run_all(e);
    /* 0x55 now above PPR 0x40; 0x45 still held back */
    assert_int_equal(e->host.n, 1);
    assert_int_equal(e->host.s[0].vec, 0x55);
    assert_int_equal(e->host.s[0].t, t1 + d + h);
    assert_false(lapic_isr_test(e->p1, 0x55));  /* auto EOI */
    assert_true(lapic_irr_test(e->p1, 0x45));
    t1 = sim_now(e->sim);
    assert_int_equal(lapic_set_tpr(e->p1, 0x00), 0);
    run_all(e);
    assert_int_equal(e->host.n, 2);
    assert_int_equal(e->host.s[1].vec, 0x45);
    assert_int_equal(e->host.s[1].t, t1 + d + h);
    env_free(e);
}

/* APIC-COAL-01: an edge interrupt to a vector already in IRR collapses;
 * every tag is reported at the one dispatch.  A vector in service may have
 * one more request queued in IRR (not a collapse). */
static void test_lapic_coalesce(void **state)
{
    struct env *e = env_new(false);
    sim_time_t d, h, t1;

    (void)state;
    d = C(e, COST_APIC_DELIVER);
    h = C(e, COST_HOST_HANDLER);
    assert_int_equal(pcpu_set_handler(e->p1, 0x40, host_handler, e, 0), 0);
    send(e, 1, 0x40, 1);
    send(e, 1, 0x40, 2);
    send(e, 1, 0x40, 3);
    assert_int_equal(pcpu_stats(e->p1)->accepted, 3);
    assert_int_equal(pcpu_stats(e->p1)->coalesced, 2);
    run_all(e);
    assert_int_equal(e->host.n, 1);
    assert_int_equal(e->host.s[0].t, d + h);
    assert_int_equal(e->host.s[0].n, 3);
    assert_int_equal(e->host.s[0].seq[0], 1);
    assert_int_equal(e->host.s[0].seq[1], 2);
    assert_int_equal(e->host.s[0].seq[2], 3);

    /* in service (no EOI yet): the next one queues in IRR */
    send(e, 1, 0x40, 4);
    assert_int_equal(pcpu_stats(e->p1)->coalesced, 2);
    assert_true(lapic_isr_test(e->p1, 0x40));
    assert_true(lapic_irr_test(e->p1, 0x40));
    run_all(e);
    assert_int_equal(e->host.n, 1);
    t1 = sim_now(e->sim);
    assert_int_equal(lapic_eoi(e->p1), 0x40);
    run_all(e);
    assert_int_equal(e->host.n, 2);
    assert_int_equal(e->host.s[1].t, t1 + d + h);
    assert_int_equal(e->host.s[1].n, 1);
    assert_int_equal(e->host.s[1].seq[0], 4);
    env_free(e);
}

/* APIC-ACC-01: vectors 0-15 are refused with ESR bit 6; a vector with no
 * handler is EOI'd and counted (APIC-UNH-01). */
static void test_lapic_illegal_and_unhandled(void **state)
{
    struct env *e = env_new(false);

    (void)state;
    send(e, 1, 0x0a, 1);
    assert_false(lapic_irr_test(e->p1, 0x0a));
    assert_int_equal(lapic_esr(e->p1), LAPIC_ESR_RX_ILLEGAL_VEC);
    assert_int_equal(pcpu_stats(e->p1)->illegal_vector, 1);
    assert_int_equal(pcpu_stats(e->p1)->accepted, 0);
    send(e, 1, 0x99, 2);
    run_all(e);
    assert_int_equal(pcpu_stats(e->p1)->unhandled, 1);
    assert_false(lapic_isr_test(e->p1, 0x99));
    assert_int_equal(pcpu_set_handler(e->p1, 0x0a, host_handler, e, 0),
                     -EINVAL);
    assert_int_equal(pcpu_set_handler(e->p1, PINV, host_handler, e, 0),
                     -EBUSY);
    assert_int_equal(pcpu_set_handler(e->p1, WAKEV, host_handler, e, 0),
                     -EBUSY);
    assert_int_equal(pcpu_set_handler(e->p1, 0x50, host_handler, e, 0x8),
                     -EINVAL);
    env_free(e);
}

/* ---- fabric ------------------------------------------------------------ */

/* APIC-BUS-01..04: physical routing, broadcast, logical cluster, drops. */
static void test_fabric_routing(void **state)
{
    struct env *e = env_new(false);
    const struct apic_fabric_stats *st = apic_fabric_stats(e->f);
    struct pcpu *p;
    struct apic_msg m = { .vector = 0x60, .dlm = APIC_DLM_FIXED };

    (void)state;
    send(e, 2, 0x50, 1);
    assert_false(lapic_irr_test(e->p1, 0x50));
    assert_true(lapic_irr_test(e->p2, 0x50));

    send(e, 7, 0x51, 2);                    /* nobody has APIC ID 7 */
    assert_int_equal(st->dropped_no_dest, 1);
    assert_false(lapic_irr_test(e->p1, 0x51));
    assert_false(lapic_irr_test(e->p2, 0x51));

    send(e, APIC_BCAST_X2APIC, 0x52, 3);
    assert_true(lapic_irr_test(e->p1, 0x52));
    assert_true(lapic_irr_test(e->p2, 0x52));

    /* x2APIC logical: cluster 0, bit 2 = APIC ID 2 (SDM 11.12.10.2) */
    m.dest_logical = true;
    m.dest = X2APIC_LDR(2);
    assert_int_equal(m.dest, 0x4);
    e->sink.deliver(e->sink.ctx, &m);
    assert_false(lapic_irr_test(e->p1, 0x60));
    assert_true(lapic_irr_test(e->p2, 0x60));
    m.dest = UINT32_C(1) << 16 | 0x4;       /* cluster 1: nobody */
    e->sink.deliver(e->sink.ctx, &m);
    assert_int_equal(st->dropped_no_dest, 2);

    m.dest_logical = false;
    m.dest = 1;
    m.dlm = APIC_DLM_NMI;
    e->sink.deliver(e->sink.ctx, &m);
    assert_int_equal(st->dropped_dlm, 1);

    assert_int_equal(st->msgs, 6);
    assert_int_equal(st->delivered, 3);
    assert_int_equal(pcpu_create(e->f, 2, &p), -EEXIST);
    assert_int_equal(pcpu_create(e->f, APIC_BCAST_X2APIC, &p), -EINVAL);
    assert_ptr_equal(pcpu_find(e->f, 2), e->p2);
    assert_null(pcpu_find(e->f, 3));
    env_free(e);
}

/* APIC-BUS-03 (xAPIC): flat logical model, 0xff broadcast, 8-bit IDs. */
static void test_fabric_xapic(void **state)
{
    struct env *e = env_new(true);
    struct pcpu *p;
    struct apic_msg m = { .vector = 0x60, .dlm = APIC_DLM_FIXED,
                          .dest_logical = true, .dest = 0x02 };

    (void)state;
    e->sink.deliver(e->sink.ctx, &m);       /* LDR 0: matches nothing */
    assert_int_equal(apic_fabric_stats(e->f)->dropped_no_dest, 1);
    assert_int_equal(lapic_set_ldr(e->p2, 0x02), 0);
    assert_int_equal(lapic_set_ldr(e->p2, 0x100), -EINVAL);
    e->sink.deliver(e->sink.ctx, &m);
    assert_true(lapic_irr_test(e->p2, 0x60));
    send(e, APIC_BCAST_XAPIC, 0x61, 1);
    assert_true(lapic_irr_test(e->p1, 0x61));
    assert_true(lapic_irr_test(e->p2, 0x61));
    assert_int_equal(pcpu_create(e->f, 0x100, &p), -EINVAL);
    env_free(e);
}

/* ---- PI management ----------------------------------------------------- */

static void expect_pid(const struct env *e, uint64_t addr, uint8_t nv,
                       uint32_t ndst, bool sn, bool on)
{
    struct pid pd = pid_get(e, addr);

    assert_int_equal(pid_nv(&pd), nv);
    assert_int_equal(pid_ndst(&pd), ndst);
    assert_int_equal(pid_sn(&pd), sn);
    assert_int_equal(pid_on(&pd), on);
}

/* VCPU-INIT-01, PI-NV-01, PI-SN-01, PI-WAKE-01, VCPU-HLT-01: the PID after
 * each state transition, and the API's refusals. */
static void test_pid_transitions(void **state)
{
    struct env *e = env_new(false);
    struct vcpu *w;
    const struct vcpu_stats *st = vcpu_stats(e->v);

    (void)state;
    assert_int_equal(vcpu_state_of(e->v), VCPU_DESCHEDULED);
    expect_pid(e, PID0, PINV, 0, true, false);

    assert_int_equal(vcpu_run_on(e->v, e->p1), 0);
    assert_int_equal(vcpu_state_of(e->v), VCPU_RUNNING);
    assert_ptr_equal(pcpu_current(e->p1), e->v);
    expect_pid(e, PID0, PINV, 1, false, false);
    assert_int_equal(vcpu_run_on(e->v, e->p1), 0);
    assert_int_equal(vcpu_run_on(e->v, e->p2), -EBUSY);

    assert_int_equal(vcpu_deschedule(e->v), 0);
    assert_int_equal(vcpu_state_of(e->v), VCPU_DESCHEDULED);
    assert_null(pcpu_current(e->p1));
    expect_pid(e, PID0, PINV, 1, true, false);
    assert_int_equal(vcpu_deschedule(e->v), 0);
    assert_int_equal(vcpu_halt(e->v), -EINVAL);

    /* migrate to p2 */
    assert_int_equal(vcpu_run_on(e->v, e->p2), 0);
    expect_pid(e, PID0, PINV, 2, false, false);

    assert_int_equal(vcpu_halt(e->v), 0);
    assert_int_equal(vcpu_state_of(e->v), VCPU_HALTED);
    assert_null(pcpu_current(e->p2));
    assert_ptr_equal(vcpu_pcpu(e->v), e->p2);
    expect_pid(e, PID0, WAKEV, 2, false, false);
    assert_int_equal(vcpu_run_on(e->v, e->p2), -EINVAL);
    assert_int_equal(vcpu_deschedule(e->v), -EINVAL);

    assert_int_equal(st->exits[VCPU_EXIT_PREEMPT], 1);
    assert_int_equal(st->exits[VCPU_EXIT_HLT], 1);
    assert_int_equal(st->exits_total, 2);
    assert_int_equal(st->entries, 2);

    /* refusals at creation */
    assert_int_equal(vcpu_create(e->vm, 1, PID0 + 8, &w), -EINVAL);
    assert_int_equal(vcpu_create(e->vm, 1, 0x40, &w), -EFAULT);
    assert_int_equal(vcpu_create(e->vm, 1, PID0, &w), -EEXIST);
    assert_int_equal(vcpu_create(e->vm, 0, PID1, &w), -EEXIST);
    assert_int_equal(vcpu_create(e->vm, 1, PID1, &w), 0);
    assert_int_equal(vcpu_run_on(w, e->p1), 0);
    assert_int_equal(vcpu_create(e->vm, 2, PID1 + 0x40, &w), 0);
    assert_int_equal(vcpu_run_on(w, e->p1), -EBUSY);
    assert_ptr_equal(vcpu_by_pid(e->f, PID1 + 0x40), w);
    env_free(e);
}

/* PI-NV-01 (xAPIC): NDST holds the APIC ID in bits 15:8. */
static void test_pid_xapic_ndst(void **state)
{
    struct env *e = env_new(true);

    (void)state;
    assert_int_equal(vcpu_run_on(e->v, e->p2), 0);
    expect_pid(e, PID0, PINV, 0x200, false, false);
    assert_int_equal(vcpu_halt(e->v), 0);
    expect_pid(e, PID0, WAKEV, 0x200, false, false);
    env_free(e);
}

/* ---- posted delivery --------------------------------------------------- */

/* PI-PROC-01, PI-PROC-02, PI-EVID-01: the notification in guest mode is
 * processed without a VM exit; vIRR gets the bit, ON and the PIR are
 * cleared, the guest handler is entered at D + P + G.  The notification's
 * travel (COST_PI_NOTIFY) is the sender's (the IOMMU's step_notify): the
 * APIC charges it no second time (COST-PI-01). */
static void test_pi_guest_mode(void **state)
{
    struct env *e = env_new(false);
    const sim_time_t t0 = 1000;
    sim_time_t d, p, g;
    struct pid pd;

    (void)state;
    d = C(e, COST_APIC_DELIVER);
    p = C(e, COST_PI_PROCESS);
    g = C(e, COST_GUEST_HANDLER);
    enter_guest(e);
    run_to(e, t0);
    assert_true(iommu_post(e, PID0, 0x45, 7, false));
    assert_true(lapic_irr_test(e->p1, PINV));

    run_to(e, t0 + d - 1);
    assert_true(lapic_irr_test(e->p1, PINV));
    assert_false(lapic_isr_test(e->p1, PINV));
    pd = pid_get(e, PID0);
    assert_true(pid_on(&pd));
    assert_false(vcpu_virr_test(e->v, 0x45));

    /* dispatch and processing at the same instant */
    run_to(e, t0 + d);
    pd = pid_get(e, PID0);
    assert_false(pid_on(&pd));
    assert_true(pir_empty(&pd));
    assert_true(vcpu_virr_test(e->v, 0x45));
    assert_false(lapic_isr_test(e->p1, PINV));
    assert_false(lapic_irr_test(e->p1, PINV));
    assert_int_equal(e->guest.n, 0);

    run_all(e);
    assert_int_equal(e->guest.n, 1);
    assert_int_equal(e->guest.s[0].t, t0 + d + p + g);
    assert_int_equal(e->guest.s[0].t, 267667);
    assert_int_equal(e->guest.s[0].who, 0);
    assert_int_equal(e->guest.s[0].vec, 0x45);
    assert_int_equal(e->guest.s[0].n, 1);
    assert_int_equal(e->guest.s[0].seq[0], 7);
    assert_false(vcpu_virr_test(e->v, 0x45));
    assert_true(vcpu_visr_test(e->v, 0x45));
    assert_int_equal(vcpu_vppr(e->v), 0x40);
    assert_true(vcpu_in_guest(e->v));
    assert_int_equal(vcpu_stats(e->v)->exits_total, 0);
    assert_int_equal(vcpu_stats(e->v)->pi_notif_guest, 1);
    assert_int_equal(vcpu_stats(e->v)->delivered, 1);
    assert_int_equal(pcpu_stats(e->p1)->pi_notif_guest, 1);
    assert_int_equal(pcpu_stats(e->p1)->host_irqs, 0);
    assert_int_equal(vcpu_eoi(e->v), 0x45);
    assert_int_equal(vcpu_eoi(e->v), -ENOENT);
    assert_int_equal(apic_fabric_stats(e->f)->evidence_posted, 1);
    env_free(e);
}

/* PI-PROC-02, PI-EOI-01: two posted vectors of different classes; the lower
 * one is delivered GUEST_HANDLER after the virtual EOI of the higher. */
static void test_pi_virtual_priority(void **state)
{
    struct env *e = env_new(false);
    sim_time_t d, p, g, t1;

    (void)state;
    d = C(e, COST_APIC_DELIVER);
    p = C(e, COST_PI_PROCESS);
    g = C(e, COST_GUEST_HANDLER);
    enter_guest(e);
    assert_true(iommu_post(e, PID0, 0x35, 1, false));
    assert_false(iommu_post(e, PID0, 0x85, 2, false));  /* ON already set */
    run_all(e);
    assert_int_equal(e->guest.n, 1);
    assert_int_equal(e->guest.s[0].vec, 0x85);
    assert_int_equal(e->guest.s[0].t, d + p + g);
    assert_true(vcpu_virr_test(e->v, 0x35));
    t1 = sim_now(e->sim);
    assert_int_equal(vcpu_eoi(e->v), 0x85);
    run_all(e);
    assert_int_equal(e->guest.n, 2);
    assert_int_equal(e->guest.s[1].vec, 0x35);
    assert_int_equal(e->guest.s[1].t, t1 + g);
    assert_int_equal(e->guest.s[1].seq[0], 1);

    /* the guest's TPR holds a class back until lowered */
    assert_int_equal(vcpu_eoi(e->v), 0x35);
    assert_int_equal(vcpu_set_tpr(e->v, 0x60), 0);
    assert_int_equal(vcpu_inject(e->v, 0x55, NULL), 0);
    run_all(e);                 /* kicked and re-entered, not delivered */
    assert_int_equal(e->guest.n, 2);
    assert_int_equal(vcpu_stats(e->v)->entries_inject, 0);
    t1 = sim_now(e->sim);
    assert_int_equal(vcpu_set_tpr(e->v, 0x00), 0);
    run_all(e);
    assert_int_equal(e->guest.n, 3);
    assert_int_equal(e->guest.s[2].vec, 0x55);
    assert_int_equal(e->guest.s[2].t, t1 + g);
    env_free(e);
}

/* PI-WAKE-01, PI-WAKE-02, PI-SYNC-01: a halted vCPU is woken through the
 * wakeup vector; the PIR is synced at VM entry and the vector injected. */
static void test_pi_halted_wakeup(void **state)
{
    struct env *e = env_new(false);
    const sim_time_t t0 = 1000;
    sim_time_t d, h, w, p, vi, g;
    const struct vcpu_stats *st = vcpu_stats(e->v);
    struct pid pd;

    (void)state;
    d = C(e, COST_APIC_DELIVER);
    h = C(e, COST_HOST_HANDLER);
    w = C(e, COST_VCPU_WAKEUP);
    p = C(e, COST_PI_PROCESS);
    vi = C(e, COST_VMENTRY_INJECT);
    g = C(e, COST_GUEST_HANDLER);
    enter_guest(e);
    assert_int_equal(vcpu_halt(e->v), 0);
    expect_pid(e, PID0, WAKEV, 1, false, false);

    run_to(e, t0);
    assert_true(iommu_post(e, PID0, 0x51, 5, false));  /* sends 0xf1 to 1 */
    assert_true(lapic_irr_test(e->p1, WAKEV));

    run_to(e, t0 + d + h);
    assert_int_equal(vcpu_state_of(e->v), VCPU_HALTED);
    assert_int_equal(pcpu_stats(e->p1)->wakeup_irqs, 1);
    assert_false(lapic_isr_test(e->p1, WAKEV));
    assert_int_equal(st->wakeups, 1);

    run_to(e, t0 + d + h + w);
    assert_int_equal(vcpu_state_of(e->v), VCPU_RUNNING);
    assert_false(vcpu_in_guest(e->v));
    pd = pid_get(e, PID0);
    assert_false(pid_on(&pd));
    assert_true(pir_empty(&pd));
    assert_true(vcpu_virr_test(e->v, 0x51));
    expect_pid(e, PID0, PINV, 1, false, false);

    run_all(e);
    assert_int_equal(e->guest.n, 1);
    assert_int_equal(e->guest.s[0].vec, 0x51);
    assert_int_equal(e->guest.s[0].t, t0 + d + h + w + p + vi + g);
    assert_int_equal(e->guest.s[0].t, 4634334);
    assert_int_equal(e->guest.s[0].seq[0], 5);
    assert_int_equal(st->exits[VCPU_EXIT_HLT], 1);
    assert_int_equal(st->exits_total, 1);
    assert_int_equal(st->pir_syncs, 1);
    assert_int_equal(st->entries_inject, 1);
    assert_int_equal(st->pi_notif_guest, 0);
    assert_true(vcpu_in_guest(e->v));
    env_free(e);
}

/* PI-WAKE-02: the wakeup handler wakes only vCPUs whose ON is set. */
static void test_pi_wakeup_needs_on(void **state)
{
    struct env *e = env_new(false);

    (void)state;
    enter_guest(e);
    assert_int_equal(vcpu_halt(e->v), 0);
    send(e, 1, WAKEV, 0);
    run_all(e);
    assert_int_equal(pcpu_stats(e->p1)->wakeup_irqs, 1);
    assert_int_equal(vcpu_state_of(e->v), VCPU_HALTED);
    assert_int_equal(vcpu_stats(e->v)->wakeups, 0);
    env_free(e);
}

/* PI-HOST-01: the notification vector taken in host mode does nothing. */
static void test_pi_notify_host_mode(void **state)
{
    struct env *e = env_new(false);

    (void)state;
    send(e, 2, PINV, 0);
    run_all(e);
    assert_int_equal(pcpu_stats(e->p2)->pi_notif_host, 1);
    assert_int_equal(pcpu_stats(e->p2)->host_irqs, 1);
    assert_false(lapic_isr_test(e->p2, PINV));
    assert_int_equal(sim_now(e->sim),
                     C(e, COST_APIC_DELIVER) + C(e, COST_HOST_HANDLER));
    env_free(e);
}

/* PI-SN-01, PI-SN-02: a descheduled vCPU (SN=1) accumulates its PIR without
 * notification; the PIR is synced at its next VM entry. */
static void test_pi_descheduled(void **state)
{
    struct env *e = env_new(false);
    const sim_time_t t1 = 5000;
    sim_time_t p, vi, g;
    struct pid pd;

    (void)state;
    p = C(e, COST_PI_PROCESS);
    vi = C(e, COST_VMENTRY_INJECT);
    g = C(e, COST_GUEST_HANDLER);
    enter_guest(e);
    assert_int_equal(vcpu_deschedule(e->v), 0);
    expect_pid(e, PID0, PINV, 1, true, false);

    run_to(e, 1000);
    assert_false(iommu_post(e, PID0, 0x61, 9, false));     /* SN: no notify */
    run_to(e, t1);
    assert_int_equal(e->guest.n, 0);
    assert_false(vcpu_virr_test(e->v, 0x61));
    pd = pid_get(e, PID0);
    assert_true(pid_pir_test(&pd, 0x61));
    assert_false(pid_on(&pd));

    assert_int_equal(vcpu_run_on(e->v, e->p1), 0);
    /* PI load set ON (PIR not empty), the entry synced it at once */
    pd = pid_get(e, PID0);
    assert_false(pid_on(&pd));
    assert_false(pid_sn(&pd));
    assert_true(pir_empty(&pd));
    assert_true(vcpu_virr_test(e->v, 0x61));
    run_all(e);
    assert_int_equal(e->guest.n, 1);
    assert_int_equal(e->guest.s[0].vec, 0x61);
    assert_int_equal(e->guest.s[0].t, t1 + p + vi + g);
    assert_int_equal(e->guest.s[0].seq[0], 9);
    assert_int_equal(vcpu_stats(e->v)->pir_syncs, 1);
    assert_int_equal(vcpu_stats(e->v)->exits[VCPU_EXIT_PREEMPT], 1);
    env_free(e);
}

/* PI-HLT-01: HLT with ON set does not block; the vCPU re-enters. */
static void test_hlt_with_pending(void **state)
{
    struct env *e = env_new(false);
    sim_time_t x, p, vi, g;
    struct pid pd;

    (void)state;
    x = C(e, COST_VMEXIT_KERNEL);
    p = C(e, COST_PI_PROCESS);
    vi = C(e, COST_VMENTRY_INJECT);
    g = C(e, COST_GUEST_HANDLER);
    enter_guest(e);
    /* PIR and ON written, notification not yet arrived */
    pd = pid_get(e, PID0);
    pid_pir_set(&pd, 0x71);
    pid_set_on(&pd, true);
    pid_put(e, PID0, &pd);
    assert_int_equal(vcpu_halt(e->v), 0);
    assert_int_equal(vcpu_state_of(e->v), VCPU_RUNNING);
    expect_pid(e, PID0, PINV, 1, false, true);
    assert_int_equal(vcpu_halt(e->v), -EBUSY);
    run_all(e);
    assert_int_equal(e->guest.n, 1);
    assert_int_equal(e->guest.s[0].t, x + p + vi + g);
    assert_int_equal(vcpu_stats(e->v)->hlt_nonblock, 1);
    assert_int_equal(vcpu_stats(e->v)->exits[VCPU_EXIT_HLT], 1);
    env_free(e);
}

/* ---- non-posted path --------------------------------------------------- */

/* VCPU-INJ-01: injection into a running vCPU kicks it out and injects at
 * re-entry; a second request before the exit coalesces, one kick. */
static void test_inject_running(void **state)
{
    struct env *e = env_new(false);
    const sim_time_t t0 = 2000;
    sim_time_t k, x, vi, g;
    struct irq_tag a = { .seq = 11 }, b = { .seq = 12 };
    const struct vcpu_stats *st = vcpu_stats(e->v);

    (void)state;
    k = C(e, COST_VCPU_KICK);
    x = C(e, COST_VMEXIT_KERNEL);
    vi = C(e, COST_VMENTRY_INJECT);
    g = C(e, COST_GUEST_HANDLER);
    enter_guest(e);
    run_to(e, t0);
    assert_int_equal(vcpu_inject(e->v, 0x33, &a), 0);
    assert_int_equal(vcpu_inject(e->v, 0x33, &b), 0);
    assert_int_equal(vcpu_inject(e->v, 0x0f, &b), -EINVAL);
    assert_true(vcpu_virr_test(e->v, 0x33));
    run_to(e, t0 + k);
    assert_false(vcpu_in_guest(e->v));
    assert_int_equal(st->exits[VCPU_EXIT_KICK], 1);
    run_all(e);
    assert_int_equal(e->guest.n, 1);
    assert_int_equal(e->guest.s[0].t, t0 + k + x + vi + g);
    assert_int_equal(e->guest.s[0].t, 2535333);
    assert_int_equal(e->guest.s[0].n, 2);
    assert_int_equal(e->guest.s[0].seq[0], 11);
    assert_int_equal(e->guest.s[0].seq[1], 12);
    assert_int_equal(st->kicks, 1);
    assert_int_equal(st->coalesced, 1);
    assert_int_equal(st->injected, 2);
    assert_int_equal(st->exits_total, 1);
    assert_int_equal(st->entries_inject, 1);
    env_free(e);
}

/* VCPU-INJ-02: injection into a halted vCPU wakes it. */
static void test_inject_halted(void **state)
{
    struct env *e = env_new(false);
    const sim_time_t t0 = 1000;
    sim_time_t w, vi, g;
    struct irq_tag a = { .seq = 13 };

    (void)state;
    w = C(e, COST_VCPU_WAKEUP);
    vi = C(e, COST_VMENTRY_INJECT);
    g = C(e, COST_GUEST_HANDLER);
    enter_guest(e);
    assert_int_equal(vcpu_halt(e->v), 0);
    run_to(e, t0);
    assert_int_equal(vcpu_inject(e->v, 0x34, &a), 0);
    run_to(e, t0 + w);
    assert_int_equal(vcpu_state_of(e->v), VCPU_RUNNING);
    expect_pid(e, PID0, PINV, 1, false, false);
    run_all(e);
    assert_int_equal(e->guest.n, 1);
    assert_int_equal(e->guest.s[0].t, t0 + w + vi + g);
    assert_int_equal(e->guest.s[0].seq[0], 13);
    assert_int_equal(vcpu_stats(e->v)->wakeups, 1);
    assert_int_equal(vcpu_stats(e->v)->kicks, 0);
    assert_int_equal(vcpu_stats(e->v)->exits_total, 1);     /* the HLT */
    env_free(e);
}

/* VCPU-INJ-03: injection into a descheduled vCPU waits for its next run. */
static void test_inject_descheduled(void **state)
{
    struct env *e = env_new(false);
    const sim_time_t t1 = 3000;

    (void)state;
    assert_int_equal(vcpu_inject(e->v, 0x36, NULL), 0);
    run_to(e, t1);
    assert_int_equal(e->guest.n, 0);
    assert_int_equal(vcpu_run_on(e->v, e->p2), 0);
    run_all(e);
    assert_int_equal(e->guest.n, 1);
    assert_int_equal(e->guest.s[0].n, 0);
    assert_int_equal(e->guest.s[0].t, t1 + C(e, COST_VMENTRY_INJECT) +
                                          C(e, COST_GUEST_HANDLER));
    env_free(e);
}

/* PI-EXIT-01: a remapped host interrupt arriving in guest mode exits
 * (EXTINT); its host handler injects; the vector is delivered at re-entry
 * without a kick. */
static void test_extint_exit_inject(void **state)
{
    struct env *e = env_new(false);
    const sim_time_t t0 = 1000;
    sim_time_t d, h, x, vi, g;
    const struct vcpu_stats *st = vcpu_stats(e->v);

    (void)state;
    d = C(e, COST_APIC_DELIVER);
    h = C(e, COST_HOST_HANDLER);
    x = C(e, COST_VMEXIT_KERNEL);
    vi = C(e, COST_VMENTRY_INJECT);
    g = C(e, COST_GUEST_HANDLER);
    e->host_inject_vec = 0x40;
    assert_int_equal(pcpu_set_handler(e->p1, 0x70, host_handler, e,
                                      PCPU_HANDLER_EOI), 0);
    enter_guest(e);
    run_to(e, t0);
    send(e, 1, 0x70, 21);
    run_to(e, t0 + d);
    assert_false(vcpu_in_guest(e->v));
    assert_int_equal(st->exits[VCPU_EXIT_EXTINT], 1);
    run_all(e);
    assert_int_equal(e->host.n, 1);
    assert_int_equal(e->host.s[0].t, t0 + d + h);
    assert_int_equal(e->guest.n, 1);
    assert_int_equal(e->guest.s[0].vec, 0x40);
    assert_int_equal(e->guest.s[0].t, t0 + d + h + x + vi + g);
    assert_int_equal(e->guest.s[0].seq[0], 21);
    assert_int_equal(st->kicks, 0);
    assert_int_equal(st->exits_total, 1);
    assert_int_equal(pcpu_stats(e->p1)->extint_exits, 1);
    assert_false(lapic_isr_test(e->p1, 0x70));
    env_free(e);
}

/* VCPU-PIIPI-01: KVM's APICv injection into a vCPU in guest mode sets the
 * PIR bit and ON and sends one notification IPI; it is processed without
 * an exit.  A second request for the same vector coalesces, no IPI. */
static void test_deliver_posted_running(void **state)
{
    struct env *e = env_new(false);
    const sim_time_t t0 = 2000;
    struct irq_tag a = { .seq = 11 }, b = { .seq = 12 };
    const struct vcpu_stats *st = vcpu_stats(e->v);

    (void)state;
    enter_guest(e);
    run_to(e, t0);
    assert_int_equal(vcpu_deliver_posted(e->v, 0x35, &a), 0);
    assert_int_equal(vcpu_deliver_posted(e->v, 0x35, &b), 0);
    assert_int_equal(vcpu_deliver_posted(e->v, 0x0f, &b), -EINVAL);
    expect_pid(e, PID0, PINV, 1, false, true);
    assert_false(vcpu_virr_test(e->v, 0x35));   /* in the PIR, not the vIRR */
    run_all(e);
    assert_int_equal(e->guest.n, 1);
    assert_int_equal(e->guest.s[0].vec, 0x35);
    assert_int_equal(e->guest.s[0].t,
                     t0 + C(e, COST_PI_NOTIFY) + C(e, COST_APIC_DELIVER) +
                         C(e, COST_PI_PROCESS) + C(e, COST_GUEST_HANDLER));
    assert_int_equal(e->guest.s[0].t, 468667);
    assert_int_equal(e->guest.s[0].n, 2);
    assert_int_equal(e->guest.s[0].seq[0], 11);
    assert_int_equal(e->guest.s[0].seq[1], 12);
    assert_int_equal(st->pi_ipis, 1);
    assert_int_equal(st->kicks, 0);
    assert_int_equal(st->coalesced, 1);
    assert_int_equal(st->injected, 2);
    assert_int_equal(st->exits_total, 0);
    assert_int_equal(st->pi_notif_guest, 1);
    env_free(e);
}

/* VCPU-PIIPI-01: outside guest mode no IPI is sent: a halted vCPU is woken
 * and syncs the PIR at entry; a descheduled one syncs it when it runs. */
static void test_deliver_posted_exit_halted(void **state)
{
    struct env *e = env_new(false);
    const sim_time_t t0 = 1000, t1 = 20000000;
    struct irq_tag a = { .seq = 13 }, b = { .seq = 14 };
    const struct vcpu_stats *st = vcpu_stats(e->v);
    sim_time_t w, sy, vi, g;

    (void)state;
    w = C(e, COST_VCPU_WAKEUP);
    sy = C(e, COST_PI_PROCESS);
    vi = C(e, COST_VMENTRY_INJECT);
    g = C(e, COST_GUEST_HANDLER);
    enter_guest(e);
    assert_int_equal(vcpu_halt(e->v), 0);
    run_to(e, t0);
    assert_int_equal(vcpu_deliver_posted(e->v, 0x34, &a), 0);
    run_all(e);
    assert_int_equal(e->guest.n, 1);
    assert_int_equal(e->guest.s[0].t, t0 + w + sy + vi + g);
    assert_int_equal(e->guest.s[0].seq[0], 13);
    assert_int_equal(st->wakeups, 1);
    assert_int_equal(st->pir_syncs, 1);
    assert_int_equal(st->pi_ipis, 0);
    assert_int_equal(vcpu_eoi(e->v), 0x34);
    assert_int_equal(vcpu_deschedule(e->v), 0);
    run_to(e, t1);
    assert_int_equal(vcpu_deliver_posted(e->v, 0x37, &b), 0);
    expect_pid(e, PID0, PINV, 1, true, true);
    run_to(e, t1 + SIM_US(10));
    assert_int_equal(e->guest.n, 1);
    assert_int_equal(vcpu_run_on(e->v, e->p2), 0);
    run_all(e);
    assert_int_equal(e->guest.n, 2);
    assert_int_equal(e->guest.s[1].t, t1 + SIM_US(10) + sy + vi + g);
    assert_int_equal(e->guest.s[1].seq[0], 14);
    assert_int_equal(st->pir_syncs, 2);
    assert_int_equal(st->pi_ipis, 0);
    env_free(e);
}

/* PI-EVID-01: evidence for a PID nobody owns is an orphan. */
static void test_evidence_orphan(void **state)
{
    struct env *e = env_new(false);
    struct apic_post orphan = { .pda = PID1, .vector = 0x40, .tag = { .seq = 1 } };
    struct apic_post untagged = { .pda = PID0, .vector = 0x40 };

    (void)state;
    e->sink.post(e->sink.ctx, &orphan);
    assert_int_equal(apic_fabric_stats(e->f)->evidence_orphan, 1);
    /* an untagged posting to an owned PID keeps nothing */
    e->sink.post(e->sink.ctx, &untagged);
    assert_int_equal(apic_fabric_stats(e->f)->evidence_orphan, 1);
    assert_int_equal(apic_fabric_stats(e->f)->evidence_posted, 0);
    env_free(e);
}

/* Every trace point is emitted with its declared field count. */
static void test_trace_fields(void **state)
{
    struct env *e = env_new(false);
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);

    (void)state;
    if (!SIM_TRACE_ENABLED) {
        if (out)
            fclose(out);
        free(buf);
        env_free(e);
        skip();
    }
    assert_non_null(out);
    assert_int_equal(sim_trace_use(e->sim, imslab_tracepoints,
                                   imslab_tracepoint_count), 0);
    assert_true(sim_trace_enable(e->sim, "apic.*") > 0);
    sim_trace_output(e->sim, out);
    assert_int_equal(pcpu_set_handler(e->p1, 0x70, host_handler, e,
                                      PCPU_HANDLER_EOI), 0);
    e->host_inject_vec = 0x40;
    enter_guest(e);
    assert_true(iommu_post(e, PID0, 0x45, 7, false));
    run_all(e);
    send(e, 1, 0x70, 8);
    send(e, 9, 0x70, 9);
    send(e, 1, 0x05, 10);
    run_all(e);
    assert_int_equal(vcpu_eoi(e->v), 0x45);
    run_all(e);
    assert_int_equal(vcpu_eoi(e->v), 0x40);
    assert_int_equal(vcpu_inject(e->v, 0x41, NULL), 0);
    run_all(e);
    assert_int_equal(vcpu_eoi(e->v), 0x41);
    assert_int_equal(vcpu_halt(e->v), 0);
    (void)iommu_post(e, PID0, 0x46, 11, false);
    run_all(e);
    assert_int_equal(vcpu_deschedule(e->v), 0);
    e->sink.post(e->sink.ctx, &(struct apic_post){ .pda = PID1, .vector = 0x40 });
    fclose(out);
    assert_non_null(strstr(buf, "apic.pi_process"));
    assert_non_null(strstr(buf, "apic.pi_wakeup"));
    assert_non_null(strstr(buf, "apic.vcpu_deliver"));
    assert_non_null(strstr(buf, "apic.apic_drop"));
    assert_null(strstr(buf, "!fields"));
    free(buf);
    env_free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lapic_priority_eoi),
        cmocka_unit_test(test_lapic_nesting),
        cmocka_unit_test(test_lapic_tpr),
        cmocka_unit_test(test_lapic_coalesce),
        cmocka_unit_test(test_lapic_illegal_and_unhandled),
        cmocka_unit_test(test_fabric_routing),
        cmocka_unit_test(test_fabric_xapic),
        cmocka_unit_test(test_pid_transitions),
        cmocka_unit_test(test_pid_xapic_ndst),
        cmocka_unit_test(test_pi_guest_mode),
        cmocka_unit_test(test_pi_virtual_priority),
        cmocka_unit_test(test_pi_halted_wakeup),
        cmocka_unit_test(test_pi_wakeup_needs_on),
        cmocka_unit_test(test_pi_notify_host_mode),
        cmocka_unit_test(test_pi_descheduled),
        cmocka_unit_test(test_hlt_with_pending),
        cmocka_unit_test(test_inject_running),
        cmocka_unit_test(test_inject_halted),
        cmocka_unit_test(test_inject_descheduled),
        cmocka_unit_test(test_extint_exit_inject),
        cmocka_unit_test(test_deliver_posted_running),
        cmocka_unit_test(test_deliver_posted_exit_halted),
        cmocka_unit_test(test_evidence_orphan),
        cmocka_unit_test(test_trace_fields),
    };

    return cmocka_run_group_tests_name("apic", tests, NULL, NULL);
}
