/* SPDX-License-Identifier: MIT */
/*
 * ims_rules_load.c - the rules about many entries at once: FAIR (service
 * under load), IMS-R-PEND-02 (several entries pending), REACH (every index)
 * (conventions every rule shares: ims_rules.c).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/ims_rules_int.h"

/* ---- IMS-R-FAIR-01 --------------------------------------------------------- */

struct fair_fire {
    uint32_t entry;
    uint32_t next;          /* next fire of the same entry, or UINT32_MAX */
    uint64_t cycle;
    bool done;
};

struct fair {
    struct fair_fire *f;
    uint32_t *head, *tail; /* per entry: oldest and newest unmatched fire */
    uint32_t nf, oldest;   /* fires issued; the oldest possibly unmatched */
    uint64_t bound;        /* W: the worst wait allowed */
};

/* Backlog IMS-R-FAIR-01 builds before it fires at the service rate. */
#define FAIR_BACKLOG 16u

/* The service interval the descriptor declares (cycles per message). */
static uint32_t service(const struct hx_ims_ctx *c)
{
    return c->l->service_cycles > 1 ? c->l->service_cycles : 1;
}

/* Match every collected message to the oldest outstanding fire of its entry. */
static int fair_match(struct hx_ims_ctx *c, struct fair *fr)
{
    for (size_t i = 0; i < c->mb.n; i++) {
        const struct ims_dut_msg *m = &c->mb.m[i];
        uint32_t k;

        if (m->index >= c->l->entries || fr->head[m->index] == UINT32_MAX)
            return hx_imsr_fail_msg(c, 3, m->index, m, m->index < c->l->entries
                                    ? HX_IMS_KIND_DUPLICATE : HX_IMS_KIND_OTHER_ENTRY,
                                    m->addr, m->data, "one message per accepted fire",
                                    "message for entry %" PRIu32 " with no fire outstanding",
                                    m->index);
        k = fr->head[m->index];
        fr->head[m->index] = fr->f[k].next;
        if (fr->head[m->index] == UINT32_MAX)
            fr->tail[m->index] = UINT32_MAX;
        fr->f[k].done = true;
        if (m->cycle - fr->f[k].cycle > fr->bound)
            return hx_imsr_fail(c, 4, m->index, m->cycle,
                                "message within the bound",
                        "message %" PRIu64 " cycles after its fire (bound ENTRIES x "
                        "service_cycles + B = %" PRIu64 ")",
                        m->cycle - fr->f[k].cycle, fr->bound);
    }
    c->mb.n = 0;
    while (fr->oldest < fr->nf && fr->f[fr->oldest].done)
        fr->oldest++;
    if (fr->oldest < fr->nf && hx_imsr_dcycle(c) - fr->f[fr->oldest].cycle > fr->bound)
        return hx_imsr_fail(c, 4, fr->f[fr->oldest].entry, hx_imsr_dcycle(c),
                            "message within the bound",
                    "no message %" PRIu64 " cycles after the fire at cycle %" PRIu64
                    " (bound ENTRIES x service_cycles + B = %" PRIu64 "): starved",
                    hx_imsr_dcycle(c) - fr->f[fr->oldest].cycle,
                    fr->f[fr->oldest].cycle - c->c0, fr->bound);
    return 0;
}

