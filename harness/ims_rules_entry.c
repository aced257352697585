/* SPDX-License-Identifier: MIT */
/*
 * ims_rules_entry.c - the rules about one entry at a time: FIELDS, RESET, MASK,
 * PEND, MSG
 * (conventions every rule shares: ims_rules.c).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/ims_rules_int.h"

/* ---- IMS-R-FIELDS-01 ------------------------------------------------------- */

static const enum ims_field_id rb_fields[] = {
    IMS_F_ADDR_LO, IMS_F_ADDR_HI, IMS_F_DATA, IMS_F_PASID, IMS_F_PASID_EN, IMS_F_MASK,
};
#define N_RB (sizeof(rb_fields) / sizeof(rb_fields[0]))

/* Read fields rb_fields[from..to) of every entry back against @pat. */
static int read_back(struct hx_ims_ctx *c, const uint32_t *pat, size_t from, size_t to,
                     unsigned cp)
{
    for (uint32_t e = 0; e < c->l->entries && !hx_imsr_failed(c); e++) {
        const uint32_t *p = pat + (size_t)e * N_RB;
        uint32_t all[IMS_F__COUNT];

        /* one READ per entry on hostmem; per field on mmio (read order kept) */
        if (c->hostmem)
            TRY(hx_imsr_entry_read(c, e, all));
        for (size_t i = from; i < to; i++) {
            const struct ims_field *fd = &c->l->field[rb_fields[i]];
            char ex[96], at[48];
            uint32_t v;

            if (!fd->present)
                continue;
            if (c->hostmem)
                v = all[rb_fields[i]];
            else
                TRY(hx_imsr_field_read(c, e, rb_fields[i], &v));
            if (v == (p[i] & hx_imsr_fmask(fd)))
                continue;
            snprintf(ex, sizeof(ex), "%s reads back 0x%" PRIx32, ims_field_name(rb_fields[i]),
                     p[i] & hx_imsr_fmask(fd));
            hx_imsr_field_where(c, e, rb_fields[i], at, sizeof(at));
            return hx_imsr_fail(c, cp, e, hx_imsr_dcycle(c), ex,
                        "%s %s reads 0x%" PRIx32 " after every entry was written",
                        ims_field_name(rb_fields[i]), at, v);
        }
    }
    return 0;
}

