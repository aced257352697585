/* SPDX-License-Identifier: MIT */
/*
 * scenario_events.c - the sections workload[], events[], costs and
 * expect[] of a scenario (scenario.c runs them in file order), and the
 * scopes a metric can be computed for.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/scenario_internal.h"

/* workload[@i] with arrivals: request-loop: no rate; its depth and wait. */
static int conv_request_loop(struct hx_scn__conv *c, uint32_t i)
{
    const struct hx_scn__raw_workload *r = &c->raw->workload[i];
    struct hx_scn_workload *w = &c->s->workloads[i];
    char path[HX_SCN__PATH_MAX];

    if (r->rate_hz)
        return hx_scn__at(c, hx_scn__pathf(path, "workload[%u].rate_hz", i),
                          "not with arrivals: request-loop (the completions of "
                          "the submitted work are the arrivals)");
    w->wait = r->wait ? (enum guest_wait)*r->wait : GUEST_WAIT_HLT;
    return hx_scn__opt_u32(c, hx_scn__pathf(path, "workload[%u].queue_depth", i),
                           r->queue_depth, 1, SIOV_WQ_DEPTH, 1, &w->queue_depth);
}

int hx_scn__conv_workload(struct hx_scn__conv *c)
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

        rc = hx_scn__ref_device(c, hx_scn__pathf(path, "workload[%u].device",
                                                 i), r->device,
                                &w->device);
        if (!rc)
            rc = hx_scn__ref_adi(c, hx_scn__pathf(path, "workload[%u].adi", i),
                                 r->adi,
                                 w->device, &w->adi);
        if (rc)
            return rc;
        w->arrivals = r->arrivals ? (enum hx_scn_arrivals)*r->arrivals
                                  : HX_SCN_ARRIVAL_POISSON;
        if (w->arrivals == HX_SCN_ARRIVAL_REQUEST_LOOP) {
            rc = conv_request_loop(c, i);
            if (rc)
                return rc;
        } else if (!r->rate_hz) {
            return hx_scn__missing(c, hx_scn__pathf(path, "workload[%u]", i),
                                   "rate_hz", "%s", "");
        } else if (r->queue_depth || r->wait) {
            return hx_scn__at(c, hx_scn__pathf(path, "workload[%u].%s", i,
                                               r->queue_depth ? "queue_depth" : "wait"),
                              "only with arrivals: request-loop");
        }
        if (!rc && r->rate_hz)
            rc = hx_scn__u64(c, hx_scn__pathf(path, "workload[%u].rate_hz", i),
                             r->rate_hz,
                             1, UINT64_MAX, &w->rate_hz);
        if (rc)
            return rc;
        if (w->rate_hz > HX_SCN_MAX_RATE_HZ)
            return hx_scn__at(c, path, "%llu Hz: the period between arrivals is "
                              "below the event kernel's resolution of 1 ps (at most "
                              "%llu Hz)", (unsigned long long)w->rate_hz,
                              (unsigned long long)HX_SCN_MAX_RATE_HZ);
        rc = hx_scn__opt_u64(c, hx_scn__pathf(path, "workload[%u].start_us", i),
                             r->start_us,
                             0, UINT64_MAX, 0, &w->start_us);
        if (!rc)
            rc = hx_scn__opt_u64(c, hx_scn__pathf(path, "workload[%u].stop_us",
                                                  i), r->stop_us,
                                 0, UINT64_MAX, s->duration_us, &w->stop_us);
        if (rc)
            return rc;
        if (w->stop_us > s->duration_us)
            return hx_scn__at(c, path, "%llu is after duration_us (%llu)",
                              (unsigned long long)w->stop_us,
                              (unsigned long long)s->duration_us);
        if (w->start_us >= w->stop_us) {
            if (r->stop_us)
                return hx_scn__at(c, path, "%llu is not after start_us (%llu)",
                                  (unsigned long long)w->stop_us,
                                  (unsigned long long)w->start_us);
            return hx_scn__at(c, hx_scn__pathf(path, "workload[%u].start_us",
                                               i),
                              "%llu is not before the end of the run "
                              "(duration_us %llu)",
                              (unsigned long long)w->start_us,
                              (unsigned long long)w->stop_us);
        }
        s->nworkloads = i + 1;
    }
    return 0;
}

enum { F_VM = 1, F_VCPU = 2, F_DEVICE = 4, F_ADI = 8, F_ENTRY = 16,
       F_FIELD = 32, F_DELAY = 64, F_FROM = 128, F_IRTE = 256 };
#define N_KEYS 9

