#!/usr/bin/env bash
# Set up a checkout of Tonearm on a fresh Debian or Raspberry Pi OS machine: system packages
# from Debian, npm packages from the npm registry (lockfile only), native modules built here,
# then the TypeScript build. Safe to run again.
#
#   scripts/setup.sh          what running Tonearm needs
#   scripts/setup.sh --dev    also what the test suite needs
set -euo pipefail
cd "$(dirname "$0")/.."

groups='run build'
for arg in "$@"; do
  case "$arg" in
    --dev) groups='run build dev image' ;;
    *) echo "setup.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Node.js >= 20. Debian 13 and Raspberry Pi OS (trixie) ship 20; Debian 12 ships 18, so there
# scripts/install-node.sh installs the pinned official build from the npm registry.
node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(node_major)" -lt 20 ]; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    ca-certificates curl openssl
  candidate=$(apt-cache policy nodejs | sed -n 's/^ *Candidate: *\([0-9]*\).*/\1/p')
  if [ "${candidate:-0}" -ge 20 ]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm
  else
    as_root ./scripts/install-node.sh
  fi
  hash -r
  if [ "$(node_major)" -lt 20 ]; then
    found=$(node --version 2>/dev/null || echo none)
    echo "setup.sh: Tonearm needs Node.js 20 or newer; found $found on PATH." \
      "Is /usr/local/bin on PATH?" >&2
    exit 1
  fi
fi

wanted=()
while read -r group pkg; do
  case "$group" in ''|'#'*) continue ;; esac
  for g in $groups; do
    [ "$g" = "$group" ] && wanted+=("$pkg")
  done
done < scripts/system-packages.txt

missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' \
    || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup.sh: installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi

# Lifecycle scripts of dependencies are off (.npmrc); only the native modules listed here are
# built, from source, on this machine, against the headers that came with this Node.js (so
# node-gyp never downloads them).
nodedir=$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")
if [ -f "$nodedir/include/node/node_api.h" ]; then export npm_config_nodedir="$nodedir"; fi
npm ci --no-audit --no-fund
npm rebuild --ignore-scripts=false --build-from-source better-sqlite3 unix-dgram
npm run build
