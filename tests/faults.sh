#!/usr/bin/env bash
# tests/faults.sh BIN - faults of the machine: a full disk, a file size
# limit, too little memory, an unwritable or read-only out dir, a FIFO
# given as input, no usable font configuration. Each gives a clear error and exit 1; no
# partial PDF is left and the previous PDF stays exactly as it was.
# Works in $TMPDIR_FAULTS (default tests/tmp-faults). The full-disk and
# read-only cases need to mount a small tmpfs (root); without it they are
# reported as skipped (counted as passed) and the file size limit
# (ulimit -f) still covers a write that fails half-way.
# Prints "ok:"/"FAIL:" lines and a closing "N passed, M failed".
set -u
. tests/lib.sh
BIN=$(abs_path "${1:-build/baocao}")
T=${TMPDIR_FAULTS:-tests/tmp-faults}
[ -d "$T/mnt" ] && mountpoint -q "$T/mnt" && umount "$T/mnt"
T=$(fresh_dir "$T")
mkdir -p "$T/src"

export SOURCE_DATE_EPOCH=1735689600
R="$T/src/r.yaml"
src=reports/lai-chau-ubnd.yaml
[ -f "$src" ] || src=$(ls reports/[!_]*.yaml | head -n 1)
grep -v '^output:' "$src" > "$R"
cp reports/_*.yaml "$T/src/" 2>/dev/null
[ -d reports/images ] && cp -r reports/images "$T/src/"
[ -d reports/data ] && cp -r reports/data "$T/src/"	# CSV files (csv.c)

# build DIR [extra args]: build r.yaml into DIR; exit code in $rc, stderr
# in $T/err.
build() {
	local dir=$1
	shift
	"$BIN" build -q -f -o "$dir" "$@" "$R" > /dev/null 2> "$T/err"
	rc=$?
}
# intact DIR WHAT: the PDF in DIR is the saved one and no temporary file
# is left beside it.
intact() {
	local dir=$1 what=$2
	expect 'cmp -s "$dir/r.pdf" "$T/saved.pdf"' "$what: the previous PDF is intact"
	expect '[ -z "$(ls -A "$dir" | grep -v -e "^r\.pdf$" -e "^\.baocao\.lock$" -e "^\.baocao-state$" -e "^filler$")" ]' \
		"$what: no partial or temporary file left ($(ls -A "$dir" | tr '\n' ' '))"
}

echo "# reference build"
build "$T/ref"
expect '[ $rc -eq 0 ] && [ -s $T/ref/r.pdf ]' "a normal build works (exit $rc)"
cp "$T/ref/r.pdf" "$T/saved.pdf"
size=$(stat -c %s "$T/saved.pdf")

echo "# file size limit (ulimit -f)"
for blocks in $(((size - 1) / 1024)) 8; do
	for sig in ignored default; do
		mkdir -p "$T/ul"
		cp "$T/saved.pdf" "$T/ul/r.pdf"
		if [ $sig = ignored ]; then
			(trap '' XFSZ; ulimit -f $blocks; build "$T/ul"; exit $rc)
		else
			(trap - XFSZ; ulimit -f $blocks; build "$T/ul"; exit $rc)
		fi
		rc=$?
		what="limit of $blocks KiB (SIGXFSZ $sig)"
		expect '[ $rc -eq 1 ] && grep -Eq "error: .*(File too large|incomplete)" $T/err' \
			"$what: exit 1 with a clear error (exit $rc: $(head -c 200 $T/err))"
		intact "$T/ul" "$what"
	done
done

