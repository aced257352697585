/* SPDX-License-Identifier: MIT */
/*
 * test_rtl.c - the verilated reference IMS table through the DUT ops
 * (cycle by cycle), rtl_build()/rtl_dut_open() and its cache, and the
 * defective designs under tests/data/defects/ (each builds, each defect is
 * observable).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "models/rtl/rtl.h"

#define ENTRIES 64u
#define ADDR_LO 0x0u
#define ADDR_HI 0x4u
#define DATA    0x8u
#define CTRL    0xcu
#define CTRL_MASK     0x1u
#define CTRL_PASID_EN 0x8u
#define CTRL_PASID(p) ((uint32_t)(p) << 12)
#define REG(i, f) ((uint32_t)(i) * 16u + (f))

/* Cycles per operation of the reference table (docs/vendor-guide.md). */
#define RESET_CYCLES 4u
#define REG_CYCLES   2u   /* request, then the cycle reg_ack is high */
#define FIRE_CYCLES  1u   /* irq_ready is high when the FIFO has room */

#define MSG_MAX 256

/* ---- helpers ------------------------------------------------------------- */

static void wr(struct ims_dut *d, uint32_t off, uint32_t val)
{
    assert_int_equal(d->ops->reg_write(d->state, off, val), 0);
}

static uint32_t rd(struct ims_dut *d, uint32_t off)
{
    uint32_t v = 0xdeadbeef;

    assert_int_equal(d->ops->reg_read(d->state, off, &v), 0);
    return v;
}

static int fire(struct ims_dut *d, uint32_t i, uint32_t pasid, bool pv)
{
    return d->ops->fire(d->state, i, pasid, pv, 8);
}

static uint64_t cyc(struct ims_dut *d)
{
    return d->ops->cycle(d->state);
}

static size_t collect(struct ims_dut *d, struct ims_dut_msg *m)
{
    return d->ops->collect(d->state, m, MSG_MAX);
}

/* Program entry @i with a pair derived from @i and @seed, and @ctrl. */
static void program(struct ims_dut *d, uint32_t i, uint32_t seed,
                    uint32_t ctrl)
{
    wr(d, REG(i, CTRL), CTRL_MASK);
    wr(d, REG(i, ADDR_LO), 0xfee00000u | (i << 4) | (seed << 12));
    wr(d, REG(i, ADDR_HI), seed);
    wr(d, REG(i, DATA), 0x4000u | (seed << 8) | i);
    wr(d, REG(i, CTRL), ctrl);
}

static uint64_t pair_addr(uint32_t i, uint32_t seed)
{
    return ((uint64_t)seed << 32) | 0xfee00000u | (i << 4) | (seed << 12);
}

static uint32_t pair_data(uint32_t i, uint32_t seed)
{
    return 0x4000u | (seed << 8) | i;
}

static void expect_msg(const struct ims_dut_msg *m, uint32_t i, uint32_t seed,
                       uint64_t cycle)
{
    assert_int_equal(m->index, i);
    assert_int_equal(m->addr, pair_addr(i, seed));
    assert_int_equal(m->data, pair_data(i, seed));
    assert_int_equal(m->len, 4);
    assert_int_equal(m->cycle, cycle);
}

static int ref_setup(void **state)
{
    struct ims_dut *d = calloc(1, sizeof(*d));

    assert_non_null(d);
    assert_int_equal(rtl_ref_create(0, d), 0);
    assert_int_equal(d->ops->reset(d->state), 0);
    *state = d;
    return 0;
}

static int ref_teardown(void **state)
{
    struct ims_dut *d = *state;

    d->ops->destroy(d->state);
    free(d);
    return 0;
}

/* ---- the reference table, linked in ------------------------------------- */

static void test_ref_create(void **state)
{
    struct ims_dut d;

    (void)state;
    assert_true(rtl_ref_available());
    assert_int_equal(rtl_ref_create(32, &d), -EINVAL);
    assert_int_equal(rtl_ref_create(ENTRIES, &d), 0);
    assert_string_equal(d.ops->name, "rtl:ims_table");
    assert_int_equal(d.ops->entries(d.state), ENTRIES);
    assert_int_equal(d.ops->cycle(d.state), 0);
    assert_int_equal(d.ops->reset(d.state), 0);
    assert_int_equal(d.ops->cycle(d.state), RESET_CYCLES);
    d.ops->destroy(d.state);
}

