#!/usr/bin/env python3
"""bench/summarize.py RUNS CMDS N1 N2 DELAY — the Markdown
section bench/refresh prints and appends to bench/RESULTS.md.

RUNS has one line per run: TOOL VIA DOMAINS MODE REFRESHES JSON (from
ptyrun.py; VIA is inproc, the test driver inside the measured process, or
daemon, the same fixture served by a private libvirtd).  Runs of one (tool,
via, domains, mode) come in rounds: the i-th short run pairs with the i-th
long run, and each pair gives one per-refresh figure, (long - short) /
(refreshes long - refreshes short).  The table shows the median over rounds
and the range.  Machine, version and date come from BENCH_* environment
variables.

Targets, at 1000 domains (or the largest count measured):
  - CPU per refresh of hvtop's screen and of --json ≤ 1.5× the bare loop's,
    in-process (libvirt calls are cheapest there, so hvtop's own work weighs
    most: the strict case);
  - hvtop screen peak RSS < 30 MB, its own: over the daemon (in-process the
    test driver's parsed domains count too; that figure is shown, explained).
"""
import json
import os
import statistics
import sys

RSS_TARGET_MB = 30.0
CPU_RATIO_TARGET = 1.5
VIA_NAME = {"inproc": "in-process", "daemon": "libvirtd"}


def load(path):
    runs = {}
    with open(path) as f:
        for line in f:
            tool, via, dom, mode, k, js = line.split(" ", 5)
            runs.setdefault((tool, via, int(dom), mode), {}).setdefault(int(k), []).append(
                json.loads(js))
    return runs


def per_refresh(runs, key, k1, k2, field):
    by_k = runs.get(key, {})
    lo, hi = by_k.get(k1, []), by_k.get(k2, [])
    vals = []
    for a, b in zip(lo, hi):
        if a.get("failed") or b.get("failed") or field not in a or field not in b:
            continue
        vals.append((b[field] - a[field]) / (k2 - k1))
    return vals


def med(vals):
    return statistics.median(vals) if vals else None


def rss_all(runs, key, ks):
    return [r["maxrss_kib"] / 1024 for k in ks for r in runs.get(key, {}).get(k, [])
            if not r.get("failed")]


def rss_mb(runs, key, k):
    return med(rss_all(runs, key, [k]))


def ms(vals):
    if not vals:
        return "failed"
    m = med(vals) * 1000
    if len(vals) > 1:
        return "%.2f (%.2f–%.2f)" % (m, min(vals) * 1000, max(vals) * 1000)
    return "%.2f" % m


def num(vals, unit=""):
    if not vals:
        return "failed"
    m = med(vals)
    if len(vals) > 1:
        return "%.0f%s (%.0f–%.0f)" % (m, unit, min(vals), max(vals))
    return "%.0f%s" % (m, unit)


def mb(v):
    return "%.1f" % v if v else "?"


