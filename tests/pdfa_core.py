"""tests/pdfa_core.py - what the PDF/A clause checks of tests/pdfa.py
share: the registry of checks, a lexer of PDF syntax (objects as
written, content streams, CMaps), the file read object by object through
its cross-reference table, the content streams with their resources and
the codes each font shows."""

import functools
import re

import pikepdf


CHECKS = []             # (clause, name, function, pdfa, plain)


def clause(num, name, pdfa=True, plain=True):
    """Register a check: f(doc) -> list of problems (empty: conforms)."""
    def deco(fn):
        CHECKS.append((num, name, fn, pdfa, plain))
        return fn
    return deco


# ------------------------------------------------------------ lexing

WS = b"\x00\t\n\x0c\r "
DELIM = b"()<>[]{}/%"
EOLS = (b"\r\n", b"\n", b"\r")
ESC = {ord("n"): 10, ord("r"): 13, ord("t"): 9, ord("b"): 8, ord("f"): 12,
       ord("("): 40, ord(")"): 41, ord("\\"): 92}
INT_RE = re.compile(rb"[+-]?\d+\Z")
REAL_RE = re.compile(rb"[+-]?(\d+\.\d*|\.\d+)\Z")


class LexError(Exception):
    pass


class Tok:
    """A token of PDF syntax: kind is int, real, str (value: the bytes),
    hex (value: the digits as written), name (value: the bytes after #xx
    expansion), kw (value: the keyword) or a delimiter ("<<", ">>", "[",
    "]", "{", "}"); start/end are offsets in the lexed data."""
    __slots__ = ("kind", "value", "start", "end")

    def __init__(self, kind, value, start, end):
        self.kind, self.value, self.start, self.end = kind, value, start, end


def lit_string(data, i, end):
    """The bytes of the literal string whose "(" is just before i, and the
    offset after its ")"."""
    out, depth = bytearray(), 1
    while i < end:
        c = data[i]
        if c == 0x5C:
            i += 1
            c = data[i] if i < end else 0
            if c in ESC:
                out.append(ESC[c])
                i += 1
            elif 0x30 <= c <= 0x37:
                j = i
                while j < end and j < i + 3 and 0x30 <= data[j] <= 0x37:
                    j += 1
                out.append(int(data[i:j], 8) & 0xFF)
                i = j
            elif c == 0x0D:
                i += 2 if data[i + 1:i + 2] == b"\n" else 1
            elif c == 0x0A:
                i += 1
            continue
        if c == 0x28:
            depth += 1
        elif c == 0x29:
            depth -= 1
            if depth == 0:
                return bytes(out), i + 1
        if c == 0x0D:           # an EOL in a string reads as one LF
            out.append(0x0A)
            i += 2 if data[i + 1:i + 2] == b"\n" else 1
            continue
        out.append(c)
        i += 1
    raise LexError(f"string not closed at offset {end}")


def expand_name(raw):
    return re.sub(rb"#([0-9A-Fa-f]{2})",
                  lambda m: bytes([int(m.group(1), 16)]), raw)


