/* SPDX-License-Identifier: MIT */
/*
 * diff_cmd.c - `imslab diff A B`: what changed from run A to run B.
 *
 * A and B are results JSON files (imslab.results/2, or /1 from an earlier
 * imslab: the keys diff reads mean the same in both) or output folders
 * holding one.  Scenarios are matched by name (unique in a run).  Reported:
 * scenarios added or removed, an outcome class that changed (per cell:
 * personality | policy | guest, device/assignment), an interrupt count
 * that changed, a latency percentile that moved by more than --threshold
 * percent, an expectation whose verdict changed, and a scenario that was
 * skipped on one side only (nothing else is compared for it).  A
 * regression is any of these but an added scenario, a latency that went
 * down, a verdict that went from fail to pass and a scenario skipped in A
 * that ran in B: then the exit status is 1.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "cli/cmds.h"
#include "harness/workload_run.h"
#include "results/results.h"

static const char *const counts[] = {
    "raised", "delivered", "misrouted", "leaked", "faulted", "lost", "duplicated", "spurious",
    "refused", "exits_total", "ims_write_traps", "msix_write_traps", "hypercalls",
    "ir_fault_records",
};
static const char *const percentiles[] = { "p50", "p99", "max" };

struct diff {
    json_t *changes;            /* array of change objects */
    size_t regressions;
    double threshold;           /* percent */
};

static void usage(FILE *out)
{
    fprintf(out,
        "usage: imslab diff [options] A B\n"
        "Compares two runs: A and B are results.json files or output folders\n"
        "holding one.  Prints scenarios added or removed, outcome changes per\n"
        "cell, interrupt counts that changed, latency percentiles that moved\n"
        "by more than the threshold, expectations whose verdict changed, and\n"
        "scenarios skipped in one run only.\n\n"
        "  --threshold PCT  latency change reported, in percent (default 10)\n"
        "  --format F       text (default) or json\n\n"
        "Exit status: 0 no regression (an empty text output: no change at\n"
        "all), 1 a regression (anything but an added scenario, a latency\n"
        "that went down, a verdict that went from fail to pass, or a\n"
        "scenario skipped in A that ran in B), 2 bad input or usage.\n");
}

static json_t *load(const char *arg)
{
    char path[4096];
    struct stat st;
    json_error_t err;
    json_t *doc;
    const char *schema;

    if (!stat(arg, &st) && S_ISDIR(st.st_mode))
        snprintf(path, sizeof(path), "%s/results.json", arg);
    else
        snprintf(path, sizeof(path), "%s", arg);
    doc = json_load_file(path, JSON_REJECT_DUPLICATES, &err);
    if (!doc) {
        fprintf(stderr, "imslab diff: %s: %s\n", path, err.text);
        return NULL;
    }
    schema = json_string_value(json_object_get(doc, "schema"));
    if (!schema || (strcmp(schema, "imslab.results/1") && strcmp(schema, HX_RESULTS_SCHEMA)) ||
        !json_is_array(json_object_get(doc, "scenarios"))) {
        fprintf(stderr, "imslab diff: %s: not an imslab.results/1 or /2 document\n", path);
        json_decref(doc);
        return NULL;
    }
    return doc;
}

static json_t *find(json_t *scns, const char *name)
{
    size_t i;
    json_t *s;

    json_array_foreach(scns, i, s) {
        const char *n = json_string_value(json_object_get(s, "name"));

        if (n && !strcmp(n, name))
            return s;
    }
    return NULL;
}

static const char *str(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));

    return s ? s : "";
}

/* "personality | policy | guest, device/assignment" */
static void cell(char *buf, size_t n, json_t *s)
{
    snprintf(buf, n, "%s | %s | %s, %s/%s", str(s, "personality"), str(s, "policy"),
             str(s, "guest"), str(s, "device"), str(s, "assignment"));
}

static void add(struct diff *d, bool regression, json_t *change)
{
    json_object_set_new(change, "regression", json_boolean(regression));
    json_array_append_new(d->changes, change);
    d->regressions += regression;
}

