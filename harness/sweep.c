/* SPDX-License-Identifier: MIT */
/*
 * sweep.c - one scenario expanded over parameter ranges (sweep.h,
 * docs/sweep.md).  The sweep file and the scenario file are indexed and
 * turned into trees with the matrix registry's machinery (matrix_tree.h);
 * each case is the scenario's tree with the axes' values set, emitted as
 * YAML and loaded as a scenario.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/matrix.h"
#include "harness/matrix_tree.h"
#include "harness/sweep.h"

/*
 * A line of a composed case that the sweep set (a value, the name, the
 * description) carries its sweep-file position with this bit in its line
 * numbers; every other line has its position in the scenario file.  No
 * file reaches 2^31 lines (the input limit is far below).
 */
#define IN_SWEEP 0x80000000u

struct val {
    const char *text;
    bool quoted;
    const struct hx_mx__node *at;
};

struct axis {
    const struct hx_mx__node *name, *key;
    struct val *v;
    size_t nv;
};

struct hx_sweep {
    char *file;                 /* the sweep file, for messages */
    char *base;                 /* the scenario file, resolved */
    struct hx_scn__index ix, bix;
    struct hx_mx__node *nodes, *bnodes;
    const struct hx_mx__node *root, *broot, *name, *desc;
    struct axis ax[HX_SWEEP_MAX_AXES];
    size_t nax;
    char **owned;               /* texts of range values */
    size_t nowned;
    struct hx_sweep_case *cases;
    struct hx_scenario **scn;
    size_t ncases;
    struct hx_scn__err e;
};

static int __attribute__((format(printf, 4, 5)))
err_at(struct hx_sweep *w, const struct hx_mx__node *t, bool at_key, const char *fmt, ...)
{
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = hx_scn__verr(&w->ix, &w->e, t->path, at_key, fmt, ap);
    va_end(ap);
    return rc;
}

/* ---- the sweep file's own keys --------------------------------------------------- */

static int want(struct hx_sweep *w, const struct hx_mx__node *t, enum hx_scn__kind k)
{
    static const char *const names[] = { "a scalar", "a sequence", "a mapping" };

    if (t->kind == k)
        return 0;
    return err_at(w, t, false, "expected %s, got %s", names[k], names[t->kind]);
}

/* @t is a mapping with keys among @keys (NULL-terminated), the first
 * @nreq of them required. */
static int check_keys(struct hx_sweep *w, const struct hx_mx__node *t,
                      const char *const *keys, size_t nreq)
{
    int rc = want(w, t, HX_SCN__MAPPING);

    for (size_t i = 0; !rc && i < t->nkid; i++) {
        size_t k;

        for (k = 0; keys[k] && strcmp(keys[k], t->kid[i]->key); k++)
            ;
        if (!keys[k])
            rc = err_at(w, t->kid[i], true, "unknown key '%s'", t->kid[i]->key);
    }
    for (size_t k = 0; !rc && k < nreq; k++)
        if (!hx_mx__kid(t, keys[k]))
            rc = err_at(w, t, false, "missing key '%s'", keys[k]);
    return rc;
}

/* A non-empty plain scalar of [A-Za-z0-9] and @extra. */
static int check_word(struct hx_sweep *w, const struct hx_mx__node *t, const char *extra)
{
    int rc = want(w, t, HX_SCN__SCALAR);

    if (rc)
        return rc;
    if (!*t->text)
        return err_at(w, t, false, "must not be empty");
    for (const char *p = t->text; *p; p++)
        if (!isalnum((unsigned char)*p) && !strchr(extra, *p))
            return err_at(w, t, false, "'%s' has a character outside [A-Za-z0-9%s]",
                          t->text, extra);
    return 0;
}

static int own(struct hx_sweep *w, char *s)
{
    char **v = s ? realloc(w->owned, (w->nowned + 1) * sizeof(*v)) : NULL;

    if (!v) {
        free(s);
        return -ENOMEM;
    }
    w->owned = v;
    w->owned[w->nowned++] = s;
    return 0;
}

