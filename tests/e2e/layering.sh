# SPDX-License-Identifier: MIT
# layering.sh - the house's layering (docs/architecture.md, "Layers"): no
# folder includes one above it, and no model family includes a sibling it
# must not know.  Reads the #include lines of the source tree; a violation
# names the file, the line and the include.
# usage: bash layering.sh IMSLAB_BINARY SOURCE_DIR WORK_DIR
set -u
src=$2
fails=0
cd "$src" || exit 1

# FOLDER: the folders (prefixes of the include path) it may not include.
rules=(
  "sim:models/ results/ harness/ reports/ cli/"
  "models:results/ harness/ reports/ cli/"
  "results:harness/ reports/ cli/"
  "harness:reports/ cli/"
  "reports:harness/ cli/"
  "models/vmm:models/guest/"
  "models/drv:models/vmm/ models/guest/"
)

for rule in "${rules[@]}"; do
    dir=${rule%%:*}
    for bad in ${rule#*:}; do
        hits=$(grep -rnE --include='*.c' --include='*.h' --include='*.cpp' \
                   "^[[:space:]]*#[[:space:]]*include[[:space:]]+\"$bad" "$dir" 2>/dev/null)
        if [ -n "$hits" ]; then
            echo "FAIL: $dir/ includes $bad:"
            echo "$hits"
            fails=$((fails + 1))
        fi
    done
done

# A test that cannot fail is no test: the grep must see this tree's includes.
n=$(grep -rhE --include='*.c' '^#include "models/' harness | wc -l)
[ "$n" -gt 0 ] || { echo "FAIL: no include of models/ seen in harness/"; fails=$((fails + 1)); }

# No .c file of the product over 900 lines (split by concern).
while read -r lines file; do
    [ "$file" = total ] && continue
    if [ "$lines" -gt 900 ]; then
        echo "FAIL: $file has $lines lines (over 900)"
        fails=$((fails + 1))
    fi
done < <(wc -l sim/*.c models/*.c models/*/*.c results/*.c harness/*.c reports/*.c cli/*.c)

[ $fails -eq 0 ] && echo "layering: ok"
exit $((fails > 0))
