/* SPDX-License-Identifier: MIT */
/*
 * scenario_schema.c - the libcyaml schema of scenario format v1 and the
 * spellings of the harness's own enumerations (arrivals, event kinds,
 * metrics, comparisons, outcome classes).
 *
 * The sections that configure a model are not written here: "platform",
 * "platform.iommu" and "vmm" get one field per row of the model's property
 * table (models/props.h), and devices[].model, vms[].guest and
 * assign[].mode take the spellings of the model's enum name table; the
 * schema is built from them when a file is loaded (hx_scn__schema_new()).
 * A knob added to a model's table is thereby a key of the format, with no
 * change here.
 */
#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cyaml/cyaml.h>

#include "harness/scenario_internal.h"

/* ---- enumerations -------------------------------------------------------- */

static const cyaml_strval_t arrivals_str[] = {
    { "poisson", HX_SCN_ARRIVAL_POISSON },
    { "periodic", HX_SCN_ARRIVAL_PERIODIC },
    { "request-loop", HX_SCN_ARRIVAL_REQUEST_LOOP },
};
static const cyaml_strval_t baseline_str[] = {
    { "none", HX_SCN_BASELINE_NONE },
    { "bare", HX_SCN_BASELINE_BARE },
};
static const cyaml_strval_t delivery_str[] = {
    { "fixed", HX_SCN_DELIVERY_FIXED },
    { "lowest-priority", HX_SCN_DELIVERY_LOWEST },
};
/* workload[].wait: enum guest_wait, as guest_wait_enum spells it */
static const cyaml_strval_t wait_str[] = {
    { "hlt", GUEST_WAIT_HLT },
    { "poll", GUEST_WAIT_POLL },
};
static const cyaml_strval_t event_kind_str[] = {
    { "set_affinity", HX_SCN_EV_SET_AFFINITY },
    { "mask", HX_SCN_EV_MASK },
    { "unmask", HX_SCN_EV_UNMASK },
    { "vcpu_halt", HX_SCN_EV_VCPU_HALT },
    { "vcpu_run", HX_SCN_EV_VCPU_RUN },
    { "vcpu_deschedule", HX_SCN_EV_VCPU_DESCHEDULE },
    { "revoke_handle", HX_SCN_EV_REVOKE_HANDLE },
    { "skip_iec_flush", HX_SCN_EV_SKIP_IEC_FLUSH },
    { "corrupt_irte", HX_SCN_EV_CORRUPT_IRTE },
    { "device_reset", HX_SCN_EV_DEVICE_RESET },
    { "delay_iec_flush", HX_SCN_EV_DELAY_IEC_FLUSH },
    { "vm_teardown", HX_SCN_EV_VM_TEARDOWN },
    { "steal_pair", HX_SCN_EV_STEAL_PAIR },
    { "migrate", HX_SCN_EV_MIGRATE },
    { "guest_rewrite", HX_SCN_EV_GUEST_REWRITE },
    { "forge_handle", HX_SCN_EV_FORGE_HANDLE },
};
static const cyaml_strval_t metric_str[] = {
    { "outcome", HX_SCN_METRIC_OUTCOME },
    { "raised", HX_SCN_METRIC_RAISED },
    { "delivered", HX_SCN_METRIC_DELIVERED },
    { "misrouted", HX_SCN_METRIC_MISROUTED },
    { "leaked", HX_SCN_METRIC_LEAKED },
    { "faulted", HX_SCN_METRIC_FAULTED },
    { "lost", HX_SCN_METRIC_LOST },
    { "duplicated", HX_SCN_METRIC_DUPLICATED },
    { "spurious", HX_SCN_METRIC_SPURIOUS },
    { "exits_per_irq", HX_SCN_METRIC_EXITS_PER_IRQ },
    { "vm_exits", HX_SCN_METRIC_VM_EXITS },
    { "ims_write_traps", HX_SCN_METRIC_IMS_WRITE_TRAPS },
    { "hypercalls", HX_SCN_METRIC_HYPERCALLS },
    { "ir_faults", HX_SCN_METRIC_IR_FAULTS },
    { "ir_fault_0x20", HX_SCN_METRIC_IR_FAULT_20 },
    { "ir_fault_0x21", HX_SCN_METRIC_IR_FAULT_21 },
    { "ir_fault_0x22", HX_SCN_METRIC_IR_FAULT_22 },
    { "ir_fault_0x23", HX_SCN_METRIC_IR_FAULT_23 },
    { "ir_fault_0x24", HX_SCN_METRIC_IR_FAULT_24 },
    { "ir_fault_0x25", HX_SCN_METRIC_IR_FAULT_25 },
    { "ir_fault_0x26", HX_SCN_METRIC_IR_FAULT_26 },
    { "ir_fault_0x27", HX_SCN_METRIC_IR_FAULT_27 },
    { "ir_fault_0x28", HX_SCN_METRIC_IR_FAULT_28 },
    { "ir_fault_0x29", HX_SCN_METRIC_IR_FAULT_29 },
    { "latency_p50_ns", HX_SCN_METRIC_LATENCY_P50_NS },
    { "latency_p99_ns", HX_SCN_METRIC_LATENCY_P99_NS },
    { "fallbacks", HX_SCN_METRIC_FALLBACKS },
    { "handle_errors", HX_SCN_METRIC_HANDLE_ERRORS },
    { "handle_revocations", HX_SCN_METRIC_HANDLE_REVOCATIONS },
    { "resubmits", HX_SCN_METRIC_RESUBMITS },
    { "ir_fault_records", HX_SCN_METRIC_IR_FAULT_RECORDS },
    { "ir_faults_lost", HX_SCN_METRIC_IR_FAULTS_LOST },
    { "pair_failures", HX_SCN_METRIC_PAIR_FAILURES },
    { "migrations", HX_SCN_METRIC_MIGRATIONS },
    { "migration_held", HX_SCN_METRIC_MIGRATION_HELD },
    { "migration_downtime_ns", HX_SCN_METRIC_MIGRATION_DOWNTIME_NS },
    { "torn_pairs", HX_SCN_METRIC_TORN_PAIRS },
    { "guest_cpu_per_irq_ns", HX_SCN_METRIC_GUEST_CPU_PER_IRQ_NS },
    { "requests_completed", HX_SCN_METRIC_REQUESTS_COMPLETED },
    { "requests_per_s", HX_SCN_METRIC_REQUESTS_PER_S },
    { "request_p50_ns", HX_SCN_METRIC_REQUEST_P50_NS },
    { "request_p99_ns", HX_SCN_METRIC_REQUEST_P99_NS },
    { "request_max_ns", HX_SCN_METRIC_REQUEST_MAX_NS },
    { "raise_to_app_p50_ns", HX_SCN_METRIC_RAISE_TO_APP_P50_NS },
    { "raise_to_app_p99_ns", HX_SCN_METRIC_RAISE_TO_APP_P99_NS },
    { "throughput_vs_bare", HX_SCN_METRIC_THROUGHPUT_VS_BARE },
    { "hypercalls_alloc", HX_SCN_METRIC_HYPERCALLS_ALLOC },
    { "hypercalls_retarget", HX_SCN_METRIC_HYPERCALLS_RETARGET },
    { "hypercalls_free", HX_SCN_METRIC_HYPERCALLS_FREE },
    { "untrapped", HX_SCN_METRIC_UNTRAPPED },
    { "bypass_switches", HX_SCN_METRIC_BYPASS_SWITCHES },
    { "eventfd_signals", HX_SCN_METRIC_EVENTFD_SIGNALS },
};
static const cyaml_strval_t op_str[] = {
    { "eq", HX_SCN_OP_EQ },
    { "ne", HX_SCN_OP_NE },
    { "lt", HX_SCN_OP_LT },
    { "le", HX_SCN_OP_LE },
    { "gt", HX_SCN_OP_GT },
    { "ge", HX_SCN_OP_GE },
};
static const cyaml_strval_t outcome_str[] = {
    { "delivered", HX_SCN_OUTCOME_DELIVERED },
    { "misrouted", HX_SCN_OUTCOME_MISROUTED },
    { "faulted", HX_SCN_OUTCOME_FAULTED },
    { "lost", HX_SCN_OUTCOME_LOST },
    { "refused-fallback", HX_SCN_OUTCOME_REFUSED_FALLBACK },
    { "silent-failure", HX_SCN_OUTCOME_SILENT_FAILURE },
    { "not-emulatable", HX_SCN_OUTCOME_NOT_EMULATABLE },
    { "mixed", HX_SCN_OUTCOME_MIXED },
    { "no-pair", HX_SCN_OUTCOME_NO_PAIR },
    { "leaked", HX_SCN_OUTCOME_LEAKED },
};

