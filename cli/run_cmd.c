/* SPDX-License-Identifier: MIT */
/*
 * run_cmd.c - `imslab run`.
 *
 * Every scenario file is loaded and validated before anything runs (a bad
 * file is exit 2 with nothing run).  Each scenario then runs in a child
 * process of its own (the SystemC kernel cannot restart; -j N runs N at a
 * time); results come back as bytes over a pipe and are reported in input
 * order, so the output does not depend on which child finished first.
 *
 * --out is checked before anything is loaded; once every input is valid,
 * the previous run's outputs in it are removed, and each output is written
 * to a temporary file and renamed into place (reports/atomic.c), with
 * run-status.json last.  SIGINT and SIGTERM are blocked in this process
 * from the start of the run and waited for with the children's SIGCHLD:
 * one stops the children, leaves no results (an interrupted run has none)
 * and a run-status.json saying "interrupted", then ends this process on
 * the same signal.  A signal during the final write lets the write finish
 * (a complete set, marked interrupted).
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli/cmds.h"
#include "cli/progress.h"
#include "cli/run_args.h"
#include "harness/matrix.h"
#include "harness/isolate.h"
#include "harness/runner.h"
#include "harness/scenario.h"
#include "harness/shard.h"
#include "harness/waves.h"
#include "harness/workload_run.h"
#include "models/trace-events.h"
#include "reports/report.h"
#include "results/rule_ids.h"


struct child_out {
    int rc;
    char err[512];
    struct rpt_wall wall;       /* where and when the child ran it */
    struct hx_result r;
};

/*
 * Pipes are drained only after the child exits: a result is a few KiB,
 * well under the pipe buffer, so a child never blocks on its write.
 */
_Static_assert(sizeof(struct child_out) < 65536, "result must fit a pipe buffer");

struct job {
    const char *path;
    struct hx_scenario *scn;
    struct hx_child child;
    struct child_out out;
    bool done;
    char skip[sizeof(((struct hx_result *)0)->skipped)];  /* not run: why */
};


/* One `imslab run`. */
struct run_ctx {
    struct run_cfg cfg;
    struct hx_suite suite;      /* the scenarios, in run order */
    int argc;
    char **argv;
    struct job *jobs;
    struct hx_result *res;
    struct rpt_wall *walls;         /* per result (JUnit, run-info) */
    const char **names;             /* per result, for run-info */
    size_t finished;
    int signo;                  /* the SIGINT or SIGTERM that stopped it, or 0 */
    struct rpt_runinfo ri;
    struct rpt_shard_info shard;    /* what run-status.json says of --shard */
    size_t *positions;              /* shard.positions */
    struct hx_progress prog;        /* the progress line on a terminal */
    size_t told;                    /* -v: scenarios whose line is printed */
};

/* The files a run writes in --out (traces aside), run-status.json last. */
static const char *const outputs[] = {
    "results.json", "junit.xml", "matrix.txt", "run-info.json",
};
#define STATUS_FILE "run-status.json"
#define NOUTPUTS (sizeof(outputs) / sizeof(outputs[0]))

/* ---- step 2: every input, before anything runs --------------------------------- */

/* --shard: keep the shard's scenarios, remember their suite positions. */
static int select_shard(struct run_ctx *x)
{
    size_t total = x->suite.n;

    if (hx_suite_shard(&x->suite, &x->cfg.shard, &x->positions)) {
        fprintf(stderr, "imslab run: out of memory\n");
        return -ENOMEM;
    }
    x->shard = (struct rpt_shard_info){
        .index = x->cfg.shard.index, .count = x->cfg.shard.count,
        .suite_scenarios = total, .positions = x->positions, .n = x->suite.n,
    };
    x->ri.shard = x->cfg.shard_arg;
    return 0;
}

/* Load every scenario file, and every cell of each matrix registry, into
 * the suite (the built-in one when no FILE was given). */
