/* SPDX-License-Identifier: MIT */
/*
 * read.c - the results JSON and the run-status file read back, for
 * `imslab merge` (report.h: rpt_results_read(), rpt_status_read()).
 *
 * The results JSON holds every field of struct hx_result the writers use
 * (exits_per_irq and the summary are computed from the others), so results
 * read back and written again give the same bytes.  Reading is strict: an
 * unknown or missing key, a wrong type or a text longer than its field is
 * an error naming the file and the key.
 */
#include "reports/report.h"
#include "reports/rpt_internal.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

/* Reader state: the first error sticks, with the key path it names. */
struct rd {
    const char *file;
    char *err;
    size_t errlen;
    int rc;
};

static void bad(struct rd *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void bad(struct rd *d, const char *fmt, ...)
{
    va_list ap;
    size_t used;

    if (d->rc)
        return;
    d->rc = -EINVAL;
    if (!d->errlen)
        return;
    used = (size_t)snprintf(d->err, d->errlen, "%s: ", d->file);
    if (used >= d->errlen)
        return;
    va_start(ap, fmt);
    vsnprintf(d->err + used, d->errlen - used, fmt, ap);
    va_end(ap);
}

static json_t *key(struct rd *d, json_t *obj, const char *where, const char *k)
{
    json_t *v = json_object_get(obj, k);

    if (!v)
        bad(d, "%s: missing key '%s'", where, k);
    return v;
}

/* Every key of @obj must be one of @keys (NULL-terminated). */
static void only(struct rd *d, json_t *obj, const char *where, const char *const *keys)
{
    const char *k;
    json_t *v;

    json_object_foreach(obj, k, v) {
        size_t i;

        for (i = 0; keys[i] && strcmp(keys[i], k); i++)
            ;
        if (!keys[i])
            bad(d, "%s: unknown key '%s'", where, k);
    }
}

static void get_u64(struct rd *d, json_t *obj, const char *where, const char *k,
                    uint64_t *out)
{
    json_t *v = key(d, obj, where, k);

    if (!v)
        return;
    if (!json_is_integer(v) || json_integer_value(v) < 0) {
        bad(d, "%s.%s: expected an integer >= 0", where, k);
        return;
    }
    *out = (uint64_t)json_integer_value(v);
}

static void get_bool(struct rd *d, json_t *obj, const char *where, const char *k,
                     bool *out)
{
    json_t *v = key(d, obj, where, k);

    if (!v)
        return;
    if (!json_is_boolean(v)) {
        bad(d, "%s.%s: expected true or false", where, k);
        return;
    }
    *out = json_is_true(v);
}

static const char *get_str(struct rd *d, json_t *obj, const char *where, const char *k)
{
    json_t *v = key(d, obj, where, k);

    if (!v)
        return NULL;
    if (!json_is_string(v)) {
        bad(d, "%s.%s: expected a string", where, k);
        return NULL;
    }
    return json_string_value(v);
}

/* A text into a fixed field of @n bytes: it must fit whole. */
static void get_text(struct rd *d, json_t *obj, const char *where, const char *k,
                     char *dst, size_t n)
{
    const char *s = get_str(d, obj, where, k);

    if (!s)
        return;
    if (strlen(s) >= n) {
        bad(d, "%s.%s: longer than %zu bytes", where, k, n - 1);
        return;
    }
    memcpy(dst, s, strlen(s) + 1);
}

/* The object at key @k of @o (NULL and no error when absent and @optional). */
static json_t *sub_object(struct rd *d, json_t *o, const char *where, const char *k,
                          bool optional, char *w, size_t wn)
{
    json_t *v = json_object_get(o, k);

    snprintf(w, wn, "%s.%s", where, k);
    if (!v) {
        if (!optional)
            bad(d, "%s: missing key '%s'", where, k);
        return NULL;
    }
    if (!json_is_object(v)) {
        bad(d, "%s: expected an object", w);
        return NULL;
    }
    return v;
}

#define TEXT(d, o, w, r, f) get_text((d), (o), (w), #f, (r)->f, sizeof((r)->f))
#define U64(d, o, w, r, f) get_u64((d), (o), (w), #f, &(r)->f)

static void expectation(struct rd *d, json_t *o, const char *where,
                        struct hx_expect_result *e)
{
    static const char *const keys[] = {
        "rule", "metric", "op", "expected", "actual", "scope", "verdict", NULL,
    };
    const char *v;

    if (!json_is_object(o)) {
        bad(d, "%s: expected an object", where);
        return;
    }
    only(d, o, where, keys);
    TEXT(d, o, where, e, rule);
    TEXT(d, o, where, e, metric);
    TEXT(d, o, where, e, op);
    TEXT(d, o, where, e, expected);
    TEXT(d, o, where, e, actual);
    TEXT(d, o, where, e, scope);
    v = get_str(d, o, where, "verdict");
    if (v && !strcmp(v, "pass"))
        e->verdict = HX_VERDICT_PASS;
    else if (v && !strcmp(v, "fail"))
        e->verdict = HX_VERDICT_FAIL;
    else if (v)
        bad(d, "%s.verdict: expected pass or fail, got '%s'", where, v);
}

/* "irq_path", "setup", "retarget", "vcpus": the injection path and the
 * set-up and dynamics records (json.c). */
static void dynamics(struct rd *d, json_t *o, const char *where, struct hx_result *r)
{
    static const char *const setup_keys[] = {
        "time_ns", "exits", "hypercalls", "iec_flushes", "route_commits", NULL,
    };
    static const char *const rt_keys[] = {
        "changes", "moves", "unfinished", "time_ns", "exits", NULL,
    };
    static const char *const mg_keys[] = {
        "migrations", "unfinished", "held", "downtime_ns", "exits", "hypercalls",
        "reprograms", "frees", NULL,
    };
    static const char *const rw_keys[] = { "rewrites", "sent", "torn", NULL };
    static const char *const mm_keys[] = { "mean", "max", NULL };
    static const char *const vc_keys[] = {
        "preemptions", "wakeups", "wakeup_ns", "halt_polls", "halt_poll_hits",
        "runqueue_wait_ns", NULL,
    };
    static const char *const ip_keys[] = {
        "host_irqs", "eventfd_signals", "irqfd_wakeups", "kicks", "pi_ipis",
        "irqbypass", NULL,
    };
    static const char *const bp_keys[] = {
        "connects", "updates", "posted", "remapped", "switches", NULL,
    };
    static const char *const disc_keys[] = {
        "cpuid_exits", "iommu_reg_exits", NULL,
    };
    char w[128], w2[160];
    json_t *s, *s2;

    if ((s = sub_object(d, o, where, "irq_path", true, w, sizeof(w)))) {
        struct hx_irq_path *p = &r->irq_path;

        only(d, s, w, ip_keys);
        get_u64(d, s, w, "host_irqs", &p->host_irqs);
        get_u64(d, s, w, "eventfd_signals", &p->eventfd_signals);
        get_u64(d, s, w, "irqfd_wakeups", &p->irqfd_wakeups);
        get_u64(d, s, w, "kicks", &p->kicks);
        get_u64(d, s, w, "pi_ipis", &p->pi_ipis);
        if ((s2 = sub_object(d, s, w, "irqbypass", false, w2, sizeof(w2)))) {
            only(d, s2, w2, bp_keys);
            get_u64(d, s2, w2, "connects", &p->bypass_connects);
            get_u64(d, s2, w2, "updates", &p->bypass_updates);
            get_u64(d, s2, w2, "posted", &p->bypass_posted);
            get_u64(d, s2, w2, "remapped", &p->bypass_remapped);
            get_u64(d, s2, w2, "switches", &p->bypass_switches);
        }
    }
    if ((s = sub_object(d, o, where, "discovery", true, w, sizeof(w)))) {
        only(d, s, w, disc_keys);
        get_u64(d, s, w, "cpuid_exits", &r->discovery.cpuid_exits);
        get_u64(d, s, w, "iommu_reg_exits", &r->discovery.iommu_reg_exits);
    }
    if ((s = sub_object(d, o, where, "setup", false, w, sizeof(w)))) {
        only(d, s, w, setup_keys);
        get_u64(d, s, w, "time_ns", &r->setup.time_ns);
        get_u64(d, s, w, "exits", &r->setup.exits);
        get_u64(d, s, w, "hypercalls", &r->setup.hypercalls);
        get_u64(d, s, w, "iec_flushes", &r->setup.iec_flushes);
        get_u64(d, s, w, "route_commits", &r->setup.route_commits);
    }
    if ((s = sub_object(d, o, where, "retarget", true, w, sizeof(w)))) {
        only(d, s, w, rt_keys);
        get_u64(d, s, w, "changes", &r->retarget.changes);
        get_u64(d, s, w, "moves", &r->retarget.moves);
        get_u64(d, s, w, "unfinished", &r->retarget.unfinished);
        get_u64(d, s, w, "exits", &r->retarget.exits);
        if ((s2 = sub_object(d, s, w, "time_ns", false, w2, sizeof(w2)))) {
            only(d, s2, w2, mm_keys);
            get_u64(d, s2, w2, "mean", &r->retarget.time_ns_mean);
            get_u64(d, s2, w2, "max", &r->retarget.time_ns_max);
        }
        if (!r->retarget.changes)
            bad(d, "%s.changes: a retarget record has changes > 0", w);
    }
    if ((s = sub_object(d, o, where, "migration", true, w, sizeof(w)))) {
        struct hx_migration *m = &r->migration;

        only(d, s, w, mg_keys);
        get_u64(d, s, w, "migrations", &m->migrations);
        get_u64(d, s, w, "unfinished", &m->unfinished);
        get_u64(d, s, w, "held", &m->held);
        get_u64(d, s, w, "exits", &m->exits);
        get_u64(d, s, w, "hypercalls", &m->hypercalls);
        get_u64(d, s, w, "reprograms", &m->reprograms);
        get_u64(d, s, w, "frees", &m->frees);
        if ((s2 = sub_object(d, s, w, "downtime_ns", false, w2, sizeof(w2)))) {
            only(d, s2, w2, mm_keys);
            get_u64(d, s2, w2, "mean", &m->downtime_ns_mean);
            get_u64(d, s2, w2, "max", &m->downtime_ns_max);
        }
        if (!m->migrations)
            bad(d, "%s.migrations: a migration record has migrations > 0", w);
    }
    if ((s = sub_object(d, o, where, "rewrite", true, w, sizeof(w)))) {
        only(d, s, w, rw_keys);
        get_u64(d, s, w, "rewrites", &r->rewrite.rewrites);
        get_u64(d, s, w, "sent", &r->rewrite.sent);
        get_u64(d, s, w, "torn", &r->rewrite.torn);
        if (!r->rewrite.rewrites)
            bad(d, "%s.rewrites: a rewrite record has rewrites > 0", w);
    }
    if ((s = sub_object(d, o, where, "vcpus", true, w, sizeof(w)))) {
        only(d, s, w, vc_keys);
        get_u64(d, s, w, "preemptions", &r->vcpus.preemptions);
        get_u64(d, s, w, "wakeups", &r->vcpus.wakeups);
        get_u64(d, s, w, "halt_polls", &r->vcpus.halt_polls);
        get_u64(d, s, w, "halt_poll_hits", &r->vcpus.halt_poll_hits);
        get_u64(d, s, w, "runqueue_wait_ns", &r->vcpus.runqueue_wait_ns);
        if ((s2 = sub_object(d, s, w, "wakeup_ns", false, w2, sizeof(w2)))) {
            only(d, s2, w2, mm_keys);
            get_u64(d, s2, w2, "mean", &r->vcpus.wakeup_mean_ns);
            get_u64(d, s2, w2, "max", &r->vcpus.wakeup_max_ns);
        }
    }
}

static void latency_of(struct rd *d, json_t *o, const char *where, const char *k,
                       struct hx_latency *l)
{
    static const char *const keys[] = { "p50", "p99", "max", "n", NULL };
    char w[224];
    json_t *s = sub_object(d, o, where, k, false, w, sizeof(w));

    if (!s)
        return;
    only(d, s, w, keys);
    get_u64(d, s, w, "p50", &l->p50_ns);
    get_u64(d, s, w, "p99", &l->p99_ns);
    get_u64(d, s, w, "max", &l->max_ns);
    get_u64(d, s, w, "n", &l->n);
}

/* "guest_cpu" and "requests" of a record or a VM record (json.c), both
 * optional. */
static void work(struct rd *d, json_t *o, const char *where, struct hx_cpu_cost *c,
                 struct hx_requests *q)
{
    static const char *const cpu_keys[] = { "lost_ns", "per_irq_ns", NULL };
    static const char *const rq_keys[] = {
        "submitted", "completed", "per_s", "latency_ns", "raise_to_app_ns",
        "throughput_vs_bare", NULL,
    };
    char w[192];
    json_t *s, *v;

    if ((s = sub_object(d, o, where, "guest_cpu", true, w, sizeof(w)))) {
        only(d, s, w, cpu_keys);
        get_u64(d, s, w, "lost_ns", &c->lost_ns);
        get_u64(d, s, w, "per_irq_ns", &c->per_irq_ns);
    }
    if ((s = sub_object(d, o, where, "requests", true, w, sizeof(w)))) {
        only(d, s, w, rq_keys);
        get_u64(d, s, w, "submitted", &q->submitted);
        get_u64(d, s, w, "completed", &q->completed);
        get_u64(d, s, w, "per_s", &q->per_s);
        latency_of(d, s, w, "latency_ns", &q->latency);
        latency_of(d, s, w, "raise_to_app_ns", &q->raise_to_app);
        if ((v = json_object_get(s, "throughput_vs_bare"))) {
            if (!json_is_number(v) || json_number_value(v) <= 0)
                bad(d, "%s.throughput_vs_bare: expected a positive number", w);
            else
                q->vs_bare_milli = (uint64_t)(json_number_value(v) * 1000.0 + 0.5);
        }
    }
}

/* "vms": one record per VM of a run with several (json.c vm_record()). */
static void vm_records(struct rd *d, json_t *o, const char *where, struct hx_result *r)
{
    static const char *const keys[] = {
        "name", "guest", "outcome", "raised", "delivered", "misrouted", "leaked",
        "faulted", "lost", "spurious", "latency_ns", "vcpu_exits", "guest_cpu",
        "requests", NULL,
    };
    static const char *const lat_keys[] = { "p50", "p99", "max", "n", NULL };
    json_t *a = json_object_get(o, "vms");

    if (!a)
        return;
    if (!json_is_array(a) || !json_array_size(a) ||
        json_array_size(a) > HX_MAX_VM_RECORDS) {
        bad(d, "%s.vms: expected an array of 1 to %d records", where, HX_MAX_VM_RECORDS);
        return;
    }
    for (size_t k = 0; k < json_array_size(a); k++) {
        struct hx_vm_result *v = &r->vms[k];
        json_t *e = json_array_get(a, k), *lat;
        char w[128], w2[160];
        const char *s;

        snprintf(w, sizeof(w), "%s.vms[%zu]", where, k);
        if (!json_is_object(e)) {
            bad(d, "%s: expected an object", w);
            return;
        }
        only(d, e, w, keys);
        TEXT(d, e, w, v, name);
        TEXT(d, e, w, v, guest);
        s = get_str(d, e, w, "outcome");
        if (s && hx_outcome_parse(s, &v->outcome))
            bad(d, "%s.outcome: unknown outcome '%s'", w, s);
        U64(d, e, w, v, raised);
        U64(d, e, w, v, delivered);
        U64(d, e, w, v, misrouted);
        U64(d, e, w, v, leaked);
        U64(d, e, w, v, faulted);
        U64(d, e, w, v, lost);
        U64(d, e, w, v, spurious);
        U64(d, e, w, v, vcpu_exits);
        if ((lat = sub_object(d, e, w, "latency_ns", false, w2, sizeof(w2)))) {
            only(d, lat, w2, lat_keys);
            get_u64(d, lat, w2, "p50", &v->latency.p50_ns);
            get_u64(d, lat, w2, "p99", &v->latency.p99_ns);
            get_u64(d, lat, w2, "max", &v->latency.max_ns);
            get_u64(d, lat, w2, "n", &v->latency.n);
        }
        work(d, e, w, &v->cpu, &v->requests);
    }
    r->n_vms = json_array_size(a);
}

static void latency_hist(struct rd *d, json_t *o, const char *where, struct hx_result *r);

static void counts(struct rd *d, json_t *o, const char *where, struct hx_result *r)
{
    char w[128];
    json_t *sub;

    U64(d, o, where, r, raised);
    U64(d, o, where, r, delivered);
    U64(d, o, where, r, misrouted);
    U64(d, o, where, r, leaked);
    U64(d, o, where, r, faulted);
    U64(d, o, where, r, lost);
    U64(d, o, where, r, duplicated);
    U64(d, o, where, r, spurious);
    U64(d, o, where, r, refused);
    snprintf(w, sizeof(w), "%s.exits", where);
    if ((sub = key(d, o, where, "exits"))) {
        if (json_object_size(sub) != HX_EXIT__COUNT)
            bad(d, "%s: expected %d reasons", w, HX_EXIT__COUNT);
        for (int i = 0; i < HX_EXIT__COUNT; i++)
            get_u64(d, sub, w, hx_exit_name((enum hx_exit_reason)i), &r->exits[i]);
    }
    U64(d, o, where, r, exits_total);
    U64(d, o, where, r, exits_steady);
    snprintf(w, sizeof(w), "%s.exits_steady_by_reason", where);
    if ((sub = key(d, o, where, "exits_steady_by_reason"))) {
        if (!json_is_object(sub) || json_object_size(sub) != HX_EXIT__COUNT)
            bad(d, "%s: expected %d reasons", w, HX_EXIT__COUNT);
        for (int i = 0; i < HX_EXIT__COUNT; i++)
            get_u64(d, sub, w, hx_exit_name((enum hx_exit_reason)i),
                    &r->exits_steady_by[i]);
    }
    (void)key(d, o, where, "exits_per_irq");    /* computed from the two above */
    U64(d, o, where, r, ims_write_traps);
    U64(d, o, where, r, msix_write_traps);
    U64(d, o, where, r, hypercalls);
    snprintf(w, sizeof(w), "%s.untrapped_pairs", where);
    if ((sub = json_object_get(o, "untrapped_pairs"))) {
        static const char *const keys[] = { "raises", "delivered", "misrouted",
                                            "faulted", "lost", "refused", "leaked",
                                            NULL };
        uint64_t sum = 0;

        if (!json_is_object(sub)) {
            bad(d, "%s: expected an object", w);
        } else {
            only(d, sub, w, keys);
            get_u64(d, sub, w, "raises", &r->untrapped);
            for (int i = HX_FATE_DELIVERED; i < HX_FATE__COUNT; i++) {
                get_u64(d, sub, w, hx_fate_name((enum hx_irq_fate)i),
                        &r->untrapped_fates[i]);
                sum += r->untrapped_fates[i];
            }
            if (sum != r->untrapped || !r->untrapped)
                bad(d, "%s: the fates must add up to raises (> 0)", w);
        }
    }
    snprintf(w, sizeof(w), "%s.hypercalls_by_op", where);
    if ((sub = json_object_get(o, "hypercalls_by_op"))) {
        static const char *const keys[] = { "alloc", "retarget", "free", NULL };

        if (!json_is_object(sub)) {
            bad(d, "%s: expected an object", w);
        } else {
            only(d, sub, w, keys);
            get_u64(d, sub, w, "alloc", &r->hypercalls_alloc);
            get_u64(d, sub, w, "retarget", &r->hypercalls_retarget);
            get_u64(d, sub, w, "free", &r->hypercalls_free);
            if (r->hypercalls_alloc + r->hypercalls_retarget + r->hypercalls_free >
                r->hypercalls)
                bad(d, "%s: more than hypercalls", w);
        }
    }
    snprintf(w, sizeof(w), "%s.ir_faults", where);
    if ((sub = key(d, o, where, "ir_faults"))) {
        size_t seen = 0;

        for (int i = 0; i < HX_IR_FAULT_N; i++) {
            char k[8];

            snprintf(k, sizeof(k), "0x%02x", HX_IR_FAULT_FIRST + i);
            if (HX_IR_FAULT_FIRST + i > HX_IR_FAULT_ALWAYS_LAST &&
                !json_object_get(sub, k))
                continue;
            get_u64(d, sub, w, k, &r->ir_faults[i]);
            seen++;
        }
        if (json_object_size(sub) != seen)
            bad(d, "%s: unknown fault reason", w);
    }
    U64(d, o, where, r, ir_fault_records);
    snprintf(w, sizeof(w), "%s.latency_ns", where);
    if ((sub = key(d, o, where, "latency_ns"))) {
        static const char *const keys[] = { "p50", "p99", "max", "n", NULL };

        only(d, sub, w, keys);
        get_u64(d, sub, w, "p50", &r->latency.p50_ns);
        get_u64(d, sub, w, "p99", &r->latency.p99_ns);
        get_u64(d, sub, w, "max", &r->latency.max_ns);
        get_u64(d, sub, w, "n", &r->latency.n);
    }
    latency_hist(d, o, where, r);
    dynamics(d, o, where, r);
    work(d, o, where, &r->cpu, &r->requests);
    vm_records(d, o, where, r);
    U64(d, o, where, r, sim_end_ps);
    U64(d, o, where, r, events);
}

/* "latency_hist_ns": bins by their lowest value (json.c), adding up to
 * latency_ns.n. */
static void latency_hist(struct rd *d, json_t *o, const char *where, struct hx_result *r)
{
    char w[96];
    json_t *h = sub_object(d, o, where, "latency_hist_ns", false, w, sizeof(w)), *v;
    const char *k;
    uint64_t sum = 0;

    if (!h)
        return;
    json_object_foreach(h, k, v) {
        unsigned bin;

        for (bin = 0; bin < HX_LATENCY_BINS; bin++) {
            char name[24];

            snprintf(name, sizeof(name), "%" PRIu64, bin ? UINT64_C(1) << bin : 0);
            if (!strcmp(name, k))
                break;
        }
        if (bin == HX_LATENCY_BINS) {
            bad(d, "%s: '%s' is not a bin (0 or a power of two from 2 to 2^31)", w, k);
            return;
        }
        get_u64(d, h, w, k, &r->latency_log2[bin]);
        sum += r->latency_log2[bin];
    }
    if (!d->rc && sum != r->latency.n)
        bad(d, "%s: %" PRIu64 " values, latency_ns.n says %" PRIu64, w, sum, r->latency.n);
}

static void record(struct rd *d, json_t *o, size_t idx, struct hx_result *r)
{
    static const char *const keys[] = {
        "name", "file", "seed", "personality", "policy", "guest", "device", "assignment", "path",
        "outcome", "ims_used", "fallback", "cap_advertised", "note", "raised",
        "delivered", "misrouted", "leaked", "faulted", "lost", "duplicated",
        "spurious", "refused", "exits", "exits_total", "exits_steady",
        "exits_steady_by_reason", "exits_per_irq", "ims_write_traps",
        "msix_write_traps", "hypercalls", "hypercalls_by_op", "untrapped_pairs", "setup", "retarget", "migration", "rewrite", "ir_faults",
        "ir_fault_records", "latency_ns", "latency_hist_ns", "vcpus", "guest_cpu", "requests", "irq_path", "discovery", "vms",
        "sim_end_ps", "events",
        "trace_hash", "expectations", "skipped", NULL,
    };
    char where[48];
    const char *s;
    json_t *ex;

    snprintf(where, sizeof(where), "scenarios[%zu]", idx);
    if (!json_is_object(o)) {
        bad(d, "%s: expected an object", where);
        return;
    }
    only(d, o, where, keys);
    TEXT(d, o, where, r, name);
    TEXT(d, o, where, r, file);
    U64(d, o, where, r, seed);
    TEXT(d, o, where, r, personality);
    TEXT(d, o, where, r, policy);
    TEXT(d, o, where, r, guest);
    TEXT(d, o, where, r, device);
    TEXT(d, o, where, r, assignment);
    TEXT(d, o, where, r, path);
    s = get_str(d, o, where, "outcome");
    if (s && hx_outcome_parse(s, &r->outcome))
        bad(d, "%s.outcome: unknown outcome '%s'", where, s);
    get_bool(d, o, where, "ims_used", &r->ims_used);
    get_bool(d, o, where, "fallback", &r->fallback);
    get_bool(d, o, where, "cap_advertised", &r->cap_advertised);
    TEXT(d, o, where, r, note);
    if (json_object_get(o, "skipped")) {
        TEXT(d, o, where, r, skipped);
        if (!d->rc && !r->skipped[0])
            bad(d, "%s.skipped: empty (a skipped scenario says why)", where);
    }
    counts(d, o, where, r);
    s = get_str(d, o, where, "trace_hash");
    if (s) {
        char *end;

        if (strlen(s) != 18 || strncmp(s, "0x", 2) ||
            (r->trace_hash = strtoull(s + 2, &end, 16), *end))
            bad(d, "%s.trace_hash: expected 0x and 16 hex digits", where);
    }
    ex = key(d, o, where, "expectations");
    if (ex && (!json_is_array(ex) || json_array_size(ex) > HX_MAX_EXPECT)) {
        bad(d, "%s.expectations: expected an array of at most %d", where,
            HX_MAX_EXPECT);
        return;
    }
    for (size_t k = 0; ex && k < json_array_size(ex); k++) {
        char w[128];

        snprintf(w, sizeof(w), "%s.expectations[%zu]", where, k);
        expectation(d, json_array_get(ex, k), w, &r->expect[k]);
        r->expect_failed |= r->expect[k].verdict == HX_VERDICT_FAIL;
    }
    r->n_expect = ex ? json_array_size(ex) : 0;
}

static json_t *load(struct rd *d, const char *path)
{
    json_error_t e;
    json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &e);

    if (!root) {
        d->rc = -EINVAL;
        if (d->errlen)
            snprintf(d->err, d->errlen, "%s:%d:%d: %s", path, e.line, e.column, e.text);
        return NULL;
    }
    if (!json_is_object(root)) {
        bad(d, "expected an object");
        json_decref(root);
        return NULL;
    }
    return root;
}

