/* SPDX-License-Identifier: MIT */
/*
 * test_sim.c - the event kernel, run against one backend per invocation:
 *   test_sim --backend native | systemc
 * On SystemC every test runs in a child process of its own (SystemC cannot
 * restart its kernel); the parent prints one summary line.
 */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "sim/clock.h"
#include "sim/rng.h"
#include "sim/sim.h"
#include "sim/trace.h"
#include "sim/workload.h"
#include "harness/isolate.h"

static enum sim_backend backend = SIM_BACKEND_NATIVE;

static struct sim *new_sim(uint64_t seed)
{
    struct sim_config cfg = { .backend = backend, .seed = seed };
    struct sim *sim = NULL;

    assert_int_equal(sim_create(&sim, &cfg), 0);
    assert_non_null(sim);
    return sim;
}

/* ---- a log of what ran -------------------------------------------------- */

#define LOG_MAX 64

struct rec {
    int id;
    sim_time_t t;
};

struct log {
    struct rec r[LOG_MAX];
    int n;
};

struct probe {
    struct log *log;
    int id;
};

static void record(struct sim *sim, void *arg)
{
    struct probe *p = arg;

    assert_true(p->log->n < LOG_MAX);
    p->log->r[p->log->n].id = p->id;
    p->log->r[p->log->n].t = sim_now(sim);
    p->log->n++;
}

/* ---- ordering ------------------------------------------------------------ */

static void test_order_time_prio_fifo(void **state)
{
    struct sim *sim = new_sim(0);
    struct log log = { .n = 0 };
    struct probe p[8];
    /* id: time, prio */
    const struct { sim_time_t t; unsigned prio; } ev[8] = {
        { 100, SIM_PRIO_DEFAULT }, /* 0 */
        { 50, SIM_PRIO_LAST },     /* 1 */
        { 100, SIM_PRIO_HW },      /* 2 */
        { 100, SIM_PRIO_DEFAULT }, /* 3: after 0 (FIFO) */
        { 50, SIM_PRIO_FIRST },    /* 4 */
        { 100, SIM_PRIO_HW },      /* 5: after 2 */
        { 0, SIM_PRIO_DEFAULT },   /* 6 */
        { 100, SIM_PRIO_SW },      /* 7 */
    };
    const int expect[8] = { 6, 4, 1, 2, 5, 0, 3, 7 };

    (void)state;
    for (int i = 0; i < 8; i++) {
        p[i].log = &log;
        p[i].id = i;
        assert_int_equal(sim_schedule_at(sim, ev[i].t, ev[i].prio, record, &p[i],
                                         NULL), 0);
    }
    assert_int_equal(sim_pending(sim), 8);
    assert_int_equal(sim_run(sim, SIM_FOREVER), SIM_RUN_DONE);
    assert_int_equal(log.n, 8);
    for (int i = 0; i < 8; i++)
        assert_int_equal(log.r[i].id, expect[i]);
    assert_int_equal(sim_now(sim), 100);
    assert_int_equal(sim_pending(sim), 0);
    assert_int_equal(sim_events_run(sim), 8);
    sim_destroy(sim);
}

/* An event scheduled at the current time from a callback runs after those
 * already queued for the same (time, priority). */
struct chain {
    struct log *log;
    struct probe late;
};

static void spawn_same_time(struct sim *sim, void *arg)
{
    struct chain *c = arg;

    record(sim, &(struct probe){ c->log, 100 });
    assert_int_equal(sim_schedule_in(sim, 0, SIM_PRIO_DEFAULT, record, &c->late,
                                     NULL), 0);
}

static void test_order_same_time_from_callback(void **state)
{
    struct sim *sim = new_sim(0);
    struct log log = { .n = 0 };
    struct chain c = { &log, { &log, 101 } };
    struct probe other = { &log, 7 };

    (void)state;
    assert_int_equal(sim_schedule_at(sim, 10, SIM_PRIO_DEFAULT, spawn_same_time,
                                     &c, NULL), 0);
    assert_int_equal(sim_schedule_at(sim, 10, SIM_PRIO_DEFAULT, record, &other,
                                     NULL), 0);
    assert_int_equal(sim_run(sim, SIM_FOREVER), SIM_RUN_DONE);
    assert_int_equal(log.n, 3);
    assert_int_equal(log.r[0].id, 100);
    assert_int_equal(log.r[1].id, 7);
    assert_int_equal(log.r[2].id, 101);
    assert_int_equal(log.r[2].t, 10);
    sim_destroy(sim);
}

/* ---- cancel -------------------------------------------------------------- */

struct self_cancel {
    sim_event_t me;
    int rc;
};

static void cancel_self(struct sim *sim, void *arg)
{
    struct self_cancel *s = arg;

    s->rc = sim_cancel(sim, s->me);
}

