/* SPDX-License-Identifier: MIT */
/*
 * bus.h - the interfaces between models (../shared/design.md, "Models talk
 * through explicit interfaces").
 *
 *   device --pcie_write--> IOMMU --apic_msg--> LAPIC / vCPU
 *   CPU    --mmio access--> device (the VMM's trap map may intercept)
 *
 * A model that receives a message through one of these handles it at the
 * current simulated time; every cost it adds is an event it schedules on the
 * kernel, never a number summed by hand.
 *
 * Every message carries a ground-truth tag (struct irq_tag) from the
 * interrupt a device raised.  It is evidence for the harness only: no model
 * may read it to decide anything.
 */
#ifndef IMSLAB_MODELS_BUS_H
#define IMSLAB_MODELS_BUS_H

#include <stdbool.h>
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

/** struct apic_sink - where the IOMMU (or a compat-format MSI) delivers. */
struct apic_sink {
    void (*deliver)(void *ctx, const struct apic_msg *m);
    void *ctx;
};

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
