/* SPDX-License-Identifier: MIT */
/* pci.c - configuration space, capability lists and requester ID helpers. */
#include "pci.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "models/trace-events.h"
#include "sim/trace.h"

#define CFG_SIZE PCI_CFG_SPACE_EXP_SIZE

/* Command bits a CPU may write (PCIe Base 6.0 s.7.5.1.1.3).  I/O Space
 * Enable is hardwired to 0: the model has no I/O BARs. */
#define COMMAND_WMASK (PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER |            \
                       PCI_COMMAND_PARITY | PCI_COMMAND_SERR |              \
                       PCI_COMMAND_INTX_DISABLE)

#define EXT_CAP_TTL ((PCI_CFG_SPACE_EXP_SIZE - PCI_CFG_SPACE_SIZE) / 8)

/* ---- requester ID -------------------------------------------------------- */

int pci_rid_format(uint16_t rid, char *buf, size_t len)
{
    return snprintf(buf, len, "%02x:%02x.%x", (unsigned)PCI_RID_BUS(rid),
                    (unsigned)PCI_RID_DEV(rid), (unsigned)PCI_RID_FN(rid));
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* One to two hex digits; advances *p. */
static int hex_field(const char **p, unsigned *out)
{
    unsigned v = 0, n = 0;
    int d;

    while (n < 2 && (d = hex_digit(**p)) >= 0) {
        v = v * 16 + (unsigned)d;
        (*p)++;
        n++;
    }
    if (n == 0 || hex_digit(**p) >= 0)
        return -EINVAL;
    *out = v;
    return 0;
}

int pci_rid_parse(const char *s, uint16_t *rid)
{
    unsigned bus, dev, fn;

    if (!s || !rid)
        return -EINVAL;
    if (hex_field(&s, &bus) || *s++ != ':' || hex_field(&s, &dev) ||
        *s++ != '.' || hex_field(&s, &fn) || *s != '\0')
        return -EINVAL;
    if (dev > 0x1f || fn > 7)
        return -EINVAL;
    *rid = PCI_RID(bus, dev, fn);
    return 0;
}

/* ---- raw access ---------------------------------------------------------- */

uint8_t pci_get_byte(const struct pci_cfg *cfg, uint32_t off)
{
    assert(off < CFG_SIZE);
    return cfg->bytes[off];
}

uint16_t pci_get_word(const struct pci_cfg *cfg, uint32_t off)
{
    assert(off <= CFG_SIZE - 2);
    return (uint16_t)(cfg->bytes[off] | (uint16_t)cfg->bytes[off + 1] << 8);
}

uint32_t pci_get_long(const struct pci_cfg *cfg, uint32_t off)
{
    assert(off <= CFG_SIZE - 4);
    return (uint32_t)cfg->bytes[off] | (uint32_t)cfg->bytes[off + 1] << 8 |
           (uint32_t)cfg->bytes[off + 2] << 16 | (uint32_t)cfg->bytes[off + 3] << 24;
}

void pci_set_byte(struct pci_cfg *cfg, uint32_t off, uint8_t val)
{
    assert(off < CFG_SIZE);
    cfg->bytes[off] = val;
}

void pci_set_word(struct pci_cfg *cfg, uint32_t off, uint16_t val)
{
    assert(off <= CFG_SIZE - 2);
    cfg->bytes[off] = (uint8_t)val;
    cfg->bytes[off + 1] = (uint8_t)(val >> 8);
}

void pci_set_long(struct pci_cfg *cfg, uint32_t off, uint32_t val)
{
    assert(off <= CFG_SIZE - 4);
    for (unsigned i = 0; i < 4; i++)
        cfg->bytes[off + i] = (uint8_t)(val >> (8 * i));
}

void pci_cfg_define(struct pci_cfg *cfg, uint32_t off, unsigned size,
                    uint32_t val, uint32_t wmask, uint32_t w1cmask)
{
    assert(size == 1 || size == 2 || size == 4);
    assert(off <= CFG_SIZE - size);
    for (unsigned i = 0; i < size; i++) {
        cfg->bytes[off + i] = (uint8_t)(val >> (8 * i));
        cfg->wmask[off + i] = (uint8_t)(wmask >> (8 * i));
        cfg->w1cmask[off + i] = (uint8_t)(w1cmask >> (8 * i));
    }
}

/*
 * A read by a capability walk.  The walk follows pointers found in the
 * space, which a VMM's virtual space may get wrong; a dword past the end
 * reads as all ones, as a config read of a register that does not exist.
 */
static uint32_t peek(const struct pci_cfg *cfg, uint32_t off, unsigned size)
{
    uint32_t v = 0;

    if (off > CFG_SIZE - size)
        return size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1;
    for (unsigned i = 0; i < size; i++)
        v |= (uint32_t)cfg->bytes[off + i] << (8 * i);
    return v;
}

/* ---- byte ownership (for the capability builders) ------------------------ */

static bool range_free(const struct pci_cfg *cfg, uint32_t off, uint32_t size)
{
    for (uint32_t b = off; b < off + size; b++)
        if ((cfg->used[b / 64] >> (b % 64)) & 1)
            return false;
    return true;
}

static void mark_used(struct pci_cfg *cfg, uint32_t off, uint32_t size)
{
    for (uint32_t b = off; b < off + size; b++)
        cfg->used[b / 64] |= UINT64_C(1) << (b % 64);
}

static void clear_range(struct pci_cfg *cfg, uint32_t off, uint32_t size)
{
    memset(&cfg->bytes[off], 0, size);
    memset(&cfg->wmask[off], 0, size);
    memset(&cfg->w1cmask[off], 0, size);
}

/* ---- header -------------------------------------------------------------- */

void pci_cfg_init(struct pci_cfg *cfg, struct sim *sim, uint16_t rid,
                  uint16_t vendor, uint16_t device)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->sim = sim;
    cfg->rid = rid;
    /* Rule PCI-CFG-01 (PCIe Base 6.0 s.7.5.1.1): IDs RO; Command RW bits;
     * Status errors RW1C */
    pci_cfg_define(cfg, PCI_VENDOR_ID, 2, vendor, 0, 0);
    pci_cfg_define(cfg, PCI_DEVICE_ID, 2, device, 0, 0);
    pci_cfg_define(cfg, PCI_COMMAND, 2, 0, COMMAND_WMASK, 0);
    pci_cfg_define(cfg, PCI_STATUS, 2, 0, 0, PCI_STATUS_W1C_MASK);
    pci_cfg_define(cfg, PCI_CACHE_LINE_SIZE, 1, 0, 0xff, 0);
    pci_cfg_define(cfg, PCI_HEADER_TYPE, 1, PCI_HEADER_TYPE_NORMAL, 0, 0);
    pci_cfg_define(cfg, PCI_CAPABILITY_LIST, 1, 0, 0, 0);
    pci_cfg_define(cfg, PCI_INTERRUPT_LINE, 1, 0, 0xff, 0);
    mark_used(cfg, 0, PCI_STD_HEADER_SIZEOF);
    /* 0x100 holds a zero header: no extended capabilities (s.7.6.3) */
}

