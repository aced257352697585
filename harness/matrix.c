/* SPDX-License-Identifier: MIT */
/*
 * matrix.c - the seed-matrix registry (matrix.h, docs/matrix.md): the
 * loader's libyaml index (scenario_internal.h) as a tree in document order
 * (matrix_compose.c), the registry's keys checked at their nodes, the cells
 * enumerated (rows x guests x columns, less the exclusions), and each cell
 * composed (matrix_compose.c) and loaded as a scenario.
 */
#include "harness/matrix.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/matrix_tree.h"

/* The filter keys, in the order of the axes of a cell. */
enum axis { AX_ROW, AX_GUEST, AX_DEVICE, AX_ASSIGN, AX__COUNT };
static const char *const filter_keys[AX__COUNT] = {
    "rows", "guests", "devices", "assignments",
};

struct cellx {
    const struct hx_mx__node *row, *guest, *col, *cls;
};

struct hx_matrix {
    char *file;
    struct hx_scn__index ix;
    struct hx_mx__node *nodes;      /* one per index node */
    const struct hx_mx__node *root, *version, *title, *body, *rows, *guests,
        *columns, *exclude, *expect, *orule, *table;
    struct hx_matrix_cell *cells;
    struct cellx *cx;
    struct hx_scenario **scn;
    size_t ncells;
};

struct ld {
    struct hx_matrix *m;
    struct hx_scn__err e;
};

static int __attribute__((format(printf, 4, 5)))
err_at(struct ld *d, const struct hx_mx__node *t, bool at_key, const char *fmt, ...)
{
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = hx_scn__verr(&d->m->ix, &d->e, t->path, at_key, fmt, ap);
    va_end(ap);
    return rc;
}

/* ---- checks at a node ------------------------------------------------------------- */

static const char *kind_name(enum hx_scn__kind k)
{
    return k == HX_SCN__MAPPING ? "a mapping" : k == HX_SCN__SEQUENCE ? "a sequence"
                                                                      : "a scalar";
}

static int want(struct ld *d, const struct hx_mx__node *t, enum hx_scn__kind k)
{
    if (t->kind == k)
        return 0;
    return err_at(d, t, false, "expected %s, got %s", kind_name(k), kind_name(t->kind));
}

/*
 * @t is a mapping whose keys are among @keys ("a,b,c"), and has those of
 * @required.
 */
static int check_keys(struct ld *d, const struct hx_mx__node *t, const char *keys,
                      const char *required)
{
    int rc = want(d, t, HX_SCN__MAPPING);
    char buf[256];

    if (rc)
        return rc;
    for (size_t i = 0; i < t->nkid; i++) {
        const char *k = t->kid[i]->key;
        size_t n = strlen(k);
        const char *p = keys;
        bool ok = false;

        while (!ok && (p = strstr(p, k))) {
            ok = (p == keys || p[-1] == ',') && (p[n] == ',' || !p[n]);
            p += n ? n : 1;
        }
        if (!ok || !n) {
            char list[256];
            size_t o = 0;

            for (const char *q = keys; *q && o + 3 < sizeof(list); q++) {
                list[o++] = *q;
                if (*q == ',')
                    list[o++] = ' ';
            }
            list[o] = '\0';
            return err_at(d, t->kid[i], true, "unknown key '%s' (expected %s)", k, list);
        }
    }
    snprintf(buf, sizeof(buf), "%s", required);
    for (char *s = buf, *tok; (tok = strsep(&s, ","));)
        if (*tok && !hx_mx__kid(t, tok))
            return err_at(d, t, false, "missing key '%s'", tok);
    return 0;
}

static int check_name(struct ld *d, const struct hx_mx__node *t)
{
    int rc = want(d, t, HX_SCN__SCALAR);

    if (rc)
        return rc;
    if (!*t->text)
        return err_at(d, t, false, "must not be empty");
    for (const char *p = t->text; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '.' && *p != '_' && *p != '-')
            return err_at(d, t, false, "'%s' has a character outside [A-Za-z0-9._-]",
                          t->text);
    return 0;
}

