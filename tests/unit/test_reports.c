/* SPDX-License-Identifier: MIT */
/*
 * test_reports.c - the report writers against hand-built results: golden
 * bytes (tests/data/reports/), parse-back with jansson and libxml2,
 * determinism, escaping, and error returns.
 *
 * After an intended format change, `test_reports --update-golden` rewrites
 * the golden files; review the diff before committing it.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "reports/report.h"

#define GOLDEN_DIR IMSLAB_SOURCE_DIR "/tests/data/reports/"
#define N_FIX 3

static bool update_golden;

/* ---- fixtures ------------------------------------------------------------ */

static struct hx_expect_result expect(const char *rule, const char *metric,
                                      const char *op, const char *expected,
                                      const char *actual, const char *scope,
                                      enum hx_verdict v)
{
    struct hx_expect_result e = { .verdict = v };

    snprintf(e.rule, sizeof(e.rule), "%s", rule);
    snprintf(e.metric, sizeof(e.metric), "%s", metric);
    snprintf(e.op, sizeof(e.op), "%s", op);
    snprintf(e.expected, sizeof(e.expected), "%s", expected);
    snprintf(e.actual, sizeof(e.actual), "%s", actual);
    snprintf(e.scope, sizeof(e.scope), "%s", scope);
    return e;
}

static void set_expect(struct hx_result *r, size_t n,
                       const struct hx_expect_result *e)
{
    assert_true(n <= HX_MAX_EXPECT);
    memcpy(r->expect, e, n * sizeof(*e));
    r->n_expect = n;
    for (size_t k = 0; k < n; k++)
        r->expect_failed |= e[k].verdict == HX_VERDICT_FAIL;
}

#define SET(field, s) snprintf((field), sizeof(field), "%s", (s))

/*
 * [0] bare metal, idxd: every interrupt delivered, no exits; one passing
 *     expectation.
 * [1] kvm, IMS not emulated but advertised, mlx5: the guest's fake pair
 *     faults with reason 0x22; expects 1 pass (the fault) and 1 fail.
 * [2] kvm, same policy, idxd emulated: delivered, 8 IMS-write traps, and a
 *     name and note that need XML escaping; no expectations.
 * Expectations overall: 2 passed, 1 failed.
 */
static void fixtures(struct hx_result r[N_FIX])
{
    memset(r, 0, N_FIX * sizeof(*r));

    SET(r[0].name, "bare-idxd");
    SET(r[0].file, "scenarios/bare-idxd.yaml");
    r[0].seed = 7;
    SET(r[0].personality, "bare");
    SET(r[0].policy, "msix=native ims=native cap=auto viommu=none");
    SET(r[0].guest, "linux");
    SET(r[0].device, "idxd");
    SET(r[0].assignment, "host");
    SET(r[0].path, "native");
    r[0].outcome = HX_OUT_DELIVERED;
    r[0].ims_used = true;
    r[0].raised = r[0].delivered = 1000;
    r[0].latency = (struct hx_latency){ .n = 1000, .p50_ns = 612, .p99_ns = 845,
                                        .max_ns = 1210 };
    r[0].latency_log2[9] = 990;     /* 512..1023 ns */
    r[0].latency_log2[10] = 10;     /* 1024..2047 ns */
    r[0].sim_end_ps = UINT64_C(2000000000);
    r[0].events = 9012;
    r[0].trace_hash = UINT64_C(0x00c0ffee12345678);
    set_expect(&r[0], 1, (struct hx_expect_result[]){
        expect("EXP-DELIV-01", "delivered", "==", "1000", "1000", "", HX_VERDICT_PASS),
    });

    SET(r[1].name, "kvm-advertise-mlx5");
    SET(r[1].personality, "kvm");
    SET(r[1].policy, "msix=trap ims=emulate cap=advertise viommu=none");
    SET(r[1].guest, "linux");
    SET(r[1].device, "mlx5");
    SET(r[1].assignment, "vm0");
    SET(r[1].path, "fake");
    SET(r[1].note, "no IMS emulation plugin for mlx5");
    r[1].outcome = HX_OUT_FAULTED;
    r[1].ims_used = true;
    r[1].cap_advertised = true;
    r[1].raised = 5;
    r[1].faulted = 5;
    r[1].exits[HX_EXIT_MMIO] = 3;
    r[1].exits[HX_EXIT_HLT] = 2;
    r[1].exits_total = 5;
    r[1].exits_steady = 2;
    r[1].setup = (struct hx_setup){ .time_ns = 1001666, .exits = 6,
                                    .iec_flushes = 1, .route_commits = 1 };
    /* "retarget" only when an affinity changed */
    r[1].retarget = (struct hx_retarget){ .changes = 1, .moves = 2,
                                          .time_ns_mean = 501666,
                                          .time_ns_max = 501666, .exits = 2 };
    r[1].ir_faults[0x22 - HX_IR_FAULT_FIRST] = 5;
    r[1].ir_fault_records = 5;
    r[1].sim_end_ps = UINT64_C(1500000000);
    r[1].events = 311;
    r[1].trace_hash = UINT64_C(0xdeadbeef00000001);
    set_expect(&r[1], 2, (struct hx_expect_result[]){
        expect("IR-FLT-01", "ir_fault_0x22", "==", "5", "5", "vm0", HX_VERDICT_PASS),
        expect("EXP-DELIV-01", "delivered", "==", "5", "0", "vm0", HX_VERDICT_FAIL),
    });

    SET(r[2].name, "a<b&\"c\"");
    SET(r[2].personality, "kvm");
    SET(r[2].policy, "msix=trap ims=emulate cap=advertise viommu=none");
    SET(r[2].guest, "linux");
    SET(r[2].device, "idxd");
    SET(r[2].assignment, "vm0");
    SET(r[2].path, "trap");
    SET(r[2].note, "'single' & <tag>");
    r[2].outcome = HX_OUT_DELIVERED;
    r[2].ims_used = true;
    r[2].cap_advertised = true;
    r[2].raised = r[2].delivered = 3;
    r[2].exits[HX_EXIT_MMIO] = 8;
    r[2].exits[HX_EXIT_HLT] = 1;
    r[2].exits_total = 9;
    r[2].exits_steady = 1;
    r[2].exits_steady_by[HX_EXIT_HLT] = 1;
    r[2].ims_write_traps = 8;
    r[2].latency = (struct hx_latency){ .n = 3, .p50_ns = 1834, .p99_ns = 2405,
                                        .max_ns = 2405 };
    r[2].latency_log2[10] = 2;
    r[2].latency_log2[11] = 1;
    /* "vcpus" is written only for a record where something happened */
    r[2].vcpus = (struct hx_vcpu_dyn){ .preemptions = 2, .wakeups = 1,
                                       .wakeup_mean_ns = 4116,
                                       .wakeup_max_ns = 4116, .halt_polls = 3,
                                       .halt_poll_hits = 2,
                                       .runqueue_wait_ns = 750000 };
    /* "vms" only for a run with several VMs */
    r[2].n_vms = 2;
    SET(r[2].vms[0].name, "vm0");
    SET(r[2].vms[0].guest, "linux");
    r[2].vms[0].outcome = HX_OUT_DELIVERED;
    r[2].vms[0].raised = r[2].vms[0].delivered = 3;
    r[2].vms[0].latency = r[2].latency;
    r[2].vms[0].vcpu_exits = 1;
    SET(r[2].vms[1].name, "vm1");
    SET(r[2].vms[1].guest, "legacy");
    r[2].vms[1].outcome = HX_OUT_LEAKED;
    r[2].vms[1].raised = r[2].vms[1].leaked = 2;    /* not in r[2]'s counts */
    r[2].sim_end_ps = UINT64_C(300000000);
    r[2].events = 77;
    r[2].trace_hash = UINT64_C(0x1);
}


