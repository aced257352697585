/* SPDX-License-Identifier: MIT */
/*
 * progress.h - the progress line of `imslab run` on a terminal.
 *
 * When the stream is a terminal and the run has taken a second, one line
 * "imslab run: D/T scenarios, R/s, M:SS left" is drawn and redrawn in
 * place (carriage return, erase to the end of the line), and erased at
 * the end, so what follows (the matrix) starts on a clean line.  On
 * anything but a terminal nothing is written, ever.
 */
#ifndef IMSLAB_CLI_PROGRESS_H
#define IMSLAB_CLI_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Delay before the line first appears, and between redraws.  The
 * environment variable IMSLAB_PROGRESS_AFTER_MS overrides the first (the
 * tests use 0, so that they never depend on how fast the machine is). */
#define HX_PROGRESS_AFTER_NS 1000000000u
#define HX_PROGRESS_EVERY_NS 250000000u

/**
 * struct hx_progress - one run's progress line.
 * @f:     the stream (stderr)
 * @on:    @f is a terminal
 * @shown: the line is on the screen
 * @t0_ns: start (CLOCK_MONOTONIC)
 * @after_ns: delay before the line first appears
 * @last_ns: last redraw
 * @total: scenarios in the run
 * @who:   the command, "imslab vendor" (hx_progress_build(); NULL: "imslab")
 */
struct hx_progress {
    const char *who;
    FILE *f;
    bool on, shown;
    uint64_t t0_ns, last_ns, after_ns;
    size_t total;
};

/** hx_progress_start - start timing a run of @total scenarios on @f. */
void hx_progress_start(struct hx_progress *p, FILE *f, size_t total);

/**
 * hx_progress_update - @done scenarios have finished: draw the line if the
 * run has taken %HX_PROGRESS_AFTER_NS and the last draw is
 * %HX_PROGRESS_EVERY_NS old.
 */
void hx_progress_update(struct hx_progress *p, size_t done);

/**
 * hx_progress_build - the rtl_progress_fn (models/rtl/rtl.h) of a command
 * that builds RTL (run, check, vendor): while Verilator runs on a cache
 * miss, once the build has taken %HX_PROGRESS_AFTER_NS (or
 * IMSLAB_PROGRESS_AFTER_MS), draws "WHO: building RTL top 'TOP': PHASE, N s"
 * in place on @ctx's stream every %HX_PROGRESS_EVERY_NS when it is a
 * terminal, and erases it when the build ends (@phase NULL); nothing on
 * anything but a terminal.
 * @ctx: a struct hx_progress set up by hx_progress_start(), @who set
 */
void hx_progress_build(void *ctx, const char *top, const char *phase, uint64_t elapsed_ns);

/** hx_progress_end - erase the line if it was drawn. */
void hx_progress_end(struct hx_progress *p);

/**
 * hx_progress_format - the line's text for @done of @total after
 * @elapsed_ns: "D/T scenarios, R/s, M:SS left" (R with one decimal; "--:--
 * left" before the first one finished).
 */
void hx_progress_format(char *buf, size_t n, size_t done, size_t total,
                        uint64_t elapsed_ns);

#endif /* IMSLAB_CLI_PROGRESS_H */
