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

#include "harness/ims_rules_int.h"
#include "harness/ims_tlp.h"

/* ---- small helpers ----------------------------------------------------------- */

uint32_t hx_imsr_fmask(const struct ims_field *f)
{
    return f->width >= 32 ? UINT32_MAX : (UINT32_C(1) << f->width) - 1;
}

uint32_t hx_imsr_vmask(const struct ims_field *f)
{
    return hx_imsr_fmask(f) & ~(f->reserved | f->read_only);
}

bool hx_imsr_has(const struct hx_ims_ctx *c, enum ims_field_id f)
{
    return c->l->field[f].present;
}

static uint32_t reg_of(const struct hx_ims_ctx *c, uint32_t e, enum ims_field_id f)
{
    return c->l->base + e * c->l->stride + c->l->field[f].offset;
}

uint64_t hx_imsr_dcycle(const struct hx_ims_ctx *c)
{
    return c->dut->ops->cycle(c->dut->state);
}

uint32_t hx_imsr_rnd32(struct hx_ims_ctx *c)
{
    return (uint32_t)sim_rng_next(&c->rng);
}

uint32_t hx_imsr_below(struct hx_ims_ctx *c, uint32_t n)
{
    return (uint32_t)sim_rng_below(&c->rng, n);
}

/*
 * Record the first failure of a rule.  @dut_cycle is the design's cycle of
 * the event (a message's cycle, or now).  Always returns 0 so a check can
 * `return hx_imsr_fail(...)`.
 */
__attribute__((format(printf, 6, 0)))
static void vfail(struct hx_ims_ctx *c, unsigned cp, uint32_t entry, uint64_t dut_cycle,
                  const char *expected, const char *fmt, va_list ap)
{
    struct hx_ims_result *r = c->res;

    r->verdict = HX_IMS_FAIL;
    r->checkpoint = cp;
    r->entry = entry;
    r->emitted = HX_IMS_NO_ENTRY;
    r->dut_cycle = dut_cycle;
    r->cycle = dut_cycle >= c->c0 ? dut_cycle - c->c0 : 0;
    snprintf(r->expected, sizeof(r->expected), "%s", expected);
    vsnprintf(r->observed, sizeof(r->observed), fmt, ap);
}

int hx_imsr_fail(struct hx_ims_ctx *c, unsigned cp, uint32_t entry, uint64_t dut_cycle,
                 const char *expected, const char *fmt, ...)
{
    va_list ap;

    if (c->res->verdict == HX_IMS_FAIL)
        return 0;
    va_start(ap, fmt);
    vfail(c, cp, entry, dut_cycle, expected, fmt, ap);
    va_end(ap);
    return 0;
}

int hx_imsr_fail_msg(struct hx_ims_ctx *c, unsigned cp, uint32_t entry,
                     const struct ims_dut_msg *m, const char *kind, uint64_t addr,
                     uint32_t data, const char *expected, const char *fmt, ...)
{
    struct hx_ims_result *r = c->res;
    va_list ap;

    if (r->verdict == HX_IMS_FAIL)
        return 0;
    va_start(ap, fmt);
    vfail(c, cp, entry, m->cycle, expected, fmt, ap);
    va_end(ap);
    r->emitted = m->index;
    snprintf(r->kind, sizeof(r->kind), "%s", kind ? kind : "");
    r->has_pair = true;
    r->exp_addr = addr;
    r->exp_data = data;
    r->act_addr = m->addr;
    r->act_data = m->data;
    return 0;
}

void hx_imsr_set_kind(struct hx_ims_ctx *c, const char *kind)
{
    snprintf(c->res->kind, sizeof(c->res->kind), "%s", kind);
}

/* Whether @got is @want with its upper half dropped (bits 63:32 lost). */
static bool truncated(uint64_t got, uint64_t want)
{
    return want >> 32 && got == (uint32_t)want;
}

const char *hx_imsr_msg_diff(const struct ims_dut_msg *m, uint32_t e, uint64_t addr,
                             uint32_t data)
{
    if (m->index != e)
        return HX_IMS_KIND_OTHER_ENTRY;
    if (m->addr != addr)
        return truncated(m->addr, addr) ? HX_IMS_KIND_TRUNCATED : HX_IMS_KIND_WRONG_ADDR;
    if (m->data != data)
        return HX_IMS_KIND_WRONG_DATA;
    return NULL;
}

