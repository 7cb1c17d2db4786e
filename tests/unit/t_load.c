/*
 * t_load.c - unit tests of the loader (yload, schema, validate, lower
 * through load_report).
 *
 * Without arguments: writes small reports to a temporary folder, loads
 * them and checks the model (defaults, lowering of staffing, history and
 * awards, extends) and the diagnostics of bad ones. With arguments: loads
 * each YAML file and prints the lowered model (a debugging dump).
 * Prints failed checks and a closing "N passed, M failed"; exits 1 on any
 * failure.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "diag.h"
#include "load.h"
#include "model.h"

#include "check.h"

static char	 dir[64];

/* ---- the dump ---- */

static void
dump_inl(const struct inl *in)
{
	int	 i;

	for (i = 0; i < in->nspans; i++)
		printf("%s%.*s%s", in->spans[i].style & SPAN_BOLD ? "**" : "",
		    (int)in->spans[i].len, in->spans[i].text,
		    in->spans[i].style & SPAN_BOLD ? "**" : "");
}

static void
dump_table(const struct table *t)
{
	int	 i, j;

	printf("  table \"%s\" %dx%d head %d\n", t->caption ? t->caption : "",
	    t->nrows, t->ncols, t->nhead);
	for (i = 0; i < t->nhead; i++) {
		printf("   head:");
		for (j = 0; j < t->head[i].ncells; j++)
			printf(" [%s %d/%d]", t->head[i].cells[j].text,
			    t->head[i].cells[j].span,
			    t->head[i].cells[j].rowspan);
		printf("\n");
	}
	printf("   cols:");
	for (j = 0; j < t->ncols; j++)
		printf(" [%s %c%s]", t->cols[j].title, "lcr"[t->cols[j].align],
		    t->cols[j].is_number ? " num" : "");
	printf("\n");
	for (i = 0; i < t->nrows; i++) {
		printf("   row:");
		for (j = 0; j < t->ncols; j++) {
			printf(" |");
			dump_inl(&t->cells[i * t->ncols + j].text);
		}
		printf("\n");
	}
}

static void
dump_block(const struct block *b)
{
	int	 i;

	printf(" %d:%d kind %d", b->mark.line, b->mark.col, b->kind);
	switch (b->kind) {
	case BLK_HEADING:
		printf(" h%d ", b->u.heading.level);
		dump_inl(&b->u.heading.text);
		break;
	case BLK_PARAGRAPH:
	case BLK_QUOTE:
	case BLK_CAPTION:
		printf(" ");
		dump_inl(&b->u.para);
		break;
	case BLK_LIST:
		for (i = 0; i < b->u.list.nitems; i++) {
			printf(" - ");
			dump_inl(&b->u.list.items[i]);
		}
		break;
	case BLK_IMAGE:
		printf(" image %s %g", b->u.image.file, b->u.image.width_mm);
		break;
	case BLK_TABLE:
		printf("\n");
		dump_table(&b->u.table);
		return;
	case BLK_CHART:
		for (i = 0; i < b->u.chart.nbars; i++)
			printf(" [%s %g-%g %s]", b->u.chart.bars[i].label,
			    b->u.chart.bars[i].lo, b->u.chart.bars[i].hi,
			    b->u.chart.bars[i].value);
		break;
	default:
		break;
	}
	printf("\n");
}

static void
dump(const struct report *r)
{
	int	 i;

	printf("report %s -> %s\n", r->path, r->output);
	printf(" page %gx%g margins %g %g %g %g numbers %d first %d\n",
	    r->page.width_mm, r->page.height_mm, r->page.top, r->page.bottom,
	    r->page.left, r->page.right, r->page.numbers,
	    r->page.number_first);
	printf(" style %s%s %g %g %g %g %d fallback %d\n", r->style.font,
	    r->style.font_is_path ? " (path)" : "", r->style.size,
	    r->style.line_spacing, r->style.para_spacing, r->style.indent_mm,
	    r->style.justify, r->style.nfallback);
	printf(" title %s | %s | pdf_time %lld | deps %d\n", r->title,
	    r->subtitle ? r->subtitle : "", r->pdf_time, r->ndeps);
	for (i = 0; i < r->nblocks; i++)
		dump_block(&r->blocks[i]);
}

