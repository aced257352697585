/* SPDX-License-Identifier: MIT */
/*
 * test_evq.c - white-box tests of the event queue (sim/evq.h): which tier
 * a key lands in and the exact order across the two, the wheel's bucket
 * width following the workload, the order across a renumbering of the
 * 32-bit sequence, the heap's deferred pop meeting cancel, peek and push,
 * slot reuse, and random workloads against a reference scan.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sim/evq.h"
#include "sim/rng.h"

/* Beyond the wheel's span at the initial width (4096 x 1024 ps): the heap. */
#define FAR SIM_MS(1)

static void nop(struct sim *sim, void *arg)
{
    (void)sim;
    (void)arg;
}

/* Pop one event due by @until; its id is its arg. */
static long pop_id(struct evq *q, sim_time_t until, sim_time_t *when)
{
    struct evq_payload p = { 0 };

    if (!evq_pop_until(q, until, &p, when))
        return -1;
    evq_done(q, p.slot);
    return (long)(intptr_t)p.arg;
}

/* FIFO at equal (time, priority) survives the sequence running out. */
static void test_seq_renumber(void **state)
{
    struct evq q;
    sim_time_t t;
    struct sim_rng r;
    enum { N = 3000 };
    static long want[N];
    static sim_time_t when[N];
    static unsigned prio[N];
    long got;

    (void)state;
    evq_init(&q);
    q.seq = EVQ_SEQ_LIMIT - 1000;       /* wraps a third of the way in */
    sim_rng_seed(&r, 3, 4);
    for (long i = 0; i < N; i++) {
        when[i] = sim_rng_below(&r, 20);
        prio[i] = (unsigned)sim_rng_below(&r, 3);
        assert_int_equal(evq_push(&q, when[i], prio[i], nop, (void *)(intptr_t)i,
                                  NULL), 0);
        assert_true(q.seq <= EVQ_SEQ_LIMIT);
    }
    assert_true(q.seq < 2 * N);        /* it was renumbered */
    /* reference: a stable sort by (time, prio) of the insertion order */
    for (long i = 0; i < N; i++)
        want[i] = i;
    for (long i = 1; i < N; i++) {
        long v = want[i], j = i;

        while (j > 0 && (when[want[j - 1]] > when[v] ||
                         (when[want[j - 1]] == when[v] && prio[want[j - 1]] > prio[v]))) {
            want[j] = want[j - 1];
            j--;
        }
        want[j] = v;
    }
    for (long i = 0; i < N; i++) {
        got = pop_id(&q, SIM_FOREVER, &t);
        assert_int_equal(got, want[i]);
        assert_int_equal(t, when[got]);
    }
    assert_int_equal(pop_id(&q, SIM_FOREVER, &t), -1);
    assert_int_equal(q.live, 0);
    evq_fini(&q);
}

/* A renumbering that happens while the root is popped but not replaced. */
static void test_renumber_while_popped(void **state)
{
    struct evq q;
    struct evq_payload p = { 0 };
    sim_time_t t;

    (void)state;
    evq_init(&q);
    for (long i = 0; i < 10; i++)
        assert_int_equal(evq_push(&q, FAR, 0, nop, (void *)(intptr_t)i, NULL), 0);
    assert_int_equal(q.n, 10);
    assert_int_equal(q.wheel_n, 0);
    assert_true(evq_pop_until(&q, FAR, &p, &t));
    assert_int_equal((intptr_t)p.arg, 0);
    assert_true(q.top_popped);
    q.seq = EVQ_SEQ_LIMIT;              /* the next push renumbers */
    assert_int_equal(evq_push(&q, FAR, 0, nop, (void *)(intptr_t)10, NULL), 0);
    evq_done(&q, p.slot);
    for (long i = 1; i <= 10; i++)
        assert_int_equal(pop_id(&q, FAR, &t), i);
    assert_int_equal(pop_id(&q, SIM_FOREVER, &t), -1);
    evq_fini(&q);
}

/* The heap's popped root is left in place until the next operation:
 * cancel, peek and a further pop must all see the queue without it. */
