/* SPDX-License-Identifier: MIT */
/*
 * vendor_cmd.c - `imslab vendor`: run the IMS conformance rules on a
 * vendor's table design, given as a layout descriptor (behavioral model) or
 * as RTL (built through Verilator), or run the two in lockstep.
 *
 * Outputs, in --out: results.json and junit.xml (reports/report.h, one
 * result per design, one expectation per rule), report.txt (the text
 * report, also printed), and <rule>.vcd for each failing rule when the
 * design can trace.  Exit 0 every rule passed, 1 one failed or none
 * applied (every rule skipped: nothing was checked), 2 bad input.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cmds.h"
#include "harness/ims_lockstep.h"
#include "harness/ims_rules.h"
#include "harness/layout.h"
#include "models/rtl/rtl.h"
#include "models/siov/ims_behav.h"
#include "harness/vendor.h"
#include "harness/workload_run.h"
#include "reports/report.h"
#include "results/rule_ids.h"

#define REF_LAYOUT IMSLAB_SOURCE_DIR "/layouts/ref.yaml"
#define LOCKSTEP_RULE HX_RULE_ID(IMS_R_LOCKSTEP_01)

/* ---- the designs ------------------------------------------------------------ */
/* A layout descriptor, and the behavioral model it drives. */
static int load_layout(const char *path, size_t max, struct ims_layout *l, char *err,
                       size_t len)
{
    return hx_layout_load_max(path, max, l, err, len);
}

static int open_behav(const struct ims_layout *l, struct ims_dut *out, char *err, size_t len)
{
    int rc = ims_behav_create(l, out);

    if (rc)
        snprintf(err, len, "%s: the behavioral model refused the layout: %s", l->name,
                 strerror(-rc));
    return rc;
}

/*
 * RTL: verilate and build the vendor's sources into a shared object in the
 * cache (keyed by the sources' hash: a second run does not rebuild), then
 * load it behind the same DUT ops as the behavioral model.
 */
static int open_rtl(const char *const *src, size_t n, const char *top, const char *cache,
                    struct ims_dut *out, char *err, size_t len)
{
    char so[PATH_MAX];
    struct rtl_build_info info;
    int rc = rtl_build_ex(src, n, top, cache, so, sizeof(so), err, len, &info);

    if (rc)
        return rc;
    fprintf(stderr, "imslab vendor: %s %s (%s)\n", top,
            info.cache_hit ? "from the cache" : "built", so);
    rc = rtl_dut_open(so, out);
    if (rc)
        snprintf(err, len, "%.64s: cannot load %.512s: %s", top, so, strerror(-rc));
    return rc;
}

/* ---- the command ------------------------------------------------------------ */

static void usage(FILE *out)
{
    fprintf(out,
        "usage: imslab vendor --layout FILE.yaml [options]\n"
        "       imslab vendor --rtl A.sv [B.sv ...] --top NAME [--layout FILE.yaml] [options]\n"
        "       imslab vendor --lockstep --rtl A.sv [...] --top NAME --layout FILE.yaml\n"
        "                     [--ops N] [options]\n"
        "Runs the IMS conformance rules on a table design: the behavioral model\n"
        "of a layout descriptor, or RTL built with Verilator (the layout then\n"
        "defaults to layouts/ref.yaml, the reference register map).  --lockstep\n"
        "runs the behavioral model and the RTL on one random stimulus and\n"
        "reports the first difference.  Writes results.json, junit.xml,\n"
        "report.txt and a VCD per failure to the output folder.\n\n"
        "  --layout FILE    layout descriptor (YAML)\n"
        "  --rtl FILE...    Verilog/SystemVerilog sources (more may follow)\n"
        "  --top NAME       the RTL top module\n"
        "  --cache DIR      build cache (default: $XDG_CACHE_HOME/imslab/rtl)\n"
        "  --out DIR        output folder (default: out)\n"
        "  --seed N         seed of the random choices (default 1)\n"
        "  --rules ID,...   run these rules only (default: all; see docs/rules.md)\n"
        "  --bound N        cycles a message may take after its fire (default %d)\n"
        "  --lockstep       compare behavioral model and RTL\n"
        "  --ops N          lockstep operations (default %d)\n"
        "  --quiet          do not print the report\n"
        "  --max-input-bytes N  largest layout file read (default 16777216)\n\n"
        "Exit status: 0 every rule passed, 1 a rule failed or no rule applied to\n"
        "the design (every rule skipped), 2 bad input or usage\n"
        "(unknown flag, missing file, descriptor error, RTL build error).\n",
        HX_IMS_LATENCY_BOUND, HX_LOCKSTEP_OPS);
}

