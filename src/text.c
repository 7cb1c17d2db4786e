/*
 * text.c - UTF-8, NFC normalisation and inline markup; the Vietnamese way
 * of writing numbers, dates and award names.
 *
 * ICU does the normalisation (unorm2 NFC), case mapping and the number
 * formats (locale "vi": "15.000", "98,5"). Strings in and out are UTF-8;
 * UTF-16 only lives inside these functions. Results are arena-owned.
 * The two ICU number formatters are opened once per process and never
 * change afterwards: each worker process formats for one report at a
 * time, so this read-only cache is not shared mutable state.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/unum.h>
#include <unicode/ustring.h>

#include "arena.h"
#include "diag.h"
#include "i18n.h"
#include "text.h"

/* Each length spelled out: Vietnamese letters are mostly 3-byte
 * sequences (U+1EA0..U+1EF9), the rest 2-byte (ă, đ, ơ, ư). */
uint32_t
txt_next_mb(const char *s, size_t len, size_t *i)
{
	const unsigned char	*p = (const unsigned char *)s + *i;
	size_t			 left = len - *i;
	uint32_t		 cp;

	if (p[0] < 0x80) {
		(*i)++;
		return p[0];
	}
	if (p[0] >= 0xE0 && p[0] <= 0xEF) {
		if (left < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80)
			goto bad;
		cp = (uint32_t)(p[0] & 0x0F) << 12 |
		    (uint32_t)(p[1] & 0x3F) << 6 | (uint32_t)(p[2] & 0x3F);
		if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))
			goto bad;
		*i += 3;
		return cp;
	}
	if (p[0] >= 0xC2 && p[0] <= 0xDF) {
		if (left < 2 || (p[1] & 0xC0) != 0x80)
			goto bad;
		*i += 2;
		return (uint32_t)(p[0] & 0x1F) << 6 | (uint32_t)(p[1] & 0x3F);
	}
	if (p[0] >= 0xF0 && p[0] <= 0xF4) {
		if (left < 4 || (p[1] & 0xC0) != 0x80 ||
		    (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80)
			goto bad;
		cp = (uint32_t)(p[0] & 0x07) << 18 |
		    (uint32_t)(p[1] & 0x3F) << 12 |
		    (uint32_t)(p[2] & 0x3F) << 6 | (uint32_t)(p[3] & 0x3F);
		if (cp < 0x10000 || cp > 0x10FFFF)
			goto bad;
		*i += 4;
		return cp;
	}
bad:
	(*i)++;
	return 0xFFFD;
}

