/* SPDX-License-Identifier: MIT */
/*
 * scenario_devices.c - the sections devices[], vms[] and assign[] of a
 * scenario (scenario.c runs them in file order), and the references by
 * name to devices, VMs, ADIs and vCPUs the later sections use.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness/scenario_internal.h"

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
static int conv_rtl(struct hx_scn__conv *c, uint32_t i)
{
    const struct hx_scn__raw_rtl *r = c->raw->devices[i].rtl;
    struct hx_scn_device *d = &c->s->devices[i];
    char path[HX_SCN__PATH_MAX];
    size_t n;
    int rc;

    if (d->model != SIOV_KIND_IDXD)
        return hx_scn__at_key(c, hx_scn__pathf(path, "devices[%u].rtl", i),
                              "only a device of model idxd can take its IMS "
                              "from RTL (this one is %s)",
                              siov_kind_name(d->model));
    if (!d->layout)
        return hx_scn__at_key(c, hx_scn__pathf(path, "devices[%u].rtl", i),
                              "needs "
                              "'layout': the layout descriptor of the design's "
                              "register map (layouts/ref.yaml for "
                              "models/rtl/ims_table.sv)");
    if (!r->sources_count)
        return hx_scn__at(c, hx_scn__pathf(path, "devices[%u].rtl.sources", i),
                          "must list at least one file");
    d->rtl.sources = calloc(r->sources_count, sizeof(*d->rtl.sources));
    if (!d->rtl.sources)
        return -ENOMEM;
    d->rtl.nsources = r->sources_count;
    for (uint32_t j = 0; j < r->sources_count; j++) {
        hx_scn__pathf(path, "devices[%u].rtl.sources[%u]", i, j);
        if (!*r->sources[j])
            return hx_scn__at(c, path, "must not be empty");
        rc = resolve_layout(c->s->source, r->sources[j], &d->rtl.sources[j]);
        if (rc == -ENOMEM)
            return rc;
        if (rc)
            return hx_scn__at(c, path, "cannot make '%s' absolute: %s",
                              r->sources[j], strerror(-rc));
        if (access(d->rtl.sources[j], R_OK))
            return hx_scn__at(c, path, "cannot read '%s': %s",
                              d->rtl.sources[j], strerror(errno));
    }
    hx_scn__pathf(path, "devices[%u].rtl.top", i);
    n = strlen(r->top);
    if (!n)
        return hx_scn__at(c, path, "must not be empty");
    if (n > HX_SCN_RTL_TOP_MAX)
        return hx_scn__at(c, path, "longer than %d characters",
                          HX_SCN_RTL_TOP_MAX);
    if (!verilog_ident(r->top))
        return hx_scn__at(c, path, "'%s' is not a Verilog module name "
                          "([A-Za-z_][A-Za-z0-9_$]*)", r->top);
    d->rtl.top = strdup(r->top);
    return d->rtl.top ? 0 : -ENOMEM;
}

int hx_scn__conv_devices(struct hx_scn__conv *c)
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

        rc = hx_scn__name(c, hx_scn__pathf(path, "devices[%u].name", i),
                          r->name, false,
                          d->name);
        if (rc)
            return rc;
        for (uint32_t j = 0; j < i; j++)
            if (!strcmp(s->devices[j].name, d->name))
                return hx_scn__at(c, path, "duplicate device name '%s' "
                                  "(also devices[%u])", d->name, j);
        s->ndevices = i + 1;
        d->model = (enum siov_kind)*r->model;
        msix = d->model == SIOV_KIND_MSIX;
        if (parse_bdf(r->bdf, &d->bdf))
            return hx_scn__at(c, hx_scn__pathf(path, "devices[%u].bdf", i),
                              "invalid PCI address '%s' (expected bb:dd.f or "
                              "ssss:bb:dd.f in hex, dd <= 1f, f <= 7)", r->bdf);
        for (uint32_t j = 0; j < i; j++) {
            const struct hx_scn_bdf *o = &s->devices[j].bdf;

            if (o->segment == d->bdf.segment && o->bus == d->bdf.bus &&
                o->dev == d->bdf.dev && o->fn == d->bdf.fn)
                return hx_scn__at(c, hx_scn__pathf(path, "devices[%u].bdf", i),
                                  "%s is also the address of devices[%u] "
                                  "('%s')", r->bdf, j, s->devices[j].name);
        }
        rc = hx_scn__opt_u32(c, hx_scn__pathf(path, "devices[%u].adis", i),
                             r->adis, 1,
                             HX_SCN_MAX_ADIS, 1, &d->adis);
        if (rc)
            return rc;
        if (msix && d->adis != 1)
            return hx_scn__at(c, path,
                              "a device of model msix has exactly 1 ADI");
        if (msix && r->ims_entries)
            return hx_scn__at_key(c, hx_scn__pathf(path, "devices[%u]."
                                                   "ims_entries", i),
                                  "not allowed for model msix (it has no "
                                  "IMS)");
        rc = hx_scn__opt_u32(c, hx_scn__pathf(path, "devices[%u].ims_entries",
                                              i),
                             r->ims_entries, 1, HX_SCN_MAX_IMS, msix ? 0 : 256,
                             &d->ims_entries);
        if (!rc)
            rc = hx_scn__opt_u32(c, hx_scn__pathf(path, "devices[%u]."
                                                  "msix_vectors", i),
                                 r->msix_vectors, 1, HX_SCN_MAX_MSIX, 9,
                                 &d->msix_vectors);
        if (!rc)
            rc = hx_scn__opt_bool(c, hx_scn__pathf(path, "devices[%u]."
                                                   "int_handles", i),
                                  r->int_handles, false, &d->int_handles);
        if (rc)
            return rc;
        if (r->ims_entries)
            d->ims_entries_at = hx_scn__pos(c, hx_scn__pathf(path, "devices[%u]."
                                                             "ims_entries", i));
        if (d->int_handles && d->model != SIOV_KIND_IDXD)
            return hx_scn__at_key(c, hx_scn__pathf(path, "devices[%u]."
                                                   "int_handles", i),
                                  "interrupt handles are a model idxd "
                                  "feature");
        if (d->int_handles && r->layout)
            return hx_scn__at_key(c, hx_scn__pathf(path, "devices[%u]."
                                                   "int_handles", i),
                                  "not with a layout descriptor (its BAR0 "
                                  "decodes only the IMS table)");
        if (r->layout) {
            d->layout_at = hx_scn__pos(c, hx_scn__pathf(path, "devices[%u].layout",
                                                        i));
            if (!*r->layout)
                return hx_scn__at(c, hx_scn__pathf(path, "devices[%u].layout",
                                                   i),
                                  "must not be empty");
            rc = resolve_layout(s->source, r->layout, &d->layout);
            if (rc == -ENOMEM)
                return rc;
            if (rc)
                return hx_scn__at(c, hx_scn__pathf(path, "devices[%u].layout",
                                                   i),
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

int hx_scn__vm_index(const struct hx_scenario *s, const char *name)
{
    for (uint32_t i = 0; i < s->nvms; i++)
        if (!strcmp(s->vms[i].name, name))
            return (int)i;
    return -1;
}

int hx_scn__conv_vms(struct hx_scn__conv *c)
{
    struct hx_scenario *s = c->s;
    uint32_t pcpus = s->platform.pcpus, total = 0;
    uint32_t spread = 0;      /* default placement: next pCPU, round robin */
    char path[HX_SCN__PATH_MAX];
    int rc;

    if (s->vmm.personality == VMM_BARE) {
        struct hx_scn_vm *h;

        if (c->raw->vms)
            return hx_scn__at_key(c, "vms", "not allowed with personality "
                                  "bare (the host runs the drivers; omit vms "
                                  "and vm)");
        s->vms = calloc(1, sizeof(*s->vms));
        if (!s->vms)
            return -ENOMEM;
        s->nvms = 1;
        h = &s->vms[0];
        snprintf(h->name, sizeof(h->name), "host");
        h->vcpus = pcpus;
        h->guest = GUEST_POLICY_LINUX_6_2;
        h->host = true;
        for (uint32_t i = 0; i < pcpus; i++)
            h->pcpu[i] = i;
        return 0;
    }
    if (!c->raw->vms)
        return hx_scn__missing(c, "", "vms", "(needed unless vmm.personality "
                               "is bare)");
    s->vms = calloc(c->raw->vms_count, sizeof(*s->vms));
    if (!s->vms)
        return -ENOMEM;
    for (uint32_t i = 0; i < c->raw->vms_count; i++) {
        const struct hx_scn__raw_vm *r = &c->raw->vms[i];
        struct hx_scn_vm *vm = &s->vms[i];

        rc = hx_scn__name(c, hx_scn__pathf(path, "vms[%u].name", i), r->name,
                          false,
                          vm->name);
        if (rc)
            return rc;
        if (hx_scn__vm_index(s, vm->name) >= 0)
            return hx_scn__at(c, path, "duplicate VM name '%s' (also vms[%d])",
                              vm->name, hx_scn__vm_index(s, vm->name));
        s->nvms = i + 1;
        rc = hx_scn__opt_u32(c, hx_scn__pathf(path, "vms[%u].vcpus", i),
                             r->vcpus, 1,
                             HX_SCN_MAX_VCPUS, 0, &vm->vcpus);
        if (rc)
            return rc;
        total += vm->vcpus;
        if (total > HX_SCN_MAX_VCPUS_TOTAL)
            return hx_scn__at(c, hx_scn__pathf(path, "vms[%u].vcpus", i),
                              "more than %u vcpus in all VMs", HX_SCN_MAX_VCPUS_TOTAL);
        vm->guest = r->guest ? (enum guest_policy)*r->guest
                             : GUEST_POLICY_LINUX_6_2;
        vm->activity = r->activity ? (enum guest_activity)*r->activity
                                   : GUEST_ACTIVITY_BUSY;
        vm->after_migrate = r->after_migrate
                                ? (enum guest_after_migrate)*r->after_migrate
                                : GUEST_MIGRATE_REOBTAIN;
        vm->rewrite = r->rewrite ? (enum guest_rewrite_policy)*r->rewrite
                                 : GUEST_REWRITE_LIVE;
        if (!r->pcpus) {
            for (uint32_t v = 0; v < vm->vcpus; v++)
                vm->pcpu[v] = spread++ % pcpus;
            continue;
        }
        vm->pinned = true;
        if (r->pcpus_count != vm->vcpus)
            return hx_scn__at(c, hx_scn__pathf(path, "vms[%u].pcpus", i),
                              "%u entries for %u vcpus (give one per vcpu)",
                              r->pcpus_count, vm->vcpus);
        for (uint32_t v = 0; v < vm->vcpus; v++) {
            rc = hx_scn__opt_u32(c, hx_scn__pathf(path, "vms[%u].pcpus[%u]", i,
                                                  v),
                                 r->pcpus[v], 0, UINT32_MAX, 0, &vm->pcpu[v]);
            if (rc)
                return rc;
            if (vm->pcpu[v] >= pcpus)
                return hx_scn__at(c, path, "pcpu %u does not exist "
                                  "(platform.pcpus is %u)", vm->pcpu[v], pcpus);
        }
    }
    return 0;
}

