#!/usr/bin/env bash
# The HTML report of the built-in suite (imslab run --html) and of a vendor
# failure (imslab report DIR) is one self-contained file (no script, no
# network); loaded in headless Chromium its DOM has one matrix cell per
# scenario, coloured by the record's outcome class, per scenario the fates,
# the latency percentiles and distribution (bins adding up to the record's
# samples), exits by reason, set-up and retarget costs as SVG charts, every
# internal link resolves and there is no console error; a screenshot of each is kept
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
        s.charts = {}       # section id -> [[kind, rects, [bin counts]], ...]
        s.sec = None; s.chart = None; s.bin = False
    def handle_starttag(s, tag, a):
        a = dict(a)
        if "id" in a: s.ids.add(a["id"])
        cls = (a.get("class") or "").split()
        if tag == "td" and "cell" in cls: s.cells.append(cls)
        if tag == "a" and "href" in a:
            (s.rules if "rule" in cls else s.hrefs).append(a["href"])
        if tag == "svg":
            s.svg += 1
            kind = [c[6:] for c in cls if c.startswith("chart-")]
            s.chart = [kind[0] if kind else "?", 0, [], 0, 0]
            s.charts.setdefault(s.sec, []).append(s.chart)
        if tag == "g" and "signal" in cls and s.chart: s.chart[3] += 1
        if tag == "line" and "failure" in cls and s.chart: s.chart[4] += 1
        if tag == "rect" and s.chart:
            s.chart[1] += 1
            s.bin = "bin" in cls
        if tag == "section":
            s.sections += 1; s.sec = a.get("id")
    def handle_endtag(s, tag):
        if tag == "svg": s.chart = None
        if tag == "rect": s.bin = False
    def handle_data(s, data):
        if s.bin and s.chart:
            s.chart[2].append(int(data.rsplit(": ", 1)[1]))
p = P(); p.feed(dom)
if "vendor" in res:
    rules = res["vendor"]["rules"]
    assert len(p.cells) == len(rules), (len(p.cells), len(rules))
    got = sorted(c for cls in p.cells for c in cls if c.startswith("out-"))
    assert got == sorted("out-" + r["verdict"] for r in rules), "verdict classes"
    assert len(p.rules) == len(rules) and all("rules.md#" in r for r in p.rules), "rule links"
    fails = [r for r in rules if r["verdict"] == "fail"]
    assert fails and all(str(r["cycle"]) in dom for r in fails), "no failing entry/cycle"
    # each failure's waveform excerpt: every signal of its VCD, the cycle marked
    waves = [c for c in p.charts.get("design", []) if c[0] == "wave"]
    withvcd = [r for r in fails if r.get("vcd")]
    assert len(waves) == len(withvcd) and withvcd, (len(waves), len(withvcd))
    for r, c in zip(withvcd, waves):
        nvars = sum(1 for l in open(r["vcd"]) if l.startswith("$var "))
        assert c[3] == min(nvars, 48) and c[4] == 1, (r["rule"], c[3], nvars, c[4])
        assert f"at cycle {r['cycle']} ({r['time_ps']} ps)" in dom, r["rule"]
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
# per scenario: fates, latency percentiles, the latency distribution of its
# path (when it has samples), exits by reason, set-up costs and, when an
# affinity changed, retarget costs; drawn from the record's own numbers
import re
for sc in scns:
    sid = "s-" + re.sub(r"[^A-Za-z0-9_.-]", "_", sc["name"])
    got = p.charts.get(sid, [])
    want = ["fates", "latency"] + (["hist"] if sc["latency_ns"]["n"] else []) + \
           ["exits", "setup"] + (["retarget"] if "retarget" in sc else [])
    assert [c[0] for c in got] == want, (sid, [c[0] for c in got], want)
    charts = {c[0]: c for c in got}
    if "hist" in charts:
        bins = sc["latency_hist_ns"]
        lows = sorted(int(k) for k in bins)
        span = (lows[-1].bit_length() - 1 if lows[-1] else 0) - \
               (lows[0].bit_length() - 1 if lows[0] else 0) + 1
        assert charts["hist"][1] == span, (sid, charts["hist"][1], span)
        assert sum(charts["hist"][2]) == sc["latency_ns"]["n"], (sid, charts["hist"][2])
    assert charts["exits"][1] == len(sc["exits"]), (sid, charts["exits"][1])
    assert charts["setup"][1] == 4 and (charts.get("retarget", [0, 4])[1] == 4)
print(f"{sys.argv[1]}: {len(p.cells)} cells, {len(p.hrefs)} links, {p.svg} charts")
PY
done
echo "screenshots: $work/suite.png $work/vendor.png"
