/* SPDX-License-Identifier: MIT */
/*
 * guest.c - the guest kernel stub: drivers for idxd, mlx5 and plain MSI-X
 * functions, IRQ domains composing pairs through their parent, and the
 * interrupt handler whose entries are the evidence.
 *
 * Every device access goes through the VMM (vmm_guest_mmio_*), so a trap
 * or a mapping applies; every pair a parent composes comes from the parent
 * (compatibility format, a vIRTE, a hypercall, the host IR domain).  The
 * driver programs one sequence at a time per device interface.
 */
#include "models/guest/guest.h"
#include "models/guest/guest_internal.h"
#include "models/guest/discover.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "models/drv/drv.h"
#include "models/iommu/irte.h"
#include "models/iommu/msi.h"
#include "models/siov/mlx5_layout.h"
#include "models/trace-events.h"

/* ---- small helpers ------------------------------------------------------------ */

static bool bare(const struct guest *g)
{
    return guest__bare(g);
}

static uint32_t vm_trace_id(const struct guest *g)
{
    return guest__vm_trace_id(g);
}

/* (@cpu, @cpus) holds CPU @n: @cpu alone when @cpus is 0, else the set */
static bool in_set(unsigned cpu, uint32_t cpus, unsigned n)
{
    return cpus ? n < 32 && ((cpus >> n) & 1u) : n == cpu;
}

/*
 * The x86 vector domain of the guest: vectors from 0x41 per CPU.  A
 * lowest-priority set (@cpus not 0) gets one vector free on every member
 * and holds it on all of them, since the platform may deliver it to any
 * (flat logical mode: one vector for the whole destination mask;
 * GUEST-AFF-SET-01).
 */
static int vec_alloc(struct guest *g, unsigned cpu, uint32_t cpus, uint8_t *out)
{
    unsigned lo = cpus ? 0 : cpu, hi = cpus ? 8 : cpu + 1;

    if (cpus ? cpus >> 8 != 0 : cpu >= GUEST_MAX_CPUS)
        return -EINVAL;
    for (unsigned v = GUEST_VEC_FIRST; v <= GUEST_VEC_LAST; v++) {
        uint64_t bit = UINT64_C(1) << (v % 64);
        bool taken = false;

        for (unsigned n = lo; n < hi; n++)
            if (in_set(cpu, cpus, n) && (g->vecmap[n][v / 64] & bit))
                taken = true;
        if (taken)
            continue;
        for (unsigned n = lo; n < hi; n++)
            if (in_set(cpu, cpus, n))
                g->vecmap[n][v / 64] |= bit;
        *out = (uint8_t)v;
        return 0;
    }
    return -ENOSPC;
}

void guest__vec_free(struct guest *g, unsigned cpu, uint32_t cpus, uint8_t v)
{
    unsigned lo = cpus ? 0 : cpu, hi = cpus ? 8 : cpu + 1;

    for (unsigned n = lo; n < hi && n < GUEST_MAX_CPUS; n++)
        if (in_set(cpu, cpus, n))
            g->vecmap[n][v / 64] &= ~(UINT64_C(1) << (v % 64));
}

/* ---- device programming ------------------------------------------------------- */

/* The guest CPU's port: every device access goes through the VMM (its trap
 * map decides what exits); memory is named by guest-physical address. */
static int port_write32(void *ctx, unsigned space, uint64_t off, uint32_t val,
                        seq_done_fn done, void *arg)
{
    struct gdrv *d = ctx;

    return vmm_guest_mmio_write(d->vd, d->vcpu0, (enum vdev_region)space, off, 4, val,
                                done, arg);
}

static int port_read32(void *ctx, unsigned space, uint64_t off, uint64_t *val,
                       seq_done_fn done, void *arg)
{
    struct gdrv *d = ctx;

    return vmm_guest_mmio_read(d->vd, d->vcpu0, (enum vdev_region)space, off, 4, val,
                               done, arg);
}

