/* SPDX-License-Identifier: MIT */
/*
 * test_scenario.c - the scenario loader: every field of a full file, the
 * defaults, bare metal, and one exact "FILE:LINE:COLUMN: error: MESSAGE"
 * per bad input (fixtures in tests/data/scenarios/, IMSLAB_TEST_DATA).
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
#include <cyaml/cyaml.h>

#include "harness/scenario.h"

#ifndef IMSLAB_TEST_DATA
#error "IMSLAB_TEST_DATA must name tests/data"
#endif

#define SCN_DIR IMSLAB_TEST_DATA "/scenarios"

static struct hx_scenario *load_ok(const char *path)
{
    struct hx_scenario *s = NULL;
    char err[1024] = "";
    int rc = hx_scn_load(path, &s, err, sizeof(err));

    if (rc)
        fail_msg("%s: rc %d: %s", path, rc, err);
    assert_non_null(s);
    return s;
}

static void expect_string_error(const char *yaml, const char *msg)
{
    struct hx_scenario *s = (struct hx_scenario *)1;
    char err[1024] = "";
    int rc = hx_scn_load_string("t.yaml", yaml, strlen(yaml), &s, err,
                                sizeof(err));

    assert_int_equal(rc, -EINVAL);
    assert_null(s);
    assert_string_equal(err, msg);
}

/* ---- a file with every key ------------------------------------------------ */

static void test_full(void **state)
{
    struct hx_scenario *s = load_ok(SCN_DIR "/full.yaml");
    const struct hx_scn_device *d;
    const struct hx_scn_vm *vm;
    const struct hx_scn_assign *a;
    const struct hx_scn_workload *w;
    const struct hx_scn_event *ev;
    const struct hx_scn_expect *x;

    (void)state;
    assert_string_equal(s->source, SCN_DIR "/full.yaml");
    assert_int_equal(s->version, 1);
    assert_string_equal(s->name, "kvm-emulate-idxd-pt");
    assert_string_equal(s->description, "KVM emulates IDXD IMS; passthrough ADIs");
    assert_int_equal(s->seed, 42);
    assert_int_equal(s->duration_us, 500);

    assert_int_equal(s->platform.pcpus, 8);
    assert_int_equal(s->platform.cpu_mhz, 2500);
    assert_true(s->platform.iommu.interrupt_remapping);
    assert_true(s->platform.iommu.cfi);
    assert_int_equal(s->platform.iommu.irt_size, 1024);
    assert_true(s->platform.iommu.eime);
    assert_int_equal(s->platform.iommu.iec_entries, 16);
    assert_int_equal(s->platform.iommu.iec_replacement, IR_IEC_FIFO);
    assert_int_equal(s->platform.iommu.fault_records, 4);
    assert_false(s->platform.iommu.posted_interrupts);

    assert_int_equal(s->vmm.personality, VMM_KVM);
    assert_int_equal(s->vmm.msix, VMM_MSIX_HYPERCALL);
    assert_int_equal(s->vmm.ims, VMM_IMS_EMULATE);
    assert_int_equal(s->vmm.cap, VMM_CAP_ALWAYS);
    assert_true(s->vmm.viommu);
    assert_false(s->vmm.posted);
    assert_true(s->vmm.nested);
    assert_int_equal(s->vmm.irte_limit, 128);

    assert_int_equal(s->ndevices, 3);
    d = &s->devices[0];
    assert_string_equal(d->name, "dsa0");
    assert_int_equal(d->model, SIOV_KIND_IDXD);
    assert_int_equal(d->bdf.segment, 0);
    assert_int_equal(d->bdf.bus, 0x6a);
    assert_int_equal(d->bdf.dev, 1);
    assert_int_equal(d->bdf.fn, 0);
    assert_int_equal(hx_scn_bdf_rid(d->bdf), 0x6a08);
    assert_int_equal(d->adis, 2);
    assert_int_equal(d->ims_entries, 64);
    assert_int_equal(d->msix_vectors, 9);
    assert_string_equal(d->layout, IMSLAB_TEST_DATA "/layouts/idxd.yaml");
    d = &s->devices[1];
    assert_string_equal(d->name, "cx7");
    assert_int_equal(d->model, SIOV_KIND_MLX5);
    assert_int_equal(d->bdf.segment, 1);
    assert_int_equal(d->bdf.bus, 0xb3);
    assert_int_equal(d->bdf.dev, 0);
    assert_int_equal(d->bdf.fn, 1);
    assert_int_equal(d->adis, 4);
    assert_int_equal(d->ims_entries, 256);
    assert_int_equal(d->msix_vectors, 9);
    assert_null(d->layout);
    d = &s->devices[2];
    assert_string_equal(d->name, "nic0");
    assert_int_equal(d->model, SIOV_KIND_MSIX);
    assert_int_equal(hx_scn_bdf_rid(d->bdf), 0x17ff);
    assert_int_equal(d->adis, 1);
    assert_int_equal(d->ims_entries, 0);
    assert_int_equal(d->msix_vectors, 32);

    assert_int_equal(s->nvms, 2);
    vm = &s->vms[0];
    assert_string_equal(vm->name, "vm0");
    assert_int_equal(vm->vcpus, 2);
    assert_int_equal(vm->guest, GUEST_POLICY_TRUSTS_CAP);
    assert_int_equal(vm->pcpu[0], 3);
    assert_int_equal(vm->pcpu[1], 5);
    assert_false(vm->host);
    vm = &s->vms[1];
    assert_string_equal(vm->name, "vm1");
    assert_int_equal(vm->vcpus, 3);
    assert_int_equal(vm->guest, GUEST_POLICY_HYPERCALL_AWARE);
    assert_int_equal(vm->pcpu[0], 0);
    assert_int_equal(vm->pcpu[1], 1);
    assert_int_equal(vm->pcpu[2], 2);

    assert_int_equal(s->nassigns, 4);
    a = &s->assigns[0];
    assert_int_equal(a->device, 0);
    assert_int_equal(a->adi, 0);
    assert_int_equal(a->vm, 0);
    assert_int_equal(a->mode, VMM_ASSIGN_COMPOSED);
    assert_int_equal(a->vcpu, 1);
    assert_int_equal(a->vectors, 4);
    a = &s->assigns[1];
    assert_int_equal(a->device, 0);
    assert_int_equal(a->adi, 1);
    assert_int_equal(a->vm, 1);
    assert_int_equal(a->mode, VMM_ASSIGN_PASSTHROUGH);
    assert_int_equal(a->vcpu, 0);
    assert_int_equal(a->vectors, 1);
    a = &s->assigns[2];
    assert_int_equal(a->device, 1);
    assert_int_equal(a->adi, HX_SCN_ALL);
    assert_int_equal(a->vm, 1);
    assert_int_equal(a->vcpu, 2);
    assert_int_equal(a->vectors, 2);
    a = &s->assigns[3];
    assert_int_equal(a->device, 2);
    assert_int_equal(a->adi, HX_SCN_ALL);
    assert_int_equal(a->vm, 0);

    assert_int_equal(s->nworkloads, 2);
    w = &s->workloads[0];
    assert_int_equal(w->device, 0);
    assert_int_equal(w->adi, 0);
    assert_int_equal(w->rate_hz, 100000);
    assert_int_equal(w->arrivals, HX_SCN_ARRIVAL_PERIODIC);
    assert_int_equal(w->start_us, 10);
    assert_int_equal(w->stop_us, 400);
    w = &s->workloads[1];
    assert_int_equal(w->device, 1);
    assert_int_equal(w->adi, HX_SCN_ALL);
    assert_int_equal(w->rate_hz, 5000);
    assert_int_equal(w->arrivals, HX_SCN_ARRIVAL_POISSON);
    assert_int_equal(w->start_us, 0);
    assert_int_equal(w->stop_us, 500);

    /* sorted by time; the two at 100 us keep file order */
    assert_int_equal(s->nevents, 5);
    ev = &s->events[0];
    assert_int_equal(ev->at_us, 0);
    assert_int_equal(ev->kind, HX_SCN_EV_SKIP_IEC_FLUSH);
    assert_int_equal(ev->index, 3);
    assert_int_equal(ev->line, 95);
    assert_int_equal(ev->vm, HX_SCN_NONE);
    assert_int_equal(ev->vcpu, HX_SCN_NONE);
    assert_int_equal(ev->device, HX_SCN_NONE);
    assert_int_equal(ev->adi, HX_SCN_ALL);
    assert_int_equal(ev->entry, HX_SCN_ALL);
    ev = &s->events[1];
    assert_int_equal(ev->at_us, 100);
    assert_int_equal(ev->kind, HX_SCN_EV_SET_AFFINITY);
    assert_int_equal(ev->index, 1);
    assert_int_equal(ev->line, 84);
    assert_int_equal(ev->vm, 0);
    assert_int_equal(ev->vcpu, 1);
    assert_int_equal(ev->device, 0);
    assert_int_equal(ev->adi, 0);
    assert_int_equal(ev->entry, 63);
    ev = &s->events[2];
    assert_int_equal(ev->at_us, 100);
    assert_int_equal(ev->kind, HX_SCN_EV_VCPU_HALT);
    assert_int_equal(ev->index, 2);
    assert_int_equal(ev->line, 91);
    assert_int_equal(ev->vm, 1);
    assert_int_equal(ev->vcpu, 2);
    assert_int_equal(ev->device, HX_SCN_NONE);
    ev = &s->events[3];
    assert_int_equal(ev->at_us, 200);
    assert_int_equal(ev->kind, HX_SCN_EV_MASK);
    assert_int_equal(ev->index, 4);
    assert_int_equal(ev->device, 2);
    assert_int_equal(ev->adi, HX_SCN_ALL);
    assert_int_equal(ev->entry, 31);
    assert_int_equal(ev->vm, HX_SCN_NONE);
    ev = &s->events[4];
    assert_int_equal(ev->at_us, 300);
    assert_int_equal(ev->kind, HX_SCN_EV_DEVICE_RESET);
    assert_int_equal(ev->index, 0);
    assert_int_equal(ev->line, 80);
    assert_int_equal(ev->device, 1);
    assert_int_equal(ev->adi, 3);
    assert_int_equal(ev->entry, HX_SCN_ALL);

    assert_int_equal(s->costs.cpu_hz, UINT64_C(2500000000));
    assert_int_equal(s->costs.nested_factor, 5);
    assert_int_equal(s->costs.value[COST_VMEXIT_USER], 7000);
    assert_int_equal(s->costs.value[COST_IRT_READ], 0);
    assert_int_equal(s->costs.value[COST_DEV_CMD], 16);
    assert_int_equal(s->costs.value[COST_IEC_HIT], 15);
    for (int i = 0; i < COST__COUNT; i++)
        assert_int_equal(s->cost_set[i], i == COST_VMEXIT_USER ||
                                         i == COST_IRT_READ ||
                                         i == COST_DEV_CMD);

    assert_int_equal(s->nexpects, 4);
    x = &s->expects[0];
    assert_string_equal(x->rule, "E2E-DELIV-01");
    assert_int_equal(x->metric, HX_SCN_METRIC_OUTCOME);
    assert_int_equal(x->op, HX_SCN_OP_EQ);
    assert_int_equal(x->outcome, HX_SCN_OUTCOME_DELIVERED);
    assert_int_equal(x->device, 0);
    assert_int_equal(x->vm, 0);
    assert_int_equal(x->line, 106);
    x = &s->expects[1];
    assert_string_equal(x->rule, "VMM-EXIT-02");
    assert_int_equal(x->metric, HX_SCN_METRIC_EXITS_PER_IRQ);
    assert_int_equal(x->op, HX_SCN_OP_LE);
    assert_true(x->value == 1.5);
    assert_int_equal(x->device, HX_SCN_NONE);
    assert_int_equal(x->vm, HX_SCN_NONE);
    x = &s->expects[2];
    assert_int_equal(x->metric, HX_SCN_METRIC_IR_FAULT_25);
    assert_int_equal(x->op, HX_SCN_OP_GT);
    assert_true(x->value == 0.0);
    assert_int_equal(x->device, 1);
    x = &s->expects[3];
    assert_int_equal(x->op, HX_SCN_OP_NE);
    assert_int_equal(x->outcome, HX_SCN_OUTCOME_SILENT_FAILURE);
    assert_int_equal(x->line, 120);

    assert_int_equal(hx_scn_lookup_device(s, "cx7"), 1);
    assert_int_equal(hx_scn_lookup_device(s, "cx8"), -ENOENT);
    assert_int_equal(hx_scn_lookup_vm(s, "vm1"), 1);
    assert_int_equal(hx_scn_lookup_vm(s, "host"), -ENOENT);
    hx_scn_free(s);
}

