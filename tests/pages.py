"""Landscape pages and appendices (issue 16 points 3 and 4; spec §2
"Landscape" and "Appendices") checked on rendered PDFs.

usage: pages.py BAOCAO TMPDIR

Inputs are in tests/structures/ (landscape-*.yaml, appendix-*.yaml).
Page sizes and rotation come from `pdfinfo -f N -l N`, words and their
boxes from pdftotext -bbox-layout, bold/italic from pdftohtml, the
outline and the boxes from pikepdf, the checks of the file from qpdf.
"""
import os
import re
import sys

import pikepdf

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pdfutil import (MM, Tally, bbox_pages, build, collapse,  # noqa: E402
                     html_texts, npages, page_text, run)

SRC = "tests/structures"
A4 = (595.28, 841.89)
LAND = (841.89, 595.28)
MARGIN = {"top": 20 * MM, "bottom": 20 * MM, "left": 30 * MM,
          "right": 15 * MM}
REF = ("(Kèm theo Báo cáo số 125/BC-VP ngày 28 tháng 8 năm 2025 của "
       "Văn phòng UBND tỉnh Lạng Sơn)")
t = Tally()


def page_size(pdf, n):
    """(width, height, rotation) of page n (1-based) as pdfinfo says."""
    _, out, _ = run(["pdfinfo", "-f", str(n), "-l", str(n), pdf])
    m = re.search(r"Page\s+%d size:\s+([\d.]+) x ([\d.]+)" % n, out)
    r = re.search(r"Page\s+%d rot:\s+(\d+)" % n, out)
    if not m or not r:
        return None
    return float(m.group(1)), float(m.group(2)), int(r.group(1))


def sizes(pdf):
    return [page_size(pdf, n) for n in range(1, npages(pdf) + 1)]


def is_size(s, want):
    return s is not None and abs(s[0] - want[0]) < 0.01 and \
        abs(s[1] - want[1]) < 0.01 and s[2] == 0


def words(pages, p):
    return [w for ln in pages[p] for w in ln]


def page_number(pages, p, size):
    """The digits standing alone in the top margin of page p (0-based),
    as (text, centre x), or None."""
    for w in words(pages, p):
        if w.y1 < MARGIN["top"] and w.text.isdigit():
            return w.text, (w.x0 + w.x1) / 2
    return None


def built(name):
    rc, pdf, err = build(BIN, f"{SRC}/{name}", OUT)
    ok = t.check(rc == 0 and pdf and not err, f"{name} builds cleanly",
                 err)
    return pdf if ok else None


# ---------------------------------------------------------------- landscape

