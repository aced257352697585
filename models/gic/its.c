/* SPDX-License-Identifier: MIT */
/*
 * its.c - the GICv3/v4.1 ITS: command encodings, the command queue, and
 * the translation of GITS_TRANSLATER writes (its.h has the sources).
 */
#include "its.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define ITS_PRIO SIM_PRIO_HW

/* ---- encoders (IHI 0069 5.3) ---------------------------------------------- */

static void head(struct its_cmd *c, enum its_cmd_op op, uint32_t devid)
{
    memset(c, 0, sizeof(*c));
    c->dw[0] = (uint64_t)op | (uint64_t)devid << 32;
}

void its_enc_mapd(struct its_cmd *c, uint32_t devid, unsigned size, uint64_t itt, bool v)
{
    head(c, ITS_CMD_MAPD, devid);
    c->dw[1] = size & 0x1fu;
    c->dw[2] = (itt & ITS_DW2_ITT_MASK) | (v ? ITS_DW2_V : 0);
}

void its_enc_mapc(struct its_cmd *c, uint32_t icid, uint32_t rdbase, bool v)
{
    head(c, ITS_CMD_MAPC, 0);
    c->dw[2] = (icid & 0xffffu) | (uint64_t)rdbase << 16 | (v ? ITS_DW2_V : 0);
}

void its_enc_mapti(struct its_cmd *c, uint32_t devid, uint32_t eventid, uint32_t pintid,
                   uint32_t icid)
{
    head(c, ITS_CMD_MAPTI, devid);
    c->dw[1] = eventid | (uint64_t)pintid << 32;
    c->dw[2] = icid & 0xffffu;
}

void its_enc_mapi(struct its_cmd *c, uint32_t devid, uint32_t eventid, uint32_t icid)
{
    head(c, ITS_CMD_MAPI, devid);
    c->dw[1] = eventid;
    c->dw[2] = icid & 0xffffu;
}

void its_enc_movi(struct its_cmd *c, uint32_t devid, uint32_t eventid, uint32_t icid)
{
    head(c, ITS_CMD_MOVI, devid);
    c->dw[1] = eventid;
    c->dw[2] = icid & 0xffffu;
}

void its_enc_inv(struct its_cmd *c, uint32_t devid, uint32_t eventid)
{
    head(c, ITS_CMD_INV, devid);
    c->dw[1] = eventid;
}

void its_enc_discard(struct its_cmd *c, uint32_t devid, uint32_t eventid)
{
    head(c, ITS_CMD_DISCARD, devid);
    c->dw[1] = eventid;
}

void its_enc_sync(struct its_cmd *c, uint32_t rdbase)
{
    head(c, ITS_CMD_SYNC, 0);
    c->dw[2] = (uint64_t)rdbase << 16;
}

void its_enc_vmapp(struct its_cmd *c, uint32_t vpeid, uint32_t rdbase, uint64_t vpt,
                   unsigned vpt_size, uint32_t default_db, bool v)
{
    head(c, ITS_CMD_VMAPP, 0);
    c->dw[1] = default_db | (uint64_t)(vpeid & 0xffffu) << 32;
    c->dw[2] = (uint64_t)rdbase << 16 | (v ? ITS_DW2_V : 0);
    c->dw[3] = (vpt & ITS_DW3_VPT_MASK) | (vpt_size & 0x1fu);
}

void its_enc_vmapti(struct its_cmd *c, uint32_t devid, uint32_t eventid, uint32_t vpeid,
                    uint32_t vintid)
{
    head(c, ITS_CMD_VMAPTI, devid);
    c->dw[1] = eventid | (uint64_t)(vpeid & 0xffffu) << 32;
    /* GICv4.1: no per-event doorbell (the vPE's default one is used) */
    c->dw[2] = vintid | (uint64_t)ITS_NO_DOORBELL << 32;
}

/* ---- state ------------------------------------------------------------------ */

struct ite {
    bool valid;
    bool virt;
    uint32_t intid;   /* pINTID or vINTID */
    uint32_t target;  /* ICID or vPEID */
};

