# baocao - plain Makefile for Debian 12 (see README.md).
# make reports   build baocao and every report in reports/ into out/
# make check     all tests (unit, PDFs, bad inputs, sanitizers, valgrind)
# make check-scale  the Slurm, GNU parallel and Kubernetes recipes of
#                docs/scaling.md, run for real (as root)
# make fuzz      libFuzzer over load and layout (FUZZ_SECONDS=600, FUZZ_JOBS=1;
#                make fuzz-smoke: 60 s; see tests/fuzz/fuzz_load.c)

CC	?= cc
PKGS	 = yaml-0.1 icu-uc icu-i18n fontconfig zlib harfbuzz harfbuzz-subset
CSTD	 = -std=c17 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
WARN	 = -Wall -Wextra -Wpedantic -Werror
OPT	?= -O2 -g
CFLAGS	?=
CFLAGS	+= $(CSTD) $(WARN) $(OPT) $(EXTRA_CFLAGS)
LDLIBS	+= -lhpdf -lpng -lz -lm -lcsv -pthread
# Images (src/image.c): libjpeg-turbo, libexif and libpng's simplified
# API are opened on first use (dlopen, in glibc's libc since 2.34), not
# linked: built against their headers only (image.c says why).

DEB_PKGS = build-essential pkg-config libhpdf-dev libyaml-dev libicu-dev \
	   libfontconfig-dev zlib1g-dev libpng-dev fonts-liberation2 \
	   fonts-noto-core poppler-utils qpdf valgrind python3 python3-yaml \
	   mandoc ghostscript mupdf-tools libharfbuzz-dev libharfbuzz-subset0 libharfbuzz-bin \
	   python3-pikepdf
# Images: libraries of src/image.c; test images made with PIL and read
# back with pikepdf (tests/images.sh).
DEB_PKGS += libexif-dev libjpeg62-turbo-dev python3-pil
# PDF/A-2u (src/pdfa.c): the sRGB output intent's ICC profile is read at
# run time from icc-profiles-free's /usr/share/color/icc/sRGB.icc.
DEB_PKGS += icc-profiles-free
# CSV from spreadsheets (src/csv.c): libcsv, which has no .pc file.
DEB_PKGS += libcsv-dev
# JSON Schema checks (tests/jsonschema.sh).
DEB_PKGS += python3-jsonschema
# Messages in Vietnamese (src/i18n.c, po/vi.po): msgfmt and xgettext;
# `locales` to generate vi_VN.UTF-8 (deps below).
DEB_PKGS += gettext locales

SRCS	 = src/arena.c src/diag.c src/text.c src/yload.c src/yextend.c src/ytrap.c \
	   src/schema.c \
	   src/schema_val.c src/schema_blk.c src/schema_tbl.c src/schema_app.c src/csv.c src/validate.c src/lower.c src/load.c \
	   src/font.c src/fontfind.c src/hpdf_fix.c src/zmemo.c src/zqueue.c src/imgprep.c src/ttf.c src/shape.c src/brk.c \
	   src/para.c src/para_fit.c src/para_cache.c src/link.c src/layout.c src/foot.c src/head.c src/appendix.c src/table.c src/chart.c \
	   src/pdf.c src/pdfa.c src/image.c \
	   src/dump.c src/batch.c src/stamp.c src/worker.c \
	   src/build.c src/atomic.c src/safepath.c src/init.c src/i18n.c src/watch.c \
	   src/outdir.c
