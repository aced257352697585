#!/usr/bin/env bash
# Layout descriptors in scenarios: a device with layout: runs on the
# behavioral model and gives the built-in kind's results; a bad descriptor,
# or a layout on a device that cannot take one, is exit 2 with a
# FILE:LINE:COLUMN (or FILE: error:) message, and nothing runs.
set -euo pipefail
bin=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
expect2() {
    local want=$1; shift
    set +e
    out=$("$@" 2>&1)
    rc=$?
    set -e
    if [ $rc -ne 2 ]; then echo "exit $rc, not 2: $*"; exit 1; fi
    if ! grep -qF -- "$want" <<<"$out"; then echo "no '$want' in: $out"; exit 1; fi
}
# the shipped layout scenarios check and run, with their expectations met
"$bin" check "$src/scenarios/bare-layout-idxd.yaml" "$src/scenarios/kvm-emulate-layout-idxd.yaml"
"$bin" run --quiet --out "$work/ok" "$src/scenarios/bare-layout-idxd.yaml" \
    "$src/scenarios/kvm-emulate-layout-idxd.yaml" "$src/scenarios/bare-idxd.yaml" \
    "$src/scenarios/kvm-emulate-idxd.yaml"
# same delivered/raised counts and latencies as the built-in idxd kind
python3 - "$work/ok/results.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
by = {s["name"]: s for s in d["scenarios"]}
for a, b in (("bare-layout-idxd", "bare-idxd"),
             ("kvm-emulate-layout-idxd", "kvm-emulate-idxd")):
    x, y = dict(by[a]), dict(by[b])
    for k in ("name", "file", "expectations", "path"):
        x.pop(k, None); y.pop(k, None)
    if x != y:
        sys.exit(f"{a} differs from {b}")
PY
# a bad descriptor: its own file:line:column, exit 2, nothing run
sed 's/width: 20 }/width: 21 }/' "$src/layouts/idxd.yaml" > "$work/bad-layout.yaml"
sed "s#layout: ../layouts/idxd.yaml#layout: $work/bad-layout.yaml#" \
    "$src/scenarios/bare-layout-idxd.yaml" > "$work/s1.yaml"
expect2 "bad-layout.yaml:20:44: error: fields.pasid.width: pasid must be 1..20 bits wide (got 21) (layout of device 'dsa0' at $work/s1.yaml:18:13)" \
    "$bin" run --out "$work/x" "$work/s1.yaml"
expect2 "bad-layout.yaml:20:44: error:" "$bin" check "$work/s1.yaml"
# a descriptor the idxd drivers cannot program
sed "s#layout: ../layouts/idxd.yaml#layout: $src/layouts/ref.yaml#" \
    "$src/scenarios/bare-layout-idxd.yaml" > "$work/s2.yaml"
expect2 "s2.yaml:18:13: error: devices[0].layout: '$src/layouts/ref.yaml' does not have the idxd slot layout" \
    "$bin" run --out "$work/x" "$work/s2.yaml"
# a clock period other than the scenario's 500 MHz (clock_ps, vendor only)
{ cat "$src/layouts/idxd.yaml"; echo "clock_ps: 4000"; } > "$work/clk-layout.yaml"
sed "s#layout: ../layouts/idxd.yaml#layout: $work/clk-layout.yaml#" \
    "$src/scenarios/bare-layout-idxd.yaml" > "$work/s4.yaml"
expect2 "s4.yaml:18:13: error: devices[0].layout: '$work/clk-layout.yaml' does not have the idxd slot layout the drivers program: clock_ps must be 2000 (or absent): a scenario runs the design at 500 MHz" \
    "$bin" run --out "$work/x" "$work/s4.yaml"
# a missing file is an error at the key that names it
sed "s#layout: ../layouts/idxd.yaml#layout: $work/none.yaml#" \
    "$src/scenarios/bare-layout-idxd.yaml" > "$work/s3.yaml"
expect2 "s3.yaml:18:13: error: devices[0].layout: '$work/none.yaml': cannot read: No such file or directory" \
    "$bin" run --out "$work/x" "$work/s3.yaml"
test ! -e "$work/x" || { echo "output written despite bad input"; exit 1; }