struct dte {
    bool valid;
    unsigned size;    /* EventID bits */
    struct ite *itt;
};

struct cte {
    bool valid;
    uint32_t rd;
};

struct pend {
    uint32_t vintid;
    struct irq_tag tag;
};

struct vpe {
    bool valid;
    bool resident;
    uint32_t rd;
    uint64_t vpt;
    unsigned vpt_size;
    uint32_t db;
    struct pend *pend;
    size_t npend, cap;
};

struct req {
    struct its *its;
    struct pcie_write w;
    struct its_result res;
    struct req *next;
    struct req **pprev;
};

struct its {
    struct its_config cfg;
    struct dte *dev;
    struct cte *col;
    struct vpe *vpe;
    uint64_t cbase;
    uint64_t csize;
    uint64_t creadr;
    uint64_t cwriter;
    bool busy;
    unsigned last_error;
    uint64_t syncs;
    struct req *reqs;
};

int its_create(struct its **out, const struct its_config *cfg)
{
    struct its *its;

    if (!out || !cfg || !cfg->sim || !cfg->mem || !cfg->cost || !cfg->max_devices ||
        !cfg->collections || !cfg->rds || cfg->id_bits < 14 || cfg->id_bits > 16 ||
        !cfg->dev_bits || cfg->dev_bits > 32)
        return -EINVAL;
    its = calloc(1, sizeof(*its));
    if (!its)
        return -ENOMEM;
    its->cfg = *cfg;
    its->dev = calloc(cfg->max_devices, sizeof(*its->dev));
    its->col = calloc(cfg->collections, sizeof(*its->col));
    its->vpe = calloc(cfg->vpes ? cfg->vpes : 1, sizeof(*its->vpe));
    if (!its->dev || !its->col || !its->vpe) {
        its_destroy(its);
        return -ENOMEM;
    }
    *out = its;
    return 0;
}

static void unlink_req(struct req *r)
{
    *r->pprev = r->next;
    if (r->next)
        r->next->pprev = r->pprev;
}

void its_destroy(struct its *its)
{
    if (!its)
        return;
    while (its->reqs) {
        struct req *r = its->reqs;

        unlink_req(r);
        free(r);
    }
    if (its->dev)
        for (unsigned i = 0; i < its->cfg.max_devices; i++)
            free(its->dev[i].itt);
    if (its->vpe)
        for (unsigned i = 0; i < its->cfg.vpes; i++)
            free(its->vpe[i].pend);
    free(its->dev);
    free(its->col);
    free(its->vpe);
    free(its);
}

uint64_t its_creadr(const struct its *its)
{
    return its->creadr;
}

unsigned its_last_error(const struct its *its)
{
    return its->last_error;
}

uint64_t its_syncs(const struct its *its)
{
    return its->syncs;
}

/* ---- commands --------------------------------------------------------------- */

/* The ITE of (@devid, @eventid) with the checks every device command makes;
 * 0 and *@out, or the cause. */
static unsigned find_ite(struct its *its, uint32_t devid, uint32_t eventid, struct ite **out)
{
    struct dte *d;

    if (devid >= its->cfg.max_devices || !its->dev[devid].valid)
        return ITS_ERRC_UNMAPPED_DEVICE;
    d = &its->dev[devid];
    if (d->size < 32 && eventid >= (UINT32_C(1) << d->size))
        return ITS_ERRC_ID_OOR;
    *out = &d->itt[eventid];
    return 0;
}

static unsigned cmd_mapd(struct its *its, const struct its_cmd *c)
{
    uint32_t devid = ITS_DW0_DEVID(c->dw[0]);
    unsigned bits = ITS_DW1_SIZE(c->dw[1]) + 1;
    struct dte *d;

    /* IHI 0069 5.3.8 MAPD */
    if ((its->cfg.dev_bits < 32 && devid >= (UINT32_C(1) << its->cfg.dev_bits)) ||
        devid >= its->cfg.max_devices)
        return ITS_ERRC_DEVICE_OOR;
    if (bits > its->cfg.id_bits)
        return ITS_ERRC_SIZE_OOR;
    d = &its->dev[devid];
    free(d->itt);
    memset(d, 0, sizeof(*d));
    if (!(c->dw[2] & ITS_DW2_V))
        return 0;
    d->itt = calloc((size_t)1 << bits, sizeof(*d->itt));
    if (!d->itt)
        return ITS_ERRC_SIZE_OOR;
    d->size = bits;
    d->valid = true;
    return 0;
}

