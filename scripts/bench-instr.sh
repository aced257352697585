#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench-instr.sh - instructions per simulated interrupt or kernel event,
# by callgrind.
#
#   scripts/bench-instr.sh BENCH_SYSTEM [DURATION_US]
#   scripts/bench-instr.sh --kernel BENCH_KERNEL [EVENTS]
#
# Runs each system of bench_system in-process under callgrind twice, at
# DURATION_US (default 20000) and at twice that, and prints one JSON line
# per system: the difference of the two instruction totals over the
# difference of their interrupt counts (setup and teardown cancel out),
# and the same for kernel events.  With --kernel, bench_kernel's reference
# workload on the native backend at EVENTS (default 1000000) and twice
# that: instructions per event, workload included.  Instruction counts do
# not depend on how busy the machine is.  Never a test.
set -euo pipefail

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ "${1:-}" = --kernel ]; then
    bench=${2:?usage: bench-instr.sh --kernel BENCH_KERNEL [EVENTS]}
    e1=${3:-1000000}
    # kernel EVENTS -> instructions of the child that ran the workload (the
    # run is a child process of its own: the largest total is its)
    kernel() {
        rm -f "$tmp"/cgk.*
        valgrind --tool=callgrind --callgrind-out-file="$tmp/cgk.%p" \
            "$bench" --backend native --runs 1 --events "$1" >/dev/null 2>&1
        sed -n 's/^summary: *//p' "$tmp"/cgk.* | sort -n | tail -1
    }
    i1=$(kernel "$e1")
    i2=$(kernel $((e1 * 2)))
    awk -v i1="$i1" -v i2="$i2" -v e="$e1" 'BEGIN {
        printf "{\"name\": \"kernel-reference-native\", " \
               "\"instructions_per_event\": %.1f, \"events\": %d}\n",
               (i2 - i1) / e, 2 * e }'
    exit 0
fi

bench=${1:?usage: bench-instr.sh BENCH_SYSTEM [DURATION_US]}
d1=${2:-20000}
d2=$((d1 * 2))

# run SYSTEM DURATION -> "instructions interrupts events trace_hash"
run() {
    local out="$tmp/cg.$1.$2" json
    json=$(valgrind --tool=callgrind --callgrind-out-file="$out" \
        "$bench" --inline --runs 1 --system "$1" --duration-us "$2" 2>/dev/null |
        grep '^{')
    printf '%s %s %s %s\n' \
        "$(sed -n 's/^summary: *//p' "$out")" \
        "$(sed 's/.*"interrupts": \([0-9]*\).*/\1/' <<<"$json")" \
        "$(sed 's/.*"events": \([0-9]*\).*/\1/' <<<"$json")" \
        "$(sed 's/.*"trace_hash": "\([^"]*\)".*/\1/' <<<"$json")"
}

for sys in bare-idxd kvm-posted-idxd kvm-injected-idxd; do
    read -r i1 n1 e1 _ < <(run "$sys" "$d1")
    read -r i2 n2 e2 h2 < <(run "$sys" "$d2")
    awk -v s="$sys" -v i1="$i1" -v i2="$i2" -v n1="$n1" -v n2="$n2" \
        -v e1="$e1" -v e2="$e2" -v h="$h2" -v d="$d2" 'BEGIN {
        printf "{\"name\": \"%s\", \"instructions_per_interrupt\": %.0f, " \
               "\"events_per_interrupt\": %.3f, \"interrupts\": %d, " \
               "\"duration_us\": %d, \"trace_hash\": \"%s\"}\n",
               s, (i2 - i1) / (n2 - n1), (e2 - e1) / (n2 - n1), n2, d, h }'
done
