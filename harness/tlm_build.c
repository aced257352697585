/* SPDX-License-Identifier: MIT */
/* tlm_build.c - compile a vendor's TLM-2.0 IMS table model into a cached .so (tlm.h). */
#include "harness/tlm.h"

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

#include "models/rtl/rtl.h"

#ifndef IMSLAB_SOURCE_DIR
#error "IMSLAB_SOURCE_DIR (the source tree, for the host) must be defined"
#endif
#ifndef IMSLAB_TLM_CXX
#define IMSLAB_TLM_CXX ""       /* built without SystemC: tlm_build() says so */
#define IMSLAB_TLM_SYSTEMC ""
#define IMSLAB_TLM_CFLAGS ""
#define IMSLAB_TLM_LIBS ""
#endif

/* Bump when the recipe below changes: it is part of the cache key. */
#define TLM_RECIPE "imslab-tlm-build-1"
#define TLM_HOST IMSLAB_SOURCE_DIR "/models/tlm/ims_tlm_host.cpp"

static const char *const host_files[] = {
    TLM_HOST,
    IMSLAB_SOURCE_DIR "/models/tlm/ims_tlm.h",
    IMSLAB_SOURCE_DIR "/models/tlm/ims_tlm_ext.h",
    IMSLAB_SOURCE_DIR "/models/siov/ims_dut.h",
};

extern char **environ;

static void msg(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;

    if (!err || !errlen)
        return;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

static int pathf(char *buf, size_t len, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, len, fmt, ap);
    va_end(ap);
    return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

/* ---- the key: two FNV-1a 64 lanes over length-prefixed fields ---------------- */

struct hash {
    uint64_t a, b;
};

static void hash_bytes(struct hash *h, const void *p, size_t n)
{
    const unsigned char *c = p;

    for (size_t i = 0; i < n; i++) {
        h->a = (h->a ^ c[i]) * 0x100000001b3ull;
        h->b = (h->b ^ (unsigned char)(c[i] + 0x5b)) * 0x100000001b3ull;
    }
}

static void hash_str(struct hash *h, const char *s)
{
    uint64_t n = strlen(s);

    hash_bytes(h, &n, sizeof(n));
    hash_bytes(h, s, n);
}

static int hash_file(struct hash *h, const char *path, char *err, size_t errlen)
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
    fclose(f);
    hash_bytes(h, &total, sizeof(total));
    return 0;
}

/* ---- running the compiler ----------------------------------------------------- */

/* argv with stdout and stderr into @log.  Exit status, -ENOENT, -EINTR or -errno. */
static int run_tool(char *const argv[], const char *log)
{
    posix_spawn_file_actions_t fa;
    pid_t pid;
    int status, rc;

    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc)
        return rc == ENOENT ? -ENOENT : -rc;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -errno;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -EINTR;
}

static size_t read_text(const char *path, char *buf, size_t len)
{
    FILE *f = fopen(path, "rb");
    size_t n = 0;

    if (len)
        buf[0] = '\0';
    if (!f || !len) {
        if (f)
            fclose(f);
        return 0;
    }
    n = fread(buf, 1, len - 1, f);
    buf[n] = '\0';
    fclose(f);
    return n;
}

/* The compiler's first error (from its "file:line:col: error:" line), up to 24 lines. */
static void log_to_err(const char *log, char *err, size_t errlen)
{
    size_t cap = 1 << 20, used;
    char *text = malloc(cap);
    const char *from, *e;
    int lines = 0;

    if (!err || !errlen || !text) {
        free(text);
        return;
    }
    read_text(log, text, cap);
    from = text;
    if ((e = strstr(text, " error: ")) || (e = strstr(text, "error:"))) {
        while (e > text && e[-1] != '\n')
            e--;
        from = e;
    }
    used = (size_t)snprintf(err, errlen, "the compile failed:\n");
    for (e = from; *e && lines < 24; e++)
        lines += *e == '\n';
    if (used < errlen)
        used += (size_t)snprintf(err + used, errlen - used, "%.*s", (int)(e - from), from);
    /* the class the command line named is not in the first file */
    if (used < errlen && strstr(text, "IMS_TLM_TOP") && strstr(text, "not declared"))
        snprintf(err + used, errlen - used, "hint: --top must name the top module's class, "
                 "defined in the first --tlm file\n");
    free(text);
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
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
    return mkdir(buf, 0755) && errno != EEXIST ? -errno : 0;
}

