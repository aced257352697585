/* SPDX-License-Identifier: MIT */
/*
 * apic.h - APIC bus, physical LAPICs, vCPUs and posted-interrupt processing.
 *
 * Three layers, one object graph owned by a struct apic_fabric:
 *
 *   apic_fabric  the system bus to the local APICs.  It is the struct
 *                apic_sink the IOMMU delivers to (apic_fabric_sink()), routes
 *                a struct apic_msg to the LAPIC(s) it names and records the
 *                messages that name nobody as dropped.
 *   pcpu/lapic   a physical CPU and its local APIC: 256-bit IRR and ISR,
 *                TPR/PPR, EOI, and a per-vector host handler registry
 *                (SDM vol. 3 ch. 11).
 *   vcpu         a vCPU with APICv: virtual IRR/ISR/TPR, a posted-interrupt
 *                descriptor (PID) in simulated memory, and KVM's PI
 *                management as it runs, halts and is preempted (SDM vol. 3
 *                ch. 29; Linux arch/x86/kvm/vmx/posted_intr.c).
 *
 * Timeline (every step is an event; costs from models/cost.h):
 *
 *   message accepted into IRR --APIC_DELIVER--> dispatch (IRR->ISR), when
 *   the CPU takes interrupts (not inside a host handler, not inside a world
 *   switch).  Then, by what the CPU is doing:
 *
 *   guest mode, vector = PI notification vector (posted-interrupt
 *   processing, no VM exit):
 *     --PI_NOTIFY--> ack + EOI of the notification, ON cleared, PIR ORed
 *     into vIRR and cleared --PI_PROCESS--> virtual-interrupt evaluation
 *     --GUEST_HANDLER--> guest handler entered (vIRR->vISR, callback).
 *   guest mode, any other vector (external-interrupt exit, reason EXTINT):
 *     --HOST_HANDLER--> host handler --VMEXIT_KERNEL--> VM entry.
 *   host mode: --HOST_HANDLER--> host handler.  The wakeup vector's handler
 *     is pi_wakeup_handler(): each vCPU HALTED on this pCPU whose PID.ON is
 *     set is woken --VCPU_WAKEUP--> RUNNING, VM entry.  The notification
 *     vector in host mode does nothing: ON stays set for the entry sync.
 *
 *   VM entry: if PID.ON, clear ON and move PIR into vIRR --PI_PROCESS-->;
 *     then, if a vIRR vector can be delivered, --VMENTRY_INJECT--> guest
 *     mode --GUEST_HANDLER--> guest handler; otherwise guest mode at once.
 *   vcpu_inject() (KVM without APICv): RUNNING in guest mode
 *     --VCPU_KICK--> exit (KICK) --VMEXIT_KERNEL--> VM entry; HALTED
 *     --VCPU_WAKEUP--> VM entry; otherwise at the next VM entry.
 *   vcpu_deliver_posted() (KVM with APICv): PIR bit and ON set; RUNNING in
 *     guest mode --PI_NOTIFY--> notification IPI on the bus (processed as
 *     above, no exit); HALTED --VCPU_WAKEUP--> VM entry; otherwise the
 *     PIR sync at the next VM entry.
 *
 * KVM's PI management (posted_intr.c), applied when the state changes:
 *   RUNNING      NV = pi_nv, NDST = this pCPU, SN = 0; ON set if the PIR is
 *                not empty (vmx_vcpu_pi_load)
 *   HALTED       NV = pi_wakeup_nv, NDST = pCPU it blocked on, SN = 0
 *                (pi_enable_wakeup_handler)
 *   DESCHEDULED  SN = 1, NV and NDST unchanged (vmx_vcpu_pi_put, preempted)
 *   created      whole PID zeroed, NV = pi_nv, SN = 1 (__vmx_vcpu_reset)
 * NDST holds the x2APIC ID, or in xAPIC mode the APIC ID in bits 15:8.
 *
 * Evidence: every interrupt carries a ground-truth struct irq_tag.  The
 * LAPIC and the vCPU keep, per pending vector, the tags of the interrupts
 * that set it and hand them all to the handler that consumes the vector
 * (coalesced interrupts are reported together).  Tags never steer the
 * model.  A posted interrupt's tag reaches the vCPU with the IOMMU's
 * struct apic_post on the sink's post op, keyed by the PID address, in the
 * event in which the PIR bit is set: the tag of the notification message
 * itself is not evidence (one notification may cover many PIR bits, and
 * SN=1 or ON=1 means no notification at all).  The guest handler the VM
 * was created with (the guest stub) reports the tags to the harness.
 *
 * Not modelled: delivery modes other than fixed and lowest-priority (they
 * are counted and dropped), TMR/level semantics (level messages behave as
 * edge), guest RFLAGS.IF (the guest always takes an interrupt between two
 * handler entries), APIC timer, IPIs between vCPUs.  Which vCPU runs where
 * is the scheduler's (vcpu_sched_add(), sched.c) for the vCPUs given to it,
 * else the caller's, with vcpu_run_on()/vcpu_deschedule().
 *
 * Objects are owned by the fabric and freed by apic_fabric_destroy().  An
 * API call returns 0 (or a documented value) or a negative errno;
 * architectural outcomes (drops, coalescing, illegal vectors, exits) are
 * counted in the stats structs and traced.
 */
