"""Helpers for the PDF read-back tests (tests/typeset.py, tests/tables.py).

Everything is read from the rendered PDF with poppler-utils (pdftotext,
pdftohtml, pdfinfo, pdfimages, pdftoppm) and qpdf; `baocao build --dump`
is only used where the PDF cannot say it (the rules of a table cell).
"""
import os
import re
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET

import yaml

MM = 72 / 25.4


class Tally:
    """ok:/FAIL: lines and the closing "N passed, M failed"."""

    def __init__(self):
        self.passed = self.failed = 0

    def check(self, cond, what, detail=None):
        if cond:
            self.passed += 1
            print("ok:", what)
        else:
            self.failed += 1
            print("FAIL:", what)
            if detail:
                for line in str(detail).splitlines()[:8]:
                    print("    " + line)
        return bool(cond)

    def close(self):
        print(f"{self.passed} passed, {self.failed} failed")
        sys.exit(1 if self.failed else 0)


def run(cmd, **kw):
    """(exit status, stdout, stderr); 127 when cmd cannot be started."""
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, **kw)
    except OSError as e:
        return 127, "", f"{cmd[0]}: {e}"
    return p.returncode, p.stdout, p.stderr


def build(binary, yaml_path, outdir):
    """Build one report; (exit status, pdf path or None, stderr)."""
    rc, _, err = run([binary, "build", "-f", "-o", outdir, yaml_path])
    name = os.path.splitext(os.path.basename(yaml_path))[0] + ".pdf"
    pdf = os.path.join(outdir, name)
    return rc, (pdf if os.path.exists(pdf) else None), err


