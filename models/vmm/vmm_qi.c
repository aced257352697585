/* SPDX-License-Identifier: MIT */
/*
 * vmm_qi.c - the host's queued-invalidation driver (Linux dmar_enable_qi,
 * qi_submit_sync, qi_flush_iec, qi_global_iec; domain.md 4.5, 12.3): every
 * IEC invalidation the host issues is a pair of 128-bit descriptors in
 * its ring (VMM_QI_AREA, 256 descriptors), written at the tail, then IQT:
 *
 *   [t]    interrupt entry cache invalidate (type 4): index-selective for
 *          one IRTE (G = 1, IM = 0, IIDX = the index) or global (G = 0)
 *   [t+1]  invalidation wait (type 5) with SW (status data QI_DONE to the
 *          slot's status word, set to QI_IN_USE beforehand) and IF
 *
 * The unit fetches and processes them (ir_qi.c: COST_IRT_READ a fetch,
 * COST_IEC_INVAL and the drain for the invalidation).  The host spins on
 * the status word, as qi_submit_sync does; the wait's IF (IECTL unmasked,
 * the handler clears ICS.IWC) is how the model learns when the status
 * word may have changed, and the host then completes, in queue order,
 * every waiter whose status word reads QI_DONE.
 *
 * At start-up (vmm_qi_init) the host enables the queue; without
 * CAP_REG.ESIRTPS it follows the table pointer set (done before the VMM
 * took the unit over) with a global IEC invalidation, as Linux's
 * iommu_set_irq_remapping does; with ESIRTPS the SIRTP invalidated the
 * IEC itself and nothing is queued (VT-d 6.7) [IR-QI-03].
 *
 * The host's own CPU time for writing the descriptors and IQT is not
 * modelled (it was not for the direct call either).
 */
#include "models/vmm/vmm_internal.h"

#include <errno.h>

#define QI_IN_USE 1u
#define QI_DONE   2u
#define QI_QS     0u                       /* 1 page: 256 descriptors */
#define QI_N      (256u << QI_QS)
/* IEADDR/IEDATA: the host's invalidation-completion vector on CPU 0 */
#define QI_EVENT_ADDR   UINT64_C(0xfee00000)
#define QI_EVENT_VECTOR 0xebu

struct qi_waiter {
    struct vmm *vmm;
    uint64_t status;                       /* its status word */
    seq_done_fn fn;
    void *arg;
    struct qi_waiter *next;
};

static uint64_t qi_base(const struct vmm *vmm)
{
    return vmm->p.mem_base + VMM_QI_AREA;
}

/* The wait descriptors' IF: check the status words, oldest first. */
static void qi_event(void *ctx, uint64_t addr, uint32_t data)
{
    struct vmm *vmm = ctx;

    (void)addr;
    (void)data;
    ir_ics_clear(vmm->p.ir);
    while (vmm->qi_wait_head) {
        struct qi_waiter *w = vmm->qi_wait_head;
        uint32_t st = 0;

        if (mem_read32(vmm->p.mem, w->status, &st) || st != QI_DONE)
            break;
        vmm->qi_wait_head = w->next;
        if (!vmm->qi_wait_head)
            vmm->qi_wait_tail = NULL;
        vmm->qi_pending -= 2;
        {
            seq_done_fn fn = w->fn;
            void *arg = w->arg;

            seq_pool_free(&vmm->pool, w);
            if (fn)
                fn(arg, 0);
        }
    }
}

int vmm_qi_submit_iec(struct vmm *vmm, bool global, uint16_t iidx,
                      seq_done_fn fn, void *arg)
{
    struct ir_iec_inv d = { .global = global, .iidx = iidx };
    uint64_t base = qi_base(vmm);
    uint32_t t = vmm->qi_tail, w = (t + 1) % QI_N;
    uint64_t da = base + (uint64_t)t * IR_QI_DESC_SIZE;
    uint64_t wa = base + (uint64_t)w * IR_QI_DESC_SIZE;
    uint64_t status = vmm->p.mem_base + VMM_QI_STATUS_AREA + 4u * w;
    struct qi_waiter *q;

    if (!vmm->qi_on)
        return -ENODEV;
    /* one slot stays free: IQH == IQT means empty (VT-d 6.5.2) */
    if (vmm->qi_pending + 2 > QI_N - 1)
        return -EBUSY;
    q = seq_pool_alloc(&vmm->pool, sizeof(*q));
    if (!q)
        return -ENOMEM;
    *q = (struct qi_waiter){ vmm, status, fn, arg, NULL };
    if (mem_write32(vmm->p.mem, status, QI_IN_USE) ||
        mem_write64(vmm->p.mem, da, ir_iec_desc_encode(&d)) ||
        mem_write64(vmm->p.mem, da + 8, 0) ||
        mem_write64(vmm->p.mem, wa, ir_qi_wait_encode(true, true, false, QI_DONE)) ||
        mem_write64(vmm->p.mem, wa + 8, status)) {
        seq_pool_free(&vmm->pool, q);
        return -EIO;
    }
    if (vmm->qi_wait_tail)
        vmm->qi_wait_tail->next = q;
    else
        vmm->qi_wait_head = q;
    vmm->qi_wait_tail = q;
    vmm->qi_pending += 2;
    vmm->qi_tail = (w + 1) % QI_N;
    return ir_qi_write_tail(vmm->p.ir, (uint64_t)vmm->qi_tail << IR_IQ_Q_SHIFT);
}

int vmm_qi_init(struct vmm *vmm)
{
    int rc;

    rc = ir_qi_enable(vmm->p.ir, (qi_base(vmm) & IR_IQA_ADDR_MASK) | QI_QS);
    if (rc)
        return rc;
    vmm->qi_on = true;
    ir_inv_event_set(vmm->p.ir, qi_event, vmm, QI_EVENT_ADDR, QI_EVENT_VECTOR);
    ir_iectl_write(vmm->p.ir, 0);       /* unmask: IM = 0 */
    if (ir_cap_esirtps(vmm->p.ir) || !vmm_ir_on(vmm))
        return 0;
    vmm->st.iec_flushes++;
    return vmm_qi_submit_iec(vmm, true, 0, NULL, NULL);
}
