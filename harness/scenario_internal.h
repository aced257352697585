/* SPDX-License-Identifier: MIT */
/*
 * scenario_internal.h - what the parts of the scenario loader share: the
 * error sink, the libyaml position index (scenario_index.c), the raw
 * libcyaml image of the file (scenario_cyaml.c, scenario_schema.c) and the
 * conversion helpers; scenario.c and its section files turn the raw image
 * into struct hx_scenario.  The IMS layout descriptor loader
 * (layout.c) reuses the same machinery: the index, the generic libcyaml
 * pass with error rewriting (hx_scn__cyaml_load_doc()) and the strict
 * scalars and positioned messages of yaml_common.c.  Not for use outside
 * harness/scenario*, harness/yaml_common.c and harness/layout.c (and
 * harness/workload_run.c, whose command-line numbers follow the format's
 * digits: hx_scn__parse_digits()).
 *
 * The pipeline, and why it has three stages:
 *  1. scenario_index.c parses the text with libyaml's document API and
 *     records, for each node, its path ("devices[1].bdf"), the 1-based
 *     position of its key and of its value, and its scalar text.  YAML
 *     syntax errors, duplicate keys and multiple documents stop here.
 *  2. scenario_cyaml.c loads the text with libcyaml against the schema of
 *     scenario_schema.c (keys, required keys, mapping/sequence/scalar
 *     shape, enum values, sequence lengths); the sections that configure a
 *     model and the models' enums are built into the schema from the
 *     models' property tables (models/props.h).  libcyaml's log is captured
 *     and the most specific message is rewritten; its own line/column name
 *     the last event each parse state consumed, not the node in error, so
 *     the position is taken from the index by path instead.
 *  3. scenario.c and its section files parse numbers and booleans (kept as
 *     strings in the raw image: libcyaml 1.3.1 accepts "1x" as 1, "1.5" as
 *     1, "-5" as 2^64-5 and "maybe" as true), check ranges and cross
 *     references, fill defaults, and report by path through the index; a
 *     section bound to a property table is parsed by its rows' types
 *     (hx_scn__bind()).
 */
#ifndef IMSLAB_HARNESS_SCENARIO_INTERNAL_H
#define IMSLAB_HARNESS_SCENARIO_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "harness/scenario.h"
#include "models/props.h"

/* ---- errors -------------------------------------------------------------- */

/*
 * Where one message goes.  @buf may be NULL (message dropped).  @what names
 * the kind of document in messages ("scenario" when NULL); @head is the
 * first key a document of that kind starts with ("imslab: 1" when NULL).
 */
struct hx_scn__err {
    const char *file;
    char *buf;
    size_t len;
    const char *what;
    const char *head;
};

/*
 * hx_scn__error - write "FILE:LINE:COL: error: MSG" into @e (scenario.c).
 * Return: -EINVAL, so callers can `return hx_scn__error(...)`.
 */