static uint64_t port_mem_addr(void *ctx, uint64_t gpa)
{
    struct gdrv *d = ctx;

    return vmm_guest_mem(d->g->vm, gpa);
}

static const struct seq_port_ops guest_port_ops = {
    .write32 = port_write32,
    .read32 = port_read32,
    .mem_addr = port_mem_addr,
};

/*
 * The driver of the bank it programs (models/drv), on the guest's port:
 * mlx5 commands on the ADI's channel with a mailbox in guest memory, whose
 * address the channel is given once.
 */
static void drv_setup(struct gdrv *d)
{
    struct guest *g = d->g;
    struct drv_mlx5_cfg c = {
        .chan = SIOV_MLX5_CHAN_ADI(d->adi), .mbox = d->mbox_gpa,
        /* the device fetches the mailbox by DMA: the address it must use for
         * guest memory (vmm_guest_mem; DMA remapping is not modelled) */
        .mbox_dma = vmm_guest_mem(g->vm, d->mbox_gpa), .token = MBOX_TOKEN,
    };

    seq_port_init(&d->port, &guest_port_ops, d, &g->pool, g->cfg.mem, false);
    drv_init(&d->drv, d->bank == SIOV_BANK_IMS ? drv_ims_ops(d->kind) : &drv_msix_ops,
             &d->port, d->pasid, &c);
}

/*
 * Program interrupt @v's pair the device's way.  @first: the entry is new
 * (mlx5: CREATE_EQ, armed unless masked, rather than MODIFY_EQ).  Linux's
 * irqchips mask a table entry around the update; the IDXD IMS one flushes
 * the writes with a read before it unmasks.
 */
static void program_how(struct gdrv *d, struct seq *s, struct gvec *v,
                        bool first, bool mask_around)
{
    struct drv_update how = {
        .mask_around = mask_around,
        .flush = d->bank == SIOV_BANK_IMS && d->kind == SIOV_KIND_IDXD,
        .exists = !first,
        .after = v->masked ? DRV_AFTER_NONE : DRV_AFTER_RESTORE,
    };

    drv_update(&d->drv, s, v->ventry, &v->pair, &how);
}

void guest__program(struct gdrv *d, struct seq *s, struct gvec *v, bool first)
{
    program_how(d, s, v, first, true);
}

/* ---- parents: composing a pair ------------------------------------------------- */

/*
 * One composition (at activation or at an affinity change): the parent
 * gives interrupt @v a pair for (@cpu, a vector), or for the
 * lowest-priority set @cpus when not 0.  The result lands in ->cpu,
 * ->cpus, ->vector, ->pair (and ->cookie, ->virte).
 */
struct compose {
    struct gdrv *d;
    struct gvec *v;
    unsigned cpu;
    uint32_t cpus;
    uint8_t vector;
    bool retarget;
    struct hc_req req;
    struct hc_resp resp;
    struct msi_msg pair;
    uint64_t cookie;
    seq_done_fn fn;
    void *arg;
};

static void compose_end(void *arg, int status)
{
    struct compose *c = arg;
    struct gdrv *d = c->d;
    struct guest *g = d->g;
    struct gvec *v = c->v;
    seq_done_fn fn = c->fn;
    void *fa = c->arg;

    if (!status) {
        /* a move takes effect for the driver when it is complete
         * (move_end): until then it still wants the old target */
        if (c->retarget) {
            v->has_next = true;
            v->next_cpu = c->cpu;
            v->next_cpus = c->cpus;
            v->next_vector = c->vector;
        } else {
            v->cpu = c->cpu;
            v->cpus = c->cpus;
            v->vector = c->vector;
        }
        v->pair = c->pair;
        v->cookie = c->cookie;
        SIM_TRACE(g->cfg.sim, TP_GUEST_PAIR, vm_trace_id(g), d->devi, d->adi,
                  v->ventry, c->cpu, c->vector,
                  (uint64_t)v->pair.addr_hi << 32 | v->pair.addr_lo, v->pair.data);
    } else if (!bare(g) && c->vector) {
        guest__vec_free(g, c->cpu, c->cpus, c->vector);
    }
    seq_pool_free(&g->pool, c);
    fn(fa, status);
}

