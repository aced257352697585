/* SPDX-License-Identifier: MIT */
/*
 * test_robust.c - the robustness mechanisms, with exact values: the input
 * limit, the nesting pre-scan, atomic output files and the run-status
 * file, the --out check, the run's own rules (RUN-02, RUN-03), command-line
 * numbers, and children that can be stopped.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness/isolate.h"
#include "harness/layout.h"
#include "harness/runner.h"
#include "harness/scenario.h"
#include "harness/workload_run.h"
#include "reports/report.h"

static char dir[64];

static int make_dir(void **state)
{
    (void)state;
    snprintf(dir, sizeof(dir), "/tmp/imslab-robust-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state)
{
    char cmd[128];

    (void)state;
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static size_t entries(const char *d)
{
    char cmd[128];
    FILE *p;
    size_t n = 0;
    char line[256];

    snprintf(cmd, sizeof(cmd), "ls -A '%s'", d);
    p = popen(cmd, "r");
    while (p && fgets(line, sizeof(line), p))
        n++;
    if (p)
        pclose(p);
    return n;
}

static char *slurp(const char *path)
{
    static char buf[4096];
    FILE *f = fopen(path, "r");
    size_t n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;

    if (f)
        fclose(f);
    buf[n] = '\0';
    return buf;
}

/* ---- the input limit ------------------------------------------------------ */

static void test_limit(void **state)
{
    struct hx_scenario *scn = NULL;
    struct ims_layout l;
    char err[512];

    (void)state;
    assert_int_equal(hx_scn_load_max("/dev/zero", 4096, &scn, err, sizeof(err)), -EFBIG);
    assert_null(scn);
    assert_string_equal(err, "/dev/zero: error: larger than the input limit of 4096 "
                        "bytes (--max-input-bytes raises it)");
    assert_int_equal(hx_layout_load_max("/dev/zero", 10, &l, err, sizeof(err)), -EFBIG);
    assert_string_equal(err, "/dev/zero: error: larger than the input limit of 10 "
                        "bytes (--max-input-bytes raises it)");
    /* the limit itself is allowed; one byte more is not */
    assert_int_equal(hx_layout_load_max(IMSLAB_SOURCE_DIR "/layouts/idxd.yaml", 931, &l,
                                        err, sizeof(err)), 0);
    assert_int_equal(hx_layout_load_max(IMSLAB_SOURCE_DIR "/layouts/idxd.yaml", 930, &l,
                                        err, sizeof(err)), -EFBIG);
    assert_int_equal(hx_scn_load_max(IMSLAB_SOURCE_DIR "/scenarios/bare-idxd.yaml", 0,
                                     &scn, err, sizeof(err)), 0);
    assert_int_equal(scn->max_input_bytes, 0);
    hx_scn_free(scn);
}

/* ---- the nesting pre-scan --------------------------------------------------- */

static void test_prescan(void **state)
{
    struct hx_scenario *scn = NULL;
    char err[512], *y;
    size_t n = 1000000;

    (void)state;
    y = malloc(n);
    assert_non_null(y);
    memset(y, '[', n);
    assert_int_equal(hx_scn_load_string("d.yaml", y, n, &scn, err, sizeof(err)), -EINVAL);
    assert_string_equal(err, "d.yaml:1:34: error: nesting deeper than 32 levels");
    free(y);
    /* 33 open collections: a scalar at depth 33, found by the exact walk */
    assert_int_equal(hx_scn_load_string("e.yaml", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
                                        67, &scn, err, sizeof(err)), -EINVAL);
    assert_string_equal(err, "e.yaml:1:34: error: nesting deeper than 32 levels");
    /* 33 open collections holding nothing deeper: the walk's message */
    assert_int_equal(hx_scn_load_string("f.yaml", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
                                        65, &scn, err, sizeof(err)), -EINVAL);
    assert_string_equal(err, "f.yaml:1:1: error: the top level must be a mapping, "
                        "got a sequence");
}

/* ---- atomic files and the run status ------------------------------------------- */

static int write_hello(FILE *f, const void *arg)
{
    return fputs(arg, f) < 0 ? -EIO : 0;
}

static int write_fails(FILE *f, const void *arg)
{
    (void)arg;
    fputs("part", f);
    return -EIO;
}

