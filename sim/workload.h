/* SPDX-License-Identifier: MIT */
/*
 * workload.h - the kernel's reference workload, shared by the self-check,
 * the determinism test and bench/kernel.
 *
 * @contexts self-rescheduling contexts each draw a delay in [1, max_delay]
 * ps (or in whole multiples of @grain) from their own RNG stream and emit one trace point (context id) per
 * event, so the trace hash folds in (time, id) of every event.  Contexts
 * stop rescheduling once @events callbacks have run, so a run executes
 * @events + @contexts - 1 callbacks.
 */
#ifndef IMSLAB_SIM_WORKLOAD_H
#define IMSLAB_SIM_WORKLOAD_H

#include <stdbool.h>
#include <stdint.h>

#include "sim.h"

#ifdef __cplusplus
extern "C" {
#endif

struct sim_workload_cfg {
    uint64_t events;
    unsigned contexts;
    sim_time_t max_delay;
    unsigned priorities;   /* spread events over this many priorities (>= 1) */
    bool no_trace_hash;    /* measure without hashing (trace_hash stays at
                              SIM_TRACE_HASH_INIT); default: hashed */
    sim_time_t grain;      /* delays are whole multiples of this many ps,
                              in [grain, max_delay]; 0 or 1: any ps */
};

struct sim_workload_result {
    uint64_t events;       /* callbacks run */
    uint64_t trace_hash;
    sim_time_t end_time;
    uint64_t order_errors; /* events seen out of (time, priority) order */
    uint64_t distinct_times; /* distinct event times: the SystemC backend's
                                dispatcher activations */
};

/*
 * The workload's delay: xorshift64 over a context's state @x, mapped onto
 * [1, @max] units of @grain ps by multiply-high (Lemire), which costs a
 * multiply instead of a division; its bias is below max / 2^64.
 */
static inline sim_time_t sim_workload_delay(uint64_t *x, sim_time_t max,
                                            sim_time_t grain)
{
    uint64_t v = *x;

    v ^= v << 13;
    v ^= v >> 7;
    v ^= v << 17;
    *x = v;
    return grain * (1 + (sim_time_t)(((unsigned __int128)v * max) >> 64));
}

/**
 * sim_workload_run - run the reference workload on a fresh simulation.
 * @sim: a simulation at time 0 with an empty queue
 * @cfg: the workload
 * @res: the outcome
 *
 * Return: 0 or a negative errno (scheduling or run failure).
 */
int sim_workload_run(struct sim *sim, const struct sim_workload_cfg *cfg,
                     struct sim_workload_result *res);

/**
 * sim_systemc_floor - SystemC's own cost of one activation, with no queue
 * and no callback: a bare SC_METHOD that re-notifies its own sc_event
 * @activations times, at delays drawn from [1, @max_delay] ps by the same
 * generator as the workload's.  This is what the SystemC backend pays per
 * distinct event time on top of the native kernel's work at best.
 * @activations: how many activations (>= 1)
 * @max_delay: the longest delay, ps (>= 1)
 * @seed: the delay stream's seed
 * @seconds: wall time of the sc_start() that runs them
 *
 * SystemC runs one simulation per process: call it in a child process of
 * its own, before (and instead of) any SystemC simulation there.
 *
 * Return: 0, -EINVAL, -ENOTSUP (SystemC not built), -EBUSY (SystemC was
 * already used in this process) or -EIO.
 */
int sim_systemc_floor(uint64_t activations, sim_time_t max_delay, uint64_t seed,
                      double *seconds);

#ifdef __cplusplus
}
#endif

#endif /* IMSLAB_SIM_WORKLOAD_H */
