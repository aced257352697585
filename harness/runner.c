/* SPDX-License-Identifier: MIT */
/* runner.c - scenario -> simulated system -> run -> evidence -> result. */
#include "harness/runner.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "harness/evidence.h"
#include "harness/layout.h"
#include "models/apic/apic.h"
#include "models/guest/guest.h"
#include "models/iommu/ir.h"
#include "models/mem/mem.h"
#include "models/rtl/rtl.h"
#include "models/siov/idxd_regs.h"
#include "models/siov/ims_behav.h"
#include "models/siov/ims_dut_store.h"
#include "models/siov/siov.h"
#include "models/trace-events.h"
#include "models/vmm/vmm.h"
#include "sim/clock.h"
#include "sim/rng.h"

/* Host-physical memory map of the simulated machine. */
#define MAP_IRT      UINT64_C(0x10000000)   /* interrupt remapping table */
#define MAP_DEVCTX   UINT64_C(0x20000000)   /* device context memory, 1 MiB each */
#define MAP_DEVCTX_SZ UINT64_C(0x100000)
#define MAP_GUEST    UINT64_C(0x100000000)  /* guest memory, 16 MiB per VM */
#define MAP_GUEST_SZ UINT64_C(0x1000000)

struct run;

struct dev_ctx {
    struct run *run;
    uint32_t index;
};

struct arrival {
    struct run *run;
    uint32_t dev, adi;
    struct sim_rng rng;
    uint64_t mean_ps;
    bool periodic;
    sim_time_t stop;
    sim_time_t unscheduled;     /* an arrival the queue refused (0: none) */
};

struct timed_event {
    struct run *run;
    const struct hx_scn_event *ev;
};

struct run {
    const struct hx_scenario *scn;
    struct sim *sim;
    struct cost_model cm;
    struct mem mem;
    struct ir_unit *ir;
    struct apic_fabric *fab;
    struct pcpu **pcpu;
    struct siov_dev **dev;
    struct ims_dut_store **dutstore;  /* a device's IMS from its layout or
                                       * RTL, or NULL */
    struct dev_ctx *devctx;
    struct vmm *vmm;
    struct vm **vm;
    struct guest **guest;
    unsigned nvm;
    struct vdev **vd;            /* per (assignment, ADI): assign "all" expands */
    uint32_t *vd_assign;         /* the assignment of each */
    uint32_t *vd_adi;            /* its ADI */
    uint32_t nvd;
    struct hx_evidence *ev;
    struct arrival *arr;
    unsigned narr;
    struct timed_event *tev;
    unsigned probes_pending;
    int probe_err;
    sim_time_t setup_end;
    uint64_t exits_at_start;
    uint64_t exits_at_stop;
    char *err;
    size_t errlen;
};

static int fail(struct run *run, int rc, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(run->err, run->errlen, fmt, ap);
    va_end(ap);
    return rc;
}

/* ---- evidence plumbing ---------------------------------------------------- */

/* Which assignment carries (dev, adi)? */
static int assign_of(const struct run *run, uint32_t dev, uint32_t adi)
{
    for (uint32_t i = 0; i < run->scn->nassigns; i++) {
        const struct hx_scn_assign *a = &run->scn->assigns[i];

        if (a->device == dev && (a->adi == adi || a->adi == HX_SCN_ALL))
            return (int)i;
    }
    return -1;
}

static int vm_evidence_index(const struct run *run, uint32_t vm)
{
    return run->scn->vms[vm].host ? HX_VM_HOST : (int)vm;
}

static uint64_t on_raise(void *ctx, const struct irq_tag *tag, sim_time_t now)
{
    struct dev_ctx *dc = ctx;
    struct run *run = dc->run;
    int a = assign_of(run, tag->dev, tag->adi);
    struct hx_dest want;
    unsigned cpu;
    uint8_t vector;

    if (a >= 0) {
        uint32_t vm = run->scn->assigns[a].vm;

        if (guest_target(run->guest[vm], tag->dev, tag->adi, tag->entry, &cpu,
                         &vector) == 0) {
            want.vm = vm_evidence_index(run, vm);
            want.cpu = (int)cpu;
            want.vector = vector;
            return hx_ev_raise(run->ev, now, tag->dev, tag->adi, tag->entry, &want);
        }
    }
    return hx_ev_raise(run->ev, now, tag->dev, tag->adi, tag->entry, NULL);
}

static void on_dev_outcome(void *ctx, const struct siov_event *e)
{
    struct dev_ctx *dc = ctx;

    switch (e->outcome) {
    case SIOV_OUT_REFUSED:
    case SIOV_OUT_INVALID:
    case SIOV_OUT_FAULT:
        hx_ev_refused(dc->run->ev, &e->tag);
        break;
    case SIOV_OUT_COALESCED:
        hx_ev_coalesced(dc->run->ev, &e->tag);
        break;
    default:
        break;
    }
}

static void on_ir_result(void *ctx, const struct ir_result *res)
{
    struct run *run = ctx;

    if (res->outcome == IR_OUT_FAULT || res->outcome == IR_OUT_BLOCKED)
        hx_ev_fault(run->ev, &res->tag, (unsigned)res->fault);
}

/* Posting sets a PIR bit: the tag goes to the vCPU owning the PID, which
 * reports it when it consumes the vector (apic_evidence_post()). */
static void on_ir_post(void *ctx, uint64_t pda, uint8_t vector,
                       const struct irq_tag *tag)
{
    struct run *run = ctx;

    (void)apic_evidence_post(run->fab, pda, vector, tag);
}

