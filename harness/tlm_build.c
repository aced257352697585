/* SPDX-License-Identifier: MIT */
/* tlm_build.c - compile a vendor's TLM-2.0 IMS table model into a cached .so (tlm.h). */
#include "harness/tlm.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness/build_tool.h"
#include "models/rtl/rtl.h"

#ifndef IMSLAB_TLM_CXX
#define IMSLAB_TLM_CXX ""       /* built without SystemC: tlm_build() says so */
#define IMSLAB_TLM_SYSTEMC ""
#define IMSLAB_TLM_CFLAGS ""
#define IMSLAB_TLM_LIBS ""
#endif

/* Bump when the recipe below changes: it is part of the cache key. */
#define TLM_RECIPE "imslab-tlm-build-1"

/* The host's own sources, under the source root the RTL wrapper's are under
 * (hx_build_source_root(): the source tree or PREFIX/share/imslab): their
 * contents are part of the key.  The first is compiled with the model. */
static const char *const host_files[] = {
    "models/tlm/ims_tlm_host.cpp",
    "models/tlm/ims_tlm.h",
    "models/tlm/ims_tlm_ext.h",
    "models/siov/ims_dut.h",
};

/* Host file @i as a path. */
static int host_path(char *buf, size_t n, size_t i)
{
    return hx_build_pathf(buf, n, "%s/%s", hx_build_source_root(), host_files[i]);
}

extern char **environ;

