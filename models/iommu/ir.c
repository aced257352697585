/* SPDX-License-Identifier: MIT */
/*
 * ir.c - the interrupt remapping unit: configuration, registers, and the
 * request pipeline of VT-d 5.1.4 and 5.2.3 as events on the timeline.
 *
 * Check order for a request (VT-d 3.15, 5.1.4, 5.2.3; reasons of 5.1.4.1
 * Table 15):
 *   not a single-DWORD write ............... 0x29 (IR off: blocked, 3.15)
 *   IR disabled ............................ processed as compatibility
 *   compatibility format, EIME=1 or CFIS=0 . 0x25, else passed through
 *   reserved request fields ................ 0x20
 *   interrupt_index >= size, or above HAW .. 0x21
 *   IEC lookup, else IRT read error ........ 0x23
 *   P clear ................................ 0x22 (qualified)
 *   source-id verification ................. 0x26 (qualified)
 *   invalid IRTE programming ............... 0x24 (qualified)
 *   posted: PID access error ............... 0x27 (qualified)
 *           PID reserved fields ............ 0x28 (qualified)
 * VT-d 5.1.4 verifies the source-id before interpreting the IRTE format;
 * QEMU vtd_irte_get() checks reserved bits first.  We follow the spec.
 */
#include "ir_internal.h"

#include <assert.h>
#include <errno.h>
#include <stdlib.h>

#include "models/trace-events.h"
#include "sim/trace.h"

#define IR_PRIO SIM_PRIO_HW

static const char *const fault_names[IR_FAULT_NR] = {
    [0x20 - IR_FAULT_FIRST] = "IR_REQ_RSVD",
    [0x21 - IR_FAULT_FIRST] = "IR_INDEX_OVER",
    [0x22 - IR_FAULT_FIRST] = "IR_ENTRY_P",
    [0x23 - IR_FAULT_FIRST] = "IR_ROOT_INVAL",
    [0x24 - IR_FAULT_FIRST] = "IR_IRTE_RSVD",
    [0x25 - IR_FAULT_FIRST] = "IR_REQ_COMPAT",
    [0x26 - IR_FAULT_FIRST] = "IR_SID_ERR",
    [0x27 - IR_FAULT_FIRST] = "IR_PDA_INVAL",
    [0x28 - IR_FAULT_FIRST] = "IR_PD_RSVD",
    [0x29 - IR_FAULT_FIRST] = "IR_REQ_INVALID",
};

static const char *const outcome_names[] = {
    [IR_OUT_REMAPPED] = "remapped",
    [IR_OUT_POSTED] = "posted",
    [IR_OUT_PASSTHROUGH] = "passthrough",
    [IR_OUT_FAULT] = "fault",
    [IR_OUT_DMA] = "dma",
    [IR_OUT_DMA_INTR_WINDOW] = "dma_intr_window",
    [IR_OUT_BLOCKED] = "blocked",
};

/* ---- configuration and registers --------------------------------------- */

void ir_config_default(struct ir_config *cfg)
{
    *cfg = (struct ir_config){
        .iec_entries = IR_IEC_ENTRIES_DEFAULT,
        .iec_policy = IR_IEC_LRU,
        .fault_records = IR_FAULT_RECORDS_DEFAULT,
        .posted = true,
        .haw = IR_HAW_DEFAULT,
    };
}

int ir_create(struct ir_unit **out, const struct ir_config *cfg)
{
    struct ir_unit *u;
    int rc;

    if (!cfg->sim || !cfg->mem || !cfg->cost || !cfg->apic.deliver ||
        cfg->fault_records == 0 || cfg->fault_records > IR_FAULT_RECORDS_MAX ||
        cfg->haw < 32 || cfg->haw > 64 ||
        (cfg->iec_policy != IR_IEC_LRU && cfg->iec_policy != IR_IEC_FIFO))
        return -EINVAL;
    u = calloc(1, sizeof(*u));
    if (!u)
        return -ENOMEM;
    u->cfg = *cfg;
    sim_pool_init(&u->reqs, sizeof(struct ir_req));
    u->next_seq = 1;
    rc = ir__iec_init(u);
    if (rc)
        goto out_free;
    rc = ir__fault_init(u);
    if (rc)
        goto out_iec;
    *out = u;
    return 0;

out_iec:
    ir__iec_fini(u);
out_free:
    free(u);
    return rc;
}

