/* SPDX-License-Identifier: MIT */
/*
 * sweep_cmd.c - `imslab sweep`: the cases of sweep files (harness/sweep.h,
 * docs/sweep.md), listed, or written out as scenario files.  Running them
 * is `imslab run [--shard I/N] SWEEP...`.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cmds.h"
#include "harness/scenario_internal.h"
#include "harness/sweep.h"
#include "reports/report.h"

static void usage(FILE *out)
{
    fprintf(out,
        "usage: imslab sweep [--emit DIR] SWEEP...\n"
        "Loads and checks sweep files (one scenario over parameter ranges,\n"
        "docs/sweep.md) and prints each case as NAME PARAMS, in run order.\n"
        "`imslab run [--shard I/N] SWEEP...` runs the cases.\n\n"
        "  --emit DIR   also write each case's scenario to DIR/NAME.yaml\n\n"
        "Exit status: 0, or 2 bad input or usage.\n");
}

static int write_text(FILE *f, const void *arg)
{
    return fputs(arg, f) == EOF ? -EIO : 0;
}

static int emit_case(const struct hx_sweep *w, size_t i, const char *dir)
{
    char *text, name[HX_SCN_NAME_LEN + 8];
    int rc = hx_sweep_text(w, i, &text);

    if (!rc) {
        snprintf(name, sizeof(name), "%s.yaml", hx_sweep_case(w, i)->name);
        rc = rpt_atomic_write(dir, name, write_text, text);
        free(text);
    }
    if (rc)
        fprintf(stderr, "imslab sweep: cannot write '%s/%s.yaml': %s\n", dir,
                hx_sweep_case(w, i)->name, strerror(-rc));
    return rc;
}

int hx_cmd_sweep(int argc, char **argv)
{
    static const struct option opts[] = {
        { "emit", required_argument, NULL, 'e' },
        { "help", no_argument, NULL, 'h' },
        { 0, 0, 0, 0 },
    };
    const char *emit = NULL;
    int c, status = HX_EXIT_OK;
    char why[512];

    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'e': emit = optarg; break;
        case 'h': usage(stdout); return HX_EXIT_OK;
        default: usage(stderr); return HX_EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        usage(stderr);
        return HX_EXIT_USAGE;
    }
    if (emit && (rpt_out_dir_check(emit, why, sizeof(why)) ||
                 (mkdir(emit, 0777) && errno != EEXIST))) {
        fprintf(stderr, "imslab sweep: --emit: %s\n", why);
        return HX_EXIT_USAGE;
    }
    for (int a = optind; a < argc; a++) {
        struct hx_sweep *w = NULL;
        char err[4096], *buf;
        size_t len;
        int rc = hx_scn__read_file(argv[a], 0, &buf, &len, err, sizeof(err));

        if (!rc) {
            if (!hx_sweep_is_sweep(buf, len)) {
                snprintf(err, sizeof(err), "%s:1:1: error: not a sweep file (expected "
                         "'imslab-sweep: 1')", argv[a]);
                rc = -EINVAL;
            } else {
                rc = hx_sweep_load_string(argv[a], buf, len, 0, &w, err, sizeof(err));
            }
            free(buf);
        }
        if (rc) {
            fprintf(stderr, "%s\n", err);
            status = HX_EXIT_USAGE;
            continue;
        }
        for (size_t i = 0; i < hx_sweep_ncases(w); i++) {
            printf("%-44s %s\n", hx_sweep_case(w, i)->name, hx_sweep_case(w, i)->params);
            if (emit && emit_case(w, i, emit))
                status = HX_EXIT_USAGE;
        }
        hx_sweep_free(w);
    }
    return status;
}
