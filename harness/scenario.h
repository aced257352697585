/* SPDX-License-Identifier: MIT */
/*
 * scenario.h - scenario files (format v1): load, validate, default, free.
 *
 * A scenario file (YAML, docs/scenario-format.md) describes one simulated
 * system and what to expect of it.  hx_scn_load() turns it into a struct
 * hx_scenario that is plain data: every value checked, every default
 * filled in, every reference between sections resolved to an array index.
 * A runner builds the simulation from it without looking at YAML again.
 *
 * Every error (YAML syntax, unknown key, wrong type, bad value, out of
 * range, missing key, duplicate name, dangling reference, inconsistent
 * combination) is returned as exactly one message
 *
 *     FILE:LINE:COLUMN: error: MESSAGE
 *
 * with 1-based line and column of the node responsible, as editors show
 * them.  Nothing is printed; the caller decides (the CLI prints it and
 * exits 2).
 *
 * Conventions of this structure:
 *  - counts are uint32_t; arrays are heap arrays owned by the scenario;
 *  - references to devices and VMs are indexes into devices[] and vms[];
 *  - %HX_SCN_ALL in an ADI or entry field means "every one";
 *  - %HX_SCN_NONE in a device or VM field means "not given".
 */
#ifndef IMSLAB_HARNESS_SCENARIO_H
#define IMSLAB_HARNESS_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "models/cost.h"
#include "models/guest/irqdomain.h"
#include "models/platform.h"
#include "models/siov/siov.h"
#include "models/vmm/vmm.h"

/* ---- limits of format v1 ----------------------------------------------- */

#define HX_SCN_FORMAT_VERSION 1
#define HX_SCN_NAME_LEN 64          /* names and rule IDs: <= 63 chars + NUL */
#define HX_SCN_MAX_PCPUS 256        /* above 255: x2APIC IDs (platform.iommu.eime) */
#define HX_SCN_MAX_DEVICES 16
#define HX_SCN_MAX_VMS 64
#define HX_SCN_MAX_VCPUS 1024       /* per VM */
#define HX_SCN_MAX_VCPUS_TOTAL 1024 /* over all VMs: the VMM's PID area */
#define HX_SCN_MAX_ADIS 64
#define HX_SCN_MAX_VECTORS 64       /* per assignment */
#define HX_SCN_MAX_MSIX 2048
#define HX_SCN_MAX_IMS 65536
#define HX_SCN_MAX_IRT 65536
/* rate_hz: 1 ps between arrivals, the event kernel's resolution */
#define HX_SCN_MAX_RATE_HZ UINT64_C(1000000000000)

/** HX_SCN_ALL - an ADI or entry field meaning "every ADI / every entry". */
#define HX_SCN_ALL UINT32_MAX
/** HX_SCN_NONE - an optional device or VM reference that was not given. */
#define HX_SCN_NONE UINT32_MAX

/*
 * The input limit: no scenario, layout descriptor or registry file larger
 * than this is read (16 MiB; `--max-input-bytes N` raises it).
 */
#define HX_INPUT_MAX_DEFAULT ((size_t)16 << 20)

/* A position in a file, 1-based; line 0: none. */
struct hx_scn_pos {
    uint32_t line, col;
};

/* ---- enumerations (YAML spelling in the comment) ------------------------
 *
 * Only the harness's own: the knobs of the models (VMM personality and
 * policy, IOMMU, guest policy, device model, assignment mode) are the
 * models' enums, spelled by the models' name tables (models/props.h).
 */

enum hx_scn_baseline {
    HX_SCN_BASELINE_NONE,           /* none */
    HX_SCN_BASELINE_BARE,           /* bare */
    HX_SCN_BASELINE__COUNT
};

enum hx_scn_arrivals {
    HX_SCN_ARRIVAL_POISSON,         /* poisson */
    HX_SCN_ARRIVAL_PERIODIC,        /* periodic */
    HX_SCN_ARRIVAL_REQUEST_LOOP,    /* request-loop: the guest's own work */
    HX_SCN_ARRIVAL__COUNT
};

