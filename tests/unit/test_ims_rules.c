/* SPDX-License-Identifier: MIT */
/*
 * test_ims_rules.c - the IMS conformance rules (harness/ims_rules.c) on a
 * small test-only design: a correct one under every update mode passes every
 * rule, and each deliberately broken one fails the rule named for its
 * defect (docs/rules.md, "IMS conformance rules").  hostmem designs (the
 * command block) are checked on the behavioral model of layouts/mlx5.yaml
 * and on the test design's own command block (a torn SET_PAIR, a command
 * that never ends, a READ that always errs).
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
#include <unistd.h>

#include "harness/ims_lockstep.h"
#include "harness/ims_rules.h"
#include "harness/layout.h"
#include "harness/vendor.h"
#include "results/rule_ids.h"
#include "models/siov/ims_behav.h"

/* ---- a test-only design ----------------------------------------------------
 *
 * Register-backed: every entry field lives in regs[], at the place the
 * layout says, so a layout whose entries overlap aliases just as hardware
 * would.  The pair a fire uses is the registers (update per-dword) or a
 * committed copy (on-data, on-unmask, on-commit).  A message leaves LAT
 * cycles after the fire, at most one per cycle.  Defects the layout cannot
 * express are flags.  A hostmem layout gets the command block of
 * ims_layout.h in front of the same entries (contexts in regs[]), each
 * command executing cmd_latency cycles after its doorbell.
 */

#define LAT 3
#define MAXQ 8192

struct tdefect {
    bool mask_leak;     /* a masked fire emits at once (and still sets pending) */
    bool alias_index;   /* an out-of-range index is taken modulo the entry count */
    bool starve_last;   /* the last entry's messages wait while any other is queued */
    bool len8;          /* messages are two DWORDs */
    bool fail_io;       /* reg_read fails with -EIO */
    uint32_t extra_lat; /* not a defect: a slower design */
    /* hostmem only */
    bool split_pair;    /* SET_PAIR/WRITE apply the address, the data one cycle later */
    bool stuck_busy;    /* a command never ends */
    bool read_error;    /* READ always ends with STATUS.error */
    bool reset_noop;    /* reset clears nothing (power-up state: masked, zero) */
    bool release_next;  /* an unmask releases entry e + 1's message, not e's */
    bool trunc_addr;    /* messages carry address bits 31:0 only */
    /* not defects: what a correct design may do where software never goes */
    bool dword_only;    /* addr_lo bits 1:0 are not stored (read 0) */
    bool unmasked_pair_ignored; /* pair writes to an unmasked entry are dropped */
    bool drop_stalled;  /* while msg_ready is low, a due message is dropped */
    bool fmask_drops;   /* clearing the Function Mask drops what it held pending */
};

struct tmsg {
    struct ims_dut_msg m;
    uint64_t due;
};

struct tdut {
    struct ims_layout l;
    struct tdefect d;
    uint32_t *regs;
    size_t nregs;
    uint64_t *live_addr;
    uint32_t *live_data;
    bool *pending;
    uint64_t cycle, last_emit;
    bool stalled;               /* msg_ready low */
    bool fmask;                 /* the Function Mask input */
    struct tmsg q[MAXQ];        /* in flight */
    size_t nq;
    struct ims_dut_msg out[MAXQ];
    size_t nout, outhead;
    /* hostmem command block */
    uint32_t blk[IMS_CMD_BLOCK_SIZE / 4];
    bool busy;
    uint32_t op, status;
    uint64_t due;
    bool split_due;     /* split_pair: the data of split_e goes live next cycle */
    uint32_t split_e;
};

static uint32_t fm(const struct ims_field *f)
{
    return f->width >= 32 ? UINT32_MAX : (UINT32_C(1) << f->width) - 1;
}

static uint32_t getf(const struct tdut *t, uint32_t e, enum ims_field_id f)
{
    const struct ims_field *fd = &t->l.field[f];
    uint32_t off = t->l.base + e * t->l.stride + fd->offset;

    if (!fd->present)
        return 0;
    return (t->regs[off / 4] >> fd->lsb) & fm(fd);
}

static void setf(struct tdut *t, uint32_t e, enum ims_field_id f, uint32_t v)
{
    const struct ims_field *fd = &t->l.field[f];
    uint32_t off = t->l.base + e * t->l.stride + fd->offset;

    if (fd->present)
        t->regs[off / 4] = (t->regs[off / 4] & ~(fm(fd) << fd->lsb)) |
                           ((v & fm(fd)) << fd->lsb);
}

static uint64_t reg_pair_addr(const struct tdut *t, uint32_t e)
{
    return (uint64_t)getf(t, e, IMS_F_ADDR_HI) << 32 | getf(t, e, IMS_F_ADDR_LO);
}

static void commit(struct tdut *t, uint32_t e)
{
    t->live_addr[e] = reg_pair_addr(t, e);
    t->live_data[e] = getf(t, e, IMS_F_DATA);
}

static bool masked(const struct tdut *t, uint32_t e)
{
    return t->l.field[IMS_F_MASK].present && getf(t, e, IMS_F_MASK);
}

static void enqueue(struct tdut *t, uint32_t e)
{
    struct tmsg *m;

    assert_true(t->nq < MAXQ);
    m = &t->q[t->nq++];
    m->due = t->cycle + LAT + t->d.extra_lat;
    m->m.index = e;
    m->m.len = t->d.len8 ? 8 : 4;
    if (t->l.update == IMS_UPDATE_PER_DWORD) {
        m->m.addr = reg_pair_addr(t, e);
        m->m.data = getf(t, e, IMS_F_DATA);
    } else {
        m->m.addr = t->live_addr[e];
        m->m.data = t->live_data[e];
    }
    if (t->d.trunc_addr)
        m->m.addr &= UINT32_MAX;
}

/* Another entry than the last has a message queued. */
static bool others_queued(const struct tdut *t)
{
    for (size_t i = 0; i < t->nq; i++)
        if (t->q[i].m.index != t->l.entries - 1)
            return true;
    return false;
}

static bool hostmem(const struct tdut *t)
{
    return t->l.storage == IMS_STORAGE_HOSTMEM;
}

static void hm_execute(struct tdut *t)
{
    uint32_t e = t->blk[IMS_CMD_INDEX / 4], ctrl = t->blk[IMS_CMD_CTRL / 4];
    bool pair = t->op == IMS_CMD_OP_WRITE || t->op == IMS_CMD_OP_SET_PAIR;
    bool ctl = t->op == IMS_CMD_OP_WRITE || t->op == IMS_CMD_OP_SET_CTRL;
    bool was;

    t->busy = false;
    t->status &= IMS_CMD_STS_OVERRUN;
    if (e >= t->l.entries || t->op < IMS_CMD_OP_WRITE || t->op > IMS_CMD_OP_READ ||
        (t->op == IMS_CMD_OP_READ && t->d.read_error)) {
        t->status |= IMS_CMD_STS_ERROR;
        return;
    }
    if (t->op == IMS_CMD_OP_READ) {
        t->blk[IMS_CMD_ADDR_LO / 4] = getf(t, e, IMS_F_ADDR_LO);
        t->blk[IMS_CMD_ADDR_HI / 4] = getf(t, e, IMS_F_ADDR_HI);
        t->blk[IMS_CMD_DATA / 4] = getf(t, e, IMS_F_DATA);
        t->blk[IMS_CMD_CTRL / 4] = (getf(t, e, IMS_F_MASK) ? IMS_CMD_CTRL_MASK : 0) |
                                   (getf(t, e, IMS_F_PASID_EN) ? IMS_CMD_CTRL_PASID_EN : 0) |
                                   getf(t, e, IMS_F_PASID) << IMS_CMD_CTRL_PASID_SHIFT;
        if (t->pending[e])
            t->status |= IMS_CMD_STS_PENDING;
        return;
    }
    was = masked(t, e);
    if (pair) {
        setf(t, e, IMS_F_ADDR_LO, t->blk[IMS_CMD_ADDR_LO / 4]);
        setf(t, e, IMS_F_ADDR_HI, t->blk[IMS_CMD_ADDR_HI / 4]);
        setf(t, e, IMS_F_DATA, t->blk[IMS_CMD_DATA / 4]);
        if (t->d.split_pair) {
            t->live_addr[e] = reg_pair_addr(t, e);
            t->split_due = true;
            t->split_e = e;
        } else {
            commit(t, e);
        }
    }
    if (ctl) {
        setf(t, e, IMS_F_MASK, ctrl & IMS_CMD_CTRL_MASK ? 1 : 0);
        setf(t, e, IMS_F_PASID_EN, ctrl & IMS_CMD_CTRL_PASID_EN ? 1 : 0);
        setf(t, e, IMS_F_PASID, ctrl >> IMS_CMD_CTRL_PASID_SHIFT);
    }
    if (was && !masked(t, e) && t->pending[e]) {
        t->pending[e] = false;
        enqueue(t, e);
    }
}

static void hm_write(struct tdut *t, uint32_t off, uint32_t val)
{
    uint32_t r = off - t->l.base;

    if (off < t->l.base || r >= IMS_CMD_BLOCK_SIZE)
        return;
    switch (r) {
    case IMS_CMD_DOORBELL:
        if (t->busy) {
            t->status |= IMS_CMD_STS_OVERRUN;
            return;
        }
        t->status &= ~IMS_CMD_STS_OVERRUN;
        t->busy = true;
        t->op = val;
        t->due = t->cycle + t->l.cmd_latency;
        return;
    case IMS_CMD_STATUS:
    case IMS_CMD_LATENCY:
        return;
    case IMS_CMD_CTRL:
        t->blk[r / 4] = val & IMS_CMD_CTRL_WRITABLE;
        return;
    default:
        t->blk[r / 4] = val;
    }
}

