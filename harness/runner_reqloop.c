/* SPDX-License-Identifier: MIT */
/*
 * runner_reqloop.c - the request loops of a run (workload arrivals:
 * request-loop): which VMs run them, their start, the evidence of each
 * completion the applications saw (latency from submission and from the
 * raise), and what handling interrupts cost the CPUs (docs/request-loop.md).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/isolate.h"
#include "harness/runner_internal.h"
#include "models/apic/apic.h"
#include "models/guest/guest.h"
#include "results/hist.h"

/* Raises whose handler ran on (vm, cpu) since its application last looked. */
struct rq_pending {
    int vm;
    unsigned cpu;
    sim_time_t *t;
    size_t n, cap;
};

struct hx_rqmeter {
    struct hx_hist lat, app;          /* the whole run */
    struct hx_hist *vlat, *vapp;      /* by VM (bare: the host, 0) */
    uint64_t *vcompleted;
    unsigned nvm;
    struct rq_pending *p;
    size_t np, capp;
    bool oom;
};

static bool is_loop(const struct hx_scn_workload *w)
{
    return w->arrivals == HX_SCN_ARRIVAL_REQUEST_LOOP;
}

/* Does request-loop workload @w cover ADI @adi of @dev? */
static bool covers(const struct hx_scn_workload *w, uint32_t dev, uint32_t adi)
{
    return is_loop(w) && w->device == dev && (w->adi == HX_SCN_ALL || w->adi == adi);
}

bool hx_run__rq_vm(const struct run *run, uint32_t vm)
{
    const struct hx_scenario *scn = run->scn;

    for (uint32_t i = 0; i < scn->nassigns; i++) {
        const struct hx_scn_assign *a = &scn->assigns[i];

        if (a->vm != vm)
            continue;
        for (uint32_t w = 0; w < scn->nworkloads; w++) {
            const struct hx_scn_workload *wl = &scn->workloads[w];

            if (is_loop(wl) && wl->device == a->device &&
                (wl->adi == HX_SCN_ALL || a->adi == HX_SCN_ALL || wl->adi == a->adi))
                return true;
        }
    }
    return false;
}

int hx_run__rq_init(struct run *run)
{
    struct hx_rqmeter *m;
    bool any = false;

    for (uint32_t w = 0; w < run->scn->nworkloads; w++)
        any |= is_loop(&run->scn->workloads[w]);
    if (!any)
        return 0;
    m = calloc(1, sizeof(*m));
    if (!m)
        return -ENOMEM;
    m->nvm = run->scn->nvms ? run->scn->nvms : 1;
    m->vlat = calloc(m->nvm, sizeof(*m->vlat));
    m->vapp = calloc(m->nvm, sizeof(*m->vapp));
    m->vcompleted = calloc(m->nvm, sizeof(*m->vcompleted));
    run->rq = m;
    if (!m->vlat || !m->vapp || !m->vcompleted)
        return -ENOMEM;
    return 0;
}

void hx_run__rq_free(struct run *run)
{
    struct hx_rqmeter *m = run->rq;

    if (!m)
        return;
    hx_hist_free(&m->lat);
    hx_hist_free(&m->app);
    for (unsigned i = 0; m->vlat && i < m->nvm; i++)
        hx_hist_free(&m->vlat[i]);
    for (unsigned i = 0; m->vapp && i < m->nvm; i++)
        hx_hist_free(&m->vapp[i]);
    for (size_t i = 0; i < m->np; i++)
        free(m->p[i].t);
    free(m->p);
    free(m->vlat);
    free(m->vapp);
    free(m->vcompleted);
    free(m);
    run->rq = NULL;
}

int hx_run__rq_start(struct run *run, sim_time_t s)
{
    const struct hx_scenario *scn = run->scn;
    int rc;

    if (!run->rq)
        return 0;
    for (uint32_t k = 0; k < run->nvd; k++) {
        const struct hx_scn_assign *a = &scn->assigns[run->vd_assign[k]];

        for (uint32_t w = 0; w < scn->nworkloads; w++) {
            const struct hx_scn_workload *wl = &scn->workloads[w];

            if (!covers(wl, a->device, run->vd_adi[k]))
                continue;
            rc = guest_reqloop_add(run->guest[a->vm], run->vd[k], wl->queue_depth,
                                   wl->wait, s + SIM_US(wl->start_us),
                                   s + SIM_US(wl->stop_us));
            /* -ENOENT: the driver set up no interrupt; nothing to wait for */
            if (rc && rc != -ENOENT)
                return rc;
        }
    }
    for (uint32_t i = 0; i < run->nvm; i++)
        guest_reqloop_start(run->guest[i]);
    return 0;
}

