"""tests/pdfa_graphics.py - ISO 19005-2 6.2.2 - 6.2.10, graphics: content streams, output intent, ICC profiles, colour spaces, images, XObjects, transparency;
registered with pdfa_core.clause, run by tests/pdfa.py."""

import struct

import pikepdf

from pdfa_core import (all_objects, clause, dicts, inherited, names_of,
                       og, vals)


# ------------------------------------------------------------ 6.2 graphics

OPERATORS = set("""b B b* B* BDC BI BMC BT BX c cm CS cs d d0 d1 Do DP EI
EMC ET EX f F f* G g gs h i ID j J K k l m M MP n q Q re RG rg ri s S SC sc
SCN scn sh T* Tc Td TD Tf Tj TJ TL Tm Tr Ts Tw Tz v w W W* y ' \"
""".split()) | {"INLINE IMAGE"}
RES_OPS = {"Tf": "/Font", "Do": "/XObject", "gs": "/ExtGState",
           "sh": "/Shading", "BDC": "/Properties", "DP": "/Properties"}


@clause("6.2.2", "content streams: defined operators, explicit resources")
def c_content(doc):
    """6.2.2: "Content streams shall not contain any operators not defined
    in ISO 32000-1 even if such operators are bracketed by the BX/EX
    compatibility operators." and "A content stream that references other
    objects, such as images and fonts that are necessary to fully render
    or process the stream, shall have an explicitly associated Resources
    dictionary." Every resource name an operator uses is looked up in the
    stream's own resources (a page's through the page tree)."""
    bad = []
    for c in doc.contents:
        for ins in c.ops:
            op = str(ins.operator)
            if op not in OPERATORS:
                bad.append(f"{c.label}: operator {op!r}")
            kind = RES_OPS.get(op)
            if op in ("cs", "CS") and str(ins.operands[0]) not in \
                    ("/DeviceGray", "/DeviceRGB", "/DeviceCMYK", "/Pattern"):
                kind = "/ColorSpace"
            if kind is None or not ins.operands:
                continue
            name = ins.operands[-1 if op in ("BDC", "DP") else 0]
            if isinstance(name, pikepdf.Name) and \
                    c.resource(kind, name) is None:
                bad.append(f"{c.label}: {op} {name} not in its own "
                           f"{kind} resources")
    return bad


COMPONENTS = {b"GRAY": 1, b"RGB ": 3, b"CMYK": 4, b"Lab ": 3}


def output_intents(doc):
    ois = doc.pdf.Root.get("/OutputIntents")
    return list(ois) if ois is not None else []


@clause("6.2.3", "output intent", plain=False)
def c_output_intent(doc):
    """6.2.3: the DestOutputProfile of a PDF/A OutputIntent "shall either
    be an output profile (Device Class = prtr) or a monitor profile
    (mntr). The profiles shall have a colour space of either GRAY, RGB,
    or CMYK", an ICC version below 5; all entries with a DestOutputProfile
    shall use the same indirect object; no DestOutputProfileRef. Ours:
    exactly one /GTS_PDFA1 intent, whose /N is the profile's number of
    components."""
    bad, ois = [], output_intents(doc)
    a = [oi for oi in ois if oi.get("/S") == "/GTS_PDFA1"]
    if len(a) != 1:
        return [f"{len(a)} output intents with /S /GTS_PDFA1 (want 1)"]
    profs = {oi.DestOutputProfile.objgen for oi in ois
             if "/DestOutputProfile" in oi}
    if len(profs) != 1:
        bad.append(f"{len(profs)} distinct /DestOutputProfile objects")
    bad += ["output intent has /DestOutputProfileRef" for oi in ois
            if "/DestOutputProfileRef" in oi]
    p = a[0].get("/DestOutputProfile")
    if not isinstance(p, pikepdf.Stream):
        return bad + ["the PDF/A output intent has no /DestOutputProfile "
                      "stream"]
    icc = p.read_bytes()
    cls, cs, ver = icc[12:16], icc[16:20], icc[8]
    if cls not in (b"mntr", b"prtr") or cs not in (b"GRAY", b"RGB ",
                                                   b"CMYK") or ver >= 5:
        bad.append(f"{og(p)}: profile class {cls!r}, colour space {cs!r}, "
                   f"version {ver}")
    if p.get("/N") != COMPONENTS.get(cs):
        bad.append(f"{og(p)}: /N {p.get('/N')} but the profile's colour "
                   f"space {cs!r} has {COMPONENTS.get(cs)} components")
    return bad