def lex(data, i=0, end=None):
    """Tokens of data[i:end]; stops after the keyword "stream" (the caller
    skips the stream's bytes) and at a content stream's inline image data
    (after "ID", up to the whitespace before "EI")."""
    end = len(data) if end is None else end
    while i < end:
        c = data[i]
        if c in WS:
            i += 1
            continue
        if c == 0x25:
            while i < end and data[i] not in b"\r\n":
                i += 1
            continue
        s = i
        if c == 0x28:
            val, i = lit_string(data, i + 1, end)
            yield Tok("str", val, s, i)
        elif c == 0x3C and data[i + 1:i + 2] == b"<":
            i += 2
            yield Tok("<<", None, s, i)
        elif c == 0x3C:
            j = data.find(b">", i + 1, end)
            if j < 0:
                raise LexError(f"hex string not closed at offset {s}")
            i = j + 1
            yield Tok("hex", data[s + 1:j], s, i)
        elif c == 0x3E and data[i + 1:i + 2] == b">":
            i += 2
            yield Tok(">>", None, s, i)
        elif c in b"[]{}":
            i += 1
            yield Tok(chr(c), None, s, i)
        elif c == 0x2F:
            j = i + 1
            while j < end and data[j] not in WS and data[j] not in DELIM:
                j += 1
            yield Tok("name", expand_name(data[i + 1:j]), s, j)
            i = j
        elif c in b")>":
            raise LexError(f"stray {chr(c)!r} at offset {s}")
        else:
            j = i
            while j < end and data[j] not in WS and data[j] not in DELIM:
                j += 1
            t = data[i:j]
            i = j
            if INT_RE.match(t):
                yield Tok("int", int(t), s, j)
            elif REAL_RE.match(t):
                yield Tok("real", float(t), s, j)
            else:
                yield Tok("kw", t, s, j)
                if t == b"stream":
                    return
                if t == b"ID":
                    k = re.compile(rb"[\x00\t\n\x0c\r ]EI(?=[\x00\t\n\x0c"
                                   rb"\r ]|$)").search(data, i + 1, end)
                    i = k.start() + 1 if k else end


# ------------------------------------------------------------ the file

class Obj:
    """One indirect object as written: its tokens (outside stream data),
    where its stream's bytes are, and what is wrong with its syntax."""

    def __init__(self, num, gen, off):
        self.num, self.gen, self.off = num, gen, off
        self.tokens = []
        self.stream = None      # (start, declared length) of the data
        self.bad_obj = []       # 6.1.9
        self.bad_stream = []    # 6.1.7.1