/*
 * A non-empty sequence; with @unique, its entries' @unique values (or, for
 * "", the entries themselves) are unique.
 */
static int check_list(struct ld *d, const struct hx_mx__node *t, const char *unique)
{
    int rc = want(d, t, HX_SCN__SEQUENCE);

    if (rc)
        return rc;
    if (!t->nkid)
        return err_at(d, t, false, "must not be empty");
    for (size_t i = 0; unique && i < t->nkid; i++) {
        const struct hx_mx__node *a = *unique ? hx_mx__kid(t->kid[i], unique) : t->kid[i];

        for (size_t j = 0; a && j < i; j++) {
            const struct hx_mx__node *b =
                *unique ? hx_mx__kid(t->kid[j], unique) : t->kid[j];

            if (b && !strcmp(a->text, b->text))
                return err_at(d, a, false, "'%s' is given twice (first at %u:%u)",
                              a->text, b->l, b->c);
        }
    }
    return 0;
}

/* A patch (`scenario:`) is a mapping; a null sequence entry removes nothing. */
static int check_patch(struct ld *d, const struct hx_mx__node *t)
{
    if (t->kind == HX_SCN__SEQUENCE)
        for (size_t i = 0; i < t->nkid; i++)
            if (hx_mx__is_null(t->kid[i]))
                return err_at(d, t->kid[i], false, "a patch cannot remove a "
                              "sequence entry (write {} to leave it as it is)");
    for (size_t i = 0; i < t->nkid; i++) {
        int rc = check_patch(d, t->kid[i]);

        if (rc)
            return rc;
    }
    return 0;
}

/* ---- axes and filters --------------------------------------------------------------- */

static const char *axis_of(const struct hx_mx__node *row, const struct hx_mx__node *guest,
                           const struct hx_mx__node *col, enum axis a)
{
    switch (a) {
    case AX_ROW: return hx_mx__kid(row, "name")->text;
    case AX_GUEST: return guest->text;
    case AX_DEVICE: return hx_mx__kid(col, "device")->text;
    default: return hx_mx__kid(col, "assignment")->text;
    }
}

/* Whether @name is a value of axis @a somewhere in the registry. */
static bool axis_has(const struct hx_matrix *m, enum axis a, const char *name)
{
    const struct hx_mx__node *list = a == AX_ROW ? m->rows : a == AX_GUEST ? m->guests
                                                                          : m->columns;

    for (size_t i = 0; i < list->nkid; i++) {
        const struct hx_mx__node *k = list->kid[i];
        const char *v = a == AX_ROW ? hx_mx__kid(k, "name")->text
                        : a == AX_GUEST ? k->text
                        : hx_mx__kid(k, a == AX_DEVICE ? "device" : "assignment")->text;

        if (!strcmp(v, name))
            return true;
    }
    return false;
}

static int check_filter(struct ld *d, const struct hx_mx__node *f)
{
    int rc = check_keys(d, f, "rows,guests,devices,assignments", "");

    if (rc)
        return rc;
    if (!f->nkid)
        return err_at(d, f, false, "names no axis (give rows, guests, devices or "
                      "assignments)");
    for (enum axis a = 0; a < AX__COUNT; a++) {
        const struct hx_mx__node *v = hx_mx__kid(f, filter_keys[a]);
        size_t n;

        if (!v)
            continue;
        if (v->kind == HX_SCN__MAPPING)
            return err_at(d, v, false, "expected a name or a list of names");
        n = v->kind == HX_SCN__SCALAR ? 1 : v->nkid;
        for (size_t i = 0; i < n; i++) {
            const struct hx_mx__node *s = v->kind == HX_SCN__SCALAR ? v : v->kid[i];

            if ((rc = want(d, s, HX_SCN__SCALAR)))
                return rc;
            if (!axis_has(d->m, a, s->text))
                return err_at(d, s, false, "no %.*s '%s' in this registry",
                              (int)strlen(filter_keys[a]) - 1, filter_keys[a], s->text);
        }
    }
    return 0;
}

