/* SPDX-License-Identifier: MIT */
/* evq.c - 4-ary heap of 128-bit keys with a slab for payloads and cancellation. */
#include "evq.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define ARITY 4         /* evq__sift_down() and evq_push() (evq.h) assume 4 */
/*
 * The heap array starts EVQ_HEAP_PAD keys into a 64-byte aligned
 * allocation: node i sits at index i + 3, so the children of node i,
 * 4i+1..4i+4, sit at 4(i+1)..4(i+1)+3, one whole cache line.
 */
#define EVQ_HEAP_PAD 3
#define CACHE_LINE 64

int evq_init(struct evq *q)
{
    memset(q, 0, sizeof(*q));
    q->free_head = EVQ_NO_SLOT;
    return 0;
}

void evq_fini(struct evq *q)
{
    free(q->mem);
    free(q->slot);
    memset(q, 0, sizeof(*q));
    q->free_head = EVQ_NO_SLOT;
}

static int grow_heap(struct evq *q)
{
    size_t cap = q->cap ? q->cap * 2 : 256;
    size_t bytes = (cap + EVQ_HEAP_PAD + 1) * sizeof(evq_key_t);
    void *mem;

    if (cap <= q->cap || bytes / sizeof(evq_key_t) < cap)
        return -ENOMEM;
    bytes = (bytes + CACHE_LINE - 1) / CACHE_LINE * CACHE_LINE;
    mem = aligned_alloc(CACHE_LINE, bytes);
    if (!mem)
        return -ENOMEM;
    if (q->n)
        memcpy((evq_key_t *)mem + EVQ_HEAP_PAD, q->heap, q->n * sizeof(evq_key_t));
    free(q->mem);
    q->mem = mem;
    q->heap = (evq_key_t *)mem + EVQ_HEAP_PAD;
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

        if (cap > EVQ_NO_SLOT)
            cap = EVQ_NO_SLOT;      /* slots 0 .. 2^24 - 2 */
        if (cap <= q->slot_cap)
            return -ENOMEM;
        s = realloc(q->slot, (size_t)cap * sizeof(*s));
        if (!s)
            return -ENOMEM;
        q->slot = s;
        q->slot_cap = cap;
    }
    *out = q->nslots++;
    q->slot[*out].gen = 1;
    return 0;
}

/*
 * Put @k at node @i and sift it down into the heap of @n keys.
 *
 * This loop is most of the kernel's time, and it is bound by latency: load
 * four children, pick the smallest, descend.  So the pick has no branches
 * (which child wins is unpredictable; one mispredict per level cost more
 * than the whole pick), the four keys are loaded once, and the next
 * level's address is chosen between two precomputed candidates rather than
 * derived from the chosen index.
 */
void evq__sift_down(evq_key_t *h, size_t n, size_t i, evq_key_t k)
{
    size_t c = i * ARITY + 1;

    while (__builtin_expect(c + ARITY <= n, 1)) {
        evq_key_t k0 = h[c], k1 = h[c + 1], k2 = h[c + 2], k3 = h[c + 3];
        size_t s1 = k1 < k0, s3 = k3 < k2, s;
        evq_key_t m01 = s1 ? k1 : k0;
        evq_key_t m23 = s3 ? k3 : k2;
        size_t i01 = c + s1, i23 = c + 2 + s3;
        size_t c01 = i01 * ARITY + 1, c23 = i23 * ARITY + 1;
        size_t mask;
        evq_key_t m;

        s = m23 < m01;
        mask = -s;
        m = s ? m23 : m01;
        if (k <= m) {
            h[i] = k;
            return;
        }
        h[i] = m;
        i = i01 ^ ((i01 ^ i23) & mask);
        c = c01 ^ ((c01 ^ c23) & mask);
    }
    /* the last, partial group of children */
    if (c < n) {
        size_t best = c;

        for (size_t j = c + 1; j < n; j++)
            if (h[j] < h[best])
                best = j;
        if (h[best] < k) {
            h[i] = h[best];
            i = best;
        }
    }
    h[i] = k;
}

