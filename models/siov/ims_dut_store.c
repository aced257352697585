/* SPDX-License-Identifier: MIT */
/*
 * ims_dut_store.c - a design under test as a SIOV device's IMS bank
 * (ims_dut_store.h describes the mapping and the clock).
 *
 * Calling context (ims_store.h): host->emit only from inside an mmio write
 * or from the adapter's own event; messages the design emits during a read
 * or a request (other than the request's own) wait in @deferred for an
 * event at the same simulated time.
 */
#include "models/siov/ims_dut_store.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "models/bus.h"

#define COLLECT_BATCH 16u

struct ims_dut_store {
    struct ims_dut dut;
    struct ims_dut_store_config cfg;
    uint32_t entries;
    uint8_t *pend;            /* a pending request seen, no message since */
    struct ims_store_host host;
    struct ims_dut_msg *deferred;
    size_t ndef, capdef;
    sim_event_t ev;
};

/* ---- clock ---------------------------------------------------------------- */

/* Clock the design idle up to the current simulated time. */
static void sync_clock(struct ims_dut_store *s)
{
    uint64_t now = sim_now(s->cfg.sim);
    uint64_t target = now / 1000000u * s->cfg.mhz +
                      now % 1000000u * s->cfg.mhz / 1000000u;
    uint64_t cyc = s->dut.ops->cycle(s->dut.state);

    if (target > cyc)
        s->dut.ops->clock(s->dut.state, target - cyc);
}

/* ---- messages --------------------------------------------------------------- */

static void emit(struct ims_dut_store *s, const struct ims_dut_msg *m)
{
    if (m->index < s->entries)
        s->pend[m->index] = 0;
    if (s->host.emit)
        s->host.emit(s->host.host, m->index, m->addr, m->data);
}

static void deferred_run(struct sim *sim, void *arg)
{
    struct ims_dut_store *s = arg;
    size_t n = s->ndef;

    (void)sim;
    s->ev = 0;
    s->ndef = 0;
    for (size_t i = 0; i < n; i++)
        emit(s, &s->deferred[i]);
}

static void defer(struct ims_dut_store *s, const struct ims_dut_msg *m)
{
    if (s->ndef == s->capdef) {
        size_t cap = s->capdef ? s->capdef * 2 : 8;
        struct ims_dut_msg *v = realloc(s->deferred, cap * sizeof(*v));

        if (!v)
            return;             /* lost: the harness sees it lost */
        s->deferred = v;
        s->capdef = cap;
    }
    s->deferred[s->ndef++] = *m;
    if (!s->ev &&
        sim_schedule_in(s->cfg.sim, 0, SIM_PRIO_HW, deferred_run, s, &s->ev))
        s->ev = 0;
}

/* Hand every message the design emitted to the device (now or deferred). */
static void drain(struct ims_dut_store *s, bool now)
{
    struct ims_dut_msg m[COLLECT_BATCH];
    size_t n;

    while ((n = s->dut.ops->collect(s->dut.state, m, COLLECT_BATCH))) {
        for (size_t i = 0; i < n; i++) {
            if (now)
                emit(s, &m[i]);
            else
                defer(s, &m[i]);
        }
    }
}

/* ---- registers --------------------------------------------------------------- */

static bool in_window(const struct ims_dut_store *s, uint64_t off,
                      unsigned size)
{
    uint64_t base = s->cfg.window_base;
    uint64_t end = s->cfg.window_size ? base + s->cfg.window_size
                                      : UINT64_C(1) << 32;

    return off >= base && off + size <= end;
}

/* The design's port address of BAR0 offset @off (inside the window). */
static uint32_t port_addr(const struct ims_dut_store *s, uint64_t off)
{
    return (uint32_t)(off - s->cfg.window_base + s->cfg.port_base);
}

/* IMS-ACCESS-01 as idxd: aligned DWORD, or aligned QWORD as two DWORDs. */
static bool access_ok(uint64_t off, unsigned size)
{
    return (size == 4 || size == 8) && off % size == 0;
}

