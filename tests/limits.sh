#!/usr/bin/env bash
# tests/limits.sh BIN - the resource limits of the spec (§2a "Limits"):
# each overflow is a clear error at once, never a crash, a hang or a
# memory blow-up. The big inputs are generated here, in $TMPDIR_LIMITS
# (default tests/tmp-limits), never stored. Prints "ok:"/"FAIL:" lines and
# a closing "N passed, M failed"; exits 1 if anything failed.
#
# Time and memory bounds are for the plain build; a sanitizer build
# (BIN under build-san/) gets 5x the time and 4x the memory.
set -u
BIN=${1:-build/baocao}
T=${TMPDIR_LIMITS:-tests/tmp-limits}
PY=/usr/bin/python3
rm -rf "$T"
mkdir -p "$T"
. tests/lib.sh

tscale=1
mscale=1
case $BIN in *build-san*) tscale=5; mscale=4 ;; esac

# gen NAME: python writes $T/NAME.yaml (the program is on stdin).
gen() { "$PY" - "$T/$1.yaml" "$T"; }

# run NAME: check the report; exit code in $rc, stderr in $T/NAME.err,
# CPU seconds (user + system, the worker included) in $secs, elapsed
# seconds in $wall and max RSS in KB in $rss. CPU time, not elapsed time,
# is what the bounds check: it does not depend on the load of the machine.
run() {
	local u s
	/usr/bin/time -f '%U %S %e %M' -o "$T/$1.time" \
		"$BIN" check "$T/$1.yaml" > /dev/null 2> "$T/$1.err"
	rc=$?
	# the last line (time adds "Command exited with ..." before it)
	read -r u s wall rss < <(tail -n 1 "$T/$1.time")
	[ -n "${rss:-}" ] || { u=99; s=0; wall=99; rss=0; }
	secs=$(awk "BEGIN { print $u + $s }")
}

# within NAME MAXSEC MAXMB: the last run used less CPU time and memory.
within() {
	local s=$2 m=$3
	expect "awk 'BEGIN { exit !($secs < $s * $tscale && $rss < $m * 1024 * $mscale) }'" \
		"$1: ${secs} s CPU (${wall} s elapsed), $((rss / 1024)) MB (limits ${s}x$tscale s, ${m}x$mscale MB)"
}

# fails NAME REGEX: exit 1 and a diagnostic matching REGEX.
fails() {
	local name=$1 want=$2
	run "$name"
	expect '[ $rc -eq 1 ] && grep -Eq -- "$want" "$T/$name.err"' \
		"$name: exit 1 with \"$want\" (got $rc: $(head -c 160 "$T/$name.err"))"
}

echo "# file size: 16 MiB"
gen file-size <<'EOF'
import sys
with open(sys.argv[1], "w") as f:
    f.write("title: T\nbody:\n  - paragraph: a\n")
    line = "# " + "x" * 1021 + "\n"
    for _ in range(16 * 1024 + 1):
        f.write(line)
EOF
fails file-size 'file-size\.yaml: error: file is larger than 16 MiB'
within file-size 1 100

echo "# nesting depth: 64"
gen deep <<'EOF'
import sys
open(sys.argv[1], "w").write("title: T\nbody:\n  - list: " + "[" * 70 +
                             "a" + "]" * 70 + "\n")
EOF
fails deep 'deep\.yaml:3:[0-9]+: error: nesting deeper than 64 levels'
gen deep-map <<'EOF'
import sys
s = "title: T\nbody:\n  - paragraph: a\nmeta:\n"
for i in range(70):
    s += "  " * (i + 1) + "k%d:\n" % i
open(sys.argv[1], "w").write(s)
EOF
fails deep-map 'nesting deeper than 64 levels'

echo "# alias expansion: 100,000 nodes (billion laughs)"
gen laughs <<'EOF'
import sys
s = 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
for i in range(1, 12):
    s += "a%d: &a%d [%s]\n" % (i, i, ",".join(["*a%d" % (i - 1)] * 10))