static struct rq_pending *pending_of(struct hx_rqmeter *m, int vm, unsigned cpu)
{
    struct rq_pending *np;

    for (size_t i = 0; i < m->np; i++)
        if (m->p[i].vm == vm && m->p[i].cpu == cpu)
            return &m->p[i];
    if (m->np == m->capp) {
        size_t cap = m->capp ? 2 * m->capp : 8;

        np = realloc(m->p, cap * sizeof(*np));
        if (!np)
            return NULL;
        m->p = np;
        m->capp = cap;
    }
    m->p[m->np] = (struct rq_pending){ .vm = vm, .cpu = cpu };
    return &m->p[m->np++];
}

void hx_run__rq_handler(struct run *run, int vm, unsigned cpu,
                        const struct irq_tag *tags, size_t n)
{
    struct hx_rqmeter *m = run->rq;
    struct rq_pending *p;

    if (!m || !n || !(p = pending_of(m, vm, cpu))) {
        if (m && n)
            m->oom = true;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        sim_time_t t;

        if (!hx_ev_in_flight(run->ev, tags[i].seq, NULL, &t))
            continue;
        if (p->n == p->cap) {
            size_t cap = p->cap ? 2 * p->cap : 16;
            sim_time_t *nt = realloc(p->t, cap * sizeof(*nt));

            if (!nt) {
                m->oom = true;
                return;
            }
            p->t = nt;
            p->cap = cap;
        }
        p->t[p->n++] = t;
    }
}

/* ps -> ns, nearest (as the raise-to-handler latency) */
static void add(struct hx_rqmeter *m, struct hx_hist *h, sim_time_t d)
{
    if (hx_hist_add(h, (d + 500) / 1000))
        m->oom = true;
}

void hx_run__rq_complete(struct run *run, int vm, unsigned cpu,
                         const sim_time_t *submitted, size_t n)
{
    struct hx_rqmeter *m = run->rq;
    sim_time_t now = sim_now(run->sim);
    unsigned slot = vm < 0 ? 0 : (unsigned)vm;
    struct rq_pending *p;

    if (!m || slot >= m->nvm)
        return;
    m->vcompleted[slot] += n;
    for (size_t i = 0; i < n; i++) {
        add(m, &m->lat, now - submitted[i]);
        add(m, &m->vlat[slot], now - submitted[i]);
    }
    p = pending_of(m, vm, cpu);
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++) {
        add(m, &m->app, now - p->t[i]);
        add(m, &m->vapp[slot], now - p->t[i]);
    }
    p->n = 0;
}

static void fill_lat(struct hx_latency *l, const struct hx_hist *h)
{
    l->n = h->n;
    l->p50_ns = hx_hist_pct(h, 50);
    l->p99_ns = hx_hist_pct(h, 99);
    l->max_ns = h->max;
}

/* The guest CPU time VM @vm lost to interrupts (bare: the host's pCPUs). */
static sim_time_t vm_cpu_ps(const struct run *run, uint32_t vm)
{
    sim_time_t ps = 0;

    if (run->scn->vms[vm].host) {
        for (uint32_t c = 0; c < run->scn->platform.pcpus; c++)
            ps += pcpu_stats(run->pcpu[c])->host_handler_ps;
        return ps;
    }
    for (unsigned c = 0; c < vmm_vm_nvcpu(run->vm[vm]); c++) {
        const struct vcpu *v = vmm_vcpu(run->vm[vm], c);

        if (v)
            ps += vcpu_irq_cost_ps(vcpu_stats(v));
    }
    return ps;
}

static void cpu_cost(struct hx_cpu_cost *c, sim_time_t ps, uint64_t delivered)
{
    c->lost_ns = ps / 1000;
    c->per_irq_ns = delivered ? ps / delivered / 1000 : 0;
}

static void requests(const struct run *run, struct hx_requests *q, uint64_t completed,
                     const struct hx_hist *lat, const struct hx_hist *app)
{
    uint64_t us = run->scn->duration_us;

    q->completed = completed;
    q->per_s = us ? completed * UINT64_C(1000000) / us : 0;
    fill_lat(&q->latency, lat);
    fill_lat(&q->raise_to_app, app);
}

