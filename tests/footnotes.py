#!/usr/bin/python3
"""Footnotes (spec §2 v2, issue 16 point 2) measured on rendered PDFs.

usage: footnotes.py BAOCAO TMPDIR

Inputs: tests/structures/footnote-*.yaml. What each note should say and
the word its mark follows are read from the YAML itself (every `^[...]`
in paragraph, list, quote and cell text, in reading order, numbered 1,
2, 3 ...). From the PDF:

- words and lines from pdftotext -bbox-layout: the mark reads as a digit
  right after its word ("828/QĐ-TTg1"), the note as a line starting with
  its number ("1 Quyết định ..."), the mark and the start of its note on
  the same page, numbering in order through the pages, a note's whole
  text read back (a long one across the foot of two pages);
- the content stream (pikepdf): the short rule (a quarter of the text
  width at the left margin) on every page with notes and only there,
  between the last body line and the first note; the mark drawn smaller
  (0.6 of the text) on a raised baseline; the notes 11 pt; every note
  drawn after the page's body text (reading order);
- the notes below the last body line and above the bottom margin.
"""
import glob
import os
import re
import shutil
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pdfutil import MM, Tally, bbox_pages, build, npages, run  # noqa

import pikepdf  # noqa: E402
import yaml  # noqa: E402

A4_H = 841.89
TOP = 20 * MM
BOTTOM = A4_H - 20 * MM
LEFT = 30 * MM
WIDTH = (210 - 30 - 15) * MM
BODY = 13.0
FOOT = 11.0

t = Tally()
PDF = {}
SRC = {}


# ---- what the YAML says ----

def split_notes(s):
    """[(word before the mark, note text without markup)] of one text."""
    out = []
    i = 0
    while True:
        i = s.find("^[", i)
        if i < 0:
            return out
        depth, j = 0, i + 2
        while j < len(s):
            if s[j] == "[":
                depth += 1
            elif s[j] == "]":
                if depth == 0:
                    break
                depth -= 1
            j += 1
        before = s[:i].rstrip().split()
        note = s[i + 2:j].replace("**", "").replace("*", "")
        out.append((before[-1] if before else "", " ".join(note.split())))
        i = j + 1