static uint32_t hm_read(const struct tdut *t, uint32_t off)
{
    uint32_t r = off - t->l.base;

    if (off < t->l.base || r >= IMS_CMD_BLOCK_SIZE)
        return 0;
    switch (r) {
    case IMS_CMD_DOORBELL: return 0;
    case IMS_CMD_STATUS: return t->status | (t->busy ? IMS_CMD_STS_BUSY : 0);
    case IMS_CMD_LATENCY: return t->l.cmd_latency;
    default: return t->blk[r / 4];
    }
}

static void tick(struct tdut *t)
{
    size_t pick = SIZE_MAX;

    t->cycle++;
    if (t->split_due) {
        t->live_data[t->split_e] = getf(t, t->split_e, IMS_F_DATA);
        t->split_due = false;
    }
    if (t->busy && !t->d.stuck_busy && t->cycle >= t->due)
        hm_execute(t);
    for (size_t i = 0; i < t->nq; i++) {
        if (t->q[i].due > t->cycle)
            continue;
        if (t->d.starve_last && t->q[i].m.index == t->l.entries - 1 &&
            others_queued(t))
            continue;
        pick = i;
        break;
    }
    if (pick == SIZE_MAX)
        return;
    if (t->stalled && !t->d.drop_stalled)
        return;
    if (t->stalled) {           /* the defect: gone without being taken */
        memmove(&t->q[pick], &t->q[pick + 1], (t->nq - pick - 1) * sizeof(t->q[0]));
        t->nq--;
        return;
    }
    assert_true(t->nout < MAXQ);
    t->out[t->nout] = t->q[pick].m;
    t->out[t->nout++].cycle = t->cycle;
    t->last_emit = t->cycle;
    memmove(&t->q[pick], &t->q[pick + 1], (t->nq - pick - 1) * sizeof(t->q[0]));
    t->nq--;
}

static uint32_t t_entries(const void *s)
{
    return ((const struct tdut *)s)->l.entries;
}

static int t_reset(void *s)
{
    struct tdut *t = s;

    tick(t);
    if (t->d.reset_noop)
        return 0;
    memset(t->regs, 0, t->nregs * sizeof(*t->regs));
    for (uint32_t e = 0; e < t->l.entries; e++) {
        t->live_addr[e] = 0;
        t->live_data[e] = 0;
        t->pending[e] = false;
    }
    for (uint32_t e = 0; e < t->l.entries && t->l.reset_masked; e++)
        setf(t, e, IMS_F_MASK, UINT32_MAX);
    t->nq = 0;
    t->fmask = false;
    memset(t->blk, 0, sizeof(t->blk));
    t->busy = t->split_due = false;
    t->status = 0;
    return 0;
}

static bool in_field(const struct tdut *t, uint32_t off, enum ims_field_id f, uint32_t *e)
{
    const struct ims_field *fd = &t->l.field[f];
    uint32_t rel;

    if (!fd->present || off < t->l.base + fd->offset)
        return false;
    rel = off - t->l.base - fd->offset;
    if (rel % t->l.stride || rel / t->l.stride >= t->l.entries)
        return false;
    *e = rel / t->l.stride;
    return true;
}

static int t_reg_write(void *s, uint32_t off, uint32_t val)
{
    struct tdut *t = s;
    bool was[IMS_F__COUNT] = { 0 };
    uint32_t e, mask_e = 0;

    tick(t);
    if (hostmem(t)) {
        hm_write(t, off, val);
        return 0;
    }
    if (off / 4 >= t->nregs)
        return 0;
    if (t->d.unmasked_pair_ignored &&
        ((in_field(t, off, IMS_F_ADDR_LO, &e) || in_field(t, off, IMS_F_ADDR_HI, &e) ||
          in_field(t, off, IMS_F_DATA, &e)) && !masked(t, e)))
        return 0;
    if (t->d.dword_only && in_field(t, off, IMS_F_ADDR_LO, &e))
        val &= ~UINT32_C(3);
    if (in_field(t, off, IMS_F_MASK, &mask_e))
        was[IMS_F_MASK] = masked(t, mask_e);
    t->regs[off / 4] = val;
    if (t->l.update == IMS_UPDATE_ON_DATA && in_field(t, off, IMS_F_DATA, &e))
        commit(t, e);
    if (t->l.update == IMS_UPDATE_ON_COMMIT && in_field(t, off, IMS_F_COMMIT, &e) &&
        getf(t, e, IMS_F_COMMIT)) {
        commit(t, e);
        setf(t, e, IMS_F_COMMIT, 0);
    }
    if (in_field(t, off, IMS_F_MASK, &e) && was[IMS_F_MASK] && !masked(t, e) && !t->fmask) {
        if (t->l.update == IMS_UPDATE_ON_UNMASK)
            commit(t, e);
        if (t->pending[e]) {
            t->pending[e] = false;
            enqueue(t, t->d.release_next ? (e + 1) % t->l.entries : e);
        }
    }
    return 0;
}

static int t_reg_read(void *s, uint32_t off, uint32_t *val)
{
    struct tdut *t = s;

    tick(t);
    if (t->d.fail_io)
        return -EIO;
    if (hostmem(t))
        *val = hm_read(t, off);
    else
        *val = off / 4 < t->nregs ? t->regs[off / 4] : 0;
    return 0;
}

static int t_fire(void *s, uint32_t index, uint32_t pasid, bool valid, uint32_t max_wait)
{
    struct tdut *t = s;
    uint32_t e = index;

    (void)max_wait;
    tick(t);
    if (e >= t->l.entries) {
        if (!t->d.alias_index)
            return IMS_DUT_FIRE_REFUSED;
        e %= t->l.entries;
    }
    if (t->l.pasid_check && getf(t, e, IMS_F_PASID_EN) &&
        (!valid || pasid != getf(t, e, IMS_F_PASID)))
        return IMS_DUT_FIRE_REFUSED;
    if (masked(t, e) || t->fmask) {
        if (t->l.pending_on_mask)
            t->pending[e] = true;
        if (t->d.mask_leak)
            enqueue(t, e);
        return IMS_DUT_FIRE_ACCEPTED;
    }
    enqueue(t, e);
    return IMS_DUT_FIRE_ACCEPTED;
}

static int t_clock(void *s, uint64_t n)
{
    while (n--)
        tick(s);
    return 0;
}

static uint64_t t_cycle(const void *s)
{
    return ((const struct tdut *)s)->cycle;
}

static size_t t_collect(void *s, struct ims_dut_msg *out, size_t max)
{
    struct tdut *t = s;
    size_t k = 0;

    while (k < max && t->outhead < t->nout)
        out[k++] = t->out[t->outhead++];
    if (t->outhead == t->nout)
        t->outhead = t->nout = 0;
    return k;
}

static int t_trace(void *s, const char *path)
{
    (void)s;
    (void)path;
    return -ENOTSUP;
}

static int t_set_fmask(void *s, bool fmask)
{
    struct tdut *t = s;
    bool was = t->fmask;

    t->fmask = fmask;
    for (uint32_t e = 0; was && !fmask && e < t->l.entries; e++)
        if (!masked(t, e) && t->pending[e]) {
            t->pending[e] = false;
            if (!t->d.fmask_drops)
                enqueue(t, e);
        }
    return 0;
}

static int t_set_ready(void *s, bool ready)
{
    ((struct tdut *)s)->stalled = !ready;
    return 0;
}

static void t_destroy(void *s)
{
    struct tdut *t = s;

    free(t->regs);
    free(t->live_addr);
    free(t->live_data);
    free(t->pending);
    free(t);
}

static const struct ims_dut_ops tdut_ops = {
    .name = "test",
    .entries = t_entries,
    .reset = t_reset,
    .reg_write = t_reg_write,
    .reg_read = t_reg_read,
    .fire = t_fire,
    .clock = t_clock,
    .cycle = t_cycle,
    .collect = t_collect,
    .trace = t_trace,
    .destroy = t_destroy,
    .set_ready = t_set_ready,
    .set_fmask = t_set_fmask,
};

static void tdut_create(const struct ims_layout *l, const struct tdefect *d,
                        struct ims_dut *out)
{
    struct tdut *t = calloc(1, sizeof(*t));

    assert_non_null(t);
    t->l = *l;
    if (d)
        t->d = *d;
    t->nregs = (l->base + (size_t)l->entries * l->stride + 64) / 4;
    t->regs = calloc(t->nregs, sizeof(*t->regs));
    t->live_addr = calloc(l->entries, sizeof(*t->live_addr));
    t->live_data = calloc(l->entries, sizeof(*t->live_data));
    t->pending = calloc(l->entries, sizeof(*t->pending));
    assert_true(t->regs && t->live_addr && t->live_data && t->pending);
    for (uint32_t e = 0; e < l->entries; e++)      /* power-up: masked */
        setf(t, e, IMS_F_MASK, UINT32_MAX);
    out->ops = &tdut_ops;
    out->state = t;
}

/* ---- layouts -------------------------------------------------------------- */

static struct ims_field fld(uint32_t off, uint8_t lsb, uint8_t width)
{
    return (struct ims_field){ .present = true, .offset = off, .lsb = lsb, .width = width };
}

