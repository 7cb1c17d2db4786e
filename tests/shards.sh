#!/usr/bin/env bash
# tests/shards.sh BIN - shards by a stable hash and the out dir (issue 19,
# report-format.md §1): every report in exactly one shard for N = 1..16;
# adding or removing reports moves no other report; a report's shard does
# not depend on how its folder is named or reached and matches a reference
# FNV-1a written here in Python (so it is the same on any machine); shard
# sizes of 1,000 realistic names within ±25 % of the mean at N = 16; real
# builds into one out dir per shard; the out dir made with its parents and
# the plain errors when it cannot be; the Kubernetes Indexed Job of
# docs/scaling.md run as its pods would run it, one index after another.
# Membership is read from real runs of `baocao check --shard K/N` over
# empty .yaml files: each report of the shard fails at once with a
# "failed PATH" line, which costs no layout. Works in $TMPDIR_SHARDS
# (default tests/tmp-shards). Prints "ok:"/"FAIL:" lines and a closing
# "N passed, M failed".
set -u
. tests/lib.sh
BIN=$(abs_path "${1:-build/baocao}")
T=${TMPDIR_SHARDS:-tests/tmp-shards}
[ -d "$T/mnt" ] && mountpoint -q "$T/mnt" && umount "$T/mnt"
T=$(fresh_dir "$T")
export SOURCE_DATE_EPOCH=1735689600

# members K N PATH...: the file names of the reports of shard K/N, sorted.
members() {
	local k=$1 n=$2
	shift 2
	"$BIN" check -j 2 --shard "$k/$n" "$@" 2>&1 > /dev/null |
		sed -n 's|^failed \(.*\)$|\1|p' | sed 's|.*/||' | sort
}
# assign N PATH...: "NAME K" for every report, sorted by name.
assign() {
	local n=$1 k
	shift
	for k in $(seq 0 $((n - 1))); do
		members "$k" "$n" "$@" | sed "s|\$| $k|"
	done | sort
}
# spread FILE N: the largest deviation of a shard's size from the mean,
# in per cent, of the "NAME K" lines in FILE.
spread() {
	awk -v n="$2" '{ c[$2]++; t++ } END { m = t / n; w = 0
		for (k = 0; k < n; k++) { d = c[k] - m; if (d < 0) d = -d
			if (d > w) w = d }
		printf "%.1f", 100 * w / m }' "$1"
}
sizes() { awk '{ c[$2]++ } END { for (k in c) print c[k] }' "$1" | sort -n | tr '\n' ' '; }

echo "# every report in exactly one shard, N = 1..16"
E=$T/e
mkdir -p "$E/in" "$E/other"
for i in $(seq 1 50); do : > "$E/in/bc-$(printf %03d "$i")-lai-chau-ubnd.yaml"; done
for s in báo-cáo-tổng-kết-2025 tờ-trình-số-12 kế-hoạch-năm-2026 Bao_Cao.yml \
    a b zz 2025; do
	case $s in *.yml) : > "$E/in/$s" ;; *) : > "$E/in/$s.yaml" ;; esac
done
: > "$E/in/_common.yaml"; : > "$E/in/.an.yaml"	# not reports
: > "$E/other/le-hoi-1.yaml"			# named on the command line
(cd "$E/in" && ls -1 [!_.]*) > "$E/all"
echo "le-hoi-1.yaml" >> "$E/all"
sort -o "$E/all" "$E/all"
for n in $(seq 1 16); do
	for k in $(seq 0 $((n - 1))); do
		members "$k" "$n" "$E/in" "$E/other/le-hoi-1.yaml"
	done | sort > "$E/got$n"
	expect 'cmp -s $E/got$n $E/all' \
		"N=$n: shards 0..$((n - 1)) hold each of $(wc -l < "$E/all") reports exactly once"
done
"$BIN" check --shard 3/4 "$E/in" > "$E/sum" 2> /dev/null
expect 'grep -qx "checked 0, failed $(members 3 4 "$E/in" | wc -l)" $E/sum' \
	"the summary counts only the shard's reports ($(cat "$E/sum"))"

