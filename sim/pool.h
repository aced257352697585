/* SPDX-License-Identifier: MIT */
/*
 * pool.h - fixed-size objects recycled through a free list.
 *
 * A model that creates and drops one object per interrupt (a request in
 * the IOMMU, a message on the wire) takes it from a pool: objects come
 * from blocks of SIM_POOL_BLOCK and go back to the pool's free list, so
 * the hot path calls no malloc/free once the pool has grown to the number
 * of objects live at once.  sim_pool_fini() frees the blocks (every object
 * with them).  One pool per model instance: no globals.
 */
#ifndef IMSLAB_SIM_POOL_H
#define IMSLAB_SIM_POOL_H

#include <stddef.h>
#include <string.h>

#define SIM_POOL_BLOCK 64 /* objects per block */

struct sim_pool_blk;

/**
 * struct sim_pool - objects of one size.
 * @size: object size (at least a pointer; rounded up to max_align_t)
 * @free: free objects, linked through their first bytes
 * @blocks: every block (freed by sim_pool_fini)
 * @live: objects handed out and not put back
 */
struct sim_pool {
    size_t size;
    void *free;
    struct sim_pool_blk *blocks;
    size_t live;
};

/** sim_pool_init - an empty pool of objects of @size bytes. */
void sim_pool_init(struct sim_pool *p, size_t size);

/** sim_pool_fini - free every block (and so every object, live or not). */
void sim_pool_fini(struct sim_pool *p);

/* The slow path of sim_pool_get(): a new block; 0 or -ENOMEM. */
int sim_pool__grow(struct sim_pool *p);

/** sim_pool_get - a zeroed object, or NULL when out of memory. */
static inline void *sim_pool_get(struct sim_pool *p)
{
    void *o;

    if (!p->free && sim_pool__grow(p))
        return NULL;
    o = p->free;
    memcpy(&p->free, o, sizeof(void *));
    memset(o, 0, p->size);
    p->live++;
    return o;
}

/** sim_pool_put - give @o (from sim_pool_get on @p) back; NULL is ignored. */
static inline void sim_pool_put(struct sim_pool *p, void *o)
{
    if (!o)
        return;
    memcpy(o, &p->free, sizeof(void *));
    p->free = o;
    p->live--;
}

#endif /* IMSLAB_SIM_POOL_H */
