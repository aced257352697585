/* SPDX-License-Identifier: MIT */
/*
 * siov_msg.c - the device's Interrupt Message Generation Logic (SIOV 6.1 via
 * domain.md): a raise from its tag to its outcome, the release of a pending
 * entry, and the messages in flight up to the upstream posted write.
 *
 * A message's life: the decision (mask, pending, PASID) and the sampling of
 * the pair happen at the raise (or at the unmask that releases a pending
 * entry); COST_DEV_MSI_GEN later generation ends, and COST_PCIE_UPSTREAM
 * after that the posted write reaches the upstream sink.  A message once
 * generated is not recalled: masking or rewriting the entry afterwards does
 * not change it.  Messages in flight are kept on a list so that
 * siov_destroy() can cancel their events.
 *
 * Evidence: every raise goes to the evidence port (which may number it),
 * and so does a raise that sends nothing (refused, invalid, fault) or folds
 * into a pending bit (coalesced).  A sent or pending raise needs no more:
 * its message carries the tag on, now or at release.
 */
#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/siov/siov_core.h"
#include "models/trace-events.h"
#include "sim/trace.h"

/* ---- messages in flight ------------------------------------------------- */

static void msg_unlink(struct siov_dev *dev, struct msg *m)
{
    if (m->prev)
        m->prev->next = m->next;
    else
        dev->inflight = m->next;
    if (m->next)
        m->next->prev = m->prev;
}

void siov__msg_cancel_all(struct siov_dev *dev)
{
    while (dev->inflight) {
        struct msg *m = dev->inflight;

        if (m->ev)
            sim_cancel(dev->plat.sim, m->ev);
        msg_unlink(dev, m);
        sim_pool_put(&dev->msgs, m);
    }
}

/* COST_PCIE_UPSTREAM after generation: the write reaches the sink. */
static void msg_arrive(struct sim *sim, void *arg)
{
    struct msg *m = arg;
    struct siov_dev *dev = m->dev;
    struct pcie_write w = m->w;

    /* IMS-MSG-01 holds for every message on the wire */
    assert(w.len == 4 && !w.has_pasid && w.rid == dev->cfg.rid);
    msg_unlink(dev, m);
    sim_pool_put(&dev->msgs, m);
    dev->stats.emitted++;
    SIM_TRACE(sim, TP_SIOV_MSG_SEND, dev->cfg.index, w.rid, w.addr, w.data,
              w.tag.seq);
    if (dev->plat.upstream.write)
        dev->plat.upstream.write(dev->plat.upstream.ctx, &w);
}

/* COST_DEV_MSI_GEN after the decision: generation is done; send upstream. */
static void msg_generated(struct sim *sim, void *arg)
{
    struct msg *m = arg;
    struct siov_dev *dev = m->dev;

    m->ev = 0;
    /*
     * SIOV-CMD-02 (MSIX-BME-01 for every bank): a message is a memory write,
     * and with Bus Master Enable clear when it is due the function issues
     * none (PCIe Base 6.0 s.7.5.1.1.3).
     */
    if (!siov__cmd_bit(&dev->pcfg, PCI_COMMAND_MASTER)) {
        dev->stats.no_master++;
        SIM_TRACE(sim, TP_SIOV_MSG_DROP_BME, dev->cfg.index, m->bank, m->entry,
                  m->w.tag.seq);
        msg_unlink(dev, m);
        sim_pool_put(&dev->msgs, m);
        return;
    }
    if (sim_schedule_in(sim, cost_ps(dev->env.cost, COST_PCIE_UPSTREAM),
                        SIM_PRIO_HW, msg_arrive, m, &m->ev)) {
        dev->stats.no_mem++;
        msg_unlink(dev, m);
        sim_pool_put(&dev->msgs, m);
    }
}

/*
 * Start generating the message of @entry with the pair sampled now.
 * IMS-MSG-01: one posted DWORD write of the pair, the function's requester
 * ID, no PASID prefix (SIOV 6.1: interrupts are not PASID-tagged).
 */
static int msg_start(struct siov_dev *dev, struct bank *b, uint32_t entry,
                     uint64_t addr, uint32_t data, const struct irq_tag *tag)
{
    struct msg *m;

    assert(entry < b->count);
    m = sim_pool_get(&dev->msgs);
    if (!m) {
        dev->stats.no_mem++;
        return -ENOMEM;
    }
    m->dev = dev;
    m->bank = b->id;
    m->entry = entry;
    m->w = (struct pcie_write){
        .addr = addr,
        .data = data,
        .len = 4,
        .rid = dev->cfg.rid,
        .has_pasid = false,
        .pasid = 0,
        .tag = *tag,
    };
    if (sim_schedule_in(dev->plat.sim, cost_ps(dev->env.cost, COST_DEV_MSI_GEN),
                        SIM_PRIO_HW, msg_generated, m, &m->ev)) {
        dev->stats.no_mem++;
        sim_pool_put(&dev->msgs, m);
        return -ENOMEM;
    }
    m->next = dev->inflight;
    if (m->next)
        m->next->prev = m;
    dev->inflight = m;
    dev->stats.sent++;
    b->es[entry].sent++;
    SIM_TRACE(dev->plat.sim, TP_SIOV_MSG_GEN, dev->cfg.index, b->id, entry,
              addr, data, tag->seq);
    return 0;
}

