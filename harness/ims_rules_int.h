/* SPDX-License-Identifier: MIT */
/*
 * ims_rules_int.h - what the IMS rule files (harness/ims_rules*.c) share:
 * a rule's running state and the helpers that drive a design through its
 * ops table (ims_rules.c).  Internal to the rules; not an API.
 */
#ifndef IMSLAB_HARNESS_IMS_RULES_INT_H
#define IMSLAB_HARNESS_IMS_RULES_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "harness/ims_rules.h"
#include "sim/rng.h"

struct msgs {
    struct ims_dut_msg *m;
    size_t n, cap;
};

struct hx_ims_ctx {
    const struct hx_ims_rule *rule;
    struct ims_dut *dut;
    const struct ims_layout *l;
    struct hx_ims_opts o;
    struct sim_rng rng;
    uint64_t c0;             /* DUT cycle right after the rule's reset */
    struct msgs mb;          /* messages collected by the current check */
    struct hx_ims_result *res;
    bool hostmem;            /* entries behind the command block */
    uint64_t cmd_bound;      /* cycles a command may take after its doorbell */
    bool stopped;            /* a helper recorded a failure and stopped the rule */
};

#define TRY(x)                                                               \
    do {                                                                     \
        int try_rc_ = (x);                                                   \
        if (try_rc_ < 0)                                                     \
            return try_rc_;                                                  \
    } while (0)

/* A context as READ returns it (hostmem). */
struct hctx {
    uint32_t lo, hi, data, ctrl;
    bool pending;
};

#define PICK_MAX 64

uint32_t hx_imsr_fmask(const struct ims_field *f);
/* The bits of a field software writes and reads back: not reserved, not read-only. */
uint32_t hx_imsr_vmask(const struct ims_field *f);
bool hx_imsr_has(const struct hx_ims_ctx *c, enum ims_field_id f);
uint64_t hx_imsr_dcycle(const struct hx_ims_ctx *c);
uint32_t hx_imsr_rnd32(struct hx_ims_ctx *c);
uint32_t hx_imsr_below(struct hx_ims_ctx *c, uint32_t n);
__attribute__((format(printf, 6, 7)))
int hx_imsr_fail(struct hx_ims_ctx *c, unsigned cp, uint32_t entry, uint64_t dut_cycle,
                const char *expected, const char *fmt, ...);
/*
 * A failure about message @m, which should have been entry @entry's with
 * pair (@addr, @data): the result names the index the design emitted, the
 * pairs, and @kind (HX_IMS_KIND_*).  Returns 0.
 */
__attribute__((format(printf, 9, 10)))
int hx_imsr_fail_msg(struct hx_ims_ctx *c, unsigned cp, uint32_t entry,
                     const struct ims_dut_msg *m, const char *kind, uint64_t addr,
                     uint32_t data, const char *expected, const char *fmt, ...);
/* A failure of kind HX_IMS_KIND_OTHER_ENTRY: @m came from another entry than
 * @e (expected pair @addr/@data); @while_ says when ("while", "after ..."). */
int hx_imsr_fail_other(struct hx_ims_ctx *c, unsigned cp, uint32_t e,
                       const struct ims_dut_msg *m, uint64_t addr, uint32_t data,
                       const char *while_);
/* Label the recorded failure (the first label set wins only if called once). */
void hx_imsr_set_kind(struct hx_ims_ctx *c, const char *kind);
/*
 * How message @m differs from entry @e's pair, named by the first property
 * that differs: index (another entry's message), address (truncated: the
 * upper half dropped; else wrong), data.  NULL when it does not differ.
 */
const char *hx_imsr_msg_diff(const struct ims_dut_msg *m, uint32_t e, uint64_t addr,
                             uint32_t data);
/* As hx_imsr_msg_diff() during an update from (@oa, @od) to (@na, @nd):
 * either whole pair is right; old and new halves mixed is a torn pair. */
const char *hx_imsr_update_diff(const struct ims_dut_msg *m, uint32_t e, uint64_t oa,
                                uint32_t od, uint64_t na, uint32_t nd);
