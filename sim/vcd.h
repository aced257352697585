/* SPDX-License-Identifier: MIT */
/*
 * vcd.h - a small Value Change Dump (IEEE 1364-2005 section 18) writer for
 * port-level waveforms of IMS designs (the behavioral model's trace(), the
 * IMS conformance rules).
 *
 * Use: sim_vcd_open(), sim_vcd_add() for every signal (sim_vcd_scope()
 * between them starts a further top-level scope), sim_vcd_begin() (header
 * and initial values), then per time step sim_vcd_set() on the signals
 * that may have changed and sim_vcd_step() to write the changes at that
 * time, then sim_vcd_close().  Only changes are written, and a step costs
 * the signals set since the last one, not every signal.  A signal may
 * change twice at one time: set it, step, set it again, step again (both
 * changes are written under the one "#t").
 *
 * sim_vcd_limit() bounds the file: the step that reaches the limit writes
 * a $comment saying so, and nothing is written after it.
 *
 * It lives in sim/ with the other tracing: a model's trace() (the
 * behavioral IMS table) and the harness's scenario waveforms
 * (harness/waves.c) both use it.
 */
#ifndef IMSLAB_SIM_VCD_H
#define IMSLAB_SIM_VCD_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* At most this many signals per file (identifier codes of up to three
 * printable characters), each at most 64 bits wide. */
#define SIM_VCD_MAX_SIGNALS (94 * 94 * 94)
#define SIM_VCD_MAX_WIDTH 64

struct sim_vcd;

/**
 * sim_vcd_open - create @path and start a VCD.
 * @out: receives the writer
 * @path: the file (truncated)
 * @timescale: e.g. "1ns"
 * @scope: the module scope name, e.g. "ims"
 *
 * Return: 0, -EINVAL, -ENOMEM, or the negative errno of fopen().
 */
int sim_vcd_open(struct sim_vcd **out, const char *path, const char *timescale,
                 const char *scope);

/**
 * sim_vcd_open_stream - as sim_vcd_open() on an open stream (not closed
 * by sim_vcd_close()).
 */
int sim_vcd_open_stream(struct sim_vcd **out, FILE *f, const char *timescale,
                        const char *scope);

/**
 * sim_vcd_add - declare a wire before sim_vcd_begin().
 * @v: the writer
 * @name: signal name (copied; [A-Za-z0-9_] only)
 * @width: 1..64 bits
 *
 * Identifier codes are the handle in base 94 over '!'..'~', most
 * significant digit first: handle 0 is "!", 93 is "~", 94 is "\"!".
 *
 * Return: the signal's handle (>= 0), or -EINVAL (bad name or width, too
 * many signals, or after sim_vcd_begin()), -ENOMEM.
 */
int sim_vcd_add(struct sim_vcd *v, const char *name, unsigned width);

/**
 * sim_vcd_scope - close the current scope and open @name, a further
 * top-level scope; the signals added after it belong to it.
 * Return: 0, or -EINVAL (bad name, after sim_vcd_begin()), -ENOMEM.
 */
int sim_vcd_scope(struct sim_vcd *v, const char *name);

/**
 * sim_vcd_comment - a "$comment @text $end" line: before sim_vcd_begin(),
 * in the header (after $timescale, in the order given); after it, at the
 * current time.
 * Return: 0, -ENOMEM, or -EIO.
 */
int sim_vcd_comment(struct sim_vcd *v, const char *text);

/**
 * sim_vcd_limit - stop writing value changes once the file holds
 * @max_bytes (0: no limit).  The step that reaches it writes the changes
 * it has, then "$comment cut: ... $end"; later steps write nothing.
 */
void sim_vcd_limit(struct sim_vcd *v, uint64_t max_bytes);

/** sim_vcd_cut - the limit was reached: the file ends early. */
bool sim_vcd_cut(const struct sim_vcd *v);

/** sim_vcd_bytes - bytes written so far. */
uint64_t sim_vcd_bytes(const struct sim_vcd *v);

/**
 * sim_vcd_begin - write the header and the initial values (all signals 0
 * unless set before) at time 0.
 * Return: 0, or -EIO when the file cannot be written.
 */
int sim_vcd_begin(struct sim_vcd *v);

/** sim_vcd_set - the value @sig has from the next sim_vcd_step() on. */
void sim_vcd_set(struct sim_vcd *v, int sig, uint64_t val);

/** sim_vcd_get - the value @sig has now (as last set). */
uint64_t sim_vcd_get(const struct sim_vcd *v, int sig);

/**
 * sim_vcd_step - write "#@t" and every signal that changed since the last
 * step (nothing when none did).  @t must not go backwards.
 * Return: 0, -EINVAL (time went backwards), -EIO.
 */
int sim_vcd_step(struct sim_vcd *v, uint64_t t);

/**
 * sim_vcd_close - flush, close the file (sim_vcd_open()) and free @v.
 * Return: 0, or -EIO when anything could not be written.
 */
int sim_vcd_close(struct sim_vcd *v);

#endif /* IMSLAB_SIM_VCD_H */
