/*
 * schema_blk.c - the body of a report: the list of blocks, each a
 * one-key mapping (or a bare `toc` / `page_break`) dispatched through
 * sch_blocks[], and the key tables of every block (heading, paragraph,
 * list, quote, image, table, staffing, staffing_history, awards); the
 * body itself, `landscape:` blocks and `appendices:` are schema_app.c's,
 * the generic table is schema_tbl.c's; staffing, history and awards
 * are kept as data for validate.c and lower.c. The engine (paths, scalars, sch_map) is schema.c's.
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

#define BK(f)	offsetof(struct block, f)
#define IM(f)	offsetof(struct image, f)

static const struct sch_key sch_heading_keys[] = {
	{ "text", SK_INL, BK(u.heading.text), NULL, 1, 0, 0, 0 },
	{ "level", SK_INT, BK(u.heading.level), NULL, 0, 1, 3, 0 },
	{ NULL, SK_NONE, 0, NULL, 0, 0, 0, 0 }
};

static int
sch_b_heading(struct sch *s, const struct ynode *v, struct block *b)
{
	b->u.heading.level = 1;
	if (v->kind == YL_MAP)
		return sch_map(s, v, sch_heading_keys, b);
	return sch_inl_req(s, v, &b->u.heading.text);
}

static int
sch_b_para(struct sch *s, const struct ynode *v, struct block *b)
{
	return sch_inl_req(s, v, &b->u.para);
}

/* ---- list ---- */

/* The items of one level of a list: the top level (sub != NULL: each
 * item may be {text: ..., items: [...]}) or a nested one (sub == NULL:
 * text only, spec §2 allows one nested level). */
struct sch_lst {
	struct inl	*items;
	int		*n;
	struct inl	**sub;
	int		*nsub;
};

/* {text: ..., items: [...]} of a top-level item. */
struct sch_litem {
	struct inl	 text;
	struct inl	*sub;
	int		 nsub;
};

static int	sch_list_item(struct sch *, const struct ynode *, int,
		    void *);

static int
sch_litem_items(struct sch *s, const struct sch_key *k,
    const struct ynode *v, void *obj)
{
	struct sch_litem *it = obj;
	struct sch_lst	 sl = { NULL, &it->nsub, NULL, NULL };

	(void)k;
	if (v->kind == YL_SEQ)
		it->sub = sl.items = arena_alloc(s->a, (v->n + 1) *
		    sizeof(*it->sub));
	return sch_list(s, v, "a list of items", sch_list_item, &sl);
}

static const struct sch_key sch_litem_keys[] = {
	{ "text", SK_INL, offsetof(struct sch_litem, text), NULL, 1, 0, 0, 0 },
	{ "items", SK_FN, 0, sch_litem_items, 0, 0, 0, 0 },
	{ NULL, SK_NONE, 0, NULL, 0, 0, 0, 0 }
};

/* An item of a nested list with items of its own: a third level. */
static int
sch_list_deep(struct sch *s, const struct ynode *n)
{
	const struct ynode	*k = n;
	size_t			 old;
	int			 i;

	for (i = 0; i < n->n; i++)
		if (strcmp(n->pairs[i].key->str, "items") == 0)
			k = n->pairs[i].key;
	old = sch_push_key(s, "items");
	sch_err(s, k->mark, "a list nests one level only: this item is "
	    "already in a nested list, so it cannot have items of its own");
	sch_pop(s, old);
	diag_note(s->d, k->mark, "an item of the list may hold one list "
	    "under it (items:), whose items are plain text; write these "
	    "lines as more items of that list, or as a list of their own "
	    "after this one");
	return -1;
}

/* A list item: text, or (top level) {text: ..., items: [...]}. A
 * mapping without either key is text YAML split at ": " (sch_expect
 * explains it). */