static const struct rpt_run_meta meta = {
    .tool = "imslab 0.1.0", .seed = 42, .suite = "builtin",
};

/* Where and when the fixtures "ran" (JUnit's time, timestamp, hostname):
 * 2026-06-01T12:00:00Z + i s, 1.5 s, 0.25 s, 0 s; enough for any test. */
#define N_WALL 8
static const struct rpt_wall walls[N_WALL] = {
    { { 1780315200, 0 }, 1500000000u, "ci-1" },
    { { 1780315201, 999999999 }, 250999999u, "ci-1" },
    { { 1780315202, 0 }, 0, "ci-2" },
    { { 1780315203, 0 }, 0, "ci-2" },
};

/* ---- capturing a writer's output ----------------------------------------- */

enum fmt { JSON, JUNIT, MATRIX };

static int write_fmt(FILE *f, enum fmt fmt, const struct hx_result *r, size_t n)
{
    switch (fmt) {
    case JSON:
        return rpt_json_write(f, r, n, &meta);
    case JUNIT:
        assert_true(n <= N_WALL);
        return rpt_junit_write(f, r, n, "builtin", walls);
    case MATRIX:
        return rpt_matrix_write(f, r, n);
    }
    return -EINVAL;
}

/* The bytes a writer produced; the caller frees them. */
static char *capture(enum fmt fmt, const struct hx_result *r, size_t n, size_t *len)
{
    char *buf = NULL;
    FILE *f = open_memstream(&buf, len);

    assert_non_null(f);
    assert_int_equal(write_fmt(f, fmt, r, n), 0);
    assert_int_equal(fclose(f), 0);
    assert_non_null(buf);
    return buf;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long size;

    if (!f)
        fail_msg("cannot open %s (run test_reports --update-golden?)", path);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    size = ftell(f);
    assert_true(size >= 0);
    rewind(f);
    buf = malloc((size_t)size + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)size, f), (size_t)size);
    buf[size] = '\0';
    fclose(f);
    *len = (size_t)size;
    return buf;
}

/* Byte-for-byte against tests/data/reports/@name (or rewrite it). */
static void check_golden(const char *name, const char *got, size_t len)
{
    char path[512];
    size_t glen, at = 0;
    char *golden;

    snprintf(path, sizeof(path), GOLDEN_DIR "%s", name);
    if (update_golden) {
        FILE *f = fopen(path, "wb");

        assert_non_null(f);
        assert_int_equal(fwrite(got, 1, len, f), len);
        assert_int_equal(fclose(f), 0);
        print_message("rewrote %s\n", path);
        return;
    }
    golden = read_file(path, &glen);
    while (at < len && at < glen && got[at] == golden[at])
        at++;
    if (at != len || at != glen) {
        print_message("%s differs at byte %zu; got:\n%s\n", name, at, got);
        free(golden);
        fail_msg("%s: output differs from golden file", name);
    }
    free(golden);
}

/* ---- results JSON --------------------------------------------------------- */

static void test_json_golden(void **state)
{
    struct hx_result r[N_FIX];
    size_t len;
    char *out;

    (void)state;
    fixtures(r);
    out = capture(JSON, r, N_FIX, &len);
    check_golden("results.json", out, len);
    free(out);
}

static json_t *get(json_t *o, const char *path)
{
    char key[64];
    const char *dot;

    while ((dot = strchr(path, '.'))) {
        snprintf(key, sizeof(key), "%.*s", (int)(dot - path), path);
        o = json_object_get(o, key);
        assert_non_null(o);
        path = dot + 1;
    }
    o = json_object_get(o, path);
    if (!o)
        fail_msg("no key %s", path);
    return o;
}

