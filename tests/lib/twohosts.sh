# Two libvirt hosts on one machine, for the migration tests (bash).
# Source it after tests/lib/common.sh, then:
#   twohosts_start           starts hosts A and B; sets TH_DIR, TH_URI_A,
#                            TH_URI_B, TH_SHARED (a directory both see at
#                            the same path: the "shared storage")
#   twohosts_guest H NAME PROFILE [DISK] [MEM_MIB]   defines and starts a
#                            demo guest on host H (A or B), PROFILE one of
#                            the demo image's or "dirtier"; DISK "shared"
#                            (default: a qcow2 in TH_SHARED that qemu-nbd
#                            serves on a UNIX socket) or "local" (a qcow2
#                            in the host's private /var/lib/libvirt/images,
#                            a storage pool "default" on each host);
#                            TH_VCPU_XML replaces its <vcpu>1</vcpu>
# TH_LOG_LEVEL and TH_LOG_FILTERS (before twohosts_start): the daemons'
# log level (default 3) and log_filters, in H/log/libvirtd.log
#   th_virsh H ARGS...       virsh against host H
#   th_data_uri NAME         a unix:// URI for one migration's data
#   twohosts_wait_serial H NAME REGEX TIMEOUT_S   waits for the guest's
#                            serial log (per host, as the guest moves)
# Everything (daemons, guests, mounts, temp dirs) goes at exit, through
# on_exit, whatever the test's outcome.
#
# Each host is a monolithic libvirtd in `unshare --mount --uts`: private
# /etc/libvirt, /run/libvirt and /var/{lib,cache,log}/libvirt bind-mounted
# from the temp dir, its own hostname and host_uuid (libvirt refuses a
# migration to a host with the source's UUID).  QEMU runs as root (this
# machine's /dev/kvm is 0600: otherwise libvirt re-probes QEMU on every
# call), with stdio_handler "file" (no virtlogd) and no mount namespace.
# Migration goes over UNIX sockets: the daemons' (qemu+unix:///system?
# socket=...), the data's (th_data_uri: --migrateuri unix:///... in
# TH_SHARED, which both hosts' QEMUs see) and, for copied storage, the
# disks' beside it (hvtop adds --disks-uri PATH.disks); shared disks are
# served by qemu-nbd on a UNIX socket.  Each host keeps its own migration
# port range for a tcp:// URI typed by hand.
#
# Guests need the demo image: twohosts_start builds it (as tests/guests/
# lib.sh does; the kernel package is cached in $HVTOP_CACHE).

: "${HVTOP_GUEST_DIR:=${top_srcdir:-.}/kvm/guest}"
: "${HVTOP_CACHE:=${top_builddir:-.}/tests/guests/kernel-cache}"
export HVTOP_CACHE
unset LIBVIRT_DEFAULT_URI LIBVIRT_LOG_OUTPUTS LIBVIRT_DEBUG

TH_DIR=
# the daemons' pids (outside the namespace: unshare execs bash, which execs
# libvirtd, so the pid is libvirtd's)
declare -A _th_pid

_th_host_dir() { echo "$TH_DIR/$1"; }

th_uri() {
	echo "qemu+unix:///system?socket=$TH_DIR/$1/run/libvirt-sock"
}

# th_data_uri NAME: a fresh UNIX socket for one migration's data
th_data_uri() {
	echo "unix://$TH_SHARED/$1.$RANDOM$RANDOM.mig"
}

th_virsh() {
	local h=$1
	shift
	virsh -q -c "$(th_uri "$h")" "$@"
}

# _th_conf H UUID PORTMIN: the host's config files
_th_conf() {
	local h=$1 uuid=$2 pmin=$3 d
	d=$(_th_host_dir "$h")
	mkdir -p "$d"/{etc,run,lib,cache,log} "$d/lib/images"
	cat >"$d/etc/libvirtd.conf" <<EOF
host_uuid = "$uuid"
unix_sock_dir = "/run/libvirt"
unix_sock_rw_perms = "0700"
auth_unix_rw = "none"
auth_unix_ro = "none"
listen_tls = 0
listen_tcp = 0
log_outputs = "${TH_LOG_LEVEL:-3}:file:/var/log/libvirt/libvirtd.log"
log_filters = "${TH_LOG_FILTERS:-}"
keepalive_interval = 5
EOF
	cat >"$d/etc/qemu.conf" <<EOF
stdio_handler = "file"
namespaces = []
user = "root"
group = "root"
dynamic_ownership = 0
security_driver = "none"
remember_owner = 0
# no cgroups: both daemons share this machine's cgroup tree, and each
# names its guest's group "qemu-ID-NAME", so a guest migrated from A to B
# (ID 1 on each) landed in the group A's daemon was tearing down (its
# EBUSY retries are in A's log).  Hosts of their own never share one.
cgroup_controllers = [ ]
migration_port_min = $pmin
migration_port_max = $((pmin + 63))
EOF
}

