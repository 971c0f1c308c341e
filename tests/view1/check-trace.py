#!/usr/bin/env python3
"""Checks a trace file hvtop wrote: it parses as JSON (the trace-event
format chrome://tracing and Perfetto open), each host CPU is a named
track, every slice is a complete event named VM/vCPU (or "host") with its
end reason, and each track's timestamps never decrease.

usage: check-trace.py FILE 'tracks=0,1 names=a/0,b/1 [count=N]'
       (names: exactly these; has=a/0,b/1 instead: at least these;
       halted=a/0: that vCPU has slices that ended halted)"""
import json
import sys

path, expect = sys.argv[1], dict(kv.split("=", 1) for kv in sys.argv[2].split())
with open(path) as f:
    doc = json.load(f)
events = doc["traceEvents"]
slices = [e for e in events if e.get("ph") == "X"]
named = {e["tid"]: e["args"]["name"] for e in events
         if e.get("ph") == "M" and e.get("name") == "thread_name"}
problems = []
tracks = sorted({e["tid"] for e in slices})
want_tracks = [int(t) for t in expect["tracks"].split(",")]
if tracks != want_tracks:
    problems.append(f"tracks {tracks}, expected {want_tracks}")
for t in tracks:
    if named.get(t) != f"pCPU {t}":
        problems.append(f"track {t} is named {named.get(t)!r}")
names = sorted({e["name"] for e in slices})
if "names" in expect:
    want_names = sorted(expect["names"].split(","))
    if names != want_names:
        problems.append(f"names {names}, expected {want_names}")
for n in expect.get("has", "").split(","):
    if n and n not in names:
        problems.append(f"no slice of {n} (names: {names})")
for n in expect.get("halted", "").split(","):
    if n and not any(e["name"] == n and e["args"]["end"] == "halted" for e in slices):
        problems.append(f"no slice of {n} ended halted")
if "count" in expect and len(slices) != int(expect["count"]):
    problems.append(f"{len(slices)} slices, expected {expect['count']}")
for e in slices:
    if e["args"].get("end") not in ("preempted", "halted", "migrated"):
        problems.append(f"slice without an end reason: {e}")
    if e["dur"] <= 0 or e["pid"] != 1:
        problems.append(f"bad slice: {e}")
    if e["name"] != "host" and e["name"] != f"{e['args']['domain']}/{e['args']['vcpu']}":
        problems.append(f"name and args disagree: {e}")
last = {}
for e in slices:
    if e["ts"] < last.get(e["tid"], float("-inf")):
        problems.append(f"track {e['tid']}: ts {e['ts']} after {last[e['tid']]}")
    last[e["tid"]] = e["ts"]
for p in problems:
    print(f"{path}: {p}", file=sys.stderr)
print(f"{path}: {len(slices)} slices on tracks {tracks}: {names}")
sys.exit(1 if problems else 0)
