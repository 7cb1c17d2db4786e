#!/usr/bin/env bash
# tests/fontfiles.sh BIN - damaged TrueType files never reach libharu's
# parser (which trusts them: a short file, a bad hhea or cmap made it
# crash or write past its arrays, src/font.c font_check). Damaged copies of
# Liberation Serif are made here (Python, no fontTools) and each is used as
# style.font next to its report: exit 1 with the exact diagnostic at
# style.font (not "killed by signal"), no PDF, and the good reports of the
# same batch, built by the same worker before and after them, are
# byte-identical to a build of their own. Also a damaged font in the fonts
# folder and as a fallback font; and the subsets made for each PDF (no
# cache): the same report gives the same bytes from the build tree, from
# `make install DESTDIR=...` and from a copy of the binary elsewhere, and
# two reports merged into one file keep their fonts apart.
# Works in $TMPDIR_FONTFILES (default tests/tmp-fontfiles).
# Prints "ok:"/"FAIL:" lines and a closing "N passed, M failed".
set -u
. tests/lib.sh
BIN=$(abs_path "${1:-build/baocao}")
T=$(fresh_dir "${TMPDIR_FONTFILES:-tests/tmp-fontfiles}")
mkdir -p "$T/src"

export SOURCE_DATE_EPOCH=1735689600
FONT=$(fc-match -f '%{file}' 'Liberation Serif:style=Regular')
case $FONT in
*LiberationSerif-Regular.ttf) ;;
*) bad "fc-match gives no Liberation Serif Regular ($FONT)"
	echo "$pass passed, $fail failed"
	exit 1 ;;
esac

