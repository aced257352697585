#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `imslab run --vcd DIR` (docs/waveforms.md): each scenario's VCD has the
# vendor VCDs' time base (1 ps); its raise edges are the results' raised
# count and its handler edges the delivered count; a fault scenario shows
# its first IR fault at the time and with the reason the trace gives, and
# the .gtkw has its marker there; results are the same with and without
# --vcd; the VCDs are byte-identical at -j1 and -j2 and on both backends;
# a bound cuts a VCD with a note in it and on stderr; bad flags exit 2.
set -euo pipefail
source "$(dirname "$0")/junit_mask.bash"
bin=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
awkf=$src/tests/e2e/vcd_at.awk
ok=$src/scenarios/kvm-msix-trap.yaml          # posted, every raise delivered
bare=$src/scenarios/bare-idxd.yaml            # two ADIs, host handlers
bad=$src/scenarios/kvm-ims-none-cap-always-idxd.yaml   # compat pair: IR faults

# A counter of one scenario in results.json (the first "KEY": N after its name).
count() {
    awk -v n="\"name\": \"$2\"," -v k="\"$3\":" '
        index($0, n) { on = 1 } on && index($0, k) { gsub(/[^0-9]/, "", $2); print $2; exit }' "$1"
}
# Changes of signal $2 summed over every scope of VCD $1 that has it.
edges() {
    local sum=0 sc c
    for sc in $(awk '/^\$scope module/ { print $3 }' "$1"); do
        c=$(awk -v sig="$2" -v scope="$sc" -v count=1 -f "$awkf" "$1") || continue
        sum=$((sum + c))
    done
    echo "$sum"
}

"$bin" run --quiet -j2 --out "$work/plain" "$ok" "$bare" "$bad"
"$bin" run --quiet -j2 --out "$work/j2" --vcd "$work/w2" --trace ir_fault "$ok" "$bare" "$bad"
"$bin" run --quiet -j1 --out "$work/j1" --vcd "$work/w1" "$ok" "$bare" "$bad"

# --vcd changes no result
for f in results.json junit.xml matrix.txt; do
    same_output "$work/plain/$f" "$work/j2/$f"
    same_output "$work/plain/$f" "$work/j1/$f"
done

for s in kvm-msix-trap bare-idxd kvm-ims-none-cap-always-idxd; do
    vcd=$work/w2/$s.vcd
    [ -s "$vcd" ] && [ -s "$work/w2/$s.gtkw" ] || { echo "$s: no VCD or .gtkw"; exit 1; }
    grep -qx '\$timescale 1ps \$end' "$vcd" || { echo "$s: timescale not 1 ps"; exit 1; }
    raised=$(count "$work/j2/results.json" "$s" raised)
    delivered=$(count "$work/j2/results.json" "$s" delivered)
    [ "$(edges "$vcd" raise)" = "$raised" ] ||
        { echo "$s: $(edges "$vcd" raise) raise edges, results raised $raised"; exit 1; }
    [ "$(edges "$vcd" msg)" = "$raised" ] ||
        { echo "$s: $(edges "$vcd" msg) messages, results raised $raised"; exit 1; }
    # the ADIs' handler edges (the CPU scopes count handler entries)
    h=0
    for sc in $(awk '/^\$scope module dev/ { print $3 }' "$vcd"); do
        h=$((h + $(awk -v sig=handler -v scope="$sc" -v count=1 -f "$awkf" "$vcd")))
    done
    [ "$h" = "$delivered" ] || { echo "$s: $h handler edges, results delivered $delivered"; exit 1; }
    grep -qx "\[dumpfile\] \"$vcd\"" "$work/w2/$s.gtkw" || { echo "$s: .gtkw names no $vcd"; exit 1; }
    grep -qx -- "-dev0_adi0" "$work/w2/$s.gtkw" || { echo "$s: no dev0_adi0 group"; exit 1; }
    # -j1 and -j2 write the same bytes
    cmp "$vcd" "$work/w1/$s.vcd"
done
[ "$(count "$work/j2/results.json" kvm-msix-trap delivered)" -gt 0 ]
# posting: every delivered interrupt of the MSI-X scenario was posted
[ "$(edges "$work/w2/kvm-msix-trap.vcd" post)" = "$(count "$work/j2/results.json" kvm-msix-trap delivered)" ]

# the fault: first IR fault at the trace's time, with its reason; the marker there
s=kvm-ims-none-cap-always-idxd
read -r t reason < <(awk '$2 == "iommu.ir_fault" { sub("reason=", "", $4); print $1, $4; exit }' \
                     "$work/j2/$s.trace")
[ -n "$t" ] || { echo "$s: no ir_fault in the trace"; exit 1; }
[ "$(awk -v sig=ir_fault -v scope=dev0_adi0 -v first=1 -f "$awkf" "$work/w2/$s.vcd")" = "$t" ] ||
    { echo "$s: first ir_fault edge not at $t ps"; exit 1; }
