/* SPDX-License-Identifier: MIT */
/* evidence.c - per-interrupt records and their classification. */
#include "harness/evidence.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct raise_rec {
    sim_time_t t;
    uint32_t dev, adi, entry;
    struct hx_dest want;
    bool has_want;
    uint8_t fate;          /* enum hx_irq_fate */
    uint8_t fault_reason;
    uint32_t arrivals;
    sim_time_t latency;
    bool coalesced;        /* folded into a pending message of its entry */
    uint32_t dups;         /* deliveries of its tag after the first */
};

/* A remapping fault of a message that carried the tag of raise @seq. */
struct fault_rec {
    uint64_t seq;
    uint8_t reason;
};

struct retarget {
    sim_time_t t;
    uint32_t dev, adi, entry;
    struct hx_dest want;
};

struct hx_evidence {
    struct raise_rec *r;
    size_t n, cap;
    struct retarget *rt;
    size_t nrt, caprt;
    uint64_t *co;          /* seqs of coalesced raises not yet settled */
    size_t nco, capco;
    uint64_t duplicated, spurious;
    uint64_t faults[HX_IR_FAULT_N];
    struct fault_rec *f;   /* faults of tagged messages, for hx_ev_tally() */
    size_t nf, capf;
    uint64_t *spur_vm;     /* spurious entries by VM evidence index + 1 */
    size_t nspur_vm;
};

int hx_ev_create(struct hx_evidence **out)
{
    *out = calloc(1, sizeof(**out));
    return *out ? 0 : -ENOMEM;
}

void hx_ev_destroy(struct hx_evidence *ev)
{
    if (!ev)
        return;
    free(ev->r);
    free(ev->rt);
    free(ev->co);
    free(ev->f);
    free(ev->spur_vm);
    free(ev);
}

static bool grow(void **p, size_t *cap, size_t n, size_t size)
{
    size_t nc;
    void *q;

    if (n < *cap)
        return true;
    nc = *cap ? *cap * 2 : 1024;
    q = realloc(*p, nc * size);
    if (!q)
        return false;
    *p = q;
    *cap = nc;
    return true;
}

uint64_t hx_ev_raise(struct hx_evidence *ev, sim_time_t t, uint32_t dev,
                     uint32_t adi, uint32_t entry, const struct hx_dest *want)
{
    struct raise_rec *rr;

    if (!grow((void **)&ev->r, &ev->cap, ev->n, sizeof(*ev->r)))
        abort(); /* out of memory while recording evidence: nothing sane to do */
    rr = &ev->r[ev->n++];
    memset(rr, 0, sizeof(*rr));
    rr->t = t;
    rr->dev = dev;
    rr->adi = adi;
    rr->entry = entry;
    if (want) {
        rr->want = *want;
        rr->has_want = true;
    }
    rr->fate = HX_FATE_PENDING;
    return ev->n;
}

void hx_ev_retarget(struct hx_evidence *ev, sim_time_t t, uint32_t dev,
                    uint32_t adi, uint32_t entry, const struct hx_dest *want)
{
    if (!grow((void **)&ev->rt, &ev->caprt, ev->nrt, sizeof(*ev->rt)))
        abort();
    ev->rt[ev->nrt++] = (struct retarget){ t, dev, adi, entry, *want };
}

static bool same_dest(const struct hx_dest *a, const struct hx_dest *b)
{
    return a->vm == b->vm && a->cpu == b->cpu && a->vector == b->vector;
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

static void settle_coalesced(struct hx_evidence *ev, const struct raise_rec *rr,
                             sim_time_t t, enum hx_irq_fate fate);

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

static struct raise_rec *find(struct hx_evidence *ev, uint64_t seq)
{
    return seq >= 1 && seq <= ev->n ? &ev->r[seq - 1] : NULL;
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
        struct raise_rec *rr = find(ev, tags[i].seq);
        bool named_right;

        if (!rr) {
            spurious_at(ev, at);
            continue;
        }
        rr->arrivals++;
        if (rr->fate == HX_FATE_DELIVERED || rr->fate == HX_FATE_MISROUTED ||
            rr->fate == HX_FATE_LEAKED) {
            ev->duplicated++;
            rr->dups++;
            continue;
        }
        named_right = believed && believed->dev == rr->dev &&
                      believed->adi == rr->adi && believed->entry == rr->entry;
        if (named_right && right_place(ev, rr, at)) {
            rr->fate = HX_FATE_DELIVERED;
            rr->latency = t - rr->t;
        } else if (rr->has_want && at->vm != rr->want.vm) {
            rr->fate = HX_FATE_LEAKED;     /* EVID-LEAK-01 */
        } else {
            rr->fate = HX_FATE_MISROUTED;
        }
        if (ev->nco)
            settle_coalesced(ev, rr, t, (enum hx_irq_fate)rr->fate);
    }
}

