/* SPDX-License-Identifier: MIT */
/*
 * report.h - the report writers: results JSON, JUnit XML, the text matrix
 * and the run-info JSON.
 *
 * Every writer reads an array of struct hx_result (results/results.h) and
 * nothing else from the simulation.  The results JSON and the matrix are
 * byte-identical for identical input: they carry no wall time, host name
 * or pointer value.  Those go to the run-info file, and to the JUnit XML's
 * time, timestamp and hostname attributes (struct rpt_wall), which CI
 * systems read: the rest of the JUnit XML is byte-identical too.
 * Formats: docs/results-schema.md.
 */
#ifndef IMSLAB_REPORTS_REPORT_H
#define IMSLAB_REPORTS_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "results/results.h"
#include "results/vendor_record.h"

struct rpt_runinfo;
struct json_t;

/**
 * struct rpt_run_meta - the deterministic facts of a run, for the results
 * JSON header.
 * @tool:    "imslab 0.1.0"; NULL means "imslab " IMSLAB_VERSION
 * @schema:  NULL or HX_RESULTS_SCHEMA (the writer writes that format only)
 * @seed:    the run's seed, 0 .. 2^63-1 (a JSON integer)
 * @suite:   suite name (the built-in suite, or the user's)
 */
struct rpt_run_meta {
    const char *tool;
    const char *schema;
    uint64_t seed;
    const char *suite;
};

/**
 * struct rpt_tally - expectation counts over a set of results.
 * @scenarios:    results counted
 * @expectations: expectations over all of them
 * @passed:       expectations with verdict pass
 * @failed:       expectations with verdict fail
 * @skipped:      results that were skipped (hx_result.skipped set)
 */
struct rpt_tally {
    size_t scenarios, expectations, passed, failed, skipped;
};

/**
 * rpt_tally - count the expectations of @n results.
 * @res: results (may be NULL when @n is 0)
 * @n:   number of results
 * @t:   filled
 *
 * The CLI's exit status follows from @t->failed (0 none, 1 some).
 */
void rpt_tally(const struct hx_result *res, size_t n, struct rpt_tally *t);

/**
 * rpt_json_write - write the results JSON (schema imslab.results/2).
 * @out:  stream written to; the document ends with a newline
 * @res:  results, one per scenario, in run order
 * @n:    number of results
 * @meta: run header; @meta->suite must be set
 *
 * Key order is fixed and numbers are formatted deterministically, so the
 * same input gives the same bytes (docs/results-schema.md).
 *
 * Return: 0; -EINVAL for a NULL argument or a schema other than
 * HX_RESULTS_SCHEMA; -ERANGE for a count or seed above 2^63-1; -ENOMEM;
 * -EIO when the stream fails.
 */
int rpt_json_write(FILE *out, const struct hx_result *res, size_t n,
                   const struct rpt_run_meta *meta);

/**
 * struct rpt_wall - where and when something ran: facts of the host, not
 * of the simulation (JUnit's time, timestamp and hostname; run-info).
 * @start: wall-clock start (CLOCK_REALTIME)
 * @ns:    wall time it took (CLOCK_MONOTONIC); 0 for a skipped scenario
 * @host:  the host's name
 */
struct rpt_wall {
    struct timespec start;
    uint64_t ns;
    char host[256];
};

/**
 * rpt_junit_write - write JUnit XML: one testsuite per scenario, one
 * testcase per expectation.
 * @out:   stream written to
 * @res:   results, one per scenario
 * @n:     number of results
 * @suite: suite name: package "imslab.<suite>" of each testsuite, and
 *         classname of each testcase
 * @wall:  per result, where and when its scenario ran: the testsuite's
 *         time (@wall[i].ns in seconds), timestamp and hostname, and the
 *         time of its first testcase (the others 0, so that the testcases
 *         add up to the testsuite)
 *
 * A scenario without expectations is one passing testcase named after it;
 * a skipped one, one testcase with <skipped>.  Valid against the Ant and
 * the Jenkins JUnit schemas (tests/data/junit/).  Only the time, timestamp
 * and hostname attributes come from @wall: the rest is deterministic.
 *
 * Return: 0; -EINVAL for a NULL argument (@wall may be NULL when @n is 0)
 * or a @wall[i].start gmtime_r() refuses; -ENOMEM; -EIO when libxml2 or
 * the stream fails.
 */
int rpt_junit_write(FILE *out, const struct hx_result *res, size_t n,
                    const char *suite, const struct rpt_wall *wall);

