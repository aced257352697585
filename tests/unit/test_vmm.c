/* SPDX-License-Identifier: MIT */
/*
 * test_vmm.c - the VMM and guest models on a small system (IOMMU, APIC
 * fabric, one device, one VM): capability advertisement, the fake and the
 * real pair, the IRTE written for posted delivery, trap counts, the
 * hypercall and its errors, bare metal.  Exact values throughout; rule IDs
 * as in docs/rules.md.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "models/apic/apic.h"
#include "models/cost.h"
#include "models/guest/guest.h"
#include "models/iommu/ir.h"
#include "models/iommu/irte.h"
#include "models/iommu/msi.h"
#include "models/mem/mem.h"
#include "models/pci/msix.h"
#include "models/pci/pci.h"
#include "models/siov/idxd_regs.h"
#include "models/siov/siov.h"
#include "models/trace-events.h"
#include "models/vmm/vmm.h"
#include "models/guest/discover.h"
#include "sim/sim.h"
#include "sim/trace.h"

#define IRT_BASE UINT64_C(0x10000000)
#define IRT_S 7u                       /* 256 entries */
#define CTX_BASE UINT64_C(0x20000000)
#define VMM_BASE UINT64_C(0x100000000)
#define GUEST_MEM UINT64_C(0x1000000)
#define RID PCI_RID(0x6a, 1, 0)

struct fx {
    struct sim *sim;
    struct mem mem;
    struct cost_model cm;
    struct ir_unit *ir;
    struct apic_fabric *fab;
    struct pcpu *pcpu[4];
    struct siov_dev *dev;
    struct vmm *vmm;
    struct vm *vm;
    struct guest *g;
    struct vdev *vd;
    int probe_rc;
    bool probed;
    unsigned handled;
    sim_time_t t_handled;
    struct irq_tag last_believed;
    bool last_owned;
    unsigned last_cpu;
    uint8_t last_vec;
    uint64_t last_seq;
    unsigned retargets;
    int rt_vm;
    struct irq_tag rt_irq;
    unsigned rt_cpu;
    uint32_t rt_cpus;
    uint8_t rt_vec;
};

static void on_handler(void *ctx, int vm, unsigned cpu, uint8_t vector,
                       const struct irq_tag *believed, const struct irq_tag *tags,
                       size_t n)
{
    struct fx *f = ctx;

    (void)vm;
    f->handled++;
    f->t_handled = sim_now(f->sim);
    f->last_cpu = cpu;
    f->last_vec = vector;
    f->last_owned = believed != NULL;
    if (believed)
        f->last_believed = *believed;
    f->last_seq = n ? tags[0].seq : 0;
}

static void on_retarget(void *ctx, int vm, const struct irq_tag *irq,
                        unsigned cpu, uint32_t cpus, uint8_t vector)
{
    struct fx *f = ctx;

    f->rt_cpus = cpus;
    f->retargets++;
    f->rt_vm = vm;
    f->rt_irq = *irq;
    f->rt_cpu = cpu;
    f->rt_vec = vector;
}

static const struct evidence_ops fx_evidence = { .handler = on_handler,
                                                 .retarget = on_retarget };

static void probe_done(void *ctx, int status)
{
    struct fx *f = ctx;

    f->probed = true;
    f->probe_rc = status;
}

/* Build the platform, a VMM with @vc, one VM (two vCPUs on pCPUs 1 and 2,
 * or the host on bare) and one device of @kind. */
static void fx_init_ir(struct fx *f, const struct vmm_config *vc, enum siov_kind kind,
                       enum guest_policy policy, bool esirtps)
{
    struct ir_config ic;
    struct apic_fabric_config fc;
    struct siov_config dc;
    struct siov_platform dp;
    struct vmm_platform vp;
    struct guest_config gc;
    struct vmm_vm_config vmc;
    unsigned pcpu_of_vm[2] = { 1, 2 }, pcpu_of_host[4] = { 0, 1, 2, 3 };
    bool bare = vc->personality == VMM_BARE;

    memset(f, 0, sizeof(*f));
    assert_int_equal(sim_create(&f->sim, NULL), 0);
    assert_int_equal(sim_trace_use(f->sim, imslab_tracepoints,
                                   imslab_tracepoint_count), 0);
    cost_model_default(&f->cm);
    mem_init(&f->mem);
    assert_int_equal(mem_add_region(&f->mem, IRT_BASE, 16u << (IRT_S + 1)), 0);
    assert_int_equal(mem_add_region(&f->mem, CTX_BASE, 0x100000), 0);
    apic_fabric_config_default(&fc);
    fc.xapic = true;
    assert_int_equal(apic_fabric_create(&f->fab, f->sim, &f->mem, &f->cm, &fc), 0);
    ir_config_default(&ic);
    ic.sim = f->sim;
    ic.mem = &f->mem;
    ic.cost = &f->cm;
    ic.apic = apic_fabric_sink(f->fab);
    ic.esirtps = esirtps;
    assert_int_equal(ir_create(&f->ir, &ic), 0);
    assert_int_equal(ir_set_irta(f->ir, ir_irta_encode(IRT_BASE, IRT_S, false)), 0);
    assert_int_equal(ir_set_enabled(f->ir, true), 0);
    for (unsigned i = 0; i < 4; i++)
        assert_int_equal(pcpu_create(f->fab, i, &f->pcpu[i]), 0);
    siov_config_init(&dc, kind);
    dc.rid = RID;
    dc.ctx_base = CTX_BASE;
    dc.n_adi = 1;
    dc.pasid_base = 0x100;
    dp = (struct siov_platform){ .sim = f->sim, .cost = &f->cm, .mem = &f->mem,
                                 .upstream = ir_pcie_sink(f->ir) };
    assert_int_equal(siov_create(&f->dev, &dc, &dp), 0);
    vp = (struct vmm_platform){ .sim = f->sim, .cost = &f->cm, .mem = &f->mem,
                                .ir = f->ir, .fabric = f->fab, .pcpu = f->pcpu,
                                .npcpu = 4, .irt_entries = 256, .pi_capable = true,
                                .mem_base = VMM_BASE };
    assert_int_equal(vmm_create(&f->vmm, &vp, vc), 0);
    assert_int_equal(vmm_attach_msix(f->vmm, f->dev, 9), 0);
    gc = (struct guest_config){ .sim = f->sim, .cost = &f->cm, .mem = &f->mem,
                                .policy = policy, .vm_index = bare ? -1 : 0,
                                .evidence = { &fx_evidence, f } };
    assert_int_equal(guest_create(&f->g, &gc), 0);
    vmc = (struct vmm_vm_config){ .nvcpu = bare ? 4 : 2,
                                  .pcpu_of = bare ? pcpu_of_host : pcpu_of_vm,
                                  .deliver = guest_deliver, .ctx = f->g,
                                  .mem_size = GUEST_MEM };
    assert_int_equal(vmm_vm_create(f->vmm, &vmc, &f->vm), 0);
    guest_bind_vm(f->g, f->vm);
}

static void fx_init(struct fx *f, const struct vmm_config *vc, enum siov_kind kind,
                    enum guest_policy policy)
{
    fx_init_ir(f, vc, kind, policy, false);
}

static void fx_fini(struct fx *f)
{
    guest_destroy(f->g);
    vmm_destroy(f->vmm);
    siov_destroy(f->dev);
    ir_destroy(f->ir);
    apic_fabric_destroy(f->fab);
    sim_destroy(f->sim);
    mem_fini(&f->mem);
}

static void fx_assign(struct fx *f, enum vmm_assign_mode mode)
{
    assert_int_equal(vmm_assign(f->vmm, f->vm, f->dev, 0, mode, &f->vd), 0);
}

static void fx_probe(struct fx *f, unsigned nvec, unsigned vcpu)
{
    assert_int_equal(guest_attach(f->g, f->vd, nvec, vcpu, probe_done, f), 0);
    (void)sim_run(f->sim, SIM_FOREVER);
    assert_true(f->probed);
}

static struct irte irt_entry(struct fx *f, unsigned idx)
{
    struct irte e;

    assert_int_equal(mem_read64(&f->mem, IRT_BASE + 16u * idx, &e.lo), 0);
    assert_int_equal(mem_read64(&f->mem, IRT_BASE + 16u * idx + 8, &e.hi), 0);
    return e;
}

