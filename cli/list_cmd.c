/* SPDX-License-Identifier: MIT */
/* list_cmd.c - `imslab list`: the suite's scenarios in run order. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "cli/cmds.h"
#include "harness/matrix.h"
#include "harness/scenario.h"

int hx_cmd_list(int argc, char **argv)
{
    struct hx_suite suite = { 0 };
    int status = HX_EXIT_OK;

    if (argc > 1 && !strcmp(argv[1], "--help")) {
        printf("usage: imslab list [FILE...]\n"
               "Lists the built-in suite (or the scenarios of FILEs) in run order:\n"
               "a scenario file as FILE DESCRIPTION, a cell of a matrix registry as\n"
               "NAME REGISTRY: row ROW | guest GUEST | DEVICE/ASSIGNMENT -> OUTCOME\n"
               "(the outcome class the cell expects).\n");
        return HX_EXIT_OK;
    }
    if (argc > 1 && argv[1][0] == '-') {
        fprintf(stderr, "imslab list: unknown option '%s'\n", argv[1]);
        return HX_EXIT_USAGE;
    }
    if (argc > 1) {
        for (int i = 1; i < argc; i++) {
            char err[1024];

            if (hx_suite_add_file(&suite, argv[i], err, sizeof(err))) {
                fprintf(stderr, "%s\n", err);
                status = HX_EXIT_USAGE;
            }
        }
    } else {
        char dir[PATH_MAX];
        int rc;

        hx_data_path(dir, sizeof(dir), "scenarios");
        rc = hx_suite_builtin(&suite, dir, stderr);

        if (rc && rc != -EINVAL) {
            fprintf(stderr, "imslab list: cannot read %s\n", dir);
            return HX_EXIT_USAGE;
        }
        if (rc)
            status = HX_EXIT_USAGE;
    }
    for (size_t i = 0; i < suite.n; i++) {
        const struct hx_suite_entry *e = &suite.v[i];
        const struct hx_matrix_cell *c = e->cell;
        const char *base = strrchr(e->path, '/');
        const struct hx_scenario *scn = e->scn;

        base = base ? base + 1 : e->path;
        if (c)
            printf("%-44s %s: row %s | guest %s | %s/%s -> %s\n", c->name, base, c->row,
                   c->guest, c->device, c->assignment, hx_scn_outcome_name(c->outcome));
        else
            printf("%-44s %s\n", base, scn->description ? scn->description : scn->name);
    }
    hx_suite_free(&suite);
    return status;
}
