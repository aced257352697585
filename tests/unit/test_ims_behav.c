/* SPDX-License-Identifier: MIT */
/*
 * test_ims_behav.c - the behavioral IMS model at cycle level (update modes,
 * mask/pending/unmask, PASID and range refusal, reset, hostmem commands,
 * the VCD), and the DUT store adapter delivering in a small system.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness/layout.h"
#include "models/siov/ims_behav.h"
#include "models/siov/ims_dut_store.h"
#include "models/pci/pci.h"
#include "models/pci/pci_regs.h"
#include "models/siov/siov.h"
#include "sim/sim.h"

#define LAYOUTS IMSLAB_SOURCE_DIR "/layouts"
#define ADDR_A UINT64_C(0x00000001fee01000)
#define ADDR_B UINT64_C(0x00000002fee02000)

static struct ims_dut load(const char *file)
{
    struct ims_layout l;
    struct ims_dut d;
    char err[512];

    assert_int_equal(hx_layout_load(file, &l, err, sizeof(err)), 0);
    assert_int_equal(ims_behav_create(&l, &d), 0);
    return d;
}

/* Slot registers of the idxd-shaped layouts. */
static uint32_t slot(uint32_t base, uint32_t e, uint32_t reg)
{
    return base + 16u * e + reg;
}

static void wr(struct ims_dut *d, uint32_t off, uint32_t v)
{
    assert_int_equal(d->ops->reg_write(d->state, off, v), 0);
}

static void program(struct ims_dut *d, uint32_t base, uint32_t e,
                    uint64_t addr, uint32_t data)
{
    wr(d, slot(base, e, 0x0), (uint32_t)addr);
    wr(d, slot(base, e, 0x4), (uint32_t)(addr >> 32));
    wr(d, slot(base, e, 0x8), data);
}

static size_t collect(struct ims_dut *d, struct ims_dut_msg *m, size_t max)
{
    return d->ops->collect(d->state, m, max);
}

static void test_reset_and_read(void **state)
{
    struct ims_dut d = load(LAYOUTS "/idxd.yaml");
    uint32_t v;

    (void)state;
    assert_string_equal(d.ops->name, "behavioral:idxd");
    assert_int_equal(d.ops->entries(d.state), 256);
    assert_int_equal(d.ops->cycle(d.state), 0);
    /* reset: ctrl = mask bit, pair 0 */
    assert_int_equal(d.ops->reg_read(d.state, slot(0x2000, 7, 0xc), &v), 0);
    assert_int_equal(v, 1);
    assert_int_equal(d.ops->cycle(d.state), 1);
    /* reserved ctrl bits read 0 */
    wr(&d, slot(0x2000, 7, 0xc), 0xffffffffu);
    assert_int_equal(d.ops->reg_read(d.state, slot(0x2000, 7, 0xc), &v), 0);
    assert_int_equal(v, 0xfffff009u);
    wr(&d, slot(0x2000, 7, 0x8), 0x1234);
    assert_int_equal(d.ops->reset(d.state), 0);
    assert_int_equal(d.ops->cycle(d.state), 5);
    assert_int_equal(d.ops->reg_read(d.state, slot(0x2000, 7, 0x8), &v), 0);
    assert_int_equal(v, 0);
    assert_int_equal(d.ops->reg_read(d.state, slot(0x2000, 7, 0xc), &v), 0);
    assert_int_equal(v, 1);
    /* outside the table: reads 0; misaligned is a wrapper error */
    assert_int_equal(d.ops->reg_read(d.state, 0x10, &v), 0);
    assert_int_equal(v, 0);
    assert_int_equal(d.ops->reg_write(d.state, 0x2002, 1), -EINVAL);
    d.ops->destroy(d.state);
}

