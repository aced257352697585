/* SPDX-License-Identifier: MIT */
/*
 * ims_mlx5.c - the mlx5-like kind: interrupt pairs in EQ contexts in host
 * memory, created and changed only by commands fetched from a mailbox in
 * host memory (mlx5_layout.h; docs/devices.md).
 *
 * Time: a doorbell fetches the command at once (DMA, with the channel's
 * PASID for an ADI channel), the command executes COST_DEV_CMD later (one
 * event): the context is written, a pending message released (ARM), then
 * the status word written back to the mailbox, then the command hook runs.
 * A context therefore changes in one instant: a raise sees the context
 * before or after a command, never half of it (no torn pair in this kind).
 *
 * Ordering: one command per channel at a time; a doorbell while the channel
 * is busy is ignored and counted (the driver polls the status word).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "models/siov/mlx5_layout.h"
#include "models/siov/siov_internal.h"
#include "models/trace-events.h"
#include "sim/trace.h"

struct mlx5;

struct chan {
    struct mlx5 *m;
    uint32_t idx;
    uint32_t addr_lo, addr_hi;
    bool busy, fault;
    uint64_t mbox;                      /* latched at the doorbell */
    uint8_t cmd[SIOV_MLX5_CMD_SIZE];    /* fetched at the doorbell */
    sim_event_t ev;
};

struct mlx5 {
    const struct siov__env *env;
    uint32_t eqs;
    uint64_t ctx_base;
    uint32_t nchan;
    struct chan *chan;
    struct ims_store_host host;
};

/* The EQ context words the model uses (mlx5_layout.h). */
struct eqc {
    uint32_t addr_lo, addr_hi, data, ctrl, owner;
};

uint64_t siov__mlx5_bar_size(uint32_t n_adi)
{
    return siov_mlx5_chan_offset(1u + n_adi, 0);
}

/* DMA attributes of channel @c: the function's carries no PASID. */
static bool chan_pasid(const struct chan *c, uint32_t *pasid)
{
    if (c->idx == SIOV_MLX5_CHAN_FN)
        return false;
    *pasid = c->m->env->pasid_base + (c->idx - 1u);
    return true;
}

/* The context memory is the function's own: DMA without a PASID. */
static int eqc_read(struct mlx5 *m, uint32_t eqn, struct eqc *e)
{
    uint8_t b[SIOV_MLX5_EQC_SIZE];
    int err;

    err = siov__dma_read(m->env, 0, false, siov_mlx5_eqc_addr(m->ctx_base, eqn),
                         b, sizeof(b));
    if (err)
        return err;
    e->addr_lo = siov__le32(b + SIOV_MLX5_EQC_ADDR_LO);
    e->addr_hi = siov__le32(b + SIOV_MLX5_EQC_ADDR_HI);
    e->data = siov__le32(b + SIOV_MLX5_EQC_DATA);
    e->ctrl = siov__le32(b + SIOV_MLX5_EQC_CTRL);
    e->owner = siov__le32(b + SIOV_MLX5_EQC_OWNER);
    return 0;
}

static int eqc_write(struct mlx5 *m, uint32_t eqn, const struct eqc *e)
{
    uint8_t b[SIOV_MLX5_EQC_SIZE];

    memset(b, 0, sizeof(b));
    siov__put_le32(b + SIOV_MLX5_EQC_ADDR_LO, e->addr_lo);
    siov__put_le32(b + SIOV_MLX5_EQC_ADDR_HI, e->addr_hi);
    siov__put_le32(b + SIOV_MLX5_EQC_DATA, e->data);
    siov__put_le32(b + SIOV_MLX5_EQC_CTRL, e->ctrl);
    siov__put_le32(b + SIOV_MLX5_EQC_OWNER, e->owner);
    return siov__dma_write(m->env, 0, false,
                           siov_mlx5_eqc_addr(m->ctx_base, eqn), b, sizeof(b));
}

static uint64_t eqc_pair_addr(const struct eqc *e)
{
    return (uint64_t)e->addr_hi << 32 | e->addr_lo;
}

