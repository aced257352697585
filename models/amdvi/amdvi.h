/* SPDX-License-Identifier: MIT */
/*
 * amdvi.h - AMD I/O Virtualization Technology (AMD-Vi) interrupt remapping.
 *
 * Sources: AMD I/O Virtualization Technology (IOMMU) Specification, pub.
 * 48882 rev. 3.x ("AMD IOMMU"): 2.2.2 device table entry, 2.2.5 interrupt
 * remapping tables (2.2.5.1 32-bit IRTE, 2.2.5.2 128-bit IRTE, guest
 * virtual APIC), 2.5 event log (2.5.3 IO_PAGE_FAULT, 2.5.2 ILLEGAL_DEV_
 * TABLE_ENTRY, 2.5.8 INVALID_DEVICE_REQUEST), 2.5.x GA log, 3.4.x MMIO
 * control register (GAEn, XTEn, GAMEn); field positions cross-checked
 * against Linux drivers/iommu/amd/amd_iommu_types.h (union irte, irte_ga_lo,
 * irte_ga_hi, DTE_IRQ_*, EVENT_*, GA_*).  ../shared/reference/domain.md
 * s.12.4 places AMD-Vi among the platforms.
 *
 * Hardware structures are integer words with shift/mask accessors.
 *
 * DTE bits 191:128 (word 2) -- the interrupt fields:
 *   0      IV         interrupt map valid
 *   4:1    IntTabLen  table has 2^IntTabLen entries (values > 11 reserved)
 *   5      IG         ignore unmapped interrupts (no event)
 *   51:6   IntTableRootPtr[51:6]
 *   56     InitPass   57 EIntPass   58 NMIPass
 *   61:60  IntCtl     00 abort, 01 forward unmapped, 10 remap, 11 reserved
 *   62     Lint0Pass  63 Lint1Pass
 *
 * 32-bit IRTE (GAEn = 0):
 *   0 RemapEn  1 SupIOPF  4:2 IntType  5 RqEoi  6 DM  7 GuestMode (must be
 *   0)  15:8 Destination  23:16 Vector  31:24 reserved
 *
 * 128-bit IRTE (GAEn = 1), lo = bits 63:0, hi = bits 127:64:
 *   lo 0 RemapEn  1 SupIOPF  7 GuestMode  31:8 Destination[23:0]
 *      GuestMode = 0: 4:2 IntType  5 RqEoi  6 DM  63:32 reserved
 *      GuestMode = 1: 2 GALogIntr  5:3 reserved  6 IsRun  63:32 GATag
 *   hi 7:0 Vector  11:8 reserved  51:12 GA root pointer (vAPIC backing
 *      page [51:12])  55:52 reserved  63:56 Destination[31:24] (XT)
 */
#ifndef IMSLAB_AMDVI_AMDVI_H
#define IMSLAB_AMDVI_AMDVI_H

#include <stdbool.h>
#include <stdint.h>

#include "models/bus.h"
#include "models/cost.h"
#include "models/mem/mem.h"
#include "sim/sim.h"

/* ---- DTE word 2 (bits 191:128), AMD IOMMU 2.2.2 ------------------------ */
#define AMDVI_DTE_SIZE             32u
#define AMDVI_DTE2_IV              (UINT64_C(1) << 0)
#define AMDVI_DTE2_INTTABLEN_SHIFT 1
#define AMDVI_DTE2_INTTABLEN_MASK  (UINT64_C(0xf) << AMDVI_DTE2_INTTABLEN_SHIFT)
#define AMDVI_DTE2_IG              (UINT64_C(1) << 5)
#define AMDVI_DTE2_IRTROOT_MASK    UINT64_C(0x000fffffffffffc0) /* 51:6 */
#define AMDVI_DTE2_INITPASS        (UINT64_C(1) << 56)
#define AMDVI_DTE2_EINTPASS        (UINT64_C(1) << 57)
#define AMDVI_DTE2_NMIPASS         (UINT64_C(1) << 58)
#define AMDVI_DTE2_INTCTL_SHIFT    60
#define AMDVI_DTE2_INTCTL_MASK     (UINT64_C(0x3) << AMDVI_DTE2_INTCTL_SHIFT)
#define AMDVI_DTE2_LINT0PASS       (UINT64_C(1) << 62)
#define AMDVI_DTE2_LINT1PASS       (UINT64_C(1) << 63)
#define AMDVI_INTTABLEN_MAX        11u