/* ---- self tests ---- */

static const char *
put(const char *name, const char *text)
{
	static char	 path[128];
	FILE		*f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "wb")) == NULL) {
		perror(path);
		exit(1);
	}
	fputs(text, f);
	fclose(f);
	return path;
}

/* Load `text` as NAME; the diagnostics land in errbuf. */
static struct report *
load_text(struct arena *a, const char *name, const char *text, char **errs)
{
	struct diag	 d;
	struct report	*r;
	size_t		 len;
	FILE		*f = open_memstream(errs, &len);
	const char	*p = put(name, text);

	diag_init(&d, f, p);
	r = load_report(a, &d, p);
	fclose(f);
	return r;
}

static void
t_defaults(void)
{
	struct arena	*a = arena_new();
	struct report	*r;
	char		*e = NULL;

	r = load_text(a, "min.yaml", "title: BÁO CÁO\nbody:\n  - paragraph: "
	    "Xin **chào** *bạn*\n  - toc\n  - page_break: {}\n", &e);
	CHECK(r != NULL, "minimal report loads: %s", e);
	if (r != NULL) {
		CHECK(r->page.width_mm == 210 && r->page.height_mm == 297, "A4");
		CHECK(r->page.top == 20 && r->page.left == 30 &&
		    r->page.right == 15 && r->page.bottom == 20, "margins");
		CHECK(strcmp(r->style.font, "Times New Roman") == 0, "font");
		CHECK(r->style.size == 13 && r->style.line_spacing == 1.15,
		    "size");
		CHECK(strcmp(r->output, "min.pdf") == 0, "output %s", r->output);
		CHECK(strcmp(r->lang, "vi") == 0, "lang");
		CHECK(r->nblocks == 3 && r->blocks[1].kind == BLK_TOC &&
		    r->blocks[2].kind == BLK_PAGE_BREAK, "toc, page_break");
		CHECK(r->blocks[0].u.para.nspans == 4, "spans %d",
		    r->blocks[0].u.para.nspans);
	}
	free(e);
	arena_free(a);
}

static const char *
cell(const struct table *t, int i, int j)
{
	const struct inl *in = &t->cells[i * t->ncols + j].text;

	return in->nspans > 0 ? in->spans[0].text : "";
}

static void
t_staffing(void)
{
	struct arena	*a = arena_new();
	struct report	*r;
	struct table	*t;
	char		*e = NULL;

	r = load_text(a, "st.yaml", "title: T\nmeta: {date: 2025-08-28}\n"
	    "body:\n  - staffing:\n      total: 1240\n      units:\n"
	    "        - {name: A, civil_servants: 4}\n"
	    "        - {name: B, civil_servants: 9, contract_workers: 1227}\n",
	    &e);
	CHECK(r != NULL, "staffing loads: %s", e);
	if (r == NULL)
		goto out;
	CHECK(r->pdf_time == 1756314000LL, "pdf_time %lld", r->pdf_time);
	t = &r->blocks[0].u.table;
	CHECK(r->blocks[0].kind == BLK_TABLE && t->ncols == 5 &&
	    t->nrows == 3 && t->nhead == 2, "staffing shape");
	CHECK(strcmp(cell(t, 2, 1), "Tổng cộng") == 0, "totals row");
	CHECK(strcmp(cell(t, 2, 4), "1.240") == 0, "grand total %s",
	    cell(t, 2, 4));
	CHECK(strcmp(cell(t, 1, 4), "1.236") == 0, "unit total");
	CHECK(t->cells[2 * 5 + 1].bold, "totals bold");
	CHECK(t->head[0].ncells == 4 && t->head[0].cells[2].span == 2 &&
	    t->head[1].ncells == 2, "two header rows");
out:
	free(e);
	arena_free(a);
}

