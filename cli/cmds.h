/* SPDX-License-Identifier: MIT */
/*
 * cmds.h - the imslab subcommands.  Each takes argc/argv after the command
 * name and returns the process exit status: 0 all as expected, 1 an
 * expectation failed, 2 bad input or usage (../shared/design.md, interface 4).
 */
#ifndef IMSLAB_HARNESS_CMDS_H
#define IMSLAB_HARNESS_CMDS_H

#include <stddef.h>
#include <stdint.h>

#define HX_EXIT_OK 0
#define HX_EXIT_FAIL 1
#define HX_EXIT_USAGE 2

int hx_cmd_check(int argc, char **argv);
int hx_cmd_selfcheck(int argc, char **argv);
int hx_cmd_trace_list(int argc, char **argv);
int hx_cmd_costs(int argc, char **argv);
int hx_cmd_run(int argc, char **argv);
int hx_cmd_list(int argc, char **argv);
int hx_cmd_vendor(int argc, char **argv);
int hx_cmd_merge(int argc, char **argv);
int hx_cmd_sweep(int argc, char **argv);
int hx_cmd_diff(int argc, char **argv);
int hx_cmd_report(int argc, char **argv);

/**
 * hx_report_html - write @dir/report.html from @dir/results.json.
 * @rules_url: where rule IDs link (NULL: the rules catalog)
 * Return: 0 or a negative errno (message printed).
 */
int hx_report_html(const char *dir, const char *rules_url);

struct rpt_wall;

/* hx_mono_ns - CLOCK_MONOTONIC in nanoseconds (wall times are differences). */
uint64_t hx_mono_ns(void);

/* hx_wall_start - @w: start now (CLOCK_REALTIME), this host's name, ns 0. */
void hx_wall_start(struct rpt_wall *w);

/**
 * hx_data_path - @rel ("scenarios", "layouts/ref.yaml", ...) in the data
 * folder: BINDIR/../share/imslab when this binary is installed (that folder
 * has scenarios/), else the source tree it was built from.
 */
void hx_data_path(char *buf, size_t n, const char *rel);

/* hx_data_root - that data folder itself (no trailing '/'). */
void hx_data_root(char *buf, size_t n);

#endif /* IMSLAB_HARNESS_CMDS_H */