static void on_handler(void *ctx, int vm, unsigned cpu, uint8_t vector,
                       const struct irq_tag *believed, const struct irq_tag *tags,
                       size_t n)
{
    struct run *run = ctx;
    struct hx_dest at = { vm, (int)cpu, vector };

    hx_ev_handler(run->ev, sim_now(run->sim), &at, believed, tags, (unsigned)n);
}

static void on_retarget(void *ctx, int vm, uint32_t dev, uint32_t adi,
                        uint32_t entry, unsigned cpu, uint8_t vector)
{
    struct run *run = ctx;
    struct hx_dest want = { vm, (int)cpu, vector };

    hx_ev_retarget(run->ev, sim_now(run->sim), dev, adi, entry, &want);
}

/* ---- workload -------------------------------------------------------------- */

static sim_time_t next_gap(struct arrival *a)
{
    return a->periodic ? a->mean_ps : sim_rng_exp_ps(&a->rng, a->mean_ps);
}

static void arrive(struct sim *sim, void *arg);

/* Schedule @a's arrival at @when; a refusal (the event queue is full)
 * ends @a's arrivals and is reported (hx_run_health_rules()). */
static void schedule_arrival(struct sim *sim, struct arrival *a, sim_time_t when)
{
    if (sim_schedule_at(sim, when, SIM_PRIO_DEFAULT, arrive, a, NULL) && !a->unscheduled)
        a->unscheduled = when ? when : 1;
}

static void arrive(struct sim *sim, void *arg)
{
    struct arrival *a = arg;
    struct siov_event e;
    sim_time_t next;

    (void)siov_adi_complete(a->run->dev[a->dev], a->adi, &e);
    next = sim_time_add(sim_now(sim), next_gap(a));
    if (next < a->stop)
        schedule_arrival(sim, a, next);
}

/* Arrivals the workload never raised because the queue was full. */
static void count_unraised(const struct run *run, struct hx_run_health *h)
{
    for (unsigned i = 0; i < run->narr; i++) {
        const struct arrival *a = &run->arr[i];

        if (!a->unscheduled || a->unscheduled >= a->stop || !a->mean_ps)
            continue;
        /* periodic: exactly those left before stop; poisson: their mean */
        h->not_raised += (a->stop - 1 - a->unscheduled) / a->mean_ps + 1;
        h->estimated |= !a->periodic;
    }
}

static uint64_t total_exits(struct run *run)
{
    const struct vmm_stats *st = vmm_stats(run->vmm);
    uint64_t n = 0;

    for (int i = 0; i < VMM_EXIT__COUNT; i++)
        n += st->exits[i];
    return n;
}

static void mark_stop(struct sim *sim, void *arg)
{
    struct run *run = arg;

    (void)sim;
    run->exits_at_stop = total_exits(run);
}

/* ---- timed events ------------------------------------------------------------ */

static void ignore_done(void *ctx, int status)
{
    (void)ctx;
    (void)status;
}

/* Does assignment @i match the event's VM, device and ADI? */
static bool event_hits(const struct run *run, uint32_t i, const struct hx_scn_event *ev)
{
    const struct hx_scn_assign *a = &run->scn->assigns[i];

    return (ev->vm == HX_SCN_NONE || a->vm == ev->vm) &&
           (ev->device == HX_SCN_NONE || a->device == ev->device);
}

static void fire_event(struct sim *sim, void *arg)
{
    struct timed_event *te = arg;
    struct run *run = te->run;
    const struct hx_scn_event *ev = te->ev;
    uint32_t entry = ev->entry == HX_SCN_ALL ? GUEST_ENTRY_ALL : ev->entry;
    struct vcpu *v = NULL;

    (void)sim;
    if (ev->vm != HX_SCN_NONE && ev->vcpu != HX_SCN_NONE)
        v = vmm_vcpu(run->vm[ev->vm], ev->vcpu);
    switch (ev->kind) {
    case HX_SCN_EV_SET_AFFINITY:
    case HX_SCN_EV_MASK:
    case HX_SCN_EV_UNMASK:
        /* every interrupt of the matching assignments (mask and unmask name
         * no VM: the device's driver, wherever it runs) */
        for (uint32_t k = 0; k < run->nvd; k++) {
            uint32_t i = run->vd_assign[k];
            uint32_t vm = run->scn->assigns[i].vm;

            if (!event_hits(run, i, ev) ||
                (ev->adi != HX_SCN_ALL && run->vd_adi[k] != ev->adi))
                continue;
            if (ev->kind == HX_SCN_EV_SET_AFFINITY)
                (void)guest_set_affinity(run->guest[vm], run->vd[k], entry, ev->vcpu,
                                         ignore_done, NULL);
            else
                (void)guest_mask(run->guest[vm], run->vd[k], entry,
                                 ev->kind == HX_SCN_EV_MASK, ignore_done, NULL);
        }
        break;
    case HX_SCN_EV_VCPU_HALT:
        if (v)   /* bare: the host's CPUs are not vCPUs */
            (void)vcpu_halt(v);
        break;
    case HX_SCN_EV_VCPU_DESCHEDULE:
        if (v)
            (void)vcpu_deschedule(v);
        break;
    case HX_SCN_EV_VCPU_RUN:
        if (v)
            (void)vcpu_run_on(v, run->pcpu[run->scn->vms[ev->vm].pcpu[ev->vcpu]]);
        break;
    case HX_SCN_EV_SKIP_IEC_FLUSH:
        vmm_set_skip_iec_flush(run->vmm, true);
        break;
    case HX_SCN_EV_DEVICE_RESET:
        /* a function-level reset: every entry masked, nothing pending, the
         * Command register cleared; the guest is not told (as after an FLR
         * it did not ask for) */
        siov_reset(run->dev[ev->device]);
        break;
    default:
        /* refused before the run by hx_run_check_layouts() */
        break;
    }
}

