/* SPDX-License-Identifier: MIT */
/*
 * test_matrix.c - the matrix registry (harness/matrix.h): the exact text a
 * cell is composed to, the cells and expectations of scenarios/matrix.yaml,
 * one exact "FILE:LINE:COLUMN: error: MESSAGE" per bad registry (the
 * registry's own keys and a composed cell's), and the built-in suite's
 * order.
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

#include "harness/matrix.h"

#define REGISTRY IMSLAB_SOURCE_DIR "/scenarios/matrix.yaml"

static const char small[] =
    "imslab-matrix: 1\n"                                        /* 1 */
    "title: small\n"
    "body:\n"
    "  duration_us: 100\n"
    "  devices:\n"                                              /* 5 */
    "    - {name: d0, bdf: \"01:00.0\"}\n"
    "  vms:\n"
    "    - {name: vm0, vcpus: 1}\n"
    "  assign:\n"
    "    - {device: d0, vm: vm0}\n"                             /* 10 */
    "  workload:\n"
    "    - {device: d0, rate_hz: 100000, arrivals: periodic}\n"
    "rows:\n"
    "  - name: trap\n"
    "    vmm: {personality: kvm}\n"                             /* 15 */
    "  - name: host\n"
    "    vmm: {personality: bare}\n"
    "    scenario: {vms: ~, assign: [{vm: ~, mode: ~}]}\n"
    "guests: [linux-6.2, legacy]\n"
    "columns:\n"                                                /* 20 */
    "  - {device: msix, assignment: passthrough}\n"
    "  - {device: idxd, assignment: composed, scenario: {devices: [{adis: 2}]}}\n"
    "exclude:\n"
    "  - {rows: host, assignments: composed}\n"
    "  - {rows: [host], guests: [legacy]}\n"                    /* 25 */
    "expect:\n"
    "  - {rule: T-01, metric: lost, value: 0, except: {guests: legacy}}\n"
    "  - {rule: T-03, metric: raised, op: gt, value: 0, only: {rows: host}}\n"
    "outcomes:\n"
    "  rule: T-02\n"                                            /* 30 */
    "  table:\n"
    "    trap:\n"
    "      linux-6.2: [delivered, delivered]\n"
    "      legacy:    [delivered, delivered]\n"
    "    host:\n"                                               /* 35 */
    "      linux-6.2: [delivered, -]\n";

static struct hx_matrix *load_small(const char *text)
{
    struct hx_matrix *m = NULL;
    char err[1024] = "";
    int rc = hx_matrix_load_string("t.yaml", text, strlen(text), &m, err, sizeof(err));

    if (rc)
        fail_msg("rc %d: %s", rc, err);
    assert_non_null(m);
    return m;
}

/* Replace the first @from in small[] by @to and expect @msg. */
static void expect_error(const char *from, const char *to, const char *msg)
{
    char text[sizeof(small) + 256];
    const char *p = strstr(small, from);
    struct hx_matrix *m = (struct hx_matrix *)1;
    char err[1024] = "";
    int rc;

    assert_non_null(p);
    snprintf(text, sizeof(text), "%.*s%s%s", (int)(p - small), small, to, p + strlen(from));
    rc = hx_matrix_load_string("t.yaml", text, strlen(text), &m, err, sizeof(err));
    assert_int_equal(rc, -EINVAL);
    assert_null(m);
    assert_string_equal(err, msg);
}

/* ---- composition -------------------------------------------------------------- */

static void test_cells(void **state)
{
    struct hx_matrix *m = load_small(small);
    static const char *const names[] = {
        "m-trap-linux-6.2-msix-passthrough", "m-trap-linux-6.2-idxd-composed",
        "m-trap-legacy-msix-passthrough", "m-trap-legacy-idxd-composed",
        "m-host-linux-6.2-msix-passthrough",
    };
    const struct hx_matrix_cell *c;

    (void)state;
    assert_int_equal(hx_matrix_ncells(m), 5);
    for (size_t i = 0; i < 5; i++)
        assert_string_equal(hx_matrix_cell(m, i)->name, names[i]);
    assert_null(hx_matrix_cell(m, 5));
    c = hx_matrix_cell(m, 3);
    assert_string_equal(c->row, "trap");
    assert_string_equal(c->guest, "legacy");
    assert_string_equal(c->device, "idxd");
    assert_string_equal(c->assignment, "composed");
    assert_int_equal(c->outcome, HX_SCN_OUTCOME_DELIVERED);
    hx_matrix_free(m);
}

