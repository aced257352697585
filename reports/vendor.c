/* SPDX-License-Identifier: MIT */
/*
 * vendor.c - the results JSON and JUnit XML of `imslab vendor`, written
 * from its own record (results/vendor_record.h): per rule the verdict,
 * entry, emitted entry, cycle, the expected and actual pair, the whole
 * message and the waveform; no scenario fields (docs/results-schema.md,
 * "The vendor record").
 */
#include "reports/report.h"
#include "reports/rpt_internal.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <libxml/xmlwriter.h>

#define DUMP_FLAGS JSON_INDENT(2)

static const char *wave_name(enum hx_vendor_wave w)
{
    return w == HX_VENDOR_WAVE_REPRODUCED ? "reproduced"
         : w == HX_VENDOR_WAVE_DIFFERENT ? "not-reproduced" : "none";
}

/* ---- JSON --------------------------------------------------------------------- */

struct jb {
    int err;
};

static void put(struct jb *b, json_t *obj, const char *key, json_t *v)
{
    if (!v || json_object_set_new(obj, key, v))
        b->err = b->err ? b->err : -ENOMEM;
}

static json_t *hex64(uint64_t v)
{
    char buf[24];

    snprintf(buf, sizeof(buf), "0x%" PRIx64, v);
    return json_string(buf);
}

static json_t *text(const char *s, size_t max)
{
    return rpt__json_text(s, max);
}

static json_t *entry_or_null(uint32_t e)
{
    return e == HX_VENDOR_NO_ENTRY ? json_null() : json_integer(e);
}

static json_t *pair(struct jb *b, uint64_t addr, uint32_t data)
{
    json_t *o = json_object();

    if (o) {
        put(b, o, "addr", hex64(addr));
        put(b, o, "data", hex64(data));
    }
    return o;
}

static json_t *rule_json(struct jb *b, const struct hx_vendor_rule_rec *r)
{
    json_t *o = json_object();
    bool fail = !strcmp(r->verdict, "fail");

    if (!o)
        return NULL;
    put(b, o, "rule", text(r->rule, sizeof(r->rule)));
    put(b, o, "verdict", text(r->verdict, sizeof(r->verdict)));
    if (!strcmp(r->verdict, "skip"))
        put(b, o, "reason", text(r->actual, sizeof(r->actual)));
    if (!fail)
        return o;
    put(b, o, "checkpoint", json_integer(r->checkpoint));
    put(b, o, "kind", text(r->kind, sizeof(r->kind)));
    put(b, o, "entry", entry_or_null(r->entry));
    put(b, o, "emitted_entry", entry_or_null(r->emitted));
    put(b, o, "cycle", json_integer((json_int_t)r->cycle));
    put(b, o, "time_ps", json_integer((json_int_t)r->time_ps));
    put(b, o, "expected", text(r->expected, sizeof(r->expected)));
    put(b, o, "actual", text(r->actual, sizeof(r->actual)));
    put(b, o, "expected_pair", r->has_pair ? pair(b, r->exp_addr, r->exp_data) : json_null());
    put(b, o, "actual_pair", r->has_pair ? pair(b, r->act_addr, r->act_data) : json_null());
    put(b, o, "waveform", json_string(wave_name(r->wave)));
    put(b, o, "vcd", r->vcd[0] ? text(r->vcd, sizeof(r->vcd)) : json_null());
    put(b, o, "gtkw", r->gtkw[0] ? text(r->gtkw, sizeof(r->gtkw)) : json_null());
    return o;
}

