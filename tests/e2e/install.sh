#!/usr/bin/env bash
# Installation (what `make install PREFIX=... DESTDIR=...` runs): the
# installed imslab finds its suite, layouts, RTL sources (and the RTL
# wrapper), the TLM host, the reference layout and the rules catalog under
# PREFIX/share/imslab, never in the source tree: its outputs name no path
# in the source tree, and, where a mount namespace can be had (unshare -m),
# it still works with the source tree hidden behind an empty folder.  With
# SystemC it compiles and runs the sample TLM model (examples/tlm: the
# installed one, else a copy of the source tree's) with the installed host.
set -euo pipefail
bin=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
src=$(cd "$src" && pwd -P)
build=$(dirname "$bin")
dest=$(mktemp -d)    # outside the source tree, which may be hidden below
trap 'rm -rf "$dest"' EXIT
DESTDIR="$dest" cmake --install "$build" --prefix /opt/imslab >/dev/null
root=$dest/opt/imslab
for f in bin/imslab share/man/man1/imslab.1 share/imslab/scenarios/bare-idxd.yaml \
         share/imslab/scenarios/matrix.yaml share/imslab/layouts/ref.yaml \
         share/imslab/docs/rules.md share/imslab/models/rtl/ims_table.sv \
         share/imslab/models/rtl/ims_rtl_wrap.cpp share/imslab/models/rtl/rtl.h \
         share/imslab/models/siov/ims_dut.h share/imslab/scenarios/rtl/bare-rtl-idxd.yaml \
         share/imslab/models/tlm/ims_tlm_host.cpp share/imslab/models/tlm/ims_tlm.h \
         share/imslab/models/tlm/ims_tlm_ext.h; do
    test -e "$root/$f" || { echo "not installed: $f"; exit 1; }
done
grep -q '^\.SH "imslab run"' "$root/share/man/man1/imslab.1"
grep -q -- '--suite-name' "$root/share/man/man1/imslab.1"
# the installed suite, not the source tree's: add a scenario only there
sed 's/^name: .*/name: only-installed/' "$src/scenarios/bare-idxd.yaml" \
    > "$root/share/imslab/scenarios/only-installed.yaml"

# what the installed binary does, from a folder outside the source tree
cat > "$dest/use.sh" <<'USE'
set -euo pipefail
root=$1 out=$2 cache=$3 tlm=$4 tlm_cache=$5
cd "$out"
"$root/bin/imslab" list | grep -q '^only-installed.yaml' || { echo "list: not the installed suite"; exit 1; }
"$root/bin/imslab" run --quiet -j2 --html --out suite
# the shipped reference table: its map is the reference layout (with Verilator)
if command -v verilator >/dev/null; then
    "$root/bin/imslab" vendor --quiet --rtl "$root/share/imslab/models/rtl/ims_table.sv" \
        --top ims_table --rtl-cache "$cache" --out vendor >/dev/null
fi
# an RTL scenario of the installed suite: its sources, layout and the wrapper
# come from share/imslab (with Verilator; else it is skipped)
"$root/bin/imslab" run --quiet -v --rtl-cache "$cache" --out rtl \
    "$root/share/imslab/scenarios/rtl/bare-rtl-idxd.yaml" 2> rtl.err || { cat rtl.err; exit 1; }
# the sample TLM model, compiled (a cache of its own: never a hit) with the
# host from share/imslab (with SystemC; else it is skipped)
set +e
"$root/bin/imslab" vendor --quiet --tlm "$tlm" --top ims_ref_tlm \
    --layout "$root/share/imslab/layouts/ref.yaml" --rtl-cache "$tlm_cache" --out tlm 2> tlm.err
rc=$?
set -e
if grep -q "built without SystemC" tlm.err; then
    rm -rf tlm tlm.err
else
    [ $rc -eq 0 ] || { echo "tlm: exit $rc"; cat tlm.err tlm/report.txt; exit 1; }
    grep -q "ims_ref_tlm built ($tlm_cache/tlm-" tlm.err || { echo "tlm: not compiled"; cat tlm.err; exit 1; }
fi
USE
cache=${IMSLAB_TEST_RTL_CACHE:-$work/rtl-cache}
mkdir -p "$dest/out" "$cache" "$dest/tlm-cache"
# examples are not installed: a copy of the source tree's sample, outside it
tlm=$root/share/imslab/examples/tlm/ims_ref_tlm.cpp
if [ ! -e "$tlm" ]; then
    cp "$src/examples/tlm/ims_ref_tlm.cpp" "$dest/ims_ref_tlm.cpp"
    tlm=$dest/ims_ref_tlm.cpp
fi
hidden=no
if unshare -m true 2>/dev/null; then
    # the source tree hidden: an empty folder mounted over it
    mkdir -p "$dest/empty"
    unshare -m bash -c 'mount --bind "$1" "$2" && test ! -e "$2/CMakeLists.txt" && bash "$3" "$4" "$5" "$6" "$7" "$8"' \
        _ "$dest/empty" "$src" "$dest/use.sh" "$root" "$dest/out" "$cache" "$tlm" "$dest/tlm-cache" ||
        { echo "with the source tree hidden: failed"; exit 1; }
    hidden=yes
else
    bash "$dest/use.sh" "$root" "$dest/out" "$cache" "$tlm" "$dest/tlm-cache"
fi
# the report's rule links land in the installed catalog
python3 - "$dest/out/suite/report.html" "$root/share/imslab/docs/rules.md" <<'PY'
import os, re, sys
f, catalog = sys.argv[1:3]
links = set(re.findall(r'<a class="rule" href="([^"#]*)#', open(f).read()))
assert len(links) == 1, links
target = os.path.realpath(os.path.join(os.path.dirname(f), links.pop()))
assert target == os.path.realpath(catalog), (target, catalog)
PY
cp -r "$dest/out/." "$work/out/"

python3 - "$work/out" "$src" "$root" <<'PY'
import json, os, sys
out, src, root = sys.argv[1:4]
d = json.load(open(f"{out}/suite/results.json"))
names = {s["name"] for s in d["scenarios"]}
assert "only-installed" in names and "bare-idxd" in names, sorted(names)[:5]
assert d["summary"]["failed"] == 0
assert any(s["file"] == "scenarios/only-installed.yaml" for s in d["scenarios"])
if os.path.exists(f"{out}/vendor/results.json"):
    v = json.load(open(f"{out}/vendor/results.json"))["vendor"]
    assert v["descriptor"] == f"{root}/share/imslab/layouts/ref.yaml", v["descriptor"]
    assert v["summary"]["failed"] == 0, v["summary"]
# no output names a path in the source tree
for dp, _, fs in os.walk(out):
    for f in fs:
        text = open(os.path.join(dp, f), errors="replace").read()
        assert src + "/" not in text, f"{dp}/{f} names the source tree {src}"
r = json.load(open(f"{out}/rtl/results.json"))
print("rtl scenario:", "skipped" if r["summary"]["skipped"] else "ran",
      r["summary"]["expectations"], "expectations")
if os.path.exists(f"{out}/tlm/results.json"):
    t = json.load(open(f"{out}/tlm/results.json"))["vendor"]
    assert t["design"] == "tlm:ims_ref_tlm", t["design"]
    assert t["descriptor"] == f"{root}/share/imslab/layouts/ref.yaml", t["descriptor"]
    assert t["summary"]["failed"] == 0, t["summary"]
    print("tlm sample: ran,", t["summary"]["passed"], "rules passed")
else:
    print("tlm sample: skipped (no SystemC)")
PY
echo "installed binary: source tree hidden: $hidden; no output names it"