static struct ims_entry hw_entry(struct fx *f, enum siov_bank bank, uint32_t i)
{
    struct ims_entry e;

    assert_int_equal(siov_entry_read(f->dev, bank, i, &e), 0);
    return e;
}

static struct vmm_config kvm_cfg(enum vmm_ims_mode ims, enum vmm_cap_adv cap)
{
    return (struct vmm_config){ .personality = VMM_KVM, .msix = VMM_MSIX_TRAP,
                                .ims = ims, .cap = cap, .posted = true,
                                .apicv = true };
}

/* One completion of ADI 0, run to quiescence. */
static void fx_raise(struct fx *f)
{
    struct siov_event ev;

    assert_int_equal(siov_adi_complete(f->dev, 0, &ev), 0);
    (void)sim_run(f->sim, sim_now(f->sim) + SIM_US(50));
}

/* ---- VMM-CAP-01: the advertisement table ------------------------------------ */

static void test_cap_table(void **state)
{
    static const enum vmm_cap_adv caps[] = { VMM_CAP_AUTO, VMM_CAP_ALWAYS,
                                             VMM_CAP_NEVER };
    static const enum vmm_ims_mode ims[] = { VMM_IMS_NONE, VMM_IMS_EMULATE,
                                             VMM_IMS_HYPERCALL };
    static const enum siov_kind kinds[] = { SIOV_KIND_IDXD, SIOV_KIND_MLX5,
                                            SIOV_KIND_MSIX };
    /* [cap][ims][kind]: what the guest reads in the DVSEC */
    static const bool want[3][3][3] = {
        /* auto: only emulation makes "IMS works" true for a guest that
         * programs its own pairs; the hypercall does not */
        /* auto */   { { 0, 0, 0 }, { 1, 0, 0 }, { 0, 0, 0 } },
        /* always */ { { 1, 1, 0 }, { 1, 1, 0 }, { 1, 1, 0 } },
        /* never */  { { 0, 0, 0 }, { 0, 0, 0 }, { 0, 0, 0 } },
    };

    (void)state;
    for (int c = 0; c < 3; c++) {
        for (int i = 0; i < 3; i++) {
            for (int k = 0; k < 3; k++) {
                struct vmm_config vc = kvm_cfg(ims[i], caps[c]);
                struct guest_view v;
                struct fx f;

                fx_init(&f, &vc, kinds[k], GUEST_POLICY_TRUSTS_CAP);
                fx_assign(&f, VMM_ASSIGN_PASSTHROUGH);
                vmm_guest_view(f.vd, &v);
                if (v.dvsec_ims != want[c][i][k])
                    fail_msg("cap %d ims %d kind %d: dvsec_ims %d", c, i, k,
                             v.dvsec_ims);
                assert_int_equal(vmm_cap_advertised(f.vd), want[c][i][k]);
                assert_int_equal(vmm_ims_emulatable(f.vd), kinds[k] == SIOV_KIND_IDXD);
                /* asked to emulate what no plugin can: mlx5 only */
                assert_int_equal(vmm_emulation_unsupported(f.vd),
                                 ims[i] == VMM_IMS_EMULATE &&
                                 kinds[k] == SIOV_KIND_MLX5);
                assert_int_equal(vmm_stats(f.vmm)->emulation_unsupported,
                                 vmm_emulation_unsupported(f.vd));
                /* the platform is the guest's to discover (test_discover_*) */
                assert_false(v.hypervisor);
                fx_fini(&f);
            }
        }
    }
}

/* ---- discovery: what the guest reads, what it decides -------------------------- */

static void read_platform(const struct vmm_config *vc, struct guest_platform *pl,
                          struct guest_view *v, uint64_t *cpuid_exits,
                          uint64_t *reg_exits)
{
    struct fx f;

    fx_init(&f, vc, SIOV_KIND_IDXD, GUEST_POLICY_HYPERCALL_AWARE);
    fx_assign(&f, VMM_ASSIGN_PASSTHROUGH);
    vmm_guest_view(f.vd, v);
    guest_discover(f.vm, pl);
    guest_view_decide(pl, v);
    *cpuid_exits = vmm_stats(f.vmm)->cpuid_exits;
    *reg_exits = vmm_stats(f.vmm)->iommu_reg_exits;
    fx_fini(&f);
}

/* KVM: "KVMKVMKVM", its feature bits, the vIOMMU's CM; and the misreports. */
static void test_discover_kvm(void **state)
{
    struct vmm_config vc = kvm_cfg(VMM_IMS_HYPERCALL, VMM_CAP_AUTO);
    struct guest_platform pl;
    struct guest_view v;
    uint64_t ce, re;

    (void)state;
    vc.viommu = true;
    read_platform(&vc, &pl, &v, &ce, &re);
    assert_int_equal(pl.leaf1_ecx, 0x80000000u);
    assert_int_equal(pl.base[0], 0x40000001u);
    assert_int_equal(pl.base[1], 0x4b4d564bu);     /* "KVMK" */
    assert_int_equal(pl.base[2], 0x564b4d56u);     /* "VMKV" */
    assert_int_equal(pl.base[3], 0x0000004du);     /* "M\0\0\0" */
    /* PV_EOI 6, PV_SEND_IPI 11, MSI_EXT_DEST_ID 15, the IMS pair bit 21 */
    assert_int_equal(pl.kvm_features, 0x00208840u);
    assert_int_equal(pl.cap, 0x80u);               /* CM, bit 7 */
    assert_int_equal(pl.ecap, 0x1au);              /* QI, IR, EIM */
    assert_int_equal(pl.cpuid_reads, 3);
    assert_int_equal(ce, 3);                        /* every CPUID exits */
    assert_int_equal(re, 2);                        /* CAP_REG, ECAP_REG */
    assert_true(v.hypervisor && pl.kvm && !pl.hyperv);
    assert_true(v.hc_ims);
    assert_false(v.hc_msi);
    assert_true(v.ir && v.ir_caching_mode);
    assert_false(v.hv_vpci);

    vc.cpuid_report = VMM_CPUID_NO_FEATURES;
    read_platform(&vc, &pl, &v, &ce, &re);
    assert_int_equal(pl.kvm_features, 0);
    assert_true(v.hypervisor);
    assert_false(v.hc_ims);

    vc.cpuid_report = VMM_CPUID_HIDE_HYPERVISOR;
    read_platform(&vc, &pl, &v, &ce, &re);
    assert_int_equal(pl.leaf1_ecx, 0);
    assert_int_equal(pl.base[1], 0);
    assert_int_equal(pl.cpuid_reads, 1);            /* nothing above leaf 1 */
    assert_false(v.hypervisor || v.hc_ims || pl.kvm);

    vc.cpuid_report = VMM_CPUID_HONEST;
    vc.viommu_cm_report = VMM_CM_CLEAR;
    read_platform(&vc, &pl, &v, &ce, &re);
    assert_int_equal(pl.cap, 0);
    assert_true(v.ir);
    assert_false(v.ir_caching_mode);                /* "a physical unit" */
}

/* Hyper-V: "Microsoft Hv", "Hv#1", the VMBus privileges, recommendations. */
static void test_discover_hyperv(void **state)
{
    struct vmm_config vc = { .personality = VMM_HYPERV, .msix = VMM_MSIX_HYPERCALL,
                             .ims = VMM_IMS_HYPERCALL, .posted = true,
                             .apicv = true };
    struct guest_platform pl;
    struct guest_view v;
    uint64_t ce, re;

    (void)state;
    read_platform(&vc, &pl, &v, &ce, &re);
    assert_int_equal(pl.base[0], 0x40000005u);
    assert_int_equal(pl.base[1], 0x7263694du);     /* "Micr" */
    assert_int_equal(pl.base[2], 0x666f736fu);     /* "osof" */
    assert_int_equal(pl.base[3], 0x76482074u);     /* "t Hv" */
    /* TIME_REF_COUNT 1, SYNIC 2, APIC_ACCESS 4, HYPERCALL 5, VP_INDEX 6 */
    assert_int_equal(pl.hv_features[0], 0x76u);
    assert_int_equal(pl.hv_features[1], 0x30u);    /* POST_MESSAGES, SIGNAL_EVENTS */
    /* APIC access 3, relaxed timing 5, cluster IPI 10, ex processor masks 11 */
    assert_int_equal(pl.hv_recommend, 0xc28u);
    assert_int_equal(pl.cpuid_reads, 5);
    assert_int_equal(ce, 5);
    assert_int_equal(re, 0);                        /* no vIOMMU */
    assert_false(pl.iommu);
    assert_true(v.hv_vpci && v.hc_ims && v.hypervisor);
    assert_false(v.ir || v.hc_msi);

    /* without SynIC and the hypercall page there is no VMBus, so no vPCI */
    vc.cpuid_report = VMM_CPUID_NO_FEATURES;
    read_platform(&vc, &pl, &v, &ce, &re);
    assert_int_equal(pl.hv_features[0], 0);
    assert_true(pl.hyperv);
    assert_false(v.hv_vpci || v.hc_ims);
}

