/* SPDX-License-Identifier: MIT */
/*
 * test_siov.c - the SIOV device: IDXD register layout and IMS slots, the
 * Interrupt Message Generation Logic (mask, pending, PASID, round robin,
 * tags, timing), the mlx5 command mailbox and EQ contexts, and the store
 * extension point.  Each test names the rule it exercises (docs/rules.md).
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

#include "models/cost.h"
#include "models/mem/mem.h"
#include "models/pci/msix.h"
#include "models/pci/pci.h"
#include "models/siov/idxd_regs.h"
#include "models/siov/mlx5_layout.h"
#include "models/siov/siov.h"
#include "models/trace-events.h"
#include "sim/sim.h"
#include "sim/trace.h"

/* Defaults of models/cost.h: DEV_MSI_GEN 200 ns + PCIE_UPSTREAM 300 ns. */
#define MSG_DELAY SIM_NS(500)
#define CMD_DELAY SIM_NS(20000)

#define LOG_MAX 64

/* ---- fixture ---------------------------------------------------------------- */

struct sink_log {
    struct sim *sim;
    struct pcie_write w[LOG_MAX];
    sim_time_t t[LOG_MAX];
    int n;
};

/* What the device reported through its evidence port. */
struct ev_log {
    struct sim *sim;
    struct irq_tag raise[LOG_MAX];
    sim_time_t raise_t[LOG_MAX];
    int nraise;
    uint64_t next_seq;      /* the sequence the port hands out; 0: the device's */
    struct irq_tag coalesced[LOG_MAX];
    int ncoalesced;
    struct irq_tag fault[LOG_MAX];
    unsigned fault_reason[LOG_MAX];
    int nfault;
};

struct cmd_log {
    struct siov_cmd_done c[LOG_MAX];
    sim_time_t t[LOG_MAX];
    int n;
};

struct fx {
    struct sim *sim;
    struct mem mem;
    struct cost_model cost;
    struct siov_dev *dev;
    const struct mmio_ops *bar;
    void *bar_ctx;
    struct sink_log sink;
    struct ev_log evs;
    struct cmd_log cmds;
};

static void sink_write(void *ctx, const struct pcie_write *w)
{
    struct sink_log *l = ctx;

    assert_true(l->n < LOG_MAX);
    l->w[l->n] = *w;
    l->t[l->n] = sim_now(l->sim);
    l->n++;
}

static uint64_t on_raise(void *ctx, const struct irq_tag *tag)
{
    struct ev_log *l = ctx;

    assert_true(l->nraise < LOG_MAX);
    l->raise[l->nraise] = *tag;
    l->raise_t[l->nraise] = sim_now(l->sim);
    l->nraise++;
    return l->next_seq ? l->next_seq++ : 0;
}

static void on_coalesced(void *ctx, const struct irq_tag *tag)
{
    struct ev_log *l = ctx;

    assert_true(l->ncoalesced < LOG_MAX);
    l->coalesced[l->ncoalesced++] = *tag;
}

static void on_fault(void *ctx, const struct irq_tag *tag,
                     enum evidence_fault where, unsigned reason)
{
    struct ev_log *l = ctx;

    assert_int_equal(where, EVIDENCE_FAULT_DEVICE);
    assert_true(l->nfault < LOG_MAX);
    l->fault[l->nfault] = *tag;
    l->fault_reason[l->nfault] = reason;
    l->nfault++;
}

static const struct evidence_ops fx_evidence = {
    .raise = on_raise,
    .coalesced = on_coalesced,
    .fault = on_fault,
};

static void on_cmd(void *ctx, const struct siov_cmd_done *c, sim_time_t now)
{
    struct cmd_log *l = ctx;

    assert_true(l->n < LOG_MAX);
    l->c[l->n] = *c;
    l->t[l->n] = now;
    l->n++;
}

#define MBOX_BASE UINT64_C(0x10000000)
#define CTX_BASE UINT64_C(0x20000000)

static void fx_init_sim(struct fx *f)
{
    memset(f, 0, sizeof(*f));
    assert_int_equal(sim_create(&f->sim, NULL), 0);
    f->sink.sim = f->sim;
    f->evs.sim = f->sim;
    cost_model_default(&f->cost);
    mem_init(&f->mem);
    assert_int_equal(mem_add_region(&f->mem, MBOX_BASE, 0x10000), 0);
    assert_int_equal(mem_add_region(&f->mem, CTX_BASE, 0x10000), 0);
}

static struct siov_platform fx_platform(struct fx *f)
{
    return (struct siov_platform){
        .sim = f->sim,
        .cost = &f->cost,
        .mem = &f->mem,
        .upstream = { .write = sink_write, .ctx = &f->sink },
        .evidence = { &fx_evidence, &f->evs },
    };
}

/* pci_enable_device() + pci_set_master(): Command starts at 0 (SIOV-CMD-01/02) */
static void fn_enable(struct siov_dev *dev)
{
    struct pci_cfg *c = siov_cfg(dev);

    assert_int_equal(pci_cfg_write(c, PCI_COMMAND, 2,
                                   PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER),
                     MMIO_OK);
}

static void fx_create(struct fx *f, const struct siov_config *cfg)
{
    struct siov_platform plat = fx_platform(f);

    assert_int_equal(siov_create(&f->dev, cfg, &plat), 0);
    fn_enable(f->dev);
    siov_set_cmd_hook(f->dev, on_cmd, &f->cmds);
    f->bar = siov_bar0(f->dev, &f->bar_ctx);
}

static void fx_idxd(struct fx *f, uint32_t entries, uint32_t n_adi)
{
    struct siov_config cfg;

    fx_init_sim(f);
    siov_config_init(&cfg, SIOV_KIND_IDXD);
    cfg.name = "dsa0";
    cfg.index = 7;
    cfg.rid = PCI_RID(0x6a, 1, 0);
    cfg.ims_entries = entries;
    cfg.n_adi = n_adi;
    cfg.pasid_base = 0x100;
    fx_create(f, &cfg);
}

static void fx_mlx5(struct fx *f, uint32_t eqs, uint32_t n_adi)
{
    struct siov_config cfg;

    fx_init_sim(f);
    siov_config_init(&cfg, SIOV_KIND_MLX5);
    cfg.name = "cx0";
    cfg.index = 2;
    cfg.rid = PCI_RID(0x3b, 0, 1);
    cfg.ims_entries = eqs;
    cfg.n_adi = n_adi;
    cfg.pasid_base = 0x40;
    cfg.ctx_base = CTX_BASE;
    fx_create(f, &cfg);
}

static void fx_fini(struct fx *f)
{
    siov_destroy(f->dev);
    sim_destroy(f->sim);
    mem_fini(&f->mem);
}

static void wr32(struct fx *f, uint64_t off, uint32_t v)
{
    assert_int_equal(f->bar->write(f->bar_ctx, off, 4, v), MMIO_OK);
}

static uint32_t rd32(struct fx *f, uint64_t off)
{
    uint64_t v = 0;

    assert_int_equal(f->bar->read(f->bar_ctx, off, 4, &v), MMIO_OK);
    return (uint32_t)v;
}

static uint64_t rd64(struct fx *f, uint64_t off)
{
    uint64_t v = 0;

    assert_int_equal(f->bar->read(f->bar_ctx, off, 8, &v), MMIO_OK);
    return v;
}

/* The IDXD IMS irqchip's order: addr_lo, addr_hi, data, then ctrl. */
static void slot_program(struct fx *f, uint32_t entry, uint64_t addr,
                         uint32_t data, uint32_t ctrl)
{
    uint64_t s = idxd_ims_slot_offset(entry);

    wr32(f, s + IDXD_IMS_ADDR_LO, (uint32_t)addr);
    wr32(f, s + IDXD_IMS_ADDR_HI, (uint32_t)(addr >> 32));
    wr32(f, s + IDXD_IMS_DATA, data);
    wr32(f, s + IDXD_IMS_CTRL, ctrl);
}

static void run_to(struct fx *f, sim_time_t t)
{
    assert_int_equal(sim_run(f->sim, t), SIM_RUN_DONE);
}

static void run_all(struct fx *f)
{
    assert_int_equal(sim_run(f->sim, SIM_FOREVER), SIM_RUN_DONE);
}

static void bind1(struct fx *f, uint32_t adi, enum siov_bank bank, uint32_t e)
{
    assert_int_equal(siov_adi_bind(f->dev, adi, bank, &e, 1), 0);
}

/* ---- IDXD layout (IMS-LAYOUT-IDXD-01) --------------------------------------- */

static void test_idxd_gencap_offsets(void **state)
{
    struct fx f;

    (void)state;
    fx_idxd(&f, 256, 1);
    assert_int_equal(rd32(&f, IDXD_VER_OFFSET), 0x100);
    /* 256 entries: max_ims_mult 1, nothing else set */
    assert_int_equal(rd64(&f, IDXD_GENCAP_OFFSET), UINT64_C(0x02000000));
    assert_int_equal(idxd_gencap_max_ims_mult(rd64(&f, IDXD_GENCAP_OFFSET)), 1);
    /* OFFSETS: grpcfg 0x4, wqcfg 0x8, msix_perm 0x10, ims 0x20; perfmon 0 */
    assert_int_equal(rd64(&f, IDXD_TABLE_OFFSET), UINT64_C(0x0020001000080004));
    assert_int_equal(rd32(&f, IDXD_TABLE_OFFSET + 4), 0x00200010);
    assert_int_equal(idxd_offsets_ims(rd64(&f, IDXD_TABLE_OFFSET)), 0x20);
    assert_int_equal(rd64(&f, IDXD_TABLE_OFFSET + 8), 0);
    assert_int_equal(siov_bar0_size(f.dev), 0x3000);
    assert_int_equal(siov_entry_count(f.dev, SIOV_BANK_IMS), 256);
    /* GENCAP is read-only */
    assert_int_equal(f.bar->write(f.bar_ctx, IDXD_GENCAP_OFFSET, 8, 0), MMIO_OK);
    assert_int_equal(rd64(&f, IDXD_GENCAP_OFFSET), UINT64_C(0x02000000));
    fx_fini(&f);

    fx_idxd(&f, 2048, 1);
    assert_int_equal(rd64(&f, IDXD_GENCAP_OFFSET), UINT64_C(0x10000000));
    assert_int_equal(idxd_gencap_max_ims_mult(rd64(&f, IDXD_GENCAP_OFFSET)), 8);
    assert_int_equal(siov_bar0_size(f.dev), 0x2000 + 2048 * 16);
    fx_fini(&f);
}

static void test_idxd_entry_counts_refused(void **state)
{
    struct fx f;
    struct siov_config cfg;
    struct siov_platform plat;
    struct siov_dev *dev = NULL;

    (void)state;
    fx_init_sim(&f);
    plat = fx_platform(&f);
    siov_config_init(&cfg, SIOV_KIND_IDXD);
    cfg.ims_entries = 300;      /* not a multiple of 256 */
    assert_int_equal(siov_create(&dev, &cfg, &plat), -EINVAL);
    cfg.ims_entries = 64 * 256; /* max_ims_mult is 6 bits */
    assert_int_equal(siov_create(&dev, &cfg, &plat), -EINVAL);
    cfg.ims_entries = 63 * 256;
    assert_int_equal(siov_create(&dev, &cfg, &plat), 0);
    fn_enable(dev);
    f.dev = dev;
    f.bar = siov_bar0(dev, &f.bar_ctx);
    assert_int_equal(rd64(&f, IDXD_GENCAP_OFFSET), UINT64_C(63) << 25);
    fx_fini(&f);
}

static void test_idxd_slot_address(void **state)
{
    struct fx f;
    struct ims_entry e;
    uint64_t v;

    (void)state;
    fx_idxd(&f, 256, 1);
    /* slot 5 is BAR0 + 0x20 * 0x100 + 5 * 16 = 0x2050 */
    assert_int_equal(idxd_ims_slot_offset(5), 0x2050);
    wr32(&f, 0x2050, 0xfee01000);
    wr32(&f, 0x2054, 0x1);
    wr32(&f, 0x2058, 0x4041);
    wr32(&f, 0x205c, 0);
    assert_int_equal(siov_entry_read(f.dev, SIOV_BANK_IMS, 5, &e), 0);
    assert_int_equal(e.addr, UINT64_C(0x1fee01000));
    assert_int_equal(e.data, 0x4041);
    assert_false(e.masked);
    /* the neighbours are untouched */
    assert_int_equal(siov_entry_read(f.dev, SIOV_BANK_IMS, 4, &e), 0);
    assert_int_equal(e.addr, 0);
    assert_true(e.masked);
    assert_int_equal(siov_entry_read(f.dev, SIOV_BANK_IMS, 6, &e), 0);
    assert_int_equal(e.data, 0);
    /* the last slot (255) is at 0x2ff0; 0x3000 is past the table */
    wr32(&f, 0x2ff8, 0x77);
    assert_int_equal(siov_entry_read(f.dev, SIOV_BANK_IMS, 255, &e), 0);
    assert_int_equal(e.data, 0x77);
    assert_int_equal(f.bar->read(f.bar_ctx, 0x3000, 4, &v), MMIO_UNMAPPED);
    assert_int_equal(v, UINT32_MAX);
    assert_int_equal(f.bar->write(f.bar_ctx, 0x3000, 4, 1), MMIO_UNMAPPED);
    assert_int_equal(siov_entry_read(f.dev, SIOV_BANK_IMS, 256, &e), -ERANGE);
    /* ctrl: reserved bits 2:1 and 11:4 read 0 */
    wr32(&f, 0x205c, 0xffffffff);
    assert_int_equal(rd32(&f, 0x205c), 0xfffff009);
    fx_fini(&f);
}

