/* SPDX-License-Identifier: MIT */
/*
 * idxd_regs.h - the IDXD (DSA) BAR0 registers imslab models: VERSION,
 * GENCAP, the OFFSETS table and the IMS table of 16-byte slots.
 *
 * Names and bit positions follow Linux drivers/dma/idxd/registers.h and the
 * unmerged drivers/irqchip/irq-pci-intel-idxd.c (../shared/reference/
 * domain.md sections 2.5 and 6.4).  Registers are little-endian integer
 * words; every field is a shift/mask pair, never a bitfield.
 *
 * Only the registers below are modelled; the other offsets the OFFSETS
 * table names (GRPCFG, WQCFG, MSI-X permissions) read as unmapped, and of
 * the commands only the two interrupt-handle ones exist.
 */
#ifndef IMSLAB_SIOV_IDXD_REGS_H
#define IMSLAB_SIOV_IDXD_REGS_H

#include <stdbool.h>
#include <stdint.h>

/* ---- general registers (registers.h) ----------------------------------- */

#define IDXD_VER_OFFSET          0x00u
#define IDXD_DEVICE_VERSION_1    0x100u

/* GENCAP, 64 bits (registers.h union gen_cap_reg; domain.md 6.4) */
#define IDXD_GENCAP_OFFSET              0x10u
#define IDXD_GENCAP_CMD_CAP             (UINT64_C(1) << 4)
#define IDXD_GENCAP_MAX_XFER_SHIFT_SHIFT  16
#define IDXD_GENCAP_MAX_XFER_SHIFT_MASK   (UINT64_C(0x1f) << 16)
#define IDXD_GENCAP_MAX_BATCH_SHIFT_SHIFT 21
#define IDXD_GENCAP_MAX_BATCH_SHIFT_MASK  (UINT64_C(0xf) << 21)
#define IDXD_GENCAP_MAX_IMS_MULT_SHIFT  25
#define IDXD_GENCAP_MAX_IMS_MULT_MASK   (UINT64_C(0x3f) << 25)
#define IDXD_GENCAP_CONFIG_EN           (UINT64_C(1) << 31)

/*
 * The command interface (registers.h; domain.md 2.5, 10 item 9), present
 * when GENCAP.cmd_cap is set (the device's int_handles knob).
 *
 *   INTCAUSE 0x98  RW1C; bit 31 INT_HANDLE_REVOKED
 *   CMD      0xA0  operand[19:0], cmd[24:20], int_req[31]
 *   CMDSTS   0xA8  err[7:0], result[23:8] (the handle), active[31]
 *   CMDCAP   0xB0  bit n set: command n is supported
 */
#define IDXD_INTCAUSE_OFFSET           0x98u
#define IDXD_INTC_INT_HANDLE_REVOKED   UINT32_C(0x80000000)
#define IDXD_CMD_OFFSET                0xa0u
#define IDXD_CMD_OPERAND_MASK          UINT32_C(0xfffff)
#define IDXD_CMD_CMD_SHIFT             20
#define IDXD_CMD_CMD_MASK              (UINT32_C(0x1f) << 20)
#define IDXD_CMD_INT_REQ               (UINT32_C(1) << 31)
#define IDXD_CMDSTS_OFFSET             0xa8u
#define IDXD_CMDSTS_ERR_MASK           UINT32_C(0xff)
#define IDXD_CMDSTS_RES_SHIFT          8
#define IDXD_CMDSTS_RES_MASK           (UINT32_C(0xffff) << 8)
#define IDXD_CMDSTS_ACTIVE             UINT32_C(0x80000000)
#define IDXD_CMDCAP_OFFSET             0xb0u

/* commands (registers.h enum idxd_cmd) */
#define IDXD_CMD_REQUEST_INT_HANDLE    13u
#define IDXD_CMD_RELEASE_INT_HANDLE    14u
/* operand of the handle commands: the index, and the IMS table flag */
#define IDXD_CMD_INT_HANDLE_IDX_MASK   UINT32_C(0xffff)
#define IDXD_CMD_INT_HANDLE_IMS        UINT32_C(0x10000)

/* CMDSTS.err (registers.h enum idxd_cmdsts_err) */
#define IDXD_CMDSTS_SUCCESS            0x00u
#define IDXD_CMDSTS_INVAL_CMD          0x01u
#define IDXD_CMDSTS_ERR_INVAL_INT_IDX  0x41u
#define IDXD_CMDSTS_ERR_NO_HANDLE      0x42u

/* completion record status of a descriptor naming a revoked handle */
#define IDXD_COMP_INVAL_INT_HANDLE     0x19u

static inline uint32_t idxd_cmd_make(uint32_t cmd, uint32_t operand)
{
    return ((cmd << IDXD_CMD_CMD_SHIFT) & IDXD_CMD_CMD_MASK) |
           (operand & IDXD_CMD_OPERAND_MASK);
}

static inline uint32_t idxd_cmd_code(uint32_t cmd)
{
    return (cmd & IDXD_CMD_CMD_MASK) >> IDXD_CMD_CMD_SHIFT;
}

static inline uint32_t idxd_cmdsts_err(uint32_t sts)
{
    return sts & IDXD_CMDSTS_ERR_MASK;
}

