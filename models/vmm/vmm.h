/* SPDX-License-Identifier: MIT */
/*
 * vmm.h - the hypervisor model (and, for the bare personality, the host
 * kernel's own interrupt services).
 *
 * The VMM owns the host side of interrupt delivery: the host IRQ domain
 * (host IRTE allocation in the IOMMU's table, IEC invalidation, host vectors
 * on pCPUs), the VMs and their vCPUs, the assignment of devices or ADIs to
 * VMs, the trap map that decides which guest MMIO accesses exit, the
 * per-device IMS emulation plugins (one exists for idxd; none can exist for
 * mlx5), the get-pair hypercall (hypercall.h), and what the guest is shown
 * (the IMS-supported bit in the device's DVSEC, a vIOMMU in caching mode,
 * the hypercall interface).
 *
 * Personalities and knobs (docs/architecture.md):
 *   bare    no VMM: the guest stub is the host kernel; pairs come from the
 *           host IR domain; no exits.
 *   kvm     MSI-X by trap-and-emulate (VFIO + irqbypass + posted
 *           interrupts), IMS by none | emulate | hypercall.
 *   hyperv  MSI-X pairs from the host over VMBus (hv_compose_msi_msg) and
 *           retargeting by hypercall; IMS by none | hypercall.
 *
 * Guest actions (MMIO, hypercalls) take simulated time: each call schedules
 * its steps on the kernel and reports completion through a callback (the
 * one continuation type, seq_done_fn in models/seq.h), so a
 * guest driver is a chain of events and a device can observe a half-done
 * update.
 *
 * Host interrupts.  Every pair the VMM makes real is a host IRTE in the
 * IOMMU's table (ir_table over the table at the IRTA the platform set):
 * posted to the vCPU's PID when @posted and the platform can post (vector =
 * guest vector, URG 0), else remapped to a host vector (0x30..0xEF) on the
 * pCPU the vCPU runs on, whose host handler injects (vcpu_inject).  SID =
 * the function's requester ID, SVT 01b, SQ 00b.  Every IRTE write or free
 * is followed by an index-selective IEC invalidation unless the host is
 * told to skip it.  The real pair is Linux's fill_msi_msg(): remappable
 * format, handle = IRTE index, SHV = 1, subhandle 0.  With interrupt
 * remapping off the pair is a compatibility-format one to the host vector.
 * Under KVM every programming of a guest's host interrupt (activation,
 * retarget) is preceded by a route commit (COST_ROUTE_COMMIT, QEMU's
 * unbatched kvm_irqchip_commit_routes -> KVM_SET_GSI_ROUTING), after which
 * KVM's irqfd routing update writes the IRTE; Hyper-V and bare have none.
 *
 * Exits.  MMIO exits (a trapped table write or read, a vIOMMU invalidation)
 * cost COST_VMEXIT_USER, hypercalls COST_HYPERCALL (on hyperv the MSI-X
 * create-interrupt VMBus message COST_HV_VMBUS_MSG); they are counted here.
 * External-interrupt, kick, HLT and preemption exits are the apic model's
 * (struct vcpu_stats) and are added in vmm_stats().  The apic model has no
 * notion of an exit the VMM causes, so during a trapped access the vCPU is
 * still "in guest mode" as far as interrupt delivery is concerned.
 *
 * Contract changes against the first draft (80a8fa2): struct vmm_platform
 * gained @mem_base, @mem_size and @pi_capable; vmm_stats() takes a non-const
 * VMM (it sums the vCPUs' exits); vmm_attach_msix() brings up a device's
 * function and its MSI-X table; vmm_host_pair() and vmm_host_retarget()
 * allocate the host vector themselves and return it; vmm_vdev_int_handle(),
 * vmm_vdev_vm(), vmm_vm_is_host() and vmm_guest_vir_invalidate() are new;
 * struct hc_req has a @kind (hypercall.h).  The completion callbacks are
 * seq_done_fn (models/seq.h), the one continuation type of the models; the
 * vmm_done_fn typedef of the same shape is gone.
 */
#ifndef IMSLAB_VMM_VMM_H
#define IMSLAB_VMM_VMM_H

#include <stdbool.h>
#include <stdint.h>

#include "models/apic/apic.h"
#include "models/bus.h"
#include "models/cost.h"
#include "models/drv/drv.h"
#include "models/guest_view.h"
#include "models/iommu/ir.h"
#include "models/mem/mem.h"
#include "models/props.h"
#include "models/seq.h"
#include "models/siov/siov.h"
#include "models/vmm/hypercall.h"
#include "sim/sim.h"

