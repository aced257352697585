// SPDX-License-Identifier: MIT
// ims_axil_adapter.sv - sample adapter: imslab's RTL port list
// (docs/vendor-guide.md, "RTL port list and timing") around a vendor IMS
// table whose registers sit behind an AXI4-Lite slave and whose messages
// leave as a memory-write request stream (examples/axil/vendor_ims_axil.sv).
// The guide's section "Sample adapter: AXI4-Lite registers and a
// memory-write stream" explains it and how to adapt it to a real design.
//
//   reg_*  -> AXI4-Lite master: a write is one AW + one W (WSTRB 4'hF),
//             then B; a read is one AR, then R.  reg_ack is high for the
//             one cycle after the response arrived; a read's reg_rdata is
//             RDATA (0 when RRESP is not OKAY).  An error response is still
//             acked (the port has no error) and sets STATUS.resp_err.
//   irq_*  -> the table's request port; irq_ready/irq_err are given when
//             the table's registered response arrives (a fire takes 2
//             cycles instead of 1).
//   mwr_*  -> msg_*: a write of exactly one DWORD with all byte enables
//             whose address is in the interrupt window (WIN_BASE/WIN_MASK)
//             is passed through combinationally as a message, with
//             msg_index = mwr_tag.  Anything else is a protocol error: it
//             is consumed and dropped (never forwarded with a wrong
//             length), and STATUS.mwr_dropped is set.
//
// Adapter STATUS register at byte offset STATUS_ADDR of the register port
// (answered here, never forwarded; keep it clear of the table):
//   bit 0 mwr_dropped  a memory write was not a 1-DWORD write into the window
//   bit 1 resp_err     an AXI4-Lite response was SLVERR or DECERR
//   write 1 to clear; other bits read 0.  Reset clears both.

