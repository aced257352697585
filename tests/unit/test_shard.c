/* SPDX-License-Identifier: MIT */
/*
 * test_shard.c - --shard I/N parsing, the FNV-1a 64 name hash (published
 * test vectors), the shard of a suite, and results JSON and run-status
 * files read back (what `imslab merge` relies on: read and written again,
 * the bytes are the same).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness/shard.h"
#include "reports/report.h"

static void parse_ok(void **state)
{
    struct hx_shard sh;

    (void)state;
    assert_int_equal(hx_shard_parse("1/1", &sh), 0);
    assert_int_equal(sh.index, 1);
    assert_int_equal(sh.count, 1);
    assert_int_equal(hx_shard_parse("7/12", &sh), 0);
    assert_int_equal(sh.index, 7);
    assert_int_equal(sh.count, 12);
    assert_int_equal(hx_shard_parse("65536/65536", &sh), 0);
    assert_int_equal(sh.count, HX_SHARD_MAX);
}

static void parse_bad(void **state)
{
    static const char *const bad[] = {
        "", "1", "1/", "/1", "0/1", "2/1", "01/2", "1/02", "+1/2", "-1/2", "1/2 ",
        " 1/2", "1/2/3", "1//2", "1/65537", "99999999999999999999/1", "a/b",
    };
    struct hx_shard sh = { 9, 9 };

    (void)state;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(hx_shard_parse(bad[i], &sh), -EINVAL);
        assert_int_equal(sh.index, 9);      /* untouched */
    }
    assert_int_equal(hx_shard_parse(NULL, &sh), -EINVAL);
}

/* FNV-1a 64 test vectors (Fowler, Noll, Vo: "FNV hash" test suite). */
static void hash_vectors(void **state)
{
    (void)state;
    assert_true(hx_shard_hash("") == 0xcbf29ce484222325ull);
    assert_true(hx_shard_hash("a") == 0xaf63dc4c8601ec8cull);
    assert_true(hx_shard_hash("foobar") == 0x85944171f73967e8ull);
    assert_int_equal(hx_shard_of("foobar", 1), 1);
    assert_int_equal(hx_shard_of("foobar", 5), 0x85944171f73967e8ull % 5 + 1);
    assert_int_equal(hx_shard_of("a", 2), 1);           /* ...8c is even */
}

/* A suite of five scenario files: shards keep their order and positions,
 * and the N shards of one N cover the suite once. */
static void suite_shard(void **state)
{
    static const char *const files[] = {
        "bare-idxd.yaml", "bare-mlx5.yaml", "bare-msix.yaml",
        "kvm-msix-trap.yaml", "kvm-ims-none-cap-always-idxd.yaml",
    };
    const size_t nf = sizeof(files) / sizeof(files[0]);

    (void)state;
    for (unsigned n = 1; n <= 4; n++) {
        unsigned seen[8] = { 0 };

        for (unsigned i = 1; i <= n; i++) {
            struct hx_suite s = { 0 };
            struct hx_shard sh = { i, n };
            size_t *pos = NULL, last = 0;

            for (size_t f = 0; f < nf; f++) {
                char path[1024], err[1024];

                snprintf(path, sizeof(path), "%s/scenarios/%s", IMSLAB_SOURCE_DIR, files[f]);
                assert_int_equal(hx_suite_add_file(&s, path, err, sizeof(err)), 0);
            }
            assert_int_equal(hx_suite_shard(&s, &sh, &pos), 0);
            for (size_t k = 0; k < s.n; k++) {
                assert_true(pos[k] < nf);
                assert_true(k == 0 || pos[k] > last);
                last = pos[k];
                assert_int_equal(hx_shard_of(s.v[k].scn->name, n), i);
                assert_non_null(strstr(s.v[k].path, files[pos[k]]));
                seen[pos[k]]++;
            }
            free(pos);
            hx_suite_free(&s);
        }
        for (size_t f = 0; f < nf; f++)
            assert_int_equal(seen[f], 1);
    }
}

/* ---- reading outputs back ----------------------------------------------- */

