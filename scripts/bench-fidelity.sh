#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# make bench-fidelity: run scenarios/fidelity/*.yaml with the default cost
# model and compare what they measure with the published figures of
# ../shared/reference/domain.md s.7 and s.12 (docs/cost-model.md,
# "Calibration").  Prints a table, then one JSON line per comparison:
#   {"name", "published_low", "published_high", "measured", "within",
#    "inside", "inputs", "formula", "blocked_by"}
# within: measured in [low - 20 % of low, high + 20 % of high]; inside: in
# [low, high].  inputs: the results JSON figures the measurement is made of
# (scenario.key: value), formula: how (ratio a/b, reduction 1 - a/b,
# cycles (a - b) * cpu_hz).  blocked_by: for a comparison not within, the
# sourced constant that would have to leave its published range, or null.
# Then the cost constants with a published or stated range, and whether the
# value in force is inside it.
#
# usage: bench-fidelity.sh IMSLAB [OUTDIR]
set -euo pipefail
bin=$1
out=${2:-$(mktemp -d)}
src=$(cd "$(dirname "$0")/.." && pwd)
"$bin" run --quiet -j 2 --out "$out" "$src"/scenarios/fidelity/*.yaml >/dev/null
"$bin" costs >"$out/costs.txt"
exec python3 - "$out/results.json" "$out/costs.txt" <<'PY'
import json, sys

res = {s["name"]: s for s in json.load(open(sys.argv[1]))["scenarios"]}
costs = {}
for line in open(sys.argv[2]).read().splitlines()[1:]:
    f = line.split()
    costs[f[0]] = (int(f[1]), f[2], f[4])
cpu_hz = 3e9
CYC_NS = cpu_hz / 1e9

def get(scn, path):
    v = res["fidelity-" + scn]
    for k in path.split("."):
        v = v[k]
    return v

rows = []

def compare(name, low, high, formula, a, b, source, blocked=None):
    va, vb = get(*a), (get(*b) if b else None)
    if formula == "ratio":
        m = va / vb
    elif formula == "reduction":
        m = 1 - va / vb
    elif formula == "cycles":
        m = (va - vb) * CYC_NS
    elif formula == "value":
        m = va
    m = round(m, 3)
    within = low * 0.8 <= m <= high * 1.2
    inside = low <= m <= high
    rows.append({
        "name": name, "published_low": low, "published_high": high,
        "measured": m, "within": within, "inside": inside,
        "inputs": {f"{a[0]}.{a[1]}": va, **({f"{b[0]}.{b[1]}": vb} if b else {})},
        "formula": formula, "source": source,
        "blocked_by": None if within else blocked,
    })

# ELI (ASPLOS 2012): exitless delivery 1.3-1.6x the throughput of injection
compare("eli_throughput_vs_injection", 1.3, 1.6, "ratio",
        ("posted", "requests.per_s"), ("injected", "requests.per_s"),
        "domain.md s.7, s.12 (ELI)")
# ELI: exitless delivery at 97-100 % of bare metal
rows_b = ("posted", "requests.throughput_vs_bare")
compare("eli_vs_bare", 0.97, 1.00, "value", rows_b, None, "domain.md s.7, s.12 (ELI)")
# DID (VEE 2015): about 80 % lower interrupt latency than injection
# (raise to handler entry, p50); stated as 75-85 %
inj = get("injected", "latency_ns.p50")
pst = get("posted", "latency_ns.p50")
need = pst / (1 - 0.75)      # injected latency the published low needs
vk_cyc = costs["vmexit_kernel"][0] + (need - inj) * CYC_NS
compare("did_latency_reduction", 0.75, 0.85, "reduction",
        ("posted", "latency_ns.p50"), ("injected", "latency_ns.p50"),
        "domain.md s.7, s.12 (DID)",
        f"vmexit_kernel (li2020: 2468-3019 cycles with APICv, 3851-4846 without), the "
        f"only sourced step the injected path adds: it would have to be {vk_cyc:.0f} "
        f"cycles for a {need:.0f} ns injected latency")
# DID: exits per interrupt cut about 100x, i.e. 99 % of them removed
compare("did_exits_removed", 0.99, 0.99, "reduction",
        ("posted", "exits_per_irq"), ("injected", "exits_per_irq"),
        "domain.md s.7, s.12 (DID)")
# exit cost: one EOI exit, the guest CPU it takes (injected minus
# injected-apicv, per interrupt), in cycles, against li2020's trivial exit
compare("exit_cost_cycles", 2468, 3019, "cycles",
        ("injected", "guest_cpu.per_irq_ns"), ("injected-apicv", "guest_cpu.per_irq_ns"),
        "li2020 (docs/cost-model.md, vmexit_kernel)")

print(f"{'comparison':30} {'published':>15} {'measured':>10}  within  inside")
for r in rows:
    pub = f"{r['published_low']:g}-{r['published_high']:g}"
    print(f"{r['name']:30} {pub:>15} {r['measured']:>10g}  {str(r['within']).lower():6}  "
          f"{str(r['inside']).lower()}")
    if r["blocked_by"]:
        print(f"  not reached: {r['blocked_by']}")

# published (sourced) and stated assumption ranges; calibration may not
# widen them (docs/cost-model.md)
ranges = {
    "pi_process": (20, 50, "bonzini2016"),
    "vmexit_kernel": (2468, 3019, "li2020"),
    "vmexit_user": (5765, 5826, "bonzini2016"),
    "hypercall": (2500, 4000, "bonzini2019"),
    "route_commit": (496000, 500000, "longpeng"),
    "iec_hit": (10, 20, "assumption"),
    "irt_read": (50, 150, "assumption"),
    "iec_inval": (1000, 3000, "assumption"),
    "hv_vmbus_msg": (50000, 200000, "assumption"),
    "dev_work": (1000, 5000, "assumption"),
}
print()
print(f"{'constant':16} {'value':>8} {'unit':7} {'range':>15}  source       inside")
for k, (lo, hi, s) in ranges.items():
    v, unit, _ = costs[k]
    print(f"{k:16} {v:>8} {unit:7} {f'{lo}-{hi}':>15}  {s:12} {str(lo <= v <= hi).lower()}")
print()
for r in rows:
    print(json.dumps(r, sort_keys=False))
PY
