/* SPDX-License-Identifier: MIT */
/*
 * ims_dut.h - the IMS DUT interface (../shared/design.md, interface 3).
 *
 * One ops table that every IMS table design implements: the behavioral
 * model driven by a layout descriptor, and any vendor RTL verilated and
 * wrapped in C.  The IMS conformance rules (harness/ims_rules.*) and the
 * lockstep comparison drive a design only through this table, so the same
 * rules run on both forms and report in the same format.
 *
 * Time is counted in DUT clock cycles.  Every operation that talks to the
 * design's ports advances the clock by as many cycles as the handshake
 * takes (at least one); ims_dut_ops.clock() advances it with idle inputs.
 *
 * The RTL port list a vendor's top module must match, cycle by cycle, is in
 * docs/vendor-guide.md ("Port list"): clk, rst_n (active low; the wrapper
 * drives 1 -> 0 -> 1), a 32-bit register port (reg_we/reg_re, reg_addr byte
 * offset, reg_wdata, reg_rdata, reg_ack), an interrupt request
 * (irq_valid/irq_ready, irq_index, irq_pasid, irq_pasid_valid; irq_err
 * with irq_ready when the request is refused), and a message output
 * (msg_valid/msg_ready, msg_addr, msg_data, msg_index), and the optional
 * ports ("Optional ports": fn_mask, reg_be).
 */
#ifndef IMSLAB_SIOV_IMS_DUT_H
#define IMSLAB_SIOV_IMS_DUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/**
 * struct ims_dut_msg - one message the design emitted.
 * @addr: 64-bit message address
 * @data: 32-bit message data
 * @index: the entry it came from (as the design reports it)
 * @len: payload bytes (a conforming design emits 4: one DWORD)
 * @cycle: the cycle msg_valid and msg_ready were both high
 * @tlp: nonzero when the design emitted the message as a memory-write TLP
 *       (an RTL top with the tlp_* ports, docs/vendor-guide.md "Message as
 *       a PCIe memory-write TLP"): @hdr and @payload then hold the beat as
 *       it left the design and @addr, @data and @len are 0 until the
 *       harness decodes the header (harness/ims_tlp.h)
 * @hdr: the header DWs, DW0 first (DW3 unused by a 3DW header)
 * @payload: the data DW
 */
struct ims_dut_msg {
    uint64_t addr;
    uint32_t data;
    uint32_t index;
    uint32_t len;
    uint64_t cycle;
    uint32_t tlp;
    uint32_t hdr[4];
    uint32_t payload;
};

/* What a design did with an interrupt request. */
enum ims_dut_fire {
    IMS_DUT_FIRE_ACCEPTED = 0,  /* taken: a message follows, now or on unmask */
    IMS_DUT_FIRE_REFUSED = 1,   /* refused (irq_err): index out of range or
                                 * PASID mismatch */
    IMS_DUT_FIRE_TIMEOUT = 2,   /* irq_ready never rose within the bound */
};

/**
 * struct ims_dut_ops - a design under test.
 * @name: "behavioral:<layout>" or "rtl:<top>"
 * @entries: number of entries the design has
 * @reset: apply reset (rst_n 1 -> 0 -> 1); 0 or -errno
 * @reg_write: one 32-bit register write at byte offset @off
 * @reg_read: one 32-bit register read
 * @fire: present an interrupt request for @index with @pasid (valid when
 *        @pasid_valid) and wait at most @max_wait cycles for irq_ready;
 *        returns enum ims_dut_fire, or -errno on a wrapper failure
 * @clock: advance @n cycles with idle inputs (msg_ready as set_ready() holds it)
 * @cycle: cycles since creation
 * @collect: move up to @max emitted messages, oldest first, into @out;
 *           returns how many
 * @trace: start (@path non-NULL) or stop writing a VCD of the ports;
 *         -ENOTSUP when the design cannot
 * @destroy: free the design
 * @set_ready: hold msg_ready at @ready from the next cycle on, through every
 *             op (high after creation): with it low no message leaves, and
 *             a design whose queue fills holds irq_ready low; NULL when the
 *             design cannot be back-pressured
 * @set_fmask: drive the function-level Function Mask input (as MSI-X
 *             Message Control bit 14, PCIe Base 6.0 s.7.7.2.2; low after
 *             creation and after reset): while set every fire is held
 *             pending, and clearing it releases each pending entry not
 *             masked itself, once; NULL when the design has no such input
 *             (an RTL top without the optional fn_mask port)
 * @clock_ps: the clock period of the design's waveform (trace()) in ps:
 *            cycle C at C * period; NULL: IMS_DUT_CLOCK_PS.  Only the time
 *            base of waveforms and of the times reports give: nothing the
 *            design does depends on it
 * @reg_write_be: a 32-bit register write at @off with byte enables @be
 *                (bit i enables byte i, bits 8i+7:8i; 0xf is reg_write());
 *                what the disabled bytes do is the design's (the
 *                descriptor's partial_writes); NULL when the design has no
 *                byte-enable input (an RTL top without the optional reg_be)
 * @set_clock_ps: change it, before the first cycle (-EBUSY after); -EINVAL
 *                for 0 or an odd period; -EEXIST when the design declares
 *                another (an RTL top's CLOCK_PS parameter); NULL: fixed
 */
struct ims_dut_ops {
    const char *name;
    uint32_t (*entries)(const void *dut);
    int (*reset)(void *dut);
    int (*reg_write)(void *dut, uint32_t off, uint32_t val);
    int (*reg_read)(void *dut, uint32_t off, uint32_t *val);
    int (*fire)(void *dut, uint32_t index, uint32_t pasid, bool pasid_valid,
                uint32_t max_wait);
    int (*clock)(void *dut, uint64_t n);
    uint64_t (*cycle)(const void *dut);
    size_t (*collect)(void *dut, struct ims_dut_msg *out, size_t max);
    int (*trace)(void *dut, const char *path);
    void (*destroy)(void *dut);
    int (*set_ready)(void *dut, bool ready);
    int (*set_fmask)(void *dut, bool fmask);
    uint32_t (*clock_ps)(const void *dut);
    int (*set_clock_ps)(void *dut, uint32_t ps);
    int (*reg_write_be)(void *dut, uint32_t off, uint32_t val, uint32_t be);
};

/*
 * The DUT clock period as the harness drives every design that declares no
 * other (500 MHz, the rate ims_dut_store runs a design at in a scenario;
 * ims_dut_ops.clock_ps() gives a design's own).  Every design's VCD
 * (trace()) has timescale 1 ps; cycle C's inputs and outputs settle at
 * C * period, where clk falls, and the cycle's handshakes happen at the
 * rising edge half a period later.  So the cycle a rule reports (a
 * message's cycle) is at time C * period in the waveform of either form,
 * with the message on msg_*.
 */
#define IMS_DUT_CLOCK_PS 2000u

/** struct ims_dut - a design: its ops and its state. */
struct ims_dut {
    const struct ims_dut_ops *ops;
    void *state;
};

#endif /* IMSLAB_SIOV_IMS_DUT_H */
