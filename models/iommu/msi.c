/* SPDX-License-Identifier: MIT */
/* msi.c - encode and decode x86 MSI messages, both formats (see msi.h). */
#include "msi.h"

#include <errno.h>

static bool base_ok(uint32_t addr_lo)
{
    return ((addr_lo & MSI_ADDR_BASE_MASK) >> MSI_ADDR_BASE_SHIFT) ==
           MSI_ADDR_BASE_VALUE;
}

int msi_compat_decode(const struct msi_msg *m, struct msi_compat *out)
{
    if (!base_ok(m->addr_lo) || msi_is_remappable(m))
        return -EINVAL;
    /* VT-d 5.1.2.1, Figure 5-1; Linux struct x86_msi_addr_lo/_hi/_data */
    out->dest = (m->addr_hi & MSI_ADDR_HI_DEST_MASK) |
                ((m->addr_lo & MSI_ADDR_DEST_MASK) >> MSI_ADDR_DEST_SHIFT);
    out->ext_dest = (uint8_t)((m->addr_lo & MSI_ADDR_EXTDEST_MASK) >>
                              MSI_ADDR_EXTDEST_SHIFT);
    out->rh = (m->addr_lo & MSI_ADDR_RH) != 0;
    out->dest_logical = (m->addr_lo & MSI_ADDR_DM) != 0;
    out->vector = (uint8_t)((m->data & MSI_DATA_VECTOR_MASK) >>
                            MSI_DATA_VECTOR_SHIFT);
    out->dlm = (uint8_t)((m->data & MSI_DATA_DLM_MASK) >> MSI_DATA_DLM_SHIFT);
    out->level_assert = (m->data & MSI_DATA_LEVEL) != 0;
    out->trigger_level = (m->data & MSI_DATA_TRIGGER) != 0;
    return 0;
}

int msi_compat_encode(const struct msi_compat *f, struct msi_msg *m)
{
    if (f->dlm > 7 || f->ext_dest > 0x7f)
        return -EINVAL;
    m->addr_lo = MSI_ADDR_BASE |
                 ((f->dest & 0xffu) << MSI_ADDR_DEST_SHIFT) |
                 ((uint32_t)f->ext_dest << MSI_ADDR_EXTDEST_SHIFT) |
                 (f->rh ? MSI_ADDR_RH : 0) |
                 (f->dest_logical ? MSI_ADDR_DM : 0);
    m->addr_hi = f->dest & MSI_ADDR_HI_DEST_MASK;
    m->data = ((uint32_t)f->vector << MSI_DATA_VECTOR_SHIFT) |
              ((uint32_t)f->dlm << MSI_DATA_DLM_SHIFT) |
              (f->level_assert ? MSI_DATA_LEVEL : 0) |
              (f->trigger_level ? MSI_DATA_TRIGGER : 0);
    return 0;
}

int msi_remap_decode(const struct msi_msg *m, struct msi_remap *out)
{
    if (!base_ok(m->addr_lo) || !msi_is_remappable(m))
        return -EINVAL;
    /* VT-d 5.1.2.2 Table 13: handle[14:0] in 19:5, handle[15] in bit 2 */
    out->handle = (uint16_t)(((m->addr_lo & MSI_ADDR_HANDLE_LO_MASK) >>
                              MSI_ADDR_HANDLE_LO_SHIFT) |
                             ((m->addr_lo & MSI_ADDR_HANDLE_15) ? 0x8000u : 0));
    out->shv = (m->addr_lo & MSI_ADDR_SHV) != 0;
    /* VT-d 5.1.2.2 Table 14 */
    out->subhandle = (uint16_t)(m->data & MSI_DATA_SUBHANDLE_MASK);
    return 0;
}

void msi_remap_encode(const struct msi_remap *f, struct msi_msg *m)
{
    m->addr_lo = MSI_ADDR_BASE | MSI_ADDR_FORMAT |
                 (((uint32_t)f->handle & 0x7fffu) << MSI_ADDR_HANDLE_LO_SHIFT) |
                 ((f->handle & 0x8000u) ? MSI_ADDR_HANDLE_15 : 0) |
                 (f->shv ? MSI_ADDR_SHV : 0);
    m->addr_hi = 0;
    m->data = f->shv ? f->subhandle : 0;
}

uint32_t msi_remap_index(const struct msi_remap *f)
{
    /* VT-d 5.1.3: interrupt_index = handle (+ subhandle when SHV) */
    return (uint32_t)f->handle + (f->shv ? f->subhandle : 0u);
}

bool msi_remap_rsvd(const struct msi_msg *m)
{
    if (m->addr_hi != 0)
        return true;
    return (m->addr_lo & MSI_ADDR_SHV) && (m->data & MSI_DATA_RSVD_MASK);
}
