/* SPDX-License-Identifier: MIT */
/*
 * scenario.c - scenario loading API: runs the libyaml and libcyaml passes,
 * then parses every scalar strictly, checks ranges, names, references and
 * combinations, fills defaults and builds struct hx_scenario
 * (scenario_internal.h describes the pipeline).  This file has the API,
 * the top level and the helpers every section uses; the sections are in
 * scenario_props.c (platform, platform.iommu, vmm: bound to the models'
 * property tables), scenario_devices.c (devices, vms, assign) and
 * scenario_events.c (workload, events, costs, expect).
 *
 * Checks run in file order of the sections (top level, platform, vmm,
 * devices, vms, assign, workload, events, costs, expect) and stop at the
 * first error, so a file with several errors reports the first one.
 */
#include "harness/scenario.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/scenario_internal.h"

#define PS_PER_US UINT64_C(1000000)

/* ---- positions and messages (yaml_common.c) ------------------------------ */

/* "PATH: MESSAGE" at the value at @path (or its nearest ancestor). */
int hx_scn__at(struct hx_scn__conv *c, const char *path, const char *fmt, ...)
{
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = hx_scn__verr(c->ix, c->e, path, false, fmt, ap);
    va_end(ap);
    return rc;
}

/* "PATH: MESSAGE" at the key of @path (a key that should not be there). */
int hx_scn__at_key(struct hx_scn__conv *c, const char *path, const char *fmt,
                   ...)
{
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = hx_scn__verr(c->ix, c->e, path, true, fmt, ap);
    va_end(ap);
    return rc;
}

/* A key missing from the mapping at @map: named at the mapping's key. */
int hx_scn__missing(struct hx_scn__conv *c, const char *map, const char *key,
                    const char *why, ...)
{
    const struct hx_scn__node *nd = hx_scn__near_node(c->ix, map);
    uint32_t line = 1, col = 1;
    char msg[256];
    va_list ap;

    if (nd) {
        line = nd->key_line ? nd->key_line : nd->line;
        col = nd->key_line ? nd->key_col : nd->col;
    }
    va_start(ap, why);
    vsnprintf(msg, sizeof(msg), why, ap);
    va_end(ap);
    return hx_scn__error(c->e, line, col, "%s%smissing required key '%s'%s%s",
                         map, *map ? ": " : "", key, *msg ? " " : "", msg);
}

struct hx_scn_pos hx_scn__pos(struct hx_scn__conv *c, const char *path)
{
    const struct hx_scn__node *nd = hx_scn__index_find(c->ix, path);

    return nd ? (struct hx_scn_pos){ nd->line, nd->col } : (struct hx_scn_pos){ 0, 0 };
}

const char *hx_scn__pathf(char *buf, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, HX_SCN__PATH_MAX, fmt, ap);
    va_end(ap);
    return buf;
}

/* ---- scalars (yaml_common.c) --------------------------------------------- */

bool hx_scn__quoted(struct hx_scn__conv *c, const char *path)
{
    const struct hx_scn__node *nd = hx_scn__index_find(c->ix, path);

    return nd && nd->quoted;
}

int hx_scn__u64(struct hx_scn__conv *c, const char *path, const char *t,
                uint64_t min, uint64_t max, uint64_t *out)
{
    return hx_scn__get_u64(c->ix, c->e, path, t, min, max, out);
}

/* An optional unsigned: @def when @t is NULL. */
int hx_scn__opt_u64(struct hx_scn__conv *c, const char *path, const char *t,
                    uint64_t min, uint64_t max, uint64_t def, uint64_t *out)
{
    if (!t) {
        *out = def;
        return 0;
    }
    return hx_scn__u64(c, path, t, min, max, out);
}

int hx_scn__opt_u32(struct hx_scn__conv *c, const char *path, const char *t,
                    uint32_t min, uint32_t max, uint32_t def, uint32_t *out)
{
    uint64_t v = 0;
    int rc = hx_scn__opt_u64(c, path, t, min, max, def, &v);

    if (!rc)
        *out = (uint32_t)v;
    return rc;
}

