/* SPDX-License-Identifier: MIT */
/*
 * seq.h - in-flight operations of the software models (the VMM, the guest
 * stub, the device drivers they share): one continuation type, a pool of
 * live objects and deferred steps, and one operation sequencer.
 *
 * Pool.  Every object a chain of events carries is allocated from a pool,
 * and every deferred step is a pool object too, so destroying a model in
 * the middle of a chain cancels its events and frees everything (no leaks,
 * no callbacks into freed state).
 *
 * Sequencer.  A driver's programming of a device is a list of accesses (an
 * MMIO write or read, a poll, a memory write, a check of a memory word) run
 * in order, one device's lists one at a time in a queue (as a driver holding
 * the device's lock).  The accesses go through a port (struct seq_port):
 * the guest's port goes through the VMM's trap map, the host's reaches the
 * device after the MMIO cost.  What the port does not decide is the same
 * for every user: order, what is immediate (memory), what is retried (a
 * poll), how an error ends the list.
 */
#ifndef IMSLAB_MODELS_SEQ_H
#define IMSLAB_MODELS_SEQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "models/mem/mem.h"
#include "sim/sim.h"

/**
 * typedef seq_done_fn - an operation finished: @status 0 or -errno.  The one
 * continuation type of the VMM and guest models (and their public APIs).
 */
typedef void (*seq_done_fn)(void *ctx, int status);

/* ---- pool ---------------------------------------------------------------- */

struct seq_pool_blk;

/**
 * struct seq_pool - the live objects of one model.
 * @sim: the simulation deferred steps run on
 * @head: every live object (internal)
 */
struct seq_pool {
    struct sim *sim;
    struct seq_pool_blk *head;
};

/** typedef seq_step_fn - a deferred step. */
typedef void (*seq_step_fn)(void *arg);

/** seq_pool_init - an empty pool on @sim. */
void seq_pool_init(struct seq_pool *p, struct sim *sim);

/** seq_pool_alloc - a zeroed object of @size bytes, or NULL. */
void *seq_pool_alloc(struct seq_pool *p, size_t size);

/** seq_pool_free - free an object from seq_pool_alloc() (NULL is ignored). */
void seq_pool_free(struct seq_pool *p, void *obj);

/**
 * seq_pool_defer - run @fn(@arg) @delay from now (priority SIM_PRIO_SW).
 * Return: 0, -ENOMEM, or sim_schedule_in()'s error.
 */
int seq_pool_defer(struct seq_pool *p, sim_time_t delay, seq_step_fn fn,
                   void *arg);

/** seq_pool_fini - cancel every deferred step and free every object. */
void seq_pool_fini(struct seq_pool *p);

/**
 * seq_call_later - run @fn(@arg, @status) from a fresh event @delay from
 * now.  Out of simulator memory it runs @fn at once, with -ENOMEM unless
 * @status is already an error, rather than leave the chain hanging.
 */
void seq_call_later(struct seq_pool *p, sim_time_t delay, seq_done_fn fn,
                    void *arg, int status);

/* ---- sequencer ------------------------------------------------------------ */

struct seq;

/* The longest list a driver builds (two mlx5 commands are 26). */
#define SEQ_MAX_OPS 40u

/**
 * struct seq_port_ops - how one CPU's accesses reach a device.
 * @write32: start a 4-byte write of @val at @off of address space @space
 *           (enum drv_space); call @done when the CPU may continue.
 *           Return: 0 when started, else -errno (the list ends with it)
 * @read32: the same for a read; *@val is valid at @done
 * @mem_addr: the host-memory address of @addr as this CPU names memory
 *            (a guest-physical address for a guest); NULL: identity
 * @checked: optional; a check (seq_memchk()) read @word for @tag
 */
struct seq_port_ops {
    int (*write32)(void *ctx, unsigned space, uint64_t off, uint32_t val,
                   seq_done_fn done, void *arg);
    int (*read32)(void *ctx, unsigned space, uint64_t off, uint64_t *val,
                  seq_done_fn done, void *arg);
    uint64_t (*mem_addr)(void *ctx, uint64_t addr);
    void (*checked)(void *ctx, uint32_t tag, uint32_t word);
};

/**
 * struct seq_port - a CPU's access port to one device, and its queue.
 * @ops: the accesses
 * @ctx: for @ops
 * @pool: where lists and steps live
 * @mem: the memory memory accesses go to
 * @fresh_event: start each list from a fresh event at the current time (the
 *               host's work item) rather than within the call that submits
 *               it or ends the one before (the guest's driver)
 * @head, @tail, @busy: the queue (internal)
 */
struct seq_port {
    const struct seq_port_ops *ops;
    void *ctx;
    struct seq_pool *pool;
    struct mem *mem;
    bool fresh_event;
    struct seq *head, *tail;
    bool busy;
};

/** seq_port_init - a port with an empty queue. */
void seq_port_init(struct seq_port *p, const struct seq_port_ops *ops, void *ctx,
                   struct seq_pool *pool, struct mem *mem, bool fresh_event);

/** seq_new - an empty list for @port's queue, or NULL (out of memory). */
struct seq *seq_new(struct seq_port *port);

/** seq_discard - free a list that was never submitted (NULL is ignored). */
void seq_discard(struct seq *s);

/** seq_len - accesses in @s so far. */
unsigned seq_len(const struct seq *s);

/* Append one access (beyond SEQ_MAX_OPS they are dropped; an invariant). */
void seq_w32(struct seq *s, unsigned space, uint64_t off, uint32_t val);
/** seq_r32 - a read whose value is not used (a posting flush). */
void seq_r32(struct seq *s, unsigned space, uint64_t off);
/** seq_poll - read until (value & @mask) == @want. */
void seq_poll(struct seq *s, unsigned space, uint64_t off, uint32_t mask,
              uint32_t want);
/** seq_memw32 - write memory at @addr (as the port names it): immediate. */
void seq_memw32(struct seq *s, uint64_t addr, uint32_t val);
/**
 * seq_memchk - read the memory word at @addr: the list's status becomes
 * -EIO unless (word & @mask) == @want; immediate; reported to the port's
 * @checked with @tag.
 */
void seq_memchk(struct seq *s, uint64_t addr, uint32_t mask, uint32_t want,
                uint32_t tag);

/**
 * seq_submit - queue @s behind the port's other lists; @fn(@arg, status)
 * runs when it finished: 0, or the first error (-EIO for a refused access
 * or a failed check, -EFAULT for memory, the port's error).  An access
 * error does not stop the list; a port that cannot start an access does.
 */
void seq_submit(struct seq *s, seq_done_fn fn, void *arg);

#endif /* IMSLAB_MODELS_SEQ_H */
