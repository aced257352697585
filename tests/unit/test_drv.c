/* SPDX-License-Identifier: MIT */
/*
 * test_drv.c - the device drivers (models/drv) and the operation sequencer
 * (models/seq.h) on a recording port: the exact accesses an idxd, MSI-X or
 * mlx5 programming issues, in order, with the guest's and the host's
 * parameters; the mailbox words; a poll that retries; a failed command; and
 * the sequencer's queue and start (in the submitting call, or from a fresh
 * event).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "models/drv/drv.h"
#include "models/mem/mem.h"
#include "models/seq.h"
#include "models/siov/mlx5_layout.h"
#include "sim/sim.h"

#define MEM_BASE  UINT64_C(0x40000000)
#define XLATE     UINT64_C(0x1000000)   /* the test CPU's memory offset */
#define MAX_REC   64u

/* One access the port saw. */
struct rec {
    char kind;                /* 'W' write, 'R' read */
    unsigned space;
    uint64_t off;
    uint32_t val;             /* written, or returned */
    sim_time_t at;
};

struct fx {
    struct sim *sim;
    struct seq_pool pool;
    struct mem mem;
    struct seq_port port;
    struct drv drv;
    struct rec rec[MAX_REC];
    unsigned nrec;
    bool deferred;            /* accesses take 100 ps each, as events */
    unsigned busy_reads;      /* CHAN_STATUS reads that say busy */
    uint32_t cmd_code;        /* what the fake device answers a command */
    bool fake_mlx5;           /* a doorbell completes a command at once */
    uint64_t mbox_hpa;        /* where it writes its status word */
    int done_status;
    unsigned ndone;
    uint32_t checked_tag, checked_word;
};

struct pend {
    struct fx *f;
    seq_done_fn done;
    void *arg;
};

static void pend_run(void *arg)
{
    struct pend *p = arg;
    seq_done_fn done = p->done;
    void *a = p->arg;

    p->f->rec[p->f->nrec - 1].at = sim_now(p->f->sim);
    seq_pool_free(&p->f->pool, p);
    done(a, 0);
}

static int finish(struct fx *f, seq_done_fn done, void *arg)
{
    struct pend *p;

    if (!f->deferred) {
        done(arg, 0);
        return 0;
    }
    p = seq_pool_alloc(&f->pool, sizeof(*p));
    *p = (struct pend){ f, done, arg };
    return seq_pool_defer(&f->pool, 100, pend_run, p);
}

static int rec_write(void *ctx, unsigned space, uint64_t off, uint32_t val,
                     seq_done_fn done, void *arg)
{
    struct fx *f = ctx;

    assert_true(f->nrec < MAX_REC);
    f->rec[f->nrec++] = (struct rec){ 'W', space, off, val, 0 };
    /* the fake mlx5 device: a doorbell completes the command at once */
    if (f->fake_mlx5 && space == DRV_BAR0 && (off & 0xfffu) == SIOV_MLX5_DOORBELL)
        assert_int_equal(mem_write32(&f->mem, f->mbox_hpa + SIOV_MLX5_CMD_STATUS,
                                     siov_mlx5_sts_make(f->cmd_code, 0x77)), 0);
    return finish(f, done, arg);
}

static int rec_read(void *ctx, unsigned space, uint64_t off, uint64_t *val,
                    seq_done_fn done, void *arg)
{
    struct fx *f = ctx;
    uint32_t v = 0;

    if (f->fake_mlx5 && (off & 0xfffu) == SIOV_MLX5_CHAN_STATUS && f->busy_reads) {
        f->busy_reads--;
        v = SIOV_MLX5_CHAN_STATUS_BUSY;
    }
    *val = v;
    assert_true(f->nrec < MAX_REC);
    f->rec[f->nrec++] = (struct rec){ 'R', space, off, v, 0 };
    return finish(f, done, arg);
}

static uint64_t rec_mem_addr(void *ctx, uint64_t addr)
{
    (void)ctx;
    return addr + XLATE;
}