static void test_deferred_pop(void **state)
{
    struct evq q;
    struct evq_payload p = { 0 };
    sim_event_t h[4];
    sim_time_t t;

    (void)state;
    evq_init(&q);
    for (long i = 0; i < 4; i++)
        assert_int_equal(evq_push(&q, FAR + (sim_time_t)(10 * (i + 1)), 0, nop,
                                  (void *)(intptr_t)i, &h[i]), 0);
    assert_int_equal(q.n, 4);
    assert_true(evq_pop_until(&q, SIM_FOREVER, &p, &t));
    assert_int_equal(t, FAR + 10);
    assert_true(q.top_popped);
    assert_int_equal(evq_cancel(&q, h[0]), -EALREADY);  /* running */
    assert_int_equal(evq_cancel(&q, h[1]), 0);
    assert_int_equal(q.live, 2);
    evq_done(&q, p.slot);
    assert_int_equal(evq_cancel(&q, h[0]), -ENOENT);    /* ran */
    assert_true(evq_peek_time(&q, &t));                  /* skips 20 */
    assert_int_equal(t, FAR + 30);
    assert_int_equal(pop_id(&q, FAR + 29, &t), -1);
    assert_int_equal(pop_id(&q, FAR + 30, &t), 2);
    /* push to the heap while its root is popped: the new key takes the
     * root's place and still goes behind what is earlier */
    assert_true(q.top_popped);
    assert_int_equal(evq_push(&q, FAR + 35 + SIM_MS(1), 0, nop, (void *)(intptr_t)9,
                              NULL), 0);
    assert_false(q.top_popped);
    assert_int_equal(pop_id(&q, SIM_FOREVER, &t), 3);
    assert_int_equal(t, FAR + 40);
    assert_int_equal(pop_id(&q, SIM_FOREVER, &t), 9);
    assert_int_equal(t, FAR + 35 + SIM_MS(1));
    assert_int_equal(pop_id(&q, SIM_FOREVER, &t), -1);
    assert_false(evq_peek_time(&q, &t));
    assert_int_equal(q.live, 0);
    evq_fini(&q);
}

/*
 * Where keys land (initial width: 1024 ps buckets, 4096 of them) and the
 * exact order across the tiers: a bucket takes an empty slot, an append
 * and a prepend; a key between two entries of a bucket, a far key and a
 * key before the wheel's start go to the heap.
 */
static void test_tiers(void **state)
{
    struct evq q;
    sim_time_t t;
    sim_event_t h;

    (void)state;
    evq_init(&q);
    assert_int_equal(q.shift, 10);
    /* time 0, priority 0, the first sequence: only the slot keeps it
     * above the sentinel's key 0 */
    assert_int_equal(evq_push(&q, 0, 0, nop, (void *)(intptr_t)0, NULL), 0);
    assert_int_equal(evq_push(&q, 0, 0, nop, (void *)(intptr_t)1, NULL), 0);
    assert_int_equal(q.wheel_n, 2);
    assert_int_equal(pop_id(&q, SIM_FOREVER, &t), 0);
    assert_int_equal(pop_id(&q, SIM_FOREVER, &t), 1);
    assert_int_equal(t, 0);

    assert_int_equal(evq_push(&q, 700, 5, nop, (void *)(intptr_t)2, NULL), 0);
    assert_int_equal(evq_push(&q, 700, 5, nop, (void *)(intptr_t)3, NULL), 0);  /* append */
    assert_int_equal(evq_push(&q, 300, 5, nop, (void *)(intptr_t)4, NULL), 0);  /* prepend */
    assert_int_equal(q.wheel_n, 3);
    assert_int_equal(q.n, 0);
    /* same bucket, between 300 and 700; then equal to an entry but of a
     * lower priority, so before it: both need a walk, so the heap */
    assert_int_equal(evq_push(&q, 500, 5, nop, (void *)(intptr_t)5, NULL), 0);
    assert_int_equal(evq_push(&q, 700, 4, nop, (void *)(intptr_t)6, NULL), 0);
    assert_int_equal(q.n, 2);
    /* far: 4096 buckets of 1024 ps end at 4194304 ps */
    assert_int_equal(evq_push(&q, 4194303, 0, nop, (void *)(intptr_t)7, NULL), 0);
    assert_int_equal(q.wheel_n, 4);
    assert_int_equal(evq_push(&q, 4194304, 0, nop, (void *)(intptr_t)8, NULL), 0);
    assert_int_equal(q.n, 3);
    /* a cancelled head of a bucket is dropped on the way */
    assert_int_equal(evq_push(&q, 2048, 0, nop, (void *)(intptr_t)9, &h), 0);
    assert_int_equal(evq_cancel(&q, h), 0);

    assert_int_equal(pop_id(&q, SIM_FOREVER, &t), 4);
    assert_int_equal(t, 300);
    assert_int_equal(pop_id(&q, SIM_FOREVER, &t), 5);
    assert_int_equal(pop_id(&q, SIM_FOREVER, &t), 6);
    assert_int_equal(pop_id(&q, SIM_FOREVER, &t), 2);
    assert_int_equal(pop_id(&q, SIM_FOREVER, &t), 3);
    assert_int_equal(t, 700);
    assert_int_equal(pop_id(&q, SIM_FOREVER, &t), 7);
    assert_int_equal(t, 4194303);
    assert_int_equal(q.base, 4194303 >> 10);
    /* before the wheel's start (the kernel refuses the past; the queue
     * alone keeps such a key in order, in the heap) */
    assert_int_equal(evq_push(&q, 1000, 0, nop, (void *)(intptr_t)10, NULL), 0);
    assert_int_equal(q.n, 2);
    assert_int_equal(pop_id(&q, SIM_FOREVER, &t), 10);
    assert_int_equal(t, 1000);
    assert_int_equal(pop_id(&q, SIM_FOREVER, &t), 8);
    assert_int_equal(pop_id(&q, SIM_FOREVER, &t), -1);
    assert_int_equal(q.live, 0);
    assert_int_equal(q.wheel_n, 0);
    assert_int_equal(q.summary, 0);
    evq_fini(&q);
}

