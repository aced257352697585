/* SPDX-License-Identifier: MIT */
/*
 * atomic.c - output files that appear whole or not at all, and the
 * run-status file (report.h).
 *
 * A file is written to ".imslab-NAME.XXXXXX" in its own folder (same file
 * system, so the rename is atomic), flushed to disk, and renamed over NAME.
 * A reader sees either no NAME, the previous NAME, or the complete new one.
 */
#include "reports/report.h"
#include "reports/rpt_internal.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>


int rpt_atomic_open(struct rpt_atomic *a, const char *dir, const char *name)
{
    mode_t mask;
    int fd;

    memset(a, 0, sizeof(*a));
    if (!dir || !name || !*name || strchr(name, '/'))
        return -EINVAL;
    if ((size_t)snprintf(a->path, sizeof(a->path), "%s/%s", dir, name) >=
            sizeof(a->path) ||
        (size_t)snprintf(a->tmp, sizeof(a->tmp), "%s/" RPT_TMP_PREFIX "%s.XXXXXX",
                         dir, name) >= sizeof(a->tmp))
        return -ENAMETOOLONG;
    fd = mkstemp(a->tmp);
    if (fd < 0)
        return -errno;
    /* mkstemp() makes 0600; an output gets what fopen() would give it */
    mask = umask(0);
    umask(mask);
    (void)fchmod(fd, 0666 & ~mask);
    a->f = fdopen(fd, "w");
    if (!a->f) {
        int e = errno;

        close(fd);
        unlink(a->tmp);
        return -e;
    }
    return 0;
}

int rpt_atomic_commit(struct rpt_atomic *a)
{
    int rc = 0;

    if (!a->f)
        return -EINVAL;
    if (fflush(a->f) || ferror(a->f) || fsync(fileno(a->f)))
        rc = errno ? -errno : -EIO;
    if (fclose(a->f) && !rc)
        rc = errno ? -errno : -EIO;
    a->f = NULL;
    if (!rc && rename(a->tmp, a->path))
        rc = -errno;
    if (rc)
        unlink(a->tmp);
    return rc;
}

void rpt_atomic_abort(struct rpt_atomic *a)
{
    if (!a->f)
        return;
    fclose(a->f);
    a->f = NULL;
    unlink(a->tmp);
}

int rpt_atomic_write(const char *dir, const char *name,
                     int (*fn)(FILE *f, const void *arg), const void *arg)
{
    struct rpt_atomic a;
    int rc = rpt_atomic_open(&a, dir, name);

    if (rc)
        return rc;
    rc = fn(a.f, arg);
    if (rc) {
        rpt_atomic_abort(&a);
        return rc;
    }
    return rpt_atomic_commit(&a);
}

int rpt_dir_unlink(const char *dir, const char *prefix, const char *suffix)
{
    size_t np = strlen(prefix), ns = strlen(suffix);
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[4096];
    int rc = 0;

    if (!d)
        return errno == ENOENT ? 0 : -errno;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);

        if (len < np + ns || (ns && len == ns) || strncmp(e->d_name, prefix, np) ||
            strcmp(e->d_name + len - ns, suffix))
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        if (unlink(path) && errno != ENOENT && !rc)
            rc = -errno;
    }
    closedir(d);
    return rc;
}

int rpt_atomic_sweep(const char *dir)
{
    return rpt_dir_unlink(dir, RPT_TMP_PREFIX, "");
}

