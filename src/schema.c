/*
 * schema.c - the ynode tree (yload.h) into struct report (model.h).
 *
 * Owns the shape of the report format (§2 of the spec): one key table per
 * mapping (name, kind, handler) drives parsing, the "unknown key" error
 * with its "did you mean" hint and the "missing required key" error.
 * Scalars are checked by kind (text, number, count, year, date, enum,
 * boolean); every message starts with the path of the value, 0-based
 * indexes (`body[7].awards.items[3].year: ...`) and is given at the value
 * (a key error at the key, a missing key at its mapping). All errors of a
 * report are collected; a failed value leaves the default in place.
 * The body blocks are in schema_blk.c, numbers in data and required
 * text in schema_val.c; computed values and checks across fields are
 * validate.c's.
 * Return convention: 0 = ok, -1 = failed with the diagnostic recorded.
 */
#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "diag.h"
#include "font.h"
#include "i18n.h"
#include "model.h"
#include "schema.h"
#include "schema_int.h"
#include "text.h"
#include "yload.h"

/* ---- paths and messages ---- */

size_t
sch_push_key(struct sch *s, const char *key)
{
	size_t	 old = s->plen;
	int	 n;

	n = snprintf(s->path + s->plen, sizeof(s->path) - s->plen, "%s%s",
	    s->plen ? "." : "", key);
	if (n > 0)
		s->plen += (size_t)n;
	if (s->plen >= sizeof(s->path))
		s->plen = sizeof(s->path) - 1;
	return old;
}

size_t
sch_push_idx(struct sch *s, int i)
{
	size_t	 old = s->plen;
	int	 n;

	n = snprintf(s->path + s->plen, sizeof(s->path) - s->plen, "[%d]",
	    i);
	if (n > 0)
		s->plen += (size_t)n;
	if (s->plen >= sizeof(s->path))
		s->plen = sizeof(s->path) - 1;
	return old;
}

void
sch_pop(struct sch *s, size_t old)
{
	s->plen = old;
	s->path[old] = '\0';
}

void
sch_err(struct sch *s, struct mark m, const char *fmt, ...)
{
	char	 msg[1024];
	va_list	 ap;

	va_start(ap, fmt);
	if (vsnprintf(msg, sizeof(msg), _(fmt), ap) >= (int)sizeof(msg))
		diag_trim(msg);
	va_end(ap);
	if (s->plen > 0)
		diag_error(s->d, m, "%s: %s", s->path, msg);
	else
		diag_error(s->d, m, "%s", msg);
}

/* The first 60 bytes of n's text without its unprintable characters
 * (never shown raw), "..." when cut; *hidden the first of those, or 0. */
static const char *
sch_shown(struct sch *s, const struct ynode *n, uint32_t *hidden)
{
	struct sbuf	 sb;
	const char	*r;
	size_t		 i = 0, at;
	uint32_t	 cp;

	memset(&sb, 0, sizeof(sb));
	sbuf_adds(&sb, "");
	*hidden = 0;
	while (i < n->len && sb.len < 60) {
		at = i;
		cp = txt_next(n->str, n->len, &i);
		if (cp == '\n' || cp == '\t' || !txt_unprintable(cp))
			sbuf_add(&sb, n->str + at, i - at);
		else {
			if (*hidden == 0)
				*hidden = cp;
			/* a space of another width still shows as one */
			if (cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200A) ||
			    cp == 0x202F || cp == 0x205F || cp == 0x3000)
				sbuf_add(&sb, " ", 1);
		}
	}
	if (i < n->len)
		sbuf_adds(&sb, "...");
	r = arena_strdup(s->a, sb.s);
	sbuf_free(&sb);
	return r;
}

/* What a node is, for "expected X, got Y" (translated): one whole
 * phrase per case, [plain, quoted, !!str][visible, invisible inside]. */
const char *
sch_what(struct sch *s, const struct ynode *n)
{
	static const char *const fmts[3][2] = {
		{ N_("\"%s\""),
		  N_("\"%s\" with the invisible character %s in it") },
		{ N_("the quoted text \"%s\""),
		  N_("the quoted text \"%s\" with the invisible character %s "
		    "in it") },
		{ N_("the text marked !!str \"%s\""),
		  N_("the text marked !!str \"%s\" with the invisible "
		    "character %s in it") }
	};
	const char	*t;
	char		 desc[96];
	uint32_t	 hid;
	int		 q = 0;

	if (n->kind == YL_MAP)
		return _("a mapping");
	if (n->kind == YL_SEQ)
		return _("a list");
	if (yl_is_null(n))
		return _("nothing");
	t = sch_shown(s, n, &hid);
	if (n->tag == YL_TAG_STR)
		q = 2;
	else if (n->style == YL_SQUOTED || n->style == YL_DQUOTED)
		q = 1;
	if (hid == 0)
		return arena_printf(s->a, _(fmts[q][0]), t);
	return arena_printf(s->a, _(fmts[q][1]), t,
	    txt_cp_desc(hid, desc, sizeof(desc)));
}

/* A text with ": " in it, which YAML read as a one-pair mapping (a
 * recipient "- Lưu: VT, TH."): said at the colon, with the fix. */
