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
    ("pdf_write", "PDF document: fonts embedded, drawing, writing"),
    ("  font_embed", "font subsets made for the PDF, parsed"),
    ("    hb_subset_or_fail", "HarfBuzz's subsetter"),
    ("  HPDF_GetFont", "CID fonts (65,536-entry maps)"),
    ("  hfix_font_repair", "ToUnicode, /W, descriptors, font programs"),
    ("  HPDF_SaveToFile", "serialising, compressing"),
    ("    HPDF_TTFontDef_SaveFontData", "libharu's font subsets (before 14)"),
    ("    deflate", "zlib compression (all streams)"),
    ("font_close", "freeing the parsed fonts"),
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
    # callgrind's file of a forked worker also holds what the parent did
    # before the fork; the worker's own cost is that of worker_main. A
    # binary without that function (before 2026-11-29) gets its file's
    # total less the parent's, which understates it by the parent's work
    # after the fork (well under 1 M instructions).
    parent_total = sum(t for t, fn in files if "load_report" not in fn)
    nwork = sum(1 for t, fn in files if "load_report" in fn)
    if nwork > 1 and any("worker_main" not in fn for t, fn in files
                         if "load_report" in fn):
        sys.exit("breakdown.py: several workers and no worker_main: the "
                 "work each inherited from the parent cannot be told")
    own = [(fn["worker_main"] if "worker_main" in fn else t - parent_total)
           if "load_report" in fn else t for t, fn in files]
    whole = sum(own)
    workers = [(o, f[1]) for o, f in zip(own, files) if "load_report" in f[1]]
    parents = [f[1] for f in files if "load_report" not in f[1]]
    work = workers[-1] if workers else max(zip(own, (f[1] for f in files)))
    fcinit = parents[0].get("font_init", 0) if parents else 0

    def row(name, n, what):
        print("%-32s %14s %6.1f%%  %s" % (name, "{:,}".format(n),
                                          100.0 * n / whole, what))
    print("%-32s %14s %7s  %s" % ("function (inclusive)", "instructions",
                                  "share", "what"))
    row("whole run", whole, "parent and worker")
    row("  parent process", whole - work[0],
        "exec, dynamic linking, planning, fork, wait")
    row("    font_init", fcinit, "FcInit, once, before the fork")
    row("  worker process", work[0], "worker_main: the report(s)")
    for name, what in STAGES:
        if name.strip() == "FcInit" and fcinit:
            continue    # done by the parent, inherited by the worker
        row("  " + name, work[1].get(name.strip(), 0), what)

if __name__ == "__main__":
    main()
