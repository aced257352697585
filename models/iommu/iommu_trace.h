/* SPDX-License-Identifier: MIT */
/*
 * iommu_trace.h - the iommu model's trace points, one line each:
 *   X(ID, group, name, "field:fmt ...", "what happened")
 * fmt is u (decimal) or x (hex).  Collected into one list by
 * models/trace-events.h; call sites use SIM_TRACE(sim, TP_ID, fields...).
 */
#ifndef IMSLAB_IOMMU_TRACE_H
#define IMSLAB_IOMMU_TRACE_H

#define IOMMU_TRACE_EVENTS(X)

#endif