static bool filter_match(const struct hx_mx__node *f, const struct cellx *c)
{
    for (enum axis a = 0; a < AX__COUNT; a++) {
        const struct hx_mx__node *v = hx_mx__kid(f, filter_keys[a]);
        const char *x = axis_of(c->row, c->guest, c->col, a);
        bool in = false;

        if (!v)
            continue;
        if (v->kind == HX_SCN__SCALAR)
            in = !strcmp(v->text, x);
        for (size_t i = 0; i < v->nkid; i++)
            in = in || !strcmp(v->kid[i]->text, x);
        if (!in)
            return false;
    }
    return true;
}

/* The exclusion that leaves @c out, or NULL. */
static const struct hx_mx__node *excluded_by(const struct hx_matrix *m,
                                             const struct cellx *c)
{
    for (size_t i = 0; m->exclude && i < m->exclude->nkid; i++)
        if (filter_match(m->exclude->kid[i], c))
            return m->exclude->kid[i];
    return NULL;
}

/* ---- the registry's keys ---------------------------------------------------------- */

static int check_top(struct ld *d)
{
    struct hx_matrix *m = d->m;
    uint64_t v;
    int rc;

    rc = check_keys(d, m->root, "imslab-matrix,title,body,rows,guests,columns,exclude,"
                    "expect,outcomes", "imslab-matrix,body,rows,guests,columns,outcomes");
    if (rc)
        return rc;
    m->version = hx_mx__kid(m->root, "imslab-matrix");
    if ((rc = want(d, m->version, HX_SCN__SCALAR)) ||
        (rc = hx_scn__get_u64(&m->ix, &d->e, m->version->path, m->version->text, 0,
                              UINT64_MAX, &v)))
        return rc;
    if (v != HX_MATRIX_FORMAT_VERSION)
        return err_at(d, m->version, false, "unsupported format version %llu (this "
                      "imslab reads version %d)", (unsigned long long)v,
                      HX_MATRIX_FORMAT_VERSION);
    m->title = hx_mx__kid(m->root, "title");
    if (m->title && (rc = want(d, m->title, HX_SCN__SCALAR)))
        return rc;
    m->body = hx_mx__kid(m->root, "body");
    if ((rc = want(d, m->body, HX_SCN__MAPPING)))
        return rc;
    for (size_t i = 0; i < m->body->nkid; i++) {
        const char *k = m->body->kid[i]->key;

        if (!strcmp(k, "imslab") || !strcmp(k, "name") || !strcmp(k, "description") ||
            !strcmp(k, "expect"))
            return err_at(d, m->body->kid[i], true, "'%s' is not part of the body: "
                          "the registry gives it for each cell", k);
    }

    m->rows = hx_mx__kid(m->root, "rows");
    if ((rc = check_list(d, m->rows, NULL)))
        return rc;
    for (size_t i = 0; i < m->rows->nkid; i++) {
        const struct hx_mx__node *r = m->rows->kid[i], *p;

        if ((rc = check_keys(d, r, "name,vmm,scenario", "name,vmm")) ||
            (rc = check_name(d, hx_mx__kid(r, "name"))) ||
            (rc = want(d, hx_mx__kid(r, "vmm"), HX_SCN__MAPPING)))
            return rc;
        p = hx_mx__kid(r, "scenario");
        if (p && ((rc = want(d, p, HX_SCN__MAPPING)) || (rc = check_patch(d, p))))
            return rc;
    }
    if ((rc = check_list(d, m->rows, "name")))
        return rc;

    m->guests = hx_mx__kid(m->root, "guests");
    if ((rc = check_list(d, m->guests, NULL)))
        return rc;
    for (size_t i = 0; i < m->guests->nkid; i++)
        if ((rc = check_name(d, m->guests->kid[i])))
            return rc;
    if ((rc = check_list(d, m->guests, "")))
        return rc;

    m->columns = hx_mx__kid(m->root, "columns");
    if ((rc = check_list(d, m->columns, NULL)))
        return rc;
    for (size_t i = 0; i < m->columns->nkid; i++) {
        const struct hx_mx__node *c = m->columns->kid[i], *p;

        if ((rc = check_keys(d, c, "device,assignment,scenario", "device,assignment")) ||
            (rc = check_name(d, hx_mx__kid(c, "device"))) ||
            (rc = check_name(d, hx_mx__kid(c, "assignment"))))
            return rc;
        p = hx_mx__kid(c, "scenario");
        if (p && ((rc = want(d, p, HX_SCN__MAPPING)) || (rc = check_patch(d, p))))
            return rc;
        for (size_t j = 0; j < i; j++) {
            const struct hx_mx__node *o = m->columns->kid[j];

            if (!strcmp(hx_mx__kid(o, "device")->text, hx_mx__kid(c, "device")->text) &&
                !strcmp(hx_mx__kid(o, "assignment")->text,
                        hx_mx__kid(c, "assignment")->text))
                return err_at(d, c, false, "the column %s/%s is given twice (first "
                              "at %u:%u)", hx_mx__kid(c, "device")->text,
                              hx_mx__kid(c, "assignment")->text, o->l, o->c);
        }
    }

    m->exclude = hx_mx__kid(m->root, "exclude");
    if (m->exclude) {
        if ((rc = want(d, m->exclude, HX_SCN__SEQUENCE)))
            return rc;
        for (size_t i = 0; i < m->exclude->nkid; i++)
            if ((rc = check_filter(d, m->exclude->kid[i])))
                return rc;
    }
    m->expect = hx_mx__kid(m->root, "expect");
    if (m->expect) {
        if ((rc = want(d, m->expect, HX_SCN__SEQUENCE)))
            return rc;
        for (size_t i = 0; i < m->expect->nkid; i++) {
            const struct hx_mx__node *x = m->expect->kid[i];

            if ((rc = want(d, x, HX_SCN__MAPPING)))
                return rc;
            for (size_t j = 0; j < x->nkid; j++)
                if ((!strcmp(x->kid[j]->key, "only") || !strcmp(x->kid[j]->key, "except")) &&
                    (rc = check_filter(d, x->kid[j])))
                    return rc;
        }
    }
    return 0;
}

