/* SPDX-License-Identifier: MIT */
/*
 * run_cmd.c - `imslab run` and `imslab list`.
 *
 * Every scenario file is loaded and validated before anything runs (a bad
 * file is exit 2 with nothing run).  Each scenario then runs in a child
 * process of its own (the SystemC kernel cannot restart; -j N runs N at a
 * time); results come back as bytes over a pipe and are reported in input
 * order, so the output does not depend on which child finished first.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli/cmds.h"
#include "harness/matrix.h"
#include "harness/runner.h"
#include "harness/scenario.h"
#include "harness/workload_run.h"
#include "models/trace-events.h"
#include "reports/report.h"
#include "results/rule_ids.h"

#define SUITE_DIR IMSLAB_SOURCE_DIR "/scenarios"

struct child_out {
    int rc;
    char err[512];
    struct hx_result r;
};

struct job {
    const char *path;
    struct hx_scenario *scn;
    pid_t pid;
    int fd;
    struct child_out out;
    bool done;
};

static void usage(FILE *out)
{
    fprintf(out,
        "usage: imslab run [options] [FILE...]\n"
        "Runs scenario files and the cells of matrix registries (default:\n"
        "the built-in suite in scenarios/, docs/matrix.md),\n"
        "prints the outcome matrix, and writes results.json, junit.xml,\n"
        "matrix.txt and run-info.json to the output folder.\n\n"
        "  --seed N         root seed for every scenario (default: each file's)\n"
        "  --backend B      event kernel: native (default) or systemc\n"
        "  -j N             run N scenarios at a time (default: CPUs online)\n"
        "  --out DIR        output folder (default: out)\n"
        "  --trace PATTERNS print matching trace points to DIR/<name>.trace\n"
        "  --rtl-cache DIR  build cache for devices with rtl (default:\n"
        "                   $XDG_CACHE_HOME/imslab/rtl)\n"
        "  --quiet          do not print the matrix\n\n"
        "Exit status: 0 every expectation held, 1 one failed (or a scenario\n"
        "could not run), 2 bad input or usage.\n");
}

static int write_outputs(const char *dir, struct hx_result *res, size_t n,
                         const struct rpt_run_meta *meta, struct rpt_runinfo *ri)
{
    char path[PATH_MAX];
    FILE *f;
    int rc = 0;

    if (mkdir(dir, 0777) && errno != EEXIST) {
        fprintf(stderr, "imslab run: --out: cannot create '%s': %s\n", dir,
                strerror(errno));
        return -errno;
    }
#define OPEN(name)                                                           \
    do {                                                                     \
        snprintf(path, sizeof(path), "%s/%s", dir, name);                   \
        f = fopen(path, "w");                                                \
        if (!f) {                                                            \
            fprintf(stderr, "imslab run: cannot write '%s': %s\n", path,     \
                    strerror(errno));                                        \
            return -errno;                                                   \
        }                                                                    \
    } while (0)
    OPEN("results.json");
    rc |= rpt_json_write(f, res, n, meta);
    rc |= fclose(f);
    OPEN("junit.xml");
    rc |= rpt_junit_write(f, res, n, meta->suite);
    rc |= fclose(f);
    OPEN("matrix.txt");
    rc |= rpt_matrix_write(f, res, n);
    rc |= fclose(f);
    OPEN("run-info.json");
    rc |= rpt_runinfo_write(f, ri);
    rc |= fclose(f);
#undef OPEN
    return rc ? -EIO : 0;
}

static void run_child(struct job *j, const struct hx_run_opts *base, const char *outdir,
                      int wfd)
{
    struct hx_run_opts o = *base;
    FILE *tf = NULL;
    const char *p;
    size_t left;

    if (base->trace) {
        char path[PATH_MAX];

        snprintf(path, sizeof(path), "%s/%s.trace", outdir, j->scn->name);
        tf = fopen(path, "w");
        o.trace_out = tf ? tf : stderr;
    }
    memset(&j->out, 0, sizeof(j->out));
    j->out.rc = hx_run_scenario(j->scn, &o, &j->out.r, j->out.err, sizeof(j->out.err));
    if (tf)
        fclose(tf);
    p = (const char *)&j->out;
    left = sizeof(j->out);
    while (left) {
        ssize_t w = write(wfd, p, left);

        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            _exit(125);
        p += w;
        left -= (size_t)w;
    }
    _exit(0);
}

static void reap(struct job *jobs, size_t n, size_t *running)
{
    int status;
    pid_t pid = waitpid(-1, &status, 0);

    if (pid < 0)
        return;
    for (size_t i = 0; i < n; i++) {
        struct job *j = &jobs[i];
        char *p = (char *)&j->out;
        size_t got = 0;

        if (j->pid != pid)
            continue;
        while (got < sizeof(j->out)) {
            ssize_t r = read(j->fd, p + got, sizeof(j->out) - got);

            if (r < 0 && errno == EINTR)
                continue;
            if (r <= 0)
                break;
            got += (size_t)r;
        }
        close(j->fd);
        if (got != sizeof(j->out) || !WIFEXITED(status) || WEXITSTATUS(status)) {
            memset(&j->out, 0, sizeof(j->out));
            j->out.rc = -EIO;
            snprintf(j->out.err, sizeof(j->out.err), "the scenario's process %s %d",
                     WIFSIGNALED(status) ? "died on signal" : "exited with",
                     WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
        }
        j->done = true;
        (*running)--;
        return;
    }
}

/*
 * Pipes are drained only after the child exits: a result is a few KiB,
 * well under the pipe buffer, so a child never blocks on its write.
 */