def icc_profiles(doc):
    """(where, bytes) of the output intents' profiles and every ICCBased
    colour space's stream."""
    out, seen = [], set()
    for oi in output_intents(doc):
        p = oi.get("/DestOutputProfile")
        if isinstance(p, pikepdf.Stream) and p.objgen not in seen:
            seen.add(p.objgen)
            out.append((og(p) + " (output intent)", p.read_bytes()))
    for d in dicts(doc):
        for v in vals(d):
            if isinstance(v, pikepdf.Array) and len(v) == 2 and \
                    v[0] == "/ICCBased" and v[1].objgen not in seen:
                seen.add(v[1].objgen)
                out.append((og(v[1]), v[1].read_bytes()))
    return out


RGB_TAGS = (b"desc", b"wtpt", b"cprt", b"rXYZ", b"gXYZ", b"bXYZ", b"rTRC",
            b"gTRC", b"bTRC")
CLASSES = (b"scnr", b"mntr", b"prtr", b"link", b"spac", b"abst", b"nmcl")


def icc_tags(icc):
    """{signature: (offset, size)} of an ICC profile's tag table."""
    n = struct.unpack(">I", icc[128:132])[0]
    if 132 + 12 * n > len(icc):
        raise ValueError(f"tag table of {n} tags runs past the end")
    tags = {}
    for i in range(n):
        sig, off, size = struct.unpack(">4sII", icc[132 + 12 * i:
                                                   144 + 12 * i])
        tags[sig] = (off, size)
    return tags


def icc_problems(where, icc):
    """ICC.1 header and tag table: what is wrong, or []."""
    if len(icc) < 132:
        return [f"{where}: {len(icc)} bytes is no ICC profile"]
    bad = []
    size = struct.unpack(">I", icc[:4])[0]
    if size != len(icc):
        bad.append(f"{where}: header size {size} but {len(icc)} bytes")
    if icc[36:40] != b"acsp":
        bad.append(f"{where}: no 'acsp' signature")
    if icc[12:16] not in CLASSES:
        bad.append(f"{where}: device class {icc[12:16]!r}")
    if icc[20:24] not in (b"XYZ ", b"Lab "):
        bad.append(f"{where}: PCS {icc[20:24]!r}")
    major, minor = icc[8], icc[9] >> 4
    if major not in (2, 4) or (major == 4 and minor > 2):
        bad.append(f"{where}: ICC version {major}.{minor} (PDF/A-2 takes "
                   "2.x and 4.0 to 4.2)")
    try:
        tags = icc_tags(icc)
    except ValueError as e:
        return bad + [f"{where}: {e}"]
    for sig, (off, n) in tags.items():
        if off < 132 or off + n > len(icc):
            bad.append(f"{where}: tag {sig!r} at {off}+{n} is outside the "
                       f"{len(icc)}-byte profile")
    if icc[16:20] == b"RGB " and icc[12:16] in (b"mntr", b"prtr"):
        bad += [f"{where}: no {t.decode()} tag (an RGB matrix/TRC profile "
                "needs it)" for t in RGB_TAGS if t not in tags]
    return bad


@clause("6.2.4.2", "ICC profiles (header, tags)")
def c_icc(doc):
    """6.2.4.2: "The profile that forms the stream of an ICCBased colour
    space shall conform to ICC.1:1998-09, ICC.1:2001-12, ICC.1:2003-09 or
    ISO 15076-1", read here for every ICC profile of the file (the output
    intent's too): header size = length, 'acsp', a defined device class,
    PCS XYZ or Lab, version 2.x or 4.0-4.2, every tag inside the file, and
    for an RGB display/output profile the tags a matrix/TRC profile needs
    (desc, wtpt, cprt, rXYZ, gXYZ, bXYZ, rTRC, gTRC, bTRC)."""
    bad = []
    for where, icc in icc_profiles(doc):
        bad += icc_problems(where, icc)
    return bad


def s15(b):
    return struct.unpack(">i", b)[0] / 65536