/* ---- cells ---------------------------------------------------------------------- */

static int add_cell(struct ld *d, const struct cellx *c)
{
    struct hx_matrix *m = d->m;
    struct hx_matrix_cell *cell;
    void *v;
    int n;

    v = realloc(m->cells, (m->ncells + 1) * sizeof(*m->cells));
    if (!v)
        return -ENOMEM;
    m->cells = v;
    v = realloc(m->cx, (m->ncells + 1) * sizeof(*m->cx));
    if (!v)
        return -ENOMEM;
    m->cx = v;
    cell = &m->cells[m->ncells];
    memset(cell, 0, sizeof(*cell));
    cell->row = axis_of(c->row, c->guest, c->col, AX_ROW);
    cell->guest = axis_of(c->row, c->guest, c->col, AX_GUEST);
    cell->device = axis_of(c->row, c->guest, c->col, AX_DEVICE);
    cell->assignment = axis_of(c->row, c->guest, c->col, AX_ASSIGN);
    n = snprintf(cell->name, sizeof(cell->name), "m-%s-%s-%s-%s", cell->row, cell->guest,
                 cell->device, cell->assignment);
    if (n < 0 || (size_t)n >= sizeof(cell->name))
        return err_at(d, hx_mx__kid(c->row, "name"), false, "the cell name "
                      "m-%s-%s-%s-%s is longer than %d characters", cell->row,
                      cell->guest, cell->device, cell->assignment, HX_SCN_NAME_LEN - 1);
    if (hx_scn__outcome_parse(c->cls->text, &cell->outcome))
        return err_at(d, c->cls, false, "'%s' is not an outcome class (expected %s)",
                      c->cls->text, hx_scn__outcome_list());
    m->cx[m->ncells++] = *c;
    return 0;
}

