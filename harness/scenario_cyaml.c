/* SPDX-License-Identifier: MIT */
/*
 * scenario_cyaml.c - the libcyaml pass of the loaders: load a document
 * against a schema and rewrite libcyaml's log into one
 * "FILE:LINE:COLUMN: error: MESSAGE" (scenario_internal.h).  The pass is
 * generic over a schema (hx_scn__cyaml_load_doc()): the scenario's is in
 * scenario_schema.c, the layout descriptor's in layout.c.
 *
 * libcyaml 1.3.1 facts this file relies on (measured on Debian 12):
 *  - an error is logged as "Load: MESSAGE" then "Load: Backtrace:" then
 *    one line per open mapping or sequence, innermost first:
 *      "  in mapping field 'KEY' (line: L, column: C)"
 *      "  in mapping (line: L, column: C)"        (after an unknown key)
 *      "  in sequence entry 'N' (line: L, column: C)"
 *    L and C are 1-based, but they are the position of the last event that
 *    level consumed, not of the node in error (an unknown key is reported
 *    at the value before it).  We use the backtrace for the path only.
 *  - "sequence entry 'N'" counts entries started, so the entry being read
 *    has index N - 1; in "Excessive entries" N is the limit itself.
 *  - "Missing required mapping field" names, as the innermost field, the
 *    last field seen in that mapping (the first schema field when the
 *    mapping is empty), which is not part of the path.
 *  - a document with no content loads as CYAML_OK with NULL data.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cyaml/cyaml.h>

#include "harness/scenario_internal.h"

/* ---- log capture --------------------------------------------------------- */

#define LOG_LINES 24
#define LOG_LEN 320

struct logcap {
    char line[LOG_LINES][LOG_LEN];
    int n;
};

static void capture(cyaml_log_t level, void *ctx, const char *fmt, va_list ap)
{
    struct logcap *lc = ctx;
    char *s;
    size_t l;

    if (level < CYAML_LOG_ERROR || lc->n >= LOG_LINES)
        return;
    s = lc->line[lc->n++];
    vsnprintf(s, LOG_LEN, fmt, ap);
    l = strlen(s);
    while (l && (s[l - 1] == '\n' || s[l - 1] == '\r'))
        s[--l] = '\0';
}

static const cyaml_config_t free_config = {
    .mem_fn = cyaml_mem,
    .log_level = CYAML_LOG_ERROR,
};

/* ---- error rewriting ----------------------------------------------------- */

enum frame_kind { FR_FIELD, FR_MAP, FR_SEQ };

struct frame {
    enum frame_kind kind;
    char key[64];
    unsigned n;
    unsigned line, col;
};

#define MAX_FRAMES 16

/* Parse one "  in ..." backtrace line; 0 or -1 when not one. */
static int parse_frame(const char *s, struct frame *f)
{
    const char *p;

    memset(f, 0, sizeof(*f));
    if (!strncmp(s, "  in mapping field '", 20)) {
        const char *q = strstr(s + 20, "' (line: ");
        size_t l;

        if (!q)
            return -1;
        l = (size_t)(q - (s + 20));
        if (l >= sizeof(f->key))
            return -1;
        memcpy(f->key, s + 20, l);
        f->kind = FR_FIELD;
        p = q + 2;
    } else if (!strncmp(s, "  in mapping (", 14)) {
        f->kind = FR_MAP;
        p = s + 13;
    } else if (!strncmp(s, "  in sequence entry '", 21)) {
        f->kind = FR_SEQ;
        if (sscanf(s + 21, "%u'", &f->n) != 1)
            return -1;
        p = strchr(s + 21, '(');
        if (!p)
            return -1;
    } else {
        return -1;
    }
    if (sscanf(p, "(line: %u, column: %u)", &f->line, &f->col) != 2)
        return -1;
    return 0;
}

/*
 * The path named by frames @first..@nfr-1 (fr[0] is the innermost), with
 * 0-based sequence indexes.  @seq_self leaves out the index of frame
 * @first when it is a sequence (the error is about the sequence itself).
 */
