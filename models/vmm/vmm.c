/* SPDX-License-Identifier: MIT */
/*
 * vmm.c - the hypervisor: host IRQ domain (IRTEs, host vectors, IEC
 * flushes), VMs and vCPUs, the trap map, MSI-X and IMS emulation, composed
 * functions, the get-pair hypercall and what the guest is shown.
 *
 * Ordering: a host update is IRTE write -> IEC invalidation (waited for)
 * -> hardware entry writes (each COST_MMIO_WRITE, one device's writes in
 * one queue, as a driver holding the device's lock) -> the guest resumes.
 * A device's entry is never unmasked before the IRTE behind it is in force.
 */
#include "models/vmm/vmm.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "models/iommu/ir_table.h"
#include "models/iommu/irte.h"
#include "models/iommu/msi.h"
#include "models/iommu/pid.h"
#include "models/pci/msix.h"
#include "models/pci/pci.h"
#include "models/pci/pci_regs.h"
#include "models/siov/idxd_regs.h"
#include "models/siov/mlx5_layout.h"
#include "models/trace-events.h"
#include "models/vmm/vmm_pool.h"

#define VM_HOST_TRACE 0xffffffffu
#define HWSEQ_MAX 40u
#define MBOX_TOKEN 0x5au

typedef void (*vcont_fn)(void *arg, int status);

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
    bool posted;
    bool has_hvec;
    unsigned hcpu;
    uint8_t hvec;
    bool has_prev;            /* the vector before the last move, kept */
    unsigned prev_cpu;        /* registered for interrupts in flight (as */
    uint8_t prev_vec;         /* Linux's irq_move cleanup does) */
    struct msi_msg pair;      /* the real pair */
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

struct hwseq;

