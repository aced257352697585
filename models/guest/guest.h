/* SPDX-License-Identifier: MIT */
/*
 * guest.h - the guest kernel stub: IRQ domains, the device drivers, and the
 * interrupt handlers whose entries are the delivery points the harness
 * observes.
 *
 * Per VM (or, on bare metal, for the host) one struct guest.  Attaching a
 * device runs the driver's probe as a chain of simulated events: read the
 * device's DVSEC through config space, try to create the IMS domain under
 * the policy (irqdomain.h), fall back to MSI-X on -EOPNOTSUPP, allocate
 * vectors, compose each pair through the parent domain (vector domain:
 * compatibility format with the guest APIC ID; vIR: a handle in the guest's
 * vIOMMU table; PV: the hypercall; IR on bare metal: the host IR domain),
 * and program the device its own way (idxd: MMIO writes to the IMS slot,
 * masked around the update and flushed by a read; mlx5: mailbox commands;
 * MSI-X: table writes), then bind the ADI's completions to those entries.
 *
 * The handler reports, for each entry, which IRQ the driver believes fired
 * (its own table from vector to entry) and the ground-truth tags that came
 * with the vector; it never reads a tag to decide anything.
 *
 * Drivers.  idxd and mlx5 have an IMS driver with an MSI-X fallback; a
 * msix-kind function, and a composed virtual function (MSI-X only, seen
 * through struct guest_view.own_function), get a plain MSI-X driver that
 * never asks for IMS.  ADI k owns IMS entries [k*S, k*S + nvec), S =
 * entries / ADIs; on the shared physical MSI-X table it owns [k*nvec,
 * (k+1)*nvec).  Each vector gets a guest vector from 0x41 upward on its
 * vCPU (bare: a host vector from vmm_host_pair()).  The device's entry an
 * interrupt uses is its interrupt handle (vmm_vdev_int_handle()); the
 * driver binds the ADI to those handles and names them in what it reports.
 * A driver programs one thing at a time per device (as under its lock).
 *
 * Contract changes against the first draft (80a8fa2): struct guest_config
 * has @mem (guest memory is host memory, for mailboxes and the vIRT);
 * guest_set_affinity() and guest_mask() name interrupts by the device's
 * entry (the interrupt handle, as scenario events do) or %GUEST_ENTRY_ALL;
 * @done callbacks are seq_done_fn (models/seq.h; guest_done_fn is gone).
 * The drivers' register sequences are the shared library in models/drv.
 */
#ifndef IMSLAB_GUEST_GUEST_H
#define IMSLAB_GUEST_GUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "models/bus.h"
#include "models/cost.h"
#include "models/guest/irqdomain.h"
#include "models/seq.h"
#include "models/vmm/vmm.h"
#include "sim/sim.h"

/* CPUs (vCPUs of a VM, pCPUs of the bare host) the guest's vector domain
 * covers: 1,024 vCPUs per VM (the scenario format's limit) x 4 words of
 * 64 vectors = 32 KiB per guest. */
#define GUEST_MAX_CPUS 1024u

struct guest;

/* A guest operation's @done is the models' one continuation type,
 * seq_done_fn (models/seq.h): 0 or -errno. */

/**
 * struct guest_config - one guest kernel.
 * @sim: the simulation
 * @cost: the cost model
 * @policy: its IMS policy
 * @vm_index: its VM index for evidence (-1: the host, bare metal)
 * @evidence: where the handler reports each entry (which entry the driver
 *            believes fired, and the tags that arrived with the vector) and
 *            guest_set_affinity() each move (the evidence ops' handler and
 *            retarget)
 * @mem: host memory, where the guest's memory lives (vmm_guest_mem())
 * @after_migrate: what it does with the VMM's pairs after a migration
 * @rewrite: how guest_rewrite() writes a changed pair
 */
struct guest_config {
    struct sim *sim;
    const struct cost_model *cost;
    struct mem *mem;
    enum guest_policy policy;
    int vm_index;
    struct evidence_port evidence;
    enum guest_after_migrate after_migrate;
    enum guest_rewrite_policy rewrite;
};