int hx_imsr_fields(struct hx_ims_ctx *c)
{
    const struct ims_layout *l = c->l;
    uint32_t n = l->entries;
    uint32_t *pat = calloc((size_t)n * N_RB, sizeof(*pat));
    int rc = -ENOMEM;

    if (!pat)
        return rc;
    /* every field of every entry gets its own random pattern, masked */
    for (uint32_t e = 0; e < n; e++) {
        uint32_t *p = pat + (size_t)e * N_RB;
        uint64_t addr;
        uint32_t data;

        hx_imsr_rand_pair(c, &addr, &data);
        p[0] = (uint32_t)addr;
        p[1] = (uint32_t)(addr >> 32);
        p[2] = data;
        p[3] = hx_imsr_rnd32(c) & hx_imsr_vmask(&l->field[IMS_F_PASID]);
        p[4] = e & 1;
        p[5] = hx_imsr_fmask(&l->field[IMS_F_MASK]);
        if ((rc = hx_imsr_set_mask(c, e, true)) < 0 ||
            (rc = hx_imsr_field_write(c, e, IMS_F_PASID, p[3])) < 0 ||
            (rc = hx_imsr_field_write(c, e, IMS_F_PASID_EN, p[4])) < 0 ||
            (rc = hx_imsr_write_pair(c, e, addr, data)) < 0)
            goto out;
    }
    /* 1. the control fields read back what was written */
    if ((rc = read_back(c, pat, 3, N_RB, 1)) < 0)
        goto out;
    /* 2-5. fire each entry, unmasked, with its PASID: the message carries its pair */
    for (uint32_t e = 0; e < n && !hx_imsr_failed(c); e++) {
        const uint32_t *p = pat + (size_t)e * N_RB;
        uint64_t addr = (uint64_t)p[1] << 32 | p[0];
        const char *kind;
        char ex[96];
        int fr;

        c->mb.n = 0;
        if ((rc = hx_imsr_set_mask(c, e, false)) < 0 || (fr = hx_imsr_fire(c, e, p[3],
                                                                           true)) < 0) {
            rc = rc < 0 ? rc : fr;
            goto out;
        }
        if (fr != IMS_DUT_FIRE_ACCEPTED) {
            hx_imsr_fail(c, 2, e, hx_imsr_dcycle(c), "fire accepted",
                 "fire of entry %" PRIu32 " with its own PASID 0x%" PRIx32 " %s", e,
                 p[3], hx_imsr_fire_name(fr));
            break;
        }
        if ((rc = hx_imsr_wait_msgs(c, 1, c->o.latency_bound)) < 0)
            goto out;
        snprintf(ex, sizeof(ex), "addr 0x%" PRIx64 " data 0x%" PRIx32, addr, p[2]);
        if (c->mb.n == 0) {
            hx_imsr_fail(c, 3, e, hx_imsr_dcycle(c), ex,
                         "no message within %" PRIu32 " cycles of the fire",
                 c->o.latency_bound);
            break;
        }
        if ((kind = hx_imsr_msg_diff(&c->mb.m[0], e, addr, p[2]))) {
            hx_imsr_fail_msg(c, 4, e, &c->mb.m[0], kind, addr, p[2], ex,
                             "%s: message index %" PRIu32 " addr 0x%" PRIx64 " data 0x%"
                             PRIx32 " (written fields did not land in entry %" PRIu32 ")",
                             kind, c->mb.m[0].index, c->mb.m[0].addr, c->mb.m[0].data, e);
            break;
        }
        if ((rc = hx_imsr_set_mask(c, e, true)) < 0 || (rc = hx_imsr_settle(c, 2)) < 0)
            goto out;
        if (c->mb.n > 1) {
            const struct ims_dut_msg *m = &c->mb.m[1];

            hx_imsr_fail_msg(c, 5, e, m, m->index == e ? HX_IMS_KIND_DUPLICATE
                                                       : HX_IMS_KIND_OTHER_ENTRY,
                             addr, p[2], "one message per fire",
                             "%zu messages for one fire, the second from entry %" PRIu32,
                             c->mb.n, m->index);
            break;
        }
    }
    /* 6. the pair fields read back too (after the fires: staged pairs are live) */
    if (!hx_imsr_failed(c) && (rc = read_back(c, pat, 0, 3, 6)) < 0)
        goto out;
    rc = 0;
out:
    free(pat);
    return rc;
}

/* ---- IMS-R-RESET-01 -------------------------------------------------------- */

/*
 * Leave the table as far from its reset state as the rules can: every entry
 * programmed with its own pair, the even ones unmasked, the odd ones masked
 * and fired (pending), then assert reset.  What reset does not clear shows
 * in the checks after it, whatever the power-up contents were.
 */
static int dirty_reset(struct hx_ims_ctx *c)
{
    for (uint32_t e = 0; e < c->l->entries; e++) {
        uint64_t addr;
        uint32_t data;

        hx_imsr_rand_pair(c, &addr, &data);
        TRY(hx_imsr_program(c, e, addr, data, e & 1));
        if (e & 1)
            TRY(hx_imsr_fire(c, e, 0, false));
    }
    TRY(hx_imsr_settle(c, c->o.latency_bound));
    return hx_imsr_fresh(c);
}

