#!/usr/bin/env bash
# tests/run.sh BIN - the end-to-end tests of baocao: unit drivers, the
# sample reports checked on their PDFs, bad inputs against their golden
# diagnostics, batch behaviour. Prints "ok:"/"FAIL:" lines and a closing
# "N passed, M failed"; exits 1 if anything failed.
set -u
BIN=${1:-build/baocao}
T=${TMPDIR_TESTS:-tests/tmp}
rm -rf "$T"
mkdir -p "$T"
. tests/lib.sh

# Add the counts of a sub-test's closing "N passed, M failed" line.
tally() {
	local line p f
	line=$(grep -E '^([A-Za-z_.-]+: )?[0-9]+ passed, [0-9]+ failed' "$1" |
		tail -n 1)
	line=${line#*: }
	if [ -z "$line" ]; then
		bad "$2: no result line"
		return
	fi
	p=${line%% passed*}
	f=${line#*, }
	f=${f%% failed*}
	pass=$((pass + p))
	fail=$((fail + f))
	[ "$f" -eq 0 ] || { grep '^FAIL' "$1"; echo "  ($2)"; }
}

outname() {	# the PDF name a report asks for (output: or its own name)
	python3 - "$1" <<'EOF'
import sys, os, yaml
d = yaml.safe_load(open(sys.argv[1], encoding="utf-8-sig"))
print(d.get("output") or os.path.splitext(os.path.basename(sys.argv[1]))[0] + ".pdf")
EOF
}

echo "# unit tests"
for t in "$(dirname "$BIN")"/t_*; do
	[ -x "$t" ] || continue
	sh=tests/unit/$(basename "$t").sh
	if [ -f "$sh" ]; then
		sh "$sh" "$t" > "$T/$(basename "$t").log" 2>&1
	else
		"$t" > "$T/$(basename "$t").log" 2>&1
	fi
	tally "$T/$(basename "$t").log" "$t"
done

echo "# sample reports"
export SOURCE_DATE_EPOCH=1735689600
"$BIN" build -f -j 2 -o "$T/out" reports > "$T/build.log" 2> "$T/build.err"
rc=$?
expect '[ $rc -eq 0 ]' "baocao build reports exits 0 (got $rc)"
expect '[ ! -s $T/build.err ]' "building the samples prints no diagnostic"
[ -s "$T/build.err" ] && head -n 20 "$T/build.err"
expect 'grep -q "^built 0\|^built [1-9]" $T/build.log' "summary line printed"
nsamples=0
for y in reports/*.yaml; do
	case $(basename "$y") in _*) continue ;; esac
	nsamples=$((nsamples + 1))
	pdf="$T/out/$(outname "$y")"
	if [ ! -f "$pdf" ]; then
		bad "$y: no PDF at $pdf"
		continue
	fi
	python3 tests/pdfcheck.py "$y" "$pdf" --min-pages 4 > "$T/check.log" 2>&1
	tally "$T/check.log" "pdfcheck $y"
done
expect '[ $nsamples -ge 3 ]' "at least three sample reports ($nsamples)"

echo "# reproducible output"
"$BIN" build -f -q -j 1 -o "$T/out2" reports > /dev/null 2>&1
same=1
for f in "$T"/out/*.pdf; do
	cmp -s "$f" "$T/out2/$(basename "$f")" || same=0
done
expect '[ $same -eq 1 ]' "a second build (-j1 vs -j2) gives byte-identical PDFs"

echo "# check and fonts write nothing"
"$BIN" check -o "$T/none" reports > "$T/check.out" 2>&1
rc=$?
expect '[ $rc -eq 0 ] && [ ! -e $T/none ]' "baocao check exits 0 and writes no out dir"
"$BIN" fonts reports/*.yaml > "$T/fonts.out" 2>&1
expect 'grep -q "Liberation Serif" $T/fonts.out && grep -q "bold italic" $T/fonts.out' \
	"baocao fonts names the resolved faces (Times New Roman -> Liberation Serif)"

echo "# bad inputs: exact diagnostics, exit 1, no PDF"
for y in tests/bad/*.yaml; do
	[ -e "$y" ] || continue
	case $(basename "$y") in _*) continue ;; esac
	want="${y%.yaml}.err"
	"$BIN" build -o "$T/bad-out" "$y" > /dev/null 2> "$T/got.err"
	rc=$?
	if [ $rc -eq 1 ] && cmp -s "$want" "$T/got.err"; then
		ok "$y"
	else
		bad "$y (exit $rc)"
		diff "$want" "$T/got.err" | head -n 6
	fi
done
n=$(find "$T/bad-out" -name '*.pdf' 2>/dev/null | wc -l)
expect '[ $n -eq 0 ]' "no bad input produced a PDF ($n)"

echo "# good edge inputs build"
for y in tests/good/*.yaml; do
	[ -e "$y" ] || continue
	case $(basename "$y") in _*) continue ;; esac
	"$BIN" build -f -o "$T/good-out" "$y" > /dev/null 2> "$T/good.err"
	rc=$?
	expect '[ $rc -eq 0 ] && [ ! -s $T/good.err ]' "$y builds cleanly"
done

echo "# a failing report does not stop the batch nor touch a good PDF"
mkdir -p "$T/mix"
[ -d reports/data ] && cp -r reports/data "$T/mix/"	# CSV files (csv.c)
[ -d reports/images ] && cp -r reports/images "$T/mix/"	# signature pictures
cp reports/lai-chau-ubnd.yaml "$T/mix/a-good.yaml" 2>/dev/null ||
	cp "$(ls reports/[!_]*.yaml | head -n 1)" "$T/mix/a-good.yaml"
printf 'title: X\nbody:\n  - paragraph: ok\n' > "$T/mix/b-bad.yaml"
"$BIN" build -q -o "$T/mix-out" "$T/mix" > /dev/null 2>&1
cp "$T/mix-out/b-bad.pdf" "$T/b-bad.saved.pdf"
printf 'title: X\nbody:\n  - paragraf: ok\n' > "$T/mix/b-bad.yaml"
"$BIN" build -f -o "$T/mix-out" "$T/mix" > "$T/mix.log" 2> "$T/mix.err"
rc=$?
expect '[ $rc -eq 1 ]' "batch with one bad report exits 1"
expect 'grep -q "b-bad.yaml:3:5: error: " $T/mix.err' "the bad report is diagnosed at file:line:col"
expect 'grep -q "^built 1, up to date 0, failed 1" $T/mix.log' "the good report of the batch is still built"
expect 'cmp -s $T/mix-out/b-bad.pdf $T/b-bad.saved.pdf' \
	"the previous good PDF of the failed report is left exactly as it was"
expect '[ -z "$(ls -A $T/mix-out | grep -v "\.pdf$" | grep -v "^\.baocao.lock$" | grep -v "^\.baocao-state$")" ]' \
	"no temporary file left in the out dir"

echo "# NFD input prints exactly like its NFC twin"
mkdir -p "$T/nfsrc"
cp -r reports/. "$T/nfsrc/"
src=$(ls "$T"/nfsrc/[!_]*.yaml | head -n 1)
python3 - "$src" "$T/nfsrc/nfc.yaml" "$T/nfsrc/nfd.yaml" <<'EOF'
import sys, unicodedata
s = open(sys.argv[1], encoding="utf-8").read()
s = "\n".join(l for l in s.splitlines() if not l.startswith("output:"))
open(sys.argv[2], "w").write(unicodedata.normalize("NFC", s))
open(sys.argv[3], "w").write(unicodedata.normalize("NFD", s))
EOF
"$BIN" build -q -f -o "$T/nf" "$T/nfsrc/nfc.yaml" "$T/nfsrc/nfd.yaml" 2> "$T/nf.err"
pdftotext -layout "$T/nf/nfc.pdf" "$T/nfc.txt" 2>/dev/null
pdftotext -layout "$T/nf/nfd.pdf" "$T/nfd.txt" 2>/dev/null
expect '[ -s $T/nfc.txt ] && cmp -s $T/nfc.txt $T/nfd.txt' \
	"NFD twin gives the same text and line breaks (pdftotext -layout)"

echo "# the build refuses any libharu but 2.3.0 (src/hpdf_fix.c)"
fake="$T/fake-hpdf"
for v in "2 4 0 20400 2.4.0" "2 3 0 20300 2.3.0a" "2 3 0 20300 2.3.0"; do
	set -- $v
	rm -rf "$fake" && mkdir -p "$fake"
	cp /usr/include/hpdf*.h "$fake/"
	sed -i -e "s/^#define HPDF_MAJOR_VERSION.*/#define HPDF_MAJOR_VERSION $1/" \
	    -e "s/^#define HPDF_MINOR_VERSION.*/#define HPDF_MINOR_VERSION $2/" \
	    -e "s/^#define HPDF_BUGFIX_VERSION.*/#define HPDF_BUGFIX_VERSION $3/" \
	    -e "s/^#define HPDF_VERSION_ID.*/#define HPDF_VERSION_ID $4/" \
	    -e "s/^#define HPDF_VERSION_TEXT.*/#define HPDF_VERSION_TEXT \"$5\"/" \
	    "$fake/hpdf_version.h"
	${CC:-cc} -std=c17 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -I"$fake" \
	    $(pkg-config --cflags fontconfig 2>/dev/null) -fsyntax-only \
	    src/hpdf_fix.c > "$T/fake-hpdf.log" 2>&1
	rc=$?
	if [ "$5" = 2.3.0 ]; then
		expect '[ $rc -eq 0 ]' "libharu $5 (the headers copied): hpdf_fix.c compiles"
	else
		expect '[ $rc -ne 0 ] && grep -q "libharu 2.3.0\|HPDF_VERSION" $T/fake-hpdf.log' \
			"libharu $5: the build fails naming the version"
	fi
done

echo "# every module is in the README source map and the model.h legend"
for c in src/*.c; do
	f=$(basename "$c")
	expect 'grep -q "src/$f" README.md && grep -q " $f " src/model.h' \
		"$f is in README.md's source map and src/model.h's prefix legend"
done

echo "# make install, man pages, --help (tests/install.sh)"
TMPDIR_TESTS="$T" tests/install.sh > "$T/install.log" 2>&1; tally "$T/install.log" tests/install.sh
echo "# baocao init, the starting report (tests/init.sh)"; TMPDIR_INIT="$T-init" tests/init.sh "$BIN" > "$T/init.log" 2>&1; tally "$T/init.log" tests/init.sh
echo "# baocao watch, rebuilds on save (tests/watch.sh)"; TMPDIR_WATCH="$T-watch" tests/watch.sh "$BIN" > "$T/watch.log" 2>&1; tally "$T/watch.log" tests/watch.sh
echo "# batch behaviour (tests/batch.sh)"; TMPDIR_BATCH="$T-batch" tests/batch.sh "$BIN" > "$T/batch.log" 2>&1; tally "$T/batch.log" tests/batch.sh
echo "# stable shards, the out dir, the Kubernetes Job (tests/shards.sh)"; TMPDIR_SHARDS="$T-shards" tests/shards.sh "$BIN" > "$T/shards.log" 2>&1; tally "$T/shards.log" tests/shards.sh
echo "# resource limits (tests/limits.sh)"; TMPDIR_LIMITS="$T-limits" tests/limits.sh "$BIN" > "$T/limits.log" 2>&1; tally "$T/limits.log" tests/limits.sh
echo "# path safety (tests/paths.sh)"; TMPDIR_PATHS="$T-paths" tests/paths.sh "$BIN" > "$T/paths.log" 2>&1; tally "$T/paths.log" tests/paths.sh
echo "# machine faults (tests/faults.sh)"; TMPDIR_FAULTS="$T-faults" tests/faults.sh "$BIN" > "$T/faults.log" 2>&1; tally "$T/faults.log" tests/faults.sh
echo "# damaged font files (tests/fontfiles.sh)"; TMPDIR_FONTFILES="$T-fontfiles" tests/fontfiles.sh "$BIN" > "$T/fontfiles.log" 2>&1; tally "$T/fontfiles.log" tests/fontfiles.sh
echo "# speed smoke (bench/smoke.sh)"; TMPDIR_TESTS="$T" bench/smoke.sh "$BIN" > "$T/smoke.log" 2>&1; tally "$T/smoke.log" bench/smoke.sh
echo "# bench-peers without npm (tests/peers.sh)"; TMPDIR_PEERS="$T-peers" tests/peers.sh "$BIN" > "$T/peers.log" 2>&1; tally "$T/peers.log" tests/peers.sh
echo "# messages in Vietnamese, the first run (tests/i18n.sh)"; TMPDIR_I18N="$T-i18n" tests/i18n.sh "$BIN" > "$T/i18n.log" 2>&1; tally "$T/i18n.log" tests/i18n.sh
echo "# clerks' mistakes (tests/mistakes.sh)"; TMPDIR_MISTAKES="$T-mistakes" tests/mistakes.sh "$BIN" > "$T/mistakes.log" 2>&1; tally "$T/mistakes.log" tests/mistakes.sh
echo "# typesetting on PDFs (tests/typeset.sh)"; TMPDIR_TYPESET="$T-typeset" tests/typeset.sh "$BIN" > "$T/typeset.log" 2>&1; tally "$T/typeset.log" tests/typeset.sh
echo "# images as users bring them (tests/images.sh)"; TMPDIR_IMAGES="$T-images" tests/images.sh "$BIN" > "$T/images.log" 2>&1; tally "$T/images.log" tests/images.sh
echo "# tables on PDFs (tests/tables.sh)"; TMPDIR_TABLES="$T-tables" tests/tables.sh "$BIN" > "$T/tables.log" 2>&1; tally "$T/tables.log" tests/tables.sh
echo "# grouped headers, totals, widths, table breaks (tests/tables2.sh)"; TMPDIR_TABLES2="$T-tables2" tests/tables2.sh "$BIN" > "$T/tables2.log" 2>&1; tally "$T/tables2.log" tests/tables2.sh
echo "# landscape pages and appendices on PDFs (tests/pages.sh)"; TMPDIR_PAGES="$T-pages" tests/pages.sh "$BIN" > "$T/pages.log" 2>&1; tally "$T/pages.log" tests/pages.sh
echo "# header, title, headings and table cells on PDFs (tests/header.sh)"; TMPDIR_HEADER="$T-header" tests/header.sh "$BIN" > "$T/header.log" 2>&1; tally "$T/header.log" tests/header.sh
echo "# footnotes on PDFs (tests/footnotes.sh)"; TMPDIR_FOOTNOTES="$T-footnotes" tests/footnotes.sh "$BIN" > "$T/footnotes.log" 2>&1; tally "$T/footnotes.log" tests/footnotes.sh
echo "# text in every reader (tests/readers.sh)"; TMPDIR_READERS="$T-readers" tests/readers.sh "$BIN" > "$T/readers.log" 2>&1; tally "$T/readers.log" tests/readers.sh
echo "# links in the text (tests/links.sh)"; TMPDIR_LINKS="$T-links" tests/links.sh "$BIN" > "$T/links.log" 2>&1; tally "$T/links.log" tests/links.sh
echo "# PDF/A-2u clause by clause (tests/pdfa.sh)"; TMPDIR_PDFA="$T-pdfa" tests/pdfa.sh "$BIN" > "$T/pdfa.log" 2>&1; tally "$T/pdfa.log" tests/pdfa.sh
echo "# kerning measured and drawn (tests/shape.sh)"; TMPDIR_SHAPE="$T-shape" tests/shape.sh "$BIN" > "$T/shape.log" 2>&1; tally "$T/shape.log" tests/shape.sh
echo "# hanging punctuation and font expansion (tests/hang.sh)"; TMPDIR_HANG="$T-hang" tests/hang.sh "$BIN" > "$T/hang.log" 2>&1; tally "$T/hang.log" tests/hang.sh
echo "# lists, caption numbers, Kính gửi (tests/lists.sh)"; TMPDIR_LISTS="$T-lists" tests/lists.sh "$BIN" > "$T/lists.log" 2>&1; tally "$T/lists.log" tests/lists.sh
echo "# signature and seal images (tests/signature.sh)"; TMPDIR_SIGNATURE="$T-signature" tests/signature.sh "$BIN" > "$T/signature.log" 2>&1; tally "$T/signature.log" tests/signature.sh
echo "# data from spreadsheets (tests/csv.sh)"; TMPDIR_CSV="$T-csv" tests/csv.sh "$BIN" > "$T/csv.log" 2>&1; tally "$T/csv.log" tests/csv.sh
echo "# the staffing chart on PDFs (tests/chart.sh)"; TMPDIR_CHART="$T-chart" tests/chart.sh "$BIN" > "$T/chart.log" 2>&1; tally "$T/chart.log" tests/chart.sh
echo "# JSON Schema for editors (tests/jsonschema.sh)"; TMPDIR_JSONSCHEMA="$T-jsonschema" tests/jsonschema.sh "$BIN" > "$T/jsonschema.log" 2>&1; tally "$T/jsonschema.log" tests/jsonschema.sh
echo "# golden layout dumps (tests/golden.sh)"; TMPDIR_GOLDEN="$T-golden" tests/golden.sh "$BIN" > "$T/golden.log" 2>&1; tally "$T/golden.log" tests/golden.sh
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
