#!/usr/bin/python3
"""Check one built PDF against its YAML report definition (spec §3, §5).

usage: pdfcheck.py REPORT.yaml REPORT.pdf [--min-pages N]

Each check prints "ok: ..." or "FAIL: ..."; the last line is
"N passed, M failed" and the exit status is 1 if anything failed.
Everything is read back from the PDF with poppler-utils, qpdf and
pikepdf (Debian's python3-pikepdf: run by /usr/bin/python3, which this
script re-executes itself with when the python3 it was started with
lacks pikepdf).
"""
import os
import re
import struct
import subprocess
import sys
import unicodedata

try:
    import pikepdf
except ImportError:
    if sys.executable != "/usr/bin/python3" and \
            os.path.exists("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    raise
import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pdfutil import hang_room  # noqa: E402

MM = 72 / 25.4
SIZES = {"A4": (210, 297), "A5": (148, 210), "Letter": (215.9, 279.4)}
passed = failed = 0


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
        print("ok:", what)
    else:
        failed += 1
        print("FAIL:", what)
    return cond


def run(*cmd):
    p = subprocess.run(cmd, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def load_report(path):
    """The report's mapping with `extends` merged (deep merge, §2a)."""
    with open(path, encoding="utf-8-sig") as f:
        doc = yaml.safe_load(f)
    base = doc.pop("extends", None)
    if base is None:
        return doc
    parent = load_report(os.path.join(os.path.dirname(path), base))
    parent.pop("output", None)
    return merge(parent, doc)


def merge(a, b):
    out = dict(a)
    for k, v in b.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = merge(out[k], v)
        else:
            out[k] = v
    return out


def plain(s):
    """Text as printed: markup removed, NFC, whitespace collapsed."""
    s = str(s).replace("\\*", "\x00").replace("*", "").replace("\x00", "*")
    return " ".join(unicodedata.normalize("NFC", s).split())


def unnote(s, notes):
    """Text with each footnote ^[...] as its number (the space before it
    dropped), the notes appended to `notes` as printed ("N text"), in
    the order they are numbered."""
    s, out, i = str(s), "", 0
    while i < len(s):
        if s.startswith("\\^[", i):
            out, i = out + "^[", i + 3
            continue
        if not s.startswith("^[", i):
            out, i = out + s[i], i + 1
            continue
        depth, j = 0, i + 2
        while j < len(s) and (s[j] != "]" or depth > 0):
            depth += {"[": 1, "]": -1}.get(s[j], 0)
            j += 1
        notes.append(plain(f"{len(notes) + 1} {unnote(s[i + 2:j], [])}"))
        out, i = out.rstrip(" ") + str(len(notes)), j + 1
    return out


def body_texts(rep, notes=None):
    """(kind, text as printed) of the body's texts, in order; the
    footnotes (numbered through them and the table cells) into notes."""
    notes = [] if notes is None else notes
    for blk in rep.get("body", []):
        if not isinstance(blk, dict):
            continue
        for key in ("paragraph", "quote"):
            if key in blk:
                yield key, plain(unnote(blk[key], notes))
        if "list" in blk:
            lst = blk["list"]
            items = lst.get("items", []) if isinstance(lst, dict) else lst
            for item in items:
                # {text:, items:}: the item, then its nested list
                subs = item.get("items", []) if isinstance(item, dict) else []
                text = item.get("text", "") if isinstance(item, dict) else item
                for t in [text] + list(subs):
                    yield "list item", plain(unnote(t, notes))
        if isinstance(blk.get("table"), dict):
            for row in blk["table"].get("rows") or []:
                for cell in row if isinstance(row, list) else []:
                    unnote(cell, notes)
        if "heading" in blk:
            h = blk["heading"]
            yield "heading", plain(h["text"] if isinstance(h, dict) else h)


def check_info(rep, pdf):
    rc, out, err = run("pdfinfo", pdf)
    check(rc == 0 and err == "", "pdfinfo reads the file cleanly")
    info = dict(l.split(":", 1) for l in out.splitlines() if ":" in l)
    info = {k.strip(): v.strip() for k, v in info.items()}
    ver = float(info.get("PDF version", "0"))
    check(ver >= 1.4, f"PDF version {ver} >= 1.4")
    page = rep.get("page", {}) or {}
    size = page.get("size", "A4")
    w, h = SIZES[size] if isinstance(size, str) else size
    got = re.match(r"([\d.]+) x ([\d.]+) pts", info.get("Page size", ""))
    want = (round(w * MM, 2), round(h * MM, 2))
    check(got and (float(got[1]), float(got[2])) == want,
          f"page size {info.get('Page size')} is exactly {want[0]} x {want[1]} pt")
    meta = rep.get("meta", {}) or {}
    for key, field in (("title", "Title"), ("author", "Author"),
                       ("subject", "Subject")):
        if key in meta:
            check(info.get(field) == plain(meta[key]),
                  f"{field} is {plain(meta[key])!r} (got {info.get(field)!r})")
    return int(info.get("Pages", "0"))


def check_fonts(pdf):
    rc, out, err = run("pdffonts", pdf)
    rows = out.splitlines()[2:]
    check(rc == 0 and rows, f"pdffonts lists {len(rows)} fonts")
    for row in rows:
        f = row.split()
        # name type... emb sub uni object ID: the 3 yes/no before the obj id
        emb, sub, uni = f[-5], f[-4], f[-3]
        check(emb == "yes" and sub == "yes" and uni == "yes",
              f"font {f[0]} embedded, subset, with ToUnicode")


# ---- fonts described truthfully (spec §5 v2) ----

# The Adobe standard Latin character set beyond ASCII and Latin-1: a font
# of only these is Nonsymbolic, any other Symbolic.
STD_LATIN = {0x131, 0x141, 0x142, 0x152, 0x153, 0x160, 0x161, 0x178, 0x17D,
             0x17E, 0x192, 0x2C6, 0x2C7, 0x2D8, 0x2D9, 0x2DA, 0x2DB, 0x2DC,
             0x2DD, 0x2013, 0x2014, 0x2018, 0x2019, 0x201A, 0x201C, 0x201D,
             0x201E, 0x2020, 0x2021, 0x2022, 0x2026, 0x2030, 0x2039, 0x203A,
             0x2044, 0x20AC, 0x2122, 0x2212, 0xFB01, 0xFB02}


def sfnt(data):
    """{tag: table bytes} of a TrueType font program."""
    n = struct.unpack_from(">H", data, 4)[0]
    tabs = {}
    for i in range(n):
        tag, _, off, ln = struct.unpack_from(">4sIII", data, 12 + 16 * i)
        tabs[tag.decode("latin1")] = data[off:off + ln]
    return tabs


def ps_name(name):
    """Name ID 6, Windows Unicode English or Macintosh Roman."""
    _, count, store = struct.unpack_from(">HHH", name, 0)
    for i in range(count):
        pid, eid, lang, nid, ln, off = struct.unpack_from(">6H", name,
                                                           6 + 12 * i)
        raw = name[store + off:store + off + ln]
        if nid == 6 and pid == 3 and eid == 1 and lang == 0x409:
            return raw.decode("utf-16-be")
        if nid == 6 and pid == 1 and eid == 0:
            return raw.decode("latin1")
    return None


def glyph_closure(t, gids):
    """gids and the components of the composite glyphs among them."""
    long_loca = struct.unpack_from(">h", t["head"], 50)[0] == 1
    loca, glyf = t["loca"], t["glyf"]

    def start(g):
        return (struct.unpack_from(">I", loca, 4 * g)[0] if long_loca
                else 2 * struct.unpack_from(">H", loca, 2 * g)[0])
    todo, seen = list(gids), set()
    while todo:
        g = todo.pop()
        if g in seen:
            continue
        seen.add(g)
        a, b = start(g), start(g + 1)
        if b - a < 10 or struct.unpack_from(">h", glyf, a)[0] >= 0:
            continue
        p = a + 10
        while True:             # composite: flags, glyphIndex, args...
            flags, comp = struct.unpack_from(">HH", glyf, p)
            todo.append(comp)
            p += 4 + (4 if flags & 1 else 2)
            p += 2 if flags & 8 else 4 if flags & 0x40 else \
                8 if flags & 0x80 else 0
            if not flags & 0x20:
                break
    return seen


def instructed_glyphs(t):
    """How many glyphs of the program carry TrueType instructions."""
    long_loca = struct.unpack_from(">h", t["head"], 50)[0] == 1
    loca, glyf = t["loca"], t["glyf"]
    n = struct.unpack_from(">H", t["maxp"], 4)[0]

    def start(g):
        return (struct.unpack_from(">I", loca, 4 * g)[0] if long_loca
                else 2 * struct.unpack_from(">H", loca, 2 * g)[0])
    count = 0
    for g in range(n):
        a, b = start(g), start(g + 1)
        if b - a < 10:
            continue
        nc = struct.unpack_from(">h", glyf, a)[0]
        if nc >= 0:             # simple: after endPtsOfContours
            count += struct.unpack_from(">H", glyf, a + 10 + 2 * nc)[0] > 0
            continue
        p, flags = a + 10, 0x20
        while flags & 0x20:     # composite: WE_HAVE_INSTRUCTIONS (0x100)
            flags = struct.unpack_from(">H", glyf, p)[0]
            p += 4 + (4 if flags & 1 else 2)
            p += 2 if flags & 8 else 4 if flags & 0x40 else \
                8 if flags & 0x80 else 0
            count += bool(flags & 0x100)
    return count


def tounicode_codes(font):
    cmap = font.ToUnicode.read_bytes().decode("latin1")
    return [int(c, 16) for c in
            re.findall(r"^<([0-9A-F]{4})> <[0-9A-F]{4,}>$", cmap, re.M)]


def want_flags(t, codes):
    os2, post = t["OS/2"], t.get("post", b"")
    angle = struct.unpack_from(">i", post, 4)[0] / 65536 if post else 0
    fixed = post and struct.unpack_from(">I", post, 12)[0] != 0
    weight = struct.unpack_from(">H", os2, 4)[0]
    cls, fam, serif = os2[30], os2[32], os2[33]
    italic = angle != 0 or struct.unpack_from(">H", os2, 62)[0] & 1 or \
        struct.unpack_from(">H", t["head"], 44)[0] & 2
    std = all(0x20 <= c <= 0x7E or 0xA0 <= c <= 0xFF or c in STD_LATIN
              for c in codes)
    f = 1 if fixed else 0
    if (cls and (1 <= cls <= 5 or cls == 7)) or \
            (not cls and fam == 2 and 2 <= serif <= 10):
        f |= 2
    f |= 32 if std else 4
    if cls == 10 or (not cls and fam == 3):
        f |= 8
    if italic:
        f |= 64
    if weight >= 600:
        f |= 1 << 18
    return f, angle


def check_font_truth(pdf):
    """Each embedded font: a real subset (the glyphs of the codes drawn
    and their components, nothing else), named by a six-letter tag and
    its PostScript name, its descriptor the values of its own tables."""
    doc = pikepdf.open(pdf)
    fonts, tags = {}, {}
    for page in doc.pages:
        for _, f in page.Resources.get("/Font", {}).items():
            fonts[f.objgen] = f
    for f in fonts.values():
        d = f.DescendantFonts[0]
        fd = d.FontDescriptor
        prog = fd.FontFile2.read_bytes()
        t = sfnt(prog)
        base = str(f.BaseFont)[1:]
        tag, _, name = base.partition("+")
        what = f"font {base}"
        check(re.fullmatch(r"[A-Z]{6}", tag) and tag[:4] != "HPDF" and
              name == ps_name(t["name"]) and str(d.BaseFont)[1:] == base
              and str(fd.FontName)[1:] == base,
              f"{what}: a six-letter tag and the PostScript name of its "
              f"font program ({ps_name(t['name'])!r})")
        tags.setdefault(tag, set()).add(prog)
        check(int(fd.FontFile2.Length1) == len(prog),
              f"{what}: Length1 is the program's length ({len(prog)})")
        info = d.CIDSystemInfo
        check((str(info.Registry), str(info.Ordering), int(info.Supplement))
              == ("Adobe", "Identity", 0),
              f"{what}: CIDSystemInfo Adobe / Identity / 0")
        codes = tounicode_codes(f)
        gmap = d.CIDToGIDMap.read_bytes()
        gids = {0} | {struct.unpack_from(">H", gmap, 2 * c)[0]
                      for c in codes if 2 * c + 2 <= len(gmap)}
        n = struct.unpack_from(">H", t["maxp"], 4)[0]
        need = glyph_closure(t, gids)
        check(n == len(need) and need == set(range(n)),
              f"{what}: a real subset, {n} glyphs: those of its "
              f"{len(codes)} codes and their components")
        upem = struct.unpack_from(">H", t["head"], 18)[0]
        os2 = t["OS/2"]
        cap = struct.unpack_from(">h", os2, 88)[0] * 1000 // upem \
            if len(os2) >= 90 else None
        flags, angle = want_flags(t, codes)
        check(cap is None or fd.get("/CapHeight") == cap,
              f"{what}: CapHeight {fd.get('/CapHeight')} is OS/2's ({cap})")
        check(abs(float(fd.ItalicAngle) - angle) < 0.001,
              f"{what}: ItalicAngle {float(fd.ItalicAngle)} is post's "
              f"({angle})")
        check(int(fd.Flags) == flags,
              f"{what}: Flags {int(fd.Flags)} from its tables and codes "
              f"(want {flags})")
        check(int(fd.StemV) > 0, f"{what}: StemV {int(fd.StemV)} > 0")
        for tab in ("glyf", "head", "hhea", "hmtx", "loca", "maxp"):
            if tab not in t:
                check(False, f"{what}: its program has no '{tab}' table")
        # ISO 32000-1 9.9: cvt, fpgm and prep "if they are required by the
        # font instructions"; ttf.c subsets without hinting: none left
        hinted = [tab for tab in ("cvt ", "fpgm", "prep") if tab in t]
        ins = instructed_glyphs(t)
        check(not hinted and ins == 0,
              f"{what}: no hinting: no cvt/fpgm/prep ({hinted}) and no "
              f"glyph with instructions ({ins})")
    check(all(len(p) == 1 for p in tags.values()),
          f"{len(fonts)} fonts, one program per subset tag")


def check_qpdf(pdf):
    rc, out, err = run("qpdf", "--check", pdf)
    clean = rc == 0 and "WARNING" not in out + err and \
        "No syntax or stream encoding errors found" in out
    check(clean, "qpdf --check finds no errors or warnings" +
          ("" if clean else ": " + (out + err)[-300:]))


def check_streams(pdf):
    """Every stream is compressed but the XMP metadata: pdf.c deflates the
    page contents and the font programs itself and marks them; libharu
    does the rest. The XMP stays readable as it is (ISO 19005-2 6.6.2.1),
    and must be exactly one stream."""
    raw = open(pdf, "rb").read()
    dicts = re.findall(rb"<<((?:(?!<<|>>).|<<(?:(?!>>).)*>>)*)>>\s*stream\r?\n",
                       raw, re.S)
    xmp = [d for d in dicts if b"/Type /Metadata" in d]
    plain = [d for d in dicts if d not in xmp[:1] and
             b"/FlateDecode" not in d and b"/DCTDecode" not in d]
    check(dicts and not plain,
          f"all {len(dicts)} streams compressed" +
          ("" if not plain else f"; not: {plain[0][:80]!r}"))


def body_text(out):
    """pdftotext output with the page-number lines taken out (pages are
    separated by form feeds; a number alone on a page's first or last
    line is that page's number)."""
    pages = out.split("\f")
    for i, pg in enumerate(pages):
        lines = pg.strip("\n").split("\n")
        if lines and lines[0].strip() == str(i + 1):
            lines = lines[1:]
        elif lines and lines[-1].strip() == str(i + 1):
            lines = lines[:-1]
        pages[i] = "\n".join(lines)
    return " ".join(" ".join(pages).split())


def check_text(rep, pdf):
    rc, out, err = run("pdftotext", pdf, "-")
    check(rc == 0 and err == "", "pdftotext prints no warning" +
          ("" if err == "" else ": " + err[:200]))
    text = body_text(out)
    notes = []
    texts = list(body_texts(rep, notes))
    # each note once, read whole; taken out, so that a paragraph that
    # goes on after the notes at the foot of its page reads whole too
    for n in notes:
        check(n in text, f"footnote {n[:60]!r} is extracted whole")
        text = " ".join(text.replace(n, " ", 1).split())
    missing = [(k, t) for k, t in texts if t not in text]
    check(not missing, "every paragraph, quote, list item and heading is "
          "extracted exactly" + "".join(f"\n    missing {k}: {t[:90]!r}"
                                        for k, t in missing[:5]))
    check(unicodedata.normalize("NFC", out) == out, "extracted text is NFC")
    return out


def words(pdf, sizes=None):
    """Words per page; the page's width and height into sizes."""
    rc, out, _ = run("pdftotext", "-bbox", pdf, "-")
    pages = []
    for pg in re.split(r"<page ", out)[1:]:
        if sizes is not None:
            sizes.append((float(re.search(r'width="([\d.]+)"', pg).group(1)),
                          float(re.search(r'height="([\d.]+)"', pg).group(1))))
        ws = [(float(a), float(b), float(c), float(d), t) for a, b, c, d, t in
              re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" '
                         r'xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', pg)]
        pages.append(ws)
    return pages


def margins(rep):
    m = {"top": 20, "bottom": 20, "left": 30, "right": 15}
    m.update(((rep.get("page") or {}).get("margins") or {}))
    return {k: v * MM for k, v in m.items()}


def check_positions(rep, pdf, pw, ph):
    sizes = []
    pages = words(pdf, sizes)
    m = margins(rep)
    numbers = (rep.get("page") or {}).get("page_numbers", "top-center")
    tol = 0.6
    outside = []
    for i, ws in enumerate(pages):
        # a landscape page (a landscape block, an appendix) is the paper
        # turned: its own width and height, the margins as the reader sees
        qw, qh = sizes[i]
        for x0, y0, x1, y1, t in ws:
            inside = (x0 >= m["left"] - tol and
                      x1 <= qw - m["right"] + tol + hang_room(t, y0, y1)
                      and y0 >= m["top"] - tol and y1 <= qh - m["bottom"] + tol)
            in_top = y1 <= m["top"] + tol
            # (page numbers restart in each appendix)
            if not inside and not (numbers == "top-center" and in_top and
                                   t.isdigit()):
                outside.append((i + 1, t, round(x0, 1), round(y0, 1)))
    check(not outside, "no word outside the margins except page numbers" +
          "".join(f"\n    page {p}: {t!r} at {x},{y}" for p, t, x, y in outside[:5]))
    if numbers == "top-center" and len(pages) >= 2:
        top1 = [w for w in pages[0] if w[3] <= m["top"] + tol]
        check(not top1, "no page number on page 1")
        num2 = [w for w in pages[1] if w[3] <= m["top"] + tol and w[4] == "2"]
        # centred over the text column, as a Word header's centre tab is
        mid = (m["left"] + pw - m["right"]) / 2
        centred = num2 and abs((num2[0][0] + num2[0][2]) / 2 - mid) < 1
        check(bool(centred), "page number 2 centred in the top margin of page 2")
    if rep.get("header"):
        check_header(rep, pages[0], m, pw)


def find_line(ws, phrase):
    """Words of the first line whose text contains `phrase`."""
    lines = {}
    for w in ws:
        lines.setdefault(round(w[3]), []).append(w)
    for y in sorted(lines):
        lw = sorted(lines[y], key=lambda w: w[0])
        # a line may hold both header columns: split where the gap is wide
        groups, cur = [], [lw[0]]
        for a, b in zip(lw, lw[1:]):
            if b[0] - a[2] > 20:
                groups.append(cur)
                cur = []
            cur.append(b)
        groups.append(cur)
        for g in groups:
            if phrase in " ".join(w[4] for w in g):
                return g
    return None


def check_header(rep, ws, m, pw):
    h = rep["header"]
    left, right = m["left"], pw - m["right"]
    mid = left + 0.45 * (right - left)
    party = h.get("kind", "state") == "party"
    motto = "ĐẢNG CỘNG SẢN VIỆT NAM" if party else \
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    q = find_line(ws, motto)
    check(q is not None and q[0][0] > mid - 40,
          f"{motto!r} in the right column of page 1")
    ag = find_line(ws, plain(h["agency"]))
    check(ag is not None and ag[-1][2] < mid + 10,
          f"agency {h['agency']!r} in the left column")
    if not party:
        t = find_line(ws, "Độc lập - Tự do - Hạnh phúc")
        check(t is not None and q is not None and t[0][1] > q[0][1],
              "Tiêu ngữ under the Quốc hiệu")
    if h.get("number"):
        pre = "Số " if party else "Số: "
        n = find_line(ws, pre + str(h["number"]))
        check(n is not None and n[-1][2] < mid + 10,
              f"number printed as {pre + str(h['number'])!r} in the left column")
    d = str(h["date"])
    y, mo, da = int(d[:4]), int(d[5:7]), int(d[8:10])
    mos = f"{mo:02d}" if mo <= 2 else str(mo)
    want = f"{h['place']}, ngày {da:02d} tháng {mos} năm {y}"
    pl = find_line(ws, want)
    check(pl is not None and pl[0][0] > mid - 40 and q is not None
          and pl[0][1] > q[0][1], f"place and date {want!r} right, under the motto")
    title = find_line(ws, plain(rep["title"]))
    check(title is not None and pl is not None and title[0][1] > pl[0][1] and
          abs((title[0][0] + title[-1][2]) / 2 - (left + right) / 2) < 3,
          "title centred under the header block")


def main():
    rep_path, pdf = sys.argv[1], sys.argv[2]
    min_pages = 1
    if "--min-pages" in sys.argv:
        min_pages = int(sys.argv[sys.argv.index("--min-pages") + 1])
    rep = load_report(rep_path)
    print(f"# {pdf}")
    n = check_info(rep, pdf)
    check(n >= min_pages, f"{n} pages >= {min_pages}")
    check_fonts(pdf)
    check_font_truth(pdf)
    check_qpdf(pdf)
    check_streams(pdf)
    check_text(rep, pdf)
    size = (rep.get("page") or {}).get("size", "A4")
    w, h = SIZES[size] if isinstance(size, str) else size
    check_positions(rep, pdf, w * MM, h * MM)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
