#!/usr/bin/env bash
# Every cost the binary knows has a row in docs/cost-model.md, with the same default.
set -euo pipefail
bin=$1 src=$2
fail=0
while read -r key def unit _; do
    [ "$key" = key ] && continue
    if ! grep -qE "^\| \`$key\` \| $def \| $unit \|" "$src/docs/cost-model.md"; then
        echo "docs/cost-model.md: no row '| \`$key\` | $def | $unit |'"
        fail=1
    fi
done < <("$bin" costs)
exit $fail
