/* SPDX-License-Identifier: MIT */
/*
 * guest_internal.h - what the files of the guest stub share (guest.h is
 * the API): guest.c (drivers, probing, composing, affinity, masking, the
 * handler), guest_release.c (the release of the pairs when the guest goes
 * away), guest_migrate.c (what the guest does after its VM moved to another
 * host) and reqloop.c (request loops); not for other models.
 */
#ifndef IMSLAB_GUEST_INTERNAL_H
#define IMSLAB_GUEST_INTERNAL_H

#include "models/drv/drv.h"
#include "models/guest/discover.h"
#include "models/guest/guest.h"
#include "models/iommu/msi.h"
#include "models/siov/siov.h"
#include "models/vmm/hypercall.h"

#define GUEST_VEC_FIRST 0x41u
#define GUEST_VEC_LAST  0xefu
#define MBOX_GPA        UINT64_C(0x200000)  /* command mailboxes, one per driver */
#define MBOX_STRIDE     UINT64_C(0x40)
#define MBOX_TOKEN      0x77u
#define VM_HOST_TRACE   0xffffffffu

struct gdrv;

/* One interrupt of a driver. */
struct gvec {
    uint32_t ventry;          /* entry the driver programs (IMS slot/EQ, MSI-X) */
    enum siov_bank hbank;     /* its interrupt handle: bank and entry */
    uint32_t handle;
    bool ok;                  /* set up: a pair is programmed */
    bool masked;
    unsigned cpu;
    uint32_t cpus;            /* a lowest-priority set (bit n: vCPU n; cpu
                               * is its first member), 0: cpu alone */
    uint8_t vector;
    bool has_prev;            /* the previous target, while in flight */
    unsigned prev_cpu;
    uint32_t prev_cpus;
    uint8_t prev_vector;
    bool has_next;            /* the target a move in progress goes to */
    unsigned next_cpu;
    uint32_t next_cpus;
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
    struct greq *loops;       /* request loops (reqloop.c) */
    unsigned nloops;
    enum guest_wait wait;     /* how its vCPUs wait (the first loop's) */
    bool booted;              /* the platform was read (guest_discover) */
    struct guest_platform plat;
};

/*
 * One request loop (reqloop.c): the driver of one ADI submits work and
 * waits for its completion interrupt on the vCPU that interrupt targets.
 */
struct greq {
    struct gdrv *d;
    unsigned cpu;             /* where its completions are handled */
    unsigned depth;           /* requests kept in flight */
    sim_time_t start, stop;   /* submissions from, and not at or after */
    bool started;
    sim_time_t sub[SIOV_WQ_DEPTH];  /* submission times, oldest first */
    unsigned head, n;
    uint64_t seen;            /* completion records read so far */
    uint64_t submitted, completed, refused;
};

/* reqloop.c: the application of @g on @cpu runs (after a handler). */
void guest__reqloop_run(struct guest *g, unsigned cpu);

static inline bool guest__bare(const struct guest *g)
{
    return g->vm && vmm_vm_is_host(g->vm);
}

static inline uint32_t guest__vm_trace_id(const struct guest *g)
{
    return g->cfg.vm_index < 0 ? VM_HOST_TRACE : (uint32_t)g->cfg.vm_index;
}

/*
 * Program interrupt @v's pair the device's way (guest.c).  @first: the
 * entry is new (mlx5: CREATE_EQ rather than MODIFY_EQ).
 */
void guest__program(struct gdrv *d, struct seq *s, struct gvec *v, bool first);

/* Give (@cpu, @v) back to the guest's vector domain; with @cpus not 0,
 * (n, @v) for every vCPU n of the set instead. */
void guest__vec_free(struct guest *g, unsigned cpu, uint32_t cpus, uint8_t v);

#endif /* IMSLAB_GUEST_INTERNAL_H */
