/* SPDX-License-Identifier: MIT */
/* rpt_internal.h - helpers shared by the report writers (not public API). */
#ifndef IMSLAB_REPORTS_RPT_INTERNAL_H
#define IMSLAB_REPORTS_RPT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "results/results.h"

/* How a text field is made safe for an output format. */
enum rpt__text {
    RPT__TEXT_JSON,  /* invalid UTF-8 -> U+FFFD (jansson refuses it) */
    RPT__TEXT_XML,   /* and characters XML 1.0 forbids (C0 but TAB/LF/CR) -> U+FFFD */
    RPT__TEXT_TERM,  /* invalid UTF-8 and every control character -> '?' */
};

/* Bytes rpt__clean needs for a source of @n bytes (U+FFFD is 3 bytes). */
#define RPT__CLEAN_SIZE(n) (3 * (n) + 1)

/*
 * rpt__clean - copy at most @srcmax bytes of @src (up to its NUL) into
 * @dst, replacing what @mode does not allow.  @dst holds at least
 * RPT__CLEAN_SIZE(@srcmax) bytes.  Returns @dst.
 */
char *rpt__clean(char *dst, const char *src, size_t srcmax, enum rpt__text mode);

/*
 * rpt__json_text - a jansson string of at most @max bytes of @s (NULL is
 * ""), cleaned for JSON; NULL when out of memory.
 */
struct json_t;
struct json_t *rpt__json_text(const char *s, size_t max);

/* Codepoints in a valid UTF-8 string (its width on a terminal, roughly). */
size_t rpt__width(const char *s);

/* JUnit time: seconds with 3 decimals, from nanoseconds (rounded down). */
void rpt__junit_seconds(char *buf, size_t n, uint64_t ns);

/* JUnit timestamp: "YYYY-MM-DDTHH:MM:SS" in UTC (the Ant schema's, no
 * zone).  Return: 0, or -EINVAL for a time gmtime_r() refuses. */
struct timespec;
int rpt__junit_timestamp(char *buf, size_t n, struct timespec t);

/*
 * rpt__html_wave - the HTML report's SVG excerpt of a vendor failure's VCD
 * @vcd (imslab's own format): every signal (up to 48) from 12 cycles before
 * @cycle (at @time_ps; the clock period is @time_ps / @cycle) to 12 after
 * it or the end of the dump, the failure marked (<svg class="chart
 * chart-wave">, one <g class="signal"> per signal, <line class="failure">).
 * Nothing when @vcd cannot be read.
 */
void rpt__html_wave(FILE *f, const char *vcd, const char *rule, uint64_t cycle,
                    uint64_t time_ps);

/* Short outcome class for the matrix: DELIV, FALLBK, FAULT, ... */
const char *rpt__outcome_short(enum hx_outcome o);

/* exits_steady per raised interrupt, rounded half up to 0.1: "0.0", "12.5". */
void rpt__fmt_per_irq(char *buf, size_t size, const struct hx_result *r);

/*
 * IR faults by reason: "f22=5,f26=3", or "f=0" when there are none (matrix);
 * with @long_form "0x22=5,0x26=3", or "none".
 */
void rpt__fmt_faults(char *buf, size_t size, const struct hx_result *r,
                     bool long_form);

/* Latency p50/p99 in us with 2 decimals, "1.83/2.41us", or "-" with no samples. */
void rpt__fmt_latency(char *buf, size_t size, const struct hx_result *r);

/* One-line summary of a scenario (JUnit system-out). */
void rpt__fmt_summary(char *buf, size_t size, const struct hx_result *r);

/* Room for rpt__fmt_faults: HX_IR_FAULT_N "0xNN=<20 digits>," items. */
#define RPT__FAULTS_SIZE (HX_IR_FAULT_N * 26 + 8)
/* Room for rpt__fmt_summary. */
#define RPT__SUMMARY_SIZE (RPT__FAULTS_SIZE + 384)

#endif /* IMSLAB_REPORTS_RPT_INTERNAL_H */
