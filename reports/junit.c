/* SPDX-License-Identifier: MIT */
/* junit.c - JUnit XML: one testcase per expectation, written with libxml2. */
#include "reports/report.h"
#include "reports/rpt_internal.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/xmlwriter.h>

/*
 * The shape, valid against both common JUnit schemas (Ant's, which wants
 * timestamp, hostname, id, package, properties, system-out and system-err
 * on each testsuite and nothing but failure/error/skipped in a testcase,
 * and Jenkins' junit-10; our XSDs of both are in tests/data/junit/):
 *
 *   <testsuites>
 *     <testsuite name=SCENARIO tests= failures= errors="0" skipped= time=
 *                timestamp= hostname= id=I package="imslab.SUITE">
 *       <properties><property name= value=/>...</properties>
 *       <testcase classname="imslab.SUITE" name="SCENARIO/RULE" time=>
 *         <skipped message="why"/>          (a skipped scenario: its one testcase)
 *         <failure message="RULE: metric op expected, actual X"
 *                  type="expectation">scope: S</failure>
 *       </testcase>
 *       <system-out>one-line scenario summary[; note: NOTE]</system-out>
 *       <system-err/>
 *     </testsuite>
 *
 * The properties are the scenario's simulated end time and cost figures:
 * set-up time and what it took, the leaked count, the latency percentiles,
 * and, when a vCPU was preempted, woken or halt polled, what the vCPUs did
 * (docs/results-schema.md, "JUnit XML").  time, timestamp and hostname
 * are the runner's measurements (struct rpt_wall); nothing else varies
 * from run to run.
 *
 * A rule named twice in one scenario gets "#2", "#3" after the second and
 * later testcase names, so names stay unique.
 */

/* A testcase name: cleaned scenario name, '/', cleaned rule, "#N". */
#define NAME_SIZE (RPT__CLEAN_SIZE(sizeof(((struct hx_result *)0)->name)) + \
                   RPT__CLEAN_SIZE(sizeof(((struct hx_expect_result *)0)->rule)) + 24)

#define CK(call)            \
    do {                    \
        if ((call) < 0)     \
            return -EIO;    \
    } while (0)

static int attr(xmlTextWriterPtr w, const char *name, const char *value)
{
    CK(xmlTextWriterWriteAttribute(w, BAD_CAST name, BAD_CAST value));
    return 0;
}

static int attr_u64(xmlTextWriterPtr w, const char *name, uint64_t v)
{
    char buf[24];

    snprintf(buf, sizeof(buf), "%" PRIu64, v);
    return attr(w, name, buf);
}

static int property(xmlTextWriterPtr w, const char *name, uint64_t v)
{
    int rc;

    CK(xmlTextWriterStartElement(w, BAD_CAST "property"));
    if ((rc = attr(w, "name", name)) || (rc = attr_u64(w, "value", v)))
        return rc;
    CK(xmlTextWriterEndElement(w));
    return 0;
}

/* The scenario's cost figures as testcase properties. */
enum { VCPUS = 1, REQS = 2, BARE = 3 };

static int properties(xmlTextWriterPtr w, const struct hx_result *r)
{
    const struct {
        const char *name;
        uint64_t v;
        int only;   /* 0: always; VCPUS, REQS: with that record in the JSON */
    } p[] = {
        { "sim_end_ps", r->sim_end_ps, 0 },
        { "setup_time_ns", r->setup.time_ns, 0 },
        { "setup_exits", r->setup.exits, 0 },
        { "setup_hypercalls", r->setup.hypercalls, 0 },
        { "setup_iec_flushes", r->setup.iec_flushes, 0 },
        { "setup_route_commits", r->setup.route_commits, 0 },
        { "leaked", r->leaked, 0 },
        { "latency_p50_ns", r->latency.p50_ns, 0 },
        { "latency_p99_ns", r->latency.p99_ns, 0 },
        { "preemptions", r->vcpus.preemptions, VCPUS },
        { "wakeups", r->vcpus.wakeups, VCPUS },
        { "wakeup_max_ns", r->vcpus.wakeup_max_ns, VCPUS },
        { "halt_poll_hits", r->vcpus.halt_poll_hits, VCPUS },
        { "guest_cpu_per_irq_ns", r->cpu.per_irq_ns, REQS },
        { "requests_completed", r->requests.completed, REQS },
        { "requests_per_s", r->requests.per_s, REQS },
        { "request_p50_ns", r->requests.latency.p50_ns, REQS },
        { "request_p99_ns", r->requests.latency.p99_ns, REQS },
        { "request_max_ns", r->requests.latency.max_ns, REQS },
        { "raise_to_app_p99_ns", r->requests.raise_to_app.p99_ns, REQS },
        { "throughput_vs_bare_milli", r->requests.vs_bare_milli, BARE },
    };
    bool vcpus = r->vcpus.preemptions || r->vcpus.wakeups || r->vcpus.halt_polls;
    int rc;

    CK(xmlTextWriterStartElement(w, BAD_CAST "properties"));
    for (size_t i = 0; i < sizeof(p) / sizeof(p[0]); i++) {
        bool on = p[i].only == 0 || (p[i].only == VCPUS && vcpus) ||
                  (p[i].only == REQS && r->requests.submitted) ||
                  (p[i].only == BARE && r->requests.vs_bare_milli);

        if (on && (rc = property(w, p[i].name, p[i].v)))
            return rc;
    }
    CK(xmlTextWriterEndElement(w));
    return 0;
}

