#!/usr/bin/python3
"""tests/pdfa_break.py TEXT.pdf ALPHA.pdf OUTDIR - broken copies of two
good PDF/A files, one (or a few) per clause tests/pdfa.py checks, so that
tests/pdfa.sh can show each check fails when its clause is broken.

TEXT.pdf is a text report, ALPHA.pdf one whose first page draws an image
with a soft mask. Each copy is written as OUTDIR/<clause>~<what>.pdf (the
clause "s5" stands for the spec's "§5" checks); pdfa.py must print a
"FAIL: <clause> " line for it. The byte-level breaks edit the file in
place keeping every offset; the others go through pikepdf, which rewrites
the file (static /ID, streams left as they are).
"""
import os
import re
import sys

import pikepdf

BREAKS = []     # (clause, what, source "text"/"alpha", kind "raw"/"pdf", f)


def brk(num, what, src="text", kind="pdf"):
    def deco(fn):
        BREAKS.append((num, what, src, kind, fn))
        return fn
    return deco


def once(raw, old, new):
    """raw with the first old replaced by new (same length: offsets
    stay)."""
    k = raw.find(old)
    assert k >= 0, f"{old!r} not in the file"
    return raw[:k] + new + raw[k + len(old):]


# ---- byte-level breaks (offsets kept)

@brk("6.1.2", "binary-comment-ascii", kind="raw")
def _(raw):
    return raw[:10] + b"abcd" + raw[14:]


@brk("6.1.3", "no-id", kind="raw")
def _(raw):
    return once(raw, b"/ID [", b"/XD [")


@brk("6.1.3", "data-after-eof", kind="raw")
def _(raw):
    return raw + b"junk\n"


@brk("6.1.4", "two-eols-after-xref", kind="raw")
def _(raw):
    k = int(re.search(rb"startxref\s+(\d+)", raw).group(1))
    return raw[:k] + b"xref\n\n" + raw[k + 5:]


@brk("6.1.6", "odd-hex-string", kind="raw")
def _(raw):
    m = re.search(rb"/Title <[0-9A-Fa-f]+(.)>", raw)
    return raw[:m.start(1)] + b" " + raw[m.end(1):]


@brk("6.1.7.1", "length-off-by-one", kind="raw")
def _(raw):
    # libharu writes /Length N 0 R: the object N holds the number
    ref = re.search(rb"/Length (\d+) 0 R", raw).group(1)
    m = re.search(rb"\n" + ref + rb" 0 obj\s+(\d*[1-9])\s", raw)
    n = m.group(1)
    return raw[:m.start(1)] + str(int(n) - 1).rjust(len(n), "0").encode() \
        + raw[m.end(1):]


@brk("6.1.7.1", "stream-then-cr", kind="raw")
def _(raw):
    return once(raw, b">>\nstream\r\n", b">>\nstream\r ")


@brk("6.1.8", "font-name-not-utf8", kind="raw")
def _(raw):
    m = re.search(rb"/BaseFont /[A-Z]{6}\+", raw)
    k = m.start() + len(b"/BaseFont /") + 1
    return raw[:k] + b"#FF" + raw[k + 3:]


@brk("6.1.9", "no-eol-before-endobj", kind="raw")
def _(raw):
    return once(raw, b"\nendobj", b" endobj")


@brk("6.1.9", "no-eol-after-obj", kind="raw")
def _(raw):
    m = re.search(rb" obj\n<<", raw)
    return raw[:m.start()] + b" obj <<" + raw[m.end():]


# ---- breaks through pikepdf


def append_content(pdf, data, page=0):
    pg = pdf.pages[page]
    old = b"\n".join(s.read_bytes() for s in (
        pg.obj.Contents if isinstance(pg.obj.Contents, pikepdf.Array)
        else [pg.obj.Contents]))
    pg.obj.Contents = pdf.make_stream(old + b"\n" + data + b"\n")


def first_font(pdf):
    for _, f in pdf.pages[0].Resources.Font.items():
        return f
    raise AssertionError("no font on page 1")


def first_image(pdf):
    for _, x in pdf.pages[0].Resources.XObject.items():
        if x.get("/SMask") is not None:
            return x
    raise AssertionError("no image with a soft mask on page 1")


