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
};

/** ims_field_name - "addr_lo", "addr_hi", "data", "mask", ... */
const char *ims_field_name(enum ims_field_id f);

#endif /* IMSLAB_SIOV_IMS_LAYOUT_H */
