/* SPDX-License-Identifier: MIT */
/*
 * shard.h - a deterministic 1/N of a suite (`imslab run --shard I/N`).
 *
 * A scenario belongs to shard (FNV-1a 64 of its name mod N) + 1: the same
 * name lands in the same shard on every machine and in every run, whatever
 * else is in the suite, so N CI jobs (or a Slurm job array) each run one
 * shard and `imslab merge` puts their outputs back together.  Each shard
 * records the suite position of every scenario it ran, so the merge
 * restores the suite's order exactly (docs/sharding.md).
 */
#ifndef IMSLAB_HARNESS_SHARD_H
#define IMSLAB_HARNESS_SHARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "harness/matrix.h"

/* The largest N of --shard I/N. */
#define HX_SHARD_MAX 65536u

/**
 * struct hx_shard - shard @index of @count (1 <= @index <= @count).
 * @count 0 means "not sharded".
 */
struct hx_shard {
    unsigned index, count;
};

/**
 * hx_shard_parse - parse "I/N" (decimal, 1 <= I <= N <= %HX_SHARD_MAX, no
 * sign, no leading zero, nothing else).
 * Return: 0 and *@out, or -EINVAL.
 */
int hx_shard_parse(const char *s, struct hx_shard *out);

/**
 * hx_shard_hash - FNV-1a 64 of @name's bytes (offset basis
 * 0xcbf29ce484222325, prime 0x100000001b3).
 */
uint64_t hx_shard_hash(const char *name);

/**
 * hx_shard_of - the shard (1 .. @count) the scenario @name belongs to.
 * @count: at least 1
 */
unsigned hx_shard_of(const char *name, unsigned count);

/**
 * hx_suite_shard - keep only the scenarios of shard @sh in @s (in their
 * order) and free the others.
 * @s:   a loaded suite
 * @sh:  the shard (@sh->count 0: keep everything)
 * @pos: receives a malloc'ed array with the suite position (0-based, in
 *       the whole suite) of every scenario kept; free() it
 *
 * Return: 0, or -ENOMEM (@s is then unchanged).
 */
int hx_suite_shard(struct hx_suite *s, const struct hx_shard *sh, size_t **pos);

#endif /* IMSLAB_HARNESS_SHARD_H */
