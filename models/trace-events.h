/* SPDX-License-Identifier: MIT */
/*
 * trace-events.h - the one declared list of the models' trace points.
 *
 * Each model declares its points in models/<model>/<model>_trace.h; this
 * file joins them, in a fixed order, into enum imslab_tp and the descriptor
 * table that the harness registers with sim_trace_use().  `imslab trace-list`
 * prints it.
 */
#ifndef IMSLAB_MODELS_TRACE_EVENTS_H
#define IMSLAB_MODELS_TRACE_EVENTS_H

#include "sim/trace.h"

#include "models/pci/pci_trace.h"
#include "models/iommu/iommu_trace.h"
#include "models/apic/apic_trace.h"
#include "models/siov/siov_trace.h"
#include "models/vmm/vmm_trace.h"
#include "models/guest/guest_trace.h"
#include "models/apic/sched_trace.h"
#include "models/siov/migrate_trace.h"

#define IMSLAB_TRACE_EVENTS(X) \
    PCI_TRACE_EVENTS(X)        \
    IOMMU_TRACE_EVENTS(X)      \
    APIC_TRACE_EVENTS(X)       \
    SIOV_TRACE_EVENTS(X)       \
    VMM_TRACE_EVENTS(X)        \
    GUEST_TRACE_EVENTS(X)      \
    SCHED_TRACE_EVENTS(X)      \
    MIGRATE_TRACE_EVENTS(X)    \
    APIC_INJECT_TRACE_EVENTS(X) \
    VMM_IRQFD_TRACE_EVENTS(X)

enum imslab_tp {
#define IMSLAB_TP_ENUM(id, group, name, fields, doc) TP_##id,
    IMSLAB_TRACE_EVENTS(IMSLAB_TP_ENUM)
#undef IMSLAB_TP_ENUM
    TP__COUNT
};

extern const struct sim_tp_desc imslab_tracepoints[];
extern const unsigned imslab_tracepoint_count;

#endif /* IMSLAB_MODELS_TRACE_EVENTS_H */
