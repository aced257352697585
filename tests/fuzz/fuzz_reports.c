/* SPDX-License-Identifier: MIT */
/*
 * fuzz_reports.c - libFuzzer target: the results JSON and JUnit writers,
 * round trip.  The bytes become up to 4 results (every text field any
 * bytes, counts any value); the JSON must parse back with the same names,
 * counts and expectations, and the JUnit XML must parse with one testcase
 * per expectation.  docs/fuzzing.md.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "reports/report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Fill @dst from the bytes at *@p; the rest is zero. */
static void take(void *dst, size_t n, const uint8_t **p, size_t *left)
{
    size_t k = n < *left ? n : *left;

    memset(dst, 0, n);
    memcpy(dst, *p, k);
    *p += k;
    *left -= k;
}

#define TEXT(f) ((f)[sizeof(f) - 1] = '\0')

/* A bool from any byte: read the byte, never the bool (UB for 2..255). */
#define BOOL(f)                                 \
    do {                                        \
        unsigned char b_;                       \
                                                \
        memcpy(&b_, &(f), 1);                   \
        (f) = b_ & 1;                           \
    } while (0)

/* An enum from any bytes, in 0..@n-1. */
#define ENUM(f, n)                              \
    do {                                        \
        unsigned u_;                            \
                                                \
        memcpy(&u_, &(f), sizeof(u_));          \
        (f) = u_ % (n);                         \
    } while (0)

static void terminate(struct hx_result *r)
{
    TEXT(r->name); TEXT(r->personality); TEXT(r->policy); TEXT(r->guest);
    TEXT(r->device); TEXT(r->assignment); TEXT(r->path); TEXT(r->note);
    ENUM(r->outcome, HX_OUT__COUNT);
    r->n_expect %= HX_MAX_EXPECT + 1;
    for (size_t i = 0; i < HX_MAX_EXPECT; i++) {
        struct hx_expect_result *e = &r->expect[i];

        TEXT(e->rule); TEXT(e->metric); TEXT(e->op); TEXT(e->expected);
        TEXT(e->actual); TEXT(e->scope);
        ENUM(e->verdict, 2);
    }
    BOOL(r->ims_used); BOOL(r->fallback); BOOL(r->cap_advertised); BOOL(r->expect_failed);
}

static void check_json(const char *buf, size_t len, const struct hx_result *res, size_t n)
{
    json_error_t jerr;
    json_t *root = json_loadb(buf, len, 0, &jerr), *sc;

    if (!root || !(sc = json_object_get(root, "scenarios")) || json_array_size(sc) != n)
        abort();
    for (size_t i = 0; i < n; i++) {
        json_t *s = json_array_get(sc, i), *x = json_object_get(s, "expectations");

        if (!json_is_string(json_object_get(s, "name")) ||
            json_array_size(x) != res[i].n_expect)
            abort();
    }
    json_decref(root);
}

static void check_junit(const char *buf, size_t len, const struct hx_result *res, size_t n)
{
    xmlDocPtr doc = xmlReadMemory(buf, (int)len, "j.xml", NULL, XML_PARSE_NONET);
    size_t cases = 0, want = 0;

    if (!doc)
        abort();
    for (size_t i = 0; i < n; i++)
        want += res[i].n_expect ? res[i].n_expect : 1;
    for (xmlNodePtr s = xmlDocGetRootElement(doc)->children; s; s = s->next)
        for (xmlNodePtr c = s->type == XML_ELEMENT_NODE ? s->children : NULL; c; c = c->next)
            cases += c->type == XML_ELEMENT_NODE && !xmlStrcmp(c->name, BAD_CAST "testcase");
    if (cases != want)
        abort();
    xmlFreeDoc(doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct hx_result res[4];
    static const struct rpt_wall walls[4] = {
        { { 0, 0 }, 0, "fuzz" }, { { 1, 1 }, 1, "" }, { { 2, 2 }, 2, "f" }, { { 3, 3 }, 3, "f" },
    };
    struct rpt_run_meta meta = { .suite = "fuzz" };
    const uint8_t *p = data;
    size_t left = size, n;
    char *buf = NULL;
    size_t len = 0;
    FILE *f;

    if (!size)
        return 0;
    n = data[0] % 5;
    p++;
    left--;
    for (size_t i = 0; i < n; i++) {
        take(&res[i], sizeof(res[i]), &p, &left);
        terminate(&res[i]);
    }
    take(&meta.seed, sizeof(meta.seed), &p, &left);
    meta.seed &= INT64_MAX;

    f = open_memstream(&buf, &len);
    if (!f)
        return 0;
    if (rpt_json_write(f, res, n, &meta) == 0) {
        fflush(f);
        check_json(buf, len, res, n);
    }
    fclose(f);
    free(buf);
    buf = NULL;
    len = 0;
    f = open_memstream(&buf, &len);
    if (!f)
        return 0;
    if (rpt_junit_write(f, res, n, meta.suite, walls) == 0) {
        fflush(f);
        check_junit(buf, len, res, n);
    }
    fclose(f);
    free(buf);
    return 0;
}
