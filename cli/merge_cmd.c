/* SPDX-License-Identifier: MIT */
/*
 * merge_cmd.c - `imslab merge`: the outputs of the shards of one suite
 * (`imslab run --shard I/N`, N folders) put back together.
 *
 * Each folder's run-status.json must say "complete" and name its shard;
 * the N shards must all be there, once each, of the same N, suite size,
 * tool, seed and suite name, and their positions must cover the suite
 * once.  The results are read back from each results.json, put in suite
 * order by their positions, and written with the writers `imslab run`
 * uses: results.json, junit.xml and matrix.txt are byte for byte those of
 * the unsharded run (docs/sharding.md), but for JUnit's time, timestamp
 * and hostname: each scenario's are its shard's, from the shard's
 * run-info.json.  A folder of an unsharded run is
 * the one shard of 1/1.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cmds.h"
#include "reports/report.h"

/* The files a merge writes, run-status.json last. */
static const char *const outputs[] = { "results.json", "junit.xml", "matrix.txt" };
#define NOUTPUTS (sizeof(outputs) / sizeof(outputs[0]))

/* One shard's folder, read. */
struct part {
    const char *dir;
    struct rpt_status_file st;
    struct rpt_results_file rf;
    struct rpt_wall *walls;     /* per result, from its run-info.json */
};

struct merge {
    struct part *parts;
    size_t nparts;
    struct hx_result *res;      /* in suite order */
    struct rpt_wall *walls;     /* and where and when each ran */
    size_t n;
    struct rpt_run_meta meta;
    const char *outdir;
};

static void usage(FILE *out)
{
    fprintf(out,
        "usage: imslab merge [--out DIR] [--quiet] SHARD_DIR...\n"
        "Combines the output folders of `imslab run --shard I/N` (every I of\n"
        "one N) into results.json, junit.xml and matrix.txt, byte for byte\n"
        "those of the unsharded run, then run-status.json, in DIR (default:\n"
        "out), and prints the matrix.\n\n"
        "  --out DIR   output folder (default: out)\n"
        "  --quiet     do not print the matrix\n\n"
        "Exit status: 0 every expectation held, 1 one failed, 2 bad input or\n"
        "usage (a shard missing, twice, unfinished or of another run).\n");
}

/* Read @p->dir's run-status.json, results.json and the scenarios' times
 * in run-info.json.  Return: 0 or -errno. */
static int read_part(struct part *p)
{
    char path[4096], err[8192];
    int rc;

    snprintf(path, sizeof(path), "%s/run-status.json", p->dir);
    rc = rpt_status_read(path, &p->st, err, sizeof(err));
    if (!rc && p->st.status != RPT_STATUS_COMPLETE) {
        snprintf(err, sizeof(err), "%s: the run is %s, not complete", path,
                 rpt_status_name(p->st.status));
        rc = -EINVAL;
    }
    if (!rc) {
        snprintf(path, sizeof(path), "%s/results.json", p->dir);
        rc = rpt_results_read(path, &p->rf, err, sizeof(err));
    }
    if (!rc && !p->st.shard.count) {
        /* an unsharded run: the one shard of 1/1 */
        p->st.positions = calloc(p->rf.n ? p->rf.n : 1, sizeof(size_t));
        if (!p->st.positions)
            return -ENOMEM;
        for (size_t i = 0; i < p->rf.n; i++)
            p->st.positions[i] = i;
        p->st.shard = (struct rpt_shard_info){ 1, 1, p->rf.n, p->st.positions, p->rf.n };
    }
    if (!rc && (p->st.shard.n != p->rf.n || p->st.scenarios != p->rf.n)) {
        snprintf(err, sizeof(err), "%s: %zu results for %zu scenarios in run-status.json",
                 path, p->rf.n, p->st.shard.n);
        rc = -EINVAL;
    }
    if (!rc) {
        const char **names = calloc(p->rf.n ? p->rf.n : 1, sizeof(*names));

        p->walls = calloc(p->rf.n ? p->rf.n : 1, sizeof(*p->walls));
        if (!names || !p->walls) {
            free(names);
            return -ENOMEM;
        }
        for (size_t i = 0; i < p->rf.n; i++)
            names[i] = p->rf.res[i].name;
        snprintf(path, sizeof(path), "%s/run-info.json", p->dir);
        rc = rpt_runinfo_read_walls(path, names, p->rf.n, p->walls, err, sizeof(err));
        free(names);
    }
    if (rc)
        fprintf(stderr, "imslab merge: %s\n", rc == -ENOMEM ? "out of memory" : err);
    return rc;
}

