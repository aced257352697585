/* SPDX-License-Identifier: MIT */
/*
 * test_iommu.c - the VT-d interrupt remapping unit: IRTE formats, every
 * fault reason with its exact record, FPD, the fault ring, source-id
 * validation, the IEC (stale entries, invalidation, draining,
 * replacement), posting, DMA disambiguation, timing, and the host-side
 * table helpers.  Each test names the rule it checks (docs/rules.md).
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

#include "models/bus.h"
#include "models/cost.h"
#include "models/iommu/ir.h"
#include "models/iommu/ir_table.h"
#include "models/iommu/irte.h"
#include "models/iommu/msi.h"
#include "models/iommu/pid.h"
#include "models/mem/mem.h"
#include "models/trace-events.h"
#include "sim/sim.h"
#include "sim/trace.h"

/* Memory map: a 1 MiB table region, a PID page, nothing at 0x200000. */
#define RAM_BASE   UINT64_C(0x100000)
#define RAM_SIZE   UINT64_C(0x100000)
#define IRT_BASE   RAM_BASE
#define PID_BASE   UINT64_C(0x300000)
#define PID_SIZE_R UINT64_C(0x1000)
#define HOLE       UINT64_C(0x200000)
#define IRT_S      7u                   /* 256 entries */

/* Costs at 3 GHz, in picoseconds (set in env_up). */
#define T_HIT    UINT64_C(10000)        /* iec_hit: 30 cycles */
#define T_READ   UINT64_C(100000)       /* irt_read: 100 ns */
#define T_INV    UINT64_C(2000000)      /* iec_inval: 2 us */
#define T_POST   UINT64_C(100000)       /* pi_post: 100 ns */
#define T_NOTIFY UINT64_C(200000)       /* pi_notify: 200 ns */
#define T_LOG    UINT64_C(50000)        /* ir_fault_log: 50 ns */

#define MAXN 32

struct env {
    struct sim *sim;
    struct mem mem;
    struct cost_model cost;
    struct ir_unit *u;
    struct ir_table t;
    struct apic_msg msg[MAXN];
    sim_time_t msg_t[MAXN];
    int nmsg;
    struct ir_result res[MAXN];
    int nres;
    struct apic_post post[MAXN];        /* postings on the APIC sink */
    sim_time_t post_t[MAXN];
    int npost;
    struct irq_tag fault_tag[MAXN];     /* faults on the evidence port */
    unsigned fault_reason[MAXN];
    int nfault;
    int ndma;
    struct pcie_write dma;
    int ninv;
    sim_time_t inv_t[8];
};

static void on_deliver(void *ctx, const struct apic_msg *m)
{
    struct env *e = ctx;

    assert_true(e->nmsg < MAXN);
    e->msg[e->nmsg] = *m;
    e->msg_t[e->nmsg] = sim_now(e->sim);
    e->nmsg++;
}

static void on_post(void *ctx, const struct apic_post *p)
{
    struct env *e = ctx;

    assert_true(e->npost < MAXN);
    e->post[e->npost] = *p;
    e->post_t[e->npost] = sim_now(e->sim);
    e->npost++;
}

static void on_fault(void *ctx, const struct irq_tag *tag,
                     enum evidence_fault where, unsigned reason)
{
    struct env *e = ctx;

    assert_int_equal(where, EVIDENCE_FAULT_IR);
    assert_true(e->nfault < MAXN);
    e->fault_tag[e->nfault] = *tag;
    e->fault_reason[e->nfault] = reason;
    e->nfault++;
}

static const struct evidence_ops env_evidence = { .fault = on_fault };

static void on_result(void *ctx, const struct ir_result *r)
{
    struct env *e = ctx;

    assert_true(e->nres < MAXN);
    e->res[e->nres++] = *r;
}

static void on_dma(void *ctx, const struct pcie_write *w)
{
    struct env *e = ctx;

    e->dma = *w;
    e->ndma++;
}

static void on_inv_done(void *ctx)
{
    struct env *e = ctx;

    assert_true(e->ninv < 8);
    e->inv_t[e->ninv++] = sim_now(e->sim);
}

typedef void (*tweak_fn)(struct ir_config *cfg);

static void env_up_mode(struct env *e, tweak_fn tweak, bool eime)
{
    struct ir_config cfg;

    memset(e, 0, sizeof(*e));
    assert_int_equal(sim_create(&e->sim, NULL), 0);
    mem_init(&e->mem);
    assert_int_equal(mem_add_region(&e->mem, RAM_BASE, RAM_SIZE), 0);
    assert_int_equal(mem_add_region(&e->mem, PID_BASE, PID_SIZE_R), 0);
    cost_model_default(&e->cost);
    e->cost.cpu_hz = UINT64_C(3000000000);
    e->cost.value[COST_IEC_HIT] = 30;
    e->cost.value[COST_IRT_READ] = 100;
    e->cost.value[COST_IEC_INVAL] = 2000;
    e->cost.value[COST_PI_POST] = 100;
    e->cost.value[COST_PI_NOTIFY] = 200;
    e->cost.value[COST_IR_FAULT_LOG] = 50;
    assert_int_equal(cost_ps(&e->cost, COST_IEC_HIT), T_HIT);

    ir_config_default(&cfg);
    cfg.sim = e->sim;
    cfg.mem = &e->mem;
    cfg.cost = &e->cost;
    cfg.apic = (struct apic_sink){ .deliver = on_deliver, .post = on_post,
                                   .ctx = e };
    cfg.dma = (struct pcie_sink){ on_dma, e };
    cfg.on_result = on_result;
    cfg.result_ctx = e;
    cfg.evidence = (struct evidence_port){ &env_evidence, e };
    if (tweak)
        tweak(&cfg);
    assert_int_equal(ir_create(&e->u, &cfg), 0);
    assert_int_equal(ir_table_init(&e->t, &e->mem, IRT_BASE, IRT_S, eime), 0);
    assert_int_equal(ir_set_irta(e->u, ir_table_irta(&e->t)), 0);
    assert_int_equal(ir_set_enabled(e->u, true), 0);
}

static void env_up(struct env *e, tweak_fn tweak)
{
    env_up_mode(e, tweak, false);
}

static void env_down(struct env *e)
{
    ir_destroy(e->u);
    ir_table_fini(&e->t);
    sim_destroy(e->sim);
    mem_fini(&e->mem);
}

static void run(struct env *e)
{
    assert_int_equal(sim_run(e->sim, SIM_FOREVER), SIM_RUN_DONE);
    assert_int_equal(ir_error(e->u), 0);
}

static const struct ir_result *last(const struct env *e)
{
    assert_true(e->nres > 0);
    return &e->res[e->nres - 1];
}

/* A present remapped-format IRTE: fixed, physical, edge, no SID check. */
static struct irte remapped(uint8_t vector, uint8_t apic_id)
{
    struct irte_remapped f = {
        .present = true, .vector = vector, .dst = IRTE_DST_XAPIC(apic_id),
    };
    struct irte ent;

    assert_int_equal(irte_encode_remapped(&f, &ent), 0);
    return ent;
}

static void put(struct env *e, unsigned index, struct irte ent)
{
    assert_int_equal(ir_table_write(&e->t, index, &ent), 0);
}

static void write_raw(struct env *e, uint64_t addr, uint32_t data,
                      uint32_t len, uint16_t rid)
{
    struct pcie_write w = { .addr = addr, .data = data, .len = len,
                            .rid = rid };

    ir_write(e->u, &w);
}

/* A remappable MSI the Linux way (SHV = 1, subhandle 0). */
static void msi(struct env *e, uint16_t handle, uint16_t sub, uint16_t rid)
{
    struct msi_remap f = { .handle = handle, .shv = true, .subhandle = sub };
    struct msi_msg m;

    msi_remap_encode(&f, &m);
    write_raw(e, m.addr_lo, m.data, 4, rid);
}

static void expect_record(struct env *e, unsigned i, enum ir_fault reason,
                          uint16_t sid, bool index_valid, uint32_t index)
{
    struct ir_fault_record r;

    assert_int_equal(ir_fault_record_get(e->u, i, &r), 0);
    assert_true(r.f);
    assert_int_equal(r.reason, reason);
    assert_int_equal(r.sid, sid);
    assert_int_equal(r.index_valid, index_valid);
    assert_int_equal(r.index, index);
}

/* The result of the last request is a recorded fault @reason. */
static void expect_fault(struct env *e, enum ir_fault reason)
{
    const struct ir_result *r = last(e);

    assert_int_equal(r->outcome, IR_OUT_FAULT);
    assert_int_equal(r->fault, reason);
    assert_true(r->fault_recorded);
    assert_false(r->fault_fpd);
}

/* The result of request number @seq (results arrive in completion order). */
static const struct ir_result *by_seq(const struct env *e, uint64_t seq)
{
    for (int i = 0; i < e->nres; i++)
        if (e->res[i].seq == seq)
            return &e->res[i];
    fail_msg("no result for request %llu", (unsigned long long)seq);
    return NULL;
}

/* ---- IRTE formats: IRTE-FMT-01/02, IR-RSVD-01/02 ------------------------ */

