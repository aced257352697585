/* SPDX-License-Identifier: MIT */
/*
 * layout.c - the IMS layout descriptor loader: the scenario loader's three
 * passes (libyaml index for positions, libcyaml schema, strict scalars;
 * scenario_internal.h) with the descriptor's schema, then the layout rules
 * of ims_layout_check() reported at the offending node.
 */
#include "harness/layout.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cyaml/cyaml.h>

#include "harness/scenario_internal.h"

/* ---- raw image and schema --------------------------------------------------- */

struct raw_field {
    char *offset, *lsb, *width, *reserved, *read_only;
};

struct raw_fields {
    struct raw_field *f[IMS_F__COUNT];
};

struct raw {
    char *version, *name, *description;
    int *storage;
    char *entries, *base, *stride;
    struct raw_fields *fields;
    char *reset_masked, *pending_on_mask;
    int *update;
    char *mask_for_update, *pasid_check, *cmd_latency;
    char *service_cycles, *pending_slots, *index_bits, *pba_base, *clock_ps;
    int *arbitration, *pending_release, *partial_writes, *message_form;
    char *requester_id;
};

static const cyaml_strval_t storage_str[] = {
    { "mmio", IMS_STORAGE_MMIO },
    { "hostmem", IMS_STORAGE_HOSTMEM },
};

static const cyaml_strval_t arb_str[] = {
    { "fifo", IMS_ARB_FIFO },
    { "fixed-priority", IMS_ARB_FIXED_PRIORITY },
};

static const cyaml_strval_t release_str[] = {
    { "any", IMS_RELEASE_ANY },
    { "in-order", IMS_RELEASE_IN_ORDER },
};

static const cyaml_strval_t partial_str[] = {
    { "undefined", IMS_PARTIAL_UNDEFINED },
    { "merge", IMS_PARTIAL_MERGE },
    { "ignore", IMS_PARTIAL_IGNORE },
};

static const cyaml_strval_t form_str[] = {
    { "port", IMS_FORM_PORT },
    { "tlp", IMS_FORM_TLP },
};

static const cyaml_strval_t update_str[] = {
    { "per-dword", IMS_UPDATE_PER_DWORD },
    { "on-data", IMS_UPDATE_ON_DATA },
    { "on-unmask", IMS_UPDATE_ON_UNMASK },
    { "on-commit", IMS_UPDATE_ON_COMMIT },
};

#define OPT CYAML_FLAG_OPTIONAL
#define REQ CYAML_FLAG_DEFAULT
#define STR(key, fl, st, m)                                                   \
    CYAML_FIELD_STRING_PTR(key, CYAML_FLAG_POINTER | (fl), st, m, 0,          \
                           CYAML_UNLIMITED)
#define ENUMF(key, fl, st, m, tbl)                                            \
    CYAML_FIELD_ENUM_PTR(key, CYAML_FLAG_POINTER | CYAML_FLAG_STRICT | (fl),  \
                         st, m, tbl, CYAML_ARRAY_LEN(tbl))

static const cyaml_schema_field_t field_fields[] = {
    STR("offset", REQ, struct raw_field, offset),
    STR("lsb", OPT, struct raw_field, lsb),
    STR("width", REQ, struct raw_field, width),
    STR("reserved", OPT, struct raw_field, reserved),
    STR("read_only", OPT, struct raw_field, read_only),
    CYAML_FIELD_END
};

#define FIELD(key, id)                                                        \
    CYAML_FIELD_MAPPING_PTR(key, CYAML_FLAG_POINTER | OPT, struct raw_fields, \
                            f[id], field_fields)

static const cyaml_schema_field_t fields_fields[] = {
    FIELD("addr_lo", IMS_F_ADDR_LO),
    FIELD("addr_hi", IMS_F_ADDR_HI),
    FIELD("data", IMS_F_DATA),
    FIELD("mask", IMS_F_MASK),
    FIELD("pasid_en", IMS_F_PASID_EN),
    FIELD("pasid", IMS_F_PASID),
    FIELD("commit", IMS_F_COMMIT),
    CYAML_FIELD_END
};