const char *hx_imsr_update_diff(const struct ims_dut_msg *m, uint32_t e, uint64_t oa,
                                uint32_t od, uint64_t na, uint32_t nd)
{
    uint32_t lo = (uint32_t)m->addr, hi = (uint32_t)(m->addr >> 32);
    bool lo_ok = lo == (uint32_t)oa || lo == (uint32_t)na;
    bool hi_ok = hi == (uint32_t)(oa >> 32) || hi == (uint32_t)(na >> 32);
    bool d_ok = m->data == od || m->data == nd;

    if (m->index != e)
        return HX_IMS_KIND_OTHER_ENTRY;
    if ((m->addr == oa && m->data == od) || (m->addr == na && m->data == nd))
        return NULL;
    if ((truncated(m->addr, oa) || truncated(m->addr, na)) && d_ok)
        return HX_IMS_KIND_TRUNCATED;
    if (lo_ok && hi_ok && d_ok)
        return HX_IMS_KIND_TORN;
    return lo_ok && hi_ok ? HX_IMS_KIND_WRONG_DATA : HX_IMS_KIND_WRONG_ADDR;
}

int hx_imsr_fail_other(struct hx_ims_ctx *c, unsigned cp, uint32_t e,
                       const struct ims_dut_msg *m, uint64_t addr, uint32_t data,
                       const char *while_)
{
    char ex[96];

    snprintf(ex, sizeof(ex), "only entry %" PRIu32 "'s message (addr 0x%" PRIx64 " data 0x%"
             PRIx32 ")", e, addr, data);
    return hx_imsr_fail_msg(c, cp, e, m, HX_IMS_KIND_OTHER_ENTRY, addr, data, ex,
                            "message from entry %" PRIu32 " (addr 0x%" PRIx64 " data 0x%"
                            PRIx32 ") %s entry %" PRIu32 " was under test", m->index,
                            m->addr, m->data, while_, e);
}

__attribute__((format(printf, 2, 3)))
int hx_imsr_skip(struct hx_ims_ctx *c, const char *fmt, ...)
{
    va_list ap;

    c->res->verdict = HX_IMS_SKIP;
    va_start(ap, fmt);
    vsnprintf(c->res->observed, sizeof(c->res->observed), fmt, ap);
    va_end(ap);
    return 0;
}

bool hx_imsr_failed(const struct hx_ims_ctx *c)
{
    return c->res->verdict == HX_IMS_FAIL;
}

/* ---- driving the design ---------------------------------------------------- */

/* Stop the rule after a helper recorded its failure (not a design error). */
int hx_imsr_stop(struct hx_ims_ctx *c)
{
    c->stopped = true;
    return -ECANCELED;
}

int hx_imsr_clk(struct hx_ims_ctx *c, uint64_t n)
{
    return n ? c->dut->ops->clock(c->dut->state, n) : 0;
}

int hx_imsr_fire(struct hx_ims_ctx *c, uint32_t e, uint32_t pasid, bool valid)
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

int hx_imsr_blk_write(struct hx_ims_ctx *c, uint32_t reg, uint32_t v)
{
    return c->dut->ops->reg_write(c->dut->state, c->l->base + reg, v);
}

