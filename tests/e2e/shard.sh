#!/usr/bin/env bash
# `imslab run --shard I/N` and `imslab merge`: the built-in suite split in
# N = 1, 2 and 5 shards and merged back is byte for byte the unsharded run
# (results.json, junit.xml, matrix.txt); SystemC for N = 2.  Each shard
# runs its own scenarios only (disjoint, covering the suite), and merge
# refuses a missing, doubled or unfinished shard and shards of other runs.
set -euo pipefail
source "$(dirname "$0")/junit_mask.bash"
bin=$1 work=$3
rm -rf "$work" && mkdir -p "$work"
outs="results.json junit.xml matrix.txt"

"$bin" run --quiet --out "$work/whole" -j 2
total=$(grep -c '^    {$' "$work/whole/results.json" || true)
test "$total" -gt 10

split_merge() {    # BACKEND N REFERENCE
    local be=$1 n=$2 ref=$3 sum=0 i
    for ((i = 1; i <= n; i++)); do
        "$bin" run --quiet --backend "$be" --shard "$i/$n" --out "$work/$be-$n-$i" -j 2
        grep -q "\"shard\": \"$i/$n\"" "$work/$be-$n-$i/run-info.json"
        grep -q '"suite_scenarios": '"$total" "$work/$be-$n-$i/run-status.json"
        sum=$((sum + $(sed -n 's/^  "scenarios": \([0-9]*\),$/\1/p' \
                           "$work/$be-$n-$i/run-status.json")))
    done
    test "$sum" -eq "$total" || { echo "$be $n shards ran $sum of $total"; exit 1; }
    # the folders in any order: the merge restores the suite's
    "$bin" merge --quiet --out "$work/$be-$n-merged" $(ls -d "$work/$be-$n-"[0-9]* | sort -r)
    for f in $outs; do
        same_output "$ref/$f" "$work/$be-$n-merged/$f"
    done
    grep -q '"status": "complete"' "$work/$be-$n-merged/run-status.json"
    echo "$be: $n shards merged = the unsharded run"
}
split_merge native 1 "$work/whole"
split_merge native 2 "$work/whole"
split_merge native 5 "$work/whole"
if ! "$bin" selfcheck --events 1000 | grep -q '^systemc  *(not built)'; then
    "$bin" run --quiet --backend systemc --out "$work/whole-sc" -j 2
    split_merge systemc 2 "$work/whole-sc"
fi

# 1/1 is the whole suite; an unsharded folder merges as 1/1
"$bin" merge --quiet --out "$work/copy" "$work/whole"
# and carries each scenario's time, timestamp and hostname: every byte
for f in $outs; do cmp "$work/whole/$f" "$work/copy/$f"; done
# a merge of shards: each testsuite's are those of its shard's junit.xml
python3 - "$work/native-2-merged/junit.xml" "$work/native-2-1/junit.xml" \
    "$work/native-2-2/junit.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
def walls(f):
    return {s.get("name"): (s.get("time"), s.get("timestamp"), s.get("hostname"),
                            [c.get("time") for c in s.findall("testcase")])
            for s in ET.parse(f).getroot().findall("testsuite")}
merged, shards = walls(sys.argv[1]), {}
for f in sys.argv[2:]:
    shards.update(walls(f))
assert merged == shards, "merged times are not the shards'"
print(f"merge carried {len(merged)} scenarios' times")
PY
cmp "$work/whole/results.json" "$work/native-1-1/results.json"

# a scenario's shard depends on its name only: the same in a smaller suite
for name in $(sed -n 's/^      "name": "\(.*\)",$/\1/p' "$work/native-5-3/results.json"); do
    file=$(grep -l "^name: $name\$" "$2"/scenarios/*.yaml | head -n 1 || true)
    [ -n "$file" ] && break
done
test -n "$file"
"$bin" run --quiet --shard 3/5 --out "$work/one" "$file"
grep -q "\"name\": \"$name\"" "$work/one/results.json"
"$bin" run --quiet --shard 2/5 --out "$work/none" "$file"
grep -q '^  "scenarios": \[\]' "$work/none/results.json"

expect_usage() {   # WHAT MESSAGE COMMAND...
    local what=$1 msg=$2 rc=0
    shift 2
    "$@" >"$work/out.txt" 2>"$work/err.txt" || rc=$?
    test "$rc" -eq 2 || { echo "$what: exit $rc, expected 2"; cat "$work/err.txt"; exit 1; }
    grep -q "$msg" "$work/err.txt" || { echo "$what: no '$msg'"; cat "$work/err.txt"; exit 1; }
}
for bad in 0/2 3/2 1/0 2 1/ /2 01/2 1/2x -1/2 1/65537; do
    expect_usage "--shard $bad" "expected I/N" "$bin" run --quiet --shard "$bad" --out "$work/x"
done
test ! -e "$work/x"
expect_usage "missing shard" "shard 2/5 is missing" \
    "$bin" merge --quiet --out "$work/x" "$work"/native-5-{1,3,4,5}
expect_usage "doubled shard" "shard 1/2 given twice" \
    "$bin" merge --quiet --out "$work/x" "$work/native-2-1" "$work/native-2-1"
expect_usage "shards of two splits" "of 2 shards" \
    "$bin" merge --quiet --out "$work/x" "$work/native-2-1" "$work/native-5-2"
expect_usage "no folder" "usage: imslab merge" "$bin" merge --out "$work/x"
expect_usage "no run" "run-status.json" "$bin" merge --out "$work/x" "$work/nothing"
cp -r "$work/native-2-2" "$work/unfinished"
sed -i 's/"status": "complete"/"status": "interrupted"/' "$work/unfinished/run-status.json"
expect_usage "unfinished shard" "not complete" \
    "$bin" merge --quiet --out "$work/x" "$work/native-2-1" "$work/unfinished"
cp -r "$work/native-2-2" "$work/reseeded"
sed -i 's/^  "seed": 0,$/  "seed": 7,/' "$work/reseeded/results.json"
expect_usage "another seed" "another tool, suite or seed" \
    "$bin" merge --quiet --out "$work/x" "$work/native-2-1" "$work/reseeded"
cp -r "$work/native-2-2" "$work/edited"
sed -i '0,/"raised": /s/"raised": [0-9]*/"raised": "many"/' "$work/edited/results.json"
expect_usage "edited results" 'scenarios\[0\].raised: expected an integer' \
    "$bin" merge --quiet --out "$work/x" "$work/native-2-1" "$work/edited"
test ! -e "$work/x"

# a failed expectation in a shard is exit 1 of that shard and of the merge
sed 's/^    value: delivered$/    value: lost/' "$2/scenarios/kvm-msix-trap.yaml" >"$work/fails.yaml"
sh=$(for i in 1 2; do "$bin" run --quiet --shard "$i/2" --out "$work/f$i" \
         "$work/fails.yaml" "$2/scenarios/bare-idxd.yaml" >/dev/null 2>&1 || echo "$i"; done)
test -n "$sh"
rc=0
"$bin" merge --quiet --out "$work/fm" "$work/f1" "$work/f2" || rc=$?
test "$rc" -eq 1
grep -q '"exit": 1' "$work/fm/run-status.json"
grep -q 'failures="1"' "$work/fm/junit.xml"

echo "shard and merge: ok"
