/* SPDX-License-Identifier: MIT */
/* evidence.c - per-interrupt records while in flight, and their classification. */
#include "harness/evidence.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* A raise whose fate is not known yet.  seq 0: the slot is free. */
struct raise_rec {
    uint64_t seq;
    sim_time_t t;
    uint32_t dev, adi, entry;
    bool has_want;
    bool in_side;      /* a side-table record still in flight */
    bool untrapped;    /* its message carried a pair the VMM never saw */
    struct hx_dest want;
};

/* Raises in flight are found by sequence number in a ring of RING slots;
 * side-table records keep their seq when settled (in_side false). */
#define RING 4096u

/* What stays of the settled raises of one (device, ADI); lost is what
 * remains of raised. */
struct key_stats {
    uint64_t raised, delivered, misrouted, leaked, faulted, refused, dups;
    uint64_t ir_faults[HX_IR_FAULT_N]; /* of messages carrying its tags */
    uint64_t untrapped[HX_FATE__COUNT]; /* untrapped raises by fate */
    struct hx_hist lat;                /* ns, of the delivered ones */
};

#define NKEYS (HX_EV_SCOPE_DEVS * 64)

struct retarget {
    sim_time_t t;
    uint32_t dev, adi, entry;
    struct hx_dest want;
};

struct hx_evidence {
    struct raise_rec *ring;   /* RING slots, slot seq % RING */
    struct raise_rec *side;   /* in flight when their ring slot came round
                               * again: increasing seq; settled ones keep
                               * their seq, in_side false, until compacted */
    size_t nside, capside, side_live;
    uint64_t n;               /* raises made */
    uint64_t live;            /* raises in flight */
    struct retarget *rt;
    size_t nrt, caprt;
    uint64_t *co;             /* seqs of coalesced raises not yet settled */
    size_t nco, capco;
    uint64_t duplicated, spurious;
    uint64_t faults[HX_IR_FAULT_N];
    struct key_stats *key[NKEYS]; /* by dev * 64 + adi, NULL until used */
    struct key_stats other;       /* devices and ADIs no scope can name */
    uint64_t *spur_vm;            /* spurious entries by VM evidence index + 1 */
    size_t nspur_vm;
    hx_ev_fate_fn on_fate;
    void *fate_ctx;
};

int hx_ev_create(struct hx_evidence **out)
{
    struct hx_evidence *ev = calloc(1, sizeof(*ev));

    if (ev && !(ev->ring = calloc(RING, sizeof(*ev->ring)))) {
        free(ev);
        ev = NULL;
    }
    *out = ev;
    return ev ? 0 : -ENOMEM;
}

void hx_ev_destroy(struct hx_evidence *ev)
{
    if (!ev)
        return;
    for (size_t i = 0; i < NKEYS; i++) {
        if (ev->key[i])
            hx_hist_free(&ev->key[i]->lat);
        free(ev->key[i]);
    }
    hx_hist_free(&ev->other.lat);
    free(ev->ring);
    free(ev->side);
    free(ev->rt);
    free(ev->co);
    free(ev->spur_vm);
    free(ev);
}

void hx_ev_on_fate(struct hx_evidence *ev, hx_ev_fate_fn fn, void *ctx)
{
    ev->on_fate = fn;
    ev->fate_ctx = ctx;
}

uint64_t hx_ev_pending(const struct hx_evidence *ev)
{
    return ev->live;
}

static bool grow(void **p, size_t *cap, size_t n, size_t size)
{
    size_t nc;
    void *q;

    if (n < *cap)
        return true;
    nc = *cap ? *cap * 2 : 64;
    q = realloc(*p, nc * size);
    if (!q)
        return false;
    *p = q;
    *cap = nc;
    return true;
}

static struct key_stats *stats_of(struct hx_evidence *ev, uint32_t dev, uint32_t adi)
{
    struct key_stats **k;

