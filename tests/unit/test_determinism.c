/* SPDX-License-Identifier: MIT */
/*
 * test_determinism.c - the native and SystemC backends run the reference
 * workload (sim/workload.h) to the same trace hash, end time and event
 * count, with no event out of (time, priority) order; a different seed
 * gives a different history; both count the same distinct event times (the
 * SystemC dispatcher's activations), and the bare SystemC floor the bench
 * compares against runs.  Each run is a child process of its own
 * (harness/isolate.h): SystemC runs one simulation per process.  Skipped
 * when the SystemC backend is not built.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "harness/isolate.h"
#include "harness/workload_run.h"
#include "sim/sim.h"
#include "sim/workload.h"

static struct sim_workload_result run(enum sim_backend b, uint64_t seed,
                                      const struct sim_workload_cfg *cfg)
{
    struct hx_wl_run o;

    assert_int_equal(hx_workload_isolated(b, seed, cfg, &o), 0);
    assert_int_equal(o.rc, 0);
    assert_int_equal(o.res.events, cfg->events + cfg->contexts - 1);
    assert_int_equal(o.res.order_errors, 0);
    return o.res;
}

static void compare_backends(const struct sim_workload_cfg *cfg)
{
    struct sim_workload_result n1, s1, n2, s2;

    if (!sim_backend_available(SIM_BACKEND_SYSTEMC))
        skip();
    n1 = run(SIM_BACKEND_NATIVE, 1, cfg);
    s1 = run(SIM_BACKEND_SYSTEMC, 1, cfg);
    assert_int_equal(s1.trace_hash, n1.trace_hash);
    assert_int_equal(s1.end_time, n1.end_time);
    assert_int_equal(s1.events, n1.events);
    assert_int_equal(s1.distinct_times, n1.distinct_times);

    /* another seed is another history, still the same on both */
    n2 = run(SIM_BACKEND_NATIVE, 2, cfg);
    s2 = run(SIM_BACKEND_SYSTEMC, 2, cfg);
    assert_int_not_equal(n2.trace_hash, n1.trace_hash);
    assert_int_equal(s2.trace_hash, n2.trace_hash);
    assert_int_equal(s2.end_time, n2.end_time);
}

/* Delays up to 1 us: nearly every event has a time of its own. */
static void test_sparse(void **state)
{
    const struct sim_workload_cfg cfg = { .events = 300000, .contexts = 500,
                                          .max_delay = SIM_NS(1000),
                                          .priorities = 3 };

    (void)state;
    compare_backends(&cfg);
}

/* Delays up to 200 ps for 500 contexts: several events share each
 * picosecond, so priority and FIFO order decide most of the history. */
static void test_dense(void **state)
{
    const struct sim_workload_cfg cfg = { .events = 300000, .contexts = 500,
                                          .max_delay = SIM_PS(200),
                                          .priorities = 3 };

    (void)state;
    compare_backends(&cfg);
}

/* The same seed twice on one backend is the same run. */
static void test_repeatable(void **state)
{
    const struct sim_workload_cfg cfg = { .events = 100000, .contexts = 100,
                                          .max_delay = SIM_NS(10),
                                          .priorities = 2 };
    struct sim_workload_result a, b;

    (void)state;
    a = run(SIM_BACKEND_NATIVE, 9, &cfg);
    b = run(SIM_BACKEND_NATIVE, 9, &cfg);
    assert_int_equal(a.trace_hash, b.trace_hash);
    assert_int_equal(a.end_time, b.end_time);
}

/*
 * Every delay equal (grain = max_delay = 5 ns): the 4 contexts run
 * together at 5, 10, 15, ... ns.  40 events asked for run 40 + 4 - 1 = 43
 * callbacks, at ceil(43 / 4) = 11 distinct times.
 */
static void test_distinct_times(void **state)
{
    const struct sim_workload_cfg cfg = { .events = 40, .contexts = 4,
                                          .max_delay = SIM_NS(5), .grain = SIM_NS(5),
                                          .priorities = 1 };
    struct sim_workload_result n;

    (void)state;
    n = run(SIM_BACKEND_NATIVE, 1, &cfg);
    assert_int_equal(n.distinct_times, 11);
    assert_int_equal(n.end_time, SIM_NS(55));
    if (sim_backend_available(SIM_BACKEND_SYSTEMC))
        assert_int_equal(run(SIM_BACKEND_SYSTEMC, 1, &cfg).distinct_times, 11);
}

struct floor_res {
    int rc, rc_again, rc_zero;
    double seconds;
};

static int floor_child(void *arg, void *out, size_t outlen)
{
    struct floor_res *o = out;
    double s2;

    (void)arg;
    (void)outlen;
    o->rc_zero = sim_systemc_floor(0, 1000, 1, &o->seconds);
    o->rc = sim_systemc_floor(10000, 1000, 1, &o->seconds);
    o->rc_again = sim_systemc_floor(10000, 1000, 1, &s2);
    return 0;
}

/* The bench's bare SystemC floor: runs once per process, refuses nonsense,
 * and says -ENOTSUP where SystemC is not built. */
static void test_systemc_floor(void **state)
{
    struct floor_res o = { 0 };

    (void)state;
    assert_int_equal(hx_isolate(floor_child, NULL, &o, sizeof(o)), 0);
    if (!sim_backend_available(SIM_BACKEND_SYSTEMC)) {
        assert_int_equal(o.rc, -ENOTSUP);
        return;
    }
    assert_int_equal(o.rc_zero, -EINVAL);
    assert_int_equal(o.rc, 0);
    assert_true(o.seconds > 0);
    assert_int_equal(o.rc_again, -EBUSY);
}

int main(void)
{
    static const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sparse),
        cmocka_unit_test(test_dense),
        cmocka_unit_test(test_repeatable),
        cmocka_unit_test(test_distinct_times),
        cmocka_unit_test(test_systemc_floor),
    };

    return cmocka_run_group_tests_name("determinism", tests, NULL, NULL);
}