echo "# adding or removing reports moves no other report"
for n in 7 16; do
	assign "$n" "$E/in" > "$E/before$n"
	for i in $(seq 1 15); do : > "$E/in/moi-$i.yaml"; done
	assign "$n" "$E/in" > "$E/after$n"
	expect '[ -z "$(join -v 1 $E/before$n $E/after$n | head -1)" ] && [ -z "$(comm -23 $E/before$n $E/after$n)" ] && [ $(wc -l < $E/after$n) -eq $(($(wc -l < $E/before$n) + 15)) ]' \
		"N=$n: 15 reports added, none of the $(wc -l < "$E/before$n") others changes shard"
	rm -f "$E"/in/moi-*.yaml "$E"/in/bc-00[1-9]-*.yaml
	assign "$n" "$E/in" > "$E/fewer$n"
	expect '[ -z "$(comm -13 $E/before$n $E/fewer$n)" ] && [ $(wc -l < $E/fewer$n) -eq $(($(wc -l < $E/before$n) - 9)) ]' \
		"N=$n: 9 reports removed, none of the $(wc -l < "$E/fewer$n") left changes shard"
	for i in $(seq 1 9); do : > "$E/in/bc-00$i-lai-chau-ubnd.yaml"; done
done

echo "# the shard depends on the file name only"
assign 16 "$E/in" > "$E/rel"
assign 16 "$(cd "$E/in" && pwd)/" > "$E/abs"
expect 'cmp -s $E/rel $E/abs' "an absolute path with a trailing slash: same shards"
mkdir -p "$T/mount/point/elsewhere"
cp -r "$E/in" "$T/mount/point/elsewhere/bao-cao"
ln -s "$T/mount/point/elsewhere/bao-cao" "$T/link"
assign 16 "$T/link" > "$E/moved"
expect 'cmp -s $E/rel $E/moved' "a copy under another folder, reached through a link: same shards"
assign 16 "$E"/in/[!_.]* > "$E/named"
expect 'cmp -s $E/rel $E/named' \
	"files named one by one on the command line: same shards"
# The reference: FNV-1a, 64 bits, of the name's UTF-8 bytes, modulo N.
ref() {
	python3 - "$@" <<'EOF'
import sys
n = int(sys.argv[1])
for line in open(sys.argv[2], encoding="utf-8"):
	name = line.split(" ")[0]
	h = 0xcbf29ce484222325
	for b in name.encode("utf-8"):
		h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
	print(name, h % n)
EOF
}

echo "# 1,000 realistic names at N = 16: sizes within ±25 % of the mean"
S=$T/spread
mkdir -p "$S/a" "$S/c"
smp=(lai-chau-ubnd lang-son-tinh-uy lang-son-ubnd-80-nam)
for i in $(seq 1 1000); do
	: > "$S/a/bc-$(printf %03d "$i")-${smp[$(((i - 1) % 3))]}.yaml"
done
provs="an-giang bac-ninh ca-mau cao-bang can-tho da-nang dak-lak dien-bien
dong-nai dong-thap gia-lai ha-noi ha-tinh hai-phong hue hung-yen khanh-hoa
lai-chau lam-dong lang-son lao-cai nghe-an ninh-binh phu-tho quang-ngai
quang-tri quang-ninh son-la tay-ninh thai-nguyen thanh-hoa ho-chi-minh
tuyen-quang vinh-long"
offices="ubnd tinh-uy so-tu-phap so-tai-chinh so-noi-vu so-y-te
so-giao-duc-dao-tao van-phong-hdnd ban-to-chuc uy-ban-kiem-tra"
m=0
for p in $provs; do
	mkdir -p "$S/b/$p"
	for o in $offices; do
		for y in 2023 2024 2025; do
			[ $m -lt 1000 ] && : > "$S/b/$p/$p-$o-bao-cao-$y.yaml"
			m=$((m + 1))
		done
	done
done
for y in $(seq 2016 2025); do
	for i in $(seq 1 100); do : > "$S/c/bao-cao-so-$(printf %03d "$i")-$y.yaml"; done
