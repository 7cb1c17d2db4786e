#!/usr/bin/python3
"""Lists, caption numbers and Kính gửi (spec §2 v2, issue 16 points 1, 5
and 6) measured on rendered PDFs.

usage: lists.py BAOCAO TMPDIR

Inputs: tests/structures/lists.yaml, captions.yaml, captions-plain.yaml,
to-several.yaml. Words and their boxes come from pdftotext -bbox-layout,
the order text is drawn in (the content stream, which copy and paste and
screen readers follow) from pdftotext -raw, italic and bold from
pdftohtml -xml.
"""
import os
import re
import shutil
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pdfutil import (MM, Tally, bbox_pages, build, html_texts,  # noqa
                     run, visual_lines)

import yaml  # noqa: E402

LEFT = 30 * MM
WIDTH = (210 - 30 - 15) * MM
CENTRE = LEFT + WIDTH / 2
INDENT = LEFT + 10 * MM
EM_BOX = 1.107          # a word box's height, in em (Liberation Serif)
ALPHA = "a b c d đ e g h i k l m n o p q r s t u v x y".split()
SRC = "tests/structures"

t = Tally()


def load(name):
    with open(os.path.join(SRC, name), encoding="utf-8") as f:
        return yaml.safe_load(f)


def built(name, out):
    rc, pdf, err = build(BIN, os.path.join(SRC, name), out)
    t.check(rc == 0 and pdf and not err.strip(),
            f"{name} builds with no diagnostic", err)
    return pdf if rc == 0 else None


def raw_lines(pdf):
    """pdftotext -raw: the lines in the order their text is drawn."""
    out = run(["pdftotext", "-raw", "-enc", "UTF-8", pdf, "-"])[1]
    return [ln for ln in out.replace("\f", "\n").split("\n") if ln.strip()]


def all_lines(pdf):
    """Visual lines of every page, top to bottom (words left to right)."""
    return [ln for p in bbox_pages(pdf) for ln in visual_lines(p)]


def line_of(lines, words):
    """The first visual line whose words start with `words`."""
    ws = words.split()
    for ln in lines:
        if [w.text for w in ln[:len(ws)]] == ws:
            return ln
    return None


# ------------------------------------------------------------------ lists

def item_texts(items):
    """(text, [nested texts]) of each item of a list as written."""
    out = []
    for it in items:
        if isinstance(it, dict):
            out.append((it["text"], list(it.get("items", []))))
        else:
            out.append((it, []))
    return out


def expected_markers(style, n):
    if style == "number":
        return [f"{i + 1}." for i in range(n)]
    if style == "alpha":
        out = []
        for i in range(n):
            k, s = i + 1, ""
            while k > 0:
                k -= 1
                s = ALPHA[k % 23] + s
                k //= 23
            out.append(s + ")")
        return out
    return ["-"] * n


def check_reading_order(name, raw, style, items):
    """Each item reads marker first, then its text (pdftotext -raw)."""
    want = []
    marks = expected_markers(style, len(items))
    sub = "+" if style == "dash" else "-"
    for m, (text, subs) in zip(marks, items):
        want.append(f"{m} {text.split()[0]}")
        want += [f"{sub} {s.split()[0]}" for s in subs]
    starts = [ln for ln in raw if re.match(r"^(\S{1,4}) \S", ln)]
    got = []
    for w in want:
        hit = [ln for ln in starts if ln.startswith(w + " ") or ln == w]
        got.append(bool(hit))
    t.check(all(got), f"{name}: {style} list: every item reads marker "
            f"first, then its text (pdftotext -raw: "
            f"{', '.join(want[:4])} ...)",
            [w for w, g in zip(want, got) if not g])
    return want


def item_lines(lines, marker, text):
    """The index of the visual line of an item: its marker, then the
    first words of its text."""
    ws = text.split()[:3]
    for i, ln in enumerate(lines):
        if len(ln) > len(ws) and ln[0].text == marker and \
                [w.text for w in ln[1:len(ws) + 1]] == ws:
            return i
    return -1


