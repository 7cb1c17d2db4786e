#!/usr/bin/env bash
# tests/pages.sh BIN - landscape pages and appendices (issue 16 points 3
# and 4; spec §2 "Landscape", "Appendices") on rendered PDFs: each page's
# size and rotation (pdfinfo -f N -l N), a table's header repeated on
# landscape pages, text inside the margins as the reader sees them, page
# numbers centred and restarting per appendix (none on its first page),
# "Phụ lục I"/"II", the title, the Kèm theo line built from the header
# (and left out without one), outline (pikepdf) and TOC entries, qpdf
# --check and TrimBox per page. Prints ok:/FAIL: lines and "N passed, M
# failed"; exits 1 on failure. Inputs: tests/structures/.
set -u
BIN=${1:-build/baocao}
T=${TMPDIR_PAGES:-tests/tmp-pages}
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1735689600} PYTHONDONTWRITEBYTECODE=1
rm -rf "$T" && mkdir -p "$T" || exit 2
exec /usr/bin/python3 tests/pages.py "$BIN" "$T"