enum vmm_personality { VMM_BARE = 0, VMM_KVM, VMM_HYPERV };
enum vmm_msix_mode { VMM_MSIX_NATIVE = 0, VMM_MSIX_TRAP, VMM_MSIX_HYPERCALL };
enum vmm_ims_mode { VMM_IMS_NONE = 0, VMM_IMS_EMULATE, VMM_IMS_HYPERCALL };
enum vmm_cap_adv { VMM_CAP_AUTO = 0, VMM_CAP_ALWAYS, VMM_CAP_NEVER };
/* What the VMM's CPUID reports (vmm_cpuid(), docs/scenario-format.md). */
enum vmm_cpuid_report {
    VMM_CPUID_HONEST = 0,
    VMM_CPUID_HIDE_HYPERVISOR,  /* CPUID.1:ECX[31] clear, no 0x4000000x */
    VMM_CPUID_NO_FEATURES,      /* the feature leaf (KVM 0x40000001, Hyper-V
                                   0x40000003) reads 0 */
};
/* What the vIOMMU's CAP_REG says of caching mode (vmm_iommu_regs()). */
enum vmm_cm_report { VMM_CM_HONEST = 0, VMM_CM_CLEAR };
enum vmm_assign_mode { VMM_ASSIGN_PASSTHROUGH = 0, VMM_ASSIGN_COMPOSED };

/* VM exit reasons the VMM counts (the harness maps them to hx_exit_reason). */
enum vmm_exit {
    VMM_EXIT_MMIO = 0,   /* a trapped MMIO access (table write, doorbell) */
    VMM_EXIT_HYPERCALL,
    VMM_EXIT_EXTINT,     /* host interrupt while in guest mode */
    VMM_EXIT_HLT,
    VMM_EXIT_KICK,
    VMM_EXIT_OTHER,
    VMM_EXIT__COUNT
};

/**
 * struct vmm_platform - the hardware the VMM runs on (owned by the caller).
 * @sim: the simulation
 * @cost: the cost model
 * @mem: host memory (IRT, PIDs, device contexts, guest memory)
 * @ir: the interrupt remapping unit, already configured (IRTA set)
 * @fabric: the APIC fabric with every pCPU created
 * @pcpu: the pCPUs, by index
 * @npcpu: their number
 * @irt_entries: entries of the IOMMU's table the VMM may allocate from
 * @pi_capable: the remapping unit supports posting (CAP_REG.PI)
 * @mem_base: start of host-physical memory the VMM backs itself: 1 MiB for
 *            its own use (PIDs, command mailboxes), then each VM's memory
 *            (1 MiB aligned); must not overlap other regions of @mem
 * @mem_size: the size of that window (0: unlimited)
 */
struct vmm_platform {
    struct sim *sim;
    const struct cost_model *cost;
    struct mem *mem;
    struct ir_unit *ir;
    struct apic_fabric *fabric;
    struct pcpu **pcpu;
    unsigned npcpu;
    uint32_t irt_entries;
    bool pi_capable;
    uint64_t mem_base;
    uint64_t mem_size;
};

/* The VMM's own memory at vmm_platform.mem_base (before the VMs'). */
#define VMM_PRIV_SIZE    UINT64_C(0x100000)
#define VMM_PID_AREA     UINT64_C(0x0)       /* 64-B PIDs, 1024 of them */
#define VMM_PID_MAX      1024u
#define VMM_MBOX_AREA    UINT64_C(0x10000)   /* host command mailboxes */
#define VMM_MBOX_STRIDE  UINT64_C(0x40)
#define VMM_QI_AREA      UINT64_C(0x20000)   /* invalidation queue, 4 KiB */
#define VMM_QI_STATUS_AREA UINT64_C(0x21000) /* its wait status words */

/* Host vectors the VMM (or the bare host kernel) hands out on a pCPU. */
#define VMM_HOST_VEC_FIRST 0x30u
#define VMM_HOST_VEC_LAST  0xefu

/*
 * The vIOMMU's interrupt remapping table, as the guest firmware placed it
 * (vIRTA): a guest-physical address and size.  The guest writes vIRTEs
 * there (remapped format, DST = the guest APIC ID in x2APIC form) and
 * invalidates them with vmm_guest_vir_invalidate(); the VMM reads them when
 * it decodes a remappable guest pair.
 */
#define VMM_VIR_IRT_GPA     UINT64_C(0x100000)
#define VMM_VIR_IRT_ENTRIES 256u

