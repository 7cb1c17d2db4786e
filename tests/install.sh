#!/usr/bin/env bash
# tests/install.sh - baocao as a Unix citizen: `make install` honours
# PREFIX and DESTDIR, the installed binary runs, both man pages are
# installed and `mandoc -Tlint` finds nothing in them, and --help /
# --version follow GNU conventions. Closing line "N passed, M failed".
set -u
cd "$(dirname "$0")/.."
T=${TMPDIR_TESTS:-tests/tmp}/install
rm -rf "$T"
mkdir -p "$T"
pass=0
fail=0
expect() { if eval "$1"; then pass=$((pass + 1)); echo "ok: $2"; else fail=$((fail + 1)); echo "FAIL: $2"; fi; }

make -s install DESTDIR="$PWD/$T/root" PREFIX=/opt/bc > "$T/make.log" 2>&1
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
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
