#!/usr/bin/env bash
# bench/peers.sh [--baocao-only] [BIN] - baocao and Typst 0.14 side by side
# on the same reports (make bench-peers; issue 20).
#
# The peer kit (../shared/peers, see its README.md) gives the same Vietnamese
# report as baocao YAML (make_peer_yaml.py) and as Typst 0.14 input (gen.py).
# Its Typst driver needs npm packages: the kit is copied to build/peers and
# npm-installed there once. npm and node are for this benchmark only: where
# they (or the kit) are missing, this prints why and "skipped", and exits 0.
#
# Each round times, whole process (bench/run.py, one run each):
#   baocao  BIN build -q -f -j2 over the N YAML files;
#   Typst   xargs -P2 -n(N/2) node drivers/typst14.js: two Node processes of
#           half the reports each, Typst's cross-document cache kept (its
#           best batch on 2 cores);
# in turns (odd rounds baocao first, even rounds Typst first, so both see
# the same load), after one unmeasured run of each. Then medians, reports/s,
# the ratio, and CPU ms a report (user + system of the whole process tree,
# less sensitive to the shared machine's load than wall time); then Typst
# with --no-reuse (cache evicted after each report) for reference.
#
# --baocao-only: time baocao alone (no npm, no node; tests/peers.sh).
# Environment: ROUNDS (default 5), NOREUSE_ROUNDS (default 3), PEERS_N
# (reports, default 100), PEERS_KIT (default ../shared/peers), PEERS_DIR
# (default build/peers), PYTHON (default /usr/bin/python3).
set -eu -o pipefail
cd "$(dirname "$0")/.."
usage() { echo "usage: bench/peers.sh [--baocao-only] [BIN]" >&2; exit 2; }
only=0
case ${1-} in --baocao-only) only=1; shift ;; -*) usage ;; esac
[ $# -le 1 ] || usage
BIN=${1:-build/baocao}
ROUNDS=${ROUNDS:-5}
NOREUSE=${NOREUSE_ROUNDS:-3}
N=${PEERS_N:-100}
KIT=${PEERS_KIT:-../shared/peers}
DIR=${PEERS_DIR:-build/peers}
PY=${PYTHON:-/usr/bin/python3}
for v in "$ROUNDS" "$NOREUSE" "$N"; do
	case $v in '' | *[!0-9]*) echo "peers.sh: ROUNDS, NOREUSE_ROUNDS and PEERS_N are counts" >&2; exit 2 ;; esac
done
[ "$N" -ge 2 ] || { echo "peers.sh: PEERS_N must be at least 2" >&2; exit 2; }
[ -x "$BIN" ] || { echo "peers.sh: no $BIN (run make all)" >&2; exit 2; }
skipped() { echo "peers.sh: $1"; echo "peers.sh: Typst comparison skipped"; exit 0; }
[ -f "$KIT/make_peer_yaml.py" ] || skipped "no peer kit at $KIT (PEERS_KIT)"
if [ $only = 0 ]; then
	command -v node > /dev/null || skipped "node is not installed (needed for Typst 0.14 only)"
	command -v npm > /dev/null || skipped "npm is not installed (needed for Typst 0.14 only)"
fi
[ -x "${BENCH_BUILD:-build}/bench-once" ] || make -s "${BENCH_BUILD:-build}/bench-once"
export SOURCE_DATE_EPOCH=1735689600

# The kit once into $DIR, with its npm packages (node_modules is the mark).
if [ $only = 0 ] && [ ! -d "$DIR/node_modules/@myriaddreamin/typst-ts-node-compiler" ]; then
	echo "# setting up the peer kit in $DIR (npm install)"
	rm -rf "$DIR" && mkdir -p "$(dirname "$DIR")" && cp -r "$KIT" "$DIR"
	(cd "$DIR" && npm install --no-audit --no-fund --loglevel=error) ||
		skipped "npm install failed in $DIR (no network?)"
fi
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
IN=$DIR/in OUT=$DIR/out
rm -rf "$IN" "$OUT" && mkdir -p "$IN" "$OUT"
"$PY" "$KIT/make_peer_yaml.py" --count "$N" "$IN/yaml"
[ $only = 1 ] || "$PY" "$KIT/gen.py" --out "$IN" --count "$N" --targets typst014 > /dev/null