static void fixture(struct hx_result *r, size_t n)
{
    memset(r, 0, n * sizeof(*r));
    for (size_t i = 0; i < n; i++) {
        snprintf(r[i].name, sizeof(r[i].name), "case-%zu", i);
        snprintf(r[i].personality, sizeof(r[i].personality), "kvm");
        snprintf(r[i].policy, sizeof(r[i].policy), "msix=trap ims=emulate cap=auto viommu=none");
        snprintf(r[i].guest, sizeof(r[i].guest), "linux-6.2");
        snprintf(r[i].device, sizeof(r[i].device), i % 2 ? "mlx5" : "idxd");
        snprintf(r[i].assignment, sizeof(r[i].assignment), "passthrough");
        snprintf(r[i].path, sizeof(r[i].path), "trap");
        snprintf(r[i].note, sizeof(r[i].note), "caf\xc3\xa9 \"quoted\" <x> & \\");
        r[i].outcome = (enum hx_outcome)(i % HX_OUT__COUNT);
        r[i].ims_used = i % 2;
        r[i].fallback = i % 3 == 0;
        r[i].raised = 3 * i + 1;
        r[i].delivered = 2 * i;
        r[i].exits_steady = i + 1;         /* exits_per_irq 1/1, 2/4, 3/7 ... */
        r[i].exits[HX_EXIT_KICK] = 11 * i;
        r[i].ir_faults[0x22 - HX_IR_FAULT_FIRST] = i;
        r[i].ir_faults[0x28 - HX_IR_FAULT_FIRST] = i % 2;   /* a later reason */
        r[i].latency = (struct hx_latency){ i, 1000 + i, 2000 + i, 3000 + i };
        if (i % 2)      /* "irq_path": only when a count is not 0 */
            r[i].irq_path = (struct hx_irq_path){
                .host_irqs = 40 + i, .eventfd_signals = 40 + i,
                .irqfd_wakeups = 39 + i, .kicks = i, .pi_ipis = 2 * i,
                .bypass_connects = 2, .bypass_updates = i, .bypass_posted = 1,
                .bypass_remapped = 1 + i, .bypass_switches = i / 2,
            };
        if (i % 3)      /* "discovery": only when a guest read something */
            r[i].discovery = (struct hx_discovery){ .cpuid_exits = 3 + i,
                                                    .iommu_reg_exits = 2 * (i % 2) };
        r[i].latency_log2[9] = i;      /* ~1000 ns: [512, 1024) */
        r[i].sim_end_ps = UINT64_C(1) << 62;
        r[i].trace_hash = 0xfedcba9876543210ull ^ i;
        r[i].n_expect = i % 3;
        for (size_t k = 0; k < r[i].n_expect; k++) {
            struct hx_expect_result *e = &r[i].expect[k];

            snprintf(e->rule, sizeof(e->rule), "E2E-X-%02zu", k);
            snprintf(e->metric, sizeof(e->metric), "delivered");
            snprintf(e->op, sizeof(e->op), "ge");
            snprintf(e->expected, sizeof(e->expected), "%zu", k);
            snprintf(e->actual, sizeof(e->actual), "entry 3 cycle 9: x");
            e->verdict = k == 1 ? HX_VERDICT_FAIL : HX_VERDICT_PASS;
        }
    }
}

static char *tmp_path(void)
{
    char *p = strdup("/tmp/test_shard.XXXXXX");
    int fd = mkstemp(p);

    assert_true(fd >= 0);
    close(fd);
    return p;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = malloc(1 << 20);

    assert_non_null(f);
    *len = fread(buf, 1, 1 << 20, f);
    fclose(f);
    return buf;
}

static void results_round_trip(void **state)
{
    struct hx_result res[7];
    struct rpt_run_meta meta = { .seed = 12345, .suite = "nightly" };
    struct rpt_results_file rf;
    char *a = tmp_path(), *b = tmp_path(), err[512];
    char *ba, *bb;
    size_t la, lb;
    FILE *f;

    (void)state;
    fixture(res, 7);
    f = fopen(a, "w");
    assert_int_equal(rpt_json_write(f, res, 7, &meta), 0);
    fclose(f);
    assert_int_equal(rpt_results_read(a, &rf, err, sizeof(err)), 0);
    assert_int_equal(rf.n, 7);
    assert_true(rf.seed == 12345);
    assert_string_equal(rf.suite, "nightly");
    assert_string_equal(rf.tool, "imslab " IMSLAB_VERSION);
    assert_string_equal(rf.res[5].note, res[5].note);
    assert_true(rf.res[6].trace_hash == res[6].trace_hash);
    assert_true(rf.res[3].ir_faults[0x28 - HX_IR_FAULT_FIRST] == 1);
    assert_memory_equal(&rf.res[5].irq_path, &res[5].irq_path,
                        sizeof(res[5].irq_path));
    assert_true(rf.res[4].irq_path.host_irqs == 0);
    assert_true(rf.res[5].discovery.cpuid_exits == 8);
    assert_true(rf.res[5].discovery.iommu_reg_exits == 2);
    assert_true(rf.res[3].discovery.cpuid_exits == 0);
    assert_true(rf.res[2].expect_failed);
    assert_false(rf.res[1].expect_failed);
    meta = (struct rpt_run_meta){ .tool = rf.tool, .seed = rf.seed, .suite = rf.suite };
    f = fopen(b, "w");
    assert_int_equal(rpt_json_write(f, rf.res, rf.n, &meta), 0);
    fclose(f);
    ba = slurp(a, &la);
    bb = slurp(b, &lb);
    assert_int_equal(la, lb);
    assert_memory_equal(ba, bb, la);
    rpt_results_free(&rf);
    free(ba);
    free(bb);
    unlink(a);
    unlink(b);
    free(a);
    free(b);
}