def check_landscape():
    pdf = built("landscape-table.yaml")
    if not pdf:
        return
    sz = sizes(pdf)
    t.check(len(sz) >= 4, "landscape-table: the table needs several pages",
            sz)
    t.check(is_size(sz[0], A4), "page 1 is A4 portrait 595.28 x 841.89, "
            "rot 0", sz[0])
    land = [i for i, s in enumerate(sz) if is_size(s, LAND)]
    t.check(land == list(range(1, len(sz) - 1)),
            "the landscape block's pages are 841.89 x 595.28 (a MediaBox "
            "wider than tall), rot 0, and only those", sz)
    t.check(is_size(sz[-1], A4), "the page after the landscape block is "
            "portrait again", sz[-1])
    pages = bbox_pages(pdf)
    text = [collapse(" ".join(w.text for w in words(pages, p)
                              if w.y0 > MARGIN["top"]))
            for p in range(len(pages))]
    t.check(text[1].startswith("I. BẢNG BIÊN CHẾ Bảng dưới đây in trên "
                               "trang khổ ngang"),
            "the landscape block starts a new page, and the heading "
            "before it goes with it (never the last line of a page)",
            text[1][:80])
    t.check(text[0].endswith("Trang đầu của báo cáo, khổ dọc."),
            "page 1 ends with the paragraph before the heading", text[0])
    t.check("Trang sau bảng trở lại khổ dọc" in text[-1] and
            "Trang sau" not in " ".join(text[:-1]),
            "what follows starts on a new portrait page")
    for p in land:
        W, H = LAND
        ws = words(pages, p)
        # the header row ("Công chức", "Người lao động") on every page
        # the table is on, above its first row
        hdr = [w for w in ws if w.text == "chức"]
        t.check(hdr and any(w.text == "động" for w in ws),
                f"landscape page {p + 1}: the table's header is repeated")
        first = min((w.y0 for w in ws if w.text == "số"), default=None)
        t.check(hdr and first is not None and hdr[0].y1 < first,
                f"landscape page {p + 1}: the header is above the rows")
        body = [w for w in ws if not (w.y1 < MARGIN["top"] and
                                      w.text.isdigit())]
        out = [w for w in body if w.x0 < MARGIN["left"] - 0.5 or
               w.x1 > W - MARGIN["right"] + 1.5 or
               w.y0 < MARGIN["top"] - 0.5 or
               w.y1 > H - MARGIN["bottom"] + 0.5]
        t.check(not out, f"landscape page {p + 1}: everything inside the "
                "margins as the reader sees the page (top 20, bottom 20, "
                "left 30, right 15 mm)", out[:3])
        wide = max((w.x1 for w in body), default=0)
        t.check(wide > A4[0], f"landscape page {p + 1}: the text uses the "
                "landscape width (right of 595 pt)", wide)
        num = page_number(pages, p, LAND)
        centre = MARGIN["left"] + (W - MARGIN["left"] - MARGIN["right"]) / 2
        t.check(num is not None and num[0] == str(p + 1) and
                abs(num[1] - centre) < 1.0,
                f"landscape page {p + 1}: its number {p + 1} centred in "
                "the top margin of the landscape page", num)
    t.check(qpdf_ok(pdf), "landscape-table: qpdf --check is clean")
    t.check(trim_ok(pdf), "landscape-table: every page's TrimBox is its "
            "own MediaBox")


# ---------------------------------------------------------------- appendices

def qpdf_ok(pdf):
    rc, out, err = run(["qpdf", "--check", pdf])
    return rc == 0 and "WARNING" not in out + err


def trim_ok(pdf):
    with pikepdf.open(pdf) as p:
        return all([float(x) for x in pg.obj.TrimBox] ==
                   [float(x) for x in pg.obj.MediaBox] for pg in p.pages)


def outline(pdf):
    """[(title, 1-based page)] of the top-level and nested bookmarks."""
    res = []
    with pikepdf.open(pdf) as p:
        index = {pg.objgen: i + 1 for i, pg in enumerate(p.pages)}
        with p.open_outline() as ol:
            stack = list(ol.root)
            while stack:
                it = stack.pop(0)
                dest = it.destination
                page = None
                if isinstance(dest, pikepdf.Array) and len(dest) > 0:
                    page = index.get(dest[0].objgen)
                res.append((str(it.title), page))
                stack = list(it.children) + stack
    return res


def outline_children(pdf, title):
    """The titles of the bookmarks directly under the one titled so."""
    with pikepdf.open(pdf) as p:
        with p.open_outline() as ol:
            stack = list(ol.root)
            while stack:
                it = stack.pop(0)
                if str(it.title) == title:
                    return [str(c.title) for c in it.children]
                stack = list(it.children) + stack
    return None


def first_lines(pages, p, n):
    """The first n visual lines of page p (0-based) below the top
    margin, as text."""
    lines = {}
    for w in words(pages, p):
        if w.y1 < MARGIN["top"]:
            continue
        key = round(w.y0)
        lines.setdefault(key, []).append(w)
    out = []
    for k in sorted(lines)[:n]:
        out.append(" ".join(w.text for w in sorted(lines[k],
                                                   key=lambda w: w.x0)))
    return out


