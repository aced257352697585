/* SPDX-License-Identifier: MIT */
/*
 * vmm_props.c - the knobs of struct vmm_config (models/props.h) and the
 * spellings of the VMM's enums, for the scenario section "vmm"
 * (docs/scenario-format.md, "vmm").
 */
#include <errno.h>
#include <stdio.h>

#include "models/vmm/vmm.h"

#define NAMES(arr) { arr, (unsigned)(sizeof(arr) / sizeof(arr[0])) }

static const char *const personality_names[] = {
    [VMM_BARE] = "bare", [VMM_KVM] = "kvm", [VMM_HYPERV] = "hyperv",
};
static const char *const msix_names[] = {
    [VMM_MSIX_NATIVE] = "native", [VMM_MSIX_TRAP] = "trap",
    [VMM_MSIX_HYPERCALL] = "hypercall",
};
static const char *const ims_names[] = {
    [VMM_IMS_NONE] = "none", [VMM_IMS_EMULATE] = "emulate",
    [VMM_IMS_HYPERCALL] = "hypercall",
};
static const char *const cap_names[] = {
    [VMM_CAP_AUTO] = "auto", [VMM_CAP_ALWAYS] = "always",
    [VMM_CAP_NEVER] = "never",
};
/* vmm_config.viommu is a bool: false = none, true = caching mode. */
static const char *const viommu_names[] = { "none", "caching-mode" };
static const char *const cpuid_report_names[] = {
    [VMM_CPUID_HONEST] = "honest",
    [VMM_CPUID_HIDE_HYPERVISOR] = "hide-hypervisor",
    [VMM_CPUID_NO_FEATURES] = "no-features",
};
static const char *const cm_report_names[] = {
    [VMM_CM_HONEST] = "honest", [VMM_CM_CLEAR] = "clear",
};
static const char *const assign_names[] = {
    [VMM_ASSIGN_PASSTHROUGH] = "passthrough",
    [VMM_ASSIGN_COMPOSED] = "composed",
};

const struct prop_enum vmm_personality_enum = NAMES(personality_names);
const struct prop_enum vmm_msix_mode_enum = NAMES(msix_names);
const struct prop_enum vmm_ims_mode_enum = NAMES(ims_names);
const struct prop_enum vmm_cap_adv_enum = NAMES(cap_names);
const struct prop_enum vmm_viommu_enum = NAMES(viommu_names);
const struct prop_enum vmm_cpuid_report_enum = NAMES(cpuid_report_names);
const struct prop_enum vmm_cm_report_enum = NAMES(cm_report_names);
const struct prop_enum vmm_assign_mode_enum = NAMES(assign_names);

/* Row indexes, for the hooks. */
static const char *const irte_field_names[VMM_IRTE_FIELD__COUNT] = {
    [VMM_IRTE_PRESENT] = "present", [VMM_IRTE_VECTOR] = "vector",
    [VMM_IRTE_DESTINATION] = "destination", [VMM_IRTE_SID] = "sid",
    [VMM_IRTE_SVT] = "svt", [VMM_IRTE_MODE] = "mode",
};

const struct prop_enum vmm_irte_field_enum = {
    irte_field_names, VMM_IRTE_FIELD__COUNT,
};

enum { R_PERSONALITY, R_MSIX, R_IMS, R_CAP, R_VIOMMU, R_POSTED, R_NESTED,
       R_IRTE_LIMIT, R_FAULT_HANDLER, R_HALT_POLL, R_APICV, R_CPUID_REPORT,
       R_CM_REPORT, R__COUNT };

/* Host IRTEs: at most the largest IRT (VT-d IRTA.S = 15, 2^16 entries). */
#define IRTE_LIMIT_MAX 65536u

