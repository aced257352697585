#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# IR-QI-03: the host's IEC invalidations go through its invalidation queue;
# without CAP_REG.ESIRTPS the set-up has one more (the global invalidation
# after the table pointer set) than with it.  KVM emulating idxd, two
# vectors: one index-selective invalidation per IRTE, so 2 with ESIRTPS
# and 3 without; the interrupts are delivered either way.
set -euo pipefail
bin=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
sed 's/^platform:/platform:\n  iommu: {esirtps: true}/' \
    "$src/scenarios/kvm-emulate-idxd.yaml" > "$work/esirtps.yaml"
grep -q 'esirtps: true' "$work/esirtps.yaml"
"$bin" run --quiet -j 1 --out "$work/off" "$src/scenarios/kvm-emulate-idxd.yaml"
"$bin" run --quiet -j 1 --out "$work/on" "$work/esirtps.yaml"
flushes() {
    awk '/"setup": \{/ { s = 1 } s && /"iec_flushes"/ { gsub(/[^0-9]/, ""); print; exit }' "$1"
}
[ "$(flushes "$work/off/results.json")" = 3 ] ||
    { echo "no ESIRTPS: setup iec_flushes $(flushes "$work/off/results.json"), want 3"; exit 1; }
[ "$(flushes "$work/on/results.json")" = 2 ] ||
    { echo "ESIRTPS: setup iec_flushes $(flushes "$work/on/results.json"), want 2"; exit 1; }
grep -q '"outcome": "delivered"' "$work/on/results.json"