/* Any message now fails checkpoint @cp: nothing is due from a reset table. */
static int none_after_reset(struct hx_ims_ctx *c, unsigned cp, const char *ex,
                            const char *what)
{
    const struct ims_dut_msg *m;

    TRY(hx_imsr_settle(c, c->o.latency_bound));
    if (!c->mb.n)
        return 0;
    m = &c->mb.m[0];
    return hx_imsr_fail_msg(c, cp, m->index, m, cp == 4 ? HX_IMS_KIND_LOST_RESET
                                                        : HX_IMS_KIND_LEAK,
                            m->addr, m->data, ex, "%s emitted %zu message(s), the first "
                            "from entry %" PRIu32 " (addr 0x%" PRIx64 " data 0x%" PRIx32 ")",
                            what, c->mb.n, m->index, m->addr, m->data);
}

/*
 * 5. The design leaves reset as its descriptor says, unmasked
 * (reset_masked: false), which is itself the defect: an entry fired before
 * software programs it sends its reset pair.  Shown on entry 0.
 */
static int unmasked_reset(struct hx_ims_ctx *c)
{
    static const char ex[] = "masked after reset (MSI-X: Mask Bit resets to 1)";
    int fr;

    TRY(dirty_reset(c));
    TRY(fr = hx_imsr_fire(c, 0, 0, false));
    TRY(hx_imsr_wait_msgs(c, 1, c->o.latency_bound));
    if (c->mb.n)
        return hx_imsr_fail_msg(c, 5, 0, &c->mb.m[0], HX_IMS_KIND_LEAK, 0, 0, ex,
                                "descriptor declares reset_masked: false: entry 0 fired "
                                "after reset, before it was programmed, emitted addr 0x%"
                                PRIx64 " data 0x%" PRIx32, c->mb.m[0].addr,
                                c->mb.m[0].data);
    return hx_imsr_fail(c, 5, 0, hx_imsr_dcycle(c), ex,
                        "descriptor declares reset_masked: false (entry 0 fired after reset "
                        "%s, no message)", hx_imsr_fire_name(fr));
}

int hx_imsr_reset(struct hx_ims_ctx *c)
{
    uint32_t n = c->l->entries;
    uint32_t want = c->l->reset_masked ? hx_imsr_fmask(&c->l->field[IMS_F_MASK]) : 0;

    if (!hx_imsr_has(c, IMS_F_MASK))
        return hx_imsr_skip(c, "the layout has no mask field (see IMS-R-MASK-01)");
    TRY(dirty_reset(c));
    /* 1. every mask field reads its reset state (4. hostmem: READ reports no pending) */
    for (uint32_t e = 0; e < n; e++) {
        uint32_t v;
        bool pend = false;

        if (c->hostmem) {
            struct hctx x;

            TRY(hx_imsr_ctx_read(c, e, &x));
            v = x.ctrl & IMS_CMD_CTRL_MASK ? hx_imsr_fmask(&c->l->field[IMS_F_MASK]) : 0;
            pend = x.pending;
        } else {
            TRY(hx_imsr_field_read(c, e, IMS_F_MASK, &v));
        }
        if (v != want)
            return hx_imsr_fail(c, 1, e, hx_imsr_dcycle(c),
                                want ? "masked after reset" : "unmasked after reset "
                                "(reset_masked: false)",
                                "mask field reads 0x%" PRIx32 " after reset (entry %s "
                                "before it)", v, e & 1 ? "masked, pending" : "unmasked");
        if (pend)
            return hx_imsr_fail(c, 4, e, hx_imsr_dcycle(c), "nothing pending after reset",
                                "READ reports STATUS.pending on entry %" PRIu32
                                " after reset", e);
    }
    /* 4. what was pending before the reset is gone: (un)masking emits nothing */
    for (uint32_t e = 0; e < n; e++) {
        if (!c->l->reset_masked)
            TRY(hx_imsr_set_mask(c, e, true));
        TRY(hx_imsr_set_mask(c, e, false));
    }
    TRY(none_after_reset(c, 4, "nothing pending after reset",
                         "unmasking reset entries (pending before the reset, not since)"));
    if (hx_imsr_failed(c))
        return 0;
    if (!c->l->reset_masked)
        return unmasked_reset(c);
    /* 2-3. firing every reset (masked) entry emits nothing */
    TRY(dirty_reset(c));
    for (uint32_t e = 0; e < n; e++) {
        int fr = hx_imsr_fire(c, e, 0, false);

        TRY(fr);
        if (fr == IMS_DUT_FIRE_TIMEOUT)
            return hx_imsr_fail(c, 2, e, hx_imsr_dcycle(c), "fire answered", "fire %s",
                                hx_imsr_fire_name(fr));
    }
    return none_after_reset(c, 3, "no message from a reset entry", "firing reset entries");
}

