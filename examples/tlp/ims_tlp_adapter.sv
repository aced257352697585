// SPDX-License-Identifier: MIT
// ims_tlp_adapter.sv - imslab's reference IMS table (models/rtl/ims_table.sv)
// with its messages leaving as PCIe memory-write TLPs: the "tlp" message
// form of docs/vendor-guide.md ("Message as a PCIe memory-write TLP").
// The register and interrupt-request ports are the table's own.
//
// One TLP a beat, on tlp_valid / tlp_ready (the same handshake as msg_*:
// held stable while tlp_valid is high and tlp_ready low):
//   tlp_hdr[31:0]    DW0: Fmt/Type 0x40 (3DW) below 4 GiB, 0x60 (4DW) at or
//                    above; TC, attributes, TD, EP 0; Length 1
//   tlp_hdr[63:32]   DW1: Requester ID (REQUESTER_ID), Tag 0, Last DW BE
//                    0x0, First DW BE 0xF
//   tlp_hdr[95:64]   DW2: 3DW: address[31:2], bits 1:0 0; 4DW: address[63:32]
//   tlp_hdr[127:96]  DW3: 4DW: address[31:2], bits 1:0 0; 3DW: 0
//   tlp_payload      the data DW
//   tlp_index        the entry the message came from (a sideband: a TLP
//                    does not name it)

`default_nettype none

module ims_tlp_adapter #(
    parameter int ENTRIES = 64,
    parameter int DEPTH = 8,
    parameter int CLOCK_PS = 2000,
    parameter logic [15:0] REQUESTER_ID = 16'h0100
) (
    input  wire logic         clk,
    input  wire logic         rst_n,
    input  wire logic         reg_we,
    input  wire logic         reg_re,
    input  wire logic [15:0]  reg_addr,
    input  wire logic [31:0]  reg_wdata,
    input  wire logic [3:0]   reg_be,
    output logic [31:0]       reg_rdata,
    output logic              reg_ack,
    input  wire logic         irq_valid,
    output logic              irq_ready,
    input  wire logic [15:0]  irq_index,
    input  wire logic [19:0]  irq_pasid,
    input  wire logic         irq_pasid_valid,
    output logic              irq_err,
    output logic              tlp_valid,
    input  wire logic         tlp_ready,
    output logic [127:0]      tlp_hdr,
    output logic [31:0]       tlp_payload,
    output logic [15:0]       tlp_index,
    input  wire logic         fn_mask
);
    logic        msg_valid;
    // a DWORD write's address bits 1:0 are reserved in the TLP: not sent
    /* verilator lint_off UNUSEDSIGNAL */
    logic [63:0] msg_addr;
    /* verilator lint_on UNUSEDSIGNAL */
    logic [31:0] msg_data;
    logic [15:0] msg_index;

    ims_table #(.ENTRIES(ENTRIES), .DEPTH(DEPTH), .CLOCK_PS(CLOCK_PS)) table_i (
        .clk, .rst_n, .reg_we, .reg_re, .reg_addr, .reg_wdata, .reg_be, .reg_rdata,
        .reg_ack, .irq_valid, .irq_ready, .irq_index, .irq_pasid, .irq_pasid_valid,
        .irq_err, .msg_valid, .msg_ready(tlp_ready), .msg_addr, .msg_data, .msg_index,
        .fn_mask
    );

    // 4DW only for an address at or above 4 GiB (PCIe Base 6.0 s.2.2.4.1)
    wire logic        four = msg_addr[63:32] != 32'd0;
    wire logic [31:0] dw0 = {four ? 8'h60 : 8'h40, 14'd0, 10'd1};
    wire logic [31:0] dw1 = {REQUESTER_ID, 8'd0, 4'h0, 4'hF};
    wire logic [31:0] lo = {msg_addr[31:2], 2'b00};

    assign tlp_valid = msg_valid;
    assign tlp_hdr = four ? {lo, msg_addr[63:32], dw1, dw0} : {32'd0, lo, dw1, dw0};
    assign tlp_payload = msg_data;
    assign tlp_index = msg_index;
endmodule

`default_nettype wire