/* The class of cell (@r, @g, @ci) in the outcomes table, checked against @ex. */
static int table_entry(struct ld *d, const struct cellx *c, size_t ci,
                       const struct hx_mx__node *ex, const struct hx_mx__node **out)
{
    const struct hx_matrix *m = d->m;
    const char *rn = hx_mx__kid(c->row, "name")->text;
    const struct hx_mx__node *tr = hx_mx__kid(m->table, rn), *tg, *e;
    int rc;

    *out = NULL;
    tg = tr && tr->kind == HX_SCN__MAPPING ? hx_mx__kid(tr, c->guest->text) : NULL;
    if (!tg) {
        if (ex)
            return 0;
        return err_at(d, tr ? tr : m->table, false, "no outcome classes for row %s, "
                      "guest %s (cell m-%s-%s-%s-%s)", rn, c->guest->text, rn,
                      c->guest->text, axis_of(c->row, c->guest, c->col, AX_DEVICE),
                      axis_of(c->row, c->guest, c->col, AX_ASSIGN));
    }
    if ((rc = want(d, tg, HX_SCN__SEQUENCE)))
        return rc;
    if (tg->nkid != m->columns->nkid)
        return err_at(d, tg, false, "%zu classes for %zu columns", tg->nkid,
                      m->columns->nkid);
    e = tg->kid[ci];
    if ((rc = want(d, e, HX_SCN__SCALAR)))
        return rc;
    if (ex && strcmp(e->text, "-"))
        return err_at(d, e, false, "this cell is excluded (by the entry at %u:%u): "
                      "write -", ex->l, ex->c);
    if (!ex && !strcmp(e->text, "-"))
        return err_at(d, e, false, "this cell is not excluded: give its outcome class");
    *out = ex ? NULL : e;
    return 0;
}

static int enumerate(struct ld *d)
{
    struct hx_matrix *m = d->m;
    const struct hx_mx__node *outcomes = hx_mx__kid(m->root, "outcomes");
    int rc;

    if ((rc = check_keys(d, outcomes, "rule,table", "rule,table")))
        return rc;
    m->orule = hx_mx__kid(outcomes, "rule");
    m->table = hx_mx__kid(outcomes, "table");
    if ((rc = want(d, m->orule, HX_SCN__SCALAR)) ||
        (rc = want(d, m->table, HX_SCN__MAPPING)))
        return rc;
    for (size_t i = 0; i < m->table->nkid; i++) {
        const struct hx_mx__node *tr = m->table->kid[i];

        if (!axis_has(m, AX_ROW, tr->key))
            return err_at(d, tr, true, "no row '%s' in this registry", tr->key);
        if ((rc = want(d, tr, HX_SCN__MAPPING)))
            return rc;
        for (size_t j = 0; j < tr->nkid; j++)
            if (!axis_has(m, AX_GUEST, tr->kid[j]->key))
                return err_at(d, tr->kid[j], true, "no guest '%s' in this registry",
                              tr->kid[j]->key);
    }
    for (size_t r = 0; r < m->rows->nkid; r++) {
        for (size_t g = 0; g < m->guests->nkid; g++) {
            for (size_t ci = 0; ci < m->columns->nkid; ci++) {
                struct cellx c = {
                    .row = m->rows->kid[r],
                    .guest = m->guests->kid[g],
                    .col = m->columns->kid[ci],
                };
                const struct hx_mx__node *ex = excluded_by(m, &c);

                if ((rc = table_entry(d, &c, ci, ex, &c.cls)))
                    return rc;
                if (!ex && (rc = add_cell(d, &c)))
                    return rc;
            }
        }
    }
    if (!m->ncells)
        return err_at(d, m->rows, false, "every cell is excluded");
    return 0;
}

