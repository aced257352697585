/* SPDX-License-Identifier: MIT */
/* rtl_ref_none.c - the reference RTL table when the build has no Verilator. */
#include "models/rtl/rtl.h"

#include <errno.h>

bool rtl_ref_available(void)
{
    return false;
}

int rtl_ref_create(uint32_t entries, struct ims_dut *out)
{
    (void)entries;
    (void)out;
    return -ENOTSUP;
}
