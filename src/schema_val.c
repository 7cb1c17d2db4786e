/*
 * schema_val.c - the values of a report that a clerk types as data and
 * text (§2a v2, "Nothing a user writes is silently changed or lost"):
 *
 *   - numbers in data (table cells of number columns, staffing counts,
 *     history units and staff) read as Vietnamese write them, from the
 *     text of the value (txt_num_vi): 1.000 is one thousand, "98,5" a
 *     decimal; a decimal point (98.5) is an error with the fix; a comma
 *     that split a number inside { } is named; counts are whole;
 *   - required text that is empty, blank or only bold/italic markers,
 *     an error naming the field by its path and the way out.
 *
 *   - `{csv: FILE}` in place of a list of rows, units or awards: the
 *     file read by csv.c into the list YAML would give, recorded among
 *     the report's inputs (the up-to-date check) and sources.
 *
 * The engine (paths, sch_map, the other scalars) is schema.c's.
 * Return convention: 0 = ok, -1 = failed with the diagnostic recorded.
 */
#include <ctype.h>
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

/* ---- numbers in data, as Vietnamese write them (§2a) ---- */

enum txt_num_rc
sch_vnum(const struct ynode *n, struct txt_num *out)
{
	size_t	 b = 0, e;

	if (n->kind != YL_SCALAR || yl_is_null(n))
		return TXT_NUM_TEXT;
	/* the text as written: YAML would read 1.000 as the float 1.0 */
	e = n->len;
	while (b < e && n->str[b] == ' ')
		b++;
	while (e > b && n->str[e - 1] == ' ')
		e--;
	return txt_num_vi(n->str + b, e - b, out);
}

int
sch_num_err(struct sch *s, const struct ynode *n, enum txt_num_rc rc)
{
	struct txt_num	 whole;
	char		 dec[64], dig[64];
	size_t		 i, k = 0;

	/* the value is one number with one dot (txt_num_vi), < 64 bytes */
	snprintf(dec, sizeof(dec), "%s", n->str);
	for (i = 0; dec[i] != '\0'; i++) {
		if (dec[i] == '.')
			dec[i] = ',';
		else if (dec[i] != ' ')
			dig[k++] = dec[i];
	}
	dig[k] = '\0';
	if (rc == TXT_NUM_GROUP && txt_num_vi(dig, k, &whole) == TXT_NUM_OK)
		sch_err(s, n->mark, "\"%s\": a dot groups thousands, three "
		    "digits at a time; write %s for a whole number or %s for "
		    "a decimal", n->str, whole.text, dec);
	else
		sch_err(s, n->mark, "\"%s\": write %s for a decimal (a dot "
		    "groups thousands)", n->str, dec);
	return -1;
}

int
sch_count(struct sch *s, const struct ynode *n, long *out)
{
	struct txt_num	 num;
	enum txt_num_rc	 rc;

	if ((rc = sch_vnum(n, &num)) == TXT_NUM_TEXT)
		return sch_expect(s, n, "a count");
	if (rc != TXT_NUM_OK || !num.is_int || num.neg) {
		sch_err(s, n->mark, "expected a count (a whole number, 0 or "
		    "more), got %s", n->str);
		return -1;
	}
	if (num.v > SCH_MAX_COUNT) {
		sch_err(s, n->mark, "expected a count from 0 to %s, got %s",
		    txt_int_vi(s->a, SCH_MAX_COUNT), n->str);
		return -1;
	}
	*out = (long)num.v;
	return 0;
}

/* ---- required text: empty, blank or only markup is an error ---- */

/* What a required text is called, by the end of its path, and how to
 * fix it when it is empty; the first match wins. */
static const struct {
	const char	*suffix;
	const char	*what, *fix;
} sch_texts[] = {
	{ "heading.text", N_("the heading"),
	    N_("write its text or delete the line") },
	{ "heading", N_("the heading"), N_("write its text or delete the line") },
	{ "paragraph", N_("the paragraph"),
	    N_("write its text or delete the line") },
	{ "quote", N_("the quote"), N_("write its text or delete the line") },
	{ "]", N_("the list item"), N_("write its text or delete the item") },
	{ "].text", N_("the list item"),
	    N_("write its text or delete the item") },
	{ "signature.title", N_("the signer's title"),
	    N_("write it, such as CHÁNH VĂN PHÒNG") },
	{ "signature.name", N_("the signer's name"), N_("write it") },
	{ "signature.image", N_("the signature picture's file name"),
	    N_("write it or delete the line") },
	{ "signature.seal", N_("the seal picture's file name"),
	    N_("write it or delete the line") },
	{ "header.agency", N_("the agency"), N_("write the name of the agency "
	    "that issues the report, such as VĂN PHÒNG") },
	{ "header.place", N_("the place"), N_("write the place printed before "
	    "the date, such as Lạng Sơn") },
	{ ".award", N_("the award"), N_("write its name or delete the item") },
	{ ".name", N_("the unit's name"), N_("write it or delete the unit") },
	{ ".period", N_("the period"),
	    N_("write it, such as 1945 - 1954, or delete the row") },
	{ ".file", N_("the image's file name"),
	    N_("write it or delete the image") },
	{ ".title", N_("the column's title"), N_("write it") },
	{ "title", N_("the title"),
	    N_("write the report's title, such as BÁO CÁO") }
};

#define SCH_NTEXTS	((int)(sizeof(sch_texts) / sizeof(sch_texts[0])))

