/* SPDX-License-Identifier: MIT */
/*
 * test_its.c - the GICv3/v4.1 ITS: command encodings against golden
 * doublewords, the command queue, GITS_TRANSLATER translation and its
 * errors, GICv4.1 vLPI direct injection and doorbells (rules GIC-*,
 * docs/rules.md; docs/platforms.md).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "models/gic/its.h"

static void expect_cmd(const struct its_cmd *c, uint64_t d0, uint64_t d1, uint64_t d2,
                       uint64_t d3)
{
    assert_int_equal(c->dw[0], d0);
    assert_int_equal(c->dw[1], d1);
    assert_int_equal(c->dw[2], d2);
    assert_int_equal(c->dw[3], d3);
}

/* ---- GIC-CMD-01 ---------------------------------------------------------- */

static void test_encodings(void **state)
{
    struct its_cmd c;

    (void)state;
    its_enc_mapd(&c, 0x10, 4, UINT64_C(0x40001000), true);
    expect_cmd(&c, UINT64_C(0x0000001000000008), 0x4, UINT64_C(0x8000000040001000), 0);
    assert_int_equal(ITS_DW0_OP(c.dw[0]), ITS_CMD_MAPD);
    assert_int_equal(ITS_DW0_DEVID(c.dw[0]), 0x10);
    assert_int_equal(ITS_DW1_SIZE(c.dw[1]), 4);
    assert_int_equal(c.dw[2] & ITS_DW2_ITT_MASK, 0x40001000);
    its_enc_mapc(&c, 3, 1, true);
    expect_cmd(&c, 0x9, 0, UINT64_C(0x8000000000010003), 0);
    assert_int_equal(ITS_DW2_RDBASE(c.dw[2]), 1);
    assert_int_equal(ITS_DW2_ICID(c.dw[2]), 3);
    its_enc_mapti(&c, 0x10, 2, 0x2008, 3);
    expect_cmd(&c, UINT64_C(0x000000100000000a), UINT64_C(0x0000200800000002), 3, 0);
    assert_int_equal(ITS_DW1_PINTID(c.dw[1]), 0x2008);
    its_enc_mapi(&c, 0x10, 0x2009, 3);
    expect_cmd(&c, UINT64_C(0x000000100000000b), 0x2009, 3, 0);
    its_enc_movi(&c, 0x10, 2, 4);
    expect_cmd(&c, UINT64_C(0x0000001000000001), 2, 4, 0);
    its_enc_inv(&c, 0x10, 2);
    expect_cmd(&c, UINT64_C(0x000000100000000c), 2, 0, 0);
    its_enc_discard(&c, 0x10, 2);
    expect_cmd(&c, UINT64_C(0x000000100000000f), 2, 0, 0);
    its_enc_sync(&c, 2);
    expect_cmd(&c, 0x5, 0, 0x20000, 0);
    its_enc_vmapp(&c, 5, 1, UINT64_C(0x50000000), 15, 0x206c, true);
    expect_cmd(&c, 0x29, UINT64_C(0x000000050000206c), UINT64_C(0x8000000000010000),
               UINT64_C(0x000000005000000f));
    assert_int_equal(ITS_DW1_VPEID(c.dw[1]), 5);
    assert_int_equal(ITS_DW1_DEFDB(c.dw[1]), 0x206c);
    its_enc_vmapti(&c, 0x10, 3, 5, 8192);
    expect_cmd(&c, UINT64_C(0x000000100000002a), UINT64_C(0x0000000500000003),
               UINT64_C(0x000003ff00002000), 0);
    assert_int_equal(ITS_DW2_VINTID(c.dw[2]), 8192);
    assert_int_equal(ITS_DW2_DBPINTID(c.dw[2]), ITS_NO_DOORBELL);
    /* error codes as KVM's vgic-its.h */
    assert_int_equal(ITS_ERR(ITS_CMD_MAPD, ITS_ERRC_DEVICE_OOR), 0x010801);
    assert_int_equal(ITS_ERR(ITS_CMD_MAPTI, ITS_ERRC_PHYSICALID_OOR), 0x010a06);
    assert_int_equal(ITS_ERR(ITS_CMD_INT, ITS_ERRC_UNMAPPED_INTERRUPT), 0x010307);
    assert_int_equal(ITS_ERR(ITS_CMD_MOVI, ITS_ERRC_UNMAPPED_COLLECTION), 0x010109);
}

/* ---- the ITS ------------------------------------------------------------- */

#define ITS_BASE UINT64_C(0x08080000)
#define CQ       UINT64_C(0x100000)
#define VPT      UINT64_C(0x200000)

struct env {
    struct sim *sim;
    struct mem mem;
    struct cost_model cost;
    struct its *its;
    uint64_t cw;
    struct its_result res[8];
    unsigned nres;
    uint32_t lpi_rd, lpi_id;
    uint64_t lpi_seq;
    unsigned lpis;
    uint32_t vlpi_rd, vlpi_vpe, vlpi_id;
    uint64_t vlpi_seq;
    unsigned vlpis;
    unsigned faults;
};