static int
sch_list_item(struct sch *s, const struct ynode *n, int i, void *ctx)
{
	struct sch_lst	*sl = ctx;
	struct sch_litem it;
	int		 rc;

	*sl->n = i + 1;
	if (n->kind != YL_MAP || (yl_get(n, "text") == NULL &&
	    yl_get(n, "items") == NULL))
		return sch_inl_req(s, n, &sl->items[i]);
	if (sl->sub == NULL && yl_get(n, "items") != NULL)
		return sch_list_deep(s, n);
	memset(&it, 0, sizeof(it));
	rc = sch_map(s, n, sch_litem_keys, &it);
	sl->items[i] = it.text;
	if (sl->sub != NULL) {
		sl->sub[i] = it.sub;
		sl->nsub[i] = it.nsub;
	}
	return rc;
}

/* The items of a list block (v1: the block's value itself). */
static int
sch_list_items(struct sch *s, const struct ynode *v, struct block *b)
{
	struct sch_lst	 sl;

	if (v->kind == YL_SEQ) {
		b->u.list.items = arena_alloc(s->a,
		    (v->n + 1) * sizeof(*b->u.list.items));
		b->u.list.sub = arena_alloc(s->a,
		    (v->n + 1) * sizeof(*b->u.list.sub));
		b->u.list.nsub = arena_alloc(s->a,
		    (v->n + 1) * sizeof(*b->u.list.nsub));
	}
	sl.items = b->u.list.items;
	sl.n = &b->u.list.nitems;
	sl.sub = b->u.list.sub;
	sl.nsub = b->u.list.nsub;
	return sch_list(s, v, "a list of items", sch_list_item, &sl);
}

static const char *const sch_lstyle_names[] = { "dash", "number",
    "alpha" };	/* enum list_style */
static const struct sch_choice sch_lstyle_ch =
    SCH_CHOICE(sch_lstyle_names, 0);

static int
sch_list_style(struct sch *s, const struct sch_key *k,
    const struct ynode *v, void *obj)
{
	int	 i;

	(void)k;
	if ((i = sch_pick(s, v, &sch_lstyle_ch)) == -1) {
		diag_note(s->d, v->mark, "dash puts \"-\" before each item, "
		    "number \"1.\" \"2.\" \"3.\", alpha \"a)\" \"b)\" "
		    "\"c)\"");
		return -1;
	}
	((struct block *)obj)->u.list.style = i;
	return 0;
}

static int
sch_list_key_items(struct sch *s, const struct sch_key *k,
    const struct ynode *v, void *obj)
{
	(void)k;
	return sch_list_items(s, v, obj);
}

static const struct sch_key sch_list_keys[] = {
	{ "style", SK_FN, 0, sch_list_style, 0, 0, 0, 0 },
	{ "items", SK_FN, 0, sch_list_key_items, 1, 0, 0, 0 },
	{ NULL, SK_NONE, 0, NULL, 0, 0, 0, 0 }
};

/* list: [...] (v1, dash) or {style: ..., items: [...]} (v2). A
 * mapping with neither key, nor one a typo away, is no v2 list. */
static int
sch_b_list(struct sch *s, const struct ynode *v, struct block *b)
{
	static const char *const keys[] = { "style", "items" };
	int	 i;

	b->u.list.style = LIST_DASH;
	if (v->kind != YL_MAP)
		return sch_list_items(s, v, b);
	for (i = 0; i < v->n; i++)
		if (diag_closest(v->pairs[i].key->str, keys, 2) != NULL)
			return sch_map(s, v, sch_list_keys, b);
	return sch_expect(s, v, "a list of items (or style: and items:)");
}

static int
sch_img_file(struct sch *s, const struct sch_key *k, const struct ynode *v,
    void *obj)
{
	struct image	*im = obj;
	const char	*t;

	(void)k;
	if (sch_text_req(s, v, &t) == -1)
		return -1;
	im->file = sch_path(s, v, t);
	im->mark = v->mark;
	return 0;
}

static const struct sch_key sch_image_keys[] = {
	{ "file", SK_FN, 0, sch_img_file, 1, 0, 0, 0 },
	{ "width", SK_NUM, IM(width_mm), NULL, 0, 1, 1000, 0 },
	{ "caption", SK_TEXT, IM(caption), NULL, 0, 0, 0, 0 },
	{ NULL, SK_NONE, 0, NULL, 0, 0, 0, 0 }
};