/**
 * struct vmm_config - personality and policy knobs.
 * @personality: bare, kvm or hyperv
 * @msix: how MSI-X pairs reach the guest (native only for bare)
 * @ims: how IMS pairs reach the guest
 * @cap: whether the IMS-supported DVSEC bit is shown to the guest:
 *       auto = only when the VMM can honour it for that device,
 *       always = pass the hardware's bit through whatever it can do (an
 *       "old VMM"), never = clear it
 * @viommu: expose a vIOMMU with interrupt remapping in caching mode
 * @posted: post interrupts to vCPUs where possible (single-vCPU targets)
 * @irte_limit: host IRTEs the VMM may allocate (0 = @irt_entries)
 * @apicv: APICv (KVM enable_apicv): posted interrupts, EOI and interrupt
 *         delivery virtualized; false: no posting, EOI writes exit
 *         (apic_vm_config.no_apicv)
 * @halt_poll_ns: KVM's halt_poll_ns: how long a vCPU thread polls after an
 *                HLT exit before it blocks (apic_vm_config.halt_poll_ps);
 *                KVM only
 * @nested: the VMM runs nested (its exits and hypercalls cost
 *          cost_model.nested_factor times as much; the harness sets the
 *          factor from this knob)
 * @skip_iec_flush: a buggy host that does not invalidate the IEC after
 *       changing an IRTE (stale entries stay visible)
 * @fault_handler_ns: the host's IR fault handler (vmm_fault.c) and its
 *       time per fault record; 0: no handler (the records fill and stay
 *       full).  Allowed with personality bare (the host kernel's)
 * @cpuid_report: honest, or a misreport of the hypervisor's CPUID leaves
 * @viommu_cm_report: honest, or the vIOMMU's CAP_REG.CM read as 0
 */
struct vmm_config {
    enum vmm_personality personality;
    enum vmm_msix_mode msix;
    enum vmm_ims_mode ims;
    enum vmm_cap_adv cap;
    bool viommu;
    bool posted;
    uint32_t irte_limit;
    uint32_t halt_poll_ns;
    bool apicv;
    bool nested;
    bool skip_iec_flush;
    uint32_t fault_handler_ns;
    enum vmm_cpuid_report cpuid_report;
    enum vmm_cm_report viommu_cm_report;
};

/*
 * The knobs of struct vmm_config and the spellings of its enums
 * (vmm_props.c, models/props.h); the scenario section "vmm" binds to
 * vmm_props.  vmm_assign_mode_enum spells assign[].mode.
 */
extern const struct prop_table vmm_props;
extern const struct prop_enum vmm_personality_enum;
extern const struct prop_enum vmm_msix_mode_enum;
extern const struct prop_enum vmm_ims_mode_enum;
extern const struct prop_enum vmm_cap_adv_enum;
extern const struct prop_enum vmm_viommu_enum;
extern const struct prop_enum vmm_assign_mode_enum;
extern const struct prop_enum vmm_cpuid_report_enum;
extern const struct prop_enum vmm_cm_report_enum;

/**
 * struct vmm_stats - counters, all computed from what happened.
 * @exits: VM exits by reason
 * @ims_write_traps: guest writes to an IMS region that exited
 * @msix_write_traps: guest writes to an MSI-X table that exited
 * @hypercalls: get-pair hypercalls (or VMBus messages) served
 * @hypercall_errors: of those, answered with an error
 * @irte_alloc: host IRTEs allocated; @irte_alloc_fail: refused (-ENOSPC)
 * @iec_flushes: IEC invalidations issued
 * @emulation_unsupported: ADIs whose IMS the VMM was asked to emulate and
 *                         has no plugin for (vmm_emulation_unsupported())
 * @host_irqs: remapped host interrupts handled for a VM (injection path)
 * @eventfd_signals: of those, KVM's: vfio_msihandler's eventfd signals
 * @irqfd_wakeups: irqfd wakeups on those signals (KVM's injections)
 * @kicks: kick IPIs to inject into a vCPU in guest mode (no APICv: an exit)
 * @pi_ipis: notification IPIs to inject with APICv (no exit in guest mode)
 * @bypass_connects: KVM irqbypass connections (a guest interrupt's first
 *                   programming: kvm_arch_irq_bypass_add_producer)
 * @bypass_updates: later routing changes (kvm_arch_update_irqfd_routing)
 * @bypass_posted: of both, decisions that installed a posted IRTE
 * @bypass_remapped: decisions that left it remapped (vmx_pi_update_irte)
 * @bypass_switches: updates that changed the mode (posted <-> remapped)
 * @cpuid_exits: CPUID instructions the guests executed (each exits)
 * @iommu_reg_exits: the guests' reads of their vIOMMU's capability
 *                   registers (each exits to the VMM that emulates it)
 * @injections: interrupts injected into vCPUs by the VMM
 * @route_commits: KVM GSI routing commits (one per guest IRTE programmed)
 */
