/* SPDX-License-Identifier: MIT */
/*
 * runner_workload.c - what drives a run once set-up is done: each ADI's
 * arrivals (periodic or Poisson, one RNG stream each), the scenario's timed
 * events, and the mark at the end of the workload.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "harness/runner_internal.h"
#include "models/guest/guest.h"
#include "models/iommu/msi.h"
#include "models/siov/idxd_regs.h"
#include "models/siov/siov.h"
#include "sim/clock.h"

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

static void rw_sample(struct run *run, uint32_t dev, const struct siov_event *e);

static void arrive(struct sim *sim, void *arg)
{
    struct arrival *a = arg;
    struct siov_event e;
    sim_time_t next;

    if (!siov_adi_complete(a->run->dev[a->dev], a->adi, &e) &&
        e.outcome == SIOV_OUT_SENT)
        rw_sample(a->run, a->dev, &e);
    next = sim_time_add(sim_now(sim), next_gap(a));
    if (next < a->stop)
        schedule_arrival(sim, a, next);
}

/* Arrivals the workload never raised because the queue was full. */
void hx_run__count_unraised(const struct run *run, struct hx_run_health *h)
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

uint64_t hx_run__total_exits(struct run *run)
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
    run->exits_at_stop = hx_run__total_exits(run);
    run->vmm_at_stop = *vmm_stats(run->vmm);
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

/* The guest driving @to writes (@addr, @data) into IMS slot @i through its
 * mapped BAR0, untrapped. */
static void write_slot(struct siov_dev *to, uint32_t i, uint64_t addr, uint32_t data)
{
    void *ctx;
    const struct mmio_ops *bar = siov_bar0(to, &ctx);
    uint64_t s = idxd_ims_slot_offset(i);

    (void)bar->write(ctx, s + IDXD_IMS_ADDR_LO, 4, (uint32_t)addr);
    (void)bar->write(ctx, s + IDXD_IMS_ADDR_HI, 4, (uint32_t)(addr >> 32));
    (void)bar->write(ctx, s + IDXD_IMS_DATA, 4, data);
}

/* steal_pair: the guest driving @ev->device writes into its IMS slots the
 * pairs of @ev->from_device's (another tenant's).  The IRTE's source check
 * is the barrier (ISO-STEAL-01). */
static void steal_pair(struct run *run, const struct hx_scn_event *ev)
{
    struct siov_dev *to = run->dev[ev->device], *from = run->dev[ev->from_device];
    uint32_t n = siov_entry_count(to, SIOV_BANK_IMS);
    struct ims_entry e;

    if (siov_entry_count(from, SIOV_BANK_IMS) < n)
        n = siov_entry_count(from, SIOV_BANK_IMS);
    for (uint32_t i = 0; i < n; i++)
        if (!siov_entry_read(from, SIOV_BANK_IMS, i, &e) && e.addr)
            write_slot(to, i, e.addr, e.data);
}

/* forge_handle: the guest driving @ev->device makes its own remappable-
 * format pairs up: each slot that holds a pair now (or only slot
 * @ev->entry) gets the next handle from @ev->irte_index, SHV, subhandle 0
 * (VT-d 5.1.2.1).  Which IRTE that
 * names, and whether its source check stops the message, is the remapping
 * unit's to find out (ISO-FORGE-01). */
static void forge_handle(struct run *run, const struct hx_scn_event *ev)
{
    struct siov_dev *to = run->dev[ev->device];
    uint32_t n = siov_entry_count(to, SIOV_BANK_IMS), h = ev->irte_index;
    struct ims_entry e;

    for (uint32_t i = 0; i < n; i++) {
        struct msi_remap r = { .handle = (uint16_t)h, .shv = true };
        struct msi_msg m;

        if ((ev->entry != HX_SCN_ALL && i != ev->entry) ||
            siov_entry_read(to, SIOV_BANK_IMS, i, &e) || !e.addr)
            continue;
        msi_remap_encode(&r, &m);
        write_slot(to, i, (uint64_t)m.addr_hi << 32 | m.addr_lo, m.data);
        h = (h + 1) & 0xffffu;
    }
}

/* ---- migrate ------------------------------------------------------------------ */

