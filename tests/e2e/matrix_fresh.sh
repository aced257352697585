#!/usr/bin/env bash
# The seed-matrix scenarios in scenarios/ are what scripts/gen-matrix.py writes.
set -euo pipefail
src=$2 work=$3
rm -rf "$work" && mkdir -p "$work/gen" "$work/have"
python3 "$src/scripts/gen-matrix.py" "$work/gen" >/dev/null
cp "$src"/scenarios/m-*.yaml "$work/have/"
diff -r "$work/gen" "$work/have"
