#!/usr/bin/python3
"""tests/i18n.py - the checks of tests/i18n.sh that read text.

  i18n.py catalogue FRESH.pot VI.po
      Every message extracted afresh from the sources (FRESH.pot, with
      its #: locations) has a Vietnamese translation in VI.po that is not
      fuzzy. Prints one "ok:"/"FAIL:" line per source file that has
      messages, each FAIL followed by its messages with no translation.

  i18n.py vietnamese [--form] FILE...
      Every line of each FILE is Vietnamese: no common English word left
      once quoted parts ("..."), <U+XXXX names>, key paths, code words
      (anything with a digit, an underscore, a dot, a slash, brackets,
      a dash...) and file names are removed. With --form every line also
      has the form of a diagnostic, "file:line:col: lỗi|cảnh báo|ghi chú:
      ..." (line:col optional), or is the failure line "thất bại: ...".
      Prints each offending line with what is wrong; exit 1 if any.

Counts go to tests/i18n.sh through the exit status and the printed lines.
"""
import json
import os
import re
import sys

# Words that never belong in a Vietnamese message (the words every English
# message of baocao is made of). A key or value of the report format (from
# the JSON Schema) is a code word the clerk types: dropped from this list,
# but for the words listed in CORE, too common in English to let pass.
CORE = """the is are of to a an expected must cannot not file error warning
note got did you mean""".split()
MORE = """was were be been and or but in on at for with by from as it its
this that these those there here which who what when where should would
will can could no none neither your has have had needs need missing
unknown invalid too empty allowed instead than more least after before
delete put give correct does so then any every each also only write use
found line folder report reports built failed checked such one per item
items out leaves outside inside bigger smaller larger longer shorter
between without within into over under about same other another first
last next once both either whether while because since already still
again wrong starts ends begins read reads written writes printed prints
kept keeps lost dropped ignored skipped used uses using means named
given gives takes make makes made see shows shown holds comes goes fits
fails add added remove removed change changed move moved unclosed
literal marker cycle nothing something anything""".split()

# English words that are also Vietnamese syllables without marks.
AMBIGUOUS = set("in so to an no do on can".split())
# Other English words, that make an ambiguous word next to them English.
ENGLISH = set("""list key keys value values year years number text mapping
string true false page pages name date size width height block blocks
table row rows column columns cell cells image font fonts character
letter letters word words""".split())

LEVEL = re.compile(r"^(?P<file>[^ ]+?)(?::\d+:\d+)?: "
                   r"(?P<level>lỗi|cảnh báo|ghi chú): (?P<msg>.*)$")
FAILED = re.compile(r"^thất bại: ")
QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"|“[^”]*”|‘[^’]*’|<U\+[0-9A-F]+[^>]*>')
TOKEN = re.compile(r"[^\s,;()?!]+")


def schema_words(path):
    """Every key and string value of the JSON Schema at path."""
    words = set()

    def walk(x):
        if isinstance(x, dict):
            for k, v in x.items():
                if k == "properties" and isinstance(v, dict):
                    words.update(v.keys())
                if k in ("enum", "const"):
                    for e in (v if isinstance(v, list) else [v]):
                        if isinstance(e, str):
                            words.add(e)
                walk(v)
        elif isinstance(x, list):
            for e in x:
                walk(e)
    try:
        with open(path, encoding="utf-8") as f:
            walk(json.load(f))
    except (OSError, ValueError):
        pass
    return words


def english_words(text, words):
    """The words of `words` left in text once code is taken out. A word
    that is Vietnamese too (AMBIGUOUS: "in" prints, "to" is big) counts
    only next to another English word ("in the", "expected a")."""
    text = QUOTED.sub(" ", text)
    toks = []
    for m in TOKEN.finditer(text):
        t = m.group()
        after = text[m.end():m.end() + 1]
        if after == ":" or re.search(r"[0-9_./\\\[\]{}=*&$%@#<>+|'`-]", t) \
                or (len(t) == 1 and t.isupper()):
            toks.append(None)	# a key path (x:), a code word, a file,
            			# a column letter (A;;3) - never an article
        else:
            toks.append(t.rstrip(":"))
    found = []
    for i, t in enumerate(toks):
        if t is None or not t.isascii() or t.lower() not in words:
            continue
        if t.lower() in AMBIGUOUS:
            near = [x for x in toks[max(i - 1, 0):i] + toks[i + 1:i + 2]
                    if x is not None and x.isascii() and
                    x.lower() in words | ENGLISH]
            if not near:
                continue
        if t not in found:
            found.append(t)
    return found


