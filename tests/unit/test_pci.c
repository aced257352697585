/* SPDX-License-Identifier: MIT */
/*
 * test_pci.c - config space, capability lists, MSI-X and the SIOV DVSEC
 * (models/pci).  Each test names the rules of docs/rules.md it checks.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "models/bus.h"
#include "models/cost.h"
#include "models/pci/msix.h"
#include "models/pci/pci.h"
#include "models/trace-events.h"
#include "sim/sim.h"
#include "sim/trace.h"

#define RID PCI_RID(3, 0, 1) /* 0x0301 */
#define VENDOR 0x8086
#define DEVICE 0x0b25
#define NVEC 8
#define MSI_GEN_PS 200000u /* COST_DEV_MSI_GEN default: 200 ns */

/* ---- a sink that records what reaches it --------------------------------- */

#define LOG_MAX 16

struct cap_log {
    struct sim *sim;
    unsigned n;
    struct pcie_write w[LOG_MAX];
    sim_time_t t[LOG_MAX];
};

static void cap_write(void *ctx, const struct pcie_write *w)
{
    struct cap_log *l = ctx;

    assert_true(l->n < LOG_MAX);
    l->w[l->n] = *w;
    l->t[l->n] = sim_now(l->sim);
    l->n++;
}

/* ---- a function with MSI-X, brought up as a driver would ------------------ */

struct fx {
    struct sim *sim;
    struct cost_model cm;
    struct pci_cfg cfg;
    struct msix m;
    struct cap_log log;
};

static void cfgw(struct fx *f, uint32_t off, unsigned size, uint32_t val)
{
    assert_int_equal(pci_cfg_write(&f->cfg, off, size, val), MMIO_OK);
}

static uint32_t cfgr(struct fx *f, uint32_t off, unsigned size)
{
    uint32_t v = 0;

    assert_int_equal(pci_cfg_read(&f->cfg, off, size, &v), MMIO_OK);
    return v;
}

static struct fx *fx_new_cfg(const struct msix_config *mc)
{
    struct fx *f = calloc(1, sizeof(*f));
    struct pcie_sink sink;

    assert_non_null(f);
    assert_int_equal(sim_create(&f->sim, NULL), 0);
    cost_model_default(&f->cm);
    pci_cfg_init(&f->cfg, f->sim, RID, VENDOR, DEVICE);
    f->log.sim = f->sim;
    sink.write = cap_write;
    sink.ctx = &f->log;
    assert_int_equal(msix_init(&f->m, &f->cfg, mc, f->sim, &f->cm, &sink), 0);
    /* pci_enable_device() + pci_set_master() */
    cfgw(f, PCI_COMMAND, 2, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
    return f;
}

static struct fx *fx_new(void)
{
    const struct msix_config mc = { .nvec = NVEC, .table_bir = 0, .table_off = 0x2000,
                                    .pba_bir = 0, .pba_off = 0x3000 };

    return fx_new_cfg(&mc);
}

static void fx_free(struct fx *f)
{
    msix_fini(&f->m);
    sim_destroy(f->sim);
    free(f);
}

static void tw(struct fx *f, uint64_t off, unsigned size, uint64_t val)
{
    assert_int_equal(msix_table_mmio_ops.write(&f->m, off, size, val), MMIO_OK);
}

static uint64_t tr(struct fx *f, uint64_t off, unsigned size)
{
    uint64_t v = 0;

    assert_int_equal(msix_table_mmio_ops.read(&f->m, off, size, &v), MMIO_OK);
    return v;
}

static uint64_t pba(struct fx *f)
{
    uint64_t v = 0;

    assert_int_equal(msix_pba_mmio_ops.read(&f->m, 0, 8, &v), MMIO_OK);
    return v;
}

static void msix_ctrl(struct fx *f, uint16_t val)
{
    cfgw(f, f->m.cap + PCI_MSIX_FLAGS, 2, val);
}

/* addr/data of entry @v, then its Vector Control */
static void program(struct fx *f, unsigned v, uint64_t addr, uint32_t data, bool masked)
{
    uint64_t e = (uint64_t)v * PCI_MSIX_ENTRY_SIZE;

    tw(f, e + PCI_MSIX_ENTRY_LOWER_ADDR, 4, (uint32_t)addr);
    tw(f, e + PCI_MSIX_ENTRY_UPPER_ADDR, 4, (uint32_t)(addr >> 32));
    tw(f, e + PCI_MSIX_ENTRY_DATA, 4, data);
    tw(f, e + PCI_MSIX_ENTRY_VECTOR_CTRL, 4, masked ? PCI_MSIX_ENTRY_CTRL_MASKBIT : 0);
}

static void set_vmask(struct fx *f, unsigned v, bool masked)
{
    tw(f, (uint64_t)v * PCI_MSIX_ENTRY_SIZE + PCI_MSIX_ENTRY_VECTOR_CTRL, 4,
       masked ? PCI_MSIX_ENTRY_CTRL_MASKBIT : 0);
}

static void run(struct fx *f)
{
    assert_int_equal(sim_run(f->sim, SIM_FOREVER), SIM_RUN_DONE);
}

static struct irq_tag tag_seq(uint64_t seq)
{
    struct irq_tag t = { .seq = seq, .dev = 3, .adi = 0, .entry = 0 };

