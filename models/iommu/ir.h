/* SPDX-License-Identifier: MIT */
/*
 * ir.h - the VT-d interrupt remapping unit: request decode, IRTE checks,
 * interrupt entry cache (IEC) and its invalidation, fault recording, and
 * interrupt posting.
 *
 * Section numbers are the VT-d specification rev. 5.10 (Intel D51397-018,
 * Nov 2025).  Where older revisions (and QEMU's comments) number a section
 * differently it is said: the IEC invalidate descriptor is 6.5.2.8 in
 * 5.10 and 6.5.2.7 in rev. 3.x.  ../shared/reference/domain.md section 4
 * has the formats with their Linux and QEMU sources.
 *
 * A device hands its upstream writes to ir_write() (or to the struct
 * pcie_sink from ir_pcie_sink()).  A single-DWORD write without PASID to
 * FEEx_xxxxh is an interrupt request (VT-d 3.15); every other write is DMA
 * and is passed on to the optional DMA sink.  Each request goes through the
 * checks of VT-d 5.1.4 in order, every step an event on the simulation's
 * timeline with its cost from struct cost_model:
 *
 *   receive --IEC lookup (iec_hit)--+-- hit --------------------+
 *                                   +-- miss --IRT read (irt_read)+-- checks
 *   checks --IM=0--> remapped apic_msg delivered
 *          --IM=1--> PID read-modify-write (pi_post), apic_post to the APIC
 *                    sink --notify (pi_notify)--> notification apic_msg
 *                    delivered
 *   any fault --(ir_fault_log)--> fault recording register (unless FPD)
 *
 * The outcome of every request is a struct ir_result handed to the result
 * callback when the request completes: architectural outcomes (faults,
 * DMA, blocked writes) are results, never API errors.  The ground-truth
 * tag of a request is copied through to its result, to any apic_msg or
 * apic_post it produces and to the fault it reports through the evidence
 * port, and is never read.
 *
 * The IEC keeps serving an entry after its IRTE changes in memory until an
 * invalidation descriptor covering it has been processed: a missing
 * invalidation shows up as stale delivery.
 *
 * Not modelled: DMA remapping (a DMA write is handed on untranslated), the
 * register file as MMIO (registers are set through functions; the fault
 * event's message is handed to a callback, ir_fault_event_set(), not sent
 * through the APIC model), fault compression, the IRREQ/EIMER capabilities (reasons
 * 0x2A/0x2B).  Invalidations come either through the queue in memory
 * (ir_qi.c: IEC and invalidation wait descriptors) or as direct calls
 * whose completion callback plays the wait descriptor's part.
 */
#ifndef IMSLAB_IOMMU_IR_H
#define IMSLAB_IOMMU_IR_H

#include <stdbool.h>
#include <stdint.h>

#include "models/bus.h"
#include "models/cost.h"
#include "models/iommu/irte.h"
#include "models/iommu/msi.h"
#include "models/mem/mem.h"
#include "sim/sim.h"

/**
 * enum ir_fault - interrupt-remapping fault reasons, numbered as VT-d
 * 5.1.4.1 Table 15 (Linux dmar.c irq_remap_fault_reasons; QEMU
 * VTDFaultReason).  0x20-0x26 are in every revision; 0x27-0x29 were added
 * later (rev. 5.10 lists them).  "Qualified" reasons are not recorded when
 * the IRTE has FPD set.
 */
enum ir_fault {
    IR_FAULT_NONE = 0,
    IR_FAULT_REQ_RSVD = 0x20,    /* reserved field set in the request */
    IR_FAULT_INDEX_OVER = 0x21,  /* interrupt_index >= table size */
    IR_FAULT_ENTRY_P = 0x22,     /* IRTE present bit clear (qualified) */
    IR_FAULT_ROOT_INVAL = 0x23,  /* error reading the IRT through IRTA */
    IR_FAULT_IRTE_RSVD = 0x24,   /* reserved bits in an IRTE (qualified) */
    IR_FAULT_REQ_COMPAT = 0x25,  /* compatibility format blocked */
    IR_FAULT_SID_ERR = 0x26,     /* source-id verification (qualified) */
    IR_FAULT_PDA_INVAL = 0x27,   /* error accessing the PID (qualified) */
    IR_FAULT_PD_RSVD = 0x28,     /* reserved bits in the PID (qualified) */
    IR_FAULT_REQ_INVALID = 0x29, /* window write, not a valid interrupt */
};

