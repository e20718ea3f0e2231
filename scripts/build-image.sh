#!/usr/bin/env bash
# Build the Tonearm SD card image with pi-gen. Needs: a Debian 12 (or Ubuntu 22.04+) x86_64 or
# arm64 machine with internet access, root, ~25 GB free, the packages pi-gen lists in its
# `depends` file (quilt, parted, qemu-user-static, debootstrap, zerofree, zip, dosfstools,
# libarchive-tools, libcap2-bin, grep, rsync, xz-utils, file, git, curl, bc, gpg, pigz, xxd,
# arch-test, kmod) plus openssl, and Node.js 20+ with this checkout set up (scripts/setup.sh).
# On x86_64, binfmt_misc must run arm64 binaries through qemu-user-static.
# See docs/image.md. The image lands in .tmp/pi-gen/pi-gen/deploy/.
set -euo pipefail
cd "$(dirname "$0")/.."

# pi-gen's bookworm-arm64 branch (64-bit Raspberry Pi OS Lite, Debian 12), pinned.
PI_GEN_REPO='https://github.com/RPi-Distro/pi-gen.git'
PI_GEN_COMMIT='d7a31c6aa09f4b867902c51da2b45807c0a1709e'

if [ "$(id -u)" -ne 0 ]; then
	echo "build-image.sh: pi-gen must run as root (loop devices, chroot, mounts)" >&2
	exit 1
fi

checkout="$(pwd)"
work="${TONEARM_IMAGE_WORK:-${checkout}/.tmp/pi-gen}"
pigen="${work}/pi-gen"
mkdir -p "${work}"

# The app, compiled from this checkout; type errors stop the build here.
scripts/image/bundle-app.sh "${work}/bundle"

if [ ! -d "${pigen}/.git" ]; then
	git init --quiet "${pigen}"
	git -C "${pigen}" remote add origin "${PI_GEN_REPO}"
fi
git -C "${pigen}" fetch --quiet --depth 1 origin "${PI_GEN_COMMIT}"
git -C "${pigen}" checkout --quiet --force --detach "${PI_GEN_COMMIT}"

cp pi-gen-config/config "${pigen}/config"
ln -sfn "${checkout}/pi-gen-config/stage-tonearm" "${pigen}/stage-tonearm"

# pi-gen's export steps, with our resolv.conf step in place of its fixed one.
rm -rf "${work}/export-image"
cp -r "${pigen}/export-image" "${work}/export-image"
install -m 755 pi-gen-config/export-network.sh "${work}/export-image/03-network/01-run.sh"
export EXPORT_CONFIG_DIR="${work}/export-image"

# pi-gen will not disable its first-boot user wizard without a password for the build account.
# This one is random, never stored, and the account is deleted by stage-tonearm/04-lockdown.
FIRST_USER_PASS="$(openssl rand -base64 32)"
export FIRST_USER_PASS
export TONEARM_BUNDLE="${work}/bundle" TONEARM_SRC="${checkout}"

cd "${pigen}"
./build.sh
