/* SPDX-License-Identifier: MIT */
/*
 * ims_rules.c - the IMS conformance rules (IMS-R-*), run on any design
 * through its struct ims_dut ops table.
 *
 * Conventions every rule shares:
 * - mmio: an entry's register for field f is at base + e * stride +
 *   field[f].offset; fields are written read-modify-write, so fields sharing
 *   a register (IDXD's ctrl: mask, PASID enable, PASID) keep each other's
 *   values.
 * - hostmem: entries are reached through the command block at base
 *   (ims_layout.h IMS_CMD_*).  A field is read with READ; a field is written
 *   READ, modify, then SET_PAIR (a pair field) or SET_CTRL (mask, PASID
 *   enable, PASID); a pair update stages ADDR_LO, ADDR_HI and DATA and rings
 *   one SET_PAIR; programming an entry is one WRITE.  Every command is waited
 *   for: the rule clocks the design until STATUS.busy clears, at most
 *   2 * cmd_latency + latency_bound cycles after the doorbell.  A command
 *   that does not complete, or ends with STATUS.error or STATUS.overrun on a
 *   valid index, fails the rule at checkpoint 0 (the command block).
 * - A pair field's value is the message's bits from bit 0: the message
 *   address is addr_hi:addr_lo (addr_hi 0 when the layout has none), its
 *   data the data field.  Random addresses keep bits 1:0 clear (DWORD).
 * - "Masked" writes all ones to the mask field, "unmasked" zero.
 * - Entry programming outside the torn-update rule is the safe procedure:
 *   mask, PASID enable off, addr_lo, addr_hi, data, commit (when the layout
 *   has one), then the wanted mask state (domain.md 6.4 write order); on
 *   hostmem one WRITE of the pair with the wanted mask and PASID enable off.
 * - A message is due within opts.latency_bound cycles of the fire (or of
 *   the unmask that releases it); a check waits that long and no longer.
 */
#include "harness/ims_rules.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/rng.h"

struct msgs {
    struct ims_dut_msg *m;
    size_t n, cap;
};

struct hx_ims_ctx {
    const struct hx_ims_rule *rule;
    struct ims_dut *dut;
    const struct ims_layout *l;
    struct hx_ims_opts o;
    struct sim_rng rng;
    uint64_t c0;             /* DUT cycle right after the rule's reset */
    struct msgs mb;          /* messages collected by the current check */
    struct hx_ims_result *res;
    bool hostmem;            /* entries behind the command block */
    uint64_t cmd_bound;      /* cycles a command may take after its doorbell */
    bool stopped;            /* a helper recorded a failure and stopped the rule */
};

/* ---- small helpers ----------------------------------------------------------- */

#define TRY(x)                                                               \
    do {                                                                     \
        int try_rc_ = (x);                                                   \
        if (try_rc_ < 0)                                                     \
            return try_rc_;                                                  \
    } while (0)

static uint32_t fmask(const struct ims_field *f)
{
    return f->width >= 32 ? UINT32_MAX : (UINT32_C(1) << f->width) - 1;
}

static bool has(const struct hx_ims_ctx *c, enum ims_field_id f)
{
    return c->l->field[f].present;
}

static uint32_t reg_of(const struct hx_ims_ctx *c, uint32_t e, enum ims_field_id f)
{
    return c->l->base + e * c->l->stride + c->l->field[f].offset;
}

static uint64_t dcycle(const struct hx_ims_ctx *c)
{
    return c->dut->ops->cycle(c->dut->state);
}

static uint32_t rnd32(struct hx_ims_ctx *c)
{
    return (uint32_t)sim_rng_next(&c->rng);
}

static uint32_t below(struct hx_ims_ctx *c, uint32_t n)
{
    return (uint32_t)sim_rng_below(&c->rng, n);
}

/*
 * Record the first failure of a rule.  @dut_cycle is the design's cycle of
 * the event (a message's cycle, or now).  Always returns 0 so a check can
 * `return fail(...)`.
 */
__attribute__((format(printf, 6, 7)))
static int fail(struct hx_ims_ctx *c, unsigned cp, uint32_t entry, uint64_t dut_cycle,
                const char *expected, const char *fmt, ...)
{
    struct hx_ims_result *r = c->res;
    va_list ap;

    if (r->verdict == HX_IMS_FAIL)
        return 0;
    r->verdict = HX_IMS_FAIL;
    r->checkpoint = cp;
    r->entry = entry;
    r->dut_cycle = dut_cycle;
    r->cycle = dut_cycle >= c->c0 ? dut_cycle - c->c0 : 0;
    snprintf(r->expected, sizeof(r->expected), "%s", expected);
    va_start(ap, fmt);
    vsnprintf(r->observed, sizeof(r->observed), fmt, ap);
    va_end(ap);
    return 0;
}

__attribute__((format(printf, 2, 3)))
static int skip(struct hx_ims_ctx *c, const char *fmt, ...)
{
    va_list ap;

    c->res->verdict = HX_IMS_SKIP;
    va_start(ap, fmt);
    vsnprintf(c->res->observed, sizeof(c->res->observed), fmt, ap);
    va_end(ap);
    return 0;
}

static bool failed(const struct hx_ims_ctx *c)
{
    return c->res->verdict == HX_IMS_FAIL;
}

/* ---- driving the design ---------------------------------------------------- */

/* Stop the rule after a helper recorded its failure (not a design error). */
static int stop(struct hx_ims_ctx *c)
{
    c->stopped = true;
    return -ECANCELED;
}

static int clk(struct hx_ims_ctx *c, uint64_t n)
{
    return n ? c->dut->ops->clock(c->dut->state, n) : 0;
}

static int fire(struct hx_ims_ctx *c, uint32_t e, uint32_t pasid, bool valid)
{
    return c->dut->ops->fire(c->dut->state, e, pasid, valid, c->o.fire_wait);
}

/* ---- the hostmem command block --------------------------------------------- */

/* Cycles around a command's expected end (cmd_latency) in which a torn-update
 * check fires every cycle. */
#define CMD_EDGE 8u

static const char *op_name(uint32_t op)
{
    switch (op) {
    case IMS_CMD_OP_WRITE: return "WRITE";
    case IMS_CMD_OP_SET_PAIR: return "SET_PAIR";
    case IMS_CMD_OP_SET_CTRL: return "SET_CTRL";
    case IMS_CMD_OP_READ: return "READ";
    default: return "?";
    }
}

static int blk_write(struct hx_ims_ctx *c, uint32_t reg, uint32_t v)
{
    return c->dut->ops->reg_write(c->dut->state, c->l->base + reg, v);
}

static int blk_read(struct hx_ims_ctx *c, uint32_t reg, uint32_t *v)
{
    return c->dut->ops->reg_read(c->dut->state, c->l->base + reg, v);
}

/*
 * Clock the running command (doorbell at cycle @t0) to its end: STATUS.busy
 * clear, read into @st.  With @fire_e != HX_IMS_NO_ENTRY that entry is fired
 * while the command runs: at random times until CMD_EDGE cycles before
 * cmd_latency, then every cycle until CMD_EDGE cycles after it, then between
 * the STATUS polls.  Busy after c->cmd_bound cycles fails the rule.
 */
