#!/usr/bin/python3
"""The header and title block, headings and tables of spec §3 (v2 items,
issue 15) measured on rendered PDFs.

usage: header.py BAOCAO TMPDIR

Inputs: the samples (reports/*.yaml) and tests/header/*.yaml. Words come
from pdftotext -bbox-layout, the rules from the page's content stream
(pikepdf: `x y m x y l S`, `x y w h re f`), the ink of the glyphs above
a rule from pdftoppm at 600 dpi (the lowest dark pixel: the dot below Ạ,
Ộ, ự or a descender, whatever the font draws), bold and italic from
pdftohtml -xml.
"""
import glob
import os
import re
import shutil
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pdfutil import (MM, Tally, bbox_pages, build, html_texts,  # noqa
                     render_gray, visual_lines)

import pikepdf  # noqa: E402

A4_H = 841.89
LEFT = 30 * MM
WIDTH = (210 - 30 - 15) * MM
INDENT = LEFT + 10 * MM
DPI = 600
CLEAR = 2.0             # pt of white between the lowest mark and a rule

t = Tally()


def h_rules(pdf, page=0):
    """Horizontal rules of a page: (y from the top, x0, x1), from stroked
    `m l S` segments and thin filled `re f` rectangles."""
    out = []
    with pikepdf.open(pdf) as doc:
        pg = doc.pages[page]
        cur = None
        for operands, op in pikepdf.parse_content_stream(pg):
            op = str(op)
            v = [float(x) for x in operands] if op in ("m", "l", "re") \
                else None
            if op == "m":
                cur = (v[0], v[1])
            elif op == "l" and cur is not None:
                if abs(v[1] - cur[1]) < 0.01 and abs(v[0] - cur[0]) > 1:
                    out.append((A4_H - v[1], min(v[0], cur[0]),
                                max(v[0], cur[0])))
                cur = (v[0], v[1])
            elif op == "re" and abs(v[3]) < 1.5 and abs(v[2]) > 1:
                y = v[1] + v[3] / 2
                out.append((A4_H - y, min(v[0], v[0] + v[2]),
                            max(v[0], v[0] + v[2])))
    return sorted(out)


class Ink:
    """Page 1 rendered in gray at DPI, for the ink above a rule."""

    def __init__(self, pdf, tmp):
        base = os.path.join(tmp, os.path.basename(pdf)[:-4] + "-ink")
        self.w, self.h, self.px = render_gray(pdf, 1, DPI, base)
        self.k = DPI / 72.0

    def lowest_above(self, y, x0, x1, reach=20.0):
        """The y (pt, from the top) of the bottom of the lowest dark pixel
        in x0..x1 between y - reach and y - 1 px (the rule's own edge
        left out), or None."""
        c0, c1 = int(x0 * self.k), int(x1 * self.k) + 1
        top = int((y - reach) * self.k)
        bot = int(y * self.k) - 1
        for r in range(bot - 1, top, -1):
            row = self.px[r * self.w + c0: r * self.w + c1]
            if min(row) < 128:
                return (r + 1) / self.k
        return None


def line_above(lines, y, x0, x1):
    """The visual line of words whose bottom is closest above y and
    which overlaps x0..x1."""
    best = None
    for ln in lines:
        ws = [w for w in ln if w.x1 > x0 and w.x0 < x1]
        if not ws:
            continue
        top = min(w.y0 for w in ws)
        if top < y and (best is None or top > best[0]):
            best = (top, ws)
    return best[1] if best else None


def check_clear(name, what, ink, rule, lines):
    """Rule (y, x0, x1): at least CLEAR pt of white above it."""
    y, x0, x1 = rule
    top = y - 0.25       # the upper edge of a 0.5 pt rule
    ws = line_above(lines, y, x0, x1)
    low = ink.lowest_above(top, x0, x1)
    words = " ".join(w.text for w in ws) if ws else "?"
    gap = top - low if low is not None else 99
    t.check(ws is not None and gap >= CLEAR,
            f"{name}: the rule under {what} ({words!r}) is {gap:.2f} pt "
            f"under the lowest mark of that line (>= {CLEAR})",
            f"rule y={y:.2f} x={x0:.1f}-{x1:.1f}, ink down to "
            f"{low}")
    return gap


