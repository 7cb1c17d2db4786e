"""tests/pdfa_meta.py - ISO 19005-2 6.3 - 6.11: annotations, forms, actions, XMP metadata, embedded files, optional content;
registered with pdfa_core.clause, run by tests/pdfa.py."""

import datetime
import re
import xml.etree.ElementTree as ET

import pikepdf

from pdfa_core import all_objects, clause, dicts, og


# ------------------------------------------------------------ 6.3 - 6.11

ANNOTS = {"/Text", "/Link", "/FreeText", "/Line", "/Square", "/Circle",
          "/Polygon", "/PolyLine", "/Highlight", "/Underline", "/Squiggly",
          "/StrikeOut", "/Stamp", "/Caret", "/Ink", "/Popup",
          "/FileAttachment", "/Widget", "/PrinterMark", "/TrapNet",
          "/Watermark", "/Redact"}


def annots(doc):
    for n, pg in enumerate(doc.pages, 1):
        for a in pg.get("/Annots", []):
            yield f"page {n} annotation {og(a)} {a.get('/Subtype')}", a


@clause("6.3.1", "annotation types")
def c_annot_types(doc):
    """6.3.1: "Annotation types not defined in ISO 32000-1 shall not be
    permitted. Additionally, the 3D, Sound, Screen and Movie types shall
    not be permitted." """
    return [f"{w}: type not permitted" for w, a in annots(doc)
            if str(a.get("/Subtype")) not in ANNOTS]


@clause("6.3.2", "annotation flags")
def c_annot_flags(doc):
    """6.3.2: "Except for annotation dictionaries whose Subtype value is
    Popup, all annotation dictionaries shall contain the F key. If
    present, the F key's Print flag bit shall be set to 1 and its Hidden,
    Invisible, ToggleNoView, and NoView flag bits shall be set to 0." """
    bad = []
    for w, a in annots(doc):
        f = a.get("/F")
        if f is None:
            if a.get("/Subtype") != "/Popup":
                bad.append(f"{w}: no /F")
            continue
        f = int(f)
        if not f & 4 or f & (1 | 2 | 32 | 256):
            bad.append(f"{w}: /F {f} (Print must be set; Invisible, "
                       "Hidden, NoView, ToggleNoView clear)")
    return bad


@clause("6.3.3", "annotation appearances")
def c_annot_ap(doc):
    """6.3.3: "Every annotation ... shall have at least one appearance
    dictionary", except Popup and Link annotations and those of zero
    size; "the appearance dictionary that it defines as its value shall
    contain only the N key"; N is a stream (a subdictionary for a Widget
    button)."""
    bad = []
    for w, a in annots(doc):
        st, ap, r = a.get("/Subtype"), a.get("/AP"), a.get("/Rect")
        empty = r is not None and float(r[0]) == float(r[2]) and \
            float(r[1]) == float(r[3])
        if ap is None:
            if st not in ("/Popup", "/Link") and not empty:
                bad.append(f"{w}: no /AP")
            continue
        if list(ap.keys()) != ["/N"]:
            bad.append(f"{w}: /AP has {list(ap.keys())}, not only /N")
        btn = st == "/Widget" and a.get("/FT") == "/Btn"
        if not btn and not isinstance(ap.get("/N"), pikepdf.Stream):
            bad.append(f"{w}: /AP /N is not a stream")
    return bad


@clause("6.4", "interactive forms")
def c_forms(doc):
    """6.4.1: "A Widget annotation dictionary shall not contain the A or
    AA keys", nor a field dictionary AA; "The NeedAppearances flag of the
    interactive form dictionary shall either not be present or shall be
    false." 6.4.2: the AcroForm shall not contain XFA and the catalog not
    NeedsRendering."""
    bad, root = [], doc.pdf.Root
    af = root.get("/AcroForm")
    if af is not None:
        if af.get("/NeedAppearances", False) is True:
            bad.append("AcroForm /NeedAppearances true")
        if "/XFA" in af:
            bad.append("AcroForm has /XFA")
        for fld in af.get("/Fields", []):
            if "/AA" in fld:
                bad.append(f"field {og(fld)} has /AA")
    if "/NeedsRendering" in root:
        bad.append("catalog has /NeedsRendering")
    for w, a in annots(doc):
        if a.get("/Subtype") == "/Widget":
            bad += [f"{w}: has {k}" for k in ("/A", "/AA") if k in a]
    return bad


ACTIONS = {"/GoTo", "/GoToR", "/GoToE", "/Thread", "/URI", "/Named",
           "/SubmitForm"}
NAMED = {"/NextPage", "/PrevPage", "/FirstPage", "/LastPage"}


