/* SPDX-License-Identifier: MIT */
/* isolate.c - fork, run, pipe the result back, reap. */
#include "harness/isolate.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static int write_all(int fd, const void *buf, size_t len)
{
    const char *p = buf;

    while (len) {
        ssize_t n = write(fd, p, len);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

static ssize_t read_all(int fd, void *buf, size_t len)
{
    char *p = buf;
    size_t got = 0;

    while (got < len) {
        ssize_t n = read(fd, p + got, len - got);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    return (ssize_t)got;
}

int hx_isolate(int (*fn)(void *arg, void *out, size_t outlen), void *arg,
               void *out, size_t outlen)
{
    int fds[2], status;
    pid_t pid;
    ssize_t got;

    if (pipe(fds))
        return -errno;
    fflush(NULL);
    pid = fork();
    if (pid < 0) {
        int e = errno;

        close(fds[0]);
        close(fds[1]);
        return -e;
    }
    if (pid == 0) {
        int rc;

        close(fds[0]);
        rc = fn(arg, out, outlen);
        if (write_all(fds[1], out, outlen))
            _exit(125);
        close(fds[1]);
        fflush(NULL);
        _exit(rc & 0xff);
    }
    close(fds[1]);
    got = read_all(fds[0], out, outlen);
    close(fds[0]);
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -errno;
    if (WIFSIGNALED(status))
        return -EINTR;
    if ((size_t)got != outlen)
        return -EPIPE;
    return WEXITSTATUS(status);
}
