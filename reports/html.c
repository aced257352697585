/* SPDX-License-Identifier: MIT */
/*
 * html.c - the HTML report: one self-contained file (no network, no
 * script), its charts SVG drawn here, from a results JSON document.
 *
 * The outcome matrix is a table whose cells are coloured by outcome class
 * (class "out-CLASS") and link to their scenario's section (id "s-NAME");
 * each scenario shows its fates and latency percentiles as SVG bars, its
 * exits and IR faults by reason, and its expectations with their rule IDs
 * linking to the rules catalog.  Vendor records (path vendor or lockstep)
 * list the rules with verdict and the failing entry and cycle (in
 * "actual").  docs/results-schema.md, "HTML report".
 */
#include "reports/report.h"
#include "reports/rpt_internal.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

static void esc(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '&': fputs("&amp;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default: fputc(*s, f);
        }
    }
}

/* An id/fragment: letters, digits, '-', '_', '.'; anything else as '_'. */
static void ident(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        char c = *s;

        fputc((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.' ? c : '_', f);
    }
}

static const char *str(json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));

    return s ? s : "";
}

static json_int_t num(json_t *o, const char *k)
{
    return json_integer_value(json_object_get(o, k));
}

/* A scenario's class in the report: its outcome, or "skipped". */
static const char *outcome(json_t *s)
{
    return json_object_get(s, "skipped") ? "skipped" : str(s, "outcome");
}

static const char css[] =
    "body{font:14px sans-serif;margin:1em 2em;color:#222}"
    "table{border-collapse:collapse;margin:.5em 0}"
    "td,th{border:1px solid #bbb;padding:3px 6px;text-align:left;vertical-align:top}"
    "th{background:#eee}td.cell a{display:block;color:inherit}"
    ".out-delivered{background:#b7e1b0}.out-refused-fallback{background:#d9f0c0}"
    ".out-misrouted{background:#f5b7b1}.out-faulted{background:#f8c471}"
    ".out-lost{background:#e6a0a0}.out-silent-failure{background:#d98880}"
    ".out-not-emulatable{background:#d2b4de}.out-mixed{background:#f9e79f}"
    ".out-none{background:#ddd}.out-skipped{background:#eee;color:#777}.empty{background:#fafafa;color:#999}"
    ".fail{color:#a00;font-weight:bold}.pass{color:#070}.skip{color:#777}"
    ".out-pass{background:#b7e1b0}.out-fail{background:#f5b7b1}.out-skip{background:#eee;color:#777}"
    "section{border-top:2px solid #ccc;margin-top:1em}svg text{font:11px sans-serif}";

/* Horizontal bars: @n labels and values, scaled to the largest; @kind
 * names the chart in its class ("chart chart-KIND"). */
static void bars_kind(FILE *f, const char *kind, const char *title, const char *const *label,
                      const json_int_t *v, size_t n, const char *unit)
{
    json_int_t max = 1;
    unsigned h = (unsigned)(n * 18 + 22);

    for (size_t i = 0; i < n; i++)
        max = v[i] > max ? v[i] : max;
    fprintf(f, "<svg class=\"chart chart-%s\" width=\"420\" height=\"%u\" role=\"img\" "
            "xmlns=\"http://www.w3.org/2000/svg\"><title>", kind, h);
    esc(f, title);
    fprintf(f, "</title><text x=\"0\" y=\"12\">");
    esc(f, title);
    fprintf(f, "</text>");
    for (size_t i = 0; i < n; i++) {
        unsigned y = (unsigned)(20 + i * 18);
        unsigned w = (unsigned)(v[i] * 250 / max);

        fprintf(f, "<text x=\"0\" y=\"%u\">%s</text><rect x=\"90\" y=\"%u\" width=\"%u\" "
                "height=\"13\" fill=\"#5b8def\"/><text x=\"%u\" y=\"%u\">%" JSON_INTEGER_FORMAT
                "%s</text>", y + 11, label[i], y, w, 95 + w, y + 11, v[i], unit);
    }
    fprintf(f, "</svg>\n");
}

