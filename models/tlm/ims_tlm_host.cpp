// SPDX-License-Identifier: MIT
// ims_tlm_host.cpp - struct ims_dut_ops over one SystemC/TLM-2.0 IMS table
// model (docs/vendor-guide.md, "TLM-2.0 models").
//
// Compiled by harness/tlm_build.c into one shared object per design, in one
// translation unit with the vendor's source:
//   IMS_TLM_SOURCE  the vendor's file, a quoted absolute path (#included)
//   IMS_TLM_TOP     the top module's class
// The host constructs the top as "dut", finds its sockets and ports by name
// (models/tlm/ims_tlm_ext.h lists them), binds them to its own, and turns
// each DUT operation into transactions:
//   register access  one b_transport on `regs` from the host's SC_THREAD,
//                    waiting out the annotated delay; it takes the cycles
//                    until the call returned, at least one; a write with
//                    byte enables (reg_write_be) is the same write whose
//                    byte-enable array holds TLM_BYTE_ENABLED (0xff) for
//                    each enabled byte and TLM_BYTE_DISABLED (0x00) for
//                    the others (IEEE 1666-2011)
//   interrupt        one b_transport on `irq`, bounded by the fire's wait
//   message          a write the model sends to the host's target socket;
//                    its cycle is where SystemC time puts it (ims_tlm.h)
//   reset            rst_n 1 -> 0 -> 1 (four cycles, as the RTL wrapper)
//   Function Mask    the optional `fn_mask` sc_in<bool>, driven by
//                    set_fmask() from the next delta on; low after creation
//                    and after every reset
// and advances SystemC one cycle per step: to the rising edge of the cycle
// plus 1 ps, so that the edge and every delta after it have run.
// SystemC elaborates once per process: one instance per process, made by
// harness/tlm_dut.c in a child of its own.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <deque>
#include <exception>
#include <new>
#include <string>
#include <type_traits>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include "models/tlm/ims_tlm.h"
#include "models/tlm/ims_tlm_ext.h"

#if !defined(IMS_TLM_SOURCE) || !defined(IMS_TLM_TOP)
#error "define IMS_TLM_SOURCE (the model's file, quoted) and IMS_TLM_TOP (its class)"
#endif

#include IMS_TLM_SOURCE

#define IMS_TLM_STR_(x) #x
#define IMS_TLM_STR(x) IMS_TLM_STR_(x)

static_assert(std::is_constructible<IMS_TLM_TOP, sc_core::sc_module_name>::value,
              "the --top class must be an sc_module constructible from an sc_module_name");

namespace {

using fw_if = tlm::tlm_fw_transport_if<>;
using bw_if = tlm::tlm_bw_transport_if<>;
using target_b = tlm::tlm_base_target_socket_b<32, fw_if, bw_if>;
using initiator_b = tlm::tlm_base_initiator_socket_b<32, fw_if, bw_if>;

constexpr uint64_t kPs = IMS_DUT_CLOCK_PS;
constexpr uint32_t kRegBound = 1024;    // cycles a register access may take

uint64_t edge_ps(uint64_t c) { return c * kPs + IMS_TLM_EDGE_PS; }

template <typename T, typename = void>
struct has_entries : std::false_type {};
template <typename T>
struct has_entries<T, std::void_t<decltype(T::ENTRIES)>> : std::true_type {};

enum class req { read, write, irq };

struct Host : sc_core::sc_module {
    tlm_utils::simple_initiator_socket<Host> regs_out{"regs_out"};
    tlm_utils::simple_initiator_socket<Host> irq_out{"irq_out"};
    tlm_utils::simple_target_socket<Host> msg_in{"msg_in"};
    sc_core::sc_signal<bool> rst_n{"rst_n"};
    sc_core::sc_signal<bool> fn_mask{"fn_mask"};
    bool has_fmask = false;     // the top has an fn_mask port, bound to fn_mask
    sc_core::sc_clock clk{"clk", sc_core::sc_time::from_value(kPs), 0.5,
                          sc_core::sc_time::from_value(edge_ps(1)), true};
    sc_core::sc_event req_ev{"req_ev"}, ready_ev{"ready_ev"};

