#!/usr/bin/python3
"""tests/csv.py BIN TMPDIR - data from spreadsheets (spec §2 v2 "Data
from spreadsheets"; issue 17 points 1, 5 and 6): `rows`, `units` and
`items` read from CSV files as Excel saves them, checked on the PDFs.

Every cell of every CSV in tests/csv/ is read here with Python's own csv
module (the separator found from the header line, as the spec says) and
formatted as §2a prints it (1.000 groups, 98,5 decimals, text as written,
NFC, invisible characters dropped, markup gone); each must come back from
the PDF (pdftotext -bbox-layout, words placed in the ruled cells of
`baocao build --dump`). Also: BOM and no BOM, `;` `,` and tab, quoted
cells holding separators, quotes and line breaks (a line break in a cell
is a new line of the cell), CRLF; a CSV named by an `extends` base
resolves next to the base; the CSV is an input of the up-to-date check;
a report whose CSV is wrong fails alone in a batch; the 16 MiB limit;
the sample that reads its staffing and awards from reports/data/.
Called by tests/csv.sh."""
import io
import os
import re
import shutil
import sys
import unicodedata

sys.dont_write_bytecode = True
# This file is named csv.py: the standard csv module is imported with
# tests/ (this file's folder, first on the path) left out.
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path = [p for p in sys.path if os.path.abspath(p or ".") != HERE]
import csv  # noqa: E402
sys.path.insert(0, HERE)
from pdfutil import (Tally, bbox_pages, build, collapse, dump,  # noqa: E402
                     fmt_vi, full_rows, grid_cells, html_texts, rules, run)

BIN = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/baocao")
T = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else "tests/tmp-csv")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = os.path.join(ROOT, "tests", "csv")
t = Tally()


# ---------------------------------------------------------------- reading

def read_csv(path):
    """(raw bytes, header, rows) of a CSV as the spec reads it: a BOM
    skipped, the separator the most frequent of , ; tab outside quotes on
    the header line (a comma when none), RFC 4180 quotes."""
    raw = open(path, "rb").read()
    text = raw.decode("utf-8-sig")
    first, q = "", False
    for ch in text:
        if ch == '"':
            q = not q
        elif not q and ch in "\r\n":
            break
        first += "" if q else ch
    counts = {s: first.count(s) for s in ",;\t"}
    sep = max(",;\t", key=lambda s: (counts[s], s == ","))
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))
    rows = [r for r in rows if any(c.strip() for c in r)]
    return raw, sep, rows[0], rows[1:]


def shown(s):
    """A text cell as printed: NFC, Word's invisible characters dropped,
    bold/italic markers gone, white space (line breaks included) folded
    as cell words are joined."""
    s = unicodedata.normalize("NFC", s)
    s = re.sub("[\u00ad\u200b-\u200d\u2060\ufeff]", "", s)
    s = s.replace("**", "").replace("*", "")
    return collapse(s)


def vi_number(s):
    """A number cell as §2a reprints it: dots group thousands (15230 ->
    15.230, 1.000 stays), decimals after the comma as written."""
    ip, _, fp = s.strip().partition(",")
    return fmt_vi(int(ip.replace(".", ""))) + ("," + fp if fp else "")


def count(s):
    return int(s.replace(".", "")) if s.strip() else None


class Built:
    """A built report: PDF, stderr, and its table rows (texts per
    column) read from the PDF."""

    def __init__(self, path, outdir):
        self.name = os.path.relpath(path, ROOT)
        self.rc, self.pdf, self.err = build(BIN, path, outdir)
        self.ok = t.check(self.rc == 0 and self.pdf and not self.err,
                          f"{self.name} builds cleanly", self.err)
        self.rows = []
        if self.ok:
            pages = bbox_pages(self.pdf)
            boxes = dump(BIN, path)
            for p, lines in enumerate(pages):
                v, h = rules(boxes, p + 1)
                words = [w for ln in lines for w in ln]
                self.cells = grid_cells(words, v, h)
                self.rows += [list(r) for r in full_rows(self.cells, v)]
            self.pages = pages

    def has_rows(self, want, what):
        """Every wanted row is a row of the PDF, in order."""
        if not self.ok:
            return
        at, missing = 0, None
        for w in want:
            try:
                at = self.rows.index(w, at) + 1
            except ValueError:
                missing = w
                break
        t.check(missing is None, what,
                f"row not in the PDF: {missing}\nPDF rows: {self.rows}")


