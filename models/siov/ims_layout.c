/* SPDX-License-Identifier: MIT */
/* ims_layout.c - names of layout descriptor fields. */
#include "ims_layout.h"

const char *ims_field_name(enum ims_field_id f)
{
    static const char *const names[IMS_F__COUNT] = {
        [IMS_F_ADDR_LO] = "addr_lo", [IMS_F_ADDR_HI] = "addr_hi",
        [IMS_F_DATA] = "data",       [IMS_F_MASK] = "mask",
        [IMS_F_PASID_EN] = "pasid_en", [IMS_F_PASID] = "pasid",
        [IMS_F_COMMIT] = "commit",
    };

    return (unsigned)f < IMS_F__COUNT ? names[f] : "?";
}
