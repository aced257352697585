/* SPDX-License-Identifier: MIT */
/*
 * vmsix.h - an MSI-X table (16-byte entries, per-vector mask, PBA, function
 * mask) as an IMS store: the VMM's virtual MSI-X table of a composed
 * function, and, until models/pci provides the function's real table, the
 * stand-in for a device's physical MSI-X table (attached to the device's
 * SIOV_BANK_MSIX with siov_attach_store()).
 *
 * Layout (PCIe 6.1 7.7.2; Linux include/uapi/linux/pci_regs.h; domain.md
 * 5.1): entry i at 16 * i: +0x0 message address, +0x4 message upper
 * address, +0x8 message data, +0xC vector control (bit 0 mask).  Every
 * entry resets masked with a zero pair.  Accesses are aligned DWORDs only
 * (QEMU hw/pci/msix.c: min/max access size 4); anything else is
 * MMIO_BAD_SIZE and changes nothing.  A raise on a masked entry sets its
 * PBA bit; unmasking an entry whose PBA bit is set clears it and emits the
 * message once with the pair the entry holds then (msix_handle_mask_update).
 */
#ifndef IMSLAB_VMM_VMSIX_H
#define IMSLAB_VMM_VMSIX_H

#include <stdbool.h>
#include <stdint.h>

#include "models/siov/ims_store.h"

#define VMSIX_ENTRY_SIZE   16u
#define VMSIX_ADDR_LO      0x0u
#define VMSIX_ADDR_HI      0x4u
#define VMSIX_DATA         0x8u
#define VMSIX_CTRL         0xcu
#define VMSIX_CTRL_MASKBIT (UINT32_C(1) << 0)   /* PCI_MSIX_ENTRY_CTRL_MASKBIT */
#define VMSIX_MAX_ENTRIES  2048u                /* PCI_MSIX_FLAGS_QSIZE + 1 */

struct vmsix;

/**
 * vmsix_create - an MSI-X table of @n entries, every entry masked.
 * @out: receives the table
 * @n: 1..%VMSIX_MAX_ENTRIES
 *
 * Return: 0, -EINVAL, -ENOMEM.
 */
int vmsix_create(struct vmsix **out, uint32_t n);

/** vmsix_destroy - free a table (NULL is ignored). */
void vmsix_destroy(struct vmsix *t);

/** vmsix_store_ops - the ops that make a table an IMS store. */
const struct ims_store_ops *vmsix_store_ops(void);

/** vmsix_mmio - the table's registers (context: the table). */
const struct mmio_ops *vmsix_mmio(void);

/** vmsix_count - the number of entries. */
uint32_t vmsix_count(const struct vmsix *t);

/**
 * vmsix_entry - one entry's four words.
 * Return: 0, or -ERANGE.
 */
int vmsix_entry(const struct vmsix *t, uint32_t i, uint32_t w[4]);

/** vmsix_pending - the PBA bit of entry @i (false when out of range). */
bool vmsix_pending(const struct vmsix *t, uint32_t i);

/**
 * vmsix_set_maskall - the function mask (PCI_MSIX_FLAGS_MASKALL); clearing
 * it releases every pending entry that is not masked itself.
 */
void vmsix_set_maskall(struct vmsix *t, bool on);

#endif /* IMSLAB_VMM_VMSIX_H */
