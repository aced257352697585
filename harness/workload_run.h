/* SPDX-License-Identifier: MIT */
/*
 * workload_run.h - the kernel's reference workload (sim/workload.h) run in
 * a child process of its own, timed; shared by `imslab selfcheck`, the
 * determinism test and bench/kernel.
 */
#ifndef IMSLAB_HARNESS_WORKLOAD_RUN_H
#define IMSLAB_HARNESS_WORKLOAD_RUN_H

#include <stdint.h>

#include "sim/sim.h"
#include "sim/workload.h"

/**
 * struct hx_wl_run - what one isolated run produced.
 * @rc: 0, or the negative errno of sim_create()/sim_workload_run()
 * @res: the workload's result (events, trace hash, end time, order errors)
 * @seconds: wall time of sim_workload_run() alone
 * @cpu_seconds: CPU time of the same
 * @maxrss_kb: the child's peak resident set
 */
struct hx_wl_run {
    int rc;
    struct sim_workload_result res;
    double seconds;
    double cpu_seconds;
    long maxrss_kb;
};

/**
 * hx_workload_isolated - run the workload on @backend with @seed in a
 * forked child (SystemC runs one simulation per process).
 * Return: 0 when the child ran (see @out->rc), or a negative errno from
 * hx_isolate().
 */
int hx_workload_isolated(enum sim_backend backend, uint64_t seed,
                         const struct sim_workload_cfg *cfg, struct hx_wl_run *out);

/**
 * hx_parse_u64 - parse a command-line number (decimal or 0x hex, as in
 * scenario files: a leading zero is refused, never octal) within
 * [@min, @max]; on error print "PROG: FLAG: ..." to stderr.
 * Return: 0 or -EINVAL.
 */
int hx_parse_u64(const char *prog, const char *flag, const char *s, uint64_t min,
                 uint64_t max, uint64_t *v);

#endif /* IMSLAB_HARNESS_WORKLOAD_RUN_H */
