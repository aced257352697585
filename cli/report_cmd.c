/* SPDX-License-Identifier: MIT */
/*
 * report_cmd.c - `imslab report DIR`: the HTML report of a run's
 * results.json, written to DIR/report.html (reports/html.c).  `imslab run
 * --html` calls hx_report_html() on its output folder.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "cli/cmds.h"
#include "reports/report.h"

#define RULES_URL "file://" IMSLAB_SOURCE_DIR "/docs/rules.md"

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
    char path[4096];
    json_error_t err;
    struct html_arg a = { NULL, rules_url ? rules_url : RULES_URL };
    int rc;

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
                   "  --rules-url URL  where rule IDs link (default: the rules catalog,\n"
                   "                   docs/rules.md)\n");
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
