/* SPDX-License-Identifier: MIT */
/* shard.c - a deterministic 1/N of a suite (shard.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "harness/scenario.h"
#include "harness/shard.h"

/* A decimal without sign or leading zero, 1 .. HX_SHARD_MAX; Return: the
 * first byte after it, or NULL. */
static const char *number(const char *s, unsigned *out)
{
    unsigned long v = 0;

    if (*s < '1' || *s > '9')
        return NULL;
    for (; *s >= '0' && *s <= '9'; s++) {
        v = v * 10 + (unsigned long)(*s - '0');
        if (v > HX_SHARD_MAX)
            return NULL;
    }
    *out = (unsigned)v;
    return s;
}

int hx_shard_parse(const char *s, struct hx_shard *out)
{
    struct hx_shard sh;

    if (!s || !out)
        return -EINVAL;
    s = number(s, &sh.index);
    if (!s || *s++ != '/')
        return -EINVAL;
    s = number(s, &sh.count);
    if (!s || *s || sh.index > sh.count)
        return -EINVAL;
    *out = sh;
    return 0;
}

uint64_t hx_shard_hash(const char *name)
{
    uint64_t h = 0xcbf29ce484222325ull;

    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        h ^= *p;
        h *= 0x100000001b3ull;
    }
    return h;
}

unsigned hx_shard_of(const char *name, unsigned count)
{
    return (unsigned)(hx_shard_hash(name) % count) + 1;
}

int hx_suite_shard(struct hx_suite *s, const struct hx_shard *sh, size_t **pos)
{
    size_t *p = malloc((s->n ? s->n : 1) * sizeof(*p));
    size_t kept = 0;

    if (!p)
        return -ENOMEM;
    for (size_t i = 0; i < s->n; i++) {
        struct hx_suite_entry *e = &s->v[i];

        if (sh->count && hx_shard_of(e->scn->name, sh->count) != sh->index) {
            free(e->path);
            free(e->label);
            free(e->cell);
            hx_scn_free(e->scn);
            continue;
        }
        p[kept] = i;
        s->v[kept++] = *e;
    }
    s->n = kept;
    *pos = p;
    return 0;
}
