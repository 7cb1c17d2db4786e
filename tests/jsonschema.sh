#!/usr/bin/env bash
# tests/jsonschema.sh BIN - the JSON Schema for editors
# (docs/baocao-report.schema.json, issue 18 point 4):
#   1. it is current: build/gen_schema (make schema) writes it again from
#      the loader's key tables, and the result must equal the committed
#      file (else: run `make schema` and commit);
#   2. it is a valid draft 2020-12 schema that accepts every report that
#      builds: the samples in reports/, tests/good, tests/structures and
#      the clerks' mistakes that build (tests/mistakes/N.want) and the
#      starting reports of `baocao init` - an editor
#      must never underline a report baocao accepts;
#   3. it rejects the bad inputs it can express (unknown keys, values
#      outside an enum or a range, wrong types), listed below from
#      tests/bad and tests/mistakes; the rest of tests/bad needs the
#      loader (files, CSV, fonts, YAML syntax, meaning);
#   4. it agrees with the loader (tests/schemaloader.py): each choice
#      list equals what `baocao check` accepts, letter case included
#      (page.size: a4), each default builds the same PDF as leaving the
#      key out, and every key has a type, a Vietnamese description and
#      a range where it is a number.
# `extends`: a file is checked alone, as an editor sees it; the schema
# leaves out "required" in the mappings extends merges (report, header,
# signature, page, style...), so a base or a partial report passes, and
# the loader checks them after merging (gen_schema.c says why).
# Files PyYAML cannot read though baocao does (a vertical tab, an anchor
# defined twice) are skipped, said so in the output.
# Prints ok:/FAIL: lines and "N passed, M failed"; exits 1 on failure.
set -u
BIN=${1:-build/baocao}
. tests/lib.sh
PY=/usr/bin/python3
SCHEMA=docs/baocao-report.schema.json
GEN=$(dirname "$BIN")/gen_schema
T=${TMPDIR_JSONSCHEMA:-/tmp/baocao-jsonschema.$$}
T=$(fresh_dir "$T")

[ -x "$GEN" ] || make -s BUILD="$(dirname "$BIN")" "$GEN" > "$T/make.log" 2>&1
if "$GEN" > "$T/schema.json" 2> "$T/gen.err" && [ ! -s "$T/gen.err" ]; then
	ok "gen_schema runs without a complaint"
else
	bad "gen_schema: $(head -3 "$T/gen.err")"
fi
expect "cmp -s '$T/schema.json' '$SCHEMA'" \
    "$SCHEMA is current (else: make schema, and commit it)"

# must pass
good=(reports/*.yaml tests/good/*.yaml tests/structures/*.yaml)
for w in tests/mistakes/*.want; do good+=("${w%.want}.yaml"); done
# the starting reports `baocao init` writes (both kinds) are reports too
for k in state party; do
	"$BIN" init --kind "$k" "$T/init-$k.yaml" > /dev/null 2>&1 &&
	    good+=("$T/init-$k.yaml") || bad "baocao init --kind $k failed"
done
$PY tests/schemacheck.py "$SCHEMA" "${good[@]}" > "$T/good.txt" 2>&1
for f in "${good[@]}"; do
	line=$(grep -F " $f" "$T/good.txt" | grep -E "^[a-z]+ $f(:|$)")
	case $line in
	"valid $f") ok "valid: $f" ;;
	"unreadable $f"*) skip "PyYAML cannot read $f" ;;
	*) bad "must validate: ${line:-$f: no result ($(tail -1 "$T/good.txt"))}" ;;
	esac
done

# must fail: each a mistake the schema can express
bad_inputs="
tests/bad/unknown-top-key.yaml
tests/bad/unknown-key.yaml
tests/bad/unknown-block.yaml
tests/bad/key-invisible-inside.yaml
tests/bad/two-keys-one-block.yaml
tests/bad/page-numbers-enum.yaml
tests/bad/paper-unknown.yaml
tests/bad/page-size-huge.yaml
tests/bad/table-bad-align.yaml
tests/bad/awards-bad-sort.yaml
tests/bad/font-size.yaml
tests/bad/line-spacing.yaml
tests/bad/line-spacing-zero.yaml
tests/bad/heading-level.yaml
tests/bad/quoted-number.yaml
tests/bad/date-format.yaml
tests/bad/image-no-file.yaml
tests/bad/staffing-no-name.yaml
tests/bad/staffing-negative.yaml
tests/bad/staffing-fraction.yaml
tests/bad/history-chart-yes.yaml
tests/bad/top-level-list.yaml
tests/bad/type-body-mapping.yaml
tests/bad/type-title-mapping.yaml
tests/bad/type-header-scalar.yaml
tests/bad/type-margins-list.yaml
tests/bad/type-table-rows-mapping.yaml
tests/bad/type-toc-list.yaml
tests/mistakes/appendix-orientation.yaml
tests/mistakes/appendix-too-many.yaml
tests/mistakes/list-style-unknown.yaml
tests/mistakes/signature-seal-size-unit.yaml
tests/mistakes/yaml-zwsp-before-key.yaml
tests/mistakes/yaml-noi-nhan-luu.yaml
"
# shellcheck disable=SC2086
$PY tests/schemacheck.py "$SCHEMA" $bad_inputs > "$T/bad.txt" 2>&1
for f in $bad_inputs; do
	line=$(grep -E "^[a-z]+ $f(:|$)" "$T/bad.txt")
	case $line in
	"invalid $f"*) ok "rejected: ${line#invalid }" ;;
	*) bad "must not validate: ${line:-$f: no result}" ;;
	esac
done

# the schema and the loader agree: every choice list (and its letter
# case), every default, asked of both (tests/schemaloader.py says how)
mkdir -p "$T/agree"
$PY tests/schemaloader.py "$BIN" "$SCHEMA" "$T/agree" > "$T/agree.txt" 2>&1
while IFS= read -r line; do
	case $line in
	"ok: "*) ok "${line#ok: }" ;;
	"FAIL: "*) bad "${line#FAIL: }" ;;
	*) bad "schemaloader.py: $line" ;;
	esac
done < "$T/agree.txt"
grep -q "keys have a type" "$T/agree.txt" ||
    bad "schemaloader.py did not finish: $(tail -1 "$T/agree.txt")"

rm -rf "$T"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
