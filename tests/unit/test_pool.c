/* SPDX-License-Identifier: MIT */
/* test_pool.c - the object pool (sim/pool.h) and word access to RAM
 * (models/mem/mem.h) the hot path uses. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "models/mem/mem.h"
#include "sim/pool.h"

/* Objects come back zeroed and are recycled last-in first-out; a pool
 * grows a block at a time and frees everything at fini. */
static void test_pool(void **state)
{
    struct sim_pool p;
    unsigned char *a, *b, *c;
    void *many[SIM_POOL_BLOCK * 3];

    (void)state;
    sim_pool_init(&p, 40);
    assert_int_equal(p.size % _Alignof(max_align_t), 0);
    assert_true(p.size >= 40);
    a = sim_pool_get(&p);
    b = sim_pool_get(&p);
    assert_non_null(a);
    assert_non_null(b);
    assert_ptr_not_equal(a, b);
    assert_int_equal(p.live, 2);
    memset(a, 0xab, 40);
    sim_pool_put(&p, a);
    sim_pool_put(&p, NULL);
    assert_int_equal(p.live, 1);
    c = sim_pool_get(&p);
    assert_ptr_equal(c, a);                  /* the one just put back */
    for (int i = 0; i < 40; i++)
        assert_int_equal(c[i], 0);
    for (size_t i = 0; i < sizeof(many) / sizeof(many[0]); i++) {
        many[i] = sim_pool_get(&p);
        assert_non_null(many[i]);
        for (size_t j = 0; j < i; j += 17)
            assert_ptr_not_equal(many[i], many[j]);
    }
    assert_int_equal(p.live, 2 + sizeof(many) / sizeof(many[0]));
    sim_pool_fini(&p);
    assert_null(p.blocks);
    assert_int_equal(p.live, 0);
}

/* mem_read64s/mem_write64s are mem_read64/mem_write64 in a row: little
 * endian, and word by word across two adjacent regions. */
static void test_mem_words(void **state)
{
    struct mem m;
    uint64_t w[3] = { 0x0123456789abcdefull, 0x1122334455667788ull, 7 }, r[3];
    uint32_t v32;

    (void)state;
    mem_init(&m);
    assert_int_equal(mem_add_region(&m, 0x1000, 0x100), 0);
    assert_int_equal(mem_add_region(&m, 0x1100, 0x100), 0);
    assert_int_equal(mem_write64s(&m, 0x1008, w, 3), 0);
    assert_int_equal(mem_read32(&m, 0x1008, &v32), 0);
    assert_int_equal(v32, 0x89abcdefu);
    assert_int_equal(mem_read32(&m, 0x100c, &v32), 0);
    assert_int_equal(v32, 0x01234567u);
    /* byte by byte: the copy of host words is the little-endian layout */
    {
        static const uint8_t le[8] = { 0xef, 0xcd, 0xab, 0x89,
                                       0x67, 0x45, 0x23, 0x01 };
        uint8_t b[8];

        assert_int_equal(mem_read(&m, 0x1008, b, sizeof(b)), 0);
        assert_memory_equal(b, le, sizeof(le));
        assert_int_equal(mem_write(&m, 0x1010, le, sizeof(le)), 0);
        assert_int_equal(mem_read64s(&m, 0x1010, r, 1), 0);
        assert_int_equal(r[0], w[0]);
        assert_int_equal(mem_write64s(&m, 0x1010, &w[1], 1), 0);
    }
    memset(r, 0, sizeof(r));
    assert_int_equal(mem_read64s(&m, 0x1008, r, 3), 0);
    assert_memory_equal(r, w, sizeof(w));
    /* straddling the two regions: word by word still works */
    assert_int_equal(mem_write64s(&m, 0x10f8, w, 2), 0);
    assert_int_equal(mem_read64s(&m, 0x10f8, r, 2), 0);
    assert_memory_equal(r, w, 2 * sizeof(w[0]));
    assert_int_equal(mem_read64(&m, 0x10fc, &r[0]), 0);  /* halves apart */
    assert_int_equal(r[0], (w[1] << 32) | (w[0] >> 32));
    /* off the end: the words before the failing one are done */
    memset(r, 0, sizeof(r));
    assert_int_equal(mem_write64s(&m, 0x11f0, w, 3), -EFAULT);
    assert_int_equal(mem_read64s(&m, 0x11f0, r, 3), -EFAULT);
    assert_int_equal(r[0], w[0]);
    assert_int_equal(r[1], w[1]);
    assert_int_equal(r[2], 0);
    assert_int_equal(mem_read64(&m, 0x2000, &r[0]), -EFAULT);
    mem_fini(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pool),
        cmocka_unit_test(test_mem_words),
    };

    return cmocka_run_group_tests_name("pool", tests, NULL, NULL);
}
