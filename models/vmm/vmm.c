/* SPDX-License-Identifier: MIT */
/*
 * vmm.c - the VMM's life cycle: creating it on a platform (it takes over
 * the IOMMU's table and backs its own memory), its counters, and the VMs
 * (their memory, vCPUs and PIDs).  What each concern does is in its own
 * file (vmm_internal.h lists them); vmm.h is the API.
 */
#include "models/vmm/vmm_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "models/iommu/pid.h"

int vmm_create(struct vmm **out, const struct vmm_platform *p,
               const struct vmm_config *cfg)
{
    struct vmm *vmm;
    uint64_t irta;
    int rc;

    if (!out || !p || !cfg || !p->sim || !p->cost || !p->mem || !p->ir ||
        !p->fabric || !p->pcpu || !p->npcpu)
        return -EINVAL;
    if (cfg->personality == VMM_BARE &&
        (cfg->msix != VMM_MSIX_NATIVE || cfg->ims != VMM_IMS_NONE || cfg->viommu))
        return -EINVAL;
    irta = ir_irta(p->ir);
    if (!irta)
        return -EINVAL;
    vmm = calloc(1, sizeof(*vmm));
    if (!vmm)
        return -ENOMEM;
    vmm->p = *p;
    vmm->cfg = *cfg;
    seq_pool_init(&vmm->pool, p->sim);
    vmm->eime = irta & IR_IRTA_EIME;
    vmm->hvec = calloc((size_t)p->npcpu * 256, sizeof(*vmm->hvec));
    if (!vmm->hvec) {
        rc = -ENOMEM;
        goto fail;
    }
    rc = ir_table_init(&vmm->irt, p->mem, irta & IR_IRTA_ADDR_MASK,
                       (unsigned)(irta & IR_IRTA_S_MASK), vmm->eime);
    if (rc)
        goto fail;
    vmm->irt_ready = true;
    vmm->irte_limit = vmm->irt.nr;
    if (p->irt_entries && p->irt_entries < vmm->irte_limit)
        vmm->irte_limit = p->irt_entries;
    if (cfg->irte_limit && cfg->irte_limit < vmm->irte_limit)
        vmm->irte_limit = cfg->irte_limit;
    rc = mem_add_region(p->mem, p->mem_base, VMM_PRIV_SIZE);
    if (rc)
        goto fail;
    vmm->vm_next = VMM_PRIV_SIZE;
    vmm_fault_handler_init(vmm);
    rc = vmm_qi_init(vmm);
    if (rc)
        goto fail;
    *out = vmm;
    return 0;
fail:
    vmm_destroy(vmm);
    return rc;
}

void vmm_destroy(struct vmm *vmm)
{
    if (!vmm)
        return;
    seq_pool_fini(&vmm->pool);
    for (uint32_t i = 0; i < vmm->nhirq; i++)
        free(vmm->hirq[i]);
    free(vmm->hirq);
    free(vmm->hvec);
    free(vmm->pairs);
    for (unsigned i = 0; i < vmm->nvd; i++)
        vmm_vdev_free(vmm->vd[i]);
    free(vmm->vd);
    for (unsigned i = 0; i < vmm->nvm; i++) {
        free(vmm->vm[i]->pcpu_of);
        free(vmm->vm[i]->vcpu);
        free(vmm->vm[i]);
    }
    free(vmm->vm);
    for (unsigned i = 0; i < vmm->ndev; i++) {
        vmm_int_handles_free(vmm->dev[i]);
        free(vmm->dev[i]);
    }
    free(vmm->dev);
    if (vmm->irt_ready)
        ir_table_fini(&vmm->irt);
    free(vmm);
}

const struct vmm_stats *vmm_stats(struct vmm *vmm)
{
    vmm->snap = vmm->st;
    for (unsigned i = 0; i < vmm->nvm; i++) {
        struct vm *vm = vmm->vm[i];

        for (unsigned c = 0; !vm->host && c < vm->nvcpu; c++) {
            const struct vcpu_stats *vs = vcpu_stats(vm->vcpu[c]);

            vmm->snap.exits[VMM_EXIT_EXTINT] += vs->exits[VCPU_EXIT_EXTINT];
            vmm->snap.exits[VMM_EXIT_KICK] += vs->exits[VCPU_EXIT_KICK];
            vmm->snap.exits[VMM_EXIT_HLT] += vs->exits[VCPU_EXIT_HLT];
            vmm->snap.exits[VMM_EXIT_OTHER] += vs->exits[VCPU_EXIT_PREEMPT] +
                                               vs->exits[VCPU_EXIT_EOI];
            vmm->snap.kicks += vs->kicks;
            vmm->snap.pi_ipis += vs->pi_ipis;
        }
    }
    return &vmm->snap;
}

