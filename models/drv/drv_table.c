/* SPDX-License-Identifier: MIT */
/*
 * drv_table.c - programming one entry of a table of pairs (an IDXD IMS
 * slot, an MSI-X entry), and the driver instance (drv.h).
 *
 * An update is: [mask] addr_lo, addr_hi, data [read-back of data] [the
 * control word], each an access through the driver's port, in that order.
 * The pair's dwords are written low address first, as the devices sample
 * them per dword (docs/devices.md: a rewrite of an unmasked entry can be
 * torn, which is why Linux's irqchips mask around it).
 */
#include "models/drv/drv_internal.h"

void drv_init(struct drv *d, const struct drv_ops *ops, struct seq_port *port,
              uint32_t pasid, const struct drv_mlx5_cfg *mlx5)
{
    *d = (struct drv){ .ops = ops, .port = port, .pasid = pasid };
    if (mlx5)
        d->mlx5 = *mlx5;
}

const struct drv_ops *drv_ims_ops(enum siov_kind kind)
{
    switch (kind) {
    case SIOV_KIND_IDXD: return &drv_idxd_ops;
    case SIOV_KIND_MLX5: return &drv_mlx5_ops;
    default: return NULL;
    }
}

void drv_table_ctrl(struct drv *d, struct seq *s, uint32_t entry, uint32_t word)
{
    const struct drv_table *t = d->ops->table;

    seq_w32(s, t->space, t->entry_off(entry) + t->ctrl, word);
}

void drv_table_mask(struct drv *d, struct seq *s, uint32_t entry, bool masked)
{
    drv_table_ctrl(d, s, entry, d->ops->table->ctrl_word(d, masked));
}

void drv_table_update(struct drv *d, struct seq *s, uint32_t entry,
                      const struct msi_msg *m, const struct drv_update *how)
{
    const struct drv_table *t = d->ops->table;
    uint64_t e = t->entry_off(entry);

    if (how->mask_around)
        drv_table_mask(d, s, entry, true);
    seq_w32(s, t->space, e + t->addr_lo, m->addr_lo);
    seq_w32(s, t->space, e + t->addr_hi, m->addr_hi);
    seq_w32(s, t->space, e + t->data, m->data);
    if (how->flush)
        seq_r32(s, t->space, e + t->data);
    switch (how->after) {
    case DRV_AFTER_RESTORE:
        if (how->mask_around)
            drv_table_mask(d, s, entry, false);
        break;
    case DRV_AFTER_ENABLE:
        drv_table_mask(d, s, entry, false);
        break;
    case DRV_AFTER_CTRL:
        drv_table_ctrl(d, s, entry, how->ctrl);
        break;
    default:
        break;
    }
}
