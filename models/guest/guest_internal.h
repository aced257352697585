/* SPDX-License-Identifier: MIT */
/*
 * guest_internal.h - what the files of the guest stub share (guest.h is
 * the API): a driver, its interrupts and the guest.  guest.c owns probing,
 * composing, affinity, masking and the handler; guest_release.c the
 * release of the pairs when the guest goes away.
 */
#ifndef IMSLAB_GUEST_INTERNAL_H
#define IMSLAB_GUEST_INTERNAL_H

#include "models/guest/guest.h"

#include "models/drv/drv.h"
#include "models/iommu/msi.h"
#include "models/seq.h"

struct gdrv;

/* One interrupt of a driver. */
struct gvec {
    uint32_t ventry;          /* entry the driver programs (IMS slot/EQ, MSI-X) */
    enum siov_bank hbank;     /* its interrupt handle: bank and entry */
    uint32_t handle;
    bool ok;                  /* set up: a pair is programmed */
    bool masked;
    unsigned cpu;
    uint8_t vector;
    bool has_prev;            /* the previous target, while in flight */
    unsigned prev_cpu;
    uint8_t prev_vector;
    bool has_next;            /* the target a move in progress goes to */
    unsigned next_cpu;
    uint8_t next_vector;
    uint64_t cookie;          /* PV / HV-vPCI / bare IR */
    int virte;                /* vIR index, -1 */
    struct msi_msg pair;
};

struct gdrv {
    struct guest *g;
    struct vdev *vd;
    struct siov_dev *dev;
    uint32_t devi, adi;
    enum siov_kind kind;
    unsigned index;
    struct guest_view view;
    struct guest_attach_info info;
    enum siov_bank bank;      /* the bank the driver programs */
    unsigned vcpu0;           /* the vCPU the driver runs on */
    unsigned nvec;
    struct gvec *v;
    uint32_t pasid;
    uint64_t mbox_gpa;
    unsigned cur;             /* probe progress */
    seq_done_fn done;
    void *ctx;
    struct seq_port port;     /* the driver's device accesses, in order */
    struct drv drv;           /* the device kind's driver (models/drv) */
};

struct guest {
    struct guest_config cfg;
    struct vm *vm;
    struct seq_pool pool;
    struct gdrv **drv;
    unsigned ndrv;
    uint64_t vecmap[GUEST_MAX_CPUS][4];
    uint32_t vir_next;
};

/* Give (@cpu, @v) back to the guest's vector domain. */
void guest__vec_free(struct guest *g, unsigned cpu, uint8_t v);

#endif /* IMSLAB_GUEST_INTERNAL_H */
