/* SPDX-License-Identifier: MIT */
/* rtl_load.c - load a vendor design that rtl_build() built (rtl_dut_open()). */
#include "models/rtl/rtl.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* ---- loading: a forwarding ops table that also owns the dlopen handle -- */

struct rtl_so {
    struct ims_dut_ops ops;
    struct ims_dut inner;
    void *dl;
};

static uint32_t so_entries(const void *p)
{
    const struct rtl_so *s = p;

    return s->inner.ops->entries(s->inner.state);
}

static int so_reset(void *p)
{
    struct rtl_so *s = p;

    return s->inner.ops->reset(s->inner.state);
}

static int so_reg_write(void *p, uint32_t off, uint32_t val)
{
    struct rtl_so *s = p;

    return s->inner.ops->reg_write(s->inner.state, off, val);
}

static int so_reg_read(void *p, uint32_t off, uint32_t *val)
{
    struct rtl_so *s = p;

    return s->inner.ops->reg_read(s->inner.state, off, val);
}

static int so_fire(void *p, uint32_t index, uint32_t pasid, bool pasid_valid,
                   uint32_t max_wait)
{
    struct rtl_so *s = p;

    return s->inner.ops->fire(s->inner.state, index, pasid, pasid_valid,
                              max_wait);
}

static int so_clock(void *p, uint64_t n)
{
    struct rtl_so *s = p;

    return s->inner.ops->clock(s->inner.state, n);
}

static uint64_t so_cycle(const void *p)
{
    const struct rtl_so *s = p;

    return s->inner.ops->cycle(s->inner.state);
}

static size_t so_collect(void *p, struct ims_dut_msg *out, size_t max)
{
    struct rtl_so *s = p;

    return s->inner.ops->collect(s->inner.state, out, max);
}

static int so_trace(void *p, const char *path)
{
    struct rtl_so *s = p;

    return s->inner.ops->trace(s->inner.state, path);
}

static int so_set_ready(void *p, bool ready)
{
    struct rtl_so *s = p;

    return s->inner.ops->set_ready ? s->inner.ops->set_ready(s->inner.state, ready)
                                   : -ENOTSUP;
}

static int so_set_fmask(void *p, bool fmask)
{
    struct rtl_so *s = p;

    return s->inner.ops->set_fmask(s->inner.state, fmask);
}

static uint32_t so_clock_ps(const void *p)
{
    const struct rtl_so *s = p;

    return s->inner.ops->clock_ps(s->inner.state);
}

static int so_set_clock_ps(void *p, uint32_t ps)
{
    struct rtl_so *s = p;

    return s->inner.ops->set_clock_ps(s->inner.state, ps);
}

static int so_reg_write_be(void *p, uint32_t off, uint32_t val, uint32_t be)
{
    struct rtl_so *s = p;

    return s->inner.ops->reg_write_be(s->inner.state, off, val, be);
}

static void so_destroy(void *p)
{
    struct rtl_so *s = p;

    if (!s)
        return;
    s->inner.ops->destroy(s->inner.state);
    dlclose(s->dl);
    free(s);
}

int rtl_dut_open(const char *so_path, struct ims_dut *out)
{
    rtl_dut_create_fn create;
    struct rtl_so *s;
    void *dl, *sym;
    int rc;

    if (!so_path || !out)
        return -EINVAL;
    dl = dlopen(so_path, RTLD_NOW | RTLD_LOCAL);
    if (!dl)
        return -ENOENT;
    sym = dlsym(dl, RTL_DUT_CREATE_SYMBOL);
    if (!sym) {
        dlclose(dl);
        return -ENOEXEC;
    }
    s = calloc(1, sizeof(*s));
    if (!s) {
        dlclose(dl);
        return -ENOMEM;
    }
    /* POSIX: a data pointer from dlsym() converts to a function pointer */
    memcpy(&create, &sym, sizeof(create));
    rc = create(&s->inner);
    if (rc) {
        free(s);
        dlclose(dl);
        return rc;
    }
    s->dl = dl;
    s->ops = (struct ims_dut_ops){
        .name = s->inner.ops->name,  /* lives in the .so, as long as we do */
        .entries = so_entries,
        .reset = so_reset,
        .reg_write = so_reg_write,
        .reg_read = so_reg_read,
        .fire = so_fire,
        .clock = so_clock,
        .cycle = so_cycle,
        .collect = so_collect,
        .trace = so_trace,
        .destroy = so_destroy,
        .set_ready = so_set_ready,
        .set_fmask = s->inner.ops->set_fmask ? so_set_fmask : NULL,
        .clock_ps = s->inner.ops->clock_ps ? so_clock_ps : NULL,
        .set_clock_ps = s->inner.ops->set_clock_ps ? so_set_clock_ps : NULL,
        .reg_write_be = s->inner.ops->reg_write_be ? so_reg_write_be : NULL,
    };
    out->ops = &s->ops;
    out->state = s;
    return 0;
}
