/* SPDX-License-Identifier: MIT */
/*
 * test_runner.c - expectations with a scope (expect[].device, expect[].vm)
 * are checked on their scope's result, never on the scenario's: first with
 * a stand-in scope function, then on a whole run with two VMs whose
 * figures differ from the scenario's.
 */
#include <errno.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "results/results.h"
#include "harness/runner.h"
#include "harness/scenario.h"

static struct hx_scenario *load(const char *yaml)
{
    struct hx_scenario *s = NULL;
    char err[1024] = "";

    if (hx_scn_load_string("t.yaml", yaml, strlen(yaml), &s, err, sizeof(err)))
        fail_msg("%s", err);
    return s;
}

/* ---- hx_expect_eval with a stand-in scope function ----------------------- */

#define TWO_BY_TWO                                                          \
    "imslab: 1\nname: t\nduration_us: 9\nvmm: {personality: kvm}\n"         \
    "devices:\n"                                                            \
    "  - {name: d0, model: idxd, bdf: '00:01.0'}\n"                         \
    "  - {name: d1, model: mlx5, bdf: '00:02.0'}\n"                         \
    "vms: [{name: v0, vcpus: 1}, {name: v1, vcpus: 1}]\n"                   \
    "assign: [{device: d0, vm: v0}, {device: d1, vm: v1}]\n"

struct stand_in {
    unsigned calls;
    uint32_t device[8], vm[8];
    int rc;
};

/* d0: 3 of 4 delivered; v1: all 6 faulted (0x26); d1/v1: refused-fallback. */
static int stand_in_scope(void *ctx, uint32_t device, uint32_t vm,
                          struct hx_result *out)
{
    struct stand_in *st = ctx;

    if (st->calls < 8) {
        st->device[st->calls] = device;
        st->vm[st->calls] = vm;
    }
    st->calls++;
    if (st->rc)
        return st->rc;
    memset(out, 0, sizeof(*out));
    if (device == 0 && vm == HX_SCN_NONE) {
        out->raised = 4;
        out->delivered = 3;
        out->lost = 1;
        out->outcome = HX_OUT_LOST;
    } else if (device == HX_SCN_NONE && vm == 1) {
        out->raised = 6;
        out->faulted = 6;
        out->ir_faults[0x26 - HX_IR_FAULT_FIRST] = 6;
        out->spurious = 2;
        out->outcome = HX_OUT_FAULTED;
    } else {
        out->raised = out->delivered = 5;
        out->fallback = true;
        out->latency.n = 5;
        out->latency.p99_ns = 1500;
        out->outcome = HX_OUT_REFUSED_FALLBACK;
    }
    return 0;
}

static void expect_result(const struct hx_expect_result *e, const char *metric,
                          const char *expected, const char *actual,
                          const char *scope, enum hx_verdict verdict)
{
    assert_string_equal(e->metric, metric);
    assert_string_equal(e->expected, expected);
    assert_string_equal(e->actual, actual);
    assert_string_equal(e->scope, scope);
    assert_int_equal(e->verdict, verdict);
}

static void test_eval_scoped(void **state)
{
    static const char yaml[] = TWO_BY_TWO "expect:\n"
        "  - {rule: R-1, metric: delivered, value: 3, device: d0}\n"
        "  - {rule: R-2, metric: outcome, value: faulted, vm: v1}\n"
        "  - {rule: R-3, metric: ir_fault_0x26, value: 6, vm: v1}\n"
        "  - {rule: R-4, metric: spurious, value: 2, vm: v1}\n"
        "  - {rule: R-5, metric: fallbacks, value: 1, device: d1, vm: v1}\n"
        "  - {rule: R-6, metric: latency_p99_ns, op: le, value: 1000, "
        "device: d1, vm: v1}\n"
        "  - {rule: R-7, metric: delivered, value: 10}\n"
        "  - {rule: R-8, metric: outcome, value: mixed}\n";
    struct hx_scenario *s = load(yaml);
    struct stand_in st = { 0 };
    struct hx_result r;

    (void)state;
    memset(&r, 0, sizeof(r));
    /* the scenario-wide figures, which no scoped expectation may see */
    r.raised = 10;
    r.delivered = 10;
    r.fallback = false;
    r.outcome = HX_OUT_MIXED;
    hx_expect_eval(s, &r, stand_in_scope, &st);
    assert_int_equal(r.n_expect, 8);
    expect_result(&r.expect[0], "delivered", "3", "3", "d0", HX_VERDICT_PASS);
    expect_result(&r.expect[1], "outcome", "faulted", "faulted", "v1",
                  HX_VERDICT_PASS);
    expect_result(&r.expect[2], "ir_fault_0x26", "6", "6", "v1", HX_VERDICT_PASS);
    expect_result(&r.expect[3], "spurious", "2", "2", "v1", HX_VERDICT_PASS);
    expect_result(&r.expect[4], "fallbacks", "1", "1", "d1/v1", HX_VERDICT_PASS);
    expect_result(&r.expect[5], "latency_p99_ns", "1000", "1500", "d1/v1",
                  HX_VERDICT_FAIL);
    expect_result(&r.expect[6], "delivered", "10", "10", "", HX_VERDICT_PASS);
    expect_result(&r.expect[7], "outcome", "mixed", "mixed", "", HX_VERDICT_PASS);
    assert_true(r.expect_failed);
    /* one call per scoped expectation, with its scope; none for the others */
    assert_int_equal(st.calls, 6);
    assert_int_equal(st.device[0], 0);
    assert_int_equal(st.vm[0], HX_SCN_NONE);
    assert_int_equal(st.device[1], HX_SCN_NONE);
    assert_int_equal(st.vm[1], 1);
    assert_int_equal(st.device[4], 1);
    assert_int_equal(st.vm[4], 1);
    hx_scn_free(s);
}

/* No scope function, a failing one, a metric without that scope: the
 * expectation fails and says why; the scenario-wide figure is not used. */
