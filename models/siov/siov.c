/* SPDX-License-Identifier: MIT */
/*
 * siov.c - the SIOV device core: names, BAR0 forwarding, the banks and the
 * ADIs' bindings, life cycle and accessors.  The Interrupt Message
 * Generation Logic (raises, releases, messages in flight) is siov_msg.c;
 * DMA is siov_dma.c.
 *
 * The function's config space (models/pci) holds the Command register the
 * device obeys (Memory Space Enable for BAR0, Bus Master Enable for
 * messages and DMA), the SIOV DVSEC and the MSI-X capability; the MSI-X
 * table is the pci model's, attached to SIOV_BANK_MSIX through ims_msix.c.
 */
#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/pci/msix.h"
#include "models/pci/pci.h"
#include "models/siov/ims_msix.h"
#include "models/siov/siov_core.h"
#include "models/trace-events.h"
#include "sim/trace.h"

/* ---- names -------------------------------------------------------------- */

/* siov_kind_name() and siov_kind_parse() are in siov_props.c. */

const char *siov_bank_name(enum siov_bank bank)
{
    switch (bank) {
    case SIOV_BANK_IMS:
        return "ims";
    case SIOV_BANK_MSIX:
        return "msix";
    default:
        return "?";
    }
}

const char *siov_outcome_name(enum siov_outcome o)
{
    static const char *const names[SIOV_OUT__COUNT] = {
        [SIOV_OUT_SENT] = "sent",
        [SIOV_OUT_PENDING] = "pending",
        [SIOV_OUT_COALESCED] = "coalesced",
        [SIOV_OUT_REFUSED] = "refused",
        [SIOV_OUT_UNBOUND] = "unbound",
        [SIOV_OUT_INVALID] = "invalid",
        [SIOV_OUT_FAULT] = "fault",
        [SIOV_OUT_HANDLE] = "handle",
        [SIOV_OUT_HELD] = "held",
    };

    return (unsigned)o < SIOV_OUT__COUNT ? names[o] : "?";
}

/* ---- BAR0 --------------------------------------------------------------- */

static const struct mmio_ops *bar_ops_of(const struct siov_dev *dev)
{
    const struct bank *b = &dev->bank[SIOV_BANK_IMS];

    return b->ops ? b->ops->mmio : NULL;
}

/* SIOV-CMD-01: with Memory Space Enable clear BAR0 is not decoded. */
static bool decoded(struct siov_dev *dev, uint64_t off, unsigned size, bool write)
{
    if (siov__cmd_bit(&dev->pcfg, PCI_COMMAND_MEMORY))
        return true;
    dev->stats.undecoded++;
    SIM_TRACE(dev->plat.sim, TP_SIOV_BAR_UNDECODED, dev->cfg.index, off, size,
              write);
    return false;
}

static int bar_read(void *ctx, uint64_t off, unsigned size, uint64_t *val)
{
    struct siov_dev *dev = ctx;
    const struct mmio_ops *ops = bar_ops_of(dev);
    int r;

    dev->stats.mmio_reads++;
    if (!decoded(dev, off, size, false) || !ops) {
        *val = UINT64_MAX;
        return MMIO_UNMAPPED;
    }
    r = ops->read(dev->bank[SIOV_BANK_IMS].store, off, size, val);
    if (r == MMIO_BAD_SIZE) {
        dev->stats.bad_mmio++;
        SIM_TRACE(dev->plat.sim, TP_SIOV_BAR_BAD, dev->cfg.index, off, size, 0);
    }
    return r;
}

static int bar_write(void *ctx, uint64_t off, unsigned size, uint64_t val)
{
    struct siov_dev *dev = ctx;
    const struct mmio_ops *ops = bar_ops_of(dev);
    int r;

    dev->stats.mmio_writes++;
    SIM_TRACE(dev->plat.sim, TP_SIOV_BAR_WRITE, dev->cfg.index, off, size, val);
    if (!decoded(dev, off, size, true) || !ops)
        return MMIO_UNMAPPED;
    r = ops->write(dev->bank[SIOV_BANK_IMS].store, off, size, val);
    if (r == MMIO_BAD_SIZE) {
        dev->stats.bad_mmio++;
        SIM_TRACE(dev->plat.sim, TP_SIOV_BAR_BAD, dev->cfg.index, off, size, 1);
    }
    return r;
}

