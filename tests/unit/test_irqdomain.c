/* SPDX-License-Identifier: MIT */
/* test_irqdomain.c - the guest's IMS domain decision, case by case. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "models/guest/irqdomain.h"

struct row {
    enum guest_policy pol;
    struct guest_view v;
    int rc;
    enum guest_parent parent; /* when rc == 0 */
    bool relies;
};

#define VM .hypervisor = true

/* GUEST-IMS-01..04: the table is domain.md 2.2-2.3 and the seed. */
static const struct row rows[] = {
    /* bare metal with IR: every IMS-capable policy gets IR */
    { GUEST_POLICY_LINUX_6_2, { .ir = true, .dvsec_ims = true }, 0, GUEST_PARENT_IR, false },
    { GUEST_POLICY_TRUSTS_CAP, { .ir = true, .dvsec_ims = true }, 0, GUEST_PARENT_IR, false },
    { GUEST_POLICY_HYPERCALL_AWARE, { .ir = true, .dvsec_ims = true }, 0, GUEST_PARENT_IR, false },
    /* bare metal without IR: no IMS on the vector domain */
    { GUEST_POLICY_LINUX_6_2, { .dvsec_ims = true }, -EOPNOTSUPP, 0, false },
    /* VM with a vIOMMU in caching mode: v6.2 refuses (vIR has no PCI_IMS) */
    { GUEST_POLICY_LINUX_6_2, { VM, .ir = true, .ir_caching_mode = true, .dvsec_ims = true },
      -EOPNOTSUPP, 0, false },
    /* ...a guest that trusts the bit composes a vIR handle and relies on it */
    { GUEST_POLICY_TRUSTS_CAP, { VM, .ir = true, .ir_caching_mode = true, .dvsec_ims = true },
      0, GUEST_PARENT_VIR, true },
    /* VM without vIOMMU, bit advertised: compatibility-format pair */
    { GUEST_POLICY_TRUSTS_CAP, { VM, .dvsec_ims = true }, 0, GUEST_PARENT_VECTOR, true },
    /* bit not advertised: trusts-cap falls back */
    { GUEST_POLICY_TRUSTS_CAP, { VM }, -EOPNOTSUPP, 0, false },
    /* hypercall offered */
    { GUEST_POLICY_HYPERCALL_AWARE, { VM, .hc_ims = true }, 0, GUEST_PARENT_PV, false },
    { GUEST_POLICY_LINUX_6_2, { VM, .hc_ims = true }, -EOPNOTSUPP, 0, false },
    /* hypercall not offered: hypercall-aware behaves as v6.2 */
    { GUEST_POLICY_HYPERCALL_AWARE, { VM, .ir = true, .ir_caching_mode = true },
      -EOPNOTSUPP, 0, false },
    /* Hyper-V vPCI: not an MSI parent, v6.2 refuses */
    { GUEST_POLICY_LINUX_6_2, { VM, .hv_vpci = true, .hc_msi = true }, -EOPNOTSUPP, 0, false },
    { GUEST_POLICY_HYPERCALL_AWARE, { VM, .hv_vpci = true, .hc_msi = true, .hc_ims = true },
      0, GUEST_PARENT_PV, false },
    /* a kernel without IMS never creates the domain */
    { GUEST_POLICY_LEGACY, { .ir = true, .dvsec_ims = true }, -EOPNOTSUPP, 0, false },
};

static void test_ims_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        enum guest_parent parent = (enum guest_parent)99;
        bool relies = true;
        int rc = guest_ims_parent(rows[i].pol, &rows[i].v, &parent, &relies);

        if (rc != rows[i].rc)
            fail_msg("row %zu: rc %d, expected %d", i, rc, rows[i].rc);
        if (rc == 0 && parent != rows[i].parent)
            fail_msg("row %zu: parent %s, expected %s", i, guest_parent_name(parent),
                     guest_parent_name(rows[i].parent));
        if (relies != rows[i].relies)
            fail_msg("row %zu: relies_on_cap %d", i, relies);
    }
}

/* GUEST-MSI-01: who composes MSI-X pairs. */
static void test_msi_parent(void **state)
{
    struct guest_view bare = { .ir = true }, vm = { VM }, vir = { VM, .ir = true,
                                                                  .ir_caching_mode = true },
                      hv = { VM, .hv_vpci = true, .hc_msi = true }, pv = { VM, .hc_msi = true };

    (void)state;
    assert_int_equal(guest_msi_parent(GUEST_POLICY_LINUX_6_2, &bare), GUEST_PARENT_IR);
    assert_int_equal(guest_msi_parent(GUEST_POLICY_LINUX_6_2, &vm), GUEST_PARENT_VECTOR);
    assert_int_equal(guest_msi_parent(GUEST_POLICY_LINUX_6_2, &vir), GUEST_PARENT_VIR);
    assert_int_equal(guest_msi_parent(GUEST_POLICY_LINUX_6_2, &hv), GUEST_PARENT_HV_VPCI);
    assert_int_equal(guest_msi_parent(GUEST_POLICY_LINUX_6_2, &pv), GUEST_PARENT_VECTOR);
    assert_int_equal(guest_msi_parent(GUEST_POLICY_HYPERCALL_AWARE, &pv), GUEST_PARENT_PV);
    assert_string_equal(guest_policy_name(GUEST_POLICY_LINUX_6_2), "linux-6.2");
    assert_string_equal(guest_parent_name(GUEST_PARENT_VIR), "vIR");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ims_table),
        cmocka_unit_test(test_msi_parent),
    };

    return cmocka_run_group_tests_name("irqdomain", tests, NULL, NULL);
}
