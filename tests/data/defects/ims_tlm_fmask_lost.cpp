// SPDX-License-Identifier: MIT
// ims_tlm_fmask_lost.cpp - a seeded defect for imslab vendor --tlm: the
// reference table (layouts/ref.yaml) as the clocked TLM-2.0 model of
// examples/tlm/ims_tlm_fmask_lost.cpp, except that a request on an entry not
// masked itself while the Function Mask (fn_mask) is high is accepted and
// dropped: nothing is held pending, so clearing the Function Mask releases
// nothing.  IMS-R-FMASK-01 alone must fail.
#include <cstdint>
#include <cstring>
#include <deque>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include "models/tlm/ims_tlm_ext.h"

struct ims_tlm_fmask_lost : sc_core::sc_module {
    static constexpr unsigned ENTRIES = 64;

    sc_core::sc_in<bool> clk{"clk"};
    sc_core::sc_in<bool> rst_n{"rst_n"};
    sc_core::sc_in<bool> fn_mask{"fn_mask"};
    tlm_utils::simple_target_socket<ims_tlm_fmask_lost> regs{"regs"};
    tlm_utils::simple_target_socket<ims_tlm_fmask_lost> irq{"irq"};
    tlm_utils::simple_initiator_socket<ims_tlm_fmask_lost> msg{"msg"};

    SC_HAS_PROCESS(ims_tlm_fmask_lost);

    explicit ims_tlm_fmask_lost(const sc_core::sc_module_name &n) : sc_core::sc_module(n)
    {
        regs.register_b_transport(this, &ims_tlm_fmask_lost::on_reg);
        irq.register_b_transport(this, &ims_tlm_fmask_lost::on_irq);
        SC_METHOD(on_reset);
        sensitive << rst_n.neg();
        dont_initialize();
        SC_METHOD(on_fmask_clear);
        sensitive << fn_mask.neg();
        dont_initialize();
        SC_THREAD(sender);
        sensitive << clk.pos();
        clear();
    }

private:
    static constexpr uint32_t kStride = 16;
    static constexpr uint32_t kMask = 1u << 0, kPasidEn = 1u << 3;
    // the bits each dword of an entry defines
    static constexpr uint32_t kDefined[4] = { 0xffffffffu, 0xffffffffu, 0xffffffffu,
                                              0xfffff000u | kPasidEn | kMask };

    uint32_t reg_[ENTRIES][4];
    bool pending_[ENTRIES];
    struct due {
        uint32_t entry, data;
        uint64_t addr;
    };
    std::deque<due> queue_;     // messages due, oldest first, with the pair they left with

    void clear()
    {
        std::memset(reg_, 0, sizeof(reg_));
        std::memset(pending_, 0, sizeof(pending_));
        for (auto &e : reg_)
            e[3] = kMask;
        queue_.clear();
    }

    void on_reset() { clear(); }

    // The Function Mask cleared: each pending entry not masked itself, once.
    void on_fmask_clear()
    {
        for (uint32_t e = 0; e < ENTRIES; e++)
            if (pending_[e] && !masked(e)) {
                pending_[e] = false;
                send(e);
            }
    }

    bool masked(uint32_t e) const { return reg_[e][3] & kMask; }

    // The entry's message, with its pair as it is now.
    void send(uint32_t e)
    {
        queue_.push_back({ e, reg_[e][2], (uint64_t)reg_[e][1] << 32 | reg_[e][0] });
    }

    void on_reg(tlm::tlm_generic_payload &p, sc_core::sc_time &)
    {
        uint64_t a = p.get_address();
        uint32_t e = static_cast<uint32_t>(a / kStride), dw = (a % kStride) / 4, v;
        unsigned char *be = p.get_byte_enable_ptr();

        if (a % 4 || p.get_data_length() != 4 || a >= uint64_t{ENTRIES} * kStride) {
            p.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
            return;
        }
        if (p.is_read()) {
            std::memcpy(p.get_data_ptr(), &reg_[e][dw], 4);
        } else {
            bool was = masked(e);

            std::memcpy(&v, p.get_data_ptr(), 4);
            for (unsigned b = 0; b < 4; b++) {      // only the enabled bytes
                uint32_t lane = 0xffu << (8 * b);

                if (!be || be[b % p.get_byte_enable_length()] == TLM_BYTE_ENABLED)
                    reg_[e][dw] = (reg_[e][dw] & ~lane) | (v & lane);
            }
            reg_[e][dw] &= kDefined[dw];
            if (was && !masked(e) && pending_[e] && !fn_mask.read()) {
                pending_[e] = false;
                send(e);
            }
        }
        p.set_response_status(tlm::TLM_OK_RESPONSE);
    }

    void on_irq(tlm::tlm_generic_payload &p, sc_core::sc_time &)
    {
        uint64_t e = p.get_address();
        uint32_t w = 0, ctrl;

        std::memcpy(&w, p.get_data_ptr(), 4);
        if (e >= ENTRIES) {
            p.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
            return;
        }
        ctrl = reg_[e][3];
        if ((ctrl & kPasidEn) && (!(w & imslab::IMS_TLM_PASID_VALID) ||
                                  (w & 0xfffffu) != ctrl >> 12)) {
            p.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
            return;
        }
        if (masked(static_cast<uint32_t>(e)))
            pending_[e] = true;
        else if (!fn_mask.read())       // the defect: lost while function-masked
            send(static_cast<uint32_t>(e));
        p.set_response_status(tlm::TLM_OK_RESPONSE);
    }

    // One message per rising edge: a 4-byte write of the data at the address.
    void sender()
    {
        for (;;) {
            wait();
            if (!rst_n.read() || queue_.empty())
                continue;
            due m = queue_.front();
            imslab::msg_index idx(m.entry);
            tlm::tlm_generic_payload p;
            sc_core::sc_time d = sc_core::SC_ZERO_TIME;

            queue_.pop_front();
            p.set_command(tlm::TLM_WRITE_COMMAND);
            p.set_address(m.addr);
            p.set_data_ptr(reinterpret_cast<unsigned char *>(&m.data));
            p.set_data_length(4);
            p.set_streaming_width(4);
            p.set_extension(&idx);
            msg->b_transport(p, d);     // held while msg_ready is low
            p.clear_extension(&idx);
        }
    }
};