/* ---- CPU access ---------------------------------------------------------- */

/* Rule PCI-CFG-ACC-01: sizes 1, 2, 4 at natural alignment inside 4 KiB. */
static int check_access(struct pci_cfg *cfg, uint32_t off, unsigned size,
                        bool write)
{
    int r = MMIO_OK;

    if ((size != 1 && size != 2 && size != 4) || (off & (size - 1)))
        r = MMIO_BAD_SIZE;
    else if (off >= CFG_SIZE)
        r = MMIO_UNMAPPED;
    if (r == MMIO_OK)
        return r;
    cfg->guest_errors++;
    cfg->last_err.off = off;
    cfg->last_err.size = size;
    cfg->last_err.write = write;
    if (cfg->sim)
        SIM_TRACE(cfg->sim, TP_PCI_CFG_BAD_ACCESS, cfg->rid, off, size, write);
    return r;
}

int pci_cfg_read(struct pci_cfg *cfg, uint32_t off, unsigned size,
                 uint32_t *val)
{
    int r = check_access(cfg, off, size, false);

    if (r != MMIO_OK) {
        *val = (size == 1 || size == 2) ? (1u << (8 * size)) - 1 : 0xffffffffu;
        return r;
    }
    *val = peek(cfg, off, size);
    return MMIO_OK;
}

