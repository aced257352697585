/* SPDX-License-Identifier: MIT */
/* test_evidence.c - classification of raises and of whole runs. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness/evidence.h"
#include "results/results.h"

static struct irq_tag tag(uint64_t seq, uint32_t dev, uint32_t adi, uint32_t entry)
{
    return (struct irq_tag){ .seq = seq, .dev = dev, .adi = adi, .entry = entry };
}

/* The fates the log streams, by sequence number (for the first 64). */
struct fates {
    enum hx_irq_fate f[64];
    sim_time_t lat[64];
    unsigned told[64];
};

static void note_fate(void *ctx, const struct irq_tag *t, enum hx_irq_fate fate,
                      sim_time_t latency_ps)
{
    struct fates *x = ctx;

    if (t->seq < 64) {
        x->f[t->seq] = fate;
        x->lat[t->seq] = latency_ps;
        x->told[t->seq]++;
    }
}

/* E2E-FATE-01: each raise gets exactly one fate, from what arrived where. */
static void test_fates(void **state)
{
    struct hx_evidence *ev;
    struct hx_result r;
    struct hx_dest want = { 0, 1, 0x41, 0 }, other = { 0, 0, 0x41, 0 };
    struct irq_tag t1, t2, t3, t4, t5, t6, bel;
    struct fates fx;

    (void)state;
    memset(&r, 0, sizeof(r));
    memset(&fx, 0, sizeof(fx));
    assert_int_equal(hx_ev_create(&ev), 0);
    hx_ev_on_fate(ev, note_fate, &fx);
    assert_int_equal(hx_ev_raise(ev, 1000, 0, 0, 3, &want), 1);
    assert_int_equal(hx_ev_raise(ev, 2000, 0, 0, 3, &want), 2);
    assert_int_equal(hx_ev_raise(ev, 3000, 0, 0, 3, &want), 3);
    assert_int_equal(hx_ev_raise(ev, 4000, 0, 0, 3, &want), 4);
    assert_int_equal(hx_ev_raise(ev, 5000, 0, 0, 3, &want), 5);
    assert_int_equal(hx_ev_raise(ev, 6000, 0, 1, 7, NULL), 6);
    t1 = tag(1, 0, 0, 3);
    t2 = tag(2, 0, 0, 3);
    t3 = tag(3, 0, 0, 3);
    t4 = tag(4, 0, 0, 3);
    t5 = tag(5, 0, 0, 3);
    t6 = tag(6, 0, 1, 7);
    bel = tag(0, 0, 0, 3);

    hx_ev_handler(ev, 1000 + 1500000, &want, &bel, &t1, 1);   /* delivered, 1500 ns */
    hx_ev_handler(ev, 2500000, &other, &bel, &t2, 1);         /* wrong vCPU */
    hx_ev_fault(ev, &t3, 0x22);                               /* blocked */
    hx_ev_handler(ev, 9000, &want, &bel, &t1, 1);             /* again: duplicated */
    hx_ev_handler(ev, 9000, &want, NULL, NULL, 0);            /* spurious */
    {
        struct irq_tag wrongname = tag(0, 0, 0, 2);           /* driver names entry 2 */

        hx_ev_handler(ev, 9000, &want, &wrongname, &t5, 1);
    }
    hx_ev_refused(ev, &t6);
    (void)t4;                                                 /* never arrives: lost */
    {
        struct irq_tag untagged = tag(0, 0, 0, 0);

        /* the later reasons (0x27-0x29) have their own counts; a
         * message no raise sent counts by reason but settles no raise */
        hx_ev_fault(ev, &untagged, 0x28);
        hx_ev_fault(ev, &untagged, 0x2a);                     /* not a reason */
    }
    hx_ev_finish(ev, &r);

    assert_int_equal(fx.f[1], HX_FATE_DELIVERED);
    assert_int_equal(fx.f[2], HX_FATE_MISROUTED);
    assert_int_equal(fx.f[3], HX_FATE_FAULTED);
    assert_int_equal(fx.f[4], HX_FATE_LOST);
    assert_int_equal(fx.f[5], HX_FATE_MISROUTED);
    assert_int_equal(fx.f[6], HX_FATE_REFUSED);
    for (int i = 1; i <= 6; i++)
        assert_int_equal(fx.told[i], 1);   /* once each, duplicates aside */
    assert_int_equal(fx.lat[1], 1500000);
    assert_int_equal(fx.lat[2], 0);
    assert_int_equal(hx_ev_pending(ev), 0);
    assert_int_equal(r.raised, 6);
    assert_int_equal(r.delivered, 1);
    assert_int_equal(r.misrouted, 2);
    assert_int_equal(r.faulted, 1);
    assert_int_equal(r.lost, 1);
    assert_int_equal(r.refused, 1);
    assert_int_equal(r.duplicated, 1);
    assert_int_equal(r.spurious, 1);
    assert_int_equal(r.ir_faults[0x22 - 0x20], 1);
    assert_int_equal(r.ir_faults[0x28 - 0x20], 1);
    assert_int_equal(HX_IR_FAULT_N, 10);
    assert_int_equal(r.latency.n, 1);
    assert_int_equal(r.latency.p50_ns, 1500);
    assert_int_equal(r.latency.max_ns, 1500);
    assert_int_equal(hx_classify(&r, false, false), HX_OUT_MIXED);
    assert_int_equal(hx_classify(&r, true, false), HX_OUT_SILENT_FAILURE);
    hx_ev_destroy(ev);
}

