#!/usr/bin/env bash
# node.sh DURATION_US: the scenario of `make bench-scale` on stdout, the
# largest node the scenario format describes (docs/scale.md): 64 pCPUs,
# 4 VMs x 64 vCPUs (256 vCPUs, default placement: 4 per pCPU), 16 idxd
# devices x 64 ADIs x 64 vectors = 65,536 IMS entries and IRTEs in use,
# every ADI at 1 kHz (1.05 M interrupts per simulated second).
set -euo pipefail
us=$1
cat <<YAML
imslab: 1
name: bench-scale-node
description: "64 pCPUs, 256 vCPUs, 16 devices x 4096 IMS entries, 64 K IRTEs"
duration_us: $us
platform:
  pcpus: 64
  iommu:
    eime: true
vmm:
  personality: kvm
  msix: trap
  ims: hypercall
vms:
YAML
for v in 0 1 2 3; do
    printf '  - { name: vm%d, vcpus: 64, guest: hypercall-aware }\n' "$v"
done
echo "devices:"
for d in $(seq 0 15); do
    printf '  - { name: d%d, model: idxd, bdf: "%02x:01.0", adis: 64, ims_entries: 4096 }\n' \
        "$d" $((0x40 + d))
done
echo "assign:"
for d in $(seq 0 15); do
    printf '  - { device: d%d, vm: vm%d, vcpu: %d, vectors: 64 }\n' "$d" $((d % 4)) $((d / 4))
done
echo "workload:"
for d in $(seq 0 15); do
    printf '  - { device: d%d, rate_hz: 1000 }\n' "$d"
done