int pci_cfg_write(struct pci_cfg *cfg, uint32_t off, unsigned size,
                  uint32_t val)
{
    int r = check_access(cfg, off, size, true);

    if (r != MMIO_OK)
        return r;
    /* QEMU pci_default_write_config: RW through wmask, then RW1C */
    for (unsigned i = 0; i < size; i++) {
        uint32_t b = off + i;
        uint8_t v = (uint8_t)(val >> (8 * i));
        uint8_t old = cfg->bytes[b];

        cfg->bytes[b] = (uint8_t)(((old & ~cfg->wmask[b]) | (v & cfg->wmask[b])) &
                                  ~(v & cfg->w1cmask[b]));
    }
    if (cfg->sim)
        SIM_TRACE(cfg->sim, TP_PCI_CFG_WRITE, cfg->rid, off, size, val);
    for (unsigned h = 0; h < cfg->nhooks; h++) {
        const struct pci_cfg_hook *k = &cfg->hooks[h];

        if (off < (uint32_t)k->off + k->len && k->off < off + size)
            k->fn(k->ctx, cfg, off, size);
    }
    return MMIO_OK;
}

static int cfg_mmio_read(void *ctx, uint64_t off, unsigned size, uint64_t *val)
{
    uint32_t v;
    /* offsets beyond 32 bits are beyond the space: let the check see that */
    uint32_t o = off >= CFG_SIZE ? CFG_SIZE : (uint32_t)off;
    int r = pci_cfg_read(ctx, o, size, &v);

    *val = v;
    return r;
}

static int cfg_mmio_write(void *ctx, uint64_t off, unsigned size, uint64_t val)
{
    uint32_t o = off >= CFG_SIZE ? CFG_SIZE : (uint32_t)off;

    return pci_cfg_write(ctx, o, size, (uint32_t)val);
}

const struct mmio_ops pci_cfg_mmio_ops = {
    .read = cfg_mmio_read,
    .write = cfg_mmio_write,
    .min_size = 1,
    .max_size = 4,
};

int pci_cfg_add_hook(struct pci_cfg *cfg, uint32_t off, uint32_t len,
                     pci_cfg_hook_fn fn, void *ctx)
{
    if (!fn || len == 0 || off >= CFG_SIZE || len > CFG_SIZE - off)
        return -EINVAL;
    if (cfg->nhooks == PCI_CFG_MAX_HOOKS)
        return -ENOSPC;
    cfg->hooks[cfg->nhooks++] = (struct pci_cfg_hook){
        .off = (uint16_t)off, .len = (uint16_t)len, .fn = fn, .ctx = ctx };
    return 0;
}

int pci_cfg_remove_hook(struct pci_cfg *cfg, pci_cfg_hook_fn fn, void *ctx)
{
    unsigned n = 0;

    for (unsigned i = 0; i < cfg->nhooks; i++) {
        if (cfg->hooks[i].fn == fn && cfg->hooks[i].ctx == ctx)
            continue;
        cfg->hooks[n++] = cfg->hooks[i];
    }
    if (n == cfg->nhooks)
        return -ENOENT;
    cfg->nhooks = n;
    return 0;
}

/* ---- BARs: PCIe Base 6.0 s.7.5.1.2.1 ------------------------------------- */