/* GUEST-AFF-SET-01: a raise wanted at a lowest-priority set of vCPUs is
 * delivered at any member (the platform picks one), misrouted elsewhere or
 * at another vector; a retarget to a set counts the same way. */
static void test_lowest_set(void **state)
{
    struct hx_evidence *ev;
    struct hx_result r;
    struct hx_dest set = { 0, 0, 0x42, 0x5 };                 /* vCPUs 0, 2 */
    struct hx_dest at0 = { 0, 0, 0x42, 0 }, at2 = { 0, 2, 0x42, 0 },
                   at1 = { 0, 1, 0x42, 0 }, at2v = { 0, 2, 0x43, 0 },
                   one = { 0, 3, 0x50, 0 }, set13 = { 0, 1, 0x51, 0xa },
                   at3 = { 0, 3, 0x51, 0 };
    struct irq_tag t[6], bel = tag(0, 0, 0, 3);
    struct fates fx;

    (void)state;
    memset(&r, 0, sizeof(r));
    memset(&fx, 0, sizeof(fx));
    assert_int_equal(hx_ev_create(&ev), 0);
    hx_ev_on_fate(ev, note_fate, &fx);
    for (unsigned i = 0; i < 4; i++)
        assert_int_equal(hx_ev_raise(ev, 1000 * (i + 1), 0, 0, 3, &set), i + 1);
    assert_int_equal(hx_ev_raise(ev, 5000, 0, 0, 3, &one), 5);
    for (unsigned i = 0; i < 5; i++)
        t[i] = tag(i + 1, 0, 0, 3);
    hx_ev_retarget(ev, 5500, 0, 0, 3, &set13);                /* raise 5 in flight */
    hx_ev_handler(ev, 10000, &at0, &bel, &t[0], 1);
    hx_ev_handler(ev, 10000, &at2, &bel, &t[1], 1);
    hx_ev_handler(ev, 10000, &at1, &bel, &t[2], 1);            /* not a member */
    hx_ev_handler(ev, 10000, &at2v, &bel, &t[3], 1);           /* other vector */
    hx_ev_handler(ev, 10000, &at3, &bel, &t[4], 1);            /* the new set's */
    hx_ev_finish(ev, &r);

    assert_int_equal(fx.f[1], HX_FATE_DELIVERED);
    assert_int_equal(fx.f[2], HX_FATE_DELIVERED);
    assert_int_equal(fx.f[3], HX_FATE_MISROUTED);
    assert_int_equal(fx.f[4], HX_FATE_MISROUTED);
    assert_int_equal(fx.f[5], HX_FATE_DELIVERED);
    assert_int_equal(r.raised, 5);
    assert_int_equal(r.delivered, 3);
    assert_int_equal(r.misrouted, 2);
    hx_ev_destroy(ev);
}

/* E2E-FATE-02: an interrupt in flight across an affinity change may land at
 * the old or at the new destination; anywhere else is misrouted. */