/* A C++ class name, possibly qualified: [A-Za-z_][A-Za-z0-9_]* joined by "::". */
static bool valid_top(const char *t)
{
    bool start = true;

    if (!t || !*t || strlen(t) > 200)
        return false;
    for (const char *p = t; *p; p++) {
        if (p[0] == ':' && p[1] == ':' && !start) {
            p++;
            start = true;
            continue;
        }
        if (!(*p == '_' || (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
              (!start && *p >= '0' && *p <= '9')))
            return false;
        start = false;
    }
    return !start;
}

/* Split @s at spaces into @argv from @k (the words stay in @s, modified). */
static void split_words(char *s, char **argv, size_t *k, size_t max)
{
    for (char *save = NULL, *w = strtok_r(s, " ", &save); w && *k < max;
         w = strtok_r(NULL, " ", &save))
        argv[(*k)++] = w;
}

static int compile(char *const *abs, size_t n, const char *top, const char *tmp, char *err,
                   size_t errlen)
{
    char so[PATH_MAX], log[PATH_MAX], deftop[256], defsrc[PATH_MAX + 32];
    char cflags[] = IMSLAB_TLM_CFLAGS, libs[] = IMSLAB_TLM_LIBS;
    size_t k = 0, max = n + 64;
    char **argv = calloc(max, sizeof(*argv));
    int rc;

    if (!argv)
        return -ENOMEM;
    if (pathf(so, sizeof(so), "%s/libdut.so", tmp) ||
        pathf(log, sizeof(log), "%s/build.log", tmp) ||
        pathf(deftop, sizeof(deftop), "-DIMS_TLM_TOP=%s", top) ||
        pathf(defsrc, sizeof(defsrc), "-DIMS_TLM_SOURCE=\"%s\"", abs[0])) {
        free(argv);
        return -ENAMETOOLONG;
    }
    argv[k++] = IMSLAB_TLM_CXX;
    argv[k++] = "-std=c++17";
    argv[k++] = "-O1";
    argv[k++] = "-fPIC";
    argv[k++] = "-shared";
    argv[k++] = "-fvisibility=hidden";
    argv[k++] = "-Wall";
    argv[k++] = "-I" IMSLAB_SOURCE_DIR;
    argv[k++] = deftop;
    argv[k++] = defsrc;
    split_words(cflags, argv, &k, max - n - 8);
    argv[k++] = "-o";
    argv[k++] = so;
    argv[k++] = TLM_HOST;
    for (size_t i = 1; i < n; i++)
        argv[k++] = abs[i];
    split_words(libs, argv, &k, max - 2);
    argv[k] = NULL;
    rc = run_tool(argv, log);
    free(argv);
    if (rc == -ENOENT) {
        msg(err, errlen, "the C++ compiler '%s' was not found", IMSLAB_TLM_CXX);
        return -ENOENT;
    }
    if (rc != 0 || access(so, R_OK)) {
        log_to_err(log, err, errlen);
        return -EIO;
    }
    return 0;
}

/* Keep the log of a failed compile in <cache>/logs/ and end @err with its path. */
static void keep_log(const char *tmp, const char *cache, const char *key, char *err,
                     size_t errlen)
{
    char from[PATH_MAX], dir[PATH_MAX], to[PATH_MAX], line[PATH_MAX + 16];
    size_t el, ll;

    if (pathf(from, sizeof(from), "%s/build.log", tmp) ||
        pathf(dir, sizeof(dir), "%s/logs", cache) ||
        pathf(to, sizeof(to), "%s/tlm-%s.log", dir, key) || mkdir_p(dir) ||
        rename(from, to) || !err || !errlen)
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

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int make_key(char *const *abs, size_t n, const char *top, const char *cache,
                    char key[33], char *err, size_t errlen)
{
    char *const ver_argv[] = { IMSLAB_TLM_CXX, "--version", NULL };
    char log[PATH_MAX], ver[512];
    struct hash h = { 0xcbf29ce484222325ull, 0x84222325cbf29ce4ull };
    int rc;

    hash_str(&h, TLM_RECIPE);
    hash_str(&h, top);
    hash_str(&h, IMSLAB_TLM_SYSTEMC);
    for (size_t i = 0; i < n; i++) {
        hash_str(&h, abs[i]);
        if ((rc = hash_file(&h, abs[i], err, errlen)))
            return rc;
    }
    for (size_t i = 0; i < sizeof(host_files) / sizeof(*host_files); i++)
        if ((rc = hash_file(&h, host_files[i], err, errlen)))
            return rc;
    if (pathf(log, sizeof(log), "%s/.cxx-version.%ld.log", cache, (long)getpid()))
        return -ENAMETOOLONG;
    rc = run_tool(ver_argv, log);
    read_text(log, ver, sizeof(ver));
    unlink(log);
    if (rc) {
        msg(err, errlen, "%s --version: %s", IMSLAB_TLM_CXX,
            rc == -ENOENT ? "the C++ compiler was not found" : "failed");
        return rc == -ENOENT ? -ENOENT : -EIO;
    }
    hash_str(&h, ver);
    snprintf(key, 33, "%016llx%016llx", (unsigned long long)h.a, (unsigned long long)h.b);
    return 0;
}

int tlm_build(const char *const *sources, size_t n, const char *top, const char *cache_dir,
              char *so_path, size_t len, char *err, size_t errlen,
              struct tlm_build_info *info)
{
    char cache[PATH_MAX], dir[PATH_MAX], tmp[PATH_MAX], key[33];
    char **abs = NULL;
    double t0 = now_s();
    int rc = 0;

    if (err && errlen)
        err[0] = '\0';
    if (info)
        memset(info, 0, sizeof(*info));
    if (!IMSLAB_TLM_CXX[0]) {
        msg(err, errlen, "this imslab was built without SystemC (install libsystemc-dev and "
            "configure again)");
        return -ENOTSUP;
    }
    if (!sources || !n || !so_path || !len) {
        msg(err, errlen, "tlm_build: no sources or no output buffer");
        return -EINVAL;
    }
    if (!valid_top(top)) {
        msg(err, errlen, "bad top module class name '%s'", top ? top : "");
        return -EINVAL;
    }
    if (cache_dir ? pathf(cache, sizeof(cache), "%s", cache_dir)
                  : rtl_default_cache_dir(cache, sizeof(cache))) {
        msg(err, errlen, "no cache directory (set XDG_CACHE_HOME or HOME)");
        return -ENOENT;
    }
    if ((rc = mkdir_p(cache))) {
        msg(err, errlen, "%s: %s", cache, strerror(-rc));
        return rc;
    }
    if (!(abs = calloc(n, sizeof(*abs))))
        return -ENOMEM;
    for (size_t i = 0; i < n && !rc; i++) {
        if (!sources[i] || !(abs[i] = realpath(sources[i], NULL))) {
            msg(err, errlen, "%s: %s", sources[i] ? sources[i] : "(null)", strerror(errno));
            rc = -ENOENT;
        } else if (strpbrk(abs[i], "\"\\ ")) {
            msg(err, errlen, "%s: a path with a quote, backslash or space cannot be "
                "compiled in", abs[i]);
            rc = -EINVAL;
        }
    }
    if (!rc)
        rc = make_key(abs, n, top, cache, key, err, errlen);
    if (!rc && info)
        memcpy(info->key, key, sizeof(key));
    if (!rc && (pathf(dir, sizeof(dir), "%s/tlm-%s", cache, key) ||
                pathf(so_path, len, "%s/libdut.so", dir) ||
                pathf(tmp, sizeof(tmp), "%s/.tmp-tlm-%s-XXXXXX", cache, key)))
        rc = -ENAMETOOLONG;
    if (!rc && !access(so_path, R_OK)) {
        if (info)
            info->cache_hit = true;
        goto out;
    }
    if (!rc && !mkdtemp(tmp)) {
        rc = -errno;
        msg(err, errlen, "%s: %s", tmp, strerror(errno));
    }
    if (!rc) {
        rc = compile(abs, n, top, tmp, err, errlen);
        if (rc)
            keep_log(tmp, cache, key, err, errlen);
        /* publish atomically; a concurrent builder may have won the race */
        if (!rc && rename(tmp, dir) && access(so_path, R_OK)) {
            msg(err, errlen, "%s: %s", dir, strerror(errno));
            rc = -EIO;
        }
        nftw(tmp, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    }
    if (!rc && info)
        info->seconds = now_s() - t0;
out:
    for (size_t i = 0; i < n; i++)
        free(abs[i]);
    free(abs);
    return rc;
}