static void test_idxd_reset_masked(void **state)
{
    struct fx f;

    (void)state;
    fx_idxd(&f, 256, 1);
    for (uint32_t i = 0; i < 256; i++) {
        uint64_t s = idxd_ims_slot_offset(i);

        assert_int_equal(rd32(&f, s + IDXD_IMS_ADDR_LO), 0);
        assert_int_equal(rd32(&f, s + IDXD_IMS_ADDR_HI), 0);
        assert_int_equal(rd32(&f, s + IDXD_IMS_DATA), 0);
        assert_int_equal(rd32(&f, s + IDXD_IMS_CTRL), IDXD_IMS_CTRL_VECTOR_MASKBIT);
    }
    /* a function-level reset masks again and zeroes the pair */
    slot_program(&f, 9, 0xfee00000, 0x30, 0);
    siov_reset(f.dev);
    /* ... and clears Memory Space and Bus Master Enable: the driver
     * enables the function again */
    assert_int_equal(pci_get_word(siov_cfg(f.dev), PCI_COMMAND), 0);
    fn_enable(f.dev);
    assert_int_equal(rd32(&f, idxd_ims_slot_offset(9) + IDXD_IMS_CTRL), 1);
    assert_int_equal(rd32(&f, idxd_ims_slot_offset(9) + IDXD_IMS_DATA), 0);
    fx_fini(&f);
}

/* ---- message generation (IMS-MSG-01, IMS-TAG-01) ---------------------------- */

static void test_idxd_complete_one_message(void **state)
{
    struct fx f;
    struct siov_event ev;
    struct siov_stats st;
    sim_time_t t0 = SIM_NS(1000);

    (void)state;
    fx_idxd(&f, 256, 1);
    slot_program(&f, 3, 0xfee01000, 0x4041, 0);
    bind1(&f, 0, SIOV_BANK_IMS, 3);
    run_to(&f, t0);
    assert_int_equal(siov_adi_complete(f.dev, 0, &ev), 0);
    assert_int_equal(ev.outcome, SIOV_OUT_SENT);
    assert_int_equal(ev.when, t0);
    assert_int_equal(cost_ps(&f.cost, COST_DEV_MSI_GEN) +
                         cost_ps(&f.cost, COST_PCIE_UPSTREAM), MSG_DELAY);
    run_to(&f, t0 + MSG_DELAY - 1);
    assert_int_equal(f.sink.n, 0);
    run_all(&f);
    assert_int_equal(f.sink.n, 1);
    assert_int_equal(f.sink.t[0], t0 + MSG_DELAY);
    assert_int_equal(f.sink.w[0].addr, 0xfee01000);
    assert_int_equal(f.sink.w[0].data, 0x4041);
    assert_int_equal(f.sink.w[0].len, 4);
    assert_int_equal(f.sink.w[0].rid, PCI_RID(0x6a, 1, 0));
    assert_false(f.sink.w[0].has_pasid);
    assert_int_equal(f.sink.w[0].pasid, 0);
    assert_int_equal(f.sink.w[0].tag.seq, 1);
    assert_int_equal(f.sink.w[0].tag.dev, 7);
    assert_int_equal(f.sink.w[0].tag.adi, 0);
    assert_int_equal(f.sink.w[0].tag.entry, 3);
    /* a sent raise is reported once: its message carries the tag on */
    assert_int_equal(f.evs.nraise, 1);
    assert_int_equal(f.evs.raise[0].seq, 1);
    assert_int_equal(f.evs.ncoalesced + f.evs.nfault, 0);
    siov_get_stats(f.dev, &st);
    assert_int_equal(st.raises, 1);
    assert_int_equal(st.sent, 1);
    assert_int_equal(st.emitted, 1);
    assert_int_equal(st.pending_set, 0);
    fx_fini(&f);
}

/* ---- the work queue (siov_adi_submit) ---------------------------------------- */

/*
 * Three descriptors submitted at t0 reach the queue mmio_write (100 ns)
 * later and execute one at a time, dev_work (2000 ns) each: completions at
 * t0 + 2100, 4100 and 6100 ns, each raising the ADI's entry, whose message
 * arrives MSG_DELAY after.  A full queue refuses the next submission.
 */
static void test_idxd_work_queue(void **state)
{
    struct fx f;
    sim_time_t t0 = SIM_NS(1000);

    (void)state;
    fx_idxd(&f, 256, 2);
    slot_program(&f, 3, 0xfee01000, 0x4041, 0);
    bind1(&f, 1, SIOV_BANK_IMS, 3);
    run_to(&f, t0);
    for (int i = 0; i < 3; i++)
        assert_int_equal(siov_adi_submit(f.dev, 1), 0);
    assert_int_equal(siov_adi_submit(f.dev, 2), -EINVAL);
    run_to(&f, t0 + SIM_NS(2100) - 1);
    assert_int_equal(siov_adi_work_done(f.dev, 1), 0);
    run_to(&f, t0 + SIM_NS(2100));
    assert_int_equal(siov_adi_work_done(f.dev, 1), 1);
    run_to(&f, t0 + SIM_NS(4100));
    assert_int_equal(siov_adi_work_done(f.dev, 1), 2);
    run_all(&f);
    assert_int_equal(siov_adi_work_done(f.dev, 1), 3);
    assert_int_equal(siov_adi_work_done(f.dev, 0), 0);
    assert_int_equal(f.sink.n, 3);
    assert_int_equal(f.sink.t[0], t0 + SIM_NS(2100) + MSG_DELAY);
    assert_int_equal(f.sink.t[1], t0 + SIM_NS(4100) + MSG_DELAY);
    assert_int_equal(f.sink.t[2], t0 + SIM_NS(6100) + MSG_DELAY);
    assert_int_equal(f.sink.w[2].tag.adi, 1);
    assert_int_equal(f.sink.w[2].tag.entry, 3);
    /* the queue holds SIOV_WQ_DEPTH; a reset empties it */
    for (unsigned i = 0; i < SIOV_WQ_DEPTH; i++)
        assert_int_equal(siov_adi_submit(f.dev, 1), 0);
    assert_int_equal(siov_adi_submit(f.dev, 1), -EBUSY);
    siov_reset(f.dev);
    run_all(&f);
    assert_int_equal(siov_adi_work_done(f.dev, 1), 3);
    assert_int_equal(siov_adi_submit(f.dev, 1), 0);
    fx_fini(&f);
}

/* ---- interrupt handles (IDXD-HANDLE-01..03) ---------------------------------- */

static void fx_idxd_handles(struct fx *f)
{
    struct siov_config cfg;

    fx_init_sim(f);
    siov_config_init(&cfg, SIOV_KIND_IDXD);
    cfg.name = "dsa0";
    cfg.index = 7;
    cfg.rid = PCI_RID(0x6a, 1, 0);
    cfg.pasid_base = 0x100;
    cfg.int_handles = true;
    fx_create(f, &cfg);
}

static uint32_t handle_cmd(struct fx *f, uint32_t cmd, uint32_t operand)
{
    wr32(f, IDXD_CMD_OFFSET, idxd_cmd_make(cmd, operand));
    return rd32(f, IDXD_CMDSTS_OFFSET);
}

static void test_idxd_handle_commands(void **state)
{
    struct fx f;
    struct siov_stats st;
    struct siov_config cfg;
    struct siov_dev *dev = NULL;
    struct siov_platform plat;
    uint64_t v = 0;

    (void)state;
    /* without the knob: no cmd_cap, no command registers */
    fx_idxd(&f, 256, 1);
    assert_int_equal(rd64(&f, IDXD_GENCAP_OFFSET), UINT64_C(0x02000000));
    assert_int_equal(f.bar->read(f.bar_ctx, IDXD_CMD_OFFSET, 4, &v), MMIO_UNMAPPED);
    assert_int_equal(f.bar->read(f.bar_ctx, IDXD_INTCAUSE_OFFSET, 4, &v),
                     MMIO_UNMAPPED);
    fx_fini(&f);

    fx_idxd_handles(&f);
    /* GENCAP.cmd_cap (bit 4); CMDCAP bits 13 and 14 */
    assert_int_equal(rd64(&f, IDXD_GENCAP_OFFSET), UINT64_C(0x02000010));
    assert_int_equal(rd32(&f, IDXD_CMDCAP_OFFSET), 0x6000);
    assert_int_equal(rd32(&f, IDXD_INTCAUSE_OFFSET), 0);
    /* REQUEST_INT_HANDLE, IMS index 3: handle 3 in CMDSTS[23:8] */
    assert_int_equal(handle_cmd(&f, IDXD_CMD_REQUEST_INT_HANDLE,
                                IDXD_CMD_INT_HANDLE_IMS | 3), 0x300);
    assert_int_equal(rd32(&f, IDXD_CMD_OFFSET), 0x00d10003);
    /* the same entry again: no handle left for it (0x42) */
    assert_int_equal(handle_cmd(&f, IDXD_CMD_REQUEST_INT_HANDLE,
                                IDXD_CMD_INT_HANDLE_IMS | 3), 0x42);
    /* beyond the IMS table (256 slots): invalid index (0x41) */
    assert_int_equal(handle_cmd(&f, IDXD_CMD_REQUEST_INT_HANDLE,
                                IDXD_CMD_INT_HANDLE_IMS | 256), 0x41);
    /* without the IMS flag the index is an MSI-X vector (9 of them) */
    assert_int_equal(handle_cmd(&f, IDXD_CMD_REQUEST_INT_HANDLE, 2), 0x200);
    assert_int_equal(handle_cmd(&f, IDXD_CMD_REQUEST_INT_HANDLE, 9), 0x41);
    /* RELEASE_INT_HANDLE: once; a handle not granted is invalid */
    assert_int_equal(handle_cmd(&f, IDXD_CMD_RELEASE_INT_HANDLE,
                                IDXD_CMD_INT_HANDLE_IMS | 3), 0);
    assert_int_equal(handle_cmd(&f, IDXD_CMD_RELEASE_INT_HANDLE,
                                IDXD_CMD_INT_HANDLE_IMS | 3), 0x41);
    /* any other command: invalid command (1) */
    assert_int_equal(handle_cmd(&f, 5, 0), 0x01);
    /* CMDSTS and CMDCAP ignore writes */
    wr32(&f, IDXD_CMDSTS_OFFSET, 0);
    wr32(&f, IDXD_CMDCAP_OFFSET, 0);
    assert_int_equal(rd32(&f, IDXD_CMDSTS_OFFSET), 0x01);
    assert_int_equal(rd32(&f, IDXD_CMDCAP_OFFSET), 0x6000);
    siov_get_stats(f.dev, &st);
    assert_int_equal(st.cmds, 8);
    assert_int_equal(st.cmd_errors, 5);
    assert_int_equal(st.handle_grants, 2);
    /* a function reset: nothing granted */
    siov_reset(f.dev);
    fn_enable(f.dev);
    assert_int_equal(siov_revoke_int_handles(f.dev, SIOV_BANK_MSIX, 0, UINT32_MAX),
                     0);
    assert_int_equal(handle_cmd(&f, IDXD_CMD_REQUEST_INT_HANDLE, 2), 0x200);
    fx_fini(&f);

    /* interrupt handles are an idxd feature */
    fx_init_sim(&f);
    plat = fx_platform(&f);
    siov_config_init(&cfg, SIOV_KIND_MLX5);
    cfg.int_handles = true;
    assert_int_equal(siov_create(&dev, &cfg, &plat), -EINVAL);
    fx_fini(&f);
}

struct intc_log {
    unsigned n;
    struct siov_dev *dev;
};

static void on_intcause(void *ctx, struct siov_dev *dev)
{
    struct intc_log *l = ctx;

    l->n++;
    l->dev = dev;
}