struct vmm_stats {
    uint64_t exits[VMM_EXIT__COUNT];
    uint64_t ims_write_traps;
    uint64_t msix_write_traps;
    uint64_t hypercalls;
    uint64_t hypercall_errors;
    uint64_t hc_by_op[4];          /* of the hypercalls, by enum hc_op
                                      (index 0: an unknown op) */
    uint64_t irte_alloc;
    uint64_t irte_alloc_fail;
    uint64_t iec_flushes;
    uint64_t emulation_unsupported;
    uint64_t trapped_nopair;       /* trapped writes that carry no pair
                                      (mlx5 command channel), passed on */
    uint64_t host_irqs;
    uint64_t eventfd_signals;
    uint64_t irqfd_wakeups;
    uint64_t kicks;
    uint64_t pi_ipis;
    uint64_t bypass_connects;
    uint64_t bypass_updates;
    uint64_t bypass_posted;
    uint64_t bypass_remapped;
    uint64_t bypass_switches;
    uint64_t cpuid_exits;
    uint64_t iommu_reg_exits;
    uint64_t injections;
    uint64_t handle_requests;      /* REQUEST_INT_HANDLE commands issued */
    uint64_t handle_cmd_errors;    /* of them, completed with an error */
    uint64_t handle_revocations;   /* INTCAUSE.INT_HANDLE_REVOKED handled */
    uint64_t resubmits;            /* descriptors resubmitted after 0x19 */
    uint64_t teardown_frees;       /* host interrupts released at teardown */
    uint64_t hc_foreign;           /* hypercalls naming another VM's device
                                      or cookie (refused) */
    uint64_t fault_events;         /* IR fault-event messages received */
    uint64_t faults_serviced;      /* fault records read and cleared */
    uint64_t fault_overflows_seen; /* handler runs that found PFO set */
    uint64_t route_commits;
    uint64_t migrations;           /* vmm_vm_migrate() calls */
    uint64_t migrate_reprograms;   /* trapped entries re-made on the
                                      destination from the VMM's shadow */
    uint64_t migrate_frees;        /* source host interrupts released */
};

struct vmm;
struct vm;
struct vdev;

/* The guest's handler entry, as struct apic_vm_config.deliver (apic.h). */
typedef apic_guest_handler_fn vmm_deliver_fn;

/**
 * vmm_create - a VMM (or, for personality bare, the host kernel's interrupt
 * services) on @p: takes over the IOMMU's table (ir_table_init over the
 * table IRTA points at, which zeroes it) and backs its own memory.
 * Return: 0, -EINVAL (missing platform piece, IRTA not set, bare with a
 * knob that needs a VMM), -ENOMEM, or a memory error.
 */
int vmm_create(struct vmm **out, const struct vmm_platform *p,
               const struct vmm_config *cfg);
void vmm_destroy(struct vmm *vmm);

/** vmm_stats - the counters, with the vCPUs' exits added in. */
const struct vmm_stats *vmm_stats(struct vmm *vmm);
const char *vmm_exit_name(enum vmm_exit e);

/**
 * vmm_attach_msix - the host brings up @dev's function and its MSI-X table
 * (the pci model's, siov_msix(), behind the device's SIOV_BANK_MSIX), as
 * the host PCI core and driver (vfio-pci for a passed-through function) do:
 * Memory Space and Bus Master Enable in Command, then MSI-X Enable with the
 * Function Mask set and cleared again (every entry stays masked).  From then
 * on the VMM writes the table with &msix_table_mmio_ops, and a guest reaches
 * it as VDEV_MSIX, trapped or mapped.  Call once per device, before
 * assigning.
 * @vmm: the VMM
 * @dev: the device
 * @nvec: the table size the host expects (the device's @cfg.msix_vectors)
 *
 * Return: 0, -EINVAL (no MSI-X table, or not of @nvec entries), -EEXIST,
 * -ENOMEM, -EIO (a config write was refused).
 */
int vmm_attach_msix(struct vmm *vmm, struct siov_dev *dev, uint32_t nvec);