int guest_create(struct guest **out, const struct guest_config *cfg);
void guest_destroy(struct guest *g);

/**
 * guest_deliver - the VM's handler entry point; pass it with the guest as
 * ctx in struct vmm_vm_config.deliver (matches apic_guest_handler_fn).
 */
void guest_deliver(void *g, uint32_t vcpu, uint8_t vector,
                   const struct irq_tag *tags, size_t n);

/** guest_bind_vm - the VM this guest runs in (after vmm_vm_create). */
void guest_bind_vm(struct guest *g, struct vm *vm);

/**
 * struct guest_attach_info - what the probe did.
 * @ims_rc: result of creating the IMS domain (0 or -EOPNOTSUPP)
 * @ims_used: the driver programs IMS entries
 * @fallback: IMS was refused and the driver uses MSI-X
 * @relied_on_cap: IMS was used on the DVSEC bit's word alone
 * @parent: the parent domain that composed the pairs
 * @setup_errors: pairs that could not be obtained (e.g. hypercall -ENOSPC)
 */
struct guest_attach_info {
    int ims_rc;
    bool ims_used;
    bool fallback;
    bool relied_on_cap;
    enum guest_parent parent;
    unsigned setup_errors;
};

/**
 * guest_attach - probe a device: allocate @nvec vectors targeting @vcpu,
 * compose and program them, bind the ADI.  @done runs when the driver is
 * ready (interrupts raised before that are the workload's business).
 * Return: 0 when started.
 */
int guest_attach(struct guest *g, struct vdev *vd, unsigned nvec, unsigned vcpu,
                 seq_done_fn done, void *ctx);

/** guest_attach_info - what the probe of @vd did (after @done). */
int guest_attach_info(const struct guest *g, const struct vdev *vd,
                      struct guest_attach_info *out);

/* Every interrupt of the device interface. */
#define GUEST_ENTRY_ALL UINT32_MAX

/**
 * guest_set_affinity - move the interrupt using device entry @entry of @vd
 * (%GUEST_ENTRY_ALL: each of them) to @vcpu: recompose the pair as the
 * parent domain does (vector: a new compatibility pair written to the
 * device; vIR: the vIRTE rewritten and invalidated; PV/HV-vPCI: the
 * retarget hypercall; bare IR: vmm_host_retarget()), then report it through
 * the evidence port (retarget).  @done runs when every move finished.
 * Return: 0 when started, -ENOENT (no such interrupt), -EINVAL.
 */
int guest_set_affinity(struct guest *g, struct vdev *vd, uint32_t entry,
                       unsigned vcpu, seq_done_fn done, void *ctx);

/**
 * guest_set_affinity_lowest - as guest_set_affinity(), to the set of vCPUs
 * @cpus (bit n: vCPU n, n < 8 and < the VM's vCPUs): the vector domain
 * takes one vector free on every member (held on all of them) and writes
 * a compatibility pair in flat logical destination mode, lowest priority,
 * destination @cpus.  Only the vector parent (the trap path) composes one;
 * another parent, or the host, fails the move with -ENOTSUP (at @done).
 * The evidence port's retarget carries the set: any member is a right
 * destination.
 * Return: 0 when started, -ENOENT, -EINVAL (an empty or too wide set).
 */
int guest_set_affinity_lowest(struct guest *g, struct vdev *vd, uint32_t entry,
                              uint32_t cpus, seq_done_fn done, void *ctx);

/**
 * guest_rewrite - as guest_set_affinity(), the way cfg.rewrite says: with
 * %GUEST_REWRITE_LIVE a pair that changes is written into the live,
 * unmasked entry dword by dword (address low, address high, data), so the
 * device may sample a torn pair between the writes; with
 * %GUEST_REWRITE_MASKED masked around the update.  A parent that moves the
 * interrupt behind an unchanged pair (vIR, PV, IR) writes nothing.
 * Return: as guest_set_affinity().
 */
int guest_rewrite(struct guest *g, struct vdev *vd, uint32_t entry,
                  unsigned vcpu, seq_done_fn done, void *ctx);

