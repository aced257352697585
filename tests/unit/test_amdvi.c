/* SPDX-License-Identifier: MIT */
/*
 * test_amdvi.c - AMD-Vi interrupt remapping: DTE, 32- and 128-bit IRTE,
 * event and GA log formats against golden words, and the unit's paths
 * (rules AMDVI-*, docs/rules.md; docs/platforms.md).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "models/amdvi/amdvi.h"

/* ---- AMDVI-DTE-01 ------------------------------------------------------- */

static void test_dte_golden(void **state)
{
    struct amdvi_dte_ir d;

    (void)state;
    /* as Linux writes it: IntCtl = 10b, IntTabLen = 9 (512), IV, root */
    amdvi_dte_ir_decode(UINT64_C(0x2000000012345013), &d);
    assert_true(d.iv);
    assert_int_equal(d.int_tab_len, 9);
    assert_false(d.ig);
    assert_int_equal(d.irt_root, 0x12345000);
    assert_int_equal(d.int_ctl, AMDVI_INTCTL_REMAP);
    assert_false(d.nmi_pass);
    assert_int_equal(amdvi_dte_ir_encode(&d), UINT64_C(0x2000000012345013));

    /* every pass bit, IG, IntCtl = 01b */
    d = (struct amdvi_dte_ir){ .iv = true, .int_tab_len = 11, .ig = true,
                               .irt_root = UINT64_C(0xfffffffffffc0), .init_pass = true,
                               .eint_pass = true, .nmi_pass = true, .int_ctl = 1,
                               .lint0_pass = true, .lint1_pass = true };
    assert_int_equal(amdvi_dte_ir_encode(&d), UINT64_C(0xd70ffffffffffff7));
    amdvi_dte_ir_decode(UINT64_C(0xd70ffffffffffff7), &d);
    assert_true(d.lint0_pass && d.lint1_pass && d.init_pass && d.eint_pass && d.nmi_pass);
    assert_int_equal(d.int_ctl, AMDVI_INTCTL_FORWARD);
}

/* ---- AMDVI-IRTE-01, AMDVI-IRTE-02 --------------------------------------- */

static void test_irte32_golden(void **state)
{
    struct amdvi_irte e;

    (void)state;
    amdvi_irte32_decode(0x00410301u, &e);
    assert_true(e.remap_en);
    assert_false(e.sup_iopf);
    assert_int_equal(e.int_type, AMDVI_INT_FIXED);
    assert_false(e.dm);
    assert_int_equal(e.dest, 0x03);
    assert_int_equal(e.vector, 0x41);
    assert_false(e.rsvd);
    assert_int_equal(amdvi_irte32_encode(&e), 0x00410301u);

    /* NMI, logical, SupIOPF, RqEoi */
    amdvi_irte32_decode(0x00ef1073u, &e);
    assert_int_equal(e.int_type, AMDVI_INT_NMI);
    assert_true(e.dm && e.sup_iopf && e.rq_eoi);
    assert_int_equal(e.dest, 0x10);
    assert_int_equal(e.vector, 0xef);
    assert_int_equal(amdvi_irte32_encode(&e), 0x00ef1073u);

    amdvi_irte32_decode(0x01410301u, &e); /* bit 24 reserved */
    assert_true(e.rsvd);
    amdvi_irte32_decode(0x00410381u, &e); /* GuestMode in a 32-bit entry */
    assert_true(e.rsvd);
    amdvi_irte32_decode(0x0041030du, &e); /* IntType 011b */
    assert_true(e.rsvd);
}