static void rec_checked(void *ctx, uint32_t tag, uint32_t word)
{
    struct fx *f = ctx;

    f->checked_tag = tag;
    f->checked_word = word;
}

static const struct seq_port_ops rec_ops = {
    .write32 = rec_write,
    .read32 = rec_read,
    .mem_addr = rec_mem_addr,
    .checked = rec_checked,
};

static void on_done(void *ctx, int status)
{
    struct fx *f = ctx;

    f->done_status = status;
    f->ndone++;
}

static void fx_init(struct fx *f, bool fresh_event)
{
    memset(f, 0, sizeof(*f));
    assert_int_equal(sim_create(&f->sim, NULL), 0);
    seq_pool_init(&f->pool, f->sim);
    mem_init(&f->mem);
    assert_int_equal(mem_add_region(&f->mem, MEM_BASE, 0x10000), 0);
    seq_port_init(&f->port, &rec_ops, f, &f->pool, &f->mem, fresh_event);
}

static void fx_fini(struct fx *f)
{
    seq_pool_fini(&f->pool);
    mem_fini(&f->mem);
    sim_destroy(f->sim);
}

/* Submit @s, run the simulation empty; the list's status. */
static int run(struct fx *f, struct seq *s)
{
    seq_submit(s, on_done, f);
    assert_int_equal(sim_run(f->sim, SIM_FOREVER), SIM_RUN_DONE);
    assert_int_equal(f->ndone, 1);
    return f->done_status;
}

static void expect(const struct fx *f, unsigned i, char kind, unsigned space,
                   uint64_t off, uint32_t val)
{
    assert_true(i < f->nrec);
    assert_int_equal(f->rec[i].kind, kind);
    assert_int_equal(f->rec[i].space, space);
    assert_int_equal(f->rec[i].off, off);
    assert_int_equal(f->rec[i].val, val);
}

static const struct msi_msg pair = { 0xfee01000u, 0, 0x41 };

/* ---- idxd ------------------------------------------------------------------ */

/* The guest's IDXD IMS irqchip: masked around, flushed, unmasked (slot 2 is
 * BAR0 0x2020; ctrl = mask | PASID enable | PASID 0x105 << 12). */
static void test_idxd_guest_update(void **state)
{
    struct fx f;
    struct seq *s;
    struct drv_update how = { .mask_around = true, .flush = true,
                              .after = DRV_AFTER_RESTORE };

    (void)state;
    fx_init(&f, false);
    drv_init(&f.drv, &drv_idxd_ops, &f.port, 0x105, NULL);
    s = seq_new(&f.port);
    drv_update(&f.drv, s, 2, &pair, &how);
    assert_int_equal(seq_len(s), 6);
    assert_int_equal(run(&f, s), 0);
    assert_int_equal(f.nrec, 6);
    expect(&f, 0, 'W', DRV_BAR0, 0x202c, 0x105009);
    expect(&f, 1, 'W', DRV_BAR0, 0x2020, 0xfee01000u);
    expect(&f, 2, 'W', DRV_BAR0, 0x2024, 0);
    expect(&f, 3, 'W', DRV_BAR0, 0x2028, 0x41);
    expect(&f, 4, 'R', DRV_BAR0, 0x2028, 0);
    expect(&f, 5, 'W', DRV_BAR0, 0x202c, 0x105008);
    fx_fini(&f);
}

/* A masked interrupt's update leaves the slot masked: no unmask write. */
static void test_idxd_update_masked(void **state)
{
    struct fx f;
    struct seq *s;
    struct drv_update how = { .mask_around = true, .flush = true,
                              .after = DRV_AFTER_NONE };

    (void)state;
    fx_init(&f, false);
    drv_init(&f.drv, &drv_idxd_ops, &f.port, 0x105, NULL);
    s = seq_new(&f.port);
    drv_update(&f.drv, s, 0, &pair, &how);
    assert_int_equal(run(&f, s), 0);
    assert_int_equal(f.nrec, 5);
    expect(&f, 0, 'W', DRV_BAR0, 0x200c, 0x105009);
    expect(&f, 4, 'R', DRV_BAR0, 0x2008, 0);
    fx_fini(&f);
}

