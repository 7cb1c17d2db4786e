/*
 * schema_tbl.c - the generic `table:` block (spec §2, §2a "Tables"):
 * columns (title, width, align, type, group), rows written in YAML or
 * read from a CSV file, every cell formatted here (Vietnamese numbers
 * reprinted grouped, text as written), the default alignment of each
 * column, and (v2) `group` checked (the columns of a group stand side by
 * side; lower.c builds the header rows) and `totals: true` (a bold
 * "Tổng cộng" row of exact sums, added here, where each number's digits
 * are still at hand). Split from schema_blk.c, which dispatches to
 * sch_b_table.
 * Return convention: 0 = ok, -1 = failed with the diagnostic recorded.
 */
#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "csv.h"
#include "diag.h"
#include "i18n.h"
#include "model.h"
#include "schema_int.h"
#include "text.h"
#include "yload.h"

/* Keep the node itself for later (keys whose meaning needs others). */
static int
sch_stash(struct sch *s, const struct sch_key *k, const struct ynode *v,
    void *obj)
{
	(void)s;
	*(const struct ynode **)((char *)obj + k->off) = v;
	return 0;
}

struct sch_col {
	struct column	 c;
	int		 align_set;
	int		 is_text;
	int		 nonnum;	/* a non-empty cell that is no number */
	int		 nnum;
	int		 noted;		/* the note on a decimal point given */
	struct mark	 gmark;		/* of group: */
	int		 trow;		/* the first text cell's row, or -1 */
	struct mark	 tmark;		/*   and where it is */
	long long	 sum;		/* of its numbers, times 10^scale */
	int		 scale;		/* most decimals of a number */
	int		 big;		/* the sum overflows: not exact */
};

struct sch_tbl {
	struct table	*t;
	const char	*caption;
	const struct ynode *columns, *rows;
	struct sch_col	*cols;
	int		 totals;	/* totals: true */
	struct mark	 tmark;		/* of its value */
};

#define CO(f)	offsetof(struct sch_col, f)
#define TB(f)	offsetof(struct sch_tbl, f)

static const char *const sch_align_names[] = { "left", "center",
    "right" };	/* enum align */
static const struct sch_choice sch_align_ch = SCH_CHOICE(sch_align_names,
    0);
static const char *const sch_ctype_names[] = { "number", "text" };
static const struct sch_choice sch_ctype_ch = SCH_CHOICE(sch_ctype_names,
    0);

static int
sch_col_align(struct sch *s, const struct sch_key *k, const struct ynode *v,
    void *obj)
{
	struct sch_col	*c = obj;
	int		 i;

	(void)k;
	if ((i = sch_pick(s, v, &sch_align_ch)) == -1)
		return -1;
	c->c.align = (enum align)i;
	c->align_set = 1;
	return 0;
}

static int
sch_col_type(struct sch *s, const struct sch_key *k, const struct ynode *v,
    void *obj)
{
	int	 i;

	(void)k;
	if ((i = sch_pick(s, v, &sch_ctype_ch)) == -1)
		return -1;
	((struct sch_col *)obj)->is_text = i == 1;
	return 0;
}

static int
sch_col_group(struct sch *s, const struct sch_key *k, const struct ynode *v,
    void *obj)
{
	struct sch_col	*c = obj;

	(void)k;
	c->gmark = v->mark;
	return sch_text_req(s, v, &c->c.group);
}

static const struct sch_key sch_col_keys[] = {
	{ "title", SK_TEXT, CO(c.title), NULL, 1, 0, 0, 0 },
	{ "group", SK_FN, 0, sch_col_group, 0, 0, 0, 0 },
	{ "width", SK_NUM, CO(c.width), NULL, 0, 0.01, 1000, 0 },
	{ "align", SK_FN, 0, sch_col_align, 0, 0, 0, 0 },
	{ "type", SK_FN, 0, sch_col_type, 0, 0, 0, 0 },
	{ NULL, SK_NONE, 0, NULL, 0, 0, 0, 0 }
};

static int
sch_col_item(struct sch *s, const struct ynode *n, int i, void *ctx)
{
	struct sch_tbl	*tb = ctx;
	struct sch_col	*c = &tb->cols[i];

	c->c.mark = n->mark;
	if (n->kind == YL_SCALAR)
		return (c->c.title = sch_text(s, n)) ? 0 : -1;
	return sch_map(s, n, sch_col_keys, c);
}

/* A number of a number column written with a decimal point ("98.5"):
 * the error, and once per column a note on text columns (and, in a row
 * written [a, b] on one line, on quoting a decimal comma there). */
