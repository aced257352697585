/* SPDX-License-Identifier: MIT */
/*
 * scenario_cyaml.c - the libcyaml pass of the scenario loader: the schema
 * of format v1, the enumeration spellings, and the rewriting of libcyaml's
 * log into one "FILE:LINE:COLUMN: error: MESSAGE" (scenario_internal.h).
 * The pass itself is generic over a schema (hx_scn__cyaml_load_doc()):
 * the layout descriptor loader (layout.c) uses it with its own.
 *
 * libcyaml 1.3.1 facts this file relies on (measured on Debian 12):
 *  - an error is logged as "Load: MESSAGE" then "Load: Backtrace:" then
 *    one line per open mapping or sequence, innermost first:
 *      "  in mapping field 'KEY' (line: L, column: C)"
 *      "  in mapping (line: L, column: C)"        (after an unknown key)
 *      "  in sequence entry 'N' (line: L, column: C)"
 *    L and C are 1-based, but they are the position of the last event that
 *    level consumed, not of the node in error (an unknown key is reported
 *    at the value before it).  We use the backtrace for the path only.
 *  - "sequence entry 'N'" counts entries started, so the entry being read
 *    has index N - 1; in "Excessive entries" N is the limit itself.
 *  - "Missing required mapping field" names, as the innermost field, the
 *    last field seen in that mapping (the first schema field when the
 *    mapping is empty), which is not part of the path.
 *  - a document with no content loads as CYAML_OK with NULL data.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cyaml/cyaml.h>

#include "harness/scenario_internal.h"

/* ---- enumerations -------------------------------------------------------- */

static const cyaml_strval_t iec_policy_str[] = {
    { "lru", HX_SCN_IEC_LRU },
    { "fifo", HX_SCN_IEC_FIFO },
};
static const cyaml_strval_t personality_str[] = {
    { "bare", HX_SCN_PERS_BARE },
    { "kvm", HX_SCN_PERS_KVM },
    { "hyperv", HX_SCN_PERS_HYPERV },
};
static const cyaml_strval_t msix_mode_str[] = {
    { "native", HX_SCN_MSIX_NATIVE },
    { "trap", HX_SCN_MSIX_TRAP },
    { "hypercall", HX_SCN_MSIX_HYPERCALL },
};
static const cyaml_strval_t ims_mode_str[] = {
    { "none", HX_SCN_IMS_NONE },
    { "emulate", HX_SCN_IMS_EMULATE },
    { "hypercall", HX_SCN_IMS_HYPERCALL },
};
static const cyaml_strval_t advertise_str[] = {
    { "auto", HX_SCN_ADV_AUTO },
    { "always", HX_SCN_ADV_ALWAYS },
    { "never", HX_SCN_ADV_NEVER },
};
static const cyaml_strval_t viommu_str[] = {
    { "none", HX_SCN_VIOMMU_NONE },
    { "caching-mode", HX_SCN_VIOMMU_CACHING_MODE },
};
static const cyaml_strval_t dev_model_str[] = {
    { "idxd", HX_SCN_DEV_IDXD },
    { "mlx5", HX_SCN_DEV_MLX5 },
    { "msix", HX_SCN_DEV_MSIX },
};
static const cyaml_strval_t guest_str[] = {
    { "trusts-cap", HX_SCN_GUEST_TRUSTS_CAP },
    { "linux-6.2", HX_SCN_GUEST_LINUX_6_2 },
    { "hypercall-aware", HX_SCN_GUEST_HYPERCALL_AWARE },
    { "legacy", HX_SCN_GUEST_LEGACY },
};
static const cyaml_strval_t assign_mode_str[] = {
    { "passthrough", HX_SCN_ASSIGN_PASSTHROUGH },
    { "composed", HX_SCN_ASSIGN_COMPOSED },
};
static const cyaml_strval_t arrivals_str[] = {
    { "poisson", HX_SCN_ARRIVAL_POISSON },
    { "periodic", HX_SCN_ARRIVAL_PERIODIC },
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
};
static const cyaml_strval_t metric_str[] = {
    { "outcome", HX_SCN_METRIC_OUTCOME },
    { "raised", HX_SCN_METRIC_RAISED },
    { "delivered", HX_SCN_METRIC_DELIVERED },
    { "misrouted", HX_SCN_METRIC_MISROUTED },
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
};