#ifndef IMSLAB_MODELS_APIC_H
#define IMSLAB_MODELS_APIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "models/bus.h"
#include "models/cost.h"
#include "models/mem/mem.h"
#include "sim/sim.h"

/* Vector priority class: vector[7:4] (SDM 3 s.11.8.3.1). */
#define APIC_PRIO_CLASS_SHIFT 4
#define APIC_PRIO_CLASS(v) ((unsigned)(v) >> APIC_PRIO_CLASS_SHIFT)
#define APIC_PRIO_CLASS_MASK 0xf0u

/* Vectors 0-15 are illegal for fixed interrupts (SDM 3 s.11.5.3). */
#define APIC_VEC_MIN_LEGAL 16u

/* Error status register bits (SDM 3 s.11.5.3). */
#define LAPIC_ESR_RX_ILLEGAL_VEC (1u << 6)

/* Physical broadcast destinations (SDM 3 s.11.6.2.1, s.11.12.9). */
#define APIC_BCAST_X2APIC 0xffffffffu
#define APIC_BCAST_XAPIC 0xffu

/* xAPIC NDST encoding: APIC ID in bits 15:8 (VT-d 9.11; posted_intr.c). */
#define PID_NDST_XAPIC_SHIFT 8
#define PID_NDST_XAPIC_MASK 0xff00u

/* x2APIC logical ID derived from the x2APIC ID (SDM 3 s.11.12.10.2). */
#define X2APIC_LDR_CLUSTER_SHIFT 16
#define X2APIC_LDR(id) \
    ((((uint32_t)(id) >> 4) << X2APIC_LDR_CLUSTER_SHIFT) | \
     (UINT32_C(1) << ((id) & 0xfu)))

/* KVM's defaults (arch/x86/include/asm/irq_vectors.h). */
#define APIC_PI_NV_DEFAULT 0xf2u        /* POSTED_INTR_VECTOR */
#define APIC_PI_WAKEUP_NV_DEFAULT 0xf1u /* POSTED_INTR_WAKEUP_VECTOR */

struct apic_fabric;
struct apic_vm;
struct pcpu;
struct vcpu;

/* ---- fabric ------------------------------------------------------------ */

/**
 * struct apic_fabric_config - platform-wide APIC settings.
 * @pi_nv: posted-interrupt notification vector (KVM POSTED_INTR_VECTOR)
 * @pi_wakeup_nv: wakeup vector for halted vCPUs (POSTED_INTR_WAKEUP_VECTOR)
 * @xapic: xAPIC mode: 8-bit APIC IDs, 0xff broadcast, flat logical model,
 *         NDST in PID bits 15:8; false (default) is x2APIC
 * @sched_slice_ps: the scheduler's time slice (vcpu_sched_add()); 0: no
 *                  time slicing (a vCPU runs until it blocks)
 * @sched_wakeup_preempt: a vCPU woken from HLT preempts the one running on
 *                        its pCPU (when it cannot run elsewhere)
 */
struct apic_fabric_config {
    uint8_t pi_nv;
    uint8_t pi_wakeup_nv;
    bool xapic;
    sim_time_t sched_slice_ps;
    bool sched_wakeup_preempt;
};

