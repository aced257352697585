#!/usr/bin/env bash
# Outputs of `imslab run` (issue 10, cases 3 and 5): --out is checked before
# any work; a reused --out loses the previous run's outputs; every output
# is whole or absent, run-status.json says how the run ended; SIGTERM to
# the parent alone stops its children; 30 SIGTERMs at random moments near
# the end of a run leave no partial file.
set -euo pipefail
bin=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }
S=$src/scenarios
two=("$S/bare-idxd.yaml" "$S/kvm-emulate-idxd.yaml")

# case 3: --out naming a file is exit 2 before anything is loaded or run
touch "$work/file"
set +e
out=$("$bin" run --out "$work/file" "${two[@]}" 2>&1); rc=$?
set -e
[ $rc -eq 2 ] || fail "run --out FILE: exit $rc"
grep -qF -- "--out: '$work/file' exists and is not a folder" <<<"$out" || fail "run: $out"
grep -q "imslab matrix" <<<"$out" && fail "run --out FILE ran the suite"
set +e
out=$("$bin" vendor --out "$work/file" --layout "$src/layouts/idxd.yaml" 2>&1); rc=$?
set -e
[ $rc -eq 2 ] || fail "vendor --out FILE: exit $rc"
grep -qF -- "--out: '$work/file' exists and is not a folder" <<<"$out" || fail "vendor: $out"
set +e
out=$("$bin" run --out "$work/no/such/dir" "${two[@]}" 2>&1); rc=$?
set -e
[ $rc -eq 2 ] || fail "run --out in a missing folder: exit $rc"
grep -qF -- "--out: cannot create '$work/no/such/dir'" <<<"$out" || fail "missing parent: $out"

# a complete run: every output, then run-status.json saying so
"$bin" run --quiet --out "$work/ok" -j2 "${two[@]}"
python3 - "$work/ok/run-status.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
want = {"schema": "imslab.run-status/1", "status": "complete", "exit": 0,
        "scenarios": 2, "finished": 2, "signal": None,
        "outputs": ["results.json", "junit.xml", "matrix.txt", "run-info.json"]}
if s != want:
    sys.exit(f"run-status.json: {s}")
PY

# reuse: the previous run's outputs and traces go; other files stay
cp -r "$work/ok" "$work/reuse"
touch "$work/reuse/old.trace" "$work/reuse/.imslab-results.json.AbC123" "$work/reuse/mine.txt"
"$bin" run --quiet --out "$work/reuse" "$S/bare-idxd.yaml"
[ ! -e "$work/reuse/old.trace" ] || fail "a previous trace survived"
[ ! -e "$work/reuse/.imslab-results.json.AbC123" ] || fail "a temporary file survived"
[ -e "$work/reuse/mine.txt" ] || fail "a file imslab does not write was removed"
grep -q '"scenarios": 1,' "$work/reuse/run-status.json" || fail "status not of the new run"

# SIGTERM to the parent alone: its children stop too, and the run leaves
# no results, only a status saying it was interrupted
cat > "$work/long.yaml" <<'YAML'
imslab: 1
name: long
duration_us: 60
vmm: {personality: bare}
devices: [{name: d, model: idxd, bdf: "6a:01.0"}]
assign: [{device: d, vectors: 1}]
workload: [{device: d, rate_hz: 10000000000, arrivals: periodic}]
YAML
cp "$work/long.yaml" "$work/long2.yaml"; sed -i 's/name: long/name: long2/' "$work/long2.yaml"
cp -r "$work/ok" "$work/int"
"$bin" run --quiet --out "$work/int" -j2 "$work/long.yaml" "$work/long2.yaml" 2>"$work/int.err" &
pid=$!
kids=""
for _ in $(seq 100); do
    kids=$(ps -o pid= --ppid "$pid" | tr -d ' ' | tr '\n' ' ' || true)
    [ -n "$kids" ] && break
    sleep 0.01
done
[ -n "$kids" ] || fail "no child seen"
kill -TERM "$pid"
set +e
wait "$pid"; rc=$?
set -e
[ $rc -eq 143 ] || fail "interrupted run: exit $rc, not 143 (SIGTERM)"
for k in $kids; do
    if kill -0 "$k" 2>/dev/null; then fail "child $k still running"; fi
done
grep -q "interrupted by SIGTERM" "$work/int.err" || fail "no message: $(cat "$work/int.err")"
[ "$(ls -A "$work/int")" = "run-status.json" ] || fail "left: $(ls -A "$work/int")"
grep -q '"status": "interrupted"' "$work/int/run-status.json" || fail "status"
grep -q '"signal": "SIGTERM"' "$work/int/run-status.json" || fail "signal"

# 30 SIGTERMs at random moments of short runs over a previous complete set
for i in $(seq 30); do
    d="$work/k$i"
    cp -r "$work/ok" "$d"
    "$bin" run --quiet --out "$d" -j2 "${two[@]}" 2>/dev/null &
    pid=$!
    sleep "$(printf "0.%03d" $(( RANDOM % 25 )))"
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" || true
done
python3 - "$work" <<'PY'
import json, os, sys, xml.etree.ElementTree as ET
work = sys.argv[1]
seen = {}
for i in range(1, 31):
    d = os.path.join(work, f"k{i}")
    names = set(os.listdir(d))
    tmp = [n for n in names if n.startswith(".imslab-")]
    if tmp:
        sys.exit(f"{d}: temporary files left: {tmp}")
    st = json.load(open(os.path.join(d, "run-status.json")))
    listed = set(st["outputs"])
    if names != listed | {"run-status.json"}:
        sys.exit(f"{d}: files {sorted(names)} but status lists {sorted(listed)}")
    for n in listed:
        p = os.path.join(d, n)
        if n.endswith(".json"):
            json.load(open(p))
        elif n.endswith(".xml"):
            ET.parse(p)
        elif not open(p).read().rstrip().endswith("failed"):
            sys.exit(f"{p}: truncated")
    if st["status"] == "interrupted" and listed and len(listed) != 4:
        sys.exit(f"{d}: an interrupted run with a partial set")
    key = (st["status"], len(listed))
    seen[key] = seen.get(key, 0) + 1
print("states:", seen)
PY
