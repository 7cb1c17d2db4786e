#!/usr/bin/env bash
# bench/floor.sh [BIN] - how far one report is from the least work it needs
# (make bench-floor; issue 20, point 3).
#
# The floor of one report: process start (fork, exec and dynamic linking of
# bench/floor.c, a C program linked with zlib only, that exits at once),
# reading the report's YAML, deflating the contents of its PDF's streams
# (decompressed by pikepdf beforehand) each at the zlib level baocao used:
# PDF_ZLEVEL of src/hpdf_fix.c for the streams it deflates itself (contents,
# font programs: "/Filter /FlateDecode"), libharu's 6 for the others (images,
# ToUnicode, CIDToGIDMap: "/Filter [/FlateDecode]"), writing the PDF's bytes
# and fsyncing them. Each a median of RUNS runs, against the median wall
# time of BIN build -f -j1 -q on the same report (bench/run.py), for:
#   peer   the peer kit's reference report (make_peer_yaml.py, r000);
#   p10    the corpus's 10-page report (bench/gen_corpus.py, pages/p10).
# Environment: FLOOR_RUNS (default 21), FLOOR_DIR (default build/floor),
# PEERS_KIT (default ../shared/peers; without it, p10 only), PYTHON.
set -eu -o pipefail
cd "$(dirname "$0")/.."
BIN=${1:-build/baocao}
RUNS=${FLOOR_RUNS:-21}
DIR=${FLOOR_DIR:-build/floor}
KIT=${PEERS_KIT:-../shared/peers}
PY=${PYTHON:-/usr/bin/python3}
B=${BENCH_BUILD:-build}
[ -x "$BIN" ] || { echo "floor.sh: no $BIN (run make all)" >&2; exit 2; }
[ -x "$B/bench-once" ] && [ -x "$B/bench-floor" ] || make -s "$B/bench-once" "$B/bench-floor"
level=$(awk '$1 == "#define" && $2 == "PDF_ZLEVEL" { print $3 }' src/hpdf_fix.c)
export SOURCE_DATE_EPOCH=1735689600
rm -rf "$DIR" && mkdir -p "$DIR"

reports=""
if [ -f "$KIT/make_peer_yaml.py" ]; then
	"$PY" "$KIT/make_peer_yaml.py" --count 1 "$DIR/peer"
	reports="peer:$DIR/peer/r000.yaml"
else
	echo "floor.sh: no peer kit at $KIT: the peer report is left out"
fi
"$PY" bench/gen_corpus.py "$BIN" "$DIR/corpus" 5 > /dev/null
reports="$reports p10:$DIR/corpus/pages/p10.yaml"

median() { sort -n | awk '{ a[NR] = $1 } END { print NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
col() { awk -v k="$1" '{ for (i = 1; i < NF; i++) if ($i == k) print $(i + 1) }' "$2" | median; }
# wall MS and CPU MS (user + system, workers included): medians of RUNS.
wall() { "$PY" bench/run.py "$RUNS" 2 -- "$@" | awk '{ print $4, $10 }'; }

echo "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# medians of $RUNS runs; zlib level $level (libharu's streams 6); baocao: $BIN build -f -j1 -q"
start=$(wall "$B/bench-floor" --start | cut -d' ' -f1)
for r in $reports; do
	name=${r%%:*} yaml=${r#*:}
	out=$DIR/out-$name
	"$BIN" build -f -j1 -q -o "$out" "$yaml"
	pdf=$(ls "$out"/*.pdf)
	# The PDF's deflated streams, decompressed: what baocao deflates.
	"$PY" - "$pdf" "$DIR/$name.streams" "$DIR/$name.lens" "$level" <<-'EOF'
	import sys, pikepdf
	raw = n = 0
	with pikepdf.open(sys.argv[1]) as pdf, open(sys.argv[2], "wb") as s, open(sys.argv[3], "w") as l:
	    for o in pdf.objects:
	        f = o.get("/Filter") if isinstance(o, pikepdf.Stream) else None
	        level = sys.argv[4]
	        if isinstance(f, pikepdf.Array) and len(f) == 1:	# libharu's
	            f, level = f[0], 6
	        if f == pikepdf.Name.FlateDecode:
	            b = o.read_bytes()
	            s.write(b)
	            l.write("%d %s\n" % (len(b), level))
	            raw += len(o.read_raw_bytes())
	            n += 1
	print("%d streams, %d bytes deflated in the PDF" % (n, raw))
	EOF
	: > "$DIR/$name.txt"
	for i in $(seq 0 "$RUNS"); do	# run 0: warm-up
		"$B/bench-floor" "$yaml" "$DIR/$name.streams" "$DIR/$name.lens" "$pdf" "$DIR/$name.pdf" > "$DIR/run"
		[ "$i" = 0 ] || cat "$DIR/run" >> "$DIR/$name.txt"
	done
	base=$(wall "$BIN" build -f -j1 -q -o "$out" "$yaml")
	cpu=${base#* } base=${base% *}
	awk -v n="$name" -v y="$yaml" -v pages="$(pdfinfo "$pdf" | awk '/^Pages:/ { print $2 }')" \
	    -v size="$(wc -c < "$pdf")" -v s="$start" -v r="$(col read_ms "$DIR/$name.txt")" \
	    -v d="$(col deflate_ms "$DIR/$name.txt")" -v w="$(col write_ms "$DIR/$name.txt")" \
	    -v zin="$(col in "$DIR/$name.txt")" -v zout="$(col out "$DIR/$name.txt")" -v b="$base" -v c="$cpu" 'BEGIN {
		f = s + r + d + w
		printf "%s (%s, %d pages, PDF %d bytes; deflated %d -> %d bytes)\n", n, y, pages, size, zin, zout
		printf "  floor %6.2f ms = start %.2f + read YAML %.3f + deflate %.2f + write and fsync %.2f\n", f, s, r, d, w
		printf "  baocao %5.2f ms wall (CPU %.2f ms): %.1fx the floor, %.2f ms above it\n", b, c, b / f, b - f
	}'
done
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
