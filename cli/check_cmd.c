/* SPDX-License-Identifier: MIT */
/*
 * check_cmd.c - `imslab check FILE...`: load and validate scenario files;
 * `imslab check --knobs`: the knobs of the models, from their property
 * tables, as the knob tables of docs/scenario-format.md.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cli/cmds.h"
#include "harness/matrix.h"
#include "harness/runner.h"
#include "harness/scenario.h"
#include "harness/workload_run.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: imslab check FILE...\n"
            "       imslab check [--rtl-cache DIR] [--max-input-bytes N] FILE...\n"
            "       imslab check --knobs\n"
            "Loads and validates each scenario file\n"
            "(docs/scenario-format.md) or matrix registry (docs/matrix.md,\n"
            "every cell expanded) without running it.  Prints\n"
            "\"FILE: ok (NAME)\" for a valid file (\"FILE: ok (N cells)\" for a\n"
            "registry), and\n"
            "\"FILE:LINE:COLUMN: error: MESSAGE\" on stderr for an\n"
            "invalid one.  A device with rtl has its design built (into\n"
            "DIR, default $XDG_CACHE_HOME/imslab/rtl) and loaded.  No\n"
            "scenario, registry or layout file larger than N bytes is read\n"
            "(default 16777216).\n"
            "Exit 0 when every file is valid, 2 otherwise.\n"
            "--knobs prints the knobs of the models (platform,\n"
            "platform.iommu, vmm) from their property tables, as the\n"
            "tables of docs/scenario-format.md.\n");
}

static int print_knobs(void)
{
    unsigned n;
    const struct prop_table *const *t = hx_scn_knob_tables(&n);

    for (unsigned i = 0; i < n; i++) {
        printf("%s`%s`\n\n| key | type | default | range / values | "
               "meaning |\n|---|---|---|---|---|\n",
               strchr(t[i]->section, '.') ? "### " : "## ", t[i]->section);
        for (unsigned r = 0; r < t[i]->n; r++) {
            const struct prop_desc *d = &t[i]->descs[r];
            char def[256], vals[256];

            prop_doc_default(d, def, sizeof(def));
            prop_doc_values(d, vals, sizeof(vals));
            printf("| `%s` | %s | %s | %s%s| %s |\n", d->name,
                   prop_type_name(d->type), def, vals, *vals ? " " : "",
                   d->doc);
        }
        printf("\n");
    }
    return HX_EXIT_OK;
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
    if (argc == 2 && !strcmp(argv[1], "--knobs"))
        return print_knobs();
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
        struct hx_suite suite = { .max_input = (size_t)max_input };
        char err[4096];
        size_t k = 0;

        if (hx_suite_add_file(&suite, argv[i], err, sizeof(err))) {
            fprintf(stderr, "%s\n", err);
            bad++;
            hx_suite_free(&suite);
            continue;
        }
        for (k = 0; k < suite.n; k++) {
            if (hx_run_check_layouts(suite.v[k].scn, err, sizeof(err)) ||
                hx_run_build_rtl(suite.v[k].scn, cache, NULL, err, sizeof(err))) {
                fprintf(stderr, "%s\n", err);
                bad++;
                break;
            }
        }
        if (k == suite.n) {
            if (suite.n == 1 && !suite.v[0].cell)
                printf("%s: ok (%s)\n", argv[i], suite.v[0].scn->name);
            else
                printf("%s: ok (%zu cells)\n", argv[i], suite.n);
        }
        hx_suite_free(&suite);
    }
    return bad ? HX_EXIT_USAGE : HX_EXIT_OK;
}