int hx_imsr_fair(struct hx_ims_ctx *c)
{
    uint32_t n = c->l->entries;
    uint32_t total = c->o.fair_fires > n ? c->o.fair_fires : n;
    struct fair fr = { 0 };
    int rc = -ENOMEM;

    /* a fair arbiter serves every other entry at most once before this one */
    fr.bound = (uint64_t)n * service(c) + c->o.latency_bound;
    fr.f = calloc(total, sizeof(*fr.f));
    fr.head = malloc((size_t)n * sizeof(*fr.head));
    fr.tail = malloc((size_t)n * sizeof(*fr.tail));
    if (!fr.f || !fr.head || !fr.tail)
        goto out;
    memset(fr.head, 0xff, (size_t)n * sizeof(*fr.head));
    memset(fr.tail, 0xff, (size_t)n * sizeof(*fr.tail));
    /*
     * Program from the last entry down: a design whose entries overlap then
     * still gets every entry's own control field written last.  Overlap is
     * IMS-R-FIELDS-01's subject; this rule is about service.
     */
    for (uint32_t e = n; e-- > 0;) {
        uint64_t addr;
        uint32_t data;

        hx_imsr_rand_pair(c, &addr, &data);
        if ((rc = hx_imsr_program(c, e, addr, data, false)) < 0)
            goto out;
    }
    if ((rc = hx_imsr_settle(c, c->o.latency_bound)) < 0)
        goto out;
    c->mb.n = 0;
    /*
     * Round robin over every entry: FAIR_BACKLOG fires back to back build a
     * backlog, then one fire per service interval keeps it: the offered load
     * is the declared service rate, so a fair design's waits stay bounded and
     * an unfair arbiter starves whichever entry it ranks last.
     */
    for (uint32_t i = 0; i < total && !hx_imsr_failed(c); i++) {
        uint32_t e = i % n;
        int r = hx_imsr_fire(c, e, 0, false);

        if (r < 0) {
            rc = r;
            goto out;
        }
        if (r != IMS_DUT_FIRE_ACCEPTED) {
            hx_imsr_fail(c, r == IMS_DUT_FIRE_REFUSED ? 1 : 2, e,
                         hx_imsr_dcycle(c),
                         "fire accepted",
                 "fire %" PRIu32 " of %" PRIu32 " (round robin) %s", i + 1, total,
                 hx_imsr_fire_name(r));
            break;
        }
        fr.f[fr.nf] = (struct fair_fire){ .entry = e, .next = UINT32_MAX,
                                          .cycle = hx_imsr_dcycle(c) };
        if (fr.tail[e] != UINT32_MAX)
            fr.f[fr.tail[e]].next = fr.nf;
        else
            fr.head[e] = fr.nf;
        fr.tail[e] = fr.nf++;
        if (i >= FAIR_BACKLOG && service(c) > 1 && (rc = hx_imsr_clk(c,
                                                                     service(c) - 1)) < 0)
            goto out;
        if ((rc = hx_imsr_collect(c)) < 0 || (rc = fair_match(c, &fr)) < 0)
            goto out;
    }
    /* drain: every outstanding fire must still be served within the bound */
    for (uint64_t t = 0; !hx_imsr_failed(c) && t <= fr.bound + 1; t++) {
        if ((rc = hx_imsr_settle(c, 1)) < 0 || (rc = fair_match(c, &fr)) < 0)
            goto out;
        if (fr.oldest == fr.nf)
            break;
    }
    rc = 0;
out:
    free(fr.f);
    free(fr.head);
    free(fr.tail);
    return rc;
}


/* ---- IMS-R-PEND-02 --------------------------------------------------------- */

#define MULTI_MAX 8u

/* Several entries pending at once, and what is expected of each. */
struct multi {
    uint32_t n;
    uint32_t e[MULTI_MAX];          /* entries 0..n-1 */
    uint64_t addr[MULTI_MAX];
    uint32_t data[MULTI_MAX];
    uint32_t fired[MULTI_MAX];      /* positions in the order they were first fired */
    bool masked[MULTI_MAX];
    bool due[MULTI_MAX];            /* released: its message is expected */
    bool seen[MULTI_MAX];
    const char *round;
};

/* Program every entry masked with its own pair, fire each (random order) 1..3 times. */
static int multi_arm(struct hx_ims_ctx *c, struct multi *mu)
{
    TRY(hx_imsr_fresh(c));
    for (uint32_t i = mu->n; i-- > 0;) {     /* top down: overlap is IMS-R-FIELDS-01's */
        hx_imsr_rand_pair(c, &mu->addr[i], &mu->data[i]);
        TRY(hx_imsr_program(c, mu->e[i], mu->addr[i], mu->data[i], true));
        mu->masked[i] = true;
        mu->due[i] = mu->seen[i] = false;
        mu->fired[i] = i;
    }
    for (uint32_t i = mu->n; i > 1; i--) {          /* Fisher-Yates */
        uint32_t j = hx_imsr_below(c, i), t = mu->fired[i - 1];

        mu->fired[i - 1] = mu->fired[j];
        mu->fired[j] = t;
    }
    for (uint32_t i = 0; i < mu->n; i++) {
        uint32_t k = 1 + hx_imsr_below(c, 3);

        while (k--)
            TRY(hx_imsr_fire(c, mu->e[mu->fired[i]], 0, false));
    }
    return hx_imsr_settle(c, c->o.latency_bound);
}