/* The VMM's composed slot: masked around, no flush, enabled; its mask. */
static void test_idxd_host_update_and_mask(void **state)
{
    struct fx f;
    struct seq *s;
    struct drv_update how = { .mask_around = true, .after = DRV_AFTER_ENABLE };

    (void)state;
    fx_init(&f, false);
    drv_init(&f.drv, &drv_idxd_ops, &f.port, 0x7, NULL);
    s = seq_new(&f.port);
    drv_update(&f.drv, s, 1, &pair, &how);
    drv_mask(&f.drv, s, 1, true);
    drv_mask(&f.drv, s, 1, false);
    assert_int_equal(run(&f, s), 0);
    assert_int_equal(f.nrec, 7);
    expect(&f, 0, 'W', DRV_BAR0, 0x201c, 0x7009);
    expect(&f, 1, 'W', DRV_BAR0, 0x2010, 0xfee01000u);
    expect(&f, 2, 'W', DRV_BAR0, 0x2014, 0);
    expect(&f, 3, 'W', DRV_BAR0, 0x2018, 0x41);
    expect(&f, 4, 'W', DRV_BAR0, 0x201c, 0x7008);
    expect(&f, 5, 'W', DRV_BAR0, 0x201c, 0x7009);
    expect(&f, 6, 'W', DRV_BAR0, 0x201c, 0x7008);
    fx_fini(&f);
}

/* Trap-and-emulate passthrough: the pair, then the guest's own ctrl word. */
static void test_idxd_passthrough_ctrl(void **state)
{
    struct fx f;
    struct seq *s;
    struct drv_update how = { .after = DRV_AFTER_CTRL, .ctrl = 0x123008 };

    (void)state;
    fx_init(&f, false);
    drv_init(&f.drv, &drv_idxd_ops, &f.port, 0x105, NULL);
    s = seq_new(&f.port);
    drv_update(&f.drv, s, 3, &pair, &how);
    drv_ctrl(&f.drv, s, 3, 0x123009);
    assert_int_equal(run(&f, s), 0);
    assert_int_equal(f.nrec, 5);
    expect(&f, 0, 'W', DRV_BAR0, 0x2030, 0xfee01000u);
    expect(&f, 1, 'W', DRV_BAR0, 0x2034, 0);
    expect(&f, 2, 'W', DRV_BAR0, 0x2038, 0x41);
    expect(&f, 3, 'W', DRV_BAR0, 0x203c, 0x123008);
    expect(&f, 4, 'W', DRV_BAR0, 0x203c, 0x123009);
    fx_fini(&f);
}

/* ---- MSI-X ------------------------------------------------------------------ */

/* Linux's PCI MSI-X irqchip: masked around the update (GUEST-MSIX-01), no
 * flush; entry 5 is at table offset 0x50. */
static void test_msix_guest_update_and_mask(void **state)
{
    struct fx f;
    struct seq *s;
    struct drv_update how = { .mask_around = true, .after = DRV_AFTER_RESTORE };

    (void)state;
    fx_init(&f, false);
    drv_init(&f.drv, &drv_msix_ops, &f.port, 0x105, NULL);
    s = seq_new(&f.port);
    drv_update(&f.drv, s, 5, &pair, &how);
    drv_mask(&f.drv, s, 5, true);
    assert_int_equal(run(&f, s), 0);
    assert_int_equal(f.nrec, 6);
    expect(&f, 0, 'W', DRV_MSIX, 0x5c, 1);
    expect(&f, 1, 'W', DRV_MSIX, 0x50, 0xfee01000u);
    expect(&f, 2, 'W', DRV_MSIX, 0x54, 0);
    expect(&f, 3, 'W', DRV_MSIX, 0x58, 0x41);
    expect(&f, 4, 'W', DRV_MSIX, 0x5c, 0);
    expect(&f, 5, 'W', DRV_MSIX, 0x5c, 1);
    fx_fini(&f);
}

