/* SPDX-License-Identifier: MIT */
/* rtl_build.c - verilate a vendor's IMS table into a cached .so, load it. */
#include "models/rtl/rtl.h"

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
#error "IMSLAB_SOURCE_DIR (the source tree, for the wrapper) must be defined"
#endif

/* Bump when the build recipe below changes: it is part of the cache key. */
#define RTL_RECIPE "imslab-rtl-build-2"

/* The wrapper's own sources, under the source root (rtl_set_source_root()):
 * their contents are part of the key. */
static const char *const wrapper_files[] = {
    "models/rtl/ims_rtl_wrap.cpp",
    "models/rtl/rtl.h",
    "models/siov/ims_dut.h",
};
#define NWRAPPER (sizeof(wrapper_files) / sizeof(*wrapper_files))
static char source_root[PATH_MAX] = IMSLAB_SOURCE_DIR;

int rtl_set_source_root(const char *dir)
{
    if (!dir || !dir[0] || strlen(dir) >= sizeof(source_root))
        return -EINVAL;
    memcpy(source_root, dir, strlen(dir) + 1);
    return 0;
}

extern char **environ;

/* Two FNV-1a 64 lanes with different offsets: a 128-bit content key. */
struct hash {
    uint64_t a, b;
};

static void hash_init(struct hash *h)
{
    h->a = 0xcbf29ce484222325ull;
    h->b = 0x84222325cbf29ce4ull;
}

static void hash_bytes(struct hash *h, const void *p, size_t n)
{
    const unsigned char *c = p;

    for (size_t i = 0; i < n; i++) {
        h->a = (h->a ^ c[i]) * 0x100000001b3ull;
        h->b = (h->b ^ (unsigned char)(c[i] + 0x5b)) * 0x100000001b3ull;
    }
}

/* A length-prefixed field, so concatenations cannot collide. */
static void hash_field(struct hash *h, const void *p, size_t n)
{
    uint64_t len = n;

    hash_bytes(h, &len, sizeof(len));
    hash_bytes(h, p, n);
}

static void msg(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;

    if (!err || !errlen)
        return;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

/* snprintf into a path buffer; -ENAMETOOLONG when it does not fit. */
static int pathf(char *buf, size_t len, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, len, fmt, ap);
    va_end(ap);
    return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

/* Wrapper file @i as a path. */
static int wrapper_path(char *buf, size_t n, size_t i)
{
    return pathf(buf, n, "%s/%s", source_root, wrapper_files[i]);
}

static int hash_file(struct hash *h, const char *path, char *err,
                     size_t errlen)
{
    char buf[65536];
    FILE *f = fopen(path, "rb");
    uint64_t total = 0;
    size_t n;

    if (!f) {
        int e = errno;

        msg(err, errlen, "%s: %s", path, strerror(e));
        return e == ENOENT ? -ENOENT : -EIO;
    }
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
        hash_bytes(h, buf, n);
        total += n;
    }
    if (ferror(f)) {
        fclose(f);
        msg(err, errlen, "%s: read error", path);
        return -EIO;
    }
    fclose(f);
    hash_bytes(h, &total, sizeof(total));
    return 0;
}

/* The environment for tools, without an outer make's jobserver. */
static char **tool_env(void)
{
    size_t n = 0, k = 0;
    char **env;

    while (environ[n])
        n++;
    env = calloc(n + 1, sizeof(*env));
    if (!env)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        if (!strncmp(environ[i], "MAKEFLAGS=", 10) ||
            !strncmp(environ[i], "MFLAGS=", 7) ||
            !strncmp(environ[i], "MAKELEVEL=", 10))
            continue;
        env[k++] = environ[i];
    }
    return env;
}

/*
 * Run argv (PATH lookup) with stdout and stderr into @log_path.
 * Return: the exit status (0..255), -ENOENT when it could not be started,
 * -EINTR when killed by a signal, or -errno.
 */
/* The progress hook (rtl_set_progress()) and the build it reports on. */
static struct {
    rtl_progress_fn fn;
    void *ctx;
    const char *top;
    uint64_t t0_ns;
} progress;

void rtl_set_progress(rtl_progress_fn fn, void *ctx)
{
    progress.fn = fn;
    progress.ctx = ctx;
}