# ---------------------------------------------------------------- tables

TABLES = [("semicolon-bom-crlf.csv", ";", True, True),
          ("comma-lf.csv", ",", False, False),
          ("tab-crlf.csv", "\t", True, True)]


def check_forms():
    """The fixtures are in the forms they stand for (bytes on disk)."""
    for name, sep, bom, crlf in TABLES:
        raw, got, _, rows = read_csv(os.path.join(SRC, name))
        t.check(got == sep and raw.startswith(b"\xef\xbb\xbf") == bom and
                (b"\r\n" in raw) == crlf and
                (crlf or b"\r" not in raw),
                f"{name}: separator {sep!r}, BOM {bom}, CRLF {crlf}")
    raw = open(os.path.join(SRC, "semicolon-bom-crlf.csv"), "rb").read()
    t.check('"Nghị quyết ""số 1""; kế hoạch"'.encode() in raw and
            re.search(rb'"[^"\r\n]*\r\n[^"]*"', raw),
            "semicolon-bom-crlf.csv: quoted cells hold the separator, "
            "doubled quotes and a CRLF line break")


def check_tables(b):
    for name, _, _, _ in TABLES:
        _, _, head, rows = read_csv(os.path.join(SRC, name))
        want = [[shown(head[0])] + [collapse(h) for h in head[1:]]]
        want += [[shown(r[0])] + [vi_number(c) for c in r[1:]]
                 for r in rows]
        b.has_rows(want, f"{name}: all {len(rows) * len(head)} cells "
                   "read back from the PDF (numbers grouped as §2a, text "
                   "as written)")
    if not b.ok:
        return
    # a line break inside a quoted cell is a new line of that cell
    cell = [c for c in b.cells_all if c.text == "Văn bản đi qua mạng"]
    ys = {round(w.y0) for c in cell for w in c.words}
    t.check(len(cell) == 1 and len(ys) == 2 and
            [w.text for w in sorted(cell[0].words, key=lambda w: w.y0)
             ][-1] == "mạng",
            "a line break inside a quoted cell (CRLF) starts a new line "
            "in the cell", f"{cell} {ys}")
    text = run(["pdftotext", "-raw", b.pdf, "-"])[1]
    t.check("Văn bản trình ký điện tử" in text and
            not re.search("[\u0300-\u036f]", text),
            "a cell written in NFD (as a Mac saves it) prints in NFC")
    t.check("sốhoá" in text and "\u00ad" not in text and "số-hoá" not in
            text, "a soft hyphen in a cell is dropped, as in YAML")
    bold = [x for x in html_texts(b.pdf) if "mật" in x[5]]
    t.check(bold and all(x[4] for x in bold) and "**" not in text,
            "**mật** in a cell prints bold, without the asterisks")


# ---------------------------------------------------------------- staffing

CATS = ["Công chức", "Viên chức", "Người lao động"]


def staffing_rows(path):
    """The staffing table computed here from the CSV: STT, name, each
    category used, the per-unit total; then the totals row."""
    _, _, head, rows = read_csv(path)
    col = {unicodedata.normalize("NFC", h).strip().lower(): i
           for i, h in enumerate(head)}
    idx = [col.get(c.lower()) for c in CATS]
    name = col.get("đơn vị", col.get("name"))
    used = [i for i in idx if i is not None and
            any(count(r[i]) is not None for r in rows)]
    want, sums = [], [0] * len(used)
    for n, r in enumerate(rows, 1):
        cs = [count(r[i]) for i in used]
        sums = [a + (c or 0) for a, c in zip(sums, cs)]
        want.append([str(n), shown(r[name])] +
                    [fmt_vi(c) if c is not None else "" for c in cs] +
                    [fmt_vi(sum(c or 0 for c in cs))])
    want.append(["", "Tổng cộng"] + [fmt_vi(s) for s in sums] +
                [fmt_vi(sum(sums))])
    return want, len(rows) * len(head)


def check_staffing(b, path, what):
    want, n = staffing_rows(path)
    b.has_rows(want, f"{what}: all {n} cells read back from the PDF, "
               "per-unit and column totals as computed here")


