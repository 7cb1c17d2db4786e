#!/usr/bin/python3
"""tests/links.py BIN TMPDIR - links (spec §5 "Print"; issue 14 point 6):
web addresses, www. names and e-mail addresses written anywhere in a
report become link annotations over exactly the words that draw them
(pdftotext -bbox-layout), with the whole address as an ASCII /URI, /F 4
and /Border [0 0 0]; sentence punctuation stays outside; an address
broken over lines gets one annotation per line; a report without an
address has no /Annots; the text drawn is unchanged. Called by
tests/links.sh."""
import os
import shutil
import sys

import pikepdf

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pdfutil import Tally, bbox_pages, dump, run  # noqa: E402

BIN = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/baocao")
T = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else "tests/tmp-links")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
t = Tally()

LONG = "https://laichau.gov.vn/portal/thu-tuc-hanh-chinh-cap-tinh-lai-chau"
REPORT = """title: LIÊN KẾT
meta: {date: 2025-08-28}
header:
  kind: state
  parent_agency: UBND TỈNH LAI CHÂU
  agency: VĂN PHÒNG
  number: 86/BC-VP
  place: Lai Châu
  date: 2025-08-25
body:
  - paragraph: "Email: vanphong@laichau.gov.vn; điện thoại 0213.3876.543, 15.000 lượt: không phải liên kết."
  - paragraph: Tin bài được đăng tại https://laichau.gov.vn/tin-tuc.
  - list:
      - "Cổng thông tin điện tử: www.laichau.gov.vn"
      - "Hộp thư công vụ mailto:vanthu@laichau.gov.vn"
  - paragraph: "Bài viết (https://vi.wikipedia.org/wiki/Lai_Châu) và tên miền http://bộcôngthương.vn (không phải liên kết)."
  - paragraph: "Văn bản **https://laichau.gov.vn/**van-ban của tỉnh."
  - table:
      caption: Địa chỉ
      columns:
        - {title: Đơn vị, type: text, width: 3}
        - {title: Trang, type: text, width: 2}
      rows:
        - [Cổng dịch vụ công tỉnh Lai Châu, "%s"]
""" % LONG

# uri -> (word text before the link, text of the link, after it): the
# words pdftotext gives for it, joined
WANT = {
    "mailto:vanphong@laichau.gov.vn": ("", "vanphong@laichau.gov.vn", ";"),
    "https://laichau.gov.vn/tin-tuc": ("", "https://laichau.gov.vn/tin-tuc",
                                       "."),
    "http://www.laichau.gov.vn": ("", "www.laichau.gov.vn", ""),
    "mailto:vanthu@laichau.gov.vn": ("", "mailto:vanthu@laichau.gov.vn", ""),
    "https://vi.wikipedia.org/wiki/Lai_Ch%C3%A2u":
        ("(", "https://vi.wikipedia.org/wiki/Lai_Châu", ")"),
    "https://laichau.gov.vn/van-ban": ("", "https://laichau.gov.vn/van-ban",
                                       ""),
    LONG: ("", LONG, ""),
}
SIZE = 13       # body text size: a trailing character is narrower than this


