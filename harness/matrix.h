/* SPDX-License-Identifier: MIT */
/*
 * matrix.h - the seed-matrix registry and the suites built from files.
 *
 * A registry (docs/matrix.md) is one YAML file that starts with
 * "imslab-matrix: 1": a shared scenario body, the axes (rows with their
 * VMM keys, guest policies, columns of device model x assignment), the
 * cells left out, the expectations every cell checks and a table of the
 * outcome class each cell must have.  Loading it checks the registry and
 * expands every cell to a scenario: its YAML text is composed from the
 * body and the cell's axes and loaded with hx_scn_load_string(), so a cell
 * is validated exactly like a scenario file.  Every error, in the
 * registry's own keys or in a composed cell, is one message
 *
 *     REGISTRY:LINE:COLUMN: error: MESSAGE
 *
 * at the registry node responsible (a composed cell's message names the
 * cell).
 *
 * A suite is the list of scenarios `imslab run` runs: scenario files, and
 * the cells of the registries among them.
 */
#ifndef IMSLAB_HARNESS_MATRIX_H
#define IMSLAB_HARNESS_MATRIX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "harness/scenario.h"

#define HX_MATRIX_FORMAT_VERSION 1

/**
 * struct hx_matrix_cell - one cell of a registry.
 * @name: "m-<row>-<guest>-<device>-<assignment>" (the scenario's name)
 * @row: the row's name
 * @guest: the guest policy
 * @device: the column's device model
 * @assignment: the column's assignment
 * @outcome: the outcome class the cell expects (the outcomes table)
 */
struct hx_matrix_cell {
    char name[HX_SCN_NAME_LEN];
    const char *row, *guest, *device, *assignment;
    enum hx_scn_outcome outcome;
};

struct hx_matrix;

/**
 * hx_matrix_load_string - load and check a registry held in memory, and
 * compose and load every cell.
 * @name_for_errors: REGISTRY of the messages; relative paths in the body
 *                   (layouts) resolve against its directory
 * @yaml: the text (need not be NUL-terminated)
 * @len: its length
 * @out: set to the registry (free with hx_matrix_free()), NULL on failure
 * @err: buffer for the message (no trailing newline); may be NULL
 * @errlen: size of @err
 *
 * Return: 0; -EINVAL (message in @err); -ENOMEM.
 */
int hx_matrix_load_string(const char *name_for_errors, const char *yaml,
                          size_t len, struct hx_matrix **out, char *err,
                          size_t errlen);

/**
 * hx_matrix_load - hx_matrix_load_string() on a file.
 * Return: as hx_matrix_load_string(), or the negative errno of a file that
 * cannot be read ("FILE: error: ..." in @err).
 */
int hx_matrix_load(const char *path, struct hx_matrix **out, char *err,
                   size_t errlen);

/** hx_matrix_ncells - the number of cells (excluded ones are not cells). */
size_t hx_matrix_ncells(const struct hx_matrix *m);

/** hx_matrix_cell - cell @i (< hx_matrix_ncells()), in row, guest, column order. */
const struct hx_matrix_cell *hx_matrix_cell(const struct hx_matrix *m, size_t i);

/**
 * hx_matrix_scenario - cell @i's scenario, as loaded at hx_matrix_load*().
 * The registry keeps it; hx_matrix_take() hands it over instead.
 */
const struct hx_scenario *hx_matrix_scenario(const struct hx_matrix *m, size_t i);

/**
 * hx_matrix_take - cell @i's scenario, now owned by the caller (free with
 * hx_scn_free()); NULL when taken before.
 */
struct hx_scenario *hx_matrix_take(struct hx_matrix *m, size_t i);

/**
 * hx_matrix_text - the composed YAML text of cell @i (a scenario file that
 * hx_scn_load_string() loads to the same scenario).
 * @text: set to a malloc'd NUL-terminated string
 * Return: 0 or -ENOMEM.
 */
int hx_matrix_text(const struct hx_matrix *m, size_t i, char **text);

/** hx_matrix_free - free a registry; NULL is allowed. */
void hx_matrix_free(struct hx_matrix *m);

/**
 * hx_matrix_is_registry - whether @yaml is a registry (a mapping whose
 * keys include "imslab-matrix") rather than a scenario file.  Text that is
 * not YAML is not a registry (the scenario loader reports it).
 */
bool hx_matrix_is_registry(const char *yaml, size_t len);

/* ---- suites ------------------------------------------------------------------ */

/**
 * struct hx_suite_entry - one scenario of a suite.
 * @path: the file it comes from
 * @label: @path, or "@path (cell NAME)" for a registry cell or a sweep's
 *         case, for messages
 * @scn: the loaded scenario (owned by the suite)
 * @cell: the registry cell (a copy; its strings live as long as the
 *        suite), or NULL for a scenario file
 */
struct hx_suite_entry {
    char *path;
    char *label;
    struct hx_scenario *scn;
    struct hx_matrix_cell *cell;
};

/**
 * struct hx_suite - scenarios in run order.
 * @v: @n entries
 * @matrices: the registries the cells come from (kept for @v[].cell)
 * @max_input: the input limit for every file the suite reads (0: the
 *             default, %HX_INPUT_MAX_DEFAULT); set before adding files
 */
struct hx_suite {
    struct hx_suite_entry *v;
    size_t n;
    struct hx_matrix **matrices;
    size_t nmatrices;
    size_t max_input;
};

/**
 * hx_suite_add_file - append the scenario of a scenario file, every
 * cell of a registry, or every case of a sweep file (harness/sweep.h), to @s.
 * Return: 0; -EINVAL (message in @err: the file's first error); another
 * negative errno (file unreadable, out of memory; message in @err).
 */
int hx_suite_add_file(struct hx_suite *s, const char *path, char *err,
                      size_t errlen);

/**
 * hx_suite_builtin - the built-in suite: every *.yaml file in @dir, with
 * each registry replaced by its cells, sorted by file name (a cell "m-x"
 * sorts as the file "m-x.yaml" would).  A cell named like a scenario file
 * of @dir is an error.
 * @errs: every error is printed there, one line each (NULL: dropped)
 * Return: 0; -EINVAL after printing the errors of every bad file; -ENOENT
 * (no *.yaml in @dir); another negative errno (@dir unreadable).
 */
int hx_suite_builtin(struct hx_suite *s, const char *dir, FILE *errs);

/**
 * hx_suite_check_unique - refuse two scenarios of one name in @s (JUnit
 * would get two test cases of that name, the matrix two identical tags).
 * @errs: one line per duplicate, naming both files (NULL: dropped)
 * Return: 0, or -EINVAL when a name repeats.
 */
int hx_suite_check_unique(const struct hx_suite *s, FILE *errs);

/** hx_suite_free - free what a suite holds (not @s itself). */
void hx_suite_free(struct hx_suite *s);

#endif /* IMSLAB_HARNESS_MATRIX_H */
