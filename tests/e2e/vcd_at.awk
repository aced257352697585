# SPDX-License-Identifier: MIT
# vcd_at.awk -v sig=NAME -v t=TIME FILE.vcd: the value of wire NAME (first
# scope) at time TIME (the last change at or before it), in hex.
function hex(b,   v, i) {
    v = 0
    for (i = 1; i <= length(b); i++) v = v * 2 + substr(b, i, 1)
    return v
}
BEGIN { depth = 0; id = ""; now = 0; val = "x" }
/^[ \t]*\$scope/ { depth++ }
/^[ \t]*\$upscope/ { depth-- }
/^[ \t]*\$var/ && depth == 1 && $5 == sig && id == "" { id = $4 }
/^#/ { now = substr($0, 2) + 0; if (now > t) exit; next }
/^b/ && $2 == id { val = substr($1, 2); next }
/^[01xz]/ && substr($0, 2) == id { val = substr($0, 1, 1) }
END {
    if (id == "") { print "no-signal"; exit 1 }
    # binary strings longer than 53 bits lose precision in awk: print in two halves
    if (length(val) > 32) {
        hi = substr(val, 1, length(val) - 32); lo = substr(val, length(val) - 31)
        printf "0x%x%08x\n", hex(hi), hex(lo)
    } else printf "0x%x\n", hex(val)
}
