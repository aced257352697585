/* SPDX-License-Identifier: MIT */
/* matrix.c - the outcome matrix as text: one block per row, one line per column. */
#include "reports/report.h"
#include "reports/rpt_internal.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * A row is a (personality, policy, guest) triple, a column a (device,
 * assignment) pair, each in the order it first appears in the results.
 * Each block starts with the row's header; then each column gets one line,
 * its label and the cell's fields aligned across the whole matrix:
 *
 *   kvm | msix=trap ims=emulate cap=auto viommu=none | guest linux
 *     idxd/vm0  DELIV   100/100  x=0.0  t=4  h=0  s=1.00ms/6x  f=0   1.83/2.41us
 *     mlx5/vm0  FAULT     0/100  x=0.0  t=0  h=0  s=0.02ms/5x  f22=5,f26=3  -
 *
 * A combination that was not run prints "-"; a skipped scenario "SKIP", no
 * figures, and its reason under the matrix.  Two scenarios in one cell
 * (same row and column) each get a line, with "[scenario]" after it.
 */

enum field { F_OUT, F_COUNTS, F_PER, F_TRAPS, F_HC, F_SETUP, F_FAULTS, F_LAT,
             F__N };

struct cell {
    char f[F__N][RPT__FAULTS_SIZE];
    char label[RPT__CLEAN_SIZE(16) * 2 + 2];    /* device/assignment */
    char name[RPT__CLEAN_SIZE(64)];
};

struct layout {
    size_t *row_of, *col_of;    /* per result: its row and column number */
    size_t *row_first, *col_first;  /* per row/column: its first result */
    size_t rows, cols;
    struct cell *cell;          /* per result */
    const struct hx_result *res;
    size_t width[F__N], label_width;
};

#define SAME(a, b, field) (!strncmp((a)->field, (b)->field, sizeof((a)->field)))

static bool same_row(const struct hx_result *a, const struct hx_result *b)
{
    return SAME(a, b, personality) && SAME(a, b, policy) && SAME(a, b, guest);
}

static bool same_col(const struct hx_result *a, const struct hx_result *b)
{
    return SAME(a, b, device) && SAME(a, b, assignment);
}

static void fill_cell(struct cell *c, const struct hx_result *r)
{
    char dev[RPT__CLEAN_SIZE(sizeof(r->device))];
    char asg[RPT__CLEAN_SIZE(sizeof(r->assignment))];
    const size_t sz = sizeof(c->f[0]);

    if (r->skipped[0]) {
        /* not run: no figures (the reason is listed under the matrix) */
        snprintf(c->f[F_OUT], sz, "SKIP");
        snprintf(c->f[F_COUNTS], sz, "-");
        goto label;
    }
    snprintf(c->f[F_OUT], sz, "%s", rpt__outcome_short(r->outcome));
    snprintf(c->f[F_COUNTS], sz, "%" PRIu64 "/%" PRIu64, r->delivered, r->raised);
    memcpy(c->f[F_PER], "x=", 2);
    rpt__fmt_per_irq(c->f[F_PER] + 2, sz - 2, r);
    snprintf(c->f[F_TRAPS], sz, "t=%" PRIu64, r->ims_write_traps);
    snprintf(c->f[F_HC], sz, "h=%" PRIu64, r->hypercalls);
    /* set-up time in ms, 2 decimals rounded half up, and its exits */
    snprintf(c->f[F_SETUP], sz, "s=%" PRIu64 ".%02" PRIu64 "ms/%" PRIu64 "x",
             (r->setup.time_ns + 5000) / 1000000,
             (r->setup.time_ns + 5000) / 10000 % 100, r->setup.exits);
    rpt__fmt_faults(c->f[F_FAULTS], sz, r, false);
    rpt__fmt_latency(c->f[F_LAT], sz, r);

label:
    rpt__clean(dev, r->device, sizeof(r->device), RPT__TEXT_TERM);
    rpt__clean(asg, r->assignment, sizeof(r->assignment), RPT__TEXT_TERM);
    snprintf(c->label, sizeof(c->label), "%s/%s", dev, asg);
    rpt__clean(c->name, r->name, sizeof(r->name), RPT__TEXT_TERM);
}

