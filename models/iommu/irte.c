/* SPDX-License-Identifier: MIT */
/* irte.c - build, decode and check 128-bit IRTEs (see irte.h). */
#include "irte.h"

#include <errno.h>

/* VT-d 9.9 SQ encodings, as QEMU vtd_svt_mask[] */
static const uint16_t sq_mask[4] = { 0xffff, 0xfffb, 0xfff9, 0xfff8 };

static uint64_t common_hi(uint16_t sid, uint8_t sq, uint8_t svt)
{
    return ((uint64_t)sid << IRTE_HI_SID_SHIFT) |
           ((uint64_t)sq << IRTE_HI_SQ_SHIFT) |
           ((uint64_t)svt << IRTE_HI_SVT_SHIFT);
}

int irte_encode_remapped(const struct irte_remapped *f, struct irte *e)
{
    if (f->dlm > 7 || f->avail > 15 || f->sq > 3 || f->svt > 3)
        return -EINVAL;
    /* VT-d 9.9 */
    e->lo = (f->present ? IRTE_LO_P : 0) |
            (f->fpd ? IRTE_LO_FPD : 0) |
            (f->dest_logical ? IRTE_LO_DM : 0) |
            (f->rh ? IRTE_LO_RH : 0) |
            (f->trigger_level ? IRTE_LO_TM : 0) |
            ((uint64_t)f->dlm << IRTE_LO_DLM_SHIFT) |
            ((uint64_t)f->avail << IRTE_LO_AVAIL_SHIFT) |
            ((uint64_t)f->vector << IRTE_LO_VECTOR_SHIFT) |
            ((uint64_t)f->dst << IRTE_LO_DST_SHIFT);
    e->hi = common_hi(f->sid, f->sq, f->svt);
    return 0;
}

int irte_encode_posted(const struct irte_posted *f, struct irte *e)
{
    if ((f->pda & 0x3f) || f->avail > 15 || f->sq > 3 || f->svt > 3)
        return -EINVAL;
    /* VT-d 9.10 */
    e->lo = (f->present ? IRTE_LO_P : 0) |
            (f->fpd ? IRTE_LO_FPD : 0) |
            ((uint64_t)f->avail << IRTE_LO_AVAIL_SHIFT) |
            (f->urg ? IRTE_LO_URG : 0) |
            IRTE_LO_IM |
            ((uint64_t)f->vector << IRTE_LO_VECTOR_SHIFT) |
            (((f->pda & UINT64_C(0xffffffff)) >> 6) << IRTE_LO_PDAL_SHIFT);
    e->hi = common_hi(f->sid, f->sq, f->svt) |
            (f->pda & IRTE_HI_PDAH_MASK);
    return 0;
}

void irte_decode_remapped(const struct irte *e, struct irte_remapped *f)
{
    /* VT-d 9.9 */
    f->present = irte_present(e);
    f->fpd = irte_fpd(e);
    f->dest_logical = (e->lo & IRTE_LO_DM) != 0;
    f->rh = (e->lo & IRTE_LO_RH) != 0;
    f->trigger_level = (e->lo & IRTE_LO_TM) != 0;
    f->dlm = (uint8_t)((e->lo & IRTE_LO_DLM_MASK) >> IRTE_LO_DLM_SHIFT);
    f->avail = (uint8_t)((e->lo & IRTE_LO_AVAIL_MASK) >> IRTE_LO_AVAIL_SHIFT);
    f->vector = irte_vector(e);
    f->dst = (uint32_t)((e->lo & IRTE_LO_DST_MASK) >> IRTE_LO_DST_SHIFT);
    f->sid = irte_sid(e);
    f->sq = (uint8_t)irte_sq(e);
    f->svt = (uint8_t)irte_svt(e);
}

void irte_decode_posted(const struct irte *e, struct irte_posted *f)
{
    /* VT-d 9.10 */
    f->present = irte_present(e);
    f->fpd = irte_fpd(e);
    f->urg = (e->lo & IRTE_LO_URG) != 0;
    f->avail = (uint8_t)((e->lo & IRTE_LO_AVAIL_MASK) >> IRTE_LO_AVAIL_SHIFT);
    f->vector = irte_vector(e);
    f->pda = irte_pda(e);
    f->sid = irte_sid(e);
    f->sq = (uint8_t)irte_sq(e);
    f->svt = (uint8_t)irte_svt(e);
}

bool irte_rsvd(const struct irte *e, bool eime, bool pi, unsigned haw)
{
    if (irte_posted(e)) {
        /* VT-d 9.10: without CAP_REG.PI, IM is Reserved(0) */
        if (!pi)
            return true;
        if ((e->lo & IRTE_POST_RSVD_LO) || (e->hi & IRTE_POST_RSVD_HI))
            return true;
        /* VT-d 9.10 PDAH: bits 63:HAW are Reserved(0) */
        return haw < 64 && (irte_pda(e) >> haw) != 0;
    }
    /* VT-d 9.9 */
    if ((e->lo & IRTE_REMAP_RSVD_LO) || (e->hi & IRTE_REMAP_RSVD_HI))
        return true;
    /* VT-d 9.9 DST / 11.4.10 EIME: xAPIC mode interprets DST[15:8] only */
    if (!eime && (e->lo & IRTE_REMAP_RSVD_LO_XAPIC))
        return true;
    /* VT-d 9.9 DLM: 011b and 110b are not defined encodings */
    switch ((e->lo & IRTE_LO_DLM_MASK) >> IRTE_LO_DLM_SHIFT) {
    case 3:
    case 6:
        return true;
    default:
        return false;
    }
}

bool irte_sid_verify(const struct irte *e, uint16_t rid, bool bus_swapped)
{
    uint16_t sid = irte_sid(e);
    unsigned start, end, bus;

    /* VT-d 9.9 SVT, SQ and SID */
    switch (irte_svt(e)) {
    case IRTE_SVT_NONE:
        return true;
    case IRTE_SVT_SID_SQ:
        return (rid & sq_mask[irte_sq(e)]) == (sid & sq_mask[irte_sq(e)]);
    case IRTE_SVT_BUS:
        start = (sid >> 8) & 0xffu;
        end = sid & 0xffu;
        if (bus_swapped) {
            unsigned t = start;

            start = end;
            end = t;
        }
        bus = (rid >> 8) & 0xffu;
        return bus >= start && bus <= end;
    default:
        /* 11b is reserved: QEMU vtd_irte_get() fails it with 0x26 */
        return false;
    }
}
