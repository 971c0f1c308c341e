#!/bin/bash
# hvtop --demo on real guests under TCG, seen through hvtop --json: the
# workload profiles show in the numbers (cpu-hog busy, idle idle, the disk
# writer writes, the net-chatty pair talks over the bridge's taps), the
# balloon fields are there, the counters survive an hvtop restart, a second
# hvtop is refused with the holder's pid, and --demo-clean removes it all.
. "${top_srcdir:-.}/tests/guests/lib.sh"
guests_enter "$@"

export HVTOP_DEMO_PROFILES=cpu-hog,idle,disk-writer,net-chatty,net-chatty
t0=$(now_ms)
"$HVTOP" --demo --accel tcg --json -n 5 -d 1.5 >"$T/a.json" 2>"$T/a.err" || {
	cat "$T/a.err" >&2
	fail "hvtop --demo did not run"
}
echo "demo start and 5 samples: $(($(now_ms) - t0)) ms"
echo "cpu_pct per sample: $(json_eval "$T/a.json" "[[d['name'][-1] + ':' + str(d['cpu_pct']) for d in sorted(s['domains'], key=lambda d: d['name'])] for s in S[1:]]")"
cat "$T/a.err"
for i in 1 2 3 4 5; do
	grep -q "hvtop-demo-$i .* is up after" "$T/a.err" || fail "no progress line for hvtop-demo-$i"
done

# cpu-hog, idle, disk-writer, net-chatty, net-chatty
check "five demo guests, all running" \
	"sorted(d['name'] for d in S[-1]['domains'] if d['state'] == 'running') == ['hvtop-demo-%d' % i for i in range(1, 6)]" "$T/a.json"
check "the embedded driver is the connection" \
	"S[-1]['host']['uri'] == '$EMBED'" "$T/a.json"
# over the 4 intervals: a busy host (make -j check) must not make it flaky
check "cpu-hog's cpu_pct (one-CPU scale) is above 50" \
	"sum(dom(s, 'hvtop-demo-1')['cpu_pct'] for s in S[1:]) / len(S[1:]) > 50" "$T/a.json"
check "idle's cpu_pct is below 10" \
	"sum(dom(s, 'hvtop-demo-2')['cpu_pct'] for s in S[1:]) / len(S[1:]) < 10" "$T/a.json"
check "disk-writer's wr_bytes grow" \
	"dom(S[-1], 'hvtop-demo-3')['wr_bytes'] > dom(S[0], 'hvtop-demo-3')['wr_bytes']" "$T/a.json"
for g in 4 5; do
	check "net-chatty hvtop-demo-$g's tx_bytes and rx_bytes grow" \
		"dom(S[-1], 'hvtop-demo-$g')['tx_bytes'] > dom(S[0], 'hvtop-demo-$g')['tx_bytes'] and dom(S[-1], 'hvtop-demo-$g')['rx_bytes'] > dom(S[0], 'hvtop-demo-$g')['rx_bytes']" "$T/a.json"
done
check "balloon fields: current and maximum memory" \
	"all(d['mem_kib'] and d['mem_max_kib'] for d in S[-1]['domains'])" "$T/a.json"
# the host-side counters are the tap devices' own
ip -j -s link show master hvtop-br0 | python3 -c '
import json, sys
for l in json.load(sys.stdin):
    s = l["stats64"]
    print("tap %s: rx %d bytes, tx %d bytes" % (l["ifname"], s["rx"]["bytes"], s["tx"]["bytes"]))'
[ "$(ip -o link show master hvtop-br0 | wc -l)" = 5 ] || fail "the bridge does not have five taps"

