/* SPDX-License-Identifier: MIT */
/*
 * ims_tlp.c - the decoder of the TLP message form (ims_tlp.h).  Header
 * layout as PCIe Base 6.0 s.2.2.1-2.2.2 (DW0: Fmt[31:29] Type[28:24]
 * TD[15] EP[14] Length[9:0]; DW1 of a request: Requester ID[31:16] Tag[15:8]
 * Last DW BE[7:4] First DW BE[3:0]; then the address, 32 or 64 bits, its
 * bits 1:0 reserved, s.2.2.4.1).
 */
#include "harness/ims_tlp.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>

#define TLP_MWR32 0x40u     /* Fmt 010 (3DW, with data), Type 0 0000 */
#define TLP_MWR64 0x60u     /* Fmt 011 (4DW, with data) */

const char *hx_tlp_decode(struct ims_dut_msg *m, uint32_t requester_id, char *why, size_t n)
{
    uint32_t dw0, dw1, ft, len, fbe, lbe, rid, lo;
    uint64_t hi = 0;
    bool four;

    if (!m->tlp)
        return NULL;
    dw0 = m->hdr[0];
    dw1 = m->hdr[1];
    ft = dw0 >> 24;
    four = ft == TLP_MWR64;
    lo = four ? m->hdr[3] : m->hdr[2];
    if (four)
        hi = m->hdr[2];
    m->addr = hi << 32 | (lo & ~UINT32_C(3));
    m->data = m->payload;
    len = dw0 & 0x3ffu;
    m->len = (len ? len : 1024u) * 4u;
    fbe = dw1 & 0xfu;
    lbe = dw1 >> 4 & 0xfu;
    rid = dw1 >> 16;
    if (ft != TLP_MWR32 && ft != TLP_MWR64)
        snprintf(why, n, "Fmt/Type 0x%02" PRIx32 ", not a memory write (0x40 3DW, 0x60 4DW)",
                 ft);
    else if (four && hi == 0)
        snprintf(why, n, "a 4DW header for address 0x%" PRIx64 ", below 4 GiB (3DW required)",
                 m->addr);
    else if (!four && m->hdr[3] != 0)
        snprintf(why, n, "a 3DW header with header DW3 0x%08" PRIx32 " driven (expected 0)",
                 m->hdr[3]);
    else if (dw0 >> 15 & 1u)
        snprintf(why, n, "TD set: a digest announced, none sent");
    else if (dw0 >> 14 & 1u)
        snprintf(why, n, "EP set: the write is poisoned");
    else if (len != 1)
        snprintf(why, n, "Length %" PRIu32 " DW, expected 1", len ? len : 1024u);
    else if (fbe != 0xfu)
        snprintf(why, n, "First DW BE 0x%" PRIx32 ", expected 0xf", fbe);
    else if (lbe != 0)
        snprintf(why, n, "Last DW BE 0x%" PRIx32 ", expected 0x0 (a 1-DW write)", lbe);
    else if (rid != requester_id)
        snprintf(why, n, "Requester ID 0x%04" PRIx32 ", expected 0x%04" PRIx32
                 " (the descriptor's requester_id)", rid, requester_id);
    else if (lo & 3u)
        snprintf(why, n, "address bits 1:0 = %" PRIu32 ", reserved (must be 0)", lo & 3u);
    else
        return NULL;
    return why;
}