int
txt_encode(uint32_t cp, char *buf)
{
	if (cp < 0x80) {
		buf[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		buf[0] = (char)(0xC0 | (cp >> 6));
		buf[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		buf[0] = (char)(0xE0 | (cp >> 12));
		buf[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		buf[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	buf[0] = (char)(0xF0 | (cp >> 18));
	buf[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	buf[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	buf[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

size_t
txt_invalid_utf8(const char *s, size_t len)
{
	size_t		 i = 0, at;
	uint32_t	 cp;

	while (i < len) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		at = i;
		cp = txt_next(s, len, &i);
		/* A literal U+FFFD is 3 bytes; a decoding failure is 1. */
		if (cp == 0xFFFD && i - at == 1)
			return at;
	}
	return (size_t)-1;
}

size_t
txt_count(const char *s, size_t len)
{
	size_t	 i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

/* UTF-8 -> UTF-16 in a heap buffer; NULL on ICU failure. */
static UChar *
to_u16(const char *s, size_t len, int32_t *outlen)
{
	UErrorCode	 err = U_ZERO_ERROR;
	UChar		*u;
	int32_t		 cap = (int32_t)len + 1;

	u = xmalloc(sizeof(UChar) * (size_t)cap);
	u_strFromUTF8(u, cap, outlen, s, (int32_t)len, &err);
	if (U_FAILURE(err)) {
		free(u);
		return NULL;
	}
	return u;
}

static char *
from_u16(struct arena *a, const UChar *u, int32_t ulen)
{
	UErrorCode	 err = U_ZERO_ERROR;
	int32_t		 n = 0;
	char		*s;

	u_strToUTF8(NULL, 0, &n, u, ulen, &err);
	if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err))
		return NULL;
	err = U_ZERO_ERROR;
	s = arena_alloc(a, (size_t)n + 1);
	u_strToUTF8(s, n + 1, NULL, u, ulen, &err);
	return U_FAILURE(err) ? NULL : s;
}

static int
is_ascii(const char *s, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 0;
	return 1;
}

/* NFC of UTF-16 into a heap buffer; NULL on failure. */
static UChar *
nfc_u16(const UChar *u, int32_t ulen, int32_t *outlen)
{
	UErrorCode		 err = U_ZERO_ERROR;
	const UNormalizer2	*nfc = unorm2_getNFCInstance(&err);
	UChar			*o;
	int32_t			 cap = ulen * 3 + 1;

	if (U_FAILURE(err))
		return NULL;
	o = xmalloc(sizeof(UChar) * (size_t)cap);
	*outlen = unorm2_normalize(nfc, u, ulen, o, cap, &err);
	if (U_FAILURE(err)) {
		free(o);
		return NULL;
	}
	return o;
}

/* ---- Word's invisible characters and line breaks (§2a) ---- */

/* Dropped from text: the soft hyphen, the zero-width space, non-joiner
 * and joiner, the word joiner and a byte order mark inside the text. */
static int
txt_dropped(uint32_t cp)
{
	return cp == 0x00AD || (cp >= 0x200B && cp <= 0x200D) ||
	    cp == 0x2060 || cp == 0xFEFF;
}

/* A line break inside the paragraph, like '\n' in literal text: Word's
 * manual line break (Shift+Enter, U+000B) and the Unicode line and
 * paragraph separators. */
static int
txt_is_break(uint32_t cp)
{
	return cp == 0x0B || cp == 0x2028 || cp == 0x2029;
}

/* The byte offset of the first character txt_strip changes, or len. */
static size_t
txt_first_strip(const char *s, size_t len)
{
	size_t		 i = 0, at;
	uint32_t	 cp;

	while (i < len) {
		if ((unsigned char)s[i] < 0x80 && s[i] != 0x0B) {
			i++;
			continue;
		}
		at = i;
		cp = txt_next(s, len, &i);
		if (txt_dropped(cp) || txt_is_break(cp))
			return at;
	}
	return len;
}

/* s without the dropped characters and with the line breaks as '\n':
 * s itself when it has none, else a copy in the arena; *len updated. */
static const char *
txt_strip(struct arena *a, const char *s, size_t *len)
{
	size_t		 i, at, n = 0;
	uint32_t	 cp;
	char		*o;

	if ((i = txt_first_strip(s, *len)) == *len)
		return s;
	o = arena_alloc(a, *len + 1);
	memcpy(o, s, i);
	n = i;
	while (i < *len) {
		at = i;
		cp = txt_next(s, *len, &i);
		if (txt_is_break(cp))
			o[n++] = '\n';
		else if (!txt_dropped(cp)) {
			memcpy(o + n, s + at, i - at);
			n += i - at;
		}
	}
	o[n] = '\0';
	*len = n;
	return o;
}

/* s[0..len) holds the 3-byte sequence `lead` `mid` x, x in lo..hi
 * (memchr: a long file is scanned at memory speed). */
static int
has_seq(const char *s, size_t len, int lead, int mid, int lo, int hi)
{
	const char	*p = s, *e = s + len;

	while ((p = memchr(p, lead, (size_t)(e - p))) != NULL) {
		if (e - p >= 3 && (unsigned char)p[1] == mid &&
		    (unsigned char)p[2] >= lo && (unsigned char)p[2] <= hi)
			return 1;
		p++;
	}
	return 0;
}

/*
 * libyaml refuses U+000B ("control characters are not allowed") and ends
 * a line of YAML at U+2028 and U+2029, which breaks the structure of a
 * plain value. It reads a copy where each is a noncharacter as wide in
 * characters (U+FDD0, U+FDD1, U+FDD2: permanently unassigned, so never
 * in a real text), which txt_show_breaks turns back in every scalar;
 * lines and columns of every mark stay those of the file.
 */
char *
txt_hide_breaks(const char *s, size_t *len)
{
	size_t		 i, at, n = 0;
	uint32_t	 cp;
	char		*o;
	int		 k;

	/* U+000B, U+2028 (E2 80 A8), U+2029 (E2 80 A9) */
	if (memchr(s, 0x0B, *len) == NULL &&
	    !has_seq(s, *len, 0xE2, 0x80, 0xA8, 0xA9))
		return NULL;
	o = xmalloc(*len * 3 + 1);
	for (i = 0; i < *len;) {
		at = i;
		cp = txt_next(s, *len, &i);
		if (cp == 0x0B || cp == 0x2028 || cp == 0x2029) {
			k = cp == 0x0B ? 0 : (int)(cp - 0x2027);
			n += (size_t)txt_encode(0xFDD0 + (uint32_t)k, o + n);
		} else {
			memcpy(o + n, s + at, i - at);
			n += i - at;
		}
	}
	o[n] = '\0';
	*len = n;
	return o;
}

size_t
txt_show_breaks(char *s, size_t len)
{
	static const uint32_t	 orig[] = { 0x0B, 0x2028, 0x2029 };
	size_t			 i, at, n = 0;
	uint32_t		 cp;

	/* none of U+FDD0..U+FDD2 (EF B7 90..92): most scalars */
	if (!has_seq(s, len, 0xEF, 0xB7, 0x90, 0x92)) {
		s[len] = '\0';
		return len;
	}
	for (i = 0; i < len;) {
		at = i;
		cp = txt_next(s, len, &i);
		if (cp >= 0xFDD0 && cp <= 0xFDD2)
			n += (size_t)txt_encode(orig[cp - 0xFDD0], s + n);
		else {
			memmove(s + n, s + at, i - at);
			n += i - at;
		}
	}
	s[n] = '\0';
	return n;
}

char *
txt_nfc(struct arena *a, struct diag *d, struct mark m, const char *s,
    size_t len)
{
	UErrorCode		 err = U_ZERO_ERROR;
	const UNormalizer2	*nfc;
	UChar			*u, *o;
	int32_t			 ulen, olen;
	char			*r = NULL;

	s = txt_strip(a, s, &len);
	if (is_ascii(s, len))
		return arena_strndup(a, s, len);
	if ((u = to_u16(s, len, &ulen)) == NULL)
		goto fail;
	nfc = unorm2_getNFCInstance(&err);
	if (U_SUCCESS(err) && unorm2_isNormalized(nfc, u, ulen, &err) &&
	    U_SUCCESS(err)) {
		free(u);
		return arena_strndup(a, s, len);
	}
	if ((o = nfc_u16(u, ulen, &olen)) != NULL) {
		r = from_u16(a, o, olen);
		free(o);
	}
	free(u);
	if (r != NULL)
		return r;
fail:
	diag_error(d, m, "cannot normalise this text to NFC (ICU failed)");
	return NULL;
}

void
txt_plain(struct arena *a, const char *s, struct mark m, struct inl *out)
{
	out->spans = arena_alloc(a, sizeof(struct span));
	out->spans[0].text = s;
	out->spans[0].len = strlen(s);
	out->spans[0].style = 0;
	out->nspans = 1;
	out->mark = m;
}

/*
 * Inline markup: **bold**, *italic*, \* and footnotes ^[...] (spec §2,
 * §2a). A footnote's text runs to the "]" that matches its "[" (brackets
 * inside it nest) and is parsed as inline text of its own; it becomes a
 * mark span (model.h: span.fn) at its place, numbered later by lower.c.
 * Spaces before "^[" are dropped: the number belongs to the word before
 * it (the man page says so). "\^[" is a literal "^[".
 */
struct inl_state {
	struct arena	*a;
	struct diag	*d;
	struct mark	 m;		/* the scalar's */
	const char	*all;		/* its whole text */
	struct source	*srcs;		/* where note positions are found */
	int		 nsrcs;
	struct inl	*out;
	int		 cap;
	struct sbuf	 cur;
	int		 style;
	int		 in_note;
	int		 err;
};

static void
inl_flush(struct inl_state *st)
{
	struct span	*sp;

	if (st->cur.len == 0)
		return;
	st->out->spans = arena_grow(st->a, st->out->spans, &st->cap,
	    st->out->nspans, sizeof(struct span));
	sp = &st->out->spans[st->out->nspans++];
	sp->text = arena_strndup(st->a, st->cur.s, st->cur.len);
	sp->len = st->cur.len;
	sp->style = st->style;
	sp->note = 0;
	sp->fn = NULL;
	st->cur.len = 0;
}

/* 1 if s[i] starts an unescaped "^[". */
static int
note_open(const char *s, size_t i)
{
	return s[i] == '^' && s[i + 1] == '[' && (i == 0 || s[i - 1] != '\\');
}

/* Byte offset of the start of 1-based line `line` in src, or len;
 * counted on from the line asked for last when it is not after this. */
static size_t
line_start(struct source *src, int line)
{
	const char	*p = src->text, *e = src->text + src->len, *q;
	int		 at = 1;

	if (src->at_line >= 1 && src->at_line <= line) {
		at = src->at_line;
		p += src->at_off;
	}
	for (; at < line; at++) {
		if ((q = memchr(p, '\n', (size_t)(e - p))) == NULL)
			return src->len;
		p = q + 1;
	}
	src->at_line = line;
	src->at_off = (size_t)(p - src->text);
	return (size_t)(p - src->text);
}

/* The mark of the "^[" at byte `at` of the scalar: the same "^[" (by its
 * count among the scalar's) searched in the source from the scalar's
 * mark on; the scalar's mark when the source spells it otherwise. */
static struct mark
note_mark(const struct inl_state *st, size_t at)
{
	struct source	*src = NULL;
	const char	*s;
	struct mark	 r = st->m;
	size_t		 i, k = 0, from, line0;
	int		 j;

	for (i = 0; i < at; i++)
		k += note_open(st->all, i);
	for (j = 0; j < st->nsrcs && st->m.file != NULL; j++)
		if (strcmp(st->srcs[j].file, st->m.file) == 0)
			src = &st->srcs[j];
	if (src == NULL || st->m.line < 1 || st->m.via != NULL)
		return r;
	s = src->text;
	line0 = from = line_start(src, st->m.line);
	for (j = 1; j < st->m.col && from < src->len && s[from] != '\n'; j++)
		txt_next(s, src->len, &from);
	for (i = from; i + 1 < src->len; i++) {
		if (s[i] == '\n')
			r.line++, line0 = i + 1;
		if (!(s[i] == '^' && s[i + 1] == '[' &&
		    (i == 0 || s[i - 1] != '\\')) || k-- > 0)
			continue;
		r.col = 1 + (int)txt_count(s + line0, i - line0);
		return r;
	}
	return st->m;
}

/* The "]" closing the note whose text starts at i, or 0 if none. */
static size_t
note_end(const char *s, size_t i, size_t to)
{
	int	 depth = 0;

	for (; i < to; i++) {
		/* the escapes inl_run reads: \* and \^[ (whose "[" still
		 * pairs with a "]", as a reader sees brackets) */
		if (s[i] == '\\' && (s[i + 1] == '*' || s[i + 1] == '^'))
			i++;
		else if (s[i] == '[')
			depth++;
		else if (s[i] == ']' && depth-- == 0)
			return i;
	}
	return 0;
}

static void	inl_run(struct inl_state *, size_t, size_t);

/* 1 if every span of in is blank. */
static int
inl_blank(const struct inl *in)
{
	int	 i;

	for (i = 0; i < in->nspans; i++)
		if (in->spans[i].fn != NULL || !txt_blank(in->spans[i].text))
			return 0;
	return 1;
}

/* An unclosed ** or * at the end of the text parsed into st. */
static void
inl_unclosed(struct inl_state *st, struct mark m)
{
	/* one whole sentence per case, each translated as it stands */
	if ((st->style & SPAN_BOLD) && st->in_note)
		diag_error(st->d, m, "unclosed \"**\" (bold) marker in this "
		    "footnote; write \\* for a literal asterisk");
	else if (st->style & SPAN_BOLD)
		diag_error(st->d, m, "unclosed \"**\" (bold) marker; write "
		    "\\* for a literal asterisk");
	if ((st->style & SPAN_ITALIC) && st->in_note)
		diag_error(st->d, m, "unclosed \"*\" (italic) marker in this "
		    "footnote; write \\* for a literal asterisk");
	else if (st->style & SPAN_ITALIC)
		diag_error(st->d, m, "unclosed \"*\" (italic) marker; write "
		    "\\* for a literal asterisk");
	if (st->style & (SPAN_BOLD | SPAN_ITALIC))
		st->err = 1;
}

/* The footnote "^[" at i: its text parsed, its mark span added; returns
 * where the text goes on. */
static size_t
inl_note(struct inl_state *st, size_t i, size_t to)
{
	struct inl_state sub;
	struct span	*sp;
	struct mark	 m = note_mark(st, i);
	size_t		 end = note_end(st->all, i + 2, to);

	if (st->in_note) {
		diag_error(st->d, m, "a footnote cannot hold another footnote; "
		    "end the first note with \"]\" before this \"^[\", or "
		    "write \\^[ for a literal ^[");
		st->err = 1;
		return i + 2;
	}
	if (end == 0) {
		diag_error(st->d, m, "this footnote \"^[\" is not closed; end "
		    "the note's text with \"]\", or write \\^[ for a "
		    "literal ^[");
		st->err = 1;
		return to;
	}
	sub = *st;	/* positions still counted in the whole scalar */
	sub.out = arena_alloc(st->a, sizeof(*sub.out));
	sub.out->mark = m;
	sub.cap = 0;
	memset(&sub.cur, 0, sizeof(sub.cur));
	sub.style = 0;
	sub.in_note = 1;
	sub.err = 0;
	inl_run(&sub, i + 2, end);
	inl_flush(&sub);
	sbuf_free(&sub.cur);
	inl_unclosed(&sub, m);
	st->err |= sub.err;
	if (inl_blank(sub.out)) {
		diag_error(st->d, m, "this footnote \"^[]\" is empty; write "
		    "the note's text between the brackets, or remove it");
		st->err = 1;
		return end + 1;
	}
	/* the number belongs to the word before it */
	while (st->cur.len > 0 && st->cur.s[st->cur.len - 1] == ' ')
		st->cur.len--;
	inl_flush(st);
	st->out->spans = arena_grow(st->a, st->out->spans, &st->cap,
	    st->out->nspans, sizeof(struct span));
	sp = &st->out->spans[st->out->nspans++];
	memset(sp, 0, sizeof(*sp));
	sp->text = "";
	sp->style = st->style;
	sp->fn = sub.out;
	return end + 1;
}

static void
inl_run(struct inl_state *st, size_t i, size_t to)
{
	const char	*s = st->all;
	size_t		 j;

	while (i < to) {
		/* plain text up to the next character markup may start */
		for (j = i; j < to && s[j] != '\\' && s[j] != '*' &&
		    s[j] != '^'; j++)
			;
		if (j > i) {
			sbuf_add(&st->cur, s + i, j - i);
			i = j;
			continue;
		}
		if (s[i] == '\\' && s[i + 1] == '*') {
			sbuf_add(&st->cur, "*", 1);
			i += 2;
		} else if (s[i] == '\\' && s[i + 1] == '^' && s[i + 2] == '[') {
			sbuf_add(&st->cur, "^[", 2);
			i += 3;
		} else if (note_open(s, i)) {
			i = inl_note(st, i, to);
		} else if (s[i] == '*' && s[i + 1] == '*') {
			inl_flush(st);
			st->style ^= SPAN_BOLD;
			i += 2;
		} else if (s[i] == '*') {
			inl_flush(st);
			st->style ^= SPAN_ITALIC;
			i++;
		} else
			sbuf_add(&st->cur, s + i++, 1);
	}
}

int
txt_inline_src(struct arena *a, struct diag *d, struct mark m, const char *s,
    struct source *srcs, int nsrcs, struct inl *out)
{
	struct inl_state	 st;

	memset(out, 0, sizeof(*out));
	memset(&st, 0, sizeof(st));
	st.a = a;
	st.d = d;
	st.m = m;
	st.all = s;
	st.srcs = srcs;
	st.nsrcs = nsrcs;
	st.out = out;
	out->mark = m;
	inl_run(&st, 0, strlen(s));
	inl_flush(&st);
	sbuf_free(&st.cur);
	inl_unclosed(&st, m);
	if (out->nspans == 0)
		txt_plain(a, "", m, out);
	return st.err ? -1 : 0;
}

int
txt_inline(struct arena *a, struct diag *d, struct mark m, const char *s,
    struct inl *out)
{
	return txt_inline_src(a, d, m, s, NULL, 0, out);
}

/* ICU number formatting, locale "vi": one formatter for whole numbers,
 * one for decimals, opened on first use and kept for the process. */
static UNumberFormat	*fmt[2];

void
txt_cleanup(void)
{
	int	 i;

	for (i = 0; i < 2; i++) {
		if (fmt[i] != NULL)
			unum_close(fmt[i]);
		fmt[i] = NULL;
	}
}

static UNumberFormat *
vi_format(int decimals)
{
	UErrorCode		 err = U_ZERO_ERROR;

	if (fmt[decimals] == NULL) {
		fmt[decimals] = unum_open(UNUM_DECIMAL, NULL, 0, "vi", NULL,
		    &err);
		if (U_FAILURE(err)) {
			fmt[decimals] = NULL;
			return NULL;
		}
		unum_setAttribute(fmt[decimals], UNUM_GROUPING_USED, 1);
		unum_setAttribute(fmt[decimals], UNUM_MAX_FRACTION_DIGITS,
		    decimals ? 6 : 0);
	}
	return fmt[decimals];
}

static char *
format_num(struct arena *a, double v, long iv, int decimals)
{
	UNumberFormat	*f = vi_format(decimals);
	UErrorCode	 err = U_ZERO_ERROR;
	UChar		 buf[64];
	int32_t		 n;
	char		*s;

	if (f == NULL)
		goto fallback;
	if (decimals)
		n = unum_formatDouble(f, v, buf, 64, NULL, &err);
	else
		n = unum_formatInt64(f, iv, buf, 64, NULL, &err);
	if (U_FAILURE(err) || (s = from_u16(a, buf, n)) == NULL)
		goto fallback;
	return s;
fallback:
	/* Only if ICU's data is missing; still a readable number. */
	return decimals ? arena_printf(a, "%g", v) : arena_printf(a, "%ld",
	    iv);
}

char *
txt_int_vi(struct arena *a, long v)
{
	return format_num(a, 0, v, 0);
}

char *
txt_dec_vi(struct arena *a, double v)
{
	return format_num(a, v, 0, 1);
}

int
txt_blank(const char *s)
{
	size_t	 i = 0, len = strlen(s);

	while (i < len)
		if (!u_isUWhiteSpace((UChar32)txt_next(s, len, &i)))
			return 0;
	return 1;
}

/* ---- characters named in messages ---- */

/* Plain names where Unicode's are unhelpful or missing (controls). */
static const struct {
	uint32_t	 cp;
	const char	*name;
} txt_names[] = {
	{ 0x00, N_("null") },
	{ 0x07, N_("bell") },
	{ 0x08, N_("backspace") },
	{ 0x09, N_("tab") },
	{ 0x0A, N_("line feed") },
	{ 0x0B, N_("vertical tab, Word's line break") },
	{ 0x0C, N_("form feed") },
	{ 0x0D, N_("carriage return") },
	{ 0x1B, N_("escape") },
	{ 0x7F, N_("delete") },
	{ 0x85, N_("next line") },
	{ 0xA0, N_("no-break space") },
	{ 0xAD, N_("soft hyphen") },
	{ 0x200B, N_("zero width space") },
	{ 0x200C, N_("zero width non-joiner") },
	{ 0x200D, N_("zero width joiner") },
	{ 0x200E, N_("left-to-right mark") },
	{ 0x200F, N_("right-to-left mark") },
	{ 0x2028, N_("line separator") },
	{ 0x2029, N_("paragraph separator") },
	{ 0x2060, N_("word joiner") },
	{ 0xFEFF, N_("byte order mark") },
	{ 0xFFFD, N_("replacement character: the text was damaged") }
};

int
txt_unprintable(uint32_t cp)
{
	switch (u_charType((UChar32)cp)) {
	case U_CONTROL_CHAR:
	case U_FORMAT_CHAR:
	case U_LINE_SEPARATOR:
	case U_PARAGRAPH_SEPARATOR:
	case U_UNASSIGNED:
	case U_PRIVATE_USE_CHAR:
	case U_SURROGATE:
		return 1;
	case U_SPACE_SEPARATOR:
		return cp != ' ';
	default:
		return cp == 0xFFFD;
	}
}

const char *
txt_cp_desc(uint32_t cp, char *buf, size_t size)
{
	UErrorCode	 err = U_ZERO_ERROR;
	char		 name[80], u8[5];
	size_t		 k;
	int		 n;

	if (!txt_unprintable(cp)) {
		n = txt_encode(cp, u8);
		snprintf(buf, size, "U+%04X '%.*s'", (unsigned)cp, n, u8);
		return buf;
	}
	for (k = 0; k < sizeof(txt_names) / sizeof(txt_names[0]); k++)
		if (txt_names[k].cp == cp) {
			snprintf(buf, size, "U+%04X (%s)", (unsigned)cp,
			    _(txt_names[k].name));
			return buf;
		}
	n = u_charName((UChar32)cp, U_UNICODE_CHAR_NAME, name, sizeof(name),
	    &err);
	if (U_FAILURE(err) || n <= 0 || n >= (int)sizeof(name)) {
		snprintf(buf, size, "U+%04X (%s)", (unsigned)cp, cp < 0xA0 ?
		    _("control character") : _("invisible character"));
		return buf;
	}
	/* Unicode's own name, lower case (not translated: it is a name) */
	for (k = 0; name[k] != '\0'; k++)
		name[k] = (char)tolower((unsigned char)name[k]);
	snprintf(buf, size, "U+%04X (%s)", (unsigned)cp, name);
	return buf;
}

/* ---- numbers as Vietnamese write them (§2a) ---- */

/* The groups of the integer part: "." between groups, g[0] the first. */
struct txt_groups {
	size_t	 n, first, last;
	int	 empty;		/* "1..000", "98." */
	int	 irregular;	/* a group after the first not of 3 digits */
};

/* Scan [+-]digits(.digits)* from s[*i]; the digits without dots and
 * leading zeros go to dig (at most 18). -1 when too long. */
static int
txt_num_int(const char *s, size_t len, size_t *i, char *dig, size_t *nd,
    struct txt_groups *g)
{
	size_t	 grp = 0;

	memset(g, 0, sizeof(*g));
	*nd = 0;
	for (; *i < len && (isdigit((unsigned char)s[*i]) || s[*i] == '.');
	    (*i)++) {
		if (s[*i] == '.') {
			if (g->n++ == 0)
				g->first = grp;
			else if (grp != 3)
				g->irregular = 1;
			g->empty |= grp == 0;
			grp = 0;
			continue;
		}
		grp++;
		if (*nd == 0 && s[*i] == '0')
			continue;
		if (*nd == 18)
			return -1;
		dig[(*nd)++] = s[*i];
	}
	if (g->n == 0)
		g->first = grp;
	g->last = grp;
	g->empty |= grp == 0;
	return 0;
}

/* The number as printed: the sign as written, the integer part grouped
 * by "." from 1.000 up, "," and the decimals as written. */
static void
txt_num_text(struct txt_num *out, char sign, const char *dig, size_t nd,
    const char *frac, size_t nf)
{
	char	*p = out->text;
	size_t	 k;

	if (sign != '\0')
		*p++ = sign;
	if (nd == 0)
		*p++ = '0';
	for (k = 0; k < nd; k++) {
		if (k > 0 && (nd - k) % 3 == 0)
			*p++ = '.';
		*p++ = dig[k];
	}
	if (nf > 0) {
		*p++ = ',';
		memcpy(p, frac, nf);
		p += nf;
	}
	*p = '\0';
}

enum txt_num_rc
txt_num_vi(const char *s, size_t len, struct txt_num *out)
{
	struct txt_groups	 g;
	char			 dig[20], frac[20], buf[48], sign = '\0';
	size_t			 i = 0, nd, nf = 0;

	memset(out, 0, sizeof(*out));
	if (i < len && (s[i] == '-' || s[i] == '+'))
		sign = s[i++];
	if (i == len || !isdigit((unsigned char)s[i]) ||
	    txt_num_int(s, len, &i, dig, &nd, &g) == -1)
		return TXT_NUM_TEXT;
	if (i < len && s[i] == ',') {
		for (i++; i < len && isdigit((unsigned char)s[i]); i++)
			if (nf < sizeof(frac))
				frac[nf++] = s[i];
		if (nf == 0 || nf == sizeof(frac))
			return TXT_NUM_TEXT;
	}
	if (i < len || g.empty)
		return TXT_NUM_TEXT;
	if (g.n == 1 && g.last != 3)
		return nf == 0 ? TXT_NUM_POINT : TXT_NUM_TEXT;
	if (g.n == 1 && g.first > 3)
		return nf == 0 ? TXT_NUM_GROUP : TXT_NUM_TEXT;
	if (g.n > 1 && (g.irregular || g.last != 3 || g.first > 3))
		return TXT_NUM_TEXT;
	out->neg = sign == '-';
	out->is_int = nf == 0;
	snprintf(buf, sizeof(buf), "%s%.*s.%.*s", out->neg ? "-" : "",
	    (int)nd, nd ? dig : "0", (int)nf, nf ? frac : "0");
	out->v = strtod(buf, NULL);
	txt_num_text(out, sign, dig, nd, frac, nf);
	return TXT_NUM_OK;
}

char *
txt_date_vi(struct arena *a, const struct date *dt)
{
	/* Nghị định 30/2020: days below 10 and months 1, 2 take a zero. */
	if (dt->month <= 2)
		return arena_printf(a, "ngày %02d tháng %02d năm %d",
		    dt->day, dt->month, dt->year);
	return arena_printf(a, "ngày %02d tháng %d năm %d", dt->day,
	    dt->month, dt->year);
}

/* Combining tone marks (after NFD). */
static int
is_tone(UChar c)
{
	return c == 0x0300 || c == 0x0301 || c == 0x0303 || c == 0x0309 ||
	    c == 0x0323;
}

static int
is_letter16(UChar c)
{
	return (c >= 'a' && c <= 'z') || c >= 0x00C0;
}

/*
 * Old tone placement puts the mark on the second vowel of an open "oa",
 * "oe" or "uy" (hoà, khoẻ, thuỷ); the new one on the first (hòa, khỏe,
 * thủy). In NFD we move such a mark back one letter, unless the "u" is
 * part of "qu" (quý keeps its mark on y either way).
 */
static void
unify_tones(UChar *u, int32_t n)
{
	int32_t	 i;
	UChar	 v1, v2, t;

	for (i = 1; i + 1 < n; i++) {
		v1 = u[i - 1];
		v2 = u[i];
		t = u[i + 1];
		if (!is_tone(t) || (i + 2 < n && is_letter16(u[i + 2])))
			continue;
		if (!((v1 == 'o' && (v2 == 'a' || v2 == 'e')) ||
		    (v1 == 'u' && v2 == 'y')))
			continue;
		if (v1 == 'u' && i >= 2 && u[i - 2] == 'q')
			continue;
		u[i] = t;
		u[i + 1] = v2;
	}
}

static char *
fold_u16(struct arena *a, UChar *u, int32_t n)
{
	UErrorCode		 err = U_ZERO_ERROR;
	const UNormalizer2	*nfd = unorm2_getNFDInstance(&err);
	UChar			*low, *dec, *nfc;
	int32_t			 nl, nd, nn, i, j;
	char			*r = NULL;

	low = xmalloc(sizeof(UChar) * (size_t)(n * 2 + 1));
	dec = xmalloc(sizeof(UChar) * (size_t)(n * 4 + 1));
	nl = u_strToLower(low, n * 2 + 1, u, n, "vi", &err);
	nd = unorm2_normalize(nfd, low, nl, dec, n * 4 + 1, &err);
	if (U_FAILURE(err))
		goto out;
	for (i = j = 0; i < nd; i++) {	/* collapse spaces, trim */
		if (dec[i] == ' ' && (j == 0 || dec[j - 1] == ' '))
			continue;
		dec[j++] = dec[i];
	}
	if (j > 0 && dec[j - 1] == ' ')
		j--;
	unify_tones(dec, j);
	if ((nfc = nfc_u16(dec, j, &nn)) != NULL) {
		r = from_u16(a, nfc, nn);
		free(nfc);
	}
out:
	free(low);
	free(dec);
	return r;
}

char *
txt_fold_key(struct arena *a, const char *s)
{
	UChar	*u;
	int32_t	 n;
	char	*r = NULL;

	if ((u = to_u16(s, strlen(s), &n)) != NULL) {
		r = fold_u16(a, u, n);
		free(u);
	}
	return r != NULL ? r : arena_strdup(a, s);
}

static const char *
case_vi(struct arena *a, const char *s, int upper)
{
	UErrorCode	 e = U_ZERO_ERROR;
	int32_t		 n16, nu, n8;
	UChar		*u, *up;
	char		*out;

	u_strFromUTF8(NULL, 0, &n16, s, -1, &e);
	if (e != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(e))
		return s;
	e = U_ZERO_ERROR;
	u = arena_alloc(a, ((size_t)n16 + 1) * sizeof(UChar));
	u_strFromUTF8(u, n16 + 1, NULL, s, -1, &e);
	if (U_FAILURE(e))
		return s;
	up = arena_alloc(a, ((size_t)n16 * 3 + 1) * sizeof(UChar));
	nu = upper ? u_strToUpper(up, n16 * 3 + 1, u, n16, "vi", &e) :
	    u_strToLower(up, n16 * 3 + 1, u, n16, "vi", &e);
	if (U_FAILURE(e))
		return s;
	out = arena_alloc(a, (size_t)nu * 3 + 1);
	u_strToUTF8(out, nu * 3 + 1, &n8, up, nu, &e);
	if (U_FAILURE(e))
		return s;
	return out;
}

const char *
txt_upper_vi(struct arena *a, const char *s)
{
	return case_vi(a, s, 1);
}

const char *
txt_lower_vi(struct arena *a, const char *s)
{
	return case_vi(a, s, 0);
}

#define TXT_TOTAL_MAX	32	/* bytes: longer is no totals label */

/* 1 if the plain text of `in`, spaces and a final ':' aside, is a
 * totals label (table.c sets such a row bold; schema_tbl.c refuses one
 * beside totals: true): "Tổng", "Tổng cộng", "Tổng số", "Cộng" (as written, or
 * in capitals); 0 if it is other text, -1 if it is empty. */
int
txt_is_total_label(const struct inl *in)
{
	static const char *const labels[] = { "Tổng", "Tổng cộng",
	    "Tổng số", "Cộng", "TỔNG", "TỔNG CỘNG", "TỔNG SỐ", "CỘNG",
	    "Tổng Cộng", "Tổng Số" };
	char		 buf[TXT_TOTAL_MAX + 1], *t = buf;
	size_t		 n = 0, k;
	int		 i;

	for (i = 0; i < in->nspans; i++)
		n += in->spans[i].len;
	if (n > TXT_TOTAL_MAX)
		return 0;
	n = 0;
	for (i = 0; i < in->nspans; i++)
		for (k = 0; k < in->spans[i].len; k++)
			buf[n++] = in->spans[i].text[k];
	while (n > 0 && (buf[n - 1] == ' ' || buf[n - 1] == ':'))
		n--;
	buf[n] = '\0';
	while (*t == ' ')
		t++;
	if (*t == '\0')
		return -1;
	for (i = 0; i < (int)(sizeof(labels) / sizeof(labels[0])); i++)
		if (strcmp(t, labels[i]) == 0)
			return 1;
	return 0;
}