static void unlink_req(struct ir_req *r)
{
    struct ir_unit *u = r->u;

    if (r->prev)
        r->prev->next = r->next;
    else
        u->req_head = r->next;
    if (r->next)
        r->next->prev = r->prev;
    else
        u->req_tail = r->prev;
}

void ir_destroy(struct ir_unit *u)
{
    if (!u)
        return;
    while (u->req_head) {
        struct ir_req *r = u->req_head;

        if (r->ev)
            sim_cancel(u->cfg.sim, r->ev);
        unlink_req(r);
        sim_pool_put(&u->reqs, r);
    }
    ir__inv_cancel_all(u);
    ir__qi_cancel(u);
    ir__fault_fini(u);
    ir__iec_fini(u);
    sim_pool_fini(&u->reqs);
    free(u);
}

int ir_set_irta(struct ir_unit *u, uint64_t irta)
{
    /* VT-d 11.4.10 IRTA_REG: 63:12 address, 11 EIME, 10:4 RsvdZ, 3:0 S */
    if (irta & IR_IRTA_RSVD_MASK)
        return -EINVAL;
    u->irta = irta;
    u->irta_set = true;
    u->irt_base = irta & IR_IRTA_ADDR_MASK;
    u->irt_entries = UINT32_C(2) << (irta & IR_IRTA_S_MASK);
    u->eime = (irta & IR_IRTA_EIME) != 0;
    /* VT-d 6.7: only with ESIRTPS does SIRTP invalidate the IEC itself */
    if (u->cfg.esirtps) {
        struct ir_iec_inv all = { .global = true };

        u->stats.iec_dropped += ir__iec_drop(u, &all);
    }
    return 0;
}

uint64_t ir_irta(const struct ir_unit *u)
{
    return u->irta;
}

uint32_t ir_table_entries(const struct ir_unit *u)
{
    return u->irta_set ? u->irt_entries : 0;
}

int ir_set_enabled(struct ir_unit *u, bool on)
{
    if (on && !u->irta_set)
        return -EINVAL;
    u->ire = on;
    /* VT-d 7.2.1: the index resets when translation is disabled (DMA
     * remapping is not modelled, so IR off means both are off) */
    if (!on)
        ir__fault_reset_index(u);
    return 0;
}

bool ir_enabled(const struct ir_unit *u)
{
    return u->ire;
}

bool ir_cap_esirtps(const struct ir_unit *u)
{
    return u->cfg.esirtps;
}

uint64_t ir_cap_reg(const struct ir_unit *u)
{
    return (u->cfg.caching_mode ? VTD_CAP_CM : 0) |
           (u->cfg.posted ? VTD_CAP_PI : 0) |
           (u->cfg.esirtps ? VTD_CAP_ESIRTPS : 0);
}

uint64_t ir_ecap_reg(const struct ir_unit *u)
{
    (void)u;
    return VTD_ECAP_QI | VTD_ECAP_IR | VTD_ECAP_EIM;
}

void ir_set_cfi(struct ir_unit *u, bool on)
{
    u->cfi = on;
}

bool ir_cfi(const struct ir_unit *u)
{
    return u->cfi;
}

const struct ir_stats *ir_stats(const struct ir_unit *u)
{
    return &u->stats;
}

int ir_error(const struct ir_unit *u)
{
    return u->err;
}

void ir__fail(struct ir_unit *u, int err)
{
    if (!u->err)
        u->err = err;
    sim_stop(u->cfg.sim);
}

bool ir_fault_qualified(enum ir_fault reason)
{
    /* VT-d 5.1.4.1 Table 15, column "Qualified" */
    switch (reason) {
    case IR_FAULT_ENTRY_P:
    case IR_FAULT_IRTE_RSVD:
    case IR_FAULT_SID_ERR:
    case IR_FAULT_PDA_INVAL:
    case IR_FAULT_PD_RSVD:
        return true;
    default:
        return false;
    }
}

const char *ir_fault_name(enum ir_fault reason)
{
    if (reason < IR_FAULT_FIRST || reason > IR_FAULT_LAST)
        return "none";
    return fault_names[reason - IR_FAULT_FIRST];
}

const char *ir_outcome_name(enum ir_outcome o)
{
    if ((unsigned)o >= sizeof(outcome_names) / sizeof(outcome_names[0]))
        return "?";
    return outcome_names[o];
}

/* ---- request plumbing ---------------------------------------------------- */