static uint64_t mono_ns(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

/* Wait for @pid; with a hook and a @phase, tell it every 100 ms. */
static int wait_tool(pid_t pid, int *status, const char *phase)
{
    const struct timespec tick = { 0, 100000000L };

    for (;;) {
        pid_t r = waitpid(pid, status, progress.fn && phase ? WNOHANG : 0);

        if (r == pid)
            return 0;
        if (r < 0 && errno != EINTR)
            return -errno;
        if (r == 0) {
            progress.fn(progress.ctx, progress.top, phase, mono_ns() - progress.t0_ns);
            nanosleep(&tick, NULL);
        }
    }
}

static int run_tool(char *const argv[], const char *log_path, const char *phase)
{
    posix_spawn_file_actions_t fa;
    char **env = tool_env();
    pid_t pid;
    int status, rc;

    if (!env)
        return -ENOMEM;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, log_path,
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, env);
    posix_spawn_file_actions_destroy(&fa);
    free(env);
    if (rc)
        return rc == ENOENT ? -ENOENT : -rc;
    rc = wait_tool(pid, &status, phase);
    if (rc)
        return rc;
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    return -EINTR;
}

/* Read up to @len - 1 bytes of @path into @buf (NUL-terminated). */
static size_t read_text(const char *path, char *buf, size_t len)
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

/*
 * The tool output for @err: from the first Verilator diagnostic when there
 * is one (lint errors name file:line:column), else the compiler's first
 * error, else the whole log; truncated to fit.
 */
static void log_to_err(const char *log_path, char *err, size_t errlen,
                       const char *what)
{
    size_t cap = 1 << 20;
    char *text = malloc(cap);
    const char *from;
    size_t used;

    if (!err || !errlen)
        goto out;
    used = (size_t)snprintf(err, errlen, "%s failed:\n", what);
    if (used >= errlen || !text)
        goto out;
    read_text(log_path, text, cap);
    /* the earliest diagnostic ("%Error: Exiting due to" comes last) */
    from = strstr(text, "%Warning");
    {
        const char *e = strstr(text, "%Error");

        if (e && (!from || e < from))
            from = e;
    }
    if (!from) {
        const char *e = strstr(text, "error:");

        if (e) {
            while (e > text && e[-1] != '\n')
                e--;
            from = e;
        }
    }
    if (!from)
        from = text;
    snprintf(err + used, errlen - used, "%s", from);
    if (strstr(text, "%Error"))
        goto out;
    if (strstr(text, "__DOT__ENTRIES"))
        snprintf(err + strlen(err), errlen - strlen(err),
                 "\nhint: the top module must have a parameter ENTRIES "
                 "(docs/vendor-guide.md, RTL port list)\n");
    else if (strstr(text, "has no member named"))
        snprintf(err + strlen(err), errlen - strlen(err),
                 "\nhint: the top module's ports must match the port list "
                 "(docs/vendor-guide.md, RTL port list)\n");
out:
    free(text);
}