def check_alignment(name, lines, style, items, wrapped):
    """Markers left of the text at one x, text at one x after them;
    wrapped lines of an item start at its text's x; nested markers under
    the text, nested text after them."""
    marks = expected_markers(style, len(items))
    sub = "+" if style == "dash" else "-"
    mx, tx, sx, stx, bad = [], [], [], [], []
    for m, (text, subs) in zip(marks, items):
        i = item_lines(lines, m, text)
        if i < 0:
            bad.append(f"no line '{m} {text.split()[0]}'")
            continue
        ln = lines[i]
        mx.append(ln[0].x0)
        tx.append(ln[1].x0)
        if ln[0].x1 >= ln[1].x0:
            bad.append(f"marker {m} ends at {ln[0].x1:.2f}, past the "
                       f"text at {ln[1].x0:.2f}")
        if text in wrapped:
            nxt = lines[i + 1]
            if abs(nxt[0].x0 - ln[1].x0) > 0.05:
                bad.append(f"wrapped line of {m} starts at "
                           f"{nxt[0].x0:.2f}, not at the text's "
                           f"{ln[1].x0:.2f}")
        for s in subs:
            j = item_lines(lines, sub, s)
            if j < 0:
                bad.append(f"no line '{sub} {s.split()[0]}'")
                continue
            sx.append(lines[j][0].x0)
            stx.append(lines[j][1].x0)
            if s in wrapped and abs(lines[j + 1][0].x0 -
                                    lines[j][1].x0) > 0.05:
                bad.append(f"wrapped line of nested {s[:20]!r} starts at "
                           f"{lines[j + 1][0].x0:.2f}, not at "
                           f"{lines[j][1].x0:.2f}")
    same = (lambda v: not v or max(v) - min(v) < 0.05)
    t.check(not bad and mx and abs(mx[0] - INDENT) < 0.05 and same(mx) and
            same(tx), f"{name}: {style} list: markers at the paragraph "
            f"indent ({INDENT:.2f}), left of the text, which starts at one "
            f"x ({tx[0] if tx else 0:.2f}); wrapped lines aligned with it",
            "\n".join(bad) + f"\nmarkers {mx}\ntext {tx}")
    if sx:
        t.check(same(sx) and same(stx) and abs(sx[0] - tx[0]) < 0.05 and
                stx[0] > sx[0] + 2, f"{name}: {style} list: nested "
                f"'{sub}' markers under the item's text ({sx[0]:.2f}), "
                f"their text hanging after them ({stx[0]:.2f})",
                f"nested markers {sx}\nnested text {stx}")


def check_lists(out):
    name = "lists.yaml"
    pdf = built(name, out)
    if not pdf:
        return
    raw = raw_lines(pdf)
    lines = all_lines(pdf)
    lists = [b["list"] for b in load(name)["body"] if "list" in b]
    wrapped = set()
    for ln_list in lists:
        items = ln_list["items"] if isinstance(ln_list, dict) else ln_list
        for text, subs in item_texts(items):
            for s in [text] + subs:
                if len(s) > 90:
                    wrapped.add(s)
    for lst in lists:
        style = lst.get("style", "dash") if isinstance(lst, dict) \
            else "dash"
        items = item_texts(lst["items"] if isinstance(lst, dict) else lst)
        check_reading_order(name, raw, style, items)
        check_alignment(name, lines, style, items, wrapped)
    alpha = [b["list"] for b in load(name)["body"]
             if isinstance(b.get("list"), dict) and
             b["list"].get("style") == "alpha"][0]
    got = [ln[0].text for ln in lines
           if len(ln) > 1 and re.fullmatch(r"[a-zđ]{1,2}\)", ln[0].text)]
    want = expected_markers("alpha", len(alpha["items"]))
    t.check(got == want and "đ)" in got and "aa)" in got and
            "f)" not in got and "w)" not in got,
            f"{name}: alpha markers in the Vietnamese order, đ) after d), "
            f"no f) j) w) z), aa) ab) after y) ({' '.join(got[:6])} ... "
            f"{' '.join(got[-3:])})", f"got  {got}\nwant {want}")
    # the marker is drawn before the item's text in the content stream
    first = raw.index(next(ln for ln in raw if ln.startswith("a) ")))
    t.check(raw[first].startswith("a) Mục một") and
            raw[first + 1].startswith("b) Mục hai"),
            f"{name}: content stream order: each marker just before its "
            f"item's words ({raw[first]!r}, {raw[first + 1]!r})")


# --------------------------------------------------------------- captions

CAP = re.compile(r"^(Bảng|Hình|Biểu đồ) (\d+)\. (.*)$")


