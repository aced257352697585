/* SPDX-License-Identifier: MIT */
/*
 * test_tlm.c - SystemC/TLM-2.0 designs through the DUT ops: tlm_build() and
 * its cache, the time base (cycles per operation, a message's cycle) for a
 * clocked model (examples/tlm/ims_ref_tlm.cpp) and a loosely-timed one
 * (tests/data/defects/ims_tlm_pasid_unchecked.cpp), back-pressure, the
 * PASID check the defect lacks, the VCD, and that instances are separate
 * processes: two at once, each constructed fresh; byte enables and the
 * optional fn_mask port, through the proxy.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness/tlm.h"

#define REG(i, f) ((uint32_t)(i) * 16u + (f))
#define ADDR_LO 0x0u
#define ADDR_HI 0x4u
#define DATA 0x8u
#define CTRL 0xcu
#define MASK 0x1u
#define PASID_EN 0x8u
#define MSG_MAX 64
#define RESET_CYCLES 4u         /* rst_n 1, 0, 0, 1 */

static char ref_so[4096], lt_so[4096];

static void build(const char *src, const char *top, char *so, size_t len)
{
    char err[4096];
    struct tlm_build_info info;
    const char *const v[] = { src };
    int rc = tlm_build(v, 1, top, IMSLAB_RTL_CACHE, so, len, err, sizeof(err), &info);

    if (rc)
        fprintf(stderr, "%s\n", err);
    assert_int_equal(rc, 0);
}

static int group_setup(void **state)
{
    (void)state;
    build(IMSLAB_SOURCE_DIR "/examples/tlm/ims_ref_tlm.cpp", "ims_ref_tlm", ref_so,
          sizeof(ref_so));
    build(IMSLAB_SOURCE_DIR "/tests/data/defects/ims_tlm_pasid_unchecked.cpp",
          "ims_tlm_pasid_unchecked", lt_so, sizeof(lt_so));
    return 0;
}

static void open_dut(const char *so, struct ims_dut *d)
{
    char err[1024];
    int rc = tlm_dut_open(so, d, err, sizeof(err));

    if (rc)
        fprintf(stderr, "%s\n", err);
    assert_int_equal(rc, 0);
}

static void wr(struct ims_dut *d, uint32_t off, uint32_t v)
{
    assert_int_equal(d->ops->reg_write(d->state, off, v), 0);
}

static uint32_t rd(struct ims_dut *d, uint32_t off)
{
    uint32_t v = 0xdeadbeef;

    assert_int_equal(d->ops->reg_read(d->state, off, &v), 0);
    return v;
}

static uint64_t cyc(struct ims_dut *d)
{
    return d->ops->cycle(d->state);
}

static size_t collect(struct ims_dut *d, struct ims_dut_msg *m)
{
    return d->ops->collect(d->state, m, MSG_MAX);
}

/* Entry @i: pair from @i, then @ctrl (mask first, as a driver does). */
static void program(struct ims_dut *d, uint32_t i, uint32_t ctrl)
{
    wr(d, REG(i, CTRL), MASK);
    wr(d, REG(i, ADDR_LO), 0xfee00000u | i << 4);
    wr(d, REG(i, ADDR_HI), 0x10u + i);
    wr(d, REG(i, DATA), 0x4000u | i);
    wr(d, REG(i, CTRL), ctrl);
}

static void expect_msg(const struct ims_dut_msg *m, uint32_t i, uint64_t cycle)
{
    assert_int_equal(m->index, i);
    assert_int_equal(m->addr, (uint64_t)(0x10u + i) << 32 | 0xfee00000u | i << 4);
    assert_int_equal(m->data, 0x4000u | i);
    assert_int_equal(m->len, 4);
    assert_int_equal(m->cycle, cycle);
}

/* A second build of the same inputs is a cache hit with the same object. */
static void test_build_cached(void **state)
{
    const char *const v[] = { IMSLAB_SOURCE_DIR "/examples/tlm/ims_ref_tlm.cpp" };
    struct tlm_build_info info;
    char so[4096], err[256];

    (void)state;
    assert_int_equal(tlm_build(v, 1, "ims_ref_tlm", IMSLAB_RTL_CACHE, so, sizeof(so), err,
                               sizeof(err), &info), 0);
    assert_true(info.cache_hit);
    assert_string_equal(so, ref_so);
    assert_int_equal(tlm_build(v, 1, "1bad", IMSLAB_RTL_CACHE, so, sizeof(so), err,
                               sizeof(err), &info), -EINVAL);
}