#define IR_FAULT_FIRST IR_FAULT_REQ_RSVD
#define IR_FAULT_LAST IR_FAULT_REQ_INVALID
#define IR_FAULT_NR (IR_FAULT_LAST - IR_FAULT_FIRST + 1)

/** enum ir_outcome - what became of one upstream write. */
enum ir_outcome {
    IR_OUT_REMAPPED,        /* IRTE IM=0: remapped interrupt delivered */
    IR_OUT_POSTED,          /* IRTE IM=1: PIR bit set, maybe a notification */
    IR_OUT_PASSTHROUGH,     /* compatibility format delivered unremapped */
    IR_OUT_FAULT,           /* blocked; ir_result.fault says why */
    IR_OUT_DMA,             /* not an interrupt: DMA, handed on */
    IR_OUT_DMA_INTR_WINDOW, /* DMA with PASID into FEEx_xxxxh (VT-d 3.15;
                               scalable mode faults it, 0x87 in domain.md) */
    IR_OUT_BLOCKED,         /* illegal window write with IR off: VT-d 3.15
                               blocks it as a DMA-remapping fault */
};

/**
 * struct ir_result - the outcome of one write, handed to the result
 * callback when the last event of the request has run.
 * @seq: request number in this unit, from 1, in arrival order
 * @outcome: what happened
 * @fault: the reason when @outcome is %IR_OUT_FAULT, else %IR_FAULT_NONE
 * @fault_recorded: the fault went into a fault recording register
 * @fault_fpd: a qualified fault not recorded because the IRTE has FPD set
 * @fault_overflow: not recorded: PFO was set or the register at the
 *                  fault index still held an unserviced fault (VT-d 7.2.1)
 * @remappable: the request was in remappable format (address bit 4)
 * @index_valid: @index was computed
 * @index: interrupt_index (handle + subhandle) when @index_valid
 * @iec_hit: the IRTE came from the IEC (not from memory)
 * @rid: requester ID of the write
 * @msg: %IR_OUT_REMAPPED / %IR_OUT_PASSTHROUGH: the interrupt delivered;
 *       %IR_OUT_POSTED with @notified: the notification delivered
 * @notified: a posting sent a notification event
 * @posted_vector: %IR_OUT_POSTED: the PIR bit set
 * @pda: %IR_OUT_POSTED: the descriptor posted to
 * @t_request: when the write arrived
 * @t_done: when the request completed (delivery, logging, or arrival)
 * @tag: the write's ground-truth tag, copied untouched
 */
struct ir_result {
    uint64_t seq;
    enum ir_outcome outcome;
    enum ir_fault fault;
    bool fault_recorded;
    bool fault_fpd;
    bool fault_overflow;
    bool remappable;
    bool index_valid;
    uint32_t index;
    bool iec_hit;
    uint16_t rid;
    struct apic_msg msg;
    bool notified;
    uint8_t posted_vector;
    uint64_t pda;
    sim_time_t t_request;
    sim_time_t t_done;
    struct irq_tag tag;
};