    if (dev >= HX_EV_SCOPE_DEVS || adi >= 64)
        return &ev->other;
    k = &ev->key[dev * 64 + adi];
    if (!*k && !(*k = calloc(1, sizeof(**k))))
        abort(); /* out of memory while recording evidence: nothing sane to do */
    return *k;
}

/* Move the raise in flight in @slot to the side table (in seq order: a slot
 * comes round for seq s + RING only after every seq below it). */
static void to_side(struct hx_evidence *ev, struct raise_rec *slot)
{
    if (ev->side_live * 2 < ev->nside && ev->nside >= 64) {
        size_t k = 0;

        for (size_t i = 0; i < ev->nside; i++)
            if (ev->side[i].in_side)
                ev->side[k++] = ev->side[i];
        ev->nside = k;
    }
    if (!grow((void **)&ev->side, &ev->capside, ev->nside, sizeof(*ev->side)))
        abort();
    ev->side[ev->nside] = *slot;
    ev->side[ev->nside++].in_side = true;
    ev->side_live++;
}

static struct raise_rec *find_side(struct hx_evidence *ev, uint64_t seq)
{
    size_t lo = 0, hi = ev->nside;

    while (lo < hi) { /* the first record with seq >= @seq */
        size_t mid = lo + (hi - lo) / 2;

        if (ev->side[mid].seq < seq)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < ev->nside && ev->side[lo].seq == seq && ev->side[lo].in_side
               ? &ev->side[lo]
               : NULL;
}

/* The raise @seq if it is still in flight. */
static struct raise_rec *find(struct hx_evidence *ev, uint64_t seq)
{
    struct raise_rec *r;

    if (seq == 0 || seq > ev->n)
        return NULL;
    r = &ev->ring[seq % RING];
    if (r->seq == seq)
        return r;
    return ev->side_live ? find_side(ev, seq) : NULL;
}

bool hx_ev_in_flight(struct hx_evidence *ev, uint64_t seq, struct irq_tag *tag,
                     sim_time_t *t)
{
    const struct raise_rec *rr = find(ev, seq);

    if (!rr)
        return false;
    if (tag)
        *tag = (struct irq_tag){ rr->seq, rr->dev, rr->adi, rr->entry };
    if (t)
        *t = rr->t;
    return true;
}

uint64_t hx_ev_raise(struct hx_evidence *ev, sim_time_t t, uint32_t dev,
                     uint32_t adi, uint32_t entry, const struct hx_dest *want)
{
    uint64_t seq = ++ev->n;
    struct raise_rec *rr = &ev->ring[seq % RING];

    if (rr->seq)
        to_side(ev, rr);
    rr->seq = seq;
    rr->t = t;
    rr->dev = dev;
    rr->adi = adi;
    rr->entry = entry;
    rr->has_want = want != NULL;
    rr->in_side = false;
    rr->untrapped = false;
    if (want)
        rr->want = *want;
    ev->live++;
    stats_of(ev, dev, adi)->raised++;
    return seq;
}

/* The fate of @rr is known: count it and free its record. */
static void settle(struct hx_evidence *ev, struct raise_rec *rr,
                   enum hx_irq_fate fate, sim_time_t latency)
{
    struct key_stats *k = stats_of(ev, rr->dev, rr->adi);

