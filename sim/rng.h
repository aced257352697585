/* SPDX-License-Identifier: MIT */
/*
 * rng.h - seeded, splittable pseudo-random streams.
 *
 * Generator: xoshiro256** (Blackman and Vigna, 2018), state seeded through
 * splitmix64.  Splitting: every model instance takes its own stream, named
 * by a string (its instance path, e.g. "dev0.adi3.arrivals").  The stream's
 * state is derived from (root seed, FNV-1a hash of the name) alone, so a
 * stream does not depend on how many other streams exist or in which order
 * they were made: adding a device to a scenario leaves the other devices'
 * draws unchanged.
 *
 * Every distribution below is computed with integer arithmetic or with
 * exactly specified IEEE double operations, so a seed gives the same draws
 * on every backend.
 */
#ifndef IMSLAB_SIM_RNG_H
#define IMSLAB_SIM_RNG_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct sim;

struct sim_rng {
    uint64_t s[4];
};

/**
 * sim_rng_seed - seed a stream from a root seed and a stream id.
 * @r: the stream
 * @seed: root seed
 * @stream: stream id (sim_rng_stream_id() of a name, or any number)
 */
void sim_rng_seed(struct sim_rng *r, uint64_t seed, uint64_t stream);

/** sim_rng_stream_id - FNV-1a 64 of a stream name. */
uint64_t sim_rng_stream_id(const char *name);

/**
 * sim_rng_stream - seed @r as the stream @name of simulation @sim.
 * @r: the stream
 * @sim: the simulation whose root seed is used
 * @name: the stream name, unique per model instance
 */
void sim_rng_stream(struct sim_rng *r, const struct sim *sim, const char *name);

/** sim_rng_next - the next 64 random bits. */
uint64_t sim_rng_next(struct sim_rng *r);

/**
 * sim_rng_below - a uniform integer in [0, @bound), without bias
 * (Lemire's multiply-and-reject).  @bound 0 returns 0.
 */
uint64_t sim_rng_below(struct sim_rng *r, uint64_t bound);

/** sim_rng_range - a uniform integer in [@lo, @hi] (inclusive). */
uint64_t sim_rng_range(struct sim_rng *r, uint64_t lo, uint64_t hi);

/** sim_rng_unit - a uniform double in [0, 1) with 53 random bits. */
double sim_rng_unit(struct sim_rng *r);

/**
 * sim_rng_exp_ps - an exponentially distributed interval, in picoseconds,
 * with mean @mean_ps (Poisson arrivals), rounded to the nearest ps and at
 * least 1.
 */
uint64_t sim_rng_exp_ps(struct sim_rng *r, uint64_t mean_ps);

#ifdef __cplusplus
}
#endif

#endif /* IMSLAB_SIM_RNG_H */
