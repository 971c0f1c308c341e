#!/bin/bash
# bench/gen-domains.sh N OUT.xml — a libvirt test-driver <node> document
# with N domains in mixed states, each with one disk and one interface that
# have target device names (so per-device stats calls have something to
# ask).  The benchmarks' own generator, kept here so that recorded results
# stay comparable whatever tests/data's fixtures become.
#
# States, by index: 7 of 10 running, 1 of 10 paused, 2 of 10 shut off
# (inactive).  Deterministic: same N, same file.
set -euo pipefail
n=${1:?usage: gen-domains.sh N OUT.xml}
out=${2:?usage: gen-domains.sh N OUT.xml}
case $n in ''|*[!0-9]*) echo "gen-domains.sh: N must be a number, not '$n'" >&2; exit 2;; esac

awk -v n="$n" 'BEGIN {
	print "<node>"
	print "  <cpu><mhz>2000</mhz><model>x86_64</model><active>4</active>"
	print "    <nodes>1</nodes><sockets>1</sockets><cores>4</cores><threads>1</threads></cpu>"
	print "  <memory>67108864</memory>"
	for (i = 1; i <= n; i++) {
		m = i % 10
		st = (m == 8 || m == 9) ? 5 : (m == 7 ? 3 : 1)
		printf "  <domain type=\"test\" xmlns:test=\"http://libvirt.org/schemas/domain/test/1.0\">\n"
		printf "    <name>bench-vm-%05d</name>\n", i
		printf "    <uuid>6695eb01-f6a4-8304-79aa-%012d</uuid>\n", i
		printf "    <memory unit=\"KiB\">%d</memory>\n", 1048576
		printf "    <currentMemory unit=\"KiB\">%d</currentMemory>\n", 524288 + (i % 8) * 65536
		printf "    <vcpu>%d</vcpu>\n", 1 + i % 4
		print  "    <os><type>hvm</type></os>"
		print  "    <devices>"
		printf "      <disk type=\"file\" device=\"disk\"><source file=\"/var/lib/bench/vm%05d.img\"/><target dev=\"vda\" bus=\"virtio\"/></disk>\n", i
		printf "      <interface type=\"bridge\"><mac address=\"52:54:00:%02x:%02x:%02x\"/><source bridge=\"br0\"/><target dev=\"vnet%d\"/></interface>\n", int(i / 65536) % 256, int(i / 256) % 256, i % 256, i
		print  "    </devices>"
		printf "    <test:runstate>%d</test:runstate>\n", st
		print  "  </domain>"
	}
	print "</node>"
}' > "$out"