#define NSTR(t) ((uint32_t)CYAML_ARRAY_LEN(t))

_Static_assert(NSTR(iec_policy_str) == HX_SCN_IEC__COUNT, "iec");
_Static_assert(NSTR(personality_str) == HX_SCN_PERS__COUNT, "pers");
_Static_assert(NSTR(msix_mode_str) == HX_SCN_MSIX__COUNT, "msix");
_Static_assert(NSTR(ims_mode_str) == HX_SCN_IMS__COUNT, "ims");
_Static_assert(NSTR(advertise_str) == HX_SCN_ADV__COUNT, "adv");
_Static_assert(NSTR(viommu_str) == HX_SCN_VIOMMU__COUNT, "viommu");
_Static_assert(NSTR(dev_model_str) == HX_SCN_DEV__COUNT, "model");
_Static_assert(NSTR(guest_str) == HX_SCN_GUEST__COUNT, "guest");
_Static_assert(NSTR(assign_mode_str) == HX_SCN_ASSIGN__COUNT, "mode");
_Static_assert(NSTR(arrivals_str) == HX_SCN_ARRIVAL__COUNT, "arrivals");
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

NAME_FN(hx_scn_iec_policy_name, enum hx_scn_iec_policy, iec_policy_str)
NAME_FN(hx_scn_personality_name, enum hx_scn_personality, personality_str)
NAME_FN(hx_scn_msix_mode_name, enum hx_scn_msix_mode, msix_mode_str)
NAME_FN(hx_scn_ims_mode_name, enum hx_scn_ims_mode, ims_mode_str)
NAME_FN(hx_scn_advertise_name, enum hx_scn_advertise, advertise_str)
NAME_FN(hx_scn_viommu_name, enum hx_scn_viommu, viommu_str)
NAME_FN(hx_scn_dev_model_name, enum hx_scn_dev_model, dev_model_str)
NAME_FN(hx_scn_guest_name, enum hx_scn_guest, guest_str)
NAME_FN(hx_scn_assign_mode_name, enum hx_scn_assign_mode, assign_mode_str)
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
           "silent-failure, not-emulatable, mixed";
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

static const cyaml_schema_value_t string_entry = {
    CYAML_VALUE_STRING(CYAML_FLAG_POINTER, char, 0, CYAML_UNLIMITED),
};

static const cyaml_schema_field_t iommu_fields[] = {
    STR("interrupt_remapping", OPT, struct hx_scn__raw_iommu,
        interrupt_remapping),
    STR("cfi", OPT, struct hx_scn__raw_iommu, cfi),
    STR("irt_size", OPT, struct hx_scn__raw_iommu, irt_size),
    STR("eime", OPT, struct hx_scn__raw_iommu, eime),
    STR("iec_entries", OPT, struct hx_scn__raw_iommu, iec_entries),
    ENUMF("iec_replacement", OPT, struct hx_scn__raw_iommu, iec_replacement,
          iec_policy_str),
    STR("fault_records", OPT, struct hx_scn__raw_iommu, fault_records),
    STR("posted_interrupts", OPT, struct hx_scn__raw_iommu, posted_interrupts),
    CYAML_FIELD_END
};

static const cyaml_schema_field_t platform_fields[] = {
    STR("pcpus", OPT, struct hx_scn__raw_platform, pcpus),
    STR("cpu_mhz", OPT, struct hx_scn__raw_platform, cpu_mhz),
    CYAML_FIELD_MAPPING_PTR("iommu", CYAML_FLAG_POINTER | OPT,
                            struct hx_scn__raw_platform, iommu, iommu_fields),
    CYAML_FIELD_END
};