static void test_cancel(void **state)
{
    struct sim *sim = new_sim(0);
    struct log log = { .n = 0 };
    struct probe a = { &log, 1 }, b = { &log, 2 }, c = { &log, 3 };
    sim_event_t ha, hb, hc;
    struct self_cancel sc = { 0, 99 };

    (void)state;
    assert_int_equal(sim_schedule_at(sim, 10, SIM_PRIO_DEFAULT, record, &a, &ha), 0);
    assert_int_equal(sim_schedule_at(sim, 20, SIM_PRIO_DEFAULT, record, &b, &hb), 0);
    assert_int_equal(sim_schedule_at(sim, 30, SIM_PRIO_DEFAULT, record, &c, &hc), 0);
    assert_true(ha != 0 && hb != 0 && hc != 0);
    assert_true(ha != hb && hb != hc);
    assert_int_equal(sim_cancel(sim, hb), 0);
    assert_int_equal(sim_pending(sim), 2);
    assert_int_equal(sim_cancel(sim, hb), -ENOENT);   /* twice */
    assert_int_equal(sim_cancel(sim, 0), -ENOENT);    /* never valid */
    assert_int_equal(sim_cancel(sim, UINT64_C(0x100000777)), -ENOENT);

    assert_int_equal(sim_schedule_at(sim, 15, SIM_PRIO_DEFAULT, cancel_self, &sc,
                                     &sc.me), 0);
    assert_int_equal(sim_run(sim, SIM_FOREVER), SIM_RUN_DONE);
    assert_int_equal(sc.rc, -EALREADY);               /* the running event */
    assert_int_equal(log.n, 2);
    assert_int_equal(log.r[0].id, 1);
    assert_int_equal(log.r[1].id, 3);
    assert_int_equal(sim_cancel(sim, ha), -ENOENT);   /* already ran */
    assert_int_equal(sim_events_run(sim), 3);

    /* a stale handle must not cancel the event that reuses its slot */
    {
        sim_event_t hd;
        struct probe d = { &log, 4 };

        assert_int_equal(sim_schedule_in(sim, 5, SIM_PRIO_DEFAULT, record, &d, &hd), 0);
        assert_int_equal(sim_cancel(sim, hc), -ENOENT);
        assert_int_equal(sim_run(sim, SIM_FOREVER), SIM_RUN_DONE);
        assert_int_equal(log.n, 3);
        assert_int_equal(log.r[2].id, 4);
    }
    sim_destroy(sim);
}

/* ---- time ---------------------------------------------------------------- */

static void test_saturating_time(void **state)
{
    struct sim *sim = new_sim(0);
    struct log log = { .n = 0 };
    struct probe a = { &log, 1 };

    (void)state;
    assert_int_equal(sim_time_add(SIM_TIME_MAX - 5, 5), SIM_TIME_MAX);
    assert_int_equal(sim_time_add(SIM_TIME_MAX - 5, 6), SIM_TIME_MAX);
    assert_int_equal(sim_time_add(SIM_TIME_MAX, SIM_TIME_MAX), SIM_TIME_MAX);
    assert_int_equal(sim_time_add(7, 8), 15);
    assert_int_equal(sim_time_mul(UINT64_C(1) << 40, UINT64_C(1) << 30), SIM_TIME_MAX);
    assert_int_equal(sim_time_mul(SIM_NS(3), 4), 12000);
    assert_int_equal(sim_time_sub(3, 5), 0);
    assert_int_equal(sim_time_sub(5, 3), 2);
    assert_int_equal(SIM_US(2), 2000000);

    assert_int_equal(sim_run(sim, 1000), SIM_RUN_DONE);
    /* a relative delay that overflows lands at SIM_TIME_MAX, not in the past */
    assert_int_equal(sim_schedule_in(sim, SIM_TIME_MAX - 10, SIM_PRIO_DEFAULT,
                                     record, &a, NULL), 0);
    assert_int_equal(sim_run(sim, SIM_TIME_MAX - 1), SIM_RUN_DONE);
    assert_int_equal(log.n, 0);
    assert_int_equal(sim_now(sim), SIM_TIME_MAX - 1);
    assert_int_equal(sim_run(sim, SIM_FOREVER), SIM_RUN_DONE);
    assert_int_equal(log.n, 1);
    assert_int_equal(log.r[0].t, SIM_TIME_MAX);
    sim_destroy(sim);
}

