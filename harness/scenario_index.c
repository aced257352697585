/* SPDX-License-Identifier: MIT */
/*
 * scenario_index.c - the libyaml pass of the scenario loader: YAML syntax
 * errors, and the position of every node by path (scenario_internal.h).
 *
 * libyaml marks are 0-based (line and column, columns in characters); the
 * index stores them 1-based, as editors show them.  Aliases are followed,
 * so a node reached through an alias has the anchored node's position;
 * depth and node count are bounded so that a recursive or exponential
 * alias cannot exhaust the process.  The depth is checked twice: first
 * by a token pre-scan that stops at the first collection too deep, before
 * libyaml builds a document (its scanner is quadratic in the depth of
 * nested flow collections: 100,000 '[' took over a minute), then exactly,
 * node by node, on the document.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "harness/scenario_internal.h"

#define MAX_DEPTH 32
#define MAX_NODES 200000

struct walk {
    struct hx_scn__index *ix;
    yaml_document_t *doc;
    struct hx_scn__err *e;
};

int hx_scn__path_key(char *dst, size_t n, const char *parent, const char *key)
{
    size_t o = 0;
    int rc = 0;

    for (const char *s = parent; *s; s++) {
        if (o + 1 >= n)
            goto toolong;
        dst[o++] = *s;
    }
    if (*parent) {
        if (o + 1 >= n)
            goto toolong;
        dst[o++] = '.';
    }
    for (const char *s = key; *s; s++) {
        if (strchr(".[]\\", *s)) {
            if (o + 1 >= n)
                goto toolong;
            dst[o++] = '\\';
        }
        if (o + 1 >= n)
            goto toolong;
        dst[o++] = *s;
    }
    dst[o] = '\0';
    return rc;
toolong:
    if (n)
        dst[o < n ? o : n - 1] = '\0';
    return -ENAMETOOLONG;
}

static int add_node(struct walk *w, const char *path, const yaml_node_t *key,
                    const yaml_node_t *node)
{
    struct hx_scn__index *ix = w->ix;
    struct hx_scn__node *nd;

    if (ix->n >= MAX_NODES)
        return hx_scn__error(w->e, (uint32_t)node->start_mark.line + 1,
                             (uint32_t)node->start_mark.column + 1,
                             "document too large (more than %d nodes, "
                             "counting alias expansions)", MAX_NODES);
    if (ix->n == ix->cap) {
        size_t cap = ix->cap ? ix->cap * 2 : 64;
        struct hx_scn__node *v = realloc(ix->v, cap * sizeof(*v));

        if (!v)
            return -ENOMEM;
        ix->v = v;
        ix->cap = cap;
    }
    nd = &ix->v[ix->n];
    memset(nd, 0, sizeof(*nd));
    nd->path = strdup(path);
    if (!nd->path)
        return -ENOMEM;
    ix->n++;
    if (key) {
        nd->key_line = (uint32_t)key->start_mark.line + 1;
        nd->key_col = (uint32_t)key->start_mark.column + 1;
    }
    nd->line = (uint32_t)node->start_mark.line + 1;
    nd->col = (uint32_t)node->start_mark.column + 1;
    switch (node->type) {
    case YAML_SCALAR_NODE: {
        char *t = malloc(node->data.scalar.length + 1);

        if (!t)
            return -ENOMEM;
        memcpy(t, node->data.scalar.value, node->data.scalar.length);
        t[node->data.scalar.length] = '\0';
        nd->text = t;
        nd->kind = HX_SCN__SCALAR;
        nd->quoted = node->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
        break;
    }
    case YAML_SEQUENCE_NODE:
        nd->kind = HX_SCN__SEQUENCE;
        break;
    default:
        nd->kind = HX_SCN__MAPPING;
        break;
    }
    return 0;
}

static int walk_node(struct walk *w, const char *path, const yaml_node_t *key,
                     yaml_node_t *node, int depth)
{
    char child[HX_SCN__PATH_MAX];
    int rc;

    if (depth > MAX_DEPTH)
        return hx_scn__error(w->e, (uint32_t)node->start_mark.line + 1,
                             (uint32_t)node->start_mark.column + 1,
                             "nesting deeper than %d levels", MAX_DEPTH);
    rc = add_node(w, path, key, node);
    if (rc)
        return rc;

    if (node->type == YAML_SEQUENCE_NODE) {
        yaml_node_item_t *it = node->data.sequence.items.start;
        size_t n = (size_t)(node->data.sequence.items.top - it);

        for (size_t i = 0; i < n; i++) {
            yaml_node_t *c = yaml_document_get_node(w->doc, it[i]);

            if ((size_t)snprintf(child, sizeof(child), "%s[%zu]", path, i) >=
                sizeof(child))
                return hx_scn__error(w->e, (uint32_t)c->start_mark.line + 1,
                                     (uint32_t)c->start_mark.column + 1,
                                     "key path too long");
            rc = walk_node(w, child, NULL, c, depth + 1);
            if (rc)
                return rc;
        }
    } else if (node->type == YAML_MAPPING_NODE) {
        yaml_node_pair_t *p = node->data.mapping.pairs.start;
        size_t n = (size_t)(node->data.mapping.pairs.top - p);

        for (size_t i = 0; i < n; i++) {
            yaml_node_t *k = yaml_document_get_node(w->doc, p[i].key);
            yaml_node_t *v = yaml_document_get_node(w->doc, p[i].value);
            const char *ks;

            if (k->type != YAML_SCALAR_NODE)
                return hx_scn__error(w->e, (uint32_t)k->start_mark.line + 1,
                                     (uint32_t)k->start_mark.column + 1,
                                     "mapping keys must be scalars");
            ks = (const char *)k->data.scalar.value;
            if (k->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && !strcmp(ks, "<<"))
                return hx_scn__error(w->e, (uint32_t)k->start_mark.line + 1,
                                     (uint32_t)k->start_mark.column + 1,
                                     "merge keys ('<<') are not supported: "
                                     "anchors and aliases are, so alias the "
                                     "whole mapping or repeat its keys");
            for (size_t j = 0; j < i; j++) {
                yaml_node_t *pk = yaml_document_get_node(w->doc, p[j].key);

                if (pk->type == YAML_SCALAR_NODE &&
                    pk->data.scalar.length == k->data.scalar.length &&
                    !memcmp(pk->data.scalar.value, ks, k->data.scalar.length))
                    return hx_scn__error(
                        w->e, (uint32_t)k->start_mark.line + 1,
                        (uint32_t)k->start_mark.column + 1,
                        "duplicate key '%s' (first given at %u:%u)", ks,
                        (uint32_t)pk->start_mark.line + 1,
                        (uint32_t)pk->start_mark.column + 1);
            }
            if (hx_scn__path_key(child, sizeof(child), path, ks))
                return hx_scn__error(w->e, (uint32_t)k->start_mark.line + 1,
                                     (uint32_t)k->start_mark.column + 1,
                                     "key path too long");
            rc = walk_node(w, child, k, v, depth + 1);
            if (rc)
                return rc;
        }
    }
    return 0;
}

/* Reader errors carry a byte offset only: count lines and characters. */
static void offset_to_mark(const char *yaml, size_t len, size_t off,
                           uint32_t *line, uint32_t *col)
{
    uint32_t l = 1, c = 1;

    for (size_t i = 0; i < off && i < len; i++) {
        unsigned char ch = (unsigned char)yaml[i];

        if (ch == '\n') {
            l++;
            c = 1;
        } else if ((ch & 0xc0) != 0x80) {
            c++;
        }
    }
    *line = l;
    *col = c;
}

