/* SPDX-License-Identifier: MIT */
/*
 * msix.h - the MSI-X capability, table and PBA of one PCI function.
 *
 * Semantics as PCIe Base 6.0 s.6.1.4 and s.7.7.2 and QEMU hw/pci/msix.c:
 *
 *  - msix_notify() from the device: MSI-X disabled -> nothing is sent
 *    (MSIX-EN-01); vector masked or Function Mask set -> its PBA bit is set,
 *    nothing is sent (MSIX-MASK-01); otherwise one DWORD posted write
 *    {addr_hi:addr_lo, data, len 4, the function's RID, no PASID} leaves
 *    COST_DEV_MSI_GEN later (MSIX-MSG-01, MSIX-LAT-01), provided Bus Master
 *    Enable is set at that moment (MSIX-BME-01).
 *  - Unmasking (vector Mask cleared, Function Mask cleared, or Enable set)
 *    a vector whose PBA bit is set clears the bit and sends the message
 *    once, with the address/data in the table at that moment (MSIX-MASK-02,
 *    MSIX-PBA-02); clearing Function Mask replays in ascending vector order
 *    (MSIX-FM-01).
 *  - The table and PBA are MMIO regions (&msix_table_mmio_ops,
 *    &msix_pba_mmio_ops, ctx = struct msix *) accepting only naturally
 *    aligned 4- and 8-byte accesses inside the region (MSIX-ACC-01); the
 *    PBA is read-only (MSIX-PBA-01).  They are plain ops tables so a VMM's
 *    trap map can sit in front of them.
 *
 * The message is sampled (address, data, tag) when the device decides to
 * send it; the event kernel delivers it to the sink after the latency.
 *
 * A device that generates its interrupt messages itself (a SIOV device, whose
 * Interrupt Message Generation Logic also serves IMS; models/siov/ims_msix.h)
 * uses the same state without the model's own sending: msix_decide() makes
 * msix_notify()'s decision and leaves an unmasked vector's message to the
 * caller, and msix_set_replay() hands a pending vector released by an unmask
 * to the device instead of the sink (rule MSIX-DEV-01).
 */
#ifndef IMSLAB_PCI_MSIX_H
#define IMSLAB_PCI_MSIX_H

#include <stdbool.h>
#include <stdint.h>

#include "models/bus.h"
#include "models/cost.h"
#include "models/pci/pci.h"
#include "sim/sim.h"

/**
 * struct msix_config - where the capability, table and PBA live.
 * @nvec: table size N, 1-2048
 * @cap_off: capability offset in config space, 0 for the first free one
 * @table_bir: BAR holding the table (0-5)
 * @table_off: table offset in that BAR, 8-byte aligned
 * @pba_bir: BAR holding the PBA (0-5)
 * @pba_off: PBA offset in that BAR, 8-byte aligned
 */
struct msix_config {
    unsigned nvec;
    uint32_t cap_off;
    uint8_t table_bir;
    uint32_t table_off;
    uint8_t pba_bir;
    uint32_t pba_off;
};

/** Architectural outcome of msix_notify() and msix_decide() (not an error). */
enum msix_notify_result {
    MSIX_NOTIFY_SENT = 0,      /* notify: scheduled; decide: the caller sends */
    MSIX_NOTIFY_PENDING = 1,   /* masked: PBA bit set (notify: or already set) */
    MSIX_NOTIFY_DISABLED = 2,  /* MSI-X Enable clear: dropped */
    MSIX_NOTIFY_COALESCED = 3, /* msix_decide() only: masked, PBA bit already
                                * set (msix_notify() reports PENDING) */
};

/**
 * struct msix_stats - counters, for the harness.
 * @notified: msix_notify() and msix_decide() calls with a valid vector
 * @scheduled: messages scheduled (notify or replay)
 * @sent: messages delivered to the sink
 * @pended: PBA bits set by a masked notify
 * @coalesced: masked notifies whose PBA bit was already set
 * @replayed: pending vectors released on unmask (sent, or handed to the
 *            replay callback)
 * @pending_cleared: PBA bits cleared by the device (msix_clear_pending)
 * @dropped_disabled: notifies while MSI-X was disabled
 * @dropped_bme: messages not sent because Bus Master Enable was clear
 * @dropped_reset: scheduled messages discarded by msix_reset()
 * @guest_errors: rejected table/PBA accesses
 * @pba_writes: well-formed writes to the PBA (ignored)
 */