static int multi_unmask(struct hx_ims_ctx *c, struct multi *mu, uint32_t i)
{
    TRY(hx_imsr_set_mask(c, mu->e[i], false));
    mu->masked[i] = false;
    mu->due[i] = true;
    return 0;
}

/* The oldest-fired entry still masked and pending, or MULTI_MAX. */
static uint32_t multi_blocker(const struct multi *mu)
{
    for (uint32_t k = 0; k < mu->n; k++)
        if (mu->masked[mu->fired[k]])
            return mu->fired[k];
    return MULTI_MAX;
}

/* Check the collected messages: each released entry's once, with its pair, nothing else. */
static int multi_check(struct hx_ims_ctx *c, struct multi *mu)
{
    for (size_t k = 0; k < c->mb.n; k++) {
        const struct ims_dut_msg *m = &c->mb.m[k];
        uint32_t i = m->index < mu->n ? m->index : MULTI_MAX;
        const char *kind;
        char ex[96];

        if (i == MULTI_MAX)
            return hx_imsr_fail_msg(c, 3, HX_IMS_NO_ENTRY, m,
                                    HX_IMS_KIND_OTHER_ENTRY,
                                    m->addr, m->data, "messages of the pending entries only",
                                    "message from entry %" PRIu32 ", never programmed or "
                                    "fired (round %s)", m->index, mu->round);
        snprintf(ex, sizeof(ex),
                 "entry %" PRIu32 ": once, addr 0x%" PRIx64 " data 0x%"
                 PRIx32 ", after its unmask", i, mu->addr[i], mu->data[i]);
        if (!mu->due[i])
            return hx_imsr_fail_msg(c, 3, i, m, HX_IMS_KIND_LEAK, mu->addr[i],
                                    mu->data[i],
                                    ex, "entry %" PRIu32 " emitted while still masked "
                                    "(round %s)", i, mu->round);
        if (mu->seen[i])
            return hx_imsr_fail_msg(c, 2, i, m, HX_IMS_KIND_DUPLICATE,
                                    mu->addr[i],
                                    mu->data[i], ex, "entry %" PRIu32 " emitted twice for "
                                    "one pending state (round %s)", i, mu->round);
        if ((kind = hx_imsr_msg_diff(m, i, mu->addr[i], mu->data[i])))
            return hx_imsr_fail_msg(c, 2, i, m, kind, mu->addr[i], mu->data[i],
                                    ex,
                                    "%s: entry %" PRIu32 "'s release emitted addr 0x%" PRIx64
                                    " data 0x%" PRIx32 " (round %s)", kind, i, m->addr,
                                    m->data, mu->round);
        mu->seen[i] = true;
    }
    c->mb.n = 0;
    return 0;
}

/*
 * Wait for every released entry's message (at most B + n * service cycles
 * after @t0, the last unmask), then B more for duplicates.  A missing one is
 * blocked behind the oldest still-masked pending entry when there is one,
 * else lost.
 */
static int multi_wait(struct hx_ims_ctx *c, struct multi *mu, uint64_t t0)
{
    uint64_t bound = c->o.latency_bound + (uint64_t)mu->n * service(c);

    for (;;) {
        bool all = true;

        TRY(hx_imsr_collect(c));
        TRY(multi_check(c, mu));
        if (hx_imsr_failed(c))
            return 0;
        for (uint32_t i = 0; i < mu->n; i++)
            all &= !mu->due[i] || mu->seen[i];
        if (all)
            break;
        if (hx_imsr_dcycle(c) - t0 > bound) {
            uint32_t blk = multi_blocker(mu), i = 0;
            char why[48] = "";

            while (!mu->due[i] || mu->seen[i])
                i++;
            if (blk < MULTI_MAX)
                snprintf(why, sizeof(why),
                         ": blocked behind entry %" PRIu32 ", still masked",
                         blk);
            hx_imsr_fail(c, 1, i, hx_imsr_dcycle(c),
                         "each unmasked entry's message within "
                         "B + n x service_cycles of the unmask",
                         "no message from entry %" PRIu32 " %" PRIu64 " cycles after the "
                         "unmask (round %s)%s", i, hx_imsr_dcycle(c) - t0, mu->round, why);
            hx_imsr_set_kind(c,
                             blk < MULTI_MAX ? HX_IMS_KIND_BLOCKED : HX_IMS_KIND_LOST);
            return 0;
        }
        TRY(hx_imsr_clk(c, 1));
    }
    TRY(hx_imsr_settle(c, c->o.latency_bound));
    return multi_check(c, mu);
}