def actions(doc):
    """(where, action dictionary) of every action: the values of /A,
    /OpenAction, /Next and of /AA dictionaries, anywhere."""
    for d in dicts(doc):
        for k in ("/A", "/OpenAction", "/Next"):
            v = d.get(k)
            vs = list(v) if isinstance(v, pikepdf.Array) else [v]
            for a in vs:
                if isinstance(a, pikepdf.Dictionary) and "/S" in a:
                    yield f"{og(d)} {k}", a
        aa = d.get("/AA")
        if isinstance(aa, pikepdf.Dictionary):
            for k, a in aa.items():
                if isinstance(a, pikepdf.Dictionary):
                    yield f"{og(d)} /AA {k}", a


@clause("6.5", "actions")
def c_actions(doc):
    """6.5.1: "The Launch, Sound, Movie, ResetForm, ImportData, Hide,
    SetOCGState, Rendition, Trans, GoTo3DView and JavaScript actions shall
    not be permitted. Additionally, the deprecated set-state and no-op
    actions shall not be permitted"; named actions other than NextPage,
    PrevPage, FirstPage and LastPage neither. 6.5.2: "The document's
    Catalog shall not include an AA entry for an additional-actions
    dictionary", nor a Page dictionary."""
    bad = []
    for w, a in actions(doc):
        s = str(a.get("/S"))
        if s not in ACTIONS:
            bad.append(f"{w}: action {s}")
        elif s == "/Named" and str(a.get("/N")) not in NAMED:
            bad.append(f"{w}: named action {a.get('/N')}")
    if "/AA" in doc.pdf.Root:
        bad.append("catalog has /AA")
    bad += [f"page {n} has /AA" for n, pg in enumerate(doc.pages, 1)
            if "/AA" in pg]
    return bad


def metadata_streams(doc):
    return [o for o in all_objects(doc) if isinstance(o, pikepdf.Stream)
            and o.get("/Type") == "/Metadata"]


XPACKET = re.compile(rb"<\?xpacket\s+begin=([\"'])(.*?)\1([^?]*)\?>",
                     re.S)


@clause("6.6.2.1", "XMP metadata stream", plain=False)
def c_metadata(doc):
    """6.6.2.1: "The Catalog dictionary of a conforming file shall contain
    the Metadata key whose value is a metadata stream ... The metadata
    stream dictionary shall contain entry Type with value /Metadata and
    entry Subtype with value /XML"; "The bytes attribute shall not be used
    in the header of an XMP packet", nor "the encoding attribute"; "All
    content of all XMP packets shall be well-formed" XML and RDF, encoded
    as UTF-8. Ours: no /Filter (the packet is readable as it is, as
    ISO 19005-1 asked)."""
    bad = []
    m = doc.pdf.Root.get("/Metadata")
    if not isinstance(m, pikepdf.Stream):
        return ["catalog has no /Metadata stream"]
    for s in metadata_streams(doc):
        if s.get("/Subtype") != "/XML":
            bad.append(f"metadata {og(s)}: /Subtype {s.get('/Subtype')}")
        if "/Filter" in s:
            bad.append(f"metadata {og(s)}: /Filter {s.get('/Filter')}")
            continue
        data = s.read_bytes()
        h = XPACKET.search(data)
        if not h:
            bad.append(f"metadata {og(s)}: no xpacket header")
        elif re.search(rb"\b(bytes|encoding)\s*=", h.group(3)):
            bad.append(f"metadata {og(s)}: xpacket header {h.group(0)!r}")
        try:
            data.decode("utf-8")
            root = ET.fromstring(data)
            if root.find(f".//{RDF}RDF") is None and root.tag != RDF + "RDF":
                bad.append(f"metadata {og(s)}: no rdf:RDF")
        except (UnicodeDecodeError, ET.ParseError) as e:
            bad.append(f"metadata {og(s)}: {e}")
    return bad


RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NS = {"dc": "http://purl.org/dc/elements/1.1/",
      "xmp": "http://ns.adobe.com/xap/1.0/",
      "xmpRights": "http://ns.adobe.com/xap/1.0/rights/",
      "xmpMM": "http://ns.adobe.com/xap/1.0/mm/",
      "pdf": "http://ns.adobe.com/pdf/1.3/",
      "pdfaid": "http://www.aiim.org/pdfa/ns/id/"}
# The properties we allow: the XMP Specification 2005's Dublin Core, XMP
# Basic, XMP Rights Management, XMP Media Management and Adobe PDF
# schemas (pdf:Trapped came later: it is not among them), and the PDF/A
# identification schema.
ALLOWED = {
    "dc": "contributor coverage creator date description format identifier "
          "language publisher relation rights source subject title type",
    "xmp": "Advisory BaseURL CreateDate CreatorTool Identifier Label "
           "MetadataDate ModifyDate Nickname Rating Thumbnails",
    "xmpRights": "Certificate Marked Owner UsageTerms WebStatement",
    "xmpMM": "DerivedFrom DocumentID History InstanceID LastURL ManagedFrom "
             "Manager ManageTo ManageUI ManagerVariant RenditionClass "
             "RenditionOf RenditionParams SaveID VersionID Versions",
    "pdf": "Keywords PDFVersion Producer",
    "pdfaid": "part conformance amd corr"}