static int
sch_colon_text(struct sch *s, const struct ynode *n, const char *what)
{
	const struct ypair	*p = n->n == 1 ? &n->pairs[0] : NULL;
	const char		*k, *v, *q;

	if (p == NULL || n->braces || p->key->style != YL_PLAIN || p->val->kind !=
	    YL_SCALAR || (p->val->style != YL_PLAIN && !yl_is_null(p->val)) ||
	    (p->val->len > 0 && p->val->mark.line != p->key->mark.line))
		return 0;
	k = diag_clip(s->a, p->key->str, p->key->len);
	v = diag_clip(s->a, p->val->str, p->val->len);
	q = strchr(k, '"') != NULL || strchr(v, '"') != NULL ? "'" : "\"";
	if (*q == '"')
		sch_err(s, p->colon, "expected %s, got the key \"%s\" with the "
		    "value \"%s\": a colon followed by a space starts a key; "
		    "put the whole text in double quotes: \"%s: %s\"", what, k,
		    v, k, v);
	else
		sch_err(s, p->colon, "expected %s, got the key \"%s\" with the "
		    "value \"%s\": a colon followed by a space starts a key; "
		    "put the whole text in single quotes: '%s: %s'", what, k,
		    v, k, v);
	return 1;
}

/* "- - text": a text starting with "- " in a list, which YAML read as
 * a list in the list (a block list starts on its parent's line only
 * there). */
static int
sch_dash_text(struct sch *s, const struct ynode *n, const char *what)
{
	const struct ynode	*i = n->n > 0 ? n->items[0] : NULL;
	const char		*t;

	if (n->braces || i == NULL || i->kind != YL_SCALAR ||
	    i->mark.line != n->mark.line)
		return 0;
	t = diag_clip(s->a, i->str, i->len);
	if (strchr(t, '"') != NULL)
		sch_err(s, n->mark, "expected %s, got a list: a second \"- \" "
		    "starts a list inside the list; delete it, or to print it "
		    "put the whole text in single quotes: '- %s'", what, t);
	else
		sch_err(s, n->mark, "expected %s, got a list: a second \"- \" "
		    "starts a list inside the list; delete it, or to print it "
		    "put the whole text in double quotes: \"- %s\"", what, t);
	return 1;
}

/* `what` is the English phrase (translated here, where it is printed). */
int
sch_expect(struct sch *s, const struct ynode *n, const char *what)
{
	const char	*w = _(what);

	if (strncmp(what, "a list", 6) != 0 && strncmp(what, "a mapping",
	    9) != 0 && ((n->kind == YL_MAP && sch_colon_text(s, n, w)) ||
	    (n->kind == YL_SEQ && sch_dash_text(s, n, w))))
		return -1;
	sch_err(s, n->mark, "expected %s, got %s", w, sch_what(s, n));
	return -1;
}

/* ---- scalars ---- */

/* A plain decimal number: [+-]digits[.digits]. */
int
sch_parse_num(const struct ynode *n, double *v, int *is_int)
{
	const char	*p = n->str;
	char		*end;

	if (n->kind != YL_SCALAR || n->len == 0)
		return -1;
	if (*p == '+' || *p == '-')
		p++;
	if (!isdigit((unsigned char)*p))
		return -1;
	while (isdigit((unsigned char)*p))
		p++;
	*is_int = *p == '\0';
	if (*p == '.') {
		p++;
		if (!isdigit((unsigned char)*p))
			return -1;
		while (isdigit((unsigned char)*p))
			p++;
	}
	if (*p != '\0')
		return -1;
	*v = strtod(n->str, &end);
	return 0;
}

/* A number written in quotes or marked !!str; returns -1. */
static int
sch_quoted_num(struct sch *s, const struct ynode *n, const char *what)
{
	if (n->tag == YL_TAG_STR)
		sch_err(s, n->mark, "expected %s, got %s; remove !!str",
		    _(what), sch_what(s, n));
	else
		sch_err(s, n->mark, "expected %s, got %s; write numbers "
		    "without quotes", _(what), sch_what(s, n));
	return -1;
}

/* A number where one is expected: plain, parsable, in [min, max]. */
int
sch_number(struct sch *s, const struct ynode *n, const char *what,
    double min, double max, int want_int, double *out)
{
	double	 v;
	int	 is_int;

	if (sch_parse_num(n, &v, &is_int) == -1) {
		if (n->kind == YL_SCALAR && n->style != YL_PLAIN &&
		    n->style != YL_LITERAL && n->style != YL_FOLDED) {
			struct ynode copy = *n;

			copy.style = YL_PLAIN;
			if (sch_parse_num(&copy, &v, &is_int) == 0)
				return sch_quoted_num(s, n, what);
		}
		return sch_expect(s, n, what);
	}
	if (n->style != YL_PLAIN)
		return sch_quoted_num(s, n, what);
	if ((want_int && !is_int) || v < min || v > max) {
		sch_err(s, n->mark, "expected %s from %g to %g, got %s",
		    _(what), min, max, n->str);
		return -1;
	}
	*out = v;
	return 0;
}

static int
sch_year(struct sch *s, const struct ynode *n, int *out)
{
	double	 v;
	int	 is_int;

	if (sch_parse_num(n, &v, &is_int) == -1 || !is_int)
		return sch_expect(s, n, "a year");
	return sch_number(s, n, "a year", 1000, 2999, 1, &v) == 0 ?
	    (*out = (int)v, 0) : -1;
}

static int
sch_bool(struct sch *s, const struct ynode *n, int *out)
{
	if (n->kind == YL_SCALAR && n->style == YL_PLAIN) {
		if (strcmp(n->str, "true") == 0) {
			*out = 1;
			return 0;
		}
		if (strcmp(n->str, "false") == 0) {
			*out = 0;
			return 0;
		}
	}
	return sch_expect(s, n, "true or false");
}