static int add_val(struct hx_sweep *w, struct axis *a, const char *text, bool quoted,
                   const struct hx_mx__node *at)
{
    struct val *v;

    if (a->nv == HX_SWEEP_MAX_CASES)
        return err_at(w, at, false, "more than %d values", HX_SWEEP_MAX_CASES);
    v = realloc(a->v, (a->nv + 1) * sizeof(*v));
    if (!v)
        return -ENOMEM;
    a->v = v;
    a->v[a->nv++] = (struct val){ text, quoted, at };
    return 0;
}

/* range: {from, to, step} (from, from + step, ... <= to) or {from, to,
 * factor} (from, from * factor, ... <= to). */
static int range_values(struct hx_sweep *w, struct axis *a, const struct hx_mx__node *r)
{
    static const char *const keys[] = { "from", "to", "step", "factor", NULL };
    const struct hx_mx__node *step, *factor;
    uint64_t from, to, by;
    int rc = check_keys(w, r, keys, 2);

    if (rc)
        return rc;
    step = hx_mx__kid(r, "step");
    factor = hx_mx__kid(r, "factor");
    if (!step == !factor)
        return err_at(w, r, false, "expected one of 'step' and 'factor'");
    if ((rc = hx_scn__get_u64(&w->ix, &w->e, hx_mx__kid(r, "from")->path,
                              hx_mx__kid(r, "from")->text, factor ? 1 : 0, UINT64_MAX,
                              &from)) ||
        (rc = hx_scn__get_u64(&w->ix, &w->e, hx_mx__kid(r, "to")->path,
                              hx_mx__kid(r, "to")->text, from, UINT64_MAX, &to)) ||
        (rc = hx_scn__get_u64(&w->ix, &w->e, (step ? step : factor)->path,
                              (step ? step : factor)->text, step ? 1 : 2, UINT64_MAX,
                              &by)))
        return rc;
    for (uint64_t v = from;;) {
        char *s;

        if (asprintf(&s, "%" PRIu64, v) < 0)
            s = NULL;
        if ((rc = own(w, s)) || (rc = add_val(w, a, s, false, r)))
            return rc;
        if (step ? to - v < by : v > to / by)
            break;
        v = step ? v + by : v * by;
        if (v > to)
            break;
    }
    return 0;
}

static int check_axis(struct hx_sweep *w, const struct hx_mx__node *t, struct axis *a)
{
    static const char *const keys[] = { "name", "key", "values", "range", NULL };
    const struct hx_mx__node *vals, *range;
    int rc = check_keys(w, t, keys, 2);

    if (rc)
        return rc;
    a->name = hx_mx__kid(t, "name");
    a->key = hx_mx__kid(t, "key");
    if ((rc = check_word(w, a->name, "_")) || (rc = want(w, a->key, HX_SCN__SCALAR)))
        return rc;
    for (size_t i = 0; i < w->nax; i++) {
        if (!strcmp(w->ax[i].name->text, a->name->text))
            return err_at(w, a->name, false, "axis '%s' given twice", a->name->text);
        if (!strcmp(w->ax[i].key->text, a->key->text))
            return err_at(w, a->key, false, "key '%s' swept twice", a->key->text);
    }
    vals = hx_mx__kid(t, "values");
    range = hx_mx__kid(t, "range");
    if (!vals == !range)
        return err_at(w, t, false, "expected one of 'values' and 'range'");
    if (range)
        return range_values(w, a, range);
    if ((rc = want(w, vals, HX_SCN__SEQUENCE)))
        return rc;
    if (!vals->nkid)
        return err_at(w, vals, false, "must not be empty");
    for (size_t i = 0; i < vals->nkid; i++) {
        const struct hx_mx__node *v = vals->kid[i];

        if ((rc = check_word(w, v, "._")))
            return rc;
        for (size_t k = 0; k < i; k++)
            if (!strcmp(vals->kid[k]->text, v->text))
                return err_at(w, v, false, "value '%s' given twice", v->text);
        if ((rc = add_val(w, a, v->text, v->quoted, v)))
            return rc;
    }
    return 0;
}