    // the one request in flight
    req kind = req::read;
    bool busy = false, done = false;
    uint32_t addr = 0, wdata = 0, rdata = 0;
    uint32_t be_bits = 0xfu;    // bit i enables byte i of a write
    tlm::tlm_response_status status = tlm::TLM_INCOMPLETE_RESPONSE;

    uint64_t cyc = 0;           // cycles finished
    bool ready = true;          // msg_ready
    bool failed = false;        // a SystemC error, or a protocol error of the model
    std::string why;
    std::deque<ims_dut_msg> held;   // sent for a cycle not finished yet, by cycle
    std::deque<ims_dut_msg> out;    // for collect()
    ims_tlm_cycle cur = {};         // the ports of the cycle being run
    ims_tlm_cycle_fn fn = nullptr;
    void *fn_arg = nullptr;

    SC_HAS_PROCESS(Host);

    explicit Host(const sc_core::sc_module_name &n) : sc_core::sc_module(n)
    {
        SC_THREAD(driver);
        msg_in.register_b_transport(this, &Host::on_msg);
    }

    void fail(const std::string &w)
    {
        if (!failed)
            why = w;
        failed = true;
    }

    // Register accesses and interrupt requests, one at a time.
    void driver()
    {
        for (;;) {
            wait(req_ev);
            tlm::tlm_generic_payload p;
            unsigned char data[4], be[4];
            sc_core::sc_time d = sc_core::SC_ZERO_TIME;

            std::memcpy(data, &wdata, 4);
            for (unsigned b = 0; b < 4; b++)
                be[b] = kind != req::write || (be_bits >> b & 1u) ? TLM_BYTE_ENABLED
                                                                  : TLM_BYTE_DISABLED;
            p.set_command(kind == req::read ? tlm::TLM_READ_COMMAND : tlm::TLM_WRITE_COMMAND);
            p.set_address(addr);
            p.set_data_ptr(data);
            p.set_data_length(4);
            p.set_streaming_width(4);
            p.set_byte_enable_ptr(be);
            p.set_byte_enable_length(4);
            p.set_dmi_allowed(false);
            p.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
            if (kind == req::irq)
                irq_out->b_transport(p, d);
            else
                regs_out->b_transport(p, d);
            if (d > sc_core::SC_ZERO_TIME)
                wait(d);
            status = p.get_response_status();
            std::memcpy(&rdata, data, 4);
            done = true;
        }
    }

    // A message: a write of 4 bytes at the message address.
    void on_msg(tlm::tlm_generic_payload &p, sc_core::sc_time &d)
    {
        const imslab::msg_index *x = p.get_extension<imslab::msg_index>();
        ims_dut_msg m = {};
        uint64_t t, c;

        if (!ready) {
            if (sc_core::sc_get_current_process_handle().proc_kind() !=
                sc_core::SC_THREAD_PROC_) {
                fail("a message was sent from a method process while msg_ready was low "
                     "(send messages from an SC_THREAD)");
            } else {
                while (!ready)
                    wait(ready_ev);
            }
        }
        if (p.get_command() != tlm::TLM_WRITE_COMMAND) {
            fail("the msg socket received a command other than a write");
            p.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
            return;
        }
        m.addr = p.get_address();
        m.len = p.get_data_length();
        if (p.get_data_ptr())
            std::memcpy(&m.data, p.get_data_ptr(), m.len < 4 ? m.len : 4);
        m.index = x ? x->index : UINT32_MAX;
        t = sc_core::sc_time_stamp().value() + d.value();
        c = t <= edge_ps(0) ? 0 : (t - edge_ps(0) + kPs - 1) / kPs;
        m.cycle = c > cyc + 1 ? c : cyc + 1;
        auto at = held.end();
        while (at != held.begin() && (at - 1)->cycle > m.cycle)
            --at;
        held.insert(at, m);
        p.set_response_status(tlm::TLM_OK_RESPONSE);
    }

