// SPDX-License-Identifier: MIT
// sim_systemc.cpp - the SystemC backend: one SC_METHOD dispatcher over the
// kernel's own event queue.
//
// Design (measured in ../shared/reference/tooling.md section 3):
//
// * The events stay in the same struct evq the native kernel uses (sim->q).
//   SystemC only supplies the clock: a single SC_METHOD, sensitive to one
//   sc_event, is woken once per distinct event time.  Each activation pops
//   every event whose time is <= the SystemC time and runs it through
//   sim__dispatch(), exactly as the native loop does, so the order, the
//   bookkeeping and the trace hash are bit-identical between backends.
//   Before it returns it re-notifies its sc_event for the next event time
//   (when that is still within the current sim_run()'s @until).
// * Time is sim_time_t picoseconds = SystemC's default 1 ps resolution, so
//   sc_time::from_value() / value() convert 1:1 up to SIM_TIME_MAX.
// * SystemC time may lag behind sim->now: when sim_run() ends with DONE at
//   a finite @until, sim->now jumps to @until but the SystemC clock stays
//   at the last activation.  Notifications are always relative to
//   sc_time_stamp(), never to sim->now, so this is harmless.
// * sim_stop() ends the activation with sc_pause() (never sc_stop(): after
//   sc_stop SystemC cannot start again, and it prints an Info line).  No
//   notification is left pending when sim_run() returns; the next sim_run()
//   arms the dispatcher again from the queue, which is also how events
//   scheduled by host code between runs are picked up.
// * Process-wide state: SystemC's kernel is a process-wide singleton that
//   cannot be restarted (E546/E529), so this file keeps two statics: the
//   dispatcher module and a flag saying a simulation was created.  A second
//   sim_create() on this backend in the same process, even after the first
//   was destroyed, returns -EBUSY; run each SystemC simulation in a child
//   process (harness/isolate.h).
// * We never go through sc_elab_and_sim()/sc_main, so SystemC prints no
//   banner; the stub sc_main below exists only because libsystemc.so
//   references it.  It must live in this object, which every program that
//   uses the kernel links (sim.c calls into it).
#include <cerrno>
#include <cstdlib>
#include <ctime>
#include <exception>

#include <systemc>

#include "sim_internal.h"
#include "workload.h"

namespace {

using sc_core::sc_time;

struct Dispatcher : sc_core::sc_module {
    sc_core::sc_event wake;
    struct sim *sim = nullptr;
    sim_time_t until = 0;
    bool armed = false;     // a notification of wake is pending

    SC_HAS_PROCESS(Dispatcher);

    explicit Dispatcher(const sc_core::sc_module_name &name)
        : sc_core::sc_module(name), wake("wake")
    {
        SC_METHOD(activate);
        sensitive << wake;
        dont_initialize();
    }

    // Wake at absolute time @t (>= the SystemC time).
    void arm(sim_time_t t)
    {
        sim_time_t now = sc_core::sc_time_stamp().value();

        wake.notify(sc_time::from_value(t - now));
        armed = true;
    }

    // One activation: run every event due at the current SystemC time.
    void activate()
    {
        struct sim *s = sim;
        sim_time_t t = sc_core::sc_time_stamp().value();
        struct evq_payload p;
        sim_time_t when;
        int rc;

        armed = false;
        if (!s)
            return;
        while ((rc = evq_pop_or_peek(&s->q, t, &p, &when)) > 0) {
            sim__dispatch(s, &p, when);
            if (__builtin_expect(s->stop, 0)) {
                sc_core::sc_pause();
                return;
            }
        }
        // rc 0: the earliest event left is at @when, after t
        if (rc == 0 && when <= until) {
            wake.notify(sc_time::from_value(when - t));
            armed = true;
        }
    }
};

// The floor (sim_systemc_floor()): SystemC's own cost per activation, a
// bare SC_METHOD re-notifying its own sc_event, nothing else.
struct Floor : sc_core::sc_module {
    sc_core::sc_event wake;
    uint64_t left;
    uint64_t x;
    sim_time_t max;

    SC_HAS_PROCESS(Floor);

    Floor(const sc_core::sc_module_name &name, uint64_t n, sim_time_t max_delay,
          uint64_t seed)
        : sc_core::sc_module(name), wake("wake"), left(n), x(seed | 1),
          max(max_delay)
    {
        SC_METHOD(step);
        sensitive << wake;
        dont_initialize();
    }

