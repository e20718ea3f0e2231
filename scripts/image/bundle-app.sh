#!/usr/bin/env bash
# Assemble what the image's stage-tonearm/02-app installs as /opt/tonearm, from this checkout:
# the compiled app, its launcher, package.json and the lockfile, the list of native modules to
# build for the target, and a CycloneDX SBOM of the production dependencies.
#
#   scripts/image/bundle-app.sh OUT                      for an image build: the stage runs
#                                                        npm ci inside the arm64 root
#   scripts/image/bundle-app.sh OUT --with-node-modules  also this checkout's production
#                                                        node_modules (the image test: same arch)
set -euo pipefail
cd "$(dirname "$0")/../.."

out="$(realpath -m "${1:?usage: bundle-app.sh OUT [--with-node-modules]}")"
with_modules="${2:-}"

rm -rf "${out}"
mkdir -p "${out}"

# Build with the project's own build script, in a copy of the sources, so the shared dist/ of
# this checkout is left alone. Type errors stop an image build; the image test may go on with
# what esbuild emits (TONEARM_BUNDLE_ALLOW_TYPE_ERRORS=1), since CI type-checks separately.
src="${out}/src"
mkdir -p "${src}"
cp -r app hardware bin scripts package.json package-lock.json tsconfig*.json "${src}/"
ln -s "$(pwd)/node_modules" "${src}/node_modules"
if ! (cd "${src}" && npm run --silent build >"${out}/build.log" 2>&1); then
	if [ "${TONEARM_BUNDLE_ALLOW_TYPE_ERRORS:-0}" != 1 ]; then
		cat "${out}/build.log" >&2
		exit 1
	fi
	echo "bundle-app.sh: the build reported errors (${out}/build.log); going on" >&2
	(cd "${src}" && npx --no-install tsx scripts/build-app.ts && npm run --silent build:ui) \
		>>"${out}/build.log" 2>&1 || true
fi
if [ ! -f "${src}/dist/app/tonearm.js" ]; then
  echo "bundle-app.sh: no dist/app/tonearm.js" >&2
  exit 1
fi
mv "${src}/dist" "${out}/dist"

# The build leaves everything the service loads in dist/app: the bundle, its chunks and the UI.
rm -rf "${src}"

cp -r bin "${out}/bin"
cp package.json package-lock.json .npmrc docs/image.md "${out}/"

# The native modules setup.sh rebuilds from source are the ones the target must rebuild too.
grep -E '^npm rebuild ' scripts/setup.sh | grep -oE -- '--build-from-source( [^ ]+)+' \
	| sed 's/--build-from-source //' | tr ' ' '\n' > "${out}/native-modules.txt"

npm sbom --sbom-format cyclonedx --omit dev --package-lock-only > "${out}/sbom.cdx.json"

if [ "${with_modules}" = '--with-node-modules' ]; then
	cp -a node_modules "${out}/node_modules"
	(cd "${out}" && npm prune --omit=dev --offline --no-audit --no-fund >/dev/null)
fi