/* The device checks sizes itself (and counts the rejects), so it admits
 * every size a CPU can issue. */
static const struct mmio_ops bar_ops = {
    .read = bar_read,
    .write = bar_write,
    .min_size = 1,
    .max_size = 8,
};

const struct mmio_ops *siov_bar0(struct siov_dev *dev, void **ctx)
{
    *ctx = dev;
    return &bar_ops;
}

uint64_t siov_bar0_size(const struct siov_dev *dev)
{
    switch (dev->cfg.kind) {
    case SIOV_KIND_IDXD:
        return siov__idxd_bar_size(dev->cfg.ims_entries);
    case SIOV_KIND_MLX5:
        return siov__mlx5_bar_size(dev->cfg.n_adi);
    default:
        return 0;
    }
}

/* ---- banks and bindings ------------------------------------------------- */

static void bank_free(struct bank *b)
{
    free(b->pend_tag);
    free(b->es);
    b->pend_tag = NULL;
    b->es = NULL;
}

static int bank_set(struct siov_dev *dev, enum siov_bank id,
                    const struct ims_store_ops *ops, void *store)
{
    struct bank *b = &dev->bank[id];
    uint32_t n = ops->count(store);
    struct irq_tag *pt = calloc(n ? n : 1, sizeof(*pt));
    struct siov_entry_stats *es = calloc(n ? n : 1, sizeof(*es));
    struct ims_store_host host = { .emit = siov__bank_emit, .host = b };

    if (!pt || !es) {
        free(pt);
        free(es);
        return -ENOMEM;
    }
    bank_free(b);
    b->dev = dev;
    b->id = id;
    b->ops = ops;
    b->store = store;
    b->count = n;
    b->pend_tag = pt;
    b->es = es;
    ops->set_host(store, &host);
    return 0;
}

int siov_attach_store(struct siov_dev *dev, enum siov_bank bank,
                      const struct ims_store_ops *ops, void *store)
{
    if ((unsigned)bank >= SIOV_BANK__COUNT || !ops || !ops->count ||
        !ops->lookup || !ops->set_host || (!ops->fire && !ops->set_pending))
        return -EINVAL;
    if (bank == SIOV_BANK_MSIX && ops->count(store) != dev->cfg.msix_vectors)
        return -EINVAL;
    if (dev->bank[bank].bound)
        return -EBUSY;
    return bank_set(dev, bank, ops, store);
}

int siov_adi_bind(struct siov_dev *dev, uint32_t adi, enum siov_bank bank,
                  const uint32_t *entries, uint32_t n)
{
    struct adi *a;
    uint32_t *copy = NULL;

    if (adi >= dev->cfg.n_adi || (unsigned)bank >= SIOV_BANK__COUNT ||
        (n && !entries))
        return -EINVAL;
    if (n && !dev->bank[bank].ops)
        return -ENODEV;
    for (uint32_t i = 0; i < n; i++)
        if (entries[i] >= dev->bank[bank].count)
            return -ERANGE;
    if (n) {
        copy = malloc(n * sizeof(*copy));
        if (!copy)
            return -ENOMEM;
        memcpy(copy, entries, n * sizeof(*copy));
    }
    a = &dev->adi[adi];
    if (a->n)
        dev->bank[a->bank].bound--;
    free(a->entries);
    a->entries = copy;
    a->n = n;
    a->next = 0;
    a->bank = bank;
    if (n)
        dev->bank[bank].bound++;
    return 0;
}

/* ---- life cycle --------------------------------------------------------- */