int pci_bar_define(struct pci_cfg *cfg, unsigned bir, uint64_t size,
                   uint32_t flags)
{
    bool is64 = flags & PCI_BASE_ADDRESS_MEM_TYPE_64;
    uint32_t reg = PCI_BASE_ADDRESS_0 + 4 * bir;
    uint64_t amask;

    if (bir >= PCI_NUM_BARS || (is64 && bir + 1 >= PCI_NUM_BARS))
        return -EINVAL;
    if (flags & ~(uint32_t)(PCI_BASE_ADDRESS_MEM_TYPE_64 | PCI_BASE_ADDRESS_MEM_PREFETCH))
        return -EINVAL;
    if (size < 16 || (size & (size - 1)) || (!is64 && size > (UINT64_C(1) << 31)))
        return -EINVAL;
    amask = ~(size - 1);
    /* rule PCI-BAR-01 */
    /* the low four bits are RO flags; address bits below size are RO 0 */
    pci_cfg_define(cfg, reg, 4, flags, (uint32_t)amask & ~PCI_BASE_ADDRESS_MEM_FLAGS, 0);
    if (is64)
        pci_cfg_define(cfg, reg + 4, 4, 0, (uint32_t)(amask >> 32), 0);
    return 0;
}

uint64_t pci_bar_addr(const struct pci_cfg *cfg, unsigned bir)
{
    uint32_t reg = PCI_BASE_ADDRESS_0 + 4 * bir;
    uint32_t lo;
    uint64_t addr;

    if (bir >= PCI_NUM_BARS)
        return 0;
    lo = pci_get_long(cfg, reg);
    addr = lo & ~(uint32_t)PCI_BASE_ADDRESS_MEM_FLAGS;
    /* Type bits 2:1 = 10b: 64-bit, the next BAR holds bits 63:32 */
    if ((lo & 0x6u) == PCI_BASE_ADDRESS_MEM_TYPE_64 && bir + 1 < PCI_NUM_BARS)
        addr |= (uint64_t)pci_get_long(cfg, reg + 4) << 32;
    return addr;
}

/* ---- capability builders ------------------------------------------------- */

int pci_add_cap(struct pci_cfg *cfg, uint8_t id, uint32_t off, uint32_t size)
{
    const uint32_t lo = PCI_STD_HEADER_SIZEOF, hi = PCI_CFG_SPACE_SIZE;

    if (size < 2 || size > hi - lo)
        return -EINVAL;
    if (off == 0) {
        for (off = lo; off + size <= hi; off += 4)
            if (range_free(cfg, off, size))
                break;
        if (off + size > hi)
            return -ENOSPC;
    } else {
        /* rule PCI-CAP-01 (PCIe Base 6.0 s.7.5.1.1.11): dword aligned, 40h-FFh */
        if ((off & 3) || off < lo || off + size > hi)
            return -EINVAL;
        if (!range_free(cfg, off, size))
            return -EBUSY;
    }
    clear_range(cfg, off, size);
    mark_used(cfg, off, size);
    pci_set_byte(cfg, off + PCI_CAP_LIST_ID, id);
    pci_set_byte(cfg, off + PCI_CAP_LIST_NEXT, 0);
    if (cfg->last_cap)
        pci_set_byte(cfg, cfg->last_cap + PCI_CAP_LIST_NEXT, (uint8_t)off);
    else
        pci_set_byte(cfg, PCI_CAPABILITY_LIST, (uint8_t)off);
    cfg->last_cap = (uint16_t)off;
    pci_set_word(cfg, PCI_STATUS, pci_get_word(cfg, PCI_STATUS) | PCI_STATUS_CAP_LIST);
    return (int)off;
}

