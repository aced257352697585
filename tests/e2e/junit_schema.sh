#!/usr/bin/env bash
# junit.xml of the built-in suite, of a run with a failed expectation and a
# skipped scenario, and of a vendor failure validate against our XSDs of
# both common JUnit dialects (tests/data/junit/: Ant's, the strict one, and
# Jenkins' junit-10); copies missing a required attribute or element do
# not.  xmllint comes from libxml2-utils (scripts/install-deps.sh).
set -euo pipefail
bin=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
command -v xmllint >/dev/null || { echo "xmllint missing: run scripts/install-deps.sh"; exit 1; }
ant=$src/tests/data/junit/ant-junit.xsd
jenkins=$src/tests/data/junit/jenkins-junit-10.xsd

"$bin" run --quiet -j 2 --out "$work/suite"
sed -e 's/^name: bare-idxd$/name: bare-idxd-wrong/' \
    -e '/rule: E2E-BARE-02/,/value:/s/value: 0/value: 5/' \
    "$src/scenarios/bare-idxd.yaml" > "$work/wrong.yaml"
env PATH=/nonexistent "$bin" run --quiet --out "$work/mixed" "$work/wrong.yaml" \
    "$src/scenarios/rtl/bare-rtl-idxd.yaml" "$src/scenarios/bare-idxd.yaml" || true
grep -q '<failure ' "$work/mixed/junit.xml" && grep -q '<skipped ' "$work/mixed/junit.xml"
"$bin" vendor --quiet --layout "$src/tests/data/defects/pasid-unchecked.yaml" \
    --out "$work/vendor" >/dev/null 2>&1 || true
grep -q '<failure ' "$work/vendor/junit.xml"

valid() {    # XSD FILE
    xmllint --noout --schema "$1" "$2" 2>"$work/xmllint.err" ||
        { echo "$2 is not valid against $(basename "$1"):"; cat "$work/xmllint.err"; exit 1; }
}
invalid() {  # XSD FILE WHAT
    if xmllint --noout --schema "$1" "$2" 2>/dev/null; then
        echo "$(basename "$1") accepts a junit.xml $3"; exit 1
    fi
}
for f in suite mixed vendor; do
    for x in "$ant" "$jenkins"; do valid "$x" "$work/$f/junit.xml"; done
done
# every testcase and testsuite has a time (Ant requires it; CI systems read it)
for f in suite mixed vendor; do
    ! grep -E '<(testcase|testsuite) ' "$work/$f/junit.xml" | grep -v ' time="[0-9]*\.[0-9]\{3\}"' ||
        { echo "$f: an element without time"; exit 1; }
done

# broken copies: each schema refuses what it requires
first_case() { sed -E "0,/<testcase $1/s//<testcase $2/" "$work/suite/junit.xml"; }
first_case 'classname="([^"]*)" name="[^"]*"' 'classname="\1"' > "$work/no-name.xml"
first_case '(.*) time="[^"]*"' '\1' > "$work/no-case-time.xml"
sed -E '0,/ hostname="[^"]*"/s///' "$work/suite/junit.xml" > "$work/no-hostname.xml"
sed -E '0,/<testsuite name="[^"]*" tests="[^"]*"/s//<testsuite name="x"/' \
    "$work/suite/junit.xml" > "$work/no-tests.xml"
sed -E '0,/<system-err\/>/s///' "$work/suite/junit.xml" > "$work/no-system-err.xml"
for f in no-name no-case-time no-hostname no-tests no-system-err; do
    ! cmp -s "$work/$f.xml" "$work/suite/junit.xml" || { echo "$f: the edit did not apply"; exit 1; }
done
invalid "$ant" "$work/no-name.xml" "with a testcase without name"
invalid "$jenkins" "$work/no-name.xml" "with a testcase without name"
invalid "$ant" "$work/no-case-time.xml" "with a testcase without time"
invalid "$ant" "$work/no-hostname.xml" "with a testsuite without hostname"
invalid "$ant" "$work/no-tests.xml" "with a testsuite without tests"
invalid "$jenkins" "$work/no-tests.xml" "with a testsuite without tests"
invalid "$ant" "$work/no-system-err.xml" "with a testsuite without system-err"
echo "junit.xml of the suite, a mixed run and a vendor failure: valid against both schemas; 7 broken copies refused"