static void test_run_until(void **state)
{
    struct sim *sim = new_sim(0);
    struct log log = { .n = 0 };
    struct probe p[3] = { { &log, 0 }, { &log, 1 }, { &log, 2 } };

    (void)state;
    assert_int_equal(sim_schedule_at(sim, 100, SIM_PRIO_DEFAULT, record, &p[0], NULL), 0);
    assert_int_equal(sim_schedule_at(sim, 200, SIM_PRIO_DEFAULT, record, &p[1], NULL), 0);
    assert_int_equal(sim_schedule_at(sim, 201, SIM_PRIO_DEFAULT, record, &p[2], NULL), 0);
    assert_int_equal(sim_run(sim, 50), SIM_RUN_DONE);
    assert_int_equal(log.n, 0);
    assert_int_equal(sim_now(sim), 50);
    /* events at exactly @until run */
    assert_int_equal(sim_run(sim, 200), SIM_RUN_DONE);
    assert_int_equal(log.n, 2);
    assert_int_equal(sim_now(sim), 200);
    assert_int_equal(sim_pending(sim), 1);
    /* until in the past is refused and changes nothing */
    assert_int_equal(sim_run(sim, 199), -EINVAL);
    assert_int_equal(sim_now(sim), 200);
    /* time advances to @until even when the queue empties earlier */
    assert_int_equal(sim_run(sim, 5000), SIM_RUN_DONE);
    assert_int_equal(log.n, 3);
    assert_int_equal(log.r[2].t, 201);
    assert_int_equal(sim_now(sim), 5000);
    /* until empty: time stays at the last event */
    assert_int_equal(sim_schedule_in(sim, 7, SIM_PRIO_DEFAULT, record, &p[0], NULL), 0);
    assert_int_equal(sim_run(sim, SIM_FOREVER), SIM_RUN_DONE);
    assert_int_equal(sim_now(sim), 5007);
    sim_destroy(sim);
}

static void test_schedule_past_refused(void **state)
{
    struct sim *sim = new_sim(0);
    struct log log = { .n = 0 };
    struct probe a = { &log, 1 };
    sim_event_t h = 12345;

    (void)state;
    assert_int_equal(sim_run(sim, 1000), SIM_RUN_DONE);
    assert_int_equal(sim_schedule_at(sim, 999, SIM_PRIO_DEFAULT, record, &a, &h), -EINVAL);
    assert_int_equal(h, 12345);            /* untouched */
    assert_int_equal(sim_schedule_at(sim, 1000, SIM_PRIO_DEFAULT, NULL, &a, NULL), -EINVAL);
    assert_int_equal(sim_schedule_at(sim, 1000, SIM_PRIO_LAST + 1, record, &a, NULL), -EINVAL);
    assert_int_equal(sim_pending(sim), 0);
    assert_int_equal(sim_schedule_at(sim, 1000, SIM_PRIO_DEFAULT, record, &a, NULL), 0);
    assert_int_equal(sim_run(sim, SIM_FOREVER), SIM_RUN_DONE);
    assert_int_equal(log.n, 1);
    sim_destroy(sim);
}

static void stopper(struct sim *sim, void *arg)
{
    record(sim, arg);
    sim_stop(sim);
}

static void test_stop(void **state)
{
    struct sim *sim = new_sim(0);
    struct log log = { .n = 0 };
    struct probe a = { &log, 1 }, b = { &log, 2 }, c = { &log, 3 };

    (void)state;
    assert_int_equal(sim_schedule_at(sim, 10, SIM_PRIO_DEFAULT, record, &a, NULL), 0);
    assert_int_equal(sim_schedule_at(sim, 20, SIM_PRIO_DEFAULT, stopper, &b, NULL), 0);
    assert_int_equal(sim_schedule_at(sim, 20, SIM_PRIO_DEFAULT, record, &c, NULL), 0);
    assert_int_equal(sim_run(sim, 1000), SIM_RUN_STOPPED);
    assert_int_equal(log.n, 2);
    assert_int_equal(sim_now(sim), 20);
    assert_int_equal(sim_pending(sim), 1);
    /* the next run continues where it stopped */
    assert_int_equal(sim_run(sim, 1000), SIM_RUN_DONE);
    assert_int_equal(log.n, 3);
    assert_int_equal(log.r[2].id, 3);
    assert_int_equal(log.r[2].t, 20);
    assert_int_equal(sim_now(sim), 1000);
    sim_destroy(sim);
}

/* Host code scheduling between runs, at the current time and later, a
 * cancelled earliest event, and a stop at SIM_TIME_MAX. */
static void stopper_then(struct sim *sim, void *arg)
{
    struct probe *p = arg;

    record(sim, p);
    /* one more at this very time, behind an event already queued */
    assert_int_equal(sim_schedule_in(sim, 0, SIM_PRIO_DEFAULT, record, p + 1, NULL), 0);
    sim_stop(sim);
}

