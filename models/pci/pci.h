/* SPDX-License-Identifier: MIT */
/*
 * pci.h - one PCI function's 4 KiB configuration space, its capability
 * lists, the SIOV DVSEC (IMS capability bit) and requester ID helpers.
 *
 * The space is a byte array with a write mask and a write-1-to-clear mask
 * per byte (QEMU vtd_define_long / pci_default_write_config), so RO, RW
 * and RW1C are data: a CPU write becomes, byte by byte,
 *
 *     new = ((old & ~wmask) | (val & wmask)) & ~(val & w1cmask)
 *
 * CPU (guest or host) accesses go through pci_cfg_read()/pci_cfg_write() or
 * &pci_cfg_mmio_ops; they accept sizes 1, 2 and 4 at natural alignment
 * inside the space (rule PCI-CFG-ACC-01).  Anything else is a guest error:
 * counted, traced, reads return all ones, writes change nothing.
 *
 * The model itself uses the raw accessors (pci_get_long(), pci_set_long()
 * and their byte and word siblings), which ignore the masks, as QEMU's.
 *
 * A VMM that presents a virtual config space to a guest builds a second
 * struct pci_cfg with the same builders; nothing here is shared.
 */
#ifndef IMSLAB_PCI_H
#define IMSLAB_PCI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "models/bus.h"
#include "models/pci/pci_regs.h"
#include "sim/sim.h"

/* ---- requester ID (PCIe Base 6.0 s.2.2.6.2; PCI_RID() is in bus.h) ------ */
#define PCI_RID_DEV(rid)   (((rid) >> 3) & 0x1fu)
#define PCI_RID_FN(rid)    ((rid) & 0x7u)
#define PCI_RID_DEVFN(rid) ((rid) & 0xffu)

/**
 * pci_rid_format - print a requester ID as "bb:dd.f" (lower-case hex).
 * @rid: requester ID
 * @buf: output buffer
 * @len: its size; 8 bytes hold the string and its terminator
 *
 * Return: the number of characters the full string needs (as snprintf).
 */
int pci_rid_format(uint16_t rid, char *buf, size_t len);

/**
 * pci_rid_parse - parse "bb:dd.f" (hex bus and device, function 0-7).
 * @s: the string
 * @rid: receives the requester ID
 *
 * Return: 0, or -EINVAL when @s is not of that form or a field is too large.
 */
int pci_rid_parse(const char *s, uint16_t *rid);

/* ---- config space ----------------------------------------------------------- */

struct pci_cfg;

/**
 * typedef pci_cfg_hook_fn - called after a CPU config write that touched a
 * watched range (QEMU's config_write callback chain).
 * @ctx: what was registered
 * @cfg: the config space, already updated
 * @off: offset of the write
 * @size: its size
 */
typedef void (*pci_cfg_hook_fn)(void *ctx, struct pci_cfg *cfg, uint32_t off,
                                unsigned size);

struct pci_cfg_hook {
    uint16_t off;
    uint16_t len;
    pci_cfg_hook_fn fn;
    void *ctx;
};

#define PCI_CFG_MAX_HOOKS 8

/**
 * struct pci_cfg_err - the last rejected config access (a guest error).
 * @off: offset asked for
 * @size: size asked for
 * @write: it was a write
 */
struct pci_cfg_err {
    uint32_t off;
    unsigned size;
    bool write;
};

/**
 * struct pci_cfg - one function's configuration space.
 * @bytes: the registers, little-endian
 * @wmask: per byte, bits a CPU write may change
 * @w1cmask: per byte, bits a CPU write of 1 clears
 * @used: per byte (bitmap), owned by the header or a capability
 * @last_cap: offset of the last standard capability (0: none)
 * @last_ext: offset of the last extended capability (0: none)
 * @rid: the function's requester ID (trace identity)
 * @sim: the simulation, for trace points; may be NULL (no trace)
 * @guest_errors: rejected CPU accesses
 * @last_err: the last of them
 * @hooks: write hooks
 * @nhooks: how many are in use
 */