static void test_retarget(void **state)
{
    struct hx_evidence *ev;
    struct hx_result r;
    struct hx_dest a = { 1, 0, 0x30, 0 }, b = { 1, 1, 0x31, 0 }, c = { 1, 2, 0x31, 0 };
    struct irq_tag bel = tag(0, 2, 0, 0), t1 = tag(1, 2, 0, 0), t2 = tag(2, 2, 0, 0),
                   t3 = tag(3, 2, 0, 0);

    (void)state;
    memset(&r, 0, sizeof(r));
    assert_int_equal(hx_ev_create(&ev), 0);
    hx_ev_raise(ev, 100, 2, 0, 0, &a);
    hx_ev_raise(ev, 110, 2, 0, 0, &a);
    hx_ev_retarget(ev, 200, 2, 0, 0, &b);
    hx_ev_raise(ev, 300, 2, 0, 0, &b);
    hx_ev_handler(ev, 250, &b, &bel, &t1, 1);  /* in flight: new place is right */
    hx_ev_handler(ev, 260, &a, &bel, &t2, 1);  /* in flight: old place is right */
    hx_ev_handler(ev, 400, &a, &bel, &t3, 1);  /* raised after the move: wrong */
    hx_ev_finish(ev, &r);
    assert_int_equal(r.delivered, 2);
    assert_int_equal(r.misrouted, 1);
    (void)c;
    hx_ev_destroy(ev);

    /* Retargets are dropped only when no raise can be judged by them: a
     * raise still in flight across 300 later moves may land at the first. */
    memset(&r, 0, sizeof(r));
    assert_int_equal(hx_ev_create(&ev), 0);
    hx_ev_raise(ev, 100, 2, 0, 0, &a);                  /* 1: in flight */
    hx_ev_retarget(ev, 200, 2, 0, 0, &b);
    for (int i = 0; i < 300; i++) {
        struct hx_dest d = { 1, 3 + i, 0x50, 0 };
        struct irq_tag t = tag((uint64_t)i + 2, 2, 0, 0);

        hx_ev_retarget(ev, 300 + 10 * (sim_time_t)i, 2, 0, 0, &d);
        hx_ev_raise(ev, 301 + 10 * (sim_time_t)i, 2, 0, 0, &d);
        hx_ev_handler(ev, 305 + 10 * (sim_time_t)i, &d, &bel, &t, 1);
    }
    hx_ev_handler(ev, 9000, &b, &bel, &t1, 1);          /* the first move's place */
    hx_ev_finish(ev, &r);
    assert_int_equal(r.delivered, 301);
    assert_int_equal(r.misrouted, 0);
    hx_ev_destroy(ev);
}

/* E2E-FATE-03: a raise folded into a pending entry is settled by the handler
 * entry that delivers that entry's next message. */
static void test_coalesced(void **state)
{
    struct hx_evidence *ev;
    struct hx_result r;
    struct hx_dest want = { 0, 0, 0x41, 0 };
    struct irq_tag bel = tag(0, 1, 0, 4), t1 = tag(1, 1, 0, 4), t2 = tag(2, 1, 0, 4),
                   t3 = tag(3, 1, 0, 5), t4 = tag(4, 1, 0, 4);
    struct fates fx;

    (void)state;
    memset(&r, 0, sizeof(r));
    memset(&fx, 0, sizeof(fx));
    assert_int_equal(hx_ev_create(&ev), 0);
    hx_ev_on_fate(ev, note_fate, &fx);
    hx_ev_raise(ev, 100, 1, 0, 4, &want);   /* pending while masked */
    hx_ev_raise(ev, 200, 1, 0, 4, &want);   /* coalesced into it */
    hx_ev_raise(ev, 250, 1, 0, 5, &want);   /* another entry, coalesced */
    hx_ev_coalesced(ev, &t2);
    hx_ev_coalesced(ev, &t3);
    hx_ev_handler(ev, 1100, &want, &bel, &t1, 1);  /* the unmask replay lands */
    hx_ev_raise(ev, 2000, 1, 0, 4, &want);
    hx_ev_coalesced(ev, &t4);                     /* never followed by a message */
    hx_ev_finish(ev, &r);
    assert_int_equal(fx.f[1], HX_FATE_DELIVERED);
    assert_int_equal(fx.f[2], HX_FATE_DELIVERED);
    assert_int_equal(fx.f[3], HX_FATE_LOST);   /* entry 5 never fired */
    assert_int_equal(fx.f[4], HX_FATE_LOST);
    assert_int_equal(r.delivered, 2);
    assert_int_equal(r.latency.max_ns, 1);               /* 1000 ps and 900 ps */
    hx_ev_destroy(ev);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

    return x < y ? -1 : x > y;
}