def add_resource(pdf, kind, name, obj, page=0):
    res = pdf.pages[0].Resources
    if kind not in res:
        res[kind] = pikepdf.Dictionary()
    res[kind][name] = obj


def xmp_edit(pdf, old, new):
    m = pdf.Root.Metadata
    data = m.read_bytes()
    assert old in data, f"{old!r} not in the XMP"
    m.write(data.replace(old, new, 1))


@brk("6.1.7.1", "stream-with-F")
def _(pdf):
    pdf.Root.Metadata.F = pikepdf.String("elsewhere.xml")


@brk("6.1.7.2", "lzw-filter", kind="raw")
def _(raw):
    # by hand: qpdf would decode LZW and write the stream deflated
    return once(raw, b"/Filter [ /FlateDecode ]", b"/Filter [ /LZWDecode   ]")


@brk("6.1.10", "inline-image-lzw")
def _(pdf):
    append_content(pdf, b"q 1 0 0 1 0 0 cm BI /W 1 /H 1 /BPC 8 /CS /G "
                   b"/F /LZW ID \x00 EI Q")


@brk("6.1.12", "perms-other-key")
def _(pdf):
    pdf.Root.Perms = pikepdf.Dictionary(Other=1)


@brk("6.1.13", "q-nested-29")
def _(pdf):
    append_content(pdf, b"q " * 29 + b"Q " * 29)


@brk("6.1.13", "integer-too-big")
def _(pdf):
    append_content(pdf, b"0 0 2147483648 1 re f")


@brk("6.1.13", "name-too-long")
def _(pdf):
    pdf.docinfo["/X" + "n" * 130] = pikepdf.String("x")


@brk("6.1.13", "page-too-large")
def _(pdf):
    pdf.pages[0].obj.ArtBox = pikepdf.Array([0, 0, 20000, 100])


@brk("6.2.2", "undefined-operator")
def _(pdf):
    append_content(pdf, b"foo")


@brk("6.2.2", "font-not-in-resources")
def _(pdf):
    append_content(pdf, b"BT /F99 12 Tf (x) Tj ET")


@brk("6.2.3", "no-output-intent")
def _(pdf):
    del pdf.Root.OutputIntents


@brk("6.2.3", "two-profiles")
def _(pdf):
    oi = pdf.Root.OutputIntents[0]
    p = oi.DestOutputProfile
    p2 = pdf.make_stream(p.read_bytes())
    p2.N = 3
    pdf.Root.OutputIntents.append(pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFX,
        OutputConditionIdentifier=pikepdf.String("x"),
        DestOutputProfile=p2)))


@brk("6.2.3", "wrong-N")
def _(pdf):
    pdf.Root.OutputIntents[0].DestOutputProfile.N = 4


def set_profile(pdf, data):
    pdf.Root.OutputIntents[0].DestOutputProfile.write(data)


@brk("6.2.4.2", "profile-size-wrong")
def _(pdf):
    p = pdf.Root.OutputIntents[0].DestOutputProfile.read_bytes()
    set_profile(pdf, (len(p) + 1).to_bytes(4, "big") + p[4:])


@brk("6.2.4.2", "profile-tag-outside")
def _(pdf):
    p = bytearray(pdf.Root.OutputIntents[0].DestOutputProfile.read_bytes())
    p[132 + 4:132 + 8] = (len(p) - 4).to_bytes(4, "big")
    set_profile(pdf, bytes(p))


@brk("6.2.4.2", "profile-v5")
def _(pdf):
    p = bytearray(pdf.Root.OutputIntents[0].DestOutputProfile.read_bytes())
    p[8] = 5
    set_profile(pdf, bytes(p))


@brk("s5", "adobe-rgb-not-srgb")
def _(pdf):
    with open("/usr/share/color/icc/compatibleWithAdobeRGB1998.icc",
              "rb") as f:
        set_profile(pdf, f.read())


@brk("6.2.4.3", "cmyk-operator")
def _(pdf):
    append_content(pdf, b"0 0 0 1 k")