static unsigned cmd_mapc(struct its *its, const struct its_cmd *c)
{
    uint32_t icid = ITS_DW2_ICID(c->dw[2]);
    uint32_t rd = ITS_DW2_RDBASE(c->dw[2]);

    /* IHI 0069 5.3.9 MAPC (GITS_TYPER.PTA = 0: RDbase is a processor number) */
    if (icid >= its->cfg.collections)
        return ITS_ERRC_COLLECTION_OOR;
    if (rd >= its->cfg.rds)
        return ITS_ERRC_SIZE_OOR;
    its->col[icid].valid = (c->dw[2] & ITS_DW2_V) != 0;
    its->col[icid].rd = rd;
    return 0;
}

static unsigned cmd_map_event(struct its *its, const struct its_cmd *c, unsigned op)
{
    uint32_t eventid = ITS_DW1_EVENTID(c->dw[1]);
    uint32_t icid = ITS_DW2_ICID(c->dw[2]);
    uint32_t intid = op == ITS_CMD_MAPI ? eventid : ITS_DW1_PINTID(c->dw[1]);
    struct ite *e;
    unsigned err = find_ite(its, ITS_DW0_DEVID(c->dw[0]), eventid, &e);

    /* IHI 0069 5.3.10 MAPTI, 5.3.11 MAPI */
    if (err)
        return err;
    if (icid >= its->cfg.collections)
        return ITS_ERRC_COLLECTION_OOR;
    if (intid < ITS_LPI_BASE || intid >= (UINT32_C(1) << its->cfg.id_bits))
        return ITS_ERRC_PHYSICALID_OOR;
    *e = (struct ite){ .valid = true, .virt = false, .intid = intid, .target = icid };
    return 0;
}

static unsigned cmd_movi(struct its *its, const struct its_cmd *c)
{
    uint32_t icid = ITS_DW2_ICID(c->dw[2]);
    struct ite *e;
    unsigned err = find_ite(its, ITS_DW0_DEVID(c->dw[0]), ITS_DW1_EVENTID(c->dw[1]), &e);

    /* IHI 0069 5.3.15 MOVI */
    if (err)
        return err;
    if (!e->valid || e->virt)
        return ITS_ERRC_UNMAPPED_INTERRUPT;
    if (icid >= its->cfg.collections)
        return ITS_ERRC_COLLECTION_OOR;
    if (!its->col[icid].valid)
        return ITS_ERRC_UNMAPPED_COLLECTION;
    e->target = icid;
    return 0;
}

static unsigned cmd_inv_discard(struct its *its, const struct its_cmd *c, unsigned op)
{
    struct ite *e;
    unsigned err = find_ite(its, ITS_DW0_DEVID(c->dw[0]), ITS_DW1_EVENTID(c->dw[1]), &e);

    /* IHI 0069 5.3.6 DISCARD, 5.3.7 INV (the LPI configuration table is not
     * modelled: INV only checks its operands) */
    if (err)
        return err;
    if (!e->valid)
        return ITS_ERRC_UNMAPPED_INTERRUPT;
    if (op == ITS_CMD_DISCARD)
        memset(e, 0, sizeof(*e));
    return 0;
}

