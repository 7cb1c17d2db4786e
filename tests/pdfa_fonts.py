"""tests/pdfa_fonts.py - ISO 19005-2 6.2.11, fonts: embedding, glyphs, widths, Unicode, .notdef (the TrueType tables read here);
registered with pdfa_core.clause, run by tests/pdfa.py."""

import struct
import unicodedata

import pikepdf

from pdfa_core import clause, lex, og


# ------------------------------------------------------------ 6.2.11 fonts

FONT_TYPES = {"/Type1", "/MMType1", "/TrueType", "/Type3", "/Type0",
              "/CIDFontType0", "/CIDFontType2"}


def fonts(doc):
    """Every font dictionary the resources name (descendants included)."""
    out, seen = [], set()
    for c in doc.contents:
        fd = c.res.get("/Font") if c.res is not None else None
        for name, f in (fd.items() if fd is not None else []):
            if f.objgen in seen:
                continue
            seen.add(f.objgen)
            out.append(f)
            for d in f.get("/DescendantFonts", []):
                out.append(d)
    return out


def descriptor_font(f):
    """(descriptor, font program stream or None, its key)."""
    fd = f.get("/FontDescriptor")
    if fd is None:
        return None, None, None
    for k in ("/FontFile", "/FontFile2", "/FontFile3"):
        if k in fd:
            return fd, fd[k], k
    return fd, None, None


@clause("6.2.11.2", "font dictionaries")
def c_font_types(doc):
    """6.2.11.2: "All fonts and font programs used in a conforming file,
    regardless of rendering mode usage, shall conform to the provisions in
    ISO 32000-1:2008, 9.6 and 9.7": /Type /Font, a defined /Subtype, a
    /BaseFont (but Type3); a FontFile3's Subtype Type1C, CIDFontType0C or
    OpenType."""
    bad = []
    for f in fonts(doc):
        st = str(f.get("/Subtype"))
        if f.get("/Type") != "/Font":
            bad.append(f"font {og(f)}: /Type {f.get('/Type')}")
        if st not in FONT_TYPES:
            bad.append(f"font {og(f)}: /Subtype {st}")
        if st != "/Type3" and not isinstance(f.get("/BaseFont"),
                                             pikepdf.Name):
            bad.append(f"font {og(f)}: no /BaseFont")
        fd, ff, key = descriptor_font(f)
        if key == "/FontFile3" and ff.get("/Subtype") not in (
                "/Type1C", "/CIDFontType0C", "/OpenType"):
            bad.append(f"font {og(f)}: FontFile3 /Subtype "
                       f"{ff.get('/Subtype')}")
        if fd is not None and fd.get("/Type") != "/FontDescriptor":
            bad.append(f"font {og(f)}: descriptor /Type {fd.get('/Type')}")
    return bad


def type0_fonts(doc):
    return [f for f in fonts(doc) if f.get("/Subtype") == "/Type0"]


def csi_str(d):
    if d is None:
        return "missing"
    return "-".join(str(d.get(k)) for k in ("/Registry", "/Ordering",
                                            "/Supplement"))


@clause("6.2.11.3.1", "CIDSystemInfo compatible with the CMap")
def c_cidsysteminfo(doc):
    """6.2.11.3.1: "If the Encoding key in the Type 0 font dictionary is
    Identity-H or Identity-V, any values of Registry, Ordering, and
    Supplement may be used in the CIDSystemInfo entry of the CIDFont.
    Otherwise, the corresponding Registry and Ordering strings in both
    CIDSystemInfo dictionaries shall be identical, and the value of the
    Supplement key in the CIDSystemInfo dictionary of the CIDFont shall be
    less than or equal to the Supplement key in the CIDSystemInfo
    dictionary of the CMap." """
    bad = []
    for f in type0_fonts(doc):
        d = f.DescendantFonts[0]
        csi = d.get("/CIDSystemInfo")
        if csi is None:
            bad.append(f"CIDFont {og(d)}: no /CIDSystemInfo")
            continue
        enc = f.get("/Encoding")
        if not isinstance(enc, pikepdf.Stream):
            continue        # Identity-H/V; other names: 6.2.11.3.3
        m = enc.get("/CIDSystemInfo")
        if m is None or str(m.Registry) != str(csi.Registry) or \
                str(m.Ordering) != str(csi.Ordering) or \
                int(csi.Supplement) > int(m.Supplement):
            bad.append(f"font {og(f)}: the CIDFont's CIDSystemInfo is "
                       f"{csi_str(csi)}, its CMap's {csi_str(m)}")
    return bad