    void step()
    {
        if (--left)
            wake.notify(sc_time::from_value(sim_workload_delay(&x, max, 1)));
    }
};

Dispatcher *g_disp;     // process-wide: SystemC's kernel is (see above)
bool g_used;            // a simulation was created in this process

} // namespace

// libsystemc.so defines main() and references sc_main; our programs have
// their own main(), which wins.  Never called.
extern "C" int sc_main(int argc, char *argv[])
{
    (void)argc;
    (void)argv;
    return 0;
}

extern "C" bool sim__systemc_built(void)
{
    return true;
}

extern "C" int sim__systemc_create(struct sim *sim)
{
    if (g_used)
        return -EBUSY;
    try {
        // Belt and braces: the banner only comes from sc_elab_and_sim(),
        // which we never call, but keep SystemC quiet if that changes.
        setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
        if (sc_core::sc_is_running() ||
            sc_core::sc_get_status() != sc_core::SC_ELABORATION)
            return -EBUSY;  // someone else already started SystemC here
        if (sc_core::sc_get_time_resolution() != sc_time(1.0, sc_core::SC_PS))
            return -ENOTSUP;
        g_disp = new Dispatcher("imslab_dispatcher");
    } catch (const std::bad_alloc &) {
        return -ENOMEM;
    } catch (...) {
        return -EBUSY;
    }
    g_used = true;
    g_disp->sim = sim;
    sim->backend_state = g_disp;
    return 0;
}

extern "C" void sim__systemc_destroy(struct sim *sim)
{
    Dispatcher *d = static_cast<Dispatcher *>(sim->backend_state);

    // A module cannot be deleted once SystemC has elaborated; SystemC's
    // context keeps owning it.  Detach it from the dying simulation.
    if (!d)
        return;
    d->wake.cancel();
    d->armed = false;
    d->sim = nullptr;
    sim->backend_state = nullptr;
}

extern "C" int sim_systemc_floor(uint64_t activations, sim_time_t max_delay,
                                 uint64_t seed, double *seconds)
{
    struct timespec t0, t1;
    Floor *f;

    if (!activations || !max_delay || !seconds)
        return -EINVAL;
    if (g_used)
        return -EBUSY;
    try {
        if (sc_core::sc_is_running() ||
            sc_core::sc_get_status() != sc_core::SC_ELABORATION)
            return -EBUSY;
        f = new Floor("imslab_floor", activations, max_delay, seed);
        g_used = true;
        f->wake.notify(sc_time::from_value(sim_workload_delay(&f->x, max_delay, 1)));
        clock_gettime(CLOCK_MONOTONIC, &t0);
        sc_core::sc_start(sc_core::sc_max_time() - sc_core::sc_time_stamp(),
                          sc_core::SC_EXIT_ON_STARVATION);
        clock_gettime(CLOCK_MONOTONIC, &t1);
    } catch (...) {
        return -EIO;
    }
    if (f->left)
        return -EIO;
    *seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    return 0;
}

extern "C" int sim__systemc_run(struct sim *sim, sim_time_t until)
{
    Dispatcher *d = static_cast<Dispatcher *>(sim->backend_state);
    sim_time_t first;

    if (!d)
        return -EINVAL;
    d->until = until;
    try {
        if (evq_peek_time(&sim->q, &first) && first <= until) {
            d->arm(first);
            // One sc_start() normally runs the whole sim_run().  The
            // exception is an activation at SIM_TIME_MAX: SystemC's
            // simulate() triggers processes at its end time but leaves
            // them for the next sc_start(), which then has a zero
            // duration and crunches one delta cycle.  A delta
            // notification from here at SIM_TIME_MAX takes two of those.
            while (d->armed && !sim->stop) {
                sc_core::sc_start(sc_core::sc_max_time() - sc_core::sc_time_stamp(),
                                  sc_core::SC_EXIT_ON_STARVATION);
                if (sc_core::sc_get_status() != sc_core::SC_PAUSED &&
                    sc_core::sc_get_status() != sc_core::SC_RUNNING)
                    return -EIO;
            }
        }
    } catch (const std::bad_alloc &) {
        return -ENOMEM;
    } catch (...) {
        return -EIO;
    }
    if (sim->stop)
        return SIM_RUN_STOPPED;
    if (until != SIM_FOREVER)
        sim->now = until;
    return SIM_RUN_DONE;
}
