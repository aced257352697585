#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Each seeded defective layout descriptor in tests/data/defects fails exactly
# the rule named for its defect (exit 1), every other rule passes, and the
# control descriptors (good.yaml; layouts/mlx5.yaml, a hostmem design driven
# through its command block) pass every rule (exit 0).  A run in which every
# rule is skipped checks nothing: exit 1.  Bad input is exit 2.
set -euo pipefail
bin=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
d=$src/tests/data/defects
. "$src/tests/e2e/vcd_check.bash"

set +e
out=$("$bin" vendor --quiet --layout "$d/good.yaml" --out "$work/good" 2>&1)
rc=$?
set -e
[ $rc -eq 0 ] || { echo "good.yaml: exit $rc, not 0: $out"; cat "$work/good/report.txt"; exit 1; }
grep -qx "13 passed, 0 failed" "$work/good/report.txt" || { cat "$work/good/report.txt"; exit 1; }

# with a PBA every rule applies and passes
"$bin" vendor --quiet --layout "$d/good-pba.yaml" --out "$work/pba" ||
    { cat "$work/pba/report.txt"; exit 1; }
grep -qx "14 passed, 0 failed" "$work/pba/report.txt"

# partial writes declared (merge, then ignore): IMS-R-STRB-01 applies and passes
for pw in merge ignore; do
    { cat "$d/good.yaml"; echo "partial_writes: $pw"; } > "$work/good-$pw.yaml"
    "$bin" vendor --quiet --layout "$work/good-$pw.yaml" --out "$work/good-$pw" ||
        { cat "$work/good-$pw/report.txt"; exit 1; }
    grep -qx "14 passed, 0 failed" "$work/good-$pw/report.txt"
    grep -Eq "^IMS-R-STRB-01 +pass" "$work/good-$pw/report.txt"
done

# a slower fair design (one message per 2 cycles, oldest first) passes too
"$bin" vendor --quiet --layout "$d/good-slow.yaml" --out "$work/slow" ||
    { cat "$work/slow/report.txt"; exit 1; }
grep -qx "13 passed, 0 failed" "$work/slow/report.txt"

# hostmem: every rule applies and passes on the mlx5-like command-block design
"$bin" vendor --quiet --layout "$src/layouts/mlx5.yaml" --out "$work/mlx5" ||
    { echo "mlx5.yaml: exit $?, not 0"; cat "$work/mlx5/report.txt"; exit 1; }
grep -qx "13 passed, 0 failed" "$work/mlx5/report.txt" || { cat "$work/mlx5/report.txt"; exit 1; }
# (IMS-R-PBA-01 is skipped: a hostmem design reports pending through READ;
# IMS-R-STRB-01 too: its command block is written whole; IMS-R-TLP-01: its
# messages are plain, message_form port)
if grep " skip " "$work/mlx5/report.txt" | grep -Ev "^IMS-R-(PBA|STRB|TLP)-01 " | grep -q .; then
    cat "$work/mlx5/report.txt"; exit 1
fi

# the descriptor's clock_ps is the waveforms' time base (cycle C at C x 10000
# ps at 100 MHz); the verdict, entry and cycle are the 500 MHz run's; an odd
# period is bad input (FILE:LINE:COLUMN, exit 2)
cp "$d/torn-update.yaml" "$work/torn-10000.yaml" && echo "clock_ps: 10000" >> "$work/torn-10000.yaml"
for f in "$d/torn-update.yaml" "$work/torn-10000.yaml"; do
    o=$work/$(basename "$f" .yaml)
    set +e
    "$bin" vendor --quiet --layout "$f" --seed 3 --rules IMS-R-TORN-01 --out "$o" 2>/dev/null
    rc=$?
    set -e
    [ $rc -eq 1 ] || { echo "$f: exit $rc"; exit 1; }
done
grep -q "waveform: .* (the failure at cycle 277, 2770000 ps, reproduced" "$work/torn-10000/report.txt" ||
    { cat "$work/torn-10000/report.txt"; exit 1; }
vcd_shows_failure "$work/torn-10000/report.txt" "$src/tests/e2e/vcd_at.awk" 10000
diff <(grep -v "waveform\|gtkwave\|descriptor\|^imslab vendor" "$work/torn-update/report.txt") \
     <(grep -v "waveform\|gtkwave\|descriptor\|^imslab vendor" "$work/torn-10000/report.txt")
grep -q '"time_ps": 2770000,' "$work/torn-10000/results.json"
cp "$d/torn-update.yaml" "$work/odd.yaml" && echo "clock_ps: 1001" >> "$work/odd.yaml"
set +e
out=$("$bin" vendor --layout "$work/odd.yaml" --out "$work/odd" 2>&1)
rc=$?
set -e
line=$(wc -l < "$work/odd.yaml")
[ $rc -eq 2 ] && grep -qF "odd.yaml:$line:11: error: clock_ps: 1001 is odd" <<<"$out" ||
    { echo "odd clock_ps: exit $rc: $out"; exit 1; }

