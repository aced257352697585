/* SPDX-License-Identifier: MIT */
/*
 * test_riscv.c - RISC-V AIA IMSIC address layout and interrupt files, and
 * the RISC-V IOMMU's MSI translation (flat and MRIF mode) with its faults,
 * against golden values (rules RV-*, docs/rules.md; docs/platforms.md).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "models/riscv/imsic.h"
#include "models/riscv/rv_iommu.h"

/* ---- RV-IMSIC-01 --------------------------------------------------------- */

static void test_imsic_layout(void **state)
{
    struct imsic_geom g = { .base = 0x28000000, .guest_bits = 2, .hart_bits = 2,
                            .group_bits = 1, .group_shift = 24 };
    unsigned grp, hart, guest, off;
    uint64_t a;

    (void)state;
    assert_int_equal(imsic_file_addr(&g, 0, 1, 2, &a), 0);
    assert_int_equal(a, 0x28006000);
    assert_int_equal(imsic_file_addr(&g, 1, 3, 3, &a), 0);
    assert_int_equal(a, 0x2900f000);
    assert_int_equal(imsic_file_addr(&g, 0, 4, 0, &a), -EINVAL);
    assert_int_equal(imsic_file_addr(&g, 0, 0, 4, &a), -EINVAL);
    assert_int_equal(imsic_addr_decode(&g, 0x2900f004, &grp, &hart, &guest, &off), 0);
    assert_int_equal(grp, 1);
    assert_int_equal(hart, 3);
    assert_int_equal(guest, 3);
    assert_int_equal(off, 4);
    assert_int_equal(imsic_addr_decode(&g, 0x28010000, &grp, &hart, &guest, &off), -ENOENT);
    assert_int_equal(imsic_addr_decode(&g, 0x27fff000, &grp, &hart, &guest, &off), -ENOENT);
    g.group_shift = 15; /* overlaps the hart field */
    assert_int_equal(imsic_file_addr(&g, 0, 0, 0, &a), -EINVAL);
}

/* ---- RV-MSI-01, RV-MSI-02, RV-MSI-03, RV-FQ-01 formats --------------------- */

static void test_formats(void **state)
{
    struct rvio_msipte p;
    struct rvio_fault f = { .cause = 262, .ttyp = 3, .did = 0x10, .iotval = 0x28001000 };
    uint64_t d0, d1, dw[4];

    (void)state;
    /* the AIA spec's example: x = abcdefgh, y = 10100110 -> 0000acfg */
    assert_int_equal(rvio_extract(0xb5, 0xa6), 0xe);
    assert_int_equal(rvio_extract(0x28003, 0x3), 0x3);

    rvio_msipte_decode(UINT64_C(0x20001807), 0, &p);
    assert_true(p.v);
    assert_int_equal(p.mode, RVIO_M_FLAT);
    assert_int_equal(p.ppn, 0x80006);
    assert_false(p.rsvd);
    rvio_msipte_encode(&p, &d0, &d1);
    assert_int_equal(d0, UINT64_C(0x20001807));
    assert_int_equal(d1, 0);
    rvio_msipte_decode(UINT64_C(0x20001847), 0, &p); /* bit 6 reserved in flat mode */
    assert_true(p.rsvd);

    rvio_msipte_decode(UINT64_C(0x24000083), UINT64_C(0x1000000020000405), &p);
    assert_int_equal(p.mode, RVIO_M_MRIF);
    assert_int_equal(p.mrif, 0x90000200);
    assert_int_equal(p.nppn, 0x80001);
    assert_int_equal(p.nid, 0x405);
    assert_false(p.rsvd);
    rvio_msipte_encode(&p, &d0, &d1);
    assert_int_equal(d0, UINT64_C(0x24000083));
    assert_int_equal(d1, UINT64_C(0x1000000020000405));
    rvio_msipte_decode(UINT64_C(0x24000083), UINT64_C(0x2000000020000405), &p); /* bit 61 */
    assert_true(p.rsvd);

    rvio_fault_encode(&f, dw);
    assert_int_equal(dw[0], UINT64_C(0x0000100c00000106));
    assert_int_equal(dw[1], 0);
    assert_int_equal(dw[2], 0x28001000);
    assert_int_equal(dw[3], 0);
}

/* ---- the system: device -> IOMMU -> IMSIC -------------------------------- */

#define MSIPT UINT64_C(0x100000)
#define MRIF  UINT64_C(0x110000)
#define DEV   0x10u

struct env {
    struct sim *sim;
    struct mem mem;
    struct cost_model cost;
    struct imsic *imsic;
    struct rvio *io;
    struct rvio_result res[4];
    unsigned nres;
    unsigned raises, r_hart, r_guest, r_id;
    uint64_t r_seq;
    unsigned faults;
    unsigned passed;
};