static inline uint32_t idxd_cmdsts_result(uint32_t sts)
{
    return (sts & IDXD_CMDSTS_RES_MASK) >> IDXD_CMDSTS_RES_SHIFT;
}

/* IMS entries = GENCAP.max_ims_mult * 256 (domain.md 6.4) */
#define IDXD_IMS_MULT_ENTRIES    256u
#define IDXD_IMS_MULT_MAX        0x3fu

static inline uint32_t idxd_gencap_max_ims_mult(uint64_t gencap)
{
    return (uint32_t)((gencap & IDXD_GENCAP_MAX_IMS_MULT_MASK) >>
                      IDXD_GENCAP_MAX_IMS_MULT_SHIFT);
}

/*
 * OFFSETS, 128 bits at IDXD_TABLE_OFFSET (registers.h union offsets_reg):
 * bits 15:0 grpcfg, 31:16 wqcfg, 47:32 msix_perm, 63:48 ims, 79:64 perfmon,
 * each in units of IDXD_TABLE_MULT bytes from the start of BAR0.
 */
#define IDXD_TABLE_OFFSET        0x60u
#define IDXD_TABLE_MULT          0x100u
#define IDXD_OFFSETS_GRPCFG_SHIFT    0
#define IDXD_OFFSETS_WQCFG_SHIFT     16
#define IDXD_OFFSETS_MSIX_PERM_SHIFT 32
#define IDXD_OFFSETS_IMS_SHIFT       48
#define IDXD_OFFSETS_FIELD_MASK      UINT64_C(0xffff)
/* word 1 (bits 127:64) */
#define IDXD_OFFSETS_PERFMON_SHIFT   0

static inline uint32_t idxd_offsets_ims(uint64_t offsets_lo)
{
    return (uint32_t)((offsets_lo >> IDXD_OFFSETS_IMS_SHIFT) &
                      IDXD_OFFSETS_FIELD_MASK);
}

/*
 * Where imslab's IDXD model puts its tables, in IDXD_TABLE_MULT units.
 * The real device's values are not in domain.md; these are the model's
 * choice, advertised through OFFSETS as the hardware does.  The IMS table
 * needs at most 63 * 256 * 16 bytes, so nothing after it overlaps.
 */
#define IDXD_MODEL_GRPCFG_UNITS     0x04u
#define IDXD_MODEL_WQCFG_UNITS      0x08u
#define IDXD_MODEL_MSIX_PERM_UNITS  0x10u
#define IDXD_MODEL_IMS_UNITS        0x20u
#define IDXD_MODEL_PERFMON_UNITS    0x00u   /* no perfmon */

/* ---- IMS slot (struct ims_slot, irq-pci-intel-idxd.c; domain.md 6.4) ---- */

#define IDXD_IMS_SLOT_SIZE       16u
#define IDXD_IMS_ADDR_LO         0x0u
#define IDXD_IMS_ADDR_HI         0x4u
#define IDXD_IMS_DATA            0x8u
#define IDXD_IMS_CTRL            0xcu

/* ctrl word */
#define IDXD_IMS_CTRL_VECTOR_MASKBIT (UINT32_C(1) << 0)
#define IDXD_IMS_CTRL_PASID_ENABLE   (UINT32_C(1) << 3)
#define IDXD_IMS_CTRL_PASID_SHIFT    12
#define IDXD_IMS_CTRL_PASID_MASK     (UINT32_C(0xfffff) << 12)
/* bits 2:1 and 11:4 are reserved: they read 0 and ignore writes */
#define IDXD_IMS_CTRL_WRITABLE       (IDXD_IMS_CTRL_VECTOR_MASKBIT | \
                                      IDXD_IMS_CTRL_PASID_ENABLE |   \
                                      IDXD_IMS_CTRL_PASID_MASK)
/* reset: masked, no PASID, address and data zero */
#define IDXD_IMS_CTRL_RESET          IDXD_IMS_CTRL_VECTOR_MASKBIT

static inline uint32_t idxd_ims_ctrl_pasid(uint32_t ctrl)
{
    return (ctrl & IDXD_IMS_CTRL_PASID_MASK) >> IDXD_IMS_CTRL_PASID_SHIFT;
}

static inline uint32_t idxd_ims_ctrl_make(bool masked, bool pasid_en,
                                          uint32_t pasid)
{
    return (masked ? IDXD_IMS_CTRL_VECTOR_MASKBIT : 0) |
           (pasid_en ? IDXD_IMS_CTRL_PASID_ENABLE : 0) |
           ((pasid << IDXD_IMS_CTRL_PASID_SHIFT) & IDXD_IMS_CTRL_PASID_MASK);
}

/** idxd_ims_slot_offset - BAR0 offset of IMS slot @entry in imslab's model. */
static inline uint64_t idxd_ims_slot_offset(uint32_t entry)
{
    return (uint64_t)IDXD_MODEL_IMS_UNITS * IDXD_TABLE_MULT +
           (uint64_t)entry * IDXD_IMS_SLOT_SIZE;
}

#endif /* IMSLAB_SIOV_IDXD_REGS_H */
