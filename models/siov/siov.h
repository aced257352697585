/* SPDX-License-Identifier: MIT */
/*
 * siov.h - a Scalable-IOV device: ADIs, the Interrupt Message Generation
 * Logic, and its interrupt message banks (IMS of one kind, and the
 * function's MSI-X table).
 *
 * The device knows nothing about VMs.  A CPU (host or guest; a VMM may trap
 * it) reaches it through its config space (siov_cfg(), a models/pci space
 * with the MSI-X capability and, for idxd and mlx5, the SIOV DVSEC), BAR0
 * (siov_bar0()) and the MSI-X table and PBA (siov_msix(), the pci model's
 * regions); it reads and writes host memory by DMA through the platform's
 * translation callback; it sends upstream posted writes to a struct
 * pcie_sink (the IOMMU).  Its Command register starts at 0, as after reset:
 * until a host sets Memory Space Enable BAR0 and the MSI-X regions are not
 * decoded, and until it sets Bus Master Enable the device issues no memory
 * request (no message leaves, DMA faults).  See docs/devices.md for the
 * kinds, their register layouts and when each samples the pair.
 *
 * Interrupts.  The workload says "ADI a completed a descriptor" with
 * siov_adi_complete().  The device picks the next entry bound to that ADI
 * (siov_adi_bind(), round robin), gives the raise a ground-truth tag, and
 * runs the entry through its bank's store (mask, pending, PASID check).  An
 * allowed message is sampled now and reaches the upstream sink
 * COST_DEV_MSI_GEN + COST_PCIE_UPSTREAM later as one posted DWORD write of
 * the entry's pair with the function's requester ID and no PASID (SIOV 6.1:
 * interrupts are not PASID-tagged in SIOV R1).
 *
 * Evidence.  Every raise is reported to the platform's evidence port
 * (models/bus.h; the harness may assign the sequence number there, so one
 * sequence spans every device); a raise that sends nothing is reported
 * again as a fault (EVIDENCE_FAULT_DEVICE, the reason its enum
 * siov_outcome: refused, invalid, fault), and one folded into a pending
 * bit as coalesced.  A sent or pending raise needs no further report: its
 * message carries the tag (a pending message released at unmask carries
 * the tag of the raise that set the pending bit, seq 0 if no raise of this
 * device set it, e.g. an attached store's own pending bit).  What the
 * device did with each raise is also its struct siov_event (the @out of
 * siov_adi_complete() and siov_fn_raise()).  No model reads a tag to
 * decide.
 */
#ifndef IMSLAB_SIOV_SIOV_H
#define IMSLAB_SIOV_SIOV_H

#include <stdbool.h>
#include <stdint.h>

#include "models/bus.h"
#include "models/cost.h"
#include "models/mem/mem.h"
#include "models/props.h"
#include "models/siov/ims_store.h"
#include "sim/sim.h"

struct msix;
struct pci_cfg;
struct siov_dev;

/* Where a device keeps the pairs of its IMS bank. */
enum siov_kind {
    SIOV_KIND_IDXD = 0,   /* 16-byte slots in BAR0 (domain.md 6.4) */
    SIOV_KIND_MLX5,       /* EQ contexts in host memory, set by commands */
    SIOV_KIND_MSIX,       /* no IMS: the function's MSI-X table only */
    SIOV_KIND__COUNT
};

/* The two banks an ADI may be bound to. */
enum siov_bank {
    SIOV_BANK_IMS = 0,
    SIOV_BANK_MSIX = 1,   /* the function's MSI-X table (an attached store) */
    SIOV_BANK__COUNT
};

/* What the device did with one raise. */
enum siov_outcome {
    SIOV_OUT_SENT = 0,    /* message generated; the write follows */
    SIOV_OUT_PENDING,     /* entry masked: pending bit set, nothing sent */
    SIOV_OUT_COALESCED,   /* entry masked and already pending: folded into it */
    SIOV_OUT_REFUSED,     /* PASID check failed: no message */
    SIOV_OUT_UNBOUND,     /* the ADI has no bound entry: no message */
    SIOV_OUT_INVALID,     /* the entry does not exist or is not valid */
    SIOV_OUT_FAULT,       /* the entry could not be read (DMA fault) */
    SIOV_OUT_HANDLE,      /* the descriptor named a revoked (or never
                             granted) interrupt handle: it completed with
                             status 0x19, no message (domain.md 2.5) */
    SIOV_OUT_HELD,        /* the ADI is stopped for a migration: held until
                             siov_adi_resume() */
    SIOV_OUT__COUNT
};

