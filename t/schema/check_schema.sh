#!/bin/sh
# check_schema.sh - for `make check` (TESTS): the schema rejects broken
# documents, and what `gikreport check --json` prints for every seed and for
# a non-report conforms to it, pretty and compact.  Exit 77 (skip) without
# Debian's python3-jsonschema.
srcdir=${srcdir:-.}
PY=/usr/bin/python3
VALIDATE="$PY $srcdir/t/schema/validate --schema $srcdir/doc/gikreport.schema.json"
TOOL=${GIKREPORT:-filters/gikreport}

$PY -c 'import jsonschema' 2>/dev/null || { echo "SKIP: no python3-jsonschema"; exit 77; }
$VALIDATE --self-test >/dev/null || { $VALIDATE --self-test; exit 1; }

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
printf '<html><body><p>not a report</p></body></html>\n' > "$tmp/page.html"

for mode in "" --compact; do
    "$TOOL" check --json $mode "$srcdir"/t/seeds/*.txt \
        "$srcdir"/t/fixtures/generated/*.html "$srcdir"/t/fixtures/generated/*.txt \
        "$tmp/page.html" > "$tmp/out.json"
    rc=$?
    # 0, 1 and 2 are verdicts; 3 means the tool could not read its input.
    if [ $rc -gt 2 ]; then
        echo "FAIL: gikreport check --json $mode exited $rc"
        exit 1
    fi
    $VALIDATE "$tmp/out.json" || { echo "FAIL: gikreport check --json $mode output"; exit 1; }
done
# PDFs, the unreadable ones too (exit 3, status "none"): still the contract
"$TOOL" check --json "$srcdir"/t/fixtures/pdf/*.pdf > "$tmp/pdf.json"
[ $? -le 3 ] || { echo "FAIL: gikreport check --json on the PDF fixtures"; exit 1; }
grep -q '"status": "none"' "$tmp/pdf.json" || { echo "FAIL: no status none among the PDFs"; exit 1; }
$VALIDATE "$tmp/pdf.json" || { echo "FAIL: gikreport check --json output on PDFs"; exit 1; }
echo "PASS: schema self-test and tool output"
