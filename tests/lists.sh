#!/usr/bin/env bash
# tests/lists.sh BIN - lists (dash, number, alpha, one nested level),
# caption numbers with "(tiếp theo)" on continued tables, and the Kính
# gửi line (spec §2 v2, issue 16 points 1, 5, 6) on rendered PDFs: the
# markers' reading order and alignment, the Vietnamese alpha sequence,
# captions numbered in document order, the Kính gửi centring and the
# alignment of several recipients. Prints ok:/FAIL: lines and "N passed,
# M failed"; exits 1 on failure. Inputs: tests/structures/.
set -u
BIN=${1:-build/baocao}
T=${TMPDIR_LISTS:-tests/tmp-lists}
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1735689600} PYTHONDONTWRITEBYTECODE=1
exec /usr/bin/python3 tests/lists.py "$BIN" "$T"
