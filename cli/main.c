/* SPDX-License-Identifier: MIT */
/* main.c - the imslab command line: `imslab COMMAND [options]`. */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "cli/cmds.h"
#include "cli/progress.h"
#include "models/rtl/rtl.h"

struct hx_command {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *help;
};

static const struct hx_command commands[] = {
    { "run", hx_cmd_run, "run scenarios (default: the built-in suite), print the matrix" },
    { "list", hx_cmd_list, "list the built-in scenarios" },
    { "merge", hx_cmd_merge,
      "combine the outputs of `run --shard I/N` into those of one run" },
    { "sweep", hx_cmd_sweep,
      "list (or write out) the cases of sweep files: one scenario over ranges" },
    { "vendor", hx_cmd_vendor,
      "run the IMS conformance rules on a layout descriptor, RTL or a TLM model" },
    { "diff", hx_cmd_diff, "compare two runs: outcome changes per cell, counts, latency" },
    { "report", hx_cmd_report, "write the HTML report of a run's output folder" },
    { "check", hx_cmd_check,
      "load and validate scenario files without running them" },
    { "selfcheck", hx_cmd_selfcheck,
      "run the event-kernel self-check on every built backend" },
    { "trace-list", hx_cmd_trace_list, "list the declared trace points" },
    { "costs", hx_cmd_costs, "list the cost model's defaults and sources" },
};

static void usage(FILE *out)
{
    fprintf(out, "usage: imslab COMMAND [options]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        fprintf(out, "  %-12s %s\n", commands[i].name, commands[i].help);
    fprintf(out, "\n`imslab COMMAND --help` describes a command's options.\n");
}

static struct hx_progress build_line;     /* during RTL builds */

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return HX_EXIT_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
        !strcmp(argv[1], "help")) {
        usage(stdout);
        return HX_EXIT_OK;
    }
    if (!strcmp(argv[1], "--version")) {
        /* git describe when built from a checkout (CMakeLists.txt) */
        if (strcmp(IMSLAB_DESCRIBE, IMSLAB_VERSION))
            printf("imslab %s (git %s)\n", IMSLAB_VERSION, IMSLAB_DESCRIBE);
        else
            printf("imslab %s\n", IMSLAB_VERSION);
        return HX_EXIT_OK;
    }
    {
        /* the RTL wrapper and the TLM host are compiled from the data
         * folder (installed or the source tree), as the suite is read
         * from it */
        char root[PATH_MAX];

        hx_data_root(root, sizeof(root));
        (void)rtl_set_source_root(root);
    }
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
        if (!strcmp(argv[1], commands[i].name)) {
            /* getopt names argv[0] in its messages: "imslab run: ..." */
            static char prog[64];

            snprintf(prog, sizeof(prog), "imslab %s", commands[i].name);
            argv[1] = prog;
            /* a Verilator build (20-30 s) says so on a terminal */
            hx_progress_start(&build_line, stderr, 0);
            build_line.who = prog;
            rtl_set_progress(hx_progress_build, &build_line);
            return commands[i].fn(argc - 1, argv + 1);
        }
    }
    fprintf(stderr, "imslab: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return HX_EXIT_USAGE;
}