static void hc_done(void *arg, int status)
{
    struct compose *c = arg;

    if (!status)
        status = c->resp.status;
    if (!status && !c->retarget) {
        c->pair.addr_lo = (uint32_t)c->resp.addr;
        c->pair.addr_hi = (uint32_t)(c->resp.addr >> 32);
        c->pair.data = c->resp.data;
        c->cookie = c->resp.cookie;
    }
    compose_end(c, status);
}

static void vir_done(void *arg, int status)
{
    compose_end(arg, status);
}

static void bare_done(void *arg, int status)
{
    compose_end(arg, status);
}

/* Write vIRTE @idx of the guest's vIOMMU: remapped, (@cpu, @vector). */
static int virte_write(struct gdrv *d, uint32_t idx, unsigned cpu, uint8_t vector)
{
    struct guest *g = d->g;
    struct irte_remapped f = {
        .present = true, .dlm = APIC_DLM_FIXED, .vector = vector,
        .dst = cpu,   /* the guest's x2APIC ID: its vCPU index */
        .sid = siov_rid(d->dev), .sq = IRTE_SQ_ALL_16, .svt = IRTE_SVT_SID_SQ,
    };
    struct irte e;
    uint64_t hpa = vmm_guest_mem(g->vm, VMM_VIR_IRT_GPA + 16u * idx);
    int rc = irte_encode_remapped(&f, &e);

    if (!rc)
        rc = mem_write64(g->cfg.mem, hpa, e.lo);
    if (!rc)
        rc = mem_write64(g->cfg.mem, hpa + 8, e.hi);
    return rc;
}

static void compose(struct gdrv *d, struct gvec *v, unsigned cpu, uint32_t cpus,
                    bool retarget, seq_done_fn fn, void *arg)
{
    struct guest *g = d->g;
    struct compose *c = seq_pool_alloc(&g->pool, sizeof(*c));
    int rc = 0;

    if (!c) {
        fn(arg, -ENOMEM);
        return;
    }
    *c = (struct compose){ .d = d, .v = v, .cpu = cpu, .cpus = cpus,
                           .retarget = retarget,
                           .pair = v->pair, .cookie = v->cookie, .fn = fn,
                           .arg = arg };
    if (cpus && (bare(g) || d->info.parent != GUEST_PARENT_VECTOR)) {
        /* a set is composed only by the vector domain itself (a pair the
         * device carries as it is: the trap path) */
        compose_end(c, -ENOTSUP);
        return;
    }
    if (bare(g)) {
        /* the host kernel: its vector domain and IR domain are the VMM's
         * host services (vmm.h, personality bare) */
        uint64_t addr = 0;

        if (!retarget) {
            rc = vmm_host_pair(d->vd, cpu, &c->vector, &addr, &c->pair.data,
                               &c->cookie);
            c->pair.addr_lo = (uint32_t)addr;
            c->pair.addr_hi = (uint32_t)(addr >> 32);
            if (!rc)
                seq_call_later(&g->pool, 0, bare_done, c, 0);
        } else {
            rc = vmm_host_retarget(d->vd, v->cookie, cpu, &c->vector, &addr,
                                   &c->pair.data, bare_done, c);
            c->pair.addr_lo = (uint32_t)addr;
            c->pair.addr_hi = (uint32_t)(addr >> 32);
        }
        if (rc)
            compose_end(c, rc);
        return;
    }
    rc = vec_alloc(g, cpu, cpus, &c->vector);
    if (rc) {
        compose_end(c, rc);
        return;
    }
    switch (d->info.parent) {
    case GUEST_PARENT_VECTOR:
    case GUEST_PARENT_IR: {
        /* x86_vector_msi_compose_msg: compatibility format, physical
         * destination = the guest APIC ID, fixed, edge */
        struct msi_compat m = { .dest = cpu, .vector = c->vector,
                                .dlm = APIC_DLM_FIXED };

        /* a set: flat logical destination (bit n: vCPU n), lowest
         * priority, as Linux composed for a multi-CPU mask in flat mode */
        if (cpus) {
            m.dest = cpus;
            m.dest_logical = true;
            m.dlm = APIC_DLM_LOWPRI;
        }

        rc = msi_compat_encode(&m, &c->pair);
        if (!rc)
            seq_call_later(&g->pool, 0, vir_done, c, 0);
        break;
    }
    case GUEST_PARENT_VIR: {
        uint32_t idx;

        if (v->virte < 0) {
            if (g->vir_next >= VMM_VIR_IRT_ENTRIES) {
                rc = -ENOSPC;
                break;
            }
            v->virte = (int)g->vir_next++;
        }
        idx = (uint32_t)v->virte;
        rc = virte_write(d, idx, cpu, c->vector);
        if (!rc) {
            struct msi_remap r = { .handle = (uint16_t)idx, .shv = true };

            msi_remap_encode(&r, &c->pair);
            rc = vmm_guest_vir_invalidate(g->vm, d->vcpu0, idx, vir_done, c);
        }
        break;
    }
    case GUEST_PARENT_PV:
    case GUEST_PARENT_HV_VPCI:
        c->req = (struct hc_req){
            .op = retarget ? HC_PAIR_RETARGET : HC_PAIR_ALLOC,
            .kind = d->bank == SIOV_BANK_IMS ? HC_KIND_IMS : HC_KIND_MSIX,
            .dev = siov_rid(d->dev), .vcpu = cpu, .vector = c->vector,
            .cookie = v->cookie,
        };
        rc = vmm_hypercall(d->vd, d->vcpu0, &c->req, &c->resp, hc_done, c);
        break;
    }
    if (rc)
        compose_end(c, rc);
}