static int check_top(struct hx_sweep *w)
{
    static const char *const keys[] = {
        "imslab-sweep", "name", "scenario", "axes", "description", NULL,
    };
    const struct hx_mx__node *t = w->root, *axes;
    uint64_t v, n = 1;
    int rc = check_keys(w, t, keys, 4);

    if (rc)
        return rc;
    if ((rc = hx_scn__get_u64(&w->ix, &w->e, "imslab-sweep",
                              hx_mx__kid(t, "imslab-sweep")->text,
                              HX_SWEEP_FORMAT_VERSION, HX_SWEEP_FORMAT_VERSION, &v)))
        return rc;
    w->name = hx_mx__kid(t, "name");
    w->desc = hx_mx__kid(t, "description");
    if ((rc = check_word(w, w->name, "._-")) ||
        (w->desc && (rc = want(w, w->desc, HX_SCN__SCALAR))) ||
        (rc = want(w, hx_mx__kid(t, "scenario"), HX_SCN__SCALAR)))
        return rc;
    axes = hx_mx__kid(t, "axes");
    if ((rc = want(w, axes, HX_SCN__SEQUENCE)))
        return rc;
    if (!axes->nkid || axes->nkid > HX_SWEEP_MAX_AXES)
        return err_at(w, axes, false, "expected 1 to %d axes", HX_SWEEP_MAX_AXES);
    for (size_t i = 0; i < axes->nkid; i++) {
        if ((rc = check_axis(w, axes->kid[i], &w->ax[i]))) {
            free(w->ax[i].v);
            return rc;
        }
        w->nax++;
        n *= w->ax[i].nv;
        if (n > HX_SWEEP_MAX_CASES)
            return err_at(w, axes, false, "more than %d cases", HX_SWEEP_MAX_CASES);
    }
    w->ncases = (size_t)n;
    return 0;
}

/* ---- the scenario file ------------------------------------------------------------ */

static int load_base(struct hx_sweep *w, size_t max_input)
{
    const struct hx_mx__node *sc = hx_mx__kid(w->root, "scenario");
    const char *slash = strrchr(w->file, '/');
    struct hx_scn__err be = { .file = NULL, .buf = w->e.buf, .len = w->e.len };
    struct hx_scenario *probe;
    struct hx_mx__node *root;
    char *buf;
    size_t len;
    int rc;

    if (sc->text[0] == '/' || !slash)
        w->base = strdup(sc->text);
    else if (asprintf(&w->base, "%.*s/%s", (int)(slash - w->file), w->file, sc->text) < 0)
        w->base = NULL;
    if (!w->base)
        return -ENOMEM;
    be.file = w->base;
    rc = hx_scn__read_file(w->base, max_input, &buf, &len, w->e.buf, w->e.len);
    if (rc == -ENOENT || rc == -EACCES || rc == -EISDIR)
        return err_at(w, sc, false, "cannot read '%s': %s", w->base, strerror(-rc));
    if (rc)
        return rc;
    if (hx_matrix_is_registry(buf, len) || hx_sweep_is_sweep(buf, len)) {
        free(buf);
        return err_at(w, sc, false, "'%s' is not a scenario file", w->base);
    }
    /* the scenario must load as it is: its own errors name its own lines */
    rc = hx_scn_load_string(w->base, buf, len, &probe, w->e.buf, w->e.len);
    if (!rc) {
        hx_scn_free(probe);
        rc = hx_scn__index_build(buf, len, &w->bix, &be);
    }
    free(buf);
    if (!rc) {
        rc = hx_mx__tree_build(&w->bix, &w->bnodes, &root);
        w->broot = root;
    }
    return rc;
}

/* ---- a case ------------------------------------------------------------------------- */

