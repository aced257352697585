/* SPDX-License-Identifier: MIT */
/*
 * runner_internal.h - what the runner's files share: the state of one run
 * (struct run) and the steps that live apart from runner.c (the workload's
 * arrivals and the timed events, runner_workload.c).  Not for use outside
 * harness/runner*.c.
 */
#ifndef IMSLAB_HARNESS_RUNNER_INTERNAL_H
#define IMSLAB_HARNESS_RUNNER_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "harness/evidence.h"
#include "harness/runner.h"
#include "harness/runner_vms.h"
#include "models/cost.h"
#include "models/mem/mem.h"
#include "models/vmm/vmm.h"
#include "sim/rng.h"
#include "sim/sim.h"

struct run;

struct arrival {
    struct run *run;
    uint32_t dev, adi;
    struct sim_rng rng;
    uint64_t mean_ps;
    bool periodic;
    sim_time_t stop;
    sim_time_t unscheduled;     /* an arrival the queue refused (0: none) */
};

struct timed_event {
    struct run *run;
    const struct hx_scn_event *ev;
};

struct run {
    const struct hx_scenario *scn;
    struct sim *sim;
    struct cost_model cm;
    struct mem mem;
    struct ir_unit *ir;
    struct pcie_sink ir_sink;    /* the unit's; devices reach it through
                                  * upstream_write() (runner.c) */
    struct apic_fabric *fab;
    struct pcpu **pcpu;
    struct siov_dev **dev;
    struct ims_dut_store **dutstore;  /* a device's IMS from its layout or
                                       * RTL, or NULL */
    struct vmm *vmm;
    struct vm **vm;
    struct guest **guest;
    unsigned nvm;
    struct vdev **vd;            /* per (assignment, ADI): assign "all" expands */
    uint32_t *vd_assign;         /* the assignment of each */
    uint32_t *vd_adi;            /* its ADI */
    uint32_t nvd;
    struct hx_evidence *ev;
    struct evidence_port port;   /* every model reports to @ev through it */
    struct arrival *arr;
    unsigned narr;
    struct timed_event *tev;
    unsigned probes_pending;
    int probe_err;
    sim_time_t setup_end;
    uint64_t exits_at_start;
    struct vmm_stats vmm_at_start;  /* the VMM's counters at the end of set-up */
    struct vmm_stats vmm_at_stop;   /* and when the workload stopped */
    struct hx_rt_meter rt;          /* retarget cost */
    uint64_t exits_at_stop;
    char *err;
    size_t errlen;
};

/* hx_run__total_exits - every VM exit the VMM counted so far. */
uint64_t hx_run__total_exits(struct run *run);

/*
 * hx_run__start_workload - at the end of set-up: schedule each ADI's
 * arrivals, the timed events and the end of the workload.
 */
void hx_run__start_workload(struct run *run);

/* hx_run__count_unraised - arrivals the event queue refused (RUN-02). */
void hx_run__count_unraised(const struct run *run, struct hx_run_health *h);

#endif /* IMSLAB_HARNESS_RUNNER_INTERNAL_H */