/* Bare metal: no hypervisor bit, the physical unit (CM clear). */
static void test_discover_bare(void **state)
{
    struct vmm_config vc = { .personality = VMM_BARE };
    struct guest_platform pl;
    struct guest_view v;
    uint64_t ce, re;

    (void)state;
    read_platform(&vc, &pl, &v, &ce, &re);
    assert_int_equal(pl.leaf1_ecx, 0);
    assert_int_equal(ce, 0);                        /* no VM, no exits */
    assert_int_equal(re, 0);
    assert_true(pl.iommu);
    assert_int_equal(pl.ecap & 0x8u, 0x8u);         /* IR */
    assert_int_equal(pl.cap & 0x80u, 0);
    assert_true(v.ir);
    assert_false(v.ir_caching_mode || v.hypervisor);
}

/* Composed: an MSI-X-only function with the bit clear, whatever the knob. */
static void test_cap_composed(void **state)
{
    struct vmm_config vc = kvm_cfg(VMM_IMS_HYPERCALL, VMM_CAP_ALWAYS);
    struct guest_view v;
    struct fx f;

    (void)state;
    fx_init(&f, &vc, SIOV_KIND_IDXD, GUEST_POLICY_TRUSTS_CAP);
    fx_assign(&f, VMM_ASSIGN_COMPOSED);
    vmm_guest_view(f.vd, &v);
    assert_false(v.dvsec_ims);
    assert_true(v.own_function);
    assert_int_equal(v.msix_size, 256);   /* the ADI's IMS slots */
    fx_fini(&f);
}

/* ---- VMM-IMS-EMUL-01: IDXD emulation swaps the fake pair for a real one ---- */

static void test_emulate_idxd(void **state)
{
    struct vmm_config vc = kvm_cfg(VMM_IMS_EMULATE, VMM_CAP_AUTO);
    struct guest_attach_info gi;
    struct irte_posted p;
    struct ims_entry e;
    struct fx f;
    struct irte t;

    (void)state;
    fx_init(&f, &vc, SIOV_KIND_IDXD, GUEST_POLICY_TRUSTS_CAP);
    fx_assign(&f, VMM_ASSIGN_PASSTHROUGH);
    fx_probe(&f, 1, 1);
    assert_int_equal(f.probe_rc, 0);
    assert_int_equal(guest_attach_info(f.g, f.vd, &gi), 0);
    assert_true(gi.ims_used);
    assert_true(gi.relied_on_cap);
    assert_int_equal(gi.parent, GUEST_PARENT_VECTOR);
    /* mask, addr_lo, addr_hi, data, unmask: five trapped writes (and the
     * read-back flush, a trapped read) */
    assert_int_equal(vmm_stats(f.vmm)->ims_write_traps, 5);
    assert_int_equal(vmm_stats(f.vmm)->exits[VMM_EXIT_MMIO], 6);
    assert_int_equal(vmm_stats(f.vmm)->msix_write_traps, 0);
    assert_int_equal(vmm_stats(f.vmm)->irte_alloc, 1);
    /* the start-up global invalidation (no ESIRTPS) and the IRTE's */
    assert_int_equal(vmm_stats(f.vmm)->iec_flushes, 2);
    /* COST-RC-01: the unmask's route commit, before the IRTE write */
    assert_int_equal(vmm_stats(f.vmm)->route_commits, 1);
    /* the host IRTE: posted to vCPU 1's PID (the VMM's second PID), the
     * guest vector 0x41, SID = the device, SVT = 01b (VMM-POST-01) */
    t = irt_entry(&f, 0);
    assert_true(irte_present(&t));
    assert_true(irte_posted(&t));
    irte_decode_posted(&t, &p);
    assert_int_equal(p.vector, 0x41);
    assert_int_equal(p.pda, VMM_BASE + 64);
    assert_int_equal(p.pda, vcpu_pid_addr(vmm_vcpu(f.vm, 1)));
    assert_false(p.urg);
    assert_int_equal(p.sid, RID);
    assert_int_equal(p.svt, IRTE_SVT_SID_SQ);
    assert_int_equal(p.sq, IRTE_SQ_ALL_16);
    /* the hardware slot holds the real pair: handle 0, SHV, subhandle 0;
     * unmasked, PASID enabled with the ADI's PASID (VMM-PAIR-01) */
    e = hw_entry(&f, SIOV_BANK_IMS, 0);
    assert_int_equal(e.addr, UINT64_C(0xfee00018));
    assert_int_equal(e.data, 0);
    assert_false(e.masked);
    assert_true(e.pasid_en);
    assert_int_equal(e.pasid, 0x100);
    /* and it delivers, posted, with no exit */
    fx_raise(&f);
    assert_int_equal(f.handled, 1);
    assert_int_equal(f.last_cpu, 1);
    assert_int_equal(f.last_vec, 0x41);
    assert_true(f.last_owned);
    assert_int_equal(f.last_believed.entry, 0);
    assert_int_equal(vmm_stats(f.vmm)->exits[VMM_EXIT_EXTINT], 0);
    assert_int_equal(vmm_stats(f.vmm)->exits[VMM_EXIT_KICK], 0);
    fx_fini(&f);
}

/* ---- VMM-FAKE-01: without emulation the fake pair reaches hardware --------- */

static void test_fake_pair_reaches_hw(void **state)
{
    struct vmm_config vc = kvm_cfg(VMM_IMS_NONE, VMM_CAP_ALWAYS);
    struct ims_entry e;
    struct fx f;

    (void)state;
    fx_init(&f, &vc, SIOV_KIND_IDXD, GUEST_POLICY_TRUSTS_CAP);
    fx_assign(&f, VMM_ASSIGN_PASSTHROUGH);
    fx_probe(&f, 1, 1);
    assert_int_equal(vmm_stats(f.vmm)->ims_write_traps, 0);
    assert_int_equal(vmm_stats(f.vmm)->irte_alloc, 0);
    /* compatibility format: 0xFEE | guest APIC ID 1 << 12; data = vector,
     * fixed, edge */
    e = hw_entry(&f, SIOV_BANK_IMS, 0);
    assert_int_equal(e.addr, UINT64_C(0xfee01000));
    assert_int_equal(e.data, 0x41);
    fx_raise(&f);
    assert_int_equal(f.handled, 0);
    assert_int_equal(ir_stats(f.ir)->faults[IR_FAULT_REQ_COMPAT - IR_FAULT_FIRST], 1);
    fx_fini(&f);
}

/* ---- VMM-HC-01..03: the get-pair hypercall ------------------------------- */

