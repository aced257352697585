#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The TLP message form (docs/vendor-guide.md, "Message as a PCIe
# memory-write TLP"): examples/tlp/ is lint-clean with -Wall, passes every
# IMS rule on layouts/ref-tlp.yaml (IMS-R-TLP-01 among them, READY-01 with
# tlp_ready driven low), runs lockstep against the behavioral model without
# a divergence; the same adapter sending a 4DW header for an address below
# 4 GiB fails IMS-R-TLP-01 at checkpoint 2 and nothing else; a descriptor
# whose requester_id is not the adapter's fails IMS-R-TLP-01 alone; a top
# with a tlp_* port of the wrong width is refused (exit 2) naming the port.
# Needs Verilator: exit 77 without it.
set -euo pipefail
bin=$1 src=$2 work=$3
command -v verilator >/dev/null || { echo "SKIP: verilator not installed"; exit 77; }
rm -rf "$work" && mkdir -p "$work"
cache=${IMSLAB_TEST_RTL_CACHE:-$(dirname "$work")/rtl-cache-e2e}   # shared by build trees
ex=$src/examples/tlp
rtl=("$src/models/rtl/ims_table.sv" "$ex/ims_tlp_adapter.sv")
layout=$src/layouts/ref-tlp.yaml

lint=$(verilator --lint-only -Wall --top-module ims_tlp_adapter "${rtl[@]}" 2>&1) ||
    { echo "lint failed: $lint"; exit 1; }
[ -z "$lint" ] || { echo "lint output: $lint"; exit 1; }

# Every rule
"$bin" vendor --quiet --rtl "${rtl[@]}" --top ims_tlp_adapter --layout "$layout" \
    --cache "$cache" --out "$work/rules" 2>"$work/rules.err" ||
    { cat "$work/rules.err" "$work/rules/report.txt"; exit 1; }
grep -qx "15 passed, 0 failed" "$work/rules/report.txt"
grep -Eq "^IMS-R-TLP-01 +pass" "$work/rules/report.txt"
grep -Eq "^IMS-R-READY-01 +pass" "$work/rules/report.txt"

# Lockstep: the decoded TLPs equal the behavioral model's messages
"$bin" vendor --quiet --lockstep --rtl "${rtl[@]}" --top ims_tlp_adapter --layout "$layout" \
    --ops 20000 --cache "$cache" --out "$work/ls" 2>/dev/null ||
    { cat "$work/ls/report.txt"; exit 1; }
grep -q "20000 ops, .* all equal" "$work/ls/report.txt"

expect_tlp_alone() {   # <out dir> <checkpoint>
    [ "$(grep -c " FAIL " "$1/report.txt")" -eq 1 ] || { cat "$1/report.txt"; exit 1; }
    grep -Eq "^IMS-R-TLP-01 +FAIL .*checkpoint $2: " "$1/report.txt" ||
        { cat "$1/report.txt"; exit 1; }
}

# Seeded defect: a 4DW header for every address
mkdir -p "$work/4dw"
sed "s/wire logic        four = msg_addr\[63:32\] != 32'd0;/wire logic        four = 1'b1;/" \
    "$ex/ims_tlp_adapter.sv" >"$work/4dw/ims_tlp_adapter.sv"
! cmp -s "$ex/ims_tlp_adapter.sv" "$work/4dw/ims_tlp_adapter.sv"
set +e
"$bin" vendor --quiet --rtl "$src/models/rtl/ims_table.sv" "$work/4dw/ims_tlp_adapter.sv" \
    --top ims_tlp_adapter --layout "$layout" --cache "$cache" --out "$work/4dw/out" 2>/dev/null
rc=$?
set -e
[ $rc -eq 1 ] || { echo "4dw: exit $rc, not 1"; exit 1; }
expect_tlp_alone "$work/4dw/out" 2
grep -q "a 4DW header for address 0x[0-9a-f]*, below 4 GiB" "$work/4dw/out/report.txt"

# The descriptor names another requester (the same build, from the cache)
sed 's/^requester_id: 0x0100$/requester_id: 0x0200/' "$layout" >"$work/rid.yaml"
! cmp -s "$layout" "$work/rid.yaml"
set +e
"$bin" vendor --quiet --rtl "${rtl[@]}" --top ims_tlp_adapter --layout "$work/rid.yaml" \
    --cache "$cache" --out "$work/rid" 2>/dev/null
rc=$?
set -e
[ $rc -eq 1 ] || { echo "rid: exit $rc, not 1"; exit 1; }
expect_tlp_alone "$work/rid" 2
grep -q "Requester ID 0x0100, expected 0x0200" "$work/rid/report.txt"

# A tlp_hdr of 96 bits: refused before the build, naming the port
mkdir -p "$work/narrow"
sed 's/output logic \[127:0\]      tlp_hdr,/output logic [95:0]       tlp_hdr,/;
     s/assign tlp_hdr = .*/assign tlp_hdr = {lo, dw1, dw0};/' \
    "$ex/ims_tlp_adapter.sv" >"$work/narrow/ims_tlp_adapter.sv"
! cmp -s "$ex/ims_tlp_adapter.sv" "$work/narrow/ims_tlp_adapter.sv"
set +e
"$bin" vendor --quiet --rtl "$src/models/rtl/ims_table.sv" "$work/narrow/ims_tlp_adapter.sv" \
    --top ims_tlp_adapter --layout "$layout" --cache "$cache" --out "$work/narrow/out" \
    2>"$work/narrow/err"
rc=$?
set -e
[ $rc -eq 2 ] || { echo "narrow: exit $rc, not 2"; cat "$work/narrow/err"; exit 1; }
grep -q "port tlp_hdr is 96 bits wide (\[95:0\]), expected 128 (\[127:0\])" "$work/narrow/err" ||
    { cat "$work/narrow/err"; exit 1; }
