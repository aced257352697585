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
};

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

#ifdef __cplusplus
}
#endif

#endif /* IMSLAB_SIM_WORKLOAD_H */