static const cyaml_schema_field_t vmm_fields[] = {
    ENUMF("personality", REQ, struct hx_scn__raw_vmm, personality,
          personality_str),
    ENUMF("msix", OPT, struct hx_scn__raw_vmm, msix, msix_mode_str),
    ENUMF("ims", OPT, struct hx_scn__raw_vmm, ims, ims_mode_str),
    ENUMF("advertise_ims_cap", OPT, struct hx_scn__raw_vmm, advertise_ims_cap,
          advertise_str),
    ENUMF("viommu", OPT, struct hx_scn__raw_vmm, viommu, viommu_str),
    STR("posted", OPT, struct hx_scn__raw_vmm, posted),
    STR("nested", OPT, struct hx_scn__raw_vmm, nested),
    STR("irte_limit", OPT, struct hx_scn__raw_vmm, irte_limit),
    CYAML_FIELD_END
};

static const cyaml_schema_field_t rtl_fields[] = {
    CYAML_FIELD_SEQUENCE("sources", CYAML_FLAG_POINTER, struct hx_scn__raw_rtl,
                         sources, &string_entry, 0, CYAML_UNLIMITED),
    STR("top", REQ, struct hx_scn__raw_rtl, top),
    CYAML_FIELD_END
};

static const cyaml_schema_field_t device_fields[] = {
    STR("name", REQ, struct hx_scn__raw_device, name),
    ENUMF("model", REQ, struct hx_scn__raw_device, model, dev_model_str),
    STR("bdf", REQ, struct hx_scn__raw_device, bdf),
    STR("adis", OPT, struct hx_scn__raw_device, adis),
    STR("ims_entries", OPT, struct hx_scn__raw_device, ims_entries),
    STR("msix_vectors", OPT, struct hx_scn__raw_device, msix_vectors),
    STR("layout", OPT, struct hx_scn__raw_device, layout),
    CYAML_FIELD_MAPPING_PTR("rtl", CYAML_FLAG_POINTER | OPT,
                            struct hx_scn__raw_device, rtl, rtl_fields),
    CYAML_FIELD_END
};
static const cyaml_schema_value_t device_entry = {
    CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, struct hx_scn__raw_device,
                        device_fields),
};

static const cyaml_schema_field_t vm_fields[] = {
    STR("name", REQ, struct hx_scn__raw_vm, name),
    STR("vcpus", REQ, struct hx_scn__raw_vm, vcpus),
    ENUMF("guest", OPT, struct hx_scn__raw_vm, guest, guest_str),
    CYAML_FIELD_SEQUENCE("pcpus", CYAML_FLAG_POINTER | OPT,
                         struct hx_scn__raw_vm, pcpus, &string_entry, 0,
                         CYAML_UNLIMITED),
    CYAML_FIELD_END
};
static const cyaml_schema_value_t vm_entry = {
    CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, struct hx_scn__raw_vm, vm_fields),
};

static const cyaml_schema_field_t assign_fields[] = {
    STR("device", REQ, struct hx_scn__raw_assign, device),
    STR("adi", OPT, struct hx_scn__raw_assign, adi),
    STR("vm", OPT, struct hx_scn__raw_assign, vm),
    ENUMF("mode", OPT, struct hx_scn__raw_assign, mode, assign_mode_str),
    STR("vcpu", OPT, struct hx_scn__raw_assign, vcpu),
    STR("vectors", OPT, struct hx_scn__raw_assign, vectors),
    CYAML_FIELD_END
};
static const cyaml_schema_value_t assign_entry = {
    CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, struct hx_scn__raw_assign,
                        assign_fields),
};

