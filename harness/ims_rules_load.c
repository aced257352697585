/* SPDX-License-Identifier: MIT */
/*
 * ims_rules_load.c - the rules about service under load: FAIR
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
};

/* Match every collected message to the oldest outstanding fire of its entry. */
static int fair_match(struct hx_ims_ctx *c, struct fair *fr)
{
    for (size_t i = 0; i < c->mb.n; i++) {
        const struct ims_dut_msg *m = &c->mb.m[i];
        uint32_t k;

        if (m->index >= c->l->entries || fr->head[m->index] == UINT32_MAX)
            return hx_imsr_fail(c, 3, m->index, m->cycle, "one message per accepted fire",
                        "message for entry %" PRIu32 " with no fire outstanding", m->index);
        k = fr->head[m->index];
        fr->head[m->index] = fr->f[k].next;
        if (fr->head[m->index] == UINT32_MAX)
            fr->tail[m->index] = UINT32_MAX;
        fr->f[k].done = true;
        if (m->cycle - fr->f[k].cycle > c->o.latency_bound)
            return hx_imsr_fail(c, 4, m->index, m->cycle, "message within the bound",
                        "message %" PRIu64 " cycles after its fire (bound %" PRIu32 ")",
                        m->cycle - fr->f[k].cycle, c->o.latency_bound);
    }
    c->mb.n = 0;
    while (fr->oldest < fr->nf && fr->f[fr->oldest].done)
        fr->oldest++;
    if (fr->oldest < fr->nf && hx_imsr_dcycle(c) - fr->f[fr->oldest].cycle > c->o.latency_bound)
        return hx_imsr_fail(c, 4, fr->f[fr->oldest].entry, hx_imsr_dcycle(c),
                            "message within the bound",
                    "no message %" PRIu64 " cycles after the fire at cycle %" PRIu64
                    " (bound %" PRIu32 "): starved", hx_imsr_dcycle(c) - fr->f[fr->oldest].cycle,
                    fr->f[fr->oldest].cycle - c->c0, c->o.latency_bound);
    return 0;
}

int hx_imsr_fair(struct hx_ims_ctx *c)
{
    uint32_t n = c->l->entries;
    uint32_t total = c->o.fair_fires > n ? c->o.fair_fires : n;
    struct fair fr = { 0 };
    int rc = -ENOMEM;

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
    /* back to back, round robin over every entry */
    for (uint32_t i = 0; i < total && !hx_imsr_failed(c); i++) {
        uint32_t e = i % n;
        int r = hx_imsr_fire(c, e, 0, false);

        if (r < 0) {
            rc = r;
            goto out;
        }
        if (r != IMS_DUT_FIRE_ACCEPTED) {
            hx_imsr_fail(c, r == IMS_DUT_FIRE_REFUSED ? 1 : 2, e, hx_imsr_dcycle(c),
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
        if ((rc = hx_imsr_collect(c)) < 0 || (rc = fair_match(c, &fr)) < 0)
            goto out;
    }
    /* drain: every outstanding fire must still be served within the bound */
    for (uint32_t t = 0; !hx_imsr_failed(c) && t <= c->o.latency_bound + 1; t++) {
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