static int
sch_cell_point(struct sch *s, const struct ynode *n, enum txt_num_rc rc,
    struct sch_col *c, int flow)
{
	char	 dec[64];
	size_t	 i;

	sch_num_err(s, n, rc);
	if (c->noted)
		return -1;
	c->noted = 1;
	snprintf(dec, sizeof(dec), "%s", n->str);
	for (i = 0; dec[i] != '\0'; i++)
		if (dec[i] == '.')
			dec[i] = ',';
	if (flow)
		diag_note(s->d, n->mark, "inside [ ] a comma separates cells, "
		    "so a decimal goes in quotes there: \"%s\"", dec);
	diag_note(s->d, n->mark, "if this column holds no numbers but text "
	    "such as section numbers (1.1, 1.2), give it type: text");
	return -1;
}

/* Add a number as txt_num_vi prints it ("-1.234,50") to the column's
 * exact sum: integers scaled by 10^decimals, so 0,1 + 0,2 is 0,3. */
static void
sch_sum_add(struct sch_col *c, const char *p)
{
	long long	 v = 0;
	int		 neg = *p == '-', d = -1;

	if (*p == '-' || *p == '+')
		p++;
	for (; *p != '\0' && !c->big; p++) {
		if (*p == ',')
			d = 0;
		else if (*p >= '0' && *p <= '9') {
			c->big |= __builtin_mul_overflow(v, 10, &v) ||
			    __builtin_add_overflow(v, *p - '0', &v);
			d += d >= 0;
		}
	}
	for (d = d < 0 ? 0 : d; c->scale < d && !c->big; c->scale++)
		c->big |= __builtin_mul_overflow(c->sum, 10, &c->sum);
	for (; d < c->scale && !c->big; d++)
		c->big |= __builtin_mul_overflow(v, 10, &v);
	if (!c->big)
		c->big |= __builtin_add_overflow(c->sum, neg ? -v : v,
		    &c->sum);
}

/* One cell. In a number column a Vietnamese number (1.000, 15.230,
 * "98,5") is a number, right-aligned: plain ones are reprinted grouped
 * (15000 -> 15.000), quoted ones as written; a decimal point is an
 * error. Other cells, and every cell of a text column, print as
 * written. */
static int
sch_cell(struct sch *s, const struct ynode *n, struct sch_col *c,
    struct cell *cell, int flow)
{
	struct txt_num	 num;
	enum txt_num_rc	 rc;

	if (n->kind != YL_SCALAR)
		return sch_expect(s, n, "a cell value (text or number)");
	if (yl_is_null(n)) {
		txt_plain(s->a, "", n->mark, &cell->text);
		return 0;
	}
	if (!c->is_text) {
		rc = sch_vnum(n, &num);
		if (rc == TXT_NUM_POINT || rc == TXT_NUM_GROUP)
			return sch_cell_point(s, n, rc, c, flow);
		if (rc == TXT_NUM_OK) {
			c->nnum++;
			sch_sum_add(c, num.text);
			if (n->style != YL_PLAIN)
				return sch_inl(s, n, &cell->text);
			txt_plain(s->a, arena_strdup(s->a, num.text), n->mark,
			    &cell->text);
			return 0;
		}
	}
	if (sch_inl(s, n, &cell->text) == -1)
		return -1;
	if (cell->text.nspans > 1 || !txt_blank(cell->text.spans[0].text))
		c->nonnum = 1;
	return 0;
}

/* 1 when a row written on one line ([Tỷ lệ, 92,5]) has, at j and j + 1,
 * the two halves of a number its comma split: plain digits (dots
 * allowed before the comma), at most three after it (2019, 2020 are
 * two years, not a number). */
static int
sch_split_at(const struct ynode *n, int j)
{
	const struct ynode	*a = n->items[j], *b = n->items[j + 1];
	const char		*p;

	if (a->kind != YL_SCALAR || b->kind != YL_SCALAR ||
	    a->style != YL_PLAIN || b->style != YL_PLAIN ||
	    a->mark.line != b->mark.line || a->len == 0 || b->len == 0 ||
	    b->len > 3)
		return 0;
	for (p = a->str; *p != '\0'; p++)
		if (!isdigit((unsigned char)*p) && *p != '.')
			return 0;
	for (p = b->str; *p != '\0'; p++)
		if (!isdigit((unsigned char)*p))
			return 0;
	return isdigit((unsigned char)a->str[0]);
}

/* "%d cells, but the table has %d columns", singular or plural each:
 * whole sentences, translated by sch_err. */
