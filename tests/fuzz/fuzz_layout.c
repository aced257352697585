/* SPDX-License-Identifier: MIT */
/*
 * fuzz_layout.c - libFuzzer target: the IMS layout descriptor loader on
 * any bytes; a descriptor it accepts must also be accepted by the
 * behavioral model built over it.  docs/fuzzing.md.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "harness/layout.h"
#include "models/siov/ims_behav.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ims_layout l;
    struct ims_dut dut;
    char err[4096];
    int rc;

    rc = hx_layout_load_string("l.yaml", (const char *)data, size, &l, err, sizeof(err));
    if (rc) {
        if (rc != -ENOMEM && strncmp(err, "l.yaml:", 7))
            abort();                /* an error must say where */
        return 0;
    }
    rc = ims_behav_create(&l, &dut);
    if (rc == -EINVAL)
        abort();                    /* the loader let through what the model refuses */
    if (!rc)
        dut.ops->destroy(dut.state);
    return 0;
}
