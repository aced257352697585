/* SPDX-License-Identifier: MIT */
/* build_tool.c - what rtl_build() and tlm_build() share (build_tool.h). */
#include "harness/build_tool.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef IMSLAB_SOURCE_DIR
#error "IMSLAB_SOURCE_DIR (the source tree, for the builders' own files) must be defined"
#endif

static char source_root[PATH_MAX] = IMSLAB_SOURCE_DIR;

int hx_build_set_source_root(const char *dir)
{
    if (!dir || !dir[0] || strlen(dir) >= sizeof(source_root))
        return -EINVAL;
    memcpy(source_root, dir, strlen(dir) + 1);
    return 0;
}

const char *hx_build_source_root(void)
{
    return source_root;
}

void hx_build_msg(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;

    if (!err || !errlen)
        return;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

int hx_build_pathf(char *buf, size_t len, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, len, fmt, ap);
    va_end(ap);
    return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

/* ---- the key ------------------------------------------------------------------ */

void hx_build_hash_init(struct hx_build_hash *h)
{
    h->a = 0xcbf29ce484222325ull;
    h->b = 0x84222325cbf29ce4ull;
}

void hx_build_hash_bytes(struct hx_build_hash *h, const void *p, size_t n)
{
    const unsigned char *c = p;

    for (size_t i = 0; i < n; i++) {
        h->a = (h->a ^ c[i]) * 0x100000001b3ull;
        h->b = (h->b ^ (unsigned char)(c[i] + 0x5b)) * 0x100000001b3ull;
    }
}

void hx_build_hash_field(struct hx_build_hash *h, const void *p, size_t n)
{
    uint64_t len = n;

    hx_build_hash_bytes(h, &len, sizeof(len));
    hx_build_hash_bytes(h, p, n);
}

void hx_build_hash_str(struct hx_build_hash *h, const char *s)
{
    hx_build_hash_field(h, s, strlen(s));
}

int hx_build_hash_file(struct hx_build_hash *h, const char *path, bool read_errors,
                       char *err, size_t errlen)
{
    char buf[65536];
    FILE *f = fopen(path, "rb");
    uint64_t total = 0;
    size_t n;

    if (!f) {
        int e = errno;

        hx_build_msg(err, errlen, "%s: %s", path, strerror(e));
        return e == ENOENT ? -ENOENT : -EIO;
    }
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
        hx_build_hash_bytes(h, buf, n);
        total += n;
    }
    if (read_errors && ferror(f)) {
        fclose(f);
        hx_build_msg(err, errlen, "%s: read error", path);
        return -EIO;
    }
    fclose(f);
    hx_build_hash_bytes(h, &total, sizeof(total));
    return 0;
}

void hx_build_hash_hex(const struct hx_build_hash *h, char key[33])
{
    snprintf(key, 33, "%016llx%016llx", (unsigned long long)h->a, (unsigned long long)h->b);
}

/* ---- running a tool ------------------------------------------------------------- */

static int wait_plain(pid_t pid, int *status, const void *ctx)
{
    (void)ctx;
    while (waitpid(pid, status, 0) < 0)
        if (errno != EINTR)
            return -errno;
    return 0;
}

int hx_build_run_tool(char *const argv[], const char *log, char *const envp[],
                      hx_build_wait_fn wait, const void *ctx)
{
    posix_spawn_file_actions_t fa;
    pid_t pid;
    int status, rc;

    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, envp);
    posix_spawn_file_actions_destroy(&fa);
    if (rc)
        return rc == ENOENT ? -ENOENT : -rc;
    rc = (wait ? wait : wait_plain)(pid, &status, ctx);
    if (rc)
        return rc;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -EINTR;
}

size_t hx_build_read_text(const char *path, char *buf, size_t len)
{
    FILE *f;
    size_t n;

    if (!len)
        return 0;
    buf[0] = '\0';
    f = fopen(path, "rb");
    if (!f)
        return 0;
    n = fread(buf, 1, len - 1, f);
    buf[n] = '\0';
    fclose(f);
    return n;
}

char *hx_build_read_log(const char *path)
{
    size_t cap = 1 << 20;
    char *text = malloc(cap);

    if (text)
        hx_build_read_text(path, text, cap);
    return text;
}

const char *hx_build_line_start(const char *text, const char *p)
{
    while (p > text && p[-1] != '\n')
        p--;
    return p;
}

/* ---- the cache's folders -------------------------------------------------------- */

int hx_build_mkdir_p(const char *path)
{
    char buf[PATH_MAX];
    size_t n = strlen(path);

    if (n >= sizeof(buf))
        return -ENAMETOOLONG;
    memcpy(buf, path, n + 1);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(buf, 0755) && errno != EEXIST)
            return -errno;
        *p = '/';
    }
    return mkdir(buf, 0755) && errno != EEXIST ? -errno : 0;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

void hx_build_rm_tree(const char *path)
{
    nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

double hx_build_now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void hx_build_keep_log(const char *tmp, const char *cache, const char *name,
                       const char *key, char *err, size_t errlen)
{
    char from[PATH_MAX], dir[PATH_MAX], to[PATH_MAX], line[PATH_MAX + 16];
    size_t el, ll;

    if (hx_build_pathf(from, sizeof(from), "%s/build.log", tmp) ||
        hx_build_pathf(dir, sizeof(dir), "%s/logs", cache) ||
        hx_build_pathf(to, sizeof(to), "%s/%s-%s.log", dir, name, key) ||
        access(from, R_OK) || hx_build_mkdir_p(dir) || rename(from, to))
        return;
    if (!err || !errlen)
        return;
    snprintf(line, sizeof(line), "\nfull log: %s\n", to);
    el = strlen(err);
    ll = strlen(line);
    if (ll >= errlen)
        return;
    while (el > 0 && err[el - 1] == '\n')
        el--;
    if (el + ll >= errlen)
        el = errlen - ll - 1;
    memcpy(err + el, line, ll + 1);
}
