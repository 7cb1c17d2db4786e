"""tests/schemaloader.py BIN SCHEMA DIR - the JSON Schema and the loader
agree, checked by asking both (tests/jsonschema.sh prints the tally):

1. choices: every property whose value is a choice list ($defs entries
   with an "enum") is tried in a tiny report with each name the schema
   lists, its letter-case variants and near misses ("A4x", "A"); the
   schema's verdict must equal `baocao check`'s (exit 0 or not). The
   list the loader prints for a wrong value ("expected A4, A5 or
   Letter") must equal the schema's enum, so a name added to the loader
   and missing from the schema (or the reverse) fails here;
2. defaults: every property with a "default" builds the very same PDF
   bytes written out as without it (SOURCE_DATE_EPOCH fixed);
3. every property has a type (type, $ref, enum or anyOf), a Vietnamese
   description, and every number a minimum and a maximum.

A table that holds a choice or a default needs a template below (the
smallest report that puts a value there): a new one fails until it has
one. Prints "ok: ..." / "FAIL: ..." lines."""
import json
import os
import re
import subprocess
import sys

import jsonschema
import yaml

BIN, SCHEMA, DIR = sys.argv[1:4]
BASE = "title: T\nbody:\n  - paragraph: x\n"
# table -> report with {KEY}: {VAL} where the table's keys go
TEMPLATES = {
    "report": "{KEY}: {VAL}\n" + BASE,
    "page": "page:\n  {KEY}: {VAL}\n" + BASE,
    "margins": "page:\n  margins:\n    {KEY}: {VAL}\n" + BASE,
    "style": "style:\n  {KEY}: {VAL}\n" + BASE,
    "pdf": "pdf:\n  {KEY}: {VAL}\n" + BASE,
    "header": "header:\n  agency: A\n  place: P\n  date: 2025-01-02\n"
              "  {KEY}: {VAL}\n" + BASE,
    "signature": "signature:\n  title: GIÁM ĐỐC\n  name: Nguyễn Văn A\n"
                 "  {KEY}: {VAL}\n" + BASE,
    "heading": "title: T\nbody:\n  - heading:\n      text: H\n"
               "      {KEY}: {VAL}\n  - paragraph: x\n",
    "list": "title: T\nbody:\n  - list:\n      items: [a, b]\n"
            "      {KEY}: {VAL}\n",
    "table": "title: T\nbody:\n  - table:\n      columns: [A, B]\n"
             "      rows: [[x, 1], [y, 2]]\n      {KEY}: {VAL}\n",
    "column": "title: T\nbody:\n  - table:\n      columns:\n"
              "        - {title: A, {KEY}: {VAL}}\n        - B\n"
              "      rows: [[x, 1], [y, 2]]\n",
    "staffing_history": "title: T\nbody:\n  - staffing_history:\n"
                        "      periods:\n        - {period: 1990, staff: 5}\n"
                        "        - {period: 2000, staff: 9}\n"
                        "      {KEY}: {VAL}\n",
    "awards": "title: T\nbody:\n  - awards:\n      items:\n"
              "        - {award: Bằng khen, year: 2020, by: UBND tỉnh}\n"
              "        - {award: Huân chương Lao động hạng Ba, year: 2015}\n"
              "      {KEY}: {VAL}\n",
    "appendix": "title: T\nbody:\n  - paragraph: x\nappendices:\n"
                "  - title: PL\n    {KEY}: {VAL}\n    body:\n"
                "      - paragraph: y\n",
}


class Loader(yaml.SafeLoader):
    pass


Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}

n = 0


def say(good, what):
    print(("ok: " if good else "FAIL: ") + what)


def write(text):
    global n
    n += 1
    path = os.path.join(DIR, "r%03d.yaml" % n)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def run(*args):
    env = dict(os.environ, LC_ALL="C.UTF-8", SOURCE_DATE_EPOCH="1700000000")
    env.pop("LANGUAGE", None)
    return subprocess.run([BIN] + list(args), env=env, capture_output=True,
                          text=True)


def report(table, key, val):
    t = TEMPLATES[table]
    return t.replace("{KEY}", key).replace("{VAL}", val)


def choice_names(schema, p):
    """The enum of a choice list p leads to ($ref, anyOf), or None."""
    if "$ref" in p:
        p = schema["$defs"][p["$ref"].rsplit("/", 1)[1]]
    if "enum" in p:
        return p["enum"]
    for alt in p.get("anyOf", []):
        names = choice_names(schema, alt)
        if names:
            return names
    return None


