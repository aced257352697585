/* SPDX-License-Identifier: MIT */
/* runinfo.c - the run-info JSON: wall time, host, command line (imslab.runinfo/1). */
#include "reports/report.h"
#include "reports/rpt_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <jansson.h>

#define RUNINFO_SCHEMA "imslab.runinfo/1"

/* duration_s is rounded to ms first; "%.15g" then prints it exactly. */
#define DUMP_FLAGS (JSON_INDENT(2) | JSON_REAL_PRECISION(15))

#define COPY(dst, src)                                  \
    do {                                                \
        snprintf((dst), sizeof(dst), "%s", (src));      \
    } while (0)

int rpt_runinfo_host(struct rpt_runinfo *ri)
{
    struct utsname u;

    if (!ri)
        return -EINVAL;
    if (gethostname(ri->host, sizeof(ri->host)))
        ri->host[0] = '\0';
    ri->host[sizeof(ri->host) - 1] = '\0';   /* POSIX: may be unterminated */
    if (uname(&u))
        return -errno;
    COPY(ri->sysname, u.sysname);
    COPY(ri->release, u.release);
    COPY(ri->version, u.version);
    COPY(ri->machine, u.machine);
    ri->cpus = sysconf(_SC_NPROCESSORS_ONLN);
    return 0;
}

/* Steals @v; returns -1 on any failure, including a NULL @v. */
static int put(json_t *obj, const char *key, json_t *v)
{
    return v ? json_object_set_new(obj, key, v) : -1;
}

/* ISO 8601 UTC with milliseconds: 2026-06-01T12:34:56.789Z. */
static int iso8601(char *buf, size_t size, struct timespec t)
{
    struct tm tm;
    size_t len;

    if (t.tv_nsec < 0 || t.tv_nsec >= 1000000000L || !gmtime_r(&t.tv_sec, &tm))
        return -EINVAL;
    len = strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm);
    if (!len)
        return -EINVAL;
    snprintf(buf + len, size - len, ".%03ldZ", t.tv_nsec / 1000000L);
    return 0;
}

static int build(json_t *root, const struct rpt_runinfo *ri, const char *start)
{
    const char *tool = ri->tool ? ri->tool : "imslab " IMSLAB_VERSION;
    json_t *kernel = json_object(), *argv = json_array();
    uint64_t ms = ri->duration_ns / 1000000 + (ri->duration_ns % 1000000 >= 500000);
    int err = 0;

    err |= put(root, "schema", json_string(RUNINFO_SCHEMA));
    err |= put(root, "tool", rpt__json_text(tool, SIZE_MAX));
    err |= put(root, "start", json_string(start));
    err |= put(root, "duration_s", json_real((double)ms / 1000.0));
    err |= put(root, "host", rpt__json_text(ri->host, sizeof(ri->host)));
    err |= put(kernel, "sysname", rpt__json_text(ri->sysname, sizeof(ri->sysname)));
    err |= put(kernel, "release", rpt__json_text(ri->release, sizeof(ri->release)));
    err |= put(kernel, "version", rpt__json_text(ri->version, sizeof(ri->version)));
    err |= put(kernel, "machine", rpt__json_text(ri->machine, sizeof(ri->machine)));
    err |= put(root, "kernel", kernel);
    err |= put(root, "cpus", json_integer(ri->cpus));
    err |= put(root, "backend", rpt__json_text(ri->backend, SIZE_MAX));
    err |= put(root, "jobs", json_integer(ri->jobs));
    for (int i = 0; i < ri->argc; i++) {
        json_t *a = rpt__json_text(ri->argv[i], SIZE_MAX);

        err |= a ? json_array_append_new(argv, a) : -1;
    }
    err |= put(root, "argv", argv);
    if (ri->shard)
        err |= put(root, "shard", rpt__json_text(ri->shard, SIZE_MAX));
    if (ri->n) {
        json_t *arr = json_array();

        for (size_t i = 0; i < ri->n && arr; i++) {
            json_t *o = json_object();
            char at[40];

            if (iso8601(at, sizeof(at), ri->walls[i].start))
                return -EINVAL;
            err |= put(o, "name", rpt__json_text(ri->names[i], SIZE_MAX));
            err |= put(o, "start", json_string(at));
            err |= put(o, "wall_ns", json_integer((json_int_t)ri->walls[i].ns));
            err |= o ? json_array_append_new(arr, o) : -1;
        }
        err |= put(root, "scenarios", arr);
    }
    return err ? -ENOMEM : 0;
}

int rpt_runinfo_write(FILE *out, const struct rpt_runinfo *ri)
{
    char start[40];
    json_t *root;
    int rc;

    if (!out || !ri || !ri->backend || ri->argc < 0 || (ri->argc && !ri->argv) ||
        (ri->n && (!ri->names || !ri->walls)))
        return -EINVAL;
    for (int i = 0; i < ri->argc; i++)
        if (!ri->argv[i])
            return -EINVAL;
    rc = iso8601(start, sizeof(start), ri->start);
    if (rc)
        return rc;
    root = json_object();
    if (!root)
        return -ENOMEM;
    rc = build(root, ri, start);
    if (!rc && json_dumpf(root, out, DUMP_FLAGS))
        rc = -EIO;
    json_decref(root);
    if (!rc && (fputc('\n', out) == EOF || fflush(out) || ferror(out)))
        rc = -EIO;
    return rc;
}