/* IDXD-like: 16-byte slots {addr_lo, addr_hi, data, ctrl}, ctrl mask 0, PASID en 3, PASID 31:12. */
static struct ims_layout idxd_like(uint32_t entries)
{
    struct ims_layout l = {
        .name = "idxd-like", .storage = IMS_STORAGE_MMIO, .entries = entries,
        .base = 0x1000, .stride = 16, .reset_masked = true, .pending_on_mask = true,
        .update = IMS_UPDATE_PER_DWORD, .mask_for_update = true, .pasid_check = true,
    };

    l.field[IMS_F_ADDR_LO] = fld(0, 0, 32);
    l.field[IMS_F_ADDR_HI] = fld(4, 0, 32);
    l.field[IMS_F_DATA] = fld(8, 0, 32);
    l.field[IMS_F_MASK] = fld(12, 0, 1);
    l.field[IMS_F_PASID_EN] = fld(12, 3, 1);
    l.field[IMS_F_PASID] = fld(12, 12, 20);
    return l;
}

/* The hostmem layout of layouts/mlx5.yaml, with its cmd_latency. */
static struct ims_layout mlx5_like(uint32_t cmd_latency)
{
    struct ims_layout l = {
        .name = "mlx5-like", .storage = IMS_STORAGE_HOSTMEM, .entries = 64,
        .base = 0, .stride = 32, .reset_masked = true, .pending_on_mask = true,
        .update = IMS_UPDATE_ON_COMMIT, .mask_for_update = false, .pasid_check = true,
        .cmd_latency = cmd_latency,
    };

    l.field[IMS_F_ADDR_LO] = fld(0, 0, 32);
    l.field[IMS_F_ADDR_HI] = fld(4, 0, 32);
    l.field[IMS_F_DATA] = fld(8, 0, 32);
    l.field[IMS_F_MASK] = fld(12, 1, 1);
    l.field[IMS_F_PASID_EN] = fld(12, 3, 1);
    l.field[IMS_F_PASID] = fld(12, 12, 20);
    return l;
}

/* ---- running ------------------------------------------------------------- */

#define NRULES 16

struct verdicts {
    struct hx_ims_result r[NRULES];
    size_t n;
};

/* Every rule, each on a freshly constructed design from @open (as `imslab vendor`). */
static void run_fresh(int (*open)(const struct ims_layout *, const struct tdefect *,
                                  struct ims_dut *),
                      const struct ims_layout *l, const struct tdefect *d, uint64_t seed,
                      struct verdicts *v)
{
    const struct hx_ims_rule *rules = hx_ims_rules(&v->n);
    struct hx_ims_opts o = { .seed = seed };

    assert_int_equal(v->n, NRULES);
    for (size_t i = 0; i < v->n; i++) {
        struct ims_dut dut;

        assert_int_equal(open(l, d, &dut), 0);
        assert_int_equal(hx_ims_rule_run(&rules[i], &dut, l, &o, &v->r[i]), 0);
        dut.ops->destroy(dut.state);
    }
}

static int open_tdut(const struct ims_layout *l, const struct tdefect *d, struct ims_dut *out)
{
    tdut_create(l, d, out);
    return 0;
}

static int open_behav(const struct ims_layout *l, const struct tdefect *d, struct ims_dut *out)
{
    (void)d;
    return ims_behav_create(l, out);
}

static void run_all(const struct ims_layout *l, const struct tdefect *d, uint64_t seed,
                    struct verdicts *v)
{
    run_fresh(open_tdut, l, d, seed, v);
}

/* Every rule on the behavioral model of @l. */
static void run_behav(const struct ims_layout *l, uint64_t seed, struct verdicts *v)
{
    run_fresh(open_behav, l, NULL, seed, v);
}

static enum hx_ims_verdict verdict_of(const struct verdicts *v, const char *id)
{
    size_t n;
    const struct hx_ims_rule *rules = hx_ims_rules(&n);

    for (size_t i = 0; i < n; i++)
        if (!strcmp(rules[i].id, id))
            return v->r[i].verdict;
    fail_msg("no rule %s", id);
    return HX_IMS_FAIL;
}

static const struct hx_ims_result *result_of(const struct verdicts *v, const char *id)
{
    size_t n;
    const struct hx_ims_rule *rules = hx_ims_rules(&n);

    for (size_t i = 0; i < n; i++)
        if (!strcmp(rules[i].id, id))
            return &v->r[i];
    fail_msg("no rule %s", id);
    return NULL;
}

/* Exactly the rules in @failing (NULL-terminated) fail; every other passes. */
/*
 * ... where "~ID" in @failing names a rule that must be skipped instead, and
 * "+ID" one that must pass; IMS-R-PBA-01, IMS-R-STRB-01 and IMS-R-TLP-01
 * are expected skipped unless named (the test layouts declare no PBA, no
 * partial_writes, and the plain message form).
 */
static void assert_only_fail(const struct verdicts *v, const char *const *failing)
{
    size_t n;
    const struct hx_ims_rule *rules = hx_ims_rules(&n);

    for (size_t i = 0; i < n; i++) {
        /* the PBA, byte enables and TLPs: only where the descriptor declares them */
        enum hx_ims_verdict want = strcmp(rules[i].id, "IMS-R-PBA-01") &&
                                   strcmp(rules[i].id, "IMS-R-STRB-01") &&
                                   strcmp(rules[i].id, "IMS-R-TLP-01") ? HX_IMS_PASS
                                                                       : HX_IMS_SKIP;

        for (const char *const *f = failing; *f; f++) {
            if (**f == '+' && !strcmp(*f + 1, rules[i].id))
                want = HX_IMS_PASS;
            if (!strcmp(*f, rules[i].id))
                want = HX_IMS_FAIL;
            if (**f == '~' && !strcmp(*f + 1, rules[i].id))
                want = HX_IMS_SKIP;
        }
        if (want != v->r[i].verdict)
            fail_msg("%s: %s (want %s): entry %u cycle %llu: %s (expected %s)",
                     rules[i].id, hx_ims_verdict_name(v->r[i].verdict),
                     hx_ims_verdict_name(want), (unsigned)v->r[i].entry,
                     (unsigned long long)v->r[i].cycle, v->r[i].observed,
                     v->r[i].expected);
    }
}

/* ---- tests ----------------------------------------------------------------- */

static void test_rule_list(void **state)
{
    static const char *const ids[NRULES] = {
        "IMS-R-FIELDS-01", "IMS-R-RESET-01", "IMS-R-MASK-01", "IMS-R-PEND-01",
        "IMS-R-PEND-02", "IMS-R-PBA-01", "IMS-R-FMASK-01", "IMS-R-STRB-01", "IMS-R-TORN-01",
        "IMS-R-PASID-01",
        "IMS-R-RANGE-01",
        "IMS-R-FAIR-01", "IMS-R-REACH-01", "IMS-R-READY-01", "IMS-R-MSG-01", "IMS-R-TLP-01",
    };
    size_t n;
    const struct hx_ims_rule *r = hx_ims_rules(&n);

    (void)state;
    assert_int_equal(n, NRULES);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(r[i].id, ids[i]);
        assert_non_null(hx_rule_find(ids[i]));
        assert_true(strlen(hx_rule_find(ids[i])->statement) > 20);
        assert_ptr_equal(hx_ims_rule_find(ids[i]), &r[i]);
    }
    assert_null(hx_ims_rule_find("IMS-R-NOPE-01"));
    assert_null(hx_ims_rule_find(NULL));
}

static const char *const none[] = { NULL };
static const char *const skip_pasid[] = { "~IMS-R-PASID-01", "~IMS-R-PBA-01", NULL };

/* A correct design passes every rule under every update mode. */
static void test_correct_every_mode(void **state)
{
    static const enum ims_update modes[] = {
        IMS_UPDATE_PER_DWORD, IMS_UPDATE_ON_DATA, IMS_UPDATE_ON_UNMASK, IMS_UPDATE_ON_COMMIT,
    };
    struct verdicts v;

    (void)state;
    for (size_t m = 0; m < sizeof(modes) / sizeof(modes[0]); m++) {
        struct ims_layout l = idxd_like(32);

        l.update = modes[m];
        if (l.update == IMS_UPDATE_ON_COMMIT)
            l.field[IMS_F_COMMIT] = fld(12, 1, 1);
        /* on-data and on-commit pairs need no mask around an update */
        l.mask_for_update = l.update == IMS_UPDATE_PER_DWORD ||
                            l.update == IMS_UPDATE_ON_UNMASK;
        run_all(&l, NULL, 1, &v);
        assert_only_fail(&v, none);
    }
}

/* A one-entry table and a 32-bit-address table without PASID fields. */
static void test_correct_small_and_plain(void **state)
{
    static const char *const one[] = { "~IMS-R-PEND-02", NULL };
    struct ims_layout l = idxd_like(1);
    struct verdicts v;

    (void)state;
    run_all(&l, NULL, 7, &v);
    assert_only_fail(&v, one);
    assert_string_equal(result_of(&v, "IMS-R-PEND-02")->observed, "the table has one entry");

    l = idxd_like(5);
    l.field[IMS_F_ADDR_HI].present = false;
    l.field[IMS_F_PASID].present = false;
    l.field[IMS_F_PASID_EN].present = false;
    l.update = IMS_UPDATE_ON_DATA;
    l.mask_for_update = false;
    run_all(&l, NULL, 7, &v);
    assert_int_equal(verdict_of(&v, "IMS-R-PASID-01"), HX_IMS_SKIP);
    assert_non_null(strstr(result_of(&v, "IMS-R-PASID-01")->observed, "no PASID"));
    assert_only_fail(&v, skip_pasid);
}

