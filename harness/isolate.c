/* SPDX-License-Identifier: MIT */
/* isolate.c - fork, run, pipe the result back, reap; stop on request. */
#include "harness/isolate.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

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

/*
 * The child: SIGINT and SIGTERM back to their default action (the parent's
 * handlers only set a flag, which would keep a child running), unblocked;
 * and on Linux, killed when the parent dies, however it dies.
 */
static void child_signals(pid_t parent)
{
    sigset_t all;

    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    sigemptyset(&all);
    sigaddset(&all, SIGINT);
    sigaddset(&all, SIGTERM);
    sigprocmask(SIG_UNBLOCK, &all, NULL);
#ifdef __linux__
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent)      /* the parent died before prctl() */
        _exit(125);
#else
    (void)parent;
#endif
}

int hx_child_start(struct hx_child *c, int (*fn)(void *arg, void *out, size_t outlen),
                   void *arg, void *out, size_t outlen)
{
    pid_t parent = getpid();
    int fds[2];

    c->pid = -1;
    c->fd = -1;
    if (pipe(fds))
        return -errno;
    fflush(NULL);
    c->pid = fork();
    if (c->pid < 0) {
        int e = errno;

        close(fds[0]);
        close(fds[1]);
        return -e;
    }
    if (c->pid == 0) {
        int rc;

        close(fds[0]);
        child_signals(parent);
        rc = fn(arg, out, outlen);
        if (write_all(fds[1], out, outlen))
            _exit(125);
        close(fds[1]);
        fflush(NULL);
        _exit(rc & 0xff);
    }
    close(fds[1]);
    c->fd = fds[0];
    return 0;
}

/* What the child's end means: fn's return, -EINTR, -EPIPE. */
static int verdict(int status, ssize_t got, size_t outlen)
{
    if (WIFSIGNALED(status))
        return -EINTR;
    if (got < 0 || (size_t)got != outlen)
        return -EPIPE;
    return WEXITSTATUS(status);
}

int hx_child_collect(struct hx_child *c, int status, void *out, size_t outlen)
{
    ssize_t got = read_all(c->fd, out, outlen);

    close(c->fd);
    c->fd = -1;
    c->pid = -1;
    return verdict(status, got, outlen);
}

void hx_child_stop(const struct hx_child *c)
{
    if (c->pid > 0)
        kill(c->pid, SIGTERM);
}

int hx_isolate(int (*fn)(void *arg, void *out, size_t outlen), void *arg,
               void *out, size_t outlen)
{
    struct hx_child c;
    int status, rc;
    ssize_t got;

    rc = hx_child_start(&c, fn, arg, out, outlen);
    if (rc)
        return rc;
    /* read first: a result larger than a pipe buffer must not block */
    got = read_all(c.fd, out, outlen);
    close(c.fd);
    while (waitpid(c.pid, &status, 0) < 0)
        if (errno != EINTR)
            return -errno;
    return verdict(status, got, outlen);
}
