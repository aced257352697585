/* SPDX-License-Identifier: MIT */
/* hist.c - log-linear latency histogram (precision stated in hist.h). */
#include "results/hist.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void hx_hist_init(struct hx_hist *h)
{
    memset(h, 0, sizeof(*h));
}

void hx_hist_free(struct hx_hist *h)
{
    for (unsigned i = 0; i < HX_HIST_CHUNKS; i++)
        free(h->chunk[i]);
    memset(h, 0, sizeof(*h));
}

uint64_t hx_hist_bucket_low(uint64_t b)
{
    uint64_t o, sub;
    unsigned e;

    if (b < HX_HIST_EXACT_NS)
        return b;
    o = (b - HX_HIST_EXACT_NS) >> HX_HIST_SUB_BITS;
    sub = (b - HX_HIST_EXACT_NS) & (HX_HIST_CHUNK - 1);
    e = (unsigned)o + HX_HIST_EXACT_BITS;
    return (UINT64_C(1) << e) + (sub << (e - HX_HIST_SUB_BITS));
}

static uint64_t *chunk_of(struct hx_hist *h, unsigned c)
{
    if (!h->chunk[c])
        h->chunk[c] = calloc(HX_HIST_CHUNK, sizeof(uint64_t));
    return h->chunk[c];
}

int hx_hist_add(struct hx_hist *h, uint64_t v)
{
    uint64_t b = hx_hist_bucket(v);
    unsigned c = (unsigned)(b / HX_HIST_CHUNK);
    uint64_t *k = chunk_of(h, c);

    if (!k)
        return -ENOMEM;
    k[b % HX_HIST_CHUNK]++;
    h->chunk_n[c]++;
    h->n++;
    if (v > h->max)
        h->max = v;
    return 0;
}

int hx_hist_merge(struct hx_hist *dst, const struct hx_hist *src)
{
    for (unsigned c = 0; c < HX_HIST_CHUNKS; c++) {
        uint64_t *k;

        if (!src->chunk_n[c])
            continue;
        if (!(k = chunk_of(dst, c)))
            return -ENOMEM;
        for (unsigned i = 0; i < HX_HIST_CHUNK; i++)
            k[i] += src->chunk[c][i];
        dst->chunk_n[c] += src->chunk_n[c];
        dst->n += src->chunk_n[c];
    }
    if (src->max > dst->max)
        dst->max = src->max;
    return 0;
}

uint64_t hx_hist_pct(const struct hx_hist *h, unsigned p)
{
    uint64_t rank, seen = 0;

    if (!h->n)
        return 0;
    rank = (h->n * p + 99) / 100;
    if (!rank)
        rank = 1;
    for (unsigned c = 0; c < HX_HIST_CHUNKS; c++) {
        if (seen + h->chunk_n[c] < rank) {
            seen += h->chunk_n[c];
            continue;
        }
        for (unsigned i = 0; i < HX_HIST_CHUNK; i++) {
            seen += h->chunk[c][i];
            if (seen >= rank)
                return hx_hist_bucket_low((uint64_t)c * HX_HIST_CHUNK + i);
        }
    }
    return h->max; /* not reached: the chunks hold h->n values */
}

void hx_hist_log2(const struct hx_hist *h, uint64_t out[HX_HIST_LOG2_BINS])
{
    for (unsigned k = 0; k < HX_HIST_LOG2_BINS; k++)
        out[k] = 0;
    for (unsigned c = 0; c < HX_HIST_CHUNKS; c++) {
        if (!h->chunk_n[c])
            continue;
        for (unsigned i = 0; i < HX_HIST_CHUNK; i++) {
            uint64_t n = h->chunk[c][i], low;
            unsigned k;

            if (!n)
                continue;
            low = hx_hist_bucket_low((uint64_t)c * HX_HIST_CHUNK + i);
            k = low < 2 ? 0 : 63u - (unsigned)__builtin_clzll(low);
            out[k < HX_HIST_LOG2_BINS ? k : HX_HIST_LOG2_BINS - 1] += n;
        }
    }
}