static int store_mmio_read(void *ctx, uint64_t off, unsigned size,
                           uint64_t *val)
{
    struct ims_dut_store *s = ctx;
    uint32_t lo = 0, hi = 0;
    int rc;

    if (!access_ok(off, size)) {
        *val = UINT64_MAX;
        return MMIO_BAD_SIZE;
    }
    if (!in_window(s, off, size)) {
        *val = size == 8 ? UINT64_MAX : UINT32_MAX;
        return MMIO_UNMAPPED;
    }
    sync_clock(s);
    rc = s->dut.ops->reg_read(s->dut.state, port_addr(s, off), &lo);
    if (!rc && size == 8)
        rc = s->dut.ops->reg_read(s->dut.state, port_addr(s, off) + 4, &hi);
    drain(s, false);
    if (rc) {
        *val = UINT64_MAX;
        return MMIO_UNMAPPED;
    }
    *val = size == 8 ? (uint64_t)hi << 32 | lo : lo;
    return MMIO_OK;
}

static int store_mmio_write(void *ctx, uint64_t off, unsigned size,
                            uint64_t val)
{
    struct ims_dut_store *s = ctx;
    int rc;

    if (!access_ok(off, size))
        return MMIO_BAD_SIZE;
    if (!in_window(s, off, size))
        return MMIO_UNMAPPED;
    sync_clock(s);
    /* the low dword first: a QWORD write of data and ctrl writes the data
     * before it unmasks (as the idxd kind) */
    rc = s->dut.ops->reg_write(s->dut.state, port_addr(s, off),
                               (uint32_t)val);
    if (!rc && size == 8)
        rc = s->dut.ops->reg_write(s->dut.state, port_addr(s, off) + 4,
                                   (uint32_t)(val >> 32));
    /* IMS-PEND-01: a release at unmask leaves within the settle time */
    s->dut.ops->clock(s->dut.state, s->cfg.settle);
    drain(s, true);
    return rc ? MMIO_UNMAPPED : MMIO_OK;
}

static const struct mmio_ops store_mmio = {
    .read = store_mmio_read,
    .write = store_mmio_write,
    .min_size = 4,
    .max_size = 8,
};

/* ---- ims_store_ops ------------------------------------------------------------ */

static uint32_t store_count(const void *store)
{
    const struct ims_dut_store *s = store;

    return s->entries;
}

static void store_reset(void *store)
{
    struct ims_dut_store *s = store;

    sync_clock(s);
    s->dut.ops->reset(s->dut.state);
    memset(s->pend, 0, s->entries);
    /* messages already on msg_* were generated before the reset */
    drain(s, false);
}

static int store_lookup(void *store, uint32_t entry, struct ims_entry *out)
{
    struct ims_dut_store *s = store;

    if (entry >= s->entries)
        return -ERANGE;
    if (!s->cfg.peek)
        return -ENOENT;
    return s->cfg.peek(s->dut.state, entry, out);
}

static void fill_pasid(struct ims_dut_store *s, uint32_t entry,
                       struct ims_fire *out)
{
    struct ims_entry e;

    if (s->cfg.peek && !s->cfg.peek(s->dut.state, entry, &e)) {
        out->entry_pasid_en = e.pasid_en;
        out->entry_pasid = e.pasid;
    }
}

