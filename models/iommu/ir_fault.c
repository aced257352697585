/* SPDX-License-Identifier: MIT */
/*
 * ir_fault.c - primary fault logging: the fault recording registers
 * (FRCD_REG, VT-d 11.4.7.6) and the FSTS_REG fields PFO, PPF and FRI
 * (VT-d 11.4.7.1), run as VT-d 7.2.1 describes, and the fault event
 * (FECTL, FEDATA, FEADDR; VT-d 7.3, 11.4.7.2-5).  Fault compression is not
 * modelled (it is optional).
 *
 * Fault event [IR-FEV-01]: the interrupt condition arises when a fault is
 * recorded while PPF was clear (PPF 0 -> 1) and when PFO is set; it sets
 * FECTL.IP, and with IM clear the message is sent and IP cleared.  With IM
 * set IP stays and the message goes when software clears IM (VT-d 7.3 as
 * recalled, [R]: the text was not re-read for this model).
 */
#include "ir_internal.h"

#include <errno.h>
#include <stdlib.h>

void ir__event_raise(struct ir__evreg *r)
{
    r->ip = true;
    if (r->im)
        return;
    r->ip = false;
    (*r->sent)++;
    if (r->fn)
        r->fn(r->ctx, r->addr, r->data);
}

void ir__event_ctl_write(struct ir__evreg *r, uint32_t val)
{
    r->im = val & IR_FECTL_IM;
    if (!r->im && r->ip)
        ir__event_raise(r);
}

uint32_t ir__event_ctl(const struct ir__evreg *r)
{
    return (r->im ? IR_FECTL_IM : 0) | (r->ip ? IR_FECTL_IP : 0);
}

void ir__fault_event(struct ir_unit *u)
{
    ir__event_raise(&u->fe);
}

static void fault_event(struct ir_unit *u)
{
    ir__event_raise(&u->fe);
}

void ir_fault_event_set(struct ir_unit *u, ir_fault_event_fn fn, void *ctx,
                        uint64_t addr, uint32_t data)
{
    u->fe.fn = fn;
    u->fe.ctx = ctx;
    u->fe.addr = addr;
    u->fe.data = data;
}

uint32_t ir_fectl(const struct ir_unit *u)
{
    return ir__event_ctl(&u->fe);
}

void ir_fectl_write(struct ir_unit *u, uint32_t val)
{
    ir__event_ctl_write(&u->fe, val);
}

int ir__fault_init(struct ir_unit *u)
{
    /* FECTL and IECTL reset value: IM = 1 */
    u->fe = (struct ir__evreg){ .im = true, .sent = &u->stats.fault_events };
    u->ie = (struct ir__evreg){ .im = true, .sent = &u->stats.inv_events };
    u->frcd = calloc(u->cfg.fault_records, sizeof(*u->frcd));
    return u->frcd ? 0 : -ENOMEM;
}

void ir__fault_fini(struct ir_unit *u)
{
    free(u->frcd);
    u->frcd = NULL;
}

void ir__fault_reset_index(struct ir_unit *u)
{
    u->fr_index = 0;
}

static bool ppf(const struct ir_unit *u)
{
    for (unsigned i = 0; i < u->cfg.fault_records; i++)
        if (u->frcd[i].f)
            return true;
    return false;
}

bool ir__fault_log(struct ir_unit *u, const struct ir_fault_record *rec)
{
    struct ir_fault_record *slot = &u->frcd[u->fr_index];
    bool was_ppf;

    /* VT-d 7.2.1: with PFO set the new fault is not recorded */
    if (u->pfo) {
        u->stats.faults_lost++;
        return false;
    }
    /* ...nor when the register at the internal index holds a fault: that
     * sets PFO */
    if (slot->f) {
        u->pfo = true;
        u->stats.faults_lost++;
        fault_event(u);
        return false;
    }
    /* FRI is updated only when PPF goes from 0 to 1 */
    was_ppf = ppf(u);
    if (!was_ppf)
        u->fri = u->fr_index;
    *slot = *rec;
    slot->f = true;
    u->fr_index = (u->fr_index + 1) % u->cfg.fault_records;
    u->stats.faults_recorded++;
    if (!was_ppf)
        fault_event(u);
    return true;
}

unsigned ir_fault_nrecords(const struct ir_unit *u)
{
    return u->cfg.fault_records;
}

int ir_fault_record_get(const struct ir_unit *u, unsigned i,
                        struct ir_fault_record *out)
{
    if (i >= u->cfg.fault_records)
        return -EINVAL;
    *out = u->frcd[i];
    return 0;
}

int ir_fault_record_clear(struct ir_unit *u, unsigned i)
{
    if (i >= u->cfg.fault_records)
        return -EINVAL;
    u->frcd[i].f = false; /* RW1CS */
    return 0;
}

uint32_t ir_fsts(const struct ir_unit *u)
{
    return (u->pfo ? IR_FSTS_PFO : 0) | (ppf(u) ? IR_FSTS_PPF : 0) |
           (u->iqe ? IR_FSTS_IQE : 0) |
           ((u->fri << IR_FSTS_FRI_SHIFT) & IR_FSTS_FRI_MASK);
}

void ir_fault_clear_pfo(struct ir_unit *u)
{
    u->pfo = false; /* RW1CS */
}

void ir_frcd_encode(const struct ir_fault_record *r, uint64_t *lo,
                    uint64_t *hi)
{
    bool fi_defined = r->index_valid && r->reason != IR_FAULT_REQ_RSVD &&
                      r->reason != IR_FAULT_REQ_COMPAT &&
                      r->reason != IR_FAULT_REQ_INVALID;

    /* VT-d 11.4.7.6: FI 63:12 holds interrupt_index in 63:48, 47:12 zero */
    *lo = fi_defined
              ? (uint64_t)(r->index & 0xffffu) << IR_FRCD_LO_FI_INDEX_SHIFT
              : 0;
    *hi = ((uint64_t)r->sid & IR_FRCD_HI_SID_MASK) |
          ((uint64_t)r->reason << IR_FRCD_HI_FR_SHIFT & IR_FRCD_HI_FR_MASK) |
          (r->f ? IR_FRCD_HI_F : 0);
}
