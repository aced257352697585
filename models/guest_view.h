/* SPDX-License-Identifier: MIT */
/*
 * guest_view.h - what a guest kernel can observe of its platform: the
 * record the guest fills from what it reads (models/guest/discover.h: CPUID,
 * the IOMMU's registers; vmm_guest_view(): the device's config space) and
 * its IRQ-domain logic reads (irqdomain.h).  It sits below models/vmm/ and models/guest/ so that
 * neither includes the other for it.
 */
#ifndef IMSLAB_MODELS_GUEST_VIEW_H
#define IMSLAB_MODELS_GUEST_VIEW_H

#include <stdbool.h>

/**
 * struct guest_view - what the guest kernel can observe of its platform.
 * @hypervisor: CPUID.1:ECX[31] (the hypervisor bit) is set
 * @ir: an interrupt-remapping unit is present and enabled for the guest
 * @ir_caching_mode: that unit reports CAP.CM=1 (a vIOMMU; domain.md 2.3)
 * @hv_vpci: devices sit on a Hyper-V vPCI bus (pairs from the host)
 * @hc_msi: the VMM offers the get-pair hypercall for MSI/MSI-X
 * @hc_ims: the VMM offers the get-pair hypercall for IMS (device MSI)
 * @dvsec_ims: the device's SIOV DVSEC has the IMS-supported bit set, as the
 *             guest reads it from (virtual) config space
 * @msix_size: entries of the MSI-X table the guest sees (PCI_MSIX_FLAGS
 *             QSIZE + 1)
 * @vmbus_ims: the Hyper-V host offers IMS pairs over the vPCI channel (the
 *             channel's protocol negotiation is not modelled: the VMM says
 *             so, and the guest uses it only once it found VMBus)
 * @own_function: the device is a function of its own (a composed virtual
 *             function): its MSI-X table serves this interface alone, from
 *             entry 0; otherwise it is the physical function's table, shared
 *             by the ADIs
 */
struct guest_view {
    bool hypervisor;
    bool ir;
    bool ir_caching_mode;
    bool hv_vpci;
    bool hc_msi;
    bool hc_ims;
    bool dvsec_ims;
    bool vmbus_ims;
    unsigned msix_size;
    bool own_function;
};

#endif /* IMSLAB_MODELS_GUEST_VIEW_H */
