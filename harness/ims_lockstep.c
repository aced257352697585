/* SPDX-License-Identifier: MIT */
/* ims_lockstep.c - two IMS designs on one seeded random stimulus, compared. */
#include "harness/ims_lockstep.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/ims_rules.h"
#include "harness/ims_tlp.h"
#include "sim/rng.h"

/* A message not yet matched with the other design's, and when it was seen. */
struct held {
    struct ims_dut_msg m;
    uint64_t op;
};

struct side {
    struct ims_dut *d;
    struct held *h;
    size_t n, cap;
};

struct ls {
    struct side s[2];
    const struct ims_layout *l;
    struct hx_lockstep_opts o;
    struct sim_rng rng;
    struct hx_lockstep_result *res;
    uint64_t op;
    uint64_t *seq;          /* per entry (+1 for out of range): messages matched */
    bool *masked;           /* per entry: the mask state the stimulus wrote */
    bool bp;                /* both designs take back-pressure (set_ready) */
    unsigned stall;         /* ops left with msg_ready low */
    struct sim_rng lrng;    /* the long stalls' own stream: the rest is unchanged */
    bool be;                /* both take byte enables and partial_writes is declared */
    struct sim_rng brng;    /* the byte enables' own stream */
};

/* msg_ready on both designs. */
static int ready_both(struct ls *x, bool r)
{
    int rc = x->s[0].d->ops->set_ready(x->s[0].d->state, r);

    return rc < 0 ? rc : x->s[1].d->ops->set_ready(x->s[1].d->state, r);
}

/*
 * Back-pressure between the fires: now and then msg_ready goes low on both
 * designs for the next 1 to 4 operations that are not fires; a fire always
 * sees it high (a design whose queue is full holds irq_ready low, and the
 * behavioral model's queue has no bound: a fire refused by one and taken
 * by the other would be a difference of queue depth, not of behaviour).
 */
static int stall_before(struct ls *x, bool is_fire)
{
    if (!x->bp)
        return 0;
    if (is_fire && x->stall) {
        x->stall = 0;
        return ready_both(x, true);
    }
    if (!is_fire && !x->stall && sim_rng_below(&x->rng, 16) == 0) {
        x->stall = 1 + (unsigned)sim_rng_below(&x->rng, 4);
        x->res->stalls++;
        return ready_both(x, false);
    }
    return 0;
}

/*
 * A long stall, now and then in place of an idle stretch: msg_ready low on
 * both designs for B to 4 x B cycles (B the latency bound), no input
 * meanwhile, then back to what the short stalls hold.  Messages queue in
 * both designs; none may be lost or duplicated when it rises.
 */
static int long_stall(struct ls *x, bool *done)
{
    uint64_t n;
    int rc;

    *done = false;
    if (!x->bp || sim_rng_below(&x->lrng, 32) != 0)
        return 0;
    n = x->o.latency_bound + sim_rng_below(&x->lrng, 3u * x->o.latency_bound + 1);
    x->res->long_stalls++;
    if ((rc = ready_both(x, false)) < 0 ||
        (rc = x->s[0].d->ops->clock(x->s[0].d->state, n)) < 0 ||
        (rc = x->s[1].d->ops->clock(x->s[1].d->state, n)) < 0)
        return rc;
    *done = true;
    return x->stall ? 0 : ready_both(x, true);
}

static int stall_after(struct ls *x)
{
    if (x->stall && --x->stall == 0)
        return ready_both(x, true);
    return 0;
}

static uint64_t cyc(const struct side *s)
{
    return s->d->ops->cycle(s->d->state);
}

__attribute__((format(printf, 3, 4)))
static void diverge(struct ls *x, const char *a, const char *fmt, ...)
{
    struct hx_lockstep_result *r = x->res;
    va_list ap;

    r->diverged = true;
    r->op = x->op;
    r->cycle_a = cyc(&x->s[0]);
    r->cycle_b = cyc(&x->s[1]);
    snprintf(r->a, sizeof(r->a), "%s", a);
    va_start(ap, fmt);
    vsnprintf(r->b, sizeof(r->b), fmt, ap);
    va_end(ap);
}

static void msg_text(char *buf, size_t len, const struct held *h)
{
    if (!h) {
        snprintf(buf, len, "no message");
        return;
    }
    snprintf(buf, len, "addr 0x%" PRIx64 " data 0x%" PRIx32 " index %" PRIu32 " len %" PRIu32
             " (op %" PRIu64 ", cycle %" PRIu64 ")", h->m.addr, h->m.data, h->m.index,
             h->m.len, h->op, h->m.cycle);
}

