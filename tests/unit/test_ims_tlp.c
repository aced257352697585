/* SPDX-License-Identifier: MIT */
/*
 * test_ims_tlp.c - the decoder of the TLP message form (harness/ims_tlp.c):
 * a well-formed 3DW and 4DW memory write decodes to its address and data,
 * and each header field set wrong is named.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "harness/ims_tlp.h"

#define RID 0x0100u

/* A well-formed 3DW write of 0xfee01234 <- 0x4021 from entry 7. */
static struct ims_dut_msg mwr32(void)
{
    struct ims_dut_msg m = { .tlp = 1, .index = 7, .payload = 0x4021 };

    m.hdr[0] = 0x40000001u;
    m.hdr[1] = RID << 16 | 0x0fu;
    m.hdr[2] = 0xfee01234u;
    return m;
}

static struct ims_dut_msg mwr64(void)
{
    struct ims_dut_msg m = { .tlp = 1, .index = 9, .payload = 0xdeadbeefu };

    m.hdr[0] = 0x60000001u;
    m.hdr[1] = RID << 16 | 0x0fu;
    m.hdr[2] = 0x00000012u;
    m.hdr[3] = 0x3456789cu;
    return m;
}

static void test_good(void **state)
{
    struct ims_dut_msg m = mwr32(), n = mwr64();
    char why[160];

    (void)state;
    assert_null(hx_tlp_decode(&m, RID, why, sizeof(why)));
    assert_int_equal(m.addr, 0xfee01234u);
    assert_int_equal(m.data, 0x4021);
    assert_int_equal(m.len, 4);
    assert_int_equal(m.index, 7);
    assert_null(hx_tlp_decode(&n, RID, why, sizeof(why)));
    assert_int_equal(n.addr, UINT64_C(0x123456789c));
    assert_int_equal(n.data, 0xdeadbeefu);
    assert_int_equal(n.len, 4);
}

static void test_plain_untouched(void **state)
{
    struct ims_dut_msg m = { .addr = 0xfee00000u, .data = 5, .len = 4 };
    char why[160];

    (void)state;
    assert_null(hx_tlp_decode(&m, RID, why, sizeof(why)));
    assert_int_equal(m.addr, 0xfee00000u);
    assert_int_equal(m.data, 5);
}

static void bad(struct ims_dut_msg m, const char *want)
{
    char why[160];
    const char *r = hx_tlp_decode(&m, RID, why, sizeof(why));

    assert_non_null(r);
    assert_string_equal(r, want);
}

static void test_fields(void **state)
{
    struct ims_dut_msg m;

    (void)state;
    m = mwr32(), m.hdr[0] = 0x00000001u;     /* MRd */
    bad(m, "Fmt/Type 0x00, not a memory write (0x40 3DW, 0x60 4DW)");
    m = mwr32(), m.hdr[0] = 0x60000001u, m.hdr[3] = m.hdr[2], m.hdr[2] = 0;
    bad(m, "a 4DW header for address 0xfee01234, below 4 GiB (3DW required)");
    m = mwr32(), m.hdr[3] = 1;
    bad(m, "a 3DW header with header DW3 0x00000001 driven (expected 0)");
    m = mwr32(), m.hdr[0] |= 1u << 15;
    bad(m, "TD set: a digest announced, none sent");
    m = mwr32(), m.hdr[0] |= 1u << 14;
    bad(m, "EP set: the write is poisoned");
    m = mwr32(), m.hdr[0] = 0x40000002u;
    bad(m, "Length 2 DW, expected 1");
    m = mwr32(), m.hdr[0] = 0x40000000u;
    bad(m, "Length 1024 DW, expected 1");
    m = mwr32(), m.hdr[1] = RID << 16 | 0x07u;
    bad(m, "First DW BE 0x7, expected 0xf");
    m = mwr32(), m.hdr[1] = RID << 16 | 0xffu;
    bad(m, "Last DW BE 0xf, expected 0x0 (a 1-DW write)");
    m = mwr32(), m.hdr[1] = 0x0200u << 16 | 0x0fu;
    bad(m, "Requester ID 0x0200, expected 0x0100 (the descriptor's requester_id)");
    m = mwr64(), m.hdr[3] |= 2u;
    bad(m, "address bits 1:0 = 2, reserved (must be 0)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good),
        cmocka_unit_test(test_plain_untouched),
        cmocka_unit_test(test_fields),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