static int
sch_days(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

static int
sch_date(struct sch *s, const struct ynode *n, struct date *out)
{
	int	 y, m, d, i;

	if (n->kind != YL_SCALAR || n->len != 10)
		return sch_expect(s, n, "a date YYYY-MM-DD");
	for (i = 0; i < 10; i++)
		if ((i == 4 || i == 7) ? n->str[i] != '-' :
		    !isdigit((unsigned char)n->str[i]))
			return sch_expect(s, n, "a date YYYY-MM-DD");
	y = atoi(n->str);
	m = atoi(n->str + 5);
	d = atoi(n->str + 8);
	if (y < 1000 || y > 2999 || m < 1 || m > 12 || d < 1 ||
	    d > sch_days(y, m)) {
		sch_err(s, n->mark, "no such date: %s", n->str);
		return -1;
	}
	out->set = 1;
	out->year = y;
	out->month = m;
	out->day = d;
	out->mark = n->mark;
	return 0;
}

const char *
sch_text(struct sch *s, const struct ynode *n)
{
	size_t	 len;

	if (n->kind != YL_SCALAR || yl_is_null(n)) {
		sch_expect(s, n, "text");
		return NULL;
	}
	/* the final newline of a block scalar is no line break */
	len = n->len;
	while (len > 0 && n->str[len - 1] == '\n')
		len--;
	return txt_nfc(s->a, s->d, n->mark, n->str, len);
}

int
sch_inl(struct sch *s, const struct ynode *n, struct inl *out)
{
	const char	*t;

	if ((t = sch_text(s, n)) == NULL)
		return -1;
	return txt_inline_src(s->a, s->d, n->mark, t, s->srcs, s->nsrcs, out);
}

/* Index of the scalar among names, else an error with a hint. */
int
sch_enum(struct sch *s, const struct ynode *n, const char *const *names,
    int count)
{
	const char	*hint;
	struct sbuf	 sb;
	uint32_t	 hid;
	int		 i;

	if (n->kind == YL_SCALAR)
		for (i = 0; i < count; i++)
			if (strcmp(n->str, names[i]) == 0)
				return i;
	memset(&sb, 0, sizeof(sb));
	for (i = 0; i < count; i++) {
		/* TRANSLATORS: " or " joins the last two choices in
		 * "expected A4, A5 or Letter"; ", " the others. */
		if (i > 0)
			sbuf_adds(&sb, i == count - 1 ? _(" or ") : ", ");
		sbuf_adds(&sb, names[i]);
	}
	/* a value with an invisible character in it is named as such
	 * (sch_what): "did you mean" the same visible text would confuse */
	hid = 0;
	if (n->kind == YL_SCALAR)
		(void)sch_shown(s, n, &hid);
	hint = n->kind == YL_SCALAR && hid == 0 ?
	    diag_closest(n->str, names, count) : NULL;
	if (hint != NULL)
		sch_err(s, n->mark, "expected %s, got %s; did you mean "
		    "\"%s\"?", sb.s, sch_what(s, n), hint);
	else
		sch_err(s, n->mark, "expected %s, got %s", sb.s,
		    sch_what(s, n));
	sbuf_free(&sb);
	return -1;
}

int
sch_pick(struct sch *s, const struct ynode *n, const struct sch_choice *c)
{
	int	 i;

	if (n->kind == YL_SCALAR)
		for (i = 0; i < c->n; i++)
			if ((c->icase >> i & 1U) &&
			    strcasecmp(n->str, c->names[i]) == 0)
				return i;
	return sch_enum(s, n, c->names, c->n);
}

/* `rel` relative to the directory of the file the node was written in;
 * a result without '/' gets "./" so it reads as a path. */
const char *
sch_path(struct sch *s, const struct ynode *n, const char *rel)
{
	const char	*file = n->mark.file, *slash;

	if (rel[0] == '/')
		return rel;
	if (file == NULL || (slash = strrchr(file, '/')) == NULL)
		return arena_printf(s->a, "./%s", rel);
	return arena_printf(s->a, "%.*s/%s", (int)(slash - file), file, rel);
}

/* ---- mappings through key tables ---- */

static int
sch_value(struct sch *s, const struct sch_key *k, const struct ynode *v,
    void *obj)
{
	char	*p = (char *)obj + k->off;
	double	 dv;

	switch (k->kind) {
	case SK_TEXT:
		if (k->req)
			return sch_text_req(s, v, (const char **)p);
		return (*(const char **)p = sch_text(s, v)) ? 0 : -1;
	case SK_INL:
		if (k->req)
			return sch_inl_req(s, v, (struct inl *)p);
		return sch_inl(s, v, (struct inl *)p);
	case SK_NUM:
		return sch_number(s, v, "a number", k->min, k->max, 0,
		    (double *)p);
	case SK_INT:
		if (sch_number(s, v, "a whole number", k->min, k->max, 1,
		    &dv) == -1)
			return -1;
		*(int *)p = (int)dv;
		return 0;
	case SK_COUNT:
		return sch_count(s, v, (long *)p);
	case SK_YEAR:
		return sch_year(s, v, (int *)p);
	case SK_BOOL:
		return sch_bool(s, v, (int *)p);
	case SK_DATE:
		return sch_date(s, v, (struct date *)p);
	case SK_FN:
		return k->fn(s, k, v, obj);
	case SK_NONE:
		break;
	}
	return 0;
}

static const struct sch_key *
sch_find(const struct sch_key *tab, const char *name)
{
	for (; tab->name != NULL; tab++)
		if (strcmp(tab->name, name) == 0)
			return tab;
	return NULL;
}

/* One whole sentence per case (diag.c translates it): [block][in a
 * path][a hint]. */
static const char *const sch_unknown_fmt[2][2][2] = {
	{ { N_("unknown key \"%s\""),
	    N_("unknown key \"%s\"; did you mean \"%s\"?") },
	  { N_("unknown key \"%s\" in %s"),
	    N_("unknown key \"%s\" in %s; did you mean \"%s\"?") } },
	{ { N_("unknown block \"%s\""),
	    N_("unknown block \"%s\"; did you mean \"%s\"?") },
	  { N_("unknown block \"%s\" in %s"),
	    N_("unknown block \"%s\" in %s; did you mean \"%s\"?") } }
};

/* what: "key" or "block". */
void
sch_unknown(struct sch *s, const char *const *cands, int n,
    const struct ynode *key, const char *what)
{
	const char	*hint, *shown, *fmt;
	int		 blk = strcmp(what, "block") == 0;

	hint = diag_closest(key->str, cands, n);
	shown = diag_clip(s->a, key->str, key->len);
	fmt = sch_unknown_fmt[blk][s->plen > 0][hint != NULL];
	if (s->plen > 0 && hint != NULL)
		diag_error(s->d, key->mark, fmt, shown, s->path, hint);
	else if (s->plen > 0)
		diag_error(s->d, key->mark, fmt, shown, s->path);
	else if (hint != NULL)
		diag_error(s->d, key->mark, fmt, shown, hint);
	else
		diag_error(s->d, key->mark, fmt, shown);
}

static void
sch_unknown_key(struct sch *s, const struct sch_key *tab,
    const struct ynode *key)
{
	const char	*cands[64];
	int		 n = 0;

	for (; tab->name != NULL && n < 64; tab++)
		cands[n++] = tab->name;
	sch_unknown(s, cands, n, key, "key");
}

/* Parse a mapping through its key table into obj. */
int
sch_map(struct sch *s, const struct ynode *m, const struct sch_key *tab,
    void *obj)
{
	const struct sch_key	*k;
	const struct ynode	*v;
	size_t			 old;
	int			 i, rc = 0;

	if (m->kind != YL_MAP)
		return sch_expect(s, m, "a mapping");
	for (i = 0; i < m->n; i++) {
		if ((k = sch_find(tab, m->pairs[i].key->str)) == NULL) {
			if (!sch_split_key(s, m, i))
				sch_unknown_key(s, tab, m->pairs[i].key);
			rc = -1;
			continue;
		}
		v = m->pairs[i].val;
		old = sch_push_key(s, k->name);
		if (yl_is_null(v) && k->req) {
			if (sch_text_kind(s) >= 0)
				sch_empty(s, v->mark, NULL);
			else
				sch_err(s, v->mark, "missing value");
			rc = -1;
		} else if (!yl_is_null(v) && sch_value(s, k, v, obj) == -1)
			rc = -1;
		sch_pop(s, old);
	}
	for (k = tab; k->name != NULL; k++)
		if (k->req && yl_get(m, k->name) == NULL) {
			sch_err(s, m->mark, "missing required key \"%s\"",
			    k->name);
			rc = -1;
		}
	return rc;
}

/* A list node: each item through fn(s, item, i, ctx), path [i] pushed. */
int
sch_list(struct sch *s, const struct ynode *n, const char *what,
    int (*fn)(struct sch *, const struct ynode *, int, void *), void *ctx)
{
	size_t	 old;
	int	 i, rc = 0;

	if (n->kind != YL_SEQ)
		return sch_expect(s, n, what);
	if (n->n == 0) {
		sch_err(s, n->mark, "expected %s, got an empty list", _(what));
		return -1;
	}
	for (i = 0; i < n->n; i++) {
		old = sch_push_idx(s, i);
		if (fn(s, n->items[i], i, ctx) == -1)
			rc = -1;
		sch_pop(s, old);
	}
	return rc;
}

/* ---- lists of text (keywords, recipients, fallback fonts) ---- */

struct sch_strs {
	const char	**v;
	struct mark	*marks;
	int		 n;
	int		 font;	/* resolve paths */
};

static int
sch_str_item(struct sch *s, const struct ynode *n, int i, void *ctx)
{
	struct sch_strs	*st = ctx;
	const char	*t;

	if ((t = sch_text(s, n)) == NULL)
		return -1;
	if (st->font && font_is_path_name(t))
		t = sch_path(s, n, t);
	st->v[i] = t;
	st->marks[i] = n->mark;
	st->n = i + 1;
	return 0;
}

/* A list of text, or one scalar taken as a list of one. */
static int
sch_strs(struct sch *s, const struct ynode *n, struct sch_strs *st,
    int allow_empty)
{
	int	 cnt = n->kind == YL_SEQ ? n->n : 1;

	st->v = arena_alloc(s->a, (cnt + 1) * sizeof(*st->v));
	st->marks = arena_alloc(s->a, (cnt + 1) * sizeof(*st->marks));
	st->n = 0;
	if (n->kind == YL_SCALAR)
		return sch_str_item(s, n, 0, st);
	if (n->kind == YL_SEQ && n->n == 0 && allow_empty)
		return 0;
	return sch_list(s, n, "a list of text", sch_str_item, st);
}

/* ---- page ---- */

#define PG(f)	offsetof(struct page_setup, f)

static const struct sch_key sch_margin_keys[] = {
	{ "top", SK_NUM, PG(top), NULL, 0, 0, 1000, 0 },
	{ "bottom", SK_NUM, PG(bottom), NULL, 0, 0, 1000, 0 },
	{ "left", SK_NUM, PG(left), NULL, 0, 0, 1000, 0 },
	{ "right", SK_NUM, PG(right), NULL, 0, 0, 1000, 0 },
	{ NULL, SK_NONE, 0, NULL, 0, 0, 0, 0 }
};

/* page.size: a paper name in any letter case (with its size in mm,
 * same order), or [width, height] in mm from SCH_PAGE_MIN to
 * SCH_PAGE_MAX. */
static const char *const sch_size_names[] = { "A4", "A5", "Letter" };
static const double sch_size_dims[][2] = { { 210, 297 }, { 148, 210 },
    { 215.9, 279.4 } };
static const struct sch_choice sch_size_ch = SCH_CHOICE(sch_size_names,
    ~0U);
#define SCH_PAGE_MIN	50
#define SCH_PAGE_MAX	5000

static int
sch_page_size(struct sch *s, const struct sch_key *k, const struct ynode *v,
    void *obj)
{
	struct page_setup	*pg = obj;
	double			 w, h;
	int			 i, rc;
	size_t			 old;

	(void)k;
	if (v->kind == YL_SEQ) {
		if (v->n != 2)
			return sch_expect(s, v, "A4, A5, Letter or "
			    "[width_mm, height_mm]");
		old = sch_push_idx(s, 0);
		rc = sch_number(s, v->items[0], "a width in mm", SCH_PAGE_MIN,
		    SCH_PAGE_MAX, 0, &w);
		sch_pop(s, old);
		old = sch_push_idx(s, 1);
		rc |= sch_number(s, v->items[1], "a height in mm",
		    SCH_PAGE_MIN, SCH_PAGE_MAX, 0, &h);
		sch_pop(s, old);
		if (rc != 0)
			return -1;
		pg->width_mm = w;
		pg->height_mm = h;
		return 0;
	}
	if ((i = sch_pick(s, v, &sch_size_ch)) == -1)
		return -1;
	pg->width_mm = sch_size_dims[i][0];
	pg->height_mm = sch_size_dims[i][1];
	return 0;
}

static int
sch_margins(struct sch *s, const struct sch_key *k, const struct ynode *v,
    void *obj)
{
	(void)k;
	return sch_map(s, v, sch_margin_keys, obj);
}

static const char *const sch_pagenum_names[] = { "top-center",
    "bottom-center", "none" };	/* enum pagenum_pos */
static const struct sch_choice sch_pagenum_ch =
    SCH_CHOICE(sch_pagenum_names, 0);

static int
sch_pagenum(struct sch *s, const struct sch_key *k, const struct ynode *v,
    void *obj)
{
	int	 i;

	(void)k;
	if ((i = sch_pick(s, v, &sch_pagenum_ch)) == -1)
		return -1;
	((struct page_setup *)obj)->numbers = (enum pagenum_pos)i;
	return 0;
}

static const struct sch_key sch_page_keys[] = {
	{ "size", SK_FN, 0, sch_page_size, 0, 0, 0, 0 },
	{ "margins", SK_FN, 0, sch_margins, 0, 0, 0, 0 },
	{ "page_numbers", SK_FN, 0, sch_pagenum, 0, 0, 0, 0 },
	{ "number_first_page", SK_BOOL, PG(number_first), NULL, 0, 0, 0, 0 },
	{ NULL, SK_NONE, 0, NULL, 0, 0, 0, 0 }
};

/* Margins must leave at least this much text area (mm). */
#define SCH_MIN_TEXT	20.0

static int
sch_page(struct sch *s, const struct sch_key *k, const struct ynode *v,
    void *obj)
{
	struct page_setup	*pg = &((struct report *)obj)->page;
	const struct ynode	*mn;
	struct mark		 m;

	(void)k;
	if (sch_map(s, v, sch_page_keys, pg) == -1)
		return -1;
	mn = yl_get(v, "margins");
	m = mn != NULL ? mn->mark : v->mark;
	if (mn != NULL)
		sch_push_key(s, "margins");
	if (pg->width_mm - pg->left - pg->right < SCH_MIN_TEXT) {
		sch_err(s, m, "margins left %g + right %g mm leave no room "
		    "for text on a page %g mm wide", pg->left, pg->right,
		    pg->width_mm);
		return -1;
	}
	if (pg->height_mm - pg->top - pg->bottom < SCH_MIN_TEXT) {
		sch_err(s, m, "margins top %g + bottom %g mm leave no room "
		    "for text on a page %g mm high", pg->top, pg->bottom,
		    pg->height_mm);
		return -1;
	}
	return 0;
}

/* ---- style ---- */

#define ST(f)	offsetof(struct style, f)

static int
sch_font(struct sch *s, const struct sch_key *k, const struct ynode *v,
    void *obj)
{
	struct style	*st = obj;
	const char	*t;

	(void)k;
	if ((t = sch_text(s, v)) == NULL)
		return -1;
	st->font_is_path = font_is_path_name(t);
	st->font = st->font_is_path ? sch_path(s, v, t) : t;
	st->font_mark = v->mark;
	return 0;
}

static int
sch_fallback(struct sch *s, const struct sch_key *k, const struct ynode *v,
    void *obj)
{
	struct style	*st = obj;
	struct sch_strs	 ss;

	(void)k;
	memset(&ss, 0, sizeof(ss));
	ss.font = 1;
	if (sch_strs(s, v, &ss, 1) == -1)
		return -1;
	st->fallback = ss.v;
	st->fallback_marks = ss.marks;
	st->nfallback = ss.n;
	return 0;
}

static const struct sch_key sch_style_keys[] = {
	{ "font", SK_FN, 0, sch_font, 0, 0, 0, 0 },
	{ "size", SK_NUM, ST(size), NULL, 0, 6, 72, 0 },
	{ "line_spacing", SK_NUM, ST(line_spacing), NULL, 0, 1.0, 1.5, 0 },
	{ "paragraph_spacing", SK_NUM, ST(para_spacing), NULL, 0, 0, 72, 0 },
	{ "indent", SK_NUM, ST(indent_mm), NULL, 0, 0, 100, 0 },
	{ "justify", SK_BOOL, ST(justify), NULL, 0, 0, 0, 0 },
	{ "fallback_fonts", SK_FN, 0, sch_fallback, 0, 0, 0, 0 },
	{ "caption_numbers", SK_BOOL, ST(caption_numbers), NULL, 0, 0, 0, 0 },
	{ NULL, SK_NONE, 0, NULL, 0, 0, 0, 0 }
};

/* ---- meta, header, signature ---- */

#define MT(f)	offsetof(struct meta, f)
#define HD(f)	offsetof(struct header, f)
#define SG(f)	offsetof(struct signature, f)

static int
sch_keywords(struct sch *s, const struct sch_key *k, const struct ynode *v,
    void *obj)
{
	struct sch_strs	 ss;
	struct sbuf	 sb;
	int		 i;

	(void)k;
	memset(&ss, 0, sizeof(ss));
	if (sch_strs(s, v, &ss, 1) == -1)
		return -1;
	memset(&sb, 0, sizeof(sb));
	sbuf_adds(&sb, "");
	for (i = 0; i < ss.n; i++) {
		if (i > 0)
			sbuf_adds(&sb, ", ");
		sbuf_adds(&sb, ss.v[i]);
	}
	((struct meta *)obj)->keywords = arena_strdup(s->a, sb.s);
	sbuf_free(&sb);
	return 0;
}

static const struct sch_key sch_meta_keys[] = {
	{ "title", SK_TEXT, MT(title), NULL, 0, 0, 0, 0 },
	{ "author", SK_TEXT, MT(author), NULL, 0, 0, 0, 0 },
	{ "subject", SK_TEXT, MT(subject), NULL, 0, 0, 0, 0 },
	{ "keywords", SK_FN, 0, sch_keywords, 0, 0, 0, 0 },
	{ "date", SK_DATE, MT(date), NULL, 0, 0, 0, 0 },
	{ NULL, SK_NONE, 0, NULL, 0, 0, 0, 0 }
};

static const char *const sch_hkind_names[] = { "state", "party" };
static const struct sch_choice sch_hkind_ch = SCH_CHOICE(sch_hkind_names,
    0);	/* enum header_kind */

static int
sch_hkind(struct sch *s, const struct sch_key *k, const struct ynode *v,
    void *obj)
{
	int	 i;

	(void)k;
	if ((i = sch_pick(s, v, &sch_hkind_ch)) == -1)
		return -1;
	((struct header *)obj)->kind = (enum header_kind)i;
	return 0;
}

/* The length of a "Số", "Số:" or "số :" prefix of t (followed by the
 * number), else 0. */
static size_t
sch_so_prefix(const char *t)
{
	size_t	 i = 0;
	int	 sep = 0;

	if ((t[0] != 'S' && t[0] != 's') || (strncmp(t + 1, "\xE1\xBB\x91",
	    3) != 0 && strncmp(t + 1, "\xE1\xBB\x90", 3) != 0))
		return 0;
	i = 4;
	for (; t[i] == ' ' || t[i] == ':'; i++)
		sep = 1;
	return sep && t[i] != '\0' ? i : 0;
}

/* header.number: the header prints "Số:" (state) or "Số" (party) in
 * front of it, so a prefix written in the value is dropped, with a
 * warning, rather than printed twice ("Số: Số: 125/BC-VP"). */
static void
sch_hnumber(struct sch *s, const struct ynode *hv, struct header *h)
{
	const struct ynode	*v = yl_get(hv, "number");
	const char		*t = h->number;
	size_t			 n, w, old;

	if (v == NULL || t == NULL || (n = sch_so_prefix(t)) == 0)
		return;
	for (w = n; w > 0 && t[w - 1] == ' '; w--)
		;
	old = sch_push_key(s, "number");
	diag_warn(s->d, v->mark, "%s: the header prints \"%s\" by itself, "
	    "so the \"%.*s\" written in \"%s\" is dropped (write just %s)",
	    s->path, h->kind == HEADER_PARTY ? "Số" : "Số:", (int)w, t, t,
	    t + n);
	sch_pop(s, old);
	h->number = t + n;
}

static const struct sch_key sch_header_keys[] = {
	{ "kind", SK_FN, 0, sch_hkind, 0, 0, 0, 0 },
	{ "parent_agency", SK_TEXT, HD(parent_agency), NULL, 0, 0, 0, 0 },
	{ "agency", SK_TEXT, HD(agency), NULL, 1, 0, 0, 0 },
	{ "number", SK_TEXT, HD(number), NULL, 0, 0, 0, 0 },
	{ "place", SK_TEXT, HD(place), NULL, 1, 0, 0, 0 },
	{ "date", SK_DATE, HD(date), NULL, 1, 0, 0, 0 },
	{ NULL, SK_NONE, 0, NULL, 0, 0, 0, 0 }
};

static int
sch_recipients(struct sch *s, const struct sch_key *k, const struct ynode *v,
    void *obj)
{
	struct signature	*sg = obj;
	struct sch_strs		 ss;

	(void)k;
	memset(&ss, 0, sizeof(ss));
	if (sch_strs(s, v, &ss, 1) == -1)
		return -1;
	sg->recipients = ss.v;
	sg->nrecipients = ss.n;
	return 0;
}

/* signature.image, signature.seal: a picture file, relative to the
 * YAML that names it (validate.c reads its header). */
static int
sch_sig_file(struct sch *s, const struct sch_key *k, const struct ynode *v,
    void *obj)
{
	struct image	*im = (struct image *)((char *)obj + k->off);
	const char	*t;

	if (sch_text_req(s, v, &t) == -1)
		return -1;
	im->file = sch_path(s, v, t);
	im->mark = v->mark;
	return 0;
}

/* signature.seal_size: the seal's diameter in mm (36 by default, spec
 * §2), SIG_SEAL_MIN to SIG_SEAL_MAX: room for any office seal, and a
 * seal narrower than the column it sits in. A number out of range or a
 * unit written after it gets a note in plain words; a size that reads
 * right in centimetres (3.6) is answered with its millimetres. */
#define SIG_SEAL_MIN	20
#define SIG_SEAL_MAX	50
#define SIG_SEAL_DEFAULT 36

static int
sch_seal_size(struct sch *s, const struct sch_key *k, const struct ynode *v,
    void *obj)
{
	struct signature *sg = obj;
	double		 cm;
	int		 is_int;

	(void)k;
	if (sch_number(s, v, "a number", SIG_SEAL_MIN, SIG_SEAL_MAX, 0,
	    &sg->seal_mm) == 0) {
		sg->seal_mm_mark = v->mark;
		return 0;
	}
	if (v->kind == YL_SCALAR && sch_parse_num(v, &cm, &is_int) == 0 &&
	    cm * 10 >= SIG_SEAL_MIN && cm * 10 <= SIG_SEAL_MAX)
		diag_note(s->d, v->mark, "seal_size is in millimetres: a seal "
		    "%s cm across is seal_size: %g", v->str, cm * 10);
	else
		diag_note(s->d, v->mark, "seal_size is the seal's diameter in "
		    "millimetres, written as a number alone, such as "
		    "seal_size: 36 (from %d to %d)", SIG_SEAL_MIN,
		    SIG_SEAL_MAX);
	return -1;
}

static const struct sch_key sch_sig_keys[] = {
	{ "recipients", SK_FN, 0, sch_recipients, 0, 0, 0, 0 },
	{ "authority", SK_TEXT, SG(authority), NULL, 0, 0, 0, 0 },
	{ "title", SK_TEXT, SG(title), NULL, 1, 0, 0, 0 },
	{ "name", SK_TEXT, SG(name), NULL, 1, 0, 0, 0 },
	{ "image", SK_FN, SG(image), sch_sig_file, 0, 0, 0, 0 },
	{ "seal", SK_FN, SG(seal), sch_sig_file, 0, 0, 0, 0 },
	{ "seal_size", SK_FN, 0, sch_seal_size, 0, 0, 0, 0 },
	{ NULL, SK_NONE, 0, NULL, 0, 0, 0, 0 }
};

/* ---- the report ---- */

#define RP(f)	offsetof(struct report, f)

static int
sch_sub(struct sch *s, const struct ynode *v, const struct sch_key *tab,
    void *obj)
{
	return sch_map(s, v, tab, obj);
}

static int
sch_style(struct sch *s, const struct sch_key *k, const struct ynode *v,
    void *obj)
{
	(void)k;
	return sch_sub(s, v, sch_style_keys, &((struct report *)obj)->style);
}

static int
sch_meta(struct sch *s, const struct sch_key *k, const struct ynode *v,
    void *obj)
{
	(void)k;
	return sch_sub(s, v, sch_meta_keys, &((struct report *)obj)->meta);
}

static int
sch_header(struct sch *s, const struct sch_key *k, const struct ynode *v,
    void *obj)
{
	struct header	*h = &((struct report *)obj)->header;
	int		 rc;

	(void)k;
	h->present = 1;
	rc = sch_sub(s, v, sch_header_keys, h);
	sch_hnumber(s, v, h);
	return rc;
}

static int
sch_signature(struct sch *s, const struct sch_key *k, const struct ynode *v,
    void *obj)
{
	struct signature	*sg = &((struct report *)obj)->sig;

	(void)k;
	sg->present = 1;
	sg->seal_mm = SIG_SEAL_DEFAULT;
	return sch_sub(s, v, sch_sig_keys, sg);
}

static int
sch_output(struct sch *s, const struct sch_key *k, const struct ynode *v,
    void *obj)
{
	struct report	*r = obj;

	(void)k;
	if ((r->output = sch_text(s, v)) == NULL)
		return -1;
	r->output_mark = v->mark;
	return 0;
}

/* pdf.standard: "pdf/a-2u" in any letter case (bit 0), or "none". */
static const char *const sch_pdf_names[] = { "pdf/a-2u", "none" };
static const struct sch_choice sch_pdf_ch = SCH_CHOICE(sch_pdf_names, 1U);

static int
sch_pdf_std(struct sch *s, const struct sch_key *k, const struct ynode *v,
    void *obj)
{
	int	 i;

	(void)k;
	if ((i = sch_pick(s, v, &sch_pdf_ch)) == -1)
		return -1;
	((struct report *)obj)->pdf_standard = (enum pdf_standard)i;
	return 0;
}

static const struct sch_key sch_pdf_keys[] = {
	{ "standard", SK_FN, 0, sch_pdf_std, 0, 0, 0, 0 },
	{ NULL, SK_NONE, 0, NULL, 0, 0, 0, 0 }
};

static int
sch_pdf(struct sch *s, const struct sch_key *k, const struct ynode *v,
    void *obj)
{
	(void)k;
	return sch_sub(s, v, sch_pdf_keys, obj);
}

/* to (§2 v2, "Kính gửi"): one recipient or a list of them, each
 * non-empty; `to:` with nothing after it is an error too (sch_report),
 * not a Kính gửi line quietly left out. SCH_TO_FIX, the fix, fills the
 * %s of the sentences sch_err translates; it is translated where passed. */
#define SCH_TO_FIX	N_("write who the report is sent to, such as " \
	"\"to: Ủy ban nhân dân tỉnh Lạng Sơn\", or delete the line")

