#!/bin/bash
# build-image.sh OUTDIR — build the hvtop demo guest: OUTDIR/vmlinuz and
# OUTDIR/initrd.img (busybox + virtio modules + kvm/guest/init).
#
# Kernel, first match wins:
#   $HVTOP_GUEST_KERNEL   a vmlinuz; its modules from $HVTOP_GUEST_MODULES
#                         (a /lib/modules/<version> directory) if set, else
#                         the virtio drivers are assumed built in
#   the host's            /boot/vmlinuz-$(uname -r) + /lib/modules/$(uname -r)
#   Debian's              linux-image-<version>-cloud-amd64, fetched once with
#                         apt-get download into $HVTOP_CACHE (default
#                         OUTDIR/deb) and unpacked there with dpkg -x
# Other knobs: $HVTOP_GUEST_BUSYBOX (default /bin/busybox, must be static).
#
# OUTDIR/stamp holds a hash of every input; when it matches nothing is done,
# so hvtop --demo can call this on every start.  One line per step on stderr.

set -euo pipefail
# Module files are binary; grep/sed must not choke on them in UTF-8 locales.
export LC_ALL=C

prog=build-image
say() { printf '%s: %s\n' "$prog" "$*" >&2; }
die() { printf '%s: %s\n' "$prog" "$*" >&2; exit 1; }

