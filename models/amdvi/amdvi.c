/* SPDX-License-Identifier: MIT */
/*
 * amdvi.c - AMD-Vi interrupt remapping: formats and the event-driven unit
 * (amdvi.h has the tables and sources).
 */
#include "amdvi.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define AMDVI_PRIO SIM_PRIO_HW

/* ---- formats -------------------------------------------------------------- */

void amdvi_dte_ir_decode(uint64_t w2, struct amdvi_dte_ir *out)
{
    /* AMD IOMMU 2.2.2, DTE bits 191:128 */
    out->iv = w2 & AMDVI_DTE2_IV;
    out->int_tab_len = (unsigned)((w2 & AMDVI_DTE2_INTTABLEN_MASK) >> AMDVI_DTE2_INTTABLEN_SHIFT);
    out->ig = w2 & AMDVI_DTE2_IG;
    out->irt_root = w2 & AMDVI_DTE2_IRTROOT_MASK;
    out->init_pass = w2 & AMDVI_DTE2_INITPASS;
    out->eint_pass = w2 & AMDVI_DTE2_EINTPASS;
    out->nmi_pass = w2 & AMDVI_DTE2_NMIPASS;
    out->int_ctl = (unsigned)((w2 & AMDVI_DTE2_INTCTL_MASK) >> AMDVI_DTE2_INTCTL_SHIFT);
    out->lint0_pass = w2 & AMDVI_DTE2_LINT0PASS;
    out->lint1_pass = w2 & AMDVI_DTE2_LINT1PASS;
}

uint64_t amdvi_dte_ir_encode(const struct amdvi_dte_ir *d)
{
    uint64_t w = 0;

    w |= d->iv ? AMDVI_DTE2_IV : 0;
    w |= ((uint64_t)d->int_tab_len << AMDVI_DTE2_INTTABLEN_SHIFT) & AMDVI_DTE2_INTTABLEN_MASK;
    w |= d->ig ? AMDVI_DTE2_IG : 0;
    w |= d->irt_root & AMDVI_DTE2_IRTROOT_MASK;
    w |= d->init_pass ? AMDVI_DTE2_INITPASS : 0;
    w |= d->eint_pass ? AMDVI_DTE2_EINTPASS : 0;
    w |= d->nmi_pass ? AMDVI_DTE2_NMIPASS : 0;
    w |= ((uint64_t)d->int_ctl << AMDVI_DTE2_INTCTL_SHIFT) & AMDVI_DTE2_INTCTL_MASK;
    w |= d->lint0_pass ? AMDVI_DTE2_LINT0PASS : 0;
    w |= d->lint1_pass ? AMDVI_DTE2_LINT1PASS : 0;
    return w;
}

static bool int_type_reserved(unsigned t)
{
    return t == 3 || t == 6;
}

void amdvi_irte32_decode(uint32_t v, struct amdvi_irte *out)
{
    /* AMD IOMMU 2.2.5.1, 32-bit IRTE */
    memset(out, 0, sizeof(*out));
    out->remap_en = v & AMDVI_IRTE_REMAPEN;
    out->sup_iopf = v & AMDVI_IRTE_SUPIOPF;
    out->int_type = (unsigned)((v & AMDVI_IRTE_INTTYPE_MASK) >> AMDVI_IRTE_INTTYPE_SHIFT);
    out->rq_eoi = v & AMDVI_IRTE_RQEOI;
    out->dm = v & AMDVI_IRTE_DM;
    out->guest_mode = v & AMDVI_IRTE_GUESTMODE;
    out->dest = (uint32_t)((v & AMDVI_IRTE32_DEST_MASK) >> AMDVI_IRTE32_DEST_SHIFT);
    out->vector = (uint8_t)((v & AMDVI_IRTE32_VEC_MASK) >> AMDVI_IRTE32_VEC_SHIFT);
    /* GuestMode needs the 128-bit format; 31:24 reserved */
    out->rsvd = (v & AMDVI_IRTE32_RSVD_MASK) || out->guest_mode ||
                int_type_reserved(out->int_type);
}

