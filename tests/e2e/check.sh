# SPDX-License-Identifier: MIT
# check.sh - `imslab check`: a good file, a bad file, both, --help, --knobs,
# and the example of docs/scenario-format.md.
# usage: bash check.sh IMSLAB_BINARY SOURCE_DIR WORK_DIR
set -u
bin=$1 src=$2 work=$3
good=$src/tests/data/scenarios/full.yaml
bad=$src/tests/data/scenarios/bad/bad-enum.yaml
fails=0

mkdir -p "$work"
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

"$bin" check "$good" >"$work/out" 2>"$work/err"; rc=$?
[ $rc -eq 0 ] || fail "good file: exit $rc, want 0"
[ "$(cat "$work/out")" = "$good: ok (kvm-emulate-idxd-pt)" ] ||
    fail "good file: stdout '$(cat "$work/out")'"
[ ! -s "$work/err" ] || fail "good file: stderr '$(cat "$work/err")'"

want="$bad:6:16: error: vmm.personality: invalid value 'kvmm' (expected one of: bare, kvm, hyperv)"
"$bin" check "$bad" >"$work/out" 2>"$work/err"; rc=$?
[ $rc -eq 2 ] || fail "bad file: exit $rc, want 2"
[ "$(cat "$work/err")" = "$want" ] || fail "bad file: stderr '$(cat "$work/err")'"
[ ! -s "$work/out" ] || fail "bad file: stdout '$(cat "$work/out")'"

# every file is checked; one bad file makes the exit 2
"$bin" check "$bad" "$good" >"$work/out" 2>"$work/err"; rc=$?
[ $rc -eq 2 ] || fail "bad+good: exit $rc, want 2"
[ "$(cat "$work/out")" = "$good: ok (kvm-emulate-idxd-pt)" ] ||
    fail "bad+good: stdout '$(cat "$work/out")'"
[ "$(cat "$work/err")" = "$want" ] || fail "bad+good: stderr '$(cat "$work/err")'"

"$bin" check --help >"$work/out" 2>&1; rc=$?
[ $rc -eq 0 ] || fail "--help: exit $rc, want 0"
grep -q '^usage: imslab check FILE' "$work/out" || fail "--help: no usage line"

"$bin" check >"$work/out" 2>&1; rc=$?
[ $rc -eq 2 ] || fail "no file: exit $rc, want 2"

# --knobs: the models' knob tables, each row as the doc writes it
"$bin" check --knobs >"$work/out" 2>"$work/err"; rc=$?
[ $rc -eq 0 ] || fail "--knobs: exit $rc, want 0"
[ "$(grep -c '^| `' "$work/out")" -eq 26 ] ||
    fail "--knobs: $(grep -c '^| `' "$work/out") knob rows, want 26"
grep -qxF '| `irt_size` | integer | `65536` | power of two, 2 .. 65536 | interrupt remapping table entries (IRTA_REG.S) |' \
    "$work/out" || fail "--knobs: no irt_size row"
grep -qxF '### `platform.iommu`' "$work/out" || fail "--knobs: no iommu heading"
"$bin" check --knobs extra >"$work/out" 2>&1; rc=$?
[ $rc -eq 2 ] || fail "--knobs extra: exit $rc, want 2"

# the example of docs/scenario-format.md loads
awk '/^## Example/ { on = 1 } on && /^```$/ && inblk { exit }
     inblk { print } on && /^```yaml$/ { inblk = 1 }' \
    "$src/docs/scenario-format.md" >"$work/example.yaml"
[ -s "$work/example.yaml" ] || fail "docs example: not found"
"$bin" check "$work/example.yaml" >"$work/out" 2>&1; rc=$?
[ $rc -eq 0 ] || fail "docs example: exit $rc: $(cat "$work/out")"

[ $fails -eq 0 ] && echo "check.sh: all passed"
exit $((fails != 0))
