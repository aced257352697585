/* SPDX-License-Identifier: MIT */
/* msix.c - MSI-X capability, table, PBA and message generation. */
#include "msix.h"

#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "models/trace-events.h"
#include "sim/trace.h"

/* Dwords of a table entry (PCIe Base 6.0 s.7.7.2.5 - s.7.7.2.8). */
enum { DW_ADDR_LO, DW_ADDR_HI, DW_DATA, DW_CTRL, ENTRY_DWORDS };

/*
 * Bits a CPU write may change, per dword of an entry.  Address, upper
 * address and data are RW (address bits 1:0 must be written 0 by software,
 * s.7.7.2.5, and are stored as written, as QEMU does).  Vector Control has
 * only the Mask bit: bits 31:1 are reserved and read 0 (s.7.7.2.8; the
 * optional TPH Steering Tag fields are not modelled).
 */
static const uint32_t entry_wmask[ENTRY_DWORDS] = {
    0xffffffffu, 0xffffffffu, 0xffffffffu, PCI_MSIX_ENTRY_CTRL_MASKBIT,
};

enum { REGION_TABLE = 0, REGION_PBA = 1 };
enum { WHY_SIZE = 1, WHY_RANGE = 2, WHY_MSE = 3 };

/* A message scheduled and not yet sent. */
struct msix_inflight {
    struct msix_inflight *next;
    struct msix_inflight *prev;
    struct msix *m;
    sim_event_t ev;
    unsigned vec;
    struct pcie_write w;
};

static uint16_t rid_of(const struct msix *m)
{
    return m->cfg->rid;
}

static unsigned pba_words(unsigned nvec)
{
    return (nvec + 63) / 64;
}

static bool vec_masked(const struct msix *m, unsigned v)
{
    return m->table[v * ENTRY_DWORDS + DW_CTRL] & PCI_MSIX_ENTRY_CTRL_MASKBIT;
}

/*
 * Would the function hold back @v now?  As QEMU msix_is_masked(), a
 * disabled function counts as masked here, so that setting Enable releases
 * a pending vector like clearing a mask does.
 */
static bool held(const struct msix *m, unsigned v)
{
    return !m->enabled || m->fmask || vec_masked(m, v);
}

static bool pba_test(const struct msix *m, unsigned v)
{
    return (m->pba[v / 64] >> (v % 64)) & 1;
}

static void pba_set(struct msix *m, unsigned v)
{
    m->pba[v / 64] |= UINT64_C(1) << (v % 64);
}

static void pba_clear(struct msix *m, unsigned v)
{
    m->pba[v / 64] &= ~(UINT64_C(1) << (v % 64));
}

/* ---- sending ------------------------------------------------------------- */

static void unlink_inflight(struct msix *m, struct msix_inflight *f)
{
    if (f->prev)
        f->prev->next = f->next;
    else
        m->inflight = f->next;
    if (f->next)
        f->next->prev = f->prev;
    f->next = f->prev = NULL;
}

/* The event: the posted write leaves the function. */
static void emit(struct sim *sim, void *arg)
{
    struct msix_inflight *f = arg;
    struct msix *m = f->m;

    unlink_inflight(m, f);
    /*
     * PCIe Base 6.0 s.7.5.1.1.3: with Bus Master Enable clear a function
     * issues no memory requests, and an MSI-X message is a memory write
     * (rule MSIX-BME-01; QEMU drops it in the disabled bus-master space).
     */
    if (!(pci_get_word(m->cfg, PCI_COMMAND) & PCI_COMMAND_MASTER)) {
        m->stats.dropped_bme++;
        SIM_TRACE(sim, TP_MSIX_DROP_BME, rid_of(m), f->vec, f->w.tag.seq);
    } else {
        m->stats.sent++;
        SIM_TRACE(sim, TP_MSIX_SEND, rid_of(m), f->vec, f->w.addr, f->w.data,
                  f->w.tag.seq);
        m->sink.write(m->sink.ctx, &f->w);
    }
    free(f);
}

