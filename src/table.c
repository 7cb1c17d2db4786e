/*
 * table.c - a generic table (model.h struct table: plain tables, and the
 * staffing, history and awards tables lower.c builds) as slices on the
 * layout's vertical list (layout_int.h).
 *
 * Owns column widths (relative widths, else the measured minimum and
 * maximum content widths fitted to the text width: short columns get
 * what they need, long ones share the rest; a table with widths_from
 * takes the widths measured on that table), header rows with
 * colspan/rowspan (bold, centred, one slice that is also repeated on
 * every page the table continues on), body rows (one
 * slice each, never split unless taller than a page: then cut between
 * lines, with rules closing each page), the caption above the table
 * and where the table may break (tbl_keeps: whole when it fits a page,
 * else at least 3 rows on each side of a break). Every cell is ruled with
 * 0.5 pt lines: the header draws the top and left edges and each cell its
 * right and bottom edges.
 *
 * Return convention: 0 = ok, -1 = failed with a diagnostic recorded.
 */
#include <string.h>

#include "arena.h"
#include "box.h"
#include "font.h"
#include "layout_int.h"
#include "model.h"
#include "para.h"
#include "table.h"
#include "text.h"

#define PAD		3.0		/* above and below a cell's text */
#define PAD_X		(1.5 * 72.0 / 25.4)	/* either side of it: 1.5 mm */
#define RULE_W		0.5
#define CONT_GAP	4.0		/* under "Bảng 1 (tiếp theo)" */
#define SIDE_ROWS	3		/* rows on each side of a page break */

struct tbl {
	struct lay	*l;
	const struct table *t;
	double		 size, adv, base;
	double		*colx;		/* ncols + 1 edges */
	unsigned char	*total;		/* per row: a totals row (bold) */
	struct slice	*head;		/* header rows, or NULL */
	struct slice	*rep;		/* what a continuation page starts
					   with: t->cont above the header
					   rows (cont_head), else head */
};

/* A header cell placed on the grid. */
struct hpos {
	const char	*text;
	int		 row, col, span, rowspan;
};

/* ------------------------------------------------------------------ */
/* Totals rows.                                                        */

/* Which rows are totals rows, set bold in every table kind: a row lower.c
 * made bold (staffing), or one whose first non-empty cell is a totals
 * label (a plain table's "Tổng cộng" row). */
static void
find_totals(struct tbl *tb)
{
	const struct table *t = tb->t;
	const struct cell *ce;
	int		 r, c, k;

	tb->total = arena_alloc(tb->l->a, (size_t)t->nrows + 1);
	for (r = 0; r < t->nrows; r++) {
		tb->total[r] = 0;
		for (c = 0; c < t->ncols; c++) {
			ce = &t->cells[r * t->ncols + c];
			if (ce->bold)
				tb->total[r] = 1;
		}
		for (c = 0; c < t->ncols; c++) {
			k = txt_is_total_label(&t->cells[r * t->ncols +
			    c].text);
			if (k == -1)
				continue;
			if (k == 1)
				tb->total[r] = 1;
			break;
		}
	}
}

/* ------------------------------------------------------------------ */
/* Column widths.                                                      */

static void
measure_str(struct tbl *tb, const char *s, int style, double *mn,
    double *mx)
{
	struct inl	 in;
	struct mark	 m = { NULL, 0, 0, NULL };

	txt_plain(tb->l->a, s, m, &in);
	para_measure_c(tb->l->pcache, tb->l->fs, &in, style, tb->size,
	    tb->l->r->lang, mn, mx);
}

static void
grow(double *v, double x)
{
	if (x > *v)
		*v = x;
}

/* Minimum and maximum width of each column, padding included, over the
 * header cells spanning one column and the body cells; cx is the body's
 * maximum alone (at least the minimum): what the column needs when its
 * title may wrap. */
