/* SPDX-License-Identifier: MIT */
/*
 * test_layout.c - the layout descriptor loader: the shipped descriptors
 * load to exact values; every kind of bad input gives one exact
 * "FILE:LINE:COLUMN: error: MESSAGE" at the offending node.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "harness/layout.h"

#define LAYOUTS IMSLAB_SOURCE_DIR "/layouts"

/* layouts/idxd.yaml without its comments: line 1 is imslab-layout. */
static const char base[] =
    "imslab-layout: 1\n"                                        /* 1 */
    "name: idxd\n"                                              /* 2 */
    "storage: mmio\n"                                           /* 3 */
    "entries: 256\n"                                            /* 4 */
    "base: 0x2000\n"                                            /* 5 */
    "stride: 16\n"                                              /* 6 */
    "fields:\n"                                                 /* 7 */
    "  addr_lo:  { offset: 0x0, lsb: 0, width: 32 }\n"          /* 8 */
    "  addr_hi:  { offset: 0x4, lsb: 0, width: 32 }\n"          /* 9 */
    "  data:     { offset: 0x8, lsb: 0, width: 32 }\n"          /* 10 */
    "  mask:     { offset: 0xc, lsb: 0, width: 1 }\n"           /* 11 */
    "  pasid_en: { offset: 0xc, lsb: 3, width: 1 }\n"           /* 12 */
    "  pasid:    { offset: 0xc, lsb: 12, width: 20 }\n"         /* 13 */
    "reset_masked: true\n"                                      /* 14 */
    "pending_on_mask: true\n"                                   /* 15 */
    "update: per-dword\n"                                       /* 16 */
    "mask_for_update: true\n"                                   /* 17 */
    "pasid_check: true\n";                                      /* 18 */

/* Load @base with the first @from replaced by @to; the error text. */
static int load_variant(const char *from, const char *to,
                        struct ims_layout *l, char *err, size_t n)
{
    char buf[2048];
    const char *p = from ? strstr(base, from) : NULL;

    if (from)
        assert_non_null(p);
    if (!p) {
        snprintf(buf, sizeof(buf), "%s", base);
    } else {
        snprintf(buf, sizeof(buf), "%.*s%s%s", (int)(p - base), base, to,
                 p + strlen(from));
    }
    return hx_layout_load_string("l.yaml", buf, strlen(buf), l, err, n);
}

static void expect_error(const char *from, const char *to, const char *want)
{
    struct ims_layout l;
    char err[512];

    assert_int_equal(load_variant(from, to, &l, err, sizeof(err)), -EINVAL);
    assert_string_equal(err, want);
}

static void assert_field(const struct ims_field *f, uint32_t off,
                         unsigned lsb, unsigned width)
{
    assert_true(f->present);
    assert_int_equal(f->offset, off);
    assert_int_equal(f->lsb, lsb);
    assert_int_equal(f->width, width);
}

static void test_idxd_shipped(void **state)
{
    struct ims_layout l;
    char err[512];

    (void)state;
    assert_int_equal(hx_layout_load(LAYOUTS "/idxd.yaml", &l, err,
                                    sizeof(err)), 0);
    assert_string_equal(l.name, "idxd");
    assert_int_equal(l.storage, IMS_STORAGE_MMIO);
    assert_int_equal(l.entries, 256);
    assert_int_equal(l.base, 0x2000);
    assert_int_equal(l.stride, 16);
    assert_field(&l.field[IMS_F_ADDR_LO], 0x0, 0, 32);
    assert_field(&l.field[IMS_F_ADDR_HI], 0x4, 0, 32);
    assert_field(&l.field[IMS_F_DATA], 0x8, 0, 32);
    assert_field(&l.field[IMS_F_MASK], 0xc, 0, 1);
    assert_field(&l.field[IMS_F_PASID_EN], 0xc, 3, 1);
    assert_field(&l.field[IMS_F_PASID], 0xc, 12, 20);
    assert_false(l.field[IMS_F_COMMIT].present);
    assert_true(l.reset_masked);
    assert_true(l.pending_on_mask);
    assert_int_equal(l.update, IMS_UPDATE_PER_DWORD);
    assert_true(l.mask_for_update);
    assert_true(l.pasid_check);
    assert_int_equal(l.cmd_latency, 0);
}

