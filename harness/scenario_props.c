/* SPDX-License-Identifier: MIT */
/*
 * scenario_props.c - the sections that configure a model through its
 * property table (models/props.h): platform (platform_props),
 * platform.iommu (ir_setup_props) and vmm (vmm_props).  The keys, types,
 * ranges, defaults and cross-knob rules are the tables'; this file only
 * parses what the raw image holds by the row's type, with the strictness
 * of every scalar of the format (yaml_common.c), and reports by path.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "harness/scenario_internal.h"
#include "models/guest/guest.h"
#include "models/vmm/vmm.h"

_Static_assert(HX_SCN_MAX_PCPUS == PLATFORM_MAX_PCPUS, "pcpus");
_Static_assert(HX_SCN_MAX_IRT == IR_IRT_ENTRIES_MAX, "irt");
_Static_assert(HX_SCN_MAX_VCPUS_TOTAL == VMM_PID_MAX, "one PID per vCPU");
_Static_assert(HX_SCN_MAX_VCPUS <= GUEST_MAX_CPUS &&
               HX_SCN_MAX_PCPUS <= GUEST_MAX_CPUS, "the guest's vector domain");

static const struct prop_table *const knob_tables[] = {
    &platform_props, &ir_setup_props, &vmm_props,
};

const struct prop_table *const *hx_scn_knob_tables(unsigned *n)
{
    if (n)
        *n = (unsigned)(sizeof(knob_tables) / sizeof(knob_tables[0]));
    return knob_tables;
}

static const char *row_path(const struct prop_table *t, unsigned i, char *buf)
{
    hx_scn__path_key(buf, HX_SCN__PATH_MAX, t->section, t->descs[i].name);
    return buf;
}

/* What a table's hook refused, at the row's key or value. */
static int hook_error(struct hx_scn__conv *c, const struct prop_table *t,
                      const struct prop_err *pe)
{
    char path[HX_SCN__PATH_MAX];

    row_path(t, pe->desc < t->n ? pe->desc : 0, path);
    if (pe->at_key)
        return hx_scn__at_key(c, path, "%s", pe->msg);
    return hx_scn__at(c, path, "%s", pe->msg);
}

/* One given row that is not an enum: parsed by its type and range. */
static int parse_row(struct hx_scn__conv *c, const struct prop_table *t,
                     unsigned i, const char *text, void *cfg)
{
    const struct prop_desc *d = &t->descs[i];
    char path[HX_SCN__PATH_MAX];
    uint64_t v = 0;
    bool b = false;
    int rc;

    row_path(t, i, path);
    if (d->type == PROP_BOOL) {
        rc = hx_scn__opt_bool(c, path, text, false, &b);
        v = b;
    } else {
        rc = hx_scn__u64(c, path, text, d->min, d->max, &v);
    }
    if (rc)
        return rc;
    if ((d->flags & PROP_F_POW2) && (v & (v - 1)))
        return hx_scn__at(c, path, "%" PRIu64 " is not a power of two", v);
    return prop_store(d, cfg, v) ? hx_scn__at(c, path, "out of range") : 0;
}

int hx_scn__bind(struct hx_scn__conv *c, const struct prop_table *t,
                 const struct hx_scn__raw_props *r, void *cfg)
{
    char path[HX_SCN__PATH_MAX];
    struct prop_err pe = { 0 };
    uint64_t given = 0;
    int rc;

    prop_defaults(t, cfg);
    for (unsigned i = 0; r && i < t->n; i++) {
        const struct prop_desc *d = &t->descs[i];

        if (!r->v[i])
            continue;
        given |= UINT64_C(1) << i;
        /* libcyaml took only the row's names: the value is in range */
        if (d->type == PROP_ENUM &&
            prop_store(d, cfg, (uint64_t)*(const int *)r->v[i]))
            return hx_scn__at(c, row_path(t, i, path), "out of range");
    }
    if (t->gate && t->gate(cfg, given, &pe))
        return hook_error(c, t, &pe);
    for (unsigned i = 0; i < t->n; i++) {
        if (!(given & (UINT64_C(1) << i)) || t->descs[i].type == PROP_ENUM)
            continue;
        rc = parse_row(c, t, i, r->v[i], cfg);
        if (rc)
            return rc;
    }
    if (t->finish && t->finish(cfg, given, &pe))
        return hook_error(c, t, &pe);
    return 0;
}

int hx_scn__conv_platform(struct hx_scn__conv *c)
{
    const struct hx_scn__raw_platform *p = c->raw->platform;
    struct platform_config *o = &c->s->platform;
    int rc;

    rc = hx_scn__bind(c, &platform_props, p ? &p->p : NULL, o);
    if (!rc)
        rc = hx_scn__bind(c, &ir_setup_props, p ? p->iommu : NULL,
                          &o->iommu);
    if (rc)
        return rc;
    /* xAPIC IDs are 8 bits and 0xff is the broadcast (SDM Vol. 3A 11.6.1,
     * VT-d 9.10 IRTE.DST bits 15:8): pCPU 255 needs x2APIC IDs */
    if (o->pcpus > 255 && !o->iommu.eime)
        return hx_scn__at(c, "platform.pcpus", "%u pCPUs need x2APIC IDs "
                          "(xAPIC ID 255 is the broadcast): set platform.iommu.eime: true",
                          o->pcpus);
    c->s->costs.cpu_hz = (uint64_t)o->cpu_mhz * 1000000u;
    return 0;
}

int hx_scn__conv_vmm(struct hx_scn__conv *c)
{
    int rc = hx_scn__bind(c, &vmm_props, c->raw->vmm, &c->s->vmm);

    if (rc)
        return rc;
    c->s->costs.nested_factor = c->s->vmm.nested ? 5 : 1;
    return 0;
}
