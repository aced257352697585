/* SPDX-License-Identifier: MIT */
/*
 * platform_props.c - the knobs of struct platform_config (platform.h), for
 * the scenario section "platform" (docs/scenario-format.md).  Its iommu
 * member has its own table, ir_setup_props.
 */
#include "models/platform.h"

static const struct prop_desc descs[] = {
    PROP_ROW_U32(struct platform_config, pcpus, "pcpus", 1,
                 PLATFORM_MAX_PCPUS, 4, "physical CPUs"),
    PROP_ROW_U32(struct platform_config, cpu_mhz, "cpu_mhz", 1, 100000, 3000,
                 "CPU clock; costs given in cycles count at this frequency"),
    PROP_ROW_U32(struct platform_config, sched_slice_us, "sched_slice_us", 0,
                 1000000, 750,
                 "time slice of vCPUs sharing a pCPU (0: none, a vCPU runs "
                 "until it blocks)"),
    PROP_ROW_BOOL(struct platform_config, sched_wakeup_preempt,
                  "sched_wakeup_preempt", 1,
                  "a vCPU woken from HLT preempts the vCPU running on its "
                  "pCPU"),
};

const struct prop_table platform_props = {
    .section = "platform",
    .descs = descs,
    .n = (unsigned)(sizeof(descs) / sizeof(descs[0])),
    .size = sizeof(struct platform_config),
};
