#!/bin/bash
# --csv FILE: virt-top's header, one row per sample (one host), each row
# repeating the per-domain group for every active domain, by ID, then
# for every inactive one (no ID, no numbers): every domain is there.
# Each domain field holds virt-top's value: %Mem, CPU (ns) against %CPU,
# and the block and net counts against the test driver's clock, with the
# block fields in requests or, with io_units = "bytes" (B), in bytes.
. "$(dirname "$0")/lib.sh"

fixture 200
expect_ok --csv "$tmp/out.csv" -n 2 -d 0.2 -c "$uri"
[ ! -s "$tmp/out" ] || fail "--csv FILE wrote to stdout: $(head -c 300 "$tmp/out")"
[ -s "$tmp/out.csv" ] || fail "--csv FILE wrote nothing to FILE"

# check FILE ROWS UNIT: FILE is virt-top's CSV of the fixture, ROWS samples,
# the block fields in UNIT (requests or bytes)
check() {
	python3 - "$tmp/fixture.xml" "$1" "$2" "$3" <<'PY'
import csv, re, sys
import xml.etree.ElementTree as ET

fixture, path, nrows, unit = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
errors = []
err = errors.append

HEADER = ['Hostname', 'Time', 'Arch', 'Physical CPUs', 'Count', 'Running',
          'Blocked', 'Paused', 'Shutdown', 'Shutoff', 'Crashed', 'Active',
          'Inactive', '%CPU', 'Total hardware memory (KB)',
          'Total memory (KB)', 'Total guest memory (KB)',
          'Total CPU time (ns)',
          'Domain ID', 'Domain name', 'CPU (ns)', '%CPU', 'Mem (bytes)',
          '%Mem'] + {'requests': ['Block RDRQ', 'Block WRRQ'],
                     'bytes': ['Block RDBY', 'Block WRBY']}[unit] + [
          'Net RXBY', 'Net TXBY']
NSUM, NDOM = 18, 10
HOST_KB, HOST_CPUS = 268435456, 16
# libvirt's test driver counts from the clock: a domain's CPU time is the
# clock's nanoseconds, its disk and interface counters the clock's
# microseconds over 10 (read requests, received bytes), 20 (read bytes,
# sent bytes), 30 (write requests) and 40 (write bytes).  So over any
# interval each I/O field is CPU (ns) times its share below; a field that
# held another count (packets, requests for bytes) is off by 2 or more.
PER_CPU_NS = {'Block RDRQ': 1e-4, 'Block WRRQ': 1e-4 / 3,
              'Block RDBY': 1e-4 / 2, 'Block WRBY': 1e-4 / 4,
              'Net RXBY': 1e-4, 'Net TXBY': 1e-4 / 2}

NS = '{http://libvirt.org/schemas/domain/test/1.0}'
doms = [(d.findtext('name'), int(d.findtext(NS + 'runstate')),
         int(d.findtext('currentMemory')))
        for d in ET.parse(fixture).getroot().iter('domain')]
active = {name: (st, mem) for name, st, mem in doms if st != 5}
inactive = {name for name, st, mem in doms if st == 5}
count = {s: sum(1 for _, st, _ in doms if st == s) for s in (1, 3, 5)}

with open(path, newline='', encoding='utf-8') as f:
    rows = list(csv.reader(f, strict=True))
if not rows or rows[0] != HEADER:
    sys.exit('  header differs from virt-top\'s:\n  got      %r\n  expected %r'
             % (rows[0] if rows else None, HEADER))
rows = rows[1:]
if len(rows) != nrows:
    err('%d data rows, expected %d' % (len(rows), nrows))

def isnum(s, integer=False):
    return re.fullmatch(r'\d+' if integer else r'\d+(\.\d+)?', s) is not None

for n, r in enumerate(rows, 1):
    if (len(r) - NSUM) % NDOM or len(r) < NSUM:
        err('row %d: %d fields is not %d + k * %d' % (n, len(r), NSUM, NDOM))
        continue
    if not r[0]:
        err('row %d: empty Hostname' % n)
    if not re.fullmatch(r'\d\d:\d\d:\d\d', r[1]):
        err('row %d: Time %r is not HH:MM:SS' % (n, r[1]))
    want = {2: 'x86_64', 3: '16', 4: str(len(doms)), 5: str(count[1]),
            6: '0', 7: str(count[3]), 8: '0', 9: str(count[5]), 10: '0',
            11: str(len(active)), 12: str(count[5]), 14: '268435456',
            15: str(sum(m for _, m in active.values()))}
    for i, v in want.items():
        if r[i] != v:
            err('row %d: %s is %r, expected %r' % (n, HEADER[i], r[i], v))
    for i in (13, 17):
        if r[i] and not isnum(r[i]):
            err('row %d: %s %r is not a number' % (n, HEADER[i], r[i]))
        if n >= 2 and not r[i]:
            err('row %d: %s empty on a later sample' % (n, HEADER[i]))
    seen, ids, seen_inactive = {}, [], False
    for g in range(NSUM, len(r), NDOM):
        dom = r[g:g + NDOM]
        name = dom[1]
        if name in seen:
            err('row %d: domain %r twice' % (n, name))
        seen[name] = dom
        seen_inactive = seen_inactive or name in inactive
        if name in inactive:
            # after the active ones: no ID, no numbers
            if dom[0] != '' or any(dom[2:]):
                err('row %d: inactive %r has values %r' % (n, name, dom))
            continue
        if not isnum(dom[0], True):
            err('row %d: domain %r has ID %r' % (n, name, dom[0]))
            continue
        if seen_inactive:
            err('row %d: active %r after an inactive domain' % (n, name))
        ids.append(int(dom[0]))
        if name not in active:
            err('row %d: %r is not an active fixture domain' % (n, name))
            continue
        st, mem = active[name]
        if dom[4] != str(mem * 1024):
            err('row %d: %r Mem (bytes) %r, expected %d' % (n, name, dom[4], mem * 1024))
        if dom[5] != str(100 * mem // HOST_KB):
            err('row %d: %r %%Mem %r, expected %d' % (n, name, dom[5], 100 * mem // HOST_KB))
        for i, v in enumerate(dom[2:], 2):
            if v and not isnum(v):
                err('row %d: %r %s %r is not a number' % (n, name, HEADER[NSUM + i], v))
            if n >= 2 and st == 1 and not v:
                err('row %d: running %r has an empty %s' % (n, name, HEADER[NSUM + i]))
        if n < 2 or st != 1 or not all(isnum(v) for v in dom[2:]):
            continue
        # CPU (ns) is the CPU time over the interval, %CPU its share of
        # the host's CPUs: their ratio is the host's (Total CPU time over
        # the host's %CPU), the interval
        cpu_ns, pct = float(dom[2]), float(dom[3])
        if isnum(r[13]) and isnum(r[17]) and float(r[13]) > 0 and pct > 0:
            iv = float(r[17]) / (float(r[13]) * HOST_CPUS / 100)
            got = cpu_ns / (pct * HOST_CPUS / 100)
            if abs(got / iv - 1) > 0.05:
                err('row %d: %r CPU (ns) %s and %%CPU %s make an interval of %.0f ns, '
                    'the host\'s fields %.0f' % (n, name, dom[2], dom[3], got, iv))
        for i in range(6, NDOM):
            want = cpu_ns * PER_CPU_NS[HEADER[NSUM + i]]
            if cpu_ns > 0 and abs(float(dom[i]) / want - 1) > 0.1:
                err('row %d: %r %s is %s, expected about %.0f (CPU (ns) %s)'
                    % (n, name, HEADER[NSUM + i], dom[i], want, dom[2]))
    if ids != sorted(ids):
        err('row %d: domains not in ID order' % n)
    missing = (set(active) | set(inactive)) - set(seen)
    if missing:
        err('row %d: %d domains missing, e.g. %r' % (n, len(missing), sorted(missing)[:5]))

for special in ['a<b>&c', 'quote"s\'vm', 'comma,name;semi', '日本語-vm', 'café']:
    if special in active and rows and special not in [rows[-1][g + 1] for g in range(NSUM, len(rows[-1]), NDOM)]:
        err('name %r does not round-trip' % special)
for e in errors[:40]:
    print('  ' + e, file=sys.stderr)
sys.exit(1 if errors else 0)
PY
}

check "$tmp/out.csv" 2 requests || fail "--csv FILE output check failed (see above)"

# io_units = "bytes" (B): the block fields count bytes under virt-top's
# RDBY/WRBY headings; the net fields stay bytes (virt-top's CSV has no
# packets)
printf 'io_units = "bytes";\n' >"$tmp/bytes.conf"
expect_ok --config "$tmp/bytes.conf" --csv "$tmp/bytes.csv" -n 2 -d 0.2 -c "$uri"
check "$tmp/bytes.csv" 2 bytes || fail "--csv FILE with io_units = bytes: output check failed (see above)"

# '-' is stdout
expect_ok --csv - -n 1 -c "$uri"
check "$tmp/out" 1 requests || fail "--csv - output check failed (see above)"
echo "PASS: batch/csv"