    return t;
}

/* ---- requester ID -------------------------------------------------------- */

static void test_rid(void **state)
{
    char buf[16];
    uint16_t rid = 0;

    (void)state;
    assert_int_equal(PCI_RID(0x3a, 0x1f, 7), 0x3aff);
    assert_int_equal(PCI_RID_BUS(0x3aff), 0x3a);
    assert_int_equal(PCI_RID_DEV(0x3aff), 0x1f);
    assert_int_equal(PCI_RID_FN(0x3aff), 7);
    assert_int_equal(PCI_RID_DEVFN(0x3aff), 0xff);
    assert_int_equal(pci_rid_format(0x3aff, buf, sizeof(buf)), 7);
    assert_string_equal(buf, "3a:1f.7");
    assert_int_equal(pci_rid_format(RID, buf, sizeof(buf)), 7);
    assert_string_equal(buf, "03:00.1");
    assert_int_equal(pci_rid_parse("3a:1f.7", &rid), 0);
    assert_int_equal(rid, 0x3aff);
    assert_int_equal(pci_rid_parse("0:0.0", &rid), 0);
    assert_int_equal(rid, 0);
    assert_int_equal(pci_rid_parse("FF:1F.7", &rid), 0);
    assert_int_equal(rid, 0xffff);
    assert_int_equal(pci_rid_parse("3a:20.0", &rid), -EINVAL);
    assert_int_equal(pci_rid_parse("3a:1f.8", &rid), -EINVAL);
    assert_int_equal(pci_rid_parse("3a-1f.7", &rid), -EINVAL);
    assert_int_equal(pci_rid_parse("123:00.0", &rid), -EINVAL);
    assert_int_equal(pci_rid_parse("3a:1f.7x", &rid), -EINVAL);
    assert_int_equal(pci_rid_parse("", &rid), -EINVAL);
    assert_int_equal(pci_rid_parse(NULL, &rid), -EINVAL);
}

/* ---- config header: PCI-CFG-01 ---------------------------------------------- */

static void test_cfg_header(void **state)
{
    struct pci_cfg *cfg = calloc(1, sizeof(*cfg));
    uint32_t v;

    (void)state;
    pci_cfg_init(cfg, NULL, RID, VENDOR, DEVICE);
    assert_int_equal(pci_cfg_read(cfg, 0, 4, &v), MMIO_OK);
    assert_int_equal(v, 0x0b258086);
    assert_int_equal(pci_get_word(cfg, PCI_COMMAND), 0);
    assert_int_equal(pci_get_word(cfg, PCI_STATUS), 0);      /* no caps yet */
    assert_int_equal(pci_get_byte(cfg, PCI_HEADER_TYPE), 0);
    assert_int_equal(pci_get_byte(cfg, PCI_CAPABILITY_LIST), 0);
    assert_int_equal(pci_get_long(cfg, PCI_CFG_SPACE_SIZE), 0); /* no ext caps */

    /* PCI-CFG-01: IDs are RO */
    assert_int_equal(pci_cfg_write(cfg, 0, 4, 0xffffffff), MMIO_OK);
    assert_int_equal(pci_get_long(cfg, 0), 0x0b258086);
    /* Command: Memory, Master, Parity, SERR#, INTx Disable are RW; I/O is 0 */
    assert_int_equal(pci_cfg_write(cfg, PCI_COMMAND, 2, 0xffff), MMIO_OK);
    assert_int_equal(pci_get_word(cfg, PCI_COMMAND), 0x0546);
    /* Status: error bits RW1C, Capabilities List RO */
    pci_set_word(cfg, PCI_STATUS, 0xf910);
    assert_int_equal(pci_cfg_write(cfg, PCI_STATUS, 2, 0x0800), MMIO_OK);
    assert_int_equal(pci_get_word(cfg, PCI_STATUS), 0xf110);
    assert_int_equal(pci_cfg_write(cfg, PCI_STATUS, 2, 0x0010), MMIO_OK);
    assert_int_equal(pci_get_word(cfg, PCI_STATUS), 0xf110);
    /* one dword write: Command takes 0x0002, Status clears its error bits */
    assert_int_equal(pci_cfg_write(cfg, PCI_COMMAND, 4, 0xf9000002), MMIO_OK);
    assert_int_equal(pci_get_word(cfg, PCI_COMMAND), 0x0002);
    assert_int_equal(pci_get_word(cfg, PCI_STATUS), 0x0010);
    /* Interrupt Line RW, Interrupt Pin RO */
    assert_int_equal(pci_cfg_write(cfg, PCI_INTERRUPT_LINE, 2, 0x010b), MMIO_OK);
    assert_int_equal(pci_get_word(cfg, PCI_INTERRUPT_LINE), 0x000b);
    assert_int_equal(cfg->guest_errors, 0);
    free(cfg);
}

/* ---- config access sizes: PCI-CFG-ACC-01 ------------------------------------- */

static void test_cfg_access_rules(void **state)
{
    struct pci_cfg *cfg = calloc(1, sizeof(*cfg));
    uint8_t *snap = malloc(PCI_CFG_SPACE_EXP_SIZE);
    uint64_t v64;
    uint32_t v;

    (void)state;
    pci_cfg_init(cfg, NULL, RID, VENDOR, DEVICE);
    memcpy(snap, cfg->bytes, PCI_CFG_SPACE_EXP_SIZE);

    assert_int_equal(pci_cfg_read(cfg, 0, 3, &v), MMIO_BAD_SIZE);
    assert_int_equal(v, 0xffffffff);
    assert_int_equal(pci_cfg_write(cfg, PCI_COMMAND + 1, 2, 0xffff), MMIO_BAD_SIZE);
    assert_int_equal(pci_cfg_write(cfg, PCI_COMMAND + 2, 4, 0xffffffff), MMIO_BAD_SIZE);
    assert_int_equal(pci_cfg_write(cfg, PCI_COMMAND, 8, 0xffff), MMIO_BAD_SIZE);
    assert_int_equal(pci_cfg_write(cfg, PCI_COMMAND, 0, 0xffff), MMIO_BAD_SIZE);
    assert_int_equal(pci_cfg_read(cfg, 0x1001, 2, &v), MMIO_BAD_SIZE);
    assert_int_equal(v, 0xffff);
    assert_int_equal(pci_cfg_write(cfg, PCI_CFG_SPACE_EXP_SIZE, 4, 0), MMIO_UNMAPPED);
    assert_int_equal(pci_cfg_read(cfg, PCI_CFG_SPACE_EXP_SIZE, 1, &v), MMIO_UNMAPPED);
    assert_int_equal(v, 0xff);
    assert_int_equal(pci_cfg_mmio_ops.read(cfg, UINT64_C(1) << 40, 4, &v64), MMIO_UNMAPPED);
    assert_int_equal(v64, 0xffffffff);
    assert_int_equal(pci_cfg_mmio_ops.write(cfg, UINT64_C(1) << 40, 4, 0), MMIO_UNMAPPED);
    assert_int_equal(cfg->guest_errors, 10);
    assert_int_equal(cfg->last_err.off, PCI_CFG_SPACE_EXP_SIZE);
    assert_int_equal(cfg->last_err.size, 4);
    assert_true(cfg->last_err.write);
    assert_memory_equal(snap, cfg->bytes, PCI_CFG_SPACE_EXP_SIZE);

    /* accepted: 1, 2, 4 bytes at natural alignment, the last dword too */
    assert_int_equal(pci_cfg_read(cfg, 0xffc, 4, &v), MMIO_OK);
    assert_int_equal(pci_cfg_read(cfg, 0xffe, 2, &v), MMIO_OK);
    assert_int_equal(pci_cfg_read(cfg, 0xfff, 1, &v), MMIO_OK);
    assert_int_equal(pci_cfg_mmio_ops.read(cfg, PCI_VENDOR_ID, 2, &v64), MMIO_OK);
    assert_int_equal(v64, VENDOR);
    assert_int_equal(pci_cfg_mmio_ops.min_size, 1);
    assert_int_equal(pci_cfg_mmio_ops.max_size, 4);
    assert_int_equal(cfg->guest_errors, 10);
    free(snap);
    free(cfg);
}

/* ---- BARs: PCI-BAR-01 ----------------------------------------------------------- */

static void test_bar_sizing(void **state)
{
    struct pci_cfg *cfg = calloc(1, sizeof(*cfg));
    uint32_t v;

    (void)state;
    pci_cfg_init(cfg, NULL, RID, VENDOR, DEVICE);
    assert_int_equal(pci_bar_define(cfg, 0, 0x4000,
                                    PCI_BASE_ADDRESS_MEM_TYPE_64 |
                                    PCI_BASE_ADDRESS_MEM_PREFETCH), 0);
    assert_int_equal(pci_bar_define(cfg, 2, 0x1000, 0), 0);
    assert_int_equal(pci_get_long(cfg, PCI_BASE_ADDRESS_0), 0x0000000c);
    /* size probe: write all ones, read back */
    assert_int_equal(pci_cfg_write(cfg, PCI_BASE_ADDRESS_0, 4, 0xffffffff), MMIO_OK);
    assert_int_equal(pci_cfg_write(cfg, PCI_BASE_ADDRESS_0 + 4, 4, 0xffffffff), MMIO_OK);
    assert_int_equal(pci_cfg_write(cfg, PCI_BASE_ADDRESS_0 + 8, 4, 0xffffffff), MMIO_OK);
    assert_int_equal(pci_cfg_read(cfg, PCI_BASE_ADDRESS_0, 4, &v), MMIO_OK);
    assert_int_equal(v, 0xffffc00c);
    assert_int_equal(pci_cfg_read(cfg, PCI_BASE_ADDRESS_0 + 4, 4, &v), MMIO_OK);
    assert_int_equal(v, 0xffffffff);
    assert_int_equal(pci_cfg_read(cfg, PCI_BASE_ADDRESS_0 + 8, 4, &v), MMIO_OK);
    assert_int_equal(v, 0xfffff000);
    /* program */
    assert_int_equal(pci_cfg_write(cfg, PCI_BASE_ADDRESS_0, 4, 0xfe000000), MMIO_OK);
    assert_int_equal(pci_cfg_write(cfg, PCI_BASE_ADDRESS_0 + 4, 4, 0x1), MMIO_OK);
    assert_int_equal(pci_cfg_write(cfg, PCI_BASE_ADDRESS_0 + 8, 4, 0xfd001234), MMIO_OK);
    assert_int_equal(pci_bar_addr(cfg, 0), UINT64_C(0x1fe000000));
    assert_int_equal(pci_bar_addr(cfg, 2), 0xfd001000);
    assert_int_equal(pci_bar_addr(cfg, 6), 0);
    /* bad definitions */
    assert_int_equal(pci_bar_define(cfg, 6, 0x1000, 0), -EINVAL);
    assert_int_equal(pci_bar_define(cfg, 5, 0x1000, PCI_BASE_ADDRESS_MEM_TYPE_64), -EINVAL);
    assert_int_equal(pci_bar_define(cfg, 3, 0x1800, 0), -EINVAL);
    assert_int_equal(pci_bar_define(cfg, 3, 8, 0), -EINVAL);
    assert_int_equal(pci_bar_define(cfg, 3, UINT64_C(1) << 32, 0), -EINVAL);
    assert_int_equal(pci_bar_define(cfg, 3, 0x1000, PCI_BASE_ADDRESS_SPACE_IO), -EINVAL);
    free(cfg);
}

/* ---- capability list golden bytes: PCI-CAP-01, PCI-EXT-01, DVSEC-FMT-01 ------ */

static void test_cap_list_golden(void **state)
{
    struct fx *f = calloc(1, sizeof(*f));
    const struct msix_config mc = { .nvec = 4, .table_bir = 0, .table_off = 0,
                                    .pba_bir = 0, .pba_off = 0x800 };
    struct pcie_sink sink = { cap_write, NULL };

    (void)state;
    assert_int_equal(sim_create(&f->sim, NULL), 0);
    cost_model_default(&f->cm);
    pci_cfg_init(&f->cfg, f->sim, RID, VENDOR, DEVICE);
    sink.ctx = &f->log;

    assert_int_equal(pci_add_cap(&f->cfg, PCI_CAP_ID_PM, 0, 8), 0x40);
    assert_int_equal(pci_get_word(&f->cfg, PCI_STATUS), PCI_STATUS_CAP_LIST);
    assert_int_equal(msix_init(&f->m, &f->cfg, &mc, f->sim, &f->cm, &sink), 0);
    assert_int_equal(f->m.cap, 0x48);
    assert_int_equal(pci_add_cap(&f->cfg, PCI_CAP_ID_VNDR, 0x60, 4), 0x60);
    assert_int_equal(pci_add_cap(&f->cfg, PCI_CAP_ID_MSI, 0, 12), 0x54); /* the gap */

    /* golden bytes: pointer at 34h, then ID/next at each entry */
    assert_int_equal(pci_get_byte(&f->cfg, 0x34), 0x40);
    assert_int_equal(pci_get_byte(&f->cfg, 0x40), 0x01);
    assert_int_equal(pci_get_byte(&f->cfg, 0x41), 0x48);
    assert_int_equal(pci_get_byte(&f->cfg, 0x48), 0x11);
    assert_int_equal(pci_get_byte(&f->cfg, 0x49), 0x60);
    assert_int_equal(pci_get_word(&f->cfg, 0x4a), 0x0003);       /* QSIZE = 4 - 1 */
    assert_int_equal(pci_get_long(&f->cfg, 0x4c), 0x00000000);   /* table 0, BIR 0 */
    assert_int_equal(pci_get_long(&f->cfg, 0x50), 0x00000800);   /* PBA 800h, BIR 0 */
    assert_int_equal(pci_get_byte(&f->cfg, 0x60), 0x09);
    assert_int_equal(pci_get_byte(&f->cfg, 0x61), 0x54);
    assert_int_equal(pci_get_byte(&f->cfg, 0x54), 0x05);
    assert_int_equal(pci_get_byte(&f->cfg, 0x55), 0x00);

    /* extended list from 100h: AER v2 (48h bytes), then the SIOV DVSEC */
    assert_int_equal(pci_add_ext_cap(&f->cfg, PCI_EXT_CAP_ID_ERR, 2, 0, 0x48), 0x100);
    assert_int_equal(pci_siov_dvsec_add(&f->cfg, true), 0x148);
    assert_int_equal(pci_get_long(&f->cfg, 0x100), 0x14820001); /* next 148h, v2, ID 1 */
    assert_int_equal(pci_get_long(&f->cfg, 0x148), 0x00010023); /* end, v1, DVSEC */
    assert_int_equal(pci_get_long(&f->cfg, 0x14c), 0x01808086); /* len 18h, rev 0, 8086 */
    assert_int_equal(pci_get_long(&f->cfg, 0x150), 0x00000005); /* DVSEC ID 5 */
    assert_int_equal(pci_get_long(&f->cfg, 0x154), 0);
    assert_int_equal(pci_get_long(&f->cfg, 0x158), 0);
    assert_int_equal(pci_get_long(&f->cfg, 0x15c), 0x00000001); /* IMS supported */

    /* lookups walk those bytes */
    assert_int_equal(pci_find_cap(&f->cfg, PCI_CAP_ID_PM), 0x40);
    assert_int_equal(pci_find_cap(&f->cfg, PCI_CAP_ID_MSIX), 0x48);
    assert_int_equal(pci_find_cap(&f->cfg, PCI_CAP_ID_MSI), 0x54);
    assert_int_equal(pci_find_cap(&f->cfg, PCI_CAP_ID_EXP), 0);
    assert_int_equal(pci_find_ext_cap(&f->cfg, PCI_EXT_CAP_ID_ERR), 0x100);
    assert_int_equal(pci_find_ext_cap(&f->cfg, PCI_EXT_CAP_ID_DVSEC), 0x148);
    assert_int_equal(pci_find_ext_cap(&f->cfg, PCI_EXT_CAP_ID_PASID), 0);
    assert_int_equal(pci_find_dvsec(&f->cfg, PCI_VENDOR_ID_INTEL, PCI_DVSEC_ID_INTEL_SIOV), 0x148);

    /* list bytes are RO to a CPU */
    assert_int_equal(pci_cfg_write(&f->cfg, 0x34, 1, 0x60), MMIO_OK);
    assert_int_equal(pci_cfg_write(&f->cfg, 0x40, 4, 0xffffffff), MMIO_OK);
    assert_int_equal(pci_cfg_write(&f->cfg, 0x100, 4, 0), MMIO_OK);
    assert_int_equal(pci_get_byte(&f->cfg, 0x34), 0x40);
    assert_int_equal(pci_get_word(&f->cfg, 0x40), 0x4801);
    assert_int_equal(pci_get_long(&f->cfg, 0x100), 0x14820001);

    msix_fini(&f->m);
    sim_destroy(f->sim);
    free(f);
}

static void test_cap_builder_errors(void **state)
{
    struct pci_cfg *cfg = calloc(1, sizeof(*cfg));

    (void)state;
    pci_cfg_init(cfg, NULL, RID, VENDOR, DEVICE);
    assert_int_equal(pci_add_cap(cfg, 9, 0x42, 4), -EINVAL);   /* not dword aligned */
    assert_int_equal(pci_add_cap(cfg, 9, 0x3c, 4), -EINVAL);   /* in the header */
    assert_int_equal(pci_add_cap(cfg, 9, 0xfc, 8), -EINVAL);   /* past FFh */
    assert_int_equal(pci_add_cap(cfg, 9, 0, 1), -EINVAL);      /* no room for next */
    assert_int_equal(pci_get_word(cfg, PCI_STATUS), 0);         /* nothing added */
    assert_int_equal(pci_add_cap(cfg, 9, 0x40, 8), 0x40);
    assert_int_equal(pci_add_cap(cfg, 9, 0x44, 4), -EBUSY);
    assert_int_equal(pci_add_cap(cfg, 9, 0, 0x40), 0x48);
    assert_int_equal(pci_add_cap(cfg, 9, 0, 0x40), 0x88);
    assert_int_equal(pci_add_cap(cfg, 9, 0, 0x40), -ENOSPC);
    assert_int_equal(pci_add_cap(cfg, 9, 0, 0x38), 0xc8);
    assert_int_equal(pci_add_cap(cfg, 9, 0, 2), -ENOSPC);

    assert_int_equal(pci_add_ext_cap(cfg, 1, 1, 0x104, 8), -EINVAL);  /* list starts at 100h */
    assert_int_equal(pci_add_ext_cap(cfg, 1, 16, 0, 8), -EINVAL);     /* 4-bit version */
    assert_int_equal(pci_add_ext_cap(cfg, 1, 1, 0, 2), -EINVAL);
    assert_int_equal(pci_add_ext_cap(cfg, 1, 1, 0xffc, 8), -EINVAL);
    assert_int_equal(pci_add_ext_cap(cfg, 1, 1, 0x100, 8), 0x100);
    assert_int_equal(pci_add_ext_cap(cfg, 1, 1, 0x104, 8), -EBUSY);
    assert_int_equal(pci_add_ext_cap(cfg, 1, 1, 0x106, 8), -EINVAL);
    assert_int_equal(pci_add_ext_cap(cfg, 2, 1, 0xff8, 8), 0xff8);
    assert_int_equal(pci_get_long(cfg, 0x100), 0xff810001);
    assert_int_equal(pci_add_ext_cap(cfg, 3, 1, 0, 0xef0), 0x108);
    assert_int_equal(pci_add_ext_cap(cfg, 3, 1, 0, 4), -ENOSPC);
    free(cfg);

    cfg = calloc(1, sizeof(*cfg));
    pci_cfg_init(cfg, NULL, RID, VENDOR, DEVICE);
    assert_int_equal(pci_add_dvsec(cfg, 0x8086, 0, 5, 9), -EINVAL);
    assert_int_equal(pci_add_dvsec(cfg, 0x8086, 0, 5, 0x1000), -EINVAL);
    assert_int_equal(pci_add_dvsec(cfg, 0x8086, 16, 5, 0x10), -EINVAL);
    assert_int_equal(pci_add_dvsec(cfg, 0x8086, 3, 7, 0x0a), 0x100);
    assert_int_equal(pci_get_long(cfg, 0x104), 0x00a38086);
    assert_int_equal(pci_get_word(cfg, 0x108), 7);
    assert_int_equal(pci_add_dvsec(cfg, 0x1e0f, 0, 1, 0x10), 0x10c);   /* 0ah rounds to 0ch */
    free(cfg);
}

/* ---- list walks: PCI-CAP-02, PCI-EXT-02 --------------------------------------- */

static void test_cap_walk_robust(void **state)
{
    struct pci_cfg *cfg = calloc(1, sizeof(*cfg));

    (void)state;
    pci_cfg_init(cfg, NULL, RID, VENDOR, DEVICE);
    assert_int_equal(pci_add_cap(cfg, PCI_CAP_ID_VNDR, 0, 8), 0x40);
    assert_int_equal(pci_add_cap(cfg, PCI_CAP_ID_PM, 0, 8), 0x48);
    assert_int_equal(pci_add_cap(cfg, PCI_CAP_ID_VNDR, 0, 8), 0x50);
    assert_int_equal(pci_find_cap(cfg, PCI_CAP_ID_VNDR), 0x40);
    assert_int_equal(pci_find_next_cap(cfg, 0x40, PCI_CAP_ID_VNDR), 0x50);
    assert_int_equal(pci_find_next_cap(cfg, 0x50, PCI_CAP_ID_VNDR), 0);

    /* pointer bits 1:0 are ignored */
    pci_set_byte(cfg, PCI_CAPABILITY_LIST, 0x43);
    assert_int_equal(pci_find_cap(cfg, PCI_CAP_ID_PM), 0x48);
    /* a loop (a malformed virtual space) ends after 48 entries */
    pci_set_byte(cfg, 0x49, 0x40);
    assert_int_equal(pci_find_cap(cfg, PCI_CAP_ID_MSIX), 0);
    assert_int_equal(pci_find_cap(cfg, PCI_CAP_ID_PM), 0x48);
    /* ID FFh ends the walk */
    pci_set_byte(cfg, 0x40, 0xff);
    assert_int_equal(pci_find_cap(cfg, PCI_CAP_ID_PM), 0);
    pci_set_byte(cfg, 0x40, PCI_CAP_ID_VNDR);
    /* no Capabilities List bit, no list */
    pci_set_word(cfg, PCI_STATUS, 0);
    assert_int_equal(pci_find_cap(cfg, PCI_CAP_ID_VNDR), 0);

    /* extended: a zero header at 100h means none, whatever follows */
    pci_set_long(cfg, 0x200, PCI_EXT_CAP_HDR(PCI_EXT_CAP_ID_DVSEC, 1, 0));
    assert_int_equal(pci_find_ext_cap(cfg, PCI_EXT_CAP_ID_DVSEC), 0);
    /* next pointer bits 1:0 ignored (Linux & 0xffc) */
    pci_set_long(cfg, 0x100, PCI_EXT_CAP_HDR(PCI_EXT_CAP_ID_ERR, 1, 0x202));
    assert_int_equal(pci_find_ext_cap(cfg, PCI_EXT_CAP_ID_DVSEC), 0x200);
    /* a self loop ends after (4096 - 256) / 8 headers */
    pci_set_long(cfg, 0x200, PCI_EXT_CAP_HDR(PCI_EXT_CAP_ID_VNDR, 1, 0x200));
    assert_int_equal(pci_find_ext_cap(cfg, PCI_EXT_CAP_ID_DVSEC), 0);
    /* a DVSEC whose headers would lie past 4 KiB: read as all ones, no match */
    pci_set_long(cfg, 0x200, PCI_EXT_CAP_HDR(PCI_EXT_CAP_ID_VNDR, 1, 0xffc));
    pci_set_long(cfg, 0xffc, PCI_EXT_CAP_HDR(PCI_EXT_CAP_ID_DVSEC, 1, 0));
    assert_int_equal(pci_find_ext_cap(cfg, PCI_EXT_CAP_ID_DVSEC), 0xffc);
    assert_int_equal(pci_find_dvsec(cfg, 0xffff, 0xffff), 0xffc);
    assert_int_equal(pci_find_dvsec(cfg, PCI_VENDOR_ID_INTEL, PCI_DVSEC_ID_INTEL_SIOV), 0);
    assert_false(pci_ims_supported(cfg));
    free(cfg);
}

/* ---- MSI-X capability: MSIX-CAP-01, MSIX-CAP-02 ------------------------------ */

static void test_msix_cap_encoding(void **state)
{
    const unsigned ns[3] = { 1, 64, 2048 };
    const uint32_t pba_sz[3] = { 8, 8, 256 };

    (void)state;
    for (int i = 0; i < 3; i++) {
        const struct msix_config mc = { .nvec = ns[i], .table_bir = 2, .table_off = 0x2000,
                                        .pba_bir = 4, .pba_off = 0x3000 };
        struct fx *f = fx_new_cfg(&mc);
        uint16_t cap = f->m.cap;

        assert_int_equal(cap, 0x40);
        assert_int_equal(pci_find_cap(&f->cfg, PCI_CAP_ID_MSIX), 0x40);
        assert_int_equal(cfgr(f, cap, 1), 0x11);
        assert_int_equal(cfgr(f, cap + PCI_MSIX_FLAGS, 2), ns[i] - 1); /* 0, 3Fh, 7FFh */
        assert_int_equal(cfgr(f, cap + PCI_MSIX_TABLE, 4), 0x00002002);
        assert_int_equal(cfgr(f, cap + PCI_MSIX_PBA, 4), 0x00003004);
        assert_int_equal(msix_table_size(&f->m), 16 * ns[i]);
        assert_int_equal(msix_pba_size(&f->m), pba_sz[i]);

        /* QSIZE and reserved 13:11 RO; Function Mask and Enable RW */
        msix_ctrl(f, 0xffff);
        assert_int_equal(cfgr(f, cap + PCI_MSIX_FLAGS, 2), 0xc000 | (ns[i] - 1));
        assert_true(msix_enabled(&f->m));
        assert_true(msix_function_masked(&f->m));
        msix_ctrl(f, 0);
        assert_int_equal(cfgr(f, cap + PCI_MSIX_FLAGS, 2), ns[i] - 1);
        assert_false(msix_enabled(&f->m));
        /* Table and PBA Offset/BIR are RO */
        cfgw(f, cap + PCI_MSIX_TABLE, 4, 0xffffffff);
        cfgw(f, cap + PCI_MSIX_PBA, 4, 0);
        assert_int_equal(cfgr(f, cap + PCI_MSIX_TABLE, 4), 0x00002002);
        assert_int_equal(cfgr(f, cap + PCI_MSIX_PBA, 4), 0x00003004);
        /* a byte write to +3 and a dword write to +0 both reach Message Control */
        cfgw(f, cap + 3, 1, 0x80);
        assert_true(msix_enabled(&f->m));
        assert_false(msix_function_masked(&f->m));
        cfgw(f, cap, 4, 0x40000000);
        assert_false(msix_enabled(&f->m));
        assert_true(msix_function_masked(&f->m));
        assert_int_equal(cfgr(f, cap, 2), 0x0011);      /* ID and next untouched */
        fx_free(f);
    }
}

static void test_msix_init_errors(void **state)
{
    struct sim *sim = NULL;
    struct cost_model cm;
    struct pci_cfg *cfg = calloc(1, sizeof(*cfg));
    struct cap_log log = { 0 };
    struct pcie_sink sink = { cap_write, &log }, nosink = { NULL, NULL };
    struct msix m;
    struct msix_config mc = { .nvec = 8, .table_bir = 0, .table_off = 0x2000,
                              .pba_bir = 0, .pba_off = 0x3000 };
    struct msix_config bad;

    (void)state;
    assert_int_equal(sim_create(&sim, NULL), 0);
    cost_model_default(&cm);
    pci_cfg_init(cfg, sim, RID, VENDOR, DEVICE);

    bad = mc; bad.nvec = 0;
    assert_int_equal(msix_init(&m, cfg, &bad, sim, &cm, &sink), -EINVAL);
    bad = mc; bad.nvec = 2049;
    assert_int_equal(msix_init(&m, cfg, &bad, sim, &cm, &sink), -EINVAL);
    bad = mc; bad.table_bir = 6;
    assert_int_equal(msix_init(&m, cfg, &bad, sim, &cm, &sink), -EINVAL);
    bad = mc; bad.pba_bir = 7;
    assert_int_equal(msix_init(&m, cfg, &bad, sim, &cm, &sink), -EINVAL);
    bad = mc; bad.table_off = 0x2004;
    assert_int_equal(msix_init(&m, cfg, &bad, sim, &cm, &sink), -EINVAL);
    bad = mc; bad.pba_off = 0x3001;
    assert_int_equal(msix_init(&m, cfg, &bad, sim, &cm, &sink), -EINVAL);
    bad = mc; bad.pba_off = 0x2078;               /* inside the 80h-byte table */
    assert_int_equal(msix_init(&m, cfg, &bad, sim, &cm, &sink), -EINVAL);
    bad = mc; bad.pba_off = 0x1ff8;               /* last PBA qword before the table */
    bad.nvec = 64;
    assert_int_equal(msix_init(&m, cfg, &bad, sim, &cm, &sink), 0);
    msix_fini(&m);
    assert_int_equal(msix_init(&m, cfg, &mc, sim, &cm, &nosink), -EINVAL);
    assert_int_equal(msix_init(&m, cfg, &mc, sim, &cm, NULL), -EINVAL);
    free(cfg);

    /* no room for the capability: pci_add_cap()'s error comes back */
    cfg = calloc(1, sizeof(*cfg));
    pci_cfg_init(cfg, sim, RID, VENDOR, DEVICE);
    assert_int_equal(pci_add_cap(cfg, PCI_CAP_ID_VNDR, 0, 0xc0), 0x40);
    assert_int_equal(msix_init(&m, cfg, &mc, sim, &cm, &sink), -ENOSPC);
    free(cfg);
    sim_destroy(sim);
}

/* ---- table reset state: MSIX-TBL-01 --------------------------------------------- */

static void test_msix_table_reset(void **state)
{
    struct fx *f = fx_new();
    struct msix_entry e;

    (void)state;
    for (unsigned v = 0; v < NVEC; v++) {
        assert_int_equal(tr(f, v * 16 + 0x0, 4), 0);
        assert_int_equal(tr(f, v * 16 + 0x4, 4), 0);
        assert_int_equal(tr(f, v * 16 + 0x8, 4), 0);
        assert_int_equal(tr(f, v * 16 + 0xc, 4), 1);
        assert_true(msix_is_masked(&f->m, v));
        assert_false(msix_is_pending(&f->m, v));
    }
    assert_int_equal(pba(f), 0);
    /* Vector Control bits 31:1 are reserved, RO 0 */
    tw(f, 0x1c, 4, 0xffffffff);
    assert_int_equal(tr(f, 0x1c, 4), 1);
    tw(f, 0x1c, 4, 0xfffffffe);
    assert_int_equal(tr(f, 0x1c, 4), 0);
    assert_false(msix_is_masked(&f->m, 1));
    assert_int_equal(msix_get_entry(&f->m, 1, &e), 0);
    assert_int_equal(e.ctrl, 0);
    assert_int_equal(msix_get_entry(&f->m, NVEC, &e), -EINVAL);
    assert_true(msix_is_masked(&f->m, NVEC));
    assert_false(msix_is_pending(&f->m, NVEC));
    assert_int_equal(msix_table_mmio_ops.min_size, 4);
    assert_int_equal(msix_table_mmio_ops.max_size, 8);
    assert_int_equal(msix_pba_mmio_ops.min_size, 4);
    assert_int_equal(msix_pba_mmio_ops.max_size, 8);
    fx_free(f);
}

/* ---- mask, pending, unmask: MSIX-MASK-01, MSIX-MASK-02, MSIX-PBA-02 --------------- */

static void test_msix_mask_pending_unmask(void **state)
{
    struct fx *f = fx_new();
    struct irq_tag t = tag_seq(11);

    (void)state;
    msix_ctrl(f, PCI_MSIX_FLAGS_ENABLE);
    program(f, 2, 0xfee00000, 0x30, true);
    assert_int_equal(msix_notify(&f->m, 2, &t), MSIX_NOTIFY_PENDING);
    assert_int_equal(pba(f), 0x4);
    assert_true(msix_is_pending(&f->m, 2));
    run(f);
    assert_int_equal(f->log.n, 0);
    /* reprogrammed while masked: the unmask sends the new pair */
    tw(f, 2 * 16 + PCI_MSIX_ENTRY_DATA, 4, 0x31);
    set_vmask(f, 2, false);
    assert_int_equal(pba(f), 0);                 /* cleared at unmask (QEMU) */
    run(f);
    assert_int_equal(f->log.n, 1);
    assert_int_equal(f->log.w[0].addr, 0xfee00000);
    assert_int_equal(f->log.w[0].data, 0x31);
    assert_int_equal(f->log.w[0].tag.seq, 11);
    assert_int_equal(f->log.t[0], MSI_GEN_PS);
    /* exactly once: masking and unmasking again sends nothing */
    set_vmask(f, 2, true);
    set_vmask(f, 2, false);
    run(f);
    assert_int_equal(f->log.n, 1);
    assert_int_equal(f->m.stats.pended, 1);
    assert_int_equal(f->m.stats.replayed, 1);
    assert_int_equal(f->m.stats.sent, 1);
    fx_free(f);
}

static void test_msix_unmask_nothing_pending(void **state)
{
    struct fx *f = fx_new();

    (void)state;
    msix_ctrl(f, PCI_MSIX_FLAGS_ENABLE);
    program(f, 0, 0xfee00000, 0x40, true);
    set_vmask(f, 0, false);
    msix_ctrl(f, PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL);
    msix_ctrl(f, PCI_MSIX_FLAGS_ENABLE);
    run(f);
    assert_int_equal(f->log.n, 0);
    assert_int_equal(f->m.stats.scheduled, 0);
    fx_free(f);
}

/* MSIX-MASK-01: a second raise while pending coalesces into the one bit */
static void test_msix_coalesce(void **state)
{
    struct fx *f = fx_new();
    struct irq_tag t1 = tag_seq(1), t2 = tag_seq(2);

    (void)state;
    msix_ctrl(f, PCI_MSIX_FLAGS_ENABLE);
    program(f, 4, 0xfee00000, 0x44, true);
    assert_int_equal(msix_notify(&f->m, 4, &t1), MSIX_NOTIFY_PENDING);
    assert_int_equal(msix_notify(&f->m, 4, &t2), MSIX_NOTIFY_PENDING);
    assert_int_equal(f->m.stats.pended, 1);
    assert_int_equal(f->m.stats.coalesced, 1);
    set_vmask(f, 4, false);
    run(f);
    assert_int_equal(f->log.n, 1);
    assert_int_equal(f->log.w[0].tag.seq, 1);    /* the raise that set the bit */
    fx_free(f);
}

/* MSIX-PBA-03: the device may withdraw a pending interrupt */
static void test_msix_clear_pending(void **state)
{
    struct fx *f = fx_new();

    (void)state;
    msix_ctrl(f, PCI_MSIX_FLAGS_ENABLE);
    program(f, 1, 0xfee00000, 0x41, true);
    assert_int_equal(msix_notify(&f->m, 1, NULL), MSIX_NOTIFY_PENDING);
    assert_int_equal(pba(f), 0x2);
    assert_int_equal(msix_clear_pending(&f->m, 1), 0);
    assert_int_equal(pba(f), 0);
    assert_int_equal(msix_clear_pending(&f->m, NVEC), -EINVAL);
    set_vmask(f, 1, false);
    run(f);
    assert_int_equal(f->log.n, 0);
    assert_int_equal(f->m.stats.pending_cleared, 1);
    fx_free(f);
}

/* ---- function mask: MSIX-FM-01 --------------------------------------------------- */

static void test_msix_function_mask_order(void **state)
{
    struct fx *f = fx_new();

    (void)state;
    msix_ctrl(f, PCI_MSIX_FLAGS_ENABLE);
    program(f, 1, 0xfee00000, 0x51, false);
    program(f, 2, 0xfee00000, 0x52, false);
    program(f, 3, 0xfee01000, 0x53, false);
    program(f, 5, 0xfee02000, 0x55, true);
    msix_ctrl(f, PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL);
    assert_true(msix_is_masked(&f->m, 1));
    assert_int_equal(msix_notify(&f->m, 3, NULL), MSIX_NOTIFY_PENDING);
    assert_int_equal(msix_notify(&f->m, 1, NULL), MSIX_NOTIFY_PENDING);
    assert_int_equal(msix_notify(&f->m, 5, NULL), MSIX_NOTIFY_PENDING);
    assert_int_equal(msix_notify(&f->m, 2, NULL), MSIX_NOTIFY_PENDING);
    assert_int_equal(pba(f), 0x2e);
    run(f);
    assert_int_equal(f->log.n, 0);

    msix_ctrl(f, PCI_MSIX_FLAGS_ENABLE);
    assert_int_equal(pba(f), 0x20);              /* vector 5 is still masked */
    run(f);
    assert_int_equal(f->log.n, 3);
    assert_int_equal(f->log.w[0].data, 0x51);    /* ascending: 1, 2, 3 */
    assert_int_equal(f->log.w[1].data, 0x52);
    assert_int_equal(f->log.w[2].data, 0x53);
    assert_int_equal(f->log.w[2].addr, 0xfee01000);
    for (unsigned i = 0; i < 3; i++)
        assert_int_equal(f->log.t[i], MSI_GEN_PS);
    /* once each */
    msix_ctrl(f, PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL);
    msix_ctrl(f, PCI_MSIX_FLAGS_ENABLE);
    run(f);
    assert_int_equal(f->log.n, 3);
    fx_free(f);
}

/* ---- enable: MSIX-EN-01, MSIX-EN-02 ----------------------------------------------- */

static void test_msix_disabled_drops(void **state)
{
    struct fx *f = fx_new();

    (void)state;
    program(f, 0, 0xfee00000, 0x60, false);
    assert_int_equal(msix_notify(&f->m, 0, NULL), MSIX_NOTIFY_DISABLED);
    /* masked and disabled: still dropped, no pending bit */
    set_vmask(f, 0, true);
    assert_int_equal(msix_notify(&f->m, 0, NULL), MSIX_NOTIFY_DISABLED);
    assert_int_equal(pba(f), 0);
    msix_ctrl(f, PCI_MSIX_FLAGS_ENABLE);
    set_vmask(f, 0, false);
    run(f);
    assert_int_equal(f->log.n, 0);
    assert_int_equal(f->m.stats.dropped_disabled, 2);
    assert_int_equal(f->m.stats.notified, 2);
    assert_int_equal(msix_notify(&f->m, NVEC, NULL), -EINVAL);
    assert_int_equal(f->m.stats.notified, 2);
    fx_free(f);
}

static void test_msix_enable_releases_pending(void **state)
{
    struct fx *f = fx_new();

    (void)state;
    msix_ctrl(f, PCI_MSIX_FLAGS_ENABLE);
    program(f, 6, 0xfee00000, 0x66, true);
    assert_int_equal(msix_notify(&f->m, 6, NULL), MSIX_NOTIFY_PENDING);
    msix_ctrl(f, 0);                              /* disable: the bit stays */
    set_vmask(f, 6, false);                       /* disabled counts as masked */
    run(f);
    assert_int_equal(f->log.n, 0);
    assert_int_equal(pba(f), 0x40);
    msix_ctrl(f, PCI_MSIX_FLAGS_ENABLE);
    assert_int_equal(pba(f), 0);
    run(f);
    assert_int_equal(f->log.n, 1);
    assert_int_equal(f->log.w[0].data, 0x66);
    fx_free(f);
}

/* ---- the message: MSIX-MSG-01, MSIX-MSG-02, MSIX-LAT-01 --------------------------- */

static void test_msix_message_contents(void **state)
{
    struct fx *f = fx_new();
    struct irq_tag t = { .seq = 42, .dev = 3, .adi = 1, .entry = 2 };

    (void)state;
    msix_ctrl(f, PCI_MSIX_FLAGS_ENABLE);
    program(f, 2, UINT64_C(0x00000001fee0100c), 0x00004041, false);
    assert_int_equal(msix_notify(&f->m, 2, &t), MSIX_NOTIFY_SENT);
    /* MSIX-MSG-02: the pair was sampled at the notify */
    tw(f, 2 * 16 + PCI_MSIX_ENTRY_DATA, 4, 0xdead);
    assert_int_equal(f->log.n, 0);
    run(f);
    assert_int_equal(f->log.n, 1);
    assert_int_equal(f->log.w[0].addr, UINT64_C(0x1fee0100c));
    assert_int_equal(f->log.w[0].data, 0x4041);
    assert_int_equal(f->log.w[0].len, 4);
    assert_int_equal(f->log.w[0].rid, 0x0301);
    assert_false(f->log.w[0].has_pasid);
    assert_int_equal(f->log.w[0].pasid, 0);
    assert_int_equal(f->log.w[0].tag.seq, 42);
    assert_int_equal(f->log.w[0].tag.dev, 3);
    assert_int_equal(f->log.w[0].tag.adi, 1);
    assert_int_equal(f->log.w[0].tag.entry, 2);
    assert_int_equal(f->log.t[0], MSI_GEN_PS);
    assert_int_equal(f->log.t[0], cost_ps(&f->cm, COST_DEV_MSI_GEN));
    fx_free(f);
}

static void test_msix_latency(void **state)
{
    struct fx *f = fx_new();

    (void)state;
    msix_ctrl(f, PCI_MSIX_FLAGS_ENABLE);
    program(f, 0, 0xfee00000, 0x70, false);
    assert_int_equal(sim_run(f->sim, SIM_NS(1000)), SIM_RUN_DONE);
    assert_int_equal(msix_notify(&f->m, 0, NULL), MSIX_NOTIFY_SENT);
    run(f);
    assert_int_equal(f->log.n, 1);
    assert_int_equal(f->log.t[0], SIM_NS(1000) + MSI_GEN_PS);
    /* the cost comes from the cost model in force */
    f->cm.value[COST_DEV_MSI_GEN] = 50;
    assert_int_equal(msix_notify(&f->m, 0, NULL), MSIX_NOTIFY_SENT);
    run(f);
    assert_int_equal(f->log.n, 2);
    assert_int_equal(f->log.t[1], SIM_NS(1000) + MSI_GEN_PS + SIM_NS(50));
    fx_free(f);
}

/* MSIX-BME-01 */
static void test_msix_bus_master_off(void **state)
{
    struct fx *f = fx_new();

    (void)state;
    msix_ctrl(f, PCI_MSIX_FLAGS_ENABLE);
    program(f, 0, 0xfee00000, 0x71, false);
    cfgw(f, PCI_COMMAND, 2, PCI_COMMAND_MEMORY);
    assert_int_equal(msix_notify(&f->m, 0, NULL), MSIX_NOTIFY_SENT);
    run(f);
    assert_int_equal(f->log.n, 0);
    assert_int_equal(f->m.stats.dropped_bme, 1);
    /* bus mastering back on before the send time: it goes out */
    assert_int_equal(msix_notify(&f->m, 0, NULL), MSIX_NOTIFY_SENT);
    cfgw(f, PCI_COMMAND, 2, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
    run(f);
    assert_int_equal(f->log.n, 1);
    fx_free(f);
}

/* ---- MMIO access rules: MSIX-ACC-01, MSIX-ACC-02, MSIX-ACC-03, MSIX-PBA-01 -------- */

static void snapshot(struct fx *f, struct msix_entry *e)
{
    for (unsigned v = 0; v < NVEC; v++)
        assert_int_equal(msix_get_entry(&f->m, v, &e[v]), 0);
}

static void test_msix_rejected_access(void **state)
{
    struct fx *f = fx_new();
    const struct mmio_ops *t = &msix_table_mmio_ops, *p = &msix_pba_mmio_ops;
    struct msix_entry before[NVEC], after[NVEC];
    uint64_t v;

    (void)state;
    msix_ctrl(f, PCI_MSIX_FLAGS_ENABLE);
    assert_int_equal(msix_notify(&f->m, 0, NULL), MSIX_NOTIFY_PENDING);
    snapshot(f, before);

    /* each would unmask vector 0 if it were accepted */
    assert_int_equal(t->write(&f->m, 0xc, 1, 0), MMIO_BAD_SIZE);
    assert_int_equal(t->write(&f->m, 0xc, 2, 0), MMIO_BAD_SIZE);
    assert_int_equal(t->write(&f->m, 0xe, 4, 0), MMIO_BAD_SIZE);       /* unaligned dword */
    assert_int_equal(t->write(&f->m, 0xc, 8, 0), MMIO_BAD_SIZE);       /* unaligned qword */
    assert_int_equal(t->write(&f->m, 0x8, 16, 0), MMIO_BAD_SIZE);
    assert_int_equal(t->write(&f->m, 0x8, 0, 0), MMIO_BAD_SIZE);
    assert_int_equal(t->write(&f->m, NVEC * 16, 4, 0), MMIO_UNMAPPED);  /* beyond */
    assert_int_equal(t->write(&f->m, NVEC * 16, 8, 0), MMIO_UNMAPPED);
    assert_int_equal(t->write(&f->m, UINT64_MAX - 3, 4, 0), MMIO_UNMAPPED);
    assert_int_equal(t->write(&f->m, UINT64_MAX - 7, 8, 0), MMIO_UNMAPPED);
    assert_int_equal(t->read(&f->m, 0xc, 1, &v), MMIO_BAD_SIZE);
    assert_int_equal(v, 0xff);
    assert_int_equal(t->read(&f->m, 0xc, 2, &v), MMIO_BAD_SIZE);
    assert_int_equal(v, 0xffff);
    assert_int_equal(t->read(&f->m, 0x4, 8, &v), MMIO_BAD_SIZE);
    assert_int_equal(v, UINT64_MAX);
    assert_int_equal(t->read(&f->m, NVEC * 16, 4, &v), MMIO_UNMAPPED);
    assert_int_equal(v, 0xffffffff);
    assert_int_equal(p->write(&f->m, 0, 2, 0), MMIO_BAD_SIZE);
    assert_int_equal(p->read(&f->m, 4, 8, &v), MMIO_BAD_SIZE);
    assert_int_equal(p->read(&f->m, 8, 4, &v), MMIO_UNMAPPED);          /* PBA is 8 bytes */
    assert_int_equal(v, 0xffffffff);
    assert_int_equal(f->m.stats.guest_errors, 17);
    assert_int_equal(f->m.stats.pba_writes, 0);

    snapshot(f, after);
    assert_memory_equal(before, after, sizeof(before));
    assert_int_equal(pba(f), 1);
    run(f);
    assert_int_equal(f->log.n, 0);
    fx_free(f);
}

static void test_msix_qword_access(void **state)
{
    struct fx *f = fx_new();
    struct msix_entry e;

    (void)state;
    /* address lo/hi in one QWORD */
    tw(f, 0x10, 8, UINT64_C(0x00000001fee01000));
    assert_int_equal(tr(f, 0x10, 4), 0xfee01000);
    assert_int_equal(tr(f, 0x14, 4), 0x00000001);
    assert_int_equal(msix_get_entry(&f->m, 1, &e), 0);
    assert_int_equal(e.addr, UINT64_C(0x1fee01000));
    /* data and control read as one QWORD: control in the upper half */
    assert_int_equal(tr(f, 0x18, 8), UINT64_C(0x0000000100000000));
    assert_int_equal(tr(f, 0x10, 8), UINT64_C(0x00000001fee01000));

    /* a pending masked entry: data + control in one QWORD write unmasks
     * with the new data (data visible no later than the mask) */
    msix_ctrl(f, PCI_MSIX_FLAGS_ENABLE);
    assert_int_equal(msix_notify(&f->m, 1, NULL), MSIX_NOTIFY_PENDING);
    tw(f, 0x18, 8, UINT64_C(0x0000000000000055));
    assert_int_equal(tr(f, 0x18, 8), 0x55);
    run(f);
    assert_int_equal(f->log.n, 1);
    assert_int_equal(f->log.w[0].addr, UINT64_C(0x1fee01000));
    assert_int_equal(f->log.w[0].data, 0x55);
    fx_free(f);
}

static void test_msix_pba_read_only(void **state)
{
    const struct msix_config mc = { .nvec = 100, .table_bir = 0, .table_off = 0,
                                    .pba_bir = 0, .pba_off = 0x1000 };
    struct fx *f = fx_new_cfg(&mc);
    uint64_t v;

    (void)state;
    msix_ctrl(f, PCI_MSIX_FLAGS_ENABLE);
    assert_int_equal(msix_notify(&f->m, 0, NULL), MSIX_NOTIFY_PENDING);
    assert_int_equal(msix_notify(&f->m, 33, NULL), MSIX_NOTIFY_PENDING);
    assert_int_equal(msix_notify(&f->m, 99, NULL), MSIX_NOTIFY_PENDING);
    assert_int_equal(msix_pba_mmio_ops.write(&f->m, 0, 8, 0), MMIO_OK);
    assert_int_equal(msix_pba_mmio_ops.write(&f->m, 8, 4, 0xffffffff), MMIO_OK);
    assert_int_equal(f->m.stats.pba_writes, 2);
    assert_int_equal(msix_pba_mmio_ops.read(&f->m, 0, 8, &v), MMIO_OK);
    assert_int_equal(v, UINT64_C(0x0000000200000001));
    assert_int_equal(msix_pba_mmio_ops.read(&f->m, 4, 4, &v), MMIO_OK);
    assert_int_equal(v, 0x2);
    assert_int_equal(msix_pba_mmio_ops.read(&f->m, 8, 8, &v), MMIO_OK);
    assert_int_equal(v, UINT64_C(1) << 35);      /* vector 99; bits past N read 0 */
    assert_int_equal(msix_pba_mmio_ops.read(&f->m, 12, 4, &v), MMIO_OK);
    assert_int_equal(v, 0x8);
    assert_int_equal(msix_pba_size(&f->m), 16);
    assert_int_equal(msix_pba_mmio_ops.read(&f->m, 16, 4, &v), MMIO_UNMAPPED);
    assert_int_equal(f->m.stats.guest_errors, 1);
    fx_free(f);
}

static void test_msix_memory_decode_off(void **state)
{
    struct fx *f = fx_new();
    uint64_t v = 0;

    (void)state;
    cfgw(f, PCI_COMMAND, 2, PCI_COMMAND_MASTER);
    assert_int_equal(msix_table_mmio_ops.write(&f->m, 0xc, 4, 0), MMIO_UNMAPPED);
    assert_int_equal(msix_table_mmio_ops.read(&f->m, 0xc, 4, &v), MMIO_UNMAPPED);
    assert_int_equal(v, 0xffffffff);
    assert_int_equal(msix_pba_mmio_ops.read(&f->m, 0, 8, &v), MMIO_UNMAPPED);
    assert_int_equal(f->m.stats.guest_errors, 3);
    assert_true(msix_is_masked(&f->m, 0));
    cfgw(f, PCI_COMMAND, 2, PCI_COMMAND_MASTER | PCI_COMMAND_MEMORY);
    assert_int_equal(tr(f, 0xc, 4), 1);
    fx_free(f);
}

/* ---- reset: MSIX-RST-01 -------------------------------------------------------------- */

static void test_msix_reset(void **state)
{
    struct fx *f = fx_new();
    struct msix_entry e;

    (void)state;
    msix_ctrl(f, PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL);
    program(f, 0, 0xfee00000, 0x80, false);
    assert_int_equal(msix_notify(&f->m, 0, NULL), MSIX_NOTIFY_PENDING);
    msix_ctrl(f, PCI_MSIX_FLAGS_ENABLE);          /* scheduled, not yet sent */
    program(f, 2, 0xfee00000, 0x82, false);
    assert_int_equal(msix_notify(&f->m, 2, NULL), MSIX_NOTIFY_SENT);
    program(f, 1, 0xfee00000, 0x81, true);
    assert_int_equal(msix_notify(&f->m, 1, NULL), MSIX_NOTIFY_PENDING);
    msix_reset(&f->m);
    assert_int_equal(cfgr(f, f->m.cap + PCI_MSIX_FLAGS, 2), NVEC - 1);
    assert_false(msix_enabled(&f->m));
    assert_false(msix_function_masked(&f->m));
    assert_int_equal(pba(f), 0);
    assert_int_equal(msix_get_entry(&f->m, 0, &e), 0);
    assert_int_equal(e.addr, 0);
    assert_int_equal(e.data, 0);
    assert_int_equal(e.ctrl, 1);
    run(f);
    assert_int_equal(f->log.n, 0);
    assert_int_equal(f->m.stats.dropped_reset, 2);
    assert_int_equal(sim_pending(f->sim), 0);
    fx_free(f);
}

/* A message still in flight at msix_fini() is cancelled, not leaked. */
static void test_msix_fini_inflight(void **state)
{
    struct fx *f = fx_new();

    (void)state;
    msix_ctrl(f, PCI_MSIX_FLAGS_ENABLE);
    program(f, 0, 0xfee00000, 0x90, false);
    assert_int_equal(msix_notify(&f->m, 0, NULL), MSIX_NOTIFY_SENT);
    assert_int_equal(sim_pending(f->sim), 1);
    msix_fini(&f->m);
    assert_int_equal(sim_pending(f->sim), 0);
    assert_int_equal(f->cfg.nhooks, 0);
    /* Message Control writes no longer reach the freed state */
    cfgw(f, f->m.cap + PCI_MSIX_FLAGS, 2, 0);
    sim_destroy(f->sim);
    free(f);
}

/* ---- config write hooks and rewiring ------------------------------------- */

struct hook_rec {
    unsigned calls;
    uint32_t off;
    unsigned size;
};

static void hook_fn(void *ctx, struct pci_cfg *cfg, uint32_t off, unsigned size)
{
    struct hook_rec *r = ctx;

    (void)cfg;
    r->calls++;
    r->off = off;
    r->size = size;
}

/* ---- a device that sends itself: MSIX-DEV-01 ---------------------------------- */

static void test_msix_decide(void **state)
{
    struct fx *f = fx_new();
    struct irq_tag t = tag_seq(21);
    struct msix_entry e = { 0 };

    (void)state;
    program(f, 1, 0xfee01000, 0x41, false);
    program(f, 2, 0xfee02000, 0x42, true);
    /* MSIX-EN-01: disabled drops, no PBA bit */
    assert_int_equal(msix_decide(&f->m, 1, &t, &e), MSIX_NOTIFY_DISABLED);
    assert_int_equal(msix_decide(&f->m, 2, &t, NULL), MSIX_NOTIFY_DISABLED);
    assert_int_equal(pba(f), 0);
    msix_ctrl(f, PCI_MSIX_FLAGS_ENABLE);
    /* unmasked: the entry sampled now, nothing scheduled by the model */
    assert_int_equal(msix_decide(&f->m, 1, &t, &e), MSIX_NOTIFY_SENT);
    assert_int_equal(e.addr, 0xfee01000);
    assert_int_equal(e.data, 0x41);
    assert_int_equal(e.ctrl, 0);
    assert_int_equal(msix_decide(&f->m, 1, NULL, NULL), MSIX_NOTIFY_SENT);
    /* MSIX-MASK-01: masked sets the bit, then coalesces */
    assert_int_equal(msix_decide(&f->m, 2, &t, &e), MSIX_NOTIFY_PENDING);
    assert_int_equal(pba(f), 0x4);
    assert_int_equal(msix_decide(&f->m, 2, NULL, &e), MSIX_NOTIFY_COALESCED);
    /* msix_notify() still reports a coalesced raise as PENDING */
    assert_int_equal(msix_notify(&f->m, 2, NULL), MSIX_NOTIFY_PENDING);
    assert_int_equal(msix_decide(&f->m, NVEC, &t, &e), -EINVAL);
    run(f);
    assert_int_equal(f->log.n, 0);
    assert_int_equal(f->m.stats.notified, 7);
    assert_int_equal(f->m.stats.dropped_disabled, 2);
    assert_int_equal(f->m.stats.pended, 1);
    assert_int_equal(f->m.stats.coalesced, 2);
    assert_int_equal(f->m.stats.scheduled, 0);
    /* without a replay callback the unmask sends, with the deciding tag */
    set_vmask(f, 2, false);
    run(f);
    assert_int_equal(f->log.n, 1);
    assert_int_equal(f->log.w[0].data, 0x42);
    assert_int_equal(f->log.w[0].tag.seq, 21);
    fx_free(f);
}

static void test_msix_set_pending(void **state)
{
    struct fx *f = fx_new();
    struct irq_tag t = tag_seq(31), u = tag_seq(32);

    (void)state;
    msix_ctrl(f, PCI_MSIX_FLAGS_ENABLE);
    program(f, 3, 0xfee03000, 0x43, true);
    assert_int_equal(msix_set_pending(&f->m, 3, &t), 0);
    assert_int_equal(pba(f), 0x8);
    /* already set: nothing changes, the first tag stays */
    assert_int_equal(msix_set_pending(&f->m, 3, &u), 0);
    assert_int_equal(f->m.stats.pended, 1);
    assert_int_equal(msix_set_pending(&f->m, NVEC, &t), -EINVAL);
    run(f);
    assert_int_equal(f->log.n, 0);
    set_vmask(f, 3, false);
    assert_int_equal(pba(f), 0);
    run(f);
    assert_int_equal(f->log.n, 1);
    assert_int_equal(f->log.w[0].data, 0x43);
    assert_int_equal(f->log.w[0].tag.seq, 31);
    /* on an unmasked vector the bit waits for the next unmask */
    assert_int_equal(msix_set_pending(&f->m, 3, NULL), 0);
    run(f);
    assert_int_equal(f->log.n, 1);
    set_vmask(f, 3, true);
    set_vmask(f, 3, false);
    run(f);
    assert_int_equal(f->log.n, 2);
    assert_int_equal(f->log.w[1].tag.seq, 0);
    fx_free(f);
}

#define REPLAY_MAX 8

struct replay_log {
    unsigned n;
    unsigned vec[REPLAY_MAX];
    struct msix_entry e[REPLAY_MAX];
    uint64_t seq[REPLAY_MAX];
    uint64_t pba_seen[REPLAY_MAX];
    struct msix *m;
};

static void on_replay(void *ctx, unsigned vector, const struct msix_entry *e,
                      const struct irq_tag *tag)
{
    struct replay_log *l = ctx;

    assert_true(l->n < REPLAY_MAX);
    l->vec[l->n] = vector;
    l->e[l->n] = *e;
    l->seq[l->n] = tag->seq;
    l->pba_seen[l->n] = l->m->pba[0];
    l->n++;
}

static void test_msix_replay_callback(void **state)
{
    struct fx *f = fx_new();
    struct replay_log rl = { .m = &f->m };
    struct irq_tag t1 = tag_seq(41), t4 = tag_seq(44), t6 = tag_seq(46);

    (void)state;
    msix_set_replay(&f->m, on_replay, &rl);
    msix_ctrl(f, PCI_MSIX_FLAGS_ENABLE);
    program(f, 1, 0xfee01000, 0x61, true);
    assert_int_equal(msix_decide(&f->m, 1, &t1, NULL), MSIX_NOTIFY_PENDING);
    /* MSIX-MASK-02 via the callback: the pair at unmask time, the tag of
     * the raise that set the bit, the bit already clear; nothing sent */
    tw(f, 16 + PCI_MSIX_ENTRY_DATA, 4, 0x71);
    set_vmask(f, 1, false);
    assert_int_equal(rl.n, 1);
    assert_int_equal(rl.vec[0], 1);
    assert_int_equal(rl.e[0].addr, 0xfee01000);
    assert_int_equal(rl.e[0].data, 0x71);
    assert_int_equal(rl.e[0].ctrl, 0);
    assert_int_equal(rl.seq[0], 41);
    assert_int_equal(rl.pba_seen[0], 0);
    set_vmask(f, 1, true);
    set_vmask(f, 1, false);
    assert_int_equal(rl.n, 1);                  /* exactly once */
    /* MSIX-FM-01 via the callback: ascending order, masked vectors stay */
    program(f, 4, 0xfee04000, 0x64, false);
    program(f, 6, 0xfee06000, 0x66, false);
    program(f, 7, 0xfee07000, 0x67, true);
    msix_ctrl(f, PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL);
    assert_int_equal(msix_decide(&f->m, 6, &t6, NULL), MSIX_NOTIFY_PENDING);
    assert_int_equal(msix_decide(&f->m, 4, &t4, NULL), MSIX_NOTIFY_PENDING);
    assert_int_equal(msix_notify(&f->m, 7, NULL), MSIX_NOTIFY_PENDING);
    msix_ctrl(f, PCI_MSIX_FLAGS_ENABLE);
    assert_int_equal(rl.n, 3);
    assert_int_equal(rl.vec[1], 4);
    assert_int_equal(rl.seq[1], 44);
    assert_int_equal(rl.vec[2], 6);
    assert_int_equal(rl.seq[2], 46);
    assert_int_equal(rl.e[2].data, 0x66);
    assert_int_equal(pba(f), 0x80);
    run(f);
    assert_int_equal(f->log.n, 0);
    assert_int_equal(f->m.stats.replayed, 3);
    assert_int_equal(f->m.stats.scheduled, 0);
    /* the callback survives a reset; NULL gives the sending back */
    msix_reset(&f->m);
    assert_ptr_equal(f->m.replay, on_replay);
    msix_set_replay(&f->m, NULL, &rl);
    assert_null(f->m.replay_ctx);
    msix_ctrl(f, PCI_MSIX_FLAGS_ENABLE);
    program(f, 7, 0xfee07000, 0x67, true);
    assert_int_equal(msix_notify(&f->m, 7, &t1), MSIX_NOTIFY_PENDING);
    set_vmask(f, 7, false);
    run(f);
    assert_int_equal(rl.n, 3);
    assert_int_equal(f->log.n, 1);
    assert_int_equal(f->log.w[0].data, 0x67);
    assert_int_equal(f->log.w[0].tag.seq, 41);
    fx_free(f);
}

static void test_cfg_hooks(void **state)
{
    struct pci_cfg *cfg = calloc(1, sizeof(*cfg));
    struct hook_rec a = { 0 }, b = { 0 }, spare[PCI_CFG_MAX_HOOKS];
    struct sim *sim = NULL;
    struct cost_model cm;
    struct msix m;
    struct cap_log log = { 0 };
    struct pcie_sink sink = { cap_write, &log };
    const struct msix_config mc = { .nvec = 1, .pba_off = 0x800 };

    (void)state;
    pci_cfg_init(cfg, NULL, RID, VENDOR, DEVICE);
    assert_int_equal(pci_cfg_add_hook(cfg, 0x40, 0, hook_fn, &a), -EINVAL);
    assert_int_equal(pci_cfg_add_hook(cfg, 0x1000, 4, hook_fn, &a), -EINVAL);
    assert_int_equal(pci_cfg_add_hook(cfg, 0xffc, 8, hook_fn, &a), -EINVAL);
    assert_int_equal(pci_cfg_add_hook(cfg, 0x40, 4, NULL, &a), -EINVAL);
    assert_int_equal(pci_cfg_add_hook(cfg, 0x40, 4, hook_fn, &a), 0);
    assert_int_equal(pci_cfg_add_hook(cfg, 0x44, 2, hook_fn, &b), 0);
    /* called when the write overlaps the range, even on RO bytes */
    assert_int_equal(pci_cfg_write(cfg, 0x3c, 4, 0), MMIO_OK);  /* neither */
    assert_int_equal(pci_cfg_write(cfg, 0x42, 2, 0), MMIO_OK);  /* a */
    assert_int_equal(pci_cfg_write(cfg, 0x44, 4, 0), MMIO_OK);  /* b */
    assert_int_equal(pci_cfg_write(cfg, 0x46, 2, 0), MMIO_OK);  /* neither */
    assert_int_equal(a.calls, 1);
    assert_int_equal(b.calls, 1);
    assert_int_equal(pci_cfg_write(cfg, 0x40, 4, 0), MMIO_OK);
    assert_int_equal(a.calls, 2);
    assert_int_equal(a.off, 0x40);
    assert_int_equal(a.size, 4);
    /* a rejected write runs no hook */
    assert_int_equal(pci_cfg_write(cfg, 0x41, 4, 0), MMIO_BAD_SIZE);
    assert_int_equal(a.calls, 2);
    assert_int_equal(pci_cfg_remove_hook(cfg, hook_fn, &a), 0);
    assert_int_equal(pci_cfg_remove_hook(cfg, hook_fn, &a), -ENOENT);
    assert_int_equal(pci_cfg_write(cfg, 0x44, 2, 0), MMIO_OK);
    assert_int_equal(a.calls, 2);
    assert_int_equal(b.calls, 2);
    /* a full hook table refuses MSI-X */
    for (unsigned i = 1; i < PCI_CFG_MAX_HOOKS; i++)
        assert_int_equal(pci_cfg_add_hook(cfg, 0x48, 4, hook_fn, &spare[i]), 0);
    assert_int_equal(pci_cfg_add_hook(cfg, 0x48, 4, hook_fn, &spare[0]), -ENOSPC);
    assert_int_equal(sim_create(&sim, NULL), 0);
    cost_model_default(&cm);
    assert_int_equal(msix_init(&m, cfg, &mc, sim, &cm, &sink), -ENOSPC);
    assert_int_equal(pci_find_cap(cfg, PCI_CAP_ID_MSIX), 0);
    sim_destroy(sim);
    free(cfg);
}

static void test_msix_set_sink(void **state)
{
    struct fx *f = fx_new();
    struct cap_log other = { .sim = f->sim };
    struct pcie_sink s2 = { cap_write, &other }, bad = { NULL, &other };

    (void)state;
    msix_ctrl(f, PCI_MSIX_FLAGS_ENABLE);
    /* rewriting Message Control with the same value changes nothing */
    msix_ctrl(f, PCI_MSIX_FLAGS_ENABLE);
    program(f, 0, 0xfee00000, 0xa0, false);
    assert_int_equal(msix_set_sink(&f->m, &bad), -EINVAL);
    assert_int_equal(msix_set_sink(&f->m, NULL), -EINVAL);
    assert_int_equal(msix_set_sink(&f->m, &s2), 0);
    assert_int_equal(msix_notify(&f->m, 0, NULL), MSIX_NOTIFY_SENT);
    run(f);
    assert_int_equal(f->log.n, 0);
    assert_int_equal(other.n, 1);
    assert_int_equal(other.w[0].data, 0xa0);
    fx_free(f);
}

/* ---- trace: every state change and message is a trace point -------------- */

static void test_msix_trace(void **state)
{
    struct fx *f = fx_new();
    struct irq_tag t = tag_seq(7);
    char buf[1024] = { 0 };
    FILE *out;

    (void)state;
    if (!SIM_TRACE_ENABLED) {       /* built with -DIMSLAB_TRACE=OFF */
        fx_free(f);
        skip();
        return;
    }
    out = fmemopen(buf, sizeof(buf), "w");
    assert_non_null(out);
    assert_int_equal(sim_trace_use(f->sim, imslab_tracepoints, imslab_tracepoint_count), 0);
    assert_int_equal(sim_trace_enable(f->sim, "pci.msix_*,-pci.msix_entry_write,"
                                      "pci.cfg_bad_access"), 14);
    sim_trace_output(f->sim, out);
    msix_ctrl(f, PCI_MSIX_FLAGS_ENABLE);
    program(f, 0, 0xfee00000, 0x41, true);
    assert_int_equal(msix_notify(&f->m, 0, &t), MSIX_NOTIFY_PENDING);
    set_vmask(f, 0, false);
    run(f);
    assert_int_equal(msix_table_mmio_ops.write(&f->m, 2, 4, 0), MMIO_BAD_SIZE);
    assert_int_equal(pci_cfg_write(&f->cfg, PCI_COMMAND, 3, 0), MMIO_BAD_SIZE);
    fclose(out);
    assert_string_equal(buf,
        "0 pci.msix_ctrl rid=0x301 enable=1 fmask=0\n"
        "0 pci.msix_pend rid=0x301 vec=0 seq=7\n"
        "0 pci.msix_vmask rid=0x301 vec=0 masked=0\n"
        "0 pci.msix_replay rid=0x301 vec=0 seq=7\n"
        "0 pci.msix_fire rid=0x301 vec=0 addr=0xfee00000 data=0x41 seq=7\n"
        "200000 pci.msix_send rid=0x301 vec=0 addr=0xfee00000 data=0x41 seq=7\n"
        "200000 pci.msix_bad_access rid=0x301 region=0 off=0x2 size=4 write=1 why=1\n"
        "200000 pci.cfg_bad_access rid=0x301 off=0x4 size=3 write=1\n");
    fx_free(f);
}

/* ---- SIOV DVSEC: DVSEC-FIND-01, DVSEC-IMS-01, DVSEC-IMS-02 ---------------------------- */

static void test_dvsec_ims_bit(void **state)
{
    struct pci_cfg *cfg = calloc(1, sizeof(*cfg));
    uint32_t v;

    (void)state;
    /* set */
    pci_cfg_init(cfg, NULL, RID, VENDOR, DEVICE);
    assert_int_equal(pci_siov_dvsec_add(cfg, true), 0x100);
    assert_int_equal(pci_find_dvsec(cfg, 0x8086, 5), 0x100);
    assert_true(pci_ims_supported(cfg));
    assert_int_equal(pci_cfg_read(cfg, 0x100 + PCI_DVSEC_INTEL_SIOV_CAP, 4, &v), MMIO_OK);
    assert_int_equal(v, 1);
    /* DVSEC-IMS-02: RO to a CPU */
    assert_int_equal(pci_cfg_write(cfg, 0x114, 4, 0), MMIO_OK);
    assert_int_equal(pci_cfg_write(cfg, 0x104, 4, 0), MMIO_OK);
    assert_true(pci_ims_supported(cfg));

    /* clear */
    pci_cfg_init(cfg, NULL, RID, VENDOR, DEVICE);
    assert_int_equal(pci_siov_dvsec_add(cfg, false), 0x100);
    assert_int_equal(pci_find_dvsec(cfg, 0x8086, 5), 0x100);
    assert_false(pci_ims_supported(cfg));
    assert_int_equal(pci_cfg_read(cfg, 0x114, 4, &v), MMIO_OK);
    assert_int_equal(v, 0);
    assert_int_equal(pci_siov_dvsec_set_ims(cfg, true), 0);
    assert_true(pci_ims_supported(cfg));
    assert_int_equal(pci_siov_dvsec_set_ims(cfg, false), 0);
    assert_false(pci_ims_supported(cfg));

    /* absent */
    pci_cfg_init(cfg, NULL, RID, VENDOR, DEVICE);
    assert_int_equal(pci_find_dvsec(cfg, 0x8086, 5), 0);
    assert_false(pci_ims_supported(cfg));
    assert_int_equal(pci_siov_dvsec_set_ims(cfg, true), -ENOENT);
    assert_int_equal(pci_add_ext_cap(cfg, PCI_EXT_CAP_ID_ERR, 2, 0, 0x48), 0x100);
    assert_false(pci_ims_supported(cfg));
    /* no room left for the DVSEC */
    assert_int_equal(pci_add_ext_cap(cfg, PCI_EXT_CAP_ID_VNDR, 1, 0, 0xeb8), 0x148);
    assert_int_equal(pci_siov_dvsec_add(cfg, true), -ENOSPC);
    assert_false(pci_ims_supported(cfg));
    free(cfg);
}

static void test_dvsec_after_other_caps(void **state)
{
    struct pci_cfg *cfg = calloc(1, sizeof(*cfg));

    (void)state;
    pci_cfg_init(cfg, NULL, RID, VENDOR, DEVICE);
    assert_int_equal(pci_add_ext_cap(cfg, PCI_EXT_CAP_ID_ERR, 2, 0, 0x48), 0x100);
    assert_int_equal(pci_add_dvsec(cfg, 0x1e0f, 0, 5, 0x10), 0x148);  /* other vendor, ID 5 */
    assert_int_equal(pci_add_dvsec(cfg, 0x8086, 0, 7, 0x0c), 0x158);  /* Intel, other ID */
    assert_int_equal(pci_siov_dvsec_add(cfg, true), 0x164);
    /* golden next pointers */
    assert_int_equal(pci_get_long(cfg, 0x100), 0x14820001);
    assert_int_equal(pci_get_long(cfg, 0x148), 0x15810023);
    assert_int_equal(pci_get_long(cfg, 0x158), 0x16410023);
    assert_int_equal(pci_get_long(cfg, 0x164), 0x00010023);
    /* the walk visits every DVSEC */
    assert_int_equal(pci_find_ext_cap(cfg, PCI_EXT_CAP_ID_DVSEC), 0x148);
    assert_int_equal(pci_find_next_ext_cap(cfg, 0x148, PCI_EXT_CAP_ID_DVSEC), 0x158);
    assert_int_equal(pci_find_next_ext_cap(cfg, 0x158, PCI_EXT_CAP_ID_DVSEC), 0x164);
    assert_int_equal(pci_find_next_ext_cap(cfg, 0x164, PCI_EXT_CAP_ID_DVSEC), 0);
    assert_int_equal(pci_find_dvsec(cfg, 0x1e0f, 5), 0x148);
    assert_int_equal(pci_find_dvsec(cfg, 0x8086, 7), 0x158);
    assert_int_equal(pci_find_dvsec(cfg, 0x8086, 5), 0x164);
    assert_int_equal(pci_find_dvsec(cfg, 0x1e0f, 7), 0);
    assert_true(pci_ims_supported(cfg));
    free(cfg);
}

/* DVSEC-IMS-02: a VMM's virtual config space is its own instance */
static void test_dvsec_vmm_presents_own_bit(void **state)
{
    struct pci_cfg *phys = calloc(1, sizeof(*phys));
    struct pci_cfg *virt = calloc(1, sizeof(*virt));
    uint32_t v;

    (void)state;
    pci_cfg_init(phys, NULL, RID, VENDOR, DEVICE);
    pci_cfg_init(virt, NULL, PCI_RID(0, 4, 0), VENDOR, DEVICE);
    assert_int_equal(pci_siov_dvsec_add(phys, true), 0x100);
    /* the VMM copies the layout after a capability of its own */
    assert_int_equal(pci_add_ext_cap(virt, PCI_EXT_CAP_ID_ERR, 2, 0, 0x48), 0x100);
    assert_int_equal(pci_siov_dvsec_add(virt, false), 0x148);
    assert_true(pci_ims_supported(phys));
    assert_false(pci_ims_supported(virt));
    /* an old VMM leaves the bit set although it cannot emulate IMS */
    assert_int_equal(pci_siov_dvsec_set_ims(virt, true), 0);
    assert_true(pci_ims_supported(virt));
    assert_int_equal(pci_cfg_read(virt, 0x148 + PCI_DVSEC_INTEL_SIOV_CAP, 4, &v), MMIO_OK);
    assert_int_equal(v, 1);
    free(phys);
    free(virt);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_rid),
    cmocka_unit_test(test_cfg_header),
    cmocka_unit_test(test_cfg_access_rules),
    cmocka_unit_test(test_bar_sizing),
    cmocka_unit_test(test_cap_list_golden),
    cmocka_unit_test(test_cap_builder_errors),
    cmocka_unit_test(test_cap_walk_robust),
    cmocka_unit_test(test_msix_cap_encoding),
    cmocka_unit_test(test_msix_init_errors),
    cmocka_unit_test(test_msix_table_reset),
    cmocka_unit_test(test_msix_mask_pending_unmask),
    cmocka_unit_test(test_msix_unmask_nothing_pending),
    cmocka_unit_test(test_msix_coalesce),
    cmocka_unit_test(test_msix_clear_pending),
    cmocka_unit_test(test_msix_function_mask_order),
    cmocka_unit_test(test_msix_disabled_drops),
    cmocka_unit_test(test_msix_enable_releases_pending),
    cmocka_unit_test(test_msix_message_contents),
    cmocka_unit_test(test_msix_latency),
    cmocka_unit_test(test_msix_bus_master_off),
    cmocka_unit_test(test_msix_rejected_access),
    cmocka_unit_test(test_msix_qword_access),
    cmocka_unit_test(test_msix_pba_read_only),
    cmocka_unit_test(test_msix_memory_decode_off),
    cmocka_unit_test(test_msix_reset),
    cmocka_unit_test(test_msix_fini_inflight),
    cmocka_unit_test(test_msix_decide),
    cmocka_unit_test(test_msix_set_pending),
    cmocka_unit_test(test_msix_replay_callback),
    cmocka_unit_test(test_cfg_hooks),
    cmocka_unit_test(test_msix_set_sink),
    cmocka_unit_test(test_msix_trace),
    cmocka_unit_test(test_dvsec_ims_bit),
    cmocka_unit_test(test_dvsec_after_other_caps),
    cmocka_unit_test(test_dvsec_vmm_presents_own_bit),
};

int main(void)
{
    return cmocka_run_group_tests_name("pci", tests, NULL, NULL);
}
