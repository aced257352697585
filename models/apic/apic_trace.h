/* SPDX-License-Identifier: MIT */
/*
 * apic_trace.h - the apic model's trace points, one line each:
 *   X(ID, group, name, "field:fmt ...", "what happened")
 * fmt is u (decimal) or x (hex).  Collected into one list by
 * models/trace-events.h; call sites use SIM_TRACE(sim, TP_ID, fields...).
 * seq fields are the ground-truth tag's sequence number (0: none).
 */
#ifndef IMSLAB_APIC_TRACE_H
#define IMSLAB_APIC_TRACE_H

#define APIC_TRACE_EVENTS(X)                                                  \
    X(APIC_MSG, apic, apic_msg, "dest:x vec:x dlm:u logical:u seq:u",         \
      "the APIC bus received an interrupt message")                          \
    X(APIC_DROP, apic, apic_drop, "dest:x vec:x reason:u seq:u",              \
      "message dropped: reason 1 no such destination, 2 delivery mode")      \
    X(LAPIC_ACCEPT, apic, lapic_accept, "apic:x vec:x coalesced:u seq:u",     \
      "fixed interrupt accepted into the IRR")                               \
    X(LAPIC_ILLEGAL, apic, lapic_illegal, "apic:x vec:x",                     \
      "illegal vector 0-15 refused, ESR bit 6 set")                          \
    X(LAPIC_DISPATCH, apic, lapic_dispatch, "apic:x vec:x ppr:x guest:u",     \
      "highest IRR vector moved to the ISR and dispatched")                  \
    X(LAPIC_EOI, apic, lapic_eoi, "apic:x vec:x",                             \
      "EOI cleared the highest ISR bit")                                     \
    X(PCPU_HOST_IRQ, apic, pcpu_host_irq, "apic:x vec:x ntags:u kind:u",      \
      "host handler ran: kind 0 registered, 1 none, 2 PI notify, 3 wakeup")  \
    X(PI_PROCESS, apic, pi_process, "vm:u vcpu:u apic:x nvec:u",              \
      "posted-interrupt processing in guest mode: ON cleared, PIR to vIRR")  \
    X(PI_SYNC, apic, pi_sync, "vm:u vcpu:u nvec:u",                           \
      "PIR synced into vIRR at VM entry (ON was set)")                       \
    X(PI_WAKEUP, apic, pi_wakeup, "apic:x vm:u vcpu:u",                       \
      "wakeup handler found a blocked vCPU with ON set")                     \
    X(PI_EVIDENCE, apic, pi_evidence, "pid:x vec:x seq:u owned:u",            \
      "the IOMMU handed in the tag of a posted vector")                      \
    X(VCPU_PI, apic, vcpu_pi, "vm:u vcpu:u state:u nv:x ndst:x sn:u on:u",    \
      "PI management wrote the PID on a vCPU state change")                  \
    X(VCPU_EXIT, apic, vcpu_exit, "vm:u vcpu:u reason:u",                     \
      "VM exit: reason 0 extint, 1 kick, 2 hlt, 3 preempt")                  \
    X(VCPU_ENTRY, apic, vcpu_entry, "vm:u vcpu:u apic:x inject:u",            \
      "VM entry completed, vCPU in guest mode")                              \
    X(VCPU_KICK, apic, vcpu_kick, "vm:u vcpu:u",                              \
      "kick IPI sent to a vCPU in guest mode")                               \
    X(VCPU_WAKE, apic, vcpu_wake, "vm:u vcpu:u",                              \
      "wakeup of a halted vCPU started")                                     \
    X(VCPU_INJECT, apic, vcpu_inject, "vm:u vcpu:u vec:x state:u seq:u",      \
      "the VMM set a vIRR bit for injection")                                \
    X(VCPU_DELIVER, apic, vcpu_deliver, "vm:u vcpu:u vec:x ntags:u",          \
      "guest handler entered (vIRR to vISR)")                                \
    X(VCPU_EOI, apic, vcpu_eoi, "vm:u vcpu:u vec:x",                          \
      "virtual EOI cleared the highest vISR bit")

/* Added later, listed after every other model's points (trace-events.h) so
 * that the points before them keep their numbers (and traces their hash). */
#define APIC_INJECT_TRACE_EVENTS(X)                                           \
    X(VCPU_PI_SET, apic, vcpu_pi_set,                                         \
      "vm:u vcpu:u vec:x state:u on:u seq:u",                                 \
      "KVM set a PIR bit (APICv injection); on: ON was set already")         \
    X(VCPU_PI_IPI, apic, vcpu_pi_ipi, "vm:u vcpu:u apic:x",                   \
      "KVM sent the notification IPI to the pCPU running the vCPU")

#endif
