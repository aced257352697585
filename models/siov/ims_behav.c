/* SPDX-License-Identifier: MIT */
/*
 * ims_behav.c - the behavioral IMS table driven by a layout descriptor
 * (ims_behav.h describes the cycle model and the update semantics).
 *
 * One cycle is one call of cycle_step() with the port inputs of that
 * cycle; the order inside a cycle is: a hostmem command due now takes
 * effect, the inputs act (reset, write, read, request), one due message
 * leaves on msg_*, the VCD is written, the cycle count advances.
 */
#include "models/siov/ims_behav.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/vcd.h"


enum sig_id {
    S_CLK, S_RST_N, S_REG_WE, S_REG_RE, S_REG_ADDR, S_REG_WDATA, S_REG_RDATA,
    S_REG_ACK, S_IRQ_VALID, S_IRQ_READY, S_IRQ_INDEX, S_IRQ_PASID,
    S_IRQ_PASID_VALID, S_IRQ_ERR, S_MSG_VALID, S_MSG_READY, S_MSG_ADDR,
    S_MSG_DATA, S_MSG_INDEX, S__COUNT
};

static const struct {
    const char *name;
    unsigned width;
} sig_def[S__COUNT] = {
    [S_CLK] = { "clk", 1 },           [S_RST_N] = { "rst_n", 1 },
    [S_REG_WE] = { "reg_we", 1 },     [S_REG_RE] = { "reg_re", 1 },
    [S_REG_ADDR] = { "reg_addr", 32 }, [S_REG_WDATA] = { "reg_wdata", 32 },
    [S_REG_RDATA] = { "reg_rdata", 32 }, [S_REG_ACK] = { "reg_ack", 1 },
    [S_IRQ_VALID] = { "irq_valid", 1 }, [S_IRQ_READY] = { "irq_ready", 1 },
    [S_IRQ_INDEX] = { "irq_index", 32 }, [S_IRQ_PASID] = { "irq_pasid", 20 },
    [S_IRQ_PASID_VALID] = { "irq_pasid_valid", 1 },
    [S_IRQ_ERR] = { "irq_err", 1 },   [S_MSG_VALID] = { "msg_valid", 1 },
    [S_MSG_READY] = { "msg_ready", 1 }, [S_MSG_ADDR] = { "msg_addr", 64 },
    [S_MSG_DATA] = { "msg_data", 32 }, [S_MSG_INDEX] = { "msg_index", 32 },
};

/* The inputs of one cycle (all low: idle). */
struct port_in {
    bool reset;
    bool we, re;
    uint32_t addr, wdata;
    bool irq;
    uint32_t index, pasid;
    bool pasid_valid;
};

/* What the design drove back in that cycle. */
struct port_out {
    uint32_t rdata;
    bool ack, irq_ready, irq_err;
};

struct pair {
    uint32_t lo, hi, data;
};

struct msgq {
    struct ims_dut_msg *v;
    size_t head, n, cap;
};

struct behav {
    struct ims_dut_ops ops;   /* behav_ops with this design's name */
    struct ims_layout l;
    char name[96];
    uint32_t dw;              /* dwords per entry */
    uint32_t *wmask;          /* per dword of an entry: bits a field defines */
    uint32_t *raw;            /* register (or context) images, as written */
    struct pair *live;        /* the pair a message uses */
    uint8_t *pending;         /* per pending slot (ims_layout.pending_slots) */
    uint32_t *porder;         /* in-order release: entries pending, oldest first */
    size_t npo;
    uint64_t next_emit;       /* service_cycles: the next cycle a message may leave */
    bool not_ready;           /* msg_ready held low (set_ready) */
    bool fn_masked;           /* the Function Mask input (set_fmask) */
    uint64_t cyc;
    struct msgq inflight;     /* accepted, .cycle = the cycle it is due */
    struct msgq out;          /* on msg_* already, waiting for collect() */
    /* hostmem command block */
    uint32_t cmd[IMS_CMD_BLOCK_SIZE / 4];
    bool busy;
    uint32_t cmd_op;
    uint64_t cmd_due;
    uint32_t status;
    /* trace */
    struct sim_vcd *vcd;
    int sig[S__COUNT];
};

