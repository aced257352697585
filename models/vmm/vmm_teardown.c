/* SPDX-License-Identifier: MIT */
/*
 * vmm_teardown.c - a VM is torn down: the VMM releases every host
 * interrupt behind the VM's devices, as KVM and VFIO do when a VM goes
 * away (the trapped tables' IRTEs; the pairs the guest obtained by
 * hypercall, as HC_PAIR_FREE would): each IRTE is cleared and its IEC
 * entry invalidated (domain.md 10 item 10: "teardown on device removal
 * frees every IRTE, with an IEC flush").  The devices are not reset:
 * whatever they raise afterwards reaches the IOMMU with a pair whose IRTE
 * is gone and faults (0x22) [VMM-TEARDOWN-01].
 *
 * The runner calls this after the guest has given its hypercall pairs
 * back (guest_release(), HC_PAIR_FREE through the same vmm_hirq_free()
 * [VMM-HC-FREE-01]); what is left here is the trapped tables' host
 * interrupts and any pair a FREE did not reach.  Not done here: releasing
 * the device's interrupt handles of the VM's entries (RELEASE_INT_HANDLE).
 */
#include "models/vmm/vmm_internal.h"

#include <errno.h>

static void forget(struct tbl *t, const struct hirq *h)
{
    for (uint32_t i = 0; i < t->n; i++)
        if (t->e[i].h == h)
            t->e[i].h = NULL;
}

int vmm_vm_teardown(struct vmm *vmm, struct vm *vm)
{
    int n = 0;

    if (!vmm || !vm || vm->host)
        return -EINVAL;
    for (uint32_t i = 0; i < vmm->nhirq; i++) {
        struct hirq *h = vmm->hirq[i];

        if (!h || h->vm != vm)
            continue;
        /* the trapped tables no longer have a host interrupt behind them */
        if (h->vd) {
            forget(&h->vd->ims, h);
            forget(&h->vd->msix, h);
        }
        vmm->st.teardown_frees++;
        vmm_hirq_free(h, NULL, NULL);
        n++;
    }
    return n;
}