/* Latency percentiles are nearest-rank over the delivered raises, checked
 * against a full sort of the same values (with many duplicates), on both
 * sides of the histogram's exact range. */
static void test_percentiles(void **state)
{
    enum { N = 1001 };
    struct hx_evidence *ev;
    struct hx_result r;
    struct hx_dest want = { 0, 0, 0x50, 0 };
    struct irq_tag bel = tag(0, 0, 0, 0);
    static uint64_t lat[N];
    uint64_t x = 88172645463325252ull;

    (void)state;
    memset(&r, 0, sizeof(r));
    assert_int_equal(hx_ev_create(&ev), 0);
    for (int i = 0; i < N; i++) {
        struct irq_tag t = tag((uint64_t)i + 1, 0, 0, 0);

        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        lat[i] = (x % 50) * 350;              /* whole ns, many equal */
        hx_ev_raise(ev, 1000, 0, 0, 0, &want);
        hx_ev_handler(ev, 1000 + lat[i] * 1000, &want, &bel, &t, 1);
    }
    hx_ev_finish(ev, &r);
    qsort(lat, N, sizeof(lat[0]), cmp_u64);
    assert_int_equal(r.latency.n, N);
    /* exact below 16,384 ns, else the lowest value of the exact one's
     * bucket (results/hist.h) */
    assert_int_equal(r.latency.p50_ns, lat[(N * 50 + 99) / 100 - 1]);
    assert_true(lat[(N * 50 + 99) / 100 - 1] < HX_HIST_EXACT_NS);
    assert_int_equal(r.latency.p99_ns,
                     hx_hist_bucket_low(hx_hist_bucket(lat[(N * 99 + 99) / 100 - 1])));
    assert_true(lat[(N * 99 + 99) / 100 - 1] >= HX_HIST_EXACT_NS);
    assert_int_equal(r.latency.max_ns, lat[N - 1]);
    hx_ev_destroy(ev);
}

/*
 * The log keeps only raises in flight: 10,000 raises with the first and
 * every 1,000th still in flight while the rest settle, then settled in
 * reverse order (their ring slots long reused), keep exact fates and
 * latencies; a tag that comes again after its raise faulted is a
 * duplicate; what never arrives is lost at the end.
 */
static void test_streaming(void **state)
{
    enum { N = 10000 };
    struct hx_evidence *ev;
    struct hx_result r;
    struct hx_dest want = { 0, 0, 0x50, 0 };
    struct irq_tag bel = tag(0, 0, 0, 0);

    (void)state;
    memset(&r, 0, sizeof(r));
    assert_int_equal(hx_ev_create(&ev), 0);
    for (uint64_t s = 1; s <= N; s++) {
        struct irq_tag t = tag(s, 0, 0, 0);

        assert_int_equal(hx_ev_raise(ev, s * 1000, 0, 0, 0, &want), s);
        if (s % 1000 && s != 1)
            hx_ev_handler(ev, s * 1000 + 700000, &want, &bel, &t, 1); /* 700 ns */
    }
    assert_int_equal(hx_ev_pending(ev), 11);            /* 1, 1000, .. 10000 */
    for (uint64_t s = N; s >= 1000; s -= 1000) {
        struct irq_tag t = tag(s, 0, 0, 0);

        hx_ev_handler(ev, s * 1000 + 20000000, &want, &bel, &t, 1); /* 20 us */
    }
    {
        struct irq_tag t2 = tag(2, 0, 0, 0), t1 = tag(1, 0, 0, 0);

        hx_ev_handler(ev, 99000000, &want, &bel, &t2, 1);   /* again */
        hx_ev_fault(ev, &t1, 0x22);
        hx_ev_handler(ev, 99000000, &want, &bel, &t1, 1);   /* after its fault */
    }
    assert_int_equal(hx_ev_raise(ev, 1, 0, 0, 0, &want), N + 1); /* never arrives */
    assert_int_equal(hx_ev_pending(ev), 1);
    hx_ev_finish(ev, &r);
    assert_int_equal(r.raised, N + 1);
    assert_int_equal(r.delivered, N - 1);
    assert_int_equal(r.faulted, 1);
    assert_int_equal(r.lost, 1);
    assert_int_equal(r.duplicated, 2);
    assert_int_equal(r.spurious, 0);
    assert_int_equal(r.latency.n, N - 1);
    assert_int_equal(r.latency.p50_ns, 700);
    assert_int_equal(r.latency.p99_ns, 700);                /* 10 of 9,999 at 20 us */
    assert_int_equal(r.latency.max_ns, 20000);
    assert_int_equal(hx_ev_pending(ev), 0);
    hx_ev_destroy(ev);
}