@brk("6.2.4.3", "grey-output-intent")
def _(pdf):
    with open("/usr/share/color/icc/Gray.icc", "rb") as f:
        set_profile(pdf, f.read())
    pdf.Root.OutputIntents[0].DestOutputProfile.N = 1
    append_content(pdf, b"1 0 0 rg")


@brk("6.2.5", "extgstate-tr")
def _(pdf):
    add_resource(pdf, "/ExtGState", "/GX", pikepdf.Dictionary(
        Type=pikepdf.Name.ExtGState, TR=pikepdf.Name.Identity))


@brk("6.2.6", "unknown-rendering-intent")
def _(pdf):
    append_content(pdf, b"/Vivid ri")


@brk("6.2.8", "interpolate", src="alpha")
def _(pdf):
    first_image(pdf).Interpolate = True


@brk("6.2.8", "bits-3", src="alpha")
def _(pdf):
    first_image(pdf).BitsPerComponent = 3


@brk("6.2.8", "rgb-soft-mask", src="alpha")
def _(pdf):
    first_image(pdf).SMask.ColorSpace = pikepdf.Name.DeviceRGB


@brk("6.2.9", "postscript-form")
def _(pdf):
    f = pdf.make_stream(b"")
    f.Type, f.Subtype = pikepdf.Name.XObject, pikepdf.Name.Form
    f.BBox, f.Subtype2 = pikepdf.Array([0, 0, 1, 1]), pikepdf.Name.PS
    add_resource(pdf, "/XObject", "/PS1", f)


@brk("6.2.10", "no-page-group", src="alpha")
def _(pdf):
    del pdf.pages[0].obj.Group


@brk("6.2.10", "unknown-blend-mode")
def _(pdf):
    add_resource(pdf, "/ExtGState", "/GB", pikepdf.Dictionary(
        Type=pikepdf.Name.ExtGState, BM=pikepdf.Name.Dissolve))


@brk("6.2.11.2", "font-type-wrong")
def _(pdf):
    first_font(pdf).Type = pikepdf.Name.Fnt


@brk("6.2.11.3.1", "cmap-ordering-differs")
def _(pdf):
    f = first_font(pdf)
    cm = pdf.make_stream(b"%!PS-Adobe-3.0 Resource-CMap\n")
    cm.Type, cm.CMapName = pikepdf.Name.CMap, pikepdf.Name("/X-H")
    cm.CIDSystemInfo = pikepdf.Dictionary(
        Registry=pikepdf.String("Adobe"), Ordering=pikepdf.String("Japan1"),
        Supplement=0)
    f.Encoding = cm


@brk("6.2.11.3.2", "no-cidtogidmap")
def _(pdf):
    del first_font(pdf).DescendantFonts[0].CIDToGIDMap


@brk("6.2.11.3.3", "cmap-not-embedded")
def _(pdf):
    first_font(pdf).Encoding = pikepdf.Name("/Foo-H")


@brk("6.2.11.4.1", "font-not-embedded")
def _(pdf):
    del first_font(pdf).DescendantFonts[0].FontDescriptor.FontFile2


@brk("6.2.11.4.1", "glyph-beyond-font")
def _(pdf):
    d = first_font(pdf).DescendantFonts[0]
    m = bytearray(d.CIDToGIDMap.read_bytes())
    for c in range(0x41, 0x5B):     # A-Z: past the subset's glyphs
        m[2 * c:2 * c + 2] = b"\xff\xf0"
    d.CIDToGIDMap.write(bytes(m))


@brk("6.2.11.4.1", "glyph-without-outline")
def _(pdf):
    fd = first_font(pdf).DescendantFonts[0].FontDescriptor
    fd.FontFile2.write(empty_glyphs(fd.FontFile2.read_bytes()))


def empty_glyphs(ttf):
    """The font with glyphs 1.. given zero length in loca (each ends where
    it starts), so they have no outline."""
    import struct
    n = struct.unpack(">H", ttf[4:6])[0]
    t = {}
    for i in range(n):
        tag, _, off, ln = struct.unpack(">4sIII", ttf[12 + 16 * i:
                                                    28 + 16 * i])
        t[tag] = (off, ln)
    h, lo = t[b"head"][0], t[b"loca"][0]
    longloc = struct.unpack(">h", ttf[h + 50:h + 52])[0]
    size = 4 if longloc else 2
    cnt = t[b"loca"][1] // size
    first = ttf[lo + size:lo + 2 * size]
    return ttf[:lo + size] + first * (cnt - 1) + ttf[lo + size * cnt:]


