/* SPDX-License-Identifier: MIT */
/*
 * test_msi.c - x86 MSI address/data formats, both directions, against
 * golden values (rules MSI-FMT-01..04, IR-WIN-01; docs/rules.md).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "models/bus.h"
#include "models/iommu/msi.h"

/* ---- MSI-FMT-01: compatibility format ----------------------------------- */

static void test_compat_decode_golden(void **state)
{
    struct msi_compat c;
    struct msi_msg m = { .addr_lo = 0xfee01000, .addr_hi = 0, .data = 0x4031 };

    (void)state;
    assert_int_equal(msi_compat_decode(&m, &c), 0);
    assert_int_equal(c.dest, 1);
    assert_int_equal(c.vector, 0x31);
    assert_int_equal(c.dlm, APIC_DLM_FIXED);
    assert_false(c.rh);
    assert_false(c.dest_logical);
    assert_true(c.level_assert);
    assert_false(c.trigger_level);
    assert_int_equal(c.ext_dest, 0);

    /* dest 0xff, RH (bit 3), DM (bit 2); lowest priority, level-triggered */
    m = (struct msi_msg){ .addr_lo = 0xfeeff00c, .data = 0xc1ef };
    assert_int_equal(msi_compat_decode(&m, &c), 0);
    assert_int_equal(c.dest, 0xff);
    assert_true(c.rh);
    assert_true(c.dest_logical);
    assert_int_equal(c.vector, 0xef);
    assert_int_equal(c.dlm, APIC_DLM_LOWPRI);
    assert_true(c.level_assert);
    assert_true(c.trigger_level);

    /* x2APIC destination ID[31:8] in address_hi 31:8 */
    m = (struct msi_msg){ .addr_lo = 0xfee45000, .addr_hi = 0x00012300,
                          .data = 0x0020 };
    assert_int_equal(msi_compat_decode(&m, &c), 0);
    assert_int_equal(c.dest, 0x00012345);

    /* bits 11:5 decoded raw (Linux virt_destid_8_14), not folded in */
    m = (struct msi_msg){ .addr_lo = 0xfee00fe0, .data = 0 };
    assert_int_equal(msi_compat_decode(&m, &c), 0);
    assert_int_equal(c.ext_dest, 0x7f);
    assert_int_equal(c.dest, 0);

    /* NMI delivery mode: data 10:8 = 100b */
    m = (struct msi_msg){ .addr_lo = 0xfee00000, .data = 0x0400 };
    assert_int_equal(msi_compat_decode(&m, &c), 0);
    assert_int_equal(c.dlm, APIC_DLM_NMI);
}

static void test_compat_decode_rejects(void **state)
{
    struct msi_compat c;
    struct msi_msg remap = { .addr_lo = 0xfee00010 };
    struct msi_msg not_fee = { .addr_lo = 0xfed01000 };

    (void)state;
    assert_int_equal(msi_compat_decode(&remap, &c), -EINVAL);
    assert_int_equal(msi_compat_decode(&not_fee, &c), -EINVAL);
}

static void test_compat_encode(void **state)
{
    struct msi_compat c = {
        .dest = 0x00012345, .vector = 0xef, .dlm = APIC_DLM_LOWPRI,
        .rh = true, .dest_logical = true, .level_assert = true,
        .trigger_level = true,
    };
    struct msi_compat back;
    struct msi_msg m;

    (void)state;
    assert_int_equal(msi_compat_encode(&c, &m), 0);
    assert_int_equal(m.addr_lo, 0xfee4500c);
    assert_int_equal(m.addr_hi, 0x00012300);
    assert_int_equal(m.data, 0xc1ef);
    assert_int_equal(msi_compat_decode(&m, &back), 0);
    assert_int_equal(back.dest, c.dest);
    assert_int_equal(back.vector, c.vector);
    assert_int_equal(back.dlm, c.dlm);
    assert_int_equal(back.ext_dest, c.ext_dest);
    assert_true(back.rh && back.dest_logical && back.level_assert &&
                back.trigger_level);

    c = (struct msi_compat){ .dest = 1, .vector = 0x31, .level_assert = true };
    assert_int_equal(msi_compat_encode(&c, &m), 0);
    assert_int_equal(m.addr_lo, 0xfee01000);
    assert_int_equal(m.addr_hi, 0);
    assert_int_equal(m.data, 0x4031);

    c.dlm = 8;
    assert_int_equal(msi_compat_encode(&c, &m), -EINVAL);
    c.dlm = 0;
    c.ext_dest = 0x80;
    assert_int_equal(msi_compat_encode(&c, &m), -EINVAL);
}

/* ---- MSI-FMT-02: remappable format -------------------------------------- */