static bool load_suite(struct run_ctx *x)
{
    bool bad = false;

    x->suite.max_input = (size_t)x->cfg.max_input;
    if (x->cfg.own_files) {
        char dir[PATH_MAX];
        int rc;

        hx_data_path(dir, sizeof(dir), "scenarios");
        rc = hx_suite_builtin(&x->suite, dir, stderr);

        if (rc && rc != -EINVAL) {
            fprintf(stderr, "imslab run: no scenarios in %s\n", dir);
            return false;
        }
        bad = rc != 0;
    }
    for (size_t i = 0; i < x->cfg.nfiles; i++) {
        char err[4096];

        if (hx_suite_add_file(&x->suite, x->cfg.files[i], err, sizeof(err))) {
            fprintf(stderr, "%s\n", err);
            bad = true;
        }
    }
    if (!bad && x->cfg.shard.count && select_shard(x))
        return false;
    x->cfg.nfiles = x->suite.n;
    if (!bad && hx_suite_check_unique(&x->suite, stderr))
        bad = true;
    return !bad;
}

/* Check every scenario's layouts and events, then build its RTL. */
static bool load_all(struct run_ctx *x)
{
    bool bad = false;

    for (size_t i = 0; i < x->cfg.nfiles; i++) {
        char err[4096];

        x->jobs[i].path = x->suite.v[i].label;
        x->jobs[i].scn = x->suite.v[i].scn;
        if (hx_run_check_layouts(x->jobs[i].scn, err, sizeof(err))) {
            fprintf(stderr, "%s\n", err);
            bad = true;
        }
    }
    /* then build every device's RTL, so that the children only load it;
     * with no Verilator on this host the scenario is skipped */
    for (size_t i = 0; i < x->cfg.nfiles && !bad; i++) {
        char err[4096];
        int rc = hx_run_build_rtl(x->jobs[i].scn, x->cfg.ro.rtl_cache, stderr,
                                  err, sizeof(err));
        const char *why = strstr(err, ": error: ");

        if (rc == -ENOENT) {
            hx_str_copy(x->jobs[i].skip, sizeof(x->jobs[i].skip),
                        why ? why + strlen(": error: ") : err);
            x->jobs[i].done = true;
        } else if (rc) {
            fprintf(stderr, "%s\n", err);
            bad = true;
        }
    }
    return !bad;
}

/* Check the trace pattern once, here, rather than in every child. */
static bool trace_ok(const char *pattern)
{
    struct sim *probe;
    bool ok = true;

    if (!pattern || sim_create(&probe, NULL))
        return true;
    sim_trace_use(probe, imslab_tracepoints, imslab_tracepoint_count);
    if (sim_trace_enable(probe, pattern) < 0) {
        fprintf(stderr, "imslab run: --trace: '%s' matches no trace point "
                "(see imslab trace-list)\n", pattern);
        ok = false;
    }
    sim_destroy(probe);
    return ok;
}

/* ---- step 3: the output folder --------------------------------------------------- */

/*
 * Remove what a previous run left in @dir: its outputs, its traces and the
 * temporary files of a writer that was killed.  Other files stay.
 */
static int clear_previous(const char *dir)
{
    char path[PATH_MAX];
    int rc = rpt_atomic_sweep(dir);

    snprintf(path, sizeof(path), "%s/report.html", dir);
    if (unlink(path) && errno != ENOENT)
        rc = -errno;
    for (size_t i = 0; i <= NOUTPUTS && !rc; i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, i < NOUTPUTS ? outputs[i] : STATUS_FILE);
        if (unlink(path) && errno != ENOENT)
            rc = -errno;
    }
    if (!rc)
        rc = rpt_dir_unlink(dir, "", ".trace");
    return rc;
}

/* --out, before any work: a folder we can write, or one we can create. */
static int out_ok(const char *dir)
{
    char why[512];
    int rc = rpt_out_dir_check(dir, why, sizeof(why));

    if (rc)
        fprintf(stderr, "imslab run: --out: %s\n", why);
    return rc;
}

/* --vcd DIR, before any work: a folder we can write, or one we can create
 * (created here: the children write into it). */
static int vcd_dir_ok(const char *dir)
{
    char why[512];
    int rc;

    if (!dir)
        return 0;
    rc = rpt_out_dir_check(dir, why, sizeof(why));
    if (!rc && mkdir(dir, 0777) && errno != EEXIST)
        snprintf(why, sizeof(why), "cannot create '%s': %s", dir, strerror(rc = errno));
    if (rc)
        fprintf(stderr, "imslab run: --vcd: %s\n", why);
    return rc;
}

