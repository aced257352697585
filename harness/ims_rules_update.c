/* SPDX-License-Identifier: MIT */
/*
 * ims_rules_update.c - the rules about updates, requesters and indices: TORN,
 * PASID, RANGE
 * (conventions every rule shares: ims_rules.c).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/ims_rules_int.h"

/* ---- IMS-R-TORN-01 --------------------------------------------------------- */

#define TORN_ROUNDS 4
#define TORN_ENTRIES 3

/* Fire the entry 1..3 times with 0..3 idle cycles after each. */
static int burst(struct hx_ims_ctx *c, uint32_t e)
{
    uint32_t k = 1 + hx_imsr_below(c, 3);

    for (uint32_t i = 0; i < k; i++) {
        TRY(hx_imsr_fire(c, e, 0, false));
        TRY(hx_imsr_clk(c, hx_imsr_below(c, 4)));
    }
    return 0;
}

/* "mask,addr_lo,addr_hi,data,commit,unmask"; @commit: "commit", "SET_PAIR" or NULL */
static void order_name(char *buf, size_t len, const enum ims_field_id *ord, size_t n,
                       bool masked, const char *commit)
{
    size_t o = 0;

    o += (size_t)snprintf(buf + o, len - o, "%s", masked ? "mask," : "");
    for (size_t i = 0; i < n && o < len; i++)
        o += (size_t)snprintf(buf + o, len - o, "%s%s", ims_field_name(ord[i]),
                              i + 1 < n ? "," : "");
    if (o < len && commit)
        o += (size_t)snprintf(buf + o, len - o, ",%s", commit);
    if (o < len && masked)
        snprintf(buf + o, len - o, ",unmask");
}

/*
 * One update of entry @e from (oa, od) to a new pair with the writes in @ord.
 * hostmem: the writes stage the pair in the command block and one SET_PAIR
 * applies it, with the entry fired at random times while it runs.
 */