/*
 * The bucket width follows the workload: after an epoch (4096 pushes)
 * whose pushes were 2^26..2^27-1 ps ahead, the wheel must span 2^27 ps,
 * so 4096 buckets of 2^15 ps.  (test_random_phases covers refits with
 * keys in the wheel.)
 */
static void test_retune(void **state)
{
    struct evq q;
    sim_time_t t, now = 0;
    long next = 0, want = 0;

    (void)state;
    evq_init(&q);
    /* 100 pending, each push 2^26 + (i % 1000) ps ahead of the clock */
    for (; next < 100; next++)
        assert_int_equal(evq_push(&q, (sim_time_t)(1 << 26) + (sim_time_t)next, 0, nop,
                                  (void *)(intptr_t)next, NULL), 0);
    while (next < 4096) {
        assert_int_equal(pop_id(&q, SIM_FOREVER, &t), want++);
        assert_true(t >= now);
        now = t;
        assert_int_equal(evq_push(&q, now + (1 << 26) + (sim_time_t)(next % 1000), 0,
                                  nop, (void *)(intptr_t)next, NULL), 0);
        next++;
    }
    assert_int_equal(q.shift, 15);
    assert_int_equal(q.base, now >> 15);
    assert_int_equal(q.epoch_left, EVQ_EPOCH_MIN);
    /* the 100 pending (far at the old width, so in the heap) and the
     * pushes after the refit (in the new wheel) come out in order */
    while (want < next) {
        assert_int_equal(pop_id(&q, SIM_FOREVER, &t), want++);
        assert_true(t >= now);
        now = t;
    }
    assert_int_equal(pop_id(&q, SIM_FOREVER, &t), -1);
    evq_fini(&q);
}

/* Handles are never 0, and a stale handle never reaches a reused slot. */
static void test_handles(void **state)
{
    struct evq q;
    sim_event_t h1, h2;
    sim_time_t t;

    (void)state;
    evq_init(&q);
    assert_int_equal(evq_push(&q, 1, 0, nop, NULL, &h1), 0);
    assert_int_not_equal(h1, 0);
    assert_int_equal(pop_id(&q, SIM_FOREVER, &t), 0);
    assert_int_equal(evq_push(&q, 2, 0, nop, NULL, &h2), 0);
    assert_int_equal((uint32_t)h1, (uint32_t)h2);       /* same slot */
    assert_int_not_equal(h1, h2);
    assert_int_equal(evq_cancel(&q, h1), -ENOENT);
    assert_int_equal(evq_cancel(&q, h2), 0);
    assert_int_equal(evq_cancel(&q, (sim_event_t)1 << 32 | EVQ_SLOT_MASK), -ENOENT);
    /* a generation wrap skips 0 */
    q.slot[(uint32_t)h2].gen = UINT32_MAX;
    assert_false(evq_peek_time(&q, &t));                 /* drops it: gen+1 */
    assert_int_equal(q.slot[(uint32_t)h2].gen, 1);
    evq_fini(&q);
}

/* A reference event: what the queue should hold, for a naive scan. */
struct ref_ev {
    sim_time_t t;
    unsigned prio;
    uint64_t seq;
    bool live;
    sim_event_t h;
};

/* The live reference event first in (time, priority, sequence), or -1. */
static long ref_first(const struct ref_ev *ref, long n)
{
    long best = -1;

    for (long i = 0; i < n; i++) {
        if (!ref[i].live)
            continue;
        if (best < 0 || ref[i].t < ref[best].t ||
            (ref[i].t == ref[best].t &&
             (ref[i].prio < ref[best].prio ||
              (ref[i].prio == ref[best].prio && ref[i].seq < ref[best].seq))))
            best = i;
    }
    return best;
}