static void test_text(void **state)
{
    struct hx_matrix *m = load_small(small);
    char *t;

    (void)state;
    assert_int_equal(hx_matrix_text(m, 1, &t), 0);
    assert_string_equal(t,
        "imslab: 1\n"
        "name: m-trap-linux-6.2-idxd-composed\n"
        "description: \"small: trap x linux-6.2 x idxd/composed\"\n"
        "duration_us: 100\n"
        "devices:\n"
        "  -\n"
        "    name: d0\n"
        "    bdf: \"01:00.0\"\n"
        "    model: idxd\n"
        "    adis: 2\n"
        "vms:\n"
        "  -\n"
        "    name: vm0\n"
        "    vcpus: 1\n"
        "    guest: linux-6.2\n"
        "assign:\n"
        "  -\n"
        "    device: d0\n"
        "    vm: vm0\n"
        "    mode: composed\n"
        "workload:\n"
        "  -\n"
        "    device: d0\n"
        "    rate_hz: 100000\n"
        "    arrivals: periodic\n"
        "vmm:\n"
        "  personality: kvm\n"
        "expect:\n"
        "  -\n"
        "    rule: T-01\n"
        "    metric: lost\n"
        "    value: 0\n"
        "  -\n"
        "    rule: T-02\n"
        "    metric: outcome\n"
        "    value: delivered\n");
    free(t);
    /* the bare row's patch removes the VM and the assignment's VM and mode */
    assert_int_equal(hx_matrix_text(m, 4, &t), 0);
    assert_non_null(strstr(t, "assign:\n  -\n    device: d0\nworkload:\n"));
    assert_null(strstr(t, "vms:"));
    assert_non_null(strstr(t, "vmm:\n  personality: bare\n"));
    free(t);
    assert_int_equal(hx_matrix_text(m, 5, &t), -EINVAL);
    hx_matrix_free(m);
}

static void test_scenarios(void **state)
{
    struct hx_matrix *m = load_small(small);
    const struct hx_scenario *s;
    struct hx_scenario *own;

    (void)state;
    /* trap, legacy, msix: T-01 is not for legacy guests; the outcome is last */
    s = hx_matrix_scenario(m, 2);
    assert_string_equal(s->name, "m-trap-legacy-msix-passthrough");
    assert_string_equal(s->source, "t.yaml");
    assert_int_equal(s->vmm.personality, VMM_KVM);
    assert_int_equal(s->vms[0].guest, GUEST_POLICY_LEGACY);
    assert_int_equal(s->devices[0].model, SIOV_KIND_MSIX);
    assert_int_equal(s->devices[0].adis, 1);
    assert_int_equal(s->nexpects, 1);
    assert_string_equal(s->expects[0].rule, "T-02");
    assert_int_equal(s->expects[0].metric, HX_SCN_METRIC_OUTCOME);
    assert_int_equal(s->expects[0].outcome, HX_SCN_OUTCOME_DELIVERED);
    /* host: bare metal, the host VM, T-01, T-03 (only host), then T-02 */
    s = hx_matrix_scenario(m, 4);
    assert_int_equal(s->vmm.personality, VMM_BARE);
    assert_int_equal(s->nvms, 1);
    assert_true(s->vms[0].host);
    assert_int_equal(s->assigns[0].vcpu, 0);
    assert_int_equal(s->nexpects, 3);
    assert_string_equal(s->expects[0].rule, "T-01");
    assert_string_equal(s->expects[1].rule, "T-03");
    assert_int_equal(s->expects[1].op, HX_SCN_OP_GT);
    assert_string_equal(s->expects[2].rule, "T-02");
    own = hx_matrix_take(m, 4);
    assert_ptr_equal(own, s);
    assert_null(hx_matrix_take(m, 4));
    assert_null(hx_matrix_scenario(m, 4));
    hx_scn_free(own);
    hx_matrix_free(m);
}

