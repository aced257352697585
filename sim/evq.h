/* SPDX-License-Identifier: MIT */
/*
 * evq.h - the event queue shared by both backends.
 *
 * Every queued event has a 128-bit key
 *
 *     time (64) | priority (8) | sequence (32) | slot (24)
 *
 * so one integer comparison gives the total order (time, priority, FIFO),
 * and the key alone names its event: the callback and argument live in a
 * slab entry, the slot, which is also what makes handles and lazy
 * cancellation work.
 *
 * Two tiers hold the keys, and a pop takes the smaller of their two
 * minimums, so which tier an event sits in never changes the order:
 *
 * - The wheel, for the near future: EVQ_WHEEL_N buckets of 2^shift ps
 *   covering the absolute bucket numbers [base, base + EVQ_WHEEL_N), where
 *   base is the bucket of the last event popped; shift is refitted every
 *   epoch so the wheel spans how far ahead 95 % of pushes go (evq__retune(),
 *   evq.c).  A bucket is a list of
 *   slots sorted by key; a bitmap with a one-word summary finds the first
 *   non-empty bucket from base in a few instructions.  A push lands in the
 *   wheel only when that costs O(1): the bucket is empty, or the key goes
 *   after its last entry (the common FIFO case at one instant) or before
 *   its first.
 * - The heap, for everything else (far events, keys that would need a walk
 *   inside a bucket, and in white-box use keys before base): a 4-ary
 *   min-heap of bare keys laid out so that every group of four siblings
 *   fills one 64-byte cache line, with the best of four children picked
 *   without branches.
 *
 * Heap pops are deferred: popping the heap's root only marks it empty, and
 * the next push to the heap (a callback rescheduling far ahead) fills the
 * root and sifts down once, instead of a sift-down for the pop plus a
 * sift-up for the push.  Any other heap operation completes the pending
 * pop first.  docs/kernel.md ("The queue") gives the measurements behind
 * each choice.
 *
 * Limits: at most 2^24 - 2 (16.7 M) events pending at once (queued,
 * including cancelled ones not yet dropped); evq_push() fails with -ENOMEM
 * beyond.  The 32-bit sequence is renumbered in place, preserving the
 * order, when it runs out (every 4 G pushes).
 *
 * Cancellation is lazy: sim_cancel() marks the slot and the pop that meets
 * it drops it.  A handle is (generation << 32) | slot; generations start
 * at 1 and skip 0 on wrap, so 0 is never a handle.
 */
#ifndef IMSLAB_SIM_EVQ_H
#define IMSLAB_SIM_EVQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef unsigned __int128 evq_key_t;

#define EVQ_SLOT_BITS 24
#define EVQ_SLOT_MASK ((UINT32_C(1) << EVQ_SLOT_BITS) - 1)
#define EVQ_SEQ_BITS 32
#define EVQ_SEQ_LIMIT (UINT64_C(1) << EVQ_SEQ_BITS)
#define EVQ_NO_SLOT EVQ_SLOT_MASK   /* never a slot: the free list's end */
/* Slot 0 is never an event: its key is 0, below every real key, and it
 * ends every bucket list (an empty bucket has head = tail = 0). */
#define EVQ_SENTINEL 0

/* The wheel: 4096 buckets (the summary word has one bit per bitmap word,
 * so EVQ_WHEEL_N is at most 64 * 64) of 2^shift ps, shift adapted to the
 * workload in [0, EVQ_SHIFT_MAX], starting at EVQ_SHIFT_INIT (1.024 ns). */
#define EVQ_SHIFT_INIT 10
#define EVQ_SHIFT_MAX 48
#define EVQ_WHEEL_BITS 12
#define EVQ_WHEEL_N (UINT32_C(1) << EVQ_WHEEL_BITS)
#define EVQ_WHEEL_MASK (EVQ_WHEEL_N - 1)
#define EVQ_WHEEL_WORDS (EVQ_WHEEL_N / 64)
/* Pushes between two looks at the wheel's fit: at least this many, and at
 * least twice the events pending, so re-bucketing costs O(1) a push. */