def variants(name):
    out = [name, name.upper(), name.lower(), name.capitalize(),
           name.swapcase(), name + "x", name[:-1], "x" + name]
    return list(dict.fromkeys(v for v in out if v))


def loader_list(err):
    """The names in the loader's "expected A, B or C, got ..." line."""
    m = re.search(r"error: [^:]*: expected (.*?), got ", err)
    if m is None:
        return None
    head, _, last = m.group(1).rpartition(" or ")
    return [s for s in head.split(", ") if s] + [last]


def check_choice(val, schema, table, key, names):
    where = "%s.%s" % (table, key)
    bad = run("check", write(report(table, key, '"zzz-no-such"')))
    got = loader_list(bad.stderr)
    say(got == names, "%s: the loader accepts exactly the schema's enum %s "
        "(its message lists %s)" % (where, names, got))
    wrong = []
    for v in names:
        if run("check", write(report(table, key, json.dumps(v)))).returncode:
            wrong.append("%r (the loader rejects it)" % v)
    for v in [x for nm in names for x in variants(nm)]:
        text = report(table, key, json.dumps(v))
        doc = yaml.load(text, Loader=Loader)
        in_schema = val.is_valid(doc)
        in_loader = run("check", write(text)).returncode == 0
        if in_schema != in_loader:
            wrong.append("%r (schema %s, loader %s)" % (
                v, in_schema, in_loader))
    say(not wrong, "%s: schema and loader agree on every name, its letter "
        "cases and near misses%s" % (where, ": " + ", ".join(wrong)
                                     if wrong else ""))


def check_default(table, key, dflt):
    where = "%s.%s" % (table, key)
    a = write(report(table, "{K}", "{V}"))
    # the template without the key: drop the line (or flow item) holding it
    with open(a, encoding="utf-8") as f:
        text = f.read()
    text = re.sub(r"(?m)^ *\{K\}: \{V\}\n", "", text)
    text = text.replace(", {K}: {V}", "")
    with open(a, "w", encoding="utf-8") as f:
        f.write(text)
    b = write(report(table, key, json.dumps(dflt)))
    out = os.path.join(DIR, "out")
    r = run("build", "-q", "-f", "-o", out, a, b)
    pa = os.path.join(out, os.path.basename(a)[:-5] + ".pdf")
    pb = os.path.join(out, os.path.basename(b)[:-5] + ".pdf")
    same = (r.returncode == 0 and os.path.exists(pa) and os.path.exists(pb)
            and open(pa, "rb").read() == open(pb, "rb").read())
    say(same, "%s: writing the schema's default %s builds the same PDF as "
        "leaving it out%s" % (where, json.dumps(dflt, ensure_ascii=False),
                              "" if same else " (" + r.stderr.strip()[:200]
                              + ")"))


def has_type(p):
    return any(k in p for k in ("type", "$ref", "enum", "anyOf"))


def ranged(schema, p):
    if "$ref" in p:
        p = schema["$defs"][p["$ref"].rsplit("/", 1)[1]]
    t = p.get("type")
    if t not in ("number", "integer"):
        return True
    return "minimum" in p and "maximum" in p


def main():
    with open(SCHEMA, encoding="utf-8") as f:
        schema = json.load(f)
    val = jsonschema.Draft202012Validator(schema)
    nkeys = incomplete = 0
    for table, d in schema["$defs"].items():
        props = d.get("properties") if d.get("type") == "object" else None
        if not props or table == "block":
            continue
        for key, p in props.items():
            where = "%s.%s" % (table, key)
            nkeys += 1
            viet = re.search(r"[^\x00-\x7f]", p.get("description", ""))
            if not (has_type(p) and viet and ranged(schema, p)):
                incomplete += 1
                say(False, "%s: has a type, a Vietnamese description and "
                    "a range if a number: %s" % (where, json.dumps(p)))
            names = choice_names(schema, p)
            if (names or "default" in p) and table not in TEMPLATES:
                say(False, "%s: no template in tests/schemaloader.py for "
                    "table %s" % (where, table))
                continue
            if names:
                check_choice(val, schema, table, key, names)
            if "default" in p:
                check_default(table, key, p["default"])
    say(incomplete == 0 and nkeys > 50, "all %d keys have a type, a "
        "Vietnamese description and a range where they are numbers"
        % nkeys)


main()