int hx_scn__error(struct hx_scn__err *e, uint32_t line, uint32_t col,
                  const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* ---- position index (scenario_index.c) ----------------------------------- */


#define HX_SCN__PATH_MAX 256

enum hx_scn__kind { HX_SCN__SCALAR, HX_SCN__SEQUENCE, HX_SCN__MAPPING };

/*
 * One node of the document.  @path is "" for the root, "a.b" for key b of
 * mapping a, "a[3]" for entry 3 of sequence a; a key containing '.', '['
 * ']' or '\\' has those characters escaped with '\\' (hx_scn__path_key()).
 * Lines and columns are 1-based; @key_line is 0 when the node is not the
 * value of a mapping key.
 */
struct hx_scn__node {
    char *path;
    uint32_t key_line, key_col;
    uint32_t line, col;
    enum hx_scn__kind kind;
    bool quoted;              /* scalar written in quotes or as a block */
    const char *text;         /* scalar text (owned by the index), or NULL */
};

struct hx_scn__index {
    struct hx_scn__node *v;
    size_t n, cap;
};

/*
 * hx_scn__index_build - parse @yaml and index every node.
 * Return: 0; -EINVAL with a message in @e (syntax error, duplicate key,
 * non-scalar key, empty document, more than one document, too deep or too
 * large); -ENOMEM.  @ix must be freed with hx_scn__index_free() either way.
 */
int hx_scn__index_build(const char *yaml, size_t len, struct hx_scn__index *ix,
                        struct hx_scn__err *e);

/* hx_scn__index_find - the node at @path, or NULL. */
const struct hx_scn__node *hx_scn__index_find(const struct hx_scn__index *ix,
                                              const char *path);

void hx_scn__index_free(struct hx_scn__index *ix);

/* ---- messages and scalars by path (yaml_common.c) ------------------------- */

/*
 * hx_scn__path_parent - cut the last component off @path, in place
 * ("a.b[2]" -> "a.b", "a" -> ""; an escaped '.' or '[' is not a cut).
 */
void hx_scn__path_parent(char *path);

/* hx_scn__near_node - the node at @path or its nearest ancestor, or NULL. */
const struct hx_scn__node *hx_scn__near_node(const struct hx_scn__index *ix,
                                             const char *path);

/*
 * hx_scn__err_at / hx_scn__verr - "PATH: MESSAGE" (or "MESSAGE" at the
 * root) at the value at @path, or at its key when @at_key (a key that
 * should not be there), or at the nearest ancestor in the file.
 * Return: -EINVAL.
 */
int hx_scn__err_at(const struct hx_scn__index *ix, struct hx_scn__err *e,
                   const char *path, bool at_key, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
int hx_scn__verr(const struct hx_scn__index *ix, struct hx_scn__err *e,
                 const char *path, bool at_key, const char *fmt, va_list ap)
    __attribute__((format(printf, 5, 0)));

/*
 * hx_scn__parse_digits - decimal or 0x-hex digits of @t, entirely.
 * Return: 0; -EDOM (a leading zero: octal in YAML 1.1); -ERANGE; -EINVAL.
 */
int hx_scn__parse_digits(const char *t, uint64_t *out);

/*
 * hx_scn__read_file - read the whole file at @path into a malloc'd buffer
 * (*@buf_out, *@len_out bytes): the one reader of every input document.
 * @max: the input limit in bytes (0: %HX_INPUT_MAX_DEFAULT); at most
 *       @max + 1 bytes are read, so a device (/dev/zero) or a FIFO cannot
 *       grow the process; a FIFO with no writer reads as empty
 * Errors: "PATH: error: cannot read: ..." / "larger than the input limit"
 * / "out of memory" in @err, and -errno / -EFBIG / -ENOMEM.
 */
int hx_scn__read_file(const char *path, size_t max, char **buf_out,
                      size_t *len_out, char *err, size_t errlen);

/*
 * hx_scn__get_u64 - the unquoted unsigned @t (the scalar at @path) in
 * @min..@max; else a message at @path.  Return: 0 or -EINVAL.
 */
int hx_scn__get_u64(const struct hx_scn__index *ix, struct hx_scn__err *e,
                    const char *path, const char *t, uint64_t min,
                    uint64_t max, uint64_t *out);

/* hx_scn__get_bool - the unquoted true/false @t; else a message at @path. */
int hx_scn__get_bool(const struct hx_scn__index *ix, struct hx_scn__err *e,
                     const char *path, const char *t, bool *out);

/*
 * hx_scn__path_key - "@parent.@key" (or "@key" at the root) into @dst,
 * escaping @key.  Return: 0, or -ENAMETOOLONG (then @dst is truncated).
 */
int hx_scn__path_key(char *dst, size_t n, const char *parent, const char *key);

/* ---- raw image (scenario_cyaml.c) -------------------------------------------
 *
 * Every scalar is a string (NULL when absent) except enumerations, which
 * are pointers to int (NULL when absent).  Sequences come with the
 * <name>_count member libcyaml requires.
 */

/*
 * A section bound to a property table (models/props.h): v[i] is the value
 * of row i, a string, or a pointer to int for a PROP_ENUM row (libcyaml
 * checks the spelling against the row's names); NULL when absent.
 */
struct hx_scn__raw_props {
    void *v[PROP_TABLE_MAX];
};

struct hx_scn__raw_platform {
    struct hx_scn__raw_props p;           /* platform_props */
    struct hx_scn__raw_props *iommu;      /* ir_setup_props */
};

struct hx_scn__raw_rtl {
    char **sources;
    unsigned sources_count;
    char *top;
};

struct hx_scn__raw_device {
    char *name;
    int *model;
    char *bdf, *adis, *ims_entries, *msix_vectors, *layout, *int_handles;
    struct hx_scn__raw_rtl *rtl;
};

struct hx_scn__raw_vm {
    char *name, *vcpus;
    int *guest;
    int *activity;
    int *after_migrate;
    int *rewrite;
    char **pcpus;
    unsigned pcpus_count;
};

struct hx_scn__raw_assign {
    char *device, *adi, *vm;
    int *mode;
    char *vcpu, *vectors;
};

struct hx_scn__raw_workload {
    char *device, *adi, *rate_hz;
    int *arrivals;
    char *start_us, *stop_us, *queue_depth;
    int *wait;
};

struct hx_scn__raw_event {
    char *at_us;
    int *kind;
    char *vm, *vcpu, *device, *adi, *entry, *field, *delay_us, *from_device,
        *irte_index;
    char **vcpus;
    unsigned vcpus_count;
    int *delivery;
};

struct hx_scn__raw_costs {
    char *v[COST__COUNT];
};

struct hx_scn__raw_expect {
    char *rule;
    int *metric, *op;
    char *value, *device, *vm;
};

struct hx_scn__raw {
    char *imslab, *name, *description, *seed, *duration_us;
    int *baseline;
    struct hx_scn__raw_platform *platform;
    struct hx_scn__raw_props *vmm;        /* vmm_props */
    struct hx_scn__raw_device *devices;
    unsigned devices_count;
    struct hx_scn__raw_vm *vms;
    unsigned vms_count;
    struct hx_scn__raw_assign *assign;
    unsigned assign_count;
    struct hx_scn__raw_workload *workload;
    unsigned workload_count;
    struct hx_scn__raw_event *events;
    unsigned events_count;
    struct hx_scn__raw_costs *costs;
    struct hx_scn__raw_expect *expect;
    unsigned expect_count;
};

/*
 * The libcyaml schema of format v1.  The sections bound to property tables
 * and the enumerations of the models are built from the models' tables
 * when a file is loaded (hx_scn__schema_new()), so the schema lives as long
 * as the raw image it loaded.
 */
struct hx_scn__schema;

/* hx_scn__schema_new - build the schema.  Return: 0, or -ENOMEM. */
int hx_scn__schema_new(struct hx_scn__schema **out);

void hx_scn__schema_free(struct hx_scn__schema *sch);

/*
 * hx_scn__cyaml_load - load @yaml into a raw image with libcyaml against
 * @sch.
 * @ix: the index of the same text, for positions of rewritten errors
 * Return: 0 and *@out; -EINVAL with a message in @e; -ENOMEM.
 */
int hx_scn__cyaml_load(const struct hx_scn__schema *sch, const char *yaml,
                       size_t len, const struct hx_scn__index *ix,
                       struct hx_scn__err *e, struct hx_scn__raw **out);

/* hx_scn__cyaml_free - free a raw image loaded against @sch. */
void hx_scn__cyaml_free(const struct hx_scn__schema *sch,
                        struct hx_scn__raw *raw);

/*
 * A document kind for the generic libcyaml pass.
 * @what: its name in messages ("scenario", "layout descriptor")
 * @schema: the top-level schema (a cyaml_schema_value_t with a pointer
 *          mapping at the top)
 * @unknown_key_note: optional: the whole message for an unknown key @key
 *          under @path, written into @buf, or false for the default one
 */
struct hx_scn__doc {
    const char *what;
    const void *schema;
    bool (*unknown_key_note)(const char *path, const char *key, char *buf,
                             size_t len);
};

/*
 * hx_scn__cyaml_load_doc - load @yaml against @doc->schema with libcyaml,
 * rewriting its log into one positioned message (as hx_scn__cyaml_load()).
 * Return: 0 and *@out; -EINVAL with a message in @e; -ENOMEM.
 */
int hx_scn__cyaml_load_doc(const struct hx_scn__doc *doc, const char *yaml,
                           size_t len, const struct hx_scn__index *ix,
                           struct hx_scn__err *e, void **out);

/* hx_scn__cyaml_free_doc - free what hx_scn__cyaml_load_doc() made. */
void hx_scn__cyaml_free_doc(const struct hx_scn__doc *doc, void *data);

/* ---- conversion of the raw image (scenario*.c) -------------------------------
 *
 * scenario.c runs the sections in file order; each section is a function
 * of one of scenario.c, scenario_props.c, scenario_devices.c and
 * scenario_events.c, and all of them report through the helpers below
 * (which return -EINVAL after writing the message).
 */

struct hx_scn__conv {
    const struct hx_scn__index *ix;
    struct hx_scn__err *e;
    const struct hx_scn__raw *raw;
    struct hx_scenario *s;
};

/* "PATH: MESSAGE" at the value at @path (or its nearest ancestor). */
int hx_scn__at(struct hx_scn__conv *c, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* "PATH: MESSAGE" at the key of @path (a key that should not be there). */
int hx_scn__at_key(struct hx_scn__conv *c, const char *path, const char *fmt,
                   ...) __attribute__((format(printf, 3, 4)));
/* "MAP: missing required key 'KEY' WHY" at the key of the mapping @map. */
int hx_scn__missing(struct hx_scn__conv *c, const char *map, const char *key,
                    const char *why, ...) __attribute__((format(printf, 4, 5)));
/* Where the value at @path is (line 0: not in the file), for checks made
 * after loading (hx_run_check_layouts(), the runner's event check). */
struct hx_scn_pos hx_scn__pos(struct hx_scn__conv *c, const char *path);
/* printf into @buf (HX_SCN__PATH_MAX bytes); returns @buf. */
const char *hx_scn__pathf(char *buf, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The scalar at @path was written in quotes. */
bool hx_scn__quoted(struct hx_scn__conv *c, const char *path);
/* Unsigned scalars in @min..@max; the opt_ forms take @def when @t is NULL. */
int hx_scn__u64(struct hx_scn__conv *c, const char *path, const char *t,
                uint64_t min, uint64_t max, uint64_t *out);
int hx_scn__opt_u64(struct hx_scn__conv *c, const char *path, const char *t,
                    uint64_t min, uint64_t max, uint64_t def, uint64_t *out);
int hx_scn__opt_u32(struct hx_scn__conv *c, const char *path, const char *t,
                    uint32_t min, uint32_t max, uint32_t def, uint32_t *out);
int hx_scn__opt_bool(struct hx_scn__conv *c, const char *path, const char *t,
                     bool def, bool *out);
/* Names: [A-Za-z0-9._-]+; rule IDs (@rule): [A-Z0-9-]+; <= 63 chars. */
int hx_scn__name(struct hx_scn__conv *c, const char *path, const char *t,
                 bool rule, char out[HX_SCN_NAME_LEN]);

/* References by name (scenario_devices.c): an index, or a message. */
int hx_scn__vm_index(const struct hx_scenario *s, const char *name);
int hx_scn__ref_device(struct hx_scn__conv *c, const char *path,
                       const char *t, uint32_t *out);
int hx_scn__ref_vm(struct hx_scn__conv *c, const char *path, const char *t,
                   uint32_t *out);
int hx_scn__ref_adi(struct hx_scn__conv *c, const char *path, const char *t,
                    uint32_t dev, uint32_t *out);
int hx_scn__ref_vcpu(struct hx_scn__conv *c, const char *path, const char *t,
                     uint32_t vm, uint32_t def, uint32_t *out);

/*
 * hx_scn__bind - the section @r (NULL: absent) of the raw image into the
 * model's config @cfg through its property table @t (scenario_props.c):
 * every row's default, then the given enum rows, @t->gate, the other
 * given rows parsed by type and range, @t->finish.  Messages name
 * "SECTION.KEY".
 */
int hx_scn__bind(struct hx_scn__conv *c, const struct prop_table *t,
                 const struct hx_scn__raw_props *r, void *cfg);

/* The sections, in file order. */
int hx_scn__conv_platform(struct hx_scn__conv *c);   /* scenario_props.c */
int hx_scn__conv_vmm(struct hx_scn__conv *c);
int hx_scn__conv_devices(struct hx_scn__conv *c);    /* scenario_devices.c */
int hx_scn__conv_vms(struct hx_scn__conv *c);
int hx_scn__conv_assign(struct hx_scn__conv *c);
int hx_scn__conv_workload(struct hx_scn__conv *c);   /* scenario_events.c */
int hx_scn__conv_events(struct hx_scn__conv *c);
int hx_scn__conv_costs(struct hx_scn__conv *c);
int hx_scn__conv_expect(struct hx_scn__conv *c);

/*
 * hx_scn__outcome_parse - the outcome spelled @s.
 * Return: 0 and *@out, or -ENOENT.
 */
int hx_scn__outcome_parse(const char *s, enum hx_scn_outcome *out);

/* hx_scn__outcome_list - "delivered, misrouted, ..." for messages. */
const char *hx_scn__outcome_list(void);

#endif /* IMSLAB_HARNESS_SCENARIO_INTERNAL_H */
