/* SPDX-License-Identifier: MIT */
/*
 * run_health.c - the rules about the run itself (runner.h): RUN-02, the
 * event queue filled and arrivals were not raised; RUN-03, overload.
 * Each is added to a result only when it fails: a healthy run's results
 * do not change.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "harness/runner.h"

/* A failed expectation @rule on @r, or false when @r has no room left. */
static struct hx_expect_result *add_failed(struct hx_result *r, const char *rule,
                                           const char *metric, const char *op,
                                           const char *expected)
{
    struct hx_expect_result *e;

    if (r->n_expect >= HX_MAX_EXPECT)
        e = &r->expect[HX_MAX_EXPECT - 1];   /* the run's own failure wins */
    else
        e = &r->expect[r->n_expect++];
    memset(e, 0, sizeof(*e));
    hx_str_copy(e->rule, sizeof(e->rule), rule);
    hx_str_copy(e->metric, sizeof(e->metric), metric);
    hx_str_copy(e->op, sizeof(e->op), op);
    hx_str_copy(e->expected, sizeof(e->expected), expected);
    e->verdict = HX_VERDICT_FAIL;
    r->expect_failed = true;
    return e;
}

/* The highest per-ADI arrival rate of the scenario's workloads, in Hz. */
static uint64_t max_rate(const struct hx_scenario *scn)
{
    uint64_t m = 0;

    for (uint32_t i = 0; i < scn->nworkloads; i++)
        if (scn->workloads[i].rate_hz > m)
            m = scn->workloads[i].rate_hz;
    return m;
}

void hx_run_health_rules(const struct hx_scenario *scn, const struct hx_run_health *h,
                         struct hx_result *r)
{
    uint64_t rate = max_rate(scn);
    double rho = (double)rate * (double)r->latency.p50_ns / 1e9;

    if (h->not_raised) {
        struct hx_expect_result *e = add_failed(r, "RUN-02", "arrivals_not_raised",
                                                "eq", "0");

        snprintf(e->actual, sizeof(e->actual), "%s%" PRIu64 " (the event queue was "
                 "full)", h->estimated ? "~" : "", h->not_raised);
    }
    if (r->latency.n && rho >= HX_OVERLOAD_RHO) {
        struct hx_expect_result *e = add_failed(r, "RUN-03", "offered_load", "lt", "1");

        snprintf(e->actual, sizeof(e->actual), "%.3g (%" PRIu64 " Hz per ADI x p50 %"
                 PRIu64 " ns): would queue", rho, rate, r->latency.p50_ns);
    }
}
