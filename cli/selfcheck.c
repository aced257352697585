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

#include "cli/cmds.h"
#include "harness/workload_run.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: imslab selfcheck [--seed N] [--events N]\n"
            "Runs the kernel workload on each built backend (each in its own\n"
            "process) and compares trace hashes.  Exit 0 when every backend\n"
            "kept the order and all hashes agree, 1 otherwise.\n");
}

int hx_cmd_selfcheck(int argc, char **argv)
{
    static const struct option opts[] = {
        { "seed", required_argument, NULL, 's' },
        { "events", required_argument, NULL, 'e' },
        { "help", no_argument, NULL, 'h' },
        { 0, 0, 0, 0 },
    };
    uint64_t seed = 1;
    struct sim_workload_cfg cfg = { .events = 1000000, .contexts = 1000,
                                    .max_delay = SIM_NS(1000), .priorities = 3 };
    uint64_t ref_hash = 0;
    bool have_ref = false, ok = true;
    int c;

    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 's':
            if (hx_parse_u64("imslab selfcheck", "--seed", optarg, 0, UINT64_MAX, &seed))
                return HX_EXIT_USAGE;
            break;
        case 'e':
            if (hx_parse_u64("imslab selfcheck", "--events", optarg, 1, UINT64_MAX,
                             &cfg.events))
                return HX_EXIT_USAGE;
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
        struct hx_wl_run o;
        enum sim_backend be = (enum sim_backend)b;
        int rc;

        if (!sim_backend_available((enum sim_backend)b)) {
            printf("%-8s (not built)\n", sim_backend_name((enum sim_backend)b));
            continue;
        }
        rc = hx_workload_isolated(be, seed, &cfg, &o);
        if (rc < 0 || o.rc) {
            printf("%-8s FAILED (%s)\n", sim_backend_name(be),
                   strerror(rc < 0 ? -rc : -o.rc));
            ok = false;
            continue;
        }
        printf("%-8s %12" PRIu64 " 0x%016" PRIx64 " %16" PRIu64 " %s\n",
               sim_backend_name(be), o.res.events, o.res.trace_hash,
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
