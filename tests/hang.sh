#!/usr/bin/env bash
# tests/hang.sh BIN - hanging punctuation and font expansion (issue 15.3,
# spec §4) on the samples and a long text, glyph by glyph with MuPDF:
# tests/hang.py says what is checked. Prints ok:/FAIL: lines and
# "N passed, M failed"; exits 1 on failure.
set -u
BIN=${1:-build/baocao}
T=${TMPDIR_HANG:-tests/tmp-hang}
rm -rf "$T" && mkdir -p "$T"
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1735689600} PYTHONDONTWRITEBYTECODE=1
exec /usr/bin/python3 tests/hang.py "$BIN" "$T"
