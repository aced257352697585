/* SPDX-License-Identifier: MIT */
/*
 * results.h - the one results structure.
 *
 * A run of one scenario fills one struct hx_result from the evidence the
 * models produced (interrupts raised with their ground-truth tag, handler
 * entries with what the guest believed fired, IOMMU fault records, VMM
 * counters).  Checks and report writers read this structure only, never
 * model internals (../shared/design.md, "Rules of the house").
 *
 * Every field that goes into the results JSON is computed by the
 * simulation; wall-clock time and host details go to the run-info file.
 */
#ifndef IMSLAB_RESULTS_RESULTS_H
#define IMSLAB_RESULTS_RESULTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "models/bus.h"

#define HX_RESULTS_SCHEMA "imslab.results/2"

/* Per-interrupt outcome (design.md "Outcomes per interrupt"). */
enum hx_irq_fate {
    HX_FATE_PENDING = 0,  /* raised, nothing seen yet (becomes LOST at the end) */
    HX_FATE_DELIVERED,    /* the right VM, vCPU and vector; the guest named the right IRQ */
    HX_FATE_MISROUTED,    /* arrived somewhere else, or the guest named another IRQ */
    HX_FATE_FAULTED,      /* blocked by interrupt remapping; reason known */
    HX_FATE_LOST,         /* never arrived, no fault recorded */
    HX_FATE_REFUSED,      /* the device refused to send it (e.g. PASID mismatch) */
    HX_FATE_LEAKED,       /* arrived in another VM than its ADI's */
    HX_FATE__COUNT
};

/* Scenario-level outcome class (one matrix cell). */
enum hx_outcome {
    HX_OUT_NONE = 0,          /* nothing was raised */
    HX_OUT_DELIVERED,         /* every interrupt delivered, by the way asked for */
    HX_OUT_REFUSED_FALLBACK,  /* IMS refused (-EOPNOTSUPP), MSI-X fallback delivered all */
    HX_OUT_MISROUTED,
    HX_OUT_FAULTED,
    HX_OUT_LOST,
    HX_OUT_SILENT_FAILURE,    /* the guest was told IMS works, and it did not */
    HX_OUT_NOT_EMULATABLE,    /* emulation was asked for a device no plugin can emulate */
    HX_OUT_MIXED,             /* several failure kinds, none dominant */
    HX_OUT_NO_PAIR,           /* every interrupt raised arrived, but an entry
                                 the driver asked a pair for got none */
    HX_OUT_LEAKED,            /* interrupts arrived in another VM than their ADI's */
    HX_OUT__COUNT
};

const char *hx_outcome_name(enum hx_outcome o);
int hx_outcome_parse(const char *s, enum hx_outcome *out);
const char *hx_fate_name(enum hx_irq_fate f);

/*
 * VT-d interrupt-remapping fault reasons counted by reason (VT-d 5.1.4.1
 * Table 15; models/iommu/ir.h enum ir_fault): 0x20-0x26 of every revision,
 * and 0x27 (PID access error), 0x28 (PID reserved bits) and 0x29 (a window
 * write that is not a valid interrupt request) of later ones.  The results
 * JSON always lists 0x20 .. HX_IR_FAULT_ALWAYS_LAST and the later reasons
 * only when their count is not 0, so files without them read as before.
 */
#define HX_IR_FAULT_FIRST 0x20
#define HX_IR_FAULT_LAST 0x29
#define HX_IR_FAULT_ALWAYS_LAST 0x26
#define HX_IR_FAULT_N (HX_IR_FAULT_LAST - HX_IR_FAULT_FIRST + 1)

/* VM exit reasons counted by the VMM. */
enum hx_exit_reason {
    HX_EXIT_MMIO = 0,     /* trapped MMIO (MSI-X or IMS table, doorbell) */
    HX_EXIT_HYPERCALL,
    HX_EXIT_EXTINT,       /* external interrupt while the vCPU ran */
    HX_EXIT_HLT,
    HX_EXIT_KICK,         /* IPI kick to inject an interrupt */
    HX_EXIT_OTHER,
    HX_EXIT__COUNT
};

const char *hx_exit_name(enum hx_exit_reason r);

struct hx_latency {
    uint64_t n;
    uint64_t p50_ns, p99_ns, max_ns;
};

/* Latency distribution bins: [2^k, 2^(k+1)) ns (hx_hist_log2()). */
#define HX_LATENCY_BINS 32

/*
 * The set-up: from the start of the run, when the guests' drivers begin to
 * probe, to the end of set-up, when every probe is done and the interrupts
 * are deliverable: its simulated time, the VM exits, hypercalls, IEC
 * invalidations and KVM route commits it took.
 */
struct hx_setup {
    uint64_t time_ns;
    uint64_t exits, hypercalls, iec_flushes, route_commits;
};

/*
 * What the vCPUs did, summed over every VM of the run (docs/scheduling.md):
 * preemptions by the scheduler, wakeups from HLT and their latency (wakeup
 * to guest mode), halt polls and those an interrupt ended, time runnable in
 * a run queue.  All 0 on a run where no vCPU was preempted, woken or polled.
 */