static void
t_awards(void)
{
	struct arena	*a = arena_new();
	struct report	*r;
	struct table	*t;
	char		*e = NULL;

	r = load_text(a, "aw.yaml", "title: T\nbody:\n  - awards:\n"
	    "      sort: rank\n      items:\n"
	    "        - {award: Giấy khen của Giám đốc, year: 2001}\n"
	    "        - {award: Cờ thi đua của UBND tỉnh, year: 2010}\n"
	    "        - {award: Huân chương Lao động hạng Ba, year: 2002}\n"
	    "        - {award: Kỷ niệm chương, year: 1990}\n"
	    "        - {award: Cờ thi đua của Chính phủ, year: 2018}\n"
	    "        - {award: Huân chương Lao động hạng Nhì, year: 2012}\n"
	    "        - {award: Cờ thi đua của UBND tỉnh, year: 2008}\n"
	    "        - {award: BẰNG KHEN  của Thủ tướng Chính phủ, year: 2000}\n",
	    &e);
	CHECK(r != NULL, "awards load: %s", e);
	if (r == NULL)
		goto out;
	t = &r->blocks[0].u.table;
	/* STT, award, year and "Cấp khen" always (issue #4) */
	CHECK(t->ncols == 4 && t->nrows == 8 &&
	    strcmp(t->cols[3].title, "Cấp khen") == 0, "awards shape %d",
	    t->ncols);
	/* v2 ladder: Kỷ niệm chương between Cờ thi đua của Chính phủ and
	 * Bằng khen của Thủ tướng Chính phủ */
	CHECK(strcmp(cell(t, 0, 1), "Huân chương Lao động hạng Nhì") == 0 &&
	    strcmp(cell(t, 1, 1), "Huân chương Lao động hạng Ba") == 0 &&
	    strcmp(cell(t, 2, 1), "Cờ thi đua của Chính phủ") == 0 &&
	    strcmp(cell(t, 3, 1), "Kỷ niệm chương") == 0 &&
	    strncmp(cell(t, 4, 1), "BẰNG KHEN", 9) == 0 &&
	    strcmp(cell(t, 5, 2), "2008") == 0 &&
	    strcmp(cell(t, 6, 2), "2010") == 0 &&
	    strncmp(cell(t, 7, 1), "Giấy khen", 9) == 0, "rank order");
out:
	free(e);
	arena_free(a);
}

/* year: a range "2016 - 2020" (any dash) prints as written with an en
 * dash and sorts by its first year (spec §2, v2). */
static void
t_award_years(void)
{
	struct arena	*a = arena_new();
	struct report	*r;
	struct table	*t;
	char		*e = NULL;

	r = load_text(a, "ay.yaml", "title: T\nbody:\n  - awards:\n"
	    "      sort: year\n      items:\n"
	    "        - {award: Giấy khen, year: 2016 - 2020}\n"
	    "        - {award: Bằng khen, year: 2012}\n"
	    "        - {award: Cờ thi đua, year: 2011-2015}\n"
	    "        - {award: Lao động tiên tiến, year: \"2016 \xE2\x80\x94 "
	    "2017\"}\n", &e);
	CHECK(r != NULL, "award years load: %s", e);
	if (r == NULL)
		goto out;
	t = &r->blocks[0].u.table;
	CHECK(strcmp(cell(t, 0, 2), "2011\xE2\x80\x93" "2015") == 0 &&
	    strcmp(cell(t, 1, 2), "2012") == 0 &&
	    strcmp(cell(t, 2, 2), "2016 \xE2\x80\x93 2020") == 0 &&
	    strcmp(cell(t, 3, 2), "2016 \xE2\x80\x93 2017") == 0,
	    "ranges: en dash, by first year, ties as written (%s, %s)",
	    cell(t, 0, 2), cell(t, 2, 2));
out:
	free(e);
	arena_free(a);
}

static void
t_history(void)
{
	struct arena	*a = arena_new();
	struct report	*r;
	struct table	*t;
	char		*e = NULL;

	r = load_text(a, "hi.yaml", "title: T\nbody:\n  - staffing_history:\n"
	    "      chart: true\n      periods:\n"
	    "        - {period: 1945 - 1954, units: 4}\n"
	    "        - {period: 1955 - 1975, staff: [70, 1095]}\n"
	    "        - {period: 1987, units: 7, staff: 92}\n", &e);
	CHECK(r != NULL, "history loads: %s", e);
	if (r == NULL)
		goto out;
	t = &r->blocks[0].u.table;
	CHECK(r->nblocks == 2 && r->blocks[1].kind == BLK_CHART &&
	    r->blocks[1].u.chart.nbars == 3 &&
	    r->blocks[1].u.chart.bars[0].value == NULL &&
	    strcmp(r->blocks[1].u.chart.bars[0].label, "1945 - 1954") == 0 &&
	    r->blocks[1].u.chart.bars[1].is_range &&
	    r->blocks[1].u.chart.bars[1].hi == 1095,
	    "chart: every period, the one without a figure has no value");
	CHECK(t->ncols == 3 && strcmp(cell(t, 1, 2), "70\xE2\x80\x93" "1.095")
	    == 0, "range %s", cell(t, 1, 2));
	CHECK(strcmp(cell(t, 2, 0), "1987") == 0, "period as text");
out:
	free(e);
	arena_free(a);
}