static struct ir_req *new_req(struct ir_unit *u, uint16_t rid,
                              const struct irq_tag *tag)
{
    struct ir_req *r = sim_pool_get(&u->reqs);

    if (!r) {
        ir__fail(u, -ENOMEM);
        return NULL;
    }
    r->u = u;
    r->res.seq = u->next_seq++;
    r->res.rid = rid;
    r->res.t_request = sim_now(u->cfg.sim);
    if (tag)
        r->res.tag = *tag;
    r->prev = u->req_tail;
    if (u->req_tail)
        u->req_tail->next = r;
    else
        u->req_head = r;
    u->req_tail = r;
    u->stats.requests++;
    return r;
}

static void complete(struct ir_req *r)
{
    struct ir_unit *u = r->u;

    r->res.t_done = sim_now(u->cfg.sim);
    switch (r->res.outcome) {
    case IR_OUT_REMAPPED:
        u->stats.remapped++;
        break;
    case IR_OUT_POSTED:
        u->stats.posted++;
        break;
    case IR_OUT_PASSTHROUGH:
        u->stats.passthrough++;
        break;
    case IR_OUT_BLOCKED:
        u->stats.blocked++;
        break;
    default:
        break;
    }
    if (r->res.outcome == IR_OUT_FAULT || r->res.outcome == IR_OUT_BLOCKED)
        evidence_fault(&u->cfg.evidence, &r->res.tag, EVIDENCE_FAULT_IR,
                       r->res.fault);
    if (u->cfg.on_result)
        u->cfg.on_result(u->cfg.result_ctx, &r->res);
    unlink_req(r);
    sim_pool_put(&u->reqs, r);
    ir__inv_drain_check(u);
}

/* Schedule the next step of @r @cost from now (COST__COUNT: no cost). */
static void later(struct ir_req *r, enum cost_id cost, sim_cb_t step)
{
    struct ir_unit *u = r->u;
    sim_time_t d = cost == COST__COUNT ? 0 : cost_ps(u->cfg.cost, cost);
    int rc = sim_schedule_in(u->cfg.sim, d, IR_PRIO, step, r, &r->ev);

    if (rc) {
        ir__fail(u, rc);
        unlink_req(r);
        sim_pool_put(&u->reqs, r);
    }
}

static void deliver(struct ir_unit *u, struct ir_req *r)
{
    r->res.msg.tag = r->res.tag;
    u->cfg.apic.deliver(u->cfg.apic.ctx, &r->res.msg);
}

/* ---- faults -------------------------------------------------------------- */

static void step_fault_log(struct sim *sim, void *arg)
{
    struct ir_req *r = arg;
    struct ir_unit *u = r->u;
    struct ir_fault_record rec = {
        .reason = r->res.fault,
        .sid = r->res.rid,
        .index_valid = r->res.index_valid,
        .index = r->res.index,
        .time = r->t_fault,
    };

    (void)sim;
    r->ev = 0;
    /* VT-d 11.4.7.6: FI is undefined for 20h, 25h and 29h */
    if (rec.reason == IR_FAULT_REQ_RSVD || rec.reason == IR_FAULT_REQ_COMPAT ||
        rec.reason == IR_FAULT_REQ_INVALID)
        rec.index_valid = false;
    if (!rec.index_valid)
        rec.index = 0;
    r->res.fault_recorded = ir__fault_log(u, &rec);
    r->res.fault_overflow = !r->res.fault_recorded;
    SIM_TRACE(u->cfg.sim, TP_IR_FAULT_LOG, rec.reason, rec.sid, rec.index,
              r->res.fault_recorded, u->pfo);
    complete(r);
}

/* Block @r with @reason (VT-d 5.1.4.1). */
static void fault(struct ir_req *r, enum ir_fault reason)
{
    struct ir_unit *u = r->u;
    bool fpd;

    assert(reason >= IR_FAULT_FIRST && reason <= IR_FAULT_LAST);
    /* VT-d 5.1.4.1: a qualified fault is reported only when FPD is clear
     * in the IRTE used; unqualified ones happen before any IRTE is read */
    fpd = ir_fault_qualified(reason) && r->have_irte && irte_fpd(&r->irte);
    assert(!ir_fault_qualified(reason) || r->have_irte);
    r->res.outcome = IR_OUT_FAULT;
    r->res.fault = reason;
    r->t_fault = sim_now(u->cfg.sim);
    u->stats.faults[reason - IR_FAULT_FIRST]++;
    SIM_TRACE(u->cfg.sim, TP_IR_FAULT, r->res.seq, reason, r->res.rid,
              r->res.index, fpd);
    if (fpd) {
        r->res.fault_fpd = true;
        u->stats.faults_fpd++;
        complete(r);
        return;
    }
    later(r, COST_IR_FAULT_LOG, step_fault_log);
}

