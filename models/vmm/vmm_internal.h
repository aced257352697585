/* SPDX-License-Identifier: MIT */
/*
 * vmm_internal.h - what the files of the VMM model share (vmm.h is the
 * public API).  One file per concern:
 *
 *   vmm.c            life cycle: the VMM, its counters, the VMs
 *   vmm_hostirq.c    host IRQ domain: IRTE allocation, host vectors, IEC
 *                    invalidation, the injection path
 *   vmm_pairs.c      the pairs the VMM saw in trapped accesses or composed
 *   vmm_qi.c         the host's invalidation queue: IEC and wait
 *                    descriptors, the global invalidation without ESIRTPS
 *   vmm_hostdev.c    the host's side of a device: its port and drivers
 *                    (models/drv), MSI-X bring-up
 *   vmm_assign.c     assignment and what the guest is shown (virtual
 *                    config space, DVSEC bit, guest view)
 *   vmm_trap.c       the trap map: which guest accesses exit, mapped ones
 *   vmm_plugin.c     IMS emulation plugins (idxd; none can exist for mlx5)
 *   vmm_emul.c       trapped-table emulation: decoding a guest pair,
 *                    activating and masking the hardware entry behind it
 *   vmm_composed.c   composed functions: the host entries behind a virtual
 *                    MSI-X table
 *   vmm_viommu.c     the vIOMMU: vIRTE reads and invalidation
 *   vmm_discover.c   what a guest reads at boot: CPUID, the (v)IOMMU's
 *                    capability registers
 *   vmm_hypercall.c  the get-pair hypercall ABI (hypercall.h)
 *   vmm_teardown.c   a VM's teardown
 *   vmm_migrate.c    a VM's migration: the destination's host interrupts
 *   vmm_bare.c       bare-host services: host pair and retarget
 *
 * Ordering: a host update is IRTE write -> IEC invalidation (waited for)
 * -> hardware entry writes (each COST_MMIO_WRITE, one device's writes in
 * one queue, as a driver holding the device's lock) -> the guest resumes.
 * A device's entry is never unmasked before the IRTE behind it is in force.
 */
#ifndef IMSLAB_VMM_INTERNAL_H
#define IMSLAB_VMM_INTERNAL_H

#include "models/drv/drv.h"
#include "models/iommu/ir_table.h"
#include "models/pci/pci.h"
#include "models/seq.h"
#include "models/vmm/vmm.h"

#define VM_HOST_TRACE 0xffffffffu

struct vmm;

/* One host interrupt: an IRTE (or, with remapping off, a compat pair). */
struct hirq {
    struct vmm *vmm;
    uint32_t id;              /* cookie = id + 1 */
    struct vdev *vd;
    int irte;                 /* IRTE index, -1 without remapping */
    struct vm *vm;            /* target VM (the host VM on bare) */
    unsigned tcpu;            /* target vCPU (pCPU on bare) */
    uint8_t tvec;             /* target guest vector (host vector on bare) */
    uint8_t tset;             /* a guest route to a set of vCPUs (logical,
                               * lowest priority; bit n = vCPU n): tcpu is
                               * the one KVM delivers to; 0 = tcpu alone */
    bool posted;
    bool connected;           /* KVM irqbypass: producer met its consumer */
    bool has_hvec;
    unsigned hcpu;
    uint8_t hvec;
    bool has_prev;            /* the vector before the last move, kept */
    unsigned prev_cpu;        /* registered for interrupts in flight (as */
    uint8_t prev_vec;         /* Linux's irq_move cleanup does) */
    struct msi_msg pair;      /* the real pair */
    bool source;              /* a migration's source holds it until
                               * vmm_vm_migrate_finish() */
};

/*
 * One entry of a table the VMM traps: the guest's view, and what is behind.
 *
 * This is trap-and-emulate bookkeeping, not a second MSI-X (or IMS)
 * implementation: it records the words the guest wrote (read back on a
 * trapped read) and the host interrupt the VMM made for them.  Mask,
 * pending bit, replay on unmask and message generation all happen in the
 * hardware entry behind it, which the VMM programs: the function's MSI-X
 * table (models/pci/msix.c, through the device) or the device's IMS.  A
 * composed function's virtual MSI-X table has no PBA the guest can read and
 * no message of its own: an interrupt raised while the guest has the entry
 * masked pends in the host entry and is released when the guest's unmask
 * reaches it.
 */
struct ventry {
    uint32_t w[4];
    struct hirq *h;
    bool have_host;           /* composed: host entry allocated */
    uint32_t host_entry;
    bool host_created;        /* composed mlx5: the EQ exists */
};

enum tbl_kind {
    TBL_NONE = 0,
    TBL_IMS_PT,               /* passthrough IMS slots, through a plugin */
    TBL_MSIX_PT,              /* passthrough: the function's MSI-X table */
    TBL_VIRT_MSIX,            /* composed: the virtual function's table */
};

