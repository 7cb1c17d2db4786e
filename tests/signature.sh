#!/usr/bin/env bash
# tests/signature.sh BIN - signature images (spec §2 "(v2) Additions",
# Signature images; issue 16 points 6 and 8) on rendered PDFs: the
# signature between the title's and the name's lines, scaled to the gap,
# its aspect kept; the seal at its real size (seal_size mm), centred
# vertically on the signature and over its left third, drawn after it;
# soft masks kept (8- and 16-bit RGBA, palette with tRNS), PDF/A-2u
# (tests/pdfa.py) and qpdf --check; paths from the YAML that names them
# (extends); the block kept on one page with the text's last lines; a
# failing report alone in its batch; the pictures in the up-to-date
# stamp. The diagnostics of bad inputs are tests/mistakes/signature-*.
# Prints ok:/FAIL: lines and "N passed, M failed"; exits 1 on failure.
set -u
BIN=${1:-build/baocao}
T=${TMPDIR_SIGNATURE:-tests/tmp-signature}
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1735689600} PYTHONDONTWRITEBYTECODE=1
cd "$(dirname "$0")/.." || exit 2
exec /usr/bin/python3 tests/signature.py "$BIN" "$T"
