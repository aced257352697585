/* SPDX-License-Identifier: MIT */
/* runner.c - scenario -> simulated system -> run -> evidence -> result. */
#include "harness/runner.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "harness/evidence.h"
#include "harness/runner_internal.h"
#include "harness/runner_ims.h"
#include "harness/runner_vms.h"
#include "models/apic/apic.h"
#include "models/guest/guest.h"
#include "models/iommu/ir.h"
#include "models/iommu/ir_props.h"
#include "models/mem/mem.h"
#include "models/siov/idxd_regs.h"
#include "models/siov/ims_dut_store.h"
#include "models/siov/siov.h"
#include "models/trace-events.h"
#include "models/vmm/vmm.h"
#include "sim/clock.h"
#include "sim/rng.h"

/* Host-physical memory map of the simulated machine. */
#define MAP_IRT      UINT64_C(0x10000000)   /* interrupt remapping table */
#define MAP_DEVCTX   UINT64_C(0x20000000)   /* device context memory, 1 MiB each */
#define MAP_DEVCTX_SZ UINT64_C(0x100000)
#define MAP_GUEST    UINT64_C(0x100000000)  /* guest memory, 16 MiB per VM */
#define MAP_GUEST_SZ UINT64_C(0x1000000)

static int fail(struct run *run, int rc, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(run->err, run->errlen, fmt, ap);
    va_end(ap);
    return rc;
}

/* ---- evidence plumbing ---------------------------------------------------- */

/* Which assignment carries (dev, adi)? */
static int assign_of(const struct run *run, uint32_t dev, uint32_t adi)
{
    for (uint32_t i = 0; i < run->scn->nassigns; i++) {
        const struct hx_scn_assign *a = &run->scn->assigns[i];

        if (a->device == dev && (a->adi == adi || a->adi == HX_SCN_ALL))
            return (int)i;
    }
    return -1;
}

static int vm_evidence_index(const struct run *run, uint32_t vm)
{
    return run->scn->vms[vm].host ? HX_VM_HOST : (int)vm;
}

/*
 * The evidence port (models/bus.h), implemented once for every model: a
 * raise with where the guest wants it now, a device's refusal or an IR
 * fault, a coalesced raise, a handler entry, a retarget.
 */
static uint64_t on_raise(void *ctx, const struct irq_tag *tag)
{
    struct run *run = ctx;
    sim_time_t now = sim_now(run->sim);
    int a = assign_of(run, tag->dev, tag->adi);
    struct hx_dest want;
    const struct hx_dest *wp = NULL;
    unsigned cpu;
    uint32_t cpus;
    uint8_t vector;
    uint64_t seq;

    if (a >= 0) {
        uint32_t vm = run->scn->assigns[a].vm;

        if (guest_target(run->guest[vm], tag->dev, tag->adi, tag->entry, &cpu,
                         &cpus, &vector) == 0) {
            want.vm = vm_evidence_index(run, vm);
            want.cpu = (int)cpu;
            want.vector = vector;
            want.cpus = cpus;
            wp = &want;
        }
    }
    seq = hx_ev_raise(run->ev, now, tag->dev, tag->adi, tag->entry, wp);
    if (run->waves)
        hx_waves_raise(run->waves, tag, seq);
    return seq;
}

static void on_coalesced(void *ctx, const struct irq_tag *tag)
{
    struct run *run = ctx;

    hx_ev_coalesced(run->ev, tag);
}

/* A device that sent nothing refused the raise; remapping faulted it. */
static void on_fault(void *ctx, const struct irq_tag *tag,
                     enum evidence_fault where, unsigned reason)
{
    struct run *run = ctx;

    if (run->waves)
        hx_waves_fault(run->waves, tag, where, reason);
    if (where == EVIDENCE_FAULT_DEVICE)
        hx_ev_refused(run->ev, tag);
    else
        hx_ev_fault(run->ev, tag, reason);
}