/** struct ir_stats - counters, never reset; read with ir_stats(). */
struct ir_stats {
    uint64_t writes;            /* every write seen by ir_write() */
    uint64_t requests;          /* interrupt requests (window, no PASID) */
    uint64_t dma;               /* DMA writes, including @dma_intr_window */
    uint64_t dma_intr_window;   /* PASID-tagged writes into FEEx_xxxxh */
    uint64_t blocked;           /* IR_OUT_BLOCKED */
    uint64_t passthrough;
    uint64_t remapped;
    uint64_t posted;
    uint64_t notifications;
    uint64_t faults[IR_FAULT_NR]; /* detected, by reason - 0x20 */
    uint64_t faults_recorded;
    uint64_t faults_fpd;        /* qualified faults suppressed by FPD */
    uint64_t faults_lost;       /* not recorded: overflow */
    uint64_t fault_events;      /* fault-event interrupt messages sent */
    uint64_t qi_descs;          /* queued-invalidation descriptors done */
    uint64_t qi_waits;          /* of them, invalidation wait descriptors */
    uint64_t inv_events;        /* invalidation-event messages sent */
    uint64_t iec_lookups;
    uint64_t iec_hits;
    uint64_t iec_misses;
    uint64_t iec_fills;
    uint64_t iec_evictions;
    uint64_t iec_invalidations; /* descriptors completed */
    uint64_t iec_dropped;       /* entries removed by invalidations */
};

/** enum ir_iec_policy - IEC replacement. */
enum ir_iec_policy {
    IR_IEC_LRU = 0,
    IR_IEC_FIFO = 1,
};

/*
 * Quirks: known deviations of QEMU's vIOMMU (domain.md 4.6), so a VMM
 * personality can reproduce them.  Off by default.
 */
#define IR_QUIRK_NO_INDEX_CHECK  (1u << 0) /* never raise 0x21 (QEMU 2019) */
#define IR_QUIRK_SVT_BUS_SWAPPED (1u << 1) /* SVT=10b: SID[15:8] is the end
                                              bus (QEMU vtd_irte_get) */

/**
 * struct ir_config - how to build a unit; start from ir_config_default().
 * @sim: the simulation (must outlive the unit)
 * @mem: host memory holding the IRT and the PIDs
 * @cost: the cost model (iec_hit, irt_read, iec_inval, pi_post, pi_notify,
 *        ir_fault_log)
 * @apic: where remapped, passed-through and notification interrupts go
 * @dma: where DMA writes go; NULL write means they are only counted
 * @on_result: called once per write with its result (the unit's record of
 *        every request, for tests and tools); may be NULL
 * @result_ctx: its context
 * @evidence: where the unit reports the faults of interrupt requests
 *        (IR_OUT_FAULT with its reason, IR_OUT_BLOCKED with reason 0) with
 *        their tags, when the request completes
 * @iec_entries: IEC size; 0 = no IEC (every request reads memory)
 * @iec_policy: replacement when the IEC is full
 * @fault_records: number of fault recording registers (CAP_REG.NFR + 1)
 * @posted: CAP_REG.PI, posting supported (else IM=1 is reserved: 0x24)
 * @caching_mode: CAP_REG.CM: faulting entries may be cached too (VT-d 6.4)
 * @esirtps: CAP_REG.ESIRTPS: SIRTP invalidates the IEC (VT-d 6.7)
 * @haw: host address width; IRTE and PID addresses at or above 2^haw fault
 * @quirks: IR_QUIRK_* flags
 */
struct ir_config {
    struct sim *sim;
    struct mem *mem;
    const struct cost_model *cost;
    struct apic_sink apic;
    struct pcie_sink dma;
    void (*on_result)(void *ctx, const struct ir_result *r);
    void *result_ctx;
    struct evidence_port evidence;
    unsigned iec_entries;
    enum ir_iec_policy iec_policy;
    unsigned fault_records;
    bool posted;
    bool caching_mode;
    bool esirtps;
    unsigned haw;
    unsigned quirks;
};

#define IR_IEC_ENTRIES_DEFAULT 64u
#define IR_FAULT_RECORDS_DEFAULT 8u
#define IR_FAULT_RECORDS_MAX 256u
#define IR_HAW_DEFAULT 46u