/* Entries overlap (stride 8 < the 16-byte slot): writes land in the next entry. */
static void test_defect_overlap_fields(void **state)
{
    /* PEND-02, REACH-01, READY-01 and FMASK-01 keep several entries live at
     * once: the overlap shows there too */
    static const char *const want[] = { "IMS-R-FIELDS-01", "IMS-R-PEND-02", "IMS-R-REACH-01",
                                        "IMS-R-READY-01", "IMS-R-FMASK-01", NULL };
    struct ims_layout l = idxd_like(16);
    struct verdicts v;
    const struct hx_ims_result *r;

    (void)state;
    l.stride = 8;
    run_all(&l, NULL, 1, &v);
    assert_only_fail(&v, want);
    r = result_of(&v, "IMS-R-FIELDS-01");
    /*
     * Entry 0's ctrl register (0x100c) is entry 1's addr_hi: writing entry
     * 1's pair rewrote entry 0's PASID.
     */
    assert_int_equal(r->entry, 0);
    assert_int_equal(r->checkpoint, 1);
    assert_true(!strncmp(r->observed, "pasid at 0x100c[31:12] reads 0x", 31));
}

static void test_defect_reset_unmasked(void **state)
{
    static const char *const want[] = { "IMS-R-RESET-01", NULL };
    struct ims_layout l = idxd_like(32);
    struct verdicts v;
    const struct hx_ims_result *r;

    (void)state;
    l.reset_masked = false;
    run_all(&l, NULL, 1, &v);
    assert_only_fail(&v, want);
    r = result_of(&v, "IMS-R-RESET-01");
    /* the design matches its descriptor (checkpoints 1-4 pass); the declared
     * unmasked reset is the defect, shown by entry 0's reset pair */
    assert_int_equal(r->checkpoint, 5);
    assert_int_equal(r->entry, 0);
    assert_int_equal(r->emitted, 0);
    assert_string_equal(r->kind, HX_IMS_KIND_LEAK);
    assert_true(r->has_pair);
    assert_int_equal(r->act_addr, 0);
    assert_int_equal(r->act_data, 0);
    assert_string_equal(r->observed, "descriptor declares reset_masked: false: entry 0 fired "
                        "after reset, before it was programmed, emitted addr 0x0 data 0x0");
}

static void test_defect_mask_leak(void **state)
{
    struct ims_layout l = idxd_like(32);
    struct tdefect d = { .mask_leak = true };
    struct verdicts v;
    const struct hx_ims_result *r;

    (void)state;
    run_all(&l, &d, 1, &v);
    r = result_of(&v, "IMS-R-MASK-01");
    assert_int_equal(r->verdict, HX_IMS_FAIL);
    assert_int_equal(r->checkpoint, 3);
    assert_int_equal(r->entry, 0);
    assert_non_null(strstr(r->observed, "masked entry emitted"));
}

static void test_defect_pending_lost(void **state)
{
    static const char *const want[] = { "IMS-R-PEND-01", "~IMS-R-PEND-02", "~IMS-R-FMASK-01",
                                        NULL };
    struct ims_layout l = idxd_like(32);
    struct verdicts v;
    const struct hx_ims_result *r;

    (void)state;
    l.pending_on_mask = false;
    run_all(&l, NULL, 1, &v);
    assert_only_fail(&v, want);
    r = result_of(&v, "IMS-R-PEND-01");
    assert_int_equal(r->checkpoint, 1);
    assert_int_equal(r->entry, 0);
    assert_non_null(strstr(r->observed, "pending lost"));
}

static void test_defect_torn(void **state)
{
    static const char *const want[] = { "IMS-R-TORN-01", NULL };
    struct ims_layout l = idxd_like(32);
    struct verdicts v;
    const struct hx_ims_result *r;

    (void)state;
    l.mask_for_update = false;      /* per-dword, live, no mask around updates */
    run_all(&l, NULL, 1, &v);
    assert_only_fail(&v, want);
    r = result_of(&v, "IMS-R-TORN-01");
    assert_int_equal(r->checkpoint, 1);
    assert_int_equal(r->entry, 0);
    assert_string_equal(r->kind, HX_IMS_KIND_TORN);
    assert_int_equal(r->emitted, 0);
    assert_true(r->has_pair);
    assert_non_null(strstr(r->observed, "torn pair: message from entry 0 "));
    assert_non_null(strstr(r->observed, "addr_lo,addr_hi,data"));
}

/* tests/data/defects/stale-on-unmask.yaml: an unmasked update never goes live. */
/*
 * A design whose unmask releases the next entry's message: PEND-01 names it
 * a message from another entry (not "pending lost"), with both entries and
 * the pairs, and the report line prints the emitted index.
 */
static void test_defect_other_entry(void **state)
{
    /* TORN-01, PEND-02 and REACH-01 release pending fires at unmasks too: they see it */
    static const char *const want[] = { "IMS-R-PEND-01", "IMS-R-PEND-02", "IMS-R-TORN-01",
                                        "IMS-R-REACH-01", NULL };
    struct ims_layout l = idxd_like(32);
    struct tdefect d = { .release_next = true };
    struct verdicts v;
    const struct hx_ims_result *r;

    (void)state;
    run_all(&l, &d, 1, &v);
    assert_only_fail(&v, want);
    r = result_of(&v, "IMS-R-PEND-01");
    assert_int_equal(r->checkpoint, 2);
    assert_int_equal(r->entry, 0);
    assert_int_equal(r->emitted, 1);
    assert_string_equal(r->kind, HX_IMS_KIND_OTHER_ENTRY);
    assert_true(r->has_pair);
    assert_int_equal(r->act_addr, 0);   /* entry 1 was never programmed */
    assert_int_equal(r->act_data, 0);
    assert_true(!strncmp(r->observed, "message from entry 1 (addr 0x0 data 0x0) on the unmask "
                         "of entry 0 was under test", 68));
    assert_null(strstr(r->observed, "pending lost"));
}

/* Upper address half dropped: "address truncated", in TORN-01 too, never "torn pair". */
static void test_defect_trunc_addr(void **state)
{
    const struct hx_ims_rule *torn = hx_ims_rule_find("IMS-R-TORN-01");
    const struct hx_ims_rule *msg = hx_ims_rule_find("IMS-R-MSG-01");
    struct ims_layout l = idxd_like(32);
    struct tdefect d = { .trunc_addr = true };
    struct hx_ims_opts o = { .seed = 1 };
    struct hx_ims_result r;
    struct ims_dut dut;

    (void)state;
    tdut_create(&l, &d, &dut);
    assert_int_equal(hx_ims_rule_run(torn, &dut, &l, &o, &r), 0);
    assert_int_equal(r.verdict, HX_IMS_FAIL);
    assert_string_equal(r.kind, HX_IMS_KIND_TRUNCATED);
    assert_int_equal(r.emitted, r.entry);
    assert_int_equal(r.act_addr, r.exp_addr & UINT32_MAX);
    assert_int_equal(hx_ims_rule_run(msg, &dut, &l, &o, &r), 0);
    assert_int_equal(r.verdict, HX_IMS_FAIL);
    assert_int_equal(r.checkpoint, 4);
    assert_string_equal(r.kind, HX_IMS_KIND_TRUNCATED);
    dut.ops->destroy(dut.state);
}

/* A release queue in front of the table: PEND-02 alone, "blocked behind" the masked entry. */
static void test_defect_pending_in_order(void **state)
{
    static const char *const want[] = { "IMS-R-PEND-02", NULL };
    struct ims_layout l = idxd_like(32);
    struct verdicts v;
    const struct hx_ims_result *r;

    (void)state;
    l.pending_release = IMS_RELEASE_IN_ORDER;
    run_behav(&l, 3, &v);
    assert_only_fail(&v, want);
    r = result_of(&v, "IMS-R-PEND-02");
    assert_int_equal(r->checkpoint, 1);
    assert_string_equal(r->kind, HX_IMS_KIND_BLOCKED);
    assert_non_null(strstr(r->observed, "(round one by one): blocked behind entry "));
}

/* A fixed-priority arbiter at 2 cycles a message: FAIR-01 alone, the top entry starved. */
static void test_defect_fixed_priority(void **state)
{
    static const char *const want[] = { "IMS-R-FAIR-01", NULL };
    struct ims_layout l = idxd_like(32);
    struct verdicts v;
    const struct hx_ims_result *r;

    (void)state;
    l.service_cycles = 2;
    run_behav(&l, 3, &v);           /* fair (oldest first) at the same rate: passes */
    assert_only_fail(&v, none);
    l.arbitration = IMS_ARB_FIXED_PRIORITY;
    run_behav(&l, 3, &v);
    assert_only_fail(&v, want);
    r = result_of(&v, "IMS-R-FAIR-01");
    assert_int_equal(r->checkpoint, 4);
    assert_int_equal(r->entry, 31);
    assert_non_null(strstr(r->observed, "(bound ENTRIES x service_cycles + B = 320): starved"));
}

/*
 * 8192 entries with the pending state aliased at 4096: REACH-01 checks a
 * sample above 4096 that always holds the boundary, so it fails on index
 * 4096 itself, the first index whose pending bit is another's.
 */
