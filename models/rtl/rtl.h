/* SPDX-License-Identifier: MIT */
/*
 * rtl.h - IMS table designs given as RTL: the verilated reference table,
 * and the builder and loader for a vendor's RTL (imslab vendor --rtl).
 *
 * A design's top module must match the port list in docs/vendor-guide.md
 * ("RTL port list and timing").  models/rtl/ims_rtl_wrap.cpp turns any such
 * top, once verilated, into a struct ims_dut (models/siov/ims_dut.h); it is
 * compiled once per design, so the same source serves the reference table
 * (linked in when the build found Verilator) and every vendor top (built at
 * run time into a cached shared object by rtl_build()).
 *
 * Timing, as the wrapper drives it: inputs change on the falling edge of
 * clk, outputs are sampled just before the rising edge, and a handshake
 * happens at a rising edge where both sides were high.  Cycle k is the
 * period that ends with rising edge k (the first edge after creation is
 * cycle 1); ims_dut_ops.cycle() returns the number of rising edges so far
 * and a message's cycle is the edge it was transferred at.
 */
#ifndef IMSLAB_RTL_RTL_H
#define IMSLAB_RTL_RTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "models/siov/ims_dut.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Bound on the cycles the wrapper waits for reg_ack (-ETIMEDOUT after). */
#define RTL_REG_ACK_MAX 1024u

/**
 * rtl_ref_available - whether this build has the verilated reference table.
 *
 * Return: true when rtl_ref_create() works (Verilator was found at build
 * time and IMSLAB_RTL was on).
 */
bool rtl_ref_available(void);

/**
 * rtl_ref_create - create an instance of models/rtl/ims_table.sv.
 * @entries: the entry count wanted; 0 or 64 (the table is verilated with
 *           ENTRIES = 64)
 * @out: filled with the design on success
 *
 * The design is created out of reset with its clock at cycle 0; call
 * ops->reset() first, as for any design.
 *
 * Return: 0, -EINVAL for another @entries, -ENOMEM, or -ENOTSUP when the
 * build has no verilated reference.
 */
int rtl_ref_create(uint32_t entries, struct ims_dut *out);

/**
 * struct rtl_build_info - what rtl_build() did (optional out parameter).
 * @cache_hit: the shared object was already in the cache; no tool ran
 * @key: the cache key (hex), the name of the directory under @cache_dir
 * @seconds: wall time spent in the build (0 on a hit)
 */
struct rtl_build_info {
    bool cache_hit;
    char key[33];
    double seconds;
};

/**
 * rtl_build_ex - rtl_build() that also reports what happened.
 * @sources: SystemVerilog/Verilog files (paths)
 * @n: number of @sources (at least 1)
 * @top: the top module name
 * @cache_dir: cache root; NULL for rtl_default_cache_dir()
 * @so_path: receives the path of the shared object
 * @len: size of @so_path
 * @err: receives the tool output on failure (NUL-terminated, truncated)
 * @errlen: size of @err (0: no message)
 * @info: filled when not NULL
 *
 * Return: see rtl_build().
 */
int rtl_build_ex(const char *const *sources, size_t n, const char *top,
                 const char *cache_dir, char *so_path, size_t len,
                 char *err, size_t errlen, struct rtl_build_info *info);

/**
 * rtl_build - verilate a vendor's top and build it into a loadable design.
 * @sources: SystemVerilog/Verilog files (paths)
 * @n: number of @sources (at least 1)
 * @top: the top module name (must match the port list and have an
 *       ENTRIES parameter)
 * @cache_dir: cache root; NULL for rtl_default_cache_dir()
 * @so_path: receives "<cache_dir>/<key>/libdut.so"
 * @len: size of @so_path
 * @err: receives the tool output on failure; Verilator's lint errors keep
 *       their file:line:column
 * @errlen: size of @err
 *
 * The key hashes the sources' contents, @top, the wrapper's own sources and
 * the Verilator version, so a second call with the same inputs returns the
 * cached object without running any tool.  A miss runs
 * `verilator --cc --exe --build -O2 --trace -Wall --top-module @top` with
 * the wrapper compiled in, into a temporary directory renamed into place
 * when complete (concurrent builders do not see half-built objects).
 *
 * Return: 0; -EINVAL on bad arguments; -ENOENT when a source or verilator
 * is missing; -ENAMETOOLONG when @so_path is too small; -EIO when
 * verilation or compilation failed (details in @err).
 */
int rtl_build(const char *const *sources, size_t n, const char *top,
              const char *cache_dir, char *so_path, size_t len,
              char *err, size_t errlen);

