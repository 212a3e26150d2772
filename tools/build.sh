#!/bin/sh
# Configures (once) and builds everything: the core, the gikreport tool and
# the httpd module.  Extra arguments go to configure.
set -e
cd "$(dirname "$0")/.."
if [ ! -x configure ] || [ configure.ac -nt configure ] || [ Makefile.am -nt Makefile.in ]; then
  ./bootstrap
fi
if [ ! -f Makefile ] || [ configure -nt Makefile ]; then
  ./configure -q "$@"
fi
make -j"$(nproc 2>/dev/null || echo 2)" >/dev/null
