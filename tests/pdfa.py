#!/usr/bin/python3
"""tests/pdfa.py - PDF/A-2u (ISO 19005-2:2011, level U) checked clause by
clause on PDF files, because no PDF/A validator ships in Debian (issue 14
point 3; spec §5 "(v2) Every reader, printer and archive takes the PDF as
it is"). One function per clause we rely on, each quoting or paraphrasing
its clause, written from the standard's text with the clause numbers of
ISO 19005-2:2011 (the ones veraPDF's PDF/A-2 profile uses). The bytes, the
TrueType tables and the ICC profile are read by hand (struct); pikepdf
(python3-pikepdf) gives the object model and the content streams. The
clauses live in pdfa_file.py (6.1), pdfa_graphics.py (6.2.2 - 6.2.10),
pdfa_fonts.py (6.2.11) and pdfa_meta.py (6.3 - 6.11), on what
pdfa_core.py reads; the spec's own checks (§5) and the driver are here.
tests/pdfa_break.py makes a broken copy per clause and tests/pdfa.sh
shows that each is caught.

usage: pdfa.py [--plain] [--title TITLE] FILE.pdf...
       pdfa.py --same-id A.pdf B.pdf    (the same report built twice)
       pdfa.py --other-id A.pdf B.pdf   (one word changed)
       pdfa.py --list                   (the clauses checked, one a line)

Prints "ok: <clause> <name> <file>" or "FAIL: <clause> <name> <file>: <what,
which object>" for every clause and file, then "N passed, M failed"; exits
1 if anything failed. --plain: the files were built with `pdf: {standard:
none}`: they must claim nothing (no XMP, no output intent, PDF 1.4) and
keep the print rules (TrimBox, /Trapped, /ID); the clauses only PDF/A asks
are left out. --title: the document's title, exactly as the report wrote
it, in the Info dictionary (and in the XMP's dc:title for PDF/A).
Clauses named "§5 ..." are baocao's own promises (spec §5), and a
docstring saying "ours" marks where a check is stricter than ISO 19005-2.
"""

import argparse
import os
import sys

import pikepdf

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pdfa_file  # noqa: E402,F401 (each module registers its clauses)
import pdfa_graphics  # noqa: E402,F401
import pdfa_fonts  # noqa: E402,F401
import pdfa_meta  # noqa: E402,F401
from pdfa_core import (CHECKS, Doc, clause, inherited,  # noqa: E402
                       names_of, og)
from pdfa_graphics import images  # noqa: E402
from pdfa_meta import metadata_streams, xmp_props, xmp_value  # noqa: E402

# ------------------------------------------------------------ spec §5


@clause("§5", "TrimBox = MediaBox on every page")
def c_trimbox(doc):
    """Spec §5 "Print": "Every page has a TrimBox equal to its
    MediaBox"."""
    bad = []
    for n, pg in enumerate(doc.pages, 1):
        mb, tb = inherited(pg, "/MediaBox"), pg.get("/TrimBox")
        if tb is None or [float(x) for x in tb] != [float(x) for x in mb]:
            bad.append(f"page {n}: TrimBox {tb!r}, MediaBox {mb!r}")
    return bad


@clause("§5", "/Trapped /False")
def c_trapped(doc):
    """Spec §5 "Print": "the document says /Trapped /False" (in the
    document information: XMP 2005's pdf schema has no pdf:Trapped)."""
    t = doc.pdf.docinfo.get("/Trapped")
    return [] if t == "/False" else [f"Info /Trapped is {t!r}"]


@clause("§5", "image data and soft masks compressed")
def c_compressed(doc):
    """Spec §5 "Print": "image data and soft masks are compressed"."""
    return [f"image {og(im)} has no /Filter" for im in images(doc)
            if not names_of(im.get("/Filter"))]


@clause("§5", "plain PDF 1.4: no XMP, no output intent", pdfa=False)
def c_plain(doc):
    """Spec §5: "pdf.standard: none writes a plain PDF 1.4": no metadata
    stream (so no PDF/A claim), no output intent, the header %PDF-1.4."""
    bad = []
    if "/Metadata" in doc.pdf.Root or metadata_streams(doc):
        bad.append("has XMP metadata")
    if "/OutputIntents" in doc.pdf.Root:
        bad.append("has /OutputIntents")
    if not doc.raw.startswith(b"%PDF-1.4"):
        bad.append(f"header {doc.raw[:8]!r}")
    return bad


# ------------------------------------------------------------ main


class Tally:
    def __init__(self):
        self.passed = self.failed = 0

    def report(self, num, name, where, bad):
        if not bad:
            self.passed += 1
            print(f"ok: {num} {name} {where}")
            return
        self.failed += 1
        print(f"FAIL: {num} {name} {where}: {bad[0]}")
        for b in bad[1:6]:
            print(f"    {b}")
        if len(bad) > 6:
            print(f"    ... and {len(bad) - 6} more")


def check_file(t, path, plain, title):
    try:
        doc = Doc(path, plain)
    except (OSError, pikepdf.PdfError) as e:
        t.report("-", "readable", path, [str(e)])
        return
    for num, name, fn, pdfa, pl in CHECKS:
        if not (pl if plain else pdfa):
            continue
        try:
            bad = [b for b in fn(doc) if b]
        except ValueError as e:
            bad = [str(e)]
        except Exception as e:      # a check that cannot read the file
            bad = [f"check raised {type(e).__name__}: {e}"]
        t.report(num, name, path, bad)
    if title is not None:
        bad = []
        got = str(doc.pdf.docinfo.get("/Title", ""))
        if got != title:
            bad.append(f"Info /Title {got!r}, the report says {title!r}")
        if not plain:
            x = xmp_value(xmp_props(doc).get("dc:title"), "alt")
            if x != title:
                bad.append(f"XMP dc:title {x!r}, the report says {title!r}")
        t.report("§5", "title as the report wrote it", path, bad)


def file_id(path):
    with pikepdf.open(path) as p:
        ids = p.trailer.get("/ID")
        return bytes(ids[0]) if ids is not None else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--plain", action="store_true")
    ap.add_argument("--title")
    ap.add_argument("--same-id", nargs=2, metavar="PDF")
    ap.add_argument("--other-id", nargs=2, metavar="PDF")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("pdf", nargs="*")
    a = ap.parse_args()
    if a.list:
        for num, name, _, pdfa, plain in CHECKS:
            print(f"{num}\t{name}\t" + ("pdfa " if pdfa else "") +
                  ("plain" if plain else ""))
        return 0
    t = Tally()
    for pair, same in ((a.same_id, True), (a.other_id, False)):
        if pair:
            x, y = file_id(pair[0]), file_id(pair[1])
            ok = x is not None and y is not None and (x == y) == same
            t.report("6.1.3", "/ID the same for the same report" if same
                     else "/ID changes with the content",
                     f"{pair[0]} {pair[1]}",
                     [] if ok else [f"{x and x.hex()} vs {y and y.hex()}"])
    for p in a.pdf:
        check_file(t, p, a.plain, a.title)
    print(f"{t.passed} passed, {t.failed} failed")
    return 1 if t.failed else 0


if __name__ == "__main__":
    sys.exit(main())