uint32_t amdvi_irte32_encode(const struct amdvi_irte *e)
{
    uint64_t v = 0;

    v |= e->remap_en ? AMDVI_IRTE_REMAPEN : 0;
    v |= e->sup_iopf ? AMDVI_IRTE_SUPIOPF : 0;
    v |= ((uint64_t)e->int_type << AMDVI_IRTE_INTTYPE_SHIFT) & AMDVI_IRTE_INTTYPE_MASK;
    v |= e->rq_eoi ? AMDVI_IRTE_RQEOI : 0;
    v |= e->dm ? AMDVI_IRTE_DM : 0;
    v |= ((uint64_t)e->dest << AMDVI_IRTE32_DEST_SHIFT) & AMDVI_IRTE32_DEST_MASK;
    v |= ((uint64_t)e->vector << AMDVI_IRTE32_VEC_SHIFT) & AMDVI_IRTE32_VEC_MASK;
    return (uint32_t)v;
}

void amdvi_irte128_decode(uint64_t lo, uint64_t hi, bool xt, struct amdvi_irte *out)
{
    uint32_t dlo = (uint32_t)((lo & AMDVI_GA_LO_DEST_MASK) >> AMDVI_GA_LO_DEST_SHIFT);
    uint32_t dhi = (uint32_t)((hi & AMDVI_GA_HI_DESTHI_MASK) >> AMDVI_GA_HI_DESTHI_SHIFT);

    /* AMD IOMMU 2.2.5.2, 128-bit IRTE; bits 6:2 by GuestMode */
    memset(out, 0, sizeof(*out));
    out->remap_en = lo & AMDVI_IRTE_REMAPEN;
    out->sup_iopf = lo & AMDVI_IRTE_SUPIOPF;
    out->guest_mode = lo & AMDVI_IRTE_GUESTMODE;
    out->vector = (uint8_t)(hi & AMDVI_GA_HI_VEC_MASK);
    /* XT: Destination[31:24] in hi 63:56; xAPIC: only [7:0] addresses */
    out->dest = xt ? (dlo | dhi << 24) : (dlo & 0xffu);
    out->rsvd = (hi & AMDVI_GA_HI_RSVD_MASK) != 0;
    if (out->guest_mode) {
        out->ga_log_intr = lo & AMDVI_GA_LO_GALOGINTR;
        out->is_run = lo & AMDVI_GA_LO_ISRUN;
        out->ga_tag = (uint32_t)((lo & AMDVI_GA_LO_GATAG_MASK) >> AMDVI_GA_LO_GATAG_SHIFT);
        out->ga_root = hi & AMDVI_GA_HI_ROOT_MASK;
        out->rsvd = out->rsvd || (lo & AMDVI_GA_LO_VAPIC_RSVD);
    } else {
        out->int_type = (unsigned)((lo & AMDVI_IRTE_INTTYPE_MASK) >> AMDVI_IRTE_INTTYPE_SHIFT);
        out->rq_eoi = lo & AMDVI_IRTE_RQEOI;
        out->dm = lo & AMDVI_IRTE_DM;
        out->rsvd = out->rsvd || (lo & AMDVI_GA_LO_GATAG_MASK) ||
                    (hi & AMDVI_GA_HI_ROOT_MASK) || int_type_reserved(out->int_type);
    }
}

