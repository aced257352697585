/* SPDX-License-Identifier: MIT */
/*
 * tlm_dut.c - a TLM-2.0 design instance in a child process of its own
 * (tlm.h says why).  The parent's struct ims_dut forwards every op over a
 * socket pair to the child, which loaded the shared object, elaborated the
 * model once and serves the ops in order; destroy() ends the child.  The
 * child writes the VCD (trace()) from the host's per-cycle port reports.
 * harness/isolate.c runs one function in a child and collects its result;
 * a design instance needs a child that lives across many ops, hence this.
 */
#include "harness/tlm.h"

#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "models/tlm/ims_tlm.h"
#include "sim/vcd.h"

#define RPC_MSGS 64
#define RPC_TIMEOUT_MS 120000   /* one op of a hung model: the child is killed */

enum rpc_op {
    RPC_RESET = 1, RPC_WRITE, RPC_READ, RPC_FIRE, RPC_CLOCK, RPC_COLLECT, RPC_TRACE,
    RPC_READY, RPC_QUIT, RPC_WRITE_BE, RPC_FMASK,
};

/* What the child's design has beyond the mandatory ops (its first answer). */
#define CAP_FMASK 1u            /* set_fmask: the model has an fn_mask port */
#define CAP_WRITE_BE 2u         /* reg_write_be */

struct rpc_req {
    uint32_t op, a, b, c;
    uint64_t n;
    char path[PATH_MAX];
};

struct rpc_rsp {
    int32_t rc;
    uint32_t val;
    uint64_t cycle;
    uint32_t nmsg;
    uint32_t caps;              /* CAP_*, in the answer to the elaboration */
    struct ims_dut_msg msg[RPC_MSGS];
    char text[1024];            /* the design's name, or why it failed */
};

