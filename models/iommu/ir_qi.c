/* SPDX-License-Identifier: MIT */
/*
 * ir_qi.c - queued invalidation (VT-d 6.5.2, registers 11.4.9; domain.md
 * 4.5, 12.3): a ring of 128-bit descriptors in host memory between IQH
 * (the unit's) and IQT (software's).  The unit fetches one descriptor at a
 * time (COST_IRT_READ, a 16-byte read) and processes it before the next:
 *
 *   type 4  interrupt entry cache invalidation, global or index-selective:
 *           ir_invalidate_iec() (COST_IEC_INVAL, then draining), done when
 *           that completes;
 *   type 5  invalidation wait: every descriptor before it has completed
 *           (processing is in order), so at once: SW writes the status
 *           data to the status address, IF sets ICS.IWC and, when IWC was
 *           clear, the invalidation event (IECTL/IEDATA/IEADDR) [IR-QI-02];
 *   other   FSTS.IQE and a fault event; the queue stops with IQH at it.
 *
 * Not modelled: 256-bit descriptors (IQA.DW), the other descriptor types
 * (context, IOTLB, PASID, device-TLB: no DMA remapping here),
 * invalidation time-out and completion errors (ITE, ICE).
 */
#include "ir_internal.h"

#include <errno.h>

static void qi_kick(struct ir_unit *u);

static void qi_stop(struct ir_unit *u)
{
    /* VT-d 6.5.2.x: hardware stops at the bad descriptor, IQH on it */
    u->iqe = true;
    u->qi_running = false;
    ir__fault_event(u);
}

static void desc_done(void *ctx)
{
    struct ir_unit *u = ctx;

    u->stats.qi_descs++;
    u->iqh = (u->iqh + 1) % u->iq_n;
    u->qi_running = false;
    qi_kick(u);
}

static void wait_desc(struct ir_unit *u, uint64_t qw0, uint64_t qw1)
{
    u->stats.qi_waits++;
    if ((qw0 & IR_QI_WAIT_SW) &&
        mem_write32(u->cfg.mem, qw1 & IR_QI_WAIT_SADDR_MASK,
                    (uint32_t)(qw0 >> IR_QI_WAIT_SDATA_SHIFT))) {
        qi_stop(u);         /* no memory at the status address */
        return;
    }
    if (qw0 & IR_QI_WAIT_IF) {
        bool was = u->iwc;

        u->iwc = true;
        if (!was)
            ir__event_raise(&u->ie);
    }
    desc_done(u);
}

/* The descriptor at IQH has been fetched. */
static void fetched(struct sim *sim, void *arg)
{
    struct ir_unit *u = arg;
    uint64_t a = u->iq_base + (uint64_t)u->iqh * IR_QI_DESC_SIZE;
    uint64_t qw0, qw1;
    struct ir_iec_inv d;

    (void)sim;
    u->qi_ev = 0;
    if (mem_read64(u->cfg.mem, a, &qw0) || mem_read64(u->cfg.mem, a + 8, &qw1)) {
        qi_stop(u);
        return;
    }
    /* VT-d 6.5.2: the type is bits 11:9 concatenated with bits 3:0 */
    if ((qw0 & IR_QI_TYPE_HI_MASK) == 0 &&
        (qw0 & IR_QI_TYPE_LO_MASK) == IR_QI_TYPE_WAIT) {
        wait_desc(u, qw0, qw1);
        return;
    }
    if (ir_iec_desc_decode(qw0, qw1, &d) ||
        ir_invalidate_iec(u, d.global, d.iidx, d.im, desc_done, u))
        qi_stop(u);
}

static void qi_kick(struct ir_unit *u)
{
    if (!u->qi_on || u->qi_running || u->iqe || u->iqh == u->iqt)
        return;
    if (sim_schedule_in(u->cfg.sim, cost_ps(u->cfg.cost, COST_IRT_READ),
                        SIM_PRIO_HW, fetched, u, &u->qi_ev)) {
        ir__fail(u, -ENOMEM);
        return;
    }
    u->qi_running = true;
}

void ir__qi_cancel(struct ir_unit *u)
{
    if (u->qi_ev)
        sim_cancel(u->cfg.sim, u->qi_ev);
    u->qi_ev = 0;
}

int ir_qi_enable(struct ir_unit *u, uint64_t iqa)
{
    uint64_t base = iqa & IR_IQA_ADDR_MASK;
    uint32_t n = 256u << (iqa & IR_IQA_QS_MASK);
    uint64_t probe;

    if ((iqa & (IR_IQA_DW | IR_IQA_RSVD_MASK)) ||
        mem_read64(u->cfg.mem, base, &probe) ||
        mem_read64(u->cfg.mem, base + (uint64_t)n * IR_QI_DESC_SIZE - 8, &probe))
        return -EINVAL;
    u->iq_base = base;
    u->iq_n = n;
    u->iqh = u->iqt = 0;
    u->iqe = false;
    u->qi_on = true;
    return 0;
}

int ir_qi_write_tail(struct ir_unit *u, uint64_t iqt)
{
    uint64_t t = iqt >> IR_IQ_Q_SHIFT;

    if (!u->qi_on || (iqt & ((1u << IR_IQ_Q_SHIFT) - 1)) || t >= u->iq_n)
        return -EINVAL;
    u->iqt = (uint32_t)t;
    qi_kick(u);
    return 0;
}

uint64_t ir_qi_head(const struct ir_unit *u)
{
    return (uint64_t)u->iqh << IR_IQ_Q_SHIFT;
}

uint32_t ir_ics(const struct ir_unit *u)
{
    return u->iwc ? IR_ICS_IWC : 0;
}

void ir_ics_clear(struct ir_unit *u)
{
    u->iwc = false;
}

void ir_inv_event_set(struct ir_unit *u, ir_fault_event_fn fn, void *ctx,
                      uint64_t addr, uint32_t data)
{
    u->ie.fn = fn;
    u->ie.ctx = ctx;
    u->ie.addr = addr;
    u->ie.data = data;
}

uint32_t ir_iectl(const struct ir_unit *u)
{
    return ir__event_ctl(&u->ie);
}

void ir_iectl_write(struct ir_unit *u, uint32_t val)
{
    ir__event_ctl_write(&u->ie, val);
}