static void test_irte_golden(void **state)
{
    struct irte_remapped f = {
        .present = true, .vector = 0x31, .dst = IRTE_DST_XAPIC(1),
        .sid = PCI_RID(0, 2, 0), .sq = IRTE_SQ_ALL_16, .svt = IRTE_SVT_SID_SQ,
    };
    struct irte_posted p = {
        .present = true, .urg = true, .vector = 0x40,
        .pda = UINT64_C(0x123456780), .sid = 0x0100, .svt = IRTE_SVT_SID_SQ,
    };
    struct irte_remapped fb;
    struct irte_posted pb;
    struct irte ent;

    (void)state;
    /* IRTE-FMT-01: remapped, xAPIC destination 1 in DST 47:40 */
    assert_int_equal(irte_encode_remapped(&f, &ent), 0);
    assert_int_equal(ent.lo, UINT64_C(0x0000010000310001));
    assert_int_equal(ent.hi, UINT64_C(0x0000000000040010));
    assert_int_equal(irte_dest_id(&ent, false), 1);
    assert_false(irte_rsvd(&ent, false, true, 46));

    /* every remapped field set, x2APIC destination */
    f = (struct irte_remapped){
        .present = true, .fpd = true, .dest_logical = true, .rh = true,
        .trigger_level = true, .dlm = APIC_DLM_LOWPRI, .avail = 0xa,
        .vector = 0xee, .dst = 0x12345678, .sid = 0xabcd, .sq = 3, .svt = 2,
    };
    assert_int_equal(irte_encode_remapped(&f, &ent), 0);
    assert_int_equal(ent.lo, UINT64_C(0x1234567800ee0a3f));
    assert_int_equal(ent.hi, UINT64_C(0x00000000000babcd));
    assert_int_equal(irte_dest_id(&ent, true), 0x12345678);
    irte_decode_remapped(&ent, &fb);
    assert_true(fb.present && fb.fpd && fb.dest_logical && fb.rh &&
                fb.trigger_level);
    assert_int_equal(fb.dlm, 1);
    assert_int_equal(fb.avail, 0xa);
    assert_int_equal(fb.vector, 0xee);
    assert_int_equal(fb.dst, 0x12345678);
    assert_int_equal(fb.sid, 0xabcd);
    assert_int_equal(fb.sq, 3);
    assert_int_equal(fb.svt, 2);

    /* IRTE-FMT-02: posted, PDA split into PDAL 63:38 and PDAH 127:96 */
    assert_int_equal(irte_encode_posted(&p, &ent), 0);
    assert_int_equal(ent.lo, UINT64_C(0x234567800040c001));
    assert_int_equal(ent.hi, UINT64_C(0x0000000100040100));
    assert_true(irte_posted(&ent));
    assert_int_equal(irte_pda(&ent), UINT64_C(0x123456780));
    irte_decode_posted(&ent, &pb);
    assert_true(pb.present && pb.urg && !pb.fpd);
    assert_int_equal(pb.vector, 0x40);
    assert_int_equal(pb.pda, UINT64_C(0x123456780));
    assert_int_equal(pb.sid, 0x0100);
    assert_int_equal(pb.svt, 1);
    assert_false(irte_rsvd(&ent, false, true, 46));

    /* encode refuses what does not fit */
    p.pda = 0x1020;
    assert_int_equal(irte_encode_posted(&p, &ent), -EINVAL);
    f.dlm = 8;
    assert_int_equal(irte_encode_remapped(&f, &ent), -EINVAL);
}

static void test_irte_rsvd_masks(void **state)
{
    struct irte ent = remapped(0x31, 1);
    struct irte_posted p = { .present = true, .vector = 0x40, .pda = 0x1000 };

    (void)state;
    /* IR-RSVD-01: remapped 14:12, 31:24, 127:84 */
    for (unsigned b = 12; b <= 14; b++) {
        struct irte x = ent;

        x.lo |= UINT64_C(1) << b;
        assert_true(irte_rsvd(&x, false, true, 46));
    }
    ent.lo |= UINT64_C(1) << 24;
    assert_true(irte_rsvd(&ent, true, true, 46));
    ent = remapped(0x31, 1);
    ent.hi |= UINT64_C(1) << 20;                /* bit 84 */
    assert_true(irte_rsvd(&ent, true, true, 46));
    /* xAPIC: DST 39:32 and 63:48 reserved; x2APIC: all 32 bits used */
    ent = remapped(0x31, 1);
    ent.lo |= UINT64_C(1) << 32;
    assert_true(irte_rsvd(&ent, false, true, 46));
    assert_false(irte_rsvd(&ent, true, true, 46));
    ent = remapped(0x31, 1);
    ent.lo |= UINT64_C(1) << 48;
    assert_true(irte_rsvd(&ent, false, true, 46));
    assert_false(irte_rsvd(&ent, true, true, 46));
    /* reserved delivery-mode encodings 011b, 110b */
    ent = remapped(0x31, 1);
    ent.lo |= UINT64_C(3) << IRTE_LO_DLM_SHIFT;
    assert_true(irte_rsvd(&ent, false, true, 46));
    ent = remapped(0x31, 1);
    ent.lo |= UINT64_C(6) << IRTE_LO_DLM_SHIFT;
    assert_true(irte_rsvd(&ent, false, true, 46));
    ent = remapped(0x31, 1);
    ent.lo |= UINT64_C(7) << IRTE_LO_DLM_SHIFT;   /* ExtINT is defined */
    assert_false(irte_rsvd(&ent, false, true, 46));

    /* IR-RSVD-02: posted 7:2, 13:12, 37:24, 95:84; PDA above HAW; PI=0 */
    assert_int_equal(irte_encode_posted(&p, &ent), 0);
    assert_false(irte_rsvd(&ent, false, true, 46));
    assert_true(irte_rsvd(&ent, false, false, 46));
    for (unsigned b = 2; b <= 7; b++) {
        struct irte x = ent;

        x.lo |= UINT64_C(1) << b;
        assert_true(irte_rsvd(&x, false, true, 46));
    }
    {
        struct irte x = ent;

        x.lo |= UINT64_C(1) << 37;
        assert_true(irte_rsvd(&x, false, true, 46));
        x = ent;
        x.hi |= UINT64_C(1) << 31;              /* bit 95 */
        assert_true(irte_rsvd(&x, false, true, 46));
        x = ent;
        x.hi |= UINT64_C(1) << 46;              /* PDA bit 46, HAW 46 */
        assert_true(irte_rsvd(&x, false, true, 46));
        assert_false(irte_rsvd(&x, false, true, 48));
    }
}

/* IR-SID-01: SVT = 01b with each SQ mask, on the function bits */
static void test_sid_verify_sq(void **state)
{
    struct irte ent = remapped(0x31, 1);
    const uint16_t sid = PCI_RID(3, 4, 0);      /* 0x0320 */
    static const struct {
        unsigned sq;
        uint16_t pass, fail;
    } v[] = {
        { IRTE_SQ_ALL_16, 0x0320, 0x0324 },     /* function bit 2 differs */
        { IRTE_SQ_IGNORE_1, 0x0324, 0x0322 },   /* bit 2 ignored, bit 1 not */
        { IRTE_SQ_IGNORE_2, 0x0326, 0x0321 },   /* bits 2:1 ignored, not 0 */
        { IRTE_SQ_IGNORE_3, 0x0327, 0x0328 },   /* bits 2:0 ignored, not dev */
    };

    (void)state;
    for (unsigned i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
        ent.hi = (uint64_t)sid | (uint64_t)v[i].sq << IRTE_HI_SQ_SHIFT |
                 (uint64_t)IRTE_SVT_SID_SQ << IRTE_HI_SVT_SHIFT;
        assert_true(irte_sid_verify(&ent, sid, false));
        assert_true(irte_sid_verify(&ent, v[i].pass, false));
        assert_false(irte_sid_verify(&ent, v[i].fail, false));
    }
    /* SVT = 00b: anything; SVT = 11b: nothing (IR-SID-03) */
    ent.hi = sid;
    assert_true(irte_sid_verify(&ent, 0xffff, false));
    ent.hi = (uint64_t)sid | (uint64_t)IRTE_SVT_RSVD << IRTE_HI_SVT_SHIFT;
    assert_false(irte_sid_verify(&ent, sid, false));
}

/* IR-SID-02: SVT = 10b, SID[15:8] start bus, SID[7:0] end bus (VT-d 9.9) */
static void test_sid_verify_bus(void **state)
{
    struct irte ent = remapped(0x31, 1);

    (void)state;
    ent.hi = IRTE_SID_BUS_RANGE(4, 6) |
             (uint64_t)IRTE_SVT_BUS << IRTE_HI_SVT_SHIFT |
             (uint64_t)IRTE_SQ_IGNORE_3 << IRTE_HI_SQ_SHIFT; /* SQ ignored */
    assert_int_equal(irte_sid(&ent), 0x0406);
    assert_false(irte_sid_verify(&ent, PCI_RID(3, 31, 7), false));
    assert_true(irte_sid_verify(&ent, PCI_RID(4, 0, 0), false));
    assert_true(irte_sid_verify(&ent, PCI_RID(5, 9, 3), false));
    assert_true(irte_sid_verify(&ent, PCI_RID(6, 31, 7), false));
    assert_false(irte_sid_verify(&ent, PCI_RID(7, 0, 0), false));
    /* QEMU reads the bytes the other way round: the spec's range is empty */
    assert_false(irte_sid_verify(&ent, PCI_RID(5, 0, 0), true));
    ent.hi = 0x0604 | (uint64_t)IRTE_SVT_BUS << IRTE_HI_SVT_SHIFT;
    assert_true(irte_sid_verify(&ent, PCI_RID(5, 0, 0), true));
    assert_false(irte_sid_verify(&ent, PCI_RID(5, 0, 0), false));
}

/* ---- delivery ------------------------------------------------------------ */

/* IR-REMAP-01, IEC-TIME-01: a miss reads memory; a hit does not */
static void test_remapped_delivery_and_timing(void **state)
{
    struct env e;
    struct irte ent = remapped(0x31, 3);

    (void)state;
    env_up(&e, NULL);
    ent.lo |= IRTE_LO_TM | IRTE_LO_DM | (UINT64_C(1) << IRTE_LO_DLM_SHIFT);
    put(&e, 5, ent);
    msi(&e, 5, 0, 0x0010);
    run(&e);
    assert_int_equal(e.nmsg, 1);
    assert_int_equal(e.msg[0].dest, 3);
    assert_int_equal(e.msg[0].vector, 0x31);
    assert_int_equal(e.msg[0].dlm, APIC_DLM_LOWPRI);
    assert_true(e.msg[0].dest_logical);
    assert_true(e.msg[0].level);
    assert_int_equal(e.msg_t[0], T_HIT + T_READ);
    assert_int_equal(last(&e)->outcome, IR_OUT_REMAPPED);
    assert_int_equal(last(&e)->index, 5);
    assert_false(last(&e)->iec_hit);
    assert_int_equal(last(&e)->t_request, 0);
    assert_int_equal(last(&e)->t_done, T_HIT + T_READ);
    assert_true(ir_iec_peek(e.u, 5, NULL));

    /* the second one hits the IEC */
    assert_int_equal(sim_run(e.sim, SIM_US(1)), SIM_RUN_DONE);
    msi(&e, 5, 0, 0x0010);
    run(&e);
    assert_int_equal(e.nmsg, 2);
    assert_int_equal(e.msg_t[1], SIM_US(1) + T_HIT);
    assert_true(last(&e)->iec_hit);
    assert_int_equal(ir_stats(e.u)->iec_hits, 1);
    assert_int_equal(ir_stats(e.u)->iec_misses, 1);
    assert_int_equal(ir_stats(e.u)->remapped, 2);
    env_down(&e);
}