/* Clocked: one cycle per access and per fire; the message at the edge that ends the fire's cycle. */
static void test_clocked_timing(void **state)
{
    struct ims_dut d;
    struct ims_dut_msg m[MSG_MAX];

    (void)state;
    open_dut(ref_so, &d);
    assert_string_equal(d.ops->name, "tlm:ims_ref_tlm");
    assert_int_equal(d.ops->entries(d.state), 64);
    assert_int_equal(cyc(&d), 0);
    assert_int_equal(d.ops->reset(d.state), 0);
    assert_int_equal(cyc(&d), RESET_CYCLES);
    /* reset: masked, nothing else; bits no field defines read 0 */
    assert_int_equal(rd(&d, REG(7, CTRL)), MASK);
    assert_int_equal(rd(&d, REG(7, DATA)), 0);
    wr(&d, REG(7, CTRL), 0xffffffffu);
    assert_int_equal(cyc(&d), RESET_CYCLES + 3);
    assert_int_equal(rd(&d, REG(7, CTRL)), 0xfffff009u);
    program(&d, 5, 0);
    assert_int_equal(cyc(&d), RESET_CYCLES + 9);
    assert_int_equal(d.ops->fire(d.state, 5, 0, false, 8), IMS_DUT_FIRE_ACCEPTED);
    assert_int_equal(cyc(&d), RESET_CYCLES + 10);
    assert_int_equal(collect(&d, m), 1);
    expect_msg(&m[0], 5, RESET_CYCLES + 10);
    /*
     * masked: pending, released once by the unmask: the write is taken just
     * after edge 26, the model queues the message, its sender sends it at
     * edge 27, which ends the write's cycle too
     */
    wr(&d, REG(5, CTRL), MASK);
    assert_int_equal(d.ops->fire(d.state, 5, 0, false, 8), IMS_DUT_FIRE_ACCEPTED);
    assert_int_equal(d.ops->clock(d.state, 10), 0);
    assert_int_equal(collect(&d, m), 0);
    wr(&d, REG(5, CTRL), 0);
    assert_int_equal(cyc(&d), RESET_CYCLES + 23);
    assert_int_equal(d.ops->clock(d.state, 1), 0);
    assert_int_equal(collect(&d, m), 1);
    expect_msg(&m[0], 5, RESET_CYCLES + 23);
    assert_int_equal(d.ops->clock(d.state, 10), 0);
    assert_int_equal(collect(&d, m), 0);
    /* refused: out of range, PASID mismatch; accepted with the PASID */
    assert_int_equal(d.ops->fire(d.state, 64, 0, false, 8), IMS_DUT_FIRE_REFUSED);
    wr(&d, REG(5, CTRL), PASID_EN | 0x123u << 12);
    assert_int_equal(d.ops->fire(d.state, 5, 0x124, true, 8), IMS_DUT_FIRE_REFUSED);
    assert_int_equal(d.ops->fire(d.state, 5, 0, false, 8), IMS_DUT_FIRE_REFUSED);
    assert_int_equal(d.ops->fire(d.state, 5, 0x123, true, 8), IMS_DUT_FIRE_ACCEPTED);
    assert_int_equal(collect(&d, m), 1);
    d.ops->destroy(d.state);
}

/* msg_ready low holds the model's message call; high again, it leaves once. */
static void test_back_pressure(void **state)
{
    struct ims_dut d;
    struct ims_dut_msg m[MSG_MAX];
    uint64_t c;

    (void)state;
    open_dut(ref_so, &d);
    assert_int_equal(d.ops->reset(d.state), 0);
    program(&d, 9, 0);
    assert_int_equal(d.ops->set_ready(d.state, false), 0);
    assert_int_equal(d.ops->fire(d.state, 9, 0, false, 8), IMS_DUT_FIRE_ACCEPTED);
    assert_int_equal(d.ops->clock(d.state, 50), 0);
    assert_int_equal(collect(&d, m), 0);
    c = cyc(&d);
    assert_int_equal(d.ops->set_ready(d.state, true), 0);
    assert_int_equal(d.ops->clock(d.state, 5), 0);
    assert_int_equal(collect(&d, m), 1);
    expect_msg(&m[0], 9, c + 1);
    d.ops->destroy(d.state);
}

