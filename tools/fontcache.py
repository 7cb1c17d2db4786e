#!/usr/bin/python3
"""fontcache.py OUTDIR FAMILY ... - baocao's font subset cache (make all).

For each family, the files fontconfig resolves its four faces to
(fc-match, as baocao does) are cut down with fontTools' subsetter to the
Latin and Vietnamese repertoire below, the glyph metrics unchanged, and
written to OUTDIR as

    STEM.vi.ttf    the subset (STEM: the file name without .ttf/.ttc,
                   plus "-N" for face N > 0 of a collection)
    STEM.vi.key    "baocao-fontcache 1 SIZE MTIME_NS INDEX PATH": the
                   source file the subset was made from

font.c uses a subset only while the key matches the font it resolved
(same path, size and modification time), and the full file for any
character outside the subset. A subset is checked before it is kept: the
same advance width for every character, the same vertical metrics,
units per em, bounding box and embedding flags, else it is not written.
Nothing is redone for a key that still matches. Needs python3-fonttools
(Debian); a failure leaves no cache entry and is not fatal to the build.
"""
import os
import subprocess
import sys
import tempfile

# The repertoire: Latin (Basic, Latin-1, Extended-A and -B, Extended
# Additional with all of Vietnamese), spacing and combining diacritics,
# general punctuation, super/subscripts, currency (₫), letterlike (№),
# number forms, arrows, mathematical operators, geometric shapes (bullets).
RANGES = [(0x20, 0x7E), (0xA0, 0x24F), (0x2B0, 0x36F), (0x1E00, 0x1EFF),
          (0x2000, 0x206F), (0x2070, 0x209F), (0x20A0, 0x20CF),
          (0x2100, 0x218F), (0x2190, 0x21FF), (0x2200, 0x22FF),
          (0x25A0, 0x25FF), (0xFFFD, 0xFFFD)]
STYLES = ["", ":bold", ":italic", ":bold:italic"]
VERSION = "baocao-fontcache 1"


def resolve(family):
    """The (path, index) fontconfig gives for each face of family."""
    out = []
    for st in STYLES:
        r = subprocess.run(["fc-match", "-f", "%{file}\t%{index}",
                            family + st], capture_output=True, text=True)
        if r.returncode == 0 and "\t" in r.stdout:
            path, index = r.stdout.split("\t", 1)
            out.append((path, int(index or 0)))
    return out


def stem(path, index):
    base = os.path.basename(path)
    for ext in (".ttf", ".ttc", ".TTF", ".TTC"):
        if base.endswith(ext):
            base = base[:-len(ext)]
    return base + ("-%d" % index if index > 0 else "")


def key(path, index):
    st = os.stat(path)
    return "%s %d %d %d %s\n" % (VERSION, st.st_size, st.st_mtime_ns,
                                 index, path)


def same_metrics(full, sub):
    """None if sub measures like full for its characters, else why not."""
    if full["head"].unitsPerEm != sub["head"].unitsPerEm:
        return "unitsPerEm"
    for t, fields in (("hhea", ("ascent", "descent", "lineGap")),
                      ("head", ("xMin", "yMin", "xMax", "yMax")),
                      ("OS/2", ("fsType", "sTypoAscender", "usWinAscent"))):
        for f in fields:
            if getattr(full[t], f) != getattr(sub[t], f):
                return "%s.%s" % (t, f)
    fc, sc = full.getBestCmap(), sub.getBestCmap()
    fm, sm = full["hmtx"].metrics, sub["hmtx"].metrics
    for cp, g in sc.items():
        if cp not in fc or fm[fc[cp]][0] != sm[g][0]:
            return "advance of U+%04X" % cp
    if sm[sub.getGlyphOrder()[0]][0] != fm[full.getGlyphOrder()[0]][0]:
        return "advance of .notdef"
    for t in ("cvt ", "fpgm", "prep", "glyf", "loca", "name", "post"):
        if t in full and t not in sub:
            return "table %s dropped" % t
    return None


def make(path, index, outdir):
    from fontTools import subset
    from fontTools.ttLib import TTFont

    name = stem(path, index)
    ttf = os.path.join(outdir, name + ".vi.ttf")
    keyf = os.path.join(outdir, name + ".vi.key")
    want = key(path, index)
    try:
        with open(keyf) as f:
            if f.read() == want and os.path.exists(ttf):
                return "up to date"
    except OSError:
        pass
    opts = subset.Options()
    opts.layout_features = []
    opts.drop_tables += ["GSUB", "GPOS", "GDEF", "kern", "hdmx", "LTSH",
                         "VDMX", "DSIG", "FFTM"]
    opts.notdef_outline = True
    opts.recalc_bounds = False
    opts.recalc_timestamp = False
    opts.prune_unicode_ranges = False
    full = TTFont(path, fontNumber=index, lazy=False)
    sub = TTFont(path, fontNumber=index, lazy=False)
    s = subset.Subsetter(opts)
    s.populate(unicodes=[c for a, b in RANGES for c in range(a, b + 1)])
    s.subset(sub)
    why = same_metrics(full, sub)
    if why is not None:
        return "not cached: the subset changes the %s" % why
    for f in (ttf, keyf):
        if os.path.exists(f):
            os.unlink(f)
    fd, tmp = tempfile.mkstemp(dir=outdir, suffix=".tmp")
    os.close(fd)
    sub.save(tmp)
    os.chmod(tmp, 0o644)
    os.rename(tmp, ttf)
    with open(tmp, "w") as f:
        f.write(want)
    os.chmod(tmp, 0o644)
    os.rename(tmp, keyf)
    return "%d -> %d bytes" % (os.path.getsize(path), os.path.getsize(ttf))


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: fontcache.py OUTDIR FAMILY ...")
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    done = set()
    for family in sys.argv[2:]:
        for path, index in resolve(family):
            if (path, index) in done or not path.lower().endswith(
                    (".ttf", ".ttc")):
                continue
            done.add((path, index))
            try:
                msg = make(path, index, outdir)
            except Exception as e:  # a bad font must not break the build
                msg = "not cached: %s" % e
            if msg != "up to date":
                print("fontcache: %s: %s" % (stem(path, index), msg))


if __name__ == "__main__":
    main()
