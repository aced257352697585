/* SPDX-License-Identifier: MIT */
/*
 * ims_msix.h - the pci model's MSI-X (models/pci/msix.h) as an IMS store:
 * how a SIOV device's MSI-X bank is the function's real table.
 *
 * The device's Interrupt Message Generation Logic generates every message
 * (tag, COST_DEV_MSI_GEN + COST_PCIE_UPSTREAM, evidence); the pci model
 * keeps the table, the PBA and Message Control and makes the MSI-X decision:
 *
 *   ops->fire        msix_decide(): Enable clear -> INVALID (-ENOENT, the
 *                    function may not use MSI-X, MSIX-EN-01); vector Mask or
 *                    Function Mask -> PENDING / COALESCED (MSIX-MASK-01);
 *                    else SEND with the entry sampled now.  MSI-X entries
 *                    carry no PASID: no raiser is refused.
 *   ops->lookup      the entry (pair, masked = vector Mask or Function Mask,
 *                    pending = PBA bit, no PASID); -ENOENT while Enable is
 *                    clear, as fire
 *   ops->set_pending msix_set_pending()
 *   ops->reset       msix_reset() (MSIX-RST-01)
 *   ops->mmio        NULL: the table and PBA are the pci model's regions,
 *                    &msix_table_mmio_ops and &msix_pba_mmio_ops with the
 *                    struct msix as context, in a BAR of the function
 *   release          an unmask (table write, Function Mask clear, Enable set)
 *                    of a pending vector reaches host->emit through the pci
 *                    model's replay callback (MSIX-DEV-01), so the device
 *                    sends it with the tag of the raise that set the bit
 *
 * The pci model's tags stay zero (a store never sees a tag); the device
 * keeps the ground truth.  Bus Master Enable and Memory Space Enable are the
 * function's Command register, which the device honours for all its
 * messages and BARs (docs/devices.md).
 */
#ifndef IMSLAB_SIOV_IMS_MSIX_H
#define IMSLAB_SIOV_IMS_MSIX_H

#include "models/pci/msix.h"
#include "models/siov/ims_store.h"

/**
 * struct ims_msix - the adapter.
 * @m: the function's MSI-X state (not owned)
 * @host: the device, once attached
 */
struct ims_msix {
    struct msix *m;
    struct ims_store_host host;
};

/**
 * ims_msix_init - make @m usable as a store and route its releases to the
 * store's host.
 * @s: the adapter; it must not move afterwards (@m's replay callback points
 *     at it)
 * @m: an initialised struct msix (must outlive @s)
 *
 * Return: 0, or -EINVAL.
 */
int ims_msix_init(struct ims_msix *s, struct msix *m);

/**
 * ims_msix_fini - give @s->m its own sending back (msix_set_replay(NULL)).
 * @s: the adapter
 */
void ims_msix_fini(struct ims_msix *s);

/** ims_msix_store_ops - the ops; the store is a struct ims_msix. */
const struct ims_store_ops *ims_msix_store_ops(void);

#endif /* IMSLAB_SIOV_IMS_MSIX_H */
