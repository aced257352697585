/* SPDX-License-Identifier: MIT */
/*
 * vmm_bare.c - bare-host services: with personality bare the guest stub
 * is the host kernel, and its vector and IR domains are the VMM's host
 * services: a host vector and an IRTE remapped to it, and moving them.
 */
#include "models/vmm/vmm_internal.h"

#include <errno.h>

int vmm_host_pair(struct vdev *vd, unsigned cpu, uint8_t *vector,
                  uint64_t *addr, uint32_t *data, uint64_t *cookie)
{
    struct vmm *vmm;
    struct hirq *h;
    uint8_t v;
    int rc;

    if (!vd || !vd->vm->host || cpu >= vd->vmm->p.npcpu)
        return -EINVAL;
    vmm = vd->vmm;
    rc = vmm_hirq_new(vmm, vd, vd->vm, cpu, 0, &h);
    if (rc)
        return rc;
    rc = vmm_hvec_alloc(vmm, cpu, h, &v);
    if (!rc) {
        h->tvec = v;
        h->hcpu = cpu;
        h->hvec = v;
        h->has_hvec = true;
        rc = vmm_hirq_program(h, NULL, NULL);
    }
    if (rc) {
        vmm_hirq_free(h, NULL, NULL);
        return rc;
    }
    *vector = v;
    *addr = (uint64_t)h->pair.addr_hi << 32 | h->pair.addr_lo;
    *data = h->pair.data;
    *cookie = vmm_hirq_cookie(h);
    return 0;
}

struct hretarget {
    struct vmm *vmm;
    seq_done_fn done;
    void *ctx;
};

static void hretarget_end(void *arg, int status)
{
    struct hretarget *r = arg;
    seq_done_fn done = r->done;
    void *ctx = r->ctx;

    seq_pool_free(&r->vmm->pool, r);
    if (done)
        done(ctx, status);
}

int vmm_host_retarget(struct vdev *vd, uint64_t cookie, unsigned cpu,
                      uint8_t *vector, uint64_t *addr, uint32_t *data,
                      seq_done_fn done, void *ctx)
{
    struct vmm *vmm;
    struct hirq *h;
    struct hretarget *r;
    uint8_t v;
    int rc;

    if (!vd || !vd->vm->host || cpu >= vd->vmm->p.npcpu)
        return -EINVAL;
    vmm = vd->vmm;
    h = vmm_hirq_of_cookie(vmm, cookie);
    if (!h || h->vd != vd)
        return -ENOENT;
    r = seq_pool_alloc(&vmm->pool, sizeof(*r));
    if (!r)
        return -ENOMEM;
    *r = (struct hretarget){ vmm, done, ctx };
    rc = vmm_hvec_alloc(vmm, cpu, h, &v);
    if (rc) {
        seq_pool_free(&vmm->pool, r);
        return rc;
    }
    if (h->has_hvec)
        vmm_hvec_retire(vmm, h);
    h->tcpu = cpu;
    h->tvec = v;
    rc = vmm_hirq_program(h, hretarget_end, r);
    if (rc) {
        seq_pool_free(&vmm->pool, r);
        return rc;
    }
    *vector = v;
    if (addr)
        *addr = (uint64_t)h->pair.addr_hi << 32 | h->pair.addr_lo;
    if (data)
        *data = h->pair.data;
    return 0;
}
