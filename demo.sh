#!/bin/sh
# Builds everything and starts the demo: Debian's apache2 on 127.0.0.1 with the
# module and sample reports; prints the URLs to open.  Ctrl-C stops it.
# Usage: ./demo.sh [--background] [--port N]
set -e
cd "$(dirname "$0")"
tools/deps.sh build demo
tools/build.sh
exec /usr/bin/python3 tools/demo.py "$@"
