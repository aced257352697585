/* SPDX-License-Identifier: MIT */
/*
 * vmm_composed.c - composed functions: the VMM shows an ADI as a virtual
 * function with an MSI-X table of its own (emulated, vmm_emul.c) and backs
 * each virtual entry with a host entry it programs itself: an IMS slot
 * (idxd), an EQ (mlx5), or the function's MSI-X entry (a msix-kind
 * function).  The host's drivers do the writes (models/drv, vmm_hostdev.c).
 */
#include "models/vmm/vmm_internal.h"


uint32_t vmm_ims_per_adi(const struct vdev *vd)
{
    uint32_t n = siov_entry_count(vd->dev, SIOV_BANK_IMS);
    uint32_t a = siov_n_adi(vd->dev);

    return a ? n / a : 0;
}

/* The host entries a composed function has: its slice of the IMS (ADI k
 * has [k*S, (k+1)*S)), or a msix-kind function's MSI-X table. */
bool vmm_composed_bind(struct vdev *vd, struct ventry *e, uint32_t i)
{
    bool msix = siov_kind_of(vd->dev) == SIOV_KIND_MSIX;
    uint32_t n;

    if (e->have_host)
        return true;
    n = msix ? (vd->vdv->msix ? vmm_msix_nvec(vd->vdv->msix) : 0)
             : vmm_ims_per_adi(vd);
    if (i >= n)
        return false;
    e->host_entry = msix ? i : vd->adi * vmm_ims_per_adi(vd) + i;
    e->have_host = true;
    return true;
}

/*
 * The host's update of the entry behind a virtual one: the guest unmasked
 * it (@m, always left enabled) or masked it (@m NULL).  The idxd slot is
 * masked around the update (the host programs a live slot); an EQ is made
 * on the first update and armed after each; an MSI-X entry is written
 * without a mask around it (it was masked while the guest had it masked).
 */
void vmm_composed_entry(struct vdev *vd, struct seq *s, struct ventry *e,
                        const struct msi_msg *m)
{
    enum siov_kind kind = siov_kind_of(vd->dev);
    struct drv *d = vmm_host_drv(vd, kind == SIOV_KIND_MSIX);
    struct drv_update how = { .mask_around = kind == SIOV_KIND_IDXD,
                              .exists = e->host_created,
                              .after = DRV_AFTER_ENABLE };

    if (m) {
        drv_update(d, s, e->host_entry, m, &how);
        if (kind == SIOV_KIND_MLX5)
            e->host_created = true;
    } else if (kind != SIOV_KIND_MLX5 || e->host_created) {
        drv_mask(d, s, e->host_entry, true);
    }
}
