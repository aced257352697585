/* SPDX-License-Identifier: MIT */
/*
 * siov_trace.h - the siov model's trace points, one line each:
 *   X(ID, group, name, "field:fmt ...", "what happened")
 * fmt is u (decimal) or x (hex).  Collected into one list by
 * models/trace-events.h; call sites use SIM_TRACE(sim, TP_ID, fields...).
 * bank is 0 IMS, 1 MSI-X; adi 4294967295 is the function itself.
 */
#ifndef IMSLAB_SIOV_TRACE_H
#define IMSLAB_SIOV_TRACE_H

#define SIOV_TRACE_EVENTS(X)                                                  \
    X(SIOV_RAISE, siov, adi_raise,                                            \
      "dev:u adi:u bank:u entry:u seq:u",                                     \
      "an ADI (or the function) raised an interrupt on an entry")             \
    X(SIOV_UNBOUND, siov, adi_unbound,                                        \
      "dev:u adi:u seq:u",                                                    \
      "a raise from an ADI with no bound entry: no message")                  \
    X(SIOV_MSG_GEN, siov, msg_gen,                                            \
      "dev:u bank:u entry:u addr:x data:x seq:u",                             \
      "message generation started; the pair was sampled now")                 \
    X(SIOV_MSG_SEND, siov, msg_send,                                          \
      "dev:u rid:x addr:x data:x seq:u",                                      \
      "posted DWORD write, no PASID, sent to the upstream sink")              \
    X(SIOV_MSG_DROP_BME, siov, msg_drop_bme,                                  \
      "dev:u bank:u entry:u seq:u",                                           \
      "Bus Master Enable clear when the message was due: not sent")           \
    X(SIOV_PENDING, siov, entry_pending,                                      \
      "dev:u bank:u entry:u seq:u coalesced:u",                               \
      "raise on a masked entry: pending bit set (or already set)")            \
    X(SIOV_REPLAY, siov, entry_replay,                                        \
      "dev:u bank:u entry:u addr:x data:x seq:u",                             \
      "a pending entry was unmasked: its message is generated now")           \
    X(SIOV_REFUSED, siov, pasid_refused,                                      \
      "dev:u adi:u entry:u entry_pasid:x raiser_pasid:x seq:u",               \
      "entry has PASID enable, the raiser's PASID differs: no message")       \
    X(SIOV_ENTRY_ERR, siov, entry_err,                                        \
      "dev:u bank:u entry:u errno:u seq:u",                                   \
      "the entry could not be used (absent, invalid or unreadable)")          \
    X(SIOV_BAR_WRITE, siov, bar_write,                                        \
      "dev:u off:x size:u val:x",                                             \
      "a CPU wrote BAR0")                                                     \
    X(SIOV_BAR_BAD, siov, bar_bad,                                            \
      "dev:u off:x size:u write:u",                                           \
      "a BAR0 access with a size or alignment the register refuses")          \
    X(SIOV_BAR_UNDECODED, siov, bar_undecoded,                                \
      "dev:u off:x size:u write:u",                                           \
      "a BAR0 access while Memory Space Enable is clear: not decoded")        \
    X(SIOV_DMA_FAULT, siov, dev_dma_fault,                                    \
      "dev:u pasid:x has_pasid:u iova:x errno:u write:u",                     \
      "a device DMA was not translated or reached no memory")                 \
    X(SIOV_CMD_FETCH, siov, cmd_fetch,                                        \
      "dev:u chan:u mbox:x opcode:x eqn:u",                                   \
      "doorbell: the command was fetched from the mailbox by DMA")            \
    X(SIOV_CMD_BUSY, siov, cmd_busy,                                          \
      "dev:u chan:u",                                                         \
      "doorbell while the channel executed a command: ignored")               \
    X(SIOV_CMD_DONE, siov, cmd_done,                                          \
      "dev:u chan:u opcode:x eqn:u status:x",                                 \
      "command executed; status written back to the mailbox")

#endif