int rpt_vendor_json_write(FILE *out, const struct hx_vendor_record *v,
                          const struct rpt_run_meta *meta)
{
    struct jb b = { 0 };
    json_t *root = json_object(), *rec = json_object(), *rules = json_array(), *sum;
    char tool[64];

    if (!out || !v || !meta || !meta->suite) {
        json_decref(root);
        json_decref(rec);
        json_decref(rules);
        return -EINVAL;
    }
    snprintf(tool, sizeof(tool), "%s", meta->tool ? meta->tool : "imslab " IMSLAB_VERSION);
    if (!root || !rec || !rules)
        b.err = -ENOMEM;
    put(&b, root, "schema", json_string(HX_RESULTS_SCHEMA));
    put(&b, root, "tool", json_string(tool));
    put(&b, root, "seed", json_integer((json_int_t)meta->seed));
    put(&b, root, "suite", text(meta->suite, strlen(meta->suite)));
    put(&b, rec, "design", text(v->design, sizeof(v->design)));
    put(&b, rec, "source", text(v->source, sizeof(v->source)));
    put(&b, rec, "descriptor", text(v->descriptor, sizeof(v->descriptor)));
    put(&b, rec, "layout", text(v->layout, sizeof(v->layout)));
    put(&b, rec, "entries", json_integer(v->entries));
    put(&b, rec, "mode", text(v->mode, sizeof(v->mode)));
    for (size_t i = 0; i < v->nrules && rules; i++)
        if (json_array_append_new(rules, rule_json(&b, &v->rules[i])))
            b.err = -ENOMEM;
    put(&b, rec, "rules", rules);
    sum = json_object();
    if (sum) {
        put(&b, sum, "rules", json_integer((json_int_t)v->nrules));
        put(&b, sum, "passed", json_integer((json_int_t)v->passed));
        put(&b, sum, "failed", json_integer((json_int_t)v->failed));
        put(&b, sum, "skipped", json_integer((json_int_t)v->skipped));
    }
    put(&b, rec, "summary", sum);
    put(&b, root, "vendor", rec);
    if (!b.err && json_dumpf(root, out, DUMP_FLAGS))
        b.err = -EIO;
    json_decref(root);
    if (b.err)
        return b.err;
    return fputc('\n', out) == EOF || fflush(out) || ferror(out) ? -EIO : 0;
}

/* ---- JUnit ------------------------------------------------------------------- */

#define CK(call)            \
    do {                    \
        if ((call) < 0)     \
            return -EIO;    \
    } while (0)

static int attr(xmlTextWriterPtr w, const char *name, const char *value, size_t max)
{
    char *c = malloc(RPT__CLEAN_SIZE(max));
    int rc;

    if (!c)
        return -ENOMEM;
    rpt__clean(c, value, max, RPT__TEXT_XML);
    rc = xmlTextWriterWriteAttribute(w, BAD_CAST name, BAD_CAST c) < 0 ? -EIO : 0;
    free(c);
    return rc;
}

static int attr_n(xmlTextWriterPtr w, const char *name, uint64_t n)
{
    char buf[24];

    snprintf(buf, sizeof(buf), "%" PRIu64, n);
    return attr(w, name, buf, sizeof(buf));
}

static void fmt_entry(char *buf, size_t len, uint32_t e)
{
    if (e == HX_VENDOR_NO_ENTRY)
        snprintf(buf, len, "-");
    else
        snprintf(buf, len, "%" PRIu32, e);
}

static int failure(xmlTextWriterPtr w, const struct hx_vendor_rule_rec *r)
{
    char ent[16], emi[16], msg[512], body[2048];
    size_t o;
    int rc;

    fmt_entry(ent, sizeof(ent), r->entry);
    fmt_entry(emi, sizeof(emi), r->emitted);
    snprintf(msg, sizeof(msg), "%s: checkpoint %u, entry %s, emitted entry %s, cycle %" PRIu64
             ": %s", r->rule, r->checkpoint, ent, emi, r->cycle, r->actual);
    o = (size_t)snprintf(body, sizeof(body), "expected: %s\n", r->expected);
    if (r->has_pair && o < sizeof(body))
        o += (size_t)snprintf(body + o, sizeof(body) - o, "expected pair: 0x%" PRIx64 "/0x%"
                              PRIx32 " (entry %s)\nactual pair: 0x%" PRIx64 "/0x%" PRIx32
                              " (entry %s)\n", r->exp_addr, r->exp_data, ent, r->act_addr,
                              r->act_data, emi);
    if (o < sizeof(body))
        o += (size_t)snprintf(body + o, sizeof(body) - o, "cycle: %" PRIu64 " (%" PRIu64
                              " ps)\nwaveform: %s (%s)\n", r->cycle, r->time_ps,
                              r->vcd[0] ? r->vcd : "none", wave_name(r->wave));
    if (o < sizeof(body) && r->gtkw[0])
        snprintf(body + o, sizeof(body) - o, "gtkwave: %s\n", r->gtkw);
    CK(xmlTextWriterStartElement(w, BAD_CAST "failure"));
    if ((rc = attr(w, "message", msg, sizeof(msg))) ||
        (rc = attr(w, "type", r->kind[0] ? r->kind : "conformance", sizeof(r->kind))))
        return rc;
    {
        char *c = malloc(RPT__CLEAN_SIZE(sizeof(body)));

        if (!c)
            return -ENOMEM;
        rpt__clean(c, body, sizeof(body), RPT__TEXT_XML);
        rc = xmlTextWriterWriteString(w, BAD_CAST c) < 0 ? -EIO : 0;
        free(c);
        if (rc)
            return rc;
    }
    CK(xmlTextWriterEndElement(w));
    return 0;
}