int hx_run__rq_collect(struct run *run, struct hx_result *r)
{
    struct hx_rqmeter *m = run->rq;
    sim_time_t ps = 0;

    for (uint32_t i = 0; i < run->scn->nvms; i++) {
        sim_time_t v = vm_cpu_ps(run, i);

        ps += v;
        if (i < r->n_vms)
            cpu_cost(&r->vms[i].cpu, v, r->vms[i].delivered);
    }
    cpu_cost(&r->cpu, ps, r->delivered);
    if (!m)
        return 0;
    for (uint32_t i = 0; i < run->nvm; i++) {
        struct guest_reqloop_stats st;

        guest_reqloop_stats(run->guest[i], &st);
        r->requests.submitted += st.submitted;
        if (i < r->n_vms) {
            r->vms[i].requests.submitted = st.submitted;
            requests(run, &r->vms[i].requests, m->vcompleted[i], &m->vlat[i],
                     &m->vapp[i]);
        }
    }
    requests(run, &r->requests, m->lat.n, &m->lat, &m->app);
    return m->oom ? -ENOMEM : 0;
}

/* ---- the bare-metal baseline (scenario baseline: bare) ---------------------- */

struct base_arg {
    const struct hx_scenario *scn;
    struct hx_run_opts opts;
};

struct base_out {
    int rc;
    struct hx_result r;
    char err[256];
};

static int base_child(void *arg, void *out, size_t outlen)
{
    const struct base_arg *a = arg;
    struct base_out *o = out;

    (void)outlen;
    memset(o, 0, sizeof(*o));
    o->rc = hx_run_scenario(a->scn, &a->opts, &o->r, o->err, sizeof(o->err));
    return 0;
}

int hx_run__baseline(const struct hx_scenario *scn, const struct hx_run_opts *opts,
                     uint64_t seed, uint64_t *per_s, char *err, size_t errlen)
{
    struct hx_scenario b = *scn;
    struct hx_scn_vm host = { .name = "host", .vcpus = scn->platform.pcpus,
                              .guest = GUEST_POLICY_LINUX_6_2, .host = true };
    struct hx_scn_assign *as;
    struct base_arg a = { .scn = &b, .opts = *opts };
    struct base_out *o;
    int rc;

    if (scn->baseline != HX_SCN_BASELINE_BARE)
        return 0;
    as = calloc(scn->nassigns, sizeof(*as));
    o = malloc(sizeof(*o));
    if (!as || !o) {
        free(as);
        free(o);
        return -ENOMEM;
    }
    for (uint32_t c = 0; c < host.vcpus && c < HX_SCN_MAX_VCPUS; c++)
        host.pcpu[c] = c;
    /* the same devices, workload and seed; the host's driver takes each
     * assignment, its interrupt on the pCPU the VM's vCPU had as home */
    for (uint32_t i = 0; i < scn->nassigns; i++) {
        as[i] = scn->assigns[i];
        as[i].vm = 0;
        as[i].mode = VMM_ASSIGN_PASSTHROUGH;
        as[i].vcpu = scn->vms[scn->assigns[i].vm].pcpu[scn->assigns[i].vcpu];
    }
    b.vmm.personality = VMM_BARE;
    b.vmm.msix = VMM_MSIX_NATIVE;
    b.vmm.ims = VMM_IMS_NONE;
    b.vmm.cap = VMM_CAP_AUTO;
    b.vmm.viommu = false;
    b.vmm.posted = false;
    b.vmm.nested = false;
    b.costs.nested_factor = 1;
    b.vms = &host;
    b.nvms = 1;
    b.assigns = as;
    b.events = NULL;        /* the workload only: no VM's timed actions */
    b.nevents = 0;
    b.expects = NULL;
    b.nexpects = 0;
    b.baseline = HX_SCN_BASELINE_NONE;
    a.opts.seed_set = true;
    a.opts.seed = seed;
    a.opts.trace = NULL;
    a.opts.trace_out = NULL;
    rc = hx_isolate(base_child, &a, o, sizeof(*o));
    if (!rc && o->rc)
        rc = o->rc;
    if (rc)
        snprintf(err, errlen, "bare-metal baseline: %s", o->err[0] ? o->err : strerror(-rc));
    else
        *per_s = o->r.requests.per_s;
    free(as);
    free(o);
    return rc;
}
