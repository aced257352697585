#!/usr/bin/env bash
# The progress line of a Verilator build: on a terminal (a pty), a build on
# a cache miss (here IMSLAB_PROGRESS_AFTER_MS=0: no dependence on speed)
# draws "imslab check: building RTL top 'TOP': PHASE, N s" on stderr and
# erases it when the build ends; with stderr a file, nothing.  Two
# builds into fresh caches (tens of seconds each).  Skipped (77) without
# Verilator.
set -euo pipefail
bin=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
command -v verilator >/dev/null || { echo "no verilator: skipped"; exit 77; }
command -v python3 >/dev/null || exit 77
scn=$src/scenarios/rtl/bare-rtl-idxd.yaml

on_pty() {   # OUTFILE ARGS...: stderr on a pty, what the terminal got in OUTFILE
    python3 - "$@" <<'PY'
import os, pty, subprocess, sys
out = sys.argv[1]
master, slave = pty.openpty()
p = subprocess.Popen(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=slave,
                     stdin=subprocess.DEVNULL)
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

IMSLAB_PROGRESS_AFTER_MS=0 on_pty "$work/tty.txt" "$bin" check --rtl-cache "$work/c1" "$scn"
tr '\r' '\n' < "$work/tty.txt" > "$work/tty.lines"
grep -aEq "^imslab check: building RTL top 'ims_table_idxd': (checking the ports|verilating and compiling), [0-9]+ s" \
    "$work/tty.lines" || { echo "no build progress line:"; cat -v "$work/tty.txt"; exit 1; }
grep -aq "verilating and compiling, " "$work/tty.lines" || { echo "no compile phase"; exit 1; }
# erased when the build ends: the last thing written (check prints nothing else)
tail -c 4 "$work/tty.txt" | cmp - <(printf '\r\033[K') ||
    { echo "the line was not erased:"; cat -v "$work/tty.txt" | tail -c 300; exit 1; }

# not a terminal: nothing at all on stderr
IMSLAB_PROGRESS_AFTER_MS=0 "$bin" check --rtl-cache "$work/c2" "$scn" 2> "$work/err.txt"
test ! -s "$work/err.txt" || { echo "stderr not empty:"; cat "$work/err.txt"; exit 1; }
test -n "$(ls "$work/c2")"      # it did build
echo "rtl build progress: ok"