/* ---- probe ------------------------------------------------------------------------ */

static void setup_next(struct gdrv *d);

static void probe_finish(struct gdrv *d)
{
    struct guest *g = d->g;
    uint32_t *ent = calloc(d->nvec ? d->nvec : 1, sizeof(*ent));
    enum siov_bank hb = d->bank;
    uint32_t n = 0;
    int rc = 0;

    if (!ent) {
        rc = -ENOMEM;
    } else {
        for (unsigned i = 0; i < d->nvec; i++) {
            if (!d->v[i].ok)
                continue;
            hb = d->v[i].hbank;
            ent[n++] = d->v[i].handle;
        }
        /* the driver names its interrupts in its descriptors: the ADI's
         * completions use these entries, round robin */
        if (n)
            rc = siov_adi_bind(d->dev, d->adi, hb, ent, n);
        SIM_TRACE(g->cfg.sim, TP_GUEST_BIND, vm_trace_id(g), d->devi, d->adi, hb, n,
                  n ? ent[0] : 0);
    }
    free(ent);
    if (!rc && d->info.setup_errors)
        rc = -EIO;
    if (d->done)
        d->done(d->ctx, rc);
}

static void vec_programmed(void *arg, int status)
{
    struct gdrv *d = arg;
    struct gvec *v = &d->v[d->cur];

    if (!status)
        status = vmm_vdev_int_handle(d->vd, d->bank, v->ventry, &v->hbank, &v->handle);
    if (status) {
        d->info.setup_errors++;
        SIM_TRACE(d->g->cfg.sim, TP_GUEST_SETUP_ERR, vm_trace_id(d->g), d->devi, d->adi,
                  v->ventry, (uint64_t)-status);
    } else {
        v->ok = true;
    }
    d->cur++;
    setup_next(d);
}

