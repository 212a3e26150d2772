#!/bin/sh
# Builds everything and runs every test: the Check unit tests (also under
# AddressSanitizer + UBSan), -O0 and -O2 builds with warnings as errors, the
# layering check (no core-internal header in the glue, no call cycle in the
# core), the JSON Schema check of the tool's output, the fixture generator's
# extraction check (also of the reports printed to PDF), the tool over whole
# folders, the mutation test, the real
# reports (texts and PDFs) of ../shared/real against their ground truth, the
# integration tests against a real Apache httpd with the module loaded, the
# README's configuration in a Debian-layout server root, the findings view
# in headless Chromium, short fuzzing runs and the benchmark's smoke mode.
# Usage: ./test.sh [--quick]   (--quick: shorter integration and extraction runs)
set -u
cd "$(dirname "$0")"
quick=""
[ "${1:-}" = "--quick" ] && quick="--quick"

tools/deps.sh build test fuzz bench || exit 1
tools/build.sh || { echo "test.sh: build failed" >&2; exit 1; }

passed=0; failed=0; failures=""
stage() {
  name="$1"; shift
  echo "==== $name"
  if "$@"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1)); failures="$failures $name"
    echo "==== $name FAILED"
  fi
}

stage unit            make -s check
stage unit-sanitizers tools/sanitize.sh
stage strict-build    tools/strict-build.sh
# doc/ARCHITECTURE.md: no glue file includes a core-internal header, no call
# cycle between two files of filters/ (from the objects' symbols), no core
# symbol used by the glue or the tool that no public header declares; the
# self-test first shows that each kind of violation is found
stage layering        sh -c 'tools/check-layering --self-test && tools/check-layering'
stage schema          t/schema/check_schema.sh
stage generator       /usr/bin/python3 t/gen/selftest.py
stage extraction      t/gen/check-extraction --tool filters/gikreport --count ${GIK_EXTRACTION_COUNT:-300}
# the generated reports printed to PDF by headless Chromium (both formats,
# UTF-8 and GBK sources, A4, A5 and landscape: tables break across pages)
# and read back from the PDFs; printed PDFs are kept in t/out/pdf-cache by
# their HTML's hash, so only a changed generator prints again
stage pdf-extraction  t/gen/check-extraction --tool filters/gikreport --pdf \
                      --count ${GIK_PDF_EXTRACTION_COUNT:-100}
stage tool            t/tool/run
# gik_init warns about each charset the decoder reads through iconv and iconv lacks
stage iconv-probe     t/tool/iconv-probe
mutation_pages() {
  rm -rf t/out/mutation && mkdir -p t/out &&
  /usr/bin/python3 t/gen/genreport.py --seed 5 --count 42 --out t/out/mutation >/dev/null &&
  /usr/bin/python3 t/gen/genreport.py --seed 5 --count 12 --markups layout_text \
    --out t/out/mutation >/dev/null &&
  GIK_MUTATION_DIR="$PWD/t/out/mutation" t/unit/check_mutation
}
stage mutation        mutation_pages
# The seven real reports of ../shared/real (never copied here) against their
# ground truth, and the three of them published as PDF read from the PDF
# too: t/real/check-real prints the score line.
stage real            t/real/check-real --tool filters/gikreport --pdf
stage integration     t/httpd/run $quick
stage readme          t/readme/run
# the findings view and badges in headless Chromium, the tool's zh/en text and CSV
stage view            t/view/run
# Short forms of the fuzzers and the benchmark, so neither can rot: the long
# runs are `fuzz/run 3600` and `bench/run` (see their READMEs).
stage fuzz            fuzz/run ${GIK_FUZZ_SECONDS:-30}
stage bench-smoke     bench/run --quick

echo
[ -n "$failures" ] && echo "failed stages:$failures"
echo "test stages: $passed passed, $failed failed"
[ "$failed" = 0 ]