static int gather(struct ls *x, struct side *s)
{
    for (;;) {
        struct ims_dut_msg tmp[32];
        size_t k = s->d->ops->collect(s->d->state, tmp, 32);

        if (s->n + k > s->cap) {
            size_t cap = s->cap ? s->cap * 2 : 64;
            struct held *h;

            while (cap < s->n + k)
                cap *= 2;
            h = realloc(s->h, cap * sizeof(*h));
            if (!h)
                return -ENOMEM;
            s->h = h;
            s->cap = cap;
        }
        for (size_t i = 0; i < k; i++) {
            char why[160];

            /* a TLP compares by what it decodes to; its header is IMS-R-TLP-01's */
            (void)hx_tlp_decode(&tmp[i], x->l->requester_id, why, sizeof(why));
            s->h[s->n++] = (struct held){ .m = tmp[i], .op = x->op };
        }
        if (k < 32)
            return 0;
    }
}

static void drop(struct side *s, size_t i)
{
    memmove(&s->h[i], &s->h[i + 1], (s->n - i - 1) * sizeof(*s->h));
    s->n--;
}

/*
 * Match held messages entry by entry, oldest first.  @final: the run is
 * over, so anything left unmatched is a divergence.
 */
static void match(struct ls *x, bool final)
{
    struct side *a = &x->s[0], *b = &x->s[1];
    char ta[96], tb[96];

    for (size_t i = 0; i < a->n && !x->res->diverged;) {
        uint32_t e = a->h[i].m.index;
        size_t j;

        for (j = 0; j < b->n && b->h[j].m.index != e; j++)
            ;
        if (j == b->n) {
            i++;
            continue;
        }
        if (a->h[i].m.addr != b->h[j].m.addr || a->h[i].m.data != b->h[j].m.data ||
            a->h[i].m.len != b->h[j].m.len) {
            uint64_t k = x->seq[e < x->l->entries ? e : x->l->entries];

            msg_text(ta, sizeof(ta), &a->h[i]);
            msg_text(tb, sizeof(tb), &b->h[j]);
            snprintf(x->res->what, sizeof(x->res->what), "message %" PRIu64 " of entry %" PRIu32,
                     k + 1, e);
            diverge(x, ta, "%s", tb);
            return;
        }
        x->seq[e < x->l->entries ? e : x->l->entries]++;
        x->res->msgs++;
        drop(a, i);
        drop(b, j);
    }
    /* a message one design emitted and the other has not, for too long */
    for (int s = 0; s < 2 && !x->res->diverged; s++) {
        struct side *me = &x->s[s];

        for (size_t i = 0; i < me->n; i++) {
            uint32_t e = me->h[i].m.index;

            if (!final && x->op - me->h[i].op <= x->o.latency_bound)
                continue;
            msg_text(s ? tb : ta, 96, &me->h[i]);
            msg_text(s ? ta : tb, 96, NULL);
            snprintf(x->res->what, sizeof(x->res->what), "message %" PRIu64 " of entry %" PRIu32,
                     x->seq[e < x->l->entries ? e : x->l->entries] + 1, e);
            diverge(x, ta, "%s", tb);
            return;
        }
    }
}

/*
 * The bits of register @off (an entry's) software may write: its fields'
 * bits, less what the descriptor declares reserved or read-only, less
 * address bits 1:0 (a DWORD memory write's address is DWORD aligned).
 */
static uint32_t writable(const struct ims_layout *l, uint32_t off)
{
    uint32_t w = 0;

    for (int g = 0; g < IMS_F__COUNT; g++) {
        const struct ims_field *fd = &l->field[g];
        uint32_t v;

        if (!fd->present || fd->offset != off)
            continue;
        v = (fd->width >= 32 ? UINT32_MAX : (UINT32_C(1) << fd->width) - 1) &
            ~(fd->reserved | fd->read_only);
        if (g == IMS_F_ADDR_LO)
            v &= ~UINT32_C(3);
        w |= v << fd->lsb;
    }
    return w;
}

/* Whether register @off of an entry holds part of its pair. */
static bool holds_pair(const struct ims_layout *l, uint32_t off)
{
    for (int g = IMS_F_ADDR_LO; g <= IMS_F_DATA; g++)
        if (l->field[g].present && l->field[g].offset == off)
            return true;
    return false;
}

