/* SPDX-License-Identifier: MIT */
/*
 * matrix_suite.c - suites (matrix.h): scenario files and registry cells in
 * run order, and the built-in suite of a folder.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/matrix.h"
#include "harness/scenario_internal.h"
#include "harness/sweep.h"

static int add_entry(struct hx_suite *s, const char *path, const char *cell,
                     struct hx_scenario *scn, struct hx_matrix_cell *mc)
{
    struct hx_suite_entry *v = realloc(s->v, (s->n + 1) * sizeof(*v)), *e;

    if (!v)
        return -ENOMEM;
    s->v = v;
    e = &s->v[s->n];
    memset(e, 0, sizeof(*e));
    e->path = strdup(path);
    if (cell) {
        if (asprintf(&e->label, "%s (cell %s)", path, cell) < 0)
            e->label = NULL;
    } else {
        e->label = strdup(path);
    }
    if (!e->path || !e->label) {
        free(e->path);
        free(e->label);
        return -ENOMEM;
    }
    e->scn = scn;
    e->cell = mc;
    s->n++;
    return 0;
}

static int add_matrix(struct hx_suite *s, struct hx_matrix *m, const char *path)
{
    struct hx_matrix **v = realloc(s->matrices, (s->nmatrices + 1) * sizeof(*v));
    size_t n = hx_matrix_ncells(m);

    if (!v) {
        hx_matrix_free(m);
        return -ENOMEM;
    }
    s->matrices = v;
    s->matrices[s->nmatrices++] = m;
    for (size_t i = 0; i < n; i++) {
        struct hx_matrix_cell *c = malloc(sizeof(*c));
        struct hx_scenario *scn = hx_matrix_take(m, i);

        if (!c || add_entry(s, path, hx_matrix_cell(m, i)->name, scn, c)) {
            free(c);
            hx_scn_free(scn);
            return -ENOMEM;
        }
        *c = *hx_matrix_cell(m, i);
    }
    return 0;
}

/* Every case of a sweep file (harness/sweep.h), in the sweep's order. */
static int add_sweep(struct hx_suite *s, const char *path, const char *buf, size_t len,
                     char *err, size_t errlen)
{
    struct hx_sweep *w;
    int rc = hx_sweep_load_string(path, buf, len, s->max_input, &w, err, errlen);

    for (size_t i = 0; !rc && i < hx_sweep_ncases(w); i++) {
        struct hx_scenario *scn = hx_sweep_take(w, i);

        if ((rc = add_entry(s, path, hx_sweep_case(w, i)->name, scn, NULL)))
            hx_scn_free(scn);
    }
    hx_sweep_free(w);
    return rc;
}

int hx_suite_add_file(struct hx_suite *s, const char *path, char *err, size_t errlen)
{
    struct hx_scenario *scn;
    struct hx_matrix *m;
    char *buf;
    size_t len;
    size_t first = s->n;
    int rc;

    rc = hx_scn__read_file(path, s->max_input, &buf, &len, err, errlen);
    if (rc)
        return rc;
    if (hx_matrix_is_registry(buf, len)) {
        rc = hx_matrix_load_string(path, buf, len, &m, err, errlen);
        if (!rc)
            rc = add_matrix(s, m, path);
    } else if (hx_sweep_is_sweep(buf, len)) {
        rc = add_sweep(s, path, buf, len, err, errlen);
    } else {
        rc = hx_scn_load_string(path, buf, len, &scn, err, errlen);
        if (!rc && (rc = add_entry(s, path, NULL, scn, NULL)))
            hx_scn_free(scn);
    }
    free(buf);
    /* a scenario's layout descriptors are read with the same limit */
    for (size_t i = first; !rc && i < s->n; i++)
        s->v[i].scn->max_input_bytes = s->max_input;
    if (rc == -ENOMEM && err && errlen)
        snprintf(err, errlen, "%s: error: out of memory", path);
    return rc;
}

/* A file sorts by its name; a cell by the name its file would have. */
static const char *sort_name(const struct hx_suite_entry *e, char *buf, size_t n)
{
    const char *base = strrchr(e->path, '/');

    if (e->cell) {
        snprintf(buf, n, "%s.yaml", e->cell->name);
        return buf;
    }
    return base ? base + 1 : e->path;
}

static int cmp_entry(const void *a, const void *b)
{
    char x[HX_SCN_NAME_LEN + 8], y[HX_SCN_NAME_LEN + 8];

    return strcmp(sort_name(a, x, sizeof(x)), sort_name(b, y, sizeof(y)));
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int hx_suite_builtin(struct hx_suite *s, const char *dir, FILE *errs)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    char **files = NULL, x[HX_SCN_NAME_LEN + 8], y[HX_SCN_NAME_LEN + 8];
    size_t n = 0;
    int rc = 0, bad = 0;

    if (!d)
        return -errno;
    while ((de = readdir(d))) {
        size_t len = strlen(de->d_name);
        char **v;

        if (len < 6 || strcmp(de->d_name + len - 5, ".yaml"))
            continue;
        v = realloc(files, (n + 1) * sizeof(*v));
        if (!v || asprintf(&v[n], "%s/%s", dir, de->d_name) < 0) {
            files = v ? v : files;
            rc = -ENOMEM;
            break;
        }
        files = v;
        n++;
    }
    closedir(d);
    if (!rc && !n)
        rc = -ENOENT;
    if (n)
        qsort(files, n, sizeof(*files), cmp_str);
    for (size_t i = 0; !rc && i < n; i++) {
        char err[1024];
        int r = hx_suite_add_file(s, files[i], err, sizeof(err));

        if (r == -ENOMEM) {
            rc = r;
        } else if (r) {
            if (errs)
                fprintf(errs, "%s\n", err);
            bad++;
        }
    }
    if (!rc && s->n > 1) {
        qsort(s->v, s->n, sizeof(s->v[0]), cmp_entry);
        for (size_t i = 1; i < s->n; i++) {
            const struct hx_suite_entry *a = &s->v[i - 1], *b = &s->v[i];

            if (strcmp(sort_name(a, x, sizeof(x)), sort_name(b, y, sizeof(y))))
                continue;
            if (errs)
                fprintf(errs, "%s: error: the cell %s has the name of the scenario "
                        "file %s\n", (a->cell ? a : b)->path,
                        (a->cell ? a : b)->cell->name, (a->cell ? b : a)->path);
            bad++;
        }
    }
    for (size_t i = 0; i < n; i++)
        free(files[i]);
    free(files);
    return rc ? rc : bad ? -EINVAL : 0;
}

int hx_suite_check_unique(const struct hx_suite *s, FILE *errs)
{
    int bad = 0;

    /* quadratic, but a suite is a few hundred scenarios at most */
    for (size_t i = 1; i < s->n; i++) {
        for (size_t j = 0; j < i; j++) {
            if (strcmp(s->v[i].scn->name, s->v[j].scn->name))
                continue;
            if (errs)
                fprintf(errs, "%s: error: scenario name '%s' is also the name of "
                        "%s\n", s->v[i].label, s->v[i].scn->name, s->v[j].label);
            bad++;
            break;
        }
    }
    return bad ? -EINVAL : 0;
}

void hx_suite_free(struct hx_suite *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->v[i].path);
        free(s->v[i].label);
        free(s->v[i].cell);
        hx_scn_free(s->v[i].scn);
    }
    free(s->v);
    for (size_t i = 0; i < s->nmatrices; i++)
        hx_matrix_free(s->matrices[i]);
    free(s->matrices);
    memset(s, 0, sizeof(*s));
}
