#!/usr/bin/env bash
# tests/batch.sh BIN - batch behaviour of `baocao build`: up-to-date skips
# and rebuilds, --force, shards, the out-dir lock, signals, SIGKILL at
# random moments, duplicate outputs, crash isolation, the failure line
# naming an older PDF, --strict, reproducible bytes, the progress line. Reports are generated under tests/tmp-batch (small
# ones written here, and copies of the samples in reports/ under varied
# names). Prints "ok:"/"FAIL:" lines and a closing "N passed, M failed".
set -u
BIN=${1:-build/baocao}
T=${TMPDIR_BATCH:-tests/tmp-batch}
rm -rf "$T"
mkdir -p "$T"
. tests/lib.sh
export SOURCE_DATE_EPOCH=1735689600
unset BAOCAO_TEST_CRASH

# A small report: mk FILE N [extra body lines...]
mk() {
	local f=$1 n=$2
	shift 2
	{
		echo "extends: _base.yaml"
		echo "title: BÁO CÁO SỐ $n"
		echo "body:"
		echo "  - heading: I. KẾT QUẢ CÔNG TÁC NĂM 2025"
		echo "  - paragraph: Văn phòng UBND tỉnh thực hiện tốt chức năng tham mưu, tổng hợp, phục vụ sự chỉ đạo, điều hành (báo cáo $n)."
		for l in "$@"; do echo "$l"; done
	} > "$f"
}
base() {
	printf 'style: {font: Times New Roman, size: 13}\nmeta: {author: Văn phòng UBND tỉnh}\n' > "$1/_base.yaml"
}
png() {	# an RGB PNG; $2 picks the colour
	python3 - "$1" "$2" <<'EOF'
import sys, zlib, struct
w = h = 128	# 162 dpi at 20 mm: sharp enough for no warning
c = int(sys.argv[2]) % 256
raw = b"".join(b"\0" + bytes([c, 80, 160]) * w for _ in range(h))
def chunk(t, d):
	return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
open(sys.argv[1], "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR",
    struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + chunk(b"IDAT",
    zlib.compress(raw)) + chunk(b"IEND", b""))
EOF
}
samples() {	# samples DIR COUNT: copies of the samples, varied names, no output:
	local d=$1 n=$2 i s list
	mkdir -p "$d"
	cp reports/_*.yaml "$d/" 2>/dev/null
	[ -d reports/data ] && cp -r reports/data "$d/"	# CSV files (csv.c)
	[ -d reports/images ] && cp -r reports/images "$d/"	# signature pictures
	list=$(ls reports/[!_]*.yaml)
	set -- $list
	for i in $(seq 1 "$n"); do
		s=$(echo "$list" | sed -n "$(( (i - 1) % $# + 1 ))p")
		sed '/^output:/d' "$s" > "$d/bc-$(printf %03d "$i")-$(basename "$s")"
	done
}
nbuilt() { grep -c '^built .*\.pdf ' "$1"; }
has_tmp() { find "$1" -name '.baocao-*.tmp' | grep -q .; }

echo "# up to date and rebuilds"
S=$T/small
mkdir -p "$S"
base "$S"
for i in 1 2 3; do mk "$S/r$i.yaml" "$i"; done
png "$S/anh.png" 1
mk "$S/img.yaml" 4 "  - image: {file: anh.png, width: 20, caption: Ảnh tư liệu}"
O=$T/small-out
"$BIN" build -j 2 -o "$O" "$S" > "$T/b1.log" 2> "$T/b1.err"
rc=$?
expect '[ $rc -eq 0 ] && [ $(nbuilt $T/b1.log) -eq 4 ]' "first build builds 4 reports (exit $rc)"
expect 'grep -qx "built 4, up to date 0, failed 0" $T/b1.log' "summary line"
"$BIN" build -o "$O" "$S" > "$T/b2.log" 2>&1
rc=$?
expect '[ $rc -eq 0 ] && grep -qx "built 0, up to date 4, failed 0" $T/b2.log' \
	"second build: everything up to date (exit $rc)"
expect 'grep -qx "up to date $O/r1.pdf" $T/b2.log' "'up to date out/x.pdf' line"

