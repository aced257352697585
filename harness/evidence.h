/* SPDX-License-Identifier: MIT */
/*
 * evidence.h - interrupt-by-interrupt evidence, and the verdict drawn from it.
 *
 * The runner tells the evidence log about every interrupt a device raised
 * (with where the guest wants it: VM, vCPU, vector), every handler entry
 * (where it arrived, which IRQ the guest driver believes fired, and the
 * ground-truth tags that arrived with the vector), every remapping fault
 * and every refusal by a device.  hx_ev_finish() classifies each raise
 * (delivered, misrouted, faulted, lost, refused; duplicated and spurious
 * are counted apart) and fills the counts, latency percentiles and fault
 * histogram of a struct hx_result.  Nothing is inferred from configuration:
 * a raise counts as delivered only because it arrived where it should.
 *
 * The log streams: a raise's record lives only until its fate is known
 * (a ring indexed by sequence number, recycled; a raise still in flight
 * when its slot comes round again moves to a side table), and what stays is
 * counts and a latency histogram (results/hist.h) per (device, ADI).  Its
 * memory so grows with the raises in flight and those never settled, not
 * with the raises made.  A fate, once known, is final: a tag that arrives
 * after its raise was settled (delivered, misrouted, faulted or refused)
 * is a duplicate.
 */
#ifndef IMSLAB_HARNESS_EVIDENCE_H
#define IMSLAB_HARNESS_EVIDENCE_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

#include "results/hist.h"
#include "results/results.h"
#include "models/bus.h"
#include "sim/sim.h"

/* The host (bare metal, or an interrupt that reached a host CPU) is VM -1. */
#define HX_VM_HOST (-1)

/**
 * struct hx_dest - where an interrupt is wanted, or where it arrived.
 * @vm: VM index, or %HX_VM_HOST
 * @cpu: vCPU index (or pCPU index for the host)
 * @vector: the vector the guest (or host) handler runs for
 * @cpus: where wanted, a lowest-priority route's set of CPUs (bit n: CPU
 *        n; any member is a right destination), 0 for @cpu alone; where
 *        arrived, 0
 */
struct hx_dest {
    int vm;
    int cpu;
    int vector;
    uint32_t cpus;
};

struct hx_evidence;

int hx_ev_create(struct hx_evidence **out);
void hx_ev_destroy(struct hx_evidence *ev);

/**
 * hx_ev_raise - record a raise; returns its sequence number (from 1), which
 * the device puts in the interrupt's tag.
 * @ev: the log
 * @t: simulated time of the raise
 * @dev: device index
 * @adi: ADI index
 * @entry: entry index the device uses
 * @want: where the guest driver wants this entry's interrupt now
 *        (NULL: the entry is bound to nothing the guest knows)
 */
uint64_t hx_ev_raise(struct hx_evidence *ev, sim_time_t t, uint32_t dev,
                     uint32_t adi, uint32_t entry, const struct hx_dest *want);

/**
 * hx_ev_retarget - the guest moved (dev, adi, entry) to @want at @t.  A raise
 * made before @t may still arrive at the old destination (in flight): both
 * count as right for it.
 */
void hx_ev_retarget(struct hx_evidence *ev, sim_time_t t, uint32_t dev,
                    uint32_t adi, uint32_t entry, const struct hx_dest *want);

/**
 * hx_ev_handler - a handler ran.
 * @ev: the log
 * @t: time of handler entry
 * @at: where it ran
 * @believed: the (dev, adi, entry) the guest driver believes fired, or NULL
 *            when no driver IRQ owns that vector
 * @tags: ground-truth tags that arrived with the vector (coalesced ones too)
 * @n: their number (0: a spurious entry)
 */

void hx_ev_handler(struct hx_evidence *ev, sim_time_t t, const struct hx_dest *at,
                   const struct irq_tag *believed, const struct irq_tag *tags,
                   unsigned n);

/** hx_ev_fault - interrupt remapping blocked the message carrying @tag. */
void hx_ev_fault(struct hx_evidence *ev, const struct irq_tag *tag,
                 unsigned reason);