/* ---- delivery ------------------------------------------------------------ */

static void step_passthrough(struct sim *sim, void *arg)
{
    struct ir_req *r = arg;
    struct ir_unit *u = r->u;
    struct msi_msg m = r->msg;
    struct msi_compat c;
    int rc;

    (void)sim;
    r->ev = 0;
    /* VT-d 5.1.4: processed per the Compatibility format (5.1.2.1); with
     * IR disabled that holds for remappable-format requests too */
    m.addr_lo &= ~MSI_ADDR_FORMAT;
    rc = msi_compat_decode(&m, &c);
    assert(rc == 0);
    (void)rc;
    r->res.outcome = IR_OUT_PASSTHROUGH;
    r->res.msg = (struct apic_msg){
        .dest = c.dest,
        .vector = c.vector,
        .dlm = c.dlm,
        .dest_logical = c.dest_logical,
        .level = c.trigger_level,
    };
    SIM_TRACE(u->cfg.sim, TP_IR_PASSTHROUGH, r->res.seq, c.dest, c.vector,
              c.dlm);
    deliver(u, r);
    complete(r);
}

static void step_notify(struct sim *sim, void *arg)
{
    struct ir_req *r = arg;
    struct ir_unit *u = r->u;

    (void)sim;
    r->ev = 0;
    /* VT-d 5.2.3: fixed, RH clear, edge, asserted, physical NDST */
    r->res.msg = (struct apic_msg){
        .dest = r->ndst,
        .vector = r->nv,
        .dlm = APIC_DLM_FIXED,
        .dest_logical = false,
        .level = false,
    };
    r->res.notified = true;
    u->stats.notifications++;
    SIM_TRACE(u->cfg.sim, TP_IR_PI_NOTIFY, r->res.seq, r->ndst, r->nv);
    deliver(u, r);
    complete(r);
}

static void step_post(struct sim *sim, void *arg)
{
    struct ir_req *r = arg;
    struct ir_unit *u = r->u;
    uint64_t pda = irte_pda(&r->irte);
    bool urg = (r->irte.lo & IRTE_LO_URG) != 0;
    struct pid pid;
    bool on, sn, notify;
    int rc;

    (void)sim;
    r->ev = 0;
    /* VT-d 5.2.3: one atomic read-modify-write of the PID, at this event
     * (a PDA at or above 2^HAW was already refused as 0x24 by irte_rsvd) */
    if (pid_load(u->cfg.mem, pda, &pid)) {
        fault(r, IR_FAULT_PDA_INVAL);
        return;
    }
    if (pid_rsvd(&pid, u->eime)) {
        fault(r, IR_FAULT_PD_RSVD);
        return;
    }
    on = pid_on(&pid);
    sn = pid_sn(&pid);
    pid_pir_set(&pid, irte_vector(&r->irte));
    /* X = (ON == 0) & (URG | (SN == 0)) */
    notify = !on && (urg || !sn);
    if (notify)
        pid_set_on(&pid, true);
    rc = pid_store(u->cfg.mem, pda, &pid);
    assert(rc == 0); /* the load of the same 64 bytes succeeded */
    (void)rc;
    r->nv = pid_nv(&pid);
    r->ndst = pid_ndst_apic_id(&pid, u->eime); /* VT-d 9.11 NDST */
    r->res.outcome = IR_OUT_POSTED;
    r->res.posted_vector = irte_vector(&r->irte);
    r->res.pda = pda;
    /* the interrupt the PIR bit stands for, before any vCPU can move it */
    if (u->cfg.apic.post) {
        struct apic_post p = { pda, r->res.posted_vector, r->res.tag };

        u->cfg.apic.post(u->cfg.apic.ctx, &p);
    }
    SIM_TRACE(u->cfg.sim, TP_IR_POST, r->res.seq, r->res.index, pda,
              r->res.posted_vector, on, sn, urg, notify);
    if (notify)
        later(r, COST_PI_NOTIFY, step_notify);
    else
        complete(r);
}