/* ---- the seed matrix ------------------------------------------------------------- */

static const struct hx_scenario *find(const struct hx_matrix *m, const char *name,
                                      const struct hx_matrix_cell **cell)
{
    for (size_t i = 0; i < hx_matrix_ncells(m); i++) {
        if (!strcmp(hx_matrix_cell(m, i)->name, name)) {
            *cell = hx_matrix_cell(m, i);
            return hx_matrix_scenario(m, i);
        }
    }
    fail_msg("no cell %s", name);
    return NULL;
}

static void expect_rules(const struct hx_scenario *s, const char *const *rules, size_t n)
{
    assert_int_equal(s->nexpects, n);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(s->expects[i].rule, rules[i]);
}

static void test_seed_matrix(void **state)
{
    static const char *const common[] = {
        "E2E-SEED-04", "E2E-SEED-05", "E2E-SEED-07", "E2E-SEED-01", "E2E-SEED-02",
        "E2E-SEED-03", "E2E-SEED-08",
    };
    static const char *const silent[] = {
        "E2E-SEED-04", "E2E-SEED-05", "E2E-SEED-07", "E2E-SEED-06", "E2E-SEED-08",
    };
    static const char *const trusting[] = {
        "E2E-SEED-04", "E2E-SEED-05", "E2E-SEED-07", "E2E-SEED-08",
    };
    const struct hx_matrix_cell *c;
    const struct hx_scenario *s;
    struct hx_matrix *m = NULL;
    char err[1024] = "";
    size_t n[HX_SCN_OUTCOME__COUNT] = { 0 };

    (void)state;
    assert_int_equal(hx_matrix_load(REGISTRY, &m, err, sizeof(err)), 0);
    /* 7 rows x 4 guests x 5 columns, less bare's 3 other guests and its
     * composed columns, less every msix/composed */
    assert_int_equal(hx_matrix_ncells(m), 123);
    assert_string_equal(hx_matrix_cell(m, 0)->name, "m-bare-linux-6.2-idxd-passthrough");
    for (size_t i = 0; i < hx_matrix_ncells(m); i++)
        n[hx_matrix_cell(m, i)->outcome]++;
    assert_int_equal(n[HX_SCN_OUTCOME_DELIVERED], 80);
    assert_int_equal(n[HX_SCN_OUTCOME_REFUSED_FALLBACK], 39);
    assert_int_equal(n[HX_SCN_OUTCOME_NOT_EMULATABLE], 0);
    assert_int_equal(n[HX_SCN_OUTCOME_SILENT_FAILURE], 4);

    s = find(m, "m-bare-linux-6.2-msix-passthrough", &c);
    assert_int_equal(s->vmm.personality, VMM_BARE);
    assert_true(s->vms[0].host);
    assert_int_equal(s->devices[0].adis, 1);
    assert_int_equal(s->seed, 7);
    assert_int_equal(s->duration_us, 200);
    expect_rules(s, common, 7);
    assert_int_equal(s->expects[6].outcome, HX_SCN_OUTCOME_DELIVERED);

    s = find(m, "m-old-vmm-viommu-trusts-cap-mlx5-passthrough", &c);
    assert_int_equal(s->vmm.cap, VMM_CAP_ALWAYS);
    assert_true(s->vmm.viommu);
    assert_int_equal(s->vms[0].guest, GUEST_POLICY_TRUSTS_CAP);
    assert_int_equal(s->assigns[0].vcpu, 1);
    assert_int_equal(s->devices[0].adis, 2);
    expect_rules(s, silent, 5);
    assert_int_equal(s->expects[3].outcome, HX_SCN_OUTCOME_SILENT_FAILURE);
    assert_int_equal(s->expects[4].outcome, HX_SCN_OUTCOME_SILENT_FAILURE);

    s = find(m, "m-old-vmm-trusts-cap-idxd-composed", &c);
    assert_int_equal(s->assigns[0].mode, VMM_ASSIGN_COMPOSED);
    expect_rules(s, trusting, 4);
    assert_int_equal(c->outcome, HX_SCN_OUTCOME_DELIVERED);

    s = find(m, "m-kvm-emulate-linux-6.2-mlx5-passthrough", &c);
    assert_int_equal(s->vmm.ims, VMM_IMS_EMULATE);
    expect_rules(s, common, 7);
    assert_int_equal(s->expects[6].outcome, HX_SCN_OUTCOME_REFUSED_FALLBACK);
    hx_matrix_free(m);
}

