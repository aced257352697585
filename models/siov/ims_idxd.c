/* SPDX-License-Identifier: MIT */
/*
 * ims_idxd.c - the IDXD (DSA) kind: BAR0 with VERSION, GENCAP, OFFSETS and
 * the IMS table of 16-byte slots (domain.md 6.4; idxd_regs.h).
 *
 * The slots are device registers.  The device samples a slot's registers as
 * they are when it generates a message, dword by dword as they were last
 * written: a driver that rewrites an unmasked slot can have a message go out
 * with the new address and the old data (a torn pair).  That is the
 * hardware's behaviour, and why the IDXD IMS irqchip writes addr_lo,
 * addr_hi, data with the slot masked (domain.md 6.4, 10 item 4).
 */
#include <errno.h>
#include <stdlib.h>

#include "models/siov/idxd_regs.h"
#include "models/siov/siov_internal.h"

#define SLOT_DWORDS (IDXD_IMS_SLOT_SIZE / 4u)

struct idxd {
    const struct siov__env *env;
    uint32_t entries;
    uint32_t *slot;         /* per entry: addr_lo, addr_hi, data, ctrl */
    uint8_t *pending;       /* model state: not visible in any register */
    struct ims_store_host host;
    uint32_t cmd, cmdsts;   /* with interrupt handles (env->handles) */
};

uint64_t siov__idxd_bar_size(uint32_t entries)
{
    return idxd_ims_slot_offset(entries);
}

static uint64_t gencap(const struct idxd *x)
{
    /* registers.h union gen_cap_reg: max_ims_mult, and cmd_cap when the
     * device has interrupt handles (then CMDCAP says which commands) */
    return (((uint64_t)(x->entries / IDXD_IMS_MULT_ENTRIES)
             << IDXD_GENCAP_MAX_IMS_MULT_SHIFT) & IDXD_GENCAP_MAX_IMS_MULT_MASK) |
           (x->env->handles ? IDXD_GENCAP_CMD_CAP : 0);
}

/* CMDCAP: the two interrupt-handle commands (domain.md 2.5) */
#define CMDCAP_VALUE ((UINT32_C(1) << IDXD_CMD_REQUEST_INT_HANDLE) | \
                      (UINT32_C(1) << IDXD_CMD_RELEASE_INT_HANDLE))

/* The command interface's registers, or false when @off is none of them
 * (or the device has no interrupt handles). */
static bool cmd_read(const struct idxd *x, uint64_t off, uint32_t *val)
{
    if (!x->env->handles)
        return false;
    switch (off) {
    case IDXD_INTCAUSE_OFFSET:
        *val = x->env->handles->intcause;
        return true;
    case IDXD_CMD_OFFSET:
        *val = x->cmd;
        return true;
    case IDXD_CMDSTS_OFFSET:
        *val = x->cmdsts;
        return true;
    case IDXD_CMDCAP_OFFSET:
        *val = CMDCAP_VALUE;
        return true;
    default:
        return false;
    }
}

static bool cmd_write(struct idxd *x, uint64_t off, uint32_t val)
{
    struct siov__handles *h = x->env->handles;

    if (!h)
        return false;
    switch (off) {
    case IDXD_INTCAUSE_OFFSET:
        h->intcause &= ~val;            /* RW1C */
        return true;
    case IDXD_CMD_OFFSET:
        /* IDXD-HANDLE-01: the command executes at once; CMDSTS.active is
         * clear again by the time the driver reads it, so int_req (a
         * completion interrupt) is not needed and not modelled */
        x->cmd = val;
        x->cmdsts = siov__handle_cmd(h, val);
        x->env->stats->cmds++;
        if (idxd_cmdsts_err(x->cmdsts))
            x->env->stats->cmd_errors++;
        return true;
    case IDXD_CMDSTS_OFFSET:
    case IDXD_CMDCAP_OFFSET:
        return true;                    /* read-only */
    default:
        return false;
    }
}

static uint64_t offsets_lo(void)
{
    /* registers.h union offsets_reg, bits 63:0 */
    uint64_t v = 0;

    v |= (uint64_t)IDXD_MODEL_GRPCFG_UNITS << IDXD_OFFSETS_GRPCFG_SHIFT;
    v |= (uint64_t)IDXD_MODEL_WQCFG_UNITS << IDXD_OFFSETS_WQCFG_SHIFT;
    v |= (uint64_t)IDXD_MODEL_MSIX_PERM_UNITS << IDXD_OFFSETS_MSIX_PERM_SHIFT;
    v |= (uint64_t)IDXD_MODEL_IMS_UNITS << IDXD_OFFSETS_IMS_SHIFT;
    return v;
}

static uint64_t offsets_hi(void)
{
    return (uint64_t)IDXD_MODEL_PERFMON_UNITS << IDXD_OFFSETS_PERFMON_SHIFT;
}

