/* SPDX-License-Identifier: MIT */
/*
 * vmm_pool.h - in-flight operations of the VMM and guest models: every
 * object a chain of events carries is allocated from a pool, and every
 * deferred step is a pool object too, so destroying a model in the middle
 * of a chain cancels its events and frees everything (no leaks, no
 * callbacks into freed state).
 */
#ifndef IMSLAB_VMM_POOL_H
#define IMSLAB_VMM_POOL_H

#include <stddef.h>

#include "sim/sim.h"

struct vmm_pool_blk;

/**
 * struct vmm_pool - the live objects of one model.
 * @sim: the simulation deferred steps run on
 * @head: every live object (internal)
 */
struct vmm_pool {
    struct sim *sim;
    struct vmm_pool_blk *head;
};

/** typedef vmm_step_fn - a deferred step. */
typedef void (*vmm_step_fn)(void *arg);

/** vmm_pool_init - an empty pool on @sim. */
void vmm_pool_init(struct vmm_pool *p, struct sim *sim);

/** vmm_pool_alloc - a zeroed object of @size bytes, or NULL. */
void *vmm_pool_alloc(struct vmm_pool *p, size_t size);

/** vmm_pool_free - free an object from vmm_pool_alloc() (NULL is ignored). */
void vmm_pool_free(struct vmm_pool *p, void *obj);

/**
 * vmm_pool_defer - run @fn(@arg) @delay from now (priority SIM_PRIO_SW).
 * Return: 0, -ENOMEM, or sim_schedule_in()'s error.
 */
int vmm_pool_defer(struct vmm_pool *p, sim_time_t delay, vmm_step_fn fn,
                   void *arg);

/** vmm_pool_fini - cancel every deferred step and free every object. */
void vmm_pool_fini(struct vmm_pool *p);

#endif /* IMSLAB_VMM_POOL_H */