static int torn_once(struct hx_ims_ctx *c, uint32_t e, const enum ims_field_id *ord,
                     size_t n, bool masked)
{
    bool commit = !c->hostmem && c->l->update == IMS_UPDATE_ON_COMMIT;
    uint64_t oa, na;
    uint32_t od, nd;
    const char *kind;
    char proc[80], ex[96];

    TRY(hx_imsr_fresh(c));
    hx_imsr_rand_pair(c, &oa, &od);
    do
        hx_imsr_rand_pair(c, &na, &nd);
    while ((uint32_t)na == (uint32_t)oa || nd == od ||
           (hx_imsr_has(c, IMS_F_ADDR_HI) && hx_imsr_vmask(&c->l->field[IMS_F_ADDR_HI]) &&
            na >> 32 == oa >> 32));
    TRY(hx_imsr_program(c, e, oa, od, false));
    TRY(hx_imsr_settle(c, c->o.latency_bound));
    c->mb.n = 0;
    /* the update, with fires before and after every write */
    if (masked) {
        TRY(burst(c, e));
        TRY(hx_imsr_set_mask(c, e, true));
    }
    for (size_t i = 0; i < n; i++) {
        uint32_t v = ord[i] == IMS_F_ADDR_LO ? (uint32_t)na
                   : ord[i] == IMS_F_ADDR_HI ? (uint32_t)(na >> 32) : nd;

        TRY(burst(c, e));
        if (c->hostmem)
            TRY(hx_imsr_blk_write(c, hx_imsr_pair_reg(ord[i]), v));
        else
            TRY(hx_imsr_field_write(c, e, ord[i], v));
    }
    if (commit) {
        TRY(burst(c, e));
        TRY(hx_imsr_field_write(c, e, IMS_F_COMMIT, 1));
    }
    if (c->hostmem) {
        TRY(burst(c, e));
        TRY(hx_imsr_cmd(c, e, IMS_CMD_OP_SET_PAIR, e, NULL));
    }
    if (masked) {
        TRY(burst(c, e));
        TRY(hx_imsr_set_mask(c, e, false));
    }
    TRY(burst(c, e));
    TRY(hx_imsr_settle(c, c->o.latency_bound));
    order_name(proc, sizeof(proc), ord, n, masked,
               c->hostmem ? "SET_PAIR" : commit ? "commit" : NULL);
    snprintf(ex, sizeof(ex), "old 0x%" PRIx64 "/0x%" PRIx32 " or new 0x%" PRIx64 "/0x%" PRIx32,
             oa, od, na, nd);
    for (size_t i = 0; i < c->mb.n; i++) {
        const struct ims_dut_msg *m = &c->mb.m[i];
        const char *kind = hx_imsr_update_diff(m, e, oa, od, na, nd);
        bool old = m->data == od;

        if (!kind)
            continue;
        return hx_imsr_fail_msg(c, 1, e, m, kind, old ? oa : na, old ? od : nd, ex,
                                "%s: message from entry %" PRIu32 " addr 0x%" PRIx64
                                " data 0x%" PRIx32 " during update %s", kind, m->index,
                                m->addr, m->data, proc);
    }
    /* after the update a fire must emit the new pair (the update took effect) */
    c->mb.n = 0;
    TRY(hx_imsr_fire(c, e, 0, false));
    TRY(hx_imsr_wait_msgs(c, 1, c->o.latency_bound));
    snprintf(ex, sizeof(ex), "new pair 0x%" PRIx64 "/0x%" PRIx32 " after the update", na, nd);
    if (c->mb.n == 0)
        return hx_imsr_fail(c, 2, e, hx_imsr_dcycle(c), ex,
                            "after update %s a fire emitted nothing", proc);
    if ((kind = hx_imsr_msg_diff(&c->mb.m[0], e, na, nd)))
        return hx_imsr_fail_msg(c, 2, e, &c->mb.m[0], kind, na, nd, ex,
                                "%s: after update %s a fire emitted (entry %" PRIu32 ") addr 0x%"
                                PRIx64 " data 0x%" PRIx32, kind, proc, c->mb.m[0].index,
                                c->mb.m[0].addr, c->mb.m[0].data);
    return hx_imsr_settle(c, c->o.latency_bound);
}