struct msix_stats {
    uint64_t notified;
    uint64_t scheduled;
    uint64_t sent;
    uint64_t pended;
    uint64_t coalesced;
    uint64_t replayed;
    uint64_t pending_cleared;
    uint64_t dropped_disabled;
    uint64_t dropped_bme;
    uint64_t dropped_reset;
    uint64_t guest_errors;
    uint64_t pba_writes;
};

/**
 * struct msix_entry - one table entry as the device sees it.
 * @addr: Message Upper Address << 32 | Message Address
 * @data: Message Data
 * @ctrl: Vector Control
 */
struct msix_entry {
    uint64_t addr;
    uint32_t data;
    uint32_t ctrl;
};

/**
 * typedef msix_replay_fn - an unmask released a pending vector (see
 * msix_set_replay()).
 * @ctx: what was registered
 * @vector: the vector
 * @e: its table entry at this moment (the pair to send)
 * @tag: the tag kept with the PBA bit (zero if none was given)
 *
 * Called with the PBA bit already cleared, from inside the table write or
 * the Message Control write that unmasked the vector; it must not call back
 * into the model.
 */
typedef void (*msix_replay_fn)(void *ctx, unsigned vector,
                               const struct msix_entry *e,
                               const struct irq_tag *tag);

struct msix_inflight;

/**
 * struct msix - one function's MSI-X state.
 * @cfg: the function's config space (holds the capability)
 * @sim: the simulation
 * @cost: the costs in force
 * @sink: where messages go
 * @cap: capability offset
 * @nvec: table size
 * @table_bir: table BAR
 * @table_off: table offset in the BAR
 * @pba_bir: PBA BAR
 * @pba_off: PBA offset in the BAR
 * @table: 4 dwords per entry (addr lo, addr hi, data, vector control)
 * @pba: one bit per vector, 64 per word
 * @pend_tag: ground truth of the notify that set each PBA bit
 * @enabled: Message Control Enable, as last seen by the hook
 * @fmask: Message Control Function Mask, as last seen by the hook
 * @inflight: scheduled messages not yet sent
 * @replay: where a released pending vector goes instead of the sink (NULL:
 *          the model sends it itself)
 * @replay_ctx: its context
 * @stats: counters
 */
struct msix {
    struct pci_cfg *cfg;
    struct sim *sim;
    const struct cost_model *cost;
    struct pcie_sink sink;
    uint16_t cap;
    unsigned nvec;
    uint8_t table_bir;
    uint32_t table_off;
    uint8_t pba_bir;
    uint32_t pba_off;
    uint32_t *table;
    uint64_t *pba;
    struct irq_tag *pend_tag;
    bool enabled;
    bool fmask;
    struct msix_inflight *inflight;
    msix_replay_fn replay;
    void *replay_ctx;
    struct msix_stats stats;
};

/**
 * msix_init - add the MSI-X capability to @cfg and reset table and PBA.
 * @m: the state to initialise; it must not move afterwards (the config
 *     write hook on Message Control points at it)
 * @cfg: the function's config space (must outlive @m)
 * @mc: layout
 * @sim: the simulation (must outlive @m)
 * @cost: the costs (must outlive @m)
 * @sink: where messages go (copied)
 *
 * Validation as QEMU msix_init(): N in 1-2048, BIRs 0-5, offsets 8-byte
 * aligned, table and PBA not overlapping when in the same BAR.  Every
 * vector starts masked (Vector Control = 1) with address and data 0.
 *
 * Return: 0, -EINVAL (bad layout, NULL argument, sink without a write
 * function), -ENOMEM, or an error of pci_add_cap() / pci_cfg_add_hook().
 */
int msix_init(struct msix *m, struct pci_cfg *cfg, const struct msix_config *mc,
              struct sim *sim, const struct cost_model *cost,
              const struct pcie_sink *sink);

/**
 * msix_fini - free the table and cancel messages not yet sent.
 * @m: the state (the capability stays in config space)
 */
void msix_fini(struct msix *m);

/**
 * msix_reset - function reset: Enable and Function Mask cleared, every
 * vector masked with address/data 0, PBA cleared, scheduled messages
 * discarded.
 * @m: the state
 */
void msix_reset(struct msix *m);

/**
 * msix_set_sink - connect the function to another upstream sink.
 * @m: the state
 * @sink: the new sink (copied)
 *
 * Return: 0, or -EINVAL when @sink has no write function.
 */
int msix_set_sink(struct msix *m, const struct pcie_sink *sink);