@clause("6.2.11.3.2", "CIDFontType2 has a CIDToGIDMap")
def c_cidtogid(doc):
    """6.2.11.3.2: "ISO 32000-1:2008, 9.7.4, Table 117 requires that all
    embedded Type 2 CIDFonts in the CIDFont dictionary shall contain a
    CIDToGIDMap entry that shall be a stream mapping from CIDs to glyph
    indices or the name Identity." """
    bad = []
    for f in fonts(doc):
        if f.get("/Subtype") != "/CIDFontType2":
            continue
        m = f.get("/CIDToGIDMap")
        if not (m == "/Identity" or isinstance(m, pikepdf.Stream)):
            bad.append(f"CIDFont {og(f)}: /CIDToGIDMap {m!r}")
    return bad


@clause("6.2.11.3.3", "CMaps predefined or embedded")
def c_cmaps(doc):
    """6.2.11.3.3: "All CMaps used within a PDF/A-2 file, except those
    listed in ISO 32000-1:2008, 9.7.5.2, Table 118, shall be embedded";
    an embedded CMap's WMode equals its dictionary's. (We accept only
    Identity-H/V of Table 118: it is all we write.)"""
    bad = []
    for f in type0_fonts(doc):
        enc = f.get("/Encoding")
        if enc in ("/Identity-H", "/Identity-V"):
            continue
        if not isinstance(enc, pikepdf.Stream):
            bad.append(f"font {og(f)}: /Encoding {enc!r}")
        elif "/UseCMap" in enc:
            bad.append(f"font {og(f)}: CMap uses another CMap")
    return bad


class TrueType:
    """The tables of a TrueType font program that the glyph and width
    clauses need, read with struct: head, maxp, hhea, hmtx, loca, glyf."""

    def __init__(self, data):
        self.d = data
        if data[:4] not in (b"\x00\x01\x00\x00", b"true"):
            raise ValueError(f"not a TrueType font (starts {data[:4]!r})")
        n = struct.unpack(">H", data[4:6])[0]
        self.t = {}
        for i in range(n):
            tag, _, off, ln = struct.unpack(">4sIII",
                                            data[12 + 16 * i:28 + 16 * i])
            if off + ln > len(data):
                raise ValueError(f"table {tag!r} runs past the end")
            self.t[tag] = (off, ln)
        for tag in (b"head", b"maxp", b"hhea", b"hmtx", b"loca", b"glyf"):
            if tag not in self.t:
                raise ValueError(f"no {tag.decode()} table")
        h = self.t[b"head"][0]
        self.upem = struct.unpack(">H", data[h + 18:h + 20])[0]
        longloc = struct.unpack(">h", data[h + 50:h + 52])[0]
        self.n = struct.unpack(">H", data[self.t[b"maxp"][0] + 4:
                                          self.t[b"maxp"][0] + 6])[0]
        hh = self.t[b"hhea"][0]
        nhm = struct.unpack(">H", data[hh + 34:hh + 36])[0]
        m = self.t[b"hmtx"][0]
        self.adv = [struct.unpack(">H", data[m + 4 * i:m + 4 * i + 2])[0]
                    for i in range(nhm)]
        lo = self.t[b"loca"][0]
        if longloc:
            self.loca = struct.unpack(f">{self.n + 1}I",
                                      data[lo:lo + 4 * (self.n + 1)])
        else:
            self.loca = [2 * x for x in struct.unpack(
                f">{self.n + 1}H", data[lo:lo + 2 * (self.n + 1)])]

    def advance(self, g):
        return self.adv[g] if g < len(self.adv) else self.adv[-1]

    def size(self, g):
        return self.loca[g + 1] - self.loca[g]

    def components(self, g):
        """The glyphs a composite glyph g is made of."""
        if self.size(g) < 10:
            return []
        p = self.t[b"glyf"][0] + self.loca[g]
        if struct.unpack(">h", self.d[p:p + 2])[0] >= 0:
            return []
        out, p = [], p + 10
        while True:
            flags, gi = struct.unpack(">HH", self.d[p:p + 4])
            out.append(gi)
            p += 4 + (4 if flags & 1 else 2)
            p += 2 if flags & 8 else 4 if flags & 0x40 else \
                8 if flags & 0x80 else 0
            if not flags & 0x20:
                return out


class CIDFont:
    """What a Type0 font says about its codes: CID -> GID, widths,
    Unicode, and its font program."""

    def __init__(self, f):
        self.f = f
        self.d = f.DescendantFonts[0]
        m = self.d.get("/CIDToGIDMap")
        self.map = m.read_bytes() if isinstance(m, pikepdf.Stream) else None
        self.w = parse_w(self.d.get("/W", []))
        self.dw = float(self.d.get("/DW", 1000))
        self.uni = tounicode(f.get("/ToUnicode"))
        _, ff, key = descriptor_font(self.d)
        self.prog = None
        if key == "/FontFile2":
            self.prog = TrueType(ff.read_bytes())

    def gid(self, cid):
        if self.map is None:
            return cid
        return int.from_bytes(self.map[2 * cid:2 * cid + 2], "big") \
            if 2 * cid + 2 <= len(self.map) else 0

    def width(self, cid):
        return self.w.get(cid, self.dw)


