/* SPDX-License-Identifier: MIT */
/*
 * vmm_migrate.c - a VM's live migration, the VMM's part (the flow of KVM
 * and VFIO, domain.md 10 item 10 for the release): the source stops the
 * VM's devices (the harness, siov_adi_stop()), the state is transferred,
 * and the destination re-creates the interrupt state: each trapped entry
 * the guest left unmasked gets a new host interrupt and the real pair is
 * written into the hardware entry from the VMM's shadow of the guest's
 * table (as QEMU's vfio_msix_vector_use on a restored table); a pair the
 * guest obtained by hypercall is the guest's to ask for again on the
 * destination.  The source's host interrupts are released when the
 * destination has its own (the source VM is destroyed after the switch):
 * cleared, IEC invalidated [VMM-MIGRATE-01].
 *
 * One IOMMU model stands for both hosts' remapping units: the
 * destination's IRTEs are allocated while the source's are still held, so
 * they take other indices, as in a second host's table -- a stale pair
 * names an entry the destination does not hold for that VM.
 */
#include "models/vmm/vmm_internal.h"

#include <errno.h>

#include "models/trace-events.h"

struct mig {
    struct vmm *vmm;
    unsigned left;
    int status;
    seq_done_fn fn;
    void *arg;
};

static void mig_one(void *arg, int status)
{
    struct mig *m = arg;
    seq_done_fn fn;
    void *fa;
    int st;

    if (status && !m->status)
        m->status = status;
    if (--m->left)
        return;
    fn = m->fn;
    fa = m->arg;
    st = m->status;
    seq_pool_free(&m->vmm->pool, m);
    if (fn)
        fn(fa, st);
}

/* Re-make entry @i of @t on the destination, if the guest had it live. */
static void remake(struct mig *m, struct vdev *vd, struct tbl *t, uint32_t i)
{
    struct ventry *e = &t->e[i];

    if (!e->h)
        return;
    e->h = NULL;               /* the source's: released at the finish */
    if (vmm_ventry_masked(e))
        return;                /* made at the guest's unmask, as always */
    m->left++;
    vd->vmm->st.migrate_reprograms++;
    vmm_activate(vd, t, i, mig_one, m);
}

int vmm_vm_migrate(struct vmm *vmm, struct vm *vm, seq_done_fn fn, void *arg)
{
    struct mig *m;
    uint32_t n = 0;

    if (!vmm || !vm || vm->host)
        return -EINVAL;
    m = seq_pool_alloc(&vmm->pool, sizeof(*m));
    if (!m)
        return -ENOMEM;
    *m = (struct mig){ .vmm = vmm, .left = 1, .fn = fn, .arg = arg };
    vmm->st.migrations++;
    for (uint32_t i = 0; i < vmm->nhirq; i++) {
        struct hirq *h = vmm->hirq[i];

        if (h && h->vm == vm)
            h->source = true;
    }
    for (unsigned k = 0; k < vmm->nvd; k++) {
        struct vdev *vd = vmm->vd[k];

        if (vd->vm != vm)
            continue;
        for (uint32_t i = 0; i < vd->ims.n; i++)
            remake(m, vd, &vd->ims, i);
        for (uint32_t i = 0; i < vd->msix.n; i++)
            remake(m, vd, &vd->msix, i);
    }
    n = m->left - 1;
    SIM_TRACE(vmm->p.sim, TP_VMM_MIGRATE, vm->index, 0, n);
    /* the last reference: after every entry started */
    seq_call_later(&vmm->pool, 0, mig_one, m, 0);
    return 0;
}

int vmm_vm_migrate_finish(struct vmm *vmm, struct vm *vm, seq_done_fn fn,
                          void *arg)
{
    struct mig *m;
    int n = 0;

    if (!vmm || !vm || vm->host)
        return -EINVAL;
    m = seq_pool_alloc(&vmm->pool, sizeof(*m));
    if (!m)
        return -ENOMEM;
    *m = (struct mig){ .vmm = vmm, .left = 1, .fn = fn, .arg = arg };
    for (uint32_t i = 0; i < vmm->nhirq; i++) {
        struct hirq *h = vmm->hirq[i];

        if (!h || h->vm != vm || !h->source)
            continue;
        vmm->st.migrate_frees++;
        m->left++;
        /* waited for: the IEC must not serve the source's entry once the
         * devices resume (the destination's unit never cached it) */
        vmm_hirq_free(h, mig_one, m);
        n++;
    }
    SIM_TRACE(vmm->p.sim, TP_VMM_MIGRATE, vm->index, 1, (uint64_t)n);
    seq_call_later(&vmm->pool, 0, mig_one, m, 0);
    return n;
}