#define NSTR(t) ((uint32_t)CYAML_ARRAY_LEN(t))

_Static_assert(NSTR(arrivals_str) == HX_SCN_ARRIVAL__COUNT, "arrivals");
_Static_assert(NSTR(wait_str) == GUEST_WAIT_POLL + 1, "wait");
_Static_assert(NSTR(baseline_str) == HX_SCN_BASELINE__COUNT, "baseline");
_Static_assert(NSTR(event_kind_str) == HX_SCN_EV__COUNT, "event");
_Static_assert(NSTR(metric_str) == HX_SCN_METRIC__COUNT, "metric");
_Static_assert(NSTR(op_str) == HX_SCN_OP__COUNT, "op");
_Static_assert(NSTR(outcome_str) == HX_SCN_OUTCOME__COUNT, "outcome");

static const char *strval_name(const cyaml_strval_t *t, uint32_t n, int v)
{
    for (uint32_t i = 0; i < n; i++)
        if (t[i].val == v)
            return t[i].str;
    return "?";
}

#define NAME_FN(fn, type, table)                                              \
    const char *fn(type v)                                                    \
    {                                                                         \
        return strval_name(table, NSTR(table), (int)v);                       \
    }

NAME_FN(hx_scn_arrivals_name, enum hx_scn_arrivals, arrivals_str)
NAME_FN(hx_scn_event_kind_name, enum hx_scn_event_kind, event_kind_str)
NAME_FN(hx_scn_metric_name, enum hx_scn_metric, metric_str)
NAME_FN(hx_scn_op_name, enum hx_scn_op, op_str)
NAME_FN(hx_scn_outcome_name, enum hx_scn_outcome, outcome_str)