/* ---- errors ----------------------------------------------------------------------- */

static void test_errors(void **state)
{
    (void)state;
    expect_error("title:", "titel:",
                 "t.yaml:2:1: error: titel: unknown key 'titel' (expected imslab-matrix, "
                 "title, body, rows, guests, columns, exclude, expect, outcomes)");
    expect_error("imslab-matrix: 1", "imslab-matrix: 2",
                 "t.yaml:1:16: error: imslab-matrix: unsupported format version 2 (this "
                 "imslab reads version 1)");
    expect_error("  duration_us: 100\n", "  duration_us: 100\n  name: x\n",
                 "t.yaml:5:3: error: body.name: 'name' is not part of the body: the "
                 "registry gives it for each cell");
    expect_error("rows: [host], guests", "rows: [hots], guests",
                 "t.yaml:25:13: error: exclude[1].rows[0]: no row 'hots' in this registry");
    expect_error("linux-6.2: [delivered, -]", "linux-6.2: [delivered, delivered]",
                 "t.yaml:36:30: error: outcomes.table.host.linux-6\\.2[1]: this cell is "
                 "excluded (by the entry at 24:5): write -");
    expect_error("legacy:    [delivered, delivered]", "legacy:    [delivered, -]",
                 "t.yaml:34:30: error: outcomes.table.trap.legacy[1]: this cell is not "
                 "excluded: give its outcome class");
    expect_error("legacy:    [delivered, delivered]", "legacy:    [delivered]",
                 "t.yaml:34:18: error: outcomes.table.trap.legacy: 1 classes for 2 columns");
    expect_error("legacy:    [delivered, delivered]", "legacy:    [delivered, fine]",
                 "t.yaml:34:30: error: outcomes.table.trap.legacy[1]: 'fine' is not an "
                 "outcome class (expected delivered, misrouted, faulted, lost, "
                 "refused-fallback, silent-failure, not-emulatable, mixed, no-pair, leaked)");
    expect_error("  - name: host\n", "  - name: trap\n",
                 "t.yaml:16:11: error: rows[1].name: 'trap' is given twice (first at 14:11)");
    expect_error("    scenario: {vms: ~,", "    scenario: {vms: [~],",
                 "t.yaml:18:22: error: rows[1].scenario.vms[0]: a patch cannot remove a "
                 "sequence entry (write {} to leave it as it is)");
    /* a composed cell's error is reported at the registry node its line came from */
    expect_error("personality: kvm}", "personality: kvmx}",
                 "t.yaml:15:24: error: cell m-trap-linux-6.2-msix-passthrough: "
                 "vmm.personality: invalid value 'kvmx' (expected one of: bare, kvm, "
                 "hyperv)");
    expect_error("rate_hz: 100000", "rate_hz: \"100000\"",
                 "t.yaml:12:29: error: cell m-trap-linux-6.2-msix-passthrough: "
                 "workload[0].rate_hz: expected an unsigned integer, got the string "
                 "\"100000\"");
    expect_error("value: 0, except", "value: -1, except",
                 "t.yaml:27:39: error: cell m-trap-linux-6.2-msix-passthrough: "
                 "expect[0].value: must not be negative (got -1)");
    expect_error("{device: msix,", "{device: msx,",
                 "t.yaml:21:14: error: cell m-trap-linux-6.2-msx-passthrough: "
                 "devices[0].model: invalid value 'msx' (expected one of: idxd, mlx5, "
                 "msix)");
}

static void test_is_registry(void **state)
{
    static const char scn[] = "imslab: 1\nname: x\n";

    (void)state;
    assert_true(hx_matrix_is_registry(small, strlen(small)));
    assert_false(hx_matrix_is_registry(scn, strlen(scn)));
    assert_false(hx_matrix_is_registry("a: [", 4));
    assert_false(hx_matrix_is_registry("- imslab-matrix", 15));
}

/* ---- suites ----------------------------------------------------------------------- */