/**
 * rpt_vendor_json_write - the results JSON of `imslab vendor`: the run
 * header (schema, tool, seed, suite) and the "vendor" record, per rule
 * verdict, checkpoint, kind, entry, emitted entry, cycle, time, expected
 * and actual (whole), the pairs and the waveform; no scenario fields
 * (docs/results-schema.md, "The vendor record").
 * @out: stream written to; the document ends with a newline
 * @v: the record
 * @meta: run header; @meta->suite must be set
 * Return: 0, -EINVAL, -ENOMEM or -EIO.
 */
int rpt_vendor_json_write(FILE *out, const struct hx_vendor_record *v,
                          const struct rpt_run_meta *meta);

/**
 * rpt_vendor_junit_write - JUnit XML of `imslab vendor`: one testsuite (the
 * design, with the descriptor as a property), one testcase per rule; a
 * failure's message is "RULE: checkpoint N, entry E, emitted entry F,
 * cycle C: the whole observation", its body the expected text, both pairs,
 * the cycle and time and the waveform; a skip has its reason.  The
 * testsuite's time, timestamp and hostname are @wall's (the whole run), a
 * testcase's time its rule's wall_ns.
 * Return: 0, -EINVAL, -ENOMEM or -EIO.
 */
int rpt_vendor_junit_write(FILE *out, const struct hx_vendor_record *v,
                           const struct rpt_wall *wall);

/**
 * rpt_matrix_write - write the outcome matrix as text (100 columns).
 * @out: stream written to
 * @res: results, one per scenario
 * @n:   number of results
 *
 * Rows are the distinct (personality, policy, guest) triples, columns the
 * distinct (device, assignment) pairs, both in first-appearance order.  One
 * block per row, one line per column; then one line per failed expectation,
 * one per skipped scenario with its reason, and a closing line "N passed,
 * N failed" over all expectations (", N skipped" appended when a scenario
 * was skipped).
 *
 * Return: 0; -EINVAL for a NULL argument; -ENOMEM; -EIO when the stream
 * fails.
 */
int rpt_matrix_write(FILE *out, const struct hx_result *res, size_t n);

/**
 * rpt_tap_write - write the run as TAP version 14: the plan, then one test
 * point per scenario in run order: "ok N - NAME", "not ok N - NAME" with a
 * YAML block naming each failed expectation (rule, metric, op, expected,
 * actual, scope), or "ok N - NAME # SKIP REASON" for a skipped scenario.
 * @out: stream written to
 * @res: results, one per scenario
 * @n:   number of results
 *
 * Return: 0; -EINVAL for a NULL argument; -EIO when the stream fails.
 */
int rpt_tap_write(FILE *out, const struct hx_result *res, size_t n);

/**
 * struct rpt_runinfo - the non-deterministic facts of a run.
 * @tool:        "imslab 0.1.0"; NULL means "imslab " IMSLAB_VERSION
 * @backend:     backend name
 * @jobs:        parallel jobs the runner used
 * @argc:        number of command-line words in @argv
 * @argv:        the command line
 * @start:       wall-clock start (CLOCK_REALTIME)
 * @duration_ns: wall time the run took (from CLOCK_MONOTONIC)
 * @host:        host name
 * @sysname:     uname: kernel name
 * @release:     uname: kernel release
 * @version:     uname: kernel version
 * @machine:     uname: hardware name
 * @cpus:        online CPUs
 * @shard:       "I/N" for `imslab run --shard I/N`, else NULL (no key)
 * @names:       per scenario of the run, in results order, its name
 * @walls:       and where and when it ran (NULL when @n is 0)
 * @n:           their number (the "scenarios" array)
 *
 * rpt_runinfo_host() fills @host through @cpus; a caller (or a test) may
 * set them itself instead.
 */
struct rpt_runinfo {
    const char *tool;
    const char *backend;
    unsigned jobs;
    int argc;
    char *const *argv;
    struct timespec start;
    uint64_t duration_ns;
    char host[256];
    char sysname[65], release[65], version[65], machine[65];
    long cpus;
    const char *shard;
    const char *const *names;
    const struct rpt_wall *walls;
    size_t n;
};

