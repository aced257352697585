/* SPDX-License-Identifier: MIT */
/*
 * vmm_assign.c - giving a VM an ADI (passthrough or composed), and what the
 * guest is shown: the tables the VMM traps for it, a virtual config space
 * whose SIOV DVSEC carries the IMS-supported bit the VMM decided
 * (vmm_config.cap), the guest view, the interrupt handles.
 */
#include "models/vmm/vmm_internal.h"

#include <errno.h>
#include <stdlib.h>

#include "models/pci/msix.h"
#include "models/pci/pci.h"
#include "models/pci/pci_regs.h"

void vmm_vdev_free(struct vdev *vd)
{
    free(vd->ims.e);
    free(vd->msix.e);
    free(vd);
}

/* ---- assignment and what the guest sees -------------------------------------------- */

static bool hw_has_dvsec_ims(struct siov_dev *dev)
{
    /* the hardware's bit, read from the function's own config space (idxd
     * and mlx5 set it; a msix-kind function has no SIOV DVSEC at all;
     * domain.md 6.1: DVSEC ID 5, CAP bit 0) */
    return pci_ims_supported(siov_cfg(dev));
}

static bool cap_for(const struct vmm *vmm, const struct vdev *vd)
{
    bool hw = hw_has_dvsec_ims(vd->dev);

    if (vd->mode == VMM_ASSIGN_COMPOSED)
        return false;   /* an MSI-X-only virtual function */
    if (vmm->cfg.personality == VMM_BARE)
        return hw;      /* no VMM: the guest reads the hardware */
    switch (vmm->cfg.cap) {
    case VMM_CAP_ALWAYS:
        return hw;
    case VMM_CAP_NEVER:
        return false;
    default:
        /* The bit says "IMS works" for a driver that programs its own
         * pairs (seed; SIOV 3.7): only emulation makes that true.  The
         * hypercall helps only guests that ask for pairs, which do not
         * need the bit; showing it would invite a guest that trusts it
         * to write a pair of its own. */
        return hw && vmm->cfg.ims == VMM_IMS_EMULATE &&
               vmm_plugin_for(siov_kind_of(vd->dev)) != NULL;
    }
}

/* IDs the virtual function shows (DSA 0x0b25, ConnectX-6 Dx 0x101d and its
 * VF 0x101e, I350 0x1521 for a plain MSI-X NIC; the VDCM's DSA vdev 0x0b26). */
static uint16_t vdev_vendor(enum siov_kind kind)
{
    return kind == SIOV_KIND_MLX5 ? 0x15b3 : PCI_VENDOR_ID_INTEL;
}

static uint16_t vdev_device(enum siov_kind kind, enum vmm_assign_mode mode)
{
    bool vf = mode == VMM_ASSIGN_COMPOSED;

    switch (kind) {
    case SIOV_KIND_IDXD: return vf ? 0x0b26 : 0x0b25;
    case SIOV_KIND_MLX5: return vf ? 0x101e : 0x101d;
    default: return 0x1521;
    }
}

static int tbl_init(struct tbl *t, enum tbl_kind kind, uint32_t n)
{
    t->kind = kind;
    t->n = n;
    t->e = calloc(n ? n : 1, sizeof(*t->e));
    if (!t->e)
        return -ENOMEM;
    for (uint32_t i = 0; i < n; i++)
        t->e[i].w[3] = 1;   /* both kinds reset masked */
    return 0;
}