/* ---- IMS-R-MASK-01 --------------------------------------------------------- */

int hx_imsr_mask(struct hx_ims_ctx *c)
{
    uint32_t ents[PICK_MAX];
    size_t k;

    if (!hx_imsr_has(c, IMS_F_MASK))
        return hx_imsr_fail(c, 1, HX_IMS_NO_ENTRY, hx_imsr_dcycle(c), "a mask field",
                    "the layout has no mask field: an entry cannot be masked");
    k = hx_imsr_pick_default(c, ents);
    for (size_t i = 0; i < k; i++) {
        uint32_t e = ents[i], fires = 1 + hx_imsr_below(c, 3);
        uint64_t addr;
        uint32_t data;

        TRY(hx_imsr_fresh(c));
        hx_imsr_rand_pair(c, &addr, &data);
        TRY(hx_imsr_program(c, e, addr, data, true));
        c->mb.n = 0;
        for (uint32_t f = 0; f < fires; f++) {
            int fr = hx_imsr_fire(c, e, 0, false);

            TRY(fr);
            if (fr != IMS_DUT_FIRE_ACCEPTED)
                return hx_imsr_fail(c, 2, e, hx_imsr_dcycle(c),
                                    "masked fire accepted (it sets pending)",
                            "masked fire %s", hx_imsr_fire_name(fr));
            TRY(hx_imsr_clk(c, hx_imsr_below(c, 4)));
        }
        TRY(hx_imsr_settle(c, c->o.latency_bound));
        if (c->mb.n && c->mb.m[0].index != e)
            return hx_imsr_fail_other(c, 3, e, &c->mb.m[0], addr, data,
                                      "while it was masked and");
        if (c->mb.n)
            return hx_imsr_fail_msg(c, 3, e, &c->mb.m[0], HX_IMS_KIND_LEAK, addr, data,
                                    "no message while masked", "masked entry emitted addr 0x%"
                                    PRIx64 " data 0x%" PRIx32, c->mb.m[0].addr,
                                    c->mb.m[0].data);
    }
    return 0;
}

/* ---- IMS-R-PEND-01 --------------------------------------------------------- */