static void test_irte128_golden(void **state)
{
    struct amdvi_irte e;
    uint64_t lo, hi;

    (void)state;
    /* remapped, XT destination 0x01020304, vector 0x55 */
    amdvi_irte128_decode(UINT64_C(0x0000000002030401), UINT64_C(0x0100000000000055), true, &e);
    assert_true(e.remap_en);
    assert_false(e.guest_mode);
    assert_int_equal(e.dest, 0x01020304);
    assert_int_equal(e.vector, 0x55);
    assert_false(e.rsvd);
    amdvi_irte128_encode(&e, &lo, &hi);
    assert_int_equal(lo, UINT64_C(0x0000000002030401));
    assert_int_equal(hi, UINT64_C(0x0100000000000055));
    /* without XT only Destination[7:0] addresses an xAPIC */
    amdvi_irte128_decode(UINT64_C(0x0000000002030401), UINT64_C(0x0100000000000055), false, &e);
    assert_int_equal(e.dest, 0x04);

    /* guest mode: GALogIntr, not running, GATag, backing page, vector 0x60 */
    amdvi_irte128_decode(UINT64_C(0xdeadbeef00000785), UINT64_C(0x0000000088000060), false, &e);
    assert_true(e.guest_mode);
    assert_true(e.ga_log_intr);
    assert_false(e.is_run);
    assert_int_equal(e.ga_tag, 0xdeadbeef);
    assert_int_equal(e.ga_root, 0x88000000);
    assert_int_equal(e.vector, 0x60);
    assert_int_equal(e.dest, 7);
    assert_false(e.rsvd);
    amdvi_irte128_encode(&e, &lo, &hi);
    assert_int_equal(lo, UINT64_C(0xdeadbeef00000785));
    assert_int_equal(hi, UINT64_C(0x0000000088000060));

    /* a GATag in a remapped-mode entry is reserved */
    amdvi_irte128_decode(UINT64_C(0x0000000100000001), 0x55, false, &e);
    assert_true(e.rsvd);
    /* hi 11:8 reserved */
    amdvi_irte128_decode(UINT64_C(0x1), UINT64_C(0x155), false, &e);
    assert_true(e.rsvd);
}

/* ---- AMDVI-EVT-01, AMDVI-GA-02 formats -------------------------------- */

static void test_log_formats(void **state)
{
    struct amdvi_event e = { .code = AMDVI_EVT_IO_PAGE_FAULT, .devid = 0x0100,
                             .flags = AMDVI_EVF_I, .addr = 0xfee00000 }, d;
    uint32_t dw[4];

    (void)state;
    amdvi_event_encode(&e, dw);
    assert_int_equal(dw[0], 0x00000100);
    assert_int_equal(dw[1], 0x20080000);
    assert_int_equal(dw[2], 0xfee00000);
    assert_int_equal(dw[3], 0);
    amdvi_event_decode(dw, &d);
    assert_int_equal(d.code, 2);
    assert_int_equal(d.devid, 0x100);
    assert_int_equal(d.flags, AMDVI_EVF_I);
    assert_int_equal(d.addr, 0xfee00000);
    assert_int_equal(amdvi_galog_encode(0xdeadbeef, 0x0100), UINT64_C(0x10000100deadbeef));
}

/* ---- the unit ---------------------------------------------------------- */

#define DEVTAB UINT64_C(0x100000)
#define IRT    UINT64_C(0x200000)
#define VAPIC  UINT64_C(0x300000)
#define EVLOG  UINT64_C(0x400000)
#define GALOG  UINT64_C(0x500000)
#define RID    0x0100u

struct env {
    struct sim *sim;
    struct mem mem;
    struct cost_model cost;
    struct amdvi_unit *u;
    struct amdvi_result res[4];
    unsigned nres;
    struct apic_msg msg[4];
    unsigned nmsg;
    uint32_t bell_dest;
    unsigned bells;
    unsigned posts;
    unsigned faults;
    unsigned fault_reason;
};

static void on_result(void *ctx, const struct amdvi_result *r)
{
    struct env *e = ctx;

    if (e->nres < 4)
        e->res[e->nres] = *r;
    e->nres++;
}

static void on_deliver(void *ctx, const struct apic_msg *m)
{
    struct env *e = ctx;

    if (e->nmsg < 4)
        e->msg[e->nmsg] = *m;
    e->nmsg++;
}

static void on_post(void *ctx, const struct apic_post *p)
{
    struct env *e = ctx;

    assert_int_equal(p->pda, VAPIC);
    e->posts++;
}

static void on_bell(void *ctx, uint32_t apic_id, uint64_t ga_root)
{
    struct env *e = ctx;

    assert_int_equal(ga_root, VAPIC);
    e->bell_dest = apic_id;
    e->bells++;
}