enum round { R_ALL, R_ONE_BY_ONE, R_REVERSED, R_SUBSET };

static const char *const round_name[] = {
    [R_ALL] = "all at once", [R_ONE_BY_ONE] = "one by one", [R_REVERSED] = "reversed",
    [R_SUBSET] = "subset, the first fired still masked",
};

/*
 * One round: arm, then unmask the first k entries of the round's order
 * (subset: every other entry in fire order, so the first fired stays
 * masked, with fires on the masked ones arriving meanwhile), wait, then
 * unmask the rest and wait again.
 */
static int multi_round(struct hx_ims_ctx *c, struct multi *mu, enum round r)
{
    uint32_t order[MULTI_MAX], k = 0;

    mu->round = round_name[r];
    TRY(multi_arm(c, mu));
    for (uint32_t i = 0; i < mu->n; i++)
        order[i] = r == R_REVERSED ? mu->n - 1 - i : i;
    if (r == R_SUBSET) {
        for (uint32_t j = 1; j < mu->n; j += 2)
            order[k++] = mu->fired[j];
        for (uint32_t j = 0; j < mu->n; j += 2)
            order[k++] = mu->fired[j];
        k = mu->n / 2;
    } else {
        k = mu->n;
    }
    for (uint32_t j = 0; j < k && !hx_imsr_failed(c); j++) {
        TRY(multi_unmask(c, mu, order[j]));
        if (r == R_ONE_BY_ONE)
            TRY(multi_wait(c, mu, hx_imsr_dcycle(c)));
        for (uint32_t i = 0; r == R_SUBSET && i < mu->n; i++)
            if (mu->masked[i] && hx_imsr_below(c, 2))
                TRY(hx_imsr_fire(c, mu->e[i], 0, false));
    }
    if (!hx_imsr_failed(c) && r != R_ONE_BY_ONE)
        TRY(multi_wait(c, mu, hx_imsr_dcycle(c)));
    /* the rest, still pending, are released by their unmask */
    for (uint32_t j = k; j < mu->n && !hx_imsr_failed(c); j++)
        TRY(multi_unmask(c, mu, order[j]));
    if (!hx_imsr_failed(c) && k < mu->n)
        TRY(multi_wait(c, mu, hx_imsr_dcycle(c)));
    return 0;
}

int hx_imsr_multi(struct hx_ims_ctx *c)
{
    struct multi mu = { 0 };

    if (!hx_imsr_has(c, IMS_F_MASK))
        return hx_imsr_skip(c,
                            "the layout has no mask field (see IMS-R-MASK-01)");
    if (!c->l->pending_on_mask)
        return hx_imsr_skip(c, "the descriptor declares pending_on_mask: false "
                            "(see IMS-R-PEND-01)");
    mu.n = c->l->entries < MULTI_MAX ? c->l->entries : MULTI_MAX;
    if (mu.n < 2)
        return hx_imsr_skip(c, "the table has one entry");
    for (uint32_t i = 0; i < mu.n; i++)
        mu.e[i] = i;
    for (int r = R_ALL; r <= R_SUBSET && !hx_imsr_failed(c); r++)
        TRY(multi_round(c, &mu, (enum round)r));
    return 0;
}

/* ---- IMS-R-REACH-01 -------------------------------------------------------- */

/* Every index of a table up to this size; a seeded sample of this many above. */
#define REACH_ALL 4096u

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

    return x < y ? -1 : x > y;
}

/*
 * The indices IMS-R-REACH-01 checks, ascending: all of a table of up to
 * REACH_ALL entries; above, 0, the top index, 2^k - 1 and 2^k for every
 * power of two inside the table, and random ones up to REACH_ALL in all.
 */
static uint32_t *reach_indices(struct hx_ims_ctx *c, uint32_t *count)
{
    uint32_t n = c->l->entries, k = 0;
    uint32_t *v = malloc((size_t)(n < REACH_ALL ? n : REACH_ALL + 66) * sizeof(*v));

    if (!v)
        return NULL;
    if (n <= REACH_ALL) {
        for (uint32_t e = 0; e < n; e++)
            v[k++] = e;
        *count = k;
        return v;
    }
    v[k++] = 0;
    v[k++] = n - 1;
    for (uint32_t p = 1; p < n; p <<= 1) {
        v[k++] = p - 1;
        v[k++] = p;
    }
    while (k < REACH_ALL)
        v[k++] = hx_imsr_below(c, n);
    qsort(v, k, sizeof(*v), cmp_u32);
    *count = 0;
    for (uint32_t i = 0; i < k; i++)        /* unique */
        if (i == 0 || v[i] != v[i - 1])
            v[(*count)++] = v[i];
    return v;
}