static void
measure_cols(struct tbl *tb, const struct hpos *hp, int nhp, double *mn,
    double *mx, double *cx)
{
	const struct table *t = tb->t;
	double		 a, b;
	int		 r, c;

	for (c = 0; c < t->ncols; c++)
		mn[c] = mx[c] = cx[c] = 0;
	for (r = 0; r < t->nrows; r++) {
		for (c = 0; c < t->ncols; c++) {
			const struct cell *ce = &t->cells[r * t->ncols + c];

			para_measure_c(tb->l->pcache, tb->l->fs, &ce->text,
			    tb->total[r] ? SPAN_BOLD : 0, tb->size,
			    tb->l->r->lang, &a, &b);
			grow(&mn[c], a);
			grow(&cx[c], b);
		}
	}
	for (c = 0; c < t->ncols; c++)
		mx[c] = cx[c];
	for (r = 0; r < nhp; r++) {
		if (hp[r].span != 1)
			continue;
		measure_str(tb, hp[r].text, SPAN_BOLD, &a, &b);
		grow(&mn[hp[r].col], a);
		grow(&mx[hp[r].col], b);
	}
	for (c = 0; c < t->ncols; c++) {
		mn[c] += 2 * PAD_X + 1;
		mx[c] += 2 * PAD_X + 1;
		cx[c] += 2 * PAD_X + 1;
		grow(&cx[c], mn[c]);
		grow(&mx[c], cx[c]);
	}
}

/* Columns whose need fits a fair share of what is left get it, until
 * none does (so a short column is never squeezed to give a long one a
 * little more); the others share the rest between their minimum and
 * their need. Returns the width left over (0 when some columns could
 * not get their need). */
static double
fit_share(int n, int *use, const double *mn, const double *need, double W,
    double *w)
{
	double	 smn, snd, f;
	int	 c, nfree, fixed;

	do {
		for (nfree = 0, c = 0; c < n; c++)
			nfree += use[c];
		for (fixed = 0, c = 0; nfree > 0 && c < n; c++)
			if (use[c] && need[c] <= W / nfree) {
				w[c] = need[c];
				W -= need[c];
				use[c] = 0;
				fixed = 1;
			}
	} while (fixed);
	for (smn = snd = 0, c = 0; c < n; c++)
		if (use[c]) {
			smn += mn[c];
			snd += need[c];
		}
	if (snd == 0)
		return W;
	f = smn <= W && snd > smn ? (W - smn) / (snd - smn) : 0;
	for (c = 0; c < n; c++)
		if (use[c])
			w[c] = smn <= W ? mn[c] + (need[c] - mn[c]) * f :
			    mn[c] * W / smn;
	return 0;
}

/* Fit measured columns into W: every column at its maximum if they all
 * fit (the slack shared in proportion); else fair shares of the content
 * widths (titles may wrap), and what is left goes first to the columns
 * whose title would wrap, then to all in proportion. */
static void
fit_auto(struct arena *a, int n, const int *use, const double *mn,
    const double *mx, const double *cx, double W, double *w)
{
	double	 smx = 0, want = 0, left, f;
	int	*u, c;

	for (c = 0; c < n; c++)
		if (use[c])
			smx += mx[c];
	if (smx <= W) {
		for (c = 0; c < n; c++)
			if (use[c])
				w[c] = mx[c] + (W - smx) * (smx > 0 ?
				    mx[c] / smx : 0);
		return;
	}
	u = arena_alloc(a, sizeof(int) * (size_t)(n + 1));
	memcpy(u, use, sizeof(int) * (size_t)n);
	if ((left = fit_share(n, u, mn, cx, W, w)) <= 0)
		return;
	for (c = 0; c < n; c++)
		if (use[c])
			want += mx[c] - w[c];
	f = want > left ? left / want : 1;
	for (c = 0; c < n; c++)
		if (use[c]) {
			left -= (mx[c] - w[c]) * f;
			w[c] += (mx[c] - w[c]) * f;
		}
	for (smx = 0, c = 0; c < n; c++)
		if (use[c])
			smx += w[c];
	for (c = 0; c < n && left > 0 && smx > 0; c++)
		if (use[c])
			w[c] += left * w[c] / (smx);
}

/* Columns with a relative width share what the measured ones leave; the
 * measured ones get their maximum when those fit in half the width, else
 * fair shares of that half (of all of it when their minima need more). */
