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
 */
#ifndef IMSLAB_GUEST_GUEST_H
#define IMSLAB_GUEST_GUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "models/bus.h"
#include "models/cost.h"
#include "models/guest/irqdomain.h"
#include "models/vmm/vmm.h"
#include "sim/sim.h"

struct guest;

/** typedef guest_done_fn - a guest operation finished (0 or -errno). */
typedef void (*guest_done_fn)(void *ctx, int status);

/**
 * struct guest_hooks - evidence for the harness.
 * @handler: a handler ran on @cpu for @vector; @believed is the entry the
 *           driver believes fired (NULL when no driver IRQ owns the vector);
 *           @tags are what arrived with the vector
 * @retarget: the driver moved (dev, adi, entry) to (@cpu, @vector) at now
 * @ctx: for both
 */
struct guest_hooks {
    void (*handler)(void *ctx, int vm, unsigned cpu, uint8_t vector,
                    const struct irq_tag *believed, const struct irq_tag *tags,
                    size_t n);
    void (*retarget)(void *ctx, int vm, uint32_t dev, uint32_t adi,
                     uint32_t entry, unsigned cpu, uint8_t vector);
    void *ctx;
};

/**
 * struct guest_config - one guest kernel.
 * @sim: the simulation
 * @cost: the cost model
 * @policy: its IMS policy
 * @vm_index: its VM index for evidence (-1: the host, bare metal)
 * @hooks: evidence callbacks
 */
struct guest_config {
    struct sim *sim;
    const struct cost_model *cost;
    enum guest_policy policy;
    int vm_index;
    struct guest_hooks hooks;
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
                 guest_done_fn done, void *ctx);

/** guest_attach_info - what the probe of @vd did (after @done). */
int guest_attach_info(const struct guest *g, const struct vdev *vd,
                      struct guest_attach_info *out);

/**
 * guest_set_affinity - move interrupt @vec of @vd to @vcpu: recompose the
 * pair (or retarget it through the hypercall) as the parent domain does.
 */
int guest_set_affinity(struct guest *g, struct vdev *vd, unsigned vec,
                       unsigned vcpu, guest_done_fn done, void *ctx);

/** guest_mask - mask (@masked) or unmask interrupt @vec of @vd. */
int guest_mask(struct guest *g, struct vdev *vd, unsigned vec, bool masked,
               guest_done_fn done, void *ctx);

/**
 * guest_target - where the driver wants (@dev, @adi, @entry)'s interrupt:
 * the vCPU (or pCPU on the host) and vector.
 * Return: 0, or -ENOENT when no driver IRQ uses that entry.
 */
int guest_target(const struct guest *g, uint32_t dev, uint32_t adi,
                 uint32_t entry, unsigned *cpu, uint8_t *vector);

#endif /* IMSLAB_GUEST_GUEST_H */