/* Which keys each event kind requires and which it also accepts. */
static const struct { uint16_t req, opt; } ev_keys[HX_SCN_EV__COUNT] = {
    [HX_SCN_EV_SET_AFFINITY] = { F_VM | F_VCPU, F_DEVICE | F_ADI | F_ENTRY },
    [HX_SCN_EV_MASK] = { F_DEVICE, F_ADI | F_ENTRY },
    [HX_SCN_EV_UNMASK] = { F_DEVICE, F_ADI | F_ENTRY },
    [HX_SCN_EV_VCPU_HALT] = { F_VM | F_VCPU, 0 },
    [HX_SCN_EV_VCPU_RUN] = { F_VM | F_VCPU, 0 },
    [HX_SCN_EV_VCPU_DESCHEDULE] = { F_VM | F_VCPU, 0 },
    [HX_SCN_EV_REVOKE_HANDLE] = { F_DEVICE, F_ENTRY },
    [HX_SCN_EV_SKIP_IEC_FLUSH] = { 0, F_DEVICE | F_ADI | F_ENTRY },
    [HX_SCN_EV_CORRUPT_IRTE] = { F_DEVICE | F_FIELD, F_ADI },
    [HX_SCN_EV_DEVICE_RESET] = { F_DEVICE, F_ADI },
    [HX_SCN_EV_DELAY_IEC_FLUSH] = { F_DELAY, 0 },
    [HX_SCN_EV_VM_TEARDOWN] = { F_VM, 0 },
    [HX_SCN_EV_STEAL_PAIR] = { F_DEVICE | F_FROM, 0 },
    [HX_SCN_EV_MIGRATE] = { F_VM, 0 },
    [HX_SCN_EV_GUEST_REWRITE] = { F_VM | F_VCPU | F_DEVICE, F_ADI | F_ENTRY },
    [HX_SCN_EV_FORGE_HANDLE] = { F_DEVICE | F_IRTE, F_ENTRY },
};

static bool ev_kind_is_affinity(const struct hx_scn__raw_event *r)
{
    return *r->kind == HX_SCN_EV_SET_AFFINITY;
}

/*
 * set_affinity's vcpus and delivery: a list of distinct vCPUs of the VM
 * (each < 8: the compatibility format's flat logical destination is an
 * 8-bit mask), only with delivery lowest-priority (a fixed multicast is
 * not something the VMM routes); a single vcpu only with delivery fixed.
 */
static int conv_vcpus(struct hx_scn__conv *c, const char *base, uint32_t i,
                      bool bare)
{
    const struct hx_scn__raw_event *r = &c->raw->events[i];
    struct hx_scn_event *ev = &c->s->events[i];
    char path[HX_SCN__PATH_MAX];
    enum hx_scn_delivery dl = r->delivery ? (enum hx_scn_delivery)*r->delivery
                                          : HX_SCN_DELIVERY_FIXED;
    int rc;

    if (!ev_kind_is_affinity(r)) {
        if (r->vcpus || r->delivery)
            return hx_scn__at_key(c, hx_scn__pathf(path, "%s.%s", base,
                                                   r->vcpus ? "vcpus" : "delivery"),
                                  "not used by '%s'",
                                  hx_scn_event_kind_name(ev->kind));
        return 0;
    }
    if (r->vcpus && r->vcpu)
        return hx_scn__at_key(c, hx_scn__pathf(path, "%s.vcpus", base),
                              "give vcpu or vcpus, not both");
    if (!r->vcpus) {
        if (dl == HX_SCN_DELIVERY_LOWEST)
            return hx_scn__at_key(c, hx_scn__pathf(path, "%s.delivery", base),
                                  "lowest-priority needs a list 'vcpus'");
        return 0;
    }
    if (bare)
        return hx_scn__at_key(c, hx_scn__pathf(path, "%s.vcpus", base),
                              "not with personality bare (the host's IR "
                              "domain routes to one CPU)");
    if (dl != HX_SCN_DELIVERY_LOWEST)
        return hx_scn__at_key(c, hx_scn__pathf(path, "%s.vcpus", base),
                              "a set of vCPUs needs delivery: lowest-priority "
                              "(a fixed multicast is not routed)");
    if (!r->vcpus_count)
        return hx_scn__at(c, hx_scn__pathf(path, "%s.vcpus", base),
                          "an empty list");
    for (unsigned k = 0; k < r->vcpus_count; k++) {
        uint32_t n;

        rc = hx_scn__ref_vcpu(c, hx_scn__pathf(path, "%s.vcpus[%u]", base, k),
                              r->vcpus[k], ev->vm, 0, &n);
        if (rc)
            return rc;
        if (n >= 8)
            return hx_scn__at(c, path, "vcpu %u: a flat logical destination "
                              "names vCPUs 0 to 7 only", n);
        if ((ev->vcpus >> n) & 1u)
            return hx_scn__at(c, path, "vcpu %u is listed twice", n);
        ev->vcpus |= UINT32_C(1) << n;
    }
    for (ev->vcpu = 0; !((ev->vcpus >> ev->vcpu) & 1u); ev->vcpu++)
        ;
    return 0;
}

