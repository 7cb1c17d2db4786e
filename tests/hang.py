#!/usr/bin/env python3
"""Hanging punctuation and font expansion (issue 15.3, spec §4) on real
text, read back glyph by glyph with MuPDF (`mutool draw -F stext`: one
quad per character, its advance as drawn, horizontal scaling included).

usage: hang.py BAOCAO TMPDIR

Inputs: the sample reports (reports/*.yaml but _*.yaml) and the long text
of the typesetting benchmark (bench/gen-long.py, 80 paragraphs of the
seed texts). Checks, on every page:

- no glyph starts left of the left margin;
- a glyph that ends past the right margin is the last glyph of its line,
  one of the characters spec §4 lets hang (, . ; : - – ’ ” and closing
  brackets and quotes), and hangs by at most its own width;
- such glyphs are found on real text (at least 30 over the inputs, commas
  and periods among them), and on a justified line (one whose glyph before
  the punctuation reaches the margin) the punctuation hangs by exactly the
  share para.c gives it (hang_share), so the breaker measured the line
  with it;
- font expansion: every body glyph's horizontal size is within 1.5 % of
  the body size (mutool reports the size times Tz), some lines are
  expanded and some condensed, and the text still reads back: every
  paragraph of the long text is found in `pdftotext`'s output.
"""
import glob
import html
import os
import re
import subprocess
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pdfutil import MM, Tally, run  # noqa: E402

import yaml  # noqa: E402

A4_W = 595.28
# share of its advance each character may hang (para.c's hang_share)
SHARE = {".": 0.8, ",": 0.8, "-": 0.6, "\u2019": 0.6, "\u201d": 0.6,
         "'": 0.6, '"': 0.6, ":": 0.5, ";": 0.5, "\u2013": 0.4,
         "\u00bb": 0.4, "\u203a": 0.4, ")": 0.3, "]": 0.3, "}": 0.3}
EPS = 0.05          # pt: mutool prints positions to about 0.001 pt

t = Tally()


def margins(path):
    """The left margin's edge and the right margin's width (pt), from the
    report's YAML (a landscape page's right edge is its own width less
    the margin)."""
    with open(path, encoding="utf-8") as f:
        d = yaml.safe_load(f)
    m = dict(left=30, right=15)
    m.update(((d.get("page") or {}).get("margins")) or {})
    return m["left"] * MM, m["right"] * MM


def stext_lines(pdf):
    """[(page, width, [(char, x0, x1, size)])] per text line, from
    mutool."""
    p = subprocess.run(["mutool", "draw", "-F", "stext", "-o", "-", pdf],
                       capture_output=True, text=True)
    out, page, cur, size, width = [], 0, None, 0.0, A4_W
    for ln in p.stdout.splitlines():
        if ln.startswith("<page "):
            page += 1
            width = float(re.search(r'width="([\d.]+)"', ln).group(1))
        elif ln.startswith("<line "):
            cur = []
        elif ln.startswith("</line>"):
            out.append((page, width, cur))
        elif ln.startswith("<font "):
            size = float(re.search(r'size="([\d.]+)"', ln).group(1))
        elif ln.startswith("<char "):
            q = [float(v) for v in re.search(r'quad="([^"]+)"', ln)
                 .group(1).split()]
            c = html.unescape(re.search(r' c="([^"]*)"', ln).group(1))
            cur.append((c, q[0], q[2], size))
    return out


def ink(chars):
    return [ch for ch in chars if ch[0].strip()]