static int
sch_to_item(struct sch *s, const struct ynode *n, int i, void *ctx)
{
	struct report	*r = ctx;
	const char	*t;

	if (n->kind == YL_SCALAR && (yl_is_null(n) || txt_blank(n->str))) {
		sch_err(s, n->mark, "the recipient is empty; write it or "
		    "delete the item");
		return -1;
	}
	if ((t = sch_text(s, n)) == NULL)
		return -1;
	r->to[i] = t;
	r->nto = i + 1;
	return 0;
}

static int
sch_to(struct sch *s, const struct sch_key *k, const struct ynode *v,
    void *obj)
{
	struct report	*r = obj;

	(void)k;
	r->to = arena_alloc(s->a, (size_t)(v->kind == YL_SEQ ? v->n + 1 : 2) *
	    sizeof(*r->to));
	if (v->kind == YL_SEQ && v->n == 0) {
		sch_err(s, v->mark, "the list of recipients is empty; %s",
		    _(SCH_TO_FIX));
		return -1;
	}
	if (v->kind == YL_SCALAR && txt_blank(v->str)) {
		sch_err(s, v->mark, "the recipient is empty; %s",
		    _(SCH_TO_FIX));
		return -1;
	}
	if (v->kind == YL_SCALAR)
		return sch_to_item(s, v, 0, r);
	return sch_list(s, v, "a recipient or a list of recipients",
	    sch_to_item, r);
}

