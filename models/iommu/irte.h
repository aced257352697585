/* SPDX-License-Identifier: MIT */
/*
 * irte.h - the 128-bit VT-d interrupt remapping table entry (IRTE).
 *
 * Held as two little-endian 64-bit words, lo = bits 63:0, hi = bits
 * 127:64, with named shift/mask accessors (never bitfields).  Section
 * numbers are VT-d rev. 5.10 (D51397-018): 9.9 is the remapped format
 * (IM = 0), 9.10 the posted format (IM = 1).  Older revisions (2.x/3.x)
 * describe both formats in one section, 9.10.  ../shared/reference/
 * domain.md section 4.2 has the same table from Linux include/linux/dmar.h
 * (struct irte).
 *
 *   bit(s)  remapped (IM=0)           posted (IM=1)
 *   0       P                         P
 *   1       FPD                       FPD
 *   2       DM                        reserved
 *   3       RH                        reserved
 *   4       TM                        reserved
 *   7:5     DLM                       reserved
 *   11:8    AVAIL                     AVAIL
 *   14:12   reserved                  13:12 reserved, 14 URG
 *   15      IM = 0                    IM = 1
 *   23:16   vector                    virtual vector (the PIR bit)
 *   31:24   reserved                  37:24 reserved
 *   63:32   DST (xAPIC: ID in 47:40,  63:38 PDA[31:6]
 *           39:32 and 63:48 reserved)
 *   79:64   SID                       SID
 *   81:80   SQ                        SQ
 *   83:82   SVT                       SVT
 *   127:84  reserved                  95:84 reserved, 127:96 PDA[63:32]
 */
#ifndef IMSLAB_IOMMU_IRTE_H
#define IMSLAB_IOMMU_IRTE_H

#include <stdbool.h>
#include <stdint.h>

#define IRTE_SIZE 16u

/**
 * struct irte - one IRTE as it sits in memory.
 * @lo: bits 63:0
 * @hi: bits 127:64
 */
struct irte {
    uint64_t lo;
    uint64_t hi;
};

/* ---- lo word: bits 63:0 ---------------------------------------------- */
#define IRTE_LO_P            (UINT64_C(1) << 0)
#define IRTE_LO_FPD          (UINT64_C(1) << 1)
#define IRTE_LO_DM           (UINT64_C(1) << 2)   /* remapped: 1 = logical */
#define IRTE_LO_RH           (UINT64_C(1) << 3)   /* remapped */
#define IRTE_LO_TM           (UINT64_C(1) << 4)   /* remapped: 1 = level */
#define IRTE_LO_DLM_SHIFT    5                    /* remapped: 7:5 */
#define IRTE_LO_DLM_MASK     (UINT64_C(0x7) << IRTE_LO_DLM_SHIFT)
#define IRTE_LO_AVAIL_SHIFT  8
#define IRTE_LO_AVAIL_MASK   (UINT64_C(0xf) << IRTE_LO_AVAIL_SHIFT)
#define IRTE_LO_URG          (UINT64_C(1) << 14)  /* posted */
#define IRTE_LO_IM           (UINT64_C(1) << 15)  /* 1 = posted */
#define IRTE_LO_VECTOR_SHIFT 16
#define IRTE_LO_VECTOR_MASK  (UINT64_C(0xff) << IRTE_LO_VECTOR_SHIFT)
#define IRTE_LO_DST_SHIFT    32                   /* remapped: 63:32 */
#define IRTE_LO_DST_MASK     (UINT64_C(0xffffffff) << IRTE_LO_DST_SHIFT)
#define IRTE_LO_PDAL_SHIFT   38                   /* posted: PDA[31:6] */
#define IRTE_LO_PDAL_MASK    (UINT64_C(0x3ffffff) << IRTE_LO_PDAL_SHIFT)

/* ---- hi word: bits 127:64 -------------------------------------------- */
#define IRTE_HI_SID_SHIFT    0                    /* 79:64 */
#define IRTE_HI_SID_MASK     (UINT64_C(0xffff) << IRTE_HI_SID_SHIFT)
#define IRTE_HI_SQ_SHIFT     16                   /* 81:80 */
#define IRTE_HI_SQ_MASK      (UINT64_C(0x3) << IRTE_HI_SQ_SHIFT)
#define IRTE_HI_SVT_SHIFT    18                   /* 83:82 */
#define IRTE_HI_SVT_MASK     (UINT64_C(0x3) << IRTE_HI_SVT_SHIFT)
#define IRTE_HI_PDAH_SHIFT   32                   /* posted: PDA[63:32] */
#define IRTE_HI_PDAH_MASK    (UINT64_C(0xffffffff) << IRTE_HI_PDAH_SHIFT)

