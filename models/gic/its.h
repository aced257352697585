/* SPDX-License-Identifier: MIT */
/*
 * its.h - Arm GICv3/v4.1 Interrupt Translation Service (ITS).
 *
 * Sources: Arm Generic Interrupt Controller Architecture Specification,
 * GIC architecture version 3 and version 4 (IHI 0069): 5.2 the ITS
 * (device table, ITT, collection table, GITS_TRANSLATER), 5.3 ITS commands
 * (5.3.1-5.3.27; the command encodings below), 5.3.x command errors,
 * 8.19 GITS_* registers; GICv4.1 VMAPP/VMAPTI and the per-vPE default
 * doorbell.  Field positions cross-checked against Linux
 * drivers/irqchip/irq-gic-v3-its.c (its_encode_*).  ../shared/reference/
 * domain.md s.12.4 places the ITS among the platforms.
 *
 * Every command is 32 bytes, four little-endian doublewords DW0..DW3:
 *   DW0  7:0 command number; 63:32 DeviceID (device commands)
 *        VMAPP (v4.1): 8 Alloc, 9 PTZ, 51:16 VCONF address
 *   DW1  31:0 EventID; 63:32 pINTID (MAPTI); 4:0 Size (MAPD: EventID
 *        bits - 1); 47:32 vPEID (VMAPP, VMAPTI); VMAPP (v4.1) 31:0 default
 *        doorbell pINTID
 *   DW2  15:0 ICID (MAPC, MAPTI, MAPI, MOVI); 51:8 ITT address (MAPD);
 *        51:16 RDbase (MAPC, SYNC, VMAPP); 63 V (MAPD, MAPC, VMAPP);
 *        VMAPTI 31:0 vINTID, 63:32 doorbell pINTID (v4.0; 1023 = none)
 *   DW3  VMAPP 51:16 VPT address, 4:0 VPT size (ID bits - 1)
 *
 * The ITS's own table formats in memory are IMPLEMENTATION DEFINED; the
 * model keeps them as arrays.  The vPE's virtual pending table (1 bit per
 * INTID, GICR_VPENDBASER) is architected and lives in memory.
 */
#ifndef IMSLAB_GIC_ITS_H
#define IMSLAB_GIC_ITS_H

#include <stdbool.h>
#include <stdint.h>

#include "models/bus.h"
#include "models/cost.h"
#include "models/mem/mem.h"
#include "sim/sim.h"

enum its_cmd_op {
    ITS_CMD_MOVI = 0x01,
    ITS_CMD_INT = 0x03,
    ITS_CMD_CLEAR = 0x04,
    ITS_CMD_SYNC = 0x05,
    ITS_CMD_MAPD = 0x08,
    ITS_CMD_MAPC = 0x09,
    ITS_CMD_MAPTI = 0x0a,
    ITS_CMD_MAPI = 0x0b,
    ITS_CMD_INV = 0x0c,
    ITS_CMD_INVALL = 0x0d,
    ITS_CMD_DISCARD = 0x0f,
    ITS_CMD_VMAPTI = 0x2a,
    ITS_CMD_VMAPP = 0x29,
};

#define ITS_CMD_SIZE 32u

/** struct its_cmd - one command as it sits in the queue. */
struct its_cmd {
    uint64_t dw[4];
};

/* ---- field accessors (IHI 0069 5.3) ---------------------------------- */
#define ITS_DW0_OP(d)        ((unsigned)((d) & 0xffu))
#define ITS_DW0_DEVID(d)     ((uint32_t)((d) >> 32))
#define ITS_DW1_EVENTID(d)   ((uint32_t)((d) & 0xffffffffu))
#define ITS_DW1_PINTID(d)    ((uint32_t)((d) >> 32))
#define ITS_DW1_SIZE(d)      ((unsigned)((d) & 0x1fu))
#define ITS_DW1_VPEID(d)     ((uint32_t)(((d) >> 32) & 0xffffu))
#define ITS_DW1_DEFDB(d)     ((uint32_t)((d) & 0xffffffffu))
#define ITS_DW2_ICID(d)      ((uint32_t)((d) & 0xffffu))
#define ITS_DW2_ITT_MASK     UINT64_C(0x000fffffffffff00)   /* 51:8 */
#define ITS_DW2_RDBASE(d)    ((uint32_t)(((d) >> 16) & UINT64_C(0xfffffffff)))
#define ITS_DW2_V            (UINT64_C(1) << 63)
#define ITS_DW2_VINTID(d)    ((uint32_t)((d) & 0xffffffffu))
#define ITS_DW2_DBPINTID(d)  ((uint32_t)((d) >> 32))
#define ITS_DW3_VPT_MASK     UINT64_C(0x000fffffffff0000)   /* 51:16 */
#define ITS_DW3_VPTSIZE(d)   ((unsigned)((d) & 0x1fu))