static int
sch_b_image(struct sch *s, const struct ynode *v, struct block *b)
{
	b->u.image.mark = v->mark;
	return sch_map(s, v, sch_image_keys, &b->u.image);
}

/* ---- staffing ---- */

#define SF(f)	offsetof(struct staffing, f)
#define UN(f)	offsetof(struct unit, f)

static int
sch_cat(struct sch *s, const struct sch_key *k, const struct ynode *v,
    void *obj)
{
	struct unit	*u = obj;

	if (sch_count(s, v, &u->count[k->arg]) == -1)
		return -1;
	u->has[k->arg] = 1;
	return 0;
}

static const struct sch_key sch_unit_keys[] = {
	{ "name", SK_TEXT, UN(name), NULL, 1, 0, 0, 0 },
	{ "civil_servants", SK_FN, 0, sch_cat, 0, 0, 0, CAT_CIVIL },
	{ "public_employees", SK_FN, 0, sch_cat, 0, 0, 0, CAT_PUBLIC },
	{ "contract_workers", SK_FN, 0, sch_cat, 0, 0, 0, CAT_CONTRACT },
	{ NULL, SK_NONE, 0, NULL, 0, 0, 0, 0 }
};

static int
sch_unit(struct sch *s, const struct ynode *n, int i, void *ctx)
{
	struct staffing	*st = ctx;

	st->units[i].mark = n->mark;
	st->nunits = i + 1;
	return sch_map(s, n, sch_unit_keys, &st->units[i]);
}

/* Staffing units, history periods and awards become table rows: the
 * same cap as a table's rows. -1 (diagnosed) when v has too many. */
static int
sch_too_many(struct sch *s, const struct ynode *v, const char *what)
{
	if (v->kind != YL_SEQ || v->n <= SCH_MAX_ROWS)
		return 0;
	sch_err(s, v->mark, "%d %s; a table has at most %d rows", v->n,
	    _(what), SCH_MAX_ROWS);
	return -1;
}

static int
sch_units(struct sch *s, const struct sch_key *k, const struct ynode *v,
    void *obj)
{
	struct staffing	*st = obj;
	struct cv_want	 w = { CV_UNITS, "units", NULL, 0 };
	int		 bad;

	(void)k;
	if ((bad = sch_csv(s, v, &w, &v)) == -1)
		return -1;
	if (sch_too_many(s, v, N_("units")) == -1)
		return -1;
	if (v->kind == YL_SEQ)
		st->units = arena_alloc(s->a, (v->n + 1) * sizeof(*st->units));
	if (sch_list(s, v, "a list of units", sch_unit, st) == -1 || bad)
		return -1;
	return 0;
}

static int
sch_total(struct sch *s, const struct sch_key *k, const struct ynode *v,
    void *obj)
{
	struct staffing	*st = obj;

	(void)k;
	if (sch_count(s, v, &st->total) == -1)
		return -1;
	st->has_total = 1;
	st->total_mark = v->mark;
	return 0;
}

/* widths: [1, 6, 2, ...] - relative widths of the generated columns;
 * lower.c checks their count against the columns it makes. */
#define SCH_WIDTH_MIN	0.01
#define SCH_WIDTH_MAX	1000

static int
sch_width_item(struct sch *s, const struct ynode *n, int i, void *ctx)
{
	struct widths	*w = ctx;

	w->n = i + 1;
	return sch_number(s, n, "a width (a number)", SCH_WIDTH_MIN,
	    SCH_WIDTH_MAX, 0, &w->v[i]);
}

static int
sch_widths(struct sch *s, const struct sch_key *k, const struct ynode *v,
    void *obj)
{
	struct widths	*w = (struct widths *)((char *)obj + k->off);

	w->mark = v->mark;
	if (v->kind == YL_SEQ)
		w->v = arena_alloc(s->a, (v->n + 1) * sizeof(*w->v));
	if (sch_list(s, v, "a list of widths", sch_width_item, w) == -1) {
		w->n = 0;
		return -1;
	}
	return 0;
}

