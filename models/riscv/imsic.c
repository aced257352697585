/* SPDX-License-Identifier: MIT */
/* imsic.c - RISC-V AIA IMSIC interrupt files (imsic.h has the sources). */
#include "imsic.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define IMSIC_PRIO SIM_PRIO_HW

struct file {
    bool delivery;
    unsigned threshold;
    uint64_t eip[IMSIC_MAX_IDS / 64];
    uint64_t eie[IMSIC_MAX_IDS / 64];
};

struct imsic {
    struct imsic_config cfg;
    struct file *f; /* harts x (geilen + 1) */
};

struct raise {
    struct imsic *m;
    unsigned hart, guest, id;
    struct irq_tag tag;
};

static bool geom_ok(const struct imsic_geom *g)
{
    return !(g->base & (IMSIC_PAGE - 1)) && g->guest_bits <= 6 && g->hart_bits <= 14 &&
           g->group_bits <= 8 &&
           (!g->group_bits || g->group_shift >= g->hart_bits + g->guest_bits + 12u) &&
           g->group_shift + g->group_bits <= 56;
}

int imsic_file_addr(const struct imsic_geom *g, unsigned group, unsigned hart, unsigned guest,
                    uint64_t *addr)
{
    if (!geom_ok(g) || group >> g->group_bits || hart >> g->hart_bits || guest >> g->guest_bits)
        return -EINVAL;
    /* AIA 3.6 */
    *addr = g->base + ((uint64_t)group << g->group_shift) +
            ((uint64_t)hart << (g->guest_bits + 12u)) + ((uint64_t)guest << 12);
    return 0;
}

int imsic_addr_decode(const struct imsic_geom *g, uint64_t addr, unsigned *group,
                      unsigned *hart, unsigned *guest, unsigned *off)
{
    uint64_t a, in_group;
    uint64_t span = (uint64_t)1 << (g->hart_bits + g->guest_bits + 12u);

    if (!geom_ok(g) || addr < g->base)
        return -ENOENT;
    a = addr - g->base;
    /* AIA 3.6: group index at group_shift, then hart, guest, page offset */
    *group = g->group_bits ? (unsigned)((a >> g->group_shift) & ((1u << g->group_bits) - 1)) : 0;
    in_group = a - ((uint64_t)*group << g->group_shift);
    if (in_group >= span || (g->group_bits && a >> (g->group_shift + g->group_bits)))
        return -ENOENT;
    *hart = (unsigned)(in_group >> (g->guest_bits + 12u));
    *guest = (unsigned)((in_group >> 12) & ((1u << g->guest_bits) - 1));
    *off = (unsigned)(in_group & (IMSIC_PAGE - 1));
    return 0;
}

int imsic_create(struct imsic **out, const struct imsic_config *cfg)
{
    struct imsic *m;

    if (!out || !cfg || !cfg->sim || !cfg->cost || !geom_ok(&cfg->geom) || !cfg->harts ||
        cfg->geilen < 1 || cfg->geilen > 63 || cfg->geilen >= (1u << cfg->geom.guest_bits) ||
        cfg->harts > (1u << (cfg->geom.hart_bits + cfg->geom.group_bits)) ||
        cfg->num_ids < 63 || cfg->num_ids > IMSIC_MAX_IDS - 1 || (cfg->num_ids + 1) % 64)
        return -EINVAL;
    m = calloc(1, sizeof(*m));
    if (!m)
        return -ENOMEM;
    m->cfg = *cfg;
    m->f = calloc((size_t)cfg->harts * (cfg->geilen + 1u), sizeof(*m->f));
    if (!m->f) {
        free(m);
        return -ENOMEM;
    }
    *out = m;
    return 0;
}

void imsic_destroy(struct imsic *m)
{
    if (!m)
        return;
    free(m->f);
    free(m);
}