static void test_send_latency(void **state)
{
    struct ims_dut d = load(LAYOUTS "/idxd.yaml");
    struct ims_dut_msg m[4];

    (void)state;
    program(&d, 0x2000, 3, ADDR_A, 0x41);           /* cycles 0..2 */
    wr(&d, slot(0x2000, 3, 0xc), 0);                /* 3: unmask */
    assert_int_equal(d.ops->fire(d.state, 3, 0, false, 4),
                     IMS_DUT_FIRE_ACCEPTED);        /* 4 */
    assert_int_equal(collect(&d, m, 4), 0);
    assert_int_equal(d.ops->clock(d.state, 1), 0);  /* 5 */
    assert_int_equal(collect(&d, m, 4), 0);
    assert_int_equal(d.ops->clock(d.state, 1), 0);  /* 6: on msg_* */
    assert_int_equal(collect(&d, m, 4), 1);
    assert_int_equal(m[0].cycle, 4 + IMS_BEHAV_MSG_LATENCY);
    assert_int_equal(m[0].addr, ADDR_A);
    assert_int_equal(m[0].data, 0x41);
    assert_int_equal(m[0].index, 3);
    assert_int_equal(m[0].len, 4);
    d.ops->destroy(d.state);
}

static void test_per_dword_torn(void **state)
{
    struct ims_dut d = load(LAYOUTS "/idxd.yaml");
    struct ims_dut_msg m[4];

    (void)state;
    program(&d, 0x2000, 0, ADDR_A, 0x41);
    wr(&d, slot(0x2000, 0, 0xc), 0);
    /* rewrite the unmasked slot; fire between addr_lo and data */
    wr(&d, slot(0x2000, 0, 0x0), (uint32_t)ADDR_B);
    wr(&d, slot(0x2000, 0, 0x4), (uint32_t)(ADDR_B >> 32));
    assert_int_equal(d.ops->fire(d.state, 0, 0, false, 4),
                     IMS_DUT_FIRE_ACCEPTED);
    wr(&d, slot(0x2000, 0, 0x8), 0x42);
    d.ops->clock(d.state, 4);
    assert_int_equal(collect(&d, m, 4), 1);
    /* the torn pair: the new address with the old data */
    assert_int_equal(m[0].addr, ADDR_B);
    assert_int_equal(m[0].data, 0x41);
    d.ops->destroy(d.state);
}

static void test_on_data_never_torn(void **state)
{
    struct ims_dut d = load(LAYOUTS "/idxd-on-data.yaml");
    struct ims_dut_msg m[4];
    uint32_t v;

    (void)state;
    program(&d, 0x2000, 0, ADDR_A, 0x41);
    wr(&d, slot(0x2000, 0, 0xc), 0);
    wr(&d, slot(0x2000, 0, 0x0), (uint32_t)ADDR_B);
    wr(&d, slot(0x2000, 0, 0x4), (uint32_t)(ADDR_B >> 32));
    /* staged: reads back as written, the live pair is the old one */
    assert_int_equal(d.ops->reg_read(d.state, slot(0x2000, 0, 0x0), &v), 0);
    assert_int_equal(v, (uint32_t)ADDR_B);
    assert_int_equal(d.ops->fire(d.state, 0, 0, false, 4),
                     IMS_DUT_FIRE_ACCEPTED);
    wr(&d, slot(0x2000, 0, 0x8), 0x42);
    assert_int_equal(d.ops->fire(d.state, 0, 0, false, 4),
                     IMS_DUT_FIRE_ACCEPTED);
    d.ops->clock(d.state, 4);
    assert_int_equal(collect(&d, m, 4), 2);
    assert_int_equal(m[0].addr, ADDR_A);
    assert_int_equal(m[0].data, 0x41);
    assert_int_equal(m[1].addr, ADDR_B);
    assert_int_equal(m[1].data, 0x42);
    d.ops->destroy(d.state);
}