__attribute__((format(printf, 2, 3)))
int hx_imsr_skip(struct hx_ims_ctx *c, const char *fmt, ...);
bool hx_imsr_failed(const struct hx_ims_ctx *c);
int hx_imsr_stop(struct hx_ims_ctx *c);
int hx_imsr_clk(struct hx_ims_ctx *c, uint64_t n);
int hx_imsr_fire(struct hx_ims_ctx *c, uint32_t e, uint32_t pasid, bool valid);
int hx_imsr_blk_write(struct hx_ims_ctx *c, uint32_t reg, uint32_t v);
int hx_imsr_blk_read(struct hx_ims_ctx *c, uint32_t reg, uint32_t *v);
int hx_imsr_cmd_go(struct hx_ims_ctx *c, uint32_t e, uint32_t op, uint32_t fire_e,
                  uint32_t *st);
int hx_imsr_cmd(struct hx_ims_ctx *c, uint32_t e, uint32_t op, uint32_t fire_e, uint32_t *st);
int hx_imsr_ctx_read(struct hx_ims_ctx *c, uint32_t e, struct hctx *x);
uint32_t hx_imsr_pair_reg(enum ims_field_id f);
int hx_imsr_entry_read(struct hx_ims_ctx *c, uint32_t e, uint32_t v[IMS_F__COUNT]);
int hx_imsr_field_read(struct hx_ims_ctx *c, uint32_t e, enum ims_field_id f, uint32_t *v);
void hx_imsr_field_where(const struct hx_ims_ctx *c, uint32_t e, enum ims_field_id f,
                        char *buf, size_t len);
int hx_imsr_field_write(struct hx_ims_ctx *c, uint32_t e, enum ims_field_id f, uint32_t v);
int hx_imsr_set_mask(struct hx_ims_ctx *c, uint32_t e, bool masked);
int hx_imsr_pending_read(struct hx_ims_ctx *c, uint32_t e, bool *pending);
const char *hx_imsr_fire_name(int r);
int hx_imsr_collect(struct hx_ims_ctx *c);
int hx_imsr_wait_msgs(struct hx_ims_ctx *c, size_t want, uint64_t bound);
int hx_imsr_settle(struct hx_ims_ctx *c, uint64_t n);
void hx_imsr_rand_pair(struct hx_ims_ctx *c, uint64_t *addr, uint32_t *data);
int hx_imsr_write_pair(struct hx_ims_ctx *c, uint32_t e, uint64_t addr, uint32_t data);
int hx_imsr_program(struct hx_ims_ctx *c, uint32_t e, uint64_t addr, uint32_t data,
                   bool masked);
int hx_imsr_fresh(struct hx_ims_ctx *c);
size_t hx_imsr_pick(struct hx_ims_ctx *c, uint32_t *out, size_t max);
size_t hx_imsr_pick_default(struct hx_ims_ctx *c, uint32_t *out);

/* The rules (one function per rule ID; the list is in ims_rules.c). */
int hx_imsr_fields(struct hx_ims_ctx *c);
int hx_imsr_reset(struct hx_ims_ctx *c);
int hx_imsr_mask(struct hx_ims_ctx *c);
int hx_imsr_pend(struct hx_ims_ctx *c);
int hx_imsr_msg(struct hx_ims_ctx *c);
int hx_imsr_tlp(struct hx_ims_ctx *c);
int hx_imsr_torn(struct hx_ims_ctx *c);
int hx_imsr_pasid(struct hx_ims_ctx *c);
int hx_imsr_range(struct hx_ims_ctx *c);
int hx_imsr_fair(struct hx_ims_ctx *c);
int hx_imsr_multi(struct hx_ims_ctx *c);
int hx_imsr_reach(struct hx_ims_ctx *c);
int hx_imsr_ready(struct hx_ims_ctx *c);
int hx_imsr_pba(struct hx_ims_ctx *c);
int hx_imsr_fmask_rule(struct hx_ims_ctx *c);
int hx_imsr_strb(struct hx_ims_ctx *c);

#endif /* IMSLAB_HARNESS_IMS_RULES_INT_H */