static void test_idxd_handle_revoke(void **state)
{
    struct fx f;
    struct siov_event ev;
    struct siov_stats st;
    struct intc_log intc = { 0 };

    (void)state;
    fx_idxd_handles(&f);
    siov_set_intcause_hook(f.dev, on_intcause, &intc);
    assert_int_equal(handle_cmd(&f, IDXD_CMD_REQUEST_INT_HANDLE,
                                IDXD_CMD_INT_HANDLE_IMS | 3), 0x300);
    slot_program(&f, 3, 0xfee01000, 0x4041, 0);
    bind1(&f, 0, SIOV_BANK_IMS, 3);
    assert_int_equal(siov_adi_complete(f.dev, 0, &ev), 0);
    assert_int_equal(ev.outcome, SIOV_OUT_SENT);
    /* revoking the handles of slots 0..3: one was granted */
    assert_int_equal(siov_revoke_int_handles(f.dev, SIOV_BANK_IMS, 0, 4), 1);
    assert_int_equal(rd32(&f, IDXD_INTCAUSE_OFFSET), 0x80000000);
    assert_int_equal(intc.n, 1);
    assert_ptr_equal(intc.dev, f.dev);
    /* nothing more to revoke: no second interrupt */
    assert_int_equal(siov_revoke_int_handles(f.dev, SIOV_BANK_IMS, 0, UINT32_MAX),
                     0);
    assert_int_equal(intc.n, 1);
    /* a descriptor naming the revoked handle: 0x19, no message, no fault:
     * its interrupt waits with the descriptor */
    assert_int_equal(siov_adi_complete(f.dev, 0, &ev), 0);
    assert_int_equal(ev.outcome, SIOV_OUT_HANDLE);
    assert_int_equal(ev.tag.seq, 2);
    assert_int_equal(siov_adi_complete(f.dev, 0, &ev), 0);
    assert_int_equal(ev.tag.seq, 3);
    run_all(&f);
    assert_int_equal(f.sink.n, 1);
    assert_int_equal(f.evs.nraise, 3);
    assert_int_equal(f.evs.nfault, 0);
    siov_get_stats(f.dev, &st);
    assert_int_equal(st.handle_errors, 2);
    assert_int_equal(st.handle_revokes, 1);
    /* resubmitting before the handle is back fails again, and is kept */
    assert_int_equal(siov_adi_resubmit(f.dev, 0), 2);
    siov_get_stats(f.dev, &st);
    assert_int_equal(st.handle_errors, 4);
    /* the driver: INTCAUSE is RW1C; request again; resubmit */
    wr32(&f, IDXD_INTCAUSE_OFFSET, 0x80000000);
    assert_int_equal(rd32(&f, IDXD_INTCAUSE_OFFSET), 0);
    assert_int_equal(handle_cmd(&f, IDXD_CMD_REQUEST_INT_HANDLE,
                                IDXD_CMD_INT_HANDLE_IMS | 3), 0x300);
    assert_int_equal(siov_adi_resubmit(f.dev, 0), 2);
    assert_int_equal(siov_adi_resubmit(f.dev, 0), 0);
    assert_int_equal(siov_adi_resubmit(f.dev, 1), 0);
    run_all(&f);
    /* one message each, with the first tags: no new raise reported */
    assert_int_equal(f.sink.n, 3);
    assert_int_equal(f.sink.w[1].tag.seq, 2);
    assert_int_equal(f.sink.w[2].tag.seq, 3);
    assert_int_equal(f.sink.w[2].tag.entry, 3);
    assert_int_equal(f.sink.w[2].data, 0x4041);
    assert_int_equal(f.evs.nraise, 3);
    siov_get_stats(f.dev, &st);
    assert_int_equal(st.raises, 3);
    assert_int_equal(st.sent, 3);
    fx_fini(&f);
}

/* ---- migration: a stopped ADI holds its interrupts (SIOV-MIGRATE-01) ------- */

static void test_adi_stop_holds(void **state)
{
    struct fx f;
    struct siov_event ev;
    struct siov_stats st;

    (void)state;
    fx_idxd(&f, 256, 2);
    slot_program(&f, 1, 0xfee01000, 0x4041, 0);
    bind1(&f, 0, SIOV_BANK_IMS, 1);
    assert_int_equal(siov_adi_resume(f.dev, 0), -EINVAL);   /* not stopped */
    assert_int_equal(siov_adi_stop(f.dev, 0), 0);
    assert_int_equal(siov_adi_stop(f.dev, 0), -EBUSY);
    assert_int_equal(siov_adi_stop(f.dev, 2), -EINVAL);
    /* two completions while stopped: raised and numbered, nothing sent */
    assert_int_equal(siov_adi_complete(f.dev, 0, &ev), 0);
    assert_int_equal(ev.outcome, SIOV_OUT_HELD);
    assert_int_equal(ev.tag.seq, 1);
    assert_int_equal(siov_adi_complete(f.dev, 0, &ev), 0);
    assert_int_equal(ev.tag.seq, 2);
    run_all(&f);
    assert_int_equal(f.sink.n, 0);
    assert_int_equal(f.evs.nraise, 2);
    assert_int_equal(f.evs.nfault, 0);
    /* the destination reprograms the slot before the resume: the held
     * interrupts go out with the new pair and their first tags */
    slot_program(&f, 1, 0xfee00018, 0x0, 0);
    assert_int_equal(siov_adi_resume(f.dev, 0), 2);
    assert_int_equal(siov_adi_resume(f.dev, 0), -EINVAL);
    run_all(&f);
    assert_int_equal(f.sink.n, 2);
    assert_int_equal(f.sink.w[0].tag.seq, 1);
    assert_int_equal(f.sink.w[1].tag.seq, 2);
    assert_int_equal(f.sink.w[1].addr, 0xfee00018);
    assert_int_equal(f.sink.w[1].data, 0x0);
    assert_int_equal(f.evs.nraise, 2);
    /* running again: a completion is sent at once */
    assert_int_equal(siov_adi_complete(f.dev, 0, &ev), 0);
    assert_int_equal(ev.outcome, SIOV_OUT_SENT);
    assert_int_equal(ev.tag.seq, 3);
    siov_get_stats(f.dev, &st);
    assert_int_equal(st.migration_held, 2);
    assert_int_equal(st.raises, 3);
    assert_int_equal(st.sent, 3);
    fx_fini(&f);
}

/* ---- mask and pending (IMS-MASK-01, IMS-PEND-01) --------------------------- */

static void test_idxd_mask_pending_unmask(void **state)
{
    struct fx f;
    struct ims_entry e;
    struct siov_stats st;
    struct siov_entry_stats es;
    struct siov_event ev;
    uint64_t ctrl = idxd_ims_slot_offset(0) + IDXD_IMS_CTRL;
    sim_time_t t1 = SIM_NS(5000);

    (void)state;
    fx_idxd(&f, 256, 1);
    slot_program(&f, 0, 0xfee02000, 0x50, IDXD_IMS_CTRL_VECTOR_MASKBIT);
    bind1(&f, 0, SIOV_BANK_IMS, 0);
    assert_int_equal(siov_adi_complete(f.dev, 0, &ev), 0);
    assert_int_equal(ev.outcome, SIOV_OUT_PENDING);
    assert_int_equal(ev.tag.seq, 1);
    run_to(&f, SIM_NS(1000));
    assert_int_equal(f.sink.n, 0);
    assert_int_equal(siov_entry_read(f.dev, SIOV_BANK_IMS, 0, &e), 0);
    assert_true(e.pending);
    /* a second raise while masked folds into the pending bit */
    assert_int_equal(siov_adi_complete(f.dev, 0, &ev), 0);
    assert_int_equal(ev.outcome, SIOV_OUT_COALESCED);
    assert_int_equal(ev.tag.seq, 2);
    /* the driver retargets while masked: the release uses the new pair */
    wr32(&f, idxd_ims_slot_offset(0) + IDXD_IMS_DATA, 0x51);
    run_to(&f, t1);
    assert_int_equal(f.sink.n, 0);
    wr32(&f, ctrl, 0);
    assert_int_equal(siov_entry_read(f.dev, SIOV_BANK_IMS, 0, &e), 0);
    assert_false(e.pending);
    siov_get_stats(f.dev, &st);
    assert_int_equal(st.replayed, 1);   /* released at the unmask, at t1 */
    run_all(&f);
    assert_int_equal(f.sink.n, 1);
    assert_int_equal(f.sink.t[0], t1 + MSG_DELAY);
    assert_int_equal(f.sink.w[0].addr, 0xfee02000);
    assert_int_equal(f.sink.w[0].data, 0x51);
    assert_int_equal(f.sink.w[0].tag.seq, 1);   /* the raise that set pending */
    /* mask and unmask again: nothing is pending, nothing is sent */
    wr32(&f, ctrl, 1);
    wr32(&f, ctrl, 0);
    run_all(&f);
    assert_int_equal(f.sink.n, 1);

    /* evidence: two raises, the second coalesced; the release is the
     * message with the first raise's tag, no report of its own */
    assert_int_equal(f.evs.nraise, 2);
    assert_int_equal(f.evs.ncoalesced, 1);
    assert_int_equal(f.evs.coalesced[0].seq, 2);
    assert_int_equal(f.evs.nfault, 0);
    siov_get_stats(f.dev, &st);
    assert_int_equal(st.raises, 2);
    assert_int_equal(st.pending_set, 1);
    assert_int_equal(st.coalesced, 1);
    assert_int_equal(st.replayed, 1);
    assert_int_equal(st.sent, 1);
    assert_int_equal(st.emitted, 1);
    assert_int_equal(siov_get_entry_stats(f.dev, SIOV_BANK_IMS, 0, &es), 0);
    assert_int_equal(es.raised, 2);
    assert_int_equal(es.pending_set, 1);
    assert_int_equal(es.coalesced, 1);
    assert_int_equal(es.replayed, 1);
    assert_int_equal(es.sent, 1);
    fx_fini(&f);
}

/* Once generated, a message is not recalled by a later mask. */
static void test_idxd_mask_after_generation(void **state)
{
    struct fx f;

    (void)state;
    fx_idxd(&f, 256, 1);
    slot_program(&f, 1, 0xfee03000, 0x60, 0);
    bind1(&f, 0, SIOV_BANK_IMS, 1);
    assert_int_equal(siov_adi_complete(f.dev, 0, NULL), 0);
    wr32(&f, idxd_ims_slot_offset(1) + IDXD_IMS_CTRL, 1);
    wr32(&f, idxd_ims_slot_offset(1) + IDXD_IMS_DATA, 0x61);
    run_all(&f);
    assert_int_equal(f.sink.n, 1);
    assert_int_equal(f.sink.w[0].data, 0x60);
    fx_fini(&f);
}

/* ---- PASID (IMS-PASID-01) --------------------------------------------------- */

static void test_idxd_pasid_check(void **state)
{
    struct fx f;
    struct siov_event ev;
    struct ims_entry e;
    struct siov_stats st;
    uint32_t pasid;

    (void)state;
    fx_idxd(&f, 256, 2);        /* ADI 0: PASID 0x100, ADI 1: 0x101 */
    assert_int_equal(siov_adi_pasid(f.dev, 1, &pasid), 0);
    assert_int_equal(pasid, 0x101);
    slot_program(&f, 1, 0xfee04000, 0x70, idxd_ims_ctrl_make(false, true, 0x100));
    assert_int_equal(rd32(&f, idxd_ims_slot_offset(1) + IDXD_IMS_CTRL), 0x00100008);
    bind1(&f, 0, SIOV_BANK_IMS, 1);
    bind1(&f, 1, SIOV_BANK_IMS, 1);

    assert_int_equal(siov_adi_complete(f.dev, 0, &ev), 0);
    assert_int_equal(ev.outcome, SIOV_OUT_SENT);
    assert_int_equal(siov_adi_complete(f.dev, 1, &ev), 0);
    assert_int_equal(ev.outcome, SIOV_OUT_REFUSED);
    assert_int_equal(ev.raiser_pasid, 0x101);
    assert_int_equal(ev.entry_pasid, 0x100);
    assert_int_equal(ev.tag.adi, 1);
    assert_int_equal(ev.tag.entry, 1);
    /* a function-level raise carries no PASID: refused too */
    assert_int_equal(siov_fn_raise(f.dev, SIOV_BANK_IMS, 1, &ev), 0);
    assert_int_equal(ev.outcome, SIOV_OUT_REFUSED);
    assert_int_equal(ev.tag.adi, SIOV_ADI_FN);
    /* a refused raise on a masked entry leaves no pending bit */
    wr32(&f, idxd_ims_slot_offset(1) + IDXD_IMS_CTRL,
         idxd_ims_ctrl_make(true, true, 0x100));
    assert_int_equal(siov_adi_complete(f.dev, 1, &ev), 0);
    assert_int_equal(ev.outcome, SIOV_OUT_REFUSED);
    assert_int_equal(siov_entry_read(f.dev, SIOV_BANK_IMS, 1, &e), 0);
    assert_false(e.pending);
    run_all(&f);
    assert_int_equal(f.sink.n, 1);
    assert_int_equal(f.sink.w[0].tag.adi, 0);
    assert_false(f.sink.w[0].has_pasid);
    siov_get_stats(f.dev, &st);
    assert_int_equal(st.refused, 3);
    assert_int_equal(st.sent, 1);
    /* PASID enable clear: any raiser may use the entry (dedicated WQ) */
    wr32(&f, idxd_ims_slot_offset(1) + IDXD_IMS_CTRL, 0);
    assert_int_equal(siov_adi_complete(f.dev, 1, &ev), 0);
    assert_int_equal(ev.outcome, SIOV_OUT_SENT);
    fx_fini(&f);
}

/* ---- binding (IMS-ADI-01, IMS-TAG-01) --------------------------------------- */

