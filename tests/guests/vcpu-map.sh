#!/bin/bash
# hvtop's map of vCPU index -> host thread follows a guest's QEMU (issue 9,
# point 1), seen in its own --json vcpu_stats, on libvirtd hosts
# (tests/lib/twohosts.sh: each daemon's run dir beside its socket) with a
# real TCG guest of 1 vCPU and room for 2:
#  - at start, vCPU 0's tid is the "CPU 0/TCG" thread of the guest's QEMU;
#  - after a vCPU hot-plug (setvcpus 2 --live), vCPU 1 is there with the
#    new "CPU 1/TCG" thread;
#  - after a live migration to host B (done behind hvtop's back), both
#    vCPUs have the threads of the new QEMU on B.
# (A restarted guest, a new QEMU on the same host: tests/guests/slices.sh.)
. "${top_srcdir:-.}/tests/lib/common.sh"
. "${top_srcdir:-.}/tests/lib/twohosts.sh"
need_cmd python3

twohosts_start
TH_VCPU_XML="<vcpu placement='static' current='1'>2</vcpu>" twohosts_guest A g1 idle
twohosts_wait_serial g1 'HVTOP-TICK n=1 ' 120

# vcpu_tid H INDEX: the thread "CPU INDEX/TCG" of g1's QEMU on host H
vcpu_tid() {
	local pid d
	pid=$(cat "$TH_DIR/$1/run/qemu/g1.pid") || return 1
	for d in /proc/"$pid"/task/*; do
		[ "$(cat "$d/comm" 2>/dev/null)" = "CPU $2/TCG" ] && { echo "${d##*/}"; return 0; }
	done
	return 1
}

J=$TH_DIR/hvtop.json
"$HVTOP" -c "$TH_URI_A" -c "$TH_URI_B" --json -d 1 -n 600 >"$J" 2>"$TH_DIR/hvtop.err" &
hv=$!
on_exit "kill $hv 2>/dev/null"

# tids_are HOST WANT TIMEOUT: within TIMEOUT s, a sample shows g1 running
# on the host named HOST with vcpu_stats tids WANT (vCPU order, commas)
tids_are() {
	local deadline got
	deadline=$(($(now_ms) + $(secs_to_ms "$3")))
	while :; do
		got=$(python3 - "$J" "$1" <<'PY'
import json, sys
last = None
for l in open(sys.argv[1]):
    try:
        last = json.loads(l)
    except ValueError:
        pass
for d in (last or {}).get('domains', []):
    if d['name'] == 'g1' and d['state'] == 'running' and d['host'] == sys.argv[2]:
        print(','.join(str(v['tid']) for v in sorted(d['vcpu_stats'], key=lambda v: v['vcpu'])))
PY
)
		[ "$got" = "$2" ] && return 0
		kill -0 "$hv" 2>/dev/null || fail "hvtop --json ended: $(cat "$TH_DIR/hvtop.err")"
		[ "$(now_ms)" -ge "$deadline" ] && break
		sleep 0.5
	done
	tail -n 1 "$J" >&2
	fail "g1 on $1 shows vCPU threads '$got', not '$2' (the QEMU's CPU n/TCG threads)"
}

a0=$(vcpu_tid A 0) || fail "g1's QEMU on A has no 'CPU 0/TCG' thread"
tids_are hvtop-host-A "$a0" 20
echo "ok: on A, vCPU 0 is thread $a0"

th_virsh A setvcpus g1 2 --live || fail "virsh setvcpus g1 2 --live failed"
for ((i = 0; i < 50; i++)); do
	a1=$(vcpu_tid A 1) && break
	sleep 0.1
done
[ -n "$a1" ] || fail "no 'CPU 1/TCG' thread after the hot-plug"
tids_are hvtop-host-A "$a0,$a1" 10
echo "ok: after the hot-plug, vCPU 1 is thread $a1"

th_virsh A migrate --live --persistent --undefinesource g1 "$TH_URI_B" --migrateuri tcp://127.0.0.1 ||
	fail "virsh migrate g1 to B failed"
b0=$(vcpu_tid B 0) && b1=$(vcpu_tid B 1) || fail "g1's QEMU on B lacks its CPU n/TCG threads"
tids_are hvtop-host-B "$b0,$b1" 10
echo "ok: after the migration to B, its vCPUs are threads $b0,$b1"
exit 0
