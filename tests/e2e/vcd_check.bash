#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# vcd_check.sh REPORT.txt AWK [PERIOD]: a helper of the vendor e2e tests (not
# a test itself: it is sourced).  vcd_shows_failure checks that the waveform
# of every failing rule in REPORT shows the failure at the cycle REPORT gives:
# the re-run reproduced it, a .gtkw names the VCD with its marker at
# cycle x PERIOD ps (default 2000, the harness's clock), and when a message is at fault the VCD has that message
# (msg_valid, msg_addr, msg_data, msg_index) at that time.
# The indented lines that follow rule $2's line in report $1.
rule_block() {
    awk -v r="$2" '$1 == r { on = 1; next } /^[^ ]/ { on = 0 } on' "$1"
}

vcd_shows_failure() {
    local rep=$1 awkf=$2 period=${3:-2000} line rule cycle vcd gtkw emitted a d t
    while read -r line; do
        rule=$(awk '{print $1}' <<<"$line")
        cycle=$(awk '{print $5}' <<<"$line")
        t=$((cycle * period))
        vcd=$(rule_block "$rep" "$rule" | sed -n 's/^ *waveform: \([^ ]*\) (the failure at cycle \([0-9]*\), \([0-9]*\) ps, reproduced.*/\1 \2 \3/p')
        [ -n "$vcd" ] || { echo "$rule: waveform not reproduced"; cat "$rep"; return 1; }
        set -- $vcd
        [ "$2" = "$cycle" ] && [ "$3" = "$t" ] || { echo "$rule: VCD cycle $2 ($3 ps), report $cycle"; return 1; }
        vcd=$1 gtkw=${1%.vcd}.gtkw
        grep -qx "\[dumpfile\] \"$vcd\"" "$gtkw" || { echo "$gtkw: no dumpfile $vcd"; return 1; }
        grep -q "^\*-[0-9.]* $t " "$gtkw" || { echo "$gtkw: no marker at $t"; return 1; }
        emitted=$(rule_block "$rep" "$rule" | sed -n 's/^ *pair: expected .* emitted \(0x[0-9a-f]*\)\/\(0x[0-9a-f]*\) (entry \([0-9]*\)).*/\1 \2 \3/p')
        [ -n "$emitted" ] || continue
        set -- $emitted
        [ "$(awk -v sig=msg_valid -v t=$t -f "$awkf" "$vcd")" = 0x1 ] || { echo "$rule: msg_valid not 1 at $t"; return 1; }
        [ "$(awk -v sig=msg_addr -v t=$t -f "$awkf" "$vcd")" = "$1" ] || { echo "$rule: msg_addr at $t not $1"; return 1; }
        [ "$(awk -v sig=msg_data -v t=$t -f "$awkf" "$vcd")" = "$2" ] || { echo "$rule: msg_data at $t not $2"; return 1; }
        [ "$(awk -v sig=msg_index -v t=$t -f "$awkf" "$vcd")" = "$(printf '0x%x' "$3")" ] ||
            { echo "$rule: msg_index at $t not $3"; return 1; }
    done < <(grep -E '^IMS-R-[A-Z]+-[0-9]+ +FAIL' "$rep")
}