static const char *const sch_cells_fmt[2][2] = {
	{ N_("%d cell, but the table has %d column"),
	  N_("%d cell, but the table has %d columns") },
	{ N_("%d cells, but the table has %d column"),
	  N_("%d cells, but the table has %d columns") }
};

/* A row with one cell too many: when a decimal comma split a number,
 * say so at the number. -1 (diagnosed). */
static int
sch_row_length(struct sch *s, const struct ynode *n, int ncols)
{
	int	 j;

	if (n->n == ncols + 1)
		for (j = 0; j + 1 < n->n; j++)
			if (sch_split_at(n, j)) {
				sch_err(s, n->items[j]->mark, "%d cells, but "
				    "the table has %d columns: inside [ ] the "
				    "comma of %s,%s splits it in two; write "
				    "the number in quotes: \"%s,%s\"", n->n,
				    ncols, n->items[j]->str,
				    n->items[j + 1]->str, n->items[j]->str,
				    n->items[j + 1]->str);
				return -1;
			}
	sch_err(s, n->mark, sch_cells_fmt[n->n != 1][ncols != 1], n->n, ncols);
	return -1;
}

static int
sch_row(struct sch *s, const struct ynode *n, int i, void *ctx)
{
	struct sch_tbl	*tb = ctx;
	struct table	*t = tb->t;
	size_t		 old;
	int		 j, flow, rc = 0;

	if (n->kind != YL_SEQ)
		return sch_expect(s, n, "a list of cells");
	if (n->n != t->ncols)
		return sch_row_length(s, n, t->ncols);
	/* cells on one line: written [a, b] (not a row of a CSV file) */
	flow = n->braces && n->n > 1 && n->items[0]->mark.line ==
	    n->items[n->n - 1]->mark.line;
	for (j = 0; j < n->n; j++) {
		old = sch_push_idx(s, j);
		if (sch_cell(s, n->items[j], &tb->cols[j],
		    &t->cells[i * t->ncols + j], flow) == -1)
			rc = -1;
		if (tb->cols[j].nonnum && tb->cols[j].trow < 0) {
			tb->cols[j].trow = i;
			tb->cols[j].tmark = n->items[j]->mark;
		}
		sch_pop(s, old);
	}
	return rc;
}

/* Default alignment once every cell is known. */
static void
sch_tbl_align(struct sch_tbl *tb)
{
	struct table	*t = tb->t;
	int		 i, j;

	for (j = 0; j < t->ncols; j++) {
		struct sch_col *c = &tb->cols[j];

		c->c.is_number = !c->is_text && !c->nonnum && c->nnum > 0;
		if (!c->align_set)
			c->c.align = c->c.is_number ? ALIGN_RIGHT : ALIGN_LEFT;
		t->cols[j] = c->c;
		for (i = 0; i < t->nrows; i++)
			t->cells[i * t->ncols + j].align = c->c.align;
	}
}

static int
sch_tbl_totals(struct sch *s, const struct sch_key *k, const struct ynode *v,
    void *obj)
{
	struct sch_tbl	*tb = obj;

	(void)k;
	tb->tmark = v->mark;
	if (v->kind == YL_SCALAR && v->style == YL_PLAIN &&
	    (strcmp(v->str, "true") == 0 || strcmp(v->str, "false") == 0)) {
		tb->totals = strcmp(v->str, "true") == 0;
		return 0;
	}
	return sch_expect(s, v, "true or false");
}

static const struct sch_key sch_table_keys[] = {
	{ "caption", SK_TEXT, TB(caption), NULL, 0, 0, 0, 0 },
	{ "totals", SK_FN, 0, sch_tbl_totals, 0, 0, 0, 0 },
	{ "columns", SK_FN, TB(columns), sch_stash, 1, 0, 0, 0 },
	{ "rows", SK_FN, TB(rows), sch_stash, 1, 0, 0, 0 },
	{ NULL, SK_NONE, 0, NULL, 0, 0, 0, 0 }
};

/* rows: {csv: FILE}, its header checked against the column titles. */
static int
sch_tbl_csv(struct sch *s, struct sch_tbl *tb)
{
	struct cv_want	 w = { CV_ROWS, "rows", NULL, 0 };
	const char	**titles;
	int		 j;

	if (tb->rows->kind != YL_MAP)
		return 0;
	titles = arena_alloc(s->a, (tb->t->ncols + 1) * sizeof(*titles));
	for (j = 0; j < tb->t->ncols; j++)
		titles[j] = tb->cols[j].c.title;
	w.titles = titles;
	w.ntitles = tb->t->ncols;
	return sch_csv(s, tb->rows, &w, &tb->rows);
}