def trc_at(icc, tag, x):
    """The tone curve `tag` of icc at x in 0..1."""
    off, n = icc_tags(icc)[tag]
    t = icc[off:off + n]
    if t[:4] == b"curv":
        cnt = struct.unpack(">I", t[8:12])[0]
        if cnt == 0:
            return x
        if cnt == 1:
            return x ** (struct.unpack(">H", t[12:14])[0] / 256)
        v = struct.unpack(f">{cnt}H", t[12:12 + 2 * cnt])
        p = x * (cnt - 1)
        i = min(int(p), cnt - 2)
        return (v[i] + (v[i + 1] - v[i]) * (p - i)) / 65535
    if t[:4] == b"para":
        f = struct.unpack(">H", t[8:10])[0]
        k = (1, 3, 4, 5, 7)[f]
        g, a, b, c, d, e, f_ = [s15(t[12 + 4 * i:16 + 4 * i])
                                for i in range(k)] + [0] * (7 - k)
        if f == 0:
            return x ** g
        if f == 1:
            return (a * x + b) ** g if x >= -b / a else 0
        if f == 2:
            return (a * x + b) ** g + c if x >= -b / a else c
        if f == 3:
            return (a * x + b) ** g if x >= d else c * x
        return (a * x + b) ** g + e if x >= d else c * x + f_
    raise ValueError(f"tone curve type {t[:4]!r}")


SRGB_XYZ = {b"rXYZ": (0.4361, 0.2225, 0.0139),
            b"gXYZ": (0.3851, 0.7169, 0.0971),
            b"bXYZ": (0.1431, 0.0606, 0.7141)}


@clause("§5", "the output intent is sRGB", plain=False)
def c_srgb(doc):
    """Spec §5: "an sRGB output intent with a valid ICC profile": the
    profile's colorants are sRGB's primaries adapted to D50 (within
    0.002) and its tone curves are sRGB's (0.214 at 0.5, within 0.01)."""
    ois = [oi for oi in output_intents(doc) if "/DestOutputProfile" in oi]
    if not ois:
        return ["no output intent profile"]
    icc = ois[0].DestOutputProfile.read_bytes()
    bad = []
    try:
        tags = icc_tags(icc)
        for sig, want in SRGB_XYZ.items():
            off = tags[sig][0]
            got = [s15(icc[off + 8 + 4 * i:off + 12 + 4 * i])
                   for i in range(3)]
            if any(abs(g - w) > 0.002 for g, w in zip(got, want)):
                bad.append(f"{sig.decode()} {got} is not sRGB's {want}")
        for sig in (b"rTRC", b"gTRC", b"bTRC"):
            y = trc_at(icc, sig, 0.5)
            if abs(y - 0.214) > 0.01:
                bad.append(f"{sig.decode()} at 0.5 is {y:.4f}, not sRGB's "
                           "0.214")
    except (KeyError, ValueError, struct.error) as e:
        bad.append(f"cannot read the profile's colorants/curves: {e!r}")
    return bad


DEVICE = {"/DeviceRGB": "RGB", "/DeviceGray": "Gray", "/DeviceCMYK": "CMYK",
          "/RGB": "RGB", "/G": "Gray", "/CMYK": "CMYK"}
OPS_SPACE = {"rg": "RGB", "RG": "RGB", "g": "Gray", "G": "Gray",
             "k": "CMYK", "K": "CMYK"}


def device_spaces(cs, depth=0):
    """The device colour spaces a colour space object uses."""
    if isinstance(cs, pikepdf.Name):
        return {DEVICE[str(cs)]} if str(cs) in DEVICE else set()
    if not isinstance(cs, pikepdf.Array) or not len(cs) or depth > 8:
        return set()
    fam = str(cs[0])
    if fam in ("/Indexed", "/I") and len(cs) > 1:
        return device_spaces(cs[1], depth + 1)
    if fam == "/Separation" and len(cs) > 2:
        return device_spaces(cs[2], depth + 1)
    if fam == "/DeviceN" and len(cs) > 2:
        return device_spaces(cs[2], depth + 1)
    if fam == "/Pattern" and len(cs) > 1:
        return device_spaces(cs[1], depth + 1)
    return set()


def colour_uses(doc):
    """[(where, device space)] of the colours drawn."""
    out = []
    for c in doc.contents:
        for ins in c.ops:
            op = str(ins.operator)
            if op in OPS_SPACE:
                out.append((f"{c.label}: {op}", OPS_SPACE[op]))
            elif op in ("cs", "CS"):
                n = ins.operands[0]
                cs = c.resource("/ColorSpace", n) or n
                out += [(f"{c.label}: {op} {n}", s)
                        for s in device_spaces(cs)]
            elif op == "Do":
                xo = c.resource("/XObject", ins.operands[0])
                if xo is not None and xo.get("/Subtype") == "/Image" and \
                        not xo.get("/ImageMask", False):
                    out += [(f"{c.label}: image {ins.operands[0]} "
                             f"({og(xo)})", s)
                            for s in device_spaces(xo.get("/ColorSpace"))]
            elif op == "INLINE IMAGE":
                cs = ins.operands[0].obj.get("/CS") if hasattr(
                    ins.operands[0], "obj") else None
                out += [(f"{c.label}: inline image", s)
                        for s in device_spaces(cs)]
    for d in dicts(doc):
        if d.get("/S") == "/Transparency" and "/CS" in d:
            out += [(f"transparency group ({og(d)})", s)
                    for s in device_spaces(d.CS)]
    return out


