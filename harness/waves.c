/* SPDX-License-Identifier: MIT */
/* waves.c - the VCD and GTKWave save file of a scenario run (waves.h). */
#include "harness/waves.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/gtkw.h"
#include "models/siov/siov.h"
#include "models/trace-events.h"
#include "sim/trace.h"
#include "sim/vcd.h"

/* Per device: its ADIs, then the function (MSI-X, SIOV_ADI_FN). */
#define SLOTS (HX_SCN_MAX_ADIS + 1)
/* Recent raises by sequence number, for trace points after the fate. */
#define CACHE 1024

/* The signals of one ADI's scope, in the order they are declared. */
enum adi_sig {
    A_RAISE, A_ENTRY, A_SEQ, A_MSG, A_MSG_ADDR, A_MSG_DATA, A_IR_REQ,
    A_IRTE, A_IR_FAULT, A_REASON, A_REMAP, A_DEST, A_VECTOR, A_POST,
    A_PIR_VEC, A_PID_ON, A_NOTIFY, A_HANDLER, A_REFUSED, A_FATE, A_SETTLED,
    A__COUNT
};

static const struct { const char *name; unsigned width; } adi_def[A__COUNT] = {
    [A_RAISE] = { "raise", 1 },       [A_ENTRY] = { "entry", 16 },
    [A_SEQ] = { "seq", 32 },          [A_MSG] = { "msg", 1 },
    [A_MSG_ADDR] = { "msg_addr", 64 }, [A_MSG_DATA] = { "msg_data", 32 },
    [A_IR_REQ] = { "ir_req", 1 },     [A_IRTE] = { "irte_index", 16 },
    [A_IR_FAULT] = { "ir_fault", 1 }, [A_REASON] = { "fault_reason", 8 },
    [A_REMAP] = { "remap", 1 },       [A_DEST] = { "remap_dest", 32 },
    [A_VECTOR] = { "remap_vector", 8 }, [A_POST] = { "post", 1 },
    [A_PIR_VEC] = { "pir_vector", 8 }, [A_PID_ON] = { "pid_on", 1 },
    [A_NOTIFY] = { "notify", 1 },     [A_HANDLER] = { "handler", 1 },
    [A_REFUSED] = { "refused", 1 },   [A_FATE] = { "fate", 3 },
    [A_SETTLED] = { "settled", 1 },
};

/* The signals of one vCPU's (or host pCPU's) scope. */
enum cpu_sig {
    C_PI_PROCESS, C_PI_SYNC, C_PI_WAKEUP, C_INJECT, C_INJECT_VEC, C_HANDLER,
    C_HANDLER_VEC, C_EOI, C_EOI_VEC, C__COUNT
};

static const struct { const char *name; unsigned width; bool guest_only; }
cpu_def[C__COUNT] = {
    [C_PI_PROCESS] = { "pi_process", 1, true }, [C_PI_SYNC] = { "pi_sync", 1, true },
    [C_PI_WAKEUP] = { "pi_wakeup", 1, true },   [C_INJECT] = { "inject", 1, true },
    [C_INJECT_VEC] = { "inject_vector", 8, true },
    [C_HANDLER] = { "handler", 1, false },      [C_HANDLER_VEC] = { "handler_vector", 8, false },
    [C_EOI] = { "eoi", 1, false },              [C_EOI_VEC] = { "eoi_vector", 8, false },
};

struct scope {
    char name[48];
    int sig[(int)A__COUNT > (int)C__COUNT ? (int)A__COUNT : (int)C__COUNT];
    unsigned nsig;
    bool cpu;          /* a CPU's scope (else an ADI's) */
    bool used;         /* something happened in it */
};

struct hx_waves {
    struct sim_vcd *vcd;
    struct sim *sim;
    struct hx_evidence *ev;
    char vcd_path[PATH_MAX];
    uint64_t max_bytes;
    struct scope *scope;
    unsigned nscope;
    int adi_scope[HX_SCN_MAX_DEVICES][SLOTS];   /* -1: none */
    int *vm_cpu0;      /* per VM: its first vCPU's scope (-1: host VM) */
    unsigned *vm_ncpu;
    unsigned nvm;
    int host_cpu0;     /* the first host pCPU's scope (-1: none) */
    unsigned npcpu;
    struct irq_tag cache[CACHE];
    uint64_t unplaced; /* trace points whose interrupt had no scope */
    bool marked;       /* @mark holds the first fault or bad fate */
    sim_time_t mark;
    char mark_what[96];
};