/* IRTA_REG, offset 0xB8 (VT-d 11.4.10) */
#define IR_IRTA_ADDR_MASK UINT64_C(0xfffffffffffff000) /* 63:12, 4K aligned */
#define IR_IRTA_EIME      (UINT64_C(1) << 11)          /* x2APIC mode */
#define IR_IRTA_RSVD_MASK (UINT64_C(0x7f) << 4)        /* 10:4 RsvdZ */
#define IR_IRTA_S_MASK    UINT64_C(0xf)                /* 2^(S+1) entries */

/* FSTS_REG fields for fault recording (VT-d 11.4.7.1) */
#define IR_FSTS_PFO       (1u << 0)
#define IR_FSTS_PPF       (1u << 1)
#define IR_FSTS_FRI_SHIFT 8
#define IR_FSTS_FRI_MASK  (0xffu << IR_FSTS_FRI_SHIFT)

/* FSTS_REG.IQE: an invalid descriptor stopped the invalidation queue */
#define IR_FSTS_IQE       (1u << 4)

/* Invalidation queue (VT-d 6.5.2; 11.4.9): IQA_REG address 63:12, DW 11
 * (256-bit descriptors, not modelled), QS 2:0 (2^QS 4 KiB pages, 256
 * 128-bit descriptors each); IQH_REG/IQT_REG: the descriptor index in 18:4 */
#define IR_IQA_ADDR_MASK  UINT64_C(0xfffffffffffff000)
#define IR_IQA_DW         (UINT64_C(1) << 11)
#define IR_IQA_RSVD_MASK  (UINT64_C(0xff) << 3)
#define IR_IQA_QS_MASK    UINT64_C(0x7)
#define IR_IQ_Q_SHIFT     4
#define IR_QI_DESC_SIZE   16u
#define IR_ICS_IWC        1u             /* ICS_REG (11.4.9.4) */

/* Invalidation Wait descriptor (VT-d 6.5.2; domain.md 4.5): qw0 type 5,
 * IF 4 (interrupt, [R]), SW 5 (status write), FN 6 (fence), status data
 * 63:32; qw1 status address 63:2 */
#define IR_QI_TYPE_WAIT       0x5u
#define IR_QI_WAIT_IF         (UINT64_C(1) << 4)
#define IR_QI_WAIT_SW         (UINT64_C(1) << 5)
#define IR_QI_WAIT_FN         (UINT64_C(1) << 6)
#define IR_QI_WAIT_SDATA_SHIFT 32
#define IR_QI_WAIT_SADDR_MASK UINT64_C(0xfffffffffffffffc)

/** ir_qi_wait_encode - qw0 of an invalidation wait descriptor (qw1 is the
 * status address, 4-byte aligned). */
static inline uint64_t ir_qi_wait_encode(bool sw, bool intr, bool fence,
                                         uint32_t sdata)
{
    return IR_QI_TYPE_WAIT | (intr ? IR_QI_WAIT_IF : 0) |
           (sw ? IR_QI_WAIT_SW : 0) | (fence ? IR_QI_WAIT_FN : 0) |
           ((uint64_t)sdata << IR_QI_WAIT_SDATA_SHIFT);
}

/* FECTL_REG (VT-d 11.4.7.2): IM reset 1, IP; FEDATA, FEADDR 11.4.7.3-5 */
#define IR_FECTL_IM       (1u << 31)
#define IR_FECTL_IP       (1u << 30)

/* FRCD_REG, 128 bits as two words (VT-d 11.4.7.6) */
#define IR_FRCD_LO_FI_INDEX_SHIFT 48                 /* FI 63:48 = index */
#define IR_FRCD_HI_SID_MASK       UINT64_C(0xffff)   /* 79:64 */
#define IR_FRCD_HI_FR_SHIFT       32                 /* 103:96 */
#define IR_FRCD_HI_FR_MASK        (UINT64_C(0xff) << IR_FRCD_HI_FR_SHIFT)
#define IR_FRCD_HI_F              (UINT64_C(1) << 63) /* 127 */