static void layout_free(struct layout *l)
{
    free(l->row_of);
    free(l->col_of);
    free(l->row_first);
    free(l->col_first);
    free(l->cell);
}

static int layout(struct layout *l, const struct hx_result *res, size_t n)
{
    memset(l, 0, sizeof(*l));
    l->res = res;
    if (!n)
        return 0;
    l->row_of = calloc(n, sizeof(size_t));
    l->col_of = calloc(n, sizeof(size_t));
    l->row_first = calloc(n, sizeof(size_t));
    l->col_first = calloc(n, sizeof(size_t));
    l->cell = calloc(n, sizeof(struct cell));
    if (!l->row_of || !l->col_of || !l->row_first || !l->col_first || !l->cell) {
        layout_free(l);
        return -ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        size_t r = 0, c = 0;

        while (r < l->rows && !same_row(&res[l->row_first[r]], &res[i]))
            r++;
        if (r == l->rows)
            l->row_first[l->rows++] = i;
        while (c < l->cols && !same_col(&res[l->col_first[c]], &res[i]))
            c++;
        if (c == l->cols)
            l->col_first[l->cols++] = i;
        l->row_of[i] = r;
        l->col_of[i] = c;

        fill_cell(&l->cell[i], &res[i]);
        for (int f = 0; f < F__N; f++) {
            size_t w = rpt__width(l->cell[i].f[f]);

            if (w > l->width[f])
                l->width[f] = w;
        }
        if (rpt__width(l->cell[i].label) > l->label_width)
            l->label_width = rpt__width(l->cell[i].label);
    }
    return 0;
}

static void pad(FILE *out, size_t n)
{
    while (n--)
        fputc(' ', out);
}

/* @s padded to @width (on the left when @right); no trailing blanks when @last. */
static void put_field(FILE *out, const char *s, size_t width, bool right, bool last)
{
    size_t w = rpt__width(s);
    size_t gap = width > w ? width - w : 0;

    if (right)
        pad(out, gap);
    fputs(s, out);
    if (!right && !last)
        pad(out, gap);
}

static void row_header(FILE *out, const struct hx_result *r)
{
    char pers[RPT__CLEAN_SIZE(sizeof(r->personality))];
    char pol[RPT__CLEAN_SIZE(sizeof(r->policy))];
    char guest[RPT__CLEAN_SIZE(sizeof(r->guest))];

    rpt__clean(pers, r->personality, sizeof(r->personality), RPT__TEXT_TERM);
    rpt__clean(pol, r->policy, sizeof(r->policy), RPT__TEXT_TERM);
    rpt__clean(guest, r->guest, sizeof(r->guest), RPT__TEXT_TERM);
    fprintf(out, "%s | %s | guest %s\n", pers, pol, guest);
}

static void cell_line(FILE *out, const struct layout *l, size_t i, bool tagged)
{
    const struct cell *c = &l->cell[i];

    fputs("  ", out);
    put_field(out, c->label, l->label_width, false, false);
    for (int f = 0; f < F__N; f++) {
        fputs("  ", out);
        put_field(out, c->f[f], l->width[f], f == F_COUNTS,
                  f == F__N - 1 && !tagged);
    }
    if (tagged)
        fprintf(out, "  [%s]", c->name);
    fputc('\n', out);
}

/*
 * A run with several VMs: one line per VM under its cell, so that the cell
 * is not read from its first VM alone:
 *     vm vm1 (trusts-cap)  SILENT  0/39  leaked=39  -
 */