int hx_scn__outcome_parse(const char *s, enum hx_scn_outcome *out)
{
    for (uint32_t i = 0; i < NSTR(outcome_str); i++) {
        if (!strcmp(s, outcome_str[i].str)) {
            *out = (enum hx_scn_outcome)outcome_str[i].val;
            return 0;
        }
    }
    return -ENOENT;
}

const char *hx_scn__outcome_list(void)
{
    return "delivered, misrouted, faulted, lost, refused-fallback, "
           "silent-failure, not-emulatable, mixed, no-pair, leaked";
}

/* ---- schema -------------------------------------------------------------- */

#define OPT CYAML_FLAG_OPTIONAL
#define REQ CYAML_FLAG_DEFAULT
#define STR(key, fl, st, m)                                                   \
    CYAML_FIELD_STRING_PTR(key, CYAML_FLAG_POINTER | (fl), st, m, 0,          \
                           CYAML_UNLIMITED)
#define ENUMF(key, fl, st, m, tbl)                                            \
    CYAML_FIELD_ENUM_PTR(key, CYAML_FLAG_POINTER | CYAML_FLAG_STRICT | (fl),  \
                         st, m, tbl, NSTR(tbl))
/* An enumeration spelled by a model: its names are filled in by
 * schema_build() from the model's struct prop_enum. */
#define MODEL_ENUM(key, fl, st, m)                                            \
    CYAML_FIELD_ENUM_PTR(key, CYAML_FLAG_POINTER | CYAML_FLAG_STRICT | (fl),  \
                         st, m, NULL, 0)

static const cyaml_schema_value_t string_entry = {
    CYAML_VALUE_STRING(CYAML_FLAG_POINTER, char, 0, CYAML_UNLIMITED),
};

