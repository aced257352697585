/* SPDX-License-Identifier: MIT */
/*
 * matrix_compose.c - the YAML trees a registry cell is composed from
 * (matrix_tree.h): the registry's tree built from the position index,
 * copies, patches (merge with null as delete) and block-style output with a
 * map from each output line back to the registry node it came from.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/matrix_tree.h"

/* ---- the registry's tree -------------------------------------------------------------------- */

static int cmp_pos(const void *a, const void *b)
{
    const struct hx_mx__node *x = *(const struct hx_mx__node *const *)a;
    const struct hx_mx__node *y = *(const struct hx_mx__node *const *)b;
    uint32_t xl = x->kl ? x->kl : x->l, xc = x->kl ? x->kc : x->c;
    uint32_t yl = y->kl ? y->kl : y->l, yc = y->kl ? y->kc : y->c;

    if (xl != yl)
        return xl < yl ? -1 : 1;
    return xc < yc ? -1 : xc > yc;
}

/* "a[12]" after "a[3]": the entry index ends the path. */
static unsigned long entry_index(const struct hx_mx__node *t)
{
    const char *b = strrchr(t->path, '[');

    return b ? strtoul(b + 1, NULL, 10) : 0;
}

static int cmp_entry(const void *a, const void *b)
{
    unsigned long x = entry_index(*(const struct hx_mx__node *const *)a);
    unsigned long y = entry_index(*(const struct hx_mx__node *const *)b);

    return x < y ? -1 : x > y;
}

/* The last component of @path under @parent, unescaped ("a.b\.c" -> "b.c"). */
static char *last_key(const char *path, const char *parent)
{
    const char *s = path + strlen(parent) + (*parent ? 1 : 0);
    char *k = malloc(strlen(s) + 1), *o = k;

    if (!k)
        return NULL;
    for (; *s; s++) {
        if (*s == '\\' && s[1])
            s++;
        *o++ = *s;
    }
    *o = '\0';
    return k;
}

int hx_mx__tree_build(const struct hx_scn__index *ix, struct hx_mx__node **nodes,
                      struct hx_mx__node **root)
{
    char parent[HX_SCN__PATH_MAX];
    struct hx_mx__node *v = calloc(ix->n ? ix->n : 1, sizeof(*v));

    *nodes = v;
    *root = NULL;
    if (!v)
        return -ENOMEM;
    for (size_t i = 0; i < ix->n; i++) {
        const struct hx_scn__node *nd = &ix->v[i];
        struct hx_mx__node *t = &v[i];

        t->kind = nd->kind;
        t->text = nd->text ? nd->text : "";
        t->quoted = nd->quoted;
        t->kl = nd->key_line;
        t->kc = nd->key_col;
        t->l = nd->line;
        t->c = nd->col;
        t->path = nd->path;
        if (!*nd->path)
            *root = t;
    }
    for (size_t i = 0; i < ix->n; i++) {
        const struct hx_scn__node *nd = &ix->v[i], *pn;
        struct hx_mx__node *p;

        if (!*nd->path)
            continue;
        snprintf(parent, sizeof(parent), "%s", nd->path);
        hx_scn__path_parent(parent);
        pn = hx_scn__index_find(ix, parent);
        if (!pn)
            return -EINVAL;     /* cannot happen: the index has every node */
        p = &v[pn - ix->v];
        if (p->kind == HX_SCN__MAPPING &&
            !(v[i].key = last_key(nd->path, parent)))
            return -ENOMEM;
        if (hx_mx__append(p, &v[i]))
            return -ENOMEM;
    }
    /* keys in document order; entries by index (an alias has its anchor's place) */
    for (size_t i = 0; i < ix->n; i++)
        if (v[i].nkid > 1)
            qsort(v[i].kid, v[i].nkid, sizeof(v[i].kid[0]),
                  v[i].kind == HX_SCN__SEQUENCE ? cmp_entry : cmp_pos);
    return *root ? 0 : -EINVAL;
}

void hx_mx__tree_free(struct hx_mx__node *nodes, size_t n)
{
    for (size_t i = 0; nodes && i < n; i++) {
        free(nodes[i].key);
        free(nodes[i].kid);
    }
    free(nodes);
}

const struct hx_mx__node *hx_mx__kid(const struct hx_mx__node *t, const char *key)
{
    if (!t || t->kind != HX_SCN__MAPPING)
        return NULL;
    for (size_t i = 0; i < t->nkid; i++)
        if (!strcmp(t->kid[i]->key, key))
            return t->kid[i];
    return NULL;
}

bool hx_mx__is_null(const struct hx_mx__node *t)
{
    static const char *const nulls[] = { "", "~", "null", "Null", "NULL" };

    if (t->kind != HX_SCN__SCALAR || t->quoted)
        return false;
    for (size_t i = 0; i < sizeof(nulls) / sizeof(nulls[0]); i++)
        if (!strcmp(t->text, nulls[i]))
            return true;
    return false;
}