static int
sch_tbl_rows(struct sch *s, struct sch_tbl *tb)
{
	struct table	*t = tb->t;
	size_t		 old;
	int		 rc, bad;

	old = sch_push_key(s, "rows");
	if ((bad = sch_tbl_csv(s, tb)) == -1) {
		sch_pop(s, old);
		return -1;
	}
	if (tb->rows->kind == YL_SEQ && tb->rows->n > SCH_MAX_ROWS) {
		sch_err(s, tb->rows->mark, "%d rows; a table has at most %d",
		    tb->rows->n, SCH_MAX_ROWS);
		sch_pop(s, old);
		return -1;
	}
	if (tb->rows->kind == YL_SEQ) {
		t->nrows = tb->rows->n;
		t->cells = arena_alloc(s->a, ((size_t)t->nrows * t->ncols + 1)
		    * sizeof(*t->cells));
	}
	rc = sch_list(s, tb->rows, "a list of rows", sch_row, tb);
	sch_pop(s, old);
	return bad ? -1 : rc;
}

/* group: the columns of one group stand side by side (one header cell
 * spans them). -1 (diagnosed) when a column of a group follows one of
 * another group or none, after a column of its own group. */
static int
sch_tbl_groups(struct sch *s, struct sch_tbl *tb)
{
	const struct column *c = tb->t->cols;
	size_t		 old;
	int		 j, k, rc = 0;

	for (j = 1; j < tb->t->ncols; j++) {
		if (c[j].group == NULL || (c[j - 1].group != NULL &&
		    strcmp(c[j - 1].group, c[j].group) == 0))
			continue;
		for (k = j - 2; k >= 0; k--)
			if (c[k].group != NULL &&
			    strcmp(c[k].group, c[j].group) == 0)
				break;
		if (k < 0)
			continue;
		old = sch_push_key(s, "columns");
		sch_push_idx(s, j);
		sch_push_key(s, "group");
		sch_err(s, tb->cols[j].gmark, "the columns of the group \"%s\" "
		    "must stand side by side, but \"%s\" comes between \"%s\" "
		    "and \"%s\"", c[j].group, c[j - 1].title, c[k].title,
		    c[j].title);
		sch_pop(s, old);
		diag_note(s->d, tb->cols[j].gmark, "one header cell spans the "
		    "columns of a group: move this column next to the others "
		    "of \"%s\", or give the columns between them the same "
		    "group", c[j].group);
		rc = -1;
	}
	return rc;
}

/* A column's sum as its cells print: "1.234", "-5", "192,50". */
static const char *
sch_sum_text(struct sch *s, const struct sch_col *c)
{
	unsigned long long	 u, p = 1;
	int			 k;

	u = c->sum < 0 ? 0ULL - (unsigned long long)c->sum :
	    (unsigned long long)c->sum;
	for (k = 0; k < c->scale; k++)
		p *= 10;
	if (c->scale == 0)
		return arena_printf(s->a, "%s%s", c->sum < 0 ? "-" : "",
		    txt_int_vi(s->a, (long)(u / p)));
	return arena_printf(s->a, "%s%s,%0*llu", c->sum < 0 ? "-" : "",
	    txt_int_vi(s->a, (long)(u / p)), c->scale, u % p);
}

/* The column "Tổng cộng" goes in (the first that is not a number
 * column; the first when all are); -1 (diagnosed) when no number column
 * follows it, or one of those holds text or a sum too large to add up
 * exactly. */
static int
sch_tbl_label(struct sch *s, struct sch_tbl *tb)
{
	const struct table *t = tb->t;
	size_t		 old;
	int		 j, lab = 0, n = 0, rc = 0;

	while (lab < t->ncols && t->cols[lab].is_number)
		lab++;
	lab = lab == t->ncols ? 0 : lab;
	for (j = lab + 1; j < t->ncols; j++) {
		const struct sch_col *c = &tb->cols[j];

		n += t->cols[j].is_number;
		if (c->is_text || c->nnum == 0)
			continue;
		if (c->big || c->trow >= 0) {
			old = sch_push_key(s, "rows");
			sch_push_idx(s, c->trow);
			sch_push_idx(s, j);
			if (c->big)
				sch_err(s, tb->tmark, "the numbers of the column "
				    "\"%s\" are too long to add up exactly",
				    t->cols[j].title);
			else
				sch_err(s, c->tmark, "totals: true adds up the "
				    "column \"%s\", but this cell is text, not "
				    "a number", t->cols[j].title);
			sch_pop(s, old);
			if (!c->big)
				diag_note(s->d, c->tmark, "write the number "
				    "(1.234 or 98,5), leave the cell empty, "
				    "or give the column type: text (it is "
				    "then printed as written, without a "
				    "total)");
			rc = -1;
		}
	}
	if (n == 0 && rc == 0) {
		old = sch_push_key(s, "totals");
		sch_err(s, tb->tmark, "totals: true, but no column after "
		    "\"%s\" holds numbers to add up", t->cols[lab].title);
		sch_pop(s, old);
		diag_note(s->d, tb->tmark, "the row \"Tổng cộng\" is written "
		    "in the first column that is not a number column and adds "
		    "up each number column after it (a column whose cells are "
		    "numbers and that has no type: text)");
		return -1;
	}
	return rc == -1 ? -1 : lab;
}