static void on_handler(void *ctx, int vm, unsigned cpu, uint8_t vector,
                       const struct irq_tag *believed, const struct irq_tag *tags,
                       size_t n)
{
    struct run *run = ctx;
    struct hx_dest at = { vm, (int)cpu, vector, 0 };

    if (run->waves)
        hx_waves_handler(run->waves, vm, cpu, vector, tags, n);
    if (run->rq)
        hx_run__rq_handler(run, vm, cpu, tags, n);
    hx_ev_handler(run->ev, sim_now(run->sim), &at, believed, tags, (unsigned)n);
}

static void on_retarget(void *ctx, int vm, const struct irq_tag *irq,
                        unsigned cpu, uint32_t cpus, uint8_t vector)
{
    struct run *run = ctx;
    struct hx_dest want = { vm, (int)cpu, vector, cpus };

    hx_ev_retarget(run->ev, sim_now(run->sim), irq->dev, irq->adi, irq->entry,
                   &want);
    hx_rt_moved(&run->rt, sim_now(run->sim), hx_run__total_exits(run));
}

static void on_complete(void *ctx, int vm, unsigned cpu, const sim_time_t *submitted,
                        size_t n)
{
    hx_run__rq_complete(ctx, vm, cpu, submitted, n);
}

static const struct evidence_ops run_evidence_ops = {
    .raise = on_raise,
    .coalesced = on_coalesced,
    .fault = on_fault,
    .handler = on_handler,
    .retarget = on_retarget,
    .complete = on_complete,
};

static void probe_done(void *ctx, int status)
{
    struct run *run = ctx;

    if (status && !run->probe_err)
        run->probe_err = status;
    if (--run->probes_pending == 0) {
        run->setup_end = sim_now(run->sim);
        sim_stop(run->sim);
    }
}

static unsigned log2_u32(uint32_t v)
{
    unsigned s = 0;

    while ((UINT32_C(1) << (s + 1)) <= v)
        s++;
    return s;
}

/* ---- building the system, step by step ------------------------------------- */

/* The event kernel, with the trace points and the --trace selection. */
static int build_kernel(struct run *run, const struct hx_run_opts *opts)
{
    struct sim_config sc = { .backend = opts->backend,
                             .seed = opts->seed_set ? opts->seed : run->scn->seed };
    int rc;

    rc = sim_create(&run->sim, &sc);
    if (rc)
        return fail(run, rc, "cannot create the %s kernel: %s",
                    sim_backend_name(opts->backend), strerror(-rc));
    rc = sim_trace_use(run->sim, imslab_tracepoints, imslab_tracepoint_count);
    if (rc)
        return fail(run, rc, "trace point list rejected");
    sim_trace_hash_enable(run->sim, true);
    if (opts->trace) {
        sim_trace_output(run->sim, opts->trace_out ? opts->trace_out : stderr);
        if (sim_trace_enable(run->sim, opts->trace) < 0)
            return fail(run, -EINVAL, "--trace: '%s' matches no trace point "
                        "(imslab trace-list shows them)", opts->trace);
    }
    return 0;
}

/* Host memory (the IRT, the device contexts) and the evidence store. */
static int build_memory(struct run *run)
{
    const struct hx_scenario *scn = run->scn;
    int rc;

    run->cm = scn->costs;   /* defaults + overrides, cpu_hz, nested factor */
    mem_init(&run->mem);
    if ((rc = mem_add_region(&run->mem, MAP_IRT,
                             (uint64_t)scn->platform.iommu.irt_size * 16u)) ||
        (rc = mem_add_region(&run->mem, MAP_DEVCTX, MAP_DEVCTX_SZ * scn->ndevices)))
        return fail(run, rc, "cannot map host memory");
    if ((rc = hx_ev_create(&run->ev)))
        return fail(run, rc, "out of memory");
    run->port = (struct evidence_port){ &run_evidence_ops, run };
    return 0;
}

/* --vcd: the waveform of the run, from the evidence and the trace points. */
static int build_waves(struct run *run, const struct hx_run_opts *opts)
{
    int rc;

    if (!opts->vcd_path)
        return 0;
    rc = hx_waves_open(&run->waves, opts->vcd_path, opts->vcd_max_bytes, run->scn,
                       run->sim, run->ev);
    if (rc)
        return fail(run, rc, "--vcd: cannot write %s: %s", opts->vcd_path,
                    strerror(-rc));
    return 0;
}