static void compare(struct diff *d, json_t *a, json_t *b)
{
    const char *name = str(b, "name");
    char where[512];
    json_t *la = json_object_get(a, "latency_ns"), *lb = json_object_get(b, "latency_ns");
    json_t *ea = json_object_get(a, "expectations"), *eb = json_object_get(b, "expectations");

    cell(where, sizeof(where), b);
    /* a scenario skipped on one side has nothing to compare: say so; a
     * scenario that ran in A and is skipped in B lost its coverage */
    if (json_object_get(a, "skipped") || json_object_get(b, "skipped")) {
        bool sa = json_object_get(a, "skipped"), sb = json_object_get(b, "skipped");

        if (sa != sb)
            add(d, sb, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "kind", "skipped",
                                 "scenario", name, "cell", where,
                                 "a", sa ? "skipped" : "ran", "b", sb ? "skipped" : "ran",
                                 "reason", str(sb ? b : a, "skipped")));
        return;
    }
    if (strcmp(str(a, "outcome"), str(b, "outcome")))
        add(d, true, json_pack("{s:s, s:s, s:s, s:s, s:s}", "kind", "outcome",
                               "scenario", name, "cell", where,
                               "a", str(a, "outcome"), "b", str(b, "outcome")));
    for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
        json_int_t x = json_integer_value(json_object_get(a, counts[i]));
        json_int_t y = json_integer_value(json_object_get(b, counts[i]));

        if (x != y)
            add(d, true, json_pack("{s:s, s:s, s:s, s:I, s:I}", "kind", "count",
                                   "scenario", name, "metric", counts[i], "a", x, "b", y));
    }
    for (size_t i = 0; i < sizeof(percentiles) / sizeof(percentiles[0]); i++) {
        json_int_t x = json_integer_value(json_object_get(la, percentiles[i]));
        json_int_t y = json_integer_value(json_object_get(lb, percentiles[i]));
        double base = x ? (double)x : 1.0;
        double pct = 100.0 * (double)(y - x) / base;

        if (x == y || (pct <= d->threshold && pct >= -d->threshold))
            continue;
        add(d, y > x, json_pack("{s:s, s:s, s:s, s:I, s:I, s:f}", "kind", "latency",
                                "scenario", name, "metric", percentiles[i], "a", x,
                                "b", y, "percent", pct));
    }
    for (size_t k = 0; k < json_array_size(eb); k++) {
        json_t *y = json_array_get(eb, k), *x = NULL;

        /* the same rule at the same position: scenarios keep their order */
        if (k < json_array_size(ea) &&
            !strcmp(str(json_array_get(ea, k), "rule"), str(y, "rule")))
            x = json_array_get(ea, k);
        if (x && !strcmp(str(x, "verdict"), str(y, "verdict")))
            continue;
        add(d, strcmp(str(y, "verdict"), "pass") && strcmp(str(y, "verdict"), "skip"),
            json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "kind", "verdict",
                      "scenario", name, "rule", str(y, "rule"),
                      "a", x ? str(x, "verdict") : "absent", "b", str(y, "verdict"),
                      "actual", str(y, "actual")));
    }
}

/* Scenarios of a run that were skipped. */
static json_int_t skipped(json_t *scenarios)
{
    json_int_t n = 0;
    size_t i;
    json_t *s;

    json_array_foreach(scenarios, i, s)
        n += json_object_get(s, "skipped") != NULL;
    return n;
}

