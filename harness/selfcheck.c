/* SPDX-License-Identifier: MIT */
/*
 * selfcheck.c - `imslab selfcheck`: run the kernel's reference workload on
 * every built backend, each in its own process, and check that every run
 * kept the (time, priority) order and that all backends agree on the trace
 * hash.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/cmds.h"
#include "harness/isolate.h"
#include "sim/workload.h"

struct run_arg {
    enum sim_backend backend;
    uint64_t seed;
    struct sim_workload_cfg cfg;
};

struct run_out {
    int rc;
    struct sim_workload_result res;
};

static int run_one(void *argp, void *outp, size_t outlen)
{
    const struct run_arg *a = argp;
    struct run_out *o = outp;
    struct sim_config sc = { .backend = a->backend, .seed = a->seed };
    struct sim *sim;

    (void)outlen;
    memset(o, 0, sizeof(*o));
    o->rc = sim_create(&sim, &sc);
    if (o->rc)
        return 1;
    o->rc = sim_workload_run(sim, &a->cfg, &o->res);
    sim_destroy(sim);
    return o->rc ? 1 : 0;
}

static void usage(FILE *out)
{
    fprintf(out,
            "usage: imslab selfcheck [--seed N] [--events N]\n"
            "Runs the kernel workload on each built backend (each in its own\n"
            "process) and compares trace hashes.  Exit 0 when every backend\n"
            "kept the order and all hashes agree, 1 otherwise.\n");
}

static int parse_u64(const char *flag, const char *s, uint64_t *v)
{
    char *end;

    errno = 0;
    *v = strtoull(s, &end, 0);
    if (errno || !*s || *end || s[0] == '-') {
        fprintf(stderr, "imslab selfcheck: %s: not a number: '%s'\n", flag, s);
        return -EINVAL;
    }
    return 0;
}

int hx_cmd_selfcheck(int argc, char **argv)
{
    static const struct option opts[] = {
        { "seed", required_argument, NULL, 's' },
        { "events", required_argument, NULL, 'e' },
        { "help", no_argument, NULL, 'h' },
        { 0, 0, 0, 0 },
    };
    struct run_arg a = {
        .seed = 1,
        .cfg = { .events = 1000000, .contexts = 1000, .max_delay = SIM_NS(1000),
                 .priorities = 3 },
    };
    uint64_t ref_hash = 0;
    bool have_ref = false, ok = true;
    int c;

    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 's':
            if (parse_u64("--seed", optarg, &a.seed))
                return HX_EXIT_USAGE;
            break;
        case 'e':
            if (parse_u64("--events", optarg, &a.cfg.events) || !a.cfg.events) {
                if (!a.cfg.events)
                    fprintf(stderr, "imslab selfcheck: --events: must be > 0\n");
                return HX_EXIT_USAGE;
            }
            break;
        case 'h':
            usage(stdout);
            return HX_EXIT_OK;
        default:
            usage(stderr);
            return HX_EXIT_USAGE;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "imslab selfcheck: unexpected argument '%s'\n", argv[optind]);
        return HX_EXIT_USAGE;
    }

    printf("%-8s %12s %18s %16s %s\n", "backend", "events", "trace_hash",
           "end_ps", "order");
    for (int b = SIM_BACKEND_NATIVE; b <= SIM_BACKEND_SYSTEMC; b++) {
        struct run_out o;
        int rc;

        if (!sim_backend_available((enum sim_backend)b)) {
            printf("%-8s (not built)\n", sim_backend_name((enum sim_backend)b));
            continue;
        }
        a.backend = (enum sim_backend)b;
        rc = hx_isolate(run_one, &a, &o, sizeof(o));
        if (rc < 0 || o.rc) {
            printf("%-8s FAILED (%s)\n", sim_backend_name(a.backend),
                   strerror(rc < 0 ? -rc : -o.rc));
            ok = false;
            continue;
        }
        printf("%-8s %12" PRIu64 " 0x%016" PRIx64 " %16" PRIu64 " %s\n",
               sim_backend_name(a.backend), o.res.events, o.res.trace_hash,
               o.res.end_time, o.res.order_errors ? "VIOLATED" : "ok");
        if (o.res.order_errors)
            ok = false;
        if (!have_ref) {
            ref_hash = o.res.trace_hash;
            have_ref = true;
        } else if (o.res.trace_hash != ref_hash) {
            ok = false;
        }
    }
    printf("selfcheck: %s\n", ok ? "PASS (backends agree)" : "FAIL");
    return ok ? HX_EXIT_OK : HX_EXIT_FAIL;
}