static void mark(struct hx_mx__node *n, const struct hx_mx__node *key,
                 const struct hx_mx__node *val)
{
    n->kl = (key->kl ? key->kl : key->l) | IN_SWEEP;
    n->kc = key->kl ? key->kc : key->c;
    n->l = val->l | IN_SWEEP;
    n->c = val->c;
}

/* Set @path ("a.b[2].c") of @t to the scalar @v, marked at @key and @v.
 * Return: 0, -ENOMEM, or -EINVAL with the reason in @why. */
static int set_path(struct hx_mx__node *t, const char *path, const struct val *v,
                    const struct hx_mx__node *key, char *why, size_t n)
{
    const char *p = path;

    for (;;) {
        char k[HX_SCN_NAME_LEN];
        size_t kn = strcspn(p, ".[");
        struct hx_mx__node *c, *nv;

        if (!kn || kn >= sizeof(k)) {
            snprintf(why, n, "'%s' is not a key path (a.b[0].c)", path);
            return -EINVAL;
        }
        memcpy(k, p, kn);
        k[kn] = '\0';
        p += kn;
        if (t->kind != HX_SCN__MAPPING) {
            snprintf(why, n, "'%.*s' is not a mapping", (int)(p - kn - 1 - path), path);
            return -EINVAL;
        }
        c = (struct hx_mx__node *)hx_mx__kid(t, k);
        if (!*p) {
            if (c && c->kind != HX_SCN__SCALAR) {
                snprintf(why, n, "'%s' is not a single value in the scenario", path);
                return -EINVAL;
            }
            if (!(nv = hx_mx__scalar(k, v->text, v->quoted, v->at)))
                return -ENOMEM;
            mark(nv, key, v->at);
            if (hx_mx__set(t, nv)) {
                hx_mx__free(nv);
                return -ENOMEM;
            }
            return 0;
        }
        if (!c) {
            snprintf(why, n, "the scenario has no '%.*s'", (int)(p - path), path);
            return -EINVAL;
        }
        t = c;
        while (*p == '[') {
            char *end;
            unsigned long i = strtoul(p + 1, &end, 10);

            if (!isdigit((unsigned char)p[1]) || *end != ']') {
                snprintf(why, n, "'%s' is not a key path (a.b[0].c)", path);
                return -EINVAL;
            }
            if (t->kind != HX_SCN__SEQUENCE || i >= t->nkid) {
                snprintf(why, n, "the scenario has no '%.*s'", (int)(end + 1 - path), path);
                return -EINVAL;
            }
            p = end + 1;
            if (!*p) {
                if (t->kid[i]->kind != HX_SCN__SCALAR) {
                    snprintf(why, n, "'%s' is not a single value in the scenario", path);
                    return -EINVAL;
                }
                if (!(nv = hx_mx__scalar(NULL, v->text, v->quoted, v->at)))
                    return -ENOMEM;
                mark(nv, key, v->at);
                hx_mx__free(t->kid[i]);
                t->kid[i] = nv;
                return 0;
            }
            t = t->kid[i];
        }
        if (*p++ != '.') {
            snprintf(why, n, "'%s' is not a key path (a.b[0].c)", path);
            return -EINVAL;
        }
    }
}

/* The value index of every axis in case @i (the last axis fastest). */
static void digits(const struct hx_sweep *w, size_t i, size_t *d)
{
    for (size_t a = w->nax; a-- > 0;) {
        d[a] = i % w->ax[a].nv;
        i /= w->ax[a].nv;
    }
}

