#!/usr/bin/env bash
# tests/csv.sh BIN - rows, units and items read from CSV files as Excel
# saves them (spec §2 v2 "Data from spreadsheets"; src/csv.c,
# baocao-report(5) "Data from spreadsheets"), every cell read back from
# the PDFs (tests/csv.py; inputs in tests/csv/, the CSV defects with
# their golden diagnostics in tests/mistakes/csv-*). Prints ok:/FAIL:
# lines and "N passed, M failed"; exits 1 on failure.
set -u
BIN=${1:-build/baocao}
T=${TMPDIR_CSV:-tests/tmp-csv}
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1735689600} PYTHONDONTWRITEBYTECODE=1
exec /usr/bin/python3 tests/csv.py "$BIN" "$T"