/* Without a mask around, RESTORE writes nothing after the pair; ENABLE
 * writes the unmask every time. */
static void test_msix_restore_vs_enable(void **state)
{
    struct fx f;
    struct seq *s;
    struct drv_update restore = { .after = DRV_AFTER_RESTORE };
    struct drv_update enable = { .after = DRV_AFTER_ENABLE };

    (void)state;
    fx_init(&f, false);
    drv_init(&f.drv, &drv_msix_ops, &f.port, 0, NULL);
    s = seq_new(&f.port);
    drv_update(&f.drv, s, 0, &pair, &restore);
    drv_update(&f.drv, s, 1, &pair, &enable);
    assert_int_equal(run(&f, s), 0);
    assert_int_equal(f.nrec, 7);
    expect(&f, 2, 'W', DRV_MSIX, 0x08, 0x41);
    expect(&f, 3, 'W', DRV_MSIX, 0x10, 0xfee01000u);
    expect(&f, 6, 'W', DRV_MSIX, 0x1c, 0);
    fx_fini(&f);
}

/* ---- mlx5 ------------------------------------------------------------------- */

static void mlx5_init(struct fx *f, bool per_command, uint32_t chan)
{
    struct drv_mlx5_cfg c = { .chan = chan, .mbox = MEM_BASE - XLATE + 0x40,
                              .mbox_dma = UINT64_C(0x123456789040), .token = 0x77,
                              .cmdq_per_command = per_command };

    drv_init(&f->drv, &drv_mlx5_ops, &f->port, 0x105, &c);
    f->mbox_hpa = MEM_BASE + 0x40;
    f->fake_mlx5 = true;
}

static uint32_t mbox_word(const struct fx *f, unsigned off)
{
    uint32_t v = 0;

    assert_int_equal(mem_read32(&f->mem, f->mbox_hpa + off, &v), 0);
    return v;
}

/* The guest's driver on ADI 0's channel (1: BAR0 0x2000): CREATE_EQ with the
 * pair, CMDQ_ADDR once, then ARM_EQ; the mailbox holds the last command. */
static void test_mlx5_guest_create_arm(void **state)
{
    struct fx f;
    struct seq *s;
    struct drv_update how = { .after = DRV_AFTER_RESTORE };

    (void)state;
    fx_init(&f, false);
    mlx5_init(&f, false, SIOV_MLX5_CHAN_ADI(0));
    s = seq_new(&f.port);
    drv_update(&f.drv, s, 4, &pair, &how);
    assert_int_equal(seq_len(s), 2 * 12 + 2);
    assert_int_equal(run(&f, s), 0);
    assert_int_equal(f.nrec, 6);
    expect(&f, 0, 'W', DRV_BAR0, 0x2000, 0x56789040u);
    expect(&f, 1, 'W', DRV_BAR0, 0x2004, 0x1234);
    expect(&f, 2, 'W', DRV_BAR0, 0x2008, 1);
    expect(&f, 3, 'R', DRV_BAR0, 0x200c, 0);
    expect(&f, 4, 'W', DRV_BAR0, 0x2008, 1);
    expect(&f, 5, 'R', DRV_BAR0, 0x200c, 0);
    assert_int_equal(mbox_word(&f, SIOV_MLX5_CMD_OPCODE), SIOV_MLX5_OP_ARM_EQ);
    assert_int_equal(mbox_word(&f, SIOV_MLX5_CMD_EQN), 4);
    assert_int_equal(mbox_word(&f, SIOV_MLX5_CMD_ADDR_LO), 0);
    assert_int_equal(mbox_word(&f, SIOV_MLX5_CMD_PASID), 0x105);
    assert_int_equal(mbox_word(&f, SIOV_MLX5_CMD_FLAGS), SIOV_MLX5_CMD_FLAG_PASID_EN);
    assert_int_equal(mbox_word(&f, SIOV_MLX5_CMD_TOKEN), 0x77);
    assert_int_equal(f.checked_tag, SIOV_MLX5_OP_ARM_EQ);
    assert_int_equal(f.checked_word, siov_mlx5_sts_make(SIOV_MLX5_STS_OK, 0x77));
    fx_fini(&f);
}

