#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# RTL in scenarios: a device with rtl: runs on the verilated design, built
# before anything runs.  The shipped scenarios in scenarios/rtl/ check and
# run with every expectation met and give the same record as their
# behavioral-layout twins (the reference RTL and the behavioral model agree
# cycle by cycle); a defective design (pending bit lost) changes the outcome
# of a system run; RTL that does not verilate, a design whose size is not
# the layout's, a layout the idxd drivers cannot program and a missing
# Verilator are exit 2 with nothing run.  Needs Verilator: exit 77 without.
set -euo pipefail
bin=$1 src=$2 work=$3
command -v verilator >/dev/null || { echo "SKIP: verilator not installed"; exit 77; }
rm -rf "$work" && mkdir -p "$work"
cache=${IMSLAB_TEST_RTL_CACHE:-$(dirname "$work")/rtl-cache-e2e}   # shared by build trees
rtl=$src/scenarios/rtl
expect2() {
    local want=$1; shift
    set +e
    out=$("$@" 2>&1)
    rc=$?
    set -e
    if [ $rc -ne 2 ]; then echo "exit $rc, not 2: $*"; echo "$out"; exit 1; fi
    if ! grep -qF -- "$want" <<<"$out"; then echo "no '$want' in: $out"; exit 1; fi
}

# the shipped RTL scenarios check (building the design) and run, with their
# layout twins, every expectation met
"$bin" check --rtl-cache "$cache" "$rtl/bare-rtl-idxd.yaml" "$rtl/kvm-emulate-rtl-idxd.yaml"
"$bin" run --quiet --rtl-cache "$cache" --out "$work/ok" \
    "$rtl/bare-rtl-idxd.yaml" "$rtl/kvm-emulate-rtl-idxd.yaml" \
    "$src/scenarios/bare-layout-idxd.yaml" "$src/scenarios/kvm-emulate-layout-idxd.yaml" \
    2>"$work/ok.err"
grep -q "from the cache" "$work/ok.err" || { cat "$work/ok.err"; exit 1; }
python3 - "$work/ok/results.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
by = {s["name"]: s for s in d["scenarios"]}
for s in d["scenarios"]:
    bad = [e for e in s["expectations"] if e["verdict"] != "pass"]
    if bad:
        sys.exit(f"{s['name']}: failed expectations {bad}")
for a, b in (("bare-rtl-idxd", "bare-layout-idxd"),
             ("kvm-emulate-rtl-idxd", "kvm-emulate-layout-idxd")):
    x, y = by[a], by[b]
    if x["outcome"] != "delivered" or x["delivered"] == 0 or x["lost"]:
        sys.exit(f"{a}: {x['outcome']}, {x['delivered']} delivered")
    if a.startswith("kvm") and x["ims_write_traps"] == 0:
        sys.exit(f"{a}: no IMS write traps")
    # outcome class and counts first (the clearer message), then the rest
    for k in ("outcome", "raised", "delivered", "misrouted", "faulted", "lost",
              "duplicated", "spurious", "refused", "exits_total",
              "ims_write_traps", "hypercalls", "ir_faults", "latency_ns"):
        if x[k] != y[k]:
            sys.exit(f"{a} vs {b}: {k} {x[k]} != {y[k]}")
    x, y = dict(x), dict(y)
    for k in ("name", "file", "description", "expectations", "path"):
        x.pop(k, None); y.pop(k, None)
    diff = [k for k in x if x[k] != y.get(k)]
    if diff:
        sys.exit(f"{a} differs from {b} in {diff}")
PY

# a defective design in the system: the pending bit is lost, so an interrupt
# raised while the driver has the entry masked never arrives (the reference
# RTL under the same events delivers everything)
# (ims_pending_lost.sv has no fn_mask nor reg_be port: the tie-offs go too)
sed -e 's/module ims_table_idxd/module ims_pending_lost_idxd/' \
    -e 's/ims_table #(/ims_pending_lost #(/' -e '/fn_mask\|reg_be/d' \
    "$src/models/rtl/ims_table_idxd.sv" > "$work/ims_pending_lost_idxd.sv"