static void
t_extends(void)
{
	struct arena	*a = arena_new();
	struct report	*r;
	char		*e = NULL;

	put("_base.yaml", "output: base.pdf\npage: {margins: {top: 25, "
	    "left: 35}}\nstyle: {size: 14}\ntitle: Base\nbody: [toc]\n");
	r = load_text(a, "ext.yaml", "extends: _base.yaml\npage: {margins: "
	    "{top: 22}}\ntitle: Child\n", &e);
	CHECK(r != NULL, "extends loads: %s", e);
	if (r == NULL)
		goto out;
	CHECK(r->page.top == 22 && r->page.left == 35 &&
	    r->page.right == 15, "deep merge");
	CHECK(r->style.size == 14 && strcmp(r->title, "Child") == 0, "merge");
	CHECK(strcmp(r->output, "ext.pdf") == 0, "output not inherited");
	CHECK(r->ndeps == 1 && strstr(r->deps[0], "_base.yaml"), "deps");
out:
	free(e);
	arena_free(a);
}

static void
t_award_groups(void)
{
	struct arena	*a = arena_new();
	struct report	*r;
	char		*e = NULL;

	r = load_text(a, "ag.yaml", "title: T\nbody:\n  - awards:\n"
	    "      caption: Khen thưởng\n      sort: year\n      group: kind\n"
	    "      items:\n"
	    "        - {award: Giấy khen, year: 2001}\n"
	    "        - {award: Lao động tiên tiến}\n"
	    "        - {award: Cờ thi đua của UBND tỉnh, year: 2010}\n"
	    "        - {award: Huân chương Lao động hạng Ba, year: 1999}\n"
	    "        - {award: Huân chương Kháng chiến hạng Nhất, "
	    "year: 1995}\n"
	    "        - {award: Tập thể lao động xuất sắc, year: 2005}\n", &e);
	CHECK(r != NULL, "award groups load: %s", e);
	if (r == NULL)
		goto out;
	CHECK(r->nblocks == 7 && r->blocks[0].kind == BLK_CAPTION &&
	    r->blocks[1].kind == BLK_SUBCAPTION &&
	    r->blocks[2].kind == BLK_TABLE
	    && r->blocks[6].kind == BLK_TABLE, "caption + 3 groups (%d)",
	    r->nblocks);
	if (r->nblocks != 7)
		goto out;
	CHECK(r->blocks[2].u.table.nrows == 2 &&
	    strncmp(cell(&r->blocks[2].u.table, 0, 1), "Huân", 5) == 0,
	    "K group, oldest first");
	CHECK(r->blocks[4].u.table.nrows == 3 &&
	    strcmp(cell(&r->blocks[4].u.table, 0, 2), "2005") == 0 &&
	    strcmp(cell(&r->blocks[4].u.table, 2, 1), "Lao động tiên tiến")
	    == 0, "D group, no year last");
	CHECK(r->blocks[6].u.table.nrows == 1, "Khác group");
out:
	free(e);
	arena_free(a);
}

struct bad {
	const char	*text;
	const char	*want;
};