struct pci_cfg {
    uint8_t bytes[PCI_CFG_SPACE_EXP_SIZE];
    uint8_t wmask[PCI_CFG_SPACE_EXP_SIZE];
    uint8_t w1cmask[PCI_CFG_SPACE_EXP_SIZE];
    uint64_t used[PCI_CFG_SPACE_EXP_SIZE / 64];
    uint16_t last_cap;
    uint16_t last_ext;
    uint16_t rid;
    struct sim *sim;
    uint64_t guest_errors;
    struct pci_cfg_err last_err;
    struct pci_cfg_hook hooks[PCI_CFG_MAX_HOOKS];
    unsigned nhooks;
};

/**
 * pci_cfg_init - a Type 0 header with no capabilities.
 * @cfg: the space to initialise (every byte is overwritten)
 * @sim: the simulation for trace points, or NULL
 * @rid: the function's requester ID
 * @vendor: Vendor ID
 * @device: Device ID
 *
 * Command is 0 (memory decode and bus mastering off, as after reset) with
 * Memory Space, Bus Master, Parity Error Response, SERR# Enable and
 * Interrupt Disable writable; Status error bits are RW1C; the Capabilities
 * List bit is set by the first pci_add_cap().  Extended space starts with a
 * zero header at 0x100 ("no extended capabilities", PCIe s.7.6.3).
 */
void pci_cfg_init(struct pci_cfg *cfg, struct sim *sim, uint16_t rid,
                  uint16_t vendor, uint16_t device);

/**
 * pci_cfg_read - a CPU config read.
 * @cfg: the space
 * @off: byte offset
 * @size: 1, 2 or 4
 * @val: receives the value (all ones of @size when rejected)
 *
 * Return: MMIO_OK; MMIO_BAD_SIZE for a bad size or misaligned offset;
 * MMIO_UNMAPPED beyond 4 KiB.  Both rejections count as guest errors.
 */
int pci_cfg_read(struct pci_cfg *cfg, uint32_t off, unsigned size,
                 uint32_t *val);

/**
 * pci_cfg_write - a CPU config write, through the masks and the hooks.
 * @cfg: the space
 * @off: byte offset
 * @size: 1, 2 or 4
 * @val: the value
 *
 * Return: as pci_cfg_read(); a rejected write changes nothing.
 */
int pci_cfg_write(struct pci_cfg *cfg, uint32_t off, unsigned size,
                  uint32_t val);

/**
 * pci_cfg_mmio_ops - pci_cfg_read()/pci_cfg_write() as an MMIO region
 * (ctx = struct pci_cfg *), for an ECAM window or a VMM trap.
 */
extern const struct mmio_ops pci_cfg_mmio_ops;

/**
 * pci_cfg_add_hook - run @fn after every CPU write touching [@off, @off+@len).
 * @cfg: the space
 * @off: first watched byte
 * @len: watched length
 * @fn: the hook
 * @ctx: its context
 *
 * Return: 0, -EINVAL (empty or out of range, or @fn NULL), -ENOSPC.
 */
int pci_cfg_add_hook(struct pci_cfg *cfg, uint32_t off, uint32_t len,
                     pci_cfg_hook_fn fn, void *ctx);

/**
 * pci_cfg_remove_hook - remove every hook registered with @fn and @ctx.
 * @cfg: the space
 * @fn: the hook
 * @ctx: its context
 *
 * Return: 0, or -ENOENT when there was none.
 */
int pci_cfg_remove_hook(struct pci_cfg *cfg, pci_cfg_hook_fn fn, void *ctx);

/* Raw accessors for the model itself: no masks, no hooks, no trace.  An
 * offset outside the space is a model bug (asserted). */
uint8_t pci_get_byte(const struct pci_cfg *cfg, uint32_t off);
uint16_t pci_get_word(const struct pci_cfg *cfg, uint32_t off);
uint32_t pci_get_long(const struct pci_cfg *cfg, uint32_t off);
void pci_set_byte(struct pci_cfg *cfg, uint32_t off, uint8_t val);
void pci_set_word(struct pci_cfg *cfg, uint32_t off, uint16_t val);
void pci_set_long(struct pci_cfg *cfg, uint32_t off, uint32_t val);

