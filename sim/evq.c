/* SPDX-License-Identifier: MIT */
/* evq.c - 4-ary heap of 128-bit keys with a slab for cancellation. */
#include "evq.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define ARITY 4

int evq_init(struct evq *q)
{
    memset(q, 0, sizeof(*q));
    q->free_head = EVQ_NO_SLOT;
    q->seq = 0;
    return 0;
}

void evq_fini(struct evq *q)
{
    free(q->key);
    free(q->pl);
    free(q->slot);
    memset(q, 0, sizeof(*q));
}

static int grow_heap(struct evq *q)
{
    size_t cap = q->cap ? q->cap * 2 : 256;
    evq_key_t *k = realloc(q->key, cap * sizeof(*k));

    if (!k)
        return -ENOMEM;
    q->key = k;
    struct evq_payload *p = realloc(q->pl, cap * sizeof(*p));
    if (!p)
        return -ENOMEM;
    q->pl = p;
    q->cap = cap;
    return 0;
}

static int alloc_slot(struct evq *q, uint32_t *out)
{
    if (q->free_head != EVQ_NO_SLOT) {
        *out = q->free_head;
        q->free_head = q->slot[*out].next_free;
        return 0;
    }
    if (q->nslots == q->slot_cap) {
        uint32_t cap = q->slot_cap ? q->slot_cap * 2 : 256;
        struct evq_slot *s;

        if (cap <= q->slot_cap || cap == EVQ_NO_SLOT)
            return -ENOMEM;
        s = realloc(q->slot, (size_t)cap * sizeof(*s));
        if (!s)
            return -ENOMEM;
        q->slot = s;
        q->slot_cap = cap;
    }
    *out = q->nslots++;
    q->slot[*out].gen = 0;
    return 0;
}

static void free_slot(struct evq *q, uint32_t i)
{
    struct evq_slot *s = &q->slot[i];

    s->state = EVQ_FREE;
    s->gen++;
    if (s->gen == 0)    /* keep handles nonzero: generation 0 is never used */
        s->gen = 1;
    s->next_free = q->free_head;
    q->free_head = i;
}

int evq_push(struct evq *q, sim_time_t when, unsigned prio, sim_cb_t cb,
             void *arg, sim_event_t *handle)
{
    uint32_t si;
    size_t i;
    evq_key_t k;
    struct evq_payload p;

    if (q->n == q->cap && grow_heap(q))
        return -ENOMEM;
    if (alloc_slot(q, &si))
        return -ENOMEM;
    if (q->slot[si].gen == 0)
        q->slot[si].gen = 1;
    q->slot[si].state = EVQ_PENDING;

    k = evq_make_key(when, prio, q->seq++);
    p.cb = cb;
    p.arg = arg;
    p.slot = si;

    /* sift up */
    i = q->n++;
    while (i > 0) {
        size_t parent = (i - 1) / ARITY;

        if (q->key[parent] <= k)
            break;
        q->key[i] = q->key[parent];
        q->pl[i] = q->pl[parent];
        i = parent;
    }
    q->key[i] = k;
    q->pl[i] = p;
    q->live++;
    if (handle)
        *handle = ((uint64_t)q->slot[si].gen << 32) | si;
    return 0;
}

static void pop_top(struct evq *q)
{
    size_t n = --q->n;
    evq_key_t k;
    size_t i = 0;

    if (n == 0)
        return;
    k = q->key[n];
    /* sift down the former last element from the root */
    for (;;) {
        size_t c = i * ARITY + 1;
        size_t best, end;

        if (c >= n)
            break;
        best = c;
        end = c + ARITY < n ? c + ARITY : n;
        for (size_t j = c + 1; j < end; j++)
            if (q->key[j] < q->key[best])
                best = j;
        if (k <= q->key[best])
            break;
        q->key[i] = q->key[best];
        q->pl[i] = q->pl[best];
        i = best;
    }
    q->key[i] = k;
    q->pl[i] = q->pl[n];
}

/* Drop cancelled entries from the top. */
static void skip_cancelled(struct evq *q)
{
    while (q->n && q->slot[q->pl[0].slot].state == EVQ_CANCELLED) {
        uint32_t si = q->pl[0].slot;

        pop_top(q);
        free_slot(q, si);
    }
}

bool evq_peek_time(struct evq *q, sim_time_t *when)
{
    skip_cancelled(q);
    if (!q->n)
        return false;
    *when = evq_key_time(q->key[0]);
    return true;
}

bool evq_pop_until(struct evq *q, sim_time_t until, struct evq_payload *out,
                   sim_time_t *when)
{
    sim_time_t t;

    skip_cancelled(q);
    if (!q->n)
        return false;
    t = evq_key_time(q->key[0]);
    if (t > until)
        return false;
    *out = q->pl[0];
    *when = t;
    pop_top(q);
    q->slot[out->slot].state = EVQ_RUNNING;
    q->live--;
    return true;
}

void evq_done(struct evq *q, uint32_t slot)
{
    free_slot(q, slot);
}

int evq_cancel(struct evq *q, sim_event_t handle)
{
    uint32_t si = (uint32_t)handle;
    uint32_t gen = (uint32_t)(handle >> 32);
    struct evq_slot *s;

    if (si >= q->nslots || gen == 0)
        return -ENOENT;
    s = &q->slot[si];
    if (s->gen != gen)
        return -ENOENT;
    switch (s->state) {
    case EVQ_PENDING:
        s->state = EVQ_CANCELLED;
        q->live--;
        return 0;
    case EVQ_RUNNING:
        return -EALREADY;
    default:
        return -ENOENT;
    }
}