static void on_result(void *ctx, const struct its_result *r)
{
    struct env *e = ctx;

    if (e->nres < 8)
        e->res[e->nres] = *r;
    e->nres++;
}

static void on_lpi(void *ctx, uint32_t rd, uint32_t intid, const struct irq_tag *tag)
{
    struct env *e = ctx;

    e->lpi_seq = tag->seq;
    e->lpi_rd = rd;
    e->lpi_id = intid;
    e->lpis++;
}

static void on_vlpi(void *ctx, uint32_t rd, uint32_t vpeid, uint32_t vintid,
                    const struct irq_tag *tag)
{
    struct env *e = ctx;

    e->vlpi_rd = rd;
    e->vlpi_vpe = vpeid;
    e->vlpi_id = vintid;
    e->vlpi_seq = tag->seq;
    e->vlpis++;
}

static void on_fault(void *ctx, const struct irq_tag *tag, enum evidence_fault where,
                     unsigned reason)
{
    struct env *e = ctx;

    (void)tag;
    (void)reason;
    assert_int_equal(where, EVIDENCE_FAULT_IR);
    e->faults++;
}

static const struct evidence_ops ev_ops = { .fault = on_fault };

static void env_init(struct env *e)
{
    struct its_config c = { 0 };

    memset(e, 0, sizeof(*e));
    assert_int_equal(sim_create(&e->sim, NULL), 0);
    mem_init(&e->mem);
    assert_int_equal(mem_add_region(&e->mem, CQ, 0x110000), 0);
    cost_model_default(&e->cost);
    c.sim = e->sim;
    c.mem = &e->mem;
    c.cost = &e->cost;
    c.rd = (struct its_rd_sink){ .lpi = on_lpi, .vlpi = on_vlpi, .ctx = e };
    c.evidence = (struct evidence_port){ .ops = &ev_ops, .ctx = e };
    c.on_result = on_result;
    c.result_ctx = e;
    c.base = ITS_BASE;
    c.dev_bits = 16;
    c.id_bits = 16;
    c.max_devices = 256;
    c.collections = 8;
    c.vpes = 8;
    c.rds = 4;
    assert_int_equal(its_create(&e->its, &c), 0);
    assert_int_equal(its_set_cbaser(e->its, CQ, 1), 0);
}

static void env_fini(struct env *e)
{
    its_destroy(e->its);
    mem_fini(&e->mem);
    sim_destroy(e->sim);
}

static void queue(struct env *e, const struct its_cmd *c)
{
    assert_int_equal(mem_write(&e->mem, CQ + e->cw, c->dw, sizeof(c->dw)), 0);
    e->cw += ITS_CMD_SIZE;
}

static void go(struct env *e)
{
    assert_int_equal(its_set_cwriter(e->its, e->cw), 0);
    assert_int_equal(sim_run(e->sim, SIM_FOREVER), SIM_RUN_DONE);
    assert_int_equal(its_creadr(e->its), e->cw);
}

static void msi(struct env *e, uint16_t rid, uint32_t data, uint64_t seq)
{
    struct pcie_write w = { .addr = ITS_BASE + ITS_TRANSLATER_OFF, .data = data, .len = 4,
                            .rid = rid, .tag = { .seq = seq } };

    its_write(e->its, &w);
    assert_int_equal(sim_run(e->sim, SIM_FOREVER), SIM_RUN_DONE);
}

static void setup_physical(struct env *e)
{
    struct its_cmd c;

    its_enc_mapd(&c, 0x10, 4, UINT64_C(0x40001000), true);
    queue(e, &c);
    its_enc_mapc(&c, 3, 1, true);
    queue(e, &c);
    its_enc_mapc(&c, 4, 0, true);
    queue(e, &c);
    its_enc_mapti(&c, 0x10, 2, 0x2008, 3);
    queue(e, &c);
    its_enc_sync(&c, 1);
    queue(e, &c);
    go(e);
}

/* GIC-ITS-01, GIC-CMD-02 */
static void test_translate_lpi(void **state)
{
    struct env e;
    struct its_cmd c;
    sim_time_t t;

    (void)state;
    env_init(&e);
    setup_physical(&e);
    assert_int_equal(sim_now(e.sim), SIM_NS(5 * 200));
    assert_int_equal(its_syncs(e.its), 1);
    assert_int_equal(its_last_error(e.its), 0);
    t = sim_now(e.sim);
    msi(&e, 0x10, 2, 1);
    assert_int_equal(e.res[0].outcome, ITS_OUT_LPI);
    assert_int_equal(e.lpis, 1);
    assert_int_equal(e.lpi_rd, 1);
    assert_int_equal(e.lpi_id, 0x2008);
    assert_int_equal(e.lpi_seq, 1);
    assert_int_equal(sim_now(e.sim) - t, SIM_NS(150 + 150));

    /* MOVI to collection 4 (redistributor 0) */
    its_enc_movi(&c, 0x10, 2, 4);
    queue(&e, &c);
    go(&e);
    msi(&e, 0x10, 2, 2);
    assert_int_equal(e.lpi_rd, 0);
    assert_int_equal(e.lpis, 2);

    /* a write elsewhere is not an MSI for the ITS */
    {
        struct pcie_write w = { .addr = ITS_BASE, .data = 2, .len = 4, .rid = 0x10 };

        its_write(e.its, &w);
        assert_int_equal(e.res[2].outcome, ITS_OUT_NOT_ITS);
    }
    env_fini(&e);
}

