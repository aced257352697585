/* SPDX-License-Identifier: MIT */
/*
 * bus.h - the interfaces between models (../shared/design.md, "Models talk
 * through explicit interfaces").
 *
 *   device --pcie_write--> IOMMU --apic_msg, apic_post--> LAPIC / vCPU
 *   CPU    --mmio access--> device (the VMM's trap map may intercept)
 *   every model --evidence_port--> whoever judges the run (the harness)
 *
 * A model that receives a message through one of these handles it at the
 * current simulated time; every cost it adds is an event it schedules on the
 * kernel, never a number summed by hand.
 *
 * Every message carries a ground-truth tag (struct irq_tag) from the
 * interrupt a device raised.  It is evidence for the harness only: no model
 * may read it to decide anything.  A model reports what the evidence needs
 * (a raise, a refusal or a fault, a coalesced raise, a handler entry, a
 * retarget) through the one struct evidence_port it was given.
 */
#ifndef IMSLAB_MODELS_BUS_H
#define IMSLAB_MODELS_BUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/sim.h"

/**
 * struct irq_tag - who raised an interrupt (ground truth).
 * @seq: raise sequence number, unique per simulation; 0 means "no tag"
 *       (a message no device raised as an interrupt)
 * @dev: device index
 * @adi: ADI (or MSI-X function) index within the device
 * @entry: IMS or MSI-X entry index
 */
struct irq_tag {
    uint64_t seq;
    uint32_t dev;
    uint32_t adi;
    uint32_t entry;
};

/** PCI requester ID from bus/device/function. */
#define PCI_RID(bus, dev, fn) \
    ((uint16_t)((((bus) & 0xffu) << 8) | (((dev) & 0x1fu) << 3) | ((fn) & 0x7u)))
#define PCI_RID_BUS(rid) (((rid) >> 8) & 0xffu)

/**
 * struct pcie_write - an upstream posted memory write TLP.
 * @addr: target address (64-bit)
 * @data: the first DWORD of payload
 * @len: payload length in bytes (an MSI is exactly 4)
 * @rid: requester ID (bus << 8 | dev << 3 | fn)
 * @has_pasid: a PASID TLP prefix is present
 * @pasid: the PASID when @has_pasid
 * @tag: ground truth, for the harness only
 */
struct pcie_write {
    uint64_t addr;
    uint32_t data;
    uint32_t len;
    uint16_t rid;
    bool has_pasid;
    uint32_t pasid;
    struct irq_tag tag;
};

/** struct pcie_sink - where a device sends its upstream writes. */
struct pcie_sink {
    void (*write)(void *ctx, const struct pcie_write *w);
    void *ctx;
};

/* x86 delivery modes (SDM vol. 3, 11.11.2; VT-d 5.10 s.9.9 IRTE DLM) */
enum apic_dlm {
    APIC_DLM_FIXED = 0,
    APIC_DLM_LOWPRI = 1,
    APIC_DLM_SMI = 2,
    APIC_DLM_NMI = 4,
    APIC_DLM_INIT = 5,
    APIC_DLM_EXTINT = 7,
};

/**
 * struct apic_msg - an interrupt request on the system bus to local APICs.
 * @dest: destination APIC ID (physical) or logical destination
 * @vector: the vector
 * @dlm: delivery mode (enum apic_dlm)
 * @dest_logical: destination mode is logical
 * @level: level-triggered
 * @tag: ground truth, for the harness only
 */
struct apic_msg {
    uint32_t dest;
    uint8_t vector;
    uint8_t dlm;
    bool dest_logical;
    bool level;
    struct irq_tag tag;
};

/**
 * struct apic_post - a posting, from the IOMMU to the APIC model (VT-d
 * 5.2.3).
 * @pda: the posted-interrupt descriptor the IOMMU set a PIR bit in
 * @vector: that PIR bit
 * @tag: ground truth of the interrupt posted, for the harness only
 *
 * The IOMMU sets the PIR bit in memory itself (one read-modify-write of the
 * PID); this message, sent in the same event, tells the APIC model which
 * interrupt the bit stands for before any vCPU can move it.  It carries
 * evidence only: the model keeps @tag with the bit and reports it at the
 * handler entry that consumes the vector.
 */
struct apic_post {
    uint64_t pda;
    uint8_t vector;
    struct irq_tag tag;
};

/**
 * struct apic_sink - where the IOMMU (or a compat-format MSI) delivers.
 * @deliver: an interrupt request on the system bus
 * @post: a posting (may be NULL: nobody keeps the evidence of postings)
 * @ctx: for both
 */
struct apic_sink {
    void (*deliver)(void *ctx, const struct apic_msg *m);
    void (*post)(void *ctx, const struct apic_post *p);
    void *ctx;
};

/* ---- evidence ------------------------------------------------------------ */

/* Where a raise was stopped (evidence_ops.fault). */
enum evidence_fault {
    EVIDENCE_FAULT_DEVICE = 0, /* the device sent no message: reason is what
                                  it did (enum siov_outcome: refused by the
                                  PASID check, entry invalid, entry fault) */
    EVIDENCE_FAULT_IR = 1,     /* interrupt remapping blocked the message:
                                  reason is the VT-d fault reason (enum
                                  ir_fault; 0: a malformed write blocked
                                  with remapping off, VT-d 3.15) */
};