void amdvi_irte128_encode(const struct amdvi_irte *e, uint64_t *lo, uint64_t *hi)
{
    uint64_t l = 0, h = 0;

    l |= e->remap_en ? AMDVI_IRTE_REMAPEN : 0;
    l |= e->sup_iopf ? AMDVI_IRTE_SUPIOPF : 0;
    l |= ((uint64_t)e->dest << AMDVI_GA_LO_DEST_SHIFT) & AMDVI_GA_LO_DEST_MASK;
    if (e->guest_mode) {
        l |= AMDVI_IRTE_GUESTMODE;
        l |= e->ga_log_intr ? AMDVI_GA_LO_GALOGINTR : 0;
        l |= e->is_run ? AMDVI_GA_LO_ISRUN : 0;
        l |= (uint64_t)e->ga_tag << AMDVI_GA_LO_GATAG_SHIFT;
        h |= e->ga_root & AMDVI_GA_HI_ROOT_MASK;
    } else {
        l |= ((uint64_t)e->int_type << AMDVI_IRTE_INTTYPE_SHIFT) & AMDVI_IRTE_INTTYPE_MASK;
        l |= e->rq_eoi ? AMDVI_IRTE_RQEOI : 0;
        l |= e->dm ? AMDVI_IRTE_DM : 0;
    }
    h |= e->vector;
    h |= ((uint64_t)(e->dest >> 24) << AMDVI_GA_HI_DESTHI_SHIFT) & AMDVI_GA_HI_DESTHI_MASK;
    *lo = l;
    *hi = h;
}

void amdvi_event_encode(const struct amdvi_event *e, uint32_t dw[4])
{
    /* AMD IOMMU 2.5.1 event log entry */
    dw[0] = e->devid;
    dw[1] = (uint32_t)e->pasid | ((uint32_t)(e->flags & 0xfffu) << 16) |
            ((uint32_t)(e->code & 0xfu) << 28);
    dw[2] = (uint32_t)e->addr;
    dw[3] = (uint32_t)(e->addr >> 32);
}

void amdvi_event_decode(const uint32_t dw[4], struct amdvi_event *out)
{
    out->devid = (uint16_t)(dw[0] & 0xffffu);
    out->pasid = (uint16_t)(dw[1] & 0xffffu);
    out->flags = (dw[1] >> 16) & 0xfffu;
    out->code = (dw[1] >> 28) & 0xfu;
    out->addr = (uint64_t)dw[3] << 32 | dw[2];
}

uint64_t amdvi_galog_encode(uint32_t ga_tag, uint16_t devid)
{
    /* AMD IOMMU 2.5.x GA log entry, GA_GUEST_NR */
    return (uint64_t)ga_tag | (uint64_t)devid << 32 | (uint64_t)AMDVI_GA_GUEST_NR << 60;
}

/* ---- the unit ------------------------------------------------------------- */

struct req {
    struct amdvi_unit *u;
    struct pcie_write w;
    struct amdvi_result res;
    struct amdvi_irte irte;
    uint64_t irt_root;
    struct req *next;
    struct req **pprev;
};

struct amdvi_unit {
    struct amdvi_config cfg;
    struct req *reqs;
    uint64_t events;
    uint64_t galogs;
};

int amdvi_create(struct amdvi_unit **out, const struct amdvi_config *cfg)
{
    struct amdvi_unit *u;

    if (!out || !cfg || !cfg->sim || !cfg->mem || !cfg->cost)
        return -EINVAL;
    u = calloc(1, sizeof(*u));
    if (!u)
        return -ENOMEM;
    u->cfg = *cfg;
    *out = u;
    return 0;
}

static void unlink_req(struct req *r)
{
    *r->pprev = r->next;
    if (r->next)
        r->next->pprev = r->pprev;
}

void amdvi_destroy(struct amdvi_unit *u)
{
    if (!u)
        return;
    while (u->reqs) {
        struct req *r = u->reqs;

        unlink_req(r);
        free(r);
    }
    free(u);
}

uint32_t amdvi_caphdr(const struct amdvi_unit *u)
{
    return u->cfg.np_cache ? AMDVI_CAPHDR_NPCACHE : 0;
}

uint64_t amdvi_event_count(const struct amdvi_unit *u)
{
    return u->events;
}

uint64_t amdvi_galog_count(const struct amdvi_unit *u)
{
    return u->galogs;
}

