/* SPDX-License-Identifier: MIT */
/*
 * guest_trace.h - the guest model's trace points, one line each:
 *   X(ID, group, name, "field:fmt ...", "what happened")
 * fmt is u (decimal) or x (hex).  Collected into one list by
 * models/trace-events.h; call sites use SIM_TRACE(sim, TP_ID, fields...).
 */
#ifndef IMSLAB_GUEST_TRACE_H
#define IMSLAB_GUEST_TRACE_H

#define GUEST_TRACE_EVENTS(X)

#endif
