/* SPDX-License-Identifier: MIT */
/*
 * evq.h - the event queue shared by both backends.
 *
 * A 4-ary min-heap.  Each entry's key is 128 bits, (time << 64) | (priority
 * << 56) | sequence, so one integer comparison gives the total order (time,
 * priority, FIFO).  Keys live in their own array, apart from the payloads,
 * so sifting touches as few cache lines as possible (measured in
 * ../shared/reference/tooling.md section 3 and bench/kernel).
 *
 * Cancellation is lazy: every queued event owns a slot in a slab with a
 * generation count; sim_cancel() marks the slot and the pop that meets it
 * drops it.  The handle is (generation << 32) | slot.
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

#define EVQ_SEQ_BITS 56
#define EVQ_SEQ_MASK ((UINT64_C(1) << EVQ_SEQ_BITS) - 1)

enum evq_slot_state {
    EVQ_FREE = 0,
    EVQ_PENDING,
    EVQ_CANCELLED,
    EVQ_RUNNING,
};

struct evq_payload {
    sim_cb_t cb;
    void *arg;
    uint32_t slot;
};

struct evq_slot {
    uint32_t gen;
    uint32_t state;     /* enum evq_slot_state */
    uint32_t next_free; /* free-list link while EVQ_FREE */
};

struct evq {
    evq_key_t *key;
    struct evq_payload *pl;
    size_t n, cap;
    struct evq_slot *slot;
    uint32_t nslots, slot_cap, free_head;
    uint64_t seq;       /* next insertion sequence */
    size_t live;        /* queued and not cancelled */
};

#define EVQ_NO_SLOT UINT32_MAX

static inline evq_key_t evq_make_key(sim_time_t t, unsigned prio, uint64_t seq)
{
    return ((evq_key_t)t << 64) |
           ((evq_key_t)(prio & 0xffu) << EVQ_SEQ_BITS) | (seq & EVQ_SEQ_MASK);
}

static inline sim_time_t evq_key_time(evq_key_t k)
{
    return (sim_time_t)(k >> 64);
}

int evq_init(struct evq *q);
void evq_fini(struct evq *q);

/* Push; returns 0 or -ENOMEM, and the handle through @handle. */
int evq_push(struct evq *q, sim_time_t when, unsigned prio, sim_cb_t cb,
             void *arg, sim_event_t *handle);

/*
 * Pop the earliest live event with time <= @until into @out (cancelled
 * entries met on the way are dropped).  The event's slot is left in
 * EVQ_RUNNING; call evq_done() after its callback.
 * Returns false when no such event exists.
 */
bool evq_pop_until(struct evq *q, sim_time_t until, struct evq_payload *out,
                   sim_time_t *when);

/* Time of the earliest live event, or false when there is none. */
bool evq_peek_time(struct evq *q, sim_time_t *when);

void evq_done(struct evq *q, uint32_t slot);

int evq_cancel(struct evq *q, sim_event_t handle);

#ifdef __cplusplus
}
#endif

#endif /* IMSLAB_SIM_EVQ_H */