static const cyaml_schema_field_t workload_fields[] = {
    STR("device", REQ, struct hx_scn__raw_workload, device),
    STR("adi", OPT, struct hx_scn__raw_workload, adi),
    STR("rate_hz", REQ, struct hx_scn__raw_workload, rate_hz),
    ENUMF("arrivals", OPT, struct hx_scn__raw_workload, arrivals,
          arrivals_str),
    STR("start_us", OPT, struct hx_scn__raw_workload, start_us),
    STR("stop_us", OPT, struct hx_scn__raw_workload, stop_us),
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

static const cyaml_schema_field_t top_fields[] = {
    STR("imslab", REQ, struct hx_scn__raw, imslab),
    STR("name", REQ, struct hx_scn__raw, name),
    STR("description", OPT, struct hx_scn__raw, description),
    STR("seed", OPT, struct hx_scn__raw, seed),
    STR("duration_us", REQ, struct hx_scn__raw, duration_us),
    CYAML_FIELD_MAPPING_PTR("platform", CYAML_FLAG_POINTER | OPT,
                            struct hx_scn__raw, platform, platform_fields),
    CYAML_FIELD_MAPPING_PTR("vmm", CYAML_FLAG_POINTER | REQ,
                            struct hx_scn__raw, vmm, vmm_fields),
    CYAML_FIELD_SEQUENCE("devices", CYAML_FLAG_POINTER | REQ,
                         struct hx_scn__raw, devices, &device_entry, 1,
                         HX_SCN_MAX_DEVICES),
    CYAML_FIELD_SEQUENCE("vms", CYAML_FLAG_POINTER | OPT, struct hx_scn__raw,
                         vms, &vm_entry, 1, HX_SCN_MAX_VMS),
    CYAML_FIELD_SEQUENCE("assign", CYAML_FLAG_POINTER | REQ,
                         struct hx_scn__raw, assign, &assign_entry, 1,
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

static const cyaml_schema_value_t top_schema = {
    CYAML_VALUE_MAPPING(CYAML_FLAG_POINTER, struct hx_scn__raw, top_fields),
};

/* ---- log capture --------------------------------------------------------- */

#define LOG_LINES 24
#define LOG_LEN 320

struct logcap {
    char line[LOG_LINES][LOG_LEN];
    int n;
};

static void capture(cyaml_log_t level, void *ctx, const char *fmt, va_list ap)
{
    struct logcap *lc = ctx;
    char *s;
    size_t l;

    if (level < CYAML_LOG_ERROR || lc->n >= LOG_LINES)
        return;
    s = lc->line[lc->n++];
    vsnprintf(s, LOG_LEN, fmt, ap);
    l = strlen(s);
    while (l && (s[l - 1] == '\n' || s[l - 1] == '\r'))
        s[--l] = '\0';
}

static const cyaml_config_t free_config = {
    .mem_fn = cyaml_mem,
    .log_level = CYAML_LOG_ERROR,
};

/* ---- error rewriting ----------------------------------------------------- */

enum frame_kind { FR_FIELD, FR_MAP, FR_SEQ };

struct frame {
    enum frame_kind kind;
    char key[64];
    unsigned n;
    unsigned line, col;
};

#define MAX_FRAMES 16

/* Parse one "  in ..." backtrace line; 0 or -1 when not one. */
static int parse_frame(const char *s, struct frame *f)
{
    const char *p;

    memset(f, 0, sizeof(*f));
    if (!strncmp(s, "  in mapping field '", 20)) {
        const char *q = strstr(s + 20, "' (line: ");
        size_t l;

        if (!q)
            return -1;
        l = (size_t)(q - (s + 20));
        if (l >= sizeof(f->key))
            return -1;
        memcpy(f->key, s + 20, l);
        f->kind = FR_FIELD;
        p = q + 2;
    } else if (!strncmp(s, "  in mapping (", 14)) {
        f->kind = FR_MAP;
        p = s + 13;
    } else if (!strncmp(s, "  in sequence entry '", 21)) {
        f->kind = FR_SEQ;
        if (sscanf(s + 21, "%u'", &f->n) != 1)
            return -1;
        p = strchr(s + 21, '(');
        if (!p)
            return -1;
    } else {
        return -1;
    }
    if (sscanf(p, "(line: %u, column: %u)", &f->line, &f->col) != 2)
        return -1;
    return 0;
}

/*
 * The path named by frames @first..@nfr-1 (fr[0] is the innermost), with
 * 0-based sequence indexes.  @seq_self leaves out the index of frame
 * @first when it is a sequence (the error is about the sequence itself).
 */
static void frames_path(const struct frame *fr, int nfr, int first,
                        bool seq_self, char *path, size_t n)
{
    char tmp[HX_SCN__PATH_MAX];

    path[0] = '\0';
    for (int i = nfr - 1; i >= first; i--) {
        switch (fr[i].kind) {
        case FR_FIELD:
            hx_scn__path_key(tmp, sizeof(tmp), path, fr[i].key);
            snprintf(path, n, "%s", tmp);
            break;
        case FR_SEQ:
            if (i == first && seq_self)
                break;
            if ((size_t)snprintf(tmp, sizeof(tmp), "%s[%u]", path,
                                 fr[i].n ? fr[i].n - 1 : 0) < sizeof(tmp))
                snprintf(path, n, "%s", tmp);
            break;
        case FR_MAP:
            break;
        }
    }
}

/* The schema value at the frames' path, or NULL. */
static const cyaml_schema_value_t *frames_schema(const cyaml_schema_value_t *top,
                                                 const struct frame *fr,
                                                 int nfr, int first)
{
    const cyaml_schema_value_t *s = top;

    for (int i = nfr - 1; i >= first; i--) {
        if (fr[i].kind == FR_FIELD) {
            const cyaml_schema_field_t *f;

            if (s->type != CYAML_MAPPING)
                return NULL;
            for (f = s->mapping.fields; f->key; f++)
                if (!strcmp(f->key, fr[i].key))
                    break;
            if (!f->key)
                return NULL;
            s = &f->value;
        } else if (fr[i].kind == FR_SEQ) {
            if (s->type != CYAML_SEQUENCE)
                return NULL;
            s = s->sequence.entry;
        }
    }
    return s;
}

static const char *shape(const char *cyaml_name)
{
    if (!strcmp(cyaml_name, "MAPPING") || !strcmp(cyaml_name, "MAPPING_START"))
        return "a mapping";
    if (!strcmp(cyaml_name, "SEQUENCE") ||
        !strcmp(cyaml_name, "SEQUENCE_START"))
        return "a sequence";
    if (!strcmp(cyaml_name, "ALIAS"))
        return "an alias";
    return "a scalar";
}

static const char *where(const char *path)
{
    return *path ? path : "top level";
}

struct pos {
    uint32_t line, col;
};

/* Value position of @path, else libcyaml's (1-based) of the innermost frame. */
static struct pos value_pos(const struct hx_scn__index *ix, const char *path,
                            const struct frame *fr, int nfr)
{
    const struct hx_scn__node *nd = hx_scn__index_find(ix, path);
    struct pos p = { 1, 1 };

    if (nd) {
        p.line = nd->line;
        p.col = nd->col;
    } else if (nfr > 0) {
        p.line = fr[0].line;
        p.col = fr[0].col;
    }
    return p;
}

/* Position naming a mapping: its key when it has one, else its start. */
static struct pos mapping_pos(const struct hx_scn__index *ix, const char *path,
                              const struct frame *fr, int nfr)
{
    const struct hx_scn__node *nd = hx_scn__index_find(ix, path);

    if (nd && nd->key_line)
        return (struct pos){ nd->key_line, nd->key_col };
    return value_pos(ix, path, fr, nfr);
}

static void enum_list(const cyaml_schema_value_t *s, char *buf, size_t n)
{
    size_t o = 0;

    buf[0] = '\0';
    if (!s || s->type != CYAML_ENUM)
        return;
    for (uint32_t i = 0; i < s->enumeration.count && o < n; i++) {
        int w = snprintf(buf + o, n - o, "%s%s", i ? ", " : "",
                         s->enumeration.strings[i].str);

        if (w < 0)
            break;
        o += (size_t)w;
    }
}

static int rewrite(const struct hx_scn__doc *doc, const struct logcap *lc,
                   const struct hx_scn__index *ix, struct hx_scn__err *e)
{
    struct frame fr[MAX_FRAMES];
    char path[HX_SCN__PATH_MAX], full[HX_SCN__PATH_MAX], list[1024];
    const char *msg;
    struct pos p;
    int nfr = 0, i;
    unsigned a, b;

    if (lc->n == 0)
        return hx_scn__error(e, 1, 1, "invalid %s (the YAML loader "
                             "gave no reason)", doc->what);
    msg = lc->line[0];
    if (!strncmp(msg, "Load: ", 6))
        msg += 6;
    for (i = 1; i < lc->n && nfr < MAX_FRAMES; i++)
        if (!parse_frame(lc->line[i], &fr[nfr]))
            nfr++;

    if (!strncmp(msg, "Unexpected key: ", 16)) {
        const struct hx_scn__node *nd;
        const char *key = msg + 16;

        frames_path(fr, nfr, 0, false, path, sizeof(path));
        hx_scn__path_key(full, sizeof(full), path, key);
        nd = hx_scn__index_find(ix, full);
        p = nd && nd->key_line ? (struct pos){ nd->key_line, nd->key_col }
                               : value_pos(ix, path, fr, nfr);
        if (doc->unknown_key_note &&
            doc->unknown_key_note(path, key, list, sizeof(list)))
            return hx_scn__error(e, p.line, p.col, "%s", list);
        if (!*path)
            return hx_scn__error(e, p.line, p.col, "unknown top-level key '%s'",
                                 key);
        return hx_scn__error(e, p.line, p.col, "unknown key '%s' in %s", key,
                             path);
    }
    if (!strncmp(msg, "Missing required mapping field: ", 32)) {
        /* The innermost field frame is the last field seen, not the path. */
        int first = nfr > 0 && fr[0].kind == FR_FIELD ? 1 : 0;

        frames_path(fr, nfr, first, false, path, sizeof(path));
        p = mapping_pos(ix, path, fr, nfr);
        if (!*path)
            return hx_scn__error(e, p.line, p.col, "missing required key '%s'",
                                 msg + 32);
        return hx_scn__error(e, p.line, p.col, "%s: missing required key '%s'",
                             path, msg + 32);
    }
    if (sscanf(msg, "Insufficient entries (%u of %u min)", &a, &b) == 2) {
        frames_path(fr, nfr, 0, true, path, sizeof(path));
        p = value_pos(ix, path, fr, nfr);
        return hx_scn__error(e, p.line, p.col, "%s: needs at least %u %s",
                             where(path), b, b == 1 ? "entry" : "entries");
    }
    if (sscanf(msg, "Excessive entries (%u max)", &b) == 1) {
        frames_path(fr, nfr, 0, true, path, sizeof(path));
        if ((size_t)snprintf(full, sizeof(full), "%s[%u]", path, b) >=
            sizeof(full))
            full[0] = '\0';
        p = value_pos(ix, full, fr, nfr);
        return hx_scn__error(e, p.line, p.col, "%s: at most %u entries allowed",
                             where(path), b);
    }
    if (!strncmp(msg, "Invalid ENUM value: ", 20)) {
        frames_path(fr, nfr, 0, false, path, sizeof(path));
        enum_list(frames_schema(doc->schema, fr, nfr, 0), list, sizeof(list));
        p = value_pos(ix, path, fr, nfr);
        return hx_scn__error(e, p.line, p.col,
                             "%s: invalid value '%s' (expected one of: %s)",
                             where(path), msg + 20, list);
    }
    if (!strncmp(msg, "Expecting ", 10)) {
        char want[32] = "", got[32] = "";

        if (sscanf(msg, "Expecting %31[A-Z_], got event: %31[A-Z_]", want,
                   got) == 2) {
            frames_path(fr, nfr, 0, false, path, sizeof(path));
            p = value_pos(ix, path, fr, nfr);
            if (!*path)
                return hx_scn__error(e, p.line, p.col,
                                     "the top level must be a mapping, "
                                     "got %s", shape(got));
            return hx_scn__error(e, p.line, p.col, "%s: expected %s, got %s",
                                 path, shape(want), shape(got));
        }
    }
    if (!strncmp(msg, "Mapping field already seen: ", 28)) {
        frames_path(fr, nfr, 0, false, path, sizeof(path));
        p = value_pos(ix, path, fr, nfr);
        return hx_scn__error(e, p.line, p.col, "duplicate key '%s'", msg + 28);
    }

    /* Anything else: libcyaml's words and its (1-based) position. */
    frames_path(fr, nfr, 0, false, path, sizeof(path));
    p = value_pos(ix, path, fr, nfr);
    return hx_scn__error(e, p.line, p.col, "%s%s%s", *path ? path : "",
                         *path ? ": " : "", msg);
}

int hx_scn__cyaml_load_doc(const struct hx_scn__doc *doc, const char *yaml,
                           size_t len, const struct hx_scn__index *ix,
                           struct hx_scn__err *e, void **out)
{
    struct logcap *lc = calloc(1, sizeof(*lc));
    cyaml_config_t cfg = {
        .log_fn = capture,
        .mem_fn = cyaml_mem,
        .log_level = CYAML_LOG_ERROR,
        .flags = CYAML_CFG_DEFAULT,
    };
    cyaml_data_t *data = NULL;
    cyaml_err_t cerr;
    int rc = 0;

    *out = NULL;
    if (!lc)
        return -ENOMEM;
    cfg.log_ctx = lc;
    cerr = cyaml_load_data((const uint8_t *)yaml, len, &cfg, doc->schema,
                           &data, NULL);
    if (cerr == CYAML_ERR_OOM)
        rc = -ENOMEM;
    else if (cerr != CYAML_OK)
        rc = rewrite(doc, lc, ix, e);
    else if (!data)
        rc = hx_scn__error(e, 1, 1, "empty %s", doc->what);
    else
        *out = data;
    free(lc);
    return rc;
}

void hx_scn__cyaml_free_doc(const struct hx_scn__doc *doc, void *data)
{
    if (data)
        cyaml_free(&free_config, doc->schema, data, 0);
}

/* ---- the scenario document ------------------------------------------------ */

static bool scenario_unknown_key(const char *path, const char *key, char *buf,
                                 size_t len)
{
    if (strcmp(path, "costs"))
        return false;
    snprintf(buf, len, "unknown cost key '%s' (the keys are listed in "
             "docs/scenario-format.md, section costs)", key);
    return true;
}

static const struct hx_scn__doc scenario_doc = {
    .what = "scenario",
    .schema = &top_schema,
    .unknown_key_note = scenario_unknown_key,
};

int hx_scn__cyaml_load(const char *yaml, size_t len,
                       const struct hx_scn__index *ix, struct hx_scn__err *e,
                       struct hx_scn__raw **out)
{
    void *data = NULL;
    int rc = hx_scn__cyaml_load_doc(&scenario_doc, yaml, len, ix, e, &data);

    *out = data;
    return rc;
}

void hx_scn__cyaml_free(struct hx_scn__raw *raw)
{
    hx_scn__cyaml_free_doc(&scenario_doc, raw);
}
