#!/usr/bin/python3
"""gen.py OUTDIR [VARIANTS] - the report set of make check-scale.

OUTDIR gets the sample reports of reports/ as they are (with the files
they use: _*.yaml, data/, images/), VARIANTS copies of them with other
names, numbers, dates and signers (bench/gen_corpus.py's vary(): each
stands alone, its `extends` merged in), and big.yaml, one report of
about 1,700 pages that takes a few seconds to build, so that a shard
holding it can be cancelled while it is building.
"""
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.join(HERE, "..", "..")
sys.path.insert(0, os.path.join(TOP, "bench"))
import gen_corpus  # noqa: E402  (bench/ is not a package)
import yaml  # noqa: E402

BIG_BLOCKS = 12000


def main():
    out = sys.argv[1]
    nvar = int(sys.argv[2]) if len(sys.argv) > 2 else 36
    reports = os.path.join(TOP, "reports")
    os.makedirs(out, exist_ok=True)
    for f in sorted(os.listdir(reports)):
        src = os.path.join(reports, f)
        if os.path.isdir(src):
            shutil.copytree(src, os.path.join(out, f))
        elif f.endswith(".yaml"):
            shutil.copy(src, out)
    docs = [gen_corpus.load(os.path.join(reports, s))
            for s in gen_corpus.SAMPLES]
    for i in range(nvar):
        name, d = gen_corpus.vary(docs[i % len(docs)], i)
        gen_corpus.dump(d, os.path.join(out, name + ".yaml"))
    big = gen_corpus.grow(docs[0], BIG_BLOCKS)
    big["output"] = "big.pdf"
    with open(os.path.join(out, "big.yaml"), "w", encoding="utf-8") as f:
        # libyaml's emitter: PyYAML's own takes seconds for this one
        yaml.dump(big, f, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),
                  allow_unicode=True, sort_keys=False, width=78)


if __name__ == "__main__":
    main()
