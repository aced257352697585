/* SPDX-License-Identifier: MIT */
/*
 * runner_vms.c - per-vCPU counters summed, and one record per VM of a run
 * with several VMs (runner_vms.h).
 */
#include "harness/runner_vms.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "models/apic/apic.h"
#include "models/guest/irqdomain.h"
#include "models/props.h"

void hx_collect_vcpus(struct vm *const *vm, unsigned nvm, struct hx_vcpu_dyn *d)
{
    uint64_t wsum = 0;

    for (unsigned i = 0; i < nvm; i++) {
        for (unsigned c = 0; c < vmm_vm_nvcpu(vm[i]); c++) {
            const struct vcpu *v = vmm_vcpu(vm[i], c);
            const struct vcpu_stats *st;

            if (!v)
                continue;   /* bare: the host's CPUs */
            st = vcpu_stats(v);
            d->preemptions += st->sched_preempted;
            d->wakeups += st->wake_lat_n;
            wsum += st->wake_lat_sum_ps;
            if (st->wake_lat_max_ps / 1000 > d->wakeup_max_ns)
                d->wakeup_max_ns = st->wake_lat_max_ps / 1000;
            d->halt_polls += st->halt_polls;
            d->halt_poll_hits += st->halt_poll_hits;
            d->runqueue_wait_ns += st->sched_wait_ps / 1000;
        }
    }
    if (d->wakeups)
        d->wakeup_mean_ns = wsum / d->wakeups / 1000;
}

/* Fold the open change into the totals. */
static void rt_close(struct hx_rt_meter *m)
{
    uint64_t d;

    if (!m->open)
        return;
    m->open = false;
    if (!m->moved) {
        m->r.unfinished++;
        return;
    }
    d = m->t_last - m->t_change;
    m->sum_ps += d;
    if (d > m->max_ps)
        m->max_ps = d;
    m->r.exits += m->exits_last - m->exits_change;
}

void hx_rt_change(struct hx_rt_meter *m, uint64_t t_ps, uint64_t exits)
{
    rt_close(m);
    m->r.changes++;
    m->open = true;
    m->moved = false;
    m->t_change = m->t_last = t_ps;
    m->exits_change = m->exits_last = exits;
}

void hx_rt_moved(struct hx_rt_meter *m, uint64_t t_ps, uint64_t exits)
{
    m->r.moves++;
    if (!m->open)
        return;     /* a move no event asked for (not measured) */
    m->moved = true;
    m->t_last = t_ps;
    m->exits_last = exits;
}

void hx_rt_finish(struct hx_rt_meter *m, struct hx_retarget *out)
{
    rt_close(m);
    *out = m->r;
    if (m->r.changes > m->r.unfinished) {
        out->time_ns_mean = m->sum_ps / (m->r.changes - m->r.unfinished) / 1000;
        out->time_ns_max = m->max_ps / 1000;
    }
}

static uint64_t vm_exits(struct vm *vm)
{
    uint64_t n = 0;

    for (unsigned c = 0; c < vmm_vm_nvcpu(vm); c++) {
        const struct vcpu *v = vmm_vcpu(vm, c);

        if (v)
            n += vcpu_stats(v)->exits_total;
    }
    return n;
}

int hx_collect_vms(const struct hx_scenario *scn, struct vm *const *vm,
                   hx_scope_fn scope, void *ctx, struct hx_result *r)
{
    struct hx_result *s;
    int rc = 0;

    r->n_vms = 0;
    if (scn->nvms < 2)
        return 0;
    s = malloc(sizeof(*s));     /* struct hx_result is large */
    if (!s)
        return -ENOMEM;
    for (uint32_t i = 0; i < scn->nvms && i < HX_MAX_VM_RECORDS; i++) {
        struct hx_vm_result *o = &r->vms[r->n_vms];

        rc = scope(ctx, HX_SCN_NONE, i, s);
        if (rc)
            break;
        memset(o, 0, sizeof(*o));
        hx_str_copy(o->name, sizeof(o->name), scn->vms[i].name);
        hx_str_copy(o->guest, sizeof(o->guest),
                    prop_enum_name(&guest_policy_enum, scn->vms[i].guest));
        o->outcome = s->outcome;
        o->raised = s->raised;
        o->delivered = s->delivered;
        o->misrouted = s->misrouted;
        o->leaked = s->leaked;
        o->faulted = s->faulted;
        o->lost = s->lost + s->refused;
        o->spurious = s->spurious;
        o->latency = s->latency;
        o->vcpu_exits = vm_exits(vm[i]);
        r->n_vms++;
    }
    free(s);
    return rc;
}