static int cmd_wait(struct hx_ims_ctx *c, uint32_t e, uint32_t op, uint64_t t0,
                    uint32_t fire_e, uint32_t *st)
{
    uint64_t lat = c->l->cmd_latency;
    uint64_t dense = lat > CMD_EDGE ? lat - CMD_EDGE : 0;
    bool fires = fire_e != HX_IMS_NO_ENTRY;

    for (;;) {
        uint64_t el = dcycle(c) - t0;

        if (fires && el < dense) {
            uint64_t gap = below(c, (uint32_t)(lat / 8 + 1));

            TRY(fire(c, fire_e, 0, false));
            el = dcycle(c) - t0;
            TRY(clk(c, el < dense && gap > dense - el ? dense - el : gap));
            continue;
        }
        if (fires && el < lat + CMD_EDGE) {
            TRY(fire(c, fire_e, 0, false));
            continue;
        }
        if (!fires && el + 1 < lat) {
            /* the status read below is the cycle the command is due */
            TRY(clk(c, lat - el - 1));
            continue;
        }
        TRY(blk_read(c, IMS_CMD_STATUS, st));
        if (!(*st & IMS_CMD_STS_BUSY))
            return 0;
        if (dcycle(c) - t0 > c->cmd_bound) {
            char ex[96];

            snprintf(ex, sizeof(ex), "STATUS.busy clear within %" PRIu64 " cycles of the "
                     "doorbell", c->cmd_bound);
            fail(c, 0, e, dcycle(c), ex,
                 "command block: %s of entry %" PRIu32 " still busy %" PRIu64 " cycles after "
                 "its doorbell (cmd_latency %" PRIu32 ")", op_name(op), e, dcycle(c) - t0,
                 c->l->cmd_latency);
            return stop(c);
        }
        if (fires)
            TRY(fire(c, fire_e, 0, false));
        TRY(clk(c, fires ? below(c, 4) : 1));
    }
}

/* Ring @op for entry @e (INDEX written just before) and wait for its end. */
static int cmd_go(struct hx_ims_ctx *c, uint32_t e, uint32_t op, uint32_t fire_e,
                  uint32_t *st)
{
    uint64_t t0;

    TRY(blk_write(c, IMS_CMD_INDEX, e));
    t0 = dcycle(c);
    TRY(blk_write(c, IMS_CMD_DOORBELL, op));
    return cmd_wait(c, e, op, t0, fire_e, st);
}

/* As cmd_go() on a valid entry: STATUS.error or overrun fails the rule. */
static int cmd(struct hx_ims_ctx *c, uint32_t e, uint32_t op, uint32_t fire_e, uint32_t *st)
{
    uint32_t s;

    TRY(cmd_go(c, e, op, fire_e, &s));
    if (s & (IMS_CMD_STS_ERROR | IMS_CMD_STS_OVERRUN)) {
        fail(c, 0, e, dcycle(c), "the command ends without STATUS.error or overrun",
             "command block: %s of entry %" PRIu32 " (of %" PRIu32 ") ended with STATUS "
             "0x%" PRIx32 " (%s)", op_name(op), e, c->l->entries, s,
             s & IMS_CMD_STS_ERROR ? "error" : "overrun: the doorbell was ignored");
        return stop(c);
    }
    if (st)
        *st = s;
    return 0;
}

/* A context as READ returns it. */
struct hctx {
    uint32_t lo, hi, data, ctrl;
    bool pending;
};

/* READ entry @e: the block's ADDR_LO..CTRL then hold its context. */
static int ctx_read(struct hx_ims_ctx *c, uint32_t e, struct hctx *x)
{
    uint32_t st;

    TRY(cmd(c, e, IMS_CMD_OP_READ, HX_IMS_NO_ENTRY, &st));
    TRY(blk_read(c, IMS_CMD_ADDR_LO, &x->lo));
    TRY(blk_read(c, IMS_CMD_ADDR_HI, &x->hi));
    TRY(blk_read(c, IMS_CMD_DATA, &x->data));
    TRY(blk_read(c, IMS_CMD_CTRL, &x->ctrl));
    x->pending = st & IMS_CMD_STS_PENDING;
    return 0;
}

/* CMD_CTRL with field @f (mask, PASID enable, PASID) set to @v. */
static uint32_t ctrl_put(uint32_t ctrl, enum ims_field_id f, uint32_t v)
{
    switch (f) {
    case IMS_F_MASK:
        return v ? ctrl | IMS_CMD_CTRL_MASK : ctrl & ~IMS_CMD_CTRL_MASK;
    case IMS_F_PASID_EN:
        return v & 1 ? ctrl | IMS_CMD_CTRL_PASID_EN : ctrl & ~IMS_CMD_CTRL_PASID_EN;
    case IMS_F_PASID:
        return (ctrl & ~IMS_CMD_CTRL_PASID_MASK) |
               ((v << IMS_CMD_CTRL_PASID_SHIFT) & IMS_CMD_CTRL_PASID_MASK);
    default:
        return ctrl;
    }
}

/* The command-block register staging pair field @f. */
static uint32_t pair_reg(enum ims_field_id f)
{
    return f == IMS_F_ADDR_LO ? IMS_CMD_ADDR_LO
         : f == IMS_F_ADDR_HI ? IMS_CMD_ADDR_HI : IMS_CMD_DATA;
}

/* ---- entries, whatever the storage ------------------------------------------ */

/* Every field of entry @e (absent fields and commit: 0) into @v. */
static int entry_read(struct hx_ims_ctx *c, uint32_t e, uint32_t v[IMS_F__COUNT])
{
    const struct ims_field *fd = c->l->field;

    memset(v, 0, IMS_F__COUNT * sizeof(*v));
    if (c->hostmem) {
        struct hctx x;

        TRY(ctx_read(c, e, &x));
        v[IMS_F_ADDR_LO] = x.lo & fmask(&fd[IMS_F_ADDR_LO]);
        v[IMS_F_ADDR_HI] = has(c, IMS_F_ADDR_HI) ? x.hi & fmask(&fd[IMS_F_ADDR_HI]) : 0;
        v[IMS_F_DATA] = x.data & fmask(&fd[IMS_F_DATA]);
        v[IMS_F_MASK] = x.ctrl & IMS_CMD_CTRL_MASK ? fmask(&fd[IMS_F_MASK]) : 0;
        v[IMS_F_PASID_EN] = has(c, IMS_F_PASID_EN) && (x.ctrl & IMS_CMD_CTRL_PASID_EN);
        v[IMS_F_PASID] = has(c, IMS_F_PASID)
                         ? ((x.ctrl & IMS_CMD_CTRL_PASID_MASK) >> IMS_CMD_CTRL_PASID_SHIFT) &
                           fmask(&fd[IMS_F_PASID]) : 0;
        return 0;
    }
    for (unsigned f = 0; f < IMS_F__COUNT; f++) {
        uint32_t reg;

        if (!fd[f].present || f == IMS_F_COMMIT)
            continue;
        TRY(c->dut->ops->reg_read(c->dut->state, reg_of(c, e, f), &reg));
        v[f] = (reg >> fd[f].lsb) & fmask(&fd[f]);
    }
    return 0;
}

static int field_read(struct hx_ims_ctx *c, uint32_t e, enum ims_field_id f, uint32_t *v)
{
    const struct ims_field *fd = &c->l->field[f];
    uint32_t all[IMS_F__COUNT], reg;

    if (c->hostmem) {
        TRY(entry_read(c, e, all));
        *v = all[f];
        return 0;
    }
    TRY(c->dut->ops->reg_read(c->dut->state, reg_of(c, e, f), &reg));
    *v = (reg >> fd->lsb) & fmask(fd);
    return 0;
}

/* Where field @f of entry @e is read, for a message. */
static void field_where(const struct hx_ims_ctx *c, uint32_t e, enum ims_field_id f,
                        char *buf, size_t len)
{
    const struct ims_field *fd = &c->l->field[f];

    if (c->hostmem)
        snprintf(buf, len, "(READ of entry %" PRIu32 ")", e);
    else
        snprintf(buf, len, "at 0x%" PRIx32 "[%u:%u]", reg_of(c, e, f),
                 fd->lsb + fd->width - 1u, fd->lsb);
}

