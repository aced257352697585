/* SPDX-License-Identifier: MIT */
/* mem.c - RAM regions with bounds-checked, little-endian access. */
#include "mem.h"

#include <errno.h>
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

int mem_read32(const struct mem *m, uint64_t addr, uint32_t *v)
{
    uint8_t b[4];
    int rc = mem_read(m, addr, b, sizeof(b));

    if (rc)
        return rc;
    *v = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
         (uint32_t)b[3] << 24;
    return 0;
}

int mem_read64(const struct mem *m, uint64_t addr, uint64_t *v)
{
    uint32_t lo, hi;
    int rc = mem_read32(m, addr, &lo);

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
    uint8_t b[8];

    for (int i = 0; i < 8; i++)
        b[i] = (uint8_t)(v >> (8 * i));
    return mem_write(m, addr, b, sizeof(b));
}
