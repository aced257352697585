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

#define COST_KIND(id, n, u, d, s)                                            \
    [COST_##id] = (u == COST_UNIT_NS ? COST__NS : 0) |                       \
                  (COST_##id == COST_VMEXIT_KERNEL ||                        \
                           COST_##id == COST_VMEXIT_USER ||                  \
                           COST_##id == COST_HYPERCALL                       \
                       ? COST__NESTED                                        \
                       : 0),
#define CYC COST_UNIT_CYC
#define NS COST_UNIT_NS
const uint8_t cost__kind[COST__COUNT] = { COST_LIST(COST_KIND) };
#undef CYC
#undef NS
#undef COST_KIND

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