/*
 * Sample entry @v now and schedule the message COST_DEV_MSI_GEN later
 * (rules MSIX-MSG-01, MSIX-MSG-02, MSIX-LAT-01).  PCIe Base 6.0 s.6.1.4.4: a DWORD
 * memory write of the entry's data to the entry's address; s.6.1 / SIOV
 * spec: no PASID prefix on an interrupt message.
 */
static int fire(struct msix *m, unsigned v, const struct irq_tag *tag)
{
    const uint32_t *e = &m->table[v * ENTRY_DWORDS];
    struct msix_inflight *f = calloc(1, sizeof(*f));
    int rc;

    if (!f)
        return -ENOMEM;
    f->m = m;
    f->vec = v;
    f->w.addr = (uint64_t)e[DW_ADDR_HI] << 32 | e[DW_ADDR_LO];
    f->w.data = e[DW_DATA];
    f->w.len = 4;
    f->w.rid = rid_of(m);
    f->w.has_pasid = false;
    f->w.pasid = 0;
    f->w.tag = *tag;
    rc = sim_schedule_in(m->sim, cost_ps(m->cost, COST_DEV_MSI_GEN), SIM_PRIO_HW,
                         emit, f, &f->ev);
    if (rc) {
        free(f);
        return rc;
    }
    f->next = m->inflight;
    if (m->inflight)
        m->inflight->prev = f;
    m->inflight = f;
    m->stats.scheduled++;
    SIM_TRACE(m->sim, TP_MSIX_FIRE, rid_of(m), v, f->w.addr, f->w.data, tag->seq);
    return 0;
}

/* Drop every scheduled message; returns how many there were. */
static uint64_t cancel_inflight(struct msix *m)
{
    uint64_t n = 0;

    while (m->inflight) {
        struct msix_inflight *f = m->inflight;

        unlink_inflight(m, f);
        (void)sim_cancel(m->sim, f->ev);
        free(f);
        n++;
    }
    return n;
}

/*
 * QEMU msix_handle_mask_update(): if @v went from held to not held and its
 * PBA bit is set, clear the bit and send once with the entry as it is now
 * (PCIe Base 6.0 s.6.1.4.5; rules MSIX-MASK-02, MSIX-PBA-02).
 */
static void mask_update(struct msix *m, unsigned v, bool was_held)
{
    struct irq_tag tag;

    if (!was_held || held(m, v) || !pba_test(m, v))
        return;
    tag = m->pend_tag[v];
    pba_clear(m, v);
    memset(&m->pend_tag[v], 0, sizeof(m->pend_tag[v]));
    SIM_TRACE(m->sim, TP_MSIX_REPLAY, rid_of(m), v, tag.seq);
    if (m->replay) {
        /* rule MSIX-DEV-01: the device generates the message itself */
        struct msix_entry e;

        (void)msix_get_entry(m, v, &e);
        m->stats.replayed++;
        m->replay(m->replay_ctx, v, &e, &tag);
        return;
    }
    if (fire(m, v, &tag)) {
        /* out of memory: the interrupt stays pending, nothing is lost */
        pba_set(m, v);
        m->pend_tag[v] = tag;
        return;
    }
    m->stats.replayed++;
}