static int store_fire(void *store, uint32_t entry, uint32_t pasid,
                      bool has_pasid, struct ims_fire *out)
{
    struct ims_dut_store *s = store;
    struct ims_dut_msg m[COLLECT_BATCH];
    bool sent = false;
    int r;

    *out = (struct ims_fire){ .outcome = IMS_FIRE_INVALID, .err = -ERANGE };
    sync_clock(s);
    /* messages from before this request are not its message */
    drain(s, false);
    r = s->dut.ops->fire(s->dut.state, entry, pasid, has_pasid,
                         s->cfg.max_wait);
    if (r < 0)
        return r;
    if (entry >= s->entries)
        return 0;               /* INVALID, whatever the design said */
    fill_pasid(s, entry, out);
    out->err = 0;
    if (r == IMS_DUT_FIRE_TIMEOUT) {
        out->outcome = IMS_FIRE_FAULT;
        out->err = -ETIMEDOUT;
        return 0;
    }
    if (r == IMS_DUT_FIRE_REFUSED) {
        out->outcome = IMS_FIRE_REFUSED;
        return 0;
    }
    /* accepted: its message, if the entry was unmasked, leaves soon */
    s->dut.ops->clock(s->dut.state, s->cfg.settle);
    for (size_t n; (n = s->dut.ops->collect(s->dut.state, m, COLLECT_BATCH));) {
        for (size_t i = 0; i < n; i++) {
            if (!sent && m[i].index == entry) {
                sent = true;
                out->addr = m[i].addr;
                out->data = m[i].data;
                s->pend[entry] = 0;
            } else {
                defer(s, &m[i]);
            }
        }
    }
    if (sent) {
        out->outcome = IMS_FIRE_SEND;
        return 0;
    }
    /* IMS-MASK-01: no message: masked (or dropped by the design, which the
     * harness then sees as lost) */
    out->outcome = s->pend[entry] ? IMS_FIRE_COALESCED : IMS_FIRE_PENDING;
    s->pend[entry] = 1;
    return 0;
}

static void store_set_host(void *store, const struct ims_store_host *host)
{
    struct ims_dut_store *s = store;

    s->host = *host;
}

static const struct ims_store_ops dut_store_ops = {
    .kind = "dut",
    .count = store_count,
    .reset = store_reset,
    .mmio = &store_mmio,
    .lookup = store_lookup,
    .set_pending = NULL,
    .fire = store_fire,
    .set_host = store_set_host,
};

const struct ims_store_ops *ims_dut_store_ops(void)
{
    return &dut_store_ops;
}

/* ---- life cycle ----------------------------------------------------------------- */

void ims_dut_store_config_init(struct ims_dut_store_config *cfg,
                               struct sim *sim)
{
    *cfg = (struct ims_dut_store_config){
        .sim = sim,
        .mhz = IMS_DUT_STORE_MHZ,
        .window_base = 0,
        .window_size = 0,
        .port_base = 0,
        .settle = IMS_DUT_STORE_SETTLE,
        .max_wait = 16,
    };
}

void ims_dut_store_config_layout(struct ims_dut_store_config *cfg,
                                 const struct ims_layout *l)
{
    ims_dut_store_config_map(cfg, l, l->base);
}

void ims_dut_store_config_map(struct ims_dut_store_config *cfg,
                              const struct ims_layout *l, uint32_t bar_offset)
{
    cfg->window_base = bar_offset;
    cfg->port_base = l->base;
    if (l->storage == IMS_STORAGE_HOSTMEM) {
        cfg->window_size = IMS_CMD_BLOCK_SIZE;
        cfg->settle = l->cmd_latency + IMS_DUT_STORE_SETTLE;
    } else {
        uint64_t sz = (uint64_t)l->entries * l->stride;

        cfg->window_size = sz >= UINT64_C(1) << 32 ? 0 : (uint32_t)sz;
        cfg->settle = IMS_DUT_STORE_SETTLE;
    }
}

int ims_dut_store_create(struct ims_dut_store **out, const struct ims_dut *dut,
                         const struct ims_dut_store_config *cfg)
{
    struct ims_dut_store *s;

    if (!cfg || !cfg->sim || !dut || !dut->ops || !cfg->mhz ||
        cfg->mhz > 1000000u)
        return -EINVAL;
    s = calloc(1, sizeof(*s));
    if (!s)
        return -ENOMEM;
    s->dut = *dut;
    s->cfg = *cfg;
    s->entries = dut->ops->entries(dut->state);
    s->pend = calloc(s->entries ? s->entries : 1, 1);
    if (!s->pend) {
        free(s);
        return -ENOMEM;
    }
    *out = s;
    return 0;
}

struct ims_dut *ims_dut_store_dut(struct ims_dut_store *s)
{
    return &s->dut;
}

void ims_dut_store_destroy(struct ims_dut_store *s)
{
    if (!s)
        return;
    if (s->ev)
        sim_cancel(s->cfg.sim, s->ev);
    if (s->dut.ops && s->dut.ops->destroy)
        s->dut.ops->destroy(s->dut.state);
    free(s->deferred);
    free(s->pend);
    free(s);
}
