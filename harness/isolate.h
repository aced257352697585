/* SPDX-License-Identifier: MIT */
/*
 * isolate.h - run a function in a child process and collect its result.
 *
 * The SystemC backend cannot restart its kernel, so every simulation on it
 * runs in a child of its own (design: "on that backend each simulation runs
 * in its own child process").  The same mechanism runs scenarios in
 * parallel (`-j N`).
 */
#ifndef IMSLAB_HARNESS_ISOLATE_H
#define IMSLAB_HARNESS_ISOLATE_H

#include <stddef.h>
#include <sys/types.h>

/**
 * hx_isolate - run @fn(@arg, @out, @outlen) in a forked child.
 * @fn: the function; its return value becomes the child's exit status
 *      (0..255) and the @outlen bytes it leaves in @out are sent back
 * @arg: its argument (copied into the child by fork)
 * @out: buffer that receives the child's result
 * @outlen: its size
 *
 * Return: @fn's return value, or a negative errno when the child could not
 * be run, died on a signal (-EINTR) or sent a short result (-EPIPE).
 */
int hx_isolate(int (*fn)(void *arg, void *out, size_t outlen), void *arg,
               void *out, size_t outlen);

/**
 * struct hx_child - a child started by hx_child_start().
 * @pid: its process ID (-1: none)
 * @fd:  the read end of its result pipe (-1: none)
 */
struct hx_child {
    pid_t pid;
    int fd;
};

/**
 * hx_child_start - start @fn(@arg, @out, @outlen) in a forked child and
 * return at once: the way to run several at a time (`imslab run -j N`).
 * @c: filled
 *
 * In the child SIGINT and SIGTERM take their default action (whatever the
 * parent installed), and on Linux the child gets SIGTERM when the parent
 * dies.  The parent waits for it (waitpid()) and then calls
 * hx_child_collect(); @outlen must then be below the pipe buffer (64 KiB),
 * since the pipe is read only after the child exits.
 *
 * Return: 0, or the negative errno of pipe() or fork().
 */
int hx_child_start(struct hx_child *c, int (*fn)(void *arg, void *out, size_t outlen),
                   void *arg, void *out, size_t outlen);

/**
 * hx_child_collect - read the result of @c, which has exited with the
 * waitpid() @status, into @out and close its pipe.
 *
 * Return: as hx_isolate().
 */
int hx_child_collect(struct hx_child *c, int status, void *out, size_t outlen);

/** hx_child_stop - ask @c to stop (SIGTERM); reap it as usual afterwards. */
void hx_child_stop(const struct hx_child *c);

#endif /* IMSLAB_HARNESS_ISOLATE_H */