/* Config hook on Message Control (QEMU msix_write_config()). */
static void ctrl_hook(void *ctx, struct pci_cfg *cfg, uint32_t off, unsigned size)
{
    struct msix *m = ctx;
    uint16_t c = pci_get_word(cfg, m->cap + PCI_MSIX_FLAGS);
    bool was_en = m->enabled, was_fm = m->fmask;

    (void)off;
    (void)size;
    /* PCIe Base 6.0 s.7.7.2.2: Enable bit 15, Function Mask bit 14 */
    m->enabled = c & PCI_MSIX_FLAGS_ENABLE;
    m->fmask = c & PCI_MSIX_FLAGS_MASKALL;
    if (was_en == m->enabled && was_fm == m->fmask)
        return;
    SIM_TRACE(m->sim, TP_MSIX_CTRL, rid_of(m), m->enabled, m->fmask);
    /* pending vectors in ascending order (rules MSIX-FM-01, MSIX-EN-02) */
    for (unsigned w = 0; w < pba_words(m->nvec); w++) {
        uint64_t bits = m->pba[w];

        while (bits) {
            unsigned v = w * 64 + (unsigned)__builtin_ctzll(bits);

            bits &= bits - 1;
            mask_update(m, v, !was_en || was_fm || vec_masked(m, v));
        }
    }
}

/* ---- device side --------------------------------------------------------- */

int msix_decide(struct msix *m, unsigned vector, const struct irq_tag *tag,
                struct msix_entry *out)
{
    struct irq_tag t = { 0 };

    if (vector >= m->nvec)
        return -EINVAL;
    if (tag)
        t = *tag;
    m->stats.notified++;
    /* PCIe Base 6.0 s.7.7.2.2: Enable clear prohibits MSI-X (MSIX-EN-01) */
    if (!m->enabled) {
        m->stats.dropped_disabled++;
        SIM_TRACE(m->sim, TP_MSIX_DROP_DISABLED, rid_of(m), vector, t.seq);
        return MSIX_NOTIFY_DISABLED;
    }
    /* s.6.1.4.5: masked -> set the Pending bit instead (MSIX-MASK-01) */
    if (m->fmask || vec_masked(m, vector)) {
        if (pba_test(m, vector)) {
            m->stats.coalesced++;
            SIM_TRACE(m->sim, TP_MSIX_COALESCE, rid_of(m), vector, t.seq);
            return MSIX_NOTIFY_COALESCED;
        }
        pba_set(m, vector);
        m->pend_tag[vector] = t;
        m->stats.pended++;
        SIM_TRACE(m->sim, TP_MSIX_PEND, rid_of(m), vector, t.seq);
        return MSIX_NOTIFY_PENDING;
    }
    if (out)
        (void)msix_get_entry(m, vector, out);
    return MSIX_NOTIFY_SENT;
}

int msix_notify(struct msix *m, unsigned vector, const struct irq_tag *tag)
{
    const struct irq_tag none = { 0 };
    int r = msix_decide(m, vector, tag, NULL);

    if (r == MSIX_NOTIFY_COALESCED)
        return MSIX_NOTIFY_PENDING;
    if (r != MSIX_NOTIFY_SENT)
        return r;
    r = fire(m, vector, tag ? tag : &none);
    return r ? r : MSIX_NOTIFY_SENT;
}

int msix_set_pending(struct msix *m, unsigned vector, const struct irq_tag *tag)
{
    if (vector >= m->nvec)
        return -EINVAL;
    if (pba_test(m, vector))
        return 0;
    pba_set(m, vector);
    if (tag)
        m->pend_tag[vector] = *tag;
    else
        memset(&m->pend_tag[vector], 0, sizeof(m->pend_tag[vector]));
    m->stats.pended++;
    SIM_TRACE(m->sim, TP_MSIX_PEND, rid_of(m), vector, tag ? tag->seq : 0);
    return 0;
}

void msix_set_replay(struct msix *m, msix_replay_fn fn, void *ctx)
{
    m->replay = fn;
    m->replay_ctx = fn ? ctx : NULL;
}

int msix_clear_pending(struct msix *m, unsigned vector)
{
    /* rule MSIX-PBA-03 (s.6.1.4.5) */
    if (vector >= m->nvec)
        return -EINVAL;
    if (pba_test(m, vector)) {
        pba_clear(m, vector);
        memset(&m->pend_tag[vector], 0, sizeof(m->pend_tag[vector]));
        m->stats.pending_cleared++;
        SIM_TRACE(m->sim, TP_MSIX_PEND_CLEAR, rid_of(m), vector);
    }
    return 0;
}