struct vmm_dev {
    struct siov_dev *dev;
    struct msix *msix;        /* the function's MSI-X (models/pci), once the
                               * host brought it up (vmm_attach_msix()) */
    const struct mmio_ops *bar;
    void *bar_ctx;
    struct hwseq *q_head, *q_tail;
    bool busy;
    uint64_t mbox;            /* host command mailbox (hpa) */
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

struct vmm {
    struct vmm_platform p;
    struct vmm_config cfg;
    struct vmm_pool pool;
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
};

/* ---- IMS emulation plugins --------------------------------------------- */

/**
 * struct ims_plugin - device-specific IMS emulation: which BAR0 accesses are
 * IMS entry words, and how an entry's control word reads.  One exists for
 * idxd (16-byte slots in BAR0, domain.md 6.4); none can exist for mlx5,
 * whose pairs travel in host-memory command mailboxes (seed 000).
 */
struct ims_plugin {
    enum siov_kind kind;
    bool (*claims)(const struct siov_dev *dev, uint64_t off, uint32_t *entry,
                   unsigned *word);
    uint64_t (*slot)(uint32_t entry);
    uint32_t ctrl_writable;
    uint32_t maskbit;
};

static bool idxd_claims(const struct siov_dev *dev, uint64_t off,
                        uint32_t *entry, unsigned *word)
{
    uint64_t base = idxd_ims_slot_offset(0);
    uint64_t n = siov_entry_count(dev, SIOV_BANK_IMS);

    if (off < base || off >= base + n * IDXD_IMS_SLOT_SIZE)
        return false;
    *entry = (uint32_t)((off - base) / IDXD_IMS_SLOT_SIZE);
    *word = (unsigned)((off - base) % IDXD_IMS_SLOT_SIZE) / 4;
    return true;
}

static const struct ims_plugin plugins[] = {
    { SIOV_KIND_IDXD, idxd_claims, idxd_ims_slot_offset, IDXD_IMS_CTRL_WRITABLE,
      IDXD_IMS_CTRL_VECTOR_MASKBIT },
};

static const struct ims_plugin *plugin_for(enum siov_kind kind)
{
    for (size_t i = 0; i < sizeof(plugins) / sizeof(plugins[0]); i++)
        if (plugins[i].kind == kind)
            return &plugins[i];
    return NULL;
}

/* ---- small helpers --------------------------------------------------------- */

static sim_time_t cost(const struct vmm *vmm, enum cost_id id)
{
    return cost_ps(vmm->p.cost, id);
}

/* Entries of a function's MSI-X table. */
static uint32_t msix_nvec(const struct msix *m)
{
    return msix_table_size(m) / PCI_MSIX_ENTRY_SIZE;
}

static uint32_t vm_trace_id(const struct vm *vm)
{
    return !vm || vm->host ? VM_HOST_TRACE : vm->index;
}

static bool ir_on(const struct vmm *vmm)
{
    return vmm->irt_ready && ir_enabled(vmm->p.ir);
}

static unsigned pcpu_index(const struct vmm *vmm, const struct pcpu *p)
{
    for (unsigned i = 0; i < vmm->p.npcpu; i++)
        if (vmm->p.pcpu[i] == p)
            return i;
    return 0;
}

/* Run @fn(@arg, @status) from a fresh event at the current time. */
struct later {
    vcont_fn fn;
    void *arg;
    int status;
    struct vmm *vmm;
};

static void later_run(void *arg)
{
    struct later *l = arg;
    vcont_fn fn = l->fn;
    void *a = l->arg;
    int st = l->status;

    vmm_pool_free(&l->vmm->pool, l);
    fn(a, st);
}

static void call_later(struct vmm *vmm, sim_time_t delay, vcont_fn fn, void *arg,
                       int status)
{
    struct later *l = vmm_pool_alloc(&vmm->pool, sizeof(*l));

    if (!l || vmm_pool_defer(&vmm->pool, delay, later_run, l)) {
        /* out of simulator memory: finish at once rather than hang */
        vmm_pool_free(&vmm->pool, l);
        fn(arg, status ? status : -ENOMEM);
        return;
    }
    *l = (struct later){ fn, arg, status, vmm };
}

/* ---- IEC invalidation ------------------------------------------------------ */

struct flush_op {
    struct vmm *vmm;
    vcont_fn fn;
    void *arg;
};

static void flush_done(void *ctx)
{
    struct flush_op *f = ctx;
    vcont_fn fn = f->fn;
    void *arg = f->arg;

    vmm_pool_free(&f->vmm->pool, f);
    if (fn)
        fn(arg, 0);
}

/* Index-selective IEC invalidation of @index (Linux qi_flush_iec after
 * modify_irte / free_irte; domain.md 4.5), then @fn. */
static void iec_flush(struct vmm *vmm, int index, vcont_fn fn, void *arg)
{
    struct flush_op *f;

    if (index < 0 || vmm->cfg.skip_iec_flush || !ir_on(vmm)) {
        SIM_TRACE(vmm->p.sim, TP_VMM_IEC_FLUSH, (uint64_t)(index < 0 ? 0 : index), 1);
        if (fn)
            call_later(vmm, 0, fn, arg, 0);
        return;
    }
    f = vmm_pool_alloc(&vmm->pool, sizeof(*f));
    if (!f) {
        if (fn)
            fn(arg, -ENOMEM);
        return;
    }
    *f = (struct flush_op){ vmm, fn, arg };
    vmm->st.iec_flushes++;
    SIM_TRACE(vmm->p.sim, TP_VMM_IEC_FLUSH, (uint64_t)index, 0);
    if (ir_invalidate_iec(vmm->p.ir, false, (uint16_t)index, 0, flush_done, f)) {
        vmm_pool_free(&vmm->pool, f);
        if (fn)
            fn(arg, -ENOMEM);
    }
}

/* ---- host vectors ------------------------------------------------------------ */

static void host_irq(void *ctx, struct pcpu *p, uint8_t vector,
                     const struct irq_tag *tags, size_t n);

static int hvec_alloc(struct vmm *vmm, unsigned cpu, struct hirq *h, uint8_t *out)
{
    struct hirq **row = &vmm->hvec[(size_t)cpu * 256];

    for (unsigned v = VMM_HOST_VEC_FIRST; v <= VMM_HOST_VEC_LAST; v++) {
        if (row[v])
            continue;
        if (pcpu_set_handler(vmm->p.pcpu[cpu], (uint8_t)v, host_irq, h,
                             PCPU_HANDLER_EOI))
            continue;
        row[v] = h;
        *out = (uint8_t)v;
        return 0;
    }
    return -ENOSPC;
}

static void hvec_free(struct vmm *vmm, unsigned cpu, uint8_t v)
{
    vmm->hvec[(size_t)cpu * 256 + v] = NULL;
    (void)pcpu_set_handler(vmm->p.pcpu[cpu], v, NULL, NULL, 0);
}

/* @h leaves its host vector: keep it registered until the next move, so an
 * interrupt already on its way still finds its handler. */
static void hvec_retire(struct vmm *vmm, struct hirq *h)
{
    if (h->has_prev)
        hvec_free(vmm, h->prev_cpu, h->prev_vec);
    h->has_prev = h->has_hvec;
    h->prev_cpu = h->hcpu;
    h->prev_vec = h->hvec;
    h->has_hvec = false;
}

/*
 * A remapped host interrupt arrived: on bare it is the host's own handler
 * (the VM's deliver); for a guest it is KVM's injection path (the VFIO
 * eventfd, irqfd, vcpu_inject), one injection per interrupt collapsed in.
 */
static void host_irq(void *ctx, struct pcpu *p, uint8_t vector,
                     const struct irq_tag *tags, size_t n)
{
    struct hirq *h = ctx;
    struct vmm *vmm = h->vmm;
    struct vm *vm = h->vm;

    if (vm->host) {
        if (vm->deliver)
            vm->deliver(vm->ctx, pcpu_index(vmm, p), vector, tags, n);
        return;
    }
    vmm->st.host_irqs++;
    for (size_t i = 0; i < (n ? n : 1); i++) {
        const struct irq_tag *t = n ? &tags[i] : NULL;

        vmm->st.injections++;
        SIM_TRACE(vmm->p.sim, TP_VMM_INJECT, vm->index, h->tcpu, h->tvec,
                  t ? t->seq : 0);
        (void)vcpu_inject(vm->vcpu[h->tcpu], h->tvec, t);
    }
}

/* ---- host IRQ domain --------------------------------------------------------- */

static struct hirq *hirq_of_cookie(const struct vmm *vmm, uint64_t cookie)
{
    if (cookie == 0 || cookie > vmm->nhirq)
        return NULL;
    return vmm->hirq[cookie - 1];
}

static uint64_t hirq_cookie(const struct hirq *h)
{
    return (uint64_t)h->id + 1;
}

static uint16_t vd_rid(const struct vdev *vd)
{
    return siov_rid(vd->dev);
}

/* A new host interrupt for (@vm, @tcpu, @tvec): an IRTE when remapping is
 * on.  Not programmed yet. */
static int hirq_new(struct vmm *vmm, struct vdev *vd, struct vm *vm, unsigned tcpu,
                    uint8_t tvec, struct hirq **out)
{
    struct hirq *h;
    int idx = -1;

    if (ir_on(vmm)) {
        if (vmm->irte_used >= vmm->irte_limit ||
            (idx = ir_table_alloc(&vmm->irt, 1)) < 0) {
            vmm->st.irte_alloc_fail++;
            SIM_TRACE(vmm->p.sim, TP_VMM_NOSPC, vm_trace_id(vm), vmm->irte_used,
                      vmm->irte_limit);
            return -ENOSPC;
        }
    }
    if (vmm->nhirq == vmm->caphirq) {
        uint32_t nc = vmm->caphirq ? vmm->caphirq * 2 : 64;
        struct hirq **nh = realloc(vmm->hirq, nc * sizeof(*nh));

        if (!nh)
            goto nomem;
        vmm->hirq = nh;
        vmm->caphirq = nc;
    }
    h = calloc(1, sizeof(*h));
    if (!h)
        goto nomem;
    *h = (struct hirq){ .vmm = vmm, .id = vmm->nhirq, .vd = vd, .irte = idx,
                        .vm = vm, .tcpu = tcpu, .tvec = tvec };
    vmm->hirq[vmm->nhirq++] = h;
    if (idx >= 0) {
        vmm->irte_used++;
        vmm->st.irte_alloc++;
    }
    *out = h;
    return 0;
nomem:
    if (idx >= 0)
        (void)ir_table_free(&vmm->irt, (unsigned)idx, 1);
    return -ENOMEM;
}

static bool posted_ok(const struct vmm *vmm, const struct hirq *h)
{
    return !h->vm->host && vmm->cfg.posted && vmm->p.pi_capable && ir_on(vmm);
}

static void compose_remappable(int index, struct msi_msg *m)
{
    /* Linux fill_msi_msg(): SHV = 1, subhandle 0 (domain.md 4.1) */
    struct msi_remap r = { .handle = (uint16_t)index, .shv = true, .subhandle = 0 };

    msi_remap_encode(&r, m);
}

static uint32_t apic_dst(const struct vmm *vmm, unsigned cpu)
{
    uint32_t id = pcpu_apic_id(vmm->p.pcpu[cpu]);

    return vmm->eime ? id : IRTE_DST_XAPIC(id);
}

/*
 * Write @h's IRTE for its current target (posted to the vCPU's PID, or
 * remapped to a host vector on the pCPU the vCPU runs on), compose the real
 * pair, invalidate the IEC, then @fn.  The pair is valid on return.
 */
static int hirq_program(struct hirq *h, vcont_fn fn, void *arg)
{
    struct vmm *vmm = h->vmm;
    struct vm *vm = h->vm;
    struct irte e;
    int rc;

    if (posted_ok(vmm, h)) {
        struct irte_posted f = {
            .present = true, .vector = h->tvec,
            .pda = vcpu_pid_addr(vm->vcpu[h->tcpu]),
            .sid = vd_rid(h->vd), .sq = IRTE_SQ_ALL_16, .svt = IRTE_SVT_SID_SQ,
        };

        if (h->has_hvec)
            hvec_retire(vmm, h);
        h->posted = true;
        rc = irte_encode_posted(&f, &e);
        if (rc)
            return rc;
        SIM_TRACE(vmm->p.sim, TP_VMM_IRTE, (uint64_t)h->irte, 1, f.vector, 0, f.pda,
                  f.sid);
    } else {
        unsigned want = vm->host ? h->tcpu : vm->pcpu_of[h->tcpu];

        h->posted = false;
        if (vm->host) {
            h->hcpu = h->tcpu;
            h->hvec = h->tvec;
            h->has_hvec = true;
        } else if (!h->has_hvec || h->hcpu != want) {
            uint8_t v;

            if (h->has_hvec)
                hvec_retire(vmm, h);
            rc = hvec_alloc(vmm, want, h, &v);
            if (rc)
                return rc;
            h->hcpu = want;
            h->hvec = v;
            h->has_hvec = true;
        }
        if (!ir_on(vmm)) {
            /* no remapping: a compatibility-format pair to the host vector */
            struct msi_compat c = { .dest = pcpu_apic_id(vmm->p.pcpu[h->hcpu]),
                                    .vector = h->hvec, .dlm = APIC_DLM_FIXED };

            rc = msi_compat_encode(&c, &h->pair);
            if (rc)
                return rc;
            if (fn)
                call_later(vmm, 0, fn, arg, 0);
            return 0;
        }
        {
            struct irte_remapped f = {
                .present = true, .dlm = APIC_DLM_FIXED, .vector = h->hvec,
                .dst = apic_dst(vmm, h->hcpu), .sid = vd_rid(h->vd),
                .sq = IRTE_SQ_ALL_16, .svt = IRTE_SVT_SID_SQ,
            };

            rc = irte_encode_remapped(&f, &e);
            if (rc)
                return rc;
            SIM_TRACE(vmm->p.sim, TP_VMM_IRTE, (uint64_t)h->irte, 0, f.vector,
                      pcpu_apic_id(vmm->p.pcpu[h->hcpu]), 0, f.sid);
        }
    }
    rc = ir_table_write(&vmm->irt, (unsigned)h->irte, &e);
    if (rc)
        return rc;
    compose_remappable(h->irte, &h->pair);
    iec_flush(vmm, h->irte, fn, arg);
    return 0;
}

/* Free @h: its IRTE (cleared, IEC invalidated) and its host vector. */
static void hirq_free(struct hirq *h, vcont_fn fn, void *arg)
{
    struct vmm *vmm = h->vmm;
    int idx = h->irte;

    if (h->has_hvec)
        hvec_free(vmm, h->hcpu, h->hvec);
    if (h->has_prev)
        hvec_free(vmm, h->prev_cpu, h->prev_vec);
    if (idx >= 0) {
        (void)ir_table_free(&vmm->irt, (unsigned)idx, 1);
        vmm->irte_used--;
        SIM_TRACE(vmm->p.sim, TP_VMM_IRTE_FREE, (uint64_t)idx);
    }
    vmm->hirq[h->id] = NULL;
    free(h);
    iec_flush(vmm, idx, fn, arg);
}

/* ---- hardware write sequences (host side) ---------------------------------- */

enum hw_kind {
    HW_W32,         /* MMIO write: COST_MMIO_WRITE */
    HW_POLL,        /* MMIO read until the busy bit clears: COST_MMIO_READ each */
    HW_MEMW32,      /* host memory write (the command mailbox) */
    HW_CHECK,       /* read the mailbox status word */
};

struct hwop {
    uint8_t kind;
    const struct mmio_ops *ops;
    void *ctx;
    uint64_t off;
    uint32_t val;
};

struct hwseq {
    struct vmm *vmm;
    struct vmm_dev *vdv;
    struct hwop op[HWSEQ_MAX];
    unsigned n, pos;
    int status;
    vcont_fn fn;
    void *arg;
    struct hwseq *qnext;
};

static struct hwseq *hwseq_new(struct vmm *vmm, struct vmm_dev *vdv)
{
    struct hwseq *s = vmm_pool_alloc(&vmm->pool, sizeof(*s));