static int parser_error(const yaml_parser_t *p, const char *yaml, size_t len,
                        struct hx_scn__err *e)
{
    uint32_t line, col;

    switch (p->error) {
    case YAML_MEMORY_ERROR:
        return -ENOMEM;
    case YAML_READER_ERROR:
        offset_to_mark(yaml, len, p->problem_offset, &line, &col);
        return hx_scn__error(e, line, col, "invalid input: %s",
                             p->problem ? p->problem : "unreadable text");
    default:
        break;
    }
    line = (uint32_t)p->problem_mark.line + 1;
    col = (uint32_t)p->problem_mark.column + 1;
    if (p->context)
        return hx_scn__error(e, line, col, "syntax error: %s (%s at %u:%u)",
                             p->problem ? p->problem : "invalid YAML",
                             p->context, (uint32_t)p->context_mark.line + 1,
                             (uint32_t)p->context_mark.column + 1);
    return hx_scn__error(e, line, col, "syntax error: %s",
                         p->problem ? p->problem : "invalid YAML");
}

/*
 * Refuse nesting deeper than MAX_DEPTH before libyaml loads a document.
 * Counts collection-start and -end tokens; the scan stops at the first
 * collection that opens beyond the limit, so the scanner's work per token
 * stays bounded by the limit and the pre-scan is linear in the file.  An
 * indentless sequence ("key:\n- a") has no start token, so the count
 * may be below the true depth, never above it: the node walk keeps the
 * exact check.  A scanner error ends the pre-scan; the full parse reports
 * it with its context.
 */
