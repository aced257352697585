#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Every rule ID a scenario checks (the built-in suite and the scoped e2e
# scenarios), and every IMS conformance rule the vendor
# command runs, has a row in docs/rules.md (design.md: "Rules have IDs ...
# and a row in docs/rules.md naming the spec or seed sentence").
set -euo pipefail
bin=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
grep -ho '^ *- rule: *[A-Z0-9-]*' "$src"/scenarios/*.yaml \
    "$src"/tests/data/scenarios/scoped/*.yaml | sed 's/.*rule: *//' |
    sort -u > "$work/ids"
"$bin" vendor --quiet --layout "$src/layouts/ref.yaml" --out "$work/v" >/dev/null
awk 'NR > 2 && $1 ~ /^IMS-R-/ {print $1}' "$work/v/report.txt" >> "$work/ids"
echo IMS-R-LOCKSTEP-01 >> "$work/ids"
test "$(wc -l < "$work/ids")" -gt 20
missing=0
while read -r id; do
    grep -q "^| $id |" "$src/docs/rules.md" || { echo "docs/rules.md: no row for $id"; missing=1; }
done < <(sort -u "$work/ids")
exit $missing