/* ---- defaults ---------------------------------------------------------------- */

static void test_defaults(void **state)
{
    struct hx_scenario *s = load_ok(SCN_DIR "/minimal.yaml");
    struct cost_model def;

    (void)state;
    assert_null(s->description);
    assert_int_equal(s->seed, 1);
    assert_int_equal(s->platform.pcpus, 4);
    assert_int_equal(s->platform.cpu_mhz, 3000);
    assert_true(s->platform.iommu.interrupt_remapping);
    assert_false(s->platform.iommu.cfi);
    assert_int_equal(s->platform.iommu.irt_size, 65536);
    assert_false(s->platform.iommu.eime);
    assert_int_equal(s->platform.iommu.iec_entries, 64);
    assert_int_equal(s->platform.iommu.iec_replacement, IR_IEC_LRU);
    assert_int_equal(s->platform.iommu.fault_records, 8);
    assert_true(s->platform.iommu.posted_interrupts);
    assert_int_equal(s->vmm.msix, VMM_MSIX_TRAP);
    assert_int_equal(s->vmm.ims, VMM_IMS_NONE);
    assert_int_equal(s->vmm.cap, VMM_CAP_AUTO);
    assert_false(s->vmm.viommu);
    assert_true(s->vmm.posted);
    assert_false(s->vmm.nested);
    assert_int_equal(s->vmm.irte_limit, 0);
    assert_int_equal(s->devices[0].adis, 1);
    assert_int_equal(s->devices[0].ims_entries, 256);
    assert_int_equal(s->devices[0].msix_vectors, 9);
    assert_null(s->devices[0].layout);
    assert_int_equal(s->vms[0].guest, GUEST_POLICY_LINUX_6_2);
    assert_int_equal(s->vms[0].pcpu[0], 0);
    assert_int_equal(s->vms[0].pcpu[1], 1);
    assert_int_equal(s->assigns[0].adi, HX_SCN_ALL);
    assert_int_equal(s->assigns[0].mode, VMM_ASSIGN_PASSTHROUGH);
    assert_int_equal(s->assigns[0].vcpu, 0);
    assert_int_equal(s->assigns[0].vectors, 1);
    assert_int_equal(s->nworkloads, 0);
    assert_null(s->workloads);
    assert_int_equal(s->nevents, 0);
    assert_null(s->events);
    assert_int_equal(s->nexpects, 0);
    assert_null(s->expects);
    cost_model_default(&def);
    assert_memory_equal(s->costs.value, def.value, sizeof(def.value));
    assert_int_equal(s->costs.cpu_hz, UINT64_C(3000000000));
    assert_int_equal(s->costs.nested_factor, 1);
    for (int i = 0; i < COST__COUNT; i++)
        assert_false(s->cost_set[i]);
    hx_scn_free(s);
}