/* Many random pushes, pops and cancels against a naive reference. */
static void test_random_against_scan(void **state)
{
    enum { N = 4000 };
    struct evq q;
    struct sim_rng r;
    static struct ref_ev ref[N];
    uint64_t seq = 0;
    sim_time_t now = 0;
    long n = 0;

    (void)state;
    evq_init(&q);
    sim_rng_seed(&r, 11, 12);
    for (int step = 0; step < 40000; step++) {
        uint64_t op = sim_rng_below(&r, 10);

        if (op < 5 && n < N) {
            ref[n].t = now + sim_rng_below(&r, 100);
            ref[n].prio = (unsigned)sim_rng_below(&r, 256);
            ref[n].seq = seq++;
            ref[n].live = true;
            assert_int_equal(evq_push(&q, ref[n].t, ref[n].prio, nop,
                                      (void *)(intptr_t)n, &ref[n].h), 0);
            n++;
        } else if (op < 6 && n > 0) {
            long v = (long)sim_rng_below(&r, (uint64_t)n);

            assert_int_equal(evq_cancel(&q, ref[v].h), ref[v].live ? 0 : -ENOENT);
            ref[v].live = false;
        } else {
            long best = ref_first(ref, n), got;
            sim_time_t t;

            got = pop_id(&q, SIM_FOREVER, &t);
            assert_int_equal(got, best);
            if (best >= 0) {
                ref[best].live = false;
                now = t;
            }
        }
    }
    evq_fini(&q);
}

/*
 * Random pushes, pops and cancels whose delays change scale phase by
 * phase (ps, ns, us, a mix), so the wheel refits several times with
 * events queued in both tiers, against a reference scan.
 */
static void test_random_phases(void **state)
{
    enum { N = 3000 };
    static const sim_time_t span[] = { 100, SIM_NS(2), SIM_US(50), SIM_NS(300), 0 };
    struct evq q;
    struct sim_rng r;
    static struct ref_ev ref[N];
    static long spare[N];       /* entries free for reuse (popped or cancelled) */
    long nspare = N;
    uint64_t seq = 0;
    sim_time_t now = 0;
    unsigned shifts_seen = 1, last_shift;

    (void)state;
    evq_init(&q);
    last_shift = q.shift;
    for (long i = 0; i < N; i++)
        spare[i] = N - 1 - i;
    sim_rng_seed(&r, 21, 22);
    for (int step = 0; step < 100000; step++) {
        unsigned phase = (unsigned)(step / 20000);
        uint64_t op = sim_rng_below(&r, 10);

        if (op < 5 && nspare > 0) {
            long v = spare[--nspare];
            sim_time_t d = span[phase] ? sim_rng_below(&r, span[phase])
                                       : (sim_rng_next(&r) >> sim_rng_below(&r, 64));

            ref[v].t = sim_time_add(now, d);
            ref[v].prio = (unsigned)sim_rng_below(&r, 4);
            ref[v].seq = seq++;
            ref[v].live = true;
            assert_int_equal(evq_push(&q, ref[v].t, ref[v].prio, nop,
                                      (void *)(intptr_t)v, &ref[v].h), 0);
        } else if (op < 6) {
            long v = (long)sim_rng_below(&r, N);

            if (ref[v].h) {
                assert_int_equal(evq_cancel(&q, ref[v].h), ref[v].live ? 0 : -ENOENT);
                if (ref[v].live)
                    spare[nspare++] = v;
                ref[v].live = false;
            }
        } else {
            long best = ref_first(ref, N), got;
            sim_time_t t;

            got = pop_id(&q, SIM_FOREVER, &t);
            assert_int_equal(got, best);
            if (best >= 0) {
                assert_int_equal(t, ref[best].t);
                ref[best].live = false;
                spare[nspare++] = best;
                now = t;
            }
        }
        if (q.shift != last_shift) {
            shifts_seen++;
            last_shift = q.shift;
        }
    }
    assert_true(shifts_seen >= 4);      /* the initial width and 3+ refits */
    evq_fini(&q);
}

int main(void)
{
    static const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seq_renumber),
        cmocka_unit_test(test_renumber_while_popped),
        cmocka_unit_test(test_deferred_pop),
        cmocka_unit_test(test_tiers),
        cmocka_unit_test(test_retune),
        cmocka_unit_test(test_handles),
        cmocka_unit_test(test_random_against_scan),
        cmocka_unit_test(test_random_phases),
    };

    return cmocka_run_group_tests_name("evq", tests, NULL, NULL);
}