/* Settle the coalesced raises of @rr's entry that were raised before @t. */
static void settle_coalesced(struct hx_evidence *ev, const struct raise_rec *rr,
                             sim_time_t t, enum hx_irq_fate fate)
{
    size_t k = 0;

    for (size_t i = 0; i < ev->nco; i++) {
        struct raise_rec *c = &ev->r[ev->co[i] - 1];

        if (c->dev == rr->dev && c->adi == rr->adi && c->entry == rr->entry &&
            c->t <= t && c->fate == HX_FATE_PENDING) {
            c->fate = (uint8_t)fate;
            c->arrivals++;
            if (fate == HX_FATE_DELIVERED)
                c->latency = t - c->t;
            continue;
        }
        ev->co[k++] = ev->co[i];
    }
    ev->nco = k;
}

void hx_ev_coalesced(struct hx_evidence *ev, const struct irq_tag *tag)
{
    struct raise_rec *rr = find(ev, tag->seq);

    if (!rr || rr->fate != HX_FATE_PENDING)
        return;
    if (!grow((void **)&ev->co, &ev->capco, ev->nco, sizeof(*ev->co)))
        abort();
    rr->coalesced = true;
    ev->co[ev->nco++] = tag->seq;
}

void hx_ev_fault(struct hx_evidence *ev, const struct irq_tag *tag, unsigned reason)
{
    struct raise_rec *rr = find(ev, tag->seq);

    if (reason >= HX_IR_FAULT_FIRST && reason <= HX_IR_FAULT_LAST) {
        ev->faults[reason - HX_IR_FAULT_FIRST]++;
        if (rr) {
            if (!grow((void **)&ev->f, &ev->capf, ev->nf, sizeof(*ev->f)))
                abort();
            ev->f[ev->nf++] = (struct fault_rec){ tag->seq, (uint8_t)reason };
        }
    }
    if (rr && rr->fate == HX_FATE_PENDING) {
        rr->fate = HX_FATE_FAULTED;
        rr->fault_reason = (uint8_t)reason;
    }
}

void hx_ev_refused(struct hx_evidence *ev, const struct irq_tag *tag)
{
    struct raise_rec *rr = find(ev, tag->seq);

    if (rr && rr->fate == HX_FATE_PENDING)
        rr->fate = HX_FATE_REFUSED;
}

/* The k-th smallest of v[0..n) (0-based), moving elements (Hoare's select:
 * linear on average, where a sort was the evidence pass's largest cost). */
static uint64_t select_kth(uint64_t *v, size_t n, size_t k)
{
    size_t lo = 0, hi = n - 1;

    while (lo < hi) {
        uint64_t pivot = v[lo + (hi - lo) / 2];
        size_t i = lo, j = hi;

        while (i <= j) {
            while (v[i] < pivot)
                i++;
            while (v[j] > pivot)
                j--;
            if (i <= j) {
                uint64_t t = v[i];

                v[i] = v[j];
                v[j] = t;
                i++;
                if (j == 0)
                    break;
                j--;
            }
        }
        if (k <= j)
            hi = j;
        else if (k >= i)
            lo = i;
        else
            return v[k];
    }
    return v[k];
}

/* Nearest-rank percentile @p of v[0..n). */
static uint64_t pct(uint64_t *v, size_t n, unsigned p)
{
    size_t rank;

    if (!n)
        return 0;
    rank = (n * p + 99) / 100;
    return select_kth(v, n, rank ? rank - 1 : 0);
}

/* Count raise @rr, whose fate is @fate, in @r; a delivered one's latency
 * goes to @lat[*@nl]. */