static void test_json_parses_back(void **state)
{
    struct hx_result r[N_FIX];
    json_error_t err;
    json_t *doc, *sc, *s1, *ex;
    size_t len;
    char *out;
    const char *key;
    json_t *v;
    size_t i = 0;
    const char *const record_keys[] = {
        "name", "file", "seed", "personality", "policy", "guest", "device", "assignment", "path",
        "outcome", "ims_used", "fallback", "cap_advertised", "note", "raised",
        "delivered", "misrouted", "leaked", "faulted", "lost", "duplicated", "spurious",
        "refused", "exits", "exits_total", "exits_steady", "exits_steady_by_reason",
        "exits_per_irq",
        "ims_write_traps", "msix_write_traps", "hypercalls", "setup", "ir_faults",
        "ir_fault_records", "latency_ns", "latency_hist_ns", "sim_end_ps", "events",
        "trace_hash", "expectations",
    };

    (void)state;
    fixtures(r);
    out = capture(JSON, r, N_FIX, &len);
    doc = json_loadb(out, len, JSON_REJECT_DUPLICATES, &err);
    if (!doc)
        fail_msg("JSON does not parse: %s at %d:%d", err.text, err.line, err.column);

    assert_string_equal(json_string_value(get(doc, "schema")), HX_RESULTS_SCHEMA);
    assert_string_equal(json_string_value(get(doc, "tool")), "imslab 0.1.0");
    assert_int_equal(json_integer_value(get(doc, "seed")), 42);
    assert_null(json_object_get(doc, "backend"));  /* run-info only */
    assert_string_equal(json_string_value(get(doc, "suite")), "builtin");
    assert_int_equal(json_integer_value(get(doc, "summary.scenarios")), 3);
    assert_int_equal(json_integer_value(get(doc, "summary.expectations")), 3);
    assert_int_equal(json_integer_value(get(doc, "summary.failed")), 1);
    /* the distribution: non-empty bins by their lowest value */
    {
        json_t *h = json_object_get(json_array_get(get(doc, "scenarios"), 0), "latency_hist_ns");

        assert_int_equal(json_object_size(h), 2);
        assert_int_equal(json_integer_value(json_object_get(h, "512")), 990);
        assert_int_equal(json_integer_value(json_object_get(h, "1024")), 10);
        h = json_object_get(json_array_get(get(doc, "scenarios"), 1), "latency_hist_ns");
        assert_int_equal(json_object_size(h), 0);
    }

    sc = get(doc, "scenarios");
    assert_int_equal(json_array_size(sc), N_FIX);

    /* every record has the documented keys, in the documented order */
    json_object_foreach(json_array_get(sc, 0), key, v) {
        assert_true(i < sizeof(record_keys) / sizeof(record_keys[0]));
        assert_string_equal(key, record_keys[i]);
        i++;
    }
    assert_int_equal(i, sizeof(record_keys) / sizeof(record_keys[0]));

    assert_string_equal(json_string_value(get(json_array_get(sc, 0), "file")),
                        "scenarios/bare-idxd.yaml");
    assert_int_equal(json_integer_value(get(json_array_get(sc, 0), "seed")), 7);
    s1 = json_array_get(sc, 1);
    assert_string_equal(json_string_value(get(s1, "file")), "");
    assert_int_equal(json_integer_value(get(s1, "seed")), 0);
    assert_string_equal(json_string_value(get(s1, "outcome")), "faulted");
    assert_int_equal(json_integer_value(get(s1, "ir_faults.0x22")), 5);
    /* 0x20-0x26 always; 0x27-0x29 only when not 0 (none here) */
    assert_int_equal(json_object_size(get(s1, "ir_faults")), 7);
    assert_int_equal(json_integer_value(get(s1, "setup.time_ns")), 1001666);
    assert_int_equal(json_integer_value(get(s1, "setup.exits")), 6);
    assert_int_equal(json_integer_value(get(s1, "setup.route_commits")), 1);
    assert_null(json_object_get(s1, "vcpus"));  /* nothing happened */
    assert_int_equal(json_integer_value(get(s1, "retarget.time_ns.max")), 501666);
    assert_int_equal(json_integer_value(get(s1, "retarget.exits")), 2);
    assert_null(json_object_get(json_array_get(sc, 0), "retarget"));
    assert_null(json_object_get(get(s1, "ir_faults"), "0x27"));
    assert_int_equal(json_integer_value(get(s1, "ir_faults.0x20")), 0);
    assert_int_equal(json_integer_value(get(s1, "ir_faults.0x26")), 0);
    assert_int_equal(json_integer_value(get(s1, "exits.mmio")), 3);
    assert_int_equal(json_integer_value(get(s1, "exits.hlt")), 2);
    assert_int_equal(json_object_size(get(s1, "exits")), HX_EXIT__COUNT);
    assert_true(json_is_real(get(s1, "exits_per_irq")));
    assert_true(json_real_value(get(s1, "exits_per_irq")) == 0.4);
    assert_string_equal(json_string_value(get(s1, "trace_hash")),
                        "0xdeadbeef00000001");
    assert_true(json_is_true(get(s1, "cap_advertised")));
    assert_true(json_is_false(get(s1, "fallback")));
    ex = get(s1, "expectations");
    assert_int_equal(json_array_size(ex), 2);
    assert_string_equal(json_string_value(get(json_array_get(ex, 1), "verdict")),
                        "fail");
    assert_string_equal(json_string_value(get(json_array_get(ex, 1), "actual")), "0");

    /* the name with JSON-special characters comes back unchanged */
    assert_string_equal(json_string_value(get(json_array_get(sc, 2), "name")),
                        "a<b&\"c\"");
    assert_true(json_real_value(get(json_array_get(sc, 2), "exits_per_irq")) ==
                0.333333);
    assert_int_equal(json_integer_value(get(json_array_get(sc, 2), "latency_ns.p99")),
                     2405);
    assert_int_equal(json_array_size(get(json_array_get(sc, 2), "expectations")), 0);

    json_decref(doc);
    free(out);
}

/* exits_per_irq: 6 decimals rounded half up, printed exactly; 0 with nothing raised. */
static void test_json_exits_per_irq_format(void **state)
{
    const struct {
        uint64_t exits, raised;
        const char *text;
    } cases[] = {
        { 0, 0, "\"exits_per_irq\": 0.0," },
        { 7, 0, "\"exits_per_irq\": 0.0," },
        { 2, 1, "\"exits_per_irq\": 2.0," },
        { 1, 3, "\"exits_per_irq\": 0.333333," },
        { 2, 3, "\"exits_per_irq\": 0.666667," },
        { 1, 1000, "\"exits_per_irq\": 0.001," },
        /* below 1e-4 "%.15g" takes the exponent form; still a JSON number */
        { 1, 20000, "\"exits_per_irq\": 5e-5," },
        { 1, 2000000, "\"exits_per_irq\": 1e-6," },   /* 0.0000005 rounds up */
        { 1, 2000001, "\"exits_per_irq\": 0.0," },
        { 123456789, 10, "\"exits_per_irq\": 12345678.9," },
    };

    (void)state;
    for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
        struct hx_result r = { .raised = cases[c].raised,
                               .exits_steady = cases[c].exits };
        size_t len;
        char *out = capture(JSON, &r, 1, &len);

        if (!strstr(out, cases[c].text))
            fail_msg("case %zu: no '%s' in\n%s", c, cases[c].text, out);
        free(out);
    }
}