static void vec_composed(void *arg, int status)
{
    struct gdrv *d = arg;
    struct gvec *v = &d->v[d->cur];
    struct seq *s;

    if (status) {
        vec_programmed(d, status);
        return;
    }
    s = seq_new(&d->port);
    if (!s) {
        vec_programmed(d, -ENOMEM);
        return;
    }
    guest__program(d, s, v, true);
    seq_submit(s, vec_programmed, d);
}

static void setup_next(struct gdrv *d)
{
    if (d->cur >= d->nvec) {
        probe_finish(d);
        return;
    }
    compose(d, &d->v[d->cur], d->vcpu0, 0, false, vec_composed, d);
}

static void probe_start(void *arg, int status)
{
    struct gdrv *d = arg;

    if (status) {
        d->info.setup_errors = d->nvec;
        if (d->done)
            d->done(d->ctx, status);
        return;
    }
    setup_next(d);
}

int guest_attach(struct guest *g, struct vdev *vd, unsigned nvec, unsigned vcpu,
                 seq_done_fn done, void *ctx)
{
    struct gdrv *d, **nd;
    uint32_t first = 0, room = 0;
    int rc;

    if (!g || !vd || !g->vm || !nvec || vcpu >= vmm_vm_nvcpu(g->vm))
        return -EINVAL;
    nd = realloc(g->drv, (g->ndrv + 1) * sizeof(*nd));
    if (!nd)
        return -ENOMEM;
    g->drv = nd;
    d = calloc(1, sizeof(*d));
    if (!d)
        return -ENOMEM;
    d->v = calloc(nvec, sizeof(*d->v));
    if (!d->v) {
        free(d);
        return -ENOMEM;
    }
    g->drv[g->ndrv] = d;
    d->index = g->ndrv++;
    d->g = g;
    d->vd = vd;
    d->dev = vmm_vdev_dev(vd);
    d->devi = siov_index(d->dev);
    d->adi = vmm_vdev_adi(vd);
    d->kind = siov_kind_of(d->dev);
    d->vcpu0 = vcpu;
    d->nvec = nvec;
    d->done = done;
    d->ctx = ctx;
    d->mbox_gpa = MBOX_GPA + MBOX_STRIDE * d->index;
    (void)siov_adi_pasid(d->dev, d->adi, &d->pasid);

    /* what the driver can observe: config space (DVSEC); and what the
     * kernel read of its platform at boot, once: CPUID, the IOMMU */
    vmm_guest_view(vd, &d->view);
    if (!g->booted) {
        guest_discover(g->vm, &g->plat);
        g->booted = true;
    }
    guest_view_decide(&g->plat, &d->view);
    d->info.ims_rc = -EOPNOTSUPP;
    if (d->kind == SIOV_KIND_MSIX || d->view.own_function) {
        /* a plain MSI-X function: its driver never asks for IMS */
        d->bank = SIOV_BANK_MSIX;
        d->info.parent = guest_msi_parent(g->cfg.policy, &d->view);
    } else {
        bool relies = false;
        enum guest_parent parent = GUEST_PARENT_VECTOR;

        d->info.ims_rc = guest_ims_parent(g->cfg.policy, &d->view, &parent, &relies);
        if (d->info.ims_rc == 0) {
            d->bank = SIOV_BANK_IMS;
            d->info.ims_used = true;
            d->info.relied_on_cap = relies;
            d->info.parent = parent;
        } else {
            /* pci_create_ims_domain() refused: fall back to MSI-X */
            d->bank = SIOV_BANK_MSIX;
            d->info.fallback = true;
            d->info.parent = guest_msi_parent(g->cfg.policy, &d->view);
        }
    }
    if (d->bank == SIOV_BANK_IMS) {
        uint32_t n = siov_entry_count(d->dev, SIOV_BANK_IMS);

        room = n / siov_n_adi(d->dev);
        first = d->adi * room;
    } else {
        room = d->view.msix_size;
        if (!d->view.own_function) {
            first = d->adi * nvec;
            room = first < room ? room - first : 0;
        }
    }
    for (unsigned i = 0; i < nvec; i++) {
        d->v[i].ventry = first + i;
        d->v[i].virte = -1;
    }
    drv_setup(d);
    SIM_TRACE(g->cfg.sim, TP_GUEST_PROBE, vm_trace_id(g), d->devi, d->adi,
              d->info.ims_used, d->info.parent, (uint64_t)(uint32_t)d->info.ims_rc,
              d->info.relied_on_cap);
    rc = nvec > room ? -ENOSPC : 0;
    seq_call_later(&g->pool, 0, probe_start, d, rc);
    return 0;
}