int hx_scn__opt_bool(struct hx_scn__conv *c, const char *path, const char *t,
                     bool def,
                     bool *out)
{
    if (!t) {
        *out = def;
        return 0;
    }
    return hx_scn__get_bool(c->ix, c->e, path, t, out);
}

/* Names: [A-Za-z0-9._-]+; rule IDs (@rule): [A-Z0-9-]+; <= 63 chars. */
int hx_scn__name(struct hx_scn__conv *c, const char *path, const char *t,
                 bool rule,
                 char out[HX_SCN_NAME_LEN])
{
    size_t n = strlen(t);

    if (!n)
        return hx_scn__at(c, path, "must not be empty");
    if (n >= HX_SCN_NAME_LEN)
        return hx_scn__at(c, path, "longer than %d characters",
                          HX_SCN_NAME_LEN - 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)t[i];
        bool ok = rule ? (isupper(ch) || isdigit(ch) || ch == '-')
                       : (isalnum(ch) || ch == '.' || ch == '_' || ch == '-');

        if (!ok)
            return hx_scn__at(c, path, "'%s' has a character outside %s", t,
                              rule ? "[A-Z0-9-]" : "[A-Za-z0-9._-]");
    }
    memcpy(out, t, n + 1);
    return 0;
}

/* ---- the top level ------------------------------------------------------- */

static int conv_top(struct hx_scn__conv *c)
{
    const struct hx_scn__raw *r = c->raw;
    struct hx_scenario *s = c->s;
    uint64_t v = 0;
    int rc;

    rc = hx_scn__u64(c, "imslab", r->imslab, 0, UINT64_MAX, &v);
    if (rc)
        return rc;
    if (v != HX_SCN_FORMAT_VERSION)
        return hx_scn__at(c, "imslab", "unsupported format version %llu (this "
                          "imslab reads version %d)", (unsigned long long)v,
                          HX_SCN_FORMAT_VERSION);
    s->version = (uint32_t)v;
    rc = hx_scn__name(c, "name", r->name, false, s->name);
    if (rc)
        return rc;
    if (r->description) {
        s->description = strdup(r->description);
        if (!s->description)
            return -ENOMEM;
    }
    rc = hx_scn__opt_u64(c, "seed", r->seed, 0, UINT64_MAX, 1, &s->seed);
    if (rc)
        return rc;
    return hx_scn__u64(c, "duration_us", r->duration_us, 1,
                       UINT64_MAX / PS_PER_US,
                       &s->duration_us);
}

/* baseline: bare needs a VMM to compare and a request loop to measure. */
static int conv_baseline(struct hx_scn__conv *c)
{
    struct hx_scenario *s = c->s;
    bool loop = false;

    if (!c->raw->baseline)
        return 0;
    s->baseline = (enum hx_scn_baseline)*c->raw->baseline;
    if (s->baseline == HX_SCN_BASELINE_NONE)
        return 0;
    if (s->vmm.personality == VMM_BARE)
        return hx_scn__at(c, "baseline", "the scenario runs on bare metal "
                          "already (personality bare)");
    for (uint32_t i = 0; i < s->nworkloads; i++)
        loop |= s->workloads[i].arrivals == HX_SCN_ARRIVAL_REQUEST_LOOP;
    if (!loop)
        return hx_scn__at(c, "baseline", "needs a workload with arrivals: "
                          "request-loop (its throughput is what is compared)");
    return 0;
}

/* ---- API ----------------------------------------------------------------- */

/* Report a file written for another format version before schema errors. */
static int version_first(const struct hx_scn__index *ix, struct hx_scn__err *e)
{
    const struct hx_scn__node *nd = hx_scn__index_find(ix, "imslab");
    uint64_t v = 0;

    if (!nd || nd->kind != HX_SCN__SCALAR || nd->quoted ||
        hx_scn__parse_digits(nd->text, &v) || v == HX_SCN_FORMAT_VERSION)
        return 0;
    return hx_scn__error(e, nd->line, nd->col, "imslab: unsupported format "
                         "version %llu (this imslab reads version %d)",
                         (unsigned long long)v, HX_SCN_FORMAT_VERSION);
}