/* tag.entry of an unbound raise */
#define SIOV_ENTRY_NONE UINT32_MAX
/* tag.adi of a function-level raise (siov_fn_raise()) */
#define SIOV_ADI_FN UINT32_MAX
/* PASIDs are 20 bits */
#define SIOV_PASID_MAX 0xfffffu

/**
 * typedef siov_dma_xlate_fn - the platform's DMA translation (the IOMMU's
 * DMA remapping), or NULL for identity.
 * @ctx: the platform's context
 * @pasid: the PASID the request carries, when @has_pasid
 * @has_pasid: the request carries a PASID prefix
 * @iova: the address the device used
 * @err: set to a negative errno when the access faults (left alone else)
 *
 * Return: the host-physical address.
 */
typedef uint64_t (*siov_dma_xlate_fn)(void *ctx, uint32_t pasid,
                                      bool has_pasid, uint64_t iova, int *err);

/**
 * struct siov_config - what a device is.
 * @name: instance name (copied; at most 31 characters are kept)
 * @index: device index, the dev field of every tag
 * @rid: the function's requester ID (PCI_RID()), on every message
 * @kind: IMS storage kind
 * @n_adi: number of ADIs
 * @pasid_base: ADI i has PASID @pasid_base + i
 * @ims_entries: idxd: IMS slots, a multiple of 256, at most 63 * 256;
 *               mlx5: EQ contexts; msix: must be 0
 * @msix_vectors: size of the function's MSI-X table, 0-2048: the device
 *                gets a models/pci MSI-X capability and table of this size
 *                behind its MSI-X bank (0: none, the bank stays empty); a
 *                store attached with siov_attach_store() in its place must
 *                have this many entries
 * @ctx_base: mlx5: DMA address of the device's context memory,
 *            @ims_entries * SIOV_MLX5_EQC_SIZE bytes, 32-byte aligned; the
 *            platform backs it with host memory
 * @int_handles: idxd only: GENCAP.cmd_cap set, the command interface
 *               (CMD, CMDSTS, CMDCAP, INTCAUSE) and interrupt handles:
 *               an ADI's descriptors name an entry by a handle the host
 *               driver requested (REQUEST_INT_HANDLE), and a descriptor
 *               naming a handle not granted completes with 0x19 and
 *               raises nothing (domain.md 2.5, 10 item 9)
 */
struct siov_config {
    const char *name;
    uint32_t index;
    uint16_t rid;
    enum siov_kind kind;
    uint32_t n_adi;
    uint32_t pasid_base;
    uint32_t ims_entries;
    uint32_t msix_vectors;
    uint64_t ctx_base;
    bool int_handles;
};

/**
 * struct siov_platform - what the platform wires a device to.
 * @sim: the simulation
 * @cost: the costs in force; NULL means the defaults of COST_LIST
 * @mem: host memory (DMA goes here); may be NULL for an idxd or msix device
 * @upstream: where posted writes go (the IOMMU)
 * @dma_xlate: DMA translation; NULL is identity
 * @dma_ctx: its context
 * @evidence: where the device reports raises, refusals and coalesced
 *            raises (no ops: nobody listens)
 */
struct siov_platform {
    struct sim *sim;
    const struct cost_model *cost;
    struct mem *mem;
    struct pcie_sink upstream;
    siov_dma_xlate_fn dma_xlate;
    void *dma_ctx;
    struct evidence_port evidence;
};

/**
 * struct siov_event - what the device did with one raise.
 * @tag: the raise's ground-truth tag
 * @bank: the bank of the entry
 * @outcome: what happened
 * @when: simulated time of the decision
 * @addr: %SIOV_OUT_SENT: the pair sampled
 * @data: the same
 * @raiser_pasid: the raising ADI's PASID (%SIOV_OUT_REFUSED)
 * @entry_pasid: the entry's PASID (%SIOV_OUT_REFUSED)
 * @err: %SIOV_OUT_INVALID, %SIOV_OUT_FAULT: the store's negative errno
 */