static int parse_u64(const char *flag, const char *s, uint64_t min, uint64_t max, uint64_t *v)
{
    return hx_parse_u64("imslab vendor", flag, s, min, max, v);
}

/* --rules A,B: the selected rules in catalog order. */
static int parse_rules(const char *arg, const struct hx_ims_rule **sel, size_t *n)
{
    size_t nall;
    const struct hx_ims_rule *all = hx_ims_rules(&nall);
    bool want[64] = { false };
    char *dup = strdup(arg), *save = NULL;

    if (!dup)
        return -ENOMEM;
    for (char *t = strtok_r(dup, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        const struct hx_ims_rule *r = hx_ims_rule_find(t);

        if (!r) {
            fprintf(stderr, "imslab vendor: --rules: unknown rule '%s' (see docs/rules.md, "
                    "\"IMS conformance rules\")\n", t);
            free(dup);
            return -EINVAL;
        }
        want[r - all] = true;
    }
    free(dup);
    *n = 0;
    for (size_t i = 0; i < nall; i++)
        if (want[i])
            sel[(*n)++] = &all[i];
    if (*n == 0) {
        fprintf(stderr, "imslab vendor: --rules: no rule named\n");
        return -EINVAL;
    }
    return 0;
}

static bool readable(const char *flag, const char *path)
{
    if (access(path, R_OK) == 0)
        return true;
    fprintf(stderr, "imslab vendor: %s: cannot read '%s': %s\n", flag, path, strerror(errno));
    return false;
}

struct report_arg {
    const struct hx_result *res;
    const struct rpt_run_meta *meta;
    const char *text;
    size_t textlen;
};

static int write_json(FILE *f, const void *arg)
{
    const struct report_arg *a = arg;

    return rpt_json_write(f, a->res, 1, a->meta);
}

static int write_junit(FILE *f, const void *arg)
{
    const struct report_arg *a = arg;

    return rpt_junit_write(f, a->res, 1, "vendor");
}

static int write_text(FILE *f, const void *arg)
{
    const struct report_arg *a = arg;

    return fwrite(a->text, 1, a->textlen, f) != a->textlen ? -EIO : 0;
}

/* Each report written whole or not at all (reports/atomic.c). */
static int write_reports(const char *dir, const struct hx_result *res, uint64_t seed,
                         const char *text, size_t textlen)
{
    struct rpt_run_meta meta = { .seed = seed, .suite = "vendor" };
    const struct report_arg a = { res, &meta, text, textlen };
    static const struct {
        const char *name;
        int (*fn)(FILE *f, const void *arg);
    } files[] = {
        { "results.json", write_json },
        { "junit.xml", write_junit },
        { "report.txt", write_text },
    };

    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        int rc = rpt_atomic_write(dir, files[i].name, files[i].fn, &a);

        if (rc) {
            fprintf(stderr, "imslab vendor: cannot write '%s/%s': %s\n", dir,
                    files[i].name, strerror(-rc));
            return rc;
        }
    }
    return 0;
}

static void default_cache(char *buf, size_t len, const char *outdir)
{
    if (rtl_default_cache_dir(buf, len))
        snprintf(buf, len, "%s/rtl-cache", outdir);
}

/* Lockstep: the behavioral model (A) and the RTL (B); one expectation. */
static int run_lockstep(struct ims_dut *behav, struct ims_dut *rtl, const struct ims_layout *l,
                        const struct hx_lockstep_opts *lo, const char *outdir, FILE *text,
                        struct hx_result *res)
{
    struct hx_lockstep_result r;
    char actual[sizeof(res->expect[0].actual)];
    int rc = hx_ims_lockstep(behav, rtl, l, lo, &r);

