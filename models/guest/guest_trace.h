/* SPDX-License-Identifier: MIT */
/*
 * guest_trace.h - the guest model's trace points, one line each:
 *   X(ID, group, name, "field:fmt ...", "what happened")
 * fmt is u (decimal) or x (hex).  Collected into one list by
 * models/trace-events.h; call sites use SIM_TRACE(sim, TP_ID, fields...).
 * vm 4294967295 is the host (bare metal); parent is enum guest_parent.
 */
#ifndef IMSLAB_GUEST_TRACE_H
#define IMSLAB_GUEST_TRACE_H

#define GUEST_TRACE_EVENTS(X)                                                 \
    X(GUEST_PROBE, guest, probe,                                              \
      "vm:u dev:u adi:u ims:u parent:u rc:x relied:u",                        \
      "a driver chose IMS or MSI-X and the parent that composes its pairs")   \
    X(GUEST_PAIR, guest, compose,                                             \
      "vm:u dev:u adi:u entry:u cpu:u vec:x addr:x data:x",                   \
      "the parent domain composed a pair for an interrupt")                   \
    X(GUEST_SETUP_ERR, guest, setup_err,                                      \
      "vm:u dev:u adi:u entry:u errno:u",                                     \
      "an interrupt could not be set up (no pair, no entry)")                 \
    X(GUEST_BIND, guest, bind,                                                \
      "vm:u dev:u adi:u bank:u n:u first:u",                                  \
      "the driver named its interrupt handles to the ADI")                    \
    X(GUEST_HANDLER, guest, handler,                                          \
      "vm:u cpu:u vec:x owned:u entry:u ntags:u",                             \
      "a handler ran; owned says whether a driver IRQ has the vector")        \
    X(GUEST_AFFINITY, guest, affinity,                                        \
      "vm:u dev:u entry:u cpu:u vec:x",                                       \
      "an interrupt was moved to a new CPU and vector")                       \
    X(GUEST_MASK, guest, mask,                                                \
      "vm:u dev:u entry:u masked:u",                                          \
      "the driver masked or unmasked an interrupt")

#endif
