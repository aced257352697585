/* SPDX-License-Identifier: MIT */
/*
 * mlx5_layout.h - the mlx5-like device's BAR0 command channels, command
 * mailbox and event-queue (EQ) context layouts.
 *
 * This device keeps every interrupt addr/data pair in an EQ context in host
 * memory.  A driver creates and changes contexts only with commands: it
 * writes a command into a mailbox in memory, points a channel's CMDQ address
 * registers at it and rings the channel's doorbell; the device fetches the
 * command by DMA, executes it COST_DEV_CMD later, writes the context
 * into its own context memory (host memory given at creation) and writes a
 * status word back into the mailbox.  No BAR register ever holds a pair, so
 * a VMM that traps BAR0 cannot see one (seed 000, Jason Gunthorpe: "on
 * something like mlx5 this is completely unworkable").
 *
 * The layout is imslab's own, small and fixed; it is modelled on mlx5's
 * firmware command interface (Linux include/linux/mlx5/mlx5_ifc.h:
 * MLX5_CMD_OP_CREATE_EQ 0x301, MLX5_CMD_OP_DESTROY_EQ 0x302, whose values
 * imslab reuses).  MODIFY, ARM and DISARM are imslab opcodes: real mlx5 arms
 * an EQ by a UAR doorbell write carrying the EQ number and consumer index,
 * which carries no pair either.  All words are little-endian.
 */
#ifndef IMSLAB_SIOV_MLX5_LAYOUT_H
#define IMSLAB_SIOV_MLX5_LAYOUT_H

#include <stdbool.h>
#include <stdint.h>

/* ---- BAR0 --------------------------------------------------------------- */

/* device capabilities, read-only */
#define SIOV_MLX5_CAP_EQS          0x000u  /* number of EQs */
#define SIOV_MLX5_CAP_CHANNELS     0x004u  /* number of command channels */

/*
 * Command channels, one 4 KiB page each so that a VMM can map an ADI's
 * page into a guest by itself: channel 0 belongs to the function (host
 * driver; its DMA carries no PASID), channel 1 + i to ADI i (its DMA carries
 * ADI i's PASID).
 */
#define SIOV_MLX5_CHAN_BASE        0x1000u
#define SIOV_MLX5_CHAN_STRIDE      0x1000u
#define SIOV_MLX5_CHAN_FN          0u
#define SIOV_MLX5_CHAN_ADI(i)      (1u + (i))

#define SIOV_MLX5_CMDQ_ADDR_LO     0x00u   /* RW; bits 5:0 read 0 */
#define SIOV_MLX5_CMDQ_ADDR_HI     0x04u   /* RW */
#define SIOV_MLX5_DOORBELL         0x08u   /* WO: any write rings; reads 0 */
#define SIOV_MLX5_CHAN_STATUS      0x0cu   /* RO */

#define SIOV_MLX5_CMDQ_ADDR_LO_MASK  UINT32_C(0xffffffc0)
#define SIOV_MLX5_CHAN_STATUS_BUSY   (UINT32_C(1) << 0)  /* command running */
#define SIOV_MLX5_CHAN_STATUS_FAULT  (UINT32_C(1) << 1)  /* mailbox DMA fault */

/** siov_mlx5_chan_offset - BAR0 offset of register @reg of channel @chan. */
static inline uint64_t siov_mlx5_chan_offset(uint32_t chan, uint32_t reg)
{
    return SIOV_MLX5_CHAN_BASE + (uint64_t)chan * SIOV_MLX5_CHAN_STRIDE + reg;
}

/* ---- command mailbox in host memory (64 bytes, 64-byte aligned) --------- */

#define SIOV_MLX5_CMD_SIZE         64u
#define SIOV_MLX5_CMD_OPCODE       0x00u
#define SIOV_MLX5_CMD_EQN          0x04u
#define SIOV_MLX5_CMD_ADDR_LO      0x08u
#define SIOV_MLX5_CMD_ADDR_HI      0x0cu
#define SIOV_MLX5_CMD_DATA         0x10u
#define SIOV_MLX5_CMD_PASID        0x14u   /* bits 19:0 */
#define SIOV_MLX5_CMD_FLAGS        0x18u
#define SIOV_MLX5_CMD_TOKEN        0x1cu   /* bits 15:0, echoed in the status */
#define SIOV_MLX5_CMD_STATUS       0x20u   /* written by the device, last */