static void test_builtin_suite(void **state)
{
    struct hx_suite s = { 0 };
    size_t cells = 0;

    (void)state;
    assert_int_equal(hx_suite_builtin(&s, IMSLAB_SOURCE_DIR "/scenarios", stderr), 0);
    /* 40 files, 123 seed cells, 87 lifecycle cells */
    assert_int_equal(s.n, 250);
    assert_string_equal(s.v[0].scn->name, "bare-idxd");
    assert_string_equal(s.v[19].scn->name, "kvm-bypass-switch-msix");
    assert_string_equal(s.v[38].scn->name, "kvm-msix-trap");
    assert_string_equal(s.v[39].scn->name, "kvm-overcommit-2vm-idxd");
    /* "kvm-overcommit-2vm-idxd.yaml" < "m-bare-...yaml"; the cells of both
     * registries follow in name order */
    assert_string_equal(s.v[40].scn->name, "m-bare-late-flush-linux-6.2-idxd-passthrough");
    assert_string_equal(s.v[40].cell->row, "bare-late-flush");
    assert_string_equal(s.v[43].scn->name, "m-bare-linux-6.2-idxd-passthrough");
    assert_string_equal(s.v[43].label, REGISTRY " (cell m-bare-linux-6.2-idxd-passthrough)");
    assert_string_equal(s.v[43].cell->row, "bare");
    for (size_t i = 0; i < s.n; i++) {
        cells += s.v[i].cell != NULL;
        if (i > 0) {
            char a[80], b[80];

            snprintf(a, sizeof(a), "%s.yaml", s.v[i - 1].scn->name);
            snprintf(b, sizeof(b), "%s.yaml", s.v[i].scn->name);
            assert_true(strcmp(a, b) < 0);
        }
    }
    assert_int_equal(cells, 210);
    assert_string_equal(s.v[249].scn->name, "m-trap-vector-trusts-cap-msix-passthrough");
    hx_suite_free(&s);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");

    assert_non_null(f);
    assert_int_equal(fputs(text, f) >= 0, 1);
    assert_int_equal(fclose(f), 0);
}

static void test_suite_name_clash(void **state)
{
    char dir[] = "/tmp/imslab-test-matrix-XXXXXX", p[256], q[256], out[2048] = "";
    struct hx_suite s = { 0 };
    FILE *errs = fmemopen(out, sizeof(out) - 1, "w");

    (void)state;
    assert_non_null(errs);
    assert_non_null(mkdtemp(dir));
    snprintf(p, sizeof(p), "%s/small.yaml", dir);
    snprintf(q, sizeof(q), "%s/m-host-linux-6.2-msix-passthrough.yaml", dir);
    write_file(p, small);
    write_file(q, "imslab: 1\nname: x\nduration_us: 10\nvmm: {personality: bare}\n"
                  "devices: [{name: d, model: msix, bdf: \"01:00.0\"}]\n"
                  "assign: [{device: d}]\n");
    assert_int_equal(hx_suite_builtin(&s, dir, errs), -EINVAL);
    fclose(errs);
    if (!strstr(out, "has the name"))
        fail_msg("%s", out);
    assert_non_null(strstr(out, "small.yaml: error: the cell "
                                "m-host-linux-6.2-msix-passthrough has the name of the "
                                "scenario file "));
    /* both files loaded: 5 cells and the file, the clash sorted together */
    assert_int_equal(s.n, 6);
    hx_suite_free(&s);
    /* given as files, the registry's cells come in registry order */
    assert_int_equal(hx_suite_add_file(&s, q, out, sizeof(out)), 0);
    assert_int_equal(hx_suite_add_file(&s, p, out, sizeof(out)), 0);
    assert_int_equal(s.n, 6);
    assert_null(s.v[0].cell);
    assert_string_equal(s.v[1].scn->name, "m-trap-linux-6.2-msix-passthrough");
    hx_suite_free(&s);
    unlink(p);
    unlink(q);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cells),
        cmocka_unit_test(test_text),
        cmocka_unit_test(test_scenarios),
        cmocka_unit_test(test_seed_matrix),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_is_registry),
        cmocka_unit_test(test_builtin_suite),
        cmocka_unit_test(test_suite_name_clash),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
