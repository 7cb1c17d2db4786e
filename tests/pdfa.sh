#!/usr/bin/env bash
# tests/pdfa.sh BIN - PDF/A-2u by default (issue 14 point 3; spec §5
# "(v2) Every reader, printer and archive takes the PDF as it is"): every
# sample report and good input, a report with an alpha PNG and a CMYK
# JPEG, one whose meta holds XML specials, checked clause by clause by
# tests/pdfa.py (ISO 19005-2, written from the standard: no validator ships
# in Debian); `pdf: {standard: none}` checked as a plain PDF; the values
# of pdf.standard; a reproducible /ID; Ghostscript's PDF/A conversion
# keeping the title and the words; and each check shown to fail on a copy
# broken for its clause (tests/pdfa_break.py). Prints ok:/FAIL: lines and
# "N passed, M failed"; exits 1 on failure.
set -u
BIN=${1:-build/baocao}
T=${TMPDIR_PDFA:-tests/tmp-pdfa}
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1735689600} PYTHONDONTWRITEBYTECODE=1
. tests/lib.sh
PY=/usr/bin/python3
BIN=$(abs_path "$BIN")
T=$(fresh_dir "$T")

# pdfa ARGS...: tests/pdfa.py ARGS; its lines shown, its counts added.
pdfa() {
	local line p f
	"$PY" tests/pdfa.py "$@" > "$T/pdfa.out" 2>&1
	grep -v '^[0-9]* passed, [0-9]* failed$' "$T/pdfa.out"
	line=$(tail -n 1 "$T/pdfa.out")
	case $line in
	*" passed, "*" failed")
		p=${line%% passed*}
		f=${line#*, }
		f=${f%% failed*}
		pass=$((pass + p))
		fail=$((fail + f)) ;;
	*)	bad "pdfa.py $*: no result line" ;;
	esac
}

# build DIR FILE.yaml...: baocao build into DIR; exit status in $rc,
# diagnostics in $T/build.err.
build() {
	local out=$1
	shift
	"$BIN" build -q -f -o "$out" "$@" > /dev/null 2> "$T/build.err"
	rc=$?
}