static void on_fault(void *ctx, const struct irq_tag *tag, enum evidence_fault where,
                     unsigned reason)
{
    struct env *e = ctx;

    (void)tag;
    assert_int_equal(where, EVIDENCE_FAULT_IR);
    e->faults++;
    e->fault_reason = reason;
}

static const struct evidence_ops ev_ops = { .fault = on_fault };

static void env_init(struct env *e, bool ga, bool xt, uint64_t dte2)
{
    struct amdvi_config c = { 0 };

    memset(e, 0, sizeof(*e));
    assert_int_equal(sim_create(&e->sim, NULL), 0);
    mem_init(&e->mem);
    assert_int_equal(mem_add_region(&e->mem, DEVTAB, 0x500000), 0);
    cost_model_default(&e->cost);
    c.sim = e->sim;
    c.mem = &e->mem;
    c.cost = &e->cost;
    c.apic = (struct apic_sink){ .deliver = on_deliver, .post = on_post, .ctx = e };
    c.ga = (struct amdvi_ga_sink){ .doorbell = on_bell, .ctx = e };
    c.evidence = (struct evidence_port){ .ops = &ev_ops, .ctx = e };
    c.on_result = on_result;
    c.result_ctx = e;
    c.dev_table = DEVTAB;
    c.ga_en = ga;
    c.ga_vapic = ga;
    c.xt_en = xt;
    c.ga_log = GALOG;
    c.ga_log_entries = 512;
    c.ga_int_en = true;
    c.ga_int = (struct apic_msg){ .dest = 0, .vector = 0xf0 };
    c.event_log = EVLOG;
    c.event_log_entries = 256;
    c.np_cache = true;
    assert_int_equal(amdvi_create(&e->u, &c), 0);
    assert_int_equal(mem_write64(&e->mem, DEVTAB + RID * 32u + 16u, dte2), 0);
}

static void env_fini(struct env *e)
{
    amdvi_destroy(e->u);
    mem_fini(&e->mem);
    sim_destroy(e->sim);
}

static void msi(struct env *e, uint32_t data)
{
    struct pcie_write w = { .addr = 0xfee00000, .data = data, .len = 4, .rid = RID,
                            .tag = { .seq = 1 } };

    amdvi_write(e->u, &w);
    assert_int_equal(sim_run(e->sim, SIM_FOREVER), SIM_RUN_DONE);
}

/* IV, IntCtl = 10b, IntTabLen = 4 (16 entries) */
#define DTE_REMAP (UINT64_C(0x2000000000000009) | IRT)

static void test_remap_32(void **state)
{
    struct env e;

    (void)state;
    env_init(&e, false, false, DTE_REMAP);
    assert_int_equal(mem_write32(&e.mem, IRT + 5u * 4u, 0x00410301u), 0);
    msi(&e, 5);
    assert_int_equal(e.nres, 1);
    assert_int_equal(e.res[0].outcome, AMDVI_OUT_REMAPPED);
    assert_int_equal(e.res[0].index, 5);
    assert_int_equal(e.nmsg, 1);
    assert_int_equal(e.msg[0].dest, 3);
    assert_int_equal(e.msg[0].vector, 0x41);
    assert_int_equal(e.msg[0].tag.seq, 1);
    /* amdvi_dte_read + irt_read + apic_deliver = 100 + 100 + 150 ns */
    assert_int_equal(sim_now(e.sim), SIM_NS(350));
    assert_int_equal(amdvi_caphdr(e.u), AMDVI_CAPHDR_NPCACHE);
    env_fini(&e);
}

