#!/bin/bash
# What watching costs a local host's QEMUs, as hvtop shows it (issue 11,
# point 6): the QMP commands per refresh, against libvirt's own record of
# them (its monitor log's QEMU_MONITOR_SEND_MSG lines).
# - Two libvirtds (tests/lib/twohosts.sh), one idle guest on A, none on B;
#   A's daemon logs its QEMU monitor.
# - --json on A, B and the test driver: A's hosts[].qmp_per_refresh is what
#   A's log counted per sample over the same seconds (within 10 %); B's is
#   0 (no guest, no QMP; its own daemon's count, not A's); the test
#   driver's is null (no QEMU).
# - The TUI with $: the header says "QMP N/refresh", view 6 shows N on A's
#   line and 0.0 on B's.
# - The uprobe and its tracefs instance go when hvtop quits, and those of
#   an hvtop killed with -9 go when the next one starts.
. "${top_srcdir:-.}/tests/lib/common.sh"
. "${top_srcdir:-.}/tests/lib/twohosts.sh"
need_cmd tmux python3
TRACEFS=/sys/kernel/tracing

# any probe or instance of a dead hvtop this test left (a failure between
# the kill -9 and the next start)
drop_probes() {
	local pid
	for pid in $(sed -n 's|^p:hvtop_\([0-9]*\)/qmp .*|\1|p' "$TRACEFS/uprobe_events" 2>/dev/null); do
		kill -0 "$pid" 2>/dev/null && continue
		echo 0 >"$TRACEFS/instances/hvtop-qmp-$pid/events/hvtop_$pid/qmp/enable" 2>/dev/null
		rmdir "$TRACEFS/instances/hvtop-qmp-$pid" 2>/dev/null
		echo "-:hvtop_$pid/qmp" >>"$TRACEFS/uprobe_events" 2>/dev/null
	done
}
on_exit drop_probes
# nothing of ours: no hvtop_ uprobe, no hvtop-qmp- instance
assert_no_probes() {
	! grep -q '^p:hvtop_' "$TRACEFS/uprobe_events" ||
		fail "$1: a uprobe is left: $(cat "$TRACEFS/uprobe_events")"
	! ls "$TRACEFS/instances" | grep -q '^hvtop-qmp-' ||
		fail "$1: a tracefs instance is left: $(ls "$TRACEFS/instances")"
}

TH_LOG_LEVEL=1 TH_LOG_FILTERS="1:qemu.qemu_monitor 3:*" twohosts_start
twohosts_guest A g1 idle local
twohosts_wait_serial g1 'HVTOP-TICK n=1 ' 120
echo "ok: g1 runs on host A, host B has no guest"
LOG=$TH_DIR/A/log/libvirtd.log

# --- --json ----------------------------------------------------------------
J=$TH_DIR/qmp.json
"$HVTOP" --no-config -c "$TH_URI_A" -c "$TH_URI_B" -c test:///default --json -d 1 -n 24 \
	>"$J" 2>"$TH_DIR/json.err" || fail "hvtop --json failed: $(cat "$TH_DIR/json.err")"
assert_no_probes "after --json"
python3 - "$J" "$LOG" "$TH_URI_A" "$TH_URI_B" <<'PY' || fail "--json's qmp_per_refresh is not what libvirt's log counted (see above)"
import datetime, json, re, sys
path, log, ua, ub = sys.argv[1:5]
S = [json.loads(l) for l in open(path) if l.strip()]
def host(s, uri):
    return next(h for h in s["hosts"] if h["uri"] == uri)
sends = []
for line in open(log, errors="replace"):
    if "QEMU_MONITOR_SEND_MSG" in line:
        m = re.match(r"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+)\+0000", line)
        sends.append(datetime.datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S.%f")
                     .replace(tzinfo=datetime.timezone.utc).timestamp())
# the figure covers 5 samples: it shows from the 6th of a host's answered
# samples on, and it must by the 7th (the uprobe opens on the first);
# counted in the host's answers, not in lines, as its first answer (its
# daemon's QEMU probe) and a late one move it by lines.  The line it
# first shows in.
def first_figure(name, uri):
    answered = [i for i, s in enumerate(S)
                if host(s, uri)["state"] == "connected" and host(s, uri)["latency_ms"] is not None]
    k = next((i for i, s in enumerate(S) if host(s, uri)["qmp_per_refresh"] is not None), None)
    print("%s's first figure in line %s of %d; %s answered in lines %s" %
          (name, k, len(S), name, answered))
    assert len(answered) >= 7, answered
    assert k is not None and answered[5] <= k <= answered[6], k
    return k
