#!/bin/bash
# Copy-storage migration through m: a disk-writer guest whose qcow2 disk is
# local to host A (each host has its own /var/lib/libvirt/images) moves to
# B with "copy all disks": libvirt creates the disk in B's pool and copies
# it while the guest runs; the guest then runs on B only, on B's copy, and
# its serial counter goes on.
. "${top_srcdir:-.}/tests/lib/common.sh"
. "${top_srcdir:-.}/tests/lib/twohosts.sh"
need_cmd tmux

twohosts_start
twohosts_guest A g4 disk-writer local
twohosts_wait_serial g4 'HVTOP-TICK n=1 ' 120
[ ! -e "$TH_DIR/B/lib/images/g4.qcow2" ] || fail "B has g4's disk before the migration"
echo "ok: g4 (disk-writer, local disk) runs on host A"

tui_start 400 45 "$HVTOP" -c "$TH_URI_A" -c "$TH_URI_B" -d 0.5
# both hosts answer before a migration is asked of them: a libvirtd's
# first answer (its QEMU probe) can take seconds, and a host that has not
# answered yet is no destination
tui_wait_for '^hvtop .* - 2 hosts, 2 connected' 60
tui_wait_for ' g4( |$)' 30
tui_keys m
tui_wait_for "Migrate 'g4' from " 10
tui_keys Tab
data=$(th_data_uri g4)
tui_keys -l "$data"
# data URI -> live, cap, downtime, auto-converge, post-copy, storage
tui_keys Tab Tab Tab Tab Tab Tab Right
tui_wait_for "storage +< copy all disks >" 5
tui_keys Enter
tui_wait_gone "Migrate 'g4' from" 5
tui_keys L
tui_wait_for "virsh migrate --live --persistent --undefinesource --postcopy --copy-storage-all --migrateuri $data --disks-uri $data.disks g4 " 5
tui_keys 5
tick=$(th_last_tick g4)
tui_wait_for "done .*'g4' migrated to " 240
tui_wait_for "final: downtime [0-9]+ ms, total time [0-9.]+ s, .*B sent" 5
echo "ok: the copy-storage migration finished"
state=$(th_state B g4)
[ "$state" = running ] || {
	th_tell A g4
	th_tell B g4
	fail "g4 is not running on B (state '$state')"
}
th_virsh A dominfo g4 >/dev/null 2>&1 && fail "g4 is still defined on A"
[ -s "$TH_DIR/B/lib/images/g4.qcow2" ] || fail "B has no copy of g4's disk"
th_virsh B domblklist g4 | grep -q "/var/lib/libvirt/images/g4.qcow2" ||
	fail "g4 on B does not use its disk"
deadline=$(($(now_ms) + 30000))
while [ "$(th_last_tick g4)" -le $((tick + 1)) ]; do
	[ "$(now_ms)" -ge "$deadline" ] && fail "g4's serial counter stopped at $(th_last_tick g4)"
	sleep 0.5
done
echo "ok: g4 runs on B on its copied disk, its counter went on"
tui_keys q
tui_wait_exit 20
