/* SPDX-License-Identifier: MIT */
/*
 * ims_rules_strb.c - IMS-R-STRB-01: register writes with byte enables
 * (strobes) do what the descriptor's partial_writes declares.
 */
#include <inttypes.h>
#include <stdio.h>

#include "harness/ims_rules_int.h"

/* The bits of register @reg (an entry's) software writes and reads back. */
static uint32_t reg_bits(const struct ims_layout *l, uint32_t reg)
{
    uint32_t w = 0;

    for (int g = 0; g < IMS_F__COUNT; g++) {
        const struct ims_field *fd = &l->field[g];
        uint32_t v;

        if (!fd->present || fd->offset != reg || g == IMS_F_COMMIT)
            continue;
        v = hx_imsr_vmask(fd);
        if (g == IMS_F_ADDR_LO)
            v &= ~UINT32_C(3);          /* a DWORD write's address is DWORD aligned */
        w |= v << fd->lsb;
    }
    return w;
}

static uint32_t byte_mask(uint32_t be)
{
    uint32_t m = 0;

    for (unsigned i = 0; i < 4; i++)
        if (be >> i & 1u)
            m |= UINT32_C(0xff) << (8 * i);
    return m;
}

/*
 * One partial write of pair register @f of entry @e: a random value under
 * random byte enables (some, not all, bytes), read back against what
 * partial_writes declares.  @addr/@data follow what the register holds.
 */
static int partial_pair_write(struct hx_ims_ctx *c, uint32_t e, enum ims_field_id f,
                              uint64_t *addr, uint32_t *data)
{
    const struct ims_layout *l = c->l;
    const struct ims_field *fd = &l->field[f];
    uint32_t off = l->base + e * l->stride + fd->offset, bits = reg_bits(l, fd->offset);
    uint32_t cur, val, be, want, got;
    bool merge = l->partial_writes == IMS_PARTIAL_MERGE;
    char ex[128];

    TRY(c->dut->ops->reg_read(c->dut->state, off, &cur));
    be = 1 + hx_imsr_below(c, 14);          /* 0x1 .. 0xe: never all, never none */
    val = (cur & ~bits) | (hx_imsr_rnd32(c) & bits);
    TRY(c->dut->ops->reg_write_be(c->dut->state, off, val, be));
    TRY(c->dut->ops->reg_read(c->dut->state, off, &got));
    want = merge ? (cur & ~byte_mask(be)) | (val & byte_mask(be)) : cur;
    if ((got ^ want) & bits) {
        snprintf(ex, sizeof(ex), "0x%08" PRIx32 " (%s)", want & bits,
                 merge ? "the enabled bytes written, the others kept" : "unchanged");
        return hx_imsr_fail(c, merge ? 1 : 2, e, hx_imsr_dcycle(c), ex,
                            "%s 0x%" PRIx32 " reads 0x%08" PRIx32 " after writing 0x%08"
                            PRIx32 " with byte enables 0x%" PRIx32 " over 0x%08" PRIx32
                            " (partial_writes: %s)", ims_field_name(f), off, got & bits, val,
                            be, cur & bits, ims_partial_name(l->partial_writes));
    }
    /* the pair as it now is, for the message check */
    got = (got & hx_imsr_fmask(fd) << fd->lsb) >> fd->lsb;
    if (f == IMS_F_ADDR_LO)
        *addr = (*addr & ~UINT64_C(0xffffffff)) | got;
    else if (f == IMS_F_ADDR_HI)
        *addr = (*addr & UINT64_C(0xffffffff)) | (uint64_t)got << 32;
    else
        *data = got;
    return 0;
}

int hx_imsr_strb(struct hx_ims_ctx *c)
{
    static const enum ims_field_id pair[] = { IMS_F_ADDR_LO, IMS_F_ADDR_HI, IMS_F_DATA };
    const struct ims_layout *l = c->l;
    const struct ims_field *mf = &l->field[IMS_F_MASK];
    uint32_t ents[PICK_MAX];
    size_t k;

    if (c->hostmem)
        return hx_imsr_skip(c, "hostmem: the command block is written whole");
    if (l->partial_writes == IMS_PARTIAL_UNDEFINED)
        return hx_imsr_skip(c, "the descriptor declares no partial_writes (merge or ignore)");
    if (!c->dut->ops->reg_write_be)
        return hx_imsr_skip(c, "the design has no byte-enable input (reg_write_be; RTL: no "
                            "reg_be port)");
    k = hx_imsr_pick_default(c, ents);
    for (size_t i = 0; i < k && !hx_imsr_failed(c); i++) {
        uint32_t e = ents[i], data, moff, be;
        const struct ims_dut_msg *m;
        const char *kind;
        uint64_t addr;
        char ex[96];

        TRY(hx_imsr_fresh(c));
        hx_imsr_rand_pair(c, &addr, &data);
        TRY(hx_imsr_program(c, e, addr, data, true));
        /* 1-2. each pair register, written partially, twice */
        for (unsigned n = 0; n < 2 * 3 && !hx_imsr_failed(c); n++)
            if (hx_imsr_has(c, pair[n % 3]))
                TRY(partial_pair_write(c, e, pair[n % 3], &addr, &data));
        if (hx_imsr_failed(c))
            break;
        /* 3. an unmask whose mask byte is not enabled does not unmask */
        moff = l->base + e * l->stride + mf->offset;
        be = 0xfu & ~(1u << (mf->lsb / 8));
        c->mb.n = 0;
        TRY(c->dut->ops->reg_write_be(c->dut->state, moff, 0, be));
        TRY(hx_imsr_fire(c, e, 0, false));
        TRY(hx_imsr_settle(c, c->o.latency_bound));
        if (c->mb.n)
            return hx_imsr_fail_msg(c, 3, e, &c->mb.m[0], HX_IMS_KIND_LEAK, addr, data,
                                    "still masked: the mask's byte was not enabled",
                                    "a write of 0 to 0x%" PRIx32 " with byte enables 0x%"
                                    PRIx32 " unmasked entry %" PRIu32, moff, be, e);
        if (l->update == IMS_UPDATE_ON_COMMIT) {
            TRY(hx_imsr_set_mask(c, e, true));
            continue;                   /* the live pair waits for a commit */
        }
        /* 4. unmasked whole, the message carries the pair as read back */
        TRY(hx_imsr_set_mask(c, e, false));
        TRY(hx_imsr_wait_msgs(c, 1, c->o.latency_bound));
        snprintf(ex, sizeof(ex), "addr 0x%" PRIx64 " data 0x%" PRIx32 " (the pair read back)",
                 addr, data);
        if (!c->mb.n)
            return hx_imsr_fail(c, 4, e, hx_imsr_dcycle(c), ex, "no message within %" PRIu32
                                " cycles of the unmask after a masked fire",
                                c->o.latency_bound);
        m = &c->mb.m[0];
        if ((kind = hx_imsr_msg_diff(m, e, addr, data)))
            return hx_imsr_fail_msg(c, 4, e, m, kind, addr, data, ex, "%s: message addr 0x%"
                                    PRIx64 " data 0x%" PRIx32 " after partial writes", kind,
                                    m->addr, m->data);
        TRY(hx_imsr_set_mask(c, e, true));
    }
    return 0;
}
