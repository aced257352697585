/* SPDX-License-Identifier: MIT */
/* costs_cmd.c - `imslab costs`: the cost model's defaults and sources. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli/cmds.h"
#include "models/cost.h"

int hx_cmd_costs(int argc, char **argv)
{
    struct cost_model cm;

    if (argc > 1) {
        if (!strcmp(argv[1], "--help")) {
            printf("usage: imslab costs\n"
                   "Prints every named cost: key, default, unit, time at the\n"
                   "default 3 GHz, and its source key (docs/cost-model.md).\n");
            return HX_EXIT_OK;
        }
        fprintf(stderr, "imslab costs: unexpected argument '%s'\n", argv[1]);
        return HX_EXIT_USAGE;
    }
    cost_model_default(&cm);
    printf("%-16s %10s %-6s %12s  %s\n", "key", "default", "unit", "ps@3GHz", "source");
    for (int i = 0; i < COST__COUNT; i++)
        printf("%-16s %10" PRIu64 " %-6s %12" PRIu64 "  %s\n", cost_name(i),
               cm.value[i], cost_unit_of(i) == COST_UNIT_CYC ? "cycles" : "ns",
               cost_ps(&cm, i), cost_source(i));
    return HX_EXIT_OK;
}