static int field_write(struct hx_ims_ctx *c, uint32_t e, enum ims_field_id f, uint32_t v)
{
    const struct ims_field *fd = &c->l->field[f];
    uint32_t m = fmask(fd) << fd->lsb;
    uint32_t reg;

    if (!fd->present)
        return 0;
    if (c->hostmem) {
        struct hctx x;

        /* READ leaves the context in the block: change one field, set it back */
        TRY(ctx_read(c, e, &x));
        if (f == IMS_F_ADDR_LO || f == IMS_F_ADDR_HI || f == IMS_F_DATA) {
            TRY(blk_write(c, pair_reg(f), v));
            return cmd(c, e, IMS_CMD_OP_SET_PAIR, HX_IMS_NO_ENTRY, NULL);
        }
        TRY(blk_write(c, IMS_CMD_CTRL, ctrl_put(x.ctrl, f, v)));
        return cmd(c, e, IMS_CMD_OP_SET_CTRL, HX_IMS_NO_ENTRY, NULL);
    }
    TRY(c->dut->ops->reg_read(c->dut->state, reg_of(c, e, f), &reg));
    reg = (reg & ~m) | ((v << fd->lsb) & m);
    return c->dut->ops->reg_write(c->dut->state, reg_of(c, e, f), reg);
}

static int set_mask(struct hx_ims_ctx *c, uint32_t e, bool masked)
{
    return field_write(c, e, IMS_F_MASK, masked ? UINT32_MAX : 0);
}

/* hostmem: entry @e's pending bit (READ, STATUS.pending). */
static int pending_read(struct hx_ims_ctx *c, uint32_t e, bool *pending)
{
    struct hctx x;

    TRY(ctx_read(c, e, &x));
    *pending = x.pending;
    return 0;
}

static const char *fire_name(int r)
{
    switch (r) {
    case IMS_DUT_FIRE_ACCEPTED: return "accepted";
    case IMS_DUT_FIRE_REFUSED: return "refused";
    case IMS_DUT_FIRE_TIMEOUT: return "timed out (irq_ready never rose)";
    default: return "?";
    }
}

/* Move every message the design has emitted into c->mb. */
static int collect(struct hx_ims_ctx *c)
{
    for (;;) {
        struct ims_dut_msg tmp[32];
        size_t k = c->dut->ops->collect(c->dut->state, tmp, 32);

        if (c->mb.n + k > c->mb.cap) {
            size_t cap = c->mb.cap ? c->mb.cap * 2 : 64;
            struct ims_dut_msg *m;

            while (cap < c->mb.n + k)
                cap *= 2;
            m = realloc(c->mb.m, cap * sizeof(*m));
            if (!m)
                return -ENOMEM;
            c->mb.m = m;
            c->mb.cap = cap;
        }
        if (k)
            memcpy(c->mb.m + c->mb.n, tmp, k * sizeof(*tmp));
        c->mb.n += k;
        if (k < 32)
            return 0;
    }
}

/* Clock one cycle at a time until c->mb holds @want messages or @bound cycles passed. */
static int wait_msgs(struct hx_ims_ctx *c, size_t want, uint64_t bound)
{
    TRY(collect(c));
    for (uint64_t i = 0; i < bound && c->mb.n < want; i++) {
        TRY(clk(c, 1));
        TRY(collect(c));
    }
    return 0;
}

/* Clock @n cycles, then collect. */
static int settle(struct hx_ims_ctx *c, uint64_t n)
{
    TRY(clk(c, n));
    return collect(c);
}

static void rand_pair(struct hx_ims_ctx *c, uint64_t *addr, uint32_t *data)
{
    const struct ims_layout *l = c->l;
    uint32_t lo = rnd32(c) & fmask(&l->field[IMS_F_ADDR_LO]) & ~UINT32_C(3);
    uint32_t hi = has(c, IMS_F_ADDR_HI) ? rnd32(c) & fmask(&l->field[IMS_F_ADDR_HI]) : 0;

    *addr = (uint64_t)hi << 32 | lo;
    *data = rnd32(c) & fmask(&l->field[IMS_F_DATA]);
}

static int write_pair(struct hx_ims_ctx *c, uint32_t e, uint64_t addr, uint32_t data)
{
    if (c->hostmem) {
        /* one command carries the whole pair */
        TRY(blk_write(c, IMS_CMD_ADDR_LO, (uint32_t)addr));
        TRY(blk_write(c, IMS_CMD_ADDR_HI, (uint32_t)(addr >> 32)));
        TRY(blk_write(c, IMS_CMD_DATA, data));
        return cmd(c, e, IMS_CMD_OP_SET_PAIR, HX_IMS_NO_ENTRY, NULL);
    }
    TRY(field_write(c, e, IMS_F_ADDR_LO, (uint32_t)addr));
    TRY(field_write(c, e, IMS_F_ADDR_HI, (uint32_t)(addr >> 32)));
    TRY(field_write(c, e, IMS_F_DATA, data));
    if (c->l->update == IMS_UPDATE_ON_COMMIT)
        TRY(field_write(c, e, IMS_F_COMMIT, 1));
    return 0;
}

/* The safe procedure: mask, PASID off, pair, commit, then @masked (hostmem: one WRITE). */
static int program(struct hx_ims_ctx *c, uint32_t e, uint64_t addr, uint32_t data,
                   bool masked)
{
    if (c->hostmem) {
        /* one WRITE: the pair, the mask state, PASID enable off */
        TRY(blk_write(c, IMS_CMD_ADDR_LO, (uint32_t)addr));
        TRY(blk_write(c, IMS_CMD_ADDR_HI, (uint32_t)(addr >> 32)));
        TRY(blk_write(c, IMS_CMD_DATA, data));
        TRY(blk_write(c, IMS_CMD_CTRL, masked ? IMS_CMD_CTRL_MASK : 0));
        return cmd(c, e, IMS_CMD_OP_WRITE, HX_IMS_NO_ENTRY, NULL);
    }
    TRY(set_mask(c, e, true));
    TRY(field_write(c, e, IMS_F_PASID_EN, 0));
    TRY(write_pair(c, e, addr, data));
    return masked ? 0 : set_mask(c, e, false);
}

/*
 * Reset between the entries a rule checks, so each check starts from a clean
 * table: what one entry's writes do to another is IMS-R-FIELDS-01's subject.
 */
static int fresh(struct hx_ims_ctx *c)
{
    TRY(c->dut->ops->reset(c->dut->state));
    TRY(collect(c));
    c->mb.n = 0;
    return 0;
}

/*
 * The entries a rule checks: all of a small table; otherwise the first, the
 * last and opts.samples distinct random ones between them, ascending.
 */
static size_t pick(struct hx_ims_ctx *c, uint32_t *out, size_t max)
{
    uint32_t n = c->l->entries;
    size_t k = 0;

    if (n <= max) {
        for (uint32_t e = 0; e < n; e++)
            out[k++] = e;
        return k;
    }
    out[k++] = 0;
    while (k < max - 1) {
        uint32_t e = 1 + below(c, n - 2);
        bool dup = false;

        for (size_t i = 0; i < k; i++)
            dup |= out[i] == e;
        if (!dup)
            out[k++] = e;
    }
    out[k++] = n - 1;
    for (size_t i = 1; i < k; i++)      /* insertion sort, k is small */
        for (size_t j = i; j > 0 && out[j - 1] > out[j]; j--) {
            uint32_t t = out[j];

            out[j] = out[j - 1];
            out[j - 1] = t;
        }
    return k;
}

