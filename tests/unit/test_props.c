/* SPDX-License-Identifier: MIT */
/*
 * test_props.c - the models' property tables (models/props.h): storage by
 * field size and range, the tables' shape, every row of every table bound
 * by the scenario loader into the model's own struct (so a row added to a
 * table is a key of the format with no other change), and
 * docs/scenario-format.md against the tables in both directions.
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

#include <cmocka.h>

#include "harness/scenario.h"
#include "models/props.h"

#ifndef IMSLAB_SOURCE_DIR
#error "IMSLAB_SOURCE_DIR must name the source tree"
#endif

/* ---- storage ------------------------------------------------------------- */

struct demo {
    bool flag;
    uint32_t count;
    uint64_t big;
    int mode;
    bool two;
};

static const char *const demo_names[] = { "off", "on", "auto" };
static const struct prop_enum demo_enum = { demo_names, 3 };
static const char *const two_names[] = { "none", "some" };
static const struct prop_enum two_enum = { two_names, 2 };

static const struct prop_desc demo_descs[] = {
    PROP_ROW_BOOL(struct demo, flag, "flag", 1, "a flag"),
    PROP_ROW_U32(struct demo, count, "count", 2, 100, 7, "a count"),
    { .name = "big", .type = PROP_U64, .offset = offsetof(struct demo, big),
      .size = 8, .min = 0, .max = UINT64_MAX, .def = UINT64_C(1) << 40,
      .doc = "a big one" },
    PROP_ROW_ENUM(struct demo, mode, "mode", &demo_enum, 2, "a mode"),
    PROP_ROW_ENUM(struct demo, two, "two", &two_enum, 0, "an enum in a bool"),
};

static const struct prop_table demo_props = {
    .section = "demo", .descs = demo_descs, .n = 5, .size = sizeof(struct demo),
};

static void test_store(void **state)
{
    struct demo d;
    char buf[32];
    unsigned v = 99, bad = 99;

    (void)state;
    memset(&d, 0xa5, sizeof(d));
    prop_defaults(&demo_props, &d);
    assert_true(d.flag);
    assert_int_equal(d.count, 7);
    assert_true(d.big == UINT64_C(1) << 40);
    assert_int_equal(d.mode, 2);
    assert_false(d.two);
    assert_int_equal(prop_table_valid(&demo_props, &bad), 0);

    assert_int_equal(prop_store(&demo_descs[1], &d, 1), -ERANGE);
    assert_int_equal(prop_store(&demo_descs[1], &d, 101), -ERANGE);
    assert_int_equal(d.count, 7);
    assert_int_equal(prop_store(&demo_descs[1], &d, 100), 0);
    assert_int_equal(prop_load(&demo_descs[1], &d), 100);
    assert_int_equal(prop_store(&demo_descs[2], &d, UINT64_MAX), 0);
    assert_true(d.big == UINT64_MAX);
    assert_int_equal(prop_store(&demo_descs[3], &d, 3), -ERANGE);
    assert_int_equal(prop_store(&demo_descs[4], &d, 1), 0);
    assert_true(d.two);
    assert_int_equal(prop_load(&demo_descs[4], &d), 1);
    assert_int_equal(prop_store(&demo_descs[0], &d, 0), 0);
    assert_false(d.flag);

    assert_int_equal(prop_enum_parse(&demo_enum, "auto", &v), 0);
    assert_int_equal(v, 2);
    assert_int_equal(prop_enum_parse(&demo_enum, "Auto", &v), -ENOENT);
    assert_string_equal(prop_enum_name(&demo_enum, 1), "on");
    assert_string_equal(prop_enum_name(&demo_enum, 3), "?");
    prop_format(&demo_descs[0], 1, buf, sizeof(buf));
    assert_string_equal(buf, "true");
    prop_format(&demo_descs[2], UINT64_C(1) << 40, buf, sizeof(buf));
    assert_string_equal(buf, "1099511627776");
    prop_format(&demo_descs[3], 0, buf, sizeof(buf));
    assert_string_equal(buf, "off");
    assert_ptr_equal(prop_find(&demo_props, "mode"), &demo_descs[3]);
    assert_null(prop_find(&demo_props, "Mode"));
    assert_string_equal(prop_type_name(PROP_U64), "integer");
    prop_doc_default(&demo_descs[3], buf, sizeof(buf));
    assert_string_equal(buf, "`auto`");
    prop_doc_values(&demo_descs[3], buf, sizeof(buf));
    assert_string_equal(buf, "`off`, `on`, `auto`");
    prop_doc_values(&demo_descs[1], buf, sizeof(buf));
    assert_string_equal(buf, "2 .. 100");
    prop_doc_values(&demo_descs[0], buf, sizeof(buf));
    assert_string_equal(buf, "");
    prop_doc_default(&ir_setup_props.descs[2], buf, sizeof(buf));
    assert_string_equal(buf, "`65536`");
    prop_doc_values(&ir_setup_props.descs[2], buf, sizeof(buf));
    assert_string_equal(buf, "power of two, 2 .. 65536");
    prop_doc_default(&vmm_props.descs[0], buf, sizeof(buf));
    assert_string_equal(buf, "required");
}

