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

/* ---- limits of format v1 ----------------------------------------------- */

#define HX_SCN_FORMAT_VERSION 1
#define HX_SCN_NAME_LEN 64          /* names and rule IDs: <= 63 chars + NUL */
#define HX_SCN_MAX_PCPUS 64
#define HX_SCN_MAX_DEVICES 16
#define HX_SCN_MAX_VMS 64
#define HX_SCN_MAX_VCPUS 64
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

/* ---- enumerations (YAML spelling in the comment) ------------------------ */

enum hx_scn_iec_policy {
    HX_SCN_IEC_LRU,                 /* lru */
    HX_SCN_IEC_FIFO,                /* fifo */
    HX_SCN_IEC__COUNT
};

enum hx_scn_personality {
    HX_SCN_PERS_BARE,               /* bare: no VMM, the host drives devices */
    HX_SCN_PERS_KVM,                /* kvm */
    HX_SCN_PERS_HYPERV,             /* hyperv */
    HX_SCN_PERS__COUNT
};

enum hx_scn_msix_mode {
    HX_SCN_MSIX_NATIVE,             /* native: bare metal only */
    HX_SCN_MSIX_TRAP,               /* trap: VMM traps the MSI-X table */
    HX_SCN_MSIX_HYPERCALL,          /* hypercall: guest asks for a real pair */
    HX_SCN_MSIX__COUNT
};

enum hx_scn_ims_mode {
    HX_SCN_IMS_NONE,                /* none: VMM does nothing for IMS */
    HX_SCN_IMS_EMULATE,             /* emulate: device-specific IMS trapping */
    HX_SCN_IMS_HYPERCALL,           /* hypercall: guest asks for a real pair */
    HX_SCN_IMS__COUNT
};

enum hx_scn_advertise {
    HX_SCN_ADV_AUTO,                /* auto: when the VMM can back it */
    HX_SCN_ADV_ALWAYS,              /* always */
    HX_SCN_ADV_NEVER,               /* never */
    HX_SCN_ADV__COUNT
};

enum hx_scn_viommu {
    HX_SCN_VIOMMU_NONE,             /* none */
    HX_SCN_VIOMMU_CACHING_MODE,     /* caching-mode: vIOMMU with CM=1 */
    HX_SCN_VIOMMU__COUNT
};

enum hx_scn_dev_model {
    HX_SCN_DEV_IDXD,                /* idxd: IMS in 16-byte MMIO slots */
    HX_SCN_DEV_MLX5,                /* mlx5: IMS in host-memory contexts */
    HX_SCN_DEV_MSIX,                /* msix: plain MSI-X function, no IMS */
    HX_SCN_DEV__COUNT
};

enum hx_scn_guest {
    HX_SCN_GUEST_TRUSTS_CAP,        /* trusts-cap: IMS if the cap bit is set */
    HX_SCN_GUEST_LINUX_6_2,         /* linux-6.2: no IMS in a guest */
    HX_SCN_GUEST_HYPERCALL_AWARE,   /* hypercall-aware: asks for pairs */
    HX_SCN_GUEST_LEGACY,            /* legacy: a kernel without IMS (MSI-X only) */
    HX_SCN_GUEST__COUNT
};

enum hx_scn_assign_mode {
    HX_SCN_ASSIGN_PASSTHROUGH,      /* passthrough */
    HX_SCN_ASSIGN_COMPOSED,         /* composed: VMM composes the vdev */
    HX_SCN_ASSIGN__COUNT
};

enum hx_scn_arrivals {
    HX_SCN_ARRIVAL_POISSON,         /* poisson */
    HX_SCN_ARRIVAL_PERIODIC,        /* periodic */
    HX_SCN_ARRIVAL__COUNT
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
    HX_SCN_EV__COUNT
};

enum hx_scn_metric {
    HX_SCN_METRIC_OUTCOME,          /* outcome (value: enum hx_scn_outcome) */
    HX_SCN_METRIC_RAISED,           /* raised */
    HX_SCN_METRIC_DELIVERED,        /* delivered */
    HX_SCN_METRIC_MISROUTED,        /* misrouted */
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
    HX_SCN_OUTCOME__COUNT
};

/* ---- the scenario -------------------------------------------------------- */