/*
 * A VM's live migration (VMM-MIGRATE-01): the source stops the ADIs
 * assigned to the VM (their completions are held, SIOV-MIGRATE-01); after
 * the stop-and-copy (cost migrate_stop_copy) the destination's VMM
 * re-creates the trapped entries, the guest re-obtains its hypercall
 * pairs (GUEST-MIGRATE-01), the source releases its host interrupts, and
 * the ADIs resume, raising what they held.  The downtime is the simulated
 * time from the stop to the resume.
 */
static bool vd_in_vm(const struct run *run, uint32_t k, uint32_t vm)
{
    return run->scn->assigns[run->vd_assign[k]].vm == vm;
}

static void migrate_adis(struct run *run, uint32_t vm, bool stop)
{
    for (uint32_t k = 0; k < run->nvd; k++) {
        struct siov_dev *dev;

        if (!vd_in_vm(run, k, vm))
            continue;
        dev = run->dev[run->scn->assigns[run->vd_assign[k]].device];
        if (stop)
            (void)siov_adi_stop(dev, run->vd_adi[k]);
        else
            (void)siov_adi_resume(dev, run->vd_adi[k]);
    }
}

static void migrate_released(void *arg, int status)
{
    struct timed_event *te = arg;
    struct run *run = te->run;
    uint32_t vm = te->ev->vm;
    uint64_t down;

    (void)status;
    migrate_adis(run, vm, false);
    down = (sim_now(run->sim) - te->t_stop) / 1000;
    te->done = true;
    run->mig.unfinished--;
    run->mig_downtime_sum_ns += down;
    if (down > run->mig.downtime_ns_max)
        run->mig.downtime_ns_max = down;
    run->mig.exits += hx_run__total_exits(run) - te->exits_at_stop;
    run->mig.hypercalls += vmm_stats(run->vmm)->hypercalls - te->hypercalls_at_stop;
}

static void migrate_guest_done(void *arg, int status)
{
    struct timed_event *te = arg;

    (void)status;   /* a pair not obtained shows in the fates */
    if (--te->left)
        return;
    if (vmm_vm_migrate_finish(te->run->vmm, te->run->vm[te->ev->vm],
                              migrate_released, te) < 0)
        migrate_released(te, -ENOMEM);
}

static void migrate_vmm_done(void *arg, int status)
{
    struct timed_event *te = arg;
    struct run *run = te->run;
    uint32_t vm = te->ev->vm;

    (void)status;
    te->left = 1;
    for (uint32_t k = 0; k < run->nvd; k++) {
        if (!vd_in_vm(run, k, vm))
            continue;
        te->left++;
        if (guest_migrated(run->guest[vm], run->vd[k], migrate_guest_done, te))
            te->left--;
    }
    migrate_guest_done(te, 0);
}

static void migrate_dest(struct sim *sim, void *arg)
{
    struct timed_event *te = arg;

    (void)sim;
    if (vmm_vm_migrate(te->run->vmm, te->run->vm[te->ev->vm], migrate_vmm_done, te))
        migrate_vmm_done(te, -EINVAL);
}

static void migrate_start(struct run *run, struct timed_event *te)
{
    te->t_stop = sim_now(run->sim);
    te->exits_at_stop = hx_run__total_exits(run);
    te->hypercalls_at_stop = vmm_stats(run->vmm)->hypercalls;
    run->mig.migrations++;
    run->mig.unfinished++;
    migrate_adis(run, te->ev->vm, true);
    (void)sim_schedule_at(run->sim, sim_time_add(te->t_stop,
                                                 cost_ps(&run->cm, COST_MIGRATE_STOP_COPY)),
                          SIM_PRIO_SW, migrate_dest, te, NULL);
}

/* ---- guest_rewrite ------------------------------------------------------------ */

/*
 * The harness's ground truth for a live rewrite: the device's entries as
 * they were when the guest began (siov_entry_read(), the pair the device
 * would sample), every message the device sent meanwhile, and the entries
 * once the guest is done.  A message whose pair is neither the entry's
 * before nor after was sampled between the guest's dword writes: torn
 * (GUEST-REWRITE-01).  What the IOMMU did with it is in its fate.
 */
struct rw_sample {
    enum siov_bank bank;
    uint32_t entry;
    uint64_t addr;
    uint32_t data;
};

struct rw_window {
    uint32_t dev;
    bool open;
    struct ims_entry *old[SIOV_BANK__COUNT];
    bool *old_ok[SIOV_BANK__COUNT];
    uint32_t n[SIOV_BANK__COUNT];
    struct rw_sample *s;
    uint32_t ns, cap;
    unsigned left;
};