static void test_round_robin(void **state)
{
    struct fx f;
    const uint32_t entries[3] = { 3, 5, 7 };
    const uint32_t expect[4] = { 3, 5, 7, 3 };

    (void)state;
    fx_idxd(&f, 256, 1);
    for (int i = 0; i < 3; i++)
        slot_program(&f, entries[i], 0xfee00000, 0x40 + entries[i], 0);
    assert_int_equal(siov_adi_bind(f.dev, 0, SIOV_BANK_IMS, entries, 3), 0);
    for (int i = 0; i < 4; i++)
        assert_int_equal(siov_adi_complete(f.dev, 0, NULL), 0);
    run_all(&f);
    assert_int_equal(f.sink.n, 4);
    for (int i = 0; i < 4; i++) {
        assert_int_equal(f.sink.w[i].tag.entry, expect[i]);
        assert_int_equal(f.sink.w[i].data, 0x40 + expect[i]);
        assert_int_equal(f.sink.w[i].tag.seq, (uint64_t)i + 1);
    }
    /* rebinding restarts at the first entry */
    assert_int_equal(siov_adi_bind(f.dev, 0, SIOV_BANK_IMS, entries + 1, 2), 0);
    assert_int_equal(siov_adi_complete(f.dev, 0, NULL), 0);
    run_all(&f);
    assert_int_equal(f.sink.w[4].tag.entry, 5);
    /* bind errors */
    assert_int_equal(siov_adi_bind(f.dev, 1, SIOV_BANK_IMS, entries, 1), -EINVAL);
    assert_int_equal(siov_adi_bind(f.dev, 0, SIOV_BANK_IMS, NULL, 1), -EINVAL);
    assert_int_equal(siov_adi_bind(f.dev, 0, (enum siov_bank)2, entries, 1),
                     -EINVAL);
    assert_int_equal(siov_adi_bind(f.dev, 0, SIOV_BANK_IMS,
                                   (const uint32_t[]){ 256 }, 1), -ERANGE);
    /* the function's 9-vector MSI-X table is the MSI-X bank */
    assert_int_equal(siov_adi_bind(f.dev, 0, SIOV_BANK_MSIX,
                                   (const uint32_t[]){ 9 }, 1), -ERANGE);
    assert_int_equal(siov_adi_complete(f.dev, 1, NULL), -EINVAL);
    fx_fini(&f);
}

static void test_unbound_raise(void **state)
{
    struct fx f;
    struct ev_log *h = &f.evs;
    struct siov_event ev;
    struct siov_stats st;

    (void)state;
    fx_idxd(&f, 256, 1);
    run_to(&f, SIM_NS(300));
    assert_int_equal(siov_adi_complete(f.dev, 0, &ev), 0);
    assert_int_equal(ev.outcome, SIOV_OUT_UNBOUND);
    assert_int_equal(h->nraise, 1);
    assert_int_equal(h->raise[0].seq, 1);
    assert_int_equal(h->raise[0].dev, 7);
    assert_int_equal(h->raise[0].adi, 0);
    assert_int_equal(h->raise[0].entry, SIOV_ENTRY_NONE);
    assert_int_equal(h->raise_t[0], SIM_NS(300));
    /* bound, then unbound again */
    slot_program(&f, 2, 0xfee00000, 0x22, 0);
    bind1(&f, 0, SIOV_BANK_IMS, 2);
    assert_int_equal(siov_adi_complete(f.dev, 0, &ev), 0);
    assert_int_equal(ev.outcome, SIOV_OUT_SENT);
    assert_int_equal(siov_adi_bind(f.dev, 0, SIOV_BANK_IMS, NULL, 0), 0);
    assert_int_equal(siov_adi_complete(f.dev, 0, &ev), 0);
    assert_int_equal(ev.outcome, SIOV_OUT_UNBOUND);
    assert_int_equal(ev.tag.seq, 3);
    run_all(&f);
    assert_int_equal(f.sink.n, 1);
    /* every raise is reported, bound or not; unbound is no fault */
    assert_int_equal(h->nraise, 3);
    assert_int_equal(h->raise[2].seq, 3);
    assert_int_equal(h->raise[2].entry, SIOV_ENTRY_NONE);
    assert_int_equal(h->nfault + h->ncoalesced, 0);
    siov_get_stats(f.dev, &st);
    assert_int_equal(st.raises, 3);
    assert_int_equal(st.unbound, 2);
    fx_fini(&f);
}

/* The harness owns one sequence across devices through the evidence port. */
static void test_port_owns_sequence(void **state)
{
    struct fx a, b;
    struct siov_config cfg;
    struct siov_platform plat;
    struct siov_dev *dev1;
    struct ev_log *h;
    struct sink_log sink1 = { .n = 0 };

    (void)state;
    fx_idxd(&a, 256, 1);
    b = a;  /* second device on the same simulation */
    siov_config_init(&cfg, SIOV_KIND_IDXD);
    cfg.index = 1;
    cfg.rid = PCI_RID(0x6b, 1, 0);
    plat = fx_platform(&a);
    sink1.sim = a.sim;
    plat.upstream.ctx = &sink1;
    assert_int_equal(siov_create(&dev1, &cfg, &plat), 0);
    fn_enable(dev1);
    b.dev = dev1;
    b.bar = siov_bar0(dev1, &b.bar_ctx);
    slot_program(&a, 0, 0xfee00000, 0x30, 0);
    slot_program(&b, 0, 0xfee00000, 0x31, 0);
    bind1(&a, 0, SIOV_BANK_IMS, 0);
    bind1(&b, 0, SIOV_BANK_IMS, 0);
    /* both devices report to a's port, which numbers their raises */
    h = &a.evs;
    h->next_seq = 101;

    assert_int_equal(siov_adi_complete(a.dev, 0, NULL), 0);
    assert_int_equal(siov_adi_complete(dev1, 0, NULL), 0);
    assert_int_equal(siov_adi_complete(a.dev, 0, NULL), 0);
    run_all(&a);
    /* the port saw each device's own proposal ... */
    assert_int_equal(h->nraise, 3);
    assert_int_equal(h->raise[0].seq, 1);
    assert_int_equal(h->raise[0].dev, 7);
    assert_int_equal(h->raise[1].seq, 1);
    assert_int_equal(h->raise[1].dev, 1);
    assert_int_equal(h->raise[2].seq, 2);
    /* ... and the messages carry the harness's numbers */
    assert_int_equal(a.sink.n, 2);
    assert_int_equal(sink1.n, 1);
    assert_int_equal(a.sink.w[0].tag.seq, 101);
    assert_int_equal(sink1.w[0].tag.seq, 102);
    assert_int_equal(sink1.w[0].tag.dev, 1);
    assert_int_equal(sink1.w[0].rid, PCI_RID(0x6b, 1, 0));
    assert_int_equal(a.sink.w[1].tag.seq, 103);
    siov_destroy(dev1);
    fx_fini(&a);
}

/* ---- torn pair (IMS-SAMPLE-IDXD-01) ---------------------------------------- */

/*
 * Faithful behaviour: the device samples the slot dwords as they are when
 * it generates the message.  A driver that retargets an unmasked slot
 * (addr_lo, addr_hi, data) can have a raise land between its writes: that
 * message carries the new address with the old data.
 */
static void test_idxd_torn_pair(void **state)
{
    struct fx f;
    uint64_t s = idxd_ims_slot_offset(4);

    (void)state;
    fx_idxd(&f, 256, 1);
    slot_program(&f, 4, 0xfee01000, 0x41, 0);       /* CPU 1, vector 0x41 */
    bind1(&f, 0, SIOV_BANK_IMS, 4);
    assert_int_equal(siov_adi_complete(f.dev, 0, NULL), 0);
    /* retarget to CPU 2, vector 0x52, without masking */
    wr32(&f, s + IDXD_IMS_ADDR_LO, 0xfee02000);
    wr32(&f, s + IDXD_IMS_ADDR_HI, 0);
    assert_int_equal(siov_adi_complete(f.dev, 0, NULL), 0);  /* between */
    wr32(&f, s + IDXD_IMS_DATA, 0x52);
    assert_int_equal(siov_adi_complete(f.dev, 0, NULL), 0);
    run_all(&f);
    assert_int_equal(f.sink.n, 3);
    assert_int_equal(f.sink.w[0].addr, 0xfee01000);
    assert_int_equal(f.sink.w[0].data, 0x41);
    /* torn: new address, old data (CPU 2 gets CPU 1's vector) */
    assert_int_equal(f.sink.w[1].addr, 0xfee02000);
    assert_int_equal(f.sink.w[1].data, 0x41);
    assert_int_equal(f.sink.w[2].addr, 0xfee02000);
    assert_int_equal(f.sink.w[2].data, 0x52);
    fx_fini(&f);
}

/* ---- access sizes (IMS-ACCESS-IDXD-01) ------------------------------------- */

static void test_idxd_bad_access(void **state)
{
    struct fx f;
    struct siov_stats st;
    struct ims_entry e;
    uint64_t s = idxd_ims_slot_offset(2);
    uint64_t v = 0;

    (void)state;
    fx_idxd(&f, 256, 1);
    assert_int_equal(f.bar->write(f.bar_ctx, s, 1, 0xaa), MMIO_BAD_SIZE);
    assert_int_equal(f.bar->write(f.bar_ctx, s, 2, 0xaaaa), MMIO_BAD_SIZE);
    assert_int_equal(f.bar->write(f.bar_ctx, s + 2, 4, 0xaaaa), MMIO_BAD_SIZE);
    assert_int_equal(f.bar->write(f.bar_ctx, s + 4, 8, 0xaaaa), MMIO_BAD_SIZE);
    assert_int_equal(f.bar->write(f.bar_ctx, s + IDXD_IMS_CTRL, 2, 0), MMIO_BAD_SIZE);
    assert_int_equal(f.bar->read(f.bar_ctx, s, 2, &v), MMIO_BAD_SIZE);
    assert_int_equal(f.bar->read(f.bar_ctx, s + 1, 4, &v), MMIO_BAD_SIZE);
    assert_int_equal(f.bar->write(f.bar_ctx, s, 16, 0), MMIO_BAD_SIZE);
    siov_get_stats(f.dev, &st);
    assert_int_equal(st.bad_mmio, 8);
    assert_int_equal(siov_entry_read(f.dev, SIOV_BANK_IMS, 2, &e), 0);
    assert_int_equal(e.addr, 0);
    assert_true(e.masked);              /* the 2-byte ctrl write did nothing */

    /* aligned QWORDs are two DWORDs, low first: data lands before unmask */
    assert_int_equal(f.bar->write(f.bar_ctx, s, 8, UINT64_C(0x00000000fee05000)),
                     MMIO_OK);
    assert_int_equal(f.bar->write(f.bar_ctx, s + 8, 8, UINT64_C(0x0000000000000090)),
                     MMIO_OK);
    assert_int_equal(rd64(&f, s + 8), UINT64_C(0x90));
    assert_int_equal(rd32(&f, s + IDXD_IMS_DATA), 0x90);
    bind1(&f, 0, SIOV_BANK_IMS, 2);
    assert_int_equal(siov_adi_complete(f.dev, 0, NULL), 0);
    run_all(&f);
    assert_int_equal(f.sink.n, 1);
    assert_int_equal(f.sink.w[0].addr, 0xfee05000);
    assert_int_equal(f.sink.w[0].data, 0x90);
    siov_get_stats(f.dev, &st);
    assert_int_equal(st.bad_mmio, 8);
    fx_fini(&f);
}

/* A masked pending slot unmasked by a QWORD write to data/ctrl replays the
 * data written in the same access. */
static void test_idxd_qword_unmask_replays_new_data(void **state)
{
    struct fx f;
    uint64_t s = idxd_ims_slot_offset(8);

    (void)state;
    fx_idxd(&f, 256, 1);
    slot_program(&f, 8, 0xfee06000, 0xa0, 1);
    bind1(&f, 0, SIOV_BANK_IMS, 8);
    assert_int_equal(siov_adi_complete(f.dev, 0, NULL), 0);
    assert_int_equal(f.bar->write(f.bar_ctx, s + 8, 8, UINT64_C(0xa1)), MMIO_OK);
    run_all(&f);
    assert_int_equal(f.sink.n, 1);
    assert_int_equal(f.sink.w[0].data, 0xa1);
    fx_fini(&f);
}

/* ---- mlx5 (MLX5-CMD-01, MLX5-CTX-01, MLX5-ARM-01) ----------------------------- */

struct cmd {
    uint32_t op, eqn;
    uint64_t addr;
    uint32_t data, pasid, flags, token;
};

static void cmd_put(struct fx *f, uint64_t mbox, const struct cmd *c)
{
    uint8_t b[SIOV_MLX5_CMD_SIZE];

    memset(b, 0, sizeof(b));
    assert_int_equal(mem_write(&f->mem, mbox, b, sizeof(b)), 0);
    assert_int_equal(mem_write32(&f->mem, mbox + SIOV_MLX5_CMD_OPCODE, c->op), 0);
    assert_int_equal(mem_write32(&f->mem, mbox + SIOV_MLX5_CMD_EQN, c->eqn), 0);
    assert_int_equal(mem_write32(&f->mem, mbox + SIOV_MLX5_CMD_ADDR_LO,
                                 (uint32_t)c->addr), 0);
    assert_int_equal(mem_write32(&f->mem, mbox + SIOV_MLX5_CMD_ADDR_HI,
                                 (uint32_t)(c->addr >> 32)), 0);
    assert_int_equal(mem_write32(&f->mem, mbox + SIOV_MLX5_CMD_DATA, c->data), 0);
    assert_int_equal(mem_write32(&f->mem, mbox + SIOV_MLX5_CMD_PASID, c->pasid), 0);
    assert_int_equal(mem_write32(&f->mem, mbox + SIOV_MLX5_CMD_FLAGS, c->flags), 0);
    assert_int_equal(mem_write32(&f->mem, mbox + SIOV_MLX5_CMD_TOKEN, c->token), 0);
}