enum amdvi_intctl {
    AMDVI_INTCTL_ABORT = 0,     /* fixed and arbitrated interrupts aborted */
    AMDVI_INTCTL_FORWARD = 1,   /* forwarded unmapped */
    AMDVI_INTCTL_REMAP = 2,     /* remapped through the IRTE */
    AMDVI_INTCTL_RSVD = 3,
};

/**
 * struct amdvi_dte_ir - the interrupt fields of a DTE, decoded.
 * @iv: IV
 * @int_tab_len: IntTabLen (the table has 1 << @int_tab_len entries)
 * @ig: IG
 * @irt_root: IntTableRootPtr as an address (64-byte aligned)
 * @init_pass: InitPass
 * @eint_pass: EIntPass
 * @nmi_pass: NMIPass
 * @int_ctl: IntCtl (enum amdvi_intctl)
 * @lint0_pass: Lint0Pass
 * @lint1_pass: Lint1Pass
 */
struct amdvi_dte_ir {
    bool iv;
    unsigned int_tab_len;
    bool ig;
    uint64_t irt_root;
    bool init_pass;
    bool eint_pass;
    bool nmi_pass;
    unsigned int_ctl;
    bool lint0_pass;
    bool lint1_pass;
};

/** amdvi_dte_ir_decode - the interrupt fields of DTE word 2 @w2. */
void amdvi_dte_ir_decode(uint64_t w2, struct amdvi_dte_ir *out);

/** amdvi_dte_ir_encode - DTE word 2 with only the fields of @d set. */
uint64_t amdvi_dte_ir_encode(const struct amdvi_dte_ir *d);

/* ---- IRTE, AMD IOMMU 2.2.5 --------------------------------------------- */
#define AMDVI_IRTE_REMAPEN      (UINT64_C(1) << 0)
#define AMDVI_IRTE_SUPIOPF      (UINT64_C(1) << 1)
#define AMDVI_IRTE_INTTYPE_SHIFT 2
#define AMDVI_IRTE_INTTYPE_MASK (UINT64_C(0x7) << AMDVI_IRTE_INTTYPE_SHIFT)
#define AMDVI_IRTE_RQEOI        (UINT64_C(1) << 5)
#define AMDVI_IRTE_DM           (UINT64_C(1) << 6)
#define AMDVI_IRTE_GUESTMODE    (UINT64_C(1) << 7)
#define AMDVI_IRTE32_DEST_SHIFT 8
#define AMDVI_IRTE32_DEST_MASK  (UINT64_C(0xff) << AMDVI_IRTE32_DEST_SHIFT)
#define AMDVI_IRTE32_VEC_SHIFT  16
#define AMDVI_IRTE32_VEC_MASK   (UINT64_C(0xff) << AMDVI_IRTE32_VEC_SHIFT)
#define AMDVI_IRTE32_RSVD_MASK  (UINT64_C(0xff) << 24)
/* 128-bit, lo word */
#define AMDVI_GA_LO_GALOGINTR   (UINT64_C(1) << 2)   /* guest mode */
#define AMDVI_GA_LO_VAPIC_RSVD  (UINT64_C(0x7) << 3) /* guest mode: 5:3 */
#define AMDVI_GA_LO_ISRUN       (UINT64_C(1) << 6)   /* guest mode */
#define AMDVI_GA_LO_DEST_SHIFT  8
#define AMDVI_GA_LO_DEST_MASK   (UINT64_C(0xffffff) << AMDVI_GA_LO_DEST_SHIFT)
#define AMDVI_GA_LO_GATAG_SHIFT 32
#define AMDVI_GA_LO_GATAG_MASK  (UINT64_C(0xffffffff) << AMDVI_GA_LO_GATAG_SHIFT)
/* 128-bit, hi word */
#define AMDVI_GA_HI_VEC_MASK    UINT64_C(0xff)
#define AMDVI_GA_HI_RSVD_MASK   ((UINT64_C(0xf) << 8) | (UINT64_C(0xf) << 52))
#define AMDVI_GA_HI_ROOT_MASK   UINT64_C(0x000ffffffffff000) /* 51:12 */
#define AMDVI_GA_HI_DESTHI_SHIFT 56
#define AMDVI_GA_HI_DESTHI_MASK (UINT64_C(0xff) << AMDVI_GA_HI_DESTHI_SHIFT)

