#!/bin/bash -e
# Install the application as /opt/tonearm from the bundle scripts/image/bundle-app.sh made
# (TONEARM_BUNDLE), with production dependencies only and native modules compiled inside the
# target root, so they are built for its architecture (arm64 under qemu-user in pi-gen).
# A bundle that already holds node_modules (the image test: same architecture) is used as is.

NPM_VERSION='11.19.1'
NPM_URL="https://registry.npmjs.org/npm/-/npm-${NPM_VERSION}.tgz"
NPM_SUM='ztsxKxt/kkIaAs+2i0GU6I+DRmUdrNasxTZKJe9TCdSjKxlhah/4r/hl5ygMD6XAg1qZ9c2TNomR4qgOydp10g=='

bundle="${TONEARM_BUNDLE:?TONEARM_BUNDLE must name the directory bundle-app.sh made}"
app="${ROOTFS_DIR}/opt/tonearm"

rm -rf "${app}"
install -d -m 755 "${app}"
cp -r "${bundle}/dist" "${bundle}/bin" "${bundle}/package.json" "${bundle}/package-lock.json" \
	"${bundle}/.npmrc" "${app}/"

if [ -d "${bundle}/node_modules" ]; then
	cp -a "${bundle}/node_modules" "${app}/"
else
	# npm itself is only needed during the build: pinned, checked, and removed afterwards.
	work="${ROOTFS_DIR}/tmp/tonearm-npm"
	rm -rf "${work}"
	mkdir -p "${work}"
	curl --fail --silent --show-error --location --proto '=https' \
		--output "${work}/npm.tgz" "${NPM_URL}"
	actual="$(openssl dgst -sha512 -binary "${work}/npm.tgz" | base64 -w0)"
	if [ "${actual}" != "${NPM_SUM}" ]; then
		echo "npm ${NPM_VERSION}: checksum mismatch (got sha512-${actual})" >&2
		exit 1
	fi
	tar -xzf "${work}/npm.tgz" -C "${work}"

	native="$(tr '\n' ' ' < "${bundle}/native-modules.txt")"
	on_chroot <<- CHROOT
		set -e
		cd /opt/tonearm
		node /tmp/tonearm-npm/package/bin/npm-cli.js ci --omit=dev --no-audit --no-fund
		node /tmp/tonearm-npm/package/bin/npm-cli.js rebuild --ignore-scripts=false \
			--nodedir=/usr --build-from-source ${native}
	CHROOT
	# Build-only: npm, its cache, and the headers 01-node installed for node-gyp.
	rm -rf "${work}" "${ROOTFS_DIR}/root/.npm" "${ROOTFS_DIR}/root/.cache/node-gyp" \
		"${ROOTFS_DIR}/usr/include/node"
fi

chown -R root:root "${app}"
chmod -R u=rwX,go=rX "${app}"

install -d -m 755 "${ROOTFS_DIR}/usr/share/doc/tonearm"
install -m 644 "${bundle}/sbom.cdx.json" "${bundle}/image.md" \
	"${ROOTFS_DIR}/usr/share/doc/tonearm/"