def parse_w(w):
    """{CID: width} of a CIDFont's /W array."""
    out, w, i = {}, list(w), 0
    while i + 1 < len(w):
        c = int(w[i])
        if isinstance(w[i + 1], pikepdf.Array):
            for k, v in enumerate(w[i + 1]):
                out[c + k] = float(v)
            i += 2
        else:
            for k in range(c, int(w[i + 1]) + 1):
                out[k] = float(w[i + 2])
            i += 3
    return out


def utf16(b):
    return b.decode("utf-16-be", errors="surrogatepass")


def tounicode(s):
    """{code: str} of a ToUnicode CMap (bfchar and bfrange); None if
    there is none."""
    if not isinstance(s, pikepdf.Stream):
        return None
    toks, out, i = list(lex(s.read_bytes())), {}, 0
    hx = lambda t: bytes.fromhex(t.value.decode())  # noqa: E731
    while i < len(toks):
        t = toks[i]
        i += 1
        if t.kind == "kw" and t.value == b"beginbfchar":
            while toks[i].kind == "hex":
                out[int.from_bytes(hx(toks[i]), "big")] = utf16(
                    hx(toks[i + 1]))
                i += 2
        elif t.kind == "kw" and t.value == b"beginbfrange":
            while toks[i].kind == "hex":
                lo = int.from_bytes(hx(toks[i]), "big")
                hi = int.from_bytes(hx(toks[i + 1]), "big")
                if toks[i + 2].kind == "[":
                    j = i + 3
                    for c in range(lo, hi + 1):
                        out[c] = utf16(hx(toks[j]))
                        j += 1
                    i = j + 1
                else:
                    d = hx(toks[i + 2])
                    base = int.from_bytes(d, "big")
                    for c in range(lo, hi + 1):
                        out[c] = utf16((base + c - lo).to_bytes(len(d),
                                                                 "big"))
                    i += 3
    return out


def used_fonts(doc):
    """[(FontUse, CIDFont or None, error)] of the fonts text shows."""
    if "used_fonts" in doc.memo:
        return doc.memo["used_fonts"]
    out = doc.memo["used_fonts"] = []
    for u in doc.uses.values():
        if not u.two:
            out.append((u, None, f"simple font {og(u.font)} (we write "
                        "Type0 only; not checked here)"))
            continue
        try:
            out.append((u, CIDFont(u.font), None))
        except (ValueError, struct.error, KeyError, AttributeError) as e:
            out.append((u, None, f"font {og(u.font)}: {e}"))
    return out


def spacing(s):
    return all(unicodedata.category(ch) in ("Zs", "Zl", "Zp", "Cc", "Cf")
               for ch in s)


def uchr(s):
    return " ".join(f"U+{ord(ch):04X}" for ch in s)


@clause("6.2.11.4.1", "fonts embedded, every glyph used is in them")
def c_embedded(doc):
    """6.2.11.4.1: "The font programs for all fonts used for rendering
    within a conforming file shall be embedded within that file" and
    "Embedded fonts shall define all glyphs referenced for rendering":
    every font the resources name has a FontFile/FontFile2/FontFile3, and
    for every code drawn (text rendering mode not 3) the glyph it maps to
    is below maxp's numGlyphs and has an outline in glyf (loca) unless its
    Unicode is white space; so do a composite glyph's components."""
    bad = []
    for f in fonts(doc):
        if f.get("/Subtype") in ("/Type0", "/Type3"):
            continue
        if descriptor_font(f)[1] is None:
            bad.append(f"font {og(f)} ({f.get('/BaseFont')}) not embedded")
    for u, cf, err in used_fonts(doc):
        if err:
            bad.append(err)
            continue
        if cf.prog is None:
            bad.append(f"font {og(u.font)}: no TrueType program to read")
            continue
        for c in sorted(u.rendered):
            bad += glyph_problems(u, cf, c)
    return bad


def glyph_problems(u, cf, c):
    g, p = cf.gid(c), cf.prog
    where = f"{u.where[c]}: font {og(u.font)} code {c:04X}"
    if g >= p.n:
        return [f"{where} -> glyph {g}, but the font has {p.n} glyphs"]
    text = (cf.uni or {}).get(c, "")
    if p.size(g) == 0 and not spacing(text):
        return [f"{where} ({uchr(text)}) -> glyph {g} has no outline"]
    bad = []
    for k in p.components(g):
        if k >= p.n or p.size(k) == 0:
            bad.append(f"{where} -> glyph {g}: component glyph {k} missing")
    return bad


