/* SPDX-License-Identifier: MIT */
/*
 * layout.h - loading IMS layout descriptors (YAML, format v1) into struct
 * ims_layout (models/siov/ims_layout.h).  The format is documented in
 * docs/vendor-guide.md, "Layout descriptors".
 *
 * Every error is one line "FILE:LINE:COLUMN: error: MESSAGE" naming the
 * offending node; the command line turns it into exit status 2.
 */
#ifndef IMSLAB_HARNESS_LAYOUT_H
#define IMSLAB_HARNESS_LAYOUT_H

#include <stddef.h>

#include "models/siov/ims_layout.h"

/* The descriptor format version this imslab reads (key imslab-layout). */
#define HX_LAYOUT_FORMAT_VERSION 1

/**
 * hx_layout_load - read and validate the descriptor at @path.
 * @path: the file
 * @out: receives the layout (untouched on error)
 * @err: receives the message on error (may be NULL)
 * @errlen: its size
 *
 * Return: 0; -EINVAL (bad descriptor, message in @err); -ENOMEM; the
 * negative errno of a file that cannot be read ("PATH: error: cannot
 * read: ...").
 */
int hx_layout_load(const char *path, struct ims_layout *out, char *err,
                   size_t errlen);

/**
 * hx_layout_load_max - hx_layout_load() with the input limit @max_bytes
 * (0: %HX_INPUT_MAX_DEFAULT of harness/scenario.h); a larger file is
 * -EFBIG ("PATH: error: larger than the input limit ...").
 */
int hx_layout_load_max(const char *path, size_t max_bytes,
                       struct ims_layout *out, char *err, size_t errlen);

/**
 * hx_layout_load_string - as hx_layout_load() on text in memory.
 * @name_for_errors: the FILE of error messages
 * @yaml: the text (need not be NUL-terminated)
 * @len: its length
 * @out: receives the layout
 * @err: receives the message on error (may be NULL)
 * @errlen: its size
 *
 * Return: as hx_layout_load().
 */
int hx_layout_load_string(const char *name_for_errors, const char *yaml,
                          size_t len, struct ims_layout *out, char *err,
                          size_t errlen);

#endif /* IMSLAB_HARNESS_LAYOUT_H */
