#!/usr/bin/env bash
# Installation (what `make install PREFIX=... DESTDIR=...` runs): the
# installed imslab runs the installed suite, found next to the binary and
# not in the source tree; the man page is there.
set -euo pipefail
bin=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
build=$(dirname "$bin")
DESTDIR="$work/dest" cmake --install "$build" --prefix /opt/imslab >/dev/null
root=$work/dest/opt/imslab
for f in bin/imslab share/man/man1/imslab.1 share/imslab/scenarios/bare-idxd.yaml \
         share/imslab/scenarios/matrix.yaml share/imslab/layouts/ref.yaml \
         share/imslab/docs/rules.md share/imslab/rtl/ims_table.sv; do
    test -e "$root/$f" || { echo "not installed: $f"; exit 1; }
done
grep -q '^\.SH "imslab run"' "$root/share/man/man1/imslab.1"
grep -q -- '--suite-name' "$root/share/man/man1/imslab.1"
# the installed suite, not the source tree's: add a scenario only there
sed 's/^name: .*/name: only-installed/' "$src/scenarios/bare-idxd.yaml" \
    > "$root/share/imslab/scenarios/only-installed.yaml"
"$root/bin/imslab" list | grep -q '^only-installed.yaml' || { echo "list: not the installed suite"; exit 1; }
"$root/bin/imslab" run --quiet -j2 --out "$work/out"
python3 - "$work/out/results.json" "$src/scenarios" <<'PY'
import json, os, sys
d = json.load(open(sys.argv[1]))
names = {s["name"] for s in d["scenarios"]}
assert "only-installed" in names and "bare-idxd" in names, sorted(names)[:5]
assert d["summary"]["failed"] == 0
assert any(s["file"] == "scenarios/only-installed.yaml" for s in d["scenarios"])
PY
echo ok