    if (rc < 0)
        return rc;
    memset(res, 0, sizeof(*res));
    snprintf(res->name, sizeof(res->name), "%.29s vs %.29s", behav->ops->name, rtl->ops->name);
    hx_str_copy(res->device, sizeof(res->device), l->name);
    hx_str_copy(res->path, sizeof(res->path), "lockstep");
    fprintf(text, "imslab vendor --lockstep: %s vs %s, seed %" PRIu64 ", %" PRIu64 " ops\n",
            behav->ops->name, rtl->ops->name, lo->seed, lo->ops);
    if (!r.diverged) {
        fprintf(text, "%-18s pass    %" PRIu64 " ops, %" PRIu64 " messages, all equal\n",
                LOCKSTEP_RULE, r.ops_run, r.msgs);
        hx_vendor_add_expect(res, LOCKSTEP_RULE, true, "pass", res->name);
        fprintf(text, "1 passed, 0 failed\n");
        return 0;
    }
    fprintf(text, "%-18s FAIL    op %" PRIu64 " (behavioral cycle %" PRIu64 ", rtl cycle %"
            PRIu64 "): %s\n", LOCKSTEP_RULE, r.op, r.cycle_a, r.cycle_b, r.what);
    fprintf(text, "%-26s behavioral: %s\n%-26s rtl:        %s\n", "", r.a, "", r.b);
    snprintf(actual, sizeof(actual), "op %" PRIu64 ": %.32s: %.30s / %.30s", r.op, r.what,
             r.a, r.b);
    hx_vendor_add_expect(res, LOCKSTEP_RULE, false, actual, res->name);
    if (outdir) {
        struct hx_lockstep_opts again = *lo;
        struct hx_lockstep_result r2;
        char pa[PATH_MAX], pb[PATH_MAX];
        int ta, tb;

        snprintf(pa, sizeof(pa), "%s/lockstep-behavioral.vcd", outdir);
        snprintf(pb, sizeof(pb), "%s/lockstep-rtl.vcd", outdir);
        again.ops = r.op + 16;      /* the window: up to 16 ops past the divergence */
        ta = behav->ops->trace ? behav->ops->trace(behav->state, pa) : -ENOTSUP;
        tb = rtl->ops->trace ? rtl->ops->trace(rtl->state, pb) : -ENOTSUP;
        if (ta == 0 || tb == 0)
            hx_ims_lockstep(behav, rtl, l, &again, &r2);
        if (ta == 0)
            behav->ops->trace(behav->state, NULL);
        if (tb == 0)
            rtl->ops->trace(rtl->state, NULL);
        fprintf(text, "%-26s waveforms: %s, %s\n", "", ta == 0 ? pa : "(none)",
                tb == 0 ? pb : "(none)");
    }
    fprintf(text, "0 passed, 1 failed\n");
    return 0;
}