/* ---- reserved bits (fault 0x24 when set in a present entry) ------------ */
/* VT-d 9.9: 14:12, 31:24 and 127:84 */
#define IRTE_REMAP_RSVD_LO   (UINT64_C(0x7) << 12 | UINT64_C(0xff) << 24)
#define IRTE_REMAP_RSVD_HI   (UINT64_C(0xfffffffffff) << 20)
/* VT-d 9.9 DST, xAPIC mode (IRTA_REG.EIME = 0): 39:32 and 63:48 */
#define IRTE_REMAP_RSVD_LO_XAPIC (UINT64_C(0xff) << 32 | UINT64_C(0xffff) << 48)
/* VT-d 9.10: 7:2, 13:12, 37:24 and 95:84 */
#define IRTE_POST_RSVD_LO    (UINT64_C(0x3f) << 2 | UINT64_C(0x3) << 12 | \
                              UINT64_C(0x3fff) << 24)
#define IRTE_POST_RSVD_HI    (UINT64_C(0xfff) << 20)

/* SQ (VT-d 9.9, SVT = 01b): which requester-ID bits are compared */
enum irte_sq {
    IRTE_SQ_ALL_16 = 0,        /* all 16 bits */
    IRTE_SQ_IGNORE_1 = 1,      /* ignore function bit 2 */
    IRTE_SQ_IGNORE_2 = 2,      /* ignore function bits 2:1 */
    IRTE_SQ_IGNORE_3 = 3,      /* ignore function bits 2:0 */
};

/* SVT (VT-d 9.9; Linux irq_remapping.c SVT_*) */
enum irte_svt {
    IRTE_SVT_NONE = 0,         /* no requester-ID verification */
    IRTE_SVT_SID_SQ = 1,       /* compare SID under the SQ mask */
    IRTE_SVT_BUS = 2,          /* bus within [start bus, end bus] */
    IRTE_SVT_RSVD = 3,         /* reserved: always fails verification */
};

/**
 * IRTE_SID_BUS_RANGE - the SID value for SVT = 10b.
 *
 * VT-d 9.9: "The most significant 8 bits of the SID field contain the
 * Startbus#, and the least significant 8 bits ... the Endbus#"; Linux
 * set_irte_verify_bus() writes (start_bus << 8) | end_bus.  (QEMU reads
 * the two bytes the other way round; see IR_QUIRK_SVT_BUS_SWAPPED.)
 */
#define IRTE_SID_BUS_RANGE(start, end) \
    ((uint16_t)((((start) & 0xffu) << 8) | ((end) & 0xffu)))

/** IRTE_DST_XAPIC - the DST field for xAPIC ID @id (bits 47:40). */
#define IRTE_DST_XAPIC(id) ((uint32_t)((id) & 0xffu) << 8)

/**
 * struct irte_remapped - the fields of a remapped-format IRTE (IM = 0).
 * @present: P
 * @fpd: fault processing disable
 * @dest_logical: DM
 * @rh: redirection hint
 * @trigger_level: TM
 * @dlm: delivery mode (enum apic_dlm)
 * @avail: software bits 11:8
 * @vector: the vector delivered
 * @dst: the raw 32-bit DST field (xAPIC: IRTE_DST_XAPIC(id))
 * @sid: source-id
 * @sq: source-id qualifier (enum irte_sq)
 * @svt: source validation type (enum irte_svt)
 */
struct irte_remapped {
    bool present;
    bool fpd;
    bool dest_logical;
    bool rh;
    bool trigger_level;
    uint8_t dlm;
    uint8_t avail;
    uint8_t vector;
    uint32_t dst;
    uint16_t sid;
    uint8_t sq;
    uint8_t svt;
};

/**
 * struct irte_posted - the fields of a posted-format IRTE (IM = 1).
 * @present: P
 * @fpd: fault processing disable
 * @urg: urgent: notify even when the PID has SN set
 * @avail: software bits 11:8
 * @vector: the virtual vector: the PIR bit to set
 * @pda: posted-interrupt descriptor address (64-byte aligned)
 * @sid: source-id
 * @sq: source-id qualifier
 * @svt: source validation type
 */
struct irte_posted {
    bool present;
    bool fpd;
    bool urg;
    uint8_t avail;
    uint8_t vector;
    uint64_t pda;
    uint16_t sid;
    uint8_t sq;
    uint8_t svt;
};

static inline bool irte_present(const struct irte *e)
{
    return e->lo & IRTE_LO_P;
}

static inline bool irte_fpd(const struct irte *e)
{
    return e->lo & IRTE_LO_FPD;
}

