/* SPDX-License-Identifier: MIT */
/* vcd.c - a small Value Change Dump writer (vcd.h). */
#include "vcd.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define NAME_LEN 48

struct sig {
    char name[NAME_LEN];
    char id[4];
    unsigned width;
    unsigned scope;
    bool dirty;
    uint64_t val, written;
};

struct sim_vcd {
    FILE *f;
    bool own;
    bool begun;
    bool err;
    bool cut;
    uint64_t t;
    bool have_t;
    uint64_t bytes, max_bytes;
    char timescale[16];
    char (*scope)[NAME_LEN];  /* scope names, in order */
    unsigned nscope;
    struct sig *sig;
    int n, cap;
    int *dirty;               /* signals set since the last step */
    int ndirty;
    char *hdr;                /* comments given before sim_vcd_begin() */
    size_t nhdr;
};

static bool name_ok(const char *s)
{
    if (!s || !*s || strlen(s) >= NAME_LEN)
        return false;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '_')
            return false;
    return true;
}

/* fprintf() that counts what it wrote. */
static void out(struct sim_vcd *v, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vfprintf(v->f, fmt, ap);
    va_end(ap);
    if (n < 0)
        v->err = true;
    else
        v->bytes += (uint64_t)n;
}

static int add_scope(struct sim_vcd *v, const char *name)
{
    char (*s)[NAME_LEN];

    if (!name_ok(name))
        return -EINVAL;
    s = realloc(v->scope, (v->nscope + 1) * sizeof(*s));
    if (!s)
        return -ENOMEM;
    v->scope = s;
    snprintf(s[v->nscope++], NAME_LEN, "%s", name);
    return 0;
}

int sim_vcd_open_stream(struct sim_vcd **out_v, FILE *f, const char *timescale,
                        const char *scope)
{
    struct sim_vcd *v;

    if (!f || !timescale || strlen(timescale) >= 16 || !name_ok(scope))
        return -EINVAL;
    v = calloc(1, sizeof(*v));
    if (!v)
        return -ENOMEM;
    v->f = f;
    snprintf(v->timescale, sizeof(v->timescale), "%s", timescale);
    if (add_scope(v, scope)) {
        free(v);
        return -ENOMEM;
    }
    *out_v = v;
    return 0;
}

int sim_vcd_open(struct sim_vcd **out_v, const char *path, const char *timescale,
                 const char *scope)
{
    FILE *f;
    int rc;

    if (!path)
        return -EINVAL;
    f = fopen(path, "w");
    if (!f)
        return -errno;
    rc = sim_vcd_open_stream(out_v, f, timescale, scope);
    if (rc) {
        fclose(f);
        return rc;
    }
    (*out_v)->own = true;
    return 0;
}

int sim_vcd_scope(struct sim_vcd *v, const char *name)
{
    if (v->begun)
        return -EINVAL;
    return add_scope(v, name);
}

int sim_vcd_add(struct sim_vcd *v, const char *name, unsigned width)
{
    struct sig *s;
    int i = v->n, k = 0;
    char digit[4];

    if (v->begun || v->n >= SIM_VCD_MAX_SIGNALS || !name_ok(name) ||
        width < 1 || width > SIM_VCD_MAX_WIDTH)
        return -EINVAL;
    if (v->n == v->cap) {
        int cap = v->cap ? v->cap * 2 : 32;
        struct sig *ns = realloc(v->sig, (size_t)cap * sizeof(*ns));
        int *nd;

        if (!ns)
            return -ENOMEM;
        v->sig = ns;
        nd = realloc(v->dirty, (size_t)cap * sizeof(*nd));
        if (!nd)
            return -ENOMEM;
        v->dirty = nd;
        v->cap = cap;
    }
    s = &v->sig[v->n++];
    memset(s, 0, sizeof(*s));
    snprintf(s->name, sizeof(s->name), "%s", name);
    /* identifier codes: the handle in base 94 over '!'..'~' */
    do {
        digit[k++] = (char)(33 + i % 94);
        i /= 94;
    } while (i && k < 3);
    for (int j = 0; j < k; j++)
        s->id[j] = digit[k - 1 - j];
    s->width = width;
    s->scope = v->nscope - 1;
    return v->n - 1;
}

static void put_value(struct sim_vcd *v, const struct sig *s)
{
    char buf[SIM_VCD_MAX_WIDTH + 8];
    int top = (int)s->width - 1, k = 0;

    if (s->width == 1) {
        out(v, "%c%s\n", (s->val & 1) ? '1' : '0', s->id);
        return;
    }
    /* the shortest binary form: leading zeros left out (18.2.1) */
    while (top > 0 && !((s->val >> top) & 1))
        top--;
    buf[k++] = 'b';
    for (int b = top; b >= 0; b--)
        buf[k++] = ((s->val >> b) & 1) ? '1' : '0';
    buf[k] = '\0';
    out(v, "%s %s\n", buf, s->id);
}