static void test_host_between_runs(void **state)
{
    struct sim *sim = new_sim(0);
    struct log log = { .n = 0 };
    struct probe p[8];
    sim_event_t h;

    (void)state;
    for (int i = 0; i < 8; i++)
        p[i] = (struct probe){ &log, i };
    assert_int_equal(sim_schedule_at(sim, 200, SIM_PRIO_DEFAULT, record, &p[0], NULL), 0);
    assert_int_equal(sim_run(sim, 200), SIM_RUN_DONE);
    assert_int_equal(log.n, 1);
    /* at the current time, from the host */
    assert_int_equal(sim_schedule_in(sim, 0, SIM_PRIO_DEFAULT, record, &p[1], NULL), 0);
    assert_int_equal(sim_run(sim, 200), SIM_RUN_DONE);
    assert_int_equal(log.n, 2);
    assert_int_equal(log.r[1].t, 200);
    /* nothing due: time moves, nothing runs */
    assert_int_equal(sim_run(sim, 250), SIM_RUN_DONE);
    assert_int_equal(sim_now(sim), 250);
    /* the earliest event is cancelled before the run */
    assert_int_equal(sim_schedule_at(sim, 300, SIM_PRIO_DEFAULT, record, &p[2], &h), 0);
    assert_int_equal(sim_schedule_at(sim, 400, SIM_PRIO_DEFAULT, record, &p[3], NULL), 0);
    assert_int_equal(sim_cancel(sim, h), 0);
    assert_int_equal(sim_run(sim, SIM_FOREVER), SIM_RUN_DONE);
    assert_int_equal(log.n, 3);
    assert_int_equal(log.r[2].id, 3);
    assert_int_equal(sim_now(sim), 400);
    /* a stop at the end of time, with more due at that same time */
    assert_int_equal(sim_schedule_at(sim, SIM_TIME_MAX, SIM_PRIO_HW, stopper_then,
                                     &p[4], NULL), 0);
    assert_int_equal(sim_schedule_at(sim, SIM_TIME_MAX, SIM_PRIO_DEFAULT, record,
                                     &p[6], NULL), 0);
    assert_int_equal(sim_run(sim, SIM_FOREVER), SIM_RUN_STOPPED);
    assert_int_equal(log.n, 4);
    assert_int_equal(sim_now(sim), SIM_TIME_MAX);
    assert_int_equal(sim_pending(sim), 2);
    assert_int_equal(sim_run(sim, SIM_FOREVER), SIM_RUN_DONE);
    assert_int_equal(log.n, 6);
    assert_int_equal(log.r[4].id, 6);
    assert_int_equal(log.r[5].id, 5);
    assert_int_equal(sim_now(sim), SIM_TIME_MAX);
    /* and from the host at the end of time */
    assert_int_equal(sim_schedule_in(sim, 5, SIM_PRIO_DEFAULT, record, &p[7], NULL), 0);
    assert_int_equal(sim_run(sim, SIM_FOREVER), SIM_RUN_DONE);
    assert_int_equal(log.n, 7);
    assert_int_equal(log.r[6].t, SIM_TIME_MAX);
    assert_int_equal(sim_events_run(sim), 7);
    sim_destroy(sim);
}

/* Native allows any number of simulations; SystemC one per process. */
static void test_sims_per_process(void **state)
{
    struct sim_config cfg = { .backend = backend, .seed = 0 };
    struct sim *a = new_sim(0), *b = NULL;
    int want = backend == SIM_BACKEND_SYSTEMC ? -EBUSY : 0;

    (void)state;
    assert_int_equal(sim_create(&b, &cfg), want);
    sim_destroy(b);
    sim_destroy(a);
    b = NULL;
    assert_int_equal(sim_create(&b, &cfg), want);
    assert_true(want ? b == NULL : b != NULL);
    sim_destroy(b);
}

/* A whole simulation life, with a stop, writes nothing on stdout/stderr
 * (SystemC prints a banner or an Info line if driven the wrong way). */
static int quiet_child(void *arg, void *out, size_t outlen)
{
    struct sim_config cfg = { .backend = backend, .seed = 0 };
    struct probe *p = arg;
    struct sim *sim;
    FILE *f = tmpfile();
    long size;
    int rc = 0;

    (void)outlen;
    if (!f)
        return 1;
    fflush(NULL);
    if (dup2(fileno(f), 1) < 0 || dup2(fileno(f), 2) < 0)
        return 1;
    if (sim_create(&sim, &cfg))
        return 1;
    rc |= sim_schedule_at(sim, 10, SIM_PRIO_DEFAULT, stopper, p, NULL);
    rc |= sim_schedule_at(sim, 20, SIM_PRIO_DEFAULT, record, p, NULL);
    rc |= sim_run(sim, SIM_FOREVER) != SIM_RUN_STOPPED;
    rc |= sim_run(sim, 5) != -EINVAL;
    rc |= sim_run(sim, SIM_FOREVER) != SIM_RUN_DONE;
    rc |= sim_run(sim, 1000) != SIM_RUN_DONE;
    sim_destroy(sim);
    fflush(NULL);
    size = ftell(f) < 0 ? -1 : (fseek(f, 0, SEEK_END), ftell(f));
    *(long *)out = size;
    return rc ? 1 : 0;
}

static void test_quiet(void **state)
{
    struct log log = { .n = 0 };
    struct probe p = { &log, 1 };
    long size = -1;

    (void)state;
    assert_int_equal(hx_isolate(quiet_child, &p, &size, sizeof(size)), 0);
    assert_int_equal(size, 0);
}

/* ---- a large random workload against a reference order ------------------- */

#define RW_MAX 20000

struct ref_ev {
    sim_time_t t;
    unsigned prio;
    uint64_t seq;
    int id;
    bool live;
};