/**
 * rpt_runinfo_read_walls - the per-scenario "scenarios" array of a run-info
 * file (rpt_runinfo_write()): for each of @names, its start and wall time,
 * and the file's host.  For `imslab merge`, which carries a shard's times
 * into the merged JUnit XML.
 * @path:  the run-info file
 * @names: the scenarios wanted
 * @n:     their number
 * @walls: filled, @n of them
 * @err:   receives "PATH: what is wrong" on failure
 *
 * Return: 0; -EINVAL (bad file, or a name it does not list); -ENOMEM.
 */
int rpt_runinfo_read_walls(const char *path, const char *const *names, size_t n,
                           struct rpt_wall *walls, char *err, size_t errlen);

/**
 * rpt_runinfo_host - fill the host fields of @ri from this machine
 * (gethostname, uname, sysconf).
 * @ri: filled from @ri->host on; the other fields are left alone
 *
 * Return: 0, or a negative errno from uname.
 */
int rpt_runinfo_host(struct rpt_runinfo *ri);

/**
 * rpt_runinfo_write - write the run-info JSON (schema imslab.runinfo/1).
 * @out: stream written to
 * @ri:  the run's facts; @ri->backend must be set
 *
 * The only report that may hold wall time and host details.
 *
 * Return: 0; -EINVAL for a NULL argument or a bad @ri->start; -ENOMEM;
 * -EIO when the stream fails.
 */
int rpt_runinfo_write(FILE *out, const struct rpt_runinfo *ri);

/**
 * rpt_html_write - write the HTML report of a results JSON document: one
 * self-contained file (inline CSS, SVG charts drawn here, no script, no
 * network).
 * @doc:       a parsed imslab.results/1 or /2 document
 * @rules_url: where rule IDs link to (the rules catalog), "#RULE" appended
 *
 * Return: 0; -EINVAL; -ENOMEM; -EIO when the stream fails.
 */
int rpt_html_write(FILE *out, const struct json_t *doc, const char *rules_url);

/* ---- output files: atomic, and the run status (atomic.c) ------------------ */

/* Temporary files of an atomic write start with this (rpt_atomic_sweep()). */
#define RPT_TMP_PREFIX ".imslab-"

/**
 * struct rpt_atomic - one output file being written.
 * @f:    the stream to write to (a temporary file in the same folder)
 * @path: the final name, DIR/NAME
 * @tmp:  the temporary file, DIR/.imslab-NAME.XXXXXX
 */
struct rpt_atomic {
    FILE *f;
    char path[4096];
    char tmp[4096];
};

/**
 * rpt_atomic_open - start writing @dir/@name atomically.
 * @a:    filled; write to @a->f, then rpt_atomic_commit() or rpt_atomic_abort()
 * @dir:  an existing folder
 * @name: the file name (no '/')
 *
 * Return: 0; -EINVAL; -ENAMETOOLONG; the negative errno of mkstemp().
 */
int rpt_atomic_open(struct rpt_atomic *a, const char *dir, const char *name);

/**
 * rpt_atomic_commit - flush, sync and close @a's file and rename it over
 * its final name: readers see the old file or the whole new one, never a
 * part.  On failure the temporary file is removed.
 *
 * Return: 0 or a negative errno.
 */
int rpt_atomic_commit(struct rpt_atomic *a);

/** rpt_atomic_abort - close and remove @a's temporary file. */
void rpt_atomic_abort(struct rpt_atomic *a);

/**
 * rpt_atomic_write - write @dir/@name atomically with @fn(stream, @arg).
 *
 * Return: 0; @fn's nonzero return (nothing renamed); as rpt_atomic_open()
 * and rpt_atomic_commit().
 */
int rpt_atomic_write(const char *dir, const char *name,
                     int (*fn)(FILE *f, const void *arg), const void *arg);

/**
 * rpt_atomic_sweep - remove the temporary files (%RPT_TMP_PREFIX) left in
 * @dir by writers that were killed before they could commit.
 *
 * Return: 0 (also when @dir does not exist) or a negative errno.
 */
int rpt_atomic_sweep(const char *dir);

/**
 * rpt_dir_unlink - remove every entry of @dir whose name starts with
 * @prefix and ends with @suffix (either may be ""), and is longer than
 * @suffix alone.  Return: 0 (also when @dir does not exist) or the
 * negative errno of the first entry that could not be removed.
 */
int rpt_dir_unlink(const char *dir, const char *prefix, const char *suffix);

/**
 * rpt_out_dir_check - can @dir be an output folder?  It must be a folder
 * this process can write in, or not exist with a parent folder it can
 * write in (it is created later, once the input is valid).  Nothing is
 * created or changed.
 * @why: receives the reason on failure ("'x' exists and is not a folder")
 *
 * Return: 0 or a negative errno.
 */
