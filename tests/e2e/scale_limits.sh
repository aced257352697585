#!/usr/bin/env bash
# The raised scenario limits: 256 pCPUs with x2APIC IDs (an interrupt to
# vCPU 255 on pCPU 255 is delivered), 1,024 vCPUs over all VMs with the
# default placement; above them, or 256 pCPUs with xAPIC IDs, exit 2 at
# FILE:LINE:COLUMN.
set -euo pipefail
bin=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
scn=$src/tests/data/scenarios/scale-x2apic-1000-vcpus.yaml

"$bin" run --quiet --out "$work/ok" "$scn"
grep -q '"outcome": "delivered"' "$work/ok/results.json"
grep -q '"raised": 40,' "$work/ok/results.json"
grep -q '"delivered": 40,' "$work/ok/results.json"

refused() {   # MESSAGE SED-SCRIPT
    local rc=0
    sed "$2" "$scn" >"$work/bad.yaml"
    "$bin" check "$work/bad.yaml" 2>"$work/err.txt" >/dev/null || rc=$?
    test "$rc" -eq 2 && grep -qF -- "$1" "$work/err.txt" ||
        { echo "want: $1"; cat "$work/err.txt"; exit 1; }
}
refused "$work/bad.yaml:11:10: error: platform.pcpus: 256 pCPUs need x2APIC IDs" \
    's/eime: true/eime: false/'
refused "$work/bad.yaml:11:10: error: platform.pcpus: 257 is out of range" 's/pcpus: 256/pcpus: 257/'
refused "$work/bad.yaml:28:12: error: vms[1].vcpus: more than 1024 vcpus in all VMs" \
    's/vcpus: 24/vcpus: 25/'
refused "$work/bad.yaml:26:12: error: vms[0].vcpus: 1025 is out of range" \
    's/vcpus: 1000/vcpus: 1025/'
echo "scale limits: ok"