    if (s) {
        s->vmm = vmm;
        s->vdv = vdv;
    }
    return s;
}

static void hw_add(struct hwseq *s, enum hw_kind k, const struct mmio_ops *ops,
                   void *ctx, uint64_t off, uint32_t val)
{
    if (s->n < HWSEQ_MAX)
        s->op[s->n++] = (struct hwop){ (uint8_t)k, ops, ctx, off, val };
}

static void hw_bar_w(struct hwseq *s, uint64_t off, uint32_t val)
{
    hw_add(s, HW_W32, s->vdv->bar, s->vdv->bar_ctx, off, val);
}

static void hw_msix_w(struct hwseq *s, uint32_t entry, unsigned word, uint32_t val)
{
    hw_add(s, HW_W32, &msix_table_mmio_ops, s->vdv->msix,
           (uint64_t)entry * PCI_MSIX_ENTRY_SIZE + 4u * word, val);
}

/* One mlx5 command on the function's channel 0 (docs/devices.md). */
static void hw_mlx5_cmd(struct hwseq *s, uint32_t opcode, uint32_t eqn,
                        const struct msi_msg *m, uint32_t pasid)
{
    uint64_t mb = s->vdv->mbox;
    uint32_t chan = SIOV_MLX5_CHAN_FN;

    hw_add(s, HW_MEMW32, NULL, NULL, mb + SIOV_MLX5_CMD_OPCODE, opcode);
    hw_add(s, HW_MEMW32, NULL, NULL, mb + SIOV_MLX5_CMD_EQN, eqn);
    hw_add(s, HW_MEMW32, NULL, NULL, mb + SIOV_MLX5_CMD_ADDR_LO, m ? m->addr_lo : 0);
    hw_add(s, HW_MEMW32, NULL, NULL, mb + SIOV_MLX5_CMD_ADDR_HI, m ? m->addr_hi : 0);
    hw_add(s, HW_MEMW32, NULL, NULL, mb + SIOV_MLX5_CMD_DATA, m ? m->data : 0);
    hw_add(s, HW_MEMW32, NULL, NULL, mb + SIOV_MLX5_CMD_PASID, pasid);
    hw_add(s, HW_MEMW32, NULL, NULL, mb + SIOV_MLX5_CMD_FLAGS,
           SIOV_MLX5_CMD_FLAG_PASID_EN);
    hw_add(s, HW_MEMW32, NULL, NULL, mb + SIOV_MLX5_CMD_TOKEN, MBOX_TOKEN);
    hw_add(s, HW_MEMW32, NULL, NULL, mb + SIOV_MLX5_CMD_STATUS, 0);
    hw_bar_w(s, siov_mlx5_chan_offset(chan, SIOV_MLX5_CMDQ_ADDR_LO), (uint32_t)mb);
    hw_bar_w(s, siov_mlx5_chan_offset(chan, SIOV_MLX5_CMDQ_ADDR_HI),
             (uint32_t)(mb >> 32));
    hw_bar_w(s, siov_mlx5_chan_offset(chan, SIOV_MLX5_DOORBELL), 1);
    hw_add(s, HW_POLL, s->vdv->bar, s->vdv->bar_ctx,
           siov_mlx5_chan_offset(chan, SIOV_MLX5_CHAN_STATUS), 0);
    hw_add(s, HW_CHECK, NULL, NULL, mb, opcode);
}

static void hw_step(void *arg);

static void hw_step_cont(void *arg, int status)
{
    struct hwseq *s = arg;

    if (status)
        s->status = status;
    hw_step(s);
}

static void hw_start_next(struct vmm_dev *vdv, struct vmm *vmm)
{
    if (vdv->busy || !vdv->q_head)
        return;
    vdv->busy = true;
    call_later(vmm, 0, hw_step_cont, vdv->q_head, 0);
}

static void hw_finish(struct hwseq *s)
{
    struct vmm *vmm = s->vmm;
    struct vmm_dev *vdv = s->vdv;
    vcont_fn fn = s->fn;
    void *arg = s->arg;
    int st = s->status;

    vdv->q_head = s->qnext;
    if (!vdv->q_head)
        vdv->q_tail = NULL;
    vdv->busy = false;
    vmm_pool_free(&vmm->pool, s);
    hw_start_next(vdv, vmm);
    if (fn)
        fn(arg, st);
}

static void hw_do(void *arg)
{
    struct hwseq *s = arg;
    struct hwop *o = &s->op[s->pos];
    uint64_t v = 0;

    switch (o->kind) {
    case HW_W32:
        if (o->ops->write(o->ctx, o->off, 4, o->val) != MMIO_OK)
            s->status = -EIO;
        s->pos++;
        break;
    case HW_POLL:
        (void)o->ops->read(o->ctx, o->off, 4, &v);
        if (!(v & SIOV_MLX5_CHAN_STATUS_BUSY))
            s->pos++;
        break;
    default:
        break;
    }
    hw_step(s);
}

static void hw_step(void *arg)
{
    struct hwseq *s = arg;
    struct vmm *vmm = s->vmm;

    while (s->pos < s->n) {
        struct hwop *o = &s->op[s->pos];
        uint32_t sts = 0;

        switch (o->kind) {
        case HW_MEMW32:
            if (mem_write32(vmm->p.mem, o->off, o->val))
                s->status = -EFAULT;
            s->pos++;
            continue;
        case HW_CHECK:
            if (mem_read32(vmm->p.mem, o->off + SIOV_MLX5_CMD_STATUS, &sts) ||
                !(sts & SIOV_MLX5_STS_DONE) ||
                siov_mlx5_sts_code(sts) != SIOV_MLX5_STS_OK)
                s->status = -EIO;
            SIM_TRACE(vmm->p.sim, TP_VMM_HOST_CMD, siov_index(s->vdv->dev), o->val,
                      0, sts);
            s->pos++;
            continue;
        case HW_W32:
            if (vmm_pool_defer(&vmm->pool, cost(vmm, COST_MMIO_WRITE), hw_do, s))
                break;
            return;
        case HW_POLL:
            if (vmm_pool_defer(&vmm->pool, cost(vmm, COST_MMIO_READ), hw_do, s))
                break;
            return;
        }
        s->status = -ENOMEM;
        break;
    }
    hw_finish(s);
}

static void hw_submit(struct hwseq *s, vcont_fn fn, void *arg)
{
    struct vmm_dev *vdv = s->vdv;

    s->fn = fn;
    s->arg = arg;
    if (vdv->q_tail)
        vdv->q_tail->qnext = s;
    else
        vdv->q_head = s;
    vdv->q_tail = s;
    hw_start_next(vdv, s->vmm);
}

/* ---- trapped tables: what a hardware entry gets -------------------------- */

static bool ventry_masked(const struct ventry *e)
{
    return e->w[3] & 1u;    /* bit 0 in both MSI-X and IDXD control words */
}

static uint32_t adi_pasid(const struct vdev *vd)
{
    uint32_t pasid = 0;

    (void)siov_adi_pasid(vd->dev, vd->adi, &pasid);
    return pasid;
}

/* Entries of the host IMS an ADI's composed function may use. */
static uint32_t ims_per_adi(const struct vdev *vd)
{
    uint32_t n = siov_entry_count(vd->dev, SIOV_BANK_IMS);
    uint32_t a = siov_n_adi(vd->dev);

    return a ? n / a : 0;
}

/* Append the writes that put @m (or, @m NULL, a mask) into the hardware
 * entry behind entry @i of @t. */
static void hw_entry(struct hwseq *s, struct vdev *vd, struct tbl *t, uint32_t i,
                     const struct msi_msg *m)
{
    struct ventry *e = &t->e[i];
    const struct ims_plugin *pl;
    uint32_t pasid = adi_pasid(vd);

    switch (t->kind) {
    case TBL_IMS_PT:
        pl = plugin_for(siov_kind_of(vd->dev));
        if (m) {
            hw_bar_w(s, pl->slot(i) + IDXD_IMS_ADDR_LO, m->addr_lo);
            hw_bar_w(s, pl->slot(i) + IDXD_IMS_ADDR_HI, m->addr_hi);
            hw_bar_w(s, pl->slot(i) + IDXD_IMS_DATA, m->data);
        }
        /* the guest's control word: its mask and PASID pass through */
        hw_bar_w(s, pl->slot(i) + IDXD_IMS_CTRL, e->w[3] & pl->ctrl_writable);
        break;
    case TBL_MSIX_PT:
        if (m) {
            hw_msix_w(s, i, 0, m->addr_lo);
            hw_msix_w(s, i, 1, m->addr_hi);
            hw_msix_w(s, i, 2, m->data);
        }
        hw_msix_w(s, i, 3, e->w[3] & PCI_MSIX_ENTRY_CTRL_MASKBIT);
        break;
    case TBL_VIRT_MSIX:
        switch (siov_kind_of(vd->dev)) {
        case SIOV_KIND_IDXD: {
            uint64_t sl = idxd_ims_slot_offset(e->host_entry);

            /* the host programs its IMS slot through BAR0 directly */
            hw_bar_w(s, sl + IDXD_IMS_CTRL, idxd_ims_ctrl_make(true, true, pasid));
            if (m) {
                hw_bar_w(s, sl + IDXD_IMS_ADDR_LO, m->addr_lo);
                hw_bar_w(s, sl + IDXD_IMS_ADDR_HI, m->addr_hi);
                hw_bar_w(s, sl + IDXD_IMS_DATA, m->data);
                hw_bar_w(s, sl + IDXD_IMS_CTRL, idxd_ims_ctrl_make(false, true, pasid));
            }
            break;
        }
        case SIOV_KIND_MLX5:
            if (m) {
                hw_mlx5_cmd(s, e->host_created ? SIOV_MLX5_OP_MODIFY_EQ
                                               : SIOV_MLX5_OP_CREATE_EQ,
                            e->host_entry, m, pasid);
                hw_mlx5_cmd(s, SIOV_MLX5_OP_ARM_EQ, e->host_entry, NULL, pasid);
                e->host_created = true;
            } else if (e->host_created) {
                hw_mlx5_cmd(s, SIOV_MLX5_OP_DISARM_EQ, e->host_entry, NULL, pasid);
            }
            break;
        default:
            if (m) {
                hw_msix_w(s, e->host_entry, 0, m->addr_lo);
                hw_msix_w(s, e->host_entry, 1, m->addr_hi);
                hw_msix_w(s, e->host_entry, 2, m->data);
                hw_msix_w(s, e->host_entry, 3, 0);
            } else {
                hw_msix_w(s, e->host_entry, 3, PCI_MSIX_ENTRY_CTRL_MASKBIT);
            }
            break;
        }
        break;
    default:
        break;
    }
    if (m)
        SIM_TRACE(vd->vmm->p.sim, TP_VMM_REAL_PAIR, siov_index(vd->dev),
                  t->kind == TBL_MSIX_PT ||
                          (t->kind == TBL_VIRT_MSIX &&
                           siov_kind_of(vd->dev) == SIOV_KIND_MSIX),
                  t->kind == TBL_VIRT_MSIX ? e->host_entry : i,
                  (uint64_t)m->addr_hi << 32 | m->addr_lo, m->data);
}

/* ---- decoding a guest pair ------------------------------------------------- */

/*
 * The guest's pair names (vCPU, vector): compatibility format -> the guest
 * APIC ID (= vCPU index) and vector; remappable -> a vIRTE of the guest's
 * vIOMMU, read from guest memory (QEMU vtd_remap_irq_get on the vIRT).
 */
static int decode_guest_pair(const struct vdev *vd, const uint32_t w[4],
                             unsigned *vcpu, uint8_t *vec)
{
    const struct vm *vm = vd->vm;
    struct msi_msg m = { w[0], w[1], w[2] };
    uint64_t addr = (uint64_t)w[1] << 32 | w[0];
    uint32_t dest;

    if (!msi_in_window(addr))
        return -EINVAL;
    if (msi_is_remappable(&m)) {
        struct msi_remap r;
        struct irte e;
        uint32_t idx;

        /* A real pair this VMM handed to this VM (get-pair hypercall or
         * VMBus message) and the guest now writes into a table the VMM
         * emulates: its target is the one the VMM recorded for it. */
        for (uint32_t k = 0; k < vd->vmm->nhirq; k++) {
            const struct hirq *h = vd->vmm->hirq[k];

            if (h && h->vm == vm && h->irte >= 0 && h->pair.addr_lo == m.addr_lo &&
                h->pair.addr_hi == m.addr_hi && h->pair.data == m.data) {
                *vcpu = h->tcpu;
                *vec = h->tvec;
                return 0;
            }
        }
        if (!vd->vmm->cfg.viommu || msi_remap_decode(&m, &r))
            return -EINVAL;
        idx = msi_remap_index(&r);
        if (idx >= VMM_VIR_IRT_ENTRIES)
            return -EINVAL;
        if (mem_read64(vd->vmm->p.mem, vm->hpa + VMM_VIR_IRT_GPA + 16u * idx, &e.lo) ||
            mem_read64(vd->vmm->p.mem, vm->hpa + VMM_VIR_IRT_GPA + 16u * idx + 8,
                       &e.hi))
            return -EFAULT;
        if (!irte_present(&e) || irte_posted(&e))
            return -ENOENT;
        dest = irte_dest_id(&e, true);
        *vec = irte_vector(&e);
    } else {
        struct msi_compat c;

        if (msi_compat_decode(&m, &c) || c.dest_logical || c.dlm != APIC_DLM_FIXED)
            return -EINVAL;
        dest = c.dest;
        *vec = c.vector;
    }
    if (dest >= vm->nvcpu || *vec < APIC_VEC_MIN_LEGAL)
        return -EINVAL;
    *vcpu = dest;
    return 0;
}

/* ---- activation: a guest unmasked (or rewrote) a trapped entry ------------- */

struct act {
    struct vdev *vd;
    struct tbl *t;
    uint32_t i;
    vcont_fn fn;
    void *arg;
};

static void act_end(void *arg, int status)
{
    struct act *a = arg;
    struct vmm *vmm = a->vd->vmm;
    vcont_fn fn = a->fn;
    void *fa = a->arg;

    vmm_pool_free(&vmm->pool, a);
    fn(fa, status);
}

static void act_irte_done(void *arg, int status)
{
    struct act *a = arg;
    struct vdev *vd = a->vd;
    struct ventry *e = &a->t->e[a->i];
    struct hwseq *s = hwseq_new(vd->vmm, vd->vdv);

    if (status || !s || !e->h) {
        act_end(a, status ? status : -ENOMEM);
        return;
    }
    hw_entry(s, vd, a->t, a->i, &e->h->pair);
    hw_submit(s, act_end, a);
}

static void activate(struct vdev *vd, struct tbl *t, uint32_t i, vcont_fn fn,
                     void *arg)
{
    struct vmm *vmm = vd->vmm;
    struct ventry *e = &t->e[i];
    struct act *a = vmm_pool_alloc(&vmm->pool, sizeof(*a));
    unsigned vcpu = 0;
    uint8_t vec = 0;
    int rc;

    if (!a) {
        fn(arg, -ENOMEM);
        return;
    }
    *a = (struct act){ vd, t, i, fn, arg };
    rc = decode_guest_pair(vd, e->w, &vcpu, &vec);
    SIM_TRACE(vmm->p.sim, TP_VMM_DECODE, vd->vm->index, siov_index(vd->dev), i,
              (uint64_t)e->w[1] << 32 | e->w[0], e->w[2], rc == 0, vcpu, vec);
    if (rc) {
        /* nothing the VMM can route: the hardware entry stays masked */
        call_later(vmm, 0, act_end, a, 0);
        return;
    }
    if (t->kind == TBL_VIRT_MSIX && !e->have_host) {
        uint32_t n = siov_kind_of(vd->dev) == SIOV_KIND_MSIX
                         ? (vd->vdv->msix ? msix_nvec(vd->vdv->msix) : 0)
                         : ims_per_adi(vd);

        if (i >= n) {
            call_later(vmm, 0, act_end, a, 0);
            return;
        }
        e->host_entry = siov_kind_of(vd->dev) == SIOV_KIND_MSIX
                            ? i : vd->adi * ims_per_adi(vd) + i;
        e->have_host = true;
    }
    if (!e->h) {
        rc = hirq_new(vmm, vd, vd->vm, vcpu, vec, &e->h);
        if (rc) {
            call_later(vmm, 0, act_end, a, 0);
            return;
        }
    } else {
        e->h->tcpu = vcpu;
        e->h->tvec = vec;
    }
    rc = hirq_program(e->h, act_irte_done, a);
    if (rc)
        call_later(vmm, 0, act_end, a, rc);
}

static void mask_hw(struct vdev *vd, struct tbl *t, uint32_t i, vcont_fn fn,
                    void *arg)
{
    struct hwseq *s = hwseq_new(vd->vmm, vd->vdv);

    if (!s) {
        fn(arg, -ENOMEM);
        return;
    }
    if (t->kind == TBL_VIRT_MSIX && !t->e[i].have_host) {
        vmm_pool_free(&vd->vmm->pool, s);
        call_later(vd->vmm, 0, fn, arg, 0);
        return;
    }
    hw_entry(s, vd, t, i, NULL);
    hw_submit(s, fn, arg);
}

/* ---- guest MMIO -------------------------------------------------------------- */

struct access {
    struct vdev *vd;
    unsigned vcpu;
    enum vdev_region region;
    uint64_t off;
    unsigned size;
    uint64_t val;
    uint64_t *valp;
    bool write;
    vmm_done_fn done;
    void *ctx;
    struct tbl *t;        /* trapped: the table */
    uint32_t entry;
    unsigned word;
    bool drop;            /* trapped, nothing behind it */
};

static void access_end(void *arg, int status)
{
    struct access *a = arg;
    struct vmm *vmm = a->vd->vmm;
    vmm_done_fn done = a->done;
    void *ctx = a->ctx;

    vmm_pool_free(&vmm->pool, a);
    if (done)
        done(ctx, status);
}

/* Which table (if any) a guest access hits, and whether it traps. */
static bool classify(struct vdev *vd, struct access *a)
{
    struct vmm *vmm = vd->vmm;
    const struct ims_plugin *pl = plugin_for(siov_kind_of(vd->dev));
    uint32_t entry;
    unsigned word;

    if (a->region == VDEV_MSIX) {
        if (vd->msix.kind == TBL_NONE)
            return false;
        if (a->off / PCI_MSIX_ENTRY_SIZE >= vd->msix.n) {
            a->drop = true;
            return true;
        }
        a->t = &vd->msix;
        a->entry = (uint32_t)(a->off / PCI_MSIX_ENTRY_SIZE);
        a->word = (unsigned)(a->off % PCI_MSIX_ENTRY_SIZE) / 4;
        return true;
    }
    if (pl && pl->claims(vd->dev, a->off, &entry, &word)) {
        if (vd->mode == VMM_ASSIGN_COMPOSED) {
            /* the host's IMS is not part of the virtual function */
            a->drop = true;
            return true;
        }
        if (vd->ims.kind != TBL_NONE) {
            a->t = &vd->ims;
            a->entry = entry;
            a->word = word;
            return true;
        }
    }
    (void)vmm;
    return false;
}

static void trap_write_done(void *arg, int status)
{
    access_end(arg, status);
}

/* The VMM's emulation of a trapped access, after the exit. */
static void emulate(void *arg)
{
    struct access *a = arg;
    struct vdev *vd = a->vd;
    struct ventry *e;

    if (a->drop || (a->size != 4 || a->off % 4)) {
        if (!a->write && a->valp)
            *a->valp = a->drop ? UINT32_MAX : 0;
        access_end(a, 0);
        return;
    }
    e = &a->t->e[a->entry];
    if (!a->write) {
        if (a->valp)
            *a->valp = e->w[a->word];
        access_end(a, 0);
        return;
    }
    if (a->word == 3) {
        uint32_t wr = a->t->kind == TBL_IMS_PT
                          ? plugin_for(siov_kind_of(vd->dev))->ctrl_writable
                          : PCI_MSIX_ENTRY_CTRL_MASKBIT;

        e->w[3] = (uint32_t)a->val & wr;
        if (ventry_masked(e))
            mask_hw(vd, a->t, a->entry, trap_write_done, a);
        else
            activate(vd, a->t, a->entry, trap_write_done, a);
        return;
    }
    e->w[a->word] = (uint32_t)a->val;
    /* a new pair in an unmasked entry takes effect with its data word */
    if (a->word == 2 && !ventry_masked(e)) {
        activate(vd, a->t, a->entry, trap_write_done, a);
        return;
    }
    access_end(a, 0);
}

static void mapped(void *arg)
{
    struct access *a = arg;
    struct vdev *vd = a->vd;
    const struct mmio_ops *ops;
    void *ctx;
    uint64_t v = 0;

    if (a->region == VDEV_MSIX) {
        ops = &msix_table_mmio_ops;
        ctx = vd->vdv->msix;
    } else {
        ops = vd->vdv->bar;
        ctx = vd->vdv->bar_ctx;
    }
    SIM_TRACE(vd->vmm->p.sim, TP_VMM_MMIO, vd->vm->index, siov_index(vd->dev),
              a->region, a->off, a->size, a->val, a->write);
    if (!ctx) {
        if (!a->write && a->valp)
            *a->valp = UINT64_MAX;
        access_end(a, 0);
        return;
    }
    if (a->write) {
        (void)ops->write(ctx, a->off, a->size, a->val);
    } else {
        (void)ops->read(ctx, a->off, a->size, &v);
        if (a->valp)
            *a->valp = v;
    }
    access_end(a, 0);
}

static int guest_access(struct vdev *vd, unsigned vcpu, enum vdev_region region,
                        uint64_t off, unsigned size, uint64_t val, uint64_t *valp,
                        bool write, vmm_done_fn done, void *ctx)
{
    struct vmm *vmm;
    struct access *a;
    int rc;

    if (!vd || (region != VDEV_BAR0 && region != VDEV_MSIX))
        return -EINVAL;
    vmm = vd->vmm;
    a = vmm_pool_alloc(&vmm->pool, sizeof(*a));
    if (!a)
        return -ENOMEM;
    *a = (struct access){ .vd = vd, .vcpu = vcpu, .region = region, .off = off,
                          .size = size, .val = val, .valp = valp, .write = write,
                          .done = done, .ctx = ctx };
    if (classify(vd, a)) {
        /* VFIO/QEMU region trap: an exit to the VMM's user space */
        vmm->st.exits[VMM_EXIT_MMIO]++;
        if (write && a->t && a->t->kind == TBL_IMS_PT)
            vmm->st.ims_write_traps++;
        else if (write && (a->region == VDEV_MSIX))
            vmm->st.msix_write_traps++;
        SIM_TRACE(vmm->p.sim, TP_VMM_EXIT, vd->vm->index, vcpu, VMM_EXIT_MMIO);
        SIM_TRACE(vmm->p.sim, TP_VMM_TRAP, vd->vm->index, siov_index(vd->dev), region,
                  off, size, val, write);
        rc = vmm_pool_defer(&vmm->pool, cost(vmm, COST_VMEXIT_USER), emulate, a);
    } else {
        rc = vmm_pool_defer(&vmm->pool,
                            cost(vmm, write ? COST_MMIO_WRITE : COST_MMIO_READ),
                            mapped, a);
    }
    if (rc)
        vmm_pool_free(&vmm->pool, a);
    return rc;
}

int vmm_guest_mmio_write(struct vdev *vd, unsigned vcpu, enum vdev_region region,
                         uint64_t off, unsigned size, uint64_t val,
                         vmm_done_fn done, void *ctx)
{
    return guest_access(vd, vcpu, region, off, size, val, NULL, true, done, ctx);
}

int vmm_guest_mmio_read(struct vdev *vd, unsigned vcpu, enum vdev_region region,
                        uint64_t off, unsigned size, uint64_t *val,
                        vmm_done_fn done, void *ctx)
{
    return guest_access(vd, vcpu, region, off, size, 0, val, false, done, ctx);
}

/* ---- vIOMMU invalidation ---------------------------------------------------- */

struct viri {
    struct vm *vm;
    uint32_t index;
    unsigned vdi;          /* cursor: vdev */
    unsigned ti;           /* 0 ims, 1 msix */
    uint32_t ei;
    vmm_done_fn done;
    void *ctx;
};

static bool viri_match(const struct viri *v, const struct ventry *e)
{
    struct msi_msg m = { e->w[0], e->w[1], e->w[2] };
    struct msi_remap r;

    if (!e->h || ventry_masked(e) || !msi_is_remappable(&m) ||
        msi_remap_decode(&m, &r))
        return false;
    return msi_remap_index(&r) == v->index;
}

static void viri_next(void *arg, int status)
{
    struct viri *v = arg;
    struct vmm *vmm = v->vm->vmm;

    (void)status;
    for (; v->vdi < vmm->nvd; v->vdi++, v->ti = 0, v->ei = 0) {
        struct vdev *vd = vmm->vd[v->vdi];

        if (vd->vm != v->vm)
            continue;
        for (; v->ti < 2; v->ti++, v->ei = 0) {
            struct tbl *t = v->ti ? &vd->msix : &vd->ims;

            for (; v->ei < t->n; v->ei++) {
                if (!viri_match(v, &t->e[v->ei]))
                    continue;
                activate(vd, t, v->ei++, viri_next, v);
                return;
            }
        }
    }
    {
        vmm_done_fn done = v->done;
        void *ctx = v->ctx;

        vmm_pool_free(&vmm->pool, v);
        if (done)
            done(ctx, 0);
    }
}

static void viri_start(void *arg)
{
    viri_next(arg, 0);
}

int vmm_guest_vir_invalidate(struct vm *vm, unsigned vcpu, uint32_t index,
                             vmm_done_fn done, void *ctx)
{
    struct vmm *vmm;
    struct viri *v;
    int rc;

    if (!vm || vm->host || !vm->vmm->cfg.viommu || index >= VMM_VIR_IRT_ENTRIES)
        return -EINVAL;
    vmm = vm->vmm;
    v = vmm_pool_alloc(&vmm->pool, sizeof(*v));
    if (!v)
        return -ENOMEM;
    *v = (struct viri){ .vm = vm, .index = index, .done = done, .ctx = ctx };
    /* QEMU's vIOMMU invalidation queue: an exit to user space */
    vmm->st.exits[VMM_EXIT_MMIO]++;
    SIM_TRACE(vmm->p.sim, TP_VMM_EXIT, vm->index, vcpu, VMM_EXIT_MMIO);
    rc = vmm_pool_defer(&vmm->pool, cost(vmm, COST_VMEXIT_USER), viri_start, v);
    if (rc)
        vmm_pool_free(&vmm->pool, v);
    return rc;
}

/* ---- hypercall ----------------------------------------------------------------- */

struct hcall {
    struct vdev *vd;
    unsigned vcpu;
    struct hc_req req;
    struct hc_resp *resp;
    vmm_done_fn done;
    void *ctx;
    struct hirq *h;
};

static void hc_end(void *arg, int status)
{
    struct hcall *c = arg;
    struct vmm *vmm = c->vd->vmm;
    vmm_done_fn done = c->done;
    void *ctx = c->ctx;

    if (status && !c->resp->status)
        c->resp->status = status;
    if (c->resp->status)
        vmm->st.hypercall_errors++;
    else if (c->h && c->req.op != HC_PAIR_FREE) {
        uint64_t a = (uint64_t)c->h->pair.addr_hi << 32 | c->h->pair.addr_lo;

        c->resp->addr = a;
        c->resp->data = c->h->pair.data;
        c->resp->cookie = hirq_cookie(c->h);
    }
    SIM_TRACE(vmm->p.sim, TP_VMM_HC, c->vd->vm->index, c->req.op, c->req.kind,
              (uint64_t)(-c->resp->status), c->resp->cookie);
    vmm_pool_free(&vmm->pool, c);
    if (done)
        done(ctx, 0);
}

static bool hc_offered(const struct vmm *vmm, uint32_t kind)
{
    if (vmm->cfg.personality == VMM_BARE)
        return false;
    if (kind == HC_KIND_IMS)
        return vmm->cfg.ims == VMM_IMS_HYPERCALL;
    return vmm->cfg.msix == VMM_MSIX_HYPERCALL;
}

static void hc_exec(void *arg)
{
    struct hcall *c = arg;
    struct vdev *vd = c->vd;
    struct vmm *vmm = vd->vmm;
    const struct hc_req *q = &c->req;
    int rc;

    if (!hc_offered(vmm, q->kind)) {
        c->resp->status = -EOPNOTSUPP;
        hc_end(c, 0);
        return;
    }
    switch (q->op) {
    case HC_PAIR_ALLOC:
        if (q->vcpu >= vd->vm->nvcpu || q->vector < APIC_VEC_MIN_LEGAL ||
            q->vector > 0xff) {
            c->resp->status = -EINVAL;
            break;
        }
        rc = hirq_new(vmm, vd, vd->vm, q->vcpu, (uint8_t)q->vector, &c->h);
        if (!rc)
            rc = hirq_program(c->h, hc_end, c);
        if (!rc)
            return;
        c->resp->status = rc;
        break;
    case HC_PAIR_RETARGET:
        c->h = hirq_of_cookie(vmm, q->cookie);
        if (!c->h || c->h->vd != vd) {
            c->resp->status = -ENOENT;
            c->h = NULL;
            break;
        }
        if (q->vcpu >= vd->vm->nvcpu || q->vector < APIC_VEC_MIN_LEGAL ||
            q->vector > 0xff) {
            c->resp->status = -EINVAL;
            break;
        }
        c->h->tcpu = q->vcpu;
        c->h->tvec = (uint8_t)q->vector;
        rc = hirq_program(c->h, hc_end, c);
        if (!rc)
            return;
        c->resp->status = rc;
        break;
    case HC_PAIR_FREE:
        c->h = hirq_of_cookie(vmm, q->cookie);
        if (!c->h || c->h->vd != vd) {
            c->resp->status = -ENOENT;
            c->h = NULL;
            break;
        }
        {
            struct hirq *h = c->h;

            c->h = NULL;
            hirq_free(h, hc_end, c);
        }
        return;
    default:
        c->resp->status = -EINVAL;
        break;
    }
    hc_end(c, 0);
}

int vmm_hypercall(struct vdev *vd, unsigned vcpu, const struct hc_req *req,
                  struct hc_resp *resp, vmm_done_fn done, void *ctx)
{
    struct vmm *vmm;
    struct hcall *c;
    enum cost_id how = COST_HYPERCALL;
    int rc;