static const struct sch_key sch_staffing_keys[] = {
	{ "widths", SK_FN, SF(widths), sch_widths, 0, 0, 0, 0 },
	{ "caption", SK_TEXT, SF(caption), NULL, 0, 0, 0, 0 },
	{ "total", SK_FN, 0, sch_total, 0, 0, 0, 0 },
	{ "units", SK_FN, 0, sch_units, 1, 0, 0, 0 },
	{ NULL, SK_NONE, 0, NULL, 0, 0, 0, 0 }
};

static int
sch_b_staffing(struct sch *s, const struct ynode *v, struct block *b)
{
	return sch_map(s, v, sch_staffing_keys, &b->u.staffing);
}

/* ---- staffing history ---- */

#define HI(f)	offsetof(struct history, f)
#define PE(f)	offsetof(struct period, f)

static int
sch_p_units(struct sch *s, const struct sch_key *k, const struct ynode *v,
    void *obj)
{
	struct period	*p = obj;

	(void)k;
	if (sch_count(s, v, &p->units) == -1)
		return -1;
	p->has_units = 1;
	return 0;
}

static int
sch_p_staff(struct sch *s, const struct sch_key *k, const struct ynode *v,
    void *obj)
{
	struct period	*p = obj;
	size_t		 old;
	int		 rc;

	(void)k;
	if (v->kind == YL_SCALAR) {
		if (sch_count(s, v, &p->staff_lo) == -1)
			return -1;
		p->staff_hi = p->staff_lo;
		p->has_staff = 1;
		return 0;
	}
	if (v->kind != YL_SEQ || v->n != 2)
		return sch_expect(s, v, "a number or a range [low, high]");
	old = sch_push_idx(s, 0);
	rc = sch_count(s, v->items[0], &p->staff_lo);
	sch_pop(s, old);
	old = sch_push_idx(s, 1);
	rc |= sch_count(s, v->items[1], &p->staff_hi);
	sch_pop(s, old);
	if (rc != 0)
		return -1;
	if (p->staff_lo > p->staff_hi) {
		sch_err(s, v->mark, "the range [%ld, %ld] goes down; write "
		    "[low, high]", p->staff_lo, p->staff_hi);
		return -1;
	}
	p->has_staff = 1;
	p->staff_is_range = 1;
	return 0;
}

static const struct sch_key sch_period_keys[] = {
	{ "period", SK_TEXT, PE(period), NULL, 1, 0, 0, 0 },
	{ "units", SK_FN, 0, sch_p_units, 0, 0, 0, 0 },
	{ "staff", SK_FN, 0, sch_p_staff, 0, 0, 0, 0 },
	{ "note", SK_TEXT, PE(note), NULL, 0, 0, 0, 0 },
	{ NULL, SK_NONE, 0, NULL, 0, 0, 0, 0 }
};

static int
sch_period(struct sch *s, const struct ynode *n, int i, void *ctx)
{
	struct history	*h = ctx;

	h->periods[i].mark = n->mark;
	h->nperiods = i + 1;
	return sch_map(s, n, sch_period_keys, &h->periods[i]);
}

static int
sch_periods(struct sch *s, const struct sch_key *k, const struct ynode *v,
    void *obj)
{
	struct history	*h = obj;

	(void)k;
	if (sch_too_many(s, v, N_("periods")) == -1)
		return -1;
	if (v->kind == YL_SEQ)
		h->periods = arena_alloc(s->a, (v->n + 1) *
		    sizeof(*h->periods));
	return sch_list(s, v, "a list of periods", sch_period, h);
}

static const struct sch_key sch_history_keys[] = {
	{ "caption", SK_TEXT, HI(caption), NULL, 0, 0, 0, 0 },
	{ "chart", SK_BOOL, HI(chart), NULL, 0, 0, 0, 0 },
	{ "periods", SK_FN, 0, sch_periods, 1, 0, 0, 0 },
	{ NULL, SK_NONE, 0, NULL, 0, 0, 0, 0 }
};

