/* SPDX-License-Identifier: MIT */
/* test_hist.c - the latency histogram: buckets, precision, merge, percentiles. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "results/hist.h"

/* Exact to 1 ns below 16,384 ns; 1,024 buckets per octave above. */
static void test_buckets(void **state)
{
    (void)state;
    assert_int_equal(hx_hist_bucket(0), 0);
    assert_int_equal(hx_hist_bucket(9999), 9999);
    assert_int_equal(hx_hist_bucket(16383), 16383);
    assert_int_equal(hx_hist_bucket(16384), 16384);
    assert_int_equal(hx_hist_bucket(16399), 16384);       /* width 16 from 2^14 */
    assert_int_equal(hx_hist_bucket(16400), 16385);
    assert_int_equal(hx_hist_bucket_low(16387), 16384 + 3 * 16);
    assert_int_equal(hx_hist_bucket(32768), 16384 + 1024);
    assert_int_equal(hx_hist_bucket(UINT64_MAX), HX_HIST_BUCKETS - 1);
    assert_int_equal(hx_hist_bucket_low(HX_HIST_BUCKETS - 1),
                     UINT64_MAX - ((UINT64_C(1) << 53) - 1));
    assert_int_equal(HX_HIST_BUCKETS % HX_HIST_CHUNK, 0);
    /* every bucket's lowest value maps back to it, and values within a
     * bucket are within 1/1024 of its lowest */
    for (uint64_t b = 0; b < HX_HIST_BUCKETS; b += 37) {
        uint64_t lo = hx_hist_bucket_low(b);

        assert_int_equal(hx_hist_bucket(lo), b);
        if (b + 1 < HX_HIST_BUCKETS) {
            uint64_t next = hx_hist_bucket_low(b + 1);

            assert_true(next > lo);
            assert_int_equal(hx_hist_bucket(next - 1), b);
            assert_true((next - 1 - lo) * 1024 <= lo || lo < HX_HIST_EXACT_NS);
        }
    }
}

static void test_pct_merge(void **state)
{
    struct hx_hist a, b;

    (void)state;
    hx_hist_init(&a);
    hx_hist_init(&b);
    assert_int_equal(hx_hist_pct(&a, 50), 0);
    for (uint64_t v = 1; v <= 100; v++)
        assert_int_equal(hx_hist_add(v % 2 ? &a : &b, v * 100), 0);
    assert_int_equal(hx_hist_pct(&a, 50), 4900);           /* 100, 300 .. 9900 */
    assert_int_equal(hx_hist_pct(&b, 99), 10000);
    assert_int_equal(hx_hist_merge(&a, &b), 0);
    assert_int_equal(a.n, 100);
    assert_int_equal(a.max, 10000);
    assert_int_equal(hx_hist_pct(&a, 50), 5000);
    assert_int_equal(hx_hist_pct(&a, 99), 9900);
    assert_int_equal(hx_hist_pct(&a, 100), 10000);
    /* above 16,384 ns: the bucket's lowest value, within 0.1% below */
    assert_int_equal(hx_hist_add(&b, 1234567), 0);
    assert_int_equal(hx_hist_pct(&b, 100), 1233920);  /* width 1024 */
    assert_int_equal(b.max, 1234567);
    hx_hist_free(&a);
    hx_hist_free(&b);
}

/* By power of two, exactly: values on both sides of 2^k, and above 2^31. */
static void test_log2(void **state)
{
    static const uint64_t v[] = { 0, 1, 2, 3, 1023, 1024, 16383, 16384, 16385,
                                  (UINT64_C(1) << 31) - 1, UINT64_C(1) << 31,
                                  UINT64_C(1) << 40 };
    uint64_t out[HX_HIST_LOG2_BINS], sum = 0;
    struct hx_hist h;

    (void)state;
    hx_hist_init(&h);
    for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
        assert_int_equal(hx_hist_add(&h, v[i]), 0);
    assert_int_equal(hx_hist_add(&h, 1000), 0);
    hx_hist_log2(&h, out);
    assert_int_equal(out[0], 2);        /* 0 and 1 */
    assert_int_equal(out[1], 2);        /* 2, 3 */
    assert_int_equal(out[9], 2);        /* 1000, 1023 */
    assert_int_equal(out[10], 1);       /* 1024 */
    assert_int_equal(out[13], 1);       /* 16383 */
    assert_int_equal(out[14], 2);       /* 16384, 16385: bucketed, same bin */
    assert_int_equal(out[30], 1);       /* 2^31 - 1 */
    assert_int_equal(out[31], 2);       /* 2^31 and above */
    for (unsigned k = 0; k < HX_HIST_LOG2_BINS; k++)
        sum += out[k];
    assert_int_equal(sum, h.n);
    hx_hist_free(&h);
    hx_hist_log2(&h, out);              /* empty: all zero */
    for (unsigned k = 0; k < HX_HIST_LOG2_BINS; k++)
        assert_int_equal(out[k], 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_buckets),
        cmocka_unit_test(test_pct_merge),
        cmocka_unit_test(test_log2),
    };

    return cmocka_run_group_tests_name("hist", tests, NULL, NULL);
}