    if (!vd || !req || !resp || vd->vm->host)
        return -EINVAL;
    vmm = vd->vmm;
    c = vmm_pool_alloc(&vmm->pool, sizeof(*c));
    if (!c)
        return -ENOMEM;
    *c = (struct hcall){ .vd = vd, .vcpu = vcpu, .req = *req, .resp = resp,
                         .done = done, .ctx = ctx };
    memset(resp, 0, sizeof(*resp));
    /* Hyper-V composes MSI-X pairs over VMBus (PCI_CREATE_INTERRUPT_MESSAGE,
     * PCI_DELETE_INTERRUPT_MESSAGE); retargeting is a hypercall
     * (HVCALL_RETARGET_INTERRUPT) -- domain.md 3.1, 3.2 */
    if (vmm->cfg.personality == VMM_HYPERV && req->kind == HC_KIND_MSIX &&
        req->op != HC_PAIR_RETARGET)
        how = COST_HV_VMBUS_MSG;
    vmm->st.hypercalls++;
    vmm->st.exits[VMM_EXIT_HYPERCALL]++;
    SIM_TRACE(vmm->p.sim, TP_VMM_EXIT, vd->vm->index, vcpu, VMM_EXIT_HYPERCALL);
    rc = vmm_pool_defer(&vmm->pool, cost(vmm, how), hc_exec, c);
    if (rc)
        vmm_pool_free(&vmm->pool, c);
    return rc;
}

/* ---- bare: the host IR domain --------------------------------------------------- */

int vmm_host_pair(struct vdev *vd, unsigned cpu, uint8_t *vector,
                  uint64_t *addr, uint32_t *data, uint64_t *cookie)
{
    struct vmm *vmm;
    struct hirq *h;
    uint8_t v;
    int rc;

    if (!vd || !vd->vm->host || cpu >= vd->vmm->p.npcpu)
        return -EINVAL;
    vmm = vd->vmm;
    rc = hirq_new(vmm, vd, vd->vm, cpu, 0, &h);
    if (rc)
        return rc;
    rc = hvec_alloc(vmm, cpu, h, &v);
    if (!rc) {
        h->tvec = v;
        h->hcpu = cpu;
        h->hvec = v;
        h->has_hvec = true;
        rc = hirq_program(h, NULL, NULL);
    }
    if (rc) {
        hirq_free(h, NULL, NULL);
        return rc;
    }
    *vector = v;
    *addr = (uint64_t)h->pair.addr_hi << 32 | h->pair.addr_lo;
    *data = h->pair.data;
    *cookie = hirq_cookie(h);
    return 0;
}

struct hretarget {
    struct vmm *vmm;
    vmm_done_fn done;
    void *ctx;
};

static void hretarget_end(void *arg, int status)
{
    struct hretarget *r = arg;
    vmm_done_fn done = r->done;
    void *ctx = r->ctx;

    vmm_pool_free(&r->vmm->pool, r);
    if (done)
        done(ctx, status);
}

int vmm_host_retarget(struct vdev *vd, uint64_t cookie, unsigned cpu,
                      uint8_t *vector, uint64_t *addr, uint32_t *data,
                      vmm_done_fn done, void *ctx)
{
    struct vmm *vmm;
    struct hirq *h;
    struct hretarget *r;
    uint8_t v;
    int rc;

    if (!vd || !vd->vm->host || cpu >= vd->vmm->p.npcpu)
        return -EINVAL;
    vmm = vd->vmm;
    h = hirq_of_cookie(vmm, cookie);
    if (!h || h->vd != vd)
        return -ENOENT;
    r = vmm_pool_alloc(&vmm->pool, sizeof(*r));
    if (!r)
        return -ENOMEM;
    *r = (struct hretarget){ vmm, done, ctx };
    rc = hvec_alloc(vmm, cpu, h, &v);
    if (rc) {
        vmm_pool_free(&vmm->pool, r);
        return rc;
    }
    if (h->has_hvec)
        hvec_retire(vmm, h);
    h->tcpu = cpu;
    h->tvec = v;
    rc = hirq_program(h, hretarget_end, r);
    if (rc) {
        vmm_pool_free(&vmm->pool, r);
        return rc;
    }
    *vector = v;
    if (addr)
        *addr = (uint64_t)h->pair.addr_hi << 32 | h->pair.addr_lo;
    if (data)
        *data = h->pair.data;
    return 0;
}

/* ---- life cycle ---------------------------------------------------------------- */

int vmm_create(struct vmm **out, const struct vmm_platform *p,
               const struct vmm_config *cfg)
{
    struct vmm *vmm;
    uint64_t irta;
    int rc;

    if (!out || !p || !cfg || !p->sim || !p->cost || !p->mem || !p->ir ||
        !p->fabric || !p->pcpu || !p->npcpu)
        return -EINVAL;
    if (cfg->personality == VMM_BARE &&
        (cfg->msix != VMM_MSIX_NATIVE || cfg->ims != VMM_IMS_NONE || cfg->viommu))
        return -EINVAL;
    irta = ir_irta(p->ir);
    if (!irta)
        return -EINVAL;
    vmm = calloc(1, sizeof(*vmm));
    if (!vmm)
        return -ENOMEM;
    vmm->p = *p;
    vmm->cfg = *cfg;
    vmm_pool_init(&vmm->pool, p->sim);
    vmm->eime = irta & IR_IRTA_EIME;
    vmm->hvec = calloc((size_t)p->npcpu * 256, sizeof(*vmm->hvec));
    if (!vmm->hvec) {
        rc = -ENOMEM;
        goto fail;
    }
    rc = ir_table_init(&vmm->irt, p->mem, irta & IR_IRTA_ADDR_MASK,
                       (unsigned)(irta & IR_IRTA_S_MASK), vmm->eime);
    if (rc)
        goto fail;
    vmm->irt_ready = true;
    vmm->irte_limit = vmm->irt.nr;
    if (p->irt_entries && p->irt_entries < vmm->irte_limit)
        vmm->irte_limit = p->irt_entries;
    if (cfg->irte_limit && cfg->irte_limit < vmm->irte_limit)
        vmm->irte_limit = cfg->irte_limit;
    rc = mem_add_region(p->mem, p->mem_base, VMM_PRIV_SIZE);
    if (rc)
        goto fail;
    vmm->vm_next = VMM_PRIV_SIZE;
    *out = vmm;
    return 0;
fail:
    vmm_destroy(vmm);
    return rc;
}

static void vdev_free(struct vdev *vd)
{
    free(vd->ims.e);
    free(vd->msix.e);
    free(vd);
}

void vmm_destroy(struct vmm *vmm)
{
    if (!vmm)
        return;
    vmm_pool_fini(&vmm->pool);
    for (uint32_t i = 0; i < vmm->nhirq; i++)
        free(vmm->hirq[i]);
    free(vmm->hirq);
    free(vmm->hvec);
    for (unsigned i = 0; i < vmm->nvd; i++)
        vdev_free(vmm->vd[i]);
    free(vmm->vd);
    for (unsigned i = 0; i < vmm->nvm; i++) {
        free(vmm->vm[i]->pcpu_of);
        free(vmm->vm[i]->vcpu);
        free(vmm->vm[i]);
    }
    free(vmm->vm);
    for (unsigned i = 0; i < vmm->ndev; i++)
        free(vmm->dev[i]);
    free(vmm->dev);
    if (vmm->irt_ready)
        ir_table_fini(&vmm->irt);
    free(vmm);
}

const struct vmm_stats *vmm_stats(struct vmm *vmm)
{
    vmm->snap = vmm->st;
    for (unsigned i = 0; i < vmm->nvm; i++) {
        struct vm *vm = vmm->vm[i];

        for (unsigned c = 0; !vm->host && c < vm->nvcpu; c++) {
            const struct vcpu_stats *vs = vcpu_stats(vm->vcpu[c]);

            vmm->snap.exits[VMM_EXIT_EXTINT] += vs->exits[VCPU_EXIT_EXTINT];
            vmm->snap.exits[VMM_EXIT_KICK] += vs->exits[VCPU_EXIT_KICK];
            vmm->snap.exits[VMM_EXIT_HLT] += vs->exits[VCPU_EXIT_HLT];
            vmm->snap.exits[VMM_EXIT_OTHER] += vs->exits[VCPU_EXIT_PREEMPT];
        }
    }
    return &vmm->snap;
}

const char *vmm_exit_name(enum vmm_exit e)
{
    switch (e) {
    case VMM_EXIT_MMIO: return "mmio";
    case VMM_EXIT_HYPERCALL: return "hypercall";
    case VMM_EXIT_EXTINT: return "extint";
    case VMM_EXIT_HLT: return "hlt";
    case VMM_EXIT_KICK: return "kick";
    case VMM_EXIT_OTHER: return "other";
    default: return "?";
    }
}

void vmm_set_skip_iec_flush(struct vmm *vmm, bool skip)
{
    vmm->cfg.skip_iec_flush = skip;
}

static struct vmm_dev *dev_of(struct vmm *vmm, const struct siov_dev *dev)
{
    for (unsigned i = 0; i < vmm->ndev; i++)
        if (vmm->dev[i]->dev == dev)
            return vmm->dev[i];
    return NULL;
}

static struct vmm_dev *dev_get(struct vmm *vmm, struct siov_dev *dev)
{
    struct vmm_dev *d = dev_of(vmm, dev), **nd;