struct rw {
    struct sim_rng rng;
    int order[RW_MAX];
    int n_order;
    sim_event_t handle[RW_MAX];
    int next_id;
    /* parameters drawn per id, identical for kernel and reference */
    sim_time_t delay[RW_MAX];
    unsigned prio[RW_MAX];
    int children[RW_MAX];
    int cancel_target[RW_MAX]; /* -1 none */
};

struct rw_arg {
    struct rw *rw;
    int id;
};

static struct rw_arg rw_args[RW_MAX];

static void rw_draw(struct rw *rw, int id)
{
    rw->delay[id] = sim_rng_below(&rw->rng, 4) == 0 ? 0 : sim_rng_below(&rw->rng, 50);
    rw->prio[id] = (unsigned)sim_rng_below(&rw->rng, 4) * 64;
    rw->children[id] = (int)sim_rng_below(&rw->rng, 3);
    rw->cancel_target[id] = sim_rng_below(&rw->rng, 8) == 0 && id > 0
                                ? (int)sim_rng_below(&rw->rng, (uint64_t)id) : -1;
}

static void rw_cb(struct sim *sim, void *arg)
{
    struct rw_arg *a = arg;
    struct rw *rw = a->rw;

    rw->order[rw->n_order++] = a->id;
    if (rw->cancel_target[a->id] >= 0)
        (void)sim_cancel(sim, rw->handle[rw->cancel_target[a->id]]);
    for (int c = 0; c < rw->children[a->id] && rw->next_id < RW_MAX; c++) {
        int id = rw->next_id++;

        rw_args[id].rw = rw;
        rw_args[id].id = id;
        assert_int_equal(sim_schedule_in(sim, rw->delay[id], rw->prio[id], rw_cb,
                                         &rw_args[id], &rw->handle[id]), 0);
    }
}

static int ref_pick(struct ref_ev *q, int n)
{
    int best = -1;

    for (int i = 0; i < n; i++) {
        if (!q[i].live)
            continue;
        if (best < 0 || q[i].t < q[best].t ||
            (q[i].t == q[best].t && (q[i].prio < q[best].prio ||
                                     (q[i].prio == q[best].prio && q[i].seq < q[best].seq))))
            best = i;
    }
    return best;
}

static void test_random_vs_reference(void **state)
{
    struct sim *sim = new_sim(42);
    struct rw *rw = calloc(1, sizeof(*rw));
    struct ref_ev *ref = calloc(RW_MAX, sizeof(*ref));
    int *ref_order = calloc(RW_MAX, sizeof(int));
    int ref_n = 0, ref_next, ref_live, roots = 200;
    uint64_t seq = 0;
    sim_time_t now = 0;
    bool *ran = calloc(RW_MAX, sizeof(bool));

    (void)state;
    assert_non_null(rw);
    sim_rng_seed(&rw->rng, 7, 1);
    for (int i = 0; i < RW_MAX; i++)
        rw_draw(rw, i);
    for (int i = 0; i < RW_MAX; i++)
        rw->handle[i] = 0;

    /* kernel */
    for (int i = 0; i < roots; i++) {
        rw_args[i].rw = rw;
        rw_args[i].id = i;
        assert_int_equal(sim_schedule_at(sim, rw->delay[i] * 3, rw->prio[i], rw_cb,
                                         &rw_args[i], &rw->handle[i]), 0);
    }
    rw->next_id = roots;
    assert_int_equal(sim_run(sim, SIM_FOREVER), SIM_RUN_DONE);

    /* reference: the same program on a naive O(n) priority search */
    for (int i = 0; i < roots; i++)
        ref[i] = (struct ref_ev){ rw->delay[i] * 3, rw->prio[i], seq++, i, true };
    ref_next = roots;
    ref_live = roots;
    while (ref_live > 0) {
        int b = ref_pick(ref, ref_next);
        int id = ref[b].id;

        ref[b].live = false;
        ref_live--;
        now = ref[b].t;
        ref_order[ref_n++] = id;
        ran[id] = true;
        if (rw->cancel_target[id] >= 0) {
            int t = rw->cancel_target[id];

            if (t < ref_next && ref[t].live) {
                ref[t].live = false;
                ref_live--;
            }
        }
        for (int c = 0; c < rw->children[id] && ref_next < RW_MAX; c++) {
            int nid = ref_next++;

            ref[nid] = (struct ref_ev){ now + rw->delay[nid], rw->prio[nid], seq++,
                                        nid, true };
            ref_live++;
        }
    }

    assert_true(ref_n > 1000);
    assert_int_equal(rw->n_order, ref_n);
    for (int i = 0; i < ref_n; i++)
        if (rw->order[i] != ref_order[i])
            fail_msg("order differs at %d: kernel %d reference %d", i,
                     rw->order[i], ref_order[i]);
    assert_int_equal(sim_now(sim), now);
    free(ran);
    free(ref_order);
    free(ref);
    free(rw);
    sim_destroy(sim);
}

/* ---- RNG ----------------------------------------------------------------- */