/* ---- command execution -------------------------------------------------- */

static uint32_t cmd_word(const struct chan *c, uint32_t off)
{
    return siov__le32(c->cmd + off);
}

/* Execute the fetched command of @c on the context memory; the status code. */
static uint32_t execute(struct chan *c)
{
    struct mlx5 *m = c->m;
    uint32_t op = cmd_word(c, SIOV_MLX5_CMD_OPCODE);
    uint32_t eqn = cmd_word(c, SIOV_MLX5_CMD_EQN);
    uint32_t pasid = cmd_word(c, SIOV_MLX5_CMD_PASID);
    uint32_t flags = cmd_word(c, SIOV_MLX5_CMD_FLAGS);
    struct eqc e;
    bool emit = false;

    switch (op) {
    case SIOV_MLX5_OP_CREATE_EQ:
    case SIOV_MLX5_OP_DESTROY_EQ:
    case SIOV_MLX5_OP_MODIFY_EQ:
    case SIOV_MLX5_OP_ARM_EQ:
    case SIOV_MLX5_OP_DISARM_EQ:
        break;
    default:
        return SIOV_MLX5_STS_BAD_OPCODE;
    }
    if (eqn >= m->eqs)
        return SIOV_MLX5_STS_BAD_EQN;
    if ((op == SIOV_MLX5_OP_CREATE_EQ || op == SIOV_MLX5_OP_MODIFY_EQ) &&
        ((pasid & ~SIOV_MLX5_CMD_PASID_MASK) ||
         (flags & ~SIOV_MLX5_CMD_FLAG_PASID_EN)))
        return SIOV_MLX5_STS_BAD_PARAM;
    if (eqc_read(m, eqn, &e))
        return SIOV_MLX5_STS_CTX_FAULT;

    if (op == SIOV_MLX5_OP_CREATE_EQ) {
        if (e.ctrl & SIOV_MLX5_EQC_VALID)
            return SIOV_MLX5_STS_EQ_EXISTS;
        e.owner = c->idx;
        e.ctrl = SIOV_MLX5_EQC_VALID;   /* created unarmed: masked */
    } else {
        if (!(e.ctrl & SIOV_MLX5_EQC_VALID))
            return SIOV_MLX5_STS_NO_EQ;
        /* the function's channel may touch every EQ, an ADI only its own */
        if (c->idx != SIOV_MLX5_CHAN_FN && e.owner != c->idx)
            return SIOV_MLX5_STS_NOT_OWNER;
    }

    switch (op) {
    case SIOV_MLX5_OP_CREATE_EQ:
    case SIOV_MLX5_OP_MODIFY_EQ:
        /* MLX5-CTX-01: the pair goes from the mailbox (host memory) to the
         * context (host memory); no register ever holds it */
        e.addr_lo = cmd_word(c, SIOV_MLX5_CMD_ADDR_LO);
        e.addr_hi = cmd_word(c, SIOV_MLX5_CMD_ADDR_HI);
        e.data = cmd_word(c, SIOV_MLX5_CMD_DATA);
        e.ctrl &= ~(SIOV_MLX5_EQC_PASID_EN | SIOV_MLX5_EQC_PASID_MASK);
        if (flags & SIOV_MLX5_CMD_FLAG_PASID_EN)
            e.ctrl |= SIOV_MLX5_EQC_PASID_EN;
        e.ctrl |= (pasid << SIOV_MLX5_EQC_PASID_SHIFT) &
                  SIOV_MLX5_EQC_PASID_MASK;
        break;
    case SIOV_MLX5_OP_ARM_EQ:
        /* MLX5-ARM-01: arming a pending EQ releases its message once */
        emit = (e.ctrl & SIOV_MLX5_EQC_PENDING) &&
               !(e.ctrl & SIOV_MLX5_EQC_ARMED);
        e.ctrl = (e.ctrl | SIOV_MLX5_EQC_ARMED) & ~SIOV_MLX5_EQC_PENDING;
        break;
    case SIOV_MLX5_OP_DISARM_EQ:
        e.ctrl &= ~SIOV_MLX5_EQC_ARMED;
        break;
    case SIOV_MLX5_OP_DESTROY_EQ:
        /* a pending message of a destroyed EQ is dropped with it */
        memset(&e, 0, sizeof(e));
        break;
    default:
        return SIOV_MLX5_STS_BAD_OPCODE;
    }
    if (eqc_write(m, eqn, &e))
        return SIOV_MLX5_STS_CTX_FAULT;
    if (emit && m->host.emit)
        m->host.emit(m->host.host, eqn, eqc_pair_addr(&e), e.data);
    return SIOV_MLX5_STS_OK;
}