static void test_vm_pcpu_default_wraps(void **state)
{
    static const char y[] =
        "imslab: 1\nname: w\nduration_us: 1\n"
        "platform: {pcpus: 2, iommu: {interrupt_remapping: false}}\n"
        "vmm: {personality: hyperv}\n"
        "devices: [{name: d, model: msix, bdf: '00:00.0'}]\n"
        "vms: [{name: v, vcpus: 5}]\n"
        "assign: [{device: d, vm: v, vcpu: 4}]\n";
    struct hx_scenario *s;
    char err[512];

    (void)state;
    assert_int_equal(hx_scn_load_string("w.yaml", y, sizeof(y) - 1, &s, err,
                                        sizeof(err)), 0);
    assert_int_equal(s->vms[0].pcpu[0], 0);
    assert_int_equal(s->vms[0].pcpu[1], 1);
    assert_int_equal(s->vms[0].pcpu[2], 0);
    assert_int_equal(s->vms[0].pcpu[4], 0);
    assert_int_equal(s->vms[0].pcpu[5], 0);
    assert_int_equal(s->vmm.msix, VMM_MSIX_HYPERCALL);
    /* posting follows interrupt remapping when not given */
    assert_false(s->platform.iommu.interrupt_remapping);
    assert_false(s->platform.iommu.posted_interrupts);
    assert_int_equal(s->assigns[0].vcpu, 4);
    hx_scn_free(s);
}

static void test_bare(void **state)
{
    struct hx_scenario *s = load_ok(SCN_DIR "/bare.yaml");

    (void)state;
    assert_int_equal(s->vmm.personality, VMM_BARE);
    assert_int_equal(s->vmm.msix, VMM_MSIX_NATIVE);
    assert_int_equal(s->vmm.ims, VMM_IMS_NONE);
    assert_false(s->vmm.posted);
    assert_int_equal(s->nvms, 1);
    assert_true(s->vms[0].host);
    assert_string_equal(s->vms[0].name, "host");
    assert_int_equal(s->vms[0].vcpus, 2);
    assert_int_equal(s->vms[0].pcpu[0], 0);
    assert_int_equal(s->vms[0].pcpu[1], 1);
    assert_int_equal(s->assigns[0].vm, 0);
    assert_int_equal(s->assigns[0].vcpu, 1);
    assert_int_equal(s->events[0].kind, HX_SCN_EV_SET_AFFINITY);
    assert_int_equal(s->events[0].vm, 0);
    assert_int_equal(s->events[0].vcpu, 0);
    assert_int_equal(s->expects[0].vm, HX_SCN_NONE);
    assert_int_equal(hx_scn_lookup_vm(s, "host"), 0);
    hx_scn_free(s);
}

/* ---- bad files: the exact message, position included ------------------------- */

static const struct {
    const char *file;
    const char *msg;    /* after "PATH:" */
} bad[] = {
    { "syntax", "4:12: error: syntax error: did not find expected ',' or ']' "
                "(while parsing a flow sequence at 3:7)" },
    { "unknown-top-key", "5:1: error: unknown top-level key 'duraton_us'" },
    { "unknown-nested-key", "7:3: error: unknown key 'msi' in vmm" },
    { "bad-enum", "6:16: error: vmm.personality: invalid value 'kvmm' "
                  "(expected one of: bare, kvm, hyperv)" },
    { "negative", "11:11: error: devices[0].adis: must not be negative (got -1)" },
    { "pcpus-range", "6:10: error: platform.pcpus: 257 is out of range (1..256)" },
    { "irt-size", "7:15: error: platform.iommu.irt_size: 1000 is not a power "
                  "of two" },
    { "missing-name", "2:1: error: missing required key 'name'" },
    { "missing-personality", "5:1: error: vmm: missing required key "
                             "'personality'" },
    { "duplicate-device", "12:11: error: devices[1].name: duplicate device "
                          "name 'dsa0' (also devices[0])" },
    { "assign-unknown-device", "16:13: error: assign[0].device: no device "
                               "named 'dsa1'" },
    { "vm-pcpu-range", "15:16: error: vms[0].pcpus[1]: pcpu 4 does not exist "
                       "(platform.pcpus is 4)" },
    { "vms-with-bare", "12:1: error: vms: not allowed with personality bare "
                       "(the host runs the drivers; omit vms and vm)" },
    { "event-at-end", "23:12: error: events[1].at_us: 500 is not before "
                      "duration_us (500)" },
    { "workload-start-stop", "23:14: error: workload[0].stop_us: 300 is not "
                             "after start_us (300)" },
    { "unknown-cost", "21:3: error: unknown cost key 'vmexit_usr' (the keys "
                      "are listed in docs/scenario-format.md, section costs)" },
    { "bad-outcome", "22:12: error: expect[0].value: invalid outcome "
                     "'deliverd' (expected one of: delivered, misrouted, "
                     "faulted, lost, refused-fallback, silent-failure, "
                     "not-emulatable, mixed, no-pair, leaked)" },
    { "version-2", "2:9: error: imslab: unsupported format version 2 (this "
                   "imslab reads version 1)" },
    { "duplicate-key", "15:5: error: duplicate key 'name' (first given at "
                       "13:5)" },
    { "wrong-type", "12:6: error: vms: expected a sequence, got a scalar" },
    { "quoted-number", "14:12: error: vms[0].vcpus: expected an unsigned "
                       "integer, got the string \"2\"" },
    { "event-missing-device", "20:5: error: events[0]: missing required key "
                              "'device' (needed by 'revoke_handle')" },
    { "adi-assigned-twice", "20:10: error: assign[1].adi: ADI 0 of device "
                            "'dsa0' is already assigned by assign[0]" },
    { "bad-bdf", "10:10: error: devices[0].bdf: invalid PCI address '6a:01.8' "
                 "(expected bb:dd.f or ssss:bb:dd.f in hex, dd <= 1f, f <= 7)" },
    { "bad-bool", "7:11: error: vmm.nested: expected true or false, got 'yes'" },
    { "scope-hypercalls-vm", "35:9: error: expect[1].vm: metric hypercalls "
                             "cannot be scoped to a VM: the VMM counts "
                             "hypercalls for the whole system, not per VM or "
                             "device (omit device and vm to check the "
                             "scenario-wide figure)" },
    { "scope-spurious-device", "17:13: error: expect[0].device: metric "
                               "spurious cannot be scoped to a device: a "
                               "handler entry with no interrupt behind it "
                               "belongs to the VM it ran in, not to a device "
                               "(scope it to a vm only)" },
};

