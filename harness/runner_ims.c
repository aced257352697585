/* SPDX-License-Identifier: MIT */
/*
 * runner_ims.c - devices whose IMS comes from a layout descriptor or RTL:
 * loading and checking the descriptor against what the idxd drivers
 * program, building and opening the design, and attaching the bank to
 * the device (runner_ims.h).
 */
#include "harness/runner_ims.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "harness/layout.h"
#include "harness/runner.h"
#include "models/siov/idxd_regs.h"
#include "models/rtl/rtl.h"
#include "models/siov/ims_behav.h"

/* ---- devices whose IMS comes from a layout descriptor or RTL ------------- */

/* The RTL register port is 16 bits wide (docs/vendor-guide.md, port list). */
#define RTL_PORT_SIZE UINT32_C(0x10000)

static bool field_is(const struct ims_field *f, uint32_t off, unsigned lsb,
                     unsigned width)
{
    return f->present && f->offset == off && f->lsb == lsb && f->width == width;
}

/*
 * The idxd drivers and the VMM's idxd plugin write slots as docs/devices.md
 * lays them out; a descriptor standing in for an idxd device's IMS must
 * put the registers there (its behaviour may differ).  For RTL (@rtl) the
 * descriptor is the design's own port, which the runner maps at BAR0 +
 * 0x2000 (entry 0 of the layout at slot 0), so any base that leaves the
 * table inside the 16-bit port will do.  Return: NULL or why.
 */
static const char *idxd_incompatible(const struct ims_layout *l, bool rtl)
{
    const struct ims_field *f = l->field;

    if (l->storage != IMS_STORAGE_MMIO)
        return "storage must be mmio";
    if (!rtl && (l->base != idxd_ims_slot_offset(0) ||
                 l->stride != IDXD_IMS_SLOT_SIZE))
        return "base must be 0x2000 and stride 16";
    if (rtl && l->stride != IDXD_IMS_SLOT_SIZE)
        return "stride must be 16 (the runner maps entry 0 at BAR0 + 0x2000)";
    if (rtl && (uint64_t)l->base + (uint64_t)l->entries * l->stride >
               RTL_PORT_SIZE)
        return "the table must fit the 16-bit register port of the RTL";
    if (!field_is(&f[IMS_F_ADDR_LO], IDXD_IMS_ADDR_LO, 0, 32) ||
        !field_is(&f[IMS_F_ADDR_HI], IDXD_IMS_ADDR_HI, 0, 32) ||
        !field_is(&f[IMS_F_DATA], IDXD_IMS_DATA, 0, 32))
        return "addr_lo, addr_hi, data must be the 32-bit registers at "
               "0x0, 0x4, 0x8";
    if (!field_is(&f[IMS_F_MASK], IDXD_IMS_CTRL, 0, 1) ||
        !field_is(&f[IMS_F_PASID_EN], IDXD_IMS_CTRL, 3, 1) ||
        !field_is(&f[IMS_F_PASID], IDXD_IMS_CTRL, IDXD_IMS_CTRL_PASID_SHIFT,
                  20))
        return "ctrl at 0xc must hold mask (bit 0), pasid_en (bit 3) and "
               "pasid (bits 31:12)";
    if (f[IMS_F_COMMIT].present)
        return "the idxd drivers never write a commit field";
    if (l->clock_ps && l->clock_ps != IMS_DUT_CLOCK_PS)
        return "clock_ps must be 2000 (or absent): a scenario runs the design at 500 MHz";
    return NULL;
}

/* "FILE:LINE:COL: error: " of @at in @scn's file ("FILE: error: " if none). */
static int err_head(char *err, size_t errlen, const struct hx_scenario *scn,
                    struct hx_scn_pos at)
{
    int n = at.line ? snprintf(err, errlen, "%s:%u:%u: error: ", scn->source,
                               at.line, at.col)
                    : snprintf(err, errlen, "%s: error: ", scn->source);

    return n < 0 ? 0 : (size_t)n < errlen ? n : (int)errlen - 1;
}

static int load_device_layout(const struct hx_scenario *scn, uint32_t i,
                              struct ims_layout *l, char *err, size_t errlen)
{
    const struct hx_scn_device *d = &scn->devices[i];
    bool rtl = d->rtl.nsources > 0;
    const char *why, *tail;
    size_t n;
    int rc, h;