# ---------------------------------------------------------------- awards

AWARD_COLS = [("award", "hình thức khen thưởng"), ("year", "năm"),
              ("by", "cấp khen"),
              ("recipient", "đơn vị, cá nhân được khen"),
              ("decision", "số quyết định")]


def award_rows(path):
    """The awards table (as written order): STT, award, year (a range
    with an en dash), by, then recipient and decision when any has
    them."""
    _, _, head, rows = read_csv(path)
    col = {unicodedata.normalize("NFC", h).strip().lower(): i
           for i, h in enumerate(head)}
    idx = [col.get(k, col.get(v)) for k, v in AWARD_COLS]
    show = [k for k, i in enumerate(idx) if k < 3 or (
            i is not None and any(r[i].strip() for r in rows))]
    want = []
    for n, r in enumerate(rows, 1):
        cells = []
        for k in show:
            v = r[idx[k]] if idx[k] is not None else ""
            if k == 1:
                v = re.sub(r"\s*-\s*", " – ", v)
            cells.append(shown(v))
        want.append([str(n)] + cells)
    return want, len(rows) * len(head)


def check_awards(b, path, what, sort=False):
    want, n = award_rows(path)
    if sort:    # sort: rank reorders them; the cells stay the same
        got = sorted(r[1:] for r in b.rows if r[1:] in
                     [w[1:] for w in want])
        t.check(got == sorted(w[1:] for w in want),
                f"{what}: all {n} cells read back from the PDF",
                f"got {got}\nwant {[w[1:] for w in want]}")
        return
    b.has_rows(want, f"{what}: all {n} cells read back from the PDF")


# ---------------------------------------------------------------- the rest

def check_extends(out):
    b = Built(os.path.join(SRC, "extends.yaml"), out)
    _, _, head, rows = read_csv(os.path.join(SRC, "sub", "base.csv"))
    b.has_rows([[shown(r[0]), vi_number(r[1])] for r in rows],
               "a {csv: base.csv} in an extends base is read next to the "
               "base (tests/csv/sub/), not next to the report")


def build_out(yaml_path, out):
    rc, so, se = run([BIN, "build", "-o", out, yaml_path])
    return rc, so + se