def page_sizes(pdf):
    """[(width, height)] of every page in pt, from pdfinfo (pages of a
    report differ: landscape blocks and appendices)."""
    _, out, _ = run(["pdfinfo", "-f", "1", "-l", "100000", pdf])
    return [(float(w), float(h)) for w, h in
            re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", out, re.M)]


def npages(pdf):
    _, out, _ = run(["pdfinfo", pdf])
    m = re.search(r"^Pages:\s+(\d+)", out, re.M)
    return int(m.group(1)) if m else 0


def collapse(s):
    return " ".join(s.split())


def page_texts(pdf, layout=True):
    """The text of every page (pdftotext, pages split at form feeds)."""
    cmd = ["pdftotext"] + (["-layout"] if layout else []) + [pdf, "-"]
    _, out, _ = run(cmd)
    pages = out.split("\f")
    if pages and pages[-1].strip() == "":
        pages.pop()
    return pages


def page_text(pdf, n, layout=True):
    """pdftotext -f n -l n (1-based)."""
    cmd = ["pdftotext", "-f", str(n), "-l", str(n)]
    cmd += (["-layout"] if layout else []) + [pdf, "-"]
    return run(cmd)[1]


# How far a line-final character may hang past the right margin (spec §4
# hanging punctuation), in em: para.c's share (hang_share) times the
# character's widest advance in the four Liberation Serif faces. A word
# box (pdftotext, ascent + descent = 1.107 em) ending in one of these may
# pass the margin by that much; any other word may not.
HANG_EM = {".": 0.8 * 0.25, ",": 0.8 * 0.25, "-": 0.6 * 0.333,
           "\u2019": 0.6 * 0.333, "\u201d": 0.6 * 0.5, "'": 0.6 * 0.278,
           '"': 0.6 * 0.555, ":": 0.5 * 0.333, ";": 0.5 * 0.333,
           "\u2013": 0.4 * 0.5, "\u00bb": 0.4 * 0.5, "\u203a": 0.4 * 0.333,
           ")": 0.3 * 0.333, "]": 0.3 * 0.333, "}": 0.3 * 0.48}
EM_BOX = 1.107


def hang_room(text, y0, y1):
    """Points the word `text` (box from y0 to y1) may pass the margin."""
    return HANG_EM.get(text[-1:], 0) * (y1 - y0) / EM_BOX + 0.05


class Word:
    __slots__ = ("page", "x0", "y0", "x1", "y1", "text", "line")

    def __repr__(self):
        return (f"Word(p{self.page} {self.x0:.2f},{self.y0:.2f}-"
                f"{self.x1:.2f},{self.y1:.2f} {self.text!r})")


def bbox_pages(pdf):
    """Per page (0-based list): its lines, each a list of Words, in the
    order pdftotext -bbox-layout gives them (blocks, lines, words)."""
    _, out, _ = run(["pdftotext", "-bbox-layout", pdf, "-"])
    out = re.sub(r'\sxmlns="[^"]*"', "", out, count=1)
    root = ET.fromstring(out)
    pages = []
    for pi, page in enumerate(root.iter("page")):
        lines = []
        for li, line in enumerate(page.iter("line")):
            ws = []
            for w in line.iter("word"):
                o = Word()
                o.page = pi
                o.x0 = float(w.get("xMin"))
                o.y0 = float(w.get("yMin"))
                o.x1 = float(w.get("xMax"))
                o.y1 = float(w.get("yMax"))
                o.text = w.text or ""
                o.line = li
                ws.append(o)
            if ws:
                lines.append(ws)
        pages.append(lines)
    return pages


def visual_lines(page_lines, tol=2.0):
    """Words of a page regrouped by baseline (rows of a table are one
    visual line even when pdftotext made several blocks of them),
    top to bottom, each left to right."""
    words = sorted((w for ln in page_lines for w in ln),
                   key=lambda w: (w.y1, w.x0))
    rows = []
    for w in words:
        if rows and abs(rows[-1][0].y1 - w.y1) <= tol:
            rows[-1].append(w)
        else:
            rows.append([w])
    return [sorted(r, key=lambda w: w.x0) for r in rows]


def html_texts(pdf, first=None, last=None):
    """pdftohtml -xml text chunks: (page, top, left, width, bold, text,
    italic), coordinates in points (pdftohtml -zoom 1)."""
    cmd = ["pdftohtml", "-xml", "-i", "-stdout", "-zoom", "1"]
    if first:
        cmd += ["-f", str(first), "-l", str(last or first)]
    _, out, _ = run(cmd + [pdf])
    res = []
    page = 0
    for line in out.splitlines():
        m = re.match(r'<page number="(\d+)"', line)
        if m:
            page = int(m.group(1))
            continue
        m = re.match(r'<text top="([\d.-]+)" left="([\d.-]+)" '
                     r'width="([\d.-]+)" height="[\d.-]+" font="\d+">'
                     r'(.*)</text>', line)
        if m:
            inner = m.group(4)
            bold = "<b>" in inner
            italic = "<i>" in inner
            txt = re.sub(r"<[^>]+>", "", inner)
            txt = (txt.replace("&amp;", "&").replace("&lt;", "<")
                   .replace("&gt;", ">").replace("&quot;", '"')
                   .replace("&#39;", "'"))
            res.append((page, float(m.group(1)), float(m.group(2)),
                        float(m.group(3)), bold, txt, italic))
    return res


def dump(binary, yaml_path):
    """`baocao build --dump`: boxes as dicts (page is 1-based); a text
    box that draws an address also has link (its URI)."""
    rc, out, err = run([binary, "build", "--dump", yaml_path])
    boxes = []
    q = r'"((?:[^"\\]|\\.)*)"'
    for line in out.splitlines():
        m = re.match(r'(\d+) (text|rule|rect|image) ([-\d.]+) ([-\d.]+) '
                     r'([-\d.]+) ([-\d.]+) (\S+) ([-\d.]+) ' + q +
                     r'(?: link=' + q + r')?(?: expand=(-?\d+))?'
                     r'(?: rise=([-\d.]+))?$', line)
        if m:
            boxes.append(dict(page=int(m.group(1)), kind=m.group(2),
                              x=float(m.group(3)), y=float(m.group(4)),
                              w=float(m.group(5)), h=float(m.group(6)),
                              face=m.group(7), size=float(m.group(8)),
                              text=m.group(9).replace('\\"', '"')
                              .replace("\\\\", "\\")))
            if m.group(10) is not None:
                boxes[-1]["link"] = m.group(10)
            boxes[-1]["expand"] = int(m.group(11) or 0)
            boxes[-1]["rise"] = float(m.group(12) or 0)
    return boxes


def yaml_marks(path):
    """The composed YAML node tree (marks are 0-based in PyYAML)."""
    with open(path, encoding="utf-8-sig") as f:
        return yaml.compose(f)


def node_get(node, *keys):
    """Walk a composed node by mapping keys and list indexes."""
    for k in keys:
        if isinstance(k, int):
            node = node.value[k]
        else:
            for kn, vn in node.value:
                if kn.value == k:
                    node = vn
                    break
            else:
                return None
    return node


def pos(node):
    """1-based "line:col" of a composed node."""
    return f"{node.start_mark.line + 1}:{node.start_mark.column + 1}"


def read_pgm(path):
    """A binary PGM (pdftoppm -gray) as (width, height, bytes)."""
    with open(path, "rb") as f:
        data = f.read()
    parts = []
    i = 0
    while len(parts) < 4:
        while data[i:i + 1].isspace():
            i += 1
        if data[i:i + 1] == b"#":
            while data[i:i + 1] != b"\n":
                i += 1
            continue
        j = i
        while not data[j:j + 1].isspace():
            j += 1
        parts.append(data[i:j])
        i = j
    i += 1
    w, h = int(parts[1]), int(parts[2])
    return w, h, data[i:i + w * h]


def render_gray(pdf, page, dpi, outbase):
    run(["pdftoppm", "-r", str(dpi), "-gray", "-f", str(page), "-l",
         str(page), "-singlefile", pdf, outbase])
    return read_pgm(outbase + ".pgm")


def nfc(s):
    return unicodedata.normalize("NFC", s)


# ---------------------------------------------------------------- tables

class Cell:
    __slots__ = ("page", "x0", "x1", "y0", "y1", "words")

    @property
    def text(self):
        ws = sorted(self.words, key=lambda w: (round(w.y1), w.x0))
        return " ".join(w.text for w in ws)

    def __repr__(self):
        return (f"Cell(p{self.page} {self.x0:.1f}-{self.x1:.1f} x "
                f"{self.y0:.1f}-{self.y1:.1f} {self.text!r})")


def rules(boxes, page):
    """(vertical, horizontal) rules of a 1-based page from a dump:
    vertical (x, y0, y1), horizontal (y, x0, x1)."""
    v, h = [], []
    for b in boxes:
        if b["page"] != page or b["kind"] != "rule":
            continue
        if abs(b["w"]) < 0.01:
            y0, y1 = sorted((b["y"], b["y"] + b["h"]))
            v.append((b["x"], y0, y1))
        elif abs(b["h"]) < 0.01:
            x0, x1 = sorted((b["x"], b["x"] + b["w"]))
            h.append((b["y"], x0, x1))
    return v, h


def grid_cells(words, vrules, hrules):
    """Words of one page grouped into the ruled cells that hold them
    (tables); words outside any cell are left out. Cells top to bottom,
    left to right."""
    cells = {}
    for w in words:
        cx, cy = (w.x0 + w.x1) / 2, (w.y0 + w.y1) / 2
        ls = [x for x, a, b in vrules if x <= cx and a - 0.1 <= cy <= b + 0.1]
        rs = [x for x, a, b in vrules if x >= cx and a - 0.1 <= cy <= b + 0.1]
        ts = [y for y, a, b in hrules if y <= cy and a - 0.1 <= cx <= b + 0.1]
        bs = [y for y, a, b in hrules if y >= cy and a - 0.1 <= cx <= b + 0.1]
        if not (ls and rs and ts and bs):
            continue
        key = (max(ts), min(bs), max(ls), min(rs))
        c = cells.get(key)
        if c is None:
            c = cells[key] = Cell()
            c.page = w.page
            c.y0, c.y1, c.x0, c.x1 = key
            c.words = []
        c.words.append(w)
    return sorted(cells.values(), key=lambda c: (c.y0, c.x0))


def table_rows(cells):
    """Cells grouped into rows by their top edge."""
    rows = []
    for c in cells:
        if rows and abs(rows[-1][0].y0 - c.y0) < 0.5:
            rows[-1].append(c)
        else:
            rows.append([c])
    return rows


def fmt_vi(v):
    """A number as spec §2a prints it: 15.000, 1.234.567, 98,5."""
    if isinstance(v, float) and not v.is_integer():
        ip, fp = repr(v).split(".")
        return fmt_vi(int(ip)) + "," + fp
    v = int(v)
    s = f"{abs(v):,}".replace(",", ".")
    return ("-" if v < 0 else "") + s


class Row(list):
    """The texts of one table row, one per column ("" when empty or
    covered by a cell spanning from the left); page (0-based) and y0."""
    page = 0
    y0 = 0.0
    cells = ()


def full_rows(cells, vrules):
    """Rows of ruled cells with empty cells filled in: the columns of a
    row are the vertical rules crossing its middle."""
    out = []
    for r in table_rows(cells):
        mid = (r[0].y0 + min(c.y1 for c in r)) / 2
        xs = []
        for x, a, b in sorted(vrules):
            if a - 0.1 <= mid <= b + 0.1 and (not xs or x - xs[-1] > 0.5):
                xs.append(x)
        row = Row()
        row.page, row.y0, row.cells = r[0].page, r[0].y0, r
        for x0 in xs[:-1]:
            hit = [c.text for c in r if abs(c.x0 - x0) < 0.5]
            row.append(hit[0] if hit else "")
        out.append(row)
    return out
