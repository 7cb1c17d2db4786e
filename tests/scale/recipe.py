#!/usr/bin/python3
"""recipe.py DOC NAME [SETTING=VALUE ...] - a recipe of docs/scaling.md.

Prints the fenced block that follows the line `<!-- check-scale: NAME`
in DOC exactly as printed, except for its settings: each SETTING=VALUE
replaces the value of the line `SETTING=...` (or `export SETTING=...`)
of the block, and `--opt=VALUE` the value of `#SBATCH --opt=...`. A
setting the block does not have is an error (exit 3), so a renamed
setting fails the check instead of being ignored.

recipe.py DOC NAME --k8s [MOUNT=FOLDER ...] prints, for the Kubernetes
Indexed Job of block NAME, one shell command per completion index: the
container's command and args, with each volume mount path MOUNT (which
the Job must have) replaced by FOLDER, the container's env, and
JOB_COMPLETION_INDEX.
"""
import re
import shlex
import sys


def block(doc, name):
    lines = open(doc, encoding="utf-8").read().split("\n")
    mark = "<!-- check-scale: " + name
    for i, line in enumerate(lines):
        if line.startswith(mark) and line[len(mark)] in " -":
            j = i + 1
            if not lines[j].startswith("```"):
                break
            k = lines.index("```", j + 1)
            return lines[j + 1:k]
    sys.exit("recipe.py: %s has no block marked '%s'" % (doc, mark))


def settings(lines, pairs):
    for pair in pairs:
        key, value = pair.split("=", 1)
        if key.startswith("--"):
            pat = re.compile(r"^(#SBATCH\s+%s=)\S+" % re.escape(key))
        else:
            pat = re.compile(r"^((?:export\s+)?%s=)\S+" % re.escape(key))
        for i, line in enumerate(lines):
            if pat.match(line):
                lines[i] = pat.sub(lambda m: m.group(1) +
                                   shlex.quote(value), line, count=1)
                break
        else:
            print("recipe.py: the recipe has no setting %s" % key,
                  file=sys.stderr)
            sys.exit(3)
    return lines


def k8s(lines, pairs):
    import yaml
    job = yaml.safe_load("\n".join(lines))
    spec = job["spec"]
    ctr = spec["template"]["spec"]["containers"][0]
    env = dict((e["name"], str(e["value"])) for e in ctr.get("env", []))
    argv = ctr["command"] + ctr.get("args", [])
    mounts = [m["mountPath"].rstrip("/") for m in ctr.get("volumeMounts", [])]
    for pair in pairs:
        mount, folder = pair.split("=", 1)
        if mount not in mounts:
            print("recipe.py: the Job mounts nothing at %s" % mount,
                  file=sys.stderr)
            sys.exit(3)
        pat = re.compile(r"(?<![\w/.-])" + re.escape(mount) + r"(?=/|\b|$)")
        argv = [pat.sub(lambda m: folder, a) for a in argv]
    for i in range(int(spec["completions"])):
        sets = " ".join("%s=%s" % (k, shlex.quote(v))
                        for k, v in sorted(env.items()))
        print("env %s JOB_COMPLETION_INDEX=%d %s" %
              (sets, i, " ".join(shlex.quote(a) for a in argv)))


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: recipe.py DOC NAME [--k8s] [SETTING=VALUE ...]")
    lines = block(sys.argv[1], sys.argv[2])
    rest = sys.argv[3:]
    if rest[:1] == ["--k8s"]:
        k8s(lines, rest[1:])
    else:
        print("\n".join(settings(lines, rest)))


if __name__ == "__main__":
    main()
