/*
 * text.h - UTF-8 handling, NFC normalisation and case mapping (ICU),
 * inline markup and the Vietnamese way of writing numbers and dates.
 * Return convention: int 0 = ok, -1 = failed with a diagnostic recorded.
 */
#ifndef BAOCAO_TEXT_H
#define BAOCAO_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

struct arena;
struct diag;

/* Decode one code point at s[*i] (advancing *i); returns 0xFFFD and
 * advances one byte on a malformed sequence. An ASCII byte, most of a
 * Vietnamese text's bytes, is decoded here without a call: millions of
 * calls a long report (bench/RESULTS.md, issue 20). */
uint32_t	 txt_next_mb(const char *s, size_t len, size_t *i);
static inline uint32_t
txt_next(const char *s, size_t len, size_t *i)
{
	unsigned char	 c = (unsigned char)s[*i];

	if (c < 0x80) {
		(*i)++;
		return c;
	}
	return txt_next_mb(s, len, i);
}
/* Append the UTF-8 form of cp to buf (4 bytes room); returns the length. */
int		 txt_encode(uint32_t cp, char *buf);
/* Offset of the first malformed byte, or (size_t)-1 when s is valid. */
size_t		 txt_invalid_utf8(const char *s, size_t len);
/* Number of code points. */
size_t		 txt_count(const char *s, size_t len);

/* NFC copy of s, in the arena (NUL-terminated), without Word's
 * invisible characters (soft hyphen U+00AD, zero-width U+200B-U+200D,
 * word joiner U+2060, byte order mark U+FEFF) and with its line breaks
 * (U+000B, U+2028, U+2029) as '\n'. NULL with a diagnostic only if ICU
 * fails. */
char		*txt_nfc(struct arena *, struct diag *, struct mark,
		    const char *s, size_t len);
/* 1 when s holds nothing but white space (spaces of any width, tabs,
 * line breaks) or nothing at all. */
int		 txt_blank(const char *s);

/* For the YAML reader: libyaml refuses U+000B and reads U+2028/U+2029 as
 * ends of YAML lines. txt_hide_breaks returns a malloc'd copy of s with
 * each replaced by the noncharacter U+FDD0, U+FDD1 or U+FDD2 (one
 * character each, so marks do not move) and *len updated, or NULL when s
 * has none; txt_show_breaks puts them back in a scalar, in place, and
 * returns its new length. */
char		*txt_hide_breaks(const char *s, size_t *len);
size_t		 txt_show_breaks(char *s, size_t len);

/* 1 for a character that prints nothing readable in a message: controls,
 * format characters (zero-width, marks), separators, spaces other than
 * U+0020, unassigned and private-use code points, U+FFFD. */
int		 txt_unprintable(uint32_t cp);
/* "U+0007 (bell)", "U+00AD (soft hyphen)" for those, "U+6F22 '漢'" for
 * the rest: a character as a diagnostic names it, in buf. */
const char	*txt_cp_desc(uint32_t cp, char *buf, size_t size);

/* Parse **bold**, *italic* (nested once) and \* into spans; the text must
 * already be NFC. An unclosed marker is an error at `m`. */
int		 txt_inline(struct arena *, struct diag *, struct mark m,
		    const char *s, struct inl *out);
/* The same, with footnotes (^[...]: model.h span.fn) placed exactly in
 * the report's sources for their diagnostics (a nested, empty or
 * unclosed note is an error at its "^["). */
int		 txt_inline_src(struct arena *, struct diag *, struct mark m,
		    const char *s, struct source *srcs, int nsrcs,
		    struct inl *out);
/* One plain span holding s (no markup parsing). */
void		 txt_plain(struct arena *, const char *s, struct mark m,
		    struct inl *out);

/* A number as Vietnamese write it (§2a), from the text of a value: an
 * optional sign, the integer part plain (15000) or grouped by "." in
 * threes (1.000, 15.230, 1.234.567), then optionally "," and decimals
 * (98,5). At most 18 significant digits on each side of the comma. */
struct txt_num {
	double		 v;
	int		 is_int;	/* no decimals */
	int		 neg;
	char		 text[64];	/* as printed: "1.000", "98,5" */
};

enum txt_num_rc {
	TXT_NUM_OK,
	TXT_NUM_TEXT,		/* not a number: text */
	TXT_NUM_POINT,		/* one "." not followed by exactly three
				 * digits, a decimal point: 98.5, 2.50 */
	TXT_NUM_GROUP		/* one "." after more than three digits,
				 * neither a group nor ours: 1234.567 */
};

/* Read s[0..len) (no surrounding spaces) as a Vietnamese number; out is
 * filled on TXT_NUM_OK. text keeps the sign and the decimals as written
 * and groups the integer part from 1.000 up (15000 -> 15.000). */
enum txt_num_rc	 txt_num_vi(const char *s, size_t len, struct txt_num *out);

/* "15.000", "1.234.567", "-5", "980" (grouping from 1.000 up). */
char		*txt_int_vi(struct arena *, long);
/* "98,5" (as written: up to 6 decimals, trailing zeros dropped). */
char		*txt_dec_vi(struct arena *, double);
/* Close the number formatters kept for the process (build_cleanup). */
void		 txt_cleanup(void);
/* "ngày 05 tháng 01 năm 2025" / "ngày 28 tháng 8 năm 2025". */
char		*txt_date_vi(struct arena *, const struct date *);

/* Lower-case, collapse spaces, unify old/new tone placement (hoà=hòa,
 * thuỷ=thủy): the key awards are matched on. */
char		*txt_fold_key(struct arena *, const char *);
/* Upper case with Vietnamese rules (ICU), in the arena; s itself when ICU
 * fails, which cannot happen for valid UTF-8. */
const char	*txt_upper_vi(struct arena *, const char *s);
/* Lower case, likewise (appendix.c's "Kèm theo" line). */
const char	*txt_lower_vi(struct arena *, const char *s);

/* 1 if the plain text of in is a totals label ("Tổng cộng", "Tổng số",
 * "Tổng", "Cộng", capitals too, a final ':' allowed); 0 other text; -1
 * empty. */
int		 txt_is_total_label(const struct inl *in);

#endif
