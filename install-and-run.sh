#!/bin/bash
# Installs what hvtop needs from Debian 12's packages, builds it, and then
#   (no argument)  starts hvtop --demo: real guests on its embedded driver;
#   --check        runs the whole test suite (make check) instead;
#   --build-only   stops after the build.
# Run as root (apt-get, and the tests' guests, bridges and namespaces).
set -euo pipefail
cd "$(dirname "$0")"

mode=${1:-run}
case $mode in
run|--check|--build-only) ;;
*) echo "usage: $0 [--check|--build-only] [hvtop options...]" >&2; exit 2 ;;
esac
[ $# -gt 0 ] && shift

if [ "$(id -u)" != 0 ]; then
	echo "install-and-run.sh: run as root (sudo $0 $mode): it installs packages" >&2
	exit 2
fi

packages=(
	build-essential autoconf automake autoconf-archive pkg-config
	libvirt-dev libvirt-daemon-system libvirt-daemon-driver-qemu
	qemu-system-x86 qemu-utils libncurses-dev libconfig-dev check
	tmux busybox-static cpio python3 iproute2 procps util-linux
	clang libclang-rt-14-dev zstd xz-utils libxml2-dev
)
missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q
	apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

[ -x configure ] || autoreconf -fi
[ -f Makefile ] || ./configure
make -j"$(nproc)"

case $mode in
--build-only) exit 0 ;;
--check) exec make -j1 check ;;
*) exec ./hvtop --demo "$@" ;;
esac
