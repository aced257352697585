/* SPDX-License-Identifier: MIT */
/* props.c - property tables (props.h): lookup, storage, defaults. */
#include "models/props.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

const char *prop_enum_name(const struct prop_enum *e, unsigned v)
{
    return e && v < e->n ? e->names[v] : "?";
}

int prop_enum_parse(const struct prop_enum *e, const char *s, unsigned *out)
{
    for (unsigned i = 0; s && i < e->n; i++) {
        if (!strcmp(s, e->names[i])) {
            *out = i;
            return 0;
        }
    }
    return -ENOENT;
}

const char *prop_type_name(enum prop_type t)
{
    switch (t) {
    case PROP_BOOL: return "boolean";
    case PROP_U32:
    case PROP_U64: return "integer";
    case PROP_ENUM: return "enum";
    default: return "?";
    }
}

const struct prop_desc *prop_find(const struct prop_table *t, const char *name)
{
    for (unsigned i = 0; i < t->n; i++)
        if (!strcmp(t->descs[i].name, name))
            return &t->descs[i];
    return NULL;
}

int prop_store(const struct prop_desc *d, void *cfg, uint64_t v)
{
    unsigned char *p = (unsigned char *)cfg + d->offset;

    if (d->type == PROP_ENUM ? !d->names || v >= d->names->n
                             : v < d->min || v > d->max)
        return -ERANGE;
    switch (d->size) {
    case 1: {
        uint8_t x = (uint8_t)v;

        if (d->type == PROP_BOOL || d->type == PROP_ENUM) {
            bool b = v != 0;

            if (v > 1)
                return -ERANGE;
            memcpy(p, &b, 1);
        } else {
            memcpy(p, &x, 1);
        }
        return 0;
    }
    case 4: {
        uint32_t x = (uint32_t)v;

        if (v > UINT32_MAX)
            return -ERANGE;
        memcpy(p, &x, 4);
        return 0;
    }
    case 8:
        memcpy(p, &v, 8);
        return 0;
    default:
        return -ERANGE;
    }
}

uint64_t prop_load(const struct prop_desc *d, const void *cfg)
{
    const unsigned char *p = (const unsigned char *)cfg + d->offset;

    switch (d->size) {
    case 1: {
        uint8_t x;

        memcpy(&x, p, 1);
        return x;
    }
    case 4: {
        uint32_t x;

        memcpy(&x, p, 4);
        return x;
    }
    case 8: {
        uint64_t x;

        memcpy(&x, p, 8);
        return x;
    }
    default:
        return 0;
    }
}

void prop_defaults(const struct prop_table *t, void *cfg)
{
    for (unsigned i = 0; i < t->n; i++)
        (void)prop_store(&t->descs[i], cfg, t->descs[i].def);
}

void prop_format(const struct prop_desc *d, uint64_t v, char *buf, size_t len)
{
    switch (d->type) {
    case PROP_BOOL:
        snprintf(buf, len, "%s", v ? "true" : "false");
        break;
    case PROP_ENUM:
        snprintf(buf, len, "%s", prop_enum_name(d->names, (unsigned)v));
        break;
    default:
        snprintf(buf, len, "%" PRIu64, v);
        break;
    }
}

void prop_doc_default(const struct prop_desc *d, char *buf, size_t len)
{
    char v[32];

    if (d->flags & PROP_F_REQUIRED) {
        snprintf(buf, len, "required");
    } else if (d->def_doc) {
        snprintf(buf, len, "%s", d->def_doc);
    } else {
        prop_format(d, d->def, v, sizeof(v));
        snprintf(buf, len, "`%s`", v);
    }
}

void prop_doc_values(const struct prop_desc *d, char *buf, size_t len)
{
    size_t o = 0;

    buf[0] = '\0';
    if (d->type == PROP_ENUM) {
        for (unsigned k = 0; d->names && k < d->names->n && o < len; k++) {
            int w = snprintf(buf + o, len - o, "%s`%s`", k ? ", " : "",
                             d->names->names[k]);

            if (w < 0)
                break;
            o += (size_t)w;
        }
    } else if (d->type != PROP_BOOL) {
        snprintf(buf, len, "%s%" PRIu64 " .. %" PRIu64,
                 d->flags & PROP_F_POW2 ? "power of two, " : "", d->min,
                 d->max);
    }
}

static bool size_ok(const struct prop_desc *d)
{
    switch (d->type) {
    case PROP_BOOL: return d->size == sizeof(bool);
    case PROP_U32: return d->size == 4;
    case PROP_U64: return d->size == 8;
    case PROP_ENUM: return d->size == 4 || (d->size == 1 && d->names &&
                                            d->names->n == 2);
    default: return false;
    }
}

int prop_table_valid(const struct prop_table *t, unsigned *bad)
{
    if (t->n > PROP_TABLE_MAX) {
        *bad = PROP_TABLE_MAX;
        return -EINVAL;
    }
    for (unsigned i = 0; i < t->n; i++) {
        const struct prop_desc *d = &t->descs[i];
        bool ok = d->name && *d->name && d->doc && *d->doc && size_ok(d) &&
                  d->offset + d->size <= t->size;

        if (ok && d->type == PROP_ENUM)
            ok = d->names && d->names->n &&
                 ((d->flags & PROP_F_REQUIRED) || d->def < d->names->n);
        else if (ok)
            ok = d->min <= d->max && ((d->flags & PROP_F_REQUIRED) ||
                                      (d->def >= d->min && d->def <= d->max));
        for (unsigned j = 0; ok && j < i; j++)
            ok = strcmp(t->descs[j].name, d->name) != 0;
        if (!ok) {
            *bad = i;
            return -EINVAL;
        }
    }
    return 0;
}
