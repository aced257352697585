/* SPDX-License-Identifier: MIT */
/*
 * guest_migrate.c - what the guest does when its VM runs again on another
 * host.  A pair the platform IRQ domain obtained from the VMM (the
 * get-pair hypercall, the Hyper-V vPCI message) names a host resource of
 * the source; the domain asks the destination for a pair for the same
 * (CPU, vector) and the driver writes it into the entry, masked around
 * the update, as pci-hyperv's resume path recomposes every MSI
 * (drivers/pci/controller/pci-hyperv.c hv_pci_restore_msi_state)
 * [GUEST-MIGRATE-01].  A guest with after_migrate stale writes its
 * pre-migration pairs back instead, asking for nothing: the destination's
 * IOMMU sees the source's handles [ISO-MIGRATE-01].  Pairs of the other parents (compatibility format,
 * a vIRTE, the host's own domain) are guest state the VMM emulates: the
 * guest does nothing.
 */
#include "models/guest/guest_internal.h"

#include <errno.h>

#include "models/trace-events.h"

struct remig {
    struct guest *g;
    struct gdrv *d;
    struct gvec *v;
    struct hc_req req;
    struct hc_resp resp;
    struct remig_all *all;
};

struct remig_all {
    struct guest *g;
    unsigned left;
    int status;
    seq_done_fn done;
    void *ctx;
};

static void all_one(void *arg, int status)
{
    struct remig_all *a = arg;
    seq_done_fn done;
    void *ctx;
    int st;

    if (status && !a->status)
        a->status = status;
    if (--a->left)
        return;
    done = a->done;
    ctx = a->ctx;
    st = a->status;
    seq_pool_free(&a->g->pool, a);
    if (done)
        done(ctx, st);
}

static void remig_end(void *arg, int status)
{
    struct remig *r = arg;
    struct remig_all *a = r->all;

    seq_pool_free(&r->g->pool, r);
    all_one(a, status);
}

static void remig_answer(void *arg, int status)
{
    struct remig *r = arg;
    struct gdrv *d = r->d;
    struct gvec *v = r->v;
    struct seq *s;

    if (!status)
        status = r->resp.status;
    if (status) {
        d->info.setup_errors++;
        remig_end(r, status);
        return;
    }
    v->pair.addr_lo = (uint32_t)r->resp.addr;
    v->pair.addr_hi = (uint32_t)(r->resp.addr >> 32);
    v->pair.data = r->resp.data;
    v->cookie = r->resp.cookie;
    SIM_TRACE(r->g->cfg.sim, TP_GUEST_PAIR, guest__vm_trace_id(r->g), d->devi,
              d->adi, v->ventry, v->cpu, v->vector,
              (uint64_t)v->pair.addr_hi << 32 | v->pair.addr_lo, v->pair.data);
    s = seq_new(&d->port);
    if (!s) {
        remig_end(r, -ENOMEM);
        return;
    }
    guest__program(d, s, v, false);
    seq_submit(s, remig_end, r);
}

int guest_migrated(struct guest *g, struct vdev *vd, seq_done_fn done, void *ctx)
{
    struct gdrv *d = NULL;
    struct remig_all *a;

    if (!g || !vd)
        return -EINVAL;
    for (unsigned i = 0; i < g->ndrv && !d; i++)
        if (g->drv[i]->vd == vd)
            d = g->drv[i];
    if (!d)
        return -ENOENT;
    a = seq_pool_alloc(&g->pool, sizeof(*a));
    if (!a)
        return -ENOMEM;
    *a = (struct remig_all){ .g = g, .left = 1, .done = done, .ctx = ctx };
    if (d->info.parent == GUEST_PARENT_PV || d->info.parent == GUEST_PARENT_HV_VPCI) {
        for (unsigned i = 0; i < d->nvec; i++) {
            struct gvec *v = &d->v[i];
            struct remig *r;
            int rc;

            if (!v->ok)
                continue;
            r = seq_pool_alloc(&g->pool, sizeof(*r));
            if (!r) {
                a->status = -ENOMEM;
                continue;
            }
            *r = (struct remig){ .g = g, .d = d, .v = v, .all = a };
            a->left++;
            if (g->cfg.after_migrate == GUEST_MIGRATE_STALE) {
                /* ISO-MIGRATE-01: the cached pre-migration pair, again */
                r->resp = (struct hc_resp){
                    .addr = (uint64_t)v->pair.addr_hi << 32 | v->pair.addr_lo,
                    .data = v->pair.data, .cookie = v->cookie,
                };
                seq_call_later(&g->pool, 0, remig_answer, r, 0);
                continue;
            }
            /* the same (CPU, vector): only the host behind it changed */
            r->req = (struct hc_req){
                .op = HC_PAIR_ALLOC,
                .kind = d->bank == SIOV_BANK_IMS ? HC_KIND_IMS : HC_KIND_MSIX,
                .dev = siov_rid(d->dev), .vcpu = v->cpu, .vector = v->vector,
            };
            rc = vmm_hypercall(d->vd, d->vcpu0, &r->req, &r->resp, remig_answer, r);
            if (rc)
                remig_end(r, rc);
        }
    }
    /* the last reference */
    seq_call_later(&g->pool, 0, all_one, a, 0);
    return 0;
}