static void complete(struct req *r)
{
    struct amdvi_unit *u = r->u;

    r->res.tag = r->w.tag;
    if (r->res.outcome == AMDVI_OUT_ABORTED)
        evidence_fault(&u->cfg.evidence, &r->w.tag, EVIDENCE_FAULT_IR, r->res.event);
    if (u->cfg.on_result)
        u->cfg.on_result(u->cfg.result_ctx, &r->res);
    unlink_req(r);
    free(r);
}

static void later(struct req *r, enum cost_id cost, sim_cb_t step)
{
    int rc = sim_schedule_in(r->u->cfg.sim, cost_ps(r->u->cfg.cost, cost), AMDVI_PRIO,
                             step, r, NULL);

    if (rc) /* out of events: the request is lost, as a dropped TLP */
        complete(r);
}

static void step_event(struct sim *sim, void *arg)
{
    struct req *r = arg;
    struct amdvi_unit *u = r->u;
    struct amdvi_event e = { .code = r->res.event, .devid = r->w.rid,
                             .flags = r->res.flags, .addr = r->w.addr };
    uint32_t dw[4];

    (void)sim;
    if (u->cfg.event_log && u->cfg.event_log_entries) {
        uint64_t at = u->cfg.event_log + (u->events % u->cfg.event_log_entries) * 16u;

        amdvi_event_encode(&e, dw);
        if (mem_write(u->cfg.mem, at, dw, sizeof(dw)) == 0)
            u->events++;
    }
    complete(r);
}

/* Target abort; an event @code (0: none) is written to the event log. */
static void abort_req(struct req *r, unsigned code, unsigned flags)
{
    r->res.outcome = AMDVI_OUT_ABORTED;
    r->res.event = code;
    r->res.flags = flags;
    if (code)
        later(r, COST_AMDVI_LOG_WRITE, step_event);
    else
        complete(r);
}

static void step_deliver(struct sim *sim, void *arg)
{
    struct req *r = arg;
    struct amdvi_unit *u = r->u;

    (void)sim;
    if (u->cfg.apic.deliver)
        u->cfg.apic.deliver(u->cfg.apic.ctx, &r->res.msg);
    complete(r);
}

/* The message as it arrived (x86 MSI compatibility format). */
static void pass_unmapped(struct req *r)
{
    r->res.outcome = AMDVI_OUT_PASSED;
    r->res.msg = (struct apic_msg){
        .dest = (uint32_t)((r->w.addr >> 12) & 0xffu),
        .vector = (uint8_t)(r->w.data & 0xffu),
        .dlm = (uint8_t)((r->w.data >> 8) & 0x7u),
        .dest_logical = (r->w.addr >> 2) & 1u,
        .level = (r->w.data >> 15) & 1u,
        .tag = r->w.tag,
    };
    later(r, COST_APIC_DELIVER, step_deliver);
}

static void step_gaint(struct sim *sim, void *arg)
{
    struct req *r = arg;
    struct amdvi_unit *u = r->u;
    struct apic_msg m = u->cfg.ga_int;

    (void)sim;
    m.tag = (struct irq_tag){ 0 }; /* the IOMMU's own interrupt */
    if (u->cfg.apic.deliver)
        u->cfg.apic.deliver(u->cfg.apic.ctx, &m);
    complete(r);
}

static void step_galog(struct sim *sim, void *arg)
{
    struct req *r = arg;
    struct amdvi_unit *u = r->u;
    uint64_t at = u->cfg.ga_log + (u->galogs % u->cfg.ga_log_entries) * 8u;

    (void)sim;
    if (mem_write64(u->cfg.mem, at, amdvi_galog_encode(r->irte.ga_tag, r->w.rid)) == 0)
        u->galogs++;
    if (u->cfg.ga_int_en)
        later(r, COST_APIC_DELIVER, step_gaint);
    else
        complete(r);
}