rebuilt() {	# rebuilt LABEL EXPECTED...: the next build rebuilds exactly these
	local label=$1 want got
	shift
	"$BIN" build -o "$O" "$S" > "$T/rb.log" 2>&1
	want=$(for w in "$@"; do echo "$w"; done | sort | tr '\n' ' ')
	[ $# -eq 0 ] && want=""
	got=$(sed -n 's|^built '"$O"'/\([^ ]*\) .*|\1|p' "$T/rb.log" | sort | tr '\n' ' ')
	expect '[ "$got" = "$want" ]' "$label rebuilds [$want] (got [$got])"
}
python3 - "$S/r1.yaml" <<'EOF'
import sys
p = sys.argv[1]; s = open(p, encoding="utf-8").read()
open(p, "w", encoding="utf-8").write(s.replace("SỐ 1", "SỐ 7"))
EOF
rebuilt "a same-size YAML edit right after the build" r1.pdf
python3 - "$S/r2.yaml" <<'EOF'
import os, sys
p = sys.argv[1]; st = os.stat(p); s = open(p, encoding="utf-8").read()
open(p, "w", encoding="utf-8").write(s.replace("SỐ 2", "SỐ 8"))
os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns))	# same mtime, to the ns
EOF
rebuilt "an edit that keeps size and mtime (same second)" r2.pdf
echo "# touched" >> "$S/_base.yaml"
rebuilt "an extends file edit" r1.pdf r2.pdf r3.pdf img.pdf
png "$S/anh.png" 2
rebuilt "an image edit" img.pdf
rebuilt "nothing changed"
rm "$O/r3.pdf"
rebuilt "a deleted PDF" r3.pdf
SOURCE_DATE_EPOCH=1735776000 "$BIN" build -o "$O" "$S" > "$T/sde.log" 2>&1
expect '[ $(nbuilt $T/sde.log) -eq 4 ]' "another SOURCE_DATE_EPOCH rebuilds reports dated by it"
rebuilt "the first SOURCE_DATE_EPOCH again" r1.pdf r2.pdf r3.pdf img.pdf
"$BIN" build --first-fit -o "$O" "$S" > "$T/ff.log" 2>&1
expect '[ $(nbuilt $T/ff.log) -eq 4 ]' "--first-fit (an option changing output) rebuilds"
"$BIN" build -f -o "$O" "$S" > "$T/f.log" 2>&1
expect '[ $(nbuilt $T/f.log) -eq 4 ]' "--force rebuilds everything"
rebuilt "after --force, nothing"
# Stamps are renamed into place without fsync (worker.c): after a system
# crash one may be empty or cut short, or name a PDF whose own rename was
# lost (an older file, another inode). Each of these must mean "rebuild".
st=$(grep -l "$(cd "$S" && pwd -P)/r1.yaml" "$O"/.baocao-state/* 2>/dev/null | head -1)
expect '[ -n "$st" ]' "the stamp of r1.yaml is found in .baocao-state"
: > "$st"
rebuilt "an empty stamp" r1.pdf
st=$(grep -l "$(cd "$S" && pwd -P)/r2.yaml" "$O"/.baocao-state/* 2>/dev/null | head -1)
head -c $(( $(wc -c < "$st") / 2 )) "$st" > "$st.cut" && mv "$st.cut" "$st"
rebuilt "a stamp cut in half" r2.pdf
cp "$O/r3.pdf" "$O/r3.copy" && mv "$O/r3.copy" "$O/r3.pdf"
rebuilt "the same PDF bytes under another inode" r3.pdf

echo "# files named on the command line, exit status 2"
mk "$S/_named.yaml" 9
"$BIN" build -o "$O" "$S" > "$T/n1.log" 2>&1
expect '[ ! -e $O/_named.pdf ]' "a folder skips _*.yaml"
"$BIN" build -o "$O" "$S/_named.yaml" > "$T/n2.log" 2>&1
expect '[ -f $O/_named.pdf ]' "a _*.yaml named on the command line is built"
"$BIN" build -o "$O" "$T/nonexistent" > /dev/null 2> "$T/e2.err"
rc=$?
expect '[ $rc -eq 2 ] && grep -q "nonexistent" $T/e2.err' "a missing path only: exit 2 (got $rc)"
"$BIN" build --shard 2/2 > /dev/null 2>&1
expect '[ $? -eq 2 ]' "a bad --shard is a usage error"

echo "# failures are isolated: bad input, missing image, crash, duplicate outputs"
M=$T/mix
mkdir -p "$M"
base "$M"
for i in 1 2 3 4; do mk "$M/good$i.yaml" "$i"; done
mk "$M/bad.yaml" 5 "  - paragraf: sai khoá"
mk "$M/noimage.yaml" 6 "  - image: {file: khong-co.png}"
mk "$M/crashme.yaml" 7
mk "$M/dup-a.yaml" 8
sed -i '1i output: chung.pdf' "$M/dup-a.yaml"
mk "$M/dup-b.yaml" 9
sed -i '1i output: ./chung.pdf' "$M/dup-b.yaml"
BAOCAO_TEST_CRASH=crashme "$BIN" build -j 3 -o "$T/mix-out" "$M" > "$T/mix.log" 2> "$T/mix.err"
rc=$?
expect '[ $rc -eq 1 ]' "a batch with failures exits 1 (got $rc)"
expect 'grep -qx "built 4, up to date 0, failed 5" $T/mix.log' "summary counts 4 built, 5 failed"
expect 'grep -q "crashme.yaml: error: .*killed by signal 11" $T/mix.err' "a crashed worker is one failed report"
expect 'grep -q "bad.yaml:[0-9]*:[0-9]*: error" $T/mix.err' "bad input diagnosed at file:line:col"
expect 'grep -q "noimage.yaml:.*error" $T/mix.err' "a missing image is an error"
expect 'grep -q "dup-a.yaml: error: .*is also the output of .*dup-b.yaml" $T/mix.err &&
	grep -q "dup-b.yaml: error: .*is also the output of .*dup-a.yaml" $T/mix.err' \
	"duplicate outputs: both errors, naming each other"
expect '[ ! -e $T/mix-out/chung.pdf ]' "no PDF written for duplicate outputs"
# The batch guesses the output of a YAML without the word "output" (its
# file name) without parsing it; a guess that clashes is checked by
# parsing: a file that does not parse names no output and clashes with
# nothing, one that parses clashes as before.
G=$T/guess
mkdir -p "$G"
base "$G"
mk "$G/trung.yaml" 11
mk "$G/khac.yaml" 12
sed -i '1i output: trung.pdf' "$G/khac.yaml"
"$BIN" build -o "$T/guess-out" "$G" > "$T/guess.log" 2> "$T/guess.err"
expect 'grep -q "trung.yaml: error: .*is also the output of .*khac.yaml" $T/guess.err &&
	grep -q "khac.yaml: error: .*is also the output of .*trung.yaml" $T/guess.err &&
	[ ! -e $T/guess-out/trung.pdf ]' \
	"a YAML without output: whose file name is another's output: both fail, naming each other"
printf 'title: [BÁO CÁO chưa đóng ngoặc\nbody:\n' > "$G/trung.yaml"
"$BIN" build -o "$T/guess-out2" "$G" > "$T/guess2.log" 2> "$T/guess2.err"
expect 'grep -q "trung.yaml:[0-9]*:[0-9]*: error" $T/guess2.err &&
	! grep -q "also the output" $T/guess2.err &&
	grep -qx "built 1, up to date 0, failed 1" $T/guess2.log &&
	qpdf --check $T/guess-out2/trung.pdf > /dev/null 2>&1' \
	"a broken YAML names no output: the report whose output: is its file name is built"
n=0
for i in 1 2 3 4; do qpdf --check "$T/mix-out/good$i.pdf" > /dev/null 2>&1 && n=$((n + 1)); done
expect '[ $n -eq 4 ]' "the four good reports are built and pass qpdf --check"
# One worker builds the reports in turn: the crash of crashme.yaml (sorted
# between good*.yaml and noimage.yaml) fails it alone, and a new worker
# takes the reports after it.
BAOCAO_TEST_CRASH=crashme "$BIN" build -f -j 1 -o "$T/mix-out1" "$M" > "$T/mix1.log" 2> "$T/mix1.err"
expect 'grep -qx "built 4, up to date 0, failed 5" $T/mix1.log &&
	grep -q "crashme.yaml: error: .*killed by signal 11" $T/mix1.err &&
	grep -q "noimage.yaml:.*error" $T/mix1.err' \
	"-j1: a crash mid-batch fails that report only; the reports after it are still built"
expect '! has_tmp $T/mix-out' "no temporary file left after failures"
expect '[ $(grep -c "^failed " $T/mix.err) -eq 5 ] && ! grep -q "^failed " $T/mix.log' \
	"one failure line per failed report, on stderr"
expect 'grep -qxF "failed $M/crashme.yaml" $T/mix.err && grep -qxF "failed $M/dup-a.yaml" $T/mix.err &&
	grep -qxF "failed $M/bad.yaml" $T/mix.err' \
	"a crashed worker and duplicate outputs also end in \"failed x.yaml\" (no older PDF here)"

echo "# the failure line names an older PDF left in the out dir, and its date"
# Spec §1: "failed reports/x.yaml (out/x.pdf is the build of 2025-08-20
# 10:31, not this version)", so nobody prints the old PDF by mistake; the
# date is the PDF's modification time in local time. On stderr: a failure
# is an error, printed with -q too.
F=$T/fail
FO=$T/fail-out
mkdir -p "$F"
base "$F"
mk "$F/cu.yaml" 1
"$BIN" build -q -o "$FO" "$F/cu.yaml" > /dev/null 2>&1
TZ=Asia/Ho_Chi_Minh touch -d "2025-08-20 10:31" "$FO/cu.pdf"
cp "$FO/cu.pdf" "$T/cu.saved.pdf"
mk "$F/cu.yaml" 1 "  - paragraf: sai khoá"
mk "$F/moi.yaml" 2 "  - paragraf: sai khoá"
TZ=Asia/Ho_Chi_Minh "$BIN" build -q -o "$FO" "$F" > "$T/fl.out" 2> "$T/fl.err"
rc=$?
expect '[ $rc -eq 1 ] && [ ! -s $T/fl.out ]' "-q: exit 1, nothing on stdout (got $rc)"
expect 'grep -qxF "failed $F/cu.yaml ($FO/cu.pdf is the build of 2025-08-20 10:31, not this version)" $T/fl.err' \
	"the failure line names the older PDF and its date ($(grep "^failed .*cu.yaml" $T/fl.err))"
expect '[ "$(grep -F "$F/cu.yaml" $T/fl.err | tail -n 1 | cut -c 1-7)" = "failed " ]' \
	"the failure line comes after the report's diagnostics"
expect 'grep -qxF "failed $F/moi.yaml" $T/fl.err' "no older PDF: \"failed x.yaml\" alone"
expect 'cmp -s $FO/cu.pdf $T/cu.saved.pdf' "the older PDF is left exactly as it was"
TZ=UTC "$BIN" build -q -o "$FO" "$F/cu.yaml" > /dev/null 2> "$T/fl2.err"
expect 'grep -qxF "failed $F/cu.yaml ($FO/cu.pdf is the build of 2025-08-20 03:31, not this version)" $T/fl2.err' \
	"the date is in local time (TZ=UTC: 03:31)"
"$BIN" check "$F/cu.yaml" > /dev/null 2> "$T/fl3.err"
expect 'grep -qxF "failed $F/cu.yaml" $T/fl3.err' "check: \"failed x.yaml\" (it writes no PDF)"
# A YAML that cannot be parsed names no output: the PDF its last build
# wrote (output: chung-ket.pdf, recorded in its stamp) is the older one.
printf 'output: chung-ket.pdf\ntitle: BÁO CÁO\nbody:\n  - paragraph: Tổng kết.\n' > "$F/vo.yaml"
"$BIN" build -q -o "$FO" "$F/vo.yaml" > /dev/null 2>&1
TZ=Asia/Ho_Chi_Minh touch -d "2025-08-21 08:05" "$FO/chung-ket.pdf"
printf 'title: BÁO CÁO\nbody:\n  - paragraph: "Tổng kết.\n  - toc\n' > "$F/vo.yaml"
TZ=Asia/Ho_Chi_Minh "$BIN" build -q -o "$FO" "$F/vo.yaml" > /dev/null 2> "$T/fl4.err"
expect 'grep -q "YAML syntax" $T/fl4.err && grep -qxF "failed $F/vo.yaml ($FO/chung-ket.pdf is the build of 2025-08-21 08:05, not this version)" $T/fl4.err' \
	"a YAML syntax error: the failure line names the PDF of the last build ($(tail -n 1 $T/fl4.err))"

echo "# --strict: warnings count as errors"
W=$T/strict
WO=$T/strict-out
mkdir -p "$W"
base "$W"
mk "$W/canh-bao.yaml" 1 "  - awards: {sort: rank, items: [{award: Huân chương Lao đông hạng Ba, year: 2002}, {award: Giấy khen, year: 2001}]}"
mk "$W/sach.yaml" 2
"$BIN" build -o "$WO" "$W" > "$T/w1.out" 2> "$T/w1.err"
rc=$?
expect '[ $rc -eq 0 ] && grep -qx "built 2, up to date 0, failed 0" $T/w1.out &&
	grep -q "canh-bao.yaml:[0-9]*:[0-9]*: warning: .*Lao đông" $T/w1.err' \
	"without --strict a warning still builds (exit $rc)"
cp "$WO/canh-bao.pdf" "$T/canh-bao.saved.pdf"
d=$(date -d "@$(stat -c %Y "$WO/canh-bao.pdf")" "+%Y-%m-%d %H:%M")
"$BIN" build --strict -o "$WO" "$W" > "$T/w2.out" 2> "$T/w2.err"
rc=$?
expect '[ $rc -eq 1 ] && grep -qx "built 0, up to date 1, failed 1" $T/w2.out' \
	"--strict: the report built with a warning is not up to date; it fails, the clean one is up to date (exit $rc: $(tail -n 1 $T/w2.out))"
expect 'grep -q "canh-bao.yaml:[0-9]*:[0-9]*: warning: .*Lao đông" $T/w2.err &&
	grep -qxF "$W/canh-bao.yaml: error: with --strict, the warning above counts as an error; correct what it names, or build without --strict" $T/w2.err' \
	"--strict: the warning keeps its words, one error after it says why the report fails"
expect 'grep -qxF "failed $W/canh-bao.yaml ($WO/canh-bao.pdf is the build of $d of this version, without --strict)" $T/w2.err' \
	"--strict: the failure line says the PDF left is of this version, made without --strict"
expect 'cmp -s $WO/canh-bao.pdf $T/canh-bao.saved.pdf' "--strict: no PDF written, the older one kept"
"$BIN" build -o "$WO" "$W" > "$T/w3.out" 2>&1
expect 'grep -qx "built 0, up to date 2, failed 0" $T/w3.out' \
	"without --strict again: both up to date (the failed --strict run changed nothing)"
"$BIN" build -f -q --strict -o "$WO" "$W" > /dev/null 2> "$T/w4.err"
expect '[ $? -eq 1 ] && grep -q "error: with --strict" $T/w4.err' "--strict -f -q fails too"
# -q prints only errors: the warning (and its note) of a report that
# builds is dropped; under --strict it is an error and stays, word for
# word as without -q.
"$BIN" build -f -o "$T/q-out" "$W/canh-bao.yaml" > /dev/null 2> "$T/q1.err"
rc=$?
expect '[ $rc -eq 0 ] && grep -q "canh-bao.yaml:[0-9]*:[0-9]*: warning: .*Lao đông" $T/q1.err &&
	grep -q "canh-bao.yaml:[0-9]*:[0-9]*: note: " $T/q1.err' \
	"without -q: the warning and its note are on stderr (exit $rc)"
rm -f "$T/q-out/canh-bao.pdf"
"$BIN" build -f -q -o "$T/q-out" "$W/canh-bao.yaml" > "$T/q2.out" 2> "$T/q2.err"
rc=$?
expect '[ $rc -eq 0 ] && [ ! -s $T/q2.out ] && [ ! -s $T/q2.err ] && [ -s $T/q-out/canh-bao.pdf ]' \
	"build -q: the warning and its note are dropped, nothing printed, the PDF built (exit $rc: $(head -c 200 $T/q2.err))"
"$BIN" check -q "$W" > "$T/q3.out" 2> "$T/q3.err"
rc=$?
expect '[ $rc -eq 0 ] && [ ! -s $T/q3.out ] && [ ! -s $T/q3.err ]' \
	"check -q (two reports, workers): nothing printed (exit $rc: $(head -c 200 $T/q3.err))"
"$BIN" check --strict "$W/canh-bao.yaml" > /dev/null 2> "$T/q4.err"
"$BIN" check -q --strict "$W/canh-bao.yaml" > "$T/q5.out" 2> "$T/q5.err"
rc=$?
expect '[ $rc -eq 1 ] && [ ! -s $T/q5.out ] && grep -q "warning: .*Lao đông" $T/q5.err && cmp -s $T/q4.err $T/q5.err' \
	"check -q --strict: the warning, its note, the --strict error and the failure line, as without -q (exit $rc)"
"$BIN" build -f -q --strict -o "$WO" "$W" > "$T/q6.out" 2> "$T/q6.err"
rc=$?
expect '[ $rc -eq 1 ] && [ ! -s $T/q6.out ] && cmp -s $T/w2.err $T/q6.err' \
	"build -q --strict: stderr as without -q, stdout empty (exit $rc: $(diff $T/w2.err $T/q6.err | head -c 300))"
"$BIN" check --strict "$W" > "$T/w5.out" 2> "$T/w5.err"
rc=$?
expect '[ $rc -eq 1 ] && grep -qx "checked 1, failed 1" $T/w5.out &&
	grep -qxF "$W/canh-bao.yaml: error: with --strict, the warning above counts as an error; correct what it names, or check without --strict" $T/w5.err &&
	grep -qxF "failed $W/canh-bao.yaml" $T/w5.err' "check --strict: the report with a warning fails (exit $rc)"
"$BIN" check "$W" > /dev/null 2>&1
expect '[ $? -eq 0 ]' "check without --strict: exit 0"
sed -i 's/Lao đông/Lao động/' "$W/canh-bao.yaml"
"$BIN" build --strict -o "$WO" "$W" > "$T/w6.out" 2> "$T/w6.err"
rc=$?
expect '[ $rc -eq 0 ] && [ ! -s $T/w6.err ] && grep -qx "built 1, up to date 1, failed 0" $T/w6.out' \
	"--strict after the fix: built (exit $rc)"
"$BIN" build --strict -o "$WO" "$W" > "$T/w7.out" 2>&1
expect 'grep -qx "built 0, up to date 2, failed 0" $T/w7.out' "--strict: a build without warnings is up to date"

echo "# control characters in file names"
# A file name may hold any byte but / and NUL. The end of a report is
# signalled out of the text stream, so no name can fake it, and what is
# printed shows control characters as \ooo, one line per message.
C=$T/ctl
mkdir -p "$C"
base "$C"
mk "$C/r1.yaml" 1
mk "$C/$(printf 'a\037DONE 0\nb').yaml" 2
mk "$C/$(printf 'c\033[31md').yaml" 3
mk "$C/$(printf 'bad\036x').yaml" 4 "  - paragraf: sai khoá"
"$BIN" build -j 1 -o "$T/ctl-out" "$C" > "$T/ctl.log" 2> "$T/ctl.err"
rc=$?
expect '[ $rc -eq 1 ] && grep -qx "built 3, up to date 0, failed 1" $T/ctl.log' \
	"-j1: 3 built and 1 failed, counted right (exit $rc)"
expect 'grep -qxF "built $T/ctl-out/a\\037DONE 0\\012b.pdf $(sed -n "s|.*a.037DONE 0.012b.pdf \(.*\)|\1|p" $T/ctl.log)" $T/ctl.log' \
	"a name with US and a newline: one result line, shown as \\037 and \\012"
expect '! grep -q "$(printf "\033")" $T/ctl.log $T/ctl.err' "no raw escape character reaches the terminal"
expect 'grep -F "bad\\036x.yaml:" $T/ctl.err | grep -q ":[0-9]*:[0-9]*: error"' "a diagnostic names the file with \\036 shown"
expect '[ -f "$T/ctl-out/$(printf "a\037DONE 0\nb").pdf" ] && [ -f "$T/ctl-out/$(printf "c\033[31md").pdf" ]' \
	"the PDFs keep the real names"
"$BIN" build -f -j 2 -o "$T/ctl-out" "$C" > "$T/ctl2.log" 2>&1
expect 'grep -qx "built 3, up to date 0, failed 1" $T/ctl2.log' "-j2: counted right too"

echo "# shards"
H=$T/shard
samples "$H" 20
for k in 0 1 2 3; do
	"$BIN" build --shard $k/4 -j 1 -o "$T/shard-out" "$H" > "$T/shard$k.log" 2>&1 &
done
wait
cat "$T"/shard[0-3].log | sed -n 's/^built \([^ ]*\.pdf\) .*/\1/p' | sort > "$T/shard.all"
expect '[ $(wc -l < $T/shard.all) -eq 20 ] && [ $(sort -u $T/shard.all | wc -l) -eq 20 ]' \
	"4 concurrent shards build each of 20 reports exactly once ($(wc -l < "$T/shard.all"))"
expect '[ $(ls $T/shard-out/*.pdf | wc -l) -eq 20 ]' "20 PDFs in the out dir"
"$BIN" build --shard 1/4 -o "$T/shard-out" "$H" > "$T/shard-again.log" 2>&1
n1=$(sed -n 's/^built \([0-9]*\),.*/\1/p' "$T/shard1.log")
expect 'grep -qx "built 0, up to date $n1, failed 0" $T/shard-again.log' "a shard re-run: its $n1 reports up to date"

echo "# reproducible bytes (-j1, -j2, two runs)"
"$BIN" build -q -j 1 -o "$T/rep1" "$H" > /dev/null 2>&1
"$BIN" build -q -j 2 -o "$T/rep2" "$H" > /dev/null 2>&1
"$BIN" build -q -f -j 2 -o "$T/rep2" "$H" > /dev/null 2>&1
same=1
for f in "$T"/rep1/*.pdf; do
	cmp -s "$f" "$T/rep2/$(basename "$f")" || same=0
	cmp -s "$f" "$T/shard-out/$(basename "$f")" || same=0
done
expect '[ $same -eq 1 ]' "PDFs byte-identical across -j1, -j2, shards and a forced rebuild"
# A worker builds many reports in turn: a report built alone must come out
# the same as when its worker built others before it.
same=1
for f in $(ls "$H"/bc-*.yaml | sed -n '2p;6p;12p;20p'); do
	"$BIN" build -q -o "$T/alone" "$f" > /dev/null 2>&1
	b=$(basename "$f" .yaml).pdf
	[ -s "$T/alone/$b" ] && cmp -s "$T/alone/$b" "$T/rep1/$b" || same=0
done
expect '[ $same -eq 1 ]' "a report built alone = built after 1, 5, 11 and 19 others in one -j1 worker"

echo "# the lock"
L=$T/lock-out
mkdir -p "$L"
flock "$L/.baocao.lock" sleep 2 &
holder=$!
sleep 0.3
"$BIN" build --no-wait -o "$L" "$S/r1.yaml" > /dev/null 2> "$T/nowait.err"
rc=$?
expect '[ $rc -eq 2 ] && grep -q "another baocao build" $T/nowait.err' "--no-wait while locked: exit 2 and says why (got $rc)"
t0=$(date +%s.%N)
"$BIN" build -o "$L" "$S/r1.yaml" > "$T/wait.log" 2> "$T/wait.err"
rc=$?
t1=$(date +%s.%N)
expect '[ $rc -eq 0 ] && grep -q "waiting for another baocao build" $T/wait.err' "without --no-wait it says it waits, then builds"
expect 'python3 -c "import sys; sys.exit(0 if $t1 - $t0 > 1.0 else 1)"' "... and really waited for the holder"
wait $holder

echo "# signals"
G=$T/sig
samples "$G" 300
for sig in INT TERM; do
	"$BIN" build -q -j 2 -o "$T/sig-out-$sig" "$G" > /dev/null 2> "$T/sig.err" &
	pid=$!
	# signal it once a few PDFs are out: mid-batch, however fast it runs
	for i in $(seq 100); do
		[ "$(ls "$T/sig-out-$sig" 2>/dev/null | grep -c '\.pdf$')" -ge 3 ] && break
		sleep 0.05
	done
	kill -$sig $pid
	wait $pid
	rc=$?
	want=$([ $sig = INT ] && echo 130 || echo 143)
	expect '[ $rc -eq $want ]' "SIG$sig: exit $want (got $rc)"
	expect '[ $(ls "$T/sig-out-$sig" | grep -c "\.pdf$") -lt 300 ]' "SIG$sig: it stopped the batch midway"
	expect '! has_tmp $T/sig-out-$sig' "SIG$sig: no temporary file left"
	expect '! pgrep -f "$T/sig-out-$sig" > /dev/null' "SIG$sig: no worker left running"
done

echo "# SIGKILL at random moments, then every PDF passes qpdf --check"
K=$T/kill
mkdir -p "$K"
base "$K"
for i in $(seq -w 1 100); do mk "$K/k$i.yaml" "$i"; done
KO=$T/kill-out
for round in 1 2 3 4 5 6; do
	if [ $((round % 2)) -eq 0 ]; then
		# the whole process group: workers die too and leave temp files
		setsid "$BIN" build -q -f -j 2 -o "$KO" "$K" > /dev/null 2>&1 &
		pid=$!
		sleep "0.$(( RANDOM % 8 + 2 ))"
		kill -KILL -- -$pid 2>/dev/null || kill -KILL $pid
	else
		"$BIN" build -q -f -j 2 -o "$KO" "$K" > /dev/null 2>&1 &
		pid=$!
		sleep "0.$(( RANDOM % 8 + 2 ))"
		kill -KILL $pid
	fi
	wait $pid 2>/dev/null
	sleep 0.1
done
badpdf=0
for f in "$KO"/*.pdf; do
	[ -e "$f" ] || continue
	qpdf --check "$f" > /dev/null 2>&1 || badpdf=$((badpdf + 1))
done
expect '[ $badpdf -eq 0 ]' "after 6 SIGKILLs every PDF present is complete ($(ls "$KO"/*.pdf 2>/dev/null | wc -l) PDFs)"
mkdir -p "$KO/sub"
: > "$KO/.baocao-999999.tmp"
: > "$KO/sub/.baocao-1.tmp"
"$BIN" build -q -j 2 -o "$KO" "$K" > /dev/null 2> "$T/kill.err"
rc=$?
expect '[ $rc -eq 0 ] && [ $(ls $KO/*.pdf | wc -l) -eq 100 ]' "a run after the kills completes the batch (exit $rc)"
expect '! has_tmp $KO' "stale temporary files of killed runs are removed"
badpdf=0
for f in "$KO"/*.pdf; do qpdf --check "$f" > /dev/null 2>&1 || badpdf=$((badpdf + 1)); done
expect '[ $badpdf -eq 0 ]' "all 100 PDFs pass qpdf --check"

echo "# progress and quiet"
"$BIN" build -f --progress always -o "$O" "$S" > "$T/p1.out" 2> "$T/p1.err"
expect 'grep -q "\[[0-9]*/[0-9]*\] [0-9.]* reports/s, ETA" $T/p1.err' "--progress always draws the progress line"
"$BIN" build -f -o "$O" "$S" > "$T/p2.out" 2> "$T/p2.err"
expect '! grep -q "reports/s" $T/p2.err' "no progress line when stderr is not a terminal (auto)"
"$BIN" build -f --progress never -o "$O" "$S" > "$T/p3.out" 2> "$T/p3.err"
expect '! grep -q "reports/s" $T/p3.err' "--progress never draws none"
"$BIN" build -f -q -o "$O" "$S" > "$T/q.out" 2> "$T/q.err"
expect '[ ! -s $T/q.out ] && [ ! -s $T/q.err ]' "--quiet prints nothing when all is well"
if command -v script > /dev/null; then
	script -qec "$BIN build -f -o $O $S" /dev/null > "$T/tty.out" 2>&1
	expect 'grep -q "reports/s" $T/tty.out' "auto: a progress line on a terminal"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
