#!/usr/bin/env bash
# The HTML report of the built-in suite (imslab run --html) and of a vendor
# failure (imslab report DIR) is one self-contained file (no script, no
# network); loaded in headless Chromium its DOM has one matrix cell per
# scenario, coloured by the record's outcome class, every internal link
# resolves and there is no console error; a screenshot of each is kept
# here (the build dir) as a CI artifact.  Every rule link's target (a
# relative path to docs/rules.md and the rule's anchor there) exists,
# checked without a browser.  Skipped (77) without chromium.
set -euo pipefail
bin=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
set +e
"$bin" run --quiet --html -j2 --out "$work/suite"
"$bin" vendor --quiet --layout "$src/tests/data/defects/pasid-unchecked.yaml" --out "$work/vendor" >/dev/null 2>&1
set -e
"$bin" report "$work/vendor"
for d in suite vendor; do
    f=$work/$d/report.html
    test -s "$f" || { echo "no $f"; exit 1; }
    if grep -Eiq '<script|<link|<img|<iframe|src=|url\(|href="https?:' "$f"; then
        echo "$d: report.html is not self-contained"; exit 1
    fi
done
# every rule link is a relative path to the rules catalog imslab ships, to
# an anchor that is there (docs/rules.md rows start with <a id="ID"></a>)
for d in suite vendor; do
    python3 - "$work/$d/report.html" <<'PY'
import os, re, sys
f = sys.argv[1]
links = re.findall(r'<a class="rule" href="([^"]*)"', open(f).read())
assert links, f"{f}: no rule link"
for h in set(links):
    path, _, rule = h.partition("#")
    assert not os.path.isabs(path) and ":" not in path, f"{h}: not a relative path"
    target = os.path.join(os.path.dirname(f), path)
    assert os.path.basename(path) == "rules.md" and os.path.isfile(target), f"{h}: no {target}"
    assert f'<a id="{rule}"></a>{rule} |' in open(target).read(), f"{h}: no anchor {rule} in {target}"
print(f"{f}: {len(links)} rule links, {len(set(links))} targets, all resolve")
PY
done
set +e
"$bin" report "$work/nope" 2>/dev/null; rc=$?
set -e
[ $rc -eq 2 ] || { echo "report of a missing folder: exit $rc"; exit 1; }

browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "chromium not installed (IMSLAB_BROWSER=1 scripts/install-deps.sh): skipped"; exit 77; }
for d in suite vendor; do
    flags=(--headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$work/profile-$d"
           --enable-logging=stderr --v=0)
    "$browser" "${flags[@]}" --dump-dom "file://$work/$d/report.html" \
        >"$work/$d.dom.html" 2>"$work/$d.console"
    "$browser" "${flags[@]}" --window-size=1400,2400 --screenshot="$work/$d.png" \
        "file://$work/$d/report.html" >/dev/null 2>>"$work/$d.console"
    test -s "$work/$d.png" || { echo "$d: no screenshot"; exit 1; }
    if grep -E 'CONSOLE|Uncaught|ERR_' "$work/$d.console"; then
        echo "$d: console error"; exit 1
    fi
    python3 - "$work/$d.dom.html" "$work/$d/results.json" <<'PY'
import json, sys
from html.parser import HTMLParser
dom, res = open(sys.argv[1]).read(), json.load(open(sys.argv[2]))
class P(HTMLParser):
    def __init__(s):
        super().__init__(); s.ids = set(); s.hrefs = []; s.cells = []; s.svg = 0
        s.sections = 0; s.rules = []
    def handle_starttag(s, tag, a):
        a = dict(a)
        if "id" in a: s.ids.add(a["id"])
        cls = (a.get("class") or "").split()
        if tag == "td" and "cell" in cls: s.cells.append(cls)
        if tag == "a" and "href" in a:
            (s.rules if "rule" in cls else s.hrefs).append(a["href"])
        if tag == "svg": s.svg += 1
        if tag == "section": s.sections += 1
p = P(); p.feed(dom)
if "vendor" in res:
    rules = res["vendor"]["rules"]
    assert len(p.cells) == len(rules), (len(p.cells), len(rules))
    got = sorted(c for cls in p.cells for c in cls if c.startswith("out-"))
    assert got == sorted("out-" + r["verdict"] for r in rules), "verdict classes"
    assert len(p.rules) == len(rules) and all("rules.md#" in r for r in p.rules), "rule links"
    fails = [r for r in rules if r["verdict"] == "fail"]
    assert fails and all(str(r["cycle"]) in dom for r in fails), "no failing entry/cycle"
    print(f"{sys.argv[1]}: {len(p.cells)} rules, {len(fails)} failing")
    sys.exit(0)
scns = res["scenarios"]
assert "matrix" in p.ids, "no matrix"
assert len(p.cells) == len(scns), (len(p.cells), len(scns))
assert p.sections == len(scns)
want = sorted("out-" + ("skipped" if "skipped" in s else s["outcome"]) for s in scns)
got = sorted(c for cls in p.cells for c in cls if c.startswith("out-"))
assert got == want, "cell classes differ from the outcomes"
for h in p.hrefs:
    assert h.startswith("#") and h[1:] in p.ids, f"link {h} does not resolve"
assert len(p.hrefs) == len(scns)
nexp = sum(len(s["expectations"]) for s in scns)
assert len(p.rules) == nexp and all("rules.md#" in r for r in p.rules), "rule links"
assert p.svg == 2 * len(scns), p.svg
print(f"{sys.argv[1]}: {len(p.cells)} cells, {len(p.hrefs)} links, {p.svg} charts")
PY
done
echo "screenshots: $work/suite.png $work/vendor.png"
