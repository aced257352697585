/* SPDX-License-Identifier: MIT */
/*
 * ims_rules_tlp.c - IMS-R-TLP-01: a design whose descriptor declares
 * message_form: tlp sends each message as a well-formed memory-write TLP
 * (every header field as harness/ims_tlp.h checks it), for an address
 * below 4 GiB (3DW header) and one at or above it (4DW).
 */
#include <inttypes.h>
#include <stdio.h>

#include "harness/ims_rules_int.h"
#include "harness/ims_tlp.h"

int hx_imsr_tlp(struct hx_ims_ctx *c)
{
    uint32_t ents[PICK_MAX];
    size_t k;

    if (c->l->message_form != IMS_FORM_TLP)
        return hx_imsr_skip(c, "the descriptor declares message_form %s, not tlp",
                            ims_form_name(c->l->message_form));
    k = hx_imsr_pick_default(c, ents);
    for (size_t i = 0; i < k && !hx_imsr_failed(c); i++) {
        /* checkpoint 2: an address below 4 GiB; 3: one at or above it */
        for (unsigned high = 0; high < 2 && !hx_imsr_failed(c); high++) {
            uint32_t e = ents[i], data;
            struct ims_dut_msg m;
            const char *bad;
            uint64_t addr;
            char ex[96], why[160];
            int fr;

            if (high && !hx_imsr_has(c, IMS_F_ADDR_HI))
                break;                  /* a 32-bit address field: no 4DW case */
            TRY(hx_imsr_fresh(c));
            hx_imsr_rand_pair(c, &addr, &data);
            addr &= UINT64_C(0xffffffff);
            if (high) {
                uint32_t vm = hx_imsr_vmask(&c->l->field[IMS_F_ADDR_HI]);
                uint32_t hi = (1u + hx_imsr_below(c, 0xfffe)) & vm;

                addr |= (uint64_t)(hi ? hi : vm & -vm) << 32;
            }
            TRY(hx_imsr_program(c, e, addr, data, false));
            TRY(hx_imsr_settle(c, 2));
            c->mb.n = 0;
            TRY(fr = hx_imsr_fire(c, e, 0, false));
            if (fr != IMS_DUT_FIRE_ACCEPTED)
                return hx_imsr_fail(c, 1, e, hx_imsr_dcycle(c), "fire accepted", "fire %s",
                                    hx_imsr_fire_name(fr));
            TRY(hx_imsr_wait_msgs(c, 1, c->o.latency_bound));
            snprintf(ex, sizeof(ex), "a %s memory write of 1 DW to 0x%" PRIx64,
                     high ? "4DW" : "3DW", addr);
            if (c->mb.n == 0)
                return hx_imsr_fail(c, 1, e, hx_imsr_dcycle(c), ex,
                                    "no message within %" PRIu32 " cycles",
                                    c->o.latency_bound);
            m = c->mb.m[0];
            if (!m.tlp)
                return hx_imsr_fail(c, 1, e, hx_imsr_dcycle(c), ex, "a plain message (msg_* port), "
                                    "not a TLP");
            if ((bad = hx_tlp_decode(&m, c->l->requester_id, why, sizeof(why))))
                return hx_imsr_fail(c, 2 + high, e, hx_imsr_dcycle(c), ex, "header 0x%08" PRIx32
                                    " 0x%08" PRIx32 " 0x%08" PRIx32 " 0x%08" PRIx32 ": %s",
                                    m.hdr[0], m.hdr[1], m.hdr[2], m.hdr[3], bad);
            TRY(hx_imsr_set_mask(c, e, true));
        }
    }
    return 0;
}