def line_width(ws):
    return max(w.x1 for w in ws) - min(w.x0 for w in ws)


def qw_of(lines):
    """The right column's width as layout.c sets it: the Quốc hiệu's
    line + 6 pt, within 0.6..0.75 of the text width (party: the same
    bounds)."""
    for ln in lines:
        if " ".join(w.text for w in ln).startswith("CỘNG HÒA"):
            q = [w for w in ln if w.x0 > LEFT + WIDTH * 0.2]
            return min(max(line_width(q) + 6, WIDTH * 0.6), WIDTH * 0.75)
    return WIDTH * 0.6


def check_page1(name, pdf, tmp):
    pages = bbox_pages(pdf)
    lines = visual_lines(pages[0])
    rules = h_rules(pdf)
    ink = Ink(pdf, tmp)
    title = [ln for ln in lines if " ".join(w.text for w in ln) ==
             "BÁO CÁO"]
    ty = title[0][0].y0 if title else 200
    head = [r for r in rules if r[0] < ty]
    party = any(" ".join(w.text for w in ln).endswith("ĐẢNG CỘNG SẢN "
                                                       "VIỆT NAM")
                for ln in lines)
    t.check(len(head) == (1 if party else 2),
            f"{name}: the header draws its rules ({len(head)} above the "
            f"title; {'party: 1' if party else 'state: 2'})", rules)
    for r in head:
        if r[1] > LEFT + WIDTH * 0.3:
            what = "the motto (right column)"
        else:
            what = "the agency (left column)"
        check_clear(name, what, ink, r, lines)
    if not title:
        return
    below = [r for r in rules if r[0] > ty]
    sub = [ln for ln in lines if ty < ln[0].y0 and below and
           ln[0].y0 < below[0][0]]
    pc = LEFT + WIDTH / 2
    centred = all(abs((ln[0].x0 + ln[-1].x1) / 2 - pc) < 2 for ln in sub)
    t.check(len(sub) >= 1 and below and centred and
            below[0][2] - below[0][1] < WIDTH * 0.6 and
            below[0][0] - max(w.y1 for w in sub[-1]) < 8,
            f"{name}: a short rule under the subtitle, right under its "
            f"last line ({len(sub)} centred lines above the first rule "
            f"under the title)", below[:2])
    if not sub or not below or not centred:
        return
    r = below[0]
    widths = [line_width(ln) for ln in sub]
    longest = max(widths)
    ratio = (r[2] - r[1]) / longest
    t.check(1 / 3 - 0.01 <= ratio <= 0.5 + 0.01,
            f"{name}: the subtitle's rule is {ratio:.2f} of its longest "
            f"line ({r[2] - r[1]:.1f} of {longest:.1f} pt; 1/3 to 1/2)")
    centre = (r[1] + r[2]) / 2
    sc = [(min(w.x0 for w in ln) + max(w.x1 for w in ln)) / 2 for ln in sub]
    t.check(abs(centre - pc) < 1.5 and all(abs(c - pc) < 1.5 for c in sc),
            f"{name}: the subtitle and its rule are centred (rule at "
            f"{centre:.1f}, lines at {[round(c, 1) for c in sc]}, text "
            f"centre {pc:.1f})")
    check_clear(name, "the subtitle", ink, r, lines)
    if len(sub) < 2:
        return
    qw = qw_of(lines)
    t.check(longest <= qw + 0.5 and min(widths) >= 0.8 * longest,
            f"{name}: the subtitle's {len(sub)} lines are balanced and "
            f"no wider than the header's right column (widths "
            f"{[round(w, 1) for w in widths]} pt, column {qw:.1f}; "
            f"shortest >= 0.8 of the longest)")


def check_headings(name, pdf):
    """§3: level 1 bold at the margin, level 2 bold at the paragraph
    indent, level 3 bold italic at the paragraph indent."""
    want = {"I. ĐẶC ĐIỂM TÌNH HÌNH": (LEFT, True, False),
            "1. Chức năng, nhiệm vụ": (INDENT, True, False),
            "a) Nhiệm vụ được giao": (INDENT, True, True)}
    chunks = html_texts(pdf)
    for text, (x, bold, italic) in want.items():
        c = [h for h in chunks if h[5].strip() == text]
        ok = bool(c) and abs(c[0][2] - x) < 1.0 and c[0][4] == bold \
            and c[0][6] == italic
        t.check(ok, f"{name}: heading {text!r} at x={x:.1f}, "
                f"{'bold' if bold else 'regular'}"
                f"{' italic' if italic else ''}", c[:1])