if [ $# -ne 1 ] || [ -z "$1" ]; then die "usage: build-image.sh OUTDIR"; fi
outdir=$1

# Resolve our own location so the script works from any working directory.
self=$(readlink -f -- "${BASH_SOURCE[0]}")
here=$(dirname -- "$self")
init_script=$here/init
busybox=${HVTOP_GUEST_BUSYBOX:-/bin/busybox}

# Drivers the demo guests need: PCI transport, net (host-side tap counters),
# blk (disk-writer), balloon (guest-reported memory).  Optional: console,
# and button+evdev so the ACPI power button (libvirt shutdown) reaches acpid.
required_mods="virtio_pci virtio_net virtio_blk virtio_balloon"
optional_mods="virtio_console button evdev"

[ -r "$init_script" ] || die "the guest init script $init_script is missing."
[ -x "$busybox" ] || die "$busybox is missing; install the busybox-static package."
# A dynamically linked busybox would need a libc the initramfs does not have.
if ldd "$busybox" >/dev/null 2>&1; then
	die "$busybox is dynamically linked; install the busybox-static package."
fi

mkdir -p -- "$outdir" 2>/dev/null || die "cannot create the output directory $outdir."
outdir=$(cd -- "$outdir" && pwd -P)
cache=${HVTOP_CACHE:-$outdir/deb}

# Two hvtop --demo runs may race to build the same image; serialise them.
if command -v flock >/dev/null 2>&1; then
	exec 9>"$outdir/.lock"
	if ! flock -n 9; then
		say "waiting for another build in $outdir"
		flock 9
	fi
fi

staging=
cleanup() { if [ -n "$staging" ]; then rm -rf -- "$staging"; fi; }
trap cleanup EXIT

# ---------------------------------------------------------------- kernel
kernel=
moddir=

find_modules_dir() { # ROOT VERSION -> prints the modules dir or nothing
	local d
	for d in "$1/lib/modules/$2" "$1/usr/lib/modules/$2"; do
		if [ -d "$d" ]; then printf '%s\n' "$d"; return; fi
	done
}

# Picks the newest kernel already unpacked in the cache, so a cached build
# neither asks apt nor changes kernel behind the user's back when the
# archive moves on (delete the cache to pick up a newer kernel).
use_cached_debian_kernel() {
	local k ver
	[ -d "$cache" ] || return 1
	# *.tmp is a half-finished unpack (see fetch_debian_kernel).
	k=$(find "$cache" -mindepth 3 -maxdepth 3 -path '*/boot/vmlinuz-*' \
		! -path '*.tmp/*' | sort -V | tail -n 1)
	[ -n "$k" ] || return 1
	ver=${k##*/vmlinuz-}
	kernel=$k
	moddir=$(find_modules_dir "${k%/boot/*}" "$ver")
	[ -n "$moddir" ] || die "the cached kernel $k has no modules directory; remove $cache and retry."
}

fetch_debian_kernel() {
	local pkg deb arch apt_opts=()
	if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg >/dev/null 2>&1; then
		die "no kernel found: set HVTOP_GUEST_KERNEL, or run on Debian where apt-get can fetch linux-image-cloud-amd64."
	fi
	arch=$(dpkg --print-architecture)
	[ "$arch" = amd64 ] ||
		die "Debian has no cloud kernel for $arch; set HVTOP_GUEST_KERNEL to a vmlinuz."
	# The meta package only depends on the real, versioned one.
	pkg=$(apt-cache depends linux-image-cloud-amd64 2>/dev/null |
		awk '$1 == "Depends:" && $2 ~ /^linux-image-.*-cloud-amd64$/ && !n++ { print $2 }')
	[ -n "$pkg" ] ||
		die "apt knows no linux-image-cloud-amd64; run apt-get update or set HVTOP_GUEST_KERNEL."
	mkdir -p -- "$cache" || die "cannot create the kernel cache $cache."
	# $HVTOP_CACHE may be shared by builds of different OUTDIRs, which the
	# OUTDIR lock does not serialise; whoever waited finds the tree ready.
	if command -v flock >/dev/null 2>&1; then
		exec 8>"$cache/.lock"
		flock 8
		if use_cached_debian_kernel; then return; fi
	fi
	say "downloading $pkg into $cache"
	# As root apt drops to _apt, which cannot write to a private cache dir and
	# then warns; it would download unsandboxed anyway, so say so up front.
	if [ "$(id -u)" = 0 ]; then apt_opts=(-o APT::Sandbox::User=root); fi
	(cd -- "$cache" && apt-get -q download "${apt_opts[@]}" "$pkg" >/dev/null) ||
		die "apt-get download $pkg failed; check that apt-get update has run and the mirror is reachable."
	deb=$(find "$cache" -maxdepth 1 -name "${pkg}_*.deb" | sort -V | tail -n 1)
	[ -n "$deb" ] || die "apt-get download left no ${pkg}_*.deb in $cache."
	say "unpacking $(basename -- "$deb")"
	rm -rf -- "$cache/$pkg.tmp"
	dpkg -x "$deb" "$cache/$pkg.tmp" || die "dpkg -x $deb failed."
	# Only a fully unpacked tree gets the name use_cached_debian_kernel looks for.
	rm -rf -- "${cache:?}/$pkg"
	mv -- "$cache/$pkg.tmp" "$cache/$pkg"
	rm -f -- "$deb"
	use_cached_debian_kernel || die "$pkg contains no boot/vmlinuz-*."
}

if [ -n "${HVTOP_GUEST_KERNEL:-}" ]; then
	kernel=$HVTOP_GUEST_KERNEL
	if [ ! -f "$kernel" ] || [ ! -r "$kernel" ]; then
		die "HVTOP_GUEST_KERNEL=$kernel is not a readable file."
	fi
	if [ -n "${HVTOP_GUEST_MODULES:-}" ]; then
		moddir=$HVTOP_GUEST_MODULES
		[ -d "$moddir" ] || die "HVTOP_GUEST_MODULES=$moddir is not a directory."
	fi
	say "kernel: $kernel (from HVTOP_GUEST_KERNEL)"
else
	rel=$(uname -r)
	if [ -e "/boot/vmlinuz-$rel" ] && [ -d "/lib/modules/$rel" ]; then
		if [ -r "/boot/vmlinuz-$rel" ]; then
			kernel=/boot/vmlinuz-$rel
			moddir=/lib/modules/$rel
			say "kernel: $kernel (the host's)"
		else
			# Ubuntu ships vmlinuz mode 0600; fall back rather than need root.
			say "host kernel /boot/vmlinuz-$rel is not readable, using Debian's"
		fi
	fi
	if [ -z "$kernel" ]; then
		use_cached_debian_kernel || fetch_debian_kernel
		say "kernel: $kernel (Debian's, cached in $cache)"
	fi
fi

# ---------------------------------------------------------------- modules
declare -A mod_path=() mod_deps=() mod_builtin=()
have_dep=no

# Sets $name to a module path's name as the kernel spells it (dashes become
# underscores); no output, as forking for each of ~3000 modules costs a second.
mod_name() {
	name=${1##*/}
	name=${name%%.ko*}
	name=${name//-/_}
}

decompress() { # FILE -> raw .ko on stdout
	case $1 in
	*.ko) cat -- "$1" ;;
	*.ko.xz) command -v xz >/dev/null 2>&1 || die "$1 is xz-compressed and xz is not installed."
		xz -dc -- "$1" ;;
	*.ko.zst) command -v zstd >/dev/null 2>&1 || die "$1 is zstd-compressed and zstd is not installed."
		zstd -qdc -- "$1" ;;
	*.ko.gz) gzip -dc -- "$1" ;;
	*) die "$1 has an unknown module compression." ;;
	esac
}

