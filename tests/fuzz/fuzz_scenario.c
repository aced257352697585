/* SPDX-License-Identifier: MIT */
/*
 * fuzz_scenario.c - libFuzzer target: the scenario loader on any bytes.
 * It must return 0 with a scenario or an error with a message
 * "FILE:...: error: ...", never crash, leak or take long (the nesting
 * pre-scan, the node and depth limits).  docs/fuzzing.md.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "harness/runner.h"
#include "harness/scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct hx_scenario *scn = NULL;
    char err[4096];
    int rc;

    rc = hx_scn_load_string("f.yaml", (const char *)data, size, &scn, err, sizeof(err));
    if (rc) {
        if (scn || (rc != -ENOMEM && strncmp(err, "f.yaml:", 7)))
            abort();                /* an error must say where */
        return 0;
    }
    if (!scn)
        abort();
    /* the runner-stage checks on what loaded; a layout path the fuzzer
     * makes up is read with a small limit (/dev/zero, a large file) */
    scn->max_input_bytes = 65536;
    (void)hx_run_check_layouts(scn, err, sizeof(err));
    hx_scn_free(scn);
    return 0;
}
