/* SPDX-License-Identifier: MIT */
/* ims_layout.c - names of layout descriptor fields, and the layout rules. */
#include "ims_layout.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

const char *ims_field_name(enum ims_field_id f)
{
    static const char *const names[IMS_F__COUNT] = {
        [IMS_F_ADDR_LO] = "addr_lo", [IMS_F_ADDR_HI] = "addr_hi",
        [IMS_F_DATA] = "data",       [IMS_F_MASK] = "mask",
        [IMS_F_PASID_EN] = "pasid_en", [IMS_F_PASID] = "pasid",
        [IMS_F_COMMIT] = "commit",
    };

    return (unsigned)f < IMS_F__COUNT ? names[f] : "?";
}

const char *ims_update_name(enum ims_update u)
{
    switch (u) {
    case IMS_UPDATE_PER_DWORD: return "per-dword";
    case IMS_UPDATE_ON_DATA: return "on-data";
    case IMS_UPDATE_ON_UNMASK: return "on-unmask";
    case IMS_UPDATE_ON_COMMIT: return "on-commit";
    default: return "?";
    }
}

const char *ims_partial_name(enum ims_partial p)
{
    switch (p) {
    case IMS_PARTIAL_UNDEFINED: return "undefined";
    case IMS_PARTIAL_MERGE: return "merge";
    case IMS_PARTIAL_IGNORE: return "ignore";
    default: return "?";
    }
}

const char *ims_form_name(enum ims_form f)
{
    switch (f) {
    case IMS_FORM_PORT: return "port";
    case IMS_FORM_TLP: return "tlp";
    default: return "?";
    }
}

const char *ims_storage_name(enum ims_storage s)
{
    switch (s) {
    case IMS_STORAGE_MMIO: return "mmio";
    case IMS_STORAGE_HOSTMEM: return "hostmem";
    default: return "?";
    }
}

struct report {
    char *key, *why;
    size_t keylen, whylen;
};

static int __attribute__((format(printf, 3, 4)))
bad(const struct report *r, const char *key, const char *fmt, ...)
{
    va_list ap;

    if (r->key && r->keylen)
        snprintf(r->key, r->keylen, "%s", key);
    if (r->why && r->whylen) {
        va_start(ap, fmt);
        vsnprintf(r->why, r->whylen, fmt, ap);
        va_end(ap);
    }
    return -EINVAL;
}

/* Width rule of each field: [min, max] bits. */
static void width_rule(enum ims_field_id f, unsigned *min, unsigned *max)
{
    switch (f) {
    case IMS_F_ADDR_LO:
    case IMS_F_ADDR_HI:
    case IMS_F_DATA:
        *min = *max = 32;
        break;
    case IMS_F_PASID:
        *min = 1;
        *max = 20;
        break;
    default:
        *min = *max = 1;
        break;
    }
}

static int check_field(const struct ims_layout *l, enum ims_field_id id,
                       const struct report *r)
{
    const struct ims_field *f = &l->field[id];
    const char *n = ims_field_name(id);
    char key[48];
    unsigned min, max;

    if (!f->present)
        return 0;
    width_rule(id, &min, &max);
    snprintf(key, sizeof(key), "fields.%s.offset", n);
    if (f->offset % 4)
        return bad(r, key, "offset 0x%x is not a multiple of 4 (fields are "
                   "bits of 32-bit registers)", f->offset);
    if (f->offset > l->stride - 4)
        return bad(r, key, "offset 0x%x is outside the entry (stride %u: "
                   "registers at 0x0..0x%x)", f->offset, l->stride,
                   l->stride - 4);
    snprintf(key, sizeof(key), "fields.%s.width", n);
    if (f->width < min || f->width > max) {
        if (min == max)
            return bad(r, key, "%s must be %u bit%s wide (got %u)", n, min,
                       min == 1 ? "" : "s", f->width);
        return bad(r, key, "%s must be %u..%u bits wide (got %u)", n, min,
                   max, f->width);
    }
    if ((unsigned)f->lsb + f->width > 32) {
        snprintf(key, sizeof(key), "fields.%s.lsb", n);
        return bad(r, key, "lsb %u + width %u exceeds the 32-bit register",
                   f->lsb, f->width);
    }
    if (f->width < 32 && (f->reserved | f->read_only) >> f->width) {
        snprintf(key, sizeof(key), "fields.%s.%s", n,
                 f->reserved >> f->width ? "reserved" : "read_only");
        return bad(r, key, "bits outside the field's %u bits", f->width);
    }
    if ((f->reserved | f->read_only) == (f->width >= 32 ? UINT32_MAX
                                         : (UINT32_C(1) << f->width) - 1u)) {
        snprintf(key, sizeof(key), "fields.%s.reserved", n);
        return bad(r, key, "every bit of the field is reserved or read-only");
    }
    return 0;
}