static void ring(struct fx *f, uint32_t chan, uint64_t mbox)
{
    wr32(f, siov_mlx5_chan_offset(chan, SIOV_MLX5_CMDQ_ADDR_LO), (uint32_t)mbox);
    wr32(f, siov_mlx5_chan_offset(chan, SIOV_MLX5_CMDQ_ADDR_HI),
         (uint32_t)(mbox >> 32));
    wr32(f, siov_mlx5_chan_offset(chan, SIOV_MLX5_DOORBELL), 1);
}

static uint32_t mem32(struct fx *f, uint64_t addr)
{
    uint32_t v = 0;

    assert_int_equal(mem_read32(&f->mem, addr, &v), 0);
    return v;
}

/* Issue a command on @chan and run until it completes; its status word. */
static uint32_t cmd_run(struct fx *f, uint32_t chan, uint64_t mbox,
                        const struct cmd *c)
{
    int before = f->cmds.n;

    cmd_put(f, mbox, c);
    ring(f, chan, mbox);
    run_to(f, sim_now(f->sim) + CMD_DELAY);
    assert_int_equal(f->cmds.n, before + 1);
    return mem32(f, mbox + SIOV_MLX5_CMD_STATUS);
}

static uint32_t eqc32(struct fx *f, uint32_t eqn, uint32_t off)
{
    return mem32(f, siov_mlx5_eqc_addr(CTX_BASE, eqn) + off);
}

static void test_mlx5_create_eq(void **state)
{
    struct fx f;
    struct siov_stats st;
    const struct cmd create = {
        .op = SIOV_MLX5_OP_CREATE_EQ, .eqn = 2, .addr = 0x1fee01000,
        .data = 0x31, .token = 0xbeef,
    };
    sim_time_t t0 = SIM_NS(1000);
    uint64_t status = siov_mlx5_chan_offset(0, SIOV_MLX5_CHAN_STATUS);

    (void)state;
    fx_mlx5(&f, 16, 1);
    assert_int_equal(rd32(&f, SIOV_MLX5_CAP_EQS), 16);
    assert_int_equal(rd32(&f, SIOV_MLX5_CAP_CHANNELS), 2);
    assert_int_equal(siov_bar0_size(f.dev), 0x3000);
    run_to(&f, t0);
    cmd_put(&f, MBOX_BASE, &create);
    ring(&f, 0, MBOX_BASE);
    assert_int_equal(rd32(&f, status), SIOV_MLX5_CHAN_STATUS_BUSY);
    /* nothing happens before COST_DEV_CMD */
    assert_int_equal(cost_ps(&f.cost, COST_DEV_CMD), CMD_DELAY);
    run_to(&f, t0 + CMD_DELAY - 1);
    assert_int_equal(f.cmds.n, 0);
    assert_int_equal(mem32(&f, MBOX_BASE + SIOV_MLX5_CMD_STATUS), 0);
    assert_int_equal(eqc32(&f, 2, SIOV_MLX5_EQC_CTRL), 0);
    run_to(&f, t0 + CMD_DELAY);
    assert_int_equal(f.cmds.n, 1);
    assert_int_equal(f.cmds.t[0], t0 + CMD_DELAY);
    assert_int_equal(f.cmds.c[0].channel, 0);
    assert_int_equal(f.cmds.c[0].opcode, SIOV_MLX5_OP_CREATE_EQ);
    assert_int_equal(f.cmds.c[0].eqn, 2);
    assert_int_equal(f.cmds.c[0].mailbox, MBOX_BASE);
    /* status: done, token 0xbeef, code 0 */
    assert_int_equal(mem32(&f, MBOX_BASE + SIOV_MLX5_CMD_STATUS), 0x80beef00);
    assert_int_equal(f.cmds.c[0].status, 0x80beef00);
    assert_int_equal(rd32(&f, status), 0);
    /* the pair is in the context, in host memory; created unarmed */
    assert_int_equal(eqc32(&f, 2, SIOV_MLX5_EQC_ADDR_LO), 0xfee01000);
    assert_int_equal(eqc32(&f, 2, SIOV_MLX5_EQC_ADDR_HI), 0x1);
    assert_int_equal(eqc32(&f, 2, SIOV_MLX5_EQC_DATA), 0x31);
    assert_int_equal(eqc32(&f, 2, SIOV_MLX5_EQC_CTRL), SIOV_MLX5_EQC_VALID);
    assert_int_equal(eqc32(&f, 2, SIOV_MLX5_EQC_OWNER), 0);
    siov_get_stats(f.dev, &st);
    assert_int_equal(st.cmds, 1);
    assert_int_equal(st.cmd_errors, 0);
    fx_fini(&f);
}

static void test_mlx5_raise_uses_context(void **state)
{
    struct fx f;
    struct siov_event ev;
    sim_time_t t;

    (void)state;
    fx_mlx5(&f, 16, 1);
    assert_int_equal(cmd_run(&f, 0, MBOX_BASE, &(struct cmd){
        .op = SIOV_MLX5_OP_CREATE_EQ, .eqn = 2, .addr = 0xfee01000,
        .data = 0x31, .token = 1 }), 0x80000100);
    assert_int_equal(cmd_run(&f, 0, MBOX_BASE, &(struct cmd){
        .op = SIOV_MLX5_OP_ARM_EQ, .eqn = 2, .token = 2 }), 0x80000200);
    assert_int_equal(eqc32(&f, 2, SIOV_MLX5_EQC_CTRL),
                     SIOV_MLX5_EQC_VALID | SIOV_MLX5_EQC_ARMED);
    bind1(&f, 0, SIOV_BANK_IMS, 2);
    t = sim_now(f.sim);
    assert_int_equal(siov_adi_complete(f.dev, 0, &ev), 0);
    assert_int_equal(ev.outcome, SIOV_OUT_SENT);
    run_all(&f);
    assert_int_equal(f.sink.n, 1);
    assert_int_equal(f.sink.t[0], t + MSG_DELAY);
    assert_int_equal(f.sink.w[0].addr, 0xfee01000);
    assert_int_equal(f.sink.w[0].data, 0x31);
    assert_int_equal(f.sink.w[0].len, 4);
    assert_int_equal(f.sink.w[0].rid, PCI_RID(0x3b, 0, 1));
    assert_false(f.sink.w[0].has_pasid);
    assert_int_equal(f.sink.w[0].tag.dev, 2);
    assert_int_equal(f.sink.w[0].tag.entry, 2);

    /* MODIFY_EQ: the next raise uses the new pair; armed state is kept */
    assert_int_equal(cmd_run(&f, 0, MBOX_BASE, &(struct cmd){
        .op = SIOV_MLX5_OP_MODIFY_EQ, .eqn = 2, .addr = 0xfee03000,
        .data = 0x32, .token = 3 }), 0x80000300);
    assert_int_equal(eqc32(&f, 2, SIOV_MLX5_EQC_CTRL),
                     SIOV_MLX5_EQC_VALID | SIOV_MLX5_EQC_ARMED);
    assert_int_equal(siov_adi_complete(f.dev, 0, NULL), 0);
    run_all(&f);
    assert_int_equal(f.sink.n, 2);
    assert_int_equal(f.sink.w[1].addr, 0xfee03000);
    assert_int_equal(f.sink.w[1].data, 0x32);

    /* the device reads the context memory, whatever it holds */
    assert_int_equal(mem_write32(&f.mem, siov_mlx5_eqc_addr(CTX_BASE, 2) +
                                 SIOV_MLX5_EQC_DATA, 0x33), 0);
    assert_int_equal(siov_adi_complete(f.dev, 0, NULL), 0);
    run_all(&f);
    assert_int_equal(f.sink.w[2].data, 0x33);
    fx_fini(&f);
}

static void test_mlx5_pending_arm(void **state)
{
    struct fx f;
    struct siov_event ev;
    struct siov_stats st;
    sim_time_t t_arm;

    (void)state;
    fx_mlx5(&f, 16, 1);
    cmd_run(&f, 0, MBOX_BASE, &(struct cmd){
        .op = SIOV_MLX5_OP_CREATE_EQ, .eqn = 1, .addr = 0xfee00000,
        .data = 0x70, .token = 1 });
    bind1(&f, 0, SIOV_BANK_IMS, 1);
    /* not armed = masked: pending, in the context in host memory */
    assert_int_equal(siov_adi_complete(f.dev, 0, &ev), 0);
    assert_int_equal(ev.outcome, SIOV_OUT_PENDING);
    assert_int_equal(eqc32(&f, 1, SIOV_MLX5_EQC_CTRL),
                     SIOV_MLX5_EQC_VALID | SIOV_MLX5_EQC_PENDING);
    assert_int_equal(siov_adi_complete(f.dev, 0, &ev), 0);
    assert_int_equal(ev.outcome, SIOV_OUT_COALESCED);
    run_all(&f);
    assert_int_equal(f.sink.n, 0);
    /* change the pair while unarmed; ARM releases once, with the new pair */
    cmd_run(&f, 0, MBOX_BASE, &(struct cmd){
        .op = SIOV_MLX5_OP_MODIFY_EQ, .eqn = 1, .addr = 0xfee04000,
        .data = 0x71, .token = 2 });
    assert_int_equal(f.sink.n, 0);
    t_arm = sim_now(f.sim) + CMD_DELAY;
    cmd_run(&f, 0, MBOX_BASE, &(struct cmd){
        .op = SIOV_MLX5_OP_ARM_EQ, .eqn = 1, .token = 3 });
    assert_int_equal(sim_now(f.sim), t_arm);
    assert_int_equal(eqc32(&f, 1, SIOV_MLX5_EQC_CTRL),
                     SIOV_MLX5_EQC_VALID | SIOV_MLX5_EQC_ARMED);
    run_all(&f);
    assert_int_equal(f.sink.n, 1);
    assert_int_equal(f.sink.t[0], t_arm + MSG_DELAY);
    assert_int_equal(f.sink.w[0].addr, 0xfee04000);
    assert_int_equal(f.sink.w[0].data, 0x71);
    assert_int_equal(f.sink.w[0].tag.seq, 1);
    /* ARM again, and DISARM + ARM with nothing pending: nothing more */
    cmd_run(&f, 0, MBOX_BASE, &(struct cmd){ .op = SIOV_MLX5_OP_ARM_EQ, .eqn = 1 });
    cmd_run(&f, 0, MBOX_BASE, &(struct cmd){ .op = SIOV_MLX5_OP_DISARM_EQ, .eqn = 1 });
    assert_int_equal(eqc32(&f, 1, SIOV_MLX5_EQC_CTRL), SIOV_MLX5_EQC_VALID);
    cmd_run(&f, 0, MBOX_BASE, &(struct cmd){ .op = SIOV_MLX5_OP_ARM_EQ, .eqn = 1 });
    run_all(&f);
    assert_int_equal(f.sink.n, 1);
    assert_int_equal(f.evs.nraise, 2);
    assert_int_equal(f.evs.ncoalesced, 1);
    assert_int_equal(f.evs.coalesced[0].seq, 2);
    siov_get_stats(f.dev, &st);
    assert_int_equal(st.pending_set, 1);
    assert_int_equal(st.coalesced, 1);
    assert_int_equal(st.replayed, 1);
    assert_int_equal(st.emitted, 1);
    assert_int_equal(st.cmds, 6);
    /* DESTROY drops the EQ: a raise on it is invalid */
    cmd_run(&f, 0, MBOX_BASE, &(struct cmd){ .op = SIOV_MLX5_OP_DESTROY_EQ, .eqn = 1 });
    assert_int_equal(eqc32(&f, 1, SIOV_MLX5_EQC_CTRL), 0);
    assert_int_equal(siov_adi_complete(f.dev, 0, &ev), 0);
    assert_int_equal(ev.outcome, SIOV_OUT_INVALID);
    assert_int_equal(ev.err, -ENOENT);
    fx_fini(&f);
}

/* A VMM trapping every BAR0 write: what would it see? */
struct trap_log {
    const struct mmio_ops *inner;
    void *inner_ctx;
    uint64_t off[LOG_MAX];
    uint64_t val[LOG_MAX];
    int n;
};

static int trap_read(void *ctx, uint64_t off, unsigned size, uint64_t *val)
{
    struct trap_log *t = ctx;

    return t->inner->read(t->inner_ctx, off, size, val);
}

static int trap_write(void *ctx, uint64_t off, unsigned size, uint64_t val)
{
    struct trap_log *t = ctx;

    assert_true(t->n < LOG_MAX);
    t->off[t->n] = off;
    t->val[t->n] = val;
    t->n++;
    return t->inner->write(t->inner_ctx, off, size, val);
}

static const struct mmio_ops trap_ops = {
    .read = trap_read, .write = trap_write, .min_size = 1, .max_size = 8,
};

