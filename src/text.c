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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/unorm2.h>
#include <unicode/unum.h>
#include <unicode/ustring.h>

#include "arena.h"
#include "diag.h"
#include "text.h"

uint32_t
txt_next(const char *s, size_t len, size_t *i)
{
	const unsigned char	*p = (const unsigned char *)s + *i;
	size_t			 left = len - *i, n, k;
	uint32_t		 cp;

	if (p[0] < 0x80) {
		(*i)++;
		return p[0];
	}
	if (p[0] >= 0xC2 && p[0] <= 0xDF) {
		n = 2;
		cp = p[0] & 0x1F;
	} else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
		n = 3;
		cp = p[0] & 0x0F;
	} else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
		n = 4;
		cp = p[0] & 0x07;
	} else
		goto bad;
	if (left < n)
		goto bad;
	for (k = 1; k < n; k++) {
		if ((p[k] & 0xC0) != 0x80)
			goto bad;
		cp = (cp << 6) | (p[k] & 0x3F);
	}
	if ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
	    (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
		goto bad;
	*i += n;
	return cp;
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

char *
txt_nfc(struct arena *a, struct diag *d, struct mark m, const char *s,
    size_t len)
{
	UErrorCode		 err = U_ZERO_ERROR;
	const UNormalizer2	*nfc;
	UChar			*u, *o;
	int32_t			 ulen, olen;
	char			*r = NULL;

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

struct inl_state {
	struct arena	*a;
	struct inl	*out;
	int		 cap;
	struct sbuf	 cur;
	int		 style;
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
	st->cur.len = 0;
}

int
txt_inline(struct arena *a, struct diag *d, struct mark m, const char *s,
    struct inl *out)
{
	struct inl_state	 st = { a, out, 0, { 0 }, 0 };
	size_t			 i = 0;
	int			 rc = 0;

	memset(out, 0, sizeof(*out));
	out->mark = m;
	while (s[i] != '\0') {
		if (s[i] == '\\' && s[i + 1] == '*') {
			sbuf_add(&st.cur, "*", 1);
			i += 2;
		} else if (s[i] == '*' && s[i + 1] == '*') {
			inl_flush(&st);
			st.style ^= SPAN_BOLD;
			i += 2;
		} else if (s[i] == '*') {
			inl_flush(&st);
			st.style ^= SPAN_ITALIC;
			i++;
		} else
			sbuf_add(&st.cur, s + i++, 1);
	}
	inl_flush(&st);
	sbuf_free(&st.cur);
	if (st.style & SPAN_BOLD) {
		diag_error(d, m, "unclosed \"**\" (bold) marker; write \\* "
		    "for a literal asterisk");
		rc = -1;
	}
	if (st.style & SPAN_ITALIC) {
		diag_error(d, m, "unclosed \"*\" (italic) marker; write \\* "
		    "for a literal asterisk");
		rc = -1;
	}
	if (out->nspans == 0)
		txt_plain(a, "", m, out);
	return rc;
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

const char *
txt_upper_vi(struct arena *a, const char *s)
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
	nu = u_strToUpper(up, n16 * 3 + 1, u, n16, "vi", &e);
	if (U_FAILURE(e))
		return s;
	out = arena_alloc(a, (size_t)nu * 3 + 1);
	u_strToUTF8(out, nu * 3 + 1, &n8, up, nu, &e);
	if (U_FAILURE(e))
		return s;
	return out;
}