static void
col_widths(struct tbl *tb, const double *mn, const double *mx,
    const double *cx, double *w)
{
	const struct table *t = tb->t;
	double		 W = tb->l->width, rel = 0, used = 0, smn = 0, smx = 0;
	int		*use, c, nrel = 0;

	use = arena_alloc(tb->l->a, sizeof(int) * (size_t)(t->ncols + 1));
	for (c = 0; c < t->ncols; c++) {
		if (t->cols[c].width > 0) {
			rel += t->cols[c].width;
			nrel++;
		} else {
			use[c] = 1;
			smn += mn[c];
			smx += mx[c];
		}
	}
	if (nrel == t->ncols) {
		for (c = 0; c < t->ncols; c++)
			w[c] = W * t->cols[c].width / rel;
		return;
	}
	if (nrel == 0 || smn > W * 0.8) {
		for (c = 0; c < t->ncols; c++)
			use[c] = 1;
		fit_auto(tb->l->a, t->ncols, use, mn, mx, cx, W, w);
		return;
	}
	if (smx <= W * 0.5)
		for (c = 0; c < t->ncols; c++)
			w[c] = mx[c];
	else
		fit_auto(tb->l->a, t->ncols, use, mn, mx, cx,
		    smn > W * 0.5 ? smn : W * 0.5, w);
	for (c = 0; c < t->ncols; c++)
		if (use[c])
			used += w[c];
	for (c = 0; c < t->ncols; c++)
		if (!use[c])
			w[c] = (W - used) * t->cols[c].width / rel;
}

/* ------------------------------------------------------------------ */
/* Header rows.                                                        */

/* Place header cells on the grid (HTML rules: a cell takes the next
 * column not covered by a rowspan from above). No header rows in the
 * model: one row of column titles, if any column has a title. */
static int
map_head(struct tbl *tb, struct hpos **out, int *nrows)
{
	const struct table *t = tb->t;
	struct hpos	*hp;
	char		*occ;
	int		 r, k, c, n = 0, total = 0, i, j;

	for (r = 0; r < t->nhead; r++)
		total += t->head[r].ncells;
	if (t->nhead == 0) {
		for (c = 0; c < t->ncols; c++)
			if (t->cols[c].title != NULL)
				total = t->ncols;
		hp = arena_alloc(tb->l->a, sizeof(*hp) * (size_t)(total + 1));
		for (c = 0; c < total; c++) {
			hp[c].text = t->cols[c].title ? t->cols[c].title : "";
			hp[c].col = c;
			hp[c].span = hp[c].rowspan = 1;
		}
		*out = hp;
		*nrows = total > 0;
		return total;
	}
	hp = arena_alloc(tb->l->a, sizeof(*hp) * (size_t)(total + 1));
	occ = arena_alloc(tb->l->a, (size_t)(t->nhead * t->ncols + 1));
	for (r = 0; r < t->nhead; r++) {
		c = 0;
		for (k = 0; k < t->head[r].ncells; k++) {
			const struct hcell *hc = &t->head[r].cells[k];

			while (c < t->ncols && occ[r * t->ncols + c])
				c++;
			if (c >= t->ncols)
				break;
			hp[n].text = hc->text != NULL ? hc->text : "";
			hp[n].row = r;
			hp[n].col = c;
			hp[n].span = hc->span < 1 ? 1 : hc->span;
			if (c + hp[n].span > t->ncols)
				hp[n].span = t->ncols - c;
			hp[n].rowspan = hc->rowspan < 1 ? 1 : hc->rowspan;
			if (r + hp[n].rowspan > t->nhead)
				hp[n].rowspan = t->nhead - r;
			for (i = r; i < r + hp[n].rowspan; i++)
				for (j = c; j < c + hp[n].span; j++)
					occ[i * t->ncols + j] = 1;
			c += hp[n++].span;
		}
	}
	*out = hp;
	*nrows = t->nhead;
	return n;
}

/* Break every header cell; row heights so that each cell fits the rows
 * it spans (a spanning cell's surplus goes to its last row). */
static int
head_rows(struct tbl *tb, const struct hpos *hp, int n, int nrows,
    struct para *p, double *rh)
{
	struct para_opts o;
	double		 need, have;
	int		 i, r, pass;