/* events[].delivery: how set_affinity's route to a set of vCPUs delivers */
enum hx_scn_delivery {
    HX_SCN_DELIVERY_FIXED,          /* fixed: one vCPU (vcpu) */
    HX_SCN_DELIVERY_LOWEST,         /* lowest-priority: any one of vcpus */
};

enum hx_scn_event_kind {
    HX_SCN_EV_SET_AFFINITY,         /* set_affinity */
    HX_SCN_EV_MASK,                 /* mask */
    HX_SCN_EV_UNMASK,               /* unmask */
    HX_SCN_EV_VCPU_HALT,            /* vcpu_halt */
    HX_SCN_EV_VCPU_RUN,             /* vcpu_run */
    HX_SCN_EV_VCPU_DESCHEDULE,      /* vcpu_deschedule */
    HX_SCN_EV_REVOKE_HANDLE,        /* revoke_handle */
    HX_SCN_EV_SKIP_IEC_FLUSH,       /* skip_iec_flush */
    HX_SCN_EV_CORRUPT_IRTE,         /* corrupt_irte */
    HX_SCN_EV_DEVICE_RESET,         /* device_reset */
    HX_SCN_EV_DELAY_IEC_FLUSH,      /* delay_iec_flush */
    HX_SCN_EV_VM_TEARDOWN,          /* vm_teardown */
    HX_SCN_EV_STEAL_PAIR,           /* steal_pair */
    HX_SCN_EV_MIGRATE,              /* migrate */
    HX_SCN_EV_GUEST_REWRITE,        /* guest_rewrite */
    HX_SCN_EV_FORGE_HANDLE,         /* forge_handle */
    HX_SCN_EV__COUNT
};

enum hx_scn_metric {
    HX_SCN_METRIC_OUTCOME,          /* outcome (value: enum hx_scn_outcome) */
    HX_SCN_METRIC_RAISED,           /* raised */
    HX_SCN_METRIC_DELIVERED,        /* delivered */
    HX_SCN_METRIC_MISROUTED,        /* misrouted */
    HX_SCN_METRIC_LEAKED,           /* leaked */
    HX_SCN_METRIC_FAULTED,          /* faulted */
    HX_SCN_METRIC_LOST,             /* lost */
    HX_SCN_METRIC_DUPLICATED,       /* duplicated */
    HX_SCN_METRIC_SPURIOUS,         /* spurious */
    HX_SCN_METRIC_EXITS_PER_IRQ,    /* exits_per_irq */
    HX_SCN_METRIC_VM_EXITS,         /* vm_exits */
    HX_SCN_METRIC_IMS_WRITE_TRAPS,  /* ims_write_traps */
    HX_SCN_METRIC_HYPERCALLS,       /* hypercalls */
    HX_SCN_METRIC_IR_FAULTS,        /* ir_faults (all reasons) */
    HX_SCN_METRIC_IR_FAULT_20,      /* ir_fault_0x20 .. */
    HX_SCN_METRIC_IR_FAULT_21,
    HX_SCN_METRIC_IR_FAULT_22,
    HX_SCN_METRIC_IR_FAULT_23,
    HX_SCN_METRIC_IR_FAULT_24,
    HX_SCN_METRIC_IR_FAULT_25,
    HX_SCN_METRIC_IR_FAULT_26,
    HX_SCN_METRIC_IR_FAULT_27,
    HX_SCN_METRIC_IR_FAULT_28,
    HX_SCN_METRIC_IR_FAULT_29,      /* .. ir_fault_0x29 */
    HX_SCN_METRIC_LATENCY_P50_NS,   /* latency_p50_ns */
    HX_SCN_METRIC_LATENCY_P99_NS,   /* latency_p99_ns */
    HX_SCN_METRIC_FALLBACKS,        /* fallbacks */
    HX_SCN_METRIC_HANDLE_ERRORS,    /* handle_errors */
    HX_SCN_METRIC_HANDLE_REVOCATIONS, /* handle_revocations */
    HX_SCN_METRIC_RESUBMITS,        /* resubmits */
    HX_SCN_METRIC_IR_FAULT_RECORDS, /* ir_fault_records */
    HX_SCN_METRIC_IR_FAULTS_LOST,   /* ir_faults_lost */
    HX_SCN_METRIC_PAIR_FAILURES,    /* pair_failures */
    HX_SCN_METRIC_MIGRATIONS,       /* migrations */
    HX_SCN_METRIC_MIGRATION_HELD,   /* migration_held */
    HX_SCN_METRIC_MIGRATION_DOWNTIME_NS, /* migration_downtime_ns */
    HX_SCN_METRIC_TORN_PAIRS,       /* torn_pairs */
    HX_SCN_METRIC_GUEST_CPU_PER_IRQ_NS, /* guest_cpu_per_irq_ns */
    HX_SCN_METRIC_REQUESTS_COMPLETED,   /* requests_completed */
    HX_SCN_METRIC_REQUESTS_PER_S,       /* requests_per_s */
    HX_SCN_METRIC_REQUEST_P50_NS,       /* request_p50_ns */
    HX_SCN_METRIC_REQUEST_P99_NS,       /* request_p99_ns */
    HX_SCN_METRIC_REQUEST_MAX_NS,       /* request_max_ns */
    HX_SCN_METRIC_RAISE_TO_APP_P50_NS,  /* raise_to_app_p50_ns */
    HX_SCN_METRIC_RAISE_TO_APP_P99_NS,  /* raise_to_app_p99_ns */
    HX_SCN_METRIC_THROUGHPUT_VS_BARE,   /* throughput_vs_bare */
    HX_SCN_METRIC_HYPERCALLS_ALLOC, /* hypercalls_alloc */
    HX_SCN_METRIC_HYPERCALLS_RETARGET, /* hypercalls_retarget */
    HX_SCN_METRIC_HYPERCALLS_FREE,  /* hypercalls_free */
    HX_SCN_METRIC_UNTRAPPED,        /* untrapped */
    HX_SCN_METRIC_BYPASS_SWITCHES,  /* bypass_switches */
    HX_SCN_METRIC_EVENTFD_SIGNALS,  /* eventfd_signals */
    HX_SCN_METRIC__COUNT
};