static unsigned cmd_vmapp(struct its *its, const struct its_cmd *c)
{
    uint32_t vpeid = ITS_DW1_VPEID(c->dw[1]);
    uint32_t rd = ITS_DW2_RDBASE(c->dw[2]);
    struct vpe *v;

    /* IHI 0069 5.3.x VMAPP (GICv4.1 layout) */
    if (vpeid >= its->cfg.vpes)
        return ITS_ERRC_UNMAPPED_VPE;
    if (rd >= its->cfg.rds)
        return ITS_ERRC_SIZE_OOR;
    v = &its->vpe[vpeid];
    v->npend = 0;
    v->valid = (c->dw[2] & ITS_DW2_V) != 0;
    v->resident = false;
    v->rd = rd;
    v->vpt = c->dw[3] & ITS_DW3_VPT_MASK;
    v->vpt_size = ITS_DW3_VPTSIZE(c->dw[3]) + 1;
    v->db = ITS_DW1_DEFDB(c->dw[1]);
    return 0;
}

static unsigned cmd_vmapti(struct its *its, const struct its_cmd *c)
{
    uint32_t vpeid = ITS_DW1_VPEID(c->dw[1]);
    uint32_t vintid = ITS_DW2_VINTID(c->dw[2]);
    struct ite *e;
    unsigned err = find_ite(its, ITS_DW0_DEVID(c->dw[0]), ITS_DW1_EVENTID(c->dw[1]), &e);

    /* IHI 0069 5.3.x VMAPTI */
    if (err)
        return err;
    if (vpeid >= its->cfg.vpes || !its->vpe[vpeid].valid)
        return ITS_ERRC_UNMAPPED_VPE;
    if (vintid < ITS_LPI_BASE || vintid >= (UINT32_C(1) << its->vpe[vpeid].vpt_size))
        return ITS_ERRC_PHYSICALID_OOR;
    *e = (struct ite){ .valid = true, .virt = true, .intid = vintid, .target = vpeid };
    return 0;
}

static unsigned execute(struct its *its, const struct its_cmd *c)
{
    unsigned op = ITS_DW0_OP(c->dw[0]);

    switch (op) {
    case ITS_CMD_MAPD:
        return cmd_mapd(its, c);
    case ITS_CMD_MAPC:
        return cmd_mapc(its, c);
    case ITS_CMD_MAPTI:
    case ITS_CMD_MAPI:
        return cmd_map_event(its, c, op);
    case ITS_CMD_MOVI:
        return cmd_movi(its, c);
    case ITS_CMD_INV:
    case ITS_CMD_DISCARD:
        return cmd_inv_discard(its, c, op);
    case ITS_CMD_SYNC:
        /* commands run in order, so every earlier effect is visible */
        its->syncs++;
        return 0;
    case ITS_CMD_VMAPP:
        return cmd_vmapp(its, c);
    case ITS_CMD_VMAPTI:
        return cmd_vmapti(its, c);
    default:
        return 0xffu; /* a command the model does not implement */
    }
}

static void step_cmd(struct sim *sim, void *arg)
{
    struct its *its = arg;
    struct its_cmd c;
    unsigned cause;

    (void)sim;
    if (mem_read(its->cfg.mem, its->cbase + its->creadr, c.dw, sizeof(c.dw)))
        memset(&c, 0, sizeof(c));
    cause = execute(its, &c);
    if (cause) /* the command is ignored; the queue goes on */
        its->last_error = ITS_ERR(ITS_DW0_OP(c.dw[0]), cause);
    its->creadr = (its->creadr + ITS_CMD_SIZE) % its->csize;
    if (its->creadr != its->cwriter &&
        sim_schedule_in(its->cfg.sim, cost_ps(its->cfg.cost, COST_ITS_CMD), ITS_PRIO, step_cmd,
                        its, NULL) == 0)
        return;
    its->busy = false;
}

int its_set_cbaser(struct its *its, uint64_t base, unsigned pages)
{
    if ((base & 0xfffu) || !pages || pages > 256)
        return -EINVAL;
    its->cbase = base;
    its->csize = (uint64_t)pages * 4096u;
    its->creadr = its->cwriter = 0;
    return 0;
}

int its_set_cwriter(struct its *its, uint64_t off)
{
    if (!its->csize || (off % ITS_CMD_SIZE) || off >= its->csize)
        return -EINVAL;
    its->cwriter = off;
    if (its->busy || its->creadr == its->cwriter)
        return 0;
    if (sim_schedule_in(its->cfg.sim, cost_ps(its->cfg.cost, COST_ITS_CMD), ITS_PRIO, step_cmd,
                        its, NULL))
        return -ENOMEM;
    its->busy = true;
    return 0;
}

