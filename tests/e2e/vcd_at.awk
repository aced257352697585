# SPDX-License-Identifier: MIT
# vcd_at.awk -v sig=NAME -v t=TIME FILE.vcd: the value of wire NAME (first
# scope) at time TIME (the last change at or before it), in hex.
# Options: -v scope=S takes NAME from top-level scope S instead of the
# first; -v count=1 prints instead how many times NAME changed after the
# initial values ($dumpvars), up to TIME (no TIME: to the end); -v first=1
# prints the time of its first change after them ("none" if it never did).
function hex(b,   v, i) {
    v = 0
    for (i = 1; i <= length(b); i++) v = v * 2 + substr(b, i, 1)
    return v
}
function seen(v) {
    val = v
    if (!dumping) { changes++; if (first_t == "") first_t = now }
}
BEGIN { depth = 0; id = ""; now = 0; val = "x"; cur = ""; dumping = 0; changes = 0; first_t = "" }
/^[ \t]*\$scope/ { depth++; if (depth == 1) cur = $3; next }
/^[ \t]*\$upscope/ { depth--; next }
/^[ \t]*\$var/ && depth == 1 && $5 == sig && id == "" && (scope == "" || cur == scope) { id = $4; next }
/^\$dumpvars/ { dumping = 1; next }
/^\$end/ && dumping { dumping = 0; next }
/^#/ { now = substr($0, 2) + 0; if (t != "" && now > t) exit; next }
/^b/ && $2 == id { seen(substr($1, 2)); next }
/^[01xz]/ && substr($0, 2) == id { seen(substr($0, 1, 1)) }
END {
    if (id == "") { print "no-signal"; exit 1 }
    if (count) { print changes; exit 0 }
    if (first) { print (first_t == "" ? "none" : first_t); exit 0 }
    # binary strings longer than 53 bits lose precision in awk: print in two halves
    if (length(val) > 32) {
        hi = substr(val, 1, length(val) - 32); lo = substr(val, length(val) - 31)
        printf "0x%x%08x\n", hex(hi), hex(lo)
    } else printf "0x%x\n", hex(val)
}