struct siov_event {
    struct irq_tag tag;
    enum siov_bank bank;
    enum siov_outcome outcome;
    sim_time_t when;
    uint64_t addr;
    uint32_t data;
    uint32_t raiser_pasid;
    uint32_t entry_pasid;
    int err;
};

/**
 * struct siov_cmd_done - a command the device executed (mlx5 kind).
 * @channel: command channel (0 the function, 1 + i ADI i)
 * @opcode: the command's opcode
 * @eqn: its EQ number
 * @status: the status word written back to the mailbox
 * @mailbox: the mailbox address (as the device used it)
 */
struct siov_cmd_done {
    uint32_t channel;
    uint32_t opcode;
    uint32_t eqn;
    uint32_t status;
    uint64_t mailbox;
};

/** typedef siov_cmd_hook_t - called when a command completes. */
typedef void (*siov_cmd_hook_t)(void *ctx, const struct siov_cmd_done *c,
                                sim_time_t now);

/**
 * struct siov_stats - device counters.
 * @raises: raises (ADI completions and function-level raises)
 * @sent: messages generated (first sends and replays)
 * @emitted: posted writes handed to the upstream sink
 * @pending_set: raises that set a pending bit
 * @coalesced: raises folded into an already pending entry
 * @replayed: pending messages released at unmask
 * @refused: raises refused by the PASID check
 * @unbound: raises from an ADI with no bound entry
 * @invalid: raises on an entry that does not exist or is not valid
 * @faults: raises whose entry could not be read
 * @mmio_reads: BAR0 reads
 * @mmio_writes: BAR0 writes
 * @bad_mmio: BAR0 accesses rejected (MMIO_BAD_SIZE)
 * @cmds: commands executed
 * @cmd_errors: commands that completed with a nonzero status
 * @doorbell_busy: doorbells rung while the channel was busy (ignored)
 * @dma_faults: DMA accesses that faulted
 * @no_mem: messages dropped because the simulator ran out of memory
 * @no_master: memory requests not issued because Bus Master Enable was
 *             clear: messages dropped when due, DMA accesses refused (these
 *             also count in @dma_faults)
 * @undecoded: BAR0 accesses while Memory Space Enable was clear
 * @handle_grants: interrupt handles granted (REQUEST_INT_HANDLE success)
 * @handle_revokes: handles revoked (siov_revoke_int_handles())
 * @handle_errors: descriptors completed with 0x19 (handle not granted)
 * @migration_held: completions of a stopped ADI (siov_adi_stop()) whose
 *                  interrupts were held and raised at siov_adi_resume()
 */
struct siov_stats {
    uint64_t raises, sent, emitted;
    uint64_t pending_set, coalesced, replayed;
    uint64_t refused, unbound, invalid, faults;
    uint64_t mmio_reads, mmio_writes, bad_mmio;
    uint64_t cmds, cmd_errors, doorbell_busy, dma_faults;
    uint64_t no_mem;
    uint64_t no_master, undecoded;
    uint64_t handle_grants, handle_revokes, handle_errors;
    uint64_t migration_held;
};

/** struct siov_entry_stats - counters of one entry of one bank. */
struct siov_entry_stats {
    uint64_t raised, sent, pending_set, coalesced, replayed, refused;
};

/**
 * siov_config_init - defaults for a kind: name "siov0", index 0, RID
 * 00:04.0, one ADI with PASID 1, 256 IMS slots (idxd) or 64 EQs (mlx5) or
 * none (msix), 9 MSI-X vectors, ctx_base 0.
 * @cfg: the configuration to fill
 * @kind: the kind
 */
void siov_config_init(struct siov_config *cfg, enum siov_kind kind);

