#!/bin/sh
# Installs (as root) or names (otherwise) the Debian 12 packages the build,
# the tests and the demo need.  Usage: tools/deps.sh [build|test|demo|bench|fuzz]...
set -e
need="build-essential autoconf automake libtool pkg-config apache2 apache2-dev
libapr1-dev libaprutil1-dev libxml2-dev libpcre2-dev libjansson-dev check libssl-dev libxxhash-dev
libpoppler-glib-dev"
for what in "$@"; do
  case "$what" in
    build) ;;
    demo)  need="$need python3" ;;
    test)  need="$need python3 python3-jsonschema apache2-utils chromium fonts-wqy-zenhei curl memcached redis-server" ;;
    bench) need="$need wrk valgrind curl" ;;
    fuzz)  need="$need clang libclang-rt-14-dev" ;;
    *) echo "tools/deps.sh: unknown set '$what'" >&2; exit 2 ;;
  esac
done
missing=""
for pkg in $need; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  case "$status" in
    *"install ok installed"*) ;;
    *) missing="$missing $pkg" ;;
  esac
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
  echo "Installing:$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq $missing >/dev/null
else
  echo "Missing Debian packages. Run as root:" >&2
  echo "  apt-get install -y$missing" >&2
  exit 1
fi