# nothing applied (the only rule asked for is skipped: no PASID fields): exit 1
sed -e '/^  pasid/d' -e 's/^pasid_check: .*/pasid_check: false/' "$d/good.yaml" > "$work/nopasid.yaml"
set +e
out=$("$bin" vendor --layout "$work/nopasid.yaml" --rules IMS-R-PASID-01 --out "$work/none" 2>&1)
rc=$?
set -e
[ $rc -eq 1 ] || { echo "every rule skipped: exit $rc, not 1: $out"; exit 1; }
grep -q "no rule applied to this design" <<<"$out" || { echo "no 'no rule applied' in: $out"; exit 1; }
grep -qx "no rule applied to this design (every rule was skipped)" "$work/none/report.txt"

declare -A want=(
    [pending-lost]=IMS-R-PEND-01
    [pasid-unchecked]=IMS-R-PASID-01
    [torn-update]=IMS-R-TORN-01
    [reset-unmasked]=IMS-R-RESET-01
    [stale-on-unmask]=IMS-R-TORN-01
    [hostmem-pending-lost]=IMS-R-PEND-01
    [hostmem-pasid-unchecked]=IMS-R-PASID-01
    [hostmem-reset-unmasked]=IMS-R-RESET-01
    [pending-in-order]=IMS-R-PEND-02
    [fixed-priority]=IMS-R-FAIR-01
    [pending-aliased]=IMS-R-REACH-01
)
for name in "${!want[@]}"; do
    rule=${want[$name]}
    set +e
    "$bin" vendor --quiet --layout "$d/$name.yaml" --out "$work/$name" --seed 3
    rc=$?
    set -e
    rep=$work/$name/report.txt
    [ $rc -eq 1 ] || { echo "$name: exit $rc, not 1"; cat "$rep"; exit 1; }
    fails=$(grep -E '^IMS-R-[A-Z]+-[0-9]+ +FAIL' "$rep" | awk '{print $1}')
    [ "$fails" = "$rule" ] || { echo "$name: failing rules '$fails', want '$rule'"; cat "$rep"; exit 1; }
    skips=$(grep -cE '^IMS-R-[A-Z]+-[0-9]+ +skip' "$rep" || true)
    total=$(grep -cE '^IMS-R-[A-Z]+-[0-9]+ ' "$rep")
    grep -qx "$((total - skips - 1)) passed, 1 failed" "$rep" || { echo "$name: summary"; cat "$rep"; exit 1; }
    # the failure line prints the expected and the emitted entry; the waveform reproduces it
    grep -Eq "^$rule +FAIL +[0-9]+ +([0-9]+|-) +[0-9]+ " "$rep" || { cat "$rep"; exit 1; }
    grep -q "reproduced by the traced re-run" "$rep" || { cat "$rep"; exit 1; }
    vcd_shows_failure "$rep" "$src/tests/e2e/vcd_at.awk"
    grep -q "\"rule\": \"$rule\"" "$work/$name/results.json"
    grep -q "<failure message=\"$rule: " "$work/$name/junit.xml"
done

# bad input: exit 2 naming the flag or the file
expect2() {
    local want=$1; shift
    set +e
    out=$("$@" 2>&1)
    rc=$?
    set -e
    [ $rc -eq 2 ] || { echo "exit $rc, not 2: $*"; exit 1; }
    grep -qF -- "$want" <<<"$out" || { echo "no '$want' in: $out"; exit 1; }
}
expect2 "--bogus" "$bin" vendor --bogus
expect2 "--layout" "$bin" vendor --layout "$work/missing.yaml"
expect2 "--rules" "$bin" vendor --layout "$d/good.yaml" --rules IMS-R-NOPE-01
expect2 "--seed" "$bin" vendor --layout "$d/good.yaml" --seed -1
expect2 "--top" "$bin" vendor --rtl "$d/good.yaml"
# RTL other than the shipped reference table needs its register map
expect2 "--rtl needs --layout" "$bin" vendor --rtl "$d/ims_torn.sv" --top ims_torn --out "$work/x"
printf 'name: broken\nentries: [\n' > "$work/broken.yaml"
expect2 "broken.yaml:" "$bin" vendor --layout "$work/broken.yaml" --out "$work/x"

# every vendor results.json written above validates against the schema
python3 - "$src/docs/results.schema.json" "$work"/*/results.json <<'PY'
import json, sys
import jsonschema
v = jsonschema.Draft202012Validator(json.load(open(sys.argv[1])))
bad = [f"{f}: {e.message}" for f in sys.argv[2:] for e in v.iter_errors(json.load(open(f)))]
print("\n".join(bad))
sys.exit(1 if bad or len(sys.argv) < 8 else 0)
PY
