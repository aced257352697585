/* SPDX-License-Identifier: MIT */
/*
 * rv_iommu.h - the RISC-V IOMMU's MSI translation (flat and MRIF mode).
 *
 * Sources: The RISC-V IOMMU Architecture Specification 1.0: 2.1.x device
 * context fields msiptp (MODE 63:60: 0 Off, 1 Flat; PPN 43:0),
 * msi_addr_mask and msi_addr_pattern (51:0); 2.3.3 "Process to translate
 * addresses of MSIs" (the steps cited at each decode point below); 2.1.x
 * MSI page table entry formats; 4.2 fault/event cause codes (261 MSI PTE
 * load access fault, 262 MSI PTE not valid, 263 MSI PTE misconfigured, 264
 * MRIF access fault); 4.2 the 32-byte fault record.  AIA 1.0 chapter 9
 * "IOMMU Support for MSIs to Virtual Machines" (9.5 MSI page tables, MRIFs).
 * Cross-checked against Linux drivers/iommu/riscv/iommu-bits.h and the C
 * reference model ved-rivos/iommu-reference (iommu_msi_trans.c).
 *
 * MSI PTE (16 bytes), first doubleword:
 *   0 V  2:1 M (3 = basic/flat, 1 = MRIF)  63 C (custom)
 *   M = 3: 53:10 PPN; 9:3 and 62:54 reserved; second doubleword ignored
 *   M = 1: 53:7 MRIF address[55:9]; 6:3 and 62:54 reserved;
 *          second doubleword: 9:0 NID[9:0], 53:10 NPPN, 60 NID[10],
 *          59:54 and 63:61 reserved
 * Fault record (32 bytes): DW0 11:0 CAUSE, 31:12 PID, 32 PV, 33 PRIV,
 *   39:34 TTYP, 63:40 DID; DW1 reserved; DW2 iotval; DW3 iotval2.
 */
#ifndef IMSLAB_RISCV_RV_IOMMU_H
#define IMSLAB_RISCV_RV_IOMMU_H

#include <stdbool.h>
#include <stdint.h>

#include "models/bus.h"
#include "models/cost.h"
#include "models/mem/mem.h"
#include "sim/sim.h"

#define RVIO_MSIPTP_MODE_SHIFT 60
#define RVIO_MSIPTP_MODE_OFF   0u
#define RVIO_MSIPTP_MODE_FLAT  1u
#define RVIO_MSIPTP_PPN_MASK   UINT64_C(0x00000fffffffffff) /* 43:0 */
#define RVIO_MSI_MASK_BITS     UINT64_C(0x000fffffffffffff) /* 51:0 */

#define RVIO_PTE_V            (UINT64_C(1) << 0)
#define RVIO_PTE_M_SHIFT      1
#define RVIO_PTE_M_MASK       (UINT64_C(0x3) << RVIO_PTE_M_SHIFT)
#define RVIO_PTE_C            (UINT64_C(1) << 63)
#define RVIO_PTE_PPN_MASK     UINT64_C(0x003ffffffffffc00) /* 53:10 */
#define RVIO_PTE_MRIF_MASK    UINT64_C(0x003fffffffffff80) /* 53:7 */
#define RVIO_PTE_FLAT_RSVD    (UINT64_C(0x7f) << 3 | UINT64_C(0x1ff) << 54)
#define RVIO_PTE_MRIF_RSVD    (UINT64_C(0xf) << 3 | UINT64_C(0x1ff) << 54)
#define RVIO_PTE2_NID_LO_MASK UINT64_C(0x3ff)
#define RVIO_PTE2_NPPN_MASK   UINT64_C(0x003ffffffffffc00)
#define RVIO_PTE2_NID_HI      (UINT64_C(1) << 60)
#define RVIO_PTE2_RSVD        (UINT64_C(0x3f) << 54 | UINT64_C(0x7) << 61)

enum rvio_pte_mode { RVIO_M_MRIF = 1, RVIO_M_FLAT = 3 };

/* fault causes (RISC-V IOMMU 4.2) */
#define RVIO_CAUSE_DDT_INVALID     258u
#define RVIO_CAUSE_MSI_PTE_LOAD    261u
#define RVIO_CAUSE_MSI_PTE_INVALID 262u
#define RVIO_CAUSE_MSI_PTE_MISCONF 263u
#define RVIO_CAUSE_MRIF_ACCESS     264u
#define RVIO_TTYP_UNTRANSLATED_WRITE 3u

/**
 * struct rvio_msipte - an MSI PTE, decoded.
 * @v, @c: V and C
 * @mode: M
 * @ppn: flat: the interrupt file's page number
 * @mrif: MRIF mode: the MRIF's address (512-byte aligned)
 * @nppn: MRIF mode: the notice MSI's page number
 * @nid: MRIF mode: the notice identity (11 bits)
 * @rsvd: a reserved bit is set (for @mode)
 */