static void test_eval_scope_unavailable(void **state)
{
    static const char yaml[] = TWO_BY_TWO "expect:\n"
        "  - {rule: R-1, metric: delivered, value: 10, device: d0}\n"
        "  - {rule: R-2, metric: outcome, value: mixed, vm: v0}\n"
        "  - {rule: R-3, metric: hypercalls, value: 0}\n"
        "  - {rule: R-4, metric: delivered, value: 10}\n";
    struct hx_scenario *s = load(yaml);
    struct stand_in st = { .rc = -ENOMEM };
    struct hx_result r;

    (void)state;
    memset(&r, 0, sizeof(r));
    r.raised = r.delivered = 10;
    r.outcome = HX_OUT_MIXED;
    hx_expect_eval(s, &r, NULL, NULL);
    expect_result(&r.expect[0], "delivered", "10", "no scoped evidence", "d0",
                  HX_VERDICT_FAIL);
    expect_result(&r.expect[1], "outcome", "mixed", "no scoped evidence", "v0",
                  HX_VERDICT_FAIL);
    expect_result(&r.expect[2], "hypercalls", "0", "0", "", HX_VERDICT_PASS);
    expect_result(&r.expect[3], "delivered", "10", "10", "", HX_VERDICT_PASS);
    assert_true(r.expect_failed);

    hx_expect_eval(s, &r, stand_in_scope, &st);
    expect_result(&r.expect[0], "delivered", "10",
                  "scope not computed: Cannot allocate memory", "d0",
                  HX_VERDICT_FAIL);
    assert_int_equal(st.calls, 2);

    /* the loader refuses hypercalls with a VM; should one get through, it is
     * a failure, not the whole system's count */
    s->expects[2].vm = 1;
    st.rc = 0;
    st.calls = 0;
    hx_expect_eval(s, &r, stand_in_scope, &st);
    expect_result(&r.expect[2], "hypercalls", "0",
                  "not attributable to this scope", "v1", HX_VERDICT_FAIL);
    assert_int_equal(st.calls, 2);
    hx_scn_free(s);
}

/* ---- a whole run ------------------------------------------------------------ */

/*
 * An old VMM (IMS bit passed through, nothing emulated): v0's trusting
 * guest writes a fake pair into its IDXD slot and every interrupt is
 * blocked (0x25); v1's MSI-X NIC is trapped and delivers.  Periodic
 * arrivals every 10 us (dsa) and 20 us (nic) over 400 us: 39 and 19.
 */
static const char two_vms[] =
    "imslab: 1\nname: two-vms\nduration_us: 400\n"
    "platform: {pcpus: 4}\n"
    "vmm: {personality: kvm, ims: none, advertise_ims_cap: always}\n"
    "devices:\n"
    "  - {name: dsa0, model: idxd, bdf: '6a:01.0'}\n"
    "  - {name: nic0, model: msix, bdf: '18:00.0', msix_vectors: 4}\n"
    "vms:\n"
    "  - {name: vm0, vcpus: 2, guest: trusts-cap, pcpus: [1, 2]}\n"
    "  - {name: vm1, vcpus: 2, guest: trusts-cap, pcpus: [3, 0]}\n"
    "assign:\n"
    "  - {device: dsa0, vm: vm0, vectors: 2}\n"
    "  - {device: nic0, vm: vm1, vectors: 4}\n"
    "workload:\n"
    "  - {device: dsa0, rate_hz: 100000, arrivals: periodic}\n"
    "  - {device: nic0, rate_hz: 50000, arrivals: periodic}\n"
    "expect:\n"
    "  - {rule: R-1, metric: raised, value: 19, vm: vm1}\n"
    "  - {rule: R-2, metric: outcome, value: delivered, vm: vm1}\n"
    "  - {rule: R-3, metric: ir_faults, value: 0, device: nic0}\n"
    "  - {rule: R-4, metric: ir_fault_0x25, value: 39, device: dsa0}\n"
    "  - {rule: R-5, metric: faulted, value: 39, device: dsa0, vm: vm0}\n"
    "  - {rule: R-6, metric: delivered, value: 0, vm: vm0}\n"
    "  - {rule: R-7, metric: outcome, value: silent-failure, vm: vm0}\n"
    "  - {rule: R-8, metric: raised, value: 58}\n"
    "  - {rule: R-9, metric: delivered, value: 19}\n"
    "  - {rule: R-10, metric: outcome, value: silent-failure}\n"
    "  - {rule: R-11, metric: raised, value: 0, device: nic0, vm: vm0}\n";

static void test_run_two_vms(void **state)
{
    struct hx_scenario *s = load(two_vms);
    struct hx_run_opts o = { .backend = SIM_BACKEND_NATIVE };
    struct hx_result *r = calloc(1, sizeof(*r));
    char err[512] = "";
    static const char *const actual[] = {
        "19", "delivered", "0", "39", "39", "0", "silent-failure",
        "58", "19", "silent-failure", "0",
    };

    (void)state;
    assert_non_null(r);
    if (hx_run_scenario(s, &o, r, err, sizeof(err)))
        fail_msg("%s", err);
    assert_int_equal(r->n_expect, 11);
    for (size_t i = 0; i < r->n_expect; i++) {
        if (strcmp(r->expect[i].actual, actual[i]) ||
            r->expect[i].verdict != HX_VERDICT_PASS)
            fail_msg("expect[%zu] %s (%s): actual %s, want %s", i,
                     r->expect[i].metric, r->expect[i].scope,
                     r->expect[i].actual, actual[i]);
    }
    assert_false(r->expect_failed);
    /* the record itself stays scenario-wide */
    assert_int_equal(r->raised, 58);
    assert_int_equal(r->delivered, 19);
    assert_int_equal(r->faulted, 39);
    assert_int_equal(r->ir_faults[0x25 - HX_IR_FAULT_FIRST], 39);
    assert_int_equal(r->outcome, HX_OUT_SILENT_FAILURE);
    assert_string_equal(r->expect[4].scope, "dsa0/vm0");
    free(r);
    hx_scn_free(s);
}

/* ---- --vcd: the waveform of a run ---------------------------------------------- */

/*
 * In VCD @path: how many times wire @sig of top-level scope @scope changed
 * after the initial values, and the time of its first change (@first; 0
 * when it never did).  -1: no such wire.
 */
static long vcd_changes(const char *path, const char *scope, const char *sig,
                        unsigned long long *first)
{
    char line[256], cur[64] = "", id[64] = "", want[256];
    unsigned long long now = 0;
    bool body = false;
    long n = 0;
    FILE *f = fopen(path, "r");

    assert_non_null(f);
    *first = 0;
    while (fgets(line, sizeof(line), f)) {
        char a[64], b[64], c[64];

        line[strcspn(line, "\n")] = '\0';
        if (sscanf(line, "$scope module %63s", cur) == 1)
            continue;
        if (sscanf(line, "$var wire %63s %63s %63s", a, b, c) == 3) {
            if (!strcmp(c, sig) && !strcmp(cur, scope) && !id[0])
                snprintf(id, sizeof(id), "%s", b);
            continue;
        }
        if (!strcmp(line, "$end") && !body) {    /* the end of $dumpvars */
            body = true;
            continue;
        }
        if (!body)
            continue;
        if (line[0] == '#') {
            now = strtoull(line + 1, NULL, 10);
            continue;
        }
        snprintf(want, sizeof(want), "%s", line[0] == 'b' ? strchr(line, ' ') + 1 : line + 1);
        if (id[0] && !strcmp(want, id)) {
            if (n++ == 0)
                *first = now;
        }
    }
    fclose(f);
    return id[0] ? n : -1;
}

