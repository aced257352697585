/* SPDX-License-Identifier: MIT */
/* vcd.c - a small Value Change Dump writer (vcd.h). */
#include "vcd.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define NAME_LEN 48

struct sig {
    char name[NAME_LEN];
    char id[4];
    unsigned width;
    uint64_t val, written;
};

struct sim_vcd {
    FILE *f;
    bool own;
    bool begun;
    bool err;
    uint64_t t;
    bool have_t;
    char timescale[16];
    char scope[NAME_LEN];
    struct sig sig[SIM_VCD_MAX_SIGNALS];
    int n;
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

int sim_vcd_open_stream(struct sim_vcd **out, FILE *f, const char *timescale,
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
    snprintf(v->scope, sizeof(v->scope), "%s", scope);
    *out = v;
    return 0;
}

int sim_vcd_open(struct sim_vcd **out, const char *path, const char *timescale,
                 const char *scope)
{
    FILE *f;
    int rc;

    if (!path)
        return -EINVAL;
    f = fopen(path, "w");
    if (!f)
        return -errno;
    rc = sim_vcd_open_stream(out, f, timescale, scope);
    if (rc) {
        fclose(f);
        return rc;
    }
    (*out)->own = true;
    return 0;
}

int sim_vcd_add(struct sim_vcd *v, const char *name, unsigned width)
{
    struct sig *s;
    int i = v->n;

    if (v->begun || v->n >= SIM_VCD_MAX_SIGNALS || !name_ok(name) ||
        width < 1 || width > SIM_VCD_MAX_WIDTH)
        return -EINVAL;
    s = &v->sig[v->n++];
    snprintf(s->name, sizeof(s->name), "%s", name);
    /* identifier codes: printable ASCII 33..126, two characters at most */
    if (i < 94) {
        s->id[0] = (char)(33 + i);
    } else {
        s->id[0] = (char)(33 + i / 94);
        s->id[1] = (char)(33 + i % 94);
    }
    s->width = width;
    return i;
}

static void put_value(struct sim_vcd *v, const struct sig *s)
{
    if (s->width == 1) {
        fprintf(v->f, "%c%s\n", (s->val & 1) ? '1' : '0', s->id);
        return;
    }
    fputc('b', v->f);
    /* the shortest binary form: leading zeros left out (18.2.1) */
    {
        int top = (int)s->width - 1;

        while (top > 0 && !((s->val >> top) & 1))
            top--;
        for (int b = top; b >= 0; b--)
            fputc(((s->val >> b) & 1) ? '1' : '0', v->f);
    }
    fprintf(v->f, " %s\n", s->id);
}

int sim_vcd_begin(struct sim_vcd *v)
{
    if (v->begun)
        return -EINVAL;
    v->begun = true;
    fprintf(v->f, "$date imslab $end\n$version imslab vcd writer $end\n");
    fprintf(v->f, "$timescale %s $end\n", v->timescale);
    fprintf(v->f, "$scope module %s $end\n", v->scope);
    for (int i = 0; i < v->n; i++)
        fprintf(v->f, "$var wire %u %s %s $end\n", v->sig[i].width,
                v->sig[i].id, v->sig[i].name);
    fprintf(v->f, "$upscope $end\n$enddefinitions $end\n#0\n$dumpvars\n");
    for (int i = 0; i < v->n; i++) {
        put_value(v, &v->sig[i]);
        v->sig[i].written = v->sig[i].val;
    }
    fprintf(v->f, "$end\n");
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
}

int sim_vcd_step(struct sim_vcd *v, uint64_t t)
{
    bool stamped = false;

    if (!v->begun || (v->have_t && t < v->t))
        return -EINVAL;
    for (int i = 0; i < v->n; i++) {
        struct sig *s = &v->sig[i];

        if (s->val == s->written)
            continue;
        if (!stamped && t != v->t) {
            fprintf(v->f, "#%llu\n", (unsigned long long)t);
            v->t = t;
        }
        stamped = true;
        put_value(v, s);
        s->written = s->val;
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
    free(v);
    return rc;
}
