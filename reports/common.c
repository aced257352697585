/* SPDX-License-Identifier: MIT */
/* common.c - text cleaning, number formats and tallies the writers share. */
#include "reports/report.h"
#include "reports/rpt_internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <errno.h>

#include <jansson.h>

/*
 * Length of the UTF-8 sequence at @s (at most @n bytes), 0 if it is not a
 * valid, shortest-form encoding of a Unicode scalar value (RFC 3629 s.4).
 */
static size_t utf8_seq(const unsigned char *s, size_t n, uint32_t *cp)
{
    size_t len;
    uint32_t c, min;

    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    if ((s[0] & 0xe0) == 0xc0) {
        len = 2, c = s[0] & 0x1f, min = 0x80;
    } else if ((s[0] & 0xf0) == 0xe0) {
        len = 3, c = s[0] & 0x0f, min = 0x800;
    } else if ((s[0] & 0xf8) == 0xf0) {
        len = 4, c = s[0] & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3f);
    }
    if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
        return 0;
    *cp = c;
    return len;
}

static bool allowed(uint32_t c, enum rpt__text mode)
{
    switch (mode) {
    case RPT__TEXT_JSON:
        return true;
    case RPT__TEXT_XML:   /* XML 1.0 s.2.2 Char */
        if (c < 0x20)
            return c == 0x09 || c == 0x0a || c == 0x0d;
        return c != 0xfffe && c != 0xffff;
    case RPT__TEXT_TERM:
        return c >= 0x20 && !(c >= 0x7f && c <= 0x9f);
    }
    return false;
}

char *rpt__clean(char *dst, const char *src, size_t srcmax, enum rpt__text mode)
{
    const unsigned char *s = (const unsigned char *)src;
    size_t n = src ? strnlen(src, srcmax) : 0;
    const char *repl = mode == RPT__TEXT_TERM ? "?" : "\xef\xbf\xbd";
    char *d = dst;

    while (n > 0) {
        uint32_t c = 0;
        size_t len = utf8_seq(s, n, &c);

        if (len && allowed(c, mode)) {
            memcpy(d, s, len);
            d += len;
        } else {
            /* one replacement per bad byte: the output length stays bounded */
            len = len ? len : 1;
            d = stpcpy(d, repl);
        }
        s += len;
        n -= len;
    }
    *d = '\0';
    return dst;
}

json_t *rpt__json_text(const char *s, size_t max)
{
    size_t len = s ? strnlen(s, max) : 0;
    char *buf = malloc(RPT__CLEAN_SIZE(len));
    json_t *v;

    if (!buf)
        return NULL;
    v = json_string(rpt__clean(buf, s, len, RPT__TEXT_JSON));
    free(buf);
    return v;
}

size_t rpt__width(const char *s)
{
    size_t w = 0;

    for (; *s; s++)
        w += ((unsigned char)*s & 0xc0) != 0x80;
    return w;
}

const char *rpt__outcome_short(enum hx_outcome o)
{
    static const char *const names[HX_OUT__COUNT] = {
        [HX_OUT_NONE] = "none",
        [HX_OUT_DELIVERED] = "DELIV",
        [HX_OUT_REFUSED_FALLBACK] = "FALLBK",
        [HX_OUT_MISROUTED] = "MISRT",
        [HX_OUT_LEAKED] = "LEAKED",
        [HX_OUT_FAULTED] = "FAULT",
        [HX_OUT_LOST] = "LOST",
        [HX_OUT_SILENT_FAILURE] = "SILENT",
        [HX_OUT_NOT_EMULATABLE] = "NOEMUL",
        [HX_OUT_MIXED] = "MIXED",
        [HX_OUT_NO_PAIR] = "NOPAIR",
    };

    return (unsigned)o < HX_OUT__COUNT ? names[o] : "?";
}

void rpt__fmt_per_irq(char *buf, size_t size, const struct hx_result *r)
{
    unsigned __int128 tenths = 0;

    /* integers only: (10 e / n) rounded half up = (20 e + n) / 2n */
    if (r->raised)
        tenths = ((unsigned __int128)r->exits_steady * 20 + r->raised) /
                 ((unsigned __int128)r->raised * 2);
    snprintf(buf, size, "%" PRIu64 ".%u", (uint64_t)(tenths / 10),
             (unsigned)(tenths % 10));
}

void rpt__fmt_faults(char *buf, size_t size, const struct hx_result *r,
                     bool long_form)
{
    size_t used = 0;

    buf[0] = '\0';
    for (int i = 0; i < HX_IR_FAULT_N && used < size; i++) {
        if (!r->ir_faults[i])
            continue;
        used += (size_t)snprintf(buf + used, size - used, "%s%s%02x=%" PRIu64,
                                 used ? "," : "", long_form ? "0x" : "f",
                                 HX_IR_FAULT_FIRST + i, r->ir_faults[i]);
    }
    if (!used)
        snprintf(buf, size, "%s", long_form ? "none" : "f=0");
}

/* @ns as microseconds rounded half up to 0.01, e.g. 1834 -> "1.83". */
static void fmt_us(char *buf, size_t size, uint64_t ns)
{
    uint64_t h = ns / 10 + (ns % 10 >= 5);

    snprintf(buf, size, "%" PRIu64 ".%02u", h / 100, (unsigned)(h % 100));
}

void rpt__fmt_latency(char *buf, size_t size, const struct hx_result *r)
{
    char p50[32], p99[32];

    if (!r->latency.n) {
        snprintf(buf, size, "-");
        return;
    }
    fmt_us(p50, sizeof(p50), r->latency.p50_ns);
    fmt_us(p99, sizeof(p99), r->latency.p99_ns);
    snprintf(buf, size, "%s/%sus", p50, p99);
}

void rpt__fmt_summary(char *buf, size_t size, const struct hx_result *r)
{
    char per[32], faults[RPT__FAULTS_SIZE], lat[80];

    rpt__fmt_per_irq(per, sizeof(per), r);
    rpt__fmt_faults(faults, sizeof(faults), r, true);
    rpt__fmt_latency(lat, sizeof(lat), r);
    snprintf(buf, size,
             "outcome %s: %" PRIu64 "/%" PRIu64 " delivered, %s exits/irq, "
             "%" PRIu64 " IMS-write traps, %" PRIu64 " hypercalls, "
             "IR faults %s, latency p50/p99 %s",
             hx_outcome_name(r->outcome), r->delivered, r->raised, per,
             r->ims_write_traps, r->hypercalls, faults, lat);
}

void rpt_tally(const struct hx_result *res, size_t n, struct rpt_tally *t)
{
    memset(t, 0, sizeof(*t));
    for (size_t i = 0; i < n; i++) {
        t->scenarios++;
        t->skipped += res[i].skipped[0] != '\0';
        for (size_t k = 0; k < res[i].n_expect; k++) {
            t->expectations++;
            if (res[i].expect[k].verdict == HX_VERDICT_PASS)
                t->passed++;
            else
                t->failed++;
        }
    }
}

void rpt__junit_seconds(char *buf, size_t n, uint64_t ns)
{
    snprintf(buf, n, "%" PRIu64 ".%03" PRIu64, ns / 1000000000u, ns / 1000000u % 1000u);
}

int rpt__junit_timestamp(char *buf, size_t n, struct timespec t)
{
    struct tm tm;

    if (t.tv_nsec < 0 || t.tv_nsec >= 1000000000L || !gmtime_r(&t.tv_sec, &tm) ||
        !strftime(buf, n, "%Y-%m-%dT%H:%M:%S", &tm))
        return -EINVAL;
    return 0;
}
