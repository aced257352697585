/* SPDX-License-Identifier: MIT */
/* check_cmd.c - `imslab check FILE...`: load and validate scenario files. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cli/cmds.h"
#include "harness/runner.h"
#include "harness/scenario.h"
#include "harness/workload_run.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: imslab check FILE...\n"
            "       imslab check [--rtl-cache DIR] [--max-input-bytes N] FILE...\n"
            "Loads and validates each scenario file\n"
            "(docs/scenario-format.md) without running it.  Prints\n"
            "\"FILE: ok (NAME)\" for a valid file, and\n"
            "\"FILE:LINE:COLUMN: error: MESSAGE\" on stderr for an\n"
            "invalid one.  A device with rtl has its design built (into\n"
            "DIR, default $XDG_CACHE_HOME/imslab/rtl) and loaded.  No\n"
            "scenario or layout file larger than N bytes is read (default\n"
            "16777216).\n"
            "Exit 0 when every file is valid, 2 otherwise.\n");
}

int hx_cmd_check(int argc, char **argv)
{
    const char *cache = NULL;
    uint64_t max_input = 0;
    int first = 1, bad = 0;

    if (argc > 1 && !strcmp(argv[1], "--help")) {
        usage(stdout);
        return HX_EXIT_OK;
    }
    while (argc > first + 1 && (!strcmp(argv[first], "--rtl-cache") ||
                                !strcmp(argv[first], "--max-input-bytes"))) {
        if (argv[first][2] == 'r')
            cache = argv[first + 1];
        else if (hx_parse_u64("imslab check", "--max-input-bytes", argv[first + 1], 1,
                              SIZE_MAX / 2, &max_input))
            return HX_EXIT_USAGE;
        first += 2;
    }
    if (argc == first + 1 && (!strcmp(argv[first], "--rtl-cache") ||
                              !strcmp(argv[first], "--max-input-bytes"))) {
        fprintf(stderr, "imslab check: %s needs a value\n", argv[first]);
        return HX_EXIT_USAGE;
    }
    if (argc > first && !strcmp(argv[first], "--"))
        first++;
    else if (argc > first && argv[first][0] == '-' && argv[first][1]) {
        fprintf(stderr, "imslab check: unknown option '%s'\n", argv[first]);
        usage(stderr);
        return HX_EXIT_USAGE;
    }
    if (first >= argc) {
        usage(stderr);
        return HX_EXIT_USAGE;
    }
    for (int i = first; i < argc; i++) {
        struct hx_scenario *scn;
        char err[4096];

        if (hx_scn_load_max(argv[i], (size_t)max_input, &scn, err, sizeof(err))) {
            fprintf(stderr, "%s\n", err);
            bad++;
            continue;
        }
        if (hx_run_check_layouts(scn, err, sizeof(err)) ||
            hx_run_build_rtl(scn, cache, NULL, err, sizeof(err))) {
            fprintf(stderr, "%s\n", err);
            bad++;
            hx_scn_free(scn);
            continue;
        }
        printf("%s: ok (%s)\n", argv[i], scn->name);
        hx_scn_free(scn);
    }
    return bad ? HX_EXIT_USAGE : HX_EXIT_OK;
}