static void frames_path(const struct frame *fr, int nfr, int first,
                        bool seq_self, char *path, size_t n)
{
    char tmp[HX_SCN__PATH_MAX];

    path[0] = '\0';
    for (int i = nfr - 1; i >= first; i--) {
        switch (fr[i].kind) {
        case FR_FIELD:
            hx_scn__path_key(tmp, sizeof(tmp), path, fr[i].key);
            snprintf(path, n, "%s", tmp);
            break;
        case FR_SEQ:
            if (i == first && seq_self)
                break;
            if ((size_t)snprintf(tmp, sizeof(tmp), "%s[%u]", path,
                                 fr[i].n ? fr[i].n - 1 : 0) < sizeof(tmp))
                snprintf(path, n, "%s", tmp);
            break;
        case FR_MAP:
            break;
        }
    }
}

/* The schema value at the frames' path, or NULL. */
static const cyaml_schema_value_t *frames_schema(const cyaml_schema_value_t *top,
                                                 const struct frame *fr,
                                                 int nfr, int first)
{
    const cyaml_schema_value_t *s = top;

    for (int i = nfr - 1; i >= first; i--) {
        if (fr[i].kind == FR_FIELD) {
            const cyaml_schema_field_t *f;

            if (s->type != CYAML_MAPPING)
                return NULL;
            for (f = s->mapping.fields; f->key; f++)
                if (!strcmp(f->key, fr[i].key))
                    break;
            if (!f->key)
                return NULL;
            s = &f->value;
        } else if (fr[i].kind == FR_SEQ) {
            if (s->type != CYAML_SEQUENCE)
                return NULL;
            s = s->sequence.entry;
        }
    }
    return s;
}

static const char *shape(const char *cyaml_name)
{
    if (!strcmp(cyaml_name, "MAPPING") || !strcmp(cyaml_name, "MAPPING_START"))
        return "a mapping";
    if (!strcmp(cyaml_name, "SEQUENCE") ||
        !strcmp(cyaml_name, "SEQUENCE_START"))
        return "a sequence";
    if (!strcmp(cyaml_name, "ALIAS"))
        return "an alias";
    return "a scalar";
}

static const char *where(const char *path)
{
    return *path ? path : "top level";
}

struct pos {
    uint32_t line, col;
};

/* Value position of @path, else libcyaml's (1-based) of the innermost frame. */
static struct pos value_pos(const struct hx_scn__index *ix, const char *path,
                            const struct frame *fr, int nfr)
{
    const struct hx_scn__node *nd = hx_scn__index_find(ix, path);
    struct pos p = { 1, 1 };

    if (nd) {
        p.line = nd->line;
        p.col = nd->col;
    } else if (nfr > 0) {
        p.line = fr[0].line;
        p.col = fr[0].col;
    }
    return p;
}

/* Position naming a mapping: its key when it has one, else its start. */
static struct pos mapping_pos(const struct hx_scn__index *ix, const char *path,
                              const struct frame *fr, int nfr)
{
    const struct hx_scn__node *nd = hx_scn__index_find(ix, path);

    if (nd && nd->key_line)
        return (struct pos){ nd->key_line, nd->key_col };
    return value_pos(ix, path, fr, nfr);
}

static void enum_list(const cyaml_schema_value_t *s, char *buf, size_t n)
{
    size_t o = 0;

    buf[0] = '\0';
    if (!s || s->type != CYAML_ENUM)
        return;
    for (uint32_t i = 0; i < s->enumeration.count && o < n; i++) {
        int w = snprintf(buf + o, n - o, "%s%s", i ? ", " : "",
                         s->enumeration.strings[i].str);

        if (w < 0)
            break;
        o += (size_t)w;
    }
}

/* What every rewriting step works from: the first message, the frames. */
struct rw {
    const struct hx_scn__doc *doc;
    const struct hx_scn__index *ix;
    struct hx_scn__err *e;
    const char *msg;
    struct frame fr[MAX_FRAMES];
    int nfr;
};

