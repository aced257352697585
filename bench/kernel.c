/* SPDX-License-Identifier: MIT */
/*
 * kernel.c - bench_kernel: event-kernel throughput on every built backend.
 *
 * Runs the reference workload (sim/workload.h: 10 M events, 1000 contexts,
 * delays 1..1000 ns in whole ns, one priority, trace hash on: the workload
 * of the tooling study the kernel's targets come from) on each backend,
 * each run in a child process of its own (harness/isolate.h; SystemC runs
 * one simulation per process), and then, as many times, SystemC's own
 * floor: a bare SC_METHOD activated once per distinct event time the
 * workload had (sim_systemc_floor()), so the report shows how much of the
 * SystemC backend's time is SystemC's kernel itself.  Wall time is CLOCK_MONOTONIC around
 * sim_workload_run() (the table also shows the child's CPU time over the
 * same span: on a busy machine wall time grows, CPU time much less); peak RSS is the child's getrusage(RUSAGE_SELF)
 * ru_maxrss, which includes the pages the child shares with this parent at
 * fork (a few MB of libraries).  Output: a table, the hash comparison, the
 * speed ratio and its parts (activations, SystemC's cost per activation,
 * the floor), then one JSON object per backend per line and one for the
 * floor.
 *
 * Nothing here is a test and no wall time is asserted anywhere.  Exit 0, or
 * 1 when a run failed or the backends' trace hashes differ, or 2 on bad
 * usage.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "harness/isolate.h"
#include "harness/workload_run.h"
#include "sim/sim.h"
#include "sim/workload.h"

#define NBACKENDS 2

struct run_arg {
    enum sim_backend backend;
    uint64_t seed;
    struct sim_workload_cfg cfg;
};

struct backend_stats {
    bool wanted;
    bool ok;
    double *seconds;        /* one per run */
    double *cpu_seconds;
    long maxrss_kb;         /* the largest over the runs */
    struct sim_workload_result res;
    double median;
    double cpu_median;
};

/* The bare SystemC floor, in a child of its own. */
struct floor_arg {
    uint64_t activations;
    sim_time_t max_delay;
    uint64_t seed;
};

struct floor_out {
    int rc;
    double seconds;
};