/* Interrupt Entry Cache Invalidate Descriptor, qw0 (VT-d 6.5.2.8) */
#define IR_QI_TYPE_LO_MASK   UINT64_C(0xf)           /* Type[3:0] */
#define IR_QI_TYPE_HI_SHIFT  9                       /* Type[6:4] in 11:9 */
#define IR_QI_TYPE_HI_MASK   (UINT64_C(0x7) << IR_QI_TYPE_HI_SHIFT)
#define IR_QI_TYPE_IEC       0x4u
#define IR_QI_IEC_G          (UINT64_C(1) << 4)      /* 1 = index-selective */
#define IR_QI_IEC_IM_SHIFT   27
#define IR_QI_IEC_IM_MASK    (UINT64_C(0x1f) << IR_QI_IEC_IM_SHIFT)
#define IR_QI_IEC_IIDX_SHIFT 32
#define IR_QI_IEC_IIDX_MASK  (UINT64_C(0xffff) << IR_QI_IEC_IIDX_SHIFT)
#define IR_QI_IEC_RSVD_MASK  (~(IR_QI_TYPE_LO_MASK | IR_QI_TYPE_HI_MASK | \
                                IR_QI_IEC_G | IR_QI_IEC_IM_MASK | \
                                IR_QI_IEC_IIDX_MASK))

/**
 * struct ir_fault_record - one fault recording register (VT-d 11.4.7.6).
 * @f: F: holds an unserviced fault
 * @reason: FR
 * @sid: requester ID of the faulting request
 * @index_valid: the FI field carries @index (not for 0x20, 0x25, 0x29)
 * @index: interrupt_index of the faulting request
 * @time: when the fault was detected
 */
struct ir_fault_record {
    bool f;
    enum ir_fault reason;
    uint16_t sid;
    bool index_valid;
    uint32_t index;
    sim_time_t time;
};

/**
 * struct ir_iec_inv - an IEC invalidation (VT-d 6.5.2.8).
 * @global: G = 0: every entry; else index-selective
 * @iidx: first index (index-selective)
 * @im: index mask: 2^@im entries, the low @im bits of @iidx ignored
 */
struct ir_iec_inv {
    bool global;
    uint16_t iidx;
    uint8_t im;
};

struct ir_unit;

/** typedef ir_done_fn - an invalidation has completed. */
typedef void (*ir_done_fn)(void *ctx);

/**
 * ir_config_default - defaults: 64-entry LRU IEC, 8 fault records,
 * posting supported, CM = 0, ESIRTPS = 0, HAW 46, no quirks.
 * @cfg: filled in; sim, mem, cost and the sinks are left NULL
 */
void ir_config_default(struct ir_config *cfg);

/**
 * ir_create - build a unit with IR disabled and no table.
 * @out: receives the unit
 * @cfg: the configuration (copied)
 *
 * Return: 0, -EINVAL (sim, mem, cost or apic.deliver missing; no fault
 * records or more than %IR_FAULT_RECORDS_MAX; haw outside 32..64),
 * -ENOMEM.
 */
int ir_create(struct ir_unit **out, const struct ir_config *cfg);

/**
 * ir_destroy - cancel the unit's pending events and free it.
 * @u: the unit (NULL is ignored); its simulation must still exist
 *
 * Requests in flight are dropped without a result.
 */
void ir_destroy(struct ir_unit *u);

/**
 * ir_pcie_sink - the unit as the upstream port devices write to.
 * @u: the unit
 */
struct pcie_sink ir_pcie_sink(struct ir_unit *u);

/**
 * ir_write - one upstream posted write arrives now.
 * @u: the unit
 * @w: the write (copied; its tag is copied untouched)
 */
void ir_write(struct ir_unit *u, const struct pcie_write *w);

/**
 * ir_remap_msg - an interrupt message formed inside the root complex (an
 * I/OxAPIC, as QEMU vtd_interrupt_remap_msi()), with a full 64-bit
 * address whose high half takes part in the reserved-field check.
 * @u: the unit
 * @m: the message
 * @rid: its source-id
 * @tag: ground truth (NULL: no tag)
 *
 * Return: 0 (the outcome comes as a result), or -EINVAL when address
 * 31:20 is not 0xFEE (not an interrupt message at all).
 */