#define SIOV_MLX5_CMD_PASID_MASK   UINT32_C(0xfffff)
#define SIOV_MLX5_CMD_FLAG_PASID_EN (UINT32_C(1) << 0)

enum siov_mlx5_opcode {
    SIOV_MLX5_OP_CREATE_EQ  = 0x301,   /* = MLX5_CMD_OP_CREATE_EQ */
    SIOV_MLX5_OP_DESTROY_EQ = 0x302,   /* = MLX5_CMD_OP_DESTROY_EQ */
    SIOV_MLX5_OP_MODIFY_EQ  = 0x3f0,   /* imslab: new addr/data/PASID */
    SIOV_MLX5_OP_ARM_EQ     = 0x3f1,   /* imslab: unmask (replays pending) */
    SIOV_MLX5_OP_DISARM_EQ  = 0x3f2,   /* imslab: mask */
};

/* status word: bit 31 done, bits 23:8 the command's token, bits 7:0 code */
#define SIOV_MLX5_STS_DONE         (UINT32_C(1) << 31)
#define SIOV_MLX5_STS_TOKEN_SHIFT  8
#define SIOV_MLX5_STS_TOKEN_MASK   (UINT32_C(0xffff) << 8)
#define SIOV_MLX5_STS_CODE_MASK    UINT32_C(0xff)

enum siov_mlx5_status {
    SIOV_MLX5_STS_OK         = 0x00,
    SIOV_MLX5_STS_BAD_OPCODE = 0x01,
    SIOV_MLX5_STS_BAD_EQN    = 0x02,   /* eqn >= number of EQs */
    SIOV_MLX5_STS_EQ_EXISTS  = 0x03,   /* CREATE on a valid EQ */
    SIOV_MLX5_STS_NO_EQ      = 0x04,   /* any other opcode on an invalid EQ */
    SIOV_MLX5_STS_BAD_PARAM  = 0x05,   /* reserved bits set */
    SIOV_MLX5_STS_NOT_OWNER  = 0x06,   /* an ADI channel on another's EQ */
    SIOV_MLX5_STS_CTX_FAULT  = 0x07,   /* context memory unreachable by DMA */
};

static inline uint32_t siov_mlx5_sts_make(uint32_t code, uint32_t token)
{
    return SIOV_MLX5_STS_DONE |
           ((token << SIOV_MLX5_STS_TOKEN_SHIFT) & SIOV_MLX5_STS_TOKEN_MASK) |
           (code & SIOV_MLX5_STS_CODE_MASK);
}

static inline uint32_t siov_mlx5_sts_code(uint32_t sts)
{
    return sts & SIOV_MLX5_STS_CODE_MASK;
}

static inline uint32_t siov_mlx5_sts_token(uint32_t sts)
{
    return (sts & SIOV_MLX5_STS_TOKEN_MASK) >> SIOV_MLX5_STS_TOKEN_SHIFT;
}

/* ---- EQ context in the device's context memory (32 bytes per EQ) -------- */

#define SIOV_MLX5_EQC_SIZE         32u
#define SIOV_MLX5_EQC_ADDR_LO      0x00u
#define SIOV_MLX5_EQC_ADDR_HI      0x04u
#define SIOV_MLX5_EQC_DATA         0x08u
#define SIOV_MLX5_EQC_CTRL         0x0cu
#define SIOV_MLX5_EQC_OWNER        0x10u   /* the channel that created it */

#define SIOV_MLX5_EQC_VALID        (UINT32_C(1) << 0)
#define SIOV_MLX5_EQC_ARMED        (UINT32_C(1) << 1)
#define SIOV_MLX5_EQC_PENDING      (UINT32_C(1) << 2)
#define SIOV_MLX5_EQC_PASID_EN     (UINT32_C(1) << 3)
#define SIOV_MLX5_EQC_PASID_SHIFT  12
#define SIOV_MLX5_EQC_PASID_MASK   (UINT32_C(0xfffff) << 12)

static inline uint32_t siov_mlx5_eqc_pasid(uint32_t ctrl)
{
    return (ctrl & SIOV_MLX5_EQC_PASID_MASK) >> SIOV_MLX5_EQC_PASID_SHIFT;
}

/** siov_mlx5_eqc_addr - host address of EQ @eqn's context. */
static inline uint64_t siov_mlx5_eqc_addr(uint64_t ctx_base, uint32_t eqn)
{
    return ctx_base + (uint64_t)eqn * SIOV_MLX5_EQC_SIZE;
}

#endif /* IMSLAB_SIOV_MLX5_LAYOUT_H */