/* Occurrence of e->rule among the expectations of @r before index @k, plus 1. */
static size_t rule_seq(const struct hx_result *r, size_t k)
{
    size_t seq = 1;

    for (size_t j = 0; j < k; j++)
        seq += !strncmp(r->expect[j].rule, r->expect[k].rule,
                        sizeof(r->expect[k].rule));
    return seq;
}

static int failure(xmlTextWriterPtr w, const struct hx_expect_result *e)
{
    char rule[RPT__CLEAN_SIZE(sizeof(e->rule))];
    char metric[RPT__CLEAN_SIZE(sizeof(e->metric))];
    char op[RPT__CLEAN_SIZE(sizeof(e->op))];
    char expected[RPT__CLEAN_SIZE(sizeof(e->expected))];
    char actual[RPT__CLEAN_SIZE(sizeof(e->actual))];
    char scope[RPT__CLEAN_SIZE(sizeof(e->scope))];
    char msg[sizeof(rule) + sizeof(metric) + sizeof(op) + sizeof(expected) +
             sizeof(actual) + 16];
    int rc;

    rpt__clean(rule, e->rule, sizeof(e->rule), RPT__TEXT_XML);
    rpt__clean(metric, e->metric, sizeof(e->metric), RPT__TEXT_XML);
    rpt__clean(op, e->op, sizeof(e->op), RPT__TEXT_XML);
    rpt__clean(expected, e->expected, sizeof(e->expected), RPT__TEXT_XML);
    rpt__clean(actual, e->actual, sizeof(e->actual), RPT__TEXT_XML);
    rpt__clean(scope, e->scope, sizeof(e->scope), RPT__TEXT_XML);
    snprintf(msg, sizeof(msg), "%s: %s %s %s, actual %s", rule, metric, op,
             expected, actual);

    CK(xmlTextWriterStartElement(w, BAD_CAST "failure"));
    if ((rc = attr(w, "message", msg)) || (rc = attr(w, "type", "expectation")))
        return rc;
    if (scope[0])
        CK(xmlTextWriterWriteFormatString(w, "scope: %s", scope));
    CK(xmlTextWriterEndElement(w));
    return 0;
}

static int attr_time(xmlTextWriterPtr w, uint64_t ns)
{
    char buf[32];

    rpt__junit_seconds(buf, sizeof(buf), ns);
    return attr(w, "time", buf);
}

/* One testcase; @k indexes r->expect, or is SIZE_MAX for a scenario without
 * expectations (or skipped).  @ns: its time. */
static int testcase(xmlTextWriterPtr w, const char *classname,
                    const struct hx_result *r, size_t k, uint64_t ns)
{
    char scen[RPT__CLEAN_SIZE(sizeof(r->name))], name[NAME_SIZE];
    int rc;

    rpt__clean(scen, r->name, sizeof(r->name), RPT__TEXT_XML);
    if (k == SIZE_MAX) {
        snprintf(name, sizeof(name), "%s", scen);
    } else {
        const struct hx_expect_result *e = &r->expect[k];
        char rule[RPT__CLEAN_SIZE(sizeof(e->rule))];
        size_t seq = rule_seq(r, k);
        int len;

        rpt__clean(rule, e->rule, sizeof(e->rule), RPT__TEXT_XML);
        len = snprintf(name, sizeof(name), "%s/%s", scen, rule);
        if (seq > 1 && (size_t)len < sizeof(name))
            snprintf(name + len, sizeof(name) - (size_t)len, "#%zu", seq);
    }

    CK(xmlTextWriterStartElement(w, BAD_CAST "testcase"));
    if ((rc = attr(w, "classname", classname)) || (rc = attr(w, "name", name)) ||
        (rc = attr_time(w, ns)))
        return rc;
    if (r->skipped[0]) {
        char why[RPT__CLEAN_SIZE(sizeof(r->skipped))];

        rpt__clean(why, r->skipped, sizeof(r->skipped), RPT__TEXT_XML);
        CK(xmlTextWriterStartElement(w, BAD_CAST "skipped"));
        if ((rc = attr(w, "message", why)))
            return rc;
        CK(xmlTextWriterEndElement(w));
    }
    if (k != SIZE_MAX && r->expect[k].verdict != HX_VERDICT_PASS &&
        (rc = failure(w, &r->expect[k])))
        return rc;
    CK(xmlTextWriterEndElement(w));
    return 0;
}

