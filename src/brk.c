/*
 * brk.c - where a line may start: ICU's line break iterator (UAX #14 as
 * tailored for the report's locale) run over a UTF-16 copy of the text,
 * its offsets mapped back to UTF-8 bytes, then the Vietnamese fixes that
 * ICU's default rules do not know:
 *
 *   - a document number (15/QĐ-UBND, 01/2019/QĐ-UBND, 127-SL,
 *     125-BC/VPTU) or a URL is one token, never split;
 *   - a spaced dash ("1945 - 1954", "kinh tế - xã hội") stays at the end
 *     of its line: no break before it, the break goes after it;
 *   - after a space a break is allowed (ICU's QU SP* x OP would glue
 *     `chào” (nay`), except before closing punctuation or after an opening
 *     quote or parenthesis, which never happens;
 *   - '\n' is a forced break.
 *
 * Owns nothing: the caller passes the kinds[] array; scratch memory is
 * freed before returning. Return convention: 0 = ok, -1 = ICU failed.
 */
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/utf16.h>

#include "arena.h"
#include "brk.h"
#include "diag.h"
#include "text.h"

/* The text decoded once: code points and their byte offsets (offs[n] is
 * the text length), plus the UTF-16 form ICU wants and its map back. */
struct btext {
	uint32_t	*cps;
	size_t		*offs;
	size_t		 n;
	UChar		*u16;
	size_t		*u16off;	/* byte offset of each UTF-16 unit */
	int32_t		 n16;
};

static void
btext_init(struct btext *t, const char *s, size_t len)
{
	size_t		 i = 0, start;
	uint32_t	 cp;

	t->cps = xmalloc((len + 1) * sizeof(*t->cps));
	t->offs = xmalloc((len + 1) * sizeof(*t->offs));
	t->u16 = xmalloc((2 * len + 1) * sizeof(*t->u16));
	t->u16off = xmalloc((2 * len + 1) * sizeof(*t->u16off));
	t->n = 0;
	t->n16 = 0;
	while (i < len) {
		start = i;
		cp = txt_next(s, len, &i);
		t->cps[t->n] = cp;
		t->offs[t->n++] = start;
		if (cp > 0xFFFF) {
			t->u16off[t->n16] = start;
			t->u16[t->n16++] = U16_LEAD(cp);
			t->u16off[t->n16] = start;
			t->u16[t->n16++] = U16_TRAIL(cp);
		} else {
			t->u16off[t->n16] = start;
			t->u16[t->n16++] = (UChar)cp;
		}
	}
	t->offs[t->n] = len;
	t->u16off[t->n16] = len;
}

static void
btext_free(struct btext *t)
{
	free(t->cps);
	free(t->offs);
	free(t->u16);
	free(t->u16off);
}

/* ---- character classes ---- */

static int
is_blank(uint32_t cp)
{
	return brk_is_space(cp) || cp == '\n';
}

static int
is_dash(uint32_t cp)
{
	return cp == '-' || (cp >= 0x2012 && cp <= 0x2015) || cp == 0x2212;
}

/* Straight quotes are opening or closing by their neighbours. */
static int
is_closing(const struct btext *t, size_t k)
{
	uint32_t	 cp = t->cps[k];
	int8_t		 cat;

	if (cp != 0 && cp < 0x80 && strchr(".,;:!?%", (int)cp) != NULL)
		return 1;
	if (cp == 0x2026 || cp == 0x201D || cp == 0x2019 || cp == 0xBB ||
	    cp == 0x203A)
		return 1;
	if (cp == '"' || cp == '\'')
		return k > 0 && !is_blank(t->cps[k - 1]);
	cat = u_charType((UChar32)cp);
	return cat == U_END_PUNCTUATION || cat == U_FINAL_PUNCTUATION;
}