echo "# full disk (tmpfs)"
mkdir -p "$T/mnt"
if mount -t tmpfs -o size=$(( (size / 1024) * 3 + 64 ))k tmpfs "$T/mnt" 2>/dev/null; then
	build "$T/mnt"
	expect '[ $rc -eq 0 ] && cmp -s $T/mnt/r.pdf $T/saved.pdf' \
		"a build on the small file system works (exit $rc)"
	for left in 20 $((size / 1024 - 2)); do
		rm -f "$T/mnt/filler"
		free=$(df -k --output=avail "$T/mnt" | tail -n 1)
		dd if=/dev/zero of="$T/mnt/filler" bs=1k \
			count=$((free - left)) 2> /dev/null
		build "$T/mnt"
		what="disk full with $left KiB free"
		expect '[ $rc -eq 1 ] && grep -Eq "error: .*(No space left on device|incomplete)" $T/err' \
			"$what: exit 1 with a clear error (exit $rc: $(head -c 200 $T/err))"
		intact "$T/mnt" "$what"
	done
	rm -f "$T/mnt/filler"
	echo "# read-only out dir"
	mount -o remount,ro "$T/mnt"
	build "$T/mnt"
	expect '[ $rc -ne 0 ] && grep -q "Read-only file system" $T/err' \
		"read-only out dir: exit $rc with a clear error ($(head -c 200 $T/err))"
	intact "$T/mnt" "read-only out dir"
	umount "$T/mnt"
else
	skip "cannot mount a tmpfs: full disk and read-only out dir"
fi

echo "# unwritable out dir"
mkdir -p "$T/ro"
cp "$T/saved.pdf" "$T/ro/r.pdf"
chmod 555 "$T/ro"
if [ "$(id -u)" -ne 0 ]; then
	build "$T/ro"
	expect '[ $rc -ne 0 ] && grep -q "Permission denied" $T/err' \
		"unwritable out dir: exit $rc with a clear error ($(head -c 200 $T/err))"
	intact "$T/ro" "unwritable out dir"
else
	skip "root ignores folder permissions (the read-only tmpfs covers it)"
fi
chmod 755 "$T/ro"
printf 'not a folder\n' > "$T/outfile"
build "$T/outfile"
expect '[ $rc -ne 0 ] && grep -Eq "error: .*(Not a directory|File exists|not a folder)" $T/err' \
	"an out dir that is a file: exit $rc with a clear error ($(head -c 200 $T/err))"
expect '[ "$(cat $T/outfile)" = "not a folder" ]' "the file is left alone"
mkdir -p "$T/sub"
printf 'title: T\noutput: sub/x.pdf\nbody:\n  - paragraph: a\n' > "$T/src/sub.yaml"
printf 'x\n' > "$T/sub/sub"
"$BIN" build -q -f -o "$T/sub" "$T/src/sub.yaml" > /dev/null 2> "$T/err"
rc=$?
expect '[ $rc -eq 1 ] && grep -Eq "sub.yaml: error: .*(Not a directory|File exists)" $T/err' \
	"an output folder that is a file: exit 1 with a clear error ($(head -c 200 $T/err))"

echo "# a FIFO or a device as input never blocks"
mkfifo "$T/src/fifo.yaml"
timeout 10 "$BIN" check -q "$T/src/fifo.yaml" > /dev/null 2> "$T/err"
rc=$?
expect '[ $rc -eq 1 ] && grep -q "not a regular file" $T/err' \
	"a FIFO as the report: exit 1, not a regular file (exit $rc: $(head -c 160 $T/err))"
printf 'extends: fifo.yaml\ntitle: T\nbody:\n  - paragraph: a\n' > "$T/src/ext-fifo.yaml"
timeout 10 "$BIN" check -q "$T/src/ext-fifo.yaml" > /dev/null 2> "$T/err"
rc=$?
expect '[ $rc -eq 1 ] && grep -q "ext-fifo.yaml:1:10: error: extends: \"[^\"]*fifo.yaml\" is not a regular file" $T/err' \
	"a FIFO as extends: exit 1 at extends (exit $rc: $(head -c 160 $T/err))"
printf 'title: T\nbody:\n  - image: {file: fifo.yaml}\n' > "$T/src/img-fifo.yaml"
timeout 10 "$BIN" check -q "$T/src/img-fifo.yaml" > /dev/null 2> "$T/err"
rc=$?
expect '[ $rc -eq 1 ] && grep -q "img-fifo.yaml:3:19: error: .*is not a regular file" $T/err' \
	"a FIFO as an image: exit 1 at file: (exit $rc: $(head -c 160 $T/err))"
printf 'title: T\nstyle: {font: fifo.ttf}\nbody:\n  - paragraph: a\n' > "$T/src/font-fifo.yaml"
mkfifo "$T/src/fifo.ttf"
timeout 10 "$BIN" check -q "$T/src/font-fifo.yaml" > /dev/null 2> "$T/err"
rc=$?
expect '[ $rc -eq 1 ] && grep -q "font-fifo.yaml:2:15: error: style.font: cannot read font file" $T/err' \
	"a FIFO as the font: exit 1 at style.font (exit $rc: $(head -c 160 $T/err))"
