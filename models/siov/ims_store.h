/* SPDX-License-Identifier: MIT */
/*
 * ims_store.h - the storage ops table behind a SIOV device's interrupt
 * message banks (IMS kinds, the function's MSI-X table, and later a layout
 * descriptor or a Verilated RTL table).
 *
 * The device's Interrupt Message Generation Logic (SIOV 6.1, via
 * ../shared/reference/domain.md) owns ADIs, tags, timing and the upstream
 * write.  A store owns what a kind keeps per entry (addr/data pair, mask,
 * pending, PASID) and the registers a CPU programs it through.  The device
 * talks to a store only through struct ims_store_ops; a store talks back
 * only through struct ims_store_host.
 *
 * Mapping to design.md interface 3 (the IMS DUT interface):
 *   reset               -> ops->reset
 *   register read/write -> ops->mmio (a struct mmio_ops on the store)
 *   fire an index with a PASID -> ops->fire (or ims_store_fire() on lookup
 *                          and set_pending when the store has no own logic)
 *   collect emitted messages -> a SEND result of fire, and host->emit for a
 *                          pending message released at unmask
 *   advance clock       -> an RTL adapter clocks its model inside each op;
 *                          the C side owns simulated time
 *
 * Calling context: every op runs at the current simulated time, from the
 * device (a raise, a BAR access) or from the store's own events; ops never
 * block.  host->emit may be called from inside ops->mmio write or from the
 * store's own event callback, never from inside lookup, set_pending or fire.
 */
#ifndef IMSLAB_SIOV_IMS_STORE_H
#define IMSLAB_SIOV_IMS_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "models/bus.h"

/**
 * struct ims_entry - one entry as the device sees it when it samples it.
 * @addr: message address (addr_hi << 32 | addr_lo)
 * @data: message data
 * @masked: masked by any means (entry mask bit, EQ not armed, function mask)
 * @pending: the pending bit
 * @pasid_en: the entry may be used only by the ADI whose PASID is @pasid
 * @pasid: PASID (20 bits)
 */
struct ims_entry {
    uint64_t addr;
    uint32_t data;
    bool masked;
    bool pending;
    bool pasid_en;
    uint32_t pasid;
};

/**
 * struct ims_store_host - the device side, as a store sees it.
 * @emit: release the message of @entry now with the pair (@addr, @data)
 *        current at this instant; a store calls it exactly once when an
 *        entry whose pending bit is set becomes unmasked, after clearing
 *        the pending bit
 * @host: the device's context for @emit
 */
struct ims_store_host {
    void (*emit)(void *host, uint32_t entry, uint64_t addr, uint32_t data);
    void *host;
};

/* What firing an entry does (ims_store_fire(), ops->fire). */
enum ims_fire_outcome {
    IMS_FIRE_SEND = 0,   /* unmasked and allowed: send the pair in the result */
    IMS_FIRE_PENDING,    /* masked: the pending bit is now set */
    IMS_FIRE_COALESCED,  /* masked and already pending: nothing changes */
    IMS_FIRE_REFUSED,    /* PASID enabled and the raiser's PASID differs */
    IMS_FIRE_INVALID,    /* no such entry, or not valid (mlx5: no EQ) */
    IMS_FIRE_FAULT,      /* the entry could not be read (DMA fault) */
    IMS_FIRE__COUNT
};

/**
 * struct ims_fire - result of firing one entry.
 * @outcome: what happened
 * @addr: the pair sampled, for %IMS_FIRE_SEND
 * @data: the pair sampled, for %IMS_FIRE_SEND
 * @entry_pasid_en: the entry's PASID enable (every outcome but INVALID/FAULT)
 * @entry_pasid: the entry's PASID
 * @err: for INVALID and FAULT, the negative errno lookup returned
 */
struct ims_fire {
    enum ims_fire_outcome outcome;
    uint64_t addr;
    uint32_t data;
    bool entry_pasid_en;
    uint32_t entry_pasid;
    int err;
};

/**
 * struct ims_store_ops - one storage kind.
 * @kind: short name ("idxd", "mlx5", "msix", "rtl", ...)
 * @count: number of entries
 * @reset: device (function level) reset of the store's state
 * @mmio: the registers a CPU programs the store through, with the store as
 *        context; NULL when the store has none the device exposes (e.g. an
 *        MSI-X table that lives in a BAR the pci model maps)
 * @lookup: sample entry @entry now.  Return: 0; -ERANGE (@entry >= count);
 *          -ENOENT (the entry exists but is not valid); -EFAULT (it could
 *          not be read)
 * @set_pending: set @entry's pending bit (a raise on a masked entry).
 *          Return: 0 or as @lookup
 * @fire: optional: the whole per-entry decision in the store (an RTL table
 *        does mask, pending and the PASID check itself).  NULL means the
 *        device calls ims_store_fire(), built on @lookup and @set_pending.
 *        Return: 0 and *@out, or a negative errno for a store failure.
 * @set_host: tell the store how to reach its device (called once, when the
 *        store is attached, before any other op but @count)
 */
struct ims_store_ops {
    const char *kind;
    uint32_t (*count)(const void *store);
    void (*reset)(void *store);
    const struct mmio_ops *mmio;
    int (*lookup)(void *store, uint32_t entry, struct ims_entry *out);
    int (*set_pending)(void *store, uint32_t entry);
    int (*fire)(void *store, uint32_t entry, uint32_t pasid, bool has_pasid,
                struct ims_fire *out);
    void (*set_host)(void *store, const struct ims_store_host *host);
};

/**
 * ims_store_fire - the generic per-entry decision of the Interrupt Message
 * Generation Logic, on @ops->lookup and @ops->set_pending.
 * @ops: the store's ops
 * @store: the store
 * @entry: the entry to fire
 * @pasid: the raiser's PASID (an ADI's), when @has_pasid
 * @has_pasid: false for a function-level raise (no PASID)
 * @out: the result
 *
 * Order of checks (documented in docs/devices.md):
 *   1. sample the entry (lookup): INVALID or FAULT when it cannot be used;
 *   2. PASID (IMS-PASID-01): an entry with PASID enable set refuses a raiser
 *      without a PASID or with another PASID: REFUSED, and the pending bit
 *      is not touched;
 *   3. mask (IMS-MASK-01): a masked entry gets its pending bit set
 *      (PENDING), or keeps it (COALESCED: one message for several raises);
 *   4. otherwise SEND with the pair sampled in step 1.
 *
 * Return: 0, or a negative errno from set_pending other than the
 * architectural ones (which become INVALID or FAULT).
 */
int ims_store_fire(const struct ims_store_ops *ops, void *store,
                   uint32_t entry, uint32_t pasid, bool has_pasid,
                   struct ims_fire *out);

/** ims_fire_outcome_name - "send", "pending", ... */
const char *ims_fire_outcome_name(enum ims_fire_outcome o);

#endif /* IMSLAB_SIOV_IMS_STORE_H */
