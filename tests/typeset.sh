#!/usr/bin/env bash
# tests/typeset.sh BIN - the typesetting rules of spec §4 (issue #3) on
# rendered PDFs: break rules, no overfull line, widows/orphans, headings,
# images and the signature kept together, page_break, glyph coverage and
# fallback fonts, NFD input. Prints ok:/FAIL: lines and "N passed, M
# failed"; exits 1 on failure. Inputs: tests/typeset/ (see gen.py there).
set -u
BIN=${1:-build/baocao}
T=${TMPDIR_TYPESET:-tests/tmp-typeset}
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1735689600} PYTHONDONTWRITEBYTECODE=1
exec python3 tests/typeset.py "$BIN" "$T"