/* The IRTE of @r is known (from the IEC or memory): check and act. */
static void use_irte(struct ir_req *r)
{
    struct ir_unit *u = r->u;
    const struct irte *e = &r->irte;
    struct irte_remapped f;

    r->have_irte = true;
    /* VT-d 6.4: with CM=1 faulting entries may be cached as well */
    if (r->from_mem && u->cfg.caching_mode)
        ir__iec_fill(u, r->res.index, e);
    /* VT-d 5.1.4: P, then source-id verification (9.9), then the format */
    if (!irte_present(e)) {
        fault(r, IR_FAULT_ENTRY_P);
        return;
    }
    if (!irte_sid_verify(e, r->res.rid,
                         u->cfg.quirks & IR_QUIRK_SVT_BUS_SWAPPED)) {
        fault(r, IR_FAULT_SID_ERR);
        return;
    }
    if (irte_rsvd(e, u->eime, u->cfg.posted, u->cfg.haw)) {
        fault(r, IR_FAULT_IRTE_RSVD);
        return;
    }
    /* VT-d 6.4: with CM=0 only entries that did not fault are cached (a
     * later PID fault, 0x27/0x28, is about the descriptor, not the IRTE) */
    if (r->from_mem && !u->cfg.caching_mode)
        ir__iec_fill(u, r->res.index, e);
    if (irte_posted(e)) {
        later(r, COST_PI_POST, step_post);
        return;
    }
    /* VT-d 9.9; the system-bus request has Trigger Mode Level asserted */
    irte_decode_remapped(e, &f);
    r->res.outcome = IR_OUT_REMAPPED;
    r->res.msg = (struct apic_msg){
        .dest = irte_dest_id(e, u->eime),
        .vector = f.vector,
        .dlm = f.dlm,
        .dest_logical = f.dest_logical,
        .level = f.trigger_level,
    };
    SIM_TRACE(u->cfg.sim, TP_IR_REMAP, r->res.seq, r->res.index,
              r->res.msg.dest, f.vector, f.dlm, f.dest_logical,
              f.trigger_level);
    deliver(u, r);
    complete(r);
}

static void step_irt_read(struct sim *sim, void *arg)
{
    struct ir_req *r = arg;
    struct ir_unit *u = r->u;
    uint64_t addr = u->irt_base + (uint64_t)r->res.index * IRTE_SIZE;

    (void)sim;
    r->ev = 0;
    /* VT-d 5.1.4: the whole IRTE is read as a single operation, sampled
     * when the read completes */
    {
        uint64_t e[2];

        if (mem_read64s(u->cfg.mem, addr, e, 2)) {
            if (!mem_read64(u->cfg.mem, addr, &e[0])) /* the low half was read */
                r->irte.lo = e[0];
            fault(r, IR_FAULT_ROOT_INVAL);
            return;
        }
        r->irte.lo = e[0];
        r->irte.hi = e[1];
    }
    r->from_mem = true;
    SIM_TRACE(u->cfg.sim, TP_IR_IRT_READ, r->res.seq, r->res.index,
              r->irte.lo, r->irte.hi);
    use_irte(r);
}

static void step_iec_done(struct sim *sim, void *arg)
{
    struct ir_req *r = arg;

    (void)sim;
    r->ev = 0;
    if (r->res.iec_hit)
        use_irte(r);
    else
        later(r, COST_IRT_READ, step_irt_read);
}

/* ---- request intake ------------------------------------------------------ */

static void process(struct ir_req *r)
{
    struct ir_unit *u = r->u;
    struct msi_remap f;
    uint64_t last;
    int rc;

    /* VT-d 5.1.4: IR disabled (and IRREQ = 0): compatibility processing */
    if (!u->ire) {
        later(r, COST__COUNT, step_passthrough);
        return;
    }
    if (!msi_is_remappable(&r->msg)) {
        /* VT-d 5.1.4: blocked when EIME = 1 or CFIS = 0 */
        if (u->eime || !u->cfi)
            fault(r, IR_FAULT_REQ_COMPAT);
        else
            later(r, COST__COUNT, step_passthrough);
        return;
    }
    r->res.remappable = true;
    /* VT-d 5.1.2.2 Tables 13/14 */
    if (msi_remap_rsvd(&r->msg)) {
        fault(r, IR_FAULT_REQ_RSVD);
        return;
    }
    rc = msi_remap_decode(&r->msg, &f);
    assert(rc == 0);
    (void)rc;
    r->res.index = msi_remap_index(&f); /* VT-d 5.1.3 */
    r->res.index_valid = true;
    /* VT-d 5.1.4.1 Table 15, 21h: beyond the table, or above HAW */
    last = u->irt_base + ((uint64_t)r->res.index + 1) * IRTE_SIZE - 1;
    if ((!(u->cfg.quirks & IR_QUIRK_NO_INDEX_CHECK) &&
         r->res.index >= u->irt_entries) ||
        (u->cfg.haw < 64 && (last >> u->cfg.haw) != 0)) {
        fault(r, IR_FAULT_INDEX_OVER);
        return;
    }
    /* VT-d 6.4: the IEC is looked up by interrupt_index */
    if (u->cfg.iec_entries == 0) {
        later(r, COST_IRT_READ, step_irt_read);
        return;
    }
    r->res.iec_hit = ir__iec_lookup(u, r->res.index, &r->irte);
    if (r->res.iec_hit)
        SIM_TRACE(u->cfg.sim, TP_IR_IEC_HIT, r->res.seq, r->res.index);
    else
        SIM_TRACE(u->cfg.sim, TP_IR_IEC_MISS, r->res.seq, r->res.index);
    later(r, COST_IEC_HIT, step_iec_done);
}