/* ---- message queues ------------------------------------------------------- */

static int q_push(struct msgq *q, const struct ims_dut_msg *m)
{
    if (q->head + q->n == q->cap) {
        if (q->head) {
            memmove(q->v, q->v + q->head, q->n * sizeof(*q->v));
            q->head = 0;
        } else {
            size_t cap = q->cap ? q->cap * 2 : 16;
            struct ims_dut_msg *v = realloc(q->v, cap * sizeof(*v));

            if (!v)
                return -ENOMEM;
            q->v = v;
            q->cap = cap;
        }
    }
    q->v[q->head + q->n++] = *m;
    return 0;
}

static const struct ims_dut_msg *q_peek(const struct msgq *q)
{
    return q->n ? &q->v[q->head] : NULL;
}

static void q_pop(struct msgq *q)
{
    if (!q->n)
        return;
    q->head++;
    if (!--q->n)
        q->head = 0;
}

/* ---- entries --------------------------------------------------------------- */

static uint32_t *reg_of(struct behav *b, uint32_t entry, uint32_t off)
{
    return &b->raw[(size_t)entry * b->dw + off / 4u];
}

static uint32_t field(struct behav *b, uint32_t entry, enum ims_field_id f)
{
    const struct ims_field *fd = &b->l.field[f];

    return fd->present ? ims_field_get(fd, *reg_of(b, entry, fd->offset)) : 0;
}

static void set_field(struct behav *b, uint32_t entry, enum ims_field_id f,
                      uint32_t val)
{
    const struct ims_field *fd = &b->l.field[f];
    uint32_t *r;

    if (!fd->present)
        return;
    r = reg_of(b, entry, fd->offset);
    *r = ims_field_put(fd, *r, val);
}

static bool masked(struct behav *b, uint32_t entry)
{
    return field(b, entry, IMS_F_MASK) & 1u;
}

/* The pair as written becomes the pair a message uses. */
static void commit(struct behav *b, uint32_t entry)
{
    b->live[entry] = (struct pair){
        .lo = field(b, entry, IMS_F_ADDR_LO),
        .hi = field(b, entry, IMS_F_ADDR_HI),
        .data = field(b, entry, IMS_F_DATA),
    };
}

/* Queue the message of @entry with its live pair now (due in 2 cycles). */
static void send(struct behav *b, uint32_t entry)
{
    const struct pair *p = &b->live[entry];
    struct ims_dut_msg m = {
        .addr = (uint64_t)p->hi << 32 | p->lo,
        .data = p->data,
        .index = entry,
        .len = 4,
        .cycle = b->cyc + IMS_BEHAV_MSG_LATENCY,
    };

    /* out of memory drops the message: the rules see it lost */
    (void)q_push(&b->inflight, &m);
}

/* The pending slot of @entry. */
static uint32_t pslot(const struct behav *b, uint32_t entry)
{
    return b->l.pending_slots ? entry % b->l.pending_slots : entry;
}

/* In-order release: the oldest pending entries, while unmasked, leave. */
static void release_in_order(struct behav *b)
{
    size_t k = 0;

    while (k < b->npo && !masked(b, b->porder[k]) && !b->fn_masked) {
        uint32_t e = b->porder[k++];

        if (b->pending[pslot(b, e)]) {
            b->pending[pslot(b, e)] = 0;
            send(b, e);
        }
    }
    memmove(b->porder, b->porder + k, (b->npo - k) * sizeof(*b->porder));
    b->npo -= k;
}