static void test_ref_mlx5_variants(void **state)
{
    struct ims_layout l;
    char err[512];

    (void)state;
    assert_int_equal(hx_layout_load(LAYOUTS "/ref.yaml", &l, err,
                                    sizeof(err)), 0);
    assert_int_equal(l.base, 0);
    assert_int_equal(l.entries, 64);
    assert_field(&l.field[IMS_F_PASID], 0xc, 12, 20);

    assert_int_equal(hx_layout_load(LAYOUTS "/mlx5.yaml", &l, err,
                                    sizeof(err)), 0);
    assert_int_equal(l.storage, IMS_STORAGE_HOSTMEM);
    assert_int_equal(l.stride, 32);
    assert_int_equal(l.update, IMS_UPDATE_ON_COMMIT);
    assert_int_equal(l.cmd_latency, 10000);
    assert_field(&l.field[IMS_F_MASK], 0xc, 1, 1);

    assert_int_equal(hx_layout_load(LAYOUTS "/idxd-on-data.yaml", &l, err,
                                    sizeof(err)), 0);
    assert_int_equal(l.update, IMS_UPDATE_ON_DATA);
    assert_false(l.mask_for_update);
    assert_int_equal(hx_layout_load(LAYOUTS "/idxd-on-commit.yaml", &l, err,
                                    sizeof(err)), 0);
    assert_int_equal(l.update, IMS_UPDATE_ON_COMMIT);
    assert_field(&l.field[IMS_F_COMMIT], 0xc, 1, 1);
    assert_int_equal(hx_layout_load(LAYOUTS "/idxd-no-pending.yaml", &l, err,
                                    sizeof(err)), 0);
    assert_false(l.pending_on_mask);
    /* defaults: update per-dword, pasid_check follows the PASID fields */
    assert_int_equal(l.update, IMS_UPDATE_PER_DWORD);
    assert_true(l.pasid_check);
    assert_true(l.reset_masked);
}

static void test_defaults(void **state)
{
    static const char y[] =
        "imslab-layout: 1\nname: min\nentries: 1\nstride: 8\nfields:\n"
        "  addr_lo: { offset: 0, width: 32 }\n"
        "  data: { offset: 4, width: 32 }\n"
        "  mask: { offset: 0, lsb: 0, width: 1 }\n";
    struct ims_layout l;
    char err[512];

    (void)state;
    /* addr_lo and mask share register 0: they overlap at bit 0 */
    assert_int_equal(hx_layout_load_string("m.yaml", y, sizeof(y) - 1, &l,
                                           err, sizeof(err)), -EINVAL);
    assert_string_equal(err, "m.yaml:8:9: error: fields.mask: mask overlaps "
                        "addr_lo (register 0x0, bits 0x00000001)");
}

static void test_minimal(void **state)
{
    static const char y[] =
        "imslab-layout: 1\nname: min\nentries: 1\nstride: 12\nfields:\n"
        "  addr_lo: { offset: 0, width: 32 }\n"
        "  data: { offset: 4, width: 32 }\n"
        "  mask: { offset: 8, width: 1 }\n";
    struct ims_layout l;
    char err[512];

    (void)state;
    assert_int_equal(hx_layout_load_string("m.yaml", y, sizeof(y) - 1, &l,
                                           err, sizeof(err)), 0);
    assert_int_equal(l.storage, IMS_STORAGE_MMIO);
    assert_int_equal(l.base, 0);
    assert_false(l.field[IMS_F_ADDR_HI].present);
    assert_false(l.pasid_check);
    assert_true(l.reset_masked);
    assert_true(l.pending_on_mask);
    assert_true(l.mask_for_update);
    assert_int_equal(l.update, IMS_UPDATE_PER_DWORD);
}