static void test_bad_files(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct hx_scenario *s = (struct hx_scenario *)1;
        char path[512], want[1024], err[1024] = "";
        int rc;

        snprintf(path, sizeof(path), SCN_DIR "/bad/%s.yaml", bad[i].file);
        snprintf(want, sizeof(want), "%s:%s", path, bad[i].msg);
        rc = hx_scn_load(path, &s, err, sizeof(err));
        if (rc != -EINVAL || strcmp(err, want))
            fail_msg("%s: rc %d\n got: %s\nwant: %s", bad[i].file, rc, err,
                     want);
        assert_null(s);
    }
}

/* ---- bad text: YAML-level and libcyaml-level cases ----------------------------- */

#define HEAD "imslab: 1\nname: t\nduration_us: 9\n"
#define KVM HEAD "vmm: {personality: kvm}\n"
#define DEV "devices: [{name: d, model: idxd, bdf: '00:01.0', adis: 2}]\n"
#define VMS "vms: [{name: v, vcpus: 2}]\n"
#define ASG "assign: [{device: d, vm: v}]\n"
#define GOOD KVM DEV VMS ASG

static void test_bad_strings(void **state)
{
    (void)state;
    expect_string_error("", "t.yaml:1:1: error: empty scenario (expected a "
                        "mapping that starts with 'imslab: 1')");
    expect_string_error("# nothing\n", "t.yaml:1:1: error: empty scenario "
                        "(expected a mapping that starts with 'imslab: 1')");
    expect_string_error(GOOD "---\nimslab: 1\n", "t.yaml:8:1: error: a "
                        "scenario file holds one YAML document; a second one "
                        "starts here");
    expect_string_error("- 1\n", "t.yaml:1:1: error: the top level must be a "
                        "mapping, got a sequence");
    expect_string_error("? [a]\n: 1\n", "t.yaml:1:3: error: mapping keys must "
                        "be scalars");
    expect_string_error("a: &x [*x]\n", "t.yaml:1:4: error: nesting deeper "
                        "than 32 levels");
    expect_string_error("a: *nope\n", "t.yaml:1:4: error: syntax error: found "
                        "undefined alias");
    expect_string_error("imslab: 1\nname: \x01\n", "t.yaml:2:7: error: "
                        "invalid input: control characters are not allowed");
    /* libcyaml's own position would be the value before the key (2:7) */
    expect_string_error(HEAD "vmm:\n  personality: kvm\n  bogus: 1\n" DEV VMS
                        ASG, "t.yaml:6:3: error: unknown key 'bogus' in vmm");
    /* ... and in a sequence entry: entry 'N' of libcyaml is index N-1 */
    expect_string_error(KVM "devices:\n  - {name: a, model: idxd, bdf: "
                        "'00:01.0'}\n  - {name: b, model: mlx5, bdf: '00:02.0',"
                        " adi: 2}\n" VMS ASG, "t.yaml:7:44: error: unknown key "
                        "'adi' in devices[1]");
    /* an empty mapping: libcyaml names its first field as the "current" one */
    expect_string_error(HEAD "vmm: {}\n" DEV VMS ASG, "t.yaml:4:1: error: "
                        "vmm: missing required key 'personality'");
    expect_string_error(KVM DEV VMS "assign: []\n", "t.yaml:7:9: error: "
                        "assign: needs at least 1 entry");
    expect_string_error(KVM DEV "vms:\n  - 7\n" ASG, "t.yaml:7:5: error: "
                        "vms[0]: expected a mapping, got a scalar");
    expect_string_error(KVM DEV "vms: [{name: v, vcpus: 1, guest: linux}]\n"
                        ASG, "t.yaml:6:34: error: vms[0].guest: invalid value "
                        "'linux' (expected one of: trusts-cap, linux-6.2, "
                        "hypercall-aware, legacy)");
    expect_string_error(KVM DEV "vms: [{name: v, vcpus: 1, pcpus: [0, [1]]}]\n"
                        ASG, "t.yaml:6:38: error: vms[0].pcpus[1]: expected a "
                        "scalar, got a sequence");
    /* libcyaml would take these as 1, 1 and 2^64-5 */
    expect_string_error(KVM DEV "vms: [{name: v, vcpus: 1x}]\n" ASG,
                        "t.yaml:6:24: error: vms[0].vcpus: expected an "
                        "unsigned integer, got '1x'");
    expect_string_error(KVM DEV "vms: [{name: v, vcpus: 1.5}]\n" ASG,
                        "t.yaml:6:24: error: vms[0].vcpus: expected an "
                        "unsigned integer, got '1.5'");
    expect_string_error(GOOD "seed: -5\n", "t.yaml:8:7: error: seed: must "
                        "not be negative (got -5)");
    expect_string_error(GOOD "seed: 010\n", "t.yaml:8:7: error: seed: '010': "
                        "leading zeros are not allowed");
    expect_string_error(GOOD "seed: 18446744073709551616\n", "t.yaml:8:7: "
                        "error: seed: 18446744073709551616 is too large");
    expect_string_error("imslab: 1\nname: t\nduration_us: 0\n" "vmm: "
                        "{personality: kvm}\n" DEV VMS ASG, "t.yaml:3:14: "
                        "error: duration_us: 0 is out of range "
                        "(1..18446744073709)");
    expect_string_error("imslab: 1\nname: a b\nduration_us: 9\n" "vmm: "
                        "{personality: kvm}\n" DEV VMS ASG, "t.yaml:2:7: "
                        "error: name: 'a b' has a character outside "
                        "[A-Za-z0-9._-]");
}

