// SPDX-License-Identifier: MIT
// ims_rtl_wrap.cpp - struct ims_dut_ops over one verilated IMS table top.
//
// Compiled once per design, with:
//   IMS_RTL_PREFIX   the verilated class (verilator --prefix), e.g. Vdut
//   IMS_RTL_TOPNAME  the top module's name, e.g. ims_table
//   IMS_RTL_REF      defined: export rtl_ref_create()/rtl_ref_available()
//                    (the reference table linked into imslab)
//   IMS_RTL_SHARED   defined: export ims_rtl_dut_create() (a vendor design
//                    built into a shared object by rtl_build())
// The top must be verilated with `public_flat_rd -module "<top>" -var
// "ENTRIES"` in a .vlt so the entry count is readable here.
//
// Timing (docs/vendor-guide.md, "RTL port list and timing"): inputs change
// on the falling edge, outputs are sampled just before the rising edge, a
// handshake happens at a rising edge where both sides are high.  Trace time
// is 1 ps, one period per cycle (as the behavioral model's, ims_dut.h): the
// top's CLOCK_PS parameter when it has one, else IMS_DUT_CLOCK_PS or what
// set_clock_ps() gave; cycle k's falling edge (inputs and outputs settle) at
// k * period, its rising edge k half a period later.
// Every DUT owns its VerilatedContext: no state is shared between designs.

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <deque>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>

// Verilator's headers are not -Wextra clean (tooling.md s.4)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "verilated.h"
#if VM_TRACE
#include "verilated_vcd_c.h"
#endif

#include "models/rtl/rtl.h"

#define IMS_RTL_STR_(x) #x
#define IMS_RTL_STR(x) IMS_RTL_STR_(x)
#define IMS_RTL_CAT_(a, b) a##b
#define IMS_RTL_CAT(a, b) IMS_RTL_CAT_(a, b)

#ifndef IMS_RTL_PREFIX
#error "define IMS_RTL_PREFIX (the verilated class) and IMS_RTL_TOPNAME"
#endif

#include IMS_RTL_STR(IMS_RTL_PREFIX.h)
#include IMS_RTL_STR(IMS_RTL_CAT(IMS_RTL_PREFIX, ___024root).h)

#pragma GCC diagnostic pop

using Top = IMS_RTL_PREFIX;
using TopRoot = IMS_RTL_CAT(IMS_RTL_PREFIX, ___024root);