/* A register of some entry that holds at least one field, and its field bits. */
static uint32_t pick_reg(struct ls *x, uint32_t *bits, bool *is_mask, uint32_t *entry)
{
    const struct ims_layout *l = x->l;
    enum ims_field_id f;
    uint32_t e = (uint32_t)sim_rng_below(&x->rng, l->entries), off;

    /* mask writes often: pending and release are where designs differ */
    if (l->field[IMS_F_MASK].present && sim_rng_below(&x->rng, 3) == 0)
        f = IMS_F_MASK;
    else
        do
            f = (enum ims_field_id)sim_rng_below(&x->rng, IMS_F__COUNT);
        while (!l->field[f].present);
    off = l->field[f].offset;
    *bits = 0;
    for (int g = 0; g < IMS_F__COUNT; g++) {
        const struct ims_field *fd = &l->field[g];

        if (fd->present && fd->offset == off)
            *bits |= (fd->width >= 32 ? UINT32_MAX : (UINT32_C(1) << fd->width) - 1)
                     << fd->lsb;
    }
    *is_mask = f == IMS_F_MASK;
    *entry = e;
    return l->base + e * l->stride + off;
}

static int step(struct ls *x)
{
    struct side *a = &x->s[0], *b = &x->s[1];
    uint32_t roll = (uint32_t)sim_rng_below(&x->rng, 100);
    int ra, rb;

    if ((ra = stall_before(x, roll >= 50 && roll < 85)) < 0)
        return ra;

    if (roll < 35) {
        const struct ims_field *mf = &x->l->field[IMS_F_MASK];
        bool is_mask;
        uint32_t e, bits, off = pick_reg(x, &bits, &is_mask, &e);
        uint32_t rel = off - x->l->base - e * x->l->stride;
        uint32_t v = (uint32_t)sim_rng_next(&x->rng) & writable(x->l, rel);

        bool redirect = false;

        /*
         * The update discipline the descriptor declares: with
         * mask_for_update a pair register of an unmasked entry is not
         * written; the entry is masked first (the write becomes that).
         */
        if (x->l->mask_for_update && mf->present && !x->masked[e] && holds_pair(x->l, rel) &&
            mf->offset != rel) {
            off = x->l->base + e * x->l->stride + mf->offset;
            rel = mf->offset;
            is_mask = redirect = true;
        }
        /* a mask write toggles (or sets) the mask alone, most of the time */
        if (is_mask && (redirect || sim_rng_below(&x->rng, 4))) {
            uint32_t ov, mb = 1u << mf->lsb;

            if ((ra = a->d->ops->reg_read(a->d->state, off, &ov)) < 0)
                return ra;
            if ((rb = b->d->ops->reg_read(b->d->state, off, &(uint32_t){ 0 })) < 0)
                return rb;
            v = redirect ? ov | mb : ov ^ (bits & mb);
        }
        /* now and then a partial write (some bytes, not all) of a register
         * that holds no mask: what its other bytes do is partial_writes' */
        if (x->be && !(mf->present && mf->offset == rel) &&
            sim_rng_below(&x->brng, 8) == 0) {
            uint32_t be = 1 + (uint32_t)sim_rng_below(&x->brng, 14);

            x->res->partial_writes++;
            if ((ra = a->d->ops->reg_write_be(a->d->state, off, v, be)) < 0)
                return ra;
            if ((rb = b->d->ops->reg_write_be(b->d->state, off, v, be)) < 0)
                return rb;
            return stall_after(x);
        }
        if ((ra = a->d->ops->reg_write(a->d->state, off, v)) < 0)
            return ra;
        if ((rb = b->d->ops->reg_write(b->d->state, off, v)) < 0)
            return rb;
        if (mf->present && mf->offset == rel)
            x->masked[e] = (v >> mf->lsb) & 1u;
    } else if (roll < 50) {
        bool is_mask;
        uint32_t e, bits, off = pick_reg(x, &bits, &is_mask, &e), va = 0, vb = 0;

        /* only bits software writes are compared (not reserved, read-only, or
         * address bits 1:0): a design may keep those as it likes */
        bits &= writable(x->l, off - x->l->base - e * x->l->stride);

        if ((ra = a->d->ops->reg_read(a->d->state, off, &va)) < 0)
            return ra;
        if ((rb = b->d->ops->reg_read(b->d->state, off, &vb)) < 0)
            return rb;
        if ((va & bits) != (vb & bits)) {
            char ta[96];

            snprintf(x->res->what, sizeof(x->res->what), "reg_read 0x%" PRIx32, off);
            snprintf(ta, sizeof(ta), "0x%08" PRIx32, va & bits);
            diverge(x, ta, "0x%08" PRIx32, vb & bits);
        }
    } else if (roll < 85) {
        uint32_t n = x->l->entries;
        uint32_t idx = sim_rng_below(&x->rng, 10) ? (uint32_t)sim_rng_below(&x->rng, n)
                                                  : n + (uint32_t)sim_rng_below(&x->rng, n + 4);
        bool valid = sim_rng_below(&x->rng, 2);
        uint32_t pasid = (uint32_t)sim_rng_below(&x->rng, 4);

        ra = a->d->ops->fire(a->d->state, idx, pasid, valid, x->o.fire_wait);
        rb = b->d->ops->fire(b->d->state, idx, pasid, valid, x->o.fire_wait);
        if (ra < 0)
            return ra;
        if (rb < 0)
            return rb;
        if (ra != rb) {
            static const char *const names[] = { "accepted", "refused", "timeout" };
            char ta[96];

            snprintf(x->res->what, sizeof(x->res->what), "fire %" PRIu32 " pasid %s0x%" PRIx32,
                     idx, valid ? "" : "(none) ", pasid);
            snprintf(ta, sizeof(ta), "%s", ra <= 2 ? names[ra] : "?");
            diverge(x, ta, "%s", rb <= 2 ? names[rb] : "?");
        }
    } else {
        uint64_t n = 1 + sim_rng_below(&x->rng, 8);
        bool stalled;

        if ((ra = long_stall(x, &stalled)) < 0)
            return ra;
        if (!stalled && (ra = a->d->ops->clock(a->d->state, n)) < 0)
            return ra;
        if (!stalled && (rb = b->d->ops->clock(b->d->state, n)) < 0)
            return rb;
    }
    return stall_after(x);
}