/**
 * struct vmm_vm_config - one VM.
 * @nvcpu: number of vCPUs (bare: the host's CPUs, one per pCPU used)
 * @pcpu_of: pCPU index of each vCPU: its home in the scheduler
 * @pinned: the vCPUs run on their @pcpu_of only; else they may run on any
 *          idle pCPU (vcpu_sched_add())
 * @idle: the guest idles in HLT when it has nothing to handle
 *        (apic_vm_config.idle); false: CPU-bound
 * @deliver: called at every guest handler entry (vcpu, vector, tags)
 * @on_idle: NULL, or the guest's code at its idle points
 *           (apic_vm_config.on_idle), with @ctx
 * @ctx: for @deliver and @on_idle
 * @mem_size: guest memory in bytes (backed in host memory)
 */
struct vmm_vm_config {
    unsigned nvcpu;
    const unsigned *pcpu_of;
    bool pinned;
    bool idle;
    vmm_deliver_fn deliver;
    apic_guest_idle_fn on_idle;
    void *ctx;
    uint64_t mem_size;
};

int vmm_vm_create(struct vmm *vmm, const struct vmm_vm_config *cfg,
                  struct vm **out);
unsigned vmm_vm_index(const struct vm *vm);
unsigned vmm_vm_nvcpu(const struct vm *vm);

/**
 * vmm_vcpu - vCPU @i of @vm, or NULL (no such vCPU, or the host "VM" of
 * personality bare, whose CPUs are the pCPUs: no apic vCPU exists).
 */
struct vcpu *vmm_vcpu(struct vm *vm, unsigned i);

/** vmm_vm_is_host - @vm is the host itself (personality bare). */
bool vmm_vm_is_host(const struct vm *vm);

/**
 * vmm_assign - give a VM an ADI of a device (@adi) in a mode.
 * Passthrough: the guest drives the device's IMS (or its MSI-X) itself,
 * through the trap map.  Composed: the VMM shows a virtual function with an
 * emulated MSI-X table, backed by host IMS entries it programs itself.
 * Return: 0, -EINVAL, -EBUSY (already assigned), -ENOMEM.
 */
int vmm_assign(struct vmm *vmm, struct vm *vm, struct siov_dev *dev,
               uint32_t adi, enum vmm_assign_mode mode, struct vdev **out);

/**
 * vmm_guest_view - what the guest can observe for this device.  The DVSEC
 * bit is read (pci_ims_supported()) from the virtual config space the VMM
 * built at vmm_assign(): a SIOV DVSEC (pci_siov_dvsec_add()) whose IMS bit
 * follows @cap -- auto: set only when the VMM can honour it for this device
 * (ims=emulate with a plugin for the kind, or ims=hypercall); always: the
 * hardware's bit (idxd and mlx5 support IMS); never: clear.  A msix-kind
 * function has no SIOV DVSEC; a composed function is MSI-X only (bit clear);
 * bare metal shows the hardware's bit.
 */
void vmm_guest_view(const struct vdev *vd, struct guest_view *out);

/*
 * Discovery (vmm_discover.c, docs/discovery.md): the interfaces a guest
 * kernel reads at boot to learn its platform.  Each read counts as the VM
 * exit it is in a VM (CPUID always exits; the vIOMMU's registers are
 * emulated MMIO); the guest's boot is not simulated in time, so they are
 * counted (vmm_stats) but not charged to the set-up.
 */

/* CPUID leaves and bits (Linux arch/x86/include/asm/cpufeatures.h,
 * include/asm/kvm_para.h + uapi kvm_para.h, hyperv-tlfs.h; Hyper-V TLFS
 * 2.4 "Hypervisor CPUID Leaves"). */
#define CPUID_1_ECX_HYPERVISOR (UINT32_C(1) << 31)
#define CPUID_HV_BASE 0x40000000u          /* max leaf, vendor signature */
#define CPUID_KVM_FEATURES 0x40000001u     /* KVM_CPUID_FEATURES */
#define CPUID_HV_INTERFACE 0x40000001u     /* Hyper-V: "Hv#1" */
#define CPUID_HV_FEATURES 0x40000003u      /* HYPERV_CPUID_FEATURES */
#define CPUID_HV_ENLIGHTMENT 0x40000004u   /* HYPERV_CPUID_ENLIGHTMENT_INFO */
/* "KVMKVMKVM\0\0\0" in EBX, ECX, EDX */
#define CPUID_SIG_KVM_EBX 0x4b4d564bu
#define CPUID_SIG_KVM_ECX 0x564b4d56u
#define CPUID_SIG_KVM_EDX 0x0000004du
/* "Microsoft Hv" */
#define CPUID_SIG_HV_EBX 0x7263694du
#define CPUID_SIG_HV_ECX 0x666f736fu
#define CPUID_SIG_HV_EDX 0x76482074u
#define CPUID_HV_INTERFACE_HV1 0x31237648u /* "Hv#1" */
/* KVM_CPUID_FEATURES EAX */
#define KVM_FEATURE_PV_EOI_BIT 6
#define KVM_FEATURE_PV_SEND_IPI_BIT 11
#define KVM_FEATURE_MSI_EXT_DEST_ID_BIT 15
/* the model's get-pair hypercalls: no upstream bit exists (domain.md 12.2:
 * "No KVM-native MSI-pair hypercall exists"), so two unused bits stand for
 * them, above the last upstream one (KVM_FEATURE_MIGRATION_CONTROL, 17) */
