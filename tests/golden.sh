#!/usr/bin/env bash
# tests/golden.sh [--regen] BIN - golden layout dumps: `BIN build --dump`
# of every test input and sample report, compared byte for byte with a
# file committed beside it, so that a layout change is a reviewable diff
# in the commit that makes it (`make regen` rewrites them all).
#
#   tests/typeset/N.yaml  -> tests/typeset/N.dump     (likewise tests/tables,
#   tests/good/N.yaml     -> tests/good/N.dump         tests/good)
#   reports/N.yaml        -> tests/golden/reports/N.dump
#
# N.dump is the dump (stdout); N.dump.err is what the run printed on
# stderr followed by an "exit STATUS" line, present only when that is not
# "nothing, exit 0": a report meant to fail (missing glyphs, a staffing
# total that does not add up) keeps only N.dump.err, a report built with
# warnings keeps both. Files starting with _ are parts pulled in by
# `extends`, not reports; the TEMPLATES below are filled in by the test
# scripts and are not reports either: they have no golden.
#
# The dumps are made from the repository root with relative paths and
# SOURCE_DATE_EPOCH fixed (messages and image boxes name the input as
# given); they name font faces by number, never font files, but they do
# depend on the faces fontconfig resolves (Liberation and Noto of
# `make deps`, Debian 12).
#
# Checking prints ok:/FAIL: lines and "N passed, M failed" and exits 1 on
# failure; an input without a golden and a golden without an input fail
# too. --regen writes every golden, removes stale ones and lists what
# changed, in the style of `git diff --stat`.
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
T=$(fresh_dir "${TMPDIR_GOLDEN:-tests/tmp-golden}")
export SOURCE_DATE_EPOCH=1735689600
unset BAOCAO_FONTS

DIRS="tests/typeset tests/tables tests/good reports"
TEMPLATES="tests/typeset/signature.yaml"
HINT="run make regen to accept"

golden_of() {	# golden_of N.yaml: the golden's path without .dump
	case $1 in
	reports/*) echo "tests/golden/reports/$(basename "$1" .yaml)" ;;
	*) echo "${1%.yaml}" ;;
	esac
}

input_of() {	# input_of GOLDEN.dump[.err]: the input it belongs to
	local g=${1%.err}
	g=${g%.dump}
	case $g in
	tests/golden/reports/*) echo "reports/$(basename "$g").yaml" ;;
	*) echo "$g.yaml" ;;
	esac
}

inputs() {	# every input that has a golden, sorted
	local d y
	for d in $DIRS; do
		for y in "$d"/*.yaml; do
			[ -e "$y" ] || continue
			case $(basename "$y") in _*) continue ;; esac
			case " $TEMPLATES " in *" $y "*) continue ;; esac
			echo "$y"
		done
	done
}

goldens() {	# every golden file, sorted
	local d
	for d in tests/typeset tests/tables tests/good tests/golden/reports; do
		ls "$d"/*.dump "$d"/*.dump.err 2>/dev/null
	done
}

# run_dump N.yaml: the dump into $T/out, stderr and "exit STATUS" into
# $T/err; returns the exit status.
run_dump() {
	local rc
	"$BIN" build --dump "$1" > "$T/out" 2> "$T/err"
	rc=$?
	echo "exit $rc" >> "$T/err"
	return $rc
}

# expected GOLDEN KIND: the golden file, or what its absence means
# (no dump; nothing on stderr and exit 0).
expected() {
	if [ -f "$1" ]; then
		cat "$1"
	elif [ "$2" = err ]; then
		echo "exit 0"
	fi
}

check_one() {	# check_one N.yaml
	local y=$1 g d
	g=$(golden_of "$y")
	if [ ! -f "$g.dump" ] && [ ! -f "$g.dump.err" ]; then
		bad "$y has no golden $g.dump ($HINT)"
		return
	fi
	run_dump "$y"
	expected "$g.dump" out > "$T/want.out"
	expected "$g.dump.err" err > "$T/want.err"
	d=$( { diff -u --label "$g.dump" --label "$y (now)" \
		"$T/want.out" "$T/out"
	    diff -u --label "$g.dump.err" --label "$y (now, stderr)" \
		"$T/want.err" "$T/err"; } | head -n 20)
	if [ -z "$d" ]; then
		ok "$y matches$(for f in "$g.dump" "$g.dump.err"; do
			[ -f "$f" ] && printf ' %s' "$f"; done)"
	else
		bad "$y: layout differs from its golden ($HINT)"
		echo "$d"
	fi
}

check_stale() {	# goldens whose input is gone, or is no report
	local g y
	for g in $(goldens); do
		y=$(input_of "$g")
		if [ ! -f "$y" ]; then
			bad "stale golden $g: no input $y ($HINT)"
		elif ! inputs | grep -qxF "$y"; then
			bad "stale golden $g: $y is not a report ($HINT)"
		fi
	done
	for y in $TEMPLATES; do
		expect '[ -f "$y" ]' "template $y (skipped) exists"
	done
}

# put NEW DEST: DEST replaced by NEW (NEW removed) unless they are equal;
# prints a `git diff --stat` line for a change.
put() {
	local plus minus
	if [ -f "$2" ] && cmp -s "$1" "$2"; then
		rm -f "$1"
		return
	fi
	if [ -f "$2" ]; then
		plus=$(diff "$2" "$1" | grep -c '^>')
		minus=$(diff "$2" "$1" | grep -c '^<')
	else
		plus=$(wc -l < "$1")
		minus=0
	fi
	printf ' %-46s | +%s -%s\n' "$2" "$plus" "$minus"
	mkdir -p "$(dirname "$2")"
	mv "$1" "$2"
	changed=$((changed + 1))
}

drop() {	# drop GOLDEN: remove it, reported like put
	[ -f "$1" ] || return 0
	printf ' %-46s | +0 -%s (removed)\n' "$1" "$(wc -l < "$1")"
	rm -f "$1"
	changed=$((changed + 1))
}

regen_one() {	# regen_one N.yaml
	local y=$1 g rc
	g=$(golden_of "$y")
	run_dump "$y"
	rc=$?
	if [ $rc -gt 1 ]; then
		echo "golden: $y: exit $rc, golden left as it was" >&2
		head -n 5 "$T/err" >&2
		failed=$((failed + 1))
		return
	fi
	if [ "$(cat "$T/err")" = "exit 0" ]; then
		drop "$g.dump.err"
	else
		put "$T/err" "$g.dump.err"
	fi
	if [ -s "$T/out" ] || [ ! -f "$g.dump.err" ]; then
		put "$T/out" "$g.dump"
	else
		drop "$g.dump"
	fi
}

regen_all() {
	local y g n=0
	changed=0
	failed=0
	for y in $(inputs); do
		regen_one "$y"
		n=$((n + 1))
	done
	for g in $(goldens); do
		inputs | grep -qxF "$(input_of "$g")" || drop "$g"
	done
	echo "golden: $n inputs, $changed golden files changed, $failed failed"
	[ "$failed" -eq 0 ]
}

if [ $regen -eq 1 ]; then
	regen_all
	exit
fi
for y in $(inputs); do
	check_one "$y"
done
check_stale
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
