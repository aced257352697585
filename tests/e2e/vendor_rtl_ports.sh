#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Interface errors of an RTL top are found before anything is built or run:
# a missing, renamed, wrongly directed or too narrow port, an extra port, a
# missing ENTRIES parameter, an optional port (fn_mask) of the wrong width
# or direction, each exit 2 with a message naming the port or parameter and
# what was expected, and the full tool log kept in a file
# whose path is printed.  -G and -D reach Verilator; bad -G/-D words are
# usage errors.  Each case stops after verilating alone (no compile).
# The last case builds the reference table with -G and -D (a cache miss
# once); designs found in the cache are checked too (a stale entry is
# verilated alone again, a kept entry's headers are read). Needs Verilator: exit 77 without it.
set -euo pipefail
bin=$1 src=$2 work=$3
command -v verilator >/dev/null || { echo "SKIP: verilator not installed"; exit 77; }
rm -rf "$work" && mkdir -p "$work"
ref=$src/models/rtl/ims_table.sv
lay=$src/layouts/ref.yaml

expect2() {     # name, wanted text, sed script applied to the reference table
    local name=$1 want=$2 script=$3
    sed -e "s/module ims_table/module $name/" -e "$script" "$ref" > "$work/$name.sv"
    set +e
    out=$("$bin" vendor --quiet --rtl "$work/$name.sv" --top "$name" --layout "$lay" \
          --cache "$work/cache" --out "$work/$name" 2>&1)
    rc=$?
    set -e
    [ $rc -eq 2 ] || { echo "$name: exit $rc, not 2: $out"; exit 1; }
    grep -qF -- "$want" <<<"$out" || { echo "$name: no '$want' in: $out"; exit 1; }
    [ ! -e "$work/$name/results.json" ] || { echo "$name: something ran"; exit 1; }
    ls "$work/cache"/*/libdut.so >/dev/null 2>&1 && { echo "$name: something was built"; exit 1; }
    log=$(sed -n 's/^.*full log: //p' <<<"$out")
    [ -s "$log" ] || { echo "$name: no full log in: $out"; exit 1; }
}
expect2 no_ready "no port msg_ready (expected input logic [0:0] msg_ready" \
    's/input  logic        msg_ready,/input  logic        msg_rdy,/; s/msg_ready/msg_rdy/g'
expect2 narrow_index "port irq_index is 6 bits wide ([5:0]), expected 16 ([15:0])" \
    's/input  logic \[15:0\] irq_index/input  logic [5:0] irq_index/'
expect2 no_entries "no parameter ENTRIES (expected: parameter int ENTRIES" \
    's/parameter int ENTRIES = 64,/parameter int N_ENT = 64,/; s/ENTRIES/N_ENT/g'
expect2 extra_port "port dbg_out (output, 1 bits) is not in the port list" \
    's/output logic \[15:0\] msg_index/output logic [15:0] msg_index,\n    output logic dbg_out/; s/^endmodule/    assign dbg_out = 1'"'"'b0;\nendmodule/'
expect2 ack_in "port reg_ack is an input, expected an output" \
    's/output logic        reg_ack,/input  logic        reg_ack,/; s/^\( *\)reg_ack *<=.*$/\1;/'
# an optional port (fn_mask), when present, is checked as the required ones
expect2 wide_fmask "port fn_mask is 2 bits wide ([1:0]), expected 1 ([0:0])" \
    's/input  logic        fn_mask/input  logic [1:0]  fn_mask/; s/!fn_mask/(fn_mask == 2'"'"'d0)/g; s/|| fn_mask)/|| fn_mask != 2'"'"'d0)/'
expect2 fmask_out "port fn_mask is an output, expected an input" \
    's/input  logic        fn_mask/output logic        fn_mask/; s/^endmodule/    assign fn_mask = 1'"'"'b0;\nendmodule/; s/!fn_mask/!1'"'"'b0/g; s/|| fn_mask/|| 1'"'"'b0/g'

expect2 narrow_be "port reg_be is 2 bits wide ([1:0]), expected 4 ([3:0])" \
    's/input  logic \[3:0\]  reg_be/input  logic [1:0]  reg_be/; s/{{8{reg_be\[3\]}}, {8{reg_be\[2\]}}, /{16'"'"'hffff, /'

# A design found in the cache is checked too, before it is loaded.  (1) A
# cache entry for the narrow-index top (its key from the kept log's name)
# holding a loadable object, as a stale or copied cache would: verilated
# alone again, exit 2 naming the port, nothing run.
key=$(ls "$work/cache/logs" | sed -n 's/^narrow_index-\([0-9a-f]*\)\.log$/\1/p')
[ -n "$key" ] || { ls "$work/cache/logs"; exit 1; }

# -G reaches the parameters: ENTRIES = 0 is out of range, named
set +e
out=$("$bin" vendor --quiet --rtl "$ref" --top ims_table -G ENTRIES=0 --layout "$lay" \
      --cache "$work/cache" --out "$work/g0" 2>&1)
rc=$?
set -e
[ $rc -eq 2 ] || { echo "-G ENTRIES=0: exit $rc: $out"; exit 1; }
grep -qE "ENTRIES|%Error" <<<"$out" || { echo "-G ENTRIES=0: $out"; exit 1; }
# bad -G / -D words, and -G without --rtl
for args in "-G ENTRIES" "-G =3" "-D =x"; do
    set +e
    out=$("$bin" vendor --rtl "$ref" --top ims_table $args --out "$work/x" 2>&1)
    rc=$?
    set -e
    [ $rc -eq 2 ] || { echo "$args: exit $rc"; exit 1; }
    grep -q "expected NAME" <<<"$out" || { echo "$args: $out"; exit 1; }
done
set +e
out=$("$bin" vendor --layout "$lay" -G ENTRIES=4 --out "$work/x" 2>&1)
rc=$?
set -e
[ $rc -eq 2 ] && grep -q -- "-G and -D are for --rtl" <<<"$out" || { echo "-G alone: $out"; exit 1; }

# A conforming top passes the check and builds; -D reaches the preprocessor
# and -G the parameters (both are part of the cache key): the reference
# table with ENTRIES = 32, against a 32-entry map, passes every rule.
cache=${IMSLAB_TEST_RTL_CACHE:-$(dirname "$work")/rtl-cache-e2e}
sed -e 's/^entries: .*/entries: 32/' -e 's/^name: .*/name: ref-32/' "$lay" > "$work/ref-32.yaml"
"$bin" vendor --quiet --rtl "$ref" --top ims_table -G ENTRIES=32 -D IMSLAB_E2E_DEFINE=1 \
    --layout "$work/ref-32.yaml" --cache "$cache" --out "$work/g32" 2>"$work/g32.err" ||
    { cat "$work/g32.err" "$work/g32/report.txt"; exit 1; }
grep -q "^imslab vendor: rtl:ims_table .*, 32 entries" "$work/g32/report.txt" ||
    { cat "$work/g32/report.txt"; exit 1; }
grep -qx "14 passed, 0 failed" "$work/g32/report.txt"
so=$(sed -n 's/^.*(\(.*\/libdut\.so\))$/\1/p' "$work/g32.err")
[ -s "$so" ] || { echo "no object named in: $(cat "$work/g32.err")"; exit 1; }
mkdir -p "$work/c2/$key" && cp "$so" "$work/c2/$key/libdut.so"
set +e
out=$("$bin" vendor --quiet --rtl "$work/narrow_index.sv" --top narrow_index --layout "$lay" \
      --rtl-cache "$work/c2" --out "$work/hit1" 2>&1)
rc=$?
set -e
[ $rc -eq 2 ] && grep -qF "port irq_index is 6 bits wide ([5:0]), expected 16" <<<"$out" &&
    grep -qF "(the build found in the RTL cache: $work/c2/$key)" <<<"$out" ||
    { echo "cached narrow_index: exit $rc: $out"; exit 1; }
[ ! -e "$work/hit1/results.json" ] || { echo "cached narrow_index: something ran"; exit 1; }
# (2) a build keeps the headers the check reads (<key>/ports): a hit reads
# them, so an entry whose kept headers lack msg_ready is refused
d32=$(dirname "$so")
[ -s "$d32/ports/Vdut.h" ] || { echo "no ports/ kept in $d32"; exit 1; }
mkdir -p "$work/c3" && cp -r "$d32" "$work/c3/"
sed -i 's/&msg_ready,/\&msg_rdy,/' "$work/c3/$(basename "$d32")/ports/Vdut.h"
set +e
out=$("$bin" vendor --quiet --rtl "$ref" --top ims_table -G ENTRIES=32 \
      -D IMSLAB_E2E_DEFINE=1 --layout "$work/ref-32.yaml" --rtl-cache "$work/c3" \
      --out "$work/hit2" 2>&1)
rc=$?
set -e
[ $rc -eq 2 ] && grep -qF "no port msg_ready (expected input logic [0:0] msg_ready" <<<"$out" ||
    { echo "tampered ports/: exit $rc: $out"; exit 1; }

# A .vlt among the --rtl files is Verilator configuration: a third-party
# source with a lint warning fails without its waiver and builds with it.
sed -e 's/module ims_table/module lint_waived/' \
    -e 's/^endmodule/    logic spare_sig;\n    assign spare_sig = 1'"'"'b0;\nendmodule/' "$ref" > "$work/lint_waived.sv"
printf '`verilator_config\nlint_off -rule UNUSED -file "*lint_waived.sv" -match "*spare_sig*"\n' \
    > "$work/waive.vlt"
set +e
out=$("$bin" vendor --quiet --rtl "$work/lint_waived.sv" --top lint_waived --layout "$lay" \
      --cache "$work/cache" --out "$work/lw0" 2>&1)
rc=$?
set -e
[ $rc -eq 2 ] && grep -q "UNUSEDSIGNAL" <<<"$out" || { echo "no waiver: exit $rc: $out"; exit 1; }
"$bin" vendor --quiet --rtl "$work/lint_waived.sv" "$work/waive.vlt" --top lint_waived \
    --layout "$lay" --cache "$cache" --out "$work/lw" 2>"$work/lw.err" ||
    { cat "$work/lw.err"; exit 1; }
grep -qx "14 passed, 0 failed" "$work/lw/report.txt"
