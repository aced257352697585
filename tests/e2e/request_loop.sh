#!/usr/bin/env bash
# Request loops end to end (docs/request-loop.md): the suite's cost-rl rows
# split in 2 shards and merged back byte for byte (imslab merge reads
# guest_cpu, requests and throughput_vs_bare back), the same on the SystemC
# backend and at -j 1, the matrix cost line, and a bad request-loop key is
# exit 2 at its file:line:column.
set -euo pipefail
source "$(dirname "$0")/junit_mask.bash"
bin=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }
files=("$src"/scenarios/cost-rl-*.yaml)
"$bin" run --quiet -j 2 --out "$work/full" "${files[@]}" || fail "run"
"$bin" run --quiet -j 1 --out "$work/j1" "${files[@]}" || fail "run -j 1"
"$bin" run --quiet --backend systemc --out "$work/sc" "${files[@]}" || fail "run systemc"
"$bin" run --quiet --shard 1/2 --out "$work/s1" "${files[@]}" || fail "shard 1"
"$bin" run --quiet --shard 2/2 --out "$work/s2" "${files[@]}" || fail "shard 2"
"$bin" merge --quiet --out "$work/m" "$work/s1" "$work/s2" || fail "merge"
for d in j1 sc m; do
    for f in results.json junit.xml matrix.txt; do
        same_output "$work/full/$f" "$work/$d/$f" >/dev/null || fail "$d/$f differs from the -j 2 run"
    done
done
grep -qE '^      work 312500/s \(0\.940x bare\)  req 3\.17/3\.27us  app 1\.07/1\.17us  cpu 0\.12us/irq$' \
    "$work/full/matrix.txt" || fail "no posted cost line in matrix.txt"
grep -q 'name="throughput_vs_bare_milli" value="586"' "$work/full/junit.xml" ||
    fail "no throughput_vs_bare_milli 586 in junit.xml"

sed 's/    wait: poll/    wait: spin/' "$src/scenarios/cost-rl-bare.yaml" >"$work/bad.yaml"
rc=0; "$bin" check "$work/bad.yaml" 2>"$work/err" || rc=$?
[ $rc -eq 2 ] || fail "check bad.yaml: exit $rc"
line=$(grep -n 'wait: spin' "$work/bad.yaml" | cut -d: -f1)
grep -q "^$work/bad.yaml:$line:11: error: workload\[0\].wait: " "$work/err" ||
    fail "check bad.yaml: '$(cat "$work/err")'"
echo ok