# _th_start H: the daemon of host H, in its own mount and UTS namespace
_th_start() {
	local h=$1 d i
	d=$(_th_host_dir "$h")
	unshare --mount --uts -- bash -c '
		set -e
		d=$1 h=$2
		mount --make-rprivate /
		# the mount points: /run/libvirt is missing until a system
		# libvirtd has run once (a fresh machine, after a reboot)
		mkdir -p /etc/libvirt /run/libvirt /var/lib/libvirt /var/cache/libvirt /var/log/libvirt
		mount --bind "$d/etc" /etc/libvirt
		mount --bind "$d/run" /run/libvirt
		mount --bind "$d/lib" /var/lib/libvirt
		mount --bind "$d/cache" /var/cache/libvirt
		mount --bind "$d/log" /var/log/libvirt
		hostname "hvtop-host-$h"
		exec libvirtd -f /etc/libvirt/libvirtd.conf -p /run/libvirt/libvirtd.pid
	' th "$d" "$h" >"$d/daemon.out" 2>&1 &
	_th_pid[$h]=$!
	on_exit "_th_stop $h"
	for ((i = 0; i < 300; i++)); do
		[ -S "$d/run/libvirt-sock" ] && th_virsh "$h" uri >/dev/null 2>&1 && return 0
		kill -0 "${_th_pid[$h]}" 2>/dev/null || break
		sleep 0.1
	done
	cat "$d/daemon.out" >&2
	tail -n 20 "$d/log/libvirtd.log" >&2 2>/dev/null
	fail "libvirtd of host $h did not start"
}