/* IMS-PEND-01: an unmask of a pending entry releases it once. */
static void after_ctrl(struct behav *b, uint32_t entry, bool was_masked)
{
    if (!was_masked || masked(b, entry) || b->fn_masked)
        return;
    if (b->l.pending_release == IMS_RELEASE_IN_ORDER) {
        release_in_order(b);
        return;
    }
    if (b->pending[pslot(b, entry)]) {
        b->pending[pslot(b, entry)] = 0;
        send(b, entry);
    }
}

static void reset_state(struct behav *b)
{
    size_t n = (size_t)b->l.entries * b->dw;

    memset(b->raw, 0, n * sizeof(*b->raw));
    memset(b->live, 0, b->l.entries * sizeof(*b->live));
    memset(b->pending, 0, b->l.entries);
    b->npo = 0;
    b->fn_masked = false;
    for (uint32_t e = 0; e < b->l.entries; e++)
        set_field(b, e, IMS_F_MASK, b->l.reset_masked ? 1u : 0u);
    b->inflight.head = b->inflight.n = 0;
    memset(b->cmd, 0, sizeof(b->cmd));
    b->cmd[IMS_CMD_LATENCY / 4u] = b->l.cmd_latency;
    b->busy = false;
    b->status = 0;
}

/* ---- mmio storage ---------------------------------------------------------- */

static bool mmio_decode(const struct behav *b, uint32_t off, uint32_t *entry,
                        uint32_t *reg)
{
    uint64_t rel;

    if (off < b->l.base)
        return false;
    rel = (uint64_t)off - b->l.base;
    if (rel >= (uint64_t)b->l.entries * b->l.stride)
        return false;
    *entry = (uint32_t)(rel / b->l.stride);
    *reg = (uint32_t)(rel % b->l.stride);
    return true;
}

static void mmio_write(struct behav *b, uint32_t off, uint32_t val)
{
    const struct ims_field *cf = &b->l.field[IMS_F_COMMIT];
    const struct ims_field *df = &b->l.field[IMS_F_DATA];
    uint32_t entry, reg;
    bool was_masked, now, go = false;

    if (!mmio_decode(b, off, &entry, &reg))
        return;                         /* no register: ignored */
    was_masked = masked(b, entry);
    *reg_of(b, entry, reg) = val & b->wmask[reg / 4u];
    /* a commit field is a strobe: it reads 0 */
    if (cf->present && cf->offset == reg)
        *reg_of(b, entry, reg) &= ~ims_field_mask(cf);
    now = masked(b, entry);
    switch (b->l.update) {
    case IMS_UPDATE_PER_DWORD:
        go = true;
        break;
    case IMS_UPDATE_ON_DATA:
        go = reg == df->offset;
        break;
    case IMS_UPDATE_ON_UNMASK:
        go = was_masked && !now;
        break;
    case IMS_UPDATE_ON_COMMIT:
        go = cf->present && cf->offset == reg && ims_field_get(cf, val);
        break;
    }
    if (go)
        commit(b, entry);
    after_ctrl(b, entry, was_masked);
}

static uint32_t mmio_read(struct behav *b, uint32_t off)
{
    uint32_t entry, reg;

    /* the PBA: one pending bit per entry, 32 to a dword (writes ignored) */
    if (b->l.has_pba && off >= b->l.pba_base &&
        off - b->l.pba_base < ims_layout_pba_size(&b->l)) {
        uint32_t v = 0, e0 = (off - b->l.pba_base) / 4u * 32u;

        for (uint32_t i = 0; i < 32 && e0 + i < b->l.entries; i++)
            v |= (uint32_t)(b->pending[pslot(b, e0 + i)] != 0) << i;
        return v;
    }
    if (!mmio_decode(b, off, &entry, &reg))
        return 0;
    return *reg_of(b, entry, reg);
}

/* ---- hostmem command block ------------------------------------------------- */

