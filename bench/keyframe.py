#!/usr/bin/env python3
"""bench/keyframe.py — from a key to the last byte of the frame it causes.

    keyframe.py [--keys N] [--settle S] [--quiet MS] [--seq KEYS]
                [--pty COLSxROWS] -- COMMAND [ARG]...

Runs COMMAND (a monitor, with a refresh delay long enough that no refresh
falls among the keys) on a new pseudo-terminal (TERM=xterm-256color),
waits SETTLE seconds, then sends N keys taken in turn from SEQ (default
"PN": sort by %CPU, sort by ID, which both hvtop and virt-top have and
which reorder every row), one every 0.3-0.6 s.  For each key: the time
from its write to the last byte the terminal received before QUIET ms
without output (the frame the key caused, finished).  A key that got no
byte within 5 s fails the run.  Then "q".

Prints one line of JSON: keys, p50_ms, p99_ms, max_ms, bytes_per_frame
(median), hwm_kib (its peak RSS, VmHWM, just before q), anon_kib and
file_kib (its RSS then, split: RssAnon, the process's own memory; RssFile,
the pages of its binary and libraries, libvirt's among them), status.
"""
import json
import os
import random
import select
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ptyrun import spawn_on_pty  # noqa: E402


def pct(xs, p):
    xs = sorted(xs)
    k = (len(xs) - 1) * p / 100.0
    lo = int(k)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def vm_status(pid, field):
    """A KiB figure of /proc/PID/status (VmHWM: the peak RSS), or None."""
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def drain(fd, quiet_s, first_timeout):
    """Reads until quiet_s without bytes; returns (last byte time, bytes)."""
    last, n = None, 0
    deadline = time.monotonic() + first_timeout
    while True:
        wait = quiet_s if last is not None else max(0.0, deadline - time.monotonic())
        r, _, _ = select.select([fd], [], [], wait)
        if not r:
            return last, n
        try:
            b = os.read(fd, 65536)
        except OSError:
            return last, n
        if not b:
            return last, n
        n += len(b)
        last = time.monotonic()


def main():
    args = sys.argv[1:]
    keys, settle, quiet, seq, size = 40, 5.0, 50, "PN", "120x40"
    while args and args[0] != "--":
        o = args.pop(0)
        v = args.pop(0)
        if o == "--keys":
            keys = int(v)
        elif o == "--settle":
            settle = float(v)
        elif o == "--quiet":
            quiet = int(v)
        elif o == "--seq":
            seq = v
        elif o == "--pty":
            size = v
        else:
            sys.exit("keyframe.py: unknown option %r" % o)
    cmd = args[1:]
    cols, rows = (int(x) for x in size.split("x"))
    pid, fd = spawn_on_pty(cmd, cols, rows)
    status = 0
    hwm = anon = fil = None
    times, sizes = [], []
    try:
        end = time.monotonic() + settle
        while time.monotonic() < end:
            drain(fd, 0.05, end - time.monotonic())
        for i in range(keys):
            time.sleep(random.uniform(0.3, 0.6))
            drain(fd, 0.0, 0.0)  # anything pending is not this key's
            k = seq[i % len(seq)].encode()
            t0 = time.monotonic()
            os.write(fd, k)
            last, n = drain(fd, quiet / 1000.0, 5.0)
            if last is None:
                status = "no answer to key %d (%r) within 5 s" % (i, k)
                break
            times.append((last - t0) * 1000.0)
            sizes.append(n)
        hwm = vm_status(pid, "VmHWM")
        anon, fil = vm_status(pid, "RssAnon"), vm_status(pid, "RssFile")
        os.write(fd, b"q")
    finally:
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            if os.waitpid(pid, os.WNOHANG)[0]:
                break
            try:
                os.read(fd, 65536)
            except OSError:
                pass
            time.sleep(0.02)
        else:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    out = {"keys": len(times), "status": status, "hwm_kib": hwm,
           "anon_kib": anon, "file_kib": fil}
    if times:
        out.update(p50_ms=round(pct(times, 50), 2), p99_ms=round(pct(times, 99), 2),
                   max_ms=round(max(times), 2), bytes_per_frame=int(pct(sizes, 50)))
    print(json.dumps(out))
    return 0 if status == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
