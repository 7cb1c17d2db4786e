#!/usr/bin/python3
"""Issue 17 points 2 and 3 checked on rendered PDFs.

usage: tables2.py BAOCAO TMPDIR

Part 1 (grouped headers, totals, widths): the rules come from the PDF's
content stream (pikepdf: every cell rule is an `m l S` segment), the
words from pdftotext -bbox-layout, bold from pdftohtml; the expected
sums are computed here from the YAML (and CSV) with exact decimals.
Part 2 (page breaks): short tables put at every offset from a page end.
"""
import os
import shutil
import sys
from decimal import Decimal

import pikepdf

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pdfutil import Tally, bbox_pages, build, html_texts, visual_lines  # noqa

BIN, T = sys.argv[1], sys.argv[2]
t = Tally()
HEAD = """title: BÁO CÁO
header:
  parent_agency: UBND TỈNH LAI CHÂU
  agency: VĂN PHÒNG
  number: 58/BC-VP
  place: Lai Châu
  date: 2020-08-28
"""


def write(name, text):
    path = os.path.join(T, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def rules(pdf, page):
    """(vertical, horizontal) segments of a 0-based page in pdftotext's
    coordinates (y down): vertical (x, y0, y1), horizontal (y, x0, x1)."""
    with pikepdf.open(pdf) as doc:
        pg = doc.pages[page]
        h = float(pg.mediabox[3])
        v, hz, at = [], [], None
        for operands, op in pikepdf.parse_content_stream(pg):
            op = str(op)
            if op == "m":
                at = [float(x) for x in operands]
            elif op == "l" and at is not None:
                x0, y0 = at
                x1, y1 = (float(x) for x in operands)
                if abs(x0 - x1) < 0.01:
                    v.append((x0, min(h - y0, h - y1), max(h - y0, h - y1)))
                elif abs(y0 - y1) < 0.01:
                    hz.append((h - y0, min(x0, x1), max(x0, x1)))
        return v, hz


def v_at(vr, y):
    """x of the vertical rules crossing height y, sorted."""
    return sorted({round(x, 2) for x, a, b in vr if a - 0.1 <= y <= b + 0.1})


def h_at(hr, x):
    """y of the horizontal rules crossing x, sorted top down."""
    return sorted({round(y, 2) for y, a, b in hr if a - 0.1 <= x <= b + 0.1})


def cell_of(vr, w):
    """The (left, right) rules around word w."""
    cx, cy = (w.x0 + w.x1) / 2, (w.y0 + w.y1) / 2
    xs = v_at(vr, cy)
    return (max([x for x in xs if x < cx], default=None),
            min([x for x in xs if x > cx], default=None))


def near(a, b, tol=0.3):
    return a is not None and b is not None and abs(a - b) <= tol


def vi(d, scale):
    """Decimal d as the PDF prints numbers: 1.234,50."""
    q = d.quantize(Decimal(1).scaleb(-scale)) if scale else d
    s = f"{abs(q):f}"
    ip, _, fp = s.partition(".")
    ip = f"{int(ip):,}".replace(",", ".")
    return ("-" if q < 0 else "") + ip + ("," + fp if fp else "")


def num(cell):
    """A YAML/CSV cell as a Decimal and its decimals, or None (text)."""
    if cell is None or str(cell).strip() == "":
        return None
    s = str(cell).strip()
    ip, _, fp = s.partition(",")
    return Decimal(ip.replace(".", "") + ("." + fp if fp else "")), len(fp)


def expected_totals(rows, ncols, label, numcols):
    out = [""] * ncols
    out[label] = "Tổng cộng"
    for j in numcols:
        vals = [num(r[j]) for r in rows]
        vals = [v for v in vals if v is not None]
        scale = max(s for _, s in vals)
        out[j] = vi(sum(v for v, _ in vals), scale)
    return out


def row_texts(words, edges):
    """The words of one visual line per column between edges."""
    out = []
    for c in range(len(edges) - 1):
        ws = [w.text for w in words
              if edges[c] <= (w.x0 + w.x1) / 2 <= edges[c + 1]]
        out.append(" ".join(ws))
    return out


# ---------------------------------------------------- grouped headers

GROUP_ROWS = [
    [1, "Văn bản đến", 15000, "16.230", 17125, "", "98,5", "99,25"],
    [2, "Văn bản đi", 6000, 6500, 7010, "tăng", "97,0", "100"],
    [3, "Văn bản mật", 12, 7, 9, "", "100", "99,75"],
    [4, "Văn bản điện tử", 120450, 130999, 151007, "", "95,5", "96,5"],
]
GROUP_COLS = [
    "{title: STT, align: center}",
    "{title: Nội dung, type: text}",
    "{title: Năm 2022, group: Số văn bản xử lý}",
    "{title: Năm 2023, group: Số văn bản xử lý}",
    "{title: Năm 2024, group: Số văn bản xử lý}",
    "{title: Ghi chú, type: text}",
    "{title: Năm 2023, group: Tỷ lệ đúng hạn}",
    "{title: Năm 2024, group: Tỷ lệ đúng hạn}",
]
GROUPS = {"Số": (2, 4), "Tỷ": (6, 7)}    # first word: columns spanned


def ycell(c):
    if isinstance(c, int):
        return str(c)
    return '""' if c == "" else f'"{c}"'


def gen_group():
    rows = "".join("        - [" + ", ".join(ycell(c) for c in r) + "]\n"
                   for r in GROUP_ROWS)
    cols = "".join(f"        - {c}\n" for c in GROUP_COLS)
    return write("group.yaml", HEAD + f"""body:
  - paragraph: Kết quả xử lý văn bản của Văn phòng.
  - table:
      caption: Kết quả công tác văn thư
      columns:
{cols}      rows:
{rows}      totals: true
""")


def check_group():
    rc, pdf, err = build(BIN, gen_group(), T)
    if not t.check(rc == 0 and pdf and not err, "grouped table builds", err):
        return
    vr, hr = rules(pdf, 0)
    lines = visual_lines(bbox_pages(pdf)[0])
    tot = [ln for ln in lines if ln[0].text == "Tổng"]
    if not t.check(len(tot) == 1, "one Tổng cộng row"):
        return
    edges = v_at(vr, (tot[0][0].y0 + tot[0][0].y1) / 2)
    t.check(len(edges) == 9, "body rows have 8 columns", edges)
    if len(edges) != 9:
        return
    words = [w for ln in lines for w in ln]
    top = min(w.y1 for w in words if w.text == "Bảng")
    hr = [h for h in hr if h[0] > top]
    for first, (c0, c1) in GROUPS.items():
        ws = [w for w in words if w.text == first and w.y0 > top]
        ws.sort(key=lambda w: w.y0)
        l, r = cell_of(vr, ws[0]) if ws else (None, None)
        t.check(near(l, edges[c0]) and near(r, edges[c1 + 1]),
                f"group cell '{first} …' spans exactly columns "
                f"{c0}-{c1}", (l, r, edges[c0], edges[c1 + 1]))
        ys = h_at(hr, (edges[c0] + edges[c0 + 1]) / 2)
        t.check(len(ys) >= 3 and ws and ys[0] < ws[0].y0 and
                ys[1] > ws[0].y1, f"a rule under group '{first} …' "
                "separates it from its columns' titles", ys[:3])
        # each column title under the group sits in a one-column cell
        for c in range(c0, c1 + 1):
            ny = [w for w in words if w.text.startswith("20") and
                  edges[c] < w.x0 < edges[c + 1] and w.y0 < tot[0][0].y0
                  and w.y0 < ys[1] + 30 and w.y0 > ys[1] - 0.5]
            l, r = cell_of(vr, ny[0]) if ny else (None, None)
            t.check(near(l, edges[c]) and near(r, edges[c + 1]),
                    f"title of column {c} is in its own cell under the "
                    "group", (l, r))
    # a column outside the groups spans both header rows
    for c in (0, 1, 5):
        ys = h_at(hr, (edges[c] + edges[c + 1]) / 2)
        g = h_at(hr, (edges[2] + edges[3]) / 2)
        t.check(len(ys) >= 2 and near(ys[0], g[0]) and near(ys[1], g[2]),
                f"column {c}'s title spans both header rows", (ys[:2],
                                                               g[:3]))
    want = expected_totals(GROUP_ROWS, 8, 1, [2, 3, 4, 6, 7])
    got = row_texts(tot[0], edges)
    t.check(got == want, "totals row = sums computed from the YAML",
            f"got  {got}\nwant {want}")
    chunks = [c for c in html_texts(pdf, 1, 1)
              if abs(c[1] - tot[0][0].y0) < 3 and c[5].strip()]
    t.check(chunks and all(c[4] for c in chunks), "totals row is bold",
            chunks)


# ------------------------------------------------------ totals from CSV

CSV_ROWS = [["Văn bản đến", "15.000", "1.234,5"],
            ["Văn bản đi", "6000", "0,25"],
            ["Văn bản mật", "", "7"],
            ["Công văn", "-12", "10,125"]]


def check_csv_totals():
    with open(os.path.join(T, "vt.csv"), "w", encoding="utf-8-sig",
              newline="") as f:
        f.write("Nội dung;Năm 2023;Năm 2024\r\n")
        for r in CSV_ROWS:
            f.write(";".join(r) + "\r\n")
    path = write("csvtot.yaml", HEAD + """body:
  - table:
      caption: Văn bản theo năm
      columns:
        - {title: Nội dung, type: text}
        - {title: Năm 2023, group: Số văn bản}
        - {title: Năm 2024, group: Số văn bản}
      rows: {csv: vt.csv}
      totals: true
""")
    rc, pdf, err = build(BIN, path, T)
    if not t.check(rc == 0 and pdf and not err, "CSV table with totals "
                   "builds", err):
        return
    vr, _ = rules(pdf, 0)
    lines = visual_lines(bbox_pages(pdf)[0])
    tot = [ln for ln in lines if ln[0].text == "Tổng"]
    edges = v_at(vr, (tot[0][0].y0 + tot[0][0].y1) / 2) if tot else []
    want = expected_totals(CSV_ROWS, 3, 0, [1, 2])
    got = row_texts(tot[0], edges) if tot else None
    t.check(got == want, "CSV totals (negative, empty and decimal cells) "
            "= sums computed from the CSV", f"got {got}\nwant {want}")


# --------------------------------------------------------------- widths

def check_widths():
    path = write("widths.yaml", HEAD + """body:
  - staffing:
      caption: Biên chế
      widths: [2, 6, 2, 2, 2, 2]
      units:
        - {name: Phòng Tổng hợp, civil_servants: 9, public_employees: 1}
        - {name: UBND tỉnh Lạng Sơn, contract_workers: 3}
  - awards:
      caption: Khen thưởng
      widths: [2, 8, 2, 4]
      items:
        - {award: Cờ thi đua của Chính phủ, year: 2018, by: Chính phủ}
        - {award: Bằng khen của Thủ tướng Chính phủ, year: 2000}
""")
    rc, pdf, err = build(BIN, path, T)
    if not t.check(rc == 0 and pdf and not err, "widths builds", err):
        return
    vr, _ = rules(pdf, 0)
    lines = visual_lines(bbox_pages(pdf)[0])
    for first, w in (("Phòng", [2, 6, 2, 2, 2, 2]),
                     ("Cờ", [2, 8, 2, 4])):
        ln = [ln for ln in lines if any(x.text == first for x in ln)]
        edges = v_at(vr, (ln[0][0].y0 + ln[0][0].y1) / 2) if ln else []
        got = [b - a for a, b in zip(edges, edges[1:])]
        tot = sum(got)
        ok = len(got) == len(w) and all(
            abs(g - tot * x / sum(w)) < 0.5 for g, x in zip(got, w))
        t.check(ok, f"widths {w} give proportional columns",
                [round(g, 1) for g in got])


# ------------------------------------------------------- page breaks

def gen_break(n, k):
    """k one-line paragraphs, then a table of n rows (first cell h01 ..)
    with a caption, and one paragraph after it."""
    fill = "".join(f"  - paragraph: Dòng đệm số {i + 1} của văn bản.\n"
                   for i in range(k))
    rows = "".join(f"        - [h{r + 1:02d}, Nội dung công việc {r + 1}, "
                   f"{1000 + r}]\n" for r in range(n))
    return write(f"brk-{n}-{k}.yaml", HEAD + f"""body:
{fill}  - table:
      caption: Danh mục công việc
      columns:
        - {{title: Mã, type: text}}
        - {{title: Hạng mục, type: text}}
        - Số lượng
      rows:
{rows}  - paragraph: Đoạn văn sau bảng.
""")


def page_rows(pages):
    """Per page: [(y, kind)] of the table's lines, top down: kind is a
    row number (1..), 'cap' (caption), 'head' (header) or 'cont'."""
    out = []
    for lines in pages:
        v = []
        for ln in visual_lines(lines):
            w0 = ln[0].text
            if len(w0) == 3 and w0[0] == "h" and w0[1:].isdigit():
                v.append((ln[0].y0, int(w0[1:])))
            elif w0 == "Bảng":
                v.append((ln[0].y0, "cap"))
            elif w0 == "Mã":
                v.append((ln[0].y0, "head"))
            elif w0 == "(tiếp" or (len(ln) > 2 and ln[2].text == "(tiếp"):
                v.append((ln[0].y0, "cont"))
        out.append(sorted(v, key=lambda x: x[0]))
    return out


def check_breaks():
    """Each table size at every offset of its start from a page end (the
    paragraphs before it push it down one line at a time over a page)."""
    for n in (4, 6, 12, 40):
        bad = {"split": [], "few": [], "alone": [], "lost": [], "err": []}
        for k in range(0, 36):
            rc, pdf, err = build(BIN, gen_break(n, k), T)
            if rc != 0 or not pdf or err:
                bad["err"].append((k, err))
                continue
            pr = page_rows(bbox_pages(pdf))
            rows = [x for pg in pr for _, x in pg if isinstance(x, int)]
            if rows != list(range(1, n + 1)):
                bad["lost"].append((k, rows))
            counts = [sum(isinstance(x, int) for _, x in pg) for pg in pr]
            used = [c for c in counts if c]
            if n <= 12 and len(used) != 1:
                bad["split"].append((k, used))
            if any(c < 3 for c in used):
                bad["few"].append((k, used))
            for pi, pg in enumerate(pr):
                if pg and not isinstance(pg[-1][1], int):
                    bad["alone"].append((k, pi + 1, pg[-1][1]))
        t.check(not bad["err"], f"{n}-row tables build at 36 offsets",
                bad["err"][:2])
        t.check(not bad["lost"], f"{n}-row tables: every row printed "
                "once, in order", bad["lost"][:3])
        if n <= 12:
            t.check(not bad["split"], f"a {n}-row table (fits a page) is "
                    "never split, at any offset", bad["split"][:5])
        t.check(not bad["few"], f"{n}-row tables: no page holds fewer "
                "than 3 of its rows", bad["few"][:5])
        t.check(not bad["alone"], f"{n}-row tables: no page ends with the "
                "caption, header or (tiếp theo) line", bad["alone"][:5])


def main():
    shutil.rmtree(T, ignore_errors=True)
    os.makedirs(T)
    check_group()
    check_csv_totals()
    check_widths()
    check_breaks()
    t.close()


if __name__ == "__main__":
    main()
