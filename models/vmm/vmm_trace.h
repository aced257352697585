/* SPDX-License-Identifier: MIT */
/*
 * vmm_trace.h - the vmm model's trace points, one line each:
 *   X(ID, group, name, "field:fmt ...", "what happened")
 * fmt is u (decimal) or x (hex).  Collected into one list by
 * models/trace-events.h; call sites use SIM_TRACE(sim, TP_ID, fields...).
 * vm 4294967295 is the host; region 0 is BAR0, 1 the MSI-X table.
 */
#ifndef IMSLAB_VMM_TRACE_H
#define IMSLAB_VMM_TRACE_H

#define VMM_TRACE_EVENTS(X)                                                   \
    X(VMM_EXIT, vmm, vm_exit,                                                 \
      "vm:u vcpu:u reason:u",                                                 \
      "a VM exit the VMM charges (MMIO trap, hypercall)")                     \
    X(VMM_TRAP, vmm, mmio_trap,                                               \
      "vm:u dev:u region:u off:x size:u val:x write:u",                       \
      "a guest MMIO access to a trapped region, emulated by the VMM")         \
    X(VMM_MMIO, vmm, mmio_mapped,                                             \
      "vm:u dev:u region:u off:x size:u val:x write:u",                       \
      "a guest MMIO access to a mapped region reached the device")            \
    X(VMM_DECODE, vmm, guest_pair,                                            \
      "vm:u dev:u entry:u addr:x data:x ok:u vcpu:u vec:x",                   \
      "the VMM decoded a guest pair into (vCPU, vector), or could not")      \
    X(VMM_IRTE, vmm, irte_write,                                              \
      "index:u posted:u vec:x dest:x pda:x sid:x",                            \
      "the host wrote an IRTE (posted: pda; remapped: dest APIC ID)")        \
    X(VMM_IRTE_FREE, vmm, irte_free,                                          \
      "index:u",                                                              \
      "the host freed an IRTE")                                               \
    X(VMM_IEC_FLUSH, vmm, iec_flush,                                          \
      "index:u skipped:u",                                                    \
      "index-selective IEC invalidation after an IRTE change (or skipped)")   \
    X(VMM_REAL_PAIR, vmm, real_pair,                                          \
      "dev:u bank:u entry:u addr:x data:x",                                   \
      "the VMM wrote a real pair into a hardware entry")                      \
    X(VMM_HC, vmm, hypercall,                                                 \
      "vm:u op:u kind:u status:u cookie:u",                                   \
      "a get-pair hypercall (or VMBus message) was served")                   \
    X(VMM_INJECT, vmm, inject,                                                \
      "vm:u vcpu:u vec:x seq:u",                                              \
      "a remapped host interrupt was injected into a vCPU")                   \
    X(VMM_HOST_CMD, vmm, host_cmd,                                            \
      "dev:u opcode:x eqn:u status:x",                                        \
      "a host firmware command on the function channel completed")            \
    X(VMM_NOSPC, vmm, irte_nospc,                                             \
      "vm:u used:u limit:u",                                                  \
      "a host IRTE allocation was refused")

/* Added later, listed last (trace-events.h), as APIC_INJECT_TRACE_EVENTS. */
#define VMM_IRQFD_TRACE_EVENTS(X)                                             \
    X(VMM_EVENTFD, vmm, eventfd,                                              \
      "hirq:u vm:u ntags:u",                                                  \
      "vfio_msihandler signalled the interrupt's eventfd")                    \
    X(VMM_IRQFD, vmm, irqfd,                                                  \
      "hirq:u ntags:u",                                                       \
      "KVM's irqfd woke on the eventfd and injects on its route")             \
    X(VMM_BYPASS, vmm, irqbypass,                                             \
      "hirq:u posted:u updates:u",                                            \
      "KVM's pi_update_irte decided the IRTE's mode (connect or route update)")

#endif