/* ---- set-up ---------------------------------------------------------------- */

static void start_workload(struct run *run)
{
    const struct hx_scenario *scn = run->scn;
    sim_time_t s = run->setup_end;
    unsigned k = 0;

    run->exits_at_start = total_exits(run);
    for (uint32_t w = 0; w < scn->nworkloads; w++) {
        const struct hx_scn_workload *wl = &scn->workloads[w];
        uint32_t lo = wl->adi == HX_SCN_ALL ? 0 : wl->adi;
        uint32_t hi = wl->adi == HX_SCN_ALL ? scn->devices[wl->device].adis : wl->adi + 1;

        for (uint32_t adi = lo; adi < hi; adi++) {
            struct arrival *a = &run->arr[k++];
            char name[64];

            a->run = run;
            a->dev = wl->device;
            a->adi = adi;
            a->periodic = wl->arrivals == HX_SCN_ARRIVAL_PERIODIC;
            a->mean_ps = wl->rate_hz ? SIM_PS_PER_S / wl->rate_hz : SIM_TIME_MAX;
            a->stop = s + SIM_US(wl->stop_us);
            snprintf(name, sizeof(name), "workload%u.dev%u.adi%u", w, wl->device, adi);
            sim_rng_stream(&a->rng, run->sim, name);
            schedule_arrival(run->sim, a, s + SIM_US(wl->start_us) + next_gap(a));
        }
    }
    for (uint32_t i = 0; i < scn->nevents; i++) {
        run->tev[i].run = run;
        run->tev[i].ev = &scn->events[i];
        (void)sim_schedule_at(run->sim, s + SIM_US(scn->events[i].at_us),
                              SIM_PRIO_SW, fire_event, &run->tev[i], NULL);
    }
    (void)sim_schedule_at(run->sim, s + SIM_US(scn->duration_us), SIM_PRIO_LAST,
                          mark_stop, run, NULL);
}

static void probe_done(void *ctx, int status)
{
    struct run *run = ctx;

    if (status && !run->probe_err)
        run->probe_err = status;
    if (--run->probes_pending == 0) {
        run->setup_end = sim_now(run->sim);
        sim_stop(run->sim);
    }
}

static enum vmm_personality map_personality(enum hx_scn_personality p)
{
    switch (p) {
    case HX_SCN_PERS_BARE: return VMM_BARE;
    case HX_SCN_PERS_HYPERV: return VMM_HYPERV;
    default: return VMM_KVM;
    }
}

static enum guest_policy map_guest(enum hx_scn_guest g)
{
    switch (g) {
    case HX_SCN_GUEST_TRUSTS_CAP: return GUEST_POLICY_TRUSTS_CAP;
    case HX_SCN_GUEST_HYPERCALL_AWARE: return GUEST_POLICY_HYPERCALL_AWARE;
    case HX_SCN_GUEST_LEGACY: return GUEST_POLICY_LEGACY;
    default: return GUEST_POLICY_LINUX_6_2;
    }
}

static unsigned log2_u32(uint32_t v)
{
    unsigned s = 0;

    while ((UINT32_C(1) << (s + 1)) <= v)
        s++;
    return s;
}

