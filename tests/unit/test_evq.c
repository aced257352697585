/* SPDX-License-Identifier: MIT */
/*
 * test_evq.c - white-box tests of the event queue (sim/evq.h): the order
 * across a renumbering of the 32-bit sequence, the deferred pop meeting
 * cancel, peek and push, and slot reuse.
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
        assert_int_equal(evq_push(&q, 5, 0, nop, (void *)(intptr_t)i, NULL), 0);
    assert_true(evq_pop_until(&q, 5, &p, &t));
    assert_int_equal((intptr_t)p.arg, 0);
    assert_true(q.top_popped);
    q.seq = EVQ_SEQ_LIMIT;              /* the next push renumbers */
    assert_int_equal(evq_push(&q, 5, 0, nop, (void *)(intptr_t)10, NULL), 0);
    evq_done(&q, p.slot);
    for (long i = 1; i <= 10; i++)
        assert_int_equal(pop_id(&q, 5, &t), i);
    assert_int_equal(pop_id(&q, SIM_FOREVER, &t), -1);
    evq_fini(&q);
}

/* The popped root is left in place until the next operation: cancel,
 * peek and a further pop must all see the queue without it. */
static void test_deferred_pop(void **state)
{
    struct evq q;
    struct evq_payload p = { 0 };
    sim_event_t h[4];
    sim_time_t t;

    (void)state;
    evq_init(&q);
    for (long i = 0; i < 4; i++)
        assert_int_equal(evq_push(&q, (sim_time_t)(10 * (i + 1)), 0, nop,
                                  (void *)(intptr_t)i, &h[i]), 0);
    assert_true(evq_pop_until(&q, SIM_FOREVER, &p, &t));
    assert_int_equal(t, 10);
    assert_int_equal(evq_cancel(&q, h[0]), -EALREADY);  /* running */
    assert_int_equal(evq_cancel(&q, h[1]), 0);
    assert_int_equal(q.live, 2);
    evq_done(&q, p.slot);
    assert_int_equal(evq_cancel(&q, h[0]), -ENOENT);    /* ran */
    assert_true(evq_peek_time(&q, &t));                  /* skips 20 */
    assert_int_equal(t, 30);
    assert_int_equal(pop_id(&q, 29, &t), -1);
    assert_int_equal(pop_id(&q, 30, &t), 2);
    /* push while the root is popped: the new key takes the root's place
     * and still goes behind what is earlier */
    assert_int_equal(evq_push(&q, 35, 0, nop, (void *)(intptr_t)9, NULL), 0);
    assert_int_equal(pop_id(&q, SIM_FOREVER, &t), 9);
    assert_int_equal(t, 35);
    assert_int_equal(pop_id(&q, SIM_FOREVER, &t), 3);
    assert_int_equal(pop_id(&q, SIM_FOREVER, &t), -1);
    assert_false(evq_peek_time(&q, &t));
    assert_int_equal(q.live, 0);
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

/* Many random pushes, pops and cancels against a naive reference. */
static void test_random_against_scan(void **state)
{
    enum { N = 4000 };
    struct evq q;
    struct sim_rng r;
    static struct { sim_time_t t; unsigned prio; uint64_t seq; bool live; sim_event_t h; } ref[N];
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
            long best = -1, got;
            sim_time_t t;

            for (long i = 0; i < n; i++) {
                if (!ref[i].live)
                    continue;
                if (best < 0 || ref[i].t < ref[best].t ||
                    (ref[i].t == ref[best].t &&
                     (ref[i].prio < ref[best].prio ||
                      (ref[i].prio == ref[best].prio && ref[i].seq < ref[best].seq))))
                    best = i;
            }
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

int main(void)
{
    static const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seq_renumber),
        cmocka_unit_test(test_renumber_while_popped),
        cmocka_unit_test(test_deferred_pop),
        cmocka_unit_test(test_handles),
        cmocka_unit_test(test_random_against_scan),
    };

    return cmocka_run_group_tests_name("evq", tests, NULL, NULL);
}