#define PICK_MAX 64

static size_t pick_default(struct hx_ims_ctx *c, uint32_t *out)
{
    size_t max = (size_t)c->o.samples + 2;

    return pick(c, out, max > PICK_MAX ? PICK_MAX : max);
}

/* ---- IMS-R-FIELDS-01 ------------------------------------------------------- */

static const enum ims_field_id rb_fields[] = {
    IMS_F_ADDR_LO, IMS_F_ADDR_HI, IMS_F_DATA, IMS_F_PASID, IMS_F_PASID_EN, IMS_F_MASK,
};
#define N_RB (sizeof(rb_fields) / sizeof(rb_fields[0]))

/* Read fields rb_fields[from..to) of every entry back against @pat. */
static int read_back(struct hx_ims_ctx *c, const uint32_t *pat, size_t from, size_t to,
                     unsigned cp)
{
    for (uint32_t e = 0; e < c->l->entries && !failed(c); e++) {
        const uint32_t *p = pat + (size_t)e * N_RB;
        uint32_t all[IMS_F__COUNT];

        /* one READ per entry on hostmem; per field on mmio (read order kept) */
        if (c->hostmem)
            TRY(entry_read(c, e, all));
        for (size_t i = from; i < to; i++) {
            const struct ims_field *fd = &c->l->field[rb_fields[i]];
            char ex[96], at[48];
            uint32_t v;

            if (!fd->present)
                continue;
            if (c->hostmem)
                v = all[rb_fields[i]];
            else
                TRY(field_read(c, e, rb_fields[i], &v));
            if (v == (p[i] & fmask(fd)))
                continue;
            snprintf(ex, sizeof(ex), "%s reads back 0x%" PRIx32, ims_field_name(rb_fields[i]),
                     p[i] & fmask(fd));
            field_where(c, e, rb_fields[i], at, sizeof(at));
            return fail(c, cp, e, dcycle(c), ex,
                        "%s %s reads 0x%" PRIx32 " after every entry was written",
                        ims_field_name(rb_fields[i]), at, v);
        }
    }
    return 0;
}

static int rule_fields(struct hx_ims_ctx *c)
{
    const struct ims_layout *l = c->l;
    uint32_t n = l->entries;
    uint32_t *pat = calloc((size_t)n * N_RB, sizeof(*pat));
    int rc = -ENOMEM;

    if (!pat)
        return rc;
    /* every field of every entry gets its own random pattern, masked */
    for (uint32_t e = 0; e < n; e++) {
        uint32_t *p = pat + (size_t)e * N_RB;
        uint64_t addr;
        uint32_t data;

        rand_pair(c, &addr, &data);
        p[0] = (uint32_t)addr;
        p[1] = (uint32_t)(addr >> 32);
        p[2] = data;
        p[3] = rnd32(c) & fmask(&l->field[IMS_F_PASID]);
        p[4] = e & 1;
        p[5] = fmask(&l->field[IMS_F_MASK]);
        if ((rc = set_mask(c, e, true)) < 0 ||
            (rc = field_write(c, e, IMS_F_PASID, p[3])) < 0 ||
            (rc = field_write(c, e, IMS_F_PASID_EN, p[4])) < 0 ||
            (rc = write_pair(c, e, addr, data)) < 0)
            goto out;
    }
    /* 1. the control fields read back what was written */
    if ((rc = read_back(c, pat, 3, N_RB, 1)) < 0)
        goto out;
    /* 2-5. fire each entry, unmasked, with its PASID: the message carries its pair */
    for (uint32_t e = 0; e < n && !failed(c); e++) {
        const uint32_t *p = pat + (size_t)e * N_RB;
        uint64_t addr = (uint64_t)p[1] << 32 | p[0];
        char ex[96];
        int fr;

        c->mb.n = 0;
        if ((rc = set_mask(c, e, false)) < 0 || (fr = fire(c, e, p[3], true)) < 0) {
            rc = rc < 0 ? rc : fr;
            goto out;
        }
        if (fr != IMS_DUT_FIRE_ACCEPTED) {
            fail(c, 2, e, dcycle(c), "fire accepted",
                 "fire of entry %" PRIu32 " with its own PASID 0x%" PRIx32 " %s", e,
                 p[3], fire_name(fr));
            break;
        }
        if ((rc = wait_msgs(c, 1, c->o.latency_bound)) < 0)
            goto out;
        snprintf(ex, sizeof(ex), "addr 0x%" PRIx64 " data 0x%" PRIx32, addr, p[2]);
        if (c->mb.n == 0) {
            fail(c, 3, e, dcycle(c), ex, "no message within %" PRIu32 " cycles of the fire",
                 c->o.latency_bound);
            break;
        }
        if (c->mb.m[0].addr != addr || c->mb.m[0].data != p[2]) {
            fail(c, 4, e, c->mb.m[0].cycle, ex,
                 "message addr 0x%" PRIx64 " data 0x%" PRIx32 " (written fields did not "
                 "land in entry %" PRIu32 ")", c->mb.m[0].addr, c->mb.m[0].data, e);
            break;
        }
        if ((rc = set_mask(c, e, true)) < 0 || (rc = settle(c, 2)) < 0)
            goto out;
        if (c->mb.n > 1) {
            fail(c, 5, e, c->mb.m[1].cycle, "one message per fire",
                 "%zu messages for one fire", c->mb.n);
            break;
        }
    }
    /* 6. the pair fields read back too (after the fires: staged pairs are live) */
    if (!failed(c) && (rc = read_back(c, pat, 0, 3, 6)) < 0)
        goto out;
    rc = 0;
out:
    free(pat);
    return rc;
}

/* ---- IMS-R-RESET-01 -------------------------------------------------------- */

static int rule_reset(struct hx_ims_ctx *c)
{
    uint32_t n = c->l->entries;

    if (!has(c, IMS_F_MASK))
        return skip(c, "the layout has no mask field (see IMS-R-MASK-01)");
    /* 1. every mask field reads masked (4. hostmem: and READ reports no pending) */
    for (uint32_t e = 0; e < n; e++) {
        uint32_t v;
        bool pend = false;

        if (c->hostmem) {
            struct hctx x;

            TRY(ctx_read(c, e, &x));
            v = x.ctrl & IMS_CMD_CTRL_MASK ? fmask(&c->l->field[IMS_F_MASK]) : 0;
            pend = x.pending;
        } else {
            TRY(field_read(c, e, IMS_F_MASK, &v));
        }
        if (v != fmask(&c->l->field[IMS_F_MASK]))
            return fail(c, 1, e, dcycle(c), "masked after reset",
                        "mask field reads 0x%" PRIx32 " after reset", v);
        if (pend)
            return fail(c, 4, e, dcycle(c), "nothing pending after reset",
                        "READ reports STATUS.pending on entry %" PRIu32 " after reset", e);
    }
    /* 2. firing every reset entry emits nothing */
    for (uint32_t e = 0; e < n; e++) {
        int fr = fire(c, e, 0, false);

        TRY(fr);
        if (fr == IMS_DUT_FIRE_TIMEOUT)
            return fail(c, 2, e, dcycle(c), "fire answered", "fire %s", fire_name(fr));
    }
    c->mb.n = 0;
    TRY(settle(c, c->o.latency_bound));
    if (c->mb.n)
        return fail(c, 3, c->mb.m[0].index, c->mb.m[0].cycle, "no message from a reset entry",
                    "firing reset entries emitted %zu message(s), first addr 0x%" PRIx64
                    " data 0x%" PRIx32, c->mb.n, c->mb.m[0].addr, c->mb.m[0].data);
    /* 4. after a fresh reset nothing is pending: unmasking emits nothing */
    TRY(c->dut->ops->reset(c->dut->state));
    for (uint32_t e = 0; e < n; e++)
        TRY(set_mask(c, e, false));
    TRY(settle(c, c->o.latency_bound));
    if (c->mb.n)
        return fail(c, 4, c->mb.m[0].index, c->mb.m[0].cycle, "nothing pending after reset",
                    "unmasking reset entries (never fired) emitted %zu message(s)", c->mb.n);
    return 0;
}

