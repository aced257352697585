#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The vendor path for SystemC/TLM-2.0 models: the sample model of the
# reference table (examples/tlm, clocked, with byte enables and the fn_mask
# port) passes every rule that applies, IMS-R-STRB-01 and IMS-R-FMASK-01
# among them, and runs in lockstep with the behavioral model, with msg_ready
# held low between fires and partial writes, without a divergence; a second
# run loads it from the cache and gives byte-identical results; the seeded
# defect (a loosely-timed model: annotated delays, no clock) fails
# IMS-R-PASID-01 alone, with a waveform that shows the failure at the
# reported cycle, and lockstep finds it as a divergence that fresh instances
# reproduce; a model that ignores byte enables fails IMS-R-STRB-01 alone,
# one that loses fires while function-masked IMS-R-FMASK-01 alone, and
# without fn_mask the sample skips IMS-R-FMASK-01; an fn_mask of another
# kind is exit 2 naming it; a model without
# the `msg` socket is exit 2 naming it, before any rule runs, so is one whose
# `irq` is an initiator socket, and one with
# a port nothing binds exit 2 with SystemC's elaboration error; a model that
# does not compile is exit 2 naming file:line, with the full log kept; the
# flags are checked.  Needs SystemC (libsystemc-dev): exit 77 without it.
set -euo pipefail
source "$(dirname "$0")/junit_mask.bash"
bin=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
cache=${IMSLAB_TEST_RTL_CACHE:-$(dirname "$work")/rtl-cache-e2e}   # shared by build trees
d=$src/tests/data/defects
ex=$src/examples/tlm/ims_ref_tlm.cpp
lay=$src/layouts/ref.yaml
. "$src/tests/e2e/vcd_check.bash"

set +e
"$bin" vendor --quiet --tlm "$ex" --top ims_ref_tlm --layout "$lay" --rtl-cache "$cache" \
    --out "$work/ref" 2>"$work/ref.err"
rc=$?
set -e
if grep -q "built without SystemC" "$work/ref.err"; then
    echo "SKIP: imslab was built without SystemC"; exit 77
fi
[ $rc -eq 0 ] || { echo "sample: exit $rc"; cat "$work/ref.err" "$work/ref/report.txt"; exit 1; }
grep -q "^imslab vendor: tlm:ims_ref_tlm (ims_ref_tlm), 64 entries" "$work/ref/report.txt"
grep -qx "14 passed, 0 failed" "$work/ref/report.txt" || { cat "$work/ref/report.txt"; exit 1; }
# the skips: the map has no PBA, and its message form is the plain port (IMS-R-TLP-01);
# byte enables and the Function Mask run
skips=$(grep -E '^IMS-R-[A-Z]+-[0-9]+ +skip' "$work/ref/report.txt" | awk '{print $1}' | tr '\n' ' ')
[ "$skips" = "IMS-R-PBA-01 IMS-R-TLP-01 " ] || { echo "skips: $skips"; exit 1; }
grep -Eq '^IMS-R-STRB-01 +pass' "$work/ref/report.txt"
grep -Eq '^IMS-R-FMASK-01 +pass' "$work/ref/report.txt"
"$bin" vendor --quiet --tlm "$ex" --top ims_ref_tlm --layout "$lay" --rtl-cache "$cache" \
    --out "$work/ref2" 2>"$work/ref2.err"
grep -q "ims_ref_tlm from the cache" "$work/ref2.err" || { cat "$work/ref2.err"; exit 1; }
for f in results.json junit.xml report.txt; do same_output "$work/ref/$f" "$work/ref2/$f"; done
# the results validate against docs/results.schema.json (design "tlm:...")
if python3 -c "import jsonschema" 2>/dev/null; then
    python3 - "$src/docs/results.schema.json" "$work/ref/results.json" <<'PY'