static void no_iec(struct ir_config *cfg)
{
    cfg->iec_entries = 0;
}

/* IEC-TIME-01: without an IEC every request costs one IRT read */
static void test_timing_no_iec(void **state)
{
    struct env e;

    (void)state;
    env_up(&e, no_iec);
    put(&e, 1, remapped(0x40, 0));
    msi(&e, 1, 0, 0);
    msi(&e, 1, 0, 0);
    run(&e);
    assert_int_equal(e.nmsg, 2);
    assert_int_equal(e.msg_t[0], T_READ);
    assert_int_equal(e.msg_t[1], T_READ);
    assert_int_equal(ir_stats(e.u)->iec_lookups, 0);
    env_down(&e);
}

/* IR-DEST-01: x2APIC mode uses all 32 DST bits */
static void test_remapped_x2apic(void **state)
{
    struct env e;
    struct irte ent = remapped(0x31, 0);

    (void)state;
    env_up_mode(&e, NULL, true);
    ent.lo |= (uint64_t)0x00012345 << IRTE_LO_DST_SHIFT;
    put(&e, 9, ent);
    msi(&e, 9, 0, 0);
    run(&e);
    assert_int_equal(e.nmsg, 1);
    assert_int_equal(e.msg[0].dest, 0x00012345);
    env_down(&e);
}

/* MSI-FMT-03: Linux multi-MSI uses the subhandle; SHV = 0 ignores data */
static void test_subhandle_index(void **state)
{
    struct env e;

    (void)state;
    env_up(&e, NULL);
    put(&e, 0x43, remapped(0x53, 1));
    put(&e, 0x20, remapped(0x60, 1));
    msi(&e, 0x40, 3, 0);
    write_raw(&e, 0xfee00000 | MSI_ADDR_FORMAT | (0x20u << 5), 0xffff0003, 4,
              0);
    run(&e);
    assert_int_equal(e.nmsg, 2);
    assert_int_equal(e.res[0].index, 0x43);
    assert_int_equal(e.msg[0].vector, 0x53);
    assert_int_equal(e.res[1].index, 0x20);
    assert_int_equal(e.msg[1].vector, 0x60);
    env_down(&e);
}

/* IR-TAG-01: the ground-truth tag passes through untouched */
static void test_tag_passthrough(void **state)
{
    struct env e;
    struct irq_tag tag = { .seq = 42, .dev = 1, .adi = 2, .entry = 3 };
    struct msi_remap f = { .handle = 5, .shv = true };
    struct msi_msg m;
    struct pcie_write w;

    (void)state;
    env_up(&e, NULL);
    put(&e, 5, remapped(0x31, 1));
    msi_remap_encode(&f, &m);
    w = (struct pcie_write){ .addr = m.addr_lo, .data = m.data, .len = 4,
                             .rid = 0x10, .tag = tag };
    ir_pcie_sink(e.u).write(e.u, &w);
    run(&e);
    assert_int_equal(e.nmsg, 1);
    assert_memory_equal(&e.msg[0].tag, &tag, sizeof(tag));
    assert_memory_equal(&last(&e)->tag, &tag, sizeof(tag));
    assert_int_equal(e.nfault, 0);
    /* a blocked request's tag goes to the evidence port with its reason */
    f.handle = 6;                               /* not present: 0x22 */
    msi_remap_encode(&f, &m);
    w.addr = m.addr_lo;
    w.data = m.data;
    w.tag.seq = 43;
    ir_pcie_sink(e.u).write(e.u, &w);
    run(&e);
    assert_int_equal(e.nmsg, 1);
    assert_int_equal(e.nfault, 1);
    assert_int_equal(e.fault_tag[0].seq, 43);
    assert_int_equal(e.fault_tag[0].entry, 3);
    assert_int_equal(e.fault_reason[0], IR_FAULT_ENTRY_P);
    env_down(&e);
}

/* IR-OFF-01: with IR disabled both formats are processed as compatibility */
static void test_ir_disabled_passthrough(void **state)
{
    struct env e;
    struct msi_compat c = { .dest = 2, .vector = 0x41, .trigger_level = true };
    struct msi_msg m;

    (void)state;
    env_up(&e, NULL);
    assert_int_equal(ir_set_enabled(e.u, false), 0);
    assert_int_equal(msi_compat_encode(&c, &m), 0);
    write_raw(&e, m.addr_lo, m.data, 4, 0x10);
    run(&e);
    assert_int_equal(e.nmsg, 1);
    assert_int_equal(last(&e)->outcome, IR_OUT_PASSTHROUGH);
    assert_int_equal(e.msg[0].dest, 2);
    assert_int_equal(e.msg[0].vector, 0x41);
    assert_true(e.msg[0].level);
    assert_int_equal(e.msg_t[0], 0);

    /* handle 0x8123 read as compatibility: dest 0x02, RH and DM set */
    msi(&e, 0x8123, 0, 0x10);
    run(&e);
    assert_int_equal(e.nmsg, 2);
    assert_int_equal(last(&e)->outcome, IR_OUT_PASSTHROUGH);
    assert_int_equal(e.msg[1].dest, 0x02);
    assert_true(e.msg[1].dest_logical);
    assert_int_equal(e.msg[1].vector, 0);

    /* VT-d 3.15: a non-DWORD write there is blocked (IR-WIN-03) */
    write_raw(&e, 0xfee01000, 0x31, 8, 0x10);
    run(&e);
    assert_int_equal(e.nmsg, 2);
    assert_int_equal(last(&e)->outcome, IR_OUT_BLOCKED);
    assert_int_equal(e.nfault, 1);              /* reported, reason 0 */
    assert_int_equal(e.fault_reason[0], IR_FAULT_NONE);
    assert_int_equal(ir_stats(e.u)->blocked, 1);
    assert_int_equal(ir_stats(e.u)->passthrough, 2);
    env_down(&e);
}

/* IR-COMPAT-02: CFI set: compatibility format passes through unremapped */
static void test_compat_cfi(void **state)
{
    struct env e;

    (void)state;
    env_up(&e, NULL);
    ir_set_cfi(e.u, true);
    write_raw(&e, 0xfee03000, 0x4055, 4, 0x10);
    run(&e);
    assert_int_equal(last(&e)->outcome, IR_OUT_PASSTHROUGH);
    assert_int_equal(e.nmsg, 1);
    assert_int_equal(e.msg[0].dest, 3);
    assert_int_equal(e.msg[0].vector, 0x55);
    env_down(&e);
}

/* IR-WIN-01, IR-WIN-02: PASID-tagged or out-of-window writes are DMA */
static void test_dma_vs_interrupt(void **state)
{
    struct env e;
    struct pcie_write w = { .addr = 0xfee00000, .data = 0x31, .len = 4,
                            .rid = 0x10, .has_pasid = true, .pasid = 7 };

    (void)state;
    env_up(&e, NULL);
    put(&e, 0, remapped(0x31, 1));
    ir_write(e.u, &w);
    assert_int_equal(e.nres, 1);                /* reported at once */
    assert_int_equal(last(&e)->outcome, IR_OUT_DMA_INTR_WINDOW);
    assert_int_equal(e.ndma, 1);
    assert_int_equal(e.dma.pasid, 7);
    /* above 4 GiB with FEE in the low half: memory, not the window */
    w = (struct pcie_write){ .addr = UINT64_C(0x1fee00010), .len = 4 };
    ir_write(e.u, &w);
    assert_int_equal(last(&e)->outcome, IR_OUT_DMA);
    w = (struct pcie_write){ .addr = 0x1000, .len = 64 };
    ir_write(e.u, &w);
    assert_int_equal(last(&e)->outcome, IR_OUT_DMA);
    run(&e);
    assert_int_equal(e.nmsg, 0);
    assert_int_equal(e.ndma, 3);
    assert_int_equal(ir_stats(e.u)->dma, 3);
    assert_int_equal(ir_stats(e.u)->dma_intr_window, 1);
    assert_int_equal(ir_stats(e.u)->requests, 0);
    /* the same write without PASID is an interrupt */
    msi(&e, 0, 0, 0x10);
    run(&e);
    assert_int_equal(e.nmsg, 1);
    assert_int_equal(ir_stats(e.u)->requests, 1);
    env_down(&e);
}

/* ---- every fault reason with its record --------------------------------- */

/* IR-REQ-01: 0x20, reserved request fields; no index in the record */
static void test_fault_20(void **state)
{
    struct env e;
    struct msi_msg m;
    struct msi_remap f = { .handle = 5, .shv = true };
    uint64_t lo, hi;
    struct ir_fault_record r;

    (void)state;
    env_up(&e, NULL);
    put(&e, 5, remapped(0x31, 1));
    msi_remap_encode(&f, &m);
    write_raw(&e, m.addr_lo, 0x00010000, 4, 0x0310);
    run(&e);
    expect_fault(&e, IR_FAULT_REQ_RSVD);
    assert_int_equal(last(&e)->t_done, T_LOG);
    expect_record(&e, 0, IR_FAULT_REQ_RSVD, 0x0310, false, 0);
    assert_int_equal(ir_fault_record_get(e.u, 0, &r), 0);
    assert_int_equal(r.time, 0);
    ir_frcd_encode(&r, &lo, &hi);
    assert_int_equal(lo, 0);
    assert_int_equal(hi, UINT64_C(0x8000002000000310));

    /* address_hi != 0 on a message formed in the root complex */
    m.addr_hi = 1;
    m.data = 0;
    assert_int_equal(ir_remap_msg(e.u, &m, 0x00f8, NULL), 0);
    run(&e);
    expect_fault(&e, IR_FAULT_REQ_RSVD);
    expect_record(&e, 1, IR_FAULT_REQ_RSVD, 0x00f8, false, 0);
    m.addr_lo = 0xfed00000;
    assert_int_equal(ir_remap_msg(e.u, &m, 0, NULL), -EINVAL);
    assert_int_equal(ir_stats(e.u)->faults[0x20 - IR_FAULT_FIRST], 2);
    assert_int_equal(e.nmsg, 0);
    env_down(&e);
}

