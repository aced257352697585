/* SPDX-License-Identifier: MIT */
/*
 * platform.h - the host machine a scenario runs on: its physical CPUs,
 * their clock, and its remapping unit.  The scenario section "platform"
 * binds to platform_props (pcpus, cpu_mhz, the scheduler's knobs;
 * models/props.h) and
 * "platform.iommu" to ir_setup_props (models/iommu/ir_props.h).
 */
#ifndef IMSLAB_MODELS_PLATFORM_H
#define IMSLAB_MODELS_PLATFORM_H

#include <stdbool.h>
#include <stdint.h>

#include "models/iommu/ir_props.h"
#include "models/props.h"

#define PLATFORM_MAX_PCPUS 256u

/**
 * struct platform_config - the host machine.
 * @pcpus: physical CPUs (APIC ID = index), 1..%PLATFORM_MAX_PCPUS
 * @cpu_mhz: CPU clock; costs given in cycles count at this frequency
 *           (cost_model.cpu_hz)
 * @sched_slice_us: the host scheduler's time slice for vCPUs sharing a
 *                  pCPU (apic_fabric_config.sched_slice_ps; 0: none)
 * @sched_wakeup_preempt: a vCPU woken from HLT preempts the one running on
 *                        its pCPU (apic_fabric_config)
 * @iommu: the VT-d remapping unit
 */
struct platform_config {
    uint32_t pcpus;
    uint32_t cpu_mhz;
    uint32_t sched_slice_us;
    bool sched_wakeup_preempt;
    struct ir_setup iommu;
};

extern const struct prop_table platform_props;

#endif /* IMSLAB_MODELS_PLATFORM_H */
