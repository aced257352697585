#!/usr/bin/env bash
# Inputs (issue 10, cases 1, 2, 4, 6, 7): each gives a clear error and
# exit 2, or a correct run with its documented exit status.  The deeply
# nested files are generated here, not kept in the tree.
set -euo pipefail
bin=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
expect() {
    local code=$1 want=$2; shift 2
    set +e
    out=$("$@" 2>&1)
    rc=$?
    set -e
    if [ $rc -ne "$code" ]; then echo "exit $rc, not $code: $*"; echo "$out"; exit 1; fi
    if ! grep -qF -- "$want" <<<"$out"; then echo "no '$want' in: $out"; exit 1; fi
}
S=$src/scenarios
head='imslab: 1
name: t
duration_us: 100
vmm: {personality: bare}'

# 1: 100,000 nested flow sequences or mappings, refused at the first level
# too deep, before libyaml builds a document (scenario and layout alike)
python3 -c "print('[' * 100000)" > "$work/deep-seq.yaml"
expect 2 "deep-seq.yaml:1:34: error: nesting deeper than 32 levels" "$bin" check "$work/deep-seq.yaml"
python3 -c "print('imslab: 1\nname: t\nk: ' + '{a: ' * 100000)" > "$work/deep-map.yaml"
expect 2 "deep-map.yaml:3:132: error: nesting deeper than 32 levels" "$bin" check "$work/deep-map.yaml"
python3 -c "print('imslab-layout: 1\nname: x\nfields: ' + '[' * 100000)" > "$work/deep-layout.yaml"
expect 2 "deep-layout.yaml:3:41: error: nesting deeper than 32 levels" \
    "$bin" vendor --out "$work/v" --layout "$work/deep-layout.yaml"
# block nesting too, and 32 levels are still fine
python3 - "$work" <<'PY'
import sys
w = sys.argv[1]
def nest(n):
    return "".join("  " * i + f"k{i}:\n" for i in range(n)) + "  " * n + "v: 1\n"
open(f"{w}/block33.yaml", "w").write("imslab: 1\nname: t\nx:\n" + "".join("  " + l + "\n" for l in nest(33).splitlines()))
open(f"{w}/block31.yaml", "w").write("imslab: 1\nname: t\nx:\n" + "".join("  " + l + "\n" for l in nest(30).splitlines()))
PY
expect 2 "nesting deeper than 32 levels" "$bin" check "$work/block33.yaml"
expect 2 "block31.yaml:3:1: error: unknown top-level key 'x'" "$bin" check "$work/block31.yaml"

# 2: no read grows past the input limit: a device, a FIFO nobody writes,
# a file over a lowered limit; the limit can be raised
expect 2 "/dev/zero: error: larger than the input limit of 16777216 bytes (--max-input-bytes raises it)" \
    "$bin" check /dev/zero
mkfifo "$work/fifo"
expect 2 "fifo:1:1: error: empty scenario" "$bin" check "$work/fifo"
expect 2 "bare-idxd.yaml: error: larger than the input limit of 100 bytes" \
    "$bin" check --max-input-bytes 100 "$S/bare-idxd.yaml"
expect 0 "bare-idxd.yaml: ok" "$bin" check --max-input-bytes 100000 "$S/bare-idxd.yaml"
expect 2 "bare-idxd.yaml: error: larger than the input limit of 100 bytes" \
    "$bin" run --max-input-bytes 100 --out "$work/x" "$S/bare-idxd.yaml"
expect 2 "/dev/zero: error: larger than the input limit" \
    "$bin" vendor --out "$work/v" --layout /dev/zero
sed 's#layout: ../layouts/idxd.yaml#layout: /dev/zero#' "$S/bare-layout-idxd.yaml" > "$work/zero.yaml"
expect 2 "zero.yaml:18:13: error: devices[0].layout: '/dev/zero': larger than the input limit of 16777216 bytes" \
    "$bin" check "$work/zero.yaml"
