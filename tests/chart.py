#!/usr/bin/python3
"""tests/chart.py BIN TMPDIR - the staffing-history chart (spec §2a (v2);
issue 17 points 4 and 6; src/chart.c, baocao-report(5) "The chart"),
read back from the PDFs.

The geometry comes from the page's content stream (pikepdf): filled
rectangles (`re` ... `f`) with their fill grey (`g`): bars (0.45), range
caps (0.82), gridlines (0.75, 0.4 pt high). The words come from
pdftotext -bbox. For every chart: the y axis starts at 0 with ticks at a
round step (1, 2, 5 x 10^n; 4 to 8 ticks) and a gridline at each tick's
y; every bar stands on one common zero line and is as tall as its value
at one scale; a range [lo, hi] is a dark bar up to lo and a lighter cap
from lo to hi, explained by a legend; every period's name is printed
once under its own slot and a period without a figure shows "—" there;
values above their bars; no two words' boxes overlap; the chart and its
numbered caption are on one page (also when the chart falls at a page
end). Inputs: the charts of 3, 8 and 15 periods generated here, the
samples, tests/tables/chart.yaml. Called by tests/chart.sh."""
import os
import re
import shutil
import sys

import pikepdf
import yaml

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pdfutil import Tally, bbox_pages, build  # noqa: E402

BIN = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/baocao")
T = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else "tests/tmp-chart")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BAR, CAP, GRID = 0.45, 0.82, 0.75
t = Tally()


# ---------------------------------------------------------------- inputs

def history(periods, caption="Biên chế qua các thời kỳ"):
    return {"staffing_history": {"caption": caption, "chart": True,
                                 "periods": periods}}


def report(blocks):
    return {"title": "BÁO CÁO", "meta": {"date": "2025-08-28"},
            "body": [{"heading": "BIÊN CHẾ QUA CÁC THỜI KỲ"}] + blocks}


P3 = [{"period": "2004", "staff": 13},
      {"period": "2005 - 2010", "staff": [30, 42]},
      {"period": "2011 - 2015", "units": 8}]
P8 = [{"period": "1945 - 1949", "units": 4},
      {"period": "1949 - 1950", "units": 7},
      {"period": "1950 - 1954", "units": 6},
      {"period": "1955 - 1975", "staff": [70, 95]},
      {"period": "1976 - 1985", "units": 9},
      {"period": "1987", "units": 10, "staff": 92},
      {"period": "2005", "staff": 96},
      {"period": "2006 - nay", "units": 11, "staff": [100, 107]}]
# 15 periods with the hardest labels: names without a space to break at,
# long names, wide ranges (two lines at the smallest size), no figure in
# the first and last slots.
P15 = [{"period": "1945-1949", "units": 4},
       {"period": "1950 - 1954", "staff": 12},
       {"period": "Kháng chiến chống Mỹ", "staff": [1000, 1250]},
       {"period": "1976-1980", "staff": 1100},
       {"period": "1981 - 1985", "staff": [1200, 1348]},
       {"period": "1986", "staff": 980},
       {"period": "1987 - 1990", "units": 3},
       {"period": "1991", "staff": 1015},
       {"period": "Thời kỳ đổi mới", "staff": [1020, 1105]},
       {"period": "2001-2005", "staff": 7},
       {"period": "2006", "staff": 1300},
       {"period": "2007 - 2010", "staff": [1310, 1377]},
       {"period": "2011", "staff": 999},
       {"period": "2016 - 2020", "staff": 1264},
       {"period": "2021 - nay", "units": 12}]


def write(name, doc):
    path = os.path.join(T, name)
    with open(path, "w", encoding="utf-8") as f:
        yaml.safe_dump(doc, f, allow_unicode=True, sort_keys=False)
    return path


def vi_int(v):
    return int(str(v).replace(".", ""))


def fmt(v):
    return f"{v:,}".replace(",", ".")