int pci_add_ext_cap(struct pci_cfg *cfg, uint16_t id, uint8_t ver,
                    uint32_t off, uint32_t size)
{
    const uint32_t lo = PCI_CFG_SPACE_SIZE, hi = CFG_SIZE;

    if (size < 4 || size > hi - lo || ver > 0xf)
        return -EINVAL;
    if (off == 0) {
        for (off = lo; off + size <= hi; off += 4)
            if (range_free(cfg, off, size))
                break;
        if (off + size > hi)
            return -ENOSPC;
    } else {
        if ((off & 3) || off < lo || off + size > hi)
            return -EINVAL;
        /* rule PCI-EXT-01: the list starts at 100h (PCIe Base 6.0 s.7.6.3) */
        if (!cfg->last_ext && off != lo)
            return -EINVAL;
        if (!range_free(cfg, off, size))
            return -EBUSY;
    }
    /* nothing but extended capabilities lives at 100h and above */
    assert(cfg->last_ext || off == lo);
    clear_range(cfg, off, size);
    mark_used(cfg, off, size);
    pci_set_long(cfg, off, PCI_EXT_CAP_HDR(id, ver, 0));
    if (cfg->last_ext) {
        uint32_t h = pci_get_long(cfg, cfg->last_ext);

        h = (h & ~PCI_EXT_CAP_NEXT_MASK) | PCI_EXT_CAP_HDR(0, 0, off);
        pci_set_long(cfg, cfg->last_ext, h);
    }
    cfg->last_ext = (uint16_t)off;
    return (int)off;
}

int pci_add_dvsec(struct pci_cfg *cfg, uint16_t vendor, uint8_t rev,
                  uint16_t dvsec_id, uint32_t len)
{
    int off;

    /* rule DVSEC-FMT-01 (PCIe Base 6.0 s.7.9.6.2): Length is 12 bits, bytes */
    if (len < PCI_DVSEC_MIN_LEN || len > 0xfff || rev > 0xf)
        return -EINVAL;
    off = pci_add_ext_cap(cfg, PCI_EXT_CAP_ID_DVSEC, PCI_DVSEC_CAP_VERSION, 0,
                          (len + 3) & ~3u);
    if (off < 0)
        return off;
    pci_set_long(cfg, (uint32_t)off + PCI_DVSEC_HEADER1,
                 PCI_DVSEC_HEADER1_VAL(vendor, rev, len));
    pci_set_word(cfg, (uint32_t)off + PCI_DVSEC_HEADER2, dvsec_id);
    return off;
}

/* ---- lookups ------------------------------------------------------------- */

/* Rule PCI-CAP-02, as Linux __pci_find_next_cap_ttl(): @ptr is where the
 * first pointer is. */
static uint16_t find_cap_from(const struct pci_cfg *cfg, uint32_t ptr, uint8_t id)
{
    int ttl = PCI_FIND_CAP_TTL;
    uint32_t pos = peek(cfg, ptr, 1);

    while (ttl--) {
        uint32_t ent;

        if (pos < PCI_STD_HEADER_SIZEOF)
            break;
        pos &= PCI_CAP_PTR_MASK;
        ent = peek(cfg, pos, 2);
        if ((ent & 0xff) == 0xff)
            break;
        if ((ent & 0xff) == id)
            return (uint16_t)pos;
        pos = ent >> 8;
    }
    return 0;
}

uint16_t pci_find_next_cap(const struct pci_cfg *cfg, uint16_t pos, uint8_t id)
{
    return find_cap_from(cfg, (uint32_t)pos + PCI_CAP_LIST_NEXT, id);
}

uint16_t pci_find_cap(const struct pci_cfg *cfg, uint8_t id)
{
    /* Linux __pci_bus_find_cap_start(): no list unless Status.CAP_LIST */
    if (!(pci_get_word(cfg, PCI_STATUS) & PCI_STATUS_CAP_LIST))
        return 0;
    return find_cap_from(cfg, PCI_CAPABILITY_LIST, id);
}