/* "Unexpected key: KEY": at the key. */
static int rw_unknown_key(const struct rw *w, const char *key)
{
    char path[HX_SCN__PATH_MAX], full[HX_SCN__PATH_MAX], note[256];
    const struct hx_scn__node *nd;
    struct pos p;

    frames_path(w->fr, w->nfr, 0, false, path, sizeof(path));
    hx_scn__path_key(full, sizeof(full), path, key);
    nd = hx_scn__index_find(w->ix, full);
    p = nd && nd->key_line ? (struct pos){ nd->key_line, nd->key_col }
                           : value_pos(w->ix, path, w->fr, w->nfr);
    if (w->doc->unknown_key_note &&
        w->doc->unknown_key_note(path, key, note, sizeof(note)))
        return hx_scn__error(w->e, p.line, p.col, "%s", note);
    if (!*path)
        return hx_scn__error(w->e, p.line, p.col,
                             "unknown top-level key '%s'", key);
    return hx_scn__error(w->e, p.line, p.col, "unknown key '%s' in %s", key,
                         path);
}

/* "Missing required mapping field: KEY": at the mapping's key. */
static int rw_missing(const struct rw *w, const char *key)
{
    /* The innermost field frame is the last field seen, not the path. */
    int first = w->nfr > 0 && w->fr[0].kind == FR_FIELD ? 1 : 0;
    char path[HX_SCN__PATH_MAX];
    struct pos p;

    frames_path(w->fr, w->nfr, first, false, path, sizeof(path));
    p = mapping_pos(w->ix, path, w->fr, w->nfr);
    if (!*path)
        return hx_scn__error(w->e, p.line, p.col, "missing required key '%s'",
                             key);
    return hx_scn__error(w->e, p.line, p.col, "%s: missing required key '%s'",
                         path, key);
}

/* Too few (@b: the minimum) or too many (@b: the maximum) entries. */
static int rw_count(const struct rw *w, bool few, unsigned b)
{
    char path[HX_SCN__PATH_MAX], full[HX_SCN__PATH_MAX];
    struct pos p;

    frames_path(w->fr, w->nfr, 0, true, path, sizeof(path));
    if (few) {
        p = value_pos(w->ix, path, w->fr, w->nfr);
        return hx_scn__error(w->e, p.line, p.col, "%s: needs at least %u %s",
                             where(path), b, b == 1 ? "entry" : "entries");
    }
    if ((size_t)snprintf(full, sizeof(full), "%s[%u]", path, b) >=
        sizeof(full))
        full[0] = '\0';
    p = value_pos(w->ix, full, w->fr, w->nfr);
    return hx_scn__error(w->e, p.line, p.col, "%s: at most %u entries allowed",
                         where(path), b);
}

/* "Invalid ENUM value: V": at the value, with the schema's spellings. */
static int rw_enum(const struct rw *w, const char *value)
{
    char path[HX_SCN__PATH_MAX], list[1024];
    struct pos p;

    frames_path(w->fr, w->nfr, 0, false, path, sizeof(path));
    enum_list(frames_schema(w->doc->schema, w->fr, w->nfr, 0), list,
              sizeof(list));
    p = value_pos(w->ix, path, w->fr, w->nfr);
    return hx_scn__error(w->e, p.line, p.col,
                         "%s: invalid value '%s' (expected one of: %s)",
                         where(path), value, list);
}

/* "Expecting WANT, got event: GOT": the wrong shape; 1 when not that. */
static int rw_shape(const struct rw *w)
{
    char want[32] = "", got[32] = "", path[HX_SCN__PATH_MAX];
    struct pos p;

    if (sscanf(w->msg, "Expecting %31[A-Z_], got event: %31[A-Z_]", want,
               got) != 2)
        return 1;
    frames_path(w->fr, w->nfr, 0, false, path, sizeof(path));
    p = value_pos(w->ix, path, w->fr, w->nfr);
    if (!*path)
        return hx_scn__error(w->e, p.line, p.col, "the top level must be a "
                             "mapping, got %s", shape(got));
    return hx_scn__error(w->e, p.line, p.col, "%s: expected %s, got %s", path,
                         shape(want), shape(got));
}