static int full_io(int fd, void *buf, size_t n, bool wr)
{
    char *p = buf;

    while (n) {
        ssize_t k = wr ? send(fd, p, n, MSG_NOSIGNAL) : recv(fd, p, n, 0);

        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return k == 0 ? -EPIPE : -errno;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

/* ---- the child: one model, its ops served in order ------------------------------ */

enum sig_id {
    S_CLK, S_RST_N, S_REG_WE, S_REG_RE, S_REG_ADDR, S_REG_WDATA, S_REG_RDATA, S_REG_ACK,
    S_IRQ_VALID, S_IRQ_READY, S_IRQ_INDEX, S_IRQ_PASID, S_IRQ_PASID_VALID, S_IRQ_ERR,
    S_MSG_VALID, S_MSG_READY, S_MSG_ADDR, S_MSG_DATA, S_MSG_INDEX, S_REG_BE, S_FN_MASK,
    S__COUNT
};

/* The RTL port list's names and widths (docs/vendor-guide.md), as the other forms draw them. */
static const struct {
    const char *name;
    unsigned width;
} sig_def[S__COUNT] = {
    [S_CLK] = { "clk", 1 }, [S_RST_N] = { "rst_n", 1 }, [S_REG_WE] = { "reg_we", 1 },
    [S_REG_RE] = { "reg_re", 1 }, [S_REG_ADDR] = { "reg_addr", 32 },
    [S_REG_WDATA] = { "reg_wdata", 32 }, [S_REG_RDATA] = { "reg_rdata", 32 },
    [S_REG_ACK] = { "reg_ack", 1 }, [S_IRQ_VALID] = { "irq_valid", 1 },
    [S_IRQ_READY] = { "irq_ready", 1 }, [S_IRQ_INDEX] = { "irq_index", 32 },
    [S_IRQ_PASID] = { "irq_pasid", 20 }, [S_IRQ_PASID_VALID] = { "irq_pasid_valid", 1 },
    [S_IRQ_ERR] = { "irq_err", 1 }, [S_MSG_VALID] = { "msg_valid", 1 },
    [S_MSG_READY] = { "msg_ready", 1 }, [S_MSG_ADDR] = { "msg_addr", 64 },
    [S_MSG_DATA] = { "msg_data", 32 }, [S_MSG_INDEX] = { "msg_index", 32 },
    [S_REG_BE] = { "reg_be", 4 }, [S_FN_MASK] = { "fn_mask", 1 },
};

struct server {
    struct ims_dut dut;
    struct sim_vcd *vcd;
    int sig[S__COUNT];
};

/* Cycle C's values at C * IMS_DUT_CLOCK_PS, clk rising half a period later. */
static void on_cycle(void *arg, const struct ims_tlm_cycle *c)
{
    struct server *sv = arg;
    uint64_t t = c->cycle * IMS_DUT_CLOCK_PS;
    const int *s = sv->sig;

    if (!sv->vcd)
        return;
    sim_vcd_set(sv->vcd, s[S_CLK], 0);
    sim_vcd_set(sv->vcd, s[S_RST_N], c->rst_n);
    sim_vcd_set(sv->vcd, s[S_REG_WE], c->reg_we);
    sim_vcd_set(sv->vcd, s[S_REG_RE], c->reg_re);
    if (c->reg_we || c->reg_re)
        sim_vcd_set(sv->vcd, s[S_REG_ADDR], c->reg_addr);
    if (c->reg_we) {
        sim_vcd_set(sv->vcd, s[S_REG_WDATA], c->reg_wdata);
        sim_vcd_set(sv->vcd, s[S_REG_BE], c->reg_be);
    }
    if (s[S_FN_MASK] >= 0)
        sim_vcd_set(sv->vcd, s[S_FN_MASK], c->fn_mask);
    if (c->reg_re && c->reg_ack)
        sim_vcd_set(sv->vcd, s[S_REG_RDATA], c->reg_rdata);
    sim_vcd_set(sv->vcd, s[S_REG_ACK], c->reg_ack);
    sim_vcd_set(sv->vcd, s[S_IRQ_VALID], c->irq_valid);
    sim_vcd_set(sv->vcd, s[S_IRQ_READY], c->irq_ready);
    if (c->irq_valid) {
        sim_vcd_set(sv->vcd, s[S_IRQ_INDEX], c->irq_index);
        sim_vcd_set(sv->vcd, s[S_IRQ_PASID], c->irq_pasid);
        sim_vcd_set(sv->vcd, s[S_IRQ_PASID_VALID], c->irq_pasid_valid);
    }
    sim_vcd_set(sv->vcd, s[S_IRQ_ERR], c->irq_err);
    sim_vcd_set(sv->vcd, s[S_MSG_VALID], c->msg_valid);
    sim_vcd_set(sv->vcd, s[S_MSG_READY], c->msg_ready);
    if (c->msg_valid) {
        sim_vcd_set(sv->vcd, s[S_MSG_ADDR], c->msg_addr);
        sim_vcd_set(sv->vcd, s[S_MSG_DATA], c->msg_data);
        sim_vcd_set(sv->vcd, s[S_MSG_INDEX], c->msg_index);
    }
    (void)sim_vcd_step(sv->vcd, t);
    sim_vcd_set(sv->vcd, s[S_CLK], 1);
    (void)sim_vcd_step(sv->vcd, t + IMS_DUT_CLOCK_PS / 2);
}

static int server_trace(struct server *sv, const char *path)
{
    int rc = 0;

    if (sv->vcd) {
        rc = sim_vcd_close(sv->vcd);
        sv->vcd = NULL;
    }
    if (!path[0])
        return rc;
    if ((rc = sim_vcd_open(&sv->vcd, path, "1ps", "ims")))
        return rc;
    sv->sig[S_FN_MASK] = -1;    /* drawn only for a model with the port */
    for (int i = 0; i < S__COUNT && !rc; i++) {
        if (i == S_FN_MASK && !sv->dut.ops->set_fmask)
            continue;
        if ((sv->sig[i] = sim_vcd_add(sv->vcd, sig_def[i].name, sig_def[i].width)) < 0)
            rc = sv->sig[i];
    }
    if (!rc) {
        sim_vcd_set(sv->vcd, sv->sig[S_RST_N], 1);
        sim_vcd_set(sv->vcd, sv->sig[S_REG_BE], 0xf);
        sim_vcd_set(sv->vcd, sv->sig[S_MSG_READY], 1);
        rc = sim_vcd_begin(sv->vcd);
    }
    if (rc) {
        sim_vcd_close(sv->vcd);
        sv->vcd = NULL;
    }
    return rc;
}

static void serve_op(struct server *sv, const struct rpc_req *q, struct rpc_rsp *r,
                     const char *(*why)(void *))
{
    const struct ims_dut_ops *o = sv->dut.ops;
    void *st = sv->dut.state;

    r->nmsg = 0;
    r->text[0] = '\0';
    switch (q->op) {
    case RPC_RESET: r->rc = o->reset(st); break;
    case RPC_WRITE: r->rc = o->reg_write(st, q->a, q->b); break;
    case RPC_READ: r->rc = o->reg_read(st, q->a, &r->val); break;
    case RPC_FIRE: r->rc = o->fire(st, q->a, q->b, q->c != 0, (uint32_t)q->n); break;
    case RPC_CLOCK: r->rc = o->clock(st, q->n); break;
    case RPC_COLLECT:
        r->nmsg = (uint32_t)o->collect(st, r->msg, q->n < RPC_MSGS ? (size_t)q->n : RPC_MSGS);
        r->rc = 0;
        break;
    case RPC_TRACE: r->rc = server_trace(sv, q->path); break;
    case RPC_READY: r->rc = o->set_ready(st, q->a != 0); break;
    case RPC_WRITE_BE:
        r->rc = o->reg_write_be ? o->reg_write_be(st, q->a, q->b, q->c) : -ENOTSUP;
        break;
    case RPC_FMASK: r->rc = o->set_fmask ? o->set_fmask(st, q->a != 0) : -ENOTSUP; break;
    default: r->rc = -EINVAL; break;
    }
    r->cycle = o->cycle(st);
    if (r->rc == -EIO && why)
        snprintf(r->text, sizeof(r->text), "%s", why(st));
}

/* The child's life: load, elaborate, answer; never returns. */
static void serve(int fd, const char *so)
{
    struct server sv = { 0 };
    struct rpc_rsp *r = calloc(1, sizeof(*r));
    struct rpc_req *q = calloc(1, sizeof(*q));
    const char *(*why)(void *) = NULL;
    ims_tlm_create_fn create = NULL;
    void *dl, *sym;

    if (!r || !q)
        _exit(3);
    dl = dlopen(so, RTLD_NOW | RTLD_LOCAL);
    if (!dl) {
        r->rc = -ENOENT;
        snprintf(r->text, sizeof(r->text), "cannot load %s: %s", so, dlerror());
    } else if (!(sym = dlsym(dl, IMS_TLM_CREATE_SYMBOL))) {
        r->rc = -ENOEXEC;
        snprintf(r->text, sizeof(r->text), "%s exports no %s", so, IMS_TLM_CREATE_SYMBOL);
    } else {
        void *w = dlsym(dl, "ims_tlm_dut_error");

        memcpy(&create, &sym, sizeof(create));     /* POSIX: data to function pointer */
        if (w)
            memcpy(&why, &w, sizeof(why));
        r->rc = create(&sv.dut, on_cycle, &sv, r->text, sizeof(r->text));
        if (r->rc == 0) {
            r->val = sv.dut.ops->entries(sv.dut.state);
            r->caps = (sv.dut.ops->set_fmask ? CAP_FMASK : 0u) |
                      (sv.dut.ops->reg_write_be ? CAP_WRITE_BE : 0u);
            snprintf(r->text, sizeof(r->text), "%s", sv.dut.ops->name);
        }
    }
    if (full_io(fd, r, sizeof(*r), true) || r->rc)
        _exit(0);
    while (full_io(fd, q, sizeof(*q), false) == 0 && q->op != RPC_QUIT) {
        serve_op(&sv, q, r, why);
        if (full_io(fd, r, sizeof(*r), true))
            break;
    }
    if (sv.vcd)
        sim_vcd_close(sv.vcd);
    r->rc = 0;
    (void)full_io(fd, r, sizeof(*r), true);
    _exit(0);   /* no atexit handlers, no stdio buffers of the parent flushed */
}

/* ---- the parent: a struct ims_dut that forwards ------------------------------------ */

struct proxy {
    struct ims_dut_ops ops;
    char name[128];
    int fd;
    pid_t pid;
    uint32_t entries;
    uint64_t cycle;
    bool dead, told;
    struct rpc_req q;
    struct rpc_rsp r;
};

static void reap(struct proxy *p, bool kill_it)
{
    if (p->pid <= 0)
        return;
    if (kill_it)
        kill(p->pid, SIGKILL);
    while (waitpid(p->pid, NULL, 0) < 0 && errno == EINTR)
        ;
    p->pid = -1;
}

static int call(struct proxy *p)
{
    struct pollfd pf = { .fd = p->fd, .events = POLLIN };
    int rc;

    if (p->dead)
        return -EIO;
    rc = full_io(p->fd, &p->q, sizeof(p->q), true);
    if (rc == 0) {
        int k;

        while ((k = poll(&pf, 1, RPC_TIMEOUT_MS)) < 0 && errno == EINTR)
            ;
        rc = k == 0 ? -ETIMEDOUT : full_io(p->fd, &p->r, sizeof(p->r), false);
    }
    if (rc) {
        fprintf(stderr, "imslab: %s: the model's process %s\n", p->name,
                rc == -ETIMEDOUT ? "did not answer within 120 s: killed" : "ended");
        p->dead = true;
        reap(p, true);
        return -EIO;
    }
    p->cycle = p->r.cycle;
    if (p->r.rc == -EIO && p->r.text[0] && !p->told) {
        fprintf(stderr, "imslab: %s: %s\n", p->name, p->r.text);
        p->told = true;
    }
    return p->r.rc;
}

static int op(struct proxy *p, uint32_t o, uint32_t a, uint32_t b, uint32_t c, uint64_t n)
{
    p->q.op = o;
    p->q.a = a;
    p->q.b = b;
    p->q.c = c;
    p->q.n = n;
    p->q.path[0] = '\0';
    return call(p);
}

static uint32_t px_entries(const void *s)
{
    return ((const struct proxy *)s)->entries;
}

static int px_reset(void *s)
{
    return op(s, RPC_RESET, 0, 0, 0, 0);
}

static int px_reg_write(void *s, uint32_t off, uint32_t val)
{
    return op(s, RPC_WRITE, off, val, 0, 0);
}

static int px_reg_write_be(void *s, uint32_t off, uint32_t val, uint32_t be)
{
    return op(s, RPC_WRITE_BE, off, val, be, 0);
}

static int px_reg_read(void *s, uint32_t off, uint32_t *val)
{
    struct proxy *p = s;
    int rc = op(p, RPC_READ, off, 0, 0, 0);

    if (rc == 0)
        *val = p->r.val;
    return rc;
}

static int px_fire(void *s, uint32_t index, uint32_t pasid, bool pasid_valid,
                   uint32_t max_wait)
{
    return op(s, RPC_FIRE, index, pasid, pasid_valid, max_wait);
}

static int px_clock(void *s, uint64_t n)
{
    return op(s, RPC_CLOCK, 0, 0, 0, n);
}

static uint64_t px_cycle(const void *s)
{
    return ((const struct proxy *)s)->cycle;
}

static size_t px_collect(void *s, struct ims_dut_msg *out, size_t max)
{
    struct proxy *p = s;
    size_t n = 0;

    while (n < max) {
        if (op(p, RPC_COLLECT, 0, 0, 0, max - n) < 0)
            break;
        memcpy(out + n, p->r.msg, p->r.nmsg * sizeof(*out));
        n += p->r.nmsg;
        if (p->r.nmsg < RPC_MSGS)
            break;
    }
    return n;
}

static int px_trace(void *s, const char *path)
{
    struct proxy *p = s;

    if (path && strlen(path) >= sizeof(p->q.path))
        return -ENAMETOOLONG;
    p->q.op = RPC_TRACE;
    snprintf(p->q.path, sizeof(p->q.path), "%s", path ? path : "");
    return call(p);
}

static int px_set_ready(void *s, bool ready)
{
    return op(s, RPC_READY, ready, 0, 0, 0);
}

static int px_set_fmask(void *s, bool fmask)
{
    return op(s, RPC_FMASK, fmask, 0, 0, 0);
}

static void px_destroy(void *s)
{
    struct proxy *p = s;

    if (!p)
        return;
    if (!p->dead) {
        p->q.op = RPC_QUIT;
        p->dead = full_io(p->fd, &p->q, sizeof(p->q), true) ||
                  full_io(p->fd, &p->r, sizeof(p->r), false);
    }
    close(p->fd);
    reap(p, p->dead);
    free(p);
}

int tlm_dut_open(const char *so_path, struct ims_dut *out, char *err, size_t errlen)
{
    struct proxy *p;
    pid_t parent;
    int sv[2];

    if (err && errlen)
        err[0] = '\0';
    if (!so_path || !out)
        return -EINVAL;
    if (!(p = calloc(1, sizeof(*p))))
        return -ENOMEM;
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv)) {
        free(p);
        return -errno;
    }
    fflush(NULL);
    parent = getpid();
    p->pid = fork();
    if (p->pid < 0) {
        int e = errno;

        close(sv[0]);
        close(sv[1]);
        free(p);
        return -e;
    }
    if (p->pid == 0) {
        /*
         * the child, as harness/isolate.c makes them: default SIGINT and
         * SIGTERM, SIGTERM when the parent dies; SystemC's reports to
         * stderr; no descriptor kept but ours
         */
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
#ifdef __linux__
        prctl(PR_SET_PDEATHSIG, SIGTERM);
#endif
        if (getppid() != parent)
            _exit(0);
        dup2(2, 1);
        if (sv[1] != 3) {
            dup2(sv[1], 3);
            sv[1] = 3;
        }
        for (int fd = 4; fd < 1024; fd++)
            close(fd);
        serve(3, so_path);
    }
    close(sv[1]);
    p->fd = sv[0];
    if (full_io(p->fd, &p->r, sizeof(p->r), false)) {
        snprintf(err, errlen, "%s: the model's process ended while elaborating", so_path);
        close(p->fd);
        reap(p, true);
        free(p);
        return -EPROTO;
    }
    if (p->r.rc) {
        int rc = p->r.rc;

        snprintf(err, errlen, "%s", p->r.text);
        close(p->fd);
        reap(p, true);
        free(p);
        return rc;
    }
    p->entries = p->r.val;
    snprintf(p->name, sizeof(p->name), "%.*s", (int)sizeof(p->name) - 1, p->r.text);
    p->ops = (struct ims_dut_ops){
        .name = p->name,
        .entries = px_entries,
        .reset = px_reset,
        .reg_write = px_reg_write,
        .reg_read = px_reg_read,
        .fire = px_fire,
        .clock = px_clock,
        .cycle = px_cycle,
        .collect = px_collect,
        .trace = px_trace,
        .destroy = px_destroy,
        .set_ready = px_set_ready,
        .set_fmask = p->r.caps & CAP_FMASK ? px_set_fmask : NULL,
        .reg_write_be = p->r.caps & CAP_WRITE_BE ? px_reg_write_be : NULL,
    };
    out->ops = &p->ops;
    out->state = p;
    return 0;
}