int hx_imsr_blk_read(struct hx_ims_ctx *c, uint32_t reg, uint32_t *v)
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
        uint64_t el = hx_imsr_dcycle(c) - t0;

        if (fires && el < dense) {
            uint64_t gap = hx_imsr_below(c, (uint32_t)(lat / 8 + 1));

            TRY(hx_imsr_fire(c, fire_e, 0, false));
            el = hx_imsr_dcycle(c) - t0;
            TRY(hx_imsr_clk(c, el < dense && gap > dense - el ? dense - el : gap));
            continue;
        }
        if (fires && el < lat + CMD_EDGE) {
            TRY(hx_imsr_fire(c, fire_e, 0, false));
            continue;
        }
        if (!fires && el + 1 < lat) {
            /* the status read below is the cycle the command is due */
            TRY(hx_imsr_clk(c, lat - el - 1));
            continue;
        }
        TRY(hx_imsr_blk_read(c, IMS_CMD_STATUS, st));
        if (!(*st & IMS_CMD_STS_BUSY))
            return 0;
        if (hx_imsr_dcycle(c) - t0 > c->cmd_bound) {
            char ex[96];

            snprintf(ex, sizeof(ex), "STATUS.busy clear within %" PRIu64 " cycles of the "
                     "doorbell", c->cmd_bound);
            hx_imsr_fail(c, 0, e, hx_imsr_dcycle(c), ex,
                 "command block: %s of entry %" PRIu32 " still busy %" PRIu64 " cycles after "
                 "its doorbell (cmd_latency %" PRIu32 ")", op_name(op), e, hx_imsr_dcycle(c) - t0,
                 c->l->cmd_latency);
            return hx_imsr_stop(c);
        }
        if (fires)
            TRY(hx_imsr_fire(c, fire_e, 0, false));
        TRY(hx_imsr_clk(c, fires ? hx_imsr_below(c, 4) : 1));
    }
}

/* Ring @op for entry @e (INDEX written just before) and wait for its end. */
int hx_imsr_cmd_go(struct hx_ims_ctx *c, uint32_t e, uint32_t op, uint32_t fire_e,
                  uint32_t *st)
{
    uint64_t t0;

    TRY(hx_imsr_blk_write(c, IMS_CMD_INDEX, e));
    t0 = hx_imsr_dcycle(c);
    TRY(hx_imsr_blk_write(c, IMS_CMD_DOORBELL, op));
    return cmd_wait(c, e, op, t0, fire_e, st);
}

/* As hx_imsr_cmd_go() on a valid entry: STATUS.error or overrun fails the rule. */
int hx_imsr_cmd(struct hx_ims_ctx *c, uint32_t e, uint32_t op, uint32_t fire_e, uint32_t *st)
{
    uint32_t s;

    TRY(hx_imsr_cmd_go(c, e, op, fire_e, &s));
    if (s & (IMS_CMD_STS_ERROR | IMS_CMD_STS_OVERRUN)) {
        hx_imsr_fail(c, 0, e, hx_imsr_dcycle(c),
                     "the command ends without STATUS.error or overrun",
             "command block: %s of entry %" PRIu32 " (of %" PRIu32 ") ended with STATUS "
             "0x%" PRIx32 " (%s)", op_name(op), e, c->l->entries, s,
             s & IMS_CMD_STS_ERROR ? "error" : "overrun: the doorbell was ignored");
        return hx_imsr_stop(c);
    }
    if (st)
        *st = s;
    return 0;
}