/**
 * siov_create - make a device in reset state.
 * @out: receives the device
 * @cfg: what it is
 * @plat: what it is wired to (copied)
 *
 * The function's config space gets a Type 0 header (Command 0), a 64-bit
 * BAR0 sized for the registers (none for kind msix), the SIOV DVSEC with
 * the IMS bit set (idxd, mlx5; domain.md 6.1), and with @cfg->msix_vectors
 * the MSI-X capability, its table at offset 0 of 64-bit BAR 4 and its PBA
 * on the next 4 KiB boundary; that table is attached to SIOV_BANK_MSIX
 * (models/siov/ims_msix.h).  BAR addresses are not used for decode.
 *
 * Return: 0; -EINVAL (bad kind, no ADI, PASID range beyond 20 bits, idxd
 * entry count not a multiple of 256 or above 63 * 256, msix kind with IMS
 * entries, more than 2048 MSI-X vectors, mlx5 without @plat->mem or with an
 * unaligned @cfg->ctx_base, no sim or no upstream sink); -ENOMEM.
 */
int siov_create(struct siov_dev **out, const struct siov_config *cfg,
                const struct siov_platform *plat);

/**
 * siov_destroy - free a device; messages and commands in flight are
 * cancelled.  Attached stores are not freed (their owner frees them).
 * @dev: the device (NULL is ignored)
 */
void siov_destroy(struct siov_dev *dev);

/**
 * siov_reset - function-level reset: every store resets (idxd: every slot
 * masked, pair zero; mlx5: every EQ invalid, channels idle; the function's
 * MSI-X: Enable and Function Mask clear, every vector masked, PBA clear),
 * Command's Memory Space and Bus Master Enable clear (PCIe s.6.6.2),
 * bindings stay, pending tags are forgotten.  Messages already generated
 * still arrive unless Bus Master Enable is clear when they are due.
 * @dev: the device
 */
void siov_reset(struct siov_dev *dev);

/**
 * siov_bar0 - the device's BAR0 region, for a CPU or for a VMM's trap map.
 * @dev: the device
 * @ctx: receives the context to pass to the ops
 *
 * Accesses outside every register read all ones (MMIO_UNMAPPED); a size or
 * alignment the register does not accept is MMIO_BAD_SIZE and counted.
 * While Command's Memory Space Enable is clear nothing is decoded: every
 * access is MMIO_UNMAPPED (reads all ones) and counted as undecoded.
 *
 * Return: the ops (never NULL).
 */
const struct mmio_ops *siov_bar0(struct siov_dev *dev, void **ctx);

/** siov_bar0_size - the size of BAR0 in bytes (0: no registers). */
uint64_t siov_bar0_size(const struct siov_dev *dev);

/**
 * siov_attach_store - plug a store into a bank in place of the built-in one:
 * a replacement IMS store (a layout descriptor, an RTL table) or a
 * replacement MSI-X store.  A replaced built-in store stays allocated,
 * unused (BAR0 then forwards to the new IMS store's @ops->mmio; the
 * function's pci MSI-X table and capability stay in place, siov_msix()).
 * @dev: the device
 * @bank: which bank
 * @ops: the store's ops; @ops->count, @ops->lookup and @ops->set_host are
 *       required, and @ops->set_pending unless @ops->fire is given
 * @store: the store (owned by the caller; it must outlive @dev)
 *
 * Return: 0; -EINVAL (missing op, or an MSI-X store whose count is not
 * @cfg.msix_vectors); -EBUSY (an ADI is bound to the bank); -ENOMEM.
 */
int siov_attach_store(struct siov_dev *dev, enum siov_bank bank,
                      const struct ims_store_ops *ops, void *store);

/**
 * siov_adi_bind - name the entries an ADI's completions interrupt through
 * (the driver naming the interrupt in its descriptors or CQs).  Raises use
 * them round robin, starting with @entries[0].  @n = 0 unbinds.
 * @dev: the device
 * @adi: the ADI
 * @bank: IMS or MSI-X
 * @entries: entry indices in that bank (copied)
 * @n: how many
 *
 * Return: 0; -EINVAL (bad ADI or bank, @entries NULL with @n > 0);
 * -ENODEV (the bank has no store); -ERANGE (an entry beyond the bank);
 * -ENOMEM.
 */
int siov_adi_bind(struct siov_dev *dev, uint32_t adi, enum siov_bank bank,
                  const uint32_t *entries, uint32_t n);

/**
 * siov_adi_complete - ADI @adi completed a descriptor: raise its next bound
 * entry through the Interrupt Message Generation Logic.
 * @dev: the device
 * @adi: the ADI
 * @out: receives what the device did (may be NULL)
 *
 * Return: 0 (whatever the architectural outcome), -EINVAL (bad ADI),
 * -ENOMEM (the message could not be queued; counted as no_mem).
 */