@clause("6.2.4.3", "device colour spaces match the output intent",
        plain=False)
def c_device(doc):
    """6.2.4.3: "DeviceRGB shall only be used if a device independent
    DefaultRGB colour space has been set when the DeviceRGB colour space
    is used, or if the file has a PDF/A OutputIntent that contains an RGB
    destination profile"; likewise DeviceCMYK needs a CMYK one and
    DeviceGray any PDF/A output intent. Uses read: rg/RG, g/G, k/K, cs/CS,
    the images drawn, inline images, transparency groups. We set no
    Default colour spaces."""
    space = None
    for oi in output_intents(doc):
        if oi.get("/S") == "/GTS_PDFA1" and "/DestOutputProfile" in oi:
            space = oi.DestOutputProfile.read_bytes()[16:20]
    ok = {"Gray": space is not None, "RGB": space == b"RGB ",
          "CMYK": space == b"CMYK"}
    bad, said = [], set()
    for where, s in colour_uses(doc):
        if not ok[s] and (where, s) not in said:
            said.add((where, s))
            bad.append(f"{where} draws in Device{s} but the output intent "
                       f"is {space!r}")
    return bad


@clause("6.2.5", "extended graphics states, halftones")
def c_extgstate(doc):
    """6.2.5: "An ExtGState dictionary shall not contain the TR key", nor
    TR2 other than Default, nor HTP; halftones have HalftoneType 1 or 5
    and no HalftoneName."""
    bad = []
    for d in dicts(doc):
        if d.get("/Type") == "/ExtGState" or any(
                k in d for k in ("/TR", "/TR2", "/HTP", "/BM", "/SMask")):
            if "/TR" in d:
                bad.append(f"{og(d)}: ExtGState with /TR")
            if "/TR2" in d and d.TR2 != "/Default":
                bad.append(f"{og(d)}: ExtGState with /TR2 {d.TR2}")
            if "/HTP" in d:
                bad.append(f"{og(d)}: ExtGState with /HTP")
        if "/HalftoneType" in d and (int(d.HalftoneType) not in (1, 5) or
                                     "/HalftoneName" in d):
            bad.append(f"{og(d)}: halftone type {d.HalftoneType}")
    return bad


INTENTS = {"/RelativeColorimetric", "/AbsoluteColorimetric",
           "/Perceptual", "/Saturation"}


@clause("6.2.6", "rendering intents")
def c_intents(doc):
    """6.2.6: "Where a rendering intent is specified, its value shall be
    one of the four values defined in ISO 32000-1:2008, Table 70:
    RelativeColorimetric, AbsoluteColorimetric, Perceptual or Saturation"
    (images' /Intent, ExtGState /RI, the ri operator)."""
    bad = []
    for d in dicts(doc):
        for k in ("/Intent", "/RI"):
            v = d.get(k)
            if isinstance(v, pikepdf.Name) and str(v) not in INTENTS:
                bad.append(f"{og(d)}: {k} {v}")
    for c in doc.contents:
        bad += [f"{c.label}: ri {i.operands[0]}" for i in c.ops
                if str(i.operator) == "ri" and
                str(i.operands[0]) not in INTENTS]
    return bad


def images(doc):
    return [o for o in all_objects(doc) if isinstance(o, pikepdf.Stream)
            and o.get("/Subtype") == "/Image"]


