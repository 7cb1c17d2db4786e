/*
 * lower.c - turns the report-specific blocks into generic ones.
 *
 * Owns: staffing -> a table with two header rows (STT, Đơn vị, "Số lượng"
 * over one column per category used, Tổng số), per-unit totals and a bold
 * totals row; staffing_history -> a table (+ a bar chart when asked);
 * awards -> ranked on the ladder of §2 v2 (matching on txt_fold_key, a
 * leading "Danh hiệu" dropped; a name a typo away from a rung it misses
 * gets a "did you mean" warning), sorted (rank, year or as written,
 * always stable; a range of years by its first) and printed as one table, or
 * with `group: kind` as a caption, then a sub-caption and a table per
 * kind (the tables share their column widths). Numbers are
 * formatted here ("1.234"); years are never grouped. Footnote marks
 * (text.c) are numbered through the report here, in reading order.
 * Return convention: 0 = ok, -1 = failed with the diagnostic recorded.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "lower.h"
#include "model.h"
#include "text.h"

struct low_key;

struct low {
	struct arena	*a;
	struct diag	*d;
	struct block	*out;
	int		 n, cap;
	struct low_key	*rungs;		/* the ladder folded (low_rungs) */
};

static struct block *
low_add(struct low *l, enum blk_kind kind, struct mark m)
{
	struct block	*b;

	l->out = arena_grow(l->a, l->out, &l->cap, l->n, sizeof(*l->out));
	b = &l->out[l->n++];
	memset(b, 0, sizeof(*b));
	b->kind = kind;
	b->mark = m;
	return b;
}

/* ---- generic table helpers ---- */

static void
low_table_init(struct low *l, struct table *t, const char *caption,
    int ncols, int nrows, struct mark m)
{
	memset(t, 0, sizeof(*t));
	t->caption = caption;
	t->ncols = ncols;
	t->nrows = nrows;
	t->cols = arena_alloc(l->a, (size_t)(ncols + 1) * sizeof(*t->cols));
	t->cells = arena_alloc(l->a, ((size_t)ncols * nrows + 1) *
	    sizeof(*t->cells));
	t->mark = m;
}

static struct table *
low_table(struct low *l, const char *caption, int ncols, int nrows,
    struct mark m)
{
	struct block	*b = low_add(l, BLK_TABLE, m);

	low_table_init(l, &b->u.table, caption, ncols, nrows, m);
	return &b->u.table;
}

static void
low_col(struct table *t, int j, const char *title, enum align al,
    int is_number, struct mark m)
{
	t->cols[j].title = title;
	t->cols[j].align = al;
	t->cols[j].is_number = is_number;
	t->cols[j].mark = m;
}

static void
low_cell(struct low *l, struct table *t, int i, int j, const char *text,
    struct mark m)
{
	struct cell	*c = &t->cells[i * t->ncols + j];

	txt_plain(l->a, text != NULL ? text : "", m, &c->text);
	c->align = t->cols[j].align;
}

static const char *
low_num(struct low *l, long v)
{
	return txt_int_vi(l->a, v);
}

/* widths: of staffing and awards onto the generated columns of t. A
 * count other than the columns' is an error naming them in order. */
static void
low_widths(struct low *l, const struct widths *w, struct table *t,
    const char *what)
{
	struct sbuf	 sb = { NULL, 0, 0 };
	int		 j;

	if (w->n == 0)
		return;
	if (w->n != t->ncols) {
		if (w->n == 1)
			diag_error(l->d, w->mark, "widths: 1 width, but this "
			    "%s table has %d columns", what, t->ncols);
		else
			diag_error(l->d, w->mark, "widths: %d widths, but "
			    "this %s table has %d columns", w->n, what,
			    t->ncols);
		for (j = 0; j < t->ncols; j++) {
			if (j > 0)
				sbuf_add(&sb, ", ", 2);
			sbuf_add(&sb, t->cols[j].title,
			    strlen(t->cols[j].title));
		}
		sbuf_add(&sb, "", 1);
		diag_note(l->d, w->mark, "its columns are, in order: %s; give "
		    "one width for each", sb.s);
		sbuf_free(&sb);
		return;
	}
	for (j = 0; j < t->ncols; j++)
		t->cols[j].width = w->v[j];
}

/* group: on the columns of a table - two header rows: a cell spanning
 * each run of columns of one group over their titles, the other
 * columns' titles spanning both rows (as the staffing header). */
static void
low_groups(struct low *l, struct table *t)
{
	struct hcell	*h0, *h1;
	int		 j, k, n0 = 0, n1 = 0;

	for (j = 0; j < t->ncols && t->cols[j].group == NULL; j++)
		;
	if (j == t->ncols || t->nhead > 0)
		return;
	h0 = arena_alloc(l->a, (size_t)(t->ncols + 1) * sizeof(*h0));
	h1 = arena_alloc(l->a, (size_t)(t->ncols + 1) * sizeof(*h1));
	for (j = 0; j < t->ncols; j = k) {
		k = j + 1;
		if (t->cols[j].group == NULL) {
			h0[n0++] = (struct hcell){ t->cols[j].title, 1, 2 };
			continue;
		}
		while (k < t->ncols && t->cols[k].group != NULL &&
		    strcmp(t->cols[k].group, t->cols[j].group) == 0)
			k++;
		h0[n0++] = (struct hcell){ t->cols[j].group, k - j, 1 };
		for (; j < k; j++)
			h1[n1++] = (struct hcell){ t->cols[j].title, 1, 1 };
	}
	t->nhead = 2;
	t->head = arena_alloc(l->a, 2 * sizeof(*t->head));
	t->head[0].cells = h0;
	t->head[0].ncells = n0;
	t->head[1].cells = h1;
	t->head[1].ncells = n1;
}