def check_two():
    pdf = built("appendix-two.yaml")
    if not pdf:
        return
    pages = bbox_pages(pdf)
    sz = sizes(pdf)
    starts = {}
    for p in range(len(pages)):
        top = first_lines(pages, p, 1)
        if top and top[0] in ("Phụ lục I", "Phụ lục II"):
            starts[top[0]] = p
    t.check(set(starts) == {"Phụ lục I", "Phụ lục II"}, "each appendix "
            "starts a new page with \"Phụ lục I\" / \"Phụ lục II\" as its "
            "first line", starts)
    if len(starts) != 2:
        return
    a1, a2 = starts["Phụ lục I"], starts["Phụ lục II"]
    sig = [p for p in range(len(pages))
           if any(w.text == "Hùng" for w in words(pages, p))]
    t.check(sig and sig[-1] < a1, "the signature comes before the "
            "appendices", (sig, a1))
    t.check(all(is_size(s, A4) for s in sz[:a2]), "the main text and "
            "Phụ lục I (portrait) are on A4 portrait pages", sz[:a2])
    t.check(all(is_size(s, LAND) for s in sz[a2:]), "Phụ lục II "
            "(orientation: landscape) is on landscape pages 841.89 x "
            "595.28, rot 0", sz[a2:])
    t.check(a2 - a1 >= 3 and len(sz) - a2 >= 2, "each appendix has "
            "several pages (numbering is tested past its first)",
            (a1, a2, len(sz)))
    head = first_lines(pages, a1, 5)
    t.check(head[1:2] == ["KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2024"],
            "the title follows in capitals", head)
    ref = collapse(" ".join(head[2:4]))
    t.check(ref.startswith(REF), "the Kèm theo line is built from the "
            "header: " + REF, ref)
    head2 = collapse(" ".join(first_lines(pages, a2, 4)))
    t.check(REF in head2 and "DANH SÁCH CÁN BỘ ĐƯỢC KHEN THƯỞNG" in head2,
            "Phụ lục II has its title and the same Kèm theo line", head2)
    check_styles(pdf, a1)
    # page numbers: main text from its page 2, each appendix from 2 again
    want = []
    for p in range(len(sz)):
        sect = 0 if p < a1 else a1 if p < a2 else a2
        want.append(None if p == sect else str(p - sect + 1))
    got = [page_number(pages, p, None) for p in range(len(sz))]
    t.check([g and g[0] for g in got] == want, "page numbers: none on the "
            "first page of the report and of each appendix, then 2, 3 ... "
            "restarting in each appendix", ([g and g[0] for g in got],
                                            want))
    for p in range(a2 + 1, len(sz)):
        W = LAND[0]
        centre = MARGIN["left"] + (W - MARGIN["left"] - MARGIN["right"]) / 2
        t.check(got[p] and abs(got[p][1] - centre) < 1.0,
                f"page {p + 1} (landscape appendix): its number centred in "
                "its top margin", got[p])
    ol = outline(pdf)
    t.check(("Phụ lục I: Kết quả thực hiện nhiệm vụ năm 2024", a1 + 1) in ol
            and ("Phụ lục II: Danh sách cán bộ được khen thưởng", a2 + 1)
            in ol, "the outline has an entry for each appendix, pointing "
            "at its first page", ol)
    nested = outline_children(pdf, "Phụ lục I: Kết quả thực hiện nhiệm vụ "
                              "năm 2024")
    t.check(nested == ["1. Công tác tham mưu"], "the appendix's heading "
            "is nested under its entry in the outline", nested)
    toc = collapse(page_text(pdf, 1))
    t.check("Phụ lục I: Kết quả thực hiện nhiệm vụ năm 2024" in toc and
            "Phụ lục II: Danh sách cán bộ được khen thưởng" in toc,
            "the TOC lists both appendices", toc[:300])
    m = re.search(r"1\. Công tác tham mưu \.+ (\d+)", toc)
    t.check(m and m.group(1) == "1", "a heading on an appendix's first "
            "page is on its page 1 in the TOC (numbers restart)", toc)
    t.check(qpdf_ok(pdf), "appendix-two: qpdf --check is clean")
    t.check(trim_ok(pdf), "appendix-two: every page's TrimBox is its own "
            "MediaBox, portrait and landscape")