static const cyaml_schema_field_t top_fields[] = {
    STR("imslab-layout", REQ, struct raw, version),
    STR("name", REQ, struct raw, name),
    STR("description", OPT, struct raw, description),
    ENUMF("storage", OPT, struct raw, storage, storage_str),
    STR("entries", REQ, struct raw, entries),
    STR("base", OPT, struct raw, base),
    STR("stride", REQ, struct raw, stride),
    CYAML_FIELD_MAPPING_PTR("fields", CYAML_FLAG_POINTER | REQ, struct raw,
                            fields, fields_fields),
    STR("reset_masked", OPT, struct raw, reset_masked),
    STR("pending_on_mask", OPT, struct raw, pending_on_mask),
    ENUMF("update", OPT, struct raw, update, update_str),
    STR("mask_for_update", OPT, struct raw, mask_for_update),
    STR("pasid_check", OPT, struct raw, pasid_check),
    STR("cmd_latency", OPT, struct raw, cmd_latency),
    STR("service_cycles", OPT, struct raw, service_cycles),
    ENUMF("arbitration", OPT, struct raw, arbitration, arb_str),
    STR("pending_slots", OPT, struct raw, pending_slots),
    ENUMF("pending_release", OPT, struct raw, pending_release, release_str),
    STR("index_bits", OPT, struct raw, index_bits),
    STR("pba_base", OPT, struct raw, pba_base),
    STR("clock_ps", OPT, struct raw, clock_ps),
    ENUMF("partial_writes", OPT, struct raw, partial_writes, partial_str),
    ENUMF("message_form", OPT, struct raw, message_form, form_str),
    STR("requester_id", OPT, struct raw, requester_id),
    CYAML_FIELD_END
};

static const cyaml_schema_value_t top_schema = {
    CYAML_VALUE_MAPPING(CYAML_FLAG_POINTER, struct raw, top_fields),
};

static bool unknown_key(const char *path, const char *key, char *buf,
                        size_t len)
{
    if (!strcmp(path, "fields")) {
        snprintf(buf, len, "fields: unknown field '%s' (expected addr_lo, "
                 "addr_hi, data, mask, pasid_en, pasid, commit)", key);
        return true;
    }
    if (!*path) {
        snprintf(buf, len, "unknown key '%s' (the keys are listed in "
                 "docs/vendor-guide.md, Layout descriptors)", key);
        return true;
    }
    return false;
}

static const struct hx_scn__doc layout_doc = {
    .what = "layout descriptor",
    .schema = &top_schema,
    .unknown_key_note = unknown_key,
};

/* ---- conversion ---------------------------------------------------------------- */

struct conv {
    const struct hx_scn__index *ix;
    struct hx_scn__err *e;
    const struct raw *raw;
    struct ims_layout *l;
};

static int u32_at(struct conv *c, const char *path, const char *t,
                  uint32_t min, uint32_t max, uint32_t def, uint32_t *out)
{
    uint64_t v;
    int rc;

    if (!t) {
        *out = def;
        return 0;
    }
    rc = hx_scn__get_u64(c->ix, c->e, path, t, min, max, &v);
    if (!rc)
        *out = (uint32_t)v;
    return rc;
}

static int bool_at(struct conv *c, const char *path, const char *t, bool def,
                   bool *out)
{
    if (!t) {
        *out = def;
        return 0;
    }
    return hx_scn__get_bool(c->ix, c->e, path, t, out);
}

static int conv_name(struct conv *c)
{
    const char *t = c->raw->name;
    size_t n = strlen(t);

    if (!n)
        return hx_scn__err_at(c->ix, c->e, "name", false, "must not be empty");
    if (n >= sizeof(c->l->name))
        return hx_scn__err_at(c->ix, c->e, "name", false,
                              "longer than %zu characters",
                              sizeof(c->l->name) - 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)t[i];

        if (!isalnum(ch) && ch != '.' && ch != '_' && ch != '-')
            return hx_scn__err_at(c->ix, c->e, "name", false,
                                  "'%s' has a character outside "
                                  "[A-Za-z0-9._-]", t);
    }
    memcpy(c->l->name, t, n + 1);
    return 0;
}

