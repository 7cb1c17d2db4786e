#!/usr/bin/env bash
# tools/snapshot.sh BIN DIR [EXTRA_FOLDER]... - everything baocao makes of
# the repository's inputs, written under DIR so that a refactoring can be
# checked byte for byte against the binary before it:
#
#   tools/snapshot.sh /tmp/before/baocao /tmp/snap-a bench-corpus/pages
#   tools/snapshot.sh build/baocao       /tmp/snap-b bench-corpus/pages
#   diff -r /tmp/snap-a /tmp/snap-b && echo identical
#
# For every folder of inputs (reports/, tests/good, tests/typeset,
# tests/tables, tests/bad and the EXTRA_FOLDERs, e.g. the benchmark
# corpus of bench/gen_corpus.py and bench/gen-long.py):
#   pdf/F/...        the PDFs of `BIN build -f -j1` (SOURCE_DATE_EPOCH fixed)
#   F.build.out/.err what that build printed (timings masked)
#   dump/F/N.dump    `BIN build --dump N.yaml`, and N.err its stderr
#   dump/F/N.ff.dump the same with --first-fit (N.ff.err)
#   F.fonts          `BIN fonts F`
# The up-to-date records (.baocao-state) are left out: they name inodes.
set -u
BIN=$1
DIR=$2
shift 2
export SOURCE_DATE_EPOCH=1735689600
rm -rf "$DIR"
mkdir -p "$DIR"
for src in reports tests/good tests/typeset tests/tables tests/bad "$@"; do
	[ -d "$src" ] || { echo "snapshot: no folder $src" >&2; exit 2; }
	key=$(echo "${src#/}" | tr / _)
	mkdir -p "$DIR/pdf/$key" "$DIR/dump/$key"
	"$BIN" build -f -q -j 1 --progress never -o "$DIR/pdf/$key" "$src" \
	    > "$DIR/$key.build.out" 2> "$DIR/$key.build.err"
	echo "exit $?" >> "$DIR/$key.build.out"
	rm -rf "$DIR/pdf/$key/.baocao-state"
	"$BIN" fonts "$src" > "$DIR/$key.fonts" 2>&1
	for y in "$src"/*.yaml; do
		n=$(basename "$y" .yaml)
		"$BIN" build --dump "$y" > "$DIR/dump/$key/$n.dump" \
		    2> "$DIR/dump/$key/$n.err"
		echo "exit $?" >> "$DIR/dump/$key/$n.err"
		"$BIN" build --first-fit --dump "$y" \
		    > "$DIR/dump/$key/$n.ff.dump" 2> "$DIR/dump/$key/$n.ff.err"
	done
done
# Timings vary from run to run; nothing else may.
# Timings vary from run to run, and DIR is named in messages; nothing
# else may differ.
sed -i -E -e 's/, [0-9]+ ms\)/, N ms)/' -e "s|$DIR/|SNAPSHOT/|g" \
    "$DIR"/*.build.out "$DIR"/*.build.err
echo "snapshot: $(find "$DIR" -type f | wc -l) files in $DIR"