/**
 * typedef rtl_progress_fn - told, about every 100 ms, that rtl_build() is
 * still waiting for Verilator on a cache miss.
 * @ctx:        rtl_set_progress()'s
 * @top:        the design's top module
 * @phase:      "checking the ports" or "verilating and compiling"; NULL
 *              once when the build ends (built or failed)
 * @elapsed_ns: since the build began (monotonic clock)
 */
typedef void (*rtl_progress_fn)(void *ctx, const char *top, const char *phase,
                                uint64_t elapsed_ns);

/** rtl_set_progress - call @fn(@ctx, ...) during builds (NULL: never). */
void rtl_set_progress(rtl_progress_fn fn, void *ctx);

/**
 * rtl_set_source_root - where the wrapper that rtl_build() compiles with
 * each design lives: @dir/models/rtl/ims_rtl_wrap.cpp, models/rtl/rtl.h
 * and models/siov/ims_dut.h (the source tree, the default, or an installed
 * PREFIX/share/imslab, which holds the same files under the same names).
 * Return: 0, or -EINVAL for an empty or too long @dir.
 */
int rtl_set_source_root(const char *dir);

/**
 * rtl_default_cache_dir - $XDG_CACHE_HOME/imslab/rtl or ~/.cache/imslab/rtl.
 * @buf: receives the path
 * @len: size of @buf
 *
 * Return: 0, -ENOENT when neither XDG_CACHE_HOME nor HOME is set, or
 * -ENAMETOOLONG.
 */
int rtl_default_cache_dir(char *buf, size_t len);

/**
 * struct rtl_build_opts - how to verilate a design (optional).
 * @params: "NAME=VALUE" strings, passed as -GNAME=VALUE (top parameters)
 * @nparams: entries in @params
 * @defines: "NAME" or "NAME=VALUE" strings, passed as -DNAME[=VALUE]
 * @ndefines: entries in @defines
 * Both are part of the cache key.  Verilator configuration files (.vlt,
 * e.g. lint waivers for third-party sources) are given among the sources.
 */
struct rtl_build_opts {
    const char *const *params;
    size_t nparams;
    const char *const *defines;
    size_t ndefines;
};

/**
 * rtl_build_opt - rtl_build_ex() with build options.
 * @bo: parameters and defines (NULL: none)
 * The other arguments are rtl_build_ex()'s.  Before building, the design is
 * verilated alone (no compile, a fraction of a second) and checked against
 * the port list with rtl_ports_check(); a mismatch returns -EPROTO with the
 * offending port or parameter and what was expected in @err.  On any
 * failure the full tool log is kept in <cache_dir>/logs/ and @err ends with
 * "full log: PATH".
 * Return: as rtl_build(), and -EPROTO for a port or parameter mismatch.
 */
int rtl_build_opt(const char *const *sources, size_t n, const char *top,
                  const char *cache_dir, const struct rtl_build_opts *bo,
                  char *so_path, size_t len, char *err, size_t errlen,
                  struct rtl_build_info *info);

/**
 * rtl_ports_check - a verilated top against the RTL port list.
 * @mdir: Verilator's output folder (--Mdir)
 * @prefix: the --prefix it was verilated with
 * @top: the top module name
 * @err: receives the mismatch: the port or parameter and what was expected
 * @errlen: size of @err
 * Checks every port of docs/vendor-guide.md's list by name, direction and
 * width, that no other port exists, and that parameter ENTRIES exists (made
 * readable by public_flat_rd) with a value in 1..65536.
 * Return: 0, -EPROTO on a mismatch, -EIO when the headers cannot be read.
 */
int rtl_ports_check(const char *mdir, const char *prefix, const char *top, char *err,
                    size_t errlen);

/**
 * rtl_dut_open - load a design built by rtl_build().
 * @so_path: the shared object
 * @out: filled with the design; its destroy() also unloads the object
 *
 * Return: 0, -ENOENT when the object cannot be loaded, -ENOEXEC when it
 * does not export ims_rtl_dut_create(), -ENOMEM, or what the design's
 * constructor returned.
 */
int rtl_dut_open(const char *so_path, struct ims_dut *out);

/*
 * Exported by every shared object rtl_build() makes: create one instance
 * of the design (out of reset, cycle 0).  0 or -errno.
 */
typedef int (*rtl_dut_create_fn)(struct ims_dut *out);
#define RTL_DUT_CREATE_SYMBOL "ims_rtl_dut_create"

#ifdef __cplusplus
}
#endif

#endif /* IMSLAB_RTL_RTL_H */
