#!/usr/bin/env bash
# tests/header.sh BIN - the header and title block, headings and tables of
# spec §3 (v2 items, issue 15) on rendered PDFs: the header's and the
# subtitle's rules clear of the marks below the text above them, the
# subtitle's rule (1/3 to 1/2 of its longest line, centred), balanced
# subtitle lines, heading levels, cell padding and line spacing, bold
# totals rows. Prints ok:/FAIL: lines and "N passed, M failed"; exits 1
# on failure. Inputs: reports/*.yaml and tests/header/.
set -u
BIN=${1:-build/baocao}
T=${TMPDIR_HEADER:-tests/tmp-header}
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1735689600} PYTHONDONTWRITEBYTECODE=1
exec /usr/bin/python3 tests/header.py "$BIN" "$T"