int rpt_results_read(const char *path, struct rpt_results_file *f, char *err,
                     size_t errlen)
{
    static const char *const keys[] = {
        "schema", "tool", "seed", "suite", "scenarios", "summary", NULL,
    };
    struct rd d = { path, err, errlen, 0 };
    json_t *root, *arr;
    const char *s;
    uint64_t n = 0;

    if (!path || !f)
        return -EINVAL;
    memset(f, 0, sizeof(*f));
    if (!(root = load(&d, path)))
        return d.rc;
    only(&d, root, "top level", keys);
    s = get_str(&d, root, "top level", "schema");
    if (s && strcmp(s, HX_RESULTS_SCHEMA))
        bad(&d, "schema: expected %s, got '%s'", HX_RESULTS_SCHEMA, s);
    get_text(&d, root, "top level", "tool", f->tool, sizeof(f->tool));
    get_u64(&d, root, "top level", "seed", &f->seed);
    get_text(&d, root, "top level", "suite", f->suite, sizeof(f->suite));
    arr = key(&d, root, "top level", "scenarios");
    if (arr && !json_is_array(arr))
        bad(&d, "scenarios: expected an array");
    if (!d.rc && json_array_size(arr)) {
        f->res = calloc(json_array_size(arr), sizeof(*f->res));
        if (!f->res) {
            json_decref(root);
            return -ENOMEM;
        }
    }
    for (size_t i = 0; !d.rc && i < json_array_size(arr); i++)
        record(&d, json_array_get(arr, i), i, &f->res[i]);
    if (!d.rc) {
        f->n = json_array_size(arr);
        json_t *sum = key(&d, root, "top level", "summary");

        if (sum)
            get_u64(&d, sum, "summary", "scenarios", &n);
        if (!d.rc && n != f->n)
            bad(&d, "summary.scenarios: %" PRIu64 " for %zu scenarios", n, f->n);
        if (!d.rc && json_object_get(sum, "skipped")) {
            struct rpt_tally t;
            uint64_t k = 0;

            rpt_tally(f->res, f->n, &t);
            get_u64(&d, sum, "summary", "skipped", &k);
            if (!d.rc && k != t.skipped)
                bad(&d, "summary.skipped: %" PRIu64 " for %zu skipped scenarios", k,
                    t.skipped);
        }
    }
    json_decref(root);
    if (d.rc)
        rpt_results_free(f);
    return d.rc;
}