static const cyaml_schema_field_t rtl_fields[] = {
    CYAML_FIELD_SEQUENCE("sources", CYAML_FLAG_POINTER, struct hx_scn__raw_rtl,
                         sources, &string_entry, 0, CYAML_UNLIMITED),
    STR("top", REQ, struct hx_scn__raw_rtl, top),
    CYAML_FIELD_END
};

static const cyaml_schema_field_t device_tpl[] = {
    STR("name", REQ, struct hx_scn__raw_device, name),
    MODEL_ENUM("model", REQ, struct hx_scn__raw_device, model),
    STR("bdf", REQ, struct hx_scn__raw_device, bdf),
    STR("adis", OPT, struct hx_scn__raw_device, adis),
    STR("ims_entries", OPT, struct hx_scn__raw_device, ims_entries),
    STR("msix_vectors", OPT, struct hx_scn__raw_device, msix_vectors),
    STR("layout", OPT, struct hx_scn__raw_device, layout),
    STR("int_handles", OPT, struct hx_scn__raw_device, int_handles),
    CYAML_FIELD_MAPPING_PTR("rtl", CYAML_FLAG_POINTER | OPT,
                            struct hx_scn__raw_device, rtl, rtl_fields),
    CYAML_FIELD_END
};

static const cyaml_schema_field_t vm_tpl[] = {
    STR("name", REQ, struct hx_scn__raw_vm, name),
    STR("vcpus", REQ, struct hx_scn__raw_vm, vcpus),
    MODEL_ENUM("guest", OPT, struct hx_scn__raw_vm, guest),
    MODEL_ENUM("activity", OPT, struct hx_scn__raw_vm, activity),
    MODEL_ENUM("after_migrate", OPT, struct hx_scn__raw_vm, after_migrate),
    MODEL_ENUM("rewrite", OPT, struct hx_scn__raw_vm, rewrite),
    CYAML_FIELD_SEQUENCE("pcpus", CYAML_FLAG_POINTER | OPT,
                         struct hx_scn__raw_vm, pcpus, &string_entry, 0,
                         CYAML_UNLIMITED),
    CYAML_FIELD_END
};

static const cyaml_schema_field_t assign_tpl[] = {
    STR("device", REQ, struct hx_scn__raw_assign, device),
    STR("adi", OPT, struct hx_scn__raw_assign, adi),
    STR("vm", OPT, struct hx_scn__raw_assign, vm),
    MODEL_ENUM("mode", OPT, struct hx_scn__raw_assign, mode),
    STR("vcpu", OPT, struct hx_scn__raw_assign, vcpu),
    STR("vectors", OPT, struct hx_scn__raw_assign, vectors),
    CYAML_FIELD_END
};

static const cyaml_schema_field_t workload_fields[] = {
    STR("device", REQ, struct hx_scn__raw_workload, device),
    STR("adi", OPT, struct hx_scn__raw_workload, adi),
    STR("rate_hz", OPT, struct hx_scn__raw_workload, rate_hz),
    ENUMF("arrivals", OPT, struct hx_scn__raw_workload, arrivals,
          arrivals_str),
    STR("start_us", OPT, struct hx_scn__raw_workload, start_us),
    STR("stop_us", OPT, struct hx_scn__raw_workload, stop_us),
    STR("queue_depth", OPT, struct hx_scn__raw_workload, queue_depth),
    ENUMF("wait", OPT, struct hx_scn__raw_workload, wait, wait_str),
    CYAML_FIELD_END
};
static const cyaml_schema_value_t workload_entry = {
    CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, struct hx_scn__raw_workload,
                        workload_fields),
};

