/* SPDX-License-Identifier: MIT */
/*
 * drv_mlx5.c - the mlx5 EQ driver: every change to an EQ is a command in
 * a mailbox in memory, fetched by the device by DMA when the driver rings
 * its channel's doorbell (docs/devices.md, kind mlx5).  The pair travels in
 * CREATE_EQ and MODIFY_EQ; ARM_EQ and DISARM_EQ are the mask.
 */
#include "models/drv/drv.h"

#include "models/siov/mlx5_layout.h"

void drv_mlx5_cmd(struct drv *d, struct seq *s, uint32_t opcode, uint32_t eqn,
                  const struct msi_msg *m)
{
    const struct drv_mlx5_cfg *c = &d->mlx5;
    uint64_t mb = c->mbox;

    seq_memw32(s, mb + SIOV_MLX5_CMD_OPCODE, opcode);
    seq_memw32(s, mb + SIOV_MLX5_CMD_EQN, eqn);
    seq_memw32(s, mb + SIOV_MLX5_CMD_ADDR_LO, m ? m->addr_lo : 0);
    seq_memw32(s, mb + SIOV_MLX5_CMD_ADDR_HI, m ? m->addr_hi : 0);
    seq_memw32(s, mb + SIOV_MLX5_CMD_DATA, m ? m->data : 0);
    seq_memw32(s, mb + SIOV_MLX5_CMD_PASID, d->pasid);
    seq_memw32(s, mb + SIOV_MLX5_CMD_FLAGS, SIOV_MLX5_CMD_FLAG_PASID_EN);
    seq_memw32(s, mb + SIOV_MLX5_CMD_TOKEN, c->token);
    seq_memw32(s, mb + SIOV_MLX5_CMD_STATUS, 0);
    if (c->cmdq_per_command || !d->cmdq_set) {
        /* the device fetches the mailbox by DMA, at the address it uses */
        seq_w32(s, DRV_BAR0, siov_mlx5_chan_offset(c->chan, SIOV_MLX5_CMDQ_ADDR_LO),
                (uint32_t)c->mbox_dma);
        seq_w32(s, DRV_BAR0, siov_mlx5_chan_offset(c->chan, SIOV_MLX5_CMDQ_ADDR_HI),
                (uint32_t)(c->mbox_dma >> 32));
        d->cmdq_set = true;
    }
    seq_w32(s, DRV_BAR0, siov_mlx5_chan_offset(c->chan, SIOV_MLX5_DOORBELL), 1);
    seq_poll(s, DRV_BAR0, siov_mlx5_chan_offset(c->chan, SIOV_MLX5_CHAN_STATUS),
             SIOV_MLX5_CHAN_STATUS_BUSY, 0);
    seq_memchk(s, mb + SIOV_MLX5_CMD_STATUS,
               SIOV_MLX5_STS_DONE | SIOV_MLX5_STS_CODE_MASK,
               SIOV_MLX5_STS_DONE | SIOV_MLX5_STS_OK, opcode);
}

static void update(struct drv *d, struct seq *s, uint32_t entry,
                   const struct msi_msg *m, const struct drv_update *how)
{
    drv_mlx5_cmd(d, s, how->exists ? SIOV_MLX5_OP_MODIFY_EQ : SIOV_MLX5_OP_CREATE_EQ,
                 entry, m);
    /* CREATE_EQ leaves the EQ unarmed; MODIFY_EQ keeps its arm state */
    if (how->after == DRV_AFTER_ENABLE ||
        (how->after == DRV_AFTER_RESTORE && !how->exists))
        drv_mlx5_cmd(d, s, SIOV_MLX5_OP_ARM_EQ, entry, NULL);
}

static void mask(struct drv *d, struct seq *s, uint32_t entry, bool masked)
{
    drv_mlx5_cmd(d, s, masked ? SIOV_MLX5_OP_DISARM_EQ : SIOV_MLX5_OP_ARM_EQ, entry,
                 NULL);
}

const struct drv_ops drv_mlx5_ops = {
    .name = "mlx5", .update = update, .mask = mask, .ctrl = NULL, .table = NULL,
};
