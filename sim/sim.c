/* SPDX-License-Identifier: MIT */
/* sim.c - simulation context, scheduling, and the native run loop. */
#include "sim_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int sim_create(struct sim **out, const struct sim_config *cfg)
{
    struct sim_config def = { .backend = SIM_BACKEND_NATIVE, .seed = 0 };
    struct sim *sim;
    int rc;

    if (!out)
        return -EINVAL;
    *out = NULL;
    if (!cfg)
        cfg = &def;
    if (cfg->backend != SIM_BACKEND_NATIVE && cfg->backend != SIM_BACKEND_SYSTEMC)
        return -EINVAL;
    if (!sim_backend_available(cfg->backend))
        return -ENOTSUP;
    sim = calloc(1, sizeof(*sim));
    if (!sim)
        return -ENOMEM;
    evq_init(&sim->q);
    sim->backend = cfg->backend;
    sim->seed = cfg->seed;
    sim->trace.hash = SIM_TRACE_HASH_INIT;
    sim->trace.now = &sim->now;
    if (sim->backend == SIM_BACKEND_SYSTEMC) {
        rc = sim__systemc_create(sim);
        if (rc) {
            evq_fini(&sim->q);
            free(sim);
            return rc;
        }
    }
    *out = sim;
    return 0;
}

void sim_destroy(struct sim *sim)
{
    if (!sim)
        return;
    if (sim->backend == SIM_BACKEND_SYSTEMC)
        sim__systemc_destroy(sim);
    evq_fini(&sim->q);
    free(sim->trace.info);
    free(sim);
}

int sim_schedule_at(struct sim *sim, sim_time_t when, unsigned prio,
                    sim_cb_t cb, void *arg, sim_event_t *handle)
{
    if (!cb || when < sim->now || prio > SIM_PRIO_LAST)
        return -EINVAL;
    return evq_push(&sim->q, when, prio, cb, arg, handle);
}

int sim_schedule_in(struct sim *sim, sim_time_t delay, unsigned prio,
                    sim_cb_t cb, void *arg, sim_event_t *handle)
{
    return sim_schedule_at(sim, sim_time_add(sim->now, delay), prio, cb, arg,
                           handle);
}

int sim_cancel(struct sim *sim, sim_event_t handle)
{
    return evq_cancel(&sim->q, handle);
}

static int native_run(struct sim *sim, sim_time_t until)
{
    struct evq_payload p;
    sim_time_t when;

    while (evq_pop_until(&sim->q, until, &p, &when)) {
        sim__dispatch(sim, &p, when);
        if (sim->stop)
            return SIM_RUN_STOPPED;
    }
    if (until != SIM_FOREVER)
        sim->now = until;
    return SIM_RUN_DONE;
}

int sim_run(struct sim *sim, sim_time_t until)
{
    int rc;

    if (until < sim->now || sim->running)
        return -EINVAL;
    sim->stop = false;
    sim->running = true;
    if (sim->backend == SIM_BACKEND_SYSTEMC)
        rc = sim__systemc_run(sim, until);
    else
        rc = native_run(sim, until);
    sim->running = false;
    return rc;
}

void sim_stop(struct sim *sim)
{
    sim->stop = true;
}

sim_time_t sim_now(const struct sim *sim)
{
    return sim->now;
}

size_t sim_pending(const struct sim *sim)
{
    return sim->q.live;
}

uint64_t sim_events_run(const struct sim *sim)
{
    return sim->events_run;
}

enum sim_backend sim_backend_of(const struct sim *sim)
{
    return sim->backend;
}

uint64_t sim_seed(const struct sim *sim)
{
    return sim->seed;
}

int sim_backend_parse(const char *name, enum sim_backend *out)
{
    if (name && strcmp(name, "native") == 0) {
        *out = SIM_BACKEND_NATIVE;
        return 0;
    }
    if (name && strcmp(name, "systemc") == 0) {
        *out = SIM_BACKEND_SYSTEMC;
        return 0;
    }
    return -EINVAL;
}

const char *sim_backend_name(enum sim_backend b)
{
    return b == SIM_BACKEND_SYSTEMC ? "systemc" : "native";
}

bool sim_backend_available(enum sim_backend b)
{
    if (b == SIM_BACKEND_NATIVE)
        return true;
    if (b == SIM_BACKEND_SYSTEMC)
        return sim__systemc_built();
    return false;
}