static void test_mlx5_trap_sees_no_pair(void **state)
{
    struct fx f;
    struct trap_log t = { .n = 0 };
    const uint64_t pair_addr[2] = { 0xfee0a000, 0xfee0b000 };
    const uint32_t pair_data[2] = { 0x4055, 0x4066 };
    uint64_t mbox1 = MBOX_BASE + 0x100;

    (void)state;
    fx_mlx5(&f, 16, 1);
    t.inner = f.bar;
    t.inner_ctx = f.bar_ctx;
    f.bar = &trap_ops;
    f.bar_ctx = &t;
    /* the host driver creates EQ 0; the ADI's driver (a guest) EQ 3 on its
     * own channel, then retargets and arms it */
    cmd_run(&f, SIOV_MLX5_CHAN_FN, MBOX_BASE, &(struct cmd){
        .op = SIOV_MLX5_OP_CREATE_EQ, .eqn = 0, .addr = pair_addr[0],
        .data = pair_data[0] });
    cmd_run(&f, SIOV_MLX5_CHAN_ADI(0), mbox1, &(struct cmd){
        .op = SIOV_MLX5_OP_CREATE_EQ, .eqn = 3, .addr = pair_addr[0],
        .data = pair_data[0] });
    cmd_run(&f, SIOV_MLX5_CHAN_ADI(0), mbox1, &(struct cmd){
        .op = SIOV_MLX5_OP_MODIFY_EQ, .eqn = 3, .addr = pair_addr[1],
        .data = pair_data[1] });
    cmd_run(&f, SIOV_MLX5_CHAN_ADI(0), mbox1, &(struct cmd){
        .op = SIOV_MLX5_OP_ARM_EQ, .eqn = 3 });
    bind1(&f, 0, SIOV_BANK_IMS, 3);
    assert_int_equal(siov_adi_complete(f.dev, 0, NULL), 0);
    run_all(&f);
    assert_int_equal(f.sink.n, 1);
    assert_int_equal(f.sink.w[0].addr, pair_addr[1]);
    assert_int_equal(f.sink.w[0].data, pair_data[1]);

    /* 4 commands, 3 BAR writes each: CMDQ address low/high and doorbell */
    assert_int_equal(t.n, 12);
    for (int i = 0; i < t.n; i++) {
        uint64_t reg = (t.off[i] - SIOV_MLX5_CHAN_BASE) % SIOV_MLX5_CHAN_STRIDE;

        assert_true(t.off[i] >= SIOV_MLX5_CHAN_BASE);
        assert_true(reg == SIOV_MLX5_CMDQ_ADDR_LO ||
                    reg == SIOV_MLX5_CMDQ_ADDR_HI ||
                    reg == SIOV_MLX5_DOORBELL);
        for (int p = 0; p < 2; p++) {
            assert_int_not_equal(t.val[i], pair_addr[p]);
            assert_int_not_equal(t.val[i], pair_data[p]);
        }
    }
    fx_fini(&f);
}

struct xlate_log {
    uint32_t pasid[LOG_MAX];
    bool has_pasid[LOG_MAX];
    uint64_t iova[LOG_MAX];
    int n;
    uint64_t fault_iova;    /* fault on this page */
};

static uint64_t xlate(void *ctx, uint32_t pasid, bool has_pasid, uint64_t iova,
                      int *err)
{
    struct xlate_log *l = ctx;

    if (l->n < LOG_MAX) {
        l->pasid[l->n] = pasid;
        l->has_pasid[l->n] = has_pasid;
        l->iova[l->n] = iova;
        l->n++;
    }
    if (l->fault_iova && (iova & ~UINT64_C(0xfff)) == l->fault_iova)
        *err = -EFAULT;
    return iova;
}

static void test_mlx5_channels_pasid_owner(void **state)
{
    struct fx f;
    struct xlate_log xl = { .n = 0 };
    struct siov_config cfg;
    struct siov_platform plat;
    struct siov_event ev;
    uint64_t mbox = MBOX_BASE + 0x200;
    uint32_t sts;

    (void)state;
    fx_init_sim(&f);
    siov_config_init(&cfg, SIOV_KIND_MLX5);
    cfg.ims_entries = 8;
    cfg.n_adi = 2;
    cfg.pasid_base = 0x40;
    cfg.ctx_base = CTX_BASE;
    plat = fx_platform(&f);
    plat.dma_xlate = xlate;
    plat.dma_ctx = &xl;
    assert_int_equal(siov_create(&f.dev, &cfg, &plat), 0);
    fn_enable(f.dev);
    siov_set_cmd_hook(f.dev, on_cmd, &f.cmds);
    f.bar = siov_bar0(f.dev, &f.bar_ctx);

    /* ADI 1's channel: mailbox DMA with PASID 0x41, context DMA without */
    sts = cmd_run(&f, SIOV_MLX5_CHAN_ADI(1), mbox, &(struct cmd){
        .op = SIOV_MLX5_OP_CREATE_EQ, .eqn = 5, .addr = 0xfee00000, .data = 1,
        .pasid = 0x41, .flags = SIOV_MLX5_CMD_FLAG_PASID_EN, .token = 9 });
    assert_int_equal(sts, 0x80000900);
    assert_int_equal(f.cmds.c[0].channel, 2);
    /* fetch, context read, context write, status write */
    assert_int_equal(xl.n, 4);
    assert_true(xl.has_pasid[0]);
    assert_int_equal(xl.pasid[0], 0x41);
    assert_int_equal(xl.iova[0], mbox);
    assert_false(xl.has_pasid[1]);
    assert_int_equal(xl.iova[1], siov_mlx5_eqc_addr(CTX_BASE, 5));
    assert_false(xl.has_pasid[2]);
    assert_true(xl.has_pasid[3]);
    assert_int_equal(xl.pasid[3], 0x41);
    assert_int_equal(xl.iova[3], mbox + SIOV_MLX5_CMD_STATUS);
    assert_int_equal(eqc32(&f, 5, SIOV_MLX5_EQC_CTRL),
                     SIOV_MLX5_EQC_VALID | SIOV_MLX5_EQC_PASID_EN | (0x41u << 12));
    assert_int_equal(eqc32(&f, 5, SIOV_MLX5_EQC_OWNER), 2);

    /* ADI 0 may not touch ADI 1's EQ; the function may */
    sts = cmd_run(&f, SIOV_MLX5_CHAN_ADI(0), mbox, &(struct cmd){
        .op = SIOV_MLX5_OP_ARM_EQ, .eqn = 5, .token = 1 });
    assert_int_equal(siov_mlx5_sts_code(sts), SIOV_MLX5_STS_NOT_OWNER);
    assert_int_equal(siov_mlx5_sts_token(sts), 1);
    sts = cmd_run(&f, SIOV_MLX5_CHAN_FN, mbox, &(struct cmd){
        .op = SIOV_MLX5_OP_ARM_EQ, .eqn = 5 });
    assert_int_equal(siov_mlx5_sts_code(sts), SIOV_MLX5_STS_OK);

    /* the EQ's PASID check: ADI 1 (0x41) sends, ADI 0 (0x40) is refused */
    bind1(&f, 0, SIOV_BANK_IMS, 5);
    bind1(&f, 1, SIOV_BANK_IMS, 5);
    assert_int_equal(siov_adi_complete(f.dev, 1, NULL), 0);
    assert_int_equal(siov_adi_complete(f.dev, 0, &ev), 0);
    run_all(&f);
    assert_int_equal(f.sink.n, 1);
    assert_int_equal(f.sink.w[0].tag.adi, 1);
    assert_int_equal(ev.outcome, SIOV_OUT_REFUSED);
    assert_int_equal(ev.entry_pasid, 0x41);
    assert_int_equal(ev.raiser_pasid, 0x40);
    /* the refusal is the device's fault report, with the raise's tag */
    assert_int_equal(f.evs.nraise, 2);
    assert_int_equal(f.evs.nfault, 1);
    assert_int_equal(f.evs.fault[0].seq, 2);
    assert_int_equal(f.evs.fault[0].adi, 0);
    assert_int_equal(f.evs.fault_reason[0], SIOV_OUT_REFUSED);
    fx_fini(&f);
}

static void test_mlx5_command_errors(void **state)
{
    struct fx f;
    struct siov_stats st;
    struct siov_event ev;
    uint64_t status = siov_mlx5_chan_offset(0, SIOV_MLX5_CHAN_STATUS);
    const struct cmd create = { .op = SIOV_MLX5_OP_CREATE_EQ, .eqn = 0,
                                .addr = 0xfee00000, .data = 1 };

    (void)state;
    fx_mlx5(&f, 4, 1);
    assert_int_equal(siov_mlx5_sts_code(cmd_run(&f, 0, MBOX_BASE, &(struct cmd){
        .op = 0x999 })), SIOV_MLX5_STS_BAD_OPCODE);
    assert_int_equal(siov_mlx5_sts_code(cmd_run(&f, 0, MBOX_BASE, &(struct cmd){
        .op = SIOV_MLX5_OP_CREATE_EQ, .eqn = 4 })), SIOV_MLX5_STS_BAD_EQN);
    assert_int_equal(siov_mlx5_sts_code(cmd_run(&f, 0, MBOX_BASE, &(struct cmd){
        .op = SIOV_MLX5_OP_ARM_EQ, .eqn = 1 })), SIOV_MLX5_STS_NO_EQ);
    assert_int_equal(siov_mlx5_sts_code(cmd_run(&f, 0, MBOX_BASE, &(struct cmd){
        .op = SIOV_MLX5_OP_CREATE_EQ, .eqn = 1, .pasid = 0x100000 })),
        SIOV_MLX5_STS_BAD_PARAM);
    assert_int_equal(siov_mlx5_sts_code(cmd_run(&f, 0, MBOX_BASE, &create)),
                     SIOV_MLX5_STS_OK);
    assert_int_equal(siov_mlx5_sts_code(cmd_run(&f, 0, MBOX_BASE, &create)),
                     SIOV_MLX5_STS_EQ_EXISTS);
    /* a doorbell while busy is ignored and counted */
    cmd_put(&f, MBOX_BASE, &(struct cmd){ .op = SIOV_MLX5_OP_ARM_EQ, .eqn = 0 });
    ring(&f, 0, MBOX_BASE);
    wr32(&f, siov_mlx5_chan_offset(0, SIOV_MLX5_DOORBELL), 1);
    run_all(&f);
    /* CMDQ_ADDR_LO bits 5:0 read 0 */
    wr32(&f, siov_mlx5_chan_offset(0, SIOV_MLX5_CMDQ_ADDR_LO), 0x1234567f);
    assert_int_equal(rd32(&f, siov_mlx5_chan_offset(0, SIOV_MLX5_CMDQ_ADDR_LO)),
                     0x12345640);
    /* a mailbox nowhere in memory: the fetch faults, nothing executes */
    ring(&f, 0, 0x7000000000);
    assert_int_equal(rd32(&f, status), SIOV_MLX5_CHAN_STATUS_FAULT);
    run_all(&f);
    siov_get_stats(f.dev, &st);
    assert_int_equal(st.cmds, 7);
    assert_int_equal(st.cmd_errors, 5);
    assert_int_equal(st.doorbell_busy, 1);
    assert_int_equal(st.dma_faults, 1);
    /* a raise on an EQ never created is invalid */
    bind1(&f, 0, SIOV_BANK_IMS, 3);
    assert_int_equal(siov_adi_complete(f.dev, 0, &ev), 0);
    assert_int_equal(ev.outcome, SIOV_OUT_INVALID);
    fx_fini(&f);
}

static void test_mlx5_context_fault(void **state)
{
    struct fx f;
    struct xlate_log xl = { .n = 0, .fault_iova = CTX_BASE };
    struct siov_config cfg;
    struct siov_platform plat;
    struct siov_event ev;
    struct siov_stats st;

    (void)state;
    fx_init_sim(&f);
    siov_config_init(&cfg, SIOV_KIND_MLX5);
    cfg.ims_entries = 8;
    cfg.ctx_base = CTX_BASE;
    plat = fx_platform(&f);
    plat.dma_xlate = xlate;
    plat.dma_ctx = &xl;
    assert_int_equal(siov_create(&f.dev, &cfg, &plat), 0);
    fn_enable(f.dev);
    f.bar = siov_bar0(f.dev, &f.bar_ctx);
    siov_set_cmd_hook(f.dev, on_cmd, &f.cmds);
    assert_int_equal(siov_mlx5_sts_code(cmd_run(&f, 0, MBOX_BASE, &(struct cmd){
        .op = SIOV_MLX5_OP_CREATE_EQ, .eqn = 0 })), SIOV_MLX5_STS_CTX_FAULT);
    bind1(&f, 0, SIOV_BANK_IMS, 0);
    assert_int_equal(siov_adi_complete(f.dev, 0, &ev), 0);
    assert_int_equal(ev.outcome, SIOV_OUT_FAULT);
    assert_int_equal(ev.err, -EFAULT);
    siov_get_stats(f.dev, &st);
    assert_int_equal(st.faults, 1);
    assert_int_equal(st.dma_faults, 2);
    fx_fini(&f);
}

/* ---- the store extension point: an MSI-X table stand-in --------------------- */

#define FAKE_N 16

struct fake_msix {
    uint64_t addr[FAKE_N];
    uint32_t data[FAKE_N];
    bool mask[FAKE_N], pend[FAKE_N];
    struct ims_store_host host;
    int resets;
};

static uint32_t fake_count(const void *s)
{
    (void)s;
    return FAKE_N;
}

static void fake_reset(void *s)
{
    struct fake_msix *m = s;

    m->resets++;
}

static int fake_lookup(void *s, uint32_t e, struct ims_entry *out)
{
    struct fake_msix *m = s;

    if (e >= FAKE_N)
        return -ERANGE;
    *out = (struct ims_entry){ .addr = m->addr[e], .data = m->data[e],
                               .masked = m->mask[e], .pending = m->pend[e] };
    return 0;
}