/* ---- staffing ---- */

static const char *const low_cat_title[CAT__MAX] = {
	"Công chức", "Viên chức", "Người lao động"
};

static void
low_staff_head(struct low *l, struct table *t, const int *cats, int ncat)
{
	struct hcell	*h0, *h1;
	int		 k;

	t->nhead = 2;
	t->head = arena_alloc(l->a, 2 * sizeof(*t->head));
	h0 = arena_alloc(l->a, 4 * sizeof(*h0));
	h0[0] = (struct hcell){ "STT", 1, 2 };
	h0[1] = (struct hcell){ "Đơn vị", 1, 2 };
	h0[2] = (struct hcell){ "Số lượng", ncat, 1 };
	h0[3] = (struct hcell){ "Tổng số", 1, 2 };
	h1 = arena_alloc(l->a, (size_t)(ncat + 1) * sizeof(*h1));
	for (k = 0; k < ncat; k++)
		h1[k] = (struct hcell){ low_cat_title[cats[k]], 1, 1 };
	t->head[0].cells = h0;
	t->head[0].ncells = 4;
	t->head[1].cells = h1;
	t->head[1].ncells = ncat;
}

static void
low_staff_row(struct low *l, struct table *t, int i, const struct unit *u,
    const int *cats, int ncat, long *sums)
{
	long	 total = 0;
	int	 k;

	low_cell(l, t, i, 0, arena_printf(l->a, "%d", i + 1), u->mark);
	low_cell(l, t, i, 1, u->name, u->mark);
	for (k = 0; k < ncat; k++) {
		if (u->has[cats[k]])
			low_cell(l, t, i, 2 + k, low_num(l,
			    u->count[cats[k]]), u->mark);
		else
			low_cell(l, t, i, 2 + k, "", u->mark);
		sums[k] += u->count[cats[k]];
		total += u->count[cats[k]];
	}
	low_cell(l, t, i, 2 + ncat, low_num(l, total), u->mark);
}

static void
low_staffing(struct low *l, const struct block *b)
{
	const struct staffing	*st = &b->u.staffing;
	struct table		*t;
	long			 sums[CAT__MAX] = { 0 }, all = 0;
	int			 cats[CAT__MAX], ncat = 0, c, i, k, last;

	for (c = 0; c < CAT__MAX; c++)
		for (i = 0; i < st->nunits; i++)
			if (st->units[i].has[c]) {
				cats[ncat++] = c;
				break;
			}
	t = low_table(l, st->caption, ncat + 3, st->nunits + 1, b->mark);
	low_col(t, 0, "STT", ALIGN_CENTER, 0, b->mark);
	low_col(t, 1, "Đơn vị", ALIGN_LEFT, 0, b->mark);
	for (k = 0; k < ncat; k++)
		low_col(t, 2 + k, low_cat_title[cats[k]], ALIGN_RIGHT, 1,
		    b->mark);
	low_col(t, 2 + ncat, "Tổng số", ALIGN_RIGHT, 1, b->mark);
	low_staff_head(l, t, cats, ncat);
	for (i = 0; i < st->nunits; i++)
		low_staff_row(l, t, i, &st->units[i], cats, ncat, sums);
	last = st->nunits;
	low_cell(l, t, last, 0, "", b->mark);
	low_cell(l, t, last, 1, "Tổng cộng", b->mark);
	for (k = 0; k < ncat; k++) {
		low_cell(l, t, last, 2 + k, low_num(l, sums[k]), b->mark);
		all += sums[k];
	}
	low_cell(l, t, last, 2 + ncat, low_num(l, all), b->mark);
	for (k = 0; k < t->ncols; k++)
		t->cells[last * t->ncols + k].bold = 1;
	low_widths(l, &st->widths, t, "staffing");
}

/* ---- staffing history ---- */

static const char *
low_staff_text(struct low *l, const struct period *p)
{
	if (!p->has_staff)
		return "";
	if (p->staff_is_range)
		return arena_printf(l->a, "%s\xE2\x80\x93%s",
		    low_num(l, p->staff_lo), low_num(l, p->staff_hi));
	return low_num(l, p->staff_lo);
}