/* READ entry @e: the block's ADDR_LO..CTRL then hold its context. */
int hx_imsr_ctx_read(struct hx_ims_ctx *c, uint32_t e, struct hctx *x)
{
    uint32_t st;

    TRY(hx_imsr_cmd(c, e, IMS_CMD_OP_READ, HX_IMS_NO_ENTRY, &st));
    TRY(hx_imsr_blk_read(c, IMS_CMD_ADDR_LO, &x->lo));
    TRY(hx_imsr_blk_read(c, IMS_CMD_ADDR_HI, &x->hi));
    TRY(hx_imsr_blk_read(c, IMS_CMD_DATA, &x->data));
    TRY(hx_imsr_blk_read(c, IMS_CMD_CTRL, &x->ctrl));
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
uint32_t hx_imsr_pair_reg(enum ims_field_id f)
{
    return f == IMS_F_ADDR_LO ? IMS_CMD_ADDR_LO
         : f == IMS_F_ADDR_HI ? IMS_CMD_ADDR_HI : IMS_CMD_DATA;
}

/* ---- entries, whatever the storage ------------------------------------------ */

/* Every field of entry @e (absent fields and commit: 0) into @v. */
int hx_imsr_entry_read(struct hx_ims_ctx *c, uint32_t e, uint32_t v[IMS_F__COUNT])
{
    const struct ims_field *fd = c->l->field;

    memset(v, 0, IMS_F__COUNT * sizeof(*v));
    if (c->hostmem) {
        struct hctx x;

        TRY(hx_imsr_ctx_read(c, e, &x));
        v[IMS_F_ADDR_LO] = x.lo & hx_imsr_vmask(&fd[IMS_F_ADDR_LO]);
        v[IMS_F_ADDR_HI] = hx_imsr_has(c, IMS_F_ADDR_HI)
                           ? x.hi & hx_imsr_vmask(&fd[IMS_F_ADDR_HI]) : 0;
        v[IMS_F_DATA] = x.data & hx_imsr_vmask(&fd[IMS_F_DATA]);
        v[IMS_F_MASK] = x.ctrl & IMS_CMD_CTRL_MASK ? hx_imsr_vmask(&fd[IMS_F_MASK]) : 0;
        v[IMS_F_PASID_EN] = hx_imsr_has(c, IMS_F_PASID_EN) && (x.ctrl & IMS_CMD_CTRL_PASID_EN);
        v[IMS_F_PASID] = hx_imsr_has(c, IMS_F_PASID)
                         ? ((x.ctrl & IMS_CMD_CTRL_PASID_MASK) >> IMS_CMD_CTRL_PASID_SHIFT) &
                           hx_imsr_vmask(&fd[IMS_F_PASID]) : 0;
        return 0;
    }
    for (unsigned f = 0; f < IMS_F__COUNT; f++) {
        uint32_t reg;

        if (!fd[f].present || f == IMS_F_COMMIT)
            continue;
        TRY(c->dut->ops->reg_read(c->dut->state, reg_of(c, e, f), &reg));
        v[f] = (reg >> fd[f].lsb) & hx_imsr_vmask(&fd[f]);
    }
    return 0;
}

int hx_imsr_field_read(struct hx_ims_ctx *c, uint32_t e, enum ims_field_id f, uint32_t *v)
{
    const struct ims_field *fd = &c->l->field[f];
    uint32_t all[IMS_F__COUNT], reg;

    if (c->hostmem) {
        TRY(hx_imsr_entry_read(c, e, all));
        *v = all[f];
        return 0;
    }
    TRY(c->dut->ops->reg_read(c->dut->state, reg_of(c, e, f), &reg));
    *v = (reg >> fd->lsb) & hx_imsr_vmask(fd);
    return 0;
}

/* Where field @f of entry @e is read, for a message. */
void hx_imsr_field_where(const struct hx_ims_ctx *c, uint32_t e, enum ims_field_id f,
                        char *buf, size_t len)
{
    const struct ims_field *fd = &c->l->field[f];

    if (c->hostmem)
        snprintf(buf, len, "(READ of entry %" PRIu32 ")", e);
    else
        snprintf(buf, len, "at 0x%" PRIx32 "[%u:%u]", reg_of(c, e, f),
                 fd->lsb + fd->width - 1u, fd->lsb);
}

int hx_imsr_field_write(struct hx_ims_ctx *c, uint32_t e, enum ims_field_id f, uint32_t v)
{
    const struct ims_field *fd = &c->l->field[f];
    uint32_t m = hx_imsr_fmask(fd) << fd->lsb;
    uint32_t reg;

    if (!fd->present)
        return 0;
    v &= ~(fd->reserved | fd->read_only);     /* software writes those bits 0 */
    if (c->hostmem) {
        struct hctx x;

        /* READ leaves the context in the block: change one field, set it back */
        TRY(hx_imsr_ctx_read(c, e, &x));
        if (f == IMS_F_ADDR_LO || f == IMS_F_ADDR_HI || f == IMS_F_DATA) {
            TRY(hx_imsr_blk_write(c, hx_imsr_pair_reg(f), v));
            return hx_imsr_cmd(c, e, IMS_CMD_OP_SET_PAIR, HX_IMS_NO_ENTRY, NULL);
        }
        TRY(hx_imsr_blk_write(c, IMS_CMD_CTRL, ctrl_put(x.ctrl, f, v)));
        return hx_imsr_cmd(c, e, IMS_CMD_OP_SET_CTRL, HX_IMS_NO_ENTRY, NULL);
    }
    TRY(c->dut->ops->reg_read(c->dut->state, reg_of(c, e, f), &reg));
    reg = (reg & ~m) | ((v << fd->lsb) & m);
    return c->dut->ops->reg_write(c->dut->state, reg_of(c, e, f), reg);
}

int hx_imsr_set_mask(struct hx_ims_ctx *c, uint32_t e, bool masked)
{
    return hx_imsr_field_write(c, e, IMS_F_MASK, masked ? UINT32_MAX : 0);
}

/* hostmem: entry @e's pending bit (READ, STATUS.pending). */
int hx_imsr_pending_read(struct hx_ims_ctx *c, uint32_t e, bool *pending)
{
    struct hctx x;

    TRY(hx_imsr_ctx_read(c, e, &x));
    *pending = x.pending;
    return 0;
}

const char *hx_imsr_fire_name(int r)
{
    switch (r) {
    case IMS_DUT_FIRE_ACCEPTED: return "accepted";
    case IMS_DUT_FIRE_REFUSED: return "refused";
    case IMS_DUT_FIRE_TIMEOUT: return "timed out (irq_ready never rose)";
    default: return "?";
    }
}

/* Move every message the design has emitted into c->mb. */
int hx_imsr_collect(struct hx_ims_ctx *c)
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
        for (size_t i = 0; i < k; i++) {
            char why[160];

            /* a TLP: the rules see what it decodes to (its header: IMS-R-TLP-01) */
            (void)hx_tlp_decode(&tmp[i], c->l->requester_id, why, sizeof(why));
            c->mb.m[c->mb.n + i] = tmp[i];
        }
        c->mb.n += k;
        if (k < 32)
            return 0;
    }
}