/* A row of the clerk's own that is a totals row ("Tổng cộng" in the label
 * column) would be added into the sums of totals: true, and the total
 * printed doubled: an error at that cell. */
static int
sch_tbl_own_total(struct sch *s, const struct sch_tbl *tb, int lab)
{
	const struct table *t = tb->t;
	const struct inl   *in;
	size_t		    old;
	int		    r;

	for (r = 0; r < t->nrows; r++) {
		in = &t->cells[r * t->ncols + lab].text;
		if (txt_is_total_label(in) != 1)
			continue;
		old = sch_push_key(s, "rows");
		sch_push_idx(s, r);
		sch_push_idx(s, lab);
		sch_err(s, in->mark, "this row is a totals row, and totals: "
		    "true adds one more: its numbers would be counted twice");
		sch_pop(s, old);
		diag_note(s->d, in->mark, "delete this row and keep totals: "
		    "true (the sums are computed), or delete totals: true and "
		    "keep your own row");
		return -1;
	}
	return 0;
}

/* totals: true - a bold last row, "Tổng cộng" in the label column and
 * under each number column after it the exact sum of its cells. */
static int
sch_tbl_sums(struct sch *s, struct sch_tbl *tb)
{
	struct table	*t = tb->t;
	struct cell	*cells, *ce;
	const char	*txt;
	int		 lab, j;

	if ((lab = sch_tbl_label(s, tb)) == -1 ||
	    sch_tbl_own_total(s, tb, lab) == -1)
		return -1;
	cells = arena_alloc(s->a, ((size_t)(t->nrows + 1) * t->ncols + 1) *
	    sizeof(*cells));
	if (t->nrows > 0)
		memcpy(cells, t->cells, (size_t)t->nrows * t->ncols *
		    sizeof(*cells));
	t->cells = cells;
	for (j = 0; j < t->ncols; j++) {
		ce = &cells[t->nrows * t->ncols + j];
		txt = "";
		if (j == lab)
			txt = "Tổng cộng";
		else if (j > lab && t->cols[j].is_number)
			txt = sch_sum_text(s, &tb->cols[j]);
		txt_plain(s->a, txt, tb->tmark, &ce->text);
		ce->align = t->cols[j].align;
		ce->bold = 1;
	}
	t->nrows++;
	return 0;
}

int
sch_b_table(struct sch *s, const struct ynode *v, struct block *b)
{
	struct sch_tbl	 tb;
	size_t		 old;
	int		 rc;

	memset(&tb, 0, sizeof(tb));
	tb.t = &b->u.table;
	tb.t->mark = v->mark;
	if (sch_map(s, v, sch_table_keys, &tb) == -1 || tb.columns == NULL ||
	    tb.rows == NULL)
		return -1;
	tb.t->caption = tb.caption;
	old = sch_push_key(s, "columns");
	if (tb.columns->kind == YL_SEQ) {
		tb.t->ncols = tb.columns->n;
		tb.cols = arena_alloc(s->a, (tb.t->ncols + 1) *
		    sizeof(*tb.cols));
		tb.t->cols = arena_alloc(s->a, (tb.t->ncols + 1) *
		    sizeof(*tb.t->cols));
	}
	rc = sch_list(s, tb.columns, "a list of columns", sch_col_item, &tb);
	sch_pop(s, old);
	if (rc == -1)
		return -1;
	for (rc = 0; rc < tb.t->ncols; rc++)
		tb.cols[rc].trow = -1;
	if (sch_tbl_rows(s, &tb) == -1)
		return -1;
	sch_tbl_align(&tb);
	rc = sch_tbl_groups(s, &tb);
	if (tb.totals && sch_tbl_sums(s, &tb) == -1)
		return -1;
	return rc;
}