    // One cycle: SystemC to just past the rising edge that ends it, and the
    // messages of the cycle.
    void advance()
    {
        uint64_t now = sc_core::sc_time_stamp().value(), to = edge_ps(cyc + 1) + 1;

        if (failed)
            return;
        try {
            sc_core::sc_start(sc_core::sc_time::from_value(to - now));
        } catch (const std::exception &e) {
            fail(std::string("SystemC: ") + e.what());
        }
        cyc++;
        cur.cycle = cyc;
        cur.rst_n = rst_n.read();
        cur.fn_mask = fn_mask.read();
        cur.msg_ready = ready;
        cur.msg_valid = 0;
        while (!held.empty() && held.front().cycle <= cyc) {
            if (!cur.msg_valid) {
                cur.msg_valid = 1;
                cur.msg_addr = held.front().addr;
                cur.msg_data = held.front().data;
                cur.msg_index = held.front().index;
            }
            out.push_back(held.front());
            held.pop_front();
        }
    }

    // The cycle's port values to the harness (for the VCD); outputs last one cycle.
    void report()
    {
        if (fn)
            fn(fn_arg, &cur);
        cur.reg_ack = cur.irq_ready = cur.irq_err = 0;
    }

    void step()
    {
        advance();
        report();
    }

    // Finish a request left in flight (a fire that timed out) first.
    int settle()
    {
        for (uint32_t i = 0; busy && !done && !failed && i < kRegBound; i++)
            step();
        if (failed)
            return -EIO;
        if (busy && !done)
            return -ETIMEDOUT;
        busy = false;
        return 0;
    }

    // Present a request and run until it returns, at most @max cycles;
    // @be: a write's byte enables.
    int run(req k, uint32_t a, uint32_t v, uint64_t max, uint32_t be = 0xfu)
    {
        int rc = settle();

        if (rc)
            return rc;
        kind = k;
        addr = a;
        wdata = v;
        be_bits = be;
        busy = true;
        done = false;
        req_ev.notify(sc_core::SC_ZERO_TIME);
        for (uint64_t i = 0; i < max && !done && !failed; i++) {
            if (k == req::irq) {
                cur.irq_valid = 1;
                cur.irq_index = a;
                cur.irq_pasid = v & 0xfffffu;
                cur.irq_pasid_valid = (v & imslab::IMS_TLM_PASID_VALID) != 0;
            } else {
                cur.reg_we = k == req::write;
                cur.reg_re = k == req::read;
                cur.reg_addr = a;
                cur.reg_wdata = k == req::write ? v : 0;
                cur.reg_be = static_cast<uint8_t>(k == req::write ? be : 0xfu);
            }
            advance();
            if (done)
                respond(k);
            report();
        }
        cur.reg_we = cur.reg_re = cur.irq_valid = 0;
        if (failed)
            return -EIO;
        if (!done)
            return -ETIMEDOUT;
        busy = false;
        return 0;
    }

