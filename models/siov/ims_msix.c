/* SPDX-License-Identifier: MIT */
/* ims_msix.c - the pci model's MSI-X table as a SIOV device's store. */
#include "models/siov/ims_msix.h"

#include <errno.h>
#include <stddef.h>

static uint32_t count(const void *store)
{
    const struct ims_msix *s = store;

    return msix_table_size(s->m) / PCI_MSIX_ENTRY_SIZE;
}

static void reset(void *store)
{
    struct ims_msix *s = store;

    msix_reset(s->m);
}

static int lookup(void *store, uint32_t entry, struct ims_entry *out)
{
    struct ims_msix *s = store;
    struct msix_entry e;

    if (msix_get_entry(s->m, entry, &e))
        return -ERANGE;
    /* MSIX-EN-01: with Enable clear no entry may be used */
    if (!msix_enabled(s->m))
        return -ENOENT;
    *out = (struct ims_entry){
        .addr = e.addr,
        .data = e.data,
        .masked = msix_is_masked(s->m, entry),
        .pending = msix_is_pending(s->m, entry),
    };
    return 0;
}

static int set_pending(void *store, uint32_t entry)
{
    struct ims_msix *s = store;

    return msix_set_pending(s->m, entry, NULL) ? -ERANGE : 0;
}

/* The decision is the pci model's (msix_decide); the message the device's. */
static int fire(void *store, uint32_t entry, uint32_t pasid, bool has_pasid,
                struct ims_fire *out)
{
    struct ims_msix *s = store;
    struct msix_entry e;
    int r;

    (void)pasid;
    (void)has_pasid;
    *out = (struct ims_fire){ .outcome = IMS_FIRE_INVALID };
    r = msix_decide(s->m, entry, NULL, &e);
    switch (r) {
    case MSIX_NOTIFY_SENT:
        out->outcome = IMS_FIRE_SEND;
        out->addr = e.addr;
        out->data = e.data;
        break;
    case MSIX_NOTIFY_PENDING:
        out->outcome = IMS_FIRE_PENDING;
        break;
    case MSIX_NOTIFY_COALESCED:
        out->outcome = IMS_FIRE_COALESCED;
        break;
    case MSIX_NOTIFY_DISABLED:
        out->err = -ENOENT;
        break;
    default:
        out->err = -ERANGE;
        break;
    }
    return 0;
}

static void set_host(void *store, const struct ims_store_host *host)
{
    struct ims_msix *s = store;

    s->host = *host;
}

/* The pci model released a pending vector: the device sends it. */
static void replay(void *ctx, unsigned vector, const struct msix_entry *e,
                   const struct irq_tag *tag)
{
    struct ims_msix *s = ctx;

    (void)tag;
    if (s->host.emit)
        s->host.emit(s->host.host, vector, e->addr, e->data);
}

static const struct ims_store_ops ims_msix_ops = {
    .kind = "msix",
    .count = count,
    .reset = reset,
    .mmio = NULL,
    .lookup = lookup,
    .set_pending = set_pending,
    .fire = fire,
    .set_host = set_host,
};

const struct ims_store_ops *ims_msix_store_ops(void)
{
    return &ims_msix_ops;
}

int ims_msix_init(struct ims_msix *s, struct msix *m)
{
    if (!s || !m || !m->table)
        return -EINVAL;
    *s = (struct ims_msix){ .m = m };
    msix_set_replay(m, replay, s);
    return 0;
}

void ims_msix_fini(struct ims_msix *s)
{
    if (s && s->m)
        msix_set_replay(s->m, NULL, NULL);
}