int hx_imsr_pend(struct hx_ims_ctx *c)
{
    uint32_t ents[PICK_MAX];
    size_t k;

    if (!hx_imsr_has(c, IMS_F_MASK))
        return hx_imsr_skip(c, "the layout has no mask field (see IMS-R-MASK-01)");
    k = hx_imsr_pick_default(c, ents);
    for (size_t i = 0; i < k; i++) {
        uint32_t e = ents[i], fires = 1 + hx_imsr_below(c, 3);
        uint64_t addr, t_unmask;
        uint32_t data;
        const char *kind;
        char ex[96];

        TRY(hx_imsr_fresh(c));
        hx_imsr_rand_pair(c, &addr, &data);
        TRY(hx_imsr_program(c, e, addr, data, true));
        for (uint32_t f = 0; f < fires; f++) {
            TRY(hx_imsr_fire(c, e, 0, false));
            TRY(hx_imsr_clk(c, hx_imsr_below(c, 4)));
        }
        TRY(hx_imsr_settle(c, c->o.latency_bound));
        /* 5. hostmem: READ reports the pending fire */
        if (c->hostmem) {
            bool pend;

            TRY(hx_imsr_pending_read(c, e, &pend));
            if (!pend)
                return hx_imsr_fail(c, 5, e, hx_imsr_dcycle(c), "READ reports STATUS.pending",
                            "READ reports no pending after %" PRIu32 " masked fire(s): "
                            "pending lost", fires);
        }
        /* 1. the unmask emits the pending message ... */
        c->mb.n = 0;
        TRY(hx_imsr_set_mask(c, e, false));
        t_unmask = hx_imsr_dcycle(c);
        TRY(hx_imsr_wait_msgs(c, 1, c->o.latency_bound));
        snprintf(ex, sizeof(ex), "1 message (addr 0x%" PRIx64 " data 0x%" PRIx32 ") on unmask",
                 addr, data);
        if (c->mb.n == 0) {
            hx_imsr_fail(c, 1, e, t_unmask, ex,
                         "no message within %" PRIu32 " cycles of unmasking after %" PRIu32
                         " masked fire(s): pending lost", c->o.latency_bound, fires);
            hx_imsr_set_kind(c, HX_IMS_KIND_LOST);
            return 0;
        }
        /* 2. ... from the entry, with its pair ... */
        if ((kind = hx_imsr_msg_diff(&c->mb.m[0], e, addr, data)))
            return !strcmp(kind, HX_IMS_KIND_OTHER_ENTRY)
                   ? hx_imsr_fail_other(c, 2, e, &c->mb.m[0], addr, data, "on the unmask of")
                   : hx_imsr_fail_msg(c, 2, e, &c->mb.m[0], kind, addr, data, ex,
                                      "%s: unmask emitted addr 0x%" PRIx64 " data 0x%" PRIx32,
                                      kind, c->mb.m[0].addr, c->mb.m[0].data);
        /* 3. ... exactly once (masked fires coalesce) */
        TRY(hx_imsr_settle(c, c->o.latency_bound));
        if (c->mb.n != 1)
            return hx_imsr_fail_msg(c, 3, e, &c->mb.m[1], c->mb.m[1].index == e
                                    ? HX_IMS_KIND_DUPLICATE : HX_IMS_KIND_OTHER_ENTRY,
                                    addr, data, ex, "%zu messages after unmasking (%" PRIu32
                                    " masked fires), the second from entry %" PRIu32,
                                    c->mb.n, fires, c->mb.m[1].index);
        /* 5. hostmem: ... and READ no longer reports it pending */
        if (c->hostmem) {
            bool pend;

            TRY(hx_imsr_pending_read(c, e, &pend));
            if (pend)
                return hx_imsr_fail(c, 5, e, hx_imsr_dcycle(c),
                                    "READ reports no pending after the release",
                            "READ reports STATUS.pending after the unmask released the "
                            "message");
        }
        /* 4. mask and unmask again, nothing fired: nothing emitted */
        TRY(hx_imsr_set_mask(c, e, true));
        TRY(hx_imsr_set_mask(c, e, false));
        TRY(hx_imsr_settle(c, c->o.latency_bound));
        if (c->mb.n != 1)
            return hx_imsr_fail_msg(c, 4, e, &c->mb.m[1], c->mb.m[1].index == e
                                    ? HX_IMS_KIND_DUPLICATE : HX_IMS_KIND_OTHER_ENTRY,
                                    addr, data, "nothing on a second unmask",
                                    "a second mask/unmask without a fire emitted a message "
                                    "from entry %" PRIu32 "%s", c->mb.m[1].index,
                                    c->mb.m[1].index == e ? ": pending not cleared" : "");
        TRY(hx_imsr_set_mask(c, e, true));
    }
    return 0;
}

/* ---- IMS-R-MSG-01 ---------------------------------------------------------- */