int sim_vcd_comment(struct sim_vcd *v, const char *text)
{
    if (!v->begun) {
        size_t n = strlen(text) + sizeof("$comment  $end\n");
        char *h = realloc(v->hdr, v->nhdr + n);

        if (!h)
            return -ENOMEM;
        v->hdr = h;
        v->nhdr += (size_t)snprintf(h + v->nhdr, n, "$comment %s $end\n", text);
        return 0;
    }
    if (v->cut)
        return 0;
    out(v, "$comment %s $end\n", text);
    return v->err ? -EIO : 0;
}

void sim_vcd_limit(struct sim_vcd *v, uint64_t max_bytes)
{
    v->max_bytes = max_bytes;
}

bool sim_vcd_cut(const struct sim_vcd *v)
{
    return v->cut;
}

uint64_t sim_vcd_bytes(const struct sim_vcd *v)
{
    return v->bytes;
}

int sim_vcd_begin(struct sim_vcd *v)
{
    unsigned sc = 0;

    if (v->begun)
        return -EINVAL;
    v->begun = true;
    out(v, "$date imslab $end\n$version imslab vcd writer $end\n");
    out(v, "$timescale %s $end\n", v->timescale);
    if (v->nhdr)
        out(v, "%s", v->hdr);
    out(v, "$scope module %s $end\n", v->scope[0]);
    for (int i = 0; i < v->n; i++) {
        while (sc < v->sig[i].scope)
            out(v, "$upscope $end\n$scope module %s $end\n", v->scope[++sc]);
        out(v, "$var wire %u %s %s $end\n", v->sig[i].width, v->sig[i].id,
            v->sig[i].name);
    }
    while (sc + 1 < v->nscope)
        out(v, "$upscope $end\n$scope module %s $end\n", v->scope[++sc]);
    out(v, "$upscope $end\n$enddefinitions $end\n#0\n$dumpvars\n");
    for (int i = 0; i < v->n; i++) {
        put_value(v, &v->sig[i]);
        v->sig[i].written = v->sig[i].val;
        v->sig[i].dirty = false;
    }
    v->ndirty = 0;
    out(v, "$end\n");
    v->t = 0;
    v->have_t = true;
    if (ferror(v->f))
        v->err = true;
    return v->err ? -EIO : 0;
}

void sim_vcd_set(struct sim_vcd *v, int sig, uint64_t val)
{
    struct sig *s;

    if (sig < 0 || sig >= v->n)
        return;
    s = &v->sig[sig];
    if (s->width < 64)
        val &= (UINT64_C(1) << s->width) - 1;
    s->val = val;
    if (!s->dirty && v->begun) {
        s->dirty = true;
        v->dirty[v->ndirty++] = sig;
    }
}

uint64_t sim_vcd_get(const struct sim_vcd *v, int sig)
{
    return sig >= 0 && sig < v->n ? v->sig[sig].val : 0;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;

    return (x > y) - (x < y);
}

int sim_vcd_step(struct sim_vcd *v, uint64_t t)
{
    bool stamped = false;

    if (!v->begun || (v->have_t && t < v->t))
        return -EINVAL;
    /* in handle order, as a walk over every signal would write them */
    if (v->ndirty > 1)
        qsort(v->dirty, (size_t)v->ndirty, sizeof(v->dirty[0]), cmp_int);
    for (int k = 0; k < v->ndirty; k++) {
        struct sig *s = &v->sig[v->dirty[k]];

        s->dirty = false;
        if (s->val == s->written || v->cut)
            continue;
        if (!stamped && t != v->t) {
            out(v, "#%" PRIu64 "\n", t);
            v->t = t;
        }
        stamped = true;
        put_value(v, s);
        s->written = s->val;
    }
    v->ndirty = 0;
    if (!v->cut && v->max_bytes && v->bytes >= v->max_bytes) {
        out(v, "$comment cut: the file reached its limit of %" PRIu64
            " bytes at time %" PRIu64 " %s; later changes are not written $end\n",
            v->max_bytes, t, v->timescale);
        v->cut = true;
    }
    if (ferror(v->f))
        v->err = true;
    return v->err ? -EIO : 0;
}

int sim_vcd_close(struct sim_vcd *v)
{
    int rc;

    if (!v)
        return 0;
    if (fflush(v->f))
        v->err = true;
    rc = v->err ? -EIO : 0;
    if (v->own && fclose(v->f))
        rc = -EIO;
    free(v->sig);
    free(v->dirty);
    free(v->scope);
    free(v->hdr);
    free(v);
    return rc;
}
