/* SPDX-License-Identifier: MIT */
/*
 * system.c - full-system throughput: simulated interrupts per wall second.
 *
 * Runs three systems through the whole model stack (device, IOMMU, APIC,
 * VMM, guest, evidence) with a heavy workload: bare metal, KVM with posted
 * interrupts, KVM with remapped delivery and injection.  Each is run
 * --runs times; the median wall time is reported.  Prints a table, then one
 * JSON object per system on its own line: name, interrupts, events,
 * seconds, irqs_per_s, events_per_s, peak_rss_kb, p50_ns, p99_ns, trace_hash.
 * --system NAME runs one system only; --inline runs in this process rather
 * than in a child per run (for callgrind: `make bench-system-instr`).
 * Run with `make bench-system` (Release build).  Never a test.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "harness/isolate.h"
#include "harness/runner.h"
#include "harness/scenario.h"

struct sys {
    const char *name;
    const char *vmm;
    const char *vms;
};

static const struct sys systems[] = {
    { "bare-idxd", "vmm: {personality: bare}\n", "" },
    { "kvm-posted-idxd",
      "vmm: {personality: kvm, ims: hypercall}\n",
      "vms: [{name: vm0, vcpus: 2, guest: hypercall-aware, pcpus: [1, 2]}]\n" },
    { "kvm-injected-idxd",
      "vmm: {personality: kvm, ims: hypercall, posted: false}\n",
      "vms: [{name: vm0, vcpus: 2, guest: hypercall-aware, pcpus: [1, 2]}]\n" },
};

struct out {
    int rc;
    double seconds;
    long rss_kb;
    struct hx_result r;
};

struct arg {
    const struct sys *s;
    uint64_t duration_us;
    uint64_t rate_hz;
};

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int run_one(void *argp, void *outp, size_t outlen)
{
    const struct arg *a = argp;
    struct out *o = outp;
    struct hx_run_opts ro = { .backend = SIM_BACKEND_NATIVE };
    struct hx_scenario *scn;
    struct rusage ru;
    char yaml[2048], err[1024];
    double t0;
    int n;

    (void)outlen;
    memset(o, 0, sizeof(*o));
    n = snprintf(yaml, sizeof(yaml),
                 "imslab: 1\nname: %s\nduration_us: %" PRIu64 "\n"
                 "platform: {pcpus: 4}\n%s"
                 "devices: [{name: dsa0, model: idxd, bdf: \"6a:01.0\", adis: 4}]\n"
                 "%s"
                 "assign: [{device: dsa0, %svectors: 2}]\n"
                 "workload: [{device: dsa0, rate_hz: %" PRIu64 "}]\n",
                 a->s->name, a->duration_us, a->s->vmm, a->s->vms,
                 a->s->vms[0] ? "vm: vm0, " : "", a->rate_hz);
    if (n < 0 || (size_t)n >= sizeof(yaml) ||
        hx_scn_load_string("bench", yaml, (size_t)n, &scn, err, sizeof(err))) {
        fprintf(stderr, "bench_system: %s\n", err);
        o->rc = -EINVAL;
        return 1;
    }
    t0 = now_s();
    o->rc = hx_run_scenario(scn, &ro, &o->r, err, sizeof(err));
    o->seconds = now_s() - t0;
    if (o->rc)
        fprintf(stderr, "bench_system: %s\n", err);
    getrusage(RUSAGE_SELF, &ru);
    o->rss_kb = ru.ru_maxrss;
    hx_scn_free(scn);
    return o->rc ? 1 : 0;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        { "duration-us", required_argument, NULL, 'd' },
        { "rate", required_argument, NULL, 'r' },
        { "runs", required_argument, NULL, 'n' },
        { "system", required_argument, NULL, 's' },
        { "inline", no_argument, NULL, 'i' },
        { "help", no_argument, NULL, 'h' },
        { 0, 0, 0, 0 },
    };
    struct arg a = { .duration_us = 50000, .rate_hz = 2000000 };
    unsigned runs = 5;
    const char *only = NULL;
    bool in_line = false;
    size_t nsys = 0;
    int c;

    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        char *end;
        unsigned long long v;

        if (c == 'h') {
            printf("usage: bench_system [--duration-us N] [--rate HZ_PER_ADI] [--runs N]"
                   " [--system NAME] [--inline]\n");
            return 0;
        }
        if (c == '?')
            return 2;
        if (c == 's') {
            only = optarg;
            continue;
        }
        if (c == 'i') {
            in_line = true;
            continue;
        }
        errno = 0;
        v = strtoull(optarg, &end, 10);
        if (errno || *end || !*optarg || v == 0 || optarg[0] == '-') {
            fprintf(stderr, "bench_system: %s: expected a positive number, got '%s'\n",
                    opts[c == 'd' ? 0 : c == 'r' ? 1 : 2].name, optarg);
            return 2;
        }
        if (c == 'd')
            a.duration_us = v;
        else if (c == 'r')
            a.rate_hz = v;
        else
            runs = v > 101 ? 101 : (unsigned)v;
    }

    struct out res[sizeof(systems) / sizeof(systems[0])];
    const struct sys *run_sys[sizeof(systems) / sizeof(systems[0])];

    for (size_t i = 0; i < sizeof(systems) / sizeof(systems[0]); i++)
        if (!only || !strcmp(only, systems[i].name))
            run_sys[nsys++] = &systems[i];
    if (!nsys) {
        fprintf(stderr, "bench_system: no system named '%s'\n", only);
        return 2;
    }

    printf("%-20s %10s %12s %9s %12s %12s %9s\n", "system", "irqs", "events", "seconds",
           "irqs/s", "events/s", "rss_kB");
    for (size_t i = 0; i < nsys; i++) {
        double secs[101];
        struct out o = { 0 };

        a.s = run_sys[i];
        for (unsigned k = 0; k < runs; k++) {
            int rc = in_line ? run_one(&a, &o, sizeof(o))
                             : hx_isolate(run_one, &a, &o, sizeof(o));

            if (rc || o.rc) {
                fprintf(stderr, "bench_system: %s failed\n", a.s->name);
                return 1;
            }
            secs[k] = o.seconds;
        }
        qsort(secs, runs, sizeof(secs[0]), cmp_d);
        o.seconds = secs[runs / 2];
        printf("%-20s %10" PRIu64 " %12" PRIu64 " %9.3f %12.0f %12.0f %9ld\n", a.s->name,
               o.r.raised, o.r.events, o.seconds, (double)o.r.raised / o.seconds,
               (double)o.r.events / o.seconds, o.rss_kb);
        if (o.r.delivered != o.r.raised)
            fprintf(stderr, "bench_system: %s: %" PRIu64 " of %" PRIu64 " delivered\n",
                    a.s->name, o.r.delivered, o.r.raised);
        res[i] = o;
    }
    for (size_t i = 0; i < nsys; i++)
        printf("{\"name\": \"%s\", \"interrupts\": %" PRIu64 ", \"events\": %" PRIu64
               ", \"seconds\": %.6f, \"irqs_per_s\": %.0f, \"events_per_s\": %.0f"
               ", \"peak_rss_kb\": %ld, \"p50_ns\": %" PRIu64 ", \"p99_ns\": %" PRIu64
               ", \"trace_hash\": \"0x%016" PRIx64 "\"}\n",
               run_sys[i]->name, res[i].r.raised, res[i].r.events, res[i].seconds,
               (double)res[i].r.raised / res[i].seconds,
               (double)res[i].r.events / res[i].seconds, res[i].rss_kb,
               res[i].r.latency.p50_ns, res[i].r.latency.p99_ns, res[i].r.trace_hash);
    return 0;
}
