/* SPDX-License-Identifier: MIT */
/*
 * siov_core.h - the device's own state, shared by the two halves of the
 * device core: siov.c (BAR0, banks and bindings, life cycle, accessors) and
 * siov_msg.c (the Interrupt Message Generation Logic and the messages in
 * flight).  Not for the stores (they see siov_internal.h) nor for other
 * models (they use siov.h).
 */
#ifndef IMSLAB_SIOV_CORE_H
#define IMSLAB_SIOV_CORE_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/pool.h"

#include "models/pci/msix.h"
#include "models/siov/ims_msix.h"
#include "models/siov/siov_internal.h"

struct siov_dev;

/* One bank: its store, evidence of pending raises, per-entry counters. */
struct bank {
    struct siov_dev *dev;
    enum siov_bank id;
    const struct ims_store_ops *ops;   /* NULL: the bank has no store */
    void *store;
    uint32_t count;
    struct irq_tag *pend_tag;          /* the raise that set each pending bit */
    struct siov_entry_stats *es;
    uint32_t bound;                    /* ADIs bound to this bank */
};

struct adi {
    enum siov_bank bank;
    uint32_t *entries;
    uint32_t n;
    uint32_t next;                     /* round robin position */
    bool stopped;                      /* migration: completions are held */
    struct irq_tag *held;              /* their interrupts' tags, oldest first */
    uint32_t nheld, capheld;
    struct siov_dev *dev;              /* for the work engine's event */
    sim_time_t wq[SIOV_WQ_DEPTH];      /* arrival time of each queued descriptor */
    uint32_t wq_head, wq_n;
    sim_event_t ev_work;               /* the engine's next completion */
    uint64_t work_done;                /* completion records written */
};

/* A message generated and not yet delivered upstream. */
struct msg {
    struct siov_dev *dev;
    struct pcie_write w;
    uint32_t bank, entry;
    sim_event_t ev;
    struct msg *prev, *next;
};

struct siov_dev {
    char name[32];
    struct sim_pool msgs;              /* struct msg, recycled per message */
    struct siov_config cfg;
    struct siov_platform plat;         /* with the evidence port */
    struct cost_model cost_default;
    struct siov__env env;
    struct siov_stats stats;
    uint64_t seq;

    struct siov__store builtin;        /* the kind's own IMS store */
    struct pci_cfg pcfg;               /* the function's config space */
    bool has_msix;                     /* @msix and @msix_store are set up */
    struct msix msix;                  /* its MSI-X capability, table, PBA */
    struct ims_msix msix_store;        /* @msix as the MSI-X bank's store */
    struct bank bank[SIOV_BANK__COUNT];
    struct adi *adi;
    struct msg *inflight;
};

/*
 * siov__bank_emit (siov_msg.c) - struct ims_store_host.emit of every bank
 * (@host is the struct bank): a pending entry was unmasked, its message is
 * generated now with the pair current at this instant.
 */
void siov__bank_emit(void *host, uint32_t entry, uint64_t addr, uint32_t data);

/* The work engines (siov_work.c): cancelled at destroy and reset. */
void siov__work_cancel_all(struct siov_dev *dev);

/* The interrupt handles (siov_handle.c): made at create when
 * cfg.int_handles, cleared at a function reset, freed at destroy. */
int siov__handles_create(struct siov_dev *dev);
void siov__handles_destroy(struct siov_dev *dev);
void siov__handles_reset(struct siov_dev *dev);

/*
 * siov__handle_check (siov_handle.c) - may ADI @adi's descriptor name
 * @entry of @bank?  Always with no handles; otherwise only when its handle
 * is granted.  A refusal is a completion with 0x19: counted, and @tag kept
 * with the descriptor until the driver resubmits it.
 */
bool siov__handle_check(struct siov_dev *dev, uint32_t adi,
                        enum siov_bank bank, uint32_t entry,
                        const struct irq_tag *tag);

/*
 * siov__adi_raise_again (siov_msg.c) - ADI @adi's resubmitted descriptor
 * completes: raise the entry its handle names (@tag->entry) with the tag
 * its first completion had.  Return: as siov_adi_complete().
 */
int siov__adi_raise_again(struct siov_dev *dev, uint32_t adi,
                          const struct irq_tag *tag);

/*
 * siov__adi_hold (siov_migrate.c) - ADI @adi is stopped for a migration:
 * keep the completion's interrupt (@tag, already reported raised) until
 * siov_adi_resume().  Return: 0 or -ENOMEM (counted as no_mem).
 */
int siov__adi_hold(struct siov_dev *dev, uint32_t adi, const struct irq_tag *tag);

/* siov__msg_cancel_all (siov_msg.c) - cancel and free every message in flight. */
void siov__msg_cancel_all(struct siov_dev *dev);

#endif /* IMSLAB_SIOV_CORE_H */