static void cmd_complete(struct sim *sim, void *arg)
{
    struct chan *c = arg;
    struct mlx5 *m = c->m;
    const struct siov__env *env = m->env;
    uint32_t code, sts, pasid = 0;
    bool has_pasid = chan_pasid(c, &pasid);
    struct siov_cmd_done done;
    uint8_t b[4];

    c->ev = 0;
    code = execute(c);
    /* MLX5-CMD-01: the status word (with the token) is written last */
    sts = siov_mlx5_sts_make(code, cmd_word(c, SIOV_MLX5_CMD_TOKEN));
    siov__put_le32(b, sts);
    if (siov__dma_write(env, pasid, has_pasid, c->mbox + SIOV_MLX5_CMD_STATUS,
                        b, sizeof(b)))
        c->fault = true;
    c->busy = false;
    env->stats->cmds++;
    if (code != SIOV_MLX5_STS_OK)
        env->stats->cmd_errors++;
    done = (struct siov_cmd_done){
        .channel = c->idx,
        .opcode = cmd_word(c, SIOV_MLX5_CMD_OPCODE),
        .eqn = cmd_word(c, SIOV_MLX5_CMD_EQN),
        .status = sts,
        .mailbox = c->mbox,
    };
    SIM_TRACE(sim, TP_SIOV_CMD_DONE, env->dev_index, c->idx, done.opcode,
              done.eqn, sts);
    if (env->cmd_hook)
        env->cmd_hook(env->cmd_ctx, &done, sim_now(sim));
}

static void doorbell(struct chan *c)
{
    struct mlx5 *m = c->m;
    const struct siov__env *env = m->env;
    uint32_t pasid = 0;
    bool has_pasid = chan_pasid(c, &pasid);
    int err;

    if (c->busy) {
        env->stats->doorbell_busy++;
        SIM_TRACE(env->sim, TP_SIOV_CMD_BUSY, env->dev_index, c->idx);
        return;
    }
    c->mbox = (uint64_t)c->addr_hi << 32 | c->addr_lo;
    err = siov__dma_read(env, pasid, has_pasid, c->mbox, c->cmd,
                         sizeof(c->cmd));
    if (err) {
        c->fault = true;
        return;
    }
    c->fault = false;
    SIM_TRACE(env->sim, TP_SIOV_CMD_FETCH, env->dev_index, c->idx, c->mbox,
              cmd_word(c, SIOV_MLX5_CMD_OPCODE),
              cmd_word(c, SIOV_MLX5_CMD_EQN));
    err = sim_schedule_in(env->sim, cost_ps(env->cost, COST_DEV_CMD),
                          SIM_PRIO_HW, cmd_complete, c, &c->ev);
    if (err) {
        env->stats->no_mem++;
        return;
    }
    c->busy = true;
}

/* ---- BAR0 --------------------------------------------------------------- */

/* The channel and register of @off, or NULL. */
static struct chan *chan_of(struct mlx5 *m, uint64_t off, uint32_t *reg)
{
    uint64_t i;