def write(name, text):
    path = os.path.join(T, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def build(yaml_path):
    out = os.path.join(T, "out")
    rc, _, err = run([BIN, "build", "-f", "-o", out, yaml_path])
    pdf = os.path.join(out, os.path.splitext(os.path.basename(yaml_path))[0]
                       + ".pdf")
    return rc, (pdf if os.path.exists(pdf) else None), err


def annots(pdf):
    """[(page, annotation dict, rect top-down (x0, y0, x1, y1))]."""
    res = []
    with pikepdf.open(pdf) as p:
        for i, pg in enumerate(p.pages):
            h = float(pg.MediaBox[3])
            for a in pg.obj.get("/Annots", []):
                r = [float(v) for v in a.Rect]
                res.append((i, {
                    "Subtype": str(a.get("/Subtype")),
                    "F": int(a.get("/F", 0)),
                    "Border": [float(v) for v in a.get("/Border", [])],
                    "S": str(a.A.get("/S")) if "/A" in a else None,
                    "URI": bytes(a.A.URI).decode("latin-1")
                    if "/A" in a and "/URI" in a.A else None,
                    "keys": sorted(str(k) for k in a.keys()),
                }, (r[0], h - r[3], r[2], h - r[1])))
    return res


def covered(words, rect):
    """Words of a page the rect lies over (more than 1 pt across, its
    vertical middle inside)."""
    x0, y0, x1, y1 = rect
    return [w for w in words if min(x1, w.x1) - max(x0, w.x0) > 1 and
            y0 <= (w.y0 + w.y1) / 2 <= y1]


def check_rect(want, rect, w, first, last):
    """The rect holds the word (within 1 pt), but for the characters
    before (first word) or after (last word) the link, which it leaves
    out."""
    lead, _, trail = want
    x0, y0, x1, y1 = rect
    ok = y0 <= w.y0 + 1 and y1 >= w.y1 - 1
    if first and lead:
        ok = ok and w.x0 + 1 < x0 <= w.x0 + SIZE * len(lead)
    else:
        ok = ok and x0 <= w.x0 + 1
    if last and trail:
        ok = ok and w.x1 - SIZE * len(trail) <= x1 < w.x1 - 1
    else:
        ok = ok and x1 >= w.x1 - 1
    return ok


def check_uri(an, pages, uri, want):
    """The annotations to uri lie over the words that draw it, with
    want's characters before and after it left out."""
    lead, text, trail = want
    mine = [a for a in an if a[1]["URI"] == uri]
    got, ok = [], True
    for i, (pg, _, rect) in enumerate(mine):
        ws = sorted(covered([w for ln in pages[pg] for w in ln], rect),
                    key=lambda w: (w.y1, w.x0))
        for k, w in enumerate(ws):
            ok = ok and check_rect(want, rect, w, i == 0 and k == 0,
                                   i == len(mine) - 1 and k == len(ws) - 1)
        got += [w.text for w in ws]
    t.check("".join(got) == lead + text + trail,
            f"{uri}: its {len(mine)} annotation(s) lie over the words "
            f"\"{lead + text + trail}\" and no other", got)
    t.check(ok and mine, f"{uri}: each /Rect holds its words' boxes "
            f"(within 1 pt) and leaves out \"{lead}\" \"{trail}\"",
            [(r, [w for ln in pages[p] for w in covered(ln, r)])
             for p, _, r in mine])
    return mine


def test_overfull():
    """tests/typeset/overfull.yaml: four addresses wider than their line
    (paragraph, quote, list item, table cell), cut after '/' or before
    '-': an annotation on each piece, all to the whole address."""
    rc, pdf, _ = build(os.path.join(ROOT, "tests", "typeset",
                                    "overfull.yaml"))
    if not t.check(pdf is not None, "overfull.yaml builds"):
        return
    an = annots(pdf)
    pages = bbox_pages(pdf)
    urls = sorted({a[1]["URI"] for a in an})
    t.check(len(urls) == 4 and len(an) >= 8, f"overfull.yaml: {len(urls)} "
            f"addresses, {len(an)} annotations (4, one per line piece)",
            urls)
    for u in urls:
        mine = check_uri(an, pages, u, ("", u, ""))
        t.check(len({(a[0], round(a[2][3])) for a in mine}) == len(mine)
                >= 2, f"{u[:40]}...: one annotation on each of its "
                f"{len(mine)} lines")


def test_links():
    y = write("links.yaml", REPORT)
    rc, pdf, err = build(y)
    # brk.c keeps an address one token: it is cut only when wider than
    # its line, with a warning
    t.check(rc == 0 and pdf is not None and len(err.splitlines()) == 1 and
            "links.yaml:24:46: warning: \"https://laichau.gov.vn/portal/"
            in err and "is wider than the line; broken inside" in err,
            "the report with links builds, warning only of the address "
            "wider than its cell", err)
    if pdf is None:
        return
    rc, out, err = run(["qpdf", "--check", pdf])
    t.check(rc == 0 and "No syntax or stream encoding errors" in out,
            "qpdf --check passes on the PDF with links", out + err)
    an = annots(pdf)
    pages = bbox_pages(pdf)
    t.check(sorted({a[1]["URI"] for a in an}) == sorted(WANT),
            "one link per address, none for \"Số: 86\", numbers, a colon "
            "in text or the host beyond ASCII (bộcôngthương.vn)",
            sorted({a[1]["URI"] for a in an}))
    t.check(all(a[1]["Subtype"] == "/Link" and a[1]["F"] == 4 and
                a[1]["Border"] == [0, 0, 0] and a[1]["S"] == "/URI"
                for a in an),
            "every annotation is /Link, /F 4, /Border [0 0 0], /S /URI",
            [a[1] for a in an][:2])
    t.check(all(a[1]["URI"].isascii() and
                not {"/AA", "/JS", "/Launch"} & set(a[1]["keys"])
                for a in an),
            "every /URI is 7-bit ASCII; no /AA, JavaScript or Launch")
    for uri, want in WANT.items():
        check_uri(an, pages, uri, want)
    long = [a for a in an if a[1]["URI"] == LONG]
    t.check(len(long) >= 2 and len({round(a[2][3]) for a in long}) ==
            len(long), f"the address broken over {len(long)} lines of its "
            "cell has an annotation on each line, all to the whole address")
    t.check(len([a for a in an if a[1]["URI"] ==
                 "https://laichau.gov.vn/van-ban"]) == 1,
            "an address partly bold is one annotation")
    rc, out, _ = run(["pdftotext", pdf, "-"])
    flat = " ".join(out.split())
    t.check("Email: vanphong@laichau.gov.vn; điện thoại" in flat and
            "tại https://laichau.gov.vn/tin-tuc." in flat and
            "(https://vi.wikipedia.org/wiki/Lai_Châu)" in flat,
            "the text drawn is unchanged (pdftotext)", flat[:300])
    rc, out, _ = run(["mutool", "draw", "-F", "txt", "-o", "-", pdf])
    t.check(rc == 0 and "vanphong@laichau.gov.vn;" in out and
            "Văn bản https://laichau.gov.vn/van-ban của" in " ".join(
                out.split()),
            "MuPDF reads the addresses as written, no space added")


def test_dump():
    boxes = dump(BIN, os.path.join(T, "links.yaml"))
    mail = [b for b in boxes if b.get("link") ==
            "mailto:vanphong@laichau.gov.vn"]
    t.check([b["text"] for b in mail] == ["vanphong@laichau.gov.vn"] and
            any(b["text"] == ";" and b.get("link") is None for b in boxes),
            "--dump: the address's box carries link=\"mailto:...\", the "
            "';' after it is a box of its own without one",
            [(b["text"], b.get("link")) for b in boxes if "@" in b["text"]
             or b["text"] == ";"])


def test_none():
    rc, pdf, err = build(os.path.join(ROOT, "reports", "lai-chau-ubnd.yaml"))
    t.check(rc == 0 and pdf is not None, "a sample report builds", err)
    if pdf is None:
        return
    with pikepdf.open(pdf) as p:
        n = sum(1 for pg in p.pages if "/Annots" in pg.obj)
    t.check(n == 0, "a report with no address has no /Annots "
            f"({n} pages have some)")


def main():
    shutil.rmtree(T, ignore_errors=True)
    os.makedirs(T)
    test_links()
    test_dump()
    test_overfull()
    test_none()
    t.close()


if __name__ == "__main__":
    main()