/* ---- composing a cell ------------------------------------------------------------- */

/* Set @key to @text (standing at @at) in every mapping entry of body.@list. */
static int set_each(struct hx_mx__node *body, const char *list, const char *key,
                    const struct hx_mx__node *at)
{
    for (size_t i = 0; i < body->nkid; i++) {
        struct hx_mx__node *l = body->kid[i];

        if (strcmp(l->key, list) || l->kind != HX_SCN__SEQUENCE)
            continue;
        for (size_t j = 0; j < l->nkid; j++) {
            struct hx_mx__node *s;

            if (l->kid[j]->kind != HX_SCN__MAPPING)
                continue;
            s = hx_mx__scalar(key, at->text, at->quoted, at);
            if (!s || hx_mx__set(l->kid[j], s)) {
                hx_mx__free(s);
                return -ENOMEM;
            }
        }
    }
    return 0;
}

static int add_scalar(struct hx_mx__node *t, const char *key, const char *text,
                      bool quoted, const struct hx_mx__node *at)
{
    struct hx_mx__node *s = hx_mx__scalar(key, text, quoted, at);

    if (!s || hx_mx__append(t, s)) {
        hx_mx__free(s);
        return -ENOMEM;
    }
    return 0;
}

/* The expect list of cell @i: the matching entries, then its outcome class. */
static int cell_expect(const struct hx_matrix *m, size_t i, struct hx_mx__node *root)
{
    const struct cellx *c = &m->cx[i];
    const struct hx_mx__node *at = m->expect ? m->expect : m->orule;
    struct hx_mx__node *seq = hx_mx__scalar("expect", "", false, at), *o;
    int rc = 0;

    if (!seq || hx_mx__append(root, seq)) {
        hx_mx__free(seq);
        return -ENOMEM;
    }
    seq->kind = HX_SCN__SEQUENCE;
    for (size_t k = 0; m->expect && k < m->expect->nkid; k++) {
        const struct hx_mx__node *x = m->expect->kid[k];
        const struct hx_mx__node *only = hx_mx__kid(x, "only"), *ex = hx_mx__kid(x, "except");
        struct hx_mx__node *e;

        if ((only && !filter_match(only, c)) || (ex && filter_match(ex, c)))
            continue;
        e = hx_mx__clone(x, false);
        if (!e || hx_mx__append(seq, e)) {
            hx_mx__free(e);
            return -ENOMEM;
        }
        for (size_t j = e->nkid; j-- > 0;) {
            if (strcmp(e->kid[j]->key, "only") && strcmp(e->kid[j]->key, "except"))
                continue;
            hx_mx__free(e->kid[j]);
            memmove(&e->kid[j], &e->kid[j + 1], (e->nkid - j - 1) * sizeof(e->kid[0]));
            e->nkid--;
        }
    }
    o = hx_mx__scalar(NULL, "", false, c->cls);
    if (!o || hx_mx__append(seq, o)) {
        hx_mx__free(o);
        return -ENOMEM;
    }
    o->kind = HX_SCN__MAPPING;
    if ((rc = add_scalar(o, "rule", m->orule->text, m->orule->quoted, m->orule)) ||
        (rc = add_scalar(o, "metric", "outcome", false, c->cls)) ||
        (rc = add_scalar(o, "value", c->cls->text, false, c->cls)))
        return rc;
    return 0;
}

