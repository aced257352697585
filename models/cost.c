/* SPDX-License-Identifier: MIT */
/* cost.c - default costs and their conversion to simulated time. */
#include "cost.h"

#include <errno.h>
#include <string.h>

#include "sim/clock.h"

struct cost_desc {
    const char *name;
    enum cost_unit unit;
    uint64_t def;
    const char *src;
};

#define CYC COST_UNIT_CYC
#define NS COST_UNIT_NS
static const struct cost_desc costs[COST__COUNT] = {
#define COST_DESC(id, n, u, d, s) [COST_##id] = { n, u, d, s },
    COST_LIST(COST_DESC)
#undef COST_DESC
};
#undef CYC
#undef NS

void cost_model_default(struct cost_model *cm)
{
    cm->cpu_hz = UINT64_C(3000000000);
    cm->nested_factor = 1;
    for (int i = 0; i < COST__COUNT; i++)
        cm->value[i] = costs[i].def;
}

sim_time_t cost_ps(const struct cost_model *cm, enum cost_id id)
{
    uint64_t v = cm->value[id];
    sim_time_t t;

    if (id == COST_VMEXIT_KERNEL || id == COST_VMEXIT_USER ||
        id == COST_HYPERCALL)
        v *= cm->nested_factor ? cm->nested_factor : 1;
    if (costs[id].unit == COST_UNIT_NS)
        t = sim_time_mul(SIM_NS(1), v);
    else
        t = sim_cycles_to_ps(v, cm->cpu_hz);
    return t;
}

const char *cost_name(enum cost_id id)
{
    return costs[id].name;
}

enum cost_unit cost_unit_of(enum cost_id id)
{
    return costs[id].unit;
}

const char *cost_source(enum cost_id id)
{
    return costs[id].src;
}

int cost_lookup(const char *name, enum cost_id *out)
{
    for (int i = 0; i < COST__COUNT; i++) {
        if (strcmp(costs[i].name, name) == 0) {
            *out = (enum cost_id)i;
            return 0;
        }
    }
    return -ENOENT;
}
