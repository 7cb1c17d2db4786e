"""tests/pdfa_file.py - ISO 19005-2 6.1, the file structure;
registered with pdfa_core.clause, run by tests/pdfa.py."""

import re

import pikepdf

from pdfa_core import (EOLS, WS, all_objects, clause, inherited,
                       names_of, og, value_after)


# ------------------------------------------------------------ 6.1 file

@clause("6.1.2", "file header")
def c_header(doc):
    """6.1.2: "The file header shall begin at byte zero and shall consist
    of '%PDF-1.n' followed by a single EOL marker, where 'n' is a single
    digit number between 0 and 7. The aforementioned EOL marker shall be
    immediately followed by a % character followed by at least four bytes,
    each of whose encoded byte values shall have a decimal value greater
    than 127." """
    m = re.compile(rb"%PDF-1\.[0-7](\r\n|\n|\r)%(....)").match(doc.raw)
    if not m:
        return [f"header is {doc.raw[:16]!r}"]
    if any(b <= 127 for b in m.group(2)):
        return [f"binary comment {m.group(2)!r} has bytes <= 127"]
    return []


@clause("6.1.3", "trailer: /ID, no /Encrypt, nothing after %%EOF")
def c_trailer(doc):
    """6.1.3: "The file trailer dictionary shall contain the ID keyword
    whose value shall be File Identifiers as defined in ISO 32000-1:2008,
    14.4. The keyword Encrypt shall not be used in the trailer dictionary.
    No data can follow the last end-of-file marker except a single
    optional end-of-line marker." Ours: the /ID is two 16-byte strings
    (an MD5 digest of the content)."""
    bad, t = [], doc.pdf.trailer
    ids = t.get("/ID")
    if not isinstance(ids, pikepdf.Array) or len(ids) != 2 or \
            any(not isinstance(s, pikepdf.String) or len(bytes(s)) != 16
                for s in ids):
        bad.append(f"trailer /ID is {ids!r}, not two 16-byte strings")
    if "/Encrypt" in t:
        bad.append("trailer has /Encrypt")
    k = doc.raw.rfind(b"%%EOF")
    tail = doc.raw[k + 5:] if k >= 0 else None
    if tail is None or tail not in (b"",) + EOLS:
        bad.append(f"after the last %%EOF: {tail!r}")
    return bad


@clause("6.1.4", "cross-reference table syntax")
def c_xref(doc):
    """6.1.4: "In a cross reference subsection header the starting object
    number and the range shall be separated by a single SPACE character
    (20h). The xref keyword and the cross-reference subsection header
    shall be separated by a single EOL marker." Also read here: each entry
    is 20 bytes and each in-use offset points at its object (6.1.9)."""
    objs, trailers, bad = doc.xref
    if not trailers and not bad:
        bad = ["no trailer after the table"]
    return bad + [p for o in doc.objects for p in o.bad_obj
                  if "xref offset" in p]


def hex_problems(toks, where):
    bad = []
    for t in toks:
        if t.kind != "hex":
            continue
        digits = bytes(b for b in t.value if b not in WS)
        if len(digits) % 2:
            bad.append(f"{where}: hex string <{t.value[:20].decode('latin1')}"
                       f"> has an odd number ({len(digits)}) of digits")
        if re.search(rb"[^0-9A-Fa-f]", digits):
            bad.append(f"{where}: hex string <{t.value[:20].decode('latin1')}"
                       "> holds a non-hex character")
    return bad


@clause("6.1.6", "hexadecimal strings")
def c_hex(doc):
    """6.1.6: "Hexadecimal strings shall contain an even number of
    non-white-space characters, each in the range 0 to 9, A to F or a to
    f." Read in every object outside stream data, in the trailer and in
    the content streams."""
    bad = []
    for o in doc.objects:
        bad += hex_problems(o.tokens, f"obj {o.num} {o.gen}")
    for k in doc.xref[1]:
        bad += hex_problems(doc.dict_tokens(k + 7), "trailer")
    for c in doc.contents:
        bad += hex_problems(c.tokens, c.label)
    return bad