static void test_hypercall_idxd(void **state)
{
    struct vmm_config vc = kvm_cfg(VMM_IMS_HYPERCALL, VMM_CAP_AUTO);
    struct guest_attach_info gi;
    struct ims_entry e;
    sim_time_t t0;
    struct fx f;

    (void)state;
    fx_init(&f, &vc, SIOV_KIND_IDXD, GUEST_POLICY_HYPERCALL_AWARE);
    fx_assign(&f, VMM_ASSIGN_PASSTHROUGH);
    fx_probe(&f, 2, 0);
    assert_int_equal(f.probe_rc, 0);
    assert_int_equal(guest_attach_info(f.g, f.vd, &gi), 0);
    assert_int_equal(gi.parent, GUEST_PARENT_PV);
    assert_false(gi.relied_on_cap);
    /* the pair is written untouched: the IMS region is mapped */
    assert_int_equal(vmm_stats(f.vmm)->ims_write_traps, 0);
    assert_int_equal(vmm_stats(f.vmm)->hypercalls, 2);
    assert_int_equal(vmm_stats(f.vmm)->exits[VMM_EXIT_HYPERCALL], 2);
    assert_int_equal(vmm_stats(f.vmm)->exits[VMM_EXIT_MMIO], 0);
    /* COST-RC-01: KVM commits the routes once per vector programmed */
    assert_int_equal(vmm_stats(f.vmm)->route_commits, 2);
    e = hw_entry(&f, SIOV_BANK_IMS, 1);
    /* IRTE 1: 0xFEE00000 | 1 << 5 | format | SHV */
    assert_int_equal(e.addr, UINT64_C(0xfee00038));
    assert_int_equal(e.data, 0);
    fx_raise(&f);
    assert_int_equal(f.handled, 1);
    assert_int_equal(f.last_cpu, 0);
    assert_int_equal(f.last_vec, 0x41);
    /* retarget: the IRTE moves, the pair stays */
    assert_int_equal(guest_set_affinity(f.g, f.vd, 0, 1, NULL, NULL), 0);
    /* the hypercall (833 ns) and the route commit (500 us) come first: the
     * IRTE is not moved yet */
    t0 = sim_now(f.sim);
    (void)sim_run(f.sim, t0 + SIM_US(500));
    assert_int_equal(vmm_stats(f.vmm)->hypercalls, 3);
    assert_int_equal(vmm_stats(f.vmm)->route_commits, 3);
    assert_int_equal(f.retargets, 0);
    (void)sim_run(f.sim, t0 + SIM_US(550));
    assert_int_equal(hw_entry(&f, SIOV_BANK_IMS, 0).addr, UINT64_C(0xfee00018));
    /* the move is reported once, naming the device's entry */
    assert_int_equal(f.retargets, 1);
    assert_int_equal(f.rt_vm, 0);
    assert_int_equal(f.rt_irq.seq, 0);
    assert_int_equal(f.rt_irq.adi, 0);
    assert_int_equal(f.rt_irq.entry, 0);
    assert_int_equal(f.rt_cpu, 1);
    assert_int_equal(f.rt_vec, 0x41);
    fx_raise(&f);   /* round robin: entry 1 */
    fx_raise(&f);   /* entry 0, now on vCPU 1 */
    assert_int_equal(f.handled, 3);
    assert_int_equal(f.last_cpu, 1);
    /* VMM-BYPASS-01: two connections, one routing update, all posted */
    assert_int_equal(vmm_stats(f.vmm)->bypass_connects, 2);
    assert_int_equal(vmm_stats(f.vmm)->bypass_updates, 1);
    assert_int_equal(vmm_stats(f.vmm)->bypass_posted, 3);
    assert_int_equal(vmm_stats(f.vmm)->bypass_remapped, 0);
    assert_int_equal(vmm_stats(f.vmm)->bypass_switches, 0);
    assert_int_equal(vmm_stats(f.vmm)->eventfd_signals, 0);
    fx_fini(&f);
}

struct hc_wait {
    bool done;
};

static void hc_done(void *ctx, int status)
{
    struct hc_wait *w = ctx;

    assert_int_equal(status, 0);
    w->done = true;
}

/*
 * VMM-HC-FREE-01: the guest going away gives each hypercall pair back
 * (FREE): the IRTEs are cleared and invalidated through the queue, the
 * entries keep their pairs, and a raise afterwards faults 0x22.
 */
static void test_hypercall_free(void **state)
{
    struct vmm_config vc = kvm_cfg(VMM_IMS_HYPERCALL, VMM_CAP_AUTO);
    struct hc_wait w = { false };
    struct fx f;

    (void)state;
    fx_init(&f, &vc, SIOV_KIND_IDXD, GUEST_POLICY_HYPERCALL_AWARE);
    fx_assign(&f, VMM_ASSIGN_PASSTHROUGH);
    fx_probe(&f, 2, 0);
    assert_int_equal(f.probe_rc, 0);
    {
        struct irte t = irt_entry(&f, 1);

        assert_true(irte_present(&t));
    }
    /* one start-up global invalidation, one per IRTE programmed */
    assert_int_equal(vmm_stats(f.vmm)->iec_flushes, 3);
    assert_int_equal(guest_release(f.g, hc_done, &w), 0);
    (void)sim_run(f.sim, SIM_FOREVER);
    assert_true(w.done);
    assert_int_equal(vmm_stats(f.vmm)->hypercalls, 4);
    assert_int_equal(vmm_stats(f.vmm)->hc_by_op[HC_PAIR_ALLOC], 2);
    assert_int_equal(vmm_stats(f.vmm)->hc_by_op[HC_PAIR_RETARGET], 0);
    assert_int_equal(vmm_stats(f.vmm)->hc_by_op[HC_PAIR_FREE], 2);
    assert_int_equal(vmm_stats(f.vmm)->hypercall_errors, 0);
    assert_int_equal(vmm_stats(f.vmm)->iec_flushes, 5);
    for (unsigned i = 0; i < 2; i++) {
        struct irte t = irt_entry(&f, i);

        assert_false(irte_present(&t));
    }
    /* the slot still holds IRTE 1's pair */
    assert_int_equal(hw_entry(&f, SIOV_BANK_IMS, 1).addr, UINT64_C(0xfee00038));
    /* a second release has nothing left to free */
    w.done = false;
    assert_int_equal(guest_release(f.g, hc_done, &w), 0);
    (void)sim_run(f.sim, SIM_FOREVER);
    assert_true(w.done);
    assert_int_equal(vmm_stats(f.vmm)->hypercalls, 4);
    fx_raise(&f);
    assert_int_equal(f.handled, 0);
    assert_int_equal(ir_stats(f.ir)->faults[IR_FAULT_ENTRY_P - IR_FAULT_FIRST], 1);
    fx_fini(&f);
}

static void test_hypercall_enospc(void **state)
{
    struct vmm_config vc = kvm_cfg(VMM_IMS_HYPERCALL, VMM_CAP_AUTO);
    struct hc_req q = { .op = HC_PAIR_ALLOC, .kind = HC_KIND_IMS, .dev = RID,
                        .vcpu = 0, .vector = 0x41 };
    struct hc_resp r1, r2, r3;
    struct hc_wait w = { false };
    struct fx f;

    (void)state;
    vc.irte_limit = 1;
    fx_init(&f, &vc, SIOV_KIND_MLX5, GUEST_POLICY_HYPERCALL_AWARE);
    fx_assign(&f, VMM_ASSIGN_PASSTHROUGH);
    assert_int_equal(vmm_hypercall(f.vd, 0, &q, &r1, hc_done, &w), 0);
    (void)sim_run(f.sim, SIM_FOREVER);
    assert_true(w.done);
    assert_int_equal(r1.status, 0);
    assert_int_equal(r1.addr, UINT64_C(0xfee00018));
    assert_int_equal(r1.cookie, 1);
    w.done = false;
    assert_int_equal(vmm_hypercall(f.vd, 0, &q, &r2, hc_done, &w), 0);
    (void)sim_run(f.sim, SIM_FOREVER);
    assert_true(w.done);
    assert_int_equal(r2.status, -ENOSPC);
    assert_int_equal(vmm_stats(f.vmm)->irte_alloc_fail, 1);
    assert_int_equal(vmm_stats(f.vmm)->hypercall_errors, 1);
    /* a bad vector and an unknown cookie */
    q.vector = 5;
    assert_int_equal(vmm_hypercall(f.vd, 0, &q, &r3, hc_done, &w), 0);
    (void)sim_run(f.sim, SIM_FOREVER);
    assert_int_equal(r3.status, -EINVAL);
    q = (struct hc_req){ .op = HC_PAIR_FREE, .kind = HC_KIND_IMS, .dev = RID,
                         .cookie = 9 };
    assert_int_equal(vmm_hypercall(f.vd, 0, &q, &r3, hc_done, &w), 0);
    (void)sim_run(f.sim, SIM_FOREVER);
    assert_int_equal(r3.status, -ENOENT);
    /* free the first: the IRTE is cleared and the slot usable again */
    q.cookie = r1.cookie;
    assert_int_equal(vmm_hypercall(f.vd, 0, &q, &r3, hc_done, &w), 0);
    (void)sim_run(f.sim, SIM_FOREVER);
    assert_int_equal(r3.status, 0);
    assert_false(irte_present(&(struct irte){ irt_entry(&f, 0).lo, 0 }));
    q = (struct hc_req){ .op = HC_PAIR_ALLOC, .kind = HC_KIND_IMS, .dev = RID,
                         .vcpu = 1, .vector = 0x50 };
    assert_int_equal(vmm_hypercall(f.vd, 0, &q, &r2, hc_done, &w), 0);
    (void)sim_run(f.sim, SIM_FOREVER);
    assert_int_equal(r2.status, 0);
    /* MSI-X pairs are not offered under msix=trap */
    q.kind = HC_KIND_MSIX;
    assert_int_equal(vmm_hypercall(f.vd, 0, &q, &r3, hc_done, &w), 0);
    (void)sim_run(f.sim, SIM_FOREVER);
    assert_int_equal(r3.status, -EOPNOTSUPP);
    fx_fini(&f);
}

