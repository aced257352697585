/* SPDX-License-Identifier: MIT */
/*
 * vmm_emul.c - trapped-table emulation: what the VMM does when a guest
 * unmasks, rewrites or masks an entry of a table it traps (a passed-through
 * MSI-X table, passed-through IMS slots through a plugin, a composed
 * function's virtual MSI-X table).  It decodes the guest's pair into
 * (vCPU, vector), makes a host interrupt for it (vmm_hostirq.c) and writes
 * the real pair into the hardware entry behind with the kind's driver
 * (models/drv) on the host's port -- after the IRTE is in force.
 */
#include "models/vmm/vmm_internal.h"

#include <errno.h>

#include "models/iommu/msi.h"
#include "models/pci/pci_regs.h"
#include "models/trace-events.h"

bool vmm_ventry_masked(const struct ventry *e)
{
    return e->w[3] & 1u;    /* bit 0 in both MSI-X and IDXD control words */
}

/* ---- the hardware entry ----------------------------------------------------- */

/*
 * Append the writes that put @m (or, @m NULL, a mask) into the hardware
 * entry behind entry @i of @t.  Passthrough: the guest's own control word
 * passes through (its mask, and for IMS its PASID), after the pair.
 * Composed: the host's entry (vmm_composed.c).
 */
static void hw_entry(struct seq *s, struct vdev *vd, struct tbl *t, uint32_t i,
                     const struct msi_msg *m)
{
    struct ventry *e = &t->e[i];
    struct drv_update how = { .after = DRV_AFTER_CTRL };

    switch (t->kind) {
    case TBL_IMS_PT:
        how.ctrl = e->w[3] & vmm_plugin_for(siov_kind_of(vd->dev))->ctrl_writable;
        break;
    case TBL_MSIX_PT:
        how.ctrl = e->w[3] & PCI_MSIX_ENTRY_CTRL_MASKBIT;
        break;
    case TBL_VIRT_MSIX:
        vmm_composed_entry(vd, s, e, m);
        break;
    default:
        break;
    }
    if (t->kind == TBL_IMS_PT || t->kind == TBL_MSIX_PT) {
        struct drv *d = vmm_host_drv(vd, t->kind == TBL_MSIX_PT);

        if (m)
            drv_update(d, s, i, m, &how);
        else
            drv_ctrl(d, s, i, how.ctrl);
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
 * A compatibility-format pair in logical destination mode: the guest's
 * APICs are in flat logical mode, vCPU n's logical ID bit n (Linux's flat
 * APIC driver, at most 8 CPUs), so the destination is a set of vCPUs.  A
 * set of one is that vCPU (fixed or lowest priority).  Lowest priority to
 * several is delivered to one of them, the one KVM's vector hashing picks
 * (arch/x86/kvm/lapic.c kvm_vector_to_cpu_hash: the (vector mod n)-th of
 * the n vCPUs in the set); it is not a single-vCPU route, so KVM does not
 * post it (VMM-BYPASS-02).  Fixed delivery to several (multicast) is not
 * modelled: the entry stays masked.
 */
static int decode_logical(const struct vm *vm, const struct msi_compat *c,
                          unsigned *vcpu, uint8_t *set)
{
    uint32_t mask = c->dest;
    unsigned n = 0, pick;

    if (mask == 0 || mask > 0xffu || mask >> vm->nvcpu)
        return -EINVAL;
    for (unsigned i = 0; i < 8; i++)
        n += (mask >> i) & 1u;
    if (n > 1 && c->dlm != APIC_DLM_LOWPRI)
        return -EINVAL;
    pick = c->vector % n;
    for (unsigned i = 0; i < 8; i++) {
        if (!((mask >> i) & 1u))
            continue;
        if (pick-- == 0) {
            *vcpu = i;
            break;
        }
    }
    *set = n > 1 ? (uint8_t)mask : 0;
    return 0;
}

/*
 * The guest's pair names (vCPU, vector): compatibility format -> the guest
 * APIC ID (= vCPU index) and vector, or in logical mode a set of vCPUs
 * (@set, decode_logical); remappable -> a vIRTE of the guest's vIOMMU,
 * read from guest memory (QEMU vtd_remap_irq_get on the vIRT).
 */
static int decode_guest_pair(const struct vdev *vd, const uint32_t w[4],
                             unsigned *vcpu, uint8_t *vec, uint8_t *set)
{
    const struct vm *vm = vd->vm;
    struct msi_msg m = { w[0], w[1], w[2] };
    uint64_t addr = (uint64_t)w[1] << 32 | w[0];
    uint32_t dest;

    if (!msi_in_window(addr))
        return -EINVAL;
    if (msi_is_remappable(&m)) {
        struct msi_remap r;
        int rc;

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
        rc = vmm_virte_read(vm, msi_remap_index(&r), &dest, vec);
        if (rc)
            return rc;
    } else {
        struct msi_compat c;

        if (msi_compat_decode(&m, &c))
            return -EINVAL;
        *vec = c.vector;
        if (c.dest_logical && (c.dlm == APIC_DLM_FIXED || c.dlm == APIC_DLM_LOWPRI)) {
            if (decode_logical(vm, &c, vcpu, set) || *vec < APIC_VEC_MIN_LEGAL)
                return -EINVAL;
            return 0;
        }
        if (c.dest_logical || c.dlm != APIC_DLM_FIXED)
            return -EINVAL;
        dest = c.dest;
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
    seq_done_fn fn;
    void *arg;
};

static void act_end(void *arg, int status)
{
    struct act *a = arg;
    struct vmm *vmm = a->vd->vmm;
    seq_done_fn fn = a->fn;
    void *fa = a->arg;

    seq_pool_free(&vmm->pool, a);
    fn(fa, status);
}

static void act_irte_done(void *arg, int status)
{
    struct act *a = arg;
    struct vdev *vd = a->vd;
    struct ventry *e = &a->t->e[a->i];
    struct seq *s = seq_new(&vd->vdv->port);

    if (status || !s || !e->h) {
        act_end(a, status ? status : -ENOMEM);
        return;
    }
    hw_entry(s, vd, a->t, a->i, &e->h->pair);
    seq_submit(s, act_end, a);
}

void vmm_activate(struct vdev *vd, struct tbl *t, uint32_t i, seq_done_fn fn,
                  void *arg)
{
    struct vmm *vmm = vd->vmm;
    struct ventry *e = &t->e[i];
    struct act *a = seq_pool_alloc(&vmm->pool, sizeof(*a));
    unsigned vcpu = 0;
    uint8_t vec = 0, set = 0;
    int rc;

    if (!a) {
        fn(arg, -ENOMEM);
        return;
    }
    *a = (struct act){ vd, t, i, fn, arg };
    rc = decode_guest_pair(vd, e->w, &vcpu, &vec, &set);
    SIM_TRACE(vmm->p.sim, TP_VMM_DECODE, vd->vm->index, siov_index(vd->dev), i,
              (uint64_t)e->w[1] << 32 | e->w[0], e->w[2], rc == 0, vcpu, vec);
    if (rc) {
        /* nothing the VMM can route: the hardware entry stays masked */
        seq_call_later(&vmm->pool, 0, act_end, a, 0);
        return;
    }
    if (t->kind == TBL_VIRT_MSIX && !vmm_composed_bind(vd, e, i)) {
        seq_call_later(&vmm->pool, 0, act_end, a, 0);
        return;
    }
    if (!e->h) {
        rc = vmm_hirq_new(vmm, vd, vd->vm, vcpu, vec, &e->h);
        if (rc) {
            seq_call_later(&vmm->pool, 0, act_end, a, 0);
            return;
        }
    } else {
        e->h->tcpu = vcpu;
        e->h->tvec = vec;
    }
    e->h->tset = set;
    rc = vmm_hirq_program(e->h, act_irte_done, a);
    if (rc)
        seq_call_later(&vmm->pool, 0, act_end, a, rc);
}

void vmm_mask_hw(struct vdev *vd, struct tbl *t, uint32_t i, seq_done_fn fn,
                 void *arg)
{
    struct seq *s = seq_new(&vd->vdv->port);

    if (!s) {
        fn(arg, -ENOMEM);
        return;
    }
    if (t->kind == TBL_VIRT_MSIX && !t->e[i].have_host) {
        seq_discard(s);
        seq_call_later(&vd->vmm->pool, 0, fn, arg, 0);
        return;
    }
    hw_entry(s, vd, t, i, NULL);
    seq_submit(s, fn, arg);
}