static void cmd_execute(struct behav *b)
{
    uint32_t e = b->cmd[IMS_CMD_INDEX / 4u];
    uint32_t ctrl = b->cmd[IMS_CMD_CTRL / 4u];
    bool pair = false, ctl = false, was_masked;

    b->busy = false;
    b->status &= IMS_CMD_STS_OVERRUN;
    if (e >= b->l.entries) {
        b->status |= IMS_CMD_STS_ERROR;
        return;
    }
    switch (b->cmd_op) {
    case IMS_CMD_OP_WRITE:
        pair = ctl = true;
        break;
    case IMS_CMD_OP_SET_PAIR:
        pair = true;
        break;
    case IMS_CMD_OP_SET_CTRL:
        ctl = true;
        break;
    case IMS_CMD_OP_READ:
        b->cmd[IMS_CMD_ADDR_LO / 4u] = field(b, e, IMS_F_ADDR_LO);
        b->cmd[IMS_CMD_ADDR_HI / 4u] = field(b, e, IMS_F_ADDR_HI);
        b->cmd[IMS_CMD_DATA / 4u] = field(b, e, IMS_F_DATA);
        b->cmd[IMS_CMD_CTRL / 4u] =
            (field(b, e, IMS_F_MASK) ? IMS_CMD_CTRL_MASK : 0) |
            (field(b, e, IMS_F_PASID_EN) ? IMS_CMD_CTRL_PASID_EN : 0) |
            ((field(b, e, IMS_F_PASID) << IMS_CMD_CTRL_PASID_SHIFT) &
             IMS_CMD_CTRL_PASID_MASK);
        if (b->pending[pslot(b, e)])
            b->status |= IMS_CMD_STS_PENDING;
        return;
    default:
        b->status |= IMS_CMD_STS_ERROR;
        return;
    }
    was_masked = masked(b, e);
    /* the whole context changes in this cycle: never half written */
    if (pair) {
        set_field(b, e, IMS_F_ADDR_LO, b->cmd[IMS_CMD_ADDR_LO / 4u]);
        set_field(b, e, IMS_F_ADDR_HI, b->cmd[IMS_CMD_ADDR_HI / 4u]);
        set_field(b, e, IMS_F_DATA, b->cmd[IMS_CMD_DATA / 4u]);
        commit(b, e);
    }
    if (ctl) {
        set_field(b, e, IMS_F_MASK, (ctrl & IMS_CMD_CTRL_MASK) ? 1u : 0u);
        set_field(b, e, IMS_F_PASID_EN, (ctrl & IMS_CMD_CTRL_PASID_EN) ? 1 : 0);
        set_field(b, e, IMS_F_PASID, (ctrl & IMS_CMD_CTRL_PASID_MASK) >>
                                         IMS_CMD_CTRL_PASID_SHIFT);
    }
    after_ctrl(b, e, was_masked);
}

static bool cmd_decode(const struct behav *b, uint32_t off, uint32_t *reg)
{
    if (off < b->l.base || off - b->l.base >= IMS_CMD_BLOCK_SIZE)
        return false;
    *reg = off - b->l.base;
    return true;
}

static void cmd_write(struct behav *b, uint32_t off, uint32_t val)
{
    uint32_t reg;

    if (!cmd_decode(b, off, &reg))
        return;
    switch (reg) {
    case IMS_CMD_INDEX:
    case IMS_CMD_ADDR_LO:
    case IMS_CMD_ADDR_HI:
    case IMS_CMD_DATA:
        b->cmd[reg / 4u] = val;
        break;
    case IMS_CMD_CTRL:
        b->cmd[reg / 4u] = val & IMS_CMD_CTRL_WRITABLE;
        break;
    case IMS_CMD_DOORBELL:
        if (b->busy) {
            b->status |= IMS_CMD_STS_OVERRUN;
            break;
        }
        b->status &= ~IMS_CMD_STS_OVERRUN;
        b->busy = true;
        b->cmd_op = val;
        b->cmd_due = b->cyc + b->l.cmd_latency;
        break;
    default:
        break;                          /* STATUS, LATENCY: read-only */
    }
}