struct tbl {
    enum tbl_kind kind;
    uint32_t n;
    struct ventry *e;
};

/* The host's side of one device (vmm_hostdev.c). */
struct vmm_dev {
    struct vmm *vmm;
    struct siov_dev *dev;
    struct msix *msix;        /* the function's MSI-X (models/pci), once the
                               * host brought it up (vmm_attach_msix()) */
    const struct mmio_ops *bar;
    void *bar_ctx;
    struct seq_port port;     /* the host CPU's accesses, in one queue */
    uint64_t mbox;            /* host command mailbox (hpa) */
    uint8_t *held[SIOV_BANK__COUNT];  /* interrupt handles the host driver
                               * requested (vmm_inthandle.c) */
    bool recovering;          /* its INTCAUSE handler is scheduled */
};

struct vdev {
    struct vmm *vmm;
    struct vm *vm;
    struct vmm_dev *vdv;
    struct siov_dev *dev;
    uint32_t adi;
    enum vmm_assign_mode mode;
    bool cap;
    bool emul_unsupported;    /* asked to emulate its IMS, no plugin */
    struct pci_cfg vcfg;      /* the config space the guest reads */
    struct tbl ims;
    struct tbl msix;
    struct drv ims_drv;       /* the host's drivers for this ADI's entries */
    struct drv msix_drv;
};

struct vm {
    struct vmm *vmm;
    unsigned index;
    bool host;
    unsigned nvcpu;
    unsigned *pcpu_of;
    struct apic_vm *avm;
    struct vcpu **vcpu;
    vmm_deliver_fn deliver;
    void *ctx;
    uint64_t hpa;
    uint64_t mem_size;
};

/* One slot of the set of pairs (vmm_pairs.c); @used 0: empty. */
struct vmm_pair {
    uint64_t addr;
    uint32_t data;
    uint32_t used;
};

struct vmm {
    struct vmm_platform p;
    struct vmm_config cfg;
    struct seq_pool pool;
    struct ir_table irt;
    bool irt_ready;
    bool eime;
    uint32_t irte_limit;
    uint32_t irte_used;
    struct vmm_stats st;
    struct vmm_stats snap;
    struct hirq **hirq;
    uint32_t nhirq, caphirq;
    struct hirq **hvec;       /* npcpu * 256 */
    struct vm **vm;
    unsigned nvm;
    uint64_t vm_next;         /* next VM memory offset from mem_base */
    unsigned pid_next;
    struct vmm_dev **dev;
    unsigned ndev;
    struct vdev **vd;
    unsigned nvd;
    sim_time_t iec_delay;     /* vmm_set_iec_flush_delay() */
    bool fault_busy;          /* the fault handler runs (vmm_fault.c) */
    unsigned fault_next;      /* the record it services next */
    bool qi_on;               /* the invalidation queue (vmm_qi.c) */
    uint32_t qi_tail;         /* software's IQT, a descriptor index */
    uint32_t qi_pending;      /* descriptors submitted, not yet waited */
    struct qi_waiter *qi_wait_head, *qi_wait_tail;
    struct vmm_pair *pairs;   /* vmm_pairs.c: open addressing, cappairs a
                                 power of two, at most half full */
    size_t npairs, cappairs;
};

static inline sim_time_t vmm_cost(const struct vmm *vmm, enum cost_id id)
{
    return cost_ps(vmm->p.cost, id);
}

static inline uint32_t vmm_vm_trace_id(const struct vm *vm)
{
    return !vm || vm->host ? VM_HOST_TRACE : vm->index;
}

/* ---- vmm_hostirq.c ---------------------------------------------------------- */

bool vmm_ir_on(const struct vmm *vmm);
int vmm_hvec_alloc(struct vmm *vmm, unsigned cpu, struct hirq *h, uint8_t *out);
void vmm_hvec_retire(struct vmm *vmm, struct hirq *h);
struct hirq *vmm_hirq_of_cookie(const struct vmm *vmm, uint64_t cookie);
uint64_t vmm_hirq_cookie(const struct hirq *h);
/* A new host interrupt for (@vm, @tcpu, @tvec): an IRTE when remapping is
 * on.  Not programmed yet. */
int vmm_hirq_new(struct vmm *vmm, struct vdev *vd, struct vm *vm, unsigned tcpu,
                 uint8_t tvec, struct hirq **out);
/* Write @h's IRTE for its current target, compose the real pair, invalidate
 * the IEC, then @fn.  The pair is valid on return. */
int vmm_hirq_program(struct hirq *h, seq_done_fn fn, void *arg);
/* Free @h: its IRTE (cleared, IEC invalidated) and its host vector. */
void vmm_hirq_free(struct hirq *h, seq_done_fn fn, void *arg);

