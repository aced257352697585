/* SPDX-License-Identifier: MIT */
/*
 * siov_migrate.c - an ADI stopped for a migration and run again (VFIO's
 * device states STOP and RUNNING, include/uapi/linux/vfio.h: a stopped
 * device "must not generate interrupts"; its work resumes on the
 * destination).  A completion while the ADI is stopped is reported raised
 * and numbered at once, and its interrupt is held in the device; at the
 * resume each held interrupt is raised, oldest first, with its tag,
 * through the entries as they are programmed then [SIOV-MIGRATE-01].
 * Nothing raised while stopped is lost or sent early.
 */
#include <errno.h>
#include <stdlib.h>

#include "models/siov/siov_core.h"
#include "models/trace-events.h"

int siov_adi_stop(struct siov_dev *dev, uint32_t adi)
{
    if (!dev || adi >= dev->cfg.n_adi)
        return -EINVAL;
    if (dev->adi[adi].stopped)
        return -EBUSY;
    dev->adi[adi].stopped = true;
    SIM_TRACE(dev->plat.sim, TP_SIOV_ADI_STOP, dev->cfg.index, adi);
    return 0;
}

int siov__adi_hold(struct siov_dev *dev, uint32_t adi, const struct irq_tag *tag)
{
    struct adi *a = &dev->adi[adi];

    if (a->nheld == a->capheld) {
        uint32_t cap = a->capheld ? 2 * a->capheld : 16;
        struct irq_tag *t = realloc(a->held, cap * sizeof(*t));

        if (!t) {
            dev->stats.no_mem++;
            return -ENOMEM;
        }
        a->held = t;
        a->capheld = cap;
    }
    a->held[a->nheld++] = *tag;
    dev->stats.migration_held++;
    SIM_TRACE(dev->plat.sim, TP_SIOV_HELD, dev->cfg.index, adi, tag->entry,
              tag->seq);
    return 0;
}

int siov_adi_resume(struct siov_dev *dev, uint32_t adi)
{
    struct adi *a;
    struct irq_tag *tags;
    uint32_t n;

    if (!dev || adi >= dev->cfg.n_adi || !dev->adi[adi].stopped)
        return -EINVAL;
    a = &dev->adi[adi];
    a->stopped = false;
    /* take the list first: a raise may not be held again, but keep the
     * order of the completions */
    tags = a->held;
    n = a->nheld;
    a->held = NULL;
    a->nheld = a->capheld = 0;
    SIM_TRACE(dev->plat.sim, TP_SIOV_ADI_RESUME, dev->cfg.index, adi, n);
    for (uint32_t i = 0; i < n; i++)
        (void)siov__adi_raise_again(dev, adi, &tags[i]);
    free(tags);
    return (int)n;
}
