#!/usr/bin/env bash
# tests/tables.sh BIN - tables, staffing, charts, awards and the table of
# contents (issue #4) on rendered PDFs: number formatting, bold centred
# headers, a 120-row table over pages with its header repeated, captions
# kept with their table, staffing sums read back, the chart's bars in
# pixels, award order per spec §2, TOC page numbers. Prints ok:/FAIL:
# lines and "N passed, M failed"; exits 1 on failure. Inputs:
# tests/tables/ (see gen.py there).
set -u
BIN=${1:-build/baocao}
T=${TMPDIR_TABLES:-tests/tmp-tables}
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1735689600} PYTHONDONTWRITEBYTECODE=1
exec python3 tests/tables.py "$BIN" "$T"
