/* SPDX-License-Identifier: MIT */
/*
 * report_cmd.c - `imslab report DIR`: the HTML report of a run's
 * results.json, written to DIR/report.html (reports/html.c).  `imslab run
 * --html` calls hx_report_html() on its output folder.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "cli/cmds.h"
#include "reports/report.h"

/*
 * @to (an existing file) as a path relative to the folder @from, both
 * resolved first: "../../share/imslab/docs/rules.md".  Return: 0, or a
 * negative errno (a path that cannot be resolved, or too long).
 */
static int rel_path(const char *from, const char *to, char *buf, size_t n)
{
    char a[PATH_MAX], b[PATH_MAX];
    size_t common = 0, len = 0;

    if (!realpath(from, a) || !realpath(to, b))
        return -errno;
    /* the longest common prefix that ends at a component boundary */
    for (size_t i = 0; a[i] && a[i] == b[i]; i++)
        if (a[i + 1] == '\0' ? b[i + 1] == '/' : a[i + 1] == '/' && b[i + 1] == '/')
            common = i + 1;
    if (!strcmp(a, "/"))
        common = 0;
    buf[0] = '\0';
    /* one ".." per component of @from below the common part */
    for (const char *p = a + common; *p; p++) {
        if (*p != '/' || !p[1])
            continue;
        if (len + 3 >= n)
            return -ENAMETOOLONG;
        memcpy(buf + len, "../", 4);
        len += 3;
    }
    if (len + strlen(b + common + 1) + 1 > n)
        return -ENAMETOOLONG;
    strcpy(buf + len, b + common + 1);
    return 0;
}

struct html_arg {
    json_t *doc;
    const char *rules_url;
};

static int write_html(FILE *f, const void *arg)
{
    const struct html_arg *a = arg;

    return rpt_html_write(f, a->doc, a->rules_url);
}

int hx_report_html(const char *dir, const char *rules_url)
{
    char path[4096], rules[PATH_MAX], rel[PATH_MAX];
    json_error_t err;
    struct html_arg a = { NULL, rules_url };
    int rc;

    /* the catalog the binary ships (installed or in its source tree),
     * relative to the report, so that the links work from either */
    if (!a.rules_url) {
        hx_data_path(rules, sizeof(rules), "docs/rules.md");
        rc = rel_path(dir, rules, rel, sizeof(rel));
        if (rc) {
            fprintf(stderr, "imslab report: the rules catalog %s: %s\n", rules,
                    strerror(-rc));
            return rc;
        }
        a.rules_url = rel;
    }

    snprintf(path, sizeof(path), "%s/results.json", dir);
    a.doc = json_load_file(path, JSON_REJECT_DUPLICATES, &err);
    if (!a.doc) {
        fprintf(stderr, "imslab report: %s: %s\n", path, err.text);
        return -EINVAL;
    }
    rc = rpt_atomic_write(dir, "report.html", write_html, &a);
    if (rc)
        fprintf(stderr, "imslab report: cannot write '%s/report.html': %s\n", dir,
                strerror(-rc));
    json_decref(a.doc);
    return rc;
}

int hx_cmd_report(int argc, char **argv)
{
    static const struct option opts[] = {
        { "rules-url", required_argument, NULL, 'r' },
        { "help", no_argument, NULL, 'h' },
        { 0, 0, 0, 0 },
    };
    const char *rules_url = NULL;
    struct stat st;
    int c;

    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'r':
            rules_url = optarg;
            break;
        case 'h':
            printf("usage: imslab report [--rules-url URL] DIR\n"
                   "Writes DIR/report.html from DIR/results.json: one self-contained\n"
                   "HTML file (no script, no network) with the outcome matrix, and per\n"
                   "scenario its fates, latency, exits, IR faults and expectations.\n"
                   "  --rules-url URL  where rule IDs link, #RULE-ID appended (default:\n"
                   "                   the rules catalog imslab ships, docs/rules.md,\n"
                   "                   as a path relative to DIR)\n");
            return HX_EXIT_OK;
        default:
            return HX_EXIT_USAGE;
        }
    }
    if (argc - optind != 1 || stat(argv[optind], &st) || !S_ISDIR(st.st_mode)) {
        fprintf(stderr, "usage: imslab report [--rules-url URL] DIR (a run's output folder)\n");
        return HX_EXIT_USAGE;
    }
    return hx_report_html(argv[optind], rules_url) ? HX_EXIT_USAGE : HX_EXIT_OK;
}
