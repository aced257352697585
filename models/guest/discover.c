/* SPDX-License-Identifier: MIT */
/* discover.c - what the guest reads of its platform, and what it decides. */
#include "models/guest/discover.h"

#include <string.h>

#include "models/iommu/ir.h"

void guest_discover(struct vm *vm, struct guest_platform *out)
{
    uint32_t r[4];

    memset(out, 0, sizeof(*out));
    vmm_cpuid(vm, 1, 0, r);
    out->cpuid_reads++;
    out->leaf1_ecx = r[2];
    /* Linux detect_hypervisor_vendor(): the base leaf only under the
     * hypervisor bit */
    if (out->leaf1_ecx & CPUID_1_ECX_HYPERVISOR) {
        vmm_cpuid(vm, CPUID_HV_BASE, 0, out->base);
        out->cpuid_reads++;
        out->kvm = out->base[1] == CPUID_SIG_KVM_EBX &&
                   out->base[2] == CPUID_SIG_KVM_ECX &&
                   out->base[3] == CPUID_SIG_KVM_EDX;
        out->hyperv = out->base[1] == CPUID_SIG_HV_EBX &&
                      out->base[2] == CPUID_SIG_HV_ECX &&
                      out->base[3] == CPUID_SIG_HV_EDX;
    }
    if (out->kvm && out->base[0] >= CPUID_KVM_FEATURES) {
        vmm_cpuid(vm, CPUID_KVM_FEATURES, 0, r);
        out->cpuid_reads++;
        out->kvm_features = r[0];
    }
    if (out->hyperv && out->base[0] >= CPUID_HV_ENLIGHTMENT) {
        vmm_cpuid(vm, CPUID_HV_INTERFACE, 0, r);
        out->cpuid_reads++;
        /* ms_hyperv_platform(): the interface must be "Hv#1" */
        out->hyperv = r[0] == CPUID_HV_INTERFACE_HV1;
    }
    if (out->hyperv) {
        vmm_cpuid(vm, CPUID_HV_FEATURES, 0, r);
        out->hv_features[0] = r[0];
        out->hv_features[1] = r[1];
        vmm_cpuid(vm, CPUID_HV_ENLIGHTMENT, 0, r);
        out->hv_recommend = r[0];
        out->cpuid_reads += 2;
    }
    out->iommu = vmm_iommu_regs(vm, &out->cap, &out->ecap) == 0;
}

void guest_view_decide(const struct guest_platform *pl, struct guest_view *v)
{
    const uint32_t vmbus_eax = HV_MSR_HYPERCALL_AVAILABLE | HV_MSR_SYNIC_AVAILABLE;
    const uint32_t vmbus_ebx = HV_POST_MESSAGES | HV_SIGNAL_EVENTS;

    v->hypervisor = (pl->leaf1_ecx & CPUID_1_ECX_HYPERVISOR) != 0;
    /* vmbus_init(): the hypercall page and SynIC; messages and events */
    v->hv_vpci = pl->hyperv && (pl->hv_features[0] & vmbus_eax) == vmbus_eax &&
                 (pl->hv_features[1] & vmbus_ebx) == vmbus_ebx;
    v->hc_msi = pl->kvm &&
                (pl->kvm_features >> KVM_FEATURE_X_MSI_PAIR_BIT & 1u);
    v->hc_ims = (pl->kvm &&
                 (pl->kvm_features >> KVM_FEATURE_X_IMS_PAIR_BIT & 1u)) ||
                (v->hv_vpci && v->vmbus_ims);
    /* intel_setup_irq_remapping(): ecap_ir_support(); cap_caching_mode() */
    v->ir = pl->iommu && (pl->ecap & VTD_ECAP_IR);
    v->ir_caching_mode = v->ir && (pl->cap & VTD_CAP_CM);
}