def main():
    runs_path, cmds_path, n1, n2, delay = sys.argv[1:6]
    n1, n2 = int(n1), int(n2)
    runs = load(runs_path)
    doms = sorted({d for (_, _, d, _) in runs})
    vias = [v for v in ("inproc", "daemon") if any(k[1] == v for k in runs)]
    rounds = max((len(v) for by_k in runs.values() for v in by_k.values()), default=0)
    env = os.environ.get
    out = []
    w = out.append

    w("## %s — hvtop %s" % (env("BENCH_DATE", "?"), env("BENCH_DESC", "?")))
    w("")
    w("- machine: %s" % env("BENCH_MACHINE", "?"))
    w("- hvtop: %s" % env("BENCH_HVTOP", "?"))
    w("- libvirt %s, test driver reached two ways (driver column): in-process "
      "(`test:///FIXTURE`: the domains live in the measured process, libvirt calls "
      "are function calls) and libvirtd (`test+unix:///FIXTURE?socket=…`: a private "
      "libvirtd serves the same fixture, so the measured RSS is the process's own "
      "and every per-domain call is an RPC; libvirtd's own CPU is its own column)"
      % env("BENCH_LIBVIRT", "?"))
    w("- fixture: `bench/%s N`: 7/10 running, 1/10 paused, 2/10 shut off; one disk "
      "and one interface each" % env("BENCH_GEN", "gen-domains.sh"))
    w("- bare loop: `bench/bare.c`, the libvirt calls hvtop makes per refresh of the "
      "default view and nothing else (virDomainGetUUID per record, as hvtop since 033bdff)")
    w("- %s" % env("BENCH_VT", "virt-top: not measured"))
    w("- %s" % env("BENCH_LOAD", "load average not recorded"))
    w("- refresh delay %ss (the bare loop sleeps it too); short/long runs of %d/%d "
      "refreshes; per refresh = (long − short) / %d; median (min–max) of %d rounds"
      % (delay, n1, n2, n2 - n1, rounds))
    w("")
    w("| domains | driver | what | CPU ms/refresh | × bare | libvirtd CPU ms/refresh "
      "| bytes/refresh to tty | peak RSS MB |")
    w("|---:|---|---|---:|---:|---:|---:|---:|")
    res = {}  # (via, dom) -> figures for the verdicts
    for d in doms:
        for via in vias:
            if not any(k[1] == via and k[2] == d for k in runs):
                continue
            vn = VIA_NAME[via]
            bare = per_refresh(runs, ("bare", via, d, "loop"), n1, n2, "out_cpu_s")
            calls = [r.get("out_calls_per_loop")
                     for r in runs.get(("bare", via, d, "loop"), {}).get(n2, [])
                     if not r.get("failed")]
            bm = med(bare)

            def ratio(vals):
                return "%.2f" % (med(vals) / bm) if vals and bm else "–"

            def daemon_ms(key):
                if via != "daemon":
                    return "–"
                return ms(per_refresh(runs, key, n1, n2, "watch_cpu_s"))

            key = ("bare", via, d, "loop")
            w("| %d | %s | bare libvirt loop (%s calls) | %s | 1.00 | %s | – | %s |"
              % (d, vn, "%.0f" % calls[0] if calls else "?", ms(bare), daemon_ms(key),
                 mb(rss_mb(runs, key, n2))))
            bare_rss = rss_mb(runs, key, n2)

            key = ("bare", via, d, "loop-ev")
            bare_ev = per_refresh(runs, key, n1, n2, "out_cpu_s")
            if key in runs:
                w("| %d | %s | bare loop + libvirt event-loop thread (`bare -e`, as hvtop) "
                  "| %s | %s | %s | – | %s |"
                  % (d, vn, ms(bare_ev), ratio(bare_ev), daemon_ms(key),
                     mb(rss_mb(runs, key, n2))))

            key = ("hvtop", via, d, "json")
            js = per_refresh(runs, key, n1, n2, "cpu_s")
            jb = runs.get(("hvtop", "inproc", d, "jsonbytes"), {}).get(2, [{}])[0].get("bytes")
            w("| %d | %s | hvtop --json (%s B/sample on stdout) | %s | %s | %s | – | %s |"
              % (d, vn, "%d" % (jb // 2) if jb is not None else "?", ms(js), ratio(js),
                 daemon_ms(key), mb(rss_mb(runs, key, n2))))

            key = ("hvtop", via, d, "tui")
            tui = per_refresh(runs, key, n1, n2, "cpu_s")
            tb = per_refresh(runs, key, n1, n2, "bytes")
            trss1, trss2 = rss_mb(runs, key, n1), rss_mb(runs, key, n2)
            tmax = max(rss_all(runs, key, [n1, n2]), default=None)
            w("| %d | %s | hvtop screen 200x60 | %s | %s | %s | %s | %s after %d, %s after %d |"
              % (d, vn, ms(tui), ratio(tui), daemon_ms(key), num(tb), mb(trss1), n1,
                 mb(trss2), n2))

            vt_t = vt_tb = None
            if any(k[0] == "virt-top" and k[1] == via and k[2] == d for k in runs):
                key = ("virt-top", via, d, "json")
                vt_b = per_refresh(runs, key, n1, n2, "cpu_s")
                w("| %d | %s | virt-top -b | %s | %s | %s | – | %s |"
                  % (d, vn, ms(vt_b), ratio(vt_b), daemon_ms(key), mb(rss_mb(runs, key, n2))))
                key = ("virt-top", via, d, "tui")
                vt_t = per_refresh(runs, key, n1, n2, "cpu_s")
                vt_tb = per_refresh(runs, key, n1, n2, "bytes")
                w("| %d | %s | virt-top screen 200x60 | %s | %s | %s | %s | %s |"
                  % (d, vn, ms(vt_t), ratio(vt_t), daemon_ms(key), num(vt_tb),
                     mb(rss_mb(runs, key, n1))))
            res[(via, d)] = dict(bm=bm, bev=med(bare_ev), tui=tui, js=js, tb=tb, trss1=trss1, trss2=trss2,
                                 tmax=tmax, bare_rss=bare_rss, vt_t=vt_t, vt_tb=vt_tb)
    w("")

    # the targets, at 1000 domains (or the largest count measured)
    d = 1000 if 1000 in doms else (doms[-1] if doms else None)
    if d is not None:
        w("Targets at %d domains:" % d)
        w("")
        cpu_via = "inproc" if ("inproc", d) in res else "daemon"
        r = res.get((cpu_via, d), {})
        bm = r.get("bm")
        for name, vals in (("screen", r.get("tui")), ("--json", r.get("js"))):
            if vals and bm:
                q = med(vals) / bm
                w("- hvtop %s CPU per refresh ≤ %.1f× the bare loop's (%s): %.2f ms / %.2f ms "
                  "= **%.2f× — %s**" % (name, CPU_RATIO_TARGET, VIA_NAME[cpu_via],
                                        med(vals) * 1000, bm * 1000, q,
                                        "PASS" if q <= CPU_RATIO_TARGET else "MISS"))
            else:
                w("- hvtop %s CPU per refresh: not measured (runs failed)" % name)
        dm = res.get(("daemon", d))
        ip = res.get(("inproc", d))
        if dm and dm["tmax"]:
            w("- hvtop screen peak RSS < %.0f MB, its own (over libvirtd): %s MB after %d "
              "refreshes, %s after %d (median), %.1f MB the most of any run — **%s**"
              % (RSS_TARGET_MB, mb(dm["trss1"]), n1, mb(dm["trss2"]), n2, dm["tmax"],
                 "PASS" if dm["tmax"] < RSS_TARGET_MB else "MISS"))
            if dm["bare_rss"]:
                w("  (the bare loop, libvirt's client alone, peaks at %.1f MB over the same "
                  "socket: hvtop's own data and code add %.1f MB)"
                  % (dm["bare_rss"], dm["tmax"] - dm["bare_rss"]))
        if ip and ip["trss1"]:
            w("- in-process, for comparison (not the target): hvtop screen %s MB after %d, "
              "%s after %d; the bare loop %s MB.  Here the test driver's %d parsed "
              "domains live in the measured process and count against it; hvtop's "
              "share over the bare loop is %.1f MB.%s"
              % (mb(ip["trss1"]), n1, mb(ip["trss2"]), n2, mb(ip["bare_rss"]), d,
                 (ip["tmax"] or 0) - (ip["bare_rss"] or 0),
                 "" if dm else "  Not measured over libvirtd (VIA): no verdict on RSS."))
        if dm and dm["bm"] and ("inproc", d) in res:
            parts = []
            for name, vals in (("screen", dm["tui"]), ("--json", dm["js"])):
                if vals:
                    p = "%s %.2f ms = %.2f× bare" % (name, med(vals) * 1000,
                                                     med(vals) / dm["bm"])
                    if dm["bev"]:
                        p += ", %.2f× `bare -e`" % (med(vals) / dm["bev"])
                    parts.append(p)
            w("- over libvirtd (not a target: what a remote or old daemon costs, where "
              "every fallback call is an RPC): bare %.2f ms/refresh%s; hvtop %s"
              % (dm["bm"] * 1000,
                 ", `bare -e` %.2f ms" % (dm["bev"] * 1000) if dm["bev"] else "",
                 "; ".join(parts) or "failed"))
        for via in vias:
            rv = res.get((via, d), {})
            if rv.get("vt_t") and rv.get("tui"):
                w("- %s: hvtop screen CPU vs virt-top's: %.2f×; bytes to the terminal: %.2f×"
                  % (VIA_NAME[via], med(rv["tui"]) / med(rv["vt_t"]),
                     med(rv["tb"]) / med(rv["vt_tb"]) if rv["tb"] and rv["vt_tb"]
                     else float("nan")))
        w("")

    w("Commands (FIXTURE: the generated test-driver XML, absolute path; DIR: the "
      "private libvirtd's directory):")
    w("")
    w("```")
    w("%-15s %s" % ("run:", env("BENCH_INVOCATION", "bench/refresh")))
    with open(cmds_path) as f:
        for line in f:
            mode, cmd = line.rstrip("\n").split("\t", 1)
            w("%-15s %s" % (mode + ":", cmd))
    w("```")
    print("\n".join(out))


if __name__ == "__main__":
    main()
