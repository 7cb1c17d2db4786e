#!/usr/bin/env bash
# tests/chart.sh BIN - the staffing-history chart (spec §2a (v2); src/chart.c,
# baocao-report(5) "The chart") read back from the PDFs: y axis from 0
# with round ticks and gridlines, bars from a common zero, a range's cap
# in the lighter grey, every period on the x axis ("—" without a figure),
# labels that never overlap at 3, 8 and 15 periods, chart and caption on
# one page (tests/chart.py; generated inputs, the samples and
# tests/tables/chart.yaml). Prints ok:/FAIL: lines and "N passed, M
# failed"; exits 1 on failure.
set -u
BIN=${1:-build/baocao}
T=${TMPDIR_CHART:-tests/tmp-chart}
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1735689600} PYTHONDONTWRITEBYTECODE=1
exec /usr/bin/python3 tests/chart.py "$BIN" "$T"