/* The APIC fabric and the pCPUs (APIC ID = index). */
static int build_apic(struct run *run)
{
    const struct platform_config *pl = &run->scn->platform;
    struct apic_fabric_config fc;
    int rc;

    apic_fabric_config_default(&fc);
    fc.xapic = !pl->iommu.eime;
    fc.sched_slice_ps = SIM_US(pl->sched_slice_us);
    fc.sched_wakeup_preempt = pl->sched_wakeup_preempt;
    if ((rc = apic_fabric_create(&run->fab, run->sim, &run->mem, &run->cm, &fc)))
        return fail(run, rc, "cannot create the APIC fabric");
    run->pcpu = calloc(pl->pcpus, sizeof(*run->pcpu));
    if (!run->pcpu)
        return fail(run, -ENOMEM, "out of memory");
    for (uint32_t i = 0; i < pl->pcpus; i++)
        if ((rc = pcpu_create(run->fab, i, &run->pcpu[i])))
            return fail(run, rc, "cannot create pCPU %u", i);
    return 0;
}

/* The IOMMU: VT-d interrupt remapping, as the host kernel programs it. */
static int build_iommu(struct run *run)
{
    const struct ir_setup *io = &run->scn->platform.iommu;
    struct ir_config ic;
    int rc;

    ir_config_default(&ic);
    ir_setup_config(io, &ic);
    ic.sim = run->sim;
    ic.mem = &run->mem;
    ic.cost = &run->cm;
    ic.evidence = run->port;
    ic.caching_mode = false;
    ic.apic = apic_fabric_sink(run->fab);
    if ((rc = ir_create(&run->ir, &ic)))
        return fail(run, rc, "cannot create the remapping unit: %s", strerror(-rc));
    run->ir_sink = ir_pcie_sink(run->ir);
    if ((rc = ir_set_irta(run->ir, ir_irta_encode(MAP_IRT, log2_u32(io->irt_size) - 1,
                                                  io->eime))))
        return fail(run, rc, "IRTA rejected");
    ir_set_cfi(run->ir, io->cfi);
    if ((rc = ir_set_enabled(run->ir, io->interrupt_remapping)))
        return fail(run, rc, "cannot enable interrupt remapping");
    return 0;
}

/*
 * Between the devices and the remapping unit, the harness looks at each
 * message as a bus analyser would and passes it on unchanged, at once: a
 * message whose pair the emulating VMM never had in its hands (no trapped
 * access carried it, the VMM composed no such pair) marks its raise
 * untrapped (VMM-EMUL-EVID-01).
 */
static void upstream_write(void *ctx, const struct pcie_write *w)
{
    struct run *run = ctx;

    if (run->vmm && w->tag.seq && vmm_emulates(run->vmm) &&
        !vmm_pair_seen(run->vmm, w->addr, w->data))
        hx_ev_untrapped(run->ev, &w->tag);
    run->ir_sink.write(run->ir_sink.ctx, w);
}

/* Device @i: the SIOV model and its IMS bank (layout or RTL). */
static int build_device(struct run *run, uint32_t i, const char *rtl_cache)
{
    const struct hx_scn_device *d = &run->scn->devices[i];
    struct siov_config dc;
    struct siov_platform dp = { .sim = run->sim, .cost = &run->cm,
                                .mem = &run->mem,
                                .upstream = { upstream_write, run },
                                .evidence = run->port };
    int rc = 0;

    siov_config_init(&dc, d->model);
    dc.name = d->name;
    dc.index = i;
    dc.rid = hx_scn_bdf_rid(d->bdf);
    dc.n_adi = d->adis;
    dc.pasid_base = 0x100u * (i + 1);
    dc.ims_entries = d->ims_entries;
    dc.msix_vectors = d->msix_vectors;
    dc.int_handles = d->int_handles;
    dc.ctx_base = MAP_DEVCTX + MAP_DEVCTX_SZ * i;
    if ((rc = siov_create(&run->dev[i], &dc, &dp)))
        return fail(run, rc, "device %s: %s", d->name, strerror(-rc));
    /* an IMS bank from the device's layout descriptor or RTL (runner_ims.c) */
    rc = hx_run__attach_ims(run->scn, i, run->sim, run->dev[i], rtl_cache,
                            &run->dutstore[i], run->err, run->errlen);
    if (rc)
        return rc;
    return 0;
}

