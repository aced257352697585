/* SPDX-License-Identifier: MIT */
/*
 * vendor_cmd.c - `imslab vendor`: run the IMS conformance rules on a
 * vendor's table design, given as a layout descriptor (behavioral model) or
 * as RTL (built through Verilator) or as a SystemC/TLM-2.0 model (compiled
 * against libsystemc), or run the behavioral model and either in lockstep.
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
#include "harness/tlm.h"
#include "models/rtl/rtl.h"
#include "models/siov/ims_behav.h"
#include "harness/vendor.h"
#include "harness/workload_run.h"
#include "reports/report.h"
#include "results/rule_ids.h"

#define REF_LAYOUT "layouts/ref.yaml"  /* in the data folder (hx_data_path()) */
#define REF_TOP "ims_table"      /* models/rtl/ims_table.sv, whose map is REF_LAYOUT */
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
                    const struct rtl_build_opts *bo, char *so, size_t solen,
                    struct ims_dut *out, char *err, size_t len)
{
    struct rtl_build_info info;
    int rc = rtl_build_opt(src, n, top, cache, bo, so, solen, err, len, &info);

    if (rc)
        return rc;
    fprintf(stderr, "imslab vendor: %s %s (%s)\n", top,
            info.cache_hit ? "from the cache" : "built", so);
    rc = rtl_dut_open(so, out);
    if (rc)
        snprintf(err, len, "%.64s: cannot load %.512s: %s", top, so, strerror(-rc));
    return rc;
}

/*
 * TLM-2.0: compile the vendor's sc_module with the host into a shared object
 * in the same cache (keyed by the sources' hash), then construct it in a
 * process of its own (harness/tlm.h): that first instance is the interface
 * check, -EPROTO naming the missing socket or port.
 */
static int open_tlm(const char *const *src, size_t n, const char *top, const char *cache,
                    char *so, size_t solen, struct ims_dut *out, char *err, size_t len)
{
    struct tlm_build_info info;
    int rc = tlm_build(src, n, top, cache, so, solen, err, len, &info);

    if (rc)
        return rc;
    fprintf(stderr, "imslab vendor: %s %s (%s)\n", top,
            info.cache_hit ? "from the cache" : "built", so);
    return tlm_dut_open(so, out, err, len);
}

/* A fresh instance of the built design at clock period @ps (0: its own). */
static int rtl_open_clocked(const char *so, uint32_t ps, struct ims_dut *out)
{
    int rc = rtl_dut_open(so, out);

    if (rc == 0 && ps && out->ops->set_clock_ps &&
        (rc = out->ops->set_clock_ps(out->state, ps)) < 0) {
        out->ops->destroy(out->state);
        out->ops = NULL;
    }
    return rc;
}

/* ---- the command ------------------------------------------------------------ */