int hx_cmd_vendor(int argc, char **argv)
{
    static const struct option opts[] = {
        { "layout", required_argument, NULL, 'l' },
        { "rtl", required_argument, NULL, 'r' },
        { "top", required_argument, NULL, 't' },
        { "cache", required_argument, NULL, 'c' },
        { "out", required_argument, NULL, 'o' },
        { "seed", required_argument, NULL, 's' },
        { "rules", required_argument, NULL, 'R' },
        { "bound", required_argument, NULL, 'b' },
        { "lockstep", no_argument, NULL, 'L' },
        { "ops", required_argument, NULL, 'n' },
        { "quiet", no_argument, NULL, 'q' },
        { "max-input-bytes", required_argument, NULL, 'm' },
        { "help", no_argument, NULL, 'h' },
        { 0, 0, 0, 0 },
    };
    const char *layout_path = NULL, *top = NULL, *cache = NULL, *outdir = "out";
    const char **src = NULL;
    size_t nsrc = 0;
    const struct hx_ims_rule *sel[64];
    struct hx_vendor_opts vo = { .ims = { .seed = 1 } };
    struct hx_lockstep_opts lo = { .seed = 1 };
    bool lockstep = false, quiet = false, ops_set = false;
    struct ims_layout layout;
    struct ims_dut behav = { 0 }, rtl = { 0 };
    struct hx_result *res = NULL;
    struct rpt_tally tally;
    char err[1024], cachebuf[PATH_MAX];
    char *text = NULL;
    size_t textlen = 0;
    FILE *tf = NULL;
    int c, rc, status = HX_EXIT_USAGE;
    uint64_t v, max_input = 0;

    optind = 1;
    src = calloc((size_t)argc + 1, sizeof(*src));
    if (!src)
        return HX_EXIT_USAGE;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'l': layout_path = optarg; break;
        case 'r': src[nsrc++] = optarg; break;
        case 't': top = optarg; break;
        case 'c': cache = optarg; break;
        case 'o': outdir = optarg; break;
        case 's':
            if (parse_u64("--seed", optarg, 0, INT64_MAX, &v))
                goto out;
            vo.ims.seed = lo.seed = v;
            break;
        case 'R':
            if (parse_rules(optarg, sel, &vo.nrules))
                goto out;
            vo.rules = sel;
            break;
        case 'b':
            if (parse_u64("--bound", optarg, 1, 1u << 20, &v))
                goto out;
            vo.ims.latency_bound = lo.latency_bound = (uint32_t)v;
            break;
        case 'L': lockstep = true; break;
        case 'n':
            if (parse_u64("--ops", optarg, 1, UINT64_C(1) << 32, &v))
                goto out;
            lo.ops = v;
            ops_set = true;
            break;
        case 'q': quiet = true; break;
        case 'm':
            if (parse_u64("--max-input-bytes", optarg, 1, SIZE_MAX / 2, &max_input))
                goto out;
            break;
        case 'h':
            usage(stdout);
            status = HX_EXIT_OK;
            goto out;
        default:
            usage(stderr);
            goto out;
        }
    }
    /* `--rtl a.sv b.sv`: the words after the flag are more sources */
    for (int i = optind; i < argc; i++) {
        if (!nsrc) {
            fprintf(stderr, "imslab vendor: unexpected argument '%s'\n", argv[i]);
            goto out;
        }
        src[nsrc++] = argv[i];
    }
    if (!layout_path && !nsrc) {
        fprintf(stderr, "imslab vendor: give --layout FILE.yaml or --rtl FILE... --top NAME\n");
        usage(stderr);
        goto out;
    }
    if (nsrc && !top) {
        fprintf(stderr, "imslab vendor: --rtl needs --top NAME\n");
        goto out;
    }
    if (top && !nsrc) {
        fprintf(stderr, "imslab vendor: --top needs --rtl FILE...\n");
        goto out;
    }
    if (lockstep && (!nsrc || !layout_path)) {
        fprintf(stderr, "imslab vendor: --lockstep needs --rtl, --top and --layout\n");
        goto out;
    }
    if (ops_set && !lockstep) {
        fprintf(stderr, "imslab vendor: --ops is for --lockstep\n");
        goto out;
    }
    if (lockstep && vo.rules) {
        fprintf(stderr, "imslab vendor: --rules does not apply to --lockstep\n");
        goto out;
    }
    if (rpt_out_dir_check(outdir, err, sizeof(err))) {
        fprintf(stderr, "imslab vendor: --out: %s\n", err);
        goto out;
    }
    if (!layout_path)
        layout_path = REF_LAYOUT;
    if (!readable("--layout", layout_path))
        goto out;
    for (size_t i = 0; i < nsrc; i++)
        if (!readable("--rtl", src[i]))
            goto out;

    /* load and build everything before running anything */
    if (load_layout(layout_path, (size_t)max_input, &layout, err, sizeof(err)) < 0) {
        fprintf(stderr, "%s\n", err);
        goto out;
    }
    if (mkdir(outdir, 0777) && errno != EEXIST) {
        fprintf(stderr, "imslab vendor: --out: cannot create '%s': %s\n", outdir,
                strerror(errno));
        goto out;
    }
    if (!cache) {
        default_cache(cachebuf, sizeof(cachebuf), outdir);
        cache = cachebuf;
    }
    if ((!nsrc || lockstep) && open_behav(&layout, &behav, err, sizeof(err)) < 0) {
        fprintf(stderr, "imslab vendor: --layout: %s\n", err);
        goto out;
    }
    if (nsrc && open_rtl(src, nsrc, top, cache, &rtl, err, sizeof(err)) < 0) {
        fprintf(stderr, "imslab vendor: --rtl: %s\n", err);
        goto out;
    }
    if ((res = calloc(1, sizeof(*res))) == NULL || !(tf = open_memstream(&text, &textlen)))
        goto out;
    if (lockstep) {
        if (!ops_set)
            lo.ops = HX_LOCKSTEP_OPS;
        rc = run_lockstep(&behav, &rtl, &layout, &lo, outdir, tf, res);
    } else {
        vo.outdir = outdir;
        vo.source = nsrc ? top : layout_path;
        rc = hx_vendor_rules(nsrc ? &rtl : &behav, &layout, &vo, tf, res);
    }
    fclose(tf);
    tf = NULL;
    if (rc < 0) {
        fprintf(stderr, "imslab vendor: the design does not match the layout (%s)\n",
                strerror(-rc));
        goto out;
    }
    if (!quiet)
        fwrite(text, 1, textlen, stdout);
    if (write_reports(outdir, res, vo.ims.seed, text, textlen) < 0)
        goto out;
    rpt_tally(res, 1, &tally);
    status = tally.failed ? HX_EXIT_FAIL : HX_EXIT_OK;
    if (!lockstep && tally.expectations == 0) {
        fprintf(stderr, "imslab vendor: %s\n", HX_VENDOR_NONE_APPLIED);
        status = HX_EXIT_FAIL;
    }
out:
    if (tf)
        fclose(tf);
    free(text);
    free(res);
    if (behav.ops)
        behav.ops->destroy(behav.state);
    if (rtl.ops)
        rtl.ops->destroy(rtl.state);
    free(src);
    return status;
}