if [ -n "$moddir" ]; then
	if [ -s "$moddir/modules.builtin" ]; then
		while read -r p; do mod_name "$p"; mod_builtin[$name]=1; done <"$moddir/modules.builtin"
	fi
	if [ -s "$moddir/modules.dep" ]; then
		have_dep=yes
		while IFS= read -r line; do
			p=${line%%:*}
			list=
			for d in ${line#*:}; do mod_name "$d"; list="$list $name"; done
			mod_name "$p"
			mod_path[$name]=$moddir/$p
			mod_deps[$name]=$list
		done <"$moddir/modules.dep"
	else
		# Debian's package runs depmod in its postinst, so dpkg -x leaves no
		# modules.dep: index the files and read each one's depends= instead.
		while IFS= read -r p; do
			mod_name "$p"
			mod_path[$name]=$p
		done < <(find "$moddir" -name '*.ko*' -type f)
	fi
	[ ${#mod_path[@]} -gt 0 ] || die "no kernel modules found under $moddir."
fi

deps=
deps_of() { # NAME -> $deps, space-separated dependency names
	local n=$1 raw
	if [ "$have_dep" = yes ]; then
		deps=${mod_deps[$n]:-}
		return
	fi
	# .modinfo is a run of NUL-terminated key=value strings.
	raw=$(decompress "${mod_path[$n]}" | tr '\0' '\n' | sed -n 's/^depends=//p') ||
		die "cannot read the dependencies of ${mod_path[$n]}."
	deps=${raw//,/ }
}

ordered=()         # load order: every module after its dependencies
declare -A seen=()
visit() { # NAME REQUIRED
	local n=$1 d
	[ -z "${seen[$n]:-}" ] || return 0
	seen[$n]=1
	if [ -z "${mod_path[$n]:-}" ]; then
		if [ -n "${mod_builtin[$n]:-}" ]; then return 0; fi
		if [ "$2" = yes ]; then
			die "kernel module $n is neither in $moddir nor built into the kernel."
		fi
		say "optional module $n not available, skipped"
		return 0
	fi
	deps_of "$n"
	local list=$deps
	for d in $list; do visit "$d" yes; done
	ordered+=("$n")
}

if [ -n "$moddir" ]; then
	for m in $required_mods; do visit "$m" yes; done
	for m in $optional_mods; do visit "$m" no; done
	say "modules: ${ordered[*]:-none (built in)}"
else
	say "modules: none; assuming the virtio drivers are built into $kernel"
fi

mod_files=()
for m in "${ordered[@]}"; do mod_files+=("${mod_path[$m]}"); done

# ---------------------------------------------------------------- cache check
# Content hashes only, so moving the cache does not force a rebuild; the
# module list is hashed too since it changes what goes into the image.
stamp=$({
	echo "hvtop-guest-image 1"
	echo "${ordered[*]:-}"
	sha256sum -- "$kernel" "$init_script" "$self" "$busybox" "${mod_files[@]}" | cut -d' ' -f1
} | sha256sum | cut -d' ' -f1)

if [ -f "$outdir/stamp" ] && [ -s "$outdir/vmlinuz" ] && [ -s "$outdir/initrd.img" ] &&
	[ "$(cat -- "$outdir/stamp")" = "$stamp" ]; then
	say "image in $outdir is up to date"
	exit 0
fi

# ---------------------------------------------------------------- build
# Staging lives in OUTDIR so the final renames are atomic.
staging=$(mktemp -d "$outdir/.build.XXXXXX") || die "cannot create a staging directory in $outdir."
root=$staging/root
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,run,tmp,mnt,root,etc/hvtop,lib/modules}

say "initramfs: busybox and its applet links"
cp -- "$busybox" "$root/bin/busybox"
# Run the copy: busybox picks its applet from argv[0], so a source named
# e.g. busybox.static would not answer --list-full.
"$root/bin/busybox" --list-full | while IFS= read -r applet; do
	[ "$applet" = bin/busybox ] || ln -sf /bin/busybox "$root/$applet" || exit 1
done || die "cannot create the busybox applet links."
[ -e "$root/bin/sh" ] || die "$busybox has no sh applet."

cp -- "$init_script" "$root/init"
chmod 0755 "$root/init"

# busybox insmod cannot read zstd and only some builds read xz, so every
# module goes in uncompressed; init loads them in the order of this list.
: >"$root/etc/hvtop/modules"
for m in "${ordered[@]}"; do
	decompress "${mod_path[$m]}" >"$root/lib/modules/$m.ko" ||
		die "cannot copy module ${mod_path[$m]}."
	echo "$m" >>"$root/etc/hvtop/modules"
done
if [ ${#ordered[@]} -gt 0 ]; then say "initramfs: ${#ordered[@]} modules added uncompressed"; fi

say "initramfs: packing cpio (newc, gzip)"
# Sorted, root-owned entries keep the archive independent of who built it.
if command -v cpio >/dev/null 2>&1; then
	(cd "$root" && find . -print0 | sort -z |
		cpio --null --quiet -o -H newc -R 0:0) | gzip -n -6 >"$staging/initrd.img" ||
		die "cannot pack the initramfs."
else
	(cd "$root" && find . | sort | "$busybox" cpio -o -H newc 2>/dev/null) |
		gzip -n -6 >"$staging/initrd.img" || die "cannot pack the initramfs."
fi
cp -- "$kernel" "$staging/vmlinuz" || die "cannot copy the kernel $kernel."

# The stamp goes last: an interrupted build never looks finished.
rm -f -- "$outdir/stamp"
mv -f -- "$staging/vmlinuz" "$outdir/vmlinuz"
mv -f -- "$staging/initrd.img" "$outdir/initrd.img"
printf '%s\n' "$stamp" >"$staging/stamp"
mv -f -- "$staging/stamp" "$outdir/stamp"
say "image ready in $outdir ($(du -k "$outdir/initrd.img" | cut -f1) KiB initrd)"
