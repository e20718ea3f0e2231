#!/bin/bash -e
# Replaces pi-gen's export-image/03-network/01-run.sh in the copy of export-image that
# scripts/build-image.sh hands to pi-gen. pi-gen writes a fixed /etc/resolv.conf (8.8.8.8);
# on the read-only root nothing could update it, so the DNS servers DHCP offers would be
# ignored. A link to the copy NetworkManager keeps up to date in /run fixes that.
ln -sfn /run/NetworkManager/resolv.conf "${ROOTFS_DIR}/etc/resolv.conf"