/* The entry of the path being parsed, or -1. */
int
sch_text_kind(const struct sch *s)
{
	size_t	 n;
	int	 i;

	for (i = 0; i < SCH_NTEXTS; i++) {
		n = strlen(sch_texts[i].suffix);
		if (s->plen < n || strcmp(s->path + s->plen - n,
		    sch_texts[i].suffix) != 0)
			continue;
		if (s->plen == n || sch_texts[i].suffix[0] == '.' ||
		    sch_texts[i].suffix[0] == ']' ||
		    s->path[s->plen - n - 1] == '.')
			return i;
	}
	return -1;
}

/* "PATH: the heading is empty; write ..." (markup: the text when it held
 * only bold/italic markers). Returns -1. */
int
sch_empty(struct sch *s, struct mark m, const char *markup)
{
	int	 i = sch_text_kind(s);
	const char *what = _(i >= 0 ? sch_texts[i].what : N_("the text"));
	const char *fix = _(i >= 0 ? sch_texts[i].fix : N_("write it"));

	if (markup != NULL)
		sch_err(s, m, "%s has no text, only the bold/italic markers "
		    "\"%.40s\"; %s", what, markup, fix);
	else
		sch_err(s, m, "%s is empty; %s", what, fix);
	return -1;
}

int
sch_text_req(struct sch *s, const struct ynode *n, const char **out)
{
	const char	*t;

	if (yl_is_null(n))
		return sch_empty(s, n->mark, NULL);
	if ((t = sch_text(s, n)) == NULL)
		return -1;
	if (txt_blank(t))
		return sch_empty(s, n->mark, NULL);
	*out = t;
	return 0;
}

int
sch_inl_req(struct sch *s, const struct ynode *n, struct inl *out)
{
	const char	*t;
	int		 i;

	if (sch_text_req(s, n, &t) == -1)
		return -1;
	if (txt_inline_src(s->a, s->d, n->mark, t, s->srcs, s->nsrcs,
	    out) == -1)
		return -1;
	for (i = 0; i < out->nspans; i++)
		if (!txt_blank(out->spans[i].text))
			return 0;
	for (i = 0; i < out->nspans; i++)
		if (out->spans[i].fn != NULL) {
			sch_err(s, n->mark, "the text has nothing but a "
			    "footnote; write the words the note belongs to "
			    "before its \"^[\"");
			return -1;
		}
	return sch_empty(s, n->mark, t);
}

/* 1 when t is digits, with dots between them when `dots`. */
static int
sch_digits(const char *t, int dots)
{
	if (!isdigit((unsigned char)*t))
		return 0;
	for (; *t != '\0'; t++)
		if (!isdigit((unsigned char)*t) && !(dots && *t == '.'))
			return 0;
	return 1;
}

/* {civil_servants: 12,5}: inside { } YAML cuts the number at its comma
 * into the value 12 and a key "5" without a value. Says so at the
 * number and returns 1; 0 when pair i is no such key. */
int
sch_split_key(struct sch *s, const struct ynode *m, int i)
{
	const struct ynode	*k = m->pairs[i].key, *pv;
	size_t			 old;

	/* decimals are short: 2019, 2020 are two years, not a number */
	if (i == 0 || !yl_is_null(m->pairs[i].val) || k->style != YL_PLAIN ||
	    !sch_digits(k->str, 0) || k->len > 3)
		return 0;
	pv = m->pairs[i - 1].val;
	if (pv->kind != YL_SCALAR || pv->style != YL_PLAIN ||
	    !sch_digits(pv->str, 1) || pv->mark.line != k->mark.line)
		return 0;
	old = sch_push_key(s, m->pairs[i - 1].key->str);
	sch_err(s, pv->mark, "inside { } the comma of %s,%s splits it in two "
	    "(%s, then a key \"%s\"); write the number in quotes: "
	    "\"%s,%s\"", pv->str, k->str, pv->str, k->str, pv->str, k->str);
	sch_pop(s, old);
	return 1;
}

/* ---- data from spreadsheets: {csv: FILE} (§2 v2) ---- */

/* Append p to an arena array of *n elements of size sz. */
static void *
sch_append(struct sch *s, void *arr, int *n, const void *p, size_t sz)
{
	char	*o = arena_alloc(s->a, (size_t)(*n + 1) * sz);

	if (*n > 0)
		memcpy(o, arr, (size_t)*n * sz);
	memcpy(o + (size_t)*n * sz, p, sz);
	(*n)++;
	return o;
}

int
sch_csv(struct sch *s, const struct ynode *v, const struct cv_want *w,
    const struct ynode **out)
{
	const struct ynode	*f;
	struct source		 src;
	const char		*name, *path;
	int			 i, bad;

	*out = v;
	if (v->kind != YL_MAP || (f = yl_get(v, "csv")) == NULL)
		return 0;
	for (i = 0; i < v->n; i++)
		if (strcmp(v->pairs[i].key->str, "csv") != 0) {
			sch_err(s, v->pairs[i].key->mark, "unknown key \"%s\" "
			    "next to csv; write either a list of %s or "
			    "{csv: FILE} alone", diag_clip(s->a,
			    v->pairs[i].key->str, v->pairs[i].key->len),
			    w->what);
			return -1;
		}
	if (sch_text_req(s, f, &name) == -1)
		return -1;
	path = sch_path(s, f, name);
	/* "data/x.csv" next to a report named without a folder */
	if (strncmp(path, "./", 2) == 0 && strncmp(name, "./", 2) != 0)
		path += 2;
	memset(&src, 0, sizeof(src));
	*out = cv_load(s->a, s->d, path, f->mark, w, &src, &bad);
	if (src.file != NULL) {
		s->r->deps = sch_append(s, s->r->deps, &s->r->ndeps, &path,
		    sizeof(path));
		s->r->srcs = sch_append(s, s->r->srcs, &s->r->nsrcs, &src,
		    sizeof(src));
	}
	if (*out == NULL)
		return -1;
	return bad;
}