int hx_imsr_msg(struct hx_ims_ctx *c)
{
    uint32_t ents[PICK_MAX];
    size_t k = hx_imsr_pick_default(c, ents);

    for (size_t i = 0; i < k; i++) {
        uint32_t e = ents[i], data;
        const struct ims_dut_msg *m;
        const char *kind;
        uint64_t addr;
        char ex[96];
        int fr;

        TRY(hx_imsr_fresh(c));
        hx_imsr_rand_pair(c, &addr, &data);
        TRY(hx_imsr_program(c, e, addr, data, false));
        TRY(hx_imsr_settle(c, 2));
        c->mb.n = 0;
        TRY(fr = hx_imsr_fire(c, e, 0, false));
        if (fr != IMS_DUT_FIRE_ACCEPTED)
            return hx_imsr_fail(c, 1, e, hx_imsr_dcycle(c), "fire accepted", "fire %s",
                                hx_imsr_fire_name(fr));
        TRY(hx_imsr_wait_msgs(c, 1, c->o.latency_bound));
        snprintf(ex, sizeof(ex), "DWORD write addr 0x%" PRIx64 " data 0x%" PRIx32
                 " index %" PRIu32, addr, data, e);
        if (c->mb.n == 0)
            return hx_imsr_fail(c, 2, e, hx_imsr_dcycle(c), ex,
                                "no message within %" PRIu32 " cycles",
                        c->o.latency_bound);
        m = &c->mb.m[0];
        /* the first property that differs names the failure: index, address, data */
        if ((kind = hx_imsr_msg_diff(m, e, addr, data)))
            return hx_imsr_fail_msg(c, m->index != e ? 6 : m->addr != addr ? 4 : 5, e, m,
                                    kind, addr, data, ex, "%s: message index %" PRIu32
                                    " addr 0x%" PRIx64 " data 0x%" PRIx32, kind, m->index,
                                    m->addr, m->data);
        if (m->len != 4)
            return hx_imsr_fail_msg(c, 3, e, m, "not one DWORD", addr, data, ex,
                                    "message length %" PRIu32 " bytes, not 4", m->len);
        TRY(hx_imsr_settle(c, c->o.latency_bound));
        if (c->mb.n != 1)
            return hx_imsr_fail_msg(c, 7, e, &c->mb.m[1], c->mb.m[1].index == e
                                    ? HX_IMS_KIND_DUPLICATE : HX_IMS_KIND_OTHER_ENTRY,
                                    addr, data, ex, "%zu messages for one fire, the second "
                                    "from entry %" PRIu32, c->mb.n, c->mb.m[1].index);
        TRY(hx_imsr_set_mask(c, e, true));
    }
    return 0;
}


/* ---- IMS-R-PBA-01 ---------------------------------------------------------- */

/* Read every PBA dword and compare it with @want (one bit per entry); 0 or a failure. */
static int pba_check(struct hx_ims_ctx *c, const uint8_t *want, unsigned cp, const char *when)
{
    const struct ims_layout *l = c->l;

    for (uint32_t k = 0; k * 32u < l->entries && !hx_imsr_failed(c); k++) {
        uint32_t v, exp = 0, off = l->pba_base + k * 4u;

        for (uint32_t i = 0; i < 32 && k * 32u + i < l->entries; i++)
            exp |= (uint32_t)want[k * 32u + i] << i;
        TRY(c->dut->ops->reg_read(c->dut->state, off, &v));
        if (v != exp) {
            uint32_t bit = 0;
            char ex[96];

            while (!((v ^ exp) >> bit & 1u))
                bit++;
            snprintf(ex, sizeof(ex), "PBA 0x%" PRIx32 " reads 0x%08" PRIx32, off, exp);
            return hx_imsr_fail(c, cp, k * 32u + bit, hx_imsr_dcycle(c), ex,
                                "PBA 0x%" PRIx32 " reads 0x%08" PRIx32 " %s: entry %" PRIu32
                                "'s bit is %u, expected %u", off, v, when, k * 32u + bit,
                                (v >> bit) & 1u, (exp >> bit) & 1u);
        }
    }
    return 0;
}

