/* SPDX-License-Identifier: MIT */
/*
 * vcd.h - a small Value Change Dump (IEEE 1364-2005 section 18) writer for
 * port-level waveforms of IMS designs (the behavioral model's trace(), the
 * IMS conformance rules).
 *
 * Use: rpt_vcd_open(), rpt_vcd_add() for every signal, rpt_vcd_begin()
 * (header and initial values), then per time step rpt_vcd_set() on the
 * signals that may have changed and rpt_vcd_step() to write the changes
 * at that time, then rpt_vcd_close().  Only changes are written.
 *
 * This file has no dependency beyond libc, and it is built into the models
 * library (see CMakeLists.txt) so that a model's trace() can use it: the
 * one exception to "models/ never includes reports/".
 */
#ifndef IMSLAB_REPORTS_VCD_H
#define IMSLAB_REPORTS_VCD_H

#include <stdint.h>
#include <stdio.h>

/* At most this many signals per file, each at most 64 bits wide. */
#define RPT_VCD_MAX_SIGNALS 64
#define RPT_VCD_MAX_WIDTH 64

struct rpt_vcd;

/**
 * rpt_vcd_open - create @path and start a VCD.
 * @out: receives the writer
 * @path: the file (truncated)
 * @timescale: e.g. "1ns"
 * @scope: the module scope name, e.g. "ims"
 *
 * Return: 0, -EINVAL, -ENOMEM, or the negative errno of fopen().
 */
int rpt_vcd_open(struct rpt_vcd **out, const char *path, const char *timescale,
                 const char *scope);

/**
 * rpt_vcd_open_stream - as rpt_vcd_open() on an open stream (not closed
 * by rpt_vcd_close()).
 */
int rpt_vcd_open_stream(struct rpt_vcd **out, FILE *f, const char *timescale,
                        const char *scope);

/**
 * rpt_vcd_add - declare a wire before rpt_vcd_begin().
 * @v: the writer
 * @name: signal name (copied; [A-Za-z0-9_] only)
 * @width: 1..64 bits
 *
 * Return: the signal's handle (>= 0), or -EINVAL (bad name or width, too
 * many signals, or after rpt_vcd_begin()).
 */
int rpt_vcd_add(struct rpt_vcd *v, const char *name, unsigned width);

/**
 * rpt_vcd_begin - write the header and the initial values (all signals 0
 * unless set before) at time 0.
 * Return: 0, or -EIO when the file cannot be written.
 */
int rpt_vcd_begin(struct rpt_vcd *v);

/** rpt_vcd_set - the value @sig has from the next rpt_vcd_step() on. */
void rpt_vcd_set(struct rpt_vcd *v, int sig, uint64_t val);

/**
 * rpt_vcd_step - write "#@t" and every signal that changed since the last
 * step (nothing when none did).  @t must not go backwards.
 * Return: 0, -EINVAL (time went backwards), -EIO.
 */
int rpt_vcd_step(struct rpt_vcd *v, uint64_t t);

/**
 * rpt_vcd_close - flush, close the file (rpt_vcd_open()) and free @v.
 * Return: 0, or -EIO when anything could not be written.
 */
int rpt_vcd_close(struct rpt_vcd *v);

#endif /* IMSLAB_REPORTS_VCD_H */