static int conv_fields(struct conv *c)
{
    char path[HX_SCN__PATH_MAX];
    int rc;

    for (unsigned i = 0; i < IMS_F__COUNT; i++) {
        const struct raw_field *r = c->raw->fields->f[i];
        struct ims_field *f = &c->l->field[i];
        const char *n = ims_field_name((enum ims_field_id)i);
        uint32_t lsb, width;

        if (!r)
            continue;
        f->present = true;
        snprintf(path, sizeof(path), "fields.%s.offset", n);
        rc = u32_at(c, path, r->offset, 0, IMS_LAYOUT_MAX_STRIDE, 0,
                    &f->offset);
        if (rc)
            return rc;
        snprintf(path, sizeof(path), "fields.%s.lsb", n);
        rc = u32_at(c, path, r->lsb, 0, 31, 0, &lsb);
        if (rc)
            return rc;
        snprintf(path, sizeof(path), "fields.%s.width", n);
        rc = u32_at(c, path, r->width, 1, 32, 0, &width);
        if (rc)
            return rc;
        f->lsb = (uint8_t)lsb;
        f->width = (uint8_t)width;
        snprintf(path, sizeof(path), "fields.%s.reserved", n);
        if ((rc = u32_at(c, path, r->reserved, 0, UINT32_MAX, 0, &f->reserved)))
            return rc;
        snprintf(path, sizeof(path), "fields.%s.read_only", n);
        if ((rc = u32_at(c, path, r->read_only, 0, UINT32_MAX, 0, &f->read_only)))
            return rc;
    }
    return 0;
}

static int convert(struct conv *c)
{
    const struct raw *r = c->raw;
    struct ims_layout *l = c->l;
    char key[HX_SCN__PATH_MAX], why[256];
    bool hostmem;
    int rc;

    memset(l, 0, sizeof(*l));
    rc = conv_name(c);
    if (rc)
        return rc;
    l->storage = r->storage ? (enum ims_storage)*r->storage : IMS_STORAGE_MMIO;
    hostmem = l->storage == IMS_STORAGE_HOSTMEM;
    if ((rc = u32_at(c, "entries", r->entries, 1, IMS_LAYOUT_MAX_ENTRIES, 0,
                     &l->entries)) ||
        (rc = u32_at(c, "base", r->base, 0, UINT32_MAX, 0, &l->base)) ||
        (rc = u32_at(c, "stride", r->stride, 4, IMS_LAYOUT_MAX_STRIDE, 0,
                     &l->stride)) ||
        (rc = conv_fields(c)))
        return rc;
    if ((rc = bool_at(c, "reset_masked", r->reset_masked, true,
                      &l->reset_masked)) ||
        (rc = bool_at(c, "pending_on_mask", r->pending_on_mask, true,
                      &l->pending_on_mask)) ||
        (rc = bool_at(c, "mask_for_update", r->mask_for_update, true,
                      &l->mask_for_update)) ||
        (rc = bool_at(c, "pasid_check", r->pasid_check,
                      l->field[IMS_F_PASID].present, &l->pasid_check)))
        return rc;
    l->update = r->update ? (enum ims_update)*r->update
                : hostmem ? IMS_UPDATE_ON_COMMIT
                          : IMS_UPDATE_PER_DWORD;
    if (r->cmd_latency && !hostmem)
        return hx_scn__err_at(c->ix, c->e, "cmd_latency", true,
                              "only for storage hostmem");
    rc = u32_at(c, "cmd_latency", r->cmd_latency, 1, IMS_CMD_LATENCY_MAX,
                hostmem ? IMS_CMD_LATENCY_DEFAULT : 0, &l->cmd_latency);
    if (rc)
        return rc;
    if ((rc = u32_at(c, "service_cycles", r->service_cycles, 1, IMS_LAYOUT_MAX_SERVICE, 1,
                     &l->service_cycles)) ||
        (rc = u32_at(c, "pending_slots", r->pending_slots, 1, l->entries, 0,
                     &l->pending_slots)) ||
        (rc = u32_at(c, "index_bits", r->index_bits, 1, 32, 0, &l->index_bits)) ||
        (rc = u32_at(c, "pba_base", r->pba_base, 0, UINT32_MAX, 0, &l->pba_base)) ||
        (rc = u32_at(c, "clock_ps", r->clock_ps, IMS_LAYOUT_MIN_CLOCK_PS,
                     IMS_LAYOUT_MAX_CLOCK_PS, 0, &l->clock_ps)) ||
        (rc = u32_at(c, "requester_id", r->requester_id, 0, 0xffff, 0, &l->requester_id)))
        return rc;
    l->has_pba = r->pba_base != NULL;
    l->arbitration = r->arbitration ? (enum ims_arbitration)*r->arbitration : IMS_ARB_FIFO;
    l->pending_release = r->pending_release ? (enum ims_release)*r->pending_release
                                            : IMS_RELEASE_ANY;
    l->partial_writes = r->partial_writes ? (enum ims_partial)*r->partial_writes
                                          : IMS_PARTIAL_UNDEFINED;
    l->message_form = r->message_form ? (enum ims_form)*r->message_form : IMS_FORM_PORT;
    if (ims_layout_check(l, key, sizeof(key), why, sizeof(why)))
        return hx_scn__err_at(c->ix, c->e, key, !strcmp(key, "fields"), "%s",
                              why);
    return 0;
}