int ims_layout_check(const struct ims_layout *l, char *key, size_t keylen,
                     char *why, size_t whylen)
{
    const struct report r = { key, why, keylen, whylen };
    bool hostmem = l->storage == IMS_STORAGE_HOSTMEM;
    uint64_t end;
    int rc;

    if (!l->name[0])
        return bad(&r, "name", "must not be empty");
    if (l->storage != IMS_STORAGE_MMIO && !hostmem)
        return bad(&r, "storage", "unknown storage kind");
    if (l->entries < 1 || l->entries > IMS_LAYOUT_MAX_ENTRIES)
        return bad(&r, "entries", "%u is out of range (1..%u)", l->entries,
                   IMS_LAYOUT_MAX_ENTRIES);
    if (l->stride < 4 || l->stride > IMS_LAYOUT_MAX_STRIDE || l->stride % 4)
        return bad(&r, "stride", "%u is not a multiple of 4 in 4..%u",
                   l->stride, IMS_LAYOUT_MAX_STRIDE);
    if (l->base % 4)
        return bad(&r, "base", "0x%x is not a multiple of 4", l->base);
    end = hostmem ? (uint64_t)l->base + IMS_CMD_BLOCK_SIZE
                  : (uint64_t)l->base + (uint64_t)l->entries * l->stride;
    if (end > UINT64_C(1) << 32)
        return bad(&r, "base", "the %s ends at 0x%llx, beyond the 32-bit "
                   "register port", hostmem ? "command block" : "table",
                   (unsigned long long)end);
    if (l->has_pba) {
        uint64_t pend = (uint64_t)l->pba_base + ims_layout_pba_size(l);

        if (hostmem)
            return bad(&r, "pba_base", "only for storage mmio (hostmem: READ reports "
                       "STATUS.pending)");
        if (l->pba_base % 4)
            return bad(&r, "pba_base", "0x%x is not a multiple of 4", l->pba_base);
        if (pend > UINT64_C(1) << 32)
            return bad(&r, "pba_base", "the PBA ends beyond the 32-bit register port");
        if (l->pba_base < end && pend > l->base)
            return bad(&r, "pba_base", "the PBA (0x%x..0x%llx) overlaps the table", l->pba_base,
                       (unsigned long long)pend - 1);
    }
    if (l->clock_ps % 2)
        return bad(&r, "clock_ps", "%u is odd: the clock rises half a period after it "
                   "falls, a whole number of ps", l->clock_ps);
    for (unsigned f = 0; f < IMS_F__COUNT; f++) {
        if (f == IMS_F_ADDR_LO || f == IMS_F_DATA || f == IMS_F_MASK) {
            if (!l->field[f].present)
                return bad(&r, "fields", "missing required field '%s'",
                           ims_field_name(f));
        }
        rc = check_field(l, (enum ims_field_id)f, &r);
        if (rc)
            return rc;
    }
    /* no two fields share a bit (only fields in one register can) */
    for (unsigned a = 0; a < IMS_F__COUNT; a++) {
        for (unsigned b = a + 1; b < IMS_F__COUNT; b++) {
            const struct ims_field *fa = &l->field[a], *fb = &l->field[b];
            char k[32];

            if (!fa->present || !fb->present || fa->offset != fb->offset ||
                !(ims_field_mask(fa) & ims_field_mask(fb)))
                continue;
            snprintf(k, sizeof(k), "fields.%s", ims_field_name(b));
            return bad(&r, k, "%s overlaps %s (register 0x%x, bits 0x%08x)",
                       ims_field_name(b), ims_field_name(a), fb->offset,
                       ims_field_mask(fa) & ims_field_mask(fb));
        }
    }
    if (l->field[IMS_F_PASID_EN].present != l->field[IMS_F_PASID].present)
        return bad(&r, l->field[IMS_F_PASID].present ? "fields.pasid"
                                                    : "fields.pasid_en",
                   "pasid_en and pasid go together: give both or neither");
    if (l->pasid_check && !l->field[IMS_F_PASID].present)
        return bad(&r, "pasid_check", "true needs fields pasid_en and pasid");
    if (l->service_cycles > IMS_LAYOUT_MAX_SERVICE)
        return bad(&r, "service_cycles", "%u is out of range (1..%u)", l->service_cycles,
                   IMS_LAYOUT_MAX_SERVICE);
    if (l->pending_slots > l->entries)
        return bad(&r, "pending_slots", "%u is more than the %u entries", l->pending_slots,
                   l->entries);
    if (l->index_bits > 32)
        return bad(&r, "index_bits", "%u is out of range (1..32)", l->index_bits);
    if ((unsigned)l->arbitration > IMS_ARB_FIXED_PRIORITY)
        return bad(&r, "arbitration", "unknown arbitration");
    if ((unsigned)l->pending_release > IMS_RELEASE_IN_ORDER)
        return bad(&r, "pending_release", "unknown release order");
    if ((unsigned)l->partial_writes > IMS_PARTIAL_IGNORE)
        return bad(&r, "partial_writes", "unknown value");
    if (l->partial_writes && hostmem)
        return bad(&r, "partial_writes", "only for storage mmio (hostmem: the command "
                   "block is written whole)");
    if (hostmem) {
        if (l->field[IMS_F_COMMIT].present)
            return bad(&r, "fields.commit", "not allowed with storage "
                       "hostmem (the command is the commit)");
        if (l->update != IMS_UPDATE_ON_COMMIT)
            return bad(&r, "update", "storage hostmem takes effect by "
                       "command: update must be on-commit");
        if (l->cmd_latency < 1 || l->cmd_latency > IMS_CMD_LATENCY_MAX)
            return bad(&r, "cmd_latency", "%u is out of range (1..%u)",
                       l->cmd_latency, IMS_CMD_LATENCY_MAX);
        return 0;
    }
    if (l->cmd_latency)
        return bad(&r, "cmd_latency", "only for storage hostmem");
    if (l->update == IMS_UPDATE_ON_COMMIT && !l->field[IMS_F_COMMIT].present)
        return bad(&r, "update", "on-commit needs a commit field");
    if (l->update != IMS_UPDATE_ON_COMMIT && l->field[IMS_F_COMMIT].present)
        return bad(&r, "fields.commit", "only with update: on-commit");
    if ((unsigned)l->update > IMS_UPDATE_ON_COMMIT)
        return bad(&r, "update", "unknown update mode");
    return 0;
}
