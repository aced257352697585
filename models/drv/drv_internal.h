/* SPDX-License-Identifier: MIT */
/*
 * drv_internal.h - what the table-kind drivers (idxd, msix) share: an entry
 * of four dwords (addr_lo, addr_hi, data, control) in one address space,
 * programmed the same way whatever the table (drv_table.c).
 */
#ifndef IMSLAB_MODELS_DRV_INTERNAL_H
#define IMSLAB_MODELS_DRV_INTERNAL_H

#include "models/drv/drv.h"

/**
 * struct drv_table - where a table kind keeps an entry.
 * @space: enum drv_space
 * @entry_off: offset of entry @entry's first dword in @space
 * @addr_lo, @addr_hi, @data, @ctrl: offsets of the words in an entry
 * @ctrl_word: the control word that masks (@masked) or enables the entry
 */
struct drv_table {
    unsigned space;
    uint64_t (*entry_off)(uint32_t entry);
    unsigned addr_lo, addr_hi, data, ctrl;
    uint32_t (*ctrl_word)(const struct drv *d, bool masked);
};

/* The operations of a table kind, over d->ops->table. */
void drv_table_update(struct drv *d, struct seq *s, uint32_t entry,
                      const struct msi_msg *m, const struct drv_update *how);
void drv_table_mask(struct drv *d, struct seq *s, uint32_t entry, bool masked);
void drv_table_ctrl(struct drv *d, struct seq *s, uint32_t entry, uint32_t word);

/* A table kind's ops: its name and layout, the shared operations. */
#define DRV_TABLE_OPS(nm, layout)                                            \
    { .name = (nm), .update = drv_table_update, .mask = drv_table_mask,    \
      .ctrl = drv_table_ctrl, .table = (layout) }

#endif /* IMSLAB_MODELS_DRV_INTERNAL_H */