/**
 * struct apic_fabric_stats - what happened on the bus.
 * @msgs: messages received
 * @delivered: messages accepted by at least one LAPIC
 * @dropped_no_dest: messages whose destination matched no LAPIC
 * @dropped_dlm: messages with a delivery mode that is not modelled
 * @evidence_posted: tags kept from postings (struct apic_post)
 * @evidence_orphan: postings for a PID address no vCPU owns
 */
struct apic_fabric_stats {
    uint64_t msgs;
    uint64_t delivered;
    uint64_t dropped_no_dest;
    uint64_t dropped_dlm;
    uint64_t evidence_posted;
    uint64_t evidence_orphan;
};

/** enum apic_drop - why the fabric dropped a message (trace field). */
enum apic_drop {
    APIC_DROP_NO_DEST = 1,
    APIC_DROP_DLM = 2,
};

/**
 * apic_fabric_config_default - KVM's vectors, x2APIC mode.
 * @cfg: filled with pi_nv 0xf2, pi_wakeup_nv 0xf1, xapic false, a 750 us
 *       slice (Linux EEVDF sysctl_sched_base_slice), wakeup preemption on
 */
void apic_fabric_config_default(struct apic_fabric_config *cfg);

/**
 * apic_fabric_create - an empty APIC bus.
 * @out: receives the fabric
 * @sim: the simulation the events run on
 * @mem: simulated memory holding the PIDs (must outlive the fabric)
 * @cm: costs (must outlive the fabric)
 * @cfg: settings; NULL means apic_fabric_config_default()
 *
 * Return: 0, -EINVAL (NULL argument, a vector below 16, or both equal),
 * -ENOMEM.
 */
int apic_fabric_create(struct apic_fabric **out, struct sim *sim,
                       struct mem *mem, const struct cost_model *cm,
                       const struct apic_fabric_config *cfg);

/**
 * apic_fabric_destroy - cancel the fabric's pending events and free it,
 * with every pCPU, VM and vCPU it owns.
 * @f: the fabric (NULL is ignored)
 */
void apic_fabric_destroy(struct apic_fabric *f);

/**
 * apic_fabric_sink - the sink the IOMMU (or a compatibility-format MSI)
 * delivers interrupt messages and postings to.
 * @f: the fabric
 *
 * A message is routed at once to the LAPIC(s) it names (physical mode: the
 * APIC ID, or broadcast; logical mode: LDR match, flat in xAPIC mode and
 * cluster in x2APIC mode); fixed messages go to every match, lowest-priority
 * ones to the first match.  No match: counted in @dropped_no_dest.  A
 * posting (struct apic_post) gives the vCPU owning its PID the tag of its
 * PIR bit (@evidence_posted; no owner: @evidence_orphan; no memory for it:
 * that vCPU's @evidence_lost).
 */
struct apic_sink apic_fabric_sink(struct apic_fabric *f);

/** apic_fabric_stats - the fabric's counters. */
const struct apic_fabric_stats *apic_fabric_stats(const struct apic_fabric *f);

/* ---- physical CPU and its LAPIC ----------------------------------------- */

/**
 * typedef pcpu_handler_fn - a host interrupt handler.
 * @ctx: what was registered
 * @p: the pCPU
 * @vector: the vector being serviced (in ISR)
 * @tags: ground truth of the interrupts collapsed into this dispatch
 * @n: number of @tags (0 when none carried a tag)
 *
 * Called when the handler has run (HOST_HANDLER after dispatch).  It may
 * call vcpu_inject() and lapic_eoi().  @tags is valid during the call only.
 */
typedef void (*pcpu_handler_fn)(void *ctx, struct pcpu *p, uint8_t vector,
                                const struct irq_tag *tags, size_t n);

/* pcpu_set_handler() flags */
#define PCPU_HANDLER_EOI (1u << 0) /* the model writes EOI after the handler */
/* the handler goes on after it returns, in steps (events) of its own, and
 * ends with pcpu_handler_complete(): until then the CPU stays in it (takes
 * no interrupt) and a vCPU whose EXTINT exit brought it there waits */
#define PCPU_HANDLER_DEFER (1u << 1)