/**
 * struct hx_scn_iommu - platform.iommu: the VT-d remapping unit.
 * @interrupt_remapping: IR enabled (default true)
 * @cfi: compatibility-format interrupts allowed while IR is on (default false)
 * @eime: extended interrupt mode, x2APIC (default false)
 * @posted_interrupts: posting capability; default true, false when
 *                     @interrupt_remapping is false (true is then an error)
 * @irt_size: IRT entries, a power of two in 2..65536 (default 65536)
 * @iec_entries: interrupt entry cache size, 0 = no cache (0..65536, default 64)
 * @iec_replacement: IEC replacement policy (default lru)
 * @fault_records: fault recording registers, 1..256 (default 8)
 */
struct hx_scn_iommu {
    bool interrupt_remapping;
    bool cfi;
    bool eime;
    bool posted_interrupts;
    uint32_t irt_size;
    uint32_t iec_entries;
    enum hx_scn_iec_policy iec_replacement;
    uint32_t fault_records;
};

/**
 * struct hx_scn_platform - platform: the host machine.
 * @pcpus: physical CPUs, 1..64 (default 4)
 * @cpu_mhz: CPU frequency, 1..100000 MHz (default 3000); also in
 *           hx_scenario.costs.cpu_hz
 * @iommu: the IOMMU
 */
struct hx_scn_platform {
    uint32_t pcpus;
    uint32_t cpu_mhz;
    struct hx_scn_iommu iommu;
};

/**
 * struct hx_scn_vmm - vmm: the hypervisor's personality and policy knobs.
 * @personality: bare, kvm or hyperv (required)
 * @msix: how a guest's MSI-X pair becomes real; default trap (kvm),
 *        hypercall (hyperv), native (bare, the only value allowed there)
 * @ims: how a guest's IMS pair becomes real (default none; bare: none)
 * @advertise_ims_cap: the per-device "IMS works" bit policy (default auto)
 * @viommu: virtual IOMMU offered to guests (default none)
 * @posted: post to vCPUs where possible (default true; bare: false)
 * @nested: the VMM runs nested; VM exits and hypercalls cost x5
 *          (default false; also in hx_scenario.costs.nested_factor)
 * @irte_limit: host IRTEs the VMM may use, 0 = no limit (default 0)
 *
 * With personality bare every knob except msix (native) must be omitted,
 * and the fields hold the values given above.
 */
struct hx_scn_vmm {
    enum hx_scn_personality personality;
    enum hx_scn_msix_mode msix;
    enum hx_scn_ims_mode ims;
    enum hx_scn_advertise advertise_ims_cap;
    enum hx_scn_viommu viommu;
    bool posted;
    bool nested;
    uint32_t irte_limit;
};

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
 * @model: device model
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
 *
 * The positions let checks made after loading (hx_run_check_layouts())
 * name FILE:LINE:COLUMN.
 */
struct hx_scn_device {
    char name[HX_SCN_NAME_LEN];
    enum hx_scn_dev_model model;
    struct hx_scn_bdf bdf;
    uint32_t adis;
    uint32_t ims_entries;
    uint32_t msix_vectors;
    char *layout;
    struct hx_scn_rtl rtl;
    struct hx_scn_pos layout_at, ims_entries_at;
};

/**
 * struct hx_scn_vm - one entry of vms[].
 * @name: unique name ([A-Za-z0-9._-]+, <= 63 chars); "host" for the
 *        implicit VM of personality bare
 * @vcpus: vCPUs, 1..64 (bare: platform.pcpus)
 * @guest: guest kernel policy (default linux-6.2)
 * @pcpu: pcpu[i] is the physical CPU vCPU i runs on, < platform.pcpus;
 *        default i % platform.pcpus (bare: i).  Entries >= @vcpus are 0.
 * @host: true for the implicit host "VM" of personality bare (vms must
 *        then be absent from the file; vms[0] is this entry)
 */
struct hx_scn_vm {
    char name[HX_SCN_NAME_LEN];
    uint32_t vcpus;
    enum hx_scn_guest guest;
    uint32_t pcpu[HX_SCN_MAX_VCPUS];
    bool host;
};