static struct hx_mx__node *node_new(const char *key, const struct hx_mx__node *at)
{
    struct hx_mx__node *n = calloc(1, sizeof(*n));

    if (!n)
        return NULL;
    if (key && !(n->key = strdup(key))) {
        free(n);
        return NULL;
    }
    n->kl = at->kl ? at->kl : at->l;
    n->kc = at->kl ? at->kc : at->c;
    n->l = at->l;
    n->c = at->c;
    return n;
}

struct hx_mx__node *hx_mx__scalar(const char *key, const char *text, bool quoted,
                                  const struct hx_mx__node *at)
{
    struct hx_mx__node *n = node_new(key, at);

    if (n) {
        n->kind = HX_SCN__SCALAR;
        n->text = text;
        n->quoted = quoted;
    }
    return n;
}

void hx_mx__free(struct hx_mx__node *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->nkid; i++)
        hx_mx__free(t->kid[i]);
    free(t->kid);
    free(t->key);
    free(t);
}

int hx_mx__append(struct hx_mx__node *t, struct hx_mx__node *k)
{
    struct hx_mx__node **v = realloc(t->kid, (t->nkid + 1) * sizeof(*v));

    if (!v)
        return -ENOMEM;
    t->kid = v;
    t->kid[t->nkid++] = k;
    return 0;
}

int hx_mx__set(struct hx_mx__node *t, struct hx_mx__node *k)
{
    for (size_t i = 0; i < t->nkid; i++) {
        if (!strcmp(t->kid[i]->key, k->key)) {
            hx_mx__free(t->kid[i]);
            t->kid[i] = k;
            return 0;
        }
    }
    return hx_mx__append(t, k);
}

struct hx_mx__node *hx_mx__clone(const struct hx_mx__node *t, bool patch)
{
    struct hx_mx__node *n = node_new(t->key, t);

    if (!n)
        return NULL;
    n->kl = t->kl;
    n->kc = t->kc;
    n->kind = t->kind;
    n->text = t->text;
    n->quoted = t->quoted;
    for (size_t i = 0; i < t->nkid; i++) {
        struct hx_mx__node *k;

        if (patch && t->kind == HX_SCN__MAPPING && hx_mx__is_null(t->kid[i]))
            continue;
        k = hx_mx__clone(t->kid[i], patch);
        if (!k || hx_mx__append(n, k)) {
            hx_mx__free(k);
            hx_mx__free(n);
            return NULL;
        }
    }
    return n;
}

int hx_mx__merge(struct hx_mx__node **dst, const struct hx_mx__node *patch)
{
    struct hx_mx__node *d = *dst, *k;
    int rc;

    if (d->kind == HX_SCN__MAPPING && patch->kind == HX_SCN__MAPPING) {
        for (size_t i = 0; i < patch->nkid; i++) {
            const struct hx_mx__node *p = patch->kid[i];
            size_t j = 0;

            while (j < d->nkid && strcmp(d->kid[j]->key, p->key))
                j++;
            if (hx_mx__is_null(p)) {
                if (j < d->nkid) {
                    hx_mx__free(d->kid[j]);
                    memmove(&d->kid[j], &d->kid[j + 1],
                            (d->nkid - j - 1) * sizeof(d->kid[0]));
                    d->nkid--;
                }
                continue;
            }
            if (j < d->nkid) {
                rc = hx_mx__merge(&d->kid[j], p);
            } else {
                k = hx_mx__clone(p, true);
                rc = k ? hx_mx__append(d, k) : -ENOMEM;
                if (rc)
                    hx_mx__free(k);
            }
            if (rc)
                return rc;
        }
        return 0;
    }
    if (d->kind == HX_SCN__SEQUENCE && patch->kind == HX_SCN__SEQUENCE) {
        for (size_t i = 0; i < patch->nkid; i++) {
            if (i < d->nkid) {
                rc = hx_mx__merge(&d->kid[i], patch->kid[i]);
            } else {
                k = hx_mx__clone(patch->kid[i], true);
                rc = k ? hx_mx__append(d, k) : -ENOMEM;
                if (rc)
                    hx_mx__free(k);
            }
            if (rc)
                return rc;
        }
        return 0;
    }
    k = hx_mx__clone(patch, true);
    if (!k)
        return -ENOMEM;
    free(k->key);
    k->key = d->key;            /* the place keeps its key */
    d->key = NULL;
    hx_mx__free(d);
    *dst = k;
    return 0;
}

/* ---- output ------------------------------------------------------------------- */

