#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# fuzz.sh BUILD SECONDS - replay the seed corpus of every libFuzzer target
# in tests/fuzz (each input once: a regression input that crashes again
# fails here), then fuzz each target for SECONDS under ASan+UBSan.  New
# inputs go to BUILD/corpus/<target> (not the tree); a crash, leak or
# timeout is written to BUILD/crashes/ and fails the script: add it to
# tests/fuzz/corpus/<target>/ once fixed (docs/fuzzing.md).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-fuzz} secs=${2:-20}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
mkdir -p "$build/crashes"
for t in scenario layout reports; do
    bin="$build/tests/fuzz/fuzz_$t"
    seeds="tests/fuzz/corpus/$t"
    work="$build/corpus/$t"
    dict=()
    [ -f "tests/fuzz/$t.dict" ] && dict=(-dict="tests/fuzz/$t.dict")
    mkdir -p "$work"
    echo "== fuzz_$t: replay $(ls "$seeds" | wc -l) seed inputs"
    "$bin" -runs=0 -rss_limit_mb=2048 -timeout=10 "${dict[@]}" "$seeds"
    echo "== fuzz_$t: ${secs} s"
    "$bin" -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 -max_len=65536 \
        -print_final_stats=1 -artifact_prefix="$build/crashes/fuzz_$t-" \
        "${dict[@]}" "$work" "$seeds"
done