struct reach {
    uint32_t *idx, n;
    uint64_t *addr;
    uint32_t *data;
};

/* The message after firing (or unmasking) position @i: entry idx[i]'s, once. */
static int reach_one(struct hx_ims_ctx *c, const struct reach *r, uint32_t i,
                     unsigned cp,
                     const char *when)
{
    uint32_t e = r->idx[i];
    const struct ims_dut_msg *m;
    const char *kind;
    char ex[96];

    snprintf(ex, sizeof(ex),
             "index %" PRIu32 " reaches entry %" PRIu32 " alone (addr 0x%"
             PRIx64 " data 0x%" PRIx32 ")", e, e, r->addr[i], r->data[i]);
    TRY(hx_imsr_wait_msgs(c, 1, c->o.latency_bound));
    if (!c->mb.n) {
        hx_imsr_fail(c, cp, e, hx_imsr_dcycle(c), ex,
                     "no message within %" PRIu32
                     " cycles after %s of index %" PRIu32 " (%" PRIu32 " entries armed)",
                     c->o.latency_bound, when, e, r->n);
        hx_imsr_set_kind(c,
                         cp == 3 ? HX_IMS_KIND_LOST : HX_IMS_KIND_NO_MESSAGE);
        return 0;
    }
    m = &c->mb.m[0];
    if ((kind = hx_imsr_msg_diff(m, e, r->addr[i], r->data[i])))
        return hx_imsr_fail_msg(c, cp, e, m, kind, r->addr[i], r->data[i], ex,
                                "%s: %s of index %" PRIu32 " emitted entry %" PRIu32
                                "'s message addr 0x%" PRIx64 " data 0x%" PRIx32, kind, when, e,
                                m->index, m->addr, m->data);
    TRY(hx_imsr_settle(c, 2 + service(c)));
    if (c->mb.n > 1)
        return hx_imsr_fail_msg(c, cp + 1, e, &c->mb.m[1], c->mb.m[1].index == e
                                ? HX_IMS_KIND_DUPLICATE : HX_IMS_KIND_OTHER_ENTRY,
                                r->addr[i], r->data[i], ex, "%s of index %" PRIu32
                                " emitted a second message, from entry %" PRIu32, when, e,
                                c->mb.m[1].index);
    c->mb.n = 0;
    return 0;
}

int hx_imsr_reach(struct hx_ims_ctx *c)
{
    struct reach r = { 0 };
    int rc = -ENOMEM;

    if (!hx_imsr_has(c, IMS_F_MASK))
        return hx_imsr_skip(c,
                            "the layout has no mask field (see IMS-R-MASK-01)");
    r.idx = reach_indices(c, &r.n);
    if (!r.idx)
        return rc;
    r.addr = malloc((size_t)r.n * sizeof(*r.addr));
    r.data = malloc((size_t)r.n * sizeof(*r.data));
    if (!r.addr || !r.data)
        goto out;
    for (uint32_t i = 0; i < r.n; i++)
        hx_imsr_rand_pair(c, &r.addr[i], &r.data[i]);
    /* 1-2. every index, all programmed and unmasked: its fire reaches its entry alone */
    for (uint32_t i = r.n; i-- > 0;)       /* top down: overlap is IMS-R-FIELDS-01's */
        if ((rc = hx_imsr_program(c, r.idx[i], r.addr[i], r.data[i],
                                  false)) < 0)
            goto out;
    if ((rc = hx_imsr_settle(c, c->o.latency_bound)) < 0)
        goto out;
    c->mb.n = 0;
    for (uint32_t i = 0; i < r.n && !hx_imsr_failed(c); i++)
        if ((rc = hx_imsr_fire(c, r.idx[i], 0, false)) < 0 ||
            (rc = reach_one(c, &r, i, 1, "the fire")) < 0)
            goto out;
    /* 3-4. all of them pending at once: each unmask releases its own entry alone */
    if (!hx_imsr_failed(c) && c->l->pending_on_mask) {
        if ((rc = hx_imsr_fresh(c)) < 0)
            goto out;
        for (uint32_t i = r.n; i-- > 0;)
            if ((rc = hx_imsr_program(c, r.idx[i], r.addr[i], r.data[i],
                                      true)) < 0)
                goto out;
        for (uint32_t i = 0; i < r.n; i++)
            if ((rc = hx_imsr_fire(c, r.idx[i], 0, false)) < 0)
                goto out;
        if ((rc = hx_imsr_settle(c, c->o.latency_bound)) < 0)
            goto out;
        if (c->mb.n) {
            hx_imsr_fail_msg(c, 4, HX_IMS_NO_ENTRY, &c->mb.m[0],
                             HX_IMS_KIND_LEAK,
                             c->mb.m[0].addr, c->mb.m[0].data, "nothing while every entry "
                             "is masked", "entry %" PRIu32 " emitted while masked",
                             c->mb.m[0].index);
            goto done;
        }
        for (uint32_t i = 0; i < r.n && !hx_imsr_failed(c); i++)
            if ((rc = hx_imsr_set_mask(c, r.idx[i], false)) < 0 ||
                (rc = reach_one(c, &r, i, 3, "the unmask")) < 0)
                goto out;
    }
done:
    rc = 0;
out:
    free(r.idx);
    free(r.addr);
    free(r.data);
    return rc;
}