    if (d->model != SIOV_KIND_IDXD) {
        h = err_head(err, errlen, scn, d->layout_at);
        snprintf(err + h, errlen - (size_t)h, "devices[%u].layout: only a "
                 "device of model idxd can take its IMS from a layout "
                 "descriptor (this one is %s)", i,
                 siov_kind_name(d->model));
        return -EINVAL;
    }
    rc = hx_layout_load_max(d->layout, scn->max_input_bytes, l, err, errlen);
    if (rc == -EINVAL) {
        /* the descriptor's own FILE:LINE:COLUMN, and where it is named */
        n = strlen(err);
        if (n < errlen)
            snprintf(err + n, errlen - n, " (layout of device '%s' at %s:%u:%u)",
                     d->name, scn->source, d->layout_at.line, d->layout_at.col);
        return rc;
    }
    if (rc) {
        /* the file could not be read: the key that names it is in error */
        char msg[512];

        tail = strstr(err, ": error: ");
        snprintf(msg, sizeof(msg), "%s", tail ? tail + 9 : strerror(-rc));
        h = err_head(err, errlen, scn, d->layout_at);
        snprintf(err + h, errlen - (size_t)h, "devices[%u].layout: '%s': %s",
                 i, d->layout, msg);
        return rc;
    }
    why = idxd_incompatible(l, rtl);
    if (why) {
        h = err_head(err, errlen, scn, d->layout_at);
        snprintf(err + h, errlen - (size_t)h, "devices[%u].layout: '%s' does "
                 "not have the idxd slot layout the drivers program: %s", i,
                 d->layout, why);
        return -EINVAL;
    }
    if (l->entries != d->ims_entries) {
        h = err_head(err, errlen, scn,
                     d->ims_entries_at.line ? d->ims_entries_at : d->layout_at);
        snprintf(err + h, errlen - (size_t)h, "devices[%u].%s: ims_entries is "
                 "%u%s but layout '%s' has %u entries", i,
                 d->ims_entries_at.line ? "ims_entries" : "layout",
                 d->ims_entries, d->ims_entries_at.line ? "" : " (the default)",
                 d->layout, l->entries);
        return -EINVAL;
    }
    return 0;
}

int hx_run_check_layouts(const struct hx_scenario *scn, char *err,
                         size_t errlen)
{
    struct ims_layout l;
    int rc;

    /* timed events the models cannot carry out yet are refused, not ignored */
    for (uint32_t i = 0; i < scn->nevents; i++) {
        const struct hx_scn_event *e = &scn->events[i];

        if (e->kind == HX_SCN_EV_STEAL_PAIR &&
            (scn->devices[e->device].model != SIOV_KIND_IDXD ||
             scn->devices[e->from_device].model != SIOV_KIND_IDXD ||
             scn->devices[e->device].layout)) {
            int h = err_head(err, errlen, scn, e->kind_at);

            snprintf(err + h, errlen - (size_t)h, "events[%u].do: 'steal_pair' "
                     "needs two idxd devices of the built-in layout (IMS "
                     "slots a guest writes through mapped MMIO)", e->index);
            return -ENOTSUP;
        }
        if (e->kind == HX_SCN_EV_FORGE_HANDLE &&
            (scn->devices[e->device].model != SIOV_KIND_IDXD ||
             scn->devices[e->device].layout)) {
            int h = err_head(err, errlen, scn, e->kind_at);

            snprintf(err + h, errlen - (size_t)h, "events[%u].do: 'forge_handle' "
                     "needs an idxd device of the built-in layout (IMS slots a "
                     "guest writes through mapped MMIO)", e->index);
            return -ENOTSUP;
        }
        if (e->kind == HX_SCN_EV_REVOKE_HANDLE &&
            !scn->devices[e->device].int_handles) {
            int h = err_head(err, errlen, scn, e->kind_at);

            snprintf(err + h, errlen - (size_t)h, "events[%u].do: 'revoke_handle' "
                     "needs a device with int_handles: true", e->index);
            return -ENOTSUP;
        }
    }
    for (uint32_t i = 0; i < scn->ndevices; i++) {
        if (!scn->devices[i].layout)
            continue;
        rc = load_device_layout(scn, i, &l, err, errlen);
        if (rc)
            return rc;
    }
    return 0;
}

/*
 * Build (or find in @cache) device @i's RTL into @so.  A cache hit runs no
 * tool but `verilator --version` (part of the key).
 */
static int build_device_rtl(const struct hx_scenario *scn, uint32_t i,
                             const char *cache, char *so, size_t solen,
                             char *err, size_t errlen,
                             struct rtl_build_info *info)
{
    const struct hx_scn_device *d = &scn->devices[i];
    char tool[1536];
    size_t n;
    int rc;

    rc = rtl_build_ex((const char *const *)d->rtl.sources, d->rtl.nsources,
                      d->rtl.top, cache, so, solen, tool, sizeof(tool), info);
    if (!rc)
        return 0;
    n = strlen(tool);
    while (n && tool[n - 1] == '\n')
        tool[--n] = '\0';
    if (rc == -ENOENT && strstr(tool, "not found in PATH")) {
        snprintf(err, errlen, "%s: error: device '%s': rtl: a device with "
                 "rtl needs Verilator (5.0 or later) to build its design, "
                 "and this system has none (%s)", scn->source, d->name, tool);
        return rc;
    }
    snprintf(err, errlen, "%s: error: device '%s': rtl: top '%s' does "
             "not build: %s", scn->source, d->name, d->rtl.top, tool);
    return rc == -ENOENT ? -EIO : rc;   /* -ENOENT: no Verilator, only */
}