static int rm_entry(const char *path, const struct stat *st, int flag,
                    struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void rm_tree(const char *path)
{
    nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static int mkdir_p(const char *path)
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
    if (mkdir(buf, 0755) && errno != EEXIST)
        return -errno;
    return 0;
}

static bool valid_top(const char *top)
{
    if (!top || !*top || strlen(top) > 200)
        return false;
    if (!(top[0] == '_' || (top[0] >= 'A' && top[0] <= 'Z') ||
          (top[0] >= 'a' && top[0] <= 'z')))
        return false;
    for (const char *p = top; *p; p++) {
        char c = *p;

        if (!(c == '_' || c == '$' || (c >= '0' && c <= '9') ||
              (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')))
            return false;
    }
    return true;
}

int rtl_default_cache_dir(char *buf, size_t len)
{
    const char *xdg = getenv("XDG_CACHE_HOME");
    const char *home = getenv("HOME");
    int n;

    if (xdg && *xdg)
        n = snprintf(buf, len, "%s/imslab/rtl", xdg);
    else if (home && *home)
        n = snprintf(buf, len, "%s/.cache/imslab/rtl", home);
    else
        return -ENOENT;
    return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

static double now_s(void)
{
    return (double)mono_ns() / 1e9;
}

/* The key: recipe, top, sources' contents, wrapper, Verilator version. */
static void hash_list(struct hash *h, const char *tag, const char *const *v, size_t n)
{
    if (!n)
        return;     /* no options: the key of a plain build stays what it was */
    hash_field(h, tag, strlen(tag));
    for (size_t i = 0; i < n; i++)
        hash_field(h, v[i], strlen(v[i]));
}

static int make_key(const char *const *sources, size_t n, const char *top,
                    const struct rtl_build_opts *bo, const char *tmp_log,
                    char key[33], char *err, size_t errlen)
{
    char *const ver_argv[] = { "verilator", "--version", NULL };
    char ver[256];
    struct hash h;
    int rc;

    hash_init(&h);
    hash_field(&h, RTL_RECIPE, strlen(RTL_RECIPE));
    hash_field(&h, top, strlen(top));
    if (bo) {
        hash_list(&h, "-G", bo->params, bo->nparams);
        hash_list(&h, "-D", bo->defines, bo->ndefines);
    }
    for (size_t i = 0; i < n; i++) {
        rc = hash_file(&h, sources[i], err, errlen);
        if (rc)
            return rc;
    }
    for (size_t i = 0; i < NWRAPPER; i++) {
        char wp[PATH_MAX];

        rc = wrapper_path(wp, sizeof(wp), i);
        if (!rc)
            rc = hash_file(&h, wp, err, errlen);
        if (rc)
            return rc;
    }
    rc = run_tool(ver_argv, tmp_log, NULL);
    if (rc) {
        msg(err, errlen, "verilator --version: %s",
            rc == -ENOENT ? "verilator not found in PATH" : "failed");
        unlink(tmp_log);
        return rc == -ENOENT ? -ENOENT : -EIO;
    }
    read_text(tmp_log, ver, sizeof(ver));
    unlink(tmp_log);
    hash_field(&h, ver, strlen(ver));
    snprintf(key, 33, "%016llx%016llx", (unsigned long long)h.a,
             (unsigned long long)h.b);
    return 0;
}

/* -GNAME=VALUE and -DNAME[=VALUE] words for @bo, appended to @argv at @k (freed by the caller). */
static int opt_words(const struct rtl_build_opts *bo, char **argv, size_t *k, char **owned,
                     size_t *nowned)
{
    for (int pass = 0; bo && pass < 2; pass++) {
        const char *const *v = pass ? bo->defines : bo->params;
        size_t n = pass ? bo->ndefines : bo->nparams;

        for (size_t i = 0; i < n; i++) {
            size_t len = strlen(v[i]) + 3;
            char *w = malloc(len);

            if (!w)
                return -ENOMEM;
            snprintf(w, len, "-%c%s", pass ? 'D' : 'G', v[i]);
            owned[(*nowned)++] = w;
            argv[(*k)++] = w;
        }
    }
    return 0;
}

/*
 * Keep the two headers the port check reads in @tmp/ports, so that a design
 * found in the cache later is checked again without running any tool.
 */
static void keep_headers(const char *mdir, const char *tmp)
{
    static const char *const hdr[] = { "Vdut.h", "Vdut___024root.h" };
    char from[PATH_MAX], to[PATH_MAX];

    if (pathf(to, sizeof(to), "%s/ports", tmp) || mkdir_p(to))
        return;
    for (size_t i = 0; i < 2; i++)
        if (!pathf(from, sizeof(from), "%s/%s", mdir, hdr[i]) &&
            !pathf(to, sizeof(to), "%s/ports/%s", tmp, hdr[i]))
            (void)rename(from, to);
}

/* The .vlt that makes ENTRIES readable by the wrapper (and the port check). */
static int write_vlt(const char *vlt, const char *top, char *err, size_t errlen)
{
    FILE *f = fopen(vlt, "w");

    if (!f) {
        msg(err, errlen, "%s: %s", vlt, strerror(errno));
        return -EIO;
    }
    fprintf(f, "`verilator_config\n"
               "public_flat_rd -module \"%s\" -var \"ENTRIES\"\n"
               "public_flat_rd -module \"%s\" -var \"CLOCK_PS\"\n", top, top);
    fclose(f);
    return 0;
}

/*
 * Verilate alone into @tmp/check (no compile) and check the ports and
 * ENTRIES: a lint error or a mismatch ends here, before the long build.
 */
static int check_design(const char *const *sources, size_t n, const char *top,
                        const struct rtl_build_opts *bo, const char *tmp, const char *vlt,
                        const char *log, char *err, size_t errlen)
{
    size_t nopt = bo ? bo->nparams + bo->ndefines : 0, k = 0, nowned = 0;
    char **argv = calloc(n + nopt + 16, sizeof(*argv));
    char **owned = calloc(nopt + 1, sizeof(*owned));
    char mdir[PATH_MAX];
    int rc;

    if (!argv || !owned || pathf(mdir, sizeof(mdir), "%s/check", tmp)) {
        free(argv);
        free(owned);
        return -ENOMEM;
    }
    argv[k++] = "verilator";
    argv[k++] = "--cc";
    argv[k++] = "-Wall";
    argv[k++] = "--top-module";
    argv[k++] = (char *)top;
    argv[k++] = "--prefix";
    argv[k++] = "Vdut";
    argv[k++] = "--Mdir";
    argv[k++] = mdir;
    rc = opt_words(bo, argv, &k, owned, &nowned);
    argv[k++] = (char *)vlt;
    for (size_t i = 0; i < n; i++)
        argv[k++] = (char *)sources[i];
    argv[k] = NULL;
    if (rc == 0)
        rc = run_tool(argv, log, "checking the ports");
    if (rc == 0) {
        FILE *f;

        rc = rtl_ports_check(mdir, "Vdut", top, err, errlen);
        if (rc == 0)
            keep_headers(mdir, tmp);
        /* the log says what ran and what the check found */
        if (rc && (f = fopen(log, "a"))) {
            fprintf(f, "$");
            for (size_t i = 0; argv[i]; i++)
                fprintf(f, " %s", argv[i]);
            fprintf(f, "\nport check: %s\n", err ? err : "mismatch");
            fclose(f);
        }
        rm_tree(mdir);
    } else if (rc == -ENOENT) {
        msg(err, errlen, "verilator not found in PATH");
    } else {
        log_to_err(log, err, errlen, "verilator");
        rc = rc < 0 ? rc : -EIO;
    }
    for (size_t i = 0; i < nowned; i++)
        free(owned[i]);
    free(owned);
    free(argv);
    return rc;
}

static int build_so(const char *const *sources, size_t n, const char *top,
                    const struct rtl_build_opts *bo, const char *tmp, char *err,
                    size_t errlen)
{
    char vlt[PATH_MAX], mdir[PATH_MAX], so[PATH_MAX], log[PATH_MAX];
    size_t nopt = bo ? bo->nparams + bo->ndefines : 0, nowned = 0;
    char **owned;
    char cflags[PATH_MAX + 256], jobs[24];
    char wrap[PATH_MAX];
    char **argv;
    size_t k = 0;
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    int rc;

    if (wrapper_path(wrap, sizeof(wrap), 0) ||
        pathf(vlt, sizeof(vlt), "%s/entries.vlt", tmp) ||
        pathf(mdir, sizeof(mdir), "%s/obj", tmp) ||
        pathf(so, sizeof(so), "%s/libdut.so", tmp) ||
        pathf(log, sizeof(log), "%s/build.log", tmp) ||
        pathf(jobs, sizeof(jobs), "%ld", ncpu > 0 ? ncpu : 1) ||
        pathf(cflags, sizeof(cflags),
              "-fPIC -O2 -std=c++17 -fvisibility=hidden -I%s "
              "-DIMS_RTL_PREFIX=Vdut -DIMS_RTL_TOPNAME=%s -DIMS_RTL_SHARED",
              source_root, top))
        return -ENAMETOOLONG;

    /* The wrapper reads ENTRIES from the verilated root class. */
    rc = write_vlt(vlt, top, err, errlen);
    if (rc == 0)
        rc = check_design(sources, n, top, bo, tmp, vlt, log, err, errlen);
    if (rc)
        return rc;

    argv = calloc(n + nopt + 32, sizeof(*argv));
    owned = calloc(nopt + 1, sizeof(*owned));
    if (!argv || !owned) {
        free(argv);
        free(owned);
        return -ENOMEM;
    }
    argv[k++] = "verilator";
    argv[k++] = "--cc";
    argv[k++] = "--exe";
    argv[k++] = "--build";
    argv[k++] = "-j";
    argv[k++] = jobs;
    argv[k++] = "-O2";
    argv[k++] = "--trace";
    argv[k++] = "-Wall";
    argv[k++] = "--top-module";
    argv[k++] = (char *)top;
    argv[k++] = "--prefix";
    argv[k++] = "Vdut";
    argv[k++] = "--Mdir";
    argv[k++] = mdir;
    argv[k++] = "-CFLAGS";
    argv[k++] = cflags;
    argv[k++] = "-LDFLAGS";
    argv[k++] = "-shared -Wl,-Bsymbolic";
    argv[k++] = "-o";
    argv[k++] = so;
    rc = opt_words(bo, argv, &k, owned, &nowned);
    argv[k++] = vlt;
    for (size_t i = 0; i < n; i++)
        argv[k++] = (char *)sources[i];
    argv[k++] = (char *)wrap;
    argv[k] = NULL;

    if (rc == 0)
        rc = run_tool(argv, log, "verilating and compiling");
    for (size_t i = 0; i < nowned; i++)
        free(owned[i]);
    free(owned);
    free(argv);
    if (rc == -ENOENT) {
        msg(err, errlen, "verilator not found in PATH");
        return -ENOENT;
    }
    if (rc != 0 || access(so, R_OK)) {
        log_to_err(log, err, errlen, "verilator");
        return -EIO;
    }
    rm_tree(mdir);  /* objects: megabytes, never needed again */
    return 0;
}

/*
 * Keep the tool log of a failed build in <cache>/logs/<top>-<key>.log and
 * end @err with its path (cutting the message to make room).
 */
static void keep_log(const char *tmp, const char *cache, const char *top, const char *key,
                     char *err, size_t errlen)
{
    char from[PATH_MAX], dir[PATH_MAX], to[PATH_MAX], line[PATH_MAX + 16];
    size_t el, ll;

    if (pathf(from, sizeof(from), "%s/build.log", tmp) ||
        pathf(dir, sizeof(dir), "%s/logs", cache) ||
        pathf(to, sizeof(to), "%s/%s-%s.log", dir, top, key) || access(from, R_OK) ||
        mkdir_p(dir) || rename(from, to))
        return;
    snprintf(line, sizeof(line), "\nfull log: %s\n", to);
    if (!err || !errlen)
        return;
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

/*
 * A design found in the cache is checked against the port list as a new
 * one is: from the headers its build kept (<dir>/ports), or, for an entry
 * that has none, by verilating it alone again (a fraction of a second).
 */
static int check_cached(const char *const *sources, size_t n, const char *top,
                        const struct rtl_build_opts *bo, const char *cache, const char *dir,
                        const char *key, char *err, size_t errlen)
{
    char ports[PATH_MAX], tmp[PATH_MAX], vlt[PATH_MAX], log[PATH_MAX], to[PATH_MAX];
    int rc;

    if (pathf(ports, sizeof(ports), "%s/ports", dir) ||
        pathf(tmp, sizeof(tmp), "%s/.tmp-%s-XXXXXX", cache, key))
        return -ENAMETOOLONG;
    if (pathf(vlt, sizeof(vlt), "%s/Vdut.h", ports) == 0 && !access(vlt, R_OK)) {
        rc = rtl_ports_check(ports, "Vdut", top, err, errlen);
    } else if (!mkdtemp(tmp)) {
        rc = -errno;
        msg(err, errlen, "%s: %s", tmp, strerror(errno));
        return rc;
    } else {
        if (pathf(vlt, sizeof(vlt), "%s/entries.vlt", tmp) ||
            pathf(log, sizeof(log), "%s/build.log", tmp) ||
            pathf(to, sizeof(to), "%s/ports", tmp))
            rc = -ENAMETOOLONG;
        else if ((rc = write_vlt(vlt, top, err, errlen)) == 0 &&
                 (rc = check_design(sources, n, top, bo, tmp, vlt, log, err, errlen)) == 0)
            (void)rename(to, ports);   /* the next hit reads them */
        if (rc)
            keep_log(tmp, cache, top, key, err, errlen);
        rm_tree(tmp);
    }
    if (rc == -EPROTO && err && errlen) {
        size_t el = strlen(err);

        snprintf(err + el, errlen - el, "\n(the build found in the RTL cache: %s)", dir);
    }
    return rc;
}

int rtl_build_ex(const char *const *sources, size_t n, const char *top,
                 const char *cache_dir, char *so_path, size_t len,
                 char *err, size_t errlen, struct rtl_build_info *info)
{
    return rtl_build_opt(sources, n, top, cache_dir, NULL, so_path, len, err, errlen, info);
}

int rtl_build_opt(const char *const *sources, size_t n, const char *top,
                  const char *cache_dir, const struct rtl_build_opts *bo,
                  char *so_path, size_t len, char *err, size_t errlen,
                  struct rtl_build_info *info)
{
    char cache[PATH_MAX], tmp[PATH_MAX], dir[PATH_MAX], log[PATH_MAX];
    char key[33];
    double t0 = now_s();
    int rc;

    if (err && errlen)
        err[0] = '\0';
    if (info)
        memset(info, 0, sizeof(*info));
    if (!sources || !n || !so_path || !len) {
        msg(err, errlen, "rtl_build: no sources or no output buffer");
        return -EINVAL;
    }
    for (size_t i = 0; i < n; i++) {
        if (!sources[i] || !*sources[i]) {
            msg(err, errlen, "rtl_build: empty source path");
            return -EINVAL;
        }
    }
    if (!valid_top(top)) {
        msg(err, errlen, "rtl_build: bad top module name '%s'",
            top ? top : "");
        return -EINVAL;
    }
    if (cache_dir) {
        if (pathf(cache, sizeof(cache), "%s", cache_dir))
            return -ENAMETOOLONG;
    } else {
        rc = rtl_default_cache_dir(cache, sizeof(cache));
        if (rc) {
            msg(err, errlen, "rtl_build: no cache directory "
                "(set XDG_CACHE_HOME or HOME)");
            return rc;
        }
    }
    rc = mkdir_p(cache);
    if (rc) {
        msg(err, errlen, "%s: %s", cache, strerror(-rc));
        return rc;
    }
    if (pathf(log, sizeof(log), "%s/.version.%ld.log", cache,
              (long)getpid()))
        return -ENAMETOOLONG;
    for (size_t i = 0; bo && i < bo->nparams + bo->ndefines; i++) {
        const char *w = i < bo->nparams ? bo->params[i] : bo->defines[i - bo->nparams];

        if (!w || !*w || w[0] == '=' || (i < bo->nparams && !strchr(w, '=')) ||
            strchr(w, ' ')) {
            msg(err, errlen, "rtl_build: bad %s '%s' (expected %s)",
                i < bo->nparams ? "parameter" : "define", w ? w : "",
                i < bo->nparams ? "NAME=VALUE" : "NAME or NAME=VALUE");
            return -EINVAL;
        }
    }
    rc = make_key(sources, n, top, bo, log, key, err, errlen);
    if (rc)
        return rc;
    if (info)
        memcpy(info->key, key, sizeof(key));

    if (pathf(dir, sizeof(dir), "%s/%s", cache, key) ||
        pathf(so_path, len, "%s/libdut.so", dir))
        return -ENAMETOOLONG;
    if (!access(so_path, R_OK)) {
        if (info)
            info->cache_hit = true;
        return check_cached(sources, n, top, bo, cache, dir, key, err, errlen);
    }

    if (pathf(tmp, sizeof(tmp), "%s/.tmp-%s-XXXXXX", cache, key))
        return -ENAMETOOLONG;
    if (!mkdtemp(tmp)) {
        rc = -errno;
        msg(err, errlen, "%s: %s", tmp, strerror(errno));
        return rc;
    }
    progress.top = top;
    progress.t0_ns = mono_ns();
    rc = build_so(sources, n, top, bo, tmp, err, errlen);
    if (progress.fn)
        progress.fn(progress.ctx, top, NULL, mono_ns() - progress.t0_ns);
    if (rc) {
        keep_log(tmp, cache, top, key, err, errlen);
        rm_tree(tmp);
        return rc;
    }
    /* Publish atomically; a concurrent builder may have won the race. */
    if (rename(tmp, dir)) {
        rm_tree(tmp);
        if (access(so_path, R_OK)) {
            msg(err, errlen, "%s: %s", dir, strerror(errno));
            return -EIO;
        }
    }
    if (info)
        info->seconds = now_s() - t0;
    return 0;
}

int rtl_build(const char *const *sources, size_t n, const char *top,
              const char *cache_dir, char *so_path, size_t len,
              char *err, size_t errlen)
{
    return rtl_build_ex(sources, n, top, cache_dir, so_path, len, err,
                        errlen, NULL);
}
