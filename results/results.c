/* SPDX-License-Identifier: MIT */
/* results.c - names of outcomes and metrics of struct hx_result. */
#include "results/results.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char *const outcome_names[HX_OUT__COUNT] = {
    [HX_OUT_NONE] = "none",
    [HX_OUT_DELIVERED] = "delivered",
    [HX_OUT_REFUSED_FALLBACK] = "refused-fallback",
    [HX_OUT_MISROUTED] = "misrouted",
    [HX_OUT_FAULTED] = "faulted",
    [HX_OUT_LOST] = "lost",
    [HX_OUT_SILENT_FAILURE] = "silent-failure",
    [HX_OUT_NOT_EMULATABLE] = "not-emulatable",
    [HX_OUT_MIXED] = "mixed",
    [HX_OUT_NO_PAIR] = "no-pair",
    [HX_OUT_LEAKED] = "leaked",
};

static const char *const fate_names[HX_FATE__COUNT] = {
    [HX_FATE_PENDING] = "pending",
    [HX_FATE_DELIVERED] = "delivered",
    [HX_FATE_MISROUTED] = "misrouted",
    [HX_FATE_FAULTED] = "faulted",
    [HX_FATE_LOST] = "lost",
    [HX_FATE_REFUSED] = "refused",
    [HX_FATE_LEAKED] = "leaked",
};

static const char *const exit_names[HX_EXIT__COUNT] = {
    [HX_EXIT_MMIO] = "mmio",
    [HX_EXIT_HYPERCALL] = "hypercall",
    [HX_EXIT_EXTINT] = "external_interrupt",
    [HX_EXIT_HLT] = "hlt",
    [HX_EXIT_KICK] = "kick",
    [HX_EXIT_OTHER] = "other",
};

const char *hx_outcome_name(enum hx_outcome o)
{
    return (unsigned)o < HX_OUT__COUNT ? outcome_names[o] : "?";
}

int hx_outcome_parse(const char *s, enum hx_outcome *out)
{
    for (int i = 0; i < HX_OUT__COUNT; i++) {
        if (s && !strcmp(s, outcome_names[i])) {
            *out = (enum hx_outcome)i;
            return 0;
        }
    }
    return -EINVAL;
}

const char *hx_fate_name(enum hx_irq_fate f)
{
    return (unsigned)f < HX_FATE__COUNT ? fate_names[f] : "?";
}

const char *hx_exit_name(enum hx_exit_reason r)
{
    return (unsigned)r < HX_EXIT__COUNT ? exit_names[r] : "?";
}

int hx_result_metric(const struct hx_result *r, const char *m, double *out)
{
    const struct {
        const char *name;
        uint64_t v;
    } plain[] = {
        { "raised", r->raised },
        { "delivered", r->delivered },
        { "misrouted", r->misrouted },
        { "leaked", r->leaked },
        { "faulted", r->faulted },
        { "lost", r->lost },
        { "duplicated", r->duplicated },
        { "spurious", r->spurious },
        { "refused", r->refused },
        { "vm_exits", r->exits_total },
        { "ims_write_traps", r->ims_write_traps },
        { "msix_write_traps", r->msix_write_traps },
        { "hypercalls", r->hypercalls },
        { "hypercalls_alloc", r->hypercalls_alloc },
        { "hypercalls_retarget", r->hypercalls_retarget },
        { "hypercalls_free", r->hypercalls_free },
        { "handle_errors", r->handle_errors },
        { "handle_revocations", r->handle_revocations },
        { "resubmits", r->resubmits },
        { "pair_failures", r->pair_failures },
        { "migrations", r->migration.migrations },
        { "migration_held", r->migration.held },
        { "migration_downtime_ns", r->migration.downtime_ns_max },
        { "torn_pairs", r->rewrite.torn },
        { "untrapped", r->untrapped },
        { "bypass_switches", r->irq_path.bypass_switches },
        { "eventfd_signals", r->irq_path.eventfd_signals },
        { "ir_fault_records", r->ir_fault_records },
        { "ir_faults_lost", r->ir_faults_lost },
        { "latency_p50_ns", r->latency.p50_ns },
        { "latency_p99_ns", r->latency.p99_ns },
        { "latency_max_ns", r->latency.max_ns },
        { "fallbacks", r->fallback ? 1u : 0u },
        { "guest_cpu_per_irq_ns", r->cpu.per_irq_ns },
        { "requests_completed", r->requests.completed },
        { "requests_per_s", r->requests.per_s },
        { "request_p50_ns", r->requests.latency.p50_ns },
        { "request_p99_ns", r->requests.latency.p99_ns },
        { "request_max_ns", r->requests.latency.max_ns },
        { "raise_to_app_p50_ns", r->requests.raise_to_app.p50_ns },
        { "raise_to_app_p99_ns", r->requests.raise_to_app.p99_ns },
    };
    uint64_t faults = 0;

    for (size_t i = 0; i < sizeof(plain) / sizeof(plain[0]); i++) {
        if (!strcmp(m, plain[i].name)) {
            *out = (double)plain[i].v;
            return 0;
        }
    }
    if (!strcmp(m, "throughput_vs_bare")) {
        *out = (double)r->requests.vs_bare_milli / 1000.0;
        return 0;
    }
    if (!strcmp(m, "exits_per_irq")) {
        *out = r->raised ? (double)r->exits_steady / (double)r->raised : 0.0;
        return 0;
    }
    for (int i = 0; i < HX_IR_FAULT_N; i++)
        faults += r->ir_faults[i];
    if (!strcmp(m, "ir_faults")) {
        *out = (double)faults;
        return 0;
    }
    if (!strncmp(m, "ir_fault_0x", 11)) {
        char *end;
        unsigned long code = strtoul(m + 11, &end, 16);

        if (*end == '\0' && end != m + 11 && code >= HX_IR_FAULT_FIRST &&
            code <= HX_IR_FAULT_LAST) {
            *out = (double)r->ir_faults[code - HX_IR_FAULT_FIRST];
            return 0;
        }
    }
    return -ENOENT;
}

enum hx_outcome hx_classify(const struct hx_result *r, bool relied_on_cap,
                            bool not_emulatable)
{
    bool all = r->delivered == r->raised && !r->duplicated && !r->spurious;
    uint64_t lost = r->lost + r->refused;
    int kinds = (r->misrouted > 0) + (r->faulted > 0) + (lost > 0) +
                (r->duplicated > 0 || r->spurious > 0);

    if (r->raised == 0)
        return HX_OUT_NONE;
    if (not_emulatable && !all)
        return HX_OUT_NOT_EMULATABLE;
    if (relied_on_cap && !all)
        return HX_OUT_SILENT_FAILURE;
    if (r->leaked)
        return HX_OUT_LEAKED;   /* whatever else happened: an isolation breach */
    if (all && r->pair_failures)
        return HX_OUT_NO_PAIR;
    if (all)
        return r->fallback ? HX_OUT_REFUSED_FALLBACK : HX_OUT_DELIVERED;
    if (kinds > 1)
        return HX_OUT_MIXED;
    if (r->misrouted || r->duplicated || r->spurious)
        return HX_OUT_MISROUTED;
    if (r->faulted)
        return HX_OUT_FAULTED;
    return HX_OUT_LOST;
}

void hx_str_copy(char *dst, size_t n, const char *src)
{
    size_t len = src ? strlen(src) : 0;

    if (n == 0)
        return;
    if (len >= n)
        len = n - 1;
    if (len)
        memcpy(dst, src, len);
    dst[len] = '\0';
}