# _th_stop H: its guests destroyed, then the daemon (TERM, then KILL)
_th_stop() {
	local h=$1 pid=${_th_pid[$1]:-} d n i f
	d=$(_th_host_dir "$h")
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		for n in $(th_virsh "$h" list --name 2>/dev/null); do
			th_virsh "$h" destroy "$n" >/dev/null 2>&1
		done
		kill -TERM "$pid" 2>/dev/null
		for ((i = 0; i < 50; i++)); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	fi
	# a QEMU the daemon left behind (the daemon was killed)
	for f in "$d"/run/qemu/*.pid; do
		[ -f "$f" ] || continue
		pid=$(cat "$f" 2>/dev/null) || continue
		[ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || continue
		tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q qemu-system || continue
		kill -KILL "$pid" 2>/dev/null
	done
	_th_pid[$h]=
}

# th_kill H: the daemon of host H killed at once (its guests stay)
th_kill() {
	local pid=${_th_pid[$1]:-}
	[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null
	[ -n "$pid" ] && wait "$pid" 2>/dev/null
	return 0
}

twohosts_start() {
	local h
	[ "$(id -u)" = 0 ] || fail "the two-host tests need root (mount namespaces, QEMU as root)"
	need_cmd unshare libvirtd virsh qemu-system-x86_64 qemu-img
	make_tmpdir TH_DIR
	TH_SHARED=$TH_DIR/shared
	mkdir -p "$TH_SHARED"
	TH_IMAGE=$TH_DIR/image
	bash "$HVTOP_GUEST_DIR/build-image.sh" "$TH_IMAGE" >"$TH_DIR/build.log" 2>&1 || {
		tail -n 20 "$TH_DIR/build.log" >&2
		fail "the demo guest image did not build"
	}
	[ -r "$TH_IMAGE/vmlinuz" ] && [ -r "$TH_IMAGE/initrd.img" ] ||
		fail "no demo image in $TH_IMAGE"
	_th_conf A 8b8e5a0c-0000-4000-8000-00000000000a 49200
	_th_conf B 8b8e5a0c-0000-4000-8000-00000000000b 49300
	_th_start A
	_th_start B
	TH_URI_A=$(th_uri A)
	TH_URI_B=$(th_uri B)
	# a storage pool over each host's images: libvirt creates a copied
	# disk on the destination in the pool that holds its path
	for h in A B; do
		th_virsh "$h" pool-define-as default dir --target /var/lib/libvirt/images >/dev/null &&
			th_virsh "$h" pool-start default >/dev/null ||
			fail "cannot start the storage pool of host $h"
	done
	# each guest's serial log where both hosts write it: the counter goes
	# on in the same file across a migration
	mkdir -p "$TH_SHARED/serial"
}

# twohosts_guest H NAME PROFILE [shared|local] [MEM_MIB]
twohosts_guest() {
	local h=$1 name=$2 profile=$3 where=${4:-shared} mem=${5:-128} disk disk_xml xml
	if [ "$where" = local ]; then
		# the same path on each host, each its own file (/var/lib/libvirt
		# is private to each daemon)
		qemu-img create -q -f qcow2 "$(_th_host_dir "$h")/lib/images/$name.qcow2" 64M ||
			fail "cannot create the disk of $name"
		disk_xml="<disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='/var/lib/libvirt/images/$name.qcow2'/>"
	else
		# Shared storage as libvirt sees it: a file on a local disk is
		# never "shared" to it (it checks for NFS, GFS2, ...), a network
		# disk is.  qemu-nbd serves the qcow2 to both QEMUs (source and
		# destination hold it at once during the switch-over).
		disk=$TH_SHARED/$name.qcow2
		qemu-img create -q -f qcow2 "$disk" 64M || fail "cannot create the disk of $name"
		qemu-nbd --fork --persistent --shared=4 --cache=none -f qcow2 \
			--socket="$TH_SHARED/$name.nbd" --pid-file="$TH_SHARED/$name.nbd.pid" \
			"$disk" || fail "qemu-nbd did not serve the disk of $name"
		on_exit "kill \$(cat '$TH_SHARED/$name.nbd.pid' 2>/dev/null) 2>/dev/null"
		disk_xml="<disk type='network' device='disk'>
      <driver name='qemu' type='raw' cache='none'/>
      <source protocol='nbd'><host transport='unix' socket='$TH_SHARED/$name.nbd'/></source>"
	fi
	# the kernel command line: the demo image's /init runs PROFILE; the
	# profile "dirtier" (this harness's own) replaces /init with a loop
	# rewriting 16 MiB of random data in a tmpfs: memory dirtied faster
	# than a capped migration sends it, and never zeros (the demo
	# profiles write zeros, which QEMU sends almost free)
	local cmdline="console=ttyS0 quiet panic=-1 hvtop.profile=$profile hvtop.name=$name"
	if [ "$profile" = dirtier ]; then
		cmdline="console=ttyS0 quiet panic=-1 rdinit=/bin/sh -- -c \"mount -t devtmpfs d /dev; mount -t tmpfs t /tmp; echo HVTOP-READY profile=dirtier >/dev/ttyS0; while :; do dd if=/dev/urandom of=/tmp/x bs=1M count=16 2>/dev/null; done\""
	fi
	xml=$TH_DIR/$name.xml
	cat >"$xml" <<EOF
<domain type='qemu'>
  <name>$name</name>
  <memory unit='MiB'>$mem</memory>
  ${TH_VCPU_XML:-<vcpu>1</vcpu>}
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
    <kernel>$TH_IMAGE/vmlinuz</kernel>
    <initrd>$TH_IMAGE/initrd.img</initrd>
    <cmdline>$cmdline</cmdline>
  </os>
  <on_reboot>destroy</on_reboot>
  <devices>
    $disk_xml
      <target dev='vda' bus='virtio'/>
    </disk>
    <serial type='file'>
      <source path='$TH_SHARED/serial/$name.log' append='on'/>
      <target port='0'/>
    </serial>
    <memballoon model='virtio'/>
  </devices>
</domain>
EOF
	th_virsh "$h" define "$xml" >/dev/null || fail "cannot define $name on host $h"
	th_virsh "$h" start "$name" >/dev/null || {
		tail -n 20 "$(_th_host_dir "$h")/log/qemu/$name.log" >&2 2>/dev/null
		fail "$name did not start on host $h"
	}
}

# twohosts_wait_serial NAME REGEX TIMEOUT_S
twohosts_wait_serial() {
	local name=$1 re=$2 deadline
	deadline=$(($(now_ms) + $(secs_to_ms "$3")))
	while ! grep -Eq -- "$re" "$TH_SHARED/serial/$name.log" 2>/dev/null; do
		[ "$(now_ms)" -ge "$deadline" ] && {
			tail -n 20 "$TH_SHARED/serial/$name.log" >&2 2>/dev/null
			fail "$name: serial log did not show /$re/ within $3 s"
		}
		sleep 0.2
	done
}

# th_state H NAME: the domain's state on host H ("" if not there)
th_state() {
	th_virsh "$1" domstate "$2" 2>/dev/null | head -n 1
}

# th_tell H NAME: what host H's logs say of the guest (on stderr), for a
# failure's message: the end of its QEMU log and the daemon's errors
th_tell() {
	local d
	d=$(_th_host_dir "$1")
	echo "== host $1: the end of log/qemu/$2.log" >&2
	tail -n 15 "$d/log/qemu/$2.log" >&2 2>/dev/null
	echo "== host $1: the daemon's last errors" >&2
	grep -a ' error : ' "$d/log/libvirtd.log" 2>/dev/null | tail -n 10 >&2
	echo "== the end of $2's serial log" >&2
	tail -n 15 "$TH_SHARED/serial/$2.log" >&2 2>/dev/null
}

# th_last_tick NAME: the last HVTOP-TICK n= of the guest's serial log
th_last_tick() {
	grep -ao 'HVTOP-TICK n=[0-9]*' "$TH_SHARED/serial/$1.log" 2>/dev/null |
		tail -n 1 | sed 's/.*n=//'
}
