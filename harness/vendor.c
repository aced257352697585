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
#include <time.h>

#include "harness/gtkw.h"
#include "harness/ims_rules.h"
#include "harness/vendor.h"

/* The ports a design's VCD shows (docs/vendor-guide.md, RTL port list). */
#define SIM_VCD_PORTS 19

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

/* A design for one rule: a fresh instance (o->open), or @dut reset by the rule. */
static int design_get(const struct hx_vendor_opts *o, struct ims_dut *dut, struct ims_dut *out)
{
    if (!o->open) {
        *out = *dut;
        return 0;
    }
    return o->open(o->open_arg, out);
}

static void design_put(const struct hx_vendor_opts *o, struct ims_dut *d)
{
    if (o->open && d->ops)
        d->ops->destroy(d->state);
}

static bool same_failure(const struct hx_ims_result *a, const struct hx_ims_result *b)
{
    return a->verdict == b->verdict && a->checkpoint == b->checkpoint &&
           a->entry == b->entry && a->emitted == b->emitted && a->dut_cycle == b->dut_cycle;
}

/*
 * Replay @rule (same seed, same stream: the same stimulus) with the trace
 * on, on a fresh instance when the design can be constructed again, and
 * check it fails as @first did.  Return: 0 reproduced, -EAGAIN it failed
 * otherwise (@again says how), -ENOTSUP the design cannot trace.
 */
static int rerun_traced(const struct hx_ims_rule *rule, struct ims_dut *dut,
                        const struct ims_layout *l, const struct hx_vendor_opts *o,
                        const char *path, const struct hx_ims_result *first,
                        struct hx_ims_result *again)
{
    struct ims_dut d;
    int rc = design_get(o, dut, &d);

    if (rc < 0)
        return rc;
    rc = d.ops->trace ? d.ops->trace(d.state, path) : -ENOTSUP;
    if (rc == 0) {
        hx_ims_rule_run(rule, &d, l, &o->ims, again);
        d.ops->trace(d.state, NULL);
        rc = same_failure(first, again) ? 0 : -EAGAIN;
    }
    design_put(o, &d);
    return rc;
}

/* ---- GTKWave save file ------------------------------------------------------ */

/* A wire of the first scope of a VCD: its name as GTKWave shows it. */
struct gtk_sig {
    char name[176];
    unsigned width;
};

/* The wires of the first $scope of @vcd_path, as "scope.name[msb:lsb]". */
static size_t vcd_wires(const char *vcd_path, struct gtk_sig *v, size_t max)
{
    char line[512], scope[64] = "";
    size_t k = 0;
    int depth = 0;
    FILE *f = fopen(vcd_path, "r");

    if (!f)
        return 0;
    while (k < max && fgets(line, sizeof(line), f) && !strstr(line, "$enddefinitions")) {
        char id[16], name[64], range[24] = "";
        const char *l = line + strspn(line, " \t");   /* Verilator indents */
        unsigned w;

        if (!strncmp(l, "$scope module ", 14)) {
            if (depth++ == 0)
                sscanf(l + 14, "%63s", scope);
            continue;
        }
        if (!strncmp(l, "$upscope", 8)) {
            if (--depth == 0)
                break;
            continue;
        }
        if (depth != 1 || sscanf(l, "$var %*s %u %15s %63s %23s", &w, id, name, range) < 3)
            continue;
        if (range[0] != '[')
            range[0] = '\0';
        if (w > 1 && !range[0])
            snprintf(range, sizeof(range), "[%u:0]", w - 1);
        snprintf(v[k].name, sizeof(v[k].name), "%s.%s%s", scope, name, range);
        v[k++].width = w;
    }
    fclose(f);
    return k;
}

static bool sig_is(const struct gtk_sig *s, const char *port)
{
    const char *dot = strrchr(s->name, '.');
    size_t n = strlen(port);

    return dot && !strncmp(dot + 1, port, n) && (dot[1 + n] == '\0' || dot[1 + n] == '[');
}

/* The designs' clock period: the time base of every time reported. */
static uint64_t vendor_period(const struct hx_vendor_opts *o)
{
    return o->clock_ps ? o->clock_ps : IMS_DUT_CLOCK_PS;
}

