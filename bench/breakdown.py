#!/usr/bin/env python3
"""breakdown.py CALLGRIND.OUT ... - where the instructions of a build go.

Reads the callgrind files of one `baocao build` run under
`valgrind --tool=callgrind --trace-children=yes` (one file per process:
the batch parent and its worker) with `callgrind_annotate --inclusive=yes`
and prints the inclusive cost of each stage of the worker, as instructions
and as a share of the whole run (parent included).
"""
import re
import subprocess
import sys

# (function, what it covers); indented rows are part of the row above.
STAGES = [
    ("load_report", "YAML, extends, validation, NFC, markup"),
    ("font_open", "font lookup and loading"),
    ("  FcInit", "fontconfig configuration"),
    ("  HPDF_TTFontDef_Load", "TrueType tables parsed by libharu"),
    ("lay_report", "layout"),
    ("  para_break", "paragraph breaking (Knuth-Plass)"),
    ("  brk_find", "ICU line-break opportunities"),
    ("pdf_write", "PDF drawing and writing"),
    ("  HPDF_GetFont", "CID fonts (65,536-entry maps)"),
    ("  HPDF_SaveToFile", "serialising, compressing"),
    ("    HPDF_TTFontDef_SaveFontData", "embedded font subsets"),
    ("    deflate", "zlib compression (all streams)"),
    ("font_close", "freeing the document"),
    ("font_cleanup", "FcFini"),
]

LINE = re.compile(r"^\s*([\d,]+)\s+\(\s*[\d.]+%\)\s+(\S.*)$")


def costs(path):
    out = subprocess.run(["callgrind_annotate", "--inclusive=yes",
                          "--threshold=100", path], capture_output=True,
                         text=True, check=True).stdout
    total, fn = 0, {}
    for line in out.splitlines():
        m = LINE.match(line)
        if not m:
            continue
        n = int(m.group(1).replace(",", ""))
        name = re.sub(r"\s+\[.*\]$", "", m.group(2))
        if name == "PROGRAM TOTALS":
            total = n
            continue
        name = name.rsplit(":", 1)[-1].split("'")[0]
        fn[name] = max(fn.get(name, 0), n)
    return total, fn


def main():
    files = [costs(p) for p in sys.argv[1:]]
    if not files:
        sys.exit("usage: breakdown.py CALLGRIND.OUT ...")
    whole = sum(t for t, _ in files)
    workers = [f for f in files if "load_report" in f[1]]
    work = workers[-1] if workers else max(files, key=lambda f: f[0])
    print("%-32s %14s %7s  %s" % ("function (inclusive)", "instructions",
                                  "share", "what"))
    print("%-32s %14s %7s  %s" % ("whole run", "{:,}".format(whole),
                                  "100.0%", "parent and worker"))
    print("%-32s %14s %6.1f%%  %s" % ("  parent process",
                                      "{:,}".format(whole - work[0]),
                                      100.0 * (whole - work[0]) / whole,
                                      "exec, dynamic linking, fork, wait"))
    print("%-32s %14s %6.1f%%  %s" % ("  worker process",
                                      "{:,}".format(work[0]),
                                      100.0 * work[0] / whole,
                                      "one report"))
    for name, what in STAGES:
        n = work[1].get(name.strip(), 0)
        print("%-32s %14s %6.1f%%  %s" % ("  " + name, "{:,}".format(n),
                                          100.0 * n / whole, what))


if __name__ == "__main__":
    main()