static int
sch_b_history(struct sch *s, const struct ynode *v, struct block *b)
{
	return sch_map(s, v, sch_history_keys, &b->u.history);
}

/* ---- awards ---- */

#define AW(f)	offsetof(struct award, f)
#define AS(f)	offsetof(struct awards, f)

/* The dashes a range of years may be written with: - and U+2010 to
 * U+2015 (hyphen, non-breaking hyphen, figure dash, en dash, em dash,
 * horizontal bar) and U+2212 (minus). Returns the dash's length in
 * bytes at p, 0 if there is none. */
static size_t
sch_dash(const char *p)
{
	const unsigned char	*u = (const unsigned char *)p;

	if (*u == '-')
		return 1;
	if (u[0] == 0xE2 && u[1] == 0x80 && u[2] >= 0x90 && u[2] <= 0x95)
		return 3;
	if (u[0] == 0xE2 && u[1] == 0x88 && u[2] == 0x92)
		return 3;
	return 0;
}

static int
sch_4digits(const char *p)
{
	int	 i, y = 0;

	for (i = 0; i < 4; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		y = y * 10 + (p[i] - '0');
	}
	return y;
}

/*
 * A range of years "2016 - 2020" (any dash, spaces around it as the
 * user likes): 1 when v has that shape, its years in y[0..1] and in
 * *text the range as written with the dash made an en dash; 0 when v
 * is not a range (then it must be a single year).
 */
static int
sch_year_range(struct sch *s, const struct ynode *v, int y[2],
    const char **text)
{
	const char	*p = v->str;
	size_t		 sp1, dash, sp2;

	if (v->kind != YL_SCALAR || (y[0] = sch_4digits(p)) < 0)
		return 0;
	sp1 = strspn(p + 4, " ");
	if ((dash = sch_dash(p + 4 + sp1)) == 0)
		return 0;
	sp2 = strspn(p + 4 + sp1 + dash, " ");
	p += 4 + sp1 + dash + sp2;
	if ((y[1] = sch_4digits(p)) < 0 || p[4] != '\0')
		return 0;
	*text = arena_printf(s->a, "%.4s%.*s\xE2\x80\x93%.*s%.4s", v->str,
	    (int)sp1, v->str + 4, (int)sp2, p - sp2, p);
	return 1;
}

/* year: 2016, or a range 2016 - 2020 (sorted by its first year). */
static int
sch_award_year(struct sch *s, const struct sch_key *k,
    const struct ynode *v, void *obj)
{
	struct award	*it = obj;
	const char	*text;
	double		 d;
	int		 y[2], is_int;

	(void)k;
	if (sch_year_range(s, v, y, &text)) {
		if (y[0] < 1000 || y[1] > 2999) {
			sch_err(s, v->mark, "expected years from 1000 to "
			    "2999, got %s", sch_what(s, v));
			return -1;
		}
		if (y[0] > y[1]) {
			sch_err(s, v->mark, "the range %s ends before it "
			    "starts; write the earlier year first (%d - %d)",
			    sch_what(s, v), y[1], y[0]);
			return -1;
		}
		it->year = y[0];
		it->year_text = text;
		return 0;
	}
	if (sch_parse_num(v, &d, &is_int) == -1 || !is_int)
		return sch_expect(s, v, "a year (2016) or a range of years "
		    "(2016 - 2020)");
	if (sch_number(s, v, "a year", 1000, 2999, 1, &d) == -1)
		return -1;
	it->year = (int)d;
	it->year_text = arena_printf(s->a, "%d", it->year);
	return 0;
}

static const struct sch_key sch_award_keys[] = {
	{ "award", SK_TEXT, AW(award), NULL, 1, 0, 0, 0 },
	{ "year", SK_FN, 0, sch_award_year, 0, 0, 0, 0 },
	{ "by", SK_TEXT, AW(by), NULL, 0, 0, 0, 0 },
	{ "recipient", SK_TEXT, AW(recipient), NULL, 0, 0, 0, 0 },
	{ "decision", SK_TEXT, AW(decision), NULL, 0, 0, 0, 0 },
	{ NULL, SK_NONE, 0, NULL, 0, 0, 0, 0 }
};