def expected_captions(doc):
    """(kind, caption) in document order, as spec §2 v2 numbers them."""
    out = []
    for b in doc["body"]:
        k, v = next(iter(b.items())) if isinstance(b, dict) else (b, None)
        if not isinstance(v, dict) or not v.get("caption"):
            continue
        if k == "image":
            out.append(("Hình", v["caption"]))
        else:
            out.append(("Bảng", v["caption"]))
        if k == "staffing_history" and v.get("chart"):
            out.append(("Biểu đồ", v["caption"]))
    num, res = {}, []
    for kind, cap in out:
        num[kind] = num.get(kind, 0) + 1
        res.append(f"{kind} {num[kind]}. {cap}")
    return res


def continuation_pages(pdf, first_row, caption_page_text):
    """0-based pages holding rows of the long table ("Phường số") other
    than the page of its caption."""
    pages = bbox_pages(pdf)
    out = []
    for i, p in enumerate(pages):
        words = [w.text for ln in p for w in ln]
        text = " ".join(words)
        if first_row in text and caption_page_text not in text:
            out.append(i)
    return out


def check_continuations(name, pdf, cont, caption):
    """On every page the long table continues on: `cont` once, italic,
    not bold, centred, above the repeated header, first in reading
    order."""
    pages = continuation_pages(pdf, "Phường số", caption)
    html = html_texts(pdf)
    bad = []
    for pi in pages:
        here = [x for x in html if x[0] == pi + 1]
        c = [x for x in here if x[5].strip() == cont]
        hd = [x for x in here if x[5].strip() == "Đơn vị" and x[4]]
        if len(c) != 1:
            bad.append(f"page {pi + 1}: {len(c)} lines {cont!r}")
            continue
        c = c[0]
        if not c[6] or c[4]:
            bad.append(f"page {pi + 1}: {cont!r} is not italic upright")
        if not hd or not c[1] < hd[0][1]:
            bad.append(f"page {pi + 1}: {cont!r} not above the header")
        if abs(c[2] + c[3] / 2 - CENTRE) > 1.5:
            bad.append(f"page {pi + 1}: {cont!r} not centred "
                       f"({c[2] + c[3] / 2:.1f})")
        raw = raw_lines_page(pdf, pi + 1)
        if not raw or raw[0].strip() != cont:
            bad.append(f"page {pi + 1}: reading order starts with "
                       f"{raw[:1]}")
    t.check(len(pages) >= 2 and not bad, f"{name}: {cont!r} italic, "
            f"centred, above the repeated header and first in reading "
            f"order on each of the {len(pages)} continuation pages",
            "\n".join(bad))


def raw_lines_page(pdf, n):
    out = run(["pdftotext", "-raw", "-enc", "UTF-8", "-f", str(n), "-l",
               str(n), pdf, "-"])[1]
    return [ln for ln in out.split("\n") if ln.strip()]


def check_captions(out):
    name = "captions.yaml"
    pdf = built(name, out)
    if not pdf:
        return
    doc = load(name)
    want = expected_captions(doc)
    raw = raw_lines(pdf)
    got = [ln for ln in raw if CAP.match(ln)]
    t.check(got == want, f"{name}: captions numbered through the report "
            f"in document order, each kind on its own ({'; '.join(want)})",
            f"got  {got}\nwant {want}")
    html = html_texts(pdf)
    styles = {}
    for x in html:
        m = CAP.match(x[5].strip())
        if m:
            styles[m.group(1)] = (x[4], x[6])
    t.check(styles.get("Bảng") == (True, False) and
            styles.get("Hình") == (False, True) and
            styles.get("Biểu đồ") == (False, True),
            f"{name}: table captions bold, image and chart captions italic, "
            f"number and text alike ({styles})")
    long_cap = [c for c in want if "Số văn bản đến" in c][0]
    n = CAP.match(long_cap).group(2)
    check_continuations(name, pdf, f"Bảng {n} (tiếp theo)", long_cap)

    name = "captions-plain.yaml"
    pdf = built(name, out)
    if not pdf:
        return
    raw = raw_lines(pdf)
    nums = [ln for ln in raw if CAP.match(ln) or
            re.match(r"^(Bảng|Hình|Biểu đồ) \d", ln)]
    caps = [re.sub(r"^\S+ \d+\. ", "", c) for c in want]
    caps = [c.replace("Biểu đồ 1. ", "") for c in caps]
    missing = [c for c in caps if c not in raw]
    t.check(not nums and not missing, f"{name}: caption_numbers: false "
            f"prints every caption as written, unnumbered (the chart takes "
            f"the history's caption)", f"numbered: {nums}\nmissing: "
            f"{missing}")
    check_continuations(name, pdf, "(tiếp theo)",
                        "Số văn bản đến theo đơn vị")