/* GIC-ITS-02 */
static void test_translate_errors(void **state)
{
    struct env e;
    struct its_cmd c;

    (void)state;
    env_init(&e);
    setup_physical(&e);
    msi(&e, 0x10, 5, 1);  /* no ITE */
    msi(&e, 0x11, 2, 2);  /* no device */
    msi(&e, 0x10, 32, 3); /* EventID beyond 5 bits */
    assert_int_equal(e.res[0].error, 0x010307);
    assert_int_equal(e.res[1].error, 0x010304);
    assert_int_equal(e.res[2].error, 0x010305);
    assert_int_equal(e.faults, 3);
    assert_int_equal(e.lpis, 0);

    /* DISCARD removes the mapping */
    its_enc_discard(&c, 0x10, 2);
    queue(&e, &c);
    go(&e);
    msi(&e, 0x10, 2, 4);
    assert_int_equal(e.res[3].error, 0x010307);
    env_fini(&e);
}

/* GIC-CMD-02: a failing command is ignored, recorded, and the queue goes on */
static void test_command_errors(void **state)
{
    struct env e;
    struct its_cmd c;

    (void)state;
    env_init(&e);
    setup_physical(&e);
    its_enc_mapti(&c, 0x10, 6, 100, 3); /* pINTID below 8192 */
    queue(&e, &c);
    go(&e);
    assert_int_equal(its_last_error(e.its), 0x010a06);
    its_enc_mapti(&c, 0x20, 0, 0x2100, 3); /* unmapped device */
    queue(&e, &c);
    go(&e);
    assert_int_equal(its_last_error(e.its), 0x010a04);
    its_enc_mapd(&c, 0x20, 16, 0, true); /* 17 EventID bits > id_bits */
    queue(&e, &c);
    go(&e);
    assert_int_equal(its_last_error(e.its), 0x010802);
    its_enc_movi(&c, 0x10, 2, 5); /* collection 5 not mapped */
    queue(&e, &c);
    its_enc_inv(&c, 0x10, 2); /* still fine */
    queue(&e, &c);
    go(&e);
    assert_int_equal(its_last_error(e.its), 0x010109);
    msi(&e, 0x10, 2, 1);
    assert_int_equal(e.lpi_rd, 1); /* the MOVI changed nothing */
    env_fini(&e);
}

/* GIC-V41-01, GIC-V41-02 */
static void test_vlpi(void **state)
{
    struct env e;
    struct its_cmd c;
    uint8_t b;

    (void)state;
    env_init(&e);
    setup_physical(&e);
    its_enc_vmapp(&c, 5, 1, VPT, 15, 0x206c, true);
    queue(&e, &c);
    its_enc_vmapti(&c, 0x10, 3, 5, 8192);
    queue(&e, &c);
    go(&e);
    assert_int_equal(its_last_error(e.its), 0);

    /* not resident: pending in the VPT, default doorbell to redistributor 1 */
    msi(&e, 0x10, 3, 7);
    assert_int_equal(e.res[0].outcome, ITS_OUT_DOORBELL);
    assert_int_equal(e.lpis, 1);
    assert_int_equal(e.lpi_rd, 1);
    assert_int_equal(e.lpi_id, 0x206c);
    assert_int_equal(e.lpi_seq, 0); /* the doorbell carries no raise */
    assert_int_equal(e.vlpis, 0);
    assert_int_equal(mem_read(&e.mem, VPT + 8192 / 8, &b, 1), 0);
    assert_int_equal(b, 0x01);

    /* scheduled: the pending vLPI is delivered with its tag, the bit cleared */
    assert_int_equal(its_vpe_schedule(e.its, 5, true), 0);
    assert_int_equal(sim_run(e.sim, SIM_FOREVER), SIM_RUN_DONE);
    assert_int_equal(e.vlpis, 1);
    assert_int_equal(e.vlpi_vpe, 5);
    assert_int_equal(e.vlpi_id, 8192);
    assert_int_equal(e.vlpi_seq, 7);
    assert_int_equal(mem_read(&e.mem, VPT + 8192 / 8, &b, 1), 0);
    assert_int_equal(b, 0);

    /* resident: direct injection, no doorbell */
    msi(&e, 0x10, 3, 8);
    assert_int_equal(e.res[1].outcome, ITS_OUT_VLPI);
    assert_int_equal(e.vlpis, 2);
    assert_int_equal(e.vlpi_rd, 1);
    assert_int_equal(e.vlpi_seq, 8);
    assert_int_equal(e.lpis, 1);
    assert_int_equal(its_vpe_schedule(e.its, 6, true), -EINVAL);
    env_fini(&e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_encodings),
        cmocka_unit_test(test_translate_lpi),
        cmocka_unit_test(test_translate_errors),
        cmocka_unit_test(test_command_errors),
        cmocka_unit_test(test_vlpi),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
