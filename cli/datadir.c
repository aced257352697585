/* SPDX-License-Identifier: MIT */
/*
 * datadir.c - where the built-in suite, layouts, RTL sources and docs are:
 * next to an installed binary (BINDIR/../share/imslab, which mirrors the
 * source tree's scenarios/, layouts/, docs/ and models/), else the source
 * tree.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cmds.h"

void hx_data_root(char *buf, size_t n)
{
    char exe[PATH_MAX], dir[PATH_MAX + 32], real[PATH_MAX];
    const char *root;
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
                snprintf(dir, sizeof(dir), "%s/../share/imslab", exe);
                /* without the "bin/..": paths in outputs read plainly */
                root = realpath(dir, real) ? real : dir;
                if (strlen(root) < n) {
                    memcpy(buf, root, strlen(root) + 1);
                    return;
                }
                /* a root too long for @buf: the source tree below */
            }
        }
    }
    snprintf(buf, n, "%s", IMSLAB_SOURCE_DIR);
}

void hx_data_path(char *buf, size_t n, const char *rel)
{
    char root[PATH_MAX];

    hx_data_root(root, sizeof(root));
    snprintf(buf, n, "%s/%s", root, rel);
}