/* Reasons 0x27-0x29 are listed when they happened, after 0x26, in order. */
static void test_json_late_fault_reasons(void **state)
{
    struct hx_result r;
    json_error_t jerr;
    json_t *doc, *f;
    const char *key;
    const char *want[] = { "0x20", "0x21", "0x22", "0x23", "0x24", "0x25",
                           "0x26", "0x27", "0x29" };
    size_t len, i = 0;
    char *out;
    json_t *v;

    (void)state;
    memset(&r, 0, sizeof(r));
    r.ir_faults[0x27 - HX_IR_FAULT_FIRST] = 3;
    r.ir_faults[0x29 - HX_IR_FAULT_FIRST] = 1;
    r.ir_faults[0x22 - HX_IR_FAULT_FIRST] = 2;
    out = capture(JSON, &r, 1, &len);
    doc = json_loadb(out, len, 0, &jerr);
    assert_non_null(doc);
    f = get(json_array_get(get(doc, "scenarios"), 0), "ir_faults");
    json_object_foreach(f, key, v) {
        assert_true(i < sizeof(want) / sizeof(want[0]));
        assert_string_equal(key, want[i]);
        i++;
    }
    assert_int_equal(i, 9);
    assert_int_equal(json_integer_value(json_object_get(f, "0x27")), 3);
    assert_int_equal(json_integer_value(json_object_get(f, "0x29")), 1);
    assert_int_equal(json_integer_value(json_object_get(f, "0x22")), 2);
    assert_null(json_object_get(f, "0x28"));
    json_decref(doc);
    free(out);

    out = capture(JUNIT, &r, 1, &len);
    assert_non_null(strstr(out, "IR faults 0x22=2,0x27=3,0x29=1,"));
    free(out);
}

static void test_json_errors(void **state)
{
    struct hx_result r = { .raised = (uint64_t)INT64_MAX + 1 };
    struct rpt_run_meta m = meta;
    char *buf = NULL;
    size_t len;
    FILE *f = open_memstream(&buf, &len);

    (void)state;
    assert_non_null(f);
    assert_int_equal(rpt_json_write(NULL, &r, 1, &meta), -EINVAL);
    assert_int_equal(rpt_json_write(f, NULL, 1, &meta), -EINVAL);
    assert_int_equal(rpt_json_write(f, &r, 1, NULL), -EINVAL);
    m.suite = NULL;
    assert_int_equal(rpt_json_write(f, &r, 1, &m), -EINVAL);
    m = meta;
    m.schema = "imslab.results/1";    /* only the version this writer writes */
    assert_int_equal(rpt_json_write(f, &r, 1, &m), -EINVAL);
    /* a count jansson cannot hold is refused, not wrapped */
    assert_int_equal(rpt_json_write(f, &r, 1, &meta), -ERANGE);
    m = meta;
    m.seed = UINT64_MAX;
    r.raised = 0;
    assert_int_equal(rpt_json_write(f, &r, 1, &m), -ERANGE);
    assert_int_equal(fclose(f), 0);
    assert_int_equal(len, 0);   /* nothing half-written */
    free(buf);

    /* explicit schema and default tool */
    m = meta;
    m.schema = HX_RESULTS_SCHEMA;
    m.tool = NULL;
    buf = NULL;
    f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(rpt_json_write(f, NULL, 0, &m), 0);
    assert_int_equal(fclose(f), 0);
    assert_non_null(strstr(buf, "\"tool\": \"imslab " IMSLAB_VERSION "\""));
    assert_non_null(strstr(buf, "\"scenarios\": [],"));
    free(buf);
}

/* Text that is not valid UTF-8 is replaced, so the document stays valid. */
static void test_json_bad_utf8(void **state)
{
    struct hx_result r;
    json_t *doc;
    size_t len;
    char *out;

    (void)state;
    memset(&r, 0, sizeof(r));
    SET(r.name, "ok\xff" "x\xc3");          /* stray byte; cut 2-byte sequence */
    memset(r.device, 'd', sizeof(r.device)); /* not NUL-terminated */
    SET(r.guest, "caf\xc3\xa9\x01");        /* valid UTF-8 and a control char */
    out = capture(JSON, &r, 1, &len);
    doc = json_loadb(out, len, 0, NULL);
    assert_non_null(doc);
    assert_string_equal(json_string_value(get(json_array_get(get(doc, "scenarios"), 0),
                                              "name")),
                        "ok\xef\xbf\xbdx\xef\xbf\xbd");
    assert_string_equal(json_string_value(get(json_array_get(get(doc, "scenarios"), 0),
                                              "device")),
                        "dddddddddddddddd");
    assert_non_null(strstr(out, "\"guest\": \"caf\xc3\xa9\\u0001\""));
    json_decref(doc);
    free(out);
}

/* ---- JUnit XML ------------------------------------------------------------ */

static void test_junit_golden(void **state)
{
    struct hx_result r[N_FIX];
    size_t len;
    char *out;

    (void)state;
    fixtures(r);
    out = capture(JUNIT, r, N_FIX, &len);
    check_golden("junit.xml", out, len);
    free(out);
}

static char *prop(xmlNodePtr n, const char *name, char *buf, size_t size)
{
    xmlChar *v = xmlGetProp(n, BAD_CAST name);

    if (!v)
        fail_msg("<%s> has no %s", (const char *)n->name, name);
    snprintf(buf, size, "%s", (const char *)v);
    xmlFree(v);
    return buf;
}

