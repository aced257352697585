/* SPDX-License-Identifier: MIT */
/*
 * scenario.c - scenario loading API: runs the libyaml and libcyaml passes,
 * then parses every scalar strictly, checks ranges, names, references and
 * combinations, fills defaults and builds struct hx_scenario
 * (scenario_internal.h describes the pipeline).
 *
 * Checks run in file order of the sections (top level, platform, vmm,
 * devices, vms, assign, workload, events, costs, expect) and stop at the
 * first error, so a file with several errors reports the first one.
 */
#include "harness/scenario.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness/scenario_internal.h"

#define PS_PER_US UINT64_C(1000000)

struct conv {
    const struct hx_scn__index *ix;
    struct hx_scn__err *e;
    const struct hx_scn__raw *raw;
    struct hx_scenario *s;
};

/* ---- positions and messages (yaml_common.c) ------------------------------ */

/* "PATH: MESSAGE" at the value at @path (or its nearest ancestor). */
static int __attribute__((format(printf, 3, 4)))
err_at(struct conv *c, const char *path, const char *fmt, ...)
{
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = hx_scn__verr(c->ix, c->e, path, false, fmt, ap);
    va_end(ap);
    return rc;
}

/* "PATH: MESSAGE" at the key of @path (a key that should not be there). */
static int __attribute__((format(printf, 3, 4)))
err_key(struct conv *c, const char *path, const char *fmt, ...)
{
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = hx_scn__verr(c->ix, c->e, path, true, fmt, ap);
    va_end(ap);
    return rc;
}

/* A key missing from the mapping at @map: named at the mapping's key. */
static int __attribute__((format(printf, 4, 5)))
err_missing(struct conv *c, const char *map, const char *key,
            const char *why, ...)
{
    const struct hx_scn__node *nd = hx_scn__near_node(c->ix, map);
    uint32_t line = 1, col = 1;
    char msg[256];
    va_list ap;

    if (nd) {
        line = nd->key_line ? nd->key_line : nd->line;
        col = nd->key_line ? nd->key_col : nd->col;
    }
    va_start(ap, why);
    vsnprintf(msg, sizeof(msg), why, ap);
    va_end(ap);
    return hx_scn__error(c->e, line, col, "%s%smissing required key '%s'%s%s",
                         map, *map ? ": " : "", key, *msg ? " " : "", msg);
}

static const char *pathf(char *buf, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static const char *pathf(char *buf, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, HX_SCN__PATH_MAX, fmt, ap);
    va_end(ap);
    return buf;
}

/* Where the value at @path is, for checks made after loading. */
static struct hx_scn_pos pos_of(struct conv *c, const char *path)
{
    const struct hx_scn__node *nd = hx_scn__index_find(c->ix, path);

    return nd ? (struct hx_scn_pos){ nd->line, nd->col } : (struct hx_scn_pos){ 0, 0 };
}

/* ---- scalars (yaml_common.c) ---------------------------------------------- */

static bool quoted(struct conv *c, const char *path)
{
    const struct hx_scn__node *nd = hx_scn__index_find(c->ix, path);

    return nd && nd->quoted;
}

static int parse_digits(const char *t, uint64_t *out)
{
    return hx_scn__parse_digits(t, out);
}

static int get_u64(struct conv *c, const char *path, const char *t,
                   uint64_t min, uint64_t max, uint64_t *out)
{
    return hx_scn__get_u64(c->ix, c->e, path, t, min, max, out);
}

/* An optional unsigned: @def when @t is NULL. */
static int opt_u64(struct conv *c, const char *path, const char *t,
                   uint64_t min, uint64_t max, uint64_t def, uint64_t *out)
{
    if (!t) {
        *out = def;
        return 0;
    }
    return get_u64(c, path, t, min, max, out);
}

static int opt_u32(struct conv *c, const char *path, const char *t,
                   uint32_t min, uint32_t max, uint32_t def, uint32_t *out)
{
    uint64_t v = 0;
    int rc = opt_u64(c, path, t, min, max, def, &v);

    if (!rc)
        *out = (uint32_t)v;
    return rc;
}

static int opt_bool(struct conv *c, const char *path, const char *t, bool def,
                    bool *out)
{
    if (!t) {
        *out = def;
        return 0;
    }
    return hx_scn__get_bool(c->ix, c->e, path, t, out);
}

/* Names: [A-Za-z0-9._-]+; rule IDs (@rule): [A-Z0-9-]+; <= 63 chars. */
static int get_name(struct conv *c, const char *path, const char *t, bool rule,
                    char out[HX_SCN_NAME_LEN])
{
    size_t n = strlen(t);

    if (!n)
        return err_at(c, path, "must not be empty");
    if (n >= HX_SCN_NAME_LEN)
        return err_at(c, path, "longer than %d characters",
                      HX_SCN_NAME_LEN - 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)t[i];
        bool ok = rule ? (isupper(ch) || isdigit(ch) || ch == '-')
                       : (isalnum(ch) || ch == '.' || ch == '_' || ch == '-');

        if (!ok)
            return err_at(c, path, "'%s' has a character outside %s", t,
                          rule ? "[A-Z0-9-]" : "[A-Za-z0-9._-]");
    }
    memcpy(out, t, n + 1);
    return 0;
}

/* [ssss:]bb:dd.f, hex, dd <= 0x1f, f <= 7. */
static int parse_bdf(const char *t, struct hx_scn_bdf *b)
{
    unsigned seg = 0, bus, dev, fn;
    int n = 0;
    const char *p = t;

    if (strlen(t) == 12) {
        if (sscanf(p, "%4x:%n", &seg, &n) != 1 || n != 5)
            return -EINVAL;
        for (int i = 0; i < 4; i++)
            if (!isxdigit((unsigned char)p[i]))
                return -EINVAL;
        p += 5;
    }
    if (strlen(p) != 7 || !isxdigit((unsigned char)p[0]) ||
        !isxdigit((unsigned char)p[1]) || p[2] != ':' ||
        !isxdigit((unsigned char)p[3]) || !isxdigit((unsigned char)p[4]) ||
        p[5] != '.' || !isxdigit((unsigned char)p[6]))
        return -EINVAL;
    if (sscanf(p, "%2x:%2x.%1x", &bus, &dev, &fn) != 3 || dev > 0x1f || fn > 7)
        return -EINVAL;
    b->segment = (uint16_t)seg;
    b->bus = (uint8_t)bus;
    b->dev = (uint8_t)dev;
    b->fn = (uint8_t)fn;
    return 0;
}

