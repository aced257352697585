/* SPDX-License-Identifier: MIT */
/*
 * vendor.c - running the IMS conformance rules on one design and writing
 * the text report and the results record (vendor.h).  The command line
 * around it is cli/vendor_cmd.c.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/ims_rules.h"
#include "harness/vendor.h"

/* ---- running rules on one design ------------------------------------------- */

void hx_vendor_add_expect(struct hx_result *res, const char *rule, bool pass,
                          const char *actual, const char *scope)
{
    struct hx_expect_result *e;

    if (res->n_expect >= HX_MAX_EXPECT)
        return;
    e = &res->expect[res->n_expect++];
    hx_str_copy(e->rule, sizeof(e->rule), rule);
    hx_str_copy(e->metric, sizeof(e->metric), "conformance");
    hx_str_copy(e->op, sizeof(e->op), "eq");
    hx_str_copy(e->expected, sizeof(e->expected), "pass");
    hx_str_copy(e->actual, sizeof(e->actual), actual);
    hx_str_copy(e->scope, sizeof(e->scope), scope);
    e->verdict = pass ? HX_VERDICT_PASS : HX_VERDICT_FAIL;
    res->expect_failed |= !pass;
}

static void fmt_entry(char *buf, size_t len, uint32_t e)
{
    if (e == HX_IMS_NO_ENTRY)
        snprintf(buf, len, "-");
    else
        snprintf(buf, len, "%" PRIu32, e);
}

/*
 * Run @rule again with the design's trace on.  Return: 0 and the failure's
 * design cycle in that run, -ENOTSUP when the design cannot trace.
 */
static int rerun_traced(const struct hx_ims_rule *rule, struct ims_dut *dut,
                        const struct ims_layout *l, const struct hx_ims_opts *o,
                        const char *path, uint64_t *cycle)
{
    struct hx_ims_result again;
    int rc = dut->ops->trace ? dut->ops->trace(dut->state, path) : -ENOTSUP;

    if (rc < 0)
        return rc;
    hx_ims_rule_run(rule, dut, l, o, &again);
    dut->ops->trace(dut->state, NULL);
    *cycle = again.dut_cycle;
    return again.verdict == HX_IMS_FAIL ? 0 : -EAGAIN;
}

int hx_vendor_rules(struct ims_dut *dut, const struct ims_layout *l,
                    const struct hx_vendor_opts *o, FILE *text, struct hx_result *res)
{
    const struct hx_ims_rule *all;
    size_t nall, passed = 0, nfail = 0;
    const char *name;

    if (!dut || !dut->ops || !l || !o || !text || !res)
        return -EINVAL;
    if (dut->ops->entries(dut->state) != l->entries)
        return -EINVAL;
    all = hx_ims_rules(&nall);
    name = dut->ops->name ? dut->ops->name : "design";
    memset(res, 0, sizeof(*res));
    hx_str_copy(res->name, sizeof(res->name), name);
    hx_str_copy(res->device, sizeof(res->device), l->name);
    hx_str_copy(res->path, sizeof(res->path), "vendor");
    fprintf(text, "imslab vendor: %s (%s), %" PRIu32 " entries, seed %" PRIu64 "\n", name,
            o->source ? o->source : l->name, l->entries, o->ims.seed);
    fprintf(text, "%-18s %-7s %-6s %-8s %s\n", "rule", "verdict", "entry", "cycle", "detail");
    for (size_t i = 0; i < (o->rules ? o->nrules : nall); i++) {
        const struct hx_ims_rule *rule = o->rules ? o->rules[i] : &all[i];
        struct hx_ims_result r;
        char ent[16], actual[sizeof(res->expect[0].actual)], scope[64];

        hx_ims_rule_run(rule, dut, l, &o->ims, &r);
        fmt_entry(ent, sizeof(ent), r.entry);
        if (r.verdict == HX_IMS_SKIP) {
            fprintf(text, "%-18s %-7s %-6s %-8s %s\n", rule->id, "skip", "-", "-", r.observed);
            continue;
        }
        if (r.verdict == HX_IMS_PASS) {
            passed++;
            fprintf(text, "%-18s %-7s %-6s %s\n", rule->id, "pass", "-", "-");
            hx_vendor_add_expect(res, rule->id, true, "pass", name);
            continue;
        }
        nfail++;
        fprintf(text, "%-18s %-7s %-6s %-8" PRIu64 " checkpoint %u: %s\n", rule->id, "FAIL",
                ent, r.cycle, r.checkpoint, r.observed);
        fprintf(text, "%-42s expected: %s\n", "", r.expected);
        snprintf(actual, sizeof(actual), "entry %s cycle %" PRIu64 ": %.80s", ent, r.cycle,
                 r.observed);
        snprintf(scope, sizeof(scope), "%.40s checkpoint %u", name, r.checkpoint);
        hx_vendor_add_expect(res, rule->id, false, actual, scope);
        if (o->outdir) {
            char path[PATH_MAX];
            uint64_t cyc;
            int rc;

            snprintf(path, sizeof(path), "%s/%s.vcd", o->outdir, rule->id);
            rc = rerun_traced(rule, dut, l, &o->ims, path, &cyc);
            if (rc == 0)
                fprintf(text, "%-42s waveform: %s (the failure at cycle %" PRIu64 ")\n", "",
                        path, cyc);
            else if (rc == -EAGAIN)
                fprintf(text, "%-42s waveform: %s (the traced re-run did not fail)\n", "",
                        path);
            else
                fprintf(text, "%-42s waveform: none (%s cannot trace)\n", "", name);
        }
    }
    fprintf(text, "%zu passed, %zu failed\n", passed, nfail);
    snprintf(res->note, sizeof(res->note), "%zu passed, %zu failed", passed, nfail);
    if (passed + nfail == 0) {
        /* every rule skipped: nothing was checked, which is not a pass */
        fprintf(text, "%s\n", HX_VENDOR_NONE_APPLIED);
        snprintf(res->note, sizeof(res->note), "%s", HX_VENDOR_NONE_APPLIED);
        res->expect_failed = true;
    }
    return 0;
}