static int version_first(const struct hx_scn__index *ix, struct hx_scn__err *e)
{
    const struct hx_scn__node *nd = hx_scn__index_find(ix, "imslab-layout");
    uint64_t v = 0;

    if (!nd || nd->kind != HX_SCN__SCALAR || nd->quoted ||
        hx_scn__parse_digits(nd->text, &v) || v == HX_LAYOUT_FORMAT_VERSION)
        return 0;
    return hx_scn__error(e, nd->line, nd->col, "imslab-layout: unsupported "
                         "format version %llu (this imslab reads version %d)",
                         (unsigned long long)v, HX_LAYOUT_FORMAT_VERSION);
}

int hx_layout_load_string(const char *name_for_errors, const char *yaml,
                          size_t len, struct ims_layout *out, char *err,
                          size_t errlen)
{
    struct hx_scn__err e = {
        .file = name_for_errors, .buf = err, .len = errlen,
        .what = "layout descriptor", .head = "imslab-layout: 1",
    };
    struct hx_scn__index ix;
    struct ims_layout l;
    void *raw = NULL;
    int rc;

    if (err && errlen)
        err[0] = '\0';
    rc = hx_scn__index_build(yaml, len, &ix, &e);
    if (!rc)
        rc = version_first(&ix, &e);
    if (!rc)
        rc = hx_scn__cyaml_load_doc(&layout_doc, yaml, len, &ix, &e, &raw);
    if (!rc) {
        struct conv c = { .ix = &ix, .e = &e, .raw = raw, .l = &l };

        rc = hx_scn__get_u64(&ix, &e, "imslab-layout", c.raw->version,
                             HX_LAYOUT_FORMAT_VERSION,
                             HX_LAYOUT_FORMAT_VERSION, &(uint64_t){ 0 });
        if (!rc)
            rc = convert(&c);
    }
    hx_scn__cyaml_free_doc(&layout_doc, raw);
    hx_scn__index_free(&ix);
    if (rc == -ENOMEM && err && errlen)
        snprintf(err, errlen, "%s: error: out of memory", name_for_errors);
    if (!rc)
        *out = l;
    return rc;
}

int hx_layout_load(const char *path, struct ims_layout *out, char *err,
                   size_t errlen)
{
    return hx_layout_load_max(path, 0, out, err, errlen);
}

int hx_layout_load_max(const char *path, size_t max_bytes,
                       struct ims_layout *out, char *err, size_t errlen)
{
    char *buf;
    size_t len;
    int rc = hx_scn__read_file(path, max_bytes, &buf, &len, err, errlen);

    if (rc)
        return rc;
    rc = hx_layout_load_string(path, buf, len, out, err, errlen);
    free(buf);
    return rc;
}