static void count_fate(const struct raise_rec *rr, enum hx_irq_fate fate,
                       struct hx_result *r, uint64_t *lat, size_t *nl)
{
    switch (fate) {
    case HX_FATE_DELIVERED:
        r->delivered++;
        lat[(*nl)++] = (rr->latency + 500) / 1000; /* ps -> ns, nearest */
        break;
    case HX_FATE_MISROUTED:
        r->misrouted++;
        break;
    case HX_FATE_LEAKED:
        r->leaked++;
        break;
    case HX_FATE_FAULTED:
        r->faulted++;
        break;
    case HX_FATE_REFUSED:
        r->refused++;
        break;
    default:
        r->lost++;
        break;
    }
}

/* @r's latency from the @nl samples in @lat (reordered). */
static void fill_latency(struct hx_result *r, uint64_t *lat, size_t nl)
{
    r->latency.n = nl;
    r->latency.max_ns = 0;
    for (size_t i = 0; i < nl; i++)
        if (lat[i] > r->latency.max_ns)
            r->latency.max_ns = lat[i];
    r->latency.p50_ns = pct(lat, nl, 50);
    r->latency.p99_ns = pct(lat, nl, 99);
}

void hx_ev_finish(struct hx_evidence *ev, struct hx_result *r)
{
    uint64_t *lat = malloc((ev->n ? ev->n : 1) * sizeof(*lat));
    size_t nl = 0;

    if (!lat)
        abort();
    r->raised = ev->n;
    r->delivered = r->misrouted = r->faulted = r->lost = r->refused = 0;
    r->leaked = 0;
    for (size_t i = 0; i < ev->n; i++) {
        struct raise_rec *rr = &ev->r[i];

        if (rr->fate == HX_FATE_PENDING)
            rr->fate = HX_FATE_LOST;
        count_fate(rr, (enum hx_irq_fate)rr->fate, r, lat, &nl);
    }
    r->duplicated = ev->duplicated;
    r->spurious = ev->spurious;
    memcpy(r->ir_faults, ev->faults, sizeof(r->ir_faults));
    fill_latency(r, lat, nl);
    free(lat);
}

static bool in_scope(const struct hx_ev_scope *sc, uint32_t dev, uint32_t adi)
{
    return dev < HX_EV_SCOPE_DEVS && adi < 64 && (sc->adis[dev] >> adi & 1u);
}

int hx_ev_tally(const struct hx_evidence *ev, const struct hx_ev_scope *scope,
                struct hx_result *r)
{
    uint64_t *lat = malloc((ev->n ? ev->n : 1) * sizeof(*lat));
    size_t nl = 0;

    if (!lat)
        return -ENOMEM;
    r->raised = r->delivered = r->misrouted = r->faulted = r->lost = 0;
    r->leaked = 0;
    r->refused = r->duplicated = r->spurious = 0;
    memset(r->ir_faults, 0, sizeof(r->ir_faults));
    for (size_t i = 0; i < ev->n; i++) {
        const struct raise_rec *rr = &ev->r[i];

        if (!in_scope(scope, rr->dev, rr->adi))
            continue;
        r->raised++;
        r->duplicated += rr->dups;
        count_fate(rr, rr->fate == HX_FATE_PENDING ? HX_FATE_LOST
                                                   : (enum hx_irq_fate)rr->fate,
                   r, lat, &nl);
    }
    if (scope->vm >= HX_VM_HOST && (size_t)(scope->vm - HX_VM_HOST) < ev->nspur_vm)
        r->spurious = ev->spur_vm[scope->vm - HX_VM_HOST];
    for (size_t i = 0; i < ev->nf; i++) {
        const struct raise_rec *rr = &ev->r[ev->f[i].seq - 1];

        if (in_scope(scope, rr->dev, rr->adi))
            r->ir_faults[ev->f[i].reason - HX_IR_FAULT_FIRST]++;
    }
    fill_latency(r, lat, nl);
    free(lat);
    return 0;
}

enum hx_irq_fate hx_ev_fate(const struct hx_evidence *ev, uint64_t seq)
{
    return seq >= 1 && seq <= ev->n ? (enum hx_irq_fate)ev->r[seq - 1].fate
                                    : HX_FATE_LOST;
}
