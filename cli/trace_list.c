/* SPDX-License-Identifier: MIT */
/* trace_list.c - `imslab trace-list`: the declared trace points. */
#include <stdio.h>
#include <string.h>

#include "cli/cmds.h"
#include "models/trace-events.h"

int hx_cmd_trace_list(int argc, char **argv)
{
    if (argc > 1) {
        if (!strcmp(argv[1], "--help")) {
            printf("usage: imslab trace-list\n"
                   "Prints group.name, fields and meaning of every trace point.\n");
            return HX_EXIT_OK;
        }
        fprintf(stderr, "imslab trace-list: unexpected argument '%s'\n", argv[1]);
        return HX_EXIT_USAGE;
    }
    sim_trace_list(imslab_tracepoints, imslab_tracepoint_count, stdout);
    return HX_EXIT_OK;
}
