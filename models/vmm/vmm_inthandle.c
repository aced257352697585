/* SPDX-License-Identifier: MIT */
/*
 * vmm_inthandle.c - the host driver's side of the IDXD interrupt-handle
 * protocol (domain.md 2.5, 10 item 9; Linux eb15e7154fbf "dmaengine: idxd:
 * add interrupt handle request and release support"):
 *
 *   - when GENCAP.cmd_cap is set the driver must ask for a handle
 *     (REQUEST_INT_HANDLE, with CMD_INT_HANDLE_IMS for the IMS table) and
 *     put it in the descriptors; otherwise the handle is the index;
 *   - on the function's host-level interrupt it reads INTCAUSE; with
 *     INT_HANDLE_REVOKED it clears the bit (RW1C), requests every handle it
 *     held again, and resubmits the descriptors that completed with 0x19.
 *
 * The commands run to completion within the driver's access (the device
 * clears CMDSTS.active before the driver's read, ims_idxd.c), under the
 * device lock the host driver holds.  At probe their MMIO costs are not
 * charged (the probe's own accesses are); in the recovery they are: the
 * handler (COST_HOST_HANDLER), the INTCAUSE read and clear, and a CMD
 * write plus a CMDSTS read per handle, before the resubmission.
 */
#include "models/vmm/vmm_internal.h"

#include <errno.h>
#include <stdlib.h>

#include "models/siov/idxd_regs.h"

static uint32_t bar_read32(struct vmm_dev *d, uint64_t off)
{
    uint64_t v = UINT32_MAX;

    (void)d->bar->read(d->bar_ctx, off, 4, &v);
    return (uint32_t)v;
}

static bool has_cmd_cap(struct vmm_dev *d)
{
    uint32_t gencap;

    if (siov_kind_of(d->dev) != SIOV_KIND_IDXD)
        return false;
    /* all ones: no register there (an IMS bank from a layout descriptor
     * decodes only its table), as a driver reads a device that is gone */
    gencap = bar_read32(d, IDXD_GENCAP_OFFSET);
    return gencap != UINT32_MAX && (gencap & IDXD_GENCAP_CMD_CAP);
}

/* One handle command; CMDSTS as the device left it. */
static uint32_t handle_cmd(struct vmm_dev *d, uint32_t cmd, enum siov_bank bank,
                           uint32_t idx)
{
    uint32_t op = (idx & IDXD_CMD_INT_HANDLE_IDX_MASK) |
                  (bank == SIOV_BANK_IMS ? IDXD_CMD_INT_HANDLE_IMS : 0);

    (void)d->bar->write(d->bar_ctx, IDXD_CMD_OFFSET, 4, idxd_cmd_make(cmd, op));
    return bar_read32(d, IDXD_CMDSTS_OFFSET);
}

static int request(struct vmm_dev *d, enum siov_bank bank, uint32_t entry,
                   uint32_t *handle)
{
    struct vmm_stats *st = &d->vmm->st;
    uint32_t sts;

    st->handle_requests++;
    sts = handle_cmd(d, IDXD_CMD_REQUEST_INT_HANDLE, bank, entry);
    switch (idxd_cmdsts_err(sts)) {
    case IDXD_CMDSTS_SUCCESS:
        *handle = idxd_cmdsts_result(sts);
        return 0;
    case IDXD_CMDSTS_ERR_INVAL_INT_IDX:
        st->handle_cmd_errors++;
        return -EINVAL;
    case IDXD_CMDSTS_ERR_NO_HANDLE:
        st->handle_cmd_errors++;
        return -ENOSPC;
    default:
        st->handle_cmd_errors++;
        return -EIO;
    }
}

/* Handles @d held, of every bank. */
static uint32_t held_count(const struct vmm_dev *d)
{
    uint32_t n = 0;

    for (unsigned b = 0; b < SIOV_BANK__COUNT; b++)
        for (uint32_t i = 0; d->held[b] && i < siov_entry_count(d->dev, b); i++)
            n += d->held[b][i];
    return n;
}

/* The re-requests done (each a CMD write and a CMDSTS read): resubmit. */
static void rerequest_run(void *arg)
{
    struct vmm_dev *d = arg;
    struct vmm *vmm = d->vmm;
    uint32_t h;

    d->recovering = false;
    /* IDXD-HANDLE-03: every handle held is requested again ... */
    for (unsigned b = 0; b < SIOV_BANK__COUNT; b++) {
        uint32_t n = siov_entry_count(d->dev, (enum siov_bank)b);

        for (uint32_t i = 0; d->held[b] && i < n; i++)
            if (d->held[b][i] && request(d, (enum siov_bank)b, i, &h))
                d->held[b][i] = 0;
    }
    /* ... and the descriptors that completed with 0x19 are resubmitted */
    for (uint32_t adi = 0; adi < siov_n_adi(d->dev); adi++)
        vmm->st.resubmits += siov_adi_resubmit(d->dev, adi);
}

/* The INTCAUSE handler: entered COST_HOST_HANDLER after the interrupt, it
 * has read and cleared INTCAUSE (an MMIO read and write) now. */
static void intcause_run(void *arg)
{
    struct vmm_dev *d = arg;
    struct vmm *vmm = d->vmm;
    uint32_t cause;
    sim_time_t t;

    cause = bar_read32(d, IDXD_INTCAUSE_OFFSET);
    if (!(cause & IDXD_INTC_INT_HANDLE_REVOKED)) {
        d->recovering = false;
        return;
    }
    (void)d->bar->write(d->bar_ctx, IDXD_INTCAUSE_OFFSET, 4,
                        IDXD_INTC_INT_HANDLE_REVOKED);
    vmm->st.handle_revocations++;
    /* each re-request: a CMD write, then the CMDSTS read */
    t = (vmm_cost(vmm, COST_MMIO_WRITE) + vmm_cost(vmm, COST_MMIO_READ)) *
        held_count(d);
    if (seq_pool_defer(&vmm->pool, t, rerequest_run, d))
        rerequest_run(d);
}

static void intcause_irq(void *ctx, struct siov_dev *dev)
{
    struct vmm_dev *d = ctx;
    struct vmm *vmm = d->vmm;

    (void)dev;
    if (d->recovering)
        return;     /* the handler to come reads INTCAUSE as it is then */
    if (!seq_pool_defer(&vmm->pool,
                        vmm_cost(vmm, COST_HOST_HANDLER) +
                            vmm_cost(vmm, COST_MMIO_READ) +
                            vmm_cost(vmm, COST_MMIO_WRITE),
                        intcause_run, d))
        d->recovering = true;
}

int vmm_int_handle_request(struct vmm_dev *d, enum siov_bank bank,
                           uint32_t entry, uint32_t *handle)
{
    uint32_t n = siov_entry_count(d->dev, bank);
    int rc;

    if (!has_cmd_cap(d)) {
        *handle = entry;        /* no command capability: the index */
        return 0;
    }
    if (!d->held[bank]) {
        d->held[bank] = calloc(n ? n : 1, 1);
        if (!d->held[bank])
            return -ENOMEM;
        siov_set_intcause_hook(d->dev, intcause_irq, d);
    }
    rc = request(d, bank, entry, handle);
    if (!rc && *handle < n)
        d->held[bank][*handle] = 1;
    return rc;
}

void vmm_int_handles_free(struct vmm_dev *d)
{
    for (unsigned b = 0; b < SIOV_BANK__COUNT; b++) {
        free(d->held[b]);
        d->held[b] = NULL;
    }
}
