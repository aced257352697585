/* SPDX-License-Identifier: MIT */
/*
 * pci_regs.h - PCI configuration space register map: header, capability
 * list, MSI-X, DVSEC and the Intel SIOV DVSEC.
 *
 * Offsets and field masks as in Linux include/uapi/linux/pci_regs.h; each
 * group cites the PCI Express Base Specification section that defines it
 * (section numbers checked against the r6.x table of contents).  One
 * #define per register or field, never bitfields.
 */
#ifndef IMSLAB_PCI_REGS_H
#define IMSLAB_PCI_REGS_H

#define PCI_CFG_SPACE_SIZE      256u    /* PCI-compatible space */
#define PCI_CFG_SPACE_EXP_SIZE  4096u   /* PCIe extended config space */
#define PCI_STD_HEADER_SIZEOF   64u     /* first offset a capability may use */

/* ---- Type 0/1 common header: PCIe Base 6.0 s.7.5.1.1 -------------------- */
#define PCI_VENDOR_ID           0x00    /* 16 bits, RO (s.7.5.1.1.1) */
#define PCI_DEVICE_ID           0x02    /* 16 bits, RO (s.7.5.1.1.2) */
#define PCI_COMMAND             0x04    /* 16 bits (s.7.5.1.1.3) */
#define  PCI_COMMAND_IO              0x0001u /* I/O Space Enable */
#define  PCI_COMMAND_MEMORY          0x0002u /* Memory Space Enable */
#define  PCI_COMMAND_MASTER          0x0004u /* Bus Master Enable */
#define  PCI_COMMAND_PARITY          0x0040u /* Parity Error Response */
#define  PCI_COMMAND_SERR            0x0100u /* SERR# Enable */
#define  PCI_COMMAND_INTX_DISABLE    0x0400u /* Interrupt Disable */
#define PCI_STATUS              0x06    /* 16 bits (s.7.5.1.1.4) */
#define  PCI_STATUS_INTERRUPT        0x0008u /* Interrupt Status, RO */
#define  PCI_STATUS_CAP_LIST         0x0010u /* Capabilities List, RO */
#define  PCI_STATUS_PARITY           0x0100u /* Master Data Parity Error, RW1C */
#define  PCI_STATUS_SIG_TARGET_ABORT 0x0800u /* RW1C */
#define  PCI_STATUS_REC_TARGET_ABORT 0x1000u /* RW1C */
#define  PCI_STATUS_REC_MASTER_ABORT 0x2000u /* RW1C */
#define  PCI_STATUS_SIG_SYSTEM_ERROR 0x4000u /* RW1C */
#define  PCI_STATUS_DETECTED_PARITY  0x8000u /* RW1C */
#define  PCI_STATUS_W1C_MASK         0xf900u
#define PCI_REVISION_ID         0x08    /* 8 bits, RO (s.7.5.1.1.5) */
#define PCI_CLASS_PROG          0x09    /* 24-bit class code, RO (s.7.5.1.1.6) */
#define PCI_CACHE_LINE_SIZE     0x0c
#define PCI_HEADER_TYPE         0x0e    /* s.7.5.1.1.9 */
#define  PCI_HEADER_TYPE_NORMAL      0x00u
#define PCI_CAPABILITY_LIST     0x34    /* Capabilities Pointer, RO (s.7.5.1.1.11) */
#define PCI_INTERRUPT_LINE      0x3c    /* 8 bits, RW (s.7.5.1.1.12) */
#define PCI_INTERRUPT_PIN       0x3d    /* 8 bits, RO (s.7.5.1.1.13) */

/* ---- Type 0 BARs: PCIe Base 6.0 s.7.5.1.2.1 ------------------------------ */
#define PCI_BASE_ADDRESS_0      0x10
#define PCI_NUM_BARS            6u
#define  PCI_BASE_ADDRESS_SPACE_IO   0x01u   /* bit 0: 0 = memory */
#define  PCI_BASE_ADDRESS_MEM_TYPE_64 0x04u  /* bits 2:1 = 10b */
#define  PCI_BASE_ADDRESS_MEM_PREFETCH 0x08u
#define  PCI_BASE_ADDRESS_MEM_FLAGS  0x0fu