/**
 * struct pcpu_stats - a physical CPU's counters.
 * @accepted: fixed interrupts accepted (including coalesced ones)
 * @coalesced: accepted into an IRR bit already set (collapsed)
 * @illegal_vector: refused, vector 0-15 (ESR bit 6)
 * @dispatched: IRR -> ISR
 * @eoi: EOIs that cleared an ISR bit
 * @host_irqs: host handlers run (built-in and registered)
 * @unhandled: dispatched vectors with no handler (EOI'd and ignored)
 * @pi_notif_guest: notifications processed in guest mode (no exit)
 * @pi_notif_host: notification vector taken in host mode (no-op handler)
 * @wakeup_irqs: wakeup-vector interrupts handled
 * @extint_exits: guest exits caused by a host interrupt
 * @host_handler_ps: time in registered host handlers (COST_HOST_HANDLER
 *                   each, from dispatch to the handler's run)
 */
struct pcpu_stats {
    uint64_t accepted;
    uint64_t coalesced;
    uint64_t illegal_vector;
    uint64_t dispatched;
    uint64_t eoi;
    uint64_t host_irqs;
    uint64_t unhandled;
    uint64_t pi_notif_guest;
    uint64_t pi_notif_host;
    uint64_t wakeup_irqs;
    uint64_t extint_exits;
    sim_time_t host_handler_ps;
};

/**
 * pcpu_create - add a physical CPU with an idle LAPIC (TPR 0).
 * @f: the fabric
 * @apic_id: its APIC ID (xAPIC mode: at most 0xfe)
 * @out: receives the pCPU (owned by @f)
 *
 * Its logical ID is X2APIC_LDR(@apic_id) in x2APIC mode, 0 (matches no
 * logical destination) in xAPIC mode until lapic_set_ldr().
 *
 * Return: 0, -EINVAL (ID out of range or a broadcast ID), -EEXIST, -ENOMEM.
 */
int pcpu_create(struct apic_fabric *f, uint32_t apic_id, struct pcpu **out);

/** pcpu_find - the pCPU with @apic_id, or NULL. */
struct pcpu *pcpu_find(const struct apic_fabric *f, uint32_t apic_id);

/** pcpu_apic_id - the pCPU's APIC ID. */
uint32_t pcpu_apic_id(const struct pcpu *p);

/** pcpu_current - the vCPU RUNNING on @p (in or out of guest mode), or NULL. */
struct vcpu *pcpu_current(const struct pcpu *p);

/** pcpu_stats - the pCPU's counters. */
const struct pcpu_stats *pcpu_stats(const struct pcpu *p);

/**
 * pcpu_set_handler - register the host handler for @vector.
 * @p: the pCPU
 * @vector: 16-255, not the PI notification or wakeup vector (KVM owns them)
 * @fn: the handler, NULL to remove it
 * @ctx: its context
 * @flags: PCPU_HANDLER_EOI: EOI after @fn returns (@fn must not EOI then);
 *         PCPU_HANDLER_DEFER: the handler ends at pcpu_handler_complete()
 *
 * Return: 0, -EINVAL (illegal vector, unknown flag), -EBUSY (a PI vector).
 */
int pcpu_set_handler(struct pcpu *p, uint8_t vector, pcpu_handler_fn fn,
                     void *ctx, unsigned flags);

/**
 * pcpu_handler_complete - a PCPU_HANDLER_DEFER handler of @p has ended:
 * EOI (with PCPU_HANDLER_EOI), the CPU takes interrupts again, the vCPU
 * whose exit waited for it re-enters after VMEXIT_KERNEL.
 * @p: the pCPU
 *
 * Return: 0, or -EINVAL when no deferred handler runs on @p.
 */
int pcpu_handler_complete(struct pcpu *p);

/** lapic_irr_test - is @vector requested (IRR)? */
bool lapic_irr_test(const struct pcpu *p, uint8_t vector);

/** lapic_isr_test - is @vector in service (ISR)? */
bool lapic_isr_test(const struct pcpu *p, uint8_t vector);

/** lapic_tpr - the task priority register. */
uint8_t lapic_tpr(const struct pcpu *p);

/**
 * lapic_ppr - the processor priority (SDM 3 s.11.8.3.1): TPR if
 * TPR[7:4] >= ISRV[7:4], else ISRV[7:4] << 4, ISRV the highest ISR vector.
 */
uint8_t lapic_ppr(const struct pcpu *p);

/** lapic_esr - the error status register (LAPIC_ESR_*). */
uint32_t lapic_esr(const struct pcpu *p);

/**
 * lapic_set_tpr - write the TPR; a lower priority lets pending vectors in.
 * @p: the pCPU
 * @tpr: the new value
 *
 * Return: 0.
 */
