/* SPDX-License-Identifier: MIT */
/*
 * reqloop.c - request loops: a driver submits work to its ADI's portal and
 * waits for the completion interrupt, then submits the next (guest.h,
 * docs/request-loop.md).
 *
 * The application of a loop runs on the CPU its completion interrupt
 * targets, where the guest's code resumes after the handler: on a VM at the
 * vCPU's idle point (apic_vm_config.on_idle: after the handler, its EOI
 * and, without APICv, the EOI's exit and the entry after it), on bare metal
 * when the host handler has run.  It reads the ADI's completion records
 * (the device's count; a driver reads its records back the same way), so
 * it learns of a completion only through an interrupt's handler; a
 * completion whose interrupt was lost or coalesced into a later one is
 * seen with that later one.  Requests complete in submission order (the
 * ADI's engine is FIFO), so the oldest submissions are the completed ones.
 */
#include <errno.h>
#include <stdlib.h>

#include "models/apic/apic.h"
#include "models/guest/guest_internal.h"

static struct gdrv *drv_of(const struct guest *g, const struct vdev *vd)
{
    for (unsigned i = 0; i < g->ndrv; i++)
        if (g->drv[i]->vd == vd)
            return g->drv[i];
    return NULL;
}

int guest_reqloop_add(struct guest *g, struct vdev *vd, unsigned depth,
                      enum guest_wait wait, sim_time_t start, sim_time_t stop)
{
    struct gdrv *d = drv_of(g, vd);
    struct greq *l, *nl;
    unsigned k;

    if (!d)
        return -ENOENT;
    if (!depth || depth > SIOV_WQ_DEPTH)
        return -EINVAL;
    for (k = 0; k < d->nvec && !d->v[k].ok; k++)
        ;
    if (k == d->nvec)
        return -ENOENT;
    nl = realloc(g->loops, (g->nloops + 1) * sizeof(*nl));
    if (!nl)
        return -ENOMEM;
    g->loops = nl;
    if (!g->nloops)
        g->wait = wait;
    l = &g->loops[g->nloops++];
    *l = (struct greq){ .d = d, .cpu = d->v[k].cpu, .depth = depth,
                        .start = start, .stop = stop };
    /* completions before the loop (set-up, another workload) are not its */
    l->seen = siov_adi_work_done(d->dev, d->adi);
    return 0;
}

/* Submit until @l has its depth in flight, while the loop runs. */
static void submit(struct guest *g, struct greq *l)
{
    sim_time_t now = sim_now(g->cfg.sim);

    if (now < l->start || now >= l->stop)
        return;
    while (l->n < l->depth) {
        if (siov_adi_submit(l->d->dev, l->d->adi)) {
            l->refused++;
            return;
        }
        l->sub[(l->head + l->n) % SIOV_WQ_DEPTH] = now;
        l->n++;
        l->submitted++;
    }
}

/* What completed since the last look: reported, then the next submitted. */
static void loop_run(struct guest *g, struct greq *l)
{
    uint64_t done = siov_adi_work_done(l->d->dev, l->d->adi);
    sim_time_t t[SIOV_WQ_DEPTH];
    size_t k = 0;

    while (l->seen < done && l->n) {
        t[k++] = l->sub[l->head];
        l->head = (l->head + 1) % SIOV_WQ_DEPTH;
        l->n--;
        l->seen++;
    }
    l->seen = done;
    if (k) {
        l->completed += k;
        evidence_complete(&g->cfg.evidence, g->cfg.vm_index, l->cpu, t, k);
    }
    submit(g, l);
}

void guest__reqloop_run(struct guest *g, unsigned cpu)
{
    for (unsigned i = 0; i < g->nloops; i++)
        if (g->loops[i].cpu == cpu)
            loop_run(g, &g->loops[i]);
}

bool guest_on_idle(void *ctx, uint32_t vcpu)
{
    struct guest *g = ctx;

    guest__reqloop_run(g, vcpu);
    return g->wait == GUEST_WAIT_HLT;
}

static void start_cb(struct sim *sim, void *arg)
{
    struct guest *g = arg;

    (void)sim;
    for (unsigned i = 0; i < g->nloops; i++) {
        struct greq *l = &g->loops[i];

        if (l->started || sim_now(g->cfg.sim) < l->start)
            continue;
        l->started = true;
        submit(g, l);
    }
    /* a VM's vCPUs now wait as the loops do */
    for (unsigned c = 0; g->vm && c < vmm_vm_nvcpu(g->vm); c++) {
        struct vcpu *v = vmm_vcpu(g->vm, c);

        if (v)
            vcpu_idle_check(v);
    }
}

void guest_reqloop_start(struct guest *g)
{
    sim_time_t now = sim_now(g->cfg.sim);

    for (unsigned i = 0; i < g->nloops; i++) {
        sim_time_t at = g->loops[i].start > now ? g->loops[i].start : now;

        (void)sim_schedule_at(g->cfg.sim, at, SIM_PRIO_SW, start_cb, g, NULL);
    }
}

void guest_reqloop_stats(const struct guest *g, struct guest_reqloop_stats *out)
{
    *out = (struct guest_reqloop_stats){ 0 };
    for (unsigned i = 0; i < g->nloops; i++) {
        out->submitted += g->loops[i].submitted;
        out->completed += g->loops[i].completed;
        out->refused += g->loops[i].refused;
    }
}