/* @t names a device: its index, or an error at @path. */
int hx_scn__ref_device(struct hx_scn__conv *c, const char *path, const char *t,
                       uint32_t *out)
{
    int i = hx_scn_lookup_device(c->s, t);

    if (i < 0)
        return hx_scn__at(c, path, "no device named '%s'", t);
    *out = (uint32_t)i;
    return 0;
}

/* @t names a VM (not with personality bare): its index, or an error. */
int hx_scn__ref_vm(struct hx_scn__conv *c, const char *path, const char *t,
                   uint32_t *out)
{
    int i;

    if (c->s->vmm.personality == VMM_BARE)
        return hx_scn__at_key(c, path, "not allowed with personality bare "
                              "(there are no VMs)");
    i = hx_scn__vm_index(c->s, t);
    if (i < 0)
        return hx_scn__at(c, path, "no VM named '%s'", t);
    *out = (uint32_t)i;
    return 0;
}

/* An ADI of device @dev: index, "all" or absent (both %HX_SCN_ALL). */
int hx_scn__ref_adi(struct hx_scn__conv *c, const char *path, const char *t,
                    uint32_t dev, uint32_t *out)
{
    const struct hx_scn_device *d = &c->s->devices[dev];
    uint64_t v = 0;
    int rc;

    if (!t || !strcmp(t, "all")) {
        *out = HX_SCN_ALL;
        return 0;
    }
    rc = hx_scn__u64(c, path, t, 0, UINT32_MAX - 1, &v);
    if (rc)
        return rc;
    if (v >= d->adis)
        return hx_scn__at(c, path,
                          "ADI %llu does not exist (device '%s' has %u %s)",
                          (unsigned long long)v, d->name, d->adis,
                          d->adis == 1 ? "ADI" : "ADIs");
    *out = (uint32_t)v;
    return 0;
}

