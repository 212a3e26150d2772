#!/bin/sh
# Builds the core, the tool and the module twice in a copy of the tree, at
# -O0 and at -O2, with the project's own code held to warnings-as-errors
# (-Wmissing-prototypes -Wshadow on top of -Wall -Wextra).  -O0 catches what
# an optimiser hides (a libm call folded into an instruction links without
# -lm at -O2 only); -O2 catches what only the optimiser's analysis warns of
# (uninitialised paths).  Installed libraries' headers stay outside -Werror:
# they are included as system headers.
set -e
top="$(cd "$(dirname "$0")/.." && pwd)"
base="${GIK_STRICT_DIR:-$top/build-strict}"
cd "$top"
strict="-Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers -Wmissing-prototypes -Wshadow -Werror"
for opt in -O0 -O2; do
  dir="$base$opt"
  rm -rf "$dir"
  mkdir -p "$dir"
  tools/copy-source.sh "$dir"
  (
    cd "$dir"
    ./bootstrap >/dev/null 2>&1
    ./configure -q CFLAGS="-g $opt"
    make -s -j"$(nproc 2>/dev/null || echo 2)" WARN_CFLAGS="$strict" >/dev/null
    make -s -j"$(nproc 2>/dev/null || echo 2)" WARN_CFLAGS="$strict" check TESTS= >/dev/null
  ) || { echo "strict build $opt: FAILED (see above)"; exit 1; }
  echo "strict build $opt: core, tool, module and unit tests built with -Werror"
done