/* ---- paths of layouts and RTL sources ------------------------------------ */

/* Collapse "//", "." and ".." in an absolute path, in place. */
static void normalize_path(char *p)
{
    size_t len = strlen(p), r = 0, w = 0;

    while (r < len) {
        size_t s, cl;

        while (r < len && p[r] == '/')
            r++;
        if (r >= len)
            break;
        s = r;
        while (r < len && p[r] != '/')
            r++;
        cl = r - s;
        if (cl == 1 && p[s] == '.')
            continue;
        if (cl == 2 && p[s] == '.' && p[s + 1] == '.') {
            while (w > 0 && p[w - 1] != '/')
                w--;
            if (w > 0)
                w--;
            continue;
        }
        p[w++] = '/';
        memmove(p + w, p + s, cl);
        w += cl;
    }
    if (w == 0)
        p[w++] = '/';
    p[w] = '\0';
}

/* @layout (a layout or RTL source path) made absolute against the
 * directory of @source. */
static int resolve_layout(const char *source, const char *layout, char **out)
{
    char *cwd = NULL, *res;
    const char *slash = strrchr(source, '/');
    size_t dirlen = slash ? (size_t)(slash - source) : 0;
    size_t n;

    if (layout[0] != '/' && (!slash || source[0] != '/')) {
        cwd = getcwd(NULL, 0);
        if (!cwd)
            return errno == ENOMEM ? -ENOMEM : -errno;
    }
    n = (cwd ? strlen(cwd) : 0) + dirlen + strlen(layout) + 4;
    res = malloc(n);
    if (!res) {
        free(cwd);
        return -ENOMEM;
    }
    if (layout[0] == '/')
        snprintf(res, n, "%s", layout);
    else if (slash && source[0] == '/')
        snprintf(res, n, "%.*s/%s", (int)dirlen, source, layout);
    else if (slash)
        snprintf(res, n, "%s/%.*s/%s", cwd, (int)dirlen, source, layout);
    else
        snprintf(res, n, "%s/%s", cwd, layout);
    free(cwd);
    normalize_path(res);
    *out = res;
    return 0;
}

/* ---- sections ------------------------------------------------------------ */

static int conv_top(struct conv *c)
{
    const struct hx_scn__raw *r = c->raw;
    struct hx_scenario *s = c->s;
    uint64_t v = 0;
    int rc;

    rc = get_u64(c, "imslab", r->imslab, 0, UINT64_MAX, &v);
    if (rc)
        return rc;
    if (v != HX_SCN_FORMAT_VERSION)
        return err_at(c, "imslab", "unsupported format version %llu (this "
                      "imslab reads version %d)", (unsigned long long)v,
                      HX_SCN_FORMAT_VERSION);
    s->version = (uint32_t)v;
    rc = get_name(c, "name", r->name, false, s->name);
    if (rc)
        return rc;
    if (r->description) {
        s->description = strdup(r->description);
        if (!s->description)
            return -ENOMEM;
    }
    rc = opt_u64(c, "seed", r->seed, 0, UINT64_MAX, 1, &s->seed);
    if (rc)
        return rc;
    return get_u64(c, "duration_us", r->duration_us, 1, UINT64_MAX / PS_PER_US,
                   &s->duration_us);
}

static int conv_platform(struct conv *c)
{
    const struct hx_scn__raw_platform *p = c->raw->platform;
    const struct hx_scn__raw_iommu *io = p ? p->iommu : NULL;
    static const struct hx_scn__raw_platform no_platform;
    static const struct hx_scn__raw_iommu no_iommu;
    struct hx_scn_platform *o = &c->s->platform;
    int rc;

    if (!p)
        p = &no_platform;
    if (!io)
        io = &no_iommu;
    rc = opt_u32(c, "platform.pcpus", p->pcpus, 1, HX_SCN_MAX_PCPUS, 4,
                 &o->pcpus);
    if (!rc)
        rc = opt_u32(c, "platform.cpu_mhz", p->cpu_mhz, 1, 100000, 3000,
                     &o->cpu_mhz);
    if (!rc)
        rc = opt_bool(c, "platform.iommu.interrupt_remapping",
                      io->interrupt_remapping, true,
                      &o->iommu.interrupt_remapping);
    if (!rc)
        rc = opt_bool(c, "platform.iommu.cfi", io->cfi, false, &o->iommu.cfi);
    if (!rc)
        rc = opt_u32(c, "platform.iommu.irt_size", io->irt_size, 2,
                     HX_SCN_MAX_IRT, HX_SCN_MAX_IRT, &o->iommu.irt_size);
    if (rc)
        return rc;
    if (o->iommu.irt_size & (o->iommu.irt_size - 1))
        return err_at(c, "platform.iommu.irt_size",
                      "%u is not a power of two", o->iommu.irt_size);
    rc = opt_bool(c, "platform.iommu.eime", io->eime, false, &o->iommu.eime);
    if (!rc)
        rc = opt_u32(c, "platform.iommu.iec_entries", io->iec_entries, 0,
                     65536, 64, &o->iommu.iec_entries);
    if (!rc)
        rc = opt_u32(c, "platform.iommu.fault_records", io->fault_records, 1,
                     256, 8, &o->iommu.fault_records);
    if (!rc)
        rc = opt_bool(c, "platform.iommu.posted_interrupts",
                      io->posted_interrupts, o->iommu.interrupt_remapping,
                      &o->iommu.posted_interrupts);
    if (rc)
        return rc;
    o->iommu.iec_replacement = io->iec_replacement
        ? (enum hx_scn_iec_policy)*io->iec_replacement : HX_SCN_IEC_LRU;
    if (o->iommu.posted_interrupts && !o->iommu.interrupt_remapping)
        return err_at(c, "platform.iommu.posted_interrupts",
                      "posting needs interrupt_remapping: true");
    c->s->costs.cpu_hz = (uint64_t)o->cpu_mhz * 1000000u;
    return 0;
}