STREAM_KEYS = ("/F", "/FFilter", "/FDecodeParms")


@clause("6.1.7.1", "stream objects: /Length, keywords, no external data")
def c_streams(doc):
    """6.1.7.1: "The value of the Length key specified in the stream
    dictionary shall match the number of bytes in the file following the
    LINE FEED character after the stream keyword and preceding the EOL
    marker before the endstream keyword. The stream keyword shall be
    followed either by a CARRIAGE RETURN and a LINE FEED character
    sequence or by a single LINE FEED character. The endstream keyword
    shall be preceded by an EOL marker. A stream dictionary shall not
    contain the F, FFilter, or FDecodeParms keys." """
    bad = [p for o in doc.objects for p in o.bad_stream]
    for o in all_objects(doc):
        if isinstance(o, pikepdf.Stream):
            bad += [f"{og(o)}: stream dictionary has {k}"
                    for k in STREAM_KEYS if k in o.stream_dict]
    return bad


FILTERS = {"/ASCIIHexDecode", "/ASCII85Decode", "/FlateDecode",
           "/RunLengthDecode", "/CCITTFaxDecode", "/JBIG2Decode",
           "/DCTDecode", "/JPXDecode"}


@clause("6.1.7.2", "stream filters")
def c_filters(doc):
    """6.1.7.2: "All standard stream filters listed in ISO 32000-1:2008,
    7.4, Table 6 may be used, with the exception of LZWDecode. Filters
    that are not listed [there] shall not be used. In addition, the Crypt
    filter shall not be used." """
    bad = []
    for o in all_objects(doc):
        if isinstance(o, pikepdf.Stream):
            for f in names_of(o.stream_dict.get("/Filter")):
                if f not in FILTERS:
                    bad.append(f"{og(o)}: filter {f}")
    return bad


@clause("6.1.8", "font names are UTF-8")
def c_names(doc):
    """6.1.8: "Font names, names of colourants in Separation and DeviceN
    colour spaces, and structure type names, after expansion of character
    sequences escaped with a NUMBER SIGN (23h), if any, shall be valid
    UTF-8 character sequences." Read on the bytes: the name after
    /BaseFont, /FontName, /FontFamily."""
    bad = []
    for o in doc.objects:
        for k in (b"BaseFont", b"FontName", b"FontFamily"):
            t = value_after(o.tokens, k)
            if t is not None and t.kind == "name":
                try:
                    t.value.decode("utf-8")
                except UnicodeDecodeError:
                    bad.append(f"obj {o.num} {o.gen}: /{k.decode()} "
                               f"{t.value!r} is not UTF-8")
    return bad


@clause("6.1.9", "indirect object syntax")
def c_indirect(doc):
    """6.1.9: "The object number and generation number shall be separated
    by a single white-space character. The generation number and obj
    keyword shall be separated by a single white-space character. The
    object number and endobj keyword shall each be preceded by an EOL
    marker. The obj and endobj keywords shall each be followed by an EOL
    marker." """
    return [p for o in doc.objects for p in o.bad_obj
            if "xref offset" not in p]


IMAGE_FILTERS = FILTERS | {"/AHx", "/A85", "/Fl", "/RL", "/CCF", "/DCT"}