echo "# the sample reports and the good inputs"
build "$T/reports" reports
expect '[ $rc -eq 0 ] && [ ! -s $T/build.err ]' "reports/ builds cleanly"
pdfa "$T"/reports/*.pdf
# a good input that asks for a plain PDF (pdf: standard: none) is
# checked as one (--plain)
for y in tests/good/*.yaml; do
	case $(basename "$y") in _*) continue ;; esac
	if grep -q '^  standard: none' "$y"; then
		build "$T/good-plain" "$y"
	else
		build "$T/good" "$y"
	fi
	expect '[ $rc -eq 0 ]' "$y builds"
done
pdfa "$T"/good/*.pdf
pdfa --plain "$T"/good-plain/*.pdf

echo "# landscape pages and appendices: a TrimBox for each page size"
build "$T/pages" tests/structures/landscape-*.yaml tests/structures/appendix-*.yaml
expect '[ $rc -eq 0 ] && [ ! -s $T/build.err ]' "tests/structures/ (landscape, appendices) builds cleanly"
"$PY" - "$T"/pages/*.pdf > "$T/pages.out" 2>&1 <<'EOF'
import sys, pikepdf
for f in sys.argv[1:]:
    with pikepdf.open(f) as p:
        for n, pg in enumerate(p.pages, 1):
            mb = [round(float(x), 2) for x in pg.obj.MediaBox]
            tb = [round(float(x), 2) for x in pg.obj.get("/TrimBox", [])]
            print("land" if mb[2] > mb[3] else "port",
                  "same" if tb == mb else f"{f} page {n}: {tb} != {mb}")
EOF
expect 'grep -q "^land same" $T/pages.out && grep -q "^port same" $T/pages.out && ! grep -qv " same$" $T/pages.out' \
	"landscape pages (841.89 x 595.28) and portrait ones each have a TrimBox equal to their own MediaBox"
pdfa "$T"/pages/*.pdf

echo "# an alpha PNG and a CMYK JPEG"
mkdir -p "$T/img"
"$PY" - "$T/img" <<'EOF'
import sys
from PIL import Image, ImageDraw
d = sys.argv[1]
im = Image.new("RGBA", (800, 500), (0, 0, 0, 0))
g = ImageDraw.Draw(im)
g.ellipse([40, 40, 760, 460], fill=(200, 20, 20, 255))
g.ellipse([250, 150, 550, 350], fill=(255, 255, 255, 128))
im.save(d + "/logo.png")
im = Image.new("CMYK", (800, 500), (255, 0, 0, 0))
ImageDraw.Draw(im).rectangle([400, 0, 800, 250], fill=(0, 0, 0, 255))
im.save(d + "/cmyk.jpg", quality=90)    # Adobe APP14, inverted inks
EOF
cat > "$T/img/anh.yaml" <<'EOF'
title: ẢNH TRONG BÁO CÁO
meta: {title: Ảnh có kênh alpha và ảnh CMYK}
body:
  - paragraph: Biểu trưng có nền trong suốt và một ảnh chụp CMYK.
  - image: {file: logo.png, width: 60, caption: Biểu trưng (PNG có alpha)}
  - image: {file: cmyk.jpg, width: 60, caption: Ảnh JPEG CMYK}
EOF
build "$T/img/out" "$T/img/anh.yaml"
expect '[ $rc -eq 0 ] && [ -f $T/img/out/anh.pdf ]' "the image report builds"
"$PY" - "$T/img/out/anh.pdf" > "$T/img.out" 2>&1 <<'EOF'
import sys, pikepdf
p = pikepdf.open(sys.argv[1])
xo = [x for pg in p.pages for _, x in pg.Resources.get("/XObject", {}).items()]
print("smask" if any("/SMask" in x for x in xo) else "no smask")
print("cmyk" if any(x.get("/ColorSpace") == "/DeviceCMYK" for x in xo)
      else "no cmyk")
EOF
expect 'grep -qx smask $T/img.out && grep -qx "no cmyk" $T/img.out' \
	"the PNG is drawn with a soft mask (6.2.10 has something to check), the CMYK JPEG as RGB"
pdfa "$T/img/out/anh.pdf"

echo "# XML specials in the document information"
TITLE='Báo cáo <tổng hợp> & "đánh giá"'
mkdir -p "$T/meta"
cat > "$T/meta/dac-biet.yaml" <<'EOF'
title: BÁO CÁO TỔNG HỢP
meta:
  title: 'Báo cáo <tổng hợp> & "đánh giá"'
  author: 'Phòng "Tổng hợp" & <Hành chính>'
  subject: "Đánh giá 6 tháng: a < b > c & d 'e'"
  keywords: ['<xml>', '&amp;', '"trích dẫn"']
  date: 2025-06-30
body:
  - paragraph: Xem thêm tại https://laichau.gov.vn/tin-tuc?id=1&trang=2 nhé.
EOF
build "$T/meta/out" "$T/meta/dac-biet.yaml"
expect '[ $rc -eq 0 ] && [ ! -s $T/build.err ]' "the report with XML specials builds"
pdfa --title "$TITLE" "$T/meta/out/dac-biet.pdf"

echo "# pdf.standard"
mkdir -p "$T/std"
for v in none:none upper:PDF/A-2U bad:pdfa; do
	printf 'title: X\npdf: {standard: %s}\nbody:\n  - paragraph: Một đoạn văn.\n' \
		"${v#*:}" > "$T/std/${v%%:*}.yaml"
done
build "$T/std/out" "$T/std/none.yaml"
expect '[ $rc -eq 0 ] && [ ! -s $T/build.err ]' "pdf: {standard: none} builds"
pdfa --plain "$T/std/out/none.pdf"
build "$T/std/out" "$T/std/upper.yaml"
expect '[ $rc -eq 0 ] && [ ! -s $T/build.err ]' \
	"pdf: {standard: PDF/A-2U} is accepted (any letter case)"
pdfa "$T/std/out/upper.pdf"
build "$T/std/out" "$T/std/bad.yaml"
expect '[ $rc -eq 1 ] && [ ! -e $T/std/out/bad.pdf ]' \
	"pdf: {standard: pdfa} fails, no PDF"
expect 'grep -Eq "^$T/std/bad.yaml:2:[0-9]+: error: pdf\.standard: .*pdf/a-2u.*none.*\"pdfa\"" $T/build.err' \
	"... with a file:line:col error listing the choices"
grep 'error' "$T/build.err" | head -n 2

echo "# a content-derived /ID"
mkdir -p "$T/id"
for w in hai:r1 ba:r3; do
	printf 'title: BÁO CÁO\nmeta: {title: Báo cáo, date: 2025-01-02}\nbody:\n  - paragraph: Một %s bốn năm sáu.\n' \
		"${w%%:*}" > "$T/id/${w#*:}.yaml"
done
build "$T/id/out1" "$T/id/r1.yaml"
build "$T/id/out2" "$T/id/r1.yaml"
build "$T/id/out3" "$T/id/r3.yaml"
expect 'cmp -s $T/id/out1/r1.pdf $T/id/out2/r1.pdf' \
	"the same report built twice: the same bytes"
pdfa --same-id "$T/id/out1/r1.pdf" "$T/id/out2/r1.pdf"
pdfa --other-id "$T/id/out1/r1.pdf" "$T/id/out3/r3.pdf"

echo "# Ghostscript's PDF/A-2 conversion keeps the title and the words"
# words FILE.pdf: the words of pdftotext -layout, NFC, one a line
words() {
	pdftotext -layout "$1" - 2>/dev/null | "$PY" -c '
import sys, unicodedata
print("\n".join(unicodedata.normalize("NFC", sys.stdin.read()).split()))'
}
title_of() { pdfinfo "$1" 2>/dev/null | sed -n 's/^Title: *//p'; }
# Ghostscript before 10.02.0 drops every document information string
# that is not plain ASCII when it writes PDF/A (gdevpdfm.c,
# pdfmark_DOCINFO: "Text string detected in DOCINFO cannot be represented
# in XMP for PDF/A1, discarding DOCINFO"; bug 706781, fixed by commit
# 28ed63e2c). Nothing in our file can avoid it: with such a Ghostscript a
# Vietnamese title must be dropped whole (never altered) and that must be
# the only message; an ASCII title must come through (it does only when
# the file writes it as a PDFDocEncoding string, not as UTF-16BE).
gsv=$(gs --version 2>/dev/null)
old_gs=$("$PY" -c 'import sys; v = tuple(int(x) for x in sys.argv[1].split(".")[:2]); print(1 if v < (10, 2) else 0)' "${gsv:-0.0}")
mkdir -p "$T/gs"
printf 'title: BAO CAO\nmeta: {title: Bao cao tong hop 2025, author: Van phong}\nbody:\n  - paragraph: Văn phòng UBND tỉnh báo cáo kết quả công tác năm 2025.\n' \
	> "$T/gs/ascii.yaml"