static void
sch_to_null(struct sch *s, const struct ynode *root)
{
	const struct ynode	*v = yl_get(root, "to");
	size_t			 old;

	if (v == NULL || !yl_is_null(v))
		return;
	old = sch_push_key(s, "to");
	sch_err(s, v->mark, "the recipient is empty; %s", _(SCH_TO_FIX));
	sch_pop(s, old);
}

static const struct sch_key sch_report_keys[] = {
	{ "extends", SK_NONE, 0, NULL, 0, 0, 0, 0 },
	{ "output", SK_FN, 0, sch_output, 0, 0, 0, 0 },
	{ "lang", SK_TEXT, RP(lang), NULL, 0, 0, 0, 0 },
	{ "page", SK_FN, 0, sch_page, 0, 0, 0, 0 },
	{ "style", SK_FN, 0, sch_style, 0, 0, 0, 0 },
	{ "meta", SK_FN, 0, sch_meta, 0, 0, 0, 0 },
	{ "pdf", SK_FN, 0, sch_pdf, 0, 0, 0, 0 },
	{ "header", SK_FN, 0, sch_header, 0, 0, 0, 0 },
	{ "title", SK_TEXT, RP(title), NULL, 1, 0, 0, 0 },
	{ "subtitle", SK_TEXT, RP(subtitle), NULL, 0, 0, 0, 0 },
	{ "to", SK_FN, 0, sch_to, 0, 0, 0, 0 },
	{ "body", SK_FN, 0, sch_body, 1, 0, 0, 0 },
	{ "signature", SK_FN, 0, sch_signature, 0, 0, 0, 0 },
	{ "appendices", SK_FN, 0, sch_appendices, 0, 0, 0, 0 },
	{ NULL, SK_NONE, 0, NULL, 0, 0, 0, 0 }
};