/* IR-IDX-01: 0x21, index >= 2^(S+1); MSI-FMT-03 with SHV */
static void test_fault_21(void **state)
{
    struct env e;

    (void)state;
    env_up(&e, NULL);
    assert_int_equal(ir_table_entries(e.u), 256);
    put(&e, 255, remapped(0x31, 1));
    msi(&e, 255, 0, 0x0310);
    run(&e);
    assert_int_equal(last(&e)->outcome, IR_OUT_REMAPPED);
    msi(&e, 250, 6, 0x0310);                    /* 250 + 6 = 256 */
    run(&e);
    expect_fault(&e, IR_FAULT_INDEX_OVER);
    expect_record(&e, 0, IR_FAULT_INDEX_OVER, 0x0310, true, 256);
    msi(&e, 0xffff, 0xffff, 0x0311);            /* 0x1fffe */
    run(&e);
    expect_fault(&e, IR_FAULT_INDEX_OVER);
    expect_record(&e, 1, IR_FAULT_INDEX_OVER, 0x0311, true, 0x1fffe);
    assert_int_equal(ir_stats(e.u)->iec_lookups, 1);
    env_down(&e);
}

static void haw32(struct ir_config *cfg)
{
    cfg->haw = 32;
}

/* IR-IDX-02: 0x21 also when the IRTE would lie at or above 2^HAW */
static void test_fault_21_haw(void **state)
{
    struct env e;
    struct ir_table top;

    (void)state;
    env_up(&e, haw32);
    assert_int_equal(mem_add_region(&e.mem, UINT64_C(0xfffff000), 0x2000), 0);
    assert_int_equal(ir_table_init(&top, &e.mem, UINT64_C(0xfffff000), 8,
                                   false), 0);
    assert_int_equal(ir_set_irta(e.u, ir_table_irta(&top)), 0);
    msi(&e, 255, 0, 1);                         /* last entry below 4 GiB */
    msi(&e, 256, 0, 2);                         /* first one at 4 GiB */
    run(&e);
    assert_int_equal(by_seq(&e, 1)->fault, IR_FAULT_ENTRY_P);
    assert_int_equal(by_seq(&e, 2)->fault, IR_FAULT_INDEX_OVER);
    assert_int_equal(by_seq(&e, 2)->index, 256);
    ir_table_fini(&top);
    env_down(&e);
}

/* IR-P-01: 0x22, present bit clear; IR-FRCD-03: FRCD golden */
static void test_fault_22(void **state)
{
    struct env e;
    struct ir_fault_record r;
    uint64_t lo, hi;

    (void)state;
    env_up(&e, NULL);
    msi(&e, 5, 0, 0x0310);
    run(&e);
    expect_fault(&e, IR_FAULT_ENTRY_P);
    assert_int_equal(last(&e)->t_done, T_HIT + T_READ + T_LOG);
    expect_record(&e, 0, IR_FAULT_ENTRY_P, 0x0310, true, 5);
    assert_int_equal(ir_fault_record_get(e.u, 0, &r), 0);
    assert_int_equal(r.time, T_HIT + T_READ);
    ir_frcd_encode(&r, &lo, &hi);
    assert_int_equal(lo, UINT64_C(0x0005000000000000));
    assert_int_equal(hi, UINT64_C(0x8000002200000310));
    assert_int_equal(ir_fsts(e.u), IR_FSTS_PPF);
    /* VT-d 6.4 (CM = 0): a faulting entry is not cached */
    assert_false(ir_iec_peek(e.u, 5, NULL));
    assert_int_equal(e.nmsg, 0);
    env_down(&e);
}

/* IR-ROOT-01: 0x23, the table read fails */
static void test_fault_23(void **state)
{
    struct env e;

    (void)state;
    env_up(&e, NULL);
    assert_int_equal(ir_set_irta(e.u, ir_irta_encode(HOLE, 7, false)), 0);
    msi(&e, 3, 0, 0x0310);
    run(&e);
    expect_fault(&e, IR_FAULT_ROOT_INVAL);
    expect_record(&e, 0, IR_FAULT_ROOT_INVAL, 0x0310, true, 3);
    assert_int_equal(e.nmsg, 0);
    env_down(&e);
}

/* IR-RSVD-01/02: 0x24, reserved bits in a present IRTE */
static void test_fault_24(void **state)
{
    struct env e;
    struct irte ent = remapped(0x31, 1);

    (void)state;
    env_up(&e, NULL);
    ent.lo |= UINT64_C(1) << 13;
    put(&e, 6, ent);
    ent = remapped(0x31, 1);
    ent.lo |= UINT64_C(1) << 32;                /* xAPIC DST bit 0 */
    put(&e, 7, ent);
    msi(&e, 6, 0, 0x0310);
    msi(&e, 7, 0, 0x0311);
    run(&e);
    assert_int_equal(e.res[0].fault, IR_FAULT_IRTE_RSVD);
    assert_int_equal(e.res[1].fault, IR_FAULT_IRTE_RSVD);
    expect_record(&e, 0, IR_FAULT_IRTE_RSVD, 0x0310, true, 6);
    expect_record(&e, 1, IR_FAULT_IRTE_RSVD, 0x0311, true, 7);
    assert_int_equal(e.nmsg, 0);
    env_down(&e);
}

static void no_pi(struct ir_config *cfg)
{
    cfg->posted = false;
}

/* IR-RSVD-02: a posted entry on a unit without CAP_REG.PI */
static void test_fault_24_no_pi(void **state)
{
    struct env e;
    struct irte_posted p = { .present = true, .vector = 0x45,
                             .pda = PID_BASE };
    struct irte ent;

    (void)state;
    env_up(&e, no_pi);
    assert_int_equal(irte_encode_posted(&p, &ent), 0);
    put(&e, 2, ent);
    msi(&e, 2, 0, 0x0310);
    run(&e);
    expect_fault(&e, IR_FAULT_IRTE_RSVD);
    expect_record(&e, 0, IR_FAULT_IRTE_RSVD, 0x0310, true, 2);
    assert_int_equal(e.nmsg, 0);
    env_down(&e);
}

/* IR-COMPAT-01: 0x25, compatibility format blocked (CFI clear, or EIME) */
static void test_fault_25(void **state)
{
    struct env e;

    (void)state;
    env_up(&e, NULL);
    write_raw(&e, 0xfee01000, 0x4031, 4, 0x0310);
    run(&e);
    expect_fault(&e, IR_FAULT_REQ_COMPAT);
    expect_record(&e, 0, IR_FAULT_REQ_COMPAT, 0x0310, false, 0);
    env_down(&e);

    /* IR-COMPAT-03: in x2APIC mode CFI does not matter */
    env_up_mode(&e, NULL, true);
    ir_set_cfi(e.u, true);
    write_raw(&e, 0xfee01000, 0x4031, 4, 0x0311);
    run(&e);
    expect_fault(&e, IR_FAULT_REQ_COMPAT);
    expect_record(&e, 0, IR_FAULT_REQ_COMPAT, 0x0311, false, 0);
    env_down(&e);
}

/* IR-SID-01: 0x26 through the unit, SVT = 01b */
static void test_fault_26(void **state)
{
    struct env e;
    struct irte ent = remapped(0x31, 1);

    (void)state;
    env_up(&e, NULL);
    ent.hi = PCI_RID(3, 4, 0) | (uint64_t)IRTE_SVT_SID_SQ << IRTE_HI_SVT_SHIFT;
    put(&e, 8, ent);
    msi(&e, 8, 0, PCI_RID(3, 4, 1));            /* another function */
    run(&e);
    expect_fault(&e, IR_FAULT_SID_ERR);
    expect_record(&e, 0, IR_FAULT_SID_ERR, PCI_RID(3, 4, 1), true, 8);
    /* a source-id failure is a fault: with CM = 0 nothing is cached */
    assert_false(ir_iec_peek(e.u, 8, NULL));
    msi(&e, 8, 0, PCI_RID(3, 4, 0));
    run(&e);
    assert_int_equal(last(&e)->outcome, IR_OUT_REMAPPED);
    assert_int_equal(e.nmsg, 1);
    env_down(&e);
}

/* IR-SID-02: 0x26 through the unit, SVT = 10b bus range */
static void test_fault_26_bus(void **state)
{
    struct env e;
    struct irte ent = remapped(0x31, 1);

    (void)state;
    env_up(&e, NULL);
    ent.hi = IRTE_SID_BUS_RANGE(4, 6) |
             (uint64_t)IRTE_SVT_BUS << IRTE_HI_SVT_SHIFT;
    put(&e, 8, ent);
    msi(&e, 8, 0, PCI_RID(5, 1, 0));
    msi(&e, 8, 0, PCI_RID(7, 1, 0));
    run(&e);
    assert_int_equal(e.res[0].outcome, IR_OUT_REMAPPED);
    assert_int_equal(e.res[1].fault, IR_FAULT_SID_ERR);
    expect_record(&e, 0, IR_FAULT_SID_ERR, PCI_RID(7, 1, 0), true, 8);
    env_down(&e);
}

/* IR-ORDER-01: VT-d 5.1.4 verifies the source-id before the IRTE format */
static void test_check_order(void **state)
{
    struct env e;
    struct irte ent = remapped(0x31, 1);

    (void)state;
    env_up(&e, NULL);
    ent.lo |= UINT64_C(1) << 12;
    ent.hi = 0x0010 | (uint64_t)IRTE_SVT_SID_SQ << IRTE_HI_SVT_SHIFT;
    put(&e, 4, ent);
    msi(&e, 4, 0, 0x0011);
    run(&e);
    assert_int_equal(last(&e)->fault, IR_FAULT_SID_ERR);
    msi(&e, 4, 0, 0x0010);
    run(&e);
    assert_int_equal(last(&e)->fault, IR_FAULT_IRTE_RSVD);
    env_down(&e);
}

