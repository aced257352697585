#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The vendor path for RTL: the reference table passes every rule through the
# one vendor command (IMS-R-FMASK-01 through its optional fn_mask port); a
# second run loads it from the cache without building; each seeded defective
# RTL design fails the rule named for its defect (those for IMS-R-REACH-01,
# IMS-R-PEND-02, IMS-R-READY-01, IMS-R-FAIR-01, IMS-R-FMASK-01, IMS-R-PBA-01
# and IMS-R-STRB-01 that rule alone; lockstep's partial writes catch the
# last too); the reference's PBA passes where
# layouts/ref-pba.yaml says it is, at 0x8000 and at -G PBA_BASE=0x4000; the
# waveforms' period is the top's CLOCK_PS (-G) or the descriptor's clock_ps,
# and the two may not disagree; lockstep over 1 M random operations, with
# msg_ready held low between fires and in long stalls, and partial writes,
# finds no divergence
# between the behavioral model and the reference RTL, and does find the
# pending-lost defect, with waveforms; RTL that does not verilate is exit 2
# naming file:line:column.  Needs Verilator (CI installs it): exit 77
# without it.
set -euo pipefail
bin=$1 src=$2 work=$3
command -v verilator >/dev/null || { echo "SKIP: verilator not installed"; exit 77; }
rm -rf "$work" && mkdir -p "$work"
cache=${IMSLAB_TEST_RTL_CACHE:-$(dirname "$work")/rtl-cache-e2e}   # shared by build trees
d=$src/tests/data/defects
. "$src/tests/e2e/vcd_check.bash"

"$bin" vendor --quiet --rtl "$src/models/rtl/ims_table.sv" --top ims_table \
    --rtl-cache "$cache" --out "$work/ref" 2>"$work/ref.err"
grep -qx "14 passed, 0 failed" "$work/ref/report.txt"
# the optional fn_mask port: IMS-R-FMASK-01 runs on the reference RTL
grep -Eq "^IMS-R-FMASK-01 +pass" "$work/ref/report.txt"
"$bin" vendor --quiet --rtl "$src/models/rtl/ims_table.sv" --top ims_table \
    --cache "$cache" --out "$work/ref2" 2>"$work/ref2.err"
grep -q "from the cache" "$work/ref2.err" || { cat "$work/ref2.err"; exit 1; }
cmp "$work/ref/results.json" "$work/ref2/results.json"