/**
 * hx_ev_coalesced - the device folded @tag into its entry's pending bit
 * (raised while masked and already pending: one message will carry both).
 * The raise is settled by the handler entry that delivers the next message
 * of the same (dev, adi, entry): delivered if that one is, misrouted if not.
 */
void hx_ev_coalesced(struct hx_evidence *ev, const struct irq_tag *tag);

/**
 * hx_ev_untrapped - the message carrying @tag had a pair the emulating
 * VMM never saw; the raise's fate, once known, is counted apart too
 * (hx_result.untrapped_fates).
 */
void hx_ev_untrapped(struct hx_evidence *ev, const struct irq_tag *tag);

/** hx_ev_refused - the device refused to send @tag (e.g. PASID mismatch). */
void hx_ev_refused(struct hx_evidence *ev, const struct irq_tag *tag);

/**
 * hx_ev_finish - classify every raise and fill @r's counts, latency and
 * fault histogram (other fields of @r are left alone).
 */
void hx_ev_finish(struct hx_evidence *ev, struct hx_result *r);

/* Devices and ADIs a scope can name (scenario limits: 16 devices, 64 ADIs). */
#define HX_EV_SCOPE_DEVS 16
/* hx_ev_scope.vm: count no handler entry without a raise behind it. */
#define HX_EV_SCOPE_NO_VM INT_MIN

/**
 * struct hx_ev_scope - the part of a run that hx_ev_tally() counts.
 * @adis: bit a of @adis[d] set: the raises of ADI a of device d belong to
 *        the scope, wherever they arrived (a raise belongs to the ADI that
 *        raised it, and so to the VM that ADI is assigned to)
 * @vm: the VM (evidence index) whose spurious handler entries (no tag, or
 *      a tag no raise carries) count; %HX_EV_SCOPE_NO_VM for none, as such
 *      an entry names no device
 */
struct hx_ev_scope {
    uint64_t adis[HX_EV_SCOPE_DEVS];
    int vm;
};

/**
 * hx_ev_tally - fill @r's counts, latency and fault histogram from the
 * raises in @scope only (other fields of @r are left alone), after
 * hx_ev_finish() (a raise still pending counts as lost).
 * @ev: the log
 * @scope: which raises and spurious entries
 * @r: receives raised, delivered, misrouted, faulted, lost, refused,
 *     duplicated (extra deliveries of the scope's raises), spurious (those
 *     at @scope->vm), latency of the scope's delivered raises, and
 *     ir_faults: the remapping faults of messages that carried a tag of a
 *     scope's raise (an untagged message's fault is in no scope)
 *
 * Return: 0, or -ENOMEM.
 */
int hx_ev_tally(const struct hx_evidence *ev, const struct hx_ev_scope *scope,
                struct hx_result *r);

/**
 * hx_ev_fate_fn - told each raise's fate once, when it is known (a raise
 * still pending at hx_ev_finish() is told %HX_FATE_LOST then).
 * @ctx: as given to hx_ev_on_fate()
 * @tag: the raise (its sequence number, device, ADI and entry)
 * @fate: delivered, misrouted, faulted, refused or lost
 * @latency_ps: raise to handler entry, for a delivered one (else 0)
 */
typedef void (*hx_ev_fate_fn)(void *ctx, const struct irq_tag *tag,
                              enum hx_irq_fate fate, sim_time_t latency_ps);

/**
 * hx_ev_on_fate - stream every raise's full accounting (tag, fate,
 * latency) to @fn as it becomes known; @fn NULL stops it.  The log keeps
 * no per-raise record of its own once a fate is known.
 */
void hx_ev_on_fate(struct hx_evidence *ev, hx_ev_fate_fn fn, void *ctx);

/**
 * hx_ev_in_flight - the raise numbered @seq, while its fate is not known
 * (before the handler entry that settles it): fills @tag (its device, ADI
 * and entry) and @t (when it was raised), each when not NULL, and returns
 * true; false for a settled or unknown @seq.
 */
bool hx_ev_in_flight(struct hx_evidence *ev, uint64_t seq, struct irq_tag *tag,
                     sim_time_t *t);

/** hx_ev_pending - raises whose fate is not known yet (in flight). */
uint64_t hx_ev_pending(const struct hx_evidence *ev);

#endif /* IMSLAB_HARNESS_EVIDENCE_H */
