/* SPDX-License-Identifier: MIT */
/*
 * ir_props.h - the remapping unit as a platform sets it up, and its knobs
 * (models/props.h): the capabilities a unit is built with (struct
 * ir_config) and the registers the host kernel programs before anything
 * else runs (IRTA_REG, GCMD.IRE, GCMD.CFI).  The scenario section
 * "platform.iommu" binds to ir_setup_props.
 */
#ifndef IMSLAB_IOMMU_IR_PROPS_H
#define IMSLAB_IOMMU_IR_PROPS_H

#include <stdbool.h>
#include <stdint.h>

#include "models/iommu/ir.h"
#include "models/props.h"

/**
 * struct ir_setup - one remapping unit of a platform.
 * @interrupt_remapping: GCMD.IRE set by the host (VT-d 9.10 / 11.4.4)
 * @cfi: GCMD.CFI: compatibility-format interrupts pass while IR is on
 * @irt_size: IRT entries, a power of two (IRTA_REG.S = log2 - 1)
 * @eime: IRTA_REG.EIME: x2APIC destination IDs (the APICs run x2APIC)
 * @iec_entries: interrupt entry cache size, 0 = no cache
 * @iec_replacement: IEC replacement policy
 * @fault_records: fault recording registers (CAP_REG.NFR + 1)
 * @posted_interrupts: CAP_REG.PI; needs @interrupt_remapping
 * @esirtps: CAP_REG.ESIRTPS: SIRTP invalidates the IEC itself (VT-d 6.7;
 *           the host then skips its global IEC invalidation)
 */
struct ir_setup {
    bool interrupt_remapping;
    bool cfi;
    uint32_t irt_size;
    bool eime;
    uint32_t iec_entries;
    enum ir_iec_policy iec_replacement;
    uint32_t fault_records;
    bool posted_interrupts;
    bool esirtps;
};

/* The largest IRT: IRTA_REG.S = 15, 2^16 entries (VT-d 11.4.10). */
#define IR_IRT_ENTRIES_MAX 65536u

extern const struct prop_table ir_setup_props;
extern const struct prop_enum ir_iec_policy_enum;

/**
 * ir_setup_config - the capabilities of @s into @cfg (iec_entries,
 * iec_policy, fault_records, posted, esirtps); the other members are untouched.
 */
void ir_setup_config(const struct ir_setup *s, struct ir_config *cfg);

#endif /* IMSLAB_IOMMU_IR_PROPS_H */