static bool is(xmlNodePtr n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

static void test_junit_well_formed(void **state)
{
    struct hx_result r[N_FIX];
    xmlDocPtr doc;
    xmlNodePtr root, suite;
    size_t len, cases = 0, fails = 0, suites = 0;
    char buf[256];
    char *out;
    const char *const names[] = {
        "bare-idxd/EXP-DELIV-01", "kvm-advertise-mlx5/IR-FLT-01",
        "kvm-advertise-mlx5/EXP-DELIV-01", "a<b&\"c\"",
    };
    /* per testsuite: name, tests, failures, time, timestamp, hostname */
    const char *const want[N_FIX][6] = {
        { "bare-idxd", "1", "0", "1.500", "2026-06-01T12:00:00", "ci-1" },
        { "kvm-advertise-mlx5", "2", "1", "0.250", "2026-06-01T12:00:01", "ci-1" },
        { "a<b&\"c\"", "1", "0", "0.000", "2026-06-01T12:00:02", "ci-2" },
    };
    /* per testcase: its time (the scenario's on its first one) */
    const char *const times[] = { "1.500", "0.250", "0.000", "0.000" };

    (void)state;
    fixtures(r);
    out = capture(JUNIT, r, N_FIX, &len);
    doc = xmlReadMemory(out, (int)len, "junit.xml", NULL, XML_PARSE_NONET);
    assert_non_null(doc);
    root = xmlDocGetRootElement(doc);
    assert_true(is(root, "testsuites"));
    assert_null(root->properties);      /* the Ant schema allows none */
    assert_null(xmlNextElementSibling(root));
    for (suite = xmlFirstElementChild(root); suite; suite = xmlNextElementSibling(suite)) {
        xmlNodePtr c = xmlFirstElementChild(suite), q;

        assert_true(is(suite, "testsuite"));
        assert_true(suites < N_FIX);
        assert_string_equal(prop(suite, "name", buf, sizeof(buf)), want[suites][0]);
        assert_string_equal(prop(suite, "tests", buf, sizeof(buf)), want[suites][1]);
        assert_string_equal(prop(suite, "failures", buf, sizeof(buf)), want[suites][2]);
        assert_string_equal(prop(suite, "errors", buf, sizeof(buf)), "0");
        assert_string_equal(prop(suite, "skipped", buf, sizeof(buf)), "0");
        assert_string_equal(prop(suite, "time", buf, sizeof(buf)), want[suites][3]);
        assert_string_equal(prop(suite, "timestamp", buf, sizeof(buf)), want[suites][4]);
        assert_string_equal(prop(suite, "hostname", buf, sizeof(buf)), want[suites][5]);
        assert_int_equal(atoi(prop(suite, "id", buf, sizeof(buf))), (int)suites);
        assert_string_equal(prop(suite, "package", buf, sizeof(buf)), "imslab.builtin");

        /* properties: simulated time first, then the set-up */
        assert_true(is(c, "properties"));
        q = xmlFirstElementChild(c);
        assert_string_equal(prop(q, "name", buf, sizeof(buf)), "sim_end_ps");
        assert_string_equal(prop(q, "value", buf, sizeof(buf)),
                            suites == 0 ? "2000000000" : suites == 1 ? "1500000000"
                                                                      : "300000000");
        q = xmlNextElementSibling(q);
        assert_string_equal(prop(q, "name", buf, sizeof(buf)), "setup_time_ns");
        assert_string_equal(prop(q, "value", buf, sizeof(buf)), suites == 1 ? "1001666" : "0");
        for (c = xmlNextElementSibling(c); c && is(c, "testcase"); c = xmlNextElementSibling(c)) {
            xmlNodePtr f = xmlFirstElementChild(c);

            assert_true(cases < 4);
            assert_string_equal(prop(c, "classname", buf, sizeof(buf)), "imslab.builtin");
            assert_string_equal(prop(c, "name", buf, sizeof(buf)), names[cases]);
            assert_string_equal(prop(c, "time", buf, sizeof(buf)), times[cases]);
            if (f) {
                xmlChar *body = xmlNodeGetContent(f);

                assert_true(is(f, "failure"));
                assert_null(xmlNextElementSibling(f));
                assert_int_equal(cases, 2);
                assert_string_equal(prop(f, "message", buf, sizeof(buf)),
                                    "EXP-DELIV-01: delivered == 5, actual 0");
                assert_string_equal(prop(f, "type", buf, sizeof(buf)), "expectation");
                assert_string_equal((const char *)body, "scope: vm0");
                xmlFree(body);
                fails++;
            }
            cases++;
        }
        /* the summary, then an empty system-err: nothing else */
        assert_non_null(c);
        assert_true(is(c, "system-out"));
        {
            xmlChar *body = xmlNodeGetContent(c);
            const char *tail = "; note: 'single' & <tag>";
            size_t bl = strlen((const char *)body);

            /* the note of the escaping fixture comes back unchanged */
            if (suites == 2) {
                assert_true(bl > strlen(tail));
                assert_string_equal((const char *)body + bl - strlen(tail), tail);
            }
            assert_non_null(strstr((const char *)body, "outcome "));
            xmlFree(body);
        }
        c = xmlNextElementSibling(c);
        assert_true(is(c, "system-err"));
        assert_null(xmlFirstElementChild(c));
        assert_null(xmlNextElementSibling(c));
        suites++;
    }
    assert_int_equal(suites, N_FIX);
    assert_int_equal(cases, 4);
    assert_int_equal(fails, 1);
    xmlFreeDoc(doc);
    free(out);
}

/* A rule checked twice in one scenario gives two distinct testcase names;
 * control characters and bad UTF-8 do not make the XML ill-formed. */
static void test_junit_names_and_bad_text(void **state)
{
    struct hx_result r;
    xmlDocPtr doc;
    size_t len;
    char *out;

    (void)state;
    memset(&r, 0, sizeof(r));
    SET(r.name, "s\x01\xfe");
    set_expect(&r, 3, (struct hx_expect_result[]){
        expect("R-1", "delivered", ">=", "1", "1", "", HX_VERDICT_PASS),
        expect("R-1", "lost", "==", "0", "0", "", HX_VERDICT_PASS),
        expect("R-1", "spurious", "==", "0", "\x02", "", HX_VERDICT_FAIL),
    });
    out = capture(JUNIT, &r, 1, &len);
    doc = xmlReadMemory(out, (int)len, "junit.xml", NULL, XML_PARSE_NONET);
    assert_non_null(doc);
    xmlFreeDoc(doc);
    assert_non_null(strstr(out, "name=\"s\xef\xbf\xbd\xef\xbf\xbd/R-1\""));
    assert_non_null(strstr(out, "name=\"s\xef\xbf\xbd\xef\xbf\xbd/R-1#2\""));
    assert_non_null(strstr(out, "name=\"s\xef\xbf\xbd\xef\xbf\xbd/R-1#3\""));
    assert_non_null(strstr(out, "message=\"R-1: spurious == 0, actual \xef\xbf\xbd\""));
    free(out);

    assert_int_equal(rpt_junit_write(stdout, NULL, 1, "s", walls), -EINVAL);
    assert_int_equal(rpt_junit_write(stdout, &r, 1, NULL, walls), -EINVAL);
    assert_int_equal(rpt_junit_write(NULL, &r, 1, "s", walls), -EINVAL);
    assert_int_equal(rpt_junit_write(stdout, &r, 1, "s", NULL), -EINVAL);
    {
        struct rpt_wall bad = walls[0];

        bad.start.tv_nsec = 1000000000L;
        assert_int_equal(rpt_junit_write(stdout, &r, 1, "s", &bad), -EINVAL);
    }
}

/* ---- matrix --------------------------------------------------------------- */

static void test_matrix_golden(void **state)
{
    struct hx_result r[N_FIX];
    const char *closing = "\n2 passed, 1 failed\n";
    size_t len;
    char *out;

    (void)state;
    fixtures(r);
    out = capture(MATRIX, r, N_FIX, &len);
    check_golden("matrix.txt", out, len);
    /* the closing line CI parsers read ends the output */
    assert_true(len > strlen(closing));
    assert_string_equal(out + len - strlen(closing), closing);
    /* readable in 100 columns */
    for (char *line = out, *nl; (nl = strchr(line, '\n')); line = nl + 1)
        assert_true(nl - line <= 100);
    free(out);
}

/* Two scenarios in one cell each get a line tagged with their name. */
static void test_matrix_shared_cell_and_empty(void **state)
{
    struct hx_result r[2];
    size_t len;
    char *out;

    (void)state;
    memset(r, 0, sizeof(r));
    for (int i = 0; i < 2; i++) {
        SET(r[i].personality, "kvm");
        SET(r[i].policy, "p");
        SET(r[i].guest, "g");
        SET(r[i].device, "idxd");
        SET(r[i].assignment, "vm0");
        r[i].raised = 10;
        r[i].delivered = 10 - (uint64_t)i;
        r[i].outcome = i ? HX_OUT_LOST : HX_OUT_DELIVERED;
    }
    SET(r[0].name, "one");
    SET(r[1].name, "two\x1b[31m");   /* a terminal escape is neutralised */
    /* set-up time in ms, 2 decimals rounded half up */
    r[1].setup = (struct hx_setup){ .time_ns = 12345000, .exits = 1 };
    out = capture(MATRIX, r, 2, &len);
    assert_string_equal(out,
        "imslab matrix: 2 scenarios, 1 row x 1 column\n"
        "rows: personality | policy | guest; columns: device/assignment\n"
        "cell: OUTCOME delivered/raised  x=VM exits per irq  "
        "t=IMS-write traps  h=hypercalls\n"
        "      s=set-up time/exits  fNN=IR faults by reason (hex)  "
        "latency p50/p99  (- = not run)\n"
        "\n"
        "kvm | p | guest g\n"
        "  idxd/vm0  DELIV  10/10  x=0.0  t=0  h=0  s=0.00ms/0x   f=0  -  [one]\n"
        "  idxd/vm0  LOST    9/10  x=0.0  t=0  h=0  s=12.35ms/1x  f=0  -  [two?[31m]\n"
        "\n"
        "0 passed, 0 failed\n");
    free(out);

    out = capture(MATRIX, NULL, 0, &len);
    assert_string_equal(out, "imslab matrix: 0 scenarios, 0 rows x 0 columns\n"
                             "\n0 passed, 0 failed\n");
    free(out);
    assert_int_equal(rpt_matrix_write(NULL, r, 2), -EINVAL);
    assert_int_equal(rpt_matrix_write(stdout, NULL, 2), -EINVAL);
}

static void test_matrix_number_formats(void **state)
{
    const struct {
        uint64_t exits, raised, p50, p99;
        const char *text;
    } cases[] = {
        { 0, 0, 0, 0, "x=0.0" },
        { 1, 20, 5, 4, "x=0.1  t=0  h=0  s=0.00ms/0x  f=0  0.01/0.00us" },   /* 0.05 up; 5 ns up */
        { 1, 21, 994, 995, "x=0.0  t=0  h=0  s=0.00ms/0x  f=0  0.99/1.00us" },
        { 25, 10, 123456, 1000, "x=2.5  t=0  h=0  s=0.00ms/0x  f=0  123.46/1.00us" },
        { 3, 2, 0, 0, "x=1.5" },
    };

    (void)state;
    for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
        struct hx_result r;
        size_t len;
        char *out;

        memset(&r, 0, sizeof(r));
        r.raised = cases[c].raised;
        r.exits_steady = cases[c].exits;
        r.latency = (struct hx_latency){ .n = cases[c].p50 ? 1 : 0,
                                         .p50_ns = cases[c].p50,
                                         .p99_ns = cases[c].p99 };
        r.ir_faults[0] = 0;
        out = capture(MATRIX, &r, 1, &len);
        if (!strstr(out, cases[c].text))
            fail_msg("case %zu: no '%s' in\n%s", c, cases[c].text, out);
        free(out);
    }
}