static int convert(struct hx_scn__conv *c)
{
    int rc;

    cost_model_default(&c->s->costs);
    rc = conv_top(c);
    if (!rc)
        rc = hx_scn__conv_platform(c);
    if (!rc)
        rc = hx_scn__conv_vmm(c);
    if (!rc)
        rc = hx_scn__conv_devices(c);
    if (!rc)
        rc = hx_scn__conv_vms(c);
    if (!rc)
        rc = hx_scn__conv_assign(c);
    if (!rc)
        rc = hx_scn__conv_workload(c);
    if (!rc)
        rc = conv_baseline(c);
    if (!rc)
        rc = hx_scn__conv_events(c);
    if (!rc)
        rc = hx_scn__conv_costs(c);
    if (!rc)
        rc = hx_scn__conv_expect(c);
    return rc;
}

int hx_scn_load_string(const char *name_for_errors, const char *yaml,
                       size_t len, struct hx_scenario **out, char *err,
                       size_t errlen)
{
    struct hx_scn__err e = {
        .file = name_for_errors, .buf = err, .len = errlen,
    };
    struct hx_scn__index ix;
    struct hx_scn__schema *sch = NULL;
    struct hx_scn__raw *raw = NULL;
    struct hx_scenario *s = NULL;
    struct hx_scn__conv c;
    int rc;

    *out = NULL;
    if (err && errlen)
        err[0] = '\0';
    rc = hx_scn__index_build(yaml, len, &ix, &e);
    if (!rc)
        rc = version_first(&ix, &e);
    if (!rc)
        rc = hx_scn__schema_new(&sch);
    if (!rc)
        rc = hx_scn__cyaml_load(sch, yaml, len, &ix, &e, &raw);
    if (!rc) {
        s = calloc(1, sizeof(*s));
        if (s)
            s->source = strdup(name_for_errors);
        if (!s || !s->source) {
            rc = -ENOMEM;
        } else {
            c = (struct hx_scn__conv){ .ix = &ix, .e = &e, .raw = raw, .s = s };
            rc = convert(&c);
        }
    }
    hx_scn__cyaml_free(sch, raw);
    hx_scn__schema_free(sch);
    hx_scn__index_free(&ix);
    if (rc) {
        hx_scn_free(s);
        if (rc == -ENOMEM && err && errlen)
            snprintf(err, errlen, "%s: error: out of memory", name_for_errors);
        return rc;
    }
    *out = s;
    return 0;
}

int hx_scn_load_max(const char *path, size_t max_bytes,
                    struct hx_scenario **out, char *err, size_t errlen)
{
    char *buf;
    size_t len;
    int rc;

    *out = NULL;
    rc = hx_scn__read_file(path, max_bytes, &buf, &len, err, errlen);
    if (rc)
        return rc;
    rc = hx_scn_load_string(path, buf, len, out, err, errlen);
    free(buf);
    if (!rc)
        (*out)->max_input_bytes = max_bytes;
    return rc;
}

int hx_scn_load(const char *path, struct hx_scenario **out, char *err,
                size_t errlen)
{
    return hx_scn_load_max(path, 0, out, err, errlen);
}

void hx_scn_free(struct hx_scenario *scn)
{
    if (!scn)
        return;
    for (uint32_t i = 0; scn->devices && i < scn->ndevices; i++) {
        struct hx_scn_device *d = &scn->devices[i];

        free(d->layout);
        for (uint32_t j = 0; j < d->rtl.nsources; j++)
            free(d->rtl.sources[j]);
        free(d->rtl.sources);
        free(d->rtl.top);
    }
    free(scn->devices);
    free(scn->vms);
    free(scn->assigns);
    free(scn->workloads);
    free(scn->events);
    free(scn->expects);
    free(scn->description);
    free(scn->source);
    free(scn);
}

int hx_scn_lookup_device(const struct hx_scenario *scn, const char *name)
{
    for (uint32_t i = 0; i < scn->ndevices; i++)
        if (!strcmp(scn->devices[i].name, name))
            return (int)i;
    return -ENOENT;
}

int hx_scn_lookup_vm(const struct hx_scenario *scn, const char *name)
{
    int i = hx_scn__vm_index(scn, name);

    return i < 0 ? -ENOENT : i;
}

