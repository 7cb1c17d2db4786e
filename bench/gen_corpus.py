#!/usr/bin/env python3
"""gen_corpus.py BIN OUTDIR [BATCH_N] - the benchmark corpus of baocao.

Derived from the sample reports in reports/ (each merged with the files it
`extends`, so every generated report stands alone):

  OUTDIR/pages/p1.yaml, p10.yaml, p100.yaml, p1000.yaml
      reports of about 1, 10, 100 and 1,000 pages: the body blocks of a
      sample cycled (headings numbered per copy) as long as the report
      stays within the page count; the toc and page breaks of the sample
      are kept once, at the start (not in the 1-page report).
  OUTDIR/batch/rNNNN.yaml (BATCH_N of them, default 1000)
      copies of the ~10-page reports with varied names and numbers:
      file and output name, title, document number, date, signer.

Page counts are calibrated with `BIN check` (a check lays the report
out, writes nothing). The corpus depends only on reports/ and BIN's
layout; it is regenerated when either changes (see bench/perf.sh).
"""
import copy
import datetime
import os
import re
import subprocess
import sys

import yaml

SAMPLES = ["lai-chau-ubnd.yaml", "lang-son-ubnd-80-nam.yaml",
           "lang-son-tinh-uy.yaml"]
SIGNERS = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường",
           "Phạm Thu Dung", "Hoàng Minh Đức", "Vũ Thị Hạnh",
           "Đặng Quốc Khánh", "Bùi Thanh Long", "Đỗ Thị Mai",
           "Ngô Đức Nghĩa", "Dương Văn Phúc", "Lý Thị Quỳnh"]


def merge(base, over):
    """The spec's deep merge: mappings key by key, the rest replaced."""
    if isinstance(base, dict) and isinstance(over, dict):
        out = dict(base)
        for k, v in over.items():
            out[k] = merge(base[k], v) if k in base else v
        return out
    return over


def csv_paths(node, folder):
    """{csv: FILE} (rows, units, items read from a CSV file) made
    absolute: the file is named relative to the YAML that names it, and
    the generated reports live elsewhere."""
    if isinstance(node, dict):
        if set(node) == {"csv"} and isinstance(node["csv"], str):
            node["csv"] = os.path.abspath(os.path.join(folder, node["csv"]))
        for v in node.values():
            csv_paths(v, folder)
    elif isinstance(node, list):
        for v in node:
            csv_paths(v, folder)


def load(path):
    with open(path, encoding="utf-8-sig") as f:
        d = yaml.safe_load(f)
    csv_paths(d, os.path.dirname(path))
    sig = d.get("signature")
    for k in ("image", "seal"):         # the signature's pictures, too
        if isinstance(sig, dict) and isinstance(sig.get(k), str):
            sig[k] = os.path.abspath(os.path.join(os.path.dirname(path),
                                                  sig[k]))
    ext = d.pop("extends", None)
    if ext is None:
        return d
    exts = ext if isinstance(ext, list) else [ext]
    base = {}
    for e in exts:
        b = load(os.path.join(os.path.dirname(path), e))
        b.pop("output", None)
        base = merge(base, b)
    return merge(base, d)


def is_front(block):
    return block in ("toc", "page_break") or (
        isinstance(block, dict) and ("toc" in block or "page_break" in block))


def renumber(block, k):
    """A copy of a body block; headings of copy k > 0 say which copy."""
    b = copy.deepcopy(block)
    if k == 0 or not isinstance(b, dict) or "heading" not in b:
        return b
    h = b["heading"]
    if isinstance(h, dict):
        h["text"] = "%s (%d)" % (h["text"], k + 1)
    else:
        b["heading"] = "%s (%d)" % (h, k + 1)
    return b


def grow(doc, nblocks):
    """doc with `nblocks` body blocks: the sample's blocks cycled."""
    d = copy.deepcopy(doc)
    body = doc["body"]
    front = [b for b in body if is_front(b)]
    rest = [b for b in body if not is_front(b)]
    if nblocks < len(rest):
        front = []
    d["body"] = front + [renumber(rest[i % len(rest)], i // len(rest))
                         for i in range(nblocks)]
    return d


def dump(d, path):
    with open(path, "w", encoding="utf-8") as f:
        yaml.safe_dump(d, f, allow_unicode=True, sort_keys=False, width=78)


def pages(binary, path):
    out = subprocess.run([binary, "check", path], capture_output=True,
                         text=True)
    m = re.search(r"\((\d+) pages?\)", out.stdout)
    if out.returncode != 0 or m is None:
        sys.exit("gen_corpus: %s does not check:\n%s%s" %
                 (path, out.stdout, out.stderr))
    return int(m.group(1))


def sized(binary, doc, target, tmp):
    """The doc grown to about `target` pages, and its page count."""
    nrest = len([b for b in doc["body"] if not is_front(b)])
    lo, hi = 1, None        # block counts known to give <= / > target
    n = nrest
    for _ in range(12):
        dump(grow(doc, n), tmp)
        got = pages(binary, tmp)
        if got <= target:
            lo = max(lo, n)
        else:
            hi = n if hi is None else min(hi, n)
        if got == target or (hi is not None and hi - lo <= 1):
            break
        if hi is None:
            n = max(n + 1, int(n * target / max(got, 1)))
        else:
            n = (lo + hi) // 2
    d = grow(doc, lo)
    dump(d, tmp)
    return d, pages(binary, tmp)


def vary(doc, i):
    """Copy i of a report: other name, number, date and signer."""
    d = copy.deepcopy(doc)
    name = "r%04d" % (i + 1)
    d["output"] = name + ".pdf"
    meta = d.setdefault("meta", {})
    meta["title"] = "%s - bản %d" % (meta.get("title", "Báo cáo"), i + 1)
    hdr = d.get("header", {})
    if "number" in hdr:
        hdr["number"] = re.sub(r"^\d+", str(100 + i), str(hdr["number"]))
    if isinstance(hdr.get("date"), datetime.date):
        hdr["date"] = hdr["date"] - datetime.timedelta(days=i % 28)
    sig = d.get("signature")
    if isinstance(sig, dict) and "name" in sig:
        sig["name"] = SIGNERS[i % len(SIGNERS)]
    return name, d


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: gen_corpus.py BIN OUTDIR [BATCH_N]")
    binary, outdir = sys.argv[1], sys.argv[2]
    nbatch = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
    here = os.path.dirname(os.path.abspath(__file__))
    reports = os.path.join(here, "..", "reports")
    docs = [load(os.path.join(reports, s)) for s in SAMPLES]
    os.makedirs(os.path.join(outdir, "pages"), exist_ok=True)
    os.makedirs(os.path.join(outdir, "batch"), exist_ok=True)
    tmp = os.path.join(outdir, "calibrate.yaml")
    ten = []
    for target in (1, 10, 100, 1000):
        d, n = sized(binary, docs[0], target, tmp)
        d["output"] = "p%d.pdf" % target
        dump(d, os.path.join(outdir, "pages", "p%d.yaml" % target))
        print("pages/p%d.yaml: %d pages" % (target, n))
    for doc in docs:
        d, n = sized(binary, doc, 10, tmp)
        ten.append(d)
        print("10-page base from %s: %d pages" % (doc["output"], n))
    for i in range(nbatch):
        name, d = vary(ten[i % len(ten)], i)
        dump(d, os.path.join(outdir, "batch", name + ".yaml"))
    os.unlink(tmp)
    print("batch/: %d reports" % nbatch)


if __name__ == "__main__":
    main()
