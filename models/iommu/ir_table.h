/* SPDX-License-Identifier: MIT */
/*
 * ir_table.h - the host side of the interrupt remapping table: what an OS
 * or VMM does (Linux drivers/iommu/intel/irq_remapping.c alloc_irte(),
 * modify_irte(), free_irte(); KVM vmx_pi_update_irte() through
 * irq_set_vcpu_affinity()).
 *
 * Allocation hands out naturally aligned power-of-two blocks of indices
 * from a bitmap, as bitmap_find_free_region() does for multi-MSI.  Writing
 * an IRTE stores all 128 bits in one operation and does NOT invalidate the
 * IEC: the caller must follow it with ir_invalidate_iec() (Linux
 * qi_flush_iec()), or the remapping unit may keep using the old entry.
 */
#ifndef IMSLAB_IOMMU_IR_TABLE_H
#define IMSLAB_IOMMU_IR_TABLE_H

#include <stdbool.h>
#include <stdint.h>

#include "models/iommu/irte.h"
#include "models/mem/mem.h"

/**
 * struct ir_table - a table as the host allocates it.
 * @mem: the memory the table lives in
 * @base: its address, 4 KiB aligned
 * @s: the IRTA size field: 2^(@s + 1) entries
 * @eime: x2APIC mode, for ir_table_irta()
 * @nr: the number of entries
 * @used: entries allocated
 * @bitmap: one bit per entry, set when allocated
 * @block: per entry, log2(block size) + 1 where a block starts, else 0
 */
struct ir_table {
    struct mem *mem;
    uint64_t base;
    unsigned s;
    bool eime;
    uint32_t nr;
    uint32_t used;
    uint64_t *bitmap;
    uint8_t *block;
};

/**
 * ir_table_init - set up a table at @base and zero its entries in memory.
 * @t: the table
 * @mem: the memory; [@base, @base + 16 * 2^(@s+1)) must be backed
 * @base: 4 KiB-aligned table address
 * @s: size field, 0..15
 * @eime: x2APIC mode
 *
 * Return: 0, -EINVAL (misaligned @base or @s > 15), -EFAULT (memory not
 * backed), -ENOMEM.
 */
int ir_table_init(struct ir_table *t, struct mem *mem, uint64_t base,
                  unsigned s, bool eime);

/** ir_table_fini - free the bitmap (memory is left as it is). */
void ir_table_fini(struct ir_table *t);

/** ir_table_irta - the IRTA_REG value that points at this table. */
uint64_t ir_table_irta(const struct ir_table *t);

/**
 * ir_table_alloc - allocate @count contiguous entries.
 * @t: the table
 * @count: 1..32 (multi-MSI); rounded up to a power of two, and the block
 *         is aligned to it
 *
 * Return: the first index, -EINVAL (@count 0 or > 32), or -ENOSPC.
 */
int ir_table_alloc(struct ir_table *t, unsigned count);

/**
 * ir_table_free - release a block from ir_table_alloc() and clear its
 * entries in memory (P = 0).  The IEC is not invalidated.
 * @t: the table
 * @index: the first index
 * @count: the count given to ir_table_alloc()
 *
 * Return: 0, -EINVAL (not an allocated block), -EFAULT.
 */
int ir_table_free(struct ir_table *t, unsigned index, unsigned count);

/**
 * ir_table_write - store a 128-bit IRTE at @index in one operation.
 * @t: the table
 * @index: the entry
 * @e: its new value
 *
 * The IEC is not invalidated.
 *
 * Return: 0, -EINVAL (@index out of the table), -EFAULT.
 */
int ir_table_write(struct ir_table *t, unsigned index, const struct irte *e);

/**
 * ir_table_read - load the IRTE at @index.
 * @t: the table
 * @index: the entry
 * @e: receives it
 *
 * Return: 0, -EINVAL, -EFAULT.
 */
int ir_table_read(const struct ir_table *t, unsigned index, struct irte *e);

/** ir_table_allocated - is @index allocated? */
bool ir_table_allocated(const struct ir_table *t, unsigned index);

#endif /* IMSLAB_IOMMU_IR_TABLE_H */