# a restart finds the same guests with their counters, not from scratch
t0=$(now_ms)
"$HVTOP" -c "$EMBED" --json -n 2 -d 1 >"$T/b.json" 2>"$T/b.err" || {
	cat "$T/b.err" >&2
	fail "hvtop did not restart on the embedded root"
}
echo "restart and 2 samples: $(($(now_ms) - t0)) ms"
python3 - "$T/a.json" "$T/b.json" <<'EOF' || fail "counters did not survive the restart"
import json, sys
a = [json.loads(l) for l in open(sys.argv[1])][-1]
b = [json.loads(l) for l in open(sys.argv[2])][0]
before = {d["name"]: d for d in a["domains"]}
for d in b["domains"]:
    p = before[d["name"]]
    assert d["id"] == p["id"], (d["name"], "id", p["id"], d["id"])
    assert d["state"] == "running", (d["name"], d["state"])
    for k in ("cpu_time_ns", "wr_bytes", "tx_bytes", "rx_bytes"):
        assert d[k] >= p[k], (d["name"], k, p[k], d[k])
    assert d["cpu_time_ns"] > 10**9, (d["name"], "cpu_time_ns", d["cpu_time_ns"])
print("ok: same ids, counters went on from", len(b["domains"]), "guests")
EOF

# one process per root: the second hvtop names the first one's pid
"$HVTOP" -c "$EMBED" --json -d 1 >"$T/c.json" 2>"$T/c.err" &
holder=$!
bg_track "$holder"
for _ in $(seq 100); do [ -s "$T/c.json" ] && break; sleep 0.1; done
[ -s "$T/c.json" ] || fail "the first hvtop did not sample"
rc=0
"$HVTOP" --json -n 1 -c "$EMBED" >/dev/null 2>"$T/d.err" || rc=$?
[ "$rc" = 2 ] || fail "a second hvtop on a held root exited $rc, not 2"
grep -q "in use by hvtop (pid $holder)" "$T/d.err" || {
	cat "$T/d.err" >&2
	fail "the second hvtop did not name the holder's pid $holder"
}
[ "$(wc -l <"$T/d.err")" = 1 ] || { cat "$T/d.err" >&2; fail "more than one line of error"; }
echo "ok: second hvtop refused: $(cat "$T/d.err")"
rc=0
"$HVTOP" --demo-clean >/dev/null 2>"$T/e.err" || rc=$?
[ "$rc" != 0 ] && grep -q "pid $holder" "$T/e.err" || fail "--demo-clean ran on a held root"
kill -TERM "$holder"
wait "$holder" 2>/dev/null

# --demo again: the guests are running and up, nothing boots twice
t0=$(now_ms)
"$HVTOP" --demo --accel tcg --json -n 1 >"$T/f.json" 2>"$T/f.err" || {
	cat "$T/f.err" >&2
	fail "a second hvtop --demo failed"
}
echo "demo start with guests already up: $(($(now_ms) - t0)) ms"
python3 - "$T/b.json" "$T/f.json" <<'EOF' || fail "the second --demo did not reuse the running guests"
import json, sys
b, f = ([json.loads(l) for l in open(p)][0]["domains"] for p in sys.argv[1:])
assert sorted((d["name"], d["id"]) for d in b) == sorted((d["name"], d["id"]) for d in f), (b, f)
print("ok: the second --demo reused the running guests")
EOF
grep -q "waited" "$T/f.err" || { cat "$T/f.err" >&2; fail "the second --demo did not say the guests were up"; }

# nothing was killed behind our back
if grep -l "shutting down" "$ROOT"/log/qemu/*.log; then
	fail "a guest was shut down: $(grep -h 'shutting down' "$ROOT"/log/qemu/*.log)"
fi

# --demo-clean: guests, disks, logs and the bridge are gone
"$HVTOP" --demo-clean >"$T/g.out" 2>&1 || { cat "$T/g.out" >&2; fail "--demo-clean failed"; }
cat "$T/g.out"
grep -q "removed the bridge hvtop-br0" "$T/g.out" || fail "the bridge was not removed"
ls "$ROOT"/run/qemu/*.pid 2>/dev/null | grep -v driver.pid && fail "pid files of guests remain"
ls "$XDG_STATE_HOME"/hvtop/demo/*.qcow2 2>/dev/null && fail "demo disks remain"
ip link show dev hvtop-br0 >/dev/null 2>&1 && fail "the bridge remains"
echo "PASS"
