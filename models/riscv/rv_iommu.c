/* SPDX-License-Identifier: MIT */
/* rv_iommu.c - RISC-V IOMMU MSI translation (rv_iommu.h has the sources). */
#include "rv_iommu.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define RVIO_PRIO SIM_PRIO_HW

void rvio_msipte_decode(uint64_t d0, uint64_t d1, struct rvio_msipte *out)
{
    /* RISC-V IOMMU 2.1.x MSI PTE formats */
    memset(out, 0, sizeof(*out));
    out->v = d0 & RVIO_PTE_V;
    out->c = d0 & RVIO_PTE_C;
    out->mode = (unsigned)((d0 & RVIO_PTE_M_MASK) >> RVIO_PTE_M_SHIFT);
    if (out->mode == RVIO_M_FLAT) {
        out->ppn = (d0 & RVIO_PTE_PPN_MASK) >> 10;
        out->rsvd = (d0 & RVIO_PTE_FLAT_RSVD) != 0;
    } else if (out->mode == RVIO_M_MRIF) {
        out->mrif = ((d0 & RVIO_PTE_MRIF_MASK) >> 7) << 9;
        out->nppn = (d1 & RVIO_PTE2_NPPN_MASK) >> 10;
        out->nid = (unsigned)(d1 & RVIO_PTE2_NID_LO_MASK) | ((d1 & RVIO_PTE2_NID_HI) ? 1u << 10 : 0);
        out->rsvd = (d0 & RVIO_PTE_MRIF_RSVD) || (d1 & RVIO_PTE2_RSVD);
    }
}

void rvio_msipte_encode(const struct rvio_msipte *p, uint64_t *d0, uint64_t *d1)
{
    uint64_t a = (p->v ? RVIO_PTE_V : 0) | (p->c ? RVIO_PTE_C : 0) |
                 ((uint64_t)p->mode << RVIO_PTE_M_SHIFT & RVIO_PTE_M_MASK);
    uint64_t b = 0;

    if (p->mode == RVIO_M_FLAT) {
        a |= (p->ppn << 10) & RVIO_PTE_PPN_MASK;
    } else if (p->mode == RVIO_M_MRIF) {
        a |= ((p->mrif >> 9) << 7) & RVIO_PTE_MRIF_MASK;
        b = (p->nid & 0x3ffu) | ((p->nppn << 10) & RVIO_PTE2_NPPN_MASK) |
            ((p->nid & 0x400u) ? RVIO_PTE2_NID_HI : 0);
    }
    *d0 = a;
    *d1 = b;
}

uint64_t rvio_extract(uint64_t x, uint64_t mask)
{
    uint64_t r = 0;
    unsigned j = 0;

    for (unsigned i = 0; i < 64; i++)
        if (mask >> i & 1u)
            r |= (x >> i & 1u) << j++;
    return r;
}

void rvio_fault_encode(const struct rvio_fault *f, uint64_t dw[4])
{
    /* RISC-V IOMMU 4.2 fault record; PID, PV, PRIV are 0 (no PASID) */
    dw[0] = (uint64_t)(f->cause & 0xfffu) | (uint64_t)(f->ttyp & 0x3fu) << 34 |
            (uint64_t)(f->did & 0xffffffu) << 40;
    dw[1] = 0;
    dw[2] = f->iotval;
    dw[3] = 0;
}

struct req {
    struct rvio *u;
    struct pcie_write w;
    struct rvio_result res;
    struct rvio_msipte pte;
    struct req *next;
    struct req **pprev;
};

struct rvio {
    struct rvio_config cfg;
    struct rvio_dc *dc;
    uint64_t (*fq)[4];
    uint64_t faults;
    struct req *reqs;
};