static int build_devices(struct run *run, const char *rtl_cache)
{
    uint32_t n = run->scn->ndevices;
    int rc;

    run->dev = calloc(n, sizeof(*run->dev));
    run->dutstore = calloc(n, sizeof(*run->dutstore));
    if (!run->dev || !run->dutstore)
        return fail(run, -ENOMEM, "out of memory");
    for (uint32_t i = 0; i < n; i++)
        if ((rc = build_device(run, i, rtl_cache)))
            return rc;
    return 0;
}

/* The VMM, configured as the scenario's vmm section says, and each
 * device's function MSI-X table. */
static int build_vmm(struct run *run)
{
    const struct hx_scenario *scn = run->scn;
    const struct vmm_platform vp = {
        .sim = run->sim, .cost = &run->cm, .mem = &run->mem,
        .ir = run->ir, .fabric = run->fab, .pcpu = run->pcpu,
        .npcpu = scn->platform.pcpus,
        .irt_entries = scn->platform.iommu.irt_size,
        .pi_capable = scn->platform.iommu.posted_interrupts,
        .mem_base = MAP_GUEST,
        .mem_size = MAP_GUEST_SZ * (HX_SCN_MAX_VMS + 1) };
    int rc;

    if ((rc = vmm_create(&run->vmm, &vp, &scn->vmm)))
        return fail(run, rc, "cannot create the VMM: %s", strerror(-rc));
    /* each device's function MSI-X table (until models/pci provides it) */
    for (uint32_t i = 0; i < scn->ndevices; i++)
        if ((rc = vmm_attach_msix(run->vmm, run->dev[i], scn->devices[i].msix_vectors)))
            return fail(run, rc, "device %s: MSI-X table: %s", scn->devices[i].name,
                        strerror(-rc));
    return 0;
}

/* VM @i and its guest kernel. */
static int build_vm(struct run *run, uint32_t i)
{
    const struct hx_scn_vm *v = &run->scn->vms[i];
    struct guest_config gc = {
        .sim = run->sim, .cost = &run->cm, .mem = &run->mem,
        .policy = v->guest,
        .after_migrate = v->after_migrate,
        .rewrite = v->rewrite,
        .vm_index = vm_evidence_index(run, i),
        .evidence = run->port,
    };
    unsigned pcpu_of[HX_SCN_MAX_VCPUS];
    struct vmm_vm_config vmc;
    int rc;

    if ((rc = guest_create(&run->guest[i], &gc)))
        return fail(run, rc, "vm %s: cannot create the guest", v->name);
    for (uint32_t c = 0; c < v->vcpus; c++)
        pcpu_of[c] = v->pcpu[c];
    vmc = (struct vmm_vm_config){ .nvcpu = v->vcpus, .pcpu_of = pcpu_of,
                                  .pinned = v->pinned,
                                  .idle = v->activity == GUEST_ACTIVITY_IDLE,
                                  .deliver = guest_deliver, .ctx = run->guest[i],
                                  .on_idle = hx_run__rq_vm(run, i) ? guest_on_idle : NULL,
                                  .mem_size = MAP_GUEST_SZ };
    if ((rc = vmm_vm_create(run->vmm, &vmc, &run->vm[i])))
        return fail(run, rc, "vm %s: %s", v->name, strerror(-rc));
    guest_bind_vm(run->guest[i], run->vm[i]);
    return 0;
}

static int build_vms(struct run *run)
{
    int rc;

    run->nvm = run->scn->nvms;
    run->vm = calloc(run->nvm, sizeof(*run->vm));
    run->guest = calloc(run->nvm, sizeof(*run->guest));
    if (!run->vm || !run->guest)
        return fail(run, -ENOMEM, "out of memory");
    for (uint32_t i = 0; i < run->nvm; i++)
        if ((rc = build_vm(run, i)))
            return rc;
    return 0;
}

