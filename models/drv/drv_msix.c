/* SPDX-License-Identifier: MIT */
/*
 * drv_msix.c - the MSI-X table driver: 16-byte entries (PCIe 7.7.2, entry
 * layout 7.7.2.8: Vector Control bit 0 is the mask), in the function's
 * table as the driver's port names it (DRV_MSIX).
 */
#include "models/drv/drv_internal.h"

#include "models/pci/pci_regs.h"

static uint64_t entry_off(uint32_t entry)
{
    return (uint64_t)entry * PCI_MSIX_ENTRY_SIZE;
}

static uint32_t ctrl_word(const struct drv *d, bool masked)
{
    (void)d;
    return masked ? PCI_MSIX_ENTRY_CTRL_MASKBIT : 0;
}

static const struct drv_table table = {
    .space = DRV_MSIX,
    .entry_off = entry_off,
    .addr_lo = PCI_MSIX_ENTRY_LOWER_ADDR,
    .addr_hi = PCI_MSIX_ENTRY_UPPER_ADDR,
    .data = PCI_MSIX_ENTRY_DATA,
    .ctrl = PCI_MSIX_ENTRY_VECTOR_CTRL,
    .ctrl_word = ctrl_word,
};

const struct drv_ops drv_msix_ops = DRV_TABLE_OPS("msix", &table);
