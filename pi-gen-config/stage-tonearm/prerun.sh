#!/bin/bash -e
# Start from stage2's root file system, as pi-gen's own stages do.
if [ ! -d "${ROOTFS_DIR}" ]; then
	copy_previous
fi