static struct file *file_of(const struct imsic *m, unsigned hart, unsigned guest)
{
    if (hart >= m->cfg.harts || guest > m->cfg.geilen)
        return NULL;
    return &m->f[(size_t)hart * (m->cfg.geilen + 1u) + guest];
}

static bool bit(const uint64_t *v, unsigned id)
{
    return (v[id / 64] >> (id % 64)) & 1u;
}

static bool eligible(const struct imsic *m, const struct file *f, unsigned id)
{
    return bit(f->eip, id) && bit(f->eie, id) && (!f->threshold || id < f->threshold) &&
           id <= m->cfg.num_ids;
}

int imsic_set_file(struct imsic *m, unsigned hart, unsigned guest, bool delivery,
                   unsigned threshold)
{
    struct file *f = file_of(m, hart, guest);

    if (!f || threshold > m->cfg.num_ids + 1u)
        return -EINVAL;
    f->delivery = delivery;
    f->threshold = threshold;
    return 0;
}

int imsic_enable(struct imsic *m, unsigned hart, unsigned guest, unsigned id, bool on)
{
    struct file *f = file_of(m, hart, guest);

    if (!f || !id || id > m->cfg.num_ids)
        return -EINVAL;
    if (on)
        f->eie[id / 64] |= UINT64_C(1) << (id % 64);
    else
        f->eie[id / 64] &= ~(UINT64_C(1) << (id % 64));
    return 0;
}

bool imsic_pending(const struct imsic *m, unsigned hart, unsigned guest, unsigned id)
{
    const struct file *f = file_of(m, hart, guest);

    return f && id && id <= m->cfg.num_ids && bit(f->eip, id);
}

unsigned imsic_claim(struct imsic *m, unsigned hart, unsigned guest)
{
    struct file *f = file_of(m, hart, guest);

    if (!f)
        return 0;
    /* AIA 3.8: topei, the lowest identity has the highest priority */
    for (unsigned id = 1; id <= m->cfg.num_ids; id++) {
        if (eligible(m, f, id)) {
            f->eip[id / 64] &= ~(UINT64_C(1) << (id % 64));
            return id;
        }
    }
    return 0;
}

static void step_raise(struct sim *sim, void *arg)
{
    struct raise *r = arg;
    const struct imsic_sink *s = &r->m->cfg.sink;

    (void)sim;
    if (s->raise)
        s->raise(s->ctx, r->hart, r->guest, r->id, &r->tag);
    free(r);
}

bool imsic_write(struct imsic *m, const struct pcie_write *w)
{
    unsigned group, hart, guest, off;
    struct file *f;
    unsigned id = w->data;
    struct raise *r;

    if (imsic_addr_decode(&m->cfg.geom, w->addr, &group, &hart, &guest, &off))
        return false;
    hart += group << m->cfg.geom.hart_bits;
    f = file_of(m, hart, guest);
    if (!f)
        return false;
    /* AIA 3.2: only a 32-bit write of seteipnum_le is modelled; an identity
     * of 0 or above the implemented ones is ignored */
    if (off != IMSIC_SETEIPNUM_LE || w->len != 4 || !id || id > m->cfg.num_ids)
        return true;
    f->eip[id / 64] |= UINT64_C(1) << (id % 64);
    if (!f->delivery || !eligible(m, f, id))
        return true;
    r = malloc(sizeof(*r));
    if (!r)
        return true;
    *r = (struct raise){ .m = m, .hart = hart, .guest = guest, .id = id, .tag = w->tag };
    if (sim_schedule_in(m->cfg.sim, cost_ps(m->cfg.cost, COST_IMSIC_DELIVER), IMSIC_PRIO,
                        step_raise, r, NULL))
        free(r);
    return true;
}

static void sink_write(void *ctx, const struct pcie_write *w)
{
    (void)imsic_write(ctx, w);
}

struct pcie_sink imsic_sink(struct imsic *m)
{
    return (struct pcie_sink){ .write = sink_write, .ctx = m };
}