static void test_bad_fields(void **state)
{
    (void)state;
    expect_error("lsb: 0, width: 1 }", "lsb: 0, width: 2 }",
                 "l.yaml:11:43: error: fields.mask.width: mask must be 1 bit "
                 "wide (got 2)");
    expect_error("lsb: 12, width: 20", "lsb: 2, width: 20",
                 "l.yaml:13:13: error: fields.pasid: pasid overlaps pasid_en "
                 "(register 0xc, bits 0x00000008)");
    expect_error("lsb: 12, width: 20", "lsb: 12, width: 21",
                 "l.yaml:13:44: error: fields.pasid.width: pasid must be "
                 "1..20 bits wide (got 21)");
    expect_error("offset: 0x8, lsb: 0", "offset: 0x10, lsb: 0",
                 "l.yaml:10:23: error: fields.data.offset: offset 0x10 is "
                 "outside the entry (stride 16: registers at 0x0..0xc)");
    expect_error("offset: 0x8, lsb: 0", "offset: 0x6, lsb: 0",
                 "l.yaml:10:23: error: fields.data.offset: offset 0x6 is not "
                 "a multiple of 4 (fields are bits of 32-bit registers)");
    expect_error("  data:     { offset: 0x8, lsb: 0, width: 32 }\n", "",
                 "l.yaml:7:1: error: fields: missing required field 'data'");
    expect_error("  pasid_en: { offset: 0xc, lsb: 3, width: 1 }\n", "",
                 "l.yaml:12:13: error: fields.pasid: pasid_en and pasid go "
                 "together: give both or neither");
    expect_error("  mask: ", "  maks: ",
                 "l.yaml:11:3: error: fields: unknown field 'maks' (expected "
                 "addr_lo, addr_hi, data, mask, pasid_en, pasid, commit)");
    expect_error("  addr_hi:  { offset: 0x4, lsb: 0, width: 32 }",
                 "  addr_hi:  { offset: 0x4, lsb: 0 }",
                 "l.yaml:9:3: error: fields.addr_hi: missing required key "
                 "'width'");
    expect_error("lsb: 0, width: 32 }\n  data",
                 "lsb: 0, width: 16 }\n  data",
                 "l.yaml:9:43: error: fields.addr_hi.width: addr_hi must be "
                 "32 bits wide (got 16)");
}

/* The descriptor keys of vendor path v2: values loaded, bad ones named. */
static void test_v2_keys(void **state)
{
    struct ims_layout l;
    char err[512];

    (void)state;
    assert_int_equal(load_variant("update: per-dword", "update: per-dword\nservice_cycles: 3\n"
                                  "arbitration: fixed-priority\npending_slots: 128\n"
                                  "pending_release: in-order\nindex_bits: 7\n"
                                  "pba_base: 0x4000", &l, err, sizeof(err)), 0);
    assert_int_equal(l.service_cycles, 3);
    assert_int_equal(l.arbitration, IMS_ARB_FIXED_PRIORITY);
    assert_int_equal(l.pending_slots, 128);
    assert_int_equal(l.pending_release, IMS_RELEASE_IN_ORDER);
    assert_int_equal(l.index_bits, 7);
    assert_true(l.has_pba);
    assert_int_equal(l.pba_base, 0x4000);
    assert_int_equal(ims_layout_pba_size(&l), 32);
    assert_int_equal(load_variant("offset: 0x0, lsb: 0, width: 32 }", "offset: 0x0, lsb: 0, "
                                  "width: 32, reserved: 0x3 }", &l, err, sizeof(err)), 0);
    assert_int_equal(l.field[IMS_F_ADDR_LO].reserved, 3);
    expect_error("update: per-dword", "update: per-dword\npba_base: 0x2100",
                 "l.yaml:17:11: error: pba_base: the PBA (0x2100..0x211f) overlaps the table");
    expect_error("update: per-dword", "update: per-dword\npending_slots: 257",
                 "l.yaml:17:16: error: pending_slots: 257 is out of range (1..256)");
    expect_error("update: per-dword", "update: per-dword\narbitration: lottery",
                 "l.yaml:17:14: error: arbitration: invalid value 'lottery' (expected one "
                 "of: fifo, fixed-priority)");
    /* clock_ps: the waveforms' period; 0 when absent; even, 2..10^9 */
    assert_int_equal(l.clock_ps, 0);
    assert_int_equal(load_variant("update: per-dword", "update: per-dword\nclock_ps: 10000",
                                  &l, err, sizeof(err)), 0);
    assert_int_equal(l.clock_ps, 10000);
    expect_error("update: per-dword", "update: per-dword\nclock_ps: 1001",
                 "l.yaml:17:11: error: clock_ps: 1001 is odd: the clock rises half a period "
                 "after it falls, a whole number of ps");
    expect_error("update: per-dword", "update: per-dword\nclock_ps: 0",
                 "l.yaml:17:11: error: clock_ps: 0 is out of range (2..1000000000)");
}

