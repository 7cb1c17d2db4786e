#!/usr/bin/env bash
# tests/i18n.sh BIN - messages in Vietnamese (issue 18 point 3, spec §1
# "Language of messages") and the first run (point 5):
#   (a) the catalogue is complete: the messages extracted afresh from the
#       sources (the xgettext command of `make po`) each have a Vietnamese
#       translation in po/vi.po that is not fuzzy; one test per source
#       file, each failure naming its untranslated messages;
#   (b) msgfmt -c --check-format passes on po/vi.po;
#   (c) every bad input (tests/bad, tests/mistakes; build, and check for
#       tests/bad) under LC_ALL=vi_VN.UTF-8 and under LANG=vi (a locale
#       the machine may not have: src/i18n.c's fallback) prints lines
#       "file:line:col: lỗi|cảnh báo|ghi chú: ..." or "thất bại: ..." with
#       no English word left (tests/i18n.py); each offending line printed;
#   (d) --help, usage errors, the result lines, the summary, the progress
#       line, a failure naming an older PDF, baocao fonts and baocao init
#       in Vietnamese, on the sample reports;
#   (e) English unchanged under LC_ALL=C.UTF-8 (and LC_ALL wins over
#       LANG=vi);
#   and the first run: build/check with no PATH and no reports/ folder
#   says what to do (name a report, or baocao init), exit 2, in both
#   languages.
# Prints ok:/FAIL: lines and "N passed, M failed"; exits 1 on failure.
set -u
. tests/lib.sh
BIN=$(abs_path "${1:-build/baocao}")
T=$(fresh_dir "${TMPDIR_I18N:-tests/tmp-i18n}")
export SOURCE_DATE_EPOCH=1735689600
unset BAOCAO_FONTS
PY=/usr/bin/python3
VI=(env LC_ALL=vi_VN.UTF-8)		# as a clerk's machine set up by make deps
VI2=(env -u LC_ALL LANG=vi)		# no such locale: i18n.c's fallback

# add_tally OUTPUT: echo OUTPUT, count its ok:/FAIL: lines.
add_tally() {
	local o=$1 n
	[ -n "$o" ] && printf '%s\n' "$o"
	n=$(printf '%s\n' "$o" | grep -c '^ok: ')
	pass=$((pass + n))
	n=$(printf '%s\n' "$o" | grep -c '^FAIL: ')
	fail=$((fail + n))
}

echo "# (a) every message has a Vietnamese translation"
cmd=$(make -s -n po | sed -n '/^xgettext/,/[^\\]$/p')
cmd=${cmd/-o po\/baocao.pot/-o $T/fresh.pot}
cmd=${cmd/--no-location/}	# locations: which file each message is in
if [ -n "$cmd" ] && eval "$cmd" 2> "$T/xgettext.err"; then
	add_tally "$($PY tests/i18n.py catalogue "$T/fresh.pot" po/vi.po)"
else
	bad "the messages could not be extracted ($(head -n 1 "$T/xgettext.err"))"
fi

echo "# (b) the catalogue keeps every printf conversion"
expect 'msgfmt -c --check-format -o "$T/vi.mo" po/vi.po 2> "$T/msgfmt.err"' \
	"msgfmt -c --check-format po/vi.po ($(grep -v 'header field' "$T/msgfmt.err" | head -n 1))"