# gen FONT DIR KIND: damaged copies of FONT in DIR as NAME.ttf; prints
# "NAME<TAB>REASON" (REASON empty: FreeType refuses the file already, so
# the diagnostic is "cannot read font file").
gen() {
	python3 - "$@" <<'EOF'
import os, struct, sys
src, out, kind = sys.argv[1], sys.argv[2], sys.argv[3]
D = open(src, "rb").read()
u16 = lambda d, o: struct.unpack_from(">H", d, o)[0]
u32 = lambda d, o: struct.unpack_from(">I", d, o)[0]
def put16(d, o, v): struct.pack_into(">H", d, o, v & 0xFFFF)
def put32(d, o, v): struct.pack_into(">I", d, o, v & 0xFFFFFFFF)
T = {}
for i in range(u16(D, 4)):
    r = 12 + 16 * i
    T.setdefault(D[r:r + 4].decode("latin1"), (r, u32(D, r + 8), u32(D, r + 12)))
tab = lambda tag: T[tag][1]
ng = u16(D, tab("maxp") + 4)
cases = []
def case(name, data, why=""):
    open(os.path.join(out, name + ".ttf"), "wb").write(bytes(data))
    cases.append((name, why))
def first_outside(d):
    for i in range(u16(d, 4)):
        r = 12 + 16 * i
        if u32(d, r + 8) + u32(d, r + 12) > len(d):
            return d[r:r + 4].decode("latin1")
PAST = "table runs past the end of the file (the file is cut short or damaged)"
case("empty", b"")
case("text", b"This is a text file, not a font.\n" * 20)
case("eleven", D[:11])
for n in (100, 300, len(D) // 2, len(D) - 12):
    d = D[:n]
    w = first_outside(d)
    case("cut-%d" % n, d, "its '%s' %s" % (w, PAST) if n > 300 else "")
d = bytearray(D); put32(d, T["glyf"][0] + 8, len(D) + 4096)
case("glyf-offset", d, "its 'glyf' " + PAST)
d = bytearray(D); put32(d, T["hhea"][0] + 8, 1)
case("hhea-offset", d, "its 'hhea' table overlaps the file header")
d = bytearray(D); put16(d, tab("hhea") + 34, ng + 100)
case("hhea-metrics", d, "its 'hhea' table gives %d horizontal metrics for %d glyphs" % (ng + 100, ng))
d = bytearray(D); put32(d, T["hhea"][0] + 12, 30)
case("hhea-short", d, "its 'hhea' table is cut short")
d = bytearray(D); put16(d, tab("maxp") + 4, 0)
case("maxp-zero", d, "its 'maxp' table gives 0 glyphs")
d = bytearray(D); put16(d, tab("head") + 18, 0)
case("head-upem", d)
d = bytearray(D); put16(d, tab("head") + 50, 7)
case("head-loca", d, "its 'head' table gives an unknown 'loca' format (7)")
short = u16(D, tab("head") + 50) == 0
lo = tab("loca")
def loca_get(i): return u16(D, lo + 2 * i) * 2 if short else u32(D, lo + 4 * i)
def loca_put(d, i, v):
    if short: put16(d, lo + 2 * i, v // 2)
    else: put32(d, lo + 4 * i, v)
d = bytearray(D); loca_put(d, 50, loca_get(51) + 64)
case("loca-order", d, "its 'loca' table is damaged (glyph 51 begins before glyph 50)")
d = bytearray(D); loca_put(d, ng, T["glyf"][2] + 4096)
case("loca-past", d, "its 'loca' table points past the end of its 'glyf' table")
c = tab("cmap")
for i in range(u16(D, c + 2)):
    r = c + 4 + 8 * i
    s = c + u32(D, r + 4)
    if u16(D, r) == 3 and u16(D, r + 2) == 1 and u16(D, s) == 4:
        break
seg = u16(D, s + 6) // 2
d = bytearray(D); put16(d, s + 6, 0)
case("cmap-segments", d, "its 'cmap' table is damaged (segCountX2 is 0)")
d = bytearray(D); put16(d, s + 14 + 2 * (seg - 1), 0xFFFE)
case("cmap-end", d, "its 'cmap' table does not end at U+FFFF")
for i in range(seg):                    # the segment of 'A'
    if u16(D, s + 14 + 2 * i) >= 0x41:
        break
st = u16(D, s + 16 + 2 * seg + 2 * i)
assert st <= 0x41 and u16(D, s + 16 + 6 * seg + 2 * i) == 0
d = bytearray(D); put16(d, s + 16 + 4 * seg + 2 * i, ng - st)
case("cmap-glyph", d, "its 'cmap' table maps U+%04X to glyph %d, but it has %d glyphs" % (st, ng, ng))
d = bytearray(D); put16(d, s + 16 + 6 * seg + 2 * i, 0xFFFE)
case("cmap-range", d, "its 'cmap' table is damaged (U+%04X points past its glyph array)" % st)
d = bytearray(D); put16(d, r + 2, 9)
case("cmap-none", d, "its 'cmap' table has no Unicode subtable of format 4 (Windows, BMP)")
d = bytearray(D); nm = tab("name")
for i in range(u16(D, nm + 2)):
    if u16(D, nm + 12 + 12 * i) == 6:
        put16(d, nm + 12 + 12 * i, 7)
case("name-none", d, "its 'name' table has no PostScript name")
d = bytearray(D); put32(d, T["OS/2"][0] + 12, 40)
case("os2-short", d, "its 'OS/2' table is cut short")
d = bytearray(D); put16(d, 4, 700)
case("many-tables", d, "it has too many tables (700)")
d = bytearray(D); put16(d, tab("OS/2"), 0xFFFF)   # libharu reads it, HarfBuzz not
case("os2-version", d, "the subset of it that the PDF embeds cannot be made (HarfBuzz refuses its tables)")
for name, why in cases:
    print("%s\t%s" % (name, why))
EOF
}

# clean FILE: no sign of a crash or of a sanitizer in FILE.
clean() {
	! grep -Eq "signal|Sanitizer|runtime error|malloc\(\)|double free|corrupted" "$1"
}

GOOD='title: Báo cáo tốt
body:
  - paragraph: Nội dung ở đây, tiếng Việt có dấu đầy đủ. **Đậm** và *nghiêng*.
'

echo "# damaged fonts as style.font, in one batch with good reports"
gen "$FONT" "$T/src" bad > "$T/cases.tsv"
ncases=$(wc -l < "$T/cases.tsv")
expect '[ "$ncases" -ge 20 ]' "damaged fonts made ($ncases)"
while IFS=$'\t' read -r name why; do
	printf 'title: T\nstyle:\n  font: %s.ttf\nbody:\n  - paragraph: Nội dung ở đây.\n' \
		"$name" > "$T/src/$name.yaml"
done < "$T/cases.tsv"
printf '%s' "$GOOD" > "$T/src/00-good.yaml"
printf '%s' "$GOOD" > "$T/src/zz-good.yaml"
mkdir -p "$T/alone"
printf '%s' "$GOOD" > "$T/alone/00-good.yaml"
"$BIN" build -f -j 1 -o "$T/ref" "$T/alone/00-good.yaml" > /dev/null 2> "$T/ref.err"
expect '[ -s "$T/ref/00-good.pdf" ] && [ ! -s "$T/ref.err" ]' "the good report builds alone"
"$BIN" build -f -j 1 -o "$T/out" "$T/src" > "$T/batch.log" 2> "$T/batch.err"
rc=$?
expect '[ $rc -eq 1 ]' "the batch exits 1 (got $rc)"
expect 'clean "$T/batch.err"' "no crash, no sanitizer report ($(grep -Em 3 "signal|Sanitizer|runtime error|malloc" "$T/batch.err" | tr '\n' ' '))"
expect 'grep -q "^built 2, up to date 0, failed $ncases" "$T/batch.log"' \
	"both good reports built, every damaged one failed ($(tail -n 1 "$T/batch.log"))"
for g in 00-good zz-good; do
	expect 'cmp -s "$T/out/$g.pdf" "$T/ref/00-good.pdf"' \
		"$g.pdf (built by the worker $([ $g = zz-good ] && echo after || echo before) the damaged fonts) is byte-identical to the good report built alone"
done
while IFS=$'\t' read -r name why; do
	y="$T/src/$name.yaml"
	if [ -n "$why" ]; then
		want="$y:3:9: error: style.font: \"$T/src/$name.ttf\" is not a usable TrueType font: $why"
	else
		want="$y:3:9: error: style.font: cannot read font file \"$T/src/$name.ttf\""
	fi
	got=$(grep -F "$y:" "$T/batch.err")
	expect '[ "$got" = "$want" ]' "$name: ${why:-cannot read font file (FreeType refuses it)}"
	[ "$got" = "$want" ] || printf '  want: %s\n  got:  %s\n' "$want" "$got"
	expect '[ ! -e "$T/out/$name.pdf" ]' "$name: no PDF"
done < "$T/cases.tsv"
expect '[ -z "$(ls -A "$T/out" | grep -v -e "\.pdf$" -e "^\.baocao\.lock$" -e "^\.baocao-state$")" ]' \
	"no temporary file left in the out dir"

echo "# a damaged font in the fonts folder, and as a fallback font"
mkdir -p "$T/folder/fonts"
cp "$T/src/hhea-metrics.ttf" "$T/folder/fonts/LiberationSerif-Regular.ttf"
printf 'title: T\nbody:\n  - paragraph: Nội dung ở đây.\n' > "$T/folder/r.yaml"
BAOCAO_FONTS="$T/folder/fonts" "$BIN" build -q -f -o "$T/folder/out" "$T/folder/r.yaml" > /dev/null 2> "$T/folder.err"
rc=$?
why=$(grep -P '^hhea-metrics\t' "$T/cases.tsv" | cut -f 2)
expect '[ $rc -eq 1 ] && [ "$(cat "$T/folder.err")" = "$T/folder/r.yaml:1:1: error: style.font: \"$T/folder/fonts/LiberationSerif-Regular.ttf\" is not a usable TrueType font: $why
failed $T/folder/r.yaml" ]' \
	"a damaged Liberation Serif in BAOCAO_FONTS: exit 1 naming it (exit $rc: $(head -c 300 "$T/folder.err"))"
mkdir -p "$T/fb"
cp "$T/src/maxp-zero.ttf" "$T/fb/"
printf 'title: T\nstyle:\n  fallback_fonts: [maxp-zero.ttf]\nbody:\n  - paragraph: Nội dung 漢 ở đây.\n' > "$T/fb/fb.yaml"
"$BIN" build -q -f -o "$T/fb/out" "$T/fb/fb.yaml" > /dev/null 2> "$T/fb.err"
rc=$?
expect '[ $rc -eq 1 ] && clean "$T/fb.err" && grep -qFx "$T/fb/fb.yaml:3:20: error: style.fallback_fonts[0]: \"$T/fb/maxp-zero.ttf\" is not a usable TrueType font: its '"'maxp'"' table gives 0 glyphs" "$T/fb.err"' \
	"a damaged fallback font: exit 1 at style.fallback_fonts[0] (exit $rc: $(head -c 300 "$T/fb.err"))"

echo "# the same PDF from the build tree, an installed copy and a copy elsewhere"
# The subsets are made for each PDF from the font files alone: nothing
# next to the binary (once a font cache) changes the bytes.
mkdir -p "$T/same/elsewhere" "$T/same/src"
printf '%s' "$GOOD" > "$T/same/src/r.yaml"
cp "$BIN" "$T/same/elsewhere/baocao"
make -s install DESTDIR="$T/same/root" PREFIX=/usr/local > "$T/same/make.log" 2>&1
rc=$?
expect '[ $rc -eq 0 ] && [ -x "$T/same/root/usr/local/bin/baocao" ]' \
	"make install DESTDIR=... (exit $rc)"
n=0
for b in "$BIN" "$T/same/elsewhere/baocao" "$T/same/root/usr/local/bin/baocao"; do
	n=$((n + 1))
	(cd "$T/same" && "$b" build -q -f -o "out$n" src/r.yaml) > /dev/null 2>&1
done
expect '[ -s "$T/same/out1/r.pdf" ] && cmp -s "$T/same/out1/r.pdf" "$T/same/out2/r.pdf" && cmp -s "$T/same/out1/r.pdf" "$T/same/out3/r.pdf"' \
	"byte-identical from $BIN, a copy in another folder and the installed binary"

echo "# two reports merged: their subsets keep distinct names (qpdf --empty --pages)"
# Subset tags come from each subset's bytes: the regular face of two
# reports with other text is two subsets, under two names.
mkdir -p "$T/merge"
printf '%s' "$GOOD" > "$T/merge/a.yaml"
printf 'title: Báo cáo khác\nbody:\n  - paragraph: Quyết định số 15/QĐ-UBND về **kế hoạch** năm 2025.\n' > "$T/merge/b.yaml"
"$BIN" build -q -f -o "$T/merge/out" "$T/merge/a.yaml" "$T/merge/b.yaml" > /dev/null 2>&1
qpdf --empty --pages "$T/merge/out/a.pdf" "$T/merge/out/b.pdf" -- "$T/merge/m.pdf" > /dev/null 2>&1
pdffonts "$T/merge/m.pdf" 2> /dev/null | tail -n +3 | awk '{ print $1 }' > "$T/merge/names"
na=$(pdffonts "$T/merge/out/a.pdf" 2> /dev/null | tail -n +3 | wc -l)
nb=$(pdffonts "$T/merge/out/b.pdf" 2> /dev/null | tail -n +3 | wc -l)
nm=$(wc -l < "$T/merge/names")
nu=$(sort -u "$T/merge/names" | wc -l)
expect '[ "$na" -ge 2 ] && [ "$nb" -ge 2 ] && [ "$nm" -eq $((na + nb)) ] && [ "$nu" -eq "$nm" ]' \
	"pdffonts of the merged file: $nm fonts ($na + $nb), $nu distinct names ($(sort "$T/merge/names" | tr '\n' ' '))"
expect '[ "$(pdftotext "$T/merge/m.pdf" - 2>/dev/null | tr -s " \n" "  ")" = "$( (pdftotext "$T/merge/out/a.pdf" -; pdftotext "$T/merge/out/b.pdf" -) 2>/dev/null | tr -s " \n" "  ")" ]' \
	"the merged file's text is the two reports' texts"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