/* HC-ABI-01: a device or cookie that is not the caller's is refused;
 * another VM's is counted */
static int hc_call(struct fx *f, struct vdev *vd, const struct hc_req *q,
                   struct hc_resp *r)
{
    struct hc_wait w = { false };

    assert_int_equal(vmm_hypercall(vd, 0, q, r, hc_done, &w), 0);
    (void)sim_run(f->sim, SIM_FOREVER);
    assert_true(w.done);
    return r->status;
}

static void test_hypercall_owner(void **state)
{
    struct vmm_config vc = kvm_cfg(VMM_IMS_HYPERCALL, VMM_CAP_AUTO);
    const uint16_t rid2 = PCI_RID(0x6b, 1, 0);
    unsigned pcpu_of[2] = { 3, 0 };
    struct vmm_vm_config vmc = { .nvcpu = 2, .pcpu_of = pcpu_of,
                                 .mem_size = GUEST_MEM };
    struct siov_platform dp;
    struct siov_config dc;
    struct siov_dev *dev2;
    struct vm *vm2;
    struct vdev *vd2;
    struct hc_req q = { .op = HC_PAIR_ALLOC, .kind = HC_KIND_IMS, .dev = rid2,
                        .vcpu = 0, .vector = 0x41 };
    struct hc_resp r, r2;
    struct fx f;

    (void)state;
    fx_init(&f, &vc, SIOV_KIND_IDXD, GUEST_POLICY_HYPERCALL_AWARE);
    fx_assign(&f, VMM_ASSIGN_PASSTHROUGH);
    siov_config_init(&dc, SIOV_KIND_IDXD);
    dc.rid = rid2;
    dc.n_adi = 1;
    dc.pasid_base = 0x200;
    dp = (struct siov_platform){ .sim = f.sim, .cost = &f.cm, .mem = &f.mem,
                                 .upstream = ir_pcie_sink(f.ir) };
    assert_int_equal(siov_create(&dev2, &dc, &dp), 0);
    vmc.deliver = guest_deliver;
    vmc.ctx = f.g;
    assert_int_equal(vmm_vm_create(f.vmm, &vmc, &vm2), 0);
    assert_int_equal(vmm_assign(f.vmm, vm2, dev2, 0, VMM_ASSIGN_PASSTHROUGH, &vd2), 0);
    /* the second VM gets a pair for its own device */
    assert_int_equal(hc_call(&f, vd2, &q, &r2), 0);
    assert_int_equal(r2.cookie, 1);
    /* the first VM names the second's device: -ENODEV, counted */
    assert_int_equal(hc_call(&f, f.vd, &q, &r), -ENODEV);
    assert_int_equal(vmm_stats(f.vmm)->hc_foreign, 1);
    /* a device nobody has: -ENODEV, not another tenant's */
    q.dev = PCI_RID(0x70, 0, 0);
    assert_int_equal(hc_call(&f, f.vd, &q, &r), -ENODEV);
    assert_int_equal(vmm_stats(f.vmm)->hc_foreign, 1);
    /* its own device, but the second VM's cookie: -ENOENT, counted, and
     * the second VM's IRTE is untouched */
    q = (struct hc_req){ .op = HC_PAIR_RETARGET, .kind = HC_KIND_IMS, .dev = RID,
                         .vcpu = 1, .vector = 0x42, .cookie = r2.cookie };
    assert_int_equal(hc_call(&f, f.vd, &q, &r), -ENOENT);
    q.op = HC_PAIR_FREE;
    assert_int_equal(hc_call(&f, f.vd, &q, &r), -ENOENT);
    assert_int_equal(vmm_stats(f.vmm)->hc_foreign, 3);
    assert_true(irte_present(&(struct irte){ irt_entry(&f, 0).lo, 0 }));
    /* and its own request goes through */
    q = (struct hc_req){ .op = HC_PAIR_ALLOC, .kind = HC_KIND_IMS, .dev = RID,
                         .vcpu = 1, .vector = 0x42 };
    assert_int_equal(hc_call(&f, f.vd, &q, &r), 0);
    assert_int_equal(r.cookie, 2);
    assert_int_equal(vmm_stats(f.vmm)->hypercall_errors, 4);
    fx_fini(&f);
    siov_destroy(dev2);
}

/* ---- VMM-MSIX-01: MSI-X trap, and the linux-6.2 fallback ------------------ */