namespace {

constexpr uint32_t kEntries =
    TopRoot::IMS_RTL_CAT(IMS_RTL_TOPNAME, __DOT__ENTRIES);

// The top's optional CLOCK_PS parameter (made readable as ENTRIES is): the
// clock period it declares, 0 when it has none.
template <class R, class = void>
struct clock_param : std::integral_constant<uint32_t, 0> {};
template <class R>
struct clock_param<R, std::void_t<decltype(R::IMS_RTL_CAT(IMS_RTL_TOPNAME, __DOT__CLOCK_PS))>>
    : std::integral_constant<uint32_t, R::IMS_RTL_CAT(IMS_RTL_TOPNAME, __DOT__CLOCK_PS)> {};
constexpr uint32_t kClockPs = clock_param<TopRoot>::value;

// Optional ports (docs/vendor-guide.md, "Optional ports"): a top that has
// one gets the op that drives it; one that has none gets a NULL op.
template <class T, class = void>
struct has_fn_mask : std::false_type {};
template <class T>
struct has_fn_mask<T, std::void_t<decltype(std::declval<T &>().fn_mask)>>
    : std::true_type {};

template <class T>
void drive_fn_mask(T *t, bool v)
{
    if constexpr (has_fn_mask<T>::value)
        t->fn_mask = v;
    else
        (void)t, (void)v;
}

template <class T, class = void>
struct has_reg_be : std::false_type {};
template <class T>
struct has_reg_be<T, std::void_t<decltype(std::declval<T &>().reg_be)>>
    : std::true_type {};

template <class T>
void drive_reg_be(T *t, uint32_t be)
{
    if constexpr (has_reg_be<T>::value)
        t->reg_be = be & 0xfu;
    else
        (void)t, (void)be;
}

// The message form (docs/vendor-guide.md, "Message as a PCIe memory-write
// TLP"): a top with tlp_valid sends each message as one beat of tlp_valid /
// tlp_ready carrying the header (tlp_hdr[127:0], DW0 in bits 31:0), the data
// DW (tlp_payload) and the entry (tlp_index, a sideband); it has no msg_*
// port.  The beat is handed on as it left the design: the harness decodes
// and checks the header (harness/ims_tlp.c).
template <class T, class = void>
struct has_tlp : std::false_type {};
template <class T>
struct has_tlp<T, std::void_t<decltype(std::declval<T &>().tlp_valid)>>
    : std::true_type {};

template <class T>
void drive_ready(T *t, bool v)
{
    if constexpr (has_tlp<T>::value)
        t->tlp_ready = v;
    else
        t->msg_ready = v;
}

// The message transferred at this edge, if any (valid and ready both high).
template <class T>
bool take_msg(T *t, ims_dut_msg *m)
{
    if constexpr (has_tlp<T>::value) {
        if (!(t->tlp_valid && t->tlp_ready))
            return false;
        m->tlp = 1;
        for (unsigned i = 0; i < 4; i++)
            m->hdr[i] = t->tlp_hdr[i];
        m->payload = t->tlp_payload;
        m->index = t->tlp_index;
    } else {
        if (!(t->msg_valid && t->msg_ready))
            return false;
        m->addr = t->msg_addr;
        m->data = t->msg_data;
        m->index = t->msg_index;
        m->len = 4;
    }
    return true;
}

struct rtl_dut {
    std::unique_ptr<VerilatedContext> ctx;
    std::unique_ptr<Top> top;
#if VM_TRACE
    std::unique_ptr<VerilatedVcdC> vcd;
#endif
    uint64_t cyc = 0;
    bool failed = false;  // the design ran $finish/$stop/$fatal
    bool ready = true;    // msg_ready, as set_ready() holds it
    bool fmask = false;   // fn_mask (optional port), as set_fmask() holds it
    uint64_t period = kClockPs ? kClockPs : IMS_DUT_CLOCK_PS;   // trace ps a cycle
    std::deque<ims_dut_msg> msgs;
};

struct sample {
    bool ack, irq_ready, irq_err;
    uint32_t rdata;
};

void idle_inputs(Top *t, bool ready)
{
    t->reg_we = 0;
    t->reg_re = 0;
    t->irq_valid = 0;
    drive_ready(t, ready);
}

void dump(rtl_dut *d, uint64_t t)
{
    d->ctx->time(t);
#if VM_TRACE
    if (d->vcd && d->vcd->isOpen())
        d->vcd->dump(t);
#endif
}

// One cycle with the inputs as the caller set them: falling edge (inputs
// settle), sample outputs, rising edge.  Collects a message transferred at
// this edge.
sample step(rtl_dut *d)
{
    Top *t = d->top.get();
    sample s;

    t->clk = 0;
    Verilated::threadContextp(d->ctx.get());
    d->ctx->time((d->cyc + 1) * d->period);
    t->eval();
    dump(d, (d->cyc + 1) * d->period);
    s.ack = t->reg_ack;
    s.irq_ready = t->irq_ready;
    s.irq_err = t->irq_err;
    s.rdata = t->reg_rdata;
    ims_dut_msg m = {};
    bool msg = take_msg(t, &m);

    t->clk = 1;
    d->cyc++;
    d->ctx->time(d->cyc * d->period + d->period / 2);
    t->eval();
    dump(d, d->cyc * d->period + d->period / 2);
    if (msg) {
        m.cycle = d->cyc;
        d->msgs.push_back(m);
    }
    if (d->ctx->gotFinish() || d->ctx->gotError())
        d->failed = true;
    return s;
}

rtl_dut *to_dut(void *p) { return static_cast<rtl_dut *>(p); }

uint32_t op_entries(const void *) { return kEntries; }

int op_reset(void *p)
{
    rtl_dut *d = to_dut(p);
    Top *t = d->top.get();

    // rst_n starts at 0 in a 2-state model: drive 1 -> 0 -> 1 so an
    // asynchronous reset sees its negedge (tooling.md s.4).
    idle_inputs(t, d->ready);
    d->fmask = false;     // low after reset, as the behavioral model's
    drive_fn_mask(t, false);
    t->rst_n = 1;
    step(d);
    t->rst_n = 0;
    step(d);
    step(d);
    t->rst_n = 1;
    step(d);
    return d->failed ? -EIO : 0;
}

// Hold a register request until reg_ack (at most RTL_REG_ACK_MAX cycles).
int reg_access(rtl_dut *d, bool write, uint32_t off, uint32_t val,
               uint32_t *rd, uint32_t be = 0xfu)
{
    Top *t = d->top.get();
    sample s = {};
    uint32_t i;

    if (off > 0xffffu)
        return -EINVAL;
    t->reg_addr = off;
    t->reg_wdata = write ? val : 0;
    t->reg_we = write;
    t->reg_re = !write;
    drive_reg_be(t, write ? be : 0xfu);
    for (i = 0; i < RTL_REG_ACK_MAX; i++) {
        s = step(d);
        if (s.ack || d->failed)
            break;
    }
    t->reg_we = 0;
    t->reg_re = 0;
    if (d->failed)
        return -EIO;
    if (!s.ack)
        return -ETIMEDOUT;
    if (rd)
        *rd = s.rdata;
    return 0;
}

int op_reg_write(void *p, uint32_t off, uint32_t val)
{
    return reg_access(to_dut(p), true, off, val, nullptr);
}

int op_reg_write_be(void *p, uint32_t off, uint32_t val, uint32_t be)
{
    if (be > 0xfu)
        return -EINVAL;
    return reg_access(to_dut(p), true, off, val, nullptr, be);
}

int op_reg_read(void *p, uint32_t off, uint32_t *val)
{
    return reg_access(to_dut(p), false, off, 0, val);
}

int op_fire(void *p, uint32_t index, uint32_t pasid, bool pasid_valid,
            uint32_t max_wait)
{
    rtl_dut *d = to_dut(p);
    Top *t = d->top.get();
    sample s = {};
    uint64_t i;

    if (index > 0xffffu)
        return IMS_DUT_FIRE_REFUSED;  // cannot be presented on irq_index
    t->irq_index = index;
    t->irq_pasid = pasid & 0xfffffu;
    t->irq_pasid_valid = pasid_valid;
    t->irq_valid = 1;
    for (i = 0; i <= max_wait; i++) {
        s = step(d);
        if (s.irq_ready || d->failed)
            break;
    }
    t->irq_valid = 0;
    if (d->failed)
        return -EIO;
    if (!s.irq_ready)
        return IMS_DUT_FIRE_TIMEOUT;
    return s.irq_err ? IMS_DUT_FIRE_REFUSED : IMS_DUT_FIRE_ACCEPTED;
}

int op_clock(void *p, uint64_t n)
{
    rtl_dut *d = to_dut(p);

    idle_inputs(d->top.get(), d->ready);
    while (n-- && !d->failed)
        step(d);
    return d->failed ? -EIO : 0;
}

uint64_t op_cycle(const void *p)
{
    return static_cast<const rtl_dut *>(p)->cyc;
}

size_t op_collect(void *p, ims_dut_msg *out, size_t max)
{
    rtl_dut *d = to_dut(p);
    size_t n = 0;

    while (n < max && !d->msgs.empty()) {
        out[n++] = d->msgs.front();
        d->msgs.pop_front();
    }
    return n;
}

int op_trace(void *p, const char *path)
{
#if VM_TRACE
    rtl_dut *d = to_dut(p);

    if (!path) {
        if (d->vcd && d->vcd->isOpen())
            d->vcd->close();
        return 0;
    }
    Verilated::threadContextp(d->ctx.get());
    try {
        if (!d->vcd) {
            d->vcd.reset(new VerilatedVcdC);
            d->top->trace(d->vcd.get(), 99);
            // 1 ps whatever `timescale the design declares
            d->vcd->set_time_unit("1ps");
            d->vcd->set_time_resolution("1ps");
        } else if (d->vcd->isOpen()) {
            d->vcd->close();
        }
        d->vcd->open(path);
    } catch (const std::bad_alloc &) {
        return -ENOMEM;
    }
    if (!d->vcd->isOpen())
        return -EIO;
    // The values right now, at the current (rising-edge) time
    d->vcd->dump(d->cyc * d->period + d->period / 2);
    return 0;
#else
    (void)p;
    (void)path;
    return -ENOTSUP;
#endif
}

void op_destroy(void *p)
{
    rtl_dut *d = to_dut(p);

    if (!d)
        return;
    // Verilator 5.006 erases a model's scopes from the *thread's* current
    // context: make it ours, and leave none behind that is about to die.
    Verilated::threadContextp(d->ctx.get());
#if VM_TRACE
    if (d->vcd && d->vcd->isOpen())
        d->vcd->close();
    d->vcd.reset();
#endif
    d->top->final();
    d->top.reset();
    d->ctx.reset();
    Verilated::threadContextp(nullptr);
    delete d;
}

int op_set_ready(void *p, bool ready)
{
    rtl_dut *d = to_dut(p);

    d->ready = ready;
    drive_ready(d->top.get(), ready);
    return 0;
}

int op_set_fmask(void *p, bool fmask)
{
    rtl_dut *d = to_dut(p);

    d->fmask = fmask;
    drive_fn_mask(d->top.get(), fmask);
    return 0;
}

uint32_t op_clock_ps(const void *p)
{
    return static_cast<uint32_t>(static_cast<const rtl_dut *>(p)->period);
}

int op_set_clock_ps(void *p, uint32_t ps)
{
    rtl_dut *d = to_dut(p);

    if (!ps || ps % 2)
        return -EINVAL;
    if (kClockPs && ps != kClockPs)
        return -EEXIST;   // the top declares its own (CLOCK_PS)
    if (d->cyc)
        return -EBUSY;
    d->period = ps;
    return 0;
}

const ims_dut_ops rtl_ops = {
    "rtl:" IMS_RTL_STR(IMS_RTL_TOPNAME),
    op_entries,
    op_reset,
    op_reg_write,
    op_reg_read,
    op_fire,
    op_clock,
    op_cycle,
    op_collect,
    op_trace,
    op_destroy,
    op_set_ready,
    has_fn_mask<Top>::value ? op_set_fmask : nullptr,   // the optional fn_mask port
    op_clock_ps,
    op_set_clock_ps,
    has_reg_be<Top>::value ? op_reg_write_be : nullptr,  // the optional reg_be port
};

int create(ims_dut *out)
{
    if (!out)
        return -EINVAL;
    try {
        std::unique_ptr<rtl_dut> d(new rtl_dut);
        d->ctx.reset(new VerilatedContext);  // also the thread's context
        d->ctx->fatalOnError(false);  // $fatal/$stop: -EIO, not abort()
        d->ctx->traceEverOn(true);    // before the model (style-anchors s.6)
        d->top.reset(new Top(d->ctx.get(), "dut"));
        idle_inputs(d->top.get(), true);
        drive_fn_mask(d->top.get(), false);
        drive_reg_be(d->top.get(), 0xfu);
        d->top->clk = 0;
        d->top->rst_n = 0;
        d->top->eval();
        out->ops = &rtl_ops;
        out->state = d.release();
    } catch (const std::bad_alloc &) {
        return -ENOMEM;
    }
    return 0;
}

}  // namespace

#ifdef IMS_RTL_REF
extern "C" bool rtl_ref_available(void)
{
    return true;
}

extern "C" int rtl_ref_create(uint32_t entries, struct ims_dut *out)
{
    if (entries != 0 && entries != kEntries)
        return -EINVAL;
    return create(out);
}
#endif

#ifdef IMS_RTL_SHARED
extern "C" __attribute__((visibility("default")))
int ims_rtl_dut_create(struct ims_dut *out)
{
    return create(out);
}
#endif