/* ---- vmm_pairs.c -------------------------------------------------------------- */

/* A trapped guest access carried, or the VMM composed, (@addr, @data). */
void vmm_pair_note(struct vmm *vmm, uint64_t addr, uint32_t data);

static inline void vmm_pair_note_msg(struct vmm *vmm, const struct msi_msg *m)
{
    vmm_pair_note(vmm, (uint64_t)m->addr_hi << 32 | m->addr_lo, m->data);
}

/* ---- vmm_qi.c ---------------------------------------------------------------- */

/* Enable the host's invalidation queue; without CAP_REG.ESIRTPS queue the
 * global IEC invalidation that follows a table pointer set. */
int vmm_qi_init(struct vmm *vmm);
/* Queue an IEC invalidation (global, or of IRTE @iidx) and a wait
 * descriptor; @fn once the wait's status word reads done.  -EBUSY when the
 * ring is full, -ENODEV before vmm_qi_init(). */
int vmm_qi_submit_iec(struct vmm *vmm, bool global, uint16_t iidx,
                      seq_done_fn fn, void *arg);

/* ---- vmm_assign.c ------------------------------------------------------------ */

void vmm_vdev_free(struct vdev *vd);

/* ---- vmm_fault.c -------------------------------------------------------------- */

/* With cfg.fault_handler_ns: take the unit's fault event and unmask it. */
void vmm_fault_handler_init(struct vmm *vmm);

/* ---- vmm_inthandle.c --------------------------------------------------------- */

/* The host driver asks @d's device for the interrupt handle of @entry of
 * @bank (REQUEST_INT_HANDLE when GENCAP.cmd_cap, else the handle is the
 * index).  Return: 0, -EINVAL (0x41), -ENOSPC (0x42), -EIO, -ENOMEM. */
int vmm_int_handle_request(struct vmm_dev *d, enum siov_bank bank,
                           uint32_t entry, uint32_t *handle);
/* Free what vmm_int_handle_request() kept for @d. */
void vmm_int_handles_free(struct vmm_dev *d);

/* ---- vmm_hostdev.c ---------------------------------------------------------- */

uint32_t vmm_msix_nvec(const struct msix *m);
struct vmm_dev *vmm_dev_get(struct vmm *vmm, struct siov_dev *dev);
uint32_t vmm_adi_pasid(const struct vdev *vd);
/* The host's driver for @vd's IMS entries (@msix: for its MSI-X entries),
 * with the ADI's PASID as it is now. */
struct drv *vmm_host_drv(struct vdev *vd, bool msix);

/* ---- vmm_plugin.c ------------------------------------------------------------ */

/**
 * struct ims_plugin - device-specific IMS emulation: which BAR0 accesses are
 * IMS entry words, and which bits of an entry's control word a guest may
 * write.  One exists for idxd (16-byte slots in BAR0, domain.md 6.4); none
 * can exist for mlx5, whose pairs travel in host-memory command mailboxes
 * (seed 000).  Writing the hardware entry is the kind's driver's
 * (models/drv).
 */
struct ims_plugin {
    enum siov_kind kind;
    bool (*claims)(const struct siov_dev *dev, uint64_t off, uint32_t *entry,
                   unsigned *word);
    uint32_t ctrl_writable;
};

const struct ims_plugin *vmm_plugin_for(enum siov_kind kind);

/* ---- vmm_emul.c --------------------------------------------------------------- */

bool vmm_ventry_masked(const struct ventry *e);
/* The guest unmasked (or rewrote) entry @i of @t: decode its pair, make it
 * real, program the hardware entry; then @fn. */
void vmm_activate(struct vdev *vd, struct tbl *t, uint32_t i, seq_done_fn fn,
                  void *arg);
/* The guest masked entry @i of @t: mask the hardware entry; then @fn. */
void vmm_mask_hw(struct vdev *vd, struct tbl *t, uint32_t i, seq_done_fn fn,
                 void *arg);

/* ---- vmm_composed.c ----------------------------------------------------------- */

/* Entries of the host IMS an ADI's composed function may use. */
uint32_t vmm_ims_per_adi(const struct vdev *vd);
/* Give virtual entry @i a host entry; false when there is none for it. */
bool vmm_composed_bind(struct vdev *vd, struct ventry *e, uint32_t i);
/* Append the host's accesses putting @m (NULL: a mask) into @e's host entry. */
void vmm_composed_entry(struct vdev *vd, struct seq *s, struct ventry *e,
                        const struct msi_msg *m);

/* ---- vmm_viommu.c ------------------------------------------------------------- */

/* Read vIRTE @idx of @vm: its destination (guest APIC ID) and vector. */
int vmm_virte_read(const struct vm *vm, uint32_t idx, uint32_t *dest,
                   uint8_t *vec);

#endif /* IMSLAB_VMM_INTERNAL_H */
