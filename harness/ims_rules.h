/* SPDX-License-Identifier: MIT */
/*
 * ims_rules.h - the IMS conformance rules a vendor's table design must pass.
 *
 * Each rule has an ID (IMS-R-<AREA>-NN), a one-line statement, and a
 * function that drives a design only through its struct ims_dut ops table,
 * using the struct ims_layout to know which registers to write (mmio) or
 * that entries are reached through the command block at its base (hostmem:
 * READ, SET_PAIR, SET_CTRL, WRITE, each waited for).  A rule
 * resets the design first, draws its random choices from its own seeded
 * stream (sim/rng.h; the stream is named by the rule ID), and so gives the
 * same verdict, entry and cycle on every run with the same seed (on a
 * freshly constructed design, also the same design cycle: what a caller
 * that gives each rule a fresh design, as hx_vendor_rules() does, relies
 * on to replay a failure into a waveform).  A message a rule looks at is
 * attributed by its index before its pair (struct hx_ims_result.emitted,
 * .kind: HX_IMS_KIND_*).  The same
 * rules run on the behavioral model of a layout descriptor and on verilated
 * RTL (../shared/design.md, interface 3).  The catalog is docs/rules.md,
 * "IMS conformance rules"; usage is docs/vendor-guide.md.
 *
 * Checkpoints are numbered inside each rule (as bsa-acs RESULT_FAIL(n, k)),
 * so a failure says which check of the rule failed.  Checkpoint 0, in any
 * rule, is a hostmem command that did not complete or ended with
 * STATUS.error or STATUS.overrun on a valid entry.
 */
#ifndef IMSLAB_HARNESS_IMS_RULES_H
#define IMSLAB_HARNESS_IMS_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "models/siov/ims_dut.h"
#include "models/siov/ims_layout.h"

enum hx_ims_verdict {
    HX_IMS_PASS = 0,
    HX_IMS_FAIL,
    HX_IMS_SKIP,    /* the rule does not apply to this design (reason in observed) */
};

#define HX_IMS_NO_ENTRY UINT32_MAX

/*
 * Failure kinds (struct hx_ims_result.kind) for a message that is not the
 * one a rule expected, named by the first property that differs.
 */
#define HX_IMS_KIND_OTHER_ENTRY "message from another entry"
#define HX_IMS_KIND_TRUNCATED "address truncated"
#define HX_IMS_KIND_TORN "torn pair"
#define HX_IMS_KIND_WRONG_ADDR "wrong address"
#define HX_IMS_KIND_WRONG_DATA "wrong data"
#define HX_IMS_KIND_DUPLICATE "duplicate message"
#define HX_IMS_KIND_LOST "pending lost"
#define HX_IMS_KIND_NO_MESSAGE "no message"
#define HX_IMS_KIND_LEAK "message while masked"
#define HX_IMS_KIND_LOST_RESET "pending kept over reset"
#define HX_IMS_KIND_BLOCKED "blocked behind a masked entry"

/* Defaults of struct hx_ims_opts (a 0 field means the default). */
#define HX_IMS_LATENCY_BOUND 256   /* cycles from an accepted fire to its message */
#define HX_IMS_FIRE_WAIT 64        /* cycles a fire may wait for irq_ready */
#define HX_IMS_SAMPLES 6           /* random entries per rule besides first and last */
#define HX_IMS_FAIR_FIRES 4096     /* fires in IMS-R-FAIR-01 (at least one per entry) */

/**
 * struct hx_ims_opts - how the rules drive a design.
 * @seed: root seed; each rule draws from stream (seed, rule ID)
 * @latency_bound: B, cycles an accepted fire (or an unmask releasing a
 *                 pending fire) may take to emit its message
 * @fire_wait: cycles a fire may wait for irq_ready
 * @samples: entries a rule checks besides the first and the last (tables of
 *           up to @samples + 2 entries are checked whole)
 * @fair_fires: fires IMS-R-FAIR-01 issues round robin (at least one per entry)
 */
struct hx_ims_opts {
    uint64_t seed;
    uint32_t latency_bound;
    uint32_t fire_wait;
    uint32_t samples;
    uint32_t fair_fires;
};

/**
 * struct hx_ims_result - the verdict of one rule on one design.
 * @verdict: pass, fail, or skip (not applicable)
 * @checkpoint: on failure, which numbered check of the rule failed (1..;
 *              0: a hostmem command failed)
 * @entry: the entry the failure is about (the one the rule expected a
 *         message from), or HX_IMS_NO_ENTRY
 * @emitted: the index the design's message carried, when the failure is
 *           about a message; HX_IMS_NO_ENTRY otherwise
 * @kind: the failure's label (HX_IMS_KIND_*), "" when the checkpoint says it
 * @has_pair: @exp_addr/@exp_data (what the rule expected of entry @entry)
 *            and @act_addr/@act_data (the message) are set
 * @cycle: cycles since the rule's reset at which the failure was seen
 * @dut_cycle: the same moment as the design's own cycle count (for a VCD)
 * @expected: what the rule wanted
 * @observed: what the design did (on skip: why the rule does not apply)
 */
struct hx_ims_result {
    enum hx_ims_verdict verdict;
    unsigned checkpoint;
    uint32_t entry;
    uint32_t emitted;
    char kind[32];
    bool has_pair;
    uint64_t exp_addr, act_addr;
    uint32_t exp_data, act_data;
    uint64_t cycle;
    uint64_t dut_cycle;
    char expected[96];
    char observed[192];
};

/* A rule's running state (design, layout, options, random stream, result). */
struct hx_ims_ctx;

/**
 * struct hx_ims_rule - one conformance rule.
 * @id: "IMS-R-FIELDS-01", ...; its one-line statement is the rule list's
 *      (results/rule_ids.h: hx_rule_find(@id)->statement)
 * @run: the check; called by hx_ims_rule_run() after the reset
 */
struct hx_ims_rule {
    const char *id;
    int (*run)(struct hx_ims_ctx *c);
};

/**
 * hx_ims_rules - the rule list, in catalog order.
 * @n: set to the number of rules
 *
 * Return: the first of @n rules (static storage).
 */
const struct hx_ims_rule *hx_ims_rules(size_t *n);

/**
 * hx_ims_rule_find - a rule by its ID (exact, case-sensitive).
 * @id: "IMS-R-PEND-01"
 *
 * Return: the rule, or NULL when no rule has that ID.
 */
const struct hx_ims_rule *hx_ims_rule_find(const char *id);

/**
 * hx_ims_rule_run - reset a design and run one rule on it.
 * @rule: from hx_ims_rules() or hx_ims_rule_find()
 * @dut: the design; driven through @dut->ops only
 * @l: the design's register map; must describe @dut (entry count equal)
 * @o: options (NULL: all defaults, seed 0)
 * @res: filled with the verdict
 *
 * A design that misbehaves gives a failing @res and return 0.  A wrapper
 * that fails (an op returning -errno) also fails the rule, with the error in
 * @res->observed, and the error is returned.
 *
 * Return: 0; -EINVAL for a NULL argument or a layout whose entry count is
 * not the design's; a negative errno from the design's ops.
 */
int hx_ims_rule_run(const struct hx_ims_rule *rule, struct ims_dut *dut,
                    const struct ims_layout *l, const struct hx_ims_opts *o,
                    struct hx_ims_result *res);

/** hx_ims_verdict_name - "pass", "fail", "skip". */
const char *hx_ims_verdict_name(enum hx_ims_verdict v);

#endif /* IMSLAB_HARNESS_IMS_RULES_H */