mk_masked() {   # name, idxd top source, table source, top
    python3 - "$rtl/bare-rtl-idxd.yaml" "$work/$1.yaml" "$1" "$2" "$3" "$4" "$src" <<'PY'
import re, sys
inp, out, name, wrap, table, top, src = sys.argv[1:]
s = open(inp).read()
s = s.replace("name: bare-rtl-idxd", "name: " + name)
s = re.sub(r"sources: \[.*\]", f"sources: [{wrap}, {table}]", s)
s = s.replace("top: ims_table_idxd", "top: " + top)
s = s.replace("../../layouts/", src + "/layouts/")
s = re.sub(r"events:\n(?:  .*\n)*", "events:\n"
           "  - {at_us: 100, do: mask, device: dsa0, entry: 0}\n"
           "  - {at_us: 150, do: unmask, device: dsa0, entry: 0}\n", s)
s = re.sub(r"expect:\n(?:.*\n)*", "", s)
open(out, "w").write(s)
PY
}
mk_masked masked-ref "$src/models/rtl/ims_table_idxd.sv" "$src/models/rtl/ims_table.sv" ims_table_idxd
mk_masked masked-lost "$work/ims_pending_lost_idxd.sv" \
    "$src/tests/data/defects/ims_pending_lost.sv" ims_pending_lost_idxd
"$bin" run --quiet --rtl-cache "$cache" --out "$work/masked" \
    "$work/masked-ref.yaml" "$work/masked-lost.yaml" 2>/dev/null
python3 - "$work/masked/results.json" <<'PY'
import json, sys
by = {s["name"]: s for s in json.load(open(sys.argv[1]))["scenarios"]}
r, l = by["masked-ref"], by["masked-lost"]
if r["outcome"] != "delivered" or r["lost"]:
    sys.exit(f"reference RTL: {r['outcome']}, {r['lost']} lost")
if l["outcome"] != "lost" or l["lost"] == 0:
    sys.exit(f"pending-lost RTL: {l['outcome']}, {l['lost']} lost")
PY

# RTL that does not verilate: Verilator's file:line:column, exit 2, nothing run
printf 'module bad(input logic clk);\n  wire x = ;\nendmodule\n' > "$work/bad.sv"
sed -e "s#sources: \[.*\]#sources: [$work/bad.sv]#" -e 's/top: ims_table_idxd/top: bad/' \
    -e "s#../../layouts/#$src/layouts/#" "$rtl/bare-rtl-idxd.yaml" > "$work/s1.yaml"
expect2 "device 'dsa0': rtl: top 'bad' does not build" \
    "$bin" run --rtl-cache "$cache" --out "$work/x" "$work/s1.yaml"
expect2 "bad.sv:2:" "$bin" run --rtl-cache "$cache" --out "$work/x" "$work/s1.yaml"
expect2 "bad.sv:2:" "$bin" check --rtl-cache "$cache" "$work/s1.yaml"
# the reference table as verilated (64 entries) against a 256-entry layout
sed -e "s#sources: \[.*\]#sources: [$src/models/rtl/ims_table.sv]#" \
    -e 's/top: ims_table_idxd/top: ims_table/' \
    -e "s#../../layouts/#$src/layouts/#" "$rtl/bare-rtl-idxd.yaml" > "$work/s2.yaml"
expect2 "device 'dsa0': rtl: top 'ims_table' has 64 entries (its ENTRIES parameter) but layout '$src/layouts/ref-256.yaml' has 256" \
    "$bin" run --rtl-cache "$cache" --out "$work/x" "$work/s2.yaml"
# a register map the idxd drivers cannot program
sed -e "s#../../layouts/ref-256.yaml#$src/layouts/mlx5.yaml#" \
    -e "s#\.\./\.\./#$src/#g" "$rtl/bare-rtl-idxd.yaml" > "$work/s3.yaml"
expect2 "does not have the idxd slot layout the drivers program: storage must be mmio" \
    "$bin" run --rtl-cache "$cache" --out "$work/x" "$work/s3.yaml"
# a missing source: the scenario's own FILE:LINE:COLUMN
sed -e "s#sources: \[.*\]#sources: [$work/none.sv]#" \
    -e "s#../../layouts/#$src/layouts/#" "$rtl/bare-rtl-idxd.yaml" > "$work/s4.yaml"
expect2 "s4.yaml:24:17: error: devices[0].rtl.sources[0]: cannot read '$work/none.sv'" \
    "$bin" run --rtl-cache "$cache" --out "$work/x" "$work/s4.yaml"
# no Verilator on this system: `check` says so (exit 2); `run` skips the
# scenario with that reason (tests/e2e/tap.sh checks every output)
expect2 "a device with rtl needs Verilator" \
    env PATH=/nonexistent "$bin" check --rtl-cache "$cache" "$rtl/bare-rtl-idxd.yaml"
test ! -e "$work/x" || { echo "output written despite bad input"; exit 1; }
env PATH=/nonexistent "$bin" run -v --rtl-cache "$cache" --out "$work/noverilator" \
    "$rtl/bare-rtl-idxd.yaml" 2> "$work/noverilator.err" >/dev/null
grep -q "^SKIP bare-rtl-idxd (device 'dsa0': rtl: a device with rtl needs Verilator" \
    "$work/noverilator.err"