/* ---- devices whose IMS comes from a layout descriptor or RTL -------------- */

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

    if (d->model != HX_SCN_DEV_IDXD) {
        h = err_head(err, errlen, scn, d->layout_at);
        snprintf(err + h, errlen - (size_t)h, "devices[%u].layout: only a "
                 "device of model idxd can take its IMS from a layout "
                 "descriptor (this one is %s)", i,
                 hx_scn_dev_model_name(d->model));
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

        if (e->kind == HX_SCN_EV_REVOKE_HANDLE || e->kind == HX_SCN_EV_CORRUPT_IRTE) {
            int h = err_head(err, errlen, scn, e->kind_at);

            snprintf(err + h, errlen - (size_t)h, "events[%u].do: '%s' is not "
                     "modelled by this version of imslab", e->index,
                     hx_scn_event_kind_name(e->kind));
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
    if (rc == -ENOENT && strstr(tool, "not found in PATH"))
        snprintf(err, errlen, "%s: error: device '%s': rtl: a device with "
                 "rtl needs Verilator (5.0 or later) to build its design, "
                 "and this system has none (%s)", scn->source, d->name, tool);
    else
        snprintf(err, errlen, "%s: error: device '%s': rtl: top '%s' does "
                 "not build: %s", scn->source, d->name, d->rtl.top, tool);
    return rc;
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
static int attach_dut(struct run *run, uint32_t i, const struct ims_dut *dut,
                      const struct ims_dut_store_config *cfg, const char *what)
{
    int rc;

    rc = ims_dut_store_create(&run->dutstore[i], dut, cfg);
    if (rc) {
        dut->ops->destroy(dut->state);
        return fail(run, rc, "out of memory");
    }
    rc = siov_attach_store(run->dev[i], SIOV_BANK_IMS, ims_dut_store_ops(),
                           run->dutstore[i]);
    if (rc)
        return fail(run, rc, "device %s: cannot attach its %s IMS: %s",
                    run->scn->devices[i].name, what, strerror(-rc));
    return 0;
}

/* Device @i's IMS bank: ims_behav over its layout, through the adapter. */
static int attach_layout(struct run *run, uint32_t i)
{
    struct ims_dut_store_config cfg;
    struct ims_layout l;
    struct ims_dut dut;
    int rc;

    rc = load_device_layout(run->scn, i, &l, run->err, run->errlen);
    if (rc)
        return rc;
    rc = ims_behav_create(&l, &dut);
    if (rc)
        return fail(run, rc, "device %s: behavioral model: %s",
                    run->scn->devices[i].name, strerror(-rc));
    ims_dut_store_config_init(&cfg, run->sim);
    ims_dut_store_config_layout(&cfg, &l);
    cfg.peek = ims_behav_peek;
    return attach_dut(run, i, &dut, &cfg, "layout's");
}

/*
 * Device @i's IMS bank: its RTL (built before the run: a cache hit here),
 * through the adapter, with the design's table (the layout's base on its
 * port) at the idxd slots, BAR0 + 0x2000.
 */
static int attach_rtl(struct run *run, uint32_t i, const char *cache)
{
    struct ims_dut_store_config cfg;
    struct ims_layout l;
    struct ims_dut dut;
    char so[4096];
    int rc;

    rc = load_device_layout(run->scn, i, &l, run->err, run->errlen);
    if (!rc)
        rc = build_device_rtl(run->scn, i, cache, so, sizeof(so), run->err,
                              run->errlen, NULL);
    if (!rc)
        rc = open_device_rtl(run->scn, i, so, &l, &dut, run->err,
                             run->errlen);
    if (rc)
        return rc;
    ims_dut_store_config_init(&cfg, run->sim);
    ims_dut_store_config_map(&cfg, &l, (uint32_t)idxd_ims_slot_offset(0));
    return attach_dut(run, i, &dut, &cfg, "RTL");
}

static int build(struct run *run, const struct hx_run_opts *opts)
{
    const struct hx_scenario *scn = run->scn;
    struct sim_config sc = { .backend = opts->backend,
                             .seed = opts->seed_set ? opts->seed : scn->seed };
    struct ir_config ic;
    struct apic_fabric_config fc;
    struct vmm_platform vp;
    struct vmm_config vc;
    uint32_t irt = scn->platform.iommu.irt_size;
    int rc;

    rc = sim_create(&run->sim, &sc);
    if (rc)
        return fail(run, rc, "cannot create the %s kernel: %s",
                    sim_backend_name(opts->backend), strerror(-rc));
    rc = sim_trace_use(run->sim, imslab_tracepoints, imslab_tracepoint_count);
    if (rc)
        return fail(run, rc, "trace point list rejected");
    sim_trace_hash_enable(run->sim, true);
    if (opts->trace) {
        sim_trace_output(run->sim, opts->trace_out ? opts->trace_out : stderr);
        if (sim_trace_enable(run->sim, opts->trace) < 0)
            return fail(run, -EINVAL, "--trace: '%s' matches no trace point "
                        "(imslab trace-list shows them)", opts->trace);
    }

    run->cm = scn->costs;   /* defaults + overrides, cpu_hz, nested factor */
    mem_init(&run->mem);
    if ((rc = mem_add_region(&run->mem, MAP_IRT, (uint64_t)irt * 16u)) ||
        (rc = mem_add_region(&run->mem, MAP_DEVCTX, MAP_DEVCTX_SZ * scn->ndevices)))
        return fail(run, rc, "cannot map host memory");
    if ((rc = hx_ev_create(&run->ev)))
        return fail(run, rc, "out of memory");

    /* IOMMU: VT-d interrupt remapping */
    ir_config_default(&ic);
    ic.sim = run->sim;
    ic.mem = &run->mem;
    ic.cost = &run->cm;
    ic.on_result = on_ir_result;
    ic.result_ctx = run;
    ic.on_post = on_ir_post;
    ic.post_ctx = run;
    ic.iec_entries = scn->platform.iommu.iec_entries;
    ic.iec_policy = scn->platform.iommu.iec_replacement == HX_SCN_IEC_FIFO
                        ? IR_IEC_FIFO : IR_IEC_LRU;
    ic.fault_records = scn->platform.iommu.fault_records;
    ic.posted = scn->platform.iommu.posted_interrupts;
    ic.caching_mode = false;

    /* APIC fabric and pCPUs (APIC ID = index) */
    apic_fabric_config_default(&fc);
    fc.xapic = !scn->platform.iommu.eime;
    if ((rc = apic_fabric_create(&run->fab, run->sim, &run->mem, &run->cm, &fc)))
        return fail(run, rc, "cannot create the APIC fabric");
    ic.apic = apic_fabric_sink(run->fab);
    if ((rc = ir_create(&run->ir, &ic)))
        return fail(run, rc, "cannot create the remapping unit: %s", strerror(-rc));
    if ((rc = ir_set_irta(run->ir, ir_irta_encode(MAP_IRT, log2_u32(irt) - 1,
                                                  scn->platform.iommu.eime))))
        return fail(run, rc, "IRTA rejected");
    ir_set_cfi(run->ir, scn->platform.iommu.cfi);
    if ((rc = ir_set_enabled(run->ir, scn->platform.iommu.interrupt_remapping)))
        return fail(run, rc, "cannot enable interrupt remapping");

    run->pcpu = calloc(scn->platform.pcpus, sizeof(*run->pcpu));
    if (!run->pcpu)
        return fail(run, -ENOMEM, "out of memory");
    for (uint32_t i = 0; i < scn->platform.pcpus; i++)
        if ((rc = pcpu_create(run->fab, i, &run->pcpu[i])))
            return fail(run, rc, "cannot create pCPU %u", i);

    /* devices */
    run->dev = calloc(scn->ndevices, sizeof(*run->dev));
    run->devctx = calloc(scn->ndevices, sizeof(*run->devctx));
    run->dutstore = calloc(scn->ndevices, sizeof(*run->dutstore));
    if (!run->dev || !run->devctx || !run->dutstore)
        return fail(run, -ENOMEM, "out of memory");
    for (uint32_t i = 0; i < scn->ndevices; i++) {
        const struct hx_scn_device *d = &scn->devices[i];
        struct siov_config dc;
        struct siov_platform dp = { .sim = run->sim, .cost = &run->cm,
                                    .mem = &run->mem,
                                    .upstream = ir_pcie_sink(run->ir) };
        enum siov_kind kind;

        if (siov_kind_parse(hx_scn_dev_model_name(d->model), &kind))
            return fail(run, -EINVAL, "device %s: unknown model", d->name);
        siov_config_init(&dc, kind);
        dc.name = d->name;
        dc.index = i;
        dc.rid = hx_scn_bdf_rid(d->bdf);
        dc.n_adi = d->adis;
        dc.pasid_base = 0x100u * (i + 1);
        dc.ims_entries = d->ims_entries;
        dc.msix_vectors = d->msix_vectors;
        dc.ctx_base = MAP_DEVCTX + MAP_DEVCTX_SZ * i;
        if ((rc = siov_create(&run->dev[i], &dc, &dp)))
            return fail(run, rc, "device %s: %s", d->name, strerror(-rc));
        if (d->rtl.nsources)
            rc = attach_rtl(run, i, opts->rtl_cache);
        else if (d->layout)
            rc = attach_layout(run, i);
        if (rc)
            return rc;
        run->devctx[i].run = run;
        run->devctx[i].index = i;
        siov_set_raise_hook(run->dev[i], on_raise, &run->devctx[i]);
        siov_set_outcome_hook(run->dev[i], on_dev_outcome, &run->devctx[i]);
    }

    /* VMM */
    vp = (struct vmm_platform){ .sim = run->sim, .cost = &run->cm, .mem = &run->mem,
                                .ir = run->ir, .fabric = run->fab, .pcpu = run->pcpu,
                                .npcpu = scn->platform.pcpus, .irt_entries = irt,
                                .pi_capable = scn->platform.iommu.posted_interrupts,
                                .mem_base = MAP_GUEST,
                                .mem_size = MAP_GUEST_SZ * (HX_SCN_MAX_VMS + 1) };
    vc = (struct vmm_config){
        .personality = map_personality(scn->vmm.personality),
        .msix = scn->vmm.msix == HX_SCN_MSIX_TRAP ? VMM_MSIX_TRAP
              : scn->vmm.msix == HX_SCN_MSIX_HYPERCALL ? VMM_MSIX_HYPERCALL
                                                       : VMM_MSIX_NATIVE,
        .ims = scn->vmm.ims == HX_SCN_IMS_EMULATE ? VMM_IMS_EMULATE
             : scn->vmm.ims == HX_SCN_IMS_HYPERCALL ? VMM_IMS_HYPERCALL
                                                    : VMM_IMS_NONE,
        .cap = scn->vmm.advertise_ims_cap == HX_SCN_ADV_ALWAYS ? VMM_CAP_ALWAYS
             : scn->vmm.advertise_ims_cap == HX_SCN_ADV_NEVER ? VMM_CAP_NEVER
                                                              : VMM_CAP_AUTO,
        .viommu = scn->vmm.viommu == HX_SCN_VIOMMU_CACHING_MODE,
        .posted = scn->vmm.posted,
        .irte_limit = scn->vmm.irte_limit,
    };
    if ((rc = vmm_create(&run->vmm, &vp, &vc)))
        return fail(run, rc, "cannot create the VMM: %s", strerror(-rc));
    /* each device's function MSI-X table (until models/pci provides it) */
    for (uint32_t i = 0; i < scn->ndevices; i++)
        if ((rc = vmm_attach_msix(run->vmm, run->dev[i], scn->devices[i].msix_vectors)))
            return fail(run, rc, "device %s: MSI-X table: %s", scn->devices[i].name,
                        strerror(-rc));

    /* VMs and their guest kernels */
    run->nvm = scn->nvms;
    run->vm = calloc(run->nvm, sizeof(*run->vm));
    run->guest = calloc(run->nvm, sizeof(*run->guest));
    if (!run->vm || !run->guest)
        return fail(run, -ENOMEM, "out of memory");
    for (uint32_t i = 0; i < run->nvm; i++) {
        const struct hx_scn_vm *v = &scn->vms[i];
        struct guest_config gc = {
            .sim = run->sim, .cost = &run->cm, .mem = &run->mem,
            .policy = map_guest(v->guest),
            .vm_index = vm_evidence_index(run, i),
            .hooks = { .handler = on_handler, .retarget = on_retarget, .ctx = run },
        };
        unsigned pcpu_of[HX_SCN_MAX_VCPUS];
        struct vmm_vm_config vmc;

        if ((rc = guest_create(&run->guest[i], &gc)))
            return fail(run, rc, "vm %s: cannot create the guest", v->name);
        for (uint32_t c = 0; c < v->vcpus; c++)
            pcpu_of[c] = v->pcpu[c];
        vmc = (struct vmm_vm_config){ .nvcpu = v->vcpus, .pcpu_of = pcpu_of,
                                      .deliver = guest_deliver, .ctx = run->guest[i],
                                      .mem_size = MAP_GUEST_SZ };
        if ((rc = vmm_vm_create(run->vmm, &vmc, &run->vm[i])))
            return fail(run, rc, "vm %s: %s", v->name, strerror(-rc));
        guest_bind_vm(run->guest[i], run->vm[i]);
    }

    /* assignments: each guest driver probes its devices */
    for (uint32_t i = 0; i < scn->nassigns; i++)
        run->nvd += scn->assigns[i].adi == HX_SCN_ALL
                        ? scn->devices[scn->assigns[i].device].adis : 1;
    run->vd = calloc(run->nvd ? run->nvd : 1, sizeof(*run->vd));
    run->vd_assign = calloc(run->nvd ? run->nvd : 1, sizeof(*run->vd_assign));
    run->vd_adi = calloc(run->nvd ? run->nvd : 1, sizeof(*run->vd_adi));
    if (!run->vd || !run->vd_assign || !run->vd_adi)
        return fail(run, -ENOMEM, "out of memory");
    for (uint32_t i = 0, k = 0; i < scn->nassigns; i++) {
        const struct hx_scn_assign *a = &scn->assigns[i];
        uint32_t lo = a->adi == HX_SCN_ALL ? 0 : a->adi;
        uint32_t hi = a->adi == HX_SCN_ALL ? scn->devices[a->device].adis : a->adi + 1;

        for (uint32_t adi = lo; adi < hi; adi++, k++) {
            run->vd_assign[k] = i;
            run->vd_adi[k] = adi;
            rc = vmm_assign(run->vmm, run->vm[a->vm], run->dev[a->device], adi,
                            a->mode == HX_SCN_ASSIGN_COMPOSED ? VMM_ASSIGN_COMPOSED
                                                              : VMM_ASSIGN_PASSTHROUGH,
                            &run->vd[k]);
            if (rc)
                return fail(run, rc, "assign %s adi %u: %s",
                            scn->devices[a->device].name, adi, strerror(-rc));
        }
    }
    run->probes_pending = run->nvd;
    for (uint32_t k = 0; k < run->nvd; k++) {
        const struct hx_scn_assign *a = &scn->assigns[run->vd_assign[k]];

        rc = guest_attach(run->guest[a->vm], run->vd[k], a->vectors, a->vcpu,
                          probe_done, run);
        if (rc)
            return fail(run, rc, "probe of %s adi %u: %s",
                        scn->devices[a->device].name, run->vd_adi[k], strerror(-rc));
    }

    /* workload and timed events (scheduled when set-up ends) */
    for (uint32_t w = 0; w < scn->nworkloads; w++)
        run->narr += scn->workloads[w].adi == HX_SCN_ALL
                         ? scn->devices[scn->workloads[w].device].adis : 1;
    run->arr = calloc(run->narr ? run->narr : 1, sizeof(*run->arr));
    run->tev = calloc(scn->nevents ? scn->nevents : 1, sizeof(*run->tev));
    if (!run->arr || !run->tev)
        return fail(run, -ENOMEM, "out of memory");
    return 0;
}

static void teardown(struct run *run)
{
    const struct hx_scenario *scn = run->scn;

    for (uint32_t i = 0; run->guest && i < run->nvm; i++)
        guest_destroy(run->guest[i]);
    if (run->vmm)
        vmm_destroy(run->vmm);
    for (uint32_t i = 0; run->dev && i < scn->ndevices; i++)
        siov_destroy(run->dev[i]);
    for (uint32_t i = 0; run->dutstore && i < scn->ndevices; i++)
        ims_dut_store_destroy(run->dutstore[i]);
    free(run->dutstore);
    if (run->ir)
        ir_destroy(run->ir);
    if (run->fab)
        apic_fabric_destroy(run->fab);
    hx_ev_destroy(run->ev);
    mem_fini(&run->mem);
    sim_destroy(run->sim);
    free(run->pcpu);
    free(run->dev);
    free(run->devctx);
    free(run->vm);
    free(run->guest);
    free(run->vd);
    free(run->vd_assign);
    free(run->vd_adi);
    free(run->arr);
    free(run->tev);
}

/* ---- result ------------------------------------------------------------------ */

static void collect(struct run *run, struct hx_result *r)
{
    const struct hx_scenario *scn = run->scn;
    const struct vmm_stats *vs;
    const struct ir_stats *is = ir_stats(run->ir);
    struct guest_attach_info gi = { 0 };
    bool relied = false, not_emul, any_ims = false, any_fb = false,
         any_cap = false;
    static const enum hx_exit_reason exit_map[VMM_EXIT__COUNT] = {
        [VMM_EXIT_MMIO] = HX_EXIT_MMIO, [VMM_EXIT_HYPERCALL] = HX_EXIT_HYPERCALL,
        [VMM_EXIT_EXTINT] = HX_EXIT_EXTINT, [VMM_EXIT_HLT] = HX_EXIT_HLT,
        [VMM_EXIT_KICK] = HX_EXIT_KICK, [VMM_EXIT_OTHER] = HX_EXIT_OTHER,
    };

    hx_str_copy(r->name, sizeof(r->name), scn->name);
    hx_str_copy(r->personality, sizeof(r->personality),
         hx_scn_personality_name(scn->vmm.personality));
    snprintf(r->policy, sizeof(r->policy), "msix=%s ims=%s cap=%s viommu=%s",
             hx_scn_msix_mode_name(scn->vmm.msix), hx_scn_ims_mode_name(scn->vmm.ims),
             hx_scn_advertise_name(scn->vmm.advertise_ims_cap),
             hx_scn_viommu_name(scn->vmm.viommu));
    if (scn->nvms)
        hx_str_copy(r->guest, sizeof(r->guest), hx_scn_guest_name(scn->vms[0].guest));
    if (scn->nassigns) {
        const struct hx_scn_assign *a = &scn->assigns[0];

        hx_str_copy(r->device, sizeof(r->device),
             hx_scn_dev_model_name(scn->devices[a->device].model));
        hx_str_copy(r->assignment, sizeof(r->assignment), hx_scn_assign_mode_name(a->mode));
    }
    for (uint32_t i = 0; i < run->nvd; i++) {
        const struct hx_scn_assign *a = &scn->assigns[run->vd_assign[i]];

        if (guest_attach_info(run->guest[a->vm], run->vd[i], &gi))
            continue;
        any_ims |= gi.ims_used;
        any_fb |= gi.fallback;
        relied |= gi.ims_used && gi.relied_on_cap;
        any_cap |= vmm_cap_advertised(run->vd[i]);
        if (i == 0)
            snprintf(r->path, sizeof(r->path), "%s/%s", gi.ims_used ? "ims" : "msix",
                     guest_parent_name(gi.parent));
    }
    r->ims_used = any_ims;
    r->fallback = any_fb;
    r->cap_advertised = any_cap;
    /* the VMM says so when it was asked to emulate an IMS it has no plugin
     * for (its count, not a re-reading of the scenario's knobs) */
    not_emul = vmm_stats(run->vmm)->emulation_unsupported > 0;
    if (not_emul)
        hx_str_copy(r->note, sizeof(r->note),
             "no IMS emulation plugin can exist for this device: its pairs live "
             "in host-memory queue contexts no MMIO trap sees");
    else if (relied)
        hx_str_copy(r->note, sizeof(r->note),
             "the guest used IMS on the strength of the advertised capability bit");

    hx_ev_finish(run->ev, r);
    vs = vmm_stats(run->vmm);
    for (int i = 0; i < VMM_EXIT__COUNT; i++) {
        r->exits[exit_map[i]] += vs->exits[i];
        r->exits_total += vs->exits[i];
    }
    r->exits_steady = run->exits_at_stop - run->exits_at_start;
    r->ims_write_traps = vs->ims_write_traps;
    r->msix_write_traps = vs->msix_write_traps;
    r->hypercalls = vs->hypercalls;
    r->ir_fault_records = is->faults_recorded;
    r->sim_end_ps = sim_now(run->sim);
    r->events = sim_events_run(run->sim);
    r->trace_hash = sim_trace_hash(run->sim);
    r->outcome = hx_classify(r, relied, not_emul);
}

static bool compare(double actual, enum hx_scn_op op, double want)
{
    switch (op) {
    case HX_SCN_OP_EQ: return actual == want;
    case HX_SCN_OP_NE: return actual != want;
    case HX_SCN_OP_LT: return actual < want;
    case HX_SCN_OP_LE: return actual <= want;
    case HX_SCN_OP_GT: return actual > want;
    case HX_SCN_OP_GE: return actual >= want;
    default: return false;
    }
}

/* Bits 0 .. @n-1. */
static uint64_t adi_mask(uint32_t n)
{
    return n >= 64 ? UINT64_MAX : (UINT64_C(1) << n) - 1;
}

_Static_assert(HX_SCN_MAX_DEVICES <= HX_EV_SCOPE_DEVS &&
               HX_SCN_MAX_ADIS <= 64, "a scope holds every device and ADI");

/*
 * The part of the run that belongs to (@device, @vm), as hx_scope_fn: the
 * raises of the ADIs of @device (every device: HX_SCN_NONE) that are
 * assigned to @vm (HX_SCN_NONE: every ADI, assigned or not), wherever they
 * arrived; the spurious handler entries of @vm when no device is named;
 * the probe results of those assignments; and, from these, the outcome by
 * the same classifier as the whole run's.
 */
static int scope_result(void *ctx, uint32_t device, uint32_t vm,
                        struct hx_result *out)
{
    struct run *run = ctx;
    const struct hx_scenario *scn = run->scn;
    struct hx_ev_scope sc = { .vm = HX_EV_SCOPE_NO_VM };
    bool relied = false, not_emul = false;
    int rc;

    memset(out, 0, sizeof(*out));
    if (vm == HX_SCN_NONE) {
        for (uint32_t d = 0; d < scn->ndevices; d++)
            if (device == HX_SCN_NONE || d == device)
                sc.adis[d] = adi_mask(scn->devices[d].adis);
    } else if (device == HX_SCN_NONE) {
        sc.vm = vm_evidence_index(run, vm);
    }
    for (uint32_t k = 0; k < run->nvd; k++) {
        const struct hx_scn_assign *a = &scn->assigns[run->vd_assign[k]];
        struct guest_attach_info gi;

        if ((device != HX_SCN_NONE && a->device != device) ||
            (vm != HX_SCN_NONE && a->vm != vm))
            continue;
        sc.adis[a->device] |= UINT64_C(1) << run->vd_adi[k];
        not_emul |= vmm_emulation_unsupported(run->vd[k]);
        out->cap_advertised |= vmm_cap_advertised(run->vd[k]);
        if (guest_attach_info(run->guest[a->vm], run->vd[k], &gi))
            continue;
        out->ims_used |= gi.ims_used;
        out->fallback |= gi.fallback;
        relied |= gi.ims_used && gi.relied_on_cap;
    }
    rc = hx_ev_tally(run->ev, &sc, out);
    if (rc)
        return rc;
    out->outcome = hx_classify(out, relied, not_emul);
    return 0;
}

static void fmt_num(char *buf, size_t n, double v)
{
    if (v == (double)(uint64_t)v && v < 1e18)
        snprintf(buf, n, "%" PRIu64, (uint64_t)v);
    else
        snprintf(buf, n, "%.6f", v);
}

/*
 * What expectation @x is checked against: @r, or the result of its scope
 * in @buf.  NULL (and the reason in @e->actual) when the scope has none.
 */
static const struct hx_result *subject(const struct hx_scn_expect *x,
                                       const struct hx_result *r,
                                       hx_scope_fn scope, void *ctx,
                                       struct hx_result *buf,
                                       struct hx_expect_result *e)
{
    unsigned ok = hx_scn_metric_scopes(x->metric, NULL);
    int rc;

    if (x->device == HX_SCN_NONE && x->vm == HX_SCN_NONE)
        return r;
    if ((x->device != HX_SCN_NONE && !(ok & HX_SCN_SCOPE_DEVICE)) ||
        (x->vm != HX_SCN_NONE && !(ok & HX_SCN_SCOPE_VM))) {
        hx_str_copy(e->actual, sizeof(e->actual),
                    "not attributable to this scope");
        return NULL;
    }
    if (!scope) {
        hx_str_copy(e->actual, sizeof(e->actual), "no scoped evidence");
        return NULL;
    }
    rc = scope(ctx, x->device, x->vm, buf);
    if (rc) {
        snprintf(e->actual, sizeof(e->actual), "scope not computed: %s",
                 strerror(-rc));
        return NULL;
    }
    return buf;
}

void hx_expect_eval(const struct hx_scenario *scn, struct hx_result *r,
                    hx_scope_fn scope, void *ctx)
{
    struct hx_result *scoped = NULL;

    r->n_expect = 0;
    r->expect_failed = false;
    for (uint32_t i = 0; i < scn->nexpects && r->n_expect < HX_MAX_EXPECT; i++) {
        const struct hx_scn_expect *x = &scn->expects[i];
        struct hx_expect_result *e = &r->expect[r->n_expect++];
        bool is_outcome = x->metric == HX_SCN_METRIC_OUTCOME;
        const struct hx_result *on = r;
        bool pass = false;

        memset(e, 0, sizeof(*e));
        hx_str_copy(e->rule, sizeof(e->rule), x->rule);
        hx_str_copy(e->metric, sizeof(e->metric), hx_scn_metric_name(x->metric));
        hx_str_copy(e->op, sizeof(e->op), hx_scn_op_name(x->op));
        if (is_outcome)
            hx_str_copy(e->expected, sizeof(e->expected),
                        hx_scn_outcome_name(x->outcome));
        else
            fmt_num(e->expected, sizeof(e->expected), x->value);
        if (x->device != HX_SCN_NONE || x->vm != HX_SCN_NONE) {
            snprintf(e->scope, sizeof(e->scope), "%.31s%s%.31s",
                     x->device != HX_SCN_NONE ? scn->devices[x->device].name : "",
                     x->device != HX_SCN_NONE && x->vm != HX_SCN_NONE ? "/" : "",
                     x->vm != HX_SCN_NONE ? scn->vms[x->vm].name : "");
            if (!scoped)
                scoped = malloc(sizeof(*scoped));
            if (scoped) {
                on = subject(x, r, scope, ctx, scoped, e);
            } else {
                hx_str_copy(e->actual, sizeof(e->actual), "scope not computed: out of memory");
                on = NULL;
            }
        }
        if (!on) {
            /* e->actual says why; never the scenario-wide figure */
        } else if (is_outcome) {
            enum hx_outcome want;

            hx_str_copy(e->actual, sizeof(e->actual), hx_outcome_name(on->outcome));
            if (hx_outcome_parse(hx_scn_outcome_name(x->outcome), &want) == 0) {
                bool eq = want == on->outcome;

                pass = x->op == HX_SCN_OP_NE ? !eq : eq;
            }
        } else {
            double actual;

            if (hx_result_metric(on, hx_scn_metric_name(x->metric), &actual) == 0) {
                fmt_num(e->actual, sizeof(e->actual), actual);
                pass = compare(actual, x->op, x->value);
            } else {
                hx_str_copy(e->actual, sizeof(e->actual), "unknown metric");
            }
        }
        e->verdict = pass ? HX_VERDICT_PASS : HX_VERDICT_FAIL;
        r->expect_failed |= !pass;
    }
    free(scoped);
}

int hx_run_scenario(const struct hx_scenario *scn, const struct hx_run_opts *opts,
                    struct hx_result *r, char *err, size_t errlen)
{
    struct run run = { .scn = scn, .err = err, .errlen = errlen };
    struct hx_run_health health = { 0 };
    int rc;

    memset(r, 0, sizeof(*r));
    rc = build(&run, opts);
    if (rc)
        goto out;
    /* set-up: run until every probe reported done */
    if (run.probes_pending) {
        rc = sim_run(run.sim, SIM_FOREVER);
        if (rc < 0 || run.probes_pending) {
            rc = fail(&run, rc < 0 ? rc : -EIO,
                      "set-up did not complete (%u probes pending)", run.probes_pending);
            goto out;
        }
    }
    start_workload(&run);
    rc = sim_run(run.sim, run.setup_end + SIM_US(scn->duration_us) + HX_DRAIN_PS);
    if (rc < 0) {
        fail(&run, rc, "run failed: %s", strerror(-rc));
        goto out;
    }
    rc = 0;
    collect(&run, r);
    hx_expect_eval(scn, r, scope_result, &run);
    count_unraised(&run, &health);
    hx_run_health_rules(scn, &health, r);
out:
    teardown(&run);
    return rc;
}