static int conv_vmm(struct conv *c)
{
    const struct hx_scn__raw_vmm *v = c->raw->vmm;
    struct hx_scn_vmm *o = &c->s->vmm;
    int rc;

    o->personality = (enum hx_scn_personality)*v->personality;
    if (o->personality == HX_SCN_PERS_BARE) {
        static const char *const vm_only[] = {
            "ims", "advertise_ims_cap", "viommu", "posted", "nested",
            "irte_limit",
        };
        const void *given[] = {
            v->ims, v->advertise_ims_cap, v->viommu, v->posted, v->nested,
            v->irte_limit,
        };
        char path[HX_SCN__PATH_MAX];

        if (v->msix && *v->msix != HX_SCN_MSIX_NATIVE)
            return err_at(c, "vmm.msix", "personality bare takes only "
                          "'native' (or omit the key)");
        for (size_t i = 0; i < sizeof(given) / sizeof(given[0]); i++)
            if (given[i])
                return err_key(c, pathf(path, "vmm.%s", vm_only[i]),
                               "not allowed with personality bare "
                               "(there is no VMM)");
        o->msix = HX_SCN_MSIX_NATIVE;
        o->ims = HX_SCN_IMS_NONE;
        o->advertise_ims_cap = HX_SCN_ADV_AUTO;
        o->viommu = HX_SCN_VIOMMU_NONE;
        o->posted = false;
        o->nested = false;
        o->irte_limit = 0;
        c->s->costs.nested_factor = 1;
        return 0;
    }
    if (v->msix && *v->msix == HX_SCN_MSIX_NATIVE)
        return err_at(c, "vmm.msix", "'native' needs personality bare; "
                      "use trap or hypercall");
    o->msix = v->msix ? (enum hx_scn_msix_mode)*v->msix
        : o->personality == HX_SCN_PERS_HYPERV ? HX_SCN_MSIX_HYPERCALL
                                               : HX_SCN_MSIX_TRAP;
    o->ims = v->ims ? (enum hx_scn_ims_mode)*v->ims : HX_SCN_IMS_NONE;
    o->advertise_ims_cap = v->advertise_ims_cap
        ? (enum hx_scn_advertise)*v->advertise_ims_cap : HX_SCN_ADV_AUTO;
    o->viommu = v->viommu ? (enum hx_scn_viommu)*v->viommu
                          : HX_SCN_VIOMMU_NONE;
    rc = opt_bool(c, "vmm.posted", v->posted, true, &o->posted);
    if (!rc)
        rc = opt_bool(c, "vmm.nested", v->nested, false, &o->nested);
    if (!rc)
        rc = opt_u32(c, "vmm.irte_limit", v->irte_limit, 0, HX_SCN_MAX_IRT, 0,
                     &o->irte_limit);
    c->s->costs.nested_factor = o->nested ? 5 : 1;
    return rc;
}

/* [A-Za-z_][A-Za-z0-9_$]*: a Verilog identifier (rtl_build() wants one). */
static bool verilog_ident(const char *t)
{
    if (!(*t == '_' || isalpha((unsigned char)*t)))
        return false;
    for (; *t; t++)
        if (!(*t == '_' || *t == '$' || isalnum((unsigned char)*t)))
            return false;
    return true;
}

/* devices[@i].rtl: model idxd, a layout, readable sources, a top name. */
static int conv_rtl(struct conv *c, uint32_t i)
{
    const struct hx_scn__raw_rtl *r = c->raw->devices[i].rtl;
    struct hx_scn_device *d = &c->s->devices[i];
    char path[HX_SCN__PATH_MAX];
    size_t n;
    int rc;

    if (d->model != HX_SCN_DEV_IDXD)
        return err_key(c, pathf(path, "devices[%u].rtl", i), "only a device "
                       "of model idxd can take its IMS from RTL (this one "
                       "is %s)", hx_scn_dev_model_name(d->model));
    if (!d->layout)
        return err_key(c, pathf(path, "devices[%u].rtl", i), "needs "
                       "'layout': the layout descriptor of the design's "
                       "register map (layouts/ref.yaml for "
                       "models/rtl/ims_table.sv)");
    if (!r->sources_count)
        return err_at(c, pathf(path, "devices[%u].rtl.sources", i),
                      "must list at least one file");
    d->rtl.sources = calloc(r->sources_count, sizeof(*d->rtl.sources));
    if (!d->rtl.sources)
        return -ENOMEM;
    d->rtl.nsources = r->sources_count;
    for (uint32_t j = 0; j < r->sources_count; j++) {
        pathf(path, "devices[%u].rtl.sources[%u]", i, j);
        if (!*r->sources[j])
            return err_at(c, path, "must not be empty");
        rc = resolve_layout(c->s->source, r->sources[j], &d->rtl.sources[j]);
        if (rc == -ENOMEM)
            return rc;
        if (rc)
            return err_at(c, path, "cannot make '%s' absolute: %s",
                          r->sources[j], strerror(-rc));
        if (access(d->rtl.sources[j], R_OK))
            return err_at(c, path, "cannot read '%s': %s",
                          d->rtl.sources[j], strerror(errno));
    }
    pathf(path, "devices[%u].rtl.top", i);
    n = strlen(r->top);
    if (!n)
        return err_at(c, path, "must not be empty");
    if (n > HX_SCN_RTL_TOP_MAX)
        return err_at(c, path, "longer than %d characters",
                      HX_SCN_RTL_TOP_MAX);
    if (!verilog_ident(r->top))
        return err_at(c, path, "'%s' is not a Verilog module name "
                      "([A-Za-z_][A-Za-z0-9_$]*)", r->top);
    d->rtl.top = strdup(r->top);
    return d->rtl.top ? 0 : -ENOMEM;
}