import json, sys, jsonschema
schema, doc = (json.load(open(p)) for p in sys.argv[1:3])
assert doc["vendor"]["design"] == "tlm:ims_ref_tlm", doc["vendor"]["design"]
jsonschema.validate(doc, schema)
PY
fi
# another seed: other entries, other values
"$bin" vendor --quiet --tlm "$ex" --top ims_ref_tlm --layout "$lay" --rtl-cache "$cache" \
    --seed 7 --out "$work/ref7" 2>/dev/null || { cat "$work/ref7/report.txt"; exit 1; }

# lockstep against the behavioral model of the same descriptor
"$bin" vendor --quiet --lockstep --tlm "$ex" --top ims_ref_tlm --layout "$lay" --ops 20000 \
    --rtl-cache "$cache" --out "$work/ls" 2>/dev/null || { cat "$work/ls/report.txt"; exit 1; }
grep -Eq "^IMS-R-LOCKSTEP-01 +pass +20000 ops, [0-9]{3,} messages, all equal \(msg_ready low in [0-9]{3,} stalls and [0-9]+ long stalls; [1-9][0-9]+ partial writes\)" \
    "$work/ls/report.txt" || { cat "$work/ls/report.txt"; exit 1; }

# the seeded defect: its rule alone, with a waveform of the failure
set +e
"$bin" vendor --quiet --tlm "$d/ims_tlm_pasid_unchecked.cpp" --top ims_tlm_pasid_unchecked \
    --layout "$lay" --rtl-cache "$cache" --out "$work/def" 2>/dev/null
rc=$?
set -e
rep=$work/def/report.txt
[ $rc -eq 1 ] || { echo "defect: exit $rc, not 1"; cat "$rep"; exit 1; }
fails=$(grep -E '^IMS-R-[A-Z]+-[0-9]+ +FAIL' "$rep" | awk '{print $1}')
[ "$fails" = IMS-R-PASID-01 ] || { echo "defect: failing rules '$fails'"; cat "$rep"; exit 1; }
grep -qx "12 passed, 1 failed" "$rep" || { cat "$rep"; exit 1; }
vcd_shows_failure "$rep" "$src/tests/e2e/vcd_at.awk"
grep -q '"rule": "IMS-R-PASID-01"' "$work/def/results.json"
grep -q '<failure message="IMS-R-PASID-01: ' "$work/def/junit.xml"

# lockstep finds the defect too: the first fire the descriptor refuses, the
# same divergence again on fresh instances, traced
set +e
"$bin" vendor --quiet --lockstep --tlm "$d/ims_tlm_pasid_unchecked.cpp" \
    --top ims_tlm_pasid_unchecked --layout "$lay" --rtl-cache "$cache" --out "$work/lsd" 2>/dev/null
rc=$?
set -e
[ $rc -eq 1 ] || { echo "lockstep on the defect: exit $rc, not 1"; cat "$work/lsd/report.txt"; exit 1; }
grep -Eq "^IMS-R-LOCKSTEP-01 +FAIL +op [0-9]+ \(behavioral cycle [0-9]+, tlm cycle [0-9]+\): fire [0-9]+ pasid" \
    "$work/lsd/report.txt" || { cat "$work/lsd/report.txt"; exit 1; }
grep -qx " *behavioral: refused" "$work/lsd/report.txt"
grep -qx " *tlm: *accepted" "$work/lsd/report.txt"
grep -q "lockstep-tlm.vcd (fresh designs: the same divergence at the same op)" "$work/lsd/report.txt"
grep -q '^\$var wire 1 [^ ]* irq_valid \$end' "$work/lsd/lockstep-tlm.vcd"

