# The samples of an hvtop --json run against a QEMU stopped at STOP and
# continued at CONT (CLOCK_MONOTONIC ms; CONT 0: not continued), by their
# wall time mapped to that clock (MONO_NOW and WALL_NOW, read together):
# the other guest has numbers in every sample, at the 1 s rate; the
# stopped one is listed "not answering" with a growing age and no numbers
# from 3 s after STOP; 3 s after CONT it has numbers again.
# usage: stuck-judge.py FILE STUCK_NAME OTHER_NAME STOP CONT MONO_NOW WALL_NOW
import json, sys
path, stuck_name, other = sys.argv[1:4]
stop, cont, mono_now, wall_now = map(int, sys.argv[4:8])
S = [json.loads(l) for l in open(path) if l.strip()]
def at(s):  # the sample's time on the monotonic clock, ms
    return s['time'] * 1000 - (wall_now - mono_now)
def dom(s, n):
    return next((d for d in s['domains'] if d['name'] == n),
                {'name': n, 'missing': True, 'state': None, 'not_answering_s': None,
                 'cpu_pct': None, 'cpu_time_ns': None, 'mem_kib': None})
bad = []
for s in S:
    if len(s['domains']) != 2:
        bad.append('%d domains at %s: %s' % (len(s['domains']), s['time_iso'],
                   [h['state'] for h in s['hosts']]))
gaps = [at(b) - at(a) for a, b in zip(S, S[1:])]
print('%d samples, intervals %s s' % (len(S), ' '.join('%.1f' % (g / 1000) for g in gaps)))
# the other guest: numbers in every sample after the first, at the rate
# (one interval may hold the deadline after which the stuck call is left)
for s in S[1:]:
    if dom(s, other)['cpu_pct'] is None:
        bad.append('%s has no cpu_pct at %s' % (other, s['time_iso']))
if sum(1 for g in gaps if g > 2600) > 1 or any(g > 4000 for g in gaps):
    bad.append('the samples did not keep the 1 s rate')
# (a sample's time is when its step began: the one under way at the CONT
# may already have the answer)
stuck = [s for s in S if at(s) > stop + 3000 and (not cont or at(s) < cont - 1500)]
after = [s for s in S if cont and at(s) > cont + 3000]
if len(stuck) < 3:
    bad.append('only %d samples while it was stopped' % len(stuck))
for s in stuck:
    d = dom(s, stuck_name)
    if not d['not_answering_s'] or d['cpu_pct'] is not None or d['cpu_time_ns'] is not None \
            or d['mem_kib'] is not None:
        bad.append('stopped, %s is %r at %s' % (stuck_name, {k: d[k] for k in (
            'state', 'not_answering_s', 'cpu_pct', 'cpu_time_ns', 'mem_kib')}, s['time_iso']))
if stuck:
    ages = [dom(s, stuck_name)['not_answering_s'] for s in stuck]
    print('%s not answering for %s s' % (stuck_name, ages))
    if None in ages or ages != sorted(ages):
        bad.append('its age does not grow: %r' % ages)
for s in after:
    d = dom(s, stuck_name)
    if d['not_answering_s'] is not None or d['cpu_pct'] is None:
        bad.append('after SIGCONT, %s is %r at %s' % (stuck_name, d, s['time_iso']))
if cont and not after:
    bad.append('no sample after SIGCONT')
if bad:
    sys.exit('\n'.join(bad[:8]))