static void bars(FILE *f, const char *title, const char *const *label,
                 const json_int_t *v, size_t n, const char *unit)
{
    bars_kind(f, !strncmp(title, "fates", 5) ? "fates" : "latency", title, label, v, n, unit);
}

/* The bars of every member of @obj (an object of counts), in its order. */
static void obj_bars(FILE *f, const char *kind, const char *title, json_t *obj)
{
    const char *label[16];
    json_int_t v[16];
    size_t n = 0;
    const char *k;
    json_t *x;

    json_object_foreach(obj, k, x) {
        if (n < 16 && json_is_integer(x)) {
            label[n] = k;
            v[n++] = json_integer_value(x);
        }
    }
    bars_kind(f, kind, title, label, v, n, "");
}

/*
 * The latency distribution (latency_hist_ns: bins [2^k, 2^(k+1)) ns by
 * their lowest value) as columns from the first to the last non-empty bin,
 * one rect per bin with its count in its title.
 */
static void hist_chart(FILE *f, json_t *s)
{
    json_t *h = json_object_get(s, "latency_hist_ns");
    json_int_t cnt[32] = { 0 }, max = 1;
    int lo = 32, hi = -1;
    const char *k;
    json_t *v;

    json_object_foreach(h, k, v) {
        unsigned long long low = strtoull(k, NULL, 10);
        int b = low < 2 ? 0 : 63 - __builtin_clzll(low);

        if (b < 32) {
            cnt[b] = json_integer_value(v);
            lo = b < lo ? b : lo;
            hi = b > hi ? b : hi;
            max = cnt[b] > max ? cnt[b] : max;
        }
    }
    if (hi < 0)
        return;
    fprintf(f, "<svg class=\"chart chart-hist\" width=\"%d\" height=\"150\" role=\"img\" "
            "xmlns=\"http://www.w3.org/2000/svg\"><title>latency distribution, path ",
            100 + (hi - lo + 1) * 44);
    esc(f, str(s, "path"));
    fprintf(f, "</title><text x=\"0\" y=\"12\">latency distribution (ns, bins by power of "
            "two), path ");
    esc(f, str(s, "path"));
    fprintf(f, "</text>");
    for (int b = lo; b <= hi; b++) {
        unsigned x = 10 + (unsigned)(b - lo) * 44, hgt = (unsigned)(cnt[b] * 100 / max);
        unsigned long long low = b ? 1ull << b : 0;

        fprintf(f, "<rect class=\"bin\" x=\"%u\" y=\"%u\" width=\"40\" height=\"%u\" "
                "fill=\"#5b8def\"><title>%llu-%llu ns: %" JSON_INTEGER_FORMAT "</title></rect>"
                "<text x=\"%u\" y=\"145\">%llu</text>",
                x, 125 - hgt, hgt, low, (1ull << (b + 1)) - 1, cnt[b], x, low);
    }
    fprintf(f, "</svg>\n");
}

/* Set-up and retarget costs: counts as bars, the times in the titles. */
static void cost_charts(FILE *f, json_t *s)
{
    static const char *const su[] = { "exits", "hypercalls", "iec_flushes", "route_commits" };
    static const char *const rt[] = { "changes", "moves", "unfinished", "exits" };
    json_t *setup = json_object_get(s, "setup"), *ret = json_object_get(s, "retarget");
    json_int_t v[4];
    char title[128];

    for (size_t i = 0; i < 4; i++)
        v[i] = num(setup, su[i]);
    snprintf(title, sizeof(title), "set-up costs (%" JSON_INTEGER_FORMAT " ns)",
             num(setup, "time_ns"));
    bars_kind(f, "setup", title, su, v, 4, "");
    if (!ret)
        return;
    for (size_t i = 0; i < 4; i++)
        v[i] = num(ret, rt[i]);
    snprintf(title, sizeof(title), "retarget costs (mean %" JSON_INTEGER_FORMAT " ns, max %"
             JSON_INTEGER_FORMAT " ns)", num(json_object_get(ret, "time_ns"), "mean"),
             num(json_object_get(ret, "time_ns"), "max"));
    bars_kind(f, "retarget", title, rt, v, 4, "");
}

