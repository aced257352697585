/* SPDX-License-Identifier: MIT */
/*
 * vmm_hypercall.c - the get-pair hypercall ABI (hypercall.h): allocate,
 * retarget and free a real pair for a VM's (vCPU, vector), as a host IRTE
 * (vmm_hostirq.c); on hyperv the MSI-X create/delete travel as VMBus
 * messages.
 */
#include "models/vmm/vmm_internal.h"

#include <errno.h>
#include <string.h>

#include "models/trace-events.h"

struct hcall {
    struct vdev *vd;
    unsigned vcpu;
    struct hc_req req;
    struct hc_resp *resp;
    seq_done_fn done;
    void *ctx;
    struct hirq *h;
};

static void hc_end(void *arg, int status)
{
    struct hcall *c = arg;
    struct vmm *vmm = c->vd->vmm;
    seq_done_fn done = c->done;
    void *ctx = c->ctx;

    if (status && !c->resp->status)
        c->resp->status = status;
    if (c->resp->status)
        vmm->st.hypercall_errors++;
    else if (c->h && c->req.op != HC_PAIR_FREE) {
        uint64_t a = (uint64_t)c->h->pair.addr_hi << 32 | c->h->pair.addr_lo;

        c->resp->addr = a;
        c->resp->data = c->h->pair.data;
        c->resp->cookie = vmm_hirq_cookie(c->h);
    }
    SIM_TRACE(vmm->p.sim, TP_VMM_HC, c->vd->vm->index, c->req.op, c->req.kind,
              (uint64_t)(-c->resp->status), c->resp->cookie);
    seq_pool_free(&vmm->pool, c);
    if (done)
        done(ctx, 0);
}

static bool hc_offered(const struct vmm *vmm, uint32_t kind)
{
    if (vmm->cfg.personality == VMM_BARE)
        return false;
    if (kind == HC_KIND_IMS)
        return vmm->cfg.ims == VMM_IMS_HYPERCALL;
    return vmm->cfg.msix == VMM_MSIX_HYPERCALL;
}

/*
 * HC-ABI-01: does @c->req name the caller's device, and (RETARGET, FREE) a
 * cookie of the caller's?  A device or cookie of another VM is refused
 * like an unknown one, and counted.
 */
static int hc_owner_check(struct hcall *c)
{
    struct vdev *vd = c->vd;
    struct vmm *vmm = vd->vmm;
    const struct hc_req *q = &c->req;
    struct hirq *h;

    if (q->dev != siov_rid(vd->dev)) {
        for (unsigned i = 0; i < vmm->nvd; i++)
            if (vmm->vd[i]->vm != vd->vm && siov_rid(vmm->vd[i]->dev) == q->dev) {
                vmm->st.hc_foreign++;
                break;
            }
        return -ENODEV;
    }
    if (q->op != HC_PAIR_RETARGET && q->op != HC_PAIR_FREE)
        return 0;
    h = vmm_hirq_of_cookie(vmm, q->cookie);
    if (!h || h->vd != vd) {
        if (h && h->vm != vd->vm)
            vmm->st.hc_foreign++;
        return -ENOENT;
    }
    c->h = h;
    return 0;
}

static void hc_exec(void *arg)
{
    struct hcall *c = arg;
    struct vdev *vd = c->vd;
    struct vmm *vmm = vd->vmm;
    const struct hc_req *q = &c->req;
    int rc;

    if (!hc_offered(vmm, q->kind)) {
        c->resp->status = -EOPNOTSUPP;
        hc_end(c, 0);
        return;
    }
    if ((rc = hc_owner_check(c))) {
        c->resp->status = rc;
        hc_end(c, 0);
        return;
    }
    switch (q->op) {
    case HC_PAIR_ALLOC:
        if (q->vcpu >= vd->vm->nvcpu || q->vector < APIC_VEC_MIN_LEGAL ||
            q->vector > 0xff) {
            c->resp->status = -EINVAL;
            break;
        }
        rc = vmm_hirq_new(vmm, vd, vd->vm, q->vcpu, (uint8_t)q->vector, &c->h);
        if (!rc)
            rc = vmm_hirq_program(c->h, hc_end, c);
        if (!rc)
            return;
        c->resp->status = rc;
        break;
    case HC_PAIR_RETARGET:
        if (q->vcpu >= vd->vm->nvcpu || q->vector < APIC_VEC_MIN_LEGAL ||
            q->vector > 0xff) {
            c->resp->status = -EINVAL;
            break;
        }
        c->h->tcpu = q->vcpu;
        c->h->tvec = (uint8_t)q->vector;
        rc = vmm_hirq_program(c->h, hc_end, c);
        if (!rc)
            return;
        c->resp->status = rc;
        break;
    case HC_PAIR_FREE:
        {
            struct hirq *h = c->h;

            c->h = NULL;
            vmm_hirq_free(h, hc_end, c);
        }
        return;
    default:
        c->resp->status = -EINVAL;
        break;
    }
    hc_end(c, 0);
}

int vmm_hypercall(struct vdev *vd, unsigned vcpu, const struct hc_req *req,
                  struct hc_resp *resp, seq_done_fn done, void *ctx)
{
    struct vmm *vmm;
    struct hcall *c;
    enum cost_id how = COST_HYPERCALL;
    int rc;

    if (!vd || !req || !resp || vd->vm->host)
        return -EINVAL;
    vmm = vd->vmm;
    c = seq_pool_alloc(&vmm->pool, sizeof(*c));
    if (!c)
        return -ENOMEM;
    *c = (struct hcall){ .vd = vd, .vcpu = vcpu, .req = *req, .resp = resp,
                         .done = done, .ctx = ctx };
    memset(resp, 0, sizeof(*resp));
    /* Hyper-V composes MSI-X pairs over VMBus (PCI_CREATE_INTERRUPT_MESSAGE,
     * PCI_DELETE_INTERRUPT_MESSAGE); retargeting is a hypercall
     * (HVCALL_RETARGET_INTERRUPT) -- domain.md 3.1, 3.2 */
    if (vmm->cfg.personality == VMM_HYPERV && req->kind == HC_KIND_MSIX &&
        req->op != HC_PAIR_RETARGET)
        how = COST_HV_VMBUS_MSG;
    vmm->st.hypercalls++;
    vmm->st.hc_by_op[req->op <= HC_PAIR_FREE ? req->op : 0]++;
    vmm->st.exits[VMM_EXIT_HYPERCALL]++;
    SIM_TRACE(vmm->p.sim, TP_VMM_EXIT, vd->vm->index, vcpu, VMM_EXIT_HYPERCALL);
    rc = seq_pool_defer(&vmm->pool, vmm_cost(vmm, how), hc_exec, c);
    if (rc)
        seq_pool_free(&vmm->pool, c);
    return rc;
}