s += "title: T\nbody:\n  - list: *a11\n"
open(sys.argv[1], "w").write(s)
EOF
fails laughs 'more than 100000 YAML nodes \(after expanding aliases\)'
within laughs 1 100
gen laughs-map <<'EOF'
import sys
s = "a0: &a0 {k0: lol, k1: lol, k2: lol, k3: lol, k4: lol, k5: lol}\n"
for i in range(1, 12):
    s += "a%d: &a%d [%s]\n" % (i, i, ",".join(["*a%d" % (i - 1)] * 10))
s += "title: T\nbody:\n  - table: *a11\n"
open(sys.argv[1], "w").write(s)
EOF
fails laughs-map 'more than 100000 YAML nodes'
within laughs-map 1 100
gen nodes <<'EOF'
import sys
open(sys.argv[1], "w").write("title: T\nbody:\n  - list:\n" +
                             "      - a\n" * 100001)
EOF
fails nodes 'more than 100000 YAML nodes'
within nodes 2 200

echo "# text after alias expansion: 16 MiB (paragraph bombs)"
# A paragraph of 210 KiB aliased 80 times (17 MiB of text from a 210 KiB
# file), and nested: ten aliases of a list of ten aliases of it. Without
# the cap every copy would be laid out (about 1 GB); with it the file
# fails at the alias that passes 16 MiB, before any copy is made.
gen para-bomb <<'EOF'
import sys
w = "Văn phòng tham mưu tổng hợp kịp thời, hiệu quả. "
para = (w * (210 * 1024 // len(w.encode()) + 1)).strip()
s = "title: T\nbody:\n  - paragraph: &p " + para + "\n"
s += "  - paragraph: *p\n" * 80
open(sys.argv[1], "w").write(s)
EOF
fails para-bomb 'para-bomb\.yaml:[0-9]+:16: error: the text repeated through aliases passes 16 MiB'
within para-bomb 1 256
gen para-bomb-nested <<'EOF'
import sys
w = "Văn phòng tham mưu tổng hợp kịp thời, hiệu quả. "
para = (w * (200 * 1024 // len(w.encode()) + 1)).strip()
s = "title: T\nbody:\n  - paragraph: &p " + para + "\n"
s += "  - list: &l [" + ", ".join(["*p"] * 10) + "]\n"
s += "  - list: *l\n" * 10
open(sys.argv[1], "w").write(s)
EOF
fails para-bomb-nested 'the text repeated through aliases passes 16 MiB \(\*l adds'
within para-bomb-nested 1 256

echo "# string length: 1 MiB"
gen long-string <<'EOF'
import sys
open(sys.argv[1], "w").write("title: T\nbody:\n  - paragraph: " +
                             "ă" * (512 * 1024 + 1) + "\n")
EOF
fails long-string 'long-string\.yaml:3:16: error: .*(1 MiB|longer)'
within long-string 1 100
gen long-key <<'EOF'
import sys
open(sys.argv[1], "w").write("title: T\n? " + "k" * (1024 * 1024 + 1) +
                             "\n: 1\nbody:\n  - paragraph: a\n")
EOF
fails long-key '(1 MiB|longer)'
# (in meta.subject of a plain PDF: PDF/A strings stop at 16,383 letters)
gen string-at-limit <<'EOF'
import sys
open(sys.argv[1], "w").write("title: T\npdf: {standard: none}\nmeta:\n  subject: " +
                             "x" * (1024 * 1024 - 1) +
                             "\nbody:\n  - paragraph: a\n")
EOF
run string-at-limit
expect '[ $rc -eq 0 ] && [ ! -s $T/string-at-limit.err ]' \
	"string-at-limit: a scalar of 1 MiB - 1 bytes is accepted (got $rc)"

echo "# table rows: 10,000"
gen rows <<'EOF'
import sys
open(sys.argv[1], "w").write(
    "title: T\nbody:\n  - table:\n      columns: [{title: A}, {title: B}]\n"
    "      rows:\n" + "".join("        - [a%d, %d]\n" % (i, i)
                              for i in range(10001)))
EOF
fails rows 'rows\.yaml:6:9: error: body\[0\]\.table\.rows: 10001 rows; a table has at most 10000'
within rows 1 100
for kind in units periods awards; do
	gen "rows-$kind" <<EOF
import sys
k = "$kind"
head = {"units": "staffing:\n      units:\n",
        "periods": "staffing_history:\n      periods:\n",
        "awards": "awards:\n      items:\n"}[k]
item = {"units": "        - {name: D%d, civil_servants: 1}\n",
        "periods": "        - {period: P%d, staff: 1}\n",
        "awards": "        - {award: Giấy khen %d}\n"}[k]
open(sys.argv[1], "w").write("title: T\nbody:\n  - " + head +
                             "".join(item % i for i in range(10001)))
EOF
	fails "rows-$kind" "10001 $kind; a table has at most 10000 rows"
done

echo "# pages: 5,000"
gen pages <<'EOF'
import sys
open(sys.argv[1], "w").write("title: T\nbody:\n" +
                             "  - paragraph: a\n  - page_break\n" * 5001)
EOF
fails pages 'pages\.yaml: error: report has more than 5000 pages'
within pages 2 200
gen pages-ok <<'EOF'
import sys
open(sys.argv[1], "w").write("title: T\nbody:\n" +
                             "  - paragraph: a\n  - page_break\n" * 400)
EOF
run pages-ok
expect '[ $rc -eq 0 ]' "pages-ok: 400 pages build (got $rc)"

echo "# image pixels: 50 megapixels"
"$PY" - "$T/huge.png" "$T/big-ok.png" <<'EOF'
import struct, sys, zlib
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + \
        struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
def png(path, w, h):
    ihdr = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\0" * 64)
    open(path, "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) +
                           chunk(b"IDAT", idat) + chunk(b"IEND", b""))
png(sys.argv[1], 10000, 6000)	# 60 Mpx: header only, the data is short
png(sys.argv[2], 5000, 5000)	# 25 Mpx: under the limit
EOF
printf 'title: T\nbody:\n  - image:\n      file: huge.png\n' > "$T/pixels.yaml"
fails pixels 'pixels\.yaml:4:13: error: body\[0\]\.image\.file: "[^"]*huge\.png" is 10000 x 6000 pixels \(60\.0 megapixels\); the limit is 50 megapixels'
within pixels 1 100
printf 'title: T\nbody:\n  - image:\n      file: big-ok.png\n' > "$T/pixels-ok.yaml"
run pixels-ok
expect '! grep -q megapixels $T/pixels-ok.err' \
	"pixels-ok: a 25 megapixel header passes the pixel limit"

printf '\377\330' > "$T/fill.jpg"
head -c 8000000 /dev/zero | tr '\0' '\377' >> "$T/fill.jpg"
printf 'title: T\nbody:\n  - image:\n      file: fill.jpg\n' > "$T/jpeg-fill.yaml"
fails jpeg-fill 'jpeg-fill\.yaml:4:13: error: body\[0\]\.image\.file: "[^"]*fill\.jpg" is a truncated or damaged JPEG file'
within jpeg-fill 1 100

echo "# many diagnostics stay linear"
gen wide-words <<'EOF'
import sys
open(sys.argv[1], "w").write("title: T\nbody:\n  - list:\n" +
                             ("      - " + "x" * 120 + "\n") * 20000)
EOF
run wide-words
expect '[ $rc -eq 0 ] && [ $(grep -c "is wider than the line" $T/wide-words.err) -eq 20000 ]' \
	"wide-words: 20000 over-wide words, 20000 warnings (exit $rc)"
within wide-words 8 400

echo "# extends chain: 32"
"$PY" - "$T" <<'EOF'
import sys
d = sys.argv[1]
for i in range(40):
    s = "extends: ext%d.yaml\n" % (i + 1) if i < 39 else ""
    if i == 0:
        s += "title: T\nbody:\n  - paragraph: a\n"
    open("%s/ext%d.yaml" % (d, i), "w").write(s)
EOF
cp "$T/ext0.yaml" "$T/extends-deep.yaml"
fails extends-deep 'extends.*(deep|32)'

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
