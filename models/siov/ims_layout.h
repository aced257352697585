/* SPDX-License-Identifier: MIT */
/*
 * ims_layout.h - an IMS table design described as data (a layout
 * descriptor, ../shared/design.md interface 2).
 *
 * A vendor describes where each field of an entry lives and how the table
 * behaves; the behavioral IMS model (ims_behav.h) is driven by this
 * description, and the IMS conformance rules use it to know which registers
 * to write.  The YAML form is loaded by harness/layout.c and documented in
 * docs/vendor-guide.md; this struct is the plain, validated result.
 */
#ifndef IMSLAB_SIOV_IMS_LAYOUT_H
#define IMSLAB_SIOV_IMS_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum ims_storage {
    IMS_STORAGE_MMIO = 0,     /* entries are registers behind the register port */
    IMS_STORAGE_HOSTMEM,      /* entries live in host memory, written through
                               * commands the device executes (mlx5-like) */
};

/* When a new addr/data pair written by software takes effect. */
enum ims_update {
    IMS_UPDATE_PER_DWORD = 0, /* every 32-bit write is live at once */
    IMS_UPDATE_ON_DATA,       /* addr writes are staged; the data write
                               * commits addr and data together */
    IMS_UPDATE_ON_UNMASK,     /* staged until the entry is unmasked */
    IMS_UPDATE_ON_COMMIT,     /* staged until the commit field is written 1 */
};

/*
 * The command-register block of a hostmem design (docs/vendor-guide.md,
 * "Layout descriptors"): at byte offset @base of the register port, eight
 * 32-bit registers through which software writes a context the design keeps
 * in host memory.  The context image in memory is laid out by the
 * descriptor's fields (one context every @stride bytes); the block itself
 * is fixed, so every hostmem design presents the same 32-bit register port.
 * A command starts when its opcode is written to DOORBELL and executes
 * @cmd_latency cycles later, all at once (a context is never seen half
 * written).  One command at a time: a doorbell while busy is ignored and
 * sets STATUS.overrun.
 */
#define IMS_CMD_INDEX        0x00u   /* RW: the entry (context) a command uses */
#define IMS_CMD_ADDR_LO      0x04u   /* RW: pair, in (WRITE, SET_PAIR) and out (READ) */
#define IMS_CMD_ADDR_HI      0x08u   /* RW */
#define IMS_CMD_DATA         0x0cu   /* RW */
#define IMS_CMD_CTRL         0x10u   /* RW: mask, PASID enable, PASID (below) */
#define IMS_CMD_DOORBELL     0x14u   /* WO: write an opcode to start it; reads 0 */
#define IMS_CMD_STATUS       0x18u   /* RO: STATUS bits below */
#define IMS_CMD_LATENCY      0x1cu   /* RO: cmd_latency in cycles */
#define IMS_CMD_BLOCK_SIZE   0x20u

/* CMD_CTRL, the same encoding as an IDXD slot's ctrl (domain.md 6.4) */
#define IMS_CMD_CTRL_MASK        (UINT32_C(1) << 0)
#define IMS_CMD_CTRL_PASID_EN    (UINT32_C(1) << 3)
#define IMS_CMD_CTRL_PASID_SHIFT 12
#define IMS_CMD_CTRL_PASID_MASK  (UINT32_C(0xfffff) << 12)
#define IMS_CMD_CTRL_WRITABLE    (IMS_CMD_CTRL_MASK | IMS_CMD_CTRL_PASID_EN | \
                                  IMS_CMD_CTRL_PASID_MASK)

/* DOORBELL opcodes */
#define IMS_CMD_OP_WRITE     0x1u    /* context := pair and ctrl, at once */
#define IMS_CMD_OP_SET_PAIR  0x2u    /* pair only; mask and PASID kept */
#define IMS_CMD_OP_SET_CTRL  0x3u    /* ctrl only (an unmask releases pending) */
#define IMS_CMD_OP_READ      0x4u    /* ADDR_LO..CTRL := context; STATUS.pending */

/* STATUS */
#define IMS_CMD_STS_BUSY     (UINT32_C(1) << 0)  /* a command is running */
#define IMS_CMD_STS_ERROR    (UINT32_C(1) << 1)  /* last command: bad index or opcode */
#define IMS_CMD_STS_PENDING  (UINT32_C(1) << 2)  /* READ: the entry's pending bit */
#define IMS_CMD_STS_OVERRUN  (UINT32_C(1) << 3)  /* a doorbell was rung while busy */