int guest_attach_info(const struct guest *g, const struct vdev *vd,
                      struct guest_attach_info *out)
{
    for (unsigned i = 0; i < g->ndrv; i++) {
        if (g->drv[i]->vd == vd) {
            *out = g->drv[i]->info;
            return 0;
        }
    }
    return -ENOENT;
}

/* ---- affinity and mask ------------------------------------------------------------- */

/* Fan-out of one request over several interrupts; @done when all finished. */
struct multi {
    struct guest *g;
    unsigned left;
    int status;
    seq_done_fn done;
    void *ctx;
};

static void multi_one(struct multi *m, int status)
{
    if (status && !m->status)
        m->status = status;
    if (--m->left)
        return;
    if (m->done)
        m->done(m->ctx, m->status);
    seq_pool_free(&m->g->pool, m);
}

struct move {
    struct multi *m;
    struct gdrv *d;
    struct gvec *v;
    bool live;                /* guest_rewrite() with rewrite live: the
                               * entry stays unmasked during the writes */
};

static void move_end(void *arg, int status)
{
    struct move *mv = arg;
    struct gdrv *d = mv->d;
    struct guest *g = d->g;
    struct gvec *v = mv->v;
    struct multi *m = mv->m;

    if (!status && v->has_next) {
        if (v->has_prev && !bare(g))
            guest__vec_free(g, v->prev_cpu, v->prev_cpus, v->prev_vector);
        v->has_prev = true;
        v->prev_cpu = v->cpu;
        v->prev_cpus = v->cpus;
        v->prev_vector = v->vector;
        v->cpu = v->next_cpu;
        v->cpus = v->next_cpus;
        v->vector = v->next_vector;
        v->has_next = false;
        SIM_TRACE(g->cfg.sim, TP_GUEST_AFFINITY, vm_trace_id(g), d->devi, v->handle,
                  v->cpu, v->vector);
        evidence_retarget(&g->cfg.evidence, g->cfg.vm_index,
                          &(struct irq_tag){ 0, d->devi, d->adi, v->handle },
                          v->cpu, v->cpus, v->vector);
    } else if (v->has_next) {
        if (!bare(g))
            guest__vec_free(g, v->next_cpu, v->next_cpus, v->next_vector);
        v->has_next = false;
    }
    seq_pool_free(&g->pool, mv);
    multi_one(m, status);
}

static void move_composed(void *arg, int status)
{
    struct move *mv = arg;
    struct gdrv *d = mv->d;
    struct seq *s;

    /* only a vector-domain pair changes: write it to the device (also on
     * bare metal with remapping off, where the host's pair is a
     * compatibility one); vIR, PV and IR parents moved the interrupt
     * behind an unchanged pair */
    if (status || d->info.parent != GUEST_PARENT_VECTOR) {
        move_end(mv, status);
        return;
    }
    s = seq_new(&d->port);
    if (!s) {
        move_end(mv, -ENOMEM);
        return;
    }
    program_how(d, s, mv->v, false, !mv->live);
    seq_submit(s, move_end, mv);
}

static struct gdrv *drv_of(const struct guest *g, const struct vdev *vd)
{
    for (unsigned i = 0; i < g->ndrv; i++)
        if (g->drv[i]->vd == vd)
            return g->drv[i];
    return NULL;
}

