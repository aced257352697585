/* SPDX-License-Identifier: MIT */
/*
 * pci_trace.h - the pci model's trace points, one line each:
 *   X(ID, group, name, "field:fmt ...", "what happened")
 * fmt is u (decimal) or x (hex).  Collected into one list by
 * models/trace-events.h; call sites use SIM_TRACE(sim, TP_ID, fields...).
 *
 * seq is the ground-truth tag's sequence number (0: untagged); region is
 * 0 for the MSI-X table and 1 for the PBA; why is 1 bad size/alignment,
 * 2 outside the region, 3 Memory Space Enable clear.
 */
#ifndef IMSLAB_PCI_TRACE_H
#define IMSLAB_PCI_TRACE_H

#define PCI_TRACE_EVENTS(X)                                                   \
    X(PCI_CFG_WRITE, pci, cfg_write, "rid:x off:x size:u val:x",              \
      "CPU config write applied through the write masks")                     \
    X(PCI_CFG_BAD_ACCESS, pci, cfg_bad_access, "rid:x off:x size:u write:u",  \
      "config access rejected (size, alignment or range): guest error")

#endif