static void vm_lines(FILE *out, const struct hx_result *r)
{
    for (size_t k = 0; k < r->n_vms && k < HX_MAX_VM_RECORDS; k++) {
        const struct hx_vm_result *v = &r->vms[k];
        char name[RPT__CLEAN_SIZE(sizeof(v->name))];
        char guest[RPT__CLEAN_SIZE(sizeof(v->guest))];
        struct hx_result lat = { .latency = v->latency };
        char l[80];

        rpt__clean(name, v->name, sizeof(v->name), RPT__TEXT_TERM);
        rpt__clean(guest, v->guest, sizeof(v->guest), RPT__TEXT_TERM);
        rpt__fmt_latency(l, sizeof(l), &lat);
        fprintf(out, "      vm %s (%s)  %s  %" PRIu64 "/%" PRIu64, name, guest,
                rpt__outcome_short(v->outcome), v->delivered, v->raised);
        if (v->leaked)
            fprintf(out, "  leaked=%" PRIu64, v->leaked);
        if (v->misrouted)
            fprintf(out, "  misrouted=%" PRIu64, v->misrouted);
        fprintf(out, "  %s", l);
        if (v->requests.submitted)
            fprintf(out, "  work=%" PRIu64 "/s  cpu=%" PRIu64 "ns/irq", v->requests.per_s,
                    v->cpu.per_irq_ns);
        fputc('\n', out);
    }
}

/* ns as us with 2 decimals, rounded half up */
static void put_us(FILE *out, uint64_t ns)
{
    fprintf(out, "%" PRIu64 ".%02" PRIu64, (ns + 5) / 1000, (ns + 5) / 10 % 100);
}

/*
 * A run with request loops: the cost line under its cell (docs/matrix.md),
 *     work 280000/s  req 3.54/3.64us  app 1.44/1.54us  cpu 0.10us/irq
 * requests completed per simulated second (and, with a bare-metal
 * baseline, the share of its throughput), submission-to-completion and
 * raise-to-application latency p50/p99, guest CPU time lost per interrupt.
 */
static void work_line(FILE *out, const struct hx_result *r)
{
    const struct hx_requests *q = &r->requests;

    if (!q->submitted)
        return;
    fprintf(out, "      work %" PRIu64 "/s", q->per_s);
    if (q->vs_bare_milli)
        fprintf(out, " (%" PRIu64 ".%03" PRIu64 "x bare)", q->vs_bare_milli / 1000,
                q->vs_bare_milli % 1000);
    fputs("  req ", out);
    put_us(out, q->latency.p50_ns);
    fputc('/', out);
    put_us(out, q->latency.p99_ns);
    fputs("us  app ", out);
    put_us(out, q->raise_to_app.p50_ns);
    fputc('/', out);
    put_us(out, q->raise_to_app.p99_ns);
    fputs("us  cpu ", out);
    put_us(out, r->cpu.per_irq_ns);
    fputs("us/irq\n", out);
}

static void block(FILE *out, const struct layout *l, size_t n, size_t row)
{
    for (size_t col = 0; col < l->cols; col++) {
        size_t hits = 0;

        for (size_t i = 0; i < n; i++)
            hits += l->row_of[i] == row && l->col_of[i] == col;
        if (!hits) {
            fputs("  ", out);
            put_field(out, l->cell[l->col_first[col]].label, l->label_width,
                      false, false);
            fputs("  -\n", out);
            continue;
        }
        for (size_t i = 0; i < n; i++) {
            if (l->row_of[i] == row && l->col_of[i] == col) {
                cell_line(out, l, i, hits > 1);
                work_line(out, &l->res[i]);
                vm_lines(out, &l->res[i]);
            }
        }
    }
}

