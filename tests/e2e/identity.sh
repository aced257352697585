#!/usr/bin/env bash
# Identity of records: two scenarios of one name are refused (exit 2, both
# files named, nothing run); each record carries its file and its seed;
# --suite-name names the suite in results.json and junit.xml (package=).
set -euo pipefail
bin=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
cp "$src/scenarios/bare-idxd.yaml" "$work/copy.yaml"
set +e
out=$("$bin" run --out "$work/dup" "$src/scenarios/bare-idxd.yaml" "$work/copy.yaml" 2>&1)
rc=$?
set -e
[ $rc -eq 2 ] || { echo "duplicate names: exit $rc, not 2"; exit 1; }
grep -qF "$work/copy.yaml: error: scenario name 'bare-idxd' is also the name of $src/scenarios/bare-idxd.yaml" <<<"$out" \
    || { echo "message does not name both files: $out"; exit 1; }
[ ! -e "$work/dup" ] || { echo "a refused run left an output folder"; exit 1; }

sed 's/^seed:.*//' "$src/scenarios/bare-idxd.yaml" > "$work/s.yaml"
printf 'seed: 99\n' >> "$work/s.yaml"
"$bin" run --quiet --suite-name nightly --out "$work/o" "$work/s.yaml" >/dev/null
python3 - "$work" <<'PY'
import json, sys
w = sys.argv[1]
d = json.load(open(f"{w}/o/results.json"))
r = d["scenarios"][0]
assert d["suite"] == "nightly", d["suite"]
assert d["seed"] == 0, d["seed"]
assert r["file"] == f"{w}/s.yaml", r["file"]
assert r["seed"] == 99, r["seed"]
assert list(r)[:3] == ["name", "file", "seed"], list(r)[:3]
PY
grep -q ' package="imslab.nightly">' "$work/o/junit.xml" || { echo "junit suite name"; exit 1; }
grep -q 'classname="imslab.nightly"' "$work/o/junit.xml" || { echo "junit classname"; exit 1; }
"$bin" run --quiet --seed 5 --out "$work/o5" "$work/s.yaml" >/dev/null
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["seed"]==5 and d["scenarios"][0]["seed"]==5' "$work/o5/results.json"
# the built-in suite names its files relative to the suite
"$bin" run --quiet -j2 --out "$work/b" >/dev/null || true
python3 - "$work/b/results.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for r in d["scenarios"]:
    assert r["file"].startswith("scenarios/") and r["file"].endswith(".yaml"), r["file"]
    assert r["seed"] >= 1, r
PY
# --version: the project version, and git describe when built from a checkout
"$bin" --version | grep -Eqx 'imslab [0-9]+\.[0-9]+\.[0-9]+( \(git [^)]+\))?' ||
    { echo "--version: $("$bin" --version)"; exit 1; }
echo ok