static const cyaml_schema_field_t event_fields[] = {
    STR("at_us", REQ, struct hx_scn__raw_event, at_us),
    ENUMF("do", REQ, struct hx_scn__raw_event, kind, event_kind_str),
    STR("vm", OPT, struct hx_scn__raw_event, vm),
    STR("vcpu", OPT, struct hx_scn__raw_event, vcpu),
    STR("device", OPT, struct hx_scn__raw_event, device),
    STR("adi", OPT, struct hx_scn__raw_event, adi),
    STR("entry", OPT, struct hx_scn__raw_event, entry),
    STR("field", OPT, struct hx_scn__raw_event, field),
    STR("delay_us", OPT, struct hx_scn__raw_event, delay_us),
    STR("from_device", OPT, struct hx_scn__raw_event, from_device),
    STR("irte_index", OPT, struct hx_scn__raw_event, irte_index),
    CYAML_FIELD_SEQUENCE("vcpus", CYAML_FLAG_POINTER | OPT,
                         struct hx_scn__raw_event, vcpus, &string_entry, 0,
                         CYAML_UNLIMITED),
    ENUMF("delivery", OPT, struct hx_scn__raw_event, delivery, delivery_str),
    CYAML_FIELD_END
};
static const cyaml_schema_value_t event_entry = {
    CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, struct hx_scn__raw_event,
                        event_fields),
};