static void test_bad_top(void **state)
{
    (void)state;
    expect_error("entries: 256", "entries: 0",
                 "l.yaml:4:10: error: entries: 0 is out of range (1..65536)");
    expect_error("entries: 256", "entries: 65537",
                 "l.yaml:4:10: error: entries: 65537 is out of range "
                 "(1..65536)");
    expect_error("stride: 16", "stride: 0x12",
                 "l.yaml:6:9: error: stride: 18 is not a multiple of 4 in "
                 "4..4096");
    expect_error("update: per-dword", "update: sometimes",
                 "l.yaml:16:9: error: update: invalid value 'sometimes' "
                 "(expected one of: per-dword, on-data, on-unmask, "
                 "on-commit)");
    expect_error("update: per-dword", "update: on-commit",
                 "l.yaml:16:9: error: update: on-commit needs a commit field");
    expect_error("stride: 16\n", "stride: 16\ncolour: red\n",
                 "l.yaml:7:1: error: unknown key 'colour' (the keys are "
                 "listed in docs/vendor-guide.md, Layout descriptors)");
    expect_error("imslab-layout: 1", "imslab-layout: 2",
                 "l.yaml:1:16: error: imslab-layout: unsupported format "
                 "version 2 (this imslab reads version 1)");
    expect_error("pasid_check: true", "pasid_check: maybe",
                 "l.yaml:18:14: error: pasid_check: expected true or false, "
                 "got 'maybe'");
    expect_error("base: 0x2000", "base: 0x2000\ncmd_latency: 5",
                 "l.yaml:6:1: error: cmd_latency: only for storage hostmem");
    expect_error("base: 0x2000", "base: 0xfffff004",
                 "l.yaml:5:7: error: base: the table ends at 0x100000004, "
                 "beyond the 32-bit register port");
    expect_error("name: idxd", "name: 'a b'",
                 "l.yaml:2:7: error: name: 'a b' has a character outside "
                 "[A-Za-z0-9._-]");
    expect_error("storage: mmio", "storage: hostmem",
                 "l.yaml:16:9: error: update: storage hostmem takes effect by "
                 "command: update must be on-commit");
    expect_error("name: idxd\n", "",
                 "l.yaml:1:1: error: missing required key 'name'");
}

static void test_bad_yaml(void **state)
{
    static const char y[] = "imslab-layout: 1\nname: x\n  bad: [\n";
    struct ims_layout l;
    char err[512];

    (void)state;
    assert_int_equal(hx_layout_load_string("s.yaml", y, sizeof(y) - 1, &l,
                                           err, sizeof(err)), -EINVAL);
    assert_string_equal(err, "s.yaml:3:6: error: syntax error: mapping values "
                        "are not allowed in this context");
    assert_int_equal(hx_layout_load_string("e.yaml", "", 0, &l, err,
                                           sizeof(err)), -EINVAL);
    assert_string_equal(err, "e.yaml:1:1: error: empty layout descriptor "
                        "(expected a mapping that starts with "
                        "'imslab-layout: 1')");
    assert_int_equal(hx_layout_load("/nonexistent/x.yaml", &l, err,
                                    sizeof(err)), -ENOENT);
    assert_string_equal(err, "/nonexistent/x.yaml: error: cannot read: No "
                        "such file or directory");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_idxd_shipped),
        cmocka_unit_test(test_ref_mlx5_variants),
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_minimal),
        cmocka_unit_test(test_bad_fields),
        cmocka_unit_test(test_bad_top),
        cmocka_unit_test(test_v2_keys),
        cmocka_unit_test(test_bad_yaml),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