static void test_reach_large_table(void **state)
{
    const struct hx_ims_rule *reach = hx_ims_rule_find("IMS-R-REACH-01");
    const struct hx_ims_rule *multi = hx_ims_rule_find("IMS-R-PEND-02");
    struct ims_layout l = idxd_like(8192);
    struct hx_ims_opts o = { .seed = 5 };
    struct hx_ims_result r;
    struct ims_dut dut;

    (void)state;
    assert_int_equal(ims_behav_create(&l, &dut), 0);
    assert_int_equal(hx_ims_rule_run(reach, &dut, &l, &o, &r), 0);
    assert_int_equal(r.verdict, HX_IMS_PASS);
    dut.ops->destroy(dut.state);
    l.pending_slots = 4096;
    assert_int_equal(ims_behav_create(&l, &dut), 0);
    assert_int_equal(hx_ims_rule_run(multi, &dut, &l, &o, &r), 0);
    assert_int_equal(r.verdict, HX_IMS_PASS);
    assert_int_equal(hx_ims_rule_run(reach, &dut, &l, &o, &r), 0);
    assert_int_equal(r.verdict, HX_IMS_FAIL);
    assert_int_equal(r.checkpoint, 3);
    assert_int_equal(r.entry, 4096);
    assert_string_equal(r.kind, HX_IMS_KIND_LOST);
    dut.ops->destroy(dut.state);
}

/* Messages dropped while msg_ready is low: READY-01 alone, "lost under back-pressure". */
static void test_defect_drop_stalled(void **state)
{
    static const char *const want[] = { "IMS-R-READY-01", NULL };
    struct ims_layout l = idxd_like(32);
    struct tdefect d = { .drop_stalled = true };
    struct verdicts v;
    const struct hx_ims_result *r;

    (void)state;
    run_all(&l, &d, 1, &v);
    assert_only_fail(&v, want);
    r = result_of(&v, "IMS-R-READY-01");
    assert_int_equal(r->checkpoint, 4);
    assert_string_equal(r->kind, "lost under back-pressure");
    assert_non_null(strstr(r->observed, "(msg_ready random): lost"));
}

/* Clearing the Function Mask drops what it held: FMASK-01 alone, pending lost. */
static void test_defect_fmask_drops(void **state)
{
    static const char *const want[] = { "IMS-R-FMASK-01", NULL };
    struct ims_layout l = idxd_like(32);
    struct tdefect d = { .fmask_drops = true };
    struct verdicts v;
    const struct hx_ims_result *r;

    (void)state;
    run_all(&l, &d, 1, &v);
    assert_only_fail(&v, want);
    r = result_of(&v, "IMS-R-FMASK-01");
    assert_int_equal(r->checkpoint, 2);
    assert_string_equal(r->kind, HX_IMS_KIND_LOST);
    assert_non_null(strstr(r->observed, "of clearing the Function Mask: pending lost"));
}

static void test_defect_stale_on_unmask(void **state)
{
    static const char *const want[] = { "IMS-R-TORN-01", NULL };
    struct ims_layout l = idxd_like(32);
    struct verdicts v;
    const struct hx_ims_result *r;

    (void)state;
    l.update = IMS_UPDATE_ON_UNMASK;
    l.mask_for_update = false;
    run_all(&l, NULL, 1, &v);
    assert_only_fail(&v, want);
    r = result_of(&v, "IMS-R-TORN-01");
    assert_int_equal(r->checkpoint, 2);
    assert_non_null(strstr(r->observed, "after update addr_lo,addr_hi,data a fire emitted"));
}

/* ---- hostmem: the command block ------------------------------------------- */

/* layouts/mlx5.yaml (cmd_latency 10000) on the behavioral model passes every rule. */
static void test_hostmem_mlx5_passes(void **state)
{
    struct ims_layout l, built = mlx5_like(10000);
    struct verdicts v;
    char err[256];

    (void)state;
    assert_int_equal(hx_layout_load(IMSLAB_SOURCE_DIR "/layouts/mlx5.yaml", &l, err,
                                    sizeof(err)), 0);
    assert_int_equal(l.storage, IMS_STORAGE_HOSTMEM);
    assert_int_equal(l.cmd_latency, 10000);
    run_behav(&l, 1, &v);
    assert_only_fail(&v, none);
    run_behav(&l, 3, &v);
    assert_only_fail(&v, none);
    /* the descriptor and the struct built here describe the same design */
    run_behav(&built, 1, &v);
    assert_only_fail(&v, none);
    /* and the test design's own command block, short commands, no PASID fields */
    built = mlx5_like(40);
    run_all(&built, NULL, 1, &v);
    assert_only_fail(&v, none);
    built.field[IMS_F_PASID].present = false;
    built.field[IMS_F_PASID_EN].present = false;
    built.field[IMS_F_ADDR_HI].present = false;
    built.pasid_check = false;
    run_behav(&built, 1, &v);
    assert_int_equal(verdict_of(&v, "IMS-R-PASID-01"), HX_IMS_SKIP);
    assert_only_fail(&v, skip_pasid);
}

/* The rules' waits follow cmd_latency: commands of 1 and of 100000 cycles pass. */
static void test_hostmem_latency_extremes(void **state)
{
    struct ims_layout l = mlx5_like(1);
    struct verdicts v;

    (void)state;
    l.entries = 8;
    run_behav(&l, 2, &v);
    assert_only_fail(&v, none);
    l.cmd_latency = IMS_CMD_LATENCY_MAX;
    run_behav(&l, 2, &v);
    assert_only_fail(&v, none);
}

/* tests/data/defects/hostmem-pending-lost.yaml: READ shows no pending, unmask sends nothing. */
static void test_hostmem_pending_lost(void **state)
{
    static const char *const want[] = { "IMS-R-PEND-01", "~IMS-R-PEND-02", "~IMS-R-FMASK-01",
                                        NULL };
    struct ims_layout l = mlx5_like(10000);
    struct verdicts v;
    const struct hx_ims_result *r;

    (void)state;
    l.pending_on_mask = false;
    run_behav(&l, 1, &v);
    assert_only_fail(&v, want);
    r = result_of(&v, "IMS-R-PEND-01");
    assert_int_equal(r->checkpoint, 5);
    assert_int_equal(r->entry, 0);
    assert_non_null(strstr(r->observed, "pending lost"));
}

/* tests/data/defects/hostmem-pasid-unchecked.yaml */
static void test_hostmem_pasid_unchecked(void **state)
{
    static const char *const want[] = { "IMS-R-PASID-01", NULL };
    struct ims_layout l = mlx5_like(10000);
    struct verdicts v;
    const struct hx_ims_result *r;

    (void)state;
    l.pasid_check = false;
    run_behav(&l, 1, &v);
    assert_only_fail(&v, want);
    r = result_of(&v, "IMS-R-PASID-01");
    assert_int_equal(r->checkpoint, 1);
    assert_non_null(strstr(r->observed, "accepted"));
}

/* tests/data/defects/hostmem-reset-unmasked.yaml: READ after reset shows the mask clear. */
static void test_hostmem_reset_unmasked(void **state)
{
    static const char *const want[] = { "IMS-R-RESET-01", NULL };
    struct ims_layout l = mlx5_like(10000);
    struct verdicts v;
    const struct hx_ims_result *r;

    (void)state;
    l.reset_masked = false;
    run_behav(&l, 1, &v);
    assert_only_fail(&v, want);
    r = result_of(&v, "IMS-R-RESET-01");
    assert_int_equal(r->checkpoint, 5);
    assert_int_equal(r->entry, 0);
    assert_int_equal(r->emitted, 0);
}

/*
 * A table whose power-up contents are masked but whose reset clears
 * nothing: RESET-01 dirties the table itself before its reset, so it fails
 * on the first entry left unmasked (entry 0), whatever ran before.
 */
static void test_defect_reset_clears_nothing(void **state)
{
    static const char *const want[] = { "IMS-R-RESET-01", NULL };
    struct ims_layout l = idxd_like(32);
    struct tdefect d = { .reset_noop = true };
    struct verdicts v;
    const struct hx_ims_result *r;

    (void)state;
    run_all(&l, &d, 1, &v);
    assert_only_fail(&v, want);
    r = result_of(&v, "IMS-R-RESET-01");
    assert_int_equal(r->checkpoint, 1);
    assert_int_equal(r->entry, 0);
    assert_string_equal(r->observed, "mask field reads 0x0 after reset (entry unmasked "
                        "before it)");
}

/* A SET_PAIR that lands the address a cycle before the data: a fire in between is torn. */
static void test_hostmem_torn_set_pair(void **state)
{
    static const char *const want[] = { "IMS-R-TORN-01", NULL };
    struct ims_layout l = mlx5_like(40);
    struct tdefect d = { .split_pair = true };
    struct verdicts v;
    const struct hx_ims_result *r;

    (void)state;
    run_all(&l, &d, 1, &v);
    assert_only_fail(&v, want);
    r = result_of(&v, "IMS-R-TORN-01");
    assert_int_equal(r->checkpoint, 1);
    assert_int_equal(r->entry, 0);
    assert_string_equal(r->kind, HX_IMS_KIND_TORN);
    assert_int_equal(r->emitted, 0);
    assert_true(r->has_pair);
    assert_non_null(strstr(r->observed, "torn pair: message from entry 0 "));
    assert_non_null(strstr(r->observed, ",SET_PAIR"));
}