/* A move: MODIFY_EQ carries the new pair and keeps the arm state (no ARM);
 * a mask is DISARM_EQ. */
static void test_mlx5_modify_then_disarm(void **state)
{
    struct fx f;
    struct seq *s;
    struct drv_update how = { .exists = true, .after = DRV_AFTER_RESTORE };
    struct msi_msg m2 = { 0xfee02000u, 0, 0x42 };

    (void)state;
    fx_init(&f, false);
    mlx5_init(&f, false, SIOV_MLX5_CHAN_ADI(0));
    f.drv.cmdq_set = true;
    s = seq_new(&f.port);
    drv_update(&f.drv, s, 4, &m2, &how);
    assert_int_equal(seq_len(s), 12);
    assert_int_equal(run(&f, s), 0);
    assert_int_equal(f.nrec, 2);
    assert_int_equal(mbox_word(&f, SIOV_MLX5_CMD_OPCODE), SIOV_MLX5_OP_MODIFY_EQ);
    assert_int_equal(mbox_word(&f, SIOV_MLX5_CMD_ADDR_LO), 0xfee02000u);
    assert_int_equal(mbox_word(&f, SIOV_MLX5_CMD_DATA), 0x42);
    s = seq_new(&f.port);
    drv_mask(&f.drv, s, 4, true);
    f.ndone = 0;
    assert_int_equal(run(&f, s), 0);
    assert_int_equal(mbox_word(&f, SIOV_MLX5_CMD_OPCODE), SIOV_MLX5_OP_DISARM_EQ);
    fx_fini(&f);
}

/* The host's driver on channel 0 (BAR0 0x1000) writes CMDQ_ADDR before every
 * command and arms after a MODIFY_EQ as well (ENABLE). */
static void test_mlx5_host_cmdq_per_command(void **state)
{
    struct fx f;
    struct seq *s;
    struct drv_update how = { .exists = true, .after = DRV_AFTER_ENABLE };

    (void)state;
    fx_init(&f, false);
    mlx5_init(&f, true, SIOV_MLX5_CHAN_FN);
    s = seq_new(&f.port);
    drv_update(&f.drv, s, 0, &pair, &how);
    assert_int_equal(run(&f, s), 0);
    assert_int_equal(f.nrec, 8);
    expect(&f, 0, 'W', DRV_BAR0, 0x1000, 0x56789040u);
    expect(&f, 2, 'W', DRV_BAR0, 0x1008, 1);
    expect(&f, 4, 'W', DRV_BAR0, 0x1000, 0x56789040u);
    expect(&f, 5, 'W', DRV_BAR0, 0x1004, 0x1234);
    assert_int_equal(mbox_word(&f, SIOV_MLX5_CMD_OPCODE), SIOV_MLX5_OP_ARM_EQ);
    fx_fini(&f);
}

/* The poll reads until the channel is not busy; a command the device
 * refuses ends the list with -EIO (the list still runs to its end). */
static void test_mlx5_poll_and_failure(void **state)
{
    struct fx f;
    struct seq *s;

    (void)state;
    fx_init(&f, false);
    mlx5_init(&f, false, SIOV_MLX5_CHAN_ADI(1));
    f.busy_reads = 2;
    f.cmd_code = SIOV_MLX5_STS_NO_EQ;
    s = seq_new(&f.port);
    drv_mask(&f.drv, s, 9, false);
    assert_int_equal(run(&f, s), -EIO);
    assert_int_equal(f.nrec, 6);
    expect(&f, 3, 'R', DRV_BAR0, 0x300c, SIOV_MLX5_CHAN_STATUS_BUSY);
    expect(&f, 4, 'R', DRV_BAR0, 0x300c, SIOV_MLX5_CHAN_STATUS_BUSY);
    expect(&f, 5, 'R', DRV_BAR0, 0x300c, 0);
    assert_int_equal(f.checked_word, siov_mlx5_sts_make(SIOV_MLX5_STS_NO_EQ, 0x77));
    fx_fini(&f);
}