@clause("6.2.11.4.2", "CIDSet lists the glyphs present")
def c_cidset(doc):
    """6.2.11.4.2: "If the FontDescriptor dictionary of an embedded CID
    font contains a CIDSet stream, then it shall identify all CIDs which
    are present in the font program." (We write none; checked when there
    is one: every CID used must be in it.)"""
    bad = []
    for u, cf, err in used_fonts(doc):
        if err or cf is None:
            continue
        cs = cf.d.FontDescriptor.get("/CIDSet")
        if not isinstance(cs, pikepdf.Stream):
            continue
        bits = cs.read_bytes()
        for c in sorted(u.codes):
            if c // 8 >= len(bits) or not bits[c // 8] & (0x80 >> c % 8):
                bad.append(f"font {og(u.font)}: CID {c} used, not in CIDSet")
    return bad


@clause("6.2.11.5", "widths match the font program")
def c_widths(doc):
    """6.2.11.5: "For every font embedded in a conforming file and used
    for rendering, the glyph width information in the font dictionary and
    in the embedded font program shall be consistent": for every CID drawn
    the /W width (or /DW) equals hmtx's advance of its glyph scaled to
    1000 / unitsPerEm, within 1 unit."""
    bad = []
    for u, cf, err in used_fonts(doc):
        if err or cf.prog is None:
            bad.append(err or f"font {og(u.font)}: no TrueType program")
            continue
        p = cf.prog
        for c in sorted(u.rendered):
            g = cf.gid(c)
            if g >= p.n:
                continue
            want = p.advance(g) * 1000 / p.upem
            if abs(cf.width(c) - want) > 1:
                bad.append(f"font {og(u.font)} CID {c:04X} (glyph {g}): /W "
                           f"{cf.width(c)} but hmtx {want:.2f}")
    return bad


@clause("6.2.11.6", "simple TrueType font encodings")
def c_encodings(doc):
    """6.2.11.6: non-symbolic TrueType fonts have MacRomanEncoding or
    WinAnsiEncoding (as /Encoding or its /BaseEncoding); symbolic
    TrueType fonts have no /Encoding. (We write Type0 fonts only: this
    holds when there is no simple TrueType font.)"""
    bad = []
    for f in fonts(doc):
        if f.get("/Subtype") != "/TrueType":
            continue
        fd = f.get("/FontDescriptor")
        sym = int(fd.get("/Flags", 0)) & 4 if fd is not None else 0
        enc = f.get("/Encoding")
        if isinstance(enc, pikepdf.Dictionary):
            enc = enc.get("/BaseEncoding")
        if sym and "/Encoding" in f:
            bad.append(f"symbolic TrueType {og(f)} has /Encoding")
        if not sym and enc not in ("/MacRomanEncoding", "/WinAnsiEncoding"):
            bad.append(f"TrueType {og(f)}: /Encoding {enc!r}")
    return bad


@clause("6.2.11.7.2", "every code used maps to Unicode")
def c_tounicode(doc):
    """6.2.11.7.2 (levels A and U): "The Font dictionary of all fonts
    shall define the map of all used character codes to Unicode values,
    either via a ToUnicode entry, or other mechanisms"; "The Unicode
    values specified in the ToUnicode CMap shall all be greater than zero
    (0), but not equal to either U+FEFF or U+FFFE." Ours: a ToUnicode CMap
    for every font, an entry for every code drawn (any rendering mode)."""
    bad = []
    for u, cf, err in used_fonts(doc):
        if err or cf is None:
            bad.append(err)
            continue
        if cf.uni is None:
            bad.append(f"font {og(u.font)} has no /ToUnicode")
            continue
        for c in sorted(u.codes):
            s = cf.uni.get(c)
            if not s:
                bad.append(f"{u.where[c]}: font {og(u.font)} code {c:04X} "
                           "has no Unicode")
            elif set(s) & {"\u0000", "\ufeff", "\ufffe"}:
                bad.append(f"{u.where[c]}: font {og(u.font)} code {c:04X} "
                           f"maps to {uchr(s)}")
    return bad


@clause("6.2.11.8", "no .notdef glyph drawn")
def c_notdef(doc):
    """6.2.11.8: "A PDF/A-2 compliant document shall not contain a
    reference to the .notdef glyph from any of the text showing operators,
    regardless of text rendering mode, in any content stream": no code
    (2 bytes under Identity-H) maps through CIDToGIDMap to glyph 0."""
    bad = []
    for u, cf, err in used_fonts(doc):
        if err or cf is None:
            bad.append(err)
            continue
        for c in sorted(u.codes):
            if cf.gid(c) == 0:
                text = (cf.uni or {}).get(c, "")
                bad.append(f"{u.where[c]}: font {og(u.font)} code {c:04X} "
                           f"({uchr(text)}) -> glyph 0 (.notdef)")
    return bad