static void test_matrix_faults_all_reasons(void **state)
{
    struct hx_result r;
    size_t len;
    char *out;

    (void)state;
    memset(&r, 0, sizeof(r));
    for (int i = 0; i < HX_IR_FAULT_N; i++)
        r.ir_faults[i] = (uint64_t)i + 1;
    r.ir_faults[3] = UINT64_MAX;
    r.outcome = HX_OUT_MIXED;
    out = capture(MATRIX, &r, 1, &len);
    assert_non_null(strstr(out, "MIXED  0/0  x=0.0  t=0  h=0  s=0.00ms/0x  f20=1,f21=2,f22=3,"
                                "f23=18446744073709551615,f24=5,f25=6,f26=7,"
                                "f27=8,f28=9,f29=10  -\n"));
    free(out);
}

/* Caller strings (tool, backend, suite) are not cut to a field size. */
static void test_long_meta_strings(void **state)
{
    char suite[301], want[320];
    struct rpt_run_meta m = meta;
    struct hx_result r;
    char *buf = NULL;
    size_t len;
    FILE *f;

    (void)state;
    memset(&r, 0, sizeof(r));
    memset(suite, 's', sizeof(suite) - 1);
    suite[sizeof(suite) - 1] = '\0';
    m.suite = suite;
    f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(rpt_json_write(f, &r, 1, &m), 0);
    assert_int_equal(rpt_junit_write(f, &r, 1, suite, walls), 0);
    assert_int_equal(fclose(f), 0);
    snprintf(want, sizeof(want), "\"suite\": \"%s\"", suite);
    assert_non_null(strstr(buf, want));
    snprintf(want, sizeof(want), "classname=\"imslab.%s\"", suite);
    assert_non_null(strstr(buf, want));
    free(buf);
}