static int prescan_depth(const char *yaml, size_t len, struct hx_scn__err *e)
{
    yaml_parser_t p;
    yaml_token_t t;
    int depth = 0, rc = 0;

    if (!yaml_parser_initialize(&p))
        return -ENOMEM;
    yaml_parser_set_input_string(&p, (const unsigned char *)yaml, len);
    for (;;) {
        yaml_token_type_t type;

        if (!yaml_parser_scan(&p, &t))
            break;
        type = t.type;
        if (type == YAML_BLOCK_SEQUENCE_START_TOKEN ||
            type == YAML_BLOCK_MAPPING_START_TOKEN ||
            type == YAML_FLOW_SEQUENCE_START_TOKEN ||
            type == YAML_FLOW_MAPPING_START_TOKEN) {
            /* depth collections open: the innermost is at node depth
             * depth - 1, and a collection below MAX_DEPTH is refused */
            if (++depth > MAX_DEPTH + 1)
                rc = hx_scn__error(e, (uint32_t)t.start_mark.line + 1,
                                   (uint32_t)t.start_mark.column + 1,
                                   "nesting deeper than %d levels", MAX_DEPTH);
        } else if (type == YAML_BLOCK_END_TOKEN ||
                   type == YAML_FLOW_SEQUENCE_END_TOKEN ||
                   type == YAML_FLOW_MAPPING_END_TOKEN) {
            depth--;
        }
        yaml_token_delete(&t);
        if (rc || type == YAML_STREAM_END_TOKEN)
            break;
    }
    yaml_parser_delete(&p);
    return rc;
}

static int cmp_node(const void *a, const void *b)
{
    return strcmp(((const struct hx_scn__node *)a)->path,
                  ((const struct hx_scn__node *)b)->path);
}

int hx_scn__index_build(const char *yaml, size_t len, struct hx_scn__index *ix,
                        struct hx_scn__err *e)
{
    yaml_parser_t parser;
    yaml_document_t doc;
    yaml_node_t *root;
    struct walk w = { .ix = ix, .doc = &doc, .e = e };
    int rc;

    memset(ix, 0, sizeof(*ix));
    rc = prescan_depth(yaml, len, e);
    if (rc)
        return rc;
    if (!yaml_parser_initialize(&parser))
        return -ENOMEM;
    yaml_parser_set_input_string(&parser, (const unsigned char *)yaml, len);

    if (!yaml_parser_load(&parser, &doc)) {
        rc = parser_error(&parser, yaml, len, e);
        goto out_parser;
    }
    root = yaml_document_get_root_node(&doc);
    if (!root) {
        rc = hx_scn__error(e, 1, 1, "empty %s (expected a mapping "
                           "that starts with '%s')",
                           e->what ? e->what : "scenario",
                           e->head ? e->head : "imslab: 1");
        goto out_doc;
    }
    rc = walk_node(&w, "", NULL, root, 0);
    if (rc)
        goto out_doc;
    yaml_document_delete(&doc);

    /* A second document is an error, and so is a syntax error in it. */
    if (!yaml_parser_load(&parser, &doc)) {
        rc = parser_error(&parser, yaml, len, e);
        goto out_parser;
    }
    if (yaml_document_get_root_node(&doc))
        rc = hx_scn__error(e, (uint32_t)doc.start_mark.line + 1,
                           (uint32_t)doc.start_mark.column + 1,
                           "a %s file holds one YAML document; "
                           "a second one starts here",
                           e->what ? e->what : "scenario");
    else
        qsort(ix->v, ix->n, sizeof(ix->v[0]), cmp_node);
out_doc:
    yaml_document_delete(&doc);
out_parser:
    yaml_parser_delete(&parser);
    return rc;
}

const struct hx_scn__node *hx_scn__index_find(const struct hx_scn__index *ix,
                                              const char *path)
{
    struct hx_scn__node key = { .path = (char *)path };

    if (!ix->n)
        return NULL;
    return bsearch(&key, ix->v, ix->n, sizeof(ix->v[0]), cmp_node);
}

void hx_scn__index_free(struct hx_scn__index *ix)
{
    for (size_t i = 0; i < ix->n; i++) {
        free(ix->v[i].path);
        free((char *)ix->v[i].text);
    }
    free(ix->v);
    memset(ix, 0, sizeof(*ix));
}
