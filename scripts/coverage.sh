#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# coverage.sh - Coverage build, every test, lcov with branch coverage.
# Fails when no coverage data was produced (tooling.md s.5: lcov exits 0
# on an empty capture).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
B=build-cov
RC=(--rc lcov_branch_coverage=1)
cmake -S . -B "$B" -DCMAKE_BUILD_TYPE=Coverage >/dev/null
cmake --build "$B" -j "$(nproc)"
find "$B" -name '*.gcda' -delete
(cd "$B" && ctest -j "$(nproc)" --output-on-failure)
lcov "${RC[@]}" --quiet --capture --directory "$B" -o "$B/cov.raw.info" 2>/dev/null
lcov "${RC[@]}" --quiet --remove "$B/cov.raw.info" '/usr/*' '*/CMakeFiles/*' \
     '*/tests/*' '*/bench/*' -o "$B/cov.info" 2>/dev/null
if [ ! -s "$B/cov.info" ] || ! grep -q '^DA:' "$B/cov.info"; then
    echo "coverage: no coverage data produced" >&2
    exit 1
fi
genhtml "${RC[@]}" --branch-coverage --quiet -o "$B/html" "$B/cov.info" 2>/dev/null
lcov "${RC[@]}" --summary "$B/cov.info" 2>&1 | grep -E 'lines|functions|branches'
echo "coverage: report in $B/html/index.html"