/* Default and bound of cmd_latency (cycles). */
#define IMS_CMD_LATENCY_DEFAULT 16u
#define IMS_CMD_LATENCY_MAX     100000u

/**
 * struct ims_field - where a field lives within an entry.
 * @present: the design has this field
 * @offset: byte offset of the 32-bit register within the entry
 * @lsb: lowest bit within that register
 * @width: bits (1..32)
 */
struct ims_field {
    bool present;
    uint32_t offset;
    uint8_t lsb;
    uint8_t width;
    uint32_t reserved;      /* bits of the field (from its bit 0) software writes 0 */
    uint32_t read_only;     /* bits of the field writes do not change (read 0) */
};

enum ims_field_id {
    IMS_F_ADDR_LO = 0,
    IMS_F_ADDR_HI,
    IMS_F_DATA,
    IMS_F_MASK,
    IMS_F_PASID_EN,
    IMS_F_PASID,
    IMS_F_COMMIT,
    IMS_F__COUNT
};

/* Which of several due messages leaves first (a design's arbiter). */
enum ims_arbitration {
    IMS_ARB_FIFO = 0,           /* oldest first (fair) */
    IMS_ARB_FIXED_PRIORITY,     /* lowest index first: can starve high indices */
};

/* How unmasks release pending messages. */
/* What a register write with some byte enables clear does (partial_writes). */
enum ims_partial {
    IMS_PARTIAL_UNDEFINED = 0,  /* not declared: software writes whole dwords only */
    IMS_PARTIAL_MERGE,          /* the enabled bytes change, the others keep theirs */
    IMS_PARTIAL_IGNORE,         /* a write with any byte disabled changes nothing */
};

/* How the design's messages leave it (message_form). */
enum ims_form {
    IMS_FORM_PORT = 0,          /* the plain msg_* port: address, data, index */
    IMS_FORM_TLP,               /* a PCIe memory-write TLP on the tlp_* port */
};

enum ims_release {
    IMS_RELEASE_ANY = 0,        /* each unmask releases its own entry */
    IMS_RELEASE_IN_ORDER,       /* in the order the fires arrived: an entry still
                                 * masked blocks every one pending after it */
};

/**
 * struct ims_layout - one IMS table design.
 * @name: short name ("idxd", a vendor's part number)
 * @storage: where entries live
 * @entries: number of entries (1..65536)
 * @base: register-port byte offset of entry 0 (mmio) or of the command
 *        block (hostmem)
 * @stride: bytes between entries (>= 4, multiple of 4)
 * @field: each field's position within an entry
 * @reset_masked: every entry is masked after reset
 * @pending_on_mask: a fire on a masked entry sets a pending bit (and the
 *                   unmask emits it once); false: it is dropped
 * @update: when a written pair takes effect
 * @mask_for_update: software must mask an entry around a pair update (the
 *                   write orders the rules try are then masked updates only)
 * @pasid_check: the design refuses a request whose PASID differs from an
 *               entry with PASID enable set
 * @cmd_latency: hostmem: cycles from a doorbell to the command's effect
 *               (mmio: 0).  For hostmem @update is %IMS_UPDATE_ON_COMMIT
 *               and the command is the commit (no commit field).
 * @service_cycles: the design emits at most one message every this many
 *                  cycles (0 or 1: one per cycle); IMS-R-FAIR-01 bounds each
 *                  entry's wait by it
 * @arbitration: which due message leaves first
 * @pending_slots: pending bits the design keeps (0: one per entry); entry e
 *                 uses slot e % @pending_slots, so fewer slots than entries
 *                 describes a design whose pending state aliases
 * @pending_release: how unmasks release pending messages
 * @index_bits: width of the request's index input (0: as wide as the
 *              entry count needs); the range check sees the whole index,
 *              the table lookup its low @index_bits bits
 * The last five default (0) to a correct design; other values describe
 * designs with those properties (tests/data/defects).
 * @has_pba: mmio: the design has a Pending Bit Array
 * @pba_base: its register-port byte offset: entry e's pending bit is bit
 *            e % 32 of the dword at pba_base + (e / 32) * 4 (as the MSI-X
 *            PBA, PCIe Base 6.0 s.7.7.2.10); read-only, writes ignored
 * @partial_writes: what a register write with byte enables (strobes) does
 * @clock_ps: the design's clock period in ps (0: not declared, the
 *            harness's IMS_DUT_CLOCK_PS); the time base of its waveforms
 *            and of the times reports give, never of what is simulated
 * @message_form: how messages leave the design
 * @requester_id: tlp: the Requester ID (bus/device/function) its TLPs carry
 */