/* Open a built design, in reset, and check its entry count against @l. */
static int open_device_rtl(const struct hx_scenario *scn, uint32_t i,
                            const char *so, const struct ims_layout *l,
                            struct ims_dut *dut, char *err, size_t errlen)
{
    const struct hx_scn_device *d = &scn->devices[i];
    uint32_t entries;
    int rc;

    rc = rtl_dut_open(so, dut);
    if (rc) {
        snprintf(err, errlen, "%s: error: device '%s': rtl: cannot load "
                 "'%s': %s", scn->source, d->name, so, strerror(-rc));
        return rc;
    }
    rc = dut->ops->reset(dut->state);
    if (rc) {
        snprintf(err, errlen, "%s: error: device '%s': rtl: reset failed: "
                 "%s", scn->source, d->name, strerror(-rc));
        dut->ops->destroy(dut->state);
        return rc;
    }
    entries = dut->ops->entries(dut->state);
    if (entries != l->entries) {
        snprintf(err, errlen, "%s: error: device '%s': rtl: top '%s' has %u "
                 "entries (its ENTRIES parameter) but layout '%s' has %u",
                 scn->source, d->name, d->rtl.top, entries, d->layout,
                 l->entries);
        dut->ops->destroy(dut->state);
        return -EINVAL;
    }
    return 0;
}

int hx_run_build_rtl(const struct hx_scenario *scn, const char *cache,
                     FILE *log, char *err, size_t errlen)
{
    char so[4096];
    struct ims_layout l;
    struct ims_dut dut;
    struct rtl_build_info info;
    int rc;

    for (uint32_t i = 0; i < scn->ndevices; i++) {
        const struct hx_scn_device *d = &scn->devices[i];

        if (!d->rtl.nsources)
            continue;
        rc = load_device_layout(scn, i, &l, err, errlen);
        if (rc)
            return rc;
        rc = build_device_rtl(scn, i, cache, so, sizeof(so), err, errlen,
                                      &info);
        if (rc)
            return rc;
        if (log && info.cache_hit)
            fprintf(log, "%s: device '%s': RTL top '%s' from the cache "
                    "(%s)\n", scn->source, d->name, d->rtl.top, so);
        else if (log)
            fprintf(log, "%s: device '%s': RTL top '%s' built in %.1f s "
                    "(%s)\n", scn->source, d->name, d->rtl.top, info.seconds,
                    so);
        rc = open_device_rtl(scn, i, so, &l, &dut, err, errlen);
        if (rc)
            return rc;
        dut.ops->destroy(dut.state);
    }
    return 0;
}


/* Wrap @dut (taken over) as device @i's IMS bank. */
static int attach_dut(const struct hx_scenario *scn, uint32_t i,
                      struct siov_dev *dev, const struct ims_dut *dut,
                      const struct ims_dut_store_config *cfg, const char *what,
                      struct ims_dut_store **store, char *err, size_t errlen)
{
    int rc;

    rc = ims_dut_store_create(store, dut, cfg);
    if (rc) {
        dut->ops->destroy(dut->state);
        snprintf(err, errlen, "out of memory");
        return rc;
    }
    rc = siov_attach_store(dev, SIOV_BANK_IMS, ims_dut_store_ops(), *store);
    if (rc)
        snprintf(err, errlen, "device %s: cannot attach its %s IMS: %s",
                 scn->devices[i].name, what, strerror(-rc));
    return rc;
}

int hx_run__attach_ims(const struct hx_scenario *scn, uint32_t i,
                       struct sim *sim, struct siov_dev *dev,
                       const char *rtl_cache, struct ims_dut_store **store,
                       char *err, size_t errlen)
{
    const struct hx_scn_device *d = &scn->devices[i];
    struct ims_dut_store_config cfg;
    struct ims_layout l;
    struct ims_dut dut;
    char so[4096];
    int rc;

    if (!d->layout)
        return 0;
    rc = load_device_layout(scn, i, &l, err, errlen);
    if (rc)
        return rc;
    ims_dut_store_config_init(&cfg, sim);
    if (!d->rtl.nsources) {
        /* ims_behav over the layout, through the adapter */
        rc = ims_behav_create(&l, &dut);
        if (rc) {
            snprintf(err, errlen, "device %s: behavioral model: %s", d->name,
                     strerror(-rc));
            return rc;
        }
        ims_dut_store_config_layout(&cfg, &l);
        cfg.peek = ims_behav_peek;
        return attach_dut(scn, i, dev, &dut, &cfg, "layout's", store, err,
                          errlen);
    }
    /* the RTL, built before the run (a cache hit here), with the design's
     * table (the layout's base on its port) at the idxd slots */
    rc = build_device_rtl(scn, i, rtl_cache, so, sizeof(so), err, errlen,
                          NULL);
    if (!rc)
        rc = open_device_rtl(scn, i, so, &l, &dut, err, errlen);
    if (rc)
        return rc;
    ims_dut_store_config_map(&cfg, &l, (uint32_t)idxd_ims_slot_offset(0));
    return attach_dut(scn, i, dev, &dut, &cfg, "RTL", store, err, errlen);
}