/* ---- IMS-R-MASK-01 --------------------------------------------------------- */

static int rule_mask(struct hx_ims_ctx *c)
{
    uint32_t ents[PICK_MAX];
    size_t k;

    if (!has(c, IMS_F_MASK))
        return fail(c, 1, HX_IMS_NO_ENTRY, dcycle(c), "a mask field",
                    "the layout has no mask field: an entry cannot be masked");
    k = pick_default(c, ents);
    for (size_t i = 0; i < k; i++) {
        uint32_t e = ents[i], fires = 1 + below(c, 3);
        uint64_t addr;
        uint32_t data;

        TRY(fresh(c));
        rand_pair(c, &addr, &data);
        TRY(program(c, e, addr, data, true));
        c->mb.n = 0;
        for (uint32_t f = 0; f < fires; f++) {
            int fr = fire(c, e, 0, false);

            TRY(fr);
            if (fr != IMS_DUT_FIRE_ACCEPTED)
                return fail(c, 2, e, dcycle(c), "masked fire accepted (it sets pending)",
                            "masked fire %s", fire_name(fr));
            TRY(clk(c, below(c, 4)));
        }
        TRY(settle(c, c->o.latency_bound));
        if (c->mb.n)
            return fail(c, 3, e, c->mb.m[0].cycle, "no message while masked",
                        "masked entry emitted addr 0x%" PRIx64 " data 0x%" PRIx32,
                        c->mb.m[0].addr, c->mb.m[0].data);
    }
    return 0;
}

/* ---- IMS-R-PEND-01 --------------------------------------------------------- */

static int rule_pend(struct hx_ims_ctx *c)
{
    uint32_t ents[PICK_MAX];
    size_t k;

    if (!has(c, IMS_F_MASK))
        return skip(c, "the layout has no mask field (see IMS-R-MASK-01)");
    k = pick_default(c, ents);
    for (size_t i = 0; i < k; i++) {
        uint32_t e = ents[i], fires = 1 + below(c, 3);
        uint64_t addr, t_unmask;
        uint32_t data;
        char ex[96];

        TRY(fresh(c));
        rand_pair(c, &addr, &data);
        TRY(program(c, e, addr, data, true));
        for (uint32_t f = 0; f < fires; f++) {
            TRY(fire(c, e, 0, false));
            TRY(clk(c, below(c, 4)));
        }
        TRY(settle(c, c->o.latency_bound));
        /* 5. hostmem: READ reports the pending fire */
        if (c->hostmem) {
            bool pend;

            TRY(pending_read(c, e, &pend));
            if (!pend)
                return fail(c, 5, e, dcycle(c), "READ reports STATUS.pending",
                            "READ reports no pending after %" PRIu32 " masked fire(s): "
                            "pending lost", fires);
        }
        /* 1. the unmask emits the pending message ... */
        c->mb.n = 0;
        TRY(set_mask(c, e, false));
        t_unmask = dcycle(c);
        TRY(wait_msgs(c, 1, c->o.latency_bound));
        snprintf(ex, sizeof(ex), "1 message (addr 0x%" PRIx64 " data 0x%" PRIx32 ") on unmask",
                 addr, data);
        if (c->mb.n == 0)
            return fail(c, 1, e, t_unmask, ex,
                        "no message within %" PRIu32 " cycles of unmasking after %" PRIu32
                        " masked fire(s): pending lost", c->o.latency_bound, fires);
        /* 2. ... with the entry's pair ... */
        if (c->mb.m[0].addr != addr || c->mb.m[0].data != data)
            return fail(c, 2, e, c->mb.m[0].cycle, ex,
                        "unmask emitted addr 0x%" PRIx64 " data 0x%" PRIx32,
                        c->mb.m[0].addr, c->mb.m[0].data);
        /* 3. ... exactly once (masked fires coalesce) */
        TRY(settle(c, c->o.latency_bound));
        if (c->mb.n != 1)
            return fail(c, 3, e, c->mb.m[1].cycle, ex,
                        "%zu messages after unmasking (%" PRIu32 " masked fires)", c->mb.n,
                        fires);
        /* 5. hostmem: ... and READ no longer reports it pending */
        if (c->hostmem) {
            bool pend;

            TRY(pending_read(c, e, &pend));
            if (pend)
                return fail(c, 5, e, dcycle(c), "READ reports no pending after the release",
                            "READ reports STATUS.pending after the unmask released the "
                            "message");
        }
        /* 4. mask and unmask again, nothing fired: nothing emitted */
        TRY(set_mask(c, e, true));
        TRY(set_mask(c, e, false));
        TRY(settle(c, c->o.latency_bound));
        if (c->mb.n != 1)
            return fail(c, 4, e, c->mb.m[1].cycle, "nothing on a second unmask",
                        "a second mask/unmask without a fire emitted again: pending not "
                        "cleared");
        TRY(set_mask(c, e, true));
    }
    return 0;
}

/* ---- IMS-R-TORN-01 --------------------------------------------------------- */

#define TORN_ROUNDS 4
#define TORN_ENTRIES 3

/* Fire the entry 1..3 times with 0..3 idle cycles after each. */
static int burst(struct hx_ims_ctx *c, uint32_t e)
{
    uint32_t k = 1 + below(c, 3);

    for (uint32_t i = 0; i < k; i++) {
        TRY(fire(c, e, 0, false));
        TRY(clk(c, below(c, 4)));
    }
    return 0;
}

/* "mask,addr_lo,addr_hi,data,commit,unmask"; @commit: "commit", "SET_PAIR" or NULL */
static void order_name(char *buf, size_t len, const enum ims_field_id *ord, size_t n,
                       bool masked, const char *commit)
{
    size_t o = 0;

    o += (size_t)snprintf(buf + o, len - o, "%s", masked ? "mask," : "");
    for (size_t i = 0; i < n && o < len; i++)
        o += (size_t)snprintf(buf + o, len - o, "%s%s", ims_field_name(ord[i]),
                              i + 1 < n ? "," : "");
    if (o < len && commit)
        o += (size_t)snprintf(buf + o, len - o, ",%s", commit);
    if (o < len && masked)
        snprintf(buf + o, len - o, ",unmask");
}

/*
 * One update of entry @e from (oa, od) to a new pair with the writes in @ord.
 * hostmem: the writes stage the pair in the command block and one SET_PAIR
 * applies it, with the entry fired at random times while it runs.
 */
