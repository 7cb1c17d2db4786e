#!/usr/bin/env python3
"""Text survives every reader (spec §5 v2, issue 14 point 1).

usage: readers.py BAOCAO TMPDIR

Builds the sample reports and the test inputs of tests/typeset,
tests/tables and tests/good (those that build), and reads every PDF back
with three readers: poppler (`pdftotext -raw`), Ghostscript (`gs
-sDEVICE=txtwrite`, what print RIPs and archive converters build on) and
MuPDF (`mutool draw -F txt`). For each PDF:

  - each reader exits 0 without an error or warning about the file;
  - each gives NFC text;
  - Ghostscript and MuPDF give the same words as poppler (split at
    whitespace, counted: Ghostscript orders lines by position, not by
    the content stream), MuPDF in the same order too (both follow the
    content stream).

pdftotext runs with -raw because its default mode joins a line ending in
a lone "-" to the next ("5/2006 -" over "4/2007" in a table cell), a
guess the other readers do not make. For the sample reports the reading
order is also checked where layout draws out of order: a list item's
dash before the item, the document number before the place and date.
"""
import collections
import concurrent.futures
import glob
import os
import re
import sys
import unicodedata

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pdfutil import Tally, collapse, run  # noqa: E402

DIRS = ["reports", "tests/typeset", "tests/tables", "tests/good"]
MIN_PDFS = 20           # the four folders give 26 today
# Debian's mutool is built without lcms2; it says so on every file.
MUPDF_NOISE = re.compile(r"^warning: ICC support is not available\s*$")

t = Tally()


def build_all(binary, tmp):
    """Every report of DIRS built into tmp/NAME; the PDFs made."""
    for d in DIRS:
        out = os.path.join(tmp, os.path.basename(d))
        os.makedirs(out, exist_ok=True)
        run([binary, "build", "-f", "-q", "-j", "2", "-o", out, d])
    pdfs = sorted(glob.glob(os.path.join(tmp, "*", "*.pdf")))
    t.check(len(pdfs) >= MIN_PDFS, f"{len(pdfs)} PDFs built from "
            f"{', '.join(DIRS)} (at least {MIN_PDFS})")
    return pdfs


def readers(pdf):
    """{reader: (exit status, text, complaints)} for one PDF."""
    out = {}
    rc, txt, err = run(["pdftotext", "-raw", pdf, "-"])
    out["poppler"] = (rc, txt, err.strip())
    rc, txt, err = run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER",
                        "-sDEVICE=txtwrite", "-o", "-", pdf])
    # Ghostscript writes its complaints ("**** Error ...") to stdout too
    bad = "\n".join(ln for ln in (err + txt).splitlines()
                    if ln.lstrip().startswith("****"))
    out["Ghostscript"] = (rc, txt, (err.strip() + "\n" + bad).strip())
    rc, txt, err = run(["mutool", "draw", "-F", "txt", "-o", "-", pdf])
    err = "\n".join(ln for ln in err.splitlines()
                    if ln.strip() and not MUPDF_NOISE.match(ln))
    out["MuPDF"] = (rc, txt, err)
    return out


def diff_words(a, b):
    """What one count of words has that the other lacks, shortly."""
    ca, cb = collections.Counter(a), collections.Counter(b)
    return (f"only poppler: {list((ca - cb).items())[:6]}\n"
            f"only the other: {list((cb - ca).items())[:6]}")


def first_diff(a, b):
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return (f"word {i}: poppler {' '.join(a[max(0, i - 4):i + 4])!r}"
                    f"\n  MuPDF {' '.join(b[max(0, i - 4):i + 4])!r}")
    return f"lengths {len(a)} and {len(b)}"


PUNCT = set(".,;:!?)]}\u201d\u2019")


def mark_anchors(yaml_path):
    """[(word, n)]: the word before each footnote mark ^[ of a report, and
    the mark's number (marks are numbered in the order written)."""
    import re
    src = open(yaml_path, encoding="utf-8-sig").read()
    out = []
    for m in re.finditer(r"(\S+?)\s?\^\[", src):
        out.append((m.group(1).lstrip("(\"'\u201c*"), len(out) + 1))
    return out


