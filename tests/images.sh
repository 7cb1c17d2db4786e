#!/usr/bin/env bash
# tests/images.sh BIN - images as users bring them (spec §2a "Images",
# §5; src/image.c): EXIF orientation, a 12-megapixel phone photo reduced
# to 300 dpi, CMYK and progressive JPEGs, PNGs with alpha, the resolution
# warnings, damaged image data; checked on the PDFs (pikepdf, pdfimages,
# pdftoppm). The test images are made by tests/images.py with PIL
# (python3-pil). Prints ok:/FAIL: lines and "N passed, M failed"; exits 1
# on failure.
set -u
BIN=${1:-build/baocao}
T=${TMPDIR_IMAGES:-tests/tmp-images}
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1735689600} PYTHONDONTWRITEBYTECODE=1
exec /usr/bin/python3 tests/images.py "$BIN" "$T"