static void test_rng(void **state)
{
    struct sim_rng r = { .s = { 1, 2, 3, 4 } };
    struct sim_rng a, b, c;
    struct sim *sim = new_sim(99);

    (void)state;
    /* xoshiro256** reference outputs for state {1, 2, 3, 4} */
    assert_int_equal(sim_rng_next(&r), UINT64_C(11520));
    assert_int_equal(sim_rng_next(&r), UINT64_C(0));
    assert_int_equal(sim_rng_next(&r), UINT64_C(1509978240));
    assert_int_equal(sim_rng_next(&r), UINT64_C(1215971899390074240));

    /* FNV-1a 64 of "a" (the published test vector) */
    assert_int_equal(sim_rng_stream_id("a"), UINT64_C(0xaf63dc4c8601ec8c));
    assert_int_equal(sim_rng_stream_id(""), UINT64_C(0xcbf29ce484222325));

    /* a stream depends on (seed, name) only */
    sim_rng_stream(&a, sim, "dev0.adi1");
    sim_rng_stream(&c, sim, "dev0.adi2");
    sim_rng_stream(&b, sim, "dev0.adi1");
    for (int i = 0; i < 100; i++) {
        uint64_t x = sim_rng_next(&a);

        assert_int_equal(x, sim_rng_next(&b));
        (void)sim_rng_next(&c);
    }
    sim_rng_stream(&a, sim, "dev0.adi1");
    sim_rng_stream(&c, sim, "dev0.adi2");
    assert_int_not_equal(sim_rng_next(&a), sim_rng_next(&c));

    for (int i = 0; i < 10000; i++) {
        uint64_t v = sim_rng_below(&a, 7);
        uint64_t w = sim_rng_range(&a, 10, 12);
        double u = sim_rng_unit(&a);

        assert_true(v < 7);
        assert_true(w >= 10 && w <= 12);
        assert_true(u >= 0.0 && u < 1.0);
        assert_true(sim_rng_exp_ps(&a, 1000) >= 1);
    }
    assert_int_equal(sim_rng_below(&a, 0), 0);
    assert_int_equal(sim_rng_range(&a, 5, 5), 5);
    sim_destroy(sim);
}

static void test_rng_exp_mean(void **state)
{
    struct sim_rng r;
    uint64_t sum = 0;
    const int n = 200000;

    (void)state;
    sim_rng_seed(&r, 1, 2);
    for (int i = 0; i < n; i++)
        sum += sim_rng_exp_ps(&r, 10000);
    /* the sample mean of 200k draws is within 1% of 10000 (sd ~ 0.22%) */
    assert_in_range(sum / (uint64_t)n, 9900, 10100);
}

/* The exponential draw rounds -ln(1 - u) * mean to the nearest ps, halves
 * away from zero, exactly as llround() does (the arrival times of every
 * workload depend on it bit for bit), for means with and without a
 * fraction in the product. */
static void test_rng_exp_exact(void **state)
{
    static const uint64_t means[] = { 1, 3, 1000, 333333, 500000, 1234567891 };

    (void)state;
    for (size_t m = 0; m < sizeof(means) / sizeof(means[0]); m++) {
        struct sim_rng a, b;

        sim_rng_seed(&a, 7, (uint32_t)m);
        sim_rng_seed(&b, 7, (uint32_t)m);
        for (int i = 0; i < 50000; i++) {
            double x = -log(1.0 - sim_rng_unit(&b)) * (double)means[m];
            uint64_t want = (uint64_t)llround(x);

            assert_int_equal(sim_rng_exp_ps(&a, means[m]), want ? want : 1);
        }
    }
}

/* ---- clock ---------------------------------------------------------------- */

static void test_clock(void **state)
{
    const uint64_t ghz3 = UINT64_C(3000000000);

    (void)state;
    assert_int_equal(sim_cycles_to_ps(1, ghz3), 333);      /* 333.33 */
    assert_int_equal(sim_cycles_to_ps(2, ghz3), 667);      /* 666.67 */
    assert_int_equal(sim_cycles_to_ps(3, ghz3), 1000);
    assert_int_equal(sim_cycles_to_ps(2500, ghz3), 833333); /* 833333.3 */
    assert_int_equal(sim_cycles_to_ps(1, 2000000000000ull), 1); /* 0.5 -> 1 */
    assert_int_equal(sim_cycles_to_ps(1, 4000000000000ull), 0); /* 0.25 -> 0 */
    assert_int_equal(sim_cycles_to_ps(5, 0), 0);
    assert_int_equal(sim_cycles_to_ps(UINT64_MAX, 1), SIM_TIME_MAX);
    assert_int_equal(sim_ps_to_cycles(1000, ghz3), 3);
    assert_int_equal(sim_ps_to_cycles(999, ghz3), 2);
    assert_int_equal(sim_ps_to_cycles(SIM_TIME_MAX, UINT64_MAX), UINT64_MAX);
    assert_int_equal(sim_period_ps(1000000000), 1000);
    /* the 64-bit fast path and the 128-bit one agree at their border */
    for (uint64_t c = 9223000; c < 9224000; c += 7)
        for (uint64_t hz = 2999999999u; hz < 3000000002u; hz++) {
            unsigned __int128 n = (unsigned __int128)c * 1000000000000u + hz / 2;

            assert_int_equal(sim_cycles_to_ps(c, hz), (uint64_t)(n / hz));
        }
}