static int torn_once(struct hx_ims_ctx *c, uint32_t e, const enum ims_field_id *ord,
                     size_t n, bool masked)
{
    bool commit = !c->hostmem && c->l->update == IMS_UPDATE_ON_COMMIT;
    uint64_t oa, na;
    uint32_t od, nd;
    char proc[80], ex[96];

    TRY(fresh(c));
    rand_pair(c, &oa, &od);
    do
        rand_pair(c, &na, &nd);
    while ((uint32_t)na == (uint32_t)oa || nd == od ||
           (has(c, IMS_F_ADDR_HI) && fmask(&c->l->field[IMS_F_ADDR_HI]) &&
            na >> 32 == oa >> 32));
    TRY(program(c, e, oa, od, false));
    TRY(settle(c, c->o.latency_bound));
    c->mb.n = 0;
    /* the update, with fires before and after every write */
    if (masked) {
        TRY(burst(c, e));
        TRY(set_mask(c, e, true));
    }
    for (size_t i = 0; i < n; i++) {
        uint32_t v = ord[i] == IMS_F_ADDR_LO ? (uint32_t)na
                   : ord[i] == IMS_F_ADDR_HI ? (uint32_t)(na >> 32) : nd;

        TRY(burst(c, e));
        if (c->hostmem)
            TRY(blk_write(c, pair_reg(ord[i]), v));
        else
            TRY(field_write(c, e, ord[i], v));
    }
    if (commit) {
        TRY(burst(c, e));
        TRY(field_write(c, e, IMS_F_COMMIT, 1));
    }
    if (c->hostmem) {
        TRY(burst(c, e));
        TRY(cmd(c, e, IMS_CMD_OP_SET_PAIR, e, NULL));
    }
    if (masked) {
        TRY(burst(c, e));
        TRY(set_mask(c, e, false));
    }
    TRY(burst(c, e));
    TRY(settle(c, c->o.latency_bound));
    order_name(proc, sizeof(proc), ord, n, masked,
               c->hostmem ? "SET_PAIR" : commit ? "commit" : NULL);
    snprintf(ex, sizeof(ex), "old 0x%" PRIx64 "/0x%" PRIx32 " or new 0x%" PRIx64 "/0x%" PRIx32,
             oa, od, na, nd);
    for (size_t i = 0; i < c->mb.n; i++) {
        const struct ims_dut_msg *m = &c->mb.m[i];

        if ((m->addr == oa && m->data == od) || (m->addr == na && m->data == nd))
            continue;
        return fail(c, 1, e, m->cycle, ex,
                    "torn: message addr 0x%" PRIx64 " data 0x%" PRIx32 " during update %s",
                    m->addr, m->data, proc);
    }
    /* after the update a fire must emit the new pair (the update took effect) */
    c->mb.n = 0;
    TRY(fire(c, e, 0, false));
    TRY(wait_msgs(c, 1, c->o.latency_bound));
    snprintf(ex, sizeof(ex), "new pair 0x%" PRIx64 "/0x%" PRIx32 " after the update", na, nd);
    if (c->mb.n == 0)
        return fail(c, 2, e, dcycle(c), ex, "after update %s a fire emitted nothing", proc);
    if (c->mb.m[0].addr != na || c->mb.m[0].data != nd)
        return fail(c, 2, e, c->mb.m[0].cycle, ex,
                    "after update %s a fire emitted addr 0x%" PRIx64 " data 0x%" PRIx32,
                    proc, c->mb.m[0].addr, c->mb.m[0].data);
    return settle(c, c->o.latency_bound);
}