int siov_adi_complete(struct siov_dev *dev, uint32_t adi,
                      struct siov_event *out);

/**
 * siov_adi_submit - software wrote a descriptor to ADI @adi's work portal
 * now (an idxd ENQCMD/MOVDIR64B, an mlx5 doorbell: a posted write).  It
 * reaches the ADI's work queue COST_MMIO_WRITE later; the ADI's engine
 * executes its descriptors one at a time, in order, COST_DEV_WORK each,
 * and each completion writes its completion record (siov_adi_work_done())
 * and raises the ADI's interrupt as siov_adi_complete() does.
 * @dev: the device
 * @adi: the ADI
 *
 * Return: 0, -EINVAL (bad ADI), -EBUSY (the work queue holds
 * %SIOV_WQ_DEPTH descriptors: the submission is refused, as ENQCMD's
 * retry status), -ENOMEM (no event could be scheduled).
 */
#define SIOV_WQ_DEPTH 64u

int siov_adi_submit(struct siov_dev *dev, uint32_t adi);

/**
 * siov_adi_work_done - the completion records ADI @adi's engine has
 * written so far (what a driver reads back to see which submissions
 * completed); 0 for a bad ADI.
 */
uint64_t siov_adi_work_done(const struct siov_dev *dev, uint32_t adi);

/**
 * siov_fn_raise - a function-level raise (the device's own host-level
 * interrupts: errors, command completion) on @entry of @bank, with no PASID.
 * The tag's adi is %SIOV_ADI_FN.
 * @dev: the device
 * @bank: the bank
 * @entry: the entry
 * @out: as siov_adi_complete()
 *
 * Return: 0, -EINVAL (bad bank), -ENODEV (the bank has no store), -ENOMEM.
 */
int siov_fn_raise(struct siov_dev *dev, enum siov_bank bank, uint32_t entry,
                  struct siov_event *out);

/**
 * siov_cfg - the function's config space (models/pci), for a host's
 * config accesses (pci_cfg_read()/pci_cfg_write(), &pci_cfg_mmio_ops) or a
 * VMM's trap.
 * @dev: the device
 *
 * Return: the space (never NULL; it lives as long as @dev).
 */
struct pci_cfg *siov_cfg(struct siov_dev *dev);

/**
 * siov_msix - the function's MSI-X state (models/pci/msix.h): its table and
 * PBA regions are &msix_table_mmio_ops and &msix_pba_mmio_ops with this as
 * context.
 * @dev: the device
 *
 * Return: the state, or NULL when @cfg.msix_vectors was 0.
 */
struct msix *siov_msix(struct siov_dev *dev);

/**
 * typedef siov_intcause_fn - the device set INTCAUSE and signals its
 * host-level interrupt (MSI-X vector 0 of the function): the host
 * driver's handler, which reads and clears INTCAUSE through BAR0.
 */
typedef void (*siov_intcause_fn)(void *ctx, struct siov_dev *dev);

/**
 * siov_set_intcause_hook - who handles the function's host-level interrupt
 * (the host driver).  NULL: nobody.
 */
void siov_set_intcause_hook(struct siov_dev *dev, siov_intcause_fn fn,
                            void *ctx);

/**
 * siov_revoke_int_handles - the host revokes interrupt handles (a function
 * reset, a VM's teardown, a migration; domain.md 2.5): each granted handle
 * of @bank from @first, @n of them, stops being granted.  When any was,
 * INTCAUSE.INT_HANDLE_REVOKED is set and the host-level interrupt is
 * signalled (siov_set_intcause_hook()).
 * @dev: the device
 * @bank: the bank the handles index
 * @first: the first handle
 * @n: how many (UINT32_MAX: to the end of the bank)
 *
 * Return: how many were revoked (>= 0); -EINVAL (bad bank); -ENODEV (the
 * device has no interrupt handles).
 */
int siov_revoke_int_handles(struct siov_dev *dev, enum siov_bank bank,
                            uint32_t first, uint32_t n);