/* Remove the root: move the last key up and sift it down. */
static void pop_root(struct evq *q)
{
    size_t n = --q->n;

    if (n)
        evq__sift_down(q->heap, n, 0, q->heap[n]);
}

void evq__settle(struct evq *q)
{
    q->top_popped = false;
    pop_root(q);
}

void evq__drop_top(struct evq *q)
{
    uint32_t si = evq_key_slot(q->heap[0]);

    pop_root(q);
    evq_done(q, si);
}

static int cmp_key(const void *a, const void *b)
{
    evq_key_t x = *(const evq_key_t *)a, y = *(const evq_key_t *)b;

    return (x > y) - (x < y);
}

/*
 * The sequence ran out: give the queued keys new sequence numbers 0..n-1
 * in their current order.  The map is monotonic, so the heap stays a heap
 * and (time, priority, FIFO) order is unchanged.
 */
static int renumber(struct evq *q)
{
    evq_key_t *sorted;
    uint32_t *rank;
    const evq_key_t low = ((evq_key_t)1 << 56) - 1;  /* seq and slot bits */

    if (q->top_popped)
        evq__settle(q);
    sorted = malloc((q->n ? q->n : 1) * sizeof(*sorted));
    rank = malloc((q->nslots ? q->nslots : 1) * sizeof(*rank));
    if (!sorted || !rank) {
        free(sorted);
        free(rank);
        return -ENOMEM;
    }
    memcpy(sorted, q->heap, q->n * sizeof(*sorted));
    qsort(sorted, q->n, sizeof(*sorted), cmp_key);
    for (size_t r = 0; r < q->n; r++)
        rank[evq_key_slot(sorted[r])] = (uint32_t)r;
    for (size_t i = 0; i < q->n; i++) {
        uint32_t si = evq_key_slot(q->heap[i]);

        q->heap[i] = (q->heap[i] & ~low) |
                     ((evq_key_t)rank[si] << EVQ_SLOT_BITS | si);
    }
    q->seq = q->n;
    free(sorted);
    free(rank);
    return 0;
}

/* evq_push() when a slab or heap must grow or the sequence renumber. */
int evq__push_slow(struct evq *q, sim_time_t when, unsigned prio, sim_cb_t cb,
                   void *arg, sim_event_t *handle)
{
    struct evq_slot *s;
    uint32_t si;
    evq_key_t k;

    if (__builtin_expect(q->seq >= EVQ_SEQ_LIMIT, 0) && renumber(q))
        return -ENOMEM;
    if (!q->top_popped && q->n == q->cap && grow_heap(q))
        return -ENOMEM;
    if (alloc_slot(q, &si))
        return -ENOMEM;
    s = &q->slot[si];
    s->cb = cb;
    s->arg = arg;
    s->state = EVQ_PENDING;
    k = evq_make_key(when, prio, q->seq++, si);

    if (q->top_popped) {
        /* the root was popped: put the new key there and sift down */
        q->top_popped = false;
        evq__sift_down(q->heap, q->n, 0, k);
    } else {
        evq_key_t *h = q->heap;
        size_t i = q->n++;

        while (i > 0) {
            size_t parent = (i - 1) / ARITY;

            if (h[parent] <= k)
                break;
            h[i] = h[parent];
            i = parent;
        }
        h[i] = k;
    }
    q->live++;
    if (handle)
        *handle = ((uint64_t)s->gen << 32) | si;
    return 0;
}

bool evq__peek_slow(struct evq *q, sim_time_t *when)
{
    if (q->top_popped)
        evq__settle(q);
    while (q->n && q->slot[evq_key_slot(q->heap[0])].state == EVQ_CANCELLED)
        evq__drop_top(q);
    if (!q->n)
        return false;
    *when = evq_key_time(q->heap[0]);
    return true;
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