/* The ADIs an assignment or a workload names: one, or every one ("all"). */
static uint32_t adi_count(const struct hx_scenario *scn, uint32_t dev, uint32_t adi)
{
    return adi == HX_SCN_ALL ? scn->devices[dev].adis : 1;
}

/* Assignments: one vdev per (assignment, ADIs), then each guest driver
 * probes its devices. */
static int build_assignments(struct run *run)
{
    const struct hx_scenario *scn = run->scn;
    int rc;

    for (uint32_t i = 0; i < scn->nassigns; i++)
        run->nvd += adi_count(scn, scn->assigns[i].device, scn->assigns[i].adi);
    run->vd = calloc(run->nvd ? run->nvd : 1, sizeof(*run->vd));
    run->vd_assign = calloc(run->nvd ? run->nvd : 1, sizeof(*run->vd_assign));
    run->vd_adi = calloc(run->nvd ? run->nvd : 1, sizeof(*run->vd_adi));
    if (!run->vd || !run->vd_assign || !run->vd_adi)
        return fail(run, -ENOMEM, "out of memory");
    for (uint32_t i = 0, k = 0; i < scn->nassigns; i++) {
        const struct hx_scn_assign *a = &scn->assigns[i];
        uint32_t lo = a->adi == HX_SCN_ALL ? 0 : a->adi;
        uint32_t hi = lo + adi_count(scn, a->device, a->adi);

        for (uint32_t adi = lo; adi < hi; adi++, k++) {
            run->vd_assign[k] = i;
            run->vd_adi[k] = adi;
            rc = vmm_assign(run->vmm, run->vm[a->vm], run->dev[a->device], adi,
                            a->mode, &run->vd[k]);
            if (rc)
                return fail(run, rc, "assign %s adi %u: %s",
                            scn->devices[a->device].name, adi, strerror(-rc));
        }
    }
    run->probes_pending = run->nvd;
    for (uint32_t k = 0; k < run->nvd; k++) {
        const struct hx_scn_assign *a = &scn->assigns[run->vd_assign[k]];

        rc = guest_attach(run->guest[a->vm], run->vd[k], a->vectors, a->vcpu,
                          probe_done, run);
        if (rc)
            return fail(run, rc, "probe of %s adi %u: %s",
                        scn->devices[a->device].name, run->vd_adi[k], strerror(-rc));
    }
    return 0;
}

/* Room for the arrival streams and timed events (scheduled when set-up ends). */
static int build_workload(struct run *run)
{
    const struct hx_scenario *scn = run->scn;

    for (uint32_t w = 0; w < scn->nworkloads; w++)
        run->narr += adi_count(scn, scn->workloads[w].device, scn->workloads[w].adi);
    run->arr = calloc(run->narr ? run->narr : 1, sizeof(*run->arr));
    run->tev = calloc(scn->nevents ? scn->nevents : 1, sizeof(*run->tev));
    if (!run->arr || !run->tev)
        return fail(run, -ENOMEM, "out of memory");
    return 0;
}

static int build(struct run *run, const struct hx_run_opts *opts)
{
    int rc;

    if ((rc = build_kernel(run, opts)) || (rc = build_memory(run)) ||
        (rc = build_waves(run, opts)) ||
        (rc = build_apic(run)) || (rc = build_iommu(run)) ||
        (rc = build_devices(run, opts->rtl_cache)) || (rc = build_vmm(run)) ||
        (rc = hx_run__rq_init(run)) || (rc = build_vms(run)) || (rc = build_assignments(run)))
        return rc;
    return build_workload(run);
}

static void teardown(struct run *run)
{
    const struct hx_scenario *scn = run->scn;

    hx_run__rq_free(run);
    for (uint32_t i = 0; run->guest && i < run->nvm; i++)
        guest_destroy(run->guest[i]);
    if (run->vmm)
        vmm_destroy(run->vmm);
    for (uint32_t i = 0; run->dev && i < scn->ndevices; i++)
        siov_destroy(run->dev[i]);
    for (uint32_t i = 0; run->dutstore && i < scn->ndevices; i++)
        ims_dut_store_destroy(run->dutstore[i]);
    free(run->dutstore);
    if (run->ir)
        ir_destroy(run->ir);
    if (run->fab)
        apic_fabric_destroy(run->fab);
    hx_ev_destroy(run->ev);
    mem_fini(&run->mem);
    sim_destroy(run->sim);
    free(run->pcpu);
    free(run->dev);
    free(run->vm);
    free(run->guest);
    free(run->vd);
    free(run->vd_assign);
    free(run->vd_adi);
    free(run->arr);
    hx_run__rewrite_free(run);
    free(run->tev);
}