int rpt_out_dir_check(const char *dir, char *why, size_t len)
{
    char parent[4096];
    struct stat st;
    char *slash;

    if (!dir || !*dir) {
        snprintf(why, len, "the output folder name is empty");
        return -EINVAL;
    }
    if (stat(dir, &st) == 0) {
        if (!S_ISDIR(st.st_mode)) {
            snprintf(why, len, "'%s' exists and is not a folder", dir);
            return -ENOTDIR;
        }
        if (access(dir, W_OK | X_OK)) {
            int e = errno;

            snprintf(why, len, "cannot write in '%s': %s", dir, strerror(e));
            return -e;
        }
        return 0;
    }
    if (errno != ENOENT) {
        int e = errno;

        snprintf(why, len, "'%s': %s", dir, strerror(e));
        return -e;
    }
    /* to be created: its parent must be a folder we can write in */
    snprintf(parent, sizeof(parent), "%s", dir);
    while ((slash = strrchr(parent, '/')) && slash[1] == '\0' && slash != parent)
        *slash = '\0';                  /* "a/b/" -> "a/b" */
    slash = strrchr(parent, '/');
    if (!slash)
        snprintf(parent, sizeof(parent), ".");
    else if (slash == parent)
        parent[1] = '\0';
    else
        *slash = '\0';
    if (stat(parent, &st) || !S_ISDIR(st.st_mode) || access(parent, W_OK | X_OK)) {
        int e = errno ? errno : ENOTDIR;

        if (!stat(parent, &st) && !S_ISDIR(st.st_mode))
            e = ENOTDIR;
        snprintf(why, len, "cannot create '%s': %s", dir, strerror(e));
        return -e;
    }
    return 0;
}

const char *rpt_status_name(enum rpt_status s)
{
    switch (s) {
    case RPT_STATUS_COMPLETE: return "complete";
    case RPT_STATUS_INTERRUPTED: return "interrupted";
    default: return "failed";
    }
}

/* Steals @v; returns -1 on any failure, including a NULL @v. */
static int put(json_t *obj, const char *key, json_t *v)
{
    return v ? json_object_set_new(obj, key, v) : -1;
}

/* The shard object: index, count, suite size and the suite positions. */
static json_t *shard_object(const struct rpt_shard_info *sh)
{
    json_t *o = json_object(), *pos = json_array();
    int err = !o || !pos;

    for (size_t i = 0; i < sh->n && !err; i++)
        err |= json_array_append_new(pos, json_integer((json_int_t)sh->positions[i]));
    if (!err) {
        err |= put(o, "index", json_integer(sh->index));
        err |= put(o, "count", json_integer(sh->count));
        err |= put(o, "suite_scenarios", json_integer((json_int_t)sh->suite_scenarios));
        err |= put(o, "positions", pos);
        pos = NULL;
    }
    json_decref(pos);
    if (err) {
        json_decref(o);
        return NULL;
    }
    return o;
}

int rpt_status_write(FILE *out, const struct rpt_run_status *st)
{
    json_t *root, *files;
    int err = 0, rc = 0;

    if (!out || !st || (st->noutputs && !st->outputs))
        return -EINVAL;
    root = json_object();
    files = json_array();
    err |= put(root, "schema", json_string(RPT_STATUS_SCHEMA));
    err |= put(root, "status", json_string(rpt_status_name(st->status)));
    err |= put(root, "exit", json_integer(st->exit_status));
    err |= put(root, "scenarios", json_integer((json_int_t)st->scenarios));
    err |= put(root, "finished", json_integer((json_int_t)st->finished));
    err |= put(root, "signal", st->signal ? rpt__json_text(st->signal, SIZE_MAX)
                                          : json_null());
    for (size_t i = 0; i < st->noutputs && files; i++) {
        json_t *s = rpt__json_text(st->outputs[i], SIZE_MAX);

        err |= s ? json_array_append_new(files, s) : -1;
    }
    err |= put(root, "outputs", files);
    if (st->shard)
        err |= put(root, "shard", shard_object(st->shard));
    if (err)
        rc = -ENOMEM;
    if (!rc && json_dumpf(root, out, JSON_INDENT(2)))
        rc = -EIO;
    json_decref(root);
    if (!rc && (fputc('\n', out) == EOF || fflush(out) || ferror(out)))
        rc = -EIO;
    return rc;
}
