#!/usr/bin/env python3
"""bench/keylat.py — how fast hvtop answers a key, and its memory.

    keylat.py [--keys N] [--settle S] [--pty COLSxROWS] -- HVTOP [ARG]...

Runs HVTOP on a new pseudo-terminal (TERM=xterm-256color), waits SETTLE
seconds for it to connect, then sends N keys, one every 0.2-0.4 s (at no
fixed phase with the refreshes), alternating `6` (the hosts view) and `0`
(the domain list).  For each it times the key's write to the moment the
terminal shows the view it asked for (the column title that only that
view has: LATENCY, then RDRQ), so bytes from a refresh that happens to
come first are not counted as the answer.  Then `q`.

Prints one line of JSON: keys, median_ms, p95_ms, max_ms, rss_kib (VmRSS
after SETTLE and just before q: rss_start_kib, rss_kib), hwm_kib (VmHWM, the peak), threads, status.  Exit status 1
if a key got no answer within 5 s or hvtop failed.
"""
import fcntl
import json
import os
import random
import select
import signal
import struct
import sys
import termios
import time


def status_kib(pid, field):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def main():
    args = sys.argv[1:]
    nkeys, settle, size = 60, 5.0, (60, 200)
    while args and args[0] != "--":
        if args[0] == "--keys":
            nkeys = int(args[1])
        elif args[0] == "--settle":
            settle = float(args[1])
        elif args[0] == "--pty":
            c, r = args[1].split("x")
            size = (int(r), int(c))
        else:
            sys.exit("keylat.py: unknown option %r" % args[0])
        args = args[2:]
    cmd = args[1:]
    if not cmd:
        sys.exit(__doc__)
    env = dict(os.environ, TERM="xterm-256color")
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[0], size[1], 0, 0))
    pid = os.fork()
    if pid == 0:
        os.setsid()
        fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
        os.dup2(slave, 0)
        os.dup2(slave, 1)
        dn = os.open(os.devnull, os.O_WRONLY)
        os.dup2(dn, 2)
        os.close(master)
        os.execvpe(cmd[0], cmd, env)
    os.close(slave)

    def kill(*_):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        sys.exit(1)

    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, kill)

    def drain(until):
        """reads the terminal until the monotonic time until"""
        while True:
            left = until - time.monotonic()
            if left <= 0:
                return
            r, _, _ = select.select([master], [], [], left)
            if r:
                try:
                    os.read(master, 65536)
                except OSError:
                    return

    drain(time.monotonic() + settle)
    rss0 = status_kib(pid, "VmRSS")
    times = []
    failed = False
    for i in range(nkeys):
        key, marker = (b"6", b"LATENCY") if i % 2 == 0 else (b"0", b"RDRQ")
        drain(time.monotonic() + random.uniform(0.2, 0.4))
        buf = b""
        t0 = time.monotonic()
        os.write(master, key)
        while marker not in buf:
            r, _, _ = select.select([master], [], [], 5.0)
            if not r:
                failed = True
                break
            buf = buf[-64:] + os.read(master, 65536)
        if failed:
            break
        times.append((time.monotonic() - t0) * 1000)
    rss = status_kib(pid, "VmRSS")
    hwm = status_kib(pid, "VmHWM")
    threads = len(os.listdir("/proc/%d/task" % pid)) if os.path.isdir("/proc/%d/task" % pid) else None
    os.write(master, b"q")
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        drain(time.monotonic() + 0.05)
    else:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        status = -1
    times.sort()
    out = {
        "keys": len(times),
        "median_ms": round(times[len(times) // 2], 2) if times else None,
        "p95_ms": round(times[int(len(times) * 0.95)], 2) if times else None,
        "max_ms": round(times[-1], 2) if times else None,
        "rss_start_kib": rss0,
        "rss_kib": rss,
        "hwm_kib": hwm,
        "threads": threads,
        "status": os.waitstatus_to_exitcode(status) if status != -1 else "killed",
    }
    print(json.dumps(out))
    return 1 if failed or out["status"] != 0 else 0


if __name__ == "__main__":
    sys.exit(main())