/*
 * Write @vcd_path with .gtkw for .vcd: the ports, the failing group first
 * (the message port when a message is at fault, else the request port),
 * hex for vectors, and the marker at the failure's rising edge.
 */
static int write_gtkw(const char *vcd_path, const struct hx_ims_rule *rule,
                      const struct hx_ims_result *r, uint64_t period, char *out,
                      size_t outlen)
{
    static const char *const msg_first[] = { "clk", "rst_n", "msg_valid", "msg_ready",
                                             "msg_index", "msg_addr", "msg_data", "irq_valid",
                                             "irq_ready", "irq_err", "irq_index", "irq_pasid",
                                             "irq_pasid_valid", "reg_we", "reg_re", "reg_addr",
                                             "reg_wdata", "reg_rdata", "reg_ack" };
    static const char *const irq_first[] = { "clk", "rst_n", "irq_valid", "irq_ready",
                                             "irq_err", "irq_index", "irq_pasid",
                                             "irq_pasid_valid", "msg_valid", "msg_ready",
                                             "msg_index", "msg_addr", "msg_data", "reg_we",
                                             "reg_re", "reg_addr", "reg_wdata", "reg_rdata",
                                             "reg_ack" };
    const char *const *order = r->emitted != HX_IMS_NO_ENTRY || r->has_pair ? msg_first
                                                                             : irq_first;
    struct gtk_sig sig[SIM_VCD_PORTS];
    size_t n = vcd_wires(vcd_path, sig, SIM_VCD_PORTS);
    uint64_t marker = r->dut_cycle * period;
    char comment[256];
    FILE *f;

    if (!n || hx_gtkw_path(out, outlen, vcd_path))
        return -EINVAL;
    if (!(f = fopen(out, "w")))
        return -errno;
    snprintf(comment, sizeof(comment), "imslab vendor: %s checkpoint %u, entry %" PRIu32
             ", cycle %" PRIu64 " (%" PRIu64 " ps)", rule->id, r->checkpoint, r->entry,
             r->dut_cycle, marker);
    hx_gtkw_head(f, comment, vcd_path,
                 marker > 40u * period ? marker - 40u * period : 0,
                 -14, (int64_t)marker);
    for (size_t i = 0; i < SIM_VCD_PORTS; i++)
        for (size_t j = 0; j < n; j++)
            if (sig_is(&sig[j], order[i]))
                hx_gtkw_trace(f, sig[j].name, sig[j].width, false);
    return fclose(f) ? -EIO : 0;
}

static void fmt_pair(char *buf, size_t len, uint64_t addr, uint32_t data)
{
    snprintf(buf, len, "0x%" PRIx64 "/0x%" PRIx32, addr, data);
}

void hx_vendor_record_rule(struct hx_vendor_record *v, const char *rule,
                           const struct hx_ims_result *r, enum hx_vendor_wave wave,
                           const char *vcd, const char *gtkw)
{
    struct hx_vendor_rule_rec *x;

    v->passed += r->verdict == HX_IMS_PASS;
    v->failed += r->verdict == HX_IMS_FAIL;
    v->skipped += r->verdict == HX_IMS_SKIP;
    if (v->nrules >= HX_VENDOR_MAX_RULES)
        return;
    x = &v->rules[v->nrules++];
    memset(x, 0, sizeof(*x));
    hx_str_copy(x->rule, sizeof(x->rule), rule);
    hx_str_copy(x->verdict, sizeof(x->verdict), hx_ims_verdict_name(r->verdict));
    x->checkpoint = r->checkpoint;
    hx_str_copy(x->kind, sizeof(x->kind), r->kind);
    x->entry = r->entry;
    x->emitted = r->emitted;
    x->cycle = r->dut_cycle;
    x->time_ps = r->dut_cycle * (v->clock_ps ? v->clock_ps : IMS_DUT_CLOCK_PS);
    hx_str_copy(x->expected, sizeof(x->expected), r->expected);
    hx_str_copy(x->actual, sizeof(x->actual), r->observed);
    x->has_pair = r->has_pair;
    x->exp_addr = r->exp_addr;
    x->exp_data = r->exp_data;
    x->act_addr = r->act_addr;
    x->act_data = r->act_data;
    x->wave = wave;
    hx_str_copy(x->vcd, sizeof(x->vcd), vcd);
    hx_str_copy(x->gtkw, sizeof(x->gtkw), gtkw);
}

