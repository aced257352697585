/* SPDX-License-Identifier: MIT */
/*
 * props.h - property tables: how a model declares its configurable knobs
 * once (name, type, enum value names, range, default, one-line doc), over
 * its own config struct.
 *
 * A model that has knobs defines, next to its config struct, a
 * struct prop_table whose rows name the fields of that struct by offset.
 * The scenario loader (harness/scenario*) binds a YAML section to a table:
 * the keys it accepts are the rows' names, each value is parsed by the
 * row's type and range, a key not given takes the row's default, and the
 * table's @gate and @finish hooks (which keys a combination allows,
 * cross-knob rules, defaults that depend on another knob) run around
 * the parsing.  The result is the model's own config struct,
 * which the harness passes to the model unchanged.  Writers print enum
 * values with prop_enum_name() over the same name tables, and
 * docs/scenario-format.md has one row per knob (a unit test checks both
 * directions).
 *
 * So adding a knob is: a field in the config struct, a row in the table,
 * a row in the doc.  Nothing in harness/ names it.
 */
#ifndef IMSLAB_MODELS_PROPS_H
#define IMSLAB_MODELS_PROPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** enum prop_type - how a knob is written and stored. */
enum prop_type {
    PROP_BOOL,      /* true / false; a bool field */
    PROP_U32,       /* unsigned in min..max; a uint32_t field */
    PROP_U64,       /* unsigned in min..max; a uint64_t field */
    PROP_ENUM,      /* one of @names; an enum (int) field, or bool for two */
    PROP__COUNT
};

/**
 * struct prop_enum - the spellings of an enumeration, by value (0..n-1).
 * @names: @n names; names[v] is the spelling of value v
 * @n: the number of values
 */
struct prop_enum {
    const char *const *names;
    unsigned n;
};

/* Row flags. */
#define PROP_F_REQUIRED 0x1u  /* the key must be given (no default) */
#define PROP_F_POW2     0x2u  /* a number that must be a power of two */

/**
 * struct prop_desc - one knob.
 * @name: its key ([a-z0-9_]+)
 * @type: how it is written and stored
 * @offset: offset of its field in the config struct
 * @size: sizeof that field (1 for bool, 4 for uint32_t and enums, 8)
 * @names: the values of a PROP_ENUM knob (its range: 0 .. names->n - 1);
 *         NULL otherwise
 * @min: smallest value of a number (not used by enums)
 * @max: largest value of a number (not used by enums)
 * @def: default value (a number, 0/1 for bool, the value of an enum)
 * @def_doc: how the default reads in the doc when @finish decides it
 *           (e.g. "same as `interrupt_remapping`"); NULL: from @def
 * @flags: PROP_F_*
 * @doc: one line: what the knob means
 */
struct prop_desc {
    const char *name;
    enum prop_type type;
    size_t offset;
    size_t size;
    const struct prop_enum *names;
    uint64_t min, max;
    uint64_t def;
    const char *def_doc;
    unsigned flags;
    const char *doc;
};

/**
 * struct prop_err - what a table's @gate or @finish hook refuses.
 * @desc: index of the row at fault
 * @at_key: the key should not be there (else: its value is wrong)
 * @msg: the message, without the key's path
 */
struct prop_err {
    unsigned desc;
    bool at_key;
    char msg[200];
};

/* The most rows one table may have (the "given" mask is 64 bits). */
#define PROP_TABLE_MAX 32

/**
 * struct prop_table - the knobs of one config struct.
 * @section: the scenario section it binds to ("vmm", "platform.iommu")
 * @descs: @n rows
 * @n: at most %PROP_TABLE_MAX
 * @size: sizeof the config struct
 * @gate: optional: which keys may be given, once the enum rows are
 *        stored and before any other row is parsed (so that a key that
 *        must not be there is named as such, not for its value); bit i of
 *        @given is set when row i was written.
 *        Return: 0, or -EINVAL with @err filled in.
 * @finish: optional: after every row is parsed or defaulted, the rules
 *          between knobs; may change fields (defaults that depend on
 *          another knob).  Return: 0, or -EINVAL with @err filled in.
 */
struct prop_table {
    const char *section;
    const struct prop_desc *descs;
    unsigned n;
    size_t size;
    int (*gate)(const void *cfg, uint64_t given, struct prop_err *err);
    int (*finish)(void *cfg, uint64_t given, struct prop_err *err);
};

/* Row initialisers, e.g.
 * PROP_ROW_BOOL(struct vmm_config, posted, "posted", 1, "..."). */
#define PROP_ROW_BOOL(st, field, key, dflt, text)                              \
    { .name = (key), .type = PROP_BOOL, .offset = offsetof(st, field),         \
      .size = sizeof(((st *)0)->field), .min = 0, .max = 1, .def = (dflt),     \
      .doc = (text) }
#define PROP_ROW_U32(st, field, key, lo, hi, dflt, text)                       \
    { .name = (key), .type = PROP_U32, .offset = offsetof(st, field),          \
      .size = sizeof(((st *)0)->field), .min = (lo), .max = (hi),              \
      .def = (dflt), .doc = (text) }
#define PROP_ROW_ENUM(st, field, key, en, dflt, text)                          \
    { .name = (key), .type = PROP_ENUM, .offset = offsetof(st, field),         \
      .size = sizeof(((st *)0)->field), .names = (en), .def = (dflt),          \
      .doc = (text) }

/** prop_enum_name - names[@v] of @e, or "?" when out of range. */
const char *prop_enum_name(const struct prop_enum *e, unsigned v);

/**
 * prop_enum_parse - the value spelled @s in @e.
 * Return: 0 and *@out, or -ENOENT.
 */
int prop_enum_parse(const struct prop_enum *e, const char *s, unsigned *out);

/** prop_type_name - "boolean", "integer", "enum" (the doc's words). */
const char *prop_type_name(enum prop_type t);

/** prop_find - the row named @name in @t, or NULL. */
const struct prop_desc *prop_find(const struct prop_table *t, const char *name);

/**
 * prop_store - write @v into @d's field of @cfg (by the field's size).
 * Return: 0, or -ERANGE when @v does not fit the row's range.
 */
int prop_store(const struct prop_desc *d, void *cfg, uint64_t v);

/** prop_load - the value of @d's field in @cfg. */
uint64_t prop_load(const struct prop_desc *d, const void *cfg);

/** prop_defaults - every row's default into @cfg (other bytes untouched). */
void prop_defaults(const struct prop_table *t, void *cfg);

/**
 * prop_format - the value @v of @d as a scenario file spells it ("true",
 * "64", "kvm") into @buf.
 */
void prop_format(const struct prop_desc *d, uint64_t v, char *buf, size_t len);

/**
 * prop_doc_default - the default of @d as docs/scenario-format.md writes
 * it: "required", the row's @def_doc, or the value in backticks ("`64`").
 */
void prop_doc_default(const struct prop_desc *d, char *buf, size_t len);

/**
 * prop_doc_values - the values of @d as the doc writes them: an enum's
 * names in backticks, in order ("`lru`, `fifo`"); a number's range
 * ("1 .. 64", "power of two, 2 .. 65536"); "" for a boolean.
 */
void prop_doc_values(const struct prop_desc *d, char *buf, size_t len);

/**
 * prop_table_valid - the table is well formed: names unique, sizes match
 * the types, defaults in range, enums with names, at most
 * %PROP_TABLE_MAX rows, every field inside @size.
 * Return: 0, or -EINVAL (and the index of the first bad row in *@bad).
 */
int prop_table_valid(const struct prop_table *t, unsigned *bad);

#endif /* IMSLAB_MODELS_PROPS_H */