/* The physical table is the pci model's, brought up as a host does. */
static void test_msix_physical_table(void **state)
{
    struct vmm_config vc = kvm_cfg(VMM_IMS_NONE, VMM_CAP_ALWAYS);
    struct msix_entry me;
    struct pci_cfg *c;
    struct msix *m;
    struct fx f;

    (void)state;
    fx_init(&f, &vc, SIOV_KIND_IDXD, GUEST_POLICY_LINUX_6_2);
    c = siov_cfg(f.dev);
    m = siov_msix(f.dev);
    assert_non_null(m);
    /* pci_enable_device(), pci_set_master(), pci_enable_msix() */
    assert_int_equal(pci_get_word(c, PCI_COMMAND),
                     PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
    assert_true(msix_enabled(m));
    assert_false(msix_function_masked(m));
    assert_true(msix_is_masked(m, 0));
    assert_int_equal(vmm_attach_msix(f.vmm, f.dev, 9), -EEXIST);
    assert_int_equal(vmm_attach_msix(f.vmm, f.dev, 8), -EINVAL);
    assert_int_equal(vmm_attach_msix(NULL, f.dev, 9), -EINVAL);
    fx_assign(&f, VMM_ASSIGN_PASSTHROUGH);
    fx_probe(&f, 2, 0);
    /* the VMM's writes went through the pci model's table region */
    assert_int_equal(msix_get_entry(m, 1, &me), 0);
    assert_int_equal(me.addr, UINT64_C(0xfee00038));
    assert_int_equal(me.ctrl, 0);
    assert_int_equal(m->stats.guest_errors, 0);
    fx_raise(&f);
    assert_int_equal(f.handled, 1);
    fx_fini(&f);
}


static void test_msix_trap_fallback(void **state)
{
    struct vmm_config vc = kvm_cfg(VMM_IMS_NONE, VMM_CAP_ALWAYS);
    struct guest_attach_info gi;
    struct ims_entry e;
    struct fx f;

    (void)state;
    fx_init(&f, &vc, SIOV_KIND_IDXD, GUEST_POLICY_LINUX_6_2);
    fx_assign(&f, VMM_ASSIGN_PASSTHROUGH);
    fx_probe(&f, 2, 0);
    assert_int_equal(guest_attach_info(f.g, f.vd, &gi), 0);
    assert_int_equal(gi.ims_rc, -EOPNOTSUPP);
    assert_true(gi.fallback);
    assert_false(gi.ims_used);
    /* mask, lo, hi, data, unmask per vector */
    assert_int_equal(vmm_stats(f.vmm)->msix_write_traps, 10);
    assert_int_equal(vmm_stats(f.vmm)->ims_write_traps, 0);
    e = hw_entry(&f, SIOV_BANK_MSIX, 1);
    assert_int_equal(e.addr, UINT64_C(0xfee00038));
    assert_false(e.masked);
    fx_raise(&f);
    assert_int_equal(f.handled, 1);
    assert_int_equal(f.last_vec, 0x41);
    fx_fini(&f);
}

/* Without posting: remapped to a host vector on the vCPU's pCPU, injected. */
static void test_remapped_inject(void **state)
{
    struct vmm_config vc = kvm_cfg(VMM_IMS_EMULATE, VMM_CAP_AUTO);
    struct irte_remapped r;
    struct irte t;
    struct fx f;

    (void)state;
    vc.posted = false;
    fx_init(&f, &vc, SIOV_KIND_IDXD, GUEST_POLICY_TRUSTS_CAP);
    fx_assign(&f, VMM_ASSIGN_PASSTHROUGH);
    fx_probe(&f, 1, 1);
    t = irt_entry(&f, 0);
    assert_false(irte_posted(&t));
    irte_decode_remapped(&t, &r);
    assert_int_equal(r.vector, VMM_HOST_VEC_FIRST);
    assert_int_equal(r.dst, IRTE_DST_XAPIC(2));   /* vCPU 1 runs on pCPU 2 */
    fx_raise(&f);
    assert_int_equal(f.handled, 1);
    assert_int_equal(f.last_cpu, 1);
    assert_int_equal(f.last_vec, 0x41);
    assert_int_equal(vmm_stats(f.vmm)->host_irqs, 1);
    assert_int_equal(vmm_stats(f.vmm)->injections, 1);
    assert_int_equal(vmm_stats(f.vmm)->exits[VMM_EXIT_EXTINT], 1);
    fx_fini(&f);
}

/*
 * VMM-IRQFD-01: KVM's non-posted path step by step.  The device's message
 * reaches vCPU 1's pCPU in guest mode: EXTINT exit, VFIO's handler, the
 * eventfd signal, the irqfd wakeup, kvm_apic_set_irq; the vCPU re-enters
 * after the handler.  With APICv the injection is a PIR bit synced at
 * entry; without it, the IRR.  Neither needs a kick or an IPI: the vCPU is
 * in the exit the interrupt caused.
 */
static void irqfd_case(bool apicv, sim_time_t *lat)
{
    struct vmm_config vc = kvm_cfg(VMM_IMS_EMULATE, VMM_CAP_AUTO);
    const struct vmm_stats *vs;
    struct siov_event ev;
    sim_time_t t0;
    struct fx f;

    vc.posted = false;
    vc.apicv = apicv;
    fx_init(&f, &vc, SIOV_KIND_IDXD, GUEST_POLICY_TRUSTS_CAP);
    fx_assign(&f, VMM_ASSIGN_PASSTHROUGH);
    fx_probe(&f, 1, 1);
    fx_raise(&f);                   /* the first fills the IEC */
    assert_int_equal(f.handled, 1);
    t0 = sim_now(f.sim);
    assert_int_equal(siov_adi_complete(f.dev, 0, &ev), 0);
    (void)sim_run(f.sim, t0 + SIM_US(50));
    assert_int_equal(f.handled, 2);
    assert_int_equal(f.last_cpu, 1);
    assert_int_equal(f.last_vec, 0x41);
    *lat = f.t_handled - t0;
    vs = vmm_stats(f.vmm);
    assert_int_equal(vs->host_irqs, 2);
    assert_int_equal(vs->eventfd_signals, 2);
    assert_int_equal(vs->irqfd_wakeups, 2);
    assert_int_equal(vs->injections, 2);
    assert_int_equal(vs->kicks, 0);
    assert_int_equal(vs->pi_ipis, 0);
    assert_int_equal(vs->exits[VMM_EXIT_EXTINT], 2);
    assert_int_equal(vs->exits[VMM_EXIT_KICK], 0);
    assert_int_equal(vcpu_stats(vmm_vcpu(f.vm, 1))->pir_syncs, apicv ? 2 : 0);
    /* VMM-BYPASS-01: the connection found posting off: remapped */
    assert_int_equal(vs->bypass_connects, 1);
    assert_int_equal(vs->bypass_posted, 0);
    assert_int_equal(vs->bypass_remapped, 1);
    fx_fini(&f);
}

static void test_irqfd_path(void **state)
{
    struct cost_model cm;
    sim_time_t with, without, steps;

    (void)state;
    cost_model_default(&cm);
    irqfd_case(true, &with);
    irqfd_case(false, &without);
    /* the eventfd and irqfd steps lie between the host handler and the
     * re-entry; with APICv the entry syncs the PIR first */
    steps = cost_ps(&cm, COST_EVENTFD_SIGNAL) + cost_ps(&cm, COST_IRQFD_INJECT);
    assert_int_equal(steps, 233333);
    assert_int_equal(with - without, cost_ps(&cm, COST_PI_PROCESS));
    assert_int_equal(without, cost_ps(&cm, COST_DEV_MSI_GEN) +
                                  cost_ps(&cm, COST_PCIE_UPSTREAM) +
                                  cost_ps(&cm, COST_IEC_HIT) +
                                  cost_ps(&cm, COST_APIC_DELIVER) +
                                  cost_ps(&cm, COST_HOST_HANDLER) + steps +
                                  cost_ps(&cm, COST_VMEXIT_KERNEL) +
                                  cost_ps(&cm, COST_VMENTRY_INJECT) +
                                  cost_ps(&cm, COST_GUEST_HANDLER));
    assert_int_equal(without, 2188333);
}

/*
 * VMM-BYPASS-02: the guest writes entry 0 of its trapped MSI-X table
 * (mask, addr_lo, data, unmask) with a route KVM cannot post, then with one
 * it can.  Logical destination 0x3 (vCPUs 0 and 1), lowest priority,
 * vector 0x41: KVM's vector hashing delivers to vCPU 0x41 mod 2 = 1, the
 * route is not a single vCPU, so the IRTE switches to remapped (a host
 * vector on vCPU 1's pCPU 2) and the interrupt takes the irqfd path; back
 * to logical destination 0x2 (vCPU 1 alone) it switches to posted.  With
 * @raise_in_commit the device raises 100 us after the unmask, inside the
 * route commit (500 us): the hardware entry is still masked, the interrupt
 * pends and is sent once the new IRTE is in force.
 */
static void guest_entry_write(struct fx *f, uint32_t addr_lo, uint32_t data,
                              bool raise_in_commit)
{
    static const uint32_t off[4] = { 12, 0, 8, 12 };
    uint32_t val[4] = { 1, addr_lo, data, 0 };
    struct hc_wait w;

    for (unsigned i = 0; i < 4; i++) {
        w.done = false;
        assert_int_equal(vmm_guest_mmio_write(f->vd, 1, VDEV_MSIX, off[i], 4, val[i],
                                              hc_done, &w), 0);
        if (i == 3 && raise_in_commit) {
            unsigned handled = f->handled;

            (void)sim_run(f->sim, sim_now(f->sim) + SIM_US(100));
            fx_raise(f);
            assert_false(w.done);
            assert_int_equal(f->handled, handled);
        }
        (void)sim_run(f->sim, SIM_FOREVER);
        assert_true(w.done);
    }
}

/* A raise after one that filled the IEC: device to guest handler. */
static sim_time_t raise_lat(struct fx *f)
{
    sim_time_t t0 = sim_now(f->sim);

    fx_raise(f);
    return f->t_handled - t0;
}

static void test_bypass_switch(void **state)
{
    struct vmm_config vc = kvm_cfg(VMM_IMS_NONE, VMM_CAP_AUTO);
    struct irte_remapped r;
    struct irte t;
    struct fx f;

    (void)state;
    fx_init(&f, &vc, SIOV_KIND_IDXD, GUEST_POLICY_LINUX_6_2);
    fx_assign(&f, VMM_ASSIGN_PASSTHROUGH);
    fx_probe(&f, 1, 1);
    t = irt_entry(&f, 0);
    assert_true(irte_posted(&t));
    assert_int_equal(vmm_stats(f.vmm)->bypass_connects, 1);
    assert_int_equal(vmm_stats(f.vmm)->route_commits, 1);
    fx_raise(&f);
    assert_int_equal(f.handled, 1);
    assert_int_equal(vmm_stats(f.vmm)->eventfd_signals, 0);

    /* logical 0x3, DM = 1 (bit 2), lowest priority (data 10:8 = 1) */
    guest_entry_write(&f, UINT32_C(0xfee03004), 0x141, false);
    t = irt_entry(&f, 0);
    assert_false(irte_posted(&t));
    irte_decode_remapped(&t, &r);
    assert_int_equal(r.vector, VMM_HOST_VEC_FIRST);
    assert_int_equal(r.dst, IRTE_DST_XAPIC(2));
    assert_int_equal(vmm_stats(f.vmm)->bypass_updates, 1);
    assert_int_equal(vmm_stats(f.vmm)->bypass_switches, 1);
    assert_int_equal(vmm_stats(f.vmm)->bypass_remapped, 1);
    assert_int_equal(vmm_stats(f.vmm)->route_commits, 2);
    fx_raise(&f);
    assert_int_equal(f.handled, 2);
    assert_int_equal(f.last_cpu, 1);
    assert_int_equal(f.last_vec, 0x41);
    assert_true(f.last_owned);
    assert_int_equal(vmm_stats(f.vmm)->eventfd_signals, 1);
    assert_int_equal(vmm_stats(f.vmm)->irqfd_wakeups, 1);
    assert_int_equal(vmm_stats(f.vmm)->exits[VMM_EXIT_EXTINT], 1);
    /* with the IEC filled: KVM's non-posted path, dev_msi_gen 200 +
     * pcie_upstream 300 + iec_hit 5 + apic_deliver 150 + host_handler 266.7
     * + eventfd_signal 100 + irqfd_inject 133.3 + vmexit_kernel 833.3 +
     * pi_process 16.7 + vmentry_inject 100 + guest_handler 100 ns
     * (docs/cost-model.md, "KVM's non-posted path") */
    assert_int_equal(raise_lat(&f), 2205000);

    /* a set of one is that vCPU: logical 0x2, fixed, posts again */
    guest_entry_write(&f, UINT32_C(0xfee02004), 0x41, true);
    /* the raise inside the commit: delivered once, on the new path (posted:
     * no eventfd signal, no exit) */
    assert_int_equal(f.handled, 4);
    assert_int_equal(f.last_cpu, 1);
    assert_int_equal(vmm_stats(f.vmm)->eventfd_signals, 2);
    assert_int_equal(vmm_stats(f.vmm)->exits[VMM_EXIT_EXTINT], 2);
    t = irt_entry(&f, 0);
    assert_true(irte_posted(&t));
    assert_int_equal(vmm_stats(f.vmm)->bypass_updates, 2);
    assert_int_equal(vmm_stats(f.vmm)->bypass_switches, 2);
    assert_int_equal(vmm_stats(f.vmm)->bypass_posted, 2);
    assert_int_equal(vmm_stats(f.vmm)->bypass_remapped, 1);
    assert_int_equal(vmm_stats(f.vmm)->route_commits, 3);
    fx_raise(&f);
    assert_int_equal(f.handled, 5);
    assert_int_equal(f.last_cpu, 1);
    assert_int_equal(vmm_stats(f.vmm)->eventfd_signals, 2);
    assert_int_equal(vmm_stats(f.vmm)->exits[VMM_EXIT_EXTINT], 2);
    /* posted again: 200 + 300 + 5 + 150 + pi_post 100 + pi_notify 200 +
     * pi_process 16.7 + guest_handler 100 ns, no exit */
    assert_int_equal(raise_lat(&f), 1071667);
    assert_int_equal(vmm_stats(f.vmm)->exits[VMM_EXIT_EXTINT], 2);

    /* fixed delivery to several (multicast) is not routed: no decision,
     * the hardware entry stays masked and a raise pends there */
    guest_entry_write(&f, UINT32_C(0xfee03004), 0x41, false);
    assert_int_equal(vmm_stats(f.vmm)->bypass_updates, 2);
    assert_int_equal(vmm_stats(f.vmm)->route_commits, 3);
    assert_true(hw_entry(&f, SIOV_BANK_MSIX, 0).masked);
    fx_raise(&f);
    assert_int_equal(f.handled, 6);
    fx_fini(&f);
}

struct move_wait {
    bool done;
    int status;
};

static void move_done(void *ctx, int status)
{
    struct move_wait *w = ctx;

    w->done = true;
    w->status = status;
}

/*
 * GUEST-AFF-SET-01: the guest moves its interrupt to the set {0, 1}: one
 * vector free on both (0x41 is vCPU 1's), a flat logical lowest-priority
 * pair the trapped writes carry to KVM, which remaps it (VMM-BYPASS-02) and
 * delivers on vCPU 0x42 mod 2 = 0; back to vCPU 1 it posts again.
 */
static void test_guest_lowest_set(void **state)
{
    struct vmm_config vc = kvm_cfg(VMM_IMS_NONE, VMM_CAP_AUTO);
    struct move_wait w = { false, 1 };
    struct irte t;
    struct fx f;

    (void)state;
    fx_init(&f, &vc, SIOV_KIND_IDXD, GUEST_POLICY_LINUX_6_2);
    fx_assign(&f, VMM_ASSIGN_PASSTHROUGH);
    fx_probe(&f, 1, 1);
    assert_int_equal(guest_set_affinity_lowest(f.g, f.vd, 0, 0, move_done, &w),
                     -EINVAL);
    assert_int_equal(guest_set_affinity_lowest(f.g, f.vd, 0, 0x5, move_done, &w),
                     -EINVAL);   /* the VM has no vCPU 2 */
    assert_int_equal(guest_set_affinity_lowest(f.g, f.vd, 7, 0x3, move_done, &w),
                     -ENOENT);
    assert_int_equal(guest_set_affinity_lowest(f.g, f.vd, 0, 0x3, move_done, &w), 0);
    (void)sim_run(f.sim, SIM_FOREVER);
    assert_true(w.done);
    assert_int_equal(w.status, 0);
    assert_int_equal(f.retargets, 1);
    assert_int_equal(f.rt_cpu, 0);
    assert_int_equal(f.rt_cpus, 0x3);
    assert_int_equal(f.rt_vec, 0x42);
    t = irt_entry(&f, 0);
    assert_false(irte_posted(&t));
    assert_int_equal(vmm_stats(f.vmm)->bypass_switches, 1);
    fx_raise(&f);
    assert_int_equal(f.handled, 1);
    assert_int_equal(f.last_cpu, 0);
    assert_int_equal(f.last_vec, 0x42);
    assert_true(f.last_owned);
    assert_int_equal(vmm_stats(f.vmm)->eventfd_signals, 1);

    w.done = false;
    assert_int_equal(guest_set_affinity(f.g, f.vd, 0, 1, move_done, &w), 0);
    (void)sim_run(f.sim, SIM_FOREVER);
    assert_true(w.done);
    assert_int_equal(w.status, 0);
    assert_int_equal(f.rt_cpu, 1);
    assert_int_equal(f.rt_cpus, 0);
    /* 0x41 (the first target, kept while in flight) and 0x42 (the set's)
     * are held on vCPU 1 */
    assert_int_equal(f.rt_vec, 0x43);
    t = irt_entry(&f, 0);
    assert_true(irte_posted(&t));
    assert_int_equal(vmm_stats(f.vmm)->bypass_switches, 2);
    fx_raise(&f);
    assert_int_equal(f.handled, 2);
    assert_int_equal(f.last_cpu, 1);
    assert_int_equal(f.last_vec, 0x43);
    assert_true(f.last_owned);
    assert_int_equal(vmm_stats(f.vmm)->eventfd_signals, 1);
    fx_fini(&f);
}

/* A parent that does not compose the pair itself (the hypercall's) fails
 * a move to a set: the interrupt stays where it was. */
static void test_guest_lowest_set_pv(void **state)
{
    struct vmm_config vc = kvm_cfg(VMM_IMS_HYPERCALL, VMM_CAP_AUTO);
    struct move_wait w = { false, 1 };
    struct fx f;

    (void)state;
    fx_init(&f, &vc, SIOV_KIND_IDXD, GUEST_POLICY_HYPERCALL_AWARE);
    fx_assign(&f, VMM_ASSIGN_PASSTHROUGH);
    fx_probe(&f, 1, 0);
    assert_int_equal(guest_set_affinity_lowest(f.g, f.vd, 0, 0x3, move_done, &w), 0);
    (void)sim_run(f.sim, SIM_FOREVER);
    assert_true(w.done);
    assert_int_equal(w.status, -ENOTSUP);
    assert_int_equal(f.retargets, 0);
    assert_int_equal(vmm_stats(f.vmm)->hypercalls, 1);
    fx_raise(&f);
    assert_int_equal(f.handled, 1);
    assert_int_equal(f.last_cpu, 0);
    assert_int_equal(f.last_vec, 0x41);
    fx_fini(&f);
}

/* ---- VMM-BARE-01: the host IR domain --------------------------------------- */

static void test_bare(void **state)
{
    struct vmm_config vc = { .personality = VMM_BARE };
    struct irte_remapped r;
    struct ims_entry e;
    struct irte t;
    struct fx f;

    (void)state;
    fx_init(&f, &vc, SIOV_KIND_IDXD, GUEST_POLICY_LINUX_6_2);
    assert_null(vmm_vcpu(f.vm, 0));
    fx_assign(&f, VMM_ASSIGN_PASSTHROUGH);
    fx_probe(&f, 1, 3);
    t = irt_entry(&f, 0);
    irte_decode_remapped(&t, &r);
    assert_true(r.present);
    assert_int_equal(r.vector, 0x30);
    assert_int_equal(r.dst, IRTE_DST_XAPIC(3));
    assert_int_equal(r.sid, RID);
    assert_int_equal(r.svt, IRTE_SVT_SID_SQ);
    e = hw_entry(&f, SIOV_BANK_IMS, 0);
    assert_int_equal(e.addr, UINT64_C(0xfee00018));
    fx_raise(&f);
    assert_int_equal(f.handled, 1);
    assert_int_equal(f.last_cpu, 3);
    assert_int_equal(f.last_vec, 0x30);
    assert_int_equal(vmm_stats(f.vmm)->exits[VMM_EXIT_MMIO], 0);
    assert_int_equal(vmm_stats(f.vmm)->route_commits, 0);  /* no KVM */
    /* retarget: a new vector on pCPU 0, same IRTE and pair */
    assert_int_equal(guest_set_affinity(f.g, f.vd, 0, 0, NULL, NULL), 0);
    (void)sim_run(f.sim, sim_now(f.sim) + SIM_US(50));
    t = irt_entry(&f, 0);
    irte_decode_remapped(&t, &r);
    assert_int_equal(r.dst, IRTE_DST_XAPIC(0));
    assert_int_equal(r.vector, 0x30);
    assert_int_equal(hw_entry(&f, SIOV_BANK_IMS, 0).addr, UINT64_C(0xfee00018));
    assert_int_equal(f.retargets, 1);
    assert_int_equal(f.rt_vm, -1);              /* the host */
    assert_int_equal(f.rt_cpu, 0);
    assert_int_equal(f.rt_vec, 0x30);
    fx_raise(&f);
    assert_int_equal(f.last_cpu, 0);
    fx_fini(&f);
}

/* ---- VMM-COMP-01: composed function, host IMS behind guest MSI-X ---------- */

static uint64_t qw(struct fx *f, uint64_t a)
{
    uint64_t v = 0;

    assert_int_equal(mem_read64(&f->mem, a, &v), 0);
    return v;
}

/*
 * IR-QI-03: the host's IEC invalidations are descriptors in its ring, each
 * followed by a wait with SW and IF; without ESIRTPS the first is the
 * global invalidation after SIRTP, with it there is none.
 */
static void test_qi_host(void **state)
{
    struct vmm_config vc = kvm_cfg(VMM_IMS_EMULATE, VMM_CAP_AUTO);
    const uint64_t q = VMM_BASE + VMM_QI_AREA, st = VMM_BASE + VMM_QI_STATUS_AREA;
    uint32_t w = 0;
    struct fx f;

    (void)state;
    fx_init_ir(&f, &vc, SIOV_KIND_IDXD, GUEST_POLICY_TRUSTS_CAP, false);
    fx_assign(&f, VMM_ASSIGN_PASSTHROUGH);
    fx_probe(&f, 1, 1);
    assert_int_equal(f.probe_rc, 0);
    /* [0] IEC invalidate, type 4, G = 0 (global); [1] wait: type 5, IF
     * (bit 4), SW (bit 5), status data 2 in 63:32, status address */
    assert_int_equal(qw(&f, q), UINT64_C(0x4));
    assert_int_equal(qw(&f, q + 8), 0);
    assert_int_equal(qw(&f, q + 16), UINT64_C(0x0000000200000035));
    assert_int_equal(qw(&f, q + 24), st + 4);
    /* [2] index-selective (G = 1, bit 4) for IRTE 0, IM 0; [3] its wait */
    assert_int_equal(qw(&f, q + 32), UINT64_C(0x14));
    assert_int_equal(qw(&f, q + 48), UINT64_C(0x0000000200000035));
    assert_int_equal(qw(&f, q + 56), st + 12);
    assert_int_equal(mem_read32(&f.mem, st + 12, &w), 0);
    assert_int_equal(w, 2);
    assert_int_equal(ir_qi_head(f.ir), 4u << 4);
    assert_int_equal(ir_stats(f.ir)->qi_descs, 4);
    assert_int_equal(ir_stats(f.ir)->qi_waits, 2);
    assert_int_equal(ir_stats(f.ir)->iec_invalidations, 2);
    assert_int_equal(vmm_stats(f.vmm)->iec_flushes, 2);
    fx_fini(&f);

    /* ESIRTPS: the table pointer set invalidated the IEC; only the IRTE's */
    fx_init_ir(&f, &vc, SIOV_KIND_IDXD, GUEST_POLICY_TRUSTS_CAP, true);
    fx_assign(&f, VMM_ASSIGN_PASSTHROUGH);
    fx_probe(&f, 1, 1);
    assert_int_equal(f.probe_rc, 0);
    assert_int_equal(qw(&f, q), UINT64_C(0x14));
    assert_int_equal(qw(&f, q + 16), UINT64_C(0x0000000200000035));
    assert_int_equal(qw(&f, q + 24), st + 4);
    assert_int_equal(ir_qi_head(f.ir), 2u << 4);
    assert_int_equal(ir_stats(f.ir)->qi_descs, 2);
    assert_int_equal(ir_stats(f.ir)->qi_waits, 1);
    assert_int_equal(vmm_stats(f.vmm)->iec_flushes, 1);
    fx_fini(&f);
}

static void test_composed_mlx5(void **state)
{
    struct vmm_config vc = kvm_cfg(VMM_IMS_NONE, VMM_CAP_AUTO);
    struct ims_entry e;
    enum siov_bank hb;
    uint32_t he;
    struct fx f;

    (void)state;
    fx_init(&f, &vc, SIOV_KIND_MLX5, GUEST_POLICY_LINUX_6_2);
    fx_assign(&f, VMM_ASSIGN_COMPOSED);
    fx_probe(&f, 1, 0);
    assert_int_equal(f.probe_rc, 0);
    assert_int_equal(vmm_vdev_int_handle(f.vd, SIOV_BANK_MSIX, 0, &hb, &he), 0);
    assert_int_equal(hb, SIOV_BANK_IMS);
    assert_int_equal(he, 0);
    e = hw_entry(&f, SIOV_BANK_IMS, 0);
    assert_int_equal(e.addr, UINT64_C(0xfee00018));
    assert_false(e.masked);
    assert_true(e.pasid_en);
    assert_int_equal(vmm_stats(f.vmm)->msix_write_traps, 5);
    assert_int_equal(vmm_stats(f.vmm)->ims_write_traps, 0);
    fx_raise(&f);
    assert_int_equal(f.handled, 1);
    assert_int_equal(f.last_believed.entry, 0);
    fx_fini(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cap_table),
        cmocka_unit_test(test_cap_composed),
        cmocka_unit_test(test_emulate_idxd),
        cmocka_unit_test(test_fake_pair_reaches_hw),
        cmocka_unit_test(test_hypercall_idxd),
        cmocka_unit_test(test_hypercall_free),
        cmocka_unit_test(test_hypercall_enospc),
        cmocka_unit_test(test_hypercall_owner),
        cmocka_unit_test(test_msix_trap_fallback),
        cmocka_unit_test(test_msix_physical_table),
        cmocka_unit_test(test_remapped_inject),
        cmocka_unit_test(test_irqfd_path),
        cmocka_unit_test(test_bypass_switch),
        cmocka_unit_test(test_guest_lowest_set),
        cmocka_unit_test(test_guest_lowest_set_pv),
        cmocka_unit_test(test_discover_kvm),
        cmocka_unit_test(test_discover_hyperv),
        cmocka_unit_test(test_discover_bare),
        cmocka_unit_test(test_bare),
        cmocka_unit_test(test_composed_mlx5),
        cmocka_unit_test(test_qi_host),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
