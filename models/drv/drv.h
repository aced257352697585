/* SPDX-License-Identifier: MIT */
/*
 * drv.h - the device drivers' programming sequences, one library per device
 * kind, shared by the guest stub and the VMM's host side.
 *
 * A driver appends accesses to a sequence (models/seq.h) over a port: the
 * guest's port goes through the VMM's trap map (vmm_guest_mmio_*), the
 * host's reaches the device after the MMIO cost.  So every register write
 * an IDXD IMS slot, an MSI-X entry or an mlx5 EQ gets is written here once;
 * where the guest's and the host's drivers differ, the difference is a
 * named parameter (struct drv_update, struct drv_mlx5_cfg), not a copy.
 *
 *   idxd  an IMS slot in BAR0 (docs/devices.md, kind idxd): addr_lo,
 *         addr_hi, data, ctrl (mask bit, PASID enable, PASID)
 *   msix  an MSI-X table entry (PCIe 7.7.2): addr_lo, addr_hi, data,
 *         vector control (mask bit)
 *   mlx5  an EQ context, through mailbox commands on a channel
 *         (CREATE_EQ / MODIFY_EQ carry the pair; ARM_EQ / DISARM_EQ mask)
 */
#ifndef IMSLAB_MODELS_DRV_DRV_H
#define IMSLAB_MODELS_DRV_DRV_H

#include <stdbool.h>
#include <stdint.h>

#include "models/iommu/msi.h"
#include "models/seq.h"
#include "models/siov/siov.h"

/* The address spaces of a device a driver accesses (seq_w32's @space). */
enum drv_space {
    DRV_BAR0 = 0,    /* the function's BAR0: idxd IMS slots, mlx5 channels */
    DRV_MSIX = 1,    /* the function's MSI-X table */
};

/* What an update leaves the entry as, after the pair is written. */
enum drv_after {
    DRV_AFTER_NONE = 0,   /* nothing more: the entry stays as the update
                           * left it (masked after a mask-around, an EQ
                           * created unarmed) */
    DRV_AFTER_RESTORE,    /* enabled: re-enable only what the update itself
                           * disabled (unmask after a mask-around, arm an EQ
                           * the update created) */
    DRV_AFTER_ENABLE,     /* enabled, written every time (unmask; ARM_EQ) */
    DRV_AFTER_CTRL,       /* table kinds: write @ctrl as the control word
                           * (a guest's own word the VMM passes through) */
};

/**
 * struct drv_update - how an entry's pair is updated.
 * @mask_around: table kinds: mask the entry before the pair is written, so
 *               no raise sees half a pair (Linux's IDXD IMS and PCI MSI-X
 *               irqchips, GUEST-MSIX-01)
 * @flush: table kinds: read the data word back after the pair, so the
 *         writes are posted before the unmask (the IDXD IMS irqchip)
 * @exists: mlx5: the EQ exists (MODIFY_EQ, else CREATE_EQ)
 * @after: enum drv_after
 * @ctrl: the control word for %DRV_AFTER_CTRL
 */
struct drv_update {
    bool mask_around;
    bool flush;
    bool exists;
    enum drv_after after;
    uint32_t ctrl;
};

/**
 * struct drv_mlx5_cfg - where a driver's mlx5 commands go.
 * @chan: the command channel (SIOV_MLX5_CHAN_FN for the host,
 *        SIOV_MLX5_CHAN_ADI(i) for ADI i's driver)
 * @mbox: the command mailbox, as the driver's CPU addresses memory
 * @mbox_dma: the same mailbox as the device addresses it (CMDQ_ADDR)
 * @token: the token the driver puts in its commands
 * @cmdq_per_command: write CMDQ_ADDR before every command (the host's
 *        driver, which owns no channel state between commands); else once,
 *        before the driver's first command
 */
struct drv_mlx5_cfg {
    uint32_t chan;
    uint64_t mbox;
    uint64_t mbox_dma;
    uint32_t token;
    bool cmdq_per_command;
};

struct drv;
struct drv_table;

/**
 * struct drv_ops - one device kind's driver.
 * @name: "idxd", "mlx5", "msix"
 * @update: append the accesses that put @m into entry @entry
 * @mask: append the accesses that mask (@masked) or unmask entry @entry
 * @ctrl: table kinds: write entry @entry's control word as given; NULL for
 *        mlx5 (an EQ has no control word a driver writes)
 * @table: table kinds: the entry layout their operations use (internal)
 */
struct drv_ops {
    const char *name;
    void (*update)(struct drv *d, struct seq *s, uint32_t entry,
                   const struct msi_msg *m, const struct drv_update *how);
    void (*mask)(struct drv *d, struct seq *s, uint32_t entry, bool masked);
    void (*ctrl)(struct drv *d, struct seq *s, uint32_t entry, uint32_t word);
    const struct drv_table *table;
};

/**
 * struct drv - one driver instance.
 * @ops: its kind
 * @port: the port (and queue) its sequences go to
 * @pasid: the PASID its entries carry (the ADI's): idxd ctrl, mlx5 command
 * @mlx5: mlx5 only
 * @cmdq_set: mlx5: CMDQ_ADDR was written (internal)
 */
struct drv {
    const struct drv_ops *ops;
    struct seq_port *port;
    uint32_t pasid;
    struct drv_mlx5_cfg mlx5;
    bool cmdq_set;
};

extern const struct drv_ops drv_idxd_ops;
extern const struct drv_ops drv_mlx5_ops;
extern const struct drv_ops drv_msix_ops;

/**
 * drv_ims_ops - the IMS driver of a device kind: idxd or mlx5; NULL for a
 * kind without IMS (msix).
 */
const struct drv_ops *drv_ims_ops(enum siov_kind kind);

/** drv_init - a driver of @ops on @port for entries of @pasid. */
void drv_init(struct drv *d, const struct drv_ops *ops, struct seq_port *port,
              uint32_t pasid, const struct drv_mlx5_cfg *mlx5);

static inline void drv_update(struct drv *d, struct seq *s, uint32_t entry,
                              const struct msi_msg *m, const struct drv_update *how)
{
    d->ops->update(d, s, entry, m, how);
}

static inline void drv_mask(struct drv *d, struct seq *s, uint32_t entry,
                            bool masked)
{
    d->ops->mask(d, s, entry, masked);
}

/** drv_ctrl - write a table entry's control word (no-op for mlx5). */
static inline void drv_ctrl(struct drv *d, struct seq *s, uint32_t entry,
                            uint32_t word)
{
    if (d->ops->ctrl)
        d->ops->ctrl(d, s, entry, word);
}

/**
 * drv_mlx5_cmd - append one mlx5 command (docs/devices.md, kind mlx5): the
 * mailbox words (opcode, EQN, the pair or zeros, PASID, PASID enable,
 * token, status 0), CMDQ_ADDR when due, the doorbell, a poll until the
 * channel is not busy, and a check that the status word says done, OK.
 */
void drv_mlx5_cmd(struct drv *d, struct seq *s, uint32_t opcode, uint32_t eqn,
                  const struct msi_msg *m);

#endif /* IMSLAB_MODELS_DRV_DRV_H */