/**
 * msix_notify - the device raises @vector.
 * @m: the state
 * @vector: table index
 * @tag: ground truth carried by the message (NULL: no tag)
 *
 * Return: enum msix_notify_result, or -EINVAL (@vector >= N) or -ENOMEM.
 */
int msix_notify(struct msix *m, unsigned vector, const struct irq_tag *tag);

/**
 * msix_decide - the function's decision for a raise of @vector, without
 * sending: the checks, counters and trace points of msix_notify() (Enable,
 * MSIX-EN-01; vector Mask and Function Mask, MSIX-MASK-01), but the message
 * of an unmasked vector is left to the caller, which generates it itself.
 * @m: the state
 * @vector: table index
 * @tag: ground truth, kept with a PBA bit this call sets (NULL: none)
 * @out: for %MSIX_NOTIFY_SENT, the entry sampled now (MSIX-MSG-02); may be
 *       NULL
 *
 * Bus Master Enable and the latency (MSIX-BME-01, MSIX-LAT-01) are then the
 * caller's: the model schedules nothing.
 *
 * Return: %MSIX_NOTIFY_SENT, %MSIX_NOTIFY_PENDING (PBA bit set now),
 * %MSIX_NOTIFY_COALESCED (already set), %MSIX_NOTIFY_DISABLED, or -EINVAL
 * (@vector >= N).
 */
int msix_decide(struct msix *m, unsigned vector, const struct irq_tag *tag,
                struct msix_entry *out);

/**
 * msix_set_pending - the device sets @vector's Pending bit without sending
 * (QEMU msix_set_pending()): what a masked raise does, for a caller that
 * made the decision itself.  Nothing is sent now; the bit is released by
 * the next unmask transition of the vector (MSIX-MASK-02), so on a vector
 * that is not masked it waits for a mask and unmask.
 * @m: the state
 * @vector: table index
 * @tag: ground truth kept with the bit when this call sets it (NULL: none)
 *
 * Return: 0 (also when the bit was already set: nothing changes), or
 * -EINVAL.
 */
int msix_set_pending(struct msix *m, unsigned vector, const struct irq_tag *tag);

/**
 * msix_set_replay - send released pending vectors somewhere else.
 * @m: the state
 * @fn: called for each pending vector an unmask releases, instead of the
 *      model scheduling the message to its sink (NULL: the model sends)
 * @ctx: for @fn
 *
 * The PBA bit is cleared, counted as replayed and traced (msix_replay) as
 * before (MSIX-MASK-02, MSIX-PBA-02, MSIX-FM-01 order); sampling the pair
 * and the message are then @fn's (MSIX-DEV-01).  msix_reset() keeps it.
 */
void msix_set_replay(struct msix *m, msix_replay_fn fn, void *ctx);

/**
 * msix_clear_pending - the device withdraws a pending interrupt (its
 * condition was serviced while the vector was masked; PCIe s.6.1.4.5).
 * @m: the state
 * @vector: table index
 *
 * Return: 0, or -EINVAL.
 */
int msix_clear_pending(struct msix *m, unsigned vector);

/** msix_is_pending - the PBA bit of @vector (false when out of range). */
bool msix_is_pending(const struct msix *m, unsigned vector);

/**
 * msix_is_masked - would a notify of @vector be held back?
 * @m: the state
 * @vector: table index (out of range reads as masked)
 *
 * Return: true when the vector's Mask bit or the Function Mask is set.
 * Enable is separate (see msix_enabled()).
 */
bool msix_is_masked(const struct msix *m, unsigned vector);

/** msix_enabled - Message Control Enable. */
bool msix_enabled(const struct msix *m);

/** msix_function_masked - Message Control Function Mask. */
bool msix_function_masked(const struct msix *m);

/**
 * msix_get_entry - read table entry @vector (model side, no access rules).
 * @m: the state
 * @vector: table index
 * @out: receives the entry
 *
 * Return: 0, or -EINVAL.
 */
int msix_get_entry(const struct msix *m, unsigned vector, struct msix_entry *out);

/** msix_table_size - the table region's size in bytes (16 * N). */
uint32_t msix_table_size(const struct msix *m);

/** msix_pba_size - the PBA region's size in bytes (8 * ceil(N / 64)). */
uint32_t msix_pba_size(const struct msix *m);

/* The table and PBA regions; offsets are relative to the region start. */
extern const struct mmio_ops msix_table_mmio_ops;
extern const struct mmio_ops msix_pba_mmio_ops;

#endif /* IMSLAB_PCI_MSIX_H */
