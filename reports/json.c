/* SPDX-License-Identifier: MIT */
/* json.c - the results JSON (imslab.results/2, docs/results-schema.md). */
#include "reports/report.h"
#include "reports/rpt_internal.h"

#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

/*
 * Dump flags.  Indented, keys in insertion order (the order below is the
 * schema's).  Reals print with "%.15g" (jansson's default is "%.17g"); the
 * only real, exits_per_irq, is first rounded to 6 decimals, and any such
 * value below 10^9 prints exactly with its 6 decimals (0.333333, 2.0).
 */
#define DUMP_FLAGS (JSON_INDENT(2) | JSON_REAL_PRECISION(15))

/* Builder state: the first error sticks; later puts are no-ops on NULL. */
struct jb {
    int err;
};

static void fail(struct jb *b, int err)
{
    if (!b->err)
        b->err = err;
}

/* Steals @v (json_object_set_new does, also on failure). */
static void put(struct jb *b, json_t *obj, const char *key, json_t *v)
{
    if (!v) {
        fail(b, -ENOMEM);
        return;
    }
    if (json_object_set_new(obj, key, v))
        fail(b, -ENOMEM);
}

static void append(struct jb *b, json_t *arr, json_t *v)
{
    if (!v) {
        fail(b, -ENOMEM);
        return;
    }
    if (json_array_append_new(arr, v))
        fail(b, -ENOMEM);
}

static json_t *u64(struct jb *b, uint64_t v)
{
    if (v > (uint64_t)INT64_MAX) {   /* json_int_t is long long */
        fail(b, -ERANGE);
        return NULL;
    }
    return json_integer((json_int_t)v);
}