#define PCI_SUBSYSTEM_VENDOR_ID 0x2c
#define PCI_SUBSYSTEM_ID        0x2e

/* ---- Capability list entry: PCIe Base 6.0 s.7.5.1.1.11 ------------------ */
#define PCI_CAP_LIST_ID         0       /* Capability ID (8 bits) */
#define PCI_CAP_LIST_NEXT       1       /* Next Capability Pointer (8 bits) */
#define PCI_CAP_PTR_MASK        0xfcu   /* bits 1:0 reserved */
#define PCI_FIND_CAP_TTL        48      /* Linux drivers/pci/pci.c */

#define PCI_CAP_ID_PM           0x01
#define PCI_CAP_ID_MSI          0x05
#define PCI_CAP_ID_VNDR         0x09
#define PCI_CAP_ID_EXP          0x10
#define PCI_CAP_ID_MSIX         0x11

/* ---- Extended capability header: PCIe Base 6.0 s.7.6.3 ------------------ */
#define PCI_EXT_CAP_ID_SHIFT    0
#define PCI_EXT_CAP_ID_MASK     0x0000ffffu     /* bits 15:0 */
#define PCI_EXT_CAP_VER_SHIFT   16
#define PCI_EXT_CAP_VER_MASK    0x000f0000u     /* bits 19:16 */
#define PCI_EXT_CAP_NEXT_SHIFT  20
#define PCI_EXT_CAP_NEXT_MASK   0xfff00000u     /* bits 31:20 */

#define PCI_EXT_CAP_ID(h)       (((h) & PCI_EXT_CAP_ID_MASK) >> PCI_EXT_CAP_ID_SHIFT)
#define PCI_EXT_CAP_VER(h)      (((h) & PCI_EXT_CAP_VER_MASK) >> PCI_EXT_CAP_VER_SHIFT)
/* Linux masks bits 1:0 of the pointer (they are reserved): & 0xffc */
#define PCI_EXT_CAP_NEXT(h)                                                 \
    ((((h) & PCI_EXT_CAP_NEXT_MASK) >> PCI_EXT_CAP_NEXT_SHIFT) & 0xffcu)
#define PCI_EXT_CAP_HDR(id, ver, next)                                      \
    ((((uint32_t)(id) << PCI_EXT_CAP_ID_SHIFT) & PCI_EXT_CAP_ID_MASK) |     \
     (((uint32_t)(ver) << PCI_EXT_CAP_VER_SHIFT) & PCI_EXT_CAP_VER_MASK) |  \
     (((uint32_t)(next) << PCI_EXT_CAP_NEXT_SHIFT) & PCI_EXT_CAP_NEXT_MASK))

#define PCI_EXT_CAP_ID_ERR      0x0001  /* AER */
#define PCI_EXT_CAP_ID_VNDR     0x000b  /* VSEC */
#define PCI_EXT_CAP_ID_PASID    0x001b
#define PCI_EXT_CAP_ID_DVSEC    0x0023

/* ---- MSI-X capability: PCIe Base 6.0 s.7.7.2 ----------------------------- */
#define PCI_MSIX_FLAGS          2       /* Message Control, 16 bits (s.7.7.2.2) */
#define  PCI_MSIX_FLAGS_QSIZE        0x07ffu /* Table Size, N-1, RO */
#define  PCI_MSIX_FLAGS_MASKALL      0x4000u /* Function Mask, RW */
#define  PCI_MSIX_FLAGS_ENABLE       0x8000u /* MSI-X Enable, RW */
#define PCI_MSIX_TABLE          4       /* Table Offset/BIR, RO (s.7.7.2.3) */
#define  PCI_MSIX_TABLE_BIR          0x00000007u
#define  PCI_MSIX_TABLE_OFFSET       0xfffffff8u
#define PCI_MSIX_PBA            8       /* PBA Offset/BIR, RO (s.7.7.2.4) */
#define  PCI_MSIX_PBA_BIR            0x00000007u
#define  PCI_MSIX_PBA_OFFSET         0xfffffff8u
#define PCI_CAP_MSIX_SIZEOF     12u
#define PCI_MSIX_MAX_BIR        5u      /* BIR 6 and 7 are reserved */
#define PCI_MSIX_MAX_VECTORS    2048u

