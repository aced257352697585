/* SPDX-License-Identifier: MIT */
/* evq.c - the event queue: a bucket wheel for the near future in front of
 * a 4-ary heap of 128-bit keys, over a slab of payloads (see evq.h). */
#include "evq.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define ARITY 4         /* evq__heap_sift_down() assumes 4 */
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
    q->shift = EVQ_SHIFT_INIT;
    q->epoch_left = EVQ_EPOCH_MIN;
    return 0;
}

void evq_fini(struct evq *q)
{
    free(q->mem);
    free(q->slot);
    free(q->bucket);
    evq_init(q);
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

/* The wheel's buckets, allocated with the first slot: every bucket empty
 * (head = tail = the sentinel). */
static int alloc_wheel(struct evq *q)
{
    q->bucket = calloc(EVQ_WHEEL_N, sizeof(*q->bucket));
    return q->bucket ? 0 : -ENOMEM;
}

static int alloc_slot(struct evq *q, uint32_t *out)
{
    if (q->free_head != EVQ_NO_SLOT) {
        *out = q->free_head;
        q->free_head = q->slot[*out].next;
        return 0;
    }
    if (!q->bucket && alloc_wheel(q))
        return -ENOMEM;
    if (q->nslots == q->slot_cap) {
        uint32_t cap = q->slot_cap ? q->slot_cap * 2 : 256;
        struct evq_slot *s;

        if (cap > EVQ_NO_SLOT)
            cap = EVQ_NO_SLOT;      /* slots 1 .. 2^24 - 2; 0 is the sentinel */
        if (cap <= q->slot_cap)
            return -ENOMEM;
        s = realloc(q->slot, (size_t)cap * sizeof(*s));
        if (!s)
            return -ENOMEM;
        if (!q->slot_cap) {
            /* slot 0: the sentinel, key 0, never handed out */
            memset(&s[EVQ_SENTINEL], 0, sizeof(*s));
            q->nslots = EVQ_SENTINEL + 1;
        }
        q->slot = s;
        q->slot_cap = cap;
    }
    *out = q->nslots++;
    q->slot[*out].gen = 1;
    return 0;
}

/*
 * The first non-empty bucket when none is left in word @w at or after
 * base: the first non-empty word after @w, else (wrapping round) the
 * first one at all, which may be @w itself, below base.
 */
uint32_t evq__wheel_first_far(const struct evq *q, uint32_t w)
{
    uint64_t later = q->summary & ~((UINT64_C(2) << w) - 1);
    uint32_t w2 = (uint32_t)__builtin_ctzll(later ? later : q->summary);

    return w2 * 64 + (uint32_t)__builtin_ctzll(q->bits[w2]);
}

/*
 * Put @k at node @i and sift it down into the heap of @n keys.
 *
 * The loop is bound by latency: load four children, pick the smallest,
 * descend.  So the pick has no branches (which child wins is
 * unpredictable; one mispredict per level cost more than the whole pick),
 * the four keys are loaded once, and the next level's address is chosen
 * between two precomputed candidates rather than derived from the chosen
 * index.
 */
void evq__heap_sift_down(evq_key_t *h, size_t n, size_t i, evq_key_t k)
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

/* Insert @k into the heap, which has room or a deferred-popped root. */
void evq__heap_insert(struct evq *q, evq_key_t k)
{
    evq_key_t *h = q->heap;
    size_t i;

    if (q->top_popped) {
        /* the root was popped: the new key takes its place */
        q->top_popped = false;
        evq__heap_sift_down(h, q->n, 0, k);
        return;
    }
    i = q->n++;
    while (i > 0) {
        size_t parent = (i - 1) / ARITY;

        if (h[parent] <= k)
            break;
        h[i] = h[parent];
        i = parent;
    }
    h[i] = k;
}

/* Remove the heap's root: move the last key up and sift it down. */
static void heap_pop_root(struct evq *q)
{
    size_t n = --q->n;

    if (n)
        evq__heap_sift_down(q->heap, n, 0, q->heap[n]);
}

void evq__settle(struct evq *q)
{
    q->top_popped = false;
    heap_pop_root(q);
}

void evq__heap_drop_top(struct evq *q)
{
    uint32_t si = evq_key_slot(q->heap[0]);

    heap_pop_root(q);
    evq_done(q, si);
}

/*
 * The bucket width for this epoch's pushes: the wheel should span the
 * distance ahead of the clock that 95 % of them fell within (then about
 * pending / EVQ_WHEEL_N events share a bucket, and few pushes go to the
 * heap for being too far).
 */
static unsigned fit_shift(const struct evq *q)
{
    uint64_t total = 0, cum = 0;
    unsigned k = 0;

    for (unsigned i = 0; i < 64; i++)
        total += q->dist[i];
    /* distances in bin i are < 2^(i+1): find the least k covering 95 % */
    while (k < 63 && (cum += q->dist[k]) * 20 < total * 19)
        k++;
    k += 1;
    if (k <= EVQ_WHEEL_BITS)
        return 0;
    return k - EVQ_WHEEL_BITS > EVQ_SHIFT_MAX ? EVQ_SHIFT_MAX : k - EVQ_WHEEL_BITS;
}

/*
 * End of an epoch: refit the bucket width.  A new width empties the wheel
 * into the heap (a pop takes the smaller minimum of the two, so moving
 * keys between tiers never changes the order) and restarts it at the
 * clock; the wheel refills with the pushes that follow.  If the heap
 * cannot grow for the move, the width stays.
 */
void evq__retune(struct evq *q)
{
    unsigned shift = fit_shift(q);
    size_t need;

    memset(q->dist, 0, sizeof(q->dist));
    /* live < 2^24, so twice it fits */
    q->epoch_left = q->live * 2 > EVQ_EPOCH_MIN ? (uint32_t)(q->live * 2) : EVQ_EPOCH_MIN;
    if (shift == q->shift)
        return;
    if (q->top_popped)
        evq__settle(q);
    need = q->n + q->wheel_n;
    while (q->cap < need)
        if (grow_heap(q))
            return;
    for (uint32_t w = 0; w < EVQ_WHEEL_WORDS; w++) {
        while (q->bits[w]) {
            uint32_t b = w * 64 + (uint32_t)__builtin_ctzll(q->bits[w]);
            uint32_t si = q->bucket[b].head;

            while (si != EVQ_SENTINEL) {
                evq__heap_insert(q, q->slot[si].key);
                si = q->slot[si].next;
            }
            q->bucket[b].head = q->bucket[b].tail = EVQ_SENTINEL;
            q->bits[w] &= q->bits[w] - 1;
        }
    }
    q->summary = 0;
    q->wheel_n = 0;
    q->shift = shift;
    q->base = q->last_t >> shift;
}

static int cmp_key(const void *a, const void *b)
{
    evq_key_t x = *(const evq_key_t *)a, y = *(const evq_key_t *)b;

    return (x > y) - (x < y);
}

/*
 * The sequence ran out: give the queued keys new sequence numbers 0..n-1
 * in their current order, in both tiers.  The map is monotonic, so the
 * heap stays a heap, every bucket stays sorted, and (time, priority, FIFO)
 * order is unchanged.
 */
static int renumber(struct evq *q)
{
    const evq_key_t low = ((evq_key_t)1 << 56) - 1;  /* seq and slot bits */
    size_t total, m = 0;
    evq_key_t *sorted;
    uint32_t *rank;

    if (q->top_popped)
        evq__settle(q);
    total = q->n + q->wheel_n;
    sorted = malloc((total ? total : 1) * sizeof(*sorted));
    rank = malloc((q->nslots ? q->nslots : 1) * sizeof(*rank));
    if (!sorted || !rank) {
        free(sorted);
        free(rank);
        return -ENOMEM;
    }
    memcpy(sorted, q->heap, q->n * sizeof(*sorted));
    m = q->n;
    for (uint32_t b = 0; q->bucket && b < EVQ_WHEEL_N; b++)
        for (uint32_t si = q->bucket[b].head; si != EVQ_SENTINEL; si = q->slot[si].next)
            sorted[m++] = q->slot[si].key;
    qsort(sorted, total, sizeof(*sorted), cmp_key);
    for (size_t r = 0; r < total; r++)
        rank[evq_key_slot(sorted[r])] = (uint32_t)r;
    for (size_t i = 0; i < q->n; i++) {
        uint32_t si = evq_key_slot(q->heap[i]);

        q->heap[i] = (q->heap[i] & ~low) |
                     ((evq_key_t)rank[si] << EVQ_SLOT_BITS | si);
        q->slot[si].key = q->heap[i];
    }
    for (uint32_t b = 0; q->bucket && b < EVQ_WHEEL_N; b++)
        for (uint32_t si = q->bucket[b].head; si != EVQ_SENTINEL; si = q->slot[si].next)
            q->slot[si].key = (q->slot[si].key & ~low) |
                              ((evq_key_t)rank[si] << EVQ_SLOT_BITS | si);
    q->seq = total;
    free(sorted);
    free(rank);
    return 0;
}

/* evq_push() when the slab or heap must grow or the sequence renumber. */
int evq__push_slow(struct evq *q, sim_time_t when, unsigned prio, sim_cb_t cb,
                   void *arg, sim_event_t *handle)
{
    uint32_t si;

    if (__builtin_expect(q->seq >= EVQ_SEQ_LIMIT, 0) && renumber(q))
        return -ENOMEM;
    if (!q->top_popped && q->n == q->cap && grow_heap(q))
        return -ENOMEM;
    if (alloc_slot(q, &si))
        return -ENOMEM;
    evq__enqueue(q, si, when, prio, cb, arg, handle);
    return 0;
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