/* Encoders: fill @c (zeroed first) with one command. */
void its_enc_mapd(struct its_cmd *c, uint32_t devid, unsigned size, uint64_t itt, bool v);
void its_enc_mapc(struct its_cmd *c, uint32_t icid, uint32_t rdbase, bool v);
void its_enc_mapti(struct its_cmd *c, uint32_t devid, uint32_t eventid, uint32_t pintid,
                   uint32_t icid);
void its_enc_mapi(struct its_cmd *c, uint32_t devid, uint32_t eventid, uint32_t icid);
void its_enc_movi(struct its_cmd *c, uint32_t devid, uint32_t eventid, uint32_t icid);
void its_enc_inv(struct its_cmd *c, uint32_t devid, uint32_t eventid);
void its_enc_discard(struct its_cmd *c, uint32_t devid, uint32_t eventid);
void its_enc_sync(struct its_cmd *c, uint32_t rdbase);
void its_enc_vmapp(struct its_cmd *c, uint32_t vpeid, uint32_t rdbase, uint64_t vpt,
                   unsigned vpt_size, uint32_t default_db, bool v);
void its_enc_vmapti(struct its_cmd *c, uint32_t devid, uint32_t eventid, uint32_t vpeid,
                    uint32_t vintid);

/* Command and translation errors: 0x01 << 16 | command << 8 | cause
 * (IHI 0069 5.3 command error encodings; the same values as Linux KVM's
 * vgic-its.h E_ITS_*).  A GITS_TRANSLATER write is checked as INT. */
#define ITS_ERR(op, cause)          (0x010000u | (unsigned)(op) << 8 | (cause))
#define ITS_ERRC_DEVICE_OOR         0x01u
#define ITS_ERRC_SIZE_OOR           0x02u  /* MAPD: ITT size; MAPC: processor */
#define ITS_ERRC_COLLECTION_OOR     0x03u
#define ITS_ERRC_UNMAPPED_DEVICE    0x04u
#define ITS_ERRC_ID_OOR             0x05u
#define ITS_ERRC_PHYSICALID_OOR     0x06u
#define ITS_ERRC_UNMAPPED_INTERRUPT 0x07u
#define ITS_ERRC_UNMAPPED_COLLECTION 0x09u
#define ITS_ERRC_UNMAPPED_VPE       0x0au

#define ITS_LPI_BASE 8192u        /* the first LPI INTID */
#define ITS_NO_DOORBELL 1023u     /* a doorbell pINTID of 1023: none */

/* GITS_TRANSLATER: offset 0x0040 of the second 64 KiB frame */
#define ITS_TRANSLATER_OFF UINT64_C(0x10040)

/**
 * struct its_rd_sink - the redistributors, the CPU side of the ITS.
 * @lpi: physical LPI @intid to redistributor @rd; a doorbell too, with a
 *       @tag of seq 0 (the raise stays with the pending vLPI)
 * @vlpi: vLPI @vintid to the resident vPE @vpeid on @rd (GICv4.1 direct
 *        injection: no hypervisor on the path)
 * @ctx: for both
 */
struct its_rd_sink {
    void (*lpi)(void *ctx, uint32_t rd, uint32_t intid, const struct irq_tag *tag);
    void (*vlpi)(void *ctx, uint32_t rd, uint32_t vpeid, uint32_t vintid,
                 const struct irq_tag *tag);
    void *ctx;
};

/** enum its_outcome - what a GITS_TRANSLATER write became. */
enum its_outcome {
    ITS_OUT_LPI = 0,     /* a physical LPI to the collection's redistributor */
    ITS_OUT_VLPI,        /* a vLPI to a resident vPE */
    ITS_OUT_DOORBELL,    /* pending in the VPT of a non-resident vPE, doorbell sent */
    ITS_OUT_VPENDING,    /* pending in the VPT, no doorbell */
    ITS_OUT_ERROR,       /* dropped: @error */
    ITS_OUT_NOT_ITS,     /* not a write of 4 bytes to GITS_TRANSLATER */
};