#define KVM_FEATURE_X_MSI_PAIR_BIT 20
#define KVM_FEATURE_X_IMS_PAIR_BIT 21
/* HYPERV_CPUID_FEATURES EAX (partition privileges, low) and EBX (high) */
#define HV_MSR_TIME_REF_COUNT_AVAILABLE (UINT32_C(1) << 1)
#define HV_MSR_SYNIC_AVAILABLE (UINT32_C(1) << 2)
#define HV_MSR_APIC_ACCESS_AVAILABLE (UINT32_C(1) << 4)
#define HV_MSR_HYPERCALL_AVAILABLE (UINT32_C(1) << 5)
#define HV_MSR_VP_INDEX_AVAILABLE (UINT32_C(1) << 6)
#define HV_POST_MESSAGES (UINT32_C(1) << 4)
#define HV_SIGNAL_EVENTS (UINT32_C(1) << 5)
/* HYPERV_CPUID_ENLIGHTMENT_INFO EAX */
#define HV_X64_APIC_ACCESS_RECOMMENDED (UINT32_C(1) << 3)
#define HV_X64_RELAXED_TIMING_RECOMMENDED (UINT32_C(1) << 5)
#define HV_X64_CLUSTER_IPI_RECOMMENDED (UINT32_C(1) << 10)
#define HV_X64_EX_PROCESSOR_MASKS_RECOMMENDED (UINT32_C(1) << 11)

/**
 * vmm_cpuid - a vCPU of @vm executes CPUID (@leaf, @subleaf): the VMM's
 * answer in @r (EAX, EBX, ECX, EDX), as its personality and
 * cpuid_report give it.  Leaf 1: ECX bit 31 (hypervisor) only.  KVM: leaf
 * 0x40000000 = max leaf 0x40000001 and "KVMKVMKVM"; 0x40000001 EAX = PV
 * EOI, PV send-IPI, MSI extended destination ID and, for the get-pair
 * hypercalls it serves, KVM_FEATURE_X_*_PAIR.  Hyper-V: 0x40000000 = max
 * 0x40000005 and "Microsoft Hv"; 0x40000001 "Hv#1"; 0x40000003 EAX =
 * time reference count, SynIC, APIC access, hypercall, VP index, EBX =
 * post messages, signal events (what VMBus and its vPCI need);
 * 0x40000004 EAX = APIC access, relaxed timing, cluster IPI, extended
 * processor masks recommended.  Bare: leaf 1 ECX[31] clear, nothing above.
 * Counts one CPUID exit (none on bare).
 */
void vmm_cpuid(struct vm *vm, uint32_t leaf, uint32_t subleaf, uint32_t r[4]);

/**
 * vmm_iommu_regs - the (v)IOMMU a kernel on @vm finds in its DMAR table:
 * CAP_REG and ECAP_REG (VTD_CAP_*, VTD_ECAP_*), and whether interrupt
 * remapping may be enabled on it.  Bare: the physical unit's registers
 * (ir_cap_reg()); a VM: the vIOMMU the VMM emulates (viommu), CM = 1
 * unless viommu_cm_report is clear; one exit per register read.
 * Return: 0, or -ENODEV when there is no such unit (no vIOMMU; bare with
 * remapping off).
 */
int vmm_iommu_regs(struct vm *vm, uint64_t *cap, uint64_t *ecap);

/** vmm_cap_advertised - the VMM showed the IMS-supported bit for @vd. */
bool vmm_cap_advertised(const struct vdev *vd);

/** vmm_ims_emulatable - a plugin exists for this device's IMS. */
bool vmm_ims_emulatable(const struct vdev *vd);

/**
 * vmm_emulation_unsupported - the VMM was asked to emulate @vd's IMS
 * (ims emulate, an IMS device passed through to a VM) and has no plugin
 * for its kind: one of the ADIs vmm_stats().emulation_unsupported counts.
 */
bool vmm_emulation_unsupported(const struct vdev *vd);

