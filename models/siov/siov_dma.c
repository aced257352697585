/* SPDX-License-Identifier: MIT */
/*
 * siov_dma.c - a device's DMA, as the device core and its built-in stores
 * (the mlx5 command channel and queue contexts) issue it: Bus Master
 * Enable, the ADI's translation, then host memory.
 */
#include <errno.h>
#include <stdio.h>

#include "models/mem/mem.h"
#include "models/siov/siov_internal.h"
#include "models/trace-events.h"
#include "sim/trace.h"

static int dma(const struct siov__env *env, uint32_t pasid, bool has_pasid,
               uint64_t iova, void *rbuf, const void *wbuf, size_t len)
{
    uint64_t pa = iova;
    int err = 0;

    /* SIOV-CMD-02: with Bus Master Enable clear no memory request leaves */
    if (!siov__cmd_bit(env->pcfg, PCI_COMMAND_MASTER)) {
        env->stats->no_master++;
        err = -EPERM;
    }
    if (!err && env->dma_xlate)
        pa = env->dma_xlate(env->dma_ctx, pasid, has_pasid, iova, &err);
    if (!err && !env->mem)
        err = -EFAULT;
    if (!err)
        err = wbuf ? mem_write(env->mem, pa, wbuf, len)
                   : mem_read(env->mem, pa, rbuf, len);
    if (err) {
        env->stats->dma_faults++;
        SIM_TRACE(env->sim, TP_SIOV_DMA_FAULT, env->dev_index, pasid,
                  has_pasid, iova, (uint64_t)-err, wbuf != NULL);
    }
    return err;
}

int siov__dma_read(const struct siov__env *env, uint32_t pasid, bool has_pasid,
                   uint64_t iova, void *buf, size_t len)
{
    return dma(env, pasid, has_pasid, iova, buf, NULL, len);
}

int siov__dma_write(const struct siov__env *env, uint32_t pasid, bool has_pasid,
                    uint64_t iova, const void *buf, size_t len)
{
    return dma(env, pasid, has_pasid, iova, NULL, buf, len);
}