static void put_pid(struct env *e, uint64_t addr, uint8_t nv, uint32_t ndst,
                    bool on, bool sn)
{
    struct pid p;

    memset(&p, 0, sizeof(p));
    pid_set_nv(&p, nv);
    pid_set_ndst(&p, ndst);
    pid_set_on(&p, on);
    pid_set_sn(&p, sn);
    assert_int_equal(pid_store(&e->mem, addr, &p), 0);
}

static void get_pid(struct env *e, uint64_t addr, struct pid *p)
{
    assert_int_equal(pid_load(&e->mem, addr, p), 0);
}

static struct irte posted(uint8_t vector, uint64_t pda, bool urg)
{
    struct irte_posted p = { .present = true, .vector = vector, .pda = pda,
                             .urg = urg };
    struct irte ent;

    assert_int_equal(irte_encode_posted(&p, &ent), 0);
    return ent;
}

/* IR-PID-01: 0x27, the PID cannot be read; 0x28, PID reserved bits */
static void test_fault_27_28(void **state)
{
    struct env e;
    struct pid p;

    (void)state;
    env_up(&e, NULL);
    put(&e, 10, posted(0x45, HOLE, false));
    put(&e, 11, posted(0x45, PID_BASE, false));
    put_pid(&e, PID_BASE, 0xf2, 0x0300, false, false);
    get_pid(&e, PID_BASE, &p);
    p.w[5] = 1;                                  /* bit 320 */
    assert_int_equal(pid_store(&e.mem, PID_BASE, &p), 0);
    msi(&e, 10, 0, 0x0310);
    msi(&e, 11, 0, 0x0311);
    run(&e);
    assert_int_equal(e.res[0].fault, IR_FAULT_PDA_INVAL);
    assert_int_equal(e.res[1].fault, IR_FAULT_PD_RSVD);
    expect_record(&e, 0, IR_FAULT_PDA_INVAL, 0x0310, true, 10);
    expect_record(&e, 1, IR_FAULT_PD_RSVD, 0x0311, true, 11);
    assert_int_equal(e.res[0].t_done, T_HIT + T_READ + T_POST + T_LOG);
    get_pid(&e, PID_BASE, &p);
    assert_false(pid_pir_test(&p, 0x45));        /* blocked, not posted */
    /* xAPIC mode: NDST bits 7:0 are reserved too */
    put_pid(&e, PID_BASE, 0xf2, 0x0301, false, false);
    msi(&e, 11, 0, 0x0312);
    run(&e);
    assert_int_equal(last(&e)->fault, IR_FAULT_PD_RSVD);
    assert_int_equal(e.nmsg, 0);
    env_down(&e);
}

/* IR-REQ-02: 0x29, a window write that is not a single DWORD */
static void test_fault_29(void **state)
{
    struct env e;

    (void)state;
    env_up(&e, NULL);
    write_raw(&e, 0xfee00030, 0, 2, 0x0310);
    write_raw(&e, 0xfee00030, 0, 8, 0x0311);
    write_raw(&e, 0xfee00032, 0, 4, 0x0312);
    run(&e);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(e.res[i].fault, IR_FAULT_REQ_INVALID);
        expect_record(&e, (unsigned)i, IR_FAULT_REQ_INVALID,
                      (uint16_t)(0x0310 + i), false, 0);
    }
    assert_int_equal(e.nmsg, 0);
    env_down(&e);
}

/* IR-FPD-01: qualified faults are not recorded when FPD is set */
static void test_fpd(void **state)
{
    struct env e;
    struct irte ent;

    (void)state;
    env_up(&e, NULL);
    ent.lo = IRTE_LO_FPD;                       /* P = 0, FPD = 1 */
    ent.hi = 0;
    put(&e, 5, ent);
    ent = remapped(0x31, 1);
    ent.lo |= IRTE_LO_FPD;
    ent.hi = 0x0010 | (uint64_t)IRTE_SVT_SID_SQ << IRTE_HI_SVT_SHIFT;
    put(&e, 6, ent);
    msi(&e, 5, 0, 0x0310);
    msi(&e, 6, 0, 0x0311);
    run(&e);
    assert_int_equal(e.res[0].fault, IR_FAULT_ENTRY_P);
    assert_true(e.res[0].fault_fpd);
    assert_false(e.res[0].fault_recorded);
    assert_int_equal(e.res[0].t_done, T_HIT + T_READ);  /* no logging */
    assert_int_equal(e.res[1].fault, IR_FAULT_SID_ERR);
    assert_true(e.res[1].fault_fpd);
    assert_int_equal(ir_stats(e.u)->faults[0x22 - IR_FAULT_FIRST], 1);
    assert_int_equal(ir_stats(e.u)->faults[0x26 - IR_FAULT_FIRST], 1);
    assert_int_equal(ir_stats(e.u)->faults_fpd, 2);
    assert_int_equal(ir_stats(e.u)->faults_recorded, 0);
    /* FPD suppresses the record, not the evidence */
    assert_int_equal(e.nfault, 2);
    assert_int_equal(e.fault_reason[0], IR_FAULT_ENTRY_P);
    assert_int_equal(e.fault_reason[1], IR_FAULT_SID_ERR);
    assert_int_equal(ir_fsts(e.u), 0);
    /* unqualified: recorded whatever the IRTE says (it is never read) */
    msi(&e, 5, 0xffff, 0x0312);
    run(&e);
    expect_fault(&e, IR_FAULT_INDEX_OVER);
    assert_int_equal(ir_stats(e.u)->faults_recorded, 1);
    assert_int_equal(e.nmsg, 0);
    env_down(&e);
}

static void four_records(struct ir_config *cfg)
{
    cfg->fault_records = 4;
}

/* IR-FRCD-01, IR-FRCD-02: a full ring sets PFO; nothing is recorded until
 * PFO is cleared */
static void test_fault_ring_overflow(void **state)
{
    struct env e;
    struct ir_fault_record r;

    (void)state;
    env_up(&e, four_records);
    assert_int_equal(ir_fault_nrecords(e.u), 4);
    for (uint16_t i = 0; i < 5; i++)
        msi(&e, 300, 0, (uint16_t)(0x100 + i));  /* 0x21 each */
    run(&e);
    for (unsigned i = 0; i < 4; i++) {
        assert_true(e.res[i].fault_recorded);
        expect_record(&e, i, IR_FAULT_INDEX_OVER, (uint16_t)(0x100 + i), true,
                      300);
    }
    assert_false(e.res[4].fault_recorded);
    assert_true(e.res[4].fault_overflow);
    assert_int_equal(ir_fsts(e.u), IR_FSTS_PFO | IR_FSTS_PPF);
    assert_int_equal(ir_stats(e.u)->faults_lost, 1);

    /* servicing one register is not enough while PFO is set */
    assert_int_equal(ir_fault_record_clear(e.u, 0), 0);
    msi(&e, 300, 0, 0x200);
    run(&e);
    assert_true(last(&e)->fault_overflow);
    assert_int_equal(ir_fault_record_get(e.u, 0, &r), 0);
    assert_false(r.f);

    /* clear PFO: recording resumes at the internal index (wrapped to 0) */
    ir_fault_clear_pfo(e.u);
    msi(&e, 300, 0, 0x201);
    run(&e);
    assert_true(last(&e)->fault_recorded);
    expect_record(&e, 0, IR_FAULT_INDEX_OVER, 0x201, true, 300);
    /* the next register is still busy: overflow again */
    msi(&e, 300, 0, 0x202);
    run(&e);
    assert_true(last(&e)->fault_overflow);
    assert_int_equal(ir_fsts(e.u) & IR_FSTS_PFO, IR_FSTS_PFO);
    assert_int_equal(ir_fault_record_get(e.u, 4, &r), -EINVAL);
    assert_int_equal(e.nmsg, 0);
    env_down(&e);
}

struct fev_log {
    unsigned n;
    uint64_t addr;
    uint32_t data;
};

static void on_fault_event(void *ctx, uint64_t addr, uint32_t data)
{
    struct fev_log *l = ctx;

    l->n++;
    l->addr = addr;
    l->data = data;
}

/* IR-FEV-01: the fault event: PPF 0 -> 1 and PFO set it; IM holds it in
 * IP until cleared */
static void test_fault_event(void **state)
{
    struct env e;
    struct fev_log l = { 0 };

    (void)state;
    env_up(&e, four_records);
    /* reset: IM set, nothing pending */
    assert_int_equal(ir_fectl(e.u), IR_FECTL_IM);
    ir_fault_event_set(e.u, on_fault_event, &l, 0xfee00000, 0xec);
    /* masked: the first fault sets IP only */
    msi(&e, 300, 0, 0x100);
    run(&e);
    assert_int_equal(ir_fectl(e.u), IR_FECTL_IM | IR_FECTL_IP);
    assert_int_equal(l.n, 0);
    /* unmasking sends the pending message and clears IP */
    ir_fectl_write(e.u, 0);
    assert_int_equal(ir_fectl(e.u), 0);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.addr, 0xfee00000);
    assert_int_equal(l.data, 0xec);
    /* PPF stays set: further faults raise no event ... */
    msi(&e, 300, 0, 0x101);
    msi(&e, 300, 0, 0x102);
    msi(&e, 300, 0, 0x103);
    run(&e);
    assert_int_equal(l.n, 1);
    /* ... until one overflows (PFO set) */
    msi(&e, 300, 0, 0x104);
    run(&e);
    assert_int_equal(l.n, 2);
    assert_int_equal(ir_fsts(e.u) & IR_FSTS_PFO, IR_FSTS_PFO);
    /* serviced and PFO cleared: the next fault is PPF 0 -> 1 again */
    for (unsigned i = 0; i < 4; i++)
        assert_int_equal(ir_fault_record_clear(e.u, i), 0);
    ir_fault_clear_pfo(e.u);
    assert_int_equal(ir_fsts(e.u) & (IR_FSTS_PFO | IR_FSTS_PPF), 0);
    msi(&e, 300, 0, 0x105);
    run(&e);
    assert_int_equal(l.n, 3);
    assert_int_equal(ir_stats(e.u)->fault_events, 3);
    assert_int_equal(ir_stats(e.u)->faults_recorded, 5);
    assert_int_equal(ir_stats(e.u)->faults_lost, 1);
    env_down(&e);
}

