/* SPDX-License-Identifier: MIT */
/*
 * mem.h - simulated host-physical memory: a set of RAM regions.
 *
 * The IOMMU reads its interrupt remapping table and posted-interrupt
 * descriptors from here, and a device reads host-memory contexts (mlx5-like
 * IMS) from here by DMA.  An access outside every region fails with
 * -EFAULT, which is how a model sees a table read error (VT-d fault 0x23).
 * Little-endian, as x86.
 */
#ifndef IMSLAB_MODELS_MEM_H
#define IMSLAB_MODELS_MEM_H

#include <stddef.h>
#include <stdint.h>

struct mem_region {
    uint64_t base;
    uint64_t size;
    uint8_t *bytes;
};

struct mem {
    struct mem_region *r;
    size_t n;
};

/** mem_init - an empty address space. */
void mem_init(struct mem *m);

/** mem_fini - free every region. */
void mem_fini(struct mem *m);

/**
 * mem_add_region - back [@base, @base + @size) with zeroed RAM.
 * Return: 0, -EINVAL (empty, wraps, or overlaps a region), -ENOMEM.
 */
int mem_add_region(struct mem *m, uint64_t base, uint64_t size);

/** mem_read - copy @len bytes at @addr; 0 or -EFAULT (nothing copied). */
int mem_read(const struct mem *m, uint64_t addr, void *buf, size_t len);

/** mem_write - copy @len bytes to @addr; 0 or -EFAULT (nothing written). */
int mem_write(struct mem *m, uint64_t addr, const void *buf, size_t len);

int mem_read32(const struct mem *m, uint64_t addr, uint32_t *v);
int mem_read64(const struct mem *m, uint64_t addr, uint64_t *v);
int mem_write32(struct mem *m, uint64_t addr, uint32_t v);
int mem_write64(struct mem *m, uint64_t addr, uint64_t v);

/**
 * mem_read64s - read @n little-endian 64-bit words at @addr into @v: the
 * same as @n mem_read64() calls in order (a failing one ends it, the words
 * before it read), in one region look-up when one region holds them all.
 */
int mem_read64s(const struct mem *m, uint64_t addr, uint64_t *v, size_t n);

/** mem_write64s - write @n words, as @n mem_write64() calls in order. */
int mem_write64s(struct mem *m, uint64_t addr, const uint64_t *v, size_t n);

#endif /* IMSLAB_MODELS_MEM_H */
