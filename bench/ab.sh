#!/usr/bin/env bash
# bench/ab.sh OLD_BIN NEW_BIN [ROUNDS] - before/after on a shared machine:
# the two binaries take turns (ROUNDS rounds, default 5) on the 10-page
# report and the batch of the corpus made by bench/perf.sh, so that both
# see the same load; prints each round's medians (bench/run.py) and the
# instructions of one 10-page report under callgrind (exact).
set -eu
cd "$(dirname "$0")/.."
OLD=$1 NEW=$2 ROUNDS=${3:-5}
C=${BENCH_DIR:-build/bench}/corpus
O=${BENCH_DIR:-build/bench}/ab
export SOURCE_DATE_EPOCH=1735689600
[ -x "${BENCH_BUILD:-build}/bench-once" ] || make -s "${BENCH_BUILD:-build}/bench-once"
[ -d "$C/pages" ] || { echo "ab.sh: run bench/perf.sh first (corpus)" >&2; exit 2; }
rm -rf "$O" && mkdir -p "$O"
n=$(ls "$C/batch" | wc -l)
for r in $(seq "$ROUNDS"); do
	for b in "$OLD" "$NEW"; do
		echo "round $r $b p10: $(python3 bench/run.py 7 1 -- "$b" build -f -j1 -q -o "$O" "$C/pages/p10.yaml")"
	done
done
for b in "$OLD" "$NEW"; do
	for j in 1 2; do
		r=$(python3 bench/run.py 1 0 -- "$b" build -f -q -j$j -o "$O/b" "$C/batch")
		w=$(echo "$r" | awk '{ print $4 }')
		echo "$b batch of $n at -j$j: $r => $(awk -v n="$n" -v w="$w" 'BEGIN { printf "%.1f", n * 1000 / w }') reports/s"
	done
done
for b in "$OLD" "$NEW"; do
	rm -rf "$O/cg" && mkdir -p "$O/cg"
	valgrind -q --tool=callgrind --trace-children=yes \
	    --callgrind-out-file="$O/cg/cg.%p" "$b" build -f -j1 -q -o "$O" \
	    "$C/pages/p10.yaml"
	echo "$b p10 instructions: $(python3 bench/breakdown.py "$O"/cg/cg.* | awk '$1 == "whole" { print $3 }')"
done