/* Reset: every entry masked, PASID enable clear, pairs zero. */
static void test_reset_state(void **state)
{
    struct ims_dut *d = *state;
    struct ims_dut_msg m[MSG_MAX];

    for (uint32_t i = 0; i < ENTRIES; i++) {
        uint64_t c = cyc(d);

        assert_int_equal(rd(d, REG(i, CTRL)), CTRL_MASK);
        assert_int_equal(cyc(d), c + REG_CYCLES);
        assert_int_equal(rd(d, REG(i, ADDR_LO)), 0);
        assert_int_equal(rd(d, REG(i, ADDR_HI)), 0);
        assert_int_equal(rd(d, REG(i, DATA)), 0);
    }
    /* masked after reset: a fire sets pending and sends nothing */
    assert_int_equal(fire(d, 0, 0, false), IMS_DUT_FIRE_ACCEPTED);
    assert_int_equal(d->ops->clock(d->state, 16), 0);
    assert_int_equal(collect(d, m), 0);
}

/* Every field of every dword reads back as written; reserved bits RO 0. */
static void test_readback(void **state)
{
    struct ims_dut *d = *state;
    static const uint32_t idx[] = { 0, 1, 31, ENTRIES - 1 };

    for (size_t k = 0; k < sizeof(idx) / sizeof(*idx); k++) {
        uint32_t i = idx[k];
        uint64_t c = cyc(d);

        wr(d, REG(i, ADDR_LO), 0xfee01000u + i);
        assert_int_equal(cyc(d), c + REG_CYCLES);
        wr(d, REG(i, ADDR_HI), 0x80000000u | i);
        wr(d, REG(i, DATA), 0xa5a50000u | i);
        wr(d, REG(i, CTRL), CTRL_PASID(0xabcde) | CTRL_PASID_EN);
        assert_int_equal(rd(d, REG(i, ADDR_LO)), 0xfee01000u + i);
        assert_int_equal(rd(d, REG(i, ADDR_HI)), 0x80000000u | i);
        assert_int_equal(rd(d, REG(i, DATA)), 0xa5a50000u | i);
        assert_int_equal(rd(d, REG(i, CTRL)),
                         CTRL_PASID(0xabcde) | CTRL_PASID_EN);
        wr(d, REG(i, CTRL), 0xffffffffu);
        assert_int_equal(rd(d, REG(i, CTRL)), 0xfffff009u);
        wr(d, REG(i, CTRL), CTRL_MASK);
        assert_int_equal(rd(d, REG(i, CTRL)), CTRL_MASK);
    }
    /* beyond the table: acked, ignored, reads 0 */
    wr(d, REG(ENTRIES, DATA), 0x1234);
    assert_int_equal(rd(d, REG(ENTRIES, DATA)), 0);
    assert_int_equal(rd(d, 0xfffc), 0);
    assert_int_equal(d->ops->reg_write(d->state, 0x10000, 0), -EINVAL);
}

/* Unmasked: one message with the pair and index, one cycle after the fire. */
static void test_fire_unmasked(void **state)
{
    struct ims_dut *d = *state;
    struct ims_dut_msg m[MSG_MAX];
    uint64_t c;

    program(d, 5, 1, 0);
    assert_int_equal(collect(d, m), 0);
    c = cyc(d);
    assert_int_equal(fire(d, 5, 0, false), IMS_DUT_FIRE_ACCEPTED);
    assert_int_equal(cyc(d), c + FIRE_CYCLES);
    assert_int_equal(collect(d, m), 0);   /* accepted at this edge */
    assert_int_equal(d->ops->clock(d->state, 1), 0);
    assert_int_equal(collect(d, m), 1);
    expect_msg(&m[0], 5, 1, c + FIRE_CYCLES + 1);
    assert_int_equal(d->ops->clock(d->state, 32), 0);
    assert_int_equal(collect(d, m), 0);

    /* several fires of one unmasked entry: one message each */
    c = cyc(d);
    for (int k = 0; k < 5; k++)
        assert_int_equal(fire(d, 5, 0, false), IMS_DUT_FIRE_ACCEPTED);
    assert_int_equal(d->ops->clock(d->state, 1), 0);
    assert_int_equal(collect(d, m), 5);
    for (int k = 0; k < 5; k++)
        expect_msg(&m[k], 5, 1, c + 2 + (uint64_t)k);
}