int hx_imsr_pba(struct hx_ims_ctx *c)
{
    const struct ims_layout *l = c->l;
    uint8_t *want;
    uint32_t ents[PICK_MAX];
    size_t k;
    int rc = -ENOMEM;

    if (!l->has_pba)
        return hx_imsr_skip(c, "the layout declares no PBA (pba_base)");
    if (!l->pending_on_mask)
        return hx_imsr_skip(c, "the descriptor declares pending_on_mask: false "
                            "(see IMS-R-PEND-01)");
    if (!(want = calloc(l->entries, 1)))
        return rc;
    k = hx_imsr_pick_default(c, ents);
    /* every picked entry programmed masked; about half of them fired */
    for (size_t i = k; i-- > 0;) {
        uint64_t addr;
        uint32_t data;

        hx_imsr_rand_pair(c, &addr, &data);
        if ((rc = hx_imsr_program(c, ents[i], addr, data, true)) < 0)
            goto out;
    }
    for (size_t i = 0; i < k; i++) {
        if (hx_imsr_below(c, 2) && i + 1 < k)
            continue;
        want[ents[i]] = 1;
        if ((rc = hx_imsr_fire(c, ents[i], 0, false)) < 0)
            goto out;
    }
    if ((rc = hx_imsr_settle(c, c->o.latency_bound)) < 0)
        goto out;
    /* 1. the PBA reads the pending state: the masked fires, nothing else */
    if ((rc = pba_check(c, want, 1, "after the masked fires")) < 0 || hx_imsr_failed(c))
        goto done;
    /* 2. writes to the PBA are ignored: all ones, then all zeros */
    for (uint32_t pass = 0; pass < 2; pass++)
        for (uint32_t d = 0; d * 32u < l->entries; d++)
            if ((rc = c->dut->ops->reg_write(c->dut->state, l->pba_base + d * 4u,
                                             pass ? 0 : UINT32_MAX)) < 0)
                goto out;
    if ((rc = pba_check(c, want, 2, "after writing the PBA (writes must be ignored)")) < 0 ||
        hx_imsr_failed(c))
        goto done;
    /* 3. an unmask releases the pending message and clears the entry's bit */
    for (size_t i = 0; i < k; i++) {
        if ((rc = hx_imsr_set_mask(c, ents[i], false)) < 0)
            goto out;
        want[ents[i]] = 0;
    }
    if ((rc = hx_imsr_settle(c, c->o.latency_bound)) < 0 ||
        (rc = pba_check(c, want, 3, "after every entry was unmasked")) < 0)
        goto out;
done:
    rc = 0;
out:
    free(want);
    return rc;
}

/* ---- IMS-R-FMASK-01 -------------------------------------------------------- */

#define FMASK_ENTRIES 8u