# a layout is read with the scenario's limit
{ cat "$src/layouts/idxd.yaml"; python3 -c "print('#' * 2000)"; } > "$work/big-layout.yaml"
sed "s#layout: ../layouts/idxd.yaml#layout: $work/big-layout.yaml#" "$S/bare-layout-idxd.yaml" > "$work/big.yaml"
expect 2 "big.yaml:18:13: error: devices[0].layout: '$work/big-layout.yaml': larger than the input limit of 1500 bytes" \
    "$bin" check --max-input-bytes 1500 "$work/big.yaml"

# 4: checks made after loading name the key that caused them
cat > "$work/mlx5.yaml" <<YAML
$head
devices:
  - {name: m, model: mlx5, bdf: "6a:01.0", layout: $src/layouts/idxd.yaml}
assign: [{device: m, vectors: 1}]
YAML
expect 2 "mlx5.yaml:6:52: error: devices[0].layout: only a device of model idxd can take its IMS from a layout descriptor (this one is mlx5)" \
    "$bin" check "$work/mlx5.yaml"
cat > "$work/entries.yaml" <<YAML
$head
devices:
  - name: d
    model: idxd
    bdf: "6a:01.0"
    ims_entries: 64
    layout: $src/layouts/idxd.yaml
assign: [{device: d, vectors: 1}]
YAML
expect 2 "entries.yaml:9:18: error: devices[0].ims_entries: ims_entries is 64 but layout '$src/layouts/idxd.yaml' has 256 entries" \
    "$bin" run --out "$work/x" "$work/entries.yaml"
test ! -e "$work/x" || { echo "output written despite bad input"; exit 1; }

# 6: a rate whose period is below 1 ps is refused; a storm the models can
# carry out runs, and its cell is flagged as overloaded (RUN-03, exit 1)
cat > "$work/storm.yaml" <<YAML
$head
devices: [{name: d, model: idxd, bdf: "6a:01.0"}]
assign: [{device: d, vectors: 1}]
workload: [{device: d, rate_hz: 2000000000000, arrivals: periodic}]
YAML
expect 2 "storm.yaml:7:33: error: workload[0].rate_hz: 2000000000000 Hz: the period between arrivals is below the event kernel's resolution of 1 ps (at most 1000000000000 Hz)" \
    "$bin" check "$work/storm.yaml"
sed -i 's/rate_hz: 2000000000000/rate_hz: 100000000/; s/duration_us: 100/duration_us: 10/' "$work/storm.yaml"
expect 1 "FAIL t/RUN-03: offered_load lt 1, actual 98.2 (100000000 Hz per ADI x p50 982 ns): would queue" \
    "$bin" run --out "$work/storm" "$work/storm.yaml"
grep -q '"rule": "RUN-03"' "$work/storm/results.json"

# 7: --seed as the format reads numbers; merge keys named; a BOM is
# accepted; the list of metrics is whole
expect 2 "imslab run: --seed: '010': leading zeros are not allowed" \
    "$bin" run --seed 010 --out "$work/x"
expect 2 "imslab vendor: --seed: '010': leading zeros are not allowed" \
    "$bin" vendor --seed 010 --out "$work/x"
printf '%s\nbase: &b {personality: bare}\nvmm2:\n  <<: *b\n' "$head" > "$work/merge.yaml"
expect 2 "merge.yaml:7:3: error: merge keys ('<<') are not supported" "$bin" check "$work/merge.yaml"
printf '\xef\xbb\xbf' > "$work/bom.yaml"; cat "$S/bare-idxd.yaml" >> "$work/bom.yaml"
expect 0 "bom.yaml: ok (bare-idxd)" "$bin" check "$work/bom.yaml"
printf '%s\ndevices: [{name: d, model: idxd, bdf: "6a:01.0"}]\nexpect: [{rule: X-1, metric: nosuch, value: 1}]\n' \
    "$head" > "$work/metric.yaml"
