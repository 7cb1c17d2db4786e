#!/usr/bin/env bash
# tests/mistakes.sh [--regen] BIN - the mistakes clerks make (spec §2a
# "Nothing a user writes is silently changed or lost"), each as a small
# but real report in tests/mistakes/:
#
#   N.yaml   what the clerk wrote (with a comment on the mistake at the top)
#   N.err    the exact stderr of `baocao build` on it (golden; the
#            message a non-programmer has to understand; not -q, which
#            drops warnings; the "built" line goes to stdout, not here)
#   N.vi.err the same in Vietnamese, as a clerk reads it (LC_ALL=
#            vi_VN.UTF-8; golden, compared like N.err)
#   N.want   only for reports that must build: the text the clerk meant,
#            one phrase a line; each must appear in the PDF's text
#            (pdftotext, spaces and line ends folded) - a dropped word, a
#            changed number or a raw invisible character fails the test
#   N.nowant optional: phrases that must NOT appear in the PDF's text
#            (a soft hyphen printed as "-", "Số: Số", a number misread)
#   N.lines  optional: phrases that must each start a line of the PDF
#            (pdftotext -bbox-layout) below the line before it in its
#            paragraph and at the paragraph's left edge - a line break the
#            clerk typed (Word's Shift+Enter) is a new line, not a space
#   N.args   optional: more arguments for `baocao build`, on one line
#            (e.g. --strict: a warning then fails the report, and N.err
#            holds the warning, the --strict error and the failure line)
#
# The PDF of every report that builds must hold no control character,
# line or paragraph separator in its text.
# Without N.want the report must fail: exit 1 and no PDF. With it: exit 0
# and a PDF whose text holds every phrase. --regen rewrites the N.err
# and N.vi.err files only (the .want files say what the clerk meant:
# written by hand).
# Prints ok:/FAIL: lines and "N passed, M failed"; exits 1 on failure.
set -u
regen=0
if [ "${1:-}" = --regen ]; then
	regen=1
	shift
fi
BIN=${1:-build/baocao}
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
cd "$(dirname "$0")/.." || exit 2
. tests/lib.sh
T=$(fresh_dir "${TMPDIR_MISTAKES:-tests/tmp-mistakes}")
export SOURCE_DATE_EPOCH=1735689600
unset BAOCAO_FONTS

# The PDF's text in the order it is drawn (-raw: the order copy and
# paste and screen readers follow, cell by cell in a table, so an award
# name that wraps in its cell reads whole; pdftotext's layout order would
# put the next column's year between its lines), every run of white space
# folded to one space.
pdf_text() {
	pdftotext -raw -enc UTF-8 "$1" - 2>/dev/null | tr -s ' \t\n\f' '    ' |
		tr -s ' '
}

# has_phrases TEXT FILE: every non-empty line of FILE occurs in TEXT
# (white space folded); prints the first missing one.
has_phrases() {
	local text=$1 file=$2 line
	while IFS= read -r line || [ -n "$line" ]; do
		line=$(printf '%s' "$line" | tr -s ' \t' '  ')
		[ -z "$line" ] && continue
		case $text in *"$line"*) ;; *) echo "$line"; return 1 ;; esac
	done < "$file"
	return 0
}

# no_phrases TEXT FILE: no non-empty line of FILE occurs in TEXT.
no_phrases() {
	local text=$1 file=$2 line
	while IFS= read -r line || [ -n "$line" ]; do
		[ -z "$line" ] && continue
		case $text in *"$line"*) echo "$line"; return 1 ;; esac
	done < "$file"
	return 0
}

# has_no_controls PDF: the PDF's text holds no C0 control but new line,
# tab and form feed, no DEL, C1 control, line or paragraph separator;
# prints the first one found.
has_no_controls() {
	pdftotext -enc UTF-8 "$1" - 2>/dev/null | python3 -c '
import re, sys
t = sys.stdin.buffer.read().decode("utf-8", "replace")
m = re.search("[\x00-\x08\x0b\x0d-\x1f\x7f-\x9f\u2028\u2029]", t)
if m:
	print("U+%04X" % ord(m.group()))
	sys.exit(1)'
}

