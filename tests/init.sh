#!/usr/bin/env bash
# tests/init.sh BIN - `baocao init` (issue 18, point 1): the starting
# report it writes, for a state and a Party office, builds as written
# with no warning, and its PDF holds the header of its kind and the text
# of every block; an existing file is never overwritten; a wrong --kind
# or option is a clear usage error. Prints ok:/FAIL: lines and "N passed,
# M failed"; exits 1 on failure.
set -u
. tests/lib.sh
BIN=$(abs_path "${1:-build/baocao}")
T=$(fresh_dir "${TMPDIR_INIT:-tests/tmp-init}")
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1735689600}

# has FILE TEXT...: every TEXT occurs in FILE (pdftotext output, runs of
# white space folded to one space so that layout does not matter).
has() {
	local f=$1 t missing=
	shift
	for t in "$@"; do
		tr -s ' \n\t' '   ' < "$f" | grep -qF -- "$t" || missing="$missing [$t]"
	done
	[ -z "$missing" ] || echo "  missing:$missing" >&2
	[ -z "$missing" ]
}

# Text of blocks both kinds print: toc, headings of 3 levels, paragraph
# with footnote, the 3 list styles and a nested list, quote, table with
# group and totals, staffing, history with chart, awards, landscape
# table, signature, appendix.
BLOCKS=("MỤC LỤC" "Kính gửi:" "I. KẾT QUẢ CÔNG TÁC NĂM 2026"
	"1. Công tác tham mưu, tổng hợp" "a) Những việc đã làm"
	"Văn phòng đã hoàn thành toàn diện"
	"Số liệu tính đến ngày 30 tháng 11 năm 2026."
	"- Tham mưu xây dựng chương trình công tác năm;"
	"1. Hoàn thành đúng hạn" "b) Công tác hành chính" "- Lưu trữ"
	"Đoàn kết, kỷ cương" "Kết quả công tác văn thư" "Số văn bản"
	"Tổng cộng" "22.730" "Biên chế các phòng, đơn vị năm 2026"
	"Biên chế qua các thời kỳ" "Biểu đồ 1."
	"Huân chương Lao động hạng Ba" "Kế hoạch công tác năm 2027"
	"Nơi nhận:" "Nguyễn Văn A" "Danh sách các phòng, đơn vị")
STATE=("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" "Độc lập - Tự do - Hạnh phúc"
	"UBND TỈNH LẠNG SƠN" "VĂN PHÒNG" "Số: 01/BC-VP"
	"Ủy ban nhân dân tỉnh Lạng Sơn;" "KT. CHÁNH VĂN PHÒNG")
PARTY=("ĐẢNG CỘNG SẢN VIỆT NAM" "TỈNH ỦY LẠNG SƠN" "VĂN PHÒNG"
	"Số 01-BC/VPTU" "Ban Thường vụ Tỉnh ủy;" "T/L BAN THƯỜNG VỤ")