static void step_doorbell(struct sim *sim, void *arg)
{
    struct req *r = arg;
    struct amdvi_unit *u = r->u;

    (void)sim;
    if (u->cfg.ga.doorbell)
        u->cfg.ga.doorbell(u->cfg.ga.ctx, r->irte.dest, r->irte.ga_root);
    complete(r);
}

/* AMD IOMMU 2.2.5.2: guest virtual APIC mode */
static void guest_post(struct req *r)
{
    struct amdvi_unit *u = r->u;
    const struct amdvi_irte *e = &r->irte;
    uint64_t irr = e->ga_root + 0x200u + (uint64_t)(e->vector >> 5) * 0x10u;
    uint32_t v;

    if (mem_read32(u->cfg.mem, irr, &v) || mem_write32(u->cfg.mem, irr, v | 1u << (e->vector & 31u))) {
        abort_req(r, AMDVI_EVT_IO_PAGE_FAULT, AMDVI_EVF_I);
        return;
    }
    r->res.ga_root = e->ga_root;
    if (u->cfg.apic.post) {
        struct apic_post p = { .pda = e->ga_root, .vector = e->vector, .tag = r->w.tag };

        u->cfg.apic.post(u->cfg.apic.ctx, &p);
    }
    if (e->is_run) {
        r->res.outcome = AMDVI_OUT_GUEST_RUNNING;
        later(r, COST_AVIC_DOORBELL, step_doorbell);
    } else if (e->ga_log_intr && u->cfg.ga_log && u->cfg.ga_log_entries) {
        r->res.outcome = AMDVI_OUT_GUEST_GALOG;
        later(r, COST_AMDVI_LOG_WRITE, step_galog);
    } else {
        r->res.outcome = AMDVI_OUT_GUEST_PENDING;
        complete(r);
    }
}

static void step_irte(struct sim *sim, void *arg)
{
    struct req *r = arg;
    struct amdvi_unit *u = r->u;
    int rc;

    (void)sim;
    if (u->cfg.ga_en) {
        uint64_t q[2];

        rc = mem_read(u->cfg.mem, r->irt_root + (uint64_t)r->res.index * 16u, q, sizeof(q));
        if (!rc)
            amdvi_irte128_decode(q[0], q[1], u->cfg.xt_en, &r->irte);
    } else {
        uint32_t v;

        rc = mem_read32(u->cfg.mem, r->irt_root + (uint64_t)r->res.index * 4u, &v);
        if (!rc)
            amdvi_irte32_decode(v, &r->irte);
    }
    /* AMD IOMMU 2.2.5: a failed IRTE read, RemapEn = 0 or a reserved setting
     * aborts with IO_PAGE_FAULT (I = 1); SupIOPF suppresses the event for an
     * entry that is not enabled */
    if (rc) {
        abort_req(r, AMDVI_EVT_IO_PAGE_FAULT, AMDVI_EVF_I);
        return;
    }
    if (!r->irte.remap_en) {
        abort_req(r, r->irte.sup_iopf ? 0 : AMDVI_EVT_IO_PAGE_FAULT, AMDVI_EVF_I);
        return;
    }
    if (r->irte.rsvd || (r->irte.guest_mode && !u->cfg.ga_vapic)) {
        abort_req(r, AMDVI_EVT_IO_PAGE_FAULT, AMDVI_EVF_I | AMDVI_EVF_RZ);
        return;
    }
    if (r->irte.guest_mode) {
        guest_post(r);
        return;
    }
    r->res.outcome = AMDVI_OUT_REMAPPED;
    r->res.msg = (struct apic_msg){
        .dest = r->irte.dest,
        .vector = r->irte.vector,
        .dlm = (uint8_t)r->irte.int_type,
        .dest_logical = r->irte.dm,
        .level = false,
        .tag = r->w.tag,
    };
    later(r, COST_APIC_DELIVER, step_deliver);
}