/* ---- result ------------------------------------------------------------------ */

void hx_run_identity(const struct hx_scenario *scn, struct hx_result *r)
{
    hx_str_copy(r->name, sizeof(r->name), scn->name);
    hx_str_copy(r->personality, sizeof(r->personality),
         prop_enum_name(&vmm_personality_enum, scn->vmm.personality));
    snprintf(r->policy, sizeof(r->policy), "msix=%s ims=%s cap=%s viommu=%s",
             prop_enum_name(&vmm_msix_mode_enum, scn->vmm.msix),
             prop_enum_name(&vmm_ims_mode_enum, scn->vmm.ims),
             prop_enum_name(&vmm_cap_adv_enum, scn->vmm.cap),
             prop_enum_name(&vmm_viommu_enum, scn->vmm.viommu));
    if (scn->nvms)
        hx_str_copy(r->guest, sizeof(r->guest), guest_policy_name(scn->vms[0].guest));
    if (scn->nassigns) {
        const struct hx_scn_assign *a = &scn->assigns[0];

        hx_str_copy(r->device, sizeof(r->device),
             siov_kind_name(scn->devices[a->device].model));
        hx_str_copy(r->assignment, sizeof(r->assignment),
                    prop_enum_name(&vmm_assign_mode_enum, a->mode));
    }
}

