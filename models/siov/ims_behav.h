/* SPDX-License-Identifier: MIT */
/*
 * ims_behav.h - the behavioral IMS table: a struct ims_dut (ims_dut.h)
 * whose behaviour is whatever a layout descriptor (ims_layout.h) says.
 *
 * Cycle model (one DUT clock; msg_ready is held high by the wrapper):
 *  - a register write or read is one cycle (reg_ack in the same cycle);
 *  - an interrupt request is one cycle: irq_ready rises in the cycle
 *    irq_valid does (with irq_err when refused), so max_wait never expires;
 *  - an accepted request on an unmasked entry samples the entry's live pair
 *    in that cycle, and the message is on msg_* IMS_BEHAV_MSG_LATENCY
 *    cycles later (its struct ims_dut_msg.cycle); at most one message per
 *    cycle leaves, oldest first;
 *  - an unmask (write, or hostmem SET_CTRL/WRITE command) of a pending entry
 *    clears the pending bit and emits one message with the live pair of that
 *    cycle, IMS_BEHAV_MSG_LATENCY cycles later;
 *  - reset() is one cycle with rst_n low: every entry gets the reset state
 *    (pair 0, masked if reset_masked, nothing pending, no command running,
 *    messages not yet on msg_* dropped).  A new design starts in reset state
 *    at cycle 0.
 *
 * Live and staged pairs (enum ims_update): registers hold what software
 * wrote, and read back as written (bits no field defines read 0, a commit
 * field reads 0).  A message uses the live pair.  per-dword: every write is
 * live at once (a request between the addr and data writes sends a torn
 * pair, as the descriptor says).  on-data: a write to the register that
 * holds the data field makes addr and data live together.  on-unmask: the
 * write that clears the mask makes the pair live (before releasing a
 * pending message).  on-commit: a write with the commit field 1 does.
 * Mask, PASID enable and PASID take effect at the write.
 *
 * Requests: out of range -> refused (irq_err); pasid_check and the entry's
 * PASID enable set and (no PASID or another PASID) -> refused; masked ->
 * pending bit set (pending_on_mask) or dropped (not); else a message.
 *
 * hostmem designs: the register port is the command block of ims_layout.h
 * (IMS_CMD_*) at layout->base; contexts are images laid out by the fields,
 * kept by the model (standing for host memory the device owns); a command
 * takes effect cmd_latency cycles after its doorbell, whole.
 */
#ifndef IMSLAB_SIOV_IMS_BEHAV_H
#define IMSLAB_SIOV_IMS_BEHAV_H

#include "models/siov/ims_dut.h"
#include "models/siov/ims_layout.h"
#include "models/siov/ims_store.h"

/* Cycles from acceptance (or unmask) to the message on msg_*. */
#define IMS_BEHAV_MSG_LATENCY 2u

/* The VCD of trace(): timescale 1 ps, cycle c's values at c * period (the
 * descriptor's clock_ps, else IMS_DUT_CLOCK_PS) with clk low, clk rising
 * half a period later (ims_dut.h), every cycle dumped (no idle stretch
 * skipped). */

/**
 * ims_behav_create - a behavioral design for layout @l, in reset state.
 * @l: a validated layout (hx_layout_load()); copied
 * @out: receives ops and state; free with out->ops->destroy(out->state)
 *
 * Return: 0, -EINVAL (@l does not satisfy the rules hx_layout_load()
 * checks: entries, stride, required fields, widths inside the stride),
 * -ENOMEM.
 */
int ims_behav_create(const struct ims_layout *l, struct ims_dut *out);

/**
 * ims_behav_peek - the entry as the design holds it, without a cycle and
 * without touching a port: live pair, mask, pending, PASID enable, PASID
 * (a backdoor for adapters and tests; RTL has none).
 * @state: a behavioral design's state (struct ims_dut.state)
 * @entry: the entry
 * @out: the entry
 *
 * Return: 0 or -ERANGE.
 */
int ims_behav_peek(void *state, uint32_t entry, struct ims_entry *out);

/** ims_behav_is - whether @dut is a behavioral design. */
bool ims_behav_is(const struct ims_dut *dut);

#endif /* IMSLAB_SIOV_IMS_BEHAV_H */