class Doc:
    """A PDF file: its bytes, pikepdf's view and what the clauses share."""

    def __init__(self, path, plain):
        self.path, self.plain = path, plain
        with open(path, "rb") as f:
            self.raw = f.read()
        self.pdf = pikepdf.open(path)
        self.memo = {}          # what several checks read, read once

    # ---- cross-reference table and objects (6.1.4, 6.1.7.1, 6.1.9)

    @functools.cached_property
    def xref(self):
        """({num: (offset, gen)} of the in-use entries, the trailers'
        offsets, problems with the table's syntax)."""
        raw, objs, trailers, bad = self.raw, {}, [], []
        k = raw.rfind(b"startxref")
        m = re.compile(rb"startxref[\r\n]+(\d+)").match(raw, k)
        if k < 0 or not m:
            return objs, trailers, ["no startxref"]
        off, seen = int(m.group(1)), set()
        while off is not None and off not in seen:
            seen.add(off)
            if raw[off:off + 4] != b"xref":
                bad.append(f"startxref/Prev {off} does not point at 'xref' "
                           "(a cross-reference stream?)")
                break
            off = self.xref_section(off, objs, trailers, bad)
        return objs, trailers, bad

    def xref_section(self, off, objs, trailers, bad):
        """Read the table at off into objs; the /Prev offset or None."""
        raw, i = self.raw, off + 4
        eol = re.compile(rb"\r\n|\n|\r").match(raw, i)
        if not eol or not raw[eol.end():eol.end() + 1].isdigit():
            bad.append(f"'xref' at {off} is not followed by a single EOL "
                       "and a subsection header")
        i = eol.end() if eol else i
        while True:
            while raw[i:i + 1] in (b" ", b"\r", b"\n"):
                i += 1
            if raw.startswith(b"trailer", i):
                break
            h = re.compile(rb"(\d+)([ \t]+)(\d+)[ ]?(\r\n|\n|\r)").match(
                raw, i)
            if not h:
                bad.append(f"bad subsection header at {i}: {raw[i:i + 20]!r}")
                return None
            if h.group(2) != b" ":
                bad.append(f"subsection header at {i}: {h.group(0)!r}: "
                           "numbers not separated by one space")
            first, n = int(h.group(1)), int(h.group(3))
            i = h.end()
            for k in range(n):
                e = re.compile(rb"(\d{10}) (\d{5}) ([nf])( \r| \n|\r\n)") \
                    .match(raw, i)
                if not e:
                    bad.append(f"entry {first + k} at {i} is not 20 bytes "
                               f"of 'nnnnnnnnnn ggggg n EOL': "
                               f"{raw[i:i + 20]!r}")
                    return None
                if e.group(3) == b"n" and first + k not in objs:
                    objs[first + k] = (int(e.group(1)), int(e.group(2)))
                i = e.end()
        trailers.append(i)
        toks = self.dict_tokens(i + len(b"trailer"))
        prev = value_after(toks, b"Prev")
        return prev.value if prev is not None and prev.kind == "int" \
            else None

    def dict_tokens(self, i):
        """The tokens of the dictionary starting at or after i."""
        out, depth = [], 0
        for t in lex(self.raw, i):
            out.append(t)
            depth += t.kind in ("<<", "[") and 1 or 0
            depth -= t.kind in (">>", "]") and 1 or 0
            if depth == 0:
                break
        return out

    @functools.cached_property
    def objects(self):
        """[Obj] for every in-use entry of the cross-reference table."""
        return [self.read_obj(num, gen, off) for num, (off, gen) in
                sorted(self.xref[0].items())]

    def read_obj(self, num, gen, off):
        raw, o = self.raw, Obj(num, gen, off)
        m = re.compile(rb"(\d+)([\x00\t\n\x0c\r ]+)(\d+)([\x00\t\n\x0c\r ]+)"
                       rb"obj").match(raw, off)
        if not m or int(m.group(1)) != num or int(m.group(3)) != gen:
            o.bad_obj.append(f"xref offset {off} of object {num} {gen} "
                             f"points at {raw[off:off + 16]!r}")
            return o
        if m.group(2) != b" " or m.group(4) != b" ":
            o.bad_obj.append(f"object {num} {gen}: {m.group(0)!r}: not "
                             "single spaces")
        if off > 0 and raw[off - 1] not in b"\r\n":
            o.bad_obj.append(f"object {num} {gen}: no EOL before it")
        if raw[m.end():m.end() + 1] not in (b"\r", b"\n"):
            o.bad_obj.append(f"object {num} {gen}: no EOL after 'obj'")
        try:
            self.read_body(o, m.end())
        except (LexError, IndexError, ValueError) as e:
            o.bad_obj.append(f"object {num} {gen}: {e}")
        return o

    def read_body(self, o, i):
        raw = self.raw
        for t in lex(raw, i):
            if t.kind == "kw" and t.value == b"endobj":
                return self.end_obj(o, t)
            if t.kind == "kw" and t.value == b"stream":
                return self.read_stream(o, t.end)
            o.tokens.append(t)
        o.bad_obj.append(f"object {o.num} {o.gen}: no endobj")

    def end_obj(self, o, t):
        raw = self.raw
        if raw[t.start - 1] not in b"\r\n":
            o.bad_obj.append(f"object {o.num} {o.gen}: no EOL before "
                             "'endobj'")
        if t.end < len(raw) and raw[t.end] not in b"\r\n":
            o.bad_obj.append(f"object {o.num} {o.gen}: no EOL after "
                             "'endobj'")

    def read_stream(self, o, i):
        raw, what = self.raw, f"stream object {o.num} {o.gen}"
        if raw.startswith(b"\r\n", i):
            start = i + 2
        elif raw.startswith(b"\n", i):
            start = i + 1
        else:
            o.bad_stream.append(f"{what}: 'stream' followed by "
                                f"{raw[i:i + 2]!r}, not CRLF or LF")
            start = i + 1
        length = self.length_of(o)
        k = raw.find(b"endstream", start)
        if k < 0:
            o.bad_stream.append(f"{what}: no endstream")
            return
        real = k - start
        for eol in EOLS:
            if raw[start:k].endswith(eol):
                real = k - len(eol) - start
                break
        else:
            o.bad_stream.append(f"{what}: no EOL before 'endstream'")
        if length != real:
            o.bad_stream.append(f"{what}: /Length {length} but {real} "
                                "bytes between stream+EOL and EOL+endstream")
        o.stream = (start, real)
        for t in lex(raw, k + len(b"endstream")):
            if t.kind == "kw" and t.value == b"endobj":
                return self.end_obj(o, t)
            o.bad_obj.append(f"{what}: {t.kind} after endstream")
            return

    def length_of(self, o):
        """/Length of a stream dictionary as written (direct or through
        a reference); None if it has none."""
        t = value_after(o.tokens, b"Length", depth=1)
        if t is None:
            return None
        if t.kind == "int":
            k = o.tokens.index(t)
            nxt = o.tokens[k + 1:k + 3]
            if len(nxt) < 2 or nxt[1].kind != "kw" or nxt[1].value != b"R":
                return t.value
            off = self.xref[0].get(t.value, (None,))[0]
            if off is None:
                return None
            toks = [x for x in lex(self.raw, off)][:4]
            return toks[3].value if len(toks) == 4 else None
        return None

    # ---- pages, content streams, fonts

    @functools.cached_property
    def pages(self):
        return [p.obj for p in self.pdf.pages]

    @functools.cached_property
    def contents(self):
        """[Content] of every page, the form XObjects they (and the
        annotations' appearances) draw, each once."""
        out, seen = [], set()
        for n, pg in enumerate(self.pages, 1):
            res = inherited(pg, "/Resources")
            out.append(Content(f"page {n}", pg, res, pg))
            self.forms(out, seen, res, f"page {n}", pg)
            for a in pg.get("/Annots", []):
                ap = a.get("/AP") if isinstance(a, pikepdf.Dictionary) \
                    else None
                for v in (vals(ap) if ap is not None else []):
                    streams = vals(v) if isinstance(v, pikepdf.Dictionary) \
                        and not isinstance(v, pikepdf.Stream) else [v]
                    for s in streams:
                        self.add_form(out, seen, s, f"page {n} annotation "
                                      "appearance", pg)
        return out

    def add_form(self, out, seen, s, label, page):
        if not isinstance(s, pikepdf.Stream) or s.objgen in seen:
            return
        seen.add(s.objgen)
        res = s.get("/Resources")
        out.append(Content(f"{label} (obj {s.objgen[0]} {s.objgen[1]})", s,
                           res, page))
        self.forms(out, seen, res, label, page)

    def forms(self, out, seen, res, label, page):
        xo = res.get("/XObject") if res is not None else None
        for name, s in (xo.items() if xo is not None else []):
            if s.get("/Subtype") == "/Form":
                self.add_form(out, seen, s, f"{label} form {name}", page)

    @functools.cached_property
    def uses(self):
        """{font objgen: FontUse} of the codes the text operators show."""
        uses = {}
        for c in self.contents:
            c.text(uses)
        return uses


