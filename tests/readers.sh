#!/usr/bin/env bash
# tests/readers.sh BIN - text survives every reader (spec §5 v2): the
# sample reports and the PDFs of tests/typeset, tests/tables and
# tests/good read back with poppler, Ghostscript and MuPDF give the same
# NFC words, MuPDF in the same order, list dashes and the document
# number where a reader meets them first (tests/readers.py). Prints
# ok:/FAIL: lines and "N passed, M failed"; exits 1 on failure.
set -u
BIN=${1:-build/baocao}
T=${TMPDIR_READERS:-tests/tmp-readers}
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1735689600} PYTHONDONTWRITEBYTECODE=1
rm -rf "$T" && mkdir -p "$T"
exec python3 tests/readers.py "$BIN" "$T"
