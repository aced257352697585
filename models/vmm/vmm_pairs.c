/* SPDX-License-Identifier: MIT */
/*
 * vmm_pairs.c - the pairs the VMM has had in its hands: every pair a
 * trapped guest access carried into a table it emulates, and every real
 * pair it composed for a host interrupt (trapped table, hypercall, bare
 * host, composed function).  A message a device sends with a pair outside
 * this set is one the VMM never saw: the guest's pair reached the device
 * past every trap (vmm_pair_seen(); docs/rules.md VMM-EMUL-EVID-01).
 * Append-only, so a pair stays known after its entry changed.
 */
#include "models/vmm/vmm_internal.h"

#include <stdlib.h>

void vmm_pair_note(struct vmm *vmm, uint64_t addr, uint32_t data)
{
    struct vmm_pair *p;

    if (vmm_pair_seen(vmm, addr, data))
        return;
    if (vmm->npairs == vmm->cappairs) {
        size_t cap = vmm->cappairs ? vmm->cappairs * 2 : 64;

        p = realloc(vmm->pairs, cap * sizeof(*p));
        if (!p)
            return;     /* the evidence stays conservative: nothing lost */
        vmm->pairs = p;
        vmm->cappairs = cap;
    }
    vmm->pairs[vmm->npairs++] = (struct vmm_pair){ addr, data };
}

bool vmm_pair_seen(const struct vmm *vmm, uint64_t addr, uint32_t data)
{
    for (size_t i = vmm->npairs; i-- > 0;)
        if (vmm->pairs[i].addr == addr && vmm->pairs[i].data == data)
            return true;
    return false;
}

bool vmm_emulates(const struct vmm *vmm)
{
    return vmm->cfg.personality != VMM_BARE && vmm->cfg.ims == VMM_IMS_EMULATE;
}
