// SPDX-License-Identifier: MIT
// vendor_ims_axil.sv - an example "vendor" IMS table built the way many
// real ones are: registers behind an AXI4-Lite slave, interrupt messages
// leaving as a memory-write (MWr) request stream, and an interrupt request
// port with a registered response.  It does NOT have imslab's port list;
// examples/axil/ims_axil_adapter.sv wraps it into that port list
// (docs/vendor-guide.md, "Sample adapter: AXI4-Lite registers and a
// memory-write stream").
//
// Register map (the same as layouts/ref.yaml), entry i at byte i*16:
//   +0x0 addr_lo  +0x4 addr_hi  +0x8 data
//   +0xC ctrl: bit 0 mask, bit 3 PASID enable, bits 31:12 PASID (others RO 0)
// An address at or beyond ENTRIES*16 answers SLVERR: a write there changes
// nothing, a read returns 0.  Address bits 1:0 are ignored (dword access).
// WSTRB is honoured per byte lane: a lane with its strobe low keeps the
// register's current value (so a partial write of ctrl merges with it).
//
// Semantics (what the IMS conformance rules check):
//   reset                     every entry masked, nothing pending, PASID
//                             enable clear; pairs and PASIDs keep their
//                             values (zero at power-up)
//   per-dword update          every register write is live at once
//   request, unmasked         the pair is sampled at acceptance and the
//                             message {pair, index} enters the FIFO
//   request, masked           pending bit set (several coalesce into one)
//   unmask of a pending entry pending cleared; the message with the pair
//                             held at that moment enters the FIFO once
//   PASID enable set, PASID
//   differs or absent         refused (irq_rsp_err), no state change
//   index >= ENTRIES          refused (irq_rsp_err), no state change
//   emission                  one FIFO, in acceptance order, one message
//                             per cycle: no entry can starve another
//
// Interfaces (everything sampled at the rising edge of aclk):
//   AXI4-Lite  AW/W/B/AR/R with valid/ready.  AW and W are accepted
//              independently (one of each outstanding); the write is
//              performed at the edge at which both are present and no B is
//              outstanding, and B follows in the next cycle.  A ctrl write
//              that must replay a pending message waits while the FIFO is
//              full.  AR is accepted when no R is outstanding; R follows in
//              the next cycle.  AxPROT is ignored.
//   irq_req    irq_req_valid/irq_req_ready with index, PASID, PASID valid;
//              irq_req_ready is low while the FIFO is full and at an edge
//              at which a register write is performed (so a request and a
//              write never take effect together).  Every accepted request
//              gets a response in the next cycle: irq_rsp_valid for one
//              cycle, irq_rsp_err = 1 if it was refused.  No back-pressure
//              on the response.
//   mwr        mwr_valid/mwr_ready; a posted write of mwr_len DWORDs (this
//              table always sends 1) to mwr_addr with byte enables mwr_be
//              (always 4'hF) and mwr_tag = the entry index.  Held stable
//              while mwr_valid is high and mwr_ready low.

