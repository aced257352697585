/* SPDX-License-Identifier: MIT */
/*
 * html_wave.c - an excerpt of a vendor failure's waveform (its VCD) drawn
 * as SVG for the HTML report: every signal of the dump over the cycles
 * around the failure, the failure cycle marked.
 *
 * The VCDs read are imslab's own (harness/vendor.c): one scope, `$var wire
 * W ID NAME $end`, `#T` time stamps in ps, `0ID`/`1ID` and `bBITS ID`
 * changes.  A file that cannot be read or holds no signal draws nothing.
 */
#include "reports/rpt_internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WAVE_SIGNALS 48     /* drawn at most */
#define WAVE_CHANGES 256    /* per signal, in the window */
#define WAVE_CYCLES 12      /* either side of the failure */

struct sig {
    char id[16], name[64];
    unsigned width;
    uint64_t val[WAVE_CHANGES + 1];   /* [0]: the value when the window opens */
    uint64_t at[WAVE_CHANGES + 1];
    size_t n;
};

struct wave {
    struct sig s[WAVE_SIGNALS];
    size_t n;
};

static void put_esc(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '&': fputs("&amp;", f); break;
        case '"': fputs("&quot;", f); break;
        default: fputc(*s, f);
        }
    }
}

static struct sig *find(struct wave *w, const char *id)
{
    for (size_t i = 0; i < w->n; i++)
        if (!strcmp(w->s[i].id, id))
            return &w->s[i];
    return NULL;
}

/* A value change at @t: before @lo it sets the opening value, in the
 * window it is one more change, after @hi it is dropped. */
static void change(struct sig *s, uint64_t t, uint64_t v, uint64_t lo, uint64_t hi)
{
    if (t <= lo) {
        s->val[0] = v;
        s->at[0] = lo;
        s->n = s->n ? s->n : 1;
    } else if (t <= hi && s->n && s->n <= WAVE_CHANGES) {
        s->val[s->n] = v;
        s->at[s->n++] = t;
    }
}

/* Read @path's signals and their changes within [@lo, @hi]; *@hi becomes
 * the dump's last time stamp when it ends before.  Return: 0 or -1. */
static int load(struct wave *w, const char *path, uint64_t lo, uint64_t *hip)
{
    uint64_t hi = *hip;
    FILE *f = fopen(path, "r");
    char line[512];
    uint64_t t = 0;
    bool defs = true;

    if (!f)
        return -1;
    while (fgets(line, sizeof(line), f)) {
        unsigned width;
        char id[16], name[64];
        struct sig *s;

        line[strcspn(line, "\r\n")] = '\0';
        if (defs) {
            if (sscanf(line, "$var wire %u %15s %63s $end", &width, id, name) == 3 &&
                w->n < WAVE_SIGNALS) {
                s = &w->s[w->n++];
                memset(s, 0, sizeof(*s));
                snprintf(s->id, sizeof(s->id), "%s", id);
                snprintf(s->name, sizeof(s->name), "%s", name);
                s->width = width;
            }
            defs = !strstr(line, "$enddefinitions");
            continue;
        }
        if (line[0] == '#') {
            t = strtoull(line + 1, NULL, 10);
            if (t > hi)
                break;
            *hip = t;
        } else if ((line[0] == '0' || line[0] == '1') && (s = find(w, line + 1))) {
            change(s, t, (uint64_t)(line[0] - '0'), lo, hi);
        } else if (line[0] == 'b') {
            char *sp = strchr(line, ' ');

            if (sp && (s = find(w, sp + 1))) {
                *sp = '\0';
                change(s, t, strtoull(line + 1, NULL, 2), lo, hi);
            }
        }
    }
    fclose(f);
    if (t > hi)
        *hip = hi;
    return w->n ? 0 : -1;
}

void rpt__html_wave(FILE *f, const char *vcd, const char *rule, uint64_t cycle,
                    uint64_t time_ps)
{
    const unsigned label = 120, plot = 720, row = 20;
    uint64_t period = cycle ? time_ps / cycle : 0, lo, hi, span;
    struct wave *w;

    if (!vcd || !vcd[0] || !period)
        return;
    lo = time_ps > WAVE_CYCLES * period ? time_ps - WAVE_CYCLES * period : 0;
    hi = time_ps + WAVE_CYCLES * period;
    w = calloc(1, sizeof(*w));
    if (!w)
        return;
    if (load(w, vcd, lo, &hi)) {
        free(w);
        return;
    }
    if (hi < time_ps + period)      /* the dump may stop at the failure */
        hi = time_ps + period;
    span = hi - lo;
    fprintf(f, "<svg class=\"chart chart-wave\" width=\"%u\" height=\"%zu\" role=\"img\" "
            "xmlns=\"http://www.w3.org/2000/svg\"><title>", label + plot + 10,
            (w->n + 1) * row + 10);
    put_esc(f, rule);
    fprintf(f, ": waveform, cycles %" PRIu64 "-%" PRIu64 ", failure at cycle %" PRIu64
            "</title><text x=\"0\" y=\"12\">", lo / period, hi / period, cycle);
    put_esc(f, rule);
    fprintf(f, " at cycle %" PRIu64 " (%" PRIu64 " ps), cycles %" PRIu64 "-%" PRIu64
            "</text>\n", cycle, time_ps, lo / period, hi / period);
    for (size_t i = 0; i < w->n; i++) {
        const struct sig *s = &w->s[i];
        unsigned y = (unsigned)((i + 1) * row);

        fprintf(f, "<g class=\"signal\"><text x=\"0\" y=\"%u\">", y + 13);
        put_esc(f, s->name);
        fprintf(f, "</text>");
        for (size_t k = 0; k < s->n; k++) {
            uint64_t a = s->at[k], b = k + 1 < s->n ? s->at[k + 1] : hi;
            unsigned x0 = label + (unsigned)((a - lo) * plot / span);
            unsigned x1 = label + (unsigned)((b - lo) * plot / span);

            if (s->width == 1) {
                unsigned yy = s->val[k] ? y + 3 : y + 15;

                fprintf(f, "<polyline points=\"%u,%u %u,%u\" stroke=\"#1a5\" fill=\"none\"/>",
                        x0, yy, x1, yy);
                if (k + 1 < s->n)
                    fprintf(f, "<polyline points=\"%u,%u %u,%u\" stroke=\"#1a5\"/>", x1,
                            y + 3, x1, y + 15);
            } else {
                fprintf(f, "<rect x=\"%u\" y=\"%u\" width=\"%u\" height=\"12\" fill=\"none\" "
                        "stroke=\"#1a5\"/>", x0, y + 3, x1 > x0 ? x1 - x0 : 0);
                if (x1 - x0 > 40)
                    fprintf(f, "<text x=\"%u\" y=\"%u\">%" PRIx64 "</text>", x0 + 3, y + 13,
                            s->val[k]);
            }
        }
        fprintf(f, "</g>\n");
    }
    fprintf(f, "<line class=\"failure\" x1=\"%u\" y1=\"%u\" x2=\"%u\" y2=\"%zu\" "
            "stroke=\"#c00\"/></svg>\n", label + (unsigned)((time_ps - lo) * plot / span),
            row, label + (unsigned)((time_ps - lo) * plot / span), (w->n + 1) * row + 5);
    free(w);
}