uint16_t pci_find_next_ext_cap(const struct pci_cfg *cfg, uint16_t start,
                               uint16_t id)
{
    int ttl = EXT_CAP_TTL;
    uint32_t pos = start ? start : PCI_CFG_SPACE_SIZE;
    uint32_t header = peek(cfg, pos, 4);

    /* rule PCI-EXT-02; PCIe Base 6.0 s.7.6.3: ID, version, next all 0 is none */
    if (header == 0)
        return 0;
    while (ttl-- > 0) {
        if (PCI_EXT_CAP_ID(header) == id && pos != start)
            return (uint16_t)pos;
        pos = PCI_EXT_CAP_NEXT(header);
        if (pos < PCI_CFG_SPACE_SIZE)
            break;
        header = peek(cfg, pos, 4);
    }
    return 0;
}

uint16_t pci_find_ext_cap(const struct pci_cfg *cfg, uint16_t id)
{
    return pci_find_next_ext_cap(cfg, 0, id);
}

uint16_t pci_find_dvsec(const struct pci_cfg *cfg, uint16_t vendor,
                        uint16_t dvsec_id)
{
    uint16_t pos = pci_find_ext_cap(cfg, PCI_EXT_CAP_ID_DVSEC);

    /* rule DVSEC-FIND-01: Linux pci_find_dvsec_capability(); s.7.9.6.2-3 */
    while (pos) {
        uint32_t v = peek(cfg, (uint32_t)pos + PCI_DVSEC_HEADER1, 2);
        uint32_t i = peek(cfg, (uint32_t)pos + PCI_DVSEC_HEADER2, 2);

        if (v == vendor && i == dvsec_id)
            return pos;
        pos = pci_find_next_ext_cap(cfg, pos, PCI_EXT_CAP_ID_DVSEC);
    }
    return 0;
}

/* ---- SIOV DVSEC: SIOV spec s.3.7 via domain.md 6.1 ----------------------- */

int pci_siov_dvsec_add(struct pci_cfg *cfg, bool ims_supported)
{
    int off = pci_add_dvsec(cfg, PCI_VENDOR_ID_INTEL, PCI_DVSEC_INTEL_SIOV_REV,
                            PCI_DVSEC_ID_INTEL_SIOV, PCI_DVSEC_INTEL_SIOV_LEN);

    if (off < 0)
        return off;
    /* rule DVSEC-IMS-02: RO to a CPU (wmask 0 from pci_add_ext_cap) */
    pci_set_long(cfg, (uint32_t)off + PCI_DVSEC_INTEL_SIOV_CAP,
                 ims_supported ? PCI_DVSEC_INTEL_SIOV_CAP_IMS : 0);
    return off;
}

int pci_siov_dvsec_set_ims(struct pci_cfg *cfg, bool ims_supported)
{
    uint16_t pos = pci_find_dvsec(cfg, PCI_VENDOR_ID_INTEL, PCI_DVSEC_ID_INTEL_SIOV);
    uint32_t reg, cap;

    if (!pos)
        return -ENOENT;
    reg = (uint32_t)pos + PCI_DVSEC_INTEL_SIOV_CAP;
    if (reg > CFG_SIZE - 4)
        return -ENOENT;
    cap = pci_get_long(cfg, reg) & ~PCI_DVSEC_INTEL_SIOV_CAP_IMS;
    pci_set_long(cfg, reg, cap | (ims_supported ? PCI_DVSEC_INTEL_SIOV_CAP_IMS : 0));
    return 0;
}

bool pci_ims_supported(const struct pci_cfg *cfg)
{
    uint16_t pos = pci_find_dvsec(cfg, PCI_VENDOR_ID_INTEL, PCI_DVSEC_ID_INTEL_SIOV);

    /* Rule DVSEC-IMS-01: bit 0 of the capability register at +0x14 */
    if (!pos)
        return false;
    return peek(cfg, (uint32_t)pos + PCI_DVSEC_INTEL_SIOV_CAP, 4) &
           PCI_DVSEC_INTEL_SIOV_CAP_IMS;
}