static int conv_devices(struct conv *c)
{
    struct hx_scenario *s = c->s;
    char path[HX_SCN__PATH_MAX];
    int rc;

    s->devices = calloc(c->raw->devices_count, sizeof(*s->devices));
    if (!s->devices)
        return -ENOMEM;
    for (uint32_t i = 0; i < c->raw->devices_count; i++) {
        const struct hx_scn__raw_device *r = &c->raw->devices[i];
        struct hx_scn_device *d = &s->devices[i];
        bool msix;

        rc = get_name(c, pathf(path, "devices[%u].name", i), r->name, false,
                      d->name);
        if (rc)
            return rc;
        for (uint32_t j = 0; j < i; j++)
            if (!strcmp(s->devices[j].name, d->name))
                return err_at(c, path, "duplicate device name '%s' "
                              "(also devices[%u])", d->name, j);
        s->ndevices = i + 1;
        d->model = (enum hx_scn_dev_model)*r->model;
        msix = d->model == HX_SCN_DEV_MSIX;
        if (parse_bdf(r->bdf, &d->bdf))
            return err_at(c, pathf(path, "devices[%u].bdf", i),
                          "invalid PCI address '%s' (expected bb:dd.f or "
                          "ssss:bb:dd.f in hex, dd <= 1f, f <= 7)", r->bdf);
        for (uint32_t j = 0; j < i; j++) {
            const struct hx_scn_bdf *o = &s->devices[j].bdf;

            if (o->segment == d->bdf.segment && o->bus == d->bdf.bus &&
                o->dev == d->bdf.dev && o->fn == d->bdf.fn)
                return err_at(c, pathf(path, "devices[%u].bdf", i),
                              "%s is also the address of devices[%u] ('%s')",
                              r->bdf, j, s->devices[j].name);
        }
        rc = opt_u32(c, pathf(path, "devices[%u].adis", i), r->adis, 1,
                     HX_SCN_MAX_ADIS, 1, &d->adis);
        if (rc)
            return rc;
        if (msix && d->adis != 1)
            return err_at(c, path, "a device of model msix has exactly 1 ADI");
        if (msix && r->ims_entries)
            return err_key(c, pathf(path, "devices[%u].ims_entries", i),
                           "not allowed for model msix (it has no IMS)");
        rc = opt_u32(c, pathf(path, "devices[%u].ims_entries", i),
                     r->ims_entries, 1, HX_SCN_MAX_IMS, msix ? 0 : 256,
                     &d->ims_entries);
        if (!rc)
            rc = opt_u32(c, pathf(path, "devices[%u].msix_vectors", i),
                         r->msix_vectors, 1, HX_SCN_MAX_MSIX, 9,
                         &d->msix_vectors);
        if (rc)
            return rc;
        if (r->ims_entries)
            d->ims_entries_at = pos_of(c, pathf(path, "devices[%u].ims_entries", i));
        if (r->layout) {
            d->layout_at = pos_of(c, pathf(path, "devices[%u].layout", i));
            if (!*r->layout)
                return err_at(c, pathf(path, "devices[%u].layout", i),
                              "must not be empty");
            rc = resolve_layout(s->source, r->layout, &d->layout);
            if (rc == -ENOMEM)
                return rc;
            if (rc)
                return err_at(c, pathf(path, "devices[%u].layout", i),
                              "cannot make '%s' absolute: %s", r->layout,
                              strerror(-rc));
        }
        if (r->rtl) {
            rc = conv_rtl(c, i);
            if (rc)
                return rc;
        }
    }
    return 0;
}

static int lookup_vm_raw(const struct hx_scenario *s, const char *name)
{
    for (uint32_t i = 0; i < s->nvms; i++)
        if (!strcmp(s->vms[i].name, name))
            return (int)i;
    return -1;
}

static int conv_vms(struct conv *c)
{
    struct hx_scenario *s = c->s;
    uint32_t pcpus = s->platform.pcpus;
    char path[HX_SCN__PATH_MAX];
    int rc;

    if (s->vmm.personality == HX_SCN_PERS_BARE) {
        struct hx_scn_vm *h;

        if (c->raw->vms)
            return err_key(c, "vms", "not allowed with personality bare "
                           "(the host runs the drivers; omit vms and vm)");
        s->vms = calloc(1, sizeof(*s->vms));
        if (!s->vms)
            return -ENOMEM;
        s->nvms = 1;
        h = &s->vms[0];
        snprintf(h->name, sizeof(h->name), "host");
        h->vcpus = pcpus;
        h->guest = HX_SCN_GUEST_LINUX_6_2;
        h->host = true;
        for (uint32_t i = 0; i < pcpus; i++)
            h->pcpu[i] = i;
        return 0;
    }
    if (!c->raw->vms)
        return err_missing(c, "", "vms", "(needed unless vmm.personality "
                           "is bare)");
    s->vms = calloc(c->raw->vms_count, sizeof(*s->vms));
    if (!s->vms)
        return -ENOMEM;
    for (uint32_t i = 0; i < c->raw->vms_count; i++) {
        const struct hx_scn__raw_vm *r = &c->raw->vms[i];
        struct hx_scn_vm *vm = &s->vms[i];

        rc = get_name(c, pathf(path, "vms[%u].name", i), r->name, false,
                      vm->name);
        if (rc)
            return rc;
        if (lookup_vm_raw(s, vm->name) >= 0)
            return err_at(c, path, "duplicate VM name '%s' (also vms[%d])",
                          vm->name, lookup_vm_raw(s, vm->name));
        s->nvms = i + 1;
        rc = opt_u32(c, pathf(path, "vms[%u].vcpus", i), r->vcpus, 1,
                     HX_SCN_MAX_VCPUS, 0, &vm->vcpus);
        if (rc)
            return rc;
        vm->guest = r->guest ? (enum hx_scn_guest)*r->guest
                             : HX_SCN_GUEST_LINUX_6_2;
        if (!r->pcpus) {
            for (uint32_t v = 0; v < vm->vcpus; v++)
                vm->pcpu[v] = v % pcpus;
            continue;
        }
        if (r->pcpus_count != vm->vcpus)
            return err_at(c, pathf(path, "vms[%u].pcpus", i),
                          "%u entries for %u vcpus (give one per vcpu)",
                          r->pcpus_count, vm->vcpus);
        for (uint32_t v = 0; v < vm->vcpus; v++) {
            rc = opt_u32(c, pathf(path, "vms[%u].pcpus[%u]", i, v),
                         r->pcpus[v], 0, UINT32_MAX, 0, &vm->pcpu[v]);
            if (rc)
                return rc;
            if (vm->pcpu[v] >= pcpus)
                return err_at(c, path, "pcpu %u does not exist "
                              "(platform.pcpus is %u)", vm->pcpu[v], pcpus);
        }
    }
    return 0;
}

