"""tests/shape.py BIN TMPDIR - kerning measured and drawn (issue 15.1).

Two reports, one in Liberation Serif (the default) and one in Noto Serif,
with words that kern (AV, Văn, Tổ, ơn, VĂN PHÒNG, Ty, Yo, ...) in the
regular, bold and italic faces:

- layout measures shaped widths: every word's width in `build --dump`
  equals hb-shape's advance of the word on the same font file at the
  same size within 0.01 pt (spaces are not in words);
- the PDF draws them where layout put them: each word of
  `pdftotext -bbox-layout` starts at the dump's x and ends at x + width
  within 0.04 pt (the /W widths are truncated to 1/1000 em; shape.c
  lets a glyph drift by 1/1000 em before a TJ adjustment), which an
  unkerned word misses by a kern (0.3 pt and more at 13 pt);
- the PDF's TJ arrays carry kerning numbers inside words;
- the text reads back as written (pdftotext), and the report's spaces
  kern against their neighbours (a line's words are not all one space
  apart: "A Y" is narrower than "A" + " " + "Y").
"""
import json
import os
import re
import struct
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pdfutil import Tally, bbox_pages, build, collapse, run  # noqa: E402

WORDS = ("AV To Ta Wa Ty Yo Văn Tổ ơn Tư Yên Võ Vũ Về Với Tỉnh Tổng "
         "Tuyên Trường Được LV AT AY Trung VĂN PHÒNG UBND TỔNG "
         "KẾT Vượt Vĩnh Tây Kỳ Yêu")
FACES = {0: "", 1: ":bold", 2: ":italic", 3: ":bold:italic"}


def report(font):
    style = f"style:\n  font: {font}\n" if font else ""
    return (f"title: KIỂM TRA\n{style}body:\n"
            f"  - paragraph: >\n      {WORDS}\n"
            f"  - paragraph: >\n      **{WORDS}**\n"
            f"  - paragraph: >\n      *{WORDS}*\n")


def upem(path):
    data = open(path, "rb").read()
    n = struct.unpack(">H", data[4:6])[0]
    for i in range(n):
        tag, _, off, _ = struct.unpack(">4sIII", data[12 + 16 * i:28 + 16 * i])
        if tag == b"head":
            return struct.unpack(">H", data[off + 18:off + 20])[0]
    raise SystemExit(f"{path}: no head table")


def hb_width(path, text, size, cache={}):
    key = (path, text)
    if key not in cache:
        _, out, _ = run(["hb-shape", "--no-glyph-names", "-O", "json",
                         path, "--", text])
        cache[key] = sum(g["ax"] for g in json.loads(out)) / upem(path)
    return cache[key] * size


def dump_boxes(binary, yaml_path):
    _, out, _ = run([binary, "build", "--dump", yaml_path])
    boxes = []
    for line in out.splitlines():
        m = re.match(r'(\d+) text (\S+) (\S+) (\S+) \S+ (\d+) (\S+) "(.*)"'
                     r'(?: expand=(-?\d+))?$', line)
        if m:
            # a justified line's glyphs may be expanded (font expansion,
            # in 1/10000, box.h): the width is hb-shape's times that scale
            boxes.append((int(m[1]) - 1, float(m[2]), float(m[3]),
                          float(m[4]), int(m[5]), float(m[6]), m[7],
                          1 + int(m[8] or 0) / 10000))
    return boxes


def tj_numbers(pdf):
    """Kerning numbers between two strings of one TJ array, the first
    not ending in a space (those place the next word)."""
    import pikepdf
    n = 0
    with pikepdf.open(pdf) as doc:
        for page in doc.pages:
            s = b"".join(c.read_bytes() for c in (
                page.Contents if isinstance(page.Contents, pikepdf.Array)
                else [page.Contents]))
            for arr in re.findall(rb"\[(.*?)\]\s*TJ", s, re.S):
                n += len(re.findall(rb"(?<!\x00 )(?<!<0020)[)>]\s*-?\d+"
                                    rb"\s*[(<]", arr))
    return n


def check_font(t, binary, tmp, family):
    name = (family or "liberation").replace(" ", "-").lower()
    y = os.path.join(tmp, f"kern-{name}.yaml")
    with open(y, "w", encoding="utf-8") as f:
        f.write(report(family))
    rc, pdf, err = build(binary, y, tmp)
    if not t.check(rc == 0 and pdf, f"{name}: builds", err):
        return
    fam = family or "Liberation Serif"
    files = {k: subprocess.run(["fc-match", "-f", "%{file}", fam + v],
                               capture_output=True, text=True).stdout
             for k, v in FACES.items()}
    boxes = [b for b in dump_boxes(binary, y) if b[4] in files]
    body = [b for b in boxes if b[6] in WORDS.split()]
    bad = [f"{b[6]!r} face {b[4]}: {b[3]:.2f} pt, hb-shape "
           f"{hb_width(files[b[4]], b[6], b[5]):.4f} x {b[7]}" for b in body
           if abs(hb_width(files[b[4]], b[6], b[5]) * b[7] - b[3]) > 0.01]
    t.check(len(body) >= 3 * len(WORDS.split()) and not bad,
            f"{name}: {len(body)} words as wide as hb-shape says "
            "(0.01 pt; the dump rounds to 0.01: 0.005 + 0.005)", bad)
    kerned = sum(1 for b in body if abs(
        sum(hb_width(files[b[4]], c, b[5]) for c in b[6]) * b[7] - b[3]) > 0.2)
    t.check(kerned >= len(body) // 4, f"{name}: {kerned} of {len(body)} "
            "words narrower or wider than their letters apart (kerned)")
    words = [w for page in bbox_pages(pdf) for line in page for w in line]
    pos = {}
    for w in words:
        pos.setdefault((w.page, w.text), []).append(w)
    far = []
    seen = 0
    for b in boxes:
        cand = pos.get((b[0], b[6]), [])
        if not cand:
            continue
        seen += 1
        w = min(cand, key=lambda w: abs(w.x0 - b[1]) + abs(w.y1 - b[2]))
        if abs(w.x0 - b[1]) > 0.04 or abs(w.x1 - (b[1] + b[3])) > 0.04:
            far.append(f"{b[6]!r}: pdftotext {w.x0:.2f}..{w.x1:.2f}, "
                       f"dump {b[1]:.2f}..{b[1] + b[3]:.2f}")
    t.check(seen >= len(body) and not far, f"{name}: {seen} words drawn "
            "where layout put them (pdftotext -bbox within 0.04 pt of the "
            "dump)", far)
    t.check(tj_numbers(pdf) >= len(body) // 3,
            f"{name}: TJ arrays carry kerning inside words "
            f"({tj_numbers(pdf)} numbers between strings)")
    _, text, _ = run(["pdftotext", pdf, "-"])
    t.check(collapse(text).count(WORDS) == 3,
            f"{name}: the words read back as written, three times",
            collapse(text)[:300])


def main():
    binary, tmp = sys.argv[1], sys.argv[2]
    os.makedirs(tmp, exist_ok=True)
    t = Tally()
    for family in ("", "Noto Serif"):
        check_font(t, binary, tmp, family)
    t.close()


if __name__ == "__main__":
    main()
