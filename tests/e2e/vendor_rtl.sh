#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The vendor path for RTL: the reference table passes every rule through the
# one vendor command; a second run loads it from the cache without building;
# each seeded defective RTL design fails the rule named for its defect (the
# four for IMS-R-REACH-01, IMS-R-PEND-02, IMS-R-READY-01 and IMS-R-FAIR-01
# that rule alone); lockstep over 1 M random operations, with msg_ready held low
# between fires, finds no divergence between the
# behavioral model and the reference RTL, and does find the pending-lost
# defect, with waveforms; RTL that does not verilate is exit 2 naming
# file:line:column.  Needs Verilator (CI installs it): exit 77 without it.
set -euo pipefail
bin=$1 src=$2 work=$3
command -v verilator >/dev/null || { echo "SKIP: verilator not installed"; exit 77; }
rm -rf "$work" && mkdir -p "$work"
cache=${IMSLAB_TEST_RTL_CACHE:-$(dirname "$work")/rtl-cache-e2e}   # shared by build trees
d=$src/tests/data/defects
. "$src/tests/e2e/vcd_check.bash"

"$bin" vendor --quiet --rtl "$src/models/rtl/ims_table.sv" --top ims_table \
    --rtl-cache "$cache" --out "$work/ref" 2>"$work/ref.err"
grep -qx "12 passed, 0 failed" "$work/ref/report.txt"
"$bin" vendor --quiet --rtl "$src/models/rtl/ims_table.sv" --top ims_table \
    --cache "$cache" --out "$work/ref2" 2>"$work/ref2.err"
grep -q "from the cache" "$work/ref2.err" || { cat "$work/ref2.err"; exit 1; }
cmp "$work/ref/results.json" "$work/ref2/results.json"

check() {   # design, rule that must fail
    set +e
    "$bin" vendor --quiet --rtl "$d/$1.sv" --top "$1" --layout "$src/layouts/ref.yaml" \
        --cache "$cache" --out "$work/$1" 2>/dev/null
    rc=$?
    set -e
    [ $rc -eq 1 ] || { echo "$1: exit $rc, not 1"; exit 1; }
    grep -Eq "^$2 +FAIL" "$work/$1/report.txt" ||
        { echo "$1: $2 did not fail"; cat "$work/$1/report.txt"; exit 1; }
    # the RTL waveform shows the failure at the reported cycle, as the behavioral one
    vcd_shows_failure "$work/$1/report.txt" "$src/tests/e2e/vcd_at.awk" ||
        { cat "$work/$1/report.txt"; exit 1; }
}
check ims_pending_lost IMS-R-PEND-01
check ims_mask_ignored IMS-R-MASK-01
check ims_pasid_unchecked IMS-R-PASID-01
check ims_last_unreachable IMS-R-FIELDS-01
check ims_torn IMS-R-TORN-01
# the seeded RTL defects of the new rules: caught by their rule alone
check ims_pending_aliased IMS-R-REACH-01
grep -qx "11 passed, 1 failed" "$work/ims_pending_aliased/report.txt"
check ims_release_in_order IMS-R-PEND-02
grep -qx "11 passed, 1 failed" "$work/ims_release_in_order/report.txt"
check ims_ready_ignored IMS-R-READY-01
grep -qx "11 passed, 1 failed" "$work/ims_ready_ignored/report.txt"
check ims_request_first IMS-R-FAIR-01
grep -qx "11 passed, 1 failed" "$work/ims_request_first/report.txt"

"$bin" vendor --quiet --lockstep --rtl "$src/models/rtl/ims_table.sv" --top ims_table \
    --layout "$src/layouts/ref.yaml" --ops 1000000 --cache "$cache" --out "$work/ls" 2>/dev/null
# with back-pressure: msg_ready held low between fires, many times
grep -Eq "1000000 ops, .* all equal \(msg_ready low in [0-9]{4,} stalls\)" "$work/ls/report.txt" ||
    { cat "$work/ls/report.txt"; exit 1; }
set +e
"$bin" vendor --quiet --lockstep --rtl "$d/ims_pending_lost.sv" --top ims_pending_lost \
    --layout "$src/layouts/ref.yaml" --cache "$cache" --out "$work/ls2" 2>/dev/null
rc=$?
set -e
[ $rc -eq 1 ]
grep -q "IMS-R-LOCKSTEP-01  FAIL" "$work/ls2/report.txt"
grep -q "(fresh designs: the same divergence at the same op)" "$work/ls2/report.txt" ||
    { cat "$work/ls2/report.txt"; exit 1; }
head -c 200 "$work/ls2/lockstep-rtl.vcd" | grep -q '\$timescale'

printf 'module bad(input logic clk);\n  wire x = ;\nendmodule\n' > "$work/bad.sv"
set +e
out=$("$bin" vendor --rtl "$work/bad.sv" --top bad --layout "$src/layouts/ref.yaml" \
    --cache "$cache" --out "$work/bad" 2>&1)
rc=$?
set -e
[ $rc -eq 2 ] || { echo "bad.sv: exit $rc, not 2"; exit 1; }
grep -q "bad.sv:2:" <<<"$out" || { echo "no file:line in: $out"; exit 1; }