static int compose(const struct hx_matrix *m, size_t i, struct hx_mx__text *out,
                   char *desc, size_t desclen)
{
    const struct cellx *c = &m->cx[i];
    const struct hx_matrix_cell *cell = &m->cells[i];
    const struct hx_mx__node *rname = hx_mx__kid(c->row, "name");
    const struct hx_mx__node *dev = hx_mx__kid(c->col, "device");
    const struct hx_mx__node *asg = hx_mx__kid(c->col, "assignment");
    const struct hx_mx__node *p;
    struct hx_mx__node *root = hx_mx__scalar(NULL, "", false, m->root), *body = NULL;
    /* the row's vmm keys, as the patch {vmm: ...} */
    struct hx_mx__node *vmm[] = { (struct hx_mx__node *)hx_mx__kid(c->row, "vmm") };
    struct hx_mx__node patch = { .kind = HX_SCN__MAPPING, .kid = vmm, .nkid = 1 };
    int rc = -ENOMEM;

    snprintf(desc, desclen, "%s: %s x %s x %s/%s", m->title ? m->title->text : "matrix",
             cell->row, cell->guest, cell->device, cell->assignment);
    if (!root)
        return -ENOMEM;
    root->kind = HX_SCN__MAPPING;
    body = hx_mx__clone(m->body, false);
    if (!body)
        goto out;
    if (add_scalar(root, "imslab", "1", false, m->version) ||
        add_scalar(root, "name", cell->name, false, rname) ||
        add_scalar(root, "description", desc, true, rname))
        goto out;
    if ((rc = set_each(body, "devices", "model", dev)) ||
        (rc = set_each(body, "assign", "mode", asg)) ||
        (rc = set_each(body, "vms", "guest", c->guest)))
        goto out;
    if ((p = hx_mx__kid(c->col, "scenario")) && (rc = hx_mx__merge(&body, p)))
        goto out;
    if ((rc = hx_mx__merge(&body, &patch)))
        goto out;
    if ((p = hx_mx__kid(c->row, "scenario")) && (rc = hx_mx__merge(&body, p)))
        goto out;
    /* the body's entries follow the header, in the body's order */
    if (body->nkid) {
        struct hx_mx__node **v = realloc(root->kid, (root->nkid + body->nkid) *
                                                        sizeof(*v));

        rc = -ENOMEM;
        if (!v)
            goto out;
        memcpy(v + root->nkid, body->kid, body->nkid * sizeof(*v));
        root->kid = v;
        root->nkid += body->nkid;
        body->nkid = 0;
    }
    if ((rc = cell_expect(m, i, root)))
        goto out;
    hx_mx__emit(out, root);
    rc = out->oom ? -ENOMEM : 0;
out:
    hx_mx__free(body);
    hx_mx__free(root);
    return rc;
}

/*
 * A cell's scenario message "FILE:L:C: error: MSG" names a line of the
 * composed text: name the registry node that line came from instead.
 */
static void remap_error(const struct hx_matrix *m, const struct hx_mx__text *t,
                        const char *cell, const char *msg, char *err, size_t errlen)
{
    uint32_t l, c;
    const char *rest;

    if (hx_mx__error_at(m->file, t, msg, &l, &c, &rest))
        snprintf(err, errlen, "%s:%u:%u: error: cell %s: %s", m->file, l, c, cell, rest);
    else
        snprintf(err, errlen, "%s (cell %s)", msg, cell);
}

static int load_cells(struct ld *d)
{
    struct hx_matrix *m = d->m;

    m->scn = calloc(m->ncells, sizeof(*m->scn));
    if (!m->scn)
        return -ENOMEM;
    for (size_t i = 0; i < m->ncells; i++) {
        struct hx_mx__text t = { 0 };
        char desc[256], msg[1024];
        int rc = compose(m, i, &t, desc, sizeof(desc));

        if (!rc)
            rc = hx_scn_load_string(m->file, t.buf, t.len, &m->scn[i], msg, sizeof(msg));
        if (rc == -EINVAL && d->e.buf && d->e.len)
            remap_error(m, &t, m->cells[i].name, msg, d->e.buf, d->e.len);
        hx_mx__text_free(&t);
        if (rc)
            return rc;
    }
    return 0;
}