def expected(periods):
    """[(name, lo, hi, is_range, label)] per period (lo None: no figure)."""
    out = []
    for p in periods:
        s = p.get("staff")
        if s is None:
            out.append((str(p["period"]), None, None, False, "—"))
        elif isinstance(s, list):
            lo, hi = vi_int(s[0]), vi_int(s[1])
            out.append((str(p["period"]), lo, hi, True,
                        f"{fmt(lo)}–{fmt(hi)}"))
        else:
            v = vi_int(s)
            out.append((str(p["period"]), v, v, False, fmt(v)))
    return out


# ---------------------------------------------------------------- reading

def filled_rects(pdf, pageno):
    """Filled rectangles of a page: (x0, y0, x1, y1, grey), y down from
    the top of the page (as pdftotext gives words)."""
    with pikepdf.open(pdf) as doc:
        page = doc.pages[pageno - 1]
        height = float(page.mediabox[3]) - float(page.mediabox[1])
        grey, pend, out = 0.0, [], []
        for operands, op in pikepdf.parse_content_stream(page):
            op = str(op)
            if op == "g":
                grey = float(operands[0])
            elif op == "re":
                pend.append([float(v) for v in operands])
            elif op in ("f", "f*", "F"):
                for x, y, w, h in pend:
                    out.append((min(x, x + w), height - max(y, y + h),
                                max(x, x + w), height - min(y, y + h), grey))
                pend = []
            elif op in ("S", "s", "n", "B", "b", "B*", "b*"):
                pend = []
    return out


def overlap(a, b, tol=0.1):
    return (min(a.x1, b.x1) - max(a.x0, b.x0) > tol and
            min(a.y1, b.y1) - max(a.y0, b.y0) > tol)


class Chart:
    """The chart of one page: its rects and words sorted into parts."""

    def __init__(self, pdf, pages, pageno):
        self.page = pageno
        words = [w for ln in pages[pageno - 1] for w in ln]
        rs = filled_rects(pdf, pageno)
        self.grid = sorted((r for r in rs if abs(r[4] - GRID) < 1e-3 and
                            r[3] - r[1] < 1), key=lambda r: r[1])
        shaded = [r for r in rs if abs(r[4] - BAR) < 1e-3 or
                  abs(r[4] - CAP) < 1e-3]
        # legend swatches: small squares under the plot
        self.swatches = [r for r in shaded if abs((r[2] - r[0]) -
                         (r[3] - r[1])) < 0.01 and r[2] - r[0] < 9]
        self.bars = [r for r in shaded if r not in self.swatches]
        self.axis = max(r[3] for r in self.bars if abs(r[4] - BAR) < 1e-3)
        self.left = min(r[0] for r in self.grid)
        self.right = max(r[2] for r in self.grid)
        top = self.grid[0][1] if self.grid else self.axis
        cap = [w for w in words if w.text.startswith("Biểu") and
               w.y0 > self.axis]
        self.caption = min(cap, key=lambda w: w.y0) if cap else None
        titles = [w for w in words if w.text == "Số" and w.y1 < top]
        self.title = max(titles, key=lambda w: w.y0) if titles else None
        y0 = self.title.y0 - 0.5 if self.title else top - 40
        y1 = self.caption.y0 if self.caption else self.axis + 80
        self.words = [w for w in words if w.y0 >= y0 and w.y1 <= y1 + 0.5]


def chart_pages(pdf, pages):
    """Pages whose content stream draws chart bars (grey 0.45)."""
    out = []
    for i in range(len(pages)):
        if any(abs(r[4] - BAR) < 1e-3 for r in filled_rects(pdf, i + 1)):
            out.append(i + 1)
    return out


# ---------------------------------------------------------------- checks