class Content:
    """A content stream (a page's, or a form XObject's) and its resources."""

    def __init__(self, label, owner, res, page):
        self.label, self.owner, self.res, self.page = label, owner, res, page

    @functools.cached_property
    def data(self):
        o = self.owner
        if isinstance(o, pikepdf.Stream):
            return o.read_bytes()
        c = o.get("/Contents")
        if c is None:
            return b""
        if isinstance(c, pikepdf.Array):
            return b"\n".join(s.read_bytes() for s in c)
        return c.read_bytes()

    @functools.cached_property
    def tokens(self):
        return list(lex(self.data))

    @functools.cached_property
    def ops(self):
        return pikepdf.parse_content_stream(self.owner)

    def resource(self, kind, name):
        d = self.res.get(kind) if self.res is not None else None
        return d.get(name) if d is not None else None

    def text(self, uses):
        """Add the codes shown by Tj, TJ, ' and " to uses, by font."""
        font, mode, stack = None, 0, []
        for ins in self.ops:
            op, args = str(ins.operator), ins.operands
            if op == "q":
                stack.append((font, mode))
            elif op == "Q" and stack:
                font, mode = stack.pop()
            elif op == "Tf":
                font = self.resource("/Font", args[0])
            elif op == "Tr":
                mode = int(args[0])
            elif op in ("Tj", "'", '"', "TJ") and font is not None:
                strs = args[-1] if op == "TJ" else [args[-1]]
                use = uses.setdefault(font.objgen, FontUse(font))
                for s in strs:
                    if isinstance(s, pikepdf.String):
                        use.add(bytes(s), mode, self.label)


