#!/usr/bin/env python3
"""run.py RUNS [WARMUP] -- CMD ... - run CMD RUNS times, print medians.

Each run is one fork+exec waited for with wait4(), whose rusage covers
the process and every child it waited for (baocao's workers): CPU time
is user + system of the whole tree, peak RSS the largest process of it.
Prints one line:

  runs 21 wall_ms 18.3 (min 17.9 max 25.0) cpu_ms 17.5 rss_kib 21345

and exits 1 if any run failed. Output of CMD goes to /dev/null.
"""
import os
import statistics
import sys
import time


def once(argv):
    t0 = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        try:
            os.execvp(argv[0], argv)
        finally:
            os._exit(127)
    _, status, ru = os.wait4(pid, 0)
    wall = (time.perf_counter() - t0) * 1000.0
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("run.py: %s failed (status %d)" % (" ".join(argv), status))
    return wall, (ru.ru_utime + ru.ru_stime) * 1000.0, ru.ru_maxrss


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