/* Every shard once, of one run; every position once.  Return: 0 or -EINVAL. */
static int check_parts(struct merge *m)
{
    const struct part *p0 = &m->parts[0];
    unsigned count = p0->st.shard.count;
    char *seen_shard = NULL, *seen_pos = NULL;
    int rc = 0;

    m->n = p0->st.shard.suite_scenarios;
    seen_shard = calloc(count + 1, 1);
    seen_pos = calloc(m->n ? m->n : 1, 1);
    if (!seen_shard || !seen_pos) {
        fprintf(stderr, "imslab merge: out of memory\n");
        rc = -ENOMEM;
        goto out;
    }
    for (size_t i = 0; i < m->nparts && !rc; i++) {
        const struct part *p = &m->parts[i];
        const struct rpt_shard_info *sh = &p->st.shard;

        rc = -EINVAL;
        if (sh->count != count || sh->suite_scenarios != m->n)
            fprintf(stderr, "imslab merge: %s: shard %u/%u of %zu scenarios, but %s is "
                    "of %u shards of %zu\n", p->dir, sh->index, sh->count,
                    sh->suite_scenarios, p0->dir, count, m->n);
        else if (strcmp(p->rf.tool, p0->rf.tool) || strcmp(p->rf.suite, p0->rf.suite) ||
                 p->rf.seed != p0->rf.seed)
            fprintf(stderr, "imslab merge: %s: another tool, suite or seed than %s\n",
                    p->dir, p0->dir);
        else if (!sh->index || sh->index > count || seen_shard[sh->index]++)
            fprintf(stderr, "imslab merge: %s: shard %u/%u given twice\n", p->dir,
                    sh->index, count);
        else
            rc = 0;
        for (size_t k = 0; k < sh->n && !rc; k++) {
            if (sh->positions[k] >= m->n || seen_pos[sh->positions[k]]++) {
                fprintf(stderr, "imslab merge: %s: suite position %zu out of range or "
                        "in two shards\n", p->dir, sh->positions[k]);
                rc = -EINVAL;
            }
        }
    }
    for (unsigned i = 1; i <= count && !rc; i++) {
        if (!seen_shard[i]) {
            fprintf(stderr, "imslab merge: shard %u/%u is missing\n", i, count);
            rc = -EINVAL;
        }
    }
    for (size_t i = 0; i < m->n && !rc; i++) {
        if (!seen_pos[i]) {
            fprintf(stderr, "imslab merge: suite position %zu is in no shard\n", i);
            rc = -EINVAL;
        }
    }
out:
    free(seen_shard);
    free(seen_pos);
    return rc;
}

struct out_arg {
    const struct merge *m;
    size_t which;
};

static int write_one(FILE *f, const void *arg)
{
    const struct out_arg *a = arg;
    const struct merge *m = a->m;

    switch (a->which) {
    case 0: return rpt_json_write(f, m->res, m->n, &m->meta);
    case 1: return rpt_junit_write(f, m->res, m->n, m->meta.suite, m->walls);
    default: return rpt_matrix_write(f, m->res, m->n);
    }
}

static int write_status_one(FILE *f, const void *arg)
{
    return rpt_status_write(f, arg);
}