/* Write @text to a file; expect rpt_results_read() to fail naming @msg. */
static void read_fails(const char *text, const char *msg)
{
    struct rpt_results_file rf;
    char *p = tmp_path(), err[512] = "";
    FILE *f = fopen(p, "w");

    fputs(text, f);
    fclose(f);
    assert_int_equal(rpt_results_read(p, &rf, err, sizeof(err)), -EINVAL);
    if (!strstr(err, msg))
        fail_msg("'%s' does not say '%s'", err, msg);
    assert_null(rf.res);
    unlink(p);
    free(p);
}

static void results_bad(void **state)
{
    (void)state;
    read_fails("{", ":1:");
    read_fails("[]", "expected an object");
    read_fails("{\"schema\": \"imslab.results/1\"}", "expected imslab.results/2");
    read_fails("{\"schema\": \"imslab.results/2\", \"x\": 1}", "unknown key 'x'");
    read_fails("{\"schema\": \"imslab.results/2\", \"tool\": \"t\", \"seed\": -1, "
               "\"suite\": \"s\", \"scenarios\": [], \"summary\": {\"scenarios\": 0}}",
               "seed: expected an integer >= 0");
    read_fails("{\"schema\": \"imslab.results/2\", \"tool\": \"t\", \"seed\": 1, "
               "\"suite\": \"s\", \"scenarios\": [], \"summary\": {\"scenarios\": 2}}",
               "summary.scenarios: 2 for 0 scenarios");
    read_fails("{\"schema\": \"imslab.results/2\", \"tool\": \"t\", \"seed\": 1, "
               "\"suite\": \"s\", \"scenarios\": [{\"name\": \"n\"}], "
               "\"summary\": {\"scenarios\": 1}}",
               "scenarios[0]: missing key 'file'");
}

static void status_round_trip(void **state)
{
    static const char *const outs[] = { "results.json" };
    const size_t pos[] = { 2, 5, 9 };
    struct rpt_shard_info sh = { 2, 3, 10, pos, 3 };
    struct rpt_run_status st = {
        .status = RPT_STATUS_COMPLETE, .scenarios = 3, .finished = 3,
        .outputs = outs, .noutputs = 1, .shard = &sh,
    };
    struct rpt_status_file sf;
    char *p = tmp_path(), err[512];
    FILE *f = fopen(p, "w");

    (void)state;
    assert_int_equal(rpt_status_write(f, &st), 0);
    fclose(f);
    assert_int_equal(rpt_status_read(p, &sf, err, sizeof(err)), 0);
    assert_int_equal(sf.status, RPT_STATUS_COMPLETE);
    assert_int_equal(sf.scenarios, 3);
    assert_int_equal(sf.shard.index, 2);
    assert_int_equal(sf.shard.count, 3);
    assert_int_equal(sf.shard.suite_scenarios, 10);
    assert_int_equal(sf.shard.n, 3);
    assert_int_equal(sf.shard.positions[1], 5);
    rpt_status_free(&sf);

    st.shard = NULL;                    /* an unsharded run: no "shard" key */
    st.status = RPT_STATUS_INTERRUPTED;
    f = fopen(p, "w");
    assert_int_equal(rpt_status_write(f, &st), 0);
    fclose(f);
    assert_int_equal(rpt_status_read(p, &sf, err, sizeof(err)), 0);
    assert_int_equal(sf.status, RPT_STATUS_INTERRUPTED);
    assert_int_equal(sf.shard.count, 0);
    rpt_status_free(&sf);
    unlink(p);
    free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parse_ok),
        cmocka_unit_test(parse_bad),
        cmocka_unit_test(hash_vectors),
        cmocka_unit_test(suite_shard),
        cmocka_unit_test(results_round_trip),
        cmocka_unit_test(results_bad),
        cmocka_unit_test(status_round_trip),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