/* IntType (and the MSI data's message type, data bits 10:8) */
enum amdvi_int_type {
    AMDVI_INT_FIXED = 0,
    AMDVI_INT_ARBITRATED = 1,
    AMDVI_INT_SMI = 2,
    AMDVI_INT_NMI = 4,
    AMDVI_INT_INIT = 5,
    AMDVI_INT_EXTINT = 7,
};

/**
 * struct amdvi_irte - one IRTE, decoded (either size).
 * @remap_en: RemapEn
 * @sup_iopf: SupIOPF (no IO_PAGE_FAULT event when the entry blocks)
 * @int_type: IntType (remapped mode)
 * @rq_eoi: RqEoi (remapped mode)
 * @dm: DM, 1 = logical (remapped mode)
 * @guest_mode: GuestMode (128-bit only)
 * @ga_log_intr: GALogIntr (guest mode)
 * @is_run: IsRun (guest mode)
 * @dest: destination: 8 bits (32-bit IRTE), 24 bits, or 32 with XT
 * @vector: vector
 * @ga_tag: GATag (guest mode)
 * @ga_root: vAPIC backing page address (guest mode; 4 KiB aligned)
 * @rsvd: a reserved bit or a reserved IntType is set
 */
struct amdvi_irte {
    bool remap_en;
    bool sup_iopf;
    unsigned int_type;
    bool rq_eoi;
    bool dm;
    bool guest_mode;
    bool ga_log_intr;
    bool is_run;
    uint32_t dest;
    uint8_t vector;
    uint32_t ga_tag;
    uint64_t ga_root;
    bool rsvd;
};

/** amdvi_irte32_decode - decode a 32-bit IRTE (AMD IOMMU 2.2.5.1). */
void amdvi_irte32_decode(uint32_t v, struct amdvi_irte *out);

/** amdvi_irte32_encode - the 32-bit IRTE of @e (dest and vector 8 bits). */
uint32_t amdvi_irte32_encode(const struct amdvi_irte *e);

/**
 * amdvi_irte128_decode - decode a 128-bit IRTE (AMD IOMMU 2.2.5.2).
 * @lo: bits 63:0
 * @hi: bits 127:64
 * @xt: XTEn: the destination is 32 bits (hi 63:56 are bits 31:24); else
 *      only Destination[7:0] addresses an xAPIC and bits 31:24 are ignored
 * @out: the entry
 */
void amdvi_irte128_decode(uint64_t lo, uint64_t hi, bool xt, struct amdvi_irte *out);

/** amdvi_irte128_encode - the 128-bit IRTE of @e into *@lo and *@hi. */
void amdvi_irte128_encode(const struct amdvi_irte *e, uint64_t *lo, uint64_t *hi);