/* Loosely timed: an access annotates one cycle (two in all), a message one after its fire. */
static void test_lt_timing(void **state)
{
    struct ims_dut d;
    struct ims_dut_msg m[MSG_MAX];

    (void)state;
    open_dut(lt_so, &d);
    assert_string_equal(d.ops->name, "tlm:ims_tlm_pasid_unchecked");
    assert_int_equal(d.ops->reset(d.state), 0);
    assert_int_equal(cyc(&d), RESET_CYCLES);
    wr(&d, REG(3, DATA), 1);
    assert_int_equal(cyc(&d), RESET_CYCLES + 2);
    program(&d, 3, 0);
    assert_int_equal(cyc(&d), RESET_CYCLES + 12);
    assert_int_equal(d.ops->fire(d.state, 3, 0, false, 8), IMS_DUT_FIRE_ACCEPTED);
    assert_int_equal(cyc(&d), RESET_CYCLES + 13);
    assert_int_equal(d.ops->clock(d.state, 2), 0);
    assert_int_equal(collect(&d, m), 1);
    expect_msg(&m[0], 3, RESET_CYCLES + 14);
    /* its defect: a PASID mismatch is taken */
    wr(&d, REG(3, CTRL), PASID_EN | 0x55u << 12);
    assert_int_equal(d.ops->fire(d.state, 3, 0x56, true, 8), IMS_DUT_FIRE_ACCEPTED);
    d.ops->destroy(d.state);
}

/* A write with byte enables changes only the enabled bytes of the sample (merge). */
static void test_byte_enables(void **state)
{
    struct ims_dut d;
    uint64_t c;

    (void)state;
    open_dut(ref_so, &d);
    assert_non_null(d.ops->reg_write_be);
    assert_int_equal(d.ops->reset(d.state), 0);
    wr(&d, REG(4, DATA), 0x11223344u);
    c = cyc(&d);
    assert_int_equal(d.ops->reg_write_be(d.state, REG(4, DATA), 0xaabbccddu, 0x5u), 0);
    assert_int_equal(cyc(&d), c + 1);           /* one access, as reg_write */
    assert_int_equal(rd(&d, REG(4, DATA)), 0x11bb33ddu);
    assert_int_equal(d.ops->reg_write_be(d.state, REG(4, DATA), 0xaabbccddu, 0xau), 0);
    assert_int_equal(rd(&d, REG(4, DATA)), 0xaabbccddu);
    assert_int_equal(d.ops->reg_write_be(d.state, REG(4, DATA), 0, 0), 0);
    assert_int_equal(rd(&d, REG(4, DATA)), 0xaabbccddu);
    assert_int_equal(d.ops->reg_write_be(d.state, REG(4, DATA), 0x55667788u, 0xfu), 0);
    assert_int_equal(rd(&d, REG(4, DATA)), 0x55667788u);
    /* an unmask whose mask byte is not enabled leaves the entry masked */
    assert_int_equal(d.ops->reg_write_be(d.state, REG(4, CTRL), 0, 0xeu), 0);
    assert_int_equal(rd(&d, REG(4, CTRL)), MASK);
    assert_int_equal(d.ops->reg_write_be(d.state, REG(4, CTRL), 0, 0x1u), 0);
    assert_int_equal(rd(&d, REG(4, CTRL)), 0);
    assert_int_equal(d.ops->reg_write_be(d.state, REG(4, DATA), 0, 0x10u), -EINVAL);
    d.ops->destroy(d.state);
}

/*
 * fn_mask: while set every fire is held and an unmask keeps its entry
 * pending; clearing it releases each pending entry not masked itself,
 * once, in index order, one per edge; reset clears it.
 */
static void test_fn_mask(void **state)
{
    struct ims_dut d, lt;
    struct ims_dut_msg m[MSG_MAX];
    uint64_t c;

    (void)state;
    open_dut(ref_so, &d);
    assert_non_null(d.ops->set_fmask);
    assert_int_equal(d.ops->reset(d.state), 0);
    program(&d, 6, 0);
    program(&d, 2, 0);
    program(&d, 3, MASK);
    assert_int_equal(d.ops->set_fmask(d.state, true), 0);
    assert_int_equal(d.ops->fire(d.state, 6, 0, false, 8), IMS_DUT_FIRE_ACCEPTED);
    assert_int_equal(d.ops->fire(d.state, 2, 0, false, 8), IMS_DUT_FIRE_ACCEPTED);
    assert_int_equal(d.ops->fire(d.state, 2, 0, false, 8), IMS_DUT_FIRE_ACCEPTED);
    assert_int_equal(d.ops->fire(d.state, 3, 0, false, 8), IMS_DUT_FIRE_ACCEPTED);
    wr(&d, REG(3, CTRL), 0);                    /* unmasked, still function-masked */
    wr(&d, REG(3, CTRL), MASK);
    assert_int_equal(d.ops->clock(d.state, 10), 0);
    assert_int_equal(collect(&d, m), 0);
    c = cyc(&d);
    assert_int_equal(d.ops->set_fmask(d.state, false), 0);
    assert_int_equal(d.ops->clock(d.state, 10), 0);
    assert_int_equal(collect(&d, m), 2);
    expect_msg(&m[0], 2, c + 1);
    expect_msg(&m[1], 6, c + 2);
    /* entry 3, masked itself, is still pending: its unmask releases it */
    wr(&d, REG(3, CTRL), 0);
    assert_int_equal(d.ops->clock(d.state, 2), 0);
    assert_int_equal(collect(&d, m), 1);
    assert_int_equal(m[0].index, 3);
    /* reset drives fn_mask low: a fire on an unmasked entry leaves at once */
    assert_int_equal(d.ops->set_fmask(d.state, true), 0);
    assert_int_equal(d.ops->reset(d.state), 0);
    program(&d, 6, 0);
    assert_int_equal(d.ops->fire(d.state, 6, 0, false, 8), IMS_DUT_FIRE_ACCEPTED);
    c = cyc(&d);
    assert_int_equal(collect(&d, m), 1);
    expect_msg(&m[0], 6, c);
    d.ops->destroy(d.state);
    /* a model without the port: no set_fmask; byte enables are the host's */
    open_dut(lt_so, &lt);
    assert_null(lt.ops->set_fmask);
    assert_non_null(lt.ops->reg_write_be);
    lt.ops->destroy(lt.state);
}

