/* SPDX-License-Identifier: MIT */
/* progress.c - the progress line of `imslab run` (progress.h). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "cli/progress.h"

static uint64_t now_ns(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

void hx_progress_start(struct hx_progress *p, FILE *f, size_t total)
{
    const char *env;

    p->who = NULL;
    p->f = f;
    p->on = isatty(fileno(f)) == 1;
    p->shown = false;
    p->t0_ns = now_ns();
    p->last_ns = 0;
    p->total = total;
    p->after_ns = HX_PROGRESS_AFTER_NS;
    if ((env = getenv("IMSLAB_PROGRESS_AFTER_MS")) && *env) {
        char *end;
        unsigned long long ms = strtoull(env, &end, 10);

        if (!*end && ms <= 3600000u)
            p->after_ns = (uint64_t)ms * 1000000u;
    }
}

void hx_progress_format(char *buf, size_t n, size_t done, size_t total,
                        uint64_t elapsed_ns)
{
    uint64_t ms = elapsed_ns / 1000000u;
    /* scenarios per second, in tenths, rounded down */
    uint64_t tenths = ms ? (uint64_t)done * 10000u / ms : 0;

    if (!done) {
        snprintf(buf, n, "%zu/%zu scenarios, 0.0/s, --:-- left", done, total);
        return;
    }
    {
        uint64_t left_s = (elapsed_ns / done * (total - done) + 999999999u) / 1000000000u;

        snprintf(buf, n, "%zu/%zu scenarios, %" PRIu64 ".%u/s, %" PRIu64 ":%02u left",
                 done, total, tenths / 10, (unsigned)(tenths % 10), left_s / 60,
                 (unsigned)(left_s % 60));
    }
}

void hx_progress_update(struct hx_progress *p, size_t done)
{
    uint64_t t = now_ns();
    char line[128];

    if (!p->on || t - p->t0_ns < p->after_ns ||
        (p->shown && t - p->last_ns < HX_PROGRESS_EVERY_NS))
        return;
    hx_progress_format(line, sizeof(line), done, p->total, t - p->t0_ns);
    fprintf(p->f, "\rimslab run: %s\033[K", line);
    fflush(p->f);
    p->shown = true;
    p->last_ns = t;
}

void hx_progress_end(struct hx_progress *p)
{
    if (!p->shown)
        return;
    fprintf(p->f, "\r\033[K");
    fflush(p->f);
    p->shown = false;
}

void hx_progress_build(void *ctx, const char *top, const char *phase, uint64_t elapsed_ns)
{
    struct hx_progress *p = ctx;
    uint64_t t = now_ns();

    if (!phase) {
        hx_progress_end(p);
        return;
    }
    if (!p->on || elapsed_ns < p->after_ns ||
        (p->shown && t - p->last_ns < HX_PROGRESS_EVERY_NS))
        return;
    fprintf(p->f, "\r%s: building RTL top '%s': %s, %" PRIu64 " s\033[K",
            p->who ? p->who : "imslab", top ? top : "?", phase, elapsed_ns / 1000000000u);
    fflush(p->f);
    p->shown = true;
    p->last_ns = t;
}
