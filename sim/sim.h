/* SPDX-License-Identifier: MIT */
/*
 * sim.h - the imslab discrete-event kernel.
 *
 * One simulation is one struct sim: a clock in picoseconds, a queue of
 * pending events, a root seed for the model RNG streams and the trace state.
 * There are no globals: several simulations may live in one process on the
 * native backend.  The SystemC backend runs at most one simulation per
 * process (SystemC cannot restart its kernel); see docs/kernel.md.
 *
 * Order: events run in the total order (time, priority, insertion sequence).
 * A lower priority value runs first at equal time; equal time and priority
 * run first-in first-out.  Both backends honour the same order, so a run is
 * reproducible bit for bit on either.
 */
#ifndef IMSLAB_SIM_H
#define IMSLAB_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** typedef sim_time_t - simulated time in picoseconds. */
typedef uint64_t sim_time_t;

/** SIM_TIME_MAX - the largest time; every time sum saturates here. */
#define SIM_TIME_MAX UINT64_MAX
/** SIM_FOREVER - "until": run until no event is left (or a stop). */
#define SIM_FOREVER SIM_TIME_MAX

#define SIM_PS(x) ((sim_time_t)(x))
#define SIM_NS(x) ((sim_time_t)(x) * 1000u)
#define SIM_US(x) ((sim_time_t)(x) * 1000000u)
#define SIM_MS(x) ((sim_time_t)(x) * 1000000000u)

/**
 * sim_time_add - saturating addition of two times.
 * @a: a time
 * @b: another time
 *
 * Return: a + b, or %SIM_TIME_MAX when the sum does not fit.
 */
static inline sim_time_t sim_time_add(sim_time_t a, sim_time_t b)
{
    sim_time_t s = a + b;

    return s < a ? SIM_TIME_MAX : s;
}

/**
 * sim_time_mul - saturating multiplication of a time by a count.
 * @t: a time
 * @n: a count
 *
 * Return: t * n, or %SIM_TIME_MAX when the product does not fit.
 */
static inline sim_time_t sim_time_mul(sim_time_t t, uint64_t n)
{
    sim_time_t p;

    if (__builtin_mul_overflow(t, n, &p))
        return SIM_TIME_MAX;
    return p;
}

/**
 * sim_time_sub - saturating subtraction (never below zero).
 * @a: a time
 * @b: the time to take away
 *
 * Return: a - b, or 0 when b > a.
 */
static inline sim_time_t sim_time_sub(sim_time_t a, sim_time_t b)
{
    return a > b ? a - b : 0;
}

/* Named priorities (lower runs first at equal time). */
enum sim_prio {
    SIM_PRIO_FIRST   = 0,
    SIM_PRIO_HW      = 64,   /* hardware state changes before software sees them */
    SIM_PRIO_DEFAULT = 128,
    SIM_PRIO_SW      = 192,  /* software reactions at the same instant */
    SIM_PRIO_LAST    = 255,
};

enum sim_backend {
    SIM_BACKEND_NATIVE  = 0,
    SIM_BACKEND_SYSTEMC = 1,
};

/** sim_run() return values. */
enum sim_run_status {
    SIM_RUN_DONE    = 0, /* reached @until, or the queue ran empty */
    SIM_RUN_STOPPED = 1, /* sim_stop() was called by an event */
};

struct sim;

/**
 * typedef sim_event_t - handle of a scheduled event, for sim_cancel().
 * Zero is never a valid handle.
 */
typedef uint64_t sim_event_t;

/** typedef sim_cb_t - an event callback; @arg is what was scheduled. */
typedef void (*sim_cb_t)(struct sim *sim, void *arg);

/**
 * struct sim_config - how to create a simulation.
 * @backend: which kernel runs the events
 * @seed: root seed of every RNG stream derived with sim_rng_stream()
 */
struct sim_config {
    enum sim_backend backend;
    uint64_t seed;
};

/**
 * sim_create - create a simulation at time 0 with an empty queue.
 * @out: receives the new simulation
 * @cfg: backend and seed; NULL means native backend, seed 0
 *
 * Return: 0, -ENOMEM, -ENOTSUP (backend not built in), or -EBUSY (SystemC
 * backend: a simulation already exists in this process).
 */