int hx_scn__ref_vcpu(struct hx_scn__conv *c, const char *path, const char *t,
                     uint32_t vm, uint32_t def, uint32_t *out)
{
    const struct hx_scn_vm *v = &c->s->vms[vm];
    int rc = hx_scn__opt_u32(c, path, t, 0, UINT32_MAX - 1, def, out);

    if (rc)
        return rc;
    if (*out >= v->vcpus)
        return hx_scn__at(c, path, "vcpu %u does not exist (%s '%s' has %u %s)",
                          *out, v->host ? "the" : "VM", v->name, v->vcpus,
                          v->vcpus == 1 ? "vcpu" : "vcpus");
    return 0;
}

int hx_scn__conv_assign(struct hx_scn__conv *c)
{
    struct hx_scenario *s = c->s;
    const bool bare = s->vmm.personality == VMM_BARE;
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

        rc = hx_scn__ref_device(c, hx_scn__pathf(path, "assign[%u].device", i),
                                r->device,
                                &a->device);
        if (!rc)
            rc = hx_scn__ref_adi(c, hx_scn__pathf(path, "assign[%u].adi", i),
                                 r->adi,
                                 a->device, &a->adi);
        if (rc)
            return rc;
        d = &s->devices[a->device];
        if (r->vm) {
            rc = hx_scn__ref_vm(c, hx_scn__pathf(path, "assign[%u].vm", i),
                                r->vm, &a->vm);
            if (rc)
                return rc;
        } else if (!bare) {
            return hx_scn__missing(c, hx_scn__pathf(path, "assign[%u]", i),
                                   "vm", "%s",
                                   "");
        }
        a->mode = r->mode ? (enum vmm_assign_mode)*r->mode
                          : VMM_ASSIGN_PASSTHROUGH;
        rc = hx_scn__ref_vcpu(c, hx_scn__pathf(path, "assign[%u].vcpu", i),
                              r->vcpu, a->vm, 0,
                              &a->vcpu);
        if (!rc)
            rc = hx_scn__opt_u32(c, hx_scn__pathf(path, "assign[%u].vectors",
                                                  i), r->vectors,
                                 1, HX_SCN_MAX_VECTORS, 1, &a->vectors);
        if (rc)
            return rc;

        mask = a->adi == HX_SCN_ALL
            ? (d->adis == 64 ? UINT64_MAX : (UINT64_C(1) << d->adis) - 1)
            : UINT64_C(1) << a->adi;
        if (taken[a->device] & mask) {
            uint32_t adi = (uint32_t)__builtin_ctzll(taken[a->device] & mask);

            return hx_scn__at(c, hx_scn__pathf(path, "assign[%u].adi", i),
                              "ADI %u of device '%s' is already assigned by "
                              "assign[%d]", adi, d->name,
                              owner[a->device][adi]);
        }
        taken[a->device] |= mask;
        for (uint32_t b = 0; b < d->adis; b++)
            if (mask & (UINT64_C(1) << b))
                owner[a->device][b] = (int)i;

        need[a->device] += (uint64_t)a->vectors *
                           (uint64_t)__builtin_popcountll(mask);
        cap = d->model == SIOV_KIND_MSIX ? d->msix_vectors : d->ims_entries;
        if (need[a->device] > cap)
            return hx_scn__at(c, hx_scn__pathf(path, "assign[%u].vectors", i),
                              "device '%s' has %llu %s, its assignments need "
                              "%llu", d->name, (unsigned long long)cap,
                              d->model == SIOV_KIND_MSIX ? "MSI-X vectors"
                              : "IMS entries",
                              (unsigned long long)need[a->device]);
        s->nassigns = i + 1;
    }
    return 0;
}

