# SPDX-License-Identifier: MIT
# Sourced by the e2e tests that compare outputs byte for byte.  junit.xml
# holds the wall time, start and host of each scenario's run (the time,
# timestamp and hostname attributes, docs/results-schema.md "JUnit XML"),
# which differ from run to run; everything else in it must not.

# junit_masked FILE: FILE with those three attributes' values replaced by *.
junit_masked() {
    sed -E 's/ (time|timestamp|hostname)="[^"]*"/ \1="*"/g' "$1"
}

# same_output A B: cmp A B, junit.xml files with those attributes masked.
same_output() {
    if [ "$(basename "$1")" = junit.xml ]; then
        cmp <(junit_masked "$1") <(junit_masked "$2") ||
            { echo "$1 and $2 differ beyond time, timestamp and hostname"; return 1; }
    else
        cmp "$1" "$2"
    fi
}