/* ---- translation ------------------------------------------------------------ */

static void complete(struct req *r)
{
    struct its *its = r->its;

    r->res.tag = r->w.tag;
    if (r->res.outcome == ITS_OUT_ERROR)
        evidence_fault(&its->cfg.evidence, &r->w.tag, EVIDENCE_FAULT_IR, r->res.error);
    if (its->cfg.on_result)
        its->cfg.on_result(its->cfg.result_ctx, &r->res);
    unlink_req(r);
    free(r);
}

static void step_deliver(struct sim *sim, void *arg)
{
    struct req *r = arg;
    const struct its_rd_sink *s = &r->its->cfg.rd;

    (void)sim;
    if (r->res.outcome == ITS_OUT_VLPI) {
        if (s->vlpi)
            s->vlpi(s->ctx, r->res.rd, r->res.vpeid, r->res.intid, &r->w.tag);
    } else if (r->res.outcome == ITS_OUT_DOORBELL) {
        /* the doorbell is the ITS's own LPI: the raise stays with the vLPI
         * pending in the VPT, delivered when the vPE is scheduled */
        struct irq_tag none = { 0 };

        if (s->lpi)
            s->lpi(s->ctx, r->res.rd, r->res.intid, &none);
    } else if (s->lpi) {
        s->lpi(s->ctx, r->res.rd, r->res.intid, &r->w.tag);
    }
    complete(r);
}

/* Set vINTID @vintid pending in @v's VPT (1 bit per INTID). */
static int vpt_set(struct its *its, struct vpe *v, uint32_t vintid, const struct irq_tag *tag)
{
    uint64_t at = v->vpt + vintid / 8u;
    uint8_t b;

    if (mem_read(its->cfg.mem, at, &b, 1))
        return -EFAULT;
    b = (uint8_t)(b | 1u << (vintid % 8u));
    if (mem_write(its->cfg.mem, at, &b, 1))
        return -EFAULT;
    if (v->npend == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 8;
        struct pend *p = realloc(v->pend, cap * sizeof(*p));

        if (!p)
            return -ENOMEM;
        v->pend = p;
        v->cap = cap;
    }
    v->pend[v->npend++] = (struct pend){ .vintid = vintid, .tag = *tag };
    return 0;
}

static void step_translate(struct sim *sim, void *arg)
{
    struct req *r = arg;
    struct its *its = r->its;
    struct ite *e;
    unsigned cause;

    (void)sim;
    /* IHI 0069 5.2: DeviceID from the requester ID, EventID = the data;
     * the checks are those of INT (5.3.4) */
    cause = find_ite(its, r->res.devid, r->res.eventid, &e);
    if (!cause && !e->valid)
        cause = ITS_ERRC_UNMAPPED_INTERRUPT;
    if (!cause && !e->virt && !its->col[e->target].valid)
        cause = ITS_ERRC_UNMAPPED_COLLECTION;
    if (!cause && e->virt && !its->vpe[e->target].valid)
        cause = ITS_ERRC_UNMAPPED_VPE;
    if (cause) {
        r->res.outcome = ITS_OUT_ERROR;
        r->res.error = ITS_ERR(ITS_CMD_INT, cause);
        complete(r);
        return;
    }
    r->res.intid = e->intid;
    if (!e->virt) {
        r->res.outcome = ITS_OUT_LPI;
        r->res.rd = its->col[e->target].rd;
    } else {
        struct vpe *v = &its->vpe[e->target];

        /* GICv4.1: direct injection to a resident vPE; else pending in its
         * VPT with the vPE's default doorbell */
        r->res.rd = v->rd;
        r->res.vpeid = e->target;
        if (v->resident) {
            r->res.outcome = ITS_OUT_VLPI;
        } else if (vpt_set(its, v, e->intid, &r->w.tag)) {
            r->res.outcome = ITS_OUT_ERROR;
            r->res.error = ITS_ERR(ITS_CMD_INT, ITS_ERRC_UNMAPPED_VPE);
            complete(r);
            return;
        } else if (v->db != ITS_NO_DOORBELL) {
            r->res.outcome = ITS_OUT_DOORBELL;
            r->res.intid = v->db;
        } else {
            r->res.outcome = ITS_OUT_VPENDING;
            complete(r);
            return;
        }
    }
    if (sim_schedule_in(its->cfg.sim, cost_ps(its->cfg.cost, COST_GIC_DELIVER), ITS_PRIO,
                        step_deliver, r, NULL))
        complete(r);
}