static const struct prop_desc descs[R__COUNT] = {
    [R_PERSONALITY] = {
        .name = "personality", .type = PROP_ENUM,
        .offset = offsetof(struct vmm_config, personality),
        .size = sizeof(enum vmm_personality), .names = &vmm_personality_enum,
        .flags = PROP_F_REQUIRED,
        .doc = "bare (no hypervisor: the host kernel drives the devices), "
               "kvm or hyperv",
    },
    [R_MSIX] = {
        .name = "msix", .type = PROP_ENUM,
        .offset = offsetof(struct vmm_config, msix),
        .size = sizeof(enum vmm_msix_mode), .names = &vmm_msix_mode_enum,
        .def = VMM_MSIX_TRAP,
        .def_doc = "`trap` (kvm), `hypercall` (hyperv), `native` (bare)",
        .doc = "how a guest's MSI-X pair becomes a real one",
    },
    [R_IMS] = PROP_ROW_ENUM(struct vmm_config, ims, "ims", &vmm_ims_mode_enum,
                            VMM_IMS_NONE,
                            "how a guest's IMS pair becomes a real one"),
    [R_CAP] = PROP_ROW_ENUM(struct vmm_config, cap, "advertise_ims_cap",
                            &vmm_cap_adv_enum, VMM_CAP_AUTO,
                            "the per-device \"IMS works\" bit the VMM shows"),
    [R_VIOMMU] = PROP_ROW_ENUM(struct vmm_config, viommu, "viommu",
                               &vmm_viommu_enum, 0,
                               "virtual IOMMU offered to guests"),
    [R_POSTED] = PROP_ROW_BOOL(struct vmm_config, posted, "posted", 1,
                               "post interrupts to vCPUs where possible"),
    [R_NESTED] = PROP_ROW_BOOL(struct vmm_config, nested, "nested", 0,
                               "the VMM runs nested (exits cost x5)"),
    [R_IRTE_LIMIT] = PROP_ROW_U32(struct vmm_config, irte_limit, "irte_limit",
                                  0, IRTE_LIMIT_MAX, 0,
                                  "host IRTEs the VMM may use; 0 = no limit"),
    [R_FAULT_HANDLER] = PROP_ROW_U32(struct vmm_config, fault_handler_ns,
                                     "fault_handler_ns", 0, 1000000000, 0,
                                     "the host's IR fault handler: time per "
                                     "fault record; 0 = no handler"),
    /* KVM_HALT_POLL_NS_DEFAULT, arch/x86/include/asm/kvm_host.h */
    [R_HALT_POLL] = PROP_ROW_U32(struct vmm_config, halt_poll_ns,
                                 "halt_poll_ns", 0, 1000000000, 200000,
                                 "KVM halt polling: how long a vCPU polls "
                                 "after HLT before it blocks"),
    [R_APICV] = PROP_ROW_BOOL(struct vmm_config, apicv, "apicv", 1,
                              "APICv: posted interrupts and virtual EOI; "
                              "off, EOI writes exit and nothing is posted"),
    [R_CPUID_REPORT] = PROP_ROW_ENUM(struct vmm_config, cpuid_report,
                                     "cpuid_report", &vmm_cpuid_report_enum,
                                     VMM_CPUID_HONEST,
                                     "what CPUID tells the guest: honest, "
                                     "the hypervisor hidden, or no feature "
                                     "bits (a misreporting VMM)"),
    [R_CM_REPORT] = PROP_ROW_ENUM(struct vmm_config, viommu_cm_report,
                                  "viommu_cm_report", &vmm_cm_report_enum,
                                  VMM_CM_HONEST,
                                  "the vIOMMU's CAP_REG.CM: honest (1), or "
                                  "clear although it is a vIOMMU"),
};

/*
 * With personality bare there is no VMM: msix may only say native and
 * every other knob is refused; a VMM never takes native.
 */
static int vmm_gate(const void *cfg, uint64_t given, struct prop_err *err)
{
    const struct vmm_config *c = cfg;
    bool msix = given & (UINT64_C(1) << R_MSIX);

    if (c->personality == VMM_BARE) {
        if (msix && c->msix != VMM_MSIX_NATIVE) {
            *err = (struct prop_err){ .desc = R_MSIX };
            snprintf(err->msg, sizeof(err->msg), "personality bare takes "
                     "only 'native' (or omit the key)");
            return -EINVAL;
        }
        for (unsigned i = R_MSIX + 1; i < R__COUNT; i++) {
            /* the fault handler is the host kernel's, VMM or not */
            if (i == R_FAULT_HANDLER)
                continue;
            if (given & (UINT64_C(1) << i)) {
                *err = (struct prop_err){ .desc = i, .at_key = true };
                snprintf(err->msg, sizeof(err->msg), "not allowed with "
                         "personality bare (there is no VMM)");
                return -EINVAL;
            }
        }
        return 0;
    }
    if ((given & (UINT64_C(1) << R_CM_REPORT)) && !c->viommu) {
        *err = (struct prop_err){ .desc = R_CM_REPORT, .at_key = true };
        snprintf(err->msg, sizeof(err->msg), "needs viommu: caching-mode "
                 "(there is no vIOMMU to report it)");
        return -EINVAL;
    }
    if (msix && c->msix == VMM_MSIX_NATIVE) {
        *err = (struct prop_err){ .desc = R_MSIX };
        snprintf(err->msg, sizeof(err->msg), "'native' needs personality "
                 "bare; use trap or hypercall");
        return -EINVAL;
    }
    return 0;
}

/* Defaults by personality: bare is native and never posts; hyperv's MSI-X
 * pairs come by hypercall (VMBus). */
static int vmm_finish(void *cfg, uint64_t given, struct prop_err *err)
{
    struct vmm_config *c = cfg;

    (void)err;
    if (c->personality == VMM_BARE) {
        c->msix = VMM_MSIX_NATIVE;
        c->posted = false;
    } else if (!(given & (UINT64_C(1) << R_MSIX))) {
        c->msix = c->personality == VMM_HYPERV ? VMM_MSIX_HYPERCALL
                                               : VMM_MSIX_TRAP;
    }
    return 0;
}

const struct prop_table vmm_props = {
    .section = "vmm",
    .descs = descs,
    .n = R__COUNT,
    .size = sizeof(struct vmm_config),
    .gate = vmm_gate,
    .finish = vmm_finish,
};
