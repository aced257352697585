/* SPDX-License-Identifier: MIT */
/* gtkw.c - GTKWave save files (gtkw.h). */
#include "harness/gtkw.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

int hx_gtkw_path(char *out, size_t len, const char *vcd_path)
{
    size_t n = strlen(vcd_path);

    if (n < 4 || strcmp(vcd_path + n - 4, ".vcd") ||
        snprintf(out, len, "%.*s.gtkw", (int)(n - 4), vcd_path) >= (int)len)
        return -EINVAL;
    return 0;
}

void hx_gtkw_head(FILE *f, const char *comment, const char *dumpfile,
                  uint64_t timestart, int zoom, int64_t marker)
{
    fprintf(f, "[*] %s\n", comment);
    fprintf(f, "[dumpfile] \"%s\"\n", dumpfile);
    fprintf(f, "[timestart] %" PRIu64 "\n", timestart);
    fprintf(f, "[size] 1600 900\n[pos] -1 -1\n");
    /* zoom, the primary marker, then 26 named markers (unset) */
    fprintf(f, "*%d.000000 %" PRId64, zoom, marker);
    for (int i = 0; i < 26; i++)
        fprintf(f, " -1");
    fprintf(f, "\n");
}

void hx_gtkw_trace(FILE *f, const char *name, unsigned width, bool decimal)
{
    fprintf(f, "%s\n%s\n", width == 1 ? "@28" : decimal ? "@24" : "@22", name);
}

void hx_gtkw_group(FILE *f, const char *name, bool end)
{
    fprintf(f, "%s\n-%s\n", end ? "@1000200" : "@800200", name);
}
