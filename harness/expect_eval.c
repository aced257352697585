/* SPDX-License-Identifier: MIT */
/*
 * expect_eval.c - a scenario's expectations against a result, scoped where
 * the expectation names a device or a VM (hx_expect_eval(), runner.h).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/runner.h"

static bool compare(double actual, enum hx_scn_op op, double want)
{
    switch (op) {
    case HX_SCN_OP_EQ: return actual == want;
    case HX_SCN_OP_NE: return actual != want;
    case HX_SCN_OP_LT: return actual < want;
    case HX_SCN_OP_LE: return actual <= want;
    case HX_SCN_OP_GT: return actual > want;
    case HX_SCN_OP_GE: return actual >= want;
    default: return false;
    }
}

static void fmt_num(char *buf, size_t n, double v)
{
    if (v == (double)(uint64_t)v && v < 1e18)
        snprintf(buf, n, "%" PRIu64, (uint64_t)v);
    else
        snprintf(buf, n, "%.6f", v);
}

/*
 * What expectation @x is checked against: @r, or the result of its scope
 * in @buf.  NULL (and the reason in @e->actual) when the scope has none.
 */
static const struct hx_result *subject(const struct hx_scn_expect *x,
                                       const struct hx_result *r,
                                       hx_scope_fn scope, void *ctx,
                                       struct hx_result *buf,
                                       struct hx_expect_result *e)
{
    unsigned ok = hx_scn_metric_scopes(x->metric, NULL);
    int rc;

    if (x->device == HX_SCN_NONE && x->vm == HX_SCN_NONE)
        return r;
    if ((x->device != HX_SCN_NONE && !(ok & HX_SCN_SCOPE_DEVICE)) ||
        (x->vm != HX_SCN_NONE && !(ok & HX_SCN_SCOPE_VM))) {
        hx_str_copy(e->actual, sizeof(e->actual),
                    "not attributable to this scope");
        return NULL;
    }
    if (!scope) {
        hx_str_copy(e->actual, sizeof(e->actual), "no scoped evidence");
        return NULL;
    }
    rc = scope(ctx, x->device, x->vm, buf);
    if (rc) {
        snprintf(e->actual, sizeof(e->actual), "scope not computed: %s",
                 strerror(-rc));
        return NULL;
    }
    return buf;
}

void hx_expect_eval(const struct hx_scenario *scn, struct hx_result *r,
                    hx_scope_fn scope, void *ctx)
{
    struct hx_result *scoped = NULL;

    r->n_expect = 0;
    r->expect_failed = false;
    for (uint32_t i = 0; i < scn->nexpects && r->n_expect < HX_MAX_EXPECT; i++) {
        const struct hx_scn_expect *x = &scn->expects[i];
        struct hx_expect_result *e = &r->expect[r->n_expect++];
        bool is_outcome = x->metric == HX_SCN_METRIC_OUTCOME;
        const struct hx_result *on = r;
        bool pass = false;

        memset(e, 0, sizeof(*e));
        hx_str_copy(e->rule, sizeof(e->rule), x->rule);
        hx_str_copy(e->metric, sizeof(e->metric), hx_scn_metric_name(x->metric));
        hx_str_copy(e->op, sizeof(e->op), hx_scn_op_name(x->op));
        if (is_outcome)
            hx_str_copy(e->expected, sizeof(e->expected),
                        hx_scn_outcome_name(x->outcome));
        else
            fmt_num(e->expected, sizeof(e->expected), x->value);
        if (x->device != HX_SCN_NONE || x->vm != HX_SCN_NONE) {
            snprintf(e->scope, sizeof(e->scope), "%.31s%s%.31s",
                     x->device != HX_SCN_NONE ? scn->devices[x->device].name : "",
                     x->device != HX_SCN_NONE && x->vm != HX_SCN_NONE ? "/" : "",
                     x->vm != HX_SCN_NONE ? scn->vms[x->vm].name : "");
            if (!scoped)
                scoped = malloc(sizeof(*scoped));
            if (scoped) {
                on = subject(x, r, scope, ctx, scoped, e);
            } else {
                hx_str_copy(e->actual, sizeof(e->actual), "scope not computed: out of memory");
                on = NULL;
            }
        }
        if (!on) {
            /* e->actual says why; never the scenario-wide figure */
        } else if (is_outcome) {
            enum hx_outcome want;

            hx_str_copy(e->actual, sizeof(e->actual), hx_outcome_name(on->outcome));
            if (hx_outcome_parse(hx_scn_outcome_name(x->outcome), &want) == 0) {
                bool eq = want == on->outcome;

                pass = x->op == HX_SCN_OP_NE ? !eq : eq;
            }
        } else {
            double actual;

            if (hx_result_metric(on, hx_scn_metric_name(x->metric), &actual) == 0) {
                fmt_num(e->actual, sizeof(e->actual), actual);
                pass = compare(actual, x->op, x->value);
            } else {
                hx_str_copy(e->actual, sizeof(e->actual), "unknown metric");
            }
        }
        e->verdict = pass ? HX_VERDICT_PASS : HX_VERDICT_FAIL;
        r->expect_failed |= !pass;
    }
    free(scoped);
}