static void failures(FILE *out, const struct hx_result *res, size_t n, size_t failed)
{
    if (!failed)
        return;
    fprintf(out, "\nfailed expectations:\n");
    for (size_t i = 0; i < n; i++) {
        char scen[RPT__CLEAN_SIZE(sizeof(res[i].name))];

        rpt__clean(scen, res[i].name, sizeof(res[i].name), RPT__TEXT_TERM);
        for (size_t k = 0; k < res[i].n_expect; k++) {
            const struct hx_expect_result *e = &res[i].expect[k];
            char rule[RPT__CLEAN_SIZE(sizeof(e->rule))];
            char metric[RPT__CLEAN_SIZE(sizeof(e->metric))];
            char op[RPT__CLEAN_SIZE(sizeof(e->op))];
            char expected[RPT__CLEAN_SIZE(sizeof(e->expected))];
            char actual[RPT__CLEAN_SIZE(sizeof(e->actual))];
            char scope[RPT__CLEAN_SIZE(sizeof(e->scope))];

            if (e->verdict == HX_VERDICT_PASS)
                continue;
            rpt__clean(rule, e->rule, sizeof(e->rule), RPT__TEXT_TERM);
            rpt__clean(metric, e->metric, sizeof(e->metric), RPT__TEXT_TERM);
            rpt__clean(op, e->op, sizeof(e->op), RPT__TEXT_TERM);
            rpt__clean(expected, e->expected, sizeof(e->expected), RPT__TEXT_TERM);
            rpt__clean(actual, e->actual, sizeof(e->actual), RPT__TEXT_TERM);
            rpt__clean(scope, e->scope, sizeof(e->scope), RPT__TEXT_TERM);
            fprintf(out, "  FAIL %s/%s: %s %s %s, actual %s", scen, rule, metric,
                    op, expected, actual);
            if (scope[0])
                fprintf(out, " (%s)", scope);
            fputc('\n', out);
        }
    }
}

static void skips(FILE *out, const struct hx_result *res, size_t n, size_t skipped)
{
    if (!skipped)
        return;
    fprintf(out, "\nskipped scenarios:\n");
    for (size_t i = 0; i < n; i++) {
        char scen[RPT__CLEAN_SIZE(sizeof(res[i].name))];
        char why[RPT__CLEAN_SIZE(sizeof(res[i].skipped))];

        if (!res[i].skipped[0])
            continue;
        rpt__clean(scen, res[i].name, sizeof(res[i].name), RPT__TEXT_TERM);
        rpt__clean(why, res[i].skipped, sizeof(res[i].skipped), RPT__TEXT_TERM);
        fprintf(out, "  SKIP %s: %s\n", scen, why);
    }
}

int rpt_matrix_write(FILE *out, const struct hx_result *res, size_t n)
{
    struct layout l;
    struct rpt_tally t;
    int rc;

    if (!out || (!res && n))
        return -EINVAL;
    rc = layout(&l, res, n);
    if (rc)
        return rc;

    fprintf(out, "imslab matrix: %zu scenario%s, %zu row%s x %zu column%s\n", n,
            n == 1 ? "" : "s", l.rows, l.rows == 1 ? "" : "s", l.cols,
            l.cols == 1 ? "" : "s");
    if (n) {
        fprintf(out,
                "rows: personality | policy | guest; columns: device/assignment\n"
                "cell: OUTCOME delivered/raised  x=VM exits per irq  "
                "t=IMS-write traps  h=hypercalls\n"
                "      s=set-up time/exits  fNN=IR faults by reason (hex)  "
                "latency p50/p99  (- = not run)\n");
    }
    for (size_t row = 0; row < l.rows; row++) {
        fputc('\n', out);
        row_header(out, &res[l.row_first[row]]);
        block(out, &l, n, row);
    }
    layout_free(&l);

    rpt_tally(res, n, &t);
    failures(out, res, n, t.failed);
    skips(out, res, n, t.skipped);
    fprintf(out, "\n%zu passed, %zu failed", t.passed, t.failed);
    if (t.skipped)
        fprintf(out, ", %zu skipped", t.skipped);
    fputc('\n', out);
    if (fflush(out) || ferror(out))
        return -EIO;
    return 0;
}
