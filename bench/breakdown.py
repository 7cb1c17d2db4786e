#!/usr/bin/env python3
"""breakdown.py [--libs] CALLGRIND.OUT ... - where the instructions of a build go.

Reads the callgrind files of one `baocao build` run under
`valgrind --tool=callgrind --trace-children=yes` (one file per process:
the batch parent and its worker) with `callgrind_annotate --inclusive=yes`
and prints the inclusive cost of each stage of the worker, as instructions
and as a share of the whole run (parent included).

--libs: then the self cost of every function, summed by the ELF object it
is in (the files' ob= lines): our code, libharu, zlib, HarfBuzz, ICU, ...,
each with its three costliest functions.
"""
import os
import re
import subprocess
import sys

# (function, what it covers); indented rows are part of the row above.
STAGES = [
    ("load_report", "YAML, extends, validation, NFC, markup"),
    ("font_open", "font lookup and loading"),
    ("  FcInit", "fontconfig configuration"),
    ("  HPDF_TTFontDef_Load", "TrueType tables parsed by libharu"),
    ("lay_report", "layout (lay_plan and the pager's passes)"),
    ("  para_break", "paragraph breaking (Knuth-Plass)"),
    ("  brk_find", "ICU line-break opportunities"),
    ("pdf_write", "PDF document: fonts embedded, drawing, writing"),
    ("  pdf_draw", "pages drawn into content streams (draw_page)"),
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

def stage(fn, name):
    """The inclusive cost of a stage. Since 2026-12-04 a PDF is written
    page by page: the pager (layout's lay_pages) runs inside
    pdf_write_pages and calls pdf.c's collect_page and draw_page for each
    page; layout is then lay_plan plus the pager less those calls, and the
    PDF writer pdf_write_pages less the pager."""
    sinks = fn.get("draw_page", 0) + fn.get("collect_page", 0)
    pager = fn.get("lay_pages", 0) - sinks
    if name == "lay_report" and "lay_plan" in fn:
        return fn["lay_plan"] + pager
    if name == "pdf_write" and "pdf_write_pages" in fn:
        return fn["pdf_write_pages"] - pager
    if name == "pdf_draw":
        return fn.get("draw_page", 0)
    return fn.get(name, 0)


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
    args = sys.argv[1:]
    libs = args[:1] == ["--libs"]
    if libs:
        args = args[1:]
    files = [costs(p) for p in args]
    if not files:
        sys.exit("usage: breakdown.py [--libs] CALLGRIND.OUT ...")
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
        row("  " + name, stage(work[1], name.strip()), what)
    if libs:
        print()
        by_library([self_costs(p) for p in args],
                   ["load_report" in fn for t, fn in files])


# (library, how its ELF objects are named); the first match wins.
LIBS = [
    ("libharu", r"libhpdf"),
    ("zlib", r"libz\."),
    ("HarfBuzz", r"libharfbuzz"),
    ("ICU", r"libicu"),
    ("libyaml", r"libyaml"),
    ("fontconfig", r"libfontconfig|libexpat"),
    ("libc", r"libc\.|libm\."),
    ("ld.so", r"ld-linux"),
]


def self_costs(path):
    """{(ELF object, function): self instructions} of one callgrind file,
    and the program's name (its cmd: line)."""
    names = {"ob": {}, "fn": {}}
    kind = {"ob": "ob", "cob": "ob", "fn": "fn", "cfn": "fn"}
    cost, ob, fn, npos, skip, prog = {}, "???", "???", 1, False, ""
    for line in open(path, encoding="utf-8", errors="replace"):
        c = line[0]
        if c.isdigit() or c in "+-*":
            if skip:    # the line after calls=: the call's inclusive cost
                skip = False
                continue
            f = line.split()
            if len(f) > npos:
                cost[ob, fn] = cost.get((ob, fn), 0) + int(f[npos])
            continue
        key, _, val = line.rstrip("\n").partition("=")
        if key in kind:
            # Name compression: "(id) name" names id, "(id)" reuses it.
            m = re.match(r"\((\d+)\)\s*(.*)$", val)
            if m:
                tab = names[kind[key]]
                val = tab.setdefault(m.group(1), m.group(2)) if m.group(2) \
                    else tab.get(m.group(1), "???")
            if key == "ob":
                ob = val
            elif key == "fn":
                fn = val
        elif key == "calls":
            skip = True
        elif line.startswith("positions:"):
            npos = len(line.split()) - 1
        elif line.startswith("cmd:"):
            prog = os.path.basename(line.split()[1])
    return cost, prog


def by_library(selfs, is_worker):
    """Print the self cost of the run by library. A worker's file holds
    what the parent did before the fork: the parent's costs are taken off
    each worker's, function by function (so the parent's work after the
    fork in a function the worker also ran is not counted: the whole run
    here is under 1 M instructions short of the stage table's)."""
    parents = [c for (c, p), w in zip(selfs, is_worker) if not w]
    total = {}
    for (c, prog), w in zip(selfs, is_worker):
        for k, n in c.items():
            total[k] = total.get(k, 0) + n
            if w:
                total[k] -= sum(p.get(k, 0) for p in parents)
    prog = selfs[0][1]
    groups = {}
    for (ob, fn), n in total.items():
        if n <= 0:
            continue
        base = os.path.basename(ob)
        lib = "our code" if base == prog else next(
            (name for name, pat in LIBS if re.search(pat, base)), "other")
        g = groups.setdefault(lib, {"n": 0, "fn": {}, "ob": {}})
        g["n"] += n
        g["fn"][fn] = g["fn"].get(fn, 0) + n
        g["ob"][base] = g["ob"].get(base, 0) + n
    whole = sum(g["n"] for g in groups.values())
    print("%-12s %14s %7s  %s" % ("library", "instructions", "share",
                                  "costliest functions (self)"))
    print("%-12s %14s %6.1f%%" % ("whole run", "{:,}".format(whole), 100.0))
    order = ["our code"] + [name for name, pat in LIBS] + ["other"]
    for lib in order:
        g = groups.get(lib)
        if not g:
            continue
        top = sorted(g["fn"].items(), key=lambda x: -x[1])[:3]
        what = ", ".join("%s %.1f M" % (f, n / 1e6) for f, n in top)
        if lib == "other":
            what = ", ".join("%s %.1f M" % (o, n / 1e6) for o, n in
                             sorted(g["ob"].items(), key=lambda x: -x[1])[:4])
        print("%-12s %14s %6.1f%%  %s" % (lib, "{:,}".format(g["n"]),
                                          100.0 * g["n"] / whole, what))


if __name__ == "__main__":
    main()