static void collect(struct run *run, struct hx_result *r)
{
    const struct hx_scenario *scn = run->scn;
    const struct vmm_stats *vs;
    const struct ir_stats *is = ir_stats(run->ir);
    struct guest_attach_info gi = { 0 };
    bool relied = false, not_emul, any_ims = false, any_fb = false,
         any_cap = false;
    static const enum hx_exit_reason exit_map[VMM_EXIT__COUNT] = {
        [VMM_EXIT_MMIO] = HX_EXIT_MMIO, [VMM_EXIT_HYPERCALL] = HX_EXIT_HYPERCALL,
        [VMM_EXIT_EXTINT] = HX_EXIT_EXTINT, [VMM_EXIT_HLT] = HX_EXIT_HLT,
        [VMM_EXIT_KICK] = HX_EXIT_KICK, [VMM_EXIT_OTHER] = HX_EXIT_OTHER,
    };

    hx_run_identity(scn, r);
    for (uint32_t i = 0; i < run->nvd; i++) {
        const struct hx_scn_assign *a = &scn->assigns[run->vd_assign[i]];

        if (guest_attach_info(run->guest[a->vm], run->vd[i], &gi))
            continue;
        any_ims |= gi.ims_used;
        any_fb |= gi.fallback;
        r->pair_failures += gi.setup_errors;
        relied |= gi.ims_used && gi.relied_on_cap;
        any_cap |= vmm_cap_advertised(run->vd[i]);
        if (i == 0)
            snprintf(r->path, sizeof(r->path), "%s/%s", gi.ims_used ? "ims" : "msix",
                     guest_parent_name(gi.parent));
    }
    r->ims_used = any_ims;
    r->fallback = any_fb;
    r->cap_advertised = any_cap;
    hx_ev_finish(run->ev, r);
    /* VMM-EMUL-EVID-01: from what happened, not from the VMM's plugin
     * table: the emulating VMM never had in its hands the pair a device
     * sent (hx_classify() still needs an interrupt that did not arrive) */
    not_emul = r->untrapped > 0;
    if (not_emul)
        hx_str_copy(r->note, sizeof(r->note),
             "the device sent pairs no trapped access carried: the VMM could "
             "not emulate this device's interrupt storage");
    else if (relied)
        hx_str_copy(r->note, sizeof(r->note),
             "the guest used IMS on the strength of the advertised capability bit");

    vs = vmm_stats(run->vmm);
    for (int i = 0; i < VMM_EXIT__COUNT; i++) {
        r->exits[exit_map[i]] += vs->exits[i];
        r->exits_total += vs->exits[i];
        r->exits_steady_by[exit_map[i]] += run->vmm_at_stop.exits[i] -
                                          run->vmm_at_start.exits[i];
    }
    r->exits_steady = run->exits_at_stop - run->exits_at_start;
    hx_collect_vcpus(run->vm, run->scn->nvms, &r->vcpus);
    hx_rt_finish(&run->rt, &r->retarget);
    hx_run__migration_finish(run, &r->migration);
    r->rewrite = run->rw;
    r->setup = (struct hx_setup){
        .time_ns = run->setup_end / 1000, .exits = run->exits_at_start,
        .hypercalls = run->vmm_at_start.hypercalls,
        .iec_flushes = run->vmm_at_start.iec_flushes,
        .route_commits = run->vmm_at_start.route_commits,
    };
    r->irq_path = (struct hx_irq_path){
        .host_irqs = vs->host_irqs, .eventfd_signals = vs->eventfd_signals,
        .irqfd_wakeups = vs->irqfd_wakeups, .kicks = vs->kicks,
        .pi_ipis = vs->pi_ipis, .bypass_connects = vs->bypass_connects,
        .bypass_updates = vs->bypass_updates, .bypass_posted = vs->bypass_posted,
        .bypass_remapped = vs->bypass_remapped,
        .bypass_switches = vs->bypass_switches,
    };
    r->discovery = (struct hx_discovery){ .cpuid_exits = vs->cpuid_exits,
                                          .iommu_reg_exits = vs->iommu_reg_exits };
    r->ims_write_traps = vs->ims_write_traps;
    r->msix_write_traps = vs->msix_write_traps;
    r->hypercalls = vs->hypercalls;
    r->hypercalls_alloc = vs->hc_by_op[HC_PAIR_ALLOC];
    r->hypercalls_retarget = vs->hc_by_op[HC_PAIR_RETARGET];
    r->hypercalls_free = vs->hc_by_op[HC_PAIR_FREE];
    r->handle_revocations = vs->handle_revocations;
    r->resubmits = vs->resubmits;
    for (uint32_t i = 0; i < scn->ndevices; i++) {
        struct siov_stats ds;

        siov_get_stats(run->dev[i], &ds);
        r->handle_errors += ds.handle_errors;
    }
    r->ir_fault_records = is->faults_recorded;
    r->ir_faults_lost = is->faults_lost;
    r->sim_end_ps = sim_now(run->sim);
    r->events = sim_events_run(run->sim);
    r->trace_hash = sim_trace_hash(run->sim);
    r->outcome = hx_classify(r, relied, not_emul);
}

/* Bits 0 .. @n-1. */
static uint64_t adi_mask(uint32_t n)
{
    return n >= 64 ? UINT64_MAX : (UINT64_C(1) << n) - 1;
}

_Static_assert(HX_SCN_MAX_DEVICES <= HX_EV_SCOPE_DEVS &&
               HX_SCN_MAX_ADIS <= 64, "a scope holds every device and ADI");

/*
 * The part of the run that belongs to (@device, @vm), as hx_scope_fn: the
 * raises of the ADIs of @device (every device: HX_SCN_NONE) that are
 * assigned to @vm (HX_SCN_NONE: every ADI, assigned or not), wherever they
 * arrived; the spurious handler entries of @vm when no device is named;
 * the probe results of those assignments; and, from these, the outcome by
 * the same classifier as the whole run's.
 */
static int scope_result(void *ctx, uint32_t device, uint32_t vm,
                        struct hx_result *out)
{
    struct run *run = ctx;
    const struct hx_scenario *scn = run->scn;
    struct hx_ev_scope sc = { .vm = HX_EV_SCOPE_NO_VM };
    bool relied = false, not_emul = false;
    int rc;

