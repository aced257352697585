#!/usr/bin/env bash
# `imslab sweep` and sweep files in `imslab run`: the cases of
# tests/data/sweeps/trap-rate.yaml by name and parameters, their composed
# scenarios, a run of them (each case's seed and rate reach the results),
# the same cases split in 3 shards and merged back byte for byte, and
# every error at FILE:LINE:COLUMN of the file responsible.
set -euo pipefail
source "$(dirname "$0")/junit_mask.bash"
bin=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
sweep=$src/tests/data/sweeps/trap-rate.yaml
scn=$src/scenarios/kvm-msix-trap.yaml

"$bin" sweep --emit "$work/cases" "$sweep" >"$work/list.txt"
cat >"$work/want.txt" <<'LIST'
trap-rate-rate50000-seed1                    rate=50000 seed=1
trap-rate-rate50000-seed2                    rate=50000 seed=2
trap-rate-rate500000-seed1                   rate=500000 seed=1
trap-rate-rate500000-seed2                   rate=500000 seed=2
LIST
diff "$work/want.txt" "$work/list.txt"
grep -qx 'name: trap-rate-rate500000-seed2' "$work/cases/trap-rate-rate500000-seed2.yaml"
grep -qx '    rate_hz: 500000' "$work/cases/trap-rate-rate500000-seed2.yaml"
grep -qx 'seed: 2' "$work/cases/trap-rate-rate500000-seed2.yaml"
grep -qx 'description: "KVM traps the MSI-X table, over rates and seeds (rate=500000 seed=2)"' \
    "$work/cases/trap-rate-rate500000-seed2.yaml"

"$bin" run --quiet --out "$work/all" -j 2 "$sweep"
grep -c '"name": "trap-rate-' "$work/all/results.json" | grep -qx 4
# 400 us of periodic arrivals, the first one period in and none at the end:
# 19 at 50 kHz, 199 at 500 kHz (the scenario's own 200 kHz raises 79)
test "$(grep -A16 '"name": "trap-rate-rate50000-seed1"' "$work/all/results.json" |
        sed -n 's/^      "raised": \([0-9]*\),$/\1/p')" -eq 19
test "$(grep -A16 '"name": "trap-rate-rate500000-seed1"' "$work/all/results.json" |
        sed -n 's/^      "raised": \([0-9]*\),$/\1/p')" -eq 199
# an emitted case runs as the case does (same name, same results)
"$bin" run --quiet --out "$work/one" "$work/cases/trap-rate-rate500000-seed2.yaml"
h1=$(grep -A200 '"name": "trap-rate-rate500000-seed2"' "$work/all/results.json" | grep -m1 trace_hash)
h2=$(grep -m1 trace_hash "$work/one/results.json")
test "$h1" = "$h2"

for i in 1 2 3; do
    "$bin" run --quiet --shard "$i/3" --out "$work/s$i" "$sweep"
done
"$bin" merge --quiet --out "$work/merged" "$work/s1" "$work/s2" "$work/s3"
for f in results.json junit.xml matrix.txt; do same_output "$work/all/$f" "$work/merged/$f"; done

bad() {    # MESSAGE, sweep text on stdin
    local rc=0
    cat >"$work/bad.yaml"
    "$bin" sweep "$work/bad.yaml" >/dev/null 2>"$work/err.txt" || rc=$?
    test "$rc" -eq 2 || { echo "exit $rc for: $1"; exit 1; }
    grep -qF -- "$1" "$work/err.txt" || { echo "want: $1"; cat "$work/err.txt"; exit 1; }
    rc=0
    "$bin" run --quiet --out "$work/x" "$work/bad.yaml" 2>"$work/err2.txt" || rc=$?
    test "$rc" -eq 2 && grep -qF -- "$1" "$work/err2.txt"
}
head="imslab-sweep: 1
name: x
scenario: $scn
axes:
  - name: p"
bad "$work/bad.yaml:7:20: error: case x-p0: workload[0].rate_hz: 0 must be at least 1" <<EOF2
$head
    key: workload[0].rate_hz
    values: [1000, 0]
EOF2
bad "$work/bad.yaml:6:10: error: axes[0].key: the scenario has no 'workload[3]'" <<EOF2
$head
    key: workload[3].rate_hz
    values: [1000]
EOF2
bad "$work/bad.yaml:7:20: error: case x-pbogus: vmm.msix: invalid value 'bogus'" <<EOF2
$head
    key: vmm.msix
    values: [trap, bogus]
EOF2
bad "$work/bad.yaml:6:10: error: axes[0].key: 'vmm' is not a single value in the scenario" <<EOF2
$head
    key: vmm
    values: [a]
EOF2
# a value that breaks a key the sweep did not set: named in the scenario file
bad "$scn:22:16: error: sweep $work/bad.yaml, case x-p2: vms[0].pcpus[1]: pcpu 2 does not exist" <<EOF2
$head
    key: platform.pcpus
    values: [4, 2]
EOF2
bad "$work/bad.yaml:7:12: error: axes[0].range: expected one of 'step' and 'factor'" <<EOF2
$head
    key: seed
    range: {from: 1, to: 10}
EOF2
bad "$work/bad.yaml:7:12: error: axes[0].range: more than 4096 values" <<EOF2
$head
    key: seed
    range: {from: 1, to: 100000, step: 1}
EOF2
bad "$work/bad.yaml:7:14: error: axes[0].values[0]: 'a b' has a character outside [A-Za-z0-9._]" <<EOF2
$head
    key: seed
    values: ["a b"]
EOF2
bad "$work/bad.yaml:7:17: error: axes[0].values[1]: value '1' given twice" <<EOF2
$head
    key: seed
    values: [1, 1]
EOF2
bad "$work/bad.yaml:3:11: error: scenario: cannot read '$work/nope.yaml'" <<EOF2
imslab-sweep: 1
name: x
scenario: nope.yaml
axes:
  - { name: p, key: seed, values: [1] }
EOF2
bad "$work/bad.yaml:1:15: error: imslab-sweep: 2 is out of range (1..1)" <<EOF2
imslab-sweep: 2
name: x
scenario: $scn
axes: []
EOF2
bad "$work/bad.yaml:4:11: error: scenario: '$sweep' is not a scenario file" <<EOF2
imslab-sweep: 1
name: x
axes: [{ name: p, key: seed, values: [1] }]
scenario: $sweep
EOF2
test ! -e "$work/x"
echo "sweep: ok"