/* One optional key per cost of models/cost.h, so the two cannot drift. */
static const cyaml_schema_field_t cost_fields[] = {
#define COST_FIELD(id, name, unit, def, src)                                  \
    STR(name, OPT, struct hx_scn__raw_costs, v[COST_##id]),
    COST_LIST(COST_FIELD)
#undef COST_FIELD
    CYAML_FIELD_END
};

static const cyaml_schema_field_t expect_fields[] = {
    STR("rule", REQ, struct hx_scn__raw_expect, rule),
    ENUMF("metric", REQ, struct hx_scn__raw_expect, metric, metric_str),
    ENUMF("op", OPT, struct hx_scn__raw_expect, op, op_str),
    STR("value", REQ, struct hx_scn__raw_expect, value),
    STR("device", OPT, struct hx_scn__raw_expect, device),
    STR("vm", OPT, struct hx_scn__raw_expect, vm),
    CYAML_FIELD_END
};
static const cyaml_schema_value_t expect_entry = {
    CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, struct hx_scn__raw_expect,
                        expect_fields),
};

static const cyaml_schema_field_t top_tpl[] = {
    STR("imslab", REQ, struct hx_scn__raw, imslab),
    STR("name", REQ, struct hx_scn__raw, name),
    STR("description", OPT, struct hx_scn__raw, description),
    STR("seed", OPT, struct hx_scn__raw, seed),
    STR("duration_us", REQ, struct hx_scn__raw, duration_us),
    ENUMF("baseline", OPT, struct hx_scn__raw, baseline, baseline_str),
    CYAML_FIELD_MAPPING_PTR("platform", CYAML_FLAG_POINTER | OPT,
                            struct hx_scn__raw, platform, NULL),
    CYAML_FIELD_MAPPING_PTR("vmm", CYAML_FLAG_POINTER | REQ,
                            struct hx_scn__raw, vmm, NULL),
    CYAML_FIELD_SEQUENCE("devices", CYAML_FLAG_POINTER | REQ,
                         struct hx_scn__raw, devices, NULL, 1,
                         HX_SCN_MAX_DEVICES),
    CYAML_FIELD_SEQUENCE("vms", CYAML_FLAG_POINTER | OPT, struct hx_scn__raw,
                         vms, NULL, 1, HX_SCN_MAX_VMS),
    CYAML_FIELD_SEQUENCE("assign", CYAML_FLAG_POINTER | REQ,
                         struct hx_scn__raw, assign, NULL, 1,
                         CYAML_UNLIMITED),
    CYAML_FIELD_SEQUENCE("workload", CYAML_FLAG_POINTER | OPT,
                         struct hx_scn__raw, workload, &workload_entry, 0,
                         CYAML_UNLIMITED),
    CYAML_FIELD_SEQUENCE("events", CYAML_FLAG_POINTER | OPT,
                         struct hx_scn__raw, events, &event_entry, 0,
                         CYAML_UNLIMITED),
    CYAML_FIELD_MAPPING_PTR("costs", CYAML_FLAG_POINTER | OPT,
                            struct hx_scn__raw, costs, cost_fields),
    CYAML_FIELD_SEQUENCE("expect", CYAML_FLAG_POINTER | OPT,
                         struct hx_scn__raw, expect, &expect_entry, 0,
                         CYAML_UNLIMITED),
    CYAML_FIELD_END
};


/* ---- the schema, built from the models' tables --------------------------- */

#define NTPL(t) (sizeof(t) / sizeof((t)[0]))
#define STRVAL_POOL 128

/* Templates of one table row's field (key and offset are set per row). */
struct row_tpl {
    char *s;
    int *e;
};
static const cyaml_schema_field_t row_str = STR("-", OPT, struct row_tpl, s);
static const cyaml_schema_field_t row_enum =
    MODEL_ENUM("-", OPT, struct row_tpl, e);

struct hx_scn__schema {
    cyaml_strval_t pool[STRVAL_POOL];
    unsigned npool;
    cyaml_schema_field_t platform[PROP_TABLE_MAX + 2];
    cyaml_schema_field_t iommu[PROP_TABLE_MAX + 1];
    cyaml_schema_field_t vmm[PROP_TABLE_MAX + 1];
    cyaml_schema_field_t device[NTPL(device_tpl)];
    cyaml_schema_field_t vm[NTPL(vm_tpl)];
    cyaml_schema_field_t assign[NTPL(assign_tpl)];
    cyaml_schema_field_t top[NTPL(top_tpl)];
    cyaml_schema_value_t device_entry, vm_entry, assign_entry, top_value;
    struct hx_scn__doc doc;
};

/* The libcyaml spellings of @e, from the pool; NULL when it is full. */
static const cyaml_strval_t *strvals(struct hx_scn__schema *sch,
                                     const struct prop_enum *e)
{
    cyaml_strval_t *v = &sch->pool[sch->npool];

    if (e->n > STRVAL_POOL - sch->npool)
        return NULL;
    for (unsigned i = 0; i < e->n; i++)
        v[i] = (cyaml_strval_t){ e->names[i], (int64_t)i };
    sch->npool += e->n;
    return v;
}

/* The field named @key of @f (a CYAML_FIELD_END-terminated copy). */
static cyaml_schema_field_t *field(cyaml_schema_field_t *f, const char *key)
{
    for (; f->key; f++)
        if (!strcmp(f->key, key))
            return f;
    assert(!"schema template lacks a key");
    return NULL;
}

static int set_enum(struct hx_scn__schema *sch, cyaml_schema_field_t *f,
                    const struct prop_enum *e)
{
    const cyaml_strval_t *v = strvals(sch, e);

    if (!v)
        return -E2BIG;
    f->value.enumeration.strings = v;
    f->value.enumeration.count = e->n;
    return 0;
}

/*
 * One field per row of @t into @f (room for t->n + 1), each stored at
 * @base + offsetof(struct hx_scn__raw_props, v[i]); a CYAML_FIELD_END
 * after them.
 */
static int table_fields(struct hx_scn__schema *sch, const struct prop_table *t,
                        size_t base, cyaml_schema_field_t *f)
{
    for (unsigned i = 0; i < t->n; i++) {
        const struct prop_desc *d = &t->descs[i];
        int rc;

        f[i] = d->type == PROP_ENUM ? row_enum : row_str;
        f[i].key = d->name;
        f[i].data_offset = (uint32_t)(base +
            offsetof(struct hx_scn__raw_props, v) + i * sizeof(void *));
        if (d->flags & PROP_F_REQUIRED)
            f[i].value.flags &= ~CYAML_FLAG_OPTIONAL;
        if (d->type == PROP_ENUM && (rc = set_enum(sch, &f[i], d->names)))
            return rc;
    }
    f[t->n] = (cyaml_schema_field_t)CYAML_FIELD_END;
    return 0;
}

static const cyaml_schema_field_t iommu_tpl =
    CYAML_FIELD_MAPPING_PTR("iommu", CYAML_FLAG_POINTER | OPT,
                            struct hx_scn__raw_platform, iommu, NULL);

static int schema_build(struct hx_scn__schema *sch)
{
    cyaml_schema_field_t *f;
    int rc;

    memcpy(sch->device, device_tpl, sizeof(device_tpl));
    memcpy(sch->vm, vm_tpl, sizeof(vm_tpl));
    memcpy(sch->assign, assign_tpl, sizeof(assign_tpl));
    memcpy(sch->top, top_tpl, sizeof(top_tpl));
    if ((rc = set_enum(sch, field(sch->device, "model"), &siov_kind_enum)) ||
        (rc = set_enum(sch, field(sch->vm, "guest"), &guest_policy_enum)) ||
        (rc = set_enum(sch, field(sch->vm, "activity"), &guest_activity_enum)) ||
        (rc = set_enum(sch, field(sch->vm, "after_migrate"),
                       &guest_after_migrate_enum)) ||
        (rc = set_enum(sch, field(sch->vm, "rewrite"), &guest_rewrite_enum)) ||
        (rc = set_enum(sch, field(sch->assign, "mode"),
                       &vmm_assign_mode_enum)))
        return rc;
    rc = table_fields(sch, &platform_props,
                      offsetof(struct hx_scn__raw_platform, p), sch->platform);
    if (rc)
        return rc;
    sch->platform[platform_props.n] = iommu_tpl;
    sch->platform[platform_props.n].value.mapping.fields = sch->iommu;
    sch->platform[platform_props.n + 1] = (cyaml_schema_field_t)CYAML_FIELD_END;
    if ((rc = table_fields(sch, &ir_setup_props, 0, sch->iommu)) ||
        (rc = table_fields(sch, &vmm_props, 0, sch->vmm)))
        return rc;

    sch->device_entry = (cyaml_schema_value_t){
        CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, struct hx_scn__raw_device,
                            sch->device),
    };
    sch->vm_entry = (cyaml_schema_value_t){
        CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, struct hx_scn__raw_vm, sch->vm),
    };
    sch->assign_entry = (cyaml_schema_value_t){
        CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, struct hx_scn__raw_assign,
                            sch->assign),
    };
    field(sch->top, "platform")->value.mapping.fields = sch->platform;
    field(sch->top, "vmm")->value.mapping.fields = sch->vmm;
    field(sch->top, "devices")->value.sequence.entry = &sch->device_entry;
    f = field(sch->top, "vms");
    f->value.sequence.entry = &sch->vm_entry;
    field(sch->top, "assign")->value.sequence.entry = &sch->assign_entry;
    sch->top_value = (cyaml_schema_value_t){
        CYAML_VALUE_MAPPING(CYAML_FLAG_POINTER, struct hx_scn__raw, sch->top),
    };
    return 0;
}

