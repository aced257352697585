/* SPDX-License-Identifier: MIT */
/*
 * yaml_common.c - what the YAML loaders (scenario files, IMS layout
 * descriptors) share around the libyaml index: the one whole-file reader
 * (bounded by the input limit), the "FILE:LINE:COLUMN: error: MESSAGE"
 * sink, messages at a node by path, and strict scalars
 * (scenario_internal.h).
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness/scenario_internal.h"

int hx_scn__error(struct hx_scn__err *e, uint32_t line, uint32_t col,
                  const char *fmt, ...)
{
    va_list ap;
    int n;

    if (!e->buf || !e->len)
        return -EINVAL;
    n = snprintf(e->buf, e->len, "%s:%u:%u: error: ", e->file, line, col);
    if (n >= 0 && (size_t)n < e->len) {
        va_start(ap, fmt);
        vsnprintf(e->buf + n, e->len - (size_t)n, fmt, ap);
        va_end(ap);
    }
    return -EINVAL;
}

void hx_scn__path_parent(char *path)
{
    size_t cut = 0;

    for (size_t i = 0; path[i]; i++) {
        if (path[i] == '\\' && path[i + 1]) {
            i++;
            continue;
        }
        if (path[i] == '.' || path[i] == '[')
            cut = i;
    }
    path[cut] = '\0';
}

const struct hx_scn__node *hx_scn__near_node(const struct hx_scn__index *ix,
                                             const char *path)
{
    char p[HX_SCN__PATH_MAX];
    const struct hx_scn__node *nd;

    snprintf(p, sizeof(p), "%s", path);
    for (;;) {
        nd = hx_scn__index_find(ix, p);
        if (nd || !*p)
            return nd;
        hx_scn__path_parent(p);
    }
}

int hx_scn__verr(const struct hx_scn__index *ix, struct hx_scn__err *e,
                 const char *path, bool at_key, const char *fmt, va_list ap)
{
    const struct hx_scn__node *nd = hx_scn__near_node(ix, path);
    uint32_t line = 1, col = 1;
    char msg[1024];

    if (nd) {
        bool key = at_key && nd->key_line && !strcmp(nd->path, path);

        line = key ? nd->key_line : nd->line;
        col = key ? nd->key_col : nd->col;
    }
    vsnprintf(msg, sizeof(msg), fmt, ap);
    if (!*path)
        return hx_scn__error(e, line, col, "%s", msg);
    return hx_scn__error(e, line, col, "%s: %s", path, msg);
}

int hx_scn__err_at(const struct hx_scn__index *ix, struct hx_scn__err *e,
                   const char *path, bool at_key, const char *fmt, ...)
{
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = hx_scn__verr(ix, e, path, at_key, fmt, ap);
    va_end(ap);
    return rc;
}

static bool quoted(const struct hx_scn__index *ix, const char *path)
{
    const struct hx_scn__node *nd = hx_scn__index_find(ix, path);

    return nd && nd->quoted;
}

int hx_scn__parse_digits(const char *t, uint64_t *out)
{
    unsigned base = 10;
    uint64_t v = 0;

    if (t[0] == '0' && (t[1] == 'x' || t[1] == 'X')) {
        base = 16;
        t += 2;
    } else if (t[0] == '0' && t[1]) {
        return -EDOM;           /* leading zero: octal in YAML 1.1 */
    }
    if (!*t)
        return -EINVAL;
    for (; *t; t++) {
        unsigned d;

        if (isdigit((unsigned char)*t))
            d = (unsigned)(*t - '0');
        else if (base == 16 && isxdigit((unsigned char)*t))
            d = (unsigned)(tolower((unsigned char)*t) - 'a' + 10);
        else
            return -EINVAL;
        if (v > (UINT64_MAX - d) / base)
            return -ERANGE;
        v = v * base + d;
    }
    *out = v;
    return 0;
}