static bool next_perm(enum ims_field_id *a, size_t n)
{
    size_t i, j;

    if (n < 2)
        return false;
    for (i = n - 1; i > 0 && a[i - 1] >= a[i]; i--)
        ;
    if (i == 0)
        return false;
    for (j = n - 1; a[j] <= a[i - 1]; j--)
        ;
    enum ims_field_id t = a[i - 1];
    a[i - 1] = a[j];
    a[j] = t;
    for (j = n - 1; i < j; i++, j--) {
        t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
    return true;
}

int hx_imsr_torn(struct hx_ims_ctx *c)
{
    const struct ims_layout *l = c->l;
    enum ims_field_id ord[3];
    uint32_t ents[TORN_ENTRIES];
    size_t n = 0, k;

    if (l->mask_for_update && !hx_imsr_has(c, IMS_F_MASK))
        return hx_imsr_skip(c, "the layout needs a masked update and has no mask field");
    if (!c->hostmem && l->update == IMS_UPDATE_ON_COMMIT && !hx_imsr_has(c, IMS_F_COMMIT))
        return hx_imsr_skip(c, "update on-commit without a commit field");
    ord[n++] = IMS_F_ADDR_LO;
    if (hx_imsr_has(c, IMS_F_ADDR_HI) || c->hostmem)    /* the block always has ADDR_HI */
        ord[n++] = IMS_F_ADDR_HI;
    ord[n++] = IMS_F_DATA;
    k = hx_imsr_pick(c, ents, TORN_ENTRIES);
    /*
     * Every procedure the descriptor allows: any write order, except that
     * update on-data commits on the data write, so data comes last; masked
     * (mask first, unmask last) always, unmasked too unless mask_for_update.
     * hostmem: any order of staging ADDR_LO, ADDR_HI, DATA, then SET_PAIR.
     */
    do {
        if (l->update == IMS_UPDATE_ON_DATA && ord[n - 1] != IMS_F_DATA)
            continue;
        for (int masked = l->mask_for_update || !hx_imsr_has(c, IMS_F_MASK) ? 1 : 0;
             masked < 2 && !hx_imsr_failed(c); masked++) {
            bool m = masked && hx_imsr_has(c, IMS_F_MASK);

            for (size_t i = 0; i < k && !hx_imsr_failed(c); i++)
                for (int r = 0; r < TORN_ROUNDS && !hx_imsr_failed(c); r++)
                    TRY(torn_once(c, ents[i], ord, n, m));
        }
    } while (!hx_imsr_failed(c) && next_perm(ord, n));
    return 0;
}

/* ---- IMS-R-PASID-01 -------------------------------------------------------- */

int hx_imsr_pasid(struct hx_ims_ctx *c)
{
    uint32_t ents[PICK_MAX], pm;
    size_t k;

    if (!hx_imsr_has(c, IMS_F_PASID_EN) || !hx_imsr_has(c, IMS_F_PASID))
        return hx_imsr_skip(c, "the layout has no PASID enable and PASID fields");
    pm = hx_imsr_vmask(&c->l->field[IMS_F_PASID]) & 0xFFFFF;    /* PASIDs are 20 bits */
    if (pm == 0)
        return hx_imsr_skip(c, "the PASID field holds no PASID bits");
    k = hx_imsr_pick_default(c, ents);
    for (size_t i = 0; i < k; i++) {
        uint32_t e = ents[i];
        uint32_t p = pm == 1 ? 1 : 1 + hx_imsr_below(c, pm);
        uint32_t q = pm == 1 ? 0 : (p + 1 + hx_imsr_below(c, pm - 1)) & pm;
        uint64_t addr;
        uint32_t data;
        int fr;

        if (q == p)
            q = (p + 1) & pm;
        TRY(hx_imsr_fresh(c));
        hx_imsr_rand_pair(c, &addr, &data);
        TRY(hx_imsr_program(c, e, addr, data, true));
        TRY(hx_imsr_field_write(c, e, IMS_F_PASID, p));
        TRY(hx_imsr_field_write(c, e, IMS_F_PASID_EN, 1));
        TRY(hx_imsr_set_mask(c, e, false));
        c->mb.n = 0;
        /* 1. another PASID is refused */
        TRY(fr = hx_imsr_fire(c, e, q, true));
        if (fr != IMS_DUT_FIRE_REFUSED)
            return hx_imsr_fail(c, 1, e, hx_imsr_dcycle(c), "refused (PASID mismatch)",
                        "entry PASID 0x%" PRIx32 " enabled, fire with PASID 0x%" PRIx32
                        " %s", p, q, hx_imsr_fire_name(fr));
        /* 2. no PASID is refused */
        TRY(fr = hx_imsr_fire(c, e, 0, false));
        if (fr != IMS_DUT_FIRE_REFUSED)
            return hx_imsr_fail(c, 2, e, hx_imsr_dcycle(c), "refused (no PASID)",
                        "entry PASID 0x%" PRIx32 " enabled, fire without a PASID %s", p,
                        hx_imsr_fire_name(fr));
        /* 3. a refused request emits nothing */
        TRY(hx_imsr_settle(c, c->o.latency_bound));
        if (c->mb.n)
            return hx_imsr_fail_msg(c, 3, e, &c->mb.m[0], HX_IMS_KIND_LEAK, addr, data,
                                    "no message for a refused fire",
                        "a refused fire emitted addr 0x%" PRIx64 " data 0x%" PRIx32,
                        c->mb.m[0].addr, c->mb.m[0].data);
        /* 4. the entry's own PASID is served */
        TRY(fr = hx_imsr_fire(c, e, p, true));
        TRY(hx_imsr_wait_msgs(c, 1, c->o.latency_bound));
        if (fr != IMS_DUT_FIRE_ACCEPTED || c->mb.n != 1)
            return hx_imsr_fail(c, 4, e, hx_imsr_dcycle(c), "own PASID accepted, 1 message",
                        "fire with the entry's PASID 0x%" PRIx32 " %s, %zu message(s)", p,
                        hx_imsr_fire_name(fr), c->mb.n);
        /* 5. PASID enable clear serves any requester */
        TRY(hx_imsr_field_write(c, e, IMS_F_PASID_EN, 0));
        TRY(hx_imsr_settle(c, c->o.latency_bound));
        c->mb.n = 0;
        TRY(fr = hx_imsr_fire(c, e, q, true));
        TRY(hx_imsr_wait_msgs(c, 1, c->o.latency_bound));
        if (fr != IMS_DUT_FIRE_ACCEPTED || c->mb.n != 1)
            return hx_imsr_fail(c, 5, e, hx_imsr_dcycle(c),
                        "PASID enable clear: accepted, 1 message",
                        "PASID enable clear, fire with PASID 0x%" PRIx32 " %s, %zu message(s)",
                        q, hx_imsr_fire_name(fr), c->mb.n);
        TRY(hx_imsr_set_mask(c, e, true));
        TRY(hx_imsr_settle(c, c->o.latency_bound));
    }
    return 0;
}

/* ---- IMS-R-RANGE-01 -------------------------------------------------------- */

int hx_imsr_range(struct hx_ims_ctx *c)
{
    uint32_t n = c->l->entries;
    uint32_t idx[6];
    size_t k = 0;

    /* entries an out-of-range index would alias to are live */
    for (uint32_t e = 0; e < n; e += n - 1 ? n - 1 : 1) {
        uint64_t addr;
        uint32_t data;

        hx_imsr_rand_pair(c, &addr, &data);
        TRY(hx_imsr_program(c, e, addr, data, false));
    }
    idx[k++] = n;
    idx[k++] = n + 1;
    idx[k++] = n + hx_imsr_below(c, n + 16);
    idx[k++] = n * 2 - 1 > n ? n * 2 - 1 : n;
    idx[k++] = 0x10000 > n ? 0x10000 : n + 2;
    idx[k++] = UINT32_MAX;
    TRY(hx_imsr_settle(c, c->o.latency_bound));
    c->mb.n = 0;
    for (size_t i = 0; i < k; i++) {
        int fr = hx_imsr_fire(c, idx[i], 0, false);

        TRY(fr);
        if (fr != IMS_DUT_FIRE_REFUSED)
            return hx_imsr_fail(c, 1, idx[i], hx_imsr_dcycle(c), "refused (index out of range)",
                        "fire of index %" PRIu32 " (table has %" PRIu32 " entries) %s",
                        idx[i], n, hx_imsr_fire_name(fr));
    }
    TRY(hx_imsr_settle(c, c->o.latency_bound));
    if (c->mb.n)
        return hx_imsr_fail(c, 2, c->mb.m[0].index, c->mb.m[0].cycle, "no message",
                    "out-of-range fires emitted %zu message(s), first from index %" PRIu32,
                    c->mb.n, c->mb.m[0].index);
    /* 3. hostmem: a command naming such an index ends with STATUS.error */
    for (size_t i = 0; c->hostmem && i < k; i += k - 1) {
        uint32_t st;

        TRY(hx_imsr_cmd_go(c, idx[i], IMS_CMD_OP_READ, HX_IMS_NO_ENTRY, &st));
        if (!(st & IMS_CMD_STS_ERROR))
            return hx_imsr_fail(c, 3, idx[i], hx_imsr_dcycle(c),
                                "STATUS.error (index out of range)",
                        "READ of index %" PRIu32 " (table has %" PRIu32 " entries) ended "
                        "with STATUS 0x%" PRIx32, idx[i], n, st);
    }
    return 0;
}