static int
is_opening(const struct btext *t, size_t k)
{
	uint32_t	 cp = t->cps[k];
	int8_t		 cat;

	if (cp == 0x201C || cp == 0x2018 || cp == 0xAB || cp == 0x2039)
		return 1;
	if (cp == '"' || cp == '\'')
		return k == 0 || is_blank(t->cps[k - 1]) ||
		    is_opening(t, k - 1);
	cat = u_charType((UChar32)cp);
	return cat == U_START_PUNCTUATION || cat == U_INITIAL_PUNCTUATION;
}

/* ---- ICU ---- */

/*
 * Opening a line break iterator costs far more than breaking a paragraph,
 * so one iterator per process is kept and re-pointed at each text with
 * ubrk_setText. A worker process builds one report at a time, so this
 * cache is never shared between reports running at once; it is reopened
 * when the locale changes.
 */
static UBreakIterator	*bi;
static char		 bi_lang[32];

void
brk_cleanup(void)
{
	if (bi != NULL)
		ubrk_close(bi);
	bi = NULL;
}

static UBreakIterator *
line_iterator(const char *lang, UErrorCode *err)
{
	if (bi != NULL && strcmp(bi_lang, lang) == 0)
		return bi;
	if (bi != NULL)
		ubrk_close(bi);
	bi = ubrk_open(UBRK_LINE, lang, NULL, 0, err);
	if (U_FAILURE(*err)) {
		bi = NULL;
		return NULL;
	}
	snprintf(bi_lang, sizeof(bi_lang), "%s", lang);
	return bi;
}

static int
icu_breaks(struct diag *d, const char *lang, const struct btext *t,
    unsigned char *kinds)
{
	UBreakIterator	*bi;
	UErrorCode	 err = U_ZERO_ERROR;
	int32_t		 q, st;

	if (t->n16 == 0)
		return 0;
	bi = line_iterator(lang, &err);
	if (bi != NULL)
		ubrk_setText(bi, t->u16, t->n16, &err);
	if (bi == NULL || U_FAILURE(err)) {
		if (d != NULL)
			diag_fail(d, "ICU line break iterator for \"%s\": %s",
			    lang, u_errorName(err));
		return -1;
	}
	ubrk_first(bi);
	while ((q = ubrk_next(bi)) != UBRK_DONE) {
		if (q >= t->n16)
			break;
		st = ubrk_getRuleStatus(bi);
		kinds[t->u16off[q]] = (st >= UBRK_LINE_HARD &&
		    st < UBRK_LINE_HARD_LIMIT) ? BRK_FORCED : BRK_ALLOW;
	}
	return 0;
}

/* ---- Vietnamese fixes ---- */

/* After ASCII spaces a break is fine unless a later rule says no; '\n'
 * forces one and nothing else forces. */
static void
fix_spaces(const struct btext *t, unsigned char *kinds)
{
	size_t	 k;

	for (k = 1; k < t->n; k++) {
		if (kinds[t->offs[k]] == BRK_FORCED)
			kinds[t->offs[k]] = BRK_ALLOW;
		if (t->cps[k - 1] == '\n')
			kinds[t->offs[k]] = BRK_FORCED;
		else if (t->cps[k] == '\n')
			kinds[t->offs[k]] = BRK_NONE;
		else if ((t->cps[k - 1] == ' ' || t->cps[k - 1] == '\t') &&
		    !brk_is_space(t->cps[k]))
			kinds[t->offs[k]] = BRK_ALLOW;
	}
}

static int
token_is_url(const struct btext *t, size_t c0, size_t c1)
{
	size_t	 k;

	if (c1 - c0 >= 4 && t->cps[c0] == 'w' && t->cps[c0 + 1] == 'w' &&
	    t->cps[c0 + 2] == 'w' && t->cps[c0 + 3] == '.')
		return 1;
	for (k = c0; k + 2 < c1; k++)
		if (t->cps[k] == ':' && t->cps[k + 1] == '/' &&
		    t->cps[k + 2] == '/')
			return 1;
	for (k = c0 + 1; k + 1 < c1; k++)
		if (t->cps[k] == '@')
			return 1;
	return 0;
}

