/* SPDX-License-Identifier: MIT */
/* ims_store.c - the generic per-entry decision on lookup and set_pending. */
#include "ims_store.h"

#include <errno.h>
#include <stddef.h>

static enum ims_fire_outcome lookup_outcome(int err)
{
    return err == -EFAULT ? IMS_FIRE_FAULT : IMS_FIRE_INVALID;
}

int ims_store_fire(const struct ims_store_ops *ops, void *store,
                   uint32_t entry, uint32_t pasid, bool has_pasid,
                   struct ims_fire *out)
{
    struct ims_entry e;
    int err;

    *out = (struct ims_fire){ .outcome = IMS_FIRE_INVALID };
    /* 1. sample the entry now (SIOV 6.1: the device's Interrupt Message
     *    Generation Logic reads the entry when it generates the message) */
    err = ops->lookup(store, entry, &e);
    if (err) {
        out->outcome = lookup_outcome(err);
        out->err = err;
        return 0;
    }
    out->entry_pasid_en = e.pasid_en;
    out->entry_pasid = e.pasid;

    /* 2. IMS-PASID-01: an entry with PASID enable serves only the ADI with
     *    that PASID (domain.md 6.4: ctrl bit 3, PASID 31:12; the check is
     *    inferred from the driver, [UNVERIFIED] against the DSA spec) */
    if (e.pasid_en && (!has_pasid || e.pasid != pasid)) {
        out->outcome = IMS_FIRE_REFUSED;
        return 0;
    }

    /* 3. IMS-MASK-01: masked means no message, the pending bit instead */
    if (e.masked) {
        if (e.pending) {
            out->outcome = IMS_FIRE_COALESCED;
            return 0;
        }
        err = ops->set_pending(store, entry);
        if (err == -ERANGE || err == -ENOENT || err == -EFAULT) {
            out->outcome = lookup_outcome(err);
            out->err = err;
            return 0;
        }
        if (err)
            return err;
        out->outcome = IMS_FIRE_PENDING;
        return 0;
    }

    /* 4. IMS-MSG-01: the pair sampled in step 1 */
    out->outcome = IMS_FIRE_SEND;
    out->addr = e.addr;
    out->data = e.data;
    return 0;
}

const char *ims_fire_outcome_name(enum ims_fire_outcome o)
{
    static const char *const names[IMS_FIRE__COUNT] = {
        [IMS_FIRE_SEND] = "send",
        [IMS_FIRE_PENDING] = "pending",
        [IMS_FIRE_COALESCED] = "coalesced",
        [IMS_FIRE_REFUSED] = "refused",
        [IMS_FIRE_INVALID] = "invalid",
        [IMS_FIRE_FAULT] = "fault",
    };

    return (unsigned)o < IMS_FIRE__COUNT ? names[o] : "?";
}
