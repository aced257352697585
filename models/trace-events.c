/* SPDX-License-Identifier: MIT */
/* trace-events.c - the descriptor table built from trace-events.h. */
#include "trace-events.h"

const struct sim_tp_desc imslab_tracepoints[] = {
#define IMSLAB_TP_DESC(id, group, name, fields, doc) \
    { #name, #group, fields, doc },
    IMSLAB_TRACE_EVENTS(IMSLAB_TP_DESC)
#undef IMSLAB_TP_DESC
    { "end", "sim", "", "end of list (never emitted)" },
};

const unsigned imslab_tracepoint_count = TP__COUNT;
