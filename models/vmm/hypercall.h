/* SPDX-License-Identifier: MIT */
/*
 * hypercall.h - the get-a-real-pair hypercall ABI between guest and VMM.
 *
 * The alternative the seed argues for: the guest's platform IRQ domain asks
 * the VMM for a working addr/data pair instead of composing a fake one, and
 * the device driver writes that pair into its IMS (or MSI-X) untouched.
 * Allocation happens at activation, retargeting at an affinity change, as
 * separate operations (tglx 2021-12; Hyper-V's pitfall, domain.md 3.3:
 * retarget changes the target vCPU, not only the pCPU picked at compose).
 *
 * The same ABI serves the Hyper-V personality, whose guest reaches it
 * through a VMBus message (PCI_CREATE_INTERRUPT_MESSAGE) and a retarget
 * hypercall (HVCALL_RETARGET_INTERRUPT 0x7E): only the transport and its
 * cost differ (domain.md 3.1, 3.2).
 */
#ifndef IMSLAB_VMM_HYPERCALL_H
#define IMSLAB_VMM_HYPERCALL_H

#include <stdint.h>

enum hc_op {
    HC_PAIR_ALLOC = 1,    /* a real pair targeting (vcpu, vector) */
    HC_PAIR_RETARGET = 2, /* move an allocated pair to another (vcpu, vector) */
    HC_PAIR_FREE = 3,     /* release it (the VMM frees the host IRTE) */
};

/* What the pair is for: decides the transport on hyperv (MSI-X pairs come
 * over VMBus, IMS pairs by hypercall) and which offer must exist. */
enum hc_kind {
    HC_KIND_MSIX = 0,
    HC_KIND_IMS = 1,
};

/**
 * struct hc_req - a hypercall request.
 * @op: enum hc_op
 * @kind: enum hc_kind
 * @dev: the device the pair is for: the requester ID of the function
 *       behind the caller's device (anything else is -ENODEV)
 * @vcpu: target vCPU index
 * @vector: target guest vector
 * @cookie: for RETARGET and FREE, what ALLOC returned
 */
struct hc_req {
    uint32_t op;
    uint32_t kind;
    uint32_t dev;
    uint32_t vcpu;
    uint32_t vector;
    uint64_t cookie;
};

/**
 * struct hc_resp - the VMM's answer.
 * @status: 0, or a negative errno returned to the guest: -ENOSPC (no host
 *          IRTE left), -EINVAL (bad vCPU or vector), -ENODEV (@dev is not
 *          the caller's device), -ENOENT (a cookie the caller's device did
 *          not get; one of another VM is counted in vmm_stats.hc_foreign,
 *          as is a device of another VM), -EOPNOTSUPP (the VMM does not
 *          offer the operation)
 * @addr: the real message address (remappable format)
 * @data: the real message data
 * @cookie: handle for later RETARGET and FREE
 */
struct hc_resp {
    int32_t status;
    uint64_t addr;
    uint32_t data;
    uint64_t cookie;
};

#endif /* IMSLAB_VMM_HYPERCALL_H */