/* Create --out (checked by out_ok()) and clear it. */
static bool prepare_out(const char *dir)
{
    int rc;

    if (mkdir(dir, 0777) && errno != EEXIST) {
        fprintf(stderr, "imslab run: --out: cannot create '%s': %s\n", dir,
                strerror(errno));
        return false;
    }
    rc = clear_previous(dir);
    if (rc) {
        fprintf(stderr, "imslab run: --out: cannot remove the previous run's "
                "outputs in '%s': %s\n", dir, strerror(-rc));
        return false;
    }
    return true;
}

/* ---- step 4: the children ---------------------------------------------------------- */

struct child_arg {
    struct job *j;
    const struct hx_run_opts *base;
    const char *outdir;
    const char *vcd_dir;
};

static int run_child(void *arg, void *out, size_t outlen)
{
    const struct child_arg *ca = arg;
    struct child_out *co = out;
    struct hx_run_opts o = *ca->base;
    struct rpt_atomic trace = { 0 };
    char name[HX_SCN_NAME_LEN + 8], vcd[PATH_MAX];
    uint64_t t0;

    (void)outlen;
    if (ca->vcd_dir) {
        snprintf(vcd, sizeof(vcd), "%s/%s.vcd", ca->vcd_dir, ca->j->scn->name);
        o.vcd_path = vcd;
    }
    if (ca->base->trace) {
        snprintf(name, sizeof(name), "%s.trace", ca->j->scn->name);
        o.trace_out = rpt_atomic_open(&trace, ca->outdir, name) ? stderr : trace.f;
    }
    memset(co, 0, sizeof(*co));
    hx_wall_start(&co->wall);
    t0 = hx_mono_ns();
    co->rc = hx_run_scenario(ca->j->scn, &o, &co->r, co->err, sizeof(co->err));
    co->wall.ns = hx_mono_ns() - t0;
    if (trace.f)
        (void)rpt_atomic_commit(&trace);
    return 0;
}

/* The signals the parent waits for: the two that stop a run, and SIGCHLD. */
static void wait_set(sigset_t *set, bool chld)
{
    sigemptyset(set);
    sigaddset(set, SIGINT);
    sigaddset(set, SIGTERM);
    if (chld)
        sigaddset(set, SIGCHLD);
}

/* The SIGINT or SIGTERM pending on this process (consumed), or 0. */
static int pending_stop(void)
{
    const struct timespec now = { 0, 0 };
    sigset_t set;
    int sig;

    wait_set(&set, false);
    sig = sigtimedwait(&set, NULL, &now);
    return sig > 0 ? sig : 0;
}

static void job_failed(struct job *j, int rc, const char *what)
{
    j->out.rc = rc;
    snprintf(j->out.err, sizeof(j->out.err), "%s: %s", what, strerror(-rc));
    j->done = true;
}

