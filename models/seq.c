/* SPDX-License-Identifier: MIT */
/*
 * seq.c - the pool of live objects and deferred steps, the later-call, and
 * the operation sequencer of the software models (seq.h).
 */
#include "models/seq.h"

#include <errno.h>
#include <stdalign.h>
#include <stdlib.h>

struct seq_pool_blk {
    struct seq_pool_blk *prev, *next;
    struct seq_pool *pool;
    sim_event_t ev;          /* a pending deferred step, else 0 */
    seq_step_fn fn;
    void *arg;
    alignas(max_align_t) unsigned char obj[];
};

static struct seq_pool_blk *blk_of(void *obj)
{
    return (struct seq_pool_blk *)((unsigned char *)obj -
                                   offsetof(struct seq_pool_blk, obj));
}

void seq_pool_init(struct seq_pool *p, struct sim *sim)
{
    p->sim = sim;
    p->head = NULL;
}

void *seq_pool_alloc(struct seq_pool *p, size_t size)
{
    struct seq_pool_blk *b = calloc(1, sizeof(*b) + size);

    if (!b)
        return NULL;
    b->pool = p;
    b->next = p->head;
    if (p->head)
        p->head->prev = b;
    p->head = b;
    return b->obj;
}

static void unlink_blk(struct seq_pool *p, struct seq_pool_blk *b)
{
    if (b->prev)
        b->prev->next = b->next;
    else
        p->head = b->next;
    if (b->next)
        b->next->prev = b->prev;
}

void seq_pool_free(struct seq_pool *p, void *obj)
{
    struct seq_pool_blk *b;

    if (!obj)
        return;
    b = blk_of(obj);
    unlink_blk(p, b);
    free(b);
}

static void run_step(struct sim *sim, void *arg)
{
    struct seq_pool_blk *b = arg;
    seq_step_fn fn = b->fn;
    void *a = b->arg;

    (void)sim;
    b->ev = 0;
    unlink_blk(b->pool, b);
    free(b);
    fn(a);
}

int seq_pool_defer(struct seq_pool *p, sim_time_t delay, seq_step_fn fn,
                   void *arg)
{
    void *o = seq_pool_alloc(p, 0);
    struct seq_pool_blk *b;
    int rc;

    if (!o)
        return -ENOMEM;
    b = blk_of(o);
    b->fn = fn;
    b->arg = arg;
    rc = sim_schedule_in(p->sim, delay, SIM_PRIO_SW, run_step, b, &b->ev);
    if (rc) {
        seq_pool_free(p, o);
        return rc;
    }
    return 0;
}

void seq_pool_fini(struct seq_pool *p)
{
    while (p->head) {
        struct seq_pool_blk *b = p->head;

        if (b->ev)
            (void)sim_cancel(p->sim, b->ev);
        p->head = b->next;
        free(b);
    }
}

/* ---- later --------------------------------------------------------------- */

struct later {
    struct seq_pool *pool;
    seq_done_fn fn;
    void *arg;
    int status;
};

static void later_run(void *arg)
{
    struct later *l = arg;
    seq_done_fn fn = l->fn;
    void *a = l->arg;
    int st = l->status;

    seq_pool_free(l->pool, l);
    fn(a, st);
}

void seq_call_later(struct seq_pool *p, sim_time_t delay, seq_done_fn fn,
                    void *arg, int status)
{
    struct later *l = seq_pool_alloc(p, sizeof(*l));

    if (!l || seq_pool_defer(p, delay, later_run, l)) {
        /* out of simulator memory: finish at once rather than hang */
        seq_pool_free(p, l);
        fn(arg, status ? status : -ENOMEM);
        return;
    }
    *l = (struct later){ p, fn, arg, status };
}

/* ---- sequencer ------------------------------------------------------------ */

enum op_kind {
    OP_W32,       /* a write through the port */
    OP_R32,       /* a read through the port, value unused */
    OP_POLL,      /* a read through the port, again until it matches */
    OP_MEMW32,    /* a memory write (immediate) */
    OP_MEMCHK,    /* a memory word must match (immediate) */
};

struct op {
    uint8_t kind;
    uint8_t space;
    uint64_t off;
    uint32_t val;
    uint32_t mask;
    uint32_t tag;
};

struct seq {
    struct seq_port *port;
    struct op op[SEQ_MAX_OPS];
    unsigned n, pos;
    int status;
    uint64_t rd;
    seq_done_fn fn;
    void *arg;
    struct seq *qnext;
};