static void test_index_and_remapen(void **state)
{
    struct env e;
    uint32_t dw[4];
    struct amdvi_event ev;

    (void)state;
    /* AMDVI-IDX-01: index 16 is beyond a 16-entry table */
    env_init(&e, false, false, DTE_REMAP);
    msi(&e, 16);
    assert_int_equal(e.res[0].outcome, AMDVI_OUT_ABORTED);
    assert_int_equal(e.res[0].event, AMDVI_EVT_IO_PAGE_FAULT);
    assert_int_equal(e.faults, 1);
    assert_int_equal(e.fault_reason, AMDVI_EVT_IO_PAGE_FAULT);
    assert_int_equal(amdvi_event_count(e.u), 1);
    assert_int_equal(mem_read(&e.mem, EVLOG, dw, sizeof(dw)), 0);
    amdvi_event_decode(dw, &ev);
    assert_int_equal(ev.code, AMDVI_EVT_IO_PAGE_FAULT);
    assert_int_equal(ev.devid, RID);
    assert_int_equal(ev.flags, AMDVI_EVF_I);
    assert_int_equal(dw[1], 0x20080000);
    assert_int_equal(e.nmsg, 0);
    env_fini(&e);

    /* AMDVI-FLT-01: RemapEn = 0 faults; with SupIOPF no event is logged */
    env_init(&e, false, false, DTE_REMAP);
    assert_int_equal(mem_write32(&e.mem, IRT + 2u * 4u, 0x00410300u), 0);
    msi(&e, 2);
    assert_int_equal(e.res[0].event, AMDVI_EVT_IO_PAGE_FAULT);
    assert_int_equal(amdvi_event_count(e.u), 1);
    assert_int_equal(mem_write32(&e.mem, IRT + 2u * 4u, 0x00410302u), 0);
    msi(&e, 2);
    assert_int_equal(e.res[1].outcome, AMDVI_OUT_ABORTED);
    assert_int_equal(e.res[1].event, 0);
    assert_int_equal(amdvi_event_count(e.u), 1);
    assert_int_equal(e.faults, 2);
    env_fini(&e);
}

static void test_dte_paths(void **state)
{
    struct env e;

    (void)state;
    /* IV = 0: forwarded unmapped, compatibility format */
    env_init(&e, false, false, 0);
    msi(&e, 0x4031);
    assert_int_equal(e.res[0].outcome, AMDVI_OUT_PASSED);
    assert_int_equal(e.msg[0].vector, 0x31);
    env_fini(&e);

    /* AMDVI-DTE-01: IntCtl = 00b aborts with INVALID_DEVICE_REQUEST */
    env_init(&e, false, false, UINT64_C(0x0000000000000009) | IRT);
    msi(&e, 1);
    assert_int_equal(e.res[0].event, AMDVI_EVT_INVALID_DEVICE_REQUEST);
    assert_int_equal(e.res[0].flags, 0x5u << 9);
    env_fini(&e);

    /* IntCtl = 11b is an illegal DTE */
    env_init(&e, false, false, UINT64_C(0x3000000000000009) | IRT);
    msi(&e, 1);
    assert_int_equal(e.res[0].event, AMDVI_EVT_ILLEGAL_DEV_TABLE_ENTRY);
    env_fini(&e);

    /* AMDVI-PASS-01: NMI (data 10:8 = 100b) passes with NMIPass, else aborts */
    env_init(&e, false, false, DTE_REMAP | AMDVI_DTE2_NMIPASS);
    msi(&e, 0x0400);
    assert_int_equal(e.res[0].outcome, AMDVI_OUT_PASSED);
    assert_int_equal(e.msg[0].dlm, APIC_DLM_NMI);
    env_fini(&e);
    env_init(&e, false, false, DTE_REMAP);
    msi(&e, 0x0400);
    assert_int_equal(e.res[0].outcome, AMDVI_OUT_ABORTED);
    assert_int_equal(e.res[0].event, AMDVI_EVT_IO_PAGE_FAULT);
    msi(&e, 0x0500); /* INIT without InitPass */
    assert_int_equal(e.res[1].outcome, AMDVI_OUT_ABORTED);
    env_fini(&e);
    env_init(&e, false, false, DTE_REMAP | AMDVI_DTE2_EINTPASS | AMDVI_DTE2_INITPASS);
    msi(&e, 0x0700);
    msi(&e, 0x0500);
    assert_int_equal(e.res[0].outcome, AMDVI_OUT_PASSED);
    assert_int_equal(e.res[1].outcome, AMDVI_OUT_PASSED);
    env_fini(&e);
}