int lapic_set_tpr(struct pcpu *p, uint8_t tpr);

/**
 * lapic_set_ldr - set the logical APIC ID used in logical destination mode.
 * @p: the pCPU
 * @ldr: xAPIC: 8-bit flat logical ID; x2APIC: cluster[31:16] | bit[15:0]
 *
 * Return: 0, or -EINVAL (xAPIC and @ldr above 0xff).
 */
int lapic_set_ldr(struct pcpu *p, uint32_t ldr);

/**
 * lapic_eoi - write the EOI register: clear the highest ISR bit (SDM 3
 * s.11.8.5) and let the next pending vector dispatch.
 * @p: the pCPU
 *
 * Return: the vector cleared, or -ENOENT when the ISR was empty (the write
 * is ignored).
 */
int lapic_eoi(struct pcpu *p);

/* ---- VMs and vCPUs ------------------------------------------------------ */

/**
 * typedef apic_guest_handler_fn - a guest handler entry, the point where
 * the harness observes delivery.
 * @ctx: the VM's context
 * @vcpu_id: the vCPU that entered its handler
 * @vector: the guest vector (now in the vISR)
 * @tags: ground truth of every interrupt collapsed into this vector
 * @n: number of @tags
 *
 * It may call vcpu_eoi(), vcpu_inject(), vcpu_halt().  @tags is valid
 * during the call only.
 */
typedef void (*apic_guest_handler_fn)(void *ctx, uint32_t vcpu_id,
                                      uint8_t vector,
                                      const struct irq_tag *tags, size_t n);

/* apic_vm_config.on_idle: return true to execute HLT. */
typedef bool (*apic_guest_idle_fn)(void *ctx, uint32_t vcpu_id);

/**
 * struct apic_vm_config - a VM as the APIC model sees it.
 * @deliver: called at each guest handler entry (may be NULL)
 * @ctx: passed to @deliver
 * @auto_eoi: the guest writes EOI right after @deliver returns
 * @idle: the guest idles: a vCPU in guest mode with nothing to handle
 *        executes HLT (the idle loop); false: the guest is CPU-bound
 * @on_idle: NULL, or the guest's code that runs where the vCPU has nothing
 *           to handle (an application waiting for its device's completion,
 *           models/guest/reqloop.c), called with @ctx at each such point as
 *           its own event (SIM_PRIO_LAST); it returns true to execute HLT
 *           there, false to keep running in guest mode (polling).  With it
 *           @idle is not read
 * @halt_poll_ps: KVM's halt polling (halt_poll_ns): after an HLT exit
 *                that would block, the vCPU thread polls this long for an
 *                event before it blocks; 0: block at once
 * @no_apicv: APICv off (KVM enable_apicv=0, as on the hardware the ELI and
 *            DID papers measured): the guest's EOI write exits (reason
 *            EOI, VMEXIT_KERNEL) and the next pending vector is injected
 *            at the entry after it; no virtual-interrupt delivery in guest
 *            mode after a handler.  false: APICv, as described above.
 */
struct apic_vm_config {
    apic_guest_handler_fn deliver;
    void *ctx;
    bool auto_eoi;
    bool idle;
    apic_guest_idle_fn on_idle;
    sim_time_t halt_poll_ps;
    bool no_apicv;
};

/**
 * apic_vm_create - add a VM.
 * @f: the fabric
 * @cfg: its handler
 * @out: receives the VM (owned by @f)
 *
 * Return: 0, -EINVAL, -ENOMEM.
 */
int apic_vm_create(struct apic_fabric *f, const struct apic_vm_config *cfg,
                   struct apic_vm **out);

/** apic_vm_id - the VM's index, in creation order from 0 (trace field). */
unsigned apic_vm_id(const struct apic_vm *vm);

/** enum vcpu_state - what the vCPU is doing, as KVM's PI management sees it. */
enum vcpu_state {
    VCPU_DESCHEDULED = 0, /* not running: preempted, or never run */
    VCPU_RUNNING = 1,     /* loaded on a pCPU (in guest mode or in an exit) */
    VCPU_HALTED = 2,      /* blocked in HLT, waiting for an interrupt */
};