/* ---- event log and GA log (AMD IOMMU 2.5) ------------------------------- */
#define AMDVI_EVT_ILLEGAL_DEV_TABLE_ENTRY 0x1u
#define AMDVI_EVT_IO_PAGE_FAULT           0x2u
#define AMDVI_EVT_INVALID_DEVICE_REQUEST  0x8u
/* flags, event bits 59:48 (dword 1 bits 27:16) */
#define AMDVI_EVF_GN 0x001u
#define AMDVI_EVF_NX 0x002u
#define AMDVI_EVF_US 0x004u
#define AMDVI_EVF_I  0x008u   /* an interrupt request */
#define AMDVI_EVF_PR 0x010u
#define AMDVI_EVF_RW 0x020u
#define AMDVI_EVF_PE 0x040u
#define AMDVI_EVF_RZ 0x080u   /* a reserved bit was set */
#define AMDVI_EVF_TR 0x100u
/* INVALID_DEVICE_REQUEST: TYPE, kept in flags bits 11:9 (event bits 59:57) */
#define AMDVI_EVF_IDR_TYPE_SHIFT 9
#define AMDVI_IDR_INT_INTCTL_ABORT 0x5u /* posted write to the interrupt range, IntCtl = 00b */

/**
 * struct amdvi_event - one 16-byte event log entry.
 * @code: EventCode, bits 63:60
 * @devid: DeviceID, bits 15:0
 * @pasid: PASID or DomainID, bits 47:32
 * @flags: bits 59:48
 * @addr: bits 127:64 (interrupt requests: the MSI address)
 */
struct amdvi_event {
    unsigned code;
    uint16_t devid;
    uint16_t pasid;
    unsigned flags;
    uint64_t addr;
};

/** amdvi_event_encode - the four dwords of @e. */
void amdvi_event_encode(const struct amdvi_event *e, uint32_t dw[4]);

/** amdvi_event_decode - decode four dwords. */
void amdvi_event_decode(const uint32_t dw[4], struct amdvi_event *out);

#define AMDVI_GA_GUEST_NR 0x1u /* GA log entry type: interrupt for a vCPU not running */

/** amdvi_galog_encode - the 8-byte GA log entry: GATag 31:0, DeviceID 47:32, type 63:60. */
uint64_t amdvi_galog_encode(uint32_t ga_tag, uint16_t devid);

/* IOMMU capability header bit 26: NpCache, the IOMMU caches not-present
 * entries, so software must invalidate after making an entry present --
 * how a guest detects a virtual IOMMU (the VT-d caching-mode analogue). */
#define AMDVI_CAPHDR_NPCACHE (UINT32_C(1) << 26)

/* The interrupt address range (AMD IOMMU 2.2.5). */
#define AMDVI_INT_BASE UINT64_C(0xfee00000)
#define AMDVI_INT_SIZE UINT64_C(0x100000)

/* ---- the unit --------------------------------------------------------- */

/** enum amdvi_outcome - what the unit did with an interrupt request. */
enum amdvi_outcome {
    AMDVI_OUT_REMAPPED = 0,  /* remapped through an IRTE to the APIC bus */
    AMDVI_OUT_PASSED,        /* forwarded unmapped (IV = 0, IntCtl = 01b, a pass bit) */
    AMDVI_OUT_GUEST_RUNNING, /* guest mode: IRR set, doorbell to the pCPU */
    AMDVI_OUT_GUEST_GALOG,   /* guest mode, not running: IRR set, GA log entry */
    AMDVI_OUT_GUEST_PENDING, /* guest mode, not running, no GALogIntr: IRR set only */
    AMDVI_OUT_ABORTED,       /* target abort; @event says why (0: no event logged) */
    AMDVI_OUT_NOT_INTERRUPT, /* not in the interrupt range: DMA, not modelled here */
};

/**
 * struct amdvi_result - the record of one request.
 * @outcome: enum amdvi_outcome
 * @event: the event code logged (0: none)
 * @flags: its flags
 * @index: the IRTE index used (data[10:0])
 * @msg: the message delivered (REMAPPED, PASSED)
 * @ga_root: guest mode: the backing page whose IRR was set
 * @tag: ground truth of the request
 */