# the seeded defects of the optional interfaces: each fails its rule alone
only_fails() {  # rule, model file, class, out
    local rule=$1 model=$2 top=$3 out=$4
    set +e
    "$bin" vendor --quiet --tlm "$model" --top "$top" --layout "$lay" --rtl-cache "$cache" \
        --out "$out" 2>/dev/null
    rc=$?
    set -e
    [ $rc -eq 1 ] || { echo "$top: exit $rc, not 1"; cat "$out/report.txt"; exit 1; }
    fails=$(grep -E '^IMS-R-[A-Z]+-[0-9]+ +FAIL' "$out/report.txt" | awk '{print $1}')
    [ "$fails" = "$rule" ] || { echo "$top: failing rules '$fails'"; cat "$out/report.txt"; exit 1; }
    grep -qx "13 passed, 1 failed" "$out/report.txt" || { cat "$out/report.txt"; exit 1; }
}
only_fails IMS-R-STRB-01 "$d/ims_tlm_strobe_ignored.cpp" ims_tlm_strobe_ignored "$work/strb"
grep -Eq '^IMS-R-STRB-01 +FAIL .*with byte enables 0x[0-9a-f] over .*\(partial_writes: merge\)' \
    "$work/strb/report.txt" || { cat "$work/strb/report.txt"; exit 1; }
only_fails IMS-R-FMASK-01 "$d/ims_tlm_fmask_lost.cpp" ims_tlm_fmask_lost "$work/fmask"
grep -Eq '^IMS-R-FMASK-01 +FAIL .*\[pending lost\] .*clearing the Function Mask: pending lost' \
    "$work/fmask/report.txt" || { cat "$work/fmask/report.txt"; exit 1; }

# without the fn_mask port the sample skips IMS-R-FMASK-01 (and passes the rest)
sed -e 's/ || fn_mask.read()//' -e 's/ \&\& !fn_mask.read()//' \
    -e '/void on_fmask_clear()/,/^    }$/d' -e '/SC_METHOD(on_fmask_clear)/,+2d' -e '/fn_mask/d' \
    "$ex" > "$work/ims_no_fmask.cpp"
! grep -q fn_mask "$work/ims_no_fmask.cpp"
"$bin" vendor --quiet --tlm "$work/ims_no_fmask.cpp" --top ims_ref_tlm --layout "$lay" \
    --rtl-cache "$cache" --out "$work/no_fmask" 2>/dev/null || { cat "$work/no_fmask/report.txt"; exit 1; }
grep -Eq '^IMS-R-FMASK-01 +skip .*the design has no Function Mask input' "$work/no_fmask/report.txt"
grep -qx "13 passed, 0 failed" "$work/no_fmask/report.txt" || { cat "$work/no_fmask/report.txt"; exit 1; }

expect2() {     # wanted text, command...
    local want=$1; shift
    set +e
    out=$("$@" 2>&1)
    rc=$?
    set -e
    [ $rc -eq 2 ] || { echo "exit $rc, not 2: $*: $out"; exit 1; }
    grep -qF -- "$want" <<<"$out" || { echo "no '$want' in: $out"; exit 1; }
}

# a model without the message socket: named, nothing run
sed -e 's/msg{"msg"}/out{"out"}/' -e 's/msg->b_transport/out->b_transport/' "$ex" \
    > "$work/ims_no_msg.cpp"
expect2 "ims_ref_tlm: no 32-bit TLM-2.0 initiator socket named 'msg'" \
    "$bin" vendor --quiet --tlm "$work/ims_no_msg.cpp" --top ims_ref_tlm --layout "$lay" \
    --rtl-cache "$cache" --out "$work/no_msg"
grep -qF "its sockets and ports: clk (sc_in), rst_n (sc_in), fn_mask (sc_in), regs (tlm_target_socket), irq (tlm_target_socket), out (tlm_initiator_socket)" <<<"$out" ||
    { echo "no port list in: $out"; exit 1; }
[ ! -e "$work/no_msg/results.json" ] || { echo "no_msg: something ran"; exit 1; }

# a member of the right name and the wrong kind: named, with what it is
sed -e 's/irq{"irq"};/irq{"irq_t"};\n    tlm_utils::simple_initiator_socket<ims_ref_tlm> irq_i{"irq"};/' "$ex" \
    > "$work/ims_irq_kind.cpp"
expect2 "ims_ref_tlm: 'irq' is a tlm_initiator_socket, expected 32-bit TLM-2.0 target socket" \
    "$bin" vendor --quiet --tlm "$work/ims_irq_kind.cpp" --top ims_ref_tlm --layout "$lay" \
    --rtl-cache "$cache" --out "$work/irq_kind"