static const struct bad bads[] = {
	{ "title: T\nbody:\n  - table: {captoin: x, columns: [a], "
	  "rows: [[1]]}\n", ":3:13: error: unknown key \"captoin\" in "
	  "body[0].table; did you mean \"caption\"?" },
	{ "title: T\ntitle: U\nbody: [toc]\n",
	  ":2:1: error: duplicate key \"title\"" },
	{ "title: T\nbody:\n  - awards:\n      items:\n        - {award: X, "
	  "year: hai nghìn}\n", "body[0].awards.items[0].year: expected a "
	  "year (2016) or a range of years (2016 - 2020), got \"hai nghìn\"" },
	{ "title: T\nbody:\n  - awards:\n      items:\n        - {award: X, "
	  "year: 2020 - 2016}\n", "body[0].awards.items[0].year: the range "
	  "\"2020 - 2016\" ends before it starts; write the earlier year "
	  "first (2016 - 2020)" },
	{ "title: T\nbody:\n  - awards:\n      items:\n        - {award: X, "
	  "year: 2016 - 20}\n", "body[0].awards.items[0].year: expected a "
	  "year (2016) or a range of years (2016 - 2020), got \"2016 - 20\"" },
	{ "title: T\nbody:\n  - staffing:\n      total: 130\n      units: "
	  "[{name: A, civil_servants: 128}]\n", ":4:14: error: "
	  "body[0].staffing.total: declared 130, but the units add up to 128" },
	{ "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, "
	  "*a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, "
	  "*b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, "
	  "*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e]\n",
	  "more than 100000 YAML nodes" },
	{ "title: T\nbody:\n  - paragraph: a **b\n", ":3:16: error:" },
	{ "body: []\n", "missing required key \"title\"" },
	{ "title: T\nstyle: {line_spacing: 7}\nbody: [toc]\n",
	  "style.line_spacing: expected a number from 1 to 1.5, got 7" },
	{ "title: T\noutput: ../x.pdf\nbody: [toc]\n", ":2:9: error: output:" },
	{ "title: T\nmeta: {date: 2025-02-29}\nbody: [toc]\n",
	  "no such date: 2025-02-29" },
	{ "title: T\npage: {margins: {left: 150, right: 100}}\nbody: [toc]\n",
	  "leave no room" },
	{ "extends: _c2.yaml\ntitle: T\nbody: [toc]\n", "extends cycle: " },
	{ "title: T\nbody:\n  - table:\n      columns: [a, b]\n      rows: "
	  "[[1, 2], [3]]\n", "body[0].table.rows[1]: 1 cell, but the table "
	  "has 2 columns" },
	{ NULL, NULL }
};

static void
t_bad(void)
{
	struct arena	*a;
	struct report	*r;
	char		*e;
	const struct bad *b;

	put("_c2.yaml", "extends: bad.yaml\n");
	for (b = bads; b->text != NULL; b++) {
		a = arena_new();
		e = NULL;
		r = load_text(a, "bad.yaml", b->text, &e);
		CHECK(r == NULL && e != NULL && strstr(e, b->want) != NULL,
		    "want \"%s\", got \"%s\"", b->want, e ? e : "");
		free(e);
		arena_free(a);
	}
}

/* Seconds to load a mapping of n keys. */
static double
load_keys(int n)
{
	struct arena	*a = arena_new();
	char		*e = NULL;
	struct sbuf	 sb = { 0 };
	clock_t		 t0;
	int		 i;

	for (i = 0; i < n; i++)
		sbuf_printf(&sb, "k%d: %d\n", i, i);
	t0 = clock();
	load_text(a, "big.yaml", sb.s, &e);
	t0 = clock() - t0;
	free(e);
	sbuf_free(&sb);
	arena_free(a);
	return (double)t0 / CLOCKS_PER_SEC;
}

/* Duplicate-key detection must not be quadratic: 4 times the keys may
 * take about 4 times as long (16 times if quadratic); a ratio, so the
 * check holds under valgrind too. */
static void
t_speed(void)
{
	double	 t1, t4;

	t1 = load_keys(10000);
	t4 = load_keys(40000);
	CHECK(t4 < 8 * t1 + 0.05, "40,000 keys %.3f s vs 10,000 keys %.3f s",
	    t4, t1);
}

static int
dump_files(int argc, char **argv)
{
	struct arena	*a;
	struct diag	 d;
	struct report	*r;
	int		 i, rc = 0;

	for (i = 1; i < argc; i++) {
		a = arena_new();
		diag_init(&d, stderr, argv[i]);
		if ((r = load_report(a, &d, argv[i])) != NULL)
			dump(r);
		else
			rc = 1;
		arena_free(a);
	}
	return rc;
}

