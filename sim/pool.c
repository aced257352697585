/* SPDX-License-Identifier: MIT */
/* pool.c - blocks of fixed-size objects for sim_pool_get(). */
#include "pool.h"

#include <errno.h>
#include <stdalign.h>
#include <stdlib.h>

struct sim_pool_blk {
    struct sim_pool_blk *next;
    alignas(max_align_t) unsigned char obj[];
};

void sim_pool_init(struct sim_pool *p, size_t size)
{
    size_t a = alignof(max_align_t);

    if (size < sizeof(void *))
        size = sizeof(void *);
    p->size = (size + a - 1) / a * a;
    p->free = NULL;
    p->blocks = NULL;
    p->live = 0;
}

void sim_pool_fini(struct sim_pool *p)
{
    while (p->blocks) {
        struct sim_pool_blk *b = p->blocks;

        p->blocks = b->next;
        free(b);
    }
    p->free = NULL;
    p->live = 0;
}

int sim_pool__grow(struct sim_pool *p)
{
    struct sim_pool_blk *b = malloc(sizeof(*b) + SIM_POOL_BLOCK * p->size);

    if (!b)
        return -ENOMEM;
    b->next = p->blocks;
    p->blocks = b;
    for (size_t i = SIM_POOL_BLOCK; i-- > 0;) { /* lowest address first out */
        void *o = b->obj + i * p->size;

        memcpy(o, &p->free, sizeof(void *));
        p->free = o;
    }
    return 0;
}
