#!/usr/bin/env bash
# bench/identity.sh OLD_BIN NEW_BIN - the identity check of the speed work
# (issue 20: "output byte-identical to before the speed work"): both
# binaries build the same inputs, and every PDF and every diagnostic of
# NEW_BIN must equal OLD_BIN's byte for byte. Speed changes must not
# change a single byte; a change meant to alter the output is checked by
# the golden --dump files and the tests instead, not by this.
#
# Inputs, each folder built as one batch at -j1 and again at -j2 (a report
# built in the middle of a batch reuses the worker's memos and caches):
#   the corpus of bench/gen_corpus.py (reports of 1, 10, 100 and 1,000
#   pages, each alone, and 30 batch reports), 20 reports of the peer kit
#   (../shared/peers, where it is present), reports/, tests/good,
#   tests/structures, tests/tables, tests/typeset and tests/bad (their
#   diagnostics compared as well).
# The out dirs' .baocao-state (up-to-date stamps, which hold mtimes) is
# not compared. Prints one line per input set and "identical: N PDFs, M diagnostics" or
# the first differences; exits 1 when anything differs.
#
# The corpus is made with OLD_BIN (its page counts calibrated by it), so
# both binaries read the same files. Environment: IDENTITY_DIR (default
# build/identity), PEERS_KIT (default ../shared/peers), PYTHON (default
# /usr/bin/python3).
set -eu -o pipefail
cd "$(dirname "$0")/.."
[ $# = 2 ] || { echo "usage: bench/identity.sh OLD_BIN NEW_BIN" >&2; exit 2; }
OLD=$(realpath "$1") NEW=$(realpath "$2")
for b in "$OLD" "$NEW"; do
	[ -x "$b" ] || { echo "identity.sh: no binary $b" >&2; exit 2; }
done
D=${IDENTITY_DIR:-build/identity}
KIT=${PEERS_KIT:-../shared/peers}
PY=${PYTHON:-/usr/bin/python3}
export SOURCE_DATE_EPOCH=1735689600 LC_ALL=C.UTF-8
rm -rf "$D" && mkdir -p "$D/in"
"$PY" bench/gen_corpus.py "$OLD" "$D/in/corpus" 30 > /dev/null
if [ -f "$KIT/make_peer_yaml.py" ]; then
	"$PY" "$KIT/make_peer_yaml.py" --count 20 "$D/in/peers" > /dev/null
else
	echo "identity.sh: no peer kit at $KIT: peer reports left out"
fi

# build NAME BIN JOBS INPUT: NAME's PDFs into $D/NAME, its stderr (the
# out dir's name replaced, the only text that differs) into $D/NAME.err.
build() {
	local name=$1 bin=$2 jobs=$3 input=$4 rc=0
	mkdir -p "$D/$name"
	"$bin" build -f -q -j"$jobs" --progress never -o "$D/$name" "$input" \
	    2> "$D/$name.raw" || rc=$?
	# At -j2 the workers' diagnostics interleave by report: compared as
	# sorted lines there, in order at -j1.
	sed "s|$D/$name|OUT|g" "$D/$name.raw" |
	    if [ "$jobs" = 1 ]; then cat; else sort; fi > "$D/$name.err"
	echo "exit $rc" >> "$D/$name.err"
}

# add NAME PATH: one input set, a report or a folder of them.
sets=() inputs=()
add() { sets+=("$1"); inputs+=("$2"); }
for p in "$D"/in/corpus/pages/*.yaml; do
	add "pages-$(basename "$p" .yaml)" "$p"
done
add batch "$D/in/corpus/batch"
[ ! -d "$D/in/peers" ] || add peers "$D/in/peers"
for t in reports tests/good tests/structures tests/tables tests/typeset tests/bad; do
	[ ! -d "$t" ] || add "$(echo "$t" | tr / -)" "$t"
done

bad=0 pdfs=0 errs=0
for i in "${!sets[@]}"; do
	s=${sets[$i]}
	for j in 1 2; do
		build "old/$s-j$j" "$OLD" $j "${inputs[$i]}"
		build "new/$s-j$j" "$NEW" $j "${inputs[$i]}"
		n=$(find "$D/old/$s-j$j" -name '*.pdf' | wc -l)
		if ! diff -r -x .baocao-state "$D/old/$s-j$j" "$D/new/$s-j$j" > "$D/diff" ||
		    ! cmp -s "$D/old/$s-j$j.err" "$D/new/$s-j$j.err"; then
			echo "DIFFERS: $s at -j$j"
			head -5 "$D/diff"
			diff "$D/old/$s-j$j.err" "$D/new/$s-j$j.err" | head -5 || true
			bad=1
		else
			echo "same: $s at -j$j ($n PDFs)"
		fi
		pdfs=$((pdfs + n))
		errs=$((errs + $(grep -c ': error: \|: warning: ' "$D/old/$s-j$j.err" || true)))
	done
done
[ $bad = 0 ] || { echo "identity.sh: $NEW differs from $OLD"; exit 1; }
echo "identical: $pdfs PDFs, $errs diagnostics"