static void test_on_commit(void **state)
{
    struct ims_dut d = load(LAYOUTS "/idxd-on-commit.yaml");
    struct ims_dut_msg m[4];
    uint32_t v;

    (void)state;
    program(&d, 0x2000, 1, ADDR_A, 0x41);
    wr(&d, slot(0x2000, 1, 0xc), 0);                /* unmask, no commit */
    assert_int_equal(d.ops->fire(d.state, 1, 0, false, 4),
                     IMS_DUT_FIRE_ACCEPTED);
    wr(&d, slot(0x2000, 1, 0xc), 1u << 1);          /* commit, unmasked */
    assert_int_equal(d.ops->reg_read(d.state, slot(0x2000, 1, 0xc), &v), 0);
    assert_int_equal(v, 0);                         /* commit reads 0 */
    assert_int_equal(d.ops->fire(d.state, 1, 0, false, 4),
                     IMS_DUT_FIRE_ACCEPTED);
    d.ops->clock(d.state, 4);
    assert_int_equal(collect(&d, m, 4), 2);
    assert_int_equal(m[0].addr, 0);                 /* never committed */
    assert_int_equal(m[0].data, 0);
    assert_int_equal(m[1].addr, ADDR_A);
    assert_int_equal(m[1].data, 0x41);
    d.ops->destroy(d.state);
}

static void test_mask_pending_once(void **state)
{
    struct ims_dut d = load(LAYOUTS "/idxd.yaml");
    struct ims_dut_msg m[4];
    struct ims_entry e;

    (void)state;
    program(&d, 0x2000, 5, ADDR_A, 0x41);           /* masked since reset */
    assert_int_equal(d.ops->fire(d.state, 5, 0, false, 4),
                     IMS_DUT_FIRE_ACCEPTED);
    assert_int_equal(d.ops->fire(d.state, 5, 0, false, 4),
                     IMS_DUT_FIRE_ACCEPTED);
    d.ops->clock(d.state, 10);
    assert_int_equal(collect(&d, m, 4), 0);
    assert_int_equal(ims_behav_peek(d.state, 5, &e), 0);
    assert_true(e.pending);
    assert_true(e.masked);
    /* the pair at unmask time, once */
    wr(&d, slot(0x2000, 5, 0x8), 0x43);             /* cycle 15 */
    wr(&d, slot(0x2000, 5, 0xc), 0);                /* cycle 16 */
    d.ops->clock(d.state, 10);
    assert_int_equal(collect(&d, m, 4), 1);
    assert_int_equal(m[0].cycle, 16 + IMS_BEHAV_MSG_LATENCY);
    assert_int_equal(m[0].data, 0x43);
    wr(&d, slot(0x2000, 5, 0xc), 1);
    wr(&d, slot(0x2000, 5, 0xc), 0);
    d.ops->clock(d.state, 10);
    assert_int_equal(collect(&d, m, 4), 0);
    assert_int_equal(ims_behav_peek(d.state, 5, &e), 0);
    assert_false(e.pending);
    d.ops->destroy(d.state);
}

static void test_no_pending_drops(void **state)
{
    struct ims_dut d = load(LAYOUTS "/idxd-no-pending.yaml");
    struct ims_dut_msg m[4];

    (void)state;
    program(&d, 0x2000, 5, ADDR_A, 0x41);
    assert_int_equal(d.ops->fire(d.state, 5, 0, false, 4),
                     IMS_DUT_FIRE_ACCEPTED);
    wr(&d, slot(0x2000, 5, 0xc), 0);
    d.ops->clock(d.state, 10);
    assert_int_equal(collect(&d, m, 4), 0);
    d.ops->destroy(d.state);
}

static void test_refusals(void **state)
{
    struct ims_dut d = load(LAYOUTS "/idxd.yaml");
    struct ims_dut_msg m[4];
    uint32_t ctrl = (0x123u << 12) | (1u << 3);     /* PASID 0x123, enabled */

    (void)state;
    program(&d, 0x2000, 2, ADDR_A, 0x41);
    wr(&d, slot(0x2000, 2, 0xc), ctrl);
    assert_int_equal(d.ops->fire(d.state, 2, 0x124, true, 4),
                     IMS_DUT_FIRE_REFUSED);
    assert_int_equal(d.ops->fire(d.state, 2, 0, false, 4),
                     IMS_DUT_FIRE_REFUSED);
    assert_int_equal(d.ops->fire(d.state, 256, 0, false, 4),
                     IMS_DUT_FIRE_REFUSED);
    assert_int_equal(d.ops->fire(d.state, 2, 0x123, true, 4),
                     IMS_DUT_FIRE_ACCEPTED);
    d.ops->clock(d.state, 4);
    assert_int_equal(collect(&d, m, 4), 1);
    assert_int_equal(m[0].data, 0x41);
    d.ops->destroy(d.state);
}