/* The compiler's first error (from its "file:line:col: error:" line), up to 24 lines. */
static void log_to_err(const char *log, char *err, size_t errlen)
{
    char *text = hx_build_read_log(log);
    const char *from, *e;
    size_t used;
    int lines = 0;

    if (!err || !errlen || !text) {
        free(text);
        return;
    }
    from = text;
    if ((e = strstr(text, " error: ")) || (e = strstr(text, "error:")))
        from = hx_build_line_start(text, e);
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
    char host[PATH_MAX], incdir[PATH_MAX + 2];
    char cflags[] = IMSLAB_TLM_CFLAGS, libs[] = IMSLAB_TLM_LIBS;
    size_t k = 0, max = n + 64;
    char **argv = calloc(max, sizeof(*argv));
    int rc;

    if (!argv)
        return -ENOMEM;
    if (hx_build_pathf(so, sizeof(so), "%s/libdut.so", tmp) ||
        hx_build_pathf(log, sizeof(log), "%s/build.log", tmp) ||
        hx_build_pathf(deftop, sizeof(deftop), "-DIMS_TLM_TOP=%s", top) ||
        hx_build_pathf(defsrc, sizeof(defsrc), "-DIMS_TLM_SOURCE=\"%s\"", abs[0]) ||
        host_path(host, sizeof(host), 0) ||
        hx_build_pathf(incdir, sizeof(incdir), "-I%s", hx_build_source_root())) {
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
    argv[k++] = incdir;
    argv[k++] = deftop;
    argv[k++] = defsrc;
    split_words(cflags, argv, &k, max - n - 8);
    argv[k++] = "-o";
    argv[k++] = so;
    argv[k++] = host;
    for (size_t i = 1; i < n; i++)
        argv[k++] = abs[i];
    split_words(libs, argv, &k, max - 2);
    argv[k] = NULL;
    rc = hx_build_run_tool(argv, log, environ, NULL, NULL);
    free(argv);
    if (rc == -ENOENT) {
        hx_build_msg(err, errlen, "the C++ compiler '%s' was not found", IMSLAB_TLM_CXX);
        return -ENOENT;
    }
    if (rc != 0 || access(so, R_OK)) {
        log_to_err(log, err, errlen);
        return -EIO;
    }
    return 0;
}

static int make_key(char *const *abs, size_t n, const char *top, const char *cache,
                    char key[33], char *err, size_t errlen)
{
    char *const ver_argv[] = { IMSLAB_TLM_CXX, "--version", NULL };
    char log[PATH_MAX], ver[512];
    struct hx_build_hash h;
    int rc;

    /* a read error after the open is not one here, as it never was (build_tool.h) */
    hx_build_hash_init(&h);
    hx_build_hash_str(&h, TLM_RECIPE);
    hx_build_hash_str(&h, top);
    hx_build_hash_str(&h, IMSLAB_TLM_SYSTEMC);
    for (size_t i = 0; i < n; i++) {
        hx_build_hash_str(&h, abs[i]);
        if ((rc = hx_build_hash_file(&h, abs[i], false, err, errlen)))
            return rc;
    }
    for (size_t i = 0; i < sizeof(host_files) / sizeof(*host_files); i++) {
        char hp[PATH_MAX];

        if ((rc = host_path(hp, sizeof(hp), i)) ||
            (rc = hx_build_hash_file(&h, hp, false, err, errlen)))
            return rc;
    }
    if (hx_build_pathf(log, sizeof(log), "%s/.cxx-version.%ld.log", cache, (long)getpid()))
        return -ENAMETOOLONG;
    rc = hx_build_run_tool(ver_argv, log, environ, NULL, NULL);
    hx_build_read_text(log, ver, sizeof(ver));
    unlink(log);
    if (rc) {
        hx_build_msg(err, errlen, "%s --version: %s", IMSLAB_TLM_CXX,
                     rc == -ENOENT ? "the C++ compiler was not found" : "failed");
        return rc == -ENOENT ? -ENOENT : -EIO;
    }
    hx_build_hash_str(&h, ver);
    hx_build_hash_hex(&h, key);
    return 0;
}

int tlm_build(const char *const *sources, size_t n, const char *top, const char *cache_dir,
              char *so_path, size_t len, char *err, size_t errlen,
              struct tlm_build_info *info)
{
    char cache[PATH_MAX], dir[PATH_MAX], tmp[PATH_MAX], key[33];
    char **abs = NULL;
    double t0 = hx_build_now_s();
    int rc = 0;

    if (err && errlen)
        err[0] = '\0';
    if (info)
        memset(info, 0, sizeof(*info));
    if (!IMSLAB_TLM_CXX[0]) {
        hx_build_msg(err, errlen, "this imslab was built without SystemC (install "
                     "libsystemc-dev and configure again)");
        return -ENOTSUP;
    }
    if (!sources || !n || !so_path || !len) {
        hx_build_msg(err, errlen, "tlm_build: no sources or no output buffer");
        return -EINVAL;
    }
    if (!valid_top(top)) {
        hx_build_msg(err, errlen, "bad top module class name '%s'", top ? top : "");
        return -EINVAL;
    }
    if (cache_dir ? hx_build_pathf(cache, sizeof(cache), "%s", cache_dir)
                  : rtl_default_cache_dir(cache, sizeof(cache))) {
        hx_build_msg(err, errlen, "no cache directory (set XDG_CACHE_HOME or HOME)");
        return -ENOENT;
    }
    if ((rc = hx_build_mkdir_p(cache))) {
        hx_build_msg(err, errlen, "%s: %s", cache, strerror(-rc));
        return rc;
    }
    if (!(abs = calloc(n, sizeof(*abs))))
        return -ENOMEM;
    for (size_t i = 0; i < n && !rc; i++) {
        if (!sources[i] || !(abs[i] = realpath(sources[i], NULL))) {
            hx_build_msg(err, errlen, "%s: %s", sources[i] ? sources[i] : "(null)",
                         strerror(errno));
            rc = -ENOENT;
        } else if (strpbrk(abs[i], "\"\\ ")) {
            hx_build_msg(err, errlen, "%s: a path with a quote, backslash or space cannot "
                         "be compiled in", abs[i]);
            rc = -EINVAL;
        }
    }
    if (!rc)
        rc = make_key(abs, n, top, cache, key, err, errlen);
    if (!rc && info)
        memcpy(info->key, key, sizeof(key));
    if (!rc && (hx_build_pathf(dir, sizeof(dir), "%s/tlm-%s", cache, key) ||
                hx_build_pathf(so_path, len, "%s/libdut.so", dir) ||
                hx_build_pathf(tmp, sizeof(tmp), "%s/.tmp-tlm-%s-XXXXXX", cache, key)))
        rc = -ENAMETOOLONG;
    if (!rc && !access(so_path, R_OK)) {
        if (info)
            info->cache_hit = true;
        goto out;
    }
    if (!rc && !mkdtemp(tmp)) {
        rc = -errno;
        hx_build_msg(err, errlen, "%s: %s", tmp, strerror(errno));
    }
    if (!rc) {
        rc = compile(abs, n, top, tmp, err, errlen);
        if (rc)
            hx_build_keep_log(tmp, cache, "tlm", key, err, errlen);
        /* publish atomically; a concurrent builder may have won the race */
        if (!rc && rename(tmp, dir) && access(so_path, R_OK)) {
            hx_build_msg(err, errlen, "%s: %s", dir, strerror(errno));
            rc = -EIO;
        }
        hx_build_rm_tree(tmp);
    }
    if (!rc && info)
        info->seconds = hx_build_now_s() - t0;
out:
    for (size_t i = 0; i < n; i++)
        free(abs[i]);
    free(abs);
    return rc;
}
