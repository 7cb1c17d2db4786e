#!/bin/sh
# t_pdf.sh - run the font/pdf unit driver and check its PDF with poppler
# and qpdf: PDF 1.4, exact A4 size, UTF-8 document information, every
# font embedded as a subset with a ToUnicode map, the exact text back
# from pdftotext with nothing on its stderr, a clean qpdf --check, and
# byte-identical output across two runs. Exit 1 on any failure.
cd "$(dirname "$0")/../.." || exit 1
BIN=${1:-build/t_pdf}
TMP=${TMPDIR:-/tmp}/t_pdf.$$
mkdir -p "$TMP" || exit 1
trap 'rm -rf "$TMP"' EXIT
fails=0
fail() { echo "t_pdf.sh: FAIL: $*" >&2; fails=$((fails + 1)); }

"$BIN" "$TMP/a.pdf" > "$TMP/run.log" || { cat "$TMP/run.log"; fail "t_pdf driver"; }
"$BIN" "$TMP/b.pdf" > /dev/null || fail "t_pdf driver (second run)"
cmp -s "$TMP/a.pdf" "$TMP/b.pdf" || fail "two runs differ"

pdfinfo "$TMP/a.pdf" > "$TMP/info" 2>&1 || fail "pdfinfo"
grep -q '^PDF version: *1\.4$' "$TMP/info" || fail "PDF version is not 1.4"
grep -q '^Page size: *595\.28 x 841\.89 pts' "$TMP/info" || fail "page size"
grep -q '^Title: *Báo cáo 80 năm Ngày truyền thống Văn phòng UBND tỉnh Lạng Sơn$' \
    "$TMP/info" || fail "Title"
grep -q '^Author: *Văn phòng UBND tỉnh Lạng Sơn$' "$TMP/info" || fail "Author"
grep -q '^Creator: *baocao$' "$TMP/info" || fail "Creator"
grep -q '^Pages: *2$' "$TMP/info" || fail "page count"

pdffonts "$TMP/a.pdf" > "$TMP/fonts" 2>&1 || fail "pdffonts"
awk 'NR > 2 { n++; if ($(NF-4) != "yes" || $(NF-3) != "yes" ||
    $(NF-2) != "yes") bad++ } END { exit !(n == 4 && bad == 0) }' \
    "$TMP/fonts" || { cat "$TMP/fonts"; fail "fonts not all emb/sub/uni"; }

pdftotext "$TMP/a.pdf" "$TMP/text" 2> "$TMP/text.err" || fail "pdftotext"
[ -s "$TMP/text.err" ] && { cat "$TMP/text.err"; fail "pdftotext stderr"; }
tr -d '\f' < "$TMP/text" | grep -v '^$' > "$TMP/text.got"
diff -u "$TMP/a.pdf.txt" "$TMP/text.got" || fail "pdftotext text"

qpdf --check "$TMP/a.pdf" > "$TMP/qpdf" 2>&1 || { cat "$TMP/qpdf"; fail "qpdf --check"; }
grep -qi 'warning\|error:' "$TMP/qpdf" && { cat "$TMP/qpdf"; fail "qpdf warnings"; }

[ $fails -eq 0 ] && echo "t_pdf.sh: ok ($(wc -c < "$TMP/a.pdf") bytes)"
# 17 checks above; report them in the form tests/run.sh tallies
echo "t_pdf: $((17 - fails)) passed, $fails failed"
[ $fails -eq 0 ]