enum hx_scn_op {
    HX_SCN_OP_EQ,                   /* eq */
    HX_SCN_OP_NE,                   /* ne */
    HX_SCN_OP_LT,                   /* lt */
    HX_SCN_OP_LE,                   /* le */
    HX_SCN_OP_GT,                   /* gt */
    HX_SCN_OP_GE,                   /* ge */
    HX_SCN_OP__COUNT
};

/* The outcome classes of design.md, "the argument the harness must make". */
enum hx_scn_outcome {
    HX_SCN_OUTCOME_DELIVERED,         /* delivered */
    HX_SCN_OUTCOME_MISROUTED,         /* misrouted */
    HX_SCN_OUTCOME_FAULTED,           /* faulted */
    HX_SCN_OUTCOME_LOST,              /* lost */
    HX_SCN_OUTCOME_REFUSED_FALLBACK,  /* refused-fallback */
    HX_SCN_OUTCOME_SILENT_FAILURE,    /* silent-failure */
    HX_SCN_OUTCOME_NOT_EMULATABLE,    /* not-emulatable */
    HX_SCN_OUTCOME_MIXED,             /* mixed */
    HX_SCN_OUTCOME_NO_PAIR,           /* no-pair */
    HX_SCN_OUTCOME_LEAKED,            /* leaked */
    HX_SCN_OUTCOME__COUNT
};

/* ---- the scenario -------------------------------------------------------- */

/**
 * struct hx_scn_bdf - a PCI address.
 * @segment: PCI segment (0 when not written)
 * @bus: bus, 0..255
 * @dev: device, 0..31
 * @fn: function, 0..7
 */
struct hx_scn_bdf {
    uint16_t segment;
    uint8_t bus;
    uint8_t dev;
    uint8_t fn;
};

/* Longest RTL top module name (rtl_build() accepts no longer). */
#define HX_SCN_RTL_TOP_MAX 200

