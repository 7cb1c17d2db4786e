/*
 * link.c - web and e-mail addresses in a text (link.h), which para.c
 * marks on the pieces that draw them and pdf.c makes clickable.
 *
 * What is a link (baocao-report(5) "Links"):
 *  - "http://" or "https://" (any case) after the start of the text or
 *    a character that is not a letter or digit, then a host of ASCII
 *    characters, then anything up to a space, a control character, one
 *    of " < > \ ^ ` { | } or a character beyond ASCII that is not a
 *    letter, mark or digit (quotes, dashes, ellipses);
 *  - "www." the same way, with a host of at least three labels
 *    (www.laichau.gov.vn), linked as "http://www....";
 *  - an e-mail address: letters, digits and . _ % + - before an '@',
 *    a domain of at least two labels of letters, digits and '-' after
 *    it, linked as "mailto:..." (a "mailto:" written before it is part
 *    of the link).
 * Full stops, commas, semicolons, colons, ! ? ' and * at the end of an
 * address are the sentence's, as is a ')' or ']' without its opening
 * one inside the address. A host (or an e-mail address) with a
 * character beyond ASCII is not a link: its ASCII form (punycode) is not
 * what the text shows. Letters beyond ASCII in the path are kept in the
 * text and percent-encoded (their UTF-8 bytes) in the link. An address
 * whose link would be longer than LINK_MAX bytes is not a link.
 *
 * Cost: the text is searched with memchr for ':', '@', 'w' and 'W', and
 * only those characters are looked at more closely; nothing is
 * allocated until a link is found.
 */
#include <stdint.h>
#include <string.h>

#include <unicode/uchar.h>

#include "arena.h"
#include "link.h"
#include "text.h"

#define LINK_MAX	8192	/* bytes of a link's URI */

/* The characters a link is found from. Vietnamese is written without
 * 'w', so looking for "www." from a 'w' or a 'W' costs almost nothing. */
enum anchor {
	ANCH_COLON,		/* "http(s)://" */
	ANCH_AT,		/* e-mail */
	ANCH_W,			/* "www." */
	ANCH_WW,		/* "WWW." */
	ANCH__MAX
};

static int
is_alnum(int c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' &&
	    (c | 0x20) <= 'z');
}