/* A duplicate key (@dup, @text the key) or anything else: libcyaml's
 * words @text and its (1-based) position. */
static int rw_other(const struct rw *w, bool dup, const char *text)
{
    char path[HX_SCN__PATH_MAX];
    struct pos p;

    frames_path(w->fr, w->nfr, 0, false, path, sizeof(path));
    p = value_pos(w->ix, path, w->fr, w->nfr);
    if (dup)
        return hx_scn__error(w->e, p.line, p.col, "duplicate key '%s'", text);
    return hx_scn__error(w->e, p.line, p.col, "%s%s%s", *path ? path : "",
                         *path ? ": " : "", text);
}

static int rewrite(const struct hx_scn__doc *doc, const struct logcap *lc,
                   const struct hx_scn__index *ix, struct hx_scn__err *e)
{
    struct rw w = { .doc = doc, .ix = ix, .e = e };
    unsigned a, b;
    int rc;

    if (lc->n == 0)
        return hx_scn__error(e, 1, 1, "invalid %s (the YAML loader "
                             "gave no reason)", doc->what);
    w.msg = lc->line[0];
    if (!strncmp(w.msg, "Load: ", 6))
        w.msg += 6;
    for (int i = 1; i < lc->n && w.nfr < MAX_FRAMES; i++)
        if (!parse_frame(lc->line[i], &w.fr[w.nfr]))
            w.nfr++;

    if (!strncmp(w.msg, "Unexpected key: ", 16))
        return rw_unknown_key(&w, w.msg + 16);
    if (!strncmp(w.msg, "Missing required mapping field: ", 32))
        return rw_missing(&w, w.msg + 32);
    if (sscanf(w.msg, "Insufficient entries (%u of %u min)", &a, &b) == 2)
        return rw_count(&w, true, b);
    if (sscanf(w.msg, "Excessive entries (%u max)", &b) == 1)
        return rw_count(&w, false, b);
    if (!strncmp(w.msg, "Invalid ENUM value: ", 20))
        return rw_enum(&w, w.msg + 20);
    if (!strncmp(w.msg, "Expecting ", 10) && (rc = rw_shape(&w)) <= 0)
        return rc;
    if (!strncmp(w.msg, "Mapping field already seen: ", 28))
        return rw_other(&w, true, w.msg + 28);
    return rw_other(&w, false, w.msg);
}

int hx_scn__cyaml_load_doc(const struct hx_scn__doc *doc, const char *yaml,
                           size_t len, const struct hx_scn__index *ix,
                           struct hx_scn__err *e, void **out)
{
    struct logcap *lc = calloc(1, sizeof(*lc));
    cyaml_config_t cfg = {
        .log_fn = capture,
        .mem_fn = cyaml_mem,
        .log_level = CYAML_LOG_ERROR,
        .flags = CYAML_CFG_DEFAULT,
    };
    cyaml_data_t *data = NULL;
    cyaml_err_t cerr;
    int rc = 0;

    *out = NULL;
    if (!lc)
        return -ENOMEM;
    cfg.log_ctx = lc;
    cerr = cyaml_load_data((const uint8_t *)yaml, len, &cfg, doc->schema,
                           &data, NULL);
    if (cerr == CYAML_ERR_OOM)
        rc = -ENOMEM;
    else if (cerr != CYAML_OK)
        rc = rewrite(doc, lc, ix, e);
    else if (!data)
        rc = hx_scn__error(e, 1, 1, "empty %s", doc->what);
    else
        *out = data;
    free(lc);
    return rc;
}

void hx_scn__cyaml_free_doc(const struct hx_scn__doc *doc, void *data)
{
    if (data)
        cyaml_free(&free_config, doc->schema, data, 0);
}

