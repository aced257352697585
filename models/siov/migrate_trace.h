/* SPDX-License-Identifier: MIT */
/*
 * migrate_trace.h - the trace points of a migration (the device's stopped
 * ADIs, the VMM's switch), as siov_trace.h.  This list comes last in
 * models/trace-events.h: a trace point's number enters the trace hash, so
 * new points are appended and the numbers of the others do not move.
 */
#ifndef IMSLAB_MIGRATE_TRACE_H
#define IMSLAB_MIGRATE_TRACE_H

#define MIGRATE_TRACE_EVENTS(X)                                               \
    X(SIOV_ADI_STOP, siov, adi_stop,                                          \
      "dev:u adi:u",                                                          \
      "an ADI stopped for a migration: its completions are held")             \
    X(SIOV_HELD, siov, adi_held,                                              \
      "dev:u adi:u entry:u seq:u",                                            \
      "a completion of a stopped ADI: its interrupt is held in the device")   \
    X(SIOV_ADI_RESUME, siov, adi_resume,                                      \
      "dev:u adi:u held:u",                                                   \
      "a stopped ADI runs again: its held interrupts are raised")             \
    X(VMM_MIGRATE, vmm, migrate,                                              \
      "vm:u phase:u n:u",                                                     \
      "a VM's migration: phase 0 destination set-up (n host interrupts "      \
      "re-created), 1 source released (n freed)")
#endif /* IMSLAB_MIGRATE_TRACE_H */
