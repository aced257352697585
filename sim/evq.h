/* SPDX-License-Identifier: MIT */
/*
 * evq.h - the event queue shared by both backends.
 *
 * A 4-ary min-heap of 128-bit keys
 *
 *     time (64) | priority (8) | sequence (32) | slot (24)
 *
 * so one integer comparison gives the total order (time, priority, FIFO),
 * and the key alone names its event: the callback and argument live in a
 * slab entry, the slot, which is also what makes handles and lazy
 * cancellation work.  Sifting moves 16-byte keys only, the heap is laid
 * out so that every group of four siblings fills one 64-byte cache line,
 * and the best of four children is picked without branches (measured in
 * docs/kernel.md, "Measured").
 *
 * Limits: at most 2^24 - 1 (16.7 M) events pending at once (queued,
 * including cancelled ones not yet dropped); evq_push() fails with -ENOMEM
 * beyond.  The 32-bit sequence is renumbered in place, preserving the
 * order, when it runs out (every 4 G pushes).
 *
 * Cancellation is lazy: sim_cancel() marks the slot and the pop that meets
 * it drops it.  A handle is (generation << 32) | slot; generations start
 * at 1 and skip 0 on wrap, so 0 is never a handle.
 *
 * Pops are deferred: popping the top only marks the root empty, and the
 * next push (the common case: a callback reschedules) fills the root and
 * sifts down once, instead of a sift-down for the pop plus a sift-up for
 * the push.  Any other operation completes the pending pop first.
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
#define EVQ_NO_SLOT EVQ_SLOT_MASK   /* never a slot: the free-list end */

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
    sim_cb_t cb;
    union {
        void *arg;           /* while queued or running */
        uint32_t next_free;  /* while EVQ_FREE */
    };
    uint32_t gen;
    uint32_t state;          /* enum evq_slot_state */
};

struct evq {
    evq_key_t *heap;    /* heap[0] is the root; see EVQ_HEAP_PAD */
    size_t n;           /* keys in the heap, the deferred-popped root included */
    size_t cap;
    bool top_popped;    /* heap[0] was popped; the next push replaces it */
    struct evq_slot *slot;
    uint32_t nslots, slot_cap, free_head;
    uint64_t seq;       /* next insertion sequence; renumbered at EVQ_SEQ_LIMIT */
    size_t live;        /* queued and not cancelled */
    void *mem;          /* the heap's allocation */
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
void evq__settle(struct evq *q);        /* complete a deferred pop */
void evq__drop_top(struct evq *q);      /* drop the cancelled top */
void evq__sift_down(evq_key_t *h, size_t n, size_t i, evq_key_t k);
int evq__push_slow(struct evq *q, sim_time_t when, unsigned prio, sim_cb_t cb,
                   void *arg, sim_event_t *handle);
bool evq__peek_slow(struct evq *q, sim_time_t *when);

/*
 * Push; returns 0 or -ENOMEM (out of memory, or 2^24 - 1 events already
 * pending), and the handle through @handle.
 *
 * Inline fast path: a free slot is at hand, the heap has room (or its
 * root was just popped) and the sequence is not about to be renumbered.
 */
static inline int evq_push(struct evq *q, sim_time_t when, unsigned prio,
                           sim_cb_t cb, void *arg, sim_event_t *handle)
{
    struct evq_slot *s;
    uint32_t si = q->free_head;
    evq_key_t k;

    if (__builtin_expect(si == EVQ_NO_SLOT || q->seq >= EVQ_SEQ_LIMIT ||
                         (!q->top_popped && q->n == q->cap), 0))
        return evq__push_slow(q, when, prio, cb, arg, handle);
    s = &q->slot[si];
    q->free_head = s->next_free;
    s->cb = cb;
    s->arg = arg;
    s->state = EVQ_PENDING;
    k = evq_make_key(when, prio, q->seq++, si);
    if (q->top_popped) {
        /* the root was popped: the new key takes its place */
        q->top_popped = false;
        evq__sift_down(q->heap, q->n, 0, k);
    } else {
        evq_key_t *h = q->heap;
        size_t i = q->n++;

        while (i > 0) {
            size_t parent = (i - 1) / 4;

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

/*
 * Pop the earliest live event with time <= @until into @out (cancelled
 * entries met on the way are dropped).  The event's slot is left in
 * EVQ_RUNNING; call evq_done() after its callback.
 * Returns false when no such event exists.
 *
 * Inline: this is the inner loop of both backends.
 */
static inline bool evq_pop_until(struct evq *q, sim_time_t until,
                                 struct evq_payload *out, sim_time_t *when)
{
    for (;;) {
        evq_key_t k;
        struct evq_slot *s;
        uint32_t si;

        if (q->top_popped)
            evq__settle(q);
        if (__builtin_expect(q->n == 0, 0))
            return false;
        k = q->heap[0];
        si = evq_key_slot(k);
        s = &q->slot[si];
        if (__builtin_expect(s->state == EVQ_CANCELLED, 0)) {
            evq__drop_top(q);
            continue;
        }
        if (evq_key_time(k) > until)
            return false;
        out->cb = s->cb;
        out->arg = s->arg;
        out->slot = si;
        *when = evq_key_time(k);
        s->state = EVQ_RUNNING;
        q->top_popped = true;
        q->live--;
        return true;
    }
}

/* Time of the earliest live event, or false when there is none. */
static inline bool evq_peek_time(struct evq *q, sim_time_t *when)
{
    if (__builtin_expect(q->top_popped || !q->n ||
                         q->slot[evq_key_slot(q->heap[0])].state == EVQ_CANCELLED, 0))
        return evq__peek_slow(q, when);
    *when = evq_key_time(q->heap[0]);
    return true;
}

/* Release the slot of an event whose callback has returned. */
static inline void evq_done(struct evq *q, uint32_t slot)
{
    struct evq_slot *s = &q->slot[slot];

    s->state = EVQ_FREE;
    if (__builtin_expect(++s->gen == 0, 0))
        s->gen = 1;     /* generation 0 is never used: handles stay nonzero */
    s->next_free = q->free_head;
    q->free_head = slot;
}

int evq_cancel(struct evq *q, sim_event_t handle);

#ifdef __cplusplus
}
#endif

#endif /* IMSLAB_SIM_EVQ_H */