static void step_dte(struct sim *sim, void *arg)
{
    struct req *r = arg;
    struct amdvi_unit *u = r->u;
    struct amdvi_dte_ir d;
    uint64_t w2;
    unsigned type = (r->w.data >> 8) & 0x7u; /* MSI data 10:8, message type */
    bool pass;

    (void)sim;
    if (mem_read64(u->cfg.mem, u->cfg.dev_table + (uint64_t)r->w.rid * AMDVI_DTE_SIZE + 16u, &w2)) {
        abort_req(r, AMDVI_EVT_ILLEGAL_DEV_TABLE_ENTRY, AMDVI_EVF_I);
        return;
    }
    /* AMD IOMMU 2.2.2: the interrupt fields of DTE word 2 */
    amdvi_dte_ir_decode(w2, &d);
    if (!d.iv) {
        pass_unmapped(r);
        return;
    }
    if (d.int_ctl == AMDVI_INTCTL_RSVD || d.int_tab_len > AMDVI_INTTABLEN_MAX) {
        abort_req(r, AMDVI_EVT_ILLEGAL_DEV_TABLE_ENTRY, AMDVI_EVF_I | AMDVI_EVF_RZ);
        return;
    }
    switch (type) {
    case AMDVI_INT_FIXED:
    case AMDVI_INT_ARBITRATED:
        break;
    case AMDVI_INT_NMI:
    case AMDVI_INT_INIT:
    case AMDVI_INT_EXTINT:
        /* AMD IOMMU 2.2.5: NMIPass, InitPass, EIntPass; else target abort */
        pass = type == AMDVI_INT_NMI ? d.nmi_pass :
               type == AMDVI_INT_INIT ? d.init_pass : d.eint_pass;
        if (pass)
            pass_unmapped(r);
        else
            abort_req(r, d.ig ? 0 : AMDVI_EVT_IO_PAGE_FAULT, AMDVI_EVF_I);
        return;
    default: /* SMI (SysMgt) and the reserved types are not modelled: abort */
        abort_req(r, d.ig ? 0 : AMDVI_EVT_IO_PAGE_FAULT, AMDVI_EVF_I);
        return;
    }
    if (d.int_ctl == AMDVI_INTCTL_ABORT) {
        abort_req(r, AMDVI_EVT_INVALID_DEVICE_REQUEST,
                  AMDVI_IDR_INT_INTCTL_ABORT << AMDVI_EVF_IDR_TYPE_SHIFT);
        return;
    }
    if (d.int_ctl == AMDVI_INTCTL_FORWARD) {
        pass_unmapped(r);
        return;
    }
    /* AMD IOMMU 2.2.5: the IRTE index is MSI data[10:0], below 2^IntTabLen */
    r->res.index = r->w.data & 0x7ffu;
    if (r->res.index >= (1u << d.int_tab_len)) {
        abort_req(r, d.ig ? 0 : AMDVI_EVT_IO_PAGE_FAULT, AMDVI_EVF_I);
        return;
    }
    r->irt_root = d.irt_root;
    later(r, COST_IRT_READ, step_irte);
}

void amdvi_write(struct amdvi_unit *u, const struct pcie_write *w)
{
    struct req *r;

    r = calloc(1, sizeof(*r));
    if (!r)
        return; /* dropped, as a TLP the root port cannot take */
    r->u = u;
    r->w = *w;
    r->next = u->reqs;
    if (u->reqs)
        u->reqs->pprev = &r->next;
    r->pprev = &u->reqs;
    u->reqs = r;
    if (w->addr < AMDVI_INT_BASE || w->addr >= AMDVI_INT_BASE + AMDVI_INT_SIZE || w->len != 4) {
        r->res.outcome = AMDVI_OUT_NOT_INTERRUPT;
        complete(r);
        return;
    }
    later(r, COST_AMDVI_DTE_READ, step_dte);
}

static void sink_write(void *ctx, const struct pcie_write *w)
{
    amdvi_write(ctx, w);
}

struct pcie_sink amdvi_sink(struct amdvi_unit *u)
{
    return (struct pcie_sink){ .write = sink_write, .ctx = u };
}