int hx_imsr_fmask_rule(struct hx_ims_ctx *c)
{
    uint32_t ents[FMASK_ENTRIES], data[FMASK_ENTRIES], seen[FMASK_ENTRIES] = { 0 };
    uint64_t addr[FMASK_ENTRIES], t0;
    bool own[FMASK_ENTRIES];
    size_t k;

    if (!c->dut->ops->set_fmask)
        return hx_imsr_skip(c, "the design has no Function Mask input "
                            "(set_fmask; RTL: no fn_mask port)");
    if (!c->l->pending_on_mask)
        return hx_imsr_skip(c, "the descriptor declares pending_on_mask: false "
                            "(see IMS-R-PEND-01)");
    k = hx_imsr_pick(c, ents, FMASK_ENTRIES);
    /* entries programmed unmasked, all but the last of them; the last masked itself */
    for (size_t i = k; i-- > 0;) {
        own[i] = i + 1 == k && k > 1;
        hx_imsr_rand_pair(c, &addr[i], &data[i]);
        TRY(hx_imsr_program(c, ents[i], addr[i], data[i], own[i]));
    }
    TRY(hx_imsr_settle(c, c->o.latency_bound));
    c->mb.n = 0;
    /* 1. function-masked, every fire is held: nothing is sent */
    TRY(c->dut->ops->set_fmask(c->dut->state, true));
    for (size_t i = 0; i < k; i++)
        for (uint32_t n = 1 + hx_imsr_below(c, 3); n--;)
            TRY(hx_imsr_fire(c, ents[i], 0, false));
    TRY(hx_imsr_settle(c, c->o.latency_bound));
    if (c->mb.n)
        return hx_imsr_fail_msg(c, 1, c->mb.m[0].index, &c->mb.m[0], HX_IMS_KIND_LEAK,
                                c->mb.m[0].addr, c->mb.m[0].data, "nothing while "
                                "function-masked", "entry %" PRIu32 " emitted while the "
                                "Function Mask was set", c->mb.m[0].index);
    /* 2-3. clearing it releases each entry not masked itself, once, with its pair */
    TRY(c->dut->ops->set_fmask(c->dut->state, false));
    t0 = hx_imsr_dcycle(c);
    TRY(hx_imsr_settle(c, c->o.latency_bound + k * 2));
    for (size_t m = 0; m < c->mb.n; m++) {
        const struct ims_dut_msg *g = &c->mb.m[m];
        size_t i = 0;
        const char *kind;

        while (i < k && ents[i] != g->index)
            i++;
        if (i == k || own[i])
            return hx_imsr_fail_msg(c, 3, g->index, g, i == k ? HX_IMS_KIND_OTHER_ENTRY
                                                          : HX_IMS_KIND_LEAK, g->addr,
                                    g->data, "only the entries not masked themselves",
                                    "entry %" PRIu32 " emitted at the Function Mask's "
                                    "clearing (%s)", g->index, i == k ? "never fired"
                                    : "still masked itself");
        if ((kind = hx_imsr_msg_diff(g, ents[i], addr[i], data[i])))
            return hx_imsr_fail_msg(c, 2, ents[i], g, kind, addr[i], data[i],
                                    "each released entry's own pair", "%s: entry %" PRIu32
                                    " released addr 0x%" PRIx64 " data 0x%" PRIx32, kind,
                                    ents[i], g->addr, g->data);
        if (++seen[i] > 1)
            return hx_imsr_fail_msg(c, 3, ents[i], g, HX_IMS_KIND_DUPLICATE, addr[i],
                                    data[i], "each released once", "entry %" PRIu32
                                    " emitted twice at the Function Mask's clearing",
                                    ents[i]);
    }
    for (size_t i = 0; i < k; i++)
        if (!own[i] && !seen[i]) {
            hx_imsr_fail(c, 2, ents[i], t0, "each pending entry released once the Function "
                         "Mask clears", "no message from entry %" PRIu32 " within %" PRIu64
                         " cycles of clearing the Function Mask: pending lost", ents[i],
                         (uint64_t)c->o.latency_bound + k * 2);
            hx_imsr_set_kind(c, HX_IMS_KIND_LOST);
            return 0;
        }
    /* 4. the entry masked itself keeps its pending fire: its unmask releases it */
    for (size_t i = 0; i < k; i++) {
        if (!own[i])
            continue;
        c->mb.n = 0;
        TRY(hx_imsr_set_mask(c, ents[i], false));
        TRY(hx_imsr_wait_msgs(c, 1, c->o.latency_bound));
        if (!c->mb.n) {
            hx_imsr_fail(c, 4, ents[i], hx_imsr_dcycle(c), "its own unmask releases it",
                         "entry %" PRIu32 " (masked itself while function-masked) sent "
                         "nothing on its unmask: pending lost", ents[i]);
            hx_imsr_set_kind(c, HX_IMS_KIND_LOST);
            return 0;
        }
    }
    return 0;
}