/* Masked: pending, nothing sent; unmask sends exactly once, new pair. */
static void test_masked_pending_replay(void **state)
{
    struct ims_dut *d = *state;
    struct ims_dut_msg m[MSG_MAX];

    program(d, 7, 1, CTRL_MASK);
    assert_int_equal(fire(d, 7, 0, false), IMS_DUT_FIRE_ACCEPTED);
    assert_int_equal(fire(d, 7, 0, false), IMS_DUT_FIRE_ACCEPTED);
    assert_int_equal(d->ops->clock(d->state, 20), 0);
    assert_int_equal(collect(d, m), 0);

    /* update the pair while masked: the replay carries the new one */
    wr(d, REG(7, ADDR_LO), (uint32_t)pair_addr(7, 2));
    wr(d, REG(7, ADDR_HI), 2);
    wr(d, REG(7, DATA), pair_data(7, 2));
    assert_int_equal(collect(d, m), 0);
    wr(d, REG(7, CTRL), 0);
    /* performed at the first edge, sent at the ack edge */
    assert_int_equal(collect(d, m), 1);
    expect_msg(&m[0], 7, 2, cyc(d));
    assert_int_equal(d->ops->clock(d->state, 20), 0);
    assert_int_equal(collect(d, m), 0);

    /* mask and unmask again: nothing pending, nothing sent */
    wr(d, REG(7, CTRL), CTRL_MASK);
    wr(d, REG(7, CTRL), 0);
    assert_int_equal(d->ops->clock(d->state, 20), 0);
    assert_int_equal(collect(d, m), 0);

    /* a ctrl write that keeps the mask set does not replay */
    wr(d, REG(7, CTRL), CTRL_MASK);
    assert_int_equal(fire(d, 7, 0, false), IMS_DUT_FIRE_ACCEPTED);
    wr(d, REG(7, CTRL), CTRL_MASK | CTRL_PASID(3));
    assert_int_equal(d->ops->clock(d->state, 4), 0);
    assert_int_equal(collect(d, m), 0);
    wr(d, REG(7, CTRL), 0);
    assert_int_equal(collect(d, m), 1);
    expect_msg(&m[0], 7, 2, cyc(d));

    /* reset clears pending */
    wr(d, REG(7, CTRL), CTRL_MASK);
    assert_int_equal(fire(d, 7, 0, false), IMS_DUT_FIRE_ACCEPTED);
    assert_int_equal(d->ops->reset(d->state), 0);
    wr(d, REG(7, CTRL), 0);
    assert_int_equal(d->ops->clock(d->state, 8), 0);
    assert_int_equal(collect(d, m), 0);
}

/* PASID enable: only the matching PASID; refusal leaves no pending. */
static void test_pasid(void **state)
{
    struct ims_dut *d = *state;
    struct ims_dut_msg m[MSG_MAX];
    uint32_t ctrl = CTRL_PASID(0x12345) | CTRL_PASID_EN;
    uint64_t c;

    program(d, 3, 1, ctrl);
    c = cyc(d);
    assert_int_equal(fire(d, 3, 0x12345, true), IMS_DUT_FIRE_ACCEPTED);
    assert_int_equal(cyc(d), c + FIRE_CYCLES);
    assert_int_equal(fire(d, 3, 0x12346, true), IMS_DUT_FIRE_REFUSED);
    assert_int_equal(fire(d, 3, 0x12345, false), IMS_DUT_FIRE_REFUSED);
    assert_int_equal(fire(d, 3, 0, false), IMS_DUT_FIRE_REFUSED);
    assert_int_equal(cyc(d), c + 4 * FIRE_CYCLES);
    assert_int_equal(d->ops->clock(d->state, 8), 0);
    assert_int_equal(collect(d, m), 1);
    expect_msg(&m[0], 3, 1, c + 2);

    /* masked and refused: the pending bit stays clear */
    wr(d, REG(3, CTRL), ctrl | CTRL_MASK);
    assert_int_equal(fire(d, 3, 0x1, true), IMS_DUT_FIRE_REFUSED);
    wr(d, REG(3, CTRL), ctrl);
    assert_int_equal(d->ops->clock(d->state, 8), 0);
    assert_int_equal(collect(d, m), 0);

    /* PASID enable clear: any raiser, with or without a PASID */
    wr(d, REG(3, CTRL), CTRL_PASID(0x12345));
    assert_int_equal(fire(d, 3, 0x777, true), IMS_DUT_FIRE_ACCEPTED);
    assert_int_equal(fire(d, 3, 0, false), IMS_DUT_FIRE_ACCEPTED);
    assert_int_equal(d->ops->clock(d->state, 2), 0);
    assert_int_equal(collect(d, m), 2);
}

/* Index range: ENTRIES-1 is reachable, ENTRIES and beyond are refused. */
static void test_range(void **state)
{
    struct ims_dut *d = *state;
    struct ims_dut_msg m[MSG_MAX];
    uint64_t c;

    program(d, ENTRIES - 1, 3, 0);
    c = cyc(d);
    assert_int_equal(fire(d, ENTRIES - 1, 0, false), IMS_DUT_FIRE_ACCEPTED);
    assert_int_equal(fire(d, ENTRIES, 0, false), IMS_DUT_FIRE_REFUSED);
    assert_int_equal(fire(d, 0x8000, 0, false), IMS_DUT_FIRE_REFUSED);
    assert_int_equal(fire(d, 0xffff, 0, false), IMS_DUT_FIRE_REFUSED);
    assert_int_equal(cyc(d), c + 4 * FIRE_CYCLES);
    /* wider than irq_index: refused by the wrapper, no cycle */
    assert_int_equal(fire(d, 0x10000, 0, false), IMS_DUT_FIRE_REFUSED);
    assert_int_equal(cyc(d), c + 4 * FIRE_CYCLES);
    assert_int_equal(d->ops->clock(d->state, 8), 0);
    assert_int_equal(collect(d, m), 1);
    expect_msg(&m[0], ENTRIES - 1, 3, c + 2);
}