@brk("6.2.11.4.2", "cidset-empty")
def _(pdf):
    fd = first_font(pdf).DescendantFonts[0].FontDescriptor
    fd.CIDSet = pdf.make_stream(b"\x00" * 8192)


@brk("6.2.11.5", "widths-wrong")
def _(pdf):
    first_font(pdf).DescendantFonts[0].W = pikepdf.Array(
        [32, pikepdf.Array([999])])


@brk("6.2.11.6", "symbolic-truetype-with-encoding")
def _(pdf):
    d = first_font(pdf).DescendantFonts[0]
    tt = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.TrueType,
        BaseFont=d.BaseFont, FirstChar=32, LastChar=32,
        Widths=pikepdf.Array([250]), FontDescriptor=d.FontDescriptor,
        Encoding=pikepdf.Name.WinAnsiEncoding))     # Flags say symbolic
    add_resource(pdf, "/Font", "/TT1", tt)


@brk("6.2.11.7.2", "no-tounicode")
def _(pdf):
    del first_font(pdf).ToUnicode


@brk("6.2.11.7.2", "maps-to-feff")
def _(pdf):
    f = first_font(pdf)
    cmap = f.ToUnicode.read_bytes()
    f.ToUnicode.write(re.sub(rb"(<[0-9A-F]{4}> )<[0-9A-F]{4}>",
                             rb"\1<FEFF>", cmap))


@brk("6.2.11.8", "code-to-notdef")
def _(pdf):
    d = first_font(pdf).DescendantFonts[0]
    d.CIDToGIDMap.write(b"\x00" * len(d.CIDToGIDMap.read_bytes()))


def annot(pdf, **kw):
    a = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Rect=pikepdf.Array([10, 10, 50, 50]),
        **kw))
    pg = pdf.pages[0].obj
    if "/Annots" not in pg:
        pg.Annots = pikepdf.Array()
    pg.Annots.append(a)


@brk("6.3.1", "movie-annotation")
def _(pdf):
    annot(pdf, Subtype=pikepdf.Name.Movie, F=4)


@brk("6.3.2", "link-without-F")
def _(pdf):
    annot(pdf, Subtype=pikepdf.Name.Link, A=pikepdf.Dictionary(
        S=pikepdf.Name.URI, URI=pikepdf.String("https://example.org/")))


@brk("6.3.2", "hidden-annotation")
def _(pdf):
    annot(pdf, Subtype=pikepdf.Name.Link, F=4 | 2)


@brk("6.3.3", "square-without-appearance")
def _(pdf):
    annot(pdf, Subtype=pikepdf.Name.Square, F=4)


@brk("6.4", "need-appearances")
def _(pdf):
    pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array(),
                                           NeedAppearances=True)


@brk("6.5", "open-action-javascript")
def _(pdf):
    pdf.Root.OpenAction = pikepdf.Dictionary(
        S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))


@brk("6.5", "catalog-aa")
def _(pdf):
    pdf.Root.AA = pikepdf.Dictionary(WC=pikepdf.Dictionary(
        S=pikepdf.Name.GoTo, D=pikepdf.Array([pdf.pages[0].obj,
                                             pikepdf.Name.Fit])))


@brk("6.6.2.1", "metadata-filtered", kind="raw")
def _(raw):
    # qpdf writes metadata streams unfiltered, so this one edits the
    # bytes (the offsets after it move; pikepdf recovers them)
    return once(raw, b"/Type /Metadata", b"/Type /Metadata /Filter /AHx")


@brk("6.6.2.1", "xpacket-bytes-attribute")
def _(pdf):
    xmp_edit(pdf, b'id="W5M0MpCehiHzreSzNTczkc9d"',
             b'id="W5M0MpCehiHzreSzNTczkc9d" bytes="2108"')


