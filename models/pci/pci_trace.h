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
      "config access rejected (size, alignment or range): guest error")       \
    X(MSIX_CTRL, pci, msix_ctrl, "rid:x enable:u fmask:u",                    \
      "MSI-X Enable or Function Mask changed")                                \
    X(MSIX_ENTRY_WRITE, pci, msix_entry_write, "rid:x vec:u field:x val:x",   \
      "MSI-X table dword written (field = byte offset in the entry)")         \
    X(MSIX_VMASK, pci, msix_vmask, "rid:x vec:u masked:u",                    \
      "MSI-X vector Mask bit changed")                                        \
    X(MSIX_DROP_DISABLED, pci, msix_drop_disabled, "rid:x vec:u seq:u",       \
      "notify while MSI-X is disabled: nothing sent, nothing pending")        \
    X(MSIX_PEND, pci, msix_pend, "rid:x vec:u seq:u",                         \
      "notify while masked: PBA bit set, nothing sent")                       \
    X(MSIX_COALESCE, pci, msix_coalesce, "rid:x vec:u seq:u",                 \
      "notify while masked with the PBA bit already set")                     \
    X(MSIX_PEND_CLEAR, pci, msix_pend_clear, "rid:x vec:u",                   \
      "device cleared a PBA bit without sending")                             \
    X(MSIX_REPLAY, pci, msix_replay, "rid:x vec:u seq:u",                     \
      "unmasked with the PBA bit set: bit cleared, message scheduled")        \
    X(MSIX_FIRE, pci, msix_fire, "rid:x vec:u addr:x data:x seq:u",           \
      "message scheduled, address/data sampled from the table")               \
    X(MSIX_SEND, pci, msix_send, "rid:x vec:u addr:x data:x seq:u",           \
      "message sent upstream (posted DWORD write)")                           \
    X(MSIX_DROP_BME, pci, msix_drop_bme, "rid:x vec:u seq:u",                 \
      "Bus Master Enable clear at send time: message not sent")               \
    X(MSIX_BAD_ACCESS, pci, msix_bad_access,                                  \
      "rid:x region:u off:x size:u write:u why:u",                            \
      "MSI-X table/PBA access rejected: guest error")                         \
    X(MSIX_PBA_WRITE, pci, msix_pba_write, "rid:x off:x size:u val:x",        \
      "write to the read-only PBA ignored")                                   \
    X(MSIX_RESET, pci, msix_reset, "rid:x dropped:u",                         \
      "function reset of the MSI-X state")

#endif