static void rw_sample(struct run *run, uint32_t dev, const struct siov_event *e)
{
    for (uint32_t i = 0; i < run->scn->nevents; i++) {
        struct rw_window *w = run->tev[i].rw;

        if (!w || !w->open || w->dev != dev)
            continue;
        if (w->ns == w->cap) {
            uint32_t cap = w->cap ? 2 * w->cap : 16;
            struct rw_sample *ns = realloc(w->s, cap * sizeof(*ns));

            if (!ns)
                continue;
            w->s = ns;
            w->cap = cap;
        }
        w->s[w->ns++] = (struct rw_sample){ e->bank, e->tag.entry, e->addr, e->data };
    }
}

static bool same(const struct ims_entry *x, uint64_t addr, uint32_t data)
{
    return x->addr == addr && x->data == data;
}

static void rw_done(void *arg, int status)
{
    struct timed_event *te = arg;
    struct run *run = te->run;
    struct rw_window *w = te->rw;
    struct siov_dev *dev;

    (void)status;
    if (--w->left)
        return;
    w->open = false;
    dev = run->dev[w->dev];
    for (uint32_t k = 0; k < w->ns; k++) {
        const struct rw_sample *s = &w->s[k];
        struct ims_entry now;
        bool torn;

        if (s->entry >= w->n[s->bank])
            continue;
        run->rw.sent++;
        torn = !(w->old_ok[s->bank][s->entry] &&
                 same(&w->old[s->bank][s->entry], s->addr, s->data));
        if (torn && !siov_entry_read(dev, s->bank, s->entry, &now))
            torn = !same(&now, s->addr, s->data);
        run->rw.torn += torn;
    }
}

static void rewrite_start(struct run *run, struct timed_event *te)
{
    const struct hx_scn_event *ev = te->ev;
    uint32_t entry = ev->entry == HX_SCN_ALL ? GUEST_ENTRY_ALL : ev->entry;
    struct siov_dev *dev = run->dev[ev->device];
    struct rw_window *w = calloc(1, sizeof(*w));

    run->rw.rewrites++;
    if (!w)
        return;
    te->rw = w;
    w->dev = ev->device;
    w->open = true;
    w->left = 1;
    for (unsigned b = 0; b < SIOV_BANK__COUNT; b++) {
        uint32_t n = siov_entry_count(dev, (enum siov_bank)b);

        w->old[b] = calloc(n ? n : 1, sizeof(*w->old[b]));
        w->old_ok[b] = calloc(n ? n : 1, sizeof(*w->old_ok[b]));
        if (!w->old[b] || !w->old_ok[b])
            continue;
        w->n[b] = n;
        for (uint32_t i = 0; i < n; i++)
            w->old_ok[b][i] = !siov_entry_read(dev, (enum siov_bank)b, i,
                                               &w->old[b][i]);
    }
    for (uint32_t k = 0; k < run->nvd; k++) {
        uint32_t i = run->vd_assign[k];

        if (run->scn->assigns[i].vm != ev->vm ||
            run->scn->assigns[i].device != ev->device ||
            (ev->adi != HX_SCN_ALL && run->vd_adi[k] != ev->adi))
            continue;
        w->left++;
        if (guest_rewrite(run->guest[ev->vm], run->vd[k], entry, ev->vcpu,
                          rw_done, te))
            w->left--;
    }
    rw_done(te, 0);
}

void hx_run__rewrite_free(struct run *run)
{
    for (uint32_t i = 0; run->tev && i < run->scn->nevents; i++) {
        struct rw_window *w = run->tev[i].rw;

        if (!w)
            continue;
        for (unsigned b = 0; b < SIOV_BANK__COUNT; b++) {
            free(w->old[b]);
            free(w->old_ok[b]);
        }
        free(w->s);
        free(w);
        run->tev[i].rw = NULL;
    }
}

/* The migrations' record, at the end of the run. */
void hx_run__migration_finish(struct run *run, struct hx_migration *out)
{
    const struct vmm_stats *vs = vmm_stats(run->vmm);
    uint64_t done = run->mig.migrations - run->mig.unfinished;

    *out = run->mig;
    out->downtime_ns_mean = done ? run->mig_downtime_sum_ns / done : 0;
    out->reprograms = vs->migrate_reprograms;
    out->frees = vs->migrate_frees;
    for (uint32_t i = 0; i < run->scn->ndevices; i++) {
        struct siov_stats ds;

        siov_get_stats(run->dev[i], &ds);
        out->held += ds.migration_held;
    }
}