/*
 * --vcd changes nothing in the result, and the VCD is what the run did:
 * the timescale is 1 ps, one scope per ADI and per vCPU, the raise and
 * handler edges of each device are its raised and delivered counts, and
 * the save file's marker is the first IR fault's edge.
 */
static void test_run_vcd(void **state)
{
    struct hx_scenario *s = load(two_vms);
    struct hx_run_opts o = { .backend = SIM_BACKEND_NATIVE };
    struct hx_result *plain = calloc(1, sizeof(*plain)), *r = calloc(1, sizeof(*r));
    char dir[] = "/tmp/imslab-vcd-XXXXXX", vcd[64], gtkw[64], err[512] = "", line[256];
    unsigned long long t_fault, t;
    long adi_raise = 0, adi_handler = 0;
    FILE *f;

    (void)state;
    assert_non_null(plain);
    assert_non_null(r);
    assert_non_null(mkdtemp(dir));
    snprintf(vcd, sizeof(vcd), "%s/two-vms.vcd", dir);
    snprintf(gtkw, sizeof(gtkw), "%s/two-vms.gtkw", dir);
    if (hx_run_scenario(s, &o, plain, err, sizeof(err)))
        fail_msg("%s", err);
    o.vcd_path = vcd;
    o.vcd_max_bytes = 1u << 24;
    if (hx_run_scenario(s, &o, r, err, sizeof(err)))
        fail_msg("%s", err);
    assert_memory_equal(plain, r, sizeof(*r));
    assert_int_equal(r->raised, 58);

    f = fopen(vcd, "r");
    assert_non_null(f);
    assert_non_null(fgets(line, sizeof(line), f));
    assert_string_equal(line, "$date imslab $end\n");
    assert_non_null(fgets(line, sizeof(line), f));
    assert_non_null(fgets(line, sizeof(line), f));
    assert_string_equal(line, "$timescale 1ps $end\n");
    fclose(f);
    /* dsa0's ADIs (every one a scope), then nic0's */
    for (unsigned a = 0; a < s->devices[0].adis; a++) {
        char sc[32];

        snprintf(sc, sizeof(sc), "dev0_adi%u", a);
        adi_raise += vcd_changes(vcd, sc, "raise", &t);
        adi_handler += vcd_changes(vcd, sc, "handler", &t);
    }
    adi_raise += vcd_changes(vcd, "dev0_fn", "raise", &t);
    assert_int_equal(adi_raise, 39);
    assert_int_equal(adi_handler, 0);
    assert_int_equal(vcd_changes(vcd, "dev0_adi0", "ir_fault", &t_fault), 39);
    assert_true(t_fault > 0);
    assert_int_equal(vcd_changes(vcd, "dev1_adi0", "raise", &t) +
                     vcd_changes(vcd, "dev1_fn", "raise", &t), 19);
    assert_int_equal(vcd_changes(vcd, "dev1_adi0", "handler", &t) +
                     vcd_changes(vcd, "dev1_fn", "handler", &t), 19);
    assert_int_equal(vcd_changes(vcd, "dev1_adi0", "ir_fault", &t), 0);
    /* the vCPU scopes: vm1's handlers are its 19 deliveries, vm0 has none */
    assert_int_equal(vcd_changes(vcd, "vm1_vcpu0", "handler", &t) +
                     vcd_changes(vcd, "vm1_vcpu1", "handler", &t), 19);
    assert_int_equal(vcd_changes(vcd, "vm0_vcpu0", "handler", &t) +
                     vcd_changes(vcd, "vm0_vcpu1", "handler", &t), 0);
    assert_int_equal(vcd_changes(vcd, "host_cpu0", "handler", &t), -1);

    f = fopen(gtkw, "r");
    assert_non_null(f);
    assert_non_null(fgets(line, sizeof(line), f));
    fclose(f);
    {
        char want[160];

        snprintf(want, sizeof(want), "[*] imslab run: first IR fault in dev0_adi0 at %llu ps\n",
                 t_fault);
        assert_string_equal(line, want);
    }
    remove(vcd);
    remove(gtkw);
    remove(dir);
    free(plain);
    free(r);
    hx_scn_free(s);
}

/*
 * A request loop (docs/request-loop.md), one descriptor in flight, the vCPU
 * spinning: on bare metal a request is mmio_write 100 + dev_work 2000 +
 * raise to host handler 921.7 ns (dev_msi_gen 200, pcie_upstream 300,
 * iec_hit 5, apic_deliver 150, host_handler 266.7) = 3021.7 ns: 133 in
 * 400 us, 332500/s, and 266 ns of CPU per interrupt (the host handler).
 * Posted, the raise reaches the handler in 1071.7 ns (+ pi_post 100,
 * pi_notify 200, pi_process 16.7, guest_handler 100, no host handler): 125
 * requests, 116 ns of guest CPU each (pi_process + guest_handler), 0.940
 * of the bare run's throughput (baseline: bare).  Without APICv every
 * interrupt exits twice: 78 requests, 0.586 of bare.  Waiting in HLT under
 * KVM the vCPU halt polls: the notification reaches a pCPU in host mode
 * (host_handler 266.7), the poll ends and the entry syncs the PIR
 * (pi_process 16.7) and injects (vmentry_inject 100): 1438.7 ns to the
 * handler, 3538 ns a request, one HLT exit each.  Hyper-V has no halt
 * polling: the vCPU blocks and each completion wakes it (vcpu_wakeup
 * 4000 ns more): 7538 ns a request, 54 of them.
 */
#define RL_BODY(pers, extra)                                                \
    "imslab: 1\nname: rl\nduration_us: 400\n" extra                         \
    "platform: {pcpus: 4}\nvmm: {" pers "}\n"                                 \
    "devices:\n  - {name: dsa0, model: idxd, bdf: '6a:01.0'}\n"

static void run_rl(const char *yaml, struct hx_result *r)
{
    struct hx_scenario *s = load(yaml);
    struct hx_run_opts o = { .backend = SIM_BACKEND_NATIVE };
    char err[512] = "";

    if (hx_run_scenario(s, &o, r, err, sizeof(err)))
        fail_msg("%s", err);
    hx_scn_free(s);
}

