#!/usr/bin/env python3
"""run.py RUNS [WARMUP] -- CMD ... - run CMD RUNS times, print medians.

Each run is one fork+exec by bench/once.c (build/bench-once, made by
`make bench-once`), waited for with wait4(), whose rusage covers
the process and every child it waited for (baocao's workers): CPU time
is user + system of the whole tree, peak RSS the largest process of it.
Prints one line:

  runs 21 wall_ms 18.3 (min 17.9 max 25.0) cpu_ms 17.5 rss_kib 21345

and exits 1 if any run failed. Output of CMD goes to /dev/null.
"""
import os
import subprocess
import statistics
import sys
import time


ONCE = os.path.join(os.environ.get("BENCH_BUILD", "build"), "bench-once")


def once(argv):
    # bench/once.c forks and execs the command and times it from there:
    # forking this Python process instead would add ~1.5 ms of page-table
    # copying to every run and report Python's own resident memory as the
    # command's peak when that is larger.
    out = subprocess.run([ONCE] + argv, capture_output=True, text=True,
                         check=True).stdout.split()
    wall_ns, cpu_us, rss, code = (int(x) for x in out)
    if code != 0:
        sys.exit("run.py: %s failed (exit %d)" % (" ".join(argv), code))
    return wall_ns / 1e6, cpu_us / 1e3, rss


def main():
    args = sys.argv[1:]
    if "--" not in args:
        sys.exit("usage: run.py RUNS [WARMUP] -- CMD ...")
    cut = args.index("--")
    runs = int(args[0])
    warm = int(args[1]) if cut > 1 else 1
    argv = args[cut + 1:]
    for _ in range(warm):
        once(argv)
    res = [once(argv) for _ in range(runs)]
    walls = [r[0] for r in res]
    print("runs %d wall_ms %.1f (min %.1f max %.1f) cpu_ms %.1f rss_kib %d" %
          (runs, statistics.median(walls), min(walls), max(walls),
           statistics.median(r[1] for r in res),
           statistics.median(r[2] for r in res)))


if __name__ == "__main__":
    main()