/* ---- IMS-R-READY-01 -------------------------------------------------------- */

#define READY_ENTRIES 16u
#define READY_RANDOM_CYCLES 2000u
#define READY_STALLS 4u

/* What IMS-R-READY-01 expects: per entry, fires accepted and messages seen. */
struct ready {
    uint32_t n, e[READY_ENTRIES];
    uint64_t addr[READY_ENTRIES];
    uint32_t data[READY_ENTRIES];
    uint32_t fired[READY_ENTRIES], seen[READY_ENTRIES];
};

static int set_ready(struct hx_ims_ctx *c, bool r)
{
    return c->dut->ops->set_ready(c->dut->state, r);
}

/* Account the collected messages: each from an armed entry, with its pair, not one too many. */
static int ready_check(struct hx_ims_ctx *c, struct ready *rd,
                       const char *phase)
{
    for (size_t k = 0; k < c->mb.n; k++) {
        const struct ims_dut_msg *m = &c->mb.m[k];
        uint32_t i = 0;
        const char *kind;

        while (i < rd->n && rd->e[i] != m->index)
            i++;
        if (i == rd->n)
            return hx_imsr_fail_msg(c, 2, HX_IMS_NO_ENTRY, m,
                                    HX_IMS_KIND_OTHER_ENTRY,
                                    m->addr, m->data, "messages of the fired entries only",
                                    "message from entry %" PRIu32 ", never fired (%s)",
                                    m->index, phase);
        if ((kind = hx_imsr_msg_diff(m, rd->e[i], rd->addr[i], rd->data[i])))
            return hx_imsr_fail_msg(c, 2, rd->e[i], m, kind, rd->addr[i],
                                    rd->data[i],
                                    "each message with its entry's pair", "%s: entry %" PRIu32
                                    " emitted addr 0x%" PRIx64 " data 0x%" PRIx32 " (%s)",
                                    kind, rd->e[i], m->addr, m->data, phase);
        if (++rd->seen[i] > rd->fired[i])
            return hx_imsr_fail_msg(c, 3, rd->e[i], m, HX_IMS_KIND_DUPLICATE,
                                    rd->addr[i],
                                    rd->data[i], "one message per accepted fire",
                                    "entry %" PRIu32 ": message %" PRIu32 " for %" PRIu32
                                    " accepted fire(s) (%s)", rd->e[i], rd->seen[i],
                                    rd->fired[i], phase);
    }
    c->mb.n = 0;
    return 0;
}

/* Fire position @i (a timeout under back-pressure is not a fire: nothing is due). */
static int ready_fire(struct hx_ims_ctx *c, struct ready *rd, uint32_t i)
{
    int fr = hx_imsr_fire(c, rd->e[i], 0, false);

    TRY(fr);
    if (fr == IMS_DUT_FIRE_REFUSED)
        return hx_imsr_fail(c, 1, rd->e[i], hx_imsr_dcycle(c),
                            "fire accepted or held off "
                            "(irq_ready low)", "fire of a programmed, unmasked entry refused "
                            "under back-pressure");
    rd->fired[i] += fr == IMS_DUT_FIRE_ACCEPTED;
    return 0;
}