    if (d)
        return d;
    nd = realloc(vmm->dev, (vmm->ndev + 1) * sizeof(*nd));
    if (!nd)
        return NULL;
    vmm->dev = nd;
    d = calloc(1, sizeof(*d));
    if (!d)
        return NULL;
    d->dev = dev;
    d->bar = siov_bar0(dev, &d->bar_ctx);
    d->mbox = vmm->p.mem_base + VMM_MBOX_AREA + VMM_MBOX_STRIDE * vmm->ndev;
    vmm->dev[vmm->ndev++] = d;
    return d;
}

/* A CPU config write of the host (rejected writes are a model bug here). */
static int host_cfg_write(struct pci_cfg *cfg, uint32_t off, unsigned size,
                          uint32_t val)
{
    return pci_cfg_write(cfg, off, size, val) == MMIO_OK ? 0 : -EIO;
}

int vmm_attach_msix(struct vmm *vmm, struct siov_dev *dev, uint32_t nvec)
{
    struct vmm_dev *d;
    struct pci_cfg *cfg;
    struct msix *m;
    uint16_t cap;
    int rc;

    if (!vmm || !dev)
        return -EINVAL;
    m = siov_msix(dev);
    cfg = siov_cfg(dev);
    cap = pci_find_cap(cfg, PCI_CAP_ID_MSIX);
    if (!m || !cap || msix_nvec(m) != nvec)
        return -EINVAL;
    d = dev_get(vmm, dev);
    if (!d)
        return -ENOMEM;
    if (d->msix)
        return -EEXIST;
    /*
     * The host's PCI core and driver (vfio-pci for a function it passes
     * through): pci_enable_device() sets Memory Space Enable,
     * pci_set_master() Bus Master Enable, and pci_enable_msix() ->
     * msix_capability_init() sets Enable with Function Mask, masks every
     * entry (they reset masked) and clears Function Mask.
     */
    rc = host_cfg_write(cfg, PCI_COMMAND, 2,
                        pci_get_word(cfg, PCI_COMMAND) | PCI_COMMAND_MEMORY |
                            PCI_COMMAND_MASTER);
    if (!rc)
        rc = host_cfg_write(cfg, cap + PCI_MSIX_FLAGS, 2,
                            PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL);
    if (!rc)
        rc = host_cfg_write(cfg, cap + PCI_MSIX_FLAGS, 2, PCI_MSIX_FLAGS_ENABLE);
    if (rc)
        return rc;
    d->msix = m;
    return 0;
}

/* ---- VMs -------------------------------------------------------------------------- */

int vmm_vm_create(struct vmm *vmm, const struct vmm_vm_config *cfg, struct vm **out)
{
    struct vm *vm, **nv;
    struct apic_vm_config ac;
    int rc;

    if (!vmm || !cfg || !out || !cfg->nvcpu || !cfg->pcpu_of)
        return -EINVAL;
    for (unsigned i = 0; i < cfg->nvcpu; i++)
        if (cfg->pcpu_of[i] >= vmm->p.npcpu)
            return -EINVAL;
    nv = realloc(vmm->vm, (vmm->nvm + 1) * sizeof(*nv));
    if (!nv)
        return -ENOMEM;
    vmm->vm = nv;
    vm = calloc(1, sizeof(*vm));
    if (!vm)
        return -ENOMEM;
    vm->pcpu_of = calloc(cfg->nvcpu, sizeof(*vm->pcpu_of));
    vm->vcpu = calloc(cfg->nvcpu, sizeof(*vm->vcpu));
    if (!vm->pcpu_of || !vm->vcpu) {
        free(vm->pcpu_of);
        free(vm->vcpu);
        free(vm);
        return -ENOMEM;
    }
    vm->vmm = vmm;
    vm->index = vmm->nvm;
    vm->host = vmm->cfg.personality == VMM_BARE;
    vm->nvcpu = cfg->nvcpu;
    memcpy(vm->pcpu_of, cfg->pcpu_of, cfg->nvcpu * sizeof(*vm->pcpu_of));
    vm->deliver = cfg->deliver;
    vm->ctx = cfg->ctx;
    vm->mem_size = cfg->mem_size;
    vmm->vm[vmm->nvm++] = vm;
    if (cfg->mem_size) {
        uint64_t sz = (cfg->mem_size + 0xfffffu) & ~UINT64_C(0xfffff);

        if (vmm->p.mem_size && vmm->vm_next + sz > vmm->p.mem_size)
            return -ENOMEM;
        vm->hpa = vmm->p.mem_base + vmm->vm_next;
        rc = mem_add_region(vmm->p.mem, vm->hpa, cfg->mem_size);
        if (rc)
            return rc;
        vmm->vm_next += sz;
    }
    *out = vm;
    if (vm->host)
        return 0;   /* the host's CPUs are the pCPUs: no apic vCPUs */
    ac = (struct apic_vm_config){ .deliver = cfg->deliver, .ctx = cfg->ctx,
                                  .auto_eoi = true };
    rc = apic_vm_create(vmm->p.fabric, &ac, &vm->avm);
    if (rc)
        return rc;
    for (unsigned i = 0; i < vm->nvcpu; i++) {
        struct pcpu *p = vmm->p.pcpu[vm->pcpu_of[i]];

        if (vmm->pid_next >= VMM_PID_MAX)
            return -ENOSPC;
        rc = vcpu_create(vm->avm, i, vmm->p.mem_base + VMM_PID_AREA +
                                         (uint64_t)PID_SIZE * vmm->pid_next++,
                         &vm->vcpu[i]);
        if (rc)
            return rc;
        /* no scheduler: a vCPU runs on its pCPU if that pCPU is free */
        if (!pcpu_current(p))
            (void)vcpu_run_on(vm->vcpu[i], p);
    }
    return 0;
}

unsigned vmm_vm_index(const struct vm *vm)
{
    return vm->index;
}

unsigned vmm_vm_nvcpu(const struct vm *vm)
{
    return vm->nvcpu;
}

struct vcpu *vmm_vcpu(struct vm *vm, unsigned i)
{
    if (!vm || vm->host || i >= vm->nvcpu)
        return NULL;
    return vm->vcpu[i];
}

bool vmm_vm_is_host(const struct vm *vm)
{
    return vm->host;
}

uint64_t vmm_guest_mem(const struct vm *vm, uint64_t gpa)
{
    return vm->hpa + gpa;
}

/* ---- assignment and what the guest sees -------------------------------------------- */

static bool hw_has_dvsec_ims(struct siov_dev *dev)
{
    /* the hardware's bit, read from the function's own config space (idxd
     * and mlx5 set it; a msix-kind function has no SIOV DVSEC at all;
     * domain.md 6.1: DVSEC ID 5, CAP bit 0) */
    return pci_ims_supported(siov_cfg(dev));
}

static bool cap_for(const struct vmm *vmm, const struct vdev *vd)
{
    bool hw = hw_has_dvsec_ims(vd->dev);

    if (vd->mode == VMM_ASSIGN_COMPOSED)
        return false;   /* an MSI-X-only virtual function */
    if (vmm->cfg.personality == VMM_BARE)
        return hw;      /* no VMM: the guest reads the hardware */
    switch (vmm->cfg.cap) {
    case VMM_CAP_ALWAYS:
        return hw;
    case VMM_CAP_NEVER:
        return false;
    default:
        /* The bit says "IMS works" for a driver that programs its own
         * pairs (seed; SIOV 3.7): only emulation makes that true.  The
         * hypercall helps only guests that ask for pairs, which do not
         * need the bit; showing it would invite a guest that trusts it
         * to write a pair of its own. */
        return hw && vmm->cfg.ims == VMM_IMS_EMULATE &&
               plugin_for(siov_kind_of(vd->dev)) != NULL;
    }
}

/* IDs the virtual function shows (DSA 0x0b25, ConnectX-6 Dx 0x101d and its
 * VF 0x101e, I350 0x1521 for a plain MSI-X NIC; the VDCM's DSA vdev 0x0b26). */
static uint16_t vdev_vendor(enum siov_kind kind)
{
    return kind == SIOV_KIND_MLX5 ? 0x15b3 : PCI_VENDOR_ID_INTEL;
}

static uint16_t vdev_device(enum siov_kind kind, enum vmm_assign_mode mode)
{
    bool vf = mode == VMM_ASSIGN_COMPOSED;

    switch (kind) {
    case SIOV_KIND_IDXD: return vf ? 0x0b26 : 0x0b25;
    case SIOV_KIND_MLX5: return vf ? 0x101e : 0x101d;
    default: return 0x1521;
    }
}

static int tbl_init(struct tbl *t, enum tbl_kind kind, uint32_t n)
{
    t->kind = kind;
    t->n = n;
    t->e = calloc(n ? n : 1, sizeof(*t->e));
    if (!t->e)
        return -ENOMEM;
    for (uint32_t i = 0; i < n; i++)
        t->e[i].w[3] = 1;   /* both kinds reset masked */
    return 0;
}

int vmm_assign(struct vmm *vmm, struct vm *vm, struct siov_dev *dev,
               uint32_t adi, enum vmm_assign_mode mode, struct vdev **out)
{
    struct vmm_dev *d;
    struct vdev *vd, **nvd;
    enum siov_kind kind;
    int rc = 0;

    if (!vmm || !vm || !dev || !out || adi >= siov_n_adi(dev) ||
        (mode == VMM_ASSIGN_COMPOSED && vm->host))
        return -EINVAL;
    for (unsigned i = 0; i < vmm->nvd; i++)
        if (vmm->vd[i]->dev == dev && vmm->vd[i]->adi == adi)
            return -EBUSY;
    d = dev_get(vmm, dev);
    if (!d)
        return -ENOMEM;
    nvd = realloc(vmm->vd, (vmm->nvd + 1) * sizeof(*nvd));
    if (!nvd)
        return -ENOMEM;
    vmm->vd = nvd;
    vd = calloc(1, sizeof(*vd));
    if (!vd)
        return -ENOMEM;
    *vd = (struct vdev){ .vmm = vmm, .vm = vm, .vdv = d, .dev = dev, .adi = adi,
                         .mode = mode };
    kind = siov_kind_of(dev);
    if (mode == VMM_ASSIGN_COMPOSED) {
        uint32_t n = kind == SIOV_KIND_MSIX ? siov_entry_count(dev, SIOV_BANK_MSIX)
                                            : ims_per_adi(vd);

        if (n > PCI_MSIX_MAX_VECTORS)
            n = PCI_MSIX_MAX_VECTORS;
        rc = tbl_init(&vd->msix, TBL_VIRT_MSIX, n);
    } else if (!vm->host) {
        if (vmm->cfg.msix == VMM_MSIX_TRAP && d->msix)
            rc = tbl_init(&vd->msix, TBL_MSIX_PT, msix_nvec(d->msix));
        if (!rc && vmm->cfg.ims == VMM_IMS_EMULATE && kind != SIOV_KIND_MSIX) {
            if (plugin_for(kind))
                rc = tbl_init(&vd->ims, TBL_IMS_PT,
                              siov_entry_count(dev, SIOV_BANK_IMS));
            else
                vd->emul_unsupported = true;
        }
    }
    if (rc) {
        vdev_free(vd);
        return rc;
    }
    vd->cap = cap_for(vmm, vd);
    /* what the guest reads: a virtual config space whose SIOV DVSEC (none
     * for a plain MSI-X function) carries the bit the VMM decided; a
     * composed function is an MSI-X-only function with the bit clear */
    pci_cfg_init(&vd->vcfg, vmm->p.sim, siov_rid(dev), vdev_vendor(kind),
                 vdev_device(kind, mode));
    if (kind != SIOV_KIND_MSIX) {
        rc = pci_siov_dvsec_add(&vd->vcfg, vd->cap);
        if (rc < 0) {
            vdev_free(vd);
            return rc;
        }
    }
    if (vd->emul_unsupported)
        vmm->st.emulation_unsupported++;
    vmm->vd[vmm->nvd++] = vd;
    *out = vd;
    return 0;
}

void vmm_guest_view(const struct vdev *vd, struct guest_view *out)
{
    const struct vmm *vmm = vd->vmm;
    bool bare = vmm->cfg.personality == VMM_BARE;

    *out = (struct guest_view){ 0 };
    out->hypervisor = !bare;
    out->ir = bare ? ir_enabled(vmm->p.ir) : vmm->cfg.viommu;
    out->ir_caching_mode = !bare && vmm->cfg.viommu;
    out->hv_vpci = vmm->cfg.personality == VMM_HYPERV;
    out->hc_msi = vmm->cfg.personality == VMM_KVM && vmm->cfg.msix == VMM_MSIX_HYPERCALL;
    out->hc_ims = !bare && vmm->cfg.ims == VMM_IMS_HYPERCALL;
    /* the guest reads the DVSEC from the virtual config space it sees */
    out->dvsec_ims = pci_ims_supported(&vd->vcfg);
    if (vd->mode == VMM_ASSIGN_COMPOSED) {
        out->msix_size = vd->msix.n;
        out->own_function = true;
    } else {
        out->msix_size = vd->vdv->msix ? msix_nvec(vd->vdv->msix) : 0;
    }
}

bool vmm_cap_advertised(const struct vdev *vd)
{
    return vd->cap;
}

bool vmm_ims_emulatable(const struct vdev *vd)
{
    return plugin_for(siov_kind_of(vd->dev)) != NULL;
}

bool vmm_emulation_unsupported(const struct vdev *vd)
{
    return vd->emul_unsupported;
}

struct siov_dev *vmm_vdev_dev(const struct vdev *vd)
{
    return vd->dev;
}

uint32_t vmm_vdev_adi(const struct vdev *vd)
{
    return vd->adi;
}

enum vmm_assign_mode vmm_vdev_mode(const struct vdev *vd)
{
    return vd->mode;
}

struct vm *vmm_vdev_vm(const struct vdev *vd)
{
    return vd->vm;
}

int vmm_vdev_int_handle(const struct vdev *vd, enum siov_bank bank,
                        uint32_t entry, enum siov_bank *hbank, uint32_t *hentry)
{
    const struct ventry *e;

    if (!vd || (unsigned)bank >= SIOV_BANK__COUNT)
        return -EINVAL;
    if (vd->mode != VMM_ASSIGN_COMPOSED) {
        *hbank = bank;
        *hentry = entry;
        return 0;
    }
    if (bank != SIOV_BANK_MSIX || entry >= vd->msix.n)
        return -EINVAL;
    e = &vd->msix.e[entry];
    if (!e->have_host)
        return -ENOENT;
    *hbank = siov_kind_of(vd->dev) == SIOV_KIND_MSIX ? SIOV_BANK_MSIX : SIOV_BANK_IMS;
    *hentry = e->host_entry;
    return 0;
}