# fn_mask of another kind: named, with what it is
sed -e 's/sc_core::sc_in<bool> fn_mask{"fn_mask"};/sc_core::sc_out<bool> fn_mask{"fn_mask"};/' \
    "$ex" > "$work/ims_fmask_kind.cpp"
grep -q 'sc_out<bool> fn_mask' "$work/ims_fmask_kind.cpp"
expect2 "ims_ref_tlm: 'fn_mask' is a sc_out, expected sc_in<bool> port" \
    "$bin" vendor --quiet --tlm "$work/ims_fmask_kind.cpp" --top ims_ref_tlm --layout "$lay" \
    --rtl-cache "$cache" --out "$work/fmask_kind"
[ ! -e "$work/fmask_kind/results.json" ] || { echo "fmask_kind: something ran"; exit 1; }

# a port outside the interface, which nothing binds: SystemC's elaboration error
sed -e 's/sc_core::sc_in<bool> clk{"clk"};/&\n    sc_core::sc_in<bool> dbg{"dbg"};/' "$ex" > "$work/ims_extra_port.cpp"
grep -q 'dbg{"dbg"}' "$work/ims_extra_port.cpp"
expect2 "ims_ref_tlm: elaboration failed: Error: (E109) complete binding failed: port not bound: port 'dut.dbg' (sc_in)" \
    "$bin" vendor --quiet --tlm "$work/ims_extra_port.cpp" --top ims_ref_tlm --layout "$lay" \
    --rtl-cache "$cache" --out "$work/extra_port"
[ ! -e "$work/extra_port/results.json" ] || { echo "extra_port: something ran"; exit 1; }

# a model that does not compile: file:line of the first error, the full log kept
sed -e 's/^    void on_reset() { clear(); }$/    void on_reset() { clear() }/' "$ex" > "$work/ims_broken.cpp"
line=$(grep -n 'void on_reset() { clear() }' "$work/ims_broken.cpp" | cut -d: -f1)
[ -n "$line" ]
expect2 "$work/ims_broken.cpp:$line:" \
    "$bin" vendor --quiet --tlm "$work/ims_broken.cpp" --top ims_ref_tlm --layout "$lay" \
    --rtl-cache "$work/cache" --out "$work/broken"
log=$(sed -n 's/^.*full log: //p' <<<"$out")
[ -s "$log" ] || { echo "no full log in: $out"; exit 1; }
grep -q "error" "$log"

# --top naming a class the file does not define: the compiler's error, and a hint
expect2 "hint: --top must name the top module's class, defined in the first --tlm file" \
    "$bin" vendor --quiet --tlm "$ex" --top no_such_class --layout "$lay" \
    --rtl-cache "$work/cache" --out "$work/no_class"
grep -q "no_such_class" <<<"$out"

# the flags
expect2 "--tlm needs --top NAME" "$bin" vendor --tlm "$ex" --layout "$lay" --out "$work/x"
expect2 "--tlm needs --layout FILE.yaml" "$bin" vendor --tlm "$ex" --top ims_ref_tlm --out "$work/x"
expect2 "-G and -D are for --rtl" "$bin" vendor --tlm "$ex" --top ims_ref_tlm --layout "$lay" \
    -G ENTRIES=4 --out "$work/x"
expect2 "--rtl and --tlm cannot be combined" "$bin" vendor --tlm "$ex" --rtl "$ex" \
    --top ims_ref_tlm --layout "$lay" --out "$work/x"
expect2 "--tlm: cannot read '$work/missing.cpp'" "$bin" vendor --tlm "$work/missing.cpp" \
    --top ims_ref_tlm --layout "$lay" --out "$work/x"
expect2 "bad top module class name '1x'" "$bin" vendor --tlm "$ex" --top 1x --layout "$lay" \
    --rtl-cache "$work/cache" --out "$work/x"
echo "vendor_tlm: ok"