static void cmd(struct ims_dut *d, uint32_t op, uint32_t e, uint32_t lo,
                uint32_t data, uint32_t ctrl)
{
    wr(d, IMS_CMD_INDEX, e);
    wr(d, IMS_CMD_ADDR_LO, lo);
    wr(d, IMS_CMD_ADDR_HI, 0);
    wr(d, IMS_CMD_DATA, data);
    wr(d, IMS_CMD_CTRL, ctrl);
    wr(d, IMS_CMD_DOORBELL, op);
}

static void test_hostmem_commands(void **state)
{
    struct ims_layout l;
    struct ims_dut d;
    struct ims_dut_msg m[4];
    char err[512];
    uint32_t v;
    uint64_t c;

    (void)state;
    assert_int_equal(hx_layout_load(LAYOUTS "/mlx5.yaml", &l, err,
                                    sizeof(err)), 0);
    l.cmd_latency = 8;
    assert_int_equal(ims_behav_create(&l, &d), 0);
    assert_int_equal(d.ops->reg_read(d.state, IMS_CMD_LATENCY, &v), 0);
    assert_int_equal(v, 8);
    /* a request on a context never written: masked, pending */
    assert_int_equal(d.ops->fire(d.state, 4, 0, false, 4),
                     IMS_DUT_FIRE_ACCEPTED);
    cmd(&d, IMS_CMD_OP_WRITE, 4, 0xfee01000u, 0x51, 0);   /* doorbell */
    c = d.ops->cycle(d.state) - 1;
    assert_int_equal(d.ops->reg_read(d.state, IMS_CMD_STATUS, &v), 0);
    assert_int_equal(v, IMS_CMD_STS_BUSY);
    wr(&d, IMS_CMD_DOORBELL, IMS_CMD_OP_READ);            /* while busy */
    d.ops->clock(d.state, 20);
    assert_int_equal(collect(&d, m, 4), 1);
    /* the unmask by command releases pending, whole pair at once */
    assert_int_equal(m[0].cycle, c + 8 + IMS_BEHAV_MSG_LATENCY);
    assert_int_equal(m[0].addr, 0xfee01000u);
    assert_int_equal(m[0].data, 0x51);
    assert_int_equal(d.ops->reg_read(d.state, IMS_CMD_STATUS, &v), 0);
    assert_int_equal(v, IMS_CMD_STS_OVERRUN);
    cmd(&d, IMS_CMD_OP_WRITE, 64, 0, 0, 0);               /* bad index */
    d.ops->clock(d.state, 20);
    assert_int_equal(d.ops->reg_read(d.state, IMS_CMD_STATUS, &v), 0);
    assert_int_equal(v, IMS_CMD_STS_ERROR);
    d.ops->destroy(d.state);
}

static void test_vcd(void **state)
{
    struct ims_dut d = load(LAYOUTS "/ref.yaml");
    char path[] = "/tmp/imslab-vcd-XXXXXX";
    char buf[8192];
    size_t n;
    FILE *f;
    int fd;

    (void)state;
    fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(d.ops->trace(d.state, path), 0);
    program(&d, 0, 0, ADDR_A, 0x41);
    wr(&d, 0xc, 0);
    d.ops->fire(d.state, 0, 0, false, 4);
    d.ops->clock(d.state, 4);
    assert_int_equal(d.ops->trace(d.state, NULL), 0);
    f = fopen(path, "r");
    assert_non_null(f);
    n = fread(buf, 1, sizeof(buf) - 1, f);
    buf[n] = '\0';
    fclose(f);
    unlink(path);
    assert_int_equal(strncmp(buf, "$date", 5), 0);
    assert_non_null(strstr(buf, "$timescale 1ps $end"));
    assert_non_null(strstr(buf, "$enddefinitions $end"));
    static const char *const sigs[] = {
        " clk $end", " rst_n $end", " reg_we $end", " reg_re $end",
        " reg_addr $end", " reg_wdata $end", " reg_rdata $end",
        " irq_valid $end", " irq_ready $end", " irq_index $end",
        " irq_pasid $end", " irq_pasid_valid $end", " irq_err $end",
        " msg_valid $end", " msg_ready $end", " msg_addr $end",
        " msg_data $end", " msg_index $end",
    };
    for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
        assert_non_null(strstr(buf, sigs[i]));
    /* msg_data 0x41 at cycle 4 + 2 = 6: the rising edge at 6 * 2000 ps */
    assert_non_null(strstr(buf, "#12000\n"));
    assert_non_null(strstr(buf, "b1000001 "));
    d.ops->destroy(d.state);
}