struct rvio_msipte {
    bool v;
    bool c;
    unsigned mode;
    uint64_t ppn;
    uint64_t mrif;
    uint64_t nppn;
    unsigned nid;
    bool rsvd;
};

/** rvio_msipte_decode - decode the two doublewords of an MSI PTE. */
void rvio_msipte_decode(uint64_t d0, uint64_t d1, struct rvio_msipte *out);

/** rvio_msipte_encode - the doublewords of @p. */
void rvio_msipte_encode(const struct rvio_msipte *p, uint64_t *d0, uint64_t *d1);

/** rvio_extract - bit extract (as Zbs/Bitmanip bext over a mask): the bits
 * of @x where @mask is 1, packed at the least significant end. */
uint64_t rvio_extract(uint64_t x, uint64_t mask);

/**
 * struct rvio_fault - a fault record.
 * @cause, @ttyp, @did, @iotval: as the fields
 */
struct rvio_fault {
    unsigned cause;
    unsigned ttyp;
    uint32_t did;
    uint64_t iotval;
};

/** rvio_fault_encode - the four doublewords of @f. */
void rvio_fault_encode(const struct rvio_fault *f, uint64_t dw[4]);

/**
 * struct rvio_dc - the MSI fields of a device context.
 * @valid: DC.tc.V
 * @msiptp: MODE and PPN
 * @msi_addr_mask: which bits of (address >> 12) select the interrupt file
 * @msi_addr_pattern: the rest must match this
 */
struct rvio_dc {
    bool valid;
    uint64_t msiptp;
    uint64_t msi_addr_mask;
    uint64_t msi_addr_pattern;
};

/** enum rvio_outcome - what the IOMMU did with a write. */
enum rvio_outcome {
    RVIO_OUT_NOT_MSI = 0,  /* not an MSI address: to second-stage translation (not modelled) */
    RVIO_OUT_FLAT,         /* translated to an interrupt file, forwarded */
    RVIO_OUT_MRIF,         /* pending bit set in an MRIF, notice MSI sent */
    RVIO_OUT_DISCARDED,    /* MRIF mode, not a valid identity: unsupported request */
    RVIO_OUT_FAULT,        /* stopped with a fault record */
};

/**
 * struct rvio_result - one write's record.
 * @outcome: enum rvio_outcome
 * @cause: the fault cause (RVIO_OUT_FAULT)
 * @file: the interrupt file number I
 * @addr: the translated address (FLAT) or the notice address (MRIF)
 * @tag: ground truth
 */
struct rvio_result {
    enum rvio_outcome outcome;
    unsigned cause;
    uint64_t file;
    uint64_t addr;
    struct irq_tag tag;
};

/**
 * struct rvio_config - how to build the IOMMU.
 * @sim, @mem (MSI page tables and MRIFs), @cost: rv_msi_pte_read, mrif_update
 * @out: where translated MSIs and notice MSIs go (the IMSICs)
 * @evidence: faults (EVIDENCE_FAULT_IR, reason = the cause)
 * @on_result, @result_ctx: every write's record (may be NULL)
 * @msi_mrif: capabilities.MSI_MRIF
 * @max_devices: device contexts kept (device IDs below this)
 * @fault_entries: the fault queue's size in records
 */
struct rvio_config {
    struct sim *sim;
    struct mem *mem;
    const struct cost_model *cost;
    struct pcie_sink out;
    struct evidence_port evidence;
    void (*on_result)(void *ctx, const struct rvio_result *r);
    void *result_ctx;
    bool msi_mrif;
    unsigned max_devices;
    unsigned fault_entries;
};

struct rvio;

/** rvio_create - Return: 0, -EINVAL, -ENOMEM. */
int rvio_create(struct rvio **out, const struct rvio_config *cfg);

/** rvio_destroy - free @u and its requests in flight (NULL is ignored). */
void rvio_destroy(struct rvio *u);

/** rvio_set_dc - install the device context of @devid.  Return: 0, -EINVAL. */
int rvio_set_dc(struct rvio *u, uint32_t devid, const struct rvio_dc *dc);

/** rvio_fault_count - records written to the fault queue. */
uint64_t rvio_fault_count(const struct rvio *u);

/** rvio_fault_record - record @i (in order written); 0 or -ENOENT. */
int rvio_fault_record(const struct rvio *u, uint64_t i, uint64_t dw[4]);

/** rvio_write - an upstream write from device @w->rid. */
void rvio_write(struct rvio *u, const struct pcie_write *w);

/** rvio_sink - the IOMMU as the devices' upstream port. */
struct pcie_sink rvio_sink(struct rvio *u);

#endif /* IMSLAB_RISCV_RV_IOMMU_H */