int hx_ims_lockstep(struct ims_dut *a, struct ims_dut *b, const struct ims_layout *l,
                    const struct hx_lockstep_opts *o, struct hx_lockstep_result *res)
{
    struct ls x = { .l = l, .res = res };
    int rc;

    if (!a || !b || !l || !res || !a->ops || !b->ops)
        return -EINVAL;
    memset(res, 0, sizeof(*res));
    if (l->entries == 0 || a->ops->entries(a->state) != l->entries ||
        b->ops->entries(b->state) != l->entries)
        return -EINVAL;
    if (o)
        x.o = *o;
    if (!x.o.ops)
        x.o.ops = HX_LOCKSTEP_OPS;
    if (!x.o.latency_bound)
        x.o.latency_bound = HX_IMS_LATENCY_BOUND;
    if (!x.o.fire_wait)
        x.o.fire_wait = HX_IMS_FIRE_WAIT;
    x.s[0].d = a;
    x.s[1].d = b;
    x.seq = calloc((size_t)l->entries + 1, sizeof(*x.seq));
    x.masked = malloc(l->entries * sizeof(*x.masked));
    if (!x.seq || !x.masked) {
        free(x.seq);
        free(x.masked);
        return -ENOMEM;
    }
    for (uint32_t e = 0; e < l->entries; e++)
        x.masked[e] = l->reset_masked;
    x.bp = a->ops->set_ready && b->ops->set_ready;
    sim_rng_seed(&x.rng, x.o.seed, sim_rng_stream_id("lockstep"));
    sim_rng_seed(&x.lrng, x.o.seed, sim_rng_stream_id("lockstep-long-stall"));
    sim_rng_seed(&x.brng, x.o.seed, sim_rng_stream_id("lockstep-byte-enables"));
    x.be = l->partial_writes != IMS_PARTIAL_UNDEFINED && a->ops->reg_write_be &&
           b->ops->reg_write_be;
    if ((rc = a->ops->reset(a->state)) < 0 || (rc = b->ops->reset(b->state)) < 0)
        goto out;
    /* nothing from before the reset counts */
    if ((rc = gather(&x, &x.s[0])) < 0 || (rc = gather(&x, &x.s[1])) < 0)
        goto out;
    x.s[0].n = x.s[1].n = 0;
    for (x.op = 1; x.op <= x.o.ops && !res->diverged; x.op++) {
        if ((rc = step(&x)) < 0)
            goto out;
        res->ops_run = x.op;
        if ((rc = gather(&x, &x.s[0])) < 0 || (rc = gather(&x, &x.s[1])) < 0)
            goto out;
        if (!res->diverged)
            match(&x, false);
    }
    if (x.bp && (rc = ready_both(&x, true)) < 0)
        goto out;
    if (!res->diverged) {
        x.op = res->ops_run;
        if ((rc = a->ops->clock(a->state, x.o.latency_bound)) < 0 ||
            (rc = b->ops->clock(b->state, x.o.latency_bound)) < 0 ||
            (rc = gather(&x, &x.s[0])) < 0 || (rc = gather(&x, &x.s[1])) < 0)
            goto out;
        match(&x, true);
    }
    rc = 0;
out:
    free(x.s[0].h);
    free(x.s[1].h);
    free(x.seq);
    free(x.masked);
    return rc;
}