/* ---- API ---------------------------------------------------------------------------- */

int hx_matrix_load_string(const char *name_for_errors, const char *yaml, size_t len,
                          struct hx_matrix **out, char *err, size_t errlen)
{
    struct hx_matrix *m = calloc(1, sizeof(*m));
    struct ld d = {
        .m = m,
        .e = { .file = name_for_errors, .buf = err, .len = errlen,
               .what = "matrix registry", .head = "imslab-matrix: 1" },
    };
    int rc;

    *out = NULL;
    if (err && errlen)
        err[0] = '\0';
    if (!m || !(m->file = strdup(name_for_errors))) {
        free(m);
        rc = -ENOMEM;
        goto oom;
    }
    rc = hx_scn__index_build(yaml, len, &m->ix, &d.e);
    if (!rc) {
        struct hx_mx__node *root;

        rc = hx_mx__tree_build(&m->ix, &m->nodes, &root);
        m->root = root;
    }
    if (!rc)
        rc = check_top(&d);
    if (!rc)
        rc = enumerate(&d);
    if (!rc)
        rc = load_cells(&d);
    if (!rc) {
        *out = m;
        return 0;
    }
    hx_matrix_free(m);
oom:
    if (rc == -ENOMEM && err && errlen)
        snprintf(err, errlen, "%s: error: out of memory", name_for_errors);
    return rc;
}

int hx_matrix_load(const char *path, struct hx_matrix **out, char *err, size_t errlen)
{
    char *buf;
    size_t len;
    int rc;

    *out = NULL;
    rc = hx_scn__read_file(path, 0, &buf, &len, err, errlen);
    if (rc)
        return rc;
    rc = hx_matrix_load_string(path, buf, len, out, err, errlen);
    free(buf);
    return rc;
}

size_t hx_matrix_ncells(const struct hx_matrix *m)
{
    return m->ncells;
}

const struct hx_matrix_cell *hx_matrix_cell(const struct hx_matrix *m, size_t i)
{
    return i < m->ncells ? &m->cells[i] : NULL;
}

const struct hx_scenario *hx_matrix_scenario(const struct hx_matrix *m, size_t i)
{
    return i < m->ncells ? m->scn[i] : NULL;
}

struct hx_scenario *hx_matrix_take(struct hx_matrix *m, size_t i)
{
    struct hx_scenario *s = i < m->ncells ? m->scn[i] : NULL;

    if (s)
        m->scn[i] = NULL;
    return s;
}

int hx_matrix_text(const struct hx_matrix *m, size_t i, char **text)
{
    struct hx_mx__text t = { 0 };
    char desc[256];
    int rc;

    *text = NULL;
    if (i >= m->ncells)
        return -EINVAL;
    rc = compose(m, i, &t, desc, sizeof(desc));
    if (!rc) {
        char *b = realloc(t.buf, t.len + 1);

        if (!b) {
            rc = -ENOMEM;
        } else {
            b[t.len] = '\0';
            *text = b;
            t.buf = NULL;
        }
    }
    hx_mx__text_free(&t);
    return rc;
}

void hx_matrix_free(struct hx_matrix *m)
{
    if (!m)
        return;
    for (size_t i = 0; m->scn && i < m->ncells; i++)
        hx_scn_free(m->scn[i]);
    free(m->scn);
    free(m->cells);
    free(m->cx);
    hx_mx__tree_free(m->nodes, m->ix.n);
    hx_scn__index_free(&m->ix);
    free(m->file);
    free(m);
}

bool hx_matrix_is_registry(const char *yaml, size_t len)
{
    struct hx_scn__err e = { .file = "" };
    struct hx_scn__index ix;
    bool yes = false;

    if (hx_scn__index_build(yaml, len, &ix, &e) == 0)
        yes = hx_scn__index_find(&ix, "imslab-matrix") != NULL;
    hx_scn__index_free(&ix);
    return yes;
}