/* ---- trace ---------------------------------------------------------------- */

static const struct sim_tp_desc t_tps[] = {
    { "alpha", "grp", "a:u b:x", "first" },
    { "beta", "grp", "", "second" },
    { "gamma", "other", "v:u", "third" },
};

static void t_emit(struct sim *sim, void *arg)
{
    (void)arg;
    SIM_TRACE(sim, 0, 7, 255);
    SIM_TRACE(sim, 2, 9);
}

/*
 * One hashed run of t_emit at @arg (a sim_time_t), in a child process: the
 * SystemC backend allows one simulation per process.  Plain returns, no
 * cmocka asserts, since this runs outside the test runner.
 */
static int trace_hash_child(void *arg, void *out, size_t outlen)
{
    struct sim_config cfg = { .backend = backend, .seed = 0 };
    struct sim *sim;
    uint64_t h;

    if (outlen != sizeof(h) || sim_create(&sim, &cfg))
        return 1;
    if (sim_trace_use(sim, t_tps, 3) ||
        sim_schedule_at(sim, *(const sim_time_t *)arg, SIM_PRIO_DEFAULT, t_emit,
                        NULL, NULL)) {
        sim_destroy(sim);
        return 1;
    }
    sim_trace_hash_enable(sim, true);
    if (sim_run(sim, SIM_FOREVER) != SIM_RUN_DONE) {
        sim_destroy(sim);
        return 1;
    }
    h = sim_trace_hash(sim);
    memcpy(out, &h, sizeof(h));
    sim_destroy(sim);
    return 0;
}

/* What a trace sink saw, and the hash of the run it listened to. */
struct sink_seen {
    uint64_t hash;
    char log[128];
};

static struct sim *sink_sim;

static void t_sink(void *ctx, unsigned id, const uint64_t *v, unsigned n)
{
    struct sink_seen *seen = ctx;
    size_t len = strlen(seen->log);

    len += (size_t)snprintf(seen->log + len, sizeof(seen->log) - len, "%llu:%u",
                            (unsigned long long)sim_now(sink_sim), id);
    for (unsigned i = 0; i < n; i++)
        len += (size_t)snprintf(seen->log + len, sizeof(seen->log) - len, " %llu",
                                (unsigned long long)v[i]);
    snprintf(seen->log + len, sizeof(seen->log) - len, ";");
}

/* As trace_hash_child at 1234, with a sink listening (nothing printed). */
static int trace_sink_child(void *arg, void *out, size_t outlen)
{
    struct sim_config cfg = { .backend = backend, .seed = 0 };
    struct sink_seen seen = { 0 };
    int rc = 1;

    (void)arg;
    if (outlen != sizeof(seen) || sim_create(&sink_sim, &cfg))
        return 1;
    if (!sim_trace_use(sink_sim, t_tps, 3) &&
        !sim_schedule_at(sink_sim, 1234, SIM_PRIO_DEFAULT, t_emit, NULL, NULL)) {
        sim_trace_hash_enable(sink_sim, true);
        sim_trace_sink(sink_sim, t_sink, &seen);
        if (sim_run(sink_sim, SIM_FOREVER) == SIM_RUN_DONE) {
            seen.hash = sim_trace_hash(sink_sim);
            memcpy(out, &seen, sizeof(seen));
            rc = 0;
        }
    }
    sim_destroy(sink_sim);
    return rc;
}

static void test_trace(void **state)
{
    struct sim *sim;
    char buf[512] = { 0 };
    FILE *out = fmemopen(buf, sizeof(buf), "w");
    static const struct sim_tp_desc bad[] = { { "x", "g", "a:q", "" } };
    sim_time_t at_same = 1234, at_later = 1235;
    uint64_t h1, h_same = 0, h_later = 0;
    struct sink_seen seen = { 0 };

    (void)state;
    /* the comparison runs go first, in children, before this process
     * creates its own simulation */
    assert_int_equal(hx_isolate(trace_hash_child, &at_same, &h_same, sizeof(h_same)), 0);
    assert_int_equal(hx_isolate(trace_hash_child, &at_later, &h_later,
                                sizeof(h_later)), 0);
    assert_int_equal(hx_isolate(trace_sink_child, NULL, &seen, sizeof(seen)), 0);

    sim = new_sim(0);
    assert_non_null(out);
    assert_int_equal(sim_trace_use(sim, bad, 1), -EINVAL);
    assert_int_equal(sim_trace_use(sim, t_tps, 3), 0);
    assert_int_equal(sim_trace_enable(sim, "nomatch*"), -EINVAL);
    assert_int_equal(sim_trace_enable(sim, "grp.*"), 2);
    assert_int_equal(sim_trace_enable(sim, "-beta,gamma"), 2);
    sim_trace_output(sim, out);
    sim_trace_hash_enable(sim, true);
    assert_int_equal(sim_schedule_at(sim, 1234, SIM_PRIO_DEFAULT, t_emit, NULL, NULL), 0);
    assert_int_equal(sim_run(sim, SIM_FOREVER), SIM_RUN_DONE);
    fclose(out);
    assert_string_equal(buf, "1234 grp.alpha a=7 b=0xff\n1234 other.gamma v=9\n");
    assert_int_equal(sim_trace_count(sim), 2);
    h1 = sim_trace_hash(sim);
    assert_int_not_equal(h1, SIM_TRACE_HASH_INIT);
    sim_destroy(sim);

    /* the hash does not depend on what is printed, only on what happened */
    assert_int_equal(h_same, h1);
    /* one picosecond later is a different history */
    assert_int_not_equal(h_later, h1);
    /* a sink sees every trace point, at its time, with its fields, and
     * listening changes nothing in the hash */
    assert_string_equal(seen.log, "1234:0 7 255;1234:2 9;");
    assert_int_equal(seen.hash, h1);
}

