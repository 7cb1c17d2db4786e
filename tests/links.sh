#!/usr/bin/env bash
# tests/links.sh BIN - web and e-mail addresses in the text are clickable
# link annotations (spec §5 "Print"; src/link.c, baocao-report(5)
# "Links"), checked on the PDFs with pikepdf and pdftotext -bbox-layout
# (tests/links.py). Prints ok:/FAIL: lines and "N passed, M failed";
# exits 1 on failure.
set -u
BIN=${1:-build/baocao}
T=${TMPDIR_LINKS:-tests/tmp-links}
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1735689600} PYTHONDONTWRITEBYTECODE=1
exec /usr/bin/python3 tests/links.py "$BIN" "$T"