/**
 * vmm_emulates - the VMM emulates trapped IMS tables (kvm or hyperv with
 * ims emulate): the case in which a pair it never saw is evidence that it
 * could not emulate.
 */
bool vmm_emulates(const struct vmm *vmm);

/**
 * vmm_pair_seen - (@addr, @data) was carried by a trapped guest access
 * into a table the VMM emulates, or composed by the VMM for a host
 * interrupt (at any time before now).
 */
bool vmm_pair_seen(const struct vmm *vmm, uint64_t addr, uint32_t data);

struct siov_dev *vmm_vdev_dev(const struct vdev *vd);
uint32_t vmm_vdev_adi(const struct vdev *vd);
enum vmm_assign_mode vmm_vdev_mode(const struct vdev *vd);
struct vm *vmm_vdev_vm(const struct vdev *vd);

/* Which IRTE field vmm_corrupt_irte() corrupts (vmm_irte_field_enum). */
enum vmm_irte_field {
    VMM_IRTE_PRESENT = 0,   /* P cleared */
    VMM_IRTE_VECTOR,        /* vector bit 0 flipped */
    VMM_IRTE_DESTINATION,   /* remapped: APIC ID bit 0; posted: PDA bit 6 */
    VMM_IRTE_SID,           /* SID bit 8 flipped (another bus) */
    VMM_IRTE_SVT,           /* SVT 0: no source verification */
    VMM_IRTE_MODE,          /* IM flipped (remapped <-> posted format) */
    VMM_IRTE_FIELD__COUNT
};

extern const struct prop_enum vmm_irte_field_enum;

/**
 * vmm_corrupt_irte - fault injection: the host rewrites every IRTE behind
 * @vd's interrupts with @field corrupted (a raw bit change in the 128-bit
 * entry, VT-d 9.10/9.11 layouts) and invalidates each one's IEC entry, as a
 * buggy modify_irte() would.  What the corrupted entry does is the remapping
 * unit's business (a fault, a wrong vector or CPU, or nothing).
 * Return: how many IRTEs were corrupted (>= 0), -EINVAL.
 */
int vmm_corrupt_irte(struct vdev *vd, enum vmm_irte_field field);

/**
 * vmm_vdev_int_handle - the interrupt handle of the guest's entry @entry of
 * @bank (as the guest sees the function): the device bank and entry the
 * ADI's descriptors must name (domain.md 2.5: in a guest the handle "is the
 * index to IMS for the entire device").  Passthrough: the same entry.
 * Composed: the host IMS entry the VMM allocated behind virtual MSI-X entry
 * @entry (known once the guest unmasked it).  When the device has the
 * command capability (idxd int_handles) the host driver requests the
 * handle (REQUEST_INT_HANDLE) and the entry is the handle granted.
 * Return: 0, -EINVAL, -ENOENT (no host entry yet); with the command
 * capability -EINVAL (0x41), -ENOSPC (0x42), -EIO.
 */
int vmm_vdev_int_handle(const struct vdev *vd, enum siov_bank bank,
                        uint32_t entry, enum siov_bank *hbank, uint32_t *hentry);

/* Regions of a device the guest can access: the drivers' address spaces
 * (models/drv/drv.h), as the guest sees them. */
enum vdev_region {
    VDEV_BAR0 = DRV_BAR0,  /* the device's BAR0 (idxd IMS slots; mlx5 cmdq/doorbell) */
    VDEV_MSIX = DRV_MSIX,  /* the MSI-X table the guest sees (physical in
                            * passthrough, virtual in composed) */
};

/**
 * vmm_guest_mmio_write - a guest vCPU writes @size bytes at @off of @region.
 * Trapped regions cost an exit (VMEXIT_USER) and run the emulation; mapped
 * ones reach the device after MMIO_WRITE.  @done runs when the vCPU can
 * continue.
 * Return: 0 when the access was started; -EINVAL for a bad region.
 */
int vmm_guest_mmio_write(struct vdev *vd, unsigned vcpu, enum vdev_region region,
                         uint64_t off, unsigned size, uint64_t val,
                         seq_done_fn done, void *ctx);

/** vmm_guest_mmio_read - as vmm_guest_mmio_write; *@val valid at @done. */
int vmm_guest_mmio_read(struct vdev *vd, unsigned vcpu, enum vdev_region region,
                        uint64_t off, unsigned size, uint64_t *val,
                        seq_done_fn done, void *ctx);

/**
 * vmm_guest_mem - guest-physical @gpa of @vm as a host-physical address.
 * DMA remapping is not modelled, so this is also the address a device must
 * use for that guest memory (as if the ADI's PASID table mapped GPA to HPA).
 */