/* Reap every child that has exited; Return: how many. */
static size_t reap_exited(struct run_ctx *x, bool block)
{
    size_t n = 0;

    for (;;) {
        int status;
        pid_t pid = waitpid(-1, &status, block && !n ? 0 : WNOHANG);

        if (pid <= 0) {
            if (pid < 0 && errno == EINTR)
                continue;
            return n;
        }
        for (size_t i = 0; i < x->cfg.nfiles; i++) {
            struct job *j = &x->jobs[i];
            int rc;

            if (j->child.pid != pid)
                continue;
            rc = hx_child_collect(&j->child, status, &j->out, sizeof(j->out));
            if (rc) {
                memset(&j->out, 0, sizeof(j->out));
                j->out.rc = -EIO;
                snprintf(j->out.err, sizeof(j->out.err), "the scenario's process %s %d",
                         WIFSIGNALED(status) ? "died on signal" : "exited with",
                         WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
            }
            j->done = true;
            x->finished += rc == 0;     /* a stopped child did not finish */
            n++;
        }
    }
}

/* Stop and reap every running child. */
static void stop_all(struct run_ctx *x, size_t *running)
{
    for (size_t i = 0; i < x->cfg.nfiles; i++)
        if (x->jobs[i].child.pid > 0)
            hx_child_stop(&x->jobs[i].child);
    while (*running) {
        size_t n = reap_exited(x, true);

        if (!n)
            break;                      /* no child left to wait for */
        *running -= n;
    }
}

/* A signal of @set; with @ticking, 0 after HX_PROGRESS_EVERY_NS without
 * one (so the progress line is redrawn while long scenarios run). */
static int wait_signal(const sigset_t *set, bool ticking)
{
    const struct timespec tick = { 0, HX_PROGRESS_EVERY_NS };
    int sig;

    if (!ticking)
        return sigwaitinfo(set, NULL);
    sig = sigtimedwait(set, NULL, &tick);
    return sig > 0 ? sig : 0;
}

/*
 * -v: the line of each scenario that is done and whose predecessors all
 * are (so the lines come in suite order whatever -j is).
 */
static void tell_done(struct run_ctx *x)
{
    if (!x->cfg.verbose)
        return;
    for (; x->told < x->cfg.nfiles && x->jobs[x->told].done; x->told++) {
        const struct job *j = &x->jobs[x->told];

        hx_progress_end(&x->prog);      /* the line is redrawn later */
        if (j->skip[0])
            fprintf(stderr, "SKIP %s (%s)\n", j->scn->name, j->skip);
        else
            fprintf(stderr, "%s %s\n", !j->out.rc && !j->out.r.expect_failed ?
                    "PASS" : "FAIL", j->scn->name);
    }
    fflush(stderr);
}

/*
 * Run every job, -j at a time.  Return: 0, or the signal that stopped the
 * run (the children are then stopped and reaped).
 */
static int run_all(struct run_ctx *x)
{
    size_t next = 0, running = 0;
    sigset_t set;

    wait_set(&set, true);
    hx_progress_start(&x->prog, stderr, x->cfg.nfiles);
    while (next < x->cfg.nfiles || running) {
        int sig;

        while (next < x->cfg.nfiles && running < x->cfg.jobs_max) {
            struct job *j = &x->jobs[next++];
            struct child_arg ca = { j, &x->cfg.ro, x->cfg.outdir, x->cfg.vcd_dir };
            int rc;

            if (j->skip[0])
                continue;
            rc = hx_child_start(&j->child, run_child, &ca, &j->out, sizeof(j->out));

            if (rc)
                job_failed(j, rc, "fork");
            else
                running++;
        }
        running -= reap_exited(x, false);
        tell_done(x);
        hx_progress_update(&x->prog, x->finished);
        /* wait only with every slot busy or nothing left to start: one
         * SIGCHLD may stand for several children already reaped */
        if (!running || (next < x->cfg.nfiles && running < x->cfg.jobs_max))
            continue;
        sig = wait_signal(&set, x->prog.on);
        if (sig == SIGINT || sig == SIGTERM) {
            hx_progress_end(&x->prog);
            stop_all(x, &running);
            return sig;
        }
    }
    hx_progress_end(&x->prog);
    return 0;
}

/* ---- step 5: results and outputs ------------------------------------------------------ */

/* The file a record names: the built-in suite's relative to its folder. */
static void record_file(const struct run_ctx *x, size_t i, struct hx_result *r)
{
    const char *p = x->suite.v[i].path;
    char dir[PATH_MAX];
    size_t len;

    hx_data_path(dir, sizeof(dir), "scenarios");
    len = strlen(dir);
    if (x->cfg.own_files && !strncmp(p, dir, len) && p[len] == '/')
        snprintf(r->file, sizeof(r->file), "scenarios%s", p + len);
    else
        hx_str_copy(r->file, sizeof(r->file), p);
}

/* A scenario that did not run is a failed RUN-01 expectation. */
static void collect_results(struct run_ctx *x)
{
    for (size_t i = 0; i < x->cfg.nfiles; i++) {
        struct hx_result *r = &x->res[i];
        struct job *j = &x->jobs[i];

        /* a scenario that did not run (skipped, or its process failed)
         * took no time, at the run's start, here */
        x->walls[i] = j->out.wall;
        if (!x->walls[i].host[0]) {
            hx_wall_start(&x->walls[i]);
            x->walls[i].start = x->ri.start;
        }
        x->names[i] = j->scn->name;
        *r = j->out.r;
        if (j->skip[0]) {
            memset(r, 0, sizeof(*r));
            hx_run_identity(j->scn, r);
            record_file(x, i, r);
            r->seed = x->cfg.ro.seed_set ? x->cfg.ro.seed : j->scn->seed;
            hx_str_copy(r->skipped, sizeof(r->skipped), j->skip);
            continue;
        }
        if (!j->out.rc) {
            record_file(x, i, r);
            continue;
        }
        fprintf(stderr, "imslab run: %s: %s\n", j->path, j->out.err);
        memset(r, 0, sizeof(*r));
        snprintf(r->name, sizeof(r->name), "%s", j->scn->name);
        record_file(x, i, r);
        r->seed = x->cfg.ro.seed_set ? x->cfg.ro.seed : j->scn->seed;
        snprintf(r->note, sizeof(r->note), "did not run: %.100s", j->out.err);
        r->n_expect = 1;
        snprintf(r->expect[0].rule, sizeof(r->expect[0].rule), "%s",
                 HX_RULE_ID(RUN_01));
        snprintf(r->expect[0].metric, sizeof(r->expect[0].metric), "ran");
        snprintf(r->expect[0].op, sizeof(r->expect[0].op), "eq");
        snprintf(r->expect[0].expected, sizeof(r->expect[0].expected), "yes");
        snprintf(r->expect[0].actual, sizeof(r->expect[0].actual), "no");
        r->expect[0].verdict = HX_VERDICT_FAIL;
        r->expect_failed = true;
    }
}

struct out_arg {
    const struct run_ctx *x;
    const struct rpt_run_meta *meta;
    size_t which;
};

static int write_one(FILE *f, const void *arg)
{
    const struct out_arg *a = arg;
    const struct run_ctx *x = a->x;
    size_t n = x->cfg.nfiles;

    switch (a->which) {
    case 0: return rpt_json_write(f, x->res, n, a->meta);
    case 1: return rpt_junit_write(f, x->res, n, a->meta->suite, x->walls);
    case 2: return rpt_matrix_write(f, x->res, n);
    default: return rpt_runinfo_write(f, &x->ri);
    }
}

/* Write every output atomically.  Return: how many were written. */
static size_t write_outputs(const struct run_ctx *x, const struct rpt_run_meta *meta)
{
    size_t i;

    for (i = 0; i < NOUTPUTS; i++) {
        struct out_arg a = { x, meta, i };
        int rc = rpt_atomic_write(x->cfg.outdir, outputs[i], write_one, &a);

        if (rc) {
            fprintf(stderr, "imslab run: cannot write '%s/%s': %s\n", x->cfg.outdir,
                    outputs[i], strerror(-rc));
            break;
        }
    }
    return i;
}

static int write_status_one(FILE *f, const void *arg)
{
    return rpt_status_write(f, arg);
}

/* run-status.json, last.  Return: 0 or a negative errno. */
static int write_status(const struct run_ctx *x, enum rpt_status st, int exit_status,
                        size_t noutputs)
{
    struct rpt_run_status s = {
        .status = st, .exit_status = exit_status, .scenarios = x->cfg.nfiles,
        .finished = x->finished, .outputs = outputs, .noutputs = noutputs,
        .signal = x->signo == SIGINT ? "SIGINT" : x->signo == SIGTERM ? "SIGTERM" : NULL,
        .shard = x->cfg.shard.count ? &x->shard : NULL,
    };
    int rc = rpt_atomic_write(x->cfg.outdir, STATUS_FILE, write_status_one, &s);

    if (rc)
        fprintf(stderr, "imslab run: cannot write '%s/%s': %s\n", x->cfg.outdir,
                STATUS_FILE, strerror(-rc));
    return rc;
}

/* End this process on @sig, as its default action would have. */
static _Noreturn void die_on(int sig)
{
    sigset_t set;

    fflush(NULL);
    signal(sig, SIG_DFL);
    wait_set(&set, false);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    raise(sig);
    _exit(128 + sig);
}

/* The run was stopped by @sig: no results, the status, then die on @sig. */
static _Noreturn void interrupted(struct run_ctx *x, int sig)
{
    x->signo = sig;
    (void)clear_previous(x->cfg.outdir);    /* partial traces */
    fprintf(stderr, "imslab run: interrupted by %s: %zu of %zu scenarios "
            "finished, no results written\n", sig == SIGINT ? "SIGINT" : "SIGTERM",
            x->finished, x->cfg.nfiles);
    (void)write_status(x, RPT_STATUS_INTERRUPTED, 128 + sig, 0);
    die_on(sig);
}

/* ---- the command ------------------------------------------------------------------------- */

/* Run the loaded jobs and write the outputs.  Return: the exit status. */
static int run_and_report(struct run_ctx *x)
{
    struct rpt_run_meta meta = {
        .seed = x->cfg.ro.seed_set ? x->cfg.ro.seed : 0,
        .suite = x->cfg.suite_name ? x->cfg.suite_name :
                 x->cfg.own_files ? "builtin" : "files",
    };
    struct rpt_tally tally;
    struct timespec t0, t1;
    int sig, status = HX_EXIT_OK;
    size_t written;

    clock_gettime(CLOCK_REALTIME, &x->ri.start);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    sig = run_all(x);
    if (sig)
        interrupted(x, sig);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    collect_results(x);

    x->ri.backend = sim_backend_name(x->cfg.ro.backend);
    x->ri.jobs = (unsigned)x->cfg.jobs_max;
    x->ri.argc = x->argc;
    x->ri.argv = x->argv;
    x->ri.duration_ns = (uint64_t)(t1.tv_sec - t0.tv_sec) * 1000000000u +
                        (uint64_t)(t1.tv_nsec - t0.tv_nsec);
    x->ri.names = x->names;
    x->ri.walls = x->walls;
    x->ri.n = x->cfg.nfiles;
    rpt_runinfo_host(&x->ri);
    /* signals stay blocked: the set is written whole */
    written = write_outputs(x, &meta);
    rpt_tally(x->res, x->cfg.nfiles, &tally);
    if (written < NOUTPUTS || tally.failed ||
        (x->cfg.html && hx_report_html(x->cfg.outdir, NULL)))
        status = HX_EXIT_FAIL;
    x->signo = pending_stop();
    if (write_status(x, x->signo ? RPT_STATUS_INTERRUPTED : written < NOUTPUTS ?
                     RPT_STATUS_FAILED : RPT_STATUS_COMPLETE,
                     x->signo ? 128 + x->signo : status, written))
        status = HX_EXIT_FAIL;
    if (x->signo)
        die_on(x->signo);
    if (x->cfg.quiet)
        ;
    else if (x->cfg.tap)
        rpt_tap_write(stdout, x->res, x->cfg.nfiles);
    else
        rpt_matrix_write(stdout, x->res, x->cfg.nfiles);
    return status;
}

int hx_cmd_run(int argc, char **argv)
{
    struct run_ctx x = { .argc = argc, .argv = argv };
    sigset_t set, old;
    int status = run_parse_args(argc, argv, &x.cfg);

    if (status >= 0)
        return status;
    status = HX_EXIT_USAGE;
    if (out_ok(x.cfg.outdir) || vcd_dir_ok(x.cfg.vcd_dir))
        goto out;
    /* load and validate everything first: nothing runs on bad input */
    if (!load_suite(&x))
        goto out;
    x.jobs = calloc(x.cfg.nfiles ? x.cfg.nfiles : 1, sizeof(*x.jobs));
    x.res = calloc(x.cfg.nfiles ? x.cfg.nfiles : 1, sizeof(*x.res));
    x.walls = calloc(x.cfg.nfiles ? x.cfg.nfiles : 1, sizeof(*x.walls));
    x.names = calloc(x.cfg.nfiles ? x.cfg.nfiles : 1, sizeof(*x.names));
    if (!x.jobs || !x.res || !x.walls || !x.names) {
        fprintf(stderr, "imslab run: out of memory\n");
        goto out;
    }
    if (!load_all(&x) || !trace_ok(x.cfg.ro.trace))
        goto out;
    /* from here a signal is waited for, not taken (run_all()) */
    wait_set(&set, true);
    sigprocmask(SIG_BLOCK, &set, &old);
    if (prepare_out(x.cfg.outdir))
        status = run_and_report(&x);
    sigprocmask(SIG_SETMASK, &old, NULL);

out:
    hx_suite_free(&x.suite);
    free(x.positions);
    free(x.jobs);
    free(x.res);
    free(x.walls);
    free(x.names);
    return status;
}
