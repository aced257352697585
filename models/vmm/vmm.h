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
 * its steps on the kernel and reports completion through a callback, so a
 * guest driver is a chain of events and a device can observe a half-done
 * update.
 */
#ifndef IMSLAB_VMM_VMM_H
#define IMSLAB_VMM_VMM_H

#include <stdbool.h>
#include <stdint.h>

#include "models/apic/apic.h"
#include "models/bus.h"
#include "models/cost.h"
#include "models/guest/irqdomain.h"
#include "models/iommu/ir.h"
#include "models/mem/mem.h"
#include "models/siov/siov.h"
#include "models/vmm/hypercall.h"
#include "sim/sim.h"

enum vmm_personality { VMM_BARE = 0, VMM_KVM, VMM_HYPERV };
enum vmm_msix_mode { VMM_MSIX_NATIVE = 0, VMM_MSIX_TRAP, VMM_MSIX_HYPERCALL };
enum vmm_ims_mode { VMM_IMS_NONE = 0, VMM_IMS_EMULATE, VMM_IMS_HYPERCALL };
enum vmm_cap_adv { VMM_CAP_AUTO = 0, VMM_CAP_ALWAYS, VMM_CAP_NEVER };
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
};

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
 * @skip_iec_flush: a buggy host that does not invalidate the IEC after
 *       changing an IRTE (stale entries stay visible)
 */
struct vmm_config {
    enum vmm_personality personality;
    enum vmm_msix_mode msix;
    enum vmm_ims_mode ims;
    enum vmm_cap_adv cap;
    bool viommu;
    bool posted;
    uint32_t irte_limit;
    bool skip_iec_flush;
};

/**
 * struct vmm_stats - counters, all computed from what happened.
 * @exits: VM exits by reason
 * @ims_write_traps: guest writes to an IMS region that exited
 * @msix_write_traps: guest writes to an MSI-X table that exited
 * @hypercalls: get-pair hypercalls (or VMBus messages) served
 * @hypercall_errors: of those, answered with an error
 * @irte_alloc: host IRTEs allocated; @irte_alloc_fail: refused (-ENOSPC)
 * @iec_flushes: IEC invalidations issued
 * @emulation_unsupported: writes to an IMS the VMM cannot emulate
 * @host_irqs: remapped host interrupts handled for a VM (injection path)
 * @injections: interrupts injected into vCPUs by the VMM
 */
struct vmm_stats {
    uint64_t exits[VMM_EXIT__COUNT];
    uint64_t ims_write_traps;
    uint64_t msix_write_traps;
    uint64_t hypercalls;
    uint64_t hypercall_errors;
    uint64_t irte_alloc;
    uint64_t irte_alloc_fail;
    uint64_t iec_flushes;
    uint64_t emulation_unsupported;
    uint64_t host_irqs;
    uint64_t injections;
};

struct vmm;
struct vm;
struct vdev;

/* The guest's handler entry, as struct apic_vm_config.deliver (apic.h). */
typedef apic_guest_handler_fn vmm_deliver_fn;

/** typedef vmm_done_fn - a guest action finished (@status 0 or -errno). */
typedef void (*vmm_done_fn)(void *ctx, int status);

int vmm_create(struct vmm **out, const struct vmm_platform *p,
               const struct vmm_config *cfg);
void vmm_destroy(struct vmm *vmm);
const struct vmm_stats *vmm_stats(const struct vmm *vmm);
const char *vmm_exit_name(enum vmm_exit e);

/**
 * struct vmm_vm_config - one VM.
 * @nvcpu: number of vCPUs (bare: the host's CPUs, one per pCPU used)
 * @pcpu_of: pCPU index of each vCPU
 * @deliver: called at every guest handler entry (vcpu, vector, tags)
 * @ctx: for @deliver
 * @mem_size: guest memory in bytes (backed in host memory)
 */
