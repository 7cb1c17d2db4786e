#!/usr/bin/env bash
# tests/install.sh - baocao as a Unix citizen: `make install` honours
# PREFIX and DESTDIR, the installed binary runs, both man pages are
# installed and `mandoc -Tlint` finds nothing in them, and --help /
# --version follow GNU conventions. Issue 18 point 5: the JSON Schema
# and the Vietnamese catalogue are installed too; `man baocao` finds the
# page (man-db, or mandoc's man where man-db is missing) with MANPATH
# pointing into the DESTDIR, and man-db's own configuration searches
# /usr/local/share/man (so a real install to /usr/local needs nothing);
# the installed binary speaks Vietnamese under LC_ALL=vi_VN.UTF-8 from
# its own catalogue (../share/locale beside it) and English otherwise;
# the build tree, the installed binary and a copy moved elsewhere write
# the same PDF bytes; `make uninstall` removes every file it installed.
# Closing line "N passed, M failed".
set -u
cd "$(dirname "$0")/.."
T=${TMPDIR_TESTS:-tests/tmp}/install
rm -rf "$T"
mkdir -p "$T"
T=$(cd "$T" && pwd)
pass=0
fail=0
expect() { if eval "$1"; then pass=$((pass + 1)); echo "ok: $2"; else fail=$((fail + 1)); echo "FAIL: $2"; fi; }

make -s install DESTDIR="$T/root" PREFIX=/opt/bc > "$T/make.log" 2>&1
rc=$?
expect '[ $rc -eq 0 ]' "make install DESTDIR=... PREFIX=/opt/bc succeeds"
R=$T/root/opt/bc
expect '[ -x $R/bin/baocao ]' "binary installed under DESTDIR/PREFIX/bin"
expect '[ -f $R/share/man/man1/baocao.1 ] && [ -f $R/share/man/man5/baocao-report.5 ]' \
	"baocao(1) and baocao-report(5) installed"
out=$(mandoc -Tlint "$R/share/man/man1/baocao.1" "$R/share/man/man5/baocao-report.5" 2>&1)
expect '[ -z "$out" ]' "mandoc -Tlint finds nothing in the man pages"
v=$("$R/bin/baocao" --version)
expect '[ $? -eq 0 ] && echo "$v" | head -n 1 | grep -qE "^baocao [0-9]+\.[0-9]+\.[0-9]+$"' \
	"--version prints 'baocao X.Y.Z' first and exits 0"
h=$("$R/bin/baocao" --help)
expect '[ $? -eq 0 ] && echo "$h" | grep -q "^Usage: baocao build" && echo "$h" | grep -q -- "--out-dir"' \
	"--help prints usage on stdout and exits 0"
"$R/bin/baocao" --no-such-option > /dev/null 2> "$T/err"
rc=$?
expect '[ $rc -eq 2 ] && grep -q "Try .baocao --help." $T/err' \
	"an unknown option exits 2 with a 'Try baocao --help' hint"
for sec in NAME SYNOPSIS DESCRIPTION OPTIONS EXAMPLES; do
	expect 'grep -q "^\.Sh $sec" docs/baocao.1' "baocao(1) has $sec"
done
for sec in NAME DESCRIPTION EXAMPLES; do	# file formats have no SYNOPSIS
	expect 'grep -q "^\.Sh $sec" docs/baocao-report.5' "baocao-report(5) has $sec"
done
expect 'grep -q "^\.Sh EXIT STATUS" docs/baocao.1 && grep -q "^\.Sh DIAGNOSTICS" docs/baocao.1' \
	"baocao(1) documents exit status and diagnostics"
expect 'grep -q "crontab\|^[0-9].*\* \* \*" docs/baocao.1 && grep -q "\* \* \*" README.md' \
	"a crontab example in baocao(1) and the README"

# --- issue 18 point 5: schema, catalogue, man, language, same bytes ---
S=$R/share/baocao/baocao-report.schema.json
expect 'cmp -s "$S" docs/baocao-report.schema.json' \
	"the JSON Schema installed as PREFIX/share/baocao/baocao-report.schema.json"
MO=$R/share/locale/vi/LC_MESSAGES/baocao.mo
expect 'cmp -s "$MO" build/locale/vi/LC_MESSAGES/baocao.mo' \
	"the Vietnamese catalogue installed as PREFIX/share/locale/vi/LC_MESSAGES/baocao.mo"