expect 2 "throughput_vs_bare, hypercalls_alloc, hypercalls_retarget, hypercalls_free, untrapped, bypass_switches, eventfd_signals)" "$bin" run --out "$work/x" "$work/metric.yaml"
test ! -e "$work/x" || { echo "output written despite bad input"; exit 1; }

# 8: forge_handle: the handle is 16 bits, irte_index is required, and only
# an idxd device of the built-in layout takes it (exit 2, nothing run)
forge='imslab: 1
name: f
duration_us: 100
platform: {pcpus: 4}
vmm: {personality: kvm, ims: hypercall}
vms: [{name: v, vcpus: 2, guest: hypercall-aware, pcpus: [1, 2]}]
assign: [{device: d, vm: v, vectors: 2}]
workload: [{device: d, rate_hz: 100000, arrivals: periodic}]'
printf '%s\ndevices: [{name: d, model: idxd, bdf: "6a:01.0"}]\nevents: [{at_us: 50, do: forge_handle, device: d, irte_index: 70000}]\n' \
    "$forge" > "$work/forge.yaml"
expect 2 "forge.yaml:10:63: error: events[0].irte_index: 70000 is out of range (0..65535)" \
    "$bin" check "$work/forge.yaml"
sed -i 's/, irte_index: 70000//' "$work/forge.yaml"
expect 2 "forge.yaml:10:10: error: events[0]: missing required key 'irte_index' (needed by 'forge_handle')" \
    "$bin" check "$work/forge.yaml"
printf '%s\ndevices: [{name: d, model: mlx5, bdf: "6a:01.0"}]\nevents: [{at_us: 50, do: forge_handle, device: d, irte_index: 1}]\n' \
    "$forge" > "$work/forge-mlx5.yaml"
expect 2 "'forge_handle' needs an idxd device of the built-in layout" \
    "$bin" run --out "$work/xf" "$work/forge-mlx5.yaml"
test ! -e "$work/xf" || { echo "output written despite bad input"; exit 1; }

# 9: set_affinity to a set of vCPUs: vcpus only with delivery
# lowest-priority, members of the VM, each once, not with vcpu too
bypass() {
    python3 - "$S/kvm-bypass-switch-msix.yaml" "$work/$1.yaml" "$2" <<'PY'
import sys
src = open(sys.argv[1]).read()
old = "    vcpus: [0, 1]\n    delivery: lowest-priority\n"
assert old in src
open(sys.argv[2], "w").write(src.replace(old, sys.argv[3].replace("|", "\n")))
PY
}
bypass fixed '    vcpus: [0, 1]|'
expect 2 "fixed.yaml:50:5: error: events[0].vcpus: a set of vCPUs needs delivery: lowest-priority" \
    "$bin" check "$work/fixed.yaml"
bypass twice '    vcpus: [0, 0]|    delivery: lowest-priority|'
expect 2 "twice.yaml:50:16: error: events[0].vcpus[1]: vcpu 0 is listed twice" \
    "$bin" check "$work/twice.yaml"
bypass nosuch '    vcpus: [0, 2]|    delivery: lowest-priority|'
expect 2 "nosuch.yaml:50:16: error: events[0].vcpus[1]: vcpu 2 does not exist (VM 'vm0' has 2 vcpus)" \
    "$bin" check "$work/nosuch.yaml"
bypass lowone '    vcpu: 1|    delivery: lowest-priority|'
expect 2 "lowone.yaml:51:5: error: events[0].delivery: lowest-priority needs a list 'vcpus'" \
    "$bin" check "$work/lowone.yaml"
bypass both '    vcpu: 1|    vcpus: [0, 1]|    delivery: lowest-priority|'
expect 2 "both.yaml:51:5: error: events[0].vcpus: give vcpu or vcpus, not both" \
    "$bin" check "$work/both.yaml"
bypass empty '    vcpus: []|    delivery: lowest-priority|'
expect 2 "empty.yaml:50:12: error: events[0].vcpus: an empty list (give at least one vCPU)" \
    "$bin" check "$work/empty.yaml"
