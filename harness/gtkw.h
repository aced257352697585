/* SPDX-License-Identifier: MIT */
/*
 * gtkw.h - GTKWave save files (.gtkw) for the VCDs imslab writes: the
 * vendor path's failure waveforms (harness/vendor.c) and the waveforms of
 * scenario runs (harness/waves.c).
 *
 * A save file is text: "[*]" comment lines, "[key] value" lines, the zoom
 * and markers ("*ZOOM PRIMARY M1 ... M26"), then the traces shown, each a
 * flags line ("@28" binary, "@22" hex, "@24" decimal) and the signal's
 * name as GTKWave shows it ("scope.name[msb:lsb]"); a group is a pair of
 * "@800200"/"-NAME" and "@1000200"/"-NAME" lines around its traces.
 */
#ifndef IMSLAB_HARNESS_GTKW_H
#define IMSLAB_HARNESS_GTKW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/**
 * hx_gtkw_path - the save file's path for @vcd_path: "X.vcd" gives
 * "X.gtkw".  Return: 0, or -EINVAL (no .vcd suffix, or @len too small).
 */
int hx_gtkw_path(char *out, size_t len, const char *vcd_path);

/**
 * hx_gtkw_head - write the head of a save file.
 * @f: the file
 * @comment: the "[*]" line's text (one line)
 * @dumpfile: the VCD it loads
 * @timestart: the first time shown
 * @zoom: GTKWave's zoom (negative: zoomed out)
 * @marker: the primary marker's time, or -1 for none
 */
void hx_gtkw_head(FILE *f, const char *comment, const char *dumpfile,
                  uint64_t timestart, int zoom, int64_t marker);

/** hx_gtkw_trace - show @name ("scope.name" or "scope.name[msb:lsb]"). */
void hx_gtkw_trace(FILE *f, const char *name, unsigned width, bool decimal);

/** hx_gtkw_group - begin (@end false) or end the group @name. */
void hx_gtkw_group(FILE *f, const char *name, bool end);

#endif /* IMSLAB_HARNESS_GTKW_H */
