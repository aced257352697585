/* SPDX-License-Identifier: MIT */
/*
 * matrix_tree.h - what matrix.c (the registry) and matrix_compose.c (a
 * cell's scenario text) share: the registry as a tree of nodes in
 * document order, built from the loader's position index.  Not for use
 * outside harness/matrix*.c and harness/sweep.c (which composes a sweep's
 * cases with it).
 */
#ifndef IMSLAB_HARNESS_MATRIX_TREE_H
#define IMSLAB_HARNESS_MATRIX_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "harness/scenario_internal.h"

/*
 * One node.  A node of the registry points into the index (@path, @text);
 * a node of a composed cell is a copy, or made up with the position of the
 * registry node it stands for.  Positions are 1-based; @kl is 0 when the
 * node is not the value of a mapping key.
 */
struct hx_mx__node {
    char *key;                  /* key in the parent mapping, or NULL */
    enum hx_scn__kind kind;
    const char *text;           /* scalar text ("" for an empty one) */
    bool quoted;
    uint32_t kl, kc, l, c;
    const char *path;           /* index path (registry nodes), or NULL */
    struct hx_mx__node **kid;
    size_t nkid;
};

/* The lines of a composed text and where each comes from in the registry. */
struct hx_mx__line {
    uint32_t kl, kc;            /* the key (or sequence entry) */
    uint32_t vl, vc;            /* the value */
    uint32_t vcol;              /* 1-based column of the value in the line */
};

struct hx_mx__text {
    char *buf;
    size_t len, cap;
    struct hx_mx__line *line;
    size_t nline, capline;
    bool oom;
};

/*
 * hx_mx__tree_build - the tree of the document @ix indexes: *@nodes[i]
 * stands for @ix->v[i] (free with hx_mx__tree_free(*@nodes, @ix->n)),
 * children in document order, *@root the document's root.
 * Return: 0, -ENOMEM or -EINVAL (no root).
 */
int hx_mx__tree_build(const struct hx_scn__index *ix, struct hx_mx__node **nodes,
                      struct hx_mx__node **root);

void hx_mx__tree_free(struct hx_mx__node *nodes, size_t n);

/* hx_mx__kid - the child of mapping @t under @key, or NULL. */
const struct hx_mx__node *hx_mx__kid(const struct hx_mx__node *t, const char *key);

/* hx_mx__is_null - a plain "", "~" or "null": delete, in a patch. */
bool hx_mx__is_null(const struct hx_mx__node *t);

/* hx_mx__scalar - a made-up scalar node standing at @at (copied key: @key). */
struct hx_mx__node *hx_mx__scalar(const char *key, const char *text, bool quoted,
                                  const struct hx_mx__node *at);

/* hx_mx__clone - a deep copy; @patch: leave out null mapping values. */
struct hx_mx__node *hx_mx__clone(const struct hx_mx__node *t, bool patch);

/* hx_mx__append - add @k as the last child of @t.  Return: 0 or -ENOMEM. */
int hx_mx__append(struct hx_mx__node *t, struct hx_mx__node *k);

/* hx_mx__set - replace or add @t's child under @k->key by @k.  0 or -ENOMEM. */
int hx_mx__set(struct hx_mx__node *t, struct hx_mx__node *k);

/*
 * hx_mx__merge - apply @patch to *@dst: mappings merge by key (a null
 * value removes the key), sequences entry by entry (extra entries are
 * appended), anything else is replaced.  Return: 0 or -ENOMEM.
 */
int hx_mx__merge(struct hx_mx__node **dst, const struct hx_mx__node *patch);

/* hx_mx__free - free a copy (never a registry node). */
void hx_mx__free(struct hx_mx__node *t);

/* hx_mx__emit - @root (a mapping) as block-style YAML into @o. */
void hx_mx__emit(struct hx_mx__text *o, const struct hx_mx__node *root);

void hx_mx__text_free(struct hx_mx__text *o);

/*
 * hx_mx__error_at - the origin of a loader message about a composed text:
 * when @msg is "@file:L:C: error: REST" for a line of @t, the source
 * position that line's key (or, when C is in the value, its value) came
 * from, in *@line and *@col, and REST in *@rest.  Return: false when @msg
 * names no line of @t (the caller reports it as it is).
 */
bool hx_mx__error_at(const char *file, const struct hx_mx__text *t, const char *msg,
                     uint32_t *line, uint32_t *col, const char **rest);

#endif /* IMSLAB_HARNESS_MATRIX_TREE_H */