KIND = {"dc:title": "Alt", "dc:description": "Alt", "dc:rights": "Alt",
        "dc:creator": "Seq", "dc:date": "Seq", "dc:contributor": "Bag",
        "dc:language": "Bag", "dc:publisher": "Bag", "dc:relation": "Bag",
        "dc:subject": "Bag", "dc:type": "Bag", "xmp:Advisory": "Bag",
        "xmp:Identifier": "Bag", "xmpRights:Owner": "Bag",
        "xmpRights:UsageTerms": "Alt"}
DATES = {"xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate"}
XMP_DATE = re.compile(r"\d{4}(-\d\d(-\d\d(T\d\d:\d\d(:\d\d(\.\d+)?)?"
                      r"(Z|[+-]\d\d:\d\d))?)?)?\Z")


def xmp_props(doc):
    """{prefix:name: value} of the catalog's XMP: a str, or a list of
    (xml:lang, text) for rdf:Alt/Seq/Bag (kind in [0][2])."""
    m = doc.pdf.Root.get("/Metadata")
    if not isinstance(m, pikepdf.Stream):
        raise ValueError("the catalog has no /Metadata stream")
    root = ET.fromstring(m.read_bytes())
    uri = {v: k for k, v in NS.items()}
    props = {}
    for d in root.iter(RDF + "Description"):
        items = [(k, v) for k, v in d.attrib.items() if not
                 k.startswith(RDF)] + [(e.tag, e) for e in d]
        for tag, v in items:
            ns, _, local = tag[1:].partition("}")
            key = f"{uri.get(ns, '{' + ns + '}')}:{local}"
            if isinstance(v, str):
                props[key] = v
                continue
            box = next(iter(v), None)
            if box is not None and box.tag in (RDF + "Alt", RDF + "Seq",
                                               RDF + "Bag"):
                props[key] = [(li.get(XML_LANG), li.text or "",
                               box.tag[len(RDF):]) for li in box]
            else:
                props[key] = v.text or ""
    return props


@clause("6.6.2.3.1", "XMP properties in predefined schemas", plain=False)
def c_xmp_schemas(doc):
    """6.6.2.3.1: "All properties specified in XMP form shall use either
    the predefined schemas defined in the XMP Specification, ISO 19005-1
    or this part of ISO 19005, or any extension schemas", with the value
    types the schemas give. We write no extension schema, so every
    property must be one of ALLOWED (XMP 2005's dc, xmp, xmpRights,
    xmpMM, pdf schemas; pdfaid), language alternatives, sequences and bags
    where the schema says so, dates as XMP dates."""
    bad = []
    for key, v in xmp_props(doc).items():
        prefix, _, local = key.partition(":")
        if local not in ALLOWED.get(prefix, "").split():
            bad.append(f"XMP property {key} is not in the predefined "
                       "schemas (an extension schema would be needed)")
            continue
        want = KIND.get(key)
        got = v[0][2] if isinstance(v, list) and v else \
            "empty" if isinstance(v, list) else None
        if want != got:
            bad.append(f"XMP {key} is {got or 'simple text'}, the schema "
                       f"says {want or 'simple text'}")
        if key in DATES and not XMP_DATE.match(v if isinstance(v, str)
                                               else ""):
            bad.append(f"XMP {key} {v!r} is not a date")
    return bad


def pdf_date(s):
    """An aware datetime of a PDF date string (D:YYYYMMDDHHmmSSOHH'mm)."""
    m = re.match(r"D:(\d{4})(\d\d)?(\d\d)?(\d\d)?(\d\d)?(\d\d)?"
                 r"(Z|[+-])?(\d\d)?'?(\d\d)?'?$", s)
    if not m:
        return None
    y, mo, d, h, mi, se = [int(g) if g else dflt for g, dflt in
                           zip(m.groups()[:6], (0, 1, 1, 0, 0, 0))]
    sign = -1 if m.group(7) == "-" else 1
    off = datetime.timedelta(hours=int(m.group(8) or 0),
                             minutes=int(m.group(9) or 0)) * sign
    return datetime.datetime(y, mo, d, h, mi, se,
                             tzinfo=datetime.timezone(off))


def xmp_date(s):
    try:
        return datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError:
        return None


MIRROR = (("/Title", "dc:title", "alt"), ("/Author", "dc:creator", "seq"),
          ("/Subject", "dc:description", "alt"),
          ("/Keywords", "pdf:Keywords", "text"),
          ("/Creator", "xmp:CreatorTool", "text"),
          ("/Producer", "pdf:Producer", "text"),
          ("/CreationDate", "xmp:CreateDate", "date"),
          ("/ModDate", "xmp:ModifyDate", "date"))


