#!/usr/bin/env bash
# The output samples in docs/ are what a run prints, not typed: each block
# after a marker line
#   <!-- sample: OUTPUT from: imslab run FILE... -->
# (then a line with the command for the reader, then the fenced block) is
# OUTPUT (a file of --out, e.g. matrix.txt) of that run, byte for byte
# (junit.xml: but for the values of time, timestamp and hostname, which are
# the wall clock's and the host's; junit_mask.bash).
# With a 4th argument `--update` the blocks are rewritten from the runs.
set -euo pipefail
bin=$1 src=$2 work=$3 update=${4:-}
rm -rf "$work" && mkdir -p "$work"
exec python3 - "$bin" "$src" "$work" "$update" <<'PY'
import os, re, subprocess, sys, glob

bin_, src, work, update = sys.argv[1:5]
bin_, work = os.path.abspath(bin_), os.path.abspath(work)
marker = re.compile(r"^<!-- sample: (\S+) from: imslab run (.+?) -->$")
bad = 0
for doc in sorted(glob.glob(f"{src}/docs/*.md")):
    lines = open(doc).read().split("\n")
    out, i, changed = [], 0, False
    while i < len(lines):
        m = marker.match(lines[i])
        out.append(lines[i])
        i += 1
        if not m:
            continue
        name, files = m.group(1), m.group(2).split()
        # the reader's command: a ```sh block; then the sample's block
        while i < len(lines) and lines[i] != "```":
            out.append(lines[i])
            i += 1
        out.append(lines[i])
        i += 1
        if i >= len(lines) or lines[i] != "```":
            sys.exit(f"{doc}:{i + 1}: expected the sample's ``` after the command")
        start = i + 1
        end = lines.index("```", start)
        d = f"{work}/{len(os.listdir(work))}"
        # from the source folder, so that files are named as the command says
        r = subprocess.run([bin_, "run", "--quiet", "--out", d] + files, cwd=src,
                           capture_output=True, text=True)
        if r.returncode not in (0, 1):
            sys.exit(f"{doc}: imslab run {' '.join(files)}: exit {r.returncode}: {r.stderr}")
        got = open(f"{d}/{name}").read().rstrip("\n").split("\n")
        mask = (lambda ls: [re.sub(r' (time|timestamp|hostname)="[^"]*"', r' \1="*"', x)
                            for x in ls]) if name == "junit.xml" else (lambda ls: ls)
        if mask(got) != mask(lines[start:end]):
            if update:
                changed = True
            else:
                bad += 1
                print(f"{doc}:{start}: the {name} sample is not what `imslab run "
                      f"{' '.join(files)}` writes (regenerate: bash tests/e2e/docs_samples.sh "
                      "BIN SRC WORK --update)")
                for a, b in zip(mask(got) + [""] * len(lines[start:end]),
                                mask(lines[start:end]) + [""] * len(got)):
                    if a != b:
                        print(f"  run: {a!r}\n  doc: {b!r}")
                        break
        same = mask(got) == mask(lines[start:end])
        out += ["```"] + (got if update and not same else lines[start:end])
        i = end
    if changed:
        open(doc, "w").write("\n".join(out))
        print(f"{doc}: samples rewritten")
sys.exit(1 if bad else 0)
PY
