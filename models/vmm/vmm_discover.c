/* SPDX-License-Identifier: MIT */
/*
 * vmm_discover.c - what a guest kernel reads to learn its platform, as the
 * VMM answers it (vmm.h, "Discovery"; docs/discovery.md): the CPUID
 * hypervisor leaves and the (v)IOMMU's capability registers.  The DVSEC's
 * IMS bit is read from the virtual config space (vmm_assign.c).  The
 * answers follow the VMM's personality and what it serves, unless a
 * misreport knob (cpuid_report, viommu_cm_report) says otherwise: nothing
 * here reads the guest's policy, and the guest decides from the values.
 */
#include "models/vmm/vmm_internal.h"

#include <errno.h>
#include <string.h>

#include "models/iommu/ir.h"

static void cpuid_kvm(const struct vmm *vmm, uint32_t leaf, uint32_t r[4])
{
    switch (leaf) {
    case CPUID_HV_BASE:
        r[0] = CPUID_KVM_FEATURES;
        r[1] = CPUID_SIG_KVM_EBX;
        r[2] = CPUID_SIG_KVM_ECX;
        r[3] = CPUID_SIG_KVM_EDX;
        break;
    case CPUID_KVM_FEATURES:
        if (vmm->cfg.cpuid_report == VMM_CPUID_NO_FEATURES)
            break;
        r[0] = UINT32_C(1) << KVM_FEATURE_PV_EOI_BIT |
               UINT32_C(1) << KVM_FEATURE_PV_SEND_IPI_BIT |
               UINT32_C(1) << KVM_FEATURE_MSI_EXT_DEST_ID_BIT;
        if (vmm->cfg.msix == VMM_MSIX_HYPERCALL)
            r[0] |= UINT32_C(1) << KVM_FEATURE_X_MSI_PAIR_BIT;
        if (vmm->cfg.ims == VMM_IMS_HYPERCALL)
            r[0] |= UINT32_C(1) << KVM_FEATURE_X_IMS_PAIR_BIT;
        break;
    default:
        break;
    }
}

static void cpuid_hyperv(const struct vmm *vmm, uint32_t leaf, uint32_t r[4])
{
    switch (leaf) {
    case CPUID_HV_BASE:
        r[0] = 0x40000005u;     /* HYPERV_CPUID_MIN .. the implementation limits */
        r[1] = CPUID_SIG_HV_EBX;
        r[2] = CPUID_SIG_HV_ECX;
        r[3] = CPUID_SIG_HV_EDX;
        break;
    case CPUID_HV_INTERFACE:
        r[0] = CPUID_HV_INTERFACE_HV1;
        break;
    case CPUID_HV_FEATURES:
        if (vmm->cfg.cpuid_report == VMM_CPUID_NO_FEATURES)
            break;
        r[0] = HV_MSR_TIME_REF_COUNT_AVAILABLE | HV_MSR_SYNIC_AVAILABLE |
               HV_MSR_APIC_ACCESS_AVAILABLE | HV_MSR_HYPERCALL_AVAILABLE |
               HV_MSR_VP_INDEX_AVAILABLE;
        r[1] = HV_POST_MESSAGES | HV_SIGNAL_EVENTS;
        break;
    case CPUID_HV_ENLIGHTMENT:
        r[0] = HV_X64_APIC_ACCESS_RECOMMENDED | HV_X64_RELAXED_TIMING_RECOMMENDED |
               HV_X64_CLUSTER_IPI_RECOMMENDED |
               HV_X64_EX_PROCESSOR_MASKS_RECOMMENDED;
        r[1] = 0xffffffffu;     /* spinlock retries: never notify */
        break;
    default:
        break;
    }
}

void vmm_cpuid(struct vm *vm, uint32_t leaf, uint32_t subleaf, uint32_t r[4])
{
    struct vmm *vmm = vm->vmm;
    bool hide;

    (void)subleaf;
    memset(r, 0, 4 * sizeof(r[0]));
    if (vm->host)
        return;     /* bare metal: no hypervisor bit, no such leaves */
    vmm->st.cpuid_exits++;     /* CPUID exits unconditionally in VMX */
    hide = vmm->cfg.cpuid_report == VMM_CPUID_HIDE_HYPERVISOR;
    if (leaf == 1) {
        r[2] = hide ? 0 : CPUID_1_ECX_HYPERVISOR;
        return;
    }
    if (hide || (leaf & 0xffff0000u) != CPUID_HV_BASE)
        return;
    if (vmm->cfg.personality == VMM_KVM)
        cpuid_kvm(vmm, leaf, r);
    else if (vmm->cfg.personality == VMM_HYPERV)
        cpuid_hyperv(vmm, leaf, r);
}

int vmm_iommu_regs(struct vm *vm, uint64_t *cap, uint64_t *ecap)
{
    struct vmm *vmm = vm->vmm;

    if (vm->host) {
        /* the host's DMAR unit; its remapping is on when the host set it up */
        if (!ir_enabled(vmm->p.ir))
            return -ENODEV;
        *cap = ir_cap_reg(vmm->p.ir);
        *ecap = ir_ecap_reg(vmm->p.ir);
        return 0;
    }
    if (!vmm->cfg.viommu)
        return -ENODEV;
    /* QEMU intel-iommu: CAP_REG and ECAP_REG are emulated MMIO, two exits;
     * interrupt remapping (ECAP.IR) and x2APIC mode (ECAP.EIM), no posting
     * (domain.md 4.6, 12.1), caching mode as the VMM reports it */
    vmm->st.iommu_reg_exits += 2;
    *cap = vmm->cfg.viommu_cm_report == VMM_CM_CLEAR ? 0 : VTD_CAP_CM;
    *ecap = VTD_ECAP_QI | VTD_ECAP_IR | VTD_ECAP_EIM;
    return 0;
}
