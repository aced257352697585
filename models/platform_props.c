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
};

const struct prop_table platform_props = {
    .section = "platform",
    .descs = descs,
    .n = (unsigned)(sizeof(descs) / sizeof(descs[0])),
    .size = sizeof(struct platform_config),
};