/** enum vcpu_exit_reason - VM exits counted in struct vcpu_stats. */
enum vcpu_exit_reason {
    VCPU_EXIT_EXTINT = 0, /* a host interrupt arrived in guest mode */
    VCPU_EXIT_KICK = 1,   /* kicked by the VMM to inject an interrupt */
    VCPU_EXIT_HLT = 2,    /* the guest executed HLT */
    VCPU_EXIT_PREEMPT = 3,/* descheduled while in guest mode */
    VCPU_EXIT_EOI = 4,    /* the guest's EOI write, without APICv */
    VCPU_EXIT__COUNT
};

/**
 * struct vcpu_stats - a vCPU's counters.
 * @delivered: guest handler entries
 * @tags_delivered: tags reported at those entries
 * @coalesced: a vIRR bit set again while already set (inject or PIR move)
 * @injected: vcpu_inject() requests
 * @pi_notif_guest: notifications processed in guest mode (no exit)
 * @pir_syncs: PIR moved into vIRR at a VM entry (ON was set)
 * @wakeups: wakeups from HALTED (wakeup handler or injection)
 * @wake_preempted: woken while its pCPU ran another vCPU: left DESCHEDULED
 * @hlt_nonblock: HLT with an interrupt pending: re-entered, not blocked
 * @kicks: kick IPIs sent
 * @pi_ipis: notification IPIs KVM sent to inject with APICv
 *           (vcpu_deliver_posted())
 * @entries: VM entries
 * @entries_inject: VM entries that delivered an interrupt (VMENTRY_INJECT)
 * @exits: VM exits by enum vcpu_exit_reason
 * @exits_total: all VM exits
 * @evidence_lost: tags that could not be stored (out of memory)
 * @sched_in: times the scheduler ran it (vcpu_sched_add())
 * @sched_preempted: times it was preempted (slice end or a woken vCPU)
 * @sched_wake_preempt: times its wakeup preempted another vCPU
 * @sched_migrations: times it ran on another pCPU than the last one
 * @sched_wait_ps: time spent runnable in a run queue
 * @halt_polls: HLT exits that polled (halt_poll_ps) before blocking
 * @halt_poll_hits: of those, ended by an event: re-entered, not blocked
 * @halt_poll_ps: time spent polling (the pCPU is busy, the guest is not)
 * @wake_lat_n: wakeups from HLT that reached guest mode
 * @wake_lat_sum_ps: their latency, from the wakeup (the wakeup handler or
 *                   an injection) to guest mode, summed
 * @wake_lat_max_ps: the largest of them
 * @handler_ps: guest CPU time in interrupt handlers: from the evaluation
 *              that dispatches a vector to the handler's entry
 *              (COST_GUEST_HANDLER each, in guest mode)
 * @pi_ps: guest CPU time in posted-interrupt processing in guest mode
 *         (COST_PI_PROCESS each notification)
 * @exit_ps: per enum vcpu_exit_reason, time out of guest mode from the
 *           exit to the next VM entry (for HLT and preemption this
 *           includes the time blocked or waiting to run)
 */
struct vcpu_stats {
    uint64_t delivered;
    uint64_t tags_delivered;
    uint64_t coalesced;
    uint64_t injected;
    uint64_t pi_notif_guest;
    uint64_t pir_syncs;
    uint64_t wakeups;
    uint64_t wake_preempted;
    uint64_t hlt_nonblock;
    uint64_t kicks;
    uint64_t pi_ipis;
    uint64_t entries;
    uint64_t entries_inject;
    uint64_t exits[VCPU_EXIT__COUNT];
    uint64_t exits_total;
    uint64_t evidence_lost;
    uint64_t sched_in;
    uint64_t sched_preempted;
    uint64_t sched_wake_preempt;
    uint64_t sched_migrations;
    sim_time_t sched_wait_ps;
    uint64_t halt_polls;
    uint64_t halt_poll_hits;
    sim_time_t halt_poll_ps;
    uint64_t wake_lat_n;
    sim_time_t wake_lat_sum_ps;
    sim_time_t wake_lat_max_ps;
    sim_time_t handler_ps;
    sim_time_t pi_ps;
    sim_time_t exit_ps[VCPU_EXIT__COUNT];
};

/**
 * vcpu_irq_cost_ps - guest CPU time @st lost to interrupts: handlers,
 * posted processing in guest mode, and the exits interrupts cause
 * (external interrupt, kick, EOI without APICv), each from the exit to the
 * VM entry after it.
 */
