# baocao - plain Makefile for Debian 12 (see README.md).
# make reports   build baocao and every report in reports/ into out/
# make check     all tests (unit, PDFs, bad inputs, sanitizers, valgrind)

CC	?= cc
PKGS	 = yaml-0.1 icu-uc icu-i18n fontconfig zlib
CSTD	 = -std=c17 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
WARN	 = -Wall -Wextra -Wpedantic -Werror
OPT	?= -O2 -g
CFLAGS	?=
CFLAGS	+= $(CSTD) $(WARN) $(OPT) $(EXTRA_CFLAGS)
LDLIBS	+= -lhpdf -lpng -lz -lm

DEB_PKGS = build-essential pkg-config libhpdf-dev libyaml-dev libicu-dev \
	   libfontconfig-dev zlib1g-dev libpng-dev fonts-liberation2 \
	   fonts-noto-core poppler-utils qpdf valgrind python3 python3-yaml \
	   mandoc

SRCS	 = src/arena.c src/diag.c src/text.c src/yload.c src/schema.c \
	   src/validate.c src/lower.c src/load.c src/font.c src/brk.c \
	   src/para.c src/layout.c src/table.c src/chart.c src/pdf.c \
	   src/dump.c src/batch.c
MAIN	 = src/main.c
HDRS	 = $(wildcard src/*.h)

BUILD	?= build
OBJS	 = $(SRCS:src/%.c=$(BUILD)/%.o)
BIN	 = $(BUILD)/baocao

# Configuration via pkg-config is resolved lazily so that `make deps`
# can run first on a machine that has none of the -dev packages yet.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)

.PHONY: all deps reports check unit test-pdf san valgrind bench clean

all: deps $(BIN)

$(BIN): $(OBJS) $(BUILD)/main.o
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) $(LDLIBS)

$(BUILD)/%.o: src/%.c $(HDRS) | $(BUILD)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -c -o $@ $<

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

reports: all
	$(BIN) build -f reports

check: all
	tests/run.sh $(BIN)

clean:
	rm -rf build build-san out