def vietnamese(args):
    form = args[:1] == ["--form"]
    if form:
        args = args[1:]
    here = os.path.dirname(os.path.abspath(__file__))
    keys = schema_words(os.path.join(here, "..", "docs",
                                     "baocao-report.schema.json"))
    words = set(CORE) | (set(MORE) - keys)
    bad = 0
    for path in args:
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f.read().splitlines():
                text = line
                if form:
                    m = LEVEL.match(line)
                    if m:
                        text = m.group("msg")
                    elif FAILED.match(line):
                        text = line[len("thất bại: "):]
                    else:
                        print("  not of the form file:line:col: lỗi|"
                              "cảnh báo|ghi chú: ...: %s" % line)
                        bad += 1
                        continue
                w = english_words(text, words)
                if w:
                    print("  English (%s): %s" % (", ".join(w), line))
                    bad += 1
    return 1 if bad else 0


def po_entries(path):
    """(msgid, msgid_plural, [msgstr...], flags, [files]) of a PO file."""
    entries, cur, field = [], None, None

    def unq(s):
        return json.loads(s) if s.startswith('"') else ""
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines() + [""]
    for line in lines:
        if not line.strip():
            if cur is not None:
                entries.append(cur)
            cur, field = None, None
            continue
        if line.startswith("#~"):
            continue	# obsolete
        if cur is None:
            cur = {"id": "", "plural": None, "str": {}, "flags": "",
                   "files": []}
        if line.startswith("#,"):
            cur["flags"] += line[2:]
        elif line.startswith("#:"):
            for loc in line[2:].split():
                f = loc.rsplit(":", 1)[0]
                if f not in cur["files"]:
                    cur["files"].append(f)
        elif line.startswith("#"):
            continue
        elif line.startswith("msgid_plural "):
            field = ("plural", None)
            cur["plural"] = unq(line[13:])
        elif line.startswith("msgid "):
            field = ("id", None)
            cur["id"] = unq(line[6:])
        elif line.startswith("msgstr["):
            n = int(line[7:line.index("]")])
            field = ("str", n)
            cur["str"][n] = unq(line[line.index("]") + 2:])
        elif line.startswith("msgstr "):
            field = ("str", 0)
            cur["str"][0] = unq(line[7:])
        elif line.startswith('"') and field is not None:
            if field[0] == "str":
                cur["str"][field[1]] += unq(line)
            else:
                cur[field[0]] += unq(line)
    return [e for e in entries if e["id"] != ""]


def catalogue(pot, po):
    done = {e["id"]: e for e in po_entries(po)
            if "fuzzy" not in e["flags"] and e["str"] and
            all(s != "" for s in e["str"].values())}
    fuzzy = {e["id"] for e in po_entries(po) if "fuzzy" in e["flags"]}
    byfile = {}
    for e in po_entries(pot):
        for f in e["files"] or ["?"]:
            byfile.setdefault(f, []).append(e)
    failed = 0
    for f in sorted(byfile):
        left = [e for e in byfile[f] if e["id"] not in done]
        n = len(byfile[f])
        if not left:
            print("ok: %s: all %d messages have a Vietnamese translation"
                  % (f, n))
            continue
        failed += 1
        print("FAIL: %s: %d of %d messages have no Vietnamese translation "
              "in po/vi.po (run make po, then translate them there):" % (f, len(left), n))
        for e in left:
            s = json.dumps(e["id"], ensure_ascii=False)
            print("  %s%s" % ("(fuzzy) " if e["id"] in fuzzy else "",
                              s if len(s) <= 160 else s[:157] + "..."))
    return 1 if failed else 0


def main():
    if len(sys.argv) >= 2 and sys.argv[1] == "vietnamese":
        return vietnamese(sys.argv[2:])
    if len(sys.argv) == 4 and sys.argv[1] == "catalogue":
        return catalogue(sys.argv[2], sys.argv[3])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