/* @t names a device: its index, or an error at @path. */
static int ref_device(struct conv *c, const char *path, const char *t,
                      uint32_t *out)
{
    int i = hx_scn_lookup_device(c->s, t);

    if (i < 0)
        return err_at(c, path, "no device named '%s'", t);
    *out = (uint32_t)i;
    return 0;
}

/* @t names a VM (not with personality bare): its index, or an error. */
static int ref_vm(struct conv *c, const char *path, const char *t,
                  uint32_t *out)
{
    int i;

    if (c->s->vmm.personality == HX_SCN_PERS_BARE)
        return err_key(c, path, "not allowed with personality bare "
                       "(there are no VMs)");
    i = lookup_vm_raw(c->s, t);
    if (i < 0)
        return err_at(c, path, "no VM named '%s'", t);
    *out = (uint32_t)i;
    return 0;
}

/* An ADI of device @dev: index, "all" or absent (both %HX_SCN_ALL). */
static int ref_adi(struct conv *c, const char *path, const char *t,
                   uint32_t dev, uint32_t *out)
{
    const struct hx_scn_device *d = &c->s->devices[dev];
    uint64_t v = 0;
    int rc;

    if (!t || !strcmp(t, "all")) {
        *out = HX_SCN_ALL;
        return 0;
    }
    rc = get_u64(c, path, t, 0, UINT32_MAX - 1, &v);
    if (rc)
        return rc;
    if (v >= d->adis)
        return err_at(c, path,
                      "ADI %llu does not exist (device '%s' has %u %s)",
                      (unsigned long long)v, d->name, d->adis,
                      d->adis == 1 ? "ADI" : "ADIs");
    *out = (uint32_t)v;
    return 0;
}

static int ref_vcpu(struct conv *c, const char *path, const char *t,
                    uint32_t vm, uint32_t def, uint32_t *out)
{
    const struct hx_scn_vm *v = &c->s->vms[vm];
    int rc = opt_u32(c, path, t, 0, UINT32_MAX - 1, def, out);

    if (rc)
        return rc;
    if (*out >= v->vcpus)
        return err_at(c, path, "vcpu %u does not exist (%s '%s' has %u %s)",
                      *out, v->host ? "the" : "VM", v->name, v->vcpus,
                      v->vcpus == 1 ? "vcpu" : "vcpus");
    return 0;
}

static int conv_assign(struct conv *c)
{
    struct hx_scenario *s = c->s;
    const bool bare = s->vmm.personality == HX_SCN_PERS_BARE;
    char path[HX_SCN__PATH_MAX];
    uint64_t taken[HX_SCN_MAX_DEVICES] = { 0 };
    int owner[HX_SCN_MAX_DEVICES][HX_SCN_MAX_ADIS];
    uint64_t need[HX_SCN_MAX_DEVICES] = { 0 };
    int rc;

    s->assigns = calloc(c->raw->assign_count, sizeof(*s->assigns));
    if (!s->assigns)
        return -ENOMEM;
    for (uint32_t i = 0; i < c->raw->assign_count; i++) {
        const struct hx_scn__raw_assign *r = &c->raw->assign[i];
        struct hx_scn_assign *a = &s->assigns[i];
        const struct hx_scn_device *d;
        uint64_t mask, cap;

        rc = ref_device(c, pathf(path, "assign[%u].device", i), r->device,
                        &a->device);
        if (!rc)
            rc = ref_adi(c, pathf(path, "assign[%u].adi", i), r->adi,
                         a->device, &a->adi);
        if (rc)
            return rc;
        d = &s->devices[a->device];
        if (r->vm) {
            rc = ref_vm(c, pathf(path, "assign[%u].vm", i), r->vm, &a->vm);
            if (rc)
                return rc;
        } else if (!bare) {
            return err_missing(c, pathf(path, "assign[%u]", i), "vm", "%s",
                               "");
        }
        a->mode = r->mode ? (enum hx_scn_assign_mode)*r->mode
                          : HX_SCN_ASSIGN_PASSTHROUGH;
        rc = ref_vcpu(c, pathf(path, "assign[%u].vcpu", i), r->vcpu, a->vm, 0,
                      &a->vcpu);
        if (!rc)
            rc = opt_u32(c, pathf(path, "assign[%u].vectors", i), r->vectors,
                         1, HX_SCN_MAX_VECTORS, 1, &a->vectors);
        if (rc)
            return rc;

        mask = a->adi == HX_SCN_ALL
            ? (d->adis == 64 ? UINT64_MAX : (UINT64_C(1) << d->adis) - 1)
            : UINT64_C(1) << a->adi;
        if (taken[a->device] & mask) {
            uint32_t adi = (uint32_t)__builtin_ctzll(taken[a->device] & mask);

            return err_at(c, pathf(path, "assign[%u].adi", i),
                          "ADI %u of device '%s' is already assigned by "
                          "assign[%d]", adi, d->name, owner[a->device][adi]);
        }
        taken[a->device] |= mask;
        for (uint32_t b = 0; b < d->adis; b++)
            if (mask & (UINT64_C(1) << b))
                owner[a->device][b] = (int)i;

        need[a->device] += (uint64_t)a->vectors *
                           (uint64_t)__builtin_popcountll(mask);
        cap = d->model == HX_SCN_DEV_MSIX ? d->msix_vectors : d->ims_entries;
        if (need[a->device] > cap)
            return err_at(c, pathf(path, "assign[%u].vectors", i),
                          "device '%s' has %llu %s, its assignments need "
                          "%llu", d->name, (unsigned long long)cap,
                          d->model == HX_SCN_DEV_MSIX ? "MSI-X vectors"
                                                      : "IMS entries",
                          (unsigned long long)need[a->device]);
        s->nassigns = i + 1;
    }
    return 0;
}