_Static_assert(sizeof(struct child_out) < 65536, "result must fit a pipe buffer");

int hx_cmd_run(int argc, char **argv)
{
    static const struct option opts[] = {
        { "seed", required_argument, NULL, 's' },
        { "backend", required_argument, NULL, 'b' },
        { "out", required_argument, NULL, 'o' },
        { "trace", required_argument, NULL, 't' },
        { "quiet", no_argument, NULL, 'q' },
        { "rtl-cache", required_argument, NULL, 'r' },
        { "help", no_argument, NULL, 'h' },
        { 0, 0, 0, 0 },
    };
    struct hx_run_opts ro = { .backend = SIM_BACKEND_NATIVE };
    const char *outdir = "out";
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    uint64_t jobs_max = ncpu > 0 ? (uint64_t)ncpu : 1;
    bool quiet = false, bad = false;
    struct hx_suite suite = { 0 };
    size_t nfiles = 0, running = 0, next = 0;
    bool own_files = false;
    struct job *jobs;
    struct hx_result *res;
    struct rpt_runinfo ri = { 0 };
    struct rpt_run_meta meta = { 0 };
    struct rpt_tally tally;
    struct timespec t0, t1;
    int c, status = HX_EXIT_OK;

    optind = 1;
    while ((c = getopt_long(argc, argv, "j:", opts, NULL)) != -1) {
        uint64_t v;

        switch (c) {
        case 's':
            /* the results JSON stores the seed as a signed 64-bit number */
            if (hx_parse_u64("imslab run", "--seed", optarg, 0, INT64_MAX, &v))
                return HX_EXIT_USAGE;
            ro.seed = v;
            ro.seed_set = true;
            break;
        case 'b':
            if (sim_backend_parse(optarg, &ro.backend)) {
                fprintf(stderr, "imslab run: --backend: expected native or systemc, "
                        "got '%s'\n", optarg);
                return HX_EXIT_USAGE;
            }
            if (!sim_backend_available(ro.backend)) {
                fprintf(stderr, "imslab run: --backend: %s is not built into this "
                        "binary\n", optarg);
                return HX_EXIT_USAGE;
            }
            break;
        case 'j':
            if (hx_parse_u64("imslab run", "-j", optarg, 1, 256, &jobs_max))
                return HX_EXIT_USAGE;
            break;
        case 'o':
            outdir = optarg;
            break;
        case 't':
            ro.trace = optarg;
            break;
        case 'q':
            quiet = true;
            break;
        case 'r':
            ro.rtl_cache = optarg;
            break;
        case 'h':
            usage(stdout);
            return HX_EXIT_OK;
        default:
            usage(stderr);
            return HX_EXIT_USAGE;
        }
    }
    /* load and validate everything first: nothing runs on bad input */
    if (optind < argc) {
        for (int i = optind; i < argc; i++) {
            char err[1024];

            if (hx_suite_add_file(&suite, argv[i], err, sizeof(err))) {
                fprintf(stderr, "%s\n", err);
                bad = true;
            }
        }
    } else {
        int rc = hx_suite_builtin(&suite, SUITE_DIR, stderr);

        if (rc && rc != -EINVAL) {
            fprintf(stderr, "imslab run: no scenarios in %s\n", SUITE_DIR);
            hx_suite_free(&suite);
            return HX_EXIT_USAGE;
        }
        bad = rc != 0;
        own_files = true;
    }
    nfiles = suite.n;

    jobs = calloc(nfiles ? nfiles : 1, sizeof(*jobs));
    res = calloc(nfiles ? nfiles : 1, sizeof(*res));
    if (!jobs || !res) {
        fprintf(stderr, "imslab run: out of memory\n");
        free(jobs);
        free(res);
        hx_suite_free(&suite);
        return HX_EXIT_USAGE;
    }
    for (size_t i = 0; i < nfiles; i++) {
        char err[1024];

        jobs[i].path = suite.v[i].label;
        jobs[i].scn = suite.v[i].scn;
        if (hx_run_check_layouts(jobs[i].scn, err, sizeof(err))) {
            fprintf(stderr, "%s\n", err);
            bad = true;
        }
    }
    /* then build every device's RTL, so that the children only load it */
    for (size_t i = 0; i < nfiles && !bad; i++) {
        char err[4096];

        if (hx_run_build_rtl(jobs[i].scn, ro.rtl_cache, stderr,
                             err, sizeof(err))) {
            fprintf(stderr, "%s\n", err);
            bad = true;
        }
    }
    if (!bad && ro.trace) {
        /* check the pattern once, here, rather than in every child */
        struct sim *probe;

        if (sim_create(&probe, NULL) == 0) {
            sim_trace_use(probe, imslab_tracepoints, imslab_tracepoint_count);
            if (sim_trace_enable(probe, ro.trace) < 0) {
                fprintf(stderr, "imslab run: --trace: '%s' matches no trace point "
                        "(see imslab trace-list)\n", ro.trace);
                bad = true;
            }
            sim_destroy(probe);
        }
    }
    if (!bad && (mkdir(outdir, 0777) && errno != EEXIST)) {
        fprintf(stderr, "imslab run: --out: cannot create '%s': %s\n", outdir,
                strerror(errno));
        bad = true;
    }
    if (bad) {
        status = HX_EXIT_USAGE;
        goto out;
    }

    clock_gettime(CLOCK_REALTIME, &ri.start);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    while (next < nfiles || running) {
        while (next < nfiles && running < jobs_max) {
            struct job *j = &jobs[next++];
            int fds[2];

            if (pipe(fds)) {
                j->out.rc = -errno;
                snprintf(j->out.err, sizeof(j->out.err), "pipe: %s", strerror(errno));
                j->done = true;
                continue;
            }
            fflush(NULL);
            j->pid = fork();
            if (j->pid == 0) {
                close(fds[0]);
                run_child(j, &ro, outdir, fds[1]);
            }
            close(fds[1]);
            if (j->pid < 0) {
                close(fds[0]);
                j->out.rc = -errno;
                snprintf(j->out.err, sizeof(j->out.err), "fork: %s", strerror(errno));
                j->done = true;
                continue;
            }
            j->fd = fds[0];
            running++;
        }
        if (running)
            reap(jobs, nfiles, &running);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);

    for (size_t i = 0; i < nfiles; i++) {
        res[i] = jobs[i].out.r;
        if (jobs[i].out.rc) {
            fprintf(stderr, "imslab run: %s: %s\n", jobs[i].path, jobs[i].out.err);
            snprintf(res[i].name, sizeof(res[i].name), "%s", jobs[i].scn->name);
            snprintf(res[i].note, sizeof(res[i].note), "did not run: %.100s",
                     jobs[i].out.err);
            res[i].n_expect = 1;
            snprintf(res[i].expect[0].rule, sizeof(res[i].expect[0].rule), "%s",
                     HX_RULE_ID(RUN_01));
            snprintf(res[i].expect[0].metric, sizeof(res[i].expect[0].metric), "ran");
            snprintf(res[i].expect[0].op, sizeof(res[i].expect[0].op), "eq");
            snprintf(res[i].expect[0].expected, sizeof(res[i].expect[0].expected), "yes");
            snprintf(res[i].expect[0].actual, sizeof(res[i].expect[0].actual), "no");
            res[i].expect[0].verdict = HX_VERDICT_FAIL;
            res[i].expect_failed = true;
        }
    }

    meta.seed = ro.seed_set ? ro.seed : 0;
    meta.suite = own_files ? "builtin" : "files";
    ri.backend = sim_backend_name(ro.backend);
    ri.jobs = (unsigned)jobs_max;
    ri.argc = argc;
    ri.argv = argv;
    ri.duration_ns = (uint64_t)(t1.tv_sec - t0.tv_sec) * 1000000000u +
                     (uint64_t)(t1.tv_nsec - t0.tv_nsec);
    rpt_runinfo_host(&ri);
    if (write_outputs(outdir, res, nfiles, &meta, &ri))
        status = HX_EXIT_FAIL;
    if (!quiet)
        rpt_matrix_write(stdout, res, nfiles);
    rpt_tally(res, nfiles, &tally);
    if (tally.failed)
        status = HX_EXIT_FAIL;

out:
    hx_suite_free(&suite);
    free(jobs);
    free(res);
    return status;
}