/**
 * struct evidence_ops - what the models report to whoever judges the run.
 * @raise: a device raised the interrupt @tag (every raise, bound or not;
 *         @tag->seq is the device's own counter, from 1).  Return: the
 *         sequence number the raise gets, or 0 to keep the device's (a
 *         harness that owns one sequence across devices returns its own)
 * @coalesced: the device folded raise @tag into its entry's pending bit
 *         (raised while masked and already pending: one message for both)
 * @fault: raise @tag went no further: @where says who stopped it and
 *         @reason why (a message no device raised has @tag->seq 0)
 * @handler: a guest (or host) handler ran on @cpu for @vector in VM @vm
 *         (-1: the host); @believed is the (dev, adi, entry) the driver
 *         believes fired (seq 0), NULL when no driver IRQ owns the vector;
 *         @tags are the ground truth that arrived with the vector, @n of them
 *         (valid during the call only)
 * @retarget: the driver of VM @vm moved interrupt @irq (its dev, adi and
 *         entry; seq 0) to @cpu and @vector; @cpus, when not 0, is the set of
 *         CPUs (bit n: CPU n) a lowest-priority route may reach, @cpu one of them
 * @complete: the application on @cpu of VM @vm (-1: the host) saw @n of
 *         its device requests completed, now; @submitted holds the times
 *         it submitted them (valid during the call only).  The interrupts
 *         whose handlers ran on @cpu since its last @complete brought them
 *
 * Every op runs at the simulated time of what it reports (sim_now()); any
 * may be NULL.  An op only records: it schedules nothing and changes no
 * model, so reporting never steers the simulation.
 */
struct evidence_ops {
    uint64_t (*raise)(void *ctx, const struct irq_tag *tag);
    void (*coalesced)(void *ctx, const struct irq_tag *tag);
    void (*fault)(void *ctx, const struct irq_tag *tag,
                  enum evidence_fault where, unsigned reason);
    void (*handler)(void *ctx, int vm, unsigned cpu, uint8_t vector,
                    const struct irq_tag *believed, const struct irq_tag *tags,
                    size_t n);
    void (*retarget)(void *ctx, int vm, const struct irq_tag *irq,
                     unsigned cpu, uint32_t cpus, uint8_t vector);
    void (*complete)(void *ctx, int vm, unsigned cpu,
                     const sim_time_t *submitted, size_t n);
};

/**
 * struct evidence_port - the one way evidence leaves a model.
 * @ops: the judge's ops (NULL: nobody listens, e.g. a model's unit test)
 * @ctx: passed to every op
 *
 * The device, the IOMMU and the guest stub each take a copy in their
 * configuration; the harness implements the ops once for all of them.
 */
struct evidence_port {
    const struct evidence_ops *ops;
    void *ctx;
};

/* Report through @p (nothing when no op is there); see struct evidence_ops. */
static inline void evidence_complete(const struct evidence_port *p, int vm,
                                     unsigned cpu, const sim_time_t *submitted,
                                     size_t n)
{
    if (p->ops && p->ops->complete)
        p->ops->complete(p->ctx, vm, cpu, submitted, n);
}

static inline uint64_t evidence_raise(const struct evidence_port *p,
                                      const struct irq_tag *tag)
{
    return p->ops && p->ops->raise ? p->ops->raise(p->ctx, tag) : 0;
}

static inline void evidence_coalesced(const struct evidence_port *p,
                                      const struct irq_tag *tag)
{
    if (p->ops && p->ops->coalesced)
        p->ops->coalesced(p->ctx, tag);
}

static inline void evidence_fault(const struct evidence_port *p,
                                  const struct irq_tag *tag,
                                  enum evidence_fault where, unsigned reason)
{
    if (p->ops && p->ops->fault)
        p->ops->fault(p->ctx, tag, where, reason);
}

static inline void evidence_handler(const struct evidence_port *p, int vm,
                                    unsigned cpu, uint8_t vector,
                                    const struct irq_tag *believed,
                                    const struct irq_tag *tags, size_t n)
{
    if (p->ops && p->ops->handler)
        p->ops->handler(p->ctx, vm, cpu, vector, believed, tags, n);
}

static inline void evidence_retarget(const struct evidence_port *p, int vm,
                                     const struct irq_tag *irq, unsigned cpu,
                                     uint32_t cpus, uint8_t vector)
{
    if (p->ops && p->ops->retarget)
        p->ops->retarget(p->ctx, vm, irq, cpu, cpus, vector);
}

/* Result of an MMIO access handler. */
enum mmio_result {
    MMIO_OK = 0,
    MMIO_BAD_SIZE,      /* size or alignment not accepted: a guest error */
    MMIO_UNMAPPED,      /* no register there: reads return all ones */
};

/**
 * struct mmio_ops - a device's MMIO region, as QEMU's MemoryRegionOps.
 * @read: read @size bytes at @off into @val
 * @write: write @size bytes of @val at @off
 * @min_size: smallest access accepted (bytes)
 * @max_size: largest access accepted (bytes)
 *
 * Both return enum mmio_result; a rejected access is recorded as a guest
 * error by the caller and never crashes the model.
 */
struct mmio_ops {
    int (*read)(void *ctx, uint64_t off, unsigned size, uint64_t *val);
    int (*write)(void *ctx, uint64_t off, unsigned size, uint64_t val);
    unsigned min_size;
    unsigned max_size;
};

#endif /* IMSLAB_MODELS_BUS_H */
