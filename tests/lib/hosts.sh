# Several private libvirtd daemons (test driver) as several hosts, and a
# host that stops answering: SIGSTOP, as a hung daemon or a link that drops
# every packet.  Source after tests/lib/common.sh; each daemon is
# start_private_libvirtd's (its own socket dir and config, auth none,
# removed at exit).

# start_hosts N PREFIX: start N daemons in dirs of their own; their dirs
# in the array HOST_DIRS, their URIs in HOST_URIS.
start_hosts() {
	local n=$1 i hostdir
	HOST_DIRS=()
	HOST_URIS=()
	for ((i = 0; i < n; i++)); do
		make_tmpdir hostdir
		start_private_libvirtd "$hostdir"
		HOST_DIRS+=("$hostdir")
		HOST_URIS+=("$(libvirtd_uri "$hostdir")")
	done
}

# freeze_host DIR: SIGSTOP DIR's daemon; it is let go (SIGCONT) at exit
# before it is stopped, or its SIGTERM would wait for ever.
freeze_host() {
	local pid
	pid=$(private_libvirtd_pid "$1") || fail "no daemon runs in $1"
	on_exit "kill -CONT $pid 2>/dev/null"
	kill -STOP "$pid"
}

# thaw_host DIR: SIGCONT DIR's daemon.
thaw_host() {
	local pid
	pid=$(private_libvirtd_pid "$1") || fail "no daemon runs in $1"
	kill -CONT "$pid"
}