void rpt_results_free(struct rpt_results_file *f)
{
    free(f->res);
    memset(f, 0, sizeof(*f));
}

int rpt_status_read(const char *path, struct rpt_status_file *f, char *err,
                    size_t errlen)
{
    struct rd d = { path, err, errlen, 0 };
    json_t *root, *sh, *pos;
    const char *s;
    uint64_t v = 0;

    if (!path || !f)
        return -EINVAL;
    memset(f, 0, sizeof(*f));
    if (!(root = load(&d, path)))
        return d.rc;
    s = get_str(&d, root, "top level", "schema");
    if (s && strcmp(s, RPT_STATUS_SCHEMA))
        bad(&d, "schema: expected %s, got '%s'", RPT_STATUS_SCHEMA, s);
    s = get_str(&d, root, "top level", "status");
    if (s && !strcmp(s, "complete"))
        f->status = RPT_STATUS_COMPLETE;
    else if (s && !strcmp(s, "interrupted"))
        f->status = RPT_STATUS_INTERRUPTED;
    else if (s)
        f->status = RPT_STATUS_FAILED;
    get_u64(&d, root, "top level", "scenarios", &v);
    f->scenarios = (size_t)v;
    sh = json_object_get(root, "shard");
    if (sh && !json_is_null(sh)) {
        static const char *const keys[] = {
            "index", "count", "suite_scenarios", "positions", NULL,
        };

        only(&d, sh, "shard", keys);
        get_u64(&d, sh, "shard", "index", &v);
        f->shard.index = (unsigned)v;
        get_u64(&d, sh, "shard", "count", &v);
        f->shard.count = (unsigned)v;
        get_u64(&d, sh, "shard", "suite_scenarios", &v);
        f->shard.suite_scenarios = (size_t)v;
        pos = key(&d, sh, "shard", "positions");
        if (pos && !json_is_array(pos))
            bad(&d, "shard.positions: expected an array");
        f->shard.n = d.rc ? 0 : json_array_size(pos);
        if (f->shard.n && !(f->positions = calloc(f->shard.n, sizeof(size_t)))) {
            json_decref(root);
            return -ENOMEM;
        }
        for (size_t i = 0; !d.rc && i < f->shard.n; i++) {
            json_t *p = json_array_get(pos, i);

            if (!json_is_integer(p) || json_integer_value(p) < 0)
                bad(&d, "shard.positions[%zu]: expected an integer >= 0", i);
            else
                f->positions[i] = (size_t)json_integer_value(p);
        }
        f->shard.positions = f->positions;
    }
    json_decref(root);
    if (d.rc)
        rpt_status_free(f);
    return d.rc;
}