int rvio_create(struct rvio **out, const struct rvio_config *cfg)
{
    struct rvio *u;

    if (!out || !cfg || !cfg->sim || !cfg->mem || !cfg->cost || !cfg->max_devices ||
        !cfg->fault_entries)
        return -EINVAL;
    u = calloc(1, sizeof(*u));
    if (!u)
        return -ENOMEM;
    u->cfg = *cfg;
    u->dc = calloc(cfg->max_devices, sizeof(*u->dc));
    u->fq = calloc(cfg->fault_entries, sizeof(*u->fq));
    if (!u->dc || !u->fq) {
        rvio_destroy(u);
        return -ENOMEM;
    }
    *out = u;
    return 0;
}

static void unlink_req(struct req *r)
{
    *r->pprev = r->next;
    if (r->next)
        r->next->pprev = r->pprev;
}

void rvio_destroy(struct rvio *u)
{
    if (!u)
        return;
    while (u->reqs) {
        struct req *r = u->reqs;

        unlink_req(r);
        free(r);
    }
    free(u->dc);
    free(u->fq);
    free(u);
}

int rvio_set_dc(struct rvio *u, uint32_t devid, const struct rvio_dc *dc)
{
    if (devid >= u->cfg.max_devices)
        return -EINVAL;
    u->dc[devid] = *dc;
    return 0;
}

uint64_t rvio_fault_count(const struct rvio *u)
{
    return u->faults;
}

int rvio_fault_record(const struct rvio *u, uint64_t i, uint64_t dw[4])
{
    if (i >= u->faults || u->faults - i > u->cfg.fault_entries)
        return -ENOENT;
    memcpy(dw, u->fq[i % u->cfg.fault_entries], sizeof(u->fq[0]));
    return 0;
}

static void complete(struct req *r)
{
    struct rvio *u = r->u;

    r->res.tag = r->w.tag;
    if (u->cfg.on_result)
        u->cfg.on_result(u->cfg.result_ctx, &r->res);
    unlink_req(r);
    free(r);
}

static void fault(struct req *r, unsigned cause)
{
    struct rvio *u = r->u;
    struct rvio_fault f = { .cause = cause, .ttyp = RVIO_TTYP_UNTRANSLATED_WRITE,
                            .did = r->w.rid, .iotval = r->w.addr };

    rvio_fault_encode(&f, u->fq[u->faults % u->cfg.fault_entries]);
    u->faults++;
    r->res.outcome = RVIO_OUT_FAULT;
    r->res.cause = cause;
    evidence_fault(&u->cfg.evidence, &r->w.tag, EVIDENCE_FAULT_IR, cause);
    complete(r);
}

static void forward(struct rvio *u, const struct pcie_write *w)
{
    if (u->cfg.out.write)
        u->cfg.out.write(u->cfg.out.ctx, w);
}

static void step_notice(struct sim *sim, void *arg)
{
    struct req *r = arg;
    struct pcie_write n = { .addr = r->res.addr, .data = r->pte.nid, .len = 4,
                            .rid = r->w.rid, .tag = r->w.tag };

    (void)sim;
    forward(r->u, &n);
    complete(r);
}

/* RISC-V IOMMU 2.3.3 step 14 (MRIF mode) */
static void mrif(struct req *r)
{
    struct rvio *u = r->u;
    uint32_t d = r->w.data;
    uint64_t at;
    uint64_t v;

    if (!u->cfg.msi_mrif || r->pte.rsvd) {
        fault(r, RVIO_CAUSE_MSI_PTE_MISCONF);
        return;
    }
    /* e: A[11:3] or D[31:11] not zero: discard as an unsupported request */
    if ((r->w.addr & 0xff8u) || (d & ~UINT32_C(0x7ff)) || r->w.len != 4) {
        r->res.outcome = RVIO_OUT_DISCARDED;
        complete(r);
        return;
    }
    /* f/g: set pending bit D (AIA 9.5: doubleword pairs, pending then enable,
     * 64 identities each) */
    at = r->pte.mrif + (uint64_t)(d / 64u) * 16u;
    if (mem_read64(u->cfg.mem, at, &v) || mem_write64(u->cfg.mem, at, v | UINT64_C(1) << (d % 64u))) {
        fault(r, RVIO_CAUSE_MRIF_ACCESS);
        return;
    }
    /* j: the notice MSI, NID to NPPN << 12 */
    r->res.outcome = RVIO_OUT_MRIF;
    r->res.addr = r->pte.nppn << 12;
    if (sim_schedule_in(u->cfg.sim, cost_ps(u->cfg.cost, COST_MRIF_UPDATE), RVIO_PRIO,
                        step_notice, r, NULL))
        complete(r);
}