static int
sch_award(struct sch *s, const struct ynode *n, int i, void *ctx)
{
	struct awards	*aw = ctx;

	struct award	*it = &aw->items[i];
	const struct ynode *name;

	it->mark = n->mark;
	it->rank = -1;
	it->where = arena_strdup(s->a, s->path);
	name = yl_get(n, "award");
	it->award_mark = name != NULL ? name->mark : n->mark;
	aw->nitems = i + 1;
	return sch_map(s, n, sch_award_keys, it);
}

static int
sch_items(struct sch *s, const struct sch_key *k, const struct ynode *v,
    void *obj)
{
	struct awards	*aw = obj;
	struct cv_want	 w = { CV_ITEMS, "items", NULL, 0 };
	int		 bad;

	(void)k;
	if ((bad = sch_csv(s, v, &w, &v)) == -1)
		return -1;
	if (sch_too_many(s, v, N_("awards")) == -1)
		return -1;
	if (v->kind == YL_SEQ)
		aw->items = arena_alloc(s->a, (v->n + 1) * sizeof(*aw->items));
	if (sch_list(s, v, "a list of awards", sch_award, aw) == -1 || bad)
		return -1;
	return 0;
}

static const char *const sch_sort_names[] = { "as_written", "rank",
    "year" };	/* enum award_sort */
static const struct sch_choice sch_sort_ch = SCH_CHOICE(sch_sort_names, 0);
static const char *const sch_group_names[] = { "none", "kind" };
static const struct sch_choice sch_group_ch = SCH_CHOICE(sch_group_names,
    0);

static int
sch_sort(struct sch *s, const struct sch_key *k, const struct ynode *v,
    void *obj)
{
	int	 i;

	(void)k;
	if ((i = sch_pick(s, v, &sch_sort_ch)) == -1)
		return -1;
	((struct awards *)obj)->sort = (enum award_sort)i;
	return 0;
}

static int
sch_group(struct sch *s, const struct sch_key *k, const struct ynode *v,
    void *obj)
{
	int	 i;

	(void)k;
	if ((i = sch_pick(s, v, &sch_group_ch)) == -1)
		return -1;
	((struct awards *)obj)->group_kind = i;
	return 0;
}

static const struct sch_key sch_awards_keys[] = {
	{ "widths", SK_FN, AS(widths), sch_widths, 0, 0, 0, 0 },
	{ "caption", SK_TEXT, AS(caption), NULL, 0, 0, 0, 0 },
	{ "sort", SK_FN, 0, sch_sort, 0, 0, 0, 0 },
	{ "group", SK_FN, 0, sch_group, 0, 0, 0, 0 },
	{ "items", SK_FN, 0, sch_items, 1, 0, 0, 0 },
	{ NULL, SK_NONE, 0, NULL, 0, 0, 0, 0 }
};

static int
sch_b_awards(struct sch *s, const struct ynode *v, struct block *b)
{
	return sch_map(s, v, sch_awards_keys, &b->u.awards);
}

/* ---- toc, page_break and the body ---- */

static const struct sch_key sch_empty_keys[] = {
	{ NULL, SK_NONE, 0, NULL, 0, 0, 0, 0 }
};

static int
sch_b_bare(struct sch *s, const struct ynode *v, struct block *b)
{
	(void)b;
	if (yl_is_null(v))
		return 0;
	if (v->kind != YL_MAP)
		return sch_expect(s, v, "nothing or {}");
	return sch_map(s, v, sch_empty_keys, NULL);
}

/* Only reached for a `landscape:` that is not a block of a body (never:
 * sch_flat_item takes every one); kept in sch_blocks[] for the names. */
static int
sch_b_landscape(struct sch *s, const struct ynode *v, struct block *b)
{
	(void)b;
	sch_err(s, v->mark, "a landscape block belongs in a body's list");
	return -1;
}