    if (off < SIOV_MLX5_CHAN_BASE)
        return NULL;
    i = (off - SIOV_MLX5_CHAN_BASE) / SIOV_MLX5_CHAN_STRIDE;
    *reg = (uint32_t)((off - SIOV_MLX5_CHAN_BASE) % SIOV_MLX5_CHAN_STRIDE);
    if (i >= m->nchan || *reg > SIOV_MLX5_CHAN_STATUS)
        return NULL;
    return &m->chan[i];
}

static int read_dword(struct mlx5 *m, uint64_t off, uint32_t *val)
{
    struct chan *c;
    uint32_t reg;

    if (off == SIOV_MLX5_CAP_EQS) {
        *val = m->eqs;
        return MMIO_OK;
    }
    if (off == SIOV_MLX5_CAP_CHANNELS) {
        *val = m->nchan;
        return MMIO_OK;
    }
    c = chan_of(m, off, &reg);
    if (!c) {
        *val = UINT32_MAX;
        return MMIO_UNMAPPED;
    }
    switch (reg) {
    case SIOV_MLX5_CMDQ_ADDR_LO:
        *val = c->addr_lo;
        break;
    case SIOV_MLX5_CMDQ_ADDR_HI:
        *val = c->addr_hi;
        break;
    case SIOV_MLX5_DOORBELL:
        *val = 0;
        break;
    default:
        *val = (c->busy ? SIOV_MLX5_CHAN_STATUS_BUSY : 0) |
               (c->fault ? SIOV_MLX5_CHAN_STATUS_FAULT : 0);
        break;
    }
    return MMIO_OK;
}

static void write_dword(struct mlx5 *m, uint64_t off, uint32_t val)
{
    struct chan *c;
    uint32_t reg;

    c = chan_of(m, off, &reg);
    if (!c)
        return;     /* capabilities are read-only */
    switch (reg) {
    case SIOV_MLX5_CMDQ_ADDR_LO:
        c->addr_lo = val & SIOV_MLX5_CMDQ_ADDR_LO_MASK;
        break;
    case SIOV_MLX5_CMDQ_ADDR_HI:
        c->addr_hi = val;
        break;
    case SIOV_MLX5_DOORBELL:
        doorbell(c);
        break;
    default:
        break;      /* status is read-only */
    }
}

static bool access_ok(uint64_t off, unsigned size)
{
    return (size == 4 || size == 8) && off % size == 0;
}

static int mlx5_mmio_read(void *ctx, uint64_t off, unsigned size,
                          uint64_t *val)
{
    struct mlx5 *m = ctx;
    uint32_t lo, hi = 0;
    int r;

    if (!access_ok(off, size)) {
        *val = UINT64_MAX;
        return MMIO_BAD_SIZE;
    }
    r = read_dword(m, off, &lo);
    if (size == 8 && r == MMIO_OK)
        r = read_dword(m, off + 4, &hi);
    if (r != MMIO_OK) {
        *val = size == 8 ? UINT64_MAX : UINT32_MAX;
        return r;
    }
    *val = size == 8 ? (uint64_t)hi << 32 | lo : lo;
    return MMIO_OK;
}

static int mlx5_mmio_write(void *ctx, uint64_t off, unsigned size,
                           uint64_t val)
{
    struct mlx5 *m = ctx;
    uint32_t dummy;
    int r;

    if (!access_ok(off, size))
        return MMIO_BAD_SIZE;
    r = read_dword(m, off, &dummy);
    if (size == 8 && r == MMIO_OK)
        r = read_dword(m, off + 4, &dummy);
    if (r != MMIO_OK)
        return r;
    write_dword(m, off, (uint32_t)val);
    if (size == 8)
        write_dword(m, off + 4, (uint32_t)(val >> 32));
    return MMIO_OK;
}

static const struct mmio_ops mlx5_mmio = {
    .read = mlx5_mmio_read,
    .write = mlx5_mmio_write,
    .min_size = 4,
    .max_size = 8,
};

/* ---- store ops ---------------------------------------------------------- */

static uint32_t mlx5_count(const void *store)
{
    const struct mlx5 *m = store;

    return m->eqs;
}