int ir_remap_msg(struct ir_unit *u, const struct msi_msg *m, uint16_t rid,
                 const struct irq_tag *tag);

/**
 * ir_irta_encode - an IRTA_REG value.
 * @base: table base, 4 KiB aligned
 * @s: size field: 2^(@s + 1) entries
 * @eime: x2APIC mode
 */
static inline uint64_t ir_irta_encode(uint64_t base, unsigned s, bool eime)
{
    return (base & IR_IRTA_ADDR_MASK) | (eime ? IR_IRTA_EIME : 0) |
           ((uint64_t)s & IR_IRTA_S_MASK);
}

/**
 * ir_set_irta - write IRTA_REG and perform Set Interrupt Remap Table
 * Pointer (VT-d 6.7, 11.4.10).
 * @u: the unit
 * @irta: the register value
 *
 * Without ESIRTPS the IEC is not invalidated: software must invalidate it
 * globally afterwards (VT-d 6.7).
 *
 * Return: 0, or -EINVAL when RsvdZ bits 10:4 are set.
 */
int ir_set_irta(struct ir_unit *u, uint64_t irta);

/** ir_irta - the IRTA_REG value latched by the last SIRTP. */
uint64_t ir_irta(const struct ir_unit *u);

/** ir_table_entries - 2^(S+1), or 0 before any SIRTP. */
uint32_t ir_table_entries(const struct ir_unit *u);

/**
 * ir_set_enabled - GCMD.IRE.
 * @u: the unit
 * @on: enable interrupt remapping
 *
 * Disabling resets the internal fault recording index (VT-d 7.2.1).
 *
 * Return: 0, or -EINVAL when enabling before any SIRTP (VT-d 6.7:
 * "software must always set the interrupt-remapping table pointer before
 * enabling").
 */
int ir_set_enabled(struct ir_unit *u, bool on);

/** ir_enabled - GSTS.IRES. */
bool ir_enabled(const struct ir_unit *u);

/** ir_cap_esirtps - CAP_REG.ESIRTPS (bit 62): SIRTP invalidates the IEC. */
bool ir_cap_esirtps(const struct ir_unit *u);
/*
 * Capability and extended capability register bits a kernel reads to decide
 * what the unit is (VT-d 4.x 11.4.2 CAP_REG, 11.4.3 ECAP_REG).
 */
#define VTD_CAP_CM (UINT64_C(1) << 7)       /* caching mode */
#define VTD_CAP_PI (UINT64_C(1) << 59)      /* posted interrupts */
#define VTD_CAP_ESIRTPS (UINT64_C(1) << 62)
#define VTD_ECAP_QI (UINT64_C(1) << 1)      /* queued invalidation */
#define VTD_ECAP_IR (UINT64_C(1) << 3)      /* interrupt remapping */
#define VTD_ECAP_EIM (UINT64_C(1) << 4)     /* extended interrupt mode */

/** ir_cap_reg - CAP_REG as software reads it: CM, PI, ESIRTPS from the
 * configuration (the other fields read 0 in this model). */
uint64_t ir_cap_reg(const struct ir_unit *u);

/** ir_ecap_reg - ECAP_REG: QI, IR, EIM (interrupt remapping is modelled,
 * with queued invalidation and x2APIC mode). */
uint64_t ir_ecap_reg(const struct ir_unit *u);

/** ir_set_cfi - GCMD.CFI: allow compatibility-format interrupts. */
void ir_set_cfi(struct ir_unit *u, bool on);

/** ir_cfi - GSTS.CFIS. */
bool ir_cfi(const struct ir_unit *u);

/** ir_stats - the unit's counters. */
const struct ir_stats *ir_stats(const struct ir_unit *u);

/**
 * ir_error - the first internal error (a failed schedule or allocation
 * that dropped a request), 0 when none; the simulation was stopped then.
 */