uint64_t vmm_guest_mem(const struct vm *vm, uint64_t gpa);

/**
 * vmm_guest_vir_invalidate - the guest invalidates vIRTE @index of its
 * vIOMMU (an IEC invalidation descriptor on the vIOMMU's queue: an MMIO
 * exit).  The VMM re-reads the vIRTE and moves every host IRTE it made from
 * it.  @done runs when the vCPU continues.
 * Return: 0 when started, -EINVAL (no vIOMMU, index out of range).
 */
int vmm_guest_vir_invalidate(struct vm *vm, unsigned vcpu, uint32_t index,
                             seq_done_fn done, void *ctx);

/**
 * vmm_hypercall - the get-pair hypercall (or, on hyperv, the VMBus create-
 * interrupt message for MSI-X).  @resp is valid when @done runs.
 * Return: 0 when started.
 */
int vmm_hypercall(struct vdev *vd, unsigned vcpu, const struct hc_req *req,
                  struct hc_resp *resp, seq_done_fn done, void *ctx);

/**
 * vmm_host_pair - bare personality: the host vector domain allocates a
 * vector on pCPU @cpu (*@vector, 0x30..0xEF) and the host IR domain an IRTE
 * remapped to it, and composes the real remappable pair (with remapping
 * off: a compatibility-format pair to that vector).  The host handler for
 * the vector on that pCPU calls the VM's deliver (vcpu = @cpu).  The IEC
 * invalidation after the IRTE write is issued, not waited for.
 * Return: 0, -EINVAL (not bare, bad CPU), -ENOSPC (no IRTE or vector).
 */
int vmm_host_pair(struct vdev *vd, unsigned cpu, uint8_t *vector,
                  uint64_t *addr, uint32_t *data, uint64_t *cookie);

/**
 * vmm_host_retarget - bare: move @cookie's IRTE to a new vector on @cpu
 * (*@vector receives it); @done runs after the IEC invalidation.  The pair
 * is unchanged (with remapping off it changes: *@addr and *@data, which may
 * be NULL with remapping on, receive it).
 */
int vmm_host_retarget(struct vdev *vd, uint64_t cookie, unsigned cpu,
                      uint8_t *vector, uint64_t *addr, uint32_t *data,
                      seq_done_fn done, void *ctx);

/**
 * vmm_set_skip_iec_flush - from now on, change IRTEs without invalidating
 * the interrupt entry cache (a host bug a scenario can inject).
 */
void vmm_set_skip_iec_flush(struct vmm *vmm, bool skip);

/**
 * vmm_vm_teardown - @vm goes away: every host interrupt behind its devices
 * is released (IRTE cleared, IEC entry invalidated, host vector freed);
 * the devices keep running.
 * Return: how many host interrupts were released (>= 0), -EINVAL (the
 * host, or no VM).
 */
int vmm_vm_teardown(struct vmm *vmm, struct vm *vm);

/**
 * vmm_vm_migrate - @vm arrives on the destination host: every host
 * interrupt behind it becomes the source's (kept until
 * vmm_vm_migrate_finish()), and every trapped entry the guest left
 * unmasked is made again from the VMM's shadow of the guest's table: a new
 * host interrupt (a new IRTE, posted to the vCPU's descriptor or remapped
 * to a host vector), then the real pair written into the hardware entry,
 * as at the guest's unmask [VMM-MIGRATE-01].  Pairs the guest obtained by
 * hypercall are not made again here: the guest asks for new ones.  @fn when
 * every entry is done (status: the first error).
 * Return: 0, -EINVAL (the host, or no VM).
 */
int vmm_vm_migrate(struct vmm *vmm, struct vm *vm, seq_done_fn fn, void *arg);

/**
 * vmm_vm_migrate_finish - the source releases what it held for @vm: every
 * source host interrupt is freed (IRTE cleared, IEC entry invalidated),
 * as HC_PAIR_FREE would for the pairs obtained by hypercall; @fn when
 * every invalidation has completed.
 * Return: how many were released (>= 0), -EINVAL, -ENOMEM.
 */
int vmm_vm_migrate_finish(struct vmm *vmm, struct vm *vm, seq_done_fn fn,
                          void *arg);

/**
 * vmm_set_iec_flush_delay - from now on, change IRTEs and go on at once,
 * invalidating the interrupt entry cache only @delay later (a host bug a
 * scenario can inject: the entry's old contents serve in between).  0
 * restores waiting for the invalidation.
 */
void vmm_set_iec_flush_delay(struct vmm *vmm, sim_time_t delay);

#endif /* IMSLAB_VMM_VMM_H */