static uint32_t cmd_read(struct behav *b, uint32_t off)
{
    uint32_t reg;

    if (!cmd_decode(b, off, &reg))
        return 0;
    switch (reg) {
    case IMS_CMD_DOORBELL:
        return 0;
    case IMS_CMD_STATUS:
        return b->status | (b->busy ? IMS_CMD_STS_BUSY : 0);
    default:
        return b->cmd[reg / 4u];
    }
}

/* ---- requests -------------------------------------------------------------- */

/* Return: true when refused (irq_err). */
static bool request(struct behav *b, uint32_t entry, uint32_t pasid,
                    bool pasid_valid)
{
    if (entry >= b->l.entries)
        return true;
    if (b->l.index_bits && b->l.index_bits < 32)
        entry &= (UINT32_C(1) << b->l.index_bits) - 1u;   /* a narrow lookup */
    /* IMS-PASID-01, when the descriptor says the design checks */
    if (b->l.pasid_check && field(b, entry, IMS_F_PASID_EN) &&
        (!pasid_valid || pasid != field(b, entry, IMS_F_PASID)))
        return true;
    if (masked(b, entry) || b->fn_masked) {
        /* IMS-MASK-01: pending, or dropped when the design has no pending */
        if (b->l.pending_on_mask) {
            if (!b->pending[pslot(b, entry)] && b->porder)
                b->porder[b->npo++] = entry;
            b->pending[pslot(b, entry)] = 1;
        }
        return false;
    }
    send(b, entry);
    return false;
}

/* ---- the clock ------------------------------------------------------------- */

/* The waveform's clock period: the descriptor's clock_ps, else the harness's. */
static uint32_t behav_period(const struct behav *b)
{
    return b->l.clock_ps ? b->l.clock_ps : IMS_DUT_CLOCK_PS;
}

static uint32_t behav_clock_ps(const void *dut)
{
    return behav_period(dut);
}

static void vcd_cycle(struct behav *b, const struct port_in *in,
                      const struct port_out *o, const struct ims_dut_msg *m)
{
    uint64_t t = b->cyc * behav_period(b);
    int *s = b->sig;

    /* the cycle's values settle with clk low; the handshakes at the rise */
    sim_vcd_set(b->vcd, s[S_CLK], 0);
    sim_vcd_set(b->vcd, s[S_RST_N], !in->reset);
    sim_vcd_set(b->vcd, s[S_REG_WE], in->we);
    sim_vcd_set(b->vcd, s[S_REG_RE], in->re);
    if (in->we || in->re)
        sim_vcd_set(b->vcd, s[S_REG_ADDR], in->addr);
    if (in->we)
        sim_vcd_set(b->vcd, s[S_REG_WDATA], in->wdata);
    if (in->re)
        sim_vcd_set(b->vcd, s[S_REG_RDATA], o->rdata);
    sim_vcd_set(b->vcd, s[S_REG_ACK], o->ack);
    sim_vcd_set(b->vcd, s[S_IRQ_VALID], in->irq);
    sim_vcd_set(b->vcd, s[S_IRQ_READY], o->irq_ready);
    if (in->irq) {
        sim_vcd_set(b->vcd, s[S_IRQ_INDEX], in->index);
        sim_vcd_set(b->vcd, s[S_IRQ_PASID], in->pasid);
        sim_vcd_set(b->vcd, s[S_IRQ_PASID_VALID], in->pasid_valid);
    }
    sim_vcd_set(b->vcd, s[S_IRQ_ERR], o->irq_err);
    sim_vcd_set(b->vcd, s[S_MSG_VALID], m != NULL);
    sim_vcd_set(b->vcd, s[S_MSG_READY], !b->not_ready);
    if (m) {
        sim_vcd_set(b->vcd, s[S_MSG_ADDR], m->addr);
        sim_vcd_set(b->vcd, s[S_MSG_DATA], m->data);
        sim_vcd_set(b->vcd, s[S_MSG_INDEX], m->index);
    }
    (void)sim_vcd_step(b->vcd, t);
    sim_vcd_set(b->vcd, s[S_CLK], 1);
    (void)sim_vcd_step(b->vcd, t + behav_period(b) / 2);
}