/*
 * Back to back across every entry: each fire is taken in one cycle and its
 * message leaves one cycle later, in order (the FIFO is the fairness).
 * Then half the entries are pending at once and replay one per unmask.
 */
static void test_back_to_back(void **state)
{
    struct ims_dut *d = *state;
    struct ims_dut_msg m[MSG_MAX];
    uint64_t c;
    size_t n;

    for (uint32_t i = 0; i < ENTRIES; i++)
        program(d, i, 5, 0);
    assert_int_equal(collect(d, m), 0);
    c = cyc(d);
    for (uint32_t i = 0; i < ENTRIES; i++)
        assert_int_equal(d->ops->fire(d->state, ENTRIES - 1 - i, 0, false, 0),
                         IMS_DUT_FIRE_ACCEPTED);
    assert_int_equal(cyc(d), c + ENTRIES * FIRE_CYCLES);
    assert_int_equal(d->ops->clock(d->state, 1), 0);
    n = collect(d, m);
    assert_int_equal(n, ENTRIES);
    for (uint32_t i = 0; i < ENTRIES; i++)
        expect_msg(&m[i], ENTRIES - 1 - i, 5, c + 2 + i);

    /* fires interleaved with register writes never share an edge */
    for (uint32_t i = 0; i < ENTRIES; i += 2)
        wr(d, REG(i, CTRL), CTRL_MASK);
    for (uint32_t i = 0; i < ENTRIES; i++)
        assert_int_equal(fire(d, i, 0, false), IMS_DUT_FIRE_ACCEPTED);
    assert_int_equal(d->ops->clock(d->state, 1), 0);
    assert_int_equal(collect(d, m), ENTRIES / 2);
    for (uint32_t i = 0; i < ENTRIES; i += 2) {
        wr(d, REG(i, CTRL), 0);
        assert_int_equal(collect(d, m), 1);
        expect_msg(&m[0], i, 5, cyc(d));
    }
}

static void test_trace(void **state)
{
    struct ims_dut *d = *state;
    char path[] = "/tmp/imslab-rtl-vcd-XXXXXX";
    char buf[4096];
    FILE *f;
    size_t n;
    int fd = mkstemp(path);

    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(d->ops->trace(d->state, path), 0);
    program(d, 2, 1, 0);
    assert_int_equal(fire(d, 2, 0, false), IMS_DUT_FIRE_ACCEPTED);
    assert_int_equal(d->ops->clock(d->state, 3), 0);
    assert_int_equal(d->ops->trace(d->state, NULL), 0);
    assert_int_equal(d->ops->clock(d->state, 3), 0);
    /* again, into the same file */
    assert_int_equal(d->ops->trace(d->state, path), 0);
    assert_int_equal(d->ops->clock(d->state, 3), 0);
    assert_int_equal(d->ops->trace(d->state, NULL), 0);
    f = fopen(path, "r");
    assert_non_null(f);
    n = fread(buf, 1, sizeof(buf) - 1, f);
    buf[n] = '\0';
    fclose(f);
    unlink(path);
    assert_non_null(strstr(buf, "$enddefinitions"));
    assert_non_null(strstr(buf, "msg_valid"));
    assert_non_null(strstr(buf, "irq_ready"));
}

int main(void)
{
    const struct CMUnitTest ref[] = {
        cmocka_unit_test(test_ref_create),
        cmocka_unit_test_setup_teardown(test_reset_state, ref_setup,
                                        ref_teardown),
        cmocka_unit_test_setup_teardown(test_readback, ref_setup,
                                        ref_teardown),
        cmocka_unit_test_setup_teardown(test_fire_unmasked, ref_setup,
                                        ref_teardown),
        cmocka_unit_test_setup_teardown(test_masked_pending_replay,
                                        ref_setup, ref_teardown),
        cmocka_unit_test_setup_teardown(test_pasid, ref_setup, ref_teardown),
        cmocka_unit_test_setup_teardown(test_range, ref_setup, ref_teardown),
        cmocka_unit_test_setup_teardown(test_back_to_back, ref_setup,
                                        ref_teardown),
        cmocka_unit_test_setup_teardown(test_trace, ref_setup, ref_teardown),
    };
    int fails = 0;

    fails += cmocka_run_group_tests_name("rtl_ref", ref, NULL, NULL);
    return fails;
}
