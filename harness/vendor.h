/* SPDX-License-Identifier: MIT */
/*
 * vendor.h - `imslab vendor`: the IMS conformance rules on a vendor's
 * design (behavioral model of a layout descriptor, or verilated RTL), with
 * the text report, results JSON and JUnit XML (docs/vendor-guide.md).
 */
#ifndef IMSLAB_HARNESS_VENDOR_H
#define IMSLAB_HARNESS_VENDOR_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "harness/ims_rules.h"
#include "results/results.h"
#include "results/vendor_record.h"

/* The report's last line when every rule run was skipped. */
#define HX_VENDOR_NONE_APPLIED "no rule applied to this design (every rule was skipped)"

/**
 * struct hx_vendor_opts - what to run and where waveforms go.
 * @rules: rule IDs to run, in catalog order (NULL: every rule)
 * @nrules: entries in @rules
 * @outdir: folder for <rule>.vcd on a failure (NULL: no waveforms)
 * @source: what the design came from, for the report header
 * @descriptor: the layout descriptor the rules used (its path), for the
 *              report header and the results record
 * @ims: rule options (seed, bounds)
 * @open: construct a fresh instance of the design in reset state (NULL: the
 *        one design given to hx_vendor_rules() is reset before each rule)
 * @open_arg: passed to @open
 * @record: filled, when not NULL, with every rule's verdict in full (the
 *          vendor results JSON and JUnit are written from it)
 * @clock_ps: the designs' clock period in ps, the time base of the times
 *            and waveform markers reported (0: IMS_DUT_CLOCK_PS)
 */
struct hx_vendor_opts {
    const struct hx_ims_rule *const *rules;
    size_t nrules;
    const char *outdir;
    const char *source;
    const char *descriptor;
    struct hx_ims_opts ims;
    int (*open)(void *arg, struct ims_dut *out);
    void *open_arg;
    struct hx_vendor_record *record;
    uint32_t clock_ps;
};

/**
 * hx_vendor_record_rule - append one rule's result to @v (a failure with
 * its waveform: @wave, @vcd and @gtkw, "" when none) and count it.  Past
 * HX_VENDOR_MAX_RULES rules the rest are counted, not recorded.
 */
void hx_vendor_record_rule(struct hx_vendor_record *v, const char *rule,
                           const struct hx_ims_result *r, enum hx_vendor_wave wave,
                           const char *vcd, const char *gtkw);

/**
 * hx_vendor_rules - run rules on one design and report.
 * @dut: the design (with @o->open: NULL, or an instance used for its name
 *       and entry count only)
 * @l: its register map
 * @o: what to run
 * @text: the text report is written here (rule, verdict, entry, cycle,
 *        detail; closing line "N passed, N failed")
 * @res: filled: one struct hx_result named after the design, one
 *       expectation per rule that applies (metric "conformance", expected
 *       "pass", actual "pass" or "entry E cycle C: detail")
 *
 * When every rule run is skipped (none applies to the design), the report
 * ends with the line HX_VENDOR_NONE_APPLIED, @res->note is that line and
 * @res->expect_failed is set: `imslab vendor` then exits 1, since nothing
 * was checked.
 *
 * With @o->open every rule runs on a freshly constructed instance, so no
 * state of one rule reaches another.  A failing rule is run again, on a
 * fresh instance (the same stimulus: same seed, same stream), with the
 * design's trace on, into @o->outdir/<rule>.vcd, when the design can trace;
 * the re-run must fail at the same checkpoint, entry, emitted index and
 * cycle, and the report says whether it did.
 *
 * Return: 0 when the rules ran (passing or not); -EINVAL for a NULL
 * argument or a layout that does not match the design.
 */
int hx_vendor_rules(struct ims_dut *dut, const struct ims_layout *l,
                    const struct hx_vendor_opts *o, FILE *text, struct hx_result *res);

/**
 * hx_vendor_add_expect - append one rule's verdict to @res: metric
 * "conformance", expected "pass", @actual ("pass" or the failure), @scope
 * (the design or the entry); a failing verdict sets @res->expect_failed.
 * Past HX_MAX_EXPECT verdicts the rest are not recorded.
 */
void hx_vendor_add_expect(struct hx_result *res, const char *rule, bool pass,
                          const char *actual, const char *scope);

#endif /* IMSLAB_HARNESS_VENDOR_H */
