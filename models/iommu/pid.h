/* SPDX-License-Identifier: MIT */
/*
 * pid.h - the VT-d posted-interrupt descriptor (PID) in simulated memory.
 *
 * 64 bytes, 64-byte aligned (VT-d spec 9.11; Linux
 * arch/x86/include/asm/posted_intr.h):
 *   bits 255:0   PIR   one request bit per vector
 *   bit  256     ON    outstanding notification
 *   bit  257     SN    suppress notification (non-urgent)
 *   bits 279:272 NV    notification vector
 *   bits 319:288 NDST  notification destination (APIC ID; xAPIC ID in 15:8)
 * Everything else is reserved.
 *
 * The descriptor is held as eight little-endian 64-bit words.  The IOMMU
 * (posting) and the CPU side (posted-interrupt processing, KVM's PI
 * management) both go through these accessors, never through bitfields.
 */
#ifndef IMSLAB_IOMMU_PID_H
#define IMSLAB_IOMMU_PID_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>

#include "models/mem/mem.h"

#define PID_SIZE 64u
#define PID_ALIGN 64u

struct pid {
    uint64_t w[8];
};

/* word 4 holds bits 319:256 */
#define PID_W4_ON        (UINT64_C(1) << 0)
#define PID_W4_SN        (UINT64_C(1) << 1)
#define PID_W4_NV_SHIFT  16
#define PID_W4_NV_MASK   (UINT64_C(0xff) << PID_W4_NV_SHIFT)
#define PID_W4_NDST_SHIFT 32
#define PID_W4_NDST_MASK (UINT64_C(0xffffffff) << PID_W4_NDST_SHIFT)
/* VT-d 9.11 reserved fields: 271:258 and 287:280 in word 4, 511:320 */
#define PID_W4_RSVD_MASK  (UINT64_C(0x3fff) << 2 | UINT64_C(0xff) << 24)
/* VT-d 9.11 NDST, xAPIC mode: 295:288 and 319:304 are reserved */
#define PID_W4_RSVD_XAPIC (UINT64_C(0xff) << 32 | UINT64_C(0xffff) << 48)

static inline bool pid_pir_test(const struct pid *p, unsigned vec)
{
    return (p->w[(vec & 0xff) / 64] >> (vec % 64)) & 1;
}

static inline void pid_pir_set(struct pid *p, unsigned vec)
{
    p->w[(vec & 0xff) / 64] |= UINT64_C(1) << (vec % 64);
}

static inline bool pid_on(const struct pid *p) { return p->w[4] & PID_W4_ON; }
static inline bool pid_sn(const struct pid *p) { return p->w[4] & PID_W4_SN; }

static inline uint8_t pid_nv(const struct pid *p)
{
    return (uint8_t)((p->w[4] & PID_W4_NV_MASK) >> PID_W4_NV_SHIFT);
}

static inline uint32_t pid_ndst(const struct pid *p)
{
    return (uint32_t)((p->w[4] & PID_W4_NDST_MASK) >> PID_W4_NDST_SHIFT);
}

static inline void pid_set_on(struct pid *p, bool v)
{
    p->w[4] = v ? p->w[4] | PID_W4_ON : p->w[4] & ~PID_W4_ON;
}

static inline void pid_set_sn(struct pid *p, bool v)
{
    p->w[4] = v ? p->w[4] | PID_W4_SN : p->w[4] & ~PID_W4_SN;
}

static inline void pid_set_nv(struct pid *p, uint8_t nv)
{
    p->w[4] = (p->w[4] & ~PID_W4_NV_MASK) | ((uint64_t)nv << PID_W4_NV_SHIFT);
}

static inline void pid_set_ndst(struct pid *p, uint32_t ndst)
{
    p->w[4] = (p->w[4] & ~PID_W4_NDST_MASK) | ((uint64_t)ndst << PID_W4_NDST_SHIFT);
}

/**
 * pid_ndst_apic_id - the notification destination as an APIC ID.
 * @p: the descriptor
 * @x2apic: x2APIC mode (IRTA_REG.EIME): all 32 bits; else NDST[15:8]
 */
static inline uint32_t pid_ndst_apic_id(const struct pid *p, bool x2apic)
{
    uint32_t ndst = pid_ndst(p);

    return x2apic ? ndst : (ndst >> 8) & 0xffu;
}

/**
 * pid_rsvd - reserved fields set (VT-d 9.11; fault 0x28 when posting)?
 * @p: the descriptor
 * @x2apic: x2APIC mode; in xAPIC mode NDST bits 7:0 and 31:16 are reserved
 */
static inline bool pid_rsvd(const struct pid *p, bool x2apic)
{
    if ((p->w[4] & PID_W4_RSVD_MASK) || p->w[5] || p->w[6] || p->w[7])
        return true;
    return !x2apic && (p->w[4] & PID_W4_RSVD_XAPIC);
}

/** pid_load - read the 64-byte descriptor at @addr; 0 or -EFAULT/-EINVAL. */
static inline int pid_load(const struct mem *m, uint64_t addr, struct pid *p)
{
    if (addr % PID_ALIGN)
        return -EINVAL;
    return mem_read64s(m, addr, p->w, 8);
}

/** pid_store - write the descriptor back; 0 or -EFAULT/-EINVAL. */
static inline int pid_store(struct mem *m, uint64_t addr, const struct pid *p)
{
    if (addr % PID_ALIGN)
        return -EINVAL;
    return mem_write64s(m, addr, p->w, 8);
}

#endif /* IMSLAB_IOMMU_PID_H */
