/* SPDX-License-Identifier: MIT */
/*
 * datadir.c - where the built-in suite, layouts and docs are: next to an
 * installed binary (BINDIR/../share/imslab), else the source tree.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cmds.h"

void hx_data_path(char *buf, size_t n, const char *rel)
{
    char exe[PATH_MAX], dir[PATH_MAX + 32];
    struct stat st;
    ssize_t len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    char *slash;

    if (len > 0) {
        exe[len] = '\0';
        slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            snprintf(dir, sizeof(dir), "%s/../share/imslab/scenarios", exe);
            if (!stat(dir, &st) && S_ISDIR(st.st_mode)) {
                snprintf(buf, n, "%s/../share/imslab/%s", exe, rel);
                return;
            }
        }
    }
    snprintf(buf, n, "%s/%s", IMSLAB_SOURCE_DIR, rel);
}