/* msg_ready high again: every accepted fire's message within B + n * service, once. */
static int ready_drain(struct hx_ims_ctx *c, struct ready *rd,
                       const char *phase)
{
    uint64_t t0, bound;
    uint32_t due = 0;

    TRY(set_ready(c, true));
    t0 = hx_imsr_dcycle(c);
    for (uint32_t i = 0; i < rd->n; i++)
        due += rd->fired[i] - rd->seen[i];
    bound = c->o.latency_bound + (uint64_t)due * service(c);
    for (;;) {
        bool all = true;

        TRY(hx_imsr_collect(c));
        TRY(ready_check(c, rd, phase));
        if (hx_imsr_failed(c))
            return 0;
        for (uint32_t i = 0; i < rd->n; i++)
            all &= rd->seen[i] == rd->fired[i];
        if (all)
            break;
        if (hx_imsr_dcycle(c) - t0 > bound) {
            uint32_t i = 0;

            while (rd->seen[i] == rd->fired[i])
                i++;
            hx_imsr_fail(c, 4, rd->e[i], hx_imsr_dcycle(c),
                         "every accepted fire's message "
                         "once msg_ready is high", "entry %" PRIu32 ": %" PRIu32 " of %" PRIu32
                         " message(s) %" PRIu64 " cycles after msg_ready rose (%s): lost",
                         rd->e[i], rd->seen[i], rd->fired[i], hx_imsr_dcycle(c) - t0, phase);
            hx_imsr_set_kind(c, "lost under back-pressure");
            return 0;
        }
        TRY(hx_imsr_clk(c, 1));
    }
    TRY(hx_imsr_settle(c, c->o.latency_bound));
    return ready_check(c, rd, phase);
}

int hx_imsr_ready(struct hx_ims_ctx *c)
{
    struct ready rd = { 0 };
    uint32_t pick[PICK_MAX];
    size_t k;

    if (!c->dut->ops->set_ready)
        return hx_imsr_skip(c,
                            "the design cannot be back-pressured (no set_ready)");
    k = hx_imsr_pick(c, pick, READY_ENTRIES);
    rd.n = (uint32_t)k;
    for (uint32_t i = rd.n; i-- > 0;) {
        rd.e[i] = pick[i];
        hx_imsr_rand_pair(c, &rd.addr[i], &rd.data[i]);
        TRY(hx_imsr_program(c, rd.e[i], rd.addr[i], rd.data[i], false));
    }
    TRY(hx_imsr_settle(c, c->o.latency_bound));
    c->mb.n = 0;
    /* 1-3. msg_ready random every cycle, fires arriving meanwhile */
    for (uint32_t t = 0; t < READY_RANDOM_CYCLES && !hx_imsr_failed(c); t++) {
        TRY(set_ready(c, hx_imsr_below(c, 2)));
        if (hx_imsr_below(c, 2))
            TRY(ready_fire(c, &rd, hx_imsr_below(c, rd.n)));
        else
            TRY(hx_imsr_clk(c, 1));
        TRY(hx_imsr_collect(c));
        TRY(ready_check(c, &rd, "msg_ready random"));
    }
    if (!hx_imsr_failed(c))
        TRY(ready_drain(c, &rd, "msg_ready random"));
    /* 4. long stalls: msg_ready low for 1 to 4 x B cycles, fires meanwhile */
    for (uint32_t s = 0; s < READY_STALLS && !hx_imsr_failed(c); s++) {
        uint64_t len = (uint64_t)c->o.latency_bound * (1 + hx_imsr_below(c, 4));
        uint64_t t0;

        TRY(set_ready(c, false));
        t0 = hx_imsr_dcycle(c);
        while (hx_imsr_dcycle(c) - t0 < len && !hx_imsr_failed(c)) {
            TRY(ready_fire(c, &rd, hx_imsr_below(c, rd.n)));
            TRY(hx_imsr_clk(c, hx_imsr_below(c, 8)));
            TRY(hx_imsr_collect(c));
            TRY(ready_check(c, &rd, "long stall"));
        }
        if (!hx_imsr_failed(c))
            TRY(ready_drain(c, &rd, "long stall"));
    }
    return set_ready(c, true);
}
