#!/usr/bin/env bash
# tests/footnotes.sh BIN - footnotes (spec §2 v2, issue 16 point 2) on
# rendered PDFs: each mark a raised digit right after its word and its
# note at the foot of the same page, under a short rule, below the last
# body line and above the bottom margin, 11 pt, after the body text in
# reading order; numbering through the report; a note longer than a page
# continuing on the next; notes in a list, a quote and a table cell; the
# limit of 1,000 footnotes. Prints ok:/FAIL: lines and "N passed, M
# failed"; exits 1 on failure. Inputs: tests/structures/footnote-*.yaml.
set -u
BIN=${1:-build/baocao}
T=${TMPDIR_FOOTNOTES:-tests/tmp-footnotes}
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1735689600} PYTHONDONTWRITEBYTECODE=1
exec /usr/bin/python3 tests/footnotes.py "$BIN" "$T"
