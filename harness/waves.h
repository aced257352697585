/* SPDX-License-Identifier: MIT */
/*
 * waves.h - the waveform of a scenario run: a VCD of every interrupt's
 * path, per ADI and per vCPU, and a GTKWave save file (docs/waveforms.md).
 *
 * What it draws comes from what the models report while they run, never
 * from the scenario: the evidence port's raises, faults and handler
 * entries (the runner forwards them), the fates the evidence log settles
 * (hx_ev_on_fate()), and the models' own trace points, taken through
 * sim_trace_sink().  A trace point that names an interrupt by its
 * sequence number is placed in its ADI's scope through the evidence log
 * (hx_ev_in_flight()) or a small cache of recent raises; one that cannot
 * be placed is counted, and the count is written at the end of the file.
 *
 * Time base: as the vendor VCDs (docs/vendor-guide.md), timescale 1 ps;
 * a change's time is the simulated time in ps it happened at.  Each event
 * is written when it happens (the writer keeps no history), so the memory
 * used does not grow with the interrupts raised, and several events of
 * one signal at one time are all written, under the one "#t".
 *
 * Writing changes nothing in the run: the sink and the callbacks only
 * record, and the trace hash is the same with or without them.
 */
#ifndef IMSLAB_HARNESS_WAVES_H
#define IMSLAB_HARNESS_WAVES_H

#include <stddef.h>
#include <stdint.h>

#include "harness/evidence.h"
#include "harness/scenario.h"
#include "models/bus.h"
#include "sim/sim.h"

/* Default bound of one VCD (imslab run --vcd-max-bytes). */
#define HX_WAVES_MAX_BYTES_DEFAULT (UINT64_C(256) << 20)
/* The smallest bound: room for the header of the largest scenario. */
#define HX_WAVES_MAX_BYTES_MIN UINT64_C(4096)

struct hx_waves;

/**
 * hx_waves_open - start the VCD of a run at @vcd_path.
 * @out: receives the writer
 * @vcd_path: the .vcd (the .gtkw is written next to it, same stem)
 * @max_bytes: the bound of the file (0: none)
 * @scn: the scenario: which devices, ADIs, VMs, vCPUs and pCPUs get a
 *       scope (the structure only; no value comes from it)
 * @sim: the kernel: its clock, and its trace points (the sink is set)
 * @ev: the evidence log: the fate callback is set
 *
 * Return: 0, -ENOMEM, or the negative errno of the file.
 */
int hx_waves_open(struct hx_waves **out, const char *vcd_path, uint64_t max_bytes,
                  const struct hx_scenario *scn, struct sim *sim,
                  struct hx_evidence *ev);

/** hx_waves_raise - the device raised @tag; the evidence numbered it @seq. */
void hx_waves_raise(struct hx_waves *w, const struct irq_tag *tag, uint64_t seq);

/** hx_waves_fault - as the evidence port's fault op. */
void hx_waves_fault(struct hx_waves *w, const struct irq_tag *tag,
                    enum evidence_fault where, unsigned reason);

/** hx_waves_handler - as the evidence port's handler op (@vm -1: host). */
void hx_waves_handler(struct hx_waves *w, int vm, unsigned cpu, uint8_t vector,
                      const struct irq_tag *tags, size_t n);

/**
 * hx_waves_close - end the VCD, write the .gtkw (signals grouped per
 * scope that saw anything, a marker at the first fault or non-delivered
 * fate), detach from @sim and the evidence log, and free @w.  A VCD cut
 * by its bound says so on stderr.
 * Return: 0, or -EIO when a file could not be written.
 */
int hx_waves_close(struct hx_waves *w);

#endif /* IMSLAB_HARNESS_WAVES_H */
