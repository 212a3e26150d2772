#!/bin/sh
# Builds the core and its unit tests with AddressSanitizer, UBSan and
# LeakSanitizer in a copy of the tree (automake will not configure a second
# build in a source tree that is already configured) and runs them.
set -e
top="$(cd "$(dirname "$0")/.." && pwd)"
dir="${GIK_SANITIZE_DIR:-$top/build-sanitize}"
rm -rf "$dir"
mkdir -p "$dir"
cd "$top"
tools/copy-source.sh "$dir"
cd "$dir"
./bootstrap
./configure -q --without-apxs --enable-sanitizers CFLAGS="-g -O1"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
# Check forks each test; LeakSanitizer then reports per child.
make -s -j"$(nproc 2>/dev/null || echo 2)" check
