/* SPDX-License-Identifier: MIT */
/*
 * run_args.c - `imslab run`'s usage text and option parsing (run_args.h).
 */
#include "cli/run_args.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cmds.h"
#include "harness/waves.h"
#include "harness/workload_run.h"
#include "models/trace-events.h"
#include "reports/report.h"

static void usage(FILE *out)
{
    fprintf(out,
        "usage: imslab run [options] [FILE...]\n"
        "Runs scenario files and the cells of matrix registries (default:\n"
        "the built-in suite in scenarios/, docs/matrix.md), prints the\n"
        "outcome matrix, and writes results.json, junit.xml,\n"
        "matrix.txt, run-info.json and, last, run-status.json to the output\n"
        "folder.  A previous run's outputs there are removed first.\n\n"
        "  --seed N         root seed for every scenario (default: each file's)\n"
        "  --backend B      event kernel: native (default) or systemc\n"
        "  -j N             run N scenarios at a time (default: CPUs online)\n"
        "  --out DIR        output folder (default: out)\n"
        "  --trace PATTERNS print matching trace points to DIR/<name>.trace\n"
        "  --rtl-cache DIR  build cache for devices with rtl (default:\n"
        "                   $XDG_CACHE_HOME/imslab/rtl)\n"
        "  --max-input-bytes N  largest scenario or layout file read\n"
        "                   (default 16777216)\n"
        "  --shard I/N      run only shard I of N (1 <= I <= N): the scenarios\n"
        "                   whose FNV-1a 64 name hash mod N is I - 1; `imslab\n"
        "                   merge` combines the N outputs (docs/sharding.md)\n"
        "  --suite-name S   suite name in results.json and junit.xml (default:\n"
        "                   builtin for the built-in suite, else files)\n"
        "  --html           also write report.html (imslab report)\n"
        "  --vcd DIR        write DIR/<name>.vcd and DIR/<name>.gtkw: each\n"
        "                   scenario's interrupt paths (docs/waveforms.md)\n"
        "  --vcd-max-bytes N  cut each VCD at N bytes (default 268435456)\n"
        "  --format F       what stdout gets: matrix (default) or tap (TAP\n"
        "                   version 14: one test point per scenario)\n"
        "  -v               one line per scenario on stderr, in suite order:\n"
        "                   PASS NAME, FAIL NAME or SKIP NAME (REASON)\n"
        "  --quiet          print nothing on stdout\n\n"
        "A scenario is skipped (counted as such in every output, exit status\n"
        "unchanged) when it needs what this host lacks: a device with rtl\n"
        "and no Verilator.\n\n"
        "On a terminal, a run that takes over a second shows a progress line\n"
        "on stderr (scenarios done of all, rate, time left), erased at the end.\n\n"
        "Exit status: 0 every expectation held, 1 one failed (or a scenario\n"
        "could not run), 2 bad input or usage; SIGINT or SIGTERM end it on\n"
        "that signal (128 + N), with run-status.json saying \"interrupted\".\n");
}

/* ---- step 1: the command line ---------------------------------------------- */