    memset(out, 0, sizeof(*out));
    if (vm == HX_SCN_NONE) {
        for (uint32_t d = 0; d < scn->ndevices; d++)
            if (device == HX_SCN_NONE || d == device)
                sc.adis[d] = adi_mask(scn->devices[d].adis);
    } else if (device == HX_SCN_NONE) {
        sc.vm = vm_evidence_index(run, vm);
    }
    for (uint32_t k = 0; k < run->nvd; k++) {
        const struct hx_scn_assign *a = &scn->assigns[run->vd_assign[k]];
        struct guest_attach_info gi;

        if ((device != HX_SCN_NONE && a->device != device) ||
            (vm != HX_SCN_NONE && a->vm != vm))
            continue;
        sc.adis[a->device] |= UINT64_C(1) << run->vd_adi[k];
        out->cap_advertised |= vmm_cap_advertised(run->vd[k]);
        if (guest_attach_info(run->guest[a->vm], run->vd[k], &gi))
            continue;
        out->ims_used |= gi.ims_used;
        out->fallback |= gi.fallback;
        out->pair_failures += gi.setup_errors;
        relied |= gi.ims_used && gi.relied_on_cap;
    }
    rc = hx_ev_tally(run->ev, &sc, out);
    if (rc)
        return rc;
    not_emul = out->untrapped > 0;
    out->outcome = hx_classify(out, relied, not_emul);
    return 0;
}

/*
 * How long interrupts in flight get to land after the workload stops:
 * HX_DRAIN_PS, and with more vCPUs than pCPUs the slices a vCPU may wait
 * in a run queue before it runs and takes what its PIR holds.
 */
static sim_time_t drain_ps(const struct hx_scenario *scn)
{
    uint32_t nv = 0, np = scn->platform.pcpus;

    for (uint32_t i = 0; i < scn->nvms; i++)
        if (!scn->vms[i].host)
            nv += scn->vms[i].vcpus;
    if (nv <= np)
        return HX_DRAIN_PS;
    return HX_DRAIN_PS + SIM_US(scn->platform.sched_slice_us) * ((nv + np - 1) / np - 1);
}

int hx_run_scenario(const struct hx_scenario *scn, const struct hx_run_opts *opts,
                    struct hx_result *r, char *err, size_t errlen)
{
    struct run run = { .scn = scn, .err = err, .errlen = errlen };
    struct hx_run_health health = { 0 };
    uint64_t bare_per_s = 0;
    int rc;

    memset(r, 0, sizeof(*r));
    r->seed = opts->seed_set ? opts->seed : scn->seed;
    rc = hx_run__baseline(scn, opts, r->seed, &bare_per_s, err, errlen);
    if (rc)
        return rc;
    rc = build(&run, opts);
    if (rc)
        goto out;
    /* set-up: run until every probe reported done */
    if (run.probes_pending) {
        rc = sim_run(run.sim, HX_SETUP_MAX_PS);
        if (rc < 0 || run.probes_pending) {
            rc = fail(&run, rc < 0 ? rc : -EIO,
                      "set-up did not complete (%u probes pending)", run.probes_pending);
            goto out;
        }
    }
    hx_run__start_workload(&run);
    if (run.rq_failed) {
        rc = fail(&run, -ENOMEM, "request loops: out of memory");
        goto out;
    }
    rc = sim_run(run.sim, run.setup_end + SIM_US(scn->duration_us) + drain_ps(scn));
    if (rc < 0) {
        fail(&run, rc, "run failed: %s", strerror(-rc));
        goto out;
    }
    rc = 0;
    collect(&run, r);
    if ((rc = hx_collect_vms(scn, run.vm, scope_result, &run, r))) {
        fail(&run, rc, "per-VM results: %s", strerror(-rc));
        goto out;
    }
    if ((rc = hx_run__rq_collect(&run, r))) {
        fail(&run, rc, "request loops: %s", strerror(-rc));
        goto out;
    }
    if (bare_per_s)
        r->requests.vs_bare_milli = (r->requests.per_s * 1000 + bare_per_s / 2) / bare_per_s;
    hx_expect_eval(scn, r, scope_result, &run);
    hx_run__count_unraised(&run, &health);
    hx_run_health_rules(scn, &health, r);
out:
    if (run.waves && hx_waves_close(run.waves) && !rc)
        rc = fail(&run, -EIO, "--vcd: cannot write %s", opts->vcd_path);
    teardown(&run);
    return rc;
}