int ir_error(const struct ir_unit *u);

/** ir_fault_qualified - suppressed by FPD (VT-d 5.1.4.1 Table 15)? */
bool ir_fault_qualified(enum ir_fault reason);

/** ir_fault_name - Linux's short name for a reason ("IR_ENTRY_P"...). */
const char *ir_fault_name(enum ir_fault reason);

/** ir_outcome_name - "remapped", "posted", ... */
const char *ir_outcome_name(enum ir_outcome o);

/** ir_fault_nrecords - the number of fault recording registers. */
unsigned ir_fault_nrecords(const struct ir_unit *u);

/**
 * ir_fault_record_get - read fault recording register @i.
 * @u: the unit
 * @i: register number
 * @out: its contents
 *
 * Return: 0 or -EINVAL (no such register).
 */
int ir_fault_record_get(const struct ir_unit *u, unsigned i,
                        struct ir_fault_record *out);

/**
 * ir_fault_record_clear - software writes 1 to F of register @i (W1C).
 * @u: the unit
 * @i: register number
 *
 * Return: 0 or -EINVAL.
 */
int ir_fault_record_clear(struct ir_unit *u, unsigned i);

/** ir_fsts - FSTS_REG fault-recording fields: PFO, PPF, FRI. */
uint32_t ir_fsts(const struct ir_unit *u);

/** ir_fault_clear_pfo - software writes 1 to FSTS.PFO. */
void ir_fault_clear_pfo(struct ir_unit *u);

/**
 * typedef ir_fault_event_fn - the unit sends its fault-event interrupt
 * message: a DWORD write of FEDATA to FEUADDR:FEADDR (VT-d 7.3), which is
 * never remapped.  Whoever set it stands for that message's delivery to
 * the host's handler.
 */
typedef void (*ir_fault_event_fn)(void *ctx, uint64_t addr, uint32_t data);

/**
 * ir_fault_event_set - where the fault-event message goes, and the
 * message (FEDATA, FEUADDR:FEADDR).  FECTL.IM is untouched: it is set at
 * reset, so nothing is sent until software clears it (ir_fectl_write()).
 */
void ir_fault_event_set(struct ir_unit *u, ir_fault_event_fn fn, void *ctx,
                        uint64_t addr, uint32_t data);

/**
 * ir_qi_enable - write IQA_REG and enable queued invalidation (GCMD.QIE):
 * the ring is 2^QS * 256 descriptors of 16 bytes at the address, in host
 * memory; IQH and IQT start at 0.
 * Return: 0; -EINVAL (DW set, reserved bits, no memory at the address).
 */
int ir_qi_enable(struct ir_unit *u, uint64_t iqa);

/**
 * ir_qi_write_tail - software writes IQT_REG (descriptor index << 4): the
 * unit fetches and processes the descriptors from IQH up to it, one at a
 * time in order, each fetched in COST_IRT_READ: an IEC invalidation as
 * ir_invalidate_iec(), an invalidation wait once every descriptor before
 * it has completed (status write and/or ICS.IWC and the invalidation
 * event).  Any other descriptor sets FSTS.IQE and stops the queue there.
 * Return: 0; -EINVAL (queue not enabled, index beyond the ring or
 * misaligned).
 */
int ir_qi_write_tail(struct ir_unit *u, uint64_t iqt);

/** ir_qi_head - IQH_REG: the next descriptor to process, << 4. */
uint64_t ir_qi_head(const struct ir_unit *u);

/** ir_ics - ICS_REG (IWC); ir_ics_clear - software writes 1 to IWC. */
uint32_t ir_ics(const struct ir_unit *u);
void ir_ics_clear(struct ir_unit *u);

/** ir_inv_event_set - as ir_fault_event_set(), for IECTL/IEDATA/IEADDR. */
void ir_inv_event_set(struct ir_unit *u, ir_fault_event_fn fn, void *ctx,
                      uint64_t addr, uint32_t data);