static void mlx5_reset(void *store)
{
    struct mlx5 *m = store;
    struct eqc zero;

    for (uint32_t i = 0; i < m->nchan; i++) {
        struct chan *c = &m->chan[i];

        if (c->ev)
            sim_cancel(m->env->sim, c->ev);
        c->ev = 0;
        c->addr_lo = c->addr_hi = 0;
        c->busy = c->fault = false;
        c->mbox = 0;
    }
    /* every EQ invalid; a context memory the device cannot reach stays as
     * it is (the fault is counted) */
    memset(&zero, 0, sizeof(zero));
    for (uint32_t i = 0; i < m->eqs; i++)
        (void)eqc_write(m, i, &zero);
}

static int mlx5_lookup(void *store, uint32_t eqn, struct ims_entry *out)
{
    struct mlx5 *m = store;
    struct eqc e;
    int err;

    if (eqn >= m->eqs)
        return -ERANGE;
    /* the context as it is in host memory now (MLX5-CTX-01) */
    err = eqc_read(m, eqn, &e);
    if (err)
        return -EFAULT;
    if (!(e.ctrl & SIOV_MLX5_EQC_VALID))
        return -ENOENT;
    out->addr = eqc_pair_addr(&e);
    out->data = e.data;
    out->masked = !(e.ctrl & SIOV_MLX5_EQC_ARMED);
    out->pending = e.ctrl & SIOV_MLX5_EQC_PENDING;
    out->pasid_en = e.ctrl & SIOV_MLX5_EQC_PASID_EN;
    out->pasid = siov_mlx5_eqc_pasid(e.ctrl);
    return 0;
}

static int mlx5_set_pending(void *store, uint32_t eqn)
{
    struct mlx5 *m = store;
    struct eqc e;

    if (eqn >= m->eqs)
        return -ERANGE;
    if (eqc_read(m, eqn, &e))
        return -EFAULT;
    if (!(e.ctrl & SIOV_MLX5_EQC_VALID))
        return -ENOENT;
    e.ctrl |= SIOV_MLX5_EQC_PENDING;
    return eqc_write(m, eqn, &e) ? -EFAULT : 0;
}

static void mlx5_set_host(void *store, const struct ims_store_host *host)
{
    struct mlx5 *m = store;

    m->host = *host;
}

static const struct ims_store_ops mlx5_ops = {
    .kind = "mlx5",
    .count = mlx5_count,
    .reset = mlx5_reset,
    .mmio = &mlx5_mmio,
    .lookup = mlx5_lookup,
    .set_pending = mlx5_set_pending,
    .fire = NULL,
    .set_host = mlx5_set_host,
};

static void mlx5_destroy(void *store)
{
    struct mlx5 *m = store;

    if (!m)
        return;
    for (uint32_t i = 0; m->chan && i < m->nchan; i++)
        if (m->chan[i].ev)
            sim_cancel(m->env->sim, m->chan[i].ev);
    free(m->chan);
    free(m);
}

int siov__mlx5_create(struct siov__store *out, const struct siov__env *env,
                      uint32_t eqs, uint64_t ctx_base)
{
    struct mlx5 *m;

    if (!env->mem || ctx_base % SIOV_MLX5_EQC_SIZE ||
        ctx_base + (uint64_t)eqs * SIOV_MLX5_EQC_SIZE < ctx_base)
        return -EINVAL;
    m = calloc(1, sizeof(*m));
    if (!m)
        return -ENOMEM;
    m->env = env;
    m->eqs = eqs;
    m->ctx_base = ctx_base;
    m->nchan = 1u + env->n_adi;
    m->chan = calloc(m->nchan, sizeof(*m->chan));
    if (!m->chan) {
        mlx5_destroy(m);
        return -ENOMEM;
    }
    for (uint32_t i = 0; i < m->nchan; i++) {
        m->chan[i].m = m;
        m->chan[i].idx = i;
    }
    out->ops = &mlx5_ops;
    out->store = m;
    out->destroy = mlx5_destroy;
    return 0;
}