static void usage(FILE *out)
{
    fprintf(out,
        "usage: imslab vendor --layout FILE.yaml [options]\n"
        "       imslab vendor --rtl A.sv [B.sv ...] --top NAME --layout FILE.yaml [options]\n"
        "       imslab vendor --tlm A.cpp [B.cpp ...] --top NAME --layout FILE.yaml [options]\n"
        "       imslab vendor --lockstep (--rtl A.sv [...] | --tlm A.cpp [...]) --top NAME\n"
        "                     --layout FILE.yaml [--ops N] [options]\n"
        "Runs the IMS conformance rules on a table design: the behavioral model\n"
        "of a layout descriptor, or RTL built with Verilator (with its layout:\n"
        "--layout is required, except for the shipped reference table,\n"
        "--top ims_table, whose map is layouts/ref.yaml), or a SystemC/TLM-2.0\n"
        "model compiled against libsystemc (with its layout).  --lockstep\n"
        "runs the behavioral model and the RTL or TLM model on one random\n"
        "stimulus and reports the first difference.  Writes results.json, junit.xml,\n"
        "report.txt and a VCD per failure to the output folder.\n\n"
        "  --layout FILE    layout descriptor (YAML)\n"
        "  --rtl FILE...    Verilog/SystemVerilog sources and Verilator .vlt\n"
        "                   configuration files (more may follow)\n"
        "  --tlm FILE...    C++ sources of a SystemC/TLM-2.0 model: the first defines\n"
        "                   the top module (more may follow)\n"
        "  --top NAME       the RTL top module, or the TLM top module's class\n"
        "  -G NAME=VALUE    set a top-module parameter (--rtl; may repeat)\n"
        "  -D NAME[=VALUE]  define a preprocessor macro (--rtl; may repeat)\n"
        "  --rtl-cache DIR  build cache (default: $XDG_CACHE_HOME/imslab/rtl), as\n"
        "                   for imslab run; --cache DIR is a deprecated alias\n"
        "  --out DIR        output folder (default: out)\n"
        "  --seed N         seed of the random choices (default 1)\n"
        "  --rules ID,...   run these rules only (default: all; see docs/rules.md)\n"
        "  --bound N        cycles a message may take after its fire (default %d)\n"
        "  --lockstep       compare behavioral model and RTL (or TLM model)\n"
        "  --ops N          lockstep operations (default %d)\n"
        "  --quiet          do not print the report\n"
        "  --max-input-bytes N  largest layout file read (default 16777216)\n\n"
        "Exit status: 0 every rule passed, 1 a rule failed or no rule applied to\n"
        "the design (every rule skipped), 2 bad input or usage\n"
        "(unknown flag, missing file, descriptor error, RTL or TLM build error,\n"
        "a TLM model without the sockets and ports of the interface).\n",
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
    const struct hx_vendor_record *rec;
    const struct rpt_wall *wall;
    const struct rpt_run_meta *meta;
    const char *text;
    size_t textlen;
};

static int write_json(FILE *f, const void *arg)
{
    const struct report_arg *a = arg;

    return rpt_vendor_json_write(f, a->rec, a->meta);
}

static int write_junit(FILE *f, const void *arg)
{
    const struct report_arg *a = arg;

    return rpt_vendor_junit_write(f, a->rec, a->wall);
}

static int write_text(FILE *f, const void *arg)
{
    const struct report_arg *a = arg;

    return fwrite(a->text, 1, a->textlen, f) != a->textlen ? -EIO : 0;
}

/* Each report written whole or not at all (reports/atomic.c). */
static int write_reports(const char *dir, const struct hx_vendor_record *rec,
                         const struct rpt_wall *wall, uint64_t seed, const char *text,
                         size_t textlen)
{
    struct rpt_run_meta meta = { .seed = seed, .suite = "vendor" };
    const struct report_arg a = { rec, wall, &meta, text, textlen };
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

/* Lockstep: the behavioral model (A) and the RTL or TLM model (B); one expectation. */
static int run_lockstep(struct ims_dut *behav, struct ims_dut *rtl, const struct ims_layout *l,
                        const struct hx_lockstep_opts *lo, const char *outdir, FILE *text,
                        struct hx_result *res, struct hx_vendor_record *rec,
                        int (*reopen)(void *arg, struct ims_dut *out), void *reopen_arg)
{
    enum hx_vendor_wave wave = HX_VENDOR_WAVE_NONE;
    struct hx_ims_result ir = { .entry = HX_IMS_NO_ENTRY, .emitted = HX_IMS_NO_ENTRY };
    char vcd[PATH_MAX] = "";
    struct hx_lockstep_result r;
    char actual[sizeof(res->expect[0].actual)];
    int rc = hx_ims_lockstep(behav, rtl, l, lo, &r);
    const char *form = strncmp(rtl->ops->name, "tlm:", 4) ? "rtl" : "tlm";  /* the other design */

    if (rc < 0)
        return rc;
    memset(res, 0, sizeof(*res));
    snprintf(res->name, sizeof(res->name), "%.29s vs %.29s", behav->ops->name, rtl->ops->name);
    hx_str_copy(res->device, sizeof(res->device), l->name);
    hx_str_copy(res->path, sizeof(res->path), "lockstep");
    fprintf(text, "imslab vendor --lockstep: %s vs %s, seed %" PRIu64 ", %" PRIu64 " ops\n",
            behav->ops->name, rtl->ops->name, lo->seed, lo->ops);
    if (!r.diverged) {
        fprintf(text, "%-18s pass    %" PRIu64 " ops, %" PRIu64 " messages, all equal "
                "(msg_ready low in %" PRIu64 " stalls and %" PRIu64 " long stalls; %" PRIu64
                " partial writes)\n", LOCKSTEP_RULE, r.ops_run, r.msgs, r.stalls,
                r.long_stalls, r.partial_writes);
        hx_vendor_add_expect(res, LOCKSTEP_RULE, true, "pass", res->name);
        fprintf(text, "1 passed, 0 failed\n");
        ir.verdict = HX_IMS_PASS;
        hx_vendor_record_rule(rec, LOCKSTEP_RULE, &ir, HX_VENDOR_WAVE_NONE, "", "");
        return 0;
    }
    ir.verdict = HX_IMS_FAIL;
    ir.dut_cycle = r.cycle_b;
    snprintf(ir.expected, sizeof(ir.expected), "behavioral: %.80s", r.a);
    snprintf(ir.observed, sizeof(ir.observed), "op %" PRIu64 ": %.40s: %s %.60s (behavioral "
             "%.60s)", r.op, r.what, form, r.b, r.a);
    fprintf(text, "%-18s FAIL    op %" PRIu64 " (behavioral cycle %" PRIu64 ", %s cycle %"
            PRIu64 "): %s\n", LOCKSTEP_RULE, r.op, r.cycle_a, form, r.cycle_b, r.what);
    fprintf(text, "%-26s behavioral: %s\n%-26s %s:        %s\n", "", r.a, "", form, r.b);
    snprintf(actual, sizeof(actual), "op %" PRIu64 ": %.32s: %.30s / %.30s", r.op, r.what,
             r.a, r.b);
    hx_vendor_add_expect(res, LOCKSTEP_RULE, false, actual, res->name);
    if (outdir) {
        /* the same stimulus on two fresh designs, traced: it must diverge at the same op */
        struct hx_lockstep_opts again = *lo;
        struct hx_lockstep_result r2 = { 0 };
        struct ims_dut fa = { 0 }, fb = { 0 };
        char pa[PATH_MAX], pb[PATH_MAX];
        int ta = -ENOTSUP, tb = -ENOTSUP;

        snprintf(pa, sizeof(pa), "%s/lockstep-behavioral.vcd", outdir);
        snprintf(pb, sizeof(pb), "%s/lockstep-%s.vcd", outdir, form);
        again.ops = r.op + 16;      /* the window: up to 16 ops past the divergence */
        if (ims_behav_create(l, &fa) == 0 && reopen(reopen_arg, &fb) == 0) {
            ta = fa.ops->trace ? fa.ops->trace(fa.state, pa) : -ENOTSUP;
            tb = fb.ops->trace ? fb.ops->trace(fb.state, pb) : -ENOTSUP;
            hx_ims_lockstep(&fa, &fb, l, &again, &r2);
            if (ta == 0)
                fa.ops->trace(fa.state, NULL);
            if (tb == 0)
                fb.ops->trace(fb.state, NULL);
        }
        if (fa.ops)
            fa.ops->destroy(fa.state);
        if (fb.ops)
            fb.ops->destroy(fb.state);
        wave = r2.diverged && r2.op == r.op && r2.cycle_b == r.cycle_b
               ? HX_VENDOR_WAVE_REPRODUCED : HX_VENDOR_WAVE_DIFFERENT;
        fprintf(text, "%-26s waveforms: %s, %s (fresh designs: %s)\n", "",
                ta == 0 ? pa : "(none)", tb == 0 ? pb : "(none)",
                wave == HX_VENDOR_WAVE_REPRODUCED ? "the same divergence at the same op"
                : r2.diverged ? "NOT reproduced: another divergence" : "NOT reproduced: no "
                "divergence");
        if (tb == 0)
            hx_str_copy(vcd, sizeof(vcd), pb);
    }
    hx_vendor_record_rule(rec, LOCKSTEP_RULE, &ir, wave, vcd, "");
    fprintf(text, "0 passed, 1 failed\n");
    return 0;
}

/* ---- the command, step by step ---------------------------------------------- */

/* What the command line asked for. */
struct vargs {
    struct rpt_wall wall;               /* the run of the rules (JUnit) */
    const char *layout_path, *top, *cache, *outdir;
    const char **src;
    size_t nsrc;
    const char **params, **defines;     /* -G NAME=VALUE, -D NAME[=VALUE] */
    struct rtl_build_opts bo;
    const struct hx_ims_rule *sel[64];
    struct hx_vendor_opts vo;
    struct hx_lockstep_opts lo;
    bool lockstep, quiet, ops_set;
    bool tlm, rtl;                      /* the sources are --tlm (C++) or --rtl ones */
    uint64_t max_input;                 /* --max-input-bytes (0: the default) */
    char cachebuf[PATH_MAX];
    char refbuf[PATH_MAX];              /* REF_LAYOUT in the data folder */
};

/* The designs, loaded and built before anything runs. */
struct vdesigns {
    struct ims_layout layout;
    struct ims_dut behav, rtl;
    char so[PATH_MAX];
};

/* Step 1: the flags.  Return: 0, 1 (--help: done), -EINVAL (usage printed). */
static int parse_args(int argc, char **argv, struct vargs *a)
{
    static const struct option opts[] = {
        { "layout", required_argument, NULL, 'l' },
        { "rtl", required_argument, NULL, 'r' },
        { "tlm", required_argument, NULL, 'T' },
        { "top", required_argument, NULL, 't' },
        { "rtl-cache", required_argument, NULL, 'c' },
        { "cache", required_argument, NULL, 'c' },      /* deprecated alias */
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
    uint64_t v;
    int c;

    optind = 1;
    while ((c = getopt_long(argc, argv, "G:D:", opts, NULL)) != -1) {
        switch (c) {
        case 'G':
            if (!strchr(optarg, '=') || optarg[0] == '=') {
                fprintf(stderr, "imslab vendor: -G: expected NAME=VALUE, got '%s'\n", optarg);
                return -EINVAL;
            }
            a->params[a->bo.nparams++] = optarg;
            break;
        case 'D':
            if (!optarg[0] || optarg[0] == '=') {
                fprintf(stderr, "imslab vendor: -D: expected NAME or NAME=VALUE, got '%s'\n",
                        optarg);
                return -EINVAL;
            }
            a->defines[a->bo.ndefines++] = optarg;
            break;
        case 'l': a->layout_path = optarg; break;
        case 'r': a->src[a->nsrc++] = optarg; a->rtl = true; break;
        case 'T': a->src[a->nsrc++] = optarg; a->tlm = true; break;
        case 't': a->top = optarg; break;
        case 'c': a->cache = optarg; break;
        case 'o': a->outdir = optarg; break;
        case 's':
            if (parse_u64("--seed", optarg, 0, INT64_MAX, &v))
                return -EINVAL;
            a->vo.ims.seed = a->lo.seed = v;
            break;
        case 'R':
            if (parse_rules(optarg, a->sel, &a->vo.nrules))
                return -EINVAL;
            a->vo.rules = a->sel;
            break;
        case 'b':
            if (parse_u64("--bound", optarg, 1, 1u << 20, &v))
                return -EINVAL;
            a->vo.ims.latency_bound = a->lo.latency_bound = (uint32_t)v;
            break;
        case 'L': a->lockstep = true; break;
        case 'n':
            if (parse_u64("--ops", optarg, 1, UINT64_C(1) << 32, &v))
                return -EINVAL;
            a->lo.ops = v;
            a->ops_set = true;
            break;
        case 'q': a->quiet = true; break;
        case 'm':
            if (parse_u64("--max-input-bytes", optarg, 1, SIZE_MAX / 2, &a->max_input))
                return -EINVAL;
            break;
        case 'h':
            usage(stdout);
            return 1;
        default:
            usage(stderr);
            return -EINVAL;
        }
    }
    /* `--rtl a.sv b.sv`: the words after the flag are more sources */
    for (int i = optind; i < argc; i++) {
        if (!a->nsrc) {
            fprintf(stderr, "imslab vendor: unexpected argument '%s'\n", argv[i]);
            return -EINVAL;
        }
        a->src[a->nsrc++] = argv[i];
    }
    return 0;
}

/* Whether @top is a shipped reference table whose register map is REF_LAYOUT. */
static bool reference_top(const char *top)
{
    return !strcmp(top, REF_TOP);
}

/* Step 2: the flags agree with each other and the files can be read. */
static int check_args(struct vargs *a)
{
    const char *msg = NULL;
    char err[512];

    if (!a->layout_path && !a->nsrc) {
        fprintf(stderr, "imslab vendor: give --layout FILE.yaml, --rtl FILE... --top NAME or "
                "--tlm FILE... --top NAME\n");
        usage(stderr);
        return -EINVAL;
    }
    if (a->rtl && a->tlm)
        msg = "--rtl and --tlm cannot be combined: one design at a time";
    else if (a->nsrc && !a->top)
        msg = a->tlm ? "--tlm needs --top NAME (the top module's class)" : "--rtl needs --top NAME";
    else if (a->top && !a->nsrc)
        msg = "--top needs --rtl FILE... or --tlm FILE...";
    else if (a->lockstep && (!a->nsrc || !a->layout_path))
        msg = "--lockstep needs --rtl or --tlm, --top and --layout";
    else if (a->ops_set && !a->lockstep)
        msg = "--ops is for --lockstep";
    else if (a->lockstep && a->vo.rules)
        msg = "--rules does not apply to --lockstep";
    else if ((a->bo.nparams || a->bo.ndefines) && !a->rtl)
        msg = "-G and -D are for --rtl";
    else if (a->tlm && !a->layout_path)
        msg = "--tlm needs --layout FILE.yaml, the model's register map";
    else if (a->nsrc && !a->layout_path && !reference_top(a->top))
        msg = "--rtl needs --layout FILE.yaml, the design's register map (only the shipped "
              "reference table, --top " REF_TOP ", has a default: layouts/ref.yaml)";
    if (msg) {
        fprintf(stderr, "imslab vendor: %s\n", msg);
        return -EINVAL;
    }
    if (rpt_out_dir_check(a->outdir, err, sizeof(err))) {
        fprintf(stderr, "imslab vendor: --out: %s\n", err);
        return -EINVAL;
    }
    if (!a->layout_path) {
        hx_data_path(a->refbuf, sizeof(a->refbuf), REF_LAYOUT);
        a->layout_path = a->refbuf;
    }
    if (!readable("--layout", a->layout_path))
        return -EINVAL;
    for (size_t i = 0; i < a->nsrc; i++)
        if (!readable(a->tlm ? "--tlm" : "--rtl", a->src[i]))
            return -EINVAL;
    return 0;
}

static int open_behav_fresh(void *arg, struct ims_dut *out)
{
    return ims_behav_create(arg, out);
}

static int open_rtl_fresh(void *arg, struct ims_dut *out)
{
    const struct vdesigns *d = arg;

    return rtl_open_clocked(d->so, d->layout.clock_ps, out);
}

/*
 * One clock period for every design of the run (the waveforms' time base):
 * the RTL top's CLOCK_PS when it declares one, else the descriptor's
 * clock_ps, else IMS_DUT_CLOCK_PS; a descriptor that names another period
 * than the top's is bad input.  @d->layout.clock_ps receives it.
 */
static int resolve_clock(const struct vargs *a, struct vdesigns *d)
{
    const struct ims_dut *r = &d->rtl;
    uint32_t want = d->layout.clock_ps;
    int rc = 0;

    if (a->nsrc && want && r->ops->set_clock_ps)
        rc = r->ops->set_clock_ps(r->state, want);
    if (rc == -EEXIST) {
        fprintf(stderr, "imslab vendor: --layout %s: clock_ps %" PRIu32 ", but top module %s "
                "declares CLOCK_PS = %" PRIu32 " (one clock: drop clock_ps, or build with "
                "-G CLOCK_PS=%" PRIu32 ")\n", a->layout_path, want, a->top,
                r->ops->clock_ps(r->state), want);
        return -EINVAL;
    }
    if (a->nsrc)
        d->layout.clock_ps = r->ops->clock_ps ? r->ops->clock_ps(r->state) : IMS_DUT_CLOCK_PS;
    else if (!want)
        d->layout.clock_ps = IMS_DUT_CLOCK_PS;
    return rc;
}

/* A fresh TLM instance: a new process (harness/tlm.h); a failure goes to stderr. */
static int open_tlm_fresh(void *arg, struct ims_dut *out)
{
    char err[1024];
    int rc = tlm_dut_open(arg, out, err, sizeof(err));

    if (rc)
        fprintf(stderr, "imslab vendor: %s\n", err);
    return rc;
}

/* Step 3: load the descriptor, make the output folder, build the designs. */
static int load_designs(struct vargs *a, struct vdesigns *d)
{
    char err[4096];

    if (load_layout(a->layout_path, (size_t)a->max_input, &d->layout, err, sizeof(err)) < 0) {
        fprintf(stderr, "%s\n", err);
        return -EINVAL;
    }
    if (mkdir(a->outdir, 0777) && errno != EEXIST) {
        fprintf(stderr, "imslab vendor: --out: cannot create '%s': %s\n", a->outdir,
                strerror(errno));
        return -EINVAL;
    }
    if (!a->cache) {
        default_cache(a->cachebuf, sizeof(a->cachebuf), a->outdir);
        a->cache = a->cachebuf;
    }
    a->bo.params = a->params;
    a->bo.defines = a->defines;
    if (a->rtl && open_rtl(a->src, a->nsrc, a->top, a->cache, &a->bo, d->so, sizeof(d->so),
                           &d->rtl, err, sizeof(err)) < 0) {
        fprintf(stderr, "imslab vendor: --rtl: %s\n", err);
        return -EINVAL;
    }
    if (a->tlm && open_tlm(a->src, a->nsrc, a->top, a->cache, d->so, sizeof(d->so), &d->rtl,
                           err, sizeof(err)) < 0) {
        fprintf(stderr, "imslab vendor: --tlm: %s\n", err);
        return -EINVAL;
    }
    if (resolve_clock(a, d) < 0)
        return -EINVAL;
    if ((!a->nsrc || a->lockstep) && open_behav(&d->layout, &d->behav, err, sizeof(err)) < 0) {
        fprintf(stderr, "imslab vendor: --layout: %s\n", err);
        return -EINVAL;
    }
    return 0;
}

/* Step 4: run the rules (or the lockstep) into the text report and @res. */
static int run_designs(struct vargs *a, struct vdesigns *d, FILE *tf, struct hx_result *res)
{
    if (a->lockstep) {
        struct hx_vendor_record *rec = a->vo.record;

        if (!a->ops_set)
            a->lo.ops = HX_LOCKSTEP_OPS;
        memset(rec, 0, sizeof(*rec));
        hx_str_copy(rec->design, sizeof(rec->design), d->rtl.ops->name);
        hx_str_copy(rec->source, sizeof(rec->source), a->top);
        hx_str_copy(rec->descriptor, sizeof(rec->descriptor), a->layout_path);
        hx_str_copy(rec->layout, sizeof(rec->layout), d->layout.name);
        hx_str_copy(rec->mode, sizeof(rec->mode), "lockstep");
        rec->entries = d->layout.entries;
        rec->seed = a->lo.seed;
        rec->clock_ps = d->layout.clock_ps;
        return run_lockstep(&d->behav, &d->rtl, &d->layout, &a->lo, a->outdir, tf, res, rec,
                            a->tlm ? open_tlm_fresh : open_rtl_fresh,
                            a->tlm ? (void *)d->so : (void *)d);
    }
    a->vo.outdir = a->outdir;
    a->vo.source = a->nsrc ? a->top : a->layout_path;
    a->vo.descriptor = a->layout_path;
    a->vo.clock_ps = d->layout.clock_ps;
    if (a->nsrc) {
        a->vo.open = a->tlm ? open_tlm_fresh : open_rtl_fresh;
        a->vo.open_arg = a->tlm ? (void *)d->so : (void *)d;
    } else {
        a->vo.open = open_behav_fresh;
        a->vo.open_arg = &d->layout;
    }
    return hx_vendor_rules(a->nsrc ? &d->rtl : &d->behav, &d->layout, &a->vo, tf, res);
}

/* Step 5: print and write the reports; the exit status. */
static int finish(const struct vargs *a, const struct hx_result *res, const char *text,
                  size_t textlen)
{
    struct rpt_tally tally;
    int status;

    if (!a->quiet)
        fwrite(text, 1, textlen, stdout);
    if (write_reports(a->outdir, a->vo.record, &a->wall, a->vo.ims.seed, text, textlen) < 0)
        return HX_EXIT_USAGE;
    rpt_tally(res, 1, &tally);
    status = tally.failed ? HX_EXIT_FAIL : HX_EXIT_OK;
    if (!a->lockstep && tally.expectations == 0) {
        fprintf(stderr, "imslab vendor: %s\n", HX_VENDOR_NONE_APPLIED);
        status = HX_EXIT_FAIL;
    }
    return status;
}

int hx_cmd_vendor(int argc, char **argv)
{
    struct vargs *a = calloc(1, sizeof(*a));
    struct vdesigns *d = calloc(1, sizeof(*d));
    struct hx_result *res = calloc(1, sizeof(*res));
    struct hx_vendor_record *rec = calloc(1, sizeof(*rec));
    char *text = NULL;
    size_t textlen = 0;
    FILE *tf = NULL;
    uint64_t t0;
    int rc, status = HX_EXIT_USAGE;

    if (!a || !d || !res || !rec || !(a->src = calloc((size_t)argc + 1, sizeof(*a->src))) ||
        !(a->params = calloc((size_t)argc + 1, sizeof(*a->params))) ||
        !(a->defines = calloc((size_t)argc + 1, sizeof(*a->defines))))
        goto out;
    a->outdir = "out";
    a->vo.record = rec;
    a->vo.ims.seed = a->lo.seed = 1;
    rc = parse_args(argc, argv, a);
    if (rc) {
        status = rc > 0 ? HX_EXIT_OK : HX_EXIT_USAGE;
        goto out;
    }
    if (check_args(a) < 0 || load_designs(a, d) < 0)
        goto out;
    if (!(tf = open_memstream(&text, &textlen)))
        goto out;
    hx_wall_start(&a->wall);
    t0 = hx_mono_ns();
    rc = run_designs(a, d, tf, res);
    a->wall.ns = hx_mono_ns() - t0;
    if (a->lockstep && rec->nrules)
        rec->rules[0].wall_ns = a->wall.ns;     /* its one rule is the whole run */
    fclose(tf);
    tf = NULL;
    if (rc < 0) {
        fprintf(stderr, "imslab vendor: the design does not match the layout (%s)\n",
                strerror(-rc));
        goto out;
    }
    status = finish(a, res, text, textlen);
out:
    if (tf)
        fclose(tf);
    free(text);
    free(res);
    free(rec);
    if (d && d->behav.ops)
        d->behav.ops->destroy(d->behav.state);
    if (d && d->rtl.ops)
        d->rtl.ops->destroy(d->rtl.state);
    if (a) {
        free(a->src);
        free(a->params);
        free(a->defines);
    }
    free(a);
    free(d);
    return status;
}