static void kv_table(FILE *f, const char *title, json_t *obj)
{
    const char *k;
    json_t *v;

    fprintf(f, "<table class=\"%s\"><tr><th>", title);
    esc(f, title);
    fprintf(f, "</th><th>count</th></tr>");
    json_object_foreach(obj, k, v) {
        fprintf(f, "<tr><td>");
        esc(f, k);
        fprintf(f, "</td><td>%" JSON_INTEGER_FORMAT "</td></tr>", json_integer_value(v));
    }
    fprintf(f, "</table>\n");
}

static void scenario(FILE *f, json_t *s, const char *rules_url)
{
    static const char *const fates[] = { "delivered", "misrouted", "faulted", "lost",
                                         "refused", "duplicated", "spurious" };
    static const char *const pct[] = { "p50", "p99", "max" };
    json_int_t fv[7], lv[3];
    json_t *lat = json_object_get(s, "latency_ns"), *ex = json_object_get(s, "expectations");
    bool vendor = !strcmp(str(s, "path"), "vendor") || !strcmp(str(s, "path"), "lockstep");
    size_t i;
    json_t *e;

    for (i = 0; i < 7; i++)
        fv[i] = num(s, fates[i]);
    for (i = 0; i < 3; i++)
        lv[i] = num(lat, pct[i]);
    fprintf(f, "<section class=\"scenario\" id=\"s-");
    ident(f, str(s, "name"));
    fprintf(f, "\"><h2>");
    esc(f, str(s, "name"));
    fprintf(f, " <span class=\"out-%s\">%s</span></h2>\n<p>", outcome(s), outcome(s));
    esc(f, str(s, "personality"));
    fprintf(f, " | ");
    esc(f, str(s, "policy"));
    fprintf(f, " | ");
    esc(f, str(s, "guest"));
    fprintf(f, " &mdash; ");
    esc(f, str(s, "device"));
    fprintf(f, "/");
    esc(f, str(s, "assignment"));
    fprintf(f, ", path ");
    esc(f, str(s, "path"));
    fprintf(f, ", file ");
    esc(f, str(s, "file"));
    fprintf(f, ", seed %" JSON_INTEGER_FORMAT ". ", num(s, "seed"));
    esc(f, str(s, "note"));
    fprintf(f, "</p>\n");
    if (json_object_get(s, "skipped")) {
        fprintf(f, "<p class=\"skip\">skipped: ");
        esc(f, str(s, "skipped"));
        fprintf(f, "</p>\n");
    } else if (!vendor) {
        bars(f, "fates (interrupts)", fates, fv, 7, "");
        bars(f, "latency (ns)", pct, lv, 3, " ns");
        hist_chart(f, s);
        obj_bars(f, "exits", "exits by reason", json_object_get(s, "exits"));
        cost_charts(f, s);
        kv_table(f, "ir_faults", json_object_get(s, "ir_faults"));
    }
    fprintf(f, "<table class=\"expectations\"><tr><th>rule</th><th>metric</th><th>op</th>"
            "<th>expected</th><th>actual%s</th><th>scope</th><th>verdict</th></tr>\n",
            vendor ? " (entry, cycle)" : "");
    json_array_foreach(ex, i, e) {
        fprintf(f, "<tr><td><a class=\"rule\" href=\"");
        esc(f, rules_url);
        fprintf(f, "#");
        ident(f, str(e, "rule"));
        fprintf(f, "\">");
        esc(f, str(e, "rule"));
        fprintf(f, "</a></td><td>");
        esc(f, str(e, "metric"));
        fprintf(f, "</td><td>");
        esc(f, str(e, "op"));
        fprintf(f, "</td><td>");
        esc(f, str(e, "expected"));
        fprintf(f, "</td><td>");
        esc(f, str(e, "actual"));
        fprintf(f, "</td><td>");
        esc(f, str(e, "scope"));
        fprintf(f, "</td><td class=\"%s\">%s</td></tr>\n", str(e, "verdict"), str(e, "verdict"));
    }
    fprintf(f, "</table></section>\n");
}

/* Index of @key in @keys (appended when new). */
static size_t slot(const char **keys, size_t *n, const char *key)
{
    for (size_t i = 0; i < *n; i++)
        if (!strcmp(keys[i], key))
            return i;
    keys[*n] = key;
    return (*n)++;
}

