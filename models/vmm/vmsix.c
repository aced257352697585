/* SPDX-License-Identifier: MIT */
/* vmsix.c - an MSI-X table with PBA and function mask, as an IMS store. */
#include "models/vmm/vmsix.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct vmsix {
    uint32_t n;
    uint32_t *w;        /* 4 words per entry */
    uint64_t *pba;
    bool maskall;
    struct ims_store_host host;
};

static bool pba_test(const struct vmsix *t, uint32_t i)
{
    return (t->pba[i / 64] >> (i % 64)) & 1;
}

static void pba_set(struct vmsix *t, uint32_t i, bool v)
{
    if (v)
        t->pba[i / 64] |= UINT64_C(1) << (i % 64);
    else
        t->pba[i / 64] &= ~(UINT64_C(1) << (i % 64));
}

static bool masked(const struct vmsix *t, uint32_t i)
{
    return t->maskall || (t->w[4 * i + 3] & VMSIX_CTRL_MASKBIT);
}

/* An entry became unmasked: release its pending message, once. */
static void release(struct vmsix *t, uint32_t i)
{
    const uint32_t *e = &t->w[4 * i];

    if (masked(t, i) || !pba_test(t, i))
        return;
    pba_set(t, i, false);
    if (t->host.emit)
        t->host.emit(t->host.host, i, (uint64_t)e[1] << 32 | e[0], e[2]);
}

static void reset(void *store)
{
    struct vmsix *t = store;

    memset(t->w, 0, (size_t)t->n * VMSIX_ENTRY_SIZE);
    memset(t->pba, 0, ((t->n + 63) / 64) * sizeof(*t->pba));
    for (uint32_t i = 0; i < t->n; i++)
        t->w[4 * i + 3] = VMSIX_CTRL_MASKBIT;
    t->maskall = false;
}

int vmsix_create(struct vmsix **out, uint32_t n)
{
    struct vmsix *t;

    if (!out || n == 0 || n > VMSIX_MAX_ENTRIES)
        return -EINVAL;
    t = calloc(1, sizeof(*t));
    if (!t)
        return -ENOMEM;
    t->n = n;
    t->w = calloc((size_t)n * 4, sizeof(*t->w));
    t->pba = calloc((n + 63) / 64, sizeof(*t->pba));
    if (!t->w || !t->pba) {
        vmsix_destroy(t);
        return -ENOMEM;
    }
    reset(t);
    *out = t;
    return 0;
}

void vmsix_destroy(struct vmsix *t)
{
    if (!t)
        return;
    free(t->w);
    free(t->pba);
    free(t);
}

uint32_t vmsix_count(const struct vmsix *t)
{
    return t->n;
}

int vmsix_entry(const struct vmsix *t, uint32_t i, uint32_t w[4])
{
    if (i >= t->n)
        return -ERANGE;
    memcpy(w, &t->w[4 * i], 4 * sizeof(*w));
    return 0;
}

bool vmsix_pending(const struct vmsix *t, uint32_t i)
{
    return i < t->n && pba_test(t, i);
}

void vmsix_set_maskall(struct vmsix *t, bool on)
{
    t->maskall = on;
    if (!on)
        for (uint32_t i = 0; i < t->n; i++)
            release(t, i);
}

/* ---- registers ------------------------------------------------------------ */

static int mmio_read(void *ctx, uint64_t off, unsigned size, uint64_t *val)
{
    struct vmsix *t = ctx;

    if (size != 4 || off % 4)
        return MMIO_BAD_SIZE;
    if (off >= (uint64_t)t->n * VMSIX_ENTRY_SIZE) {
        *val = UINT32_MAX;
        return MMIO_UNMAPPED;
    }
    *val = t->w[off / 4];
    return MMIO_OK;
}

static int mmio_write(void *ctx, uint64_t off, unsigned size, uint64_t val)
{
    struct vmsix *t = ctx;
    uint32_t i = (uint32_t)(off / VMSIX_ENTRY_SIZE);

    if (size != 4 || off % 4)
        return MMIO_BAD_SIZE;
    if (off >= (uint64_t)t->n * VMSIX_ENTRY_SIZE)
        return MMIO_UNMAPPED;
    if (off % VMSIX_ENTRY_SIZE == VMSIX_CTRL) {
        /* only the mask bit is writable (PCIe 7.7.2.5: the rest RsvdP) */
        t->w[off / 4] = (uint32_t)val & VMSIX_CTRL_MASKBIT;
        release(t, i);
        return MMIO_OK;
    }
    t->w[off / 4] = (uint32_t)val;
    return MMIO_OK;
}

static const struct mmio_ops vmsix_mmio_ops = {
    .read = mmio_read,
    .write = mmio_write,
    .min_size = 4,
    .max_size = 4,
};

const struct mmio_ops *vmsix_mmio(void)
{
    return &vmsix_mmio_ops;
}

/* ---- store ops ------------------------------------------------------------ */

static uint32_t count(const void *store)
{
    return ((const struct vmsix *)store)->n;
}

static int lookup(void *store, uint32_t entry, struct ims_entry *out)
{
    struct vmsix *t = store;
    const uint32_t *e;

    if (entry >= t->n)
        return -ERANGE;
    e = &t->w[4 * entry];
    *out = (struct ims_entry){
        .addr = (uint64_t)e[1] << 32 | e[0],
        .data = e[2],
        .masked = masked(t, entry),
        .pending = pba_test(t, entry),
    };
    return 0;
}

static int set_pending(void *store, uint32_t entry)
{
    struct vmsix *t = store;

    if (entry >= t->n)
        return -ERANGE;
    pba_set(t, entry, true);
    return 0;
}

static void set_host(void *store, const struct ims_store_host *host)
{
    ((struct vmsix *)store)->host = *host;
}

static const struct ims_store_ops vmsix_ops = {
    .kind = "msix",
    .count = count,
    .reset = reset,
    .mmio = &vmsix_mmio_ops,
    .lookup = lookup,
    .set_pending = set_pending,
    .fire = NULL,
    .set_host = set_host,
};

const struct ims_store_ops *vmsix_store_ops(void)
{
    return &vmsix_ops;
}