static bool next_perm(enum ims_field_id *a, size_t n)
{
    size_t i, j;

    if (n < 2)
        return false;
    for (i = n - 1; i > 0 && a[i - 1] >= a[i]; i--)
        ;
    if (i == 0)
        return false;
    for (j = n - 1; a[j] <= a[i - 1]; j--)
        ;
    enum ims_field_id t = a[i - 1];
    a[i - 1] = a[j];
    a[j] = t;
    for (j = n - 1; i < j; i++, j--) {
        t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
    return true;
}

static int rule_torn(struct hx_ims_ctx *c)
{
    const struct ims_layout *l = c->l;
    enum ims_field_id ord[3];
    uint32_t ents[TORN_ENTRIES];
    size_t n = 0, k;

    if (l->mask_for_update && !has(c, IMS_F_MASK))
        return skip(c, "the layout needs a masked update and has no mask field");
    if (!c->hostmem && l->update == IMS_UPDATE_ON_COMMIT && !has(c, IMS_F_COMMIT))
        return skip(c, "update on-commit without a commit field");
    ord[n++] = IMS_F_ADDR_LO;
    if (has(c, IMS_F_ADDR_HI) || c->hostmem)    /* the block always has ADDR_HI */
        ord[n++] = IMS_F_ADDR_HI;
    ord[n++] = IMS_F_DATA;
    k = pick(c, ents, TORN_ENTRIES);
    /*
     * Every procedure the descriptor allows: any write order, except that
     * update on-data commits on the data write, so data comes last; masked
     * (mask first, unmask last) always, unmasked too unless mask_for_update.
     * hostmem: any order of staging ADDR_LO, ADDR_HI, DATA, then SET_PAIR.
     */
    do {
        if (l->update == IMS_UPDATE_ON_DATA && ord[n - 1] != IMS_F_DATA)
            continue;
        for (int masked = l->mask_for_update || !has(c, IMS_F_MASK) ? 1 : 0;
             masked < 2 && !failed(c); masked++) {
            bool m = masked && has(c, IMS_F_MASK);

            for (size_t i = 0; i < k && !failed(c); i++)
                for (int r = 0; r < TORN_ROUNDS && !failed(c); r++)
                    TRY(torn_once(c, ents[i], ord, n, m));
        }
    } while (!failed(c) && next_perm(ord, n));
    return 0;
}

/* ---- IMS-R-PASID-01 -------------------------------------------------------- */

static int rule_pasid(struct hx_ims_ctx *c)
{
    uint32_t ents[PICK_MAX], pm;
    size_t k;

    if (!has(c, IMS_F_PASID_EN) || !has(c, IMS_F_PASID))
        return skip(c, "the layout has no PASID enable and PASID fields");
    pm = fmask(&c->l->field[IMS_F_PASID]) & 0xFFFFF;    /* PASIDs are 20 bits */
    if (pm == 0)
        return skip(c, "the PASID field holds no PASID bits");
    k = pick_default(c, ents);
    for (size_t i = 0; i < k; i++) {
        uint32_t e = ents[i];
        uint32_t p = pm == 1 ? 1 : 1 + below(c, pm);
        uint32_t q = pm == 1 ? 0 : (p + 1 + below(c, pm - 1)) & pm;
        uint64_t addr;
        uint32_t data;
        int fr;

        if (q == p)
            q = (p + 1) & pm;
        TRY(fresh(c));
        rand_pair(c, &addr, &data);
        TRY(program(c, e, addr, data, true));
        TRY(field_write(c, e, IMS_F_PASID, p));
        TRY(field_write(c, e, IMS_F_PASID_EN, 1));
        TRY(set_mask(c, e, false));
        c->mb.n = 0;
        /* 1. another PASID is refused */
        TRY(fr = fire(c, e, q, true));
        if (fr != IMS_DUT_FIRE_REFUSED)
            return fail(c, 1, e, dcycle(c), "refused (PASID mismatch)",
                        "entry PASID 0x%" PRIx32 " enabled, fire with PASID 0x%" PRIx32
                        " %s", p, q, fire_name(fr));
        /* 2. no PASID is refused */
        TRY(fr = fire(c, e, 0, false));
        if (fr != IMS_DUT_FIRE_REFUSED)
            return fail(c, 2, e, dcycle(c), "refused (no PASID)",
                        "entry PASID 0x%" PRIx32 " enabled, fire without a PASID %s", p,
                        fire_name(fr));
        /* 3. a refused request emits nothing */
        TRY(settle(c, c->o.latency_bound));
        if (c->mb.n)
            return fail(c, 3, e, c->mb.m[0].cycle, "no message for a refused fire",
                        "a refused fire emitted addr 0x%" PRIx64 " data 0x%" PRIx32,
                        c->mb.m[0].addr, c->mb.m[0].data);
        /* 4. the entry's own PASID is served */
        TRY(fr = fire(c, e, p, true));
        TRY(wait_msgs(c, 1, c->o.latency_bound));
        if (fr != IMS_DUT_FIRE_ACCEPTED || c->mb.n != 1)
            return fail(c, 4, e, dcycle(c), "own PASID accepted, 1 message",
                        "fire with the entry's PASID 0x%" PRIx32 " %s, %zu message(s)", p,
                        fire_name(fr), c->mb.n);
        /* 5. PASID enable clear serves any requester */
        TRY(field_write(c, e, IMS_F_PASID_EN, 0));
        TRY(settle(c, c->o.latency_bound));
        c->mb.n = 0;
        TRY(fr = fire(c, e, q, true));
        TRY(wait_msgs(c, 1, c->o.latency_bound));
        if (fr != IMS_DUT_FIRE_ACCEPTED || c->mb.n != 1)
            return fail(c, 5, e, dcycle(c), "PASID enable clear: accepted, 1 message",
                        "PASID enable clear, fire with PASID 0x%" PRIx32 " %s, %zu "
                        "message(s)", q, fire_name(fr), c->mb.n);
        TRY(set_mask(c, e, true));
        TRY(settle(c, c->o.latency_bound));
    }
    return 0;
}

/* ---- IMS-R-RANGE-01 -------------------------------------------------------- */

static int rule_range(struct hx_ims_ctx *c)
{
    uint32_t n = c->l->entries;
    uint32_t idx[6];
    size_t k = 0;

    /* entries an out-of-range index would alias to are live */
    for (uint32_t e = 0; e < n; e += n - 1 ? n - 1 : 1) {
        uint64_t addr;
        uint32_t data;

        rand_pair(c, &addr, &data);
        TRY(program(c, e, addr, data, false));
    }
    idx[k++] = n;
    idx[k++] = n + 1;
    idx[k++] = n + below(c, n + 16);
    idx[k++] = n * 2 - 1 > n ? n * 2 - 1 : n;
    idx[k++] = 0x10000 > n ? 0x10000 : n + 2;
    idx[k++] = UINT32_MAX;
    TRY(settle(c, c->o.latency_bound));
    c->mb.n = 0;
    for (size_t i = 0; i < k; i++) {
        int fr = fire(c, idx[i], 0, false);

        TRY(fr);
        if (fr != IMS_DUT_FIRE_REFUSED)
            return fail(c, 1, idx[i], dcycle(c), "refused (index out of range)",
                        "fire of index %" PRIu32 " (table has %" PRIu32 " entries) %s",
                        idx[i], n, fire_name(fr));
    }
    TRY(settle(c, c->o.latency_bound));
    if (c->mb.n)
        return fail(c, 2, c->mb.m[0].index, c->mb.m[0].cycle, "no message",
                    "out-of-range fires emitted %zu message(s), first from index %" PRIu32,
                    c->mb.n, c->mb.m[0].index);
    /* 3. hostmem: a command naming such an index ends with STATUS.error */
    for (size_t i = 0; c->hostmem && i < k; i += k - 1) {
        uint32_t st;

        TRY(cmd_go(c, idx[i], IMS_CMD_OP_READ, HX_IMS_NO_ENTRY, &st));
        if (!(st & IMS_CMD_STS_ERROR))
            return fail(c, 3, idx[i], dcycle(c), "STATUS.error (index out of range)",
                        "READ of index %" PRIu32 " (table has %" PRIu32 " entries) ended "
                        "with STATUS 0x%" PRIx32, idx[i], n, st);
    }
    return 0;
}

/* ---- IMS-R-FAIR-01 --------------------------------------------------------- */

struct fair_fire {
    uint32_t entry;
    uint32_t next;          /* next fire of the same entry, or UINT32_MAX */
    uint64_t cycle;
    bool done;
};

struct fair {
    struct fair_fire *f;
    uint32_t *head, *tail; /* per entry: oldest and newest unmatched fire */
    uint32_t nf, oldest;   /* fires issued; the oldest possibly unmatched */
};

/* Match every collected message to the oldest outstanding fire of its entry. */
static int fair_match(struct hx_ims_ctx *c, struct fair *fr)
{
    for (size_t i = 0; i < c->mb.n; i++) {
        const struct ims_dut_msg *m = &c->mb.m[i];
        uint32_t k;

        if (m->index >= c->l->entries || fr->head[m->index] == UINT32_MAX)
            return fail(c, 3, m->index, m->cycle, "one message per accepted fire",
                        "message for entry %" PRIu32 " with no fire outstanding", m->index);
        k = fr->head[m->index];
        fr->head[m->index] = fr->f[k].next;
        if (fr->head[m->index] == UINT32_MAX)
            fr->tail[m->index] = UINT32_MAX;
        fr->f[k].done = true;
        if (m->cycle - fr->f[k].cycle > c->o.latency_bound)
            return fail(c, 4, m->index, m->cycle, "message within the bound",
                        "message %" PRIu64 " cycles after its fire (bound %" PRIu32 ")",
                        m->cycle - fr->f[k].cycle, c->o.latency_bound);
    }
    c->mb.n = 0;
    while (fr->oldest < fr->nf && fr->f[fr->oldest].done)
        fr->oldest++;
    if (fr->oldest < fr->nf && dcycle(c) - fr->f[fr->oldest].cycle > c->o.latency_bound)
        return fail(c, 4, fr->f[fr->oldest].entry, dcycle(c), "message within the bound",
                    "no message %" PRIu64 " cycles after the fire at cycle %" PRIu64
                    " (bound %" PRIu32 "): starved", dcycle(c) - fr->f[fr->oldest].cycle,
                    fr->f[fr->oldest].cycle - c->c0, c->o.latency_bound);
    return 0;
}

static int rule_fair(struct hx_ims_ctx *c)
{
    uint32_t n = c->l->entries;
    uint32_t total = c->o.fair_fires > n ? c->o.fair_fires : n;
    struct fair fr = { 0 };
    int rc = -ENOMEM;

    fr.f = calloc(total, sizeof(*fr.f));
    fr.head = malloc((size_t)n * sizeof(*fr.head));
    fr.tail = malloc((size_t)n * sizeof(*fr.tail));
    if (!fr.f || !fr.head || !fr.tail)
        goto out;
    memset(fr.head, 0xff, (size_t)n * sizeof(*fr.head));
    memset(fr.tail, 0xff, (size_t)n * sizeof(*fr.tail));
    /*
     * Program from the last entry down: a design whose entries overlap then
     * still gets every entry's own control field written last.  Overlap is
     * IMS-R-FIELDS-01's subject; this rule is about service.
     */
    for (uint32_t e = n; e-- > 0;) {
        uint64_t addr;
        uint32_t data;

        rand_pair(c, &addr, &data);
        if ((rc = program(c, e, addr, data, false)) < 0)
            goto out;
    }
    if ((rc = settle(c, c->o.latency_bound)) < 0)
        goto out;
    c->mb.n = 0;
    /* back to back, round robin over every entry */
    for (uint32_t i = 0; i < total && !failed(c); i++) {
        uint32_t e = i % n;
        int r = fire(c, e, 0, false);

        if (r < 0) {
            rc = r;
            goto out;
        }
        if (r != IMS_DUT_FIRE_ACCEPTED) {
            fail(c, r == IMS_DUT_FIRE_REFUSED ? 1 : 2, e, dcycle(c), "fire accepted",
                 "fire %" PRIu32 " of %" PRIu32 " (round robin) %s", i + 1, total,
                 fire_name(r));
            break;
        }
        fr.f[fr.nf] = (struct fair_fire){ .entry = e, .next = UINT32_MAX,
                                          .cycle = dcycle(c) };
        if (fr.tail[e] != UINT32_MAX)
            fr.f[fr.tail[e]].next = fr.nf;
        else
            fr.head[e] = fr.nf;
        fr.tail[e] = fr.nf++;
        if ((rc = collect(c)) < 0 || (rc = fair_match(c, &fr)) < 0)
            goto out;
    }
    /* drain: every outstanding fire must still be served within the bound */
    for (uint32_t t = 0; !failed(c) && t <= c->o.latency_bound + 1; t++) {
        if ((rc = settle(c, 1)) < 0 || (rc = fair_match(c, &fr)) < 0)
            goto out;
        if (fr.oldest == fr.nf)
            break;
    }
    rc = 0;
out:
    free(fr.f);
    free(fr.head);
    free(fr.tail);
    return rc;
}

/* ---- IMS-R-MSG-01 ---------------------------------------------------------- */

static int rule_msg(struct hx_ims_ctx *c)
{
    uint32_t ents[PICK_MAX];
    size_t k = pick_default(c, ents);

    for (size_t i = 0; i < k; i++) {
        uint32_t e = ents[i], data;
        const struct ims_dut_msg *m;
        uint64_t addr;
        char ex[96];
        int fr;

        TRY(fresh(c));
        rand_pair(c, &addr, &data);
        TRY(program(c, e, addr, data, false));
        TRY(settle(c, 2));
        c->mb.n = 0;
        TRY(fr = fire(c, e, 0, false));
        if (fr != IMS_DUT_FIRE_ACCEPTED)
            return fail(c, 1, e, dcycle(c), "fire accepted", "fire %s", fire_name(fr));
        TRY(wait_msgs(c, 1, c->o.latency_bound));
        snprintf(ex, sizeof(ex), "DWORD write addr 0x%" PRIx64 " data 0x%" PRIx32
                 " index %" PRIu32, addr, data, e);
        if (c->mb.n == 0)
            return fail(c, 2, e, dcycle(c), ex, "no message within %" PRIu32 " cycles",
                        c->o.latency_bound);
        m = &c->mb.m[0];
        if (m->len != 4)
            return fail(c, 3, e, m->cycle, ex, "message length %" PRIu32 " bytes, not 4",
                        m->len);
        if (m->addr != addr || m->data != data)
            return fail(c, m->addr != addr ? 4 : 5, e, m->cycle, ex,
                        "message addr 0x%" PRIx64 " data 0x%" PRIx32, m->addr, m->data);
        if (m->index != e)
            return fail(c, 6, e, m->cycle, ex, "message reports index %" PRIu32, m->index);
        TRY(settle(c, c->o.latency_bound));
        if (c->mb.n != 1)
            return fail(c, 7, e, c->mb.m[1].cycle, ex, "%zu messages for one fire", c->mb.n);
        TRY(set_mask(c, e, true));
    }
    return 0;
}

/* ---- the list ----------------------------------------------------------------- */

static const struct hx_ims_rule rules[] = {
    { "IMS-R-FIELDS-01",
      "Every field of every entry, first and last included, holds what was written "
      "there and the entry's message carries its pair", rule_fields },
    { "IMS-R-RESET-01",
      "After reset every entry is masked with nothing pending: firing emits nothing, "
      "and unmasking an entry never fired emits nothing", rule_reset },
    { "IMS-R-MASK-01",
      "A fire on a masked entry is accepted (it sets pending) and emits nothing", rule_mask },
    { "IMS-R-PEND-01",
      "Unmasking an entry with a pending fire emits its message exactly once, with the "
      "entry's pair; masked fires coalesce (hostmem: READ reports the entry pending until "
      "then)", rule_pend },
    { "IMS-R-TORN-01",
      "No message ever pairs an old address with new data or the reverse, under any "
      "write order the descriptor allows (hostmem: before, during and after the one "
      "SET_PAIR command that carries the pair)", rule_torn },
    { "IMS-R-PASID-01",
      "With PASID enable set, a fire with another PASID or none is refused and emits "
      "nothing; the entry's own PASID is served", rule_pasid },
    { "IMS-R-RANGE-01",
      "A fire of an index at or beyond the entry count is refused and emits nothing "
      "(hostmem: a command naming such an index ends with STATUS.error)", rule_range },
    { "IMS-R-FAIR-01",
      "Back-to-back fires round robin over every entry are all accepted and each emits "
      "its message within the latency bound (no starvation)", rule_fair },
    { "IMS-R-MSG-01",
      "Each fire emits one DWORD posted write (len 4) of the entry's address and data, "
      "tagged with the entry's index", rule_msg },
};

const struct hx_ims_rule *hx_ims_rules(size_t *n)
{
    *n = sizeof(rules) / sizeof(rules[0]);
    return rules;
}

const struct hx_ims_rule *hx_ims_rule_find(const char *id)
{
    for (size_t i = 0; id && i < sizeof(rules) / sizeof(rules[0]); i++)
        if (!strcmp(rules[i].id, id))
            return &rules[i];
    return NULL;
}

const char *hx_ims_verdict_name(enum hx_ims_verdict v)
{
    switch (v) {
    case HX_IMS_PASS: return "pass";
    case HX_IMS_FAIL: return "fail";
    case HX_IMS_SKIP: return "skip";
    }
    return "?";
}

int hx_ims_rule_run(const struct hx_ims_rule *rule, struct ims_dut *dut,
                    const struct ims_layout *l, const struct hx_ims_opts *o,
                    struct hx_ims_result *res)
{
    struct hx_ims_ctx c = { .rule = rule, .dut = dut, .l = l, .res = res };
    int rc;

    if (!rule || !dut || !dut->ops || !l || !res)
        return -EINVAL;
    memset(res, 0, sizeof(*res));
    res->entry = HX_IMS_NO_ENTRY;
    if (l->entries == 0 || dut->ops->entries(dut->state) != l->entries)
        return -EINVAL;
    if (o)
        c.o = *o;
    if (!c.o.latency_bound)
        c.o.latency_bound = HX_IMS_LATENCY_BOUND;
    if (!c.o.fire_wait)
        c.o.fire_wait = HX_IMS_FIRE_WAIT;
    if (!c.o.samples)
        c.o.samples = HX_IMS_SAMPLES;
    if (!c.o.fair_fires)
        c.o.fair_fires = HX_IMS_FAIR_FIRES;
    sim_rng_seed(&c.rng, c.o.seed, sim_rng_stream_id(rule->id));
    c.hostmem = l->storage == IMS_STORAGE_HOSTMEM;
    c.cmd_bound = 2 * (uint64_t)l->cmd_latency + c.o.latency_bound;
    rc = dut->ops->reset(dut->state);
    if (rc == 0) {
        c.c0 = dcycle(&c);
        /* nothing left over from before the reset counts */
        rc = collect(&c);
        c.mb.n = 0;
    }
    if (rc == 0)
        rc = rule->run(&c);
    if (c.stopped)          /* the failure a helper recorded, not a design error */
        rc = 0;
    if (rc < 0 && res->verdict != HX_IMS_FAIL) {
        uint64_t now = dcycle(&c);

        res->verdict = HX_IMS_FAIL;
        res->dut_cycle = now;
        res->cycle = now >= c.c0 ? now - c.c0 : 0;
        snprintf(res->expected, sizeof(res->expected), "the design's ops to succeed");
        snprintf(res->observed, sizeof(res->observed), "design error: %s", strerror(-rc));
    }
    free(c.mb.m);
    return rc < 0 ? rc : 0;
}