#define EVQ_EPOCH_MIN 4096

enum evq_slot_state {
    EVQ_FREE = 0,
    EVQ_PENDING,
    EVQ_CANCELLED,
    EVQ_RUNNING,
};

/* What a pop hands to the dispatcher. */
struct evq_payload {
    sim_cb_t cb;
    void *arg;
    uint32_t slot;
};

struct evq_slot {
    evq_key_t key;           /* while queued */
    sim_cb_t cb;
    void *arg;
    uint32_t next;           /* the next slot in a wheel bucket (EVQ_SENTINEL
                                ends it), or in the free list while EVQ_FREE */
    uint32_t gen;
    uint32_t state;          /* enum evq_slot_state */
};

/* A wheel bucket: a list of slots in key order; head EVQ_SENTINEL: empty. */
struct evq_bucket {
    uint32_t head, tail;
};

struct evq {
    /* the wheel */
    uint64_t base;          /* absolute bucket (time >> shift) of the
                               wheel's first bucket; never decreases while
                               shift stays */
    unsigned shift;         /* a bucket is 2^shift ps */
    sim_time_t last_t;      /* time of the last event popped */
    uint32_t epoch_left;    /* pushes until evq__retune() */
    uint32_t dist[64];      /* this epoch's pushes by floor(log2(time -
                               last_t)): what the wheel's span should cover */
    uint64_t summary;       /* bit w: bits[w] != 0 */
    uint64_t bits[EVQ_WHEEL_WORDS];     /* bit i: bucket i is not empty */
    struct evq_bucket *bucket;          /* EVQ_WHEEL_N, allocated with the
                                           first slot */
    size_t wheel_n;         /* keys in the wheel, cancelled ones included */
    /* the heap */
    evq_key_t *heap;        /* heap[0] is the root; see EVQ_HEAP_PAD */
    size_t n;               /* keys in the heap, a deferred-popped root included */
    size_t cap;
    bool top_popped;        /* heap[0] was popped; the next heap push replaces it */
    void *mem;              /* the heap's allocation */
    /* the slab */
    struct evq_slot *slot;
    uint32_t nslots, slot_cap, free_head;
    uint64_t seq;           /* next insertion sequence; renumbered at EVQ_SEQ_LIMIT */
    size_t live;            /* queued and not cancelled */
};

static inline evq_key_t evq_make_key(sim_time_t t, unsigned prio, uint64_t seq,
                                     uint32_t slot)
{
    return ((evq_key_t)t << 64) |
           ((uint64_t)(prio & 0xffu) << 56 | seq << EVQ_SLOT_BITS | slot);
}

static inline sim_time_t evq_key_time(evq_key_t k)
{
    return (sim_time_t)(k >> 64);
}

static inline uint32_t evq_key_slot(evq_key_t k)
{
    return (uint32_t)k & EVQ_SLOT_MASK;
}

int evq_init(struct evq *q);
void evq_fini(struct evq *q);

/* Internal: the out-of-line parts of the inline functions below. */
void evq__settle(struct evq *q);        /* complete a deferred heap pop */
void evq__heap_drop_top(struct evq *q); /* drop the heap's cancelled root */
void evq__heap_sift_down(evq_key_t *h, size_t n, size_t i, evq_key_t k);
void evq__heap_insert(struct evq *q, evq_key_t k);
void evq__retune(struct evq *q);
uint32_t evq__wheel_first_far(const struct evq *q, uint32_t w);
int evq__push_slow(struct evq *q, sim_time_t when, unsigned prio, sim_cb_t cb,
                   void *arg, sim_event_t *handle);

/* The first non-empty bucket from base, circularly.  Needs wheel_n > 0. */
static inline uint32_t evq__wheel_first(const struct evq *q)
{
    uint32_t cur = (uint32_t)q->base & EVQ_WHEEL_MASK;
    uint32_t w = cur / 64;
    uint64_t m = q->bits[w] & (~UINT64_C(0) << (cur % 64));

    if (__builtin_expect(m != 0, 1))
        return w * 64 + (uint32_t)__builtin_ctzll(m);
    return evq__wheel_first_far(q, w);
}