# One timed run: "WALL_MS CPU_MS" (bench/run.py).
timed() { "$PY" bench/run.py 1 0 -- "$@" | awk '{ print $4, $10 }'; }
baocao() { timed "$BIN" build -q -f -j2 -o "$OUT/baocao" "$IN/yaml"; }
half=$(((N + 1) / 2))
typst() { timed xargs -a "$IN/list-typst014.txt" -P2 -n$half node "$DIR/drivers/typst14.js" "$@"; }
median() { sort -n | awk '{ a[NR] = $1 } END { print NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
# summary NAME FILE: medians of the "WALL_MS CPU_MS" lines of FILE.
summary() {
	local w c
	w=$(awk '{ print $1 }' "$2" | median)
	c=$(awk '{ print $2 }' "$2" | median)
	awk -v n="$1" -v w="$w" -v c="$c" -v r="$N" 'BEGIN {
		printf "%-18s median wall %7.1f ms  %6.1f reports/s  cpu %5.2f ms/report\n", n, w, r * 1000 / w, c / r }'
}

echo "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -m | awk '/^Mem:/ { print $2 }') MiB"
echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# $N reports; $ROUNDS rounds; baocao: $BIN build -q -f -j2"
[ $only = 1 ] || echo "# Typst 0.14: xargs -P2 -n$half node drivers/typst14.js OUT (cache kept)"
baocao > /dev/null	# warm-up, unmeasured: page cache, fontconfig cache
n=$(find "$OUT/baocao" -name '*.pdf' | wc -l)
[ "$n" -eq "$N" ] || { echo "peers.sh: baocao wrote $n PDFs, not $N" >&2; exit 1; }
echo "baocao wrote $n PDFs"
if [ $only = 0 ]; then
	typst "$OUT/typst" > /dev/null
	n=$(find "$OUT/typst" -name '*.pdf' | wc -l)
	[ "$n" -eq "$N" ] || { echo "peers.sh: Typst wrote $n PDFs, not $N" >&2; exit 1; }
	echo "Typst wrote $n PDFs"
fi
: > "$OUT/baocao.txt" && : > "$OUT/typst.txt"
for r in $(seq "$ROUNDS"); do
	order="baocao typst"
	[ $((r % 2)) = 1 ] || order="typst baocao"
	[ $only = 0 ] || order=baocao
	for who in $order; do
		if [ $who = baocao ]; then t=$(baocao); else t=$(typst "$OUT/typst"); fi
		echo "$t" >> "$OUT/$who.txt"
		echo "round $r $who: wall ${t% *} ms, cpu ${t#* } ms"
	done
done
echo
summary "baocao -j2" "$OUT/baocao.txt"
if [ $only = 0 ]; then
	summary "Typst 0.14 (2x$half)" "$OUT/typst.txt"
	b=$(awk '{ print $1 }' "$OUT/baocao.txt" | median)
	t=$(awk '{ print $1 }' "$OUT/typst.txt" | median)
	bc=$(awk '{ print $2 }' "$OUT/baocao.txt" | median)
	tc=$(awk '{ print $2 }' "$OUT/typst.txt" | median)
	awk -v b="$b" -v t="$t" -v bc="$bc" -v tc="$tc" 'BEGIN {
		printf "ratio baocao/Typst: %.2fx the reports/s (wall), %.2fx less CPU a report\n", t / b, tc / bc }'
	echo
	echo "# reference: Typst 0.14 with --no-reuse (cache evicted after each report), $NOREUSE rounds"
	: > "$OUT/noreuse.txt"
	for r in $(seq "$NOREUSE"); do
		t=$(typst --no-reuse "$OUT/typst-noreuse")
		echo "$t" >> "$OUT/noreuse.txt"
		echo "round $r Typst --no-reuse: wall ${t% *} ms, cpu ${t#* } ms"
	done
	[ "$NOREUSE" = 0 ] || summary "Typst --no-reuse" "$OUT/noreuse.txt"
fi
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
