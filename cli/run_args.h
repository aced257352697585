/* SPDX-License-Identifier: MIT */
/*
 * run_args.h - what `imslab run`'s command line asked for (run_args.c
 * parses it; run_cmd.c carries it out).
 */
#ifndef IMSLAB_CLI_RUN_ARGS_H
#define IMSLAB_CLI_RUN_ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "harness/runner.h"
#include "harness/shard.h"

/* What the command line asked for. */
struct run_cfg {
    struct hx_run_opts ro;
    const char *outdir;
    uint64_t jobs_max;
    uint64_t max_input;
    bool quiet;
    bool verbose;               /* -v: PASS/FAIL/SKIP per scenario on stderr */
    bool tap;                   /* --format tap: TAP on stdout, not the matrix */
    bool html;                  /* --html: report.html next to the results */
    const char *suite_name;     /* --suite-name, or NULL */
    const char *vcd_dir;        /* --vcd DIR, or NULL */
    char **files;               /* the FILE arguments (NULL: the built-in suite) */
    size_t nfiles;              /* their number; after load_suite() the scenarios' */
    bool own_files;             /* the built-in suite */
    struct hx_shard shard;      /* --shard I/N (count 0: the whole suite) */
    char shard_arg[32];         /* "I/N" as run-info.json says it */
};

/*
 * run_parse_args - parse `imslab run`'s options into @cfg.
 * Return: -1 to go on, or the exit status (0 after --help, HX_EXIT_USAGE
 * after a bad option, with the message on stderr).
 */
int run_parse_args(int argc, char **argv, struct run_cfg *cfg);

#endif /* IMSLAB_CLI_RUN_ARGS_H */
