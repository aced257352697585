#!/usr/bin/env bash
# make bench-fidelity (scripts/bench-fidelity.sh): every JSON line is well
# formed (name, published_low <= published_high, measured, within, inside,
# inputs, formula, blocked_by, with their types), `within` and `inside` say
# what the numbers say, and `measured` is what a separate run of
# scenarios/fidelity/ produced: each input equals the figure in that run's
# results JSON, and measured follows from the inputs by the line's formula.
# Whether a comparison is within its published range is not checked here.
set -euo pipefail
bin=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
bash "$src/scripts/bench-fidelity.sh" "$bin" "$work/bench" >"$work/out"
"$bin" run --quiet --out "$work/run" "$src"/scenarios/fidelity/*.yaml >/dev/null
exec python3 - "$work/out" "$work/run/results.json" <<'PY'
import json, sys

lines = [l for l in open(sys.argv[1]).read().splitlines() if l.startswith("{")]
res = {s["name"]: s for s in json.load(open(sys.argv[2]))["scenarios"]}
errors = []
keys = ["name", "published_low", "published_high", "measured", "within", "inside",
        "inputs", "formula", "source", "blocked_by"]
names = set()
if len(lines) < 5:
    errors.append(f"{len(lines)} JSON lines, want at least 5")
for l in lines:
    r = json.loads(l)
    n = r.get("name")
    if list(r) != keys:
        errors.append(f"{n}: keys {list(r)}")
        continue
    names.add(n)
    lo, hi, m = r["published_low"], r["published_high"], r["measured"]
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (lo, hi, m)):
        errors.append(f"{n}: published_low, published_high, measured must be numbers")
        continue
    if lo > hi:
        errors.append(f"{n}: published_low > published_high")
    if not isinstance(r["within"], bool) or r["within"] != (lo * 0.8 <= m <= hi * 1.2):
        errors.append(f"{n}: within {r['within']} for {m} in {lo}-{hi}")
    if not isinstance(r["inside"], bool) or r["inside"] != (lo <= m <= hi):
        errors.append(f"{n}: inside {r['inside']}")
    if not r["within"] and not r["blocked_by"]:
        errors.append(f"{n}: not within and no blocked_by")
    vals = []
    for k, v in r["inputs"].items():
        scn, path = k.split(".", 1)
        x = res["fidelity-" + scn]
        for p in path.split("."):
            x = x[p]
        if x != v:
            errors.append(f"{n}: input {k} is {v}, the run gave {x}")
        vals.append(x)
    f = r["formula"]
    calc = {"ratio": lambda a, b: a / b, "reduction": lambda a, b: 1 - a / b,
            "cycles": lambda a, b: (a - b) * 3, "value": lambda a: a}.get(f)
    if calc is None:
        errors.append(f"{n}: unknown formula {f}")
    elif round(calc(*vals), 3) != m:
        errors.append(f"{n}: measured {m}, the inputs give {calc(*vals)}")
if len(names) != len(lines):
    errors.append("duplicate names")
for e in errors:
    print("FAIL:", e)
sys.exit(1 if errors else 0)
PY