/* Interrupt @v is one that device entry @entry (or %GUEST_ENTRY_ALL) names. */
static bool names(const struct gvec *v, uint32_t entry)
{
    return v->ok && (entry == GUEST_ENTRY_ALL || v->handle == entry);
}

/* The driver of @vd and a fan-out over the interrupts @entry names. */
static int multi_new(struct guest *g, const struct vdev *vd, uint32_t entry,
                     seq_done_fn done, void *ctx, struct gdrv **dp,
                     struct multi **mp)
{
    struct gdrv *d = drv_of(g, vd);
    struct multi *m;
    unsigned n = 0;

    if (!d)
        return -ENOENT;
    for (unsigned i = 0; i < d->nvec; i++)
        if (names(&d->v[i], entry))
            n++;
    if (!n)
        return -ENOENT;
    m = seq_pool_alloc(&g->pool, sizeof(*m));
    if (!m)
        return -ENOENT;
    *m = (struct multi){ g, n, 0, done, ctx };
    *dp = d;
    *mp = m;
    return 0;
}

static int move_all(struct guest *g, struct vdev *vd, uint32_t entry,
                    unsigned vcpu, uint32_t cpus, bool live, seq_done_fn done,
                    void *ctx)
{
    struct gdrv *d;
    struct multi *m;

    if (!g || !vd || !g->vm || vcpu >= vmm_vm_nvcpu(g->vm))
        return -EINVAL;
    if (cpus && (cpus >> 8 || cpus >> vmm_vm_nvcpu(g->vm) ||
                 !((cpus >> vcpu) & 1u)))
        return -EINVAL;
    if (multi_new(g, vd, entry, done, ctx, &d, &m))
        return -ENOENT;
    for (unsigned i = 0; i < d->nvec; i++) {
        struct gvec *v = &d->v[i];
        struct move *mv;

        if (!names(v, entry))
            continue;
        mv = seq_pool_alloc(&g->pool, sizeof(*mv));
        if (!mv) {
            multi_one(m, -ENOMEM);
            continue;
        }
        *mv = (struct move){ m, d, v, live };
        compose(d, v, vcpu, cpus, true, move_composed, mv);
    }
    return 0;
}

int guest_set_affinity(struct guest *g, struct vdev *vd, uint32_t entry,
                       unsigned vcpu, seq_done_fn done, void *ctx)
{
    return move_all(g, vd, entry, vcpu, 0, false, done, ctx);
}

int guest_set_affinity_lowest(struct guest *g, struct vdev *vd, uint32_t entry,
                              uint32_t cpus, seq_done_fn done, void *ctx)
{
    unsigned first = 0;

    if (!cpus)
        return -EINVAL;
    while (!((cpus >> first) & 1u))
        first++;
    return move_all(g, vd, entry, first, cpus, false, done, ctx);
}

int guest_rewrite(struct guest *g, struct vdev *vd, uint32_t entry,
                  unsigned vcpu, seq_done_fn done, void *ctx)
{
    /* GUEST-REWRITE-01: addr_lo, addr_hi, data, in that order (Linux
     * __pci_write_msi_msg); masked around only with rewrite masked */
    return move_all(g, vd, entry, vcpu, 0,
                    g && g->cfg.rewrite == GUEST_REWRITE_LIVE, done, ctx);
}

struct maskop {
    struct multi *m;
};

static void mask_end(void *arg, int status)
{
    struct maskop *mo = arg;
    struct multi *m = mo->m;

    seq_pool_free(&m->g->pool, mo);
    multi_one(m, status);
}

