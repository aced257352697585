/* SPDX-License-Identifier: MIT */
/*
 * trace.h - declared trace points, enabled by pattern, hashed.
 *
 * A trace point is declared once in a list (models/trace-events.h holds the
 * models' list; a test or benchmark may declare its own) as a struct
 * sim_tp_desc: a name, a group, and its fields as "name:fmt" words, where
 * fmt is u (decimal) or x (hex).  A call site is
 *
 *     SIM_TRACE(sim, TP_IR_REMAP, index, vector, dest);
 *
 * Every field is widened to uint64_t.  When no trace output and no hash is
 * wanted the cost is one predictable branch; with -DSIM_TRACE_ENABLED=0 the
 * call compiles to nothing.
 *
 * Output is one text line per event, "<ps> <group>.<name> f=v ...", to the
 * FILE set with sim_trace_output() (never the verdict stream).  The running
 * hash is FNV-1a taken a 64-bit word at a time over (time, trace point id,
 * fields) of every
 * trace point, whether printed or not, so two runs, or two backends, can be
 * compared by one number.
 */
#ifndef IMSLAB_SIM_TRACE_H
#define IMSLAB_SIM_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "sim.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifndef SIM_TRACE_ENABLED
#define SIM_TRACE_ENABLED 1
#endif

#define SIM_TP_MAX_FIELDS 8
#define SIM_TP_MAX 512

/**
 * struct sim_tp_desc - one declared trace point.
 * @name: short name, unique in its list ("ir_remap")
 * @group: the model it belongs to ("iommu")
 * @fields: space-separated "name:fmt" words, fmt one of u or x
 * @doc: one line saying what happened
 */
struct sim_tp_desc {
    const char *name;
    const char *group;
    const char *fields;
    const char *doc;
};

/* Parsed form of a descriptor, built by sim_trace_use(). */
struct sim__tp_info {
    uint8_t nfields;
    char fmt[SIM_TP_MAX_FIELDS];
    char name[SIM_TP_MAX_FIELDS][24];
};

/*
 * The part of the trace state that call sites read inline.  It is the first
 * member of struct sim, so SIM_TRACE needs no function call when idle.
 */
struct sim_trace {
    bool active;                 /* output or hash wanted: emit is called */
    bool hash_on;
    bool print_any;              /* some trace point is printed, or a
                                    sink listens: emit is called */
    const sim_time_t *now;       /* the simulation's clock, for the hash */
    uint64_t hash;
    uint64_t count;              /* trace points emitted while active */
    FILE *out;
    const struct sim_tp_desc *tps;
    struct sim__tp_info *info;
    size_t ntps;
    uint64_t enabled[SIM_TP_MAX / 64];
    void (*sink)(void *ctx, unsigned id, const uint64_t *v, unsigned n);
    void *sink_ctx;
};

#define SIM_TRACE_HASH_INIT UINT64_C(0xcbf29ce484222325)

/**
 * sim_trace_use - register the trace point list a simulation emits.
 * @sim: the simulation
 * @tps: the list (must outlive @sim)
 * @n: its length, at most %SIM_TP_MAX
 *
 * Return: 0, -EINVAL on a malformed field list or too many points, -ENOMEM.
 */
int sim_trace_use(struct sim *sim, const struct sim_tp_desc *tps, size_t n);

/**
 * sim_trace_enable - print trace points whose name matches @patterns.
 * @sim: the simulation
 * @patterns: comma-separated shell globs matched against "group.name" and
 *            against "name"; a leading '-' disables what it matches.
 *            Applied left to right.
 *
 * Return: the number of trace points enabled afterwards, or -EINVAL when a
 * pattern matches nothing (a misspelt pattern is an error, not silence).
 */
int sim_trace_enable(struct sim *sim, const char *patterns);

/** sim_trace_output - where printed trace lines go (default stderr). */
void sim_trace_output(struct sim *sim, FILE *out);

/**
 * sim_trace_sink - also hand every trace point to @fn (NULL: stop), at
 * the time it happens (sim_now()), with its id in the registered list and
 * its fields.  @fn only records: it must not schedule or change a model.
 * The hash and the printed lines are the same with or without a sink.
 */
void sim_trace_sink(struct sim *sim,
                    void (*fn)(void *ctx, unsigned id, const uint64_t *v, unsigned n),
                    void *ctx);

/** sim_trace_hash_enable - start (or stop) hashing every trace point. */
void sim_trace_hash_enable(struct sim *sim, bool on);

/** sim_trace_hash - the running trace hash. */
uint64_t sim_trace_hash(const struct sim *sim);

/** sim_trace_count - trace points seen while tracing or hashing was on. */
uint64_t sim_trace_count(const struct sim *sim);

/** sim_trace_list - print the registered trace points, one per line. */
void sim_trace_list(const struct sim_tp_desc *tps, size_t n, FILE *out);

/* Emit slow path; called only when tracing is active. */
void sim__trace_emit(struct sim *sim, unsigned id, const uint64_t *v,
                     unsigned n);

/* Inline view of the trace state (struct sim begins with it). */
static inline const struct sim_trace *sim__trace_of(const struct sim *sim)
{
    return (const struct sim_trace *)(const void *)sim;
}

#define SIM__FNV_PRIME UINT64_C(0x100000001b3)

/*
 * Hash-only fast path, inline at the call site: the same fold as
 * sim__trace_emit() (FNV-1a a 64-bit word at a time over now, id, fields),
 * without a call when nothing is printed.
 */
static inline void sim__trace_fold(struct sim *sim, unsigned id, const uint64_t *v,
                                   unsigned n)
{
    struct sim_trace *t = (struct sim_trace *)(void *)sim;
    uint64_t h = (t->hash ^ *t->now) * SIM__FNV_PRIME;

    h = (h ^ id) * SIM__FNV_PRIME;
    for (unsigned i = 0; i < n; i++)
        h = (h ^ v[i]) * SIM__FNV_PRIME;
    t->hash = h;
    t->count++;
}

#if SIM_TRACE_ENABLED
#define SIM_TRACE(sim, id, ...)                                              \
    do {                                                                     \
        const struct sim_trace *sim_tt_ = sim__trace_of(sim);                \
        if (__builtin_expect(sim_tt_->active, 0)) {                          \
            const uint64_t sim_tv_[] = { __VA_ARGS__ };                      \
            const unsigned sim_tn_ =                                         \
                (unsigned)(sizeof(sim_tv_) / sizeof(sim_tv_[0]));            \
            if (!sim_tt_->print_any && sim_tt_->hash_on)                     \
                sim__trace_fold((sim), (id), sim_tv_, sim_tn_);              \
            else                                                             \
                sim__trace_emit((sim), (id), sim_tv_, sim_tn_);              \
        }                                                                    \
    } while (0)
#else
#define SIM_TRACE(sim, id, ...)                                              \
    do {                                                                     \
        if (0) {                                                             \
            const uint64_t sim_tv_[] = { __VA_ARGS__ };                      \
            (void)sim_tv_;                                                   \
            (void)(sim);                                                     \
        }                                                                    \
    } while (0)
#endif

#ifdef __cplusplus
}
#endif

#endif /* IMSLAB_SIM_TRACE_H */