int rpt_out_dir_check(const char *dir, char *why, size_t len);

/* How a run ended (the run-status file). */
enum rpt_status {
    RPT_STATUS_COMPLETE,        /* every scenario ran, every output written */
    RPT_STATUS_INTERRUPTED,     /* SIGINT or SIGTERM stopped the run */
    RPT_STATUS_FAILED,          /* an output could not be written */
};

/** rpt_status_name - "complete", "interrupted" or "failed". */
const char *rpt_status_name(enum rpt_status s);

/* The schema of the run-status file. */
#define RPT_STATUS_SCHEMA "imslab.run-status/1"

/**
 * struct rpt_shard_info - what the run-status file says about a shard
 * (`imslab run --shard I/N`; docs/sharding.md).
 * @index:           I, 1 .. @count
 * @count:           N
 * @suite_scenarios: scenarios in the whole suite
 * @positions:       the suite position (0-based) of each scenario the
 *                   shard ran, in the order of its results
 * @n:               their number
 */
struct rpt_shard_info {
    unsigned index, count;
    size_t suite_scenarios;
    const size_t *positions;
    size_t n;
};

/**
 * struct rpt_run_status - the run-status file (docs/results-schema.md).
 * @status:      how the run ended
 * @exit_status: the process's exit status (128 + N when signal N ended it)
 * @scenarios:   scenarios the run was given
 * @finished:    scenarios whose simulation finished
 * @signal:      "SIGINT" or "SIGTERM" when interrupted, else NULL
 * @outputs:     the output files of this run in the folder, each complete
 * @noutputs:    their number
 * @shard:       the shard this run was, or NULL (no "shard" key)
 */
struct rpt_run_status {
    enum rpt_status status;
    int exit_status;
    size_t scenarios, finished;
    const char *signal;
    const char *const *outputs;
    size_t noutputs;
    const struct rpt_shard_info *shard;
};

/**
 * rpt_status_write - write the run-status JSON (schema imslab.run-status/1).
 *
 * Return: 0; -EINVAL; -ENOMEM; -EIO when the stream fails.
 */
int rpt_status_write(FILE *out, const struct rpt_run_status *st);

/* ---- reading outputs back, for `imslab merge` (read.c) ------------------------ */

/**
 * struct rpt_results_file - a results JSON read back.
 * @res:   its results, in its order (malloc'ed)
 * @n:     their number
 * @seed:  the header's seed
 * @tool:  the header's tool
 * @suite: the header's suite name
 */
struct rpt_results_file {
    struct hx_result *res;
    size_t n;
    uint64_t seed;
    char tool[64];
    char suite[256];
};

/**
 * rpt_results_read - read a results JSON (imslab.results/2) written by
 * rpt_json_write(): written again with the same header, its results give
 * the same bytes, and so do their JUnit XML and matrix.
 * @path: the file
 * @f:    filled; rpt_results_free() it
 * @err:  receives "PATH: KEY: what is wrong" (or PATH:LINE:COLUMN for bad
 *        JSON) on failure
 *
 * Strict: an unknown or missing key, a wrong type, an unknown outcome or
 * verdict, or a text longer than its struct hx_result field is -EINVAL.
 *
 * Return: 0; -EINVAL; -ENOMEM.
 */
int rpt_results_read(const char *path, struct rpt_results_file *f, char *err,
                     size_t errlen);

/** rpt_results_free - free what rpt_results_read() filled in. */
void rpt_results_free(struct rpt_results_file *f);

/**
 * struct rpt_status_file - a run-status file read back.
 * @status:    how the run ended
 * @scenarios: scenarios the run was given
 * @shard:     its "shard" object (@shard.count 0: the run was not a shard)
 * @positions: storage of @shard.positions
 */
struct rpt_status_file {
    enum rpt_status status;
    size_t scenarios;
    struct rpt_shard_info shard;
    size_t *positions;
};

/**
 * rpt_status_read - read a run-status file (imslab.run-status/1).
 * @err: receives the reason on failure, as rpt_results_read()
 * Return: 0; -EINVAL; -ENOMEM.
 */
int rpt_status_read(const char *path, struct rpt_status_file *f, char *err,
                    size_t errlen);

/** rpt_status_free - free what rpt_status_read() filled in. */
void rpt_status_free(struct rpt_status_file *f);

#endif /* IMSLAB_REPORTS_REPORT_H */