/**
 * pci_cfg_define - set a register's value and its write semantics.
 * @cfg: the space
 * @off: byte offset
 * @size: 1, 2 or 4
 * @val: reset value
 * @wmask: bits a CPU write may change
 * @w1cmask: bits a CPU write of 1 clears (RW1C)
 *
 * As QEMU's vtd_define_long().  Bad arguments are a model bug (asserted).
 */
void pci_cfg_define(struct pci_cfg *cfg, uint32_t off, unsigned size,
                    uint32_t val, uint32_t wmask, uint32_t w1cmask);

/**
 * pci_bar_define - make BAR @bir a memory BAR of @size bytes.
 * @cfg: the space
 * @bir: BAR index 0-5 (a 64-bit BAR also takes @bir + 1)
 * @size: power of two, at least 16
 * @flags: PCI_BASE_ADDRESS_MEM_TYPE_64 and/or PCI_BASE_ADDRESS_MEM_PREFETCH
 *
 * Sizing works as on hardware: the address bits below @size are RO zero,
 * so writing all ones and reading back gives ~(size - 1) | flags
 * (PCIe Base 6.0 s.7.5.1.2.1).
 *
 * Return: 0, or -EINVAL.
 */
int pci_bar_define(struct pci_cfg *cfg, unsigned bir, uint64_t size,
                   uint32_t flags);

/**
 * pci_bar_addr - the base address programmed in BAR @bir (flags removed).
 * @cfg: the space
 * @bir: BAR index 0-5
 *
 * Return: the address (64-bit BARs combine both registers), 0 if @bir > 5.
 */
uint64_t pci_bar_addr(const struct pci_cfg *cfg, unsigned bir);

/* ---- capability list builders (model side) ------------------------------ */

/**
 * pci_add_cap - add a standard capability and link it at the list's end.
 * @cfg: the space
 * @id: Capability ID
 * @off: dword-aligned offset in [0x40, 0xff], or 0 for the first free one
 * @size: bytes, at least 2 (ID and next pointer)
 *
 * The body is RO zero until the caller defines it.  Sets Status.CAP_LIST.
 *
 * Return: the offset (> 0), -EINVAL (bad @off/@size), -EBUSY (overlaps
 * something), -ENOSPC (no room).
 */
int pci_add_cap(struct pci_cfg *cfg, uint8_t id, uint32_t off, uint32_t size);

/**
 * pci_add_ext_cap - add an extended capability and link it at the end.
 * @cfg: the space
 * @id: Extended Capability ID (bits 15:0 of the header)
 * @ver: Capability Version (4 bits)
 * @off: dword-aligned offset in [0x100, 0xfff], or 0 for the first free;
 *       the first extended capability must be at 0x100 (PCIe s.7.6.3)
 * @size: bytes, at least 4
 *
 * Return: the offset (> 0), -EINVAL, -EBUSY or -ENOSPC as pci_add_cap().
 */
int pci_add_ext_cap(struct pci_cfg *cfg, uint16_t id, uint8_t ver,
                    uint32_t off, uint32_t size);

/**
 * pci_add_dvsec - add a Designated Vendor-Specific Extended Capability.
 * @cfg: the space
 * @vendor: DVSEC Vendor ID (header 1 [15:0])
 * @rev: DVSEC Revision (header 1 [19:16])
 * @dvsec_id: DVSEC ID (header 2 [15:0])
 * @len: DVSEC Length in bytes, at least 0x0a (header 1 [31:20])
 *
 * Every field is RO (PCIe Base 6.0 s.7.9.6).
 *
 * Return: the offset (> 0) or a negative errno as pci_add_ext_cap().
 */
int pci_add_dvsec(struct pci_cfg *cfg, uint16_t vendor, uint8_t rev,
                  uint16_t dvsec_id, uint32_t len);