@brk("6.6.2.1", "xml-not-well-formed")
def _(pdf):
    xmp_edit(pdf, b"</dc:title>", b"</dc:titel>")


@brk("6.6.2.1", "no-metadata")
def _(pdf):
    del pdf.Root.Metadata


@brk("6.6.2.3.1", "pdf-trapped-in-xmp")
def _(pdf):
    xmp_edit(pdf, b"   <pdfaid:part>",
             b"   <pdf:Trapped>False</pdf:Trapped>\n   <pdfaid:part>")


@brk("6.6.2.3.1", "title-not-alt")
def _(pdf):
    data = pdf.Root.Metadata.read_bytes()
    new = re.sub(rb"<dc:title>.*?</dc:title>", b"<dc:title>X</dc:title>",
                 data, flags=re.S)
    pdf.Root.Metadata.write(new)


@brk("14.3.3", "xmp-title-differs")
def _(pdf):
    xmp_edit(pdf, b'<rdf:li xml:lang="x-default">',
             b'<rdf:li xml:lang="x-default">Other ')


@brk("14.3.3", "xmp-date-differs")
def _(pdf):
    data = pdf.Root.Metadata.read_bytes()
    pdf.Root.Metadata.write(re.sub(rb"(<xmp:CreateDate>\d{4})",
                                   rb"<xmp:CreateDate>1999", data))


@brk("6.6.4", "part-1")
def _(pdf):
    xmp_edit(pdf, b"<pdfaid:part>2<", b"<pdfaid:part>1<")


@brk("6.6.4", "conformance-b")
def _(pdf):
    xmp_edit(pdf, b"<pdfaid:conformance>U<", b"<pdfaid:conformance>B<")


@brk("6.8", "embedded-file")
def _(pdf):
    ef = pdf.make_stream(b"hello")
    ef.Type = pikepdf.Name.EmbeddedFile
    fs = pikepdf.Dictionary(Type=pikepdf.Name.Filespec,
                            F=pikepdf.String("a.txt"),
                            EF=pikepdf.Dictionary(F=ef))
    pdf.Root.Names = pikepdf.Dictionary(EmbeddedFiles=pikepdf.Dictionary(
        Names=pikepdf.Array([pikepdf.String("a.txt"),
                             pdf.make_indirect(fs)])))


@brk("6.9", "optional-content")
def _(pdf):
    g = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.OCG,
                                             Name=pikepdf.String("L")))
    pdf.Root.OCProperties = pikepdf.Dictionary(
        OCGs=pikepdf.Array([g]), D=pikepdf.Dictionary(
            Name=pikepdf.String("d")))


@brk("6.10", "pres-steps")
def _(pdf):
    pdf.pages[0].obj.PresSteps = pikepdf.Dictionary()


@brk("6.11", "requirements")
def _(pdf):
    pdf.Root.Requirements = pikepdf.Array()


@brk("s5", "trimbox-differs")
def _(pdf):
    pdf.pages[0].obj.TrimBox = pikepdf.Array([10, 10, 500, 800])


@brk("s5", "trapped-true")
def _(pdf):
    pdf.docinfo["/Trapped"] = pikepdf.Name("/True")


@brk("s5", "image-uncompressed", src="alpha")
def _(pdf):
    im = first_image(pdf)
    im.write(im.read_bytes())
    return {"compress_streams": False}


def main():
    text, alpha, out = sys.argv[1:4]
    os.makedirs(out, exist_ok=True)
    src = {"text": text, "alpha": alpha}
    for num, what, s, kind, fn in BREAKS:
        path = os.path.join(out, f"{num}~{what}.pdf")
        if kind == "raw":
            with open(src[s], "rb") as f:
                data = fn(f.read())
            with open(path, "wb") as f:
                f.write(data)
            continue
        with pikepdf.open(src[s]) as pdf:
            opts = fn(pdf) or {}
            pdf.save(path, static_id=True,
                     stream_decode_level=pikepdf.StreamDecodeLevel.none,
                     object_stream_mode=pikepdf.ObjectStreamMode.disable,
                     fix_metadata_version=False, **opts)
        print(path)


if __name__ == "__main__":
    main()