    switch (fate) {
    case HX_FATE_DELIVERED:
        k->delivered++;
        if (hx_hist_add(&k->lat, (latency + 500) / 1000)) /* ps -> ns, nearest */
            abort();
        break;
    case HX_FATE_MISROUTED:
        k->misrouted++;
        break;
    case HX_FATE_LEAKED:
        k->leaked++;
        break;
    case HX_FATE_FAULTED:
        k->faulted++;
        break;
    case HX_FATE_REFUSED:
        k->refused++;
        break;
    default:
        break; /* lost: what remains of raised */
    }
    if (rr->untrapped)
        k->untrapped[fate == HX_FATE_PENDING ? HX_FATE_LOST : fate]++;
    if (ev->on_fate) {
        struct irq_tag tag = { rr->seq, rr->dev, rr->adi, rr->entry };

        ev->on_fate(ev->fate_ctx, &tag, fate,
                    fate == HX_FATE_DELIVERED ? latency : 0);
    }
    if (rr >= ev->ring && rr < ev->ring + RING) {
        rr->seq = 0;
    } else {
        rr->in_side = false;
        ev->side_live--;
    }
    ev->live--;
}

/*
 * Drop the retargets no raise can be judged by any more: right_place()
 * looks only at retargets made at or after a raise, and every raise in
 * flight or still to come (at @now or later) is as late as @tmin.
 */
static void prune_retargets(struct hx_evidence *ev, sim_time_t now)
{
    sim_time_t tmin = now;
    size_t k = 0;

    for (uint32_t i = 0; i < RING; i++)
        if (ev->ring[i].seq && ev->ring[i].t < tmin)
            tmin = ev->ring[i].t;
    for (size_t i = 0; i < ev->nside; i++)
        if (ev->side[i].in_side && ev->side[i].t < tmin)
            tmin = ev->side[i].t;
    for (size_t i = 0; i < ev->nrt; i++)
        if (ev->rt[i].t >= tmin)
            ev->rt[k++] = ev->rt[i];
    ev->nrt = k;
}

void hx_ev_retarget(struct hx_evidence *ev, sim_time_t t, uint32_t dev,
                    uint32_t adi, uint32_t entry, const struct hx_dest *want)
{
    if (ev->nrt == ev->caprt && ev->nrt >= 64)
        prune_retargets(ev, t); /* before growing: memory stays bounded */
    if (!grow((void **)&ev->rt, &ev->caprt, ev->nrt, sizeof(*ev->rt)))
        abort();
    ev->rt[ev->nrt++] = (struct retarget){ t, dev, adi, entry, *want };
}

/* @at is where @want wants it: its CPU, or for a lowest-priority set any
 * member (the one the platform picks is not the guest's to choose) */
static bool same_dest(const struct hx_dest *want, const struct hx_dest *at)
{
    bool cpu_ok = want->cpus ? at->cpu >= 0 && at->cpu < 32 &&
                                   ((want->cpus >> at->cpu) & 1u)
                             : want->cpu == at->cpu;

    return want->vm == at->vm && cpu_ok && want->vector == at->vector;
}

/* Right place: where the guest wanted it at the raise, or where the guest
 * moved it after the raise (the interrupt was in flight across the move). */
static bool right_place(const struct hx_evidence *ev, const struct raise_rec *rr,
                        const struct hx_dest *at)
{
    if (!rr->has_want)
        return false;
    if (same_dest(&rr->want, at))
        return true;
    for (size_t i = 0; i < ev->nrt; i++) {
        const struct retarget *rt = &ev->rt[i];

        if (rt->t >= rr->t && rt->dev == rr->dev && rt->adi == rr->adi &&
            rt->entry == rr->entry && same_dest(&rt->want, at))
            return true;
    }
    return false;
}

/* A handler entry at @at that no raise stands behind. */
static void spurious_at(struct hx_evidence *ev, const struct hx_dest *at)
{
    size_t i;

    ev->spurious++;
    if (at->vm < HX_VM_HOST)
        return;
    i = (size_t)(at->vm - HX_VM_HOST);
    if (i >= ev->nspur_vm) {
        uint64_t *p = realloc(ev->spur_vm, (i + 1) * sizeof(*p));

        if (!p)
            abort();
        memset(p + ev->nspur_vm, 0, (i + 1 - ev->nspur_vm) * sizeof(*p));
        ev->spur_vm = p;
        ev->nspur_vm = i + 1;
    }
    ev->spur_vm[i]++;
}

/* Settle the coalesced raises of (@dev, @adi, @entry) raised up to @t with
 * @fate (a delivered one's latency runs to @t); drop those settled since. */
static void settle_coalesced(struct hx_evidence *ev, uint32_t dev, uint32_t adi,
                             uint32_t entry, sim_time_t t, enum hx_irq_fate fate)
{
    size_t k = 0;

    for (size_t i = 0; i < ev->nco; i++) {
        struct raise_rec *c = find(ev, ev->co[i]);

        if (!c)
            continue;
        if (c->dev == dev && c->adi == adi && c->entry == entry && c->t <= t) {
            settle(ev, c, fate, t - c->t);
            continue;
        }
        ev->co[k++] = ev->co[i];
    }
    ev->nco = k;
}

void hx_ev_handler(struct hx_evidence *ev, sim_time_t t, const struct hx_dest *at,
                   const struct irq_tag *believed, const struct irq_tag *tags,
                   unsigned n)
{
    if (n == 0) {
        spurious_at(ev, at);
        return;
    }
    for (unsigned i = 0; i < n; i++) {
        uint64_t seq = tags[i].seq;
        struct raise_rec *rr = find(ev, seq);
        enum hx_irq_fate fate;
        uint32_t dev, adi, entry;

        if (!rr) {
            if (seq == 0 || seq > ev->n) {
                spurious_at(ev, at);
            } else { /* settled before: its tag came again */
                ev->duplicated++;
                stats_of(ev, tags[i].dev, tags[i].adi)->dups++;
            }
            continue;
        }
        if (believed && believed->dev == rr->dev && believed->adi == rr->adi &&
            believed->entry == rr->entry && right_place(ev, rr, at))
            fate = HX_FATE_DELIVERED;
        else if (rr->has_want && at->vm != rr->want.vm)
            fate = HX_FATE_LEAKED;     /* EVID-LEAK-01 */
        else
            fate = HX_FATE_MISROUTED;
        dev = rr->dev;
        adi = rr->adi;
        entry = rr->entry;
        settle(ev, rr, fate, t - rr->t);
        if (ev->nco)
            settle_coalesced(ev, dev, adi, entry, t, fate);
    }
}

void hx_ev_coalesced(struct hx_evidence *ev, const struct irq_tag *tag)
{
    if (!find(ev, tag->seq))
        return;
    if (!grow((void **)&ev->co, &ev->capco, ev->nco, sizeof(*ev->co)))
        abort();
    ev->co[ev->nco++] = tag->seq;
}

void hx_ev_fault(struct hx_evidence *ev, const struct irq_tag *tag, unsigned reason)
{
    struct raise_rec *rr = find(ev, tag->seq);

    if (reason >= HX_IR_FAULT_FIRST && reason <= HX_IR_FAULT_LAST) {
        ev->faults[reason - HX_IR_FAULT_FIRST]++;
        if (tag->seq >= 1 && tag->seq <= ev->n)
            stats_of(ev, rr ? rr->dev : tag->dev, rr ? rr->adi : tag->adi)
                ->ir_faults[reason - HX_IR_FAULT_FIRST]++;
    }
    if (rr)
        settle(ev, rr, HX_FATE_FAULTED, 0);
}

void hx_ev_untrapped(struct hx_evidence *ev, const struct irq_tag *tag)
{
    struct raise_rec *rr = find(ev, tag->seq);

    if (rr)
        rr->untrapped = true;
}

void hx_ev_refused(struct hx_evidence *ev, const struct irq_tag *tag)
{
    struct raise_rec *rr = find(ev, tag->seq);

    if (rr)
        settle(ev, rr, HX_FATE_REFUSED, 0);
}

/* Add @s's counts and latencies to @acc; 0 or -ENOMEM. */
static int add_stats(struct key_stats *acc, const struct key_stats *s)
{
    acc->raised += s->raised;
    acc->delivered += s->delivered;
    acc->misrouted += s->misrouted;
    acc->leaked += s->leaked;
    acc->faulted += s->faulted;
    acc->refused += s->refused;
    acc->dups += s->dups;
    for (int i = 0; i < HX_IR_FAULT_N; i++)
        acc->ir_faults[i] += s->ir_faults[i];
    for (int i = 0; i < HX_FATE__COUNT; i++)
        acc->untrapped[i] += s->untrapped[i];
    return hx_hist_merge(&acc->lat, &s->lat);
}

/* @r's fate counts and latency from @k (a raise not settled is lost). */
static void fill(struct hx_result *r, const struct key_stats *k)
{
    r->raised = k->raised;
    r->delivered = k->delivered;
    r->misrouted = k->misrouted;
    r->leaked = k->leaked;
    r->faulted = k->faulted;
    r->refused = k->refused;
    r->lost = k->raised - k->delivered - k->misrouted - k->leaked - k->faulted -
              k->refused;
    r->untrapped = 0;
    for (int i = 0; i < HX_FATE__COUNT; i++) {
        r->untrapped_fates[i] = k->untrapped[i];
        r->untrapped += k->untrapped[i];
    }
    r->latency.n = k->lat.n;
    r->latency.max_ns = k->lat.max;
    r->latency.p50_ns = hx_hist_pct(&k->lat, 50);
    r->latency.p99_ns = hx_hist_pct(&k->lat, 99);
    _Static_assert(HX_LATENCY_BINS == HX_HIST_LOG2_BINS, "one binning");
    hx_hist_log2(&k->lat, r->latency_log2);
}

/* Tell the fate callback of every raise still in flight, in seq order. */
static void report_lost(struct hx_evidence *ev)
{
    for (size_t i = 0; i < ev->nside; i++)
        if (ev->side[i].in_side)
            settle(ev, &ev->side[i], HX_FATE_LOST, 0);
    for (uint64_t s = ev->n > RING ? ev->n - RING + 1 : 1; s <= ev->n; s++) {
        struct raise_rec *rr = &ev->ring[s % RING];

        if (rr->seq == s)
            settle(ev, rr, HX_FATE_LOST, 0);
    }
    ev->nco = 0;
}

void hx_ev_finish(struct hx_evidence *ev, struct hx_result *r)
{
    struct key_stats all;

    report_lost(ev);
    memset(&all, 0, sizeof(all));
    for (size_t i = 0; i < NKEYS; i++)
        if (ev->key[i] && add_stats(&all, ev->key[i]))
            abort(); /* out of memory while recording evidence */
    if (add_stats(&all, &ev->other))
        abort();
    fill(r, &all);
    r->duplicated = ev->duplicated;
    r->spurious = ev->spurious;
    memcpy(r->ir_faults, ev->faults, sizeof(r->ir_faults));
    hx_hist_free(&all.lat);
}

int hx_ev_tally(const struct hx_evidence *ev, const struct hx_ev_scope *scope,
                struct hx_result *r)
{
    struct key_stats acc;

    memset(&acc, 0, sizeof(acc));
    for (uint32_t d = 0; d < HX_EV_SCOPE_DEVS; d++)
        for (uint32_t a = 0; a < 64; a++) {
            const struct key_stats *k = ev->key[d * 64 + a];

            if (!k || !(scope->adis[d] >> a & 1u))
                continue;
            if (add_stats(&acc, k)) {
                hx_hist_free(&acc.lat);
                return -ENOMEM;
            }
        }
    fill(r, &acc);
    r->duplicated = acc.dups;
    r->spurious = 0;
    if (scope->vm >= HX_VM_HOST && (size_t)(scope->vm - HX_VM_HOST) < ev->nspur_vm)
        r->spurious = ev->spur_vm[scope->vm - HX_VM_HOST];
    memcpy(r->ir_faults, acc.ir_faults, sizeof(r->ir_faults));
    hx_hist_free(&acc.lat);
    return 0;
}
