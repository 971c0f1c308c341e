#!/bin/bash
# boot-image.sh — build the demo guest image and boot it straight in QEMU
# (no libvirt): it must load its virtio modules, find its disk, balloon and
# NIC, print HVTOP-READY, start the cpu-hog profile and keep ticking.
#
# Environment:
#   HVTOP_GUEST_CACHE   image directory to build into and reuse (default: a
#                       temp dir, so a cold build including the kernel fetch)
#   HVTOP_GUEST_ACCEL   QEMU accelerator (default tcg: nested KVM is not
#                       reliable on CI machines; "kvm" works where it is)
#   HVTOP_BOOT_TIMEOUT  seconds to wait for HVTOP-READY (default 60)
# Exit 0 on pass; otherwise the reason and the serial log's tail.
# It runs no hvtop: the image is built and booted in its temp dir (or
# HVTOP_GUEST_CACHE), so HOME and hvtop's settings cannot change it, and it
# does not source tests/lib/common.sh.

set -euo pipefail
export LC_ALL=C

here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
builder=$here/../../kvm/guest/build-image.sh
accel=${HVTOP_GUEST_ACCEL:-tcg}
timeout=${HVTOP_BOOT_TIMEOUT:-60}
qemu=${QEMU:-qemu-system-x86_64}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/hvtop-boot.XXXXXX")
log=$tmp/serial.log
qpid=

cleanup() {
	if [ -n "$qpid" ] && kill -0 "$qpid" 2>/dev/null; then
		kill "$qpid" 2>/dev/null || true
		# Give QEMU a moment to exit cleanly before forcing it.
		for _ in 1 2 3 4 5 6 7 8 9 10; do
			kill -0 "$qpid" 2>/dev/null || break
			sleep 0.2
		done
		kill -9 "$qpid" 2>/dev/null || true
		wait "$qpid" 2>/dev/null || true
	fi
	rm -rf -- "$tmp"
}
trap cleanup EXIT
# Turn signals into a normal exit so the EXIT trap still cleans up.
trap 'exit 130' INT
trap 'exit 143' TERM HUP

fail() {
	echo "FAIL: $*" >&2
	if [ -s "$log" ]; then
		echo "--- last 20 lines of the serial log ---" >&2
		tail -n 20 "$log" | tr -d '\r' >&2
		echo "---" >&2
	elif [ -n "$qpid" ]; then
		echo "(the serial log is empty: the kernel never reached the console)" >&2
	fi
	exit 1
}

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

for tool in "$qemu" qemu-img; do
	command -v "$tool" >/dev/null 2>&1 || fail "$tool is not installed."
done
[ -x "$builder" ] || fail "the image builder $builder is missing."

imgdir=${HVTOP_GUEST_CACHE:-$tmp/image}
t0=$(now)
"$builder" "$imgdir" || fail "build-image.sh failed."
echo "build: $(elapsed "$t0" "$(now)") s into $imgdir"
t0=$(now)
"$builder" "$imgdir" 2>/dev/null || fail "the second (cached) build-image.sh run failed."
echo "cached build: $(elapsed "$t0" "$(now)") s"

qemu-img create -q -f qcow2 "$tmp/disk.qcow2" 64M || fail "qemu-img could not create the test disk."

# -display none + -monitor none instead of -nographic: -nographic would put
# the monitor on our stdin, and the serial port is already going to a file.
# panic=-1 + -no-reboot: should init die, QEMU exits at once and we say so.
cmdline="console=ttyS0 panic=-1 hvtop.profile=cpu-hog hvtop.ip=10.0.2.15/24 hvtop.peer=10.0.2.2"
# shellcheck disable=SC2054 # the commas are QEMU's option syntax
qemu_args=(
	-accel "$accel" -m 256 -smp 2
	-display none -monitor none -no-reboot
	-kernel "$imgdir/vmlinuz" -initrd "$imgdir/initrd.img"
	-append "$cmdline"
	-serial "file:$log"
	-drive "file=$tmp/disk.qcow2,format=qcow2,if=virtio"
	-device virtio-balloon-pci
	-nic user,model=virtio-net-pci
)
echo "boot: $qemu ${qemu_args[*]}"
t0=$(now)
"$qemu" "${qemu_args[@]}" </dev/null >"$tmp/qemu.out" 2>&1 &
qpid=$!