static void test_invalid_tables(void **state)
{
    struct prop_desc bad_descs[2] = {
        PROP_ROW_U32(struct demo, count, "count", 2, 100, 7, "a count"),
        PROP_ROW_U32(struct demo, count, "count", 2, 100, 7, "again"),
    };
    struct prop_table t = { .section = "x", .descs = bad_descs, .n = 2,
                            .size = sizeof(struct demo) };
    unsigned bad = 99;

    (void)state;
    assert_int_equal(prop_table_valid(&t, &bad), -EINVAL);   /* duplicate */
    assert_int_equal(bad, 1);
    bad_descs[1].name = "other";
    assert_int_equal(prop_table_valid(&t, &bad), 0);
    bad_descs[1].def = 1;                                     /* < min */
    assert_int_equal(prop_table_valid(&t, &bad), -EINVAL);
    assert_int_equal(bad, 1);
    bad_descs[1].def = 7;
    bad_descs[0].size = 8;                                    /* not a u32 */
    assert_int_equal(prop_table_valid(&t, &bad), -EINVAL);
    assert_int_equal(bad, 0);
}

/* ---- the models' tables -------------------------------------------------- */

/* Every table the scenario loader binds (cfg_of(): where its struct is). */
#define tables (hx_scn_knob_tables(NULL))

static unsigned ntables(void)
{
    unsigned n = 0;

    (void)hx_scn_knob_tables(&n);
    return n;
}

static void *cfg_of(struct hx_scenario *s, const struct prop_table *t)
{
    if (t == &platform_props)
        return &s->platform;
    if (t == &ir_setup_props)
        return &s->platform.iommu;
    if (t == &vmm_props)
        return &s->vmm;
    fail_msg("table %s is not bound", t->section);
    return NULL;
}

static void test_tables_valid(void **state)
{
    (void)state;
    for (size_t i = 0; i < ntables(); i++) {
        unsigned bad = 99;

        if (prop_table_valid(tables[i], &bad))
            fail_msg("%s: row %u is malformed", tables[i]->section, bad);
    }
    assert_int_equal(ntables(), 3);
    assert_ptr_equal(tables[0], &platform_props);
    assert_ptr_equal(tables[1], &ir_setup_props);
    assert_ptr_equal(tables[2], &vmm_props);
    assert_int_equal(vmm_props.n, 13);
    assert_int_equal(ir_setup_props.n, 9);
    assert_int_equal(platform_props.n, 4);
}

/* A scenario with @key: @value in @section (one of the bound ones). */
static void scenario_with(char *buf, size_t n, const char *section,
                          const char *key, const char *value)
{
    char plat[160] = "", vmm[128] = "";

    if (!strcmp(section, "platform"))
        snprintf(plat, sizeof(plat), "platform:\n  %s: %s\n", key, value);
    else if (!strcmp(section, "platform.iommu"))
        snprintf(plat, sizeof(plat), "platform:\n  iommu:\n    %s: %s\n",
                 key, value);
    else if (!strcmp(key, "viommu_cm_report"))    /* needs a vIOMMU */
        snprintf(vmm, sizeof(vmm), "  viommu: caching-mode\n  %s: %s\n", key,
                 value);
    else if (strcmp(key, "personality"))
        snprintf(vmm, sizeof(vmm), "  %s: %s\n", key, value);
    snprintf(buf, n,
             "imslab: 1\nname: t\nduration_us: 10\n%s"
             "vmm:\n  personality: %s\n%s"
             "devices:\n  - { name: d0, model: idxd, bdf: \"00:01.0\" }\n"
             "vms:\n  - { name: vm0, vcpus: 1 }\n"
             "assign:\n  - { device: d0, vm: vm0 }\n",
             plat, !strcmp(key, "personality") ? value : "kvm", vmm);
}

/*
 * Each row of each table, written with each of a few values (every name
 * of an enum, both booleans, the bounds and the default of a number), is
 * a key the loader takes and stores in the model's struct.  A value that
 * a cross-knob rule refuses is refused for that, never as an unknown key;
 * every row takes at least one.
 */
