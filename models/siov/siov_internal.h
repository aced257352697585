/* SPDX-License-Identifier: MIT */
/*
 * siov_internal.h - what the device core (siov.c) shares with its built-in
 * stores (ims_idxd.c, ims_mlx5.c) and its DMA (siov_dma.c).  Not for other models: they use siov.h.
 */
#ifndef IMSLAB_SIOV_INTERNAL_H
#define IMSLAB_SIOV_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "models/pci/pci.h"
#include "models/siov/siov.h"

/**
 * struct siov__env - the device's environment, as a built-in store sees it.
 * Owned by the device; a store keeps a pointer for its lifetime.
 */
struct siov__handles;

struct siov__env {
    struct sim *sim;
    const struct cost_model *cost;
    struct mem *mem;
    siov_dma_xlate_fn dma_xlate;
    void *dma_ctx;
    uint32_t dev_index;
    uint32_t n_adi;
    uint32_t pasid_base;
    struct siov_stats *stats;
    const struct pci_cfg *pcfg;     /* the function's: Bus Master Enable */
    siov_cmd_hook_t cmd_hook;
    void *cmd_ctx;
    struct siov__handles *handles;  /* NULL: no interrupt handles */
};

/*
 * The device's interrupt handles (siov_handle.c; domain.md 2.5): which
 * entries of each bank a handle is granted for, and INTCAUSE.  A handle is
 * the entry's index in its bank ("the index to IMS for the entire device");
 * the IDXD command interface (ims_idxd.c) grants and releases them, the
 * host revokes them, the Interrupt Message Generation Logic checks them.
 */
struct siov__failed {
    struct irq_tag *tag;            /* their interrupts' tags, oldest first */
    uint32_t n, cap;
};

struct siov__handles {
    uint8_t *granted[SIOV_BANK__COUNT];
    uint32_t count[SIOV_BANK__COUNT];
    struct siov__failed *failed;    /* per ADI: completions with 0x19 */
    uint32_t n_adi;
    uint32_t intcause;
    struct siov_dev *dev;
    siov_intcause_fn hook;
    void *hook_ctx;
    struct siov_stats *stats;
};

/*
 * siov__handle_cmd - execute an interrupt-handle command (cmd and operand
 * as written to CMD).  Return: the CMDSTS value (active clear).
 */
uint32_t siov__handle_cmd(struct siov__handles *h, uint32_t cmd);

/* siov__handle_ok - is a handle granted for @entry of @bank? */
bool siov__handle_ok(const struct siov__handles *h, enum siov_bank bank,
                     uint32_t entry);

/* A built-in store: its ops, its state and how to free it. */
struct siov__store {
    const struct ims_store_ops *ops;
    void *store;
    void (*destroy)(void *store);
};

/* siov__cmd_bit - @bit of the Command register (PCIe Base 6.0 s.7.5.1.1.3). */
static inline bool siov__cmd_bit(const struct pci_cfg *cfg, uint16_t bit)
{
    return pci_get_word(cfg, PCI_COMMAND) & bit;
}

/*
 * siov__dma_read / siov__dma_write (siov_dma.c) - a device DMA: translate @iova (with
 * @pasid when @has_pasid), then access host memory.  A fault is counted in
 * stats->dma_faults and traced.  Return: 0, -EPERM (Bus Master Enable
 * clear: nothing is issued, also counted in stats->no_master), the
 * translation's negative errno, or -EFAULT (no memory there).
 */
int siov__dma_read(const struct siov__env *env, uint32_t pasid, bool has_pasid,
                   uint64_t iova, void *buf, size_t len);
int siov__dma_write(const struct siov__env *env, uint32_t pasid, bool has_pasid,
                    uint64_t iova, const void *buf, size_t len);

/* Little-endian dword helpers for byte buffers read by DMA. */
static inline uint32_t siov__le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static inline void siov__put_le32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

/* siov__idxd_create - IDXD BAR0 with @entries IMS slots, in reset state. */
int siov__idxd_create(struct siov__store *out, const struct siov__env *env,
                      uint32_t entries);

/*
 * siov__mlx5_create - mlx5 command channels (the function's and one per
 * ADI) and @eqs EQ contexts at DMA address @ctx_base, in reset state.
 */
int siov__mlx5_create(struct siov__store *out, const struct siov__env *env,
                      uint32_t eqs, uint64_t ctx_base);

/* siov__bar_size_* - the size of each kind's BAR0. */
uint64_t siov__idxd_bar_size(uint32_t entries);
uint64_t siov__mlx5_bar_size(uint32_t n_adi);

#endif /* IMSLAB_SIOV_INTERNAL_H */