def unmark(words, anchors, standalone):
    """The words as if the footnote marks were not there. Readers differ
    on a raised mark: poppler joins it to its word and splits off the
    punctuation after it ("04/11/19491 ."), MuPDF keeps both on
    ("04/11/19491."), Ghostscript makes it a word of its own ("1"), placed
    where it likes (standalone: drop one such word per mark)."""
    out, cut = [], False
    todo = [str(n) for _, n in anchors] if standalone else []
    bases = {b for b, _ in anchors}
    for w in words:
        # Ghostscript also splits the punctuation after the mark off
        if standalone and out and out[-1] in bases and w and \
                all(c in PUNCT for c in w):
            out[-1] += w
            continue
        if cut and w and all(c in PUNCT for c in w):
            out[-1] += w
            cut = False
            continue
        cut = False
        for base, n in anchors:
            k = base + str(n)
            if w.startswith(k) and all(c in PUNCT for c in w[len(k):]):
                w = base + w[len(k):]
                cut = w == base
                break
        if w in todo:
            todo.remove(w)
            continue
        out.append(w)
    return out


def check_pdf(name, res, anchors=()):
    for reader, (rc, txt, err) in res.items():
        t.check(rc == 0 and not err, f"{name}: {reader} reads it "
                f"without complaint (exit {rc})", err[:400])
        t.check(unicodedata.normalize("NFC", txt) == txt,
                f"{name}: {reader}'s text is NFC")
    base = unmark(res["poppler"][1].split(), anchors, False)
    gs = unmark(res["Ghostscript"][1].split(), anchors, True)
    mu = unmark(res["MuPDF"][1].split(), anchors, False)
    t.check(collections.Counter(gs) == collections.Counter(base),
            f"{name}: Ghostscript gives poppler's {len(base)} words "
            f"(got {len(gs)})", diff_words(base, gs))
    t.check(collections.Counter(mu) == collections.Counter(base),
            f"{name}: MuPDF gives poppler's {len(base)} words "
            f"(got {len(mu)})", diff_words(base, mu))
    t.check(mu == base, f"{name}: MuPDF reads them in poppler's order",
            first_diff(base, mu))


def plain(s):
    s = str(s).replace("\\*", "\x00").replace("*", "").replace("\x00", "*")
    return collapse(unicodedata.normalize("NFC", s))


def list_lines(lst):
    """Each item of a list block as it reads: marker, space, text (one
    nested level: "- " under number and alpha items, "+ " under dash)."""
    style, items = "dash", lst
    if isinstance(lst, dict):
        style, items = lst.get("style", "dash"), lst.get("items", [])
    alpha = "a b c d đ e g h i k l m n o p q r s t u v x y".split()
    out = []
    for k, it in enumerate(items):
        mark = {"number": f"{k + 1}.", "alpha": f"{alpha[k]})"}.get(style,
                                                                     "-")
        text = it.get("text", "") if isinstance(it, dict) else it
        out.append(f"{mark} {plain(text)}")
        for sub in (it.get("items", []) if isinstance(it, dict) else []):
            out.append(f"{'+' if style == 'dash' else '-'} {plain(sub)}")
    return out


def check_order(yaml_path, text):
    """List dashes and the document number in reading order (MuPDF)."""
    import yaml
    name = os.path.basename(yaml_path)
    rep = yaml.safe_load(open(yaml_path, encoding="utf-8-sig"))
    flat = collapse(text)
    items = [i for b in rep.get("body", []) if isinstance(b, dict)
             and "list" in b for i in list_lines(b["list"])]
    if items:
        missing = [i for i in items if i not in flat]
        t.check(not missing, f"{name}: each of {len(items)} list items "
                "reads its marker (\"- \", \"1. \", \"a) \") then the "
                "item (MuPDF)",
                "\n".join(m[:80] for m in missing[:4]))
    h = rep.get("header") or {}
    if h.get("number") and h.get("place"):
        pre = "Số " if h.get("kind") == "party" else "Số: "
        num = flat.find(pre + str(h["number"]))
        place = flat.find(h["place"] + ", ngày")
        t.check(0 <= num < place, f"{name}: the document number before "
                "the place and date (MuPDF)")


def main():
    binary, tmp = sys.argv[1], sys.argv[2]
    pdfs = build_all(binary, tmp)
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        results = list(pool.map(readers, pdfs))
    for pdf, res in zip(pdfs, results):
        name = os.path.relpath(pdf, tmp)
        y = os.path.join("reports", os.path.basename(pdf)[:-4] + ".yaml")
        mine = name.startswith("reports" + os.sep) and os.path.exists(y)
        check_pdf(name, res, mark_anchors(y) if mine else ())
        if mine:
            check_order(y, res["MuPDF"][1])
    t.close()


if __name__ == "__main__":
    main()
