/* SPDX-License-Identifier: MIT */
/*
 * rule_ids.h - the one list of the rule IDs the code enforces, checks or
 * emits, each with its one-line statement (design.md: "Rules have IDs ...,
 * a one-line statement, and a row in docs/rules.md").
 *
 * The rules a scenario states with `rule:` (E2E-*: the built-in suite, the
 * seed-matrix registry, the scoped test scenarios) live in those files
 * instead.  tests/unit/test_rules.c checks that every ID here and every ID
 * a scenario names has a row in docs/rules.md whose Rule column is this
 * statement (markdown "\|" read as "|"), and that every row of
 * docs/rules.md is here or named by a scenario.  Code that emits an ID as
 * text takes it from here: hx_rule(HX_RULE_RUN_01)->id, HX_RULE_ID(RUN_01).
 *
 * X(SYMBOL, "ID", "statement"): SYMBOL is the ID with '-' as '_'.
 */
#ifndef IMSLAB_RESULTS_RULE_IDS_H
#define IMSLAB_RESULTS_RULE_IDS_H

#include <stddef.h>

#define HX_RULE_LIST(X)                                                                  \
    /* Kernel (sim/) */                                                                  \
    X(SIM_ORD_01, "SIM-ORD-01",                                                          \
      "Events run in (time, priority, insertion) order on every backend")                \
    X(SIM_TIME_01, "SIM-TIME-01",                                                        \
      "Time arithmetic saturates at 2^64-1 ps, never wraps")                             \
    X(SIM_SCHED_01, "SIM-SCHED-01",                                                      \
      "Scheduling before now is refused with -EINVAL")                                   \
    X(SIM_SC_01, "SIM-SC-01",                                                            \
      "One SystemC simulation per process: a second sim_create() on the SystemC"         \
      " backend is -EBUSY, and the runner, the self-check, the determinism test"         \
      " and the benchmarks run each SystemC simulation in a child process")              \
    X(SIM_DET_01, "SIM-DET-01",                                                          \
      "The same workload and seed give the same trace hash, end time and event "         \
      "count on both backends; the same scenarios and seed give byte-identical "         \
      "results JSON")                                                                    \
    /* PCI: MSI-X and SIOV DVSEC (models/pci) */                                         \
    X(PCI_CFG_01, "PCI-CFG-01",                                                          \
      "Config registers are bytes + write mask + W1C mask: IDs RO; Command RW "          \
      "only for Memory, Bus Master, Parity, SERR#, INTx Disable (I/O hardwired "         \
      "0); Status error bits RW1C, Capabilities List RO")                                \
    X(PCI_CFG_ACC_01, "PCI-CFG-ACC-01",                                                  \
      "A CPU config access is 1, 2 or 4 bytes, naturally aligned, inside 4 KiB;"         \
      " anything else is a counted guest error: reads return all ones, writes "          \
      "change nothing")                                                                  \
    X(PCI_BAR_01, "PCI-BAR-01",                                                          \
      "Memory BAR address bits below its size are RO 0 and the type/prefetch "           \
      "bits RO, so writing all ones reads back ~(size-1) | flags")                       \
    X(PCI_CAP_01, "PCI-CAP-01",                                                          \
      "Standard capabilities sit dword-aligned in 40h-FFh, linked from 34h by "          \
      "next pointers; the first one sets Status.Capabilities List; list bytes "          \
      "are RO")                                                                          \
    X(PCI_CAP_02, "PCI-CAP-02",                                                          \
      "The standard walk needs Status.Capabilities List, ignores pointer bits "          \
      "1:0, stops below 40h or at ID FFh, and visits at most 48 entries (a "             \
      "looping list terminates)")                                                        \
    X(PCI_EXT_01, "PCI-EXT-01",                                                          \
      "Extended capabilities start at 100h with a 32-bit header ID[15:0], "              \
      "version[19:16], next[31:20]; a zero header at 100h means none")                   \
    X(PCI_EXT_02, "PCI-EXT-02",                                                          \
      "The extended walk masks next with FFCh, stops below 100h, skips the "             \
      "start entry, and visits at most (4096-256)/8 headers; reads past 4 KiB "          \
      "return all ones")                                                                 \
    X(MSIX_CAP_01, "MSIX-CAP-01",                                                        \
      "Message Control: QSIZE[10:0] = N-1 RO, bits 13:11 RO 0, Function Mask "           \
      "(14) and Enable (15) RW")                                                         \
    X(MSIX_CAP_02, "MSIX-CAP-02",                                                        \
      "Table and PBA Offset/BIR are RO offset[31:3] | BIR[2:0]; N is 1-2048, "           \
      "BIR 0-5, offsets QWORD aligned, table and PBA do not overlap in one BAR "         \
      "(else -EINVAL)")                                                                  \
    X(MSIX_TBL_01, "MSIX-TBL-01",                                                        \
      "At reset every entry is masked (Vector Control = 1) with address and "            \
      "data 0, and the PBA is 0; Vector Control bits 31:1 are RO 0")                     \
    X(MSIX_EN_01, "MSIX-EN-01",                                                          \
      "A raise while MSI-X Enable is clear sends nothing and sets no pending "           \
      "bit (counted as dropped)")                                                        \
    X(MSIX_EN_02, "MSIX-EN-02",                                                          \
      "Setting Enable releases, like an unmask, every pending vector that is "           \
      "not otherwise masked")                                                            \
    X(MSIX_MASK_01, "MSIX-MASK-01",                                                      \
      "A raise while the vector's Mask or the Function Mask is set sends "               \
      "nothing and sets the vector's PBA bit; further raises coalesce into that"         \
      " bit")                                                                            \
    X(MSIX_MASK_02, "MSIX-MASK-02",                                                      \
      "Unmasking a vector whose PBA bit is set sends its message exactly once; "         \
      "unmasking with nothing pending sends nothing")                                    \
    X(MSIX_FM_01, "MSIX-FM-01",                                                          \
      "Clearing the Function Mask sends every pending, individually unmasked "           \
      "vector once, in ascending vector order; individually masked vectors stay"         \
      " pending")                                                                        \
    X(MSIX_PBA_01, "MSIX-PBA-01",                                                        \
      "The PBA is read-only: well-formed writes are ignored (counted)")                  \
    X(MSIX_PBA_02, "MSIX-PBA-02",                                                        \
      "The PBA bit is cleared when the unmask schedules the message, not when "          \
      "it leaves")                                                                       \
    X(MSIX_PBA_03, "MSIX-PBA-03",                                                        \
      "The device may clear a pending bit whose condition was serviced while "           \
      "masked; the later unmask then sends nothing")                                     \
    X(MSIX_MSG_01, "MSIX-MSG-01",                                                        \
      "A message is one posted write {addr = upper:lower, data unmodified, len "         \
      "4, RID of the function, no PASID, ground-truth tag}")                             \
    X(MSIX_MSG_02, "MSIX-MSG-02",                                                        \
      "Address and data are sampled when the device decides to send (notify or "         \
      "unmask); later table writes do not change a scheduled message")                   \
    X(MSIX_LAT_01, "MSIX-LAT-01",                                                        \
      "A message leaves the function COST_DEV_MSI_GEN after the decision, as a "         \
      "scheduled event")                                                                 \
    X(MSIX_BME_01, "MSIX-BME-01",                                                        \
      "With Bus Master Enable clear when the message is due, nothing is sent "           \
      "(counted as dropped)")                                                            \
    X(MSIX_ACC_01, "MSIX-ACC-01",                                                        \
      "Table and PBA accept only naturally aligned 4- and 8-byte accesses "              \
      "inside the region; others return MMIO_BAD_SIZE or MMIO_UNMAPPED, are "            \
      "counted, change nothing, and reads return all ones")                              \
    X(MSIX_ACC_02, "MSIX-ACC-02",                                                        \
      "An 8-byte table access covers two dwords, the lower first, so Message "           \
      "Data is in place before Vector Control unmasks")                                  \
    X(MSIX_ACC_03, "MSIX-ACC-03",                                                        \
      "With Memory Space Enable clear the table and PBA are not decoded "                \
      "(MMIO_UNMAPPED, counted)")                                                        \
    X(MSIX_RST_01, "MSIX-RST-01",                                                        \
      "A function reset clears Enable and Function Mask, restores MSIX-TBL-01 "          \
      "and discards messages not yet sent")                                              \
    X(MSIX_DEV_01, "MSIX-DEV-01",                                                        \
      "A device that generates its messages itself uses the same decision "              \
      "without the model's sending: msix_decide() applies MSIX-EN-01 and "               \
      "MSIX-MASK-01 (PENDING, or COALESCED when the bit was set) and returns "           \
      "the entry for an unmasked vector; msix_set_pending() sets a PBA bit "             \
      "without sending; with a replay callback an unmask hands each released "           \
      "vector (PBA bit cleared, MSIX-FM-01 order, the entry at that moment, the"         \
      " kept tag) to the callback instead of the sink")                                  \
    X(DVSEC_FMT_01, "DVSEC-FMT-01",                                                      \
      "A DVSEC is extended capability 23h version 1 with header 1 = "                    \
      "vendor[15:0], revision[19:16], length[31:20] and header 2 = DVSEC "               \
      "ID[15:0], all RO")                                                                \
    X(DVSEC_FIND_01, "DVSEC-FIND-01",                                                    \
      "A DVSEC is found by walking every extended capability 23h in list order "         \
      "and matching both vendor and DVSEC ID")                                           \
    X(DVSEC_IMS_01, "DVSEC-IMS-01",                                                      \
      "IMS is advertised iff the DVSEC (8086h, ID 5) exists and bit 0 of its "           \
      "dword at +14h is set")                                                            \
    X(DVSEC_IMS_02, "DVSEC-IMS-02",                                                      \
      "The IMS bit is RO to a CPU and per config-space instance: a VMM's "               \
      "virtual space presents its own value, whether or not it can honour it")           \
    /* Interrupt remapping (models/iommu) */                                             \
    X(MSI_FMT_01, "MSI-FMT-01",                                                          \
      "Compatibility format: 0xFEE in addr 31:20, dest ID 19:12 (+ addr_hi "             \
      "31:8), RH bit 3, DM bit 2; data vector 7:0, delivery mode 10:8, level "           \
      "14, trigger 15; encode and decode are inverses")                                  \
    X(MSI_FMT_02, "MSI-FMT-02",                                                          \
      "Remappable format: addr bit 4 = 1, handle[14:0] in 19:5, handle[15] in "          \
      "bit 2, SHV bit 3, bits 1:0 ignored; data 15:0 subhandle")                         \
    X(MSI_FMT_03, "MSI-FMT-03",                                                          \
      "interrupt_index = handle + subhandle when SHV, else handle (data "                \
      "ignored)")                                                                        \
    X(MSI_FMT_04, "MSI-FMT-04",                                                          \
      "A remappable request with address_hi != 0, or data 31:16 != 0 while SHV "         \
      "= 1, has reserved fields set")                                                    \
    X(IR_WIN_01, "IR-WIN-01",                                                            \
      "Only a single-DWORD write without PASID to 0xFEE00000-0xFEEFFFFF (full "          \
      "64-bit address) is an interrupt request; every other write is DMA, "              \
      "counted and handed on")                                                           \
    X(IR_WIN_02, "IR-WIN-02",                                                            \
      "A PASID-tagged write into FEEx_xxxxh is DMA, never an interrupt; "                \
      "reported as outcome dma_intr_window and counted")                                 \
    X(IR_WIN_03, "IR-WIN-03",                                                            \
      "With IR disabled, a non-DWORD write without PASID into the window is "            \
      "blocked (outcome blocked), not delivered")                                        \
    X(IR_OFF_01, "IR-OFF-01",                                                            \
      "With IR disabled, compatibility- and remappable-format requests are both"         \
      " processed as compatibility format and delivered unremapped")                     \
    X(IR_REQ_01, "IR-REQ-01",                                                            \
      "Fault 0x20 (unqualified): reserved fields set in a remappable request "           \
      "(MSI-FMT-04); FI not reported")                                                   \
    X(IR_REQ_02, "IR-REQ-02",                                                            \
      "Fault 0x29 (unqualified): with IR enabled, a window write without PASID "         \
      "that is not a single aligned DWORD")                                              \
    X(IR_COMPAT_01, "IR-COMPAT-01",                                                      \
      "Fault 0x25 (unqualified): compatibility-format request while IR is "              \
      "enabled and CFIS = 0")                                                            \
    X(IR_COMPAT_02, "IR-COMPAT-02",                                                      \
      "With IR enabled and CFIS = 1 (and EIME = 0), a compatibility-format "             \
      "request passes through unremapped")                                               \
    X(IR_COMPAT_03, "IR-COMPAT-03",                                                      \
      "With EIME = 1 compatibility-format requests fault 0x25 whatever CFI says")        \
    X(IR_IDX_01, "IR-IDX-01",                                                            \
      "Fault 0x21 (unqualified): interrupt_index >= 2^(S+1) (handle + subhandle"         \
      " may exceed 0xFFFF); FI = index")                                                 \
    X(IR_IDX_02, "IR-IDX-02",                                                            \
      "Fault 0x21 also when the IRTE address would lie at or above 2^HAW")               \
    X(IR_ROOT_01, "IR-ROOT-01",                                                          \
      "Fault 0x23 (unqualified): reading the IRTE through IRTA fails (-EFAULT "          \
      "from memory)")                                                                    \
    X(IR_P_01, "IR-P-01",                                                                \
      "Fault 0x22 (qualified): the IRTE has P = 0")                                      \
    X(IR_ORDER_01, "IR-ORDER-01",                                                        \
      "Checks run in the order of VT-d 5.1.4: format/reserved request, index, "          \
      "fetch, P, source-id, IRTE format; a wrong SID is reported as 0x26 even "          \
      "when the IRTE also has reserved bits")                                            \
    X(IR_SID_01, "IR-SID-01",                                                            \
      "SVT = 01b: fault 0x26 unless (rid & m) == (SID & m), m = {0xFFFF, "               \
      "0xFFFB, 0xFFF9, 0xFFF8}[SQ]")                                                     \
    X(IR_SID_02, "IR-SID-02",                                                            \
      "SVT = 10b: fault 0x26 unless SID[15:8] (start bus) <= bus(rid) <= "               \
      "SID[7:0] (end bus); SQ ignored")                                                  \
    X(IR_SID_03, "IR-SID-03",                                                            \
      "SVT = 11b (reserved) always fails with 0x26; SVT = 00b checks nothing")           \
    X(IR_RSVD_01, "IR-RSVD-01",                                                          \
      "Fault 0x24 (qualified): a present remapped IRTE with bits 14:12, 31:24 "          \
      "or 127:84 set, xAPIC-mode DST bits 39:32/63:48 set, or DLM 011b/110b")            \
    X(IR_RSVD_02, "IR-RSVD-02",                                                          \
      "Fault 0x24 (qualified): a present posted IRTE with bits 7:2, 13:12, "             \
      "37:24 or 95:84 set, PDA at or above 2^HAW, or IM = 1 on a unit without "          \
      "CAP.PI")                                                                          \
    X(IR_PID_01, "IR-PID-01",                                                            \
      "Posting faults 0x27 (PID unreadable) and 0x28 (PID reserved bits, incl. "         \
      "xAPIC NDST 7:0/31:16), both qualified; nothing is posted")                        \
    X(IR_FPD_01, "IR-FPD-01",                                                            \
      "Qualified faults (0x22, 0x24, 0x26, 0x27, 0x28) are counted but not "             \
      "recorded when the IRTE has FPD = 1; unqualified ones are always recorded")        \
    X(IR_FRCD_01, "IR-FRCD-01",                                                          \
      "A fault arriving when the register at the internal index has F = 1 sets "         \
      "PFO and is not recorded")                                                         \
    X(IR_FRCD_02, "IR-FRCD-02",                                                          \
      "While PFO is set no fault is recorded; after software clears it "                 \
      "recording resumes at the internal index")                                         \
    X(IR_FRCD_03, "IR-FRCD-03",                                                          \
      "A record holds F, FR, SID and (except for 0x20/0x25/0x29) the "                   \
      "interrupt_index in FI 63:48; FRI names the register that set PPF")                \
    X(IR_FEV_01, "IR-FEV-01",                                                            \
      "FECTL resets with IM set; the fault-event condition arises when a "               \
      "fault is recorded while PPF was clear and when PFO is set; it sets "              \
      "IP, and with IM clear the message (FEDATA to FEUADDR:FEADDR, never "              \
      "remapped) is sent and IP cleared; clearing IM with IP set sends it")              \
    X(IR_FEV_02, "IR-FEV-02",                                                            \
      "With a host fault handler (vmm fault_handler_ns > 0) the fault event "            \
      "brings it in after COST_HOST_HANDLER; it services the records from "              \
      "FSTS.FRI on while F is set, one per fault_handler_ns (read, write 1 "             \
      "to F), then clears PFO; faults beyond the registers are then all "                \
      "recorded unless they arrive faster than it services them")                        \
    X(IR_REMAP_01, "IR-REMAP-01",                                                        \
      "A remapped IRTE delivers {vector, dest, DLM, DM, TM} to the APIC sink")           \
    X(IR_DEST_01, "IR-DEST-01",                                                          \
      "Remapped destination is DST[15:8] in xAPIC mode (EIME = 0), all 32 bits "         \
      "in x2APIC mode")                                                                  \
    X(IR_TAG_01, "IR-TAG-01",                                                            \
      "The ground-truth tag is copied untouched to the result, every apic_msg"          \
      " and apic_post, and a fault's evidence report; no decision reads it")          \
    X(IRTE_FMT_01, "IRTE-FMT-01",                                                        \
      "Remapped IRTE layout: P 0, FPD 1, DM 2, RH 3, TM 4, DLM 7:5, AVAIL 11:8,"         \
      " IM 15, vector 23:16, DST 63:32, SID 79:64, SQ 81:80, SVT 83:82")                 \
    X(IRTE_FMT_02, "IRTE-FMT-02",                                                        \
      "Posted IRTE layout: URG 14, IM 15 = 1, vector 23:16, PDA[31:6] in 63:38,"         \
      " PDA[63:32] in 127:96")                                                           \
    X(IEC_STALE_01, "IEC-STALE-01",                                                      \
      "The IEC serves a cached IRTE after the IRTE changes in memory, until an "         \
      "invalidation covering it completes (stale delivery)")                             \
    X(IEC_INV_01, "IEC-INV-01",                                                          \
      "Index-selective invalidation (G = 1) drops entries whose index equals "           \
      "IIDX above the low IM bits (2^IM entries, aligned)")                              \
    X(IEC_INV_02, "IEC-INV-02",                                                          \
      "Global invalidation (G = 0) drops every entry")                                   \
    X(IEC_INV_03, "IEC-INV-03",                                                          \
      "An invalidation takes iec_inval; descriptors are processed one after "            \
      "another")                                                                         \
    X(IEC_INV_04, "IEC-INV-04",                                                          \
      "An invalidation completes only after every interrupt request that "               \
      "arrived before it took effect has completed (draining)")                          \
    X(IEC_DESC_01, "IEC-DESC-01",                                                        \
      "IEC invalidate descriptor: type 4 in bits 3:0 (11:9 = 0), G bit 4, IM "           \
      "31:27, IIDX 47:32, all else RsvdZ")                                               \
    X(IR_QI_01, "IR-QI-01",                                                              \
      "With queued invalidation enabled (IQA_REG: 2^QS * 256 16-byte "                   \
      "descriptors in host memory) the unit processes the descriptors from "             \
      "IQH to the IQT software wrote one at a time, in order, each fetched "             \
      "in irt_read; an IEC descriptor is done when its invalidation "                    \
      "completes; any other type than 4 or 5 sets FSTS.IQE, raises the "                 \
      "fault event and stops the queue with IQH at it")                                  \
    X(IR_QI_02, "IR-QI-02",                                                              \
      "An invalidation wait descriptor completes after every descriptor "                \
      "before it: with SW it writes its status data (qw0 63:32) to its "                 \
      "status address (qw1 63:2), with IF it sets ICS.IWC and, when IWC was "            \
      "clear, raises the invalidation event (IECTL IM reset 1, IP, IEDATA "              \
      "to IEADDR)")                                                                      \
    X(IR_QI_03, "IR-QI-03",                                                              \
      "The host invalidates the IEC only through its invalidation queue: "               \
      "each invalidation (index-selective after an IRTE change, global) is "             \
      "an IEC descriptor followed by a wait descriptor with SW and IF, and "             \
      "the host goes on when the wait's status word reads done; at start-up "            \
      "a unit without CAP_REG.ESIRTPS gets a global IEC invalidation after "             \
      "the table pointer set, one with ESIRTPS none")                                    \
    X(IR_INJ_01, "IR-INJ-01",                                                            \
      "corrupt_irte rewrites each IRTE behind the interrupts with one raw "              \
      "bit change (P cleared; vector bit 0; remapped APIC ID bit 0 or "                  \
      "posted PDA bit 6; SID bit 8; SVT 0; IM flipped) and invalidates its "             \
      "IEC entry; the outcome is what the remapping unit makes of it (0x22, "            \
      "0x26, 0x24/0x27, a wrong vector or CPU, or delivery without "                     \
      "verification)")                                                                   \
    X(IEC_LATE_01, "IEC-LATE-01",                                                        \
      "After delay_iec_flush the host does not wait for its index-selective "            \
      "IEC invalidation: it goes on at once and the invalidation is issued "             \
      "delay_us later, so the cached entry serves its old contents for that "            \
      "long (skip_iec_flush: for ever)")                                                 \
    X(IEC_CM_01, "IEC-CM-01",                                                            \
      "With CM = 0 an entry that faulted is not cached; with CM = 1 it may be "          \
      "(a stale not-present entry needs invalidation)")                                  \
    X(IEC_SIRTP_01, "IEC-SIRTP-01",                                                      \
      "SIRTP does not invalidate the IEC unless ESIRTPS; software must "                 \
      "invalidate globally")                                                             \
    X(IEC_REPL_01, "IEC-REPL-01",                                                        \
      "A full IEC replaces the least recently used entry (LRU) or the oldest "           \
      "fill (FIFO)")                                                                     \
    X(IEC_TIME_01, "IEC-TIME-01",                                                        \
      "A request is delivered at arrival + iec_hit on a hit, + iec_hit + "               \
      "irt_read on a miss, + irt_read without an IEC")                                   \
    X(PI_ON_01, "PI-ON-01",                                                              \
      "Posting with ON = 0 (and SN = 0 or URG = 1) sets the PIR bit and ON and "         \
      "sends one notification {NDST, NV, fixed, physical, edge}")                        \
    X(PI_ON_02, "PI-ON-02",                                                              \
      "Posting with ON = 1 only sets the PIR bit: no second notification")               \
    X(PI_SUPPRESS_01, "PI-SUPPRESS-01",                                                  \
      "With SN = 1 a non-urgent posting sets the PIR bit, leaves ON alone and "          \
      "sends nothing")                                                                   \
    X(PI_URG_01, "PI-URG-01",                                                            \
      "URG = 1 overrides SN: notification sent and ON set")                              \
    X(PI_NDST_01, "PI-NDST-01",                                                          \
      "The notification goes to NDST[15:8] in xAPIC mode, all 32 bits in x2APIC"         \
      " mode")                                                                           \
    X(IR_HOST_01, "IR-HOST-01",                                                          \
      "IRTE allocation hands out naturally aligned power-of-two blocks from a "          \
      "bitmap and fails with -ENOSPC when exhausted; only whole blocks are "             \
      "freed")                                                                           \
    X(IR_HOST_02, "IR-HOST-02",                                                          \
      "Writing an IRTE (128 bits at once) never invalidates the IEC: the caller"         \
      " must")                                                                           \
    X(IR_QUIRK_01, "IR-QUIRK-01",                                                        \
      "IR_QUIRK_NO_INDEX_CHECK reproduces QEMU's missing 0x21 check (reads past"         \
      " the table)")                                                                     \
    /* LAPIC and vCPU (models/apic) */                                                   \
    X(APIC_BUS_01, "APIC-BUS-01",                                                        \
      "A physical-mode message is accepted only by the LAPIC whose APIC ID "             \
      "equals the destination; 0xFFFFFFFF (x2APIC) / 0xFF (xAPIC) reaches every"         \
      " LAPIC")                                                                          \
    X(APIC_BUS_02, "APIC-BUS-02",                                                        \
      "A message whose destination matches no LAPIC is dropped and counted "             \
      "(`dropped_no_dest`), never an error")                                             \
    X(APIC_BUS_03, "APIC-BUS-03",                                                        \
      "Logical mode: flat 8-bit LDR match (xAPIC), cluster[31:16] + "                    \
      "bitmap[15:0] match (x2APIC, LDR derived from the ID)")                            \
    X(APIC_BUS_04, "APIC-BUS-04",                                                        \
      "Delivery modes other than fixed and lowest priority are not modelled: "           \
      "counted (`dropped_dlm`) and dropped")                                             \
    X(APIC_ACC_01, "APIC-ACC-01",                                                        \
      "A fixed interrupt with vector 0-15 is refused and sets ESR bit 6 "                \
      "(Receive Illegal Vector); it never reaches IRR")                                  \
    X(APIC_COAL_01, "APIC-COAL-01",                                                      \
      "An edge interrupt to a vector already in IRR collapses into it "                  \
      "(counted); one more may be queued in IRR while the vector is in ISR; all"         \
      " tags are reported at the dispatch")                                              \
    X(APIC_PRIO_01, "APIC-PRIO-01",                                                      \
      "The highest IRR vector is dispatched (IRR->ISR) only if its class "               \
      "(vector[7:4]) is above the PPR class; PPR = TPR if TPR[7:4] >= "                  \
      "ISRV[7:4], else ISRV[7:4] << 4")                                                  \
    X(APIC_PRIO_02, "APIC-PRIO-02",                                                      \
      "Raising the TPR holds back classes at or below it; lowering it lets them"         \
      " dispatch")                                                                       \
    X(APIC_EOI_01, "APIC-EOI-01",                                                        \
      "EOI clears the highest ISR bit and re-evaluates; a lower class pending "          \
      "in IRR is dispatched APIC_DELIVER later")                                         \
    X(APIC_DISP_01, "APIC-DISP-01",                                                      \
      "Dispatch is an event APIC_DELIVER after the LAPIC finds a deliverable "           \
      "vector, and only while the CPU takes interrupts (not inside a host "              \
      "handler, PI processing or a world switch)")                                       \
    X(APIC_UNH_01, "APIC-UNH-01",                                                        \
      "A dispatched vector with no host handler is EOI'd and counted "                   \
      "(`unhandled`)")                                                                   \
    X(VCPU_INIT_01, "VCPU-INIT-01",                                                      \
      "A new vCPU's PID is zeroed with NV = notification vector and SN = 1")             \
    X(PI_NV_01, "PI-NV-01",                                                              \
      "A vCPU made RUNNING on a pCPU has NV = notification vector, NDST = that "         \
      "pCPU's APIC ID (xAPIC: in bits 15:8), SN = 0, and ON set if its PIR is "          \
      "not empty")                                                                       \
    X(PI_SN_01, "PI-SN-01",                                                              \
      "A preempted (DESCHEDULED) vCPU has SN = 1, NV and NDST unchanged: posted"         \
      " interrupts accumulate in the PIR without notification")                          \
    X(PI_SN_02, "PI-SN-02",                                                              \
      "A descheduled vCPU's PIR is synced into vIRR at its next VM entry and "           \
      "the highest vector delivered")                                                    \
    X(PI_WAKE_01, "PI-WAKE-01",                                                          \
      "A vCPU blocked in HLT has NV = wakeup vector, NDST = the pCPU it blocked"         \
      " on, SN = 0")                                                                     \
    X(PI_WAKE_02, "PI-WAKE-02",                                                          \
      "The wakeup vector's host handler wakes each vCPU blocked on that pCPU "           \
      "whose ON is set, and only those; the woken vCPU syncs its PIR at VM "             \
      "entry")                                                                           \
    X(PI_HLT_01, "PI-HLT-01",                                                            \
      "HLT with an interrupt pending (deliverable vIRR vector, or ON set) does "         \
      "not block: the vCPU re-enters after the exit")                                    \
    X(VCPU_HLT_01, "VCPU-HLT-01",                                                        \
      "A guest HLT is a VM exit with reason HLT")                                        \
    X(SCHED_RQ_01, "SCHED-RQ-01",                                                        \
      "vCPUs given to the scheduler share a pCPU in time slices "                        \
      "(sched_slice_us) while another waits there: the preempted one exits "             \
      "(PREEMPT) with SN = 1 and waits at the tail; a pCPU whose vCPU blocks "           \
      "runs the next waiting one, or an unpinned one waiting elsewhere; at "             \
      "schedule-in NV, NDST and SN = 0 are set and the PIR is synced at the VM "         \
      "entry")                                                                           \
    X(SCHED_WAKE_01, "SCHED-WAKE-01",                                                    \
      "A vCPU woken from HLT whose pCPU runs another vCPU runs on an idle pCPU "         \
      "if unpinned, else preempts the running vCPU (sched_wakeup_preempt; the "          \
      "preempted one waits at the head) or waits at the tail")                           \
    X(VCPU_IDLE_01, "VCPU-IDLE-01",                                                      \
      "An idle guest's vCPU (vms[].activity: idle) executes HLT whenever it is "         \
      "in guest mode with nothing to handle, after every other event of that "           \
      "instant")                                                                         \
    X(VCPU_POLL_01, "VCPU-POLL-01",                                                      \
      "With halt polling (vmm.halt_poll_ns) an HLT exit that would block keeps "         \
      "the pCPU for the poll window with the descriptor as running; an "                 \
      "interrupt in the window (a notification taken in host mode, or an "               \
      "injection) re-enters the vCPU without a wakeup; a window with none ends "         \
      "in the block")                                                                    \
    X(VCPU_WAKE_01, "VCPU-WAKE-01",                                                      \
      "A vCPU woken from HLT records its wakeup latency, from the wakeup (the "          \
      "wakeup handler or an injection) to its next guest-mode entry, queue "             \
      "waits included")                                                                  \
    X(VCPU_APICV_01, "VCPU-APICV-01",                                                    \
      "Without APICv (vmm.apicv: false) nothing is posted and each guest EOI "           \
      "write is a VM exit (reason EOI, vmexit_kernel); the next pending vector "         \
      "is injected at the VM entry after it")                                            \
    X(PI_PROC_01, "PI-PROC-01",                                                          \
      "The notification vector recognised in guest mode is processed without a "         \
      "VM exit: the notification is EOI'd, ON cleared, PIR ORed into vIRR and "          \
      "cleared")                                                                         \
    X(COST_PI_01, "COST-PI-01",                                                          \
      "The posted-interrupt notification's travel (pi_notify) is charged once, "         \
      "by the IOMMU that sends it; the LAPIC's dispatch of the notification "            \
      "vector in guest mode starts posted-interrupt processing at once")                 \
    X(PI_PROC_02, "PI-PROC-02",                                                          \
      "The highest vIRR vector whose class is above the virtual PPR class is "           \
      "delivered to the guest handler (vIRR->vISR)")                                     \
    X(PI_EOI_01, "PI-EOI-01",                                                            \
      "The guest's EOI clears the highest vISR bit without a VM exit and "               \
      "re-evaluates pending virtual interrupts")                                         \
    X(PI_SYNC_01, "PI-SYNC-01",                                                          \
      "At VM entry, if ON is set, ON is cleared and the PIR moved into vIRR "            \
      "before entry")                                                                    \
    X(PI_HOST_01, "PI-HOST-01",                                                          \
      "The notification vector taken in host mode (no vCPU in guest mode there)"         \
      " does nothing; ON stays set for the entry sync")                                  \
    X(PI_EXIT_01, "PI-EXIT-01",                                                          \
      "Any other vector arriving in guest mode is a VM exit (external "                  \
      "interrupt), handled by the host, then VM entry after VMEXIT_KERNEL")              \
    X(PI_EVID_01, "PI-EVID-01",                                                          \
      "Tags posted for a PID (struct apic_post from the IOMMU) follow its PIR"          \
      " bits into vIRR and are reported at the handler entry that consumes "            \
      "the vector; a PID no vCPU owns is an orphan; tags never steer the "              \
      "model")          \
    X(VCPU_INJ_01, "VCPU-INJ-01",                                                        \
      "Injection into a vCPU in guest mode kicks it (VCPU_KICK), exits (KICK), "         \
      "and injects at re-entry (VMEXIT_KERNEL, VMENTRY_INJECT); further "                \
      "requests before the exit coalesce under one kick")                                \
    X(VCPU_INJ_02, "VCPU-INJ-02",                                                        \
      "Injection into a halted vCPU wakes it (VCPU_WAKEUP) and injects at VM "           \
      "entry")                                                                           \
    X(VCPU_INJ_03, "VCPU-INJ-03",                                                        \
      "Injection into a descheduled vCPU is delivered at its next VM entry")             \
    X(VCPU_PIIPI_01, "VCPU-PIIPI-01",                                                    \
      "With APICv, KVM injects by setting the PIR bit and ON in the vCPU's "             \
      "PID; a vCPU in guest mode gets the notification IPI (pi_notify) and "             \
      "processes it without an exit, a halted one is woken, otherwise the "              \
      "PIR is synced at its next VM entry; a PIR bit or ON already set sends "           \
      "nothing")                                                                         \
    /* SIOV device and IMS (models/siov) */                                              \
    X(IMS_TAG_01, "IMS-TAG-01",                                                          \
      "Every raise gets a ground-truth tag {seq, dev, adi, entry} and is "              \
      "reported to the evidence port (bound or not; the port may assign seq);"          \
      " a raise that sends nothing is reported again as a device fault, one "           \
      "folded into a pending bit as coalesced; a pending release carries the "          \
      "tag of the raise that set the bit")          \
    X(IMS_ADI_01, "IMS-ADI-01",                                                          \
      "An ADI raises only through the device's Interrupt Message Generation "            \
      "Logic, on the entries bound to it, round robin; a raise with no bound "           \
      "entry sends nothing and counts as unbound")                                       \
    X(IMS_MSG_01, "IMS-MSG-01",                                                          \
      "An interrupt message is one posted DWORD write (len 4) of "                       \
      "addr_hi:addr_lo and data, with the function's requester ID and no PASID "         \
      "prefix, reaching the upstream sink COST_DEV_MSI_GEN + COST_PCIE_UPSTREAM"         \
      " after the decision")                                                             \
    X(IMS_MASK_01, "IMS-MASK-01",                                                        \
      "A raise on a masked entry emits nothing and sets the entry's pending "            \
      "bit; further raises while pending coalesce into it")                              \
    X(IMS_PEND_01, "IMS-PEND-01",                                                        \
      "Unmasking a pending entry emits exactly one message, with the pair the "          \
      "entry holds at unmask time and the tag of the raise that set the bit; "           \
      "unmasking an entry with nothing pending emits nothing")                           \
    X(IMS_PASID_01, "IMS-PASID-01",                                                      \
      "An entry with PASID enable set refuses a raise whose raiser has another "         \
      "PASID or none: no message, no pending bit, a `refused` outcome; PASID "           \
      "enable clear serves any raiser")                                                  \
    X(IMS_LAYOUT_IDXD_01, "IMS-LAYOUT-IDXD-01",                                          \
      "IDXD: the IMS table is at BAR0 + OFFSETS.ims * 0x100 (OFFSETS at 0x60, "          \
      "ims bits 63:48) with GENCAP.max_ims_mult (bits 30:25, GENCAP at 0x10) * "         \
      "256 16-byte slots {addr_lo, addr_hi, data, ctrl}, ctrl mask bit 0, PASID"         \
      " enable bit 3, PASID bits 31:12; at reset every slot is masked with a "           \
      "zero pair")                                                                       \
    X(IMS_ACCESS_IDXD_01, "IMS-ACCESS-IDXD-01",                                          \
      "IDXD BAR0 accepts aligned DWORD accesses, and aligned QWORDs as two "             \
      "DWORDs low first; any other size or alignment is MMIO_BAD_SIZE, counted,"         \
      " with no effect")                                                                 \
    X(IDXD_HANDLE_01, "IDXD-HANDLE-01",                                                  \
      "With int_handles, IDXD BAR0 has INTCAUSE (0x98, RW1C), CMD (0xA0), "              \
      "CMDSTS (0xA8) and CMDCAP (0xB0, commands 13 and 14) and "                         \
      "GENCAP.cmd_cap; REQUEST_INT_HANDLE returns the index as handle in "               \
      "CMDSTS[23:8] (IMS with operand bit 16, else MSI-X), err 0x41 beyond "             \
      "the table, 0x42 while granted; RELEASE_INT_HANDLE of a handle not "               \
      "granted is 0x41; another command is 0x01")                                        \
    X(IDXD_HANDLE_02, "IDXD-HANDLE-02",                                                  \
      "A descriptor naming an entry whose interrupt handle is not granted "              \
      "completes with 0x19 and raises nothing (no message, no fault); its "              \
      "interrupt keeps its tag until the driver resubmits it, and is then "              \
      "raised once with that tag; a revocation sets INTCAUSE bit 31 and "                \
      "signals the host driver")                                                         \
    X(IDXD_HANDLE_03, "IDXD-HANDLE-03",                                                  \
      "When GENCAP.cmd_cap is set the host driver requests a handle for "                \
      "every entry an ADI uses and puts it in the descriptors; on "                      \
      "INT_HANDLE_REVOKED it clears INTCAUSE, requests every handle it held "            \
      "again and resubmits the descriptors that completed with 0x19, each "              \
      "step at its cost, so that every interrupt is delivered")                          \
    X(IMS_ACCESS_01, "IMS-ACCESS-01",                                                    \
      "An MMIO IMS table, IDXD's and a layout descriptor's behind the DUT store"         \
      " alike, accepts aligned DWORD accesses and aligned QWORDs (two DWORDs, "          \
      "low first); any other size or alignment is MMIO_BAD_SIZE with no effect,"         \
      " reads all ones")                                                                 \
    X(IMS_SAMPLE_IDXD_01, "IMS-SAMPLE-IDXD-01",                                          \
      "IDXD samples the slot registers when it generates a message, each dword "         \
      "as last written: an update of an unmasked slot can emit a torn pair (new"         \
      " address, old data), so drivers must mask around updates")                        \
    X(MLX5_CTX_01, "MLX5-CTX-01",                                                        \
      "mlx5: the addr/data pair lives only in EQ contexts in host memory, "              \
      "written when a command executes; no BAR0 register ever holds a pair (the"         \
      " only BAR0 writes a driver makes are CMDQ address and doorbell), and a "          \
      "raise uses whatever the context holds")                                           \
    X(MLX5_CMD_01, "MLX5-CMD-01",                                                        \
      "mlx5: a doorbell fetches the 64-byte command by DMA (with the ADI's "             \
      "PASID on an ADI channel), the command executes COST_DEV_CMD later in one"         \
      " step, and the status word (done, token, code) is written back to the "           \
      "mailbox last; a doorbell while busy is ignored and counted")                      \
    X(MLX5_ARM_01, "MLX5-ARM-01",                                                        \
      "mlx5: mask is \"EQ not armed\"; a raise on an unarmed EQ sets the "               \
      "context's pending bit, and ARM_EQ on a pending EQ emits exactly once "            \
      "with the context's pair")                                                         \
    X(IMS_MSIX_01, "IMS-MSIX-01",                                                        \
      "A device's MSI-X bank is the function's pci MSI-X table "                         \
      "(models/pci/msix.c), one per device with msix_vectors > 0: the raise's "          \
      "decision is msix_decide() (Enable clear -> `invalid`, -ENOENT, nothing "          \
      "pending; vector or Function Mask -> `pending`/`coalesced`; else `sent` "          \
      "with the entry sampled now; no PASID check), the message and its tag are"         \
      " the device's, and an unmask's release reaches the device through the "           \
      "pci model's replay callback")                                                     \
    X(SIOV_CMD_01, "SIOV-CMD-01",                                                        \
      "The function's Command starts at 0 (and returns to 0 at FLR); with "              \
      "Memory Space Enable clear BAR0 is not decoded: MMIO_UNMAPPED, reads all "         \
      "ones, counted")                                                                   \
    X(SIOV_CMD_02, "SIOV-CMD-02",                                                        \
      "With Bus Master Enable clear the function issues no memory request: a "           \
      "message of either bank due to leave is dropped (counted as no_master), a"         \
      " DMA access fails (-EPERM, counted)")                                             \
    /* Hypervisor (models/vmm) */                                                        \
    X(VMM_PAIR_01, "VMM-PAIR-01",                                                        \
      "A real pair is Linux's fill_msi_msg(): remappable format, handle = host "         \
      "IRTE index, SHV = 1, subhandle 0, addr_hi 0 (IRTE 0 -> 0xFEE00018, IRTE "         \
      "1 -> 0xFEE00038)")                                                                \
    X(VMM_POST_01, "VMM-POST-01",                                                        \
      "A host IRTE for a vCPU is posted when the VMM posts and the unit can: "           \
      "PDA = the vCPU's PID, vector = the guest vector, URG = 0, SID = the "             \
      "function's RID, SVT = 01b, SQ = 00b")                                             \
    X(VMM_REMAP_01, "VMM-REMAP-01",                                                      \
      "Otherwise the IRTE is remapped to a host vector (0x30..0xEF) on the pCPU"         \
      " the vCPU runs on, and its host handler injects the guest vector (one "           \
      "extint exit per interrupt while the vCPU runs)")                                  \
    X(VMM_IEC_01, "VMM-IEC-01",                                                          \
      "Every IRTE write or free is followed by an index-selective IEC "                  \
      "invalidation, waited for before the hardware entry is unmasked (unless "          \
      "skip_iec_flush)")                                                                 \
    X(COST_RC_01, "COST-RC-01",                                                          \
      "Under KVM every programming of a guest's host interrupt (activation, "            \
      "retarget) commits the GSI routes (route_commit) before the IRTE is "              \
      "written; bare and Hyper-V have no route commit")                                  \
    X(DISC_CPUID_01, "DISC-CPUID-01",                                                    \
      "A VM's CPUID sets leaf 1 ECX[31] and answers 0x40000000 with its "                \
      "signature (KVMKVMKVM, Microsoft Hv) and its feature leaves (KVM "                 \
      "0x40000001; Hyper-V 0x40000001, 0x40000003, 0x40000004) as the VMM "              \
      "runs, unless cpuid_report misreports them; each CPUID exits; bare "               \
      "metal has no hypervisor bit")                                                     \
    X(DISC_IOMMU_01, "DISC-IOMMU-01",                                                    \
      "A guest finds a vIOMMU only when the VMM offers one: CAP_REG.CM = 1 "             \
      "(0 with viommu_cm_report clear), ECAP_REG.IR, QI, EIM, each register "            \
      "read an exit; bare metal reads the physical unit's registers")                    \
    X(DISC_VIEW_01, "DISC-VIEW-01",                                                      \
      "The guest's view comes from what it read: hypervisor = CPUID.1:ECX[31]; "         \
      "Hyper-V vPCI = Microsoft Hv with the hypercall page, SynIC, post-message "        \
      "and signal-event privileges; the get-pair hypercalls = KVM's feature "            \
      "bits 20/21 (the vPCI channel's offer on Hyper-V); IR = ECAP.IR; vIR = "           \
      "CAP.CM")                                                                          \
    X(VMM_BYPASS_01, "VMM-BYPASS-01",                                                    \
      "Under KVM a guest interrupt's first programming connects VFIO's "                 \
      "producer to the irqfd (irqbypass) and every later one is a routing "              \
      "update; each decides the IRTE's mode after the route commit: posted "             \
      "when posting is usable (posted, apicv, the unit's PI capability, "                \
      "remapping on) for a route to one vCPU, else remapped; a change of "               \
      "mode is a switch")                                                                \
    X(VMM_BYPASS_02, "VMM-BYPASS-02",                                                    \
      "A guest pair in logical destination mode names a set of vCPUs (flat "              \
      "logical: vCPU n is bit n); lowest priority to several is delivered to "           \
      "the (vector mod n)-th of the n vCPUs (KVM's vector hashing) and is not "          \
      "a single-vCPU route: its IRTE is remapped to the host vector on that "            \
      "vCPU's pCPU and its interrupts take the irqfd path; a later route to "            \
      "one vCPU switches it back to posted; fixed delivery to several is not "           \
      "routed")                                                                          \
    X(VMM_IRQFD_01, "VMM-IRQFD-01",                                                      \
      "Under KVM a remapped host interrupt for a guest runs VFIO's handler "             \
      "(host_handler), signals the eventfd (eventfd_signal), wakes the irqfd "           \
      "and injects on the route it reads then (irqfd_inject), all inside the "           \
      "host handler: the pCPU takes no other interrupt and an exited vCPU "              \
      "re-enters only after it")                                                         \
    X(VMM_TRAP_01, "VMM-TRAP-01",                                                        \
      "Under msix=trap every guest access to the MSI-X table exits "                     \
      "(VMEXIT_USER); under ims=emulate every access to the IMS slots of a "             \
      "device with a plugin exits; other BAR0 registers are mapped "                     \
      "(MMIO_WRITE/MMIO_READ, no exit)")                                                 \
    X(VMM_IMS_EMUL_01, "VMM-IMS-EMUL-01",                                                \
      "The IDXD plugin decodes the guest's pair on unmask (compat: APIC ID -> "          \
      "vCPU; vIR: the vIRTE), allocates a host IRTE and writes the real pair "           \
      "into the hardware slot (guest mask and PASID pass through): one vector "          \
      "costs 5 trapped writes")                                                          \
    X(VMM_IMS_EMUL_02, "VMM-IMS-EMUL-02",                                                \
      "No plugin exists for mlx5: its pairs travel in command mailboxes in "             \
      "memory; vmm_ims_emulatable() is false and the IMS region is not trapped")         \
    X(VMM_CAP_01, "VMM-CAP-01",                                                          \
      "IMS bit in the virtual SIOV DVSEC: auto = (emulate with a plugin) or "            \
      "hypercall; always = the hardware's bit (read from the function's config "         \
      "space, siov_cfg()); never = clear; no DVSEC on a msix function; clear on"         \
      " a composed function; bare = hardware")                                           \
    X(VMM_HC_01, "VMM-HC-01",                                                            \
      "HC_PAIR_ALLOC costs one hypercall exit (COST_HYPERCALL; hyperv MSI-X: "           \
      "COST_HV_VMBUS_MSG) and returns a real pair for a host IRTE pointing at "          \
      "the vCPU; RETARGET moves the IRTE (pair unchanged); FREE clears it")              \
    X(HC_ABI_01, "HC-ABI-01",                                                            \
      "A get-pair hypercall must name the caller's device (the requester ID "            \
      "of the function behind it; otherwise -ENODEV) and, for RETARGET and "             \
      "FREE, a cookie the caller's device got (otherwise -ENOENT); a device "            \
      "or cookie of another VM is refused the same way and counted "                     \
      "(vmm_stats.hc_foreign), and the other VM's IRTE is untouched")                    \
    X(RES_NOPAIR_01, "RES-NOPAIR-01",                                                    \
      "A run in which every interrupt raised arrived but an entry the "                  \
      "driver asked a pair for got none (pair_failures > 0: a hypercall "                \
      "-ENOSPC, an IRTE limit) is classed no-pair, never delivered")                     \
    X(VMM_HC_FREE_01, "VMM-HC-FREE-01",                                                  \
      "When the guest goes away (vm_teardown) its platform IRQ domain gives "            \
      "every pair it obtained by hypercall back with FREE, one after "                   \
      "another; the VMM clears the IRTE and invalidates it through the "                 \
      "invalidation queue, the entries keep the pair, later interrupts "                 \
      "fault 0x22, and the hypercalls are counted by operation (alloc, "                 \
      "retarget, free)")                                                                 \
    X(VMM_EMUL_EVID_01, "VMM-EMUL-EVID-01",                                              \
      "A run is classed not-emulatable from evidence, not from the VMM's "               \
      "plugin table: the VMM emulates (ims emulate) and traps what it can "              \
      "(mlx5: the ADI's command channel writes, passed on after the exit), "             \
      "and a device sent a message whose pair no trapped access carried and "            \
      "the VMM never composed; those raises are counted by fate "                        \
      "(untrapped_pairs); a run in which every interrupt was delivered is "              \
      "never not-emulatable, and the evidence is named before "                          \
      "silent-failure")                                                                  \
    X(VMM_TEARDOWN_01, "VMM-TEARDOWN-01",                                                \
      "At a VM's teardown the VMM releases every host interrupt behind the "             \
      "VM's devices (IRTE cleared, IEC entry invalidated, host vector "                  \
      "freed, the trapped tables' links dropped); the devices keep running, "            \
      "and what they raise afterwards faults 0x22")                                      \
    X(SIOV_MIGRATE_01, "SIOV-MIGRATE-01",                                                \
      "An ADI stopped for a migration sends no interrupt: each completion "              \
      "meanwhile is raised (numbered) at once and its interrupt held in the "            \
      "device; at the resume every held interrupt is raised, oldest first, "             \
      "with its tag, through the entry as it is programmed then (counted "               \
      "in migration.held, never lost)")                                                  \
    X(VMM_MIGRATE_01, "VMM-MIGRATE-01",                                                  \
      "At a VM's migration the destination re-creates its interrupt state: "             \
      "each trapped entry the guest left unmasked gets a new IRTE (posted "              \
      "to the vCPU's descriptor) and its real pair in the hardware entry "               \
      "from the VMM's shadow; the source releases its host interrupts once "             \
      "the destination holds its own; the devices resume after both, so "                \
      "every interrupt raised before, during and after the switch arrives")              \
    X(GUEST_MIGRATE_01, "GUEST-MIGRATE-01",                                              \
      "After a migration a guest whose platform IRQ domain obtained its "                \
      "pairs from the VMM asks the destination for a pair for the same "                 \
      "(CPU, vector) of each (HC_PAIR_ALLOC) and writes it into the entry "              \
      "masked around the update; other parents do nothing")                              \
    X(GUEST_REWRITE_01, "GUEST-REWRITE-01",                                              \
      "A guest that rewrites a live pair writes address low, address high, "             \
      "then data; with the entry unmasked a device that samples per dword "              \
      "may send a torn pair between the writes, counted (torn_pairs) and "               \
      "judged by what the IOMMU did with it; masked around the update it "               \
      "sends none")                                                                      \
    X(GUEST_AFF_SET_01, "GUEST-AFF-SET-01",                                              \
      "A guest that moves an interrupt to a set of vCPUs (lowest priority) "             \
      "takes one vector free on every member and holds it on all of them, and "          \
      "its vector domain writes a compatibility pair in flat logical "                   \
      "destination mode (bit n: vCPU n), lowest priority; a delivery to any "            \
      "member is a right destination; a parent that does not compose the pair "          \
      "itself fails the move")                                                           \
    X(ISO_MIGRATE_01, "ISO-MIGRATE-01",                                                  \
      "A guest that writes its pre-migration pairs (the source's IRTE "                  \
      "handles) into its entries after a migration is blocked by the "                   \
      "destination's IOMMU: 0x22 while the handle names no entry, 0x26 once "            \
      "it names another tenant's (source check); with that check off the "               \
      "interrupts arrive in the other VM and count as leaked")                           \
    X(ISO_STEAL_01, "ISO-STEAL-01",                                                      \
      "A guest that writes another tenant's real pair into its own IMS slot "            \
      "(steal_pair) is blocked by the IRTE's source verification (SVT 1: "               \
      "fault 0x26); with verification off the interrupts arrive in the "                 \
      "other VM and count as leaked, and a run with any leaked interrupt is "            \
      "classed leaked")                                                                  \
    X(ISO_FORGE_01, "ISO-FORGE-01",                                                      \
      "A guest that makes a remappable-format handle up (forge_handle: an "              \
      "IRTE index it was not given) reaches whatever IRTE the index names: "             \
      "another tenant's is blocked by its source verification (SVT 1: fault "            \
      "0x26), one nobody holds faults 0x22; with the victim's verification "             \
      "off the interrupts arrive in the other VM, leaked, and the run is "               \
      "classed leaked")                                                                  \
    X(ISO_ADI_01, "ISO-ADI-01",                                                          \
      "Between the ADIs of one function the IRTE's source check is no "                  \
      "barrier: they share the requester ID and an interrupt message "                   \
      "carries no PASID (SIOV R1), so a made-up handle naming another ADI's "            \
      "IRTE arrives in that ADI's VM, leaked, with SVT 1 and no knob turned")            \
    X(VMM_HC_02, "VMM-HC-02",                                                            \
      "Hypercall errors are answered, not crashed: -ENOSPC when irte_limit or "          \
      "the table is exhausted, -EINVAL for a bad vCPU/vector, -ENOENT for an "           \
      "unknown cookie, -EOPNOTSUPP when the VMM does not offer the kind")                \
    X(VMM_COMP_01, "VMM-COMP-01",                                                        \
      "Composed: the guest's virtual MSI-X table traps; on unmask the host "             \
      "programs the ADI's own IMS entry (idxd: BAR0 writes, MMIO_WRITE each, no"         \
      " exit; mlx5: CREATE_EQ + ARM_EQ on the function's channel 0, DEV_CMD "            \
      "each) with a real posted pair; the guest binds through the interrupt "            \
      "handle")                                                                          \
    X(VMM_BARE_01, "VMM-BARE-01",                                                        \
      "Bare: the host IR domain allocates a host vector on the target pCPU and "         \
      "a remapped IRTE (dest = its APIC ID, SID = RID, SVT = 01b); no exits")            \
    X(VMM_MOVE_01, "VMM-MOVE-01",                                                        \
      "A moved host vector stays registered until the next move, so an "                 \
      "interrupt already in flight finds its handler")                                   \
    X(VMM_MSIX_HOST_01, "VMM-MSIX-HOST-01",                                              \
      "The host brings a function up before use as the PCI core and driver do: "         \
      "Memory Space and Bus Master Enable, then MSI-X Enable with Function Mask"         \
      " set and cleared (entries stay masked); the VMM programs the physical "           \
      "table, and a guest reaches it, only through the pci model's table region"         \
      " (trapped or mapped)")                                                            \
    /* Other platforms (models/amdvi, models/gic, models/riscv) */                      \
    X(AMDVI_DTE_01, "AMDVI-DTE-01",                                                     \
      "DTE bits 191:128 decode as IV 0, IntTabLen 4:1, IG 5, IntTableRootPtr "          \
      "51:6, InitPass 56, EIntPass 57, NMIPass 58, IntCtl 61:60, Lint0Pass 62, "        \
      "Lint1Pass 63; IV = 0 forwards unmapped, IntCtl 00b aborts with "                 \
      "INVALID_DEVICE_REQUEST, 01b forwards, 11b or IntTabLen above 11 is "             \
      "ILLEGAL_DEV_TABLE_ENTRY")                                                        \
    X(AMDVI_PASS_01, "AMDVI-PASS-01",                                                   \
      "An NMI, INIT or ExtInt message (MSI data 10:8 = 100b, 101b, 111b) passes"        \
      " unmapped when NMIPass, InitPass or EIntPass is set, else is aborted "           \
      "with IO_PAGE_FAULT (none when IG)")                                              \
    X(AMDVI_IRTE_01, "AMDVI-IRTE-01",                                                   \
      "A 32-bit IRTE is RemapEn 0, SupIOPF 1, IntType 4:2, RqEoi 5, DM 6, "             \
      "GuestMode 7 (must be 0), Destination 15:8, Vector 23:16, bits 31:24 "            \
      "reserved")                                                                       \
    X(AMDVI_IRTE_02, "AMDVI-IRTE-02",                                                   \
      "A 128-bit IRTE (GAEn) has Destination[23:0] in 31:8 and, with XTEn, "            \
      "Destination[31:24] in 127:120; without XTEn only Destination[7:0] "              \
      "addresses an xAPIC; remapped mode has IntType 4:2, RqEoi 5, DM 6 and "           \
      "63:32 reserved")                                                                 \
    X(AMDVI_IDX_01, "AMDVI-IDX-01",                                                     \
      "The IRTE index is MSI data[10:0]; an index at or above 2^IntTabLen "             \
      "aborts with IO_PAGE_FAULT (I = 1; none when IG)")                                \
    X(AMDVI_FLT_01, "AMDVI-FLT-01",                                                     \
      "RemapEn = 0, a failed IRTE read or a reserved setting aborts the "               \
      "interrupt with IO_PAGE_FAULT (I = 1, RZ for reserved bits); SupIOPF "            \
      "suppresses the event of an entry that is not enabled")                           \
    X(AMDVI_GA_01, "AMDVI-GA-01",                                                       \
      "GuestMode = 1 sets the vector's IRR bit in the vAPIC backing page (GA "          \
      "root pointer, offset 200h + 10h x (vector / 32)) and, with IsRun = 1, "          \
      "rings the doorbell of the physical APIC in Destination")                         \
    X(AMDVI_GA_02, "AMDVI-GA-02",                                                       \
      "GuestMode = 1 with IsRun = 0 and GALogIntr = 1 writes a GA log entry "           \
      "(GATag 31:0, DeviceID 47:32, type 1 in 63:60) and, with GAIntEn, raises "        \
      "the GA log interrupt; without GALogIntr the bit waits in the IRR")               \
    X(AMDVI_EVT_01, "AMDVI-EVT-01",                                                     \
      "An event log entry is DeviceID 15:0, PASID/DomainID 47:32, flags 59:48 "         \
      "(GN 0, NX 1, US 2, I 3, PR 4, RW 5, PE 6, RZ 7, TR 8), EventCode 63:60, "        \
      "address 127:64")                                                                 \
    X(GIC_CMD_01, "GIC-CMD-01",                                                         \
      "ITS commands are 32 bytes: DW0 7:0 command, 63:32 DeviceID; DW1 31:0 "           \
      "EventID, 63:32 pINTID, 4:0 MAPD Size, 47:32 vPEID; DW2 15:0 ICID, 51:8 "         \
      "ITT address, 51:16 RDbase, 63 V; VMAPP DW3 51:16 VPT address, 4:0 VPT "          \
      "size")                                                                           \
    X(GIC_CMD_02, "GIC-CMD-02",                                                         \
      "The ITS executes commands from GITS_CREADR to GITS_CWRITER in order, one"        \
      " its_cmd apart; a command whose checks fail is ignored, its error (01h "         \
      "<< 16 + command << 8 + cause) recorded, and the queue goes on")                  \
    X(GIC_ITS_01, "GIC-ITS-01",                                                         \
      "A 4-byte write to GITS_TRANSLATER is an MSI with DeviceID = the "                \
      "requester ID and EventID = the data, translated through the device "             \
      "table, the ITT and the collection table to an LPI on the collection's "          \
      "redistributor")                                                                  \
    X(GIC_ITS_02, "GIC-ITS-02",                                                         \
      "A translation with no mapped device, an EventID beyond the device's ITT,"        \
      " no ITE or no mapped collection is dropped with the INT command's error "        \
      "code")                                                                           \
    X(GIC_V41_01, "GIC-V41-01",                                                         \
      "An event mapped by VMAPTI to a resident vPE is injected as a vLPI to "           \
      "that vPE's redistributor with no hypervisor on the path")                        \
    X(GIC_V41_02, "GIC-V41-02",                                                         \
      "An event for a non-resident vPE sets its bit in the vPE's VPT and sends "        \
      "the vPE's default doorbell LPI (none for 1023); making the vPE resident "        \
      "delivers the pending vLPIs in INTID order")                                      \
    X(RV_IMSIC_01, "RV-IMSIC-01",                                                       \
      "Interrupt file g (0 = supervisor) of hart h in group G is at base + G <<"        \
      " group_shift + h << (guest_bits + 12) + g << 12; fields may not overlap")        \
    X(RV_IMSIC_02, "RV-IMSIC-02",                                                       \
      "A 32-bit write of identity i to seteipnum_le sets eip[i] (identity 0 and"        \
      " unimplemented ones ignored); the file signals its hart when eidelivery "        \
      "is on, eie[i] is set and eithreshold is 0 or above i; topei claims the "         \
      "lowest such identity")                                                           \
    X(RV_MSI_01, "RV-MSI-01",                                                           \
      "A write is an MSI when msiptp.MODE is Flat and (A >> 12) and not "               \
      "msi_addr_mask equals msi_addr_pattern and not msi_addr_mask; its "               \
      "interrupt file number is extract(A >> 12, msi_addr_mask) and its MSI PTE"        \
      " is at msiptp.PPN x 4096 + I x 16")                                              \
    X(RV_MSI_02, "RV-MSI-02",                                                           \
      "A basic (flat) MSI PTE (M = 3) translates A to PPN << 12 + A[11:0]; "            \
      "reserved bits 9:3 or 62:54 are cause 263")                                       \
    X(RV_MSI_03, "RV-MSI-03",                                                           \
      "An MRIF-mode MSI PTE (M = 1) sets pending bit D in the MRIF (doubleword "        \
      "2 x (D / 64)) and sends the notice MSI NID to NPPN << 12; A[11:3] or "           \
      "D[31:11] not zero is discarded without a fault")                                 \
    X(RV_MSI_04, "RV-MSI-04",                                                           \
      "MSI translation faults: no valid device context 258, MSI PTE load access"        \
      " fault 261, V = 0 262, C = 1 or M = 0/2 or reserved bits 263, MRIF "             \
      "access fault 264")                                                               \
    X(RV_FQ_01, "RV-FQ-01",                                                             \
      "A fault record is CAUSE 11:0, PID 31:12, PV 32, PRIV 33, TTYP 39:34 (3: "        \
      "untranslated write), DID 63:40, iotval in DW2")                                  \
    /* Guest (models/guest) */                                                           \
    X(GUEST_DRV_01, "GUEST-DRV-01",                                                      \
      "The IMS driver asks guest_ims_parent(); on -EOPNOTSUPP it falls back to "         \
      "MSI-X vectors [adi*nvec, (adi+1)*nvec) of the physical table (an error "          \
      "when they do not fit); a msix function and a composed function get a "            \
      "plain MSI-X driver")                                                              \
    X(GUEST_IDXD_01, "GUEST-IDXD-01",                                                    \
      "An IDXD slot is programmed masked: ctrl = mask, addr_lo, addr_hi, data, "         \
      "read-back flush, ctrl = PASID enable + the ADI's PASID")                          \
    X(GUEST_MSIX_01, "GUEST-MSIX-01",                                                    \
      "An MSI-X entry is rewritten masked around the update (mask, lo, hi, "             \
      "data, unmask)")                                                                   \
    X(GUEST_MLX5_01, "GUEST-MLX5-01",                                                    \
      "An mlx5 EQ is created by a CREATE_EQ command in guest memory on the "             \
      "ADI's channel, polled to completion, then armed (ARM_EQ)")                        \
    X(GUEST_AFF_01, "GUEST-AFF-01",                                                      \
      "An affinity change recomposes per parent (vector: a new pair written; "           \
      "vIR: the vIRTE rewritten and invalidated; PV/HV: RETARGET hypercall; "            \
      "bare IR: host retarget) and takes effect for the driver when complete")           \
    X(GUEST_EVID_01, "GUEST-EVID-01",                                                    \
      "The handler names the IRQ whose (CPU, vector) it is -- current, previous"         \
      " or the one being moved to -- and never reads a tag")                             \
    /* IMS conformance rules (harness/ims_rules.c) */                                    \
    X(IMS_R_FIELDS_01, "IMS-R-FIELDS-01",                                                \
      "Every field of every entry, first and last included, holds what was "             \
      "written there and the entry's message carries its pair")                          \
    X(IMS_R_RESET_01, "IMS-R-RESET-01",                                                  \
      "After reset every entry is in its declared reset state (masked; "                 \
      "`reset_masked: false` is declared, checked, and itself fails checkpoint "         \
      "5) with nothing pending: the rule first programs every entry, unmasks "           \
      "the even ones and fires the odd ones masked (pending), then resets; "             \
      "firing emits nothing, and unmasking an entry pending before the reset "           \
      "emits nothing")                                                                   \
    X(IMS_R_MASK_01, "IMS-R-MASK-01",                                                    \
      "A fire on a masked entry is accepted (it sets pending) and emits nothing")        \
    X(IMS_R_PEND_01, "IMS-R-PEND-01",                                                    \
      "Unmasking an entry with a pending fire emits its message exactly once, "          \
      "with the entry's pair; masked fires coalesce (hostmem: READ reports the "         \
      "entry pending until then)")                                                       \
    X(IMS_R_PEND_02, "IMS-R-PEND-02",                                                    \
      "With several entries (up to 8) pending at once, unmasked all at once, "           \
      "one by one, in reverse, or a subset while the others (the first fired "           \
      "among them) stay masked and keep firing, every unmasked entry's message "         \
      "comes exactly once, with its pair, within B + n x `service_cycles` "              \
      "cycles: none is blocked behind a still-masked entry")                             \
    X(IMS_R_TORN_01, "IMS-R-TORN-01",                                                    \
      "No message ever pairs an old address with new data or the reverse, under"         \
      " any write order the descriptor allows (hostmem: before, during and "             \
      "after the one SET_PAIR command that carries the pair)")                           \
    X(IMS_R_PASID_01, "IMS-R-PASID-01",                                                  \
      "With PASID enable set, a fire with another PASID or none is refused and "         \
      "emits nothing; the entry's own PASID is served")                                  \
    X(IMS_R_RANGE_01, "IMS-R-RANGE-01",                                                  \
      "A fire of an index at or beyond the entry count is refused and emits "            \
      "nothing (hostmem: a command naming such an index ends with STATUS.error)")        \
    X(IMS_R_FAIR_01, "IMS-R-FAIR-01",                                                    \
      "Every entry firing continuously round robin at the declared service rate"         \
      " (16 fires back to back to build a backlog, then one per "                        \
      "`service_cycles`): every fire is accepted and each message leaves within"         \
      " W = ENTRIES x `service_cycles` + B cycles of its fire (a fair arbiter "          \
      "serves every other entry at most once before it)")                                \
    X(IMS_R_MSG_01, "IMS-R-MSG-01",                                                      \
      "Each fire emits one DWORD posted write (len 4) of the entry's address "           \
      "and data, tagged with the entry's index")                                         \
    X(IMS_R_TLP_01, "IMS-R-TLP-01",                                                      \
      "With the descriptor's `message_form: tlp`, each fire's message (an "              \
      "address below 4 GiB, and one at or above it when the table has "                  \
      "`addr_hi`) is a well-formed PCIe memory write: Fmt/Type 0x40 (3DW) below "        \
      "4 GiB and 0x60 (4DW) at or above, TD and EP clear, Length 1 DW, First DW "        \
      "BE 0xF, Last DW BE 0x0, Requester ID the descriptor's `requester_id`, "           \
      "address bits 1:0 zero (skipped for `message_form: port`)")                        \
    X(IMS_R_LOCKSTEP_01, "IMS-R-LOCKSTEP-01",                                            \
      "The RTL and the behavioral model of its descriptor give the same fire "           \
      "responses, register reads (field bits) and messages (content, order per "         \
      "entry) on one seeded random stimulus")                                            \
    /* Scenario checks (harness) */                                                      \
    X(VMM_CAP_02, "VMM-CAP-02",                                                          \
      "`advertise_ims_cap: auto` shows the IMS bit only when the VMM emulates "          \
      "that device's IMS: the get-pair hypercall helps only guests that ask for"         \
      " pairs, which do not need the bit")                                               \
    /* Runner (cli) */                                                                   \
    X(EVID_LEAK_01, "EVID-LEAK-01",                                                      \
      "An interrupt that reaches a handler in another VM than the one its ADI "          \
      "is assigned to is leaked, not misrouted (misrouted: the wrong vCPU or "           \
      "vector of its own VM, or the driver named another IRQ)")                          \
    X(RUN_01, "RUN-01",                                                                  \
      "A scenario whose process could not run it to the end (the system could "          \
      "not be built, the child died) has a failed expectation `ran eq yes`, "            \
      "with the reason in the note")                                                     \
    X(RUN_02, "RUN-02",                                                                  \
      "Every arrival of the workload is raised: when the event queue is full "           \
      "(2^24 - 2 pending events, sim/evq.h) and refuses an arrival, that ADI's "         \
      "arrivals stop and the run fails with `arrivals_not_raised eq 0`, actual "         \
      "the number never raised (exact for periodic arrivals, their mean, marked"         \
      " `~`, for Poisson)")                                                              \
    X(RUN_03, "RUN-03",                                                                  \
      "Overload: a cell whose offered load per ADI, the highest `rate_hz` of "           \
      "its workloads times its median (p50) latency, is at least 1 has more "            \
      "than one interrupt of an ADI in flight at once; a real delivery path "            \
      "would queue them, so its latency would be dominated by queueing, which "          \
      "the models (delivering side by side) do not show: `offered_load lt 1` "           \
      "fails. The built-in suite's highest offered load is 0.39 (kvm-msix-trap-"         \
      "no-posting)")                                                                     \
    X(IMS_R_PBA_01, "IMS-R-PBA-01",                                                      \
      "The Pending Bit Array, when the descriptor declares one (`pba_base`: "            \
      "entry e's bit is bit e % 32 of the dword at pba_base + (e / 32) * 4), "           \
      "reads each entry's pending state (set by a masked fire, cleared by the "          \
      "release) and ignores writes")                                                     \
    X(IMS_R_FMASK_01, "IMS-R-FMASK-01",                                                  \
      "While the function-level Function Mask input is set every fire is held "          \
      "pending; clearing it releases each pending entry not masked itself "              \
      "exactly once, with its pair, and an entry masked itself keeps its "               \
      "pending fire for its own unmask (skipped for a design without the input:"         \
      " an RTL top without the optional `fn_mask` port)")                                \
    X(IMS_R_STRB_01, "IMS-R-STRB-01",                                                    \
      "A register write with byte enables (some bytes, not all) does what the "          \
      "descriptor's `partial_writes` declares: `merge` changes the enabled "             \
      "bytes and keeps the others, `ignore` changes nothing; an unmask whose "           \
      "mask byte is not enabled leaves the entry masked, and the message "               \
      "carries the pair as read back (skipped without `partial_writes`, for "            \
      "hostmem, or for a design without byte enables: an RTL top without the "           \
      "optional `reg_be` port)")                                                         \
    X(IMS_R_REACH_01, "IMS-R-REACH-01",                                                  \
      "Every index (all of them up to 4096 entries; above, a seeded sample of "          \
      "4096 that always holds 0, the top index and 2^k - 1, 2^k for every power"         \
      " of two in the table) reaches its own entry and no other: fired "                 \
      "unmasked, and again with all of them pending at once, each unmask "               \
      "releasing its own entry alone")                                                   \
    X(IMS_R_READY_01, "IMS-R-READY-01",                                                  \
      "With msg_ready driven low (at random every cycle for 2000 cycles, then "          \
      "four stalls of 1 to 4 x B cycles) while up to 16 programmed, unmasked "           \
      "entries fire, no message is lost, duplicated or changed: each accepted "          \
      "fire's message leaves once msg_ready is high, within B + n x "                    \
      "`service_cycles` (a fire held off by irq_ready is not a fire; skipped "           \
      "when the design has no `set_ready`)")                                             \
    /* end */

enum hx_rule {
#define HX_RULE__ENUM(sym, id, text) HX_RULE_##sym,
    HX_RULE_LIST(HX_RULE__ENUM)
#undef HX_RULE__ENUM
    HX_RULE__COUNT
};

/**
 * struct hx_rule_info - one rule of the list.
 * @id: "IR-SID-01", ...
 * @statement: its one-line statement (as in docs/rules.md)
 */
struct hx_rule_info {
    const char *id;
    const char *statement;
};

/** hx_rule - rule @r of the list, or NULL when @r is out of range. */
const struct hx_rule_info *hx_rule(enum hx_rule r);

/** hx_rule_find - the rule whose ID is @id, or NULL. */
const struct hx_rule_info *hx_rule_find(const char *id);

/** HX_RULE_ID - the ID text of rule SYM, e.g. HX_RULE_ID(RUN_01) is "RUN-01". */
#define HX_RULE_ID(sym) (hx_rule(HX_RULE_##sym)->id)

#endif /* IMSLAB_RESULTS_RULE_IDS_H */