/* IR-QI-01, IR-QI-02: the invalidation queue: an IEC descriptor and a wait
 * descriptor (status write, interrupt) in a ring in memory, one at a time */
#define IQ_BASE (RAM_BASE + 0x10000)
#define IQ_STATUS (RAM_BASE + 0x20000)

struct iev_log {
    unsigned n;
    sim_time_t t;
    struct sim *sim;
};

static void on_inv_event(void *ctx, uint64_t addr, uint32_t data)
{
    struct iev_log *l = ctx;

    assert_int_equal(addr, 0xfee00000);
    assert_int_equal(data, 0xed);
    l->n++;
    l->t = sim_now(l->sim);
}

static void iq_put(struct env *e, unsigned i, uint64_t qw0, uint64_t qw1)
{
    assert_int_equal(mem_write64(&e->mem, IQ_BASE + 16u * i, qw0), 0);
    assert_int_equal(mem_write64(&e->mem, IQ_BASE + 16u * i + 8, qw1), 0);
}

static void test_qi_ring(void **state)
{
    struct env e;
    struct iev_log l = { 0 };
    struct ir_iec_inv sel = { .global = false, .iidx = 4, .im = 2 };
    uint32_t st = 0;

    (void)state;
    env_up(&e, NULL);
    l.sim = e.sim;
    assert_int_equal(ir_qi_enable(e.u, IQ_BASE | IR_IQA_DW), -EINVAL);
    assert_int_equal(ir_qi_write_tail(e.u, 1u << 4), -EINVAL);  /* not on */
    assert_int_equal(ir_qi_enable(e.u, IQ_BASE), 0);            /* 256 */
    assert_int_equal(ir_qi_write_tail(e.u, 256u << 4), -EINVAL);
    assert_int_equal(ir_qi_write_tail(e.u, 8), -EINVAL);
    assert_int_equal(ir_iectl(e.u), IR_FECTL_IM);
    ir_inv_event_set(e.u, on_inv_event, &l, 0xfee00000, 0xed);
    ir_iectl_write(e.u, 0);

    put(&e, 5, remapped(0x31, 1));
    msi(&e, 5, 0, 0);
    run(&e);
    put(&e, 5, remapped(0x32, 2));
    /* IEC 4..7, then wait with status write 0x1234 and interrupt */
    iq_put(&e, 0, ir_iec_desc_encode(&sel), 0);
    iq_put(&e, 1, IR_QI_TYPE_WAIT | IR_QI_WAIT_SW | IR_QI_WAIT_IF |
                      (UINT64_C(0x1234) << IR_QI_WAIT_SDATA_SHIFT),
           IQ_STATUS);
    {
        sim_time_t t0 = sim_now(e.sim);

        assert_int_equal(ir_qi_write_tail(e.u, 2u << 4), 0);
        run(&e);
        /* fetch, invalidate, fetch: the wait completes after both */
        assert_int_equal(l.t, t0 + 2 * T_READ + T_INV);
    }
    assert_int_equal(ir_qi_head(e.u), 2u << 4);
    assert_int_equal(mem_read32(&e.mem, IQ_STATUS, &st), 0);
    assert_int_equal(st, 0x1234);
    assert_int_equal(ir_ics(e.u), IR_ICS_IWC);
    assert_int_equal(l.n, 1);
    assert_int_equal(ir_stats(e.u)->qi_descs, 2);
    assert_int_equal(ir_stats(e.u)->qi_waits, 1);
    assert_int_equal(ir_stats(e.u)->iec_invalidations, 1);
    msi(&e, 5, 0, 0);
    run(&e);
    assert_int_equal(e.msg[1].vector, 0x32);

    /* IWC still set: a second wait with IF raises no new event */
    iq_put(&e, 2, IR_QI_TYPE_WAIT | IR_QI_WAIT_IF, 0);
    assert_int_equal(ir_qi_write_tail(e.u, 3u << 4), 0);
    run(&e);
    assert_int_equal(l.n, 1);
    ir_ics_clear(e.u);
    assert_int_equal(ir_ics(e.u), 0);

    /* an unknown type stops the queue at it with FSTS.IQE */
    iq_put(&e, 3, 0x7, 0);
    iq_put(&e, 4, IR_QI_TYPE_WAIT | IR_QI_WAIT_SW, IQ_STATUS);
    assert_int_equal(ir_qi_write_tail(e.u, 5u << 4), 0);
    run(&e);
    assert_int_equal(ir_qi_head(e.u), 3u << 4);
    assert_int_equal(ir_fsts(e.u) & IR_FSTS_IQE, IR_FSTS_IQE);
    assert_int_equal(ir_stats(e.u)->fault_events, 0);   /* FECTL.IM set */
    assert_int_equal(ir_fectl(e.u), IR_FECTL_IM | IR_FECTL_IP);
    assert_int_equal(ir_stats(e.u)->qi_descs, 3);
    env_down(&e);
}

/* IR-FRCD-03: FRI names the register that took the first fault after PPF
 * was clear */
static void test_fault_fri(void **state)
{
    struct env e;

    (void)state;
    env_up(&e, four_records);
    msi(&e, 300, 0, 1);
    msi(&e, 300, 0, 2);
    run(&e);
    assert_int_equal(ir_fsts(e.u), IR_FSTS_PPF | (0u << IR_FSTS_FRI_SHIFT));
    assert_int_equal(ir_fault_record_clear(e.u, 0), 0);
    assert_int_equal(ir_fault_record_clear(e.u, 1), 0);
    assert_int_equal(ir_fsts(e.u), 0);
    msi(&e, 300, 0, 3);
    run(&e);
    assert_int_equal(ir_fsts(e.u), IR_FSTS_PPF | (2u << IR_FSTS_FRI_SHIFT));
    expect_record(&e, 2, IR_FAULT_INDEX_OVER, 3, true, 300);
    env_down(&e);
}

/* ---- the interrupt entry cache ------------------------------------------ */

/* IEC-STALE-01, IEC-INV-01, IEC-INV-02; IR-HOST-02: ir_table_write() leaves
 * the IEC alone */
static void test_iec_stale_and_invalidation(void **state)
{
    struct env e;

    (void)state;
    env_up(&e, NULL);
    put(&e, 5, remapped(0x31, 1));
    msi(&e, 5, 0, 0);
    run(&e);
    assert_int_equal(e.msg[0].vector, 0x31);

    /* the host rewrites the IRTE without invalidating: stale delivery */
    put(&e, 5, remapped(0x32, 2));
    msi(&e, 5, 0, 0);
    run(&e);
    assert_int_equal(e.nmsg, 2);
    assert_int_equal(e.msg[1].vector, 0x31);
    assert_int_equal(e.msg[1].dest, 1);
    assert_true(last(&e)->iec_hit);

    /* an index-selective invalidation of 8..11 does not cover 5 */
    assert_int_equal(ir_invalidate_iec(e.u, false, 8, 2, on_inv_done, &e), 0);
    run(&e);
    assert_int_equal(e.ninv, 1);
    msi(&e, 5, 0, 0);
    run(&e);
    assert_int_equal(e.msg[2].vector, 0x31);

    /* 4..7 (IIDX 4, IM 2) does */
    assert_int_equal(ir_invalidate_iec(e.u, false, 4, 2, on_inv_done, &e), 0);
    run(&e);
    msi(&e, 5, 0, 0);
    run(&e);
    assert_int_equal(e.msg[3].vector, 0x32);
    assert_int_equal(e.msg[3].dest, 2);
    assert_false(last(&e)->iec_hit);

    /* IIDX bits below IM are ignored: IIDX 6, IM 2 is 4..7 as well */
    put(&e, 5, remapped(0x33, 3));
    assert_int_equal(ir_invalidate_iec(e.u, false, 6, 2, NULL, NULL), 0);
    run(&e);
    msi(&e, 5, 0, 0);
    run(&e);
    assert_int_equal(e.msg[4].vector, 0x33);

    /* IM 0 is exactly one index */
    put(&e, 5, remapped(0x34, 3));
    assert_int_equal(ir_invalidate_iec(e.u, false, 4, 0, NULL, NULL), 0);
    run(&e);
    msi(&e, 5, 0, 0);
    run(&e);
    assert_int_equal(e.msg[5].vector, 0x33);

    /* global */
    put(&e, 1, remapped(0x41, 1));
    msi(&e, 1, 0, 0);
    run(&e);
    assert_int_equal(ir_iec_used(e.u), 2);
    put(&e, 1, remapped(0x42, 1));
    assert_int_equal(ir_invalidate_iec(e.u, true, 0, 0, on_inv_done, &e), 0);
    run(&e);
    assert_int_equal(ir_iec_used(e.u), 0);
    msi(&e, 1, 0, 0);
    msi(&e, 5, 0, 0);
    run(&e);
    assert_int_equal(e.msg[7].vector, 0x42);
    assert_int_equal(e.msg[8].vector, 0x34);
    assert_int_equal(ir_stats(e.u)->iec_invalidations, 5);
    env_down(&e);
}

/* IEC-INV-03: an invalidation completes after its cost, one at a time */
static void test_iec_inval_timing(void **state)
{
    struct env e;

    (void)state;
    env_up(&e, NULL);
    assert_int_equal(ir_invalidate_iec(e.u, true, 0, 0, on_inv_done, &e), 0);
    assert_int_equal(ir_invalidate_iec(e.u, false, 0, 3, on_inv_done, &e), 0);
    run(&e);
    assert_int_equal(e.ninv, 2);
    assert_int_equal(e.inv_t[0], T_INV);
    assert_int_equal(e.inv_t[1], 2 * T_INV);
    assert_int_equal(ir_invalidate_iec(e.u, true, 0, 32, NULL, NULL), -EINVAL);
    env_down(&e);
}

static void fast_inval(struct env *e)
{
    e->cost.value[COST_IEC_INVAL] = 50;         /* 50 ns */
}

/* IEC-INV-04: completion waits for requests that arrived before the
 * invalidation took effect (interrupt draining, VT-d 6.5.2.8) */