/* ---- the reference workload ------------------------------------------------ */

static void test_workload(void **state)
{
    struct sim *sim = new_sim(5);
    struct sim_workload_cfg cfg = { .events = 200000, .contexts = 300,
                                    .max_delay = 2000, .priorities = 3 };
    struct sim_workload_result res;

    (void)state;
    assert_int_equal(sim_workload_run(sim, &cfg, &res), 0);
    assert_int_equal(res.events, 200000 + 300 - 1);
    assert_int_equal(res.order_errors, 0);
    assert_int_equal(sim_pending(sim), 0);
    sim_destroy(sim);
}

static void test_backend_names(void **state)
{
    enum sim_backend b;

    (void)state;
    assert_int_equal(sim_backend_parse("native", &b), 0);
    assert_int_equal(b, SIM_BACKEND_NATIVE);
    assert_int_equal(sim_backend_parse("systemc", &b), 0);
    assert_int_equal(b, SIM_BACKEND_SYSTEMC);
    assert_int_equal(sim_backend_parse("SystemC", &b), -EINVAL);
    assert_int_equal(sim_backend_parse(NULL, &b), -EINVAL);
    assert_string_equal(sim_backend_name(SIM_BACKEND_SYSTEMC), "systemc");
    assert_true(sim_backend_available(SIM_BACKEND_NATIVE));
    assert_int_equal(sim_create(NULL, NULL), -EINVAL);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_order_time_prio_fifo),
    cmocka_unit_test(test_order_same_time_from_callback),
    cmocka_unit_test(test_cancel),
    cmocka_unit_test(test_saturating_time),
    cmocka_unit_test(test_run_until),
    cmocka_unit_test(test_schedule_past_refused),
    cmocka_unit_test(test_stop),
    cmocka_unit_test(test_host_between_runs),
    cmocka_unit_test(test_sims_per_process),
    cmocka_unit_test(test_quiet),
    cmocka_unit_test(test_random_vs_reference),
    cmocka_unit_test(test_rng),
    cmocka_unit_test(test_rng_exp_mean),
    cmocka_unit_test(test_rng_exp_exact),
    cmocka_unit_test(test_clock),
    cmocka_unit_test(test_trace),
    cmocka_unit_test(test_workload),
    cmocka_unit_test(test_backend_names),
};

#define NTESTS (sizeof(tests) / sizeof(tests[0]))

int main(int argc, char **argv)
{
    int failed = 0;

    if (argc == 3 && strcmp(argv[1], "--backend") == 0) {
        if (sim_backend_parse(argv[2], &backend)) {
            fprintf(stderr, "test_sim: --backend: unknown backend '%s'\n", argv[2]);
            return 2;
        }
    } else if (argc != 1) {
        fprintf(stderr, "usage: test_sim [--backend native|systemc]\n");
        return 2;
    }
    if (!sim_backend_available(backend)) {
        fprintf(stderr, "test_sim: backend %s not built\n", sim_backend_name(backend));
        return 2;
    }
    if (backend == SIM_BACKEND_NATIVE)
        return cmocka_run_group_tests_name("sim.native", tests, NULL, NULL);

    /* SystemC: one simulation per process, so one child per test */
    for (size_t i = 0; i < NTESTS; i++) {
        pid_t pid;
        int status;

        fflush(NULL);
        pid = fork();
        if (pid < 0)
            return 2;
        if (pid == 0) {
            struct CMUnitTest one[1] = { tests[i] };

            /* exit(), not _exit(): let LeakSanitizer check this child */
            exit(cmocka_run_group_tests_name("sim.systemc", one, NULL, NULL) ? 1 : 0);
        }
        if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
            WEXITSTATUS(status) != 0)
            failed++;
    }
    printf("sim.systemc: %zu passed, %d failed\n", NTESTS - (size_t)failed, failed);
    return failed ? 1 : 0;
}