# -------------------------------------------------------------- Kính gửi

def check_to_one(out):
    name = "lists.yaml"
    pdf = os.path.join(out, "lists.pdf")
    if not os.path.exists(pdf):
        return
    to = load(name)["to"]
    lines = all_lines(pdf)
    ln = line_of(lines, "Kính gửi:")
    sub = line_of(lines, load(name)["subtitle"])
    text = " ".join(w.text for w in ln) if ln else ""
    t.check(text == f"Kính gửi: {to}", f"{name}: one recipient on the "
            f"label's line, as written ({text!r})")
    if not ln:
        return
    mid = (ln[0].x0 + ln[-1].x1) / 2
    size = (ln[0].y1 - ln[0].y0) / EM_BOX
    t.check(abs(mid - CENTRE) < 1.0 and abs(size - 14) < 0.1 and
            sub and ln[0].y0 > sub[0].y1,
            f"{name}: 'Kính gửi: …' under the title block, centred "
            f"(middle {mid:.2f}, text centre {CENTRE:.2f}), 14 pt "
            f"({size:.2f})")


def check_to_several(out):
    name = "to-several.yaml"
    pdf = built(name, out)
    if not pdf:
        return
    doc = load(name)
    lines = all_lines(pdf)
    first = line_of(lines, "Kính gửi: -")
    if not t.check(first is not None, f"{name}: the first recipient on "
                   f"the label's line, after '- '"):
        return
    i = lines.index(first)
    block = [first]
    for ln in lines[i + 1:]:
        if ln[0].y0 - block[-1][0].y1 > 8 or ln[0].x0 < first[2].x0 - 0.5:
            break
        block.append(ln)
    dash_x = first[2].x0
    text_x = first[3].x0
    dashes = [ln for ln in block if ln[0].text == "-"] + [first]
    conts = [ln for ln in block[1:] if ln[0].text != "-"]
    t.check(len(dashes) - 1 == len(doc["to"]) - 1 and
            all(abs(ln[0].x0 - dash_x) < 0.05 for ln in dashes[:-1]) and
            all(abs(ln[1].x0 - text_x) < 0.05 for ln in dashes[:-1]),
            f"{name}: each further recipient on its own line after '- ', "
            f"dash under the first dash ({dash_x:.2f}), text under its "
            f"text ({text_x:.2f})",
            [(ln[0].x0, ln[1].x0) for ln in dashes])
    t.check(conts and all(abs(ln[0].x0 - text_x) < 0.05 for ln in conts),
            f"{name}: a recipient too long for one line wraps under its "
            f"text ({[round(ln[0].x0, 2) for ln in conts]})")
    ends = []
    for ln in [first] + block[1:]:
        if ln[0].text == "-" or ln is first:
            ends.append("")
        ends[-1] += " ".join(w.text for w in ln) + " "
    ends = [re.sub(r"^Kính gửi: ", "", e.strip()) for e in ends]
    want = []
    for k, r in enumerate(doc["to"]):
        r = re.sub(r"^- *", "", r)
        if not r.endswith((";", ".")):
            r += "." if k == len(doc["to"]) - 1 else ";"
        want.append("- " + r)
    t.check(ends == want, f"{name}: ';' after each recipient, '.' after "
            f"the last, none doubled, a '- ' written not doubled",
            f"got  {ends}\nwant {want}")
    x0 = min(ln[0].x0 for ln in block)
    x1 = max(ln[-1].x1 for ln in block)
    t.check(abs((x0 + x1) / 2 - CENTRE) < 1.5, f"{name}: the block "
            f"(label and widest line) centred ({(x0 + x1) / 2:.2f} vs "
            f"{CENTRE:.2f})")


def main():
    global BIN
    BIN, tmp = sys.argv[1], sys.argv[2]
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    out = os.path.join(tmp, "out")
    check_lists(out)
    check_captions(out)
    check_to_one(out)
    check_to_several(out)
    t.close()


if __name__ == "__main__":
    main()
