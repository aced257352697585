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
#include "harness/waves.h"
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

struct rw_window;

struct timed_event {
    struct run *run;
    const struct hx_scn_event *ev;
    /* migrate: when the devices stopped, the counters then, and the
     * guest drivers still re-obtaining pairs */
    sim_time_t t_stop;
    uint64_t exits_at_stop, hypercalls_at_stop;
    unsigned left;
    bool done;
    struct rw_window *rw;       /* guest_rewrite: its torn-pair window */
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
    struct hx_waves *waves;      /* --vcd: the run's waveform, or NULL */
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
    struct hx_migration mig;        /* migrations (runner_workload.c) */
    uint64_t mig_downtime_sum_ns;
    struct hx_rewrite rw;           /* guest_rewrite events (runner_workload.c) */
    uint64_t exits_at_stop;
    struct hx_rqmeter *rq;          /* request loops (NULL: none) */
    bool rq_failed;                 /* a loop could not be added */
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

/* hx_run__migration_finish - the run's migrations (scenario events migrate). */
void hx_run__migration_finish(struct run *run, struct hx_migration *out);

/* hx_run__rewrite_free - free what the guest_rewrite windows kept. */
void hx_run__rewrite_free(struct run *run);

/* hx_run__count_unraised - arrivals the event queue refused (RUN-02). */
void hx_run__count_unraised(const struct run *run, struct hx_run_health *h);

/*
 * The request loops (runner_reqloop.c): hx_run__rq_init() before the VMs
 * are built (no meter when no workload is a request loop; every other
 * function is then a no-op), hx_run__rq_vm() whether VM @vm runs one,
 * hx_run__rq_start() at the end of set-up @s, the evidence of handler
 * entries and completions, hx_run__rq_collect() after hx_collect_vms()
 * (also the CPU cost of interrupts, for every run), hx_run__rq_free().
 */
int hx_run__rq_init(struct run *run);
bool hx_run__rq_vm(const struct run *run, uint32_t vm);
int hx_run__rq_start(struct run *run, sim_time_t s);
void hx_run__rq_handler(struct run *run, int vm, unsigned cpu,
                        const struct irq_tag *tags, size_t n);
void hx_run__rq_complete(struct run *run, int vm, unsigned cpu,
                         const sim_time_t *submitted, size_t n);
int hx_run__rq_collect(struct run *run, struct hx_result *r);
void hx_run__rq_free(struct run *run);

/*
 * hx_run__baseline - with scenario baseline: bare, run the same devices,
 * assignments, workload and @seed on bare metal in a child process (before
 * this process creates its own kernel: the SystemC kernel is one per
 * process) and give its requests_per_s in *@per_s (left alone without).
 * Return: 0, or a negative errno with a message in @err.
 */
int hx_run__baseline(const struct hx_scenario *scn, const struct hx_run_opts *opts,
                     uint64_t seed, uint64_t *per_s, char *err, size_t errlen);

#endif /* IMSLAB_HARNESS_RUNNER_INTERNAL_H */