static void
low_chart(struct low *l, const struct block *b)
{
	const struct history	*h = &b->u.history;
	struct chart		*ch;
	int			 i, n = 0;

	for (i = 0; i < h->nperiods; i++)
		n += h->periods[i].has_staff;
	if (n == 0) {
		/* nothing to draw: said, not left out silently */
		diag_warn(l->d, b->mark, "%s.staffing_history.chart: chart: "
		    "true, but no period has a number of people, so there is "
		    "no chart to draw", b->where != NULL ? b->where : "body");
		diag_note(l->d, b->mark, "give the periods their staff (staff: "
		    "57, or a range such as staff: [70, 95]), or delete "
		    "chart: true");
		return;
	}
	ch = &low_add(l, BLK_CHART, b->mark)->u.chart;
	ch->caption = h->caption;	/* numbered by low_captions */
	/* Every period, in order: one without a figure keeps its place on
	 * the x axis (value NULL: chart.c marks it "—"). */
	ch->bars = arena_alloc(l->a, (size_t)(h->nperiods + 1) *
	    sizeof(*ch->bars));
	for (i = 0; i < h->nperiods; i++) {
		const struct period *p = &h->periods[i];
		struct bar *br = &ch->bars[ch->nbars++];

		br->label = p->period;
		if (!p->has_staff)
			continue;
		br->lo = (double)p->staff_lo;
		br->hi = (double)p->staff_hi;
		br->is_range = p->staff_is_range;
		br->value = low_staff_text(l, p);
	}
}

static void
low_history(struct low *l, const struct block *b)
{
	const struct history	*h = &b->u.history;
	struct table		*t;
	int			 i, j, has_units = 0, has_note = 0, ncols;
	int			 cu, cs, cn;

	for (i = 0; i < h->nperiods; i++) {
		has_units |= h->periods[i].has_units;
		has_note |= h->periods[i].note != NULL;
	}
	ncols = 2 + has_units + has_note;
	t = low_table(l, h->caption, ncols, h->nperiods, b->mark);
	j = 0;
	low_col(t, j++, "Thời kỳ", ALIGN_LEFT, 0, b->mark);
	cu = has_units ? j++ : -1;
	if (cu >= 0)
		low_col(t, cu, "Số đơn vị", ALIGN_RIGHT, 1, b->mark);
	cs = j++;
	low_col(t, cs, "Biên chế", ALIGN_RIGHT, 1, b->mark);
	cn = has_note ? j++ : -1;
	if (cn >= 0)
		low_col(t, cn, "Ghi chú", ALIGN_LEFT, 0, b->mark);
	for (i = 0; i < h->nperiods; i++) {
		const struct period *p = &h->periods[i];

		low_cell(l, t, i, 0, p->period, p->mark);
		if (cu >= 0)
			low_cell(l, t, i, cu, p->has_units ?
			    low_num(l, p->units) : "", p->mark);
		low_cell(l, t, i, cs, low_staff_text(l, p), p->mark);
		if (cn >= 0)
			low_cell(l, t, i, cn, p->note, p->mark);
	}
	if (h->chart)
		low_chart(l, b);
}

/* ---- awards ---- */

struct low_rung {
	const char	*name;
	int		 kind;
	int		 rank;	/* names of one rung share its number */
	int		 any;	/* "(any other)": a catch-all, after the
				   specific rungs it would swallow */
};

/*
 * The ladder of §2 (v2, after Luật Thi đua, khen thưởng 06/2022/QH15),
 * highest first: every hạng is a rung of its own; names of one rung (the
 * spec's "and" and "(one rung)") share its number. The catch-alls
 * "Huy chương", "Cờ thi đua" and "Bằng khen" come after the specific
 * rungs they would swallow, so the first match is the right one.
 */