/**
 * struct hx_scn_rtl - devices[].rtl: the device's IMS table given as RTL
 * (built with rtl_build(), models/rtl/rtl.h).
 * @sources: Verilog/SystemVerilog files, absolute paths (resolved against
 *           the scenario file's directory); each was readable at load time
 * @nsources: number of @sources; 0 when the device has no `rtl`
 * @top: the top module, a Verilog identifier ([A-Za-z_][A-Za-z0-9_$]*,
 *       at most HX_SCN_RTL_TOP_MAX characters); NULL when @nsources is 0
 */
struct hx_scn_rtl {
    char **sources;
    uint32_t nsources;
    char *top;
};

/**
 * struct hx_scn_device - one entry of devices[].
 * @name: unique name ([A-Za-z0-9._-]+, <= 63 chars)
 * @model: device model (spelled by siov_kind_enum)
 * @bdf: PCI address, unique among devices; see hx_scn_bdf_rid()
 * @adis: assignable device interfaces, 1..64 (default 1; msix: exactly 1)
 * @ims_entries: IMS entries, 1..65536 (default 256; msix: 0, may not be given)
 * @msix_vectors: MSI-X table size, 1..2048 (default 9)
 * @layout: IMS layout descriptor, absolute path (resolved against the
 *          scenario file's directory), or NULL when not given.  Stored
 *          only; the file is not read or checked by the loader.  With
 *          @rtl it is the register map of the design's own port.
 * @rtl: the device's IMS as RTL (@rtl.nsources 0: none); model idxd only,
 *       and only with @layout
 * @layout_at: position of the @layout value in the file (line 0: none)
 * @ims_entries_at: position of the ims_entries value (line 0: not given)
 * @int_handles: model idxd only: the device has the command capability and
 *               interrupt handles (struct siov_config.int_handles)
 *
 * The positions let checks made after loading (hx_run_check_layouts())
 * name FILE:LINE:COLUMN.
 */
struct hx_scn_device {
    char name[HX_SCN_NAME_LEN];
    enum siov_kind model;
    struct hx_scn_bdf bdf;
    uint32_t adis;
    uint32_t ims_entries;
    uint32_t msix_vectors;
    char *layout;
    struct hx_scn_rtl rtl;
    struct hx_scn_pos layout_at, ims_entries_at;
    bool int_handles;
};

/**
 * struct hx_scn_vm - one entry of vms[].
 * @name: unique name ([A-Za-z0-9._-]+, <= 63 chars); "host" for the
 *        implicit VM of personality bare
 * @vcpus: vCPUs, 1..64 (bare: platform.pcpus)
 * @guest: guest kernel policy (default linux-6.2; spelled by
 *         guest_policy_enum)
 * @pcpu: pcpu[i] is vCPU i's home pCPU in the scheduler, < platform.pcpus;
 *        default: the vCPUs of all VMs in file order spread round robin
 *        over the pCPUs (bare: i).  Entries >= @vcpus are 0.
 * @activity: what the vCPUs do between interrupts (default busy)
 * @after_migrate: what the guest does with the VMM's pairs after a
 *                 migration (default reobtain)
 * @rewrite: how the guest writes a changed pair at guest_rewrite (default
 *           live)
 * @pinned: @pcpu was given (vms[].pcpus): the vCPUs run there only; else
 *          they may run on any idle pCPU
 * @host: true for the implicit host "VM" of personality bare (vms must
 *        then be absent from the file; vms[0] is this entry)
 */
struct hx_scn_vm {
    char name[HX_SCN_NAME_LEN];
    uint32_t vcpus;
    enum guest_policy guest;
    enum guest_activity activity;
    enum guest_after_migrate after_migrate;
    enum guest_rewrite_policy rewrite;
    uint32_t pcpu[HX_SCN_MAX_VCPUS];
    bool pinned;
    bool host;
};

/**
 * struct hx_scn_assign - one entry of assign[]: ADIs given to a VM.
 * @device: index into devices[]
 * @adi: ADI index < devices[@device].adis, or %HX_SCN_ALL (default "all")
 * @vm: index into vms[] (bare: 0, the host)
 * @mode: passthrough or composed (default passthrough; spelled by
 *        vmm_assign_mode_enum)
 * @vcpu: initial target vCPU < vms[@vm].vcpus (default 0)
 * @vectors: interrupt vectors the driver allocates per ADI, 1..64
 *           (default 1).  No ADI is assigned twice, and the vectors of
 *           all assignments of a device fit its IMS entries (MSI-X
 *           vectors for model msix).
 */