static void cycle_step(struct behav *b, const struct port_in *in,
                       struct port_out *o)
{
    const struct ims_dut_msg *head;
    struct ims_dut_msg sent;
    bool have = false;
    bool hostmem = b->l.storage == IMS_STORAGE_HOSTMEM;

    memset(o, 0, sizeof(*o));
    if (b->busy && b->cmd_due <= b->cyc && !in->reset)
        cmd_execute(b);
    if (in->reset) {
        reset_state(b);
    } else if (in->we) {
        if (hostmem)
            cmd_write(b, in->addr, in->wdata);
        else
            mmio_write(b, in->addr, in->wdata);
        o->ack = true;
    } else if (in->re) {
        o->rdata = hostmem ? cmd_read(b, in->addr) : mmio_read(b, in->addr);
        o->ack = true;
    } else if (in->irq) {
        o->irq_ready = true;
        o->irq_err = request(b, in->index, in->pasid, in->pasid_valid);
    }
    /* msg_ready is high: a due message leaves in this cycle (one per
     * service_cycles cycles; the arbiter picks among the due ones) */
    head = q_peek(&b->inflight);
    if (head && head->cycle <= b->cyc && b->cyc >= b->next_emit && !b->not_ready) {
        size_t pick = 0;

        for (size_t i = 1; b->l.arbitration == IMS_ARB_FIXED_PRIORITY &&
                           i < b->inflight.n; i++) {
            const struct ims_dut_msg *m = &b->inflight.v[b->inflight.head + i];

            if (m->cycle <= b->cyc &&
                m->index < b->inflight.v[b->inflight.head + pick].index)
                pick = i;
        }
        sent = b->inflight.v[b->inflight.head + pick];
        sent.cycle = b->cyc;
        memmove(&b->inflight.v[b->inflight.head + 1], &b->inflight.v[b->inflight.head],
                pick * sizeof(sent));
        q_pop(&b->inflight);
        have = q_push(&b->out, &sent) == 0;
        b->next_emit = b->cyc + (b->l.service_cycles > 1 ? b->l.service_cycles : 1);
    }
    if (b->vcd)
        vcd_cycle(b, in, o, have ? &sent : NULL);
    b->cyc++;
}

/* The next cycle something happens without inputs, or UINT64_MAX. */
static uint64_t next_activity(const struct behav *b)
{
    const struct ims_dut_msg *head = q_peek(&b->inflight);
    uint64_t t = UINT64_MAX;

    if (head && !b->not_ready) {
        t = head->cycle > b->cyc ? head->cycle : b->cyc;
        if (b->next_emit > t)
            t = b->next_emit;
    }
    if (b->busy && b->cmd_due < t)
        t = b->cmd_due > b->cyc ? b->cmd_due : b->cyc;
    return t;
}

static void idle(struct behav *b, uint64_t n)
{
    static const struct port_in none;
    struct port_out o;
    uint64_t end = b->cyc + n;

    while (b->cyc < end) {
        uint64_t next = next_activity(b);

        /* while tracing every cycle is dumped: the VCD has no gaps */
        if (next >= end && !b->vcd) {
            b->cyc = end;
            break;
        }
        if (next > b->cyc && !b->vcd) {
            b->cyc = next;
            continue;
        }
        cycle_step(b, &none, &o);
    }
}

/* ---- ops ------------------------------------------------------------------- */

static uint32_t behav_entries(const void *dut)
{
    const struct behav *b = dut;

    return b->l.entries;
}

static int behav_reset(void *dut)
{
    struct behav *b = dut;
    struct port_in in = { .reset = true };
    struct port_out o;

    cycle_step(b, &in, &o);
    return 0;
}

