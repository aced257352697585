/* SPDX-License-Identifier: MIT */
/*
 * ir_iec.c - the interrupt entry cache (VT-d 6.4) and its invalidation
 * through the IEC invalidate descriptor (VT-d 6.5.2.8; 6.5.2.7 in rev.
 * 3.x), with interrupt draining (VT-d 6.5.5).
 *
 * The IEC is a fully associative array of IRTE copies tagged by
 * interrupt_index.  It never looks at memory again for a cached index:
 * only an invalidation removes an entry, so a changed IRTE keeps being
 * served stale until software invalidates it.
 */
#include "ir_internal.h"

#include <assert.h>
#include <errno.h>
#include <stdlib.h>

#include "models/trace-events.h"
#include "sim/trace.h"

int ir__iec_init(struct ir_unit *u)
{
    if (u->cfg.iec_entries == 0)
        return 0;
    u->iec = calloc(u->cfg.iec_entries, sizeof(*u->iec));
    return u->iec ? 0 : -ENOMEM;
}

void ir__iec_fini(struct ir_unit *u)
{
    free(u->iec);
    u->iec = NULL;
}

static struct iec_slot *find(const struct ir_unit *u, uint32_t index)
{
    for (unsigned i = 0; i < u->cfg.iec_entries; i++)
        if (u->iec[i].valid && u->iec[i].index == index)
            return &u->iec[i];
    return NULL;
}

bool ir__iec_lookup(struct ir_unit *u, uint32_t index, struct irte *out)
{
    struct iec_slot *s = find(u, index);

    u->stats.iec_lookups++;
    if (!s) {
        u->stats.iec_misses++;
        return false;
    }
    u->stats.iec_hits++;
    if (u->cfg.iec_policy == IR_IEC_LRU)
        s->stamp = ++u->iec_clock;
    *out = s->e;
    return true;
}

void ir__iec_fill(struct ir_unit *u, uint32_t index, const struct irte *e)
{
    struct iec_slot *s;
    bool evicted = false;

    if (u->cfg.iec_entries == 0)
        return;
    /* two misses on one index in flight: the second read refreshes it */
    s = find(u, index);
    if (!s) {
        for (unsigned i = 0; i < u->cfg.iec_entries; i++) {
            struct iec_slot *c = &u->iec[i];

            if (!c->valid) {
                s = c;
                break;
            }
            /* LRU: least recently used; FIFO: oldest fill */
            if (!s || c->stamp < s->stamp)
                s = c;
        }
        evicted = s->valid;
        if (evicted)
            u->stats.iec_evictions++;
    }
    s->valid = true;
    s->index = index;
    s->e = *e;
    s->stamp = ++u->iec_clock;
    u->stats.iec_fills++;
    SIM_TRACE(u->cfg.sim, TP_IR_IEC_FILL, index,
              (uint64_t)(s - u->iec), evicted);
}

/* VT-d 6.5.2.8 Table 25: IM = n ignores index bits n-1:0 (2^n entries) */
static bool covers(const struct ir_iec_inv *d, uint32_t index)
{
    if (d->global)
        return true;
    if (d->im >= 32)
        return true;
    return (index >> d->im) == ((uint32_t)d->iidx >> d->im);
}

unsigned ir__iec_drop(struct ir_unit *u, const struct ir_iec_inv *d)
{
    unsigned n = 0;

    for (unsigned i = 0; i < u->cfg.iec_entries; i++) {
        if (u->iec[i].valid && covers(d, u->iec[i].index)) {
            u->iec[i].valid = false;
            n++;
        }
    }
    return n;
}

bool ir_iec_peek(const struct ir_unit *u, uint32_t index, struct irte *out)
{
    const struct iec_slot *s = find(u, index);

    if (s && out)
        *out = s->e;
    return s != NULL;
}

unsigned ir_iec_used(const struct ir_unit *u)
{
    unsigned n = 0;

    for (unsigned i = 0; i < u->cfg.iec_entries; i++)
        n += u->iec[i].valid;
    return n;
}

/* ---- descriptors --------------------------------------------------------- */

uint64_t ir_iec_desc_encode(const struct ir_iec_inv *d)
{
    assert(d->im < 32);
    /* VT-d 6.5.2.8, Figure 6-8: Type 3:0 = 4, G 4, IM 31:27, IIDX 47:32 */
    return IR_QI_TYPE_IEC |
           (d->global ? 0 : IR_QI_IEC_G) |
           ((uint64_t)d->im << IR_QI_IEC_IM_SHIFT) |
           ((uint64_t)d->iidx << IR_QI_IEC_IIDX_SHIFT);
}

