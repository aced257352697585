// SPDX-License-Identifier: MIT
// ims_strobe_ignored.sv - DEFECTIVE variant of models/rtl/ims_table.sv for
// the IMS conformance rules to catch: it has the optional reg_be port but
// writes every register whole, whatever the byte enables say, so a partial
// write clobbers the bytes it should keep (IMS-R-STRB-01 checkpoint 1 with
// layouts/ref.yaml, partial_writes: merge).  Every other rule writes whole
// dwords, so no other rule fails.  Everything else is the reference table.

module ims_strobe_ignored #(
    parameter int ENTRIES = 64,
    parameter int DEPTH = 8,         // message FIFO depth, a power of two
    parameter int PBA_BASE = 'h8000, // Pending Bit Array byte offset
    // The clock period the design is meant for, in ps (500 MHz): nothing
    // here depends on it; the harness reads it as the waveforms' time base
    // (docs/vendor-guide.md, "Waveforms"), and -G CLOCK_PS=N changes it.
    /* verilator lint_off UNUSEDPARAM */
    parameter int CLOCK_PS = 2000
    /* verilator lint_on UNUSEDPARAM */
) (
    input  logic        clk,
    input  logic        rst_n,
    input  logic        reg_we,
    input  logic        reg_re,
    input  logic [15:0] reg_addr,
    input  logic [31:0] reg_wdata,
    input  logic [3:0]  reg_be,
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
    output logic [15:0] msg_index,
    input  logic        fn_mask
);
    localparam int PW = $clog2(DEPTH);
    localparam int IW = ENTRIES > 1 ? $clog2(ENTRIES) : 1;

    // Entry state
    logic [31:0] addr_lo  [ENTRIES];
    logic [31:0] addr_hi  [ENTRIES];
    logic [31:0] data     [ENTRIES];
    logic [19:0] pasid    [ENTRIES];
    logic [ENTRIES-1:0] pasid_en, mask, pending;

    // Message FIFO: {addr, data, index} per slot
    logic [63:0] q_addr  [DEPTH];
    logic [31:0] q_data  [DEPTH];
    logic [15:0] q_index [DEPTH];
    logic [PW-1:0] q_head, q_tail;
    logic [PW:0]   q_count;

    // Register decode: entry index and dword within the entry
    logic [11:0]   r_idx;
    logic [IW-1:0] r_e;
    logic [1:0]    r_dw;
    logic          r_hit;
    logic          unused_lsb;
    logic        reg_go, wr_go, rd_go;
    logic        replay;

    // The PBA: one dword per 32 entries, the bits above ENTRIES read 0
    localparam int PBA_DW = (ENTRIES + 31) / 32;
    localparam bit PBA_ON = PBA_BASE >= ENTRIES * 16 && PBA_BASE % 4 == 0 &&
                            PBA_BASE + PBA_DW * 4 <= 'h10000;
    logic [PBA_DW*32-1:0] pba_bits;
    logic                 p_hit;
    logic [13:0]          p_dw;    // the PBA dword addressed

    assign pba_bits = (PBA_DW*32)'(pending);
    assign p_dw     = reg_addr[15:2] - 14'(PBA_BASE / 4);
    assign p_hit    = PBA_ON && 32'(reg_addr) >= PBA_BASE && 32'(p_dw) < PBA_DW;

    // The write value: the enabled bytes of reg_wdata over the register's
    logic [31:0] r_cur, r_bm, w_val;

    always_comb begin
        case (r_dw)
            2'd0: r_cur = addr_lo[r_e];
            2'd1: r_cur = addr_hi[r_e];
            2'd2: r_cur = data[r_e];
            default: r_cur = {pasid[r_e], 8'd0, pasid_en[r_e], 2'd0, mask[r_e]};
        endcase
    end
    assign r_bm  = {{8{reg_be[3]}}, {8{reg_be[2]}}, {8{reg_be[1]}}, {8{reg_be[0]}}};
    // DEFECT: reg_be is not looked at: every write is a whole dword (the
    // reference merges the enabled bytes over the register's)
    assign w_val = reg_wdata;
    logic unused_be;
    assign unused_be = ^r_bm;

    assign r_idx  = reg_addr[15:4];
    assign r_dw   = reg_addr[3:2];
    assign r_hit  = 32'(r_idx) < ENTRIES;
    assign r_e    = r_hit ? IW'(r_idx) : '0;
    assign unused_lsb = ^reg_addr[1:0];   // dword accesses only
    // A ctrl write that unmasks a pending entry also enqueues its message
    assign replay = reg_we && r_hit && r_dw == 2'd3 && !w_val[0] &&
                    mask[r_e] && pending[r_e] && !fn_mask;
    assign reg_go = (reg_we || reg_re) && !reg_ack &&
                    !(replay && q_full);
    assign wr_go  = reg_go && reg_we;
    assign rd_go  = reg_go && !reg_we;

    // Interrupt request decode
    logic i_hit, i_pasid_ok, i_go, q_full, q_push, q_push_a, q_pop;
    logic [IW-1:0] i_e;

    // Release after the Function Mask: the lowest pending, unmasked entry
    logic [ENTRIES-1:0] rel_vec;
    logic [IW-1:0]      rel_e;
    logic               rel_go;

    assign rel_vec = pending & ~mask;
    always_comb begin
        rel_e = '0;
        for (int i = ENTRIES - 1; i >= 0; i--)
            if (rel_vec[i])
                rel_e = IW'(i);
    end
    assign rel_go = !fn_mask && |rel_vec && !q_full && !q_push_a;

    assign q_full     = q_count == (PW+1)'(DEPTH);
    assign i_hit      = 32'(irq_index) < ENTRIES;
    assign i_e        = i_hit ? IW'(irq_index) : '0;
    assign i_pasid_ok = !pasid_en[i_e] ||
                        (irq_pasid_valid && irq_pasid == pasid[i_e]);
    assign irq_ready  = !q_full && !((reg_we || reg_re) && !reg_ack);
    assign irq_err    = !i_hit || !i_pasid_ok;
    assign i_go       = irq_valid && irq_ready && !irq_err;
    assign q_push_a   = (i_go && !mask[i_e] && !fn_mask) || (wr_go && replay);
    assign q_push     = q_push_a || rel_go;
    assign q_pop      = msg_valid && msg_ready;

    assign msg_valid  = q_count != '0;
    assign msg_addr   = q_addr[q_head];
    assign msg_data   = q_data[q_head];
    assign msg_index  = q_index[q_head];

    // Control state: reset asynchronously
    always_ff @(posedge clk or negedge rst_n) begin
        if (!rst_n) begin
            pasid_en  <= '0;
            mask      <= '1;
            pending   <= '0;
            q_head    <= '0;
            q_tail    <= '0;
            q_count   <= '0;
            reg_ack   <= 1'b0;
            reg_rdata <= '0;
        end else begin
            reg_ack <= reg_go;
            if (wr_go && r_hit && r_dw == 2'd3) begin
                mask[r_e]     <= w_val[0];
                pasid_en[r_e] <= w_val[3];
            end
            if (wr_go && replay)
                pending[r_e] <= 1'b0;
            if (rd_go) begin
                if (p_hit)
                    reg_rdata <= pba_bits[32*p_dw +: 32];
                else if (!r_hit)
                    reg_rdata <= '0;
                else
                    reg_rdata <= r_cur;
            end
            if (i_go && (mask[i_e] || fn_mask))
                pending[i_e] <= 1'b1;
            if (rel_go)
                pending[rel_e] <= 1'b0;
            if (q_push)
                q_tail <= q_tail + 1'b1;
            if (q_pop)
                q_head <= q_head + 1'b1;
            q_count <= q_count + (PW+1)'(q_push) - (PW+1)'(q_pop);
        end
    end

    // Pairs, PASIDs and FIFO payload: no reset
    always_ff @(posedge clk) begin
        if (wr_go && r_hit) begin
            case (r_dw)
                2'd0: addr_lo[r_e] <= w_val;
                2'd1: addr_hi[r_e] <= w_val;
                2'd2: data[r_e]    <= w_val;
                default: pasid[r_e] <= w_val[31:12];
            endcase
        end
        if (q_push) begin
            // A fire and a register write never share an edge (irq_ready),
            // and a release only goes when neither pushes, so the message
            // comes from one source at a time.
            if (rel_go) begin
                q_addr[q_tail]  <= {addr_hi[rel_e], addr_lo[rel_e]};
                q_data[q_tail]  <= data[rel_e];
                q_index[q_tail] <= 16'(rel_e);
            end else if (wr_go) begin
                q_addr[q_tail]  <= {addr_hi[r_e], addr_lo[r_e]};
                q_data[q_tail]  <= data[r_e];
                q_index[q_tail] <= 16'(r_e);
            end else begin
                q_addr[q_tail]  <= {addr_hi[i_e], addr_lo[i_e]};
                q_data[q_tail]  <= data[i_e];
                q_index[q_tail] <= 16'(i_e);
            end
        end
    end
endmodule