static void test_atomic(void **state)
{
    char path[128];
    struct rpt_atomic a;
    struct stat st;

    (void)state;
    umask(027);
    assert_int_equal(rpt_atomic_write(dir, "a.txt", write_hello, "hello\n"), 0);
    umask(022);
    snprintf(path, sizeof(path), "%s/a.txt", dir);
    assert_string_equal(slurp(path), "hello\n");
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0640);     /* as fopen() under umask 027 */
    /* a failed writer leaves the old file and no temporary */
    assert_int_equal(rpt_atomic_write(dir, "a.txt", write_fails, NULL), -EIO);
    assert_string_equal(slurp(path), "hello\n");
    assert_int_equal(entries(dir), 1);
    /* an open, uncommitted file is not visible under its name */
    assert_int_equal(rpt_atomic_open(&a, dir, "b.txt"), 0);
    fputs("x", a.f);
    fflush(a.f);
    snprintf(path, sizeof(path), "%s/b.txt", dir);
    assert_int_equal(access(path, F_OK), -1);
    assert_int_equal(entries(dir), 2);
    assert_int_equal(strncmp(strrchr(a.tmp, '/') + 1, ".imslab-b.txt.", 14), 0);
    /* what a killed writer leaves is swept */
    fclose(a.f);
    assert_int_equal(rpt_atomic_sweep(dir), 0);
    assert_int_equal(entries(dir), 1);
    assert_int_equal(rpt_atomic_open(&a, dir, "c/d"), -EINVAL);
    assert_int_equal(rpt_atomic_sweep("/nonexistent/imslab"), 0);
}

static int write_status(FILE *f, const void *arg)
{
    return rpt_status_write(f, arg);
}

static void test_status(void **state)
{
    static const char *const outs[] = { "results.json", "junit.xml" };
    struct rpt_run_status st = {
        .status = RPT_STATUS_INTERRUPTED, .exit_status = 143, .scenarios = 3,
        .finished = 1, .signal = "SIGTERM", .outputs = outs, .noutputs = 2,
    };
    char path[128];

    (void)state;
    assert_int_equal(rpt_atomic_write(dir, "run-status.json", write_status, &st), 0);
    snprintf(path, sizeof(path), "%s/run-status.json", dir);
    assert_string_equal(slurp(path),
                        "{\n"
                        "  \"schema\": \"imslab.run-status/1\",\n"
                        "  \"status\": \"interrupted\",\n"
                        "  \"exit\": 143,\n"
                        "  \"scenarios\": 3,\n"
                        "  \"finished\": 1,\n"
                        "  \"signal\": \"SIGTERM\",\n"
                        "  \"outputs\": [\n"
                        "    \"results.json\",\n"
                        "    \"junit.xml\"\n"
                        "  ]\n"
                        "}\n");
    assert_string_equal(rpt_status_name(RPT_STATUS_COMPLETE), "complete");
    assert_string_equal(rpt_status_name(RPT_STATUS_FAILED), "failed");
    assert_int_equal(rpt_status_write(NULL, &st), -EINVAL);
}

static void test_out_dir(void **state)
{
    char path[160], why[512];

    (void)state;
    assert_int_equal(rpt_out_dir_check(dir, why, sizeof(why)), 0);
    snprintf(path, sizeof(path), "%s/new", dir);
    assert_int_equal(rpt_out_dir_check(path, why, sizeof(why)), 0);
    assert_int_equal(access(path, F_OK), -1);           /* nothing created */
    snprintf(path, sizeof(path), "%s/f", dir);
    assert_int_equal(rpt_atomic_write(dir, "f", write_hello, ""), 0);
    assert_int_equal(rpt_out_dir_check(path, why, sizeof(why)), -ENOTDIR);
    assert_string_equal(strstr(why, "' exists"), "' exists and is not a folder");
    snprintf(path, sizeof(path), "%s/f/sub", dir);
    assert_int_equal(rpt_out_dir_check(path, why, sizeof(why)), -ENOTDIR);
    assert_int_equal(rpt_out_dir_check("/nonexistent/a/b", why, sizeof(why)), -ENOENT);
    assert_string_equal(why, "cannot create '/nonexistent/a/b': No such file or directory");
    assert_int_equal(rpt_out_dir_check("", why, sizeof(why)), -EINVAL);
}

/* ---- the run's own rules ---------------------------------------------------------- */