/* The one measure of "close" (diag_edit_dist), in code points: a letter
 * with another mark is one edit, as for award names, also for keys and
 * choices (it was bytes there: "đông" was 2 edits from "động"). */
static void
t_closest(void)
{
	static const char *const sizes[] = { "A4", "A5", "Letter" };
	static const char *const words[] = { "động", "dash", "number" };
	static const uint32_t a[] = { 0x111, 0xF4, 'n', 'g' };	/* đông */
	static const uint32_t b[] = { 0x111, 0x1ED9, 'n', 'g' };	/* động */

	CHECK(diag_edit_dist(a, 4, b, 4, 3) == 1, "đông/động: one edit");
	CHECK(diag_edit_dist(a, 4, b, 2, 1) == 2, "limit + 1 when beyond");
	CHECK(diag_edit_dist(a, DIAG_DIST_MAX + 1, b, 4, 3) == 4,
	    "longer than DIAG_DIST_MAX: never close");
	CHECK(diag_closest("đông", words, 3) == words[0], "đông -> động");
	CHECK(diag_closest("dảsh", words, 3) == words[1], "dảsh -> dash");
	CHECK(diag_closest("Leter", sizes, 3) == sizes[2], "Leter -> Letter");
	CHECK(diag_closest("B5", sizes, 3) == sizes[1] ||
	    diag_closest("B5", sizes, 3) == sizes[0], "B5 -> A4 or A5");
	CHECK(diag_closest("tabel", sizes, 3) == NULL, "tabel: nothing");
	CHECK(diag_closest("", sizes, 3) == NULL, "empty: nothing");
}

/* A landscape block is flattened between two BLK_ORIENT markers; the
 * appendices' blocks follow the body's, each behind a BLK_APPENDIX. */
static void
t_pages(void)
{
	static const enum blk_kind want[] = { BLK_PARAGRAPH, BLK_ORIENT,
	    BLK_PARAGRAPH, BLK_TABLE, BLK_ORIENT, BLK_PARAGRAPH, BLK_APPENDIX,
	    BLK_PARAGRAPH, BLK_APPENDIX, BLK_ORIENT, BLK_PARAGRAPH,
	    BLK_ORIENT };
	struct arena	*a = arena_new();
	struct report	*r;
	char		*e = NULL;
	int		 i, ok;

	r = load_text(a, "pages.yaml", "title: BÁO CÁO\nbody:\n"
	    "  - paragraph: a\n  - landscape:\n      - paragraph: b\n"
	    "      - table: {columns: [{title: X}], rows: [[1]]}\n"
	    "  - paragraph: c\nappendices:\n"
	    "  - {title: Một, body: [paragraph: d]}\n"
	    "  - title: Hai\n    orientation: landscape\n"
	    "    body: [landscape: [paragraph: e]]\n", &e);
	CHECK(r != NULL, "landscape and appendices load: %s", e);
	if (r != NULL) {
		ok = r->nblocks == (int)(sizeof(want) / sizeof(want[0]));
		for (i = 0; ok && i < r->nblocks; i++)
			ok = r->blocks[i].kind == want[i];
		CHECK(ok, "blocks flattened with their markers (%d)",
		    r->nblocks);
		CHECK(ok && r->blocks[1].u.orient == 1 &&
		    r->blocks[4].u.orient == 0 && r->blocks[9].u.orient == 1 &&
		    r->blocks[11].u.orient == 1, "a landscape block turns the "
		    "pages back to those around it");
		CHECK(ok && r->napps == 2 && r->blocks[8].u.appendix == 1 &&
		    r->apps[1].landscape && !r->apps[0].landscape &&
		    strcmp(r->apps[1].title, "Hai") == 0, "appendices");
	}
	free(e);
	arena_free(a);
}

int
main(int argc, char **argv)
{
	char	 cmd[128];

	if (argc > 1)
		return dump_files(argc, argv);
	snprintf(dir, sizeof(dir), "/tmp/t_load.XXXXXX");
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	t_defaults();
	t_staffing();
	t_awards();
	t_history();
	t_extends();
	t_award_groups();
	t_award_years();
	t_bad();
	t_speed();
	t_closest();
	t_pages();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("could not remove %s\n", dir);
	printf("%d passed, %d failed\n", npass, nfail);
	return nfail > 0;
}