/* VMM-EMUL-EVID-01: the raises marked untrapped are counted apart by
 * fate, in the scenario's result and in a scope's. */
static void test_untrapped(void **state)
{
    struct hx_evidence *ev;
    struct hx_result r;
    struct hx_dest want = { 0, 1, 0x41, 0 }, other = { 0, 0, 0x41, 0 };
    struct hx_ev_scope sc = { .vm = HX_EV_SCOPE_NO_VM };
    struct irq_tag t[5], bel = tag(0, 0, 0, 3);

    (void)state;
    memset(&r, 0, sizeof(r));
    assert_int_equal(hx_ev_create(&ev), 0);
    for (unsigned i = 0; i < 5; i++) {
        assert_int_equal(hx_ev_raise(ev, 1000 * (i + 1), 0, i < 4 ? 0 : 1, 3, &want),
                         i + 1);
        t[i] = tag(i + 1, 0, i < 4 ? 0 : 1, 3);
    }
    hx_ev_untrapped(ev, &t[0]);
    hx_ev_untrapped(ev, &t[1]);
    hx_ev_untrapped(ev, &t[2]);
    hx_ev_untrapped(ev, &t[4]);
    hx_ev_fault(ev, &t[0], 0x25);                          /* faulted */
    hx_ev_handler(ev, 9000, &other, &bel, &t[1], 1);      /* misrouted */
    hx_ev_handler(ev, 9000, &want, &bel, &t[3], 1);       /* delivered, trapped */
    bel = tag(0, 0, 1, 3);
    hx_ev_handler(ev, 9000, &want, &bel, &t[4], 1);       /* delivered */
    hx_ev_finish(ev, &r);                                 /* t[2]: lost */
    assert_int_equal(r.untrapped, 4);
    assert_int_equal(r.untrapped_fates[HX_FATE_FAULTED], 1);
    assert_int_equal(r.untrapped_fates[HX_FATE_MISROUTED], 1);
    assert_int_equal(r.untrapped_fates[HX_FATE_LOST], 1);
    assert_int_equal(r.untrapped_fates[HX_FATE_DELIVERED], 1);
    assert_int_equal(r.untrapped_fates[HX_FATE_PENDING], 0);
    assert_int_equal(r.delivered, 2);
    sc.adis[0] = 1;                                      /* ADI 0 only */
    memset(&r, 0, sizeof(r));
    assert_int_equal(hx_ev_tally(ev, &sc, &r), 0);
    assert_int_equal(r.untrapped, 3);
    assert_int_equal(r.untrapped_fates[HX_FATE_DELIVERED], 0);
    hx_ev_destroy(ev);
}