/* The failure's lines of the text report, and its waveform (recorded in @o->record). */
static void report_fail(const struct hx_ims_rule *rule, struct ims_dut *dut,
                        const struct ims_layout *l, const struct hx_vendor_opts *o,
                        const struct hx_ims_result *r, const char *name, FILE *text)
{
    enum hx_vendor_wave wave = HX_VENDOR_WAVE_NONE;
    char ent[16], emi[16], vcd[PATH_MAX] = "", gtkw[PATH_MAX] = "";

    fmt_entry(ent, sizeof(ent), r->entry);
    fmt_entry(emi, sizeof(emi), r->emitted);
    fprintf(text, "%-18s %-7s %-6s %-7s %-8" PRIu64 " %s%s%scheckpoint %u: %s\n", rule->id,
            "FAIL", ent, emi, r->dut_cycle, r->kind[0] ? "[" : "", r->kind,
            r->kind[0] ? "] " : "", r->checkpoint, r->observed);
    fprintf(text, "%-50s expected: %s\n", "", r->expected);
    if (r->has_pair) {
        char pe[48], pa[48];

        fmt_pair(pe, sizeof(pe), r->exp_addr, r->exp_data);
        fmt_pair(pa, sizeof(pa), r->act_addr, r->act_data);
        fprintf(text, "%-50s pair: expected %s (entry %s), emitted %s (entry %s)\n", "", pe,
                ent, pa, emi);
    }
    if (o->outdir) {
        struct hx_ims_result again;
        char path[PATH_MAX];
        int rc;

        snprintf(path, sizeof(path), "%s/%s.vcd", o->outdir, rule->id);
        rc = rerun_traced(rule, dut, l, o, path, r, &again);
        if (rc == 0) {
            wave = HX_VENDOR_WAVE_REPRODUCED;
            hx_str_copy(vcd, sizeof(vcd), path);
            fprintf(text, "%-50s waveform: %s (the failure at cycle %" PRIu64 ", %" PRIu64
                    " ps, reproduced by the traced re-run)\n", "", path, again.dut_cycle,
                    again.dut_cycle * vendor_period(o));
            if (write_gtkw(path, rule, r, vendor_period(o), gtkw, sizeof(gtkw)) == 0)
                fprintf(text, "%-50s gtkwave: %s (marker at the failure)\n", "", gtkw);
            else
                gtkw[0] = '\0';
        } else if (rc == -EAGAIN) {
            wave = HX_VENDOR_WAVE_DIFFERENT;
            hx_str_copy(vcd, sizeof(vcd), path);
            fprintf(text, "%-50s waveform: %s (NOT reproduced: the traced re-run %s at "
                    "checkpoint %u, entry %" PRIu32 ", cycle %" PRIu64 ")\n", "", path,
                    again.verdict == HX_IMS_FAIL ? "failed" : "passed", again.checkpoint,
                    again.entry, again.dut_cycle);
        } else if (rc == -ENOTSUP) {
            fprintf(text, "%-50s waveform: none (%s cannot trace)\n", "", name);
        } else {
            fprintf(text, "%-50s waveform: none (%s)\n", "", strerror(-rc));
        }
    }
    if (o->record)
        hx_vendor_record_rule(o->record, rule->id, r, wave, vcd, gtkw);
}

