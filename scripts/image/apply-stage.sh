#!/usr/bin/env bash
# Run stage-tonearm on a root file system the way pi-gen's build.sh does (package lists with
# apt-get in the chroot, then each NN-run.sh from its own directory with ROOTFS_DIR, STAGE_DIR
# and on_chroot), then the two export-image steps the running system depends on: PARTUUIDs in
# /etc/fstab and an empty /etc/machine-id. Used by the image test on a debootstrap root.
#
#   scripts/image/apply-stage.sh ROOTFS
# Environment: TONEARM_BUNDLE (from bundle-app.sh), TONEARM_NODE_BIN (optional).
set -euo pipefail
cd "$(dirname "$0")/../.."

ROOTFS_DIR="$(realpath "${1:?usage: apply-stage.sh ROOTFS}")"
STAGE_DIR="$(realpath pi-gen-config/stage-tonearm)"
export ROOTFS_DIR STAGE_DIR

# pi-gen's on_chroot: a shell script on stdin, run as root inside the target.
on_chroot() {
	mountpoint -q "${ROOTFS_DIR}/proc" || mount -t proc proc "${ROOTFS_DIR}/proc"
	mountpoint -q "${ROOTFS_DIR}/dev" || mount --bind /dev "${ROOTFS_DIR}/dev"
	chroot "${ROOTFS_DIR}" /bin/bash -e
}
export -f on_chroot

cleanup() {
	umount "${ROOTFS_DIR}/dev" 2>/dev/null || true
	umount "${ROOTFS_DIR}/proc" 2>/dev/null || true
}
trap cleanup EXIT

for sub in "${STAGE_DIR}"/[0-9][0-9]-*/; do
	pushd "${sub}" >/dev/null
	for i in $(seq -w 0 99); do
		for list in "${i}-packages-nr" "${i}-packages"; do
			[ -f "${list}" ] || continue
			packages="$(sed 's/#.*//' "${list}" | tr -s ' \n' ' ')"
			echo "apt-get install -y --no-install-recommends ${packages}" | on_chroot >/dev/null
		done
		if [ -x "${i}-run.sh" ]; then
			echo "apply-stage: $(basename "${sub}")/${i}-run.sh"
			"./${i}-run.sh"
		fi
	done
	popd >/dev/null
done

# export-image/04-set-partuuid and 05-finalise, the parts that shape the booted system.
sed -i 's/BOOTDEV/PARTUUID=7e57ab1e-01/; s/ROOTDEV/PARTUUID=7e57ab1e-02/' "${ROOTFS_DIR}/etc/fstab"
: > "${ROOTFS_DIR}/etc/machine-id"
rm -f "${ROOTFS_DIR}/var/lib/dbus/machine-id"
