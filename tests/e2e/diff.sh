#!/usr/bin/env bash
# imslab diff: a run against itself is empty (exit 0); against a run with
# one changed cell it names that cell (exit 1); added and removed scenarios,
# counts, latency over the threshold, JSON output; bad input is exit 2.
set -euo pipefail
bin=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
files=("$src/scenarios/bare-idxd.yaml" "$src/scenarios/kvm-emulate-idxd.yaml")
"$bin" run --quiet --out "$work/a" "${files[@]}"
out=$("$bin" diff "$work/a" "$work/a/results.json")
[ -z "$out" ] || { echo "self diff not empty: $out"; exit 1; }
"$bin" diff --format json "$work/a" "$work/a" > "$work/self.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["changes"]==[] and d["regressions"]==0, d' "$work/self.json"

# one changed cell: kvm-emulate-idxd faulted instead of delivered
python3 - "$work/a/results.json" "$work/b.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
s = [x for x in d["scenarios"] if x["name"] == "kvm-emulate-idxd"][0]
s["outcome"] = "faulted"; s["faulted"] = s["delivered"]; s["delivered"] = 0
json.dump(d, open(sys.argv[2], "w"), indent=2)
PY
set +e
out=$("$bin" diff "$work/a" "$work/b.json"); rc=$?
set -e
[ $rc -eq 1 ] || { echo "changed cell: exit $rc, not 1"; exit 1; }
grep -qx '! outcome kvm-emulate-idxd: delivered -> faulted (kvm | msix=trap ims=emulate cap=auto viommu=none | trusts-cap, idxd/passthrough)' <<<"$out" \
    || { echo "cell not named: $out"; exit 1; }
grep -q '! count kvm-emulate-idxd delivered: ' <<<"$out"
grep -qx '3 changes, 3 regressions' <<<"$out" || { echo "tally: $out"; exit 1; }
! grep -q bare-idxd <<<"$out"

# latency: within the threshold nothing, beyond it reported; going down is no regression
python3 - "$work/a/results.json" "$work/c.json" "$work/d.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
s = d["scenarios"][0]
p99 = s["latency_ns"]["p99"]
s["latency_ns"]["p99"] = p99 + p99 // 20          # +5%
json.dump(d, open(sys.argv[2], "w"))
s["latency_ns"]["p99"] = p99 // 2                 # -50%
d["scenarios"].append(dict(s, name="new-one"))
json.dump(d, open(sys.argv[3], "w"))
PY
out=$("$bin" diff "$work/a" "$work/c.json")
[ -z "$out" ] || { echo "5% reported at 10%: $out"; exit 1; }
set +e
"$bin" diff --threshold 1 "$work/a" "$work/c.json" >"$work/c.txt"; rc=$?
set -e
[ $rc -eq 1 ] && grep -q '! latency bare-idxd p99: ' "$work/c.txt" || { echo "latency +5% at 1%"; exit 1; }
out=$("$bin" diff "$work/a" "$work/d.json")
grep -q '^  latency bare-idxd p99: .*(-50.0%)$' <<<"$out" && grep -q '^  added: new-one' <<<"$out" \
    || { echo "improvement/added: $out"; exit 1; }
set +e
"$bin" diff "$work/d.json" "$work/a" >"$work/r.txt"; rc=$?
set -e
[ $rc -eq 1 ] && grep -q '^! removed: new-one' "$work/r.txt" || { echo "removed"; exit 1; }

set +e
"$bin" diff "$work/a" 2>/dev/null; r1=$?
"$bin" diff "$work/a" "$work/nope" 2>/dev/null; r2=$?
"$bin" diff --format xml "$work/a" "$work/a" 2>/dev/null; r3=$?
set -e
[ $r1 -eq 2 ] && [ $r2 -eq 2 ] && [ $r3 -eq 2 ] || { echo "usage: $r1 $r2 $r3"; exit 1; }
echo ok