/* ---- capability lookups: walk the list as it is in config space ---------- */

/**
 * pci_find_next_cap - the next standard capability @id after @pos.
 * @cfg: the space
 * @pos: offset of a capability found before (the walk starts at its
 *       next pointer, as Linux pci_find_next_capability())
 * @id: Capability ID
 *
 * As Linux __pci_find_next_cap_ttl(): pointers below 0x40 end the walk,
 * bits 1:0 are ignored, ID 0xff ends the walk, and at most 48 entries are
 * visited, so a looping list (a malformed virtual config space) terminates.
 *
 * Return: the offset, or 0 when not found.
 */
uint16_t pci_find_next_cap(const struct pci_cfg *cfg, uint16_t pos, uint8_t id);

/**
 * pci_find_cap - the first standard capability @id (Linux pci_find_capability).
 * @cfg: the space
 * @id: Capability ID
 *
 * Return: the offset, or 0 when absent or when Status.CAP_LIST is clear.
 */
uint16_t pci_find_cap(const struct pci_cfg *cfg, uint8_t id);

/**
 * pci_find_next_ext_cap - the next extended capability @id after @start.
 * @cfg: the space
 * @start: offset of an extended capability, or 0 to start at 0x100
 * @id: Extended Capability ID
 *
 * As Linux pci_find_next_ext_capability(): a zero header at 0x100 means
 * none, a next pointer below 0x100 ends the walk, and at most
 * (4096 - 256) / 8 headers are visited.
 *
 * Return: the offset, or 0.
 */
uint16_t pci_find_next_ext_cap(const struct pci_cfg *cfg, uint16_t start,
                               uint16_t id);

/** pci_find_ext_cap - the first extended capability @id, or 0. */
uint16_t pci_find_ext_cap(const struct pci_cfg *cfg, uint16_t id);

/**
 * pci_find_dvsec - the DVSEC with this vendor and DVSEC ID.
 * @cfg: the space
 * @vendor: DVSEC Vendor ID
 * @dvsec_id: DVSEC ID
 *
 * As Linux pci_find_dvsec_capability(): every DVSEC in list order is
 * checked (header 1 [15:0] and header 2 [15:0]).
 *
 * Return: the offset, or 0.
 */
uint16_t pci_find_dvsec(const struct pci_cfg *cfg, uint16_t vendor,
                        uint16_t dvsec_id);

/* ---- SIOV DVSEC and the IMS capability bit (SIOV spec s.3.7) ------------- */

/**
 * pci_siov_dvsec_add - add the Intel SIOV DVSEC (vendor 0x8086, ID 5).
 * @cfg: the space (a device's, or a VMM's virtual one)
 * @ims_supported: value of capability register (+0x14) bit 0
 *
 * The DVSEC is 0x18 bytes and read-only to a CPU; what a guest sees is
 * whatever the instance it reads holds, so a VMM decides its own bit.
 *
 * Return: the DVSEC's offset (> 0) or a negative errno as pci_add_dvsec().
 */
int pci_siov_dvsec_add(struct pci_cfg *cfg, bool ims_supported);

/**
 * pci_siov_dvsec_set_ims - change the IMS bit of an existing SIOV DVSEC
 * (model or VMM side; the register stays read-only to a CPU).
 * @cfg: the space
 * @ims_supported: new value of bit 0
 *
 * Return: 0, or -ENOENT when the space has no SIOV DVSEC.
 */
int pci_siov_dvsec_set_ims(struct pci_cfg *cfg, bool ims_supported);

/**
 * pci_ims_supported - does the function advertise IMS?
 * @cfg: the space to read (a guest passes the space it can see)
 *
 * As the Linux "PCI: add SIOV and IMS capability detection" patch:
 * pci_find_dvsec(0x8086, 5), then bit 0 of the dword at +0x14.
 *
 * Return: true when the SIOV DVSEC is present and its IMS bit is set.
 */
bool pci_ims_supported(const struct pci_cfg *cfg);

#endif /* IMSLAB_PCI_H */
