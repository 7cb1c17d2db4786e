#!/usr/bin/env bash
# bench/smoke.sh [BIN] - a quick guard against gross speed regressions.
#
# Builds the sample report reports/lai-chau-ubnd.yaml (whole process, -j1)
# a few times and compares with bench/baseline.txt, the medians recorded
# in bench/RESULTS.md. Fails only on a gross regression, never on noise:
#   - work: the instructions of the whole run under callgrind (exact, the
#     same on a busy machine) over 3x the recorded count (skipped without
#     valgrind);
#   - time: the CPU time (user + system, parent and worker) of the
#     cheapest run over 3x the recorded median plus 50 ms (CPU time, not
#     wall time, so that other processes on the machine do not count),
#     times how much slower the machine is than when quiet (the CPU of
#     /bin/true against true_cpu_ms: other VMs on the host inflate CPU
#     times too, 5-7x on a busy afternoon);
#   - memory: the median peak RSS over 3x the recorded one;
#   - size: the PDF over 3x the recorded size (deterministic).
# Skipped for sanitizer builds. Prints "ok:"/"FAIL:" lines and a closing
# "N passed, M failed" (tests/run.sh tallies it); exits 1 on a failure.
set -u
cd "$(dirname "$0")/.." || exit 2
BIN=${1:-build/baocao}
RUNS=${SMOKE_RUNS:-5}
T=${TMPDIR_TESTS:-tests/tmp}/bench-smoke
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok: $*"; }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
base() { awk -v k="$1" '$1 == k { print $2 }' bench/baseline.txt; }

if ldd "$BIN" 2>/dev/null | grep -q 'libasan\|libubsan\|libtsan'; then
	echo "ok: bench smoke skipped (sanitizer build)"
	echo "0 passed, 0 failed"
	exit 0
fi
rm -rf "$T" && mkdir -p "$T/out"
export SOURCE_DATE_EPOCH=1735689600
r=$(${PYTHON:-python3} - "$RUNS" "$BIN" "$T/out" <<'PY'
import os, statistics, sys, time
runs, binary, out = int(sys.argv[1]), sys.argv[2], sys.argv[3]
argv = [binary, "build", "-f", "-j1", "-q", "-o", out,
        "reports/lai-chau-ubnd.yaml"]
walls, cpus, rss = [], [], []
for i in range(runs + 1):
    t0 = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        os.execv(binary, argv)
    _, st, ru = os.wait4(pid, 0)
    if os.waitstatus_to_exitcode(st) != 0:
        print("failed")
        sys.exit(0)
    if i > 0:       # the first run warms the caches
        walls.append((time.perf_counter() - t0) * 1000)
        cpus.append((ru.ru_utime + ru.ru_stime) * 1000)
        rss.append(ru.ru_maxrss)
# How slow the machine is now: the CPU of starting /bin/true (other VMs
# on the host inflate every CPU time alike). posix_spawn, not fork: a
# child forked from Python first copies Python's page tables, which the
# quiet figure (a small C program's fork, bench/once.c) did not count.
trues = []
for i in range(6):
    pid = os.posix_spawn("/bin/true", ["true"], os.environ)
    _, st, ru = os.wait4(pid, 0)
    if i > 0:
        trues.append((ru.ru_utime + ru.ru_stime) * 1000)
print("%.1f %d %.1f %.2f" % (min(cpus), statistics.median(rss), min(walls),
                             min(trues)))
PY
)
if [ "$r" = failed ] || [ -z "$r" ]; then
	bad "bench smoke: $BIN cannot build the sample report"
else
	set -- $r
	cpu=$1 rss=$2 wall=$3 tcpu=$4
	size=$(wc -c < "$T/out/lai-chau-ubnd.pdf")
	bc=$(base sample_cpu_ms) br=$(base sample_rss_kib) bs=$(base sample_pdf_bytes)
	bt=$(base true_cpu_ms)
	# the limit grows with the machine's slowness now (/bin/true's CPU
	# against the quiet machine's), never below 1x
	slow=$(awk -v t="$tcpu" -v b="$bt" 'BEGIN { s = t / b; printf "%.1f", s < 1 ? 1 : s }')
	lim=$(awk -v b="$bc" -v s="$slow" 'BEGIN { printf "%.0f", (3 * b + 50) * s }')
	if awk -v c="$cpu" -v l="$lim" 'BEGIN { exit !(c > l) }'; then
		bad "bench smoke: sample report takes $cpu ms of CPU (cheapest of $RUNS), over $lim ms (recorded median $bc ms; machine ${slow}x slower than quiet: /bin/true $tcpu ms CPU)"
	else
		ok "bench smoke: sample report $cpu ms CPU, $wall ms wall (best of $RUNS; limit $lim ms: recorded median $bc ms, machine ${slow}x slower than quiet)"
	fi
	if [ "$rss" -gt $((3 * br)) ]; then
		bad "bench smoke: peak RSS $rss KiB, recorded $br KiB"
	else
		ok "bench smoke: peak RSS $rss KiB (recorded $br KiB)"
	fi
	if [ "$size" -gt $((3 * bs)) ]; then
		bad "bench smoke: PDF of $size bytes, recorded $bs bytes"
	else
		ok "bench smoke: PDF $size bytes (recorded $bs bytes)"
	fi
fi
if command -v valgrind > /dev/null 2>&1; then
	mkdir -p "$T/cg"
	valgrind -q --tool=callgrind --trace-children=yes \
	    --callgrind-out-file="$T/cg/cg.%p" "$BIN" build -f -j1 -q \
	    -o "$T/out" reports/lai-chau-ubnd.yaml > /dev/null 2>&1
	ir=$(${PYTHON:-python3} bench/breakdown.py "$T"/cg/cg.* | awk '$1 == "whole" { gsub(",", "", $3); print $3 + 0 }')
	ir=${ir:-0}
	bi=$(base sample_instructions)
	if [ "$ir" -gt $((3 * bi)) ]; then
		bad "bench smoke: $ir instructions (callgrind), recorded $bi"
	elif [ "$ir" -eq 0 ]; then
		bad "bench smoke: callgrind counted nothing"
	else
		ok "bench smoke: $ir instructions (callgrind; recorded $bi)"
	fi
fi
rm -rf "$T"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
