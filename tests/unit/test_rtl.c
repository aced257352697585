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

/*
 * The optional fn_mask port (Function Mask): while set every fire is held
 * pending, an unmask releases nothing; clearing it releases each pending
 * entry not masked itself once, the lowest index first, one per cycle.
 */
static void test_fn_mask(void **state)
{
    struct ims_dut *d = *state;
    struct ims_dut_msg m[MSG_MAX];
    uint64_t c0;

    assert_non_null(d->ops->set_fmask);
    program(d, 9, 1, 0);
    program(d, 3, 1, 0);
    program(d, 5, 1, CTRL_MASK);
    program(d, 6, 1, CTRL_MASK);
    assert_int_equal(d->ops->set_fmask(d->state, true), 0);
    assert_int_equal(fire(d, 9, 0, false), IMS_DUT_FIRE_ACCEPTED);
    assert_int_equal(fire(d, 3, 0, false), IMS_DUT_FIRE_ACCEPTED);
    assert_int_equal(fire(d, 3, 0, false), IMS_DUT_FIRE_ACCEPTED);
    assert_int_equal(fire(d, 5, 0, false), IMS_DUT_FIRE_ACCEPTED);
    assert_int_equal(fire(d, 6, 0, false), IMS_DUT_FIRE_ACCEPTED);
    wr(d, REG(5, CTRL), 0);   /* unmasked while function-masked: held */
    assert_int_equal(d->ops->clock(d->state, 20), 0);
    assert_int_equal(collect(d, m), 0);

    c0 = cyc(d);
    assert_int_equal(d->ops->set_fmask(d->state, false), 0);
    assert_int_equal(d->ops->clock(d->state, 20), 0);
    assert_int_equal(collect(d, m), 3);
    expect_msg(&m[0], 3, 1, c0 + 2);
    expect_msg(&m[1], 5, 1, c0 + 3);
    expect_msg(&m[2], 9, 1, c0 + 4);
    /* entry 6, masked itself, keeps its fire for its own unmask */
    wr(d, REG(6, CTRL), 0);
    assert_int_equal(collect(d, m), 1);
    expect_msg(&m[0], 6, 1, cyc(d));

    /* reset drops the Function Mask: a fire after it is sent at once */
    assert_int_equal(d->ops->set_fmask(d->state, true), 0);
    assert_int_equal(d->ops->reset(d->state), 0);
    program(d, 3, 2, 0);
    assert_int_equal(fire(d, 3, 0, false), IMS_DUT_FIRE_ACCEPTED);
    assert_int_equal(d->ops->clock(d->state, 1), 0);
    assert_int_equal(collect(d, m), 1);
    expect_msg(&m[0], 3, 2, cyc(d));
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

/* ---- rtl_build() and rtl_dut_open() ------------------------------------- */

#define SRC_REF IMSLAB_SOURCE_DIR "/models/rtl/ims_table.sv"

static int rm_rf(const char *path)
{
    char cmd[512];

    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", path);
    return system(cmd);
}

static int count_tmp_dirs(const char *dir)
{
    char cmd[512];
    char out[32] = "";
    FILE *p;

    snprintf(cmd, sizeof(cmd), "ls -a '%s' | grep -c '^\\.tmp-'", dir);
    p = popen(cmd, "r");
    if (!p)
        return -1;
    if (!fgets(out, sizeof(out), p))
        out[0] = '\0';
    pclose(p);
    return atoi(out);
}

/* Build into @cache; skip the test when Verilator is not in PATH. */
static void build(const char *src, const char *top, const char *cache,
                  char *so, size_t len, struct rtl_build_info *info)
{
    const char *srcs[] = { src };
    char err[4096];
    int rc = rtl_build_ex(srcs, 1, top, cache, so, len, err, sizeof(err),
                          info);

    if (rc == -ENOENT && strstr(err, "verilator"))
        skip();
    if (rc)
        print_error("rtl_build(%s): %d\n%s\n", top, rc, err);
    assert_int_equal(rc, 0);
}

/* Run one script on two designs and require the same messages and cycles. */
static void lockstep(struct ims_dut *a, struct ims_dut *b)
{
    struct ims_dut *d[2] = { a, b };
    struct ims_dut_msg m[2][MSG_MAX];
    uint64_t c0[2], c1[2];
    size_t n[2];

    for (int k = 0; k < 2; k++) {
        c0[k] = cyc(d[k]);
        assert_int_equal(d[k]->ops->reset(d[k]->state), 0);
        program(d[k], 9, 1, 0);
        program(d[k], ENTRIES - 1, 2, CTRL_MASK);
        program(d[k], 0, 3, CTRL_PASID(0x42) | CTRL_PASID_EN);
        assert_int_equal(fire(d[k], 9, 0, false), IMS_DUT_FIRE_ACCEPTED);
        assert_int_equal(fire(d[k], ENTRIES - 1, 0, false),
                         IMS_DUT_FIRE_ACCEPTED);
        assert_int_equal(fire(d[k], 0, 0x43, true), IMS_DUT_FIRE_REFUSED);
        assert_int_equal(fire(d[k], 0, 0x42, true), IMS_DUT_FIRE_ACCEPTED);
        assert_int_equal(fire(d[k], ENTRIES, 0, false), IMS_DUT_FIRE_REFUSED);
        wr(d[k], REG(ENTRIES - 1, CTRL), 0);
        assert_int_equal(d[k]->ops->clock(d[k]->state, 4), 0);
        n[k] = collect(d[k], m[k]);
        c1[k] = cyc(d[k]);
    }
    assert_int_equal(n[0], 3);
    assert_int_equal(n[1], n[0]);
    assert_int_equal(c1[0] - c0[0], c1[1] - c0[1]);
    for (size_t i = 0; i < n[0]; i++) {
        assert_int_equal(m[0][i].addr, m[1][i].addr);
        assert_int_equal(m[0][i].data, m[1][i].data);
        assert_int_equal(m[0][i].index, m[1][i].index);
        assert_int_equal(m[0][i].cycle - c0[0], m[1][i].cycle - c0[1]);
    }
}

/*
 * The reference built at run time behaves as the linked-in one; a second
 * build of the same inputs is a cache hit (no tool run, same object).
 */
static void test_build_cache(void **state)
{
    char cache[] = "/tmp/imslab-rtl-cache-XXXXXX";
    char so[4096], so2[4096];
    struct rtl_build_info info, info2;
    struct ims_dut built, ref;
    struct stat st, st2;

    (void)state;
    assert_non_null(mkdtemp(cache));
    build(SRC_REF, "ims_table", cache, so, sizeof(so), &info);
    assert_false(info.cache_hit);
    assert_int_equal(strlen(info.key), 32);
    assert_true(info.seconds > 0);
    print_message("rtl_build miss: %.1f s\n", info.seconds);
    assert_int_equal(stat(so, &st), 0);
    assert_int_equal(count_tmp_dirs(cache), 0);

    assert_int_equal(rtl_dut_open(so, &built), 0);
    assert_string_equal(built.ops->name, "rtl:ims_table");
    assert_int_equal(built.ops->entries(built.state), ENTRIES);
    assert_int_equal(rtl_ref_create(0, &ref), 0);
    lockstep(&built, &ref);
    ref.ops->destroy(ref.state);

    /* a second instance of the same object, alive at once */
    assert_int_equal(rtl_dut_open(so, &ref), 0);
    lockstep(&built, &ref);
    ref.ops->destroy(ref.state);
    built.ops->destroy(built.state);

    build(SRC_REF, "ims_table", cache, so2, sizeof(so2), &info2);
    assert_true(info2.cache_hit);
    assert_true(info2.seconds == 0);
    assert_string_equal(so, so2);
    assert_string_equal(info.key, info2.key);
    assert_int_equal(stat(so2, &st2), 0);
    assert_true(st.st_mtim.tv_sec == st2.st_mtim.tv_sec &&
                st.st_mtim.tv_nsec == st2.st_mtim.tv_nsec);
    assert_int_equal(count_tmp_dirs(cache), 0);

    /* another top name is another key */
    {
        const char *srcs[] = { SRC_REF };
        char err[256];

        assert_int_equal(rtl_build_ex(srcs, 1, "ims_tablex", cache, so2,
                                      sizeof(so2), err, sizeof(err), &info2),
                         -EIO);
        assert_string_not_equal(info.key, info2.key);
        assert_false(info2.cache_hit);
        assert_non_null(strstr(err, "%Error"));
        assert_int_equal(count_tmp_dirs(cache), 0);
    }
    assert_int_equal(rm_rf(cache), 0);
}

/* Errors: lint errors keep file:line:column; bad arguments; a short path. */
static void test_build_errors(void **state)
{
    char cache[] = "/tmp/imslab-rtl-err-XXXXXX";
    char src[4200], so[4096], err[4096];
    const char *srcs[1];
    FILE *f;
    int rc;

    (void)state;
    assert_non_null(mkdtemp(cache));
    snprintf(src, sizeof(src), "%s/bad.sv", cache);
    f = fopen(src, "w");
    assert_non_null(f);
    fputs("module bad #(parameter int ENTRIES = 4) (input logic clk,\n"
          "    output logic q);\n"
          "    logic unread;\n"
          "    always_ff @(posedge clk) q <= ~q;\n"
          "endmodule\n", f);
    fclose(f);
    srcs[0] = src;
    rc = rtl_build(srcs, 1, "bad", cache, so, sizeof(so), err, sizeof(err));
    if (rc == -ENOENT && strstr(err, "verilator"))
        skip();
    assert_int_equal(rc, -EIO);
    print_message("%s\n", err);
    assert_true(strncmp(err, "verilator failed:\n%Warning-UNUSED", 33) == 0);
    assert_non_null(strstr(err, "bad.sv:3:11"));

    srcs[0] = "/nonexistent/x.sv";
    assert_int_equal(rtl_build(srcs, 1, "x", cache, so, sizeof(so), err,
                               sizeof(err)), -ENOENT);
    assert_non_null(strstr(err, "/nonexistent/x.sv"));
    srcs[0] = SRC_REF;
    assert_int_equal(rtl_build(srcs, 1, "a b", cache, so, sizeof(so), err,
                               sizeof(err)), -EINVAL);
    assert_int_equal(rtl_build(srcs, 1, "-Wno-fatal", cache, so, sizeof(so),
                               err, sizeof(err)), -EINVAL);
    assert_int_equal(rtl_build(srcs, 0, "ims_table", cache, so, sizeof(so),
                               err, sizeof(err)), -EINVAL);
    assert_int_equal(rtl_build(srcs, 1, "ims_table", cache, so, 8, err,
                               sizeof(err)), -ENAMETOOLONG);
    assert_int_equal(count_tmp_dirs(cache), 0);
    assert_int_equal(rtl_dut_open("/nonexistent/libdut.so", NULL), -EINVAL);
    {
        struct ims_dut d;

        assert_int_equal(rtl_dut_open("/nonexistent/libdut.so", &d), -ENOENT);
    }
    assert_int_equal(rm_rf(cache), 0);
}

static void test_default_cache_dir(void **state)
{
    char buf[4096];
    char *xdg = getenv("XDG_CACHE_HOME");
    char *save = xdg ? strdup(xdg) : NULL;

    (void)state;
    setenv("XDG_CACHE_HOME", "/x/cache", 1);
    assert_int_equal(rtl_default_cache_dir(buf, sizeof(buf)), 0);
    assert_string_equal(buf, "/x/cache/imslab/rtl");
    assert_int_equal(rtl_default_cache_dir(buf, 8), -ENAMETOOLONG);
    unsetenv("XDG_CACHE_HOME");
    if (getenv("HOME")) {
        char want[4096];

        snprintf(want, sizeof(want), "%s/.cache/imslab/rtl", getenv("HOME"));
        assert_int_equal(rtl_default_cache_dir(buf, sizeof(buf)), 0);
        assert_string_equal(buf, want);
    }
    if (save) {
        setenv("XDG_CACHE_HOME", save, 1);
        free(save);
    }
}

/* ---- the defective designs: each builds, each defect shows -------------- */

static void open_defect(const char *name, struct ims_dut *d)
{
    char src[1024], so[4096];
    struct rtl_build_info info;

    snprintf(src, sizeof(src), IMSLAB_TEST_DATA "/defects/%s.sv", name);
    build(src, name, IMSLAB_RTL_CACHE, so, sizeof(so), &info);
    print_message("%s: %s %.1f s\n", name,
                  info.cache_hit ? "cache hit" : "built", info.seconds);
    assert_int_equal(rtl_dut_open(so, d), 0);
    assert_int_equal(d->ops->entries(d->state), ENTRIES);
    assert_int_equal(d->ops->reset(d->state), 0);
}

static void test_defect_pending_lost(void **state)
{
    struct ims_dut d;
    struct ims_dut_msg m[MSG_MAX];

    (void)state;
    open_defect("ims_pending_lost", &d);
    program(&d, 4, 1, CTRL_MASK);
    assert_int_equal(fire(&d, 4, 0, false), IMS_DUT_FIRE_ACCEPTED);
    wr(&d, REG(4, CTRL), 0);
    assert_int_equal(d.ops->clock(d.state, 16), 0);
    assert_int_equal(collect(&d, m), 0);          /* reference: 1 */
    d.ops->destroy(d.state);
}

static void test_defect_mask_ignored(void **state)
{
    struct ims_dut d;
    struct ims_dut_msg m[MSG_MAX];

    (void)state;
    open_defect("ims_mask_ignored", &d);
    program(&d, 4, 1, CTRL_MASK);
    assert_int_equal(rd(&d, REG(4, CTRL)), CTRL_MASK);
    assert_int_equal(fire(&d, 4, 0, false), IMS_DUT_FIRE_ACCEPTED);
    assert_int_equal(d.ops->clock(d.state, 4), 0);
    assert_int_equal(collect(&d, m), 1);          /* reference: 0 */
    d.ops->destroy(d.state);
}

static void test_defect_pasid_unchecked(void **state)
{
    struct ims_dut d;

    (void)state;
    open_defect("ims_pasid_unchecked", &d);
    program(&d, 4, 1, CTRL_PASID(0x42) | CTRL_PASID_EN);
    assert_int_equal(rd(&d, REG(4, CTRL)), CTRL_PASID(0x42) | CTRL_PASID_EN);
    assert_int_equal(fire(&d, 4, 0x43, true),
                     IMS_DUT_FIRE_ACCEPTED);      /* reference: refused */
    assert_int_equal(fire(&d, 4, 0, false), IMS_DUT_FIRE_ACCEPTED);
    d.ops->destroy(d.state);
}

static void test_defect_last_unreachable(void **state)
{
    struct ims_dut d;

    (void)state;
    open_defect("ims_last_unreachable", &d);
    wr(&d, REG(ENTRIES - 1, DATA), 0x1234);
    assert_int_equal(rd(&d, REG(ENTRIES - 1, DATA)), 0);  /* ref: 0x1234 */
    assert_int_equal(fire(&d, ENTRIES - 1, 0, false),
                     IMS_DUT_FIRE_REFUSED);       /* reference: accepted */
    assert_int_equal(fire(&d, ENTRIES - 2, 0, false), IMS_DUT_FIRE_ACCEPTED);
    d.ops->destroy(d.state);
}

static void test_defect_torn(void **state)
{
    struct ims_dut d;
    struct ims_dut_msg m[MSG_MAX];

    (void)state;
    open_defect("ims_torn", &d);
    program(&d, 4, 1, 0);
    /* masked update, data first: per-dword means the new pair on unmask */
    wr(&d, REG(4, CTRL), CTRL_MASK);
    wr(&d, REG(4, DATA), pair_data(4, 2));
    wr(&d, REG(4, ADDR_LO), (uint32_t)pair_addr(4, 2));
    wr(&d, REG(4, ADDR_HI), 2);
    assert_int_equal(rd(&d, REG(4, ADDR_HI)), 2);
    wr(&d, REG(4, CTRL), 0);
    assert_int_equal(fire(&d, 4, 0, false), IMS_DUT_FIRE_ACCEPTED);
    assert_int_equal(d.ops->clock(d.state, 2), 0);
    assert_int_equal(collect(&d, m), 1);
    assert_int_equal(m[0].data, pair_data(4, 2));
    assert_int_equal(m[0].addr, pair_addr(4, 1));  /* torn: old address */
    d.ops->destroy(d.state);
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
        cmocka_unit_test_setup_teardown(test_fn_mask, ref_setup, ref_teardown),
        cmocka_unit_test_setup_teardown(test_pasid, ref_setup, ref_teardown),
        cmocka_unit_test_setup_teardown(test_range, ref_setup, ref_teardown),
        cmocka_unit_test_setup_teardown(test_back_to_back, ref_setup,
                                        ref_teardown),
        cmocka_unit_test_setup_teardown(test_trace, ref_setup, ref_teardown),
    };
    const struct CMUnitTest builder[] = {
        cmocka_unit_test(test_default_cache_dir),
        cmocka_unit_test(test_build_errors),
        cmocka_unit_test(test_build_cache),
    };
    const struct CMUnitTest defects[] = {
        cmocka_unit_test(test_defect_pending_lost),
        cmocka_unit_test(test_defect_mask_ignored),
        cmocka_unit_test(test_defect_pasid_unchecked),
        cmocka_unit_test(test_defect_last_unreachable),
        cmocka_unit_test(test_defect_torn),
    };
    int fails = 0;

    fails += cmocka_run_group_tests_name("rtl_ref", ref, NULL, NULL);
    fails += cmocka_run_group_tests_name("rtl_build", builder, NULL, NULL);
    fails += cmocka_run_group_tests_name("rtl_defects", defects, NULL, NULL);
    return fails;
}
