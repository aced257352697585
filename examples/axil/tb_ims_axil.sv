// SPDX-License-Identifier: MIT
// tb_ims_axil.sv - directed checks of what the IMS rules do not reach in
// examples/axil: the vendor table's AXI4-Lite slave on its own (W before
// AW, partial WSTRB, SLVERR) and the adapter's error handling (SLVERR
// acked with reg_rdata 0, STATUS.resp_err; a memory write that is not a
// 1-DWORD write is dropped and sets STATUS.mwr_dropped; write 1 to clear).
// Drives inputs at the falling edge and samples just before the rising
// edge, as imslab's wrapper does.  Prints "PASS" or "FAIL: ..." and ends.
// Run:  verilator --binary --timing --top-module tb_ims_axil \
//         examples/axil/vendor_ims_axil.sv examples/axil/ims_axil_adapter.sv \
//         examples/axil/tb_ims_axil.sv && ./obj_dir/Vtb_ims_axil

`default_nettype none

module tb_ims_axil;
    logic clk = 1'b0;
    logic rst_n = 1'b0;
    always #5 clk = ~clk;

    int errors = 0;

    task automatic check(input bit ok, input string what);
        if (!ok) begin
            $display("FAIL: %s", what);
            errors++;
        end
    endtask

    // ------------------------------------------------------------------
    // The adapter, on imslab's port list
    // ------------------------------------------------------------------
    logic        reg_we = 0, reg_re = 0, reg_ack;
    logic [15:0] reg_addr = 0;
    logic [31:0] reg_wdata = 0, reg_rdata;
    logic        irq_valid = 0, irq_ready, irq_pasid_valid = 0, irq_err;
    logic [15:0] irq_index = 0;
    logic [19:0] irq_pasid = 0;
    logic        msg_valid, msg_ready = 1;
    logic [63:0] msg_addr;
    logic [31:0] msg_data;
    logic [15:0] msg_index;

    ims_axil_adapter #(.ENTRIES(64)) dut (.*);

    int msgs = 0;
    logic [63:0] last_addr;
    logic [31:0] last_data;
    logic [15:0] last_index;
    always @(posedge clk)
        if (msg_valid && msg_ready) begin
            msgs++;
            last_addr = msg_addr;
            last_data = msg_data;
            last_index = msg_index;
        end

    task automatic reg_acc(input bit we, input logic [15:0] a,
                           input logic [31:0] d, output logic [31:0] q);
        int n = 0;
        bit got;
        @(negedge clk);
        reg_we = we;
        reg_re = !we;
        reg_addr = a;
        reg_wdata = d;
        forever begin
            #4;
            got = reg_ack;
            q = reg_rdata;
            @(posedge clk);
            if (got)
                break;
            n++;
            if (n > 100) begin
                $display("FAIL: no reg_ack for 0x%04h", a);
                $finish;
            end
            @(negedge clk);
        end
        @(negedge clk);
        reg_we = 0;
        reg_re = 0;
    endtask

    task automatic wr(input logic [15:0] a, input logic [31:0] d);
        logic [31:0] q;
        reg_acc(1, a, d, q);
    endtask

    task automatic rd(input logic [15:0] a, output logic [31:0] q);
        reg_acc(0, a, 0, q);
    endtask

    // fire: 1 accepted, 0 refused
    task automatic fire(input logic [15:0] idx, output bit accepted);
        int n = 0;
        bit got, err;
        @(negedge clk);
        irq_valid = 1;
        irq_index = idx;
        irq_pasid_valid = 0;
        forever begin
            #4;
            got = irq_ready;
            err = irq_err;
            @(posedge clk);
            if (got)
                break;
            n++;
            if (n > 100) begin
                $display("FAIL: no irq_ready");
                $finish;
            end
            @(negedge clk);
        end
        @(negedge clk);
        irq_valid = 0;
        accepted = !err;
    endtask

    // ------------------------------------------------------------------
    // A second vendor table, its AXI4-Lite slave driven directly
    // ------------------------------------------------------------------
    logic        awvalid = 0, awready, wvalid = 0, wready, bvalid, bready = 0;
    logic        arvalid = 0, arready, rvalid, rready = 0;
    logic [15:0] awaddr = 0, araddr = 0;
    logic [31:0] wdata = 0, rdata;
    logic [3:0]  wstrb = 0;
    logic [1:0]  bresp, rresp;
    logic        v_req_ready, v_rsp_valid, v_rsp_err, v_mwr_valid;
    logic [63:0] v_mwr_addr;
    logic [31:0] v_mwr_data;
    logic [9:0]  v_mwr_len;
    logic [3:0]  v_mwr_be;
    logic [15:0] v_mwr_tag;

    vendor_ims_axil #(.ENTRIES(4)) v (
        .aclk(clk), .aresetn(rst_n),
        .s_axil_awvalid(awvalid), .s_axil_awready(awready),
        .s_axil_awaddr(awaddr), .s_axil_awprot(3'b000),
        .s_axil_wvalid(wvalid), .s_axil_wready(wready),
        .s_axil_wdata(wdata), .s_axil_wstrb(wstrb),
        .s_axil_bvalid(bvalid), .s_axil_bready(bready), .s_axil_bresp(bresp),
        .s_axil_arvalid(arvalid), .s_axil_arready(arready),
        .s_axil_araddr(araddr), .s_axil_arprot(3'b000),
        .s_axil_rvalid(rvalid), .s_axil_rready(rready),
        .s_axil_rdata(rdata), .s_axil_rresp(rresp),
        .irq_req_valid(1'b0), .irq_req_ready(v_req_ready),
        .irq_req_index(16'd0), .irq_req_pasid(20'd0),
        .irq_req_pasid_valid(1'b0),
        .irq_rsp_valid(v_rsp_valid), .irq_rsp_err(v_rsp_err),
        .mwr_valid(v_mwr_valid), .mwr_ready(1'b1), .mwr_addr(v_mwr_addr),
        .mwr_data(v_mwr_data), .mwr_len(v_mwr_len), .mwr_be(v_mwr_be),
        .mwr_tag(v_mwr_tag));

    // W first, AW `gap` cycles later, then wait for B
    task automatic axi_wr(input logic [15:0] a, input logic [31:0] d,
                          input logic [3:0] s, input int gap,
                          output logic [1:0] resp);
        bit w_done = 0, aw_done = 0, b_done = 0;
        int n = 0;
        @(negedge clk);
        wvalid = 1;
        wdata = d;
        wstrb = s;
        bready = 1;
        while (!b_done) begin
            if (n == gap)
                begin awvalid = 1; awaddr = a; end
            #4;
            if (wvalid && wready) w_done = 1;
            if (awvalid && awready) aw_done = 1;
            if (bvalid) begin b_done = 1; resp = bresp; end
            @(posedge clk);
            @(negedge clk);
            if (w_done) wvalid = 0;
            if (aw_done) awvalid = 0;
            n++;
            if (n > 100) begin
                $display("FAIL: no B");
                $finish;
            end
        end
        bready = 0;
    endtask

    task automatic axi_rd(input logic [15:0] a, output logic [31:0] q,
                          output logic [1:0] resp);
        bit ar_done = 0, r_done = 0;
        int n = 0;
        @(negedge clk);
        arvalid = 1;
        araddr = a;
        rready = 1;
        while (!r_done) begin
            #4;
            if (arvalid && arready) ar_done = 1;
            if (rvalid) begin r_done = 1; q = rdata; resp = rresp; end
            @(posedge clk);
            @(negedge clk);
            if (ar_done) arvalid = 0;
            n++;
            if (n > 100) begin
                $display("FAIL: no R");
                $finish;
            end
        end
        rready = 0;
    endtask

    logic [31:0] q;
    logic [1:0]  resp;
    bit          acc;
    int          n_before;

    initial begin
        repeat (2) @(posedge clk);
        rst_n = 1;
        repeat (2) @(posedge clk);

        // -- vendor slave: partial strobes, W n_before AW, SLVERR ----------
        axi_wr(16'h0010, 32'h11223344, 4'hF, 0, resp);
        check(resp == 2'b00, "vendor: in-range write not OKAY");
        axi_wr(16'h0010, 32'hAABBCCDD, 4'b0101, 3, resp);
        axi_rd(16'h0010, q, resp);
        check(q == 32'h11BB33DD && resp == 2'b00,
              $sformatf("vendor: WSTRB 0101 merge gave 0x%08h", q));
        axi_rd(16'h001C, q, resp);
        check(q == 32'h1, "vendor: entry 1 not masked after reset");
        axi_wr(16'h001C, 32'hFFFF_F000, 4'b1110, 1, resp);   // PASID only
        axi_rd(16'h001C, q, resp);
        check(q == 32'hFFFF_F001,
              $sformatf("vendor: ctrl PASID-only write gave 0x%08h", q));
        axi_wr(16'h0040, 32'h1, 4'hF, 2, resp);               // entry 4 of 4
        check(resp == 2'b10, "vendor: out-of-range write not SLVERR");
        axi_rd(16'h0040, q, resp);
        check(resp == 2'b10 && q == 0, "vendor: out-of-range read not SLVERR, 0");

        // -- adapter: SLVERR acked, STATUS.resp_err, write 1 to clear ----
        rd(16'hFFFC, q);
        check(q == 0, "adapter: STATUS not 0 after reset");
        wr(16'h0400, 32'hDEADBEEF);                           // entry 64 of 64
        rd(16'h0400, q);
        check(q == 0, "adapter: out-of-range read not 0");
        rd(16'hFFFC, q);
        check(q == 32'h2, $sformatf("adapter: STATUS 0x%0h after SLVERR", q));
        wr(16'hFFFC, 32'h2);
        rd(16'hFFFC, q);
        check(q == 0, "adapter: resp_err not cleared by writing 1");

        // -- adapter: a message forwarded; a 2-DWORD write dropped --------
        wr(16'h0050, 32'hFEE0_1000);                          // entry 5
        wr(16'h0054, 32'h0);
        wr(16'h0058, 32'h0000_0041);
        wr(16'h005C, 32'h0);                                  // unmask
        n_before = msgs;
        fire(16'd5, acc);
        repeat (4) @(posedge clk);
        check(acc && msgs == n_before + 1 && last_addr == 64'hFEE0_1000 &&
              last_data == 32'h41 && last_index == 16'd5,
              "adapter: fire of entry 5 did not send its message");
        force dut.mwr_len = 10'd2;
        n_before = msgs;
        fire(16'd5, acc);
        repeat (4) @(posedge clk);
        release dut.mwr_len;
        check(acc && msgs == n_before, "adapter: a 2-DWORD write was forwarded");
        rd(16'hFFFC, q);
        check(q == 32'h1, $sformatf("adapter: STATUS 0x%0h after a drop", q));
        wr(16'hFFFC, 32'h1);
        rd(16'hFFFC, q);
        check(q == 0, "adapter: mwr_dropped not cleared by writing 1");
        fire(16'd64, acc);
        check(!acc, "adapter: fire of index 64 not refused");

        if (errors == 0)
            $display("PASS");
        $finish;
    end
endmodule

`default_nettype wire