/**
 * struct its_result - the record of one GITS_TRANSLATER write.
 * @outcome: enum its_outcome
 * @error: the ITS error code (ITS_ERR) when @outcome is ITS_OUT_ERROR
 * @devid: DeviceID (the requester ID)
 * @eventid: EventID (the data written)
 * @rd: target redistributor
 * @vpeid: the target vPE (ITS_OUT_VLPI, _DOORBELL, _VPENDING)
 * @intid: the pINTID, vINTID or doorbell delivered
 * @tag: ground truth
 */
struct its_result {
    enum its_outcome outcome;
    unsigned error;
    uint32_t devid;
    uint32_t eventid;
    uint32_t rd;
    uint32_t vpeid;
    uint32_t intid;
    struct irq_tag tag;
};

/**
 * struct its_config - how to build an ITS.
 * @sim: the simulation
 * @mem: memory: the command queue and the vPEs' pending tables
 * @cost: its_cmd, its_translate, gic_deliver
 * @rd: where LPIs, vLPIs and doorbells go
 * @evidence: translation errors (EVIDENCE_FAULT_IR, reason = ITS_ERR code)
 * @on_result: every translation's record (may be NULL)
 * @result_ctx: its context
 * @base: the ITS frame base address (GITS_TRANSLATER at base + 0x10040)
 * @dev_bits: GITS_TYPER.Devbits + 1: DeviceIDs below 2^@dev_bits
 * @id_bits: GITS_TYPER.ID_bits + 1: EventIDs and INTIDs below 2^@id_bits
 *        (14..16: the model keeps each ITT as an array of 2^Size+1 entries)
 * @max_devices: device table entries the model keeps
 * @collections: collection table entries (ICIDs below this)
 * @vpes: vPE table entries (vPEIDs below this; 0: no GICv4.1)
 * @rds: redistributors (processor numbers below this: GITS_TYPER.PTA = 0)
 */
struct its_config {
    struct sim *sim;
    struct mem *mem;
    const struct cost_model *cost;
    struct its_rd_sink rd;
    struct evidence_port evidence;
    void (*on_result)(void *ctx, const struct its_result *r);
    void *result_ctx;
    uint64_t base;
    unsigned dev_bits;
    unsigned id_bits;
    unsigned max_devices;
    unsigned collections;
    unsigned vpes;
    unsigned rds;
};

struct its;

/** its_create - build an ITS.  Return: 0, -EINVAL, -ENOMEM. */
int its_create(struct its **out, const struct its_config *cfg);

/** its_destroy - free @its (NULL is ignored). */
void its_destroy(struct its *its);

/**
 * its_set_cbaser - GITS_CBASER: the command queue at @base, @pages 4 KiB
 * pages, valid; resets GITS_CREADR and GITS_CWRITER to 0.
 * Return: 0, -EINVAL (unaligned or 0 pages).
 */
int its_set_cbaser(struct its *its, uint64_t base, unsigned pages);

/**
 * its_set_cwriter - GITS_CWRITER: commands up to @off (byte offset, a
 * multiple of 32) are queued; the ITS executes them one its_cmd apart.
 * Return: 0, -EINVAL (unaligned or beyond the queue).
 */
int its_set_cwriter(struct its *its, uint64_t off);

/** its_creadr - GITS_CREADR: the offset of the next command to execute. */
uint64_t its_creadr(const struct its *its);

/** its_last_error - the last command error (0: none); commands that fail
 * are ignored and the queue goes on (one of the architected choices). */
unsigned its_last_error(const struct its *its);

/** its_syncs - SYNC commands completed so far. */
uint64_t its_syncs(const struct its *its);

/**
 * its_vpe_schedule - make vPE @vpeid resident on its redistributor, or not
 * (GICR_VPENDBASER.Valid).  Becoming resident delivers every vLPI pending
 * in its VPT, in INTID order, and clears the bits.
 * Return: 0, -EINVAL (no such mapped vPE).
 */
int its_vpe_schedule(struct its *its, uint32_t vpeid, bool resident);

/** its_write - an upstream write: a GITS_TRANSLATER write is an MSI. */
void its_write(struct its *its, const struct pcie_write *w);

/** its_sink - the ITS as the devices' upstream port. */
struct pcie_sink its_sink(struct its *its);

#endif /* IMSLAB_GIC_ITS_H */