# man: man-db's man (Debian's usual), else mandoc's (Debian calls it mman)
man_page() {	# MANDIR SECTION NAME: the page, formatted, on stdout
	if man --version 2>/dev/null | grep -q '^man '; then
		MANPATH=$1 MANPAGER=cat MANWIDTH=80 man "$2" "$3" 2>/dev/null
	elif command -v mman > /dev/null; then
		mman -M "$1" "$2" "$3" 2>/dev/null | cat
	else
		mandoc -Tascii "$1/man$2/$3.$2"	# no man at all: format it
	fi
}
expect 'man_page "$R/share/man" 1 baocao | grep -q "baocao build"' \
	"MANPATH=PREFIX/share/man man baocao shows the installed page"
expect 'man_page "$R/share/man" 5 baocao-report | grep -q "extends"' \
	"MANPATH=PREFIX/share/man man 5 baocao-report shows the installed page"
if man --version 2>/dev/null | grep -q '^man '; then
	expect 'man -l "$R/share/man/man1/baocao.1" 2>/dev/null | grep -q "baocao build"' \
		"man -l reads the installed baocao.1"
	expect 'grep -Eq "^(MANDATORY_MANPATH|MANPATH_MAP)[[:space:]].*/usr/local/share/man\$" /etc/manpath.config' \
		"man-db searches /usr/local/share/man: man baocao works after make install"
fi
make -s install DESTDIR="$T/root2" > "$T/make2.log" 2>&1
expect '[ $? -eq 0 ] && man_page "$T/root2/usr/local/share/man" 1 baocao | grep -q "baocao build"' \
	"make install with the default PREFIX (/usr/local): man baocao finds it"
make -s uninstall DESTDIR="$T/root2" > /dev/null 2>&1

# the language: a report with a mistake, checked in each locale
printf 'title: T\nbody:\n  - heading: {text: H, level: 9}\n' > "$T/bad.yaml"
say() { env -u LANGUAGE -u LC_MESSAGES -u LANG -u LC_ALL "$@" \
	check "$T/bad.yaml" 2>&1; }
expect 'say LC_ALL=vi_VN.UTF-8 "$R/bin/baocao" | grep -q ": lỗi: body\[0\]"' \
	"the installed binary speaks Vietnamese with LC_ALL=vi_VN.UTF-8 (lỗi:)"
expect 'say LANG=vi_VN.UTF-8 "$R/bin/baocao" | grep -q ": lỗi: "' \
	"... and with LANG=vi_VN.UTF-8"
expect 'say LC_ALL=C.UTF-8 "$R/bin/baocao" | grep -q ": error: body\[0\]"' \
	"the installed binary speaks English with LC_ALL=C.UTF-8"
expect 'say "$R/bin/baocao" | grep -q ": error: "' \
	"the installed binary speaks English with no locale set"
# its own catalogue: without it (and none in the LOCALEDIR built in) it
# falls back to English
if [ -e /usr/local/share/locale/vi/LC_MESSAGES/baocao.mo ]; then
	pass=$((pass + 1)); echo "ok: (skipped: a baocao.mo is installed in /usr/local)"
else
	mv "$MO" "$T/mo.aside"
	expect 'say LC_ALL=vi_VN.UTF-8 "$R/bin/baocao" | grep -q ": error: "' \
		"... from its own catalogue: without PREFIX/share/locale it is English"
	mv "$T/mo.aside" "$MO"
fi

# the same PDF bytes from the build tree, the installed binary and a
# copy of it moved elsewhere (no build-time cache changes the output)
mkdir -p "$T/elsewhere"
cp "$R/bin/baocao" "$T/elsewhere/baocao"
for b in build/baocao "$R/bin/baocao" "$T/elsewhere/baocao"; do
	n=$((${n:-0} + 1))
	SOURCE_DATE_EPOCH=1700000000 LC_ALL=C.UTF-8 "$b" build -q -f \
	    -o "$T/pdf$n" reports/lang-son-ubnd-80-nam.yaml > /dev/null 2>&1
done
p=lang-son-ubnd-80-nam.pdf
expect '[ -s $T/pdf1/$p ] && cmp -s $T/pdf1/$p $T/pdf2/$p && cmp -s $T/pdf1/$p $T/pdf3/$p' \
	"build tree, installed binary and a moved copy write the same PDF bytes"

make -s uninstall DESTDIR="$T/root" PREFIX=/opt/bc > "$T/un.log" 2>&1
rc=$?
left=$(find "$T/root" "$T/root2" -type f 2>/dev/null)
expect '[ $rc -eq 0 ] && [ -z "$left" ]' \
	"make uninstall removes every installed file${left:+ (left: $left)}"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