int guest_mask(struct guest *g, struct vdev *vd, uint32_t entry, bool masked,
               seq_done_fn done, void *ctx)
{
    struct gdrv *d;
    struct multi *m;

    if (!g || !vd)
        return -EINVAL;
    if (multi_new(g, vd, entry, done, ctx, &d, &m))
        return -ENOENT;
    for (unsigned i = 0; i < d->nvec; i++) {
        struct gvec *v = &d->v[i];
        struct maskop *mo;
        struct seq *s;

        if (!names(v, entry))
            continue;
        mo = seq_pool_alloc(&g->pool, sizeof(*mo));
        s = seq_new(&d->port);
        if (!mo || !s) {
            seq_pool_free(&g->pool, mo);
            seq_discard(s);
            multi_one(m, -ENOMEM);
            continue;
        }
        mo->m = m;
        v->masked = masked;
        SIM_TRACE(g->cfg.sim, TP_GUEST_MASK, vm_trace_id(g), d->devi, v->handle, masked);
        drv_mask(&d->drv, s, v->ventry, masked);
        seq_submit(s, mask_end, mo);
    }
    return 0;
}

/* ---- the handler ------------------------------------------------------------------- */

void guest_deliver(void *ctx, uint32_t vcpu, uint8_t vector,
                   const struct irq_tag *tags, size_t n)
{
    struct guest *g = ctx;
    struct irq_tag believed = { 0 };
    bool owned = false;

    /* the driver's own table: which of its IRQs has this (CPU, vector);
     * during a move the old one still counts (Linux's irq_move cleanup) */
    for (unsigned i = 0; i < g->ndrv && !owned; i++) {
        struct gdrv *d = g->drv[i];

        for (unsigned k = 0; k < d->nvec; k++) {
            const struct gvec *v = &d->v[k];

            if (!v->ok && !v->vector)
                continue;
            if ((in_set(v->cpu, v->cpus, vcpu) && v->vector == vector) ||
                (v->has_prev && in_set(v->prev_cpu, v->prev_cpus, vcpu) &&
                 v->prev_vector == vector) ||
                (v->has_next && in_set(v->next_cpu, v->next_cpus, vcpu) &&
                 v->next_vector == vector)) {
                believed = (struct irq_tag){ 0, d->devi, d->adi, v->handle };
                owned = true;
                break;
            }
        }
    }
    SIM_TRACE(g->cfg.sim, TP_GUEST_HANDLER, vm_trace_id(g), vcpu, vector, owned,
              believed.entry, n);
    evidence_handler(&g->cfg.evidence, g->cfg.vm_index, vcpu, vector,
                     owned ? &believed : NULL, tags, n);
    if (bare(g))
        guest__reqloop_run(g, vcpu);    /* the host's code resumes at once */
}

int guest_target(const struct guest *g, uint32_t dev, uint32_t adi, uint32_t entry,
                 unsigned *cpu, uint32_t *cpus, uint8_t *vector)
{
    for (unsigned i = 0; i < g->ndrv; i++) {
        const struct gdrv *d = g->drv[i];

        if (d->devi != dev || d->adi != adi)
            continue;
        for (unsigned k = 0; k < d->nvec; k++) {
            const struct gvec *v = &d->v[k];

            if (v->ok && v->handle == entry) {
                *cpu = v->cpu;
                *cpus = v->cpus;
                *vector = v->vector;
                return 0;
            }
        }
    }
    return -ENOENT;
}

/* ---- life cycle --------------------------------------------------------------------- */

int guest_create(struct guest **out, const struct guest_config *cfg)
{
    struct guest *g;

    if (!out || !cfg || !cfg->sim || !cfg->mem)
        return -EINVAL;
    g = calloc(1, sizeof(*g));
    if (!g)
        return -ENOMEM;
    g->cfg = *cfg;
    seq_pool_init(&g->pool, cfg->sim);
    *out = g;
    return 0;
}

void guest_destroy(struct guest *g)
{
    if (!g)
        return;
    seq_pool_fini(&g->pool);
    for (unsigned i = 0; i < g->ndrv; i++) {
        free(g->drv[i]->v);
        free(g->drv[i]);
    }
    free(g->drv);
    free(g->loops);
    free(g);
}

void guest_bind_vm(struct guest *g, struct vm *vm)
{
    g->vm = vm;
}
