#!/usr/bin/env python3
"""bench/summarize.py RUNS CMDS N1 N2 DELAY — the Markdown
section bench/refresh prints and appends to bench/RESULTS.md.

RUNS has one line per run: TOOL DOMAINS MODE REFRESHES JSON (from
ptyrun.py).  Runs of one (tool, domains, mode) come in rounds: the i-th
short run pairs with the i-th long run, and each pair gives one
per-refresh figure, (long - short) / (refreshes long - refreshes short).
The table shows the median over rounds and the range.  Machine, version
and date come from BENCH_* environment variables.
"""
import json
import os
import statistics
import sys

RSS_TARGET_MB = 30.0
CPU_RATIO_TARGET = 1.5


def load(path):
    runs = {}
    with open(path) as f:
        for line in f:
            tool, dom, mode, k, js = line.split(" ", 4)
            runs.setdefault((tool, int(dom), mode), {}).setdefault(int(k), []).append(json.loads(js))
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


def rss_mb(runs, key, k):
    vals = [r["maxrss_kib"] / 1024 for r in runs.get(key, {}).get(k, []) if not r.get("failed")]
    return med(vals)


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


def main():
    runs_path, cmds_path, n1, n2, delay = sys.argv[1:6]
    n1, n2 = int(n1), int(n2)
    runs = load(runs_path)
    doms = sorted({d for (_, d, _) in runs})
    has_vt = any(t == "virt-top" for (t, _, _) in runs)
    rounds = max((len(v) for by_k in runs.values() for v in by_k.values()), default=0)
    env = os.environ.get
    out = []
    w = out.append

    w("## %s — hvtop %s" % (env("BENCH_DATE", "?"), env("BENCH_DESC", "?")))
    w("")
    w("- machine: %s" % env("BENCH_MACHINE", "?"))
    w("- hvtop: %s" % env("BENCH_HVTOP", "?"))
    w("- libvirt %s, test driver (in-process: the domains live in the measured process)"
      % env("BENCH_LIBVIRT", "?"))
    w("- fixture: `bench/%s N`: 7/10 running, 1/10 paused, 2/10 shut off; one disk "
      "and one interface each" % env("BENCH_GEN", "gen-domains.sh"))
    w("- %s" % env("BENCH_VT", "virt-top: not measured"))
    w("- %s" % env("BENCH_LOAD", "load average not recorded"))
    w("- refresh delay %ss (the bare loop sleeps it too); short/long runs of %d/%d "
      "refreshes; per refresh = (long − short) / %d; median (min–max) of %d rounds"
      % (delay, n1, n2, n2 - n1, rounds))
    w("")
    w("| domains | what | CPU ms/refresh | × bare | bytes/refresh to tty | peak RSS MB |")
    w("|---:|---|---:|---:|---:|---:|")
    verdicts = []
    for d in doms:
        bare = per_refresh(runs, ("bare", d, "loop"), n1, n2, "out_cpu_s")
        calls = [r.get("out_calls_per_loop") for r in runs.get(("bare", d, "loop"), {}).get(n2, [])
                 if not r.get("failed")]
        bare_rss = rss_mb(runs, ("bare", d, "loop"), n2)
        bm = med(bare)
        w("| %d | bare libvirt loop (%s calls) | %s | 1.00 | – | %s |"
          % (d, "%.0f" % calls[0] if calls else "?", ms(bare),
             "%.1f" % bare_rss if bare_rss else "?"))

        def ratio(vals):
            return "%.2f" % (med(vals) / bm) if vals and bm else "–"

        js = per_refresh(runs, ("hvtop", d, "json"), n1, n2, "cpu_s")
        jb = runs.get(("hvtop", d, "jsonbytes"), {}).get(2, [{}])[0].get("bytes")
        jrss = rss_mb(runs, ("hvtop", d, "json"), n2)
        w("| %d | hvtop --json (%s B/sample on stdout) | %s | %s | – | %s |"
          % (d, "%d" % (jb // 2) if jb is not None else "?", ms(js), ratio(js),
             "%.1f" % jrss if jrss else "?"))
        tui = per_refresh(runs, ("hvtop", d, "tui"), n1, n2, "cpu_s")
        tb = per_refresh(runs, ("hvtop", d, "tui"), n1, n2, "bytes")
        trss1 = rss_mb(runs, ("hvtop", d, "tui"), n1)
        trss2 = rss_mb(runs, ("hvtop", d, "tui"), n2)
        w("| %d | hvtop screen %s | %s | %s | %s | %s after %d, %s after %d |"
          % (d, "200x60", ms(tui), ratio(tui), num(tb),
             "%.1f" % trss1 if trss1 else "?", n1, "%.1f" % trss2 if trss2 else "?", n2))
        vt_b = vt_t = vt_tb = None
        if has_vt:
            vt_b = per_refresh(runs, ("virt-top", d, "json"), n1, n2, "cpu_s")
            vt_t = per_refresh(runs, ("virt-top", d, "tui"), n1, n2, "cpu_s")
            vt_tb = per_refresh(runs, ("virt-top", d, "tui"), n1, n2, "bytes")
            vrss = rss_mb(runs, ("virt-top", d, "tui"), n1)
            w("| %d | virt-top -b | %s | %s | – | %s |"
              % (d, ms(vt_b), ratio(vt_b), "%.1f" % rss_mb(runs, ("virt-top", d, "json"), n2)
                 if rss_mb(runs, ("virt-top", d, "json"), n2) else "?"))
            w("| %d | virt-top screen 200x60 | %s | %s | %s | %s |"
              % (d, ms(vt_t), ratio(vt_t), num(vt_tb), "%.1f" % vrss if vrss else "?"))
        verdicts.append((d, bm, tui, js, trss1, bare_rss, tb, vt_t, vt_tb))
    w("")

    # the targets, at 1000 domains (or the largest count measured)
    pick = [v for v in verdicts if v[0] == 1000] or verdicts[-1:]
    for d, bm, tui, js, trss1, bare_rss, tb, vt_t, vt_tb in pick:
        w("Targets at %d domains:" % d)
        w("")
        for name, vals in (("screen", tui), ("--json", js)):
            if vals and bm:
                r = med(vals) / bm
                w("- hvtop %s CPU per refresh ≤ %.1f× the bare loop's: %.2f ms / %.2f ms = "
                  "**%.2f× — %s**" % (name, CPU_RATIO_TARGET, med(vals) * 1000, bm * 1000, r,
                                       "PASS" if r <= CPU_RATIO_TARGET else "MISS"))
            else:
                w("- hvtop %s CPU per refresh: not measured (runs failed)" % name)
        if trss1:
            w("- hvtop screen peak RSS < %.0f MB after %d refreshes: %.1f MB — **%s**"
              % (RSS_TARGET_MB, n1, trss1, "PASS" if trss1 < RSS_TARGET_MB else "MISS"))
            if bare_rss:
                w("  (the bare loop, which holds the same in-process test driver, peaks at "
                  "%.1f MB; hvtop's own share is %.1f MB; on a real host the domains live "
                  "in libvirtd, not in hvtop)" % (bare_rss, trss1 - bare_rss))
        if vt_t and tui:
            w("- hvtop screen CPU vs virt-top's: %.2f×; bytes to the terminal: %.2f×"
              % (med(tui) / med(vt_t), med(tb) / med(vt_tb) if tb and vt_tb else float("nan")))
        w("")

    w("Commands (FIXTURE: the generated test-driver XML, absolute path):")
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