/* ---- determinism ---------------------------------------------------------- */

static void test_deterministic(void **state)
{
    (void)state;
    for (enum fmt fmt = JSON; fmt <= MATRIX; fmt++) {
        struct hx_result a[N_FIX], b[N_FIX];
        size_t la, lb;
        char *oa, *ob;

        fixtures(a);
        oa = capture(fmt, a, N_FIX, &la);
        ob = capture(fmt, a, N_FIX, &lb);   /* same structs, twice */
        assert_int_equal(la, lb);
        assert_memory_equal(oa, ob, la);
        free(ob);
        fixtures(b);                        /* equal structs, other memory */
        ob = capture(fmt, b, N_FIX, &lb);
        assert_int_equal(la, lb);
        assert_memory_equal(oa, ob, la);
        free(oa);
        free(ob);
    }
}

/* ---- tally and run-info --------------------------------------------------- */

static void test_tally(void **state)
{
    struct hx_result r[N_FIX];
    struct rpt_tally t;

    (void)state;
    fixtures(r);
    rpt_tally(r, N_FIX, &t);
    assert_int_equal(t.scenarios, 3);
    assert_int_equal(t.expectations, 3);
    assert_int_equal(t.passed, 2);
    assert_int_equal(t.failed, 1);
    rpt_tally(NULL, 0, &t);
    assert_int_equal(t.scenarios + t.expectations + t.passed + t.failed, 0);
}

/* A skipped scenario: counted and named by every writer, and TAP. */
static void test_skipped_and_tap(void **state)
{
    struct hx_result r[N_FIX + 1];
    struct rpt_tally t;
    struct rpt_results_file rf;
    char *out, path[] = "/tmp/imslab-test-skip-XXXXXX";
    size_t len;
    FILE *f;
    int fd;

    (void)state;
    fixtures(r);
    memset(&r[N_FIX], 0, sizeof(r[N_FIX]));
    SET(r[N_FIX].name, "rtl-one");
    SET(r[N_FIX].personality, "bare");
    SET(r[N_FIX].policy, "msix=native ims=none cap=auto viommu=none");
    SET(r[N_FIX].device, "idxd");
    SET(r[N_FIX].assignment, "passthrough");
    SET(r[N_FIX].skipped, "device 'd': rtl: no Verilator");
    rpt_tally(r, N_FIX + 1, &t);
    assert_int_equal(t.scenarios, 4);
    assert_int_equal(t.skipped, 1);
    assert_int_equal(t.failed, 1);

    out = capture(JSON, r, N_FIX + 1, &len);
    assert_non_null(strstr(out, "\"note\": \"\",\n      \"skipped\": \"device 'd': rtl: no Verilator\",\n"));
    assert_non_null(strstr(out, "\"failed\": 1,\n    \"skipped\": 1\n"));
    /* read back (imslab merge): the reason comes back, the count is checked */
    fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, out, len), (ssize_t)len);
    close(fd);
    free(out);
    assert_int_equal(rpt_results_read(path, &rf, NULL, 0), 0);
    assert_int_equal(rf.n, 4);
    assert_string_equal(rf.res[N_FIX].skipped, "device 'd': rtl: no Verilator");
    assert_string_equal(rf.res[0].skipped, "");
    assert_int_equal(rf.res[0].latency_log2[9], 990);
    assert_int_equal(rf.res[0].latency_log2[10], 10);
    rpt_results_free(&rf);
    /* a distribution that does not add up to latency_ns.n is refused */
    {
        char err[512], *doc = read_file(path, &len), *at = strstr(doc, "\"512\": 990");

        assert_non_null(at);
        memcpy(at, "\"512\": 991", 10);
        f = fopen(path, "w");
        assert_non_null(f);
        assert_int_equal(fwrite(doc, 1, len, f), len);
        assert_int_equal(fclose(f), 0);
        free(doc);
        assert_int_equal(rpt_results_read(path, &rf, err, sizeof(err)), -EINVAL);
        if (!strstr(err, "scenarios[0].latency_hist_ns: 1001 values, latency_ns.n says 1000"))
            fail_msg("message: %s", err);
    }
    unlink(path);

    out = capture(JUNIT, r, N_FIX + 1, &len);
    assert_non_null(strstr(out, "<testsuite name=\"rtl-one\" tests=\"1\" failures=\"0\" "
                                "errors=\"0\" skipped=\"1\" time=\"0.000\" "
                                "timestamp=\"2026-06-01T12:00:03\" hostname=\"ci-2\" id=\"3\" "
                                "package=\"imslab.builtin\">"));
    assert_non_null(strstr(out, "<skipped message=\"device 'd': rtl: no Verilator\"/>"));
    free(out);

    out = capture(MATRIX, r, N_FIX + 1, &len);
    assert_non_null(strstr(out, "  idxd/passthrough  SKIP "));
    assert_non_null(strstr(out, "\nskipped scenarios:\n  SKIP rtl-one: device 'd': rtl: no Verilator\n"));
    assert_non_null(strstr(out, "\n2 passed, 1 failed, 1 skipped\n"));
    free(out);

    f = open_memstream(&out, &len);
    assert_non_null(f);
    assert_int_equal(rpt_tap_write(f, r, N_FIX + 1), 0);
    assert_int_equal(fclose(f), 0);
    assert_string_equal(out,
        "TAP version 14\n"
        "1..4\n"
        "ok 1 - bare-idxd\n"
        "not ok 2 - kvm-advertise-mlx5\n"
        "  ---\n"
        "  message: \"1 of 2 expectations failed\"\n"
        "  failed:\n"
        "      - rule: \"EXP-DELIV-01\"\n"
        "        metric: \"delivered\"\n"
        "        op: \"==\"\n"
        "        expected: \"5\"\n"
        "        actual: \"0\"\n"
        "        scope: \"vm0\"\n"
        "  ...\n"
        "ok 3 - a<b&\"c\"\n"
        "ok 4 - rtl-one # SKIP device 'd': rtl: no Verilator\n");
    free(out);
    assert_int_equal(rpt_tap_write(NULL, r, 1), -EINVAL);
}