/* vm_teardown: the guest has given its hypercall pairs back (FREE); the
 * VMM releases what is left behind the VM's devices. */
static void teardown_vmm(void *arg, int status)
{
    struct timed_event *te = arg;

    (void)status;
    (void)vmm_vm_teardown(te->run->vmm, te->run->vm[te->ev->vm]);
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
    if (ev->kind == HX_SCN_EV_SET_AFFINITY || ev->kind == HX_SCN_EV_GUEST_REWRITE)
        hx_rt_change(&run->rt, sim_now(run->sim), hx_run__total_exits(run));
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
            if (ev->kind == HX_SCN_EV_SET_AFFINITY && ev->vcpus)
                (void)guest_set_affinity_lowest(run->guest[vm], run->vd[k], entry,
                                                ev->vcpus, ignore_done, NULL);
            else if (ev->kind == HX_SCN_EV_SET_AFFINITY)
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
    case HX_SCN_EV_REVOKE_HANDLE:
        /* the host revokes the device's handles (all, or the IMS handle
         * of ev->entry); the host driver recovers on INTCAUSE */
        (void)siov_revoke_int_handles(run->dev[ev->device], SIOV_BANK_IMS,
                                      ev->entry == HX_SCN_ALL ? 0 : ev->entry,
                                      ev->entry == HX_SCN_ALL ? UINT32_MAX : 1);
        if (ev->entry == HX_SCN_ALL)
            (void)siov_revoke_int_handles(run->dev[ev->device], SIOV_BANK_MSIX,
                                          0, UINT32_MAX);
        break;
    case HX_SCN_EV_STEAL_PAIR:
        steal_pair(run, ev);
        break;
    case HX_SCN_EV_FORGE_HANDLE:
        forge_handle(run, ev);
        break;
    case HX_SCN_EV_VM_TEARDOWN:
        if (guest_release(run->guest[ev->vm], teardown_vmm, te))
            teardown_vmm(te, 0);
        break;
    case HX_SCN_EV_MIGRATE:
        migrate_start(run, te);
        break;
    case HX_SCN_EV_GUEST_REWRITE:
        rewrite_start(run, te);
        break;
    case HX_SCN_EV_DELAY_IEC_FLUSH:
        vmm_set_iec_flush_delay(run->vmm, SIM_US(ev->delay_us));
        break;
    case HX_SCN_EV_CORRUPT_IRTE:
        for (uint32_t k = 0; k < run->nvd; k++)
            if (event_hits(run, run->vd_assign[k], ev) &&
                (ev->adi == HX_SCN_ALL || run->vd_adi[k] == ev->adi))
                (void)vmm_corrupt_irte(run->vd[k],
                                       (enum vmm_irte_field)ev->field);
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

/* ---- the start of the workload ---------------------------------------------- */

void hx_run__start_workload(struct run *run)
{
    const struct hx_scenario *scn = run->scn;
    sim_time_t s = run->setup_end;
    unsigned k = 0;

    run->exits_at_start = hx_run__total_exits(run);
    run->vmm_at_start = *vmm_stats(run->vmm);
    for (uint32_t w = 0; w < scn->nworkloads; w++) {
        const struct hx_scn_workload *wl = &scn->workloads[w];
        uint32_t lo = wl->adi == HX_SCN_ALL ? 0 : wl->adi;
        uint32_t hi = wl->adi == HX_SCN_ALL ? scn->devices[wl->device].adis : wl->adi + 1;

        if (wl->arrivals == HX_SCN_ARRIVAL_REQUEST_LOOP) {
            k += hi - lo;   /* no arrivals: the guests' loops submit work */
            continue;
        }
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
    if (hx_run__rq_start(run, s))
        run->rq_failed = true;
    for (uint32_t i = 0; i < scn->nevents; i++) {
        run->tev[i].run = run;
        run->tev[i].ev = &scn->events[i];
        (void)sim_schedule_at(run->sim, s + SIM_US(scn->events[i].at_us),
                              SIM_PRIO_SW, fire_event, &run->tev[i], NULL);
    }
    (void)sim_schedule_at(run->sim, s + SIM_US(scn->duration_us), SIM_PRIO_LAST,
                          mark_stop, run, NULL);
}

