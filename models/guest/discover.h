/* SPDX-License-Identifier: MIT */
/*
 * discover.h - the guest kernel learns its platform (docs/discovery.md):
 * it executes CPUID and reads its IOMMU's capability registers through the
 * VMM (vmm_cpuid(), vmm_iommu_regs()) and decodes what they say, as Linux
 * does at boot, instead of being handed the VMM's configuration.
 */
#ifndef IMSLAB_GUEST_DISCOVER_H
#define IMSLAB_GUEST_DISCOVER_H

#include <stdbool.h>
#include <stdint.h>

#include "models/guest_view.h"
#include "models/vmm/vmm.h"

/**
 * struct guest_platform - what the guest read, and what it made of it.
 * @leaf1_ecx: CPUID.1:ECX
 * @base: CPUID 0x40000000 (EAX max leaf, EBX/ECX/EDX the signature)
 * @kvm_features: CPUID 0x40000001 EAX when the signature is KVM's
 * @hv_features: CPUID 0x40000003 EAX, EBX when it is Hyper-V's
 * @hv_recommend: CPUID 0x40000004 EAX when it is Hyper-V's
 * @iommu: an IOMMU was found (vmm_iommu_regs() returned 0)
 * @cap, @ecap: its CAP_REG and ECAP_REG
 * @kvm, @hyperv: the signature read
 * @cpuid_reads: CPUID instructions executed
 */
struct guest_platform {
    uint32_t leaf1_ecx;
    uint32_t base[4];
    uint32_t kvm_features;
    uint32_t hv_features[2];
    uint32_t hv_recommend;
    bool iommu;
    uint64_t cap, ecap;
    bool kvm, hyperv;
    unsigned cpuid_reads;
};

/**
 * guest_discover - read the platform of @vm as a guest kernel boots on it
 * (init_hypervisor_platform(), then the DMAR units): CPUID leaf 1, the
 * hypervisor base leaf and, by the signature found, KVM's feature leaf or
 * Hyper-V's feature and recommendation leaves; then the IOMMU's registers.
 * @vm: the VM (the host on bare metal)
 * @out: what was read
 */
void guest_discover(struct vm *vm, struct guest_platform *out);

/**
 * guest_view_decide - the guest's view from what it read: @v's hypervisor,
 * ir, ir_caching_mode, hv_vpci, hc_msi, hc_ims; the per-device fields
 * (dvsec_ims, msix_size, own_function) and @v->vmbus_ims are kept as the
 * device and the VMBus channel show them.
 *   hypervisor      CPUID.1:ECX[31]
 *   hv_vpci         "Microsoft Hv" with the hypercall page, SynIC, post
 *                   message and signal event privileges (VMBus, so vPCI)
 *   hc_msi, hc_ims  "KVMKVMKVM" with KVM_FEATURE_X_MSI_PAIR / _IMS_PAIR;
 *                   hc_ims also on vPCI when the channel offers it
 *   ir              an IOMMU with ECAP.IR
 *   ir_caching_mode its CAP.CM
 */
void guest_view_decide(const struct guest_platform *pl, struct guest_view *v);

#endif /* IMSLAB_GUEST_DISCOVER_H */