void
sch_defaults(struct report *r)
{
	r->lang = "vi";
	r->page.width_mm = 210;
	r->page.height_mm = 297;
	r->page.top = 20;
	r->page.bottom = 20;
	r->page.left = 30;
	r->page.right = 15;
	r->page.numbers = PAGENUM_TOP_CENTER;
	r->page.number_first = 0;
	r->style.font = "Times New Roman";
	r->style.font_is_path = 0;
	r->style.size = 13;
	r->style.line_spacing = 1.15;
	r->style.para_spacing = 6;
	r->style.indent_mm = 10;
	r->style.justify = 1;
	r->style.caption_numbers = 1;
	r->header.kind = HEADER_STATE;
}

int
sch_report(struct arena *a, struct diag *d, const struct ynode *root,
    struct report *r)
{
	struct sch	 s;
	int		 before = d->nerr;

	memset(&s, 0, sizeof(s));
	s.a = a;
	s.d = d;
	s.srcs = r->srcs;
	s.nsrcs = r->nsrcs;
	s.r = r;
	if (root->mark.file != NULL)
		r->style.font_mark = root->mark;
	sch_map(&s, root, sch_report_keys, r);
	if (root->kind == YL_MAP)
		sch_to_null(&s, root);
	sch_app_join(a, r);
	return d->nerr > before ? -1 : 0;
}