static void test_health(void **state)
{
    struct hx_scn_workload wl[2] = { { .rate_hz = 1000 }, { .rate_hz = 100000000 } };
    struct hx_scenario scn = { .workloads = wl, .nworkloads = 2 };
    struct hx_run_health h = { 0 };
    struct hx_result r;

    (void)state;
    memset(&r, 0, sizeof(r));
    r.latency.n = 10;
    r.latency.p50_ns = 9;          /* 1e8 Hz x 9 ns = 0.9: fine */
    hx_run_health_rules(&scn, &h, &r);
    assert_int_equal(r.n_expect, 0);
    assert_false(r.expect_failed);

    r.latency.p50_ns = 10;         /* exactly 1: overloaded */
    h.not_raised = 41;
    h.estimated = true;
    hx_run_health_rules(&scn, &h, &r);
    assert_int_equal(r.n_expect, 2);
    assert_true(r.expect_failed);
    assert_string_equal(r.expect[0].rule, "RUN-02");
    assert_string_equal(r.expect[0].metric, "arrivals_not_raised");
    assert_string_equal(r.expect[0].actual, "~41 (the event queue was full)");
    assert_int_equal(r.expect[0].verdict, HX_VERDICT_FAIL);
    assert_string_equal(r.expect[1].rule, "RUN-03");
    assert_string_equal(r.expect[1].actual,
                        "1 (100000000 Hz per ADI x p50 10 ns): would queue");

    /* a result with every slot taken: the run's failure takes the last */
    memset(&r, 0, sizeof(r));
    r.n_expect = HX_MAX_EXPECT;
    h.estimated = false;
    hx_run_health_rules(&scn, &h, &r);
    assert_int_equal(r.n_expect, HX_MAX_EXPECT);
    assert_string_equal(r.expect[HX_MAX_EXPECT - 1].actual, "41 (the event queue was full)");
}

/* ---- command-line numbers ------------------------------------------------------------ */

static void test_parse(void **state)
{
    uint64_t v = 7;

    (void)state;
    assert_int_equal(hx_parse_u64("t", "--n", "10", 0, 100, &v), 0);
    assert_int_equal(v, 10);
    assert_int_equal(hx_parse_u64("t", "--n", "0x10", 0, 100, &v), 0);
    assert_int_equal(v, 16);
    assert_int_equal(hx_parse_u64("t", "--n", "0", 0, 100, &v), 0);
    assert_int_equal(v, 0);
    assert_int_equal(hx_parse_u64("t", "--n", "010", 0, 100, &v), -EINVAL);
    assert_int_equal(hx_parse_u64("t", "--n", "-1", 0, 100, &v), -EINVAL);
    assert_int_equal(hx_parse_u64("t", "--n", "101", 0, 100, &v), -EINVAL);
    assert_int_equal(hx_parse_u64("t", "--n", "", 0, 100, &v), -EINVAL);
    assert_int_equal(hx_parse_u64("t", "--n", "18446744073709551616", 0, UINT64_MAX, &v),
                     -EINVAL);
}

/* ---- children ------------------------------------------------------------------------- */

static int answer(void *arg, void *out, size_t len)
{
    (void)arg;
    memset(out, 0x5a, len);
    return 3;
}

static int forever(void *arg, void *out, size_t len)
{
    (void)arg;
    (void)out;
    (void)len;
    for (;;)
        pause();
    return 0;
}

static void test_child(void **state)
{
    struct hx_child c;
    char out[16], want[16];
    sigset_t set, old;
    int status;

    (void)state;
    memset(want, 0x5a, sizeof(want));
    assert_int_equal(hx_child_start(&c, answer, NULL, out, sizeof(out)), 0);
    assert_int_equal(waitpid(c.pid, &status, 0), c.pid);
    assert_int_equal(hx_child_collect(&c, status, out, sizeof(out)), 3);
    assert_memory_equal(out, want, sizeof(out));
    assert_int_equal(c.pid, -1);
    /* a child stops on request even when its parent blocks SIGTERM */
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigprocmask(SIG_BLOCK, &set, &old);
    assert_int_equal(hx_child_start(&c, forever, NULL, out, sizeof(out)), 0);
    hx_child_stop(&c);
    assert_int_equal(waitpid(c.pid, &status, 0), c.pid);
    assert_true(WIFSIGNALED(status));
    assert_int_equal(WTERMSIG(status), SIGTERM);
    assert_int_equal(hx_child_collect(&c, status, out, sizeof(out)), -EINTR);
    sigprocmask(SIG_SETMASK, &old, NULL);
    assert_int_equal(hx_isolate(answer, NULL, out, sizeof(out)), 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_limit),
        cmocka_unit_test(test_prescan),
        cmocka_unit_test_setup_teardown(test_atomic, make_dir, remove_dir),
        cmocka_unit_test_setup_teardown(test_status, make_dir, remove_dir),
        cmocka_unit_test_setup_teardown(test_out_dir, make_dir, remove_dir),
        cmocka_unit_test(test_health),
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_child),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