done
assign 16 "$S/a" > "$S/a.got"
assign 16 "$S"/b/* > "$S/b.got"
assign 16 "$S/c" > "$S/c.got"
for x in a b c; do
	case $x in
	a) what="bc-NNN-<sample>.yaml, like the samples" ;;
	b) what="34 province folders, <province>-<office>-bao-cao-<year>.yaml" ;;
	c) what="numbered yearly reports, bao-cao-so-NNN-<year>.yaml" ;;
	esac
	sp=$(spread "$S/$x.got" 16)
	expect '[ $(wc -l < $S/$x.got) -eq 1000 ] && awk -v s=$sp "BEGIN { exit !(s <= 25) }"' \
		"$what: largest deviation $sp % (sizes $(sizes "$S/$x.got"))"
done
cat "$S"/[abc].got | sort > "$S/all.got"
awk '{ print $1 }' "$S/all.got" > "$S/names"
ref 16 "$S/all.got" | sort > "$S/all.ref"
expect 'cmp -s $S/all.got $S/all.ref' \
	"the shards of all 3,000 names equal a reference FNV-1a (64-bit, bytes, mod 16) written in Python"
assign 12 "$S/c" "$E/in" > "$S/c12.got"
ref 12 "$S/c12.got" | sort > "$S/c12.ref"
expect 'cmp -s $S/c12.got $S/c12.ref' "and at N=12, Vietnamese names included"

echo "# real builds, one out dir per shard"
B=$T/b
mkdir -p "$B/in"
printf 'style: {font: Times New Roman, size: 13}\nmeta: {author: Văn phòng UBND tỉnh}\n' > "$B/in/_base.yaml"
mkr() {	# mkr FILE N: a small report
	printf 'extends: _base.yaml\ntitle: BÁO CÁO SỐ %s\nbody:\n  - heading: I. KẾT QUẢ\n  - paragraph: Văn phòng thực hiện tốt chức năng tham mưu (báo cáo %s).\n' \
		"$2" "$2" > "$1"
}
for i in $(seq 1 12); do mkr "$B/in/bao-cao-$i.yaml" "$i"; done
"$BIN" build -q -j 2 -o "$B/one" "$B/in" > /dev/null 2>&1
for k in 0 1 2 3 4; do
	"$BIN" build -j 1 --shard $k/5 -o "$B/pdf/shard-$k" "$B/in" > "$B/s$k.log" 2>&1
done
(cd "$B/pdf" && ls shard-*/*.pdf) | sed 's|.*/||' | sort > "$B/built"
expect '[ $(wc -l < $B/built) -eq 12 ] && [ $(sort -u $B/built | wc -l) -eq 12 ]' \
	"5 shards into 5 out dirs: each of 12 reports built once ($(wc -l < "$B/built") PDFs)"
same=1
for f in "$B"/pdf/shard-*/*.pdf; do cmp -s "$f" "$B/one/$(basename "$f")" || same=0; done
expect '[ $same -eq 1 ]' "their bytes equal a single build's"
mkr "$B/in/bao-cao-13.yaml" 13
for k in 0 1 2 3 4; do
	"$BIN" build -j 1 --shard $k/5 -o "$B/pdf/shard-$k" "$B/in" > "$B/r$k.log" 2>&1
done
expect '[ "$(cat $B/r[0-4].log | grep -c "^built .*\.pdf ")" -eq 1 ] && [ $(ls $B/pdf/shard-*/*.pdf | wc -l) -eq 13 ]' \
	"a report added, every shard re-run: only it is built, no PDF appears twice ($(ls "$B"/pdf/shard-*/*.pdf | wc -l) PDFs)"

echo "# the out dir and its parents"
O=$T/o
mkdir -p "$O"
"$BIN" build -q -o "$O/a/b/c" "$B/in/bao-cao-1.yaml" > /dev/null 2> "$O/err"
rc=$?
expect '[ $rc -eq 0 ] && [ -f $O/a/b/c/bao-cao-1.pdf ] && [ ! -s $O/err ]' \
	"-o a/b/c: the missing folders are made, the PDF written (exit $rc)"
for k in 0 1 2 3; do
	"$BIN" build -q --shard $k/4 -o "$O/p/q/shard-$k" "$B/in" > /dev/null 2> "$O/err$k" &
