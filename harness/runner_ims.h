/* SPDX-License-Identifier: MIT */
/*
 * runner_ims.h - what the runner takes from runner_ims.c: a device's IMS
 * bank from its layout descriptor or its RTL design.  Not for use outside
 * harness/runner*.c.
 */
#ifndef IMSLAB_HARNESS_RUNNER_IMS_H
#define IMSLAB_HARNESS_RUNNER_IMS_H

#include <stddef.h>
#include <stdint.h>

#include "harness/scenario.h"
#include "models/siov/ims_dut_store.h"
#include "models/siov/siov.h"
#include "sim/sim.h"

/**
 * hx_run__attach_ims - give device @i (@dev) the IMS bank its scenario
 * entry asks for: none without a layout; the behavioral model over the
 * layout; or, with rtl, the design (already built into @rtl_cache by
 * hx_run_build_rtl()) mapped at the idxd slots, BAR0 + 0x2000.
 * @store: receives the adapter, which the caller destroys after @dev
 *
 * Return: 0, or a negative errno with "..." in @err.
 */
int hx_run__attach_ims(const struct hx_scenario *scn, uint32_t i,
                       struct sim *sim, struct siov_dev *dev,
                       const char *rtl_cache, struct ims_dut_store **store,
                       char *err, size_t errlen);

#endif /* IMSLAB_HARNESS_RUNNER_IMS_H */