sim_time_t vcpu_irq_cost_ps(const struct vcpu_stats *st);

/**
 * vcpu_create - add a vCPU, DESCHEDULED, with its PID reset.
 * @vm: the VM
 * @vcpu_id: its ID within the VM
 * @pid_addr: PID address in simulated memory (64-byte aligned, 64 bytes)
 * @out: receives the vCPU (owned by the fabric)
 *
 * The PID is zeroed, then NV = pi_nv and SN = 1 (KVM __vmx_vcpu_reset).
 *
 * Return: 0, -EINVAL (misaligned PID), -EFAULT (PID not in memory),
 * -EEXIST (@vcpu_id taken in @vm, or @pid_addr owned by another vCPU),
 * -ENOMEM.
 */
int vcpu_create(struct apic_vm *vm, uint32_t vcpu_id, uint64_t pid_addr,
                struct vcpu **out);

/**
 * vcpu_run_on - schedule a DESCHEDULED vCPU onto an idle pCPU.
 * @v: the vCPU
 * @p: the pCPU, with no vCPU RUNNING on it
 *
 * PI load (NV = pi_nv, NDST = @p, SN = 0, ON if the PIR is not empty), then
 * VM entry: a non-empty PIR is synced into vIRR and delivered.
 *
 * Return: 0 (also when already RUNNING on @p), -EINVAL (HALTED: only a
 * wakeup runs it; or @p of another fabric), -EBUSY (RUNNING elsewhere, or
 * @p is busy with another vCPU).
 */
int vcpu_run_on(struct vcpu *v, struct pcpu *p);

/**
 * vcpu_halt - the guest executes HLT: a VM exit with reason HLT.
 * @v: the vCPU, RUNNING in guest mode
 *
 * With an interrupt pending (a deliverable vIRR vector, or PID.ON) the vCPU
 * does not block and re-enters after VMEXIT_KERNEL.  Otherwise, with the
 * VM's halt_poll_ps, it polls that long (RUNNING, not in guest mode, the
 * pCPU taking interrupts in host mode): an interrupt for it in the window
 * re-enters it.  Otherwise (or at the window's end) it blocks: HALTED, its
 * pCPU given to the scheduler's next vCPU, PID NV = pi_wakeup_nv, NDST =
 * that pCPU, SN = 0.
 *
 * Return: 0, -EINVAL (not RUNNING), -EBUSY (in an exit or entry).
 */
int vcpu_halt(struct vcpu *v);

/**
 * vcpu_idle_check - the guest's code may have something new to do on @v
 * (an application started): if @v is in guest mode with nothing to handle
 * and its VM has an idle loop or apic_vm_config.on_idle, the idle point is
 * evaluated (as its own event, SIM_PRIO_LAST).
 */
void vcpu_idle_check(struct vcpu *v);

/**
 * vcpu_deschedule - preempt a RUNNING vCPU (exit PREEMPT if in guest mode).
 * @v: the vCPU
 *
 * PI put: SN = 1, NV and NDST unchanged; posted interrupts accumulate in
 * the PIR without notification until vcpu_run_on().
 *
 * Return: 0 (also when already DESCHEDULED), -EINVAL (HALTED).
 */
int vcpu_deschedule(struct vcpu *v);

/**
 * vcpu_inject - the VMM injects @vector (non-posted path: remapped host
 * interrupt, then injection).
 * @v: the vCPU
 * @vector: guest vector, 16-255
 * @tag: ground truth (NULL or seq 0: none)
 *
 * Sets the vIRR bit now.  RUNNING in guest mode: kick (VCPU_KICK), exit
 * KICK, re-entry after VMEXIT_KERNEL with VMENTRY_INJECT.  RUNNING in an
 * exit: delivered at its VM entry.  HALTED: woken (VCPU_WAKEUP), delivered
 * at VM entry.  DESCHEDULED: delivered when it runs.
 *
 * Return: 0, -EINVAL (illegal vector), -ENOMEM (tag not stored).
 */
int vcpu_inject(struct vcpu *v, uint8_t vector, const struct irq_tag *tag);

