#!/usr/bin/env bash
# make bench-scale: the largest node the scenario format describes
# (bench/scale/node.sh, docs/scale.md) at 1x, 10x and 100x the simulated
# time (about 1e5, 1e6 and 1e7 interrupts), one scenario per run, -j 1.
# Prints one JSON line per size: interrupts raised and delivered, wall
# time, peak RSS (the largest of the runner and its child, GNU time's %M),
# interrupts per wall second, and the growth of wall time and RSS against
# the 1x run (10 and 100 for linear).  Nothing is asserted.
#   usage: bench-scale.sh IMSLAB [FACTORS...]   (default factors: 1 10 100)
set -euo pipefail
bin=$1
shift
factors=${*:-1 10 100}
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
base_wall= base_rss=
for f in $factors; do
    us=$((100000 * f))
    bash "$here/bench/scale/node.sh" "$us" >"$work/node-$f.yaml"
    /usr/bin/time -o "$work/time" -f '%e %M' \
        "$bin" run --quiet -j 1 --out "$work/out-$f" "$work/node-$f.yaml" >/dev/null || true
    read -r wall rss <"$work/time"
    raised=$(sed -n 's/^      "raised": \([0-9]*\),$/\1/p' "$work/out-$f/results.json")
    delivered=$(sed -n 's/^      "delivered": \([0-9]*\),$/\1/p' "$work/out-$f/results.json")
    base_wall=${base_wall:-$wall} base_rss=${base_rss:-$rss}
    awk -v f="$f" -v r="$raised" -v d="$delivered" -v w="$wall" -v m="$rss" \
        -v bw="$base_wall" -v bm="$base_rss" 'BEGIN {
        printf "{\"factor\": %d, \"raised\": %d, \"delivered\": %d, \"wall_s\": %.2f, " \
               "\"rss_mib\": %.1f, \"irq_per_s\": %.0f, \"wall_growth\": %.1f, " \
               "\"rss_growth\": %.2f}\n", f, r, d, w, m / 1024, (w > 0 ? r / w : 0),
               (bw > 0 ? w / bw : 0), (bm > 0 ? m / bm : 0) }'
done
