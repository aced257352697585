/* SPDX-License-Identifier: MIT */
/*
 * vmm_fault.c - the host kernel's interrupt-remapping fault handler (Linux
 * drivers/iommu/intel/dmar.c dmar_fault(), as recalled [R]): the unit's
 * fault-event interrupt (FECTL, FEDATA, FEADDR; VT-d 7.3) brings it in; it
 * reads FSTS, services the fault recording registers from FRI on while
 * their F bit is set (reads the record, writes 1 to F), then clears PFO,
 * so that recording goes on [IR-FEV-02].
 *
 * vmm_config.fault_handler_ns is the handler's time per record; 0 means
 * the host has no handler (FECTL.IM stays set, the registers fill and
 * stay full, as before the handler existed).  The handler runs
 * COST_HOST_HANDLER after the message, one record per fault_handler_ns.
 * Overflow (PFO, faults not recorded) happens only while faults arrive
 * faster than it services them.
 */
#include "models/vmm/vmm_internal.h"

#include "models/iommu/ir.h"

/* The fault-event message: to the boot CPU, a vector of the host's own
 * (the model's choice; dmar_fault's vector is allocated by the kernel). */
#define FAULT_EVENT_ADDR   UINT64_C(0xfee00000)
#define FAULT_EVENT_VECTOR 0xecu

static void service_next(void *arg);

/* Stop: clear PFO (RW1C) and leave; a later fault raises a new event. */
static void service_done(struct vmm *vmm)
{
    struct ir_unit *ir = vmm->p.ir;

    if (ir_fsts(ir) & IR_FSTS_PFO) {
        vmm->st.fault_overflows_seen++;
        ir_fault_clear_pfo(ir);
    }
    vmm->fault_busy = false;
    /* a fault recorded behind the scan while it ran: serve it now */
    if (ir_fsts(ir) & IR_FSTS_PPF) {
        vmm->fault_next = (ir_fsts(ir) & IR_FSTS_FRI_MASK) >> IR_FSTS_FRI_SHIFT;
        vmm->fault_busy = !seq_pool_defer(&vmm->pool, 0, service_next, vmm);
    }
}

/* One record: it has taken fault_handler_ns; read it and clear F. */
static void service_one(void *arg)
{
    struct vmm *vmm = arg;
    struct ir_unit *ir = vmm->p.ir;
    struct ir_fault_record rec;

    if (!ir_fault_record_get(ir, vmm->fault_next, &rec) && rec.f) {
        (void)ir_fault_record_clear(ir, vmm->fault_next);
        vmm->st.faults_serviced++;
    }
    vmm->fault_next = (vmm->fault_next + 1) % ir_fault_nrecords(ir);
    service_next(vmm);
}

static void service_next(void *arg)
{
    struct vmm *vmm = arg;
    struct ir_fault_record rec;

    if (ir_fault_record_get(vmm->p.ir, vmm->fault_next, &rec) || !rec.f) {
        service_done(vmm);
        return;
    }
    if (seq_pool_defer(&vmm->pool, SIM_NS(vmm->cfg.fault_handler_ns),
                       service_one, vmm))
        service_one(vmm);
}

/* The handler's entry: FSTS says where the first record is (FRI). */
static void handler_entry(void *arg)
{
    struct vmm *vmm = arg;

    vmm->fault_next = (ir_fsts(vmm->p.ir) & IR_FSTS_FRI_MASK) >> IR_FSTS_FRI_SHIFT;
    service_next(vmm);
}

static void fault_event(void *ctx, uint64_t addr, uint32_t data)
{
    struct vmm *vmm = ctx;

    (void)addr;
    (void)data;
    vmm->st.fault_events++;
    if (vmm->fault_busy)
        return;     /* the running handler scans on */
    vmm->fault_busy = !seq_pool_defer(&vmm->pool,
                                      vmm_cost(vmm, COST_HOST_HANDLER),
                                      handler_entry, vmm);
}

void vmm_fault_handler_init(struct vmm *vmm)
{
    if (!vmm->cfg.fault_handler_ns)
        return;
    ir_fault_event_set(vmm->p.ir, fault_event, vmm, FAULT_EVENT_ADDR,
                       FAULT_EVENT_VECTOR);
    ir_fectl_write(vmm->p.ir, 0);       /* unmask: IM = 0 */
}
