#!/usr/bin/env bash
# Runs the real guacd VERSION built by scripts/build-guacd.sh (building it first if the cache
# has no finished build), passing the other arguments to guacd.
# Usage: bash scripts/guacd.sh VERSION [guacd args...]
#   e.g. bash scripts/guacd.sh 1.6.0 -f -b 127.0.0.1 -l 4822 -L info
set -euo pipefail

(($# >= 1)) || {
  echo "usage: $0 VERSION [guacd args...]   (VERSION 1.6.0 or 1.5.5)" >&2
  exit 1
}
version="$1"
shift
guacd="$(bash "$(dirname "${BASH_SOURCE[0]}")/build-guacd.sh" "$version" | tail -n1)"
prefix="$(dirname "$(dirname "$guacd")")"
# guacd loads its protocol plugins (libguac-client-ssh.so, …) by name with dlopen, which does
# not look in the build's own lib folder.
export LD_LIBRARY_PATH="$prefix/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
exec "$guacd" "$@"