struct hx_scn_assign {
    uint32_t device;
    uint32_t adi;
    uint32_t vm;
    enum vmm_assign_mode mode;
    uint32_t vcpu;
    uint32_t vectors;
};

/**
 * struct hx_scn_workload - one entry of workload[]: interrupt arrivals.
 * @device: index into devices[]
 * @adi: ADI index, or %HX_SCN_ALL (default "all"); the ADI need not be
 *       assigned (interrupts nobody configured are a legitimate test)
 * @rate_hz: mean arrival rate per ADI, 1..%HX_SCN_MAX_RATE_HZ (0 and
 *           absent with request-loop)
 * @arrivals: poisson or periodic (default poisson); request-loop: no
 *            arrival process, the driver of each ADI submits work to it
 *            and waits for its completion interrupt (docs/request-loop.md)
 * @start_us: first arrival (request-loop: submission) not before (default 0)
 * @stop_us: no arrival (submission) at or after (default duration_us);
 *           start_us < stop_us <= duration_us
 * @queue_depth: request-loop: requests each ADI's driver keeps in flight,
 *               1..%SIOV_WQ_DEPTH (default 1)
 * @wait: request-loop: how the vCPU waits for the completion interrupt
 *        (default hlt; spelled by guest_wait_enum)
 */
struct hx_scn_workload {
    uint32_t device;
    uint32_t adi;
    uint64_t rate_hz;
    enum hx_scn_arrivals arrivals;
    uint64_t start_us;
    uint64_t stop_us;
    uint32_t queue_depth;
    enum guest_wait wait;
};

/**
 * struct hx_scn_event - one timed action; events[] is sorted by @at_us,
 * ties kept in file order.
 * @at_us: when, < duration_us
 * @kind: what (the YAML key is "do")
 * @vm: index into vms[] for set_affinity and vcpu_* (bare: 0, the host);
 *      otherwise %HX_SCN_NONE
 * @vcpu: vCPU (< vms[@vm].vcpus) for set_affinity and vcpu_*; else %HX_SCN_NONE;
 *        with @vcpus, the set's first member
 * @vcpus: set_affinity to a set (the YAML list vcpus, bit n: vCPU n, n < 8),
 *         delivered lowest priority; else 0
 * @device: index into devices[] (required by mask, unmask, revoke_handle,
 *          corrupt_irte, device_reset; optional for set_affinity and
 *          skip_iec_flush), or %HX_SCN_NONE
 * @adi: ADI index, or %HX_SCN_ALL when omitted or "all"
 * @entry: interrupt storage index of the device (IMS entry, MSI-X entry
 *         for model msix), or %HX_SCN_ALL when omitted
 * @field: corrupt_irte: the IRTE field (enum vmm_irte_field); else 0
 * @delay_us: delay_iec_flush: the delay, >= 1; else 0
 * @from_device: steal_pair: the device whose pairs are copied; else
 *               %HX_SCN_NONE
 * @irte_index: forge_handle: the IRTE index the guest puts in its first
 *              slot's handle (the next slots get the next ones); else 0
 * @index: position of the event in the file's events list (0-based)
 * @line: line of the event in the file (1-based), for reports
 * @kind_at: position of its "do" value, for checks after loading
 */
struct hx_scn_event {
    uint64_t at_us;
    enum hx_scn_event_kind kind;
    uint32_t vm;
    uint32_t vcpu;
    uint32_t vcpus;
    uint32_t device;
    uint32_t adi;
    uint32_t entry;
    unsigned field;
    uint64_t delay_us;
    uint32_t from_device;
    uint32_t irte_index;
    uint32_t index;
    uint32_t line;
    struct hx_scn_pos kind_at;
};