int sim_create(struct sim **out, const struct sim_config *cfg);

/**
 * sim_destroy - free a simulation; pending events are dropped unrun.
 * @sim: the simulation (NULL is ignored)
 */
void sim_destroy(struct sim *sim);

/**
 * sim_schedule_at - schedule @cb(@arg) at absolute time @when.
 * @sim: the simulation
 * @when: absolute time, not before sim_now()
 * @prio: priority at equal time (lower first; see enum sim_prio)
 * @cb: the callback
 * @arg: its argument
 * @handle: receives a handle for sim_cancel(); may be NULL
 *
 * An event may be scheduled at the current time from inside a callback; it
 * runs after every event already queued for that (time, priority).
 *
 * Return: 0, -EINVAL (@when is in the past, @cb is NULL or @prio > 255),
 * -ENOMEM (out of memory, or 2^24 - 1 events already pending).
 */
int sim_schedule_at(struct sim *sim, sim_time_t when, unsigned prio,
                    sim_cb_t cb, void *arg, sim_event_t *handle);

/**
 * sim_schedule_in - schedule @cb(@arg) @delay after now (saturating).
 * @sim: the simulation
 * @delay: relative time
 * @prio: priority at equal time
 * @cb: the callback
 * @arg: its argument
 * @handle: receives a handle for sim_cancel(); may be NULL
 *
 * Return: as sim_schedule_at().
 */
int sim_schedule_in(struct sim *sim, sim_time_t delay, unsigned prio,
                    sim_cb_t cb, void *arg, sim_event_t *handle);

/**
 * sim_cancel - cancel a pending event.
 * @sim: the simulation
 * @handle: what sim_schedule_at() or sim_schedule_in() returned
 *
 * Return: 0 when the event was pending and will not run; -EALREADY when it
 * is the event running now (it is not undone); -ENOENT when the handle is
 * unknown, already ran, or was already cancelled.
 */
int sim_cancel(struct sim *sim, sim_event_t handle);

/**
 * sim_run - run events in order until a time, until empty, or until a stop.
 * @sim: the simulation
 * @until: run every event with time <= @until; %SIM_FOREVER runs until the
 *         queue is empty
 *
 * On %SIM_RUN_DONE with a finite @until, sim_now() is @until afterwards even
 * when the queue ran empty earlier.  With %SIM_FOREVER, sim_now() is the
 * time of the last event run.  On %SIM_RUN_STOPPED, sim_now() is the time of
 * the event that called sim_stop(); the next sim_run() continues from there.
 *
 * Return: enum sim_run_status, or -EINVAL when @until is in the past, or a
 * negative errno from the backend.
 */
int sim_run(struct sim *sim, sim_time_t until);

/**
 * sim_stop - ask sim_run() to return after the event running now.
 * @sim: the simulation
 */
void sim_stop(struct sim *sim);

/** sim_now - the current simulated time. */
sim_time_t sim_now(const struct sim *sim);

/** sim_pending - the number of events queued and not cancelled. */
size_t sim_pending(const struct sim *sim);

/** sim_events_run - the number of callbacks run since creation. */
uint64_t sim_events_run(const struct sim *sim);

/** sim_backend - the backend this simulation runs on. */
enum sim_backend sim_backend_of(const struct sim *sim);

/** sim_seed - the root seed given at creation. */
uint64_t sim_seed(const struct sim *sim);

/**
 * sim_backend_parse - parse "native" or "systemc".
 * @name: the name
 * @out: receives the backend
 *
 * Return: 0 or -EINVAL.
 */
int sim_backend_parse(const char *name, enum sim_backend *out);

/** sim_backend_name - "native" or "systemc". */
const char *sim_backend_name(enum sim_backend b);

/** sim_backend_available - true when @b was built into this binary. */
bool sim_backend_available(enum sim_backend b);

#ifdef __cplusplus
}
#endif

#endif /* IMSLAB_SIM_H */