int hx_cmd_list(int argc, char **argv)
{
    struct hx_suite suite = { 0 };
    int status = HX_EXIT_OK;

    if (argc > 1 && !strcmp(argv[1], "--help")) {
        printf("usage: imslab list [FILE...]\n"
               "Lists the built-in suite (or the scenarios of FILEs) in run order:\n"
               "a scenario file as FILE DESCRIPTION, a cell of a matrix registry as\n"
               "NAME REGISTRY: row ROW | guest GUEST | DEVICE/ASSIGNMENT -> OUTCOME\n"
               "(the outcome class the cell expects).\n");
        return HX_EXIT_OK;
    }
    if (argc > 1 && argv[1][0] == '-') {
        fprintf(stderr, "imslab list: unknown option '%s'\n", argv[1]);
        return HX_EXIT_USAGE;
    }
    if (argc > 1) {
        for (int i = 1; i < argc; i++) {
            char err[1024];

            if (hx_suite_add_file(&suite, argv[i], err, sizeof(err))) {
                fprintf(stderr, "%s\n", err);
                status = HX_EXIT_USAGE;
            }
        }
    } else {
        int rc = hx_suite_builtin(&suite, SUITE_DIR, stderr);

        if (rc && rc != -EINVAL) {
            fprintf(stderr, "imslab list: cannot read %s\n", SUITE_DIR);
            return HX_EXIT_USAGE;
        }
        if (rc)
            status = HX_EXIT_USAGE;
    }
    for (size_t i = 0; i < suite.n; i++) {
        const struct hx_suite_entry *e = &suite.v[i];
        const struct hx_matrix_cell *c = e->cell;
        const char *base = strrchr(e->path, '/');
        const struct hx_scenario *scn = e->scn;

        base = base ? base + 1 : e->path;
        if (c)
            printf("%-44s %s: row %s | guest %s | %s/%s -> %s\n", c->name, base, c->row,
                   c->guest, c->device, c->assignment, hx_scn_outcome_name(c->outcome));
        else
            printf("%-44s %s\n", base, scn->description ? scn->description : scn->name);
    }
    hx_suite_free(&suite);
    return status;
}
