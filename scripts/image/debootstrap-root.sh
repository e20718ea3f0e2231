#!/usr/bin/env bash
# A pristine Debian 12 root file system (minbase) holding the packages stage-tonearm installs,
# for the image test. Cached under .tmp/image-roots/, keyed by the package list and the
# debootstrap arguments, so only the first run downloads (about 80 s); prints the cached path.
#
#   scripts/image/debootstrap-root.sh    -> .tmp/image-roots/<key>/root
set -euo pipefail
cd "$(dirname "$0")/../.."

suite='bookworm'
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
stage='pi-gen-config/stage-tonearm'

# What pi-gen would install: our stage's package lists, plus what Raspberry Pi OS Lite already
# has and the appliance relies on (systemd as init, D-Bus, iproute2, curl).
packages="$(find "${stage}" -type f -name '[0-9][0-9]-packages*' -exec cat {} + \
	| sed 's/#.*//' | tr -s ' \n' '\n' | grep -v '^$' | sort -u)"
packages="$(printf '%s\n' "${packages}" systemd systemd-sysv dbus iproute2 curl | sort -u)"
include="$(echo "${packages}" | paste -sd, -)"

key="$(printf '%s %s %s' "${suite}" "${mirror}" "${include}" | sha256sum | cut -c1-16)"
cache=".tmp/image-roots/${key}"

if [ ! -f "${cache}/complete" ]; then
	rm -rf "${cache}"
	mkdir -p "${cache}"
	debootstrap --variant=minbase --include="${include}" "${suite}" "${cache}/root" "${mirror}" \
		> "${cache}/debootstrap.log" 2>&1 || {
		tail -20 "${cache}/debootstrap.log" >&2
		exit 1
	}
	rm -rf "${cache}/root/var/cache/apt/archives/"*.deb
	touch "${cache}/complete"
fi
echo "$(pwd)/${cache}/root"