/* Clock one cycle at a time until c->mb holds @want messages or @bound cycles passed. */
int hx_imsr_wait_msgs(struct hx_ims_ctx *c, size_t want, uint64_t bound)
{
    TRY(hx_imsr_collect(c));
    for (uint64_t i = 0; i < bound && c->mb.n < want; i++) {
        TRY(hx_imsr_clk(c, 1));
        TRY(hx_imsr_collect(c));
    }
    return 0;
}

/* Clock @n cycles, then collect. */
int hx_imsr_settle(struct hx_ims_ctx *c, uint64_t n)
{
    TRY(hx_imsr_clk(c, n));
    return hx_imsr_collect(c);
}

void hx_imsr_rand_pair(struct hx_ims_ctx *c, uint64_t *addr, uint32_t *data)
{
    const struct ims_layout *l = c->l;
    uint32_t lo = hx_imsr_rnd32(c) & hx_imsr_vmask(&l->field[IMS_F_ADDR_LO]) & ~UINT32_C(3);
    uint32_t hi = hx_imsr_has(c, IMS_F_ADDR_HI)
                  ? hx_imsr_rnd32(c) & hx_imsr_vmask(&l->field[IMS_F_ADDR_HI]) : 0;

    *addr = (uint64_t)hi << 32 | lo;
    *data = hx_imsr_rnd32(c) & hx_imsr_vmask(&l->field[IMS_F_DATA]);
}

int hx_imsr_write_pair(struct hx_ims_ctx *c, uint32_t e, uint64_t addr, uint32_t data)
{
    if (c->hostmem) {
        /* one command carries the whole pair */
        TRY(hx_imsr_blk_write(c, IMS_CMD_ADDR_LO, (uint32_t)addr));
        TRY(hx_imsr_blk_write(c, IMS_CMD_ADDR_HI, (uint32_t)(addr >> 32)));
        TRY(hx_imsr_blk_write(c, IMS_CMD_DATA, data));
        return hx_imsr_cmd(c, e, IMS_CMD_OP_SET_PAIR, HX_IMS_NO_ENTRY, NULL);
    }
    TRY(hx_imsr_field_write(c, e, IMS_F_ADDR_LO, (uint32_t)addr));
    TRY(hx_imsr_field_write(c, e, IMS_F_ADDR_HI, (uint32_t)(addr >> 32)));
    TRY(hx_imsr_field_write(c, e, IMS_F_DATA, data));
    if (c->l->update == IMS_UPDATE_ON_COMMIT)
        TRY(hx_imsr_field_write(c, e, IMS_F_COMMIT, 1));
    return 0;
}

