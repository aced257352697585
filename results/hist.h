/* SPDX-License-Identifier: MIT */
/*
 * hist.h - a mergeable latency histogram with stated precision.
 *
 * Values are whole nanoseconds.  Below HX_HIST_EXACT_NS (16,384 ns) every
 * value has its own bucket, so percentiles there are exact to 1 ns; from
 * there up each power of two is split into 1,024 equal buckets, so a
 * reported value is the bucket's lowest value and lies within 1/1024
 * (under 0.1%) below the true one.  Memory does not grow with the number of
 * values: buckets live in chunks of 1,024 counts, allocated on first use
 * (at most HX_HIST_CHUNKS of them, 8 KiB each).  Two histograms merge by
 * adding counts, so a scope's percentiles come from the sum of its parts.
 * Percentiles are nearest-rank, as the results JSON has always stated.
 */
#ifndef IMSLAB_RESULTS_HIST_H
#define IMSLAB_RESULTS_HIST_H

#include <stdint.h>

#define HX_HIST_EXACT_BITS 14
#define HX_HIST_EXACT_NS (UINT64_C(1) << HX_HIST_EXACT_BITS)
#define HX_HIST_SUB_BITS 10                    /* 1,024 buckets per octave */
#define HX_HIST_CHUNK (1u << HX_HIST_SUB_BITS) /* buckets per chunk */
#define HX_HIST_BUCKETS \
    (HX_HIST_EXACT_NS + (64 - HX_HIST_EXACT_BITS) * (UINT64_C(1) << HX_HIST_SUB_BITS))
#define HX_HIST_CHUNKS ((unsigned)(HX_HIST_BUCKETS / HX_HIST_CHUNK))

/**
 * struct hx_hist - counts of values by bucket.
 * @n: values counted
 * @max: the largest value counted (exact)
 * @chunk: bucket counts, HX_HIST_CHUNK per chunk, NULL until used
 * @chunk_n: values in each chunk (lets a percentile skip whole chunks)
 *
 * Zero-initialise (or hx_hist_init()); free with hx_hist_free().
 */
struct hx_hist {
    uint64_t n;
    uint64_t max;
    uint64_t *chunk[HX_HIST_CHUNKS];
    uint64_t chunk_n[HX_HIST_CHUNKS];
};

void hx_hist_init(struct hx_hist *h);
void hx_hist_free(struct hx_hist *h);

/** hx_hist_bucket - the bucket index of value @v. */
static inline uint64_t hx_hist_bucket(uint64_t v)
{
    unsigned e;

    if (v < HX_HIST_EXACT_NS)
        return v;
    e = 63u - (unsigned)__builtin_clzll(v); /* e >= HX_HIST_EXACT_BITS */
    return HX_HIST_EXACT_NS +
           ((uint64_t)(e - HX_HIST_EXACT_BITS) << HX_HIST_SUB_BITS) +
           ((v >> (e - HX_HIST_SUB_BITS)) & (HX_HIST_CHUNK - 1));
}

/* Bins of hx_hist_log2(): bin 0 counts 0 and 1 ns, bin k >= 1 [2^k, 2^(k+1)). */
#define HX_HIST_LOG2_BINS 32

/**
 * hx_hist_log2 - the counted values by power of two, for a distribution
 * drawn in the report: @out[k] values in [2^k, 2^(k+1)) ns (k = 0 also
 * holds 0), the last bin everything from 2^31 ns up.  Exact: a bucket of
 * the histogram never straddles a power of two.
 */
void hx_hist_log2(const struct hx_hist *h, uint64_t out[HX_HIST_LOG2_BINS]);

/** hx_hist_bucket_low - the lowest value that falls into bucket @b. */
uint64_t hx_hist_bucket_low(uint64_t b);

/**
 * hx_hist_add - count value @v once.
 *
 * Return: 0, or -ENOMEM (the value is not counted).
 */
int hx_hist_add(struct hx_hist *h, uint64_t v);

/**
 * hx_hist_merge - add every count of @src to @dst.
 *
 * Return: 0, or -ENOMEM (@dst then holds part of @src).
 */
int hx_hist_merge(struct hx_hist *dst, const struct hx_hist *src);

/**
 * hx_hist_pct - nearest-rank percentile @p (1..100) of the counted values:
 * exact below HX_HIST_EXACT_NS, else the lowest value of its bucket (within
 * 1/1024 below the exact one); 0 when nothing was counted.
 */
uint64_t hx_hist_pct(const struct hx_hist *h, unsigned p);

#endif /* IMSLAB_RESULTS_HIST_H */