static int behav_reg_write(void *dut, uint32_t off, uint32_t val)
{
    struct behav *b = dut;
    struct port_in in = { .we = true, .addr = off, .wdata = val };
    struct port_out o;

    if (off % 4)
        return -EINVAL;
    cycle_step(b, &in, &o);
    return 0;
}

/*
 * A write with byte enables, as the descriptor's partial_writes says: merge
 * (the disabled bytes keep what the register holds) or ignore (a cycle that
 * changes nothing); undefined writes as merge, where no rule goes.
 */
static int behav_clock(void *dut, uint64_t n);

static int behav_reg_write_be(void *dut, uint32_t off, uint32_t val, uint32_t be)
{
    struct behav *b = dut;
    uint32_t m = 0;

    if (off % 4 || be > 0xfu)
        return -EINVAL;
    if (be == 0xfu || b->l.storage != IMS_STORAGE_MMIO)
        return behav_reg_write(dut, off, val);
    if (b->l.partial_writes == IMS_PARTIAL_IGNORE)
        return behav_clock(dut, 1);
    for (unsigned i = 0; i < 4; i++)
        if (be >> i & 1u)
            m |= UINT32_C(0xff) << (8 * i);
    return behav_reg_write(dut, off, (mmio_read(b, off) & ~m) | (val & m));
}

static int behav_reg_read(void *dut, uint32_t off, uint32_t *val)
{
    struct behav *b = dut;
    struct port_in in = { .re = true, .addr = off };
    struct port_out o;

    if (off % 4)
        return -EINVAL;
    cycle_step(b, &in, &o);
    *val = o.rdata;
    return 0;
}

static int behav_fire(void *dut, uint32_t index, uint32_t pasid,
                      bool pasid_valid, uint32_t max_wait)
{
    struct behav *b = dut;
    struct port_in in = { .irq = true, .index = index,
                          .pasid = pasid & 0xfffffu,
                          .pasid_valid = pasid_valid };
    struct port_out o;

    (void)max_wait;     /* irq_ready rises in the first cycle */
    cycle_step(b, &in, &o);
    return o.irq_err ? IMS_DUT_FIRE_REFUSED : IMS_DUT_FIRE_ACCEPTED;
}

static int behav_clock(void *dut, uint64_t n)
{
    idle(dut, n);
    return 0;
}

static uint64_t behav_cycle(const void *dut)
{
    const struct behav *b = dut;

    return b->cyc;
}

static size_t behav_collect(void *dut, struct ims_dut_msg *out, size_t max)
{
    struct behav *b = dut;
    size_t n = 0;

    while (n < max && q_peek(&b->out)) {
        out[n++] = *q_peek(&b->out);
        q_pop(&b->out);
    }
    return n;
}

static int behav_trace(void *dut, const char *path)
{
    struct behav *b = dut;
    int rc;

    if (b->vcd) {
        rc = sim_vcd_close(b->vcd);
        b->vcd = NULL;
        if (!path)
            return rc;
    }
    if (!path)
        return 0;
    rc = sim_vcd_open(&b->vcd, path, "1ps", "ims");
    if (rc)
        return rc;
    for (int i = 0; i < S__COUNT; i++) {
        b->sig[i] = sim_vcd_add(b->vcd, sig_def[i].name, sig_def[i].width);
        if (b->sig[i] < 0)
            rc = b->sig[i];
    }
    if (!rc) {
        sim_vcd_set(b->vcd, b->sig[S_RST_N], 1);
        sim_vcd_set(b->vcd, b->sig[S_MSG_READY], 1);
        rc = sim_vcd_begin(b->vcd);
    }
    if (rc) {
        sim_vcd_close(b->vcd);
        b->vcd = NULL;
    }
    return rc;
}

static int behav_set_ready(void *dut, bool ready)
{
    struct behav *b = dut;

    b->not_ready = !ready;
    return 0;
}

