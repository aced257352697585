/* SPDX-License-Identifier: MIT */
/*
 * build_tool.h - what the two builders of vendor designs share: rtl_build()
 * (harness/rtl_build.c, Verilator) and tlm_build() (harness/tlm_build.c,
 * SystemC/TLM-2.0).  Error messages and paths, the content key of the
 * cache, running a tool with its output in a log, and the cache's folders.
 * What differs between the two (the RTL builder's progress reporting and
 * tool environment, how each reads a failed log, which names each accepts
 * as a top) stays in its builder, or is a parameter here.
 */
#ifndef IMSLAB_HARNESS_BUILD_TOOL_H
#define IMSLAB_HARNESS_BUILD_TOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * The root the builders compile their own files from: the RTL wrapper
 * (models/rtl/ims_rtl_wrap.cpp, rtl.h), the TLM host (models/tlm/
 * ims_tlm_host.cpp, ims_tlm.h, ims_tlm_ext.h) and models/siov/ims_dut.h.
 * The source tree by default; the CLI sets PREFIX/share/imslab for an
 * installed binary, through rtl_set_source_root() (models/rtl/rtl.h).
 * Set: 0, or -EINVAL for an empty or too long @dir.
 */
int hx_build_set_source_root(const char *dir);
const char *hx_build_source_root(void);

/* vsnprintf into @err (nothing when @err is NULL or @errlen 0). */
__attribute__((format(printf, 3, 4)))
void hx_build_msg(char *err, size_t errlen, const char *fmt, ...);

/* snprintf into a path buffer; 0, or -ENAMETOOLONG when it does not fit. */
__attribute__((format(printf, 3, 4)))
int hx_build_pathf(char *buf, size_t len, const char *fmt, ...);

/*
 * The cache key: two FNV-1a 64 lanes with different offsets, 128 bits.
 * Existing caches are named by it: any change to these functions (or to
 * what a builder feeds them) is a new key for every design.
 */
struct hx_build_hash {
    uint64_t a, b;
};

void hx_build_hash_init(struct hx_build_hash *h);
void hx_build_hash_bytes(struct hx_build_hash *h, const void *p, size_t n);
/* A length-prefixed field (a 64-bit length, then the bytes), so that
 * concatenations cannot collide. */
void hx_build_hash_field(struct hx_build_hash *h, const void *p, size_t n);
/* hx_build_hash_field() of a string without its NUL. */
void hx_build_hash_str(struct hx_build_hash *h, const char *s);

/*
 * The contents of @path, then their length (64 bits).  A file that cannot
 * be opened is "@path: strerror" in @err and -ENOENT (missing) or -EIO.
 * @read_errors: a read error after the open is "@path: read error" and
 * -EIO; when false the bytes read until then are hashed and 0 returned
 * (the TLM builder's behaviour, kept as it was).
 */
int hx_build_hash_file(struct hx_build_hash *h, const char *path, bool read_errors,
                       char *err, size_t errlen);

/* The key as 32 hex digits and a NUL. */
void hx_build_hash_hex(const struct hx_build_hash *h, char key[33]);

/* Wait for @pid into @status: 0 or -errno.  @ctx is the caller's. */
typedef int (*hx_build_wait_fn)(pid_t pid, int *status, const void *ctx);

/*
 * Run @argv (PATH lookup) in environment @envp, stdin /dev/null, stdout and
 * stderr into @log (created or truncated).  @wait waits for it (NULL: a
 * plain waitpid()), given @ctx.
 * Return: the exit status (0..255), -ENOENT when it could not be started,
 * -EINTR when killed by a signal, or -errno.
 */
int hx_build_run_tool(char *const argv[], const char *log, char *const envp[],
                      hx_build_wait_fn wait, const void *ctx);

/* Up to @len - 1 bytes of @path into @buf, NUL-terminated ("" when it
 * cannot be read); the number read. */
size_t hx_build_read_text(const char *path, char *buf, size_t len);

/* The first MiB of the log @path, NUL-terminated, to free(); NULL when out
 * of memory. */
char *hx_build_read_log(const char *path);

/* The start of the line of @text that @p points into. */
const char *hx_build_line_start(const char *text, const char *p);

/* mkdir -p @path (0755): 0 or -errno. */
int hx_build_mkdir_p(const char *path);

/* rm -rf @path, not following symbolic links. */
void hx_build_rm_tree(const char *path);

/* A monotonic clock in seconds. */
double hx_build_now_s(void);

/*
 * Keep @tmp/build.log of a failed build as @cache/logs/@name-@key.log and
 * end @err with "full log: PATH" (cutting the message to make room).
 * Nothing happens when there is no build.log.
 */
void hx_build_keep_log(const char *tmp, const char *cache, const char *name,
                       const char *key, char *err, size_t errlen);

#endif /* IMSLAB_HARNESS_BUILD_TOOL_H */
