/* SPDX-License-Identifier: MIT */
/* tap.c - the run as TAP version 14: one test point per scenario. */
#include "reports/report.h"
#include "reports/rpt_internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/*
 * The shape (docs/results-schema.md, "TAP"):
 *
 *   TAP version 14
 *   1..N
 *   ok 1 - SCENARIO
 *   not ok 2 - SCENARIO
 *     ---
 *     message: "1 of 4 expectations failed"
 *     failed:
 *       - rule: "RULE"
 *         metric: "METRIC"
 *         op: "OP"
 *         expected: "EXPECTED"
 *         actual: "ACTUAL"
 *         scope: "SCOPE"
 *     ...
 *   ok 3 - SCENARIO # SKIP REASON
 *
 * Texts are cleaned for a terminal (no control character), so a YAML
 * double-quoted scalar needs only '"' and '\' escaped; in a description
 * '#' and '\' are escaped, as TAP 14 asks.
 */

/* @s as the inside of a YAML double-quoted scalar. */
static void yaml_str(FILE *out, const char *s, size_t max)
{
    char clean[RPT__CLEAN_SIZE(256)];

    rpt__clean(clean, s, max < 256 ? max : 256, RPT__TEXT_TERM);
    fputc('"', out);
    for (const char *p = clean; *p; p++) {
        if (*p == '"' || *p == '\\')
            fputc('\\', out);
        fputc(*p, out);
    }
    fputc('"', out);
}

/* A test point's description: the scenario name, '#' and '\' escaped. */
static void description(FILE *out, const struct hx_result *r)
{
    char name[RPT__CLEAN_SIZE(sizeof(r->name))];

    rpt__clean(name, r->name, sizeof(r->name), RPT__TEXT_TERM);
    for (const char *p = name; *p; p++) {
        if (*p == '#' || *p == '\\')
            fputc('\\', out);
        fputc(*p, out);
    }
}

#define FIELD(out, e, f)                                   \
    do {                                                   \
        fputs("        " #f ": ", out);                    \
        yaml_str(out, (e)->f, sizeof((e)->f));             \
        fputc('\n', out);                                  \
    } while (0)

static void diagnostic(FILE *out, const struct hx_result *r)
{
    size_t failed = 0;

    for (size_t k = 0; k < r->n_expect; k++)
        failed += r->expect[k].verdict != HX_VERDICT_PASS;
    fprintf(out, "  ---\n  message: \"%zu of %zu expectation%s failed\"\n",
            failed, r->n_expect, r->n_expect == 1 ? "" : "s");
    fputs("  failed:\n", out);
    for (size_t k = 0; k < r->n_expect; k++) {
        const struct hx_expect_result *e = &r->expect[k];

        if (e->verdict == HX_VERDICT_PASS)
            continue;
        fputs("      - rule: ", out);
        yaml_str(out, e->rule, sizeof(e->rule));
        fputc('\n', out);
        FIELD(out, e, metric);
        FIELD(out, e, op);
        FIELD(out, e, expected);
        FIELD(out, e, actual);
        FIELD(out, e, scope);
    }
    fputs("  ...\n", out);
}

int rpt_tap_write(FILE *out, const struct hx_result *res, size_t n)
{
    if (!out || (!res && n))
        return -EINVAL;
    fprintf(out, "TAP version 14\n1..%zu\n", n);
    for (size_t i = 0; i < n; i++) {
        const struct hx_result *r = &res[i];
        bool failed = false;

        for (size_t k = 0; k < r->n_expect; k++)
            failed |= r->expect[k].verdict != HX_VERDICT_PASS;
        fprintf(out, "%sok %zu - ", failed ? "not " : "", i + 1);
        description(out, r);
        if (r->skipped[0]) {
            char why[RPT__CLEAN_SIZE(sizeof(r->skipped))];

            rpt__clean(why, r->skipped, sizeof(r->skipped), RPT__TEXT_TERM);
            fprintf(out, " # SKIP %s", why);
        }
        fputc('\n', out);
        if (failed)
            diagnostic(out, r);
    }
    if (fflush(out) || ferror(out))
        return -EIO;
    return 0;
}