static uint64_t mono_ns(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

/* Rule @i (its record, the @i-th: each rule adds one) took since @t0. */
static void stamp(struct hx_vendor_record *v, size_t i, uint64_t t0)
{
    if (v && i < v->nrules)
        v->rules[i].wall_ns = mono_ns() - t0;
}

int hx_vendor_rules(struct ims_dut *dut, const struct ims_layout *l,
                    const struct hx_vendor_opts *o, FILE *text, struct hx_result *res)
{
    const struct hx_ims_rule *all;
    size_t nall, passed = 0, nfail = 0, i_prev = SIZE_MAX;
    uint64_t t_prev = 0;
    const char *name;
    struct ims_dut first = { 0 };

    if (!l || !o || !text || !res || (!dut && !o->open))
        return -EINVAL;
    if (!dut) {
        if (o->open(o->open_arg, &first) < 0)
            return -EINVAL;
        dut = &first;
    }
    if (!dut->ops || dut->ops->entries(dut->state) != l->entries) {
        design_put(o, &first);
        return -EINVAL;
    }
    all = hx_ims_rules(&nall);
    name = dut->ops->name ? dut->ops->name : "design";
    memset(res, 0, sizeof(*res));
    hx_str_copy(res->name, sizeof(res->name), name);
    hx_str_copy(res->device, sizeof(res->device), l->name);
    hx_str_copy(res->path, sizeof(res->path), "vendor");
    fprintf(text, "imslab vendor: %s (%s), %" PRIu32 " entries, seed %" PRIu64 "\n", name,
            o->source ? o->source : l->name, l->entries, o->ims.seed);
    fprintf(text, "descriptor: %s (%s)\n", o->descriptor ? o->descriptor : "(none)", l->name);
    if (o->record) {
        struct hx_vendor_record *v = o->record;

        memset(v, 0, sizeof(*v));
        hx_str_copy(v->design, sizeof(v->design), name);
        hx_str_copy(v->source, sizeof(v->source), o->source ? o->source : l->name);
        hx_str_copy(v->descriptor, sizeof(v->descriptor), o->descriptor);
        hx_str_copy(v->layout, sizeof(v->layout), l->name);
        hx_str_copy(v->mode, sizeof(v->mode), "rules");
        v->entries = l->entries;
        v->seed = o->ims.seed;
        v->clock_ps = o->clock_ps;
    }
    fprintf(text, "%-18s %-7s %-6s %-7s %-8s %s\n", "rule", "verdict", "entry", "emitted",
            "cycle", "detail");
    for (size_t i = 0; i < (o->rules ? o->nrules : nall); i++) {
        const struct hx_ims_rule *rule = o->rules ? o->rules[i] : &all[i];
        struct hx_ims_result r;
        char ent[16], actual[sizeof(res->expect[0].actual)], scope[64];
        struct ims_dut d;
        uint64_t t0 = mono_ns();

        stamp(o->record, i_prev, t_prev);      /* the rule before */
        i_prev = i, t_prev = t0;

        if (design_get(o, dut, &d) < 0) {
            memset(&r, 0, sizeof(r));
            r.verdict = HX_IMS_FAIL;
            r.entry = r.emitted = HX_IMS_NO_ENTRY;
            snprintf(r.expected, sizeof(r.expected), "a fresh instance of the design");
            snprintf(r.observed, sizeof(r.observed), "design error: cannot construct it");
        } else {
            hx_ims_rule_run(rule, &d, l, &o->ims, &r);
            design_put(o, &d);
        }
        fmt_entry(ent, sizeof(ent), r.entry);
        if (r.verdict != HX_IMS_FAIL && o->record)
            hx_vendor_record_rule(o->record, rule->id, &r, HX_VENDOR_WAVE_NONE, "", "");
        if (r.verdict == HX_IMS_SKIP) {
            fprintf(text, "%-18s %-7s %-6s %-7s %-8s %s\n", rule->id, "skip", "-", "-", "-",
                    r.observed);
            continue;
        }
        if (r.verdict == HX_IMS_PASS) {
            passed++;
            fprintf(text, "%-18s %-7s %-6s %-7s %s\n", rule->id, "pass", "-", "-", "-");
            hx_vendor_add_expect(res, rule->id, true, "pass", name);
            continue;
        }
        nfail++;
        report_fail(rule, dut, l, o, &r, name, text);
        snprintf(actual, sizeof(actual), "entry %s cycle %" PRIu64 ": %.80s", ent,
                 r.dut_cycle, r.observed);
        snprintf(scope, sizeof(scope), "%.40s checkpoint %u", name, r.checkpoint);
        hx_vendor_add_expect(res, rule->id, false, actual, scope);
    }
    stamp(o->record, i_prev, t_prev);
    design_put(o, &first);
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
