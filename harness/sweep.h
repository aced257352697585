/* SPDX-License-Identifier: MIT */
/*
 * sweep.h - one scenario expanded over parameter ranges (docs/sweep.md).
 *
 * A sweep file starts with "imslab-sweep: 1" and names a scenario file and
 * up to %HX_SWEEP_MAX_AXES axes, each a key of that scenario ("seed",
 * "workload[0].rate_hz", "vmm.msix") with a list of values or an integer
 * range.  Every combination of values (the last axis varying fastest) is
 * one case: the scenario's tree with those values set, composed to YAML
 * with the matrix registry's machinery (matrix_tree.h) and loaded with
 * hx_scn_load_string(), so a case is validated exactly like a scenario
 * file.  A case is named NAME-AXISVALUE-AXISVALUE... ("trap-rate100000-
 * seed2").  Every error is one message
 *
 *     FILE:LINE:COLUMN: error: MESSAGE
 *
 * in the sweep file (its own keys, or a case's error caused by a value it
 * set) or in the scenario file (a case's error at a key the sweep did not
 * set), naming the case.
 */
#ifndef IMSLAB_HARNESS_SWEEP_H
#define IMSLAB_HARNESS_SWEEP_H

#include <stdbool.h>
#include <stddef.h>

#include "harness/scenario.h"

#define HX_SWEEP_FORMAT_VERSION 1
#define HX_SWEEP_MAX_AXES 8
#define HX_SWEEP_MAX_CASES 4096

/**
 * struct hx_sweep_case - one case of a sweep.
 * @name:   the scenario's name
 * @params: the values it sets, "rate=100000 seed=2"
 */
struct hx_sweep_case {
    char name[HX_SCN_NAME_LEN];
    char params[256];
};

struct hx_sweep;

/** hx_sweep_is_sweep - does the YAML @yaml start a sweep file? */
bool hx_sweep_is_sweep(const char *yaml, size_t len);

/**
 * hx_sweep_load_string - load and check a sweep held in memory, then
 * compose and load every case.
 * @name_for_errors: FILE of the messages; the scenario path resolves
 *                   against its directory
 * @yaml: the text (need not be NUL-terminated)
 * @len: its length
 * @max_input: the input limit for the scenario file (0: the default)
 * @out: set to the sweep (free with hx_sweep_free()), NULL on failure
 * @err: buffer for the message (no trailing newline); may be NULL
 * @errlen: size of @err
 *
 * Return: 0; -EINVAL (message in @err); another negative errno (the
 * scenario file unreadable, out of memory; message in @err).
 */
int hx_sweep_load_string(const char *name_for_errors, const char *yaml, size_t len,
                         size_t max_input, struct hx_sweep **out, char *err,
                         size_t errlen);

/** hx_sweep_ncases - the number of cases. */
size_t hx_sweep_ncases(const struct hx_sweep *w);

/** hx_sweep_case - case @i (0 .. ncases - 1). */
const struct hx_sweep_case *hx_sweep_case(const struct hx_sweep *w, size_t i);

/**
 * hx_sweep_take - case @i's scenario, handed over to the caller (free
 * with hx_scn_free()); NULL when already taken.
 */
struct hx_scenario *hx_sweep_take(struct hx_sweep *w, size_t i);

/**
 * hx_sweep_text - case @i's scenario as YAML (a malloc'ed, NUL-terminated
 * string in *@text; free() it): the text that was loaded.
 * Return: 0 or -ENOMEM.
 */
int hx_sweep_text(const struct hx_sweep *w, size_t i, char **text);

/** hx_sweep_free - free @w and the scenarios not taken. */
void hx_sweep_free(struct hx_sweep *w);

#endif /* IMSLAB_HARNESS_SWEEP_H */
