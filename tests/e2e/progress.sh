#!/usr/bin/env bash
# The progress line: on a terminal (a pty), a run that takes over a second
# (here IMSLAB_PROGRESS_AFTER_MS=0: no dependence on the machine's speed)
# draws "imslab run: D/T scenarios, R/s, M:SS left" on stderr and erases it
# at the end; with stderr a pipe or a file, stderr stays empty.  (The long
# run is six scenarios of about 0.3 s each at -j 1; nothing here measures
# time.)
set -euo pipefail
bin=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
long=$src/tests/data/sweeps/long.yaml
command -v python3 >/dev/null || exit 77

# stderr on a pty, stdout to a file: what the terminal got
on_pty() {   # OUTFILE ARGS...
    python3 - "$@" <<'PY'
import os, pty, subprocess, sys
out = sys.argv[1]
master, slave = pty.openpty()
with open(out + ".stdout", "wb") as so:
    p = subprocess.Popen(sys.argv[2:], stdout=so, stderr=slave, stdin=subprocess.DEVNULL)
os.close(slave)
data = b""
while True:
    try:
        chunk = os.read(master, 4096)
    except OSError:
        break
    if not chunk:
        break
    data += chunk
rc = p.wait()
open(out, "wb").write(data)
sys.exit(rc)
PY
}

IMSLAB_PROGRESS_AFTER_MS=0 on_pty "$work/tty.txt" "$bin" run -j 1 --out "$work/a" "$long"
grep -aEq '^.?imslab run: [0-6]/6 scenarios, [0-9]+\.[0-9]/s, ([0-9]+:[0-5][0-9]|--:--) left' \
    <(tr '\r' '\n' <"$work/tty.txt") || { echo "no progress line:"; cat -v "$work/tty.txt"; exit 1; }
# the last thing written erases the line; the matrix went to stdout whole
tail -c 4 "$work/tty.txt" | cmp - <(printf '\r\033[K')
grep -q 'passed, 0 failed$' "$work/tty.txt.stdout"

# not a terminal: nothing on stderr
"$bin" run -j 1 --quiet --out "$work/b" "$long" 2>"$work/err.txt"
test ! -s "$work/err.txt"
"$bin" run -j 1 --quiet --out "$work/c" "$long" 2>&1 | { ! grep -q scenarios; }
# the outputs are the same either way
cmp "$work/a/results.json" "$work/b/results.json"

# a short run on a terminal: no line before the default second (bare-idxd
# takes a few milliseconds)
on_pty "$work/short.txt" "$bin" run --quiet --out "$work/d" "$src/scenarios/bare-idxd.yaml"
test ! -s "$work/short.txt" || { echo "short run wrote:"; cat -v "$work/short.txt"; exit 1; }
echo "progress: ok"