#define PUT_TEXT(b, obj, r, field) \
    put((b), (obj), #field, rpt__json_text((r)->field, sizeof((r)->field)))
#define PUT_U64(b, obj, r, field) put((b), (obj), #field, u64((b), (r)->field))

/* "setup": the set-up's time and what it took (always present). */
static json_t *setup(struct jb *b, const struct hx_setup *s)
{
    json_t *o = json_object();

    put(b, o, "time_ns", u64(b, s->time_ns));
    put(b, o, "exits", u64(b, s->exits));
    put(b, o, "hypercalls", u64(b, s->hypercalls));
    put(b, o, "iec_flushes", u64(b, s->iec_flushes));
    put(b, o, "route_commits", u64(b, s->route_commits));
    return o;
}

/* "retarget": only when the scenario changed an affinity. */
static json_t *retarget(struct jb *b, const struct hx_retarget *t)
{
    json_t *o = json_object(), *tm = json_object();

    put(b, o, "changes", u64(b, t->changes));
    put(b, o, "moves", u64(b, t->moves));
    put(b, o, "unfinished", u64(b, t->unfinished));
    put(b, tm, "mean", u64(b, t->time_ns_mean));
    put(b, tm, "max", u64(b, t->time_ns_max));
    put(b, o, "time_ns", tm);
    put(b, o, "exits", u64(b, t->exits));
    return o;
}

/* "migration": only when the scenario migrated a VM. */
static json_t *migration(struct jb *b, const struct hx_migration *m)
{
    json_t *o = json_object(), *tm = json_object();

    put(b, o, "migrations", u64(b, m->migrations));
    put(b, o, "unfinished", u64(b, m->unfinished));
    put(b, o, "held", u64(b, m->held));
    put(b, tm, "mean", u64(b, m->downtime_ns_mean));
    put(b, tm, "max", u64(b, m->downtime_ns_max));
    put(b, o, "downtime_ns", tm);
    put(b, o, "exits", u64(b, m->exits));
    put(b, o, "hypercalls", u64(b, m->hypercalls));
    put(b, o, "reprograms", u64(b, m->reprograms));
    put(b, o, "frees", u64(b, m->frees));
    return o;
}

/* "rewrite": only when the scenario rewrote a live pair. */
static json_t *rewrite(struct jb *b, const struct hx_rewrite *w)
{
    json_t *o = json_object();

    put(b, o, "rewrites", u64(b, w->rewrites));
    put(b, o, "sent", u64(b, w->sent));
    put(b, o, "torn", u64(b, w->torn));
    return o;
}

static json_t *latency(struct jb *b, const struct hx_latency *l)
{
    json_t *o = json_object();

    put(b, o, "p50", u64(b, l->p50_ns));
    put(b, o, "p99", u64(b, l->p99_ns));
    put(b, o, "max", u64(b, l->max_ns));
    put(b, o, "n", u64(b, l->n));
    return o;
}

/* "guest_cpu": only when handling interrupts took CPU time. */
static json_t *cpu_cost(struct jb *b, const struct hx_cpu_cost *c)
{
    json_t *o = json_object();

    put(b, o, "lost_ns", u64(b, c->lost_ns));
    put(b, o, "per_irq_ns", u64(b, c->per_irq_ns));
    return o;
}

/* "requests": only when the run had request loops. */
static json_t *requests(struct jb *b, const struct hx_requests *q)
{
    json_t *o = json_object();

    put(b, o, "submitted", u64(b, q->submitted));
    put(b, o, "completed", u64(b, q->completed));
    put(b, o, "per_s", u64(b, q->per_s));
    put(b, o, "latency_ns", latency(b, &q->latency));
    put(b, o, "raise_to_app_ns", latency(b, &q->raise_to_app));
    if (q->vs_bare_milli)
        put(b, o, "throughput_vs_bare", json_real((double)q->vs_bare_milli / 1000.0));
    return o;
}

/* One VM of a run with several ("vms", present only then). */
static json_t *vm_record(struct jb *b, const struct hx_vm_result *v)
{
    json_t *o = json_object(), *lat = json_object();

    put(b, o, "name", rpt__json_text(v->name, sizeof(v->name)));
    put(b, o, "guest", rpt__json_text(v->guest, sizeof(v->guest)));
    put(b, o, "outcome", json_string(hx_outcome_name(v->outcome)));
    put(b, o, "raised", u64(b, v->raised));
    put(b, o, "delivered", u64(b, v->delivered));
    put(b, o, "misrouted", u64(b, v->misrouted));
    put(b, o, "leaked", u64(b, v->leaked));
    put(b, o, "faulted", u64(b, v->faulted));
    put(b, o, "lost", u64(b, v->lost));
    put(b, o, "spurious", u64(b, v->spurious));
    put(b, lat, "p50", u64(b, v->latency.p50_ns));
    put(b, lat, "p99", u64(b, v->latency.p99_ns));
    put(b, lat, "max", u64(b, v->latency.max_ns));
    put(b, lat, "n", u64(b, v->latency.n));
    put(b, o, "latency_ns", lat);
    put(b, o, "vcpu_exits", u64(b, v->vcpu_exits));
    if (v->cpu.lost_ns)
        put(b, o, "guest_cpu", cpu_cost(b, &v->cpu));
    if (v->requests.submitted)
        put(b, o, "requests", requests(b, &v->requests));
    return o;
}

/* "vcpus": present only when a vCPU was preempted, woken or polled, so the
 * records of runs without any are those of earlier versions. */
static json_t *vcpu_dyn(struct jb *b, const struct hx_vcpu_dyn *d)
{
    json_t *o = json_object(), *w = json_object();

    put(b, o, "preemptions", u64(b, d->preemptions));
    put(b, o, "wakeups", u64(b, d->wakeups));
    put(b, w, "mean", u64(b, d->wakeup_mean_ns));
    put(b, w, "max", u64(b, d->wakeup_max_ns));
    put(b, o, "wakeup_ns", w);
    put(b, o, "halt_polls", u64(b, d->halt_polls));
    put(b, o, "halt_poll_hits", u64(b, d->halt_poll_hits));
    put(b, o, "runqueue_wait_ns", u64(b, d->runqueue_wait_ns));
    return o;
}

/* "irq_path": present only when one of its counts is not 0, so the
 * records of runs with neither injection nor a KVM route are those of
 * earlier versions. */
static bool irq_path_any(const struct hx_irq_path *p)
{
    return p->host_irqs || p->eventfd_signals || p->irqfd_wakeups ||
           p->kicks || p->pi_ipis || p->bypass_connects || p->bypass_updates ||
           p->bypass_posted || p->bypass_remapped || p->bypass_switches;
}

static json_t *irq_path(struct jb *b, const struct hx_irq_path *p)
{
    json_t *o = json_object(), *bp = json_object();

    put(b, o, "host_irqs", u64(b, p->host_irqs));
    put(b, o, "eventfd_signals", u64(b, p->eventfd_signals));
    put(b, o, "irqfd_wakeups", u64(b, p->irqfd_wakeups));
    put(b, o, "kicks", u64(b, p->kicks));
    put(b, o, "pi_ipis", u64(b, p->pi_ipis));
    put(b, bp, "connects", u64(b, p->bypass_connects));
    put(b, bp, "updates", u64(b, p->bypass_updates));
    put(b, bp, "posted", u64(b, p->bypass_posted));
    put(b, bp, "remapped", u64(b, p->bypass_remapped));
    put(b, bp, "switches", u64(b, p->bypass_switches));
    put(b, o, "irqbypass", bp);
    return o;
}

/* exits_steady / raised rounded half up to 6 decimals; 0 with nothing raised. */
static json_t *per_irq(const struct hx_result *r)
{
    unsigned __int128 micro = 0;

    if (r->raised)
        micro = ((unsigned __int128)r->exits_steady * 2000000 + r->raised) /
                ((unsigned __int128)r->raised * 2);
    return json_real((double)micro / 1e6);
}

static json_t *expectation(struct jb *b, const struct hx_expect_result *e)
{
    json_t *o = json_object();

    PUT_TEXT(b, o, e, rule);
    PUT_TEXT(b, o, e, metric);
    PUT_TEXT(b, o, e, op);
    PUT_TEXT(b, o, e, expected);
    PUT_TEXT(b, o, e, actual);
    PUT_TEXT(b, o, e, scope);
    put(b, o, "verdict",
        json_string(e->verdict == HX_VERDICT_PASS ? "pass" : "fail"));
    return o;
}

/* {"LOW": N, ...}: the non-empty bins of the distribution, by their lowest
 * value (0, then 2, 4, 8, ... ns: bin k holds [2^k, 2^(k+1)), bin 0 also 0). */
static json_t *latency_hist(struct jb *b, const struct hx_result *r)
{
    json_t *h = json_object();

    for (unsigned k = 0; k < HX_LATENCY_BINS; k++) {
        char key[24];

        if (!r->latency_log2[k])
            continue;
        snprintf(key, sizeof(key), "%" PRIu64, k ? UINT64_C(1) << k : 0);
        put(b, h, key, u64(b, r->latency_log2[k]));
    }
    return h;
}

static json_t *record(struct jb *b, const struct hx_result *r)
{
    json_t *o = json_object(), *exits = json_object(), *faults = json_object();
    json_t *lat = json_object(), *ex = json_array(), *steady = json_object();
    char hash[24];

    PUT_TEXT(b, o, r, name);
    PUT_TEXT(b, o, r, file);
    PUT_U64(b, o, r, seed);
    PUT_TEXT(b, o, r, personality);
    PUT_TEXT(b, o, r, policy);
    PUT_TEXT(b, o, r, guest);
    PUT_TEXT(b, o, r, device);
    PUT_TEXT(b, o, r, assignment);
    PUT_TEXT(b, o, r, path);
    put(b, o, "outcome", json_string(hx_outcome_name(r->outcome)));
    put(b, o, "ims_used", json_boolean(r->ims_used));
    put(b, o, "fallback", json_boolean(r->fallback));
    put(b, o, "cap_advertised", json_boolean(r->cap_advertised));
    PUT_TEXT(b, o, r, note);
    if (r->skipped[0])          /* only on a skipped scenario */
        PUT_TEXT(b, o, r, skipped);

    PUT_U64(b, o, r, raised);
    PUT_U64(b, o, r, delivered);
    PUT_U64(b, o, r, misrouted);
    PUT_U64(b, o, r, leaked);
    PUT_U64(b, o, r, faulted);
    PUT_U64(b, o, r, lost);
    PUT_U64(b, o, r, duplicated);
    PUT_U64(b, o, r, spurious);
    PUT_U64(b, o, r, refused);

    for (int i = 0; i < HX_EXIT__COUNT; i++)
        put(b, exits, hx_exit_name((enum hx_exit_reason)i), u64(b, r->exits[i]));
    put(b, o, "exits", exits);
    PUT_U64(b, o, r, exits_total);
    PUT_U64(b, o, r, exits_steady);
    for (int i = 0; i < HX_EXIT__COUNT; i++)
        put(b, steady, hx_exit_name((enum hx_exit_reason)i),
            u64(b, r->exits_steady_by[i]));
    put(b, o, "exits_steady_by_reason", steady);
    put(b, o, "exits_per_irq", per_irq(r));
    PUT_U64(b, o, r, ims_write_traps);
    PUT_U64(b, o, r, msix_write_traps);
    PUT_U64(b, o, r, hypercalls);
    if (r->hypercalls) {
        json_t *ops = json_object();

        put(b, ops, "alloc", u64(b, r->hypercalls_alloc));
        put(b, ops, "retarget", u64(b, r->hypercalls_retarget));
        put(b, ops, "free", u64(b, r->hypercalls_free));
        put(b, o, "hypercalls_by_op", ops);
    }
    if (r->untrapped) {
        json_t *u = json_object();

        put(b, u, "raises", u64(b, r->untrapped));
        for (int i = HX_FATE_DELIVERED; i < HX_FATE__COUNT; i++)
            put(b, u, hx_fate_name((enum hx_irq_fate)i), u64(b, r->untrapped_fates[i]));
        put(b, o, "untrapped_pairs", u);
    }
    put(b, o, "setup", setup(b, &r->setup));
    if (r->retarget.changes)
        put(b, o, "retarget", retarget(b, &r->retarget));
    if (r->migration.migrations)
        put(b, o, "migration", migration(b, &r->migration));
    if (r->rewrite.rewrites)
        put(b, o, "rewrite", rewrite(b, &r->rewrite));

    for (int i = 0; i < HX_IR_FAULT_N; i++) {
        char key[8];

        /* reasons after 0x26 only when they happened (compatible keys) */
        if (HX_IR_FAULT_FIRST + i > HX_IR_FAULT_ALWAYS_LAST && !r->ir_faults[i])
            continue;
        snprintf(key, sizeof(key), "0x%02x", HX_IR_FAULT_FIRST + i);
        put(b, faults, key, u64(b, r->ir_faults[i]));
    }
    put(b, o, "ir_faults", faults);
    PUT_U64(b, o, r, ir_fault_records);

    put(b, lat, "p50", u64(b, r->latency.p50_ns));
    put(b, lat, "p99", u64(b, r->latency.p99_ns));
    put(b, lat, "max", u64(b, r->latency.max_ns));
    put(b, lat, "n", u64(b, r->latency.n));
    put(b, o, "latency_ns", lat);
    put(b, o, "latency_hist_ns", latency_hist(b, r));
    if (r->vcpus.preemptions || r->vcpus.wakeups || r->vcpus.halt_polls)
        put(b, o, "vcpus", vcpu_dyn(b, &r->vcpus));
    if (r->cpu.lost_ns)
        put(b, o, "guest_cpu", cpu_cost(b, &r->cpu));
    if (r->requests.submitted)
        put(b, o, "requests", requests(b, &r->requests));
    if (irq_path_any(&r->irq_path))
        put(b, o, "irq_path", irq_path(b, &r->irq_path));
    if (r->discovery.cpuid_exits || r->discovery.iommu_reg_exits) {
        /* only when a guest read something: bare-metal records as before */
        json_t *d = json_object();

        put(b, d, "cpuid_exits", u64(b, r->discovery.cpuid_exits));
        put(b, d, "iommu_reg_exits", u64(b, r->discovery.iommu_reg_exits));
        put(b, o, "discovery", d);
    }
    if (r->n_vms) {
        json_t *vms = json_array();

        for (size_t k = 0; k < r->n_vms && k < HX_MAX_VM_RECORDS; k++)
            append(b, vms, vm_record(b, &r->vms[k]));
        put(b, o, "vms", vms);
    }

    PUT_U64(b, o, r, sim_end_ps);
    PUT_U64(b, o, r, events);
    snprintf(hash, sizeof(hash), "0x%016llx", (unsigned long long)r->trace_hash);
    put(b, o, "trace_hash", json_string(hash));

    for (size_t k = 0; k < r->n_expect; k++)
        append(b, ex, expectation(b, &r->expect[k]));
    put(b, o, "expectations", ex);
    return o;
}

static json_t *document(struct jb *b, const struct hx_result *res, size_t n,
                        const struct rpt_run_meta *meta)
{
    json_t *root = json_object(), *arr = json_array(), *sum = json_object();
    const char *tool = meta->tool ? meta->tool : "imslab " IMSLAB_VERSION;
    struct rpt_tally t;

    put(b, root, "schema", json_string(HX_RESULTS_SCHEMA));
    put(b, root, "tool", rpt__json_text(tool, SIZE_MAX));
    put(b, root, "seed", u64(b, meta->seed));
    put(b, root, "suite", rpt__json_text(meta->suite, SIZE_MAX));
    for (size_t i = 0; i < n; i++)
        append(b, arr, record(b, &res[i]));
    put(b, root, "scenarios", arr);

    rpt_tally(res, n, &t);
    put(b, sum, "scenarios", u64(b, t.scenarios));
    put(b, sum, "expectations", u64(b, t.expectations));
    put(b, sum, "failed", u64(b, t.failed));
    put(b, sum, "skipped", u64(b, t.skipped));
    put(b, root, "summary", sum);
    return root;
}

int rpt_json_write(FILE *out, const struct hx_result *res, size_t n,
                   const struct rpt_run_meta *meta)
{
    struct jb b = { 0 };
    json_t *root;

    if (!out || (!res && n) || !meta || !meta->suite)
        return -EINVAL;
    if (meta->schema && strcmp(meta->schema, HX_RESULTS_SCHEMA))
        return -EINVAL;

    root = document(&b, res, n, meta);
    if (!root)
        fail(&b, -ENOMEM);
    if (!b.err && json_dumpf(root, out, DUMP_FLAGS))
        fail(&b, -EIO);
    json_decref(root);
    if (b.err)
        return b.err;
    if (fputc('\n', out) == EOF || fflush(out) || ferror(out))
        return -EIO;
    return 0;
}
