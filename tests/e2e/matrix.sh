# SPDX-License-Identifier: MIT
# matrix.sh - the seed-matrix registry through the CLI: `imslab list` shows
# its cells with their axes among the scenario files, `imslab check` and
# `imslab run` take the registry, a cell whose class differs from the
# outcomes table fails E2E-SEED-08 (exit 1), a bad registry is exit 2 with
# FILE:LINE:COLUMN and nothing run.
# usage: bash matrix.sh IMSLAB_BINARY SOURCE_DIR WORK_DIR
set -u
bin=$1 src=$2 work=$3
reg=$src/scenarios/matrix.yaml
fails=0

rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

"$bin" list >"$work/list" 2>"$work/err"; rc=$?
[ $rc -eq 0 ] || fail "list: exit $rc"
[ "$(wc -l <"$work/list")" -eq 250 ] || fail "list: $(wc -l <"$work/list") lines, want 250"
want='^m-old-vmm-trusts-cap-idxd-passthrough +matrix\.yaml: row old-vmm \| guest trusts-cap \| idxd/passthrough -> silent-failure$'
grep -qE "$want" "$work/list" || fail "list: no line '$want'"
[ "$(sed -n 44p "$work/list" | cut -d' ' -f1)" = m-bare-linux-6.2-idxd-passthrough ] ||
    fail "list: line 44 is '$(sed -n 44p "$work/list")'"
[ "$(sed -n 41p "$work/list" | cut -d' ' -f1)" = m-bare-late-flush-linux-6.2-idxd-passthrough ] ||
    fail "list: line 41 is '$(sed -n 41p "$work/list")'"

"$bin" check "$reg" >"$work/out" 2>"$work/err"; rc=$?
[ $rc -eq 0 ] || fail "check: exit $rc: $(cat "$work/err")"
[ "$(cat "$work/out")" = "$reg: ok (123 cells)" ] || fail "check: '$(cat "$work/out")'"

"$bin" run --quiet --out "$work/run" -j 2 "$reg" 2>"$work/err"; rc=$?
[ $rc -eq 0 ] || fail "run: exit $rc: $(cat "$work/err")"
python3 - "$work/run/results.json" <<'PY' || fail "run: results.json"
import json, sys
d = json.load(open(sys.argv[1]))
s = d["scenarios"]
assert d["suite"] == "files" and len(s) == 123, (d["suite"], len(s))
assert s[0]["name"] == "m-bare-linux-6.2-idxd-passthrough", s[0]["name"]
for c in s:
    last = c["expectations"][-1]
    assert last["rule"] == "E2E-SEED-08" and last["metric"] == "outcome", c["name"]
    assert last["expected"] == c["outcome"] and last["verdict"] == "pass", c["name"]
PY

# a cell whose simulated class is not the table's fails, with its rule (the
# first legacy line with this text is kvm-trap's)
sed '0,/^      legacy:          \[refused-fallback, refused-fallback, delivered, delivered, delivered\]$/s//      legacy:          [delivered, refused-fallback, delivered, delivered, delivered]/' \
    "$reg" >"$work/wrong.yaml"
cmp -s "$reg" "$work/wrong.yaml" && fail "wrong.yaml: the edit did not apply"
"$bin" run --quiet --out "$work/wrong" "$work/wrong.yaml" 2>"$work/err"; rc=$?
[ $rc -eq 1 ] || fail "wrong class: exit $rc, want 1"
grep -q '<testcase classname="imslab.files" name="m-kvm-trap-legacy-idxd-passthrough/E2E-SEED-08" time="[0-9.]*">' \
    "$work/wrong/junit.xml" && grep -q '<failure' "$work/wrong/junit.xml" ||
    fail "wrong class: no failing E2E-SEED-08 test case"
[ "$(tail -n 1 "$work/wrong/matrix.txt")" = "834 passed, 1 failed" ] ||
    fail "wrong class: tally '$(tail -n 1 "$work/wrong/matrix.txt")'"

# a bad registry: exit 2, positioned message, nothing run
sed 's/^guests: \[trusts-cap,/guests: [trusts-kap,/' "$reg" >"$work/bad.yaml"
"$bin" run --quiet --out "$work/bad" "$work/bad.yaml" >"$work/out" 2>"$work/err"; rc=$?
[ $rc -eq 2 ] || fail "bad registry: exit $rc, want 2"
grep -q "^$work/bad.yaml:[0-9]*:[0-9]*: error: " "$work/err" ||
    fail "bad registry: stderr '$(cat "$work/err")'"
[ ! -e "$work/bad/results.json" ] || fail "bad registry: results written"

# the example of docs/matrix.md runs: 7 cells, 16 expectations, all pass
awk '/^### Example/ { on = 1 } on && /^```$/ && inblk { exit }
     inblk { print } on && /^```yaml$/ { inblk = 1 }' \
    "$src/docs/matrix.md" >"$work/hc.yaml"
[ -s "$work/hc.yaml" ] || fail "docs example: not found"
"$bin" run --quiet --out "$work/hc" "$work/hc.yaml" >"$work/out" 2>&1; rc=$?
[ $rc -eq 0 ] || fail "docs example: exit $rc: $(cat "$work/out")"
[ "$(tail -n 1 "$work/hc/matrix.txt" 2>/dev/null)" = "16 passed, 0 failed" ] ||
    fail "docs example: tally '$(tail -n 1 "$work/hc/matrix.txt" 2>/dev/null)'"

[ $fails -eq 0 ] && echo "matrix: all checks passed"
exit $fails
