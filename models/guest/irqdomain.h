/* SPDX-License-Identifier: MIT */
/*
 * irqdomain.h - the guest kernel's interrupt domain hierarchy and its IMS
 * policy, shaped like Linux's.
 *
 * Linux stacks domains: the x86 vector domain at the bottom, then an
 * interrupt-remapping parent (Intel IR, or "vIR" when the IOMMU is a
 * vIOMMU in caching mode), then the device's MSI-X or IMS domain.  A pair
 * is composed at activation and again at an affinity change
 * (irq_chip_compose_msi_msg; domain.md 1, tglx 2021-12).  Creating a PCI/IMS
 * domain asks the parent whether it can hand out pairs for IMS
 * (pci_create_ims_domain, domain.md 2.2): when it cannot, creation fails and
 * the driver falls back to MSI-X.
 *
 * This file decides, for a guest policy and what the platform shows the
 * guest, which parent composes pairs and whether an IMS domain can exist.
 * It is pure logic over what the guest can observe (CPUID hypervisor bit,
 * IOMMU capability registers, the device's DVSEC, the hypercall interface);
 * the guest never sees the VMM's private configuration.
 */
#ifndef IMSLAB_GUEST_IRQDOMAIN_H
#define IMSLAB_GUEST_IRQDOMAIN_H

#include <stdbool.h>

#include "models/guest_view.h"
#include "models/props.h"

/* The parent domain that composes a device's addr/data pairs. */
enum guest_parent {
    GUEST_PARENT_VECTOR = 0, /* x86 vector domain: compatibility-format pair */
    GUEST_PARENT_IR,         /* interrupt remapping on real hardware ("IR-") */
    GUEST_PARENT_VIR,        /* remapping by a vIOMMU in caching mode ("vIR-") */
    GUEST_PARENT_PV,         /* paravirtual: pairs come from a hypercall */
    GUEST_PARENT_HV_VPCI,    /* Hyper-V vPCI: pairs from the host over VMBus,
                              * global MSI domain, not an MSI parent */
};

enum guest_policy {
    GUEST_POLICY_TRUSTS_CAP = 0, /* IMS whenever the DVSEC IMS bit is set */
    GUEST_POLICY_LINUX_6_2,      /* IMS only under IR that is not vIR (v6.2-v6.9) */
    GUEST_POLICY_HYPERCALL_AWARE,/* IMS through the hypercall when offered */
    GUEST_POLICY_LEGACY,         /* a kernel without IMS (before v6.2): MSI-X only */
};

/*
 * guest_policy_enum - the spellings of enum guest_policy, by value
 * (models/props.h; guest_props.c): the scenario's vms[].guest and every
 * writer use them.
 */
extern const struct prop_enum guest_policy_enum;

/** guest_msi_parent - the parent that composes MSI-X pairs. */
enum guest_parent guest_msi_parent(enum guest_policy p, const struct guest_view *v);

/**
 * guest_ims_parent - try to create the device's IMS domain.
 * @p: the guest policy
 * @v: what the guest observes
 * @parent: receives the parent that will compose IMS pairs
 * @relies_on_cap: receives true when the decision rested on the DVSEC bit
 *                 alone (the guest trusted the VMM's advertisement)
 *
 * Return: 0 when the IMS domain can be created, -EOPNOTSUPP when the
 * platform refuses (the driver then falls back to MSI-X).
 */
int guest_ims_parent(enum guest_policy p, const struct guest_view *v,
                     enum guest_parent *parent, bool *relies_on_cap);

/** guest_parent_name - "vector", "IR", "vIR", "PV", "HV-vPCI". */
const char *guest_parent_name(enum guest_parent p);

/** guest_policy_name - "trusts-cap", "linux-6.2", "hypercall-aware", "legacy". */
const char *guest_policy_name(enum guest_policy p);

/**
 * enum guest_activity - what a guest's vCPUs do between interrupts
 * (scenario vms[].activity; spelled by guest_activity_enum).
 * @GUEST_ACTIVITY_BUSY: CPU-bound: always in guest mode
 * @GUEST_ACTIVITY_IDLE: the idle loop: HLT when nothing is to be handled
 */
enum guest_activity {
    GUEST_ACTIVITY_BUSY = 0,
    GUEST_ACTIVITY_IDLE = 1,
};

extern const struct prop_enum guest_activity_enum;

/**
 * enum guest_after_migrate - what a guest does with the pairs it obtained
 * from the VMM when its VM runs again on another host (scenario
 * vms[].after_migrate; spelled by guest_after_migrate_enum).
 * @GUEST_MIGRATE_REOBTAIN: ask the destination for new ones (GUEST-MIGRATE-01)
 * @GUEST_MIGRATE_STALE: write its pre-migration pairs back into its entries,
 *                       as a driver restoring the messages it cached
 *                       (ISO-MIGRATE-01)
 */
enum guest_after_migrate {
    GUEST_MIGRATE_REOBTAIN = 0,
    GUEST_MIGRATE_STALE = 1,
};

extern const struct prop_enum guest_after_migrate_enum;

/**
 * enum guest_rewrite_policy - how the guest writes a changed pair into a
 * live entry at a scenario event guest_rewrite (vms[].rewrite; spelled by
 * guest_rewrite_enum).
 * @GUEST_REWRITE_LIVE: dword by dword into the unmasked entry
 * @GUEST_REWRITE_MASKED: masked around the update (Linux's
 *                        __pci_write_msi_msg for an unmasked MSI-X entry)
 */
enum guest_rewrite_policy {
    GUEST_REWRITE_LIVE = 0,
    GUEST_REWRITE_MASKED = 1,
};

extern const struct prop_enum guest_rewrite_enum;

/**
 * enum guest_wait - how a request loop's vCPU waits for the completion
 * interrupt of the work it submitted (scenario workload[].wait; spelled by
 * guest_wait_enum).
 * @GUEST_WAIT_HLT: the idle loop: HLT (KVM halt polling, then block)
 * @GUEST_WAIT_POLL: spin in guest mode until the interrupt arrives
 */
enum guest_wait {
    GUEST_WAIT_HLT = 0,
    GUEST_WAIT_POLL = 1,
};

extern const struct prop_enum guest_wait_enum;

#endif /* IMSLAB_GUEST_IRQDOMAIN_H */