/* ---- the store's way back: a pending entry was unmasked ----------------- */

void siov__bank_emit(void *host, uint32_t entry, uint64_t addr, uint32_t data)
{
    struct bank *b = host;
    struct siov_dev *dev = b->dev;
    struct irq_tag tag;

    /* a store may only release what it holds */
    if (entry >= b->count)
        return;
    tag = b->pend_tag[entry];
    /* IMS-PEND-01: exactly once, with the pair current at unmask time */
    memset(&b->pend_tag[entry], 0, sizeof(b->pend_tag[entry]));
    dev->stats.replayed++;
    b->es[entry].replayed++;
    SIM_TRACE(dev->plat.sim, TP_SIOV_REPLAY, dev->cfg.index, b->id, entry, addr,
              data, tag.seq);
    (void)msg_start(dev, b, entry, addr, data, &tag);
}

/* ---- raise -------------------------------------------------------------- */

/*
 * IMS-TAG-01: the raise's tag and its report, bound or not; the evidence
 * port may own the sequence.
 */
static void raise_tag(struct siov_dev *dev, uint32_t adi, enum siov_bank bank,
                      uint32_t entry, bool has_pasid, uint32_t pasid,
                      struct siov_event *ev)
{
    uint64_t seq;

    *ev = (struct siov_event){
        .tag = { .seq = ++dev->seq, .dev = dev->cfg.index, .adi = adi,
                 .entry = entry },
        .bank = bank,
        .when = sim_now(dev->plat.sim),
        .raiser_pasid = has_pasid ? pasid : 0,
    };
    dev->stats.raises++;
    seq = evidence_raise(&dev->plat.evidence, &ev->tag);
    if (seq)
        ev->tag.seq = seq;
}

/* The bank's store decides (mask, pending, PASID) for the raiser. */
static void raise_fire(const struct bank *b, uint32_t entry, bool has_pasid,
                       uint32_t pasid, struct ims_fire *f)
{
    int err;

    if (b->ops->fire)
        err = b->ops->fire(b->store, entry, pasid, has_pasid, f);
    else
        err = ims_store_fire(b->ops, b->store, entry, pasid, has_pasid, f);
    if (err) /* a store failure, not an architectural outcome */
        *f = (struct ims_fire){ .outcome = IMS_FIRE_FAULT, .err = err };
    /* a store may not report on an entry it does not have */
    if (entry >= b->count && f->outcome < IMS_FIRE_INVALID)
        *f = (struct ims_fire){ .outcome = IMS_FIRE_INVALID, .err = -ERANGE };
}

/* The store sent nothing: refused by the PASID check, invalid, or a fault. */
static void raise_stopped(struct siov_dev *dev, struct bank *b,
                          const struct ims_fire *f, struct siov_event *ev)
{
    const struct irq_tag *t = &ev->tag;

    if (f->outcome == IMS_FIRE_REFUSED) {
        ev->outcome = SIOV_OUT_REFUSED;
        dev->stats.refused++;
        b->es[t->entry].refused++;
        SIM_TRACE(dev->plat.sim, TP_SIOV_REFUSED, dev->cfg.index, t->adi,
                  t->entry, f->entry_pasid, ev->raiser_pasid, t->seq);
        return;
    }
    ev->outcome = f->outcome == IMS_FIRE_INVALID ? SIOV_OUT_INVALID
                                                 : SIOV_OUT_FAULT;
    ev->err = f->err;
    if (ev->outcome == SIOV_OUT_INVALID)
        dev->stats.invalid++;
    else
        dev->stats.faults++;
    SIM_TRACE(dev->plat.sim, TP_SIOV_ENTRY_ERR, dev->cfg.index, b->id, t->entry,
              (uint64_t)-f->err, t->seq);
}

/*
 * Act on the store's decision: send now, keep the pending raise's tag for
 * the release, fold a raise into the pending bit, or stop.
 * Return: 0, or -ENOMEM (the message could not be started).
 */
static int raise_act(struct siov_dev *dev, struct bank *b,
                     const struct ims_fire *f, struct siov_event *ev)
{
    uint32_t entry = ev->tag.entry;

    ev->entry_pasid = f->entry_pasid;
    switch (f->outcome) {
    case IMS_FIRE_SEND:
        ev->outcome = SIOV_OUT_SENT;
        ev->addr = f->addr;
        ev->data = f->data;
        return msg_start(dev, b, entry, f->addr, f->data, &ev->tag);
    case IMS_FIRE_PENDING:
        /* a stale tag (an EQ destroyed while pending) is replaced here */
        ev->outcome = SIOV_OUT_PENDING;
        dev->stats.pending_set++;
        b->es[entry].pending_set++;
        b->pend_tag[entry] = ev->tag;
        SIM_TRACE(dev->plat.sim, TP_SIOV_PENDING, dev->cfg.index, b->id, entry,
                  ev->tag.seq, 0);
        return 0;
    case IMS_FIRE_COALESCED:
        ev->outcome = SIOV_OUT_COALESCED;
        dev->stats.coalesced++;
        b->es[entry].coalesced++;
        SIM_TRACE(dev->plat.sim, TP_SIOV_PENDING, dev->cfg.index, b->id, entry,
                  ev->tag.seq, 1);
        return 0;
    default:
        raise_stopped(dev, b, f, ev);
        return 0;
    }
}

