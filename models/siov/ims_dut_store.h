/* SPDX-License-Identifier: MIT */
/*
 * ims_dut_store.h - an ims_store_ops adapter over any struct ims_dut (the
 * behavioral model, a Verilated RTL table), so that a design under test
 * stands in for a SIOV device's IMS bank in a full-system scenario
 * (siov_attach_store(dev, SIOV_BANK_IMS, ...)).
 *
 * Mapping (docs/vendor-guide.md, "A descriptor in a scenario"):
 *  - BAR0 accesses inside the design's register window become reg_write /
 *    reg_read at the same offset from the window's start on the design's
 *    port (BAR0 window_base + k is port address port_base + k; an aligned
 *    QWORD is two DWORDs, the low one first); outside the window they read
 *    all ones (MMIO_UNMAPPED);
 *  - a raise becomes fire(index, the raiser's PASID); irq_err is REFUSED
 *    (INVALID when the index is beyond the design); an accepted request
 *    whose message leaves within @settle cycles is SEND with the pair the
 *    design emitted; otherwise PENDING (COALESCED while the adapter already
 *    saw a pending request on that entry without a message since);
 *  - after every register write the adapter clocks @settle cycles and
 *    hands every message the design emitted to the device (host->emit:
 *    the device tags it with the raise that set the entry pending, or seq 0
 *    when none did, which the harness counts as spurious); messages seen at
 *    other times are emitted by an event at the same simulated time;
 *  - the DUT clock follows simulated time: before every operation the
 *    design is clocked idle up to sim_now() * @mhz; the cycles an operation
 *    itself takes run ahead of simulated time (a few ns), and the device's
 *    COST_DEV_MSI_GEN covers message generation as for the built-in kinds.
 */
#ifndef IMSLAB_SIOV_IMS_DUT_STORE_H
#define IMSLAB_SIOV_IMS_DUT_STORE_H

#include <stdint.h>

#include "models/siov/ims_dut.h"
#include "models/siov/ims_layout.h"
#include "models/siov/ims_store.h"
#include "sim/sim.h"

/* The DUT clock of a scenario: 500 MHz (2 ns per cycle). */
#define IMS_DUT_STORE_MHZ 500u
/* Cycles clocked after a write or an accepted request to see its message. */
#define IMS_DUT_STORE_SETTLE 16u

struct ims_dut_store;

/**
 * struct ims_dut_store_config - how the adapter drives its design.
 * @sim: the simulation (the DUT clock follows sim_now(); deferred emits)
 * @mhz: DUT clock frequency (1..1000000)
 * @window_base: BAR0 offset of the first byte of the design's register
 *               window
 * @window_size: its size in bytes (0: the whole 32-bit port)
 * @port_base: the design's register port address that BAR0 @window_base
 *             is (equal to @window_base: the window is not relocated)
 * @settle: cycles clocked after a write or an accepted request
 * @max_wait: cycles fire() waits for irq_ready
 * @peek: optional backdoor for @lookup (ims_behav_peek()); NULL: lookup
 *        returns -ENOENT (an RTL table has no backdoor)
 */
struct ims_dut_store_config {
    struct sim *sim;
    uint32_t mhz;
    uint32_t window_base, window_size;
    uint32_t port_base;
    uint32_t settle;
    uint32_t max_wait;
    int (*peek)(void *state, uint32_t entry, struct ims_entry *out);
};

/**
 * ims_dut_store_config_init - defaults: IMS_DUT_STORE_MHZ, the whole port,
 * IMS_DUT_STORE_SETTLE, max_wait 16, no peek.
 * @cfg: the configuration
 * @sim: the simulation
 */
void ims_dut_store_config_init(struct ims_dut_store_config *cfg,
                               struct sim *sim);

/**
 * ims_dut_store_config_layout - the register window of layout @l (the
 * table for mmio, the command block for hostmem) at the BAR0 offsets the
 * layout gives, and a settle time that covers a hostmem command
 * (cmd_latency + IMS_DUT_STORE_SETTLE).
 * @cfg: the configuration
 * @l: the layout of the design's register port
 */
void ims_dut_store_config_layout(struct ims_dut_store_config *cfg,
                                 const struct ims_layout *l);

/**
 * ims_dut_store_config_map - as ims_dut_store_config_layout(), with the
 * register window relocated: BAR0 @bar_offset + k is the design's port
 * address @l->base + k (e.g. a design whose table starts at port address
 * 0, seen where a device kind's drivers expect its IMS slots).
 * @cfg: the configuration
 * @l: the layout of the design's register port
 * @bar_offset: BAR0 offset of the window
 */
void ims_dut_store_config_map(struct ims_dut_store_config *cfg,
                              const struct ims_layout *l, uint32_t bar_offset);

/**
 * ims_dut_store_create - wrap @dut (taken over: the store destroys it).
 * @out: receives the store
 * @dut: the design, in reset state
 * @cfg: the configuration (copied)
 *
 * Return: 0, -EINVAL (no sim, no design, bad @mhz), -ENOMEM.  On error
 * @dut is not destroyed.
 */
int ims_dut_store_create(struct ims_dut_store **out, const struct ims_dut *dut,
                         const struct ims_dut_store_config *cfg);

/** ims_dut_store_ops - the ops table to attach the store with. */
const struct ims_store_ops *ims_dut_store_ops(void);

/** ims_dut_store_dut - the wrapped design (e.g. to start a VCD). */
struct ims_dut *ims_dut_store_dut(struct ims_dut_store *s);

/**
 * ims_dut_store_destroy - cancel a deferred emit, destroy the design and
 * free the store.  Detach it (destroy the device) first.
 */
void ims_dut_store_destroy(struct ims_dut_store *s);

#endif /* IMSLAB_SIOV_IMS_DUT_STORE_H */
