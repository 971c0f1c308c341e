#!/usr/bin/env python3
"""bench/ptyrun.py — run one command and report what it cost.

    ptyrun.py [--pty COLSxROWS | --capture] [--timeout S] [--watch-pid PID]
              -- COMMAND [ARG]...

Prints one line of JSON: cpu_s (user+sys of the child, from wait4's
rusage), maxrss_kib (its peak RSS, = VmHWM), wall_s, bytes (what it wrote
to the terminal: read from the pty master; with no --pty its stdout goes
to /dev/null and bytes is 0), status.  --capture (no --pty): the child's
stdout is kept instead, and its KEY=VALUE words are added to the JSON as out_KEY.
--watch-pid: also watch_cpu_s, the user+sys CPU another process (the
libvirtd serving the command) spent while the command ran, from
/proc/PID/stat (clock-tick resolution).

With --pty the child runs on a new pseudo-terminal of that size, as its
controlling terminal, with TERM=xterm-256color, stdin/stdout on the pty and
stderr to a file (shown on failure).  Exit status 1 when the child failed
or timed out.  SIGTERM, SIGINT or SIGHUP (unless ignored on entry) kill the
child (SIGKILL) and reap it before this exits, so that an interrupted
benchmark leaves nothing behind.
"""
import fcntl
import json
import os
import signal
import struct
import sys
import tempfile
import termios
import threading
import time


def proc_cpu_s(pid):
    """user+sys CPU seconds of PID so far, or None."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    # fields[0] is the state (field 3): utime and stime are fields 14 and 15
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def spawn_on_pty(cmd, cols, rows):
    """Forks cmd onto a new pseudo-terminal of cols x rows, as its
    controlling terminal, with TERM=xterm-256color; returns (pid, master
    fd).  (Shared with bench/hostcost.py and bench/keyframe.py.)"""
    import pty
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm-256color"
        try:
            os.execvp(cmd[0], cmd)
        finally:
            os._exit(127)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    os.kill(pid, signal.SIGWINCH)
    return pid, fd


def main():
    args = sys.argv[1:]
    size = None
    timeout = 300.0
    capture = False
    watch = None
    while args and args[0] != "--":
        if args[0] == "--pty":
            cols, rows = args[1].split("x")
            size = (int(rows), int(cols))
            args = args[2:]
        elif args[0] == "--capture":
            capture = True
            args = args[1:]
        elif args[0] == "--watch-pid":
            watch = int(args[1])
            args = args[2:]
        elif args[0] == "--timeout":
            timeout = float(args[1])
            args = args[2:]
        else:
            sys.exit("ptyrun.py: unknown option %r" % args[0])
    cmd = args[1:]
    if not cmd:
        sys.exit("usage: ptyrun.py [--pty COLSxROWS] [--timeout S] -- CMD...")

    err = tempfile.TemporaryFile()
    cap = tempfile.TemporaryFile() if capture else None
    env = dict(os.environ)
    master = slave = None
    if size:
        env["TERM"] = "xterm-256color"
        env.pop("LINES", None)
        env.pop("COLUMNS", None)
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ,
                    struct.pack("HHHH", size[0], size[1], 0, 0))

    # a signal to us ends the child too (it may sit in its own session)
    child = []
    signalled = []

    def on_signal(sig, _frame):
        signalled.append(sig)
        for p in child:
            try:
                os.kill(p, signal.SIGKILL)
            except ProcessLookupError:
                pass

    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        # ignored on entry (SIGINT, when bench/refresh ran us in the
        # background): bench/refresh stops us with SIGTERM instead
        if signal.getsignal(sig) != signal.SIG_IGN:
            signal.signal(sig, on_signal)

    w0 = proc_cpu_s(watch) if watch else None
    t0 = time.monotonic()
    pid = os.fork()
    if pid == 0:
        try:
            # Python ignores SIGPIPE; the command gets the default (exec
            # resets the signals caught above by itself)
            signal.signal(signal.SIGPIPE, signal.SIG_DFL)
            if size:
                os.setsid()
                fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
                os.dup2(slave, 0)
                os.dup2(slave, 1)
                os.close(master)
                if slave > 2:
                    os.close(slave)
            else:
                dn = os.open(os.devnull, os.O_RDWR)
                os.dup2(dn, 0)
                os.dup2(cap.fileno() if cap else dn, 1)
            os.dup2(err.fileno(), 2)
            os.execvpe(cmd[0], cmd, env)
        except OSError as e:
            os.write(2, ("ptyrun.py: cannot run %s: %s\n" % (cmd[0], e)).encode())
        os._exit(127)

    child.append(pid)
    if signalled:  # arrived before the child's pid was known
        on_signal(signalled[0], None)
    nbytes = 0
    timed_out = []

    def kill():
        timed_out.append(True)
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    timer = threading.Timer(timeout, kill)
    timer.start()
    if size:
        os.close(slave)
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: every holder of the slave side is gone
                break
            if not chunk:
                break
            nbytes += len(chunk)
    _, status, ru = os.wait4(pid, 0)
    timer.cancel()
    wall = time.monotonic() - t0
    w1 = proc_cpu_s(watch) if watch else None
    if master is not None:
        os.close(master)
    code = os.waitstatus_to_exitcode(status) if status is not None else 0
    out = {
        "cpu_s": ru.ru_utime + ru.ru_stime,
        "maxrss_kib": ru.ru_maxrss,
        "wall_s": round(wall, 3),
        "bytes": nbytes,
        "status": "timeout" if timed_out else code,
    }
    if watch:
        if w0 is None or w1 is None:
            out["watch_gone"] = True
        else:
            out["watch_cpu_s"] = round(w1 - w0, 3)
    if signalled:
        out["status"] = "signal %d" % signalled[0]
    if cap:
        cap.seek(0)
        for word in cap.read().decode(errors="replace").split():
            k, sep, v = word.partition("=")
            if sep:
                try:
                    out["out_" + k] = float(v)
                except ValueError:
                    out["out_" + k] = v
    print(json.dumps(out))
    if timed_out or code != 0 or signalled or out.get("watch_gone"):
        err.seek(0)
        sys.stderr.write(err.read().decode(errors="replace")[-2000:])
        if out.get("watch_gone"):
            sys.stderr.write("ptyrun.py: the watched process %d is gone\n" % watch)
        return 128 + signalled[0] if signalled else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
