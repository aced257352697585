/* SPDX-License-Identifier: MIT */
/*
 * vmm_trap.c - the trap map: which guest MMIO accesses exit to the VMM
 * (a trapped MSI-X table, IMS slots a plugin claims, whatever of the host's
 * IMS a composed function must not reach) and which are mapped through to
 * the device.  A trapped access costs an exit (COST_VMEXIT_USER) and runs
 * the emulation (vmm_emul.c); a mapped one reaches the device after the
 * MMIO cost.
 */
#include "models/vmm/vmm_internal.h"

#include <errno.h>

#include "models/pci/msix.h"
#include "models/pci/pci_regs.h"
#include "models/siov/mlx5_layout.h"
#include "models/trace-events.h"

struct access {
    struct vdev *vd;
    unsigned vcpu;
    enum vdev_region region;
    uint64_t off;
    unsigned size;
    uint64_t val;
    uint64_t *valp;
    bool write;
    seq_done_fn done;
    void *ctx;
    struct tbl *t;        /* trapped: the table */
    uint32_t entry;
    unsigned word;
    bool drop;            /* trapped, nothing behind it */
    bool fwd;             /* trapped, then passed on to the device */
};

static void access_end(void *arg, int status)
{
    struct access *a = arg;
    struct vmm *vmm = a->vd->vmm;
    seq_done_fn done = a->done;
    void *ctx = a->ctx;

    seq_pool_free(&vmm->pool, a);
    if (done)
        done(ctx, status);
}

/* Which table (if any) a guest access hits, and whether it traps. */
static bool classify(struct vdev *vd, struct access *a)
{
    struct vmm *vmm = vd->vmm;
    const struct ims_plugin *pl = vmm_plugin_for(siov_kind_of(vd->dev));
    uint32_t entry;
    unsigned word;

    if (a->region == VDEV_MSIX) {
        if (vd->msix.kind == TBL_NONE)
            return false;
        if (a->off / PCI_MSIX_ENTRY_SIZE >= vd->msix.n) {
            a->drop = true;
            return true;
        }
        a->t = &vd->msix;
        a->entry = (uint32_t)(a->off / PCI_MSIX_ENTRY_SIZE);
        a->word = (unsigned)(a->off % PCI_MSIX_ENTRY_SIZE) / 4;
        return true;
    }
    /* VMM-EMUL-EVID-01: asked to emulate an mlx5 IMS it has no plugin for,
     * the VMM traps what it can: the writes to the ADI's command channel
     * (mailbox address and doorbell), which it passes on after the exit;
     * none carries a pair (the EQ context is in memory, mlx5_layout.h) */
    if (vd->emul_unsupported && a->write && a->region == VDEV_BAR0 &&
        siov_kind_of(vd->dev) == SIOV_KIND_MLX5) {
        uint64_t page = siov_mlx5_chan_offset(SIOV_MLX5_CHAN_ADI(vd->adi), 0);

        if (a->off >= page && a->off < page + SIOV_MLX5_CHAN_STRIDE) {
            a->fwd = true;
            return true;
        }
    }
    if (pl && pl->claims(vd->dev, a->off, &entry, &word)) {
        if (vd->mode == VMM_ASSIGN_COMPOSED) {
            /* the host's IMS is not part of the virtual function */
            a->drop = true;
            return true;
        }
        if (vd->ims.kind != TBL_NONE) {
            a->t = &vd->ims;
            a->entry = entry;
            a->word = word;
            return true;
        }
    }
    (void)vmm;
    return false;
}

static void trap_write_done(void *arg, int status)
{
    access_end(arg, status);
}

static void mapped(void *arg);