static const struct low_rung low_ladder[] = {
	{ "Huân chương Sao vàng", 'K', 0, 0 },
	{ "Huân chương Hồ Chí Minh", 'K', 1, 0 },
	{ "Huân chương Độc lập hạng Nhất", 'K', 2, 0 },
	{ "Huân chương Độc lập hạng Nhì", 'K', 3, 0 },
	{ "Huân chương Độc lập hạng Ba", 'K', 4, 0 },
	{ "Huân chương Quân công hạng Nhất", 'K', 5, 0 },
	{ "Huân chương Quân công hạng Nhì", 'K', 6, 0 },
	{ "Huân chương Quân công hạng Ba", 'K', 7, 0 },
	{ "Huân chương Lao động hạng Nhất", 'K', 8, 0 },
	{ "Huân chương Lao động hạng Nhì", 'K', 9, 0 },
	{ "Huân chương Lao động hạng Ba", 'K', 10, 0 },
	{ "Huân chương Bảo vệ Tổ quốc hạng Nhất", 'K', 11, 0 },
	{ "Huân chương Bảo vệ Tổ quốc hạng Nhì", 'K', 12, 0 },
	{ "Huân chương Bảo vệ Tổ quốc hạng Ba", 'K', 13, 0 },
	{ "Huân chương Chiến công hạng Nhất", 'K', 14, 0 },
	{ "Huân chương Chiến công hạng Nhì", 'K', 15, 0 },
	{ "Huân chương Chiến công hạng Ba", 'K', 16, 0 },
	{ "Huân chương Đại đoàn kết dân tộc", 'K', 17, 0 },
	{ "Huân chương Dũng cảm", 'K', 18, 0 },
	{ "Huân chương Hữu nghị", 'K', 19, 0 },
	{ "Huy chương Quân kỳ quyết thắng", 'K', 20, 0 },
	{ "Huy chương Vì an ninh Tổ quốc", 'K', 21, 0 },
	{ "Huy chương Chiến sĩ vẻ vang hạng Nhất", 'K', 22, 0 },
	{ "Huy chương Chiến sĩ vẻ vang hạng Nhì", 'K', 23, 0 },
	{ "Huy chương Chiến sĩ vẻ vang hạng Ba", 'K', 24, 0 },
	{ "Huy chương Hữu nghị", 'K', 25, 0 },
	{ "Huy chương", 'K', 26, 1 },
	{ "Tỉnh Anh hùng", 'K', 27, 0 },
	{ "Thành phố Anh hùng", 'K', 27, 0 },
	{ "Bà mẹ Việt Nam anh hùng", 'K', 28, 0 },
	{ "Anh hùng Lực lượng vũ trang nhân dân", 'K', 29, 0 },
	{ "Anh hùng Lao động", 'K', 30, 0 },
	{ "Nhà giáo nhân dân", 'K', 31, 0 },
	{ "Thầy thuốc nhân dân", 'K', 31, 0 },
	{ "Nghệ sĩ nhân dân", 'K', 31, 0 },
	{ "Nghệ nhân nhân dân", 'K', 31, 0 },
	{ "Nhà giáo ưu tú", 'K', 32, 0 },
	{ "Thầy thuốc ưu tú", 'K', 32, 0 },
	{ "Nghệ sĩ ưu tú", 'K', 32, 0 },
	{ "Nghệ nhân ưu tú", 'K', 32, 0 },
	{ "Giải thưởng Hồ Chí Minh", 'K', 33, 0 },
	{ "Giải thưởng Nhà nước", 'K', 34, 0 },
	{ "Chiến sĩ thi đua toàn quốc", 'D', 35, 0 },
	{ "Cờ thi đua của Chính phủ", 'D', 36, 0 },
	{ "Kỷ niệm chương", 'K', 37, 1 },
	{ "Bằng khen của Thủ tướng Chính phủ", 'K', 38, 0 },
	{ "Chiến sĩ thi đua cấp bộ", 'D', 39, 0 },
	{ "Chiến sĩ thi đua cấp tỉnh", 'D', 39, 0 },
	{ "Chiến sĩ thi đua Bộ, ban, ngành, tỉnh", 'D', 39, 0 },
	{ "Cờ thi đua", 'D', 40, 1 },
	{ "Bằng khen", 'K', 41, 1 },
	{ "Tập thể lao động xuất sắc", 'D', 42, 0 },
	{ "Đơn vị quyết thắng", 'D', 42, 0 },
	{ "Giấy khen", 'K', 43, 0 },
	{ "Chiến sĩ thi đua cơ sở", 'D', 44, 0 },
	{ "Tập thể lao động tiên tiến", 'D', 45, 0 },
	{ "Đơn vị tiên tiến", 'D', 45, 0 },
	{ "Lao động tiên tiến", 'D', 46, 0 },
	{ "Chiến sĩ tiên tiến", 'D', 46, 0 },
	{ "Xã, phường, thị trấn tiêu biểu", 'D', 47, 0 },
	{ "Thôn, tổ dân phố văn hóa", 'D', 48, 0 }
};

#define LOW_NRUNGS	((int)(sizeof(low_ladder) / sizeof(low_ladder[0])))
#define LOW_KEY_MAX	DIAG_DIST_MAX	/* code points compared for "did you mean" */

/* A folded name (txt_fold_key) and its code points, for the edit
 * distance of "did you mean". */
struct low_key {
	const char	*s;
	uint32_t	 cp[LOW_KEY_MAX];
	int		 n;		/* code points; LOW_KEY_MAX + 1: longer */
};

static void
low_key_set(struct low_key *k, const char *folded)
{
	size_t	 i = 0, len = strlen(folded);

	k->s = folded;
	k->n = 0;
	while (i < len && k->n < LOW_KEY_MAX)
		k->cp[k->n++] = txt_next(folded, len, &i);
	if (i < len)
		k->n = LOW_KEY_MAX + 1;
}

/* The key an award is matched on: folded, a leading "Danh hiệu "
 * dropped (§2: "Danh hiệu Tập thể lao động xuất sắc" is that rung). */
static const char *
low_fold(struct low *l, const char *name)
{
	static const char	 danh[] = "danh hi\xE1\xBB\x87u ";
	const char		*key = txt_fold_key(l->a, name);

	if (strncmp(key, danh, sizeof(danh) - 1) == 0)
		key += sizeof(danh) - 1;
	return key;
}

static int
low_match(const char *key, const char *rung)
{
	size_t	 n = strlen(rung);

	return strncmp(key, rung, n) == 0 && (key[n] == '\0' || key[n] == ' ');
}

/* How far a name may be from a rung to be "close" (baocao-report(5),
 * "Awards"): one edit for rungs of up to 15 characters, two beyond. A
 * letter with another mark (đông for động, dua for đua) is one edit. */
static int
low_close_limit(const struct low_key *rung)
{
	return rung->n <= 15 ? 1 : 2;
}

