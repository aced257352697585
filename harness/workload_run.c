/* SPDX-License-Identifier: MIT */
/* workload_run.c - the reference workload in a child; number parsing. */
#include "harness/workload_run.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "harness/isolate.h"
#include "harness/scenario_internal.h"

struct wl_arg {
    enum sim_backend backend;
    uint64_t seed;
    struct sim_workload_cfg cfg;
};

static double clock_s(clockid_t id)
{
    struct timespec ts;

    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int child(void *argp, void *outp, size_t outlen)
{
    const struct wl_arg *a = argp;
    struct hx_wl_run *o = outp;
    struct sim_config sc = { .backend = a->backend, .seed = a->seed };
    struct sim *sim;
    struct rusage ru;
    double t0, c0;

    (void)outlen;
    memset(o, 0, sizeof(*o));
    o->rc = sim_create(&sim, &sc);
    if (o->rc)
        return 1;
    c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
    t0 = clock_s(CLOCK_MONOTONIC);
    o->rc = sim_workload_run(sim, &a->cfg, &o->res);
    o->seconds = clock_s(CLOCK_MONOTONIC) - t0;
    o->cpu_seconds = clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
    sim_destroy(sim);
    if (getrusage(RUSAGE_SELF, &ru) == 0)
        o->maxrss_kb = ru.ru_maxrss;
    return o->rc ? 1 : 0;
}

int hx_workload_isolated(enum sim_backend backend, uint64_t seed,
                         const struct sim_workload_cfg *cfg, struct hx_wl_run *out)
{
    struct wl_arg a = { .backend = backend, .seed = seed, .cfg = *cfg };
    int rc = hx_isolate(child, &a, out, sizeof(*out));

    return rc < 0 ? rc : 0;
}

int hx_parse_u64(const char *prog, const char *flag, const char *s, uint64_t min,
                 uint64_t max, uint64_t *v)
{
    /* the scenario format's digits: "010" is refused, not octal 8 */
    int rc = hx_scn__parse_digits(s, v);

    if (rc == -EDOM) {
        fprintf(stderr, "%s: %s: '%s': leading zeros are not allowed\n", prog, flag, s);
        return -EINVAL;
    }
    if (rc || *v < min || *v > max) {
        fprintf(stderr, "%s: %s: expected a number from %" PRIu64 " to %" PRIu64
                ", got '%s'\n", prog, flag, min, max, s);
        return -EINVAL;
    }
    return 0;
}