/**
 * struct hx_scn_expect - one entry of expect[].
 * @rule: rule ID ([A-Z0-9-]+, <= 63 chars)
 * @metric: what is measured
 * @op: comparison (default eq; only eq and ne for metric outcome)
 * @outcome: the expected outcome when @metric is outcome
 * @value: the expected number otherwise (finite, >= 0); 0 for outcome
 * @device: scope: index into devices[], or %HX_SCN_NONE (all devices)
 * @vm: scope: index into vms[], or %HX_SCN_NONE (all VMs); a scope given
 *      is one the metric can be computed for (hx_scn_metric_scopes())
 * @line: line of the expectation in the file (1-based), for reports
 */
struct hx_scn_expect {
    char rule[HX_SCN_NAME_LEN];
    enum hx_scn_metric metric;
    enum hx_scn_op op;
    enum hx_scn_outcome outcome;
    double value;
    uint32_t device;
    uint32_t vm;
    uint32_t line;
};

/**
 * struct hx_scenario - one loaded, validated scenario.
 * @source: the file name as given to the loader (for messages)
 * @version: format version (1)
 * @name: scenario name ([A-Za-z0-9._-]+, <= 63 chars)
 * @description: free text, or NULL
 * @seed: root RNG seed (default 1; the CLI may override)
 * @duration_us: simulated run time, > 0, at most UINT64_MAX ps
 * @platform: the host machine, as the platform and IOMMU models take it
 *            (sections platform and platform.iommu, bound to
 *            platform_props and ir_setup_props)
 * @vmm: the hypervisor's config, as vmm_create() takes it (section vmm,
 *       bound to vmm_props; with personality bare every knob but
 *       personality and msix keeps its default, posted is false and msix
 *       native)
 * @devices: @ndevices devices (1..16)
 * @vms: @nvms VMs (1..64; bare: exactly one, the host)
 * @assigns: @nassigns assignments (>= 1)
 * @workloads: @nworkloads arrival streams (may be 0, then NULL)
 * @events: @nevents timed actions, sorted (may be 0, then NULL)
 * @expects: @nexpects expectations (may be 0, then NULL)
 * @costs: the cost model in force: defaults of models/cost.h, the
 *         costs: overrides, cpu_hz from platform.cpu_mhz, nested_factor
 *         from vmm.nested (x5)
 * @cost_set: cost_set[id] is true when the file overrides cost @id
 * @max_input_bytes: the input limit the file was read with; its layout
 *                   descriptors are read with the same one
 * @baseline: HX_SCN_BASELINE_BARE: the runner also runs the same devices,
 *            assignments, workload and seed on bare metal and reports the
 *            throughput relative to it (docs/request-loop.md); needs a
 *            request-loop workload and a VMM
 */
struct hx_scenario {
    char *source;
    uint32_t version;
    char name[HX_SCN_NAME_LEN];
    char *description;
    uint64_t seed;
    uint64_t duration_us;
    struct platform_config platform;
    struct vmm_config vmm;
    struct hx_scn_device *devices;
    uint32_t ndevices;
    struct hx_scn_vm *vms;
    uint32_t nvms;
    struct hx_scn_assign *assigns;
    uint32_t nassigns;
    struct hx_scn_workload *workloads;
    uint32_t nworkloads;
    struct hx_scn_event *events;
    uint32_t nevents;
    struct hx_scn_expect *expects;
    uint32_t nexpects;
    struct cost_model costs;
    bool cost_set[COST__COUNT];
    size_t max_input_bytes;
    enum hx_scn_baseline baseline;
};

/* ---- API ----------------------------------------------------------------- */

/**
 * hx_scn_load - load and validate a scenario file.
 * @path: the file; also the FILE of error messages, and the base for
 *        relative layout paths
 * @out: set to the new scenario on success (free with hx_scn_free()),
 *       NULL on failure
 * @err: buffer for the error message (no trailing newline); may be NULL
 * @errlen: size of @err
 *
 * Return: 0; -EINVAL for invalid content ("FILE:LINE:COLUMN: error: ..."
 * in @err); -ENOENT, -EACCES or another negative errno when the file
 * cannot be read ("FILE: error: ..." in @err); -EFBIG for a file over
 * the input limit (%HX_INPUT_MAX_DEFAULT; hx_scn_load_max()); -ENOMEM.
 */
int hx_scn_load(const char *path, struct hx_scenario **out, char *err,
                size_t errlen);

