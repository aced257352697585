/* SPDX-License-Identifier: MIT */
/*
 * siov_props.c - the spellings of the device model kinds (enum siov_kind,
 * siov.h), for the scenario's devices[].model and the writers
 * (docs/scenario-format.md, "devices[]").
 */
#include <errno.h>

#include "models/siov/siov.h"

static const char *const kind_names[SIOV_KIND__COUNT] = {
    [SIOV_KIND_IDXD] = "idxd",
    [SIOV_KIND_MLX5] = "mlx5",
    [SIOV_KIND_MSIX] = "msix",
};

const struct prop_enum siov_kind_enum = { kind_names, SIOV_KIND__COUNT };

const char *siov_kind_name(enum siov_kind kind)
{
    return prop_enum_name(&siov_kind_enum, (unsigned)kind);
}

int siov_kind_parse(const char *name, enum siov_kind *out)
{
    unsigned v;

    if (prop_enum_parse(&siov_kind_enum, name, &v))
        return -EINVAL;
    *out = (enum siov_kind)v;
    return 0;
}