static void test_run_request_loop(void **state)
{
    static const char bare[] = RL_BODY("personality: bare", "")
        "assign:\n  - {device: dsa0, vectors: 2}\n"
        "workload:\n  - {device: dsa0, arrivals: request-loop, wait: poll}\n";
    static const char posted[] = RL_BODY("personality: kvm, ims: emulate",
                                         "baseline: bare\n")
        "vms:\n  - {name: vm0, vcpus: 2, guest: trusts-cap, pcpus: [1, 2]}\n"
        "assign:\n  - {device: dsa0, vm: vm0, vectors: 2}\n"
        "workload:\n  - {device: dsa0, arrivals: request-loop, wait: poll}\n";
    static const char noapicv[] = RL_BODY("personality: kvm, ims: emulate, apicv: false",
                                          "baseline: bare\n")
        "vms:\n  - {name: vm0, vcpus: 2, guest: trusts-cap, pcpus: [1, 2]}\n"
        "assign:\n  - {device: dsa0, vm: vm0, vectors: 2}\n"
        "workload:\n  - {device: dsa0, arrivals: request-loop, wait: poll}\n";
    static const char hlt[] = RL_BODY("personality: kvm, ims: emulate", "")
        "vms:\n  - {name: vm0, vcpus: 2, guest: trusts-cap, pcpus: [1, 2]}\n"
        "assign:\n  - {device: dsa0, vm: vm0, vectors: 2}\n"
        "workload:\n  - {device: dsa0, arrivals: request-loop}\n";
    static const char hv[] = RL_BODY("personality: hyperv, ims: hypercall", "")
        "vms:\n  - {name: vm0, vcpus: 2, guest: hypercall-aware, pcpus: [1, 2]}\n"
        "assign:\n  - {device: dsa0, vm: vm0, vectors: 2}\n"
        "workload:\n  - {device: dsa0, arrivals: request-loop, wait: hlt}\n";
    struct hx_result *r = calloc(1, sizeof(*r));

    (void)state;
    assert_non_null(r);
    run_rl(hlt, r);
    assert_int_equal(r->requests.completed, 112);
    assert_int_equal(r->requests.latency.p50_ns, 3538);
    assert_int_equal(r->latency.p50_ns, 1438);
    assert_int_equal(r->exits_steady_by[HX_EXIT_HLT], 111);
    assert_int_equal(r->vcpus.halt_poll_hits, 111);
    assert_int_equal(r->cpu.per_irq_ns, 100);
    run_rl(hv, r);
    assert_int_equal(r->requests.completed, 54);
    assert_int_equal(r->requests.latency.p50_ns, 7538);
    assert_int_equal(r->vcpus.wakeups, 54);
    assert_int_equal(r->vcpus.halt_polls, 0);
    run_rl(bare, r);
    assert_int_equal(r->requests.submitted, 133);
    assert_int_equal(r->requests.completed, 133);
    assert_int_equal(r->requests.per_s, 332500);
    assert_int_equal(r->requests.latency.p50_ns, 3022);
    assert_int_equal(r->requests.raise_to_app.p50_ns, 922);
    assert_int_equal(r->latency.p50_ns, 922);
    assert_int_equal(r->raised, 133);
    assert_int_equal(r->delivered, 133);
    assert_int_equal(r->cpu.per_irq_ns, 266);
    assert_int_equal(r->requests.vs_bare_milli, 0);

    run_rl(posted, r);
    assert_int_equal(r->requests.completed, 125);
    assert_int_equal(r->requests.per_s, 312500);
    assert_int_equal(r->requests.latency.p50_ns, 3172);
    assert_int_equal(r->requests.raise_to_app.p50_ns, 1072);
    assert_int_equal(r->cpu.per_irq_ns, 116);
    assert_int_equal(r->exits_steady, 0);
    assert_int_equal(r->requests.vs_bare_milli, 940);

    run_rl(noapicv, r);
    assert_int_equal(r->requests.completed, 78);
    assert_int_equal(r->requests.per_s, 195000);
    assert_int_equal(r->cpu.per_irq_ns, 2348);
    assert_int_equal(r->requests.vs_bare_milli, 586);
    free(r);
}

/* A request loop's bad keys: exit 2 with the place. */
static void test_request_loop_errors(void **state)
{
    static const struct { const char *yaml, *err; } bad[] = {
        { RL_BODY("personality: bare", "")
          "assign:\n  - {device: dsa0}\n"
          "workload:\n  - {device: dsa0, arrivals: request-loop, rate_hz: 5}\n",
          "t.yaml:11:53: error: workload[0].rate_hz: not with arrivals: request-loop "
          "(the completions of the submitted work are the arrivals)" },
        { RL_BODY("personality: bare", "")
          "assign:\n  - {device: dsa0}\n"
          "workload:\n  - {device: dsa0, rate_hz: 5, queue_depth: 2}\n",
          "t.yaml:11:45: error: workload[0].queue_depth: only with arrivals: request-loop" },
        { RL_BODY("personality: bare", "")
          "assign:\n  - {device: dsa0}\n"
          "workload:\n  - {device: dsa0, arrivals: request-loop, queue_depth: 65}\n",
          "t.yaml:11:57: error: workload[0].queue_depth: 65 is out of range (1..64)" },
        { RL_BODY("personality: bare", "baseline: bare\n")
          "assign:\n  - {device: dsa0}\n"
          "workload:\n  - {device: dsa0, arrivals: request-loop}\n",
          "t.yaml:4:11: error: baseline: the scenario runs on bare metal" },
        { RL_BODY("personality: kvm", "baseline: bare\n")
          "vms:\n  - {name: vm0, vcpus: 1}\n"
          "assign:\n  - {device: dsa0, vm: vm0}\n"
          "workload:\n  - {device: dsa0, rate_hz: 5}\n",
          "t.yaml:4:11: error: baseline: needs a workload with arrivals: request-loop" },
    };

    (void)state;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct hx_scenario *s = NULL;
        char err[1024] = "";

        assert_int_not_equal(hx_scn_load_string("t.yaml", bad[i].yaml, strlen(bad[i].yaml),
                                                &s, err, sizeof(err)), 0);
        if (i < 3 ? strcmp(err, bad[i].err) : strncmp(err, bad[i].err, strlen(bad[i].err)))
            fail_msg("case %zu: %s\nwant: %s", i, err, bad[i].err);
    }
}

/*
 * IDXD interrupt handles revoked at 200 us (IDXD-HANDLE-01..03): periodic
 * completions every 100 ns name handles the host has just revoked, so
 * they complete with 0x19 until the host driver's INTCAUSE handler
 * (host_handler 800 cycles at 3 GHz, INTCAUSE read 500 ns and clear
 * 100 ns) has requested its two handles again (600 ns each): 2067 ns, 20
 * descriptors.  They are resubmitted and delivered with their first tags:
 * nothing lost, the latest 3338 ns after it was first raised.
 */
static const char revoke[] =
    "imslab: 1\nname: revoke\nduration_us: 400\n"
    "platform: {pcpus: 4}\n"
    "vmm: {personality: kvm, ims: hypercall}\n"
    "devices:\n"
    "  - {name: dsa0, model: idxd, bdf: '6a:01.0', int_handles: true}\n"
    "vms:\n"
    "  - {name: vm0, vcpus: 2, guest: hypercall-aware, pcpus: [1, 2]}\n"
    "assign:\n"
    "  - {device: dsa0, vm: vm0, vectors: 2}\n"
    "workload:\n"
    "  - {device: dsa0, rate_hz: 10000000, arrivals: periodic}\n"
    "events:\n"
    "  - {at_us: 200, do: revoke_handle, device: dsa0}\n";

