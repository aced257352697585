/* SPDX-License-Identifier: MIT */
/*
 * iommu_trace.h - the iommu model's trace points, one line each:
 *   X(ID, group, name, "field:fmt ...", "what happened")
 * fmt is u (decimal) or x (hex).  Collected into one list by
 * models/trace-events.h; call sites use SIM_TRACE(sim, TP_ID, fields...).
 * @seq is the request number of struct ir_result.
 */
#ifndef IMSLAB_IOMMU_TRACE_H
#define IMSLAB_IOMMU_TRACE_H

#define IOMMU_TRACE_EVENTS(X)                                                  \
    X(IR_REQ, iommu, ir_req, "seq:u addr:x data:x len:u rid:x",                \
      "write to the interrupt window received")                                \
    X(IR_DMA, iommu, ir_dma, "addr:x len:u rid:x pasid:x window:u",            \
      "write is DMA, not an interrupt request")                                \
    X(IR_BLOCKED, iommu, ir_blocked, "seq:u addr:x len:u rid:x",               \
      "non-DWORD window write with remapping off: blocked (VT-d 3.15)")        \
    X(IR_IEC_HIT, iommu, ir_iec_hit, "seq:u index:u",                          \
      "IEC lookup hit")                                                        \
    X(IR_IEC_MISS, iommu, ir_iec_miss, "seq:u index:u",                        \
      "IEC lookup missed: IRTE read from memory")                              \
    X(IR_IRT_READ, iommu, ir_irt_read, "seq:u index:u lo:x hi:x",              \
      "IRTE read from the interrupt remapping table")                          \
    X(IR_IEC_FILL, iommu, ir_iec_fill, "index:u slot:u evicted:u",             \
      "IRTE cached in the IEC (evicted: a valid entry was replaced)")          \
    X(IR_FAULT, iommu, ir_fault, "seq:u reason:x sid:x index:u fpd:u",         \
      "interrupt-remapping fault detected")                                    \
    X(IR_FAULT_LOG, iommu, ir_fault_log,                                       \
      "reason:x sid:x index:u recorded:u pfo:u",                               \
      "fault recording register written, or the fault lost to overflow")       \
    X(IR_PASSTHROUGH, iommu, ir_passthrough, "seq:u dest:x vector:x dlm:u",    \
      "compatibility-format interrupt delivered unremapped")                   \
    X(IR_REMAP, iommu, ir_remap,                                               \
      "seq:u index:u dest:x vector:x dlm:u dm:u tm:u",                         \
      "remapped interrupt delivered")                                          \
    X(IR_POST, iommu, ir_post,                                                 \
      "seq:u index:u pda:x vector:x on:u sn:u urg:u notify:u",                 \
      "interrupt posted to a PID (on, sn as found)")                           \
    X(IR_PI_NOTIFY, iommu, ir_pi_notify, "seq:u ndst:x nv:x",                  \
      "posted-interrupt notification event delivered")                         \
    X(IR_IEC_INV, iommu, ir_iec_inv, "global:u iidx:u im:u",                   \
      "IEC invalidation descriptor submitted")                                 \
    X(IR_IEC_INV_DONE, iommu, ir_iec_inv_done,                                 \
      "global:u iidx:u im:u dropped:u",                                        \
      "IEC invalidation completed (entries dropped, requests drained)")

#endif