static int matrix(FILE *f, json_t *scns)
{
    size_t n = json_array_size(scns), nr = 0, nc = 0, i;
    const char **rows = calloc(n ? n : 1, sizeof(*rows));
    const char **cols = calloc(n ? n : 1, sizeof(*cols));
    char (*rk)[200] = calloc(n ? n : 1, sizeof(*rk)), (*ck)[64] = calloc(n ? n : 1, sizeof(*ck));
    size_t *ri = calloc(n ? n : 1, sizeof(*ri)), *ci = calloc(n ? n : 1, sizeof(*ci));
    json_t *s;

    if (!rows || !cols || !rk || !ck || !ri || !ci) {
        free(rows), free(cols), free(rk), free(ck), free(ri), free(ci);
        return -ENOMEM;
    }
    json_array_foreach(scns, i, s) {
        snprintf(rk[i], sizeof(rk[i]), "%s | %s | %s", str(s, "personality"),
                 str(s, "policy"), str(s, "guest"));
        snprintf(ck[i], sizeof(ck[i]), "%s/%s", str(s, "device"), str(s, "assignment"));
        ri[i] = slot(rows, &nr, rk[i]);
        ci[i] = slot(cols, &nc, ck[i]);
    }
    fprintf(f, "<table id=\"matrix\"><tr><th>personality | policy | guest</th>");
    for (size_t c = 0; c < nc; c++) {
        fprintf(f, "<th>");
        esc(f, cols[c]);
        fprintf(f, "</th>");
    }
    fprintf(f, "</tr>\n");
    for (size_t r = 0; r < nr; r++) {
        fprintf(f, "<tr><th>");
        esc(f, rows[r]);
        fprintf(f, "</th>");
        for (size_t c = 0; c < nc; c++) {
            bool any = false;

            /* one td per scenario of this cell (a shared cell gets several) */
            json_array_foreach(scns, i, s) {
                if (ri[i] != r || ci[i] != c)
                    continue;
                if (!any)
                    fprintf(f, "<td class=\"cellgroup\">");
                any = true;
                fprintf(f, "<table><tr><td class=\"cell out-%s\"><a href=\"#s-",
                        outcome(s));
                ident(f, str(s, "name"));
                fprintf(f, "\">%s %" JSON_INTEGER_FORMAT "/%" JSON_INTEGER_FORMAT "<br><small>",
                        outcome(s), num(s, "delivered"), num(s, "raised"));
                esc(f, str(s, "name"));
                fprintf(f, "</small></a></td></tr></table>");
            }
            fprintf(f, any ? "</td>" : "<td class=\"empty\">-</td>");
        }
        fprintf(f, "</tr>\n");
    }
    fprintf(f, "</table>\n");
    free(rows), free(cols), free(rk), free(ck), free(ri), free(ci);
    return 0;
}

/* A text or integer member of @o as text ("-" when absent or null). */
static void cell_val(FILE *f, json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);

    if (json_is_string(v))
        esc(f, json_string_value(v));
    else if (json_is_integer(v))
        fprintf(f, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    else
        fprintf(f, "-");
}

/* The vendor record (docs/results-schema.md, "The vendor record"): the
 * design, then one row per rule with its verdict and, for a failure, the
 * entry expected and emitted, the cycle, both texts and the waveform. */