/**
 * hx_scn_load_max - hx_scn_load() with the input limit @max_bytes (0: the
 * default, %HX_INPUT_MAX_DEFAULT).  A larger file is -EFBIG ("FILE: error:
 * larger than the input limit ...").
 */
int hx_scn_load_max(const char *path, size_t max_bytes,
                    struct hx_scenario **out, char *err, size_t errlen);

/**
 * hx_scn_load_string - load and validate a scenario held in memory.
 * @name_for_errors: FILE of error messages; relative layout paths are
 *                   resolved against its directory (the working
 *                   directory when it has no '/')
 * @yaml: the text (need not be NUL-terminated)
 * @len: its length in bytes
 * @out: as for hx_scn_load()
 * @err: as for hx_scn_load()
 * @errlen: as for hx_scn_load()
 *
 * Return: 0, -EINVAL (message in @err) or -ENOMEM.
 */
int hx_scn_load_string(const char *name_for_errors, const char *yaml,
                       size_t len, struct hx_scenario **out, char *err,
                       size_t errlen);

/* Scopes an expectation may name (expect[].device, expect[].vm). */
#define HX_SCN_SCOPE_DEVICE 0x1u
#define HX_SCN_SCOPE_VM 0x2u

/**
 * hx_scn_metric_scopes - the scopes a metric can be computed for.
 * @m: the metric
 * @why: if not NULL, receives why a scope missing from the result cannot be
 *       attributed (NULL when every scope can)
 *
 * A metric drawn from the raises (counts, latency, IR faults, outcome,
 * fallbacks) can be scoped to a device, a VM or both; spurious handler
 * entries belong to the VM they ran in but to no device; the VMM's exit,
 * trap and hypercall counters are kept for the whole system only, so
 * those metrics take no scope.  hx_scn_load() refuses an expectation that
 * names a scope its metric cannot have.
 *
 * Return: %HX_SCN_SCOPE_DEVICE and/or %HX_SCN_SCOPE_VM, or 0.
 */
unsigned hx_scn_metric_scopes(enum hx_scn_metric m, const char **why);

/**
 * hx_scn_knob_tables - the models' property tables the format binds, in
 * file order: platform_props, ir_setup_props (platform.iommu), vmm_props.
 * @n: if not NULL, receives their number
 *
 * Return: the array (static).
 */
const struct prop_table *const *hx_scn_knob_tables(unsigned *n);

/** hx_scn_free - free a scenario from hx_scn_load*(); NULL is allowed. */
void hx_scn_free(struct hx_scenario *scn);

/**
 * hx_scn_lookup_device - find a device by name.
 * @scn: a loaded scenario
 * @name: the device name
 *
 * Return: its index in @scn->devices, or -ENOENT.
 */
int hx_scn_lookup_device(const struct hx_scenario *scn, const char *name);

/**
 * hx_scn_lookup_vm - find a VM by name ("host" for personality bare).
 * @scn: a loaded scenario
 * @name: the VM name
 *
 * Return: its index in @scn->vms, or -ENOENT.
 */
int hx_scn_lookup_vm(const struct hx_scenario *scn, const char *name);

/**
 * hx_scn_bdf_rid - the PCIe requester ID (source-id) of a BDF:
 * bus << 8 | dev << 3 | fn, as compared with the IRTE SID field (bits
 * 79:64, reference/domain.md 4.2).
 */
static inline uint16_t hx_scn_bdf_rid(struct hx_scn_bdf bdf)
{
    return (uint16_t)(bdf.bus << 8 | bdf.dev << 3 | bdf.fn);
}

/*
 * hx_scn_*_name - the YAML spelling of an enumeration value, e.g.
 * hx_scn_op_name(HX_SCN_OP_EQ) is "eq"; "?" when out of range.
 */
const char *hx_scn_arrivals_name(enum hx_scn_arrivals v);
const char *hx_scn_event_kind_name(enum hx_scn_event_kind v);
const char *hx_scn_metric_name(enum hx_scn_metric v);
const char *hx_scn_op_name(enum hx_scn_op v);
const char *hx_scn_outcome_name(enum hx_scn_outcome v);

#endif /* IMSLAB_HARNESS_SCENARIO_H */