static int
is_alpha(int c)
{
	return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

/* 1 for a letter, mark or digit: a character words are made of. */
static int
word_cp(uint32_t cp)
{
	if (cp < 0x80)
		return is_alnum((int)cp);
	return (U_MASK(u_charType((UChar32)cp)) &
	    (U_GC_L_MASK | U_GC_M_MASK | U_GC_N_MASK)) != 0;
}

/* The code point that ends right before byte i (i > 0). */
static uint32_t
cp_before(const char *s, size_t i)
{
	size_t	 j = i;

	do
		j--;
	while (j > 0 && ((unsigned char)s[j] & 0xC0) == 0x80);
	return txt_next(s, i, &j);
}

/* 1 when s[0..n) is t (lower case ASCII) in any case. */
static int
ieq(const char *s, const char *t, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if ((s[i] | 0x20) != t[i])
			return 0;
	return 1;
}

/* The end of the run of address characters from byte i. */
static size_t
url_run(const char *s, size_t len, size_t i)
{
	static const char	 stop[] = "\"<>\\^`{|}";
	unsigned char		 c;
	size_t			 j;

	while (i < len) {
		c = (unsigned char)s[i];
		if (c < 0x80) {
			if (c <= ' ' || c == 0x7F || strchr(stop, c) != NULL)
				break;
			i++;
			continue;
		}
		j = i;
		if (!word_cp(txt_next(s, len, &j)))
			break;
		i = j;
	}
	return i;
}

/* 1 when the ')' or ']' ending s[a..e) has no opening one before it. */
static int
unbalanced(const char *s, size_t a, size_t e)
{
	char	 close = s[e - 1], open = close == ')' ? '(' : '[';
	int	 depth = 0;
	size_t	 i;

	for (i = a; i < e; i++) {
		if (s[i] == open)
			depth++;
		else if (s[i] == close)
			depth--;
	}
	return depth < 0;
}

/* s[a..e) without the sentence's punctuation at its end. */
static size_t
trim_end(const char *s, size_t a, size_t e)
{
	char	 c;

	while (e > a) {
		c = s[e - 1];
		if (c != '\0' && strchr(".,;:!?'*", c) != NULL)
			e--;
		else if ((c == ')' || c == ']') && unbalanced(s, a, e))
			e--;
		else
			break;
	}
	return e;
}

/* First byte of s[a..e) that is one of "/?#", or e. */
static size_t
host_end(const char *s, size_t a, size_t e)
{
	while (a < e && s[a] != '/' && s[a] != '?' && s[a] != '#')
		a++;
	return a;
}

/* Labels of letters, digits and '-' joined by single dots from a, at
 * least `min` of them, the last with a letter; the end, or 0. */
static size_t
labels(const char *s, size_t len, size_t a, int min)
{
	size_t	 i = a, l0 = a;
	int	 n = 0;

	for (;;) {
		for (l0 = i; i < len && (is_alnum(s[i]) || s[i] == '-'); i++)
			;
		if (i == l0)
			return 0;
		n++;
		if (i + 1 < len && s[i] == '.' && (is_alnum(s[i + 1]) ||
		    s[i + 1] == '-'))
			i++;
		else
			break;
	}
	for (; l0 < i && !is_alpha(s[l0]); l0++)
		;
	return n >= min && l0 < i ? i : 0;
}

/* The link's URI: prefix, then s[a..e) with the bytes beyond ASCII
 * percent-encoded; NULL when it would be longer than LINK_MAX. */
static char *
make_uri(struct arena *ar, const char *prefix, const char *s, size_t a,
    size_t e)
{
	static const char	 hex[] = "0123456789ABCDEF";
	size_t			 n = strlen(prefix), i, k;
	unsigned char		 c;
	char			*u;

	for (i = a; i < e; i++)
		n += (unsigned char)s[i] < 0x80 ? 1 : 3;
	if (n > LINK_MAX)
		return NULL;
	u = arena_alloc(ar, n + 1);
	k = strlen(prefix);
	memcpy(u, prefix, k);
	for (i = a; i < e; i++) {
		c = (unsigned char)s[i];
		if (c < 0x80) {
			u[k++] = (char)c;
			continue;
		}
		u[k++] = '%';
		u[k++] = hex[c >> 4];
		u[k++] = hex[c & 15];
	}
	u[k] = '\0';
	return u;
}

/* "http://" or "https://" whose ':' is s[i]: its extent in *l. */
static int
scheme_link(struct arena *ar, const char *s, size_t len, size_t i,
    size_t lo, struct link *l)
{
	size_t	 a, e, h, k;
	int	 alnum = 0;

	if (i + 2 >= len || s[i + 1] != '/' || s[i + 2] != '/')
		return 0;
	if (i >= lo + 5 && ieq(s + i - 5, "https", 5))
		a = i - 5;
	else if (i >= lo + 4 && ieq(s + i - 4, "http", 4))
		a = i - 4;
	else
		return 0;
	if (a > 0 && word_cp(cp_before(s, a)))
		return 0;
	e = trim_end(s, i + 3, url_run(s, len, i + 3));
	h = host_end(s, i + 3, e);
	for (k = i + 3; k < h; k++) {
		if ((unsigned char)s[k] >= 0x80)
			return 0;
		alnum |= is_alnum(s[k]);
	}
	if (!alnum)
		return 0;
	/* the scheme in lower case, the rest as written */
	l->uri = make_uri(ar, i - a == 5 ? "https://" : "http://", s, i + 3,
	    e);
	l->start = a;
	l->end = e;
	return l->uri != NULL;
}

/* "www." starting at s[a]. */
static int
www_link(struct arena *ar, const char *s, size_t len, size_t a, size_t lo,
    struct link *l)
{
	size_t		 e, h, k;
	uint32_t	 cp;

	if (a < lo || a + 4 > len || !ieq(s + a, "www.", 4))
		return 0;
	if (a > 0 && (word_cp(cp = cp_before(s, a)) ||
	    (cp < 0x80 && strchr("./@-_:%", (int)cp) != NULL)))
		return 0;
	e = trim_end(s, a, url_run(s, len, a));
	h = host_end(s, a, e);
	if ((k = labels(s, h, a, 3)) == 0)
		return 0;
	if (k < h && s[k] == ':')	/* a port */
		for (k++; k < h && s[k] >= '0' && s[k] <= '9'; k++)
			;
	if (k != h)
		return 0;
	l->uri = make_uri(ar, "http://", s, a, e);
	l->start = a;
	l->end = e;
	return l->uri != NULL;
}

static int
local_char(char c)
{
	return is_alnum(c) || (c != '\0' && strchr("._%+-", c) != NULL);
}

/* An e-mail address whose '@' is s[i]. */
static int
mail_link(struct arena *ar, const char *s, size_t len, size_t i,
    size_t lo, struct link *l)
{
	size_t		 a = i, e, j;
	uint32_t	 cp;

	while (a > lo && local_char(s[a - 1]))
		a--;
	if (a == i || s[a] == '.' || s[i - 1] == '.')
		return 0;
	if (a > 0 && word_cp(cp_before(s, a)))
		return 0;
	if ((e = labels(s, len, i + 1, 2)) == 0)
		return 0;
	j = e;
	if (e < len && (word_cp(cp = txt_next(s, len, &j)) || cp == '@' ||
	    cp == '_'))
		return 0;
	l->uri = make_uri(ar, "mailto:", s, a, e);
	if (a >= lo + 7 && ieq(s + a - 7, "mailto:", 7) && (a == 7 ||
	    !word_cp(cp_before(s, a - 7))))
		a -= 7;
	l->start = a;
	l->end = e;
	return l->uri != NULL;
}

/* The first c in s[from..len), or len. */
static size_t
next_of(const char *s, size_t len, size_t from, int c)
{
	const char	*p;

	if (from >= len)
		return len;
	p = memchr(s + from, c, len - from);
	return p != NULL ? (size_t)(p - s) : len;
}

static int
try_link(struct arena *ar, enum anchor k, const char *s, size_t len,
    size_t i, size_t lo, struct link *l)
{
	switch (k) {
	case ANCH_COLON:
		return scheme_link(ar, s, len, i, lo, l);
	case ANCH_AT:
		return mail_link(ar, s, len, i, lo, l);
	default:
		return www_link(ar, s, len, i, lo, l);
	}
}

int
link_find(struct arena *ar, const char *s, size_t len, struct link **out)
{
	static const char	 ch[ANCH__MAX] = { ':', '@', 'w', 'W' };
	size_t			 at[ANCH__MAX], lo = 0, i;
	struct link		 l, *v = NULL;
	int			 k, m, n = 0, cap = 0;

	for (k = 0; k < ANCH__MAX; k++)
		at[k] = next_of(s, len, 0, ch[k]);
	for (;;) {
		for (m = 0, k = 1; k < ANCH__MAX; k++)
			if (at[k] < at[m])
				m = k;
		if ((i = at[m]) >= len)
			break;
		if (try_link(ar, (enum anchor)m, s, len, i, lo, &l)) {
			v = arena_grow(ar, v, &cap, n, sizeof(*v));
			v[n++] = l;
			lo = l.end;
		}
		for (k = 0; k < ANCH__MAX; k++)
			if (at[k] <= i || at[k] < lo)
				at[k] = next_of(s, len, i + 1 > lo ? i + 1 :
				    lo, ch[k]);
	}
	if (n > 0)
		*out = v;
	return n;
}
