/* SPDX-License-Identifier: MIT */
/*
 * test_rules.c - the rule list (results/rule_ids.h) against the catalog
 * (docs/rules.md): every ID of the list has a row whose statement is the
 * list's; every rule a scenario names (the built-in suite with the matrix
 * registry's cells, scenarios/rtl, the scoped test scenarios) has a row;
 * every row is in the list or named by a scenario; every IMS conformance
 * rule `imslab vendor` runs is in the list with the same statement; and
 * every rule ID written anywhere in the code (sim, models, harness,
 * results, reports, cli) is in the list or named by a scenario.
 */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "harness/ims_rules.h"
#include "harness/matrix.h"
#include "results/rule_ids.h"

#define SRC IMSLAB_SOURCE_DIR

struct row {
    char id[128];
    char *statement;
    bool used;
};

struct catalog {
    struct row *v;
    size_t n;
};

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;

    if (!f)
        fail_msg("cannot open %s", path);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    n = ftell(f);
    assert_true(n >= 0);
    rewind(f);
    buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* The cell after @p (just past a '|'), unescaping "\|"; returns the next '|'. */
static const char *cell(const char *p, char *out, size_t n)
{
    size_t o = 0;

    while (*p == ' ')
        p++;
    for (; *p && *p != '\n' && !(*p == '|' && p[-1] != '\\'); p++) {
        if (*p == '\\' && p[1] == '|')
            continue;
        if (o + 1 < n)
            out[o++] = *p;
    }
    while (o && out[o - 1] == ' ')
        o--;
    out[o] = '\0';
    return *p == '|' ? p + 1 : NULL;
}

static bool is_id(const char *s)
{
    size_t n = strlen(s);

    if (n < 4 || s[0] < 'A' || s[0] > 'Z' || s[n - 3] != '-' || s[n - 2] < '0' ||
        s[n - 2] > '9' || s[n - 1] < '0' || s[n - 1] > '9')
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
              (s[i] == '-' && i && s[i - 1] != '-')))
            return false;
    return true;
}

/*
 * A first cell "<a id="ID"></a>ID" becomes "ID" (the anchor the HTML
 * report links to).  Return: the cell had an anchor, naming its own ID.
 */
static bool strip_anchor(char *c)
{
    static const char open[] = "<a id=\"", close[] = "\"></a>";
    char *end, *rest;
    bool same;

    if (strncmp(c, open, sizeof(open) - 1))
        return false;
    end = strstr(c, close);
    if (!end)
        return false;
    rest = end + sizeof(close) - 1;
    same = (size_t)(end - c) - (sizeof(open) - 1) == strlen(rest) &&
           !strncmp(c + sizeof(open) - 1, rest, strlen(rest));
    memmove(c, rest, strlen(rest) + 1);
    return same;
}

/* Every table row of docs/rules.md whose first cell is a rule ID; each
 * must carry the anchor <a id="ID"></a>. */
static void load_catalog(struct catalog *c)
{
    char *text = slurp(SRC "/docs/rules.md");
    char id[128], st[2048];

    memset(c, 0, sizeof(*c));
    for (char *line = text; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1
                                                                     : NULL) {
        const char *p;

        bool anchored;

        if (line[0] != '|' || !(p = cell(line + 1, id, sizeof(id))))
            continue;
        anchored = strip_anchor(id);
        if (!is_id(id))
            continue;
        if (!anchored)
            fail_msg("docs/rules.md: the row of %s does not start with <a id=\"%s\"></a>",
                     id, id);
        assert_non_null(cell(p, st, sizeof(st)));
        for (size_t i = 0; i < c->n; i++)
            if (!strcmp(c->v[i].id, id))
                fail_msg("docs/rules.md: %s has two rows", id);
        c->v = realloc(c->v, (c->n + 1) * sizeof(*c->v));
        assert_non_null(c->v);
        snprintf(c->v[c->n].id, sizeof(c->v[c->n].id), "%s", id);
        c->v[c->n].statement = strdup(st);
        c->v[c->n].used = false;
        c->n++;
    }
    free(text);
    assert_true(c->n > 100);
}

static struct row *row_of(struct catalog *c, const char *id)
{
    for (size_t i = 0; i < c->n; i++)
        if (!strcmp(c->v[i].id, id))
            return &c->v[i];
    return NULL;
}

static void free_catalog(struct catalog *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->v[i].statement);
    free(c->v);
}

/* The rule IDs of every scenario of @s, marked used in @c (each must have a row). */
static size_t mark_scenarios(struct catalog *c, const struct hx_suite *s, size_t *missing)
{
    size_t n = 0;

    for (size_t i = 0; i < s->n; i++) {
        for (uint32_t k = 0; k < s->v[i].scn->nexpects; k++) {
            const char *id = s->v[i].scn->expects[k].rule;
            struct row *r = row_of(c, id);

            n++;
            if (!r) {
                print_error("docs/rules.md: no row for %s (%s)\n", id, s->v[i].label);
                ++*missing;
                continue;
            }
            r->used = true;
        }
    }
    return n;
}

static void add_dir(struct hx_suite *s, const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[1024], err[1024];

    assert_non_null(d);
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);

        if (len < 6 || strcmp(e->d_name + len - 5, ".yaml"))
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        if (hx_suite_add_file(s, path, err, sizeof(err)))
            fail_msg("%s", err);
    }
    closedir(d);
}