static void test_run_revoke_handle(void **state)
{
    struct hx_scenario *s = load(revoke);
    struct hx_run_opts o = { .backend = SIM_BACKEND_NATIVE };
    struct hx_result *r = calloc(1, sizeof(*r));
    char err[512] = "";
    double v;

    (void)state;
    assert_non_null(r);
    assert_int_equal(hx_run_check_layouts(s, err, sizeof(err)), 0);
    if (hx_run_scenario(s, &o, r, err, sizeof(err)))
        fail_msg("%s", err);
    assert_int_equal(r->raised, 3999);
    assert_int_equal(r->delivered, 3999);
    assert_int_equal(r->lost + r->refused + r->faulted, 0);
    assert_int_equal(r->handle_errors, 20);
    assert_int_equal(r->handle_revocations, 1);
    assert_int_equal(r->resubmits, 20);
    assert_int_equal(r->latency.max_ns, 3138);
    assert_int_equal(r->outcome, HX_OUT_DELIVERED);
    assert_int_equal(hx_result_metric(r, "handle_errors", &v), 0);
    assert_true(v == 20.0);
    hx_scn_free(s);

    /* without interrupt handles the event is refused before anything runs */
    s = load("imslab: 1\nname: t\nduration_us: 10\nvmm: {personality: bare}\n"
             "devices: [{name: d, model: idxd, bdf: '6a:01.0'}]\n"
             "assign: [{device: d, vectors: 1}]\n"
             "events: [{at_us: 5, do: revoke_handle, device: d}]\n");
    assert_int_equal(hx_run_check_layouts(s, err, sizeof(err)), -ENOTSUP);
    assert_string_equal(err, "t.yaml:7:25: error: events[0].do: 'revoke_handle' "
                        "needs a device with int_handles: true");
    hx_scn_free(s);
    free(r);
}

/*
 * The host's IR fault handler (IR-FEV-01, IR-FEV-02): v0's trusting guest
 * writes a fake pair and every one of its 39 interrupts (one per 10 us)
 * faults 0x25, with 8 fault recording registers.  Without a handler 8
 * are recorded and 31 lost (PFO); a handler at 2 us per record keeps up
 * and records all 39; at 20 us per record it falls behind, the registers
 * fill, and 15 are lost.
 */
static void fault_run(uint32_t handler_ns, uint64_t want_rec, uint64_t want_lost)
{
    char yaml[1024];
    struct hx_scenario *s;
    struct hx_run_opts o = { .backend = SIM_BACKEND_NATIVE };
    struct hx_result *r = calloc(1, sizeof(*r));
    char err[512] = "";

    assert_non_null(r);
    snprintf(yaml, sizeof(yaml),
             "imslab: 1\nname: fh\nduration_us: 400\nplatform: {pcpus: 4}\n"
             "vmm: {personality: kvm, ims: none, advertise_ims_cap: always, "
             "fault_handler_ns: %u}\n"
             "devices: [{name: dsa0, model: idxd, bdf: '6a:01.0'}]\n"
             "vms: [{name: vm0, vcpus: 2, guest: trusts-cap, pcpus: [1, 2]}]\n"
             "assign: [{device: dsa0, vm: vm0, vectors: 2}]\n"
             "workload: [{device: dsa0, rate_hz: 100000, arrivals: periodic}]\n",
             handler_ns);
    s = load(yaml);
    if (hx_run_scenario(s, &o, r, err, sizeof(err)))
        fail_msg("%s", err);
    assert_int_equal(r->ir_faults[0x25 - HX_IR_FAULT_FIRST], 39);
    assert_int_equal(r->faulted, 39);
    assert_int_equal(r->ir_fault_records, want_rec);
    assert_int_equal(r->ir_faults_lost, want_lost);
    free(r);
    hx_scn_free(s);
}

static void test_run_fault_handler(void **state)
{
    (void)state;
    fault_run(0, 8, 31);
    fault_run(2000, 39, 0);
    fault_run(20000, 24, 15);
}

/*
 * corrupt_irte at 200 us (IR-INJ-01): the host rewrites both posted IRTEs
 * of the hypercall-obtained pairs with one field corrupted and invalidates
 * them; the 20 interrupts before it are delivered, the 19 after it are
 * what the remapping unit makes of the entry.
 */
static void corrupt_run(const char *field, bool posted, enum hx_outcome want,
                        uint64_t delivered, unsigned fault, uint64_t nfault)
{
    char yaml[1024];
    struct hx_scenario *s;
    struct hx_run_opts o = { .backend = SIM_BACKEND_NATIVE };
    struct hx_result *r = calloc(1, sizeof(*r));
    char err[512] = "";

    assert_non_null(r);
    snprintf(yaml, sizeof(yaml),
             "imslab: 1\nname: ci\nduration_us: 400\nplatform: {pcpus: 4}\n"
             "vmm: {personality: kvm, ims: hypercall, posted: %s}\n"
             "devices: [{name: dsa0, model: idxd, bdf: '6a:01.0'}]\n"
             "vms: [{name: vm0, vcpus: 2, guest: hypercall-aware, pcpus: [1, 2]}]\n"
             "assign: [{device: dsa0, vm: vm0, vectors: 2}]\n"
             "workload: [{device: dsa0, rate_hz: 100000, arrivals: periodic}]\n"
             "events: [{at_us: 200, do: corrupt_irte, device: dsa0, field: %s}]\n",
             posted ? "true" : "false", field);
    s = load(yaml);
    if (hx_run_scenario(s, &o, r, err, sizeof(err)))
        fail_msg("%s", err);
    if (r->raised != 39 || r->delivered != delivered || r->outcome != want ||
        (fault && r->ir_faults[fault - HX_IR_FAULT_FIRST] != nfault))
        fail_msg("%s: %" PRIu64 "/%" PRIu64 " outcome %d", field, r->delivered,
                 r->raised, (int)r->outcome);
    free(r);
    hx_scn_free(s);
}

static void test_run_corrupt_irte(void **state)
{
    (void)state;
    corrupt_run("present", true, HX_OUT_FAULTED, 20, 0x22, 19);
    corrupt_run("sid", true, HX_OUT_FAULTED, 20, 0x26, 19);
    corrupt_run("mode", true, HX_OUT_FAULTED, 20, 0x24, 19);
    corrupt_run("vector", true, HX_OUT_MISROUTED, 20, 0, 0);
    corrupt_run("destination", true, HX_OUT_MISROUTED, 20, 0, 0);
    corrupt_run("destination", false, HX_OUT_LOST, 20, 0, 0);
    corrupt_run("mode", false, HX_OUT_FAULTED, 20, 0x27, 19);
    /* no source verification: nothing to see, and nothing checked */
    corrupt_run("svt", true, HX_OUT_DELIVERED, 39, 0, 0);
}