/** ir_iectl, ir_iectl_write - IECTL_REG, as FECTL (IM reset 1, IP). */
uint32_t ir_iectl(const struct ir_unit *u);
void ir_iectl_write(struct ir_unit *u, uint32_t val);

/** ir_fectl - FECTL_REG: IM (bit 31), IP (bit 30). */
uint32_t ir_fectl(const struct ir_unit *u);

/**
 * ir_fectl_write - software writes FECTL (only IM is writable).  Clearing
 * IM while IP is set sends the pending message and clears IP.
 */
void ir_fectl_write(struct ir_unit *u, uint32_t val);

/**
 * ir_frcd_encode - a record as the 128-bit FRCD_REG (VT-d 11.4.7.6).
 * @r: the record
 * @lo: bits 63:0: FI, with the interrupt_index in 63:48 (0 for reasons
 *      0x20, 0x25 and 0x29, whose FI is undefined)
 * @hi: bits 127:64: SID 79:64, FR 103:96, F 127
 */
void ir_frcd_encode(const struct ir_fault_record *r, uint64_t *lo,
                    uint64_t *hi);

/**
 * ir_iec_desc_encode - qw0 of an IEC invalidate descriptor (qw1 is 0).
 * @d: the invalidation; @d->im must be < 32
 */
uint64_t ir_iec_desc_encode(const struct ir_iec_inv *d);

/**
 * ir_iec_desc_decode - parse an IEC invalidate descriptor.
 * @qw0: bits 63:0
 * @qw1: bits 127:64 (reserved, must be 0)
 * @d: the invalidation
 *
 * Return: 0, or -EINVAL when the type is not 4 or a reserved bit is set
 * (hardware would report an invalidation queue error, IQEI 3 or 4).
 */
int ir_iec_desc_decode(uint64_t qw0, uint64_t qw1, struct ir_iec_inv *d);

/**
 * ir_invalidate_iec - submit an IEC invalidation (VT-d 6.5.2.8).
 * @u: the unit
 * @global: G = 0, every entry
 * @iidx: first index (index-selective)
 * @im: index mask, 0..31: entries whose index agrees with @iidx above the
 *      low @im bits (2^@im entries, aligned)
 * @done: called when the invalidation has completed; may be NULL
 * @ctx: its context
 *
 * Descriptors are processed one after another, each taking the iec_inval
 * cost; at the end of it the covered entries are dropped.  Completion then
 * waits until every interrupt request that arrived before that moment has
 * completed (interrupt draining, VT-d 6.5.2.8 and 6.5.5), so after @done
 * no stale entry can deliver.
 *
 * Return: 0, -EINVAL (@im > 31), -ENOMEM.
 */
int ir_invalidate_iec(struct ir_unit *u, bool global, uint16_t iidx,
                      unsigned im, ir_done_fn done, void *ctx);

/**
 * ir_qi_submit - submit a 128-bit queued-invalidation descriptor.
 * @u: the unit
 * @qw0: bits 63:0
 * @qw1: bits 127:64
 * @done: completion callback; may be NULL
 * @ctx: its context
 *
 * Only the IEC invalidate descriptor (type 4) is modelled.
 *
 * Return: as ir_invalidate_iec(), -EINVAL for a malformed descriptor, or
 * -EOPNOTSUPP for another descriptor type.
 */
int ir_qi_submit(struct ir_unit *u, uint64_t qw0, uint64_t qw1,
                 ir_done_fn done, void *ctx);

/**
 * ir_iec_peek - what the IEC holds for @index, without touching LRU state.
 * @u: the unit
 * @index: interrupt_index
 * @out: the cached IRTE (may be NULL)
 *
 * Return: true when cached.
 */
bool ir_iec_peek(const struct ir_unit *u, uint32_t index, struct irte *out);

/** ir_iec_used - the number of valid IEC entries. */
unsigned ir_iec_used(const struct ir_unit *u);

#endif /* IMSLAB_IOMMU_IR_H */
