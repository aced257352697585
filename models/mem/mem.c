/* SPDX-License-Identifier: MIT */
/* mem.c - RAM regions with bounds-checked, little-endian access. */
#include "mem.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void mem_init(struct mem *m)
{
    m->r = NULL;
    m->n = 0;
}

void mem_fini(struct mem *m)
{
    for (size_t i = 0; i < m->n; i++)
        free(m->r[i].bytes);
    free(m->r);
    mem_init(m);
}

int mem_add_region(struct mem *m, uint64_t base, uint64_t size)
{
    struct mem_region *r;
    uint8_t *bytes;

    if (size == 0 || base + size < base)
        return -EINVAL;
    for (size_t i = 0; i < m->n; i++)
        if (base < m->r[i].base + m->r[i].size && m->r[i].base < base + size)
            return -EINVAL;
    bytes = calloc(1, size);
    if (!bytes)
        return -ENOMEM;
    r = realloc(m->r, (m->n + 1) * sizeof(*r));
    if (!r) {
        free(bytes);
        return -ENOMEM;
    }
    m->r = r;
    m->r[m->n].base = base;
    m->r[m->n].size = size;
    m->r[m->n].bytes = bytes;
    m->n++;
    return 0;
}

static uint8_t *find(const struct mem *m, uint64_t addr, size_t len)
{
    if (addr + len < addr)
        return NULL;
    for (size_t i = 0; i < m->n; i++) {
        const struct mem_region *r = &m->r[i];

        if (addr >= r->base && addr + len <= r->base + r->size)
            return r->bytes + (addr - r->base);
    }
    return NULL;
}

int mem_read(const struct mem *m, uint64_t addr, void *buf, size_t len)
{
    uint8_t *p = find(m, addr, len);

    if (!p)
        return -EFAULT;
    memcpy(buf, p, len);
    return 0;
}

int mem_write(struct mem *m, uint64_t addr, const void *buf, size_t len)
{
    uint8_t *p = find(m, addr, len);

    if (!p)
        return -EFAULT;
    memcpy(p, buf, len);
    return 0;
}

/* Little-endian words at @p (compilers make each one load or store). */
static uint32_t ld32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static uint64_t ld64(const uint8_t *p)
{
    return (uint64_t)ld32(p + 4) << 32 | ld32(p);
}

static void st64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

int mem_read32(const struct mem *m, uint64_t addr, uint32_t *v)
{
    const uint8_t *p = find(m, addr, 4);

    if (!p)
        return -EFAULT;
    *v = ld32(p);
    return 0;
}

int mem_read64(const struct mem *m, uint64_t addr, uint64_t *v)
{
    const uint8_t *p = find(m, addr, 8);
    uint32_t lo, hi;
    int rc;

    if (p) {
        *v = ld64(p);
        return 0;
    }
    /* the two halves may still lie in two adjacent regions */
    rc = mem_read32(m, addr, &lo);
    if (!rc)
        rc = mem_read32(m, addr + 4, &hi);
    if (rc)
        return rc;
    *v = (uint64_t)hi << 32 | lo;
    return 0;
}

int mem_write32(struct mem *m, uint64_t addr, uint32_t v)
{
    uint8_t b[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16),
                     (uint8_t)(v >> 24) };

    return mem_write(m, addr, b, sizeof(b));
}

int mem_write64(struct mem *m, uint64_t addr, uint64_t v)
{
    uint8_t *p = find(m, addr, 8);

    if (!p)
        return -EFAULT;
    st64(p, v);
    return 0;
}

int mem_read64s(const struct mem *m, uint64_t addr, uint64_t *v, size_t n)
{
    const uint8_t *p = n <= SIZE_MAX / 8 ? find(m, addr, 8 * n) : NULL;

    if (p) {
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        memcpy(v, p, 8 * n); /* the host's words are the guest's */
#else
        for (size_t i = 0; i < n; i++)
            v[i] = ld64(p + 8 * i);
#endif
        return 0;
    }
    for (size_t i = 0; i < n; i++) { /* word by word, as separate reads */
        int rc = mem_read64(m, addr + 8 * i, &v[i]);

        if (rc)
            return rc;
    }
    return 0;
}

int mem_write64s(struct mem *m, uint64_t addr, const uint64_t *v, size_t n)
{
    uint8_t *p = n <= SIZE_MAX / 8 ? find(m, addr, 8 * n) : NULL;

    if (p) {
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        memcpy(p, v, 8 * n); /* the host's words are the guest's */
#else
        for (size_t i = 0; i < n; i++)
            st64(p + 8 * i, v[i]);
#endif
        return 0;
    }
    for (size_t i = 0; i < n; i++) { /* word by word, as separate writes */
        int rc = mem_write64(m, addr + 8 * i, v[i]);

        if (rc)
            return rc;
    }
    return 0;
}