struct hx_vcpu_dyn {
    uint64_t preemptions;
    uint64_t wakeups;
    uint64_t wakeup_mean_ns, wakeup_max_ns;
    uint64_t halt_polls, halt_poll_hits;
    uint64_t runqueue_wait_ns;
};

/*
 * What handling interrupts cost the CPUs they ran on (docs/request-loop.md,
 * results JSON "guest_cpu"): in a VM, its vCPUs' time in guest handlers,
 * in posted-interrupt processing in guest mode, and out of guest mode in
 * the exits interrupts cause (external interrupt, kick, EOI without APICv)
 * up to the VM entry after each; on bare metal, the host handlers' time.
 * @per_irq_ns: @lost_ns over the delivered interrupts (0 when none).
 */
struct hx_cpu_cost {
    uint64_t lost_ns;
    uint64_t per_irq_ns;
};

/*
 * The request loops of a run (workload arrivals: request-loop; results
 * JSON "requests"): requests the applications saw completed, that count
 * per simulated second of duration_us, and the latency from submission,
 * and from the raise of the interrupt that reported it, to the
 * application seeing the completion.
 * @vs_bare_milli: throughput as a share of the same workload on bare
 *                 metal, in thousandths (scenario baseline: bare; 0: no
 *                 baseline run)
 */
struct hx_requests {
    uint64_t submitted, completed;
    uint64_t per_s;
    struct hx_latency latency;
    struct hx_latency raise_to_app;
    uint64_t vs_bare_milli;
};

/*
 * How interrupts reached the vCPUs outside posting, and KVM's irqbypass
 * decisions, over the whole run (docs/results-schema.md, "irq_path"): host
 * interrupts handled for a guest, eventfd signals and irqfd wakeups
 * (KVM's non-posted path), kick IPIs (an exit each, without APICv) and
 * notification IPIs (APICv injection) sent to vCPUs; producer/consumer
 * connections, later routing updates, the decisions that installed a
 * posted or left a remapped IRTE, and the updates that switched the mode.
 * All 0 on a run without a guest interrupt outside posting or KVM route.
 */
struct hx_irq_path {
    uint64_t host_irqs, eventfd_signals, irqfd_wakeups, kicks, pi_ipis;
    uint64_t bypass_connects, bypass_updates, bypass_posted, bypass_remapped,
        bypass_switches;
};

/*
 * What the guests read of their platform at boot (docs/discovery.md): the
 * CPUID instructions they executed and their reads of the vIOMMU's
 * capability registers, each a VM exit.  The boot is not simulated in
 * time: these exits are not in exits, exits_total or the set-up.
 */
struct hx_discovery {
    uint64_t cpuid_exits, iommu_reg_exits;
};

/*
 * One VM of a run with several (docs/results-schema.md, "vms"): its guest
 * policy, the outcome and counts of the raises of the ADIs assigned to it
 * (wherever they arrived; spurious: handler entries in it with no raise
 * behind), their latency, and the VM exits its vCPUs took (external
 * interrupt, kick, HLT, preemption, EOI; the VMM's MMIO and hypercall
 * exits are counted for the whole run only).
 */
#define HX_MAX_VM_RECORDS 8

struct hx_vm_result {
    char name[64];
    char guest[24];
    enum hx_outcome outcome;
    uint64_t raised, delivered, misrouted, leaked, faulted, lost, spurious;
    struct hx_latency latency;
    uint64_t vcpu_exits;
    struct hx_cpu_cost cpu;
    struct hx_requests requests;
};

/*
 * The retargets of a run (scenario events set_affinity): how many affinity
 * changes, how many interrupt moves the models reported for them, and per
 * change, from the event to the report of its last move, the simulated time
 * (mean and max) and the VM exits (summed over the changes); a change with
 * no move reported before the run ended is unfinished and not measured.
 */
struct hx_retarget {
    uint64_t changes, moves;
    uint64_t unfinished;    /* changes with no move reported by the end */
    uint64_t time_ns_mean, time_ns_max;
    uint64_t exits;
};

/*
 * The migrations of a run (scenario events migrate): how many, how many did
 * not finish before the run ended; the interrupts the stopped devices held
 * and raised on the destination; per finished migration, from the
 * devices' stop to their resume, the downtime (mean and max); and, summed
 * over the migrations, the VM exits and hypercalls in that window, the
 * trapped entries the VMM re-made from its shadow and the source's host
 * interrupts released.
 */
struct hx_migration {
    uint64_t migrations, unfinished;
    uint64_t held;
    uint64_t downtime_ns_mean, downtime_ns_max;
    uint64_t exits, hypercalls;
    uint64_t reprograms, frees;
};

/*
 * The live rewrites of a run (scenario events guest_rewrite): how many
 * events, and the messages the device sent while a rewrite was under way
 * whose pair was neither the entry's pair before it nor after it (torn:
 * sampled between the guest's dword writes).
 */
struct hx_rewrite {
    uint64_t rewrites, sent, torn;
};

enum hx_verdict { HX_VERDICT_PASS, HX_VERDICT_FAIL };