def xmp_value(v, how):
    if how == "alt":
        return next((t for lang, t, _ in v if lang == "x-default"), None) \
            if isinstance(v, list) else None
    if how == "seq":
        return v[0][1] if isinstance(v, list) and len(v) == 1 else None
    return v if isinstance(v, str) else None


@clause("14.3.3", "Info entries mirrored in XMP", plain=False)
def c_info_xmp(doc):
    """ISO 32000-1 14.3.3 (as ISO 19005-1 6.7.3 asks, and spec §5: "XMP
    metadata mirroring the document information"): every Info entry with
    an XMP twin is in the XMP with an equal value: Title = dc:title
    x-default, Author = the single item of dc:creator's Seq, Subject =
    dc:description x-default, Keywords = pdf:Keywords, Creator =
    xmp:CreatorTool, Producer = pdf:Producer, CreationDate =
    xmp:CreateDate and ModDate = xmp:ModifyDate (the same instant)."""
    bad, props, info = [], xmp_props(doc), doc.pdf.docinfo
    for key, prop, how in MIRROR:
        if key not in info:
            continue
        want = str(info[key])
        got = xmp_value(props.get(prop), "text" if how == "date" else how)
        if got is None:
            bad.append(f"Info {key} {want!r} has no XMP {prop}")
        elif how == "date":
            a, b = pdf_date(want), xmp_date(got)
            if a is None or b is None or a != b:
                bad.append(f"Info {key} {want!r} is not XMP {prop} {got!r}")
        elif got != want:
            bad.append(f"Info {key} {want!r} but XMP {prop} {got!r}")
    return bad


@clause("6.6.4", "PDF/A identification: part 2, conformance U",
        plain=False)
def c_pdfaid(doc):
    """6.6.4: "The PDF/A version and conformance level of a file shall be
    specified using the PDF/A Identification extension schema"; "The value
    of pdfaid:part shall be the part number of ISO 19005 to which the file
    conforms"; "A Level U conforming file shall specify the value of
    pdfaid:conformance as U"; the properties use the prefix pdfaid."""
    bad, p = [], xmp_props(doc)
    if p.get("pdfaid:part") != "2":
        bad.append(f"pdfaid:part is {p.get('pdfaid:part')!r}, not '2'")
    if p.get("pdfaid:conformance") != "U":
        bad.append(f"pdfaid:conformance is {p.get('pdfaid:conformance')!r}"
                   ", not 'U'")
    data = doc.pdf.Root.Metadata.read_bytes()
    for k in ("part", "conformance", "amd", "corr"):
        for m in re.finditer(rb"<?(\w+):" + k.encode() + rb"\b", data):
            pre = m.group(1)
            if pre != b"pdfaid" and re.search(
                    rb"xmlns:" + pre + rb"=[\"']http://www.aiim.org/pdfa/ns"
                    rb"/id/", data):
                bad.append(f"{pre.decode()}:{k} (the prefix must be pdfaid)")
    return bad


@clause("6.8", "no embedded files")
def c_embedded_files(doc):
    """6.8 allows embedded files only when they are PDF/A themselves.
    Ours: none at all (no /EmbeddedFiles name tree, no /EF)."""
    names = doc.pdf.Root.get("/Names")
    bad = ["catalog /Names has /EmbeddedFiles"] if names is not None and \
        "/EmbeddedFiles" in names else []
    return bad + [f"{og(d)}: file specification with /EF"
                  for d in dicts(doc) if "/EF" in d]


@clause("6.9", "no optional content")
def c_optional(doc):
    """6.9 asks each optional content configuration to have a unique
    /Name, an /Order listing every group and no /AS. Ours: no optional
    content at all (no /OCProperties, no /OC)."""
    bad = ["catalog has /OCProperties"] if "/OCProperties" in \
        doc.pdf.Root else []
    return bad + [f"{og(d)} has /OC" for d in dicts(doc) if "/OC" in d]


@clause("6.10", "no alternate presentations, no PresSteps")
def c_presentations(doc):
    """6.10: "There shall be no AlternatePresentations entry in the
    document's name dictionary" and "no PresSteps entry in any Page
    dictionary"."""
    names = doc.pdf.Root.get("/Names")
    bad = ["/Names has /AlternatePresentations"] if names is not None and \
        "/AlternatePresentations" in names else []
    return bad + [f"page {n} has /PresSteps"
                  for n, pg in enumerate(doc.pages, 1) if "/PresSteps" in pg]


@clause("6.11", "no Requirements")
def c_requirements(doc):
    """6.11: "The document catalog shall not contain the Requirements
    key." """
    return ["catalog has /Requirements"] if "/Requirements" in \
        doc.pdf.Root else []
