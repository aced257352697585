/* SPDX-License-Identifier: MIT */
/*
 * vmm_viommu.c - the guest's vIOMMU with interrupt remapping in caching
 * mode (domain.md 2.3): its table at VMM_VIR_IRT_GPA in guest memory, read
 * when the VMM decodes a remappable guest pair (QEMU vtd_remap_irq_get),
 * and the invalidation that makes the VMM re-read a vIRTE and move every
 * host IRTE it made from it.
 */
#include "models/vmm/vmm_internal.h"

#include <errno.h>

#include "models/iommu/irte.h"
#include "models/iommu/msi.h"
#include "models/trace-events.h"

int vmm_virte_read(const struct vm *vm, uint32_t idx, uint32_t *dest, uint8_t *vec)
{
    const struct vmm *vmm = vm->vmm;
    uint64_t at = vm->hpa + VMM_VIR_IRT_GPA + 16u * idx;
    struct irte e;

    if (idx >= VMM_VIR_IRT_ENTRIES)
        return -EINVAL;
    if (mem_read64(vmm->p.mem, at, &e.lo) || mem_read64(vmm->p.mem, at + 8, &e.hi))
        return -EFAULT;
    if (!irte_present(&e) || irte_posted(&e))
        return -ENOENT;
    *dest = irte_dest_id(&e, true);
    *vec = irte_vector(&e);
    return 0;
}

/* ---- invalidation ------------------------------------------------------------- */

struct viri {
    struct vm *vm;
    uint32_t index;
    unsigned vdi;          /* cursor: vdev */
    unsigned ti;           /* 0 ims, 1 msix */
    uint32_t ei;
    seq_done_fn done;
    void *ctx;
};

static bool viri_match(const struct viri *v, const struct ventry *e)
{
    struct msi_msg m = { e->w[0], e->w[1], e->w[2] };
    struct msi_remap r;

    if (!e->h || vmm_ventry_masked(e) || !msi_is_remappable(&m) ||
        msi_remap_decode(&m, &r))
        return false;
    return msi_remap_index(&r) == v->index;
}

static void viri_next(void *arg, int status)
{
    struct viri *v = arg;
    struct vmm *vmm = v->vm->vmm;

    (void)status;
    for (; v->vdi < vmm->nvd; v->vdi++, v->ti = 0, v->ei = 0) {
        struct vdev *vd = vmm->vd[v->vdi];

        if (vd->vm != v->vm)
            continue;
        for (; v->ti < 2; v->ti++, v->ei = 0) {
            struct tbl *t = v->ti ? &vd->msix : &vd->ims;

            for (; v->ei < t->n; v->ei++) {
                if (!viri_match(v, &t->e[v->ei]))
                    continue;
                vmm_activate(vd, t, v->ei++, viri_next, v);
                return;
            }
        }
    }
    {
        seq_done_fn done = v->done;
        void *ctx = v->ctx;

        seq_pool_free(&vmm->pool, v);
        if (done)
            done(ctx, 0);
    }
}

static void viri_start(void *arg)
{
    viri_next(arg, 0);
}

int vmm_guest_vir_invalidate(struct vm *vm, unsigned vcpu, uint32_t index,
                             seq_done_fn done, void *ctx)
{
    struct vmm *vmm;
    struct viri *v;
    int rc;

    if (!vm || vm->host || !vm->vmm->cfg.viommu || index >= VMM_VIR_IRT_ENTRIES)
        return -EINVAL;
    vmm = vm->vmm;
    v = seq_pool_alloc(&vmm->pool, sizeof(*v));
    if (!v)
        return -ENOMEM;
    *v = (struct viri){ .vm = vm, .index = index, .done = done, .ctx = ctx };
    /* QEMU's vIOMMU invalidation queue: an exit to user space */
    vmm->st.exits[VMM_EXIT_MMIO]++;
    SIM_TRACE(vmm->p.sim, TP_VMM_EXIT, vm->index, vcpu, VMM_EXIT_MMIO);
    rc = seq_pool_defer(&vmm->pool, vmm_cost(vmm, COST_VMEXIT_USER), viri_start, v);
    if (rc)
        seq_pool_free(&vmm->pool, v);
    return rc;
}