/* ---- the adapter in a small system --------------------------------------- */

struct sink {
    struct pcie_write w[8];
    sim_time_t t[8];
    int n;
    struct sim *sim;
};

static void sink_write(void *ctx, const struct pcie_write *w)
{
    struct sink *s = ctx;

    if (s->n < 8) {
        s->t[s->n] = sim_now(s->sim);
        s->w[s->n++] = *w;
    }
}

static void test_adapter_delivers(void **state)
{
    struct ims_dut_store_config cfg;
    struct ims_dut_store *st;
    struct ims_layout l;
    struct ims_dut d;
    struct sim *sim;
    struct siov_dev *dev;
    struct siov_config dc;
    struct siov_event ev;
    struct sink sk = { .n = 0 };
    struct siov_platform p;
    const struct mmio_ops *bar;
    void *bctx;
    uint32_t e0 = 0, pasid;
    char err[512];

    (void)state;
    assert_int_equal(sim_create(&sim, NULL), 0);
    sk.sim = sim;
    p = (struct siov_platform){ .sim = sim,
                                .upstream = { .write = sink_write, .ctx = &sk } };
    siov_config_init(&dc, SIOV_KIND_IDXD);
    assert_int_equal(siov_create(&dev, &dc, &p), 0);
    /* pci_enable_device() + pci_set_master(): Command starts at 0 */
    assert_int_equal(pci_cfg_write(siov_cfg(dev), PCI_COMMAND, 2,
                                   PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER),
                     MMIO_OK);
    assert_int_equal(hx_layout_load(LAYOUTS "/idxd.yaml", &l, err,
                                    sizeof(err)), 0);
    assert_int_equal(ims_behav_create(&l, &d), 0);
    ims_dut_store_config_init(&cfg, sim);
    ims_dut_store_config_layout(&cfg, &l);
    cfg.peek = ims_behav_peek;
    assert_int_equal(ims_dut_store_create(&st, &d, &cfg), 0);
    assert_int_equal(siov_attach_store(dev, SIOV_BANK_IMS, ims_dut_store_ops(),
                                       st), 0);
    assert_int_equal(siov_adi_bind(dev, 0, SIOV_BANK_IMS, &e0, 1), 0);
    assert_int_equal(siov_adi_pasid(dev, 0, &pasid), 0);
    bar = siov_bar0(dev, &bctx);
    /* the driver: masked slot, pair, PASID, unmask */
    assert_int_equal(bar->write(bctx, 0x2000, 4, 0xfee01000u), MMIO_OK);
    assert_int_equal(bar->write(bctx, 0x2004, 4, 0), MMIO_OK);
    assert_int_equal(bar->write(bctx, 0x2008, 4, 0x61), MMIO_OK);
    /* a raise while masked is pending, and replays at unmask */
    assert_int_equal(siov_adi_complete(dev, 0, &ev), 0);
    assert_int_equal(ev.outcome, SIOV_OUT_PENDING);
    assert_int_equal(bar->write(bctx, 0x200c, 4, (pasid << 12) | (1u << 3)),
                     MMIO_OK);
    assert_int_equal(siov_adi_complete(dev, 0, &ev), 0);
    assert_int_equal(ev.outcome, SIOV_OUT_SENT);
    assert_int_equal(ev.addr, 0xfee01000u);
    assert_int_equal(ev.data, 0x61);
    /* outside the table: unmapped, as for the idxd kind's unmodelled regs */
    {
        uint64_t v;

        assert_int_equal(bar->read(bctx, 0x100, 4, &v), MMIO_UNMAPPED);
    }
    assert_int_equal(sim_run(sim, SIM_US(10)), SIM_RUN_DONE);
    assert_int_equal(sk.n, 2);
    assert_int_equal(sk.w[0].addr, 0xfee01000u);
    assert_int_equal(sk.w[0].data, 0x61);
    assert_int_equal(sk.w[0].tag.seq, 1);            /* the replay: raise 1 */
    assert_int_equal(sk.w[1].tag.seq, 2);
    assert_int_equal(sk.t[0], SIM_NS(500));          /* COST_DEV_MSI_GEN + UPSTREAM */
    siov_destroy(dev);
    ims_dut_store_destroy(st);
    sim_destroy(sim);
}