for kind in state party; do
	d=$T/$kind
	mkdir -p "$d"
	(cd "$d" && "$BIN" init --kind "$kind" > init.out 2> init.err)
	expect "[ \$? -eq 0 ] && [ -s $d/bao-cao.yaml ] && [ ! -s $d/init.err ]" \
	    "$kind: init writes bao-cao.yaml, exit 0, nothing on stderr"
	expect "grep -q 'created bao-cao.yaml' $d/init.out" \
	    "$kind: init says what it created and what to do next"
	expect "grep -q '^  kind: $kind' $d/bao-cao.yaml" \
	    "$kind: the header is of kind $kind"
	expect "[ \$(grep -c '^ *#' $d/bao-cao.yaml) -ge 40 ]" \
	    "$kind: the report is commented"
	(cd "$d" && "$BIN" check --strict bao-cao.yaml > check.out 2> check.err)
	expect "[ \$? -eq 0 ] && ! grep -q . $d/check.err" \
	    "$kind: check --strict is clean (no warning)"
	(cd "$d" && "$BIN" build bao-cao.yaml > build.out 2> build.err)
	expect "[ \$? -eq 0 ] && ! grep -q . $d/build.err && [ -s $d/out/bao-cao.pdf ]" \
	    "$kind: build exits 0 with no diagnostic and writes out/bao-cao.pdf"
	pages=$(pdfinfo "$d/out/bao-cao.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
	expect "[ \"\${pages:-0}\" -ge 1 ]" "$kind: pdfinfo reads ${pages:-no} pages"
	pdfinfo -f 1 -l "${pages:-1}" "$d/out/bao-cao.pdf" 2>/dev/null |
	    awk '/size:/ && $4 > $6 { n++ } END { exit !n }'
	expect "[ \$? -eq 0 ]" "$kind: the landscape block gives a landscape page"
	pdftotext "$d/out/bao-cao.pdf" "$d/text.txt" 2>/dev/null
	expect "has $d/text.txt \"\${BLOCKS[@]}\"" \
	    "$kind: the PDF holds the text of every block"
	if [ "$kind" = state ]; then
		expect "has $d/text.txt \"\${STATE[@]}\"" \
		    "state: Quốc hiệu, UBND/Văn phòng header, Kính gửi, KT. signature"
	else
		expect "has $d/text.txt \"\${PARTY[@]}\"" \
		    "party: ĐẢNG CỘNG SẢN VIỆT NAM, Tỉnh ủy/Văn phòng header, T/L signature"
		expect "! has $d/text.txt 'CỘNG HÒA XÃ HỘI' 2>/dev/null" \
		    "party: no Quốc hiệu of a state office"
	fi
	# A second init never overwrites, and says what to do.
	echo "# sửa của người dùng" >> "$d/bao-cao.yaml"
	cp "$d/bao-cao.yaml" "$d/saved.yaml"
	(cd "$d" && "$BIN" init --kind "$kind" > again.out 2> again.err)
	expect "[ \$? -eq 1 ] && cmp -s $d/bao-cao.yaml $d/saved.yaml" \
	    "$kind: a second init exits 1 and leaves the file unchanged"
	expect "grep -q 'bao-cao.yaml already exists; it was left unchanged' $d/again.err && grep -q '^note: .*another name' $d/again.err" \
	    "$kind: the refusal says the file exists and what to do"
done

# Default kind, a FILE named, --kind=VALUE form.
d=$T/named
mkdir -p "$d"
(cd "$d" && "$BIN" init nam-2026.yaml > init.out 2>&1 &&
    "$BIN" build -q nam-2026.yaml > build.out 2>&1)
expect "[ \$? -eq 0 ] && grep -q '^  kind: state' $d/nam-2026.yaml && [ -s $d/out/nam-2026.pdf ]" \
    "init FILE: state by default, builds out/nam-2026.pdf"
(cd "$d" && "$BIN" init --kind=party dang.yaml > /dev/null 2>&1)
expect "[ \$? -eq 0 ] && grep -q '^  kind: party' $d/dang.yaml" \
    "--kind=party works too"

# Usage errors: exit 2, nothing written, the message says what to write.
d=$T/bad
mkdir -p "$d"
(cd "$d" && "$BIN" init --kind nha-nuoc > out 2> err)
expect "[ \$? -eq 2 ] && [ ! -e $d/bao-cao.yaml ]" \
    "--kind with a wrong value: exit 2, no file"
expect "grep -q \"invalid kind 'nha-nuoc': write --kind state\" $d/err && grep -q -- '--kind party' $d/err" \
    "--kind with a wrong value names the two kinds"
(cd "$d" && "$BIN" init --kind > out 2> err)
expect "[ \$? -eq 2 ] && grep -q \"'--kind' needs a value: state or party\" $d/err" \
    "--kind without a value is a usage error"
(cd "$d" && "$BIN" init a.yaml b.yaml > out 2> err)
expect "[ \$? -eq 2 ] && [ ! -e $d/a.yaml ] && grep -q 'only one FILE' $d/err" \
    "two FILEs: usage error, nothing written"
(cd "$d" && "$BIN" init --force > out 2> err)
expect "[ \$? -eq 2 ] && grep -q \"unknown option '--force'\" $d/err" \
    "an unknown option is a usage error"
(cd "$d" && "$BIN" init no-such-dir/x.yaml > out 2> err)
expect "[ \$? -eq 1 ] && grep -q 'cannot create no-such-dir/x.yaml' $d/err" \
    "a FILE in a missing folder: exit 1, says so"
expect "\"$BIN\" init --help | grep -q -- '--kind party   a Party office'" \
    "init --help says what the two kinds are"
expect "\"$BIN\" --help | grep -q 'baocao init \[--kind state|party\] \[FILE\]'" \
    "--help shows the init command"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