static void print_text(const struct diff *d)
{
    size_t i;
    json_t *c;

    json_array_foreach(d->changes, i, c) {
        const char *kind = str(c, "kind");
        const char *mark = json_is_true(json_object_get(c, "regression")) ? "!" : " ";

        if (!strcmp(kind, "added") || !strcmp(kind, "removed"))
            printf("%s %s: %s (%s)\n", mark, kind, str(c, "scenario"), str(c, "cell"));
        else if (!strcmp(kind, "outcome"))
            printf("%s outcome %s: %s -> %s (%s)\n", mark, str(c, "scenario"),
                   str(c, "a"), str(c, "b"), str(c, "cell"));
        else if (!strcmp(kind, "skipped"))
            printf("%s skipped %s: %s -> %s: %s (%s)\n", mark, str(c, "scenario"),
                   str(c, "a"), str(c, "b"), str(c, "reason"), str(c, "cell"));
        else if (!strcmp(kind, "count"))
            printf("%s count %s %s: %" JSON_INTEGER_FORMAT " -> %" JSON_INTEGER_FORMAT "\n",
                   mark, str(c, "scenario"), str(c, "metric"),
                   json_integer_value(json_object_get(c, "a")),
                   json_integer_value(json_object_get(c, "b")));
        else if (!strcmp(kind, "latency"))
            printf("%s latency %s %s: %" JSON_INTEGER_FORMAT " -> %" JSON_INTEGER_FORMAT
                   " ns (%+.1f%%)\n", mark, str(c, "scenario"), str(c, "metric"),
                   json_integer_value(json_object_get(c, "a")),
                   json_integer_value(json_object_get(c, "b")),
                   json_real_value(json_object_get(c, "percent")));
        else
            printf("%s verdict %s/%s: %s -> %s (actual %s)\n", mark, str(c, "scenario"),
                   str(c, "rule"), str(c, "a"), str(c, "b"), str(c, "actual"));
    }
    if (json_array_size(d->changes))
        printf("%zu change%s, %zu regression%s\n", json_array_size(d->changes),
               json_array_size(d->changes) == 1 ? "" : "s", d->regressions,
               d->regressions == 1 ? "" : "s");
}

int hx_cmd_diff(int argc, char **argv)
{
    static const struct option opts[] = {
        { "threshold", required_argument, NULL, 't' },
        { "format", required_argument, NULL, 'f' },
        { "help", no_argument, NULL, 'h' },
        { 0, 0, 0, 0 },
    };
    struct diff d = { .threshold = 10.0 };
    bool json = false;
    json_t *a, *b, *sa, *sb, *s;
    uint64_t v;
    size_t i;
    int c;

    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 't':
            if (hx_parse_u64("imslab diff", "--threshold", optarg, 0, 1000000, &v))
                return HX_EXIT_USAGE;
            d.threshold = (double)v;
            break;
        case 'f':
            if (strcmp(optarg, "text") && strcmp(optarg, "json")) {
                fprintf(stderr, "imslab diff: --format: expected text or json, got '%s'\n",
                        optarg);
                return HX_EXIT_USAGE;
            }
            json = !strcmp(optarg, "json");
            break;
        case 'h':
            usage(stdout);
            return HX_EXIT_OK;
        default:
            usage(stderr);
            return HX_EXIT_USAGE;
        }
    }
    if (argc - optind != 2) {
        usage(stderr);
        return HX_EXIT_USAGE;
    }
    a = load(argv[optind]);
    b = a ? load(argv[optind + 1]) : NULL;
    if (!a || !b) {
        json_decref(a);
        return HX_EXIT_USAGE;
    }
    d.changes = json_array();
    sa = json_object_get(a, "scenarios");
    sb = json_object_get(b, "scenarios");
    json_array_foreach(sa, i, s) {
        char where[512];

        if (find(sb, str(s, "name")))
            continue;
        cell(where, sizeof(where), s);
        add(&d, true, json_pack("{s:s, s:s, s:s}", "kind", "removed",
                                "scenario", str(s, "name"), "cell", where));
    }
    json_array_foreach(sb, i, s) {
        json_t *x = find(sa, str(s, "name"));
        char where[512];

        if (x) {
            compare(&d, x, s);
            continue;
        }
        cell(where, sizeof(where), s);
        add(&d, false, json_pack("{s:s, s:s, s:s}", "kind", "added",
                                 "scenario", str(s, "name"), "cell", where));
    }
    if (json) {
        json_t *out = json_pack("{s:s, s:s, s:s, s:f, s:O, s:I, s:{s:I, s:I}}", "schema",
                                "imslab.diff/1", "a", argv[optind], "b", argv[optind + 1],
                                "threshold_percent", d.threshold, "changes", d.changes,
                                "regressions", (json_int_t)d.regressions, "skipped",
                                "a", skipped(sa), "b", skipped(sb));

        json_dumpf(out, stdout, JSON_INDENT(2));
        putchar('\n');
        json_decref(out);
    } else {
        print_text(&d);
    }
    json_decref(d.changes);
    json_decref(a);
    json_decref(b);
    return d.regressions ? HX_EXIT_FAIL : HX_EXIT_OK;
}