/* MSI-X table entry, 16 bytes (s.7.7.2.5 - s.7.7.2.8) */
#define PCI_MSIX_ENTRY_SIZE         16u
#define PCI_MSIX_ENTRY_LOWER_ADDR   0x0 /* Message Address [31:2]; 1:0 sw writes 0 */
#define PCI_MSIX_ENTRY_UPPER_ADDR   0x4 /* Message Upper Address */
#define PCI_MSIX_ENTRY_DATA         0x8 /* Message Data */
#define PCI_MSIX_ENTRY_VECTOR_CTRL  0xc /* Vector Control */
#define  PCI_MSIX_ENTRY_CTRL_MASKBIT 0x00000001u /* default 1 (s.7.7.2.8) */

/* ---- DVSEC: PCIe Base 6.0 s.7.9.6 ---------------------------------------- */
#define PCI_DVSEC_CAP_VERSION   1u      /* Capability Version is 1h (s.7.9.6.1) */
#define PCI_DVSEC_HEADER1       0x4     /* s.7.9.6.2 */
#define  PCI_DVSEC_HEADER1_VID_SHIFT 0
#define  PCI_DVSEC_HEADER1_VID_MASK  0x0000ffffu   /* DVSEC Vendor ID */
#define  PCI_DVSEC_HEADER1_REV_SHIFT 16
#define  PCI_DVSEC_HEADER1_REV_MASK  0x000f0000u   /* DVSEC Revision */
#define  PCI_DVSEC_HEADER1_LEN_SHIFT 20
#define  PCI_DVSEC_HEADER1_LEN_MASK  0xfff00000u   /* DVSEC Length, bytes */
#define PCI_DVSEC_HEADER2       0x8     /* s.7.9.6.3 */
#define  PCI_DVSEC_HEADER2_ID_MASK   0x0000ffffu   /* DVSEC ID */
#define PCI_DVSEC_MIN_LEN       0x0a    /* ext header + header 1 + header 2 */

#define PCI_DVSEC_HEADER1_VAL(vid, rev, len)                                   \
    ((((uint32_t)(vid) << PCI_DVSEC_HEADER1_VID_SHIFT) & PCI_DVSEC_HEADER1_VID_MASK) | \
     (((uint32_t)(rev) << PCI_DVSEC_HEADER1_REV_SHIFT) & PCI_DVSEC_HEADER1_REV_MASK) | \
     (((uint32_t)(len) << PCI_DVSEC_HEADER1_LEN_SHIFT) & PCI_DVSEC_HEADER1_LEN_MASK))

/*
 * ---- Intel SIOV DVSEC: SIOV spec rev 1.x s.3.7, as the Linux IDXD/IMS
 * patches use it (domain.md 6.1).  Only the capability register's IMS bit is
 * verified; the fields between header 2 and +0x14 (function dependency link,
 * flags, supported/system page sizes) are [UNVERIFIED] and left zero.
 */
#define PCI_VENDOR_ID_INTEL             0x8086
#define PCI_DVSEC_ID_INTEL_SIOV         0x0005
#define PCI_DVSEC_INTEL_SIOV_REV        0       /* [UNVERIFIED] */
#define PCI_DVSEC_INTEL_SIOV_CAP        0x14    /* capability register */
#define  PCI_DVSEC_INTEL_SIOV_CAP_IMS   0x00000001u /* bit 0: IMS supported */
#define PCI_DVSEC_INTEL_SIOV_LEN        0x18    /* through the capability register */

#endif /* IMSLAB_PCI_REGS_H */