`default_nettype none

module ims_axil_adapter #(
    parameter int          ENTRIES     = 64,
    parameter logic [15:0] STATUS_ADDR = 16'hFFFC,
    // Interrupt window: a write is an interrupt when
    // (mwr_addr & WIN_MASK) == WIN_BASE.  The defaults accept every
    // address (the IMS rules program random 64-bit addresses); on x86 it
    // would be WIN_BASE 64'hFEE0_0000, WIN_MASK 64'hFFFF_FFFF_FFF0_0000.
    parameter logic [63:0] WIN_BASE    = 64'h0,
    parameter logic [63:0] WIN_MASK    = 64'h0
) (
    input  wire logic        clk,
    input  wire logic        rst_n,
    input  wire logic        reg_we,
    input  wire logic        reg_re,
    input  wire logic [15:0] reg_addr,
    input  wire logic [31:0] reg_wdata,
    output logic      [31:0] reg_rdata,
    output logic             reg_ack,
    input  wire logic        irq_valid,
    output logic             irq_ready,
    input  wire logic [15:0] irq_index,
    input  wire logic [19:0] irq_pasid,
    input  wire logic        irq_pasid_valid,
    output logic             irq_err,
    output logic             msg_valid,
    input  wire logic        msg_ready,
    output logic      [63:0] msg_addr,
    output logic      [31:0] msg_data,
    output logic      [15:0] msg_index
);
    localparam logic [1:0] RESP_OKAY = 2'b00;

    // AXI4-Lite wires between the adapter (master) and the table (slave)
    logic        awvalid, awready, wvalid, wready, bvalid, bready;
    logic        arvalid, arready, rvalid, rready;
    logic [15:0] awaddr, araddr;
    logic [31:0] wdata, rdata;
    logic [1:0]  bresp, rresp;
    // Interrupt request and response
    logic        req_valid, req_ready, rsp_valid, rsp_err;
    // Memory-write request stream
    logic        mwr_valid, mwr_ready;
    logic [63:0] mwr_addr;
    logic [31:0] mwr_data;
    logic [9:0]  mwr_len;
    logic [3:0]  mwr_be;
    logic [15:0] mwr_tag;

    vendor_ims_axil #(
        .ENTRIES (ENTRIES),
        .ADDR_W  (16)
    ) u_table (
        .aclk                (clk),
        .aresetn             (rst_n),
        .s_axil_awvalid      (awvalid),
        .s_axil_awready      (awready),
        .s_axil_awaddr       (awaddr),
        .s_axil_awprot       (3'b000),   // unprivileged, secure, data
        .s_axil_wvalid       (wvalid),
        .s_axil_wready       (wready),
        .s_axil_wdata        (wdata),
        .s_axil_wstrb        (4'hF),     // the register port is 32-bit only
        .s_axil_bvalid       (bvalid),
        .s_axil_bready       (bready),
        .s_axil_bresp        (bresp),
        .s_axil_arvalid      (arvalid),
        .s_axil_arready      (arready),
        .s_axil_araddr       (araddr),
        .s_axil_arprot       (3'b000),
        .s_axil_rvalid       (rvalid),
        .s_axil_rready       (rready),
        .s_axil_rdata        (rdata),
        .s_axil_rresp        (rresp),
        .irq_req_valid       (req_valid),
        .irq_req_ready       (req_ready),
        .irq_req_index       (irq_index),
        .irq_req_pasid       (irq_pasid),
        .irq_req_pasid_valid (irq_pasid_valid),
        .irq_rsp_valid       (rsp_valid),
        .irq_rsp_err         (rsp_err),
        .mwr_valid           (mwr_valid),
        .mwr_ready           (mwr_ready),
        .mwr_addr            (mwr_addr),
        .mwr_data            (mwr_data),
        .mwr_len             (mwr_len),
        .mwr_be              (mwr_be),
        .mwr_tag             (mwr_tag)
    );

    // ---------------------------------------------------------------
    // Register port -> AXI4-Lite master state machine.  The host holds
    // reg_we/reg_re (with reg_addr, reg_wdata) until it samples reg_ack.
    //   R_IDLE  reg_we: AWVALID and WVALID up (address and data latched)
    //                   -> R_WR
    //           reg_re: ARVALID up (address latched) -> R_RD
    //           either at STATUS_ADDR: answered here -> R_ACK
    //   R_WR    each of AWVALID/WVALID drops at its handshake; BREADY is
    //           high; at the B handshake -> R_ACK
    //   R_RD    ARVALID drops at its handshake; RREADY is high; at the R
    //           handshake reg_rdata := RDATA -> R_ACK
    //   R_ACK   reg_ack high for this one cycle (the host completes the
    //           access at the edge that ends it) -> R_IDLE
    // AXI valids come from registers, never from a ready.
    // ---------------------------------------------------------------
    typedef enum logic [1:0] { R_IDLE, R_WR, R_RD, R_ACK } reg_state_t;
    reg_state_t rs;
    logic       st_dropped, st_resp_err, local_hit;

    assign local_hit = reg_addr == STATUS_ADDR;
    assign bready    = rs == R_WR;
    assign rready    = rs == R_RD;
    assign reg_ack   = rs == R_ACK;

    always_ff @(posedge clk or negedge rst_n) begin
        if (!rst_n) begin
            rs          <= R_IDLE;
            awvalid     <= 1'b0;
            wvalid      <= 1'b0;
            arvalid     <= 1'b0;
            reg_rdata   <= '0;
            st_resp_err <= 1'b0;
        end else begin
            case (rs)
                R_IDLE: begin
                    if (reg_we && local_hit) begin
                        if (reg_wdata[1])
                            st_resp_err <= 1'b0;
                        rs <= R_ACK;
                    end else if (reg_re && local_hit) begin
                        reg_rdata <= {30'd0, st_resp_err, st_dropped};
                        rs <= R_ACK;
                    end else if (reg_we) begin
                        awvalid <= 1'b1;
                        wvalid  <= 1'b1;
                        rs      <= R_WR;
                    end else if (reg_re) begin
                        arvalid <= 1'b1;
                        rs      <= R_RD;
                    end
                end
                R_WR: begin
                    if (awready)
                        awvalid <= 1'b0;
                    if (wready)
                        wvalid <= 1'b0;
                    if (bvalid) begin
                        if (bresp != RESP_OKAY)
                            st_resp_err <= 1'b1;
                        rs <= R_ACK;
                    end
                end
                R_RD: begin
                    if (arready)
                        arvalid <= 1'b0;
                    if (rvalid) begin
                        reg_rdata <= rresp == RESP_OKAY ? rdata : '0;
                        if (rresp != RESP_OKAY)
                            st_resp_err <= 1'b1;
                        rs <= R_ACK;
                    end
                end
                default: rs <= R_IDLE;          // R_ACK
            endcase
        end
    end

    // Address and data, latched when the transaction starts and held
    // stable while their valid is high
    always_ff @(posedge clk) begin
        if (rs == R_IDLE && !local_hit) begin
            awaddr <= reg_addr;
            araddr <= reg_addr;
            wdata  <= reg_wdata;
        end
    end

    // ---------------------------------------------------------------
    // Interrupt request state machine.  The table answers an accepted
    // request one cycle later; imslab wants irq_err with irq_ready.
    //   I_IDLE  req_valid = irq_valid; at the table's handshake -> I_WAIT
    //   I_WAIT  req_valid low (the host still holds irq_valid);
    //           irq_ready = rsp_valid, irq_err = rsp_err; the host takes
    //           the request at this edge -> I_IDLE
    // ---------------------------------------------------------------
    typedef enum logic { I_IDLE, I_WAIT } irq_state_t;
    irq_state_t is;

    assign req_valid = irq_valid && is == I_IDLE;
    assign irq_ready = is == I_WAIT && rsp_valid;
    assign irq_err   = rsp_err;

    always_ff @(posedge clk or negedge rst_n) begin
        if (!rst_n)
            is <= I_IDLE;
        else if (is == I_IDLE && req_valid && req_ready)
            is <= I_WAIT;
        else if (is == I_WAIT && rsp_valid)
            is <= I_IDLE;
    end

    // ---------------------------------------------------------------
    // Memory-write stream -> message output (combinational, no state):
    // a 1-DWORD, all-bytes write into the window is a message; anything
    // else is consumed (mwr_ready high) and dropped, setting mwr_dropped.
    // ---------------------------------------------------------------
    logic mwr_ok;

    assign mwr_ok    = mwr_len == 10'd1 && mwr_be == 4'hF &&
                       (mwr_addr & WIN_MASK) == WIN_BASE;
    assign msg_valid = mwr_valid && mwr_ok;
    assign mwr_ready = mwr_ok ? msg_ready : 1'b1;
    assign msg_addr  = mwr_addr;
    assign msg_data  = mwr_data;
    assign msg_index = mwr_tag;

    always_ff @(posedge clk or negedge rst_n) begin
        if (!rst_n)
            st_dropped <= 1'b0;
        else if (mwr_valid && !mwr_ok)
            st_dropped <= 1'b1;
        else if (rs == R_IDLE && reg_we && local_hit && reg_wdata[0])
            st_dropped <= 1'b0;
    end
endmodule

`default_nettype wire