/* A document number: letters, digits, '/', '-', '.' with an inner '/'
 * or '-' and a digit or an upper-case letter after a separator
 * (15/QĐ-UBND, 127-SL, 125-BC/VPTU); "tế-xã" is not one. */
static int
token_is_docnum(const struct btext *t, size_t c0, size_t c1)
{
	size_t		 k;
	uint32_t	 cp;
	int		 sep = 0, digit = 0, upper = 0;

	for (k = c0; k < c1; k++) {
		cp = t->cps[k];
		if (cp == '/' || cp == '-' || cp == 0x2010 || cp == 0x2011) {
			if (k == c0 || k + 1 == c1)
				return 0;
			sep = 1;
			if (u_isupper((UChar32)t->cps[k + 1]))
				upper = 1;
		} else if (u_isdigit((UChar32)cp))
			digit = 1;
		else if (cp != '.' && cp != '_' && !u_isalpha((UChar32)cp) &&
		    u_charType((UChar32)cp) != U_NON_SPACING_MARK)
			return 0;
	}
	return sep && (digit || upper);
}

/* Keep document numbers and URLs whole. */
static void
fix_tokens(const struct btext *t, unsigned char *kinds)
{
	size_t	 t0 = 0, t1, c0, c1, k;

	while (t0 < t->n) {
		if (is_blank(t->cps[t0])) {
			t0++;
			continue;
		}
		for (t1 = t0; t1 < t->n && !is_blank(t->cps[t1]); t1++)
			;
		for (c0 = t0; c0 < t1 && is_opening(t, c0); c0++)
			;
		for (c1 = t1; c1 > c0 && is_closing(t, c1 - 1); c1--)
			;
		if (c1 > c0 && (token_is_url(t, c0, c1) ||
		    token_is_docnum(t, c0, c1)))
			for (k = t0 + 1; k < t1; k++)
				kinds[t->offs[k]] = BRK_NONE;
		t0 = t1;
	}
}

/* No line starts with a spaced dash, with closing punctuation, or right
 * after opening punctuation (spaces in between or not). No line ends with
 * an ASCII hyphen-minus either: PDF text extractors (poppler's pdftotext
 * among them) take a line-final U+002D for a soft hyphen and drop it, so
 * "1976 -|1980" would copy out as "1976 1980". A spaced "-" range thus
 * stays on one line; an en dash range may still break after the dash. */
static void
fix_punct(const struct btext *t, unsigned char *kinds)
{
	size_t	 k, p;

	for (k = 1; k < t->n; k++) {
		if (kinds[t->offs[k]] != BRK_ALLOW)
			continue;
		if (is_dash(t->cps[k]) && brk_is_space(t->cps[k - 1]) &&
		    (k + 1 == t->n || is_blank(t->cps[k + 1]))) {
			kinds[t->offs[k]] = BRK_NONE;
			continue;
		}
		if (is_closing(t, k)) {
			kinds[t->offs[k]] = BRK_NONE;
			continue;
		}
		for (p = k; p > 0 && brk_is_space(t->cps[p - 1]); p--)
			;
		if (p > 0 && (is_opening(t, p - 1) || t->cps[p - 1] == '-'))
			kinds[t->offs[k]] = BRK_NONE;
	}
}

int
brk_find(struct diag *d, const char *lang, const char *s, size_t len,
    unsigned char *kinds)
{
	struct btext	 t;
	int		 rc;

	memset(kinds, BRK_NONE, len + 1);
	if (len == 0)
		return 0;
	btext_init(&t, s, len);
	rc = icu_breaks(d, lang != NULL ? lang : "vi", &t, kinds);
	if (rc == 0) {
		fix_spaces(&t, kinds);
		fix_tokens(&t, kinds);
		fix_punct(&t, kinds);
	}
	kinds[0] = BRK_NONE;
	kinds[len] = BRK_NONE;
	btext_free(&t);
	return rc;
}