static void test_remap_encode_golden(void **state)
{
    /* Linux fill_msi_msg(): SHV = 1, subhandle 0 */
    struct msi_remap f = { .handle = 0x8123, .shv = true, .subhandle = 0 };
    struct msi_msg m;

    (void)state;
    msi_remap_encode(&f, &m);
    /* 0xFEE | 0x123 << 5 | format | SHV | handle[15] */
    assert_int_equal(m.addr_lo, 0xfee0247c);
    assert_int_equal(m.addr_hi, 0);
    assert_int_equal(m.data, 0);
    assert_int_equal((m.addr_lo >> 5) & 0x7fff, 0x123);
    assert_true(m.addr_lo & (1u << 2));

    /* kvm-unit-tests vtd_setup_msi(): SHV = 0 */
    f = (struct msi_remap){ .handle = 0x0001, .shv = false };
    msi_remap_encode(&f, &m);
    assert_int_equal(m.addr_lo, 0xfee00030);
    assert_int_equal(m.data, 0);

    /* the edges of handle[14:0] and handle[15] */
    f = (struct msi_remap){ .handle = 0x7fff };
    msi_remap_encode(&f, &m);
    assert_int_equal(m.addr_lo, 0xfeeffff0);
    f = (struct msi_remap){ .handle = 0x8000 };
    msi_remap_encode(&f, &m);
    assert_int_equal(m.addr_lo, 0xfee00014);

    /* multi-MSI: the subhandle travels in data */
    f = (struct msi_remap){ .handle = 0x40, .shv = true, .subhandle = 3 };
    msi_remap_encode(&f, &m);
    assert_int_equal(m.addr_lo, 0xfee00818);
    assert_int_equal(m.data, 3);
}

static void test_remap_decode_golden(void **state)
{
    struct msi_remap f;
    struct msi_msg m = { .addr_lo = 0xfee0247c, .data = 0x0005 };

    (void)state;
    assert_int_equal(msi_remap_decode(&m, &f), 0);
    assert_int_equal(f.handle, 0x8123);
    assert_true(f.shv);
    assert_int_equal(f.subhandle, 5);
    assert_int_equal(msi_remap_index(&f), 0x8128);
    assert_false(msi_remap_rsvd(&m));

    /* address bits 1:0 are ignored */
    m.addr_lo = 0xfee0247f;
    assert_int_equal(msi_remap_decode(&m, &f), 0);
    assert_int_equal(f.handle, 0x8123);

    /* SHV = 0: data is ignored, also its reserved half */
    m = (struct msi_msg){ .addr_lo = 0xfee00030, .data = 0xdead0005 };
    assert_int_equal(msi_remap_decode(&m, &f), 0);
    assert_false(f.shv);
    assert_int_equal(msi_remap_index(&f), 1);
    assert_false(msi_remap_rsvd(&m));

    /* handle + subhandle can exceed 16 bits */
    m = (struct msi_msg){ .addr_lo = 0xfeeffffc | 0x10, .data = 0xffff };
    assert_int_equal(msi_remap_decode(&m, &f), 0);
    assert_int_equal(f.handle, 0xffff);
    assert_int_equal(msi_remap_index(&f), 0x1fffe);

    /* not remappable, or not 0xFEE */
    m = (struct msi_msg){ .addr_lo = 0xfee01000 };
    assert_int_equal(msi_remap_decode(&m, &f), -EINVAL);
    m = (struct msi_msg){ .addr_lo = 0xfef00010 };
    assert_int_equal(msi_remap_decode(&m, &f), -EINVAL);
}

/* MSI-FMT-04: reserved fields of a remappable request (fault 0x20) */
static void test_remap_rsvd(void **state)
{
    struct msi_msg m = { .addr_lo = 0xfee0247c, .addr_hi = 1, .data = 0 };

    (void)state;
    assert_true(msi_remap_rsvd(&m));
    m.addr_hi = 0;
    m.data = 0x00010000;
    assert_true(msi_remap_rsvd(&m));    /* SHV = 1: data 31:16 reserved */
    m.addr_lo &= ~MSI_ADDR_SHV;
    assert_false(msi_remap_rsvd(&m));   /* SHV = 0: data ignored */
}

/* MSI-FMT-03: encode/decode round trip over every handle, SHV both ways */
static void test_remap_round_trip(void **state)
{
    (void)state;
    for (uint32_t h = 0; h <= 0xffff; h++) {
        for (int shv = 0; shv < 2; shv++) {
            struct msi_remap f = { .handle = (uint16_t)h, .shv = shv,
                                   .subhandle = (uint16_t)(h * 7) };
            struct msi_remap back;
            struct msi_msg m;

            msi_remap_encode(&f, &m);
            assert_int_equal(msi_remap_decode(&m, &back), 0);
            assert_int_equal(back.handle, h);
            assert_int_equal(back.shv, shv);
            assert_int_equal(msi_remap_index(&back),
                             shv ? h + (uint16_t)(h * 7) : h);
            assert_int_equal(m.addr_lo & 0xfff00000u, 0xfee00000u);
            assert_false(msi_remap_rsvd(&m));
        }
    }
}

/* IR-WIN-01: the interrupt window is FEE0_0000h..FEEF_FFFFh, 64-bit */
static void test_window(void **state)
{
    (void)state;
    assert_true(msi_in_window(0xfee00000));
    assert_true(msi_in_window(0xfeefffff));
    assert_false(msi_in_window(0xfedfffff));
    assert_false(msi_in_window(0xfef00000));
    assert_false(msi_in_window(UINT64_C(0x1fee00000)));
    assert_false(msi_in_window(UINT64_C(0xfee0000000000000)));
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_compat_decode_golden),
    cmocka_unit_test(test_compat_decode_rejects),
    cmocka_unit_test(test_compat_encode),
    cmocka_unit_test(test_remap_encode_golden),
    cmocka_unit_test(test_remap_decode_golden),
    cmocka_unit_test(test_remap_rsvd),
    cmocka_unit_test(test_remap_round_trip),
    cmocka_unit_test(test_window),
};

int main(void)
{
    return cmocka_run_group_tests_name("msi", tests, NULL, NULL);
}