/* The IMS slot dword at @off, or false when @off is outside the table. */
static bool slot_dword(const struct idxd *x, uint64_t off, uint32_t *entry,
                       uint32_t *reg)
{
    uint64_t base = idxd_ims_slot_offset(0);

    if (off < base || off >= idxd_ims_slot_offset(x->entries))
        return false;
    *entry = (uint32_t)((off - base) / IDXD_IMS_SLOT_SIZE);
    *reg = (uint32_t)((off - base) % IDXD_IMS_SLOT_SIZE);
    return true;
}

static int read_dword(struct idxd *x, uint64_t off, uint32_t *val)
{
    uint32_t entry, reg;

    if (slot_dword(x, off, &entry, &reg)) {
        *val = x->slot[entry * SLOT_DWORDS + reg / 4u];
        return MMIO_OK;
    }
    if (cmd_read(x, off, val))
        return MMIO_OK;
    switch (off) {
    case IDXD_VER_OFFSET:
        *val = IDXD_DEVICE_VERSION_1;
        return MMIO_OK;
    case IDXD_GENCAP_OFFSET:
        *val = (uint32_t)gencap(x);
        return MMIO_OK;
    case IDXD_GENCAP_OFFSET + 4:
        *val = (uint32_t)(gencap(x) >> 32);
        return MMIO_OK;
    case IDXD_TABLE_OFFSET:
        *val = (uint32_t)offsets_lo();
        return MMIO_OK;
    case IDXD_TABLE_OFFSET + 4:
        *val = (uint32_t)(offsets_lo() >> 32);
        return MMIO_OK;
    case IDXD_TABLE_OFFSET + 8:
        *val = (uint32_t)offsets_hi();
        return MMIO_OK;
    case IDXD_TABLE_OFFSET + 12:
        *val = (uint32_t)(offsets_hi() >> 32);
        return MMIO_OK;
    default:
        *val = UINT32_MAX;
        return MMIO_UNMAPPED;
    }
}

static bool is_register(uint64_t off)
{
    return off == IDXD_VER_OFFSET ||
           (off >= IDXD_GENCAP_OFFSET && off < IDXD_GENCAP_OFFSET + 8) ||
           (off >= IDXD_TABLE_OFFSET && off < IDXD_TABLE_OFFSET + 16);
}

static void write_slot(struct idxd *x, uint32_t entry, uint32_t reg,
                       uint32_t val)
{
    uint32_t *s = &x->slot[entry * SLOT_DWORDS];
    bool was_masked, masked;

    if (reg != IDXD_IMS_CTRL) {
        /* addr_lo, addr_hi, data take effect at once, masked or not */
        s[reg / 4u] = val;
        return;
    }
    /* ctrl (domain.md 6.4): reserved bits 2:1 and 11:4 read 0 */
    was_masked = s[IDXD_IMS_CTRL / 4u] & IDXD_IMS_CTRL_VECTOR_MASKBIT;
    s[IDXD_IMS_CTRL / 4u] = val & IDXD_IMS_CTRL_WRITABLE;
    masked = val & IDXD_IMS_CTRL_VECTOR_MASKBIT;
    /* IMS-PEND-01: unmasking a pending slot sends its message once, with
     * the pair the slot holds now */
    if (was_masked && !masked && x->pending[entry]) {
        x->pending[entry] = 0;
        if (x->host.emit)
            x->host.emit(x->host.host, entry,
                         (uint64_t)s[IDXD_IMS_ADDR_HI / 4u] << 32 |
                             s[IDXD_IMS_ADDR_LO / 4u],
                         s[IDXD_IMS_DATA / 4u]);
    }
}

static int write_dword(struct idxd *x, uint64_t off, uint32_t val)
{
    uint32_t entry, reg;

    if (slot_dword(x, off, &entry, &reg)) {
        write_slot(x, entry, reg, val);
        return MMIO_OK;
    }
    if (cmd_write(x, off, val))
        return MMIO_OK;
    /* VERSION, GENCAP and OFFSETS are read-only: writes are ignored */
    return is_register(off) ? MMIO_OK : MMIO_UNMAPPED;
}

/* IMS-ACCESS-01: aligned DWORD, or aligned QWORD taken as two DWORDs. */
static bool access_ok(uint64_t off, unsigned size)
{
    return (size == 4 || size == 8) && off % size == 0;
}

static int idxd_mmio_read(void *ctx, uint64_t off, unsigned size,
                          uint64_t *val)
{
    struct idxd *x = ctx;
    uint32_t lo, hi = 0;
    int r;

    if (!access_ok(off, size)) {
        *val = UINT64_MAX;
        return MMIO_BAD_SIZE;
    }
    r = read_dword(x, off, &lo);
    if (size == 8 && r == MMIO_OK)
        r = read_dword(x, off + 4, &hi);
    if (r != MMIO_OK) {
        *val = size == 8 ? UINT64_MAX : UINT32_MAX;
        return r;
    }
    *val = size == 8 ? (uint64_t)hi << 32 | lo : lo;
    return MMIO_OK;
}