static int floor_child(void *arg, void *out, size_t outlen)
{
    const struct floor_arg *a = arg;
    struct floor_out *o = out;

    (void)outlen;
    o->rc = sim_systemc_floor(a->activations, a->max_delay, a->seed, &o->seconds);
    return o->rc ? 1 : 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

static double median(double *v, unsigned n)
{
    qsort(v, n, sizeof(*v), cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void usage(FILE *out)
{
    fprintf(out,
            "usage: bench_kernel [--events N] [--runs N] [--seed N]\n"
            "                    [--backend native|systemc] [--no-hash]\n"
            "                    [--grain PS] [--max-delay PS]\n"
            "Runs the kernel workload (N events, 1000 contexts, delays\n"
            "1..1000 ns) on each built backend, each run in its own process,\n"
            "and reports the median wall time of --runs runs (default 5),\n"
            "with SystemC's own floor (a bare SC_METHOD, one activation per\n"
            "distinct event time).  --no-hash turns the per-event trace hash\n"
            "off (to measure its cost); the hashes are then not compared.\n"
            "--grain PS draws the delays in whole multiples of PS picoseconds;\n"
            "default 1000 (whole ns: some events share a time); 1: nearly\n"
            "every event has a time of its own.  --max-delay PS sets the\n"
            "longest delay (default 1000000 ps = 1000 ns).\n");
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        { "events", required_argument, NULL, 'e' },
        { "runs", required_argument, NULL, 'r' },
        { "seed", required_argument, NULL, 's' },
        { "backend", required_argument, NULL, 'b' },
        { "no-hash", no_argument, NULL, 'n' },
        { "grain", required_argument, NULL, 'g' },
        { "max-delay", required_argument, NULL, 'm' },
        { "help", no_argument, NULL, 'h' },
        { 0, 0, 0, 0 },
    };
    struct run_arg a = {
        .seed = 1,
        .cfg = { .events = 10000000, .contexts = 1000, .max_delay = SIM_NS(1000),
                 .priorities = 1, .grain = SIM_NS(1) },
    };
    struct backend_stats st[NBACKENDS] = { 0 };
    double *floor_s = NULL;
    unsigned nfloor = 0;
    uint64_t runs = 5, v;
    enum sim_backend only = SIM_BACKEND_NATIVE;
    bool have_only = false, failed = false, hashes_equal = true;
    int c, nok = 0;

    opterr = 0;
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        switch (c) {
        case 'e':
            if (hx_parse_u64("bench_kernel", "--events", optarg, 0, UINT64_MAX, &v))
                return 2;
            if (v == 0) {
                fprintf(stderr, "bench_kernel: --events: must be > 0\n");
                return 2;
            }
            a.cfg.events = v;
            break;
        case 'r':
            if (hx_parse_u64("bench_kernel", "--runs", optarg, 0, UINT64_MAX, &v))
                return 2;
            if (v == 0 || v > 1000) {
                fprintf(stderr, "bench_kernel: --runs: must be 1..1000\n");
                return 2;
            }
            runs = v;
            break;
        case 's':
            if (hx_parse_u64("bench_kernel", "--seed", optarg, 0, UINT64_MAX, &a.seed))
                return 2;
            break;
        case 'b':
            if (sim_backend_parse(optarg, &only)) {
                fprintf(stderr, "bench_kernel: --backend: unknown backend '%s'\n",
                        optarg);
                return 2;
            }
            have_only = true;
            break;
        case 'n':
            a.cfg.no_trace_hash = true;
            break;
        case 'g':
            if (hx_parse_u64("bench_kernel", "--grain", optarg, 0, UINT64_MAX, &v))
                return 2;
            a.cfg.grain = v;
            break;
        case 'm':
            if (hx_parse_u64("bench_kernel", "--max-delay", optarg, 1, UINT64_MAX / 2, &v))
                return 2;
            a.cfg.max_delay = v;
            break;
        case 'h':
            usage(stdout);
            return 0;
        case ':':
            fprintf(stderr, "bench_kernel: %s: needs a value\n", argv[optind - 1]);
            return 2;
        default:
            fprintf(stderr, "bench_kernel: unknown option '%s'\n", argv[optind - 1]);
            usage(stderr);
            return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "bench_kernel: unexpected argument '%s'\n", argv[optind]);
        return 2;
    }
    if (a.cfg.grain > a.cfg.max_delay) {
        fprintf(stderr, "bench_kernel: --grain: at most the longest delay, %" PRIu64
                " ps\n", a.cfg.max_delay);
        return 2;
    }

    for (int b = 0; b < NBACKENDS; b++) {
        st[b].wanted = sim_backend_available((enum sim_backend)b) &&
                       (!have_only || only == (enum sim_backend)b);
        st[b].ok = st[b].wanted;
        st[b].seconds = calloc(runs, sizeof(double));
        st[b].cpu_seconds = calloc(runs, sizeof(double));
        if (!st[b].seconds || !st[b].cpu_seconds) {
            fprintf(stderr, "bench_kernel: out of memory\n");
            return 1;
        }
    }
    floor_s = calloc(runs, sizeof(double));
    if (!floor_s) {
        fprintf(stderr, "bench_kernel: out of memory\n");
        return 1;
    }
    if (have_only && !st[only].wanted) {
        fprintf(stderr, "bench_kernel: --backend: %s is not built in\n",
                sim_backend_name(only));
        return 2;
    }

    /* Interleave the backends run by run, so drift in a noisy VM hits
     * both alike. */
    for (uint64_t r = 0; r < runs; r++) {
        for (int b = 0; b < NBACKENDS; b++) {
            struct hx_wl_run o;
            int rc;

            if (!st[b].ok)
                continue;
            a.backend = (enum sim_backend)b;
            rc = hx_workload_isolated(a.backend, a.seed, &a.cfg, &o);
            if (rc < 0 || o.rc) {
                fprintf(stderr, "bench_kernel: %s run %" PRIu64 " failed: %s\n",
                        sim_backend_name(a.backend), r + 1,
                        strerror(rc < 0 ? -rc : -o.rc));
                st[b].ok = false;
                failed = true;
                continue;
            }
            if (r > 0 && (o.res.trace_hash != st[b].res.trace_hash ||
                          o.res.events != st[b].res.events)) {
                fprintf(stderr, "bench_kernel: %s: run %" PRIu64
                        " is not reproducible\n", sim_backend_name(a.backend), r + 1);
                failed = true;
            }
            st[b].res = o.res;
            st[b].seconds[r] = o.seconds;
            st[b].cpu_seconds[r] = o.cpu_seconds;
            if (o.maxrss_kb > st[b].maxrss_kb)
                st[b].maxrss_kb = o.maxrss_kb;
        }
        /* SystemC's own floor: as many bare activations as the
         * dispatcher had (one per distinct event time) */
        if (st[SIM_BACKEND_SYSTEMC].ok) {
            struct floor_arg fa = {
                .activations = st[SIM_BACKEND_SYSTEMC].res.distinct_times,
                .max_delay = a.cfg.max_delay, .seed = a.seed,
            };
            struct floor_out fo = { 0 };
            int rc = hx_isolate(floor_child, &fa, &fo, sizeof(fo));

            if (rc < 0 || fo.rc) {
                fprintf(stderr, "bench_kernel: systemc floor run %" PRIu64 " failed: %s\n",
                        r + 1, strerror(rc < 0 ? -rc : -fo.rc));
                failed = true;
            } else {
                floor_s[nfloor++] = fo.seconds;
            }
        }
    }

    printf("kernel workload: %" PRIu64 " events, %u contexts, delays %" PRIu64
           "..%" PRIu64 " ps in steps of %" PRIu64 " ps, seed %" PRIu64
           ", trace hash %s, median of %" PRIu64 " run(s)\n",
           a.cfg.events, a.cfg.contexts, a.cfg.grain > 1 ? a.cfg.grain : 1,
           a.cfg.max_delay / (a.cfg.grain > 1 ? a.cfg.grain : 1) *
               (a.cfg.grain > 1 ? a.cfg.grain : 1),
           a.cfg.grain > 1 ? a.cfg.grain : 1, a.seed,
           a.cfg.no_trace_hash ? "off" : "on", runs);
    printf("%-8s %12s %10s %10s %12s %12s %18s\n", "backend", "events", "seconds",
           "cpu s", "M events/s", "peak RSS kB", "trace_hash");
    for (int b = 0; b < NBACKENDS; b++) {
        if (!st[b].wanted)
            continue;
        if (!st[b].ok) {
            printf("%-8s FAILED\n", sim_backend_name((enum sim_backend)b));
            continue;
        }
        st[b].median = median(st[b].seconds, (unsigned)runs);
        st[b].cpu_median = median(st[b].cpu_seconds, (unsigned)runs);
        printf("%-8s %12" PRIu64 " %10.3f %10.3f %12.2f %12ld 0x%016" PRIx64 "\n",
               sim_backend_name((enum sim_backend)b), st[b].res.events,
               st[b].median, st[b].cpu_median,
               (double)st[b].res.events / st[b].median / 1e6,
               st[b].maxrss_kb, st[b].res.trace_hash);
        if (nok++ && st[b].res.trace_hash != st[SIM_BACKEND_NATIVE].res.trace_hash)
            hashes_equal = false;
        if (st[b].res.order_errors) {
            fprintf(stderr, "bench_kernel: %s: %" PRIu64 " order errors\n",
                    sim_backend_name((enum sim_backend)b), st[b].res.order_errors);
            failed = true;
        }
    }
    if (st[SIM_BACKEND_NATIVE].ok && st[SIM_BACKEND_SYSTEMC].ok) {
        double rn = (double)st[0].res.events / st[0].median;
        double rs = (double)st[1].res.events / st[1].median;

        printf("trace hashes equal across backends: %s\n",
               a.cfg.no_trace_hash ? "n/a (--no-hash)" : hashes_equal ? "yes" : "NO");
        printf("speed ratio systemc/native: %.3f (native %.2fx faster)\n",
               rs / rn, rn / rs);
        if (nfloor) {
            uint64_t act = st[1].res.distinct_times;
            double fl = median(floor_s, nfloor);

            /* SystemC's time = native work + activations x (SystemC's
             * own cost + the dispatcher's): show the parts */
            printf("systemc activations (distinct event times): %" PRIu64
                   " (%.3f per event)\n", act, (double)act / (double)st[1].res.events);
            printf("systemc cost per activation over native: %.1f ns; "
                   "bare SystemC activation (floor): %.1f ns\n",
                   (st[1].median - st[0].median) / (double)act * 1e9,
                   fl / (double)act * 1e9);
            printf("fastest systemc/native ratio SystemC's own floor allows "
                   "at this native speed: %.2f\n",
                   (st[0].median + fl) / st[0].median);
        }
        if (!a.cfg.no_trace_hash && !hashes_equal)
            failed = true;
    }
    for (int b = 0; b < NBACKENDS; b++) {
        if (!st[b].wanted || !st[b].ok)
            continue;
        printf("{\"backend\": \"%s\", \"events\": %" PRIu64 ", \"seconds\": %.6f, "
               "\"events_per_s\": %.0f, \"peak_rss_kb\": %ld, "
               "\"trace_hash\": \"0x%016" PRIx64 "\", \"distinct_times\": %" PRIu64 "}\n",
               sim_backend_name((enum sim_backend)b), st[b].res.events,
               st[b].median, (double)st[b].res.events / st[b].median,
               st[b].maxrss_kb, st[b].res.trace_hash, st[b].res.distinct_times);
    }
    if (nfloor) {
        double fl = median(floor_s, nfloor);
        uint64_t act = st[SIM_BACKEND_SYSTEMC].res.distinct_times;

        printf("{\"backend\": \"systemc-floor\", \"activations\": %" PRIu64
               ", \"seconds\": %.6f, \"ns_per_activation\": %.2f}\n",
               act, fl, fl / (double)act * 1e9);
    }
    free(floor_s);
    for (int b = 0; b < NBACKENDS; b++) {
        free(st[b].seconds);
        free(st[b].cpu_seconds);
    }
    return failed ? 1 : 0;
}
