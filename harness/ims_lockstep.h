/* SPDX-License-Identifier: MIT */
/*
 * ims_lockstep.h - two IMS designs on the same seeded random stimulus.
 *
 * Register writes and reads, fires with random indices and PASIDs, and idle
 * cycles go to both designs (normally the behavioral model of a layout
 * descriptor and the vendor's RTL); every response is compared, and so is
 * every emitted message, by content and by order within its entry.  The
 * cycle a message leaves at is not compared: designs may differ in latency,
 * and so may interleave messages of different entries differently.
 */
#ifndef IMSLAB_HARNESS_IMS_LOCKSTEP_H
#define IMSLAB_HARNESS_IMS_LOCKSTEP_H

#include <stdbool.h>
#include <stdint.h>

#include "models/siov/ims_dut.h"
#include "models/siov/ims_layout.h"

#define HX_LOCKSTEP_OPS 10000

/**
 * struct hx_lockstep_opts - the stimulus.
 * @seed: root seed (stream "lockstep")
 * @ops: operations to issue (0: HX_LOCKSTEP_OPS)
 * @latency_bound: ops a message of one design may wait for the other's
 *                 (each op takes at least one cycle; 0: HX_IMS_LATENCY_BOUND)
 * @fire_wait: cycles a fire may wait for irq_ready (0: HX_IMS_FIRE_WAIT)
 */
struct hx_lockstep_opts {
    uint64_t seed;
    uint64_t ops;
    uint32_t latency_bound;
    uint32_t fire_wait;
};

/**
 * struct hx_lockstep_result - the first divergence, if any.
 * @diverged: the designs disagreed
 * @op: the operation (1-based) after which the disagreement was seen
 * @cycle_a: design A's cycle then
 * @cycle_b: design B's cycle then
 * @what: the operation or message compared ("reg_read 0x100c", "fire 3
 *        pasid 0x2", "message 4 of entry 3")
 * @a: design A's output
 * @b: design B's output
 * @ops_run: operations issued
 * @msgs: messages matched
 * @stalls: times msg_ready was held low (both designs take back-pressure:
 *          for 1 to 4 operations between fires)
 * @long_stalls: of the idle stretches, those replaced by msg_ready low for
 *               B to 4 x B cycles (B the latency bound; about 1 in 32)
 * @partial_writes: register writes with some byte enables clear (both
 *                  designs take them and the descriptor declares
 *                  partial_writes: about 1 in 8 writes of a register that
 *                  holds no mask)
 */
struct hx_lockstep_result {
    bool diverged;
    uint64_t op;
    uint64_t cycle_a, cycle_b;
    char what[64];
    char a[96], b[96];
    uint64_t ops_run, msgs;
    uint64_t stalls;
    uint64_t long_stalls;
    uint64_t partial_writes;
};

/**
 * hx_ims_lockstep - run two designs on one stimulus and compare them.
 * @a: design A (the reference: the behavioral model)
 * @b: design B (the design under test)
 * @l: the register map both implement (entry counts must equal)
 * @o: the stimulus (NULL: defaults, seed 0)
 * @res: filled; @res->diverged tells the verdict
 *
 * Both designs are reset first.  The run stops at the first divergence.
 *
 * Return: 0 (diverged or not); -EINVAL for a NULL argument or mismatched
 * entry counts; -ENOMEM; a negative errno from a design's ops.
 */
int hx_ims_lockstep(struct ims_dut *a, struct ims_dut *b, const struct ims_layout *l,
                    const struct hx_lockstep_opts *o, struct hx_lockstep_result *res);

#endif /* IMSLAB_HARNESS_IMS_LOCKSTEP_H */
