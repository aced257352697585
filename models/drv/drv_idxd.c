/* SPDX-License-Identifier: MIT */
/*
 * drv_idxd.c - the idxd IMS driver: 16-byte slots in BAR0 (docs/devices.md,
 * kind idxd; domain.md 6.4).  The control word carries the mask bit, PASID
 * enable (always set: the ADI's interrupts are tagged) and the PASID.
 */
#include "models/drv/drv_internal.h"

#include "models/siov/idxd_regs.h"

static uint32_t ctrl_word(const struct drv *d, bool masked)
{
    return idxd_ims_ctrl_make(masked, true, d->pasid);
}

static const struct drv_table slots = {
    .space = DRV_BAR0,
    .entry_off = idxd_ims_slot_offset,
    .addr_lo = IDXD_IMS_ADDR_LO,
    .addr_hi = IDXD_IMS_ADDR_HI,
    .data = IDXD_IMS_DATA,
    .ctrl = IDXD_IMS_CTRL,
    .ctrl_word = ctrl_word,
};

const struct drv_ops drv_idxd_ops = DRV_TABLE_OPS("idxd", &slots);