bool msix_is_pending(const struct msix *m, unsigned vector)
{
    return vector < m->nvec && pba_test(m, vector);
}

bool msix_is_masked(const struct msix *m, unsigned vector)
{
    return vector >= m->nvec || m->fmask || vec_masked(m, vector);
}

bool msix_enabled(const struct msix *m)
{
    return m->enabled;
}

bool msix_function_masked(const struct msix *m)
{
    return m->fmask;
}

int msix_get_entry(const struct msix *m, unsigned vector, struct msix_entry *out)
{
    const uint32_t *e;

    if (vector >= m->nvec || !out)
        return -EINVAL;
    e = &m->table[vector * ENTRY_DWORDS];
    out->addr = (uint64_t)e[DW_ADDR_HI] << 32 | e[DW_ADDR_LO];
    out->data = e[DW_DATA];
    out->ctrl = e[DW_CTRL];
    return 0;
}

uint32_t msix_table_size(const struct msix *m)
{
    return m->nvec * PCI_MSIX_ENTRY_SIZE;
}

uint32_t msix_pba_size(const struct msix *m)
{
    return pba_words(m->nvec) * 8;
}

/* ---- MMIO: the table and the PBA ----------------------------------------- */

static uint64_t all_ones(unsigned size)
{
    return size >= 8 ? UINT64_MAX : (UINT64_C(1) << (8 * size)) - 1;
}

/*
 * Rule MSIX-ACC-01 (PCIe Base 6.0 s.7.7.2: "aligned full DWORD or aligned
 * full QWORD" accesses only): anything else is refused and counted, and
 * nothing outside the region is ever touched (the QEMU fuzzing bugs).
 * Rule MSIX-ACC-03: with Memory Space Enable clear the function does not
 * decode its BARs (s.7.5.1.1.3).
 */
static int check_access(struct msix *m, int region, uint64_t off, unsigned size,
                        bool write, uint64_t limit)
{
    int r = MMIO_OK, why = 0;

    if ((size != 4 && size != 8) || (off & (size - 1))) {
        r = MMIO_BAD_SIZE;
        why = WHY_SIZE;
    } else if (off >= limit || size > limit - off) {
        r = MMIO_UNMAPPED;
        why = WHY_RANGE;
    } else if (!(pci_get_word(m->cfg, PCI_COMMAND) & PCI_COMMAND_MEMORY)) {
        r = MMIO_UNMAPPED;
        why = WHY_MSE;
    }
    if (r == MMIO_OK)
        return r;
    m->stats.guest_errors++;
    SIM_TRACE(m->sim, TP_MSIX_BAD_ACCESS, rid_of(m), region, off, size, write, why);
    return r;
}

static int table_read(void *ctx, uint64_t off, unsigned size, uint64_t *val)
{
    struct msix *m = ctx;
    int r = check_access(m, REGION_TABLE, off, size, false, msix_table_size(m));
    uint32_t idx = (uint32_t)(off / 4);

    if (r != MMIO_OK) {
        *val = all_ones(size);
        return r;
    }
    *val = m->table[idx];
    if (size == 8)
        *val |= (uint64_t)m->table[idx + 1] << 32;
    return MMIO_OK;
}

static void table_write_dword(struct msix *m, uint32_t idx, uint32_t val)
{
    unsigned v = idx / ENTRY_DWORDS, f = idx % ENTRY_DWORDS;
    bool was_held = held(m, v);
    uint32_t old = m->table[idx];
    uint32_t nv = (old & ~entry_wmask[f]) | (val & entry_wmask[f]);

    m->table[idx] = nv;
    SIM_TRACE(m->sim, TP_MSIX_ENTRY_WRITE, rid_of(m), v, f * 4, nv);
    if (f == DW_CTRL && ((old ^ nv) & PCI_MSIX_ENTRY_CTRL_MASKBIT))
        SIM_TRACE(m->sim, TP_MSIX_VMASK, rid_of(m), v, nv & PCI_MSIX_ENTRY_CTRL_MASKBIT);
    mask_update(m, v, was_held);
}