class FontUse:
    """The codes a font shows: all, those rendered (mode != 3), where."""

    def __init__(self, font):
        self.font = font
        self.two = font.get("/Subtype") == "/Type0"
        self.codes, self.rendered, self.where = set(), set(), {}

    def add(self, b, mode, label):
        step = 2 if self.two else 1
        for i in range(0, len(b) - step + 1, step):
            c = int.from_bytes(b[i:i + step], "big")
            self.codes.add(c)
            self.where.setdefault(c, label)
            if mode != 3:
                self.rendered.add(c)


def inherited(page, key):
    """A page's attribute, looked up through the page tree."""
    n = page
    for _ in range(64):
        if n is None:
            return None
        if key in n:
            return n[key]
        n = n.get("/Parent")
    return None


def value_after(toks, key, depth=None):
    """The token after the name /key (at dictionary depth `depth`)."""
    d = 0
    for i, t in enumerate(toks[:-1]):
        d += t.kind in ("<<", "[") and 1 or 0
        d -= t.kind in (">>", "]") and 1 or 0
        if t.kind == "name" and t.value == key and \
                (depth is None or d == depth):
            return toks[i + 1]
    return None


def vals(d):
    """The values of a dictionary (pikepdf's have items() only)."""
    return [v for _, v in d.items()]


def og(o):
    """'obj N G' of an indirect object, for messages."""
    n = getattr(o, "objgen", (0, 0))
    return f"obj {n[0]} {n[1]}" if n != (0, 0) else "a direct object"


def all_objects(doc):
    """Every object of the file, as pikepdf gives them."""
    if "all_objects" not in doc.memo:
        doc.memo["all_objects"] = [o for o in doc.pdf.objects
                                   if o is not None]
    return doc.memo["all_objects"]


def walk(o, seen=None, depth=0):
    """o and every dictionary/array nested directly in it."""
    yield o
    if depth > 40:
        return
    if isinstance(o, (pikepdf.Dictionary, pikepdf.Stream)):
        vs = vals(o)
    elif isinstance(o, pikepdf.Array):
        vs = list(o)
    else:
        return
    for v in vs:
        if (isinstance(v, (pikepdf.Dictionary, pikepdf.Array,
                           pikepdf.Stream)) and not v.is_indirect):
            yield from walk(v, seen, depth + 1)


def dicts(doc):
    """Every dictionary (and stream dictionary) of the file."""
    if "dicts" not in doc.memo:
        doc.memo["dicts"] = [d for o in all_objects(doc) for d in walk(o)
                             if isinstance(d, (pikepdf.Dictionary,
                                               pikepdf.Stream))]
    return doc.memo["dicts"]


def names_of(v):
    """A name or an array of names as a list of str."""
    if isinstance(v, pikepdf.Array):
        return [str(x) for x in v if isinstance(x, pikepdf.Name)]
    return [str(v)] if isinstance(v, pikepdf.Name) else []