static void test_runinfo_golden(void **state)
{
    char *argv[] = { "imslab", "run", "--seed", "42", "caf\xc3\xa9\xff" };
    struct rpt_runinfo ri = {
        .backend = "native",
        .tool = "imslab 0.1.0",
        .jobs = 2,
        .argc = 5,
        .argv = argv,
        .start = { .tv_sec = 1780000000, .tv_nsec = 123456789 },
        .duration_ns = UINT64_C(2345500000),   /* 2.3455 s -> 2.346 */
        .cpus = 2,
    };
    char *buf = NULL;
    size_t len;
    FILE *f;

    (void)state;
    SET(ri.host, "build-01");
    SET(ri.sysname, "Linux");
    SET(ri.release, "6.1.0-18-amd64");
    SET(ri.version, "#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1");
    SET(ri.machine, "x86_64");
    f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(rpt_runinfo_write(f, &ri), 0);
    assert_int_equal(fclose(f), 0);
    check_golden("runinfo.json", buf, len);
    assert_non_null(strstr(buf, "\"start\": \"2026-05-28T20:26:40.123Z\""));
    free(buf);

    buf = NULL;
    f = open_memstream(&buf, &len);
    assert_non_null(f);
    ri.start.tv_nsec = 1000000000L;
    assert_int_equal(rpt_runinfo_write(f, &ri), -EINVAL);
    ri.start.tv_nsec = 0;
    ri.backend = NULL;
    assert_int_equal(rpt_runinfo_write(f, &ri), -EINVAL);
    ri.backend = "native";
    argv[1] = NULL;
    assert_int_equal(rpt_runinfo_write(f, &ri), -EINVAL);
    assert_int_equal(fclose(f), 0);
    assert_int_equal(len, 0);
    free(buf);
}

/* run-info's per-scenario times, and `imslab merge` reading them back. */
static void test_runinfo_walls(void **state)
{
    char *argv[] = { "imslab", "run" };
    const char *names[] = { "bare-idxd", "kvm-advertise-mlx5" };
    const char *back[] = { "kvm-advertise-mlx5", "bare-idxd" };
    struct rpt_runinfo ri = {
        .backend = "native", .tool = "imslab 0.1.0", .jobs = 2, .argc = 2, .argv = argv,
        .start = { .tv_sec = 1780315200, .tv_nsec = 0 }, .cpus = 2,
        .names = names, .walls = walls, .n = 2,
    };
    char path[] = "/tmp/imslab-test-runinfo-XXXXXX", err[512];
    struct rpt_wall got[2];
    FILE *f;
    int fd;

    (void)state;
    SET(ri.host, "ci-1");
    fd = mkstemp(path);
    assert_true(fd >= 0);
    f = fdopen(fd, "w");
    assert_non_null(f);
    assert_int_equal(rpt_runinfo_write(f, &ri), 0);
    assert_int_equal(fclose(f), 0);
    /* in another order: matched by name; the start to the millisecond */
    assert_int_equal(rpt_runinfo_read_walls(path, back, 2, got, err, sizeof(err)), 0);
    assert_int_equal(got[0].start.tv_sec, 1780315201);
    assert_int_equal(got[0].start.tv_nsec, 999000000L);
    assert_int_equal(got[0].ns, 250999999u);
    assert_string_equal(got[0].host, "ci-1");
    assert_int_equal(got[1].start.tv_sec, 1780315200);
    assert_int_equal(got[1].start.tv_nsec, 0);
    assert_int_equal(got[1].ns, 1500000000u);
    back[1] = "nope";
    assert_int_equal(rpt_runinfo_read_walls(path, back, 2, got, err, sizeof(err)), -EINVAL);
    assert_non_null(strstr(err, ": scenarios: no record of scenario 'nope'"));
    unlink(path);
}

static void test_runinfo_host(void **state)
{
    struct rpt_runinfo ri;
    json_t *doc;
    char *buf = NULL;
    size_t len;
    FILE *f;

    (void)state;
    memset(&ri, 0, sizeof(ri));
    ri.backend = "native";
    assert_int_equal(rpt_runinfo_host(&ri), 0);
    assert_true(ri.sysname[0] != '\0');
    assert_true(ri.release[0] != '\0');
    assert_true(ri.cpus >= 1);
    f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(rpt_runinfo_write(f, &ri), 0);
    assert_int_equal(fclose(f), 0);
    doc = json_loadb(buf, len, JSON_REJECT_DUPLICATES, NULL);
    assert_non_null(doc);
    assert_string_equal(json_string_value(get(doc, "schema")), "imslab.runinfo/1");
    assert_string_equal(json_string_value(get(doc, "kernel.sysname")), ri.sysname);
    assert_int_equal(json_integer_value(get(doc, "cpus")), ri.cpus);
    assert_int_equal(json_array_size(get(doc, "argv")), 0);
    json_decref(doc);
    free(buf);
    assert_int_equal(rpt_runinfo_host(NULL), -EINVAL);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_golden),
        cmocka_unit_test(test_json_parses_back),
        cmocka_unit_test(test_json_exits_per_irq_format),
        cmocka_unit_test(test_json_late_fault_reasons),
        cmocka_unit_test(test_json_errors),
        cmocka_unit_test(test_json_bad_utf8),
        cmocka_unit_test(test_junit_golden),
        cmocka_unit_test(test_junit_well_formed),
        cmocka_unit_test(test_junit_names_and_bad_text),
        cmocka_unit_test(test_matrix_golden),
        cmocka_unit_test(test_matrix_shared_cell_and_empty),
        cmocka_unit_test(test_matrix_number_formats),
        cmocka_unit_test(test_matrix_faults_all_reasons),
        cmocka_unit_test(test_long_meta_strings),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_tally),
        cmocka_unit_test(test_skipped_and_tap),
        cmocka_unit_test(test_runinfo_golden),
        cmocka_unit_test(test_runinfo_walls),
        cmocka_unit_test(test_runinfo_host),
    };
    int rc;

    update_golden = argc > 1 && !strcmp(argv[1], "--update-golden");
    rc = cmocka_run_group_tests(tests, NULL, NULL);
    xmlCleanupParser();
    return rc;
}