[ "$(awk -v sig=fault_reason -v scope=dev0_adi0 -v t="$t" -f "$awkf" "$work/w2/$s.vcd")" = "$reason" ] ||
    { echo "$s: fault_reason at $t not $reason"; exit 1; }
[ "$(count "$work/j2/results.json" $s faulted)" = "$(edges "$work/w2/$s.vcd" ir_fault)" ] ||
    { echo "$s: ir_fault edges are not the results' faulted count"; exit 1; }
grep -q "^\*-[0-9.]* $t " "$work/w2/$s.gtkw" || { echo "$s: no marker at $t"; exit 1; }
grep -q "^\*-[0-9.]* -1 " "$work/w2/kvm-msix-trap.gtkw" || { echo "marker without a fault"; exit 1; }

# both backends write the same VCDs
if "$bin" run --quiet --backend systemc --out "$work/sc" --vcd "$work/wsc" "$ok" "$bad" 2>"$work/sc.err"; then
    cmp "$work/w1/kvm-msix-trap.vcd" "$work/wsc/kvm-msix-trap.vcd"
    cmp "$work/w1/$s.vcd" "$work/wsc/$s.vcd"
elif ! grep -q "not built into this binary" "$work/sc.err"; then
    cat "$work/sc.err"; exit 1
fi

# the bound: the VCD stops near it, says so, and so does stderr; results unchanged
"$bin" run --quiet --out "$work/cut" --vcd "$work/wcut" --vcd-max-bytes 8192 "$ok" 2>"$work/cut.err"
size=$(stat -c %s "$work/wcut/kvm-msix-trap.vcd")
[ "$size" -ge 8192 ] && [ "$size" -lt 9216 ] || { echo "cut VCD is $size bytes"; exit 1; }
tail -n 2 "$work/wcut/kvm-msix-trap.vcd" | grep -q '^\$comment cut: the file reached its limit of 8192 bytes' ||
    { echo "no cut note in the VCD"; tail -n 3 "$work/wcut/kvm-msix-trap.vcd"; exit 1; }
grep -q "kvm-msix-trap.vcd: cut at .* (--vcd-max-bytes 8192)" "$work/cut.err" ||
    { echo "no cut note on stderr: $(cat "$work/cut.err")"; exit 1; }
"$bin" run --quiet --out "$work/plain1" "$ok"
for f in results.json junit.xml matrix.txt; do same_output "$work/plain1/$f" "$work/cut/$f"; done

# GTKWave loads the save file: the VCD, the fault scenario's ADI signals, the marker
if command -v gtkwave >/dev/null && command -v xvfb-run >/dev/null; then
    cat > "$work/q.tcl" <<'TCL'
puts "displayed [llength [gtkwave::getDisplayedSignals]]"
foreach sig [gtkwave::getDisplayedSignals] { puts "signal $sig" }
puts "marker [gtkwave::getMarker]"
gtkwave::/File/Quit
TCL
    timeout 120 xvfb-run -a gtkwave -S "$work/q.tcl" "$work/w2/$s.gtkw" >"$work/gtkwave.out" 2>&1 || true
    grep -qx "marker $t" "$work/gtkwave.out" || { echo "GTKWave: marker not at $t"; cat "$work/gtkwave.out"; exit 1; }
    grep -qx "signal dev0_adi0.ir_fault" "$work/gtkwave.out" &&
        grep -qx "signal dev0_adi0.fault_reason\[7:0\]" "$work/gtkwave.out" ||
        { echo "GTKWave: the ADI's signals are not shown"; cat "$work/gtkwave.out"; exit 1; }
    grep -qx "displayed $(grep -c '^dev0_adi0\.' "$work/w2/$s.gtkw")" "$work/gtkwave.out" ||
        { echo "GTKWave shows another signal count"; cat "$work/gtkwave.out"; exit 1; }
else
    echo "gtkwave or xvfb-run not installed: the GTKWave load check is skipped (IMSLAB_WAVES=1 scripts/install-deps.sh)"
fi

# bad values: exit 2, naming the flag
expect2() {
    local want=$1; shift
    set +e
    out=$("$@" 2>&1)
    rc=$?
    set -e
    [ $rc -eq 2 ] || { echo "exit $rc, not 2: $*"; exit 1; }
    grep -qF -- "$want" <<<"$out" || { echo "no '$want' in: $out"; exit 1; }
}
expect2 "--vcd-max-bytes" "$bin" run --out "$work/x" --vcd "$work/x" --vcd-max-bytes 100 "$ok"
expect2 "--vcd-max-bytes" "$bin" run --out "$work/x" --vcd "$work/x" --vcd-max-bytes lots "$ok"
expect2 "--vcd-max-bytes" "$bin" run --out "$work/x" --vcd-max-bytes 65536 "$ok"
touch "$work/file"
expect2 "--vcd" "$bin" run --out "$work/x" --vcd "$work/file/sub" "$ok"
[ ! -e "$work/x" ] || { echo "a bad flag ran something"; exit 1; }
echo ok