/* The testsuite of one scenario, its testcases, its summary. */
static int testsuite(xmlTextWriterPtr w, const struct hx_result *r, size_t id,
                     const char *package, const struct rpt_wall *wall)
{
    char scen[RPT__CLEAN_SIZE(sizeof(r->name))], ts[32];
    char host[RPT__CLEAN_SIZE(sizeof(wall->host))];
    char summary[RPT__SUMMARY_SIZE];
    size_t failed = 0;
    int rc;

    for (size_t k = 0; k < r->n_expect; k++)
        failed += r->expect[k].verdict != HX_VERDICT_PASS;
    rpt__clean(scen, r->name, sizeof(r->name), RPT__TEXT_XML);
    rpt__clean(host, wall->host, sizeof(wall->host), RPT__TEXT_XML);
    if ((rc = rpt__junit_timestamp(ts, sizeof(ts), wall->start)))
        return rc;
    CK(xmlTextWriterStartElement(w, BAD_CAST "testsuite"));
    if ((rc = attr(w, "name", scen)) ||
        (rc = attr_u64(w, "tests", r->n_expect ? r->n_expect : 1)) ||
        (rc = attr_u64(w, "failures", failed)) || (rc = attr(w, "errors", "0")) ||
        (rc = attr(w, "skipped", r->skipped[0] ? "1" : "0")) ||
        (rc = attr_time(w, wall->ns)) || (rc = attr(w, "timestamp", ts)) ||
        (rc = attr(w, "hostname", host[0] ? host : "unknown")) ||
        (rc = attr_u64(w, "id", id)) || (rc = attr(w, "package", package)))
        return rc;
    if ((rc = properties(w, r)))
        return rc;
    if (!r->n_expect && (rc = testcase(w, package, r, SIZE_MAX, wall->ns)))
        return rc;
    for (size_t k = 0; k < r->n_expect; k++)
        if ((rc = testcase(w, package, r, k, k ? 0 : wall->ns)))
            return rc;
    rpt__fmt_summary(summary, sizeof(summary), r);
    CK(xmlTextWriterStartElement(w, BAD_CAST "system-out"));
    if (r->skipped[0])
        CK(xmlTextWriterWriteString(w, BAD_CAST "skipped"));
    else
        CK(xmlTextWriterWriteString(w, BAD_CAST summary));
    if (r->note[0]) {
        char note[RPT__CLEAN_SIZE(sizeof(r->note))];

        rpt__clean(note, r->note, sizeof(r->note), RPT__TEXT_XML);
        CK(xmlTextWriterWriteFormatString(w, "; note: %s", note));
    }
    CK(xmlTextWriterEndElement(w));
    CK(xmlTextWriterStartElement(w, BAD_CAST "system-err"));
    CK(xmlTextWriterEndElement(w));
    CK(xmlTextWriterEndElement(w));
    return 0;
}

static int document(xmlTextWriterPtr w, const struct hx_result *res, size_t n,
                    const char *package, const struct rpt_wall *wall)
{
    int rc;

    CK(xmlTextWriterSetIndent(w, 1));
    CK(xmlTextWriterSetIndentString(w, BAD_CAST "  "));
    CK(xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL));
    CK(xmlTextWriterStartElement(w, BAD_CAST "testsuites"));
    for (size_t i = 0; i < n; i++)
        if ((rc = testsuite(w, &res[i], i, package, &wall[i])))
            return rc;
    CK(xmlTextWriterEndDocument(w));   /* closes every open element */
    return 0;
}

int rpt_junit_write(FILE *out, const struct hx_result *res, size_t n,
                    const char *suite, const struct rpt_wall *wall)
{
    xmlBufferPtr buf;
    xmlTextWriterPtr w;
    char *name, *classname;
    size_t len;
    int rc;

    if (!out || (!res && n) || !suite || (!wall && n))
        return -EINVAL;
    len = strlen(suite);
    name = malloc(RPT__CLEAN_SIZE(len));
    classname = malloc(RPT__CLEAN_SIZE(len) + sizeof("imslab."));   /* the package */
    buf = xmlBufferCreate();
    w = buf ? xmlNewTextWriterMemory(buf, 0) : NULL;
    if (!name || !classname || !w) {
        rc = -ENOMEM;
        goto out;
    }
    rpt__clean(name, suite, len, RPT__TEXT_XML);
    sprintf(classname, "imslab.%s", name);
    rc = document(w, res, n, classname, wall);
    xmlFreeTextWriter(w);   /* flushes into buf */
    w = NULL;
    if (!rc) {
        len = (size_t)xmlBufferLength(buf);
        if (fwrite(xmlBufferContent(buf), 1, len, out) != len || fflush(out) ||
            ferror(out))
            rc = -EIO;
    }
out:
    if (w)
        xmlFreeTextWriter(w);
    if (buf)
        xmlBufferFree(buf);
    free(classname);
    free(name);
    return rc;
}