static int table_write(void *ctx, uint64_t off, unsigned size, uint64_t val)
{
    struct msix *m = ctx;
    int r = check_access(m, REGION_TABLE, off, size, true, msix_table_size(m));
    uint32_t idx = (uint32_t)(off / 4);

    if (r != MMIO_OK)
        return r;
    /*
     * Rule MSIX-ACC-02: a QWORD covers two dwords, the lower first.  PCIe
     * Base 6.0 s.6.1.4.2 (implementation note): in a QWORD write of Message
     * Data and Vector Control the data is visible no later than the mask.
     */
    table_write_dword(m, idx, (uint32_t)val);
    if (size == 8)
        table_write_dword(m, idx + 1, (uint32_t)(val >> 32));
    return MMIO_OK;
}

static int pba_read(void *ctx, uint64_t off, unsigned size, uint64_t *val)
{
    struct msix *m = ctx;
    int r = check_access(m, REGION_PBA, off, size, false, msix_pba_size(m));
    uint64_t word;

    if (r != MMIO_OK) {
        *val = all_ones(size);
        return r;
    }
    word = m->pba[off / 8];
    *val = size == 8 ? word : (uint32_t)(word >> (8 * (off % 8)));
    return MMIO_OK;
}

static int pba_write(void *ctx, uint64_t off, unsigned size, uint64_t val)
{
    struct msix *m = ctx;
    int r = check_access(m, REGION_PBA, off, size, true, msix_pba_size(m));

    if (r != MMIO_OK)
        return r;
    /* Rule MSIX-PBA-01: Pending Bits are RO (s.7.7.2.9); QEMU ignores writes */
    m->stats.pba_writes++;
    SIM_TRACE(m->sim, TP_MSIX_PBA_WRITE, rid_of(m), off, size, val);
    return MMIO_OK;
}

const struct mmio_ops msix_table_mmio_ops = {
    .read = table_read,
    .write = table_write,
    .min_size = 4,
    .max_size = 8,
};

const struct mmio_ops msix_pba_mmio_ops = {
    .read = pba_read,
    .write = pba_write,
    .min_size = 4,
    .max_size = 8,
};

/* ---- life cycle ---------------------------------------------------------- */

static void reset_table(struct msix *m)
{
    /* rule MSIX-TBL-01 (s.7.7.2.8): Mask defaults to 1; address, data 0 */
    memset(m->table, 0, (size_t)m->nvec * ENTRY_DWORDS * sizeof(*m->table));
    for (unsigned v = 0; v < m->nvec; v++)
        m->table[v * ENTRY_DWORDS + DW_CTRL] = PCI_MSIX_ENTRY_CTRL_MASKBIT;
    memset(m->pba, 0, pba_words(m->nvec) * sizeof(*m->pba));
    memset(m->pend_tag, 0, (size_t)m->nvec * sizeof(*m->pend_tag));
}

static bool overlap(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
    return a < b + blen && b < a + alen;
}