static void test_every_row_bound(void **state)
{
    (void)state;
    for (size_t i = 0; i < ntables(); i++) {
        const struct prop_table *t = tables[i];

        for (unsigned r = 0; r < t->n; r++) {
            const struct prop_desc *d = &t->descs[r];
            uint64_t cand[8];
            unsigned nc = 0, ok = 0;

            if (d->type == PROP_ENUM) {
                for (unsigned k = 0; k < d->names->n && nc < 8; k++)
                    cand[nc++] = k;
            } else {
                cand[nc++] = d->min;
                cand[nc++] = d->max;
                cand[nc++] = d->def;
            }
            for (unsigned k = 0; k < nc; k++) {
                struct hx_scenario *s = NULL;
                char yaml[1024], val[64], err[512] = "";

                prop_format(d, cand[k], val, sizeof(val));
                scenario_with(yaml, sizeof(yaml), t->section, d->name, val);
                if (hx_scn_load_string("t.yaml", yaml, strlen(yaml), &s, err,
                                       sizeof(err))) {
                    if (strstr(err, "unknown key"))
                        fail_msg("%s.%s: %s", t->section, d->name, err);
                    continue;
                }
                if (prop_load(d, cfg_of(s, t)) != cand[k])
                    fail_msg("%s.%s: %s not stored", t->section, d->name, val);
                ok++;
                hx_scn_free(s);
            }
            if (!ok)
                fail_msg("%s.%s: no value is accepted", t->section, d->name);
        }
    }
}

/* ---- docs/scenario-format.md --------------------------------------------- */

#define MAX_LINES 2048
#define MAX_CELLS 8

struct doc {
    char *text;
    char *line[MAX_LINES];
    unsigned n;
};

static void doc_load(struct doc *dc)
{
    FILE *f = fopen(IMSLAB_SOURCE_DIR "/docs/scenario-format.md", "r");
    long len;
    char *p;

    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    len = ftell(f);
    assert_true(len > 0);
    rewind(f);
    dc->text = calloc(1, (size_t)len + 1);
    assert_non_null(dc->text);
    assert_int_equal(fread(dc->text, 1, (size_t)len, f), (size_t)len);
    fclose(f);
    dc->n = 0;
    for (p = dc->text; p && *p && dc->n < MAX_LINES;) {
        char *nl = strchr(p, '\n');

        dc->line[dc->n++] = p;
        if (nl)
            *nl++ = '\0';
        p = nl;
    }
}

/* Split a table row "| a | b |" into trimmed cells; their number. */
static unsigned cells(const char *row, char out[MAX_CELLS][512])
{
    unsigned n = 0;
    const char *p = row + 1;

    while (*p && n < MAX_CELLS) {
        const char *q = strchr(p, '|');
        size_t l;

        if (!q)
            break;
        while (p < q && *p == ' ')
            p++;
        l = (size_t)(q - p);
        while (l && p[l - 1] == ' ')
            l--;
        if (l >= 512)
            l = 511;
        memcpy(out[n], p, l);
        out[n++][l] = '\0';
        p = q + 1;
    }
    return n;
}

/* The knob table of the section headed "## `@section`" (or ###). */
struct knob_table {
    int key, type, def, values;      /* column indexes */
    unsigned first, end;             /* its rows: line[first .. end-1] */
};

static void find_table(const struct doc *dc, const char *section,
                       struct knob_table *kt)
{
    char h2[128], h3[128], hdr[MAX_CELLS][512];
    unsigned i, nh;

    snprintf(h2, sizeof(h2), "## `%s`", section);
    snprintf(h3, sizeof(h3), "### `%s`", section);
    for (i = 0; i < dc->n; i++)
        if (!strcmp(dc->line[i], h2) || !strcmp(dc->line[i], h3))
            break;
    if (i == dc->n)
        fail_msg("docs/scenario-format.md has no section `%s`", section);
    while (i < dc->n && dc->line[i][0] != '|')
        i++;
    assert_true(i + 2 < dc->n);
    nh = cells(dc->line[i], hdr);
    *kt = (struct knob_table){ -1, -1, -1, -1, i + 2, i + 2 };
    for (unsigned c = 0; c < nh; c++) {
        if (!strcmp(hdr[c], "key"))
            kt->key = (int)c;
        else if (!strcmp(hdr[c], "type"))
            kt->type = (int)c;
        else if (!strcmp(hdr[c], "default"))
            kt->def = (int)c;
        else if (!strcmp(hdr[c], "values") ||
                 !strcmp(hdr[c], "range / values"))
            kt->values = (int)c;
    }
    if (kt->key < 0 || kt->type < 0 || kt->def < 0 || kt->values < 0)
        fail_msg("section `%s`: the table lacks key, type, default or "
                 "values columns", section);
    while (kt->end < dc->n && dc->line[kt->end][0] == '|')
        kt->end++;
}