printf 'extends: /dev/zero\ntitle: T\nbody:\n  - paragraph: a\n' > "$T/src/zero.yaml"
timeout 10 "$BIN" check -q "$T/src/zero.yaml" > /dev/null 2> "$T/err"
rc=$?
expect '[ $rc -eq 1 ] && grep -q "not a regular file" $T/err' \
	"/dev/zero as extends: exit 1 at once (exit $rc)"

echo "# out of memory (ulimit -v)"
# A worker that runs out of memory fails its report with status 3 and the
# message "out of memory"; the batch builds the other report and exits 1.
# big.yaml is some 1,300 pages, about 130 MiB at the worker's peak (the
# PDF written page by page), well over what ulimit -v leaves it.
# Sanitizer runtimes reserve terabytes of address space: not with them.
case $BIN in
*build-san*) ok "out of memory: skipped under the sanitizers" ;;
*)
	mkdir -p "$T/oom"
	cp "$R" reports/_*.yaml "$T/oom/" 2>/dev/null
	[ -d reports/data ] && cp -r reports/data "$T/oom/"
	[ -d reports/images ] && cp -r reports/images "$T/oom/"	# signature pictures
	python3 - "$T/oom/big.yaml" <<'EOF2'
import sys
p = ("Sau khi Cách mạng tháng 8/1945 thành công, Ủy ban nhân dân lâm thời "
     "tỉnh được thành lập cùng với cơ quan Văn phòng. ") * 3
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write('title: "BÁO CÁO"\nbody:\n')
    for i in range(10000):
        f.write('  - paragraph: "%d %s"\n' % (i, p))
EOF2
	(ulimit -v 100000; "$BIN" build -q -f -j 1 -o "$T/oom/out" \
	    "$T/oom/r.yaml" "$T/oom/big.yaml" > /dev/null 2> "$T/err")
	rc=$?
	expect '[ $rc -eq 1 ] && grep -q "^baocao: out of memory" $T/err && grep -q "big.yaml: error: the worker building this report stopped (exit status 3)" $T/err' \
		"out of memory: exit 1, the report named with status 3 ($(head -c 240 $T/err))"
	expect '[ -s $T/oom/out/r.pdf ] && [ ! -e $T/oom/out/big.pdf ]' \
		"out of memory: the other report is built, no PDF for the failed one"
	expect '[ -z "$(ls -A $T/oom/out | grep -v -e "^r\.pdf$" -e "^\.baocao\.lock$" -e "^\.baocao-state$")" ]' \
		"out of memory: no temporary file left"
	;;
esac

echo "# no font configuration"
printf '<?xml version="1.0"?>\n<fontconfig><cachedir>%s/fc</cachedir></fontconfig>\n' \
	"$T" > "$T/empty.conf"
mkdir -p "$T/nofonts"
cp "$T/saved.pdf" "$T/nofonts/r.pdf"
FONTCONFIG_FILE="$T/empty.conf" BAOCAO_FONTS="$T/no-such-folder" \
	build "$T/nofonts"
expect '[ $rc -eq 1 ] && grep -q "r.yaml:[0-9]*:[0-9]*: error: style.font: no font \"[^\"]*\": not in the fonts folder \"[^\"]*no-such-folder\" (missing or empty), and fontconfig knows no fonts at all (configuration: [^)]*empty.conf)" $T/err' \
	"no fonts anywhere: exit 1 naming the font, the folder and the configuration ($(head -c 240 $T/err))"
intact "$T/nofonts" "no fonts"
FONTCONFIG_FILE=/nonexistent BAOCAO_FONTS="$T/no-such-folder" \
	build "$T/nofonts"
expect '{ [ $rc -eq 0 ] && pdfinfo $T/nofonts/r.pdf > /dev/null 2>&1; } || { [ $rc -eq 1 ] && grep -q "no font" $T/err; }' \
	"FONTCONFIG_FILE=/nonexistent: fontconfig's built-in defaults, or a clear error (exit $rc)"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
