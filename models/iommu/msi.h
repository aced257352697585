/* SPDX-License-Identifier: MIT */
/*
 * msi.h - x86 MSI address/data formats: compatibility and VT-d remappable.
 *
 * Section numbers are the VT-d specification, rev. 5.10 (Intel D51397-018,
 * Nov 2025); ../shared/reference/domain.md section 4.1 has the same tables
 * from Linux arch/x86/include/asm/msi.h and QEMU hw/i386/intel_iommu.c.
 *
 * Compatibility format (VT-d 5.1.2.1, Figure 5-1; Intel SDM vol. 3 11.11):
 *   address 31:20 0xFEE | 19:12 destination ID[7:0] | 11:5 reserved (Linux:
 *   paravirt extended destination ID[14:8]) | 4 format = 0 | 3 RH | 2 DM
 *   address_hi 31:8 destination ID[31:8] (only the IOMMU's own event
 *   interrupts can use it: a device write there is not in the window)
 *   data 7:0 vector | 10:8 delivery mode | 14 level (assert) | 15 trigger
 *   mode (1 = level)
 *
 * Remappable format (VT-d 5.1.2.2, Tables 13 and 14):
 *   address 31:20 0xFEE | 19:5 handle[14:0] | 4 format = 1 | 3 SHV |
 *   2 handle[15] | 1:0 ignored;  data 15:0 subhandle (if SHV), 31:16
 *   reserved (0) when SHV is set, ignored when it is clear.
 *   interrupt_index = handle + (SHV ? subhandle : 0)   (VT-d 5.1.3)
 *
 * Hardware words are plain integers with named shift/mask macros.
 */
#ifndef IMSLAB_IOMMU_MSI_H
#define IMSLAB_IOMMU_MSI_H

#include <stdbool.h>
#include <stdint.h>

/* The interrupt address range FEEx_xxxxh (VT-d 3.15). */
#define MSI_WINDOW_FIRST UINT64_C(0xfee00000)
#define MSI_WINDOW_LAST  UINT64_C(0xfeefffff)

/* address_lo, both formats */
#define MSI_ADDR_BASE_SHIFT     20
#define MSI_ADDR_BASE_MASK      0xfff00000u
#define MSI_ADDR_BASE_VALUE     0xfeeu          /* bits 31:20 */
#define MSI_ADDR_BASE           0xfee00000u
#define MSI_ADDR_FORMAT         (1u << 4)       /* 1 = remappable */

/* address_lo, compatibility format (VT-d 5.1.2.1) */
#define MSI_ADDR_DEST_SHIFT     12
#define MSI_ADDR_DEST_MASK      (0xffu << MSI_ADDR_DEST_SHIFT)
#define MSI_ADDR_EXTDEST_SHIFT  5               /* bits 11:5 */
#define MSI_ADDR_EXTDEST_MASK   (0x7fu << MSI_ADDR_EXTDEST_SHIFT)
#define MSI_ADDR_RH             (1u << 3)
#define MSI_ADDR_DM             (1u << 2)       /* 1 = logical */
/* address_hi, compatibility format: destination ID[31:8] in 31:8 */
#define MSI_ADDR_HI_DEST_MASK   0xffffff00u

/* data, compatibility format */
#define MSI_DATA_VECTOR_SHIFT   0
#define MSI_DATA_VECTOR_MASK    0xffu
#define MSI_DATA_DLM_SHIFT      8
#define MSI_DATA_DLM_MASK       (0x7u << MSI_DATA_DLM_SHIFT)
#define MSI_DATA_LEVEL          (1u << 14)      /* level asserted */
#define MSI_DATA_TRIGGER        (1u << 15)      /* 1 = level-triggered */

/* address_lo, remappable format (VT-d 5.1.2.2, Table 13) */
#define MSI_ADDR_HANDLE_LO_SHIFT 5              /* handle[14:0] in 19:5 */
#define MSI_ADDR_HANDLE_LO_MASK (0x7fffu << MSI_ADDR_HANDLE_LO_SHIFT)
#define MSI_ADDR_SHV            (1u << 3)
#define MSI_ADDR_HANDLE_15      (1u << 2)       /* handle[15] */

/* data, remappable format (VT-d 5.1.2.2, Table 14) */
#define MSI_DATA_SUBHANDLE_MASK 0x0000ffffu
#define MSI_DATA_RSVD_MASK      0xffff0000u     /* reserved when SHV = 1 */