static int name_case(struct hx_sweep *w, size_t i)
{
    struct hx_sweep_case *c = &w->cases[i];
    size_t d[HX_SWEEP_MAX_AXES], used = 0, pu = 0;
    char name[512];

    digits(w, i, d);
    used = (size_t)snprintf(name, sizeof(name), "%s", w->name->text);
    for (size_t a = 0; a < w->nax; a++) {
        const char *an = w->ax[a].name->text, *v = w->ax[a].v[d[a]].text;

        used += (size_t)snprintf(name + used, sizeof(name) - used, "-%s%s", an, v);
        if (used >= sizeof(name))
            used = sizeof(name) - 1;
        pu += (size_t)snprintf(c->params + pu, sizeof(c->params) - pu, "%s%s=%s",
                               a ? " " : "", an, v);
        if (pu >= sizeof(c->params))
            pu = sizeof(c->params) - 1;
    }
    if (used >= sizeof(c->name))
        return err_at(w, w->name, false, "case name '%s' is longer than %d characters",
                      name, HX_SCN_NAME_LEN - 1);
    memcpy(c->name, name, used + 1);
    return 0;
}

/* Compose case @i as YAML into @out. */
static int compose(struct hx_sweep *w, size_t i, struct hx_mx__text *out)
{
    const struct hx_sweep_case *c = &w->cases[i];
    const struct hx_mx__node *bd = hx_mx__kid(w->broot, "description");
    const struct hx_mx__node *at = w->desc ? w->desc : w->name;
    struct hx_mx__node *root = hx_mx__clone(w->broot, false), *nn, *dn;
    size_t d[HX_SWEEP_MAX_AXES];
    char desc[1024], why[512];
    int rc = -ENOMEM;

    if (!root)
        return -ENOMEM;
    snprintf(desc, sizeof(desc), "%s (%s)", w->desc ? w->desc->text : bd ? bd->text : "",
             c->params);
    nn = hx_mx__scalar("name", c->name, false, w->name);
    if (nn)
        mark(nn, w->name, w->name);
    if (!nn || hx_mx__set(root, nn))
        goto out_nn;
    dn = hx_mx__scalar("description", desc, true, at);
    if (dn)
        mark(dn, at, at);
    if (!dn || hx_mx__set(root, dn)) {
        nn = dn;
        goto out_nn;
    }
    digits(w, i, d);
    for (size_t a = 0; a < w->nax; a++) {
        rc = set_path(root, w->ax[a].key->text, &w->ax[a].v[d[a]], w->ax[a].key, why,
                      sizeof(why));
        if (rc == -EINVAL)
            rc = err_at(w, w->ax[a].key, false, "%s", why);
        if (rc)
            goto out;
    }
    hx_mx__emit(out, root);
    rc = out->oom ? -ENOMEM : 0;
out:
    hx_mx__free(root);
    return rc;
out_nn:
    hx_mx__free(nn);
    hx_mx__free(root);
    return -ENOMEM;
}

/*
 * A case's message "BASE:L:C: error: MSG" names a line of the composed
 * text: name the sweep file's node that line came from (a value the sweep
 * set) or the scenario file's.
 */
static void remap_error(const struct hx_sweep *w, const struct hx_mx__text *t,
                        const char *cs, const char *msg, char *err, size_t errlen)
{
    uint32_t pl, pc;
    const char *rest;

    if (!hx_mx__error_at(w->base, t, msg, &pl, &pc, &rest))
        snprintf(err, errlen, "%s (sweep %s, case %s)", msg, w->file, cs);
    else if (pl & IN_SWEEP)
        snprintf(err, errlen, "%s:%u:%u: error: case %s: %s", w->file, pl & ~IN_SWEEP,
                 pc, cs, rest);
    else
        snprintf(err, errlen, "%s:%u:%u: error: sweep %s, case %s: %s", w->base, pl, pc,
                 w->file, cs, rest);
}

static int load_cases(struct hx_sweep *w)
{
    w->cases = calloc(w->ncases, sizeof(*w->cases));
    w->scn = calloc(w->ncases, sizeof(*w->scn));
    if (!w->cases || !w->scn)
        return -ENOMEM;
    for (size_t i = 0; i < w->ncases; i++) {
        struct hx_mx__text t = { 0 };
        char msg[1024];
        int rc = name_case(w, i);

        if (!rc)
            rc = compose(w, i, &t);
        if (!rc) {
            rc = hx_scn_load_string(w->base, t.buf, t.len, &w->scn[i], msg, sizeof(msg));
            if (rc == -EINVAL && w->e.buf && w->e.len)
                remap_error(w, &t, w->cases[i].name, msg, w->e.buf, w->e.len);
        }
        hx_mx__text_free(&t);
        if (rc)
            return rc;
    }
    return 0;
}

