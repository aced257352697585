#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The sample adapter of docs/vendor-guide.md ("Sample adapter: AXI4-Lite
# registers and a memory-write stream"): examples/axil/ is lint-clean with
# -Wall, passes every IMS rule on layouts/ref.yaml, runs 100000 lockstep
# operations against the behavioral model without a divergence, and passes
# its directed testbench (WSTRB, SLVERR, STATUS, dropped writes); the same
# table sending 2-DWORD writes has its messages dropped by the adapter and
# fails IMS-R-MSG-01 at checkpoint 2 (no message).  Needs Verilator: exit 77
# without it.
set -euo pipefail
bin=$1 src=$2 work=$3
command -v verilator >/dev/null || { echo "SKIP: verilator not installed"; exit 77; }
rm -rf "$work" && mkdir -p "$work"
cache=${IMSLAB_TEST_RTL_CACHE:-$(dirname "$work")/rtl-cache-e2e}   # shared by build trees
ex=$src/examples/axil
rtl=("$ex/vendor_ims_axil.sv" "$ex/ims_axil_adapter.sv")

# Lint: no output at all
lint=$(verilator --lint-only -Wall --top-module ims_axil_adapter "${rtl[@]}" 2>&1) ||
    { echo "lint failed: $lint"; exit 1; }
[ -z "$lint" ] || { echo "lint output: $lint"; exit 1; }

# Every rule
"$bin" vendor --quiet --rtl "${rtl[@]}" --top ims_axil_adapter \
    --layout "$src/layouts/ref.yaml" --cache "$cache" --out "$work/rules" 2>"$work/rules.err" ||
    { cat "$work/rules.err" "$work/rules/report.txt"; exit 1; }
grep -qx "12 passed, 0 failed" "$work/rules/report.txt"

# Lockstep against the behavioral model of the same descriptor
"$bin" vendor --quiet --lockstep --rtl "${rtl[@]}" --top ims_axil_adapter \
    --layout "$src/layouts/ref.yaml" --ops 100000 --cache "$cache" --out "$work/ls" 2>/dev/null ||
    { cat "$work/ls/report.txt"; exit 1; }
grep -q "100000 ops, .* all equal" "$work/ls/report.txt"

# Directed testbench
verilator --binary --timing -j "$(nproc)" -Mdir "$work/tb" --top-module tb_ims_axil \
    "${rtl[@]}" "$ex/tb_ims_axil.sv" >"$work/tb.log" 2>&1 || { cat "$work/tb.log"; exit 1; }
"$work/tb/Vtb_ims_axil" >"$work/tb.out" 2>&1 || { cat "$work/tb.out"; exit 1; }
grep -qx PASS "$work/tb.out" || { cat "$work/tb.out"; exit 1; }

# A table that sends 2-DWORD writes: the adapter drops them, the rules see
# no message
mkdir -p "$work/len2"
sed "s/assign mwr_len   = 10'd1;/assign mwr_len   = 10'd2;/" "$ex/vendor_ims_axil.sv" \
    >"$work/len2/vendor_ims_axil.sv"
! cmp -s "$ex/vendor_ims_axil.sv" "$work/len2/vendor_ims_axil.sv"
set +e
"$bin" vendor --quiet --rtl "$work/len2/vendor_ims_axil.sv" "$ex/ims_axil_adapter.sv" \
    --top ims_axil_adapter --layout "$src/layouts/ref.yaml" --cache "$cache" \
    --out "$work/len2/out" 2>/dev/null
rc=$?
set -e
[ $rc -eq 1 ] || { echo "len2: exit $rc, not 1"; exit 1; }
grep -Eq "^IMS-R-MSG-01 +FAIL .*checkpoint 2: no message" "$work/len2/out/report.txt" ||
    { cat "$work/len2/out/report.txt"; exit 1; }