`default_nettype none

module vendor_ims_axil #(
    parameter int ENTRIES = 64,
    parameter int DEPTH   = 8,       // message FIFO depth, a power of two
    parameter int ADDR_W  = 16       // AXI4-Lite byte address width
) (
    input  wire logic              aclk,
    input  wire logic              aresetn,
    // AXI4-Lite slave: write address, write data, write response
    input  wire logic              s_axil_awvalid,
    output logic                   s_axil_awready,
    input  wire logic [ADDR_W-1:0] s_axil_awaddr,
    input  wire logic [2:0]        s_axil_awprot,
    input  wire logic              s_axil_wvalid,
    output logic                   s_axil_wready,
    input  wire logic [31:0]       s_axil_wdata,
    input  wire logic [3:0]        s_axil_wstrb,
    output logic                   s_axil_bvalid,
    input  wire logic              s_axil_bready,
    output logic [1:0]             s_axil_bresp,
    // AXI4-Lite slave: read address, read data
    input  wire logic              s_axil_arvalid,
    output logic                   s_axil_arready,
    input  wire logic [ADDR_W-1:0] s_axil_araddr,
    input  wire logic [2:0]        s_axil_arprot,
    output logic                   s_axil_rvalid,
    input  wire logic              s_axil_rready,
    output logic [31:0]            s_axil_rdata,
    output logic [1:0]             s_axil_rresp,
    // Interrupt request and its registered response
    input  wire logic              irq_req_valid,
    output logic                   irq_req_ready,
    input  wire logic [15:0]       irq_req_index,
    input  wire logic [19:0]       irq_req_pasid,
    input  wire logic              irq_req_pasid_valid,
    output logic                   irq_rsp_valid,
    output logic                   irq_rsp_err,
    // Memory-write request stream (the interrupt messages)
    output logic                   mwr_valid,
    input  wire logic              mwr_ready,
    output logic [63:0]            mwr_addr,
    output logic [31:0]            mwr_data,
    output logic [9:0]             mwr_len,
    output logic [3:0]             mwr_be,
    output logic [15:0]            mwr_tag
);
    localparam int PW = $clog2(DEPTH);
    localparam int IW = ENTRIES > 1 ? $clog2(ENTRIES) : 1;
    localparam int XW = ADDR_W - 4;              // entry-number bits of an address
    localparam logic [1:0] RESP_OKAY   = 2'b00;
    localparam logic [1:0] RESP_SLVERR = 2'b10;

    // Entry state
    logic [31:0] addr_lo [ENTRIES];
    logic [31:0] addr_hi [ENTRIES];
    logic [31:0] data    [ENTRIES];
    logic [19:0] pasid   [ENTRIES];
    logic [ENTRIES-1:0] pasid_en, mask, pending;

    // Message FIFO: {addr, data, index} per slot
    logic [63:0]   q_addr  [DEPTH];
    logic [31:0]   q_data  [DEPTH];
    logic [15:0]   q_index [DEPTH];
    logic [PW-1:0] q_head, q_tail;
    logic [PW:0]   q_count;
    logic          q_full, q_push, q_pop;

    // The 32-bit register of entry e, dword dw, as it reads back
    function automatic logic [31:0] reg_word(input logic [IW-1:0] e,
                                             input logic [1:0] dw);
        case (dw)
            2'd0:    return addr_lo[e];
            2'd1:    return addr_hi[e];
            2'd2:    return data[e];
            default: return {pasid[e], 8'd0, pasid_en[e], 2'd0, mask[e]};
        endcase
    endfunction

    // ---------------------------------------------------------------
    // AXI4-Lite write channel state machine.  AW and W each have a
    // one-deep holding register (aw_full / w_full):
    //   empty  --AW (or W) handshake, write not performed--> held
    //   AW and W both present (held or handshaking now), no B outstanding,
    //   no replay blocked by a full FIFO --> write performed at this edge,
    //   holding registers emptied, B valid from the next cycle
    //   B valid --bready--> idle
    // ---------------------------------------------------------------
    logic              aw_full, w_full;
    logic [ADDR_W-1:0] aw_addr_q;
    logic [31:0]       w_data_q;
    logic [3:0]        w_strb_q;
    logic              aw_hs, w_hs, aw_have, w_have, wr_do;
    logic [ADDR_W-1:0] wa;                       // address of the write
    logic [31:0]       wd, wbm, wmerged;         // data, byte mask, merged word
    logic [3:0]        ws;
    logic [XW-1:0]     wa_idx;
    logic [1:0]        wa_dw;
    logic              wa_hit, replay;
    logic [IW-1:0]     wa_e;

    assign s_axil_awready = !aw_full;
    assign s_axil_wready  = !w_full;
    assign aw_hs   = s_axil_awvalid && s_axil_awready;
    assign w_hs    = s_axil_wvalid && s_axil_wready;
    assign aw_have = aw_full || aw_hs;
    assign w_have  = w_full || w_hs;
    assign wa      = aw_full ? aw_addr_q : s_axil_awaddr;
    assign wd      = w_full ? w_data_q : s_axil_wdata;
    assign ws      = w_full ? w_strb_q : s_axil_wstrb;
    assign wbm     = {{8{ws[3]}}, {8{ws[2]}}, {8{ws[1]}}, {8{ws[0]}}};
    assign wa_idx  = wa[ADDR_W-1:4];
    assign wa_dw   = wa[3:2];
    assign wa_hit  = 32'(wa_idx) < ENTRIES;
    assign wa_e    = wa_hit ? IW'(wa_idx) : '0;
    assign wmerged = (reg_word(wa_e, wa_dw) & ~wbm) | (wd & wbm);
    // A ctrl write that unmasks a pending entry also enqueues its message
    assign replay  = wa_hit && wa_dw == 2'd3 && !wmerged[0] &&
                     mask[wa_e] && pending[wa_e];
    assign wr_do   = aw_have && w_have && !s_axil_bvalid && !(replay && q_full);

    // ---------------------------------------------------------------
    // AXI4-Lite read channel state machine:
    //   idle (arready) --AR handshake--> R valid with the data latched at
    //   that edge --rready--> idle.  One read outstanding.
    // ---------------------------------------------------------------
    logic [XW-1:0] ra_idx;
    logic          ra_hit, ar_hs;
    logic [IW-1:0] ra_e;

    assign s_axil_arready = !s_axil_rvalid;
    assign ar_hs   = s_axil_arvalid && s_axil_arready;
    assign ra_idx  = s_axil_araddr[ADDR_W-1:4];
    assign ra_hit  = 32'(ra_idx) < ENTRIES;
    assign ra_e    = ra_hit ? IW'(ra_idx) : '0;

    // Unused inputs: protection attributes, the byte-in-dword address bits
    logic unused_ok;
    assign unused_ok = ^{s_axil_awprot, s_axil_arprot, wa[1:0],
                         s_axil_araddr[1:0]};

    // ---------------------------------------------------------------
    // Interrupt requests: accepted at an edge with valid and ready,
    // answered in the next cycle (irq_rsp_valid, irq_rsp_err).
    // ---------------------------------------------------------------
    logic          i_hit, i_pasid_ok, i_err, i_go;
    logic [IW-1:0] i_e;

    assign q_full        = q_count == (PW+1)'(DEPTH);
    assign i_hit         = 32'(irq_req_index) < ENTRIES;
    assign i_e           = i_hit ? IW'(irq_req_index) : '0;
    assign i_pasid_ok    = !pasid_en[i_e] ||
                           (irq_req_pasid_valid && irq_req_pasid == pasid[i_e]);
    assign i_err         = !i_hit || !i_pasid_ok;
    assign irq_req_ready = !q_full && !wr_do;
    assign i_go          = irq_req_valid && irq_req_ready;

    assign q_push    = (i_go && !i_err && !mask[i_e]) || (wr_do && replay);
    assign q_pop     = mwr_valid && mwr_ready;
    assign mwr_valid = q_count != '0;
    assign mwr_addr  = q_addr[q_head];
    assign mwr_data  = q_data[q_head];
    assign mwr_tag   = q_index[q_head];
    assign mwr_len   = 10'd1;                    // one DWORD: an MSI write
    assign mwr_be    = 4'hF;

    // Control state: reset asynchronously
    always_ff @(posedge aclk or negedge aresetn) begin
        if (!aresetn) begin
            pasid_en      <= '0;
            mask          <= '1;
            pending       <= '0;
            q_head        <= '0;
            q_tail        <= '0;
            q_count       <= '0;
            aw_full       <= 1'b0;
            w_full        <= 1'b0;
            s_axil_bvalid <= 1'b0;
            s_axil_bresp  <= RESP_OKAY;
            s_axil_rvalid <= 1'b0;
            s_axil_rresp  <= RESP_OKAY;
            s_axil_rdata  <= '0;
            irq_rsp_valid <= 1'b0;
            irq_rsp_err   <= 1'b0;
        end else begin
            // Write channel
            if (aw_hs && !wr_do)
                aw_full <= 1'b1;
            if (w_hs && !wr_do)
                w_full <= 1'b1;
            if (wr_do) begin
                aw_full       <= 1'b0;
                w_full        <= 1'b0;
                s_axil_bvalid <= 1'b1;
                s_axil_bresp  <= wa_hit ? RESP_OKAY : RESP_SLVERR;
                if (wa_hit && wa_dw == 2'd3) begin
                    mask[wa_e]     <= wmerged[0];
                    pasid_en[wa_e] <= wmerged[3];
                end
                if (replay)
                    pending[wa_e] <= 1'b0;
            end else if (s_axil_bvalid && s_axil_bready) begin
                s_axil_bvalid <= 1'b0;
            end

            // Read channel
            if (ar_hs) begin
                s_axil_rvalid <= 1'b1;
                s_axil_rresp  <= ra_hit ? RESP_OKAY : RESP_SLVERR;
                s_axil_rdata  <= ra_hit ? reg_word(ra_e, s_axil_araddr[3:2]) : '0;
            end else if (s_axil_rvalid && s_axil_rready) begin
                s_axil_rvalid <= 1'b0;
            end

            // Interrupt requests: response in the next cycle
            irq_rsp_valid <= i_go;
            irq_rsp_err   <= i_go && i_err;
            if (i_go && !i_err && mask[i_e])
                pending[i_e] <= 1'b1;

            // Message FIFO
            if (q_push)
                q_tail <= q_tail + 1'b1;
            if (q_pop)
                q_head <= q_head + 1'b1;
            q_count <= q_count + (PW+1)'(q_push) - (PW+1)'(q_pop);
        end
    end

    // Holding registers, pairs, PASIDs and FIFO payload: no reset
    always_ff @(posedge aclk) begin
        if (aw_hs && !wr_do)
            aw_addr_q <= s_axil_awaddr;
        if (w_hs && !wr_do) begin
            w_data_q <= s_axil_wdata;
            w_strb_q <= s_axil_wstrb;
        end
        if (wr_do && wa_hit) begin
            case (wa_dw)
                2'd0:    addr_lo[wa_e] <= wmerged;
                2'd1:    addr_hi[wa_e] <= wmerged;
                2'd2:    data[wa_e]    <= wmerged;
                default: pasid[wa_e]   <= wmerged[31:12];
            endcase
        end
        if (q_push) begin
            // A request and a register write never share an edge
            // (irq_req_ready), so the message has one source at a time.
            if (wr_do) begin
                q_addr[q_tail]  <= {addr_hi[wa_e], addr_lo[wa_e]};
                q_data[q_tail]  <= data[wa_e];
                q_index[q_tail] <= 16'(wa_e);
            end else begin
                q_addr[q_tail]  <= {addr_hi[i_e], addr_lo[i_e]};
                q_data[q_tail]  <= data[i_e];
                q_index[q_tail] <= 16'(i_e);
            end
        end
    end
endmodule

`default_nettype wire