/* A command that never ends, or a READ that always errs, fails at checkpoint 0. */
static void test_hostmem_command_faults(void **state)
{
    struct ims_layout l = mlx5_like(40);
    struct tdefect stuck = { .stuck_busy = true }, err = { .read_error = true };
    struct hx_ims_result r;
    struct ims_dut dut;

    (void)state;
    l.entries = 4;
    tdut_create(&l, &stuck, &dut);
    assert_int_equal(hx_ims_rule_run(hx_ims_rule_find("IMS-R-MSG-01"), &dut, &l, NULL, &r), 0);
    assert_int_equal(r.verdict, HX_IMS_FAIL);
    assert_int_equal(r.checkpoint, 0);
    assert_int_equal(r.entry, 0);
    assert_non_null(strstr(r.observed, "command block: WRITE of entry 0 still busy"));
    /* the bound: 2 * cmd_latency + latency_bound after the doorbell */
    assert_string_equal(r.expected, "STATUS.busy clear within 336 cycles of the doorbell");
    dut.ops->destroy(dut.state);

    tdut_create(&l, &err, &dut);
    assert_int_equal(hx_ims_rule_run(hx_ims_rule_find("IMS-R-FIELDS-01"), &dut, &l, NULL, &r),
                     0);
    assert_int_equal(r.verdict, HX_IMS_FAIL);
    assert_int_equal(r.checkpoint, 0);
    assert_non_null(strstr(r.observed, "READ of entry 0 (of 4) ended with STATUS 0x2 (error)"));
    dut.ops->destroy(dut.state);
}

static void test_defect_pasid_unchecked(void **state)
{
    static const char *const want[] = { "IMS-R-PASID-01", NULL };
    struct ims_layout l = idxd_like(32);
    struct verdicts v;
    const struct hx_ims_result *r;

    (void)state;
    l.pasid_check = false;
    run_all(&l, NULL, 1, &v);
    assert_only_fail(&v, want);
    r = result_of(&v, "IMS-R-PASID-01");
    assert_int_equal(r->checkpoint, 1);
    assert_non_null(strstr(r->observed, "accepted"));
}

static void test_defect_alias_index(void **state)
{
    struct ims_layout l = idxd_like(32);
    struct tdefect d = { .alias_index = true };
    struct verdicts v;
    const struct hx_ims_result *r;

    (void)state;
    run_all(&l, &d, 1, &v);
    r = result_of(&v, "IMS-R-RANGE-01");
    assert_int_equal(r->verdict, HX_IMS_FAIL);
    assert_int_equal(r->checkpoint, 1);
    assert_int_equal(r->entry, 32);     /* the first index tried: the entry count */
    assert_string_equal(r->observed, "fire of index 32 (table has 32 entries) accepted");
}

static void test_defect_starve_last(void **state)
{
    static const char *const want[] = { "IMS-R-FAIR-01", NULL };
    struct ims_layout l = idxd_like(8);
    struct tdefect d = { .starve_last = true };
    struct verdicts v;
    const struct hx_ims_result *r;

    (void)state;
    run_all(&l, &d, 1, &v);
    assert_only_fail(&v, want);
    r = result_of(&v, "IMS-R-FAIR-01");
    assert_int_equal(r->checkpoint, 4);
    assert_int_equal(r->entry, 7);
    assert_non_null(strstr(r->observed, "starved"));
}

static void test_defect_len8(void **state)
{
    static const char *const want[] = { "IMS-R-MSG-01", NULL };
    struct ims_layout l = idxd_like(32);
    struct tdefect d = { .len8 = true };
    struct verdicts v;
    const struct hx_ims_result *r;

    (void)state;
    run_all(&l, &d, 1, &v);
    assert_only_fail(&v, want);
    r = result_of(&v, "IMS-R-MSG-01");
    assert_int_equal(r->checkpoint, 3);
    assert_string_equal(r->observed, "message length 8 bytes, not 4");
}

/* A seed fixes every choice: the same seed gives the same verdicts, entries, cycles. */
static void test_reproducible(void **state)
{
    struct ims_layout l = idxd_like(64);
    struct verdicts a, b;

    (void)state;
    l.mask_for_update = false;
    run_all(&l, NULL, 99, &a);
    run_all(&l, NULL, 99, &b);
    for (size_t i = 0; i < a.n; i++) {
        assert_int_equal(a.r[i].verdict, b.r[i].verdict);
        assert_int_equal(a.r[i].entry, b.r[i].entry);
        assert_int_equal(a.r[i].cycle, b.r[i].cycle);
        assert_string_equal(a.r[i].observed, b.r[i].observed);
    }
}

/* A design whose ops fail fails the rule with the error, and the error is returned. */
static void test_design_error_and_bad_args(void **state)
{
    struct ims_layout l = idxd_like(4), other = idxd_like(5);
    struct tdefect d = { .fail_io = true };
    struct hx_ims_result r;
    struct ims_dut dut;

    (void)state;
    tdut_create(&l, &d, &dut);
    assert_int_equal(hx_ims_rule_run(hx_ims_rule_find("IMS-R-FIELDS-01"), &dut, &l, NULL, &r),
                     -EIO);
    assert_int_equal(r.verdict, HX_IMS_FAIL);
    assert_string_equal(r.observed, "design error: Input/output error");
    assert_int_equal(hx_ims_rule_run(hx_ims_rule_find("IMS-R-MSG-01"), &dut, &other, NULL, &r),
                     -EINVAL);
    assert_int_equal(hx_ims_rule_run(NULL, &dut, &l, NULL, &r), -EINVAL);
    dut.ops->destroy(dut.state);
}

/* ---- lockstep ------------------------------------------------------------ */

/* What seed 5's 20000 operations on idxd_like(8) hold (test_lockstep_long_stalls). */
#define LS_STALLS      789
#define LS_LONG_STALLS 96

static void lockstep(const struct ims_layout *la, const struct tdefect *da,
                     const struct ims_layout *lb, const struct tdefect *db,
                     uint64_t ops, struct hx_lockstep_result *r)
{
    struct hx_lockstep_opts o = { .seed = 5, .ops = ops };
    struct ims_dut a, b;

    tdut_create(la, da, &a);
    tdut_create(lb, db, &b);
    assert_int_equal(hx_ims_lockstep(&a, &b, la, &o, r), 0);
    a.ops->destroy(a.state);
    b.ops->destroy(b.state);
}

/* Equal designs agree, even when one is slower: cycles are not compared. */
static void test_lockstep_agree(void **state)
{
    struct ims_layout l = idxd_like(8);
    struct tdefect slow = { .extra_lat = 5 };
    struct hx_lockstep_result r;

    (void)state;
    lockstep(&l, NULL, &l, NULL, 5000, &r);
    assert_false(r.diverged);
    assert_int_equal(r.ops_run, 5000);
    assert_true(r.msgs > 100);
    lockstep(&l, NULL, &l, &slow, 5000, &r);
    assert_false(r.diverged);
    assert_true(r.msgs > 100);
}

/*
 * The stimulus obeys the descriptor: addresses are DWORD aligned and, with
 * mask_for_update, no pair register of an unmasked entry is written.  A
 * design that relies on both (addr bits 1:0 not stored, unmasked pair
 * writes dropped) agrees with the behavioral model; with mask_for_update
 * off the same design diverges (the stimulus may then update live pairs).
 */
static void test_lockstep_obeys_descriptor(void **state)
{
    struct ims_layout l = idxd_like(8);
    struct tdefect relies = { .dword_only = true, .unmasked_pair_ignored = true };
    struct hx_lockstep_result r;
    struct ims_dut a, b;
    struct hx_lockstep_opts o = { .seed = 5, .ops = 20000 };

    (void)state;
    l.field[IMS_F_DATA].reserved = 0xF0000000;   /* declared reserved: never written 1 */
    assert_int_equal(ims_behav_create(&l, &a), 0);
    tdut_create(&l, &relies, &b);
    assert_int_equal(hx_ims_lockstep(&a, &b, &l, &o, &r), 0);
    if (r.diverged)
        fail_msg("op %llu: %s: %s / %s", (unsigned long long)r.op, r.what, r.a, r.b);
    assert_true(r.msgs > 100);
    a.ops->destroy(a.state);
    b.ops->destroy(b.state);
    l.mask_for_update = false;
    lockstep(&l, NULL, &l, &relies, 20000, &r);
    assert_true(r.diverged);
}

/*
 * Back-pressure in lockstep: short stalls between fires and, in place of
 * about one idle stretch in 32, a long one (B to 4 x B cycles); equal
 * designs agree through both, one that drops a message while msg_ready is
 * low diverges.
 */
static void test_lockstep_long_stalls(void **state)
{
    struct ims_layout l = idxd_like(8);
    struct tdefect drop = { .drop_stalled = true };
    struct hx_lockstep_result r;

    (void)state;
    lockstep(&l, NULL, &l, NULL, 20000, &r);
    assert_false(r.diverged);
    assert_int_equal(r.stalls, LS_STALLS);
    assert_int_equal(r.long_stalls, LS_LONG_STALLS);
    lockstep(&l, NULL, &l, &drop, 20000, &r);
    assert_true(r.diverged);
    assert_true(!strncmp(r.what, "message ", 8));
}

/* A design that loses pending fires diverges at a message the reference sends. */
static void test_lockstep_pending_lost(void **state)
{
    struct ims_layout l = idxd_like(8), bad = idxd_like(8);
    struct hx_lockstep_result r, r2;

    (void)state;
    bad.pending_on_mask = false;
    lockstep(&l, NULL, &bad, NULL, 5000, &r);
    assert_true(r.diverged);
    assert_true(r.op > 0 && r.op < 5000);
    assert_true(!strncmp(r.what, "message ", 8));
    assert_string_not_equal(r.a, r.b);
    /* reproducible: the same seed diverges at the same operation */
    lockstep(&l, NULL, &bad, NULL, 5000, &r2);
    assert_int_equal(r2.op, r.op);
    assert_string_equal(r2.a, r.a);
}