/**
 * guest_mask - mask (@masked) or unmask the interrupt using device entry
 * @entry of @vd (%GUEST_ENTRY_ALL: each of them), the device's way: the
 * idxd slot's or MSI-X entry's mask bit, an mlx5 DISARM_EQ/ARM_EQ command.
 * Return: 0 when started, -ENOENT, -EINVAL.
 */
int guest_mask(struct guest *g, struct vdev *vd, uint32_t entry, bool masked,
               seq_done_fn done, void *ctx);

/**
 * guest_migrated - the guest's VM runs again on another host: the platform
 * IRQ domain of @vd's driver asks the destination for a new pair for each
 * pair it obtained from the VMM (same CPU and vector) and the driver
 * writes it into the entry; other parents do nothing.  @done when all are
 * written (status: the first error).
 * Return: 0, -EINVAL, -ENOENT (no driver for @vd), -ENOMEM.
 */
int guest_migrated(struct guest *g, struct vdev *vd, seq_done_fn done, void *ctx);

/**
 * guest_release - the guest goes away: every pair its platform IRQ domain
 * obtained by hypercall is given back (HC_PAIR_FREE), one after another;
 * the entries keep their pairs (the devices are not quiesced).
 * @g: the guest
 * @done: then, with 0 (a FREE the VMM refused leaves that pair alone)
 * @ctx: for @done
 *
 * Return: 0, -EINVAL without a VM, -ENOMEM.  @done may run before this
 * returns when there is nothing to free.
 */
int guest_release(struct guest *g, seq_done_fn done, void *ctx);

/**
 * guest_target - where the driver wants (@dev, @adi, @entry)'s interrupt:
 * the vCPU (or pCPU on the host) and vector; @cpus the lowest-priority set
 * it was moved to (guest_set_affinity_lowest(); @cpu its first member),
 * else 0.
 * Return: 0, or -ENOENT when no driver IRQ uses that entry.
 */
int guest_target(const struct guest *g, uint32_t dev, uint32_t adi,
                 uint32_t entry, unsigned *cpu, uint32_t *cpus, uint8_t *vector);

/* ---- request loops (reqloop.c, docs/request-loop.md) ------------------------ */

/**
 * guest_reqloop_add - the driver of @vd (attached, set up) runs a request
 * loop: from @start to @stop it keeps @depth requests submitted to its
 * ADI's work portal (siov_adi_submit()) and, when a completion interrupt's
 * handler has run on the CPU it targets and that CPU is back in its code,
 * reads the completion records, reports each completed request through
 * the evidence port (complete) and submits the next.  A VM's vCPUs wait
 * as @wait says for all loops of the guest (the first loop's).
 * Return: 0, -ENOENT (no driver for @vd, or none of its interrupts is set
 * up), -EINVAL (@depth 0 or above %SIOV_WQ_DEPTH), -ENOMEM.
 */
int guest_reqloop_add(struct guest *g, struct vdev *vd, unsigned depth,
                      enum guest_wait wait, sim_time_t start, sim_time_t stop);

/**
 * guest_reqloop_start - the applications start: each loop submits its
 * first requests at its start time (now when that is past); on a VM the
 * vCPUs then wait as the loops' wait says.
 */
void guest_reqloop_start(struct guest *g);

/**
 * guest_on_idle - apic_vm_config.on_idle of a VM whose guest runs request
 * loops (pass it with the guest as ctx in struct vmm_vm_config.on_idle): the
 * loops on @vcpu run; true (HLT) unless they wait by polling.
 */
bool guest_on_idle(void *g, uint32_t vcpu);

/** struct guest_reqloop_stats - what the request loops of a guest did. */
struct guest_reqloop_stats {
    uint64_t submitted;     /* requests written to a portal */
    uint64_t completed;     /* completions the applications saw */
    uint64_t refused;       /* submissions refused (work queue full) */
};

void guest_reqloop_stats(const struct guest *g, struct guest_reqloop_stats *out);

#endif /* IMSLAB_GUEST_GUEST_H */