def check_styles(pdf, a1):
    """Phụ lục I bold, the title bold, the Kèm theo line italic; the
    opening lines 14 pt (pdftotext boxes 14 x 1.107 pt high)."""
    chunks = [c for c in html_texts(pdf, a1 + 1) if c[1] < 200]
    lab = [c for c in chunks if c[5].startswith("Phụ lục")]
    tit = [c for c in chunks if "KẾT QUẢ THỰC HIỆN" in c[5]]
    ref = [c for c in chunks if "Kèm theo" in c[5]]
    t.check(lab and lab[0][4] and tit and tit[0][4], "\"Phụ lục I\" and "
            "the title are bold", chunks[:3])
    t.check(ref and ref[0][6] and not ref[0][4], "the Kèm theo line is "
            "italic", ref)
    pages = bbox_pages(pdf)
    ws = [w for w in words(pages, a1) if w.text in ("Phụ", "KẾT", "(Kèm")]
    hs = [round(w.y1 - w.y0, 1) for w in ws]
    t.check(len(hs) == 3 and all(abs(h - 14 * 1.107) < 0.6 for h in hs),
            "the three opening lines are 14 pt", hs)
    centre = MARGIN["left"] + (A4[0] - MARGIN["left"] - MARGIN["right"]) / 2
    lines = {}
    for w in words(pages, a1):
        if w.y1 > MARGIN["top"] and w.y0 < MARGIN["top"] + 80:
            lines.setdefault(round(w.y0), []).append(w)
    off = [abs((min(w.x0 for w in v) + max(w.x1 for w in v)) / 2 - centre)
           for v in lines.values()]
    t.check(off and max(off) < 2.0, "the opening lines are centred", off)


def check_noheader():
    pdf = built("appendix-noheader.yaml")
    if not pdf:
        return
    pages = bbox_pages(pdf)
    t.check(len(pages) == 2, "one appendix on its own page", len(pages))
    head = first_lines(pages, len(pages) - 1, 3)
    t.check(head[:2] == ["Phụ lục", "DANH MỤC VĂN BẢN"], "a single "
            "appendix is \"Phụ lục\" without a numeral, then its title",
            head)
    txt = collapse(" ".join(page_text(pdf, n) for n in (1, 2)))
    t.check("Kèm theo" not in txt, "without a header the Kèm theo line is "
            "left out", txt)
    t.check(page_number(pages, 1, None) is None, "no number on the "
            "appendix's first page")
    ol = outline(pdf)
    t.check(ol == [("Phụ lục: Danh mục văn bản", 2)], "the outline entry "
            "reads \"Phụ lục: Danh mục văn bản\"", ol)


def check_party():
    """A Party office's header: the type word from another title, the
    unit word "Tỉnh ủy" kept capitalised, a date with leading zeros."""
    pdf = built("appendix-party.yaml")
    if not pdf:
        return
    want = ("(Kèm theo Kế hoạch số 125-KH/VPTU ngày 05 tháng 01 năm 2025 "
            "của Văn phòng Tỉnh ủy Lạng Sơn)")
    txt = collapse(page_text(pdf, npages(pdf)))
    t.check(want in txt, "party header: " + want, txt[:300])


def main():
    global BIN, OUT
    BIN, OUT = sys.argv[1], sys.argv[2]
    os.makedirs(OUT, exist_ok=True)
    check_landscape()
    check_two()
    check_noheader()
    check_party()
    t.close()


if __name__ == "__main__":
    main()
