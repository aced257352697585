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

#endif /* IMSLAB_HARNESS_ISOLATE_H */