build "$T/gs" "$T/gs/ascii.yaml"
for pdf in "$T/reports/lai-chau-ubnd.pdf" "$T/gs/ascii.pdf"; do
	out="$T/gs/$(basename "$pdf" .pdf).gs.pdf"
	gs -q -dPDFA=2 -dBATCH -dNOPAUSE -sColorConversionStrategy=RGB \
		-sDEVICE=pdfwrite -dPDFACompatibilityPolicy=1 \
		-sOutputFile="$out" "$pdf" > "$T/gs.out" 2>&1
	rc=$?
	name=$(basename "$pdf")
	ours=$(title_of "$pdf")
	theirs=$(title_of "$out")
	known=$(grep -vc "Text string detected in DOCINFO cannot be represented in XMP for PDF/A1, discarding DOCINFO" "$T/gs.out")
	if [ "$old_gs" = 1 ] && LC_ALL=C grep -q '[^ -~]' <<< "$ours"; then
		expect '[ $rc -eq 0 ] && [ "$known" -eq 0 ]' \
			"gs $gsv -dPDFA=2 $name: exit 0, no message but its known DOCINFO one"
		expect '[ -z "$theirs" ]' \
			"gs $gsv drops the non-ASCII title whole, does not alter it (Ghostscript bug 706781, fixed in 10.02.0)"
	else
		expect '[ $rc -eq 0 ] && [ ! -s $T/gs.out ]' "gs -dPDFA=2 $name: exit 0, no message"
		head -n 2 "$T/gs.out"
		expect '[ -n "$ours" ] && [ "$ours" = "$theirs" ]' "gs -dPDFA=2 $name keeps the title \"$ours\" (got \"$theirs\")"
	fi
	words "$pdf" > "$T/gs/ours.words"
	words "$out" > "$T/gs/theirs.words"
	expect '[ -s $T/gs/ours.words ] && cmp -s $T/gs/ours.words $T/gs/theirs.words' \
		"gs -dPDFA=2 $name keeps the words ($(wc -l < "$T/gs/ours.words") words, pdftotext -layout, NFC)"
	diff "$T/gs/ours.words" "$T/gs/theirs.words" | head -n 6
	"$PY" -c 'import pikepdf, sys
