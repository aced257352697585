/* SPDX-License-Identifier: MIT */
/*
 * runner.h - build the simulated system a scenario describes, run it, and
 * draw its result from the evidence.
 *
 * Time line of a run: set-up (every guest driver probes its devices; the
 * exits and hypercalls this costs are counted) ends at time S when the last
 * probe finished; the workload and the timed events of the scenario are
 * relative to S; the run ends at S + duration + a drain period in which no
 * new interrupt is raised, so that interrupts in flight can land.
 */
#ifndef IMSLAB_HARNESS_RUNNER_H
#define IMSLAB_HARNESS_RUNNER_H

#include <stdint.h>
#include <stdio.h>

#include "results/results.h"
#include "harness/scenario.h"
#include "sim/sim.h"

/* Interrupts in flight after the workload stops get this long to land
 * (plus, on an overcommitted host, the slices a vCPU may wait to run). */
#define HX_DRAIN_PS SIM_US(200)

/* Set-up (every probe done) longer than this is an error: with vCPUs
 * sharing a pCPU the scheduler's slices never let the event queue drain, so
 * a set-up that cannot finish must be bounded in simulated time. */
#define HX_SETUP_MAX_PS SIM_MS(1000)

/**
 * struct hx_run_opts - how to run.
 * @backend: event kernel backend
 * @seed: root seed (overrides the scenario's when @seed_set)
 * @seed_set: use @seed
 * @trace: trace point patterns to print (NULL: none)
 * @trace_out: where printed trace lines go (NULL: stderr)
 * @rtl_cache: build cache of devices with `rtl` (NULL:
 *             rtl_default_cache_dir()); hx_run_build_rtl() fills it
 *             before the run, so the run itself only loads from it
 * @vcd_path: write the run's waveform there, and its GTKWave save file
 *            next to it (harness/waves.h); NULL: none
 * @vcd_max_bytes: the VCD's bound (0: none)
 */
struct hx_run_opts {
    enum sim_backend backend;
    uint64_t seed;
    bool seed_set;
    const char *trace;
    FILE *trace_out;
    const char *rtl_cache;
    const char *vcd_path;
    uint64_t vcd_max_bytes;
};

/**
 * hx_run_scenario - run one loaded scenario in this process.
 * @scn: the scenario
 * @opts: how
 * @r: receives the result (expectations evaluated)
 * @err: receives a message on failure
 * @errlen: its size
 *
 * Return: 0 (the run happened; @r says how it went) or a negative errno
 * when the system could not be built (a message in @err).
 */
int hx_run_scenario(const struct hx_scenario *scn, const struct hx_run_opts *opts,
                    struct hx_result *r, char *err, size_t errlen);

/**
 * hx_run_identity - fill what names @scn's matrix cell in @r (name,
 * personality, policy, guest, device and assignment of the first
 * assignment), as a run does; for a record of a scenario that did not run.
 */
void hx_run_identity(const struct hx_scenario *scn, struct hx_result *r);

/**
 * hx_run_check_layouts - load and check every device's layout descriptor
 * (hx_layout_load()) before anything runs: a device with `layout:` takes
 * its IMS bank from the behavioral model over that descriptor, which needs
 * model idxd, the slot layout the idxd drivers and the VMM's idxd plugin
 * program (docs/devices.md: base 0x2000, stride 16, idxd field positions,
 * no commit field) and as many entries as the device's ims_entries.
 * It also refuses timed events the models cannot carry out yet
 * (revoke_handle, corrupt_irte): -ENOTSUP.  Each message names the key
 * that caused it, from the positions the loader recorded:
 * "SCENARIO:LINE:COLUMN: error: devices[I].layout: ...",
 * "... devices[I].ims_entries: ...", "... events[I].do: ..."; an error
 * inside a descriptor is the descriptor's own "FILE:LINE:COLUMN: error:
 * MESSAGE (layout of device 'NAME' at SCENARIO:LINE:COLUMN)".  Descriptors
 * are read with the scenario's input limit (@scn->max_input_bytes).
 * @scn: the scenario
 * @err: receives the first error
 * @errlen: its size
 *
 * Return: 0, -EINVAL, -ENOTSUP, -EFBIG, -ENOMEM, or the errno of an
 * unreadable file.
 */
