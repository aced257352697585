// SPDX-License-Identifier: MIT
// ims_tlm_pasid_unchecked.cpp - a seeded defect for imslab vendor --tlm: the
// reference table (layouts/ref.yaml) as a loosely-timed TLM-2.0 model that
// never checks the PASID of a request.  IMS-R-PASID-01 alone must fail.
//
// Unlike examples/tlm/ims_ref_tlm.cpp it has no clock: its time is in the
// annotated delays (a register access takes one cycle; a message leaves
// one cycle after its request, one per cycle), so it also covers that
// time base (docs/vendor-guide.md, "TLM-2.0 models").
#include <cstdint>
#include <cstring>
#include <deque>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include "models/tlm/ims_tlm_ext.h"

struct ims_tlm_pasid_unchecked : sc_core::sc_module {
    static constexpr unsigned ENTRIES = 64;

    sc_core::sc_in<bool> rst_n{"rst_n"};
    tlm_utils::simple_target_socket<ims_tlm_pasid_unchecked> regs{"regs"};
    tlm_utils::simple_target_socket<ims_tlm_pasid_unchecked> irq{"irq"};
    tlm_utils::simple_initiator_socket<ims_tlm_pasid_unchecked> msg{"msg"};

    SC_HAS_PROCESS(ims_tlm_pasid_unchecked);

    explicit ims_tlm_pasid_unchecked(const sc_core::sc_module_name &n) : sc_core::sc_module(n)
    {
        regs.register_b_transport(this, &ims_tlm_pasid_unchecked::on_reg);
        irq.register_b_transport(this, &ims_tlm_pasid_unchecked::on_irq);
        SC_METHOD(on_reset);
        sensitive << rst_n.neg();
        dont_initialize();
        SC_THREAD(sender);
        clear();
    }

private:
    const sc_core::sc_time cycle_{2, sc_core::SC_NS};
    static constexpr uint32_t kMask = 1u;
    static constexpr uint32_t kCtrlBits = 0xfffff000u | 1u << 3 | kMask;

    struct due {
        uint32_t entry, data;
        uint64_t addr;
    };
    uint32_t reg_[ENTRIES][4];
    bool pending_[ENTRIES];
    std::deque<due> queue_;
    sc_core::sc_event kick_;

    void clear()
    {
        std::memset(reg_, 0, sizeof(reg_));
        std::memset(pending_, 0, sizeof(pending_));
        for (auto &e : reg_)
            e[3] = kMask;
        queue_.clear();
    }

    void on_reset() { clear(); }

    void send(uint32_t e)
    {
        queue_.push_back({ e, reg_[e][2], (uint64_t)reg_[e][1] << 32 | reg_[e][0] });
        kick_.notify(cycle_);
    }

    void on_reg(tlm::tlm_generic_payload &p, sc_core::sc_time &d)
    {
        uint64_t a = p.get_address();
        uint32_t e = static_cast<uint32_t>(a / 16), dw = (a % 16) / 4;

        d += cycle_;
        if (a % 4 || a >= uint64_t{ENTRIES} * 16) {
            p.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
            return;
        }
        if (p.is_read()) {
            std::memcpy(p.get_data_ptr(), &reg_[e][dw], 4);
        } else {
            bool was = reg_[e][3] & kMask;
            const unsigned char *be = p.get_byte_enable_ptr(), *v = p.get_data_ptr();

            for (unsigned b = 0; b < 4; b++)        // only the enabled bytes
                if (!be || be[b % p.get_byte_enable_length()] == TLM_BYTE_ENABLED)
                    reinterpret_cast<unsigned char *>(&reg_[e][dw])[b] = v[b];
            if (dw == 3)
                reg_[e][3] &= kCtrlBits;
            if (was && !(reg_[e][3] & kMask) && pending_[e]) {
                pending_[e] = false;
                send(e);
            }
        }
        p.set_response_status(tlm::TLM_OK_RESPONSE);
    }

    void on_irq(tlm::tlm_generic_payload &p, sc_core::sc_time &)
    {
        uint64_t e = p.get_address();

        if (e >= ENTRIES) {
            p.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
            return;
        }
        // the defect: PASID enable and the request's PASID are never looked at
        if (reg_[e][3] & kMask)
            pending_[e] = true;
        else
            send(static_cast<uint32_t>(e));
        p.set_response_status(tlm::TLM_OK_RESPONSE);
    }

    void sender()
    {
        for (;;) {
            if (queue_.empty())
                wait(kick_);
            if (queue_.empty())
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
            msg->b_transport(p, d);
            p.clear_extension(&idx);
            wait(cycle_ + d);           // one message per cycle
        }
    }
};