/* Two instances at once, each its own process and SystemC kernel. */
static void test_instances_separate(void **state)
{
    struct ims_dut a, b;
    struct ims_dut_msg m[MSG_MAX];

    (void)state;
    open_dut(ref_so, &a);
    assert_int_equal(a.ops->reset(a.state), 0);
    program(&a, 2, 0);
    open_dut(ref_so, &b);
    assert_int_equal(cyc(&b), 0);
    assert_int_equal(b.ops->reset(b.state), 0);
    assert_int_equal(rd(&b, REG(2, DATA)), 0);
    assert_int_equal(rd(&a, REG(2, DATA)), 0x4002u);
    assert_int_equal(a.ops->fire(a.state, 2, 0, false, 8), IMS_DUT_FIRE_ACCEPTED);
    assert_int_equal(collect(&a, m), 1);
    assert_int_equal(collect(&b, m), 0);
    a.ops->destroy(a.state);
    assert_int_equal(rd(&b, REG(2, CTRL)), MASK);
    b.ops->destroy(b.state);
}

/* The VCD: the port list's names (with reg_be and fn_mask), 1 ps, the message at cycle x 2000 ps. */
static void test_trace(void **state)
{
    char path[] = "/tmp/imslab-test-tlm-XXXXXX", line[256];
    struct ims_dut d;
    struct ims_dut_msg m[MSG_MAX];
    bool scale = false, msgv = false, at = false, bev = false, fmv = false;
    char want[32];
    FILE *f;
    int fd = mkstemp(path);

    (void)state;
    assert_true(fd >= 0);
    open_dut(ref_so, &d);
    assert_int_equal(d.ops->trace(d.state, path), 0);
    assert_int_equal(d.ops->reset(d.state), 0);
    program(&d, 1, 0);
    assert_int_equal(d.ops->fire(d.state, 1, 0, false, 8), IMS_DUT_FIRE_ACCEPTED);
    assert_int_equal(collect(&d, m), 1);
    assert_int_equal(d.ops->trace(d.state, NULL), 0);
    snprintf(want, sizeof(want), "#%llu", (unsigned long long)(m[0].cycle * IMS_DUT_CLOCK_PS));
    f = fdopen(fd, "r");
    assert_non_null(f);
    while (fgets(line, sizeof(line), f)) {
        line[strcspn(line, "\n")] = '\0';
        scale |= !strcmp(line, "$timescale 1ps $end");
        msgv |= strstr(line, " msg_valid $end") != NULL;
        bev |= strstr(line, "$var wire 4 ") && strstr(line, " reg_be $end");
        fmv |= strstr(line, "$var wire 1 ") && strstr(line, " fn_mask $end");
        at |= !strcmp(line, want);
    }
    fclose(f);
    remove(path);
    assert_true(scale);
    assert_true(msgv);
    assert_true(at);
    assert_true(bev);
    assert_true(fmv);
    d.ops->destroy(d.state);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_build_cached),
        cmocka_unit_test(test_clocked_timing),
        cmocka_unit_test(test_back_pressure),
        cmocka_unit_test(test_lt_timing),
        cmocka_unit_test(test_byte_enables),
        cmocka_unit_test(test_fn_mask),
        cmocka_unit_test(test_instances_separate),
        cmocka_unit_test(test_trace),
    };

    return cmocka_run_group_tests(tests, group_setup, NULL);
}