def check_pdf(name, pdf, left, rmargin, found):
    bad_left, bad_right, exact, partial = [], [], 0, []
    right = A4_W - rmargin
    for page, width, chars in stext_lines(pdf):
        right = width - rmargin
        chars = ink(chars)
        for i, (c, x0, x1, _) in enumerate(chars):
            # a kerned pair ("y,"): the glyph ends where the next starts
            if i + 1 < len(chars) and x0 <= chars[i + 1][1] < x1:
                x1 = chars[i + 1][1]
            if x0 < left - EPS:
                bad_left.append(f"p.{page} {c!r} at {x0:.2f}")
            if x1 <= right + EPS:
                continue
            last = i == len(chars) - 1
            hang = x1 - right
            if not last or c not in SHARE or x0 > right + EPS:
                bad_right.append(f"p.{page} {c!r} ends at {x1:.2f} "
                                 f"(last of its line: {last}) in "
                                 + "".join(ch[0] for ch in chars)[-40:])
                continue
            found.append(c)
            full = i > 0 and abs(chars[i - 1][2] - right) < 0.3 + SHARE[c] * \
                (x1 - x0)
            if abs(hang - SHARE[c] * (x1 - x0)) <= EPS:
                exact += 1
            elif full:
                partial.append(f"p.{page} {c!r} hangs {hang:.2f} pt, "
                               f"share {SHARE[c] * (x1 - x0):.2f}")
    t.check(not bad_left, f"{name}: no glyph starts left of the left margin "
            f"({left:.2f} pt)", "\n".join(bad_left))
    t.check(not bad_right, f"{name}: every glyph past the right margin "
            f"({right:.2f} pt on the last page) is line-final punctuation hanging by at most "
            "its width", "\n".join(bad_right))
    return exact, partial


def expansion(name, pdf, body):
    sizes = [ch[3] for _, _, chars in stext_lines(pdf) for ch in ink(chars)
             if abs(ch[3] - body) < 0.05 * body]
    lo, hi = min(sizes), max(sizes)
    t.check(body * 0.985 - 0.01 <= lo and hi <= body * 1.015 + 0.01,
            f"{name}: body glyphs drawn at {lo:.3f}-{hi:.3f} pt wide "
            f"(within 1.5 % of {body} pt)")
    return lo < body - 0.01, hi > body + 0.01


def text_reads_back(name, pdf, yml):
    _, out, _ = run(["pdftotext", "-enc", "UTF-8", pdf, "-"])
    # page numbers (a line of digits) interrupt a paragraph split across
    # pages
    flat = " ".join(" ".join(ln for ln in out.replace("\f", "\n")
                             .splitlines()
                             if not re.fullmatch(r"\s*\d+\s*", ln)).split())
    with open(yml, encoding="utf-8") as f:
        d = yaml.safe_load(f)
    paras = [" ".join(b["paragraph"].split()) for b in d["body"]
             if isinstance(b, dict) and "paragraph" in b]
    miss = [p[:60] for p in paras if p not in flat]
    t.check(paras and not miss, f"{name}: all {len(paras)} paragraphs read "
            "back whole with pdftotext (expanded lines included)",
            "\n".join(miss))


def main():
    binary, tmp = sys.argv[1], sys.argv[2]
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ymls = sorted(p for p in glob.glob(os.path.join(root, "reports",
                                                    "*.yaml"))
                  if not os.path.basename(p).startswith("_"))
    rc, out, err = run([sys.executable, os.path.join(root, "bench",
                                                     "gen-long.py"), tmp])
    if not t.check(rc == 0, "bench/gen-long.py writes the long text", err):
        t.close()
    long_yml = out.strip()
    ymls.append(long_yml)
    rc, _, err = run([binary, "build", "-f", "-q", "-o", tmp] + ymls)
    if not t.check(rc == 0, f"{len(ymls)} reports build", err):
        t.close()
    found, exact, partial, wide, narrow = [], 0, [], False, False
    for y in ymls:
        name = os.path.basename(y)
        pdf = os.path.join(tmp, os.path.splitext(name)[0] + ".pdf")
        left, rmargin = margins(y)
        e, p = check_pdf(name, pdf, left, rmargin, found)
        exact += e
        partial += p
        w, n = expansion(name, pdf, 13)
        wide, narrow = wide or w, narrow or n
    kinds = {c: found.count(c) for c in sorted(set(found))}
    t.check(len(found) >= 30 and "," in kinds and "." in kinds,
            f"hanging punctuation found on real text: {len(found)} glyphs "
            f"past the margin ({kinds})")
    t.check(not partial and exact >= 30, f"{exact} of them on justified "
            "lines hang by exactly their share (para.c's hang_share): the "
            "breaker measured the line with it", "\n".join(partial))
    t.check(wide and narrow, "font expansion: some lines drawn wider, some "
            f"narrower (wider: {wide}, narrower: {narrow})")
    text_reads_back("long.yaml", os.path.join(tmp, "long.pdf"), long_yml)
    t.close()


if __name__ == "__main__":
    main()
