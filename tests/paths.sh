#!/usr/bin/env bash
# tests/paths.sh BIN - the path rules of docs/paths.md: `output` stays
# inside the out dir (no "..", no absolute path, no escape through a
# symbolic link already in the out dir), and `extends`, `image.file` and
# font paths are read relative to the file that names them, whatever the
# current folder. Works in $TMPDIR_PATHS (default tests/tmp-paths).
# Prints "ok:"/"FAIL:" lines and a closing "N passed, M failed".
set -u
. tests/lib.sh
BIN=$(abs_path "${1:-build/baocao}")
T=$(fresh_dir "${TMPDIR_PATHS:-tests/tmp-paths}")
SRC=$(pwd)

export SOURCE_DATE_EPOCH=1735689600
# report NAME OUTPUT: a one-paragraph report in $T/src/NAME.yaml.
report() {
	mkdir -p "$T/src"
	printf 'title: BÁO CÁO\noutput: %s\nbody:\n  - paragraph: Nội dung.\n' \
		"$2" > "$T/src/$1.yaml"
}
# build NAME: build it into $T/out; exit code in $rc, stderr in $T/NAME.err.
build() {
	"$BIN" build -q -f -o "$T/out" "$T/src/$1.yaml" > /dev/null \
		2> "$T/$1.err"
	rc=$?
}
# refused NAME OUTPUT REGEX: building gives exit 1 and a diagnostic at
# the `output:` line (2:9) matching REGEX.
refused() {
	local name=$1 out=$2 want=$3
	report "$name" "$out"
	build "$name"
	expect '[ $rc -eq 1 ] && grep -Eq -- "$name\.yaml:2:9: error: .*$want" "$T/$name.err"' \
		"output: $out is refused (exit $rc: $(head -c 200 "$T/$name.err"))"
}

echo "# output: written rules (load time)"
refused dotdot '../x.pdf' 'output: "\.\./x\.pdf" leaves the out dir'
refused dotdot-mid 'a/../../x.pdf' 'leaves the out dir'
refused dotdot-inner 'a/../x.pdf' 'leaves the out dir'
refused absolute "$T/abs.pdf" 'is an absolute path'
refused not-pdf 'x.txt' 'must be a file name ending in \.pdf'
refused dir-only 'sub/' 'must be a file name ending in \.pdf'
expect '[ ! -e $T/abs.pdf ] && [ ! -e $T/x.pdf ]' "nothing written outside the out dir"

echo "# output: symbolic links inside the out dir"
mkdir -p "$T/out" "$T/elsewhere" "$T/out/real"
ln -s "$T/elsewhere" "$T/out/sub"
refused link-out 'sub/x.pdf' 'leaves the out dir: ".*/out/sub" leads outside the out dir'
expect '[ -z "$(ls -A $T/elsewhere)" ]' "nothing written through the link (elsewhere/ is empty)"
ln -s /nonexistent/baocao-test "$T/out/dangling"
refused link-dangling 'dangling/x.pdf' 'symbolic link that leads nowhere'
mkdir -p "$T/out/a"
ln -s "$T/elsewhere" "$T/out/a/b"
refused link-deep 'a/b/c/x.pdf' '"[^"]*/out/a/b" leads outside'
expect '[ -z "$(ls -A $T/elsewhere)" ]' "nor through a deeper link"
ln -s .. "$T/out/up"
refused link-up 'up/x.pdf' 'leads outside the out dir'
ln -s real "$T/out/inside"
report link-in 'inside/x.pdf'
build link-in
expect '[ $rc -eq 0 ] && [ -f $T/out/real/x.pdf ]' \
	"a link that stays inside the out dir is fine (exit $rc)"
report fresh 'new/deeper/x.pdf'
build fresh
expect '[ $rc -eq 0 ] && [ -f $T/out/new/deeper/x.pdf ]' \
	"missing sub-folders are created inside the out dir (exit $rc)"
echo precious > "$T/victim.pdf"
ln -s "$T/victim.pdf" "$T/out/last.pdf"
report last 'last.pdf'
build last
expect '[ $rc -eq 0 ] && [ "$(cat $T/victim.pdf)" = precious ] && [ -f $T/out/last.pdf ] && [ ! -L $T/out/last.pdf ]' \
	"a link as the PDF itself is replaced, its target left alone (exit $rc)"

echo "# inputs are relative to the file that names them"
mkdir -p "$T/in/a" "$T/in/b/images" "$T/in/b/fonts" "$T/in/c" "$T/cwd"
cp "$SRC/tests/good/images/tiny.png" "$T/in/b/images/p.png"
font=$(fc-match -f '%{file}' 'Liberation Serif' 2>/dev/null)
cp "$font" "$T/in/b/fonts/serif.ttf"
printf 'title: Gốc\nmeta: {subject: từ c}\nbody:\n  - paragraph: c\n' > "$T/in/c/root.yaml"
printf 'extends: ../c/root.yaml\nstyle: {font: fonts/serif.ttf}\nbody:\n  - paragraph: Ảnh của b.\n  - image: {file: images/p.png, width: 15}\n' \
	> "$T/in/b/base.yaml"
printf 'extends: ../b/base.yaml\ntitle: BÁO CÁO\n' > "$T/in/a/top.yaml"
(cd "$T/cwd" && "$BIN" build -f -o "$T/rel-out" ../in/a/top.yaml) \
	> /dev/null 2> "$T/rel.err"
rc=$?
expect '[ $rc -eq 0 ] && [ -f $T/rel-out/top.pdf ] && [ ! -s $T/rel.err ]' \
	"extends, image and font path resolve from the naming file, run from another folder (exit $rc: $(head -c 200 $T/rel.err))"
expect 'pdfimages -list $T/rel-out/top.pdf 2>/dev/null | grep -q " 120 *80 "' \
	"the image named in b/base.yaml is in the PDF"
expect 'pdffonts $T/rel-out/top.pdf 2>/dev/null | grep -q LiberationSerif' \
	"the font named in b/base.yaml is used"
"$BIN" fonts "$T/in/a/top.yaml" > "$T/fonts.out" 2>&1
expect 'grep -q "b/fonts/serif.ttf" $T/fonts.out' \
	"baocao fonts names the font file relative to b/ ($(head -c 120 $T/fonts.out))"
cp "$T/in/b/images/p.png" "$T/in/a/p.png"
printf 'title: T\nbody:\n  - image: {file: images/p.png}\n' > "$T/in/a/own.yaml"
"$BIN" check -q "$T/in/a/own.yaml" > /dev/null 2> "$T/own.err"
rc=$?
expect '[ $rc -eq 1 ] && grep -q "own.yaml:3:19: error: body\[0\].image.file: cannot read \"[^\"]*in/a/images/p.png\"" $T/own.err' \
	"an image is not looked up next to another file of the chain ($(head -c 160 $T/own.err))"
printf 'extends: root.yaml\ntitle: T\nbody:\n  - paragraph: a\n' > "$T/in/a/wrong.yaml"
"$BIN" check -q "$T/in/a/wrong.yaml" > /dev/null 2> "$T/wrong.err"
rc=$?
expect '[ $rc -eq 1 ] && grep -q "wrong.yaml:1:10: error: extends: cannot read \"[^\"]*in/a/root.yaml\"" $T/wrong.err' \
	"extends is relative to its own file, not the current folder ($(head -c 160 $T/wrong.err))"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