/* A design that serves a mismatched PASID diverges at that fire's response. */
static void test_lockstep_pasid(void **state)
{
    struct ims_layout l = idxd_like(8), bad = idxd_like(8);
    struct hx_lockstep_result r;

    (void)state;
    bad.pasid_check = false;
    lockstep(&l, NULL, &bad, NULL, 5000, &r);
    assert_true(r.diverged);
    assert_true(!strncmp(r.what, "fire ", 5));
    assert_string_equal(r.a, "refused");
    assert_string_equal(r.b, "accepted");
}

/* ---- the vendor report ------------------------------------------------------ */

static void test_vendor_report(void **state)
{
    struct ims_layout l = idxd_like(32);
    struct hx_vendor_record *rec = calloc(1, sizeof(*rec));
    struct hx_vendor_opts o = { .source = "test.yaml", .descriptor = "d/test.yaml",
                                .ims = { .seed = 1 }, .record = rec };
    struct hx_result *res = calloc(1, sizeof(*res));
    struct ims_dut dut;
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);

    (void)state;
    assert_non_null(res);
    l.pending_on_mask = false;
    tdut_create(&l, NULL, &dut);
    assert_int_equal(hx_vendor_rules(&dut, &l, &o, f, res), 0);
    fclose(f);
    /* one expectation per rule that applies (PEND-02 is skipped: no pending
     * declared, and so FMASK-01; PBA-01: no PBA; STRB-01: no partial_writes;
     * TLP-01: the plain message form); only IMS-R-PEND-01 fails */
    assert_int_equal(res->n_expect, NRULES - 5);
    assert_true(res->expect_failed);
    for (size_t i = 0; i < res->n_expect; i++) {
        const struct hx_expect_result *e = &res->expect[i];

        assert_string_equal(e->metric, "conformance");
        assert_string_equal(e->expected, "pass");
        if (!strcmp(e->rule, "IMS-R-PEND-01")) {
            assert_int_equal(e->verdict, HX_VERDICT_FAIL);
            assert_true(!strncmp(e->actual, "entry 0 cycle ", 14));
            assert_non_null(strstr(e->actual, "pending lost"));
            assert_string_equal(e->scope, "test checkpoint 1");
        } else {
            assert_int_equal(e->verdict, HX_VERDICT_PASS);
            assert_string_equal(e->actual, "pass");
        }
    }
    assert_string_equal(res->name, "test");
    assert_true(!strncmp(text, "imslab vendor: test (test.yaml), 32 entries, seed 1\n", 50));
    assert_non_null(strstr(text, "\nIMS-R-PEND-01      FAIL    0      "));
    assert_null(strstr(text, "waveform"));     /* no outdir, no waveform */
    assert_non_null(strstr(text, "\n10 passed, 1 failed\n"));     /* 5 skipped */
    /* the record: every rule, the failure in full */
    assert_string_equal(rec->design, "test");
    assert_string_equal(rec->descriptor, "d/test.yaml");
    assert_int_equal(rec->nrules, NRULES);
    assert_int_equal(rec->passed, NRULES - 6);
    assert_int_equal(rec->failed, 1);
    assert_int_equal(rec->skipped, 5);
    for (size_t i = 0; i < rec->nrules; i++) {
        const struct hx_vendor_rule_rec *x = &rec->rules[i];

        if (!strcmp(x->rule, "IMS-R-PEND-01")) {
            assert_string_equal(x->verdict, "fail");
            assert_int_equal(x->entry, 0);
            assert_int_equal(x->emitted, HX_VENDOR_NO_ENTRY);
            assert_string_equal(x->kind, HX_IMS_KIND_LOST);
            assert_int_equal(x->time_ps, x->cycle * IMS_DUT_CLOCK_PS);
            assert_non_null(strstr(x->actual, "pending lost"));
            assert_int_equal(x->wave, HX_VENDOR_WAVE_NONE);     /* no outdir */
        } else if (!strcmp(x->rule, "IMS-R-PEND-02") || !strcmp(x->rule, "IMS-R-PBA-01") ||
                   !strcmp(x->rule, "IMS-R-FMASK-01") || !strcmp(x->rule, "IMS-R-STRB-01") ||
                   !strcmp(x->rule, "IMS-R-TLP-01")) {
            assert_string_equal(x->verdict, "skip");
        } else {
            assert_string_equal(x->verdict, "pass");
        }
    }
    free(rec);
    dut.ops->destroy(dut.state);
    free(text);
    free(res);
}

/*
 * A PBA that is not what the descriptor says: a wrapper over the behavioral
 * model whose PBA reads 0 (not implemented), or keeps what was written
 * there (a plain register).
 */
struct pbaw {
    struct ims_dut inner;
    struct ims_dut_ops ops;
    bool zero;
    uint32_t base, size, shadow[8];
    bool written[8];
};

static bool in_pba(const struct pbaw *w, uint32_t off)
{
    return off >= w->base && off - w->base < w->size;
}

static int pw_reg_read(void *s, uint32_t off, uint32_t *v)
{
    struct pbaw *w = s;
    int rc = w->inner.ops->reg_read(w->inner.state, off, v);

    if (!rc && in_pba(w, off) && w->zero)
        *v = 0;
    if (!rc && in_pba(w, off) && w->written[(off - w->base) / 4])
        *v = w->shadow[(off - w->base) / 4];
    return rc;
}

static int pw_reg_write(void *s, uint32_t off, uint32_t v)
{
    struct pbaw *w = s;

    if (in_pba(w, off) && !w->zero) {
        w->shadow[(off - w->base) / 4] = v;
        w->written[(off - w->base) / 4] = true;
    }
    return w->inner.ops->reg_write(w->inner.state, off, v);
}

#define PW_FWD(name, ret, args, call)                                             \
    static ret pw_##name args { struct pbaw *w = s; return w->inner.ops->name call; }
PW_FWD(reset, int, (void *s), (w->inner.state))
PW_FWD(fire, int, (void *s, uint32_t i, uint32_t p, bool v, uint32_t m),
       (w->inner.state, i, p, v, m))
PW_FWD(clock, int, (void *s, uint64_t n), (w->inner.state, n))
PW_FWD(collect, size_t, (void *s, struct ims_dut_msg *o, size_t m), (w->inner.state, o, m))

static uint32_t pw_entries(const void *s)
{
    const struct pbaw *w = s;

    return w->inner.ops->entries(w->inner.state);
}

static uint64_t pw_cycle(const void *s)
{
    const struct pbaw *w = s;

    return w->inner.ops->cycle(w->inner.state);
}

static void pw_destroy(void *s)
{
    struct pbaw *w = s;

    w->inner.ops->destroy(w->inner.state);
    free(w);
}

static void pba_run(const struct ims_layout *l, bool zero, struct hx_ims_result *r)
{
    struct pbaw *w = calloc(1, sizeof(*w));
    struct hx_ims_opts o = { .seed = 2 };
    struct ims_dut dut = { &w->ops, w };

    assert_non_null(w);
    assert_int_equal(ims_behav_create(l, &w->inner), 0);
    w->zero = zero;
    w->base = l->pba_base;
    w->size = ims_layout_pba_size(l);
    w->ops = (struct ims_dut_ops){ .name = "pba-wrap", .entries = pw_entries,
                                   .reset = pw_reset, .reg_write = pw_reg_write,
                                   .reg_read = pw_reg_read, .fire = pw_fire,
                                   .clock = pw_clock, .cycle = pw_cycle,
                                   .collect = pw_collect, .destroy = pw_destroy };
    assert_int_equal(hx_ims_rule_run(hx_ims_rule_find("IMS-R-PBA-01"), &dut, l, &o, r), 0);
    dut.ops->destroy(dut.state);
}

/* A behavioral design whose byte enables do nothing: every write is whole. */
static const struct ims_dut_ops *whole_inner_ops;

static int whole_write_be(void *dut, uint32_t off, uint32_t val, uint32_t be)
{
    (void)be;
    return whole_inner_ops->reg_write(dut, off, val);
}

static void strb_run(const struct ims_layout *l, bool whole, struct hx_ims_result *r)
{
    struct hx_ims_opts o = { .seed = 4 };
    struct ims_dut dut;
    struct ims_dut_ops ops;

    assert_int_equal(ims_behav_create(l, &dut), 0);
    if (whole) {
        whole_inner_ops = dut.ops;
        ops = *dut.ops;
        ops.reg_write_be = whole_write_be;
        dut.ops = &ops;
    }
    assert_int_equal(hx_ims_rule_run(hx_ims_rule_find("IMS-R-STRB-01"), &dut, l, &o, r), 0);
    dut.ops->destroy(dut.state);
}

/*
 * IMS-R-STRB-01: the behavioral model passes under merge and ignore (and
 * every other rule with them); skipped when partial_writes is undefined; a
 * design that writes whole dwords whatever the byte enables fails
 * checkpoint 1 under merge, and checkpoint 2 under ignore.
 */