/* Which metric takes which scope (docs/scenario-format.md, expect[]). */
static void test_metric_scopes(void **state)
{
    const unsigned both = HX_SCN_SCOPE_DEVICE | HX_SCN_SCOPE_VM;
    const char *why;
    struct hx_scenario *s;
    char err[1024] = "";
    static const char yaml[] = GOOD "expect:\n"
        "  - {rule: R-1, metric: spurious, value: 0, vm: v}\n"
        "  - {rule: R-2, metric: outcome, value: delivered, device: d, vm: v}\n"
        "  - {rule: R-3, metric: ir_fault_0x29, value: 0, device: d}\n"
        "  - {rule: R-4, metric: hypercalls, value: 0}\n";

    (void)state;
    for (int i = 0; i < HX_SCN_METRIC__COUNT; i++) {
        enum hx_scn_metric m = (enum hx_scn_metric)i;
        unsigned want = both;

        if (m == HX_SCN_METRIC_SPURIOUS)
            want = HX_SCN_SCOPE_VM;
        else if (m == HX_SCN_METRIC_EXITS_PER_IRQ ||
                 m == HX_SCN_METRIC_VM_EXITS ||
                 m == HX_SCN_METRIC_IMS_WRITE_TRAPS ||
                 m == HX_SCN_METRIC_HYPERCALLS ||
                 m == HX_SCN_METRIC_HYPERCALLS_ALLOC ||
                 m == HX_SCN_METRIC_HYPERCALLS_RETARGET ||
                 m == HX_SCN_METRIC_HYPERCALLS_FREE ||
                 m == HX_SCN_METRIC_HANDLE_ERRORS ||
                 m == HX_SCN_METRIC_HANDLE_REVOCATIONS ||
                 m == HX_SCN_METRIC_RESUBMITS ||
                 m == HX_SCN_METRIC_IR_FAULT_RECORDS ||
                 m == HX_SCN_METRIC_IR_FAULTS_LOST ||
                 m == HX_SCN_METRIC_LEAKED ||
                 m == HX_SCN_METRIC_MIGRATIONS ||
                 m == HX_SCN_METRIC_MIGRATION_HELD ||
                 m == HX_SCN_METRIC_MIGRATION_DOWNTIME_NS ||
                 m == HX_SCN_METRIC_TORN_PAIRS ||
                 m == HX_SCN_METRIC_BYPASS_SWITCHES ||
                 m == HX_SCN_METRIC_EVENTFD_SIGNALS ||
                 (m >= HX_SCN_METRIC_GUEST_CPU_PER_IRQ_NS &&
                  m <= HX_SCN_METRIC_THROUGHPUT_VS_BARE))
            want = 0;
        why = "x";
        if (hx_scn_metric_scopes(m, &why) != want)
            fail_msg("metric %s: scopes %u, want %u", hx_scn_metric_name(m),
                     hx_scn_metric_scopes(m, NULL), want);
        if (want == both)
            assert_null(why);
        else
            assert_non_null(why);
    }
    if (hx_scn_load_string("t.yaml", yaml, strlen(yaml), &s, err, sizeof(err)))
        fail_msg("%s", err);
    assert_int_equal(s->nexpects, 4);
    assert_int_equal(s->expects[0].vm, 0);
    assert_int_equal(s->expects[0].device, HX_SCN_NONE);
    assert_int_equal(s->expects[1].device, 0);
    assert_int_equal(s->expects[1].vm, 0);
    assert_int_equal(s->expects[2].metric, HX_SCN_METRIC_IR_FAULT_29);
    assert_int_equal(s->expects[3].device, HX_SCN_NONE);
    hx_scn_free(s);
}