/* Code points of k up to its word number `words` (at a space), or all. */
static int
low_words(const struct low_key *k, const struct low_key *rung)
{
	int	 i, sp = 0;

	for (i = 0; i < rung->n; i++)
		sp += rung->cp[i] == ' ';
	for (i = 0; i < k->n && i < LOW_KEY_MAX; i++)
		if (k->cp[i] == ' ' && sp-- == 0)
			return i;
	return k->n;
}

/*
 * The rung whose name is closest to `key` when close enough (and not
 * equal), else -1; ties go to the higher rung. A name taken by a
 * catch-all (matched >= 0) is compared with the specific rungs only.
 * A name longer than a rung is also compared by as many first words as
 * the rung has, within one edit ("Huân chương Lao đông hạng Ba (lần 2)",
 * "Cờ thi dua của UBND tỉnh"): one edit, so that a real award that
 * shares a rung's first words ("Chiến sĩ thi đua cấp cơ sở" and "cấp
 * bộ") is not taken for a typo.
 */
static int
low_closest(const struct low_key *key, const struct low_key *rungs,
    int matched)
{
	int	 r, d, dw, w, lim, best = -1, bestd = 99;

	for (r = 0; r < LOW_NRUNGS; r++) {
		if (matched >= 0 && low_ladder[r].any)
			continue;
		lim = low_close_limit(&rungs[r]);
		d = diag_edit_dist(key->cp, key->n, rungs[r].cp, rungs[r].n, lim);
		if ((w = low_words(key, &rungs[r])) < key->n &&
		    (dw = diag_edit_dist(key->cp, w, rungs[r].cp, rungs[r].n, 1)) <=
		    1 && dw < d)
			d = dw;
		if (d >= 1 && d <= lim && d < bestd) {
			bestd = d;
			best = r;
		}
	}
	return best;
}

/* The note after the warning: what a misspelt name costs in this list
 * (nothing when sorted as written and not grouped). One whole sentence
 * per case, so that each translates as a sentence. */
static void
low_cost(struct low *l, const struct awards *aw, const struct award *it,
    int r, int matched)
{
	struct mark	 m = it->award_mark;

	if (aw->sort == SORT_RANK && matched >= 0)
		diag_note(l->d, m, "sort: rank lists it with any other "
		    "\"%s\", below \"%s\"; correct the name if it is a typo",
		    low_ladder[matched].name, low_ladder[r].name);
	else if (matched >= 0)
		return;
	else if (aw->sort == SORT_RANK && aw->group_kind)
		diag_note(l->d, m, "an award that is not on the ladder (the "
		    "list in man 5 baocao-report) is listed under \"Khác\", "
		    "after all the others; correct the name if it is a typo");
	else if (aw->sort == SORT_RANK)
		diag_note(l->d, m, "sort: rank lists an award that is not on "
		    "the ladder (the list in man 5 baocao-report) after all "
		    "those that are; correct the name if it is a typo");
	else if (aw->group_kind)
		diag_note(l->d, m, "group: kind lists an award that is not on "
		    "the ladder (the list in man 5 baocao-report) under "
		    "\"Khác\"; correct the name if it is a typo");
}

/* The "did you mean" warning of an award that matched no rung
 * (matched -1) or only a catch-all, when a rung is close to it. */
static void
low_suggest(struct low *l, const struct awards *aw, const struct award *it,
    const char *key, const struct low_key *rungs, int matched)
{
	struct low_key	 k;
	int		 r;

	low_key_set(&k, key);
	if ((r = low_closest(&k, rungs, matched)) < 0)
		return;
	if (matched < 0)
		diag_warn(l->d, it->award_mark, "%s.award: award \"%s\" is "
		    "not on the ladder; did you mean \"%s\"?", it->where,
		    it->award, low_ladder[r].name);
	else
		diag_warn(l->d, it->award_mark, "%s.award: award \"%s\" is "
		    "ranked as any other \"%s\"; did you mean \"%s\"?",
		    it->where, it->award, low_ladder[matched].name,
		    low_ladder[r].name);
	low_cost(l, aw, it, r, matched);
}

/* The ladder's rungs folded, once a report: a long report has hundreds
 * of award lists, and folding the 48 names for each was 3 % of the
 * 1,000-page report's work (bench/RESULTS.md). */
static const struct low_key *
low_rungs(struct low *l)
{
	int	 r;

	if (l->rungs == NULL) {
		l->rungs = arena_alloc(l->a, LOW_NRUNGS * sizeof(*l->rungs));
		for (r = 0; r < LOW_NRUNGS; r++)
			low_key_set(&l->rungs[r],
			    txt_fold_key(l->a, low_ladder[r].name));
	}
	return l->rungs;
}

/* Rank every item on the ladder and warn about names close to a rung
 * they miss. */
