/* SPDX-License-Identifier: MIT */
/*
 * vmm_pairs.c - the pairs the VMM has had in its hands: every pair a
 * trapped guest access carried into a table it emulates, and every real
 * pair it composed for a host interrupt (trapped table, hypercall, bare
 * host, composed function).  A message a device sends with a pair outside
 * this set is one the VMM never saw: the guest's pair reached the device
 * past every trap (vmm_pair_seen(); docs/rules.md VMM-EMUL-EVID-01).
 * Append-only, so a pair stays known after its entry changed.
 *
 * The harness asks about every message an emulating VMM's devices send, so
 * the set is a hash table (open addressing, linear probing, at most half
 * full): a lookup costs the same however many pairs the run has composed.
 */
#include "models/vmm/vmm_internal.h"

#include <stdlib.h>

static size_t pair_hash(uint64_t addr, uint32_t data, size_t mask)
{
    uint64_t h = (addr ^ ((uint64_t)data << 32 | data)) * UINT64_C(0x9e3779b97f4a7c15);

    return (size_t)(h >> 32) & mask;
}

/* The slot holding (@addr, @data), or the empty slot where it would go. */
static struct vmm_pair *pair_slot(struct vmm_pair *t, size_t cap, uint64_t addr,
                                  uint32_t data)
{
    size_t mask = cap - 1, i = pair_hash(addr, data, mask);

    while (t[i].used && (t[i].addr != addr || t[i].data != data))
        i = (i + 1) & mask;
    return &t[i];
}

static int pairs_grow(struct vmm *vmm)
{
    size_t cap = vmm->cappairs ? vmm->cappairs * 2 : 64;
    struct vmm_pair *t = calloc(cap, sizeof(*t));

    if (!t)
        return -1;
    for (size_t i = 0; i < vmm->cappairs; i++)
        if (vmm->pairs[i].used)
            *pair_slot(t, cap, vmm->pairs[i].addr, vmm->pairs[i].data) = vmm->pairs[i];
    free(vmm->pairs);
    vmm->pairs = t;
    vmm->cappairs = cap;
    return 0;
}

void vmm_pair_note(struct vmm *vmm, uint64_t addr, uint32_t data)
{
    struct vmm_pair *p;

    if (2 * (vmm->npairs + 1) > vmm->cappairs && pairs_grow(vmm))
        return;     /* not noted: its messages would read as untrapped */
    p = pair_slot(vmm->pairs, vmm->cappairs, addr, data);
    if (p->used)
        return;
    *p = (struct vmm_pair){ addr, data, 1 };
    vmm->npairs++;
}

bool vmm_pair_seen(const struct vmm *vmm, uint64_t addr, uint32_t data)
{
    return vmm->cappairs && pair_slot(vmm->pairs, vmm->cappairs, addr, data)->used;
}

bool vmm_emulates(const struct vmm *vmm)
{
    return vmm->cfg.personality != VMM_BARE && vmm->cfg.ims == VMM_IMS_EMULATE;
}