/* Function Mask: clearing it releases every pending entry not masked itself. */
static int behav_set_fmask(void *dut, bool fmask)
{
    struct behav *b = dut;
    bool was = b->fn_masked;

    b->fn_masked = fmask;
    if (!was || fmask)
        return 0;
    if (b->l.pending_release == IMS_RELEASE_IN_ORDER) {
        release_in_order(b);
        return 0;
    }
    for (uint32_t e = 0; e < b->l.entries; e++)
        if (!masked(b, e) && b->pending[pslot(b, e)]) {
            b->pending[pslot(b, e)] = 0;
            send(b, e);
        }
    return 0;
}

static void behav_destroy(void *dut)
{
    struct behav *b = dut;

    if (!b)
        return;
    if (b->vcd)
        sim_vcd_close(b->vcd);
    free(b->wmask);
    free(b->raw);
    free(b->live);
    free(b->pending);
    free(b->porder);
    free(b->inflight.v);
    free(b->out.v);
    free(b);
}

static const struct ims_dut_ops behav_ops = {
    .name = "behavioral",
    .entries = behav_entries,
    .reset = behav_reset,
    .reg_write = behav_reg_write,
    .reg_read = behav_reg_read,
    .fire = behav_fire,
    .clock = behav_clock,
    .cycle = behav_cycle,
    .collect = behav_collect,
    .trace = behav_trace,
    .destroy = behav_destroy,
    .set_ready = behav_set_ready,
    .set_fmask = behav_set_fmask,
    .clock_ps = behav_clock_ps,
    .reg_write_be = behav_reg_write_be,
};

bool ims_behav_is(const struct ims_dut *dut)
{
    return dut && dut->ops && dut->ops->destroy == behav_destroy;
}

int ims_behav_peek(void *state, uint32_t entry, struct ims_entry *out)
{
    struct behav *b = state;
    const struct pair *p;

    if (entry >= b->l.entries)
        return -ERANGE;
    p = &b->live[entry];
    *out = (struct ims_entry){
        .addr = (uint64_t)p->hi << 32 | p->lo,
        .data = p->data,
        .masked = masked(b, entry),
        .pending = b->pending[pslot(b, entry)],
        .pasid_en = field(b, entry, IMS_F_PASID_EN),
        .pasid = field(b, entry, IMS_F_PASID),
    };
    return 0;
}

int ims_behav_create(const struct ims_layout *l, struct ims_dut *out)
{
    struct behav *b;
    size_t n;

    if (!l || !out || ims_layout_check(l, NULL, 0, NULL, 0))
        return -EINVAL;
    b = calloc(1, sizeof(*b));
    if (!b)
        return -ENOMEM;
    b->l = *l;
    b->l.name[sizeof(b->l.name) - 1] = '\0';
    snprintf(b->name, sizeof(b->name), "behavioral:%s", b->l.name);
    b->dw = l->stride / 4u;
    n = (size_t)l->entries * b->dw;
    b->wmask = calloc(b->dw, sizeof(*b->wmask));
    b->raw = calloc(n, sizeof(*b->raw));
    b->live = calloc(l->entries, sizeof(*b->live));
    b->pending = calloc(l->entries, 1);
    if (l->pending_release == IMS_RELEASE_IN_ORDER)
        b->porder = calloc(l->entries, sizeof(*b->porder));
    if (!b->wmask || !b->raw || !b->live || !b->pending ||
        (l->pending_release == IMS_RELEASE_IN_ORDER && !b->porder)) {
        behav_destroy(b);
        return -ENOMEM;
    }
    for (unsigned f = 0; f < IMS_F__COUNT; f++)
        if (l->field[f].present)
            b->wmask[l->field[f].offset / 4u] |=
                ims_field_mask(&l->field[f]) &
                ~((l->field[f].reserved | l->field[f].read_only) << l->field[f].lsb);
    reset_state(b);
    b->ops = behav_ops;
    b->ops.name = b->name;
    out->ops = &b->ops;
    out->state = b;
    return 0;
}