/* Write the outputs, then run-status.json.  Return: the exit status. */
static int write_all(const struct merge *m)
{
    struct rpt_tally t;
    size_t i;
    int status;

    if (mkdir(m->outdir, 0777) && errno != EEXIST) {
        fprintf(stderr, "imslab merge: --out: cannot create '%s': %s\n", m->outdir,
                strerror(errno));
        return HX_EXIT_USAGE;
    }
    for (i = 0; i < NOUTPUTS; i++) {
        struct out_arg a = { m, i };
        int rc = rpt_atomic_write(m->outdir, outputs[i], write_one, &a);

        if (rc) {
            fprintf(stderr, "imslab merge: cannot write '%s/%s': %s\n", m->outdir,
                    outputs[i], strerror(-rc));
            break;
        }
    }
    rpt_tally(m->res, m->n, &t);
    status = i < NOUTPUTS || t.failed ? HX_EXIT_FAIL : HX_EXIT_OK;
    {
        struct rpt_run_status s = {
            .status = i < NOUTPUTS ? RPT_STATUS_FAILED : RPT_STATUS_COMPLETE,
            .exit_status = status, .scenarios = m->n, .finished = m->n,
            .outputs = outputs, .noutputs = i,
        };

        if (rpt_atomic_write(m->outdir, "run-status.json", write_status_one, &s)) {
            fprintf(stderr, "imslab merge: cannot write '%s/run-status.json'\n",
                    m->outdir);
            status = HX_EXIT_FAIL;
        }
    }
    return status;
}

int hx_cmd_merge(int argc, char **argv)
{
    static const struct option opts[] = {
        { "out", required_argument, NULL, 'o' },
        { "quiet", no_argument, NULL, 'q' },
        { "help", no_argument, NULL, 'h' },
        { 0, 0, 0, 0 },
    };
    struct merge m = { .outdir = "out" };
    bool quiet = false;
    int c, status = HX_EXIT_USAGE;
    char why[512];

    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'o': m.outdir = optarg; break;
        case 'q': quiet = true; break;
        case 'h': usage(stdout); return HX_EXIT_OK;
        default: usage(stderr); return HX_EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        usage(stderr);
        return HX_EXIT_USAGE;
    }
    if (rpt_out_dir_check(m.outdir, why, sizeof(why))) {
        fprintf(stderr, "imslab merge: --out: %s\n", why);
        return HX_EXIT_USAGE;
    }
    m.nparts = (size_t)(argc - optind);
    m.parts = calloc(m.nparts, sizeof(*m.parts));
    if (!m.parts)
        goto out;
    for (size_t i = 0; i < m.nparts; i++) {
        m.parts[i].dir = argv[optind + (int)i];
        if (read_part(&m.parts[i]))
            goto out;
    }
    if (check_parts(&m))
        goto out;
    m.res = calloc(m.n ? m.n : 1, sizeof(*m.res));
    m.walls = calloc(m.n ? m.n : 1, sizeof(*m.walls));
    if (!m.res || !m.walls) {
        fprintf(stderr, "imslab merge: out of memory\n");
        goto out;
    }
    for (size_t i = 0; i < m.nparts; i++)
        for (size_t k = 0; k < m.parts[i].rf.n; k++)
        for (size_t k = 0; k < m.parts[i].rf.n; k++) {
            m.res[m.parts[i].st.shard.positions[k]] = m.parts[i].rf.res[k];
            m.walls[m.parts[i].st.shard.positions[k]] = m.parts[i].walls[k];
        }
    m.meta = (struct rpt_run_meta){
        .tool = m.parts[0].rf.tool, .seed = m.parts[0].rf.seed,
        .suite = m.parts[0].rf.suite,
    };
    status = write_all(&m);
    if (!quiet)
        rpt_matrix_write(stdout, m.res, m.n);
out:
    for (size_t i = 0; m.parts && i < m.nparts; i++) {
        rpt_status_free(&m.parts[i].st);
        rpt_results_free(&m.parts[i].rf);
        free(m.parts[i].walls);
    }
    free(m.parts);
    free(m.res);
    free(m.walls);
    return status;
}