/** irte_posted - IM: the entry is in posted format. */
static inline bool irte_posted(const struct irte *e)
{
    return e->lo & IRTE_LO_IM;
}

static inline uint8_t irte_vector(const struct irte *e)
{
    return (uint8_t)((e->lo & IRTE_LO_VECTOR_MASK) >> IRTE_LO_VECTOR_SHIFT);
}

static inline uint16_t irte_sid(const struct irte *e)
{
    return (uint16_t)((e->hi & IRTE_HI_SID_MASK) >> IRTE_HI_SID_SHIFT);
}

static inline unsigned irte_sq(const struct irte *e)
{
    return (unsigned)((e->hi & IRTE_HI_SQ_MASK) >> IRTE_HI_SQ_SHIFT);
}

static inline unsigned irte_svt(const struct irte *e)
{
    return (unsigned)((e->hi & IRTE_HI_SVT_MASK) >> IRTE_HI_SVT_SHIFT);
}

/** irte_pda - the posted descriptor address, PDAH:PDAL:000000b. */
static inline uint64_t irte_pda(const struct irte *e)
{
    return (e->hi & IRTE_HI_PDAH_MASK) |
           (((e->lo & IRTE_LO_PDAL_MASK) >> IRTE_LO_PDAL_SHIFT) << 6);
}

/**
 * irte_dest_id - the APIC destination ID of a remapped-format IRTE.
 * @e: the entry
 * @eime: IRTA_REG.EIME (x2APIC mode)
 *
 * VT-d 9.9 DST: xAPIC mode uses DST[15:8] (IRTE bits 47:40); x2APIC mode
 * uses all 32 bits.
 */
static inline uint32_t irte_dest_id(const struct irte *e, bool eime)
{
    uint32_t dst = (uint32_t)((e->lo & IRTE_LO_DST_MASK) >> IRTE_LO_DST_SHIFT);

    return eime ? dst : (dst >> 8) & 0xffu;
}

/**
 * irte_encode_remapped - build a remapped-format entry.
 * @f: the fields
 * @e: the entry (reserved bits zero)
 *
 * Return: 0, or -EINVAL when a field does not fit (dlm > 7, avail > 15,
 * sq > 3, svt > 3).
 */
int irte_encode_remapped(const struct irte_remapped *f, struct irte *e);

/**
 * irte_encode_posted - build a posted-format entry (as Linux
 * modify_irte() does for intel_ir_set_vcpu_affinity()).
 * @f: the fields
 * @e: the entry (reserved bits zero)
 *
 * Return: 0, or -EINVAL when @f->pda is not 64-byte aligned or a field
 * does not fit.
 */
int irte_encode_posted(const struct irte_posted *f, struct irte *e);

/** irte_decode_remapped - the remapped-format view of any entry. */
void irte_decode_remapped(const struct irte *e, struct irte_remapped *f);

/** irte_decode_posted - the posted-format view of any entry. */
void irte_decode_posted(const struct irte *e, struct irte_posted *f);

/**
 * irte_rsvd - invalid programming of a present entry (fault 0x24)?
 * @e: the entry
 * @eime: IRTA_REG.EIME; in xAPIC mode DST 39:32 and 63:48 are reserved
 * @pi: the unit supports posting (CAP_REG.PI); without it IM and URG are
 *      reserved (VT-d 9.10)
 * @haw: host address width; PDA bits 63:HAW are reserved (VT-d 9.10)
 *
 * Besides the reserved masks, a remapped entry with a reserved delivery
 * mode encoding (011b or 110b, absent from the VT-d 9.9 DLM list) counts
 * as "conditional reserved fields programmed wrongly" (VT-d 5.1.4.1,
 * Table 15, reason 24h).
 *
 * Return: true when the entry must fault with reason 0x24.
 */
bool irte_rsvd(const struct irte *e, bool eime, bool pi, unsigned haw);

/**
 * irte_sid_verify - VT-d 9.9 source validation of requester @rid.
 * @e: the entry (SID, SQ, SVT)
 * @rid: the requester ID of the interrupt request
 * @bus_swapped: read the SVT = 10b range as QEMU does (SID[15:8] = end,
 *               SID[7:0] = start) instead of as the spec does
 *
 * SVT 00b: no check.  01b: (rid & mask[SQ]) == (SID & mask[SQ]) with
 * mask = {0xffff, 0xfffb, 0xfff9, 0xfff8}.  10b: start bus <= bus(rid) <=
 * end bus.  11b (reserved): fails.
 *
 * Return: true when the request passes.
 */
bool irte_sid_verify(const struct irte *e, uint16_t rid, bool bus_swapped);

#endif /* IMSLAB_IOMMU_IRTE_H */