done
wait
expect '[ -z "$(cat $O/err[0-3])" ] && [ $(ls $O/p/q/shard-*/*.pdf | wc -l) -eq 13 ]' \
	"4 shards at once under the same fresh parents: all succeed ($(cat "$O"/err[0-3] | head -c 200))"
mkdir -p "$O/a/b/c/sub"
: > "$O/a/b/c/.baocao-4242.tmp"; : > "$O/a/b/c/sub/.baocao-17.tmp"
: > "$O/a/b/c/.baocao-x.tmp"; : > "$O/a/b/c/sub/keep.pdf"
"$BIN" build -q -o "$O/a/b/c" "$B/in/bao-cao-1.yaml" > /dev/null 2>&1
expect '[ ! -e $O/a/b/c/.baocao-4242.tmp ] && [ ! -e $O/a/b/c/sub/.baocao-17.tmp ] && [ -e $O/a/b/c/.baocao-x.tmp ] && [ -e $O/a/b/c/sub/keep.pdf ]' \
	"a killed run's temporary files are removed, in subfolders too; other files stay"
printf 'not a folder\n' > "$O/f"
"$BIN" build -q -o "$O/f/x/y" "$B/in" > /dev/null 2> "$O/err"
rc=$?
expect '[ $rc -eq 2 ] && grep -qx "$O/f/x/y: error: cannot create the out dir: $O/f is a file, not a folder" $O/err && grep -q "^$O/f/x/y: note: move or rename that file" $O/err' \
	"a file where a folder should be: exit 2, names it ($rc: $(head -c 200 "$O/err"))"
expect '[ "$(cat $O/f)" = "not a folder" ] && [ $(find $O -name ".baocao-[0-9]*.tmp" | wc -l) -eq 0 ]' "the file is left alone"
if [ -f "$(dirname "$BIN")/locale/vi/LC_MESSAGES/baocao.mo" ] ||
    [ -f "$(dirname "$BIN")/../share/locale/vi/LC_MESSAGES/baocao.mo" ]; then
	LANGUAGE= LC_ALL=vi_VN.UTF-8 "$BIN" build -q -o "$O/f/x/y" "$B/in" > /dev/null 2> "$O/err.vi"
	expect 'grep -q "^$O/f/x/y: lỗi: không tạo được thư mục đầu ra" $O/err.vi' \
		"the same in Vietnamese ($(head -c 200 "$O/err.vi"))"
else
	skip "no Vietnamese catalogue beside $BIN (make all builds it in build/locale)"
fi
if [ "$(id -u)" -ne 0 ]; then
	mkdir -p "$O/ro" && chmod 555 "$O/ro"
	"$BIN" build -q -o "$O/ro/x" "$B/in" > /dev/null 2> "$O/err"
	rc=$?
	chmod 755 "$O/ro"
elif command -v setpriv > /dev/null && chmod -R a+rX "$B/in" &&
    setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$BIN" -a -r "$B/in/bao-cao-1.yaml"; then
	mkdir -p "$O/ro" && chmod 555 "$O/ro"
	setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$BIN" build -q -o "$O/ro/x" "$B/in" > /dev/null 2> "$O/err"
	rc=$?
else
	rc=skip
fi
if [ "$rc" = skip ]; then
	skip "no way to run as another user here (setpriv, folders nobody may enter)"
else
	expect '[ $rc -eq 2 ] && grep -qx "$O/ro/x: error: cannot create the out dir: this user may not create folders in $O/ro (Permission denied)" $O/err' \
		"a parent this user may not write in: exit 2, says so ($rc: $(head -c 200 "$O/err"))"