def check_ticks(name, c, exp):
    """Ticks at 0, s, 2s … (s = 1, 2, 5 x 10^n, 4..8 ticks), each on a
    gridline; returns the scale (pt per person) or None."""
    nums = [w for w in c.words if w.x1 <= c.left + 0.5 and
            re.fullmatch(r"[\d.]+", w.text)]
    vals = sorted(vi_int(w.text) for w in nums)
    step = vals[1] - vals[0] if len(vals) > 1 else 0
    mant = step // 10 ** (len(str(step)) - 1) if step > 0 else 0
    maxv = max([e[2] for e in exp if e[2] is not None] or [0])
    ok = (len(vals) >= 4 and len(vals) <= 8 and vals[0] == 0 and
          mant in (1, 2, 5) and step == 10 ** (len(str(step)) - 1) * mant
          and vals == [k * step for k in range(len(vals))] and
          vals[-1] >= maxv)
    t.check(ok, f"{name}: y axis from 0, {len(vals)} ticks at a round "
            f"step {step} covering the largest figure {maxv}",
            f"tick labels {vals}")
    if not ok:
        return None
    scale = (c.axis - (c.grid[0][1] + c.grid[0][3]) / 2) / vals[-1]
    bad = []
    for w in nums:
        y = c.axis - vi_int(w.text) * scale
        g = [r for r in c.grid if abs((r[1] + r[3]) / 2 - y) < 0.3]
        if vi_int(w.text) > 0 and not g:
            bad.append(f"no gridline at tick {w.text} (y {y:.2f})")
        if abs((w.y0 + w.y1) / 2 - y) > 2.5:
            bad.append(f"tick label {w.text} centred at "
                       f"{(w.y0 + w.y1) / 2:.2f}, its line at {y:.2f}")
    t.check(not bad and len(c.grid) == len(vals) - 1,
            f"{name}: a light gridline (grey {GRID}) across the plot at "
            f"each tick's y, the tick value beside it", "\n".join(bad))
    return scale


def columns(c):
    """Bars grouped by column (same x), left to right."""
    cols = {}
    for r in c.bars:
        cols.setdefault(round((r[0] + r[2]) / 2, 1), []).append(r)
    return [sorted(cols[k], key=lambda r: -r[3]) for k in sorted(cols)]


def check_bars(name, c, exp, scale):
    figs = [e for e in exp if e[1] is not None]
    cols = columns(c)
    t.check(len(cols) == len(figs), f"{name}: one bar per period with a "
            f"figure ({len(figs)}), none for the others", f"{len(cols)} bars")
    if len(cols) != len(figs) or scale is None:
        return None
    bad = []
    for e, col in zip(figs, cols):
        _, lo, hi, rng, _ = e
        base = col[0]
        if abs(base[4] - BAR) > 1e-3 or abs(base[3] - c.axis) > 0.05:
            bad.append(f"{e[0]}: the dark bar does not start at zero")
        if abs((base[3] - base[1]) - lo * scale) > 0.1:
            bad.append(f"{e[0]}: dark bar {base[3] - base[1]:.2f} pt, "
                       f"{lo} x scale = {lo * scale:.2f}")
        if rng and hi > lo:
            cap = col[1] if len(col) > 1 else None
            if cap is None or abs(cap[4] - CAP) > 1e-3:
                bad.append(f"{e[0]}: no lighter cap")
            elif (abs(cap[3] - base[1]) > 0.05 or
                  abs((c.axis - cap[1]) - hi * scale) > 0.1):
                bad.append(f"{e[0]}: cap {c.axis - cap[3]:.2f}-"
                           f"{c.axis - cap[1]:.2f} pt, expected "
                           f"{lo * scale:.2f}-{hi * scale:.2f}")
        elif len(col) != 1:
            bad.append(f"{e[0]}: {len(col)} rects for a plain bar")
    t.check(not bad, f"{name}: every bar rises from one zero line, its "
            f"height proportional to its value; a range's cap (grey "
            f"{CAP}) goes from its low to its high value", "\n".join(bad))
    # the slots: centres equally spaced, period i at left + slot (i + .5)
    idx = [i for i, e in enumerate(exp) if e[1] is not None]
    cx = [(col[0][0] + col[0][2]) / 2 for col in cols]
    if len(idx) < 2:
        return None
    slot = (cx[-1] - cx[0]) / (idx[-1] - idx[0])
    x0 = cx[0] - slot * (idx[0] + 0.5)
    t.check(all(abs(x0 + slot * (i + 0.5) - x) < 0.05 for i, x in
                zip(idx, cx)) and abs(x0 - c.left) < 0.05 and
            abs(x0 + slot * len(exp) - c.right) < 0.05,
            f"{name}: {len(exp)} equal slots across the plot, one per "
            f"period in order (those without a figure keep theirs)")
    return x0, slot, cols


