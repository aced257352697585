/* SPDX-License-Identifier: MIT */
/*
 * guest_props.c - the spellings of the guest kernel policies
 * (enum guest_policy, irqdomain.h), for the scenario's vms[].guest and the
 * writers (docs/scenario-format.md, "vms[]").
 */
#include "models/guest/irqdomain.h"

static const char *const policy_names[] = {
    [GUEST_POLICY_TRUSTS_CAP] = "trusts-cap",
    [GUEST_POLICY_LINUX_6_2] = "linux-6.2",
    [GUEST_POLICY_HYPERCALL_AWARE] = "hypercall-aware",
    [GUEST_POLICY_LEGACY] = "legacy",
};

#define NPOLICY ((unsigned)(sizeof(policy_names) / sizeof(policy_names[0])))
_Static_assert(NPOLICY == GUEST_POLICY_LEGACY + 1, "a name per policy");

const struct prop_enum guest_policy_enum = { policy_names, NPOLICY };

static const char *const activity_names[] = {
    [GUEST_ACTIVITY_BUSY] = "busy",
    [GUEST_ACTIVITY_IDLE] = "idle",
};

const struct prop_enum guest_activity_enum = { activity_names, 2 };

static const char *const after_migrate_names[] = {
    [GUEST_MIGRATE_REOBTAIN] = "reobtain",
    [GUEST_MIGRATE_STALE] = "stale",
};

const struct prop_enum guest_after_migrate_enum = { after_migrate_names, 2 };

static const char *const rewrite_names[] = {
    [GUEST_REWRITE_LIVE] = "live",
    [GUEST_REWRITE_MASKED] = "masked",
};

const struct prop_enum guest_rewrite_enum = { rewrite_names, 2 };
static const char *const wait_names[] = {
    [GUEST_WAIT_HLT] = "hlt",
    [GUEST_WAIT_POLL] = "poll",
};

const struct prop_enum guest_wait_enum = { wait_names, 2 };