/*
 * delay_iec_flush (IEC-LATE-01): from 100 us the host invalidates 50 us
 * after each IRTE change and goes on at once.  The affinity change at
 * 200 us is in force in the table, but the cached entries keep serving
 * the old vCPU until the late invalidations: the 5 interrupts of those
 * 50 us (one per 10 us) arrive there, misrouted; with 5 us none falls in
 * the window; skipping the flush misroutes all 69 after the change (the
 * IRTE changes about 510 us after the event: KVM's route commit first).
 */
static void late_run(const char *ev, uint64_t want_delivered)
{
    char yaml[1024];
    struct hx_scenario *s;
    struct hx_run_opts o = { .backend = SIM_BACKEND_NATIVE };
    struct hx_result *r = calloc(1, sizeof(*r));
    char err[512] = "";

    assert_non_null(r);
    snprintf(yaml, sizeof(yaml),
             "imslab: 1\nname: dl\nduration_us: 1400\nplatform: {pcpus: 4}\n"
             "vmm: {personality: kvm, ims: hypercall}\n"
             "devices: [{name: dsa0, model: idxd, bdf: '6a:01.0'}]\n"
             "vms: [{name: vm0, vcpus: 2, guest: hypercall-aware, pcpus: [1, 2]}]\n"
             "assign: [{device: dsa0, vm: vm0, vectors: 2}]\n"
             "workload: [{device: dsa0, rate_hz: 100000, arrivals: periodic}]\n"
             "events:\n  - {at_us: 100, %s}\n"
             "  - {at_us: 200, do: set_affinity, vm: vm0, vcpu: 1}\n", ev);
    s = load(yaml);
    if (hx_run_scenario(s, &o, r, err, sizeof(err)))
        fail_msg("%s", err);
    assert_int_equal(r->raised, 139);
    assert_int_equal(r->delivered, want_delivered);
    assert_int_equal(r->misrouted, 139 - want_delivered);
    free(r);
    hx_scn_free(s);
}

static void test_run_delay_iec_flush(void **state)
{
    (void)state;
    late_run("do: delay_iec_flush, delay_us: 50", 134);
    late_run("do: delay_iec_flush, delay_us: 5", 139);
    late_run("do: skip_iec_flush", 70);
}

/*
 * A failed allocation shows (RES-NOPAIR-01): with one host IRTE for two
 * vectors the second hypercall gets -ENOSPC; the ADI's descriptors name
 * only the entry that got a pair, so all 39 interrupts arrive, and the
 * cell reads no-pair, not delivered.
 */
static void test_run_no_pair(void **state)
{
    struct hx_scenario *s = load(
        "imslab: 1\nname: np\nduration_us: 400\nplatform: {pcpus: 4}\n"
        "vmm: {personality: kvm, ims: hypercall, irte_limit: 1}\n"
        "devices: [{name: dsa0, model: idxd, bdf: '6a:01.0'}]\n"
        "vms: [{name: vm0, vcpus: 2, guest: hypercall-aware, pcpus: [1, 2]}]\n"
        "assign: [{device: dsa0, vm: vm0, vectors: 2}]\n"
        "workload: [{device: dsa0, rate_hz: 100000, arrivals: periodic}]\n"
        "expect:\n"
        "  - {rule: R-1, metric: pair_failures, value: 1, vm: vm0}\n"
        "  - {rule: R-2, metric: outcome, value: no-pair, device: dsa0}\n");
    struct hx_run_opts o = { .backend = SIM_BACKEND_NATIVE };
    struct hx_result *r = calloc(1, sizeof(*r));
    char err[512] = "";

    (void)state;
    assert_non_null(r);
    if (hx_run_scenario(s, &o, r, err, sizeof(err)))
        fail_msg("%s", err);
    assert_int_equal(r->raised, 39);
    assert_int_equal(r->delivered, 39);
    assert_int_equal(r->pair_failures, 1);
    assert_int_equal(r->outcome, HX_OUT_NO_PAIR);
    assert_string_equal(hx_outcome_name(r->outcome), "no-pair");
    assert_false(r->expect_failed);
    free(r);
    hx_scn_free(s);
}

/*
 * vm_teardown at 200 us (VMM-TEARDOWN-01): the VMM releases both host
 * interrupts of the VM (IRTE cleared, IEC invalidated); the device keeps
 * raising with the pairs it holds: the 20 interrupts before are
 * delivered, the 19 after fault 0x22 (the IRTE is not present), on the
 * hypercall path and on the trapped MSI-X path alike.
 */
static void teardown_run(const char *vmm, const char *model, const char *guest,
                         enum hx_outcome want)
{
    char yaml[1024];
    struct hx_scenario *s;
    struct hx_run_opts o = { .backend = SIM_BACKEND_NATIVE };
    struct hx_result *r = calloc(1, sizeof(*r));
    char err[512] = "";

    assert_non_null(r);
    snprintf(yaml, sizeof(yaml),
             "imslab: 1\nname: td\nduration_us: 400\nplatform: {pcpus: 4}\n"
             "vmm: {%s}\n"
             "devices: [{name: dsa0, model: %s, bdf: '6a:01.0'}]\n"
             "vms: [{name: vm0, vcpus: 2, guest: %s, pcpus: [1, 2]}]\n"
             "assign: [{device: dsa0, vm: vm0, vectors: 2}]\n"
             "workload: [{device: dsa0, rate_hz: 100000, arrivals: periodic}]\n"
             "events: [{at_us: 200, do: vm_teardown, vm: vm0}]\n",
             vmm, model, guest);
    s = load(yaml);
    if (hx_run_scenario(s, &o, r, err, sizeof(err)))
        fail_msg("%s", err);
    assert_int_equal(r->raised, 39);
    assert_int_equal(r->delivered, 20);
    assert_int_equal(r->faulted, 19);
    assert_int_equal(r->ir_faults[0x22 - HX_IR_FAULT_FIRST], 19);
    assert_int_equal(r->outcome, want);
    free(r);
    hx_scn_free(s);
}

static void test_run_vm_teardown(void **state)
{
    struct hx_scenario *s = NULL;
    char err[512] = "";
    static const char bare[] =
        "imslab: 1\nname: t\nduration_us: 10\nvmm: {personality: bare}\n"
        "devices: [{name: d, model: idxd, bdf: '6a:01.0'}]\n"
        "assign: [{device: d, vectors: 1}]\n"
        "events: [{at_us: 5, do: vm_teardown}]\n";

    (void)state;
    teardown_run("personality: kvm, ims: hypercall", "idxd", "hypercall-aware",
                 HX_OUT_FAULTED);
    teardown_run("personality: kvm", "msix", "linux-6.2", HX_OUT_FAULTED);
    assert_int_equal(hx_scn_load_string("t.yaml", bare, strlen(bare), &s, err,
                                        sizeof(err)), -EINVAL);
    assert_null(s);
    assert_string_equal(err, "t.yaml:7:25: error: events[0].do: 'vm_teardown' "
                        "needs a VM (personality bare has none)");
}