static void test_classify(void **state)
{
    struct hx_result r;

    (void)state;
    memset(&r, 0, sizeof(r));
    assert_int_equal(hx_classify(&r, false, false), HX_OUT_NONE);
    r.raised = r.delivered = 10;
    assert_int_equal(hx_classify(&r, false, false), HX_OUT_DELIVERED);
    assert_int_equal(hx_classify(&r, true, false), HX_OUT_DELIVERED);
    r.fallback = true;
    assert_int_equal(hx_classify(&r, false, false), HX_OUT_REFUSED_FALLBACK);
    /* VMM-EMUL-EVID-01: every interrupt delivered is never not-emulatable */
    assert_int_equal(hx_classify(&r, false, true), HX_OUT_REFUSED_FALLBACK);
    r.fallback = false;
    assert_int_equal(hx_classify(&r, true, true), HX_OUT_DELIVERED);
    r.delivered = 0;
    r.faulted = 10;
    assert_int_equal(hx_classify(&r, false, false), HX_OUT_FAULTED);
    assert_int_equal(hx_classify(&r, true, false), HX_OUT_SILENT_FAILURE);
    /* the evidence names the cause before the symptom */
    assert_int_equal(hx_classify(&r, true, true), HX_OUT_NOT_EMULATABLE);
    assert_int_equal(hx_classify(&r, false, true), HX_OUT_NOT_EMULATABLE);
    r.faulted = 0;
    r.lost = 4;
    r.refused = 6;
    assert_int_equal(hx_classify(&r, false, false), HX_OUT_LOST);
    r.misrouted = 1;
    assert_int_equal(hx_classify(&r, false, false), HX_OUT_MIXED);
}

static void test_metrics(void **state)
{
    struct hx_result r;
    double v;
    enum hx_outcome o;

    (void)state;
    memset(&r, 0, sizeof(r));
    r.raised = 8;
    r.exits_steady = 2;
    r.ir_faults[0x26 - 0x20] = 3;
    r.ir_faults[0x20 - 0x20] = 1;
    assert_int_equal(hx_result_metric(&r, "exits_per_irq", &v), 0);
    assert_true(v == 0.25);
    assert_int_equal(hx_result_metric(&r, "ir_faults", &v), 0);
    assert_true(v == 4.0);
    assert_int_equal(hx_result_metric(&r, "ir_fault_0x26", &v), 0);
    assert_true(v == 3.0);
    r.ir_faults[0x29 - 0x20] = 2;
    assert_int_equal(hx_result_metric(&r, "ir_faults", &v), 0);
    assert_true(v == 6.0);
    assert_int_equal(hx_result_metric(&r, "ir_fault_0x29", &v), 0);
    assert_true(v == 2.0);
    assert_int_equal(hx_result_metric(&r, "ir_fault_0x27", &v), 0);
    assert_true(v == 0.0);
    assert_int_equal(hx_result_metric(&r, "ir_fault_0x2a", &v), -ENOENT);
    assert_int_equal(hx_result_metric(&r, "ir_fault_0x1f", &v), -ENOENT);
    assert_int_equal(hx_result_metric(&r, "ir_fault_0x", &v), -ENOENT);
    assert_int_equal(hx_result_metric(&r, "bogus", &v), -ENOENT);
    assert_int_equal(hx_outcome_parse("silent-failure", &o), 0);
    assert_int_equal(o, HX_OUT_SILENT_FAILURE);
    assert_int_equal(hx_outcome_parse("silent", &o), -EINVAL);
    assert_string_equal(hx_outcome_name(HX_OUT_REFUSED_FALLBACK), "refused-fallback");
    assert_string_equal(hx_exit_name(HX_EXIT_HYPERCALL), "hypercall");
}

/*
 * Two devices, two VMs: device 0 ADI 0 is VM 0's, device 0 ADI 1 and
 * device 1 ADI 0 are VM 1's.  Each scope counts the raises of its ADIs
 * (wherever they arrived), their duplicates and faults, the spurious
 * entries of its VM, and its own latency percentiles.
 */
struct two_by_two {
    struct hx_evidence *ev;
    struct hx_result all;
};