int vmm_assign(struct vmm *vmm, struct vm *vm, struct siov_dev *dev,
               uint32_t adi, enum vmm_assign_mode mode, struct vdev **out)
{
    struct vmm_dev *d;
    struct vdev *vd, **nvd;
    enum siov_kind kind;
    int rc = 0;

    if (!vmm || !vm || !dev || !out || adi >= siov_n_adi(dev) ||
        (mode == VMM_ASSIGN_COMPOSED && vm->host))
        return -EINVAL;
    for (unsigned i = 0; i < vmm->nvd; i++)
        if (vmm->vd[i]->dev == dev && vmm->vd[i]->adi == adi)
            return -EBUSY;
    d = vmm_dev_get(vmm, dev);
    if (!d)
        return -ENOMEM;
    nvd = realloc(vmm->vd, (vmm->nvd + 1) * sizeof(*nvd));
    if (!nvd)
        return -ENOMEM;
    vmm->vd = nvd;
    vd = calloc(1, sizeof(*vd));
    if (!vd)
        return -ENOMEM;
    *vd = (struct vdev){ .vmm = vmm, .vm = vm, .vdv = d, .dev = dev, .adi = adi,
                         .mode = mode };
    kind = siov_kind_of(dev);
    if (mode == VMM_ASSIGN_COMPOSED) {
        uint32_t n = kind == SIOV_KIND_MSIX ? siov_entry_count(dev, SIOV_BANK_MSIX)
                                            : vmm_ims_per_adi(vd);

        if (n > PCI_MSIX_MAX_VECTORS)
            n = PCI_MSIX_MAX_VECTORS;
        rc = tbl_init(&vd->msix, TBL_VIRT_MSIX, n);
    } else if (!vm->host) {
        if (vmm->cfg.msix == VMM_MSIX_TRAP && d->msix)
            rc = tbl_init(&vd->msix, TBL_MSIX_PT, vmm_msix_nvec(d->msix));
        if (!rc && vmm->cfg.ims == VMM_IMS_EMULATE && kind != SIOV_KIND_MSIX) {
            if (vmm_plugin_for(kind))
                rc = tbl_init(&vd->ims, TBL_IMS_PT,
                              siov_entry_count(dev, SIOV_BANK_IMS));
            else
                vd->emul_unsupported = true;
        }
    }
    if (rc) {
        vmm_vdev_free(vd);
        return rc;
    }
    vd->cap = cap_for(vmm, vd);
    /* what the guest reads: a virtual config space whose SIOV DVSEC (none
     * for a plain MSI-X function) carries the bit the VMM decided; a
     * composed function is an MSI-X-only function with the bit clear */
    pci_cfg_init(&vd->vcfg, vmm->p.sim, siov_rid(dev), vdev_vendor(kind),
                 vdev_device(kind, mode));
    if (kind != SIOV_KIND_MSIX) {
        rc = pci_siov_dvsec_add(&vd->vcfg, vd->cap);
        if (rc < 0) {
            vmm_vdev_free(vd);
            return rc;
        }
    }
    if (vd->emul_unsupported)
        vmm->st.emulation_unsupported++;
    vmm->vd[vmm->nvd++] = vd;
    *out = vd;
    return 0;
}

void vmm_guest_view(const struct vdev *vd, struct guest_view *out)
{
    const struct vmm *vmm = vd->vmm;

    /* only what the device shows: the platform (hypervisor, IOMMU, the
     * hypercalls) the guest discovers itself (models/guest/discover.h) */
    *out = (struct guest_view){ 0 };
    out->vmbus_ims = vmm->cfg.personality == VMM_HYPERV &&
                     vmm->cfg.ims == VMM_IMS_HYPERCALL;
    /* the guest reads the DVSEC from the virtual config space it sees */
    out->dvsec_ims = pci_ims_supported(&vd->vcfg);
    if (vd->mode == VMM_ASSIGN_COMPOSED) {
        out->msix_size = vd->msix.n;
        out->own_function = true;
    } else {
        out->msix_size = vd->vdv->msix ? vmm_msix_nvec(vd->vdv->msix) : 0;
    }
}

bool vmm_cap_advertised(const struct vdev *vd)
{
    return vd->cap;
}

bool vmm_ims_emulatable(const struct vdev *vd)
{
    return vmm_plugin_for(siov_kind_of(vd->dev)) != NULL;
}

bool vmm_emulation_unsupported(const struct vdev *vd)
{
    return vd->emul_unsupported;
}

struct siov_dev *vmm_vdev_dev(const struct vdev *vd)
{
    return vd->dev;
}

uint32_t vmm_vdev_adi(const struct vdev *vd)
{
    return vd->adi;
}

enum vmm_assign_mode vmm_vdev_mode(const struct vdev *vd)
{
    return vd->mode;
}

struct vm *vmm_vdev_vm(const struct vdev *vd)
{
    return vd->vm;
}

int vmm_vdev_int_handle(const struct vdev *vd, enum siov_bank bank,
                        uint32_t entry, enum siov_bank *hbank, uint32_t *hentry)
{
    const struct ventry *e;

    if (!vd || (unsigned)bank >= SIOV_BANK__COUNT)
        return -EINVAL;
    if (vd->mode != VMM_ASSIGN_COMPOSED) {
        *hbank = bank;
        return vmm_int_handle_request(vd->vdv, bank, entry, hentry);
    }
    if (bank != SIOV_BANK_MSIX || entry >= vd->msix.n)
        return -EINVAL;
    e = &vd->msix.e[entry];
    if (!e->have_host)
        return -ENOENT;
    *hbank = siov_kind_of(vd->dev) == SIOV_KIND_MSIX ? SIOV_BANK_MSIX : SIOV_BANK_IMS;
    return vmm_int_handle_request(vd->vdv, *hbank, e->host_entry, hentry);
}