/* Unlink the first entry of bucket @b (whose head is @s). */
static inline void evq__wheel_unlink_head(struct evq *q, uint32_t b,
                                          const struct evq_slot *s)
{
    struct evq_bucket *bk = &q->bucket[b];

    bk->head = s->next;
    if (bk->head == EVQ_SENTINEL) {
        uint32_t w = b / 64;

        bk->tail = EVQ_SENTINEL;
        q->bits[w] &= ~(UINT64_C(1) << (b % 64));
        if (!q->bits[w])
            q->summary &= ~(UINT64_C(1) << w);
    }
    q->wheel_n--;
}

/*
 * Put key @k of slot @si (whose key field is set) where it belongs: the
 * wheel when that is O(1), else the heap, which must have room (or a
 * deferred-popped root).
 */
static inline void evq__place(struct evq *q, uint32_t si, evq_key_t k)
{
    struct evq_slot *s = &q->slot[si];
    uint64_t ab = evq_key_time(k) >> q->shift;

    if (__builtin_expect(ab - q->base < EVQ_WHEEL_N, 1)) {
        uint32_t b = (uint32_t)ab & EVQ_WHEEL_MASK;
        struct evq_bucket *bk = &q->bucket[b];
        uint32_t tail = bk->tail;

        /* An empty bucket's tail is the sentinel, whose key is below
         * every key: empty and "after the last entry" are one case. */
        if (__builtin_expect(k > q->slot[tail].key, 1)) {
            q->slot[tail].next = si;
            bk->tail = si;
            bk->head = bk->head ? bk->head : si;
            s->next = EVQ_SENTINEL;
            q->bits[b / 64] |= UINT64_C(1) << (b % 64);
            q->summary |= UINT64_C(1) << (b / 64);
            q->wheel_n++;
            return;
        }
        if (k < q->slot[bk->head].key) {
            s->next = bk->head;
            bk->head = si;
            q->wheel_n++;
            return;
        }
        /* between two entries of one bucket: the heap keeps it in order */
    }
    evq__heap_insert(q, k);
}

/*
 * Count a push's distance ahead of the clock, and every epoch let the
 * wheel's bucket width follow the workload (evq__retune()).
 */
static inline void evq__observe(struct evq *q, sim_time_t when)
{
    q->dist[63 - __builtin_clzll((when - q->last_t) | 1)]++;
    if (__builtin_expect(--q->epoch_left == 0, 0))
        evq__retune(q);
}

/* Queue the event in slot @si, just taken from the free list. */
static inline void evq__enqueue(struct evq *q, uint32_t si, sim_time_t when,
                                unsigned prio, sim_cb_t cb, void *arg,
                                sim_event_t *handle)
{
    struct evq_slot *s = &q->slot[si];
    evq_key_t k = evq_make_key(when, prio, q->seq++, si);

    s->cb = cb;
    s->arg = arg;
    s->state = EVQ_PENDING;
    s->key = k;
    evq__place(q, si, k);
    q->live++;
    if (handle)
        *handle = ((uint64_t)s->gen << 32) | si;
    evq__observe(q, when);
}

/*
 * Push; returns 0 or -ENOMEM (out of memory, or 2^24 - 2 events already
 * pending), and the handle through @handle.
 *
 * Inline fast path: a free slot is at hand, the heap has room (or its
 * root was just popped) and the sequence is not about to be renumbered.
 */
static inline int evq_push(struct evq *q, sim_time_t when, unsigned prio,
                           sim_cb_t cb, void *arg, sim_event_t *handle)
{
    uint32_t si = q->free_head;

    if (__builtin_expect(si == EVQ_NO_SLOT || q->seq >= EVQ_SEQ_LIMIT ||
                         (!q->top_popped && q->n == q->cap), 0))
        return evq__push_slow(q, when, prio, cb, arg, handle);
    q->free_head = q->slot[si].next;
    evq__enqueue(q, si, when, prio, cb, arg, handle);
    return 0;
}

/* Release the slot of an event whose callback has returned (or that was
 * cancelled and is being dropped). */