def table_words(pages, caption):
    """The words of the lines after a caption line, up to the next line
    at the paragraph indent or a caption (a rough cut of one table)."""
    for p in pages:
        lines = visual_lines(p)
        for i, ln in enumerate(lines):
            text = " ".join(w.text for w in ln)
            # "Bảng 1. " is the caption's number (caption_numbers)
            if re.sub(r"^Bảng \d+\. ", "", text) == caption:
                return p, lines[i + 1:]
    return None, []


def check_tables(name, pdf):
    pages = bbox_pages(pdf)
    with pikepdf.open(pdf) as doc:
        pg = doc.pages[0]
        vx = set()
        cur = None
        for operands, op in pikepdf.parse_content_stream(pg):
            op = str(op)
            if op == "m":
                cur = [float(x) for x in operands]
            elif op == "l" and cur is not None:
                v = [float(x) for x in operands]
                if abs(v[0] - cur[0]) < 0.01 and abs(v[1] - cur[1]) > 1:
                    vx.add(round(v[0], 2))
    vx = sorted(vx)
    _, lines = table_words(pages, "Các dự án được giao trong giai đoạn")
    body = [ln for ln in lines if ln[0].text in ("Giao", "Thủy")]
    gaps = []
    for ln in body:
        w = ln[0]
        left = max([x for x in vx if x <= w.x0 + 0.01], default=None)
        if left is not None:
            gaps.append(w.x0 - left)
    t.check(len(gaps) == 2 and all(1.3 * MM <= g <= 1.8 * MM
                                   for g in gaps),
            f"{name}: table cells have about 1.5 mm of side padding "
            f"(first words {[round(g / MM, 2) for g in gaps]} mm from "
            f"the cell's left rule)", vx)
    # the note of the first row takes two lines: their pitch is the body's
    note_x = min([w.x0 for ln in lines for w in ln if w.text == "Đường"],
                 default=0) - 1
    y0 = body[0][0].y0 if body else 0
    ys = sorted({round(w.y0, 2) for ln in lines for w in ln
                 if w.x0 > note_x and y0 - 1 < w.y0 < y0 + 30})
    cell_pitch = ys[1] - ys[0] if len(ys) >= 2 else None
    plines = visual_lines(pages[0])
    body_pitch = None
    for a, b in zip(plines, plines[1:]):
        if a[0].text == "Ban" and a[0].x0 > INDENT - 1:
            body_pitch = b[0].y0 - a[0].y0
            break
    t.check(cell_pitch is not None and body_pitch is not None and
            abs(cell_pitch * 13 / 12 - body_pitch) < 0.3,
            f"{name}: a cell's lines are set at the body's line spacing "
            f"(cell pitch {cell_pitch} pt at 12 pt, body pitch "
            f"{body_pitch} pt at 13 pt)", ys)
    chunks = html_texts(pdf)
    for label in ("Tổng cộng",):
        c = [h for h in chunks if h[5].strip().startswith(label)]
        t.check(len(c) >= 2 and all(h[4] for h in c),
                f"{name}: every totals row is bold (plain table and "
                f"staffing: {[(h[5].strip(), h[4]) for h in c]})")
        nums = [h for h in chunks if {"19", "11"} & set(h[5].split())]
        t.check(nums and all(h[4] for h in nums),
                f"{name}: the numbers of the totals rows are bold "
                f"{[(h[5].strip(), h[4]) for h in nums]}")


def main():
    binary, tmp = sys.argv[1], sys.argv[2]
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    for y in sorted(glob.glob("reports/*.yaml")) + \
            sorted(glob.glob("tests/header/*.yaml")):
        if os.path.basename(y).startswith("_"):
            continue
        name = os.path.basename(y)
        rc, pdf, err = build(binary, y, tmp)
        if not t.check(rc == 0 and pdf, f"{name}: builds", err):
            continue
        check_page1(name, pdf, tmp)
        if name == "state.yaml":
            check_headings(name, pdf)
            check_tables(name, pdf)
    t.close()


main()