static int conv_event(struct hx_scn__conv *c, uint32_t i)
{
    const struct hx_scn__raw_event *r = &c->raw->events[i];
    struct hx_scn_event *ev = &c->s->events[i];
    const bool bare = c->s->vmm.personality == VMM_BARE;
    static const char *const keys[] = {
        "vm", "vcpu", "device", "adi", "entry", "field", "delay_us",
        "from_device", "irte_index",
    };
    /* a set_affinity's vcpus list stands in for its vcpu (conv_vcpus) */
    const char *vcpu_given = r->vcpus && ev_kind_is_affinity(r) ? "[list]" : r->vcpu;
    const char *given[] = { r->vm, vcpu_given, r->device, r->adi, r->entry,
                            r->field, r->delay_us, r->from_device, r->irte_index };
    char path[HX_SCN__PATH_MAX], base[HX_SCN__PATH_MAX];
    const struct hx_scn__node *nd;
    const char *kname;
    uint16_t req, ok;
    int rc;

    hx_scn__pathf(base, "events[%u]", i);
    nd = hx_scn__index_find(c->ix, base);
    ev->index = i;
    ev->line = nd ? nd->line : 0;
    ev->kind_at = hx_scn__pos(c, hx_scn__pathf(path, "%s.do", base));
    rc = hx_scn__u64(c, hx_scn__pathf(path, "%s.at_us", base), r->at_us, 0,
                     UINT64_MAX,
                     &ev->at_us);
    if (rc)
        return rc;
    if (ev->at_us >= c->s->duration_us)
        return hx_scn__at(c, path, "%llu is not before duration_us (%llu)",
                          (unsigned long long)ev->at_us,
                          (unsigned long long)c->s->duration_us);
    ev->kind = (enum hx_scn_event_kind)*r->kind;
    kname = hx_scn_event_kind_name(ev->kind);
    req = ev_keys[ev->kind].req;
    ok = req | ev_keys[ev->kind].opt;
    if (bare) {
        req &= (uint16_t)~F_VM;
        ok &= (uint16_t)~F_VM;
    }
    if (!r->vcpus && ev_kind_is_affinity(r) &&
        hx_scn__index_find(c->ix, hx_scn__pathf(path, "%s.vcpus", base)))
        return hx_scn__at(c, path, "an empty list (give at least one vCPU)");
    for (int k = 0; k < N_KEYS; k++)
        if (!given[k] && (req & (1 << k)))
            return hx_scn__missing(c, base, keys[k], "(needed by '%s')", kname);
    for (int k = 0; k < N_KEYS; k++) {
        if (given[k] && !(ok & (1 << k))) {
            if (k == 0 && bare)
                return hx_scn__at_key(c, hx_scn__pathf(path, "%s.vm", base),
                                      "not allowed with personality bare "
                                      "(there are no VMs)");
            return hx_scn__at_key(c, hx_scn__pathf(path, "%s.%s", base,
                                                   keys[k]),
                                  "not used by '%s'", kname);
        }
    }
    if (!r->device && (r->adi || r->entry))
        return hx_scn__at_key(c, hx_scn__pathf(path, "%s.%s", base,
                                               r->adi ? "adi" : "entry"),
                              "needs 'device'");

    ev->vm = HX_SCN_NONE;
    ev->vcpu = HX_SCN_NONE;
    ev->vcpus = 0;
    ev->device = HX_SCN_NONE;
    ev->adi = HX_SCN_ALL;
    ev->entry = HX_SCN_ALL;
    ev->field = 0;
    ev->delay_us = 0;
    ev->from_device = HX_SCN_NONE;
    ev->irte_index = 0;
    if (r->irte_index) {
        uint64_t v;

        /* VT-d 5.1.2.1: the handle is 16 bits (the remappable format) */
        if ((rc = hx_scn__u64(c, hx_scn__pathf(path, "%s.irte_index", base),
                              r->irte_index, 0, 65535, &v)))
            return rc;
        ev->irte_index = (uint32_t)v;
    }
    if (r->from_device &&
        (rc = hx_scn__ref_device(c, hx_scn__pathf(path, "%s.from_device", base),
                                 r->from_device, &ev->from_device)))
        return rc;
    if (r->delay_us &&
        (rc = hx_scn__u64(c, hx_scn__pathf(path, "%s.delay_us", base),
                          r->delay_us, 1, UINT32_MAX, &ev->delay_us)))
        return rc;
    if (r->field && prop_enum_parse(&vmm_irte_field_enum, r->field,
                                    &ev->field))
        return hx_scn__at(c, hx_scn__pathf(path, "%s.field", base),
                          "'%s' is not an IRTE field (present, vector, "
                          "destination, sid, svt, mode)", r->field);
    if (ev->kind == HX_SCN_EV_VM_TEARDOWN || ev->kind == HX_SCN_EV_MIGRATE) {
        if (bare)
            return hx_scn__at(c, hx_scn__pathf(path, "%s.do", base),
                              "'%s' needs a VM (personality bare "
                              "has none)", kname);
        if ((rc = hx_scn__ref_vm(c, hx_scn__pathf(path, "%s.vm", base), r->vm,
                                 &ev->vm)))
            return rc;
    }
    if (ok & F_VCPU) {
        if (bare)
            ev->vm = 0;
        else if ((rc = hx_scn__ref_vm(c, hx_scn__pathf(path, "%s.vm", base),
                                      r->vm, &ev->vm)))
            return rc;
        if (!(r->vcpus && ev_kind_is_affinity(r)))
            rc = hx_scn__ref_vcpu(c, hx_scn__pathf(path, "%s.vcpu", base), r->vcpu,
                                  ev->vm, 0,
                                  &ev->vcpu);
        if (rc)
            return rc;
    }
    if ((rc = conv_vcpus(c, base, i, bare)))
        return rc;
    if (r->device) {
        const struct hx_scn_device *d;
        uint32_t n;

        rc = hx_scn__ref_device(c, hx_scn__pathf(path, "%s.device", base),
                                r->device,
                                &ev->device);
        if (!rc)
            rc = hx_scn__ref_adi(c, hx_scn__pathf(path, "%s.adi", base), r->adi,
                                 ev->device,
                                 &ev->adi);
        if (rc || !r->entry)
            return rc;
        d = &c->s->devices[ev->device];
        n = d->model == SIOV_KIND_MSIX ? d->msix_vectors : d->ims_entries;
        rc = hx_scn__opt_u32(c, hx_scn__pathf(path, "%s.entry", base), r->entry,
                             0,
                             UINT32_MAX - 1, 0, &ev->entry);
        if (rc)
            return rc;
        if (ev->entry >= n)
            return hx_scn__at(c, path,
                              "entry %u does not exist (device '%s' has "
                              "%u %s)", ev->entry, d->name, n,
                              d->model == SIOV_KIND_MSIX ? "MSI-X vectors"
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

int hx_scn__conv_events(struct hx_scn__conv *c)
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

int hx_scn__conv_costs(struct hx_scn__conv *c)
{
    const struct hx_scn__raw_costs *r = c->raw->costs;
    char path[HX_SCN__PATH_MAX];
    int rc;

    if (!r)
        return 0;
    for (int i = 0; i < COST__COUNT; i++) {
        if (!r->v[i])
            continue;
        rc = hx_scn__u64(c, hx_scn__pathf(path, "costs.%s",
                                          cost_name((enum cost_id)i)),
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
    case HX_SCN_METRIC_HYPERCALLS_ALLOC:
    case HX_SCN_METRIC_HYPERCALLS_RETARGET:
    case HX_SCN_METRIC_HYPERCALLS_FREE:
        w = "the VMM counts hypercalls for the whole system, not per VM or "
            "device (omit device and vm to check the scenario-wide figure)";
        scopes = 0;
        break;
    case HX_SCN_METRIC_HANDLE_ERRORS:
    case HX_SCN_METRIC_HANDLE_REVOCATIONS:
    case HX_SCN_METRIC_RESUBMITS:
        w = "interrupt-handle counts are kept for the whole system, not per "
            "VM or device (omit device and vm to check the scenario-wide "
            "figure)";
        scopes = 0;
        break;
    case HX_SCN_METRIC_MIGRATIONS:
    case HX_SCN_METRIC_MIGRATION_HELD:
    case HX_SCN_METRIC_MIGRATION_DOWNTIME_NS:
    case HX_SCN_METRIC_TORN_PAIRS:
        w = "migrations and torn pairs are counted for the whole system (omit device and "
            "vm to check the scenario-wide figure)";
        scopes = 0;
        break;
    case HX_SCN_METRIC_BYPASS_SWITCHES:
    case HX_SCN_METRIC_EVENTFD_SIGNALS:
        w = "KVM's irqbypass decisions and eventfd signals are counted for "
            "the whole system, not per VM or device (omit device and vm to "
            "check the scenario-wide figure)";
        scopes = 0;
        break;
    case HX_SCN_METRIC_LEAKED:
        w = "leaked interrupts are counted for the whole system (omit "
            "device and vm to check the scenario-wide figure)";
        scopes = 0;
        break;
    case HX_SCN_METRIC_GUEST_CPU_PER_IRQ_NS:
    case HX_SCN_METRIC_REQUESTS_COMPLETED:
    case HX_SCN_METRIC_REQUESTS_PER_S:
    case HX_SCN_METRIC_REQUEST_P50_NS:
    case HX_SCN_METRIC_REQUEST_P99_NS:
    case HX_SCN_METRIC_REQUEST_MAX_NS:
    case HX_SCN_METRIC_RAISE_TO_APP_P50_NS:
    case HX_SCN_METRIC_RAISE_TO_APP_P99_NS:
    case HX_SCN_METRIC_THROUGHPUT_VS_BARE:
        w = "the CPU cost and request figures are checked for the whole "
            "scenario (each VM's are in its record of results JSON \"vms\"; "
            "omit device and vm)";
        scopes = 0;
        break;
    case HX_SCN_METRIC_IR_FAULT_RECORDS:
    case HX_SCN_METRIC_IR_FAULTS_LOST:
        w = "the remapping unit's fault recording registers serve the whole "
            "system, not a VM or device (omit device and vm to check the "
            "scenario-wide figure)";
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
static int check_scope(struct hx_scn__conv *c, const char *base,
                       const struct hx_scn_expect *x)
{
    char path[HX_SCN__PATH_MAX];
    const char *why;
    unsigned ok = hx_scn_metric_scopes(x->metric, &why);

    if (x->device != HX_SCN_NONE && !(ok & HX_SCN_SCOPE_DEVICE))
        return hx_scn__at(c, hx_scn__pathf(path, "%s.device", base),
                          "metric %s cannot "
                          "be scoped to a device: %s",
                          hx_scn_metric_name(x->metric), why);
    if (x->vm != HX_SCN_NONE && !(ok & HX_SCN_SCOPE_VM))
        return hx_scn__at(c, hx_scn__pathf(path, "%s.vm", base),
                          "metric %s cannot be "
                          "scoped to a VM: %s", hx_scn_metric_name(x->metric),
                          why);
    return 0;
}

int hx_scn__conv_expect(struct hx_scn__conv *c)
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

        hx_scn__pathf(base, "expect[%u]", i);
        nd = hx_scn__index_find(c->ix, base);
        x->line = nd ? nd->line : 0;
        rc = hx_scn__name(c, hx_scn__pathf(path, "%s.rule", base), r->rule,
                          true, x->rule);
        if (rc)
            return rc;
        x->metric = (enum hx_scn_metric)*r->metric;
        x->op = r->op ? (enum hx_scn_op)*r->op : HX_SCN_OP_EQ;
        hx_scn__pathf(path, "%s.value", base);
        if (x->metric == HX_SCN_METRIC_OUTCOME) {
            if (x->op != HX_SCN_OP_EQ && x->op != HX_SCN_OP_NE)
                return hx_scn__at(c, hx_scn__pathf(path, "%s.op", base),
                                  "'%s' does not apply to metric outcome "
                                  "(use eq or ne)", hx_scn_op_name(x->op));
            if (hx_scn__outcome_parse(r->value, &x->outcome))
                return hx_scn__at(c, path, "invalid outcome '%s' (expected one "
                                  "of: %s)", r->value, hx_scn__outcome_list());
        } else {
            char *end;
            double v;

            errno = 0;
            v = strtod(r->value, &end);
            if (hx_scn__quoted(c, path) || end == r->value || *end || errno ||
                !isfinite(v))
                return hx_scn__at(c, path, "metric %s needs a number, got '%s'",
                                  hx_scn_metric_name(x->metric), r->value);
            if (v < 0)
                return hx_scn__at(c, path, "must not be negative (got %s)",
                                  r->value);
            x->value = v;
        }
        x->device = HX_SCN_NONE;
        x->vm = HX_SCN_NONE;
        if (r->device) {
            rc = hx_scn__ref_device(c, hx_scn__pathf(path, "%s.device", base),
                                    r->device,
                                    &x->device);
            if (rc)
                return rc;
        }
        if (r->vm) {
            rc = hx_scn__ref_vm(c, hx_scn__pathf(path, "%s.vm", base), r->vm,
                                &x->vm);
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