/* The safe procedure: mask, PASID off, pair, commit, then @masked (hostmem: one WRITE). */
int hx_imsr_program(struct hx_ims_ctx *c, uint32_t e, uint64_t addr, uint32_t data,
                   bool masked)
{
    if (c->hostmem) {
        /* one WRITE: the pair, the mask state, PASID enable off */
        TRY(hx_imsr_blk_write(c, IMS_CMD_ADDR_LO, (uint32_t)addr));
        TRY(hx_imsr_blk_write(c, IMS_CMD_ADDR_HI, (uint32_t)(addr >> 32)));
        TRY(hx_imsr_blk_write(c, IMS_CMD_DATA, data));
        TRY(hx_imsr_blk_write(c, IMS_CMD_CTRL, masked ? IMS_CMD_CTRL_MASK : 0));
        return hx_imsr_cmd(c, e, IMS_CMD_OP_WRITE, HX_IMS_NO_ENTRY, NULL);
    }
    TRY(hx_imsr_set_mask(c, e, true));
    TRY(hx_imsr_field_write(c, e, IMS_F_PASID_EN, 0));
    TRY(hx_imsr_write_pair(c, e, addr, data));
    return masked ? 0 : hx_imsr_set_mask(c, e, false);
}

/*
 * Reset between the entries a rule checks, so each check starts from a clean
 * table: what one entry's writes do to another is IMS-R-FIELDS-01's subject.
 */
int hx_imsr_fresh(struct hx_ims_ctx *c)
{
    TRY(c->dut->ops->reset(c->dut->state));
    TRY(hx_imsr_collect(c));
    c->mb.n = 0;
    return 0;
}

/*
 * The entries a rule checks: all of a small table; otherwise the first, the
 * last and opts.samples distinct random ones between them, ascending.
 */
size_t hx_imsr_pick(struct hx_ims_ctx *c, uint32_t *out, size_t max)
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
        uint32_t e = 1 + hx_imsr_below(c, n - 2);
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


size_t hx_imsr_pick_default(struct hx_ims_ctx *c, uint32_t *out)
{
    size_t max = (size_t)c->o.samples + 2;

    return hx_imsr_pick(c, out, max > PICK_MAX ? PICK_MAX : max);
}

/* ---- the list ----------------------------------------------------------------- */

static const struct hx_ims_rule rules[] = {
    { "IMS-R-FIELDS-01", hx_imsr_fields },
    { "IMS-R-RESET-01", hx_imsr_reset },
    { "IMS-R-MASK-01", hx_imsr_mask },
    { "IMS-R-PEND-01", hx_imsr_pend },
    { "IMS-R-PEND-02", hx_imsr_multi },
    { "IMS-R-PBA-01", hx_imsr_pba },
    { "IMS-R-FMASK-01", hx_imsr_fmask_rule },
    { "IMS-R-STRB-01", hx_imsr_strb },
    { "IMS-R-TORN-01", hx_imsr_torn },
    { "IMS-R-PASID-01", hx_imsr_pasid },
    { "IMS-R-RANGE-01", hx_imsr_range },
    { "IMS-R-FAIR-01", hx_imsr_fair },
    { "IMS-R-REACH-01", hx_imsr_reach },
    { "IMS-R-READY-01", hx_imsr_ready },
    { "IMS-R-MSG-01", hx_imsr_msg },
    { "IMS-R-TLP-01", hx_imsr_tlp },
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
    res->entry = res->emitted = HX_IMS_NO_ENTRY;
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
        c.c0 = hx_imsr_dcycle(&c);
        /* nothing left over from before the reset counts */
        rc = hx_imsr_collect(&c);
        c.mb.n = 0;
    }
    if (rc == 0)
        rc = rule->run(&c);
    if (c.stopped)          /* the failure a helper recorded, not a design error */
        rc = 0;
    if (rc < 0 && res->verdict != HX_IMS_FAIL) {
        uint64_t now = hx_imsr_dcycle(&c);

        res->verdict = HX_IMS_FAIL;
        res->dut_cycle = now;
        res->cycle = now >= c.c0 ? now - c.c0 : 0;
        snprintf(res->expected, sizeof(res->expected), "the design's ops to succeed");
        snprintf(res->observed, sizeof(res->observed), "design error: %s", strerror(-rc));
    }
    free(c.mb.m);
    return rc < 0 ? rc : 0;
}
