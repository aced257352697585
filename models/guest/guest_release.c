/* SPDX-License-Identifier: MIT */
/*
 * guest_release.c - the guest goes away (guest_release(), guest.h): its
 * platform IRQ domain gives every pair it obtained by hypercall back with
 * HC_PAIR_FREE, one at a time, as msi_domain_free_irqs does through the
 * parent's free path (Hyper-V: PCI_DELETE_INTERRUPT_MESSAGE for MSI-X,
 * hypercall.h).  The VMM clears the IRTE and invalidates its IEC entry
 * [VMM-HC-FREE-01].  The devices are not quiesced: an entry keeps the pair
 * it was given, and what it raises afterwards reaches an IRTE that is gone.
 *
 * Pairs composed any other way (compatibility format, a vIRTE, a trapped
 * table's) have nothing to give back by hypercall; the VMM releases the
 * host interrupts behind trapped tables itself at teardown.
 */
#include "models/guest/guest_internal.h"

#include <errno.h>

#include "models/vmm/hypercall.h"

struct release {
    struct guest *g;
    unsigned di, vi;            /* the next driver and vector to look at */
    struct gvec *cur;
    struct hc_req req;
    struct hc_resp resp;
    seq_done_fn fn;
    void *arg;
};

static bool by_hypercall(const struct gdrv *d)
{
    return d->info.parent == GUEST_PARENT_PV ||
           d->info.parent == GUEST_PARENT_HV_VPCI;
}

static void release_next(struct release *r);

static void freed(void *arg, int status)
{
    struct release *r = arg;
    struct gvec *v = r->cur;

    if (!status)
        status = r->resp.status;
    if (!status) {
        /* the pair is gone: the vector goes back, nothing to retarget */
        guest__vec_free(r->g, v->cpu, v->cpus, v->vector);
        v->cookie = 0;
        v->ok = false;
    }
    release_next(r);
}

static void release_next(struct release *r)
{
    struct guest *g = r->g;

    for (; r->di < g->ndrv; r->di++, r->vi = 0) {
        struct gdrv *d = g->drv[r->di];

        for (; by_hypercall(d) && r->vi < d->nvec; r->vi++) {
            struct gvec *v = &d->v[r->vi];

            if (!v->ok || !v->cookie)
                continue;
            r->cur = v;
            r->vi++;
            r->req = (struct hc_req){
                .op = HC_PAIR_FREE,
                .kind = d->bank == SIOV_BANK_IMS ? HC_KIND_IMS : HC_KIND_MSIX,
                .dev = siov_rid(d->dev), .cookie = v->cookie,
            };
            if (!vmm_hypercall(d->vd, d->vcpu0, &r->req, &r->resp, freed, r))
                return;
            r->vi--;            /* not sent: skip it */
        }
    }
    {
        seq_done_fn fn = r->fn;
        void *arg = r->arg;

        seq_pool_free(&g->pool, r);
        if (fn)
            fn(arg, 0);
    }
}

int guest_release(struct guest *g, seq_done_fn done, void *ctx)
{
    struct release *r;

    if (!g || !g->vm)
        return -EINVAL;
    r = seq_pool_alloc(&g->pool, sizeof(*r));
    if (!r)
        return -ENOMEM;
    *r = (struct release){ .g = g, .fn = done, .arg = ctx };
    release_next(r);
    return 0;
}