static void test_bad_combinations(void **state)
{
    (void)state;
    expect_string_error(HEAD "vmm: {personality: bare, msix: trap}\n" DEV
                        "assign: [{device: d}]\n", "t.yaml:4:32: error: "
                        "vmm.msix: personality bare takes only 'native' (or "
                        "omit the key)");
    expect_string_error(HEAD "vmm: {personality: bare, ims: none}\n" DEV
                        "assign: [{device: d}]\n", "t.yaml:4:26: error: "
                        "vmm.ims: not allowed with personality bare (there is "
                        "no VMM)");
    expect_string_error(HEAD "vmm: {personality: kvm, msix: native}\n" DEV VMS
                        ASG, "t.yaml:4:31: error: vmm.msix: 'native' needs "
                        "personality bare; use trap or hypercall");
    expect_string_error(KVM DEV ASG, "t.yaml:1:1: error: missing required key "
                        "'vms' (needed unless vmm.personality is bare)");
    expect_string_error(HEAD "vmm: {personality: bare}\n" DEV
                        "assign: [{device: d, vm: host}]\n", "t.yaml:6:22: "
                        "error: assign[0].vm: not allowed with personality "
                        "bare (there are no VMs)");
    expect_string_error(KVM DEV VMS "assign: [{device: d}]\n", "t.yaml:7:10: "
                        "error: assign[0]: missing required key 'vm'");
    expect_string_error(KVM DEV VMS "assign: [{device: d, vm: w}]\n",
                        "t.yaml:7:26: error: assign[0].vm: no VM named 'w'");
    expect_string_error(KVM DEV VMS "assign: [{device: d, vm: v, adi: 2}]\n",
                        "t.yaml:7:34: error: assign[0].adi: ADI 2 does not "
                        "exist (device 'd' has 2 ADIs)");
    expect_string_error(KVM DEV VMS "assign: [{device: d, vm: v, vcpu: 2}]\n",
                        "t.yaml:7:35: error: assign[0].vcpu: vcpu 2 does not "
                        "exist (VM 'v' has 2 vcpus)");
    expect_string_error(KVM "devices: [{name: d, model: idxd, bdf: '00:01.0', "
                        "adis: 4, ims_entries: 10}]\n" VMS
                        "assign: [{device: d, vm: v, vectors: 3}]\n",
                        "t.yaml:7:38: error: assign[0].vectors: device 'd' "
                        "has 10 IMS entries, its assignments need 12");
    expect_string_error(KVM "devices: [{name: d, model: msix, bdf: '00:01.0', "
                        "adis: 2}]\n" VMS ASG, "t.yaml:5:56: error: "
                        "devices[0].adis: a device of model msix has exactly "
                        "1 ADI");
    expect_string_error(KVM "devices: [{name: d, model: msix, bdf: '00:01.0', "
                        "ims_entries: 8}]\n" VMS ASG, "t.yaml:5:50: error: "
                        "devices[0].ims_entries: not allowed for model msix "
                        "(it has no IMS)");
    expect_string_error(KVM "devices:\n  - {name: a, model: idxd, bdf: "
                        "'0000:00:01.0'}\n  - {name: b, model: idxd, bdf: "
                        "'00:01.0'}\n" VMS ASG, "t.yaml:7:33: error: "
                        "devices[1].bdf: 00:01.0 is also the address of "
                        "devices[0] ('a')");
    expect_string_error(KVM DEV "vms: [{name: v, vcpus: 2, pcpus: [1]}]\n"
                        ASG, "t.yaml:6:34: error: vms[0].pcpus: 1 entries for "
                        "2 vcpus (give one per vcpu)");
    expect_string_error(KVM DEV "vms: [{name: v, vcpus: 1}, {name: v, vcpus: "
                        "1}]\n" ASG, "t.yaml:6:35: error: vms[1].name: "
                        "duplicate VM name 'v' (also vms[0])");
    expect_string_error(HEAD "platform: {iommu: {interrupt_remapping: false, "
                        "posted_interrupts: true}}\n" "vmm: {personality: "
                        "kvm}\n" DEV VMS ASG, "t.yaml:4:67: error: "
                        "platform.iommu.posted_interrupts: posting needs "
                        "interrupt_remapping: true");
    expect_string_error(GOOD "workload: [{device: d, rate_hz: 0}]\n",
                        "t.yaml:8:33: error: workload[0].rate_hz: 0 must be "
                        "at least 1");
    expect_string_error(GOOD "workload: [{device: d, rate_hz: 1, start_us: "
                        "9}]\n", "t.yaml:8:46: error: workload[0].start_us: 9 "
                        "is not before the end of the run (duration_us 9)");
    expect_string_error(GOOD "workload: [{device: d, rate_hz: 1, stop_us: "
                        "10}]\n", "t.yaml:8:45: error: workload[0].stop_us: "
                        "10 is after duration_us (9)");
    expect_string_error(GOOD "events: [{at_us: 1, do: vcpu_run, vm: v, vcpu: "
                        "0, entry: 1}]\n", "t.yaml:8:51: error: "
                        "events[0].entry: not used by 'vcpu_run'");
    expect_string_error(GOOD "events: [{at_us: 1, do: skip_iec_flush, adi: "
                        "1}]\n", "t.yaml:8:41: error: events[0].adi: needs "
                        "'device'");
    expect_string_error(GOOD "events: [{at_us: 1, do: mask, device: d, entry: "
                        "256}]\n", "t.yaml:8:49: error: events[0].entry: "
                        "entry 256 does not exist (device 'd' has 256 IMS "
                        "entries)");
    expect_string_error(HEAD "vmm: {personality: bare}\n" DEV
                        "assign: [{device: d}]\nevents: [{at_us: 1, do: "
                        "vcpu_halt, vm: host, vcpu: 0}]\n", "t.yaml:7:36: "
                        "error: events[0].vm: not allowed with personality "
                        "bare (there are no VMs)");
    expect_string_error(GOOD "expect: [{rule: R-1, metric: outcome, op: lt, "
                        "value: lost}]\n", "t.yaml:8:43: error: expect[0].op: "
                        "'lt' does not apply to metric outcome (use eq or ne)");
    expect_string_error(GOOD "expect: [{rule: R-1, metric: lost, value: "
                        "none}]\n", "t.yaml:8:43: error: expect[0].value: "
                        "metric lost needs a number, got 'none'");
    expect_string_error(GOOD "expect: [{rule: R-1, metric: lost, value: -1}]\n",
                        "t.yaml:8:43: error: expect[0].value: must not be "
                        "negative (got -1)");
    expect_string_error(GOOD "expect: [{rule: R-1, metric: lost, value: 0, "
                        "vm: w}]\n", "t.yaml:8:50: error: expect[0].vm: no VM "
                        "named 'w'");
    /* metrics the models keep for the whole system only take no scope */
    expect_string_error(GOOD "expect: [{rule: R-1, metric: exits_per_irq, "
                        "value: 0, device: d}]\n", "t.yaml:8:63: error: "
                        "expect[0].device: metric exits_per_irq cannot be "
                        "scoped to a device: the VMM counts trapped-MMIO and "
                        "hypercall exits for the whole system, not per VM or "
                        "device (omit device and vm to check the "
                        "scenario-wide figure)");
    expect_string_error(GOOD "expect: [{rule: R-1, metric: vm_exits, value: "
                        "0, vm: v}]\n", "t.yaml:8:54: error: expect[0].vm: "
                        "metric vm_exits cannot be scoped to a VM: the VMM "
                        "counts trapped-MMIO and hypercall exits for the "
                        "whole system, not per VM or device (omit device and "
                        "vm to check the scenario-wide figure)");
    expect_string_error(GOOD "expect: [{rule: R-1, metric: ims_write_traps, "
                        "value: 0, device: d, vm: v}]\n", "t.yaml:8:65: "
                        "error: expect[0].device: metric ims_write_traps "
                        "cannot be scoped to a device: the VMM counts trapped "
                        "IMS writes for the whole system, not per VM or "
                        "device (omit device and vm to check the "
                        "scenario-wide figure)");
    expect_string_error(GOOD "expect: [{rule: R-1, metric: spurious, value: "
                        "0, device: d, vm: v}]\n", "t.yaml:8:58: error: "
                        "expect[0].device: metric spurious cannot be scoped "
                        "to a device: a handler entry with no interrupt "
                        "behind it belongs to the VM it ran in, not to a "
                        "device (scope it to a vm only)");
    expect_string_error(GOOD "costs: {hypercall: x}\n", "t.yaml:8:20: error: "
                        "costs.hypercall: expected an unsigned integer, got "
                        "'x'");
}

/* ---- API corners --------------------------------------------------------------- */

static void test_io_errors(void **state)
{
    struct hx_scenario *s = (struct hx_scenario *)1;
    char err[256];

    (void)state;
    assert_int_equal(hx_scn_load(SCN_DIR "/no-such-file.yaml", &s, err,
                                 sizeof(err)), -ENOENT);
    assert_null(s);
    assert_string_equal(err, SCN_DIR "/no-such-file.yaml: error: cannot read: "
                        "No such file or directory");
    /* no buffer, and a buffer too small: still the error code, no overflow */
    assert_int_equal(hx_scn_load(SCN_DIR "/bad/syntax.yaml", &s, NULL, 0),
                     -EINVAL);
    assert_int_equal(hx_scn_load(SCN_DIR "/bad/syntax.yaml", &s, err, 8),
                     -EINVAL);
    assert_int_equal(strlen(err), 7);
}

static void test_layout_paths(void **state)
{
    static const char y[] =
        KVM "devices: [{name: d, model: idxd, bdf: '00:01.0', layout: "
        "'../l/./x.yaml'}]\n" VMS ASG;
    static const char ya[] =
        KVM "devices: [{name: d, model: idxd, bdf: '00:01.0', layout: "
        "'/abs//l/../m.yaml'}]\n" VMS ASG;
    struct hx_scenario *s;
    char err[512], want[4200], cwd[4096];

    (void)state;
    assert_non_null(getcwd(cwd, sizeof(cwd)));
    assert_int_equal(hx_scn_load_string("/a/b/c.yaml", y, sizeof(y) - 1, &s,
                                        err, sizeof(err)), 0);
    assert_string_equal(s->devices[0].layout, "/a/l/x.yaml");
    hx_scn_free(s);
    assert_int_equal(hx_scn_load_string("c.yaml", y, sizeof(y) - 1, &s, err,
                                        sizeof(err)), 0);
    *strrchr(cwd, '/') = '\0';          /* "../" from the working dir */
    snprintf(want, sizeof(want), "%s/l/x.yaml", cwd);
    assert_string_equal(s->devices[0].layout, want);
    hx_scn_free(s);
    assert_int_equal(hx_scn_load_string("c.yaml", ya, sizeof(ya) - 1, &s, err,
                                        sizeof(err)), 0);
    assert_string_equal(s->devices[0].layout, "/abs/m.yaml");
    hx_scn_free(s);
}

/* devices[].rtl: paths resolved and checked, top checked, layout needed */
#define RTL_SV IMSLAB_SOURCE_DIR "/models/rtl/ims_table.sv"
#define RTLDEV(model, extra, rtl)                                            \
    "devices: [{name: d, model: " model ", bdf: '00:01.0'" extra            \
    ", rtl: " rtl "}]\n"