MAIN	 = src/main.c
HDRS	 = $(wildcard src/*.h)

BUILD	?= build
OBJS	 = $(SRCS:src/%.c=$(BUILD)/%.o)
BIN	 = $(BUILD)/baocao
PREFIX	?= /usr/local
LOCALEDIR ?= $(PREFIX)/share/locale
MO	 = $(BUILD)/locale/vi/LC_MESSAGES/baocao.mo

# Configuration via pkg-config is resolved lazily so that `make deps`
# can run first on a machine that has none of the -dev packages yet.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)

.PHONY: all deps reports check check-fast unit san-check valgrind bench clean

all: deps $(BIN) $(MO)

$(BIN): $(OBJS) $(BUILD)/main.o
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) $(LDLIBS)

$(BUILD)/%.o: src/%.c $(HDRS) | $(BUILD)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -c -o $@ $<

# The catalogue of Vietnamese messages, beside the binary where i18n.c
# looks first (build/locale/vi/LC_MESSAGES/baocao.mo). msgfmt -c checks
# every translation keeps its msgid's printf conversions.
$(BUILD)/i18n.o: CFLAGS += -DLOCALEDIR='"$(LOCALEDIR)"'
$(MO): po/vi.po
	mkdir -p $(dir $@)
	msgfmt -c -o $@.tmp $< && mv $@.tmp $@

# `make po`: extract every marked message (_(), N_(), and the format of
# diag_error/warn/note/fail, which diag.c translates, and of sch_err and
# the WHAT of sch_expect/number/list, which schema.c translates) into po/baocao.pot
# and merge it into po/vi.po; translate what msgmerge marks new or fuzzy.
XGETTEXT_KEYS = --keyword=_ --keyword=N_ --keyword=ngettext:1,2 \
	--keyword=diag_error:3 --keyword=diag_warn:3 --keyword=diag_note:3 \
	--keyword=diag_fail:2 --keyword=unusable:2 \
	--keyword=sch_err:3 --keyword=sch_expect:3 --keyword=sch_number:3 \
	--keyword=sch_list:3
.PHONY: po
po:
	xgettext -o po/baocao.pot --from-code=UTF-8 --language=C --add-comments=TRANSLATORS: \
	    --package-name=baocao --msgid-bugs-address=baocao --no-location --sort-output \
	    $(XGETTEXT_KEYS) $(SRCS) $(MAIN)
	msgmerge -q --update --backup=none --no-location --sort-output po/vi.po po/baocao.pot

$(BUILD):
	mkdir -p $@

# Install whatever Debian package is missing; a no-op when all are there.
deps:
	@missing=""; for p in $(DEB_PKGS); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@# LANG=vi_VN.UTF-8 needs that locale generated (src/i18n.c copes
	@# without it, but other programs in a clerk's terminal do not).
	@if ! locale -a 2>/dev/null | grep -qix 'vi_VN\.utf-\?8'; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "generating the locale vi_VN.UTF-8"; \
	    sed -i 's/^# *\(vi_VN\(\.UTF-8\)\{0,1\} UTF-8\)/\1/' /etc/locale.gen && locale-gen >/dev/null; \
	  else echo "note: run make deps as root to generate the locale vi_VN.UTF-8"; fi; \
	fi

reports: all
	$(BIN) build -f reports

# Every test, three ways: plain, under ASan/UBSan, under valgrind.
check: check-fast san-check valgrind

check-fast: all unit
	tests/run.sh $(BIN)

# The scale-out recipes of docs/scaling.md run for real (as root; under 3
# minutes): a single-node Slurm cluster started by hand, GNU parallel over
# ssh to localhost, the Kubernetes Job's command (tests/scale/check-scale.sh).
SCALE_PKGS = slurmctld slurmd munge parallel openssh-server openssh-client
.PHONY: check-scale
check-scale: all
	@$(MAKE) --no-print-directory deps DEB_PKGS="$(SCALE_PKGS)"
	tests/scale/check-scale.sh $(BIN)

# Rewrite the golden layout dumps (tests/golden.sh) and the expected
# messages of the clerks' mistakes (tests/mistakes.sh) from the binary just
# built, listing the files that changed; review them with git diff.
.PHONY: regen
regen: all
	tests/golden.sh --regen $(BIN)
	tests/mistakes.sh --regen $(BIN)

SAN_FLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
	    -fno-sanitize-recover=all
san-check: deps
	$(MAKE) BUILD=build-san OPT="$(SAN_FLAGS)" LDFLAGS="-fsanitize=address,undefined" \
	    build-san/baocao build-san/locale/vi/LC_MESSAGES/baocao.mo build-san/gen_schema unit
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
	    TMPDIR_TESTS=tests/tmp-san tests/run.sh build-san/baocao

# memcheck over the sample reports and every bad input: no error, no
# definitely-lost bytes (workers are followed with --trace-children).
VG = valgrind -q --error-exitcode=99 --leak-check=full \
     --errors-for-leak-kinds=definite --trace-children=yes
valgrind: all
	rm -rf tests/tmp-vg && mkdir -p tests/tmp-vg
	SOURCE_DATE_EPOCH=1735689600 $(VG) $(BIN) build -q -f -j 1 -o tests/tmp-vg reports
	@for y in tests/bad/*.yaml; do \
	  case $$y in */_*) continue;; esac; \
	  $(VG) $(BIN) check -q $$y 2>tests/tmp-vg/err >/dev/null; rc=$$?; \
	  if [ $$rc -ne 1 ]; then echo "valgrind: $$y exit $$rc"; cat tests/tmp-vg/err; exit 1; fi; \
	done; echo "valgrind: samples and bad inputs clean"