struct sch_blk {
	const char	*name;
	enum blk_kind	 kind;
	int		(*fn)(struct sch *, const struct ynode *,
			    struct block *);
};

static const struct sch_blk sch_blocks[] = {
	{ "heading", BLK_HEADING, sch_b_heading },
	{ "paragraph", BLK_PARAGRAPH, sch_b_para },
	{ "list", BLK_LIST, sch_b_list },
	{ "quote", BLK_QUOTE, sch_b_para },
	{ "image", BLK_IMAGE, sch_b_image },
	{ "table", BLK_TABLE, sch_b_table },
	{ "staffing", BLK_STAFFING, sch_b_staffing },
	{ "staffing_history", BLK_HISTORY, sch_b_history },
	{ "awards", BLK_AWARDS, sch_b_awards },
	{ "page_break", BLK_PAGE_BREAK, sch_b_bare },
	{ "toc", BLK_TOC, sch_b_bare },
	{ "landscape", BLK_ORIENT, sch_b_landscape }	/* sch_flat_item */
};

#define SCH_NBLOCKS	((int)(sizeof(sch_blocks) / sizeof(sch_blocks[0])))

static const struct sch_blk *
sch_find_blk(const char *name, const char **cands)
{
	int	 i;

	for (i = 0; i < SCH_NBLOCKS; i++) {
		cands[i] = sch_blocks[i].name;
		if (strcmp(name, sch_blocks[i].name) == 0)
			return &sch_blocks[i];
	}
	return NULL;
}

static int
sch_bad_block(struct sch *s, const struct ynode *n, const char **cands)
{
	const char	*hint = NULL;

	if (n->kind == YL_SCALAR && sch_find_blk(n->str, cands) != NULL) {
		sch_err(s, n->mark, "block \"%s\" needs content: write "
		    "\"%s: ...\"", n->str, n->str);
		return -1;
	}
	if (n->kind == YL_SCALAR) {
		sch_find_blk("", cands);
		hint = diag_closest(n->str, cands, SCH_NBLOCKS);
	}
	if (hint != NULL)
		sch_err(s, n->mark, "expected a block, got %s; did you mean "
		    "\"%s\"?", sch_what(s, n), hint);
	else
		sch_err(s, n->mark, "expected a block (heading:, paragraph:, "
		    "table: ...), got %s", sch_what(s, n));
	return -1;
}

int
sch_block(struct sch *s, const struct ynode *n, int i, void *ctx)
{
	struct block		*b = (struct block *)ctx + i;
	const struct sch_blk	*bk;
	const char		*cands[SCH_NBLOCKS];
	size_t			 old;
	int			 j, rc;

	b->mark = n->mark;
	if (n->kind == YL_SCALAR && (bk = sch_find_blk(n->str, cands)) != NULL &&
	    bk->fn == sch_b_bare) {
		b->kind = bk->kind;
		return 0;
	}
	if (n->kind != YL_MAP || n->n == 0)
		return sch_bad_block(s, n, cands);
	if ((bk = sch_find_blk(n->pairs[0].key->str, cands)) == NULL) {
		sch_unknown(s, cands, SCH_NBLOCKS, n->pairs[0].key, "block");
		return -1;
	}
	rc = 0;
	for (j = 1; j < n->n; j++) {
		sch_err(s, n->pairs[j].key->mark, "one block per list item: "
		    "\"%s\" follows \"%s\"; start it with \"- \"",
		    n->pairs[j].key->str, bk->name);
		rc = -1;
	}
	b->kind = bk->kind;
	if (bk->kind == BLK_IMAGE || bk->kind == BLK_STAFFING ||
	    bk->kind == BLK_HISTORY)	/* validate.c's, lower.c's */
		b->where = arena_strdup(s->a, s->path);
	old = sch_push_key(s, bk->name);
	if (bk->fn(s, n->pairs[0].val, b) == -1)
		rc = -1;
	sch_pop(s, old);
	return rc;
}
