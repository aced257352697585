/* SPDX-License-Identifier: MIT */
/* ir_table.c - host-side IRTE allocation and table writes (see ir_table.h). */
#include "ir_table.h"

#include <errno.h>
#include <stdlib.h>

#include "models/iommu/ir.h"

#define MAX_BLOCK 32u

static bool bit(const struct ir_table *t, uint32_t i)
{
    return (t->bitmap[i / 64] >> (i % 64)) & 1;
}

static void set_bits(struct ir_table *t, uint32_t first, uint32_t n, bool v)
{
    for (uint32_t i = first; i < first + n; i++) {
        if (v)
            t->bitmap[i / 64] |= UINT64_C(1) << (i % 64);
        else
            t->bitmap[i / 64] &= ~(UINT64_C(1) << (i % 64));
    }
}

static unsigned round_pow2(unsigned n)
{
    unsigned p = 1;

    while (p < n)
        p <<= 1;
    return p;
}

static uint8_t order_of(unsigned pow2)
{
    uint8_t o = 0;

    while ((1u << o) < pow2)
        o++;
    return o;
}

static void pack(const struct irte *e, uint8_t b[IRTE_SIZE])
{
    for (int i = 0; i < 8; i++) {
        b[i] = (uint8_t)(e->lo >> (8 * i));
        b[8 + i] = (uint8_t)(e->hi >> (8 * i));
    }
}

int ir_table_init(struct ir_table *t, struct mem *mem, uint64_t base,
                  unsigned s, bool eime)
{
    static const uint8_t zero[IRTE_SIZE];
    uint32_t nr;

    if ((base & ~IR_IRTA_ADDR_MASK) || s > 15)
        return -EINVAL;
    nr = UINT32_C(2) << s;
    for (uint32_t i = 0; i < nr; i++) {
        int rc = mem_write(mem, base + (uint64_t)i * IRTE_SIZE, zero,
                           sizeof(zero));

        if (rc)
            return rc;
    }
    t->bitmap = calloc((nr + 63) / 64, sizeof(uint64_t));
    t->block = calloc(nr, 1);
    if (!t->bitmap || !t->block) {
        free(t->bitmap);
        free(t->block);
        return -ENOMEM;
    }
    t->mem = mem;
    t->base = base;
    t->s = s;
    t->eime = eime;
    t->nr = nr;
    t->used = 0;
    return 0;
}

void ir_table_fini(struct ir_table *t)
{
    free(t->bitmap);
    free(t->block);
    t->bitmap = NULL;
    t->block = NULL;
}

uint64_t ir_table_irta(const struct ir_table *t)
{
    return ir_irta_encode(t->base, t->s, t->eime);
}

int ir_table_alloc(struct ir_table *t, unsigned count)
{
    unsigned n;

    if (count == 0 || count > MAX_BLOCK)
        return -EINVAL;
    n = round_pow2(count);
    if (n > t->nr)
        return -ENOSPC;
    /* first naturally aligned free block, as bitmap_find_free_region() */
    for (uint32_t first = 0; first + n <= t->nr; first += n) {
        uint32_t i;

        for (i = first; i < first + n && !bit(t, i); i++)
            ;
        if (i == first + n) {
            set_bits(t, first, n, true);
            t->block[first] = (uint8_t)(order_of(n) + 1);
            t->used += n;
            return (int)first;
        }
    }
    return -ENOSPC;
}

int ir_table_free(struct ir_table *t, unsigned index, unsigned count)
{
    static const struct irte zero;
    unsigned n;

    if (count == 0 || count > MAX_BLOCK)
        return -EINVAL;
    n = round_pow2(count);
    /* only a whole block, as allocated */
    if (index >= t->nr || t->block[index] != order_of(n) + 1)
        return -EINVAL;
    /* Linux clear_entries(): zero the entries, then (caller) qi_flush_iec */
    for (uint32_t i = index; i < index + n; i++) {
        int rc = ir_table_write(t, i, &zero);

        if (rc)
            return rc;
    }
    set_bits(t, index, n, false);
    t->block[index] = 0;
    t->used -= n;
    return 0;
}

int ir_table_write(struct ir_table *t, unsigned index, const struct irte *e)
{
    uint8_t b[IRTE_SIZE];

    if (index >= t->nr)
        return -EINVAL;
    /* one 128-bit store (Linux modify_irte() uses cmpxchg_double) */
    pack(e, b);
    return mem_write(t->mem, t->base + (uint64_t)index * IRTE_SIZE, b,
                     sizeof(b));
}

int ir_table_read(const struct ir_table *t, unsigned index, struct irte *e)
{
    uint64_t addr = t->base + (uint64_t)index * IRTE_SIZE;
    int rc;

    if (index >= t->nr)
        return -EINVAL;
    rc = mem_read64(t->mem, addr, &e->lo);
    if (!rc)
        rc = mem_read64(t->mem, addr + 8, &e->hi);
    return rc;
}

bool ir_table_allocated(const struct ir_table *t, unsigned index)
{
    return index < t->nr && bit(t, index);
}