@clause("6.2.8", "images")
def c_images(doc):
    """6.2.8: "An Image dictionary shall not contain the Alternates key",
    nor OPI; "If an Image dictionary contains the Interpolate key, its
    value shall be false"; BitsPerComponent is 1, 2, 4, 8 or 16 (1 for an
    image mask). And (ISO 32000-1 11.6.5.3) a soft-mask image is
    DeviceGray."""
    bad, masks = [], set()
    for im in images(doc):
        for k in ("/Alternates", "/OPI"):
            if k in im:
                bad.append(f"image {og(im)} has {k}")
        if im.get("/Interpolate", False) is True:
            bad.append(f"image {og(im)} has /Interpolate true")
        bpc = im.get("/BitsPerComponent")
        want = (1,) if im.get("/ImageMask", False) else (1, 2, 4, 8, 16)
        if bpc is not None and int(bpc) not in want:
            bad.append(f"image {og(im)} has /BitsPerComponent {bpc}")
        sm = im.get("/SMask")
        if isinstance(sm, pikepdf.Stream):
            masks.add(sm.objgen)
            if sm.get("/ColorSpace") != "/DeviceGray":
                bad.append(f"soft mask {og(sm)} of image {og(im)} is in "
                           f"{sm.get('/ColorSpace')}, not DeviceGray")
    for c in doc.contents:
        for i in c.ops:
            if str(i.operator) == "INLINE IMAGE":
                d = getattr(i.operands[0], "obj", None) or {}
                if d.get("/I", False) is True or \
                        d.get("/Interpolate", False) is True:
                    bad.append(f"{c.label}: inline image interpolated")
    return bad


@clause("6.2.9", "XObjects: no PostScript, no reference XObjects")
def c_xobjects(doc):
    """6.2.9: "A form XObject dictionary shall not contain any of the
    following: the OPI key; the Subtype2 key with a value of PS; the PS
    key." "A conforming file shall not contain any reference XObjects"
    (a /Ref key) "nor any PostScript XObjects." """
    bad = []
    for o in all_objects(doc):
        if not isinstance(o, pikepdf.Stream):
            continue
        st = o.get("/Subtype")
        if st == "/PS":
            bad.append(f"{og(o)}: PostScript XObject")
        if st == "/Form":
            for k in ("/OPI", "/PS", "/Ref"):
                if k in o:
                    bad.append(f"form {og(o)} has {k}")
            if o.get("/Subtype2") == "/PS":
                bad.append(f"form {og(o)} has /Subtype2 /PS")
    return bad


BLENDS = {"/Normal", "/Compatible", "/Multiply", "/Screen", "/Overlay",
          "/Darken", "/Lighten", "/ColorDodge", "/ColorBurn", "/HardLight",
          "/SoftLight", "/Difference", "/Exclusion", "/Hue", "/Saturation",
          "/Color", "/Luminosity"}


def transparent(res, depth=0):
    """What in these resources (and the forms they draw) is transparent,
    or None."""
    if res is None or depth > 8:
        return None
    for name, xo in (res.get("/XObject") or {}).items():
        if xo.get("/SMask") is not None and xo.get("/SMask") != "/None":
            return f"image {name} ({og(xo)}) has a soft mask"
        if xo.get("/Subtype") == "/Form":
            if xo.get("/Group") is not None and \
                    xo.Group.get("/S") == "/Transparency":
                return f"form {name} ({og(xo)}) is a transparency group"
            t = transparent(xo.get("/Resources"), depth + 1)
            if t:
                return t
    for name, gs in (res.get("/ExtGState") or {}).items():
        sm = gs.get("/SMask")
        if sm is not None and sm != "/None":
            return f"ExtGState {name} has a soft mask"
        for k in ("/CA", "/ca"):
            if gs.get(k) is not None and float(gs[k]) < 1:
                return f"ExtGState {name} has {k} {gs[k]}"
        bm = names_of(gs.get("/BM"))
        if bm and bm[0] not in ("/Normal", "/Compatible"):
            return f"ExtGState {name} blends with {bm[0]}"
    return None


@clause("6.2.10", "transparency: page groups, blend modes")
def c_transparency(doc):
    """6.2.10: "Only blend modes that are specified in ISO 32000-1:2008
    shall be used for the value of the BM key in an extended graphic state
    dictionary", and a page that contains transparency shall have a Group
    whose dictionary has a CS entry (the standard asks it when there is no
    output intent; ours, spec §5: "no transparency without a page group
    colour space", always), with /S /Transparency."""
    bad = []
    for d in dicts(doc):
        for b in names_of(d.get("/BM")):
            if b not in BLENDS:
                bad.append(f"{og(d)}: blend mode {b}")
    for n, pg in enumerate(doc.pages, 1):
        why = transparent(inherited(pg, "/Resources"))
        if why is None:
            continue
        g = pg.get("/Group")
        if g is None or g.get("/S") != "/Transparency" or "/CS" not in g:
            bad.append(f"page {n}: {why} but its /Group is {g!r}")
    return bad
