/* SPDX-License-Identifier: MIT */
/*
 * vmm_hostdev.c - the host's side of a device: the host CPU's access port
 * (each access after its MMIO cost, reaching BAR0 or the function's MSI-X
 * table directly; memory at host-physical addresses), the host's drivers
 * for an ADI's entries (models/drv: channel 0 and the VMM's mailbox for
 * mlx5), and the bring-up of the function's MSI-X (vmm_attach_msix()).
 */
#include "models/vmm/vmm_internal.h"

#include <errno.h>
#include <stdlib.h>

#include "models/pci/msix.h"
#include "models/pci/pci.h"
#include "models/pci/pci_regs.h"
#include "models/siov/mlx5_layout.h"
#include "models/trace-events.h"

#define MBOX_TOKEN 0x5au

uint32_t vmm_msix_nvec(const struct msix *m)
{
    return msix_table_size(m) / PCI_MSIX_ENTRY_SIZE;
}

/* ---- the host CPU's port ------------------------------------------------------ */

struct hio {
    struct vmm_dev *d;
    unsigned space;
    uint64_t off;
    uint32_t val;
    uint64_t *valp;
    bool write;
    seq_done_fn done;
    void *arg;
};

static void hio_run(void *arg)
{
    struct hio *h = arg;
    struct vmm_dev *d = h->d;
    const struct mmio_ops *ops = d->bar;
    void *ctx = d->bar_ctx;
    seq_done_fn done = h->done;
    void *darg = h->arg;
    uint64_t v = 0;
    int st = 0;

    if (h->space == DRV_MSIX) {
        ops = &msix_table_mmio_ops;
        ctx = d->msix;
    }
    if (h->write) {
        if (ops->write(ctx, h->off, 4, h->val) != MMIO_OK)
            st = -EIO;
    } else {
        (void)ops->read(ctx, h->off, 4, &v);
        *h->valp = v;
    }
    seq_pool_free(&d->vmm->pool, h);
    done(darg, st);
}

static int hio_start(struct vmm_dev *d, const struct hio *h)
{
    struct vmm *vmm = d->vmm;
    struct hio *n = seq_pool_alloc(&vmm->pool, sizeof(*n));
    int rc;

    if (!n)
        return -ENOMEM;
    *n = *h;
    rc = seq_pool_defer(&vmm->pool,
                        vmm_cost(vmm, h->write ? COST_MMIO_WRITE : COST_MMIO_READ),
                        hio_run, n);
    if (rc)
        seq_pool_free(&vmm->pool, n);
    return rc;
}

static int host_write32(void *ctx, unsigned space, uint64_t off, uint32_t val,
                        seq_done_fn done, void *arg)
{
    struct hio h = { ctx, space, off, val, NULL, true, done, arg };

    return hio_start(ctx, &h);
}

static int host_read32(void *ctx, unsigned space, uint64_t off, uint64_t *val,
                       seq_done_fn done, void *arg)
{
    struct hio h = { ctx, space, off, 0, val, false, done, arg };

    return hio_start(ctx, &h);
}

/* A host firmware command finished: the mailbox's status word. */
static void host_checked(void *ctx, uint32_t opcode, uint32_t sts)
{
    struct vmm_dev *d = ctx;

    SIM_TRACE(d->vmm->p.sim, TP_VMM_HOST_CMD, siov_index(d->dev), opcode, 0, sts);
}

static const struct seq_port_ops host_port_ops = {
    .write32 = host_write32,
    .read32 = host_read32,
    .checked = host_checked,
};

/* ---- the host's drivers ------------------------------------------------------- */

uint32_t vmm_adi_pasid(const struct vdev *vd)
{
    uint32_t pasid = 0;

    (void)siov_adi_pasid(vd->dev, vd->adi, &pasid);
    return pasid;
}