/**
 * vcpu_deliver_posted - KVM injects @vector with APICv (kvm_apic_set_irq ->
 * vmx_deliver_posted_interrupt): the PIR bit of the vCPU's PID is set in
 * software, then ON.
 * @v: the vCPU
 * @vector: guest vector, 16-255
 * @tag: ground truth (NULL or seq 0: none)
 *
 * The PIR bit already set, or ON already set: nothing more (a notification
 * is pending).  Otherwise (kvm_vcpu_trigger_posted_interrupt): RUNNING in
 * guest mode: the notification IPI (pi_nv) to its pCPU, on the bus after
 * PI_NOTIFY, processed without an exit if it still runs in guest mode
 * then; halt polling: the poll ends; HALTED: woken (VCPU_WAKEUP); in an
 * exit or DESCHEDULED: the PIR is synced at the next VM entry.
 *
 * Return: 0, -EINVAL (illegal vector), -ENOMEM (tag not stored).
 */
int vcpu_deliver_posted(struct vcpu *v, uint8_t vector,
                        const struct irq_tag *tag);

/**
 * vcpu_eoi - the guest writes its virtual EOI (APICv: no VM exit).
 * @v: the vCPU
 *
 * Clears the highest vISR bit (SDM 3 s.29.1.4) and re-evaluates the vIRR.
 *
 * Return: the vector cleared, or -ENOENT when the vISR was empty.
 */
int vcpu_eoi(struct vcpu *v);

/**
 * vcpu_set_tpr - the guest writes its virtual TPR (TPR virtualization).
 * @v: the vCPU
 * @tpr: the new value
 *
 * Return: 0.
 */
int vcpu_set_tpr(struct vcpu *v, uint8_t tpr);

/** vcpu_state_of - DESCHEDULED, RUNNING or HALTED. */
enum vcpu_state vcpu_state_of(const struct vcpu *v);

/** vcpu_in_guest - RUNNING and in guest mode (not in an exit or entry). */
bool vcpu_in_guest(const struct vcpu *v);

/** vcpu_pcpu - the pCPU it runs on, or last ran or blocked on (or NULL). */
struct pcpu *vcpu_pcpu(const struct vcpu *v);

/** vcpu_id_of - its ID within its VM. */
uint32_t vcpu_id_of(const struct vcpu *v);

/** vcpu_pid_addr - its PID address. */
uint64_t vcpu_pid_addr(const struct vcpu *v);

/** vcpu_virr_test - is @vector pending in the virtual IRR? */
bool vcpu_virr_test(const struct vcpu *v, uint8_t vector);

/** vcpu_visr_test - is @vector in service in the virtual ISR? */
bool vcpu_visr_test(const struct vcpu *v, uint8_t vector);

/** vcpu_vppr - the virtual PPR (SDM 3 s.29.1.3). */
uint8_t vcpu_vppr(const struct vcpu *v);

/** vcpu_stats - the vCPU's counters. */
const struct vcpu_stats *vcpu_stats(const struct vcpu *v);

/** vcpu_by_pid - the vCPU owning the PID at @pid_addr, or NULL. */
struct vcpu *vcpu_by_pid(const struct apic_fabric *f, uint64_t pid_addr);

/** vcpu_exit_reason_name - "extint", "kick", "hlt", "preempt". */
const char *vcpu_exit_reason_name(enum vcpu_exit_reason r);

/* ---- the scheduler (sched.c) ------------------------------------------- */

/**
 * vcpu_sched_add - give a DESCHEDULED vCPU to the scheduler.
 * @v: the vCPU (not yet scheduled)
 * @home: the pCPU whose run queue it joins
 * @pinned: it runs on @home only; else (free placement) it may run on an
 *          idle pCPU when it is added, wakes or waits
 *
 * It runs at once if @home is idle (or, unpinned, another pCPU is), else
 * it waits in @home's queue.  From then on: slices of
 * apic_fabric_config.sched_slice_ps while another vCPU waits on its pCPU,
 * preemption by a woken vCPU (@sched_wakeup_preempt), and the next waiting
 * vCPU runs when the running one blocks in HLT.  vcpu_deschedule() parks a
 * scheduled vCPU (it waits for vcpu_run_on()).
 *
 * Return: 0, -EINVAL (NULL, other fabric, already scheduled, not
 * DESCHEDULED), -ENOMEM.
 */
int vcpu_sched_add(struct vcpu *v, struct pcpu *home, bool pinned);

/** pcpu_runqueue_len - vCPUs waiting to run on @p. */
size_t pcpu_runqueue_len(const struct pcpu *p);

#endif /* IMSLAB_MODELS_APIC_H */
