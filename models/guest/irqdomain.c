/* SPDX-License-Identifier: MIT */
/* irqdomain.c - which parent composes pairs, and whether IMS may exist. */
#include "irqdomain.h"

#include <errno.h>

enum guest_parent guest_msi_parent(enum guest_policy p, const struct guest_view *v)
{
    /* Hyper-V vPCI composes MSI/MSI-X through the host (pci-hyperv.c,
     * hv_compose_msi_msg), whatever the guest's policy. */
    if (v->hv_vpci)
        return GUEST_PARENT_HV_VPCI;
    /* A hypercall-aware guest takes real pairs for MSI-X too when offered
     * (tglx 2021: the hypercall belongs in the vIRTE update). */
    if (p == GUEST_POLICY_HYPERCALL_AWARE && v->hc_msi)
        return GUEST_PARENT_PV;
    if (v->ir)
        return v->ir_caching_mode ? GUEST_PARENT_VIR : GUEST_PARENT_IR;
    return GUEST_PARENT_VECTOR;
}

int guest_ims_parent(enum guest_policy p, const struct guest_view *v,
                     enum guest_parent *parent, bool *relies_on_cap)
{
    enum guest_parent msi = guest_msi_parent(p, v);

    *relies_on_cap = false;
    switch (p) {
    case GUEST_POLICY_TRUSTS_CAP:
        /* The SIOV proposal: the bit says "IMS works" (seed; domain.md 1).
         * The pair still comes from whatever parent the guest has. */
        if (!v->dvsec_ims)
            return -EOPNOTSUPP;
        *parent = msi == GUEST_PARENT_HV_VPCI ? GUEST_PARENT_VECTOR : msi;
        /* Only where the parent cannot vouch for the pair by itself does
         * the outcome rest on the VMM's word. */
        *relies_on_cap = *parent != GUEST_PARENT_IR && *parent != GUEST_PARENT_PV;
        return 0;
    case GUEST_POLICY_HYPERCALL_AWARE:
        if (v->hc_ims) {
            *parent = GUEST_PARENT_PV;
            return 0;
        }
        /* fall through: without the hypercall it is an upstream kernel */
        /* FALLTHROUGH */
    case GUEST_POLICY_LINUX_6_2:
        /* x86_init_dev_msi_info(): only a parent whose supported flags have
         * MSI_FLAG_PCI_IMS; dmar_msi_parent_ops has it, the vIR ops (CM=1)
         * and the bare vector domain do not; Hyper-V vPCI is not an MSI
         * parent at all (domain.md 2.2, 2.3). */
        if (v->ir && !v->ir_caching_mode && !v->hv_vpci) {
            *parent = GUEST_PARENT_IR;
            return 0;
        }
        return -EOPNOTSUPP;
    case GUEST_POLICY_LEGACY:
        return -EOPNOTSUPP;
    }
    return -EOPNOTSUPP;
}

const char *guest_parent_name(enum guest_parent p)
{
    switch (p) {
    case GUEST_PARENT_VECTOR: return "vector";
    case GUEST_PARENT_IR: return "IR";
    case GUEST_PARENT_VIR: return "vIR";
    case GUEST_PARENT_PV: return "PV";
    case GUEST_PARENT_HV_VPCI: return "HV-vPCI";
    }
    return "?";
}

const char *guest_policy_name(enum guest_policy p)
{
    return prop_enum_name(&guest_policy_enum, (unsigned)p);
}
