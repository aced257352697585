/* SPDX-License-Identifier: MIT */
/* rng.c - xoshiro256** streams seeded by splitmix64. */
#include "rng.h"

#include <math.h>

#include "sim.h"

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += UINT64_C(0x9e3779b97f4a7c15));

    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

static inline uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

void sim_rng_seed(struct sim_rng *r, uint64_t seed, uint64_t stream)
{
    /* mix the stream id in through one splitmix step of its own */
    uint64_t x = stream;
    uint64_t st = seed ^ splitmix64(&x);

    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&st);
}

uint64_t sim_rng_stream_id(const char *name)
{
    uint64_t h = UINT64_C(0xcbf29ce484222325);

    for (const unsigned char *p = (const unsigned char *)name; p && *p; p++) {
        h ^= *p;
        h *= UINT64_C(0x100000001b3);
    }
    return h;
}

void sim_rng_stream(struct sim_rng *r, const struct sim *sim, const char *name)
{
    sim_rng_seed(r, sim_seed(sim), sim_rng_stream_id(name));
}

uint64_t sim_rng_next(struct sim_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;

    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

uint64_t sim_rng_below(struct sim_rng *r, uint64_t bound)
{
    unsigned __int128 m;
    uint64_t lo;

    if (bound == 0)
        return 0;
    m = (unsigned __int128)sim_rng_next(r) * bound;
    lo = (uint64_t)m;
    if (lo < bound) {
        uint64_t thresh = -bound % bound;

        while (lo < thresh) {
            m = (unsigned __int128)sim_rng_next(r) * bound;
            lo = (uint64_t)m;
        }
    }
    return (uint64_t)(m >> 64);
}

uint64_t sim_rng_range(struct sim_rng *r, uint64_t lo, uint64_t hi)
{
    if (hi <= lo)
        return lo;
    if (lo == 0 && hi == UINT64_MAX)
        return sim_rng_next(r);
    return lo + sim_rng_below(r, hi - lo + 1);
}

double sim_rng_unit(struct sim_rng *r)
{
    return (double)(sim_rng_next(r) >> 11) * 0x1.0p-53;
}

uint64_t sim_rng_exp_ps(struct sim_rng *r, uint64_t mean_ps)
{
    /* 1 - unit() lies in (0, 1], so the log is finite */
    double x = -log(1.0 - sim_rng_unit(r)) * (double)mean_ps;
    uint64_t v;

    if (!(x < 1.8e19))
        return SIM_TIME_MAX;
    if (x < 0x1p62) {
        /* llround() (halves away from zero) without the call: the
         * fraction x - trunc(x) is exact in binary floating point */
        v = (uint64_t)x;
        v += x - (double)v >= 0.5;
    } else {
        v = (uint64_t)llround(x);
    }
    return v ? v : 1;
}