clean:
	rm -rf build build-san build-fuzz out tests/tmp tests/tmp-*

# Unit driver for font.c and pdf.c; tests/unit/t_pdf.sh runs and checks it.
FONT_OBJS = $(BUILD)/font.o $(BUILD)/fontfind.o $(BUILD)/hpdf_fix.o $(BUILD)/zmemo.o $(BUILD)/zqueue.o $(BUILD)/ttf.o $(BUILD)/shape.o
$(BUILD)/t_pdf: tests/unit/t_pdf.c $(FONT_OBJS) $(BUILD)/pdf.o $(BUILD)/imgprep.o $(BUILD)/pdfa.o \
	    $(BUILD)/image.o $(BUILD)/arena.o $(BUILD)/diag.o $(BUILD)/text.o
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -Isrc -o $@ $^ $(LDFLAGS) $(PKG_LIBS) $(LDLIBS)

# Unit drivers for brk.c, link.c and para.c: t_para links a fake font (fixed
# advances, deterministic), t_para_real the real font.c (Liberation Serif)
# and prints spacing statistics of the seed texts given to it.
UNIT_BASE = $(BUILD)/text.o $(BUILD)/arena.o $(BUILD)/diag.o
# Unit driver for shape.c; tests/unit/t_shape.sh compares it with hb-shape.
$(BUILD)/t_shape: tests/unit/t_shape.c $(BUILD)/shape.o $(UNIT_BASE)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -Isrc -o $@ $^ $(LDFLAGS) $(PKG_LIBS) $(LDLIBS)
$(BUILD)/fake_font.o: tests/unit/fake_font.c $(HDRS) | $(BUILD)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -Isrc -c -o $@ $<
# Unit driver for arena.c.
$(BUILD)/t_arena: tests/unit/t_arena.c $(UNIT_BASE)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -Isrc -o $@ $^ $(LDFLAGS) $(PKG_LIBS) $(LDLIBS)
$(BUILD)/t_brk: tests/unit/t_brk.c $(BUILD)/brk.o $(UNIT_BASE)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -Isrc -o $@ $^ $(LDFLAGS) $(PKG_LIBS) $(LDLIBS)
$(BUILD)/t_link: tests/unit/t_link.c $(BUILD)/link.o $(UNIT_BASE)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -Isrc -o $@ $^ $(LDFLAGS) $(PKG_LIBS) $(LDLIBS)
$(BUILD)/t_para: tests/unit/t_para.c $(BUILD)/para.o $(BUILD)/para_fit.o $(BUILD)/para_cache.o $(BUILD)/brk.o \
	    $(BUILD)/link.o $(BUILD)/fake_font.o $(UNIT_BASE)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -Isrc -o $@ $^ $(LDFLAGS) $(PKG_LIBS) $(LDLIBS)
$(BUILD)/t_para_real: tests/unit/t_para.c $(BUILD)/para.o $(BUILD)/para_fit.o $(BUILD)/para_cache.o \
	    $(BUILD)/brk.o $(BUILD)/link.o $(FONT_OBJS) $(UNIT_BASE)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -DREAL_FONT -Isrc -o $@ $^ $(LDFLAGS) $(PKG_LIBS) $(LDLIBS)

# Unit driver for layout, tables, chart and dump (real fonts).
LAYOUT_OBJS = $(FONT_OBJS) $(BUILD)/para.o $(BUILD)/para_fit.o $(BUILD)/para_cache.o $(BUILD)/brk.o $(BUILD)/link.o \
	    $(BUILD)/layout.o $(BUILD)/foot.o $(BUILD)/head.o $(BUILD)/appendix.o $(BUILD)/table.o $(BUILD)/chart.o \
	    $(BUILD)/dump.o $(BUILD)/pdf.o $(BUILD)/imgprep.o $(BUILD)/pdfa.o $(BUILD)/image.o
$(BUILD)/t_layout: tests/unit/t_layout.c $(LAYOUT_OBJS) $(UNIT_BASE)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -Isrc -o $@ $^ $(LDFLAGS) $(PKG_LIBS) $(LDLIBS)