static int attr_time(xmlTextWriterPtr w, uint64_t ns)
{
    char buf[32];

    rpt__junit_seconds(buf, sizeof(buf), ns);
    return attr(w, "time", buf, sizeof(buf));
}

static int junit_doc(xmlTextWriterPtr w, const struct hx_vendor_record *v,
                     const struct rpt_wall *wall)
{
    char classname[96], ts[32];
    int rc;

    if ((rc = rpt__junit_timestamp(ts, sizeof(ts), wall->start)))
        return rc;
    snprintf(classname, sizeof(classname), "imslab.vendor.%s", v->design);
    CK(xmlTextWriterSetIndent(w, 1));
    CK(xmlTextWriterSetIndentString(w, BAD_CAST "  "));
    CK(xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL));
    CK(xmlTextWriterStartElement(w, BAD_CAST "testsuites"));
    CK(xmlTextWriterStartElement(w, BAD_CAST "testsuite"));
    if ((rc = attr(w, "name", v->design, sizeof(v->design))) ||
        (rc = attr_n(w, "tests", v->nrules)) || (rc = attr_n(w, "failures", v->failed)) ||
        (rc = attr(w, "errors", "0", 2)) || (rc = attr_n(w, "skipped", v->skipped)) ||
        (rc = attr_time(w, wall->ns)) || (rc = attr(w, "timestamp", ts, sizeof(ts))) ||
        (rc = attr(w, "hostname", wall->host[0] ? wall->host : "unknown",
                   sizeof(wall->host))) ||
        (rc = attr(w, "id", "0", 2)) || (rc = attr(w, "package", "imslab.vendor", 16)))
        return rc;
    CK(xmlTextWriterStartElement(w, BAD_CAST "properties"));
    {
        static const char *const names[] = { "descriptor", "source", "mode" };
        const char *vals[] = { v->descriptor, v->source, v->mode };

        for (size_t i = 0; i < 3; i++) {
            CK(xmlTextWriterStartElement(w, BAD_CAST "property"));
            if ((rc = attr(w, "name", names[i], 16)) ||
                (rc = attr(w, "value", vals[i], HX_VENDOR_PATH_MAX)))
                return rc;
            CK(xmlTextWriterEndElement(w));
        }
    }
    CK(xmlTextWriterEndElement(w));
    for (size_t i = 0; i < v->nrules; i++) {
        const struct hx_vendor_rule_rec *r = &v->rules[i];

        CK(xmlTextWriterStartElement(w, BAD_CAST "testcase"));
        if ((rc = attr(w, "classname", classname, sizeof(classname))) ||
            (rc = attr(w, "name", r->rule, sizeof(r->rule))) ||
            (rc = attr_time(w, r->wall_ns)))
            return rc;
        if (!strcmp(r->verdict, "fail") && (rc = failure(w, r)))
            return rc;
        if (!strcmp(r->verdict, "skip")) {
            CK(xmlTextWriterStartElement(w, BAD_CAST "skipped"));
            if ((rc = attr(w, "message", r->actual, sizeof(r->actual))))
                return rc;
            CK(xmlTextWriterEndElement(w));
        }
        CK(xmlTextWriterEndElement(w));
    }
    /* the Ant schema wants both, after the testcases */
    CK(xmlTextWriterStartElement(w, BAD_CAST "system-out"));
    CK(xmlTextWriterWriteFormatString(w, "%zu passed, %zu failed, %zu skipped",
                                      v->passed, v->failed, v->skipped));
    CK(xmlTextWriterEndElement(w));
    CK(xmlTextWriterStartElement(w, BAD_CAST "system-err"));
    CK(xmlTextWriterEndElement(w));
    CK(xmlTextWriterEndElement(w));
    CK(xmlTextWriterEndElement(w));
    CK(xmlTextWriterEndDocument(w));
    return 0;
}

int rpt_vendor_junit_write(FILE *out, const struct hx_vendor_record *v,
                           const struct rpt_wall *wall)
{
    xmlBufferPtr buf;
    xmlTextWriterPtr w;
    int rc;

    if (!out || !v || !wall)
        return -EINVAL;
    buf = xmlBufferCreate();
    w = buf ? xmlNewTextWriterMemory(buf, 0) : NULL;
    if (!w) {
        if (buf)
            xmlBufferFree(buf);
        return -ENOMEM;
    }
    rc = junit_doc(w, v, wall);
    xmlFreeTextWriter(w);
    if (!rc) {
        size_t len = (size_t)xmlBufferLength(buf);

        if (fwrite(xmlBufferContent(buf), 1, len, out) != len || fflush(out) || ferror(out))
            rc = -EIO;
    }
    xmlBufferFree(buf);
    return rc;
}