int msix_init(struct msix *m, struct pci_cfg *cfg, const struct msix_config *mc,
              struct sim *sim, const struct cost_model *cost,
              const struct pcie_sink *sink)
{
    uint64_t tsize, psize;
    int cap, rc;

    if (!m || !cfg || !mc || !sim || !cost || !sink || !sink->write)
        return -EINVAL;
    /* rule MSIX-CAP-02 (s.7.7.2.2-4, QEMU msix_init()): N, BIRs, offsets */
    if (mc->nvec == 0 || mc->nvec > PCI_MSIX_MAX_VECTORS)
        return -EINVAL;
    if (mc->table_bir > PCI_MSIX_MAX_BIR || mc->pba_bir > PCI_MSIX_MAX_BIR)
        return -EINVAL;
    if ((mc->table_off & ~PCI_MSIX_TABLE_OFFSET) || (mc->pba_off & ~PCI_MSIX_PBA_OFFSET))
        return -EINVAL;
    tsize = (uint64_t)mc->nvec * PCI_MSIX_ENTRY_SIZE;
    psize = (uint64_t)pba_words(mc->nvec) * 8;
    if (mc->table_bir == mc->pba_bir &&
        overlap(mc->table_off, tsize, mc->pba_off, psize))
        return -EINVAL;
    if (cfg->nhooks == PCI_CFG_MAX_HOOKS)
        return -ENOSPC;

    memset(m, 0, sizeof(*m));
    m->cfg = cfg;
    m->sim = sim;
    m->cost = cost;
    m->sink = *sink;
    m->nvec = mc->nvec;
    m->table_bir = mc->table_bir;
    m->table_off = mc->table_off;
    m->pba_bir = mc->pba_bir;
    m->pba_off = mc->pba_off;
    m->table = malloc((size_t)m->nvec * ENTRY_DWORDS * sizeof(*m->table));
    m->pba = malloc(pba_words(m->nvec) * sizeof(*m->pba));
    m->pend_tag = malloc((size_t)m->nvec * sizeof(*m->pend_tag));
    if (!m->table || !m->pba || !m->pend_tag) {
        msix_fini(m);
        return -ENOMEM;
    }
    reset_table(m);

    cap = pci_add_cap(cfg, PCI_CAP_ID_MSIX, mc->cap_off, PCI_CAP_MSIX_SIZEOF);
    if (cap < 0) {
        msix_fini(m);
        return cap;
    }
    m->cap = (uint16_t)cap;
    /* rule MSIX-CAP-01 (s.7.7.2.2): QSIZE = N - 1 RO; 13:11 reserved;
     * Function Mask and Enable RW */
    pci_cfg_define(cfg, m->cap + PCI_MSIX_FLAGS, 2, m->nvec - 1,
                   PCI_MSIX_FLAGS_MASKALL | PCI_MSIX_FLAGS_ENABLE, 0);
    /* s.7.7.2.3-4: offset | BIR, RO */
    pci_cfg_define(cfg, m->cap + PCI_MSIX_TABLE, 4, mc->table_off | mc->table_bir, 0, 0);
    pci_cfg_define(cfg, m->cap + PCI_MSIX_PBA, 4, mc->pba_off | mc->pba_bir, 0, 0);
    rc = pci_cfg_add_hook(cfg, m->cap + PCI_MSIX_FLAGS, 2, ctrl_hook, m);
    if (rc)
        msix_fini(m);
    return rc;
}

void msix_fini(struct msix *m)
{
    if (m->table)
        cancel_inflight(m);
    if (m->cfg)
        (void)pci_cfg_remove_hook(m->cfg, ctrl_hook, m);
    free(m->table);
    free(m->pba);
    free(m->pend_tag);
    m->table = NULL;
    m->pba = NULL;
    m->pend_tag = NULL;
}

/* Rule MSIX-RST-01 (PCIe Base 6.0 s.6.6.2: FLR returns registers to reset). */
void msix_reset(struct msix *m)
{
    uint64_t dropped = cancel_inflight(m);

    m->stats.dropped_reset += dropped;
    pci_set_word(m->cfg, m->cap + PCI_MSIX_FLAGS,
                 pci_get_word(m->cfg, m->cap + PCI_MSIX_FLAGS) & PCI_MSIX_FLAGS_QSIZE);
    m->enabled = false;
    m->fmask = false;
    reset_table(m);
    SIM_TRACE(m->sim, TP_MSIX_RESET, rid_of(m), dropped);
}

int msix_set_sink(struct msix *m, const struct pcie_sink *sink)
{
    if (!sink || !sink->write)
        return -EINVAL;
    m->sink = *sink;
    return 0;
}
