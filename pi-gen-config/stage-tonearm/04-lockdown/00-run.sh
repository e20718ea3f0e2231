#!/bin/bash -e
# No way in but the web UI: no SSH, and no account that can log in. pi-gen needs a first user
# while it builds (FIRST_USER_NAME); it is deleted here, and every password field left in
# /etc/shadow is set to '*' (no password can match), including empty ones.

on_chroot <<- CHROOT
	set -e
	if [ -n "${FIRST_USER_NAME:-}" ] && id -u "${FIRST_USER_NAME}" >/dev/null 2>&1; then
		userdel --remove "${FIRST_USER_NAME}" 2>/dev/null || userdel "${FIRST_USER_NAME}"
	fi
	for user in \$(awk -F: '\$2 != "*" && \$2 != "!" && \$2 != "!*" { print \$1 }' /etc/shadow); do
		usermod --password '*' "\${user}"
	done
	systemctl disable ssh.service 2>/dev/null || true
	systemctl mask ssh.service sshd.service
CHROOT

rm -f "${ROOTFS_DIR}/etc/sudoers.d/010_pi-nopasswd"