/* The row of key @key ("`key`"), or -1. */
static int find_row(const struct doc *dc, const struct knob_table *kt,
                    const char *key, char row[MAX_CELLS][512])
{
    char want[128];

    snprintf(want, sizeof(want), "`%s`", key);
    for (unsigned i = kt->first; i < kt->end; i++) {
        cells(dc->line[i], row);
        if (!strcmp(row[kt->key], want))
            return (int)i;
    }
    return -1;
}

static void enum_cell(const struct prop_enum *e, char *buf, size_t n)
{
    const struct prop_desc d = { .type = PROP_ENUM, .names = e };

    prop_doc_values(&d, buf, n);
}

static bool is_section(const char *parent, const char *key)
{
    char full[1100];

    if ((size_t)snprintf(full, sizeof(full), "%s.%s", parent, key) >= sizeof(full))
        return false;
    for (size_t i = 0; i < ntables(); i++)
        if (!strcmp(tables[i]->section, full))
            return true;
    return false;
}

static void test_doc_matches_tables(void **state)
{
    struct doc dc;

    (void)state;
    doc_load(&dc);
    for (size_t i = 0; i < ntables(); i++) {
        const struct prop_table *t = tables[i];
        char row[MAX_CELLS][512], def[512], vals[512];
        struct knob_table kt;

        find_table(&dc, t->section, &kt);
        /* every knob has its row */
        for (unsigned r = 0; r < t->n; r++) {
            const struct prop_desc *d = &t->descs[r];

            if (find_row(&dc, &kt, d->name, row) < 0)
                fail_msg("docs: `%s` has no row for knob `%s`", t->section,
                         d->name);
            prop_doc_default(d, def, sizeof(def));
            prop_doc_values(d, vals, sizeof(vals));
            if (strcmp(row[kt.type], prop_type_name(d->type)))
                fail_msg("docs: %s.%s: type '%s', the table says '%s'",
                         t->section, d->name, row[kt.type],
                         prop_type_name(d->type));
            if (strcmp(row[kt.def], def))
                fail_msg("docs: %s.%s: default '%s', the table says '%s'",
                         t->section, d->name, row[kt.def], def);
            if (strcmp(row[kt.values], vals))
                fail_msg("docs: %s.%s: values '%s', the table says '%s'",
                         t->section, d->name, row[kt.values], vals);
        }
        /* every row is a knob (or a section bound to a table of its own) */
        for (unsigned l = kt.first; l < kt.end; l++) {
            char key[512];
            size_t kl;

            cells(dc.line[l], row);
            kl = strlen(row[kt.key]);
            if (kl < 3 || row[kt.key][0] != '`' || row[kt.key][kl - 1] != '`')
                fail_msg("docs: `%s`: '%s' is not a key", t->section,
                         row[kt.key]);
            snprintf(key, sizeof(key), "%.*s", (int)(kl - 2), row[kt.key] + 1);
            if (!prop_find(t, key) && !(!strcmp(row[kt.type], "mapping") &&
                                        is_section(t->section, key)))
                fail_msg("docs: %s.%s is not a knob of %s", t->section, key,
                         t->section);
        }
    }
    free(dc.text);
}

/* The enum keys of the list sections list the models' names, in order. */
static void test_doc_model_enums(void **state)
{
    static const struct {
        const char *section, *key;
        const struct prop_enum *e;
    } keys[] = {
        { "devices[]", "model", &siov_kind_enum },
        { "vms[]", "guest", &guest_policy_enum },
        { "assign[]", "mode", &vmm_assign_mode_enum },
    };
    struct doc dc;

    (void)state;
    doc_load(&dc);
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        char row[MAX_CELLS][512], vals[512];
        struct knob_table kt;

        find_table(&dc, keys[i].section, &kt);
        if (find_row(&dc, &kt, keys[i].key, row) < 0)
            fail_msg("docs: `%s` has no row `%s`", keys[i].section,
                     keys[i].key);
        enum_cell(keys[i].e, vals, sizeof(vals));
        assert_string_equal(row[kt.type], "enum");
        if (strcmp(row[kt.values], vals))
            fail_msg("docs: %s%s: values '%s', the model says '%s'",
                     keys[i].section, keys[i].key, row[kt.values], vals);
    }
    free(dc.text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_store),
        cmocka_unit_test(test_invalid_tables),
        cmocka_unit_test(test_tables_valid),
        cmocka_unit_test(test_every_row_bound),
        cmocka_unit_test(test_doc_matches_tables),
        cmocka_unit_test(test_doc_model_enums),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
