/* SPDX-License-Identifier: MIT */
/*
 * siov_work.c - an ADI's work queue and engine: descriptors submitted to
 * its portal arrive COST_MMIO_WRITE later and execute one at a time, in
 * order, COST_DEV_WORK each; a completion writes the completion record and
 * raises the ADI's interrupt (siov.h, siov_adi_submit()).  So in a request
 * loop the interrupt is caused by completed work, not by an arrival process.
 */
#include <errno.h>

#include "models/siov/siov_core.h"
#include "models/siov/siov_internal.h"

static void work_cb(struct sim *sim, void *arg);

/* Start the descriptor at the queue's head: at its arrival, or now if it
 * arrived while the engine was busy. */
static int work_next(struct adi *a)
{
    struct siov_dev *dev = a->dev;
    sim_time_t start = a->wq[a->wq_head];

    if (start < sim_now(dev->plat.sim))
        start = sim_now(dev->plat.sim);
    return sim_schedule_at(dev->plat.sim,
                           sim_time_add(start, cost_ps(dev->env.cost, COST_DEV_WORK)),
                           SIM_PRIO_HW, work_cb, a, &a->ev_work);
}

static void work_cb(struct sim *sim, void *arg)
{
    struct adi *a = arg;
    struct siov_dev *dev = a->dev;

    (void)sim;
    a->ev_work = 0;
    a->wq_head = (a->wq_head + 1) % SIOV_WQ_DEPTH;
    a->wq_n--;
    a->work_done++;     /* the completion record, then the interrupt */
    (void)siov_adi_complete(dev, (uint32_t)(a - dev->adi), NULL);
    if (a->wq_n && work_next(a)) {
        a->wq_n = 0;    /* no event: the queue is lost (out of memory) */
        a->wq_head = 0;
    }
}

int siov_adi_submit(struct siov_dev *dev, uint32_t adi)
{
    struct adi *a;
    sim_time_t at;

    if (!dev || adi >= dev->cfg.n_adi)
        return -EINVAL;
    a = &dev->adi[adi];
    if (a->wq_n == SIOV_WQ_DEPTH)
        return -EBUSY;
    a->dev = dev;
    at = sim_time_add(sim_now(dev->plat.sim), cost_ps(dev->env.cost, COST_MMIO_WRITE));
    a->wq[(a->wq_head + a->wq_n) % SIOV_WQ_DEPTH] = at;
    a->wq_n++;
    if (!a->ev_work && work_next(a)) {
        a->wq_n--;
        return -ENOMEM;
    }
    return 0;
}

uint64_t siov_adi_work_done(const struct siov_dev *dev, uint32_t adi)
{
    return dev && adi < dev->cfg.n_adi ? dev->adi[adi].work_done : 0;
}

void siov__work_cancel_all(struct siov_dev *dev)
{
    for (uint32_t i = 0; dev->adi && i < dev->cfg.n_adi; i++) {
        struct adi *a = &dev->adi[i];

        if (a->ev_work)
            (void)sim_cancel(dev->plat.sim, a->ev_work);
        a->ev_work = 0;
        a->wq_n = 0;
        a->wq_head = 0;
    }
}
