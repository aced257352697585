/* SPDX-License-Identifier: MIT */
/*
 * systemc_none.c - the SystemC entry points when the shim is not built
 * (configure with -DIMSLAB_SYSTEMC=OFF, or SystemC is absent).
 */
#include "sim_internal.h"
#include "workload.h"

#include <errno.h>

bool sim__systemc_built(void)
{
    return false;
}

int sim__systemc_create(struct sim *sim)
{
    (void)sim;
    return -ENOTSUP;
}

void sim__systemc_destroy(struct sim *sim)
{
    (void)sim;
}

int sim__systemc_run(struct sim *sim, sim_time_t until)
{
    (void)sim;
    (void)until;
    return -ENOTSUP;
}

int sim_systemc_floor(uint64_t activations, sim_time_t max_delay, uint64_t seed,
                      double *seconds)
{
    (void)activations;
    (void)max_delay;
    (void)seed;
    (void)seconds;
    return -ENOTSUP;
}