def check_uptodate():
    d = os.path.join(T, "utd")
    shutil.copytree(SRC, d)
    y, out = os.path.join(d, "report.yaml"), os.path.join(T, "utd-out")
    build_out(y, out)
    rc, log = build_out(y, out)
    t.check(rc == 0 and "up to date" in log,
            "built again unchanged: up to date", log)
    c = os.path.join(d, "units.csv")
    st = os.stat(c)
    os.utime(c, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    rc, log = build_out(y, out)
    t.check(rc == 0 and re.search(r"^built .*report\.pdf", log, re.M),
            "a CSV touched: the report is rebuilt", log)
    raw = open(c, "rb").read()
    open(c, "wb").write(raw.replace(b"1.004", b"1.005"))
    rc, log = build_out(y, out)
    t.check(rc == 0 and re.search(r"^built .*report\.pdf", log, re.M) and
            "1.005" in run(["pdftotext", os.path.join(out, "report.pdf"),
                            "-"])[1],
            "a CSV changed within the same second (same size): rebuilt "
            "with the new figure", log)


def check_batch():
    d = os.path.join(T, "batch")
    os.makedirs(d)
    shutil.copy(os.path.join(SRC, "units.csv"), d)
    with open(os.path.join(d, "units-bad.csv"), "w", encoding="utf-8") as f:
        f.write("Đơn vị;Công chức\nPhòng A;98.5\nPhòng B;1;2\n")
    for name, c in (("a-good", "units.csv"), ("b-bad", "units-bad.csv")):
        with open(os.path.join(d, name + ".yaml"), "w",
                  encoding="utf-8") as f:
            f.write("title: BÁO CÁO\nbody:\n  - staffing: {units: {csv: "
                    f"{c}}}}}\n")
    out = os.path.join(T, "batch-out")
    rc, so, se = run([BIN, "build", "-o", out, d])
    t.check(rc == 1 and os.path.exists(os.path.join(out, "a-good.pdf")) and
            not os.path.exists(os.path.join(out, "b-bad.pdf")),
            "a report with a wrong CSV fails alone: the batch goes on "
            "and builds the other", so + se)
    lines = [ln for ln in se.splitlines() if "error:" in ln]
    t.check(len(lines) == 2 and
            any(ln.endswith("units-bad.csv:2:9: error: "
                            "body[0].staffing.units[0].civil_servants: "
                            "expected a count (a whole number, 0 or "
                            "more), got 98.5") for ln in lines) and
            any("units-bad.csv:3:1: error: 3 cells in this row" in ln
                for ln in lines),
            "both errors of the CSV listed, each at file.csv:line:col",
            se)


def check_limits():
    d = os.path.join(T, "big")
    os.makedirs(d)
    with open(os.path.join(d, "big.csv"), "wb") as f:
        f.write("Nội dung;Số\r\n".encode())
        f.write(b"x" * (16 * 1024 * 1024))
    y = os.path.join(d, "big.yaml")
    with open(y, "w", encoding="utf-8") as f:
        f.write("title: BÁO CÁO\nbody:\n  - table: {columns: [Nội dung, "
                "Số], rows: {csv: big.csv}}\n")
    rc, _, se = run([BIN, "build", "-o", os.path.join(T, "big-out"), y])
    t.check(rc == 1 and "big.yaml:3:" in se and "larger than 16 MiB" in se,
            "a CSV over 16 MiB: an error at its name, no PDF", se)
    os.mkfifo(os.path.join(d, "fifo.csv"))
    with open(y, "w", encoding="utf-8") as f:
        f.write("title: BÁO CÁO\nbody:\n  - table: {columns: [Nội dung, "
                "Số], rows: {csv: fifo.csv}}\n")
    rc, _, se = run([BIN, "build", "-o", os.path.join(T, "big-out"), y],
                    timeout=60)
    t.check(rc == 1 and 'csv: "' in se and "is not a file" in se,
            "a CSV name that is a pipe: an error, never a wait", se)


def check_sample(out):
    """Point 5: the sample that reads staffing and awards from CSV files
    saved as Excel saves them."""
    y = os.path.join(ROOT, "reports", "lai-chau-ubnd.yaml")
    data = os.path.join(ROOT, "reports", "data")
    src = open(y, encoding="utf-8").read()
    t.check("units: {csv: data/lai-chau-bien-che.csv}" in src and
            "items: {csv: data/lai-chau-khen-thuong.csv}" in src,
            "reports/lai-chau-ubnd.yaml reads its staffing and awards "
            "from reports/data/")
    forms = {}
    for name in ("lai-chau-bien-che.csv", "lai-chau-khen-thuong.csv"):
        raw, sep, _, _ = read_csv(os.path.join(data, name))
        forms[name] = (sep, raw.startswith(b"\xef\xbb\xbf"),
                       raw.count(b"\r\n") == raw.count(b"\n"))
    t.check(forms["lai-chau-bien-che.csv"] == (";", True, True) and
            all(f[1] and f[2] for f in forms.values()),
            "the sample's CSVs are Excel's \"CSV UTF-8\" (BOM, CRLF), "
            "the staffing one with \";\" as Vietnamese Excel writes it",
            forms)
    b = Built(y, out)
    check_staffing(b, os.path.join(data, "lai-chau-bien-che.csv"),
                   "reports/data/lai-chau-bien-che.csv")
    check_awards(b, os.path.join(data, "lai-chau-khen-thuong.csv"),
                 "reports/data/lai-chau-khen-thuong.csv", sort=True)


def main():
    shutil.rmtree(T, ignore_errors=True)
    os.makedirs(T)
    out = os.path.join(T, "out")
    check_forms()
    b = Built(os.path.join(SRC, "report.yaml"), out)
    b.cells_all = []
    if b.ok:
        boxes = dump(BIN, os.path.join(SRC, "report.yaml"))
        for p, lines in enumerate(b.pages):
            v, h = rules(boxes, p + 1)
            b.cells_all += grid_cells([w for ln in lines for w in ln], v, h)
    check_tables(b)
    check_staffing(b, os.path.join(SRC, "units.csv"), "units.csv")
    check_awards(b, os.path.join(SRC, "items.csv"), "items.csv")
    check_extends(out)
    check_uptodate()
    check_batch()
    check_limits()
    check_sample(out)
    t.close()


if __name__ == "__main__":
    main()