struct vmm_vm_config {
    unsigned nvcpu;
    const unsigned *pcpu_of;
    vmm_deliver_fn deliver;
    void *ctx;
    uint64_t mem_size;
};

int vmm_vm_create(struct vmm *vmm, const struct vmm_vm_config *cfg,
                  struct vm **out);
unsigned vmm_vm_index(const struct vm *vm);
unsigned vmm_vm_nvcpu(const struct vm *vm);
struct vcpu *vmm_vcpu(struct vm *vm, unsigned i);

/**
 * vmm_assign - give a VM an ADI of a device (@adi) in a mode.
 * Passthrough: the guest drives the device's IMS (or its MSI-X) itself,
 * through the trap map.  Composed: the VMM shows a virtual function with an
 * emulated MSI-X table, backed by host IMS entries it programs itself.
 * Return: 0, -EINVAL, -EBUSY (already assigned), -ENOMEM.
 */
int vmm_assign(struct vmm *vmm, struct vm *vm, struct siov_dev *dev,
               uint32_t adi, enum vmm_assign_mode mode, struct vdev **out);

/** vmm_guest_view - what the guest can observe for this device. */
void vmm_guest_view(const struct vdev *vd, struct guest_view *out);

/** vmm_cap_advertised - the VMM showed the IMS-supported bit for @vd. */
bool vmm_cap_advertised(const struct vdev *vd);

/** vmm_ims_emulatable - a plugin exists for this device's IMS. */
bool vmm_ims_emulatable(const struct vdev *vd);

struct siov_dev *vmm_vdev_dev(const struct vdev *vd);
uint32_t vmm_vdev_adi(const struct vdev *vd);
enum vmm_assign_mode vmm_vdev_mode(const struct vdev *vd);

/* Regions of a device the guest can access. */
enum vdev_region {
    VDEV_BAR0 = 0,    /* the device's BAR0 (idxd IMS slots; mlx5 cmdq/doorbell) */
    VDEV_MSIX,        /* the MSI-X table the guest sees (physical in
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
                         vmm_done_fn done, void *ctx);

/** vmm_guest_mmio_read - as vmm_guest_mmio_write; *@val valid at @done. */
int vmm_guest_mmio_read(struct vdev *vd, unsigned vcpu, enum vdev_region region,
                        uint64_t off, unsigned size, uint64_t *val,
                        vmm_done_fn done, void *ctx);

/** vmm_guest_mem - guest-physical @gpa of @vm as a host-physical address. */
uint64_t vmm_guest_mem(const struct vm *vm, uint64_t gpa);

/**
 * vmm_hypercall - the get-pair hypercall (or, on hyperv, the VMBus create-
 * interrupt message for MSI-X).  @resp is valid when @done runs.
 * Return: 0 when started.
 */
int vmm_hypercall(struct vdev *vd, unsigned vcpu, const struct hc_req *req,
                  struct hc_resp *resp, vmm_done_fn done, void *ctx);

/**
 * vmm_host_pair - bare personality: the host IR domain allocates an IRTE
 * (remapped to @vector on the pCPU @cpu) and composes the real remappable
 * pair.  The host handler for @vector on that pCPU calls the VM's deliver.
 */
int vmm_host_pair(struct vdev *vd, unsigned cpu, uint8_t vector,
                  uint64_t *addr, uint32_t *data, uint64_t *cookie);

/** vmm_host_retarget - bare: move @cookie's IRTE to (@cpu, @vector). */
int vmm_host_retarget(struct vdev *vd, uint64_t cookie, unsigned cpu,
                      uint8_t vector, vmm_done_fn done, void *ctx);

/**
 * vmm_set_skip_iec_flush - from now on, change IRTEs without invalidating
 * the interrupt entry cache (a host bug a scenario can inject).
 */
void vmm_set_skip_iec_flush(struct vmm *vmm, bool skip);

#endif /* IMSLAB_VMM_VMM_H */