static void vendor_doc(FILE *f, json_t *v, const char *rules_url)
{
    static const char *const cols[] = {
        "checkpoint", "kind", "entry", "emitted_entry", "cycle", "expected", "actual",
    };
    json_t *rules = json_object_get(v, "rules"), *r, *sum = json_object_get(v, "summary");
    size_t i;

    fprintf(f, "<section class=\"vendor\" id=\"design\"><h2>");
    esc(f, str(v, "design"));
    fprintf(f, "</h2>\n<p>source ");
    esc(f, str(v, "source"));
    fprintf(f, ", descriptor ");
    esc(f, str(v, "descriptor"));
    fprintf(f, " (layout ");
    esc(f, str(v, "layout"));
    fprintf(f, ", %" JSON_INTEGER_FORMAT " entries), mode ", num(v, "entries"));
    esc(f, str(v, "mode"));
    fprintf(f, ": %" JSON_INTEGER_FORMAT " rules, %" JSON_INTEGER_FORMAT " passed, %"
            JSON_INTEGER_FORMAT " failed, %" JSON_INTEGER_FORMAT " skipped</p>\n",
            num(sum, "rules"), num(sum, "passed"), num(sum, "failed"), num(sum, "skipped"));
    fprintf(f, "<table id=\"rules\"><tr><th>rule</th><th>verdict</th>");
    for (size_t c = 0; c < sizeof(cols) / sizeof(cols[0]); c++)
        fprintf(f, "<th>%s</th>", cols[c]);
    fprintf(f, "<th>waveform</th></tr>\n");
    json_array_foreach(rules, i, r) {
        fprintf(f, "<tr><td><a class=\"rule\" href=\"");
        esc(f, rules_url);
        fprintf(f, "#");
        ident(f, str(r, "rule"));
        fprintf(f, "\">");
        esc(f, str(r, "rule"));
        fprintf(f, "</a></td><td class=\"cell out-%s\">%s</td>", str(r, "verdict"),
                str(r, "verdict"));
        for (size_t c = 0; c < sizeof(cols) / sizeof(cols[0]); c++) {
            fprintf(f, "<td>");
            if (!strcmp(cols[c], "actual") && !json_object_get(r, "actual"))
                cell_val(f, r, "reason");
            else
                cell_val(f, r, cols[c]);
            fprintf(f, "</td>");
        }
        fprintf(f, "<td>");
        cell_val(f, r, "vcd");
        fprintf(f, " (");
        cell_val(f, r, "waveform");
        fprintf(f, ")</td></tr>\n");
    }
    fprintf(f, "</table>\n");
    /* each failure's waveform around its cycle, from its VCD */
    json_array_foreach(rules, i, r)
        if (!strcmp(str(r, "verdict"), "fail") && json_is_string(json_object_get(r, "vcd")))
            rpt__html_wave(f, str(r, "vcd"), str(r, "rule"), (uint64_t)num(r, "cycle"),
                           (uint64_t)num(r, "time_ps"));
    fprintf(f, "</section>\n");
}

int rpt_html_write(FILE *out, const struct json_t *doc, const char *rules_url)
{
    json_t *d = (json_t *)doc, *scns, *sum, *s;
    size_t i;
    int rc;

    if (!out || !doc || !rules_url)
        return -EINVAL;
    scns = json_object_get(d, "scenarios");
    sum = json_object_get(d, "summary");
    if (json_is_object(json_object_get(d, "vendor"))) {
        fprintf(out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                "<title>imslab vendor report</title><style>%s</style></head><body>\n"
                "<h1>imslab vendor report</h1>\n<p id=\"summary\">", css);
        esc(out, str(d, "tool"));
        fprintf(out, "</p>\n");
        vendor_doc(out, json_object_get(d, "vendor"), rules_url);
        fprintf(out, "</body></html>\n");
        return fflush(out) || ferror(out) ? -EIO : 0;
    }
    if (!json_is_array(scns))
        return -EINVAL;
    fprintf(out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<title>imslab report: ");
    esc(out, str(d, "suite"));
    fprintf(out, "</title><style>%s</style></head><body>\n<h1>imslab report: ", css);
    esc(out, str(d, "suite"));
    fprintf(out, "</h1>\n<p id=\"summary\">");
    esc(out, str(d, "tool"));
    fprintf(out, ": %" JSON_INTEGER_FORMAT " scenarios, %" JSON_INTEGER_FORMAT
            " expectations, %" JSON_INTEGER_FORMAT " failed, %" JSON_INTEGER_FORMAT
            " skipped</p>\n<h2>Outcome matrix</h2>\n", num(sum, "scenarios"),
            num(sum, "expectations"), num(sum, "failed"), num(sum, "skipped"));
    rc = matrix(out, scns);
    if (rc)
        return rc;
    json_array_foreach(scns, i, s)
        scenario(out, s, rules_url);
    fprintf(out, "</body></html>\n");
    if (fflush(out) || ferror(out))
        return -EIO;
    return 0;
}