static void test_list_is_documented(void **state)
{
    struct catalog c;
    size_t bad = 0;

    (void)state;
    load_catalog(&c);
    assert_true(HX_RULE__COUNT > 100);
    for (int r = 0; r < HX_RULE__COUNT; r++) {
        const struct hx_rule_info *ri = hx_rule((enum hx_rule)r);
        struct row *row = row_of(&c, ri->id);

        assert_ptr_equal(hx_rule_find(ri->id), ri);
        if (!row) {
            print_error("docs/rules.md: no row for %s\n", ri->id);
            bad++;
        } else if (strcmp(row->statement, ri->statement)) {
            print_error("%s: docs/rules.md says \"%s\", rule_ids.h \"%s\"\n", ri->id,
                        row->statement, ri->statement);
            bad++;
        }
    }
    assert_null(hx_rule(HX_RULE__COUNT));
    assert_null(hx_rule_find("NO-SUCH-01"));
    assert_string_equal(HX_RULE_ID(RUN_01), "RUN-01");
    assert_string_equal(HX_RULE_ID(IMS_ACCESS_01), "IMS-ACCESS-01");
    free_catalog(&c);
    assert_int_equal(bad, 0);
}

static void test_rows_are_used(void **state)
{
    struct catalog c;
    struct hx_suite s = { 0 };
    size_t missing = 0, n;

    (void)state;
    load_catalog(&c);
    assert_int_equal(hx_suite_builtin(&s, SRC "/scenarios", stderr), 0);
    add_dir(&s, SRC "/scenarios/rtl");
    add_dir(&s, SRC "/tests/data/scenarios/scoped");
    n = mark_scenarios(&c, &s, &missing);
    assert_true(n > 900);
    hx_suite_free(&s);
    for (int r = 0; r < HX_RULE__COUNT; r++) {
        struct row *row = row_of(&c, hx_rule((enum hx_rule)r)->id);

        if (row)
            row->used = true;
    }
    for (size_t i = 0; i < c.n; i++) {
        if (!c.v[i].used) {
            print_error("docs/rules.md: %s is neither in results/rule_ids.h nor named "
                        "by a scenario\n", c.v[i].id);
            missing++;
        }
    }
    free_catalog(&c);
    assert_int_equal(missing, 0);
}

static void test_ims_rules_listed(void **state)
{
    size_t n;
    const struct hx_ims_rule *r = hx_ims_rules(&n);

    (void)state;
    assert_true(n > 0);
    for (size_t i = 0; i < n; i++) {
        const struct hx_rule_info *ri = hx_rule_find(r[i].id);

        if (!ri)
            fail_msg("%s (harness/ims_rules.c) is not in results/rule_ids.h", r[i].id);
    }
    assert_non_null(hx_rule_find("IMS-R-LOCKSTEP-01"));
}

/* ---- IDs written in the code ---------------------------------------------------- */

static bool id_char(char ch)
{
    return (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-';
}

static bool word_char(char ch)
{
    return id_char(ch) || (ch >= 'a' && ch <= 'z') || ch == '_';
}

static void scan_file(const char *path, struct catalog *used, size_t *bad)
{
    char *text = slurp(path), tok[80];

    for (char *p = text; *p; p++) {
        size_t n = 0;

        if ((p > text && word_char(p[-1])) || !(*p >= 'A' && *p <= 'Z'))
            continue;
        while (id_char(p[n]))
            n++;
        if (word_char(p[n]) || n >= sizeof(tok)) {
            p += n ? n - 1 : 0;
            continue;
        }
        memcpy(tok, p, n);
        tok[n] = '\0';
        p += n ? n - 1 : 0;
        if (!is_id(tok) || hx_rule_find(tok) || row_of(used, tok))
            continue;
        print_error("%s: rule %s is not in results/rule_ids.h\n", path, tok);
        ++*bad;
    }
    free(text);
}

static void scan_dir(const char *dir, struct catalog *used, size_t *bad, size_t *files)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[1024];

    assert_non_null(d);
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        struct stat st;

        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        assert_int_equal(stat(path, &st), 0);
        if (S_ISDIR(st.st_mode)) {
            scan_dir(path, used, bad, files);
        } else if ((len > 2 && (!strcmp(e->d_name + len - 2, ".c") ||
                                !strcmp(e->d_name + len - 2, ".h"))) ||
                   (len > 4 && !strcmp(e->d_name + len - 4, ".cpp"))) {
            scan_file(path, used, bad);
            ++*files;
        }
    }
    closedir(d);
}

static void test_code_ids_listed(void **state)
{
    static const char *const dirs[] = { "sim", "models", "harness", "results", "reports",
                                        "cli" };
    struct catalog c;
    struct hx_suite s = { 0 };
    size_t bad = 0, files = 0, missing = 0;

    (void)state;
    /* an ID a scenario names may be written in a comment: those are known */
    load_catalog(&c);
    assert_int_equal(hx_suite_builtin(&s, SRC "/scenarios", stderr), 0);
    add_dir(&s, SRC "/scenarios/rtl");
    add_dir(&s, SRC "/tests/data/scenarios/scoped");
    mark_scenarios(&c, &s, &missing);
    hx_suite_free(&s);
    for (size_t i = 0; i < c.n; i++)
        if (!c.v[i].used)
            c.v[i].id[0] = '\0';          /* a row alone is not enough */
    for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
        char path[512];

        snprintf(path, sizeof(path), "%s/%s", SRC, dirs[i]);
        scan_dir(path, &c, &bad, &files);
    }
    assert_true(files > 100);
    free_catalog(&c);
    assert_int_equal(missing, 0);
    assert_int_equal(bad, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_list_is_documented),
        cmocka_unit_test(test_rows_are_used),
        cmocka_unit_test(test_ims_rules_listed),
        cmocka_unit_test(test_code_ids_listed),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
