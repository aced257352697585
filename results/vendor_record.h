/* SPDX-License-Identifier: MIT */
/*
 * vendor_record.h - what `imslab vendor` found on one design, per rule: the
 * record its results JSON ("vendor", docs/results-schema.md) and JUnit XML
 * are written from (reports/report.h rpt_vendor_*), filled by
 * hx_vendor_rules() and the lockstep.  Plain data, no pointers.
 */
#ifndef IMSLAB_RESULTS_VENDOR_RECORD_H
#define IMSLAB_RESULTS_VENDOR_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HX_VENDOR_MAX_RULES 32
#define HX_VENDOR_NO_ENTRY UINT32_MAX
#define HX_VENDOR_PATH_MAX 512

/* Whether the waveform re-run of a failure reproduced it. */
enum hx_vendor_wave {
    HX_VENDOR_WAVE_NONE = 0,        /* no waveform (no --out, or the design cannot trace) */
    HX_VENDOR_WAVE_REPRODUCED,      /* same checkpoint, entry, emitted index, cycle */
    HX_VENDOR_WAVE_DIFFERENT,       /* the traced re-run did not fail the same way */
};

/**
 * struct hx_vendor_rule_rec - one rule's verdict on the design.
 * @rule: "IMS-R-TORN-01"
 * @verdict: "pass", "fail" or "skip"
 * @checkpoint: on failure, the numbered check that failed
 * @kind: on failure, its label ("torn pair", "message from another entry",
 *        ...; "" when the checkpoint says it)
 * @entry: the entry the failure is about, HX_VENDOR_NO_ENTRY when none
 * @emitted: the index the design's message carried, HX_VENDOR_NO_ENTRY
 * @cycle: the design's cycle of the failure (the waveform's)
 * @time_ps: its time in the waveform (@cycle times the clock period,
 *           struct hx_vendor_record's @clock_ps)
 * @expected: what the rule wanted (whole)
 * @actual: what the design did (whole; on skip: why the rule does not apply)
 * @has_pair: the four pair fields are set
 * @exp_addr, @exp_data: the pair the rule expected of @entry
 * @act_addr, @act_data: the pair of the message at fault
 * @wave: whether the traced re-run reproduced the failure
 * @vcd, @gtkw: the waveform and its GTKWave save file ("" when none)
 * @wall_ns: wall time the rule took on this host (JUnit only; not in the
 *          results JSON, which stays deterministic)
 */
struct hx_vendor_rule_rec {
    char rule[32];
    char verdict[8];
    unsigned checkpoint;
    char kind[32];
    uint32_t entry, emitted;
    uint64_t cycle, time_ps;
    char expected[96];
    char actual[192];
    bool has_pair;
    uint64_t exp_addr, act_addr;
    uint32_t exp_data, act_data;
    enum hx_vendor_wave wave;
    char vcd[HX_VENDOR_PATH_MAX];
    char gtkw[HX_VENDOR_PATH_MAX];
    uint64_t wall_ns;   /* wall time the rule took (JUnit's time only) */
};

/**
 * struct hx_vendor_record - one `imslab vendor` run on one design.
 * @design: "behavioral:<layout>" or "rtl:<top>"
 * @source: what the design came from (the descriptor, or the RTL top)
 * @descriptor: the layout descriptor the rules used (path)
 * @layout: its name
 * @entries: entry count
 * @seed: the rules' root seed
 * @mode: "rules" or "lockstep"
 * @rules: the verdicts, in catalog order
 * @nrules: entries in @rules
 * @passed, @failed, @skipped: counts over @rules
 * @clock_ps: the designs' clock period (0: IMS_DUT_CLOCK_PS), what a
 *            rule's @time_ps is computed with; not written to the JSON (the
 *            times are)
 */
struct hx_vendor_record {
    char design[64];
    char source[HX_VENDOR_PATH_MAX];
    char descriptor[HX_VENDOR_PATH_MAX];
    char layout[64];
    uint32_t entries;
    uint64_t seed;
    char mode[16];
    struct hx_vendor_rule_rec rules[HX_VENDOR_MAX_RULES];
    size_t nrules;
    size_t passed, failed, skipped;
    uint32_t clock_ps;
};

#endif /* IMSLAB_RESULTS_VENDOR_RECORD_H */
