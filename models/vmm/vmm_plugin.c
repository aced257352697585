/* SPDX-License-Identifier: MIT */
/*
 * vmm_plugin.c - the VMM's IMS emulation plugins (struct ims_plugin in
 * vmm_internal.h): which guest BAR0 accesses are words of a device's IMS
 * entries, and which control-word bits a guest may set.  idxd has one (its
 * slots are registers at a known place, domain.md 6.4); mlx5 cannot have
 * one: its pairs travel in command mailboxes in memory (seed 000).
 */
#include "models/vmm/vmm_internal.h"

#include "models/siov/idxd_regs.h"

static bool idxd_claims(const struct siov_dev *dev, uint64_t off,
                        uint32_t *entry, unsigned *word)
{
    uint64_t base = idxd_ims_slot_offset(0);
    uint64_t n = siov_entry_count(dev, SIOV_BANK_IMS);

    if (off < base || off >= base + n * IDXD_IMS_SLOT_SIZE)
        return false;
    *entry = (uint32_t)((off - base) / IDXD_IMS_SLOT_SIZE);
    *word = (unsigned)((off - base) % IDXD_IMS_SLOT_SIZE) / 4;
    return true;
}

static const struct ims_plugin plugins[] = {
    { SIOV_KIND_IDXD, idxd_claims, IDXD_IMS_CTRL_WRITABLE },
};

const struct ims_plugin *vmm_plugin_for(enum siov_kind kind)
{
    for (size_t i = 0; i < sizeof(plugins) / sizeof(plugins[0]); i++)
        if (plugins[i].kind == kind)
            return &plugins[i];
    return NULL;
}
