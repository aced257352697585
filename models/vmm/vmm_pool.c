/* SPDX-License-Identifier: MIT */
/* vmm_pool.c - live objects and deferred steps of the VMM and guest models. */
#include "models/vmm/vmm_pool.h"

#include <errno.h>
#include <stdalign.h>
#include <stdlib.h>

struct vmm_pool_blk {
    struct vmm_pool_blk *prev, *next;
    struct vmm_pool *pool;
    sim_event_t ev;          /* a pending deferred step, else 0 */
    vmm_step_fn fn;
    void *arg;
    alignas(max_align_t) unsigned char obj[];
};

static struct vmm_pool_blk *blk_of(void *obj)
{
    return (struct vmm_pool_blk *)((unsigned char *)obj -
                                   offsetof(struct vmm_pool_blk, obj));
}

void vmm_pool_init(struct vmm_pool *p, struct sim *sim)
{
    p->sim = sim;
    p->head = NULL;
}

void *vmm_pool_alloc(struct vmm_pool *p, size_t size)
{
    struct vmm_pool_blk *b = calloc(1, sizeof(*b) + size);

    if (!b)
        return NULL;
    b->pool = p;
    b->next = p->head;
    if (p->head)
        p->head->prev = b;
    p->head = b;
    return b->obj;
}

static void unlink_blk(struct vmm_pool *p, struct vmm_pool_blk *b)
{
    if (b->prev)
        b->prev->next = b->next;
    else
        p->head = b->next;
    if (b->next)
        b->next->prev = b->prev;
}

void vmm_pool_free(struct vmm_pool *p, void *obj)
{
    struct vmm_pool_blk *b;

    if (!obj)
        return;
    b = blk_of(obj);
    unlink_blk(p, b);
    free(b);
}

static void run_step(struct sim *sim, void *arg)
{
    struct vmm_pool_blk *b = arg;
    vmm_step_fn fn = b->fn;
    void *a = b->arg;

    (void)sim;
    b->ev = 0;
    unlink_blk(b->pool, b);
    free(b);
    fn(a);
}

int vmm_pool_defer(struct vmm_pool *p, sim_time_t delay, vmm_step_fn fn,
                   void *arg)
{
    void *o = vmm_pool_alloc(p, 0);
    struct vmm_pool_blk *b;
    int rc;

    if (!o)
        return -ENOMEM;
    b = blk_of(o);
    b->fn = fn;
    b->arg = arg;
    rc = sim_schedule_in(p->sim, delay, SIM_PRIO_SW, run_step, b, &b->ev);
    if (rc) {
        vmm_pool_free(p, o);
        return rc;
    }
    return 0;
}

void vmm_pool_fini(struct vmm_pool *p)
{
    while (p->head) {
        struct vmm_pool_blk *b = p->head;

        if (b->ev)
            (void)sim_cancel(p->sim, b->ev);
        p->head = b->next;
        free(b);
    }
}