/* The evidence of what became of a raise that sent nothing and keeps nothing. */
static void raise_report(const struct siov_dev *dev, const struct siov_event *ev)
{
    switch (ev->outcome) {
    case SIOV_OUT_COALESCED:
        evidence_coalesced(&dev->plat.evidence, &ev->tag);
        break;
    case SIOV_OUT_REFUSED:
    case SIOV_OUT_INVALID:
    case SIOV_OUT_FAULT:
        evidence_fault(&dev->plat.evidence, &ev->tag, EVIDENCE_FAULT_DEVICE,
                       ev->outcome);
        break;
    default:
        break;
    }
}

/* @again: a resubmitted descriptor's raise, with the tag it had (NULL: a
 * new raise) */
static int raise_entry(struct siov_dev *dev, uint32_t adi, enum siov_bank bank,
                       uint32_t entry, bool has_pasid, uint32_t pasid,
                       const struct irq_tag *again, struct siov_event *out)
{
    struct bank *b = &dev->bank[bank];
    struct siov_event ev;
    struct ims_fire f;
    int err = 0;

    if (again)
        ev = (struct siov_event){ .tag = *again, .bank = bank,
                                  .when = sim_now(dev->plat.sim),
                                  .raiser_pasid = has_pasid ? pasid : 0 };
    else
        raise_tag(dev, adi, bank, entry, has_pasid, pasid, &ev);
    if (entry == SIOV_ENTRY_NONE) {
        ev.outcome = SIOV_OUT_UNBOUND;
        dev->stats.unbound++;
        SIM_TRACE(dev->plat.sim, TP_SIOV_UNBOUND, dev->cfg.index, adi,
                  ev.tag.seq);
    } else if (adi != SIOV_ADI_FN &&
               !siov__handle_check(dev, adi, bank, entry, &ev.tag)) {
        /* IDXD-HANDLE-02: a revoked handle completes the descriptor with
         * 0x19 and raises nothing (domain.md 2.5); its interrupt waits
         * with the descriptor for the driver to resubmit it */
        ev.outcome = SIOV_OUT_HANDLE;
    } else {
        SIM_TRACE(dev->plat.sim, TP_SIOV_RAISE, dev->cfg.index, adi, bank,
                  entry, ev.tag.seq);
        raise_fire(b, entry, has_pasid, pasid, &f);
        if (entry < b->count)
            b->es[entry].raised++;
        err = raise_act(dev, b, &f, &ev);
    }
    if (out)
        *out = ev;
    if (!err)
        raise_report(dev, &ev);
    return err;
}

int siov_adi_complete(struct siov_dev *dev, uint32_t adi,
                      struct siov_event *out)
{
    struct adi *a;
    uint32_t entry = SIOV_ENTRY_NONE;

    if (adi >= dev->cfg.n_adi)
        return -EINVAL;
    a = &dev->adi[adi];
    if (a->n) {
        assert(a->next < a->n);
        entry = a->entries[a->next];
        a->next = (a->next + 1) % a->n;
    }
    if (a->stopped) {
        /* SIOV-MIGRATE-01: the completion is raised (numbered) now; its
         * interrupt waits in the device for the resume */
        struct siov_event ev;

        raise_tag(dev, adi, a->bank, entry, true, dev->cfg.pasid_base + adi,
                  &ev);
        ev.outcome = SIOV_OUT_HELD;
        if (out)
            *out = ev;
        return siov__adi_hold(dev, adi, &ev.tag);
    }
    return raise_entry(dev, adi, a->bank, entry, true,
                       dev->cfg.pasid_base + adi, NULL, out);
}

int siov__adi_raise_again(struct siov_dev *dev, uint32_t adi,
                          const struct irq_tag *tag)
{
    return raise_entry(dev, adi, dev->adi[adi].bank, tag->entry, true,
                       dev->cfg.pasid_base + adi, tag, NULL);
}

int siov_fn_raise(struct siov_dev *dev, enum siov_bank bank, uint32_t entry,
                  struct siov_event *out)
{
    if ((unsigned)bank >= SIOV_BANK__COUNT)
        return -EINVAL;
    if (!dev->bank[bank].ops)
        return -ENODEV;
    if (entry == SIOV_ENTRY_NONE)
        return -EINVAL;
    return raise_entry(dev, SIOV_ADI_FN, bank, entry, false, 0, NULL, out);
}