fi
mkdir -p "$T/mnt"
if [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o size=1m,ro tmpfs "$T/mnt" 2>/dev/null; then
	"$BIN" build -q -o "$T/mnt/pdf/shard-0" "$B/in" > /dev/null 2> "$O/err"
	rc=$?
	expect '[ $rc -eq 2 ] && grep -qx "$T/mnt/pdf/shard-0: error: cannot create the out dir: $T/mnt is on a read-only disk (Read-only file system)" $O/err' \
		"a parent on a read-only disk: exit 2, says so ($rc: $(head -c 200 "$O/err"))"
	"$BIN" build -q -o "$T/mnt" "$B/in" > /dev/null 2> "$O/err"
	rc=$?
	expect '[ $rc -eq 2 ] && grep -qx "$T/mnt: error: cannot write into the out dir: it is on a read-only disk (Read-only file system)" $O/err' \
		"an out dir on a read-only disk: exit 2, says so ($rc: $(head -c 200 "$O/err"))"
	umount "$T/mnt"
else
	skip "cannot mount a read-only tmpfs here"
	skip "cannot mount a read-only tmpfs here"
fi

echo "# the Kubernetes Indexed Job of docs/scaling.md, run pod by pod"
K=$T/k8s
mkdir -p "$K/reports"
cp reports/_*.yaml "$K/reports/"
[ -d reports/data ] && cp -r reports/data "$K/reports/"
[ -d reports/images ] && cp -r reports/images "$K/reports/"
for i in $(seq 1 9); do
	for s in reports/[!_]*.yaml; do
		sed '/^output:/d' "$s" > "$K/reports/bc-$i-$(basename "$s")"
	done
done
# The Job's completions, its environment and the shell script of its
# container, the volume mount paths replaced by folders under $K.
python3 - docs/scaling.md "$K" > "$K/job" <<'EOF'
import re, shlex, sys, yaml
text = open(sys.argv[1], encoding="utf-8").read()
job = None
for block in re.findall(r"```yaml\n(.*?)```", text, re.S):
	d = yaml.safe_load(block)
	if isinstance(d, dict) and d.get("kind") == "Job":
		job = d
spec = job["spec"]
c = spec["template"]["spec"]["containers"][0]
assert spec["completionMode"] == "Indexed"
assert c["command"] == ["/bin/sh", "-c"], c["command"]
script = " ".join(c["args"])
for m in c.get("volumeMounts", []):
	p = m["mountPath"].rstrip("/")
	script = re.sub(r"(?<![\w/.-])" + re.escape(p) + r"(?=/|\b|$)",
	    sys.argv[2] + "/vol" + p, script)
print("completions=%d" % spec["completions"])
print("envs=%s" % shlex.quote(" ".join("%s=%s" % (e["name"], e["value"])
    for e in c.get("env", []))))
print("script=%s" % shlex.quote(script))
EOF
expect '[ -s $K/job ]' "the Job is read from docs/scaling.md"
. "$K/job"
mkdir -p "$K/vol"
ln -s "$(cd "$K/reports" && pwd)" "$K/vol/reports"
expect 'grep -q -- "--shard \"\$JOB_COMPLETION_INDEX/$completions\"" <<< "$script"' \
	"its --shard K/N uses JOB_COMPLETION_INDEX and N = completions ($completions)"
bad_pods=0
for k in $(seq 0 $((completions - 1))); do
	env -i PATH="$(dirname "$BIN"):/usr/bin:/bin" $envs JOB_COMPLETION_INDEX=$k \
		/bin/sh -c "$script" > "$K/pod$k.log" 2>&1 || bad_pods=$((bad_pods + 1))
done
expect '[ $bad_pods -eq 0 ]' "all $completions pods exit 0 ($bad_pods did not)"
nrep=$(ls "$K"/reports/[!_]*.yaml | wc -l)
(cd "$K/vol" && find . -name '*.pdf') | sed 's|.*/||' | sort > "$K/built"
expect '[ $(wc -l < $K/built) -eq $nrep ] && [ $(sort -u $K/built | wc -l) -eq $nrep ]' \
	"every one of $nrep reports built exactly once ($(wc -l < "$K/built") PDFs in $(ls -d "$K"/vol/*/shard-* 2>/dev/null | wc -l) shard folders)"
env $envs "$BIN" build -q -j 2 -o "$K/one" "$K/reports" > /dev/null 2>&1
same=1
for f in $(cd "$K/vol" && find . -name '*.pdf'); do
	cmp -s "$K/vol/$f" "$K/one/$(basename "$f")" || same=0
done
expect '[ $same -eq 1 ]' "the pods' PDFs equal a single build's, byte for byte"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