# starts_lines PDF FILE: every non-empty line of FILE (white space folded)
# starts a line of the PDF that is below the line before it in its block
# (paragraph) and at the block's left edge; prints the first that does
# not, a tab, and where it is instead.
starts_lines() {
	pdftotext -bbox-layout "$1" - 2>/dev/null | python3 -c '
import html, re, sys
blocks = []
for b in re.findall(r"<block[^>]*>(.*?)</block>", sys.stdin.read(), re.S):
	ls = []
	for m in re.finditer(r"<line xMin=\"([-\d.]+)\" yMin=\"([-\d.]+)\"[^>]*>(.*?)</line>", b, re.S):
		w = [html.unescape(x) for x in re.findall(r"<word[^>]*>(.*?)</word>", m.group(3), re.S)]
		ls.append((float(m.group(1)), float(m.group(2)), " ".join(w)))
	blocks.append(ls)
def where(p):
	for ls in blocks:
		left = min(l[0] for l in ls)
		for i, (x, y, t) in enumerate(ls):
			if not t.startswith(p):
				continue
			if i == 0:
				return "first line of its paragraph"
			if y <= ls[i - 1][1] + 1:
				return "not below the line before it"
			if abs(x - left) > 0.5:
				return "starts at x %.1f, the paragraph at %.1f" % (x, left)
			return None
	for ls in blocks:
		for x, y, t in ls:
			if p in t:
				return "inside the line \"%s\"" % t
	return "not found"
for p in open(sys.argv[1], encoding="utf-8"):
	p = " ".join(p.split())
	if p and where(p) is not None:
		print("%s\t%s" % (p, where(p)))
		sys.exit(1)' "$2"
}

n=0
for y in tests/mistakes/*.yaml; do
	[ -e "$y" ] || continue
	case $(basename "$y") in _*) continue ;; esac
	n=$((n + 1))
	base=${y%.yaml}
	name=$(basename "$base")
	out="$T/out-$name"
	args=()
	[ -f "$base.args" ] && read -r -a args < "$base.args"
	LC_ALL=vi_VN.UTF-8 "$BIN" build -f "${args[@]}" -o "$out-vi" "$y" \
		> /dev/null 2> "$T/$name.vi.err"
	"$BIN" build -f "${args[@]}" -o "$out" "$y" > /dev/null \
		2> "$T/$name.err"
	rc=$?
	for e in err vi.err; do
		if [ $regen -eq 1 ]; then
			cmp -s "$T/$name.$e" "$base.$e" || {
				cp "$T/$name.$e" "$base.$e"
				echo "regen: $base.$e"
			}
		fi
		if [ ! -f "$base.$e" ]; then
			bad "$y: no golden $base.$e (run make regen)"
		elif cmp -s "$base.$e" "$T/$name.$e"; then
			ok "$y: the messages are as written in $base.$e"
		else
			bad "$y: the messages differ from $base.$e"
			diff -u "$base.$e" "$T/$name.$e" | head -n 12
		fi
	done
	pdfs=$(find "$out" -name '*.pdf' 2>/dev/null | head -n 1)
	if [ ! -f "$base.want" ]; then
		expect '[ $rc -eq 1 ] && [ -z "$pdfs" ]' \
			"$y: fails (exit $rc) and writes no PDF"
		continue
	fi
	if [ $rc -ne 0 ] || [ -z "$pdfs" ]; then
		bad "$y: must build (exit $rc)"
		continue
	fi
	text=$(pdf_text "$pdfs")
	if miss=$(has_phrases "$text" "$base.want"); then
		ok "$y: the PDF says what the clerk meant"
	else
		bad "$y: the PDF lacks \"$miss\""
	fi
	if ctl=$(has_no_controls "$pdfs"); then
		ok "$y: no control character in the PDF's text"
	else
		bad "$y: the PDF's text holds $ctl"
	fi
	if [ -f "$base.lines" ]; then
		if miss=$(starts_lines "$pdfs" "$base.lines"); then
			ok "$y: each line break is a new line in the PDF"
		else
			bad "$y: \"${miss%%$'\t'*}\" should start a line of the PDF (${miss#*$'\t'})"
		fi
	fi
	if [ -f "$base.nowant" ]; then
		if extra=$(no_phrases "$text" "$base.nowant"); then
			ok "$y: nothing changed or added in the PDF"
		else
			bad "$y: the PDF holds \"$extra\""
		fi
	fi
done
expect '[ $n -ge 1 ]' "tests/mistakes holds cases ($n)"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