void seq_port_init(struct seq_port *p, const struct seq_port_ops *ops, void *ctx,
                   struct seq_pool *pool, struct mem *mem, bool fresh_event)
{
    *p = (struct seq_port){ .ops = ops, .ctx = ctx, .pool = pool, .mem = mem,
                            .fresh_event = fresh_event };
}

struct seq *seq_new(struct seq_port *port)
{
    struct seq *s = seq_pool_alloc(port->pool, sizeof(*s));

    if (s)
        s->port = port;
    return s;
}

void seq_discard(struct seq *s)
{
    if (s)
        seq_pool_free(s->port->pool, s);
}

unsigned seq_len(const struct seq *s)
{
    return s->n;
}

static void add(struct seq *s, enum op_kind k, unsigned space, uint64_t off,
                uint32_t val, uint32_t mask, uint32_t tag)
{
    if (s->n < SEQ_MAX_OPS)
        s->op[s->n++] = (struct op){ (uint8_t)k, (uint8_t)space, off, val, mask, tag };
}

void seq_w32(struct seq *s, unsigned space, uint64_t off, uint32_t val)
{
    add(s, OP_W32, space, off, val, 0, 0);
}

void seq_r32(struct seq *s, unsigned space, uint64_t off)
{
    add(s, OP_R32, space, off, 0, 0, 0);
}

void seq_poll(struct seq *s, unsigned space, uint64_t off, uint32_t mask,
              uint32_t want)
{
    add(s, OP_POLL, space, off, want, mask, 0);
}

void seq_memw32(struct seq *s, uint64_t addr, uint32_t val)
{
    add(s, OP_MEMW32, 0, addr, val, 0, 0);
}

void seq_memchk(struct seq *s, uint64_t addr, uint32_t mask, uint32_t want,
                uint32_t tag)
{
    add(s, OP_MEMCHK, 0, addr, want, mask, tag);
}

static void step(struct seq *s);

static void step_cont(void *arg, int status)
{
    struct seq *s = arg;

    if (status)
        s->status = status;
    step(s);
}

static void start_next(struct seq_port *p)
{
    if (p->busy || !p->head)
        return;
    p->busy = true;
    if (p->fresh_event)
        seq_call_later(p->pool, 0, step_cont, p->head, 0);
    else
        step(p->head);
}

static void finish(struct seq *s)
{
    struct seq_port *p = s->port;
    seq_done_fn fn = s->fn;
    void *arg = s->arg;
    int st = s->status;

    p->head = s->qnext;
    if (!p->head)
        p->tail = NULL;
    p->busy = false;
    seq_pool_free(p->pool, s);
    start_next(p);
    if (fn)
        fn(arg, st);
}

static void io_done(void *arg, int status)
{
    struct seq *s = arg;
    const struct op *o = &s->op[s->pos];

    if (status)
        s->status = status;
    if (o->kind != OP_POLL || ((uint32_t)s->rd & o->mask) == o->val)
        s->pos++;
    step(s);
}

static uint64_t mem_addr(const struct seq_port *p, uint64_t addr)
{
    return p->ops->mem_addr ? p->ops->mem_addr(p->ctx, addr) : addr;
}

static void step(struct seq *s)
{
    struct seq_port *p = s->port;

    while (s->pos < s->n) {
        const struct op *o = &s->op[s->pos];
        uint32_t w = 0;
        int rc;

        switch (o->kind) {
        case OP_MEMW32:
            if (mem_write32(p->mem, mem_addr(p, o->off), o->val))
                s->status = -EFAULT;
            s->pos++;
            continue;
        case OP_MEMCHK:
            if (mem_read32(p->mem, mem_addr(p, o->off), &w) || (w & o->mask) != o->val)
                s->status = -EIO;
            if (p->ops->checked)
                p->ops->checked(p->ctx, o->tag, w);
            s->pos++;
            continue;
        case OP_W32:
            rc = p->ops->write32(p->ctx, o->space, o->off, o->val, io_done, s);
            break;
        default:
            s->rd = 0;
            rc = p->ops->read32(p->ctx, o->space, o->off, &s->rd, io_done, s);
            break;
        }
        if (!rc)
            return;
        s->status = rc;
        break;
    }
    finish(s);
}

void seq_submit(struct seq *s, seq_done_fn fn, void *arg)
{
    struct seq_port *p = s->port;

    s->fn = fn;
    s->arg = arg;
    if (p->tail)
        p->tail->qnext = s;
    else
        p->head = s;
    p->tail = s;
    start_next(p);
}