static int conv_workload(struct conv *c)
{
    struct hx_scenario *s = c->s;
    char path[HX_SCN__PATH_MAX];
    int rc;

    if (!c->raw->workload_count)
        return 0;
    s->workloads = calloc(c->raw->workload_count, sizeof(*s->workloads));
    if (!s->workloads)
        return -ENOMEM;
    for (uint32_t i = 0; i < c->raw->workload_count; i++) {
        const struct hx_scn__raw_workload *r = &c->raw->workload[i];
        struct hx_scn_workload *w = &s->workloads[i];

        rc = ref_device(c, pathf(path, "workload[%u].device", i), r->device,
                        &w->device);
        if (!rc)
            rc = ref_adi(c, pathf(path, "workload[%u].adi", i), r->adi,
                         w->device, &w->adi);
        if (!rc)
            rc = get_u64(c, pathf(path, "workload[%u].rate_hz", i), r->rate_hz,
                         1, UINT64_MAX, &w->rate_hz);
        if (rc)
            return rc;
        if (w->rate_hz > HX_SCN_MAX_RATE_HZ)
            return err_at(c, path, "%llu Hz: the period between arrivals is "
                          "below the event kernel's resolution of 1 ps (at most "
                          "%llu Hz)", (unsigned long long)w->rate_hz,
                          (unsigned long long)HX_SCN_MAX_RATE_HZ);
        w->arrivals = r->arrivals ? (enum hx_scn_arrivals)*r->arrivals
                                  : HX_SCN_ARRIVAL_POISSON;
        rc = opt_u64(c, pathf(path, "workload[%u].start_us", i), r->start_us,
                     0, UINT64_MAX, 0, &w->start_us);
        if (!rc)
            rc = opt_u64(c, pathf(path, "workload[%u].stop_us", i), r->stop_us,
                         0, UINT64_MAX, s->duration_us, &w->stop_us);
        if (rc)
            return rc;
        if (w->stop_us > s->duration_us)
            return err_at(c, path, "%llu is after duration_us (%llu)",
                          (unsigned long long)w->stop_us,
                          (unsigned long long)s->duration_us);
        if (w->start_us >= w->stop_us) {
            if (r->stop_us)
                return err_at(c, path, "%llu is not after start_us (%llu)",
                              (unsigned long long)w->stop_us,
                              (unsigned long long)w->start_us);
            return err_at(c, pathf(path, "workload[%u].start_us", i),
                          "%llu is not before the end of the run "
                          "(duration_us %llu)",
                          (unsigned long long)w->start_us,
                          (unsigned long long)w->stop_us);
        }
        s->nworkloads = i + 1;
    }
    return 0;
}

enum { F_VM = 1, F_VCPU = 2, F_DEVICE = 4, F_ADI = 8, F_ENTRY = 16 };

/* Which keys each event kind requires and which it also accepts. */
static const struct { uint8_t req, opt; } ev_keys[HX_SCN_EV__COUNT] = {
    [HX_SCN_EV_SET_AFFINITY] = { F_VM | F_VCPU, F_DEVICE | F_ADI | F_ENTRY },
    [HX_SCN_EV_MASK] = { F_DEVICE, F_ADI | F_ENTRY },
    [HX_SCN_EV_UNMASK] = { F_DEVICE, F_ADI | F_ENTRY },
    [HX_SCN_EV_VCPU_HALT] = { F_VM | F_VCPU, 0 },
    [HX_SCN_EV_VCPU_RUN] = { F_VM | F_VCPU, 0 },
    [HX_SCN_EV_VCPU_DESCHEDULE] = { F_VM | F_VCPU, 0 },
    [HX_SCN_EV_REVOKE_HANDLE] = { F_DEVICE, F_ADI | F_ENTRY },
    [HX_SCN_EV_SKIP_IEC_FLUSH] = { 0, F_DEVICE | F_ADI | F_ENTRY },
    [HX_SCN_EV_CORRUPT_IRTE] = { F_DEVICE, F_ADI | F_ENTRY },
    [HX_SCN_EV_DEVICE_RESET] = { F_DEVICE, F_ADI },
};

static int conv_event(struct conv *c, uint32_t i)
{
    const struct hx_scn__raw_event *r = &c->raw->events[i];
    struct hx_scn_event *ev = &c->s->events[i];
    const bool bare = c->s->vmm.personality == HX_SCN_PERS_BARE;
    static const char *const keys[] = {
        "vm", "vcpu", "device", "adi", "entry",
    };
    const char *given[] = { r->vm, r->vcpu, r->device, r->adi, r->entry };
    char path[HX_SCN__PATH_MAX], base[HX_SCN__PATH_MAX];
    const struct hx_scn__node *nd;
    const char *kname;
    uint8_t req, ok;
    int rc;

    pathf(base, "events[%u]", i);
    nd = hx_scn__index_find(c->ix, base);
    ev->index = i;
    ev->line = nd ? nd->line : 0;
    ev->kind_at = pos_of(c, pathf(path, "%s.do", base));
    rc = get_u64(c, pathf(path, "%s.at_us", base), r->at_us, 0, UINT64_MAX,
                 &ev->at_us);
    if (rc)
        return rc;
    if (ev->at_us >= c->s->duration_us)
        return err_at(c, path, "%llu is not before duration_us (%llu)",
                      (unsigned long long)ev->at_us,
                      (unsigned long long)c->s->duration_us);
    ev->kind = (enum hx_scn_event_kind)*r->kind;
    kname = hx_scn_event_kind_name(ev->kind);
    req = ev_keys[ev->kind].req;
    ok = req | ev_keys[ev->kind].opt;
    if (bare) {
        req &= (uint8_t)~F_VM;
        ok &= (uint8_t)~F_VM;
    }
    for (int k = 0; k < 5; k++)
        if (!given[k] && (req & (1 << k)))
            return err_missing(c, base, keys[k], "(needed by '%s')", kname);
    for (int k = 0; k < 5; k++) {
        if (given[k] && !(ok & (1 << k))) {
            if (k == 0 && bare)
                return err_key(c, pathf(path, "%s.vm", base),
                               "not allowed with personality bare "
                               "(there are no VMs)");
            return err_key(c, pathf(path, "%s.%s", base, keys[k]),
                           "not used by '%s'", kname);
        }
    }
    if (!r->device && (r->adi || r->entry))
        return err_key(c, pathf(path, "%s.%s", base, r->adi ? "adi" : "entry"),
                       "needs 'device'");

    ev->vm = HX_SCN_NONE;
    ev->vcpu = HX_SCN_NONE;
    ev->device = HX_SCN_NONE;
    ev->adi = HX_SCN_ALL;
    ev->entry = HX_SCN_ALL;
    if (ok & F_VCPU) {
        if (bare)
            ev->vm = 0;
        else if ((rc = ref_vm(c, pathf(path, "%s.vm", base), r->vm, &ev->vm)))
            return rc;
        rc = ref_vcpu(c, pathf(path, "%s.vcpu", base), r->vcpu, ev->vm, 0,
                      &ev->vcpu);
        if (rc)
            return rc;
    }
    if (r->device) {
        const struct hx_scn_device *d;
        uint32_t n;

        rc = ref_device(c, pathf(path, "%s.device", base), r->device,
                        &ev->device);
        if (!rc)
            rc = ref_adi(c, pathf(path, "%s.adi", base), r->adi, ev->device,
                         &ev->adi);
        if (rc || !r->entry)
            return rc;
        d = &c->s->devices[ev->device];
        n = d->model == HX_SCN_DEV_MSIX ? d->msix_vectors : d->ims_entries;
        rc = opt_u32(c, pathf(path, "%s.entry", base), r->entry, 0,
                     UINT32_MAX - 1, 0, &ev->entry);
        if (rc)
            return rc;
        if (ev->entry >= n)
            return err_at(c, path, "entry %u does not exist (device '%s' has "
                          "%u %s)", ev->entry, d->name, n,
                          d->model == HX_SCN_DEV_MSIX ? "MSI-X vectors"
                                                      : "IMS entries");
    }
    return 0;
}