int hx_scn__get_u64(const struct hx_scn__index *ix, struct hx_scn__err *e,
                    const char *path, const char *t, uint64_t min,
                    uint64_t max, uint64_t *out)
{
    uint64_t v = 0;
    int rc;

    if (quoted(ix, path))
        return hx_scn__err_at(ix, e, path, false, "expected an unsigned "
                              "integer, got the string \"%s\"", t);
    if (t[0] == '-' && isdigit((unsigned char)t[1]))
        return hx_scn__err_at(ix, e, path, false,
                              "must not be negative (got %s)", t);
    rc = hx_scn__parse_digits(t, &v);
    if (rc == -EDOM)
        return hx_scn__err_at(ix, e, path, false,
                              "'%s': leading zeros are not allowed", t);
    if (rc == -ERANGE)
        return hx_scn__err_at(ix, e, path, false, "%s is too large", t);
    if (rc)
        return hx_scn__err_at(ix, e, path, false,
                              "expected an unsigned integer, got '%s'", t);
    if (v < min || v > max) {
        if (max == UINT64_MAX)
            return hx_scn__err_at(ix, e, path, false,
                                  "%s must be at least %llu", t,
                                  (unsigned long long)min);
        return hx_scn__err_at(ix, e, path, false,
                              "%s is out of range (%llu..%llu)", t,
                              (unsigned long long)min,
                              (unsigned long long)max);
    }
    *out = v;
    return 0;
}

int hx_scn__get_bool(const struct hx_scn__index *ix, struct hx_scn__err *e,
                     const char *path, const char *t, bool *out)
{
    if (!quoted(ix, path)) {
        if (!strcmp(t, "true") || !strcmp(t, "True") || !strcmp(t, "TRUE")) {
            *out = true;
            return 0;
        }
        if (!strcmp(t, "false") || !strcmp(t, "False") ||
            !strcmp(t, "FALSE")) {
            *out = false;
            return 0;
        }
    }
    return hx_scn__err_at(ix, e, path, false,
                          "expected true or false, got '%s'", t);
}

/* Read up to @max + 1 bytes of @fd: one byte more than allowed is enough
 * to know a file is too large, and a device (/dev/zero) never ends. */
static int read_bounded(int fd, size_t max, char **buf_out, size_t *len_out)
{
    size_t len = 0, cap = 0, want = max + 1;
    char *buf = NULL;

    for (;;) {
        ssize_t n;

        if (len == cap) {
            size_t ncap = cap ? cap * 2 : 8192;
            char *nb;

            if (ncap > want + 1)
                ncap = want + 1;            /* +1: room for a final NUL */
            nb = realloc(buf, ncap);
            if (!nb) {
                free(buf);
                return -ENOMEM;
            }
            buf = nb;
            cap = ncap;
        }
        n = read(fd, buf + len, (cap - len < want - len ? cap - len : want - len));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int e = errno ? errno : EIO;

            free(buf);
            return -e;
        }
        len += (size_t)n;
        if (n == 0 || len == want)
            break;
    }
    *buf_out = buf;
    *len_out = len;
    return 0;
}

int hx_scn__read_file(const char *path, size_t max, char **buf_out,
                      size_t *len_out, char *err, size_t errlen)
{
    char *buf = NULL;
    size_t len = 0;
    int fd, flags, rc;

    if (!max)
        max = HX_INPUT_MAX_DEFAULT;
    /* O_NONBLOCK: opening a FIFO nobody writes to must not hang; reads
     * block again below, so a FIFO with a writer is read to its end */
    fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        rc = -errno;
        goto ioerr;
    }
    flags = fcntl(fd, F_GETFL);
    if (flags >= 0)
        (void)fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    rc = read_bounded(fd, max, &buf, &len);
    close(fd);
    if (rc == -ENOMEM) {
        if (err && errlen)
            snprintf(err, errlen, "%s: error: out of memory", path);
        return rc;
    }
    if (rc)
        goto ioerr;
    if (len > max) {
        free(buf);
        if (err && errlen)
            snprintf(err, errlen, "%s: error: larger than the input limit of "
                     "%zu bytes (--max-input-bytes raises it)", path, max);
        return -EFBIG;
    }
    *buf_out = buf;
    *len_out = len;
    return 0;
ioerr:
    if (err && errlen)
        snprintf(err, errlen, "%s: error: cannot read: %s", path, strerror(-rc));
    return rc;
}
