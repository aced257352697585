/* SPDX-License-Identifier: MIT */
/* trace.c - trace point registration, pattern enabling, output and hash. */
#include "sim_internal.h"

#include <errno.h>
#include <fnmatch.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define FNV_PRIME SIM__FNV_PRIME

static int parse_fields(const char *spec, struct sim__tp_info *info)
{
    const char *p = spec ? spec : "";

    info->nfields = 0;
    while (*p) {
        const char *w, *colon, *end;
        size_t len;

        while (*p == ' ')
            p++;
        if (!*p)
            break;
        w = p;
        while (*p && *p != ' ')
            p++;
        end = p;
        colon = memchr(w, ':', (size_t)(end - w));
        if (!colon || colon + 2 != end || (colon[1] != 'u' && colon[1] != 'x'))
            return -EINVAL;
        len = (size_t)(colon - w);
        if (len == 0 || len >= sizeof(info->name[0]) ||
            info->nfields == SIM_TP_MAX_FIELDS)
            return -EINVAL;
        memcpy(info->name[info->nfields], w, len);
        info->name[info->nfields][len] = '\0';
        info->fmt[info->nfields] = colon[1];
        info->nfields++;
    }
    return 0;
}

int sim_trace_use(struct sim *sim, const struct sim_tp_desc *tps, size_t n)
{
    struct sim_trace *t = &sim->trace;
    struct sim__tp_info *info;

    if (n > SIM_TP_MAX)
        return -EINVAL;
    info = calloc(n ? n : 1, sizeof(*info));
    if (!info)
        return -ENOMEM;
    for (size_t i = 0; i < n; i++) {
        if (!tps[i].name || !tps[i].group || parse_fields(tps[i].fields, &info[i])) {
            free(info);
            return -EINVAL;
        }
    }
    free(t->info);
    t->info = info;
    t->tps = tps;
    t->ntps = n;
    memset(t->enabled, 0, sizeof(t->enabled));
    return 0;
}

static bool tp_matches(const struct sim_tp_desc *d, const char *pat)
{
    char full[96];

    if (fnmatch(pat, d->name, 0) == 0)
        return true;
    snprintf(full, sizeof(full), "%s.%s", d->group, d->name);
    return fnmatch(pat, full, 0) == 0;
}

static void update_active(struct sim_trace *t)
{
    bool any = false;

    for (size_t i = 0; i < SIM_TP_MAX / 64; i++)
        any |= t->enabled[i] != 0;
    t->print_any = any || t->sink;
    t->active = t->print_any || t->hash_on;
}

int sim_trace_enable(struct sim *sim, const char *patterns)
{
    struct sim_trace *t = &sim->trace;
    char *copy, *save = NULL;
    int count = 0, rc = 0;

    if (!patterns)
        return -EINVAL;
    copy = strdup(patterns);
    if (!copy)
        return -ENOMEM;
    for (char *tok = strtok_r(copy, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        bool off = tok[0] == '-';
        const char *pat = off ? tok + 1 : tok;
        bool hit = false;

        for (size_t i = 0; i < t->ntps; i++) {
            if (!tp_matches(&t->tps[i], pat))
                continue;
            hit = true;
            if (off)
                t->enabled[i / 64] &= ~(UINT64_C(1) << (i % 64));
            else
                t->enabled[i / 64] |= UINT64_C(1) << (i % 64);
        }
        if (!hit)
            rc = -EINVAL;
    }
    free(copy);
    update_active(t);
    if (rc)
        return rc;
    for (size_t i = 0; i < t->ntps; i++)
        count += (t->enabled[i / 64] >> (i % 64)) & 1;
    return count;
}

void sim_trace_output(struct sim *sim, FILE *out)
{
    sim->trace.out = out;
}

void sim_trace_sink(struct sim *sim,
                    void (*fn)(void *ctx, unsigned id, const uint64_t *v, unsigned n),
                    void *ctx)
{
    sim->trace.sink = fn;
    sim->trace.sink_ctx = ctx;
    update_active(&sim->trace);
}

void sim_trace_hash_enable(struct sim *sim, bool on)
{
    sim->trace.hash_on = on;
    update_active(&sim->trace);
}

uint64_t sim_trace_hash(const struct sim *sim)
{
    return sim->trace.hash;
}

uint64_t sim_trace_count(const struct sim *sim)
{
    return sim->trace.count;
}

/* FNV-1a applied to whole 64-bit words: one xor and one multiply each. */
static inline uint64_t fnv_word(uint64_t h, uint64_t w)
{
    return (h ^ w) * FNV_PRIME;
}

void sim__trace_emit(struct sim *sim, unsigned id, const uint64_t *v,
                     unsigned n)
{
    struct sim_trace *t = &sim->trace;

    t->count++;
    if (t->hash_on) {
        uint64_t h = fnv_word(t->hash, sim->now);

        h = fnv_word(h, id);
        for (unsigned i = 0; i < n; i++)
            h = fnv_word(h, v[i]);
        t->hash = h;
    }
    if (id < t->ntps && ((t->enabled[id / 64] >> (id % 64)) & 1)) {
        const struct sim__tp_info *in = &t->info[id];
        FILE *out = t->out ? t->out : stderr;

        fprintf(out, "%" PRIu64 " %s.%s", sim->now, t->tps[id].group,
                t->tps[id].name);
        for (unsigned i = 0; i < n && i < in->nfields; i++) {
            if (in->fmt[i] == 'x')
                fprintf(out, " %s=0x%" PRIx64, in->name[i], v[i]);
            else
                fprintf(out, " %s=%" PRIu64, in->name[i], v[i]);
        }
        /* a call site passing the wrong count is a model bug: show it */
        if (n != in->nfields)
            fprintf(out, " !fields=%u/%u", n, (unsigned)in->nfields);
        fputc('\n', out);
    }
    if (t->sink)
        t->sink(t->sink_ctx, id, v, n);
}

void sim_trace_list(const struct sim_tp_desc *tps, size_t n, FILE *out)
{
    for (size_t i = 0; i < n; i++)
        fprintf(out, "%s.%s\t%s\t%s\n", tps[i].group, tps[i].name,
                tps[i].fields ? tps[i].fields : "", tps[i].doc ? tps[i].doc : "");
}
