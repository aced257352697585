// SPDX-License-Identifier: MIT
// ims_tlm_ext.h - what a SystemC/TLM-2.0 IMS table model needs from imslab
// (docs/vendor-guide.md, "TLM-2.0 models").
//
// The top module (given by --top) must have, by these names:
//   regs  a 32-bit TLM-2.0 target socket: the register port.  imslab sends
//         one tlm_generic_payload per register access: TLM_READ_COMMAND or
//         TLM_WRITE_COMMAND, the byte offset as the address, 4 data bytes
//         (host byte order), a byte-enable array of 4: TLM_BYTE_ENABLED
//         (0xff) for each byte written, TLM_BYTE_DISABLED (0x00) for each
//         byte a write with byte enables (reg_write_be) leaves alone,
//         streaming width 4, no DMI.
//   irq   a 32-bit TLM-2.0 target socket: interrupt requests.  A write of 4
//         bytes at address = the entry index; the data is the PASID (bits
//         19:0) with IMS_TLM_PASID_VALID set when the request carries one.
//         TLM_OK_RESPONSE: accepted; an error response (address error for
//         an index out of range, generic error for a PASID mismatch):
//         refused, as irq_err.  Hold the call (wait()) while the request
//         cannot be taken yet.
//   msg   a 32-bit TLM-2.0 initiator socket: messages.  Each message is a
//         write of 4 bytes of data at the message address, carrying an
//         imslab::msg_index extension with the entry it came from.  Send
//         from an SC_THREAD: while imslab holds msg_ready low the call
//         does not return.
//   rst_n an sc_in<bool>, active low (driven 1 -> 0 -> 1 by a reset).
// and may have
//   clk   an sc_in<bool>: bound to an sc_clock of IMS_DUT_CLOCK_PS ps whose
//         rising edges end the cycles (models/tlm/ims_tlm.h, time base),
//   fn_mask an sc_in<bool>: the Function Mask (set_fmask; low after
//         construction and reset); without it IMS-R-FMASK-01 is skipped,
// and a public constant `static constexpr unsigned ENTRIES`.
#ifndef IMSLAB_TLM_IMS_TLM_EXT_H
#define IMSLAB_TLM_IMS_TLM_EXT_H

#include <cstdint>

#include <tlm>

namespace imslab {

// Set in the data word of an interrupt request that carries a PASID.
constexpr uint32_t IMS_TLM_PASID_VALID = 1u << 31;

// The entry a message came from (msg_index of the RTL port list).
struct msg_index : tlm::tlm_extension<msg_index> {
    uint32_t index;

    explicit msg_index(uint32_t i = 0) : index(i) {}
    tlm::tlm_extension_base *clone() const override { return new msg_index(index); }
    void copy_from(const tlm::tlm_extension_base &e) override
    {
        index = static_cast<const msg_index &>(e).index;
    }
};

}  // namespace imslab

#endif  // IMSLAB_TLM_IMS_TLM_EXT_H
