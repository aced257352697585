/* SPDX-License-Identifier: MIT */
/*
 * cost.h - the named costs of every step on an interrupt's path.
 *
 * Each cost is given in CPU cycles (at cost_model.cpu_hz) or in ns, with a
 * default and a source; docs/cost-model.md has the table with the full
 * citations, and marks assumptions as assumptions.  A model turns a cost
 * into simulated time with cost_ps() and schedules the next step that far
 * ahead: nothing is summed by hand.
 *
 * X(id, name, unit, default, source-key)
 *   unit: CYC (cycles at cpu_hz) or NS
 */
#ifndef IMSLAB_MODELS_COST_H
#define IMSLAB_MODELS_COST_H

#include <stdint.h>

#include "sim/clock.h"
#include "sim/sim.h"

#define COST_LIST(X)                                                          \
    /* IOMMU (VT-d) */                                                        \
    X(IEC_HIT,        "iec_hit",        CYC,   15, "assumption:iec")        \
    X(IRT_READ,       "irt_read",       NS,   100, "assumption:dram16b")    \
    X(IEC_INVAL,      "iec_inval",      NS,  2000, "assumption:qi")         \
    X(PI_POST,        "pi_post",        NS,   100, "assumption:pid_rmw")    \
    X(IR_FAULT_LOG,   "ir_fault_log",   NS,    50, "assumption:frcd")       \
    /* APIC and vCPU */                                                       \
    X(APIC_DELIVER,   "apic_deliver",   NS,   150, "assumption:apic_bus")   \
    X(PI_NOTIFY,      "pi_notify",      NS,   200, "assumption:ipi")        \
    X(PI_PROCESS,     "pi_process",     CYC,   50, "bonzini2016")           \
    X(GUEST_HANDLER,  "guest_handler",  CYC,  300, "assumption:idt")        \
    X(HOST_HANDLER,   "host_handler",   CYC,  800, "assumption:host_irq")   \
    X(VCPU_WAKEUP,    "vcpu_wakeup",    NS,  4000, "assumption:wakeup")     \
    X(VCPU_KICK,      "vcpu_kick",      NS,  1500, "assumption:kick_ipi")   \
    /* VMM */                                                                 \
    X(VMEXIT_KERNEL,  "vmexit_kernel",  CYC, 2500, "li2020")                \
    X(VMEXIT_USER,    "vmexit_user",    CYC, 6000, "bonzini2016")           \
    X(VMENTRY_INJECT, "vmentry_inject", CYC,  300, "assumption:inject")     \
    X(HYPERCALL,      "hypercall",      CYC, 2500, "bonzini2019")           \
    X(HV_VMBUS_MSG,   "hv_vmbus_msg",   NS, 100000, "assumption:hv_vmbus")  \
    X(ROUTE_COMMIT,   "route_commit",   NS, 500000, "longpeng")             \
    X(MIGRATE_STOP_COPY, "migrate_stop_copy", NS, 100000, "assumption:stop_copy") \
    X(EVENTFD_SIGNAL, "eventfd_signal", CYC,  300, "assumption:eventfd")    \
    X(IRQFD_INJECT,   "irqfd_inject",   CYC,  400, "assumption:irqfd")      \
    /* device */                                                              \
    X(DEV_MSI_GEN,    "dev_msi_gen",    NS,   200, "assumption:dev")        \
    X(PCIE_UPSTREAM,  "pcie_upstream",  NS,   300, "assumption:pcie")       \
    X(MMIO_WRITE,     "mmio_write",     NS,   100, "assumption:mmio")       \
    X(MMIO_READ,      "mmio_read",      NS,   500, "assumption:mmio_rd")    \
    X(DEV_CMD,        "dev_cmd",        NS, 20000, "assumption:fw_cmd")      \
    X(DEV_WORK,       "dev_work",       NS,  2000, "assumption:dev_work")    \
    /* other platforms (docs/platforms.md) */                                 \
    X(AMDVI_DTE_READ, "amdvi_dte_read", NS,   100, "assumption:dram32b")    \
    X(AMDVI_LOG_WRITE, "amdvi_log_write", NS,  50, "assumption:log_write")  \
    X(AVIC_DOORBELL,  "avic_doorbell",  NS,   200, "assumption:doorbell")   \
    X(ITS_CMD,        "its_cmd",        NS,   200, "assumption:its_cmd")    \
    X(ITS_TRANSLATE,  "its_translate",  NS,   150, "assumption:its_xlate")  \
    X(GIC_DELIVER,    "gic_deliver",    NS,   150, "assumption:gic_rd")     \
    X(RV_MSI_PTE_READ, "rv_msi_pte_read", NS, 100, "assumption:dram16b")   \
    X(IMSIC_DELIVER,  "imsic_deliver",  NS,   100, "assumption:imsic")      \
    X(MRIF_UPDATE,    "mrif_update",    NS,   100, "assumption:mrif_rmw")

enum cost_id {
#define COST_ENUM(id, name, unit, def, src) COST_##id,
    COST_LIST(COST_ENUM)
#undef COST_ENUM
    COST__COUNT
};

enum cost_unit { COST_UNIT_CYC, COST_UNIT_NS };

/**
 * struct cost_model - the costs in force for one simulation.
 * @cpu_hz: frequency that CYC costs are counted at (default 3 GHz)
 * @value: each cost's value in its own unit
 * @nested_factor: multiplier on VM exits and hypercalls (1 = not nested;
 *                 5 models the nested figures of domain.md section 7)
 */
struct cost_model {
    uint64_t cpu_hz;
    uint64_t value[COST__COUNT];
    uint32_t nested_factor;
};

/** cost_model_default - fill @cm with the defaults of COST_LIST. */
void cost_model_default(struct cost_model *cm);

/* Per cost: COST__NS (counted in ns, else cycles), COST__NESTED (scaled
 * by @nested_factor).  Read by the inline cost_ps(), on every step. */
enum { COST__NS = 1, COST__NESTED = 2 };
extern const uint8_t cost__kind[COST__COUNT];

/** cost_ps - cost @id of @cm as simulated time (nearest ps). */
static inline sim_time_t cost_ps(const struct cost_model *cm, enum cost_id id)
{
    uint64_t v = cm->value[id];
    unsigned k = cost__kind[id];

    if ((k & COST__NESTED) && cm->nested_factor)
        v *= cm->nested_factor;
    if (k & COST__NS)
        return sim_time_mul(SIM_NS(1), v);
    return sim_cycles_to_ps(v, cm->cpu_hz);
}

/** cost_name - the cost's scenario key, e.g. "iec_hit". */
const char *cost_name(enum cost_id id);

/** cost_unit_of - CYC or NS. */
enum cost_unit cost_unit_of(enum cost_id id);

/** cost_source - the source key of the default (docs/cost-model.md). */
const char *cost_source(enum cost_id id);

/**
 * cost_lookup - find a cost by its scenario key.
 * Return: 0 and *@out, or -ENOENT.
 */
int cost_lookup(const char *name, enum cost_id *out);

#endif /* IMSLAB_MODELS_COST_H */