/* ---- API ------------------------------------------------------------------------------ */

int hx_sweep_load_string(const char *name_for_errors, const char *yaml, size_t len,
                         size_t max_input, struct hx_sweep **out, char *err,
                         size_t errlen)
{
    struct hx_sweep *w = calloc(1, sizeof(*w));
    int rc = -ENOMEM;

    *out = NULL;
    if (err && errlen)
        err[0] = '\0';
    if (!w || !(w->file = strdup(name_for_errors))) {
        free(w);
        w = NULL;
        goto fail;
    }
    w->e = (struct hx_scn__err){ .file = w->file, .buf = err, .len = errlen,
                                 .what = "sweep", .head = "imslab-sweep: 1" };
    rc = hx_scn__index_build(yaml, len, &w->ix, &w->e);
    if (!rc) {
        struct hx_mx__node *root;

        rc = hx_mx__tree_build(&w->ix, &w->nodes, &root);
        w->root = root;
    }
    if (!rc)
        rc = check_top(w);
    if (!rc)
        rc = load_base(w, max_input);
    if (!rc)
        rc = load_cases(w);
    if (!rc) {
        *out = w;
        return 0;
    }
fail:
    if (rc == -ENOMEM && err && errlen)
        snprintf(err, errlen, "%s: error: out of memory", name_for_errors);
    hx_sweep_free(w);
    return rc;
}

size_t hx_sweep_ncases(const struct hx_sweep *w)
{
    return w->ncases;
}

const struct hx_sweep_case *hx_sweep_case(const struct hx_sweep *w, size_t i)
{
    return i < w->ncases ? &w->cases[i] : NULL;
}

struct hx_scenario *hx_sweep_take(struct hx_sweep *w, size_t i)
{
    struct hx_scenario *s = i < w->ncases ? w->scn[i] : NULL;

    if (s)
        w->scn[i] = NULL;
    return s;
}

int hx_sweep_text(const struct hx_sweep *w, size_t i, char **text)
{
    struct hx_mx__text t = { 0 };
    int rc;

    *text = NULL;
    if (i >= w->ncases)
        return -EINVAL;
    rc = compose((struct hx_sweep *)w, i, &t);
    if (!rc && !(*text = strndup(t.buf ? t.buf : "", t.len)))
        rc = -ENOMEM;
    hx_mx__text_free(&t);
    return rc;
}

void hx_sweep_free(struct hx_sweep *w)
{
    if (!w)
        return;
    for (size_t i = 0; w->scn && i < w->ncases; i++)
        hx_scn_free(w->scn[i]);
    free(w->scn);
    free(w->cases);
    for (size_t a = 0; a < w->nax; a++)
        free(w->ax[a].v);
    for (size_t i = 0; i < w->nowned; i++)
        free(w->owned[i]);
    free(w->owned);
    hx_mx__tree_free(w->nodes, w->ix.n);
    hx_mx__tree_free(w->bnodes, w->bix.n);
    hx_scn__index_free(&w->ix);
    hx_scn__index_free(&w->bix);
    free(w->base);
    free(w->file);
    free(w);
}

bool hx_sweep_is_sweep(const char *yaml, size_t len)
{
    struct hx_scn__err e = { .file = "" };
    struct hx_scn__index ix;
    bool yes = false;

    if (hx_scn__index_build(yaml, len, &ix, &e) == 0)
        yes = hx_scn__index_find(&ix, "imslab-sweep") != NULL;
    hx_scn__index_free(&ix);
    return yes;
}