static void on_result(void *ctx, const struct rvio_result *r)
{
    struct env *e = ctx;

    if (e->nres < 4)
        e->res[e->nres] = *r;
    e->nres++;
}

static void on_raise(void *ctx, unsigned hart, unsigned guest, unsigned id,
                     const struct irq_tag *tag)
{
    struct env *e = ctx;

    e->raises++;
    e->r_hart = hart;
    e->r_guest = guest;
    e->r_id = id;
    e->r_seq = tag->seq;
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

static void out_write(void *ctx, const struct pcie_write *w)
{
    struct env *e = ctx;

    if (!imsic_write(e->imsic, w))
        e->passed++;
}

static void pte(struct env *e, unsigned i, uint64_t d0, uint64_t d1)
{
    assert_int_equal(mem_write64(&e->mem, MSIPT + i * 16u, d0), 0);
    assert_int_equal(mem_write64(&e->mem, MSIPT + i * 16u + 8u, d1), 0);
}

static void env_init(struct env *e)
{
    struct imsic_config ic = { 0 };
    struct rvio_config rc = { 0 };
    /* the guest's vIMSIC: 4 vCPU files at 0x28000000 (pattern 0x28000, mask 3) */
    struct rvio_dc dc = { .valid = true,
                          .msiptp = (UINT64_C(1) << 60) | (MSIPT >> 12),
                          .msi_addr_mask = 0x3, .msi_addr_pattern = 0x28000 };

    memset(e, 0, sizeof(*e));
    assert_int_equal(sim_create(&e->sim, NULL), 0);
    mem_init(&e->mem);
    assert_int_equal(mem_add_region(&e->mem, MSIPT, 0x20000), 0);
    cost_model_default(&e->cost);
    ic.sim = e->sim;
    ic.cost = &e->cost;
    ic.geom = (struct imsic_geom){ .base = 0x24000000, .guest_bits = 2, .hart_bits = 2 };
    ic.harts = 4;
    ic.geilen = 3;
    ic.num_ids = 63;
    ic.sink = (struct imsic_sink){ .raise = on_raise, .ctx = e };
    assert_int_equal(imsic_create(&e->imsic, &ic), 0);
    rc.sim = e->sim;
    rc.mem = &e->mem;
    rc.cost = &e->cost;
    rc.out = (struct pcie_sink){ .write = out_write, .ctx = e };
    rc.evidence = (struct evidence_port){ .ops = &ev_ops, .ctx = e };
    rc.on_result = on_result;
    rc.result_ctx = e;
    rc.msi_mrif = true;
    rc.max_devices = 256;
    rc.fault_entries = 16;
    assert_int_equal(rvio_create(&e->io, &rc), 0);
    assert_int_equal(rvio_set_dc(e->io, DEV, &dc), 0);
    /* I = 1: flat, to guest file 1 of hart 2 (0x24009000) */
    pte(e, 1, (UINT64_C(0x24009) << 10) | 0x7, 0);
    /* I = 2: MRIF at MRIF, notice NID 9 to hart 0's supervisor file */
    pte(e, 2, ((MRIF >> 9) << 7) | 0x3, (UINT64_C(0x24000) << 10) | 9);
    /* I = 3: not valid; I = 0: M = 2 (reserved) */
    pte(e, 0, 0x5, 0);
}

static void env_fini(struct env *e)
{
    rvio_destroy(e->io);
    imsic_destroy(e->imsic);
    mem_fini(&e->mem);
    sim_destroy(e->sim);
}

static void msi(struct env *e, uint16_t rid, uint64_t addr, uint32_t data, uint64_t seq)
{
    struct pcie_write w = { .addr = addr, .data = data, .len = 4, .rid = rid,
                            .tag = { .seq = seq } };

    rvio_write(e->io, &w);
    assert_int_equal(sim_run(e->sim, SIM_FOREVER), SIM_RUN_DONE);
}

/* RV-MSI-01, RV-MSI-02, RV-IMSIC-02 */
static void test_flat(void **state)
{
    struct env e;

    (void)state;
    env_init(&e);
    /* delivery off: pending only */
    msi(&e, DEV, 0x28001000, 5, 1);
    assert_int_equal(e.res[0].outcome, RVIO_OUT_FLAT);
    assert_int_equal(e.res[0].file, 1);
    assert_int_equal(e.res[0].addr, 0x24009000);
    assert_true(imsic_pending(e.imsic, 2, 1, 5));
    assert_int_equal(e.raises, 0);
    assert_int_equal(imsic_claim(e.imsic, 2, 1), 0); /* not enabled */
    /* enabled, delivery on: the guest file raises */
    assert_int_equal(imsic_set_file(e.imsic, 2, 1, true, 0), 0);
    assert_int_equal(imsic_enable(e.imsic, 2, 1, 6, true), 0);
    msi(&e, DEV, 0x28001000, 6, 2);
    assert_int_equal(e.raises, 1);
    assert_int_equal(e.r_hart, 2);
    assert_int_equal(e.r_guest, 1);
    assert_int_equal(e.r_id, 6);
    assert_int_equal(e.r_seq, 2);
    assert_int_equal(imsic_claim(e.imsic, 2, 1), 6);
    assert_false(imsic_pending(e.imsic, 2, 1, 6));
    /* the threshold masks identities at or above it; identity 0 is ignored */
    assert_int_equal(imsic_set_file(e.imsic, 2, 1, true, 6), 0);
    msi(&e, DEV, 0x28001000, 6, 3);
    msi(&e, DEV, 0x28001000, 0, 4);
    assert_int_equal(e.raises, 1);
    assert_false(imsic_pending(e.imsic, 2, 1, 0));
    /* not an MSI address: passed on untranslated */
    msi(&e, DEV, 0x80000000, 1, 5);
    assert_int_equal(e.passed, 1);
    assert_int_equal(rvio_fault_count(e.io), 0);
    env_fini(&e);
}

/* RV-MSI-03 */
static void test_mrif(void **state)
{
    struct env e;
    uint64_t v;

    (void)state;
    env_init(&e);
    assert_int_equal(imsic_set_file(e.imsic, 0, 0, true, 0), 0);
    assert_int_equal(imsic_enable(e.imsic, 0, 0, 9, true), 0);
    msi(&e, DEV, 0x28002000, 70, 1);
    assert_int_equal(e.res[0].outcome, RVIO_OUT_MRIF);
    assert_int_equal(e.res[0].addr, 0x24000000);
    assert_int_equal(mem_read64(&e.mem, MRIF + 16u, &v), 0);
    assert_int_equal(v, UINT64_C(1) << 6);
    /* the notice MSI reached hart 0's supervisor file as identity 9 */
    assert_int_equal(e.raises, 1);
    assert_int_equal(e.r_hart, 0);
    assert_int_equal(e.r_guest, 0);
    assert_int_equal(e.r_id, 9);
    /* rv_msi_pte_read + mrif_update + imsic_deliver */
    assert_int_equal(sim_now(e.sim), SIM_NS(300));
    /* an identity of 2048 or more is discarded, no fault */
    msi(&e, DEV, 0x28002000, 3000, 2);
    assert_int_equal(e.res[1].outcome, RVIO_OUT_DISCARDED);
    assert_int_equal(rvio_fault_count(e.io), 0);
    env_fini(&e);
}

/* RV-MSI-04, RV-FQ-01 */
static void test_faults(void **state)
{
    struct env e;
    struct rvio_dc dc = { .valid = true, .msiptp = (UINT64_C(1) << 60) | 0x7000,
                          .msi_addr_mask = 0x3, .msi_addr_pattern = 0x28000 };
    uint64_t dw[4];

    (void)state;
    env_init(&e);
    msi(&e, DEV, 0x28003000, 1, 1); /* PTE 3 not valid */
    msi(&e, DEV, 0x28000000, 1, 2); /* PTE 0: M = 2 */
    msi(&e, 0x11, 0x28001000, 1, 3); /* no device context */
    assert_int_equal(rvio_set_dc(e.io, 0x12, &dc), 0);
    msi(&e, 0x12, 0x28001000, 1, 4); /* MSI page table not in memory */
    assert_int_equal(e.res[0].cause, RVIO_CAUSE_MSI_PTE_INVALID);
    assert_int_equal(e.res[1].cause, RVIO_CAUSE_MSI_PTE_MISCONF);
    assert_int_equal(e.res[2].cause, RVIO_CAUSE_DDT_INVALID);
    assert_int_equal(e.res[3].cause, RVIO_CAUSE_MSI_PTE_LOAD);
    assert_int_equal(e.faults, 4);
    assert_int_equal(rvio_fault_count(e.io), 4);
    assert_int_equal(rvio_fault_record(e.io, 0, dw), 0);
    assert_int_equal(dw[0], UINT64_C(0x0000100c00000106));
    assert_int_equal(dw[2], 0x28003000);
    assert_int_equal(rvio_fault_record(e.io, 4, dw), -ENOENT);
    assert_int_equal(e.raises, 0);
    env_fini(&e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_imsic_layout),
        cmocka_unit_test(test_formats),
        cmocka_unit_test(test_flat),
        cmocka_unit_test(test_mrif),
        cmocka_unit_test(test_faults),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
