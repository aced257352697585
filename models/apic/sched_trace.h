/* SPDX-License-Identifier: MIT */
/*
 * sched_trace.h - the vCPU scheduler's trace points (models/apic/sched.c),
 * one line each: X(ID, group, name, "field:fmt ...", "what happened").
 * Collected last into the one list by models/trace-events.h, so that the
 * IDs of the points before them do not move.
 */
#ifndef IMSLAB_SCHED_TRACE_H
#define IMSLAB_SCHED_TRACE_H

#define SCHED_TRACE_EVENTS(X)                                                 \
    X(SCHED_IN, sched, sched_in, "apic:x vm:u vcpu:u",                        \
      "the scheduler ran a vCPU on a pCPU")                                  \
    X(SCHED_OUT, sched, sched_out, "apic:x vm:u vcpu:u head:u",               \
      "a vCPU was preempted (slice end, or head 1: by a woken vCPU)")

#endif