/**
 * struct hx_scn_assign - one entry of assign[]: ADIs given to a VM.
 * @device: index into devices[]
 * @adi: ADI index < devices[@device].adis, or %HX_SCN_ALL (default "all")
 * @vm: index into vms[] (bare: 0, the host)
 * @mode: passthrough or composed (default passthrough)
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
    enum hx_scn_assign_mode mode;
    uint32_t vcpu;
    uint32_t vectors;
};

/**
 * struct hx_scn_workload - one entry of workload[]: interrupt arrivals.
 * @device: index into devices[]
 * @adi: ADI index, or %HX_SCN_ALL (default "all"); the ADI need not be
 *       assigned (interrupts nobody configured are a legitimate test)
 * @rate_hz: mean arrival rate per ADI, 1..%HX_SCN_MAX_RATE_HZ
 * @arrivals: poisson or periodic (default poisson)
 * @start_us: first arrival not before (default 0)
 * @stop_us: no arrival at or after (default duration_us);
 *           start_us < stop_us <= duration_us
 */
struct hx_scn_workload {
    uint32_t device;
    uint32_t adi;
    uint64_t rate_hz;
    enum hx_scn_arrivals arrivals;
    uint64_t start_us;
    uint64_t stop_us;
};

/**
 * struct hx_scn_event - one timed action; events[] is sorted by @at_us,
 * ties kept in file order.
 * @at_us: when, < duration_us
 * @kind: what (the YAML key is "do")
 * @vm: index into vms[] for set_affinity and vcpu_* (bare: 0, the host);
 *      otherwise %HX_SCN_NONE
 * @vcpu: vCPU (< vms[@vm].vcpus) for set_affinity and vcpu_*; else %HX_SCN_NONE
 * @device: index into devices[] (required by mask, unmask, revoke_handle,
 *          corrupt_irte, device_reset; optional for set_affinity and
 *          skip_iec_flush), or %HX_SCN_NONE
 * @adi: ADI index, or %HX_SCN_ALL when omitted or "all"
 * @entry: interrupt storage index of the device (IMS entry, MSI-X entry
 *         for model msix), or %HX_SCN_ALL when omitted
 * @index: position of the event in the file's events list (0-based)
 * @line: line of the event in the file (1-based), for reports
 * @kind_at: position of its "do" value, for checks after loading
 */
struct hx_scn_event {
    uint64_t at_us;
    enum hx_scn_event_kind kind;
    uint32_t vm;
    uint32_t vcpu;
    uint32_t device;
    uint32_t adi;
    uint32_t entry;
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
 * @platform: the host machine
 * @vmm: the hypervisor
 * @devices: @ndevices devices (1..16)
 * @vms: @nvms VMs (1..64; bare: exactly one, the host)
 * @assigns: @nassigns assignments (>= 1)
 * @workloads: @nworkloads arrival streams (may be 0, then NULL)
 * @events: @nevents timed actions, sorted (may be 0, then NULL)
 * @expects: @nexpects expectations (may be 0, then NULL)
 * @costs: the cost model in force: defaults of models/cost.h, the
 *         costs: overrides, cpu_hz from cpu_mhz, nested_factor from
 *         vmm.nested
 * @cost_set: cost_set[id] is true when the file overrides cost @id
 * @max_input_bytes: the input limit the file was read with; its layout
 *                   descriptors are read with the same one
 */
struct hx_scenario {
    char *source;
    uint32_t version;
    char name[HX_SCN_NAME_LEN];
    char *description;
    uint64_t seed;
    uint64_t duration_us;
    struct hx_scn_platform platform;
    struct hx_scn_vmm vmm;
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
 * hx_scn_personality_name(HX_SCN_PERS_KVM) is "kvm"; "?" when out of range.
 */
const char *hx_scn_iec_policy_name(enum hx_scn_iec_policy v);
const char *hx_scn_personality_name(enum hx_scn_personality v);
const char *hx_scn_msix_mode_name(enum hx_scn_msix_mode v);
const char *hx_scn_ims_mode_name(enum hx_scn_ims_mode v);
const char *hx_scn_advertise_name(enum hx_scn_advertise v);
const char *hx_scn_viommu_name(enum hx_scn_viommu v);
const char *hx_scn_dev_model_name(enum hx_scn_dev_model v);
const char *hx_scn_guest_name(enum hx_scn_guest v);
const char *hx_scn_assign_mode_name(enum hx_scn_assign_mode v);
const char *hx_scn_arrivals_name(enum hx_scn_arrivals v);
const char *hx_scn_event_kind_name(enum hx_scn_event_kind v);
const char *hx_scn_metric_name(enum hx_scn_metric v);
const char *hx_scn_op_name(enum hx_scn_op v);
const char *hx_scn_outcome_name(enum hx_scn_outcome v);

#endif /* IMSLAB_HARNESS_SCENARIO_H */