static void test_iec_inval_drains(void **state)
{
    struct env e;

    (void)state;
    env_up(&e, NULL);
    fast_inval(&e);
    put(&e, 5, remapped(0x31, 1));
    msi(&e, 5, 0, 0);                           /* completes at 110 ns */
    assert_int_equal(ir_invalidate_iec(e.u, true, 0, 0, on_inv_done, &e), 0);
    run(&e);
    assert_int_equal(e.nmsg, 1);
    assert_int_equal(e.msg_t[0], T_HIT + T_READ);
    assert_int_equal(e.ninv, 1);
    assert_int_equal(e.inv_t[0], T_HIT + T_READ);  /* not at 50 ns */
    /* the request's fill came after the drop: the entry is cached again */
    assert_true(ir_iec_peek(e.u, 5, NULL));
    env_down(&e);
}

static void two_lru(struct ir_config *cfg)
{
    cfg->iec_entries = 2;
}

static void two_fifo(struct ir_config *cfg)
{
    cfg->iec_entries = 2;
    cfg->iec_policy = IR_IEC_FIFO;
}

static void replacement(tweak_fn tweak, unsigned kept, unsigned evicted)
{
    struct env e;

    env_up(&e, tweak);
    for (unsigned i = 1; i <= 3; i++)
        put(&e, i, remapped((uint8_t)(0x30 + i), 1));
    msi(&e, 1, 0, 0);
    run(&e);
    msi(&e, 2, 0, 0);
    run(&e);
    msi(&e, 1, 0, 0);                           /* hit: 1 is now recent */
    run(&e);
    msi(&e, 3, 0, 0);                           /* miss: evicts one */
    run(&e);
    assert_int_equal(ir_iec_used(e.u), 2);
    assert_true(ir_iec_peek(e.u, 3, NULL));
    assert_true(ir_iec_peek(e.u, kept, NULL));
    assert_false(ir_iec_peek(e.u, evicted, NULL));
    assert_int_equal(ir_stats(e.u)->iec_evictions, 1);
    env_down(&e);
}

/* IEC-REPL-01: LRU evicts the least recently used, FIFO the oldest fill */
static void test_iec_replacement(void **state)
{
    (void)state;
    replacement(two_lru, 1, 2);
    replacement(two_fifo, 2, 1);
}

static void cm1(struct ir_config *cfg)
{
    cfg->caching_mode = true;
}

/* IEC-CM-01: with CM = 1 a not-present entry may be cached (VT-d 6.4) */
static void test_iec_caching_mode(void **state)
{
    struct env e;

    (void)state;
    env_up(&e, cm1);
    msi(&e, 7, 0, 0);
    run(&e);
    assert_int_equal(last(&e)->fault, IR_FAULT_ENTRY_P);
    assert_true(ir_iec_peek(e.u, 7, NULL));
    put(&e, 7, remapped(0x31, 1));
    msi(&e, 7, 0, 0);
    run(&e);
    assert_int_equal(last(&e)->fault, IR_FAULT_ENTRY_P);   /* stale P = 0 */
    assert_true(last(&e)->iec_hit);
    assert_int_equal(ir_invalidate_iec(e.u, false, 7, 0, NULL, NULL), 0);
    run(&e);
    msi(&e, 7, 0, 0);
    run(&e);
    assert_int_equal(last(&e)->outcome, IR_OUT_REMAPPED);
    env_down(&e);

    /* CM = 0: the not-present entry was not cached, no invalidation needed */
    env_up(&e, NULL);
    msi(&e, 7, 0, 0);
    run(&e);
    put(&e, 7, remapped(0x31, 1));
    msi(&e, 7, 0, 0);
    run(&e);
    assert_int_equal(last(&e)->outcome, IR_OUT_REMAPPED);
    env_down(&e);
}

static void esirtps(struct ir_config *cfg)
{
    cfg->esirtps = true;
}

/* IEC-SIRTP-01: SIRTP invalidates the IEC only with ESIRTPS (VT-d 6.7) */
static void test_iec_sirtp(void **state)
{
    struct env e;

    (void)state;
    env_up(&e, NULL);
    put(&e, 5, remapped(0x31, 1));
    msi(&e, 5, 0, 0);
    run(&e);
    assert_int_equal(ir_set_irta(e.u, ir_irta(e.u)), 0);
    assert_int_equal(ir_iec_used(e.u), 1);
    assert_int_equal(ir_set_irta(e.u, ir_irta(e.u) | (1u << 4)), -EINVAL);
    env_down(&e);

    env_up(&e, esirtps);
    put(&e, 5, remapped(0x31, 1));
    msi(&e, 5, 0, 0);
    run(&e);
    assert_int_equal(ir_set_irta(e.u, ir_irta(e.u)), 0);
    assert_int_equal(ir_iec_used(e.u), 0);
    env_down(&e);
}

/* IEC-DESC-01: the IEC invalidate descriptor, bit-exact */
static void test_iec_descriptor(void **state)
{
    struct env e;
    struct ir_iec_inv d = { .global = false, .iidx = 0x1234, .im = 3 };
    struct ir_iec_inv back;

    (void)state;
    assert_int_equal(ir_iec_desc_encode(&d), UINT64_C(0x0000123418000014));
    d = (struct ir_iec_inv){ .global = true };
    assert_int_equal(ir_iec_desc_encode(&d), 0x4);
    assert_int_equal(ir_iec_desc_decode(UINT64_C(0x0000123418000014), 0,
                                        &back), 0);
    assert_false(back.global);
    assert_int_equal(back.iidx, 0x1234);
    assert_int_equal(back.im, 3);
    assert_int_equal(ir_iec_desc_decode(0x4, 0, &back), 0);
    assert_true(back.global);
    /* reserved bits: 8:5, 26:12, 63:48, qw1; wrong type */
    assert_int_equal(ir_iec_desc_decode(0x4 | 1u << 5, 0, &back), -EINVAL);
    assert_int_equal(ir_iec_desc_decode(0x4 | 1u << 26, 0, &back), -EINVAL);
    assert_int_equal(ir_iec_desc_decode(0x4 | UINT64_C(1) << 48, 0, &back),
                     -EINVAL);
    assert_int_equal(ir_iec_desc_decode(0x4, 1, &back), -EINVAL);
    assert_int_equal(ir_iec_desc_decode(0x5, 0, &back), -EINVAL);
    assert_int_equal(ir_iec_desc_decode(0x4 | 1u << 9, 0, &back), -EINVAL);

    env_up(&e, NULL);
    put(&e, 5, remapped(0x31, 1));
    msi(&e, 5, 0, 0);
    run(&e);
    d = (struct ir_iec_inv){ .iidx = 5 };
    assert_int_equal(ir_qi_submit(e.u, ir_iec_desc_encode(&d), 0, on_inv_done,
                                  &e), 0);
    run(&e);
    assert_int_equal(e.ninv, 1);
    assert_int_equal(ir_iec_used(e.u), 0);
    assert_int_equal(ir_qi_submit(e.u, 0x5, 0, NULL, NULL), -EOPNOTSUPP);
    assert_int_equal(ir_qi_submit(e.u, 0x4 | 1u << 5, 0, NULL, NULL), -EINVAL);
    env_down(&e);
}

/* ---- posting ------------------------------------------------------------ */

/* PI-ON-01: ON clear: PIR bit, ON set, one notification {NDST, NV} */
static void test_posted_notify(void **state)
{
    struct env e;
    struct pid p;

    (void)state;
    env_up(&e, NULL);
    put_pid(&e, PID_BASE, 0xf2, 0x0300, false, false);  /* xAPIC ID 3 */
    put(&e, 12, posted(0x45, PID_BASE, false));
    msi(&e, 12, 0, 0x10);
    run(&e);
    assert_int_equal(last(&e)->outcome, IR_OUT_POSTED);
    assert_true(last(&e)->notified);
    assert_int_equal(last(&e)->posted_vector, 0x45);
    assert_int_equal(last(&e)->pda, PID_BASE);
    /* the posting reaches the APIC sink in the event of the PIR write */
    assert_int_equal(e.npost, 1);
    assert_int_equal(e.post[0].pda, PID_BASE);
    assert_int_equal(e.post[0].vector, 0x45);
    assert_int_equal(e.post_t[0], T_HIT + T_READ + T_POST);
    assert_int_equal(e.nmsg, 1);
    assert_int_equal(e.msg[0].dest, 3);
    assert_int_equal(e.msg[0].vector, 0xf2);
    assert_int_equal(e.msg[0].dlm, APIC_DLM_FIXED);
    assert_false(e.msg[0].dest_logical);
    assert_false(e.msg[0].level);
    assert_int_equal(e.msg_t[0], T_HIT + T_READ + T_POST + T_NOTIFY);
    get_pid(&e, PID_BASE, &p);
    assert_true(pid_on(&p));
    assert_true(pid_pir_test(&p, 0x45));
    assert_int_equal(ir_stats(e.u)->notifications, 1);

    /* PI-ON-02: ON already set: PIR bit only, no second notification */
    put(&e, 13, posted(0x46, PID_BASE, false));
    msi(&e, 13, 0, 0x10);
    run(&e);
    assert_int_equal(last(&e)->outcome, IR_OUT_POSTED);
    assert_false(last(&e)->notified);
    assert_int_equal(e.nmsg, 1);
    assert_int_equal(e.npost, 2);               /* no notification, a posting */
    assert_int_equal(e.post[1].vector, 0x46);
    assert_int_equal(last(&e)->t_done - last(&e)->t_request,
                     T_HIT + T_READ + T_POST);
    get_pid(&e, PID_BASE, &p);
    assert_true(pid_pir_test(&p, 0x45));
    assert_true(pid_pir_test(&p, 0x46));
    assert_true(pid_on(&p));
    env_down(&e);
}