struct drv *vmm_host_drv(struct vdev *vd, bool msix)
{
    struct vmm_dev *d = vd->vdv;
    /* the function's channel 0 and the VMM's mailbox for the device; the
     * host keeps no channel state, so it writes CMDQ_ADDR every time */
    struct drv_mlx5_cfg c = { .chan = SIOV_MLX5_CHAN_FN, .mbox = d->mbox,
                              .mbox_dma = d->mbox, .token = MBOX_TOKEN,
                              .cmdq_per_command = true };
    struct drv *dr = msix ? &vd->msix_drv : &vd->ims_drv;

    drv_init(dr, msix ? &drv_msix_ops : drv_ims_ops(siov_kind_of(vd->dev)), &d->port,
             vmm_adi_pasid(vd), &c);
    return dr;
}

/* ---- devices ------------------------------------------------------------------- */

static struct vmm_dev *dev_of(struct vmm *vmm, const struct siov_dev *dev)
{
    for (unsigned i = 0; i < vmm->ndev; i++)
        if (vmm->dev[i]->dev == dev)
            return vmm->dev[i];
    return NULL;
}

struct vmm_dev *vmm_dev_get(struct vmm *vmm, struct siov_dev *dev)
{
    struct vmm_dev *d = dev_of(vmm, dev), **nd;

    if (d)
        return d;
    nd = realloc(vmm->dev, (vmm->ndev + 1) * sizeof(*nd));
    if (!nd)
        return NULL;
    vmm->dev = nd;
    d = calloc(1, sizeof(*d));
    if (!d)
        return NULL;
    d->vmm = vmm;
    d->dev = dev;
    d->bar = siov_bar0(dev, &d->bar_ctx);
    /* the host driver's accesses: one queue per device, each list started
     * as a work item of its own */
    seq_port_init(&d->port, &host_port_ops, d, &vmm->pool, vmm->p.mem, true);
    d->mbox = vmm->p.mem_base + VMM_MBOX_AREA + VMM_MBOX_STRIDE * vmm->ndev;
    vmm->dev[vmm->ndev++] = d;
    return d;
}

/* A CPU config write of the host (rejected writes are a model bug here). */
static int host_cfg_write(struct pci_cfg *cfg, uint32_t off, unsigned size,
                          uint32_t val)
{
    return pci_cfg_write(cfg, off, size, val) == MMIO_OK ? 0 : -EIO;
}

int vmm_attach_msix(struct vmm *vmm, struct siov_dev *dev, uint32_t nvec)
{
    struct vmm_dev *d;
    struct pci_cfg *cfg;
    struct msix *m;
    uint16_t cap;
    int rc;

    if (!vmm || !dev)
        return -EINVAL;
    m = siov_msix(dev);
    cfg = siov_cfg(dev);
    cap = pci_find_cap(cfg, PCI_CAP_ID_MSIX);
    if (!m || !cap || vmm_msix_nvec(m) != nvec)
        return -EINVAL;
    d = vmm_dev_get(vmm, dev);
    if (!d)
        return -ENOMEM;
    if (d->msix)
        return -EEXIST;
    /*
     * The host's PCI core and driver (vfio-pci for a function it passes
     * through): pci_enable_device() sets Memory Space Enable,
     * pci_set_master() Bus Master Enable, and pci_enable_msix() ->
     * msix_capability_init() sets Enable with Function Mask, masks every
     * entry (they reset masked) and clears Function Mask.
     */
    rc = host_cfg_write(cfg, PCI_COMMAND, 2,
                        pci_get_word(cfg, PCI_COMMAND) | PCI_COMMAND_MEMORY |
                            PCI_COMMAND_MASTER);
    if (!rc)
        rc = host_cfg_write(cfg, cap + PCI_MSIX_FLAGS, 2,
                            PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL);
    if (!rc)
        rc = host_cfg_write(cfg, cap + PCI_MSIX_FLAGS, 2, PCI_MSIX_FLAGS_ENABLE);
    if (rc)
        return rc;
    d->msix = m;
    return 0;
}
