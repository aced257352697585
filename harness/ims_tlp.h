/* SPDX-License-Identifier: MIT */
/*
 * ims_tlp.h - decode and check a message a design emitted as a PCIe
 * memory-write TLP (message_form: tlp; docs/vendor-guide.md, "Message as a
 * PCIe memory-write TLP").
 */
#ifndef IMSLAB_HARNESS_IMS_TLP_H
#define IMSLAB_HARNESS_IMS_TLP_H

#include <stddef.h>
#include <stdint.h>

#include "models/siov/ims_dut.h"

/*
 * hx_tlp_decode - fill @m's addr, data and len from its TLP (m->tlp set;
 * a plain message is left alone) and check every header field: Fmt/Type a
 * memory write with data (3DW 0x40 below 4 GiB, 4DW 0x60 at or above it),
 * TD and EP clear, Length 1 DW, First DW BE 0xF, Last DW BE 0x0, Requester
 * ID @requester_id, address bits 1:0 zero.  Returns NULL when all hold,
 * else the first that does not, written to @why (@n bytes).
 */
const char *hx_tlp_decode(struct ims_dut_msg *m, uint32_t requester_id, char *why, size_t n);

#endif