struct flush {
    struct its *its;
    uint32_t vpeid;
};

static void step_flush(struct sim *sim, void *arg)
{
    struct flush *f = arg;
    struct its *its = f->its;
    struct vpe *v = &its->vpe[f->vpeid];
    uint32_t n = UINT32_C(1) << v->vpt_size;

    (void)sim;
    for (uint32_t id = ITS_LPI_BASE; v->resident && id < n; id++) {
        uint64_t at = v->vpt + id / 8u;
        uint8_t b;
        bool first = true;

        if (mem_read(its->cfg.mem, at, &b, 1) || !(b & (1u << (id % 8u))))
            continue;
        b = (uint8_t)(b & ~(1u << (id % 8u)));
        (void)mem_write(its->cfg.mem, at, &b, 1);
        for (size_t i = 0; i < v->npend; i++) {
            if (v->pend[i].vintid != id)
                continue;
            if (first && its->cfg.rd.vlpi)
                its->cfg.rd.vlpi(its->cfg.rd.ctx, v->rd, f->vpeid, id, &v->pend[i].tag);
            else if (!first)
                evidence_coalesced(&its->cfg.evidence, &v->pend[i].tag);
            first = false;
            v->pend[i--] = v->pend[--v->npend];
        }
        if (first && its->cfg.rd.vlpi) { /* set by software, no raise behind it */
            struct irq_tag none = { 0 };

            its->cfg.rd.vlpi(its->cfg.rd.ctx, v->rd, f->vpeid, id, &none);
        }
    }
    free(f);
}

int its_vpe_schedule(struct its *its, uint32_t vpeid, bool resident)
{
    struct flush *f;

    if (vpeid >= its->cfg.vpes || !its->vpe[vpeid].valid)
        return -EINVAL;
    its->vpe[vpeid].resident = resident;
    if (!resident)
        return 0;
    f = malloc(sizeof(*f));
    if (!f)
        return -ENOMEM;
    *f = (struct flush){ .its = its, .vpeid = vpeid };
    if (sim_schedule_in(its->cfg.sim, cost_ps(its->cfg.cost, COST_GIC_DELIVER), ITS_PRIO,
                        step_flush, f, NULL)) {
        free(f);
        return -ENOMEM;
    }
    return 0;
}

void its_write(struct its *its, const struct pcie_write *w)
{
    struct req *r = calloc(1, sizeof(*r));

    if (!r)
        return;
    r->its = its;
    r->w = *w;
    r->res.devid = w->rid;
    r->res.eventid = w->data;
    r->next = its->reqs;
    if (its->reqs)
        its->reqs->pprev = &r->next;
    r->pprev = &its->reqs;
    its->reqs = r;
    if (w->addr != its->cfg.base + ITS_TRANSLATER_OFF || w->len != 4) {
        r->res.outcome = ITS_OUT_NOT_ITS;
        complete(r);
        return;
    }
    if (sim_schedule_in(its->cfg.sim, cost_ps(its->cfg.cost, COST_ITS_TRANSLATE), ITS_PRIO,
                        step_translate, r, NULL))
        complete(r);
}

static void sink_write(void *ctx, const struct pcie_write *w)
{
    its_write(ctx, w);
}

struct pcie_sink its_sink(struct its *its)
{
    return (struct pcie_sink){ .write = sink_write, .ctx = its };
}