static void two_by_two(struct two_by_two *x)
{
    struct hx_dest v0 = { 0, 0, 0x40, 0 }, v1a = { 1, 0, 0x41, 0 }, v1b = { 1, 1, 0x42, 0 },
                   host = { HX_VM_HOST, 2, 0x30, 0 };
    struct irq_tag t[8], none = tag(0, 0, 0, 0);

    memset(&x->all, 0, sizeof(x->all));
    assert_int_equal(hx_ev_create(&x->ev), 0);
    hx_ev_raise(x->ev, 1000, 0, 0, 0, &v0);     /* 1: delivered, 1000 ns */
    hx_ev_raise(x->ev, 2000, 0, 0, 0, &v0);     /* 2: delivered 3000 ns, twice */
    hx_ev_raise(x->ev, 3000, 0, 1, 0, &v1a);    /* 3: lands in VM 0: leaked */
    hx_ev_raise(x->ev, 4000, 1, 0, 0, &v1b);    /* 4: fault 0x26 */
    hx_ev_raise(x->ev, 5000, 1, 0, 0, &v1b);    /* 5: fault 0x27 */
    hx_ev_raise(x->ev, 6000, 1, 0, 0, &v1b);    /* 6: never arrives: lost */
    hx_ev_raise(x->ev, 7000, 0, 1, 0, &v1a);    /* 7: delivered, 2000 ns */
    for (int i = 1; i <= 7; i++)
        t[i] = tag((uint64_t)i, i >= 4 && i <= 6 ? 1 : 0,
                   i == 3 || i == 7 ? 1 : 0, 0);
    hx_ev_handler(x->ev, 1000 + 1000000, &v0, &t[1], &t[1], 1);
    hx_ev_handler(x->ev, 2000 + 3000000, &v0, &t[2], &t[2], 1);
    hx_ev_handler(x->ev, 9000000, &v0, &t[2], &t[2], 1);     /* duplicate */
    hx_ev_handler(x->ev, 9000000, &v0, &t[3], &t[3], 1);     /* wrong VM: leaked */
    hx_ev_fault(x->ev, &t[4], 0x26);
    hx_ev_fault(x->ev, &t[5], 0x27);
    hx_ev_fault(x->ev, &none, 0x25);                         /* no raise's */
    hx_ev_handler(x->ev, 7000 + 2000000, &v1a, &t[7], &t[7], 1);
    hx_ev_handler(x->ev, 9000000, &v1a, NULL, NULL, 0);      /* spurious, VM 1 */
    hx_ev_handler(x->ev, 9000000, &v1b, NULL, NULL, 0);      /* spurious, VM 1 */
    hx_ev_handler(x->ev, 9000000, &v0, NULL, NULL, 0);       /* spurious, VM 0 */
    {
        struct irq_tag stray = tag(99, 0, 0, 0);             /* no such raise */

        hx_ev_handler(x->ev, 9000000, &host, NULL, &stray, 1);
    }
}