/* ---- scopes ------------------------------------------------------------------ */

static int new_scope(struct hx_waves *w, bool cpu, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int new_scope(struct hx_waves *w, bool cpu, const char *fmt, ...)
{
    struct scope *s;
    va_list ap;
    int rc = 0;

    s = &w->scope[w->nscope];
    memset(s, 0, sizeof(*s));
    va_start(ap, fmt);
    vsnprintf(s->name, sizeof(s->name), fmt, ap);
    va_end(ap);
    s->cpu = cpu;
    if (w->nscope == 0)
        rc = sim_vcd_open(&w->vcd, w->vcd_path, "1ps", s->name);
    else
        rc = sim_vcd_scope(w->vcd, s->name);
    if (rc)
        return rc;
    if (cpu) {
        for (unsigned i = 0; i < C__COUNT; i++) {
            s->sig[i] = -1;
            if (cpu_def[i].guest_only && !strncmp(s->name, "host_", 5))
                continue;
            if ((s->sig[i] = sim_vcd_add(w->vcd, cpu_def[i].name, cpu_def[i].width)) < 0)
                return s->sig[i];
        }
    } else {
        for (unsigned i = 0; i < A__COUNT; i++)
            if ((s->sig[i] = sim_vcd_add(w->vcd, adi_def[i].name, adi_def[i].width)) < 0)
                return s->sig[i];
    }
    return (int)w->nscope++;
}

static unsigned count_scopes(const struct hx_scenario *scn, bool *host)
{
    unsigned n = 0;

    *host = false;
    for (uint32_t d = 0; d < scn->ndevices; d++)
        n += scn->devices[d].adis + 1;
    for (uint32_t v = 0; v < scn->nvms; v++) {
        if (scn->vms[v].host)
            *host = true;
        else
            n += scn->vms[v].vcpus;
    }
    return n + (*host ? scn->platform.pcpus : 0);
}

static int declare(struct hx_waves *w, const struct hx_scenario *scn)
{
    bool host;
    int rc;

    w->scope = calloc(count_scopes(scn, &host) + 1, sizeof(*w->scope));
    w->nvm = scn->nvms;
    w->vm_cpu0 = calloc(w->nvm ? w->nvm : 1, sizeof(*w->vm_cpu0));
    w->vm_ncpu = calloc(w->nvm ? w->nvm : 1, sizeof(*w->vm_ncpu));
    if (!w->scope || !w->vm_cpu0 || !w->vm_ncpu)
        return -ENOMEM;
    memset(w->adi_scope, -1, sizeof(w->adi_scope));
    for (uint32_t d = 0; d < scn->ndevices; d++) {
        for (uint32_t a = 0; a < scn->devices[d].adis; a++)
            if ((rc = w->adi_scope[d][a] = new_scope(w, false, "dev%u_adi%u", d, a)) < 0)
                return rc;
        if ((rc = w->adi_scope[d][HX_SCN_MAX_ADIS] = new_scope(w, false, "dev%u_fn", d)) < 0)
            return rc;
    }
    for (uint32_t v = 0; v < scn->nvms; v++) {
        w->vm_cpu0[v] = -1;
        if (scn->vms[v].host)
            continue;
        w->vm_ncpu[v] = scn->vms[v].vcpus;
        for (uint32_t c = 0; c < scn->vms[v].vcpus; c++) {
            if ((rc = new_scope(w, true, "vm%u_vcpu%u", v, c)) < 0)
                return rc;
            if (c == 0)
                w->vm_cpu0[v] = rc;
        }
    }
    w->host_cpu0 = -1;
    w->npcpu = host ? scn->platform.pcpus : 0;
    for (uint32_t p = 0; p < w->npcpu; p++) {
        if ((rc = new_scope(w, true, "host_cpu%u", p)) < 0)
            return rc;
        if (p == 0)
            w->host_cpu0 = rc;
    }
    for (uint32_t d = 0; d < scn->ndevices; d++) {
        char c[160];

        snprintf(c, sizeof(c), "dev%u is device '%s'", d, scn->devices[d].name);
        if ((rc = sim_vcd_comment(w->vcd, c)))
            return rc;
    }
    for (uint32_t v = 0; v < scn->nvms; v++) {
        char c[160];

        snprintf(c, sizeof(c), "vm%u is VM '%s'%s", v, scn->vms[v].name,
                 scn->vms[v].host ? " (the host: its handlers are in host_cpuN)" : "");
        if ((rc = sim_vcd_comment(w->vcd, c)))
            return rc;
    }
    return sim_vcd_begin(w->vcd);
}

static struct scope *adi_scope(struct hx_waves *w, uint32_t dev, uint32_t adi)
{
    int k;

    if (dev >= HX_SCN_MAX_DEVICES)
        return NULL;
    k = adi == SIOV_ADI_FN ? w->adi_scope[dev][HX_SCN_MAX_ADIS]
                           : adi < HX_SCN_MAX_ADIS ? w->adi_scope[dev][adi] : -1;
    return k < 0 ? NULL : &w->scope[k];
}

/* The scope of CPU @cpu of VM @vm (evidence index: -1 the host). */
static struct scope *cpu_scope(struct hx_waves *w, int vm, uint64_t cpu)
{
    if (vm < 0)
        return w->host_cpu0 >= 0 && cpu < w->npcpu ? &w->scope[w->host_cpu0 + cpu] : NULL;
    if ((unsigned)vm >= w->nvm || w->vm_cpu0[vm] < 0 || cpu >= w->vm_ncpu[vm])
        return NULL;
    return &w->scope[w->vm_cpu0[vm] + cpu];
}

/* The ADI scope of the interrupt numbered @seq. */
static struct scope *seq_scope(struct hx_waves *w, uint64_t seq)
{
    struct irq_tag t = w->cache[seq % CACHE];
    struct scope *s;

    if (seq == 0)
        return NULL;
    if (t.seq != seq && !hx_ev_in_flight(w->ev, seq, &t, NULL))
        t.seq = 0;
    s = t.seq ? adi_scope(w, t.dev, t.adi) : NULL;
    if (!s)
        w->unplaced++;
    return s;
}

/* ---- values ---------------------------------------------------------------------- */

static void set(struct hx_waves *w, struct scope *s, int which, uint64_t v)
{
    s->used = true;
    sim_vcd_set(w->vcd, s->sig[which], v);
}

static void toggle(struct hx_waves *w, struct scope *s, int which)
{
    set(w, s, which, !sim_vcd_get(w->vcd, s->sig[which]));
}

/* Write what was set, at the time it happened. */
static void flush(struct hx_waves *w)
{
    (void)sim_vcd_step(w->vcd, sim_now(w->sim));
}

static void mark(struct hx_waves *w, const struct scope *s, const char *what)
{
    sim_time_t t = sim_now(w->sim);

    if (w->marked && w->mark <= t)
        return;
    w->marked = true;
    w->mark = t;
    snprintf(w->mark_what, sizeof(w->mark_what), "%s in %s", what, s->name);
}

void hx_waves_raise(struct hx_waves *w, const struct irq_tag *tag, uint64_t seq)
{
    struct scope *s = adi_scope(w, tag->dev, tag->adi);
    struct irq_tag t = *tag;

    if (seq)
        t.seq = seq;
    w->cache[t.seq % CACHE] = t;
    if (!s)
        return;
    toggle(w, s, A_RAISE);
    set(w, s, A_ENTRY, tag->entry);
    set(w, s, A_SEQ, t.seq);
    flush(w);
}

void hx_waves_fault(struct hx_waves *w, const struct irq_tag *tag,
                    enum evidence_fault where, unsigned reason)
{
    struct scope *s = tag->seq ? adi_scope(w, tag->dev, tag->adi) : NULL;

    /* an IR fault is drawn when the IOMMU detects it (its trace point);
     * the evidence hears of it when the fault is recorded, later */
    if (!s || where != EVIDENCE_FAULT_DEVICE)
        return;
    toggle(w, s, A_REFUSED);
    set(w, s, A_REASON, reason);
    mark(w, s, "device refusal");
    flush(w);
}

void hx_waves_handler(struct hx_waves *w, int vm, unsigned cpu, uint8_t vector,
                      const struct irq_tag *tags, size_t n)
{
    struct scope *c = cpu_scope(w, vm, cpu);

    if (c) {
        toggle(w, c, C_HANDLER);
        set(w, c, C_HANDLER_VEC, vector);
    }
    for (size_t i = 0; i < n; i++) {
        struct scope *s = tags[i].seq ? adi_scope(w, tags[i].dev, tags[i].adi) : NULL;

        if (!s)
            continue;
        toggle(w, s, A_HANDLER);
        flush(w);   /* two tags of one ADI: two edges */
    }
    flush(w);
}

static void on_fate(void *ctx, const struct irq_tag *tag, enum hx_irq_fate fate,
                    sim_time_t latency_ps)
{
    struct hx_waves *w = ctx;
    struct scope *s = adi_scope(w, tag->dev, tag->adi);
    static const char *const what[HX_FATE__COUNT] = {
        [HX_FATE_MISROUTED] = "misrouted", [HX_FATE_FAULTED] = "faulted",
        [HX_FATE_LOST] = "lost", [HX_FATE_REFUSED] = "refused",
        [HX_FATE_LEAKED] = "leaked",
    };

    (void)latency_ps;
    if (!s)
        return;
    set(w, s, A_FATE, (uint64_t)fate);
    toggle(w, s, A_SETTLED);
    if (fate != HX_FATE_DELIVERED && (unsigned)fate < HX_FATE__COUNT && what[fate])
        mark(w, s, what[fate]);
    flush(w);
}

/* The models' own trace points that draw an interrupt's path. */
static void on_trace(void *ctx, unsigned id, const uint64_t *v, unsigned n)
{
    struct hx_waves *w = ctx;
    struct scope *s;

    switch (id) {
    case TP_SIOV_MSG_SEND:   /* dev rid addr data seq */
        if (n < 5 || !(s = seq_scope(w, v[4])))
            return;
        toggle(w, s, A_MSG);
        set(w, s, A_MSG_ADDR, v[2]);
        set(w, s, A_MSG_DATA, v[3]);
        break;
    case TP_IR_REQ:          /* seq addr data len rid */
        if (n < 1 || !v[0] || !(s = seq_scope(w, v[0])))
            return;
        toggle(w, s, A_IR_REQ);
        break;
    case TP_IR_IEC_HIT:      /* seq index */
    case TP_IR_IEC_MISS:
        if (n < 2 || !(s = seq_scope(w, v[0])))
            return;
        set(w, s, A_IRTE, v[1]);
        break;
    case TP_IR_FAULT:        /* seq reason sid index fpd, when detected */
        if (n < 4 || !(s = seq_scope(w, v[0])))
            return;
        toggle(w, s, A_IR_FAULT);
        set(w, s, A_REASON, v[1]);
        set(w, s, A_IRTE, v[3]);
        mark(w, s, "IR fault");
        break;
    case TP_IR_REMAP:        /* seq index dest vector dlm dm tm */
        if (n < 4 || !(s = seq_scope(w, v[0])))
            return;
        toggle(w, s, A_REMAP);
        set(w, s, A_IRTE, v[1]);
        set(w, s, A_DEST, v[2]);
        set(w, s, A_VECTOR, v[3]);
        break;
    case TP_IR_PASSTHROUGH:  /* seq dest vector dlm */
        if (n < 3 || !(s = seq_scope(w, v[0])))
            return;
        toggle(w, s, A_REMAP);
        set(w, s, A_DEST, v[1]);
        set(w, s, A_VECTOR, v[2]);
        break;
    case TP_IR_POST:         /* seq index pda vector on sn urg notify */
        if (n < 8 || !(s = seq_scope(w, v[0])))
            return;
        toggle(w, s, A_POST);
        set(w, s, A_IRTE, v[1]);
        set(w, s, A_PIR_VEC, v[3]);
        set(w, s, A_PID_ON, v[4] || v[7]);   /* ON as found, or set now */
        break;
    case TP_IR_PI_NOTIFY:    /* seq ndst nv */
        if (n < 1 || !(s = seq_scope(w, v[0])))
            return;
        toggle(w, s, A_NOTIFY);
        break;
    case TP_PI_PROCESS:      /* vm vcpu apic nvec */
    case TP_PI_SYNC:         /* vm vcpu nvec */
        if (n < 2 || v[0] > INT_MAX || !(s = cpu_scope(w, (int)v[0], v[1])))
            return;
        toggle(w, s, id == TP_PI_PROCESS ? C_PI_PROCESS : C_PI_SYNC);
        break;
    case TP_PI_WAKEUP:       /* apic vm vcpu */
        if (n < 3 || v[1] > INT_MAX || !(s = cpu_scope(w, (int)v[1], v[2])))
            return;
        toggle(w, s, C_PI_WAKEUP);
        break;
    case TP_VCPU_INJECT:     /* vm vcpu vec state seq */
        if (n < 3 || v[0] > INT_MAX || !(s = cpu_scope(w, (int)v[0], v[1])))
            return;
        toggle(w, s, C_INJECT);
        set(w, s, C_INJECT_VEC, v[2]);
        break;
    case TP_VCPU_EOI:        /* vm vcpu vec */
        if (n < 3 || v[0] > INT_MAX || !(s = cpu_scope(w, (int)v[0], v[1])))
            return;
        toggle(w, s, C_EOI);
        set(w, s, C_EOI_VEC, v[2]);
        break;
    case TP_LAPIC_EOI:       /* apic vec: a host pCPU's (APIC ID = index) */
        if (n < 2 || !(s = cpu_scope(w, -1, v[0])))
            return;
        toggle(w, s, C_EOI);
        set(w, s, C_EOI_VEC, v[1]);
        break;
    default:
        return;
    }
    flush(w);
}

/* ---- open, close --------------------------------------------------------------------- */

int hx_waves_open(struct hx_waves **out, const char *vcd_path, uint64_t max_bytes,
                  const struct hx_scenario *scn, struct sim *sim,
                  struct hx_evidence *ev)
{
    struct hx_waves *w = calloc(1, sizeof(*w));
    int rc;

    if (!w)
        return -ENOMEM;
    w->sim = sim;
    w->ev = ev;
    w->max_bytes = max_bytes;
    snprintf(w->vcd_path, sizeof(w->vcd_path), "%s", vcd_path);
    rc = declare(w, scn);
    if (rc) {
        if (w->vcd)
            sim_vcd_close(w->vcd);
        free(w->scope);
        free(w->vm_cpu0);
        free(w->vm_ncpu);
        free(w);
        return rc;
    }
    sim_vcd_limit(w->vcd, max_bytes);
    sim_trace_sink(sim, on_trace, w);
    hx_ev_on_fate(ev, on_fate, w);
    *out = w;
    return 0;
}

/* One scope's signals as GTKWave names them, in a group of its name. */
static void gtkw_group(FILE *f, const struct scope *s)
{
    char name[128];

    hx_gtkw_group(f, s->name, false);
    for (unsigned i = 0; i < (s->cpu ? C__COUNT : A__COUNT); i++) {
        const char *sig = s->cpu ? cpu_def[i].name : adi_def[i].name;
        unsigned width = s->cpu ? cpu_def[i].width : adi_def[i].width;

        if (s->sig[i] < 0)
            continue;
        if (width == 1)
            snprintf(name, sizeof(name), "%s.%s", s->name, sig);
        else
            snprintf(name, sizeof(name), "%s.%s[%u:0]", s->name, sig, width - 1);
        hx_gtkw_trace(f, name, width, !s->cpu && i == A_FATE);
    }
    hx_gtkw_group(f, s->name, true);
}

static int write_gtkw(const struct hx_waves *w)
{
    char path[PATH_MAX], comment[160];
    bool any = false;
    FILE *f;

    if (hx_gtkw_path(path, sizeof(path), w->vcd_path))
        return -EINVAL;
    if (!(f = fopen(path, "w")))
        return -errno;
    if (w->marked)
        snprintf(comment, sizeof(comment), "imslab run: first %s at %" PRIu64 " ps",
                 w->mark_what, w->mark);
    else
        snprintf(comment, sizeof(comment), "imslab run: no fault, every fate delivered");
    hx_gtkw_head(f, comment, w->vcd_path, 0, -20,
                 w->marked ? (int64_t)w->mark : INT64_C(-1));
    for (unsigned i = 0; i < w->nscope; i++)
        any |= w->scope[i].used;
    for (unsigned i = 0; i < w->nscope; i++)
        if (w->scope[i].used || !any)
            gtkw_group(f, &w->scope[i]);
    return fclose(f) ? -EIO : 0;
}

int hx_waves_close(struct hx_waves *w)
{
    int rc, rc2;

    if (!w)
        return 0;
    sim_trace_sink(w->sim, NULL, NULL);
    hx_ev_on_fate(w->ev, NULL, NULL);
    if (w->unplaced) {
        char c[128];

        snprintf(c, sizeof(c), "%" PRIu64 " trace points named an interrupt "
                 "this file could not place in an ADI", w->unplaced);
        (void)sim_vcd_comment(w->vcd, c);
    }
    if (sim_vcd_cut(w->vcd))
        fprintf(stderr, "imslab: %s: cut at %" PRIu64 " bytes (--vcd-max-bytes "
                "%" PRIu64 "); the file says so where it ends\n", w->vcd_path,
                sim_vcd_bytes(w->vcd), w->max_bytes);
    rc = sim_vcd_close(w->vcd);
    rc2 = write_gtkw(w);
    free(w->scope);
    free(w->vm_cpu0);
    free(w->vm_ncpu);
    free(w);
    return rc ? rc : rc2;
}