static void test_strb(void **state)
{
    struct ims_layout l = idxd_like(16);
    struct hx_ims_result r;
    struct verdicts v;

    (void)state;
    strb_run(&l, false, &r);
    assert_int_equal(r.verdict, HX_IMS_SKIP);
    l.partial_writes = IMS_PARTIAL_MERGE;
    run_behav(&l, 2, &v);
    assert_only_fail(&v, (const char *const[]){ "+IMS-R-STRB-01", NULL });
    strb_run(&l, true, &r);
    assert_int_equal(r.verdict, HX_IMS_FAIL);
    assert_int_equal(r.checkpoint, 1);
    assert_non_null(strstr(r.observed, "partial_writes: merge"));
    l.partial_writes = IMS_PARTIAL_IGNORE;
    run_behav(&l, 2, &v);
    assert_only_fail(&v, (const char *const[]){ "+IMS-R-STRB-01", NULL });
    strb_run(&l, true, &r);
    assert_int_equal(r.verdict, HX_IMS_FAIL);
    assert_int_equal(r.checkpoint, 2);
    l.update = IMS_UPDATE_ON_DATA;
    l.partial_writes = IMS_PARTIAL_MERGE;
    strb_run(&l, false, &r);
    assert_int_equal(r.verdict, HX_IMS_PASS);
}

/* IMS-R-PBA-01: the behavioral PBA passes; one reading 0 fails 1, a writable one 2. */
static void test_pba(void **state)
{
    struct ims_layout l = idxd_like(40);    /* two PBA dwords, the second partial */
    struct hx_ims_result r;
    struct verdicts v;

    (void)state;
    l.has_pba = true;
    l.pba_base = 0x3000;
    run_behav(&l, 2, &v);
    assert_only_fail(&v, (const char *const[]){ "+IMS-R-PBA-01", NULL });
    pba_run(&l, true, &r);
    assert_int_equal(r.verdict, HX_IMS_FAIL);
    assert_int_equal(r.checkpoint, 1);
    assert_non_null(strstr(r.observed, "after the masked fires"));
    pba_run(&l, false, &r);
    assert_int_equal(r.verdict, HX_IMS_FAIL);
    assert_int_equal(r.checkpoint, 2);
    assert_non_null(strstr(r.observed, "writes must be ignored"));
}

/* A factory whose third design (the waveform re-run of the one rule) is another design. */
struct flaky {
    struct ims_layout bad, good;
    int opened;
};

static int open_flaky(void *arg, struct ims_dut *out)
{
    struct flaky *f = arg;

    return ims_behav_create(++f->opened == 3 ? &f->good : &f->bad, out);
}

/*
 * The waveform re-run runs on a fresh design and must reproduce the
 * failure: when it does, the report says so and the VCD and .gtkw exist;
 * when the fresh design behaves otherwise, the report says NOT reproduced
 * and how the re-run ended, and the record says not-reproduced.
 */
static void test_vendor_rerun_checked(void **state)
{
    const struct hx_ims_rule *sel[] = { hx_ims_rule_find("IMS-R-PEND-01") };
    struct hx_vendor_record *rec = calloc(1, sizeof(*rec));
    struct hx_result *res = calloc(1, sizeof(*res));
    struct flaky fk = { .bad = idxd_like(32), .good = idxd_like(32) };
    struct hx_vendor_opts o = { .rules = sel, .nrules = 1, .ims = { .seed = 1 },
                                .open = open_flaky, .open_arg = &fk, .record = rec };
    char dir[] = "/tmp/imslab-rerun-XXXXXX", path[256], *text = NULL;
    size_t len = 0;
    FILE *f;

    (void)state;
    assert_non_null(mkdtemp(dir));
    o.outdir = dir;
    fk.bad.pending_on_mask = false;
    /* reproduced: every instance the same defective design */
    fk.good = fk.bad;
    f = open_memstream(&text, &len);
    assert_int_equal(hx_vendor_rules(NULL, &fk.bad, &o, f, res), 0);
    fclose(f);
    assert_int_equal(fk.opened, 3);
    assert_non_null(strstr(text, "reproduced by the traced re-run)\n"));
    assert_int_equal(rec->rules[0].wave, HX_VENDOR_WAVE_REPRODUCED);
    snprintf(path, sizeof(path), "%s/IMS-R-PEND-01.vcd", dir);
    assert_string_equal(rec->rules[0].vcd, path);
    assert_int_equal(access(path, R_OK), 0);
    unlink(path);
    snprintf(path, sizeof(path), "%s/IMS-R-PEND-01.gtkw", dir);
    assert_string_equal(rec->rules[0].gtkw, path);
    assert_int_equal(access(path, R_OK), 0);
    unlink(path);
    free(text);
    /* not reproduced: the re-run's design keeps pending state */
    fk.good = idxd_like(32);
    fk.opened = 0;
    text = NULL;
    f = open_memstream(&text, &len);
    assert_int_equal(hx_vendor_rules(NULL, &fk.bad, &o, f, res), 0);
    fclose(f);
    assert_non_null(strstr(text, "(NOT reproduced: the traced re-run passed at checkpoint 0"));
    assert_int_equal(rec->rules[0].wave, HX_VENDOR_WAVE_DIFFERENT);
    assert_null(strstr(text, "gtkwave:"));
    snprintf(path, sizeof(path), "%s/IMS-R-PEND-01.vcd", dir);
    unlink(path);
    rmdir(dir);
    free(text);
    free(res);
    free(rec);
}

/* --rules order: a subset runs in catalog order; skips are not expectations. */
static void test_vendor_subset_and_skip(void **state)
{
    struct ims_layout l = idxd_like(4);
    const struct hx_ims_rule *sel[2] = { hx_ims_rule_find("IMS-R-PASID-01"),
                                         hx_ims_rule_find("IMS-R-MSG-01") };
    struct hx_vendor_opts o = { .rules = sel, .nrules = 2 };
    struct hx_result *res = calloc(1, sizeof(*res));
    struct ims_dut dut;
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);

    (void)state;
    l.field[IMS_F_PASID].present = false;
    tdut_create(&l, NULL, &dut);
    assert_int_equal(hx_vendor_rules(&dut, &l, &o, f, res), 0);
    fclose(f);
    assert_int_equal(res->n_expect, 1);
    assert_string_equal(res->expect[0].rule, "IMS-R-MSG-01");
    assert_non_null(strstr(text, "IMS-R-PASID-01     skip"));
    assert_non_null(strstr(text, "\n1 passed, 0 failed\n"));
    dut.ops->destroy(dut.state);
    free(text);
    free(res);
}

/* Every rule skipped: the report says nothing was checked. */
static void test_vendor_none_applied(void **state)
{
    struct ims_layout l = idxd_like(4);
    const struct hx_ims_rule *sel[1] = { hx_ims_rule_find("IMS-R-PASID-01") };
    struct hx_vendor_opts o = { .rules = sel, .nrules = 1 };
    struct hx_result *res = calloc(1, sizeof(*res));
    struct ims_dut dut;
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);

    (void)state;
    l.field[IMS_F_PASID].present = false;
    tdut_create(&l, NULL, &dut);
    assert_int_equal(hx_vendor_rules(&dut, &l, &o, f, res), 0);
    fclose(f);
    assert_int_equal(res->n_expect, 0);
    assert_true(res->expect_failed);
    assert_string_equal(res->note, HX_VENDOR_NONE_APPLIED);
    assert_non_null(strstr(text, "\n0 passed, 0 failed\n" HX_VENDOR_NONE_APPLIED "\n"));
    dut.ops->destroy(dut.state);
    free(text);
    free(res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rule_list),
        cmocka_unit_test(test_correct_every_mode),
        cmocka_unit_test(test_correct_small_and_plain),
        cmocka_unit_test(test_defect_overlap_fields),
        cmocka_unit_test(test_defect_reset_unmasked),
        cmocka_unit_test(test_defect_reset_clears_nothing),
        cmocka_unit_test(test_defect_mask_leak),
        cmocka_unit_test(test_defect_pending_lost),
        cmocka_unit_test(test_defect_torn),
        cmocka_unit_test(test_defect_stale_on_unmask),
        cmocka_unit_test(test_defect_other_entry),
        cmocka_unit_test(test_defect_drop_stalled),
        cmocka_unit_test(test_defect_fmask_drops),
        cmocka_unit_test(test_defect_pending_in_order),
        cmocka_unit_test(test_defect_fixed_priority),
        cmocka_unit_test(test_reach_large_table),
        cmocka_unit_test(test_defect_trunc_addr),
        cmocka_unit_test(test_hostmem_mlx5_passes),
        cmocka_unit_test(test_hostmem_latency_extremes),
        cmocka_unit_test(test_hostmem_pending_lost),
        cmocka_unit_test(test_hostmem_pasid_unchecked),
        cmocka_unit_test(test_hostmem_reset_unmasked),
        cmocka_unit_test(test_hostmem_torn_set_pair),
        cmocka_unit_test(test_hostmem_command_faults),
        cmocka_unit_test(test_defect_pasid_unchecked),
        cmocka_unit_test(test_defect_alias_index),
        cmocka_unit_test(test_defect_starve_last),
        cmocka_unit_test(test_defect_len8),
        cmocka_unit_test(test_reproducible),
        cmocka_unit_test(test_design_error_and_bad_args),
        cmocka_unit_test(test_lockstep_agree),
        cmocka_unit_test(test_lockstep_long_stalls),
        cmocka_unit_test(test_lockstep_obeys_descriptor),
        cmocka_unit_test(test_lockstep_pending_lost),
        cmocka_unit_test(test_lockstep_pasid),
        cmocka_unit_test(test_vendor_report),
        cmocka_unit_test(test_vendor_subset_and_skip),
        cmocka_unit_test(test_vendor_rerun_checked),
        cmocka_unit_test(test_pba),
        cmocka_unit_test(test_strb),
        cmocka_unit_test(test_vendor_none_applied),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