# `make unit` builds every unit driver; tests/run.sh runs them (through
# tests/unit/NAME.sh where one exists) and counts their results.
UNIT_BINS = $(BUILD)/t_arena $(BUILD)/t_brk $(BUILD)/t_link $(BUILD)/t_para $(BUILD)/t_para_real \
	    $(BUILD)/t_pdf $(BUILD)/t_layout $(BUILD)/t_load $(BUILD)/t_shape
unit: $(UNIT_BINS)

# Unit driver for the loader (yload, schema, validate, lower, load);
# with YAML files as arguments it prints their lowered model instead.
LOAD_OBJS = $(BUILD)/yload.o $(BUILD)/yextend.o $(BUILD)/ytrap.o \
	    $(BUILD)/schema.o $(BUILD)/schema_val.o \
	    $(BUILD)/schema_blk.o $(BUILD)/schema_tbl.o $(BUILD)/schema_app.o $(BUILD)/csv.o \
	    $(BUILD)/validate.o $(BUILD)/lower.o $(BUILD)/load.o \
	    $(BUILD)/fontfind.o $(BUILD)/image.o
$(BUILD)/t_load: tests/unit/t_load.c $(LOAD_OBJS) $(UNIT_BASE)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -Isrc -o $@ $^ $(LDFLAGS) $(PKG_LIBS) $(LDLIBS)

# JSON Schema for editors (docs/baocao-report.schema.json), written by
# tools/schema/gen_schema.c from the loader's own key tables (its
# tabs_*.c compile the schema sources in to reach their static tables);
# tests/jsonschema.sh checks the committed file is current.
GEN_SCHEMA_SRCS = tools/schema/gen_schema.c tools/schema/tabs_main.c \
	    tools/schema/tabs_blk.c tools/schema/tabs_tbl.c tools/schema/tabs_app.c
# (the schema sources the tabs_*.c include are prerequisites too)
$(BUILD)/gen_schema: $(GEN_SCHEMA_SRCS) tools/schema/gen.h $(HDRS) \
	    src/schema.c src/schema_blk.c src/schema_tbl.c src/schema_app.c \
	    $(BUILD)/schema_val.o $(BUILD)/csv.o $(BUILD)/yload.o $(BUILD)/ytrap.o $(BUILD)/fontfind.o $(UNIT_BASE)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -Isrc -o $@ $(GEN_SCHEMA_SRCS) \
	    $(BUILD)/schema_val.o $(BUILD)/csv.o $(BUILD)/yload.o $(BUILD)/ytrap.o $(BUILD)/fontfind.o $(UNIT_BASE) \
	    $(LDFLAGS) $(PKG_LIBS) $(LDLIBS)
.PHONY: schema
schema: $(BUILD)/gen_schema
	$(BUILD)/gen_schema > docs/baocao-report.schema.json.tmp
	mv docs/baocao-report.schema.json.tmp docs/baocao-report.schema.json

# Speed benchmark (bench/perf.sh; numbers in bench/RESULTS.md).
.PHONY: bench-perf
bench-perf: all $(BUILD)/bench-once
	bench/perf.sh $(BIN)
bench: bench-perf
# baocao and Typst 0.14 side by side on the peer kit's 100 reports
# (bench/peers.sh, issue 20): npm and node for this target only, never for
# make or make check; skipped with a message where they are missing.
.PHONY: bench-peers
bench-peers: all $(BUILD)/bench-once
	bench/peers.sh $(BIN)
# The least work one report needs (bench/floor.sh, issue 20): process
# start, reading the YAML, deflating the PDF's streams, writing and fsyncing
# it, against baocao's whole-process time (bench/floor.c, zlib only).
.PHONY: bench-floor
bench-floor: all $(BUILD)/bench-once $(BUILD)/bench-floor
	bench/floor.sh $(BIN)
$(BUILD)/bench-floor: bench/floor.c | $(BUILD)
	$(CC) $(CFLAGS) -o $@ $< -lz
# The launcher bench/run.py times each run with (bench/once.c).
$(BUILD)/bench-once: bench/once.c | $(BUILD)
	$(CC) $(CFLAGS) -o $@ $<

# libFuzzer over load, validate and layout (tests/fuzz/fuzz_load.c), in
# build-fuzz/ with clang, ASan and UBSan. New inputs go to
# tests/fuzz/corpus, crashes to tests/fuzz/artifacts (both ignored by git);
# the seeds are tests/fuzz/seeds (shapes of crashes found since), the
# sample reports and the good and bad test inputs.
FUZZ_SECONDS	?= 600
FUZZ_JOBS	?= 1
FUZZ_FLAGS	 = -O1 -g -fsanitize=fuzzer-no-link,address,undefined \
		   -fno-omit-frame-pointer -fno-sanitize-recover=all
