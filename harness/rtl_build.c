/* SPDX-License-Identifier: MIT */
/* rtl_build.c - verilate a vendor's IMS table into a cached .so, load it. */
#include "models/rtl/rtl.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness/build_tool.h"

/* Bump when the build recipe below changes: it is part of the cache key. */
#define RTL_RECIPE "imslab-rtl-build-2"

/* The wrapper's own sources, under the source root (rtl_set_source_root(),
 * hx_build_source_root()): their contents are part of the key. */
static const char *const wrapper_files[] = {
    "models/rtl/ims_rtl_wrap.cpp",
    "models/rtl/rtl.h",
    "models/siov/ims_dut.h",
};
#define NWRAPPER (sizeof(wrapper_files) / sizeof(*wrapper_files))

/* The one setter of the root both builders compile their own files from. */
int rtl_set_source_root(const char *dir)
{
    return hx_build_set_source_root(dir);
}

extern char **environ;

/* Wrapper file @i as a path. */
static int wrapper_path(char *buf, size_t n, size_t i)
{
    return hx_build_pathf(buf, n, "%s/%s", hx_build_source_root(), wrapper_files[i]);
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

/* Wait for @pid; with a hook and a @phase (a string), tell it every 100 ms. */
static int wait_tool(pid_t pid, int *status, const void *phase)
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

/*
 * Run argv (PATH lookup) with stdout and stderr into @log_path, reporting
 * @phase (NULL: none) to the progress hook.
 * Return: the exit status (0..255), -ENOENT when it could not be started,
 * -EINTR when killed by a signal, or -errno.
 */
static int run_tool(char *const argv[], const char *log_path, const char *phase)
{
    char **env = tool_env();
    int rc;

    if (!env)
        return -ENOMEM;
    rc = hx_build_run_tool(argv, log_path, env, wait_tool, phase);
    free(env);
    return rc;
}

/*
 * The tool output for @err: from the first Verilator diagnostic when there
 * is one (lint errors name file:line:column), else the compiler's first
 * error, else the whole log; truncated to fit.
 */
static void log_to_err(const char *log_path, char *err, size_t errlen,
                       const char *what)
{
    char *text = hx_build_read_log(log_path);
    const char *from;
    size_t used;

    if (!err || !errlen)
        goto out;
    used = (size_t)snprintf(err, errlen, "%s failed:\n", what);
    if (used >= errlen || !text)
        goto out;
    /* the earliest diagnostic ("%Error: Exiting due to" comes last) */
    from = strstr(text, "%Warning");
    {
        const char *e = strstr(text, "%Error");

        if (e && (!from || e < from))
            from = e;
    }
    if (!from) {
        const char *e = strstr(text, "error:");

        if (e)
            from = hx_build_line_start(text, e);
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

/* The key: recipe, top, sources' contents, wrapper, Verilator version. */
static void hash_list(struct hx_build_hash *h, const char *tag, const char *const *v,
                      size_t n)
{
    if (!n)
        return;     /* no options: the key of a plain build stays what it was */
    hx_build_hash_str(h, tag);
    for (size_t i = 0; i < n; i++)
        hx_build_hash_str(h, v[i]);
}

static int make_key(const char *const *sources, size_t n, const char *top,
                    const struct rtl_build_opts *bo, const char *tmp_log,
                    char key[33], char *err, size_t errlen)
{
    char *const ver_argv[] = { "verilator", "--version", NULL };
    char ver[256];
    struct hx_build_hash h;
    int rc;

    hx_build_hash_init(&h);
    hx_build_hash_str(&h, RTL_RECIPE);
    hx_build_hash_str(&h, top);
    if (bo) {
        hash_list(&h, "-G", bo->params, bo->nparams);
        hash_list(&h, "-D", bo->defines, bo->ndefines);
    }
    for (size_t i = 0; i < n; i++) {
        rc = hx_build_hash_file(&h, sources[i], true, err, errlen);
        if (rc)
            return rc;
    }
    for (size_t i = 0; i < NWRAPPER; i++) {
        char wp[PATH_MAX];

        rc = wrapper_path(wp, sizeof(wp), i);
        if (!rc)
            rc = hx_build_hash_file(&h, wp, true, err, errlen);
        if (rc)
            return rc;
    }
    rc = run_tool(ver_argv, tmp_log, NULL);
    if (rc) {
        hx_build_msg(err, errlen, "verilator --version: %s",
            rc == -ENOENT ? "verilator not found in PATH" : "failed");
        unlink(tmp_log);
        return rc == -ENOENT ? -ENOENT : -EIO;
    }
    hx_build_read_text(tmp_log, ver, sizeof(ver));
    unlink(tmp_log);
    hx_build_hash_str(&h, ver);
    hx_build_hash_hex(&h, key);
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

    if (hx_build_pathf(to, sizeof(to), "%s/ports", tmp) || hx_build_mkdir_p(to))
        return;
    for (size_t i = 0; i < 2; i++)
        if (!hx_build_pathf(from, sizeof(from), "%s/%s", mdir, hdr[i]) &&
            !hx_build_pathf(to, sizeof(to), "%s/ports/%s", tmp, hdr[i]))
            (void)rename(from, to);
}

/* The .vlt that makes ENTRIES readable by the wrapper (and the port check). */
static int write_vlt(const char *vlt, const char *top, char *err, size_t errlen)
{
    FILE *f = fopen(vlt, "w");

    if (!f) {
        hx_build_msg(err, errlen, "%s: %s", vlt, strerror(errno));
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

    if (!argv || !owned || hx_build_pathf(mdir, sizeof(mdir), "%s/check", tmp)) {
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
        hx_build_rm_tree(mdir);
    } else if (rc == -ENOENT) {
        hx_build_msg(err, errlen, "verilator not found in PATH");
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
        hx_build_pathf(vlt, sizeof(vlt), "%s/entries.vlt", tmp) ||
        hx_build_pathf(mdir, sizeof(mdir), "%s/obj", tmp) ||
        hx_build_pathf(so, sizeof(so), "%s/libdut.so", tmp) ||
        hx_build_pathf(log, sizeof(log), "%s/build.log", tmp) ||
        hx_build_pathf(jobs, sizeof(jobs), "%ld", ncpu > 0 ? ncpu : 1) ||
        hx_build_pathf(cflags, sizeof(cflags),
              "-fPIC -O2 -std=c++17 -fvisibility=hidden -I%s "
              "-DIMS_RTL_PREFIX=Vdut -DIMS_RTL_TOPNAME=%s -DIMS_RTL_SHARED",
              hx_build_source_root(), top))
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
        hx_build_msg(err, errlen, "verilator not found in PATH");
        return -ENOENT;
    }
    if (rc != 0 || access(so, R_OK)) {
        log_to_err(log, err, errlen, "verilator");
        return -EIO;
    }
    hx_build_rm_tree(mdir);  /* objects: megabytes, never needed again */
    return 0;
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

    if (hx_build_pathf(ports, sizeof(ports), "%s/ports", dir) ||
        hx_build_pathf(tmp, sizeof(tmp), "%s/.tmp-%s-XXXXXX", cache, key))
        return -ENAMETOOLONG;
    if (hx_build_pathf(vlt, sizeof(vlt), "%s/Vdut.h", ports) == 0 && !access(vlt, R_OK)) {
        rc = rtl_ports_check(ports, "Vdut", top, err, errlen);
    } else if (!mkdtemp(tmp)) {
        rc = -errno;
        hx_build_msg(err, errlen, "%s: %s", tmp, strerror(errno));
        return rc;
    } else {
        if (hx_build_pathf(vlt, sizeof(vlt), "%s/entries.vlt", tmp) ||
            hx_build_pathf(log, sizeof(log), "%s/build.log", tmp) ||
            hx_build_pathf(to, sizeof(to), "%s/ports", tmp))
            rc = -ENAMETOOLONG;
        else if ((rc = write_vlt(vlt, top, err, errlen)) == 0 &&
                 (rc = check_design(sources, n, top, bo, tmp, vlt, log, err, errlen)) == 0)
            (void)rename(to, ports);   /* the next hit reads them */
        if (rc)
            hx_build_keep_log(tmp, cache, top, key, err, errlen);
        hx_build_rm_tree(tmp);
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
    double t0 = hx_build_now_s();
    int rc;

    if (err && errlen)
        err[0] = '\0';
    if (info)
        memset(info, 0, sizeof(*info));
    if (!sources || !n || !so_path || !len) {
        hx_build_msg(err, errlen, "rtl_build: no sources or no output buffer");
        return -EINVAL;
    }
    for (size_t i = 0; i < n; i++) {
        if (!sources[i] || !*sources[i]) {
            hx_build_msg(err, errlen, "rtl_build: empty source path");
            return -EINVAL;
        }
    }
    if (!valid_top(top)) {
        hx_build_msg(err, errlen, "rtl_build: bad top module name '%s'",
            top ? top : "");
        return -EINVAL;
    }
    if (cache_dir) {
        if (hx_build_pathf(cache, sizeof(cache), "%s", cache_dir))
            return -ENAMETOOLONG;
    } else {
        rc = rtl_default_cache_dir(cache, sizeof(cache));
        if (rc) {
            hx_build_msg(err, errlen, "rtl_build: no cache directory "
                "(set XDG_CACHE_HOME or HOME)");
            return rc;
        }
    }
    rc = hx_build_mkdir_p(cache);
    if (rc) {
        hx_build_msg(err, errlen, "%s: %s", cache, strerror(-rc));
        return rc;
    }
    if (hx_build_pathf(log, sizeof(log), "%s/.version.%ld.log", cache,
              (long)getpid()))
        return -ENAMETOOLONG;
    for (size_t i = 0; bo && i < bo->nparams + bo->ndefines; i++) {
        const char *w = i < bo->nparams ? bo->params[i] : bo->defines[i - bo->nparams];

        if (!w || !*w || w[0] == '=' || (i < bo->nparams && !strchr(w, '=')) ||
            strchr(w, ' ')) {
            hx_build_msg(err, errlen, "rtl_build: bad %s '%s' (expected %s)",
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

    if (hx_build_pathf(dir, sizeof(dir), "%s/%s", cache, key) ||
        hx_build_pathf(so_path, len, "%s/libdut.so", dir))
        return -ENAMETOOLONG;
    if (!access(so_path, R_OK)) {
        if (info)
            info->cache_hit = true;
        return check_cached(sources, n, top, bo, cache, dir, key, err, errlen);
    }

    if (hx_build_pathf(tmp, sizeof(tmp), "%s/.tmp-%s-XXXXXX", cache, key))
        return -ENAMETOOLONG;
    if (!mkdtemp(tmp)) {
        rc = -errno;
        hx_build_msg(err, errlen, "%s: %s", tmp, strerror(errno));
        return rc;
    }
    progress.top = top;
    progress.t0_ns = mono_ns();
    rc = build_so(sources, n, top, bo, tmp, err, errlen);
    if (progress.fn)
        progress.fn(progress.ctx, top, NULL, mono_ns() - progress.t0_ns);
    if (rc) {
        hx_build_keep_log(tmp, cache, top, key, err, errlen);
        hx_build_rm_tree(tmp);
        return rc;
    }
    /* Publish atomically; a concurrent builder may have won the race. */
    if (rename(tmp, dir)) {
        hx_build_rm_tree(tmp);
        if (access(so_path, R_OK)) {
            hx_build_msg(err, errlen, "%s: %s", dir, strerror(errno));
            return -EIO;
        }
    }
    if (info)
        info->seconds = hx_build_now_s() - t0;
    return 0;
}

int rtl_build(const char *const *sources, size_t n, const char *top,
              const char *cache_dir, char *so_path, size_t len,
              char *err, size_t errlen)
{
    return rtl_build_ex(sources, n, top, cache_dir, so_path, len, err,
                        errlen, NULL);
}
