/* SPDX-License-Identifier: MIT */
/*
 * ir_internal.h - struct ir_unit and the helpers shared by ir.c, ir_iec.c
 * and ir_fault.c.  Nothing outside models/iommu/ includes this.
 *
 * Ordering: requests are kept in arrival (seq) order in one list, and IEC
 * invalidations in submission order in another; an invalidation completes
 * only when no request that arrived before it took effect is still in the
 * first list (interrupt draining).
 */
#ifndef IMSLAB_IOMMU_IR_INTERNAL_H
#define IMSLAB_IOMMU_IR_INTERNAL_H

#include "ir.h"
#include "pid.h"
#include "sim/pool.h"

/* One interrupt request in flight. */
struct ir_req {
    struct ir_req *prev;
    struct ir_req *next;
    struct ir_unit *u;
    sim_event_t ev;             /* the event scheduled for its next step */
    struct msi_msg msg;
    struct irte irte;
    bool have_irte;             /* @irte was read (FPD applies) */
    bool from_mem;              /* @irte came from memory, not the IEC */
    sim_time_t t_fault;
    uint8_t nv;                 /* posted: notification vector and */
    uint32_t ndst;              /* destination sampled by the PID update */
    struct ir_result res;
};

/* One IEC invalidation in flight. */
struct ir_inv {
    struct ir_inv *next;
    struct ir_unit *u;
    sim_event_t ev;
    struct ir_iec_inv d;
    bool effective;             /* entries dropped; now draining */
    uint64_t drain_seq;         /* requests with seq < this must finish */
    unsigned dropped;
    ir_done_fn done;
    void *ctx;
};

struct iec_slot {
    bool valid;
    uint32_t index;
    struct irte e;
    uint64_t stamp;             /* LRU: last use; FIFO: fill order */
};

/*
 * An interrupt-message register set: the fault event's (FECTL, FEDATA,
 * FEADDR) or the invalidation event's (IECTL, IEDATA, IEADDR), which VT-d
 * gives the same IM/IP semantics (ir_fault.c ir__event_raise()).
 */
struct ir__evreg {
    bool im, ip;
    ir_fault_event_fn fn;
    void *ctx;
    uint64_t addr;
    uint32_t data;
    uint64_t *sent;             /* counter of messages sent */
};

/* The condition arose: IP; with IM clear the message goes, IP clears. */
void ir__event_raise(struct ir__evreg *r);
/* Software writes the control register (IM only). */
void ir__event_ctl_write(struct ir__evreg *r, uint32_t val);
uint32_t ir__event_ctl(const struct ir__evreg *r);

struct ir_unit {
    struct ir_config cfg;
    struct sim_pool reqs;       /* struct ir_req, recycled per request */

    /* registers, as latched by SIRTP and GCMD */
    uint64_t irta;
    bool irta_set;
    uint64_t irt_base;
    uint32_t irt_entries;
    bool eime;
    bool ire;
    bool cfi;

    /* interrupt entry cache */
    struct iec_slot *iec;
    uint64_t iec_clock;

    /* primary fault logging (VT-d 7.2.1) */
    struct ir_fault_record *frcd;
    unsigned fr_index;          /* hardware's internal index */
    unsigned fri;               /* FSTS.FRI */
    bool pfo;
    struct ir__evreg fe;        /* FECTL, FEDATA, FEADDR (VT-d 11.4.7.2) */

    /* the invalidation queue (ir_qi.c; VT-d 6.5.2) */
    bool qi_on;
    uint64_t iq_base;           /* IQA_REG */
    uint32_t iq_n;              /* descriptors in the ring */
    uint32_t iqh, iqt;          /* IQH_REG, IQT_REG, in descriptors */
    bool qi_running;            /* a descriptor is being processed */
    sim_event_t qi_ev;          /* its fetch, while pending */
    bool iqe;                   /* FSTS.IQE: a bad descriptor stopped it */
    bool iwc;                   /* ICS.IWC */
    struct ir__evreg ie;        /* IECTL, IEDATA, IEADDR (VT-d 11.4.9.5) */

    /* in flight */
    struct ir_req *req_head;
    struct ir_req *req_tail;
    uint64_t next_seq;
    struct ir_inv *inv_head;
    struct ir_inv *inv_tail;
    sim_time_t qi_busy_until;

    struct ir_stats stats;
    int err;
};

/* ir.c */
void ir__fail(struct ir_unit *u, int err);

/* ir_iec.c */
int ir__iec_init(struct ir_unit *u);
void ir__iec_fini(struct ir_unit *u);
bool ir__iec_lookup(struct ir_unit *u, uint32_t index, struct irte *out);
void ir__iec_fill(struct ir_unit *u, uint32_t index, const struct irte *e);
unsigned ir__iec_drop(struct ir_unit *u, const struct ir_iec_inv *d);
void ir__inv_drain_check(struct ir_unit *u);
void ir__inv_cancel_all(struct ir_unit *u);

/* ir_fault.c */
int ir__fault_init(struct ir_unit *u);
void ir__fault_fini(struct ir_unit *u);
bool ir__fault_log(struct ir_unit *u, const struct ir_fault_record *rec);
void ir__fault_reset_index(struct ir_unit *u);
/* The fault-event condition (also FSTS.IQE, ir_qi.c). */
void ir__fault_event(struct ir_unit *u);

/* ir_qi.c */
void ir__qi_cancel(struct ir_unit *u);

#endif /* IMSLAB_IOMMU_IR_INTERNAL_H */