struct ims_layout {
    char name[64];
    enum ims_storage storage;
    uint32_t entries;
    uint32_t base;
    uint32_t stride;
    struct ims_field field[IMS_F__COUNT];
    bool reset_masked;
    bool pending_on_mask;
    enum ims_update update;
    bool mask_for_update;
    bool pasid_check;
    uint32_t cmd_latency;
    uint32_t service_cycles;
    enum ims_arbitration arbitration;
    uint32_t pending_slots;
    enum ims_release pending_release;
    uint32_t index_bits;
    bool has_pba;
    uint32_t pba_base;
    uint32_t clock_ps;
    enum ims_partial partial_writes;
    enum ims_form message_form;
    uint32_t requester_id;
};

/** ims_layout_pba_size - bytes of @l's PBA (0: none). */
static inline uint32_t ims_layout_pba_size(const struct ims_layout *l)
{
    return l->has_pba ? (l->entries + 31u) / 32u * 4u : 0;
}

/** ims_field_name - "addr_lo", "addr_hi", "data", "mask", ... */
const char *ims_field_name(enum ims_field_id f);

/** ims_update_name - "per-dword", "on-data", "on-unmask", "on-commit". */
const char *ims_update_name(enum ims_update u);

/** ims_partial_name - "undefined", "merge", "ignore". */
const char *ims_partial_name(enum ims_partial p);
/** ims_form_name - "port", "tlp". */
const char *ims_form_name(enum ims_form f);

/** ims_storage_name - "mmio", "hostmem". */
const char *ims_storage_name(enum ims_storage s);

/* Bounds the descriptor rules use. */
#define IMS_LAYOUT_MAX_ENTRIES 65536u
#define IMS_LAYOUT_MAX_STRIDE  4096u
#define IMS_LAYOUT_MAX_SERVICE 65536u
#define IMS_LAYOUT_MIN_CLOCK_PS 2u          /* even: half a period is whole ps */
#define IMS_LAYOUT_MAX_CLOCK_PS 1000000000u /* 1 ms */

/**
 * ims_layout_check - the structural rules of a layout (the loader reports
 * a violation at the offending node; ims_behav_create() refuses one):
 * name set; 1 <= entries <= 65536; stride a multiple of 4 in 4..4096; base
 * 4-aligned and the table (mmio) or the command block (hostmem) inside the
 * 32-bit port; addr_lo, data and mask present; each field's register
 * 4-aligned inside the stride with lsb + width <= 32; widths: addr_lo,
 * addr_hi, data 32, mask, pasid_en, commit 1, pasid 1..20; no two fields
 * share a bit; pasid_en and pasid both or neither; pasid_check needs them;
 * mmio: commit present exactly when update is on-commit, cmd_latency 0;
 * hostmem: update on-commit, no commit field, 1 <= cmd_latency <= 100000.
 * @l: the layout
 * @key: receives the descriptor key at fault ("entries", "fields.pasid",
 *       "fields.pasid.width", ...), may be NULL
 * @keylen: its size
 * @why: receives the message, may be NULL
 * @whylen: its size
 *
 * Return: 0 or -EINVAL.
 */
int ims_layout_check(const struct ims_layout *l, char *key, size_t keylen,
                     char *why, size_t whylen);

/** ims_field_mask - the bits of @f within its 32-bit register. */
static inline uint32_t ims_field_mask(const struct ims_field *f)
{
    uint32_t ones = f->width >= 32 ? UINT32_MAX
                                   : (UINT32_C(1) << f->width) - 1u;

    return f->present ? ones << f->lsb : 0;
}

/** ims_field_get - the value of @f in register word @reg. */
static inline uint32_t ims_field_get(const struct ims_field *f, uint32_t reg)
{
    return f->present ? (reg & ims_field_mask(f)) >> f->lsb : 0;
}

/** ims_field_put - @reg with @f set to @val (truncated to the width). */
static inline uint32_t ims_field_put(const struct ims_field *f, uint32_t reg,
                                     uint32_t val)
{
    uint32_t m = ims_field_mask(f);

    return (reg & ~m) | ((val << f->lsb) & m);
}

#endif /* IMSLAB_SIOV_IMS_LAYOUT_H */