static void
low_rank_all(struct low *l, struct awards *aw)
{
	const struct low_key	*rungs = low_rungs(l);
	const char		*key;
	int			 i, r;

	for (i = 0; i < aw->nitems; i++) {
		struct award *it = &aw->items[i];

		it->rank = -1;
		it->kind = 0;
		key = low_fold(l, it->award);
		for (r = 0; r < LOW_NRUNGS; r++)
			if (low_match(key, rungs[r].s))
				break;
		if (r < LOW_NRUNGS) {
			it->rank = low_ladder[r].rank;
			it->kind = low_ladder[r].kind;
		}
		if (r == LOW_NRUNGS || low_ladder[r].any)
			low_suggest(l, aw, it, key, rungs,
			    r < LOW_NRUNGS ? r : -1);
	}
}

struct low_item {
	const struct award	*it;
	int			 pos;
	int			 sort;
};

/* Ranked before unranked; rank; year (no year last); as written. */
static int
low_cmp(const void *x, const void *y)
{
	const struct low_item	*a = x, *b = y;
	int			 ya, yb;

	if (a->sort == SORT_RANK) {
		if ((a->it->rank < 0) != (b->it->rank < 0))
			return a->it->rank < 0 ? 1 : -1;
		if (a->it->rank < 0)
			return a->pos - b->pos;
		if (a->it->rank != b->it->rank)
			return a->it->rank - b->it->rank;
	}
	if (a->sort == SORT_RANK || a->sort == SORT_YEAR) {
		ya = a->it->year ? a->it->year : 100000;
		yb = b->it->year ? b->it->year : 100000;
		if (ya != yb)
			return ya - yb;
	}
	return a->pos - b->pos;
}

/* The optional award columns (STT, award, year and "Cấp khen" are
 * always printed; recipient and decision only when an item has one). */
struct low_cols {
	int	 recipient, decision;
};

static int
low_award_ncols(const struct low_cols *has)
{
	return 4 + has->recipient + has->decision;
}

/* Columns and cells of an awards table of n items; `title` heads the
 * award column. */
static void
low_award_fill(struct low *l, struct table *t, const char *title,
    const struct low_item *v, int n, const struct low_cols *has,
    struct mark m)
{
	int		 i, j = 0, cy, cb, cr, cd;

	low_col(t, j++, "STT", ALIGN_CENTER, 0, m);
	low_col(t, j++, title, ALIGN_LEFT, 0, m);
	cy = j++;
	low_col(t, cy, "Năm", ALIGN_CENTER, 0, m);
	cb = j++;
	low_col(t, cb, "Cấp khen", ALIGN_LEFT, 0, m);
	cr = has->recipient ? j++ : -1;
	if (cr >= 0)
		low_col(t, cr, "Đơn vị / cá nhân được khen", ALIGN_LEFT, 0, m);
	cd = has->decision ? j++ : -1;
	if (cd >= 0)
		low_col(t, cd, "Số quyết định", ALIGN_LEFT, 0, m);
	for (i = 0; i < n; i++) {
		const struct award *it = v[i].it;

		low_cell(l, t, i, 0, arena_printf(l->a, "%d", i + 1), it->mark);
		low_cell(l, t, i, 1, it->award, it->mark);
		low_cell(l, t, i, cy, it->year_text, it->mark);
		low_cell(l, t, i, cb, it->by, it->mark);
		if (cr >= 0)
			low_cell(l, t, i, cr, it->recipient, it->mark);
		if (cd >= 0)
			low_cell(l, t, i, cd, it->decision, it->mark);
	}
}

static struct table *
low_award_table(struct low *l, const char *caption, const char *title,
    const struct low_item *v, int n, const struct low_cols *has,
    struct mark m)
{
	struct table	*t;

	t = low_table(l, caption, low_award_ncols(has), n, m);
	low_award_fill(l, t, title, v, n, has, m);
	return t;
}

static void
low_caption(struct low *l, enum blk_kind kind, const char *text,
    struct mark m)
{
	struct block	*b = low_add(l, kind, m);

	txt_plain(l->a, text, m, &b->u.para);
}

/* group: kind - K, then D, then the unmatched, each under a sub-caption
 * and with the award column titled after the kind. The tables take
 * their column widths from one table of all the items, so they line
 * up. */
static void
low_award_groups(struct low *l, const struct awards *aw,
    const struct low_item *v, const struct low_cols *has, struct mark m)
{
	static const struct {
		int		 kind;
		const char	*caption, *column;
	} groups[] = {
		{ 'K', "Hình thức khen thưởng", "Hình thức khen thưởng" },
		{ 'D', "Danh hiệu thi đua", "Danh hiệu thi đua" },
		{ 0, "Khác", "Hình thức khen thưởng" }
	};
	struct low_item	*sub;
	struct table	*all, *t;
	int		 g, i, n;

	if (aw->caption != NULL)
		low_caption(l, BLK_CAPTION, aw->caption, m);
	all = arena_alloc(l->a, sizeof(*all));
	low_table_init(l, all, NULL, low_award_ncols(has), aw->nitems, m);
	low_award_fill(l, all, groups[0].column, v, aw->nitems, has, m);
	sub = arena_alloc(l->a, (size_t)(aw->nitems + 1) * sizeof(*sub));
	for (g = 0; g < 3; g++) {
		for (n = i = 0; i < aw->nitems; i++)
			if (v[i].it->kind == groups[g].kind)
				sub[n++] = v[i];
		if (n == 0)
			continue;
		low_caption(l, BLK_SUBCAPTION, groups[g].caption, m);
		t = low_award_table(l, NULL, groups[g].column, sub, n, has, m);
		t->widths_from = all;
	}
	low_widths(l, &aw->widths, all, "awards");
}