# Polls the serial log; returns 0 when PATTERN shows up, 1 on timeout, and
# fails outright if QEMU is gone (nothing more will ever arrive).
wait_for() { # PATTERN SECONDS
	local deadline
	deadline=$(awk -v t="$(now)" -v s="$2" 'BEGIN { printf "%d", t + s }')
	while [ "$(date +%s)" -lt "$deadline" ]; do
		if grep -q -- "$1" "$log" 2>/dev/null; then return 0; fi
		if ! kill -0 "$qpid" 2>/dev/null; then
			fail "QEMU exited while waiting for '$1': $(tr '\n' ' ' <"$tmp/qemu.out")"
		fi
		sleep 0.2
	done
	return 1
}

wait_for 'HVTOP-READY profile=' "$timeout" ||
	fail "no HVTOP-READY within $timeout s ($accel)."
boot=$(elapsed "$t0" "$(now)")
echo "boot to HVTOP-READY: $boot s ($accel, 2 vCPUs)"

ready=$(grep -a -o 'HVTOP-READY profile=[^[:space:]]*' "$log" | head -n 1)
[ "$ready" = "HVTOP-READY profile=cpu-hog" ] || fail "wrong ready line: '$ready'."
[ "$(grep -a -c 'HVTOP-READY' "$log")" -eq 1 ] || fail "HVTOP-READY printed more than once."

mods=$(grep -a -o 'HVTOP-MODULES.*' "$log" | tr -d '\r' | head -n 1)
case $mods in
'HVTOP-MODULES ok'*) echo "modules: ${mods#HVTOP-MODULES ok }" ;;
*) fail "modules did not all load: '${mods:-no HVTOP-MODULES line}'." ;;
esac
for m in virtio_pci virtio_net virtio_blk virtio_balloon; do
	# A kernel with these built in legitimately reports n=0.
	case $mods in *" n=0"* | *"$m"*) ;; *) fail "module $m missing from '$mods'." ;; esac
done

devs=$(grep -a -o 'HVTOP-DEVICES.*' "$log" | tr -d '\r' | head -n 1)
echo "devices: ${devs#HVTOP-DEVICES }"
case $devs in *"net=eth0"*) ;; *) fail "virtio-net did not give eth0: '$devs'." ;; esac
case $devs in *"disk=vda"*) ;; *) fail "virtio-blk did not give vda: '$devs'." ;; esac
case $devs in *"balloon=yes"*) ;; *) fail "virtio-balloon is not bound: '$devs'." ;; esac

# The first tick comes 5 s after READY: it shows PID 1 lives on once the
# workload runs.  Meanwhile sample QEMU's CPU time to see the hog working.
ticks() { awk '{ print $14 + $15 }' "/proc/$qpid/stat"; }
hz=$(getconf CLK_TCK)
c0=$(ticks) s0=$(now)
wait_for 'HVTOP-TICK n=1 profile=cpu-hog' 20 || fail "no HVTOP-TICK n=1 within 20 s of READY."
c1=$(ticks) s1=$(now)
cpu=$(awk -v c="$((c1 - c0))" -v hz="$hz" -v a="$s0" -v b="$s1" \
	'BEGIN { printf "%d", 100 * c / hz / (b - a) }')
echo "QEMU CPU while cpu-hog runs: ${cpu}% of one host CPU"
# Two spinning vCPUs approach 200%; an idle guest stays in single digits.
# The bar is low so a loaded CI machine does not make this flaky.
[ "$cpu" -ge 40 ] || fail "cpu-hog does not look busy: QEMU used ${cpu}% CPU."

echo "PASS: guest booted in $boot s under $accel"