# from then on, over the same span, A's is what A's daemon sent per sample
k = first_figure("A", ua)
first, last = S[k], S[-1]
n = len(S) - 1 - k
logged = sum(1 for t in sends if first["time"] < t <= last["time"]) / n
vals = [host(s, ua)["qmp_per_refresh"] for s in S[k:]]
print("A: hvtop says %s per refresh; libvirt's log: %.2f per sample over %d samples" %
      (vals, logged, n))
assert logged > 0, "A's log has no QMP command in the window: the comparison means nothing"
for v in vals:
    assert v is not None and abs(v - logged) <= 0.1 * logged, (v, logged)
# B's first answer can come a few seconds after A's (its QEMU probe)
vb = [host(s, ub)["qmp_per_refresh"] for s in S]
print("B: %s" % vb)
kb = first_figure("B", ub)
assert set(vb[kb:]) == {0.0}, vb
vt = [host(s, "test:///default")["qmp_per_refresh"] for s in S]
assert set(vt) == {None}, vt
assert all("qmp_per_refresh" in h for s in S for h in s["hosts"])
PY
echo "ok: --json counts A's QMP commands as its log does, B's 0, the test driver's null"

# --- the TUI: $ and view 6 ---------------------------------------------------
tui_start 200 30 "$HVTOP" --no-config -c "$TH_URI_A" -c "$TH_URI_B" -d 0.5
tui_wait_for '^hvtop .* - 2 hosts, 2 connected' 60
tui_wait_for ' g1( |$)' 30
tui_keys '$'
tui_wait_for 'cost: [0-9.]+ ms CPU/refresh, slowest sample [0-9.]+ ms \(host [0-9]+\), QMP [0-9.]+/refresh' 15
screen=$(tui_screen)
grep -q 'not counted' <<<"$screen" && fail "the status line says QMP commands are not counted: $screen"
qmp=$(grep -o 'QMP [0-9.]*/refresh' <<<"$screen" | head -n 1 | tr -dc '0-9.')
python3 -c "import sys; sys.exit(not float('$qmp') > 0)" ||
	fail "the header says QMP $qmp/refresh with a guest on A"
tui_keys 6
tui_wait_for ' QMP +SAMPLES' 10
# A's line: a figure above 0; B's: 0.0 (columns: ... LATENCY QMP SAMPLES URI)
tui_wait_for "ms +[0-9]*[1-9][0-9]*\.[0-9] +[0-9]+ +qemu\+unix:///system\?socket=$TH_DIR/A/" 10
tui_wait_for "ms +0\.0 +[0-9]+ +qemu\+unix:///system\?socket=$TH_DIR/B/" 10
echo "ok: the header shows QMP $qmp/refresh; view 6 shows A's and B's"
tui_keys q
tui_wait_exit 10
assert_no_probes "after the TUI quit"
echo "ok: the uprobe and its instance went with the TUI"

# --- kill -9, then the next hvtop --------------------------------------------
"$HVTOP" --no-config -c "$TH_URI_A" --json -d 0.5 >"$TH_DIR/killed.json" 2>/dev/null &
killed=$!
for ((i = 0; i < 100; i++)); do
	grep -q "^p:hvtop_$killed/qmp " "$TRACEFS/uprobe_events" && break
	sleep 0.1
done
grep -q "^p:hvtop_$killed/qmp " "$TRACEFS/uprobe_events" ||
	fail "hvtop --json on a local QEMU host put no uprobe: $(cat "$TRACEFS/uprobe_events")"
kill -KILL "$killed"
wait "$killed" 2>/dev/null
[ -d "$TRACEFS/instances/hvtop-qmp-$killed" ] ||
	fail "the killed hvtop's instance is not there to be cleaned up"
"$HVTOP" --no-config -c "$TH_URI_A" --json -d 0.5 -n 2 >/dev/null 2>"$TH_DIR/next.err" ||
	fail "the next hvtop failed: $(cat "$TH_DIR/next.err")"
assert_no_probes "after the next hvtop"
echo "ok: the next hvtop removed the uprobe and instance of one killed with -9"
