/* SPDX-License-Identifier: MIT */
/*
 * tlm.h - IMS table designs given as a SystemC/TLM-2.0 model (imslab vendor
 * --tlm): the builder, which compiles a vendor's sc_module with the host
 * (models/tlm/ims_tlm_host.cpp) into a cached shared object, and the
 * loader, which runs each instance in a child process of its own.
 *
 * Why a process per instance: SystemC elaborates once per process and
 * cannot start again (../shared/reference/tooling.md s.3, E529/E546), and
 * a reset hook would trust the model's reset to clear its state, which is
 * what IMS-R-RESET-01 tests.  A child forked per instance gives every rule,
 * every traced re-run and every lockstep run a model just constructed.
 */
#ifndef IMSLAB_HARNESS_TLM_H
#define IMSLAB_HARNESS_TLM_H

#include <stdbool.h>
#include <stddef.h>

#include "models/siov/ims_dut.h"

/**
 * struct tlm_build_info - what tlm_build() did.
 * @cache_hit: the shared object was in the cache; the compiler did not run
 * @key: the cache key (hex); the object is <cache>/tlm-<key>/libdut.so
 * @seconds: wall time of the compile (0 on a hit)
 */
struct tlm_build_info {
    bool cache_hit;
    char key[33];
    double seconds;
};

/**
 * tlm_build - compile a vendor's TLM-2.0 model into a loadable design.
 * @sources: C++ files; the first defines the top module (it is compiled in
 *           one translation unit with the host), the others are compiled
 *           and linked beside it
 * @n: number of @sources (at least 1)
 * @top: the top module's class name (a C++ identifier, may be qualified)
 * @cache_dir: cache root; NULL for rtl_default_cache_dir()
 * @so_path: receives the shared object's path
 * @len: size of @so_path
 * @err: receives the compiler's first error (file:line) and "full log: PATH"
 * @errlen: size of @err
 * @info: filled when not NULL
 *
 * The key hashes the sources' paths and contents, @top, the host's sources,
 * the compiler's version and SystemC's, so a second call with the same
 * inputs loads the cached object.  Headers the sources include are not
 * hashed: change a source (or clear the cache) after changing one.
 *
 * Return: 0; -EINVAL bad arguments; -ENOENT a source or the compiler is
 * missing; -ENOTSUP imslab was built without SystemC; -EIO the compile
 * failed (details in @err).
 */
int tlm_build(const char *const *sources, size_t n, const char *top, const char *cache_dir,
              char *so_path, size_t len, char *err, size_t errlen,
              struct tlm_build_info *info);

/**
 * tlm_dut_open - start a fresh instance of a design built by tlm_build().
 * @so_path: the shared object
 * @out: filled with the design: every op is carried out by a child process
 *       that loaded @so_path and elaborated the model; destroy() ends it
 * @err: receives why the model could not be constructed (a missing socket
 *       or port named, or the elaboration error)
 * @errlen: size of @err
 *
 * Return: 0; -EPROTO the model lacks a socket or port of the interface or
 * did not elaborate; -ENOEXEC the object exports no design; -ENOENT it
 * cannot be loaded; -errno otherwise.
 */
int tlm_dut_open(const char *so_path, struct ims_dut *out, char *err, size_t errlen);

#endif /* IMSLAB_HARNESS_TLM_H */