static int cmp_event(const void *a, const void *b)
{
    const struct hx_scn_event *x = a, *y = b;

    if (x->at_us != y->at_us)
        return x->at_us < y->at_us ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

static int conv_events(struct conv *c)
{
    struct hx_scenario *s = c->s;
    int rc;

    if (!c->raw->events_count)
        return 0;
    s->events = calloc(c->raw->events_count, sizeof(*s->events));
    if (!s->events)
        return -ENOMEM;
    for (uint32_t i = 0; i < c->raw->events_count; i++) {
        rc = conv_event(c, i);
        if (rc)
            return rc;
        s->nevents = i + 1;
    }
    qsort(s->events, s->nevents, sizeof(s->events[0]), cmp_event);
    return 0;
}

static int conv_costs(struct conv *c)
{
    const struct hx_scn__raw_costs *r = c->raw->costs;
    char path[HX_SCN__PATH_MAX];
    int rc;

    if (!r)
        return 0;
    for (int i = 0; i < COST__COUNT; i++) {
        if (!r->v[i])
            continue;
        rc = get_u64(c, pathf(path, "costs.%s", cost_name((enum cost_id)i)),
                     r->v[i], 0, UINT64_MAX, &c->s->costs.value[i]);
        if (rc)
            return rc;
        c->s->cost_set[i] = true;
    }
    return 0;
}

unsigned hx_scn_metric_scopes(enum hx_scn_metric m, const char **why)
{
    const char *w = NULL;
    unsigned scopes = HX_SCN_SCOPE_DEVICE | HX_SCN_SCOPE_VM;

    switch (m) {
    case HX_SCN_METRIC_SPURIOUS:
        w = "a handler entry with no interrupt behind it belongs to the VM "
            "it ran in, not to a device (scope it to a vm only)";
        scopes = HX_SCN_SCOPE_VM;
        break;
    case HX_SCN_METRIC_EXITS_PER_IRQ:
    case HX_SCN_METRIC_VM_EXITS:
        w = "the VMM counts trapped-MMIO and hypercall exits for the whole "
            "system, not per VM or device (omit device and vm to check the "
            "scenario-wide figure)";
        scopes = 0;
        break;
    case HX_SCN_METRIC_IMS_WRITE_TRAPS:
        w = "the VMM counts trapped IMS writes for the whole system, not per "
            "VM or device (omit device and vm to check the scenario-wide "
            "figure)";
        scopes = 0;
        break;
    case HX_SCN_METRIC_HYPERCALLS:
        w = "the VMM counts hypercalls for the whole system, not per VM or "
            "device (omit device and vm to check the scenario-wide figure)";
        scopes = 0;
        break;
    default:
        break;
    }
    if (why)
        *why = w;
    return scopes;
}

/* An expectation may name only a scope its metric can be computed for. */
static int check_scope(struct conv *c, const char *base,
                       const struct hx_scn_expect *x)
{
    char path[HX_SCN__PATH_MAX];
    const char *why;
    unsigned ok = hx_scn_metric_scopes(x->metric, &why);

    if (x->device != HX_SCN_NONE && !(ok & HX_SCN_SCOPE_DEVICE))
        return err_at(c, pathf(path, "%s.device", base), "metric %s cannot "
                      "be scoped to a device: %s",
                      hx_scn_metric_name(x->metric), why);
    if (x->vm != HX_SCN_NONE && !(ok & HX_SCN_SCOPE_VM))
        return err_at(c, pathf(path, "%s.vm", base), "metric %s cannot be "
                      "scoped to a VM: %s", hx_scn_metric_name(x->metric),
                      why);
    return 0;
}

static int conv_expect(struct conv *c)
{
    struct hx_scenario *s = c->s;
    char path[HX_SCN__PATH_MAX], base[HX_SCN__PATH_MAX];
    int rc;

    if (!c->raw->expect_count)
        return 0;
    s->expects = calloc(c->raw->expect_count, sizeof(*s->expects));
    if (!s->expects)
        return -ENOMEM;
    for (uint32_t i = 0; i < c->raw->expect_count; i++) {
        const struct hx_scn__raw_expect *r = &c->raw->expect[i];
        struct hx_scn_expect *x = &s->expects[i];
        const struct hx_scn__node *nd;

        pathf(base, "expect[%u]", i);
        nd = hx_scn__index_find(c->ix, base);
        x->line = nd ? nd->line : 0;
        rc = get_name(c, pathf(path, "%s.rule", base), r->rule, true, x->rule);
        if (rc)
            return rc;
        x->metric = (enum hx_scn_metric)*r->metric;
        x->op = r->op ? (enum hx_scn_op)*r->op : HX_SCN_OP_EQ;
        pathf(path, "%s.value", base);
        if (x->metric == HX_SCN_METRIC_OUTCOME) {
            if (x->op != HX_SCN_OP_EQ && x->op != HX_SCN_OP_NE)
                return err_at(c, pathf(path, "%s.op", base),
                              "'%s' does not apply to metric outcome "
                              "(use eq or ne)", hx_scn_op_name(x->op));
            if (hx_scn__outcome_parse(r->value, &x->outcome))
                return err_at(c, path, "invalid outcome '%s' (expected one "
                              "of: %s)", r->value, hx_scn__outcome_list());
        } else {
            char *end;
            double v;

            errno = 0;
            v = strtod(r->value, &end);
            if (quoted(c, path) || end == r->value || *end || errno ||
                !isfinite(v))
                return err_at(c, path, "metric %s needs a number, got '%s'",
                              hx_scn_metric_name(x->metric), r->value);
            if (v < 0)
                return err_at(c, path, "must not be negative (got %s)",
                              r->value);
            x->value = v;
        }
        x->device = HX_SCN_NONE;
        x->vm = HX_SCN_NONE;
        if (r->device) {
            rc = ref_device(c, pathf(path, "%s.device", base), r->device,
                            &x->device);
            if (rc)
                return rc;
        }
        if (r->vm) {
            rc = ref_vm(c, pathf(path, "%s.vm", base), r->vm, &x->vm);
            if (rc)
                return rc;
        }
        rc = check_scope(c, base, x);
        if (rc)
            return rc;
        s->nexpects = i + 1;
    }
    return 0;
}

/* ---- API ----------------------------------------------------------------- */

/* Report a file written for another format version before schema errors. */
static int version_first(const struct hx_scn__index *ix, struct hx_scn__err *e)
{
    const struct hx_scn__node *nd = hx_scn__index_find(ix, "imslab");
    uint64_t v = 0;

    if (!nd || nd->kind != HX_SCN__SCALAR || nd->quoted ||
        parse_digits(nd->text, &v) || v == HX_SCN_FORMAT_VERSION)
        return 0;
    return hx_scn__error(e, nd->line, nd->col, "imslab: unsupported format "
                         "version %llu (this imslab reads version %d)",
                         (unsigned long long)v, HX_SCN_FORMAT_VERSION);
}

static int convert(struct conv *c)
{
    int rc;

    cost_model_default(&c->s->costs);
    rc = conv_top(c);
    if (!rc)
        rc = conv_platform(c);
    if (!rc)
        rc = conv_vmm(c);
    if (!rc)
        rc = conv_devices(c);
    if (!rc)
        rc = conv_vms(c);
    if (!rc)
        rc = conv_assign(c);
    if (!rc)
        rc = conv_workload(c);
    if (!rc)
        rc = conv_events(c);
    if (!rc)
        rc = conv_costs(c);
    if (!rc)
        rc = conv_expect(c);
    return rc;
}

int hx_scn_load_string(const char *name_for_errors, const char *yaml,
                       size_t len, struct hx_scenario **out, char *err,
                       size_t errlen)
{
    struct hx_scn__err e = {
        .file = name_for_errors, .buf = err, .len = errlen,
    };
    struct hx_scn__index ix;
    struct hx_scn__raw *raw = NULL;
    struct hx_scenario *s = NULL;
    struct conv c;
    int rc;

    *out = NULL;
    if (err && errlen)
        err[0] = '\0';
    rc = hx_scn__index_build(yaml, len, &ix, &e);
    if (!rc)
        rc = version_first(&ix, &e);
    if (!rc)
        rc = hx_scn__cyaml_load(yaml, len, &ix, &e, &raw);
    if (!rc) {
        s = calloc(1, sizeof(*s));
        if (s)
            s->source = strdup(name_for_errors);
        if (!s || !s->source) {
            rc = -ENOMEM;
        } else {
            c = (struct conv){ .ix = &ix, .e = &e, .raw = raw, .s = s };
            rc = convert(&c);
        }
    }
    hx_scn__cyaml_free(raw);
    hx_scn__index_free(&ix);
    if (rc) {
        hx_scn_free(s);
        if (rc == -ENOMEM && err && errlen)
            snprintf(err, errlen, "%s: error: out of memory", name_for_errors);
        return rc;
    }
    *out = s;
    return 0;
}

int hx_scn_load_max(const char *path, size_t max_bytes,
                    struct hx_scenario **out, char *err, size_t errlen)
{
    char *buf;
    size_t len;
    int rc;

    *out = NULL;
    rc = hx_scn__read_file(path, max_bytes, &buf, &len, err, errlen);
    if (rc)
        return rc;
    rc = hx_scn_load_string(path, buf, len, out, err, errlen);
    free(buf);
    if (!rc)
        (*out)->max_input_bytes = max_bytes;
    return rc;
}

int hx_scn_load(const char *path, struct hx_scenario **out, char *err,
                size_t errlen)
{
    return hx_scn_load_max(path, 0, out, err, errlen);
}

void hx_scn_free(struct hx_scenario *scn)
{
    if (!scn)
        return;
    for (uint32_t i = 0; scn->devices && i < scn->ndevices; i++) {
        struct hx_scn_device *d = &scn->devices[i];

        free(d->layout);
        for (uint32_t j = 0; j < d->rtl.nsources; j++)
            free(d->rtl.sources[j]);
        free(d->rtl.sources);
        free(d->rtl.top);
    }
    free(scn->devices);
    free(scn->vms);
    free(scn->assigns);
    free(scn->workloads);
    free(scn->events);
    free(scn->expects);
    free(scn->description);
    free(scn->source);
    free(scn);
}

int hx_scn_lookup_device(const struct hx_scenario *scn, const char *name)
{
    for (uint32_t i = 0; i < scn->ndevices; i++)
        if (!strcmp(scn->devices[i].name, name))
            return (int)i;
    return -ENOENT;
}

int hx_scn_lookup_vm(const struct hx_scenario *scn, const char *name)
{
    int i = lookup_vm_raw(scn, name);

    return i < 0 ? -ENOENT : i;
}