struct amdvi_result {
    enum amdvi_outcome outcome;
    unsigned event;
    unsigned flags;
    unsigned index;
    struct apic_msg msg;
    uint64_t ga_root;
    struct irq_tag tag;
};

/**
 * struct amdvi_ga_sink - the guest-virtual-APIC side of the CPU.
 * @doorbell: ring the doorbell of physical APIC @apic_id (the vCPU there
 *            runs, and its vAPIC backing page @ga_root has a new IRR bit)
 * @ctx: its context
 */
struct amdvi_ga_sink {
    void (*doorbell)(void *ctx, uint32_t apic_id, uint64_t ga_root);
    void *ctx;
};

/**
 * struct amdvi_config - how to build a unit.
 * @sim: the simulation
 * @mem: host memory: device table, IRTs, backing pages, logs
 * @cost: amdvi_dte_read, irt_read, amdvi_log_write, avic_doorbell, apic_deliver
 * @apic: remapped and passed interrupts (deliver) and guest-mode IRR
 *        settings (post, with the backing page as @pda)
 * @ga: the doorbell
 * @evidence: interrupt requests the unit aborted (EVIDENCE_FAULT_IR, reason
 *        = the event code, 0 when none was logged)
 * @on_result: every request's record (may be NULL)
 * @result_ctx: its context
 * @dev_table: device table base (4 KiB aligned)
 * @ga_en: Control.GAEn: 128-bit IRTEs
 * @ga_vapic: Control.GAMEn = 001b: guest virtual APIC mode enabled
 * @xt_en: Control.XTEn: 32-bit destinations
 * @ga_log: GA log base (0: no GA log)
 * @ga_log_entries: its size in entries
 * @ga_int_en: Control.GAIntEn: a GA log entry raises @ga_int
 * @ga_int: the IOMMU's GA log interrupt (to the host)
 * @event_log: event log base (0: none)
 * @event_log_entries: its size in entries
 * @np_cache: capability header NpCache (a virtual IOMMU sets it)
 */
struct amdvi_config {
    struct sim *sim;
    struct mem *mem;
    const struct cost_model *cost;
    struct apic_sink apic;
    struct amdvi_ga_sink ga;
    struct evidence_port evidence;
    void (*on_result)(void *ctx, const struct amdvi_result *r);
    void *result_ctx;
    uint64_t dev_table;
    bool ga_en;
    bool ga_vapic;
    bool xt_en;
    uint64_t ga_log;
    unsigned ga_log_entries;
    bool ga_int_en;
    struct apic_msg ga_int;
    uint64_t event_log;
    unsigned event_log_entries;
    bool np_cache;
};

struct amdvi_unit;

/**
 * amdvi_create - build a unit.
 * Return: 0, -EINVAL (no sim, mem or cost), -ENOMEM.
 */
int amdvi_create(struct amdvi_unit **out, const struct amdvi_config *cfg);

/** amdvi_destroy - free @u and its requests in flight (NULL is ignored). */
void amdvi_destroy(struct amdvi_unit *u);

/**
 * amdvi_write - an upstream write from a device: an interrupt request when
 * it falls in the interrupt range, handled after the DTE and IRTE reads.
 */
void amdvi_write(struct amdvi_unit *u, const struct pcie_write *w);

/** amdvi_sink - the unit as the devices' upstream port. */
struct pcie_sink amdvi_sink(struct amdvi_unit *u);

/** amdvi_caphdr - the IOMMU capability header's feature bits (NpCache). */
uint32_t amdvi_caphdr(const struct amdvi_unit *u);

/** amdvi_event_count - entries written to the event log so far. */
uint64_t amdvi_event_count(const struct amdvi_unit *u);

/** amdvi_galog_count - entries written to the GA log so far. */
uint64_t amdvi_galog_count(const struct amdvi_unit *u);

#endif /* IMSLAB_AMDVI_AMDVI_H */
