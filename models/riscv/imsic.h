/* SPDX-License-Identifier: MIT */
/*
 * imsic.h - RISC-V AIA Incoming MSI Controllers (IMSICs) with guest
 * interrupt files.
 *
 * Source: The RISC-V Advanced Interrupt Architecture (AIA) 1.0, chapter 3
 * "Incoming MSI Controller": 3.1 interrupt files (one supervisor-level and
 * GEILEN guest files per hart), 3.2 the 4 KiB memory region of an
 * interrupt file (seteipnum_le at offset 0, seteipnum_be at 4), 3.6 the
 * arrangement of the interrupt files of many harts in the address space,
 * 3.8 eidelivery, eithreshold, eip/eie arrays, topei.  Linux's
 * drivers/irqchip/irq-riscv-imsic-state.c names the same layout fields
 * (guest-index-bits, hart-index-bits, group-index-bits, group-index-shift).
 *
 * Address of guest file @guest (0 = the supervisor file) of hart @hart in
 * group @group:
 *   base + group << group_shift + hart << (guest_bits + 12) + guest << 12
 */
#ifndef IMSLAB_RISCV_IMSIC_H
#define IMSLAB_RISCV_IMSIC_H

#include <stdbool.h>
#include <stdint.h>

#include "models/bus.h"
#include "models/cost.h"
#include "sim/sim.h"

#define IMSIC_PAGE 4096u
#define IMSIC_SETEIPNUM_LE 0x000u
#define IMSIC_SETEIPNUM_BE 0x004u
#define IMSIC_MAX_IDS 2048u

/**
 * struct imsic_geom - where the interrupt files sit (AIA 3.6).
 * @base: address of hart 0's supervisor file in group 0 (4 KiB aligned)
 * @guest_bits: bits of the guest index (GEILEN + 1 files fit in 2^bits)
 * @hart_bits: bits of the hart index within a group
 * @group_bits: bits of the group index
 * @group_shift: the group index's position (>= hart_bits + guest_bits + 12)
 */
struct imsic_geom {
    uint64_t base;
    unsigned guest_bits;
    unsigned hart_bits;
    unsigned group_bits;
    unsigned group_shift;
};

/**
 * imsic_file_addr - the address of an interrupt file (AIA 3.6).
 * Return: 0 and *@addr, or -EINVAL (an index out of its field, or a
 * geometry whose fields overlap).
 */
int imsic_file_addr(const struct imsic_geom *g, unsigned group, unsigned hart, unsigned guest,
                    uint64_t *addr);

/**
 * imsic_addr_decode - which file and offset @addr falls in.
 * Return: 0, or -ENOENT (not in the IMSIC region of @g).
 */
int imsic_addr_decode(const struct imsic_geom *g, uint64_t addr, unsigned *group,
                      unsigned *hart, unsigned *guest, unsigned *off);

/**
 * struct imsic_sink - the harts.
 * @raise: interrupt file @guest (0: supervisor) of hart @hart now has
 *         identity @id pending and enabled above the threshold (the guest
 *         external interrupt, hgeip bit @guest, for a guest file)
 * @ctx: its context
 */
struct imsic_sink {
    void (*raise)(void *ctx, unsigned hart, unsigned guest, unsigned id,
                  const struct irq_tag *tag);
    void *ctx;
};

/**
 * struct imsic_config - a set of IMSICs, one per hart.
 * @sim, @cost: imsic_deliver
 * @geom: the layout
 * @harts: harts (group 0 holds harts below 2^hart_bits, and so on)
 * @geilen: guest files per hart (1..63)
 * @num_ids: identities per file (63..2047: a multiple of 64 minus 1)
 * @sink: the harts
 */
struct imsic_config {
    struct sim *sim;
    const struct cost_model *cost;
    struct imsic_geom geom;
    unsigned harts;
    unsigned geilen;
    unsigned num_ids;
    struct imsic_sink sink;
};

struct imsic;

/** imsic_create - the IMSICs.  Return: 0, -EINVAL, -ENOMEM. */
int imsic_create(struct imsic **out, const struct imsic_config *cfg);

/** imsic_destroy - free @m (NULL is ignored). */
void imsic_destroy(struct imsic *m);

/**
 * imsic_set_file - a file's control state (the CSRs through *iselect):
 * eidelivery, eithreshold.  Return: 0, -EINVAL.
 */
int imsic_set_file(struct imsic *m, unsigned hart, unsigned guest, bool delivery,
                   unsigned threshold);

/** imsic_enable - set eie[@id] of a file.  Return: 0, -EINVAL. */
int imsic_enable(struct imsic *m, unsigned hart, unsigned guest, unsigned id, bool on);

/** imsic_pending - eip[@id] of a file (false for bad arguments). */
bool imsic_pending(const struct imsic *m, unsigned hart, unsigned guest, unsigned id);

/**
 * imsic_claim - topei read-and-clear: the lowest enabled pending identity
 * below the threshold, cleared.  Return: it, or 0 when none.
 */
unsigned imsic_claim(struct imsic *m, unsigned hart, unsigned guest);

/**
 * imsic_write - a write on the bus: a 4-byte write to seteipnum_le of a
 * file sets eip[data] (AIA 3.2; identity 0 and identities above the file's count
 * are ignored).  Return: true when @w addressed an interrupt file.
 */
bool imsic_write(struct imsic *m, const struct pcie_write *w);

/** imsic_sink - the IMSICs as the IOMMU's downstream port. */
struct pcie_sink imsic_sink(struct imsic *m);

#endif /* IMSLAB_RISCV_IMSIC_H */