/* Return: -1 to go on, or the exit status. */
int run_parse_args(int argc, char **argv, struct run_cfg *cfg)
{
    static const struct option opts[] = {
        { "seed", required_argument, NULL, 's' },
        { "backend", required_argument, NULL, 'b' },
        { "out", required_argument, NULL, 'o' },
        { "trace", required_argument, NULL, 't' },
        { "quiet", no_argument, NULL, 'q' },
        { "rtl-cache", required_argument, NULL, 'r' },
        { "max-input-bytes", required_argument, NULL, 'm' },
        { "shard", required_argument, NULL, 'S' },
        { "suite-name", required_argument, NULL, 'N' },
        { "html", no_argument, NULL, 'H' },
        { "vcd", required_argument, NULL, 'V' },
        { "vcd-max-bytes", required_argument, NULL, 'X' },
        { "format", required_argument, NULL, 'F' },
        { "help", no_argument, NULL, 'h' },
        { 0, 0, 0, 0 },
    };
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    bool have_max = false;
    uint64_t v;
    int c;

    memset(cfg, 0, sizeof(*cfg));
    cfg->ro.backend = SIM_BACKEND_NATIVE;
    cfg->outdir = "out";
    cfg->jobs_max = ncpu > 0 ? (uint64_t)ncpu : 1;
    cfg->ro.vcd_max_bytes = HX_WAVES_MAX_BYTES_DEFAULT;
    optind = 1;
    while ((c = getopt_long(argc, argv, "j:v", opts, NULL)) != -1) {
        switch (c) {
        case 's':
            /* the results JSON stores the seed as a signed 64-bit number */
            if (hx_parse_u64("imslab run", "--seed", optarg, 0, INT64_MAX, &v))
                return HX_EXIT_USAGE;
            cfg->ro.seed = v;
            cfg->ro.seed_set = true;
            break;
        case 'b':
            if (sim_backend_parse(optarg, &cfg->ro.backend)) {
                fprintf(stderr, "imslab run: --backend: expected native or systemc, "
                        "got '%s'\n", optarg);
                return HX_EXIT_USAGE;
            }
            if (!sim_backend_available(cfg->ro.backend)) {
                fprintf(stderr, "imslab run: --backend: %s is not built into this "
                        "binary\n", optarg);
                return HX_EXIT_USAGE;
            }
            break;
        case 'j':
            if (hx_parse_u64("imslab run", "-j", optarg, 1, 256, &cfg->jobs_max))
                return HX_EXIT_USAGE;
            break;
        case 'o':
            cfg->outdir = optarg;
            break;
        case 't':
            cfg->ro.trace = optarg;
            break;
        case 'q':
            cfg->quiet = true;
            break;
        case 'r':
            cfg->ro.rtl_cache = optarg;
            break;
        case 'm':
            if (hx_parse_u64("imslab run", "--max-input-bytes", optarg, 1,
                             SIZE_MAX / 2, &cfg->max_input))
                return HX_EXIT_USAGE;
            break;
        case 'S':
            if (hx_shard_parse(optarg, &cfg->shard)) {
                fprintf(stderr, "imslab run: --shard: expected I/N with 1 <= I <= N "
                        "<= %u, got '%s'\n", HX_SHARD_MAX, optarg);
                return HX_EXIT_USAGE;
            }
            snprintf(cfg->shard_arg, sizeof(cfg->shard_arg), "%u/%u",
                     cfg->shard.index, cfg->shard.count);
            break;
        case 'H':
            cfg->html = true;
            break;
        case 'V':
            cfg->vcd_dir = optarg;
            break;
        case 'X':
            if (hx_parse_u64("imslab run", "--vcd-max-bytes", optarg,
                             HX_WAVES_MAX_BYTES_MIN, UINT64_C(1) << 62,
                             &cfg->ro.vcd_max_bytes))
                return HX_EXIT_USAGE;
            have_max = true;
            break;
        case 'F':
            if (strcmp(optarg, "matrix") && strcmp(optarg, "tap")) {
                fprintf(stderr, "imslab run: --format: expected matrix or tap, "
                        "got '%s'\n", optarg);
                return HX_EXIT_USAGE;
            }
            cfg->tap = !strcmp(optarg, "tap");
            break;
        case 'v':
            cfg->verbose = true;
            break;
        case 'N':
            if (!optarg[0]) {
                fprintf(stderr, "imslab run: --suite-name: empty name\n");
                return HX_EXIT_USAGE;
            }
            cfg->suite_name = optarg;
            break;
        case 'h':
            usage(stdout);
            return HX_EXIT_OK;
        default:
            usage(stderr);
            return HX_EXIT_USAGE;
        }
    }
    if (have_max && !cfg->vcd_dir) {
        fprintf(stderr, "imslab run: --vcd-max-bytes: needs --vcd DIR\n");
        return HX_EXIT_USAGE;
    }
    if (optind < argc) {
        cfg->files = argv + optind;
        cfg->nfiles = (size_t)(argc - optind);
    } else {
        cfg->own_files = true;
    }
    return -1;
}