FUZZ_OBJS	 = $(filter-out build-fuzz/batch.o build-fuzz/worker.o \
		   build-fuzz/build.o build-fuzz/atomic.o \
		   build-fuzz/stamp.o build-fuzz/dump.o build-fuzz/watch.o, \
		   $(SRCS:src/%.c=build-fuzz/%.o))
# -timeout: a 17 KB paragraph of one word broken inside takes 0.2 s in
# the release build but up to 5 s under ASan+UBSan on a loaded machine
# (tests/fuzz/FUZZING.md): 30 s still catches a hang.
FUZZ_RUN	 = -timeout=30 -rss_limit_mb=2048 -max_len=65536 \
		   -dict=tests/fuzz/yaml.dict \
		   -artifact_prefix=tests/fuzz/artifacts/ \
		   tests/fuzz/corpus tests/fuzz/seeds reports tests/good tests/bad
.PHONY: fuzz fuzz-smoke fuzz-build fuzz-deps
# clang 14 and its sanitizer/libFuzzer runtime (Debian 12), if missing.
fuzz-deps:
	@$(MAKE) --no-print-directory deps DEB_PKGS="clang libclang-rt-14-dev"
fuzz-build: fuzz-deps
	$(MAKE) BUILD=build-fuzz CC=clang OPT="$(FUZZ_FLAGS)" $(FUZZ_OBJS)
	clang $(CSTD) $(WARN) $(subst fuzzer-no-link,fuzzer,$(FUZZ_FLAGS)) \
	    $(PKG_CFLAGS) -Isrc -o build-fuzz/fuzz_load \
	    tests/fuzz/fuzz_load.c $(FUZZ_OBJS) $(PKG_LIBS) $(LDLIBS)
# FUZZ_JOBS > 1 runs that many processes (libFuzzer's -fork mode).
fuzz: fuzz-build
	mkdir -p tests/fuzz/corpus tests/fuzz/artifacts
	build-fuzz/fuzz_load -max_total_time=$(FUZZ_SECONDS) \
	    $(if $(filter-out 1,$(FUZZ_JOBS)),-fork=$(FUZZ_JOBS)) $(FUZZ_RUN)
fuzz-smoke:
	$(MAKE) fuzz FUZZ_SECONDS=60

# Typesetting quality benchmark (issue #3): spacing, overfull lines,
# widows/orphans and speed of total-fit against --first-fit, measured from
# the PDFs (bench/typeset.py; numbers in bench/TYPESET.md).
.PHONY: bench-typeset
bench-typeset: all
	bench/typeset-selftest.py
	bench/typeset.py --bin $(BIN)
bench: bench-typeset

# make install [PREFIX=/usr/local] [DESTDIR=]: the binary, the two man
# pages (baocao(1), baocao-report(5)), the Vietnamese messages and the
# JSON Schema for editors (share/baocao/baocao-report.schema.json).
MANDIR	?= $(PREFIX)/share/man
DATADIR	?= $(PREFIX)/share/baocao
.PHONY: install uninstall lint-man
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(DATADIR) \
	    $(DESTDIR)$(LOCALEDIR)/vi/LC_MESSAGES
	install -m 644 $(MO) $(DESTDIR)$(LOCALEDIR)/vi/LC_MESSAGES/baocao.mo
	install -m 644 docs/baocao-report.schema.json $(DESTDIR)$(DATADIR)/
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/baocao
	install -m 644 docs/baocao.1 $(DESTDIR)$(MANDIR)/man1/baocao.1
	install -m 644 docs/baocao-report.5 \
	    $(DESTDIR)$(MANDIR)/man5/baocao-report.5
uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/baocao \
	    $(DESTDIR)$(MANDIR)/man1/baocao.1 \
	    $(DESTDIR)$(MANDIR)/man5/baocao-report.5 \
	    $(DESTDIR)$(LOCALEDIR)/vi/LC_MESSAGES/baocao.mo \
	    $(DESTDIR)$(DATADIR)/baocao-report.schema.json
	-rmdir $(DESTDIR)$(DATADIR) 2>/dev/null
lint-man:
	mandoc -Tlint docs/baocao.1 docs/baocao-report.5