static int idxd_mmio_write(void *ctx, uint64_t off, unsigned size,
                           uint64_t val)
{
    struct idxd *x = ctx;
    uint32_t dummy;
    int r;

    if (!access_ok(off, size))
        return MMIO_BAD_SIZE;
    /* decode both halves first so an access is taken whole or not at all */
    r = read_dword(x, off, &dummy);
    if (size == 8 && r == MMIO_OK)
        r = read_dword(x, off + 4, &dummy);
    if (r != MMIO_OK)
        return r;
    /* the low dword first: a QWORD write to data/ctrl writes data before
     * it unmasks */
    write_dword(x, off, (uint32_t)val);
    if (size == 8)
        write_dword(x, off + 4, (uint32_t)(val >> 32));
    return MMIO_OK;
}

static const struct mmio_ops idxd_mmio = {
    .read = idxd_mmio_read,
    .write = idxd_mmio_write,
    .min_size = 4,
    .max_size = 8,
};

static uint32_t idxd_count(const void *store)
{
    const struct idxd *x = store;

    return x->entries;
}

static void idxd_reset(void *store)
{
    struct idxd *x = store;

    /* IMS-LAYOUT-IDXD-01: every slot masked, pair zero */
    for (uint32_t i = 0; i < x->entries; i++) {
        uint32_t *s = &x->slot[i * SLOT_DWORDS];

        s[IDXD_IMS_ADDR_LO / 4u] = 0;
        s[IDXD_IMS_ADDR_HI / 4u] = 0;
        s[IDXD_IMS_DATA / 4u] = 0;
        s[IDXD_IMS_CTRL / 4u] = IDXD_IMS_CTRL_RESET;
        x->pending[i] = 0;
    }
    x->cmd = 0;
    x->cmdsts = 0;
}

static int idxd_lookup(void *store, uint32_t entry, struct ims_entry *out)
{
    struct idxd *x = store;
    const uint32_t *s;
    uint32_t ctrl;

    if (entry >= x->entries)
        return -ERANGE;
    s = &x->slot[entry * SLOT_DWORDS];
    ctrl = s[IDXD_IMS_CTRL / 4u];
    /* the registers as they are now, each dword as last written */
    out->addr = (uint64_t)s[IDXD_IMS_ADDR_HI / 4u] << 32 |
                s[IDXD_IMS_ADDR_LO / 4u];
    out->data = s[IDXD_IMS_DATA / 4u];
    out->masked = ctrl & IDXD_IMS_CTRL_VECTOR_MASKBIT;
    out->pending = x->pending[entry];
    out->pasid_en = ctrl & IDXD_IMS_CTRL_PASID_ENABLE;
    out->pasid = idxd_ims_ctrl_pasid(ctrl);
    return 0;
}

static int idxd_set_pending(void *store, uint32_t entry)
{
    struct idxd *x = store;

    if (entry >= x->entries)
        return -ERANGE;
    x->pending[entry] = 1;
    return 0;
}

static void idxd_set_host(void *store, const struct ims_store_host *host)
{
    struct idxd *x = store;

    x->host = *host;
}

static const struct ims_store_ops idxd_ops = {
    .kind = "idxd",
    .count = idxd_count,
    .reset = idxd_reset,
    .mmio = &idxd_mmio,
    .lookup = idxd_lookup,
    .set_pending = idxd_set_pending,
    .fire = NULL,
    .set_host = idxd_set_host,
};

static void idxd_destroy(void *store)
{
    struct idxd *x = store;

    if (!x)
        return;
    free(x->slot);
    free(x->pending);
    free(x);
}

int siov__idxd_create(struct siov__store *out, const struct siov__env *env,
                      uint32_t entries)
{
    struct idxd *x;

    if (entries % IDXD_IMS_MULT_ENTRIES ||
        entries / IDXD_IMS_MULT_ENTRIES > IDXD_IMS_MULT_MAX)
        return -EINVAL;
    x = calloc(1, sizeof(*x));
    if (!x)
        return -ENOMEM;
    x->env = env;
    x->entries = entries;
    x->slot = calloc(entries ? entries * SLOT_DWORDS : 1, sizeof(*x->slot));
    x->pending = calloc(entries ? entries : 1, 1);
    if (!x->slot || !x->pending) {
        idxd_destroy(x);
        return -ENOMEM;
    }
    idxd_reset(x);
    out->ops = &idxd_ops;
    out->store = x;
    out->destroy = idxd_destroy;
    return 0;
}
