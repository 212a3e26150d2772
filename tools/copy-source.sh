#!/bin/sh
# Copies the project's sources (not the objects of a build) into DIR, for a
# second build with other flags in its own tree: automake will not configure
# a second build in a source tree that is already configured.
# Usage: tools/copy-source.sh DIR
set -e
dir="$1"
cd "$(dirname "$0")/.."
mkdir -p "$dir"
# GNU tar's --exclude is positional: it must come before the paths, or the
# objects of the normal build are copied and make reuses them unrebuilt.
# fuzz/: check_regressions replays its corpus and regression inputs.
tar cf - --exclude='fuzz/out' \
    --exclude='*.o' --exclude='*.lo' --exclude='*.la' --exclude='.libs' --exclude='.deps' \
    --exclude='t/unit/check_*[!c]' --exclude='filters/gikreport' \
    bootstrap configure.ac Makefile.am filters mod_gikreport t conf doc README.md fuzz \
    | (cd "$dir" && tar xf -)