static void test_xt_remap(void **state)
{
    struct env e;

    (void)state;
    env_init(&e, true, true, DTE_REMAP);
    assert_int_equal(mem_write64(&e.mem, IRT + 3u * 16u, UINT64_C(0x0000000002030401)), 0);
    assert_int_equal(mem_write64(&e.mem, IRT + 3u * 16u + 8u, UINT64_C(0x0100000000000055)), 0);
    msi(&e, 3);
    assert_int_equal(e.res[0].outcome, AMDVI_OUT_REMAPPED);
    assert_int_equal(e.msg[0].dest, 0x01020304);
    assert_int_equal(e.msg[0].vector, 0x55);
    env_fini(&e);
}

static void test_guest_mode(void **state)
{
    struct env e;
    uint32_t irr;
    uint64_t g;

    (void)state;
    /* AMDVI-GA-01: IsRun = 1: IRR bit in the backing page, doorbell to dest */
    env_init(&e, true, false, DTE_REMAP);
    assert_int_equal(mem_write64(&e.mem, IRT, UINT64_C(0xdeadbeef000007c1)), 0);
    assert_int_equal(mem_write64(&e.mem, IRT + 8u, VAPIC | 0x61u), 0);
    msi(&e, 0);
    assert_int_equal(e.res[0].outcome, AMDVI_OUT_GUEST_RUNNING);
    assert_int_equal(mem_read32(&e.mem, VAPIC + 0x200u + 3u * 0x10u, &irr), 0);
    assert_int_equal(irr, 0x2u); /* vector 0x61: IRR word 3, bit 1 */
    assert_int_equal(e.posts, 1);
    assert_int_equal(e.bells, 1);
    assert_int_equal(e.bell_dest, 7);
    assert_int_equal(e.nmsg, 0);
    /* 100 + 100 + avic_doorbell 200 */
    assert_int_equal(sim_now(e.sim), SIM_NS(400));
    env_fini(&e);

    /* AMDVI-GA-02: IsRun = 0 with GALogIntr: GA log entry, GA interrupt */
    env_init(&e, true, false, DTE_REMAP);
    assert_int_equal(mem_write64(&e.mem, IRT, UINT64_C(0xdeadbeef00000785)), 0);
    assert_int_equal(mem_write64(&e.mem, IRT + 8u, VAPIC | 0x60u), 0);
    msi(&e, 0);
    assert_int_equal(e.res[0].outcome, AMDVI_OUT_GUEST_GALOG);
    assert_int_equal(amdvi_galog_count(e.u), 1);
    assert_int_equal(mem_read64(&e.mem, GALOG, &g), 0);
    assert_int_equal(g, UINT64_C(0x10000100deadbeef));
    assert_int_equal(e.bells, 0);
    assert_int_equal(e.nmsg, 1);
    assert_int_equal(e.msg[0].vector, 0xf0);
    assert_int_equal(e.msg[0].tag.seq, 0);
    assert_int_equal(mem_read32(&e.mem, VAPIC + 0x200u + 3u * 0x10u, &irr), 0);
    assert_int_equal(irr, 0x1u);
    env_fini(&e);

    /* without GALogIntr the bit just waits in the IRR */
    env_init(&e, true, false, DTE_REMAP);
    assert_int_equal(mem_write64(&e.mem, IRT, UINT64_C(0xdeadbeef00000781)), 0);
    assert_int_equal(mem_write64(&e.mem, IRT + 8u, VAPIC | 0x60u), 0);
    msi(&e, 0);
    assert_int_equal(e.res[0].outcome, AMDVI_OUT_GUEST_PENDING);
    assert_int_equal(amdvi_galog_count(e.u), 0);
    assert_int_equal(e.nmsg + e.bells, 0);
    env_fini(&e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dte_golden),
        cmocka_unit_test(test_irte32_golden),
        cmocka_unit_test(test_irte128_golden),
        cmocka_unit_test(test_log_formats),
        cmocka_unit_test(test_remap_32),
        cmocka_unit_test(test_index_and_remapen),
        cmocka_unit_test(test_dte_paths),
        cmocka_unit_test(test_xt_remap),
        cmocka_unit_test(test_guest_mode),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