@clause("6.1.10", "inline image filters")
def c_inline(doc):
    """6.1.10: "The value of the F key in the Inline Image dictionary
    shall not be LZW, LZWDecode, Crypt, a value not listed in ISO
    32000-1:2008, Table 6, or an array containing any such value." """
    bad = []
    for c in doc.contents:
        toks = c.tokens
        for i, t in enumerate(toks):
            if t.kind == "kw" and t.value == b"BI":
                j = i + 1
                while j < len(toks) and not (toks[j].kind == "kw" and
                                             toks[j].value == b"ID"):
                    if toks[j].kind == "name" and toks[j].value in \
                            (b"F", b"Filter"):
                        k = j + 1
                        vals = []
                        if toks[k].kind == "[":
                            k += 1
                            while toks[k].kind == "name":
                                vals.append(toks[k].value)
                                k += 1
                        elif toks[k].kind == "name":
                            vals.append(toks[k].value)
                        bad += [f"{c.label}: inline image filter /{v.decode()}"
                                for v in vals
                                if "/" + v.decode() not in IMAGE_FILTERS]
                    j += 1
    return bad


@clause("6.1.12", "permissions")
def c_perms(doc):
    """6.1.12: "No keys other than UR3 and DocMDP shall be present in a
    permissions dictionary." """
    p = doc.pdf.Root.get("/Perms")
    return [f"catalog /Perms has {k}" for k in (p.keys() if p else [])
            if k not in ("/UR3", "/DocMDP")]


def limit_problems(toks, where, maxstr=32767):
    bad = []
    for t in toks:
        if t.kind == "int" and not -2**31 <= t.value <= 2**31 - 1:
            bad.append(f"{where}: integer {t.value}")
        elif t.kind == "real" and (abs(t.value) > 3.403e38 or
                                   0 < abs(t.value) < 1.175e-38):
            bad.append(f"{where}: real {t.value}")
        elif t.kind == "str" and len(t.value) > maxstr:
            bad.append(f"{where}: string of {len(t.value)} bytes")
        elif t.kind == "hex" and len(t.value) // 2 > maxstr:
            bad.append(f"{where}: hex string of {len(t.value) // 2} bytes")
        elif t.kind == "name" and len(t.value) > 127:
            bad.append(f"{where}: name of {len(t.value)} bytes")
    return bad


BOXES = ("/MediaBox", "/CropBox", "/BleedBox", "/TrimBox", "/ArtBox")


@clause("6.1.13", "implementation limits")
def c_limits(doc):
    """6.1.13: a conforming file shall not contain an integer outside
    -2^31 .. 2^31-1, a real beyond +/-3.403e38 or closer to zero than
    +/-1.175e-38 (other than 0), a string longer than 32767 bytes, a name
    longer than 127 bytes, more than 8,388,607 indirect objects, q/Q pairs
    nested more than 28 deep, a CID above 65535, nor a page boundary
    smaller than 3 or larger than 14,400 units either way. A plain PDF
    1.4 (--plain) is held to PDF 1.4's own limit on strings (its
    Appendix C: 65,535 bytes): a title too long for PDF/A builds there."""
    bad = []
    maxstr = 65535 if doc.plain else 32767
    for o in doc.objects:
        bad += limit_problems(o.tokens, f"obj {o.num} {o.gen}", maxstr)
    for c in doc.contents:
        toks = c.tokens
        bad += limit_problems(toks, c.label)
        depth = deepest = 0
        for t in toks:
            if t.kind == "kw" and t.value == b"q":
                depth += 1
                deepest = max(deepest, depth)
            elif t.kind == "kw" and t.value == b"Q":
                depth -= 1
        if deepest > 28:
            bad.append(f"{c.label}: q/Q nested {deepest} deep")
    if len(doc.xref[0]) > 8388607:
        bad.append(f"{len(doc.xref[0])} indirect objects")
    for n, pg in enumerate(doc.pages, 1):
        for b in BOXES:
            r = inherited(pg, b) if b == "/MediaBox" else pg.get(b)
            if r is None:
                continue
            w, h = abs(float(r[2]) - float(r[0])), abs(float(r[3]) -
                                                      float(r[1]))
            if not (3 <= w <= 14400 and 3 <= h <= 14400):
                bad.append(f"page {n}: {b} {w} x {h}")
    for u in doc.uses.values():
        if max(u.codes, default=0) > 65535:
            bad.append(f"{og(u.font)}: CID {max(u.codes)}")
    return bad
