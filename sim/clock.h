/* SPDX-License-Identifier: MIT */
/*
 * clock.h - conversions between CPU cycles at a frequency and picoseconds.
 *
 * Rounding (documented in docs/kernel.md):
 * - cycles -> ps rounds to the nearest picosecond, halves up, so a cost of
 *   N cycles is never systematically shortened or lengthened;
 * - ps -> cycles rounds down: it counts the cycles completed by that time.
 * Both saturate at UINT64_MAX instead of wrapping.  A frequency of 0 Hz is
 * a caller bug and yields 0.
 */
#ifndef IMSLAB_SIM_CLOCK_H
#define IMSLAB_SIM_CLOCK_H

#include <stdint.h>

#include "sim.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SIM_PS_PER_S UINT64_C(1000000000000)

/**
 * sim_cycles_to_ps - the duration of @cycles at @hz, nearest ps.
 * @cycles: a cycle count
 * @hz: clock frequency in Hz
 */
static inline sim_time_t sim_cycles_to_ps(uint64_t cycles, uint64_t hz)
{
    unsigned __int128 num;
    unsigned __int128 q;

    if (hz == 0)
        return 0;
    /* the same quotient in 64 bits when the numerator fits (every cost
     * below about 18 M cycles): no 128-bit division on the hot path */
    if (cycles < UINT64_MAX / SIM_PS_PER_S / 2 && hz <= UINT64_MAX / 2)
        return (cycles * SIM_PS_PER_S + hz / 2) / hz;
    num = (unsigned __int128)cycles * SIM_PS_PER_S + hz / 2;
    q = num / hz;
    return q > UINT64_MAX ? SIM_TIME_MAX : (sim_time_t)q;
}

/**
 * sim_ps_to_cycles - whole cycles of a @hz clock completed in @ps.
 * @ps: a duration
 * @hz: clock frequency in Hz
 */
static inline uint64_t sim_ps_to_cycles(sim_time_t ps, uint64_t hz)
{
    unsigned __int128 q = (unsigned __int128)ps * hz / SIM_PS_PER_S;

    return q > UINT64_MAX ? UINT64_MAX : (uint64_t)q;
}

/** sim_period_ps - one period of a @hz clock, nearest ps. */
static inline sim_time_t sim_period_ps(uint64_t hz)
{
    return sim_cycles_to_ps(1, hz);
}

#ifdef __cplusplus
}
#endif

#endif /* IMSLAB_SIM_CLOCK_H */
