#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Scoped expectations (expect[].device, expect[].vm) are checked on the
# interrupts of their scope, never on the scenario-wide figures: the files
# in tests/data/scenarios/scoped/ pass as written, and the same
# expectations with their scopes removed fail where the figures differ.  A
# metric that cannot be attributed to a scope is refused (exit 2, with
# FILE:LINE:COLUMN) before anything runs.
set -euo pipefail
bin=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work/unscoped"
dir=$src/tests/data/scenarios/scoped
"$bin" check "$dir"/two-vms.yaml "$dir"/emulate-mixed.yaml >/dev/null

# as written: every expectation holds
"$bin" run --quiet -j 1 --out "$work/scoped" "$dir"/two-vms.yaml "$dir"/emulate-mixed.yaml ||
    { echo "scoped expectations failed:"; grep FAIL "$work/scoped/matrix.txt"; exit 1; }
tail -n 1 "$work/scoped/matrix.txt" | grep -qx '35 passed, 0 failed'

# scopes removed: the expectations whose scope's figure is not the
# scenario's now fail, exactly these (scenario, expectation index)
for f in two-vms emulate-mixed; do
    awk '/^expect:/ { x = 1 } x && /^    (device|vm): / { next } { print }' \
        "$dir/$f.yaml" > "$work/unscoped/$f.yaml"
done
set +e
"$bin" run --quiet -j 1 --out "$work/unscoped/out" "$work/unscoped/two-vms.yaml" \
    "$work/unscoped/emulate-mixed.yaml"
rc=$?
set -e
[ $rc -eq 1 ] || { echo "unscoped run: exit $rc, not 1"; exit 1; }

python3 - "$work/scoped/results.json" "$work/unscoped/out/results.json" <<'PY'
import json, sys
scoped = {s["name"]: s for s in json.load(open(sys.argv[1]))["scenarios"]}
unscoped = {s["name"]: s for s in json.load(open(sys.argv[2]))["scenarios"]}
errors = []

def want(name, i, metric, scope, actual):
    e = scoped[name]["expectations"][i]
    got = (e["metric"], e["scope"], e["actual"], e["verdict"])
    if got != (metric, scope, actual, "pass"):
        errors.append(f"{name}[{i}]: {got} != {(metric, scope, actual, 'pass')}")

# the figures of each scope, as the simulation measured them
want("scoped-two-vms", 0, "outcome", "vm1", "delivered")
want("scoped-two-vms", 1, "raised", "vm1", "19")
want("scoped-two-vms", 2, "delivered", "nic0/vm1", "19")
want("scoped-two-vms", 3, "faulted", "nic0", "0")
want("scoped-two-vms", 4, "ir_faults", "vm1", "0")
want("scoped-two-vms", 6, "outcome", "vm0", "silent-failure")
want("scoped-two-vms", 7, "raised", "dsa0", "39")
want("scoped-two-vms", 9, "ir_fault_0x25", "dsa0/vm0", "39")
want("scoped-two-vms", 12, "outcome", "", "silent-failure")
want("scoped-two-vms", 13, "raised", "", "58")
want("scoped-emulate-mixed", 0, "outcome", "vm0", "delivered")
want("scoped-emulate-mixed", 1, "raised", "vm0", "39")
want("scoped-emulate-mixed", 6, "raised", "dsa0", "78")
want("scoped-emulate-mixed", 7, "lost", "dsa0", "39")
want("scoped-emulate-mixed", 8, "outcome", "dsa0", "silent-failure")
want("scoped-emulate-mixed", 9, "outcome", "cx0", "refused-fallback")
want("scoped-emulate-mixed", 18, "untrapped", "cx0", "0")
want("scoped-emulate-mixed", 11, "fallbacks", "vm1", "1")
want("scoped-emulate-mixed", 12, "delivered", "cx0", "15")
want("scoped-emulate-mixed", 17, "fallbacks", "", "1")

# the scenario records themselves are the scenario-wide figures
for name, s in scoped.items():
    u = unscoped[name]
    for k in ("raised", "delivered", "lost", "faulted", "outcome", "ir_faults"):
        if s[k] != u[k]:
            errors.append(f"{name}.{k}: {s[k]} scoped run, {u[k]} unscoped")

failing = sorted((s["name"], i) for s in unscoped.values()
                 for i, e in enumerate(s["expectations"])
                 if e["verdict"] == "fail")
expected = sorted([("scoped-two-vms", i) for i in (0, 1, 3, 4, 7, 8, 11)] +
                  [("scoped-emulate-mixed", i)
                   for i in (0, 1, 2, 3, 4, 6, 9, 10, 12, 13)])
if failing != expected:
    errors.append(f"unscoped failures {failing} != {expected}")
for e in errors:
    print(e)
sys.exit(1 if errors else 0)
PY

# a metric the models keep for the whole system only: refused, nothing run
bad=$src/tests/data/scenarios/bad/scope-hypercalls-vm.yaml
msg="$bad:35:9: error: expect[1].vm: metric hypercalls cannot be scoped to a VM: the VMM counts hypercalls for the whole system, not per VM or device (omit device and vm to check the scenario-wide figure)"
for cmd in check run; do
    set +e
    if [ $cmd = run ]; then
        "$bin" run --out "$work/x" "$bad" >"$work/out" 2>"$work/err"
    else
        "$bin" check "$bad" >"$work/out" 2>"$work/err"
    fi
    rc=$?
    set -e
    [ $rc -eq 2 ] || { echo "$cmd: exit $rc, not 2"; exit 1; }
    grep -qxF -- "$msg" "$work/err" || { echo "$cmd: no '$msg' in: $(cat "$work/err")"; exit 1; }
done
test ! -e "$work/x" || { echo "output written despite a refused scope"; exit 1; }
echo "scoped.sh: all passed"