static void dma(struct ir_unit *u, const struct pcie_write *w)
{
    /* VT-d 3.15: requests with PASID to FEEx_xxxxh are translated like any
     * other request-with-PASID, never treated as interrupts */
    bool window = msi_in_window(w->addr);
    struct ir_result res = {
        .seq = u->next_seq++,
        .outcome = window ? IR_OUT_DMA_INTR_WINDOW : IR_OUT_DMA,
        .rid = w->rid,
        .t_request = sim_now(u->cfg.sim),
        .t_done = sim_now(u->cfg.sim),
        .tag = w->tag,
    };

    u->stats.dma++;
    if (window)
        u->stats.dma_intr_window++;
    SIM_TRACE(u->cfg.sim, TP_IR_DMA, w->addr, w->len, w->rid,
              w->has_pasid ? w->pasid : 0, window);
    if (u->cfg.dma.write)
        u->cfg.dma.write(u->cfg.dma.ctx, w);
    if (u->cfg.on_result)
        u->cfg.on_result(u->cfg.result_ctx, &res);
}

void ir_write(struct ir_unit *u, const struct pcie_write *w)
{
    struct ir_req *r;

    u->stats.writes++;
    /* VT-d 3.15: only writes without PASID to FEEx_xxxxh can be interrupts;
     * the window is in the 64-bit address space, so a write above 4 GiB is
     * never one, whatever its low 32 bits */
    if (w->has_pasid || !msi_in_window(w->addr)) {
        dma(u, w);
        return;
    }
    r = new_req(u, w->rid, &w->tag);
    if (!r)
        return;
    r->msg.addr_lo = (uint32_t)w->addr;
    r->msg.addr_hi = (uint32_t)(w->addr >> 32);
    r->msg.data = w->data;
    SIM_TRACE(u->cfg.sim, TP_IR_REQ, r->res.seq, w->addr, w->data, w->len,
              w->rid);
    /* VT-d 3.15 and 5.1.4: an interrupt request is a single-DWORD write */
    if (w->len != 4 || (w->addr & 3)) {
        if (!u->ire) {
            SIM_TRACE(u->cfg.sim, TP_IR_BLOCKED, r->res.seq, w->addr, w->len,
                      w->rid);
            r->res.outcome = IR_OUT_BLOCKED;
            complete(r);
            return;
        }
        fault(r, IR_FAULT_REQ_INVALID);
        return;
    }
    process(r);
}

static void sink_write(void *ctx, const struct pcie_write *w)
{
    ir_write(ctx, w);
}

struct pcie_sink ir_pcie_sink(struct ir_unit *u)
{
    return (struct pcie_sink){ .write = sink_write, .ctx = u };
}

int ir_remap_msg(struct ir_unit *u, const struct msi_msg *m, uint16_t rid,
                 const struct irq_tag *tag)
{
    struct ir_req *r;

    if ((m->addr_lo & MSI_ADDR_BASE_MASK) != MSI_ADDR_BASE)
        return -EINVAL;
    r = new_req(u, rid, tag);
    if (!r)
        return u->err;
    r->msg = *m;
    SIM_TRACE(u->cfg.sim, TP_IR_REQ, r->res.seq,
              (uint64_t)m->addr_hi << 32 | m->addr_lo, m->data, 4, rid);
    process(r);
    return 0;
}