/**
 * struct msi_msg - one MSI message as a device holds it.
 * @addr_lo: address bits 31:0
 * @addr_hi: address bits 63:32
 * @data: the 32-bit data (an MSI-X entry's data word)
 */
struct msi_msg {
    uint32_t addr_lo;
    uint32_t addr_hi;
    uint32_t data;
};

/**
 * struct msi_compat - decoded compatibility-format fields.
 * @dest: destination ID: address 19:12 plus address_hi 31:8 as bits 31:8
 * @ext_dest: address bits 11:5 (SDM: reserved; Linux: paravirt
 *            destination ID[14:8]); decoded raw, never folded into @dest
 * @vector: data 7:0
 * @dlm: delivery mode, data 10:8 (enum apic_dlm)
 * @rh: redirection hint, address bit 3
 * @dest_logical: destination mode, address bit 2
 * @level_assert: data bit 14
 * @trigger_level: data bit 15 (level-triggered)
 */
struct msi_compat {
    uint32_t dest;
    uint8_t ext_dest;
    uint8_t vector;
    uint8_t dlm;
    bool rh;
    bool dest_logical;
    bool level_assert;
    bool trigger_level;
};

/**
 * struct msi_remap - decoded remappable-format fields.
 * @handle: the 16-bit handle (address 19:5 and bit 2)
 * @shv: subhandle valid, address bit 3
 * @subhandle: data 15:0 (meaningful only when @shv)
 */
struct msi_remap {
    uint16_t handle;
    bool shv;
    uint16_t subhandle;
};

/**
 * msi_in_window - is a 64-bit write address in FEEx_xxxxh (VT-d 3.15)?
 * @addr: the full 64-bit address of the write
 *
 * A write above 4 GiB is never in the window, whatever its low 32 bits.
 */
static inline bool msi_in_window(uint64_t addr)
{
    return addr >= MSI_WINDOW_FIRST && addr <= MSI_WINDOW_LAST;
}

/** msi_is_remappable - address bit 4 (the Interrupt Format field). */
static inline bool msi_is_remappable(const struct msi_msg *m)
{
    return (m->addr_lo & MSI_ADDR_FORMAT) != 0;
}

/**
 * msi_compat_decode - decode a compatibility-format message.
 * @m: the message
 * @out: the fields
 *
 * Return: 0, or -EINVAL when address 31:20 is not 0xFEE or the format bit
 * says remappable.
 */
int msi_compat_decode(const struct msi_msg *m, struct msi_compat *out);

/**
 * msi_compat_encode - build a compatibility-format message.
 * @f: the fields
 * @m: the message
 *
 * Return: 0, or -EINVAL when @f->dlm > 7 or @f->ext_dest > 0x7f.
 */
int msi_compat_encode(const struct msi_compat *f, struct msi_msg *m);

/**
 * msi_remap_decode - decode a remappable-format message.
 * @m: the message
 * @out: the fields (subhandle is data 15:0 whatever SHV says)
 *
 * Return: 0, or -EINVAL when address 31:20 is not 0xFEE or the format bit
 * is clear.  Reserved-field violations are not errors here; see
 * msi_remap_rsvd().
 */
int msi_remap_decode(const struct msi_msg *m, struct msi_remap *out);

/**
 * msi_remap_encode - build a remappable-format message.
 * @f: handle, SHV and subhandle
 * @m: the message: addr_hi = 0, data = subhandle when SHV else 0
 *
 * Linux fill_msi_msg() always emits SHV = 1 with the subhandle;
 * kvm-unit-tests (lib/x86/intel-iommu.c) emits SHV = 0.
 */
void msi_remap_encode(const struct msi_remap *f, struct msi_msg *m);

/**
 * msi_remap_index - the interrupt_index of VT-d 5.1.3.
 * @f: the decoded message
 *
 * Return: handle + subhandle when SHV, else handle.  The sum can reach
 * 0x1fffe, beyond any table: the caller's bounds check catches it.
 */
uint32_t msi_remap_index(const struct msi_remap *f);

/**
 * msi_remap_rsvd - reserved fields set in a remappable request?
 * @m: the message
 *
 * True when address_hi is non-zero or, with SHV set, data 31:16 is
 * non-zero (VT-d 5.1.2.2 Table 14; QEMU vtd_interrupt_remap_msi).  Such a
 * request faults with reason 0x20.
 */
bool msi_remap_rsvd(const struct msi_msg *m);

#endif /* IMSLAB_IOMMU_MSI_H */
