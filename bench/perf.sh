#!/usr/bin/env bash
# bench/perf.sh [BIN] - the speed benchmark of baocao (make bench-perf).
#
# Generates a corpus from the sample reports (bench/gen_corpus.py, kept in
# $BENCH_DIR and regenerated when reports/ or the batch size change), then
# prints, from medians of repeated whole-process runs (bench/run.py):
#   1. one 10-page report: wall and CPU ms, peak RSS;
#   2. a batch of $BENCH_N 10-page reports at -j1 and -j2: reports/s;
#   3. reports of 1, 10, 100 and 1,000 pages: how cost grows with pages;
#   4. where the instructions of one 10-page report go (callgrind,
#      inclusive costs of the stages and of the libharu calls).
# The numbers recorded for this machine are in bench/RESULTS.md; the
# medians of part 1 also go to $BENCH_DIR/latest.txt in the format of
# bench/baseline.txt (which bench/smoke.sh compares against).
#
# Environment: BENCH_N (batch size, default 1000), BENCH_RUNS (runs of
# the single report, default 21), BENCH_DIR (default build/bench),
# BENCH_CALLGRIND=0 to skip part 4.
set -eu
cd "$(dirname "$0")/.."
BIN=${1:-build/baocao}
N=${BENCH_N:-1000}
RUNS=${BENCH_RUNS:-21}
DIR=${BENCH_DIR:-build/bench}
PY=${PYTHON:-python3}
RUN="$PY bench/run.py"
export SOURCE_DATE_EPOCH=1735689600
[ -x "${BENCH_BUILD:-build}/bench-once" ] || make -s "${BENCH_BUILD:-build}/bench-once"

[ -x "$BIN" ] || { echo "perf.sh: no $BIN (run make all)" >&2; exit 2; }
mkdir -p "$DIR"
stamp="$N $(cat reports/*.yaml bench/gen_corpus.py | cksum)"
if [ ! -f "$DIR/corpus/stamp" ] || [ "$(cat "$DIR/corpus/stamp")" != "$stamp" ]; then
	rm -rf "$DIR/corpus"
	echo "# generating the corpus ($N batch reports) in $DIR/corpus"
	"$PY" bench/gen_corpus.py "$BIN" "$DIR/corpus" "$N"
	echo "$stamp" > "$DIR/corpus/stamp"
fi
C=$DIR/corpus
O=$DIR/out
rm -rf "$O" && mkdir -p "$O"

echo "# machine"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores online"
echo "memory: $(free -m | awk '/^Mem:/ { print $2 }') MiB; kernel $(uname -r)"
echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"

echo
echo "# 1. one 10-page report, whole process: $BIN build -f -j1 -q -o DIR p10.yaml"
one=$($RUN "$RUNS" 2 -- "$BIN" build -f -j1 -q -o "$O/one" "$C/pages/p10.yaml")
echo "$one"
size=$(wc -c < "$O/one/p10.pdf")
echo "PDF: $size bytes, $(pdfinfo "$O/one/p10.pdf" | awk '/^Pages:/ { print $2 }') pages"
echo "the sample report reports/lai-chau-ubnd.yaml (what bench/smoke.sh measures):"
smp=$($RUN "$RUNS" 2 -- "$BIN" build -f -j1 -q -o "$O/sample" reports/lai-chau-ubnd.yaml)
echo "$smp"
{
	echo "# medians of bench/perf.sh part 1 (bench/baseline.txt: the recorded ones)"
	echo "sample_wall_ms $(echo "$smp" | awk '{ print $4 }')"
	echo "sample_cpu_ms $(echo "$smp" | awk '{ print $10 }')"
	echo "sample_rss_kib $(echo "$smp" | awk '{ print $NF }')"
	echo "sample_pdf_bytes $(wc -c < "$O/sample/lai-chau-ubnd.pdf")"
	echo "p10_wall_ms $(echo "$one" | awk '{ print $4 }')"
	echo "p10_cpu_ms $(echo "$one" | awk '{ print $10 }')"
	echo "p10_rss_kib $(echo "$one" | awk '{ print $NF }')"
	echo "p10_pdf_bytes $size"
} > "$DIR/latest.txt"

echo
echo "# 2. batch of $N 10-page reports (median of 3 runs)"
for j in 1 2; do
	r=$($RUN 3 0 -- "$BIN" build -f -q -j$j -o "$O/batch$j" "$C/batch")
	wall=$(echo "$r" | awk '{ print $4 }')
	echo "-j$j: $r => $(awk -v n="$N" -v w="$wall" 'BEGIN { printf "%.1f", n * 1000 / w }') reports/s"
done

echo
echo "# 3. cost against pages (whole process, -j1)"
for p in 1 10 100 1000; do
	case $p in 1|10) n=11 ;; 100) n=5 ;; *) n=3 ;; esac
	r=$($RUN $n 1 -- "$BIN" build -f -j1 -q -o "$O/p" "$C/pages/p$p.yaml")
	printf '%5d pages: %s, PDF %d KiB\n' "$p" "$r" \
	    $(( $(wc -c < "$O/p/p$p.pdf") / 1024 ))
done

[ "${BENCH_CALLGRIND:-1}" = 0 ] && exit 0
echo
echo "# 4. where one 10-page report goes (callgrind, instructions)"
cg=$DIR/callgrind
rm -rf "$cg" && mkdir -p "$cg"
valgrind -q --tool=callgrind --trace-children=yes \
    --callgrind-out-file="$cg/cg.%p" \
    "$BIN" build -f -j1 -q -o "$O/cg" "$C/pages/p10.yaml"
"$PY" bench/breakdown.py "$cg"/cg.*