    // The request's response, drawn in the cycle it returned in.
    void respond(req k)
    {
        if (k == req::irq) {
            cur.irq_ready = 1;
            cur.irq_err = status != tlm::TLM_OK_RESPONSE;
        } else {
            cur.reg_ack = 1;
            if (k == req::read)
                cur.reg_rdata = rdata;
        }
    }
};

struct tlm_dut {
    IMS_TLM_TOP *top = nullptr;
    Host *host = nullptr;
};

tlm_dut *to_dut(void *p) { return static_cast<tlm_dut *>(p); }

uint32_t op_entries(const void *)
{
    if constexpr (has_entries<IMS_TLM_TOP>::value)
        return static_cast<uint32_t>(IMS_TLM_TOP::ENTRIES);
    return 0;
}

int op_reset(void *p)
{
    Host *h = to_dut(p)->host;
    int rc = h->settle();

    if (rc)
        return rc;
    h->rst_n.write(true);
    h->step();
    h->rst_n.write(false);
    h->fn_mask.write(false);    // low from reset on, as the other forms
    h->step();
    h->step();
    h->rst_n.write(true);
    h->step();
    return h->failed ? -EIO : 0;
}

int op_reg_write(void *p, uint32_t off, uint32_t val)
{
    return to_dut(p)->host->run(req::write, off, val, kRegBound);
}

int op_reg_write_be(void *p, uint32_t off, uint32_t val, uint32_t be)
{
    if (be > 0xfu)
        return -EINVAL;
    return to_dut(p)->host->run(req::write, off, val, kRegBound, be);
}

int op_reg_read(void *p, uint32_t off, uint32_t *val)
{
    Host *h = to_dut(p)->host;
    int rc = h->run(req::read, off, 0, kRegBound);

    if (rc == 0)
        *val = h->status == tlm::TLM_OK_RESPONSE ? h->rdata : 0;
    return rc;
}

int op_fire(void *p, uint32_t index, uint32_t pasid, bool pasid_valid, uint32_t max_wait)
{
    Host *h = to_dut(p)->host;
    uint32_t v = (pasid & 0xfffffu) | (pasid_valid ? imslab::IMS_TLM_PASID_VALID : 0u);
    int rc = h->run(req::irq, index, v, (uint64_t)max_wait + 1);

    if (rc == -ETIMEDOUT)
        return IMS_DUT_FIRE_TIMEOUT;
    if (rc)
        return rc;
    return h->status == tlm::TLM_OK_RESPONSE ? IMS_DUT_FIRE_ACCEPTED : IMS_DUT_FIRE_REFUSED;
}

int op_clock(void *p, uint64_t n)
{
    Host *h = to_dut(p)->host;

    while (n-- && !h->failed)
        h->step();
    return h->failed ? -EIO : 0;
}

uint64_t op_cycle(const void *p)
{
    return static_cast<const tlm_dut *>(p)->host->cyc;
}

size_t op_collect(void *p, ims_dut_msg *out, size_t max)
{
    Host *h = to_dut(p)->host;
    size_t n = 0;

    while (n < max && !h->out.empty()) {
        out[n++] = h->out.front();
        h->out.pop_front();
    }
    return n;
}

void op_destroy(void *)
{
    // SystemC objects live until the process ends (it cannot elaborate again)
}

int op_set_ready(void *p, bool ready)
{
    Host *h = to_dut(p)->host;

    h->ready = ready;
    if (ready)
        h->ready_ev.notify(sc_core::SC_ZERO_TIME);
    return 0;
}

int op_set_fmask(void *p, bool fmask)
{
    to_dut(p)->host->fn_mask.write(fmask);
    return 0;
}

// set_fmask only for a top with an fn_mask port (ims_tlm_dut_create)
const ims_dut_ops tlm_ops = {
    "tlm:" IMS_TLM_STR(IMS_TLM_TOP),
    op_entries,
    op_reset,
    op_reg_write,
    op_reg_read,
    op_fire,
    op_clock,
    op_cycle,
    op_collect,
    nullptr,        // trace: the harness writes the VCD from the cycle reports
    op_destroy,
    op_set_ready,
    op_set_fmask,
    nullptr,        // clock_ps: IMS_DUT_CLOCK_PS
    nullptr,        // set_clock_ps: fixed (the host's sc_clock)
    op_reg_write_be,
};

ims_dut_ops tlm_ops_no_fmask;

// The top's direct children that are sockets or ports, for a message.
std::string ports_of(sc_core::sc_object *top)
{
    std::string s;

    for (sc_core::sc_object *c : top->get_child_objects()) {
        std::string k = c->kind();

        if (k.find("socket") == std::string::npos && k.rfind("sc_in", 0) && k.rfind("sc_out", 0))
            continue;
        s += s.empty() ? "" : ", ";
        s += c->basename();
        s += " (" + k + ")";
    }
    return s.empty() ? "none" : s;
}

// The child @name of @top as a T, or why not.
template <typename T>
T *child(sc_core::sc_object *top, const char *name, const char *want, std::string &why)
{
    std::string full = std::string(top->name()) + "." + name;
    sc_core::sc_object *o = sc_core::sc_find_object(full.c_str());
    T *t = o ? dynamic_cast<T *>(o) : nullptr;

    if (!o)
        why = std::string("no ") + want + " named '" + name + "'";
    else if (!t)
        why = std::string("'") + name + "' is a " + o->kind() + ", expected " + want;
    return t;
}

int bind_all(tlm_dut *d, std::string &why)
{
    static const char *const kSock = "32-bit TLM-2.0 target socket";
    sc_core::sc_object *top = d->top;
    Host *h = d->host;
    target_b *regs, *irq;
    initiator_b *msg;
    sc_core::sc_in<bool> *rst, *clk, *fm;

    if (!(regs = child<target_b>(top, "regs", kSock, why)) ||
        !(irq = child<target_b>(top, "irq", kSock, why)) ||
        !(msg = child<initiator_b>(top, "msg", "32-bit TLM-2.0 initiator socket", why)) ||
        !(rst = child<sc_core::sc_in<bool>>(top, "rst_n", "sc_in<bool> port", why)))
        return -EPROTO;
    h->regs_out.bind(*regs);
    h->irq_out.bind(*irq);
    msg->get_base_port()(h->msg_in.get_base_interface());
    h->msg_in.get_base_port()(msg->get_base_interface());
    (*rst)(h->rst_n);
    if (sc_core::sc_find_object((std::string(top->name()) + ".clk").c_str())) {
        if (!(clk = child<sc_core::sc_in<bool>>(top, "clk", "sc_in<bool> port", why)))
            return -EPROTO;
        (*clk)(h->clk);
    }
    if (sc_core::sc_find_object((std::string(top->name()) + ".fn_mask").c_str())) {
        if (!(fm = child<sc_core::sc_in<bool>>(top, "fn_mask", "sc_in<bool> port", why)))
            return -EPROTO;
        (*fm)(h->fn_mask);
        h->has_fmask = true;
    }
    return 0;
}

bool g_used;    // SystemC elaborates once per process

}  // namespace