void siov_config_init(struct siov_config *cfg, enum siov_kind kind)
{
    *cfg = (struct siov_config){
        .name = "siov0",
        .index = 0,
        .rid = PCI_RID(0, 4, 0),
        .kind = kind,
        .n_adi = 1,
        .pasid_base = 1,
        .ims_entries = kind == SIOV_KIND_IDXD   ? 256
                       : kind == SIOV_KIND_MLX5 ? 64
                                                : 0,
        .msix_vectors = 9,
        .ctx_base = 0,
    };
}

static int check_config(const struct siov_config *cfg,
                        const struct siov_platform *plat)
{
    if (!plat || !plat->sim || !plat->upstream.write)
        return -EINVAL;
    if ((unsigned)cfg->kind >= SIOV_KIND__COUNT || cfg->n_adi == 0)
        return -EINVAL;
    if (cfg->pasid_base > SIOV_PASID_MAX ||
        cfg->n_adi - 1 > SIOV_PASID_MAX - cfg->pasid_base)
        return -EINVAL;
    if (cfg->kind == SIOV_KIND_MSIX && cfg->ims_entries)
        return -EINVAL;
    if (cfg->msix_vectors > PCI_MSIX_MAX_VECTORS)
        return -EINVAL;
    if (cfg->int_handles && cfg->kind != SIOV_KIND_IDXD)
        return -EINVAL;
    return 0;
}

/* The physical function's IDs (DSA 0x0b25, ConnectX-6 Dx 0x101d, I350 0x1521
 * for a plain MSI-X NIC). */
static void function_ids(enum siov_kind kind, uint16_t *vendor, uint16_t *device)
{
    *vendor = kind == SIOV_KIND_MLX5 ? 0x15b3 : PCI_VENDOR_ID_INTEL;
    *device = kind == SIOV_KIND_IDXD   ? 0x0b25
              : kind == SIOV_KIND_MLX5 ? 0x101d
                                       : 0x1521;
}

static uint64_t bar_size_for(uint64_t bytes)
{
    uint64_t size = 0x1000;

    while (size < bytes)
        size <<= 1;
    return size;
}

/* A message the pci model sends itself (msix_notify() on siov_msix(); the
 * device's own raises never take this path) leaves by the same port. */
static void msix_direct(void *ctx, const struct pcie_write *w)
{
    struct siov_dev *dev = ctx;

    if (dev->plat.upstream.write)
        dev->plat.upstream.write(dev->plat.upstream.ctx, w);
}

#define SIOV_MSIX_BIR 4u

/*
 * The function's config space: header (Command 0), BAR0, the SIOV DVSEC
 * (idxd and mlx5 hardware support IMS: domain.md 6.1, DVSEC ID 5, CAP bit
 * 0), and the pci model's MSI-X capability behind SIOV_BANK_MSIX.
 */
static int function_init(struct siov_dev *dev)
{
    const struct siov_config *cfg = &dev->cfg;
    const struct pcie_sink sink = { .write = msix_direct, .ctx = dev };
    uint64_t bar0 = siov_bar0_size(dev);
    struct msix_config mc;
    uint16_t vendor, device;
    uint32_t pba_off;
    int rc;

    function_ids(cfg->kind, &vendor, &device);
    pci_cfg_init(&dev->pcfg, dev->plat.sim, cfg->rid, vendor, device);
    if (bar0) {
        rc = pci_bar_define(&dev->pcfg, 0, bar_size_for(bar0),
                            PCI_BASE_ADDRESS_MEM_TYPE_64);
        if (rc)
            return rc;
    }
    if (cfg->kind != SIOV_KIND_MSIX) {
        rc = pci_siov_dvsec_add(&dev->pcfg, true);
        if (rc < 0)
            return rc;
    }
    if (!cfg->msix_vectors)
        return 0;
    /* the table at 0 of its own BAR, the PBA on the next page (as QEMU's
     * vfio expects of a device it maps) */
    pba_off = (cfg->msix_vectors * PCI_MSIX_ENTRY_SIZE + 0xfffu) & ~0xfffu;
    mc = (struct msix_config){ .nvec = cfg->msix_vectors, .cap_off = 0,
                               .table_bir = SIOV_MSIX_BIR, .table_off = 0,
                               .pba_bir = SIOV_MSIX_BIR, .pba_off = pba_off };
    rc = pci_bar_define(&dev->pcfg, SIOV_MSIX_BIR,
                        bar_size_for(pba_off + (cfg->msix_vectors + 63) / 64 * 8),
                        PCI_BASE_ADDRESS_MEM_TYPE_64);
    if (rc)
        return rc;
    rc = msix_init(&dev->msix, &dev->pcfg, &mc, dev->plat.sim, dev->env.cost,
                   &sink);
    if (rc)
        return rc;
    dev->has_msix = true;
    rc = ims_msix_init(&dev->msix_store, &dev->msix);
    if (rc)
        return rc;
    return bank_set(dev, SIOV_BANK_MSIX, ims_msix_store_ops(), &dev->msix_store);
}