/* The VMM's emulation of a trapped access, after the exit. */
static void emulate(void *arg)
{
    struct access *a = arg;
    struct vdev *vd = a->vd;
    struct ventry *e;

    if (a->fwd) {
        vd->vmm->st.trapped_nopair++;
        mapped(a);
        return;
    }
    if (a->drop || (a->size != 4 || a->off % 4)) {
        if (!a->write && a->valp)
            *a->valp = a->drop ? UINT32_MAX : 0;
        access_end(a, 0);
        return;
    }
    e = &a->t->e[a->entry];
    if (!a->write) {
        if (a->valp)
            *a->valp = e->w[a->word];
        access_end(a, 0);
        return;
    }
    if (a->word == 3) {
        uint32_t wr = a->t->kind == TBL_IMS_PT
                          ? vmm_plugin_for(siov_kind_of(vd->dev))->ctrl_writable
                          : PCI_MSIX_ENTRY_CTRL_MASKBIT;

        e->w[3] = (uint32_t)a->val & wr;
        if (vmm_ventry_masked(e))
            vmm_mask_hw(vd, a->t, a->entry, trap_write_done, a);
        else
            vmm_activate(vd, a->t, a->entry, trap_write_done, a);
        return;
    }
    e->w[a->word] = (uint32_t)a->val;
    if (a->word == 2)   /* the pair is complete with its data word */
        vmm_pair_note(vd->vmm, (uint64_t)e->w[1] << 32 | e->w[0], e->w[2]);
    /* a new pair in an unmasked entry takes effect with its data word */
    if (a->word == 2 && !vmm_ventry_masked(e)) {
        vmm_activate(vd, a->t, a->entry, trap_write_done, a);
        return;
    }
    access_end(a, 0);
}

static void mapped(void *arg)
{
    struct access *a = arg;
    struct vdev *vd = a->vd;
    const struct mmio_ops *ops;
    void *ctx;
    uint64_t v = 0;

    if (a->region == VDEV_MSIX) {
        ops = &msix_table_mmio_ops;
        ctx = vd->vdv->msix;
    } else {
        ops = vd->vdv->bar;
        ctx = vd->vdv->bar_ctx;
    }
    SIM_TRACE(vd->vmm->p.sim, TP_VMM_MMIO, vd->vm->index, siov_index(vd->dev),
              a->region, a->off, a->size, a->val, a->write);
    if (!ctx) {
        if (!a->write && a->valp)
            *a->valp = UINT64_MAX;
        access_end(a, 0);
        return;
    }
    if (a->write) {
        (void)ops->write(ctx, a->off, a->size, a->val);
    } else {
        (void)ops->read(ctx, a->off, a->size, &v);
        if (a->valp)
            *a->valp = v;
    }
    access_end(a, 0);
}

static int guest_access(struct vdev *vd, unsigned vcpu, enum vdev_region region,
                        uint64_t off, unsigned size, uint64_t val, uint64_t *valp,
                        bool write, seq_done_fn done, void *ctx)
{
    struct vmm *vmm;
    struct access *a;
    int rc;

    if (!vd || (region != VDEV_BAR0 && region != VDEV_MSIX))
        return -EINVAL;
    vmm = vd->vmm;
    a = seq_pool_alloc(&vmm->pool, sizeof(*a));
    if (!a)
        return -ENOMEM;
    *a = (struct access){ .vd = vd, .vcpu = vcpu, .region = region, .off = off,
                          .size = size, .val = val, .valp = valp, .write = write,
                          .done = done, .ctx = ctx };
    if (classify(vd, a)) {
        /* VFIO/QEMU region trap: an exit to the VMM's user space */
        vmm->st.exits[VMM_EXIT_MMIO]++;
        if (write && a->t && a->t->kind == TBL_IMS_PT)
            vmm->st.ims_write_traps++;
        else if (write && (a->region == VDEV_MSIX))
            vmm->st.msix_write_traps++;
        SIM_TRACE(vmm->p.sim, TP_VMM_EXIT, vd->vm->index, vcpu, VMM_EXIT_MMIO);
        SIM_TRACE(vmm->p.sim, TP_VMM_TRAP, vd->vm->index, siov_index(vd->dev), region,
                  off, size, val, write);
        rc = seq_pool_defer(&vmm->pool, vmm_cost(vmm, COST_VMEXIT_USER), emulate, a);
    } else {
        rc = seq_pool_defer(&vmm->pool,
                            vmm_cost(vmm, write ? COST_MMIO_WRITE : COST_MMIO_READ),
                            mapped, a);
    }
    if (rc)
        seq_pool_free(&vmm->pool, a);
    return rc;
}

int vmm_guest_mmio_write(struct vdev *vd, unsigned vcpu, enum vdev_region region,
                         uint64_t off, unsigned size, uint64_t val,
                         seq_done_fn done, void *ctx)
{
    return guest_access(vd, vcpu, region, off, size, val, NULL, true, done, ctx);
}

int vmm_guest_mmio_read(struct vdev *vd, unsigned vcpu, enum vdev_region region,
                        uint64_t off, unsigned size, uint64_t *val,
                        seq_done_fn done, void *ctx)
{
    return guest_access(vd, vcpu, region, off, size, 0, val, false, done, ctx);
}