/* ims_dut_store_config_map: a table at port 0 seen at BAR0 + 0x2000 */
static void test_adapter_relocated(void **state)
{
    struct ims_dut_store_config cfg;
    struct ims_dut_store *st;
    const struct mmio_ops *m = ims_dut_store_ops()->mmio;
    struct ims_layout l;
    struct ims_entry e;
    struct ims_dut d;
    struct sim *sim;
    uint64_t v;
    char err[512];

    (void)state;
    assert_int_equal(sim_create(&sim, NULL), 0);
    assert_int_equal(hx_layout_load(LAYOUTS "/ref.yaml", &l, err,
                                    sizeof(err)), 0);
    assert_int_equal(ims_behav_create(&l, &d), 0);
    ims_dut_store_config_init(&cfg, sim);
    ims_dut_store_config_map(&cfg, &l, 0x2000);
    assert_int_equal(cfg.window_base, 0x2000);
    assert_int_equal(cfg.window_size, 64 * 16);
    assert_int_equal(cfg.port_base, 0);
    cfg.peek = ims_behav_peek;
    assert_int_equal(ims_dut_store_create(&st, &d, &cfg), 0);
    /* BAR0 0x2010 is port 0x10: entry 1's addr_lo; a QWORD is two dwords */
    assert_int_equal(m->write(st, 0x2010, 8, UINT64_C(0x00000001fee02000)),
                     MMIO_OK);
    assert_int_equal(m->write(st, 0x2018, 4, 0x42), MMIO_OK);
    assert_int_equal(ims_dut_store_ops()->lookup(st, 1, &e), 0);
    assert_int_equal(e.addr, UINT64_C(0x1fee02000));
    assert_int_equal(e.data, 0x42);
    assert_int_equal(m->read(st, 0x2018, 4, &v), MMIO_OK);
    assert_int_equal(v, 0x42);
    /* the last entry is at BAR0 0x23f0; port 0 itself is not in BAR0 at 0 */
    assert_int_equal(m->write(st, 0x23f8, 4, 0x63), MMIO_OK);
    assert_int_equal(ims_dut_store_ops()->lookup(st, 63, &e), 0);
    assert_int_equal(e.data, 0x63);
    assert_int_equal(m->read(st, 0x2400, 4, &v), MMIO_UNMAPPED);
    assert_int_equal(m->read(st, 0x0, 4, &v), MMIO_UNMAPPED);
    assert_int_equal(m->read(st, 0x1ffc, 4, &v), MMIO_UNMAPPED);
    /* ims_dut_store_config_layout(): not relocated */
    ims_dut_store_config_layout(&cfg, &l);
    assert_int_equal(cfg.window_base, 0);
    assert_int_equal(cfg.port_base, 0);
    ims_dut_store_destroy(st);
    sim_destroy(sim);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reset_and_read),
        cmocka_unit_test(test_send_latency),
        cmocka_unit_test(test_per_dword_torn),
        cmocka_unit_test(test_on_data_never_torn),
        cmocka_unit_test(test_on_commit),
        cmocka_unit_test(test_mask_pending_once),
        cmocka_unit_test(test_no_pending_drops),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_hostmem_commands),
        cmocka_unit_test(test_vcd),
        cmocka_unit_test(test_adapter_delivers),
        cmocka_unit_test(test_adapter_relocated),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