/*
 * A VM's migration (VMM-MIGRATE-01, SIOV-MIGRATE-01, GUEST-MIGRATE-01,
 * ISO-MIGRATE-01): at 100 us the ADI stops; 50 us of stop-and-copy, then
 * the destination's IRTEs (each after KVM's 0.5 ms route commit), then the
 * source's released (IEC invalidation, 2 us) and the ADI resumes.  The
 * completions of the window are held (558.4 us at one per 10 us: 55) and
 * all delivered at the resume: 99 raised in 1000 us, none lost.  A stale
 * guest asks for nothing and the ADI resumes after 56 us (5 held); its
 * pairs name the released IRTEs: the 89 from the stop on fault 0x22.
 */
static void migrate_run(const char *vmm, const char *guest, const char *after,
                        uint64_t delivered, uint64_t held, uint64_t down_ns,
                        uint64_t hypercalls, enum hx_outcome want)
{
    char yaml[1024];
    struct hx_scenario *s;
    struct hx_run_opts o = { .backend = SIM_BACKEND_NATIVE };
    struct hx_result *r = calloc(1, sizeof(*r));
    char err[512] = "";

    assert_non_null(r);
    snprintf(yaml, sizeof(yaml),
             "imslab: 1\nname: mg\nduration_us: 1000\nplatform: {pcpus: 4}\n"
             "vmm: {%s}\ncosts: {migrate_stop_copy: 50000}\n"
             "devices: [{name: dsa0, model: idxd, bdf: '6a:01.0'}]\n"
             "vms: [{name: vm0, vcpus: 2, guest: %s, after_migrate: %s, "
             "pcpus: [1, 2]}]\n"
             "assign: [{device: dsa0, vm: vm0, vectors: 2}]\n"
             "workload: [{device: dsa0, rate_hz: 100000, arrivals: periodic}]\n"
             "events: [{at_us: 100, do: migrate, vm: vm0}]\n",
             vmm, guest, after);
    s = load(yaml);
    if (hx_run_scenario(s, &o, r, err, sizeof(err)))
        fail_msg("%s", err);
    assert_int_equal(r->raised, 99);
    assert_int_equal(r->delivered, delivered);
    assert_int_equal(r->ir_faults[0x22 - HX_IR_FAULT_FIRST], 99 - delivered);
    assert_int_equal(r->lost, 0);
    assert_int_equal(r->migration.migrations, 1);
    assert_int_equal(r->migration.unfinished, 0);
    assert_int_equal(r->migration.held, held);
    assert_int_equal(r->migration.downtime_ns_max, down_ns);
    assert_int_equal(r->migration.downtime_ns_mean, down_ns);
    assert_int_equal(r->migration.hypercalls, hypercalls);
    assert_int_equal(r->migration.frees, 2);
    assert_int_equal(r->outcome, want);
    free(r);
    hx_scn_free(s);
}

static void test_run_migrate(void **state)
{
    struct hx_scenario *s = NULL;
    char err[512] = "";
    static const char bare[] =
        "imslab: 1\nname: t\nduration_us: 10\nvmm: {personality: bare}\n"
        "devices: [{name: d, model: idxd, bdf: '6a:01.0'}]\n"
        "assign: [{device: d, vectors: 1}]\n"
        "events: [{at_us: 5, do: migrate}]\n";

    (void)state;
    /* trap: the VMM re-makes both slots from its shadow, no hypercall */
    migrate_run("personality: kvm, ims: emulate", "trusts-cap", "reobtain",
                99, 55, 559200, 0, HX_OUT_DELIVERED);
    /* hypercall: the guest asks for two new pairs */
    migrate_run("personality: kvm, ims: hypercall", "hypercall-aware",
                "reobtain", 99, 56, 560633, 2, HX_OUT_DELIVERED);
    migrate_run("personality: kvm, ims: hypercall", "hypercall-aware",
                "stale", 10, 5, 56400, 0, HX_OUT_FAULTED);
    assert_int_equal(hx_scn_load_string("t.yaml", bare, strlen(bare), &s, err,
                                        sizeof(err)), -EINVAL);
    assert_null(s);
    assert_string_equal(err, "t.yaml:7:25: error: events[0].do: 'migrate' "
                        "needs a VM (personality bare has none)");
}

/*
 * Cross-tenant pair misuse (ISO-STEAL-01): at 200 us vm0's guest writes
 * vm1's real pairs (dsa1's slots) into its own dsa0 slots.  The IRTEs
 * verify the requester ID (SVT 1, SQ 0): the 19 interrupts after it are
 * blocked with 0x26.  With vm1's IRTEs' verification switched off first
 * (corrupt_irte svt) they arrive in vm1: leaked, and the class says so.
 */
static void steal_run(const char *extra, enum hx_outcome want, uint64_t f26,
                      uint64_t leaked)
{
    char yaml[1400];
    struct hx_scenario *s;
    struct hx_run_opts o = { .backend = SIM_BACKEND_NATIVE };
    struct hx_result *r = calloc(1, sizeof(*r));
    char err[512] = "";

    assert_non_null(r);
    snprintf(yaml, sizeof(yaml),
             "imslab: 1\nname: st\nduration_us: 400\nplatform: {pcpus: 4}\n"
             "vmm: {personality: kvm, ims: hypercall}\n"
             "devices:\n  - {name: dsa0, model: idxd, bdf: '6a:01.0'}\n"
             "  - {name: dsa1, model: idxd, bdf: '6b:01.0'}\n"
             "vms:\n  - {name: vm0, vcpus: 2, guest: hypercall-aware, pcpus: [1, 2]}\n"
             "  - {name: vm1, vcpus: 2, guest: hypercall-aware, pcpus: [3, 0]}\n"
             "assign:\n  - {device: dsa0, vm: vm0, vectors: 2}\n"
             "  - {device: dsa1, vm: vm1, vectors: 2}\n"
             "workload: [{device: dsa0, rate_hz: 100000, arrivals: periodic}]\n"
             "events:\n%s"
             "  - {at_us: 200, do: steal_pair, device: dsa0, from_device: dsa1}\n",
             extra);
    s = load(yaml);
    assert_int_equal(hx_run_check_layouts(s, err, sizeof(err)), 0);
    if (hx_run_scenario(s, &o, r, err, sizeof(err)))
        fail_msg("%s", err);
    assert_int_equal(r->raised, 39);
    assert_int_equal(r->delivered, 20);
    assert_int_equal(r->ir_faults[0x26 - HX_IR_FAULT_FIRST], f26);
    assert_int_equal(r->leaked, leaked);
    assert_int_equal(r->misrouted, 0);      /* a leak is its own fate */
    assert_int_equal(r->outcome, want);
    free(r);
    hx_scn_free(s);
}