static void
low_awards(struct low *l, struct block *b)
{
	struct awards	*aw = &b->u.awards;
	struct low_item	*v;
	struct low_cols	 has = { 0, 0 };
	int		 i;

	low_rank_all(l, aw);
	v = arena_alloc(l->a, (size_t)(aw->nitems + 1) * sizeof(*v));
	for (i = 0; i < aw->nitems; i++) {
		v[i].it = &aw->items[i];
		v[i].pos = i;
		v[i].sort = aw->sort;
		has.recipient |= aw->items[i].recipient != NULL;
		has.decision |= aw->items[i].decision != NULL;
	}
	qsort(v, aw->nitems, sizeof(*v), low_cmp);
	if (aw->group_kind)
		low_award_groups(l, aw, v, &has, b->mark);
	else
		low_widths(l, &aw->widths, low_award_table(l, aw->caption,
		    "Hình thức khen thưởng", v, aw->nitems, &has, b->mark),
		    "awards");
}

/* ---- caption numbers (§2 v2 "Captions") ---- */

/* The text of plain inline text (txt_plain's spans), joined. */
static const char *
inl_text(struct low *l, const struct inl *in)
{
	struct sbuf	 sb;
	const char	*t;
	int		 i;

	memset(&sb, 0, sizeof(sb));
	sbuf_adds(&sb, "");
	for (i = 0; i < in->nspans; i++)
		sbuf_add(&sb, in->spans[i].text, in->spans[i].len);
	t = arena_strdup(l->a, sb.s);
	sbuf_free(&sb);
	return t;
}

struct low_count {
	int	 table, image, chart;
};

/* The length of a number the clerk wrote in front of a caption that is
 * numbered by the program ("Bảng 2. ", "hình 3: "), else 0. */
static size_t
low_own_number(const char *cap, const char *word)
{
	size_t	 n = strlen(word), i;

	if (strncmp(cap + 1, word + 1, n - 1) != 0 || (cap[0] != word[0] &&
	    cap[0] != word[0] - 'A' + 'a') || cap[n] != ' ')
		return 0;
	for (i = n + 1; cap[i] >= '0' && cap[i] <= '9'; i++)
		;
	if (i == n + 1 || (cap[i] != '.' && cap[i] != ':'))
		return 0;
	for (i++; cap[i] == ' '; i++)
		;
	return cap[i] != '\0' ? i : 0;
}

/* cap without a number written in front of it, which would print twice
 * ("Bảng 1. Bảng 2. ..."): dropped with a warning, as header.number's
 * "Số" is (schema.c). */
static const char *
low_cap_own(struct low *l, const char *cap, const char *word, struct mark m,
    int warn)
{
	size_t	 n = low_own_number(cap, word), w;

	if (n == 0)
		return cap;
	for (w = n; w > 0 && cap[w - 1] == ' '; w--)
		;
	if (warn)
		diag_warn(l->d, m, "the caption \"%s\" is numbered by itself "
		    "(style.caption_numbers), so the \"%.*s\" written in it "
		    "is dropped (write just \"%s\", or caption_numbers: "
		    "false to number captions yourself)", diag_clip(l->a, cap,
		    strlen(cap)), (int)w, cap, diag_clip(l->a, cap + n,
		    strlen(cap + n)));
	return cap + n;
}

/* "Bảng 3. caption" (numbers on) or the caption as written; *cont
 * gets what a page the table continues on repeats, "Bảng 3 (tiếp
 * theo)" or "(tiếp theo)". */
static const char *
low_cap_table(struct low *l, const char *cap, int on, int *n,
    const char **cont)
{
	if (!on) {
		*cont = "(tiếp theo)";
		return cap;
	}
	++*n;
	*cont = arena_printf(l->a, "Bảng %d (tiếp theo)", *n);
	return arena_printf(l->a, "Bảng %d. %s", *n, cap);
}

static const char *
low_cap(struct low *l, const char *word, const char *cap, int on, int *n)
{
	if (cap == NULL || cap[0] == '\0' || !on)
		return cap;
	return arena_printf(l->a, "%s %d. %s", word, ++*n, cap);
}

/*
 * Number the captions of the lowered blocks in document order: tables
 * (staffing, history and awards included) "Bảng N.", images "Hình N.",
 * charts "Biểu đồ N." (a history's chart takes the history's caption).
 * The caption of an awards list grouped by kind (a BLK_CAPTION) numbers
 * the tables of its groups, which follow it under their sub-captions and
 * repeat its number when they continue on a new page. A table without
 * a caption gets no number and repeats nothing.
 */