	for (i = 0; i < n; i++) {
		lay_para_opts(&o, tb->colx[hp[i].col + hp[i].span] -
		    tb->colx[hp[i].col] - 2 * PAD_X, tb->size, SPAN_BOLD,
		    PARA_CENTER);
		if (lay_para_str(tb->l, hp[i].text, &o, &p[i]) == -1)
			return -1;
	}
	for (r = 0; r < nrows; r++)
		rh[r] = tb->adv + 2 * PAD;
	for (pass = 1; pass <= nrows; pass++) {
		for (i = 0; i < n; i++) {
			if (hp[i].rowspan != pass)
				continue;
			need = p[i].nlines * tb->adv + 2 * PAD;
			for (have = 0, r = hp[i].row; r < hp[i].row + pass; r++)
				have += rh[r];
			if (need > have)
				rh[hp[i].row + pass - 1] += need - have;
		}
	}
	return 0;
}

/* The header slice (allocated apart from the list, so it can be repeated):
 * text centred in each cell's rectangle, every edge ruled. */
static int
build_head(struct tbl *tb)
{
	struct lay	*l = tb->l;
	struct hpos	*hp;
	struct para	*p;
	struct slice	*s;
	double		*rh, *ry, x, w, y, h;
	int		 n, nrows, i, k, r;

	n = map_head(tb, &hp, &nrows);
	if (nrows == 0)
		return 0;
	p = arena_alloc(l->a, sizeof(*p) * (size_t)(n + 1));
	rh = arena_alloc(l->a, sizeof(double) * (size_t)(nrows + 1) * 2);
	ry = rh + nrows + 1;
	if (head_rows(tb, hp, n, nrows, p, rh) == -1)
		return -1;
	for (r = 0; r < nrows; r++)
		ry[r + 1] = ry[r] + rh[r];
	s = tb->head = arena_alloc(l->a, sizeof(*s));
	s->outline = -1;
	s->h = ry[nrows];
	lay_rule(l, s, tb->colx[0], 0, tb->colx[tb->t->ncols] - tb->colx[0], 0,
	    RULE_W);
	lay_rule(l, s, tb->colx[0], 0, 0, s->h, RULE_W);
	for (i = 0; i < n; i++) {
		x = tb->colx[hp[i].col];
		w = tb->colx[hp[i].col + hp[i].span] - x;
		y = ry[hp[i].row];
		h = ry[hp[i].row + hp[i].rowspan] - y;
		lay_rule(l, s, x + w, y, 0, h, RULE_W);
		lay_rule(l, s, x, y + h, w, 0, RULE_W);
		y += (h - p[i].nlines * tb->adv) / 2 + tb->base;
		for (k = 0; k < p[i].nlines; k++, y += tb->adv)
			lay_line(l, s, &p[i].lines[k], tb->size, x + PAD_X, y);
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Body rows.                                                          */

static enum para_align
cell_align(const struct cell *ce)
{
	switch (ce->align) {
	case ALIGN_RIGHT:
		return PARA_RIGHT;
	case ALIGN_CENTER:
		return PARA_CENTER;
	default:
		return PARA_LEFT;
	}
}

/* The vertical rules of a strip of height h, and its bottom rule. */
static void
row_rules(struct tbl *tb, struct slice *s, int bottom)
{
	const double	*cx = tb->colx;
	int		 c, n = tb->t->ncols;

	lay_rule(tb->l, s, cx[0], 0, 0, s->h, RULE_W);
	for (c = 1; c <= n; c++)
		lay_rule(tb->l, s, cx[c], 0, 0, s->h, RULE_W);
	if (bottom)
		lay_rule(tb->l, s, cx[0], s->h, cx[n] - cx[0], 0, RULE_W);
	s->head = tb->rep;
	s->rtop = 1;
	s->rx0 = cx[0];
	s->rx1 = cx[n];
}

/* Lines [from, to) of each cell as one strip; the cell padding goes above
 * the first line of the row and below its last. */
static void
row_strip(struct tbl *tb, const struct para *p, int from, int to, int n,
    int first_row)
{
	struct slice	*s;
	double		 y, top = from == 0 ? PAD : 0;
	int		 c, k, last = to >= n;

	s = lay_add(tb->l, (to - from) * tb->adv + top + (last ? PAD : 0));
	for (c = 0; c < tb->t->ncols; c++) {
		y = top + tb->base;
		for (k = from; k < to && k < p[c].nlines; k++, y += tb->adv)
			lay_line(tb->l, s, &p[c].lines[k], tb->size,
			    tb->colx[c] + PAD_X, y);
	}
	row_rules(tb, s, last);
	if (first_row && from == 0 && tb->head == NULL)
		lay_rule(tb->l, s, s->rx0, 0, s->rx1 - s->rx0, 0, RULE_W);
	s->rbot = !last;
}

/* One row: one strip, or when it is taller than a page under the table
 * header, one strip per line so that pages cut it where they end. */
static int
lay_row(struct tbl *tb, int r, struct para *p)
{
	const struct table *t = tb->t;
	struct para_opts o;
	double		 room;
	int		 c, n = 1, k;

	for (c = 0; c < t->ncols; c++) {
		const struct cell *ce = &t->cells[r * t->ncols + c];

		lay_para_opts(&o, tb->colx[c + 1] - tb->colx[c] - 2 * PAD_X,
		    tb->size, tb->total[r] ? SPAN_BOLD : 0, cell_align(ce));
		if (lay_para(tb->l, &ce->text, &o, &p[c]) == -1)
			return -1;
		if (p[c].nlines > n)
			n = p[c].nlines;
	}
	room = tb->l->height - (tb->rep != NULL ? tb->rep->h : 0);
	if (n * tb->adv + 2 * PAD <= room)
		row_strip(tb, p, 0, n, n, r == 0);
	else
		for (k = 0; k < n; k++)
			row_strip(tb, p, k, k + 1, n, r == 0);
	/* The last row (a totals row) never goes alone to a new page. */
	if (r == t->nrows - 2 && n * tb->adv + 2 * PAD <= room)
		tb->l->sl[tb->l->nsl - 1].keep = 1;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Where the table may break (§2 v2 "Tables").                         */

/* Height of slices [from, to) as they stand on one page, and of the
 * slices before `from` that keep with it (a heading over the table). */
static double
run_height(const struct lay *l, int from, int to)
{
	double	 h = 0;
	int	 k;

	for (k = from; k < to; k++)
		h += (k > from ? l->sl[k].gap : 0) + l->sl[k].h;
	for (k = from - 1; k >= l->nfixed && l->sl[k].keep &&
	    !l->sl[k + 1].brk; k--)
		h += l->sl[k].h + l->sl[k + 1].gap;
	return h;
}

/* A table (slices [first, l->nsl), row r ending at slice rowend[r]) that
 * fits on one page with what keeps with it is kept whole: it moves to
 * the next page rather than split. A longer one breaks only between
 * rows with at least SIDE_ROWS rows on each side (half the rows, rounded
 * down, for a table of fewer than 2 * SIDE_ROWS rows that still does not
 * fit: rows that tall); the caption and header keep with the rows after
 * them already, and a continuation page starts with its repeated header
 * and at least one row. */
static void
tbl_keeps(struct tbl *tb, int first, const int *rowend)
{
	struct lay	*l = tb->l;
	int		 n = tb->t->nrows, m, r, k;

	if (run_height(l, first, l->nsl) <= l->height) {
		for (k = first; k < l->nsl - 1; k++)
			l->sl[k].keep = 1;
		return;
	}
	m = n / 2 < SIDE_ROWS ? n / 2 : SIDE_ROWS;
	for (r = 0; r < n - 1; r++)
		if (r + 1 < m || n - r - 1 < m)
			l->sl[rowend[r]].keep = 1;
}

/* ------------------------------------------------------------------ */

/* The table's caption, bold and centred, as slices of their own before
 * the table, each kept with what follows. */
static int
caption_slices(struct tbl *tb)
{
	struct lay	*l = tb->l;
	struct para_opts o;
	struct para	 p;
	struct slice	*s;
	double		 adv = lay_advance(l, l->size, 1.0);
	int		 k;

	lay_para_opts(&o, l->width, l->size, SPAN_BOLD, PARA_CENTER);
	if (lay_para_str(l, tb->t->caption, &o, &p) == -1)
		return -1;
	for (k = 0; k < p.nlines; k++) {
		s = lay_add(l, adv);
		lay_line(l, s, &p.lines[k], l->size, l->left,
		    lay_baseline(l, l->size, adv));
		s->keep = 1;
	}
	lay_space(l, 4);
	return 0;
}

/* What a page the table continues on starts with (§2 v2 "Captions"):
 * t->cont ("Bảng 1 (tiếp theo)"), italic and centred, above the header
 * rows, as one slice apart from the list; without t->cont, or without
 * header rows, the header rows alone (or nothing). */
static int
cont_head(struct tbl *tb)
{
	struct lay	*l = tb->l;
	struct para_opts o;
	struct para	 p;
	struct slice	*s;
	struct box	*b;
	double		 adv = lay_advance(l, l->size, 1.0), y, top;
	int		 i, k;

	tb->rep = tb->head;
	if (tb->t->cont == NULL || tb->head == NULL)
		return 0;
	lay_para_opts(&o, l->width, l->size, SPAN_ITALIC, PARA_CENTER);
	if (lay_para_str(l, tb->t->cont, &o, &p) == -1)
		return -1;
	s = tb->rep = arena_alloc(l->a, sizeof(*s));
	s->outline = -1;
	y = lay_baseline(l, l->size, adv);
	for (k = 0; k < p.nlines; k++, y += adv)
		lay_line(l, s, &p.lines[k], l->size, l->left, y);
	top = p.nlines * adv + CONT_GAP;
	for (i = 0; i < tb->head->nboxes; i++) {
		b = lay_box(l, s, BOX_RULE);
		*b = tb->head->boxes[i];
		b->y += top;
	}
	s->h = top + tb->head->h;
	return 0;
}

/* Column edges, measured on t->widths_from when the table has one. */
static int
tbl_setup(struct tbl *tb, struct lay *l, const struct table *t)
{
	struct hpos	*hp;
	double		*mn, *mx, *cx, *w;
	int		 n, nrows, c;

	memset(tb, 0, sizeof(*tb));
	tb->l = l;
	tb->t = t->widths_from != NULL &&
	    t->widths_from->ncols == t->ncols ? t->widths_from : t;
	tb->size = l->size - 1 < 9 ? 9 : l->size - 1;
	tb->adv = lay_advance(l, tb->size, l->r->style.line_spacing);
	tb->base = lay_baseline(l, tb->size, tb->adv);
	mn = arena_alloc(l->a, sizeof(double) * (size_t)(t->ncols + 1) * 4);
	mx = mn + t->ncols + 1;
	cx = mx + t->ncols + 1;
	w = cx + t->ncols + 1;
	n = map_head(tb, &hp, &nrows);
	find_totals(tb);
	measure_cols(tb, hp, n, mn, mx, cx);
	col_widths(tb, mn, mx, cx, w);
	if (tb->t != t) {
		tb->t = t;
		find_totals(tb);
	}
	tb->colx = arena_alloc(l->a, sizeof(double) * (size_t)(t->ncols + 1));
	tb->colx[0] = l->left;
	for (c = 0; c < t->ncols; c++)
		tb->colx[c + 1] = tb->colx[c] + w[c];
	return 0;
}

int
tbl_layout(struct lay *l, const struct table *t)
{
	struct tbl	 tb;
	struct slice	*s;
	struct para	*p;
	int		*rowend, r, first;

	if (t->ncols <= 0)
		return 0;
	tbl_setup(&tb, l, t);
	lay_space(l, l->r->style.para_spacing + 4);
	first = l->nsl;
	if (t->caption != NULL && t->caption[0] != '\0' &&
	    caption_slices(&tb) == -1)
		return -1;
	if (build_head(&tb) == -1 || cont_head(&tb) == -1)
		return -1;
	if (tb.head != NULL) {
		s = lay_add(l, tb.head->h);
		s->boxes = tb.head->boxes;
		s->nboxes = s->cap = tb.head->nboxes;
		s->keep = 1;
	}
	p = arena_alloc(l->a, sizeof(*p) * (size_t)t->ncols);
	rowend = arena_alloc(l->a, sizeof(int) * (size_t)(t->nrows + 1));
	for (r = 0; r < t->nrows; r++) {
		if (lay_row(&tb, r, p) == -1)
			return -1;
		rowend[r] = l->nsl - 1;
	}
	if (t->nrows > 0)
		tbl_keeps(&tb, first, rowend);
	lay_space(l, l->r->style.para_spacing + 4);
	return 0;
}
