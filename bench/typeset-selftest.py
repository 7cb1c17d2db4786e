#!/usr/bin/env python3
"""typeset-selftest.py - checks that bench/typeset.py detects what it counts.

Feeds the measuring code of typeset.py synthetic word boxes (no PDF): three
pages with a paragraph leaving one line at the foot of page 1 (an orphan),
one leaving its last line alone at the top of page 3 (a widow), and
justified lines 4 pt past the right margin (overfull). Exits 1 unless
exactly those are found, so a bench that reports zero widows, orphans and
overfull lines is not vacuously zero. Run by `make bench-typeset`.
"""
import importlib.util
import os
import sys

sys.dont_write_bytecode = True

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location(
    "ts", os.path.join(HERE, "typeset.py"))
ts = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ts)

# A4, margins 30/15 mm, 13 pt Liberation Serif: word box 14.391 pt high,
# baselines 17.177 pt apart, indent 10 mm; words end 4 pt before the next.
L, R, H = 85.039, 552.76, 14.391


def line(x0, base, words, x1=R):
    n = len(words)
    step = (x1 - x0) / n
    return [(x0 + i * step, base - H, x0 + (i + 1) * step - 4.0, base, w) for i, w in enumerate(words)]


def para(y, nlines, start_indent, tag, last_ragged=True, over=0.0):
    ls = []
    for i in range(nlines):
        x0 = L + 28.346 if (i == 0 and start_indent) else L
        x1 = R - 100 if (last_ragged and i == nlines - 1) else R + 4.0 + over
        ls.append(line(x0, y + i * 17.177, [f"{tag}{i}w{j}" for j in range(12)], x1))
    return ls


# page 1: a 3-line paragraph, then a paragraph with ONE line at the bottom (orphan)
p1 = [para(100, 3, True, "a"),
      para(100 + 3 * 17.177 + 6, 1, True, "b", last_ragged=False)]
# page 2: the rest of b (4 lines), d (its first line 3 pt past the margin:
# overfull), c whose last line alone goes to page 3 (a widow)
p2 = [para(72.5, 4, False, "b"), para(170, 2, True, "d", over=3.0),
      para(250, 5, True, "c", last_ragged=False)]
p3 = [para(72.5, 1, False, "c")]
ts.read_pdf = lambda pdf: [(595.28, 841.89, p) for p in (p1, p2, p3)]


def txt(tag, n):
    return ts.plain("".join(f"{tag}{i}w{j}" for i in range(n)
                            for j in range(12)))


b = txt("b", 1) + txt("b", 4)
info = dict(margins={k: v * ts.MM for k, v in
                     dict(top=20, bottom=20, left=30, right=15).items()},
            size=13, indent=10 * ts.MM,
            paras=[txt("a",3), b, txt("c",5)+txt("c",1), txt("d",2)], heads=[])
m = ts.measure("x.pdf", info)
ok = ([p for p, _ in m["orphans"]] == [1] and [p for p, _ in m["widows"]] == [3]
      and [p for p, _ in m["splits"]] == [1, 2] and not m["unmatched"]
      and [p for p, _ in m["overfull"]] == [2])
print("typeset-selftest:", "ok" if ok else "FAILED",
      f"(orphans {m['orphans'] and [p for p, _ in m['orphans']]}, widows "
      f"{[p for p, _ in m['widows']]}, splits {m['splits']}, "
      f"overfull {len(m['overfull'])}, unmatched {len(m['unmatched'])})")
sys.exit(0 if ok else 1)
