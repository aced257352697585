/* SPDX-License-Identifier: MIT */
/*
 * ir_props.c - the knobs of struct ir_setup (ir_props.h), for the scenario
 * section "platform.iommu" (docs/scenario-format.md).
 */
#include "models/iommu/ir_props.h"

#include <errno.h>
#include <stdio.h>

static const char *const iec_names[] = {
    [IR_IEC_LRU] = "lru", [IR_IEC_FIFO] = "fifo",
};

const struct prop_enum ir_iec_policy_enum = {
    iec_names, (unsigned)(sizeof(iec_names) / sizeof(iec_names[0])),
};

enum { R_IR, R_CFI, R_IRT_SIZE, R_EIME, R_IEC_ENTRIES, R_IEC_REPL,
       R_FAULT_RECORDS, R_POSTED, R_ESIRTPS, R__COUNT };

static const struct prop_desc descs[R__COUNT] = {
    [R_IR] = PROP_ROW_BOOL(struct ir_setup, interrupt_remapping,
                           "interrupt_remapping", 1,
                           "interrupt remapping enabled (GCMD.IRE)"),
    [R_CFI] = PROP_ROW_BOOL(struct ir_setup, cfi, "cfi", 0,
                            "compatibility-format interrupts allowed while "
                            "remapping is on (GCMD.CFI)"),
    [R_IRT_SIZE] = {
        .name = "irt_size", .type = PROP_U32,
        .offset = offsetof(struct ir_setup, irt_size), .size = 4,
        .min = 2, .max = IR_IRT_ENTRIES_MAX, .def = IR_IRT_ENTRIES_MAX,
        .flags = PROP_F_POW2,
        .doc = "interrupt remapping table entries (IRTA_REG.S)",
    },
    [R_EIME] = PROP_ROW_BOOL(struct ir_setup, eime, "eime", 0,
                             "extended interrupt mode, x2APIC IDs "
                             "(IRTA_REG.EIME)"),
    [R_IEC_ENTRIES] = PROP_ROW_U32(struct ir_setup, iec_entries,
                                   "iec_entries", 0, 65536,
                                   IR_IEC_ENTRIES_DEFAULT,
                                   "interrupt entry cache size; 0 = none"),
    [R_IEC_REPL] = PROP_ROW_ENUM(struct ir_setup, iec_replacement,
                                 "iec_replacement", &ir_iec_policy_enum,
                                 IR_IEC_LRU, "IEC replacement policy"),
    [R_FAULT_RECORDS] = PROP_ROW_U32(struct ir_setup, fault_records,
                                     "fault_records", 1,
                                     IR_FAULT_RECORDS_MAX,
                                     IR_FAULT_RECORDS_DEFAULT,
                                     "fault recording registers"),
    [R_POSTED] = {
        .name = "posted_interrupts", .type = PROP_BOOL,
        .offset = offsetof(struct ir_setup, posted_interrupts),
        .size = sizeof(bool), .max = 1, .def = 1,
        .def_doc = "same as `interrupt_remapping`",
        .doc = "posting capability (CAP_REG.PI)",
    },
    [R_ESIRTPS] = PROP_ROW_BOOL(struct ir_setup, esirtps, "esirtps", 0,
                                "SIRTP invalidates the IEC itself "
                                "(CAP_REG.ESIRTPS); without it the host "
                                "follows SIRTP with a global IEC "
                                "invalidation"),
};

/* Posting is a mode of remapped IRTEs (VT-d 9.11): no IR, no posting. */
static int ir_setup_finish(void *cfg, uint64_t given, struct prop_err *err)
{
    struct ir_setup *s = cfg;

    if (!(given & (UINT64_C(1) << R_POSTED)))
        s->posted_interrupts = s->interrupt_remapping;
    if (s->posted_interrupts && !s->interrupt_remapping) {
        *err = (struct prop_err){ .desc = R_POSTED };
        snprintf(err->msg, sizeof(err->msg),
                 "posting needs interrupt_remapping: true");
        return -EINVAL;
    }
    return 0;
}

const struct prop_table ir_setup_props = {
    .section = "platform.iommu",
    .descs = descs,
    .n = R__COUNT,
    .size = sizeof(struct ir_setup),
    .finish = ir_setup_finish,
};

void ir_setup_config(const struct ir_setup *s, struct ir_config *cfg)
{
    cfg->iec_entries = s->iec_entries;
    cfg->iec_policy = s->iec_replacement;
    cfg->fault_records = s->fault_records;
    cfg->posted = s->posted_interrupts;
    cfg->esirtps = s->esirtps;
}