static void test_tally_scopes(void **state)
{
    struct two_by_two x;
    struct hx_result r;
    struct hx_ev_scope dev0 = { .adis = { 0x3 }, .vm = HX_EV_SCOPE_NO_VM };
    struct hx_ev_scope vm0 = { .adis = { 0x1 }, .vm = 0 };
    struct hx_ev_scope vm1 = { .adis = { 0x2, 0x1 }, .vm = 1 };
    struct hx_ev_scope dev1_vm1 = { .adis = { 0, 0x1 }, .vm = HX_EV_SCOPE_NO_VM };
    struct hx_ev_scope host = { .adis = { 0 }, .vm = HX_VM_HOST };
    struct hx_ev_scope nothing = { .adis = { 0 }, .vm = 7 };

    (void)state;
    two_by_two(&x);

    /* before hx_ev_finish(): the pending raise 6 already counts as lost */
    memset(&r, 0, sizeof(r));
    assert_int_equal(hx_ev_tally(x.ev, &dev1_vm1, &r), 0);
    assert_int_equal(r.raised, 3);
    assert_int_equal(r.faulted, 2);
    assert_int_equal(r.lost, 1);
    assert_int_equal(hx_ev_pending(x.ev), 1);   /* raise 6, untouched */

    hx_ev_finish(x.ev, &x.all);
    assert_int_equal(x.all.raised, 7);
    assert_int_equal(x.all.delivered, 3);
    assert_int_equal(x.all.duplicated, 1);
    assert_int_equal(x.all.spurious, 4);
    assert_int_equal(x.all.ir_faults[0x25 - 0x20], 1);

    memset(&r, 0, sizeof(r));
    assert_int_equal(hx_ev_tally(x.ev, &dev0, &r), 0);
    assert_int_equal(r.raised, 4);
    assert_int_equal(r.delivered, 3);
    assert_int_equal(r.misrouted, 0);
    assert_int_equal(r.leaked, 1);          /* EVID-LEAK-01 */
    assert_int_equal(r.faulted, 0);
    assert_int_equal(r.lost, 0);
    assert_int_equal(r.duplicated, 1);
    assert_int_equal(r.spurious, 0);
    for (int i = 0; i < HX_IR_FAULT_N; i++)
        assert_int_equal(r.ir_faults[i], 0);
    assert_int_equal(r.latency.n, 3);
    assert_int_equal(r.latency.p50_ns, 2000);
    assert_int_equal(r.latency.p99_ns, 3000);
    assert_int_equal(r.latency.max_ns, 3000);
    /* a leak is an isolation breach: it names the class whatever else
     * happened (here also a duplicate) */
    assert_int_equal(hx_classify(&r, false, false), HX_OUT_LEAKED);

    memset(&r, 0, sizeof(r));
    assert_int_equal(hx_ev_tally(x.ev, &vm0, &r), 0);
    assert_int_equal(r.raised, 2);
    assert_int_equal(r.delivered, 2);
    assert_int_equal(r.duplicated, 1);
    assert_int_equal(r.spurious, 1);
    assert_int_equal(r.latency.n, 2);
    assert_int_equal(r.latency.p50_ns, 1000);
    assert_int_equal(r.latency.p99_ns, 3000);
    assert_int_equal(hx_classify(&r, false, false), HX_OUT_MISROUTED);

    memset(&r, 0, sizeof(r));
    assert_int_equal(hx_ev_tally(x.ev, &vm1, &r), 0);
    assert_int_equal(r.raised, 5);
    assert_int_equal(r.delivered, 1);
    assert_int_equal(r.misrouted, 0);
    assert_int_equal(r.leaked, 1);
    assert_int_equal(r.faulted, 2);
    assert_int_equal(r.lost, 1);
    assert_int_equal(r.duplicated, 0);
    assert_int_equal(r.spurious, 2);
    assert_int_equal(r.ir_faults[0x25 - 0x20], 0);
    assert_int_equal(r.ir_faults[0x26 - 0x20], 1);
    assert_int_equal(r.ir_faults[0x27 - 0x20], 1);
    assert_int_equal(r.latency.n, 1);
    assert_int_equal(r.latency.p50_ns, 2000);
    assert_int_equal(r.latency.p99_ns, 2000);
    assert_int_equal(hx_classify(&r, false, false), HX_OUT_LEAKED);   /* over faults, loss */

    memset(&r, 0, sizeof(r));
    assert_int_equal(hx_ev_tally(x.ev, &dev1_vm1, &r), 0);
    assert_int_equal(r.raised, 3);
    assert_int_equal(r.delivered, 0);
    assert_int_equal(r.faulted, 2);
    assert_int_equal(r.lost, 1);
    assert_int_equal(r.ir_faults[0x26 - 0x20], 1);
    assert_int_equal(r.ir_faults[0x27 - 0x20], 1);
    assert_int_equal(r.latency.n, 0);
    assert_int_equal(r.latency.p50_ns, 0);
    assert_int_equal(hx_classify(&r, false, false), HX_OUT_MIXED);
    assert_int_equal(hx_classify(&r, true, false), HX_OUT_SILENT_FAILURE);

    /* the host's stray entry; a VM with no entries; no ADI at all */
    memset(&r, 0xff, sizeof(r));
    assert_int_equal(hx_ev_tally(x.ev, &host, &r), 0);
    assert_int_equal(r.raised, 0);
    assert_int_equal(r.spurious, 1);
    assert_int_equal(r.latency.n, 0);
    assert_int_equal(r.latency.max_ns, 0);
    memset(&r, 0, sizeof(r));
    assert_int_equal(hx_ev_tally(x.ev, &nothing, &r), 0);
    assert_int_equal(r.raised, 0);
    assert_int_equal(r.spurious, 0);
    assert_int_equal(hx_classify(&r, false, false), HX_OUT_NONE);
    hx_ev_destroy(x.ev);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fates),
        cmocka_unit_test(test_untrapped),
        cmocka_unit_test(test_retarget),
        cmocka_unit_test(test_lowest_set),
        cmocka_unit_test(test_coalesced),
        cmocka_unit_test(test_percentiles),
        cmocka_unit_test(test_streaming),
        cmocka_unit_test(test_classify),
        cmocka_unit_test(test_metrics),
        cmocka_unit_test(test_tally_scopes),
    };

    return cmocka_run_group_tests_name("evidence", tests, NULL, NULL);
}
