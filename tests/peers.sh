#!/usr/bin/env bash
# tests/peers.sh BIN - what bench/peers.sh (make bench-peers) does without
# npm, node or the network: it skips cleanly where node or npm is missing,
# refuses bad arguments, and its baocao half (--baocao-only) builds the
# peer kit's 100 variants. Prints "ok:"/"FAIL:" lines and a closing
# "N passed, M failed"; exits 1 if anything failed.
set -u
BIN=${1:-build/baocao}
T=${TMPDIR_PEERS:-tests/tmp-peers}
KIT=${PEERS_KIT:-../shared/peers}
rm -rf "$T"
mkdir -p "$T"
. tests/lib.sh

# A PATH with every program of /usr/bin but node, npm and npx.
mkdir -p "$T/bin"
ln -s /usr/bin/* "$T/bin/"
rm -f "$T"/bin/node "$T"/bin/nodejs "$T"/bin/npm "$T"/bin/npx "$T"/bin/corepack
# a stand-in kit, so that the check for node is reached wherever the
# clone is (the real kit is ../shared/peers, beside /work/main only)
mkdir -p "$T/fakekit" && : > "$T/fakekit/make_peer_yaml.py"
PATH="$T/bin" PEERS_DIR="$T/kit" PEERS_KIT="$T/fakekit" bench/peers.sh "$BIN" > "$T/nonode.out" 2>&1
rc=$?
expect '[ $rc -eq 0 ] && grep -q "node is not installed" $T/nonode.out && grep -q "skipped" $T/nonode.out' \
	"without node: a clear message, \"skipped\", exit 0 (got $rc)"
expect '[ ! -e $T/kit ]' "without node: nothing set up"
PEERS_KIT="$T/none" bench/peers.sh "$BIN" > "$T/nokit.out" 2>&1
rc=$?
expect '[ $rc -eq 0 ] && grep -q "no peer kit at $T/none" $T/nokit.out && grep -q skipped $T/nokit.out' \
	"without the peer kit: skipped, exit 0 (got $rc)"

bench/peers.sh --bogus > "$T/arg.out" 2>&1
rc=$?
expect '[ $rc -eq 2 ] && grep -q "^usage: bench/peers.sh" $T/arg.out' "an unknown option: usage, exit 2 (got $rc)"
bench/peers.sh "$BIN" extra > "$T/arg.out" 2>&1
rc=$?
expect '[ $rc -eq 2 ] && grep -q "^usage:" $T/arg.out' "two binaries: usage, exit 2 (got $rc)"
bench/peers.sh "$T/no-such-baocao" > "$T/arg.out" 2>&1
rc=$?
expect '[ $rc -eq 2 ] && grep -q "no $T/no-such-baocao" $T/arg.out' "a missing binary: exit 2 (got $rc)"
ROUNDS=x bench/peers.sh --baocao-only "$BIN" > "$T/arg.out" 2>&1
rc=$?
expect '[ $rc -eq 2 ] && grep -q "are counts" $T/arg.out' "ROUNDS=x: exit 2 (got $rc)"

if [ ! -f "$KIT/make_peer_yaml.py" ]; then
	skip "no peer kit at $KIT: the baocao half is not tried"
else
	PATH="$T/bin" ROUNDS=1 PEERS_DIR="$T/kit" PEERS_KIT="$KIT" \
	    bench/peers.sh --baocao-only "$BIN" > "$T/half.out" 2>&1
	rc=$?
	n=$(find "$T/kit/out/baocao" -name 'r*.pdf' 2>/dev/null | wc -l)
	expect '[ $rc -eq 0 ] && [ $n -eq 100 ]' \
		"--baocao-only, no node: 100 PDFs of the variants (exit $rc, $n PDFs)"
	expect 'grep -q "^round 1 baocao: wall [0-9.]* ms, cpu [0-9.]* ms$" $T/half.out' "a line for the round"
	expect 'grep -q "^baocao -j2 .* reports/s  cpu .* ms/report$" $T/half.out' "the median line: reports/s, CPU a report"
	expect '! grep -qi "typst" $T/half.out' "no Typst line"
	[ $fail -eq 0 ] || cat "$T/half.out"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