extern "C" __attribute__((visibility("default")))
int ims_tlm_dut_create(struct ims_dut *out, ims_tlm_cycle_fn fn, void *arg, char *err,
                       size_t errlen)
{
    std::string why;
    tlm_dut *d;

    if (!out)
        return -EINVAL;
    if (g_used)
        return -EBUSY;
    g_used = true;
    if constexpr (!has_entries<IMS_TLM_TOP>::value) {
        std::snprintf(err, errlen, "%s: no `static constexpr unsigned ENTRIES` (the number "
                      "of entries; docs/vendor-guide.md, TLM-2.0 models)",
                      IMS_TLM_STR(IMS_TLM_TOP));
        return -EPROTO;
    }
    try {
        d = new tlm_dut;
        d->top = new IMS_TLM_TOP("dut");
        d->host = new Host("imslab");
        d->host->fn = fn;
        d->host->fn_arg = arg;
        if (bind_all(d, why)) {
            std::snprintf(err, errlen, "%s: %s (docs/vendor-guide.md, TLM-2.0 models); "
                          "its sockets and ports: %s", IMS_TLM_STR(IMS_TLM_TOP), why.c_str(),
                          ports_of(d->top).c_str());
            return -EPROTO;
        }
        sc_core::sc_start(sc_core::SC_ZERO_TIME);    // elaboration ends here
    } catch (const std::bad_alloc &) {
        return -ENOMEM;
    } catch (const std::exception &e) {
        std::snprintf(err, errlen, "%s: elaboration failed: %s", IMS_TLM_STR(IMS_TLM_TOP),
                      e.what());
        return -EPROTO;
    }
    tlm_ops_no_fmask = tlm_ops;
    tlm_ops_no_fmask.set_fmask = nullptr;
    out->ops = d->host->has_fmask ? &tlm_ops : &tlm_ops_no_fmask;
    out->state = d;
    return 0;
}

// The reason the design failed (a SystemC error or a protocol error), or "".
extern "C" __attribute__((visibility("default")))
const char *ims_tlm_dut_error(void *state)
{
    return state ? to_dut(state)->host->why.c_str() : "";
}

// libsystemc.so references sc_main; the program's own main() runs instead.
extern "C" __attribute__((weak)) int sc_main(int, char **)
{
    return 0;
}