struct hx_expect_result {
    char rule[32];
    char metric[32];
    char op[4];
    char expected[32];
    char actual[128];       /* vendor rules: "entry E cycle C: detail" */
    char scope[64];
    enum hx_verdict verdict;
};

#define HX_MAX_EXPECT 32

/**
 * struct hx_result - one scenario's outcome.
 * Plain data with no pointers: text fields are copies, so a result outlives
 * its scenario and crosses from a child process to the runner as bytes.
 */
struct hx_result {
    char name[64];
    char file[256];         /* the scenario or registry file, as the run named it */
    uint64_t seed;          /* the root seed the scenario ran with */
    char personality[16];
    char policy[64];        /* "msix=trap ims=emulate cap=auto viommu=none" */
    char guest[24];
    char device[16];        /* device model of the first assignment */
    char assignment[16];
    char path[24];          /* how the pair was obtained: native, trap, hypercall, fake, ... */
    enum hx_outcome outcome;
    bool ims_used;          /* the guest driver programmed IMS (not MSI-X) */
    bool fallback;          /* IMS domain refused, driver fell back to MSI-X */
    bool cap_advertised;    /* the VMM set the IMS-supported bit */
    char note[128];
    char skipped[192];      /* non-empty: the scenario was not run, and why
                             * (a prerequisite this host lacks); it then has
                             * no expectations and no counts */

    uint64_t raised, delivered, misrouted, faulted, lost, duplicated, spurious,
        refused;
    uint64_t leaked;        /* arrived in another VM than their ADI's */
    uint64_t exits[HX_EXIT__COUNT];
    uint64_t exits_total;
    uint64_t exits_steady;   /* exits while the workload ran (not set-up) */
    uint64_t exits_steady_by[HX_EXIT__COUNT];   /* the same, by reason */
    uint64_t ims_write_traps, msix_write_traps, hypercalls;
    /* of the hypercalls, by operation (VMM-HC-FREE-01) */
    uint64_t hypercalls_alloc, hypercalls_retarget, hypercalls_free;
    /* interrupt handles (idxd int_handles): descriptors completed with
     * 0x19, INTCAUSE revocations the host driver handled, resubmissions */
    uint64_t handle_errors, handle_revocations, resubmits;
    uint64_t pair_failures;  /* entries whose pair could not be obtained */
    /* raises whose message carried a pair the emulating VMM never had in
     * its hands (no trapped access carried it, it composed none such), and
     * what became of them, by enum hx_irq_fate (VMM-EMUL-EVID-01) */
    uint64_t untrapped;
    uint64_t untrapped_fates[HX_FATE__COUNT];
    struct hx_setup setup;
    struct hx_retarget retarget;
    struct hx_migration migration;  /* written only when migrations > 0 */
    struct hx_rewrite rewrite;      /* written only when rewrites > 0 */
    uint64_t ir_faults[HX_IR_FAULT_N];
    uint64_t ir_fault_records;  /* fault records actually logged (FPD aside) */
    uint64_t ir_faults_lost;    /* faults not recorded: overflow (PFO) */
    struct hx_latency latency;
    uint64_t latency_log2[HX_LATENCY_BINS];    /* the distribution, by power of two */
    struct hx_vcpu_dyn vcpus;
    struct hx_cpu_cost cpu;
    struct hx_requests requests;
    struct hx_irq_path irq_path;
    struct hx_discovery discovery;
    struct hx_vm_result vms[HX_MAX_VM_RECORDS];
    size_t n_vms;           /* 0 unless the run had several VMs */
    uint64_t sim_end_ps;
    uint64_t events;
    uint64_t trace_hash;

    struct hx_expect_result expect[HX_MAX_EXPECT];
    size_t n_expect;
    bool expect_failed;
};


/**
 * hx_str_copy - copy @src (NULL: "") into the fixed-size text field @dst of
 * @n bytes, cut to fit and always terminated.
 */
void hx_str_copy(char *dst, size_t n, const char *src);

/**
 * hx_classify - the outcome class of a run from its counts and context.
 * @r: counts filled by hx_ev_finish(), and the flags ims_used, fallback,
 *     cap_advertised
 * @relied_on_cap: the guest used IMS because the VMM advertised the
 *                 IMS-supported bit
 * @not_emulatable: emulation was asked for a device no plugin can emulate
 *
 * Order: nothing raised -> none; a guest that relied on the advertised bit
 * and did not get every interrupt -> silent-failure; not-emulatable; every
 * interrupt delivered -> no-pair when @r->pair_failures (an entry got no
 * pair: the allocation failure shows), else delivered (refused-fallback
 * when the driver fell back to MSI-X); one failure kind only -> that kind (refused counts as
 * lost); otherwise mixed.
 */
enum hx_outcome hx_classify(const struct hx_result *r, bool relied_on_cap,
                            bool not_emulatable);

/**
 * hx_result_metric - a numeric metric by its scenario name
 * ("delivered", "exits_per_irq", "ir_fault_0x22", ...).
 * Return: 0 and *@out, or -ENOENT for an unknown name.
 */
int hx_result_metric(const struct hx_result *r, const char *metric, double *out);

#endif /* IMSLAB_RESULTS_RESULTS_H */