/* ---- the sequencer -------------------------------------------------------- */

static void on_done_a(void *ctx, int status)
{
    struct fx *f = ctx;

    assert_int_equal(status, 0);
    /* list B has not issued anything yet: A's accesses are all there */
    assert_int_equal(f->nrec, 2);
    f->ndone++;
}

/* Lists on one port run one after the other; with fresh_event each starts
 * from an event of its own, so nothing runs inside seq_submit(). */
static void test_seq_queue_fresh_event(void **state)
{
    struct fx f;
    struct seq *a, *b;

    (void)state;
    fx_init(&f, true);
    f.deferred = true;
    a = seq_new(&f.port);
    b = seq_new(&f.port);
    seq_w32(a, DRV_BAR0, 0x10, 1);
    seq_w32(a, DRV_BAR0, 0x14, 2);
    seq_w32(b, DRV_BAR0, 0x20, 3);
    seq_submit(a, on_done_a, &f);
    seq_submit(b, on_done, &f);
    assert_int_equal(f.nrec, 0);
    assert_int_equal(sim_run(f.sim, SIM_FOREVER), SIM_RUN_DONE);
    assert_int_equal(f.ndone, 2);
    assert_int_equal(f.nrec, 3);
    assert_int_equal(f.rec[0].at, 100);
    assert_int_equal(f.rec[1].at, 200);
    expect(&f, 2, 'W', DRV_BAR0, 0x20, 3);
    assert_int_equal(f.rec[2].at, 300);
    fx_fini(&f);
}

/* Without fresh_event the first access is issued within seq_submit(). */
static void test_seq_starts_in_submit(void **state)
{
    struct fx f;
    struct seq *a;
    uint32_t w = 0;

    (void)state;
    fx_init(&f, false);
    f.deferred = true;
    a = seq_new(&f.port);
    seq_memw32(a, MEM_BASE - XLATE, 0xabcd);
    seq_w32(a, DRV_MSIX, 0x4, 5);
    seq_submit(a, on_done, &f);
    assert_int_equal(f.nrec, 1);
    /* the memory write was immediate, at the translated address */
    assert_int_equal(mem_read32(&f.mem, MEM_BASE, &w), 0);
    assert_int_equal(w, 0xabcd);
    assert_int_equal(sim_run(f.sim, SIM_FOREVER), SIM_RUN_DONE);
    assert_int_equal(f.ndone, 1);
    assert_int_equal(f.done_status, 0);
    fx_fini(&f);
}

/* seq_call_later runs from a fresh event at now + delay with its status. */
static void test_seq_call_later(void **state)
{
    struct fx f;

    (void)state;
    fx_init(&f, false);
    seq_call_later(&f.pool, 250, on_done, &f, -EIO);
    assert_int_equal(f.ndone, 0);
    assert_int_equal(sim_run(f.sim, SIM_FOREVER), SIM_RUN_DONE);
    assert_int_equal(f.ndone, 1);
    assert_int_equal(f.done_status, -EIO);
    assert_int_equal(sim_now(f.sim), 250);
    fx_fini(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_idxd_guest_update),
        cmocka_unit_test(test_idxd_update_masked),
        cmocka_unit_test(test_idxd_host_update_and_mask),
        cmocka_unit_test(test_idxd_passthrough_ctrl),
        cmocka_unit_test(test_msix_guest_update_and_mask),
        cmocka_unit_test(test_msix_restore_vs_enable),
        cmocka_unit_test(test_mlx5_guest_create_arm),
        cmocka_unit_test(test_mlx5_modify_then_disarm),
        cmocka_unit_test(test_mlx5_host_cmdq_per_command),
        cmocka_unit_test(test_mlx5_poll_and_failure),
        cmocka_unit_test(test_seq_queue_fresh_event),
        cmocka_unit_test(test_seq_starts_in_submit),
        cmocka_unit_test(test_seq_call_later),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
