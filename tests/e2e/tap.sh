#!/usr/bin/env bash
# `imslab run --format tap` and `-v`, and skipped scenarios: a scenario with
# an RTL device on a host without Verilator (PATH without it) is skipped,
# not an error, and counted as such in results.json, junit.xml, matrix.txt,
# the TAP stream, the -v lines, the HTML report, `imslab merge` of shards
# and `imslab diff`.  The -v lines and TAP come in suite order at any -j.
set -euo pipefail
source "$(dirname "$0")/junit_mask.bash"
bin=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work"

# a scenario that fails one expectation (vm_exits is 0 on bare metal)
sed -e 's/^name: bare-idxd$/name: bare-idxd-wrong/' \
    -e '/rule: E2E-BARE-02/,/value:/s/value: 0/value: 5/' \
    "$src/scenarios/bare-idxd.yaml" > "$work/wrong.yaml"
grep -q 'value: 5' "$work/wrong.yaml"
files=("$src/scenarios/kvm-emulate-idxd.yaml" "$src/scenarios/rtl/bare-rtl-idxd.yaml"
       "$work/wrong.yaml" "$src/scenarios/bare-idxd.yaml")
nort=(env PATH=/nonexistent "$bin")

for j in 1 2; do
    rc=0
    "${nort[@]}" run -v --format tap -j "$j" --out "$work/j$j" "${files[@]}" \
        > "$work/j$j.tap" 2> "$work/j$j.err" || rc=$?
    [ "$rc" = 1 ] || { echo "-j $j: exit $rc, expected 1 (one failed expectation)"; cat "$work/j$j.err"; exit 1; }
done
cmp "$work/j1.tap" "$work/j2.tap"
cmp "$work/j1.err" "$work/j2.err"
for f in results.json junit.xml matrix.txt; do same_output "$work/j1/$f" "$work/j2/$f"; done

why="device 'dsa0': rtl: a device with rtl needs Verilator (5.0 or later) to build its design, and this system has none (verilator --version: verilator not found in PATH)"
# TAP version 14: plan, one point per scenario, YAML block on the failure
python3 - "$work/j1.tap" "$why" <<'PY'
import sys
got = open(sys.argv[1]).read().splitlines()
want = [
    "TAP version 14", "1..4",
    "ok 1 - kvm-emulate-idxd",
    "ok 2 - bare-rtl-idxd # SKIP " + sys.argv[2],
    "not ok 3 - bare-idxd-wrong",
    "  ---",
    '  message: "1 of 3 expectations failed"',
    "  failed:",
    '      - rule: "E2E-BARE-02"',
    '        metric: "vm_exits"',
    '        op: "eq"',
    '        expected: "5"',
    '        actual: "0"',
    '        scope: ""',
    "  ...",
    "ok 4 - bare-idxd",
]
assert got == want, "\n".join(got)
PY
# -v: one line per scenario on stderr, suite order
printf '%s\n' "PASS kvm-emulate-idxd" "SKIP bare-rtl-idxd ($why)" "FAIL bare-idxd-wrong" \
    "PASS bare-idxd" | diff - <(grep -E '^(PASS|FAIL|SKIP) ' "$work/j1.err")

# the counts everywhere
python3 - "$work/j1" "$why" <<'PY'
import json, sys, xml.etree.ElementTree as ET
d = json.load(open(sys.argv[1] + "/results.json"))
assert d["summary"]["skipped"] == 1, d["summary"]
sk = [s for s in d["scenarios"] if "skipped" in s]
assert [s["name"] for s in sk] == ["bare-rtl-idxd"] and sk[0]["skipped"] == sys.argv[2]
assert sk[0]["expectations"] == [] and sk[0]["device"] == "idxd" and sk[0]["seed"] == 1
suites = ET.parse(sys.argv[1] + "/junit.xml").getroot().findall("testsuite")
assert [s.get("skipped") for s in suites] == ["0", "1", "0", "0"], [s.attrib for s in suites]
assert [s.get("failures") for s in suites] == ["0", "0", "1", "0"]
sk = suites[1]
assert sk.get("name") == "bare-rtl-idxd" and sk.get("time") == "0.000", sk.attrib
cases = sk.findall("testcase")
assert len(cases) == 1 and cases[0].get("name") == "bare-rtl-idxd"
assert cases[0].find("skipped").get("message") == sys.argv[2]
PY
grep -qx "  SKIP bare-rtl-idxd: $why" "$work/j1/matrix.txt"
tail -n 1 "$work/j1/matrix.txt" | grep -Eqx '[0-9]+ passed, 1 failed, 1 skipped'
grep -q 'idxd/passthrough  SKIP ' "$work/j1/matrix.txt"

# the HTML report: the skipped cell, its section says why
"$bin" report "$work/j1" >/dev/null
grep -q '<td class="cell out-skipped">' "$work/j1/report.html"
grep -q ' 1 skipped</p>' "$work/j1/report.html"
grep -q '<p class="skip">skipped: device ' "$work/j1/report.html"

# shards merged: the skip comes back, byte for byte the unsharded run
for i in 1 2; do
    "${nort[@]}" run --quiet --shard "$i/2" --out "$work/s$i" "${files[@]}" || true
done
"$bin" merge --quiet --out "$work/merged" "$work/s1" "$work/s2" || true
for f in results.json junit.xml matrix.txt; do same_output "$work/j1/$f" "$work/merged/$f"; done

# diff: skipped in B, ran in A is a regression naming the reason; B to A is
# not (A: the same results as if the scenario had run)
mkdir "$work/ran"
python3 - "$work/j1/results.json" "$work/ran/results.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for s in d["scenarios"]:
    s.pop("skipped", None)
json.dump(d, open(sys.argv[2], "w"), indent=2)
PY
rc=0; out=$("$bin" diff "$work/ran" "$work/j1") || rc=$?
[ "$rc" = 1 ] || { echo "diff ran -> skipped: exit $rc"; exit 1; }
echo "$out" | grep -qF "! skipped bare-rtl-idxd: ran -> skipped: $why"
rc=0; out=$("$bin" diff "$work/j1" "$work/ran") || rc=$?
[ "$rc" = 0 ] || { echo "diff skipped -> ran: exit $rc ($out)"; exit 1; }
echo "$out" | grep -qF "  skipped bare-rtl-idxd: skipped -> ran"
"$bin" diff --format json "$work/ran" "$work/j1" > "$work/d.json" || true
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["skipped"]=={"a":0,"b":1}, d["skipped"]' "$work/d.json"
[ -z "$("$bin" diff "$work/j1" "$work/j2")" ]

# --format is checked
rc=0; "$bin" run --format xml --out "$work/x" "$src/scenarios/bare-idxd.yaml" 2> "$work/fmt.err" || rc=$?
[ "$rc" = 2 ] && grep -q "^imslab run: --format: expected matrix or tap, got 'xml'$" "$work/fmt.err"
echo "tap, -v and skips: ok"