int siov_create(struct siov_dev **out, const struct siov_config *cfg,
                const struct siov_platform *plat)
{
    struct siov_dev *dev;
    int err;

    err = check_config(cfg, plat);
    if (err)
        return err;
    dev = calloc(1, sizeof(*dev));
    if (!dev)
        return -ENOMEM;
    sim_pool_init(&dev->msgs, sizeof(struct msg));
    snprintf(dev->name, sizeof(dev->name), "%s",
             cfg->name ? cfg->name : "siov");
    dev->cfg = *cfg;
    dev->cfg.name = dev->name;
    dev->plat = *plat;
    cost_model_default(&dev->cost_default);
    dev->env = (struct siov__env){
        .sim = plat->sim,
        .cost = plat->cost ? plat->cost : &dev->cost_default,
        .mem = plat->mem,
        .dma_xlate = plat->dma_xlate,
        .dma_ctx = plat->dma_ctx,
        .dev_index = cfg->index,
        .n_adi = cfg->n_adi,
        .pasid_base = cfg->pasid_base,
        .stats = &dev->stats,
        .pcfg = &dev->pcfg,
    };
    dev->adi = calloc(cfg->n_adi, sizeof(*dev->adi));
    if (!dev->adi) {
        err = -ENOMEM;
        goto out_free;
    }

    if (cfg->int_handles && (err = siov__handles_create(dev)))
        goto out_free;
    switch (cfg->kind) {
    case SIOV_KIND_IDXD:
        err = siov__idxd_create(&dev->builtin, &dev->env, cfg->ims_entries);
        break;
    case SIOV_KIND_MLX5:
        err = siov__mlx5_create(&dev->builtin, &dev->env, cfg->ims_entries,
                                cfg->ctx_base);
        break;
    default:
        err = 0;    /* msix: the MSI-X store is attached later */
        break;
    }
    if (err)
        goto out_free;
    if (dev->builtin.ops) {
        err = bank_set(dev, SIOV_BANK_IMS, dev->builtin.ops,
                       dev->builtin.store);
        if (err)
            goto out_free;
    }
    err = function_init(dev);
    if (err)
        goto out_free;
    *out = dev;
    return 0;

out_free:
    siov_destroy(dev);
    return err;
}

void siov_destroy(struct siov_dev *dev)
{
    if (!dev)
        return;
    siov__msg_cancel_all(dev);
    siov__work_cancel_all(dev);
    if (dev->builtin.destroy)
        dev->builtin.destroy(dev->builtin.store);
    if (dev->has_msix) {
        ims_msix_fini(&dev->msix_store);
        msix_fini(&dev->msix);
    }
    for (unsigned i = 0; i < SIOV_BANK__COUNT; i++)
        bank_free(&dev->bank[i]);
    for (uint32_t i = 0; dev->adi && i < dev->cfg.n_adi; i++)
        free(dev->adi[i].entries);
    for (uint32_t i = 0; dev->adi && i < dev->cfg.n_adi; i++)
        free(dev->adi[i].held);
    free(dev->adi);
    siov__handles_destroy(dev);
    sim_pool_fini(&dev->msgs);
    free(dev);
}

