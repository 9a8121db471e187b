#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian 12 machine, then runs every test: `npm test`'s
# stages one by one (scripts/stages.sh), printing how long each took.
# The README's second command; .ci/run calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
while read -r pkg; do
  [[ -z "$pkg" || "$pkg" == \#* ]] && continue
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done < scripts/debian-packages.txt
if ((${#missing[@]})); then
  echo "Installing Debian packages: ${missing[*]}"
  sudo=""
  [[ "$(id -u)" -ne 0 ]] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi

# The real guacd that tests run, built once into a cache outside the clone (then a no-op).
bash scripts/build-guacd.sh 1.6.0
bash scripts/build-guacd.sh 1.5.5

# The Electron binary cannot be downloaded here; its types and the stub checks suffice.
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
npm ci --no-audit --no-fund
bash scripts/stages.sh test
