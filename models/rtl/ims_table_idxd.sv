// SPDX-License-Identifier: MIT
// ims_table_idxd.sv - the reference IMS table (ims_table.sv) sized for an
// idxd device: 256 entries, the unit an idxd device's IMS comes in
// (GENCAP.max_ims_mult * 256, docs/devices.md).  Nothing but the instance:
// same ports, same register map (entry i at byte offset i*16 of the port,
// layouts/ref-256.yaml), same behaviour.  A scenario device of model idxd
// names it with `rtl: {sources: [ims_table_idxd.sv, ims_table.sv],
// top: ims_table_idxd}` (scenarios/rtl/).
module ims_table_idxd #(
    parameter int ENTRIES = 256
) (
    input  logic        clk,
    input  logic        rst_n,
    input  logic        reg_we,
    input  logic        reg_re,
    input  logic [15:0] reg_addr,
    input  logic [31:0] reg_wdata,
    output logic [31:0] reg_rdata,
    output logic        reg_ack,
    input  logic        irq_valid,
    output logic        irq_ready,
    input  logic [15:0] irq_index,
    input  logic [19:0] irq_pasid,
    input  logic        irq_pasid_valid,
    output logic        irq_err,
    output logic        msg_valid,
    input  logic        msg_ready,
    output logic [63:0] msg_addr,
    output logic [31:0] msg_data,
    output logic [15:0] msg_index
);
    // A scenario's idxd device has no Function Mask input for the table,
    // and its BAR0 accesses are whole dwords (every byte enabled)
    logic fn_mask;
    logic [3:0] reg_be;
    assign fn_mask = 1'b0;
    assign reg_be  = 4'hf;
    ims_table #(.ENTRIES(ENTRIES)) table_i (.*);
endmodule