static void
low_captions(struct low *l, struct report *r, struct low_count *c)
{
	const char	*group = NULL, *cap;
	int		 on = r->style.caption_numbers, i;

	for (i = 0; i < r->nblocks; i++) {
		struct block *b = &r->blocks[i];

		if (b->kind == BLK_TABLE && b->u.table.caption == NULL) {
			b->u.table.cont = group;
			continue;
		}
		if (b->kind != BLK_SUBCAPTION)
			group = NULL;
		if (b->kind == BLK_TABLE && b->u.table.caption[0] != '\0') {
			cap = on ? low_cap_own(l, b->u.table.caption, "Bảng",
			    b->mark, 1) : b->u.table.caption;
			b->u.table.caption = low_cap_table(l, cap, on,
			    &c->table, &b->u.table.cont);
		} else if (b->kind == BLK_CAPTION) {
			cap = inl_text(l, &b->u.para);
			if (on)
				cap = low_cap_own(l, cap, "Bảng", b->mark, 1);
			cap = low_cap_table(l, cap, on, &c->table, &group);
			txt_plain(l->a, cap, b->mark, &b->u.para);
		} else if (b->kind == BLK_IMAGE && on &&
		    b->u.image.caption != NULL) {
			cap = low_cap_own(l, b->u.image.caption, "Hình",
			    b->u.image.mark, 1);
			b->u.image.caption = low_cap(l, "Hình", cap, on,
			    &c->image);
		} else if (b->kind == BLK_CHART && on &&
		    b->u.chart.caption != NULL) {
			/* the history's table said it already */
			cap = low_cap_own(l, b->u.chart.caption, "Bảng",
			    b->mark, 0);
			b->u.chart.caption = low_cap(l, "Biểu đồ", cap, on,
			    &c->chart);
		}
	}
}

/* ---- footnotes ---- */

#define LOW_MAX_NOTES	1000	/* spec §2a */

struct low_notes {
	struct low	*l;
	struct report	*r;
	int		 cap;
};

/* Number the footnote marks of one text, in order. */
static void
low_note_inl(struct low_notes *nt, struct inl *in)
{
	struct report	*r = nt->r;
	struct span	*sp;
	int		 i;

	for (i = 0; i < in->nspans; i++) {
		sp = &in->spans[i];
		if (sp->fn == NULL)
			continue;
		if (r->nnotes == LOW_MAX_NOTES) {
			diag_error(nt->l->d, sp->fn->mark, "this is footnote "
			    "%d; a report may have at most %d footnotes: "
			    "join notes, or move long ones into the text",
			    r->nnotes + 1, LOW_MAX_NOTES);
			r->nnotes++;
		}
		if (r->nnotes > LOW_MAX_NOTES) {
			sp->fn = NULL;
			continue;
		}
		r->notes = arena_grow(nt->l->a, r->notes, &nt->cap,
		    r->nnotes, sizeof(*r->notes));
		r->notes[r->nnotes++] = sp->fn;
		sp->note = r->nnotes;
		sp->text = arena_printf(nt->l->a, "%d", sp->note);
		sp->len = strlen(sp->text);
	}
}

/* A heading holds no footnote: the note goes in the text under it. */
static void
low_note_heading(struct low_notes *nt, const struct inl *in)
{
	int	 i;

	for (i = 0; i < in->nspans; i++)
		if (in->spans[i].fn != NULL)
			diag_error(nt->l->d, in->spans[i].fn->mark, "a heading "
			    "cannot have a footnote; put the \"^[...]\" in "
			    "the paragraph under the heading");
}

static void
low_notes(struct low *l, struct report *r)
{
	struct low_notes nt = { l, r, 0 };
	struct block	*b;
	int		 i, k;

	for (i = 0; i < r->nblocks; i++) {
		b = &r->blocks[i];
		switch (b->kind) {
		case BLK_HEADING:
			low_note_heading(&nt, &b->u.heading.text);
			break;
		case BLK_PARAGRAPH:
		case BLK_QUOTE:
			low_note_inl(&nt, &b->u.para);
			break;
		case BLK_LIST:
			for (k = 0; k < b->u.list.nitems; k++)
				low_note_inl(&nt, &b->u.list.items[k]);
			break;
		case BLK_TABLE:
			for (k = 0; k < b->u.table.nrows * b->u.table.ncols;
			    k++)
				low_note_inl(&nt, &b->u.table.cells[k].text);
			break;
		default:
			break;
		}
	}
}

int
low_report(struct arena *a, struct diag *d, struct report *r)
{
	struct low	 l;
	struct low_count count = { 0, 0, 0 };
	int		 i, before = d->nerr;

	memset(&l, 0, sizeof(l));
	l.a = a;
	l.d = d;
	for (i = 0; i < r->nblocks; i++) {
		struct block *b = &r->blocks[i];

		switch (b->kind) {
		case BLK_STAFFING:
			low_staffing(&l, b);
			break;
		case BLK_HISTORY:
			low_history(&l, b);
			break;
		case BLK_AWARDS:
			low_awards(&l, b);
			break;
		case BLK_TABLE:
			*low_add(&l, b->kind, b->mark) = *b;
			low_groups(&l, &l.out[l.n - 1].u.table);
			break;
		default:
			*low_add(&l, b->kind, b->mark) = *b;
			break;
		}
	}
	r->blocks = l.out;
	r->nblocks = l.n;
	low_captions(&l, r, &count);
	low_notes(&l, r);
	return d->nerr > before ? -1 : 0;
}