void siov_reset(struct siov_dev *dev)
{
    siov__work_cancel_all(dev);     /* an FLR aborts queued descriptors */
    for (unsigned i = 0; i < SIOV_BANK__COUNT; i++) {
        struct bank *b = &dev->bank[i];

        if (!b->ops)
            continue;
        if (b->ops->reset)
            b->ops->reset(b->store);
        memset(b->pend_tag, 0, b->count * sizeof(*b->pend_tag));
    }
    /* the function's own table, also when another store replaced it */
    if (dev->has_msix && dev->bank[SIOV_BANK_MSIX].store != &dev->msix_store)
        msix_reset(&dev->msix);
    /* PCIe Base 6.0 s.6.6.2: FLR returns Command to 0 (SIOV-CMD-01/02) */
    pci_set_word(&dev->pcfg, PCI_COMMAND,
                 pci_get_word(&dev->pcfg, PCI_COMMAND) &
                     (uint16_t)~(PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER));
    for (uint32_t i = 0; i < dev->cfg.n_adi; i++)
        dev->adi[i].next = 0;
    siov__handles_reset(dev);
}

/* ---- wiring and accessors ---------------------------------------------- */

void siov_set_cmd_hook(struct siov_dev *dev, siov_cmd_hook_t cb, void *ctx)
{
    dev->env.cmd_hook = cb;
    dev->env.cmd_ctx = ctx;
}

void siov_set_upstream(struct siov_dev *dev, const struct pcie_sink *sink)
{
    dev->plat.upstream = *sink;
}

int siov_entry_read(struct siov_dev *dev, enum siov_bank bank, uint32_t entry,
                    struct ims_entry *out)
{
    struct bank *b;

    if ((unsigned)bank >= SIOV_BANK__COUNT)
        return -EINVAL;
    b = &dev->bank[bank];
    if (!b->ops)
        return -ENODEV;
    return b->ops->lookup(b->store, entry, out);
}

void siov_get_stats(const struct siov_dev *dev, struct siov_stats *out)
{
    *out = dev->stats;
}

int siov_get_entry_stats(const struct siov_dev *dev, enum siov_bank bank,
                         uint32_t entry, struct siov_entry_stats *out)
{
    const struct bank *b;

    if ((unsigned)bank >= SIOV_BANK__COUNT)
        return -EINVAL;
    b = &dev->bank[bank];
    if (!b->ops)
        return -ENODEV;
    if (entry >= b->count)
        return -ERANGE;
    *out = b->es[entry];
    return 0;
}

int siov_adi_pasid(const struct siov_dev *dev, uint32_t adi, uint32_t *pasid)
{
    if (adi >= dev->cfg.n_adi)
        return -EINVAL;
    *pasid = dev->cfg.pasid_base + adi;
    return 0;
}

struct pci_cfg *siov_cfg(struct siov_dev *dev)
{
    return &dev->pcfg;
}

struct msix *siov_msix(struct siov_dev *dev)
{
    return dev->has_msix ? &dev->msix : NULL;
}

const char *siov_name(const struct siov_dev *dev)
{
    return dev->name;
}

uint32_t siov_index(const struct siov_dev *dev)
{
    return dev->cfg.index;
}

uint16_t siov_rid(const struct siov_dev *dev)
{
    return dev->cfg.rid;
}

enum siov_kind siov_kind_of(const struct siov_dev *dev)
{
    return dev->cfg.kind;
}

uint32_t siov_n_adi(const struct siov_dev *dev)
{
    return dev->cfg.n_adi;
}

uint32_t siov_entry_count(const struct siov_dev *dev, enum siov_bank bank)
{
    if ((unsigned)bank >= SIOV_BANK__COUNT || !dev->bank[bank].ops)
        return 0;
    return dev->bank[bank].count;
}
