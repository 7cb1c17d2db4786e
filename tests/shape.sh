#!/usr/bin/env bash
# tests/shape.sh BIN - kerning measured by layout and drawn in the PDF
# (HarfBuzz shaping, issue 15.1): tests/shape.py says what is checked.
# Prints ok:/FAIL: lines and "N passed, M failed"; exits 1 on failure.
set -u
BIN=${1:-build/baocao}
T=${TMPDIR_SHAPE:-tests/tmp-shape}
rm -rf "$T" && mkdir -p "$T"
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1735689600} PYTHONDONTWRITEBYTECODE=1
exec /usr/bin/python3 tests/shape.py "$BIN" "$T"