/* ---- the scenario document ----------------------------------------------- */

static bool scenario_unknown_key(const char *path, const char *key, char *buf,
                                 size_t len)
{
    if (strcmp(path, "costs"))
        return false;
    snprintf(buf, len, "unknown cost key '%s' (the keys are listed in "
             "docs/scenario-format.md, section costs)", key);
    return true;
}

int hx_scn__schema_new(struct hx_scn__schema **out)
{
    struct hx_scn__schema *sch = calloc(1, sizeof(*sch));
    int rc;

    *out = NULL;
    if (!sch)
        return -ENOMEM;
    rc = schema_build(sch);
    if (rc) {
        free(sch);
        return rc == -ENOMEM ? rc : -EINVAL;
    }
    sch->doc = (struct hx_scn__doc){
        .what = "scenario",
        .schema = &sch->top_value,
        .unknown_key_note = scenario_unknown_key,
    };
    *out = sch;
    return 0;
}

void hx_scn__schema_free(struct hx_scn__schema *sch)
{
    free(sch);
}

int hx_scn__cyaml_load(const struct hx_scn__schema *sch, const char *yaml,
                       size_t len, const struct hx_scn__index *ix,
                       struct hx_scn__err *e, struct hx_scn__raw **out)
{
    void *data = NULL;
    int rc = hx_scn__cyaml_load_doc(&sch->doc, yaml, len, ix, e, &data);

    *out = data;
    return rc;
}

void hx_scn__cyaml_free(const struct hx_scn__schema *sch,
                        struct hx_scn__raw *raw)
{
    if (sch)
        hx_scn__cyaml_free_doc(&sch->doc, raw);
}