x = pikepdf.open(sys.argv[1]).Root.Metadata.read_bytes()
sys.exit(not any(s in x for s in (b"pdfaid:part=\x272\x27", b"<pdfaid:part>2<")))' \
		"$out" > /dev/null 2>&1
	expect '[ $? -eq 0 ]' "gs's output of $name claims PDF/A-2 (pdfaid:part 2)"
done

echo "# each check fails on a copy broken for its clause (tests/pdfa_break.py)"
"$PY" tests/pdfa_break.py "$T/reports/lai-chau-ubnd.pdf" "$T/img/out/anh.pdf" \
	"$T/broken" > "$T/break.out" 2>&1
expect '[ $? -eq 0 ]' "pdfa_break.py writes the broken copies"
tail -n 3 "$T/break.out" | grep -v '^/' | grep -v "^$T"
"$PY" tests/pdfa.py "$T"/broken/*.pdf > "$T/broken.out" 2>&1
nb=0
for f in "$T"/broken/*.pdf; do
	nb=$((nb + 1))
	b=$(basename "$f" .pdf)
	c=${b%%~*}
	[ "$c" = s5 ] && c=§5
	if grep -q "^FAIL: $c .* $f: " "$T/broken.out"; then
		ok "pdfa.py fails $c on $b"
	else
		bad "pdfa.py does not fail $c on $b"
		grep " $f" "$T/broken.out" | grep -v '^ok' | head -n 3
	fi
done
"$PY" tests/pdfa.py --list | cut -f1 | sort -u | grep -vx '§5' > "$T/clauses"
missing=$(while read -r c; do
	ls "$T/broken/$c~"*.pdf > /dev/null 2>&1 || echo "$c"
done < "$T/clauses")
expect '[ $nb -ge 70 ] && [ -z "$missing" ]' \
	"every numbered clause has a broken copy ($nb copies; without one: ${missing:-none})"
"$PY" tests/pdfa.py --plain "$T/reports/lai-chau-ubnd.pdf" > "$T/neg.out" 2>&1
expect 'grep -q "^FAIL: §5 plain PDF 1.4" $T/neg.out' "pdfa.py --plain fails a PDF/A file"
"$PY" tests/pdfa.py "$T/std/out/none.pdf" > "$T/neg.out" 2>&1
expect 'grep -q "^FAIL: 6.6.2.1 " $T/neg.out && grep -q "^FAIL: 6.2.3 " $T/neg.out' \
	"pdfa.py fails a plain PDF as PDF/A (no XMP, no output intent)"
"$PY" tests/pdfa.py --title "Báo cáo <tổng hợp> & đánh giá" "$T/meta/out/dac-biet.pdf" > "$T/neg.out" 2>&1
expect 'grep -q "^FAIL: §5 title as the report wrote it" $T/neg.out' "pdfa.py --title fails another title"
"$PY" tests/pdfa.py --same-id "$T/id/out1/r1.pdf" "$T/id/out3/r3.pdf" \
	--other-id "$T/id/out1/r1.pdf" "$T/id/out2/r1.pdf" > "$T/neg.out" 2>&1
expect '[ "$(grep -c "^FAIL: 6.1.3 " $T/neg.out)" -eq 2 ]' "pdfa.py --same-id / --other-id fail the other way round"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