echo "# (c) the diagnostics of bad inputs in Vietnamese, no English left"
# Each input's lines (both locales; check too for tests/bad), each line
# once, then tests/i18n.py on them.
for y in tests/bad/*.yaml tests/mistakes/*.yaml; do
	[ -e "$y" ] || continue
	case $(basename "$y") in _*) continue ;; esac
	name=$(basename "$(dirname "$y")")-$(basename "${y%.yaml}")
	args=()
	[ -f "${y%.yaml}.args" ] && read -r -a args < "${y%.yaml}.args"
	: > "$T/$name.all"
	for how in VI VI2; do
		if [ $how = VI ]; then run=("${VI[@]}"); else run=("${VI2[@]}"); fi
		"${run[@]}" "$BIN" build -f "${args[@]}" -o "$T/out-c" "$y" \
			> /dev/null 2> "$T/$name.$how.err"
		cat "$T/$name.$how.err" >> "$T/$name.all"
	done
	cmp -s "$T/$name.VI.err" "$T/$name.VI2.err" || echo "$y" >> "$T/differ"
	case $y in tests/bad/*)
		"${VI2[@]}" "$BIN" check "$y" > /dev/null 2> "$T/$name.check.err"
		cat "$T/$name.check.err" >> "$T/$name.all" ;;
	esac
	sort -u "$T/$name.all" > "$T/$name.lines"
	if out=$($PY tests/i18n.py vietnamese --form "$T/$name.lines"); then
		ok "$y: every message in Vietnamese"
	else
		bad "$y: English left, or a line not of the form (each below):"
		printf '%s\n' "$out"
	fi
done
cat "$T"/*.lines > "$T/all-lines"
expect '[ ! -s "$T/differ" ]' \
	"LANG=vi (no such locale) says the same as LC_ALL=vi_VN.UTF-8 ($(head -n 3 "$T/differ" 2>/dev/null | tr '\n' ' '))"
expect '! grep -Eq "^failed |: (error|warning|note): " "$T/all-lines"' \
	"no English level word nor failure line (the command line's own words)"
n=$(grep -c '^thất bại: ' "$T/all-lines")
expect '[ "$n" -gt 100 ]' "each failed report ends with 'thất bại: FILE' ($n)"

echo "# (d) --help, usage errors, result lines, summary in Vietnamese"
"${VI[@]}" "$BIN" --help > "$T/help.vi"
rc=$?
expect '[ $rc -eq 0 ] && head -n 1 "$T/help.vi" | grep -q "^Cách dùng: baocao build"' \
	"--help begins 'Cách dùng: baocao build'"
if out=$($PY tests/i18n.py vietnamese "$T/help.vi"); then
	ok "--help has no English word left"
else
	bad "--help has English left:"; printf '%s\n' "$out"
fi
expect 'grep -q "Mã thoát:" "$T/help.vi" && grep -q -- "--out-dir" "$T/help.vi"' \
	"--help keeps the option names and explains the exit status"
"${VI2[@]}" "$BIN" frobnicate > /dev/null 2> "$T/usage.vi"
rc=$?
expect '[ $rc -eq 2 ] && grep -q "^baocao: không có lệnh .frobnicate." "$T/usage.vi" &&
	grep -q "^Gõ .baocao --help." "$T/usage.vi"' "an unknown command, in Vietnamese (exit 2)"
"${VI2[@]}" "$BIN" build -j x > /dev/null 2> "$T/usage2.vi"
rc=$?
expect '[ $rc -eq 2 ] && grep -q "không hợp lệ cho .--jobs." "$T/usage2.vi"' \
	"a bad option value, in Vietnamese (exit 2)"
"${VI2[@]}" "$BIN" build --no-such-option > /dev/null 2> "$T/usage3.vi"
rc=$?
expect '[ $rc -eq 2 ] && ! grep -q "unrecognized" "$T/usage3.vi"' \
	"getopt's own message is not English ($(head -n 1 "$T/usage3.vi"))"

S=$T/samples
mkdir -p "$S"
cp -r reports/. "$S/"
"${VI[@]}" "$BIN" build --progress always -o "$T/vi-out" "$S" > "$T/b1.out" 2> "$T/b1.err"
rc=$?
nrep=$(ls "$S"/[!_.]*.yaml | wc -l)
expect '[ $rc -eq 0 ] && [ $(grep -cE "^đã tạo .*\.pdf \([0-9]+ trang, [0-9]+ KiB, [0-9]+ ms\)$" "$T/b1.out") -eq $nrep ]' \
	"each report: 'đã tạo out/x.pdf (N trang, K KiB, T ms)' ($(head -n 1 "$T/b1.out"))"
expect 'tail -n 1 "$T/b1.out" | grep -qx "đã tạo $nrep, giữ nguyên 0, thất bại 0"' \
	"the summary: 'đã tạo $nrep, giữ nguyên 0, thất bại 0'"
expect 'grep -q "báo cáo/giây" "$T/b1.err" && ! grep -q "reports/s" "$T/b1.err"' \
	"the progress line in Vietnamese"
"${VI2[@]}" "$BIN" build -o "$T/vi-out" "$S" > "$T/b2.out" 2>&1
expect '[ $(grep -c "^giữ nguyên .*\.pdf (đã mới nhất)$" "$T/b2.out") -eq $nrep ] &&
	tail -n 1 "$T/b2.out" | grep -qx "đã tạo 0, giữ nguyên $nrep, thất bại 0"' \
	"up to date: 'giữ nguyên out/x.pdf (đã mới nhất)', and its summary"
"${VI2[@]}" "$BIN" check "$S" > "$T/c.out" 2>&1
expect '[ $(grep -cE "^đã kiểm tra .*\.yaml \([0-9]+ trang\)$" "$T/c.out") -eq $nrep ] &&
	tail -n 1 "$T/c.out" | grep -qx "đã kiểm tra $nrep, thất bại 0"' \
	"check: 'đã kiểm tra x.yaml (N trang)', and its summary"
one=$(ls "$S"/[!_.]*.yaml | head -n 1)
"${VI2[@]}" "$BIN" fonts "$one" > "$T/fonts.out" 2>&1
expect 'grep -q "^  đậm nghiêng  " "$T/fonts.out" && grep -q "^  thường      " "$T/fonts.out"' \
	"baocao fonts names the faces in Vietnamese, aligned"
# a report that built once, then broken: the failure names the old PDF
mkdir -p "$T/st"
printf 'title: Báo cáo\nbody:\n  - paragraph: Một đoạn.\n' > "$T/st/x.yaml"
"${VI2[@]}" "$BIN" build -o "$T/st-out" "$T/st/x.yaml" > /dev/null 2>&1
printf 'title: Báo cáo\nbody:\n  - paragraf: Một đoạn.\n' > "$T/st/x.yaml"
"${VI2[@]}" "$BIN" build -o "$T/st-out" "$T/st/x.yaml" > "$T/st.out" 2> "$T/st.err"
rc=$?
expect '[ $rc -eq 1 ] && tail -n 1 "$T/st.err" | grep -qE "^thất bại: .*x\.yaml \(.*x\.pdf là bản tạo lúc [0-9-]+ [0-9:]+, từ nội dung cũ\)$"' \
	"a failure: 'thất bại: x.yaml (out/x.pdf là bản tạo lúc ..., từ nội dung cũ)' ($(tail -n 1 "$T/st.err"))"
expect 'grep -qx "đã tạo 0, giữ nguyên 0, thất bại 1" "$T/st.out"' \
	"the summary of a failed batch: 'đã tạo 0, giữ nguyên 0, thất bại 1'"
# baocao init
mkdir -p "$T/init"
(cd "$T/init" && "${VI2[@]}" "$BIN" init > ../init1.out 2> ../init1.err)
rc=$?
expect '[ $rc -eq 0 ] && grep -qx "đã tạo bao-cao.yaml" "$T/init1.out" &&
	grep -q "^tiếp theo: .*baocao build bao-cao.yaml" "$T/init1.out"' \
	"init: 'đã tạo bao-cao.yaml', then what to do next"
(cd "$T/init" && "${VI2[@]}" "$BIN" init > ../init2.out 2> ../init2.err)
rc=$?
expect '[ $rc -eq 1 ] && grep -q "đã có tệp bao-cao.yaml" "$T/init2.err" &&
	grep -q "^ghi chú: " "$T/init2.err"' "init over an existing file: refused, in Vietnamese"
if out=$($PY tests/i18n.py vietnamese "$T/init1.out" "$T/init2.err"); then
	ok "init's messages have no English word left"
else
	bad "init's messages have English left:"; printf '%s\n' "$out"
fi

echo "# first run: no PATH and no reports/ folder"
mkdir -p "$T/empty"
for cmdname in build check; do
	(cd "$T/empty" && "${VI[@]}" "$BIN" $cmdname > ../first.out 2> ../first.vi)
	rc=$?
	expect '[ $rc -eq 2 ] && [ ! -e "$T/empty/out" ] &&
		grep -q "^baocao: lỗi: chưa ghi tên tệp báo cáo nào, mà ở đây (.*empty) không có thư mục reports/$" "$T/first.vi" &&
		grep -q "^ghi chú: .*baocao $cmdname bao-cao.yaml" "$T/first.vi" &&
		grep -q "^ghi chú: .*baocao init" "$T/first.vi"' \
		"$cmdname, no reports/ here (Vietnamese): says to name a report or run baocao init; exit 2 ($rc)"
	(cd "$T/empty" && "$BIN" $cmdname > ../first.out 2> ../first.en)
	rc=$?
	expect '[ $rc -eq 2 ] && [ ! -e "$T/empty/out" ] &&
		grep -q "^baocao: error: no report file was named, and there is no reports/ folder here (.*empty)$" "$T/first.en" &&
		grep -q "^note: .*baocao $cmdname bao-cao.yaml" "$T/first.en" &&
		grep -q "^note: .*baocao init" "$T/first.en"' \
		"$cmdname, no reports/ here (English): the same, exit 2 ($rc)"
done
if out=$($PY tests/i18n.py vietnamese "$T/first.vi"); then
	ok "the first-run message has no English word left"
else
	bad "the first-run message has English left:"; printf '%s\n' "$out"
fi
mkdir -p "$T/withrep/reports"
printf 'title: Báo cáo\nbody:\n  - paragraph: Một đoạn.\n' > "$T/withrep/reports/x.yaml"
(cd "$T/withrep" && "$BIN" build > ../withrep.out 2>&1)
rc=$?
expect '[ $rc -eq 0 ] && [ -f "$T/withrep/out/x.pdf" ]' \
	"with a reports/ folder here, build with no PATH builds it"

echo "# (e) English unchanged under LC_ALL=C.UTF-8"
"$BIN" --help > "$T/help.en"
expect 'head -n 1 "$T/help.en" | grep -qx "Usage: baocao build \[OPTION\]... \[PATH\]..." &&
	grep -q "^Exit status:" "$T/help.en" && ! grep -q "Cách dùng" "$T/help.en"' \
	"--help in English"
env LC_ALL=C.UTF-8 LANG=vi "$BIN" --help | cmp -s - "$T/help.en"
rc=$?
expect '[ $rc -eq 0 ]' "LC_ALL=C.UTF-8 wins over LANG=vi: English"
env -u LC_ALL LC_MESSAGES=vi_VN.UTF-8 "$BIN" --help | cmp -s - "$T/help.vi"
rc=$?
expect '[ $rc -eq 0 ]' "LC_MESSAGES=vi_VN.UTF-8 alone: Vietnamese"
"$BIN" build -f -o "$T/en-out" "$S" > "$T/e1.out" 2> "$T/e1.err"
expect '[ $(grep -cE "^built .*\.pdf \([0-9]+ pages?, [0-9]+ KiB, [0-9]+ ms\)$" "$T/e1.out") -eq $nrep ] &&
	tail -n 1 "$T/e1.out" | grep -qx "built $nrep, up to date 0, failed 0"' \
	"English: 'built out/x.pdf (N pages, K KiB, T ms)' and 'built $nrep, up to date 0, failed 0'"
printf 'title: Báo cáo\nbody:\n  - paragraph: Một đoạn.\n' > "$T/st/x.yaml"
"$BIN" build -o "$T/st-out" "$T/st/x.yaml" > "$T/st-en.out" 2> "$T/st-en.err"
printf 'title: Báo cáo\nbody:\n  - paragraf: Một đoạn.\n' > "$T/st/x.yaml"
"$BIN" build -o "$T/st-out" "$T/st/x.yaml" > "$T/st-en.out" 2> "$T/st-en.err"
expect 'tail -n 1 "$T/st-en.err" | grep -qE "^failed .*x\.yaml \(.*x\.pdf is the build of [0-9-]+ [0-9:]+, not this version\)$" &&
	grep -q "x.yaml:3:5: error: " "$T/st-en.err" && grep -qx "built 0, up to date 0, failed 1" "$T/st-en.out"' \
	"English: the failure line, the diagnostic and the summary as before"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