static void step_pte(struct sim *sim, void *arg)
{
    struct req *r = arg;
    struct rvio *u = r->u;
    const struct rvio_dc *dc = &u->dc[r->w.rid];
    uint64_t q[2];
    uint64_t m = (dc->msiptp & RVIO_MSIPTP_PPN_MASK) << 12;

    (void)sim;
    /* step 8: the MSI PTE at msiptp.PPN * 4096 + I * 16 */
    if (mem_read(u->cfg.mem, m + r->res.file * 16u, q, sizeof(q))) {
        fault(r, RVIO_CAUSE_MSI_PTE_LOAD);
        return;
    }
    rvio_msipte_decode(q[0], q[1], &r->pte);
    if (!r->pte.v) { /* step 10 */
        fault(r, RVIO_CAUSE_MSI_PTE_INVALID);
        return;
    }
    if (r->pte.c) { /* step 11: custom, none implemented */
        fault(r, RVIO_CAUSE_MSI_PTE_MISCONF);
        return;
    }
    if (r->pte.mode == RVIO_M_MRIF) {
        mrif(r);
        return;
    }
    if (r->pte.mode != RVIO_M_FLAT || r->pte.rsvd) { /* step 13a */
        fault(r, RVIO_CAUSE_MSI_PTE_MISCONF);
        return;
    }
    /* step 13b: PPN << 12 | A[11:0] */
    r->res.outcome = RVIO_OUT_FLAT;
    r->res.addr = r->pte.ppn << 12 | (r->w.addr & 0xfffu);
    {
        struct pcie_write t = r->w;

        t.addr = r->res.addr;
        forward(u, &t);
    }
    complete(r);
}

void rvio_write(struct rvio *u, const struct pcie_write *w)
{
    struct req *r = calloc(1, sizeof(*r));
    const struct rvio_dc *dc;

    if (!r)
        return;
    r->u = u;
    r->w = *w;
    r->next = u->reqs;
    if (u->reqs)
        u->reqs->pprev = &r->next;
    r->pprev = &u->reqs;
    u->reqs = r;
    if (w->rid >= u->cfg.max_devices || !u->dc[w->rid].valid) {
        fault(r, RVIO_CAUSE_DDT_INVALID);
        return;
    }
    dc = &u->dc[w->rid];
    /* 2.3.3 step 3: an MSI address when (A >> 12) & ~mask == pattern & ~mask */
    if ((dc->msiptp >> RVIO_MSIPTP_MODE_SHIFT) != RVIO_MSIPTP_MODE_FLAT ||
        ((w->addr >> 12) & ~dc->msi_addr_mask & RVIO_MSI_MASK_BITS) !=
            (dc->msi_addr_pattern & ~dc->msi_addr_mask & RVIO_MSI_MASK_BITS)) {
        r->res.outcome = RVIO_OUT_NOT_MSI;
        forward(u, w); /* second stage not modelled: identity */
        complete(r);
        return;
    }
    /* step 5: I = extract(A >> 12, msi_addr_mask) */
    r->res.file = rvio_extract(w->addr >> 12, dc->msi_addr_mask & RVIO_MSI_MASK_BITS);
    if (sim_schedule_in(u->cfg.sim, cost_ps(u->cfg.cost, COST_RV_MSI_PTE_READ), RVIO_PRIO,
                        step_pte, r, NULL))
        complete(r);
}

static void sink_write(void *ctx, const struct pcie_write *w)
{
    rvio_write(ctx, w);
}

struct pcie_sink rvio_sink(struct rvio *u)
{
    return (struct pcie_sink){ .write = sink_write, .ctx = u };
}