void rpt_status_free(struct rpt_status_file *f)
{
    free(f->positions);
    memset(f, 0, sizeof(*f));
}

/* "2026-06-01T12:34:56.789Z" (rpt_runinfo_write()) back to a time. */
static int parse_iso8601(const char *s, struct timespec *t)
{
    struct tm tm = { 0 };
    int ms, used = 0;

    if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d.%3dZ%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
               &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &ms, &used) != 7 || s[used])
        return -EINVAL;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    t->tv_sec = timegm(&tm);
    t->tv_nsec = ms * 1000000L;
    return t->tv_sec == (time_t)-1 ? -EINVAL : 0;
}

int rpt_runinfo_read_walls(const char *path, const char *const *names, size_t n,
                           struct rpt_wall *walls, char *err, size_t errlen)
{
    struct rd d = { path, err, errlen, 0 };
    json_t *root, *arr;
    char host[sizeof(walls->host)] = "";

    if (!path || (n && (!names || !walls)))
        return -EINVAL;
    if (!(root = load(&d, path)))
        return d.rc;
    get_text(&d, root, "top level", "host", host, sizeof(host));
    arr = key(&d, root, "top level", n ? "scenarios" : "host");
    if (!d.rc && n && !json_is_array(arr))
        bad(&d, "scenarios: expected an array");
    for (size_t i = 0; !d.rc && i < n; i++) {
        size_t k;
        json_t *o = NULL;
        const char *at;

        for (k = 0; k < json_array_size(arr); k++) {
            o = json_array_get(arr, k);
            if (json_is_object(o) && json_is_string(json_object_get(o, "name")) &&
                !strcmp(json_string_value(json_object_get(o, "name")), names[i]))
                break;
        }
        if (k == json_array_size(arr)) {
            bad(&d, "scenarios: no record of scenario '%s'", names[i]);
            break;
        }
        memset(&walls[i], 0, sizeof(walls[i]));
        memcpy(walls[i].host, host, sizeof(host));
        get_u64(&d, o, "scenarios[]", "wall_ns", &walls[i].ns);
        at = get_str(&d, o, "scenarios[]", "start");
        if (at && parse_iso8601(at, &walls[i].start))
            bad(&d, "scenarios[%zu].start: expected YYYY-MM-DDTHH:MM:SS.mmmZ, got '%s'", k,
                at);
    }
    json_decref(root);
    return d.rc;
}
