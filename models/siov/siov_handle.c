/* SPDX-License-Identifier: MIT */
/*
 * siov_handle.c - interrupt handles (domain.md 2.5, 10 item 9): the
 * device grants a handle for an entry of its IMS (operand flag
 * CMD_INT_HANDLE_IMS) or MSI-X table, the ADI's descriptors name the
 * handle, and the host may revoke it.  A descriptor that names a handle not
 * granted completes with status 0x19 (Invalid Interrupt Handle) and raises
 * nothing; revocation sets INTCAUSE bit 31 and signals the function's
 * host-level interrupt so that the host driver re-requests and resubmits.
 *
 * A handle is the entry's index in its bank: the model's choice (the
 * device's handle values are not in domain.md), the one the guest-side
 * comment of Linux submit.c describes ("the index to IMS for the entire
 * device").
 */
#include <errno.h>
#include <stdlib.h>

#include "models/siov/idxd_regs.h"
#include "models/siov/siov_core.h"

static uint32_t sts(uint32_t err, uint32_t result)
{
    return (err & IDXD_CMDSTS_ERR_MASK) |
           ((result << IDXD_CMDSTS_RES_SHIFT) & IDXD_CMDSTS_RES_MASK);
}

uint32_t siov__handle_cmd(struct siov__handles *h, uint32_t cmd)
{
    uint32_t op = cmd & IDXD_CMD_OPERAND_MASK;
    uint32_t idx = op & IDXD_CMD_INT_HANDLE_IDX_MASK;
    enum siov_bank bank = op & IDXD_CMD_INT_HANDLE_IMS ? SIOV_BANK_IMS
                                                       : SIOV_BANK_MSIX;

    /* registers.h: operand = idx & 0xffff | CMD_INT_HANDLE_IMS (0x10000) */
    switch (idxd_cmd_code(cmd)) {
    case IDXD_CMD_REQUEST_INT_HANDLE:
        if (idx >= h->count[bank])
            return sts(IDXD_CMDSTS_ERR_INVAL_INT_IDX, 0);
        /* one handle per entry: a second request while one is granted
         * finds none free (the model's reading of 0x42) */
        if (h->granted[bank][idx])
            return sts(IDXD_CMDSTS_ERR_NO_HANDLE, 0);
        h->granted[bank][idx] = 1;
        h->stats->handle_grants++;
        return sts(IDXD_CMDSTS_SUCCESS, idx);
    case IDXD_CMD_RELEASE_INT_HANDLE:
        /* the operand names the handle (= the index) */
        if (idx >= h->count[bank] || !h->granted[bank][idx])
            return sts(IDXD_CMDSTS_ERR_INVAL_INT_IDX, 0);
        h->granted[bank][idx] = 0;
        return sts(IDXD_CMDSTS_SUCCESS, 0);
    default:
        return sts(IDXD_CMDSTS_INVAL_CMD, 0);
    }
}

bool siov__handle_ok(const struct siov__handles *h, enum siov_bank bank,
                     uint32_t entry)
{
    return (unsigned)bank < SIOV_BANK__COUNT && entry < h->count[bank] &&
           h->granted[bank][entry];
}

int siov__handles_create(struct siov_dev *dev)
{
    struct siov__handles *h = calloc(1, sizeof(*h));

    if (!h)
        return -ENOMEM;
    dev->env.handles = h;
    h->dev = dev;
    h->stats = &dev->stats;
    h->n_adi = dev->cfg.n_adi;
    h->count[SIOV_BANK_IMS] = dev->cfg.ims_entries;
    h->count[SIOV_BANK_MSIX] = dev->cfg.msix_vectors;
    h->failed = calloc(h->n_adi ? h->n_adi : 1, sizeof(*h->failed));
    if (!h->failed)
        return -ENOMEM;
    for (unsigned b = 0; b < SIOV_BANK__COUNT; b++) {
        h->granted[b] = calloc(h->count[b] ? h->count[b] : 1, 1);
        if (!h->granted[b])
            return -ENOMEM;
    }
    return 0;
}

void siov__handles_destroy(struct siov_dev *dev)
{
    struct siov__handles *h = dev->env.handles;

    if (!h)
        return;
    for (unsigned b = 0; b < SIOV_BANK__COUNT; b++)
        free(h->granted[b]);
    for (uint32_t i = 0; h->failed && i < h->n_adi; i++)
        free(h->failed[i].tag);
    free(h->failed);
    free(h);
    dev->env.handles = NULL;
}

void siov__handles_reset(struct siov_dev *dev)
{
    struct siov__handles *h = dev->env.handles;

    /* a function reset returns the registers to their reset values: no
     * handle granted, INTCAUSE clear; the driver probes again */
    if (!h)
        return;
    for (unsigned b = 0; b < SIOV_BANK__COUNT; b++)
        for (uint32_t i = 0; i < h->count[b]; i++)
            h->granted[b][i] = 0;
    for (uint32_t i = 0; i < h->n_adi; i++)
        h->failed[i].n = 0;     /* the descriptors are gone */
    h->intcause = 0;
}

bool siov__handle_check(struct siov_dev *dev, uint32_t adi,
                        enum siov_bank bank, uint32_t entry,
                        const struct irq_tag *tag)
{
    struct siov__handles *h = dev->env.handles;
    struct siov__failed *f;

    if (!h || siov__handle_ok(h, bank, entry))
        return true;
    /* the completion record says 0x19; the driver reads it later */
    h->stats->handle_errors++;
    f = &h->failed[adi];
    if (f->n == f->cap) {
        uint32_t cap = f->cap ? 2 * f->cap : 8;
        struct irq_tag *t = realloc(f->tag, cap * sizeof(*t));

        if (!t) {
            dev->stats.no_mem++;    /* the record is dropped */
            return false;
        }
        f->tag = t;
        f->cap = cap;
    }
    f->tag[f->n++] = *tag;
    return false;
}

void siov_set_intcause_hook(struct siov_dev *dev, siov_intcause_fn fn,
                            void *ctx)
{
    if (!dev->env.handles)
        return;
    dev->env.handles->hook = fn;
    dev->env.handles->hook_ctx = ctx;
}

int siov_revoke_int_handles(struct siov_dev *dev, enum siov_bank bank,
                            uint32_t first, uint32_t n)
{
    struct siov__handles *h = dev->env.handles;
    int revoked = 0;

    if (!h)
        return -ENODEV;
    if ((unsigned)bank >= SIOV_BANK__COUNT)
        return -EINVAL;
    for (uint32_t i = first; i < h->count[bank] && i - first < n; i++) {
        if (!h->granted[bank][i])
            continue;
        h->granted[bank][i] = 0;
        revoked++;
    }
    if (!revoked)
        return 0;
    h->stats->handle_revokes += (uint64_t)revoked;
    h->intcause |= IDXD_INTC_INT_HANDLE_REVOKED;
    if (h->hook)
        h->hook(h->hook_ctx, dev);
    return revoked;
}

uint32_t siov_adi_resubmit(struct siov_dev *dev, uint32_t adi)
{
    struct siov__handles *h = dev->env.handles;
    struct siov__failed *f;
    struct irq_tag *tags;
    uint32_t n;

    if (!h || adi >= h->n_adi)
        return 0;
    /* take the list first: a resubmission may fail (and be kept) again */
    f = &h->failed[adi];
    tags = f->tag;
    n = f->n;
    *f = (struct siov__failed){ 0 };
    for (uint32_t i = 0; i < n; i++)
        (void)siov__adi_raise_again(dev, adi, &tags[i]);
    free(tags);
    return n;
}
