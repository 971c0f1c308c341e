#!/bin/bash
# -b: plain text frames (virt-top -b): the header lines, the column titles,
# a row per domain (inactive names in parentheses), a blank line; never an
# escape sequence.
. "$(dirname "$0")/lib.sh"

fixture 12
loc=$(utf8_locale)

check() { # LOCALE_KIND FRAMES
	python3 - "$tmp/fixture.xml" "$tmp/out" "$1" "$2" <<'PY'
import re, sys
import xml.etree.ElementTree as ET

fixture, out, kind, frames = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
errors = []
err = errors.append
NS = '{http://libvirt.org/schemas/domain/test/1.0}'
doms = [(d.findtext('name'), int(d.findtext(NS + 'runstate')))
        for d in ET.parse(fixture).getroot().iter('domain')]

data = open(out, 'rb').read()
bad = sorted(set(b for b in data if b < 0x20 and b != 0x0a or b == 0x7f))
if bad:
    err('control characters in the output: %s' % [hex(b) for b in bad])
if kind == 'ascii' and any(b >= 0x80 for b in data):
    err('non-ASCII bytes in a non-UTF-8 locale')
text = data.decode('utf-8', 'replace')
if not text.endswith('\n\n'):
    err('output does not end with a blank line')
blocks = [b for b in text.split('\n\n') if b]
if len(blocks) != frames:
    err('%d frames (blank-line separated), expected %d' % (len(blocks), frames))

def shown(name):
    if kind == 'utf8':
        return name
    # one '?' per non-ASCII character
    return ''.join(c if ' ' <= c < '\x7f' else '?' for c in name)

for n, b in enumerate(blocks, 1):
    lines = b.split('\n')
    if len(lines) < 4:
        err('frame %d: %d lines' % (n, len(lines)))
        continue
    if not re.match(r'hvtop \d\d:\d\d:\d\d - x86_64 .*16 CPU .* - test://', lines[0]):
        err('frame %d: host line %r' % (n, lines[0]))
    m = re.match(r'(\d+) domains, (\d+) active, (\d+) running, \d+ sleeping, (\d+) paused, (\d+) inactive', lines[1])
    if not m:
        err('frame %d: counts line %r' % (n, lines[1]))
    else:
        want = (len(doms), sum(s != 5 for _, s in doms), sum(s == 1 for _, s in doms),
                sum(s == 3 for _, s in doms), sum(s == 5 for _, s in doms))
        if tuple(int(x) for x in m.groups()) != want:
            err('frame %d: counts %r, fixture has %r' % (n, m.groups(), want))
    if not re.match(r'CPU: [\d.-]+%  Mem: \d+ MB \(\d+ MB by guests\)', lines[2]):
        err('frame %d: CPU/Mem line %r' % (n, lines[2]))
    titles = lines[3].split()
    if titles != ['ID', 'S', 'RDRQ', 'WRRQ', 'RXBY', 'TXBY', '%CPU', '%MEM', 'TIME', 'NAME']:
        err('frame %d: column titles %r' % (n, lines[3]))
    name_at = lines[3].find('NAME')
    rows = lines[4:]
    if len(rows) != len(doms):
        err('frame %d: %d rows for %d domains' % (n, len(rows), len(doms)))
    names = [r[name_at:] for r in rows]
    for name, st in doms:
        want = shown(name) if st != 5 else '(%s)' % shown(name)
        if want not in names:
            err('frame %d: no row ends with %r' % (n, want))
    for r in rows:
        f = r.split()
        letter = f[1] if len(f) > 1 else ''
        if letter not in ('R', 'P', 'O'):
            err('frame %d: row %r: state letter %r' % (n, r, letter))
        if letter == 'O' and (f[0] != '-' or not r[name_at:].startswith('(')):
            err('frame %d: inactive row %r' % (n, r))
        if r != r.rstrip():
            err('frame %d: trailing spaces in %r' % (n, r))
    if n >= 2:
        for r in rows:
            if ' R ' in r[:8] and r.split()[6] == '-':
                err('frame %d: running domain without %%CPU: %r' % (n, r))

for e in errors[:40]:
    print('  ' + e, file=sys.stderr)
sys.exit(1 if errors else 0)
PY
}

if [ -n "$loc" ]; then
	LC_ALL=$loc expect_ok -b -n 2 -d 0.2 -c "$uri"
	check utf8 2 || fail "text frames in $loc: check failed (see above)"
else
	echo "no UTF-8 locale: only the ASCII output is checked" >&2
fi

# a non-UTF-8 locale gets ASCII only, one '?' per other character
LC_ALL=C LANG=C expect_ok -b -n 1 -c "$uri"
check ascii 1 || fail "text frames in the C locale: check failed (see above)"
echo "PASS: batch/text"
