#!/usr/bin/env python3
"""bench/hostcost.py — one window of a whole host's CPU with one monitor.

    hostcost.py --libvirtd PID --qemu-dir DIR [--log FILE] [--pty COLSxROWS]
                [--warm S] [--window S] [--label L] [-- COMMAND [ARG]...]

Starts COMMAND (a monitor: hvtop, virt-top) on a pseudo-terminal of that
size (TERM=xterm-256color), lets it run WARM seconds (start-up, its first
calls, libvirt's first answers), then measures a WINDOW: the user+sys CPU
(/proc/PID/stat, all threads, clock ticks) of the monitor, of the libvirtd
serving it and of every QEMU whose pid file is in DIR, the bytes it wrote
to the terminal, and, with --log, the QMP commands libvirtd sent in the
window (its debug log of the QEMU monitor: QEMU_MONITOR_SEND_MSG lines).
Then it sends "q", and SIGKILL if the monitor is still there 5 s later.
Without COMMAND it measures the window with no monitor (the baseline).

Prints one line of JSON: label, window_s, monitor_ms, libvirtd_ms, qemu_ms,
qmp, bytes, status (the monitor's exit: 0, or what went wrong).
"""
import argparse
import glob
import json
import os
import signal
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ptyrun import proc_cpu_s, spawn_on_pty  # noqa: E402



def cpu_ms(pid):
    s = proc_cpu_s(pid)
    return None if s is None else s * 1000.0


def qemu_pids(d):
    pids = []
    for p in glob.glob(os.path.join(d, "*.pid")):
        if os.path.basename(p) == "driver.pid":
            continue
        try:
            pids.append(int(open(p).read().strip()))
        except (OSError, ValueError):
            pass
    return pids


def log_size(path):
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def count_qmp(path, start, end):
    if not path:
        return None
    with open(path, "rb") as f:
        f.seek(start)
        data = f.read(max(0, end - start))
    return data.count(b"QEMU_MONITOR_SEND_MSG")


def snapshot(a, mon, qpids):
    s = {"libvirtd": cpu_ms(a.libvirtd) or 0.0,
         "qemu": sum(cpu_ms(p) or 0.0 for p in qpids),
         "monitor": cpu_ms(mon) if mon else 0.0,
         "log": log_size(a.log) if a.log else 0,
         "t": time.monotonic()}
    return s


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--libvirtd", type=int, required=True)
    ap.add_argument("--qemu-dir", required=True)
    ap.add_argument("--log")
    ap.add_argument("--pty", default="120x40")
    ap.add_argument("--warm", type=float, default=5)
    ap.add_argument("--window", type=float, default=20)
    ap.add_argument("--label", default="")
    ap.add_argument("command", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.command[1:] if a.command[:1] == ["--"] else a.command
    qpids = qemu_pids(a.qemu_dir)
    cols, rows = (int(x) for x in a.pty.split("x"))
    nbytes = [0]
    counting = [False]
    pid = fd = None
    status = 0
    if cmd:
        pid, fd = spawn_on_pty(cmd, cols, rows)

        def drain():
            while True:
                try:
                    b = os.read(fd, 65536)
                except OSError:
                    return
                if not b:
                    return
                if counting[0]:
                    nbytes[0] += len(b)
        threading.Thread(target=drain, daemon=True).start()
    time.sleep(a.warm)
    if pid and os.waitpid(pid, os.WNOHANG)[0]:
        print(json.dumps({"label": a.label, "status": "exited during the warm-up"}))
        return 1
    counting[0] = True
    s0 = snapshot(a, pid, qpids)
    time.sleep(a.window)
    s1 = snapshot(a, pid, qpids)
    counting[0] = False
    if pid:
        if os.waitpid(pid, os.WNOHANG)[0]:
            status = "exited during the window"
        else:
            os.write(fd, b"q")
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline and not os.waitpid(pid, os.WNOHANG)[0]:
                time.sleep(0.05)
            else:
                try:
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
                except (ProcessLookupError, ChildProcessError):
                    pass
    out = {"label": a.label, "window_s": round(s1["t"] - s0["t"], 3),
           "monitor_ms": round(s1["monitor"] - s0["monitor"], 1),
           "libvirtd_ms": round(s1["libvirtd"] - s0["libvirtd"], 1),
           "qemu_ms": round(s1["qemu"] - s0["qemu"], 1),
           "qmp": count_qmp(a.log, s0["log"], s1["log"]),
           "bytes": nbytes[0], "guests": len(qpids), "status": status}
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