static inline void evq_done(struct evq *q, uint32_t slot)
{
    struct evq_slot *s = &q->slot[slot];

    s->state = EVQ_FREE;
    if (__builtin_expect(++s->gen == 0, 0))
        s->gen = 1;     /* generation 0 is never used: handles stay nonzero */
    s->next = q->free_head;
    q->free_head = slot;
}

/*
 * The earliest live key, dropping cancelled ones met on the way.  Sets
 * *@bucket to its wheel bucket, or EVQ_WHEEL_N when it is the heap's root.
 * Returns false when the queue holds no live event.
 */
static inline bool evq__min(struct evq *q, evq_key_t *key, uint32_t *bucket)
{
    for (;;) {
        evq_key_t k;
        uint32_t b, si;

        if (q->top_popped)
            evq__settle(q);
        if (__builtin_expect(q->wheel_n != 0, 1)) {
            b = evq__wheel_first(q);
            si = q->bucket[b].head;
            k = q->slot[si].key;
            if (__builtin_expect(q->n != 0, 0) && q->heap[0] < k) {
                b = EVQ_WHEEL_N;
                k = q->heap[0];
                si = evq_key_slot(k);
            }
        } else if (q->n) {
            b = EVQ_WHEEL_N;
            k = q->heap[0];
            si = evq_key_slot(k);
        } else {
            return false;
        }
        if (__builtin_expect(q->slot[si].state == EVQ_CANCELLED, 0)) {
            if (b == EVQ_WHEEL_N) {
                evq__heap_drop_top(q);
            } else {
                evq__wheel_unlink_head(q, b, &q->slot[si]);
                evq_done(q, si);
            }
            continue;
        }
        *key = k;
        *bucket = b;
        return true;
    }
}

/*
 * Pop the earliest live event if its time is <= @until (cancelled entries
 * met on the way are dropped).  Returns 1 with the event in @out and its
 * time in *@when; 0 when the earliest event is later than @until, with
 * its time in *@when; -1 when no live event is queued.  A popped event's
 * slot is left in EVQ_RUNNING; call evq_done() after its callback.
 *
 * Inline: this is the inner loop of both backends (the SystemC dispatcher
 * uses the 0 case's time to arm its next activation without a second
 * search).
 */
static inline int evq_pop_or_peek(struct evq *q, sim_time_t until,
                                  struct evq_payload *out, sim_time_t *when)
{
    evq_key_t k;
    uint32_t b, si;
    struct evq_slot *s;
    sim_time_t t;
    uint64_t ab;

    if (!evq__min(q, &k, &b))
        return -1;
    t = evq_key_time(k);
    *when = t;
    if (t > until)
        return 0;
    si = evq_key_slot(k);
    s = &q->slot[si];
    if (__builtin_expect(b != EVQ_WHEEL_N, 1))
        evq__wheel_unlink_head(q, b, s);
    else
        q->top_popped = true;
    /* Every key left is >= k, so the wheel may start at k's bucket. */
    ab = t >> q->shift;
    if (ab > q->base)
        q->base = ab;
    q->last_t = t;
    out->cb = s->cb;
    out->arg = s->arg;
    out->slot = si;
    s->state = EVQ_RUNNING;
    q->live--;
    return 1;
}

/*
 * Pop the earliest live event with time <= @until into @out, its time into
 * *@when; false when there is no such event (see evq_pop_or_peek()).
 */
static inline bool evq_pop_until(struct evq *q, sim_time_t until,
                                 struct evq_payload *out, sim_time_t *when)
{
    return evq_pop_or_peek(q, until, out, when) > 0;
}

/* Time of the earliest live event, or false when there is none. */
static inline bool evq_peek_time(struct evq *q, sim_time_t *when)
{
    evq_key_t k;
    uint32_t b;

    if (!evq__min(q, &k, &b))
        return false;
    *when = evq_key_time(k);
    return true;
}

int evq_cancel(struct evq *q, sim_event_t handle);

#ifdef __cplusplus
}
#endif

#endif /* IMSLAB_SIM_EVQ_H */