static int fake_set_pending(void *s, uint32_t e)
{
    struct fake_msix *m = s;

    if (e >= FAKE_N)
        return -ERANGE;
    m->pend[e] = true;
    return 0;
}

static void fake_set_host(void *s, const struct ims_store_host *h)
{
    struct fake_msix *m = s;

    m->host = *h;
}

static void fake_unmask(struct fake_msix *m, uint32_t e)
{
    m->mask[e] = false;
    if (m->pend[e]) {
        m->pend[e] = false;
        m->host.emit(m->host.host, e, m->addr[e], m->data[e]);
    }
}

static const struct ims_store_ops fake_ops = {
    .kind = "fake-msix",
    .count = fake_count,
    .reset = fake_reset,
    .mmio = NULL,
    .lookup = fake_lookup,
    .set_pending = fake_set_pending,
    .fire = NULL,
    .set_host = fake_set_host,
};

static void test_msix_bank_extension(void **state)
{
    struct fx f;
    struct fake_msix m;
    struct siov_event ev;
    struct siov_entry_stats es;

    (void)state;
    memset(&m, 0, sizeof(m));
    m.addr[4] = 0xfee08000;
    m.data[4] = 0x24;
    m.mask[6] = true;
    m.addr[6] = 0xfee09000;
    m.data[6] = 0x26;
    fx_idxd(&f, 256, 2);
    /* the idxd default has 9 MSI-X vectors: a 16-entry table does not fit */
    assert_int_equal(siov_attach_store(f.dev, SIOV_BANK_MSIX, &fake_ops, &m),
                     -EINVAL);
    fx_fini(&f);

    {
        struct siov_config cfg;

        fx_init_sim(&f);
        siov_config_init(&cfg, SIOV_KIND_IDXD);
        cfg.msix_vectors = FAKE_N;
        cfg.n_adi = 2;
        fx_create(&f, &cfg);
    }
    assert_int_equal(siov_attach_store(f.dev, SIOV_BANK_MSIX, &fake_ops, &m), 0);
    assert_int_equal(siov_entry_count(f.dev, SIOV_BANK_MSIX), FAKE_N);
    bind1(&f, 0, SIOV_BANK_MSIX, 4);
    bind1(&f, 1, SIOV_BANK_MSIX, 6);
    assert_int_equal(siov_attach_store(f.dev, SIOV_BANK_MSIX, &fake_ops, &m),
                     -EBUSY);
    assert_int_equal(siov_adi_complete(f.dev, 0, &ev), 0);
    assert_int_equal(ev.outcome, SIOV_OUT_SENT);
    assert_int_equal(ev.bank, SIOV_BANK_MSIX);
    assert_int_equal(siov_adi_complete(f.dev, 1, &ev), 0);
    assert_int_equal(ev.outcome, SIOV_OUT_PENDING);
    assert_true(m.pend[6]);
    run_to(&f, SIM_NS(2000));
    fake_unmask(&m, 6);
    run_all(&f);
    assert_int_equal(f.sink.n, 2);
    assert_int_equal(f.sink.w[0].addr, 0xfee08000);
    assert_int_equal(f.sink.w[0].data, 0x24);
    assert_int_equal(f.sink.w[0].tag.entry, 4);
    assert_int_equal(f.sink.w[1].addr, 0xfee09000);
    assert_int_equal(f.sink.w[1].data, 0x26);
    assert_int_equal(f.sink.w[1].tag.seq, 2);
    assert_int_equal(f.sink.t[1], SIM_NS(2000) + MSG_DELAY);
    assert_int_equal(siov_get_entry_stats(f.dev, SIOV_BANK_MSIX, 6, &es), 0);
    assert_int_equal(es.replayed, 1);
    /* the host-level interrupt on the function's MSI-X table */
    assert_int_equal(siov_fn_raise(f.dev, SIOV_BANK_MSIX, 4, &ev), 0);
    assert_int_equal(ev.outcome, SIOV_OUT_SENT);
    assert_int_equal(ev.tag.adi, SIOV_ADI_FN);
    siov_reset(f.dev);
    assert_int_equal(m.resets, 1);
    fx_fini(&f);
}

static void test_msix_kind(void **state)
{
    struct fx f;
    struct siov_config cfg;
    struct siov_platform plat;
    struct siov_dev *dev = NULL;
    struct fake_msix m;
    uint64_t v = 0;

    (void)state;
    memset(&m, 0, sizeof(m));
    fx_init_sim(&f);
    plat = fx_platform(&f);
    siov_config_init(&cfg, SIOV_KIND_MSIX);
    cfg.ims_entries = 1;
    assert_int_equal(siov_create(&dev, &cfg, &plat), -EINVAL);
    cfg.ims_entries = 0;
    cfg.msix_vectors = FAKE_N;
    fx_create(&f, &cfg);
    assert_int_equal(siov_entry_count(f.dev, SIOV_BANK_IMS), 0);
    assert_int_equal(siov_bar0_size(f.dev), 0);
    assert_int_equal(f.bar->read(f.bar_ctx, 0, 4, &v), MMIO_UNMAPPED);
    assert_int_equal(f.bar->write(f.bar_ctx, 0, 4, 0), MMIO_UNMAPPED);
    assert_int_equal(siov_adi_bind(f.dev, 0, SIOV_BANK_IMS,
                                   (const uint32_t[]){ 0 }, 1), -ENODEV);
    assert_int_equal(siov_fn_raise(f.dev, SIOV_BANK_IMS, 0, NULL), -ENODEV);
    assert_int_equal(siov_attach_store(f.dev, SIOV_BANK_MSIX, &fake_ops, &m), 0);
    bind1(&f, 0, SIOV_BANK_MSIX, 0);
    assert_int_equal(siov_adi_complete(f.dev, 0, NULL), 0);
    run_all(&f);
    assert_int_equal(f.sink.n, 1);
    assert_string_equal(siov_kind_name(siov_kind_of(f.dev)), "msix");
    fx_fini(&f);
}

/* ---- the function's own MSI-X table: the pci model (IMS-MSIX-01) ------------- */

static void mtw(struct siov_dev *dev, uint32_t vec, uint32_t off, uint32_t val)
{
    assert_int_equal(msix_table_mmio_ops.write(siov_msix(dev),
                                               vec * PCI_MSIX_ENTRY_SIZE + off, 4, val),
                     MMIO_OK);
}

static void mctrl(struct siov_dev *dev, uint16_t val)
{
    struct pci_cfg *c = siov_cfg(dev);

    assert_int_equal(pci_cfg_write(c, pci_find_cap(c, PCI_CAP_ID_MSIX) + PCI_MSIX_FLAGS,
                                   2, val), MMIO_OK);
}

static void fx_idxd_msix(struct fx *f, uint32_t nvec)
{
    struct siov_config cfg;

    fx_init_sim(f);
    siov_config_init(&cfg, SIOV_KIND_IDXD);
    cfg.index = 7;
    cfg.rid = PCI_RID(0x6a, 1, 0);
    cfg.pasid_base = 0x100;
    cfg.msix_vectors = nvec;
    fx_create(f, &cfg);
}

static void test_msix_builtin_config(void **state)
{
    struct fx f;
    struct pci_cfg *c;
    struct siov_config cfg;
    struct siov_platform plat;
    struct siov_dev *dev = NULL;
    uint32_t v = 0;
    uint16_t cap;

    (void)state;
    fx_idxd_msix(&f, 4);
    c = siov_cfg(f.dev);
    assert_non_null(siov_msix(f.dev));
    assert_int_equal(pci_get_long(c, PCI_VENDOR_ID), 0x0b258086);
    assert_true(pci_ims_supported(c));               /* idxd hardware: IMS */
    cap = pci_find_cap(c, PCI_CAP_ID_MSIX);
    assert_int_equal(cap, 0x40);
    assert_int_equal(pci_get_word(c, cap + PCI_MSIX_FLAGS), 3);   /* N - 1 */
    assert_int_equal(pci_get_long(c, cap + PCI_MSIX_TABLE), 0x00000004);
    assert_int_equal(pci_get_long(c, cap + PCI_MSIX_PBA), 0x00001004);
    /* BAR0 (0x3000 of registers) and BAR 4 (table + PBA), both 64-bit */
    assert_int_equal(pci_cfg_write(c, PCI_BASE_ADDRESS_0, 4, 0xffffffff), MMIO_OK);
    assert_int_equal(pci_cfg_read(c, PCI_BASE_ADDRESS_0, 4, &v), MMIO_OK);
    assert_int_equal(v, 0xffffc004);
    assert_int_equal(pci_cfg_write(c, PCI_BASE_ADDRESS_0 + 16, 4, 0xffffffff), MMIO_OK);
    assert_int_equal(pci_cfg_read(c, PCI_BASE_ADDRESS_0 + 16, 4, &v), MMIO_OK);
    assert_int_equal(v, 0xffffe004);
    assert_int_equal(siov_entry_count(f.dev, SIOV_BANK_MSIX), 4);
    assert_int_equal(msix_table_size(siov_msix(f.dev)), 64);
    fx_fini(&f);

    /* no MSI-X: no capability, an empty bank; a plain function: no DVSEC */
    fx_init_sim(&f);
    plat = fx_platform(&f);
    siov_config_init(&cfg, SIOV_KIND_MSIX);
    cfg.msix_vectors = 2049;
    assert_int_equal(siov_create(&dev, &cfg, &plat), -EINVAL);
    cfg.msix_vectors = 0;
    fx_create(&f, &cfg);
    c = siov_cfg(f.dev);
    assert_null(siov_msix(f.dev));
    assert_int_equal(pci_find_cap(c, PCI_CAP_ID_MSIX), 0);
    assert_false(pci_ims_supported(c));
    assert_int_equal(pci_get_long(c, PCI_VENDOR_ID), 0x15218086);
    assert_int_equal(siov_entry_count(f.dev, SIOV_BANK_MSIX), 0);
    assert_int_equal(siov_adi_bind(f.dev, 0, SIOV_BANK_MSIX,
                                   (const uint32_t[]){ 0 }, 1), -ENODEV);
    fx_fini(&f);
}

static void test_msix_builtin_bank(void **state)
{
    struct fx f;
    struct siov_event ev;
    struct siov_entry_stats es;
    struct ims_entry e;
    struct msix *m;
    uint64_t pba = 0;
    sim_time_t t;

    (void)state;
    fx_idxd_msix(&f, 4);
    m = siov_msix(f.dev);
    bind1(&f, 0, SIOV_BANK_MSIX, 1);
    mtw(f.dev, 1, PCI_MSIX_ENTRY_LOWER_ADDR, 0xfee01000);
    mtw(f.dev, 1, PCI_MSIX_ENTRY_DATA, 0x41);
    mtw(f.dev, 1, PCI_MSIX_ENTRY_VECTOR_CTRL, 0);
    /* MSIX-EN-01: Enable clear -> the entry cannot be used, nothing pends */
    assert_int_equal(siov_entry_read(f.dev, SIOV_BANK_MSIX, 1, &e), -ENOENT);
    assert_int_equal(siov_adi_complete(f.dev, 0, &ev), 0);
    assert_int_equal(ev.outcome, SIOV_OUT_INVALID);
    assert_int_equal(ev.err, -ENOENT);
    assert_false(msix_is_pending(m, 1));
    assert_int_equal(m->stats.dropped_disabled, 1);

    /* enabled and unmasked: the device sends, IMS-MSG-01 timing */
    mctrl(f.dev, PCI_MSIX_FLAGS_ENABLE);
    assert_int_equal(siov_entry_read(f.dev, SIOV_BANK_MSIX, 1, &e), 0);
    assert_int_equal(e.addr, 0xfee01000);
    assert_false(e.masked);
    assert_false(e.pasid_en);
    assert_int_equal(siov_adi_complete(f.dev, 0, &ev), 0);
    assert_int_equal(ev.outcome, SIOV_OUT_SENT);
    assert_int_equal(ev.bank, SIOV_BANK_MSIX);
    t = sim_now(f.sim);
    run_all(&f);
    assert_int_equal(f.sink.n, 1);
    assert_int_equal(f.sink.w[0].addr, 0xfee01000);
    assert_int_equal(f.sink.w[0].data, 0x41);
    assert_int_equal(f.sink.w[0].rid, PCI_RID(0x6a, 1, 0));
    assert_false(f.sink.w[0].has_pasid);
    assert_int_equal(f.sink.w[0].tag.seq, 2);
    assert_int_equal(f.sink.t[0], t + MSG_DELAY);

    /* masked: PBA bit, then coalesced; the unmask replays through the
     * device with the new data and the first pending raise's tag */
    mtw(f.dev, 1, PCI_MSIX_ENTRY_VECTOR_CTRL, PCI_MSIX_ENTRY_CTRL_MASKBIT);
    assert_int_equal(siov_adi_complete(f.dev, 0, &ev), 0);
    assert_int_equal(ev.outcome, SIOV_OUT_PENDING);
    assert_int_equal(msix_pba_mmio_ops.read(m, 0, 8, &pba), MMIO_OK);
    assert_int_equal(pba, 0x2);
    assert_int_equal(siov_adi_complete(f.dev, 0, &ev), 0);
    assert_int_equal(ev.outcome, SIOV_OUT_COALESCED);
    mtw(f.dev, 1, PCI_MSIX_ENTRY_DATA, 0x42);
    run_to(&f, SIM_NS(5000));
    mtw(f.dev, 1, PCI_MSIX_ENTRY_VECTOR_CTRL, 0);
    assert_int_equal(msix_pba_mmio_ops.read(m, 0, 8, &pba), MMIO_OK);
    assert_int_equal(pba, 0);
    assert_int_equal(siov_get_entry_stats(f.dev, SIOV_BANK_MSIX, 1, &es), 0);
    assert_int_equal(es.replayed, 1);   /* released at the unmask */
    assert_int_equal(f.evs.ncoalesced, 1);
    assert_int_equal(f.evs.coalesced[0].seq, 4);
    run_all(&f);
    assert_int_equal(f.sink.n, 2);
    assert_int_equal(f.sink.w[1].data, 0x42);
    assert_int_equal(f.sink.w[1].tag.seq, 3);
    assert_int_equal(f.sink.t[1], SIM_NS(5000) + MSG_DELAY);

    /* Function Mask: pending, then released when it clears (MSIX-FM-01) */
    mctrl(f.dev, PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL);
    assert_int_equal(siov_fn_raise(f.dev, SIOV_BANK_MSIX, 1, &ev), 0);
    assert_int_equal(ev.outcome, SIOV_OUT_PENDING);
    mctrl(f.dev, PCI_MSIX_FLAGS_ENABLE);
    assert_int_equal(siov_get_entry_stats(f.dev, SIOV_BANK_MSIX, 1, &es), 0);
    assert_int_equal(es.replayed, 2);
    run_all(&f);
    assert_int_equal(f.sink.n, 3);
    assert_int_equal(f.sink.w[2].tag.adi, SIOV_ADI_FN);
    assert_int_equal(m->stats.replayed, 2);
    assert_int_equal(m->stats.scheduled, 0);    /* the device sent them all */

    /* function-level reset: MSI-X disabled, every vector masked */
    siov_reset(f.dev);
    assert_false(msix_enabled(m));
    assert_true(msix_is_masked(m, 1));
    fx_fini(&f);
}