def yaml_notes(path):
    with open(path, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    notes = []
    for blk in doc["body"]:
        if not isinstance(blk, dict):
            continue
        for kind in ("paragraph", "quote"):
            if kind in blk:
                notes += split_notes(str(blk[kind]))
        for item in blk.get("list", []) or []:
            notes += split_notes(str(item))
        if "table" in blk:
            for row in blk["table"]["rows"]:
                for cell in row:
                    notes += split_notes(str(cell))
    return notes


# ---- what the PDF holds ----

def content(pdf):
    """Per page: (rules, runs). rules: horizontal strokes (y from the
    top, x0, x1); runs: text shown, in stream order, as (size, x, y from
    the top, text, base font), the 2-byte codes being the characters
    (Identity-H with the code point as code, pdf.c)."""
    pages = []
    with pikepdf.open(pdf) as doc:
        for pg in doc.pages:
            rules, runs = [], []
            cur = None
            size, tm, font = 0.0, (0.0, 0.0), ""
            for operands, op in pikepdf.parse_content_stream(pg):
                op = str(op)
                if op == "m":
                    cur = tuple(float(x) for x in operands)
                elif op == "l" and cur is not None:
                    x, y = (float(v) for v in operands)
                    if abs(y - cur[1]) < 0.01 and abs(x - cur[0]) > 1:
                        rules.append((A4_H - y, min(x, cur[0]),
                                      max(x, cur[0])))
                elif op == "Tf":
                    size = float(operands[1])
                    font = str(pg.Resources.Font[str(operands[0])].BaseFont)
                elif op == "Tm":
                    tm = (float(operands[4]), A4_H - float(operands[5]))
                elif op == "TJ":
                    s = ""
                    for part in operands[0]:
                        if isinstance(part, pikepdf.String):
                            b = bytes(part)
                            s += "".join(chr(b[k] << 8 | b[k + 1])
                                         for k in range(0, len(b) - 1, 2))
                    runs.append((size, tm[0], tm[1], s, font))
            pages.append((rules, runs))
    return pages


def foot_rules(rules):
    """The short footnote rules of a page: at the left margin, a quarter
    of the text width long."""
    return [r for r in rules if abs(r[1] - LEFT) < 0.5 and
            abs((r[2] - r[1]) - WIDTH / 4) < 1.0]


def page_lines(pdf):
    """Per page: [(y0, y1, text of the line)] from pdftotext's lines."""
    out = []
    for lines in bbox_pages(pdf):
        out.append([(min(w.y0 for w in ws), max(w.y1 for w in ws),
                     " ".join(w.text for w in ws)) for ws in lines])
    return out


# ---- the checks ----

def note_starts(notes, lines, rules):
    """{number: (page, line index)}: where each note's first line is,
    found under the page's rule as "N first words"."""
    where = {}
    for n, (_, text) in enumerate(notes, 1):
        head = f"{n} " + " ".join(text.split()[:3])
        for p, ls in enumerate(lines):
            r = foot_rules(rules[p][0])
            if not r:
                continue
            for k, (y0, _, s) in enumerate(ls):
                if y0 > r[0][0] and s.startswith(head):
                    where.setdefault(n, (p, k))
    return where


def mark_pages(notes, pdf, rules):
    """{number: page} of each mark: in page order, the first body word
    that ends with the word before the `^[` and is followed, touching it
    (no space), by the mark's number, in a smaller raised box."""
    found, used = {}, set()
    pages = bbox_pages(pdf)
    for n, (word, _) in enumerate(notes, 1):
        for p, ls in enumerate(pages):
            r = foot_rules(rules[p][0])
            lim = r[0][0] if r else BOTTOM + 1
            for ws in ls:
                for a, b in zip(ws, ws[1:]):
                    if a.y0 < lim and (p, id(b)) not in used and \
                            a.text.endswith(word) and b.text == str(n) \
                            and abs(b.x0 - a.x1) < 0.5 and b.y1 < a.y1 - 2 \
                            and b.y1 - b.y0 < 0.8 * (a.y1 - a.y0):
                        used.add((p, id(b)))
                        found[n] = p
                        break
                if n in found:
                    break
            if n in found:
                break
    return found


def foot_text(lines, rules, start, n_pages):
    """The text of the foot lines from `start` (page, line) on, across
    pages, up to the next line that starts another note."""
    p, k = start
    words = []
    while p < n_pages:
        r = foot_rules(rules[p][0])
        ls = [x for x in lines[p] if r and x[0] > r[0][0]]
        idx = [i for i, x in enumerate(lines[p]) if r and x[0] > r[0][0]]
        first = idx.index(k) if k in idx else 0
        for j, (_, _, s) in enumerate(ls[first:]):
            if (j > 0 or p != start[0]) and re.match(r"\d+ ", s) and \
                    (j > 0 or words):
                return " ".join(words)
            words.append(s)
        p += 1
        k = -1
    return " ".join(words)


def check_geometry(name, lines, rules):
    """Rules, notes below the body, above the margin, reading order."""
    for p, (rl, runs) in enumerate(rules):
        fr = foot_rules(rl)
        notes = [r for r in runs if abs(r[0] - FOOT) < 0.01]
        if not notes:
            t.check(not fr, f"{name} p{p + 1}: no footnote rule without "
                    "notes", fr)
            continue
        t.check(len(fr) == 1, f"{name} p{p + 1}: one short rule (1/4 of "
                "the text width, at the left margin) above the notes", rl)
        if not fr:
            continue
        ry = fr[0][0]
        body = [x for x in lines[p] if x[0] < ry and x[1] > TOP]
        foot = [x for x in lines[p] if x[0] > ry]
        t.check(body == [] or max(b[1] for b in body) < ry - 2,
                f"{name} p{p + 1}: the rule below the last body line",
                (ry, body[-1:] if body else None))
        t.check(foot and max(f[1] for f in foot) <= BOTTOM + 1,
                f"{name} p{p + 1}: the notes above the bottom margin",
                foot[-1:] if foot else None)
        t.check(all(r[2] > ry for r in notes), f"{name} p{p + 1}: every "
                "11 pt run is under the rule")
        first = runs.index(notes[0])
        later = [r for r in runs[first:] if abs(r[0] - FOOT) > 0.01 and
                 r[2] > TOP]
        t.check(not later, f"{name} p{p + 1}: the notes come after the "
                "page's body text in the content stream", later[:2])


def check_marks(name, notes, rules):
    """Each mark drawn at 0.6 of the text size on a raised baseline,
    right after the run of its word, with its own number."""
    marks = []
    for p, (_, runs) in enumerate(rules):
        for i, r in enumerate(runs):
            if r[0] < 10 and r[3].strip().isdigit() and i > 0:
                marks.append((p, r, runs[i - 1]))
    nums = [int(m[1][3]) for m in marks]
    t.check(nums == list(range(1, len(notes) + 1)), f"{name}: the marks "
            "are drawn numbered 1, 2, 3 ... in reading order", nums)
    bad = []
    for p, r, prev in marks:
        size = prev[0]
        if abs(r[0] - 0.6 * size) > 0.05 or \
                not 0.25 * size < prev[2] - r[2] < 0.45 * size or \
                r[1] < prev[1]:
            bad.append((p + 1, r, prev))
    t.check(not bad, f"{name}: every mark is smaller (0.6) and raised "
            "(0.35 of the size) right after its word", bad[:2])


def check_markup(name, notes, rules):
    """**bold** and *italic* inside a note are drawn in the bold and
    italic faces, at the notes' size."""
    want = []
    with open(SRC[name], encoding="utf-8") as f:
        src = f.read()
    for m in re.finditer(r"\^\[[^\]]*?(\*\*?)([^*\]]+)\1", src):
        want.append((" ".join(m.group(2).split()),
                     "Bold" if m.group(1) == "**" else "Italic"))
    runs = [r for _, rs in rules for r in rs if abs(r[0] - FOOT) < 0.01]
    miss = [w for w in want
            if not all(any(word in r[3].split() and w[1] in r[4]
                           for r in runs) for word in w[0].split())]
    if want:
        t.check(not miss, f"{name}: bold and italic inside notes are "
                "drawn bold and italic at 11 pt", miss)


def check_report(path, tmp):
    name = os.path.basename(path)
    notes = yaml_notes(path)
    rc, pdf, err = build(BIN, path, tmp)
    t.check(rc == 0 and pdf, f"{name}: builds", err)
    if not pdf:
        return None
    PDF[path] = pdf
    lines = page_lines(pdf)
    rules = content(pdf)
    n_pages = npages(pdf)
    starts = note_starts(notes, lines, rules)
    marks = mark_pages(notes, pdf, rules)
    text = " ".join(run(["pdftotext", pdf, "-"])[1].split())
    glued = [n for n, (w, _) in enumerate(notes, 1)
             if not re.search(re.escape(w + str(n)) + r"(\D|$)", text)]
    t.check(not glued, f"{name}: pdftotext reads each mark as its number "
            "right after its word", glued)
    missing = [n for n in range(1, len(notes) + 1)
               if n not in starts or n not in marks]
    t.check(not missing, f"{name}: all {len(notes)} marks read as their "
            "word with the number right after it, each note as a line "
            "starting with its number", missing)
    apart = [(n, marks[n] + 1, starts[n][0] + 1) for n in starts
             if n in marks and marks[n] != starts[n][0]]
    t.check(not apart, f"{name}: each mark and the start of its note "
            "on the same page", apart)
    order = [starts[n] for n in sorted(starts)]
    t.check(order == sorted(order), f"{name}: notes numbered in order "
            "through the pages")
    wrong = []
    for n in sorted(starts):
        got = " ".join(foot_text(lines, rules, starts[n], n_pages).split())
        want = f"{n} {notes[n - 1][1]}"
        if got != want:
            wrong.append((n, got[:80], want[:80]))
    t.check(not wrong, f"{name}: every note reads back whole "
            "(pdftotext), markup gone", wrong[:2])
    check_geometry(name, lines, rules)
    check_marks(name, notes, rules)
    SRC[name] = path
    check_markup(name, notes, rules)
    return notes, starts, marks, lines, rules, n_pages


def check_pages(res):
    """footnote-pages.yaml: numbering onto later pages, a list, a quote
    and table cells, and a note longer than a page continuing."""
    notes, starts, marks, lines, rules, n_pages = res
    pages = sorted({p for p, _ in starts.values()})
    t.check(len(pages) >= 3, "pages: notes at the foot of several pages "
            "(numbering goes on across pages)", pages)
    kinds = {"list": "Phòng Tổng hợp", "quote": "kết nối",
             "table cell": "có ký số"}
    for what, word in kinds.items():
        ns = [n for n, (w, _) in enumerate(notes, 1)
              if w == word.split()[-1]]
        t.check(ns and all(n in starts and marks.get(n) == starts[n][0]
                           for n in ns),
                f"pages: a footnote in a {what} on its mark's page", ns)
    long_n = max(range(1, len(notes) + 1), key=lambda n: len(notes[n - 1][1]))
    p0 = starts.get(long_n, (None,))[0]
    nxt = p0 + 1 if p0 is not None else None
    ok = nxt is not None and nxt < n_pages
    if ok:
        r = foot_rules(rules[nxt][0])
        foot = [x for x in lines[nxt] if r and x[0] > r[0][0]]
        ok = bool(r) and foot and not re.match(r"\d+ ", foot[0][2])
    t.check(ok, f"pages: the note longer than a page (note {long_n}) "
            "goes on at the foot of the next page, under its own rule")


def body_lines(lines, rules, p):
    """Page p's body lines (x0, text): below the top margin, above the
    footnote rule."""
    r = foot_rules(rules[p][0])
    lim = r[0][0] if r else BOTTOM + 1
    return [(x0, s) for (y0, y1, s, x0) in lines[p] if y0 > TOP and y0 < lim]


def check_rules_kept(path, res):
    """With notes at the feet of pages, the rules of spec §4 still hold:
    a paragraph leaves at least two lines on each page, a heading is
    never the last line of a page, a continued table repeats its header
    at the top of the next page."""
    notes, starts, marks, _, rules, n_pages = res
    with open(path, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    heads = [b["heading"] for b in doc["body"]
             if isinstance(b, dict) and isinstance(b.get("heading"), str)]
    lines = [[(min(w.y0 for w in ws), max(w.y1 for w in ws),
               " ".join(w.text for w in ws), ws[0].x0) for ws in ls]
             for ls in bbox_pages(PDF[path])]
    indent = LEFT + 10 * MM

    def kind(x0, s):
        if s in heads:
            return "heading"
        if abs(x0 - indent) < 1 and not s.startswith("- "):
            return "first"
        if abs(x0 - LEFT) < 1:
            return "cont"
        return "other"

    bad_o, bad_w, bad_h, bad_t = [], [], [], []
    for p in range(n_pages - 1):
        a, b = body_lines(lines, rules, p), body_lines(lines, rules, p + 1)
        if not a or not b:
            continue
        ka, kb = [kind(*x) for x in a], [kind(*x) for x in b]
        if ka[-1] == "first" and kb[0] == "cont":
            bad_o.append(p + 1)
        if kb[0] == "cont" and (len(kb) < 2 or kb[1] != "cont") and \
                ka[-1] in ("first", "cont"):
            bad_w.append(p + 2)
        if ka[-1] == "heading":
            bad_h.append(p + 1)
        if a[-1][1].startswith("Văn bản loại") and \
                b[0][1].startswith("Văn bản loại"):
            bad_t.append(p + 2)
        if b[0][1].startswith("Văn bản loại") and \
                not (len(b) > 1 and "Nội dung" in b[0][1]):
            bad_t.append(p + 2)
    name = os.path.basename(path)
    t.check(not bad_o, f"{name}: no paragraph leaves its first line "
            "alone at a page's foot (orphan)", bad_o)
    t.check(not bad_w, f"{name}: no paragraph leaves its last line alone "
            "at a page's top (widow)", bad_w)
    t.check(not bad_h, f"{name}: no heading is a page's last line", bad_h)
    t.check(not bad_t, f"{name}: a table continued on a new page repeats "
            "its header there", bad_t)


def check_limit(tmp):
    """1,001 footnotes: an error at the 1,001st, no PDF."""
    path = os.path.join(tmp, "footnote-limit.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write("title: BÁO CÁO\nbody:\n")
        for i in range(1001):
            f.write(f"  - paragraph: Đoạn {i + 1}^[Ghi chú {i + 1}.]\n")
    rc, pdf, err = build(BIN, path, os.path.join(tmp, "limit"))
    t.check(rc == 1 and pdf is None and
            re.search(r"footnote-limit\.yaml:1003:25: error: this is "
                      r"footnote 1001; a report may have at most 1000 "
                      r"footnotes", err),
            "over 1,000 footnotes: a located error, no PDF", err[:300])


def main():
    global BIN
    BIN, tmp = sys.argv[1], sys.argv[2]
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    for path in sorted(glob.glob("tests/structures/footnote-*.yaml")):
        res = check_report(path, tmp)
        if res and "pages" in path:
            check_pages(res)
            check_rules_kept(path, res)
    check_limit(tmp)
    t.close()


main()
