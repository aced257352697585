/* SPDX-License-Identifier: MIT */
/*
 * ims_tlm.h - IMS table designs given as a SystemC/TLM-2.0 model (imslab
 * vendor --tlm): what the shared object harness/tlm_build.c makes of a
 * vendor's sc_module exports, and what its host reports per cycle.
 *
 * models/tlm/ims_tlm_host.cpp is compiled into one translation unit with
 * the vendor's source (docs/vendor-guide.md, "TLM-2.0 models"): it
 * constructs the top module, binds its sockets and ports by name, and
 * drives it behind struct ims_dut_ops.  SystemC elaborates once per process
 * and cannot be restarted, so the harness runs every instance in a process
 * of its own (harness/tlm_dut.c); this header is the boundary between the
 * two.  A model includes models/tlm/ims_tlm_ext.h, never this file.
 */
#ifndef IMSLAB_TLM_IMS_TLM_H
#define IMSLAB_TLM_IMS_TLM_H

#include <stddef.h>
#include <stdint.h>

#include "models/siov/ims_dut.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Time base: cycle C ends with the rising edge at SystemC time
 * C * IMS_DUT_CLOCK_PS + IMS_TLM_EDGE_PS (a clocked model's clk rises
 * exactly then); a message at SystemC time t (sc_time_stamp() plus the
 * annotated delay) belongs to the first cycle whose edge is at or after t,
 * and never to one already finished.
 */
#define IMS_TLM_EDGE_PS (IMS_DUT_CLOCK_PS / 2u)

/**
 * struct ims_tlm_cycle - what the ports of the port list carried in one
 * cycle, as the host saw the transactions (for the VCD the harness writes).
 * @cycle: the cycle (its values are drawn at @cycle * IMS_DUT_CLOCK_PS)
 * The rest are the RTL port list's signals of the same names (reg_be and
 * fn_mask: its optional ports); msg_* shows the first message of the cycle.
 */
struct ims_tlm_cycle {
    uint64_t cycle;
    uint8_t rst_n, reg_we, reg_re, reg_ack;
    uint8_t reg_be;             /* a write's byte enables, bit i for byte i */
    uint8_t fn_mask;            /* the fn_mask port (low for a model without it) */
    uint8_t irq_valid, irq_ready, irq_err, irq_pasid_valid;
    uint8_t msg_valid, msg_ready;
    uint32_t reg_addr, reg_wdata, reg_rdata;
    uint32_t irq_index, irq_pasid;
    uint32_t msg_data, msg_index;
    uint64_t msg_addr;
};

/* Called by the host after every cycle (from inside the ops). */
typedef void (*ims_tlm_cycle_fn)(void *arg, const struct ims_tlm_cycle *c);

/*
 * Exported by every shared object tlm_build() makes: elaborate the top
 * module once (the only time in this process), bind it and start the
 * clock at cycle 0, out of reset.  0; -EPROTO when the module lacks a
 * socket or port of the interface or elaboration failed (@err names it);
 * -EBUSY when this process already elaborated; -ENOMEM.  The design's
 * trace op is NULL: the caller writes the VCD from @fn's reports.
 */
typedef int (*ims_tlm_create_fn)(struct ims_dut *out, ims_tlm_cycle_fn fn, void *arg,
                                 char *err, size_t errlen);
#define IMS_TLM_CREATE_SYMBOL "ims_tlm_dut_create"

#ifdef __cplusplus
}
#endif

#endif /* IMSLAB_TLM_IMS_TLM_H */