int hx_run_check_layouts(const struct hx_scenario *scn, char *err,
                         size_t errlen);

/**
 * hx_run_build_rtl - build every device's RTL before anything runs: a
 * device with `rtl` takes its IMS bank from that design, built with
 * rtl_build() (cached by content: a second build runs no tool) and
 * loaded with rtl_dut_open() in the scenario's own process.  Checks its
 * layout as hx_run_check_layouts() does, except that the descriptor is
 * the design's own register port, which the runner maps at the idxd
 * slots (BAR0 + 0x2000 is the layout's base; stride 16 and the idxd
 * field positions are still required), builds the design, loads it once
 * and checks that its entry count (ENTRIES) is the layout's.
 * @scn: the scenario
 * @cache: the build cache (NULL: rtl_default_cache_dir())
 * @log: progress lines ("building", "from the cache"), or NULL
 * @err: receives the first error: "SCENARIO: error: device 'NAME': rtl:
 *       MESSAGE", with Verilator's own "FILE:LINE:COLUMN" lines when the
 *       design does not verilate, or the layout's error
 * @errlen: its size
 *
 * Return: 0; -ENOENT when Verilator is not installed; -EIO when the design
 * does not build; -EINVAL; -ENOMEM.
 */
int hx_run_build_rtl(const struct hx_scenario *scn, const char *cache,
                     FILE *log, char *err, size_t errlen);

/**
 * typedef hx_scope_fn - the result of one scope of a run.
 * @ctx: the caller's context
 * @device: device index, or %HX_SCN_NONE (every device)
 * @vm: VM index, or %HX_SCN_NONE (every VM); not both %HX_SCN_NONE
 * @out: receives the scope's counts, latency, fault histogram, flags
 *       (ims_used, fallback, cap_advertised) and outcome
 *
 * Return: 0, or a negative errno.
 */
typedef int (*hx_scope_fn)(void *ctx, uint32_t device, uint32_t vm,
                           struct hx_result *out);

/**
 * hx_expect_eval - evaluate the scenario's expectations (fills r->expect,
 * r->n_expect, r->expect_failed).
 * @scn: the scenario
 * @r: the run's result: unscoped expectations are checked against it
 * @scope: computes the result of an expectation's scope (device and/or
 *         VM), which a scoped expectation is checked against; never the
 *         scenario-wide @r.  NULL, an error from it, or a metric that
 *         takes no such scope (hx_scn_metric_scopes()) fail the
 *         expectation with the reason as its actual value.
 * @ctx: for @scope
 */
void hx_expect_eval(const struct hx_scenario *scn, struct hx_result *r,
                    hx_scope_fn scope, void *ctx);

/**
 * struct hx_run_health - what went wrong with the run itself, not the system.
 * @not_raised: workload arrivals never raised because the event queue was
 *              full (sim_schedule_at() refused the next one)
 * @estimated: @not_raised is a mean for Poisson arrivals, exact otherwise
 */
struct hx_run_health {
    uint64_t not_raised;
    bool estimated;
};

/* Offered load at which a cell is overloaded (RUN-03, docs/rules.md). */
#define HX_OVERLOAD_RHO 1.0

/**
 * hx_run_health_rules - append the run's own rules to @r's expectations,
 * each only when it fails (so a healthy run's results are unchanged):
 * RUN-02, arrivals not raised because the event queue filled; RUN-03,
 * overload: the offered load per ADI, rate_hz x p50 latency, is at least
 * %HX_OVERLOAD_RHO: more than one interrupt of an ADI in flight at once,
 * which a real delivery path would queue, so its latency would be
 * dominated by queueing (the models deliver them side by side, and their
 * latency figure does not show it).
 * @scn: the scenario (its workloads' rates)
 * @h:   the run's health
 * @r:   the result (expectations evaluated); expect_failed is set
 */
void hx_run_health_rules(const struct hx_scenario *scn, const struct hx_run_health *h,
                         struct hx_result *r);

#endif /* IMSLAB_HARNESS_RUNNER_H */