const char *vmm_exit_name(enum vmm_exit e)
{
    switch (e) {
    case VMM_EXIT_MMIO: return "mmio";
    case VMM_EXIT_HYPERCALL: return "hypercall";
    case VMM_EXIT_EXTINT: return "extint";
    case VMM_EXIT_HLT: return "hlt";
    case VMM_EXIT_KICK: return "kick";
    case VMM_EXIT_OTHER: return "other";
    default: return "?";
    }
}

void vmm_set_skip_iec_flush(struct vmm *vmm, bool skip)
{
    vmm->cfg.skip_iec_flush = skip;
}

void vmm_set_iec_flush_delay(struct vmm *vmm, sim_time_t delay)
{
    vmm->iec_delay = delay;
}
/* ---- VMs -------------------------------------------------------------------------- */

int vmm_vm_create(struct vmm *vmm, const struct vmm_vm_config *cfg, struct vm **out)
{
    struct vm *vm, **nv;
    struct apic_vm_config ac;
    int rc;

    if (!vmm || !cfg || !out || !cfg->nvcpu || !cfg->pcpu_of)
        return -EINVAL;
    for (unsigned i = 0; i < cfg->nvcpu; i++)
        if (cfg->pcpu_of[i] >= vmm->p.npcpu)
            return -EINVAL;
    nv = realloc(vmm->vm, (vmm->nvm + 1) * sizeof(*nv));
    if (!nv)
        return -ENOMEM;
    vmm->vm = nv;
    vm = calloc(1, sizeof(*vm));
    if (!vm)
        return -ENOMEM;
    vm->pcpu_of = calloc(cfg->nvcpu, sizeof(*vm->pcpu_of));
    vm->vcpu = calloc(cfg->nvcpu, sizeof(*vm->vcpu));
    if (!vm->pcpu_of || !vm->vcpu) {
        free(vm->pcpu_of);
        free(vm->vcpu);
        free(vm);
        return -ENOMEM;
    }
    vm->vmm = vmm;
    vm->index = vmm->nvm;
    vm->host = vmm->cfg.personality == VMM_BARE;
    vm->nvcpu = cfg->nvcpu;
    memcpy(vm->pcpu_of, cfg->pcpu_of, cfg->nvcpu * sizeof(*vm->pcpu_of));
    vm->deliver = cfg->deliver;
    vm->ctx = cfg->ctx;
    vm->mem_size = cfg->mem_size;
    vmm->vm[vmm->nvm++] = vm;
    if (cfg->mem_size) {
        uint64_t sz = (cfg->mem_size + 0xfffffu) & ~UINT64_C(0xfffff);

        if (vmm->p.mem_size && vmm->vm_next + sz > vmm->p.mem_size)
            return -ENOMEM;
        vm->hpa = vmm->p.mem_base + vmm->vm_next;
        rc = mem_add_region(vmm->p.mem, vm->hpa, cfg->mem_size);
        if (rc)
            return rc;
        vmm->vm_next += sz;
    }
    *out = vm;
    if (vm->host)
        return 0;   /* the host's CPUs are the pCPUs: no apic vCPUs */
    ac = (struct apic_vm_config){ .deliver = cfg->deliver, .ctx = cfg->ctx,
                                  .auto_eoi = true, .idle = cfg->idle,
                                  .on_idle = cfg->on_idle,
                                  .no_apicv = !vmm->cfg.apicv };
    if (vmm->cfg.personality == VMM_KVM)
        ac.halt_poll_ps = SIM_NS(vmm->cfg.halt_poll_ns);
    rc = apic_vm_create(vmm->p.fabric, &ac, &vm->avm);
    if (rc)
        return rc;
    for (unsigned i = 0; i < vm->nvcpu; i++) {
        struct pcpu *p = vmm->p.pcpu[vm->pcpu_of[i]];

        if (vmm->pid_next >= VMM_PID_MAX)
            return -ENOSPC;
        rc = vcpu_create(vm->avm, i, vmm->p.mem_base + VMM_PID_AREA +
                                         (uint64_t)PID_SIZE * vmm->pid_next++,
                         &vm->vcpu[i]);
        if (rc)
            return rc;
        /* the host scheduler runs it (models/apic/sched.c) */
        rc = vcpu_sched_add(vm->vcpu[i], p, cfg->pinned);
        if (rc)
            return rc;
    }
    return 0;
}

unsigned vmm_vm_index(const struct vm *vm)
{
    return vm->index;
}

unsigned vmm_vm_nvcpu(const struct vm *vm)
{
    return vm->nvcpu;
}

struct vcpu *vmm_vcpu(struct vm *vm, unsigned i)
{
    if (!vm || vm->host || i >= vm->nvcpu)
        return NULL;
    return vm->vcpu[i];
}

bool vmm_vm_is_host(const struct vm *vm)
{
    return vm->host;
}

uint64_t vmm_guest_mem(const struct vm *vm, uint64_t gpa)
{
    return vm->hpa + gpa;
}