int ir_iec_desc_decode(uint64_t qw0, uint64_t qw1, struct ir_iec_inv *d)
{
    /* VT-d 6.5.2: the type is bits 11:9 concatenated with bits 3:0 */
    if ((qw0 & IR_QI_TYPE_LO_MASK) != IR_QI_TYPE_IEC ||
        (qw0 & IR_QI_TYPE_HI_MASK) != 0)
        return -EINVAL;
    /* VT-d 6.5.2.8: everything else is RsvdZ, including qw1 */
    if ((qw0 & IR_QI_IEC_RSVD_MASK) || qw1)
        return -EINVAL;
    d->global = !(qw0 & IR_QI_IEC_G);
    d->im = (uint8_t)((qw0 & IR_QI_IEC_IM_MASK) >> IR_QI_IEC_IM_SHIFT);
    d->iidx = (uint16_t)((qw0 & IR_QI_IEC_IIDX_MASK) >> IR_QI_IEC_IIDX_SHIFT);
    return 0;
}

/* ---- invalidation in time ------------------------------------------------ */

/* Complete, in order, the invalidations whose draining is over. */
void ir__inv_drain_check(struct ir_unit *u)
{
    while (u->inv_head && u->inv_head->effective &&
           (!u->req_head || u->req_head->res.seq >= u->inv_head->drain_seq)) {
        struct ir_inv *v = u->inv_head;

        u->inv_head = v->next;
        if (!u->inv_head)
            u->inv_tail = NULL;
        u->stats.iec_invalidations++;
        SIM_TRACE(u->cfg.sim, TP_IR_IEC_INV_DONE, v->d.global, v->d.iidx,
                  v->d.im, v->dropped);
        if (v->done)
            v->done(v->ctx);
        free(v);
    }
}

static void inv_effect(struct sim *sim, void *arg)
{
    struct ir_inv *v = arg;
    struct ir_unit *u = v->u;

    (void)sim;
    v->ev = 0;
    v->dropped = ir__iec_drop(u, &v->d);
    u->stats.iec_dropped += v->dropped;
    v->effective = true;
    /* VT-d 6.5.2.8: drain requests already processed with old entries */
    v->drain_seq = u->next_seq;
    ir__inv_drain_check(u);
}

int ir_invalidate_iec(struct ir_unit *u, bool global, uint16_t iidx,
                      unsigned im, ir_done_fn done, void *ctx)
{
    struct ir_inv *v;
    sim_time_t now = sim_now(u->cfg.sim);
    sim_time_t start, end;
    int rc;

    if (im > 31)
        return -EINVAL;
    v = calloc(1, sizeof(*v));
    if (!v)
        return -ENOMEM;
    v->u = u;
    v->d = (struct ir_iec_inv){ .global = global, .iidx = iidx,
                                .im = (uint8_t)im };
    v->done = done;
    v->ctx = ctx;
    /* descriptors are processed one at a time, in queue order */
    start = u->qi_busy_until > now ? u->qi_busy_until : now;
    end = sim_time_add(start, cost_ps(u->cfg.cost, COST_IEC_INVAL));
    rc = sim_schedule_at(u->cfg.sim, end, SIM_PRIO_HW, inv_effect, v, &v->ev);
    if (rc) {
        free(v);
        return rc;
    }
    u->qi_busy_until = end;
    if (u->inv_tail)
        u->inv_tail->next = v;
    else
        u->inv_head = v;
    u->inv_tail = v;
    SIM_TRACE(u->cfg.sim, TP_IR_IEC_INV, global, iidx, im);
    return 0;
}

int ir_qi_submit(struct ir_unit *u, uint64_t qw0, uint64_t qw1,
                 ir_done_fn done, void *ctx)
{
    struct ir_iec_inv d;
    int rc;

    if ((qw0 & IR_QI_TYPE_LO_MASK) != IR_QI_TYPE_IEC ||
        (qw0 & IR_QI_TYPE_HI_MASK) != 0)
        return -EOPNOTSUPP;
    rc = ir_iec_desc_decode(qw0, qw1, &d);
    if (rc)
        return rc;
    return ir_invalidate_iec(u, d.global, d.iidx, d.im, done, ctx);
}

void ir__inv_cancel_all(struct ir_unit *u)
{
    while (u->inv_head) {
        struct ir_inv *v = u->inv_head;

        if (v->ev)
            sim_cancel(u->cfg.sim, v->ev);
        u->inv_head = v->next;
        free(v);
    }
    u->inv_tail = NULL;
}