def label_text(ws):
    """A wrapped period name read back, its words in reading order (lines
    top to bottom); compared without the spaces, since a wrapped line
    end is a space to pdftotext and a name too wide for its slot wraps
    before its hyphen ("1945-1949" reads "1945 -1949")."""
    ws = sorted(ws, key=lambda w: (round(w.y1), w.x0))
    return "".join(w.text for w in ws)


def check_labels(name, c, exp, geo):
    x0, slot, cols = geo
    legend_y = [(r[1] + r[3]) / 2 for r in c.swatches]
    under, over = {}, {}
    stray = []
    for w in c.words:
        if w.x0 < c.left - 0.5 or w.y1 <= c.title.y1 + 0.5 or (legend_y and abs((w.y0 + w.y1) / 2 -
                                                    legend_y[0]) < 6):
            continue
        i = int(((w.x0 + w.x1) / 2 - x0) // slot)
        if not 0 <= i < len(exp):
            stray.append(w)
            continue
        (under if w.y0 > c.axis else over).setdefault(i, []).append(w)
    bad = []
    for i, e in enumerate(exp):
        got = label_text(under.get(i, []))
        if got != "".join(e[0].split()):
            bad.append(f"slot {i}: {got!r}, expected {e[0]!r}")
    t.check(not bad and not stray, f"{name}: every period's name printed "
            f"once, under its own slot", "\n".join(bad + [repr(w) for w
                                                         in stray]))
    bad = []
    for i, e in enumerate(exp):
        ws = sorted(over.get(i, []), key=lambda w: (round(w.y1), w.x0))
        got = "".join(w.text for w in ws)
        if got != e[4]:
            bad.append(f"slot {i}: {got!r} above the axis, expected "
                       f"{e[4]!r}")
        elif e[1] is None and not (c.axis - 12 < ws[-1].y1 <= c.axis):
            bad.append(f"slot {i}: the dash is not on the axis")
    for e, col in zip([e for e in exp if e[1] is not None], cols):
        i = exp.index(e)
        top = min(r[1] for r in col)
        if over.get(i) and max(w.y1 for w in over[i]) > top + 0.5:
            bad.append(f"{e[0]}: its value runs into its bar")
    t.check(not bad, f"{name}: each value above its bar (\"a–b\" for a "
            f"range), \"—\" on the axis for a period without a figure",
            "\n".join(bad))
    bad = [f"{a!r} / {b!r}" for k, a in enumerate(c.words)
           for b in c.words[k + 1:] if overlap(a, b)]
    t.check(not bad, f"{name}: no two labels of the chart overlap "
            f"({len(c.words)} words)", "\n".join(bad))


def check_legend(name, c, exp):
    rng = any(e[3] and e[2] > e[1] for e in exp if e[1] is not None)
    greys = sorted(round(r[4], 2) for r in c.swatches)
    text = " ".join(w.text for w in c.words)
    has = "mức thấp của khoảng" in text and "đến mức cao" in text
    if rng:
        t.check(greys == [BAR, CAP] and has and
                all(r[1] > c.axis for r in c.swatches),
                f"{name}: a legend under the plot explains the two greys",
                f"swatches {greys}, text found: {has}")
    else:
        t.check(not greys and not has, f"{name}: no range, no legend")
    t.check(CAP - BAR >= 0.25 and BAR <= 0.6 and CAP <= 0.9 and
            GRID <= 0.9, f"{name}: greys a laser printer reproduces "
            f"(bar {BAR}, cap {CAP}, grid {GRID})")


def check_chart(name, pdf, periods, number=None):
    pages = bbox_pages(pdf)
    cp = chart_pages(pdf, pages)
    if not t.check(len(cp) == 1, f"{name}: one page draws the chart",
                   f"pages {cp}"):
        return
    c = Chart(pdf, pages, cp[0])
    cap = f"Biểu đồ {number}." if number else "Biểu đồ"
    line = ""
    if c.caption:
        line = " ".join(w.text for ln in pages[c.page - 1] for w in ln
                        if abs(w.y1 - c.caption.y1) < 1)
    t.check(c.caption is not None and line.startswith(cap) and
            c.title is not None and c.title.y1 < c.axis,
            f"{name}: the axis title \"Số người\", the chart and its "
            f"caption \"{cap} …\" on one page (p. {c.page})", line)
    exp = expected(periods)
    scale = check_ticks(name, c, exp)
    geo = check_bars(name, c, exp, scale)
    if geo:
        check_labels(name, c, exp, geo)
    check_legend(name, c, exp)


def built(name, path):
    rc, pdf, err = build(BIN, path, T)
    t.check(rc == 0 and pdf is not None and err == "", f"{name}: builds "
            f"without a diagnostic", err)
    return pdf if rc == 0 else None


def sample_periods(path):
    with open(path, encoding="utf-8-sig") as f:
        d = yaml.safe_load(f)
    for blk in d.get("body") or []:
        if isinstance(blk, dict) and "staffing_history" in blk:
            h = blk["staffing_history"]
            if h.get("chart"):
                return h["periods"]
    return None


def main():
    shutil.rmtree(T, ignore_errors=True)
    os.makedirs(T)
    for n, ps in ((3, P3), (8, P8), (15, P15)):
        name = f"chart-{n}.yaml"
        pdf = built(name, write(name, report([history(ps)])))
        if pdf:
            check_chart(f"{n} periods", pdf, ps, 1)
    # the same 15 periods on a landscape page
    name = "chart-15-landscape.yaml"
    pdf = built(name, write(name, report([{"landscape": [history(P15)]}])))
    if pdf:
        check_chart("15 periods, landscape", pdf, P15, 1)
    for y in ("reports/lang-son-ubnd-80-nam.yaml", "reports/lai-chau-ubnd.yaml",
              "tests/tables/chart.yaml"):
        src = os.path.join(ROOT, y)
        d = os.path.join(T, "s-" + os.path.basename(os.path.dirname(src)))
        os.makedirs(d, exist_ok=True)
        rc, pdf, err = build(BIN, src, d)
        if t.check(rc == 0 and pdf, f"{y}: builds", err):
            check_chart(y, pdf, sample_periods(src))
    check_page_end()
    t.close()


def check_page_end():
    """The chart pushed across a page end by 1..16 paragraphs before it:
    it always moves whole, with its caption, to the next page."""
    para = ("Văn phòng đã tham mưu cho Ủy ban nhân dân tỉnh nhiều chủ "
            "trương, chính sách quan trọng trong từng thời kỳ phát triển.")
    bad = []
    for k in range(1, 17):
        name = f"chart-end-{k}.yaml"
        blocks = [{"paragraph": para * 3}] * k + [history(P8)]
        rc, pdf, err = build(BIN, write(name, report(blocks)), T)
        if rc != 0 or pdf is None:
            bad.append(f"{name}: exit {rc} {err}")
            continue
        pages = bbox_pages(pdf)
        cp = chart_pages(pdf, pages)
        if len(cp) != 1:
            bad.append(f"{name}: bars on pages {cp}")
            continue
        c = Chart(pdf, pages, cp[0])
        if c.caption is None or c.title is None:
            bad.append(f"{name}: caption or axis title not on p. {cp[0]}")
    t.check(not bad, "the chart, its axis title and caption stay on one "
            "page wherever the chart falls (16 positions)", "\n".join(bad))


main()