static void test_rtl(void **state)
{
    static const char y[] =
        KVM "devices:\n  - name: d\n    model: idxd\n    bdf: '00:01.0'\n"
        "    layout: ../../layouts/ref-256.yaml\n    rtl:\n      sources: "
        "[../../models/rtl/ims_table_idxd.sv, '" RTL_SV "']\n"
        "      top: ims_table_idxd\n" VMS ASG;
    struct hx_scenario *s;
    char err[512];

    (void)state;
    assert_int_equal(hx_scn_load_string(IMSLAB_SOURCE_DIR "/scenarios/rtl/"
                                        "t.yaml", y, sizeof(y) - 1, &s, err,
                                        sizeof(err)), 0);
    assert_int_equal(s->devices[0].rtl.nsources, 2);
    assert_string_equal(s->devices[0].rtl.sources[0], IMSLAB_SOURCE_DIR
                        "/models/rtl/ims_table_idxd.sv");
    assert_string_equal(s->devices[0].rtl.sources[1], RTL_SV);
    assert_string_equal(s->devices[0].rtl.top, "ims_table_idxd");
    assert_string_equal(s->devices[0].layout, IMSLAB_SOURCE_DIR
                        "/layouts/ref-256.yaml");
    hx_scn_free(s);
    /* no rtl: nothing */
    assert_int_equal(hx_scn_load_string("t.yaml", GOOD, sizeof(GOOD) - 1, &s,
                                        err, sizeof(err)), 0);
    assert_int_equal(s->devices[0].rtl.nsources, 0);
    assert_null(s->devices[0].rtl.sources);
    assert_null(s->devices[0].rtl.top);
    hx_scn_free(s);

    expect_string_error(KVM RTLDEV("mlx5", ", layout: l.yaml",
                                   "{sources: [/dev/null], top: t}")
                        VMS ASG, "t.yaml:5:66: error: devices[0].rtl: only a "
                        "device of model idxd can take its IMS from RTL (this "
                        "one is mlx5)");
    expect_string_error(KVM RTLDEV("idxd", "", "{sources: [/dev/null], "
                                   "top: t}") VMS ASG, "t.yaml:5:50: error: "
                        "devices[0].rtl: needs 'layout': the layout "
                        "descriptor of the design's register map "
                        "(layouts/ref.yaml for models/rtl/ims_table.sv)");
    expect_string_error(KVM RTLDEV("idxd", ", layout: l.yaml",
                                   "{sources: [], top: t}") VMS ASG,
                        "t.yaml:5:81: error: devices[0].rtl.sources: must "
                        "list at least one file");
    expect_string_error(KVM RTLDEV("idxd", ", layout: l.yaml",
                                   "{sources: [/dev/null, /no/such.sv], "
                                   "top: t}") VMS ASG,
                        "t.yaml:5:93: error: devices[0].rtl.sources[1]: "
                        "cannot read '/no/such.sv': No such file or "
                        "directory");
    expect_string_error(KVM RTLDEV("idxd", ", layout: l.yaml",
                                   "{sources: [''], top: t}") VMS ASG,
                        "t.yaml:5:82: error: devices[0].rtl.sources[0]: "
                        "must not be empty");
    expect_string_error(KVM RTLDEV("idxd", ", layout: l.yaml",
                                   "{sources: [/dev/null], top: 9top}")
                        VMS ASG, "t.yaml:5:99: error: devices[0].rtl.top: "
                        "'9top' is not a Verilog module name "
                        "([A-Za-z_][A-Za-z0-9_$]*)");
    expect_string_error(KVM RTLDEV("idxd", ", layout: l.yaml",
                                   "{sources: [/dev/null], top: a-b}")
                        VMS ASG, "t.yaml:5:99: error: devices[0].rtl.top: "
                        "'a-b' is not a Verilog module name "
                        "([A-Za-z_][A-Za-z0-9_$]*)");
    expect_string_error(KVM RTLDEV("idxd", ", layout: l.yaml",
                                   "{sources: [/dev/null]}") VMS ASG,
                        "t.yaml:5:66: error: devices[0].rtl: missing "
                        "required key 'top'");
    expect_string_error(KVM RTLDEV("idxd", ", layout: l.yaml", "{top: t}")
                        VMS ASG, "t.yaml:5:66: error: devices[0].rtl: "
                        "missing required key 'sources'");
    expect_string_error(KVM RTLDEV("idxd", ", layout: l.yaml",
                                   "{sources: [/dev/null], top: t, "
                                   "params: 1}") VMS ASG, "t.yaml:5:102: "
                        "error: unknown key 'params' in devices[0].rtl");
    expect_string_error(KVM RTLDEV("idxd", ", layout: l.yaml", "/dev/null")
                        VMS ASG, "t.yaml:5:71: error: devices[0].rtl: "
                        "expected a mapping, got a scalar");
}

static void test_names(void **state)
{
    struct hx_scn_bdf b = { .bus = 0xff, .dev = 0x1f, .fn = 7 };

    (void)state;
    /* the models' spellings, as the loader and the writers use them */
    assert_string_equal(prop_enum_name(&vmm_personality_enum, VMM_HYPERV),
                        "hyperv");
    assert_string_equal(prop_enum_name(&vmm_msix_mode_enum, VMM_MSIX_NATIVE),
                        "native");
    assert_string_equal(prop_enum_name(&vmm_ims_mode_enum, VMM_IMS_HYPERCALL),
                        "hypercall");
    assert_string_equal(prop_enum_name(&vmm_cap_adv_enum, VMM_CAP_NEVER),
                        "never");
    assert_string_equal(prop_enum_name(&vmm_viommu_enum, 1), "caching-mode");
    assert_string_equal(siov_kind_name(SIOV_KIND_MLX5), "mlx5");
    assert_string_equal(guest_policy_name(GUEST_POLICY_LINUX_6_2), "linux-6.2");
    assert_string_equal(prop_enum_name(&vmm_assign_mode_enum,
                                       VMM_ASSIGN_COMPOSED), "composed");
    assert_string_equal(hx_scn_arrivals_name(HX_SCN_ARRIVAL_PERIODIC),
                        "periodic");
    assert_string_equal(prop_enum_name(&ir_iec_policy_enum, IR_IEC_FIFO),
                        "fifo");
    assert_string_equal(prop_enum_name(&ir_iec_policy_enum, 2), "?");
    assert_string_equal(hx_scn_event_kind_name(HX_SCN_EV_CORRUPT_IRTE),
                        "corrupt_irte");
    assert_string_equal(hx_scn_metric_name(HX_SCN_METRIC_IR_FAULT_26),
                        "ir_fault_0x26");
    assert_string_equal(hx_scn_metric_name(HX_SCN_METRIC_IR_FAULT_29),
                        "ir_fault_0x29");
    assert_string_equal(hx_scn_op_name(HX_SCN_OP_GE), "ge");
    assert_string_equal(hx_scn_outcome_name(HX_SCN_OUTCOME_REFUSED_FALLBACK),
                        "refused-fallback");
    assert_string_equal(hx_scn_outcome_name(HX_SCN_OUTCOME__COUNT), "?");
    assert_int_equal(hx_scn_bdf_rid(b), 0xffff);
}