/* PI-SUPPRESS-01 and PI-URG-01 */
static void test_posted_sn_urg(void **state)
{
    struct env e;
    struct pid p;

    (void)state;
    env_up(&e, NULL);
    put_pid(&e, PID_BASE, 0xf2, 0x0300, false, true);   /* SN = 1 */
    put(&e, 12, posted(0x45, PID_BASE, false));
    put(&e, 13, posted(0x46, PID_BASE, true));          /* URG = 1 */
    msi(&e, 12, 0, 0x10);
    run(&e);
    assert_false(last(&e)->notified);
    assert_int_equal(e.nmsg, 0);
    get_pid(&e, PID_BASE, &p);
    assert_false(pid_on(&p));                   /* ON left alone */
    assert_true(pid_pir_test(&p, 0x45));

    msi(&e, 13, 0, 0x10);
    run(&e);
    assert_true(last(&e)->notified);
    assert_int_equal(e.nmsg, 1);
    assert_int_equal(e.msg[0].vector, 0xf2);
    get_pid(&e, PID_BASE, &p);
    assert_true(pid_on(&p));
    assert_true(pid_sn(&p));
    assert_true(pid_pir_test(&p, 0x46));
    env_down(&e);
}

/* PI-NDST-01: x2APIC mode uses all 32 NDST bits */
static void test_posted_x2apic(void **state)
{
    struct env e;

    (void)state;
    env_up_mode(&e, NULL, true);
    put_pid(&e, PID_BASE + 64, 0xf2, 0x00012345, false, false);
    put(&e, 1, posted(0x45, PID_BASE + 64, false));
    msi(&e, 1, 0, 0x10);
    run(&e);
    assert_int_equal(e.nmsg, 1);
    assert_int_equal(e.msg[0].dest, 0x00012345);
    env_down(&e);
}

/* ---- quirks, trace, host helpers ----------------------------------------- */

static void qemu_quirks(struct ir_config *cfg)
{
    cfg->quirks = IR_QUIRK_NO_INDEX_CHECK | IR_QUIRK_SVT_BUS_SWAPPED;
}

/* IR-QUIRK-01: QEMU never raises 0x21 and reads past the table */
static void test_quirk_no_index_check(void **state)
{
    struct env e;
    struct irte ent = remapped(0x77, 1);

    (void)state;
    env_up(&e, qemu_quirks);
    assert_int_equal(mem_write(&e.mem, IRT_BASE + 300 * 16, &ent.lo, 8), 0);
    assert_int_equal(mem_write(&e.mem, IRT_BASE + 300 * 16 + 8, &ent.hi, 8),
                     0);
    msi(&e, 300, 0, 0);
    run(&e);
    assert_int_equal(last(&e)->outcome, IR_OUT_REMAPPED);
    assert_int_equal(e.msg[0].vector, 0x77);
    env_down(&e);
}

/* Trace points are emitted with their fields */
static void test_trace_points(void **state)
{
    struct env e;
    char *buf = NULL;
    size_t len = 0;
    FILE *f;

    (void)state;
    if (!SIM_TRACE_ENABLED) {
        skip();                     /* built with IMSLAB_TRACE=OFF */
        return;
    }
    env_up(&e, NULL);
    f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(sim_trace_use(e.sim, imslab_tracepoints,
                                   imslab_tracepoint_count), 0);
    sim_trace_output(e.sim, f);
    assert_true(sim_trace_enable(e.sim, "iommu.*") > 0);
    put(&e, 5, remapped(0x31, 1));
    msi(&e, 5, 0, 0x10);
    msi(&e, 6, 0, 0x10);
    run(&e);
    fclose(f);
    assert_non_null(strstr(buf, "0 iommu.ir_iec_miss seq=1 index=5"));
    assert_non_null(strstr(buf, "110000 iommu.ir_remap seq=1 index=5 dest=0x1 "
                                "vector=0x31"));
    assert_non_null(strstr(buf, "iommu.ir_fault seq=2 reason=0x22 sid=0x10 "
                                "index=6 fpd=0"));
    assert_non_null(strstr(buf, "iommu.ir_iec_fill index=5"));
    free(buf);
    env_down(&e);
}

/* IR-HOST-01: IRTE allocation from a bitmap, -ENOSPC when exhausted */
static void test_table_alloc(void **state)
{
    struct mem m;
    struct ir_table t;
    struct irte ent = remapped(0x31, 1), back;

    (void)state;
    mem_init(&m);
    assert_int_equal(mem_add_region(&m, RAM_BASE, 0x1000), 0);
    assert_int_equal(ir_table_init(&t, &m, RAM_BASE + 8, 1, false), -EINVAL);
    assert_int_equal(ir_table_init(&t, &m, HOLE, 1, false), -EFAULT);
    assert_int_equal(ir_table_init(&t, &m, RAM_BASE, 16, false), -EINVAL);
    assert_int_equal(ir_table_init(&t, &m, RAM_BASE, 2, true), 0);  /* 8 */
    assert_int_equal(ir_table_irta(&t), RAM_BASE | IR_IRTA_EIME | 2);
    assert_int_equal(ir_table_alloc(&t, 1), 0);
    assert_int_equal(ir_table_alloc(&t, 3), 4);     /* 4, aligned */
    assert_int_equal(ir_table_alloc(&t, 2), 2);
    assert_int_equal(ir_table_alloc(&t, 1), 1);
    assert_int_equal(ir_table_alloc(&t, 1), -ENOSPC);
    assert_int_equal(ir_table_alloc(&t, 0), -EINVAL);
    assert_int_equal(ir_table_alloc(&t, 33), -EINVAL);
    assert_int_equal(t.used, 8);

    assert_int_equal(ir_table_write(&t, 5, &ent), 0);
    assert_int_equal(ir_table_read(&t, 5, &back), 0);
    assert_int_equal(back.lo, ent.lo);
    assert_int_equal(back.hi, ent.hi);
    assert_int_equal(ir_table_write(&t, 8, &ent), -EINVAL);
    assert_int_equal(ir_table_free(&t, 5, 1), -EINVAL);  /* not a block */
    assert_int_equal(ir_table_free(&t, 4, 3), 0);
    assert_int_equal(ir_table_read(&t, 5, &back), 0);
    assert_int_equal(back.lo, 0);                        /* P = 0 */
    assert_false(ir_table_allocated(&t, 4));
    assert_int_equal(ir_table_free(&t, 4, 3), -EINVAL);  /* twice */
    assert_int_equal(ir_table_alloc(&t, 4), 4);
    ir_table_fini(&t);
    mem_fini(&m);
}

/* Registers and configuration are validated */
static void test_config(void **state)
{
    struct env e;
    struct ir_config cfg;
    struct ir_unit *u;

    (void)state;
    env_up(&e, NULL);
    ir_config_default(&cfg);
    assert_int_equal(ir_create(&u, &cfg), -EINVAL);   /* no sim */
    cfg.sim = e.sim;
    cfg.mem = &e.mem;
    cfg.cost = &e.cost;
    cfg.apic = (struct apic_sink){ .deliver = on_deliver, .ctx = &e };
    cfg.fault_records = 0;
    assert_int_equal(ir_create(&u, &cfg), -EINVAL);
    cfg.fault_records = 8;
    cfg.haw = 65;
    assert_int_equal(ir_create(&u, &cfg), -EINVAL);
    cfg.haw = 46;
    assert_int_equal(ir_create(&u, &cfg), 0);
    assert_false(ir_enabled(u));
    assert_int_equal(ir_table_entries(u), 0);
    assert_int_equal(ir_set_enabled(u, true), -EINVAL); /* no SIRTP yet */
    ir_destroy(u);

    /* requests in flight when the unit goes away are dropped cleanly */
    put(&e, 5, remapped(0x31, 1));
    msi(&e, 5, 0, 0);
    assert_int_equal(ir_invalidate_iec(e.u, true, 0, 0, NULL, NULL), 0);
    assert_int_equal(sim_pending(e.sim), 2);
    assert_string_equal(ir_fault_name(IR_FAULT_SID_ERR), "IR_SID_ERR");
    assert_string_equal(ir_outcome_name(IR_OUT_POSTED), "posted");
    assert_true(ir_fault_qualified(IR_FAULT_ENTRY_P));
    assert_false(ir_fault_qualified(IR_FAULT_INDEX_OVER));
    env_down(&e);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_irte_golden),
    cmocka_unit_test(test_irte_rsvd_masks),
    cmocka_unit_test(test_sid_verify_sq),
    cmocka_unit_test(test_sid_verify_bus),
    cmocka_unit_test(test_remapped_delivery_and_timing),
    cmocka_unit_test(test_timing_no_iec),
    cmocka_unit_test(test_remapped_x2apic),
    cmocka_unit_test(test_subhandle_index),
    cmocka_unit_test(test_tag_passthrough),
    cmocka_unit_test(test_ir_disabled_passthrough),
    cmocka_unit_test(test_compat_cfi),
    cmocka_unit_test(test_dma_vs_interrupt),
    cmocka_unit_test(test_fault_20),
    cmocka_unit_test(test_fault_21),
    cmocka_unit_test(test_fault_21_haw),
    cmocka_unit_test(test_fault_22),
    cmocka_unit_test(test_fault_23),
    cmocka_unit_test(test_fault_24),
    cmocka_unit_test(test_fault_24_no_pi),
    cmocka_unit_test(test_fault_25),
    cmocka_unit_test(test_fault_26),
    cmocka_unit_test(test_fault_26_bus),
    cmocka_unit_test(test_check_order),
    cmocka_unit_test(test_fault_27_28),
    cmocka_unit_test(test_fault_29),
    cmocka_unit_test(test_fpd),
    cmocka_unit_test(test_fault_ring_overflow),
        cmocka_unit_test(test_fault_event),
    cmocka_unit_test(test_fault_fri),
    cmocka_unit_test(test_iec_stale_and_invalidation),
    cmocka_unit_test(test_iec_inval_timing),
    cmocka_unit_test(test_iec_inval_drains),
    cmocka_unit_test(test_iec_replacement),
    cmocka_unit_test(test_iec_caching_mode),
    cmocka_unit_test(test_iec_sirtp),
    cmocka_unit_test(test_iec_descriptor),
    cmocka_unit_test(test_qi_ring),
    cmocka_unit_test(test_posted_notify),
    cmocka_unit_test(test_posted_sn_urg),
    cmocka_unit_test(test_posted_x2apic),
    cmocka_unit_test(test_quirk_no_index_check),
    cmocka_unit_test(test_trace_points),
    cmocka_unit_test(test_table_alloc),
    cmocka_unit_test(test_config),
};

int main(void)
{
    return cmocka_run_group_tests_name("iommu", tests, NULL, NULL);
}
