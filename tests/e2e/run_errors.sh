#!/usr/bin/env bash
# Bad input to `imslab run` is exit 2 with a message naming the flag or the
# file:line:column, and nothing is run (no output folder appears).
set -euo pipefail
bin=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
expect2() {
    local want=$1; shift
    set +e
    out=$("$@" 2>&1)
    rc=$?
    set -e
    if [ $rc -ne 2 ]; then echo "exit $rc, not 2: $*"; exit 1; fi
    if ! grep -qF -- "$want" <<<"$out"; then echo "no '$want' in: $out"; exit 1; fi
}
expect2 "--backend" "$bin" run --backend sparc --out "$work/x"
expect2 "-j" "$bin" run -j 0 --out "$work/x"
expect2 "--seed" "$bin" run --seed -4 --out "$work/x"
printf 'imslab: 1\nname: t\nduration_us: 10\nvmm: {personality: kvmm}\n' > "$work/bad.yaml"
expect2 "bad.yaml:4:" "$bin" run --out "$work/x" "$src/scenarios/bare-idxd.yaml" "$work/bad.yaml"
expect2 "--trace" "$bin" run --trace 'nosuchpoint*' --out "$work/x" "$src/scenarios/bare-idxd.yaml"
test ! -e "$work/x" || { echo "output written despite bad input"; exit 1; }
# a good file runs and exits 0
"$bin" run --quiet --out "$work/ok" "$src/scenarios/bare-idxd.yaml"
