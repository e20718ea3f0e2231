#!/bin/bash -e
# The appliance around the app: its user, units, read-only root layout, firewall, mDNS, the
# config.txt overlays and the kernel command line. Files come from image/ and systemd/ of the
# checkout this stage lives in (pi-gen-config/stage-tonearm).

src="${TONEARM_SRC:-$(realpath "${STAGE_DIR}/../..")}"
img="${src}/image"
root="${ROOTFS_DIR}"

# The service's user: no login, no home of its own, the sound card and input devices only.
on_chroot <<- CHROOT
	set -e
	groupadd -f -r audio
	groupadd -f -r input
	if ! id -u tonearm >/dev/null 2>&1; then
		adduser --system --group --no-create-home --home /var/lib/tonearm \
			--shell /usr/sbin/nologin tonearm
	fi
	usermod -G audio,input tonearm
CHROOT

# Read-only root: the file systems, the places bind-mounted from the data partition, logs in RAM.
install -m 644 "${img}/fstab" "${root}/etc/fstab"
install -d -m 755 "${root}/data" "${root}/var/lib/tonearm" "${root}/srv/music" \
	"${root}/var/lib/systemd/timesync" "${root}/var/lib/NetworkManager"
# systemd-logind's StateDirectory: systemd cannot create it on the read-only root at boot, but
# accepts it when it already exists (lingering users are meaningless here anyway).
install -d -m 755 "${root}/var/lib/systemd/linger"
install -D -m 644 "${img}/journald.conf" "${root}/etc/systemd/journald.conf.d/tonearm.conf"
install -D -m 644 "${img}/networkmanager.conf" "${root}/etc/NetworkManager/conf.d/tonearm.conf"
install -D -m 644 "${img}/units/networkmanager-tonearm.conf" \
	"${root}/etc/systemd/system/NetworkManager.service.d/tonearm.conf"

# The first-boot and every-boot preparation of the data partition.
install -D -m 755 "${img}/scripts/data-partition" "${root}/usr/lib/tonearm/data-partition"
install -D -m 755 "${img}/scripts/data-prepare" "${root}/usr/lib/tonearm/data-prepare"
install -m 644 "${img}/units/tonearm-data-partition.service" \
	"${img}/units/tonearm-data.service" "${root}/etc/systemd/system/"
# A factory reset from the web UI: the service leaves a marker, this pair reboots to act on it.
install -m 644 "${img}/units/tonearm-reset.path" "${img}/units/tonearm-reset.service" \
	"${root}/etc/systemd/system/"

# The service and its settings: the image's defaults, and the link to the copy on the data
# partition that tonearm-data.service seeds from them or imports from the boot partition.
install -m 644 "${src}/systemd/tonearm.service" "${root}/etc/systemd/system/"
install -D -m 644 "${img}/tonearm.toml" "${root}/usr/share/tonearm/tonearm.toml"
install -d -m 755 "${root}/etc/tonearm" "${root}/boot/firmware"
ln -sfn /data/config/tonearm.toml "${root}/etc/tonearm/tonearm.toml"

# Firewall and mDNS. pi-gen sets the host name from TARGET_HOSTNAME already; setting it here
# too keeps the name Avahi announces (tonearm.local) right on any root the stage is applied to.
echo tonearm > "${root}/etc/hostname"
hosts="${root}/etc/hosts"
if [ -f "${hosts}" ]; then
	sed -i '/^127\.0\.1\.1\s/d' "${hosts}"
else
	printf '127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\n' > "${hosts}"
fi
printf '127.0.1.1\ttonearm\n' >> "${hosts}"
install -m 644 "${img}/nftables.conf" "${root}/etc/nftables.conf"
install -D -m 644 "${img}/avahi-tonearm.service" "${root}/etc/avahi/services/tonearm.service"
if [ -f "${root}/etc/avahi/avahi-daemon.conf" ]; then
	sed -i 's/^#\?publish-workstation=.*/publish-workstation=no/' \
		"${root}/etc/avahi/avahi-daemon.conf"
fi

# Units that write to the root file system or are pointless on an appliance. Masking a unit
# that is not installed is harmless, so the list serves pi-gen and the test root alike.
on_chroot <<- CHROOT
	set -e
	systemctl enable tonearm.service tonearm-data.service tonearm-data-partition.service \
		tonearm-reset.path nftables.service avahi-daemon.service
	systemctl mask dphys-swapfile.service resize2fs_once.service \
		regenerate_ssh_host_keys.service userconfig.service fake-hwclock.service \
		apt-daily.timer apt-daily-upgrade.timer man-db.timer e2scrub_reap.service \
		rpi-resize.service rpi-resize-swap-file.service
CHROOT

# Boot files (pi-gen only: the test root has no boot partition). The kernel mounts the root
# read-only, and raspberrypi-sys-mods' firstboot must not grow the root partition over the
# space the data partition takes.
boot="${root}/boot/firmware"
if [ -f "${boot}/cmdline.txt" ]; then
	sed -i -E 's# ?init=/usr/lib/raspberrypi-sys-mods/firstboot##; s#(rootwait)( ro)?#\1 ro#' \
		"${boot}/cmdline.txt"
fi
if [ -f "${boot}/config.txt" ] && ! grep -q 'Tonearm' "${boot}/config.txt"; then
	cat "${img}/config.txt" >> "${boot}/config.txt"
fi
