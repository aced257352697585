/* SPDX-License-Identifier: MIT */
/*
 * sim_internal.h - struct sim, shared by the kernel's C files and the
 * SystemC shim.  Nothing outside sim/ includes this.
 */
#ifndef IMSLAB_SIM_INTERNAL_H
#define IMSLAB_SIM_INTERNAL_H

#include "evq.h"
#include "sim.h"
#include "trace.h"

#ifdef __cplusplus
extern "C" {
#endif

struct sim {
    struct sim_trace trace;     /* must stay first: see sim__trace_of() */
    sim_time_t now;
    struct evq q;
    enum sim_backend backend;
    uint64_t seed;
    uint64_t events_run;
    bool stop;
    bool running;
    void *backend_state;   /* SystemC: the dispatcher */
};

/*
 * Run one event popped from the queue: set now, call it, release its slot.
 * Both backends dispatch through this, so the order and the bookkeeping
 * cannot differ between them.
 */
static inline void sim__dispatch(struct sim *sim, const struct evq_payload *p,
                                 sim_time_t when)
{
    sim->now = when;
    p->cb(sim, p->arg);
    sim->events_run++;
    evq_done(&sim->q, p->slot);
}

/* SystemC backend entry points (sim/systemc/sim_systemc.cpp). */
int sim__systemc_create(struct sim *sim);
void sim__systemc_destroy(struct sim *sim);
int sim__systemc_run(struct sim *sim, sim_time_t until);
bool sim__systemc_built(void);

#ifdef __cplusplus
}
#endif

#endif /* IMSLAB_SIM_INTERNAL_H */