/* ---- the function's Command register (SIOV-CMD-01, SIOV-CMD-02) -------------- */

static void test_function_command(void **state)
{
    struct fx f;
    struct pci_cfg *c;
    struct siov_event ev;
    struct siov_stats st;
    uint64_t v = 0;

    (void)state;
    fx_idxd_msix(&f, 4);
    c = siov_cfg(f.dev);
    mctrl(f.dev, PCI_MSIX_FLAGS_ENABLE);
    mtw(f.dev, 0, PCI_MSIX_ENTRY_LOWER_ADDR, 0xfee00000);
    mtw(f.dev, 0, PCI_MSIX_ENTRY_VECTOR_CTRL, 0);
    slot_program(&f, 0, 0xfee00000, 0x30, 0);
    bind1(&f, 0, SIOV_BANK_IMS, 0);
    /* Bus Master Enable clear when the message is due: nothing leaves,
     * from either bank (MSIX-BME-01 for the device's MSI-X messages) */
    assert_int_equal(siov_adi_complete(f.dev, 0, &ev), 0);
    assert_int_equal(ev.outcome, SIOV_OUT_SENT);
    assert_int_equal(siov_fn_raise(f.dev, SIOV_BANK_MSIX, 0, &ev), 0);
    assert_int_equal(ev.outcome, SIOV_OUT_SENT);
    assert_int_equal(pci_cfg_write(c, PCI_COMMAND, 2, PCI_COMMAND_MEMORY), MMIO_OK);
    run_all(&f);
    assert_int_equal(f.sink.n, 0);
    siov_get_stats(f.dev, &st);
    assert_int_equal(st.no_master, 2);
    assert_int_equal(st.emitted, 0);
    /* Memory Space Enable clear: BAR0 and the MSI-X table are not decoded */
    assert_int_equal(pci_cfg_write(c, PCI_COMMAND, 2, 0), MMIO_OK);
    assert_int_equal(f.bar->read(f.bar_ctx, 0, 4, &v), MMIO_UNMAPPED);
    assert_int_equal(v, UINT64_MAX);
    assert_int_equal(f.bar->write(f.bar_ctx, idxd_ims_slot_offset(0) + IDXD_IMS_DATA,
                                  4, 0x99), MMIO_UNMAPPED);
    assert_int_equal(msix_table_mmio_ops.write(siov_msix(f.dev), PCI_MSIX_ENTRY_DATA,
                                               4, 0x99), MMIO_UNMAPPED);
    fn_enable(f.dev);
    assert_int_equal(rd32(&f, idxd_ims_slot_offset(0) + IDXD_IMS_DATA), 0x30);
    siov_get_stats(f.dev, &st);
    assert_int_equal(st.undecoded, 2);
    assert_int_equal(siov_adi_complete(f.dev, 0, NULL), 0);
    run_all(&f);
    assert_int_equal(f.sink.n, 1);
    fx_fini(&f);

    /* DMA needs bus mastering too: the mailbox fetch faults */
    fx_mlx5(&f, 8, 1);
    assert_int_equal(pci_cfg_write(siov_cfg(f.dev), PCI_COMMAND, 2, PCI_COMMAND_MEMORY),
                     MMIO_OK);
    cmd_put(&f, MBOX_BASE, &(struct cmd){ .op = SIOV_MLX5_OP_CREATE_EQ, .eqn = 0 });
    ring(&f, 0, MBOX_BASE);
    assert_int_equal(rd32(&f, siov_mlx5_chan_offset(0, SIOV_MLX5_CHAN_STATUS)),
                     SIOV_MLX5_CHAN_STATUS_FAULT);
    run_all(&f);
    assert_int_equal(f.cmds.n, 0);
    siov_get_stats(f.dev, &st);
    assert_int_equal(st.no_master, 1);
    assert_int_equal(st.dma_faults, 1);
    fx_fini(&f);
}

/* ---- configuration, life cycle, trace ----------------------------------------- */

static void test_create_errors(void **state)
{
    struct fx f;
    struct siov_config cfg;
    struct siov_platform plat;
    struct siov_dev *dev = NULL;
    enum siov_kind k;

    (void)state;
    fx_init_sim(&f);
    plat = fx_platform(&f);
    siov_config_init(&cfg, SIOV_KIND_IDXD);
    cfg.n_adi = 0;
    assert_int_equal(siov_create(&dev, &cfg, &plat), -EINVAL);
    cfg.n_adi = 2;
    cfg.pasid_base = 0xfffff;   /* ADI 1 would need PASID 0x100000 */
    assert_int_equal(siov_create(&dev, &cfg, &plat), -EINVAL);
    cfg.pasid_base = 0xffffe;
    assert_int_equal(siov_create(&dev, &cfg, &plat), 0);
    siov_destroy(dev);
    plat.upstream.write = NULL;
    assert_int_equal(siov_create(&dev, &cfg, &plat), -EINVAL);
    plat = fx_platform(&f);
    siov_config_init(&cfg, SIOV_KIND_MLX5);
    cfg.ctx_base = CTX_BASE + 8;
    assert_int_equal(siov_create(&dev, &cfg, &plat), -EINVAL);
    cfg.ctx_base = CTX_BASE;
    plat.mem = NULL;
    assert_int_equal(siov_create(&dev, &cfg, &plat), -EINVAL);
    assert_int_equal(siov_kind_parse("mlx5", &k), 0);
    assert_int_equal(k, SIOV_KIND_MLX5);
    assert_int_equal(siov_kind_parse("ixgbe", &k), -EINVAL);
    assert_string_equal(siov_outcome_name(SIOV_OUT_REFUSED), "refused");
    assert_string_equal(siov_bank_name(SIOV_BANK_MSIX), "msix");
    siov_destroy(NULL);
    sim_destroy(f.sim);
    mem_fini(&f.mem);
}

static void test_destroy_with_messages_in_flight(void **state)
{
    struct fx f;

    (void)state;
    fx_mlx5(&f, 4, 1);
    cmd_run(&f, 0, MBOX_BASE, &(struct cmd){ .op = SIOV_MLX5_OP_CREATE_EQ,
                                              .eqn = 0, .data = 5 });
    cmd_run(&f, 0, MBOX_BASE, &(struct cmd){ .op = SIOV_MLX5_OP_ARM_EQ, .eqn = 0 });
    bind1(&f, 0, SIOV_BANK_IMS, 0);
    assert_int_equal(siov_adi_complete(f.dev, 0, NULL), 0);
    run_to(&f, sim_now(f.sim) + SIM_NS(250));    /* generated, not arrived */
    cmd_put(&f, MBOX_BASE, &(struct cmd){ .op = SIOV_MLX5_OP_DISARM_EQ });
    ring(&f, 0, MBOX_BASE);                     /* a command in flight too */
    assert_int_equal(sim_pending(f.sim), 2);
    siov_destroy(f.dev);
    f.dev = NULL;
    assert_int_equal(sim_pending(f.sim), 0);
    run_all(&f);
    assert_int_equal(f.sink.n, 0);
    fx_fini(&f);
}

static void test_trace_points(void **state)
{
    struct fx f;
    char *buf = NULL;
    size_t len = 0;
    FILE *out;

    (void)state;
    if (!SIM_TRACE_ENABLED)
        skip();     /* -DIMSLAB_TRACE=OFF compiles trace points out */
    fx_idxd(&f, 256, 1);
    out = open_memstream(&buf, &len);
    assert_non_null(out);
    assert_int_equal(sim_trace_use(f.sim, imslab_tracepoints,
                                   imslab_tracepoint_count), 0);
    assert_true(sim_trace_enable(f.sim, "siov.*") > 0);
    sim_trace_output(f.sim, out);
    slot_program(&f, 0, 0xfee00000, 0x33, 1);
    bind1(&f, 0, SIOV_BANK_IMS, 0);
    assert_int_equal(siov_adi_complete(f.dev, 0, NULL), 0);
    wr32(&f, idxd_ims_slot_offset(0) + IDXD_IMS_CTRL, 0);
    assert_int_equal(f.bar->write(f.bar_ctx, 1, 1, 0), MMIO_BAD_SIZE);
    assert_int_equal(siov_adi_bind(f.dev, 0, SIOV_BANK_IMS, NULL, 0), 0);
    assert_int_equal(siov_adi_complete(f.dev, 0, NULL), 0);
    run_all(&f);
    fclose(out);
    assert_non_null(strstr(buf, " siov.adi_raise dev=7 adi=0 bank=0 entry=0 seq=1\n"));
    assert_non_null(strstr(buf, " siov.entry_pending dev=7 bank=0 entry=0 seq=1 coalesced=0\n"));
    assert_non_null(strstr(buf, " siov.entry_replay dev=7 bank=0 entry=0 addr=0xfee00000 data=0x33 seq=1\n"));
    assert_non_null(strstr(buf, "500000 siov.msg_send dev=7 rid=0x6a08 addr=0xfee00000 data=0x33 seq=1\n"));
    assert_non_null(strstr(buf, " siov.bar_bad dev=7 off=0x1 size=1 write=1\n"));
    assert_non_null(strstr(buf, " siov.adi_unbound dev=7 adi=0 seq=2\n"));
    assert_null(strstr(buf, "!fields"));
    free(buf);
    fx_fini(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_idxd_gencap_offsets),
        cmocka_unit_test(test_idxd_entry_counts_refused),
        cmocka_unit_test(test_idxd_slot_address),
        cmocka_unit_test(test_idxd_reset_masked),
        cmocka_unit_test(test_idxd_complete_one_message),
        cmocka_unit_test(test_idxd_work_queue),
        cmocka_unit_test(test_idxd_handle_commands),
        cmocka_unit_test(test_idxd_handle_revoke),
        cmocka_unit_test(test_adi_stop_holds),
        cmocka_unit_test(test_idxd_mask_pending_unmask),
        cmocka_unit_test(test_idxd_mask_after_generation),
        cmocka_unit_test(test_idxd_pasid_check),
        cmocka_unit_test(test_round_robin),
        cmocka_unit_test(test_unbound_raise),
        cmocka_unit_test(test_port_owns_sequence),
        cmocka_unit_test(test_idxd_torn_pair),
        cmocka_unit_test(test_idxd_bad_access),
        cmocka_unit_test(test_idxd_qword_unmask_replays_new_data),
        cmocka_unit_test(test_mlx5_create_eq),
        cmocka_unit_test(test_mlx5_raise_uses_context),
        cmocka_unit_test(test_mlx5_pending_arm),
        cmocka_unit_test(test_mlx5_trap_sees_no_pair),
        cmocka_unit_test(test_mlx5_channels_pasid_owner),
        cmocka_unit_test(test_mlx5_command_errors),
        cmocka_unit_test(test_mlx5_context_fault),
        cmocka_unit_test(test_msix_bank_extension),
        cmocka_unit_test(test_msix_kind),
        cmocka_unit_test(test_msix_builtin_config),
        cmocka_unit_test(test_msix_builtin_bank),
        cmocka_unit_test(test_function_command),
        cmocka_unit_test(test_create_errors),
        cmocka_unit_test(test_destroy_with_messages_in_flight),
        cmocka_unit_test(test_trace_points),
    };

    return cmocka_run_group_tests_name("siov", tests, NULL, NULL);
}