static void test_aliases(void **state)
{
    static const char y[] =
        KVM "devices:\n  - &dev {name: a, model: idxd, bdf: '00:01.0'}\n"
        "vms: [{name: v, vcpus: 2}]\n"
        "assign: [{device: a, vm: v}]\n"
        "workload:\n  - &w {device: a, rate_hz: 10}\n  - *w\n";
    static const char bad_alias[] =
        KVM "devices:\n  - &dev {name: a, model: idxd, bdf: '00:01.0'}\n"
        "vms: [{name: v, vcpus: 2}]\n"
        "assign: [{device: a, vm: v}]\n"
        "workload:\n  - &w {device: a, rate_hz: 0}\n  - *w\n";
    struct hx_scenario *s;
    char err[512];

    (void)state;
    assert_int_equal(hx_scn_load_string("t.yaml", y, sizeof(y) - 1, &s, err,
                                        sizeof(err)), 0);
    assert_int_equal(s->nworkloads, 2);
    assert_int_equal(s->workloads[1].rate_hz, 10);
    hx_scn_free(s);
    /* an error inside an anchored block is reported where it is written */
    expect_string_error(bad_alias, "t.yaml:10:29: error: workload[0].rate_hz: "
                        "0 must be at least 1");
}

/* Every cost key, metric, outcome and action is in docs/scenario-format.md. */
static void test_doc_lists_every_name(void **state)
{
    FILE *f = fopen(IMSLAB_SOURCE_DIR "/docs/scenario-format.md", "r");
    static char doc[65536];
    char quoted[80];
    size_t n;

    (void)state;
    assert_non_null(f);
    n = fread(doc, 1, sizeof(doc) - 1, f);
    fclose(f);
    assert_true(n > 0 && n < sizeof(doc) - 1);
    doc[n] = '\0';
    for (int i = 0; i < COST__COUNT; i++) {
        snprintf(quoted, sizeof(quoted), "| `%s` |", cost_name((enum cost_id)i));
        if (!strstr(doc, quoted))
            fail_msg("cost %s is not documented", quoted);
    }
    for (int i = 0; i < HX_SCN_METRIC__COUNT; i++) {
        if (i > HX_SCN_METRIC_IR_FAULT_20 && i < HX_SCN_METRIC_IR_FAULT_29)
            continue;           /* written as a range */
        snprintf(quoted, sizeof(quoted), "`%s`",
                 hx_scn_metric_name((enum hx_scn_metric)i));
        if (!strstr(doc, quoted))
            fail_msg("metric %s is not documented", quoted);
    }
    for (int i = 0; i < HX_SCN_OUTCOME__COUNT; i++) {
        snprintf(quoted, sizeof(quoted), "`%s`",
                 hx_scn_outcome_name((enum hx_scn_outcome)i));
        if (!strstr(doc, quoted))
            fail_msg("outcome %s is not documented", quoted);
    }
    for (int i = 0; i < HX_SCN_EV__COUNT; i++) {
        snprintf(quoted, sizeof(quoted), "| `%s` |",
                 hx_scn_event_kind_name((enum hx_scn_event_kind)i));
        if (!strstr(doc, quoted))
            fail_msg("action %s is not documented", quoted);
    }
}

/*
 * What the loader's design rests on (harness/scenario_cyaml.c): libcyaml
 * 1.3.1 prints 1-based positions, but of the last event each level read,
 * and parses numbers and booleans loosely.  If an upgrade changes this,
 * this test says so.
 */
struct cy_log {
    char text[2048];
};

static void cy_capture(cyaml_log_t level, void *ctx, const char *fmt,
                       va_list ap)
{
    struct cy_log *l = ctx;
    size_t n = strlen(l->text);

    if (level >= CYAML_LOG_ERROR && n < sizeof(l->text))
        vsnprintf(l->text + n, sizeof(l->text) - n, fmt, ap);
}

struct cy_doc {
    uint32_t a;
    bool b;
};

static const cyaml_schema_field_t cy_fields[] = {
    CYAML_FIELD_UINT("a", CYAML_FLAG_OPTIONAL, struct cy_doc, a),
    CYAML_FIELD_BOOL("b", CYAML_FLAG_OPTIONAL, struct cy_doc, b),
    CYAML_FIELD_END
};

static const cyaml_schema_value_t cy_schema = {
    CYAML_VALUE_MAPPING(CYAML_FLAG_POINTER, struct cy_doc, cy_fields),
};

static cyaml_err_t cy_load(const char *y, struct cy_log *log,
                           struct cy_doc **out)
{
    cyaml_config_t cfg = {
        .log_fn = cy_capture, .log_ctx = log, .mem_fn = cyaml_mem,
        .log_level = CYAML_LOG_ERROR,
    };

    log->text[0] = '\0';
    return cyaml_load_data((const uint8_t *)y, strlen(y), &cfg, &cy_schema,
                           (cyaml_data_t **)out, NULL);
}

static void test_libcyaml_facts(void **state)
{
    cyaml_config_t cfg = { .mem_fn = cyaml_mem };
    struct cy_log log;
    struct cy_doc *d = NULL;

    (void)state;
    /* "-1" starts at 0-based line 0, column 3: reported as 1, 4 */
    assert_int_equal(cy_load("a: -1\n", &log, &d), CYAML_ERR_INVALID_VALUE);
    assert_string_equal(log.text, "Load: Invalid UINT value: '-1'\n"
                        "Load: Backtrace:\n"
                        "  in mapping field 'a' (line: 1, column: 4)\n");
    /* an unknown key is placed on the value before it (1:4, not 2:1) */
    assert_int_equal(cy_load("a: 1\nc: 2\n", &log, &d),
                     CYAML_ERR_INVALID_KEY);
    assert_string_equal(log.text, "Load: Unexpected key: c\n"
                        "Load: Backtrace:\n"
                        "  in mapping (line: 1, column: 4)\n");
    /* loose scalars: "1x" is 1, "maybe" is true */
    assert_int_equal(cy_load("a: 1x\nb: maybe\n", &log, &d), CYAML_OK);
    assert_int_equal(d->a, 1);
    assert_true(d->b);
    cyaml_free(&cfg, &cy_schema, d, 0);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_full),
    cmocka_unit_test(test_defaults),
    cmocka_unit_test(test_vm_pcpu_default_wraps),
    cmocka_unit_test(test_bare),
    cmocka_unit_test(test_bad_files),
    cmocka_unit_test(test_bad_strings),
    cmocka_unit_test(test_metric_scopes),
    cmocka_unit_test(test_bad_combinations),
    cmocka_unit_test(test_io_errors),
    cmocka_unit_test(test_layout_paths),
    cmocka_unit_test(test_rtl),
    cmocka_unit_test(test_names),
    cmocka_unit_test(test_aliases),
    cmocka_unit_test(test_doc_lists_every_name),
    cmocka_unit_test(test_libcyaml_facts),
};

int main(void)
{
    return cmocka_run_group_tests_name("scenario", tests, NULL, NULL);
}