check() {   # design, rule that must fail[, descriptor]
    set +e
    "$bin" vendor --quiet --rtl "$d/$1.sv" --top "$1" --layout "$src/layouts/${3:-ref.yaml}" \
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
# the reference table's PBA, where layouts/ref-pba.yaml says it is: every rule
# passes; a read-write PBA is caught by IMS-R-PBA-01 alone
"$bin" vendor --quiet --rtl "$src/models/rtl/ims_table.sv" --top ims_table \
    --layout "$src/layouts/ref-pba.yaml" --rtl-cache "$cache" --out "$work/pba" 2>/dev/null
grep -qx "15 passed, 0 failed" "$work/pba/report.txt"
grep -Eq "^IMS-R-PBA-01 +pass" "$work/pba/report.txt"
check ims_pba_writable IMS-R-PBA-01 ref-pba.yaml
grep -qx "13 passed, 1 failed" "$work/ims_pba_writable/report.txt"
grep -q "checkpoint 2: PBA 0x8000 reads .* after writing the PBA (writes must be ignored)" \
    "$work/ims_pba_writable/report.txt" || { cat "$work/ims_pba_writable/report.txt"; exit 1; }
# the PBA moved with -G PBA_BASE and the descriptor's pba_base: still found
sed -e 's/^pba_base: .*/pba_base: 0x4000/' -e 's/^name: .*/name: ref-pba-4000/' \
    "$src/layouts/ref-pba.yaml" > "$work/ref-pba-4000.yaml"
# (built with -G CLOCK_PS=4000 too: the waveforms' period is the top's)
g=(-G PBA_BASE=16384 -G CLOCK_PS=4000)
"$bin" vendor --quiet --rtl "$src/models/rtl/ims_table.sv" --top ims_table "${g[@]}" \
    --layout "$work/ref-pba-4000.yaml" --rules IMS-R-PBA-01 --rtl-cache "$cache" \
    --out "$work/pba4" 2>/dev/null
grep -qx "1 passed, 0 failed" "$work/pba4/report.txt"
# ... and at 0x8000, where it no longer is, IMS-R-PBA-01 fails: the waveform
# and its marker are at cycle x 4000 ps (CLOCK_PS), the record's time_ps too
set +e
"$bin" vendor --quiet --rtl "$src/models/rtl/ims_table.sv" --top ims_table "${g[@]}" \
    --layout "$src/layouts/ref-pba.yaml" --rules IMS-R-PBA-01 --rtl-cache "$cache" \
    --out "$work/pba8" 2>/dev/null
rc=$?
set -e
[ $rc -eq 1 ] || { echo "PBA moved: exit $rc"; exit 1; }
grep -Eq "^IMS-R-PBA-01 +FAIL .* checkpoint 1: PBA 0x8000 reads 0x00000000" "$work/pba8/report.txt" ||
    { cat "$work/pba8/report.txt"; exit 1; }
vcd_shows_failure "$work/pba8/report.txt" "$src/tests/e2e/vcd_at.awk" 4000 ||
    { cat "$work/pba8/report.txt"; exit 1; }
c=$(awk '$1 == "IMS-R-PBA-01" {print $5}' "$work/pba8/report.txt")
grep -q "\"time_ps\": $((c * 4000))," "$work/pba8/results.json"
# a descriptor naming another period than the top's CLOCK_PS: exit 2, nothing run
sed -e 's/^name: .*/name: ref-pba-2000/' "$work/ref-pba-4000.yaml" > "$work/ref-pba-clk.yaml"
echo "clock_ps: 2000" >> "$work/ref-pba-clk.yaml"
set +e
out=$("$bin" vendor --quiet --rtl "$src/models/rtl/ims_table.sv" --top ims_table "${g[@]}" \
      --layout "$work/ref-pba-clk.yaml" --rtl-cache "$cache" --out "$work/clk2" 2>&1)
rc=$?
set -e
[ $rc -eq 2 ] && grep -qF "clock_ps 2000, but top module ims_table declares CLOCK_PS = 4000" \
    <<<"$out" || { echo "clock conflict: exit $rc: $out"; exit 1; }
[ ! -e "$work/clk2/results.json" ]
# a top without CLOCK_PS takes the descriptor's clock_ps: ims_torn at 8000 ps
cp "$src/layouts/ref.yaml" "$work/ref-8000.yaml" && echo "clock_ps: 8000" >> "$work/ref-8000.yaml"
set +e
"$bin" vendor --quiet --rtl "$d/ims_torn.sv" --top ims_torn --layout "$work/ref-8000.yaml" \
    --rules IMS-R-TORN-01 --rtl-cache "$cache" --out "$work/torn8" 2>/dev/null
rc=$?
set -e
[ $rc -eq 1 ] && vcd_shows_failure "$work/torn8/report.txt" "$src/tests/e2e/vcd_at.awk" 8000 ||
    { echo "exit $rc"; cat "$work/torn8/report.txt"; exit 1; }
# byte enables: the reference merges them (IMS-R-STRB-01 passed above); a
# table that writes whole dwords whatever reg_be says fails that rule alone
grep -Eq "^IMS-R-STRB-01 +pass" "$work/ref/report.txt"
check ims_strobe_ignored IMS-R-STRB-01
grep -qx "13 passed, 1 failed" "$work/ims_strobe_ignored/report.txt"
grep -Eq "checkpoint 1: (addr_lo|addr_hi|data) 0x[0-9a-f]+ reads .* \(partial_writes: merge\)" \
    "$work/ims_strobe_ignored/report.txt" || { cat "$work/ims_strobe_ignored/report.txt"; exit 1; }
# ... and lockstep, whose partial writes meet it too
set +e
"$bin" vendor --quiet --lockstep --rtl "$d/ims_strobe_ignored.sv" --top ims_strobe_ignored \
    --layout "$src/layouts/ref.yaml" --rtl-cache "$cache" --out "$work/ls-strb" 2>/dev/null
rc=$?
set -e
[ $rc -eq 1 ] && grep -q "IMS-R-LOCKSTEP-01  FAIL" "$work/ls-strb/report.txt" ||
    { echo "lockstep strobes: exit $rc"; cat "$work/ls-strb/report.txt"; exit 1; }
# fires while function-masked dropped: IMS-R-FMASK-01 alone (the design has fn_mask)
check ims_fmask_lost IMS-R-FMASK-01
grep -qx "12 passed, 1 failed" "$work/ims_fmask_lost/report.txt"
grep -q "checkpoint 2: no message from entry .* of clearing the Function Mask: pending lost" \
    "$work/ims_fmask_lost/report.txt" || { cat "$work/ims_fmask_lost/report.txt"; exit 1; }

"$bin" vendor --quiet --lockstep --rtl "$src/models/rtl/ims_table.sv" --top ims_table \
    --layout "$src/layouts/ref.yaml" --ops 1000000 --cache "$cache" --out "$work/ls" 2>/dev/null
# with back-pressure: msg_ready held low between fires, many times
grep -Eq "1000000 ops, .* all equal \(msg_ready low in [0-9]{4,} stalls and [0-9]{3,} long stalls; [0-9]{4,} partial writes\)" "$work/ls/report.txt" ||
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