static void test_run_steal_pair(void **state)
{
    (void)state;
    steal_run("", HX_OUT_FAULTED, 19, 0);
    steal_run("  - {at_us: 100, do: corrupt_irte, device: dsa1, field: svt}\n",
              HX_OUT_LEAKED, 0, 19);
}

/*
 * Bare metal with remapping off: the host's pair is a compatibility one, so
 * an affinity change composes a new pair (destination in the address) and
 * the driver must write it to the device; every interrupt after the move
 * arrives at the new CPU (before the fix, 19 of 39 were misrouted).
 */
static void test_run_bare_noir_affinity(void **state)
{
    struct hx_scenario *s = load(
        "imslab: 1\nname: b\nseed: 7\nduration_us: 400\n"
        "platform: {pcpus: 4, iommu: {interrupt_remapping: false}}\n"
        "vmm: {personality: bare}\n"
        "devices: [{name: dev0, model: idxd, bdf: '6a:01.0'}]\n"
        "assign: [{device: dev0, vectors: 2}]\n"
        "workload: [{device: dev0, rate_hz: 100000, arrivals: periodic}]\n"
        "events: [{at_us: 200, do: set_affinity, vcpu: 2}]\n");
    struct hx_run_opts o = { .backend = SIM_BACKEND_NATIVE };
    struct hx_result *r = calloc(1, sizeof(*r));
    char err[512] = "";

    (void)state;
    assert_non_null(r);
    if (hx_run_scenario(s, &o, r, err, sizeof(err)))
        fail_msg("%s", err);
    assert_int_equal(r->raised, 39);
    assert_int_equal(r->delivered, 39);
    assert_int_equal(r->misrouted, 0);
    free(r);
    hx_scn_free(s);
}

/*
 * A live rewrite (GUEST-REWRITE-01).  Bare metal without remapping: the
 * pair is a compatibility one; dev1 holds vectors 0x30, 0x31 on CPU 2, so
 * dev0's move there changes address and data.  At 450 kHz the completion
 * at 116.56 us falls between entry 1's address and data writes: one torn
 * pair (CPU 2, old vector 0x31: dev1's), misrouted.  Under KVM with the
 * fake pairs of a trusting guest in mapped idxd slots, a live rewrite at
 * 119 us tears one pair and a masked one none; every one faults 0x25
 * (compatibility format blocked), torn or not.
 */
static struct hx_result *rewrite_run(const char *yaml)
{
    struct hx_scenario *s = load(yaml);
    struct hx_run_opts o = { .backend = SIM_BACKEND_NATIVE };
    struct hx_result *r = calloc(1, sizeof(*r));
    char err[512] = "";

    assert_non_null(r);
    if (hx_run_scenario(s, &o, r, err, sizeof(err)))
        fail_msg("%s", err);
    hx_scn_free(s);
    return r;
}

static void test_run_guest_rewrite(void **state)
{
    char yaml[1024];
    struct hx_result *r;
    static const char *const pol[] = { "live", "masked" };

    (void)state;
    r = rewrite_run(
        "imslab: 1\nname: rw\nseed: 7\nduration_us: 200\n"
        "platform: {pcpus: 4, iommu: {interrupt_remapping: false}}\n"
        "vmm: {personality: bare}\n"
        "devices: [{name: dev0, model: idxd, bdf: '6a:01.0'}, "
        "{name: dev1, model: msix, bdf: '6b:01.0'}]\n"
        "assign: [{device: dev0, vectors: 2}, {device: dev1, vcpu: 2, vectors: 2}]\n"
        "workload: [{device: dev0, rate_hz: 450000, arrivals: periodic}]\n"
        "events: [{at_us: 115, do: guest_rewrite, vcpu: 2, device: dev0}]\n");
    assert_int_equal(r->raised, 90);
    assert_int_equal(r->delivered, 89);
    assert_int_equal(r->misrouted, 1);
    assert_int_equal(r->rewrite.rewrites, 1);
    assert_int_equal(r->rewrite.sent, 1);
    assert_int_equal(r->rewrite.torn, 1);
    assert_int_equal(r->outcome, HX_OUT_MISROUTED);
    free(r);
    for (int i = 0; i < 2; i++) {
        snprintf(yaml, sizeof(yaml),
                 "imslab: 1\nname: rk\nseed: 7\nduration_us: 200\n"
                 "platform: {pcpus: 4}\n"
                 "vmm: {personality: kvm, ims: none, advertise_ims_cap: always}\n"
                 "devices: [{name: dev0, model: idxd, bdf: '6a:01.0'}, "
                 "{name: dev1, model: msix, bdf: '6b:01.0'}]\n"
                 "vms: [{name: vm0, vcpus: 2, guest: trusts-cap, rewrite: %s, "
                 "pcpus: [1, 2]}]\n"
                 "assign: [{device: dev0, vm: vm0, vcpu: 0, vectors: 2}, "
                 "{device: dev1, vm: vm0, vcpu: 1, vectors: 2}]\n"
                 "workload: [{device: dev0, rate_hz: 450000, arrivals: periodic}]\n"
                 "events: [{at_us: 119, do: guest_rewrite, vm: vm0, vcpu: 1, "
                 "device: dev0}]\n", pol[i]);
        r = rewrite_run(yaml);
        assert_int_equal(r->raised, 90);
        assert_int_equal(r->ir_faults[0x25 - HX_IR_FAULT_FIRST], 90);
        assert_int_equal(r->rewrite.sent, 1);
        assert_int_equal(r->rewrite.torn, i == 0 ? 1 : 0);
        assert_int_equal(r->outcome, HX_OUT_SILENT_FAILURE);
        free(r);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_eval_scoped),
        cmocka_unit_test(test_eval_scope_unavailable),
        cmocka_unit_test(test_run_two_vms),
        cmocka_unit_test(test_run_request_loop),
        cmocka_unit_test(test_request_loop_errors),
        cmocka_unit_test(test_run_revoke_handle),
        cmocka_unit_test(test_run_fault_handler),
        cmocka_unit_test(test_run_corrupt_irte),
        cmocka_unit_test(test_run_delay_iec_flush),
        cmocka_unit_test(test_run_no_pair),
        cmocka_unit_test(test_run_vm_teardown),
        cmocka_unit_test(test_run_migrate),
        cmocka_unit_test(test_run_steal_pair),
        cmocka_unit_test(test_run_bare_noir_affinity),
        cmocka_unit_test(test_run_vcd),
        cmocka_unit_test(test_run_guest_rewrite),
    };

    return cmocka_run_group_tests_name("runner", tests, NULL, NULL);
}
