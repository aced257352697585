/* SPDX-License-Identifier: MIT */
/*
 * runner_vms.h - what the runner reports per VM and per vCPU: the summed
 * scheduler and halt counters (struct hx_vcpu_dyn) and, for a run with
 * several VMs, one record per VM (struct hx_vm_result).
 */
#ifndef IMSLAB_HARNESS_RUNNER_VMS_H
#define IMSLAB_HARNESS_RUNNER_VMS_H

#include "harness/runner.h"
#include "harness/scenario.h"
#include "models/vmm/vmm.h"
#include "results/results.h"

/**
 * hx_collect_vcpus - sum what the vCPUs of @nvm VMs did into @d.
 * @vm: the VMs (the bare host's has no vCPUs and adds nothing)
 * @nvm: how many
 * @d: zeroed by the caller
 */
void hx_collect_vcpus(struct vm *const *vm, unsigned nvm, struct hx_vcpu_dyn *d);

/**
 * hx_collect_vms - one record per VM of @scn into @r->vms, when @scn has
 * more than one VM (at most %HX_MAX_VM_RECORDS; further VMs are left out).
 * @scn: the scenario
 * @vm: its VMs, in scenario order
 * @scope: the run's scope function (VM i: scope(ctx, HX_SCN_NONE, i, ...))
 * @ctx: for @scope
 * @r: the run's result; n_vms stays 0 for one VM
 * Return: 0, or @scope's error.
 */
int hx_collect_vms(const struct hx_scenario *scn, struct vm *const *vm,
                   hx_scope_fn scope, void *ctx, struct hx_result *r);

#endif /* IMSLAB_HARNESS_RUNNER_VMS_H */
