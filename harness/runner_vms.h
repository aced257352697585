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

/*
 * struct hx_rt_meter - measures the retargets of a run: hx_rt_change() at
 * each affinity-change event, hx_rt_moved() at each move the models report,
 * hx_rt_finish() at the end.  Zero-initialised.
 */
struct hx_rt_meter {
    bool open, moved;
    uint64_t t_change, t_last;          /* ps */
    uint64_t exits_change, exits_last;
    uint64_t sum_ps, max_ps;
    struct hx_retarget r;
};

void hx_rt_change(struct hx_rt_meter *m, uint64_t t_ps, uint64_t exits);
void hx_rt_moved(struct hx_rt_meter *m, uint64_t t_ps, uint64_t exits);
void hx_rt_finish(struct hx_rt_meter *m, struct hx_retarget *out);

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