static void put(struct hx_mx__text *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void put(struct hx_mx__text *o, const char *fmt, ...)
{
    va_list ap;
    int n;

    if (o->oom)
        return;
    for (;;) {
        size_t room = o->cap - o->len;

        va_start(ap, fmt);
        n = vsnprintf(o->buf ? o->buf + o->len : NULL, room, fmt, ap);
        va_end(ap);
        if (n < 0) {
            o->oom = true;
            return;
        }
        if ((size_t)n < room) {
            o->len += (size_t)n;
            return;
        }
        {
            size_t cap = (o->cap ? o->cap * 2 : 4096) + (size_t)n;
            char *b = realloc(o->buf, cap);

            if (!b) {
                o->oom = true;
                return;
            }
            o->buf = b;
            o->cap = cap;
        }
    }
}

/* The current line's start offset in @o (for the column of the value). */
static size_t line_start(const struct hx_mx__text *o)
{
    size_t i = o->len;

    while (i > 0 && o->buf[i - 1] != '\n')
        i--;
    return i;
}

/* End the current line, recording where it comes from. */
static void end_line(struct hx_mx__text *o, const struct hx_mx__node *t,
                     size_t vcol)
{
    struct hx_mx__line *ln;

    put(o, "\n");
    if (o->oom)
        return;
    if (o->nline == o->capline) {
        size_t cap = o->capline ? o->capline * 2 : 64;
        struct hx_mx__line *v = realloc(o->line, cap * sizeof(*v));

        if (!v) {
            o->oom = true;
            return;
        }
        o->line = v;
        o->capline = cap;
    }
    ln = &o->line[o->nline++];
    ln->kl = t->kl ? t->kl : t->l;
    ln->kc = t->kl ? t->kc : t->c;
    ln->vl = t->l;
    ln->vc = t->c;
    ln->vcol = (uint32_t)vcol;
}

static void put_quoted(struct hx_mx__text *o, const char *s)
{
    put(o, "\"");
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            put(o, "\\%c", *p);
        else if (*p == '\n')
            put(o, "\\n");
        else if (*p == '\t')
            put(o, "\\t");
        else if (*p < 0x20 || *p == 0x7f)
            put(o, "\\x%02x", *p);
        else
            put(o, "%c", *p);
    }
    put(o, "\"");
}

static void put_key(struct hx_mx__text *o, const char *k)
{
    bool plain = *k != '\0';

    for (const char *p = k; *p && plain; p++)
        plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                (*p >= '0' && *p <= '9') || *p == '_' || *p == '-' || *p == '.';
    if (plain)
        put(o, "%s", k);
    else
        put_quoted(o, k);
}

/* The value of a line: a scalar, or an empty collection (0: none here). */
static bool put_inline(struct hx_mx__text *o, const struct hx_mx__node *t)
{
    if (t->kind == HX_SCN__SCALAR) {
        if (t->quoted)
            put_quoted(o, t->text);
        else
            put(o, "%s", t->text);
        return true;
    }
    if (t->nkid == 0) {
        put(o, t->kind == HX_SCN__MAPPING ? "{}" : "[]");
        return true;
    }
    return false;
}

static void emit(struct hx_mx__text *o, const struct hx_mx__node *t, unsigned indent)
{
    for (size_t i = 0; i < t->nkid && !o->oom; i++) {
        const struct hx_mx__node *k = t->kid[i];
        size_t vcol;

        put(o, "%*s", (int)indent, "");
        if (t->kind == HX_SCN__MAPPING) {
            put_key(o, k->key);
            put(o, ":");
        } else {
            put(o, "-");
        }
        if (o->oom)
            return;
        vcol = o->len - line_start(o) + 2;
        if (k->kind == HX_SCN__SCALAR && !k->quoted && !*k->text) {
            end_line(o, k, vcol);       /* null */
            continue;
        }
        put(o, " ");
        if (put_inline(o, k)) {
            end_line(o, k, vcol);
            continue;
        }
        o->len--;                       /* no space before the line end */
        end_line(o, k, vcol);
        emit(o, k, indent + 2);
    }
}

void hx_mx__emit(struct hx_mx__text *o, const struct hx_mx__node *root)
{
    emit(o, root, 0);
}

void hx_mx__text_free(struct hx_mx__text *o)
{
    free(o->buf);
    free(o->line);
    memset(o, 0, sizeof(*o));
}

bool hx_mx__error_at(const char *file, const struct hx_mx__text *t, const char *msg,
                     uint32_t *line, uint32_t *col, const char **rest)
{
    size_t n = strlen(file);
    const struct hx_mx__line *ln;
    unsigned long l, c;
    char *end;

    if (strncmp(msg, file, n) || msg[n] != ':')
        return false;
    l = strtoul(msg + n + 1, &end, 10);
    if (*end != ':')
        return false;
    c = strtoul(end + 1, &end, 10);
    if (strncmp(end, ": error: ", 9) || l == 0 || !t->nline)
        return false;
    ln = &t->line[l <= t->nline ? l - 1 : t->nline - 1];
    *line = c >= ln->vcol ? ln->vl : ln->kl;
    *col = c >= ln->vcol ? ln->vc : ln->kc;
    *rest = end + 9;
    return true;
}