/**
 * siov_adi_resubmit - the driver read ADI @adi's completion records and
 * resubmits every descriptor that completed with 0x19 since the last call;
 * each completes again at once and raises the entry its handle names, with
 * the interrupt's first tag (one interrupt, raised late, not two).
 * Return: how many were resubmitted; 0 for a bad ADI.
 */
uint32_t siov_adi_resubmit(struct siov_dev *dev, uint32_t adi);

/**
 * siov_adi_stop - ADI @adi enters the stopped state of a migration (VFIO's
 * STOP, Linux include/uapi/linux/vfio.h): it completes no descriptor and
 * sends no interrupt.  Work that completes meanwhile is held: each
 * completion is reported raised at once (its tag is numbered) and its
 * interrupt waits in the device [SIOV-MIGRATE-01].
 * Return: 0, -EINVAL (bad ADI), -EBUSY (already stopped).
 */
int siov_adi_stop(struct siov_dev *dev, uint32_t adi);

/**
 * siov_adi_resume - ADI @adi runs again (VFIO's RUNNING, on the
 * destination): every held completion raises its entry, oldest first,
 * with the tag it was given at siov_adi_stop() time, through the entries
 * as they are programmed now.
 * Return: how many were raised (>= 0), -EINVAL (bad ADI or not stopped).
 */
int siov_adi_resume(struct siov_dev *dev, uint32_t adi);

/** siov_set_cmd_hook - see siov_cmd_hook_t; NULL removes it. */
void siov_set_cmd_hook(struct siov_dev *dev, siov_cmd_hook_t cb, void *ctx);

/** siov_set_upstream - rewire where posted writes go (copied). */
void siov_set_upstream(struct siov_dev *dev, const struct pcie_sink *sink);

/**
 * siov_entry_read - sample an entry as the device would, without raising
 * (for checks and tests; an mlx5 context is read by DMA, so a fault shows).
 * @dev: the device
 * @bank: the bank
 * @entry: the entry
 * @out: the entry
 *
 * Return: 0, -EINVAL, -ENODEV, or the store's lookup error.
 */
int siov_entry_read(struct siov_dev *dev, enum siov_bank bank, uint32_t entry,
                    struct ims_entry *out);

/** siov_get_stats - copy the device counters. */
void siov_get_stats(const struct siov_dev *dev, struct siov_stats *out);

/**
 * siov_get_entry_stats - copy one entry's counters.
 * Return: 0, -EINVAL, -ENODEV or -ERANGE.
 */
int siov_get_entry_stats(const struct siov_dev *dev, enum siov_bank bank,
                         uint32_t entry, struct siov_entry_stats *out);

/**
 * siov_adi_pasid - ADI @adi's PASID.
 * Return: 0 and *@pasid, or -EINVAL.
 */
int siov_adi_pasid(const struct siov_dev *dev, uint32_t adi, uint32_t *pasid);

/** siov_name - the instance name. */
const char *siov_name(const struct siov_dev *dev);

/** siov_index - the device index (the dev field of its tags). */
uint32_t siov_index(const struct siov_dev *dev);

/** siov_rid - the function's requester ID. */
uint16_t siov_rid(const struct siov_dev *dev);

/** siov_kind_of - the IMS storage kind. */
enum siov_kind siov_kind_of(const struct siov_dev *dev);

/** siov_n_adi - the number of ADIs. */
uint32_t siov_n_adi(const struct siov_dev *dev);

/** siov_entry_count - entries in @bank (0 when it has no store). */
uint32_t siov_entry_count(const struct siov_dev *dev, enum siov_bank bank);

/** siov_kind_name - "idxd", "mlx5", "msix" ("?" when out of range). */
const char *siov_kind_name(enum siov_kind kind);

/** siov_kind_parse - the reverse; 0 or -EINVAL. */
int siov_kind_parse(const char *name, enum siov_kind *out);

/*
 * siov_kind_enum - the spellings of enum siov_kind, by value (models/props.h;
 * siov_props.c): the scenario's devices[].model and every writer use them.
 */
extern const struct prop_enum siov_kind_enum;

/** siov_bank_name - "ims", "msix". */
const char *siov_bank_name(enum siov_bank bank);

/** siov_outcome_name - "sent", "pending", ... */
const char *siov_outcome_name(enum siov_outcome o);

#endif /* IMSLAB_SIOV_SIOV_H */
