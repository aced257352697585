#!/usr/bin/env bash
# The built-in suite runs, every expectation holds, the outputs are written,
# and the same seed gives byte-identical results JSON on both backends and
# with -j1 versus -j2.
set -euo pipefail
bin=$1 work=$3
rm -rf "$work" && mkdir -p "$work"
"$bin" run --quiet --out "$work/a" -j 2
for f in results.json junit.xml matrix.txt run-info.json; do
    test -s "$work/a/$f" || { echo "missing $f"; exit 1; }
done
tail -n 1 "$work/a/matrix.txt" | grep -Eq '^[0-9]+ passed, 0 failed$'
"$bin" run --quiet --out "$work/b" -j 1
cmp "$work/a/results.json" "$work/b/results.json"
# SystemC is compared whenever it is built; a broken backend fails here
# rather than quietly skipping the comparison.
if ! "$bin" selfcheck --events 1000 | grep -q '^systemc  *(not built)'; then
    "$bin" run --quiet --backend systemc --out "$work/c" -j 2
    cmp "$work/a/results.json" "$work/c/results.json"
    echo "native and systemc results are identical"
fi
