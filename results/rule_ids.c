/* SPDX-License-Identifier: MIT */
/* rule_ids.c - the rule list of rule_ids.h as a table. */
#include "results/rule_ids.h"

#include <string.h>

static const struct hx_rule_info rules[HX_RULE__COUNT] = {
#define HX_RULE__ROW(sym, id, text) [HX_RULE_##sym] = { id, text },
    HX_RULE_LIST(HX_RULE__ROW)
#undef HX_RULE__ROW
};

const struct hx_rule_info *hx_rule(enum hx_rule r)
{
    return (unsigned)r < HX_RULE__COUNT ? &rules[r] : NULL;
}

const struct hx_rule_info *hx_rule_find(const char *id)
{
    for (size_t i = 0; id && i < HX_RULE__COUNT; i++)
        if (!strcmp(rules[i].id, id))
            return &rules[i];
    return NULL;
}
