#!/usr/bin/env bash
# Bad input to `imslab run` is exit 2 with a message naming the flag or the
# file:line:column, and nothing is run (no output folder appears).
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
expect2 "--backend" "$bin" run --backend sparc --out "$work/x"
expect2 "-j" "$bin" run -j 0 --out "$work/x"
expect2 "--seed" "$bin" run --seed -4 --out "$work/x"
printf 'imslab: 1\nname: t\nduration_us: 10\nvmm: {personality: kvmm}\n' > "$work/bad.yaml"
expect2 "bad.yaml:4:" "$bin" run --out "$work/x" "$src/scenarios/bare-idxd.yaml" "$work/bad.yaml"
expect2 "--trace" "$bin" run --trace 'nosuchpoint*' --out "$work/x" "$src/scenarios/bare-idxd.yaml"
cat > "$work/ev.yaml" <<'YAML'
imslab: 1
name: ev
duration_us: 100
vmm: {personality: bare}
devices: [{name: d, model: idxd, bdf: "6a:01.0"}]
assign: [{device: d, vectors: 1}]
workload: [{device: d, rate_hz: 100000, arrivals: periodic}]
events:
  - at_us: 50
    do: revoke_handle
    device: d
YAML
# an event the device cannot carry out is refused, not silently ignored
expect2 "ev.yaml:10:9: error: events[0].do: 'revoke_handle' needs a device with int_handles: true" \
    "$bin" run --out "$work/x" "$work/ev.yaml"
test ! -e "$work/x" || { echo "output written despite bad input"; exit 1; }
# a function reset mid-run: the device forgets its entries (masked, bus
# mastering off), so the interrupts after it are lost, and the run says so
sed -i 's/revoke_handle/device_reset/' "$work/ev.yaml"
set +e
"$bin" run --quiet --out "$work/reset" "$work/ev.yaml"
set -e
grep -q '"outcome": "lost"' "$work/reset/results.json"
# a good file runs and exits 0
"$bin" run --quiet --out "$work/ok" "$src/scenarios/bare-idxd.yaml"
