"""tests/schemacheck.py SCHEMA FILE... - validates each YAML FILE against
the JSON Schema (draft 2020-12) with Debian's python3-jsonschema, as an
editor using yaml-language-server would; prints, for each file,
"valid FILE", "invalid FILE: PATH: MESSAGE" (the most telling error,
jsonschema's best_match) or "unreadable FILE: WHY" where PyYAML cannot
read what baocao reads (a vertical tab, an anchor defined twice).

YAML is read with PyYAML's SafeLoader, less its timestamp rule: an
editor's YAML server reads 2024-05-01 as text, and so does baocao (a
date is text in the form YYYY-MM-DD)."""
import json
import sys

import jsonschema
import yaml


class Loader(yaml.SafeLoader):
    pass


Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    val = jsonschema.Draft202012Validator(schema)
    for name in sys.argv[2:]:
        try:
            with open(name, encoding="utf-8-sig") as f:
                doc = yaml.load(f, Loader=Loader)
        except (yaml.YAMLError, UnicodeError, ValueError) as e:
            print("unreadable %s: %s" % (name, str(e).splitlines()[0]))
            continue
        e = jsonschema.exceptions.best_match(val.iter_errors(doc))
        if e is None:
            print("valid %s" % name)
        else:
            print("invalid %s: %s: %s" % (name,
                  ".".join(str(p) for p in e.absolute_path) or "(top)",
                  e.message[:200]))


main()
